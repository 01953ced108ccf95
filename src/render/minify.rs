//! Minifying templates, and `static/`'s scripts and stylesheets.

/// Minifies a template once, when it is loaded, rather than every page it renders: pages are
/// then minified as they are rendered, at no cost per page (minifying each page took over
/// 40% of a large build). Template syntax (`{{ }}`, `{% %}`, `{# #}`) is kept as it is, and
/// scripts are left alone (minify-html's JS minifier breaks scripts).
pub fn template(text: &str) -> String {
    let cfg = minify_html::Cfg {
        minify_css: true,
        minify_js: false,
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        preserve_brace_template_syntax: true,
        ..minify_html::Cfg::default()
    };
    String::from_utf8(minify_html::minify(text.as_bytes(), &cfg))
        .unwrap_or_else(|_| text.to_string())
}

/// One of `static/`'s scripts, minified by oxc as minify-html minifies inline scripts: its
/// safest compression, with top-level names kept (the scripts find each other through
/// `window`); a classic script or a module, as its `import`s and `export`s say. `None` for a
/// script that does not parse, which is then served as it is, for the browser to report
/// where its author will look.
pub fn script(source: &[u8]) -> Option<Vec<u8>> {
    use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
    let text = std::str::from_utf8(source).ok()?;
    let allocator = oxc_allocator::Allocator::default();
    let parsed =
        oxc_parser::Parser::new(&allocator, text, oxc_span::SourceType::unambiguous()).parse();
    if !parsed.errors.is_empty() || parsed.panicked {
        return None;
    }
    let mut program = parsed.program;
    let options = MinifierOptions {
        mangle: Some(MangleOptions::default()),
        compress: Some(CompressOptions::safest()),
    };
    Minifier::new(options).minify(&allocator, &mut program);
    // Comments go, but for licences (`/*!`, `@license`), which must travel with the code.
    let comments = oxc_codegen::CommentOptions {
        legal: oxc_codegen::LegalComment::Inline,
        ..oxc_codegen::CommentOptions::disabled()
    };
    let codegen = oxc_codegen::CodegenOptions {
        comments,
        ..oxc_codegen::CodegenOptions::minify()
    };
    let code = oxc_codegen::Codegen::new()
        .with_options(codegen)
        .build(&program)
        .code;
    Some(code.into_bytes())
}

/// One of `static/`'s stylesheets, minified by lightningcss as minify-html minifies inline
/// styles; `None` for one it cannot read, served as it is.
pub fn stylesheet(source: &[u8]) -> Option<Vec<u8>> {
    use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};
    let text = std::str::from_utf8(source).ok()?;
    let mut sheet = StyleSheet::parse(text, ParserOptions::default()).ok()?;
    sheet.minify(MinifyOptions::default()).ok()?;
    let printer = PrinterOptions {
        minify: true,
        ..PrinterOptions::default()
    };
    Some(sheet.to_css(printer).ok()?.code.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stylesheet and scripts the project ships parse and minify: one that does not is
    /// published as written (a stray `}` in style.css did so for sessions, and made browsers
    /// drop the rule after it).
    #[test]
    fn the_shipped_stylesheet_and_scripts_minify() {
        let css = stylesheet(include_bytes!("../../static/style.css"));
        assert!(css.is_some(), "static/style.css does not parse");
        let scripts: [(&str, &[u8]); 6] = [
            ("chart.js", include_bytes!("../../static/chart.js")),
            ("ranking.js", include_bytes!("../../static/ranking.js")),
            ("reader.js", include_bytes!("../../static/reader.js")),
            ("search.js", include_bytes!("../../static/search.js")),
            ("speed.js", include_bytes!("../../static/speed.js")),
            ("spline.js", include_bytes!("../../static/spline.js")),
        ];
        for (name, source) in scripts {
            assert!(script(source).is_some(), "static/{name} does not parse");
        }
    }

    #[test]
    fn a_script_loses_comments_and_space_but_keeps_its_licence_and_globals() {
        let source = b"/*! (c) 2026, MIT */\n// Adds one.\nwindow.benchsiteThing = function (value) {\n  var result = value + 1;\n  return result;\n};\n";
        let out = String::from_utf8(script(source).unwrap()).unwrap();
        assert!(out.starts_with("/*! (c) 2026, MIT */"), "{out}");
        assert!(!out.contains("Adds one"), "{out}");
        assert!(out.contains("window.benchsiteThing"), "{out}");
        assert!(out.len() < source.len() - 20, "{out}");
    }

    #[test]
    fn a_script_that_does_not_parse_is_left_to_the_browser() {
        assert_eq!(script(b"function ("), None);
    }

    #[test]
    fn a_stylesheet_loses_comments_and_space() {
        let out = stylesheet(b"/* Links. */\na {\n  color: #ff0000;\n}\n").unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a{color:red}");
    }
}
