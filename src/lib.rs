//! benchsite: a static site generator for LLM inference benchmark pages.
//!
//! The pipeline, one module per stage:
//! load → validate → plan pages → compute metrics → render → write.

// `Diagnostic`, the input-error type, carries file, position, record, field, value and help:
// large, but only built on the rare error path.
#![allow(clippy::result_large_err)]

pub mod bench;
pub mod catalog;
pub mod chart;
pub mod commentary_links;
pub mod compute;
pub mod config;
pub mod content;
pub mod dataset;
pub mod error;
pub mod hints;
pub mod init;
pub mod links;
pub mod load;
pub mod metrics;
pub mod narrative;
pub mod output;
pub mod pages;
pub mod parser_wording;
pub mod plan;
pub mod progress;
pub mod record;
pub mod render;
pub mod report;
pub mod serve;
pub mod site;
pub mod types;
pub mod validate;
pub mod wording;
pub mod yaml;
