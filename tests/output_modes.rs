//! The mode of the files vitae writes: a new public export or import follows the umask (0666
//! less the umask; directories 0777 less it), a replaced file keeps its mode; an export with
//! limited or private data and the sync ledger are 0600 whatever the umask.

#![cfg(unix)]

mod common;
#[cfg(feature = "ureq")]
mod support;

use common::s;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs `vitae ARGS` in the crate's root under `umask`.
fn vitae_umask(umask: &str, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_vitae"))
        .args(args)
        .current_dir(common::root())
        .stdin(Stdio::null())
        .output()
        .expect("run vitae")
}

/// Runs `vitae ARGS` under `umask`; it must succeed.
fn ok(umask: &str, args: &[&str]) {
    let o = vitae_umask(umask, args);
    assert!(
        o.status.success(),
        "umask {umask}: vitae {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The permission bits of `path`.
fn mode(path: &Path) -> Mode {
    Mode(
        std::fs::metadata(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .permissions()
            .mode()
            & 0o7777,
    )
}

/// Permission bits, shown in octal when an assertion fails.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Mode(u32);

impl std::fmt::Debug for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04o}", self.0)
    }
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

const CV: &str = "examples/lapuschkin.yaml";

/// The umasks tried, with the mode of a new file and of a new directory under each.
const UMASKS: [(&str, Mode, Mode); 3] = [
    ("022", Mode(0o644), Mode(0o755)),
    ("077", Mode(0o600), Mode(0o700)),
    ("002", Mode(0o664), Mode(0o775)),
];

#[test]
fn a_new_export_follows_the_umask() {
    for (umask, file, _) in UMASKS {
        let dir = tempfile::tempdir().expect("temp dir");
        let one = dir.path().join("cv.ttl");
        ok(umask, &["export", CV, "-o", s(&one)]);
        assert_eq!(mode(&one), file, "umask {umask}: export");
        let html = dir.path().join("head.html");
        ok(umask, &["export", CV, "--to", "html", "-o", s(&html)]);
        assert_eq!(mode(&html), file, "umask {umask}: html");
        let bulk = dir.path().join("all.nq");
        ok(
            umask,
            &[
                "export",
                CV,
                "tests/fixtures/linked-full.yaml",
                "-o",
                s(&bulk),
            ],
        );
        assert_eq!(mode(&bulk), file, "umask {umask}: bulk export");
    }
}

#[test]
fn a_replaced_export_keeps_its_mode() {
    for (umask, _, _) in UMASKS {
        for kept in [0o644, 0o640, 0o600, 0o664] {
            let dir = tempfile::tempdir().expect("temp dir");
            let html = dir.path().join("head.html");
            std::fs::write(&html, "old").expect("write");
            chmod(&html, kept);
            ok(umask, &["export", CV, "--to", "html", "-o", s(&html)]);
            assert_eq!(mode(&html), Mode(kept), "umask {umask}");
            assert_ne!(std::fs::read_to_string(&html).expect("read"), "old");
            let bulk = dir.path().join("all.nq");
            std::fs::write(&bulk, "old").expect("write");
            chmod(&bulk, kept);
            ok(umask, &["export", CV, CV, "--to", "nquads", "-o", s(&bulk)]);
            assert_eq!(mode(&bulk), Mode(kept), "umask {umask}: bulk");
        }
    }
}

#[test]
fn an_export_with_limited_or_private_data_is_owner_only() {
    for (umask, _, _) in UMASKS {
        for include in ["limited", "private"] {
            let dir = tempfile::tempdir().expect("temp dir");
            let new = dir.path().join("cv.jsonld");
            ok(umask, &["export", CV, "--include", include, "-o", s(&new)]);
            assert_eq!(mode(&new), Mode(0o600), "umask {umask}: new, {include}");
            let replaced = dir.path().join("head.html");
            std::fs::write(&replaced, "old").expect("write");
            chmod(&replaced, 0o644);
            let args = ["export", CV, "--to", "html", "--include", include];
            ok(umask, &[&args[..], &["-o", s(&replaced)]].concat());
            assert_eq!(
                mode(&replaced),
                Mode(0o600),
                "umask {umask}: replaced, {include}"
            );
            let bulk = dir.path().join("all.nq");
            let args = ["export", CV, CV, "--include", include, "-o", s(&bulk)];
            ok(umask, &args);
            assert_eq!(mode(&bulk), Mode(0o600), "umask {umask}: bulk, {include}");
            let orcid = dir.path().join("orcid");
            let args = [
                "export",
                CV,
                "--to",
                "orcid-xml",
                "--skip-invalid",
                "--include",
                include,
            ];
            ok(umask, &[&args[..], &["-o", s(&orcid)]].concat());
            let record = orcid.join("record.xml");
            assert_eq!(
                mode(&record),
                Mode(0o600),
                "umask {umask}: ORCID, {include}"
            );
        }
    }
}

/// Every file and directory under `dir` (itself included) with its mode.
fn tree_modes(dir: &Path, out: &mut Vec<(std::path::PathBuf, bool, Mode)>) {
    out.push((dir.to_owned(), true, mode(dir)));
    for e in std::fs::read_dir(dir).expect("list") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            tree_modes(&p, out);
        } else {
            out.push((p.clone(), false, mode(&p)));
        }
    }
}

