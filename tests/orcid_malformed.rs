//! Hostile and broken ORCID XML: a clear error with line and column, or an import with its
//! losses; never a panic. A fixed corpus (`tests/fixtures/orcid-malformed/`), documents built
//! here, and a deterministic mutation of every ORCID sample and every exported document (the
//! libFuzzer-free companion of `fuzz/fuzz_targets/orcid_read.rs`).

mod common;

use common::Rng;

use std::panic::{AssertUnwindSafe, catch_unwind};

use vitae::orcid::{self, OrcidXml, ReadError};
use vitae::types::Visibility;

fn read(name: &str) -> String {
    common::read(
        &common::root()
            .join("tests/fixtures/orcid-malformed")
            .join(name),
    )
}

fn error_of(text: &str) -> ReadError {
    match orcid::import(text) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e,
    }
}

fn position(e: &ReadError) -> (usize, usize) {
    match e {
        ReadError::Xml(x) => (x.line, x.column),
        ReadError::Unsupported { line, column, .. } => (*line, *column),
    }
}

#[test]
fn doctype_and_entities_are_refused() {
    for f in ["xxe.xml", "billion-laughs.xml"] {
        let e = error_of(&read(f));
        assert!(e.to_string().contains("DOCTYPE"), "{f}: {e}");
        assert_eq!(position(&e).0, 2, "{f}: {e}");
    }
    let e = error_of(&read("undefined-entity.xml"));
    assert!(e.to_string().contains("&nbsp; is not defined"), "{e}");
    assert_eq!(position(&e).0, 2);
}

#[test]
fn malformed_documents_get_a_located_error() {
    let cases = [
        ("unclosed.xml", "ends inside"),
        ("mismatched.xml", "malformed XML"),
        ("bad-char-ref.xml", "character reference"),
        ("forbidden-char-ref.xml", "U+0007"),
        ("two-roots.xml", "second root"),
        ("text-after-root.xml", "outside the root"),
        ("undeclared-prefix.xml", "not declared"),
        ("latin1.xml", "only UTF-8"),
        ("duplicate-attribute.xml", "attribute"),
        ("unquoted-attribute.xml", "attribute"),
        ("peer-review.xml", "not a document vitae reads"),
        ("not-orcid.xml", "not a document vitae reads"),
        ("error-response.xml", "9021"),
    ];
    for (f, needle) in cases {
        let e = error_of(&read(f));
        assert!(e.to_string().contains(needle), "{f}: {e}");
        let (line, column) = position(&e);
        assert!(line >= 1 && column >= 1, "{f}: {e}");
    }
    for (text, needle) in [
        ("", "no root element"),
        ("   \n ", "no root element"),
        ("<r>\n  \u{1}</r>", "U+0001"),
        ("<r>\u{FFFF}</r>", "U+FFFF"),
    ] {
        let e = error_of(text);
        assert!(e.to_string().contains(needle), "{text:?}: {e}");
    }
    let e = error_of("<r>\n  \u{1}</r>");
    assert_eq!(position(&e), (2, 3));
    let deep = format!("{}{}", "<a>".repeat(10_000), "</a>".repeat(10_000));
    assert!(error_of(&deep).to_string().contains("nested deeper"));
}

#[test]
fn well_formed_nonsense_imports_with_losses() {
    let imported = orcid::import(&read("garbage-values.xml")).expect("imports");
    let kinds: std::collections::BTreeSet<&str> =
        imported.losses.iter().map(|l| l.kind.key()).collect();
    for k in ["invalid-value", "unknown-element", "visibility"] {
        assert!(kinds.contains(k), "{k} missing from {kinds:?}");
    }
    let cv = &imported.cv;
    assert_eq!(cv.works.len(), 1, "the untitled work is left out");
    assert_eq!(cv.works[0].title.as_str(), "<b>CDATA</b> title");
    assert_eq!(
        cv.projects[0].period.start(),
        None,
        "a day without month is not a date"
    );
    // An employment without organization is kept (ORCID's XSD allows it), its end before its
    // start is not.
    assert_eq!(cv.employment.len(), 1);
    assert!(cv.employment[0].organization.is_none());
    assert_eq!(cv.employment[0].period.end(), None);
    // What was imported exports without panicking.
    let _ = OrcidXml::new()
        .with_include(Visibility::Private)
        .export(cv)
        .files();
}

