//! The `benchsite` command line. Library code returns typed errors; only this file turns them
//! into messages and exit codes (0 success, 1 a problem in the site's inputs, 2 a usage error —
//! clap exits with 2 on its own).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use benchsite::site::{BuildOptions, build};

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
    Build {
        /// The site's folder (holding site.yaml, data/, templates/, static/, content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder [default: <root>/public].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Override site.yaml's base_url (preview deployments).
        #[arg(long)]
        base_url: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            out,
            base_url,
        } => {
            match build(&BuildOptions {
                root,
                out,
                base_url,
            }) {
                Ok(summary) => {
                    eprintln!("built: {summary}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}
