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

use std::fmt::{self, Write as _};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::Instant;

use crate::error::{Error, Result};

/// Options of `benchsite bench`.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// The site whose configuration, hardware catalog, templates and static files are used.
    pub root: PathBuf,
    /// Number of (model, hardware, precision, sequence) combinations: hub pages.
    pub combinations: usize,
    /// Output folder; a temporary folder (removed afterwards unless `keep`) when not given.
    pub out: Option<PathBuf>,
    /// Keep the generated site root (and the default output folder).
    pub keep: bool,
}

/// What the generator wrote.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Generated {
    pub combinations: usize,
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
    let generated = generate(&options.root, &root.path, options.combinations)?;
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
        Some(out) => out.clone(),
        None => {
            let mut scratch = Scratch::new("out")?;
            scratch.keep = options.keep;
            let out = scratch.path.join("public");
            default_out = Some(scratch);
            out
        }
    };
    let exe = std::env::current_exe().map_err(|e| Error::io("benchsite", e))?;
    let mut command = Command::new(&exe);
    command
        .arg("build")
        .arg("--root")
        .arg(&root.path)
        .arg("--out")
        .arg(&out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let shown = format!(
        "{} build --root {} --out {}",
        exe.display(),
        root.path.display(),
        out.display()
    );
    eprintln!("bench: {shown}");

    let started = Instant::now();
    let mut child = command.spawn().map_err(|e| Error::io(&exe, e))?;
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        pipe.read_to_string(&mut stderr)
            .map_err(|e| Error::io(&exe, e))?;
    }
    let (status, usage) = wait_measured(&mut child).map_err(|e| Error::io(&exe, e))?;
    let wall_secs = started.elapsed().as_secs_f64();
    if !status.success() {
        let message = format!("the benchmark build failed ({status}):\n{stderr}");
        return Err(Error::io(&root.path, std::io::Error::other(message)));
    }
    let summary = stderr
        .lines()
        .rev()
        .find(|l| l.starts_with("built:"))
        .unwrap_or("")
        .to_string();
    let (pages, files, bytes) = scan(&out)?;
    let kept_root = options.keep.then(|| root.path.clone());
    drop(default_out);
    Ok(Report {
        generated,
        generate_secs,
        command: shown,
        summary,
        pages,
        files,
        bytes,
        wall_secs,
        user_secs: usage.map(|u| u.user_secs),
        sys_secs: usage.map(|u| u.sys_secs),
        peak_rss_kib: usage.map(|u| u.max_rss_kib),
        kept_root,
        out,
    })
}

/// Counts `index.html` pages, all files and their bytes under `out`.
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
        if entry.file_name() == "index.html" {
            pages += 1;
        }
    }
    Ok((pages, files, bytes))
}

