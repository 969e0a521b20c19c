//! `vitae sync` from the command line, against the ORCID-like server on 127.0.0.1: dry run,
//! apply, a second run, JSON, a process killed mid-sync, token handling and usage errors.

#![cfg(feature = "ureq")]

mod common;
mod support;

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::orcid_server::{Fault, OrcidServer};

const ORCID: &str = "0000-0002-1825-0097";
const TOKEN: &str = "5f1c9a3e-7d2b-4c8e-9f10-aa11bb22cc33";
const CLIENT: &str = "APP-VITAE00000000001";

struct Setup {
    server: OrcidServer,
    dir: tempfile::TempDir,
    cv: PathBuf,
}

fn setup() -> Setup {
    let server = OrcidServer::start();
    server.add_record(ORCID);
    server.add_token(TOKEN, CLIENT, "vitae", ORCID);
    let dir = tempfile::tempdir().expect("temp dir");
    let cv = dir.path().join("cv.yaml");
    // The reference CV, with TU Berlin's ROR id (as in the other fixtures) so that its six
    // TU Berlin employment and education items are synced one request each, after the bulk.
    let text = common::read(&common::reference_cv_path());
    let anchor = "      name: Berlin Institute of Technology\n";
    assert!(text.contains(anchor));
    let text = text.replacen(anchor, &format!("{anchor}      ror: 03v4gjf40\n"), 1);
    std::fs::write(&cv, text).expect("write the CV");
    Setup { server, dir, cv }
}

fn vitae(s: &Setup, args: &[&str], token: Option<&str>) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vitae"));
    c.arg("sync")
        .arg(&s.cv)
        .args(["--orcid", ORCID, "--api-url", &s.server.api()])
        .args(args)
        .env_remove("ORCID_ACCESS_TOKEN")
        .stdin(Stdio::null());
    if let Some(t) = token {
        c.env("ORCID_ACCESS_TOKEN", t);
    }
    c
}

fn run(s: &Setup, args: &[&str], token: Option<&str>) -> (i32, String, String) {
    let out: Output = vitae(s, args, token).output().expect("run vitae");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !stdout.contains(TOKEN) && !stderr.contains(TOKEN),
        "the token leaked:\n{stdout}\n{stderr}"
    );
    (out.status.code().unwrap_or(-1), stdout, stderr)
}

fn ledger(s: &Setup) -> PathBuf {
    s.dir.path().join("cv.yaml.orcid-ledger.json")
}

/// The record holds each item once: no two items of this client share a self identifier.
fn assert_each_once(s: &Setup, expected: usize) {
    let items = s.server.items(ORCID);
    assert_eq!(items.len(), expected);
    let mut keys: Vec<(String, Vec<String>)> = items
        .iter()
        .map(|i| {
            let mut k = i.self_keys();
            k.sort();
            (i.section.clone(), k)
        })
        .filter(|(_, k)| !k.is_empty())
        .collect();
    let n = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), n, "duplicates on the record");
}

fn plan_count(stdout: &str, what: &str) -> usize {
    let line = stdout
        .lines()
        .find(|l| l.starts_with("plan: "))
        .unwrap_or_else(|| panic!("no plan line in:\n{stdout}"));
    line.trim_start_matches("plan: ")
        .split(", ")
        .find_map(|part| {
            part.strip_suffix(what)
                .map(|n| n.trim().parse().unwrap_or(0))
        })
        .unwrap_or_else(|| panic!("no {what:?} in {line}"))
}

