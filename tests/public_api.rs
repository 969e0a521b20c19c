//! The library's reading API (issue 15, point 5): `from_str`, `from_slice`, `from_path` and a
//! `Reader` return the CV with its warnings, in serde_json's idiom.

use vitae::{InputFormat, Reader};

/// A CV with one warning: a work without any identifier.
const WARNS: &str = "person: {given-names: Ada, family-name: Lovelace}
works:
  - type: journal-article
    title: Sketch of the Analytical Engine
    authors: [Lovelace A]
    date: 1843
";

#[test]
fn from_str_keeps_the_warnings() {
    let loaded = vitae::from_str(WARNS, InputFormat::Yaml).expect("reads");
    assert_eq!(loaded.cv.works.len(), 1);
    let warnings: Vec<&str> = loaded.report.warnings().map(|d| d.path.as_str()).collect();
    assert_eq!(warnings, ["works[0]"], "{}", loaded.report);
    assert_eq!(loaded.report.warnings().next().unwrap().line, Some(3));
}

#[test]
fn from_slice_reads_utf8_with_a_byte_order_mark_and_refuses_other_bytes() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(WARNS.as_bytes());
    let loaded = vitae::from_slice(&bytes, InputFormat::Yaml).expect("reads");
    assert_eq!(loaded.report.warnings().count(), 1);
    let err = vitae::from_slice(b"person: {given-names: \xFF}", InputFormat::Yaml).unwrap_err();
    assert!(err.to_string().contains("0xFF"), "{err}");
    assert_eq!(err.file, None);
}

#[test]
fn a_reader_names_the_text_and_finds_the_bibliography() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("papers.bib"),
        "@article{ada1843, title = {Notes}, author = {Lovelace, Ada}, year = 1843}",
    )
    .expect("write");
    let cv = "person: {given-names: Ada, family-name: Lovelace}\nbibliography: papers.bib\n";
    let reader = Reader::new(InputFormat::Yaml).with_file_name("my-cv.yaml");
    let err = reader.read_str(cv).unwrap_err();
    assert_eq!(
        err.file.as_deref(),
        Some(std::path::Path::new("my-cv.yaml"))
    );
    assert!(err.to_string().contains("my-cv.yaml:2:"), "{err}");
    let loaded = reader
        .with_base_dir(dir.path())
        .read_slice(cv.as_bytes())
        .expect("reads with a directory");
    assert_eq!(loaded.cv.works.len(), 1);
    assert_eq!(
        loaded.report.file.as_deref(),
        Some(std::path::Path::new("my-cv.yaml"))
    );
}

#[test]
fn from_path_takes_the_format_from_the_extension_and_the_directory_from_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("papers.bib"),
        "@article{ada1843, title = {Notes}, author = {Lovelace, Ada}, year = 1843, doi = {10.1000/1}}",
    )
    .expect("write");
    let path = dir.path().join("cv.json");
    std::fs::write(
        &path,
        r#"{"person": {"given-names": "Ada", "family-name": "Lovelace"}, "bibliography": "papers.bib"}"#,
    )
    .expect("write");
    let loaded = vitae::from_path(&path).expect("reads");
    assert_eq!(loaded.cv.works.len(), 1);
    assert_eq!(loaded.report.file.as_deref(), Some(path.as_path()));
    let err = vitae::from_path(dir.path().join("cv.txt")).unwrap_err();
    assert!(err.to_string().contains("found `.txt`"), "{err}");
}

// ----- diagnostic codes -----

use vitae::Code;

/// The codes of the diagnostics of a CV (its errors when it has any, else its warnings).
fn codes(yaml: &str) -> Vec<(String, Code)> {
    let report = match vitae::from_str(yaml, InputFormat::Yaml) {
        Ok(loaded) => loaded.report,
        Err(report) => report,
    };
    report
        .diagnostics
        .iter()
        .map(|d| (d.path.clone(), d.code))
        .collect()
}

const ADA: &str = "person: {given-names: Ada, family-name: Lovelace}\n";