/// Resource use of a finished child process.
#[derive(Debug, Clone, Copy)]
struct Usage {
    user_secs: f64,
    sys_secs: f64,
    max_rss_kib: u64,
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

// ---------------------------------------------------------------------------------------------
// The generator.

/// Lays out a site root at `dest`: copies of `source`'s `site.yaml`, `data/hardware.yaml`,
/// `templates/` and `static/` (and a local ECharts file if `site.yaml` names one), a generated
/// `data/models.yaml`, and result files for `combinations` combinations.
pub fn generate(source: &Path, dest: &Path, combinations: usize) -> Result<Generated> {
    for name in ["site.yaml", "data/hardware.yaml"] {
        copy_file(&source.join(name), &dest.join(name))?;
    }
    for name in ["templates", "static"] {
        copy_dir(&source.join(name), &dest.join(name))?;
    }
    let config_path = source.join("site.yaml");
    let config_text =
        std::fs::read_to_string(&config_path).map_err(|e| Error::io(&config_path, e))?;
    if let Ok(config) = crate::config::SiteConfig::parse(&config_text, &config_path)
        && let Some(echarts) = config.echarts.filter(|p| p.is_relative())
    {
        copy_file(&source.join(&echarts), &dest.join(&echarts))?;
    }

    let combos = combinations_list(combinations);
    let models = combos.last().map_or(0, |c| c.model + 1);
    let mut catalog = String::from(
        "# Synthetic models generated by `benchsite bench`.\n\n- id: unused-model\n  name: Unused\n  keys: [unused]\n",
    );
    for m in 0..models {
        let model = synthetic_model(m);
        write!(
            catalog,
            "\n- id: {id}\n  name: {name}\n  keys: [{id}]\n",
            id = model.id,
            name = model.name
        )
        .expect("writing to a String");
    }
    write_file(&dest.join("data/models.yaml"), catalog.as_bytes())?;

    let mut generated = Generated {
        combinations: combos.len(),
        models,
        ..Generated::default()
    };
    // One result file per (model, accelerator), as one run folder each.
    let mut start = 0;
    while start < combos.len() {
        let (model, hw) = (combos[start].model, combos[start].hw);
        let end = combos[start..]
            .iter()
            .position(|c| (c.model, c.hw) != (model, hw))
            .map_or(combos.len(), |i| start + i);
        let mut json = String::from("[");
        let mut count = 0;
        for combo in &combos[start..end] {
            for record in combo_records(combo) {
                json.push_str(if count == 0 { "\n" } else { ",\n" });
                record.write_json(&mut json);
                count += 1;
            }
        }
        json.push_str("\n]\n");
        let run_id = 30_000_000_000u64 + (model * HARDWARE.len() + hw) as u64;
        let path = dest.join(format!("data/results/synthetic/run_{run_id}/agg_bmk.json"));
        write_file(&path, json.as_bytes())?;
        generated.records += count;
        generated.result_files += 1;
        generated.result_bytes += json.len() as u64;
        start = end;
    }
    if combos.is_empty() {
        std::fs::create_dir_all(dest.join("data/results")).map_err(|e| Error::io(dest, e))?;
    }
    Ok(generated)
}

fn copy_file(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::copy(from, to).map_err(|e| Error::io(from, e))?;
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(|e| Error::io(from, e.into()))?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| Error::io(&target, e))?;
        } else {
            copy_file(entry.path(), &target)?;
        }
    }
    Ok(())
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::write(path, bytes).map_err(|e| Error::io(path, e))
}

/// A small deterministic generator (xorshift64*), seeded through splitmix64.
struct Rng(u64);

impl Rng {
    fn seeded(parts: &[u64]) -> Rng {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for &p in parts {
            state = splitmix(state ^ p);
        }
        Rng(state | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Uniform in `lo..=hi`.
    fn int(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.int(0, items.len() - 1)]
    }
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// One accelerator as the generator sees it.
struct Accelerator {
    id: &'static str,
    /// Relative speed per GPU.
    speed: f64,
    amd: bool,
    fp4: bool,
    /// Aggregated serving engines measured on it.
    engines: &'static [&'static str],
    /// Disaggregated serving engines.
    disagg: &'static [&'static str],
}

/// The nine accelerators of `data/hardware.yaml`, in its order.
const HARDWARE: [Accelerator; 9] = [
    Accelerator {
        id: "h100",
        speed: 1.0,
        amd: false,
        fp4: false,
        engines: &["vllm", "sglang", "trt"],
        disagg: &[],
    },
    Accelerator {
        id: "h200",
        speed: 1.3,
        amd: false,
        fp4: false,
        engines: &["vllm", "sglang", "trt"],
        disagg: &["dynamo-sglang"],
    },
    Accelerator {
        id: "b200",
        speed: 2.4,
        amd: false,
        fp4: true,
        engines: &["vllm", "sglang", "trt"],
        disagg: &["dynamo-trt"],
    },
    Accelerator {
        id: "b300",
        speed: 3.0,
        amd: false,
        fp4: true,
        engines: &["vllm", "sglang", "trt"],
        disagg: &["dynamo-trt"],
    },
    Accelerator {
        id: "gb200",
        speed: 2.8,
        amd: false,
        fp4: true,
        engines: &["trt", "sglang"],
        disagg: &["dynamo-trt", "dynamo-sglang"],
    },
    Accelerator {
        id: "gb300",
        speed: 3.4,
        amd: false,
        fp4: true,
        engines: &["trt", "sglang"],
        disagg: &["dynamo-trt", "dynamo-sglang"],
    },
    Accelerator {
        id: "mi300x",
        speed: 1.1,
        amd: true,
        fp4: false,
        engines: &["vllm", "sglang"],
        disagg: &[],
    },
    Accelerator {
        id: "mi325x",
        speed: 1.3,
        amd: true,
        fp4: false,
        engines: &["vllm", "sglang"],
        disagg: &[],
    },
    Accelerator {
        id: "mi355x",
        speed: 2.3,
        amd: true,
        fp4: true,
        engines: &["vllm", "sglang", "atom"],
        disagg: &["sglang-disagg"],
    },
];

