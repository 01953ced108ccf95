//! The HTTP side of `serve`: files from the in-memory build, and the reload events.
//!
//! URLs map onto output paths the way the CDN maps them in production (`/x/` is
//! `x/index.html`, a missing page is `404.html` with status 404), so that links which work in the
//! preview work after a deploy.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt as _};

use super::inject::{EVENTS_PATH, Failed, inject};
use super::{Live, Snapshot};

/// Served when the site has no `404.html` (or no good build yet).
const FALLBACK_404: &str = "<!doctype html><html><head><title>Not found</title></head><body><h1>Not found</h1></body></html>";

/// How long a page waits before reconnecting when the server went away (restarts are quick).
const RECONNECT: Duration = Duration::from_millis(500);

/// Serves until the listener fails.
pub(super) async fn run(listener: std::net::TcpListener, live: Arc<Live>) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let app = Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(get(file))
        .with_state(live);
    axum::serve(listener, app).await
}

/// What a request path names in a build.
#[derive(Debug, PartialEq, Eq)]
enum Target<'a> {
    File(&'a str),
    /// `/x` where `/x/` is a page: pages live at their folder URL, and relative links in them
    /// only resolve from there.
    Redirect(String),
    NotFound,
}

/// Maps a URL path (still percent-encoded) onto an output path of `files`.
fn resolve<'a>(files: &'a HashMap<String, Bytes>, url_path: &str) -> Target<'a> {
    let Ok(decoded) = percent_encoding::percent_decode_str(url_path).decode_utf8() else {
        return Target::NotFound;
    };
    let key = decoded.trim_start_matches('/');
    let lookup = |k: &str| files.get_key_value(k).map(|(k, _)| k.as_str());
    if key.is_empty() || key.ends_with('/') {
        return lookup(&format!("{key}index.html")).map_or(Target::NotFound, Target::File);
    }
    if let Some(found) = lookup(key) {
        return Target::File(found);
    }
    match lookup(&format!("{key}/index.html")) {
        Some(_) => Target::Redirect(format!("{url_path}/")),
        None => Target::NotFound,
    }
}

async fn file(State(live): State<Arc<Live>>, uri: Uri) -> Response {
    let snapshot = live.snapshot();
    match resolve(&snapshot.files, uri.path()) {
        Target::File(path) => respond(&snapshot, StatusCode::OK, path, &snapshot.files[path]),
        Target::Redirect(to) => {
            let to = match uri.query() {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            Redirect::temporary(&to).into_response()
        }
        Target::NotFound => match snapshot.files.get("404.html") {
            Some(page) => respond(&snapshot, StatusCode::NOT_FOUND, "404.html", page),
            None => respond(
                &snapshot,
                StatusCode::NOT_FOUND,
                "404.html",
                &Bytes::from_static(FALLBACK_404.as_bytes()),
            ),
        },
    }
}

/// One file; pages get the reload script and, after a failed build, the error overlay.
fn respond(snapshot: &Snapshot, status: StatusCode, path: &str, bytes: &Bytes) -> Response {
    let body = if path.ends_with(".html") {
        let failed = snapshot.error.as_deref().map(|message| Failed {
            message,
            earlier: !snapshot.files.is_empty(),
        });
        Bytes::from(inject(
            &String::from_utf8_lossy(bytes),
            snapshot.build,
            failed.as_ref(),
        ))
    } else {
        bytes.clone()
    };
    let headers = [
        (header::CONTENT_TYPE, content_type(path)),
        // The preview changes under the browser; it must never serve a stale copy.
        (header::CACHE_CONTROL, "no-store".to_string()),
    ];
    (status, headers, body).into_response()
}

/// The Content-Type of an output file, by its extension (the Atom feeds, `feed.xml`, by name,
/// so feed readers pointed at the preview recognise them); text is always UTF-8 here.
fn content_type(path: &str) -> String {
    if path == "feed.xml" || path.ends_with("/feed.xml") {
        return "application/atom+xml; charset=utf-8".to_string();
    }
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let textual = mime.type_() == mime_guess::mime::TEXT
        || mime.subtype() == "javascript"
        || mime.subtype() == "json"
        || mime.suffix().is_some_and(|s| s == "xml" || s == "json");
    if textual && mime.get_param("charset").is_none() {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

/// Server-sent events: `hello` with the current build on connect (a page built earlier reloads
/// at once), then `reload` after every build, good or failed.
async fn events(
    State(live): State<Arc<Live>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let current = live.snapshot().build;
    let hello = Event::default()
        .event("hello")
        .retry(RECONNECT)
        .data(current.to_string());
    let reloads = BroadcastStream::new(live.reload.subscribe()).map(move |build| {
        // A lagging page missed some builds; the latest one is what it should show.
        let build = build.unwrap_or_else(|_| live.snapshot().build);
        Ok(Event::default().event("reload").data(build.to_string()))
    });
    Sse::new(tokio_stream::once(Ok(hello)).chain(reloads)).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(paths: &[&str]) -> HashMap<String, Bytes> {
        paths
            .iter()
            .map(|p| (p.to_string(), Bytes::new()))
            .collect()
    }

    #[test]
    fn urls_map_onto_output_paths_like_the_cdn() {
        let f = files(&[
            "index.html",
            "dsr1/index.html",
            "style.1.css",
            "a b/index.html",
        ]);
        assert_eq!(resolve(&f, "/"), Target::File("index.html"));
        assert_eq!(resolve(&f, "/dsr1/"), Target::File("dsr1/index.html"));
        assert_eq!(resolve(&f, "/dsr1"), Target::Redirect("/dsr1/".into()));
        assert_eq!(resolve(&f, "/style.1.css"), Target::File("style.1.css"));
        assert_eq!(resolve(&f, "/a%20b/"), Target::File("a b/index.html"));
        assert_eq!(resolve(&f, "/nope"), Target::NotFound);
        assert_eq!(resolve(&f, "/nope/"), Target::NotFound);
        assert_eq!(resolve(&f, "/%ff"), Target::NotFound);
    }

    #[test]
    fn text_is_served_as_utf8() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.1.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("sitemap.xml"), "text/xml; charset=utf-8");
        assert_eq!(
            content_type("feed.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(
            content_type("dsr1/feed.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(content_type("x.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("x.png"), "image/png");
        assert_eq!(content_type("x.woff2"), "font/woff2");
    }
}
