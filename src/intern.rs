//! Strings stored once each and numbered in the order first met: the texts a page's chart rows
//! point into, the engine images the dataset's measurements name.

use fnv::FnvHashMap;

#[derive(Debug, Default, Clone)]
pub struct Interner {
    list: Vec<String>,
    places: FnvHashMap<String, usize>,
}

impl Interner {
    /// The number of `text`: the one it was given when first met, else the next.
    pub fn place(&mut self, text: &str) -> usize {
        if let Some(&at) = self.places.get(text) {
            return at;
        }
        let at = self.list.len();
        self.list.push(text.to_string());
        self.places.insert(text.to_string(), at);
        at
    }

    /// Every string, by its number.
    pub fn into_list(self) -> Vec<String> {
        self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_strings_share_a_number_given_in_the_order_first_met() {
        let mut names = Interner::default();
        let places: Vec<usize> = ["b", "a", "b", "c", "a"]
            .iter()
            .map(|s| names.place(s))
            .collect();
        assert_eq!(places, [0, 1, 0, 2, 1]);
        assert_eq!(names.into_list(), ["b", "a", "c"]);
    }
}
