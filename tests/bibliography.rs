//! A CV that links its bibliography (tests/fixtures/bibliography): `bibliography:
//! [papers.bib, {path: zotero.json, format: csl-json}]`, read at every load; the works of the
//! files become works of the CV, `works` entries with a `key` annotate them, a work found
//! twice is merged and reported, and every problem points into its file. Then every view:
//! `vitae check`, each export, ORCID XML and the site.

mod common;

use std::path::{Path, PathBuf};

use common::{s, vitae};
use vitae::model::LinkKind;
use vitae::types::Visibility;

fn fixture() -> PathBuf {
    common::root().join("tests/fixtures/bibliography/cv.yaml")
}

fn load() -> vitae::Loaded {
    vitae::from_path(fixture()).unwrap_or_else(|r| panic!("the fixture loads:\n{r}"))
}

fn work<'a>(cv: &'a vitae::Cv, id: &str) -> &'a vitae::model::Work {
    cv.works
        .iter()
        .find(|w| w.id.as_ref().is_some_and(|i| i.as_str() == id))
        .unwrap_or_else(|| panic!("no work {id}"))
}

/// A copy of the fixture in a temporary directory, with `cv.yaml` replaced by `cv` and
/// the files named in `without` left out.
fn copy_with(cv: &str, without: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for f in ["papers.bib", "zotero.json"] {
        if !without.contains(&f) {
            let from = common::root().join("tests/fixtures/bibliography").join(f);
            std::fs::copy(from, dir.path().join(f)).expect("copied");
        }
    }
    std::fs::write(dir.path().join("cv.yaml"), cv).expect("written");
    dir
}

#[test]
fn the_entries_become_works_annotated_and_merged() {
    let loaded = load();
    let cv = &loaded.cv;
    let ids: Vec<&str> = cv
        .works
        .iter()
        .filter_map(|w| w.id.as_ref().map(|i| i.as_str()))
        .collect();
    // The CV's own work first, then the entries in file order; `lovelace2019sketch` is the
    // CV's own work (same DOI), `zotero-bernoulli` is `lovelace2021bernoulli` (same title and
    // year).
    assert_eq!(
        ids,
        [
            "2019-sketch-of-the-analytical-engine",
            "lovelace2018notes",
            "lovelace2020private",
            "lovelace2021bernoulli",
            "zotero-poem",
        ]
    );
    // The merge: the CV's work takes the entry's code link, the report the Zotero URL.
    let sketch = work(cv, "2019-sketch-of-the-analytical-engine");
    assert_eq!(
        sketch
            .links
            .iter()
            .filter_map(|l| l.url().map(|u| u.as_str()))
            .collect::<Vec<_>>(),
        ["https://github.com/ada/sketch"]
    );
    let report = work(cv, "lovelace2021bernoulli");
    assert_eq!(
        report.url.as_ref().map(|u| u.as_str()),
        Some("https://ada.example.org/bernoulli")
    );
    assert_eq!(
        report.arxiv.as_ref().map(|a| a.as_str()),
        Some("2101.00001")
    );
    assert!(report.selected, "al-folio's selected = {{true}}");
    // al-folio's fields, and the annotation: selected, the author who is the person, a link.
    let notes = work(cv, "lovelace2018notes");
    assert!(
        notes.selected,
        "the annotation's selected wins over the entry's false"
    );
    assert_eq!(
        notes
            .container
            .as_ref()
            .and_then(|c| c.short_title.as_deref()),
        Some("Proc. RS")
    );
    assert_eq!(
        notes
            .links
            .iter()
            .filter_map(|l| Some((l.kind, l.url()?.as_str())))
            .collect::<Vec<_>>(),
        [
            (LinkKind::Pdf, "https://ada.example.org/notes.pdf"),
            (LinkKind::Code, "https://github.com/ada/engine-notes"),
        ]
    );
    let me: Vec<bool> = notes.authors.iter().map(|a| a.is_me()).collect();
    assert_eq!(me, [false, true], "`me: 2` marks Augusta Ada Byron");
    assert_eq!(
        work(cv, "lovelace2020private").visibility,
        Visibility::Private
    );
    assert_eq!(
        work(cv, "zotero-poem")
            .notes
            .iter()
            .map(|n| n.as_str())
            .collect::<Vec<_>>(),
        ["Read at the Royal Society"]
    );
    // The person is found by name in the entries, as in the CV's own works.
    assert!(work(cv, "zotero-poem").authors[0].is_me());
    // Warnings: each in its file, at its line and column.
    let text = loaded.report.to_string();
    let bib = Path::new("tests/fixtures/bibliography/papers.bib");
    let zotero = Path::new("tests/fixtures/bibliography/zotero.json");
    for expected in [
        format!(
            "{}:18:1: lovelace2019sketch: the same work as works[0] (the same DOI): merged into it, which takes its links",
            bib.display()
        ),
        format!(
            "{}:43:3: lovelace2021bernoulli: field `shoesize` not kept",
            bib.display()
        ),
        format!(
            "{}:15:3: lovelace2018notes: field `bibtex_show` not kept",
            bib.display()
        ),
        format!(
            "{}:10:3: zotero-bernoulli: the same work as `lovelace2021bernoulli`",
            zotero.display()
        ),
    ] {
        assert!(text.contains(&expected), "{expected}\nnot in\n{text}");
    }
}

