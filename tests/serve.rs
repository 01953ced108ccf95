//! `benchsite serve` end to end, against the real binary on a copy of the demo site: pages are
//! served from memory with the live-reload script, an edit is rebuilt and announced, a broken
//! input shows the error overlay over the last good page, and fixing it recovers.
//!
//! All traffic stays on 127.0.0.1; every wait is bounded; the server is killed even when an
//! assertion fails.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Fixture;

/// How long a rebuild may take to show (a debug build of the demo site takes well under 1 s).
const WAIT: Duration = Duration::from_secs(20);
/// The first build, on a loaded CI machine.
const STARTUP: Duration = Duration::from_secs(60);
const EVENTS: &str = "/__benchsite/events";
const OVERLAY: &str = "id=\"benchsite-build-error\"";

/// A running `benchsite serve`; killed on drop.
struct Server {
    child: Child,
    base: String,
    /// Every line the server printed to stderr, for failure messages and the terminal checks.
    log: Arc<Mutex<Vec<String>>>,
    http: ureq::Agent,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One response, read whole.
struct Page {
    status: u16,
    content_type: String,
    location: String,
    body: String,
}

/// One server-sent event.
#[derive(Debug)]
struct Sse {
    event: String,
    data: String,
}

impl Server {
    /// Starts `benchsite serve --port 0` on `fixture` and waits for the port it announces.
    fn start(fixture: &Fixture) -> Server {
        Server::start_with(fixture, &[])
    }

