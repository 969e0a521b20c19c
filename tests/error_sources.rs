//! An error that wraps another keeps it as its `source()` (issue 15, point 5): a program can
//! downcast to the underlying error (an `io::Error`, a `serde_json::Error`, the template
//! engine's) rather than parse a message. The messages themselves stay as they were.

use std::error::Error as _;

use vitae::InputFormat;

/// The source of `e`, which must be a `T`.
fn source_of<'a, T: std::error::Error + 'static>(
    e: &'a (dyn std::error::Error + 'static),
) -> &'a T {
    let source = e
        .source()
        .unwrap_or_else(|| panic!("{e}: no source, expected a {}", std::any::type_name::<T>()));
    source.downcast_ref::<T>().unwrap_or_else(|| {
        panic!(
            "{e}: its source is {source:?}, expected a {}",
            std::any::type_name::<T>()
        )
    })
}

#[test]
fn a_ledger_that_is_not_json_has_serde_jsons_error_as_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cv.yaml.orcid-ledger.json");
    std::fs::write(&path, "not json").unwrap();
    let e = vitae::sync::Ledger::open(&path).unwrap_err();
    assert!(e.to_string().contains("not a vitae ORCID ledger ("), "{e}");
    let json = source_of::<serde_json::Error>(&e);
    assert_eq!(json.line(), 1);
}

#[test]
fn a_ledger_that_cannot_be_written_has_the_io_error_as_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = vitae::sync::Ledger::open(&dir.path().join("gone/ledger.json")).unwrap();
    ledger
        .target_mut(
            "https://api.sandbox.orcid.org/v3.0",
            &"0000-0002-1825-0097".parse().unwrap(),
        )
        .set(vitae::sync::LedgerEntry {
            section: vitae::sync::Section::Work,
            id: "a".parse().unwrap(),
            put_code: 1,
            hash: "sha256:00".into(),
        });
    let e = ledger.save().unwrap_err();
    assert!(e.to_string().contains(": cannot write: "), "{e}");
    let io = source_of::<std::io::Error>(&e);
    assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
}

#[test]
fn a_publish_state_file_that_is_not_json_has_serde_jsons_error_as_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    std::fs::write(&path, "{").unwrap();
    let e = vitae::publish::State::open(&path).unwrap_err();
    assert!(
        e.to_string().contains("not a vitae publish state file: "),
        "{e}"
    );
    assert!(source_of::<serde_json::Error>(&e).is_eof());
}

#[test]
fn a_lock_file_that_cannot_be_opened_has_the_io_error_as_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let e = vitae::sync::LedgerLock::acquire(&dir.path().join("gone/ledger.json")).unwrap_err();
    assert!(matches!(e, vitae::sync::LockError::Io { .. }), "{e:?}");
    assert!(e.to_string().starts_with("cannot lock the ledger "), "{e}");
    assert_eq!(
        source_of::<std::io::Error>(&e).kind(),
        std::io::ErrorKind::NotFound
    );
}

#[test]
fn a_token_file_that_cannot_be_read_has_the_read_error_as_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let e = vitae::sync::AccessToken::from_file(&dir.path().join("none")).unwrap_err();
    assert!(
        e.to_string().starts_with("the ORCID access token file "),
        "{e}"
    );
    let read = source_of::<vitae::input::ReadError>(&e);
    assert!(matches!(read, vitae::input::ReadError::Io(_)), "{read:?}");
}

#[test]
fn an_item_that_is_not_xml_has_the_xml_error_as_its_source() {
    let e = vitae::sync::LocalItem::from_xml(
        vitae::sync::Section::Work,
        "x".parse().unwrap(),
        "<work:work".into(),
    )
    .unwrap_err();
    assert!(e.to_string().starts_with("work x: line 1, column "), "{e}");
    source_of::<vitae::orcid::XmlError>(&e);
}

#[test]
fn a_template_that_does_not_parse_has_minijinjas_error_as_its_source() {
    let cv = vitae::from_str(
        "person: {given-names: Ada, family-name: Lovelace}",
        InputFormat::Yaml,
    )
    .unwrap()
    .cv;
    let options = vitae::site::SiteOptions::new()
        .with_template("index.html", "{% if %}".into())
        .unwrap();
    let e = vitae::site::build(&cv, &options).unwrap_err();
    assert!(e.to_string().starts_with("template index.html:1: "), "{e}");
    source_of::<minijinja::Error>(&e);
    // An unknown template name has no engine error underneath.
    let e = vitae::site::SiteOptions::new()
        .with_template("nope.html", String::new())
        .unwrap_err();
    assert!(e.source().is_none(), "{e}");
}

#[test]
fn a_linked_file_that_cannot_be_read_has_the_read_error_as_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let cv = vitae::from_str(
        "person: {given-names: Ada, family-name: Lovelace}\nworks:\n  - type: report\n    title: Notes\n    date: 1843\n    links: [{file: x.pdf}]\n",
        InputFormat::Yaml,
    )
    .unwrap()
    .cv;
    let options = vitae::site::SiteOptions::new().with_directory(dir.path());
    let e = vitae::site::build(&cv, &options).unwrap_err();
    assert!(e.to_string().contains(": file x.pdf: "), "{e}");
    source_of::<vitae::input::ReadError>(&e);
}

#[test]
fn a_base_that_makes_no_iri_has_the_iri_error_as_its_source() {
    let cv = vitae::from_str(
        "person: {given-names: Ada, family-name: Lovelace}",
        InputFormat::Yaml,
    )
    .unwrap()
    .cv;
    let options = vitae::export::Options::new().with_base(url::Url::parse("x:%zz").unwrap());
    let e =
        vitae::export::to_string(&cv, vitae::export::ExportFormat::JsonLd, &options).unwrap_err();
    assert!(e.to_string().starts_with("cannot make an IRI of "), "{e}");
    source_of::<oxigraph::model::IriParseError>(&e);
}

#[test]
fn an_orcid_document_that_is_not_xml_has_the_readers_error_as_its_source() {
    let record = vitae::orcid::archive::Record::from_document(
        "0000-0002-1825-0097.xml",
        "<record:record".into(),
    );
    let e = record.to_cv().unwrap_err();
    assert!(
        e.to_string().starts_with("0000-0002-1825-0097.xml: "),
        "{e}"
    );
    source_of::<vitae::orcid::ReadError>(&e);
}
