//! Deciding where each content file goes: commentary on generated pages, or a page of its own.

use std::collections::{BTreeMap, BTreeSet};

use super::{Family, SitePlan, urls};
use crate::error::{Diagnostic, Position};
use crate::input::catalog::Catalog;
use crate::input::content::ContentFile;

/// Content files sorted by destination, as indices into the site's content files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attached {
    /// Generated page URL path → its commentaries, comparison-wide ones before sequence ones,
    /// then by `weight`.
    pub commentary: BTreeMap<String, Vec<usize>>,
    /// Pages of their own, rendered with `page.html` (or their `template`), in path order.
    pub standalone: Vec<usize>,
}

impl Attached {
    /// The meta description an editor gave the generated page at `path` in its commentary's
    /// front matter: the page's own file's before a comparison-wide one's, whatever their
    /// weights, as the more specific file speaks for the page.
    pub fn description<'f>(&self, path: &str, files: &'f [ContentFile]) -> Option<&'f str> {
        let attached = self.commentary.get(path)?.iter().map(|&i| &files[i]);
        let (own, wide): (Vec<_>, Vec<_>) = attached.partition(|f| f.url_path == path);
        own.into_iter()
            .chain(wide)
            .find_map(|f| f.front.description.as_deref())
    }
}

/// Attaches each of `files` to the generated pages at its URL path, or makes it a page of its
/// own.
pub fn attach(
    files: &[ContentFile],
    plan: &SitePlan,
    catalog: &Catalog,
) -> Result<Attached, Vec<Diagnostic>> {
    attach_to(
        files,
        &generated_paths(plan, catalog),
        &comparison_bases(plan),
        catalog,
    )
}

/// The folder of generated pages whose pages `path` is shaped like, if any: a comparison
/// named after a model of the catalog (`/compare/gpt-oss-120b-h100-vs-b200/`, its sides the
/// wrong way round), a ranking of one (`/rankings/dsr1/1k1k/`), or a hub of a model's
/// accelerator (`/dsr1/b200/fp4/1k1k/`). A page of its own there is commentary at a mistyped
/// path, or for a page the data does not have: given a title, it would go out as a page with
/// no data, linked from nowhere. Other pages in those folders (`/compare/how-to-read/`,
/// `/dsr1/b200/fp4/`) are an editor's own. The catalog, not the data, decides, so the rule
/// does not come and go with a night's results.
fn generated_folder(path: &str, catalog: &Catalog) -> Option<String> {
    let model = |id: &str| catalog.models.iter().any(|m| m.id.as_str() == id);
    let hardware = |id: &str| catalog.hardware.iter().any(|h| h.id.as_str() == id);
    let names_a_model = |slug: &str| {
        (catalog.models.iter()).any(|m| {
            slug.strip_prefix(m.id.as_str())
                .is_some_and(|r| r.starts_with('-'))
        })
    };
    let comparisons = |dir: &str| Family::COMPARISONS.iter().any(|f| f.dir() == dir);
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match segments.as_slice() {
        [dir, slug, ..] if comparisons(dir) && names_a_model(slug) => Some(format!("/{dir}/")),
        ["rankings", m, _, ..] if model(m) => Some(format!("/rankings/{m}/")),
        [m, hw, _, _, ..] if model(m) && hardware(hw) => Some(format!("/{m}/{hw}/")),
        _ => None,
    }
}

/// Every page the site generates, by URL path: what commentary can attach to.
fn generated_paths(plan: &SitePlan, catalog: &Catalog) -> BTreeSet<String> {
    let mut paths: BTreeSet<String> = plan.pages.iter().map(|p| p.path()).collect();
    paths.extend(plan.defaults.keys().map(|s| s.base_path()));
    paths.insert(urls::HOME.to_string());
    paths.insert(urls::RANKINGS.to_string());
    paths.insert(urls::CHANGES.to_string());
    // Even in a build without search (`--no-search`): a titled `content/search.md` must not
    // become a page where the search page stands in every other build.
    paths.insert(urls::SEARCH.to_string());
    paths.extend(plan.rankings.iter().map(|r| r.path()));
    paths.extend(Family::COMPARISONS.iter().map(|f| f.index_path()));
    paths.extend(
        catalog
            .models
            .iter()
            .filter(|m| plan.has_model_page(&m.id))
            .map(|m| urls::model(&m.id)),
    );
    paths
}

