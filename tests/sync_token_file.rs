//! `vitae sync --token-file FILE` warns when others than the owner may open FILE (the README
//! asks for a file "only you can read"), naming the file and `chmod 600`, never the token; a
//! dry run against the ORCID-like server on 127.0.0.1.

#![cfg(all(unix, feature = "ureq"))]

mod common;
mod support;

use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};

use support::orcid_server::OrcidServer;

const ORCID: &str = "0000-0002-1825-0097";
const TOKEN: &str = "5f1c9a3e-7d2b-4c8e-9f10-aa11bb22cc33";
const CLIENT: &str = "APP-VITAE00000000001";

#[test]
fn a_token_file_others_may_read_gets_a_warning_without_the_token() {
    let server = OrcidServer::start();
    server.add_record(ORCID);
    server.add_token(TOKEN, CLIENT, "vitae", ORCID);
    let dir = tempfile::tempdir().expect("temp dir");
    let cv = dir.path().join("cv.yaml");
    std::fs::copy(common::reference_cv_path(), &cv).expect("copy the reference CV");
    let token = dir.path().join("token");
    std::fs::write(&token, format!("{TOKEN}\n")).expect("write the token");
    for (mode, warned) in [
        (0o644, true),
        (0o640, true),
        (0o604, true),
        (0o620, true),
        (0o600, false),
        (0o400, false),
    ] {
        std::fs::set_permissions(&token, std::fs::Permissions::from_mode(mode))
            .expect("chmod the token file");
        let out = Command::new(env!("CARGO_BIN_EXE_vitae"))
            .arg("sync")
            .arg(&cv)
            .args(["--orcid", ORCID, "--api-url", &server.api()])
            .arg("--token-file")
            .arg(&token)
            .env_remove("ORCID_ACCESS_TOKEN")
            .stdin(Stdio::null())
            .output()
            .expect("run vitae");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{mode:o}: {stdout}\n{stderr}");
        assert!(
            !stdout.contains(TOKEN) && !stderr.contains(TOKEN),
            "the token leaked"
        );
        let warning = stderr
            .lines()
            .find(|l| l.starts_with("warning:") && l.contains("token file"));
        match (warned, warning) {
            (true, Some(w)) => assert!(
                w.contains(&token.display().to_string())
                    && w.contains(&format!("mode {mode:04o}"))
                    && w.contains("chmod 600"),
                "{w}"
            ),
            (false, None) => {}
            (_, w) => panic!("mode {mode:o}: warning {w:?}\n{stderr}"),
        }
    }
    assert!(
        server.items(ORCID).is_empty(),
        "a dry run wrote to the record"
    );
}
