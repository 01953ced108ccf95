//! This build's share of the data pages, and the pages taken over from earlier output (the
//! previous build, or the shards being merged) instead of being rendered.

use rayon::prelude::*;

use super::Work;
use crate::error::{Error, Result};
use crate::incremental::PageRecord;
use crate::output::Sink;
use crate::plan::PagePlan;
use crate::site::Site;

/// This build's share of the data pages (all of them, or one shard's), and those of them
/// taken over from earlier output.
pub(super) struct Share {
    /// Every planned page's URL path.
    pub paths: Vec<String>,
    /// Whether each planned page is in this build's share.
    mine: Vec<bool>,
    pub taken: Vec<Option<PageRecord>>,
}

impl Share {
    /// Takes over every page of the share that earlier output holds as it would be rendered.
    pub fn take(site: &Site, work: &Work, sink: &dyn Sink) -> Result<Share> {
        let paths: Vec<String> = site.plan.pages.par_iter().map(PagePlan::path).collect();
        let mine: Vec<bool> = paths
            .par_iter()
            .map(|p| work.shard.is_none_or(|s| s.contains(p)))
            .collect();
        let taken = (0..paths.len())
            .into_par_iter()
            .map(|i| match mine[i] {
                true => take(work, &paths[i], work.fingerprint(i), i, sink),
                false => Ok(None),
            })
            .collect::<Result<_>>()?;
        Ok(Share { paths, mine, taken })
    }

    /// The pages of the share left to render.
    pub fn to_render(&self) -> Vec<usize> {
        (0..self.paths.len())
            .filter(|&i| self.mine[i] && self.taken[i].is_none())
            .collect()
    }

    pub fn reused(&self) -> usize {
        self.taken.iter().flatten().count()
    }

    /// Every page record of the share in plan order, given those rendered (in plan order).
    pub fn into_records(self, mut rendered: impl Iterator<Item = PageRecord>) -> Vec<PageRecord> {
        self.taken
            .into_iter()
            .zip(self.mine)
            .filter(|(_, mine)| *mine)
            .filter_map(|(taken, _)| taken.or_else(|| rendered.next()))
            .collect()
    }
}

/// The page at `path` from earlier output, if it is there with fingerprint `key`; when
/// merging, a page no shard holds intact is an error.
fn take(
    work: &Work,
    path: &str,
    key: u64,
    i: usize,
    sink: &dyn Sink,
) -> Result<Option<PageRecord>> {
    let (Some(earlier), Some(_)) = (work.earlier, work.fingerprints) else {
        return Ok(None);
    };
    let record = earlier.take(path, key, i, sink)?;
    if record.is_none() && work.merging {
        let why = match earlier.get(path) {
            Some((dir, built)) if built.key != key => format!(
                "{} holds page {path} as built from other inputs (its data or commentary \
                 changed since the shard was built)",
                dir.display()
            ),
            Some((dir, _)) => format!(
                "{}'s copy of page {path} is damaged (a file is missing or changed size)",
                dir.display()
            ),
            None => format!("no shard holds page {path}"),
        };
        return Err(Error::Shards(why));
    }
    Ok(record)
}