/// Each comparison's sequence-less path → its pages at every sequence.
fn comparison_bases(plan: &SitePlan) -> BTreeMap<String, Vec<String>> {
    let mut bases: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for page in plan.comparisons() {
        bases
            .entry(page.subject.base_path())
            .or_default()
            .push(page.path());
    }
    bases
}

/// Attaches `files` to the pages at their URL paths.
///
/// `generated` holds every generated page's URL path; `comparison_bases` maps a comparison's
/// path without its sequence (`/compare-x/`) to its sequence pages (`/compare-x/1k-1k/`…), so
/// one file can comment on all of them. A file with no generated page at its path becomes a
/// standalone page, which needs a `title`; without one it is most likely commentary at a
/// mistyped path, and the error suggests the nearest real one.
fn attach_to(
    files: &[ContentFile],
    generated: &BTreeSet<String>,
    comparison_bases: &BTreeMap<String, Vec<String>>,
    catalog: &Catalog,
) -> Result<Attached, Vec<Diagnostic>> {
    let mut attached = Attached::default();
    let mut problems = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let pages = targets(&file.url_path, generated, comparison_bases);
        if !pages.is_empty() {
            problems.extend(template_on_commentary(file));
            for page in pages {
                attached.commentary.entry(page).or_default().push(i);
            }
        } else if let Some(folder) = generated_folder(&file.url_path, catalog) {
            problems.push(misplaced(file, &folder, generated, comparison_bases));
        } else if file.front.title.is_some() {
            attached.standalone.push(i);
        } else {
            problems.push(untitled(file, generated, comparison_bases));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    for (page, ids) in &mut attached.commentary {
        ids.sort_by_cached_key(|&i| {
            let f = &files[i];
            let weight = f.front.weight.unwrap_or(0);
            (weight, f.url_path == *page, f.source.clone())
        });
    }
    attached
        .standalone
        .sort_by(|&a, &b| files[a].url_path.cmp(&files[b].url_path));
    Ok(attached)
}

/// The generated pages a file at `path` comments on (none for a standalone page).
fn targets(
    path: &str,
    generated: &BTreeSet<String>,
    comparison_bases: &BTreeMap<String, Vec<String>>,
) -> BTreeSet<String> {
    let mut pages: BTreeSet<String> = comparison_bases
        .get(path)
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    if generated.contains(path) {
        pages.insert(path.to_string());
    }
    pages
}

/// `template:` on a file that attaches to generated pages: those pages have their own
/// templates, so the key would be silently ignored.
fn template_on_commentary(file: &ContentFile) -> Option<Diagnostic> {
    let template = file.front.template.as_ref()?;
    Some(
        Diagnostic::new(
            &file.source,
            format!(
                "`template` applies to standalone pages only; this file is commentary on the \
                 generated page(s) at `{}`, which their own templates show",
                file.url_path
            ),
        )
        .at(file.front.template_at)
        .field("template")
        .value(format!("{template:?}"))
        .help("remove `template:`; to style commentary, edit `templates/partials/commentary.html`"),
    )
}

fn untitled(
    file: &ContentFile,
    generated: &BTreeSet<String>,
    comparison_bases: &BTreeMap<String, Vec<String>>,
) -> Diagnostic {
    let title = "or give it a `title` in its front matter to make it a standalone page";
    let help = nearest_help(file, generated, comparison_bases, title);
    Diagnostic::new(
        &file.source,
        "this file's path is neither a generated page nor a valid standalone page \
         (a standalone page needs a `title`)",
    )
    .at(Some(Position { line: 1, column: 1 }))
    .value(file.url_path.clone())
    .help(help)
}

/// A file inside a folder of generated pages ([`generated_folder`]) at no generated page.
fn misplaced(
    file: &ContentFile,
    folder: &str,
    generated: &BTreeSet<String>,
    comparison_bases: &BTreeMap<String, Vec<String>>,
) -> Diagnostic {
    let elsewhere = format!("or move a page of its own out of `{folder}`");
    let help = nearest_help(file, generated, comparison_bases, &elsewhere);
    Diagnostic::new(
        &file.source,
        format!(
            "this file's path is inside `{folder}` and shaped like the site's generated pages \
             there, but is none of them: commentary at a mistyped path, or for a page the data \
             does not have (a standalone page may not look like one)"
        ),
    )
    .at(Some(Position { line: 1, column: 1 }))
    .value(file.url_path.clone())
    .help(help)
}

/// "the nearest generated page is `…` (commentary file `content/….md`); `or_else`".
fn nearest_help(
    file: &ContentFile,
    generated: &BTreeSet<String>,
    comparison_bases: &BTreeMap<String, Vec<String>>,
    or_else: &str,
) -> String {
    let known = generated.iter().chain(comparison_bases.keys());
    match nearest(&file.url_path, known) {
        Some(path) => format!(
            "the nearest generated page is `{path}` (commentary file `content/{}`); {or_else}",
            content_file_for(path)
        ),
        None => format!("there are no generated pages; {or_else}"),
    }
}

/// The known path most like `path`. Jaro-Winkler favours a shared prefix, which is how paths
/// resemble each other (`/compare-x/8k-1k/` vs `/compare-x/1k-8k/`).
fn nearest<'a>(path: &str, known: impl Iterator<Item = &'a String>) -> Option<&'a str> {
    known
        .map(|k| (strsim::jaro_winkler(path, k), k.as_str()))
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, k)| k)
}