const PRECISIONS: [&str; 3] = ["fp4", "fp8", "bf16"];

const SEQUENCES: [(u32, u32); 3] = [(1024, 1024), (1024, 8192), (8192, 1024)];

/// The model families synthetic models are named after: slug, name, relative speed, MTP.
const FAMILIES: [(&str, &str, f64, bool); 8] = [
    ("deepseek-r1", "DeepSeek R1", 1.0, true),
    ("gpt-oss-120b", "gpt-oss 120B", 3.0, false),
    ("llama-3-3-70b", "Llama 3.3 70B", 1.6, false),
    ("qwen3-235b", "Qwen3 235B", 1.3, true),
    ("kimi-k2", "Kimi K2", 0.8, true),
    ("glm-4-6", "GLM 4.6", 1.1, true),
    ("mistral-large-3", "Mistral Large 3", 1.4, false),
    ("minimax-m2", "MiniMax M2", 1.8, true),
];

struct SyntheticModel {
    id: String,
    name: String,
    speed: f64,
    mtp: bool,
    bf16: bool,
}

fn synthetic_model(index: usize) -> SyntheticModel {
    let (slug, name, speed, mtp) = FAMILIES[index % FAMILIES.len()];
    let generation = index / FAMILIES.len();
    let mut rng = Rng::seeded(&[1, index as u64]);
    SyntheticModel {
        id: format!("{slug}-syn{generation:03}"),
        name: format!("{name} (synthetic {generation})"),
        speed: speed * rng.range(0.8, 1.25),
        mtp,
        bf16: index % 3 == 1,
    }
}

/// One (model, accelerator, precision, sequence): one hub page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Combination {
    model: usize,
    /// Index into [`HARDWARE`].
    hw: usize,
    precision: &'static str,
    /// Index into [`SEQUENCES`].
    sequence: usize,
}

/// The first `n` combinations: model by model, then sequence, accelerator and precision.
/// Sorted by (model, accelerator) afterwards, so each result file is one contiguous run.
fn combinations_list(n: usize) -> Vec<Combination> {
    let mut list = Vec::with_capacity(n);
    'models: for model in 0.. {
        let bf16 = synthetic_model(model).bf16;
        for sequence in 0..SEQUENCES.len() {
            for (hw, acc) in HARDWARE.iter().enumerate() {
                let measured = |p: &&&str| match **p {
                    "fp4" => acc.fp4,
                    "bf16" => bf16 && !acc.fp4,
                    _ => true,
                };
                for &precision in PRECISIONS.iter().filter(measured) {
                    if list.len() == n {
                        break 'models;
                    }
                    list.push(Combination {
                        model,
                        hw,
                        precision,
                        sequence,
                    });
                }
            }
        }
    }
    list.sort_by_key(|c| (c.model, c.hw, c.sequence, c.precision));
    list
}

/// How a series is deployed.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Deployment {
    Aggregated {
        tp: u32,
        ep: u32,
        dp_attention: bool,
    },
    Disaggregated {
        prefill_tp: u32,
        prefill_ep: u32,
        prefill_workers: u32,
        decode_tp: u32,
        decode_ep: u32,
        decode_workers: u32,
        dp_attention: bool,
    },
}

impl Deployment {
    fn gpus(&self) -> u32 {
        match *self {
            Deployment::Aggregated { tp, .. } => tp,
            Deployment::Disaggregated {
                prefill_tp,
                prefill_workers,
                decode_tp,
                decode_workers,
                ..
            } => prefill_tp * prefill_workers + decode_tp * decode_workers,
        }
    }
}

/// One generated record, with every field of the real files.
struct SyntheticRecord {
    runner: &'static str,
    model_key: String,
    framework: &'static str,
    precision: &'static str,
    mtp: bool,
    deployment: Deployment,
    isl: u32,
    osl: u32,
    conc: u32,
    image: &'static str,
    interactivity: f64,
    throughput: f64,
    ttft: f64,
    p99_ttft: f64,
}