#[test]
fn check_lists_the_problems_of_the_bibliography_files() {
    let o = vitae(&["check", s(&fixture())]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("works: 5"), "{out}");
    assert!(
        out.contains("papers.bib:43:3: lovelace2021bernoulli: field `shoesize` not kept"),
        "{out}"
    );
}

#[test]
fn a_missing_file_is_an_error_at_its_place_in_the_cv() {
    let cv = std::fs::read_to_string(fixture()).expect("fixture");
    let dir = copy_with(&cv, &["zotero.json"]);
    let path = dir.path().join("cv.yaml");
    let o = vitae(&["check", s(&path)]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    let line = cv
        .lines()
        .position(|l| l.contains("path: zotero.json"))
        .expect("line")
        + 1;
    let expected = format!(
        "error: {}:{line}:5: bibliography[1]: cannot read the bibliography {}",
        path.display(),
        dir.path().join("zotero.json").display()
    );
    assert!(err.contains(&expected), "{expected}\nnot in\n{err}");
    // Every command refuses the CV the same way, and writes nothing.
    let out = dir.path().join("cv.jsonld");
    let o = vitae(&["export", s(&path), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
    assert!(String::from_utf8_lossy(&o.stderr).contains("bibliography[1]"));
}

#[test]
fn a_broken_entry_and_an_unknown_key_are_errors_where_they_are() {
    let cv = std::fs::read_to_string(fixture())
        .expect("fixture")
        .replace("key: zotero-poem", "key: zotero-poen");
    let dir = copy_with(&cv, &[]);
    let bib = dir.path().join("papers.bib");
    let mut text = std::fs::read_to_string(&bib).expect("bib");
    text.push_str("\n@article{notitle, author = {Lovelace, Ada}, year = 2022}\n");
    std::fs::write(&bib, &text).expect("written");
    let report = vitae::from_path(dir.path().join("cv.yaml")).expect_err("errors");
    let errors: Vec<String> = report
        .errors()
        .map(|d| {
            format!(
                "{}:{}:{}: {}: {}",
                d.file
                    .as_deref()
                    .or(report.file.as_deref())
                    .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
                    .unwrap_or_default(),
                d.line.unwrap_or(0),
                d.column.unwrap_or(0),
                d.path,
                d.message
            )
        })
        .collect();
    let line = text.lines().count();
    assert_eq!(
        errors,
        [
            "cv.yaml:24:10: works[3].key: expected the citation key of an entry of the bibliography (papers.bib, zotero.json), found \"zotero-poen\", which none has".to_owned(),
            format!("papers.bib:{line}:1: notitle: entry not imported: no title (a work needs one)"),
        ]
    );
}

#[test]
fn text_has_no_directory_unless_one_is_given() {
    let cv = std::fs::read_to_string(fixture()).expect("fixture");
    let err = vitae::from_str(&cv, vitae::InputFormat::Yaml).expect_err("no directory");
    let messages: Vec<&str> = err.errors().map(|d| d.path.as_str()).collect();
    assert_eq!(messages, ["bibliography[0]", "bibliography[1]"], "{err}");
    let dir = common::root().join("tests/fixtures/bibliography");
    let loaded = vitae::Reader::new(vitae::InputFormat::Yaml)
        .with_base_dir(&dir)
        .read_str(&cv)
        .expect("loads with a directory");
    assert_eq!(loaded.cv, load().cv);
    // An annotation without a bibliography is an error at its key.
    let err = vitae::from_str(
        "person: {given-names: Ada, family-name: Lovelace}\nworks:\n  - key: x\n",
        vitae::InputFormat::Yaml,
    )
    .expect_err("no bibliography");
    assert!(
        err.to_string().contains("line 3, column 10: works[0].key"),
        "{err}"
    );
}

/// Runs `vitae export` with `args` and returns standard output.
fn export(args: &[&str]) -> String {
    let cv = fixture();
    let mut all = vec!["export", s(&cv)];
    all.extend(args);
    let o = vitae(&all);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("UTF-8")
}

#[test]
fn every_export_holds_the_public_works_of_the_bibliography() {
    let public = ["lovelace2018notes", "lovelace2021bernoulli", "zotero-poem"];
    for to in [
        "jsonld", "turtle", "ntriples", "rdfxml", "html", "bibtex", "csl-json",
    ] {
        let out = export(&["--to", to]);
        for id in public {
            assert!(out.contains(id), "--to {to}: no {id}\n{out}");
        }
        assert!(out.contains("On the Bernoulli Numbers"), "--to {to}");
        assert!(
            !out.contains("lovelace2020private"),
            "--to {to}: a private work"
        );
        assert!(
            !out.contains("Poetical Science"),
            "--to {to}: a private work"
        );
    }
    // The private one when asked.
    assert!(export(&["--to", "bibtex", "--include", "private"]).contains("Poetical Science"));
    // ORCID XML: a document per public work.
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("orcid");
    let o = vitae(&["export", s(&fixture()), "--to", "orcid-xml", "-o", s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for id in public {
        let xml = common::read(&out.join(format!("work/{id}.xml")));
        assert!(xml.contains("<work:work"), "{xml}");
    }
    assert!(!out.join("work/lovelace2020private.xml").exists());
    let notes = common::read(&out.join("work/lovelace2018notes.xml"));
    assert!(notes.contains("10.5555/notes.2018"), "{notes}");
}

#[test]
fn the_site_has_a_page_per_public_work_of_the_bibliography() {
    let dir = tempfile::tempdir().expect("temp dir");
    let o = vitae(&["site", s(&fixture()), "-o", s(dir.path())]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for id in ["lovelace2018notes", "lovelace2021bernoulli", "zotero-poem"] {
        let page = common::read(&dir.path().join(format!("works/{id}/index.html")));
        assert!(page.contains("citation_title"), "{id}: {page}");
    }
    assert!(!dir.path().join("works/lovelace2020private").exists());
    let index = common::read(&dir.path().join("index.html"));
    assert!(
        index.contains("https://github.com/ada/engine-notes"),
        "the annotation's link"
    );
    // The selected works (the annotation's and al-folio's `selected`) come first.
    let selected = index
        .split("<section id=\"selected-works\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .expect("a section of selected works");
    assert!(
        selected.contains("Notes on the Analytical Engine"),
        "{selected}"
    );
    assert!(selected.contains("On the Bernoulli Numbers"), "{selected}");
    assert!(!selected.contains("A Poem on Engines"), "{selected}");
}

#[test]
fn the_json_schema_accepts_a_bibliography_and_annotations() {
    let schema = vitae::schema::json_schema().to_value();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let value = vitae::input::read_value(&common::read(&fixture()), vitae::InputFormat::Yaml)
        .expect("YAML");
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // One path alone, and an annotation refuses a work's fields.
    let one = serde_json::json!({
        "person": {"given-names": "Ada", "family-name": "Lovelace"},
        "bibliography": "papers.bib",
        "works": [{"key": "k", "me": 1}]
    });
    assert!(validator.is_valid(&one));
    let bad = serde_json::json!({
        "person": {"given-names": "Ada", "family-name": "Lovelace"},
        "works": [{"key": "k", "title": "T"}]
    });
    assert!(!validator.is_valid(&bad));
}

#[test]
fn orcid_checks_of_a_bibliography_work_point_into_its_file() {
    let cv = std::fs::read_to_string(fixture()).expect("fixture");
    let dir = copy_with(&cv, &[]);
    let bib = dir.path().join("papers.bib");
    let text = std::fs::read_to_string(&bib)
        .expect("bib")
        .replace("year      = {2018}", "year      = {1842}");
    std::fs::write(&bib, &text).expect("written");
    let path = dir.path().join("cv.yaml");
    let expected = format!("{}:4:1: lovelace2018notes.date: ", bib.display());
    let o = vitae(&["check", s(&path), "--target", "orcid"]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned() + &String::from_utf8_lossy(&o.stdout);
    assert!(err.contains(&expected), "{expected}\nnot in\n{err}");
    let out = dir.path().join("orcid");
    let o = vitae(&["export", s(&path), "--to", "orcid-xml", "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&expected), "{expected}\nnot in\n{err}");
}

#[test]
fn an_annotation_with_a_works_fields_is_told_what_it_takes() {
    let cv = std::fs::read_to_string(fixture())
        .expect("fixture")
        .replace(
            "  - key: lovelace2020private\n",
            "  - key: lovelace2020private\n    title: A Private Letter\n    selcted: true\n",
        );
    let dir = copy_with(&cv, &[]);
    let report = vitae::from_path(dir.path().join("cv.yaml")).expect_err("errors");
    let errors: Vec<String> = report
        .errors()
        .map(|d| {
            format!(
                "{}:{}: {}: {}",
                d.line.unwrap_or(0),
                d.column.unwrap_or(0),
                d.path,
                d.message
            )
        })
        .collect();
    assert_eq!(errors.len(), 2, "{report}");
    assert!(
        errors[0].starts_with("23:12: works[2].title: an entry with `key` annotates the bibliography's entry and takes only key, id, visibility, selected, me, links, awards, funded-by, notes, put-code; `title` is the entry's to give"),
        "{report}"
    );
    assert!(
        errors[1]
            .starts_with("24:5: works[2].selcted: unknown key `selcted`; did you mean `selected`?"),
        "{report}"
    );
}
