//! The `benchsite` command line. Library code returns typed errors; only this file turns them
//! into messages and exit codes (0 success, 2 a usage error — clap exits with 2 on its own, and
//! the build with [`Error::Usage`] — and 1 any other error: most often a problem in the site's
//! inputs, else a template, a file that cannot be read or written, a failed merge).

use std::io::IsTerminal;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use benchsite::build::{BuildOptions, DEFAULT_CACHE, MergeOptions, Summary, build, check, merge};
use benchsite::error::Error;
use benchsite::incremental::shard::Shard;
use benchsite::tools::serve::ServeOptions;

/// Rendering allocates many small strings on several threads; mimalloc handles that pattern
/// far better than glibc's allocator (a third of a build's time was malloc and free). Built
/// without transparent huge pages (`no_thp`): with them the 10k bench build peaked at 275–294
/// MiB, against a 300 MB budget, and 238–249 MiB without, in the same wall time (A/B,
/// 2026-12-03); each 2 MiB page was zeroed whole on first touch and kept whole.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "benchsite",
    version,
    about = "Static site generator for LLM inference benchmark pages"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (atomically: all or nothing).
    Build(BuildArgs),
    /// Join the folders of every `build --shard I/N` into one site, with the site-wide files.
    Merge {
        /// The merged site's folder.
        out: PathBuf,
        /// The shard folders, one per shard of the set.
        #[arg(required = true)]
        shards: Vec<PathBuf>,
        /// The site's folder (the inputs the shards were built from).
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        /// Write the output paths added, changed and removed against the previous output to
        /// FILE, as JSON (a deploy list).
        #[arg(long, value_name = "FILE")]
        changes: Option<PathBuf>,
    },
    /// Everything `build` does except writing, plus checking every internal link and anchor.
    Check {
        /// The site's folder.
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        /// Include Markdown pages marked `draft: true`.
        #[arg(short = 'D', long)]
        drafts: bool,
        /// List every problem, not the first few of each group with one cause.
        #[arg(long)]
        all_errors: bool,
    },
    /// Serve the site, rebuilding it and reloading open pages on every change.
    Serve(ServeOptions),
    /// Create a new site in DIR (missing or empty) that builds at once.
    Init {
        /// The new site's folder [default: the current folder]. `--root DIR` says the same, as
        /// on every other command.
        #[arg(conflicts_with = "root")]
        dir: Option<PathBuf>,
        /// The new site's folder, as `DIR` [default: .].
        #[arg(short, long)]
        root: Option<PathBuf>,
    },
    /// Generate synthetic results for N combinations, build them, report speed and peak memory.
    Bench {
        /// (model, accelerator, precision, sequence) combinations, i.e. hub pages; about
        /// 125 / 1250 / 6250 give about 1k / 10k / 50k pages in all.
        #[arg(long)]
        combinations: usize,
        /// Spread the data over R runs: run 1 measures everything, each later run re-measures
        /// a fifth of the series with small changes (some with a new image), so pages have
        /// history.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..))]
        runs: u16,
        /// The site whose site.yaml, data/hardware.yaml, templates/ and static/ are used.
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        /// Output folder [default: a temporary folder, removed afterwards]. If it exists it is
        /// removed before the measured build.
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Keep the generated data (and the default output folder).
        #[arg(long)]
        keep: bool,
        /// Build without the search index, to measure what search adds.
        #[arg(long)]
        no_search: bool,
        /// Then rebuild with the build cache: with nothing changed, and with one result file
        /// changed, three times each; report the medians (and every time) against the cold
        /// build.
        #[arg(long)]
        rebuilds: bool,
    },
}