/// Concurrencies a curve takes a window of.
const CONCURRENCIES: [u32; 22] = [
    1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072,
    4096,
];

fn image(framework: &str, amd: bool) -> &'static str {
    match (framework, amd) {
        ("vllm", false) => "vllm/vllm-openai:v0.11.2",
        ("vllm", true) => "rocm/vllm:rocm7.0.0_vllm_0.11.1_20251103",
        ("sglang", false) => "lmsysorg/sglang:v0.5.5.post2-cu129-amd64",
        ("sglang", true) => "lmsysorg/sglang:v0.5.5.post2-rocm700-mi35x",
        ("trt", _) => "nvcr.io#nvidia/tensorrt-llm/release:1.2.0rc2",
        ("dynamo-trt", _) => "nvcr.io#nvidia/ai-dynamo/tensorrtllm-runtime:0.7.0.post2",
        ("dynamo-sglang", _) => "nvcr.io#nvidia/ai-dynamo/sglang-runtime:0.7.0",
        ("atom", _) => "rocm/atom:rocm7.1.1-ubuntu24.04-pytorch2.9-atom0.1.1-MI350x",
        _ => "rocm/sgl-dev:sglang-0.5.6.post1-rocm700-mi35x-mori-1224",
    }
}

/// Every record of one combination: two to five series (serving engines, some disaggregated,
/// some with MTP), each with one or two deployments of 10–16 concurrencies.
fn combo_records(combo: &Combination) -> Vec<SyntheticRecord> {
    let acc = &HARDWARE[combo.hw];
    let model = synthetic_model(combo.model);
    let (isl, osl) = SEQUENCES[combo.sequence];
    let mut rng = Rng::seeded(&[
        2,
        combo.model as u64,
        combo.hw as u64,
        combo.sequence as u64,
        PRECISIONS
            .iter()
            .position(|p| *p == combo.precision)
            .unwrap_or(9) as u64,
    ]);
    // Which engines ran: each with a fair chance, at least one aggregated.
    let mut series: Vec<(&'static str, bool)> = acc
        .engines
        .iter()
        .filter(|_| rng.chance(0.6))
        .map(|e| (*e, false))
        .collect();
    if series.is_empty() {
        series.push((*rng.pick(acc.engines), false));
    }
    if !acc.disagg.is_empty() && rng.chance(0.5) {
        series.push((*rng.pick(acc.disagg), true));
    }
    let mut with_mtp = Vec::new();
    if model.mtp {
        for &(engine, disagg) in &series {
            if engine != "vllm" && engine != "atom" && rng.chance(0.3) {
                with_mtp.push((engine, disagg));
            }
        }
    }
    let precision_speed = match combo.precision {
        "fp4" => 1.6,
        "fp8" => 1.0,
        _ => 0.55,
    };
    // With long inputs much of the GPUs' time goes to prefill: fewer output tokens per GPU,
    // though more tokens in total.
    let output_share = [1.0, 1.0, 0.35][combo.sequence];
    let mut records = Vec::new();
    let runs = series
        .iter()
        .map(|&(e, d)| (e, d, false))
        .chain(with_mtp.iter().map(|&(e, d)| (e, d, true)));
    for (engine, disagg, mtp) in runs {
        let engine_speed = rng.range(0.8, 1.15);
        let layouts = if rng.chance(0.25) { 2 } else { 1 };
        // A second deployment differs in its (decode) tensor parallelism from the first.
        let tp_choice = rng.int(0, 11);
        for layout in 0..layouts {
            let deployment = if disagg {
                let prefill_tp = *rng.pick(&[1, 2, 4]);
                let decode_tp = [2, 4, 8][(tp_choice + layout) % 3];
                let big = rng.chance(0.4);
                Deployment::Disaggregated {
                    prefill_tp,
                    prefill_ep: if big { prefill_tp * 2 } else { 1 },
                    prefill_workers: rng.int(1, 3) as u32,
                    decode_tp,
                    decode_ep: if big { decode_tp * 2 } else { 1 },
                    decode_workers: 1,
                    dp_attention: big,
                }
            } else {
                let tp = [1, 2, 4, 8][(tp_choice + layout) % 4];
                let moe = rng.chance(0.3);
                Deployment::Aggregated {
                    tp,
                    ep: if moe { tp } else { 1 },
                    dp_attention: moe && layout == 1,
                }
            };
            let gpus = deployment.gpus() as f64;
            let len = rng.int(10, 16);
            let first = if disagg {
                rng.int(5, CONCURRENCIES.len() - len)
            } else {
                rng.int(0, 3)
            };
            // Interactivity falls with concurrency; throughput per GPU rises towards saturation.
            let speed = acc.speed * precision_speed * engine_speed * model.speed;
            let peak_interactivity =
                rng.range(90.0, 160.0) * speed.powf(0.35) * if mtp { 1.6 } else { 1.0 };
            let saturation = rng.range(8.0, 48.0) * if disagg { 4.0 } else { 1.0 };
            let efficiency = rng.range(0.7, 1.0) * output_share * speed.sqrt();
            for &conc in &CONCURRENCIES[first..first + len] {
                let c = conc as f64;
                let interactivity =
                    peak_interactivity / (1.0 + (c / saturation).powf(0.8)) * rng.range(0.97, 1.03);
                let output_per_gpu = c * interactivity / gpus * efficiency;
                let throughput =
                    output_per_gpu * (isl + osl) as f64 / osl as f64 * rng.range(0.97, 1.03);
                let ttft = isl as f64 / (12_000.0 * acc.speed * precision_speed)
                    * (1.0 + c / (saturation * 4.0))
                    * rng.range(0.9, 1.1);
                records.push(SyntheticRecord {
                    runner: runner(acc, engine),
                    model_key: model.id.clone(),
                    framework: engine,
                    precision: combo.precision,
                    mtp,
                    deployment,
                    isl,
                    osl,
                    conc,
                    image: image(engine, acc.amd),
                    interactivity,
                    throughput,
                    ttft,
                    p99_ttft: ttft * rng.range(2.5, 6.0),
                });
            }
        }
    }
    records
}

/// The runner name as the real files write it (some through `hardware.yaml` aliases).
fn runner(acc: &Accelerator, engine: &str) -> &'static str {
    match (acc.id, engine) {
        ("b200", "trt") => "b200-trt",
        ("mi355x", "sglang-disagg") => "mi355x-amd_0",
        _ => acc.id,
    }
}

