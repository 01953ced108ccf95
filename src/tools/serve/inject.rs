//! What `serve` adds to each page: the live-reload script and, after a failed build, the error
//! overlay. Only served pages get them; the built site never does.

use crate::render::escape_html;

/// Where pages listen for builds.
pub(super) const EVENTS_PATH: &str = "/__benchsite/events";

/// The `id` of the overlay element, so that tests and editors' tools can find it.
pub(super) const OVERLAY_ID: &str = "benchsite-build-error";

/// A failed build, as the overlay tells it.
pub(super) struct Failed<'a> {
    pub message: &'a str,
    /// Whether an earlier, good build is served beneath (there is none when the first build
    /// failed: every page is then the bare "Not found").
    pub earlier: bool,
}

/// Adds the reload script (and the overlay after a `failed` build) just before `</body>`, or at
/// the end of a page that has none.
pub(super) fn inject(html: &str, build: u64, failed: Option<&Failed>) -> String {
    let mut extra = failed.map(overlay).unwrap_or_default();
    extra.push_str(&reload_script(build));
    let at = html
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + extra.len());
    out.push_str(&html[..at]);
    out.push_str(&extra);
    out.push_str(&html[at..]);
    out
}

/// Reloads on every build; on (re)connect, reloads when the page is from an older build than
/// the server's, which covers builds missed while the page loaded or the server restarted.
fn reload_script(build: u64) -> String {
    format!(
        concat!(
            "<script>(()=>{{const b=\"{build}\";const s=new EventSource(\"{path}\");",
            "s.addEventListener(\"hello\",e=>{{if(e.data!==b)location.reload()}});",
            "s.addEventListener(\"reload\",()=>location.reload())}})()</script>"
        ),
        build = build,
        path = EVENTS_PATH,
    )
}

/// A full-window panel with the build error over the last good page; it can be dismissed to
/// look at the page, and comes back with the next reload while the error lasts.
fn overlay(failed: &Failed) -> String {
    let lead = match failed.earlier {
        true => "The last build failed; the page below is from the last good build.",
        false => "The build failed, and there is no good build yet to show.",
    };
    format!(
        concat!(
            "<div id=\"{id}\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;",
            "overflow:auto;margin:0;padding:2rem;background:rgba(40,0,0,.94);color:#fee;",
            "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace\">",
            "<p style=\"margin:0 0 1rem;font-weight:bold\">{lead}</p>",
            "<pre style=\"margin:0 0 1rem;white-space:pre-wrap\">{error}</pre>",
            "<button type=\"button\" onclick=\"this.parentNode.remove()\">Dismiss</button></div>"
        ),
        id = OVERLAY_ID,
        lead = lead,
        error = escape_html(failed.message),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_closing_body_tag() {
        let page = inject("<html><body><p>x</p></BODY></html>", 7, None);
        let script = page.find("<script>").unwrap();
        assert!(script > page.find("<p>x</p>").unwrap());
        assert!(page[script..].contains("</BODY></html>"), "{page}");
        assert!(page.contains("const b=\"7\""), "{page}");
        assert!(!page.contains(OVERLAY_ID));
    }

    #[test]
    fn a_page_without_body_gets_the_script_at_the_end() {
        assert!(inject("<p>x</p>", 1, None).ends_with("</script>"));
    }

    #[test]
    fn the_overlay_shows_the_error_escaped() {
        let failed = Failed {
            message: "data/models.yaml:3:1: bad <script>alert('x')</script> & \"more\"",
            earlier: true,
        };
        let page = inject("<body></body>", 2, Some(&failed));
        assert!(page.contains("the page below is from the last good build"));
        assert!(page.contains(OVERLAY_ID));
        assert!(page.contains(
            "bad &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;"
        ));
        assert!(!page.contains("<script>alert"));
    }

    #[test]
    fn without_a_good_build_the_overlay_does_not_point_at_one() {
        let failed = Failed {
            message: "site.yaml:1:1: bad",
            earlier: false,
        };
        let page = inject("<body></body>", 1, Some(&failed));
        assert!(
            page.contains("there is no good build yet to show"),
            "{page}"
        );
        assert!(!page.contains("page below"), "{page}");
    }
}