#[test]
fn the_orcid_xml_directory_follows_the_umask_and_keeps_modes() {
    for (umask, file, directory) in UMASKS {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("orcid");
        ok(
            umask,
            &[
                "export",
                "tests/fixtures/orcid-cv.yaml",
                "--to",
                "orcid-xml",
                "-o",
                s(&out),
            ],
        );
        let mut all = Vec::new();
        tree_modes(&out, &mut all);
        assert!(all.len() > 10, "{all:?}");
        for (p, is_dir, m) in &all {
            let want = if *is_dir { directory } else { file };
            assert_eq!(*m, want, "umask {umask}: {}", p.display());
        }
        // Exported again: a file whose mode was changed keeps it.
        let record = out.join("record.xml");
        chmod(&record, 0o640);
        ok(
            "077",
            &[
                "export",
                "tests/fixtures/orcid-cv.yaml",
                "--to",
                "orcid-xml",
                "-o",
                s(&out),
            ],
        );
        assert_eq!(mode(&record), Mode(0o640), "umask {umask}: record.xml");
    }
}

#[test]
fn an_imported_cv_follows_the_umask_or_keeps_the_mode_it_replaces() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("orcid");
    ok(
        "022",
        &[
            "export",
            "tests/fixtures/orcid-cv.yaml",
            "--to",
            "orcid-xml",
            "-o",
            s(&out),
        ],
    );
    let record = out.join("record.xml");
    for (umask, file, _) in UMASKS {
        let cv = dir.path().join(format!("cv-{umask}.yaml"));
        ok(umask, &["import", "orcid", s(&record), "-o", s(&cv)]);
        assert_eq!(mode(&cv), file, "umask {umask}: import");
        chmod(&cv, 0o640);
        ok(
            umask,
            &["import", "orcid", s(&record), "-o", s(&cv), "--force"],
        );
        assert_eq!(mode(&cv), Mode(0o640), "umask {umask}: import --force");
    }
}

#[cfg(feature = "ureq")]
#[test]
fn the_ledger_is_0600_whatever_the_umask() {
    use support::orcid_server::OrcidServer;
    const ORCID: &str = "0000-0002-1825-0097";
    const TOKEN: &str = "5f1c9a3e-7d2b-4c8e-9f10-aa11bb22cc33";
    let server = OrcidServer::start();
    server.add_record(ORCID);
    server.add_token(TOKEN, "APP-VITAE00000000001", "vitae", ORCID);
    let dir = tempfile::tempdir().expect("temp dir");
    let cv = dir.path().join("cv.yaml");
    std::fs::write(
        &cv,
        "person: {given-names: Ada, family-name: Lovelace}\n\
         works:\n  - {type: journal-article, title: Notes, date: 1901, doi: 10.1000/notes}\n",
    )
    .expect("write the CV");
    let token = dir.path().join("token");
    std::fs::write(&token, TOKEN).expect("write the token");
    chmod(&token, 0o600);
    let ledger = dir.path().join("cv.yaml.orcid-ledger.json");
    let api = server.api();
    let sync = |umask: &str| {
        let args = [
            "sync",
            s(&cv),
            "--orcid",
            ORCID,
            "--api-url",
            &api,
            "--token-file",
            s(&token),
            "--apply",
        ];
        ok(umask, &args);
    };
    sync("000");
    assert_eq!(mode(&ledger), Mode(0o600), "a new ledger under umask 000");
    // A ledger made readable by others is written back 0600.
    chmod(&ledger, 0o644);
    std::fs::write(
        &cv,
        "person: {given-names: Ada, family-name: Lovelace}\n\
         works:\n  - {type: journal-article, title: More notes, date: 1902, doi: 10.1000/more}\n",
    )
    .expect("write the CV");
    sync("022");
    assert_eq!(
        mode(&ledger),
        Mode(0o600),
        "a ledger written again under umask 022"
    );
}
