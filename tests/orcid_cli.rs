//! The command line: `vitae export --to orcid-xml`, `vitae import orcid`, `vitae check
//! --target orcid`.

mod common;

use common::{s, vitae};

use std::process::Output;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const NO_CITY: &str = "person: {given-names: Ada, family-name: Lovelace}
employment:
  - {organization: {name: Analytical Society, country: GB}, start: 1901}
works:
  - {type: journal-article, title: Notes, date: 1901, doi: 10.1000/notes}
";

#[test]
fn export_writes_one_document_per_item_bulk_and_record() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("orcid");
    let cv = common::root().join("tests/fixtures/orcid-cv.yaml");
    let o = vitae(&["export", s(&cv), "--to", "orcid-xml", "-o", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in [
        "record.xml",
        "bulk/works-001.xml",
        "work/ep3991102a1.xml",
        "work/preprint-clever-hans.xml",
        "employment/2021-hhi-head-of-explainable-ai.xml",
        "funding/itobos.xml",
        "distinction/2019-hugo-geiger-prize.xml",
    ] {
        assert!(out.join(f).is_file(), "{f} missing; {}", stderr(&o));
    }
    assert!(
        !out.join("work/2020-a-private-working-note.xml").exists(),
        "a private work in a public export"
    );
    let held = common::read(&out.join("employment/2021-hhi-head-of-explainable-ai.xml"));
    assert!(held.contains("put-code=\"5551\""));
    // Exporting again removes the documents of items the CV no longer has.
    std::fs::write(out.join("work/gone.xml"), "<x/>").expect("write");
    std::fs::write(out.join("work/notes.txt"), "mine").expect("write");
    let o = vitae(&["export", s(&cv), "--to", "orcid-xml", "-o", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.join("work/gone.xml").exists());
    assert!(
        out.join("work/notes.txt").exists(),
        "only .xml files are ours"
    );
    std::fs::remove_file(out.join("work/notes.txt")).expect("remove");
    // Imported back, the directory's item documents give a CV that loads.
    let mut args = vec!["import", "orcid"];
    let mut items: Vec<String> = Vec::new();
    for section in ["work", "employment", "education", "funding", "distinction"] {
        let mut names: Vec<_> = std::fs::read_dir(out.join(section))
            .expect("section dir")
            .map(|e| e.expect("entry").path().display().to_string())
            .collect();
        names.sort();
        items.extend(names);
    }
    args.extend(items.iter().map(String::as_str));
    let yaml = dir.path().join("back.yaml");
    args.extend(["-o", s(&yaml)]);
    let o = vitae(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = vitae(&["check", s(&yaml)]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn export_refuses_what_orcid_would_refuse_unless_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cv = dir.path().join("cv.yaml");
    std::fs::write(&cv, NO_CITY).expect("write");
    let out = dir.path().join("out");
    let o = vitae(&["export", s(&cv), "--to", "orcid-xml", "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("employment[0].organization.city"), "{err}");
    assert!(err.contains("nothing written"), "{err}");
    assert!(!out.exists(), "nothing may be written");
    let o = vitae(&[
        "export",
        s(&cv),
        "--to",
        "orcid-xml",
        "-o",
        s(&out),
        "--skip-invalid",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("work/1901-notes.xml").is_file());
    assert!(!out.join("employment").exists());

    let o = vitae(&["check", s(&cv), "--target", "orcid"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    // One line per problem, at the field's line and column in the CV, "ORCID" said once.
    let line = err
        .lines()
        .find(|l| l.contains("employment[0].organization.city: ORCID needs the city"))
        .unwrap_or_else(|| panic!("{err}"));
    let at = line
        .split_once(": employment[0]")
        .map(|(at, _)| at)
        .unwrap_or_default();
    let mut parts = at.rsplitn(3, ':');
    let (col, row) = (parts.next(), parts.next());
    assert!(
        col.is_some_and(|c| c.parse::<usize>().is_ok())
            && row.is_some_and(|r| r.parse::<usize>().is_ok()),
        "no line:column in {line:?}"
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("invalid"));
    let o = vitae(&["check", s(&cv)]);
    assert!(o.status.success(), "without --target the CV is valid");
}

#[test]
fn import_writes_a_cv_that_loads_in_every_format() {
    let Some(shared) = common::shared("import_writes_a_cv_that_loads_in_every_format") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    for fixture in [
        "read_samples/record-3.0.xml",
        "read_samples/work-full-3.0.xml",
        "read_samples/funding-full-3.0.xml",
    ] {
        let input = shared.join("fixtures/orcid").join(fixture);
        for ext in ["yaml", "json", "toml"] {
            let out = dir.path().join(format!("cv.{ext}"));
            // --force: the file of the fixture before is replaced.
            let o = vitae(&["import", "orcid", s(&input), "-o", s(&out), "--force"]);
            assert!(o.status.success(), "{fixture} → {ext}: {}", stderr(&o));
            assert!(stderr(&o).contains("not kept"), "losses are reported");
            let o = vitae(&["check", s(&out)]);
            assert!(o.status.success(), "{fixture} → {ext}: {}", stderr(&o));
        }
    }
}

#[test]
fn import_refuses_a_doctype_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("cv.yaml");
    let xxe = common::root().join("tests/fixtures/orcid-malformed/xxe.xml");
    let o = vitae(&["import", "orcid", s(&xxe), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("xxe.xml: line 2, column 1"), "{err}");
    assert!(err.contains("DOCTYPE"), "{err}");
    assert!(!out.exists());
    let bad = dir.path().join("bad.xml");
    std::fs::write(&bad, b"<r>\xff</r>").expect("write");
    let o = vitae(&["import", "orcid", s(&bad), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("line 1, column 4: expected UTF-8"),
        "{}",
        stderr(&o)
    );
}

/// `vitae check --target orcid` on the reference CV: its 10 employment and education items
/// have no organization id, each one an error with the ROR search to do.
#[test]
fn check_for_orcid_reports_the_reference_cvs_missing_organization_ids() {
    let o = vitae(&[
        "check",
        s(&common::reference_cv_path()),
        "--target",
        "orcid",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("error: ") && l.contains("disambiguated organization"))
        .filter(|l| l.contains(": employment[") || l.contains(": education["))
        .collect();
    assert_eq!(lines.len(), 10, "{err}");
    assert!(
        lines
            .iter()
            .all(|l| l.contains("https://ror.org/search?query=")),
        "{err}"
    );
    assert!(!err.contains("awards[1].organization.city"), "{err}");
}
