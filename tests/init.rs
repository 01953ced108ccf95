//! `benchsite init`: a new site builds and checks at once; a non-empty folder is refused. And
//! the command line's flags, short and long, on the commands where each applies.

mod common;

use common::run as benchsite;

#[test]
fn init_then_build_then_check_succeed() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("site");
    let shown = dir.to_str().unwrap();
    let init = benchsite(&["init", shown]);
    assert_eq!(init.code, Some(0), "{}", init.stderr);
    assert_eq!(
        init.stdout,
        format!(
            "created a new benchsite site in {shown}\nnext:\n  benchsite serve --root {shown}   \
             # preview it at http://127.0.0.1:1111/\n  benchsite build --root {shown}   # write \
             it into {shown}/public\n"
        )
    );
    for file in [
        "site.yaml",
        "data/hardware.yaml",
        "data/models.yaml",
        "data/results/example.json",
        "content/methodology.md",
        "templates/layout.html",
        "templates/partials/chart.html",
        "static/style.css",
    ] {
        assert!(dir.join(file).is_file(), "{file}");
    }
    let hardware = std::fs::read_to_string(dir.join("data/hardware.yaml")).unwrap();
    assert_eq!(hardware.matches("\n- id: ").count(), 9, "{hardware}");
    let build = benchsite(&["build", "-r", shown]);
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    assert!(
        build.stderr.contains("built: 15 records read"),
        "{}",
        build.stderr
    );
    assert!(dir.join("public/methodology/index.html").is_file());
    assert!(
        dir.join("public/dsr1/mi355x/fp8/1k-1k/index.html")
            .is_file()
    );
    let check = benchsite(&["check", "--root", shown]);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
}

/// The settings a new site.yaml shows commented out each build as written once uncommented:
/// an editor who takes one up gets what it says.
#[test]
fn the_settings_shown_commented_out_build_once_taken_up() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("site");
    let shown = dir.to_str().unwrap();
    assert_eq!(benchsite(&["init", shown]).code, Some(0));
    let yaml = std::fs::read_to_string(dir.join("site.yaml")).unwrap();
    let settings = ["ranking_tiers: ", "echarts: ", "max_result_file_mb: "];
    let taken_up: String = yaml
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(s) if settings.iter().any(|k| s.starts_with(k)) => format!("{s}\n"),
            _ => format!("{l}\n"),
        })
        .collect();
    let uncommented = settings
        .iter()
        .filter(|k| taken_up.contains(&format!("\n{k}")));
    assert_eq!(uncommented.count(), 3, "{yaml}");
    std::fs::write(dir.join("site.yaml"), taken_up).unwrap();
    let build = benchsite(&["build", "-r", shown]);
    assert_eq!(build.code, Some(0), "{}", build.stderr);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let shown = dir.path().to_str().unwrap();
    let run = benchsite(&["init", shown]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.starts_with(&format!(
            "error: {shown} is not empty; `benchsite init` only writes into a new or empty folder"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// SPEC §8: every command takes `--root DIR`, the current folder by default; `init` also takes
/// the folder as its argument, but not both at once.
#[test]
fn init_takes_root_or_the_current_folder() {
    let parent = tempfile::tempdir().unwrap();
    let by_flag = parent.path().join("by-flag");
    let run = benchsite(&["init", "--root", by_flag.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(by_flag.join("site.yaml").is_file());

    let here = parent.path().join("here");
    std::fs::create_dir(&here).unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_benchsite"))
        .arg("init")
        .current_dir(&here)
        .output()
        .unwrap();
    assert!(run.status.success(), "{run:?}");
    assert!(here.join("site.yaml").is_file());
    assert!(
        String::from_utf8_lossy(&run.stdout).contains("benchsite build --root .   "),
        "{run:?}"
    );

    let (a, b) = (parent.path().join("a"), parent.path().join("b"));
    let both = ["init", a.to_str().unwrap(), "--root", b.to_str().unwrap()];
    assert_eq!(benchsite(&both).code, Some(2));
    assert!(!a.exists() && !b.exists());
}

#[test]
fn short_flags_where_zola_and_hugo_have_them() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("site");
    let root = dir.to_str().unwrap();
    assert_eq!(benchsite(&["init", root]).code, Some(0));
    std::fs::write(
        dir.join("content/notes.md"),
        "---\ntitle: Notes\ndraft: true\n---\nDraft.\n",
    )
    .unwrap();
    let out = parent.path().join("out");
    let out = out.to_str().unwrap();
    let run = benchsite(&[
        "build",
        "-r",
        root,
        "-o",
        out,
        "-b",
        "https://preview.example.net",
        "-D",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let notes = std::fs::read_to_string(parent.path().join("out/notes/index.html")).unwrap();
    assert!(
        notes.contains("https://preview.example.net/notes/"),
        "{notes}"
    );
    assert_eq!(
        benchsite(&["check", "-r", root, "-D", "--all-errors"]).code,
        Some(0)
    );
    for wrong in [
        vec!["check", "-o", out],
        vec!["check", "-b", "https://x.org"],
        vec!["init", root, "-D"],
        vec!["serve", "-i", "not-an-address"],
        vec!["serve", "-p", "lots"],
    ] {
        assert_eq!(benchsite(&wrong).code, Some(2), "{wrong:?}");
    }
}

#[test]
fn serve_takes_interface_base_url_and_drafts() {
    let help = benchsite(&["serve", "--help"]).stdout;
    for flag in [
        "-r, --root <ROOT>",
        "-i, --interface <INTERFACE>",
        "-p, --port <PORT>",
        "-b, --base-url <BASE_URL>",
        "-D, --drafts",
        "--all-errors",
    ] {
        assert!(help.contains(flag), "{flag} in:\n{help}");
    }
}
