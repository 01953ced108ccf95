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
    /// draft left out), which every page's navigation links: a site-wide input of every page.
    pub fn has_methodology(&self) -> bool {
        self.content.iter().any(|c| c.url_path == "/methodology/")
    }
}
