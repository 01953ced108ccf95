//! Tools around the build: a development server, a benchmark, and the link checker of
//! `benchsite check`. They call the build driver; no stage calls them.

pub mod bench;
pub mod links;
pub mod serve;
