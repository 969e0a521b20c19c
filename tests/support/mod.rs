//! Test support for the sync tests: an ORCID-like server and XSD validation of what was
//! sent to it.
#![allow(dead_code)]

pub mod items;
pub mod orcid_server;
pub mod pace;
pub mod tree;

use std::path::Path;
use std::process::Command;

/// Asserts that every request body the stand-in server received is valid against ORCID's
/// XSDs (and that there was one); says SKIPPED, as the other tests, without ../shared or
/// xmllint.
pub fn assert_bodies_valid(test: &str, server: &orcid_server::OrcidServer) {
    let Some(shared) = crate::common::shared(test) else {
        return;
    };
    if !crate::common::tool(test, "xmllint") {
        return;
    }
    let bodies = server.bodies();
    assert!(!bodies.is_empty(), "{test}: nothing was sent");
    let failures = xsd_failures(&shared, &bodies);
    assert!(
        failures.is_empty(),
        "{test}: invalid request bodies:\n{}",
        failures.join("\n")
    );
}

/// Validates every body with xmllint against the XSD of its root (`bulk` against
/// bulk-3.0.xsd), as VALIDATE.md says; returns the failures (file name and xmllint's
/// message).
pub fn xsd_failures(shared: &Path, bodies: &[(String, String)]) -> Vec<String> {
    let schemas = shared.join("schemas/orcid-3.0/record_3.0");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut by_root: std::collections::BTreeMap<&str, Vec<std::path::PathBuf>> =
        std::collections::BTreeMap::new();
    for (n, (root, body)) in bodies.iter().enumerate() {
        let f = dir.path().join(format!("{n:04}-{root}.xml"));
        std::fs::write(&f, body).expect("write body");
        by_root.entry(root.as_str()).or_default().push(f);
    }
    let mut failures = Vec::new();
    for (root, files) in by_root {
        let xsd = schemas.join(format!("{root}-3.0.xsd"));
        for chunk in files.chunks(200) {
            let out = Command::new("xmllint")
                .arg("--noout")
                .arg("--schema")
                .arg(&xsd)
                .args(chunk)
                .output()
                .expect("run xmllint");
            if !out.status.success() {
                let err = String::from_utf8_lossy(&out.stderr);
                for line in err.lines().filter(|l| !l.ends_with(" validates")) {
                    failures.push(line.to_owned());
                }
                for f in chunk {
                    if err.contains(&format!("{} fails to validate", f.display())) {
                        failures.push(format!(
                            "{}:\n{}",
                            f.display(),
                            std::fs::read_to_string(f).unwrap_or_default()
                        ));
                    }
                }
            }
        }
    }
    failures
}