#[test]
fn dry_run_then_apply_then_nothing_to_do() {
    let s = setup();
    // Dry run: a plan, no change, no ledger.
    let (code, out, err) = run(&s, &[], Some(TOKEN));
    assert_eq!(code, 0, "{out}\n{err}");
    let to_create = plan_count(&out, " to create");
    assert!(to_create > 80, "{out}");
    assert!(out.contains("create     employment"), "{out}");
    assert!(out.contains("dry run: nothing was changed"), "{out}");
    assert!(err.contains("left out of the sync"), "{err}");
    assert!(s.server.log().iter().all(|l| l.method == "GET"));
    assert!(!ledger(&s).exists());

    // Apply.
    let (code, out, err) = run(&s, &["--apply"], Some(TOKEN));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains(&format!(
            "done: {to_create} created, 0 updated, 0 deleted, 0 failed"
        )),
        "{out}"
    );
    assert_each_once(&s, to_create);
    assert!(ledger(&s).exists());

    // Nothing left to do.
    let (code, out, _) = run(&s, &[], Some(TOKEN));
    assert_eq!(code, 0);
    assert_eq!(plan_count(&out, " to create"), 0, "{out}");
    assert_eq!(plan_count(&out, " to update"), 0, "{out}");
    assert_eq!(plan_count(&out, " unchanged"), to_create, "{out}");

    // The same as JSON.
    let (code, out, _) = run(&s, &["--format", "json"], Some(TOKEN));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["plan"]["summary"]["unchanged"], to_create);
    assert_eq!(v["plan"]["client-id"], CLIENT);
    assert_eq!(v["plan"]["create"].as_array().map(Vec::len), Some(0));
}

#[test]
fn a_sync_killed_mid_way_and_run_again_makes_no_duplicates() {
    let s = setup();
    let (_, out, _) = run(&s, &[], Some(TOKEN));
    let total = plan_count(&out, " to create");
    // The server carries out the 4th write (the bulk of works is the 1st), then holds the
    // connection; the process is killed there.
    s.server.fail_write(4, Fault::Stall);
    let mut child = vitae(&s, &["--apply"], Some(TOKEN))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn vitae");
    let deadline = Instant::now() + Duration::from_secs(60);
    while s.server.writes() < 4 {
        assert!(
            Instant::now() < deadline,
            "the sync never reached the 4th write"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(100));
    child.kill().expect("kill");
    let _ = child.wait();
    let held_after_kill = s.server.items(ORCID).len();
    assert!(
        held_after_kill > 0 && held_after_kill < total,
        "{held_after_kill} of {total}"
    );

    let (code, out, err) = run(&s, &["--apply"], Some(TOKEN));
    assert_eq!(code, 0, "{out}\n{err}");
    assert_each_once(&s, total);
    let (_, out, _) = run(&s, &[], Some(TOKEN));
    assert_eq!(plan_count(&out, " unchanged"), total, "{out}");
}

#[test]
fn an_expired_token_fails_clearly_and_changes_nothing() {
    let s = setup();
    let (code, _, _) = run(&s, &["--apply"], Some(TOKEN));
    assert_eq!(code, 0);
    let before = std::fs::read_to_string(ledger(&s)).unwrap();
    let held = s.server.items(ORCID).len();
    s.server.expire(TOKEN);
    let (code, out, err) = run(&s, &["--apply"], Some(TOKEN));
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(err.contains("HTTP 401") && err.contains("expired"), "{err}");
    assert!(err.contains("ORCID_ACCESS_TOKEN"), "{err}");
    assert_eq!(std::fs::read_to_string(ledger(&s)).unwrap(), before);
    assert_eq!(s.server.items(ORCID).len(), held);
}

#[test]
fn the_token_comes_from_the_environment_or_a_file_only() {
    let s = setup();
    // None at all.
    let (code, _, err) = run(&s, &[], None);
    assert_eq!(code, 1);
    assert!(
        err.contains("ORCID_ACCESS_TOKEN") && err.contains("--token-file"),
        "{err}"
    );
    // A file.
    let file = s.dir.path().join("token");
    std::fs::write(&file, format!("{TOKEN}\n")).unwrap();
    let (code, out, err) = run(&s, &["--token-file", file.to_str().unwrap()], None);
    assert_eq!(code, 0, "{out}\n{err}");
    // A bad file says so without showing its content.
    std::fs::write(&file, format!("{TOKEN} {TOKEN}")).unwrap();
    let (code, _, err) = run(&s, &["--token-file", file.to_str().unwrap()], None);
    assert_eq!(code, 1);
    assert!(err.contains("token"), "{err}");
    // There is no option to pass it on the command line.
    let (code, _, err) = run(&s, &["--token", TOKEN], None);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn usage_errors() {
    let s = setup();
    let (code, _, err) = run(&s, &["--sandbox"], Some(TOKEN));
    assert_eq!(code, 2, "--sandbox with --api-url: {err}");
    let mut c = Command::new(env!("CARGO_BIN_EXE_vitae"));
    let out = c
        .args([
            "sync",
            s.cv.to_str().unwrap(),
            "--orcid",
            ORCID,
            "--api-url",
            "http://example.org/v3.0",
        ])
        .env("ORCID_ACCESS_TOKEN", TOKEN)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("https"));
    let (code, _, err) = run(&s, &["--client-id", "nope"], Some(TOKEN));
    assert_eq!(code, 2, "{err}");
    let bad_cv = s.dir.path().join("bad.yaml");
    std::fs::write(&bad_cv, "person: {given-names: Ada}\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_vitae"))
        .args([
            "sync",
            bad_cv.to_str().unwrap(),
            "--api-url",
            &s.server.api(),
        ])
        .env("ORCID_ACCESS_TOKEN", TOKEN)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(s.server.log().is_empty(), "nothing was sent for a bad CV");
}

