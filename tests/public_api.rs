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

/// A code says what kind of problem it is, whatever the refused value says: a value that
/// happens to hold the words of another kind's message (quoted back in its own message) does
/// not take that kind's code.
#[test]
fn a_code_does_not_follow_the_words_of_the_value_it_refuses() {
    let cases = [
        ("orcid: \"x has a wrong check digit: y\"", "person.orcid"),
        ("orcid: \"x has a wrong checksum: y\"", "person.orcid"),
        (
            "isni: \"expected an end on or after the start\"",
            "person.isni",
        ),
        ("orcid: \"missing field `x`\"", "person.orcid"),
    ];
    for (field, path) in cases {
        let yaml = format!("person: {{given-names: Ada, family-name: Lovelace, {field}}}");
        assert_eq!(
            codes(&yaml),
            [(path.to_owned(), Code::InvalidValue)],
            "{yaml}"
        );
    }
    // The real thing keeps its code.
    assert_eq!(
        codes("person: {given-names: Ada, family-name: Lovelace, isni: 0000000121032683}"),
        [] as [(String, Code); 0],
        "a valid ISNI"
    );
    assert_eq!(
        codes("person: {given-names: Ada, family-name: Lovelace, isni: 0000000121032684}"),
        [("person.isni".to_owned(), Code::BadChecksum)]
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

/// The paths (JSON pointers) of every value in `v`, each path with its indices replaced by 0
/// once: one field of each kind of item.
fn field_pointers(
    v: &serde_json::Value,
    at: String,
    seen: &mut Vec<String>,
    out: &mut Vec<String>,
) {
    let shape: String = at
        .split('/')
        .map(|s| if s.parse::<usize>().is_ok() { "0" } else { s })
        .collect::<Vec<_>>()
        .join("/");
    if !at.is_empty() && !seen.contains(&shape) {
        seen.push(shape);
        out.push(at.clone());
    }
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                let k = k.replace('~', "~0").replace('/', "~1");
                field_pointers(x, format!("{at}/{k}"), seen, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                field_pointers(x, format!("{at}/{i}"), seen, out);
            }
        }
        _ => {}
    }
}

/// Every problem the loader finds in a bad value has the code of its kind, never the
/// `Code::Other` of a message it could not tell: each field of the reference CV and of the
/// every-section fixture, in turn, given a number, a list, a map, a boolean, an empty text
/// and a text no type takes.
#[test]
fn every_bad_value_of_every_field_has_the_code_of_its_kind() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let bad = [
        serde_json::json!(-1.5),
        serde_json::json!(["x"]),
        serde_json::json!({"x": 1}),
        serde_json::json!(true),
        serde_json::json!(""),
        serde_json::json!("no such value \u{2603}"),
    ];
    let (mut tried, mut uncoded, mut seen) = (0, Vec::new(), Vec::new());
    for file in [
        "tests/fixtures/linked-full.yaml",
        "examples/lapuschkin.yaml",
    ] {
        let text = std::fs::read_to_string(root.join(file)).expect("reads the CV");
        let cv = vitae::from_str(&text, InputFormat::Yaml)
            .expect("a valid CV")
            .cv;
        let good = serde_json::to_value(&cv).expect("as JSON");
        let mut pointers = Vec::new();
        field_pointers(&good, String::new(), &mut seen, &mut pointers);
        for p in &pointers {
            for b in &bad {
                let mut v = good.clone();
                *v.pointer_mut(p).expect("a field") = b.clone();
                let report = match vitae::from_str(&v.to_string(), InputFormat::Json) {
                    Ok(loaded) => loaded.report,
                    Err(report) => report,
                };
                tried += 1;
                uncoded.extend(
                    report
                        .diagnostics
                        .iter()
                        .filter(|d| d.code == Code::Other)
                        .map(|d| format!("{file} {p} = {b}: {}: {}", d.path, d.message)),
                );
            }
        }
    }
    assert!(tried > 1000, "only {tried} bad values tried");
    assert!(
        uncoded.is_empty(),
        "{} without a code:\n{}",
        uncoded.len(),
        uncoded.join("\n")
    );
}
