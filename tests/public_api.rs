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
