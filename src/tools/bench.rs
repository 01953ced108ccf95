//! `benchsite bench`: a reproducible build benchmark (SPEC §11).
//!
//! It generates synthetic result data shaped like the real InferenceMAX drops (pretty-printed
//! `agg_bmk.json` arrays with every field the real files carry) for N (model, accelerator,
//! precision, sequence) combinations — that is, N hub pages; the comparison pages follow from
//! the data — into a throwaway site root beside copies of the real site's `site.yaml`,
//! `data/hardware.yaml`, `templates/` and `static/`. Then it runs `benchsite build` on it in a
//! child process, so that the wall time and the peak memory (the child's RSS high-water mark,
//! from `wait4`) are the build's alone, not the generator's.
//!
//! The data is deterministic: every combination draws from its own xorshift stream seeded by
//! what it is, so the data of N combinations is a prefix of the data of any larger N.
//! Combinations are enumerated model by model; each model is measured on all nine accelerators
//! (fp8 everywhere, fp4 on Blackwell and MI355X, bf16 on Hopper and CDNA 3 for one model in
//! three) at 1k/1k, 1k/8k and 8k/1k, so a model contributes 42 or 54 combinations.
//!
//! Every combination brings about 8 pages in all (its hub, and its share of the chip, framework,
//! precision, spec-decode and disaggregation comparisons and of their sequence-less default
//! pages), so `--combinations 125` ≈ 1k pages, `--combinations 1250` ≈ 10k pages and
//! `--combinations 6250` ≈ 50k pages.

use std::fmt;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::Instant;

use crate::error::{Error, Result};

mod generate;
pub use generate::generate;

/// Options of `benchsite bench`.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// The site whose configuration, hardware catalog, templates and static files are used.
    pub root: PathBuf,
    /// Number of (model, hardware, precision, sequence) combinations: hub pages.
    pub combinations: usize,
    /// Runs the data is spread over: run 1 measures every configuration, each later one
    /// re-measures a share of them, so pages have a history (1: no history).
    pub runs: usize,
    /// Output folder; a temporary folder (removed afterwards unless `keep`) when not given.
    /// An existing folder (and its spare) is removed before the measured build (the build would replace it
    /// anyway), so the figure is the build's, not the deletion of an earlier site.
    pub out: Option<PathBuf>,
    /// Keep the generated site root (and the default output folder).
    pub keep: bool,
    /// Build without the search index (`build --no-search`), to measure what search adds.
    pub no_search: bool,
    /// After the cold build, rebuild with the build cache: unchanged, then with one result
    /// file changed.
    pub rebuilds: bool,
}

/// What the generator wrote.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Generated {
    pub combinations: usize,
    pub runs: usize,
    pub models: usize,
    pub records: usize,
    pub result_files: usize,
    pub result_bytes: u64,
}

/// The benchmark's measurements.
#[derive(Debug, Clone)]
pub struct Report {
    pub generated: Generated,
    pub generate_secs: f64,
    /// The command the build ran as.
    pub command: String,
    /// The build's own summary line (`built: …`).
    pub summary: String,
    /// `index.html` files written: every page at a URL (404.html not included).
    pub pages: usize,
    /// Every file written, pages, downloads and assets.
    pub files: usize,
    pub bytes: u64,
    /// Wall time of the build process, from spawn to exit.
    pub wall_secs: f64,
    /// CPU time of the build process.
    pub user_secs: Option<f64>,
    pub sys_secs: Option<f64>,
    /// The build process's peak resident set size (KiB), from the OS.
    pub peak_rss_kib: Option<u64>,
    /// The cached rebuilds, with `--rebuilds`.
    pub rebuilds: Option<Rebuilds>,
    /// Where the generated site root is, when kept.
    pub kept_root: Option<PathBuf>,
    pub out: PathBuf,
}