#[test]
fn two_applies_at_once_the_second_is_refused_and_nothing_is_duplicated() {
    let s = setup();
    let (_, out, _) = run(&s, &[], Some(TOKEN));
    let total = plan_count(&out, " to create");
    // A slow server, so that the first sync is still at work when the second starts.
    s.server.set_delay(Duration::from_millis(50));
    s.server.clear_log();
    let first = vitae(&s, &["--apply"], Some(TOKEN))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the first sync");
    let deadline = Instant::now() + Duration::from_secs(60);
    while s.server.log().is_empty() {
        assert!(Instant::now() < deadline, "the first sync never called");
        std::thread::sleep(Duration::from_millis(5));
    }
    let (code, out, err) = run(&s, &["--apply"], Some(TOKEN));
    let first_pid = first.id();
    let first = first.wait_with_output().expect("the first sync");
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert_eq!(code, 1, "the second sync ran too:\n{out}\n{err}");
    assert!(
        err.contains("another vitae sync") && err.contains(&format!("pid {first_pid}")),
        "{err}"
    );
    assert_each_once(&s, total);
    // Once the first is done, the lock is free again (a dry run takes none).
    let (code, out, err) = run(&s, &["--apply"], Some(TOKEN));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("done: 0 created, 0 updated"), "{out}");
}

/// The CV with only two of its works (the last two that use no YAML alias and name no other
/// work), as if the file had been cut short in the works; awards no longer name works.
fn cut_to_two_works(s: &Setup) {
    let text = std::fs::read_to_string(&s.cv).unwrap();
    let at = text.find("\nworks:\n").expect("a works list") + "\nworks:\n".len();
    let (head, works) = text.split_at(at);
    let mut starts: Vec<usize> = works.match_indices("\n  - ").map(|(i, _)| i + 1).collect();
    assert!(starts.len() > 10, "{}", starts.len());
    starts.push(works.len());
    let standalone: Vec<&str> = starts
        .windows(2)
        .map(|w| &works[w[0]..w[1]])
        .filter(|b| !b.contains(": *") && !b.contains("presents:"))
        .collect();
    let two = standalone[standalone.len() - 2..].concat();
    // Awards that name a work lose the reference.
    let head: String = head
        .lines()
        .filter(|l| !l.trim_start().starts_with("work: "))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&s.cv, format!("{head}{two}")).unwrap();
}