/// `/a/b/` → `a/b.md`, `/` → `_index.md`: where commentary for that page is written.
fn content_file_for(url_path: &str) -> String {
    match url_path.trim_matches('/') {
        "" => "_index.md".into(),
        path => format!("{path}.md"),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::input::content::FrontMatter;

    fn file(url_path: &str, title: Option<&str>) -> ContentFile {
        ContentFile {
            source: PathBuf::from(format!("content{}.md", url_path.trim_end_matches('/'))),
            url_path: url_path.into(),
            front: FrontMatter {
                title: title.map(String::from),
                ..FrontMatter::default()
            },
            body: format!("{url_path}\n"),
        }
    }

    fn site() -> (BTreeSet<String>, BTreeMap<String, Vec<String>>) {
        let sequences = ["/cmp/x/1k-1k/", "/cmp/x/8k-1k/", "/cmp/x/1k-8k/"];
        let mut generated: BTreeSet<String> = sequences.iter().map(|s| s.to_string()).collect();
        generated.insert("/cmp/x/".into());
        generated.insert("/h100/".into());
        let bases = BTreeMap::from([(
            "/cmp/x/".to_string(),
            sequences.iter().map(|s| s.to_string()).collect(),
        )]);
        (generated, bases)
    }

    fn paths<'a>(ids: &[usize], files: &'a [ContentFile]) -> Vec<&'a str> {
        ids.iter().map(|&i| files[i].url_path.as_str()).collect()
    }

    #[test]
    fn a_file_at_a_sequence_page_attaches_to_that_page_only() {
        let (generated, bases) = site();
        let attached = attach_to(
            &[file("/cmp/x/8k-1k/", None)],
            &generated,
            &bases,
            &Catalog::default(),
        )
        .unwrap();
        assert_eq!(
            attached.commentary.keys().collect::<Vec<_>>(),
            ["/cmp/x/8k-1k/"]
        );
        assert!(attached.standalone.is_empty());
    }

    #[test]
    fn a_file_at_a_comparison_base_attaches_to_all_sequences_and_the_base() {
        let (generated, bases) = site();
        let files = [file("/cmp/x/", None)];
        let attached = attach_to(&files, &generated, &bases, &Catalog::default()).unwrap();
        assert_eq!(
            attached.commentary.keys().collect::<Vec<_>>(),
            ["/cmp/x/", "/cmp/x/1k-1k/", "/cmp/x/1k-8k/", "/cmp/x/8k-1k/"]
        );
        for ids in attached.commentary.values() {
            assert_eq!(paths(ids, &files), ["/cmp/x/"]);
        }
    }

    #[test]
    fn comparison_wide_commentary_comes_before_sequence_commentary_then_weight() {
        let (generated, bases) = site();
        let mut heavy = file("/cmp/x/", None);
        heavy.front.weight = Some(5);
        let files = vec![file("/cmp/x/1k-1k/", None), heavy, file("/cmp/x/", None)];
        let attached = attach_to(&files, &generated, &bases, &Catalog::default()).unwrap();
        let ids = &attached.commentary["/cmp/x/1k-1k/"];
        assert_eq!(paths(ids, &files), ["/cmp/x/", "/cmp/x/1k-1k/", "/cmp/x/"]);
        assert_eq!(files[ids[2]].front.weight, Some(5));
    }

    #[test]
    fn a_titled_file_elsewhere_is_a_standalone_page() {
        let (generated, bases) = site();
        let files = vec![
            file("/methodology/", Some("Methodology")),
            file("/about/", Some("A")),
        ];
        let attached = attach_to(&files, &generated, &bases, &Catalog::default()).unwrap();
        assert!(attached.commentary.is_empty());
        assert_eq!(
            paths(&attached.standalone, &files),
            ["/about/", "/methodology/"]
        );
    }

    #[test]
    fn an_untitled_file_elsewhere_is_an_error_suggesting_the_nearest_page() {
        let (generated, bases) = site();
        let files = vec![
            file("/cmp/x/8k-2k/", None),
            file("/h100/", None),
            file("/zzz/", Some("fine")),
        ];
        let problems = attach_to(&files, &generated, &bases, &Catalog::default()).unwrap_err();
        assert_eq!(problems.len(), 1);
        let d = &problems[0];
        assert_eq!(d.file, PathBuf::from("content/cmp/x/8k-2k.md"));
        assert_eq!(d.value.as_deref(), Some("/cmp/x/8k-2k/"));
        assert!(
            d.message
                .contains("neither a generated page nor a valid standalone page"),
            "{d}"
        );
        let help = d.help.as_deref().unwrap();
        assert!(
            help.contains("`/cmp/x/8k-1k/` (commentary file `content/cmp/x/8k-1k.md`)"),
            "{help}"
        );
        assert!(help.contains("`title`"), "{help}");
    }

    /// A titled file among the site's own pages, at none of them, is an error too: given its
    /// title, a mistyped comparison's commentary went out as a page with no data.
    #[test]
    fn a_titled_file_among_the_generated_pages_is_an_error() {
        let (generated, bases) = site();
        let files = vec![
            file("/compare/dsr1-b200-vs-h100/", Some("Why")),
            file("/rankings/dsr1/1k1k/", Some("Tiers")),
            file("/dsr1/b200/fp4/1k1k/", Some("Notes")),
            // An editor's own pages in those folders, shaped like none of their pages.
            file("/compare/how-to-read/", Some("Reading a comparison")),
            file("/rankings/how-to-read/", Some("Reading a ranking")),
            file("/rankings/dsr1/", Some("DeepSeek's rankings")),
            file("/dsr1/b200/fp4/", Some("B200 at FP4")),
            file("/dsr1/notes/a/b/", Some("Deep")),
        ];
        let hardware = "- id: b200\n  name: B200\n  vendor: NVIDIA\n  \
            cost_per_gpu_hour: { hyperscaler: 5, neocloud: 4, rental_3yr: 3 }\n  power_kw: 1.5\n";
        let models = "- id: dsr1\n  name: DeepSeek R1\n  keys: [dsr1]\n";
        let path = std::path::Path::new("x.yaml");
        let (catalog, problems) = Catalog::load((hardware, path), (models, path)).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        let problems = attach_to(&files, &generated, &bases, &catalog).unwrap_err();
        let messages: Vec<String> = problems.iter().map(|d| d.message.clone()).collect();
        assert_eq!(problems.len(), 3, "{messages:?}");
        assert!(messages[0].contains("inside `/compare/`"), "{messages:?}");
        assert!(
            messages[1].contains("inside `/rankings/dsr1/`"),
            "{messages:?}"
        );
        assert!(messages[2].contains("inside `/dsr1/b200/`"), "{messages:?}");
        let help = problems[0].help.as_deref().unwrap();
        assert!(help.contains("the nearest generated page is"), "{help}");
        assert!(
            help.ends_with("or move a page of its own out of `/compare/`"),
            "{help}"
        );
    }

    #[test]
    fn with_no_generated_pages_the_error_still_explains() {
        let problems = attach_to(
            &[file("/x/", None)],
            &BTreeSet::new(),
            &BTreeMap::new(),
            &Catalog::default(),
        )
        .unwrap_err();
        let help = problems[0].help.as_deref().unwrap();
        assert!(help.starts_with("there are no generated pages"), "{help}");
    }

    fn described(url_path: &str, description: Option<&str>, weight: i64) -> ContentFile {
        let mut f = file(url_path, None);
        f.front.description = description.map(String::from);
        f.front.weight = Some(weight);
        f
    }

    #[test]
    fn a_pages_own_description_beats_a_comparison_wide_one_whatever_the_weights() {
        let (generated, bases) = site();
        let files = vec![
            described("/cmp/x/", Some("Wide"), -5),
            described("/cmp/x/1k-1k/", Some("Own"), 9),
            described("/h100/", None, 0),
        ];
        let attached = attach_to(&files, &generated, &bases, &Catalog::default()).unwrap();
        assert_eq!(attached.description("/cmp/x/1k-1k/", &files), Some("Own"));
        // The other sequences have only the comparison-wide file.
        assert_eq!(attached.description("/cmp/x/8k-1k/", &files), Some("Wide"));
        // Commentary without a description, and a page without commentary, leave the
        // generated description.
        assert_eq!(attached.description("/h100/", &files), None);
        assert_eq!(attached.description("/nowhere/", &files), None);
        // A page's own file without a description does not hide the comparison-wide one.
        let files = vec![
            described("/cmp/x/1k-1k/", None, 0),
            described("/cmp/x/", Some("Wide"), 0),
        ];
        let attached = attach_to(&files, &generated, &bases, &Catalog::default()).unwrap();
        assert_eq!(attached.description("/cmp/x/1k-1k/", &files), Some("Wide"));
    }

    #[test]
    fn a_template_on_commentary_is_an_error_at_its_line() {
        let (generated, bases) = site();
        let mut wide = file("/cmp/x/", None);
        wide.front.template = Some("wide.html".into());
        wide.front.template_at = Some(Position {
            line: 3,
            column: 11,
        });
        let mut standalone = file("/about/", Some("About"));
        standalone.front.template = Some("wide.html".into());
        let problems =
            attach_to(&[wide, standalone], &generated, &bases, &Catalog::default()).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        let d = &problems[0];
        assert_eq!(d.file, PathBuf::from("content/cmp/x.md"));
        assert_eq!(d.position.map(|p| p.line), Some(3));
        assert_eq!(d.field.as_deref(), Some("template"));
        assert_eq!(d.value.as_deref(), Some("\"wide.html\""));
        assert!(d.message.contains("standalone pages only"), "{d}");
        assert!(d.message.contains("`/cmp/x/`"), "{d}");
    }

    #[test]
    fn content_file_for_maps_paths_back_to_files() {
        assert_eq!(content_file_for("/"), "_index.md");
        assert_eq!(content_file_for("/a/b/"), "a/b.md");
    }
}