impl fmt::Display for Report {
    /// One `key value` line per figure, for people and scripts alike.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let g = &self.generated;
        let opt = |v: Option<f64>| v.map_or("n/a".to_string(), |v| format!("{v:.3}"));
        writeln!(f, "combinations {}", g.combinations)?;
        writeln!(f, "runs {}", g.runs)?;
        writeln!(f, "models {}", g.models)?;
        writeln!(f, "records {}", g.records)?;
        writeln!(f, "result_files {}", g.result_files)?;
        writeln!(f, "result_bytes {}", g.result_bytes)?;
        writeln!(f, "generate_s {:.3}", self.generate_secs)?;
        writeln!(f, "pages {}", self.pages)?;
        writeln!(f, "files {}", self.files)?;
        writeln!(f, "bytes {}", self.bytes)?;
        writeln!(f, "wall_s {:.3}", self.wall_secs)?;
        writeln!(f, "pages_per_s {:.1}", self.pages as f64 / self.wall_secs)?;
        writeln!(f, "user_s {}", opt(self.user_secs))?;
        writeln!(f, "sys_s {}", opt(self.sys_secs))?;
        let mib = self.peak_rss_kib.map(|k| k as f64 / 1024.0);
        writeln!(
            f,
            "peak_rss_mib {}",
            mib.map_or("n/a".into(), |m| format!("{m:.1}"))
        )?;
        if let Some(r) = &self.rebuilds {
            let ratio = |m: &Measured| m.wall_secs / self.wall_secs;
            let runs = |t: &[f64]| t.iter().map(|t| format!("{t:.3}")).collect::<Vec<_>>();
            writeln!(f, "noop_wall_s {:.3}", r.noop.wall_secs)?;
            writeln!(f, "noop_runs_s {}", runs(&r.noop_runs).join(" "))?;
            writeln!(f, "noop_vs_cold {:.3}", ratio(&r.noop))?;
            writeln!(f, "noop_summary {}", r.noop.summary)?;
            writeln!(f, "one_file_wall_s {:.3}", r.one_file.wall_secs)?;
            writeln!(f, "one_file_runs_s {}", runs(&r.one_file_runs).join(" "))?;
            writeln!(f, "one_file_vs_cold {:.3}", ratio(&r.one_file))?;
            let [a, c, d] = r.one_file_changes;
            writeln!(f, "one_file_changes added {a} changed {c} removed {d}")?;
            writeln!(f, "one_file_summary {}", r.one_file.summary)?;
        }
        writeln!(f, "out {}", self.out.display())?;
        if let Some(root) = &self.kept_root {
            writeln!(f, "root {}", root.display())?;
        }
        writeln!(f, "command {}", self.command)?;
        write!(f, "summary {}", self.summary)
    }
}

/// A folder removed when dropped, unless kept.
struct Scratch {
    path: PathBuf,
    keep: bool,
}

impl Scratch {
    fn new(label: &str) -> Result<Scratch> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!("benchsite-bench-{label}-{}-{nanos:09}", std::process::id());
        let path = std::env::temp_dir().join(name);
        std::fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))?;
        Ok(Scratch { path, keep: false })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// Generates the data, builds it in a child process, and measures the build.
pub fn run(options: &BenchOptions) -> Result<Report> {
    let mut root = Scratch::new("site")?;
    root.keep = options.keep;
    let started = Instant::now();
    let generated = generate(
        &options.root,
        &root.path,
        options.combinations,
        options.runs,
    )?;
    let generate_secs = started.elapsed().as_secs_f64();
    eprintln!(
        "bench: generated {} combinations, {} records in {} result files ({:.1} MB) in {generate_secs:.2} s",
        generated.combinations,
        generated.records,
        generated.result_files,
        generated.result_bytes as f64 / 1e6
    );

    let mut default_out = None;
    let out = match &options.out {
        Some(out) => {
            // The spare too: the cold build must start from nothing. But only a site is
            // cleared, never a folder of someone's files.
            crate::output::destination::replaceable(out)?;
            for dir in [out.clone(), crate::output::spare_of(out)] {
                if dir.exists() {
                    std::fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
                }
            }
            out.clone()
        }
        None => {
            let mut scratch = Scratch::new("out")?;
            scratch.keep = options.keep;
            let out = scratch.path.join("public");
            default_out = Some(scratch);
            out
        }
    };
    let exe = std::env::current_exe().map_err(|e| Error::io("benchsite", e))?;
    let mut args: Vec<std::ffi::OsString> = vec!["build".into(), "--root".into()];
    args.extend([
        root.path.as_os_str().into(),
        "--out".into(),
        out.as_os_str().into(),
    ]);
    if options.no_search {
        args.push("--no-search".into());
    }
    let shown = std::iter::once(exe.as_os_str())
        .chain(args.iter().map(|a| a.as_os_str()))
        .map(|a| a.to_string_lossy())
        .collect::<Vec<_>>()
        .join(" ");
    eprintln!("bench: {shown}");
    settle();
    let cold = measure(&exe, &args, &root.path)?;
    let rebuilds = match options.rebuilds {
        true => Some(rebuild(&exe, &args, &root.path)?),
        false => None,
    };
    let (pages, files, bytes) = scan(&out)?;
    let kept_root = options.keep.then(|| root.path.clone());
    drop(default_out);
    Ok(Report {
        generated,
        generate_secs,
        command: shown,
        summary: cold.summary,
        pages,
        files,
        bytes,
        wall_secs: cold.wall_secs,
        user_secs: cold.usage.map(|u| u.user_secs),
        sys_secs: cold.usage.map(|u| u.sys_secs),
        peak_rss_kib: cold.usage.map(|u| u.max_rss_kib),
        rebuilds,
        kept_root,
        out,
    })
}

