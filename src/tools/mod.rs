//! Tools around the build: a development server, a benchmark, the link checker of
//! `benchsite check` (with the commentary links it reports at their `.md` file), and
//! `benchsite init`. They call the build driver; no stage calls them.

pub mod bench;
pub mod commentary_links;
pub mod init;
pub mod links;
pub mod serve;
