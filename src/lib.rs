//! benchsite: a static site generator for LLM inference benchmark pages.
//!
//! The folders are the pipeline's stages, each handing finished data to the next:
//!
//! | stage | module | takes | hands on |
//! |---|---|---|---|
//! | input | [`input`] | the site folder | [`input::Inputs`]: config, catalogs, every record with its run, content, templates, static files; every input problem |
//! | plan | [`plan`] | records, catalog | [`plan::SitePlan`]: which pages exist, their sides, URLs and output paths |
//! | compute | [`compute`] | a page plan, records | [`compute::PageData`]: every figure, unrounded |
//! | render | [`render`] | page data, plan, inputs | HTML, JSON, CSV, XML files (formatting, and comparisons in words) |
//! | search | [`search`] | every page's search document | the Pagefind index under `/pagefind/` |
//! | output | [`output`] | files | a staged, atomically swapped output folder |
//!
//! [`incremental`] lets a build take unchanged pages from earlier output (the build cache) or
//! from shards built elsewhere, instead of computing and rendering them.
//!
//! [`build`] is the one module that knows the order; [`site::Site`] is what the stages share.
//! Tools that drive builds (`serve`, `bench`, the link checker) live in [`tools`].

// `Diagnostic`, the input-error type, carries file, position, record, field, value and help:
// large, but only built on the rare error path.
#![allow(clippy::result_large_err)]
// These docs are for the people who work on benchsite, read with private items shown
// (`cargo doc --document-private-items`), where a link to a private item resolves.
#![allow(rustdoc::private_intra_doc_links)]

pub mod build;
pub mod compute;
pub mod error;
pub mod hash;
pub mod incremental;
pub mod input;
pub mod intern;
pub mod output;
pub mod plan;
pub mod progress;
pub mod render;
pub mod report;
pub mod search;
pub mod site;
pub mod tools;
pub mod types;