/// One build's figures.
#[derive(Debug, Clone)]
pub struct Measured {
    pub wall_secs: f64,
    pub usage: Option<Usage>,
    /// The build's own summary line (`built: …`).
    pub summary: String,
}

/// Each cached rebuild is measured this many times; the report gives the median and every
/// time. A rebuild takes a second or less, so one run is at the mercy of the machine (a disk
/// flush, another process): single runs of the same one-file rebuild spread from 1.2 to 2.3 s
/// on this project's 2-core machine.
pub const REBUILD_RUNS: usize = 3;

/// The cached rebuilds after the cold build (`--rebuilds`), each the median of
/// [`REBUILD_RUNS`] runs.
#[derive(Debug, Clone)]
pub struct Rebuilds {
    /// Nothing changed.
    pub noop: Measured,
    /// Every no-op run's wall time, in run order.
    pub noop_runs: Vec<f64>,
    /// One result file changed (one measurement's throughput, +1% each run).
    pub one_file: Measured,
    /// Every one-file run's wall time, in run order.
    pub one_file_runs: Vec<f64>,
    /// The deploy list's sizes for the one-file rebuild: added, changed, removed.
    pub one_file_changes: [usize; 3],
}

/// Flushes every file system's dirty data to disk before a measured build, so that the
/// writeback of what was written before it (the generated data, the previous build's cache)
/// does not land in its time.
#[cfg(unix)]
fn settle() {
    // SAFETY: sync(2) takes no arguments and always succeeds.
    unsafe { libc::sync() };
}

#[cfg(not(unix))]
fn settle() {}

/// Runs `exe args` as a child process and measures it.
fn measure(exe: &Path, args: &[std::ffi::OsString], root: &Path) -> Result<Measured> {
    let started = Instant::now();
    let mut child = Command::new(exe)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error::io(exe, e))?;
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        pipe.read_to_string(&mut stderr)
            .map_err(|e| Error::io(exe, e))?;
    }
    let (status, usage) = wait_measured(&mut child).map_err(|e| Error::io(exe, e))?;
    let wall_secs = started.elapsed().as_secs_f64();
    if !status.success() {
        let message = format!("the benchmark build failed ({status}):\n{stderr}");
        return Err(Error::io(root, std::io::Error::other(message)));
    }
    let summary = stderr
        .lines()
        .rev()
        .find(|l| l.starts_with("built:"))
        .unwrap_or("")
        .to_string();
    Ok(Measured {
        wall_secs,
        usage,
        summary,
    })
}

/// Rebuilds with nothing changed, then after changing one result file (the first, in path
/// order: its first throughput raised by 1%, again for each run), both with the build cache
/// the build before left; each [`REBUILD_RUNS`] times.
fn rebuild(exe: &Path, args: &[std::ffi::OsString], root: &Path) -> Result<Rebuilds> {
    let (noop, noop_runs) = median_of_runs(|| {
        settle();
        measure(exe, args, root)
    })?;
    let file = generate::first_result_file(root)?;
    let changes = root.join("bench-changes.json");
    let mut with_changes = args.to_vec();
    with_changes.extend(["--changes".into(), changes.as_os_str().into()]);
    let (one_file, one_file_runs) = median_of_runs(|| {
        let text = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
        let raised = raise_first_throughput(&text).ok_or_else(|| {
            let why = "no \"tput_per_gpu\" number to change";
            Error::io(&file, std::io::Error::other(why))
        })?;
        std::fs::write(&file, raised).map_err(|e| Error::io(&file, e))?;
        settle();
        measure(exe, &with_changes, root)
    })?;
    let list = std::fs::read_to_string(&changes).map_err(|e| Error::io(&changes, e))?;
    let _ = std::fs::remove_file(&changes);
    let list: serde_json::Value =
        serde_json::from_str(&list).map_err(|e| Error::io(&changes, std::io::Error::other(e)))?;
    let count = |k: &str| list[k].as_array().map_or(0, Vec::len);
    Ok(Rebuilds {
        noop,
        noop_runs,
        one_file,
        one_file_runs,
        one_file_changes: [count("added"), count("changed"), count("removed")],
    })
}

