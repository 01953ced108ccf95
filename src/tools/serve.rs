//! `benchsite serve`: a preview server for editors.
//!
//! The site is built in memory and served from there on 127.0.0.1, so a preview never touches
//! `public/` (which a deploy may be syncing). Every change to an input rebuilds the site and tells
//! open pages to reload. A failed build does not stop the server: its message goes to the
//! terminal and, as an overlay, into every page, over the last good build, so the editor sees both
//! what broke and what the page looked like; the next good build clears it.

mod http;
mod inject;
mod watch;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use axum::body::Bytes;
use tokio::sync::broadcast;

use crate::build;
use crate::error::{Error, Result};

/// Options of `benchsite serve`; also its command-line flags (short ones as in Zola and Hugo).
#[derive(Debug, Clone, clap::Args)]
pub struct ServeOptions {
    /// The site's folder.
    #[arg(short, long, default_value = ".")]
    pub root: PathBuf,
    /// The address to listen on; 0.0.0.0 lets other machines see the preview.
    #[arg(short, long, default_value = "127.0.0.1")]
    pub interface: IpAddr,
    /// Port to listen on; 0 picks a free one.
    #[arg(short, long, default_value_t = 1111)]
    pub port: u16,
    /// Canonical links and the sitemap use this URL [default: the preview's own address].
    #[arg(short, long)]
    pub base_url: Option<String>,
    /// Include Markdown pages marked `draft: true`.
    #[arg(short = 'D', long)]
    pub drafts: bool,
    /// List every problem of a failed build, not the first few of each group.
    #[arg(long)]
    pub all_errors: bool,
}

/// Builds the site, serves it on `interface:port` and rebuilds it whenever an input changes,
/// until the process is stopped.
///
/// Prints `serving on http://ADDRESS:PORT/` to stderr once the first build is done. Returns
/// only when the server cannot start (a busy port, an unreadable root, no file watcher).
pub fn serve(options: &ServeOptions) -> Result<()> {
    crate::tools::init::ensure_site(&options.root)?;
    let root = (options.root)
        .canonicalize()
        .map_err(|e| Error::io(&options.root, e))?;
    let base_url = options
        .base_url
        .as_deref()
        .map(crate::input::config::base_url_flag)
        .transpose()?;
    let listen_error = |source| Error::Listen {
        address: SocketAddr::new(options.interface, options.port).to_string(),
        port: options.port,
        source,
    };
    let listener = TcpListener::bind((options.interface, options.port))
        .and_then(|l| l.set_nonblocking(true).map(|()| l))
        .map_err(listen_error)?;
    let addr = listener.local_addr().map_err(listen_error)?;
    let live = Arc::new(Live::new(root, addr, base_url, options));
    live.rebuild();
    watch::start(Arc::clone(&live))?;
    eprintln!("serving on http://{addr}/");
    let server_error = |e| Error::io(addr.to_string(), e);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(server_error)?;
    runtime
        .block_on(http::run(listener, live))
        .map_err(server_error)
}

/// A build's files by output path, or its error message.
type Built = std::result::Result<HashMap<String, Bytes>, String>;

/// The files of one build, as served.
struct Snapshot {
    /// Output paths (`dsr1/index.html`) to their bytes.
    files: Arc<HashMap<String, Bytes>>,
    /// The last build's error, shown over every page until a build succeeds.
    error: Option<String>,
    /// Counts builds, so that a page can tell whether it is out of date.
    build: u64,
}

/// State shared by the HTTP handlers and the watcher.
struct Live {
    root: PathBuf,
    /// `http://127.0.0.1:PORT`: canonical links and the sitemap point at the preview, not at
    /// the production host (unless `--base-url` says otherwise).
    base_url: String,
    drafts: bool,
    all_errors: bool,
    snapshot: RwLock<Arc<Snapshot>>,
    /// Carries the number of each finished build to every open page.
    reload: broadcast::Sender<u64>,
}

impl Live {
    fn new(
        root: PathBuf,
        addr: SocketAddr,
        base_url: Option<String>,
        options: &ServeOptions,
    ) -> Live {
        let empty = Snapshot {
            files: Arc::default(),
            error: None,
            build: 0,
        };
        Live {
            root,
            base_url: base_url.unwrap_or_else(|| format!("http://{addr}")),
            drafts: options.drafts,
            all_errors: options.all_errors,
            snapshot: RwLock::new(Arc::new(empty)),
            reload: broadcast::channel(16).0,
        }
    }

    /// The current build; handlers hold it for one response, so a rebuild never shows half.
    fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Builds the site, swaps the result in (or keeps the old files with the error) and tells
    /// open pages to reload. Called by one thread at a time (first `serve`, then the watcher),
    /// so builds never race.
    fn rebuild(&self) {
        let started = Instant::now();
        let result = build_files(self);
        let next = self.snapshot().after(result);
        match &next.error {
            None => eprintln!(
                "built {} files in {:.2} s",
                next.files.len(),
                started.elapsed().as_secs_f64()
            ),
            Some(message) if next.files.is_empty() => {
                eprintln!("build failed; nothing to serve until it is fixed:\n{message}");
            }
            Some(message) => {
                eprintln!("build failed; still serving the last good build:\n{message}");
            }
        }
        let build = next.build;
        *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(next);
        // No open page is not an error.
        let _ = self.reload.send(build);
    }
}

impl Snapshot {
    /// The snapshot that follows this one after a build: its files, or on failure this one's
    /// files with the error.
    fn after(&self, result: Built) -> Snapshot {
        let build = self.build + 1;
        match result {
            Ok(files) => Snapshot {
                files: Arc::new(files),
                error: None,
                build,
            },
            Err(message) => Snapshot {
                files: Arc::clone(&self.files),
                error: Some(message),
                build,
            },
        }
    }
}

/// Loads and renders the whole site, turning a panic into an error message too: a bug in one
/// stage must not take down the server an editor is looking at.
fn build_files(live: &Live) -> Built {
    let build = || -> Result<HashMap<String, Bytes>> {
        let mut site = build::load(&live.root, live.drafts)?;
        if let Some(url) = crate::input::config::normalize_base_url(&live.base_url) {
            site.config.base_url = url;
        }
        let files = build::render(&site, true)?;
        Ok(files
            .into_iter()
            .map(|f| (f.path, Bytes::from(f.bytes)))
            .collect())
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(build)) {
        Ok(result) => result.map_err(|e| crate::report::message(&e, live.all_errors)),
        Err(_) => Err("internal error: the build panicked (see the terminal)".to_string()),
    }
}