#[test]
fn a_bom_and_comments_are_fine() {
    let text = "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?><!-- c --><?pi x?>\
        <work:work xmlns:common=\"http://www.orcid.org/ns/common\" xmlns:work=\"http://www.orcid.org/ns/work\">\
        <work:title><common:title>T</common:title></work:title><work:type>book</work:type></work:work>";
    let imported = orcid::import(text).expect("imports");
    assert_eq!(imported.cv.works[0].kind, vitae::model::WorkKind::Book);
}

const SNIPPETS: &[&str] = &[
    "<",
    ">",
    "&",
    "&amp;",
    "&#0;",
    "&#x10FFFF;",
    "&#65;",
    "]]>",
    "<![CDATA[",
    "<!DOCTYPE x>",
    "\u{0}",
    "\u{FFFE}",
    "</x>",
    "<a:b>",
    "\"",
    "'",
    "<?pi?>",
    "<!--",
    "-->",
    "xmlns:p=\"u\"",
    "<common:year>0</common:year>",
    "<common:month>99</common:month>",
    "put-code=\"-1\"",
    "<work:type>patent</work:type>",
    "é",
    "\r\n",
    "<work:work>",
    "</work:work>",
    "&lt;",
];

fn char_floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn mutate(rng: &mut Rng, s: &str) -> String {
    let a = char_floor(s, rng.below(s.len() + 1));
    let b = char_floor(s, a + rng.below(64));
    match rng.below(6) {
        0 => s[..a].to_owned(),
        1 => format!("{}{}", &s[..a], &s[b..]),
        2 => format!(
            "{}{}{}",
            &s[..a],
            SNIPPETS[rng.below(SNIPPETS.len())],
            &s[a..]
        ),
        3 => format!("{}{}{}", &s[..b], &s[a..b], &s[b..]),
        4 => {
            let c = char_floor(s, rng.below(s.len() + 1));
            let (x, y) = if c < a { (c, a) } else { (a, c) };
            format!("{}{}{}", &s[..x], &s[y..], &s[x..y])
        }
        _ => {
            let c = char::from_u32((rng.next() % 0x11_0000) as u32).unwrap_or('\u{FFFD}');
            format!("{}{c}{}", &s[..a], &s[b.min(s.len())..])
        }
    }
}

/// Imports a document and exports what it gives; returns false on a panic.
fn survives(text: &str) -> bool {
    catch_unwind(AssertUnwindSafe(|| {
        if let Ok(i) = orcid::import(text) {
            let e = OrcidXml::new()
                .with_include(Visibility::Private)
                .export(&i.cv);
            let _ = e.files();
        }
    }))
    .is_ok()
}

#[test]
fn mutated_documents_never_panic() {
    let mut seeds: Vec<(String, String)> = Vec::new();
    if let Some(shared) = common::shared("mutated_documents_never_panic") {
        for dir in ["read_samples", "write_samples"] {
            let d = shared.join("fixtures/orcid").join(dir);
            let mut names: Vec<_> = std::fs::read_dir(&d)
                .expect("fixtures")
                .map(|e| e.expect("entry").path())
                .collect();
            names.sort();
            for p in names {
                seeds.push((p.display().to_string(), common::read(&p)));
            }
        }
    }
    let cv = vitae::from_path(common::root().join("tests/fixtures/orcid-cv.yaml"))
        .expect("fixture CV loads")
        .cv;
    let export = OrcidXml::new()
        .with_include(Visibility::Private)
        .export(&cv);
    for (p, x) in export.files().expect("writes").into_iter().take(12) {
        seeds.push((p.display().to_string(), x));
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut failures = Vec::new();
    let mut runs = 0;
    for (name, text) in &seeds {
        for round in 0..60 {
            let mut m = text.clone();
            for _ in 0..=(round % 4) {
                m = mutate(&mut rng, &m);
            }
            runs += 1;
            if !survives(&m) {
                failures.push(format!("{name}, round {round}:\n{m}"));
            }
        }
    }
    assert!(runs > 500, "{runs} runs");
    assert!(failures.is_empty(), "panics:\n{}", failures.join("\n---\n"));
}