/// Runs `run` [`REBUILD_RUNS`] times; returns the run with the median wall time, and every
/// run's wall time in run order.
fn median_of_runs(mut run: impl FnMut() -> Result<Measured>) -> Result<(Measured, Vec<f64>)> {
    let mut measured = (0..REBUILD_RUNS)
        .map(|_| run())
        .collect::<Result<Vec<Measured>>>()?;
    let times = measured.iter().map(|m| m.wall_secs).collect();
    measured.sort_by(|a, b| a.wall_secs.total_cmp(&b.wall_secs));
    Ok((measured.swap_remove(REBUILD_RUNS / 2), times))
}

/// `text` with its first `"tput_per_gpu": N` raised by 1%; `None` if it has none.
fn raise_first_throughput(text: &str) -> Option<String> {
    const KEY: &str = "\"tput_per_gpu\": ";
    let at = text.find(KEY)? + KEY.len();
    let end = text[at..].find([',', '\n']).map_or(text.len(), |i| at + i);
    let value: f64 = text[at..end].trim().parse().ok()?;
    Some(format!("{}{}{}", &text[..at], value * 1.01, &text[end..]))
}

/// Counts pages (HTML files, as the build's summary counts them), all files and their bytes
/// under `out`.
fn scan(out: &Path) -> Result<(usize, usize, u64)> {
    let (mut pages, mut files, mut bytes) = (0, 0, 0);
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.map_err(|e| Error::io(out, e.into()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        files += 1;
        bytes += entry
            .metadata()
            .map_err(|e| Error::io(entry.path(), e.into()))?
            .len();
        if entry.path().extension().is_some_and(|e| e == "html") {
            pages += 1;
        }
    }
    Ok((pages, files, bytes))
}

/// Resource use of a finished child process.
#[derive(Debug, Clone, Copy)]
pub struct Usage {
    pub user_secs: f64,
    pub sys_secs: f64,
    pub max_rss_kib: u64,
}

/// Waits for `child` with `wait4`, which also returns the child's own resource use.
#[cfg(unix)]
fn wait_measured(child: &mut std::process::Child) -> std::io::Result<(ExitStatus, Option<Usage>)> {
    use std::os::unix::process::ExitStatusExt;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data; all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `status` and `usage` are valid for writes; `pid` is our own unreaped child.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            break;
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    // Linux reports kibibytes, macOS bytes.
    let max_rss_kib = if cfg!(target_os = "macos") {
        usage.ru_maxrss as u64 / 1024
    } else {
        usage.ru_maxrss as u64
    };
    let usage = Usage {
        user_secs: secs(usage.ru_utime),
        sys_secs: secs(usage.ru_stime),
        max_rss_kib,
    };
    Ok((ExitStatus::from_raw(status), Some(usage)))
}

#[cfg(not(unix))]
fn wait_measured(child: &mut std::process::Child) -> std::io::Result<(ExitStatus, Option<Usage>)> {
    Ok((child.wait()?, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_run_is_reported_with_every_time_in_order() {
        let mut times = [0.9, 0.2, 0.4].into_iter();
        let (median, all) = median_of_runs(|| {
            Ok(Measured {
                wall_secs: times.next().unwrap(),
                usage: None,
                summary: String::new(),
            })
        })
        .unwrap();
        assert_eq!(all, [0.9, 0.2, 0.4]);
        assert_eq!(median.wall_secs, 0.4);
    }

    #[test]
    fn raising_the_first_throughput_changes_that_number_only() {
        let text = "[{\"tput_per_gpu\": 100.0, \"x\": 1},\n{\"tput_per_gpu\": 7}]";
        let raised = raise_first_throughput(text).unwrap();
        assert_eq!(
            raised,
            "[{\"tput_per_gpu\": 101, \"x\": 1},\n{\"tput_per_gpu\": 7}]"
        );
        assert_eq!(raise_first_throughput("{}"), None);
    }
}