    /// [`Server::start`] with more flags.
    fn start_with(fixture: &Fixture, flags: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_benchsite"))
            .args(["serve", "--port", "0"])
            .args(flags)
            .arg("--root")
            .arg(fixture.root())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the benchsite binary starts");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, lines) = mpsc::channel();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line.clone());
                let _ = tx.send(line);
            }
        });
        let http = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .new_agent();
        let mut server = Server {
            child,
            base: String::new(),
            log,
            http,
        };
        server.base = server.announced_address(&lines);
        server
    }

    fn announced_address(&self, lines: &Receiver<String>) -> String {
        let deadline = Instant::now() + STARTUP;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match lines.recv_timeout(left) {
                Ok(line) => {
                    if let Some(url) = line.strip_prefix("serving on ") {
                        let base = url.trim().trim_end_matches('/').to_string();
                        assert!(base.starts_with("http://127.0.0.1:"), "{line}");
                        return base;
                    }
                }
                Err(RecvTimeoutError::Timeout) => self.fail("no `serving on` line in time"),
                Err(RecvTimeoutError::Disconnected) => self.fail("the server exited"),
            }
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    fn fail(&self, what: &str) -> ! {
        panic!("{what}\n--- server stderr ---\n{}", self.log())
    }

    fn get(&self, path: &str) -> Page {
        let mut response = self
            .http
            .get(format!("{}{path}", self.base))
            .call()
            .unwrap_or_else(|e| self.fail(&format!("GET {path}: {e}")));
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        let (content_type, location) = (header("content-type"), header("location"));
        Page {
            status: response.status().as_u16(),
            content_type,
            location,
            body: response.body_mut().read_to_string().unwrap(),
        }
    }

    /// GETs `path` until `ready` holds, for at most [`WAIT`].
    fn poll(&self, path: &str, what: &str, ready: impl Fn(&Page) -> bool) -> Page {
        let deadline = Instant::now() + WAIT;
        loop {
            let page = self.get(path);
            if ready(&page) {
                return page;
            }
            if Instant::now() > deadline {
                self.fail(&format!(
                    "timed out waiting for {what}; last {path} ({}):\n{}",
                    page.status, page.body
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Opens the event stream; events arrive on the returned channel. The stream's first event,
    /// `hello`, has been received when this returns, so the page is subscribed to rebuilds.
    fn subscribe(&self) -> Receiver<Sse> {
        // No timeout: the stream stays open for the whole test.
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .new_agent();
        let response = agent
            .get(format!("{}{EVENTS}", self.base))
            .header("Accept", "text/event-stream")
            .call()
            .unwrap_or_else(|e| self.fail(&format!("GET {EVENTS}: {e}")));
        assert_eq!(response.status().as_u16(), 200);
        let content_type = response.headers().get("content-type").unwrap();
        assert_eq!(content_type.to_str().unwrap(), "text/event-stream");
        let (tx, events) = mpsc::channel();
        let reader = BufReader::new(response.into_body().into_reader());
        std::thread::spawn(move || read_events(reader, &tx));
        let hello = self.next_event(&events, "hello");
        assert!(hello.data.parse::<u64>().is_ok(), "{hello:?}");
        events
    }

    /// Waits for the next event named `name`, skipping others.
    fn next_event(&self, events: &Receiver<Sse>, name: &str) -> Sse {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match events.recv_timeout(left) {
                Ok(e) if e.event == name => return e,
                Ok(_) => {}
                Err(_) => self.fail(&format!("no `{name}` event in time")),
            }
        }
    }

    /// Waits until the server's stderr has a line containing `text`.
    fn wait_for_log(&self, text: &str) {
        let deadline = Instant::now() + WAIT;
        while !self.log().contains(text) {
            if Instant::now() > deadline {
                self.fail(&format!("the terminal never showed {text:?}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Parses `event:`/`data:` lines into events until the stream ends.
fn read_events(reader: impl BufRead, tx: &mpsc::Sender<Sse>) {
    let (mut event, mut data) = (String::new(), String::new());
    for line in reader.lines().map_while(Result::ok) {
        if let Some(v) = line.strip_prefix("event:") {
            event = v.trim().to_string();
        } else if let Some(v) = line.strip_prefix("data:") {
            data = v.trim().to_string();
        } else if line.is_empty() && !(event.is_empty() && data.is_empty()) {
            let done = Sse {
                event: std::mem::take(&mut event),
                data: std::mem::take(&mut data),
            };
            if tx.send(done).is_err() {
                return;
            }
        }
    }
}

/// Replaces the `description:` entry of a site.yaml (with any continuation lines of a block
/// scalar) by `description: <text>`.
fn with_description(site_yaml: &str, text: &str) -> String {
    let mut out = Vec::new();
    let mut in_description = false;
    for line in site_yaml.lines() {
        if line.starts_with("description:") {
            out.push(format!("description: {text}"));
            in_description = true;
        } else if in_description && line.starts_with([' ', '\t']) {
            continue;
        } else {
            in_description = false;
            out.push(line.to_string());
        }
    }
    assert!(
        out.iter().any(|l| l.starts_with("description: ")),
        "the demo site.yaml has a description"
    );
    out.join("\n") + "\n"
}

/// The build number a served page was stamped with by the reload script.
fn build_stamp(html: &str) -> u64 {
    let rest = html
        .split("const b=\"")
        .nth(1)
        .expect("the reload script carries the page's build");
    rest[..rest.find('"').unwrap()].parse().unwrap()
}

/// Every `href` value in a page, quoted or not (pages are minified).
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=")
        .skip(1)
        .map(|rest| {
            let rest = rest.trim_start_matches(['"', '\'']);
            let end = rest
                .find(|c: char| c == '"' || c == '\'' || c == '>' || c.is_whitespace())
                .unwrap_or(rest.len());
            rest[..end].to_string()
        })
        .collect()
}

#[test]
fn serve_rebuilds_reloads_and_survives_a_broken_input() {
    let site = Fixture::demo();
    let server = Server::start(&site);

    // Pages come from memory, with the reload script and no overlay.
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.content_type, "text/html; charset=utf-8");
    assert!(home.body.contains(EVENTS), "reload script injected");
    assert!(
        !home.body.contains(OVERLAY),
        "no overlay after a good build"
    );
    assert_eq!(home.body.matches("<script>(()=>").count(), 1);

    check_static_files_and_urls(&server, &home.body);

    // An edit is rebuilt, served, and announced to open pages.
    let events = server.subscribe();
    let marker = "Edited while serving, live-reload-marker-7f3a";
    site.write(
        "site.yaml",
        &with_description(&site.read("site.yaml"), marker),
    );
    let reload = server.next_event(&events, "reload");
    let edited = server.poll("/", "the edited description", |p| p.body.contains(marker));
    assert_eq!(edited.status, 200);
    assert!(!edited.body.contains(OVERLAY));
    let announced: u64 = reload.data.parse().unwrap();
    assert!(
        build_stamp(&edited.body) >= announced,
        "the page is from the build the reload announced, or later ({reload:?})"
    );

    // A broken input: the terminal and every page show the error; the last good pages stay.
    let models = site.read("data/models.yaml");
    site.write("data/models.yaml", "models: [this is not <valid> yaml\n");
    server.next_event(&events, "reload");
    let broken = server.poll("/", "the error overlay", |p| p.body.contains(OVERLAY));
    assert_eq!(broken.status, 200, "the last good page is still served");
    assert!(
        broken.body.contains(marker),
        "the last good page is underneath"
    );
    let overlay = &broken.body[broken.body.find(OVERLAY).unwrap()..];
    assert!(
        overlay.contains("data/models.yaml"),
        "the overlay names the file: {overlay}"
    );
    assert!(
        !broken.body.contains("<valid>"),
        "the error text is HTML-escaped"
    );
    server.wait_for_log("data/models.yaml");
    let missing = server.get("/no-such-page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains(OVERLAY), "the 404 page shows it too");

    // Fixed: the overlay goes, a reload is sent, the page is back.
    site.write("data/models.yaml", &models);
    server.next_event(&events, "reload");
    let fixed = server.poll("/", "the overlay to clear", |p| !p.body.contains(OVERLAY));
    assert_eq!(fixed.status, 200);
    assert!(fixed.body.contains(marker));
    assert!(fixed.body.contains(EVENTS));
}

/// Static files keep their bytes and type, a page's URL without its slash redirects, and a
/// missing page is the site's 404 page with status 404.
fn check_static_files_and_urls(server: &Server, home: &str) {
    let links = hrefs(home);
    let css = links
        .iter()
        .find(|h| h.starts_with('/') && h.ends_with(".css"))
        .expect("the home page links its stylesheet");
    let style = server.get(css);
    assert_eq!(style.status, 200);
    assert_eq!(style.content_type, "text/css; charset=utf-8");
    assert!(!style.body.contains(EVENTS), "only pages get the script");

    let page = links
        .iter()
        .filter(|h| h.len() > 1 && h.starts_with('/') && h.ends_with('/'))
        .find(|h| server.get(h).status == 200)
        .expect("the home page links at least one page");
    let bare = server.get(page.trim_end_matches('/'));
    assert!(
        (300..400).contains(&bare.status),
        "{page} without its slash redirects"
    );
    assert_eq!(&bare.location, page);

    let missing = server.get("/no-such-page/");
    assert_eq!(missing.status, 404);
    assert!(missing.content_type.starts_with("text/html"));
    assert!(missing.body.to_lowercase().contains("not found"));
    assert!(missing.body.contains(EVENTS));

    // Search works under serve: the search page and Pagefind's index are served.
    assert_eq!(server.get("/search/").status, 200);
    let entry = server.get("/pagefind/pagefind-entry.json");
    assert_eq!(entry.status, 200);
    assert!(entry.body.contains("\"page_count\""), "{}", entry.body);
    assert_eq!(server.get("/pagefind/pagefind.js").status, 200);
}

#[test]
fn serve_takes_drafts_base_url_and_interface() {
    let site = Fixture::without_results();
    site.write("data/results/one.yaml", common::GOOD_RECORD);
    site.write(
        "content/notes.md",
        "---\ntitle: Notes\ndraft: true\n---\nDraft.\n",
    );
    let flags = ["-D", "-b", "https://preview.example.net", "-i", "127.0.0.1"];
    let server = Server::start_with(&site, &flags);
    let notes = server.get("/notes/");
    assert_eq!(notes.status, 200, "drafts are served with -D");
    assert!(
        notes.body.contains("https://preview.example.net/notes/"),
        "canonical link from -b: {}",
        notes.body
    );
    let plain = Server::start(&site);
    assert_eq!(plain.get("/notes/").status, 404, "no drafts without -D");
}
