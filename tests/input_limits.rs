//! Every file a user names is read through a cap that holds while reading: `/dev/zero` behind
//! a symbolic link, a FIFO fed without end, `/dev/zero` as token file, ledger, ORCID document
//! or query file are refused at the cap, at once, naming the file and the cap. Each command
//! runs under a time limit and is killed past it, so that a regression fails instead of
//! hanging or filling the memory.

#![cfg(unix)]

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The longest a refused read may take; far more than the milliseconds it takes.
const LIMIT: Duration = Duration::from_secs(60);

const CV_CAP: u64 = vitae::input::MAX_FILE_SIZE;

/// Runs `vitae` with these arguments, without a token in the environment unless given; kills
/// it and fails past [`LIMIT`].
fn vitae_within(args: &[&str], token: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vitae"));
    c.args(args)
        .current_dir(common::root())
        .env_remove("ORCID_ACCESS_TOKEN")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(t) = token {
        c.env("ORCID_ACCESS_TOKEN", t);
    }
    let mut child = c.spawn().expect("run vitae");
    let start = Instant::now();
    while child.try_wait().expect("wait for vitae").is_none() {
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("vitae {args:?} was still reading after {LIMIT:?}: no cap while reading");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("vitae's output")
}

/// Asserts exit 1 and a message naming `file` and the cap.
fn assert_refused(out: &Output, file: &str, cap: u64) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(file) && stderr.contains(&format!("at most {cap} bytes, found more")),
        "{stderr}"
    );
}

fn zero_link(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    std::os::unix::fs::symlink("/dev/zero", &p).expect("symlink to /dev/zero");
    p
}

#[test]
fn check_refuses_dev_zero_behind_a_symlink_at_the_cap() {
    let dir = tempfile::tempdir().expect("temp dir");
    let z = zero_link(dir.path(), "z.yaml");
    let out = vitae_within(&["check", common::s(&z)], None);
    assert_refused(&out, common::s(&z), CV_CAP);
}

/// A FIFO whose writer would go on long past the cap: the reader stops at the cap, the writer
/// finds the pipe closed long before it has written everything. The writer stops by itself
/// either way (a closed pipe, or all written).
#[test]
fn check_refuses_a_fifo_before_its_writer_is_done() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("cv.yaml");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("run mkfifo");
    assert!(made.success());
    let total = CV_CAP + (32 << 20);
    let written = Arc::new(AtomicU64::new(0));
    let writer = {
        let (fifo, written) = (fifo.clone(), written.clone());
        std::thread::spawn(move || {
            let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(&fifo) else {
                return;
            };
            let chunk = vec![b'#'; 64 << 10];
            while written.load(Ordering::Relaxed) < total {
                if f.write_all(&chunk).is_err() {
                    return;
                }
                written.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            }
        })
    };
    let out = vitae_within(&["check", common::s(&fifo)], None);
    let start = Instant::now();
    while !writer.is_finished() && start.elapsed() < LIMIT {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_refused(&out, common::s(&fifo), CV_CAP);
    let written = written.load(Ordering::Relaxed);
    assert!(
        written < total,
        "the FIFO was read to its end ({written} bytes) before being refused"
    );
}

#[cfg(feature = "ureq")]
#[test]
fn sync_refuses_dev_zero_as_token_file_and_as_ledger() {
    let dir = tempfile::tempdir().expect("temp dir");
    let z = zero_link(dir.path(), "token");
    let cv = common::reference_cv_path();
    let base = [
        "sync",
        common::s(&cv),
        "--orcid",
        "0000-0002-1825-0097",
        "--api-url",
        "http://127.0.0.1:9/v3.0",
    ];
    let out = vitae_within(
        &[&base[..], &["--token-file", common::s(&z)]].concat(),
        None,
    );
    assert_refused(&out, common::s(&z), vitae::sync::AccessToken::MAX_FILE_SIZE);
    let ledger = zero_link(dir.path(), "ledger.json");
    let out = vitae_within(
        &[&base[..], &["--ledger", common::s(&ledger)]].concat(),
        Some("5f1c9a3e-7d2b-4c8e-9f10-aa11bb22cc33"),
    );
    assert_refused(&out, common::s(&ledger), vitae::sync::Ledger::MAX_FILE_SIZE);
}

#[test]
fn import_refuses_dev_zero_as_an_orcid_document() {
    let dir = tempfile::tempdir().expect("temp dir");
    let z = zero_link(dir.path(), "record.xml");
    let out_cv = dir.path().join("cv.yaml");
    let out = vitae_within(
        &["import", "orcid", common::s(&z), "-o", common::s(&out_cv)],
        None,
    );
    assert_refused(&out, common::s(&z), vitae::orcid::MAX_DOCUMENT_SIZE as u64);
    assert!(!out_cv.exists());
}

#[test]
fn query_refuses_dev_zero_as_query_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let z = zero_link(dir.path(), "q.rq");
    let cv = common::reference_cv_path();
    let out = vitae_within(
        &["query", common::s(&cv), "--query-file", common::s(&z)],
        None,
    );
    assert_refused(&out, common::s(&z), vitae::query::MAX_QUERY_FILE_SIZE);
}
