//! `-o PATH`: a regular file is replaced whole or not at all; a device or a pipe is written
//! in place and stays what it is (renaming a file over `/dev/null` would replace the device).

mod common;

use common::{s, vitae};

use std::io::Read;
use std::process::Command;

/// What `vitae export` writes to standard output for these arguments.
fn expected(args: &[&str]) -> Vec<u8> {
    let out = vitae(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Runs `vitae ARGS -o PATH`, which must succeed.
fn export_to(args: &[&str], path: &std::path::Path) {
    let mut all = args.to_vec();
    all.extend(["-o", s(path)]);
    let out = vitae(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `vitae ARGS -o FIFO` with a reader on the FIFO; returns what the reader got.
#[cfg(unix)]
fn through_fifo(args: &[&str]) -> Vec<u8> {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !matches!(made, Ok(s) if s.success()) {
        panic!("mkfifo failed: {made:?}");
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            std::fs::File::open(fifo)
                .and_then(|mut f| f.read_to_end(&mut bytes))
                .expect("read the FIFO");
            bytes
        })
    };
    export_to(args, &fifo);
    // Checked before joining: a reader of a replaced FIFO would wait for ever.
    let kind = std::fs::symlink_metadata(&fifo).expect("fifo").file_type();
    assert!(kind.is_fifo(), "the FIFO was replaced by {kind:?}");
    reader.join().expect("reader")
}

#[cfg(unix)]
#[test]
fn a_fifo_is_written_in_place_and_stays_a_fifo() {
    let one = ["export", "examples/lapuschkin.yaml", "--to", "ntriples"];
    assert_eq!(through_fifo(&one), expected(&one));
    let bulk = [
        "export",
        "examples/lapuschkin.yaml",
        "tests/fixtures/linked-full.yaml",
        "--to",
        "nquads",
    ];
    assert_eq!(through_fifo(&bulk), expected(&bulk));
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_stays_and_its_file_is_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let real = dir.path().join("real.nt");
    let link = dir.path().join("link.nt");
    std::fs::write(&real, "old\n").expect("write");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let args = ["export", "examples/lapuschkin.yaml", "--to", "ntriples"];
    export_to(&args, &link);
    let meta = std::fs::symlink_metadata(&link).expect("link");
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    assert_eq!(std::fs::read(&real).expect("read"), expected(&args));
    // No temporary file is left beside either.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn a_failed_bulk_export_with_fail_fast_keeps_the_old_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "person: {given-names: Ada}\n").expect("write");
    let out_path = dir.path().join("all.nq");
    std::fs::write(&out_path, "old\n").expect("write");
    let out = vitae(&[
        "export",
        "examples/lapuschkin.yaml",
        s(&bad),
        "--to",
        "nquads",
        "--fail-fast",
        "-o",
        s(&out_path),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&out_path).expect("read"), "old\n");
    let names = std::fs::read_dir(dir.path()).expect("list").count();
    assert_eq!(names, 2, "a temporary file was left behind");
}