#[test]
fn an_unknown_key_and_a_bad_checksum_have_their_own_codes() {
    assert_eq!(
        codes("person: {given-names: Ada, famly-name: Lovelace, family-name: Lovelace}"),
        [("person.famly-name".to_owned(), Code::UnknownKey)]
    );
    assert_eq!(
        codes("person: {given-names: Ada, family-name: Lovelace, orcid: 0000-0002-1825-0098}"),
        [("person.orcid".to_owned(), Code::BadChecksum)]
    );
    // A malformed iD is an invalid value, not a bad checksum.
    assert_eq!(
        codes("person: {given-names: Ada, family-name: Lovelace, orcid: 0000-0002-1825}"),
        [("person.orcid".to_owned(), Code::InvalidValue)]
    );
}

#[test]
fn each_kind_of_problem_has_its_code() {
    let cases: &[(&str, &str, Code)] = &[
        ("person: {given-names: Ada}", "person", Code::Required),
        ("person: [Ada]", "person", Code::WrongType),
        ("person: {given-names: Ada", "", Code::Syntax),
        ("", "", Code::NotACv),
        ("- a\n- b\n", "", Code::NotACv),
        (
            "works:\n  - {type: journal-article, title: A, id: x, doi: 10.1/a}\n  - {type: journal-article, title: B, id: x, doi: 10.1/b}\n",
            "works[1].id",
            Code::Duplicate,
        ),
        (
            "employment:\n  - {organization: {name: U, city: B, country: DE}, role: R, start: 2020, end: 2019}\n",
            "employment[0]",
            Code::DateOrder,
        ),
        (
            "works:\n  - {type: journal-article, title: A, doi: 10.1/a, version-of: nothing}\n",
            "works[0].version-of",
            Code::UnknownReference,
        ),
        (
            "works:\n  - {type: journal-article, title: A}\n",
            "works[0]",
            Code::NoIdentifier,
        ),
        (
            "works:\n  - {type: journal-article, title: A, doi: 10.1/a, authors: [Babbage C]}\n",
            "works[0].authors",
            Code::NotMarked,
        ),
    ];
    for (body, path, code) in cases {
        let yaml = if body.starts_with("person") || body.is_empty() || body.starts_with('-') {
            (*body).to_owned()
        } else {
            format!("{ADA}{body}")
        };
        let found = codes(&yaml);
        assert!(
            found.iter().any(|(p, c)| p.starts_with(path) && c == code),
            "{yaml}\nexpected {code} at {path}, found {found:?}"
        );
        assert!(found.iter().all(|(_, c)| *c != Code::Other), "{found:?}");
    }
}

#[test]
fn bytes_that_are_not_utf8_and_a_file_that_is_not_a_cv() {
    let err = vitae::from_slice(b"person: \xFF", InputFormat::Yaml).unwrap_err();
    assert_eq!(err.diagnostics[0].code, Code::NotUtf8);
    let err = vitae::from_path("cv.txt").unwrap_err();
    assert_eq!(err.diagnostics[0].code, Code::UnknownFormat);
    let err = vitae::from_path("/nonexistent/cv.yaml").unwrap_err();
    assert_eq!(err.diagnostics[0].code, Code::Unreadable);
}

#[test]
fn check_shows_the_code_in_its_json_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cv = dir.path().join("cv.yaml");
    std::fs::write(
        &cv,
        "person: {given-names: Ada, family-name: Lovelace, orcid: 0000-0002-1825-0098, emial: a@b.c}\n",
    )
    .expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vitae"))
        .args(["check", "--format", "json"])
        .arg(&cv)
        .output()
        .expect("run vitae");
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let found: Vec<(&str, &str)> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("person.orcid", "bad-checksum"),
            ("person.emial", "unknown-key")
        ],
        "{doc}"
    );
}

#[test]
fn a_code_reads_as_its_json_text() {
    assert_eq!(Code::UnknownKey.as_str(), "unknown-key");
    assert_eq!(
        serde_json::to_value(Code::BadChecksum).unwrap(),
        serde_json::json!("bad-checksum")
    );
    assert_eq!(Code::NotUtf8.to_string(), "not-utf8");
    assert_eq!(serde_json::to_value(Code::NotUtf8).unwrap(), "not-utf8");
}
