//! What the stages share: the checked inputs and the plan made from them. Built by
//! [`crate::build`]; read by compute and render.

use std::path::PathBuf;

use crate::input::Inputs;
use crate::input::assets::Assets;
use crate::input::catalog::Catalog;
use crate::input::config::SiteConfig;
use crate::input::content::ContentFile;
use crate::input::dataset::Dataset;
use crate::input::templates::Templates;
use crate::plan::{Attached, SitePlan};

/// A loaded, checked and planned site, ready to compute and render.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub catalog: Catalog,
    pub data: Dataset,
    pub templates: Templates,
    pub assets: Assets,
    /// Editors' Markdown files, in path order.
    pub content: Vec<ContentFile>,
    /// Which page each content file goes on (indices into `content`).
    pub attached: Attached,
    pub plan: SitePlan,
}

impl Site {
    pub fn new(inputs: Inputs, plan: SitePlan, attached: Attached) -> Site {
        Site {
            root: inputs.root,
            config: inputs.config,
            catalog: inputs.catalog,
            data: inputs.data,
            templates: inputs.templates,
            assets: inputs.assets,
            content: inputs.content,
            attached,
            plan,
        }
    }

    /// Whether the site has an editor's methodology page (`content/methodology.md`, not a
    /// draft left out). Layouts made by an `init` before [`Site::nav_pages`] link it by this.
    pub fn has_methodology(&self) -> bool {
        self.content.iter().any(|c| c.url_path == "/methodology/")
    }

    /// The inputs that write output path `path`, or a file under it as a folder: editors'
    /// pages (`content/robots.txt.md` writes `robots.txt/index.html`) and static files. The
    /// output stage finds clashes by path alone; this names the files an editor can rename.
    pub fn writers_of(&self, path: &str) -> Vec<String> {
        let at = |written: &str| {
            written == path
                || written
                    .strip_prefix(path)
                    .is_some_and(|r| r.starts_with('/'))
        };
        let pages = (self.attached.standalone.iter()).map(|&i| &self.content[i]);
        let pages = pages
            .filter(|c| at(&format!("{}index.html", &c.url_path[1..])))
            .map(|c| c.source.strip_prefix(&self.root).unwrap_or(&c.source))
            .map(|source| source.display().to_string());
        let statics = (self.assets.files.iter())
            .filter(|a| at(&a.name))
            .map(|a| format!("static/{}", a.name));
        pages.chain(statics).collect()
    }

    /// The editors' pages every page's navigation links: the standalone pages at the top of
    /// the site (`content/about.md` → `/about/`), by `weight` and then address. A page deeper
    /// down (`content/guides/setup.md`) is left for its parent page to link, so that the
    /// navigation stays one short row however many pages editors write. A site-wide input of
    /// every page (see `incremental::fingerprint`).
    ///
    /// A titled note at a model's page (`content/dsr1.md`) is a standalone page only while the
    /// model has no results, waiting for them; it is not the navigation's, or a model's name
    /// would come and go in every page's header with the data.
    pub fn nav_pages(&self) -> Vec<&ContentFile> {
        let model_page = |c: &ContentFile| {
            (self.catalog.models.iter()).any(|m| crate::plan::urls::model(&m.id) == c.url_path)
        };
        let top = |c: &&ContentFile| c.url_path.matches('/').count() == 2 && !model_page(c);
        let mut pages: Vec<&ContentFile> = (self.attached.standalone.iter())
            .map(|&i| &self.content[i])
            .filter(top)
            .collect();
        pages.sort_by_key(|c| (c.front.weight.unwrap_or(0), c.url_path.as_str()));
        pages
    }
}