impl SyntheticRecord {
    /// Appends the record as the real files write it: a pretty-printed object, two-space indent.
    fn write_json(&self, out: &mut String) {
        let mut fields: Vec<(&str, String)> = vec![
            ("hw", quote(self.runner)),
            ("conc", self.conc.to_string()),
            ("image", quote(self.image)),
            (
                "model",
                quote(&format!("/models/synthetic/{}", self.model_key)),
            ),
            ("infmax_model_prefix", quote(&self.model_key)),
            ("framework", quote(self.framework)),
            ("precision", quote(self.precision)),
            (
                "spec_decoding",
                quote(if self.mtp { "mtp" } else { "none" }),
            ),
        ];
        let disagg = matches!(self.deployment, Deployment::Disaggregated { .. });
        fields.push(("disagg", disagg.to_string()));
        fields.push(("isl", self.isl.to_string()));
        fields.push(("osl", self.osl.to_string()));
        fields.push(("is_multinode", (self.deployment.gpus() > 8).to_string()));
        let flag = |b: bool| quote(if b { "true" } else { "false" });
        match self.deployment {
            Deployment::Aggregated {
                tp,
                ep,
                dp_attention,
            } => {
                fields.push(("tp", tp.to_string()));
                fields.push(("ep", ep.to_string()));
                fields.push(("dp_attention", flag(dp_attention)));
            }
            Deployment::Disaggregated {
                prefill_tp,
                prefill_ep,
                prefill_workers,
                decode_tp,
                decode_ep,
                decode_workers,
                dp_attention,
            } => {
                fields.push(("prefill_tp", prefill_tp.to_string()));
                fields.push(("prefill_ep", prefill_ep.to_string()));
                fields.push(("prefill_dp_attention", flag(dp_attention)));
                fields.push(("prefill_num_workers", prefill_workers.to_string()));
                fields.push(("decode_tp", decode_tp.to_string()));
                fields.push(("decode_ep", decode_ep.to_string()));
                fields.push(("decode_dp_attention", flag(dp_attention)));
                fields.push(("decode_num_workers", decode_workers.to_string()));
                fields.push((
                    "num_prefill_gpu",
                    (prefill_tp * prefill_workers).to_string(),
                ));
                fields.push(("num_decode_gpu", (decode_tp * decode_workers).to_string()));
            }
        }
        let share = self.osl as f64 / (self.isl + self.osl) as f64;
        let tpot = 1.0 / self.interactivity;
        let e2el = self.ttft + self.osl as f64 * tpot;
        let numbers = [
            ("tput_per_gpu", self.throughput),
            ("output_tput_per_gpu", self.throughput * share),
            ("input_tput_per_gpu", self.throughput * (1.0 - share)),
            ("mean_ttft", self.ttft * 1.8),
            ("median_ttft", self.ttft),
            ("std_ttft", self.ttft * 2.4),
            ("p99_ttft", self.p99_ttft),
            ("mean_tpot", tpot * 1.01),
            ("mean_intvty", self.interactivity * 0.99),
            ("median_tpot", tpot),
            ("median_intvty", self.interactivity),
            ("std_tpot", tpot * 0.07),
            ("std_intvty", self.interactivity * 9.5),
            ("p99_tpot", tpot * 1.2),
            ("p99_intvty", self.interactivity / 1.2),
            ("mean_itl", tpot * 0.98),
            ("median_itl", tpot * 0.42),
            ("std_itl", tpot * 2.2),
            ("p99_itl", tpot * 8.0),
            ("mean_e2el", e2el * 1.02),
            ("median_e2el", e2el),
            ("std_e2el", e2el * 0.11),
            ("p99_e2el", e2el * 1.3),
        ];
        fields.extend(numbers.iter().map(|(k, v)| (*k, format!("{v:?}"))));
        out.push_str("  {\n");
        for (i, (key, value)) in fields.iter().enumerate() {
            let comma = if i + 1 < fields.len() { "," } else { "" };
            writeln!(out, "    \"{key}\": {value}{comma}").expect("writing to a String");
        }
        out.push_str("  }");
    }
}