#[test]
fn a_cv_cut_short_deletes_nothing_unless_max_delete_allows_it() {
    let s = setup();
    let (code, out, err) = run(&s, &["--apply"], Some(TOKEN));
    assert_eq!(code, 0, "{out}\n{err}");
    let total = s.server.items(ORCID).len();
    let ledger_before = std::fs::read_to_string(ledger(&s)).unwrap();
    cut_to_two_works(&s);
    s.server.clear_log();

    // --prune: the plan deletes far more than the guard allows; it is shown, nothing is sent.
    let (code, out, err) = run(&s, &["--prune", "--apply"], Some(TOKEN));
    assert_eq!(code, 1, "{out}\n{err}");
    let to_delete = plan_count(&out, " to delete");
    assert!(to_delete > 50, "{out}");
    assert!(err.contains("--max-delete"), "{err}");
    assert!(err.contains(&format!("deletes {to_delete} items")), "{err}");
    assert!(s.server.log().iter().all(|l| l.method == "GET"));
    assert_eq!(s.server.items(ORCID).len(), total);
    assert_eq!(std::fs::read_to_string(ledger(&s)).unwrap(), ledger_before);
    // A dry run says the same, and so does the JSON plan.
    let (code, _, err) = run(&s, &["--prune"], Some(TOKEN));
    assert_eq!(code, 1);
    assert!(err.contains("--max-delete"), "{err}");
    let (code, out, _) = run(&s, &["--prune", "--format", "json"], Some(TOKEN));
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert!(
        v["plan"]["refused"]
            .as_str()
            .is_some_and(|r| r.contains("--max-delete")),
        "{out}"
    );

    // Without --prune nothing would be deleted, but a CV that yields so few of the items the
    // ledger records is taken for a truncated or wrong file: refused too.
    let (code, out, err) = run(&s, &["--apply"], Some(TOKEN));
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(
        err.contains("truncated or wrong") && err.contains("--max-delete"),
        "{err}"
    );
    assert!(s.server.log().iter().all(|l| l.method == "GET"));

    // A bound too low for the plan is still refused; one high enough lets it through.
    let (code, _, err) = run(
        &s,
        &["--prune", "--apply", "--max-delete", "10"],
        Some(TOKEN),
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(s.server.items(ORCID).len(), total);
    let (code, out, err) = run(
        &s,
        &["--prune", "--apply", "--max-delete", "100"],
        Some(TOKEN),
    );
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains(&format!("0 updated, {to_delete} deleted, 0 failed")),
        "{out}"
    );
    assert_eq!(s.server.items(ORCID).len(), total - to_delete);
}

#[test]
fn a_wrong_client_id_on_a_first_sync_is_never_stored() {
    let s = setup();
    let (_, out, _) = run(&s, &[], Some(TOKEN));
    let total = plan_count(&out, " to create");
    let wrong = "APP-WRONG00000000001";
    let (code, out, err) = run(&s, &["--apply", "--client-id", wrong], Some(TOKEN));
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(err.contains(wrong) && err.contains(CLIENT), "{err}");
    // It stopped at the first answer: one write (the bulk of works).
    let writes = s.server.log().iter().filter(|l| l.method != "GET").count();
    assert_eq!(writes, 1);
    let text = std::fs::read_to_string(ledger(&s)).unwrap_or_default();
    assert!(!text.contains(wrong), "{text}");
    // Again with the wrong id: refused before any write now that the ledger knows.
    let (code, _, err) = run(&s, &["--apply", "--client-id", wrong], Some(TOKEN));
    assert_eq!(code, 1);
    assert!(err.contains(wrong) && err.contains(CLIENT), "{err}");
    assert_eq!(
        s.server.log().iter().filter(|l| l.method != "GET").count(),
        writes
    );
    // The right one finishes: each item once.
    let (code, out, err) = run(&s, &["--apply", "--client-id", CLIENT], Some(TOKEN));
    assert_eq!(code, 0, "{out}\n{err}");
    assert_each_once(&s, total);
}

#[test]
fn a_lost_answer_is_reported_as_unknown_and_a_rerun_reconciles() {
    let s = setup();
    let (_, out, _) = run(&s, &[], Some(TOKEN));
    let total = plan_count(&out, " to create");
    // The server creates the bulk of works, then drops the connection without answering.
    s.server.fail_write(1, Fault::DropAfter);
    let (code, out, err) = run(&s, &["--apply"], Some(TOKEN));
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(s.server.items(ORCID).iter().any(|i| i.section == "work"));
    assert!(!err.contains("nothing was changed"), "{err}");
    assert!(
        err.contains("may have carried it out") && err.contains("run the sync again"),
        "{err}"
    );
    let (code, out, err) = run(&s, &["--apply"], Some(TOKEN));
    assert_eq!(code, 0, "{out}\n{err}");
    assert_each_once(&s, total);
}
