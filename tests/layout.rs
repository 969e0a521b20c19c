//! How the repository's targets share code (issue 15, point 6): through ordinary
//! dependencies, never by pulling another target's source in with `#[path]`.

mod common;

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries {
        let p = e.expect("dir entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_target_pulls_in_another_targets_source_by_path() {
    let root = common::root();
    let mut files = Vec::new();
    for dir in ["src", "tests", "benches", "examples", "synthetic/src"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 50, "only {} files found", files.len());
    let offenders: Vec<String> = files
        .iter()
        .filter(|p| {
            common::read(p)
                .lines()
                .any(|l| l.trim_start().starts_with("#[path"))
        })
        .map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "these files include another file by #[path] (share it through the vitae-synthetic crate or a module instead): {offenders:?}"
    );
}