/// `benchsite build`'s arguments.
#[derive(Args)]
struct BuildArgs {
    /// The site's folder (holding site.yaml, data/, templates/, static/, content/).
    #[arg(short, long, default_value = ".")]
    root: PathBuf,
    /// Output folder [default: <root>/public].
    #[arg(short, long)]
    out: Option<PathBuf>,
    /// Override site.yaml's base_url (preview deployments).
    #[arg(short, long)]
    base_url: Option<String>,
    /// Include Markdown pages marked `draft: true`.
    #[arg(short = 'D', long)]
    drafts: bool,
    /// Also write `.gz` and `.br` siblings of text files, for CDNs that serve them.
    #[arg(long)]
    precompress: bool,
    /// List every problem, not the first few of each group with one cause.
    #[arg(long)]
    all_errors: bool,
    /// Skip the search index (`/pagefind/`) and the search box.
    #[arg(long)]
    no_search: bool,
    /// Data pages per part of the search index (each part also holds some index pages):
    /// the build indexes one part at a time, while it renders the next, so smaller parts
    /// lower its peak memory, while a reader's first search fetches a few small files per
    /// part (and parts of a few pages leave rendering little to do in parallel).
    #[arg(long, value_name = "PAGES", default_value_t = benchsite::search::PAGES_PER_PART,
          value_parser = part_size)]
    search_part_size: NonZeroUsize,
    /// Write the output paths added, changed and removed against the previous output to
    /// FILE, as JSON (a deploy list).
    #[arg(long, value_name = "FILE")]
    changes: Option<PathBuf>,
    /// The build cache: re-render only the pages whose inputs changed [default:
    /// <root>/.benchsite-cache].
    #[arg(long, value_name = "DIR")]
    cache: Option<PathBuf>,
    /// Render every page, neither reading nor writing the build cache.
    #[arg(long, conflicts_with = "cache")]
    no_cache: bool,
    /// Build shard I of N (for example 2/3): that share of the data pages, for `merge`
    /// [output default: <root>/shard-I-of-N].
    #[arg(long, value_name = "I/N")]
    shard: Option<Shard>,
}

impl BuildArgs {
    fn options(self) -> BuildOptions {
        let cache =
            (!self.no_cache).then(|| self.cache.unwrap_or_else(|| self.root.join(DEFAULT_CACHE)));
        BuildOptions {
            root: self.root,
            out: self.out,
            base_url: self.base_url,
            drafts: self.drafts,
            precompress: self.precompress,
            progress: std::io::stderr().is_terminal(),
            search: !self.no_search,
            search_part_size: self.search_part_size,
            changes: self.changes,
            cache,
            shard: self.shard,
        }
    }
}

impl Command {
    /// Whether the command writes the output folder, which an error leaves untouched.
    fn writes_output(&self) -> bool {
        matches!(self, Command::Build(_) | Command::Merge { .. })
    }

    /// `--all-errors`, where the command has it.
    fn all_errors(&self) -> bool {
        match self {
            Command::Build(args) => args.all_errors,
            Command::Check { all_errors, .. } => *all_errors,
            Command::Serve(options) => options.all_errors,
            _ => false,
        }
    }

    fn run(self) -> Result<(), Error> {
        match self {
            Command::Build(args) => build(&args.options()).map(|summary| report("built", &summary)),
            Command::Merge {
                out,
                shards,
                root,
                changes,
            } => {
                let options = MergeOptions {
                    root,
                    out,
                    shards,
                    progress: std::io::stderr().is_terminal(),
                    changes,
                };
                merge(&options).map(|summary| report("merged", &summary))
            }
            Command::Check { root, drafts, .. } => {
                check(&root, drafts).map(|summary| eprintln!("checked: {summary}"))
            }
            Command::Serve(options) => benchsite::tools::serve::serve(&options),
            Command::Init { dir, root } => {
                let dir = dir.or(root).unwrap_or_else(|| PathBuf::from("."));
                benchsite::tools::init::init(&dir).map(|next| println!("{next}"))
            }
            Command::Bench {
                combinations,
                runs,
                root,
                out,
                keep,
                no_search,
                rebuilds,
            } => benchsite::tools::bench::run(&benchsite::tools::bench::BenchOptions {
                root,
                combinations,
                runs: usize::from(runs),
                out,
                keep,
                no_search,
                rebuilds,
            })
            .map(|report| println!("{report}")),
        }
    }
}

/// The summary line, after any warnings.
fn report(done: &str, summary: &Summary) {
    for warning in &summary.warnings {
        eprintln!("warning: {warning}");
    }
    eprintln!("{done}: {summary}");
}

/// `--search-part-size`: a whole number of pages, at least 1.
fn part_size(s: &str) -> Result<NonZeroUsize, String> {
    s.parse::<NonZeroUsize>()
        .map_err(|_| "a part holds a whole number of pages, at least 1".to_string())
}

fn main() -> ExitCode {
    let command = Cli::parse().command;
    let note = command
        .writes_output()
        .then_some("nothing was written; the previous output is untouched");
    let all_errors = command.all_errors();
    match command.run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", benchsite::report::message(&e, all_errors));
            note.into_iter().for_each(|n| eprintln!("{n}"));
            ExitCode::from(if matches!(e, Error::Usage(_)) { 2 } else { 1 })
        }
    }
}
