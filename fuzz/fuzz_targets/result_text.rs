//! A result file's text, in memory, through the JSON or YAML parser (the first byte picks the
//! extension), then validation, planning and metrics.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/fuzz_support/mod.rs"]
mod fuzz_support;

fuzz_target!(|data: &[u8]| fuzz_support::check_result_text(data));