/// A JSON string literal; generated values never need escapes beyond these.
fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinations_are_a_deterministic_prefix() {
        let small = combinations_list(30);
        let large = combinations_list(100);
        assert_eq!(small.len(), 30);
        for c in &small {
            assert!(large.contains(c));
            let a: Vec<String> = combo_records(c)
                .iter()
                .map(|r| {
                    let mut s = String::new();
                    r.write_json(&mut s);
                    s
                })
                .collect();
            let b: Vec<String> = combo_records(c)
                .iter()
                .map(|r| {
                    let mut s = String::new();
                    r.write_json(&mut s);
                    s
                })
                .collect();
            assert_eq!(a, b);
        }
    }

    #[test]
    fn one_model_covers_every_accelerator() {
        let list = combinations_list(14);
        let hw: std::collections::BTreeSet<usize> = list.iter().map(|c| c.hw).collect();
        assert_eq!(hw.len(), HARDWARE.len());
        assert!(list.iter().all(|c| c.model == 0 && c.sequence == 0));
    }

    #[test]
    fn curves_trade_throughput_for_interactivity() {
        for c in combinations_list(60) {
            let records = combo_records(&c);
            assert!(records.len() >= 10);
            // Each curve is a run of rising concurrencies: more users, less interactivity
            // each, more throughput per GPU.
            let mut start = 0;
            for i in 1..=records.len() {
                let same_curve = |a: &SyntheticRecord, b: &SyntheticRecord| {
                    (a.framework, a.mtp, a.deployment) == (b.framework, b.mtp, b.deployment)
                        && b.conc > a.conc
                };
                if i < records.len() && same_curve(&records[i - 1], &records[i]) {
                    continue;
                }
                let curve = &records[start..i];
                assert!((10..=16).contains(&curve.len()), "{}", curve.len());
                let (first, last) = (&curve[0], &curve[curve.len() - 1]);
                assert!(last.interactivity < first.interactivity);
                assert!(last.throughput > first.throughput);
                for r in curve {
                    assert!(r.throughput.is_finite() && r.throughput > 0.0);
                    assert!(r.interactivity.is_finite() && r.interactivity > 0.0);
                }
                start = i;
            }
        }
    }
}
