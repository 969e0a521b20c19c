//! Several documents of one record read together (`vitae import orcid record.xml work/*.xml
//! funding/*.xml`): each item once, from its fullest copy, whether the copies share a put-code
//! or, without put-codes, a `self` id or their content.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{s, vitae};
use vitae::Cv;
use vitae::orcid::{self, LossKind, OrcidXml, Section};

/// The CV's activities, without its person (item documents carry none, so no contributor is
/// marked as the person).
fn activities(cv: &Cv) -> Cv {
    let mut c = cv.clone();
    c.person = vitae::model::Person::new("x".parse().expect("text"), "x".parse().expect("text"));
    for w in &mut c.works {
        w.authors.iter_mut().for_each(|a| a.me = None);
        if let Some(cont) = &mut w.container {
            cont.editors.iter_mut().for_each(|a| a.me = None);
        }
    }
    for p in &mut c.projects {
        p.investigators.iter_mut().for_each(|a| a.me = None);
    }
    for f in &mut c.patents {
        f.inventors.iter_mut().for_each(|a| a.me = None);
    }
    c
}

/// Items per ORCID section: what an export writes, or what an import gives.
fn counts_of_export(export: &orcid::Export) -> BTreeMap<Section, usize> {
    let mut m = BTreeMap::new();
    for i in &export.items {
        *m.entry(i.section).or_default() += 1;
    }
    m
}

fn counts_of_cv(cv: &Cv) -> BTreeMap<Section, usize> {
    let mut m = BTreeMap::new();
    let members: usize = cv.patents.iter().map(|f| f.members.len()).sum();
    let sections = [
        (Section::Work, cv.works.len() + members),
        (Section::Employment, cv.employment.len()),
        (Section::Education, cv.education.len()),
        (Section::Qualification, cv.qualifications.len()),
        (Section::InvitedPosition, cv.invited_positions.len()),
        (Section::Distinction, cv.awards.len()),
        (Section::Membership, cv.memberships.len()),
        (Section::Service, cv.services.len()),
        (Section::Funding, cv.projects.len()),
    ];
    for (section, n) in sections {
        if n > 0 {
            m.insert(section, n);
        }
    }
    m
}

/// Every put-code of the CV with the section it is in; panics on one put-code twice.
fn assert_put_codes_once(cv: &Cv, what: &str) {
    let mut seen = BTreeSet::new();
    let mut codes: Vec<(&str, Option<u64>)> = Vec::new();
    for section in vitae::model::AffiliationSection::ALL {
        codes.extend(
            cv.affiliations(section)
                .iter()
                .map(|a| (section.key(), a.put_code)),
        );
    }
    codes.extend(cv.awards.iter().map(|a| ("awards", a.put_code)));
    codes.extend(cv.projects.iter().map(|p| ("projects", p.put_code)));
    codes.extend(cv.works.iter().map(|w| ("works", w.put_code)));
    for f in &cv.patents {
        codes.extend(f.members.iter().map(|m| ("works", m.put_code)));
    }
    for (section, code) in codes {
        if let Some(p) = code {
            assert!(
                seen.insert((section, p)),
                "{what}: put-code {p} twice in {section}"
            );
        }
    }
}

/// Gives every item of the CV a put-code, as a sync does.
fn with_put_codes(cv: &Cv) -> Cv {
    let mut cv = cv.clone();
    let mut next = 7000;
    let mut code = || {
        next += 1;
        Some(next)
    };
    for section in vitae::model::AffiliationSection::ALL {
        for a in cv.affiliations_mut(section) {
            a.put_code = code();
        }
    }
    for a in &mut cv.awards {
        a.put_code = code();
    }
    for p in &mut cv.projects {
        p.put_code = code();
    }
    for w in &mut cv.works {
        w.put_code = code();
    }
    for f in &mut cv.patents {
        for m in &mut f.members {
            m.put_code = code();
        }
    }
    cv
}

/// A CV exported as a directory (record, item documents) and read back from the record and
/// every item document together gives each item once, the same CV as the item documents
/// alone, and loses nothing but what the items alone lose.
#[test]
fn record_and_item_documents_give_each_item_once() {
    for name in ["examples/lapuschkin.yaml", "tests/fixtures/orcid-cv.yaml"] {
        let cv = vitae::from_path(common::root().join(name))
            .expect("loads")
            .cv;
        for (what, cv) in [("as written", cv.clone()), ("synced", with_put_codes(&cv))] {
            let what = format!("{name} {what}");
            let export = OrcidXml::new().export(&cv);
            let files = export.files().expect("writes");
            let items: Vec<&str> = files
                .iter()
                .filter(|(p, _)| p.components().count() == 2 && !p.starts_with("bulk"))
                .map(|(_, x)| x.as_str())
                .collect();
            let mut all = vec![files[0].1.as_str()];
            all.extend(&items);
            let together = orcid::import_documents(&all).expect("reads");
            let alone = orcid::import_documents(&items).expect("reads");

            assert_eq!(
                counts_of_cv(&together.cv),
                counts_of_export(&export),
                "{what}: the items of the export, each once"
            );
            assert_put_codes_once(&together.cv, &what);
            let (t, a) = (activities(&together.cv), activities(&alone.cv));
            for (x, y) in t.works.iter().zip(&a.works) {
                assert_eq!(x, y, "{what}: the full work's data");
            }
            assert_eq!(t, a, "{what}: the full items' data");
            let lost = |i: &orcid::Imported| {
                i.losses
                    .iter()
                    .map(|l| l.kind)
                    .filter(|k| *k != LossKind::OrcidMetadata)
                    .collect::<BTreeSet<_>>()
            };
            assert_eq!(lost(&together), lost(&alone), "{what}: nothing more lost");
        }
    }
}

/// The command line, as the issue ran it: export a directory, import the record and the
/// item documents with shell globs, check the result.
#[test]
fn import_of_an_export_directory_matches_the_cv() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("orcid");
    let cv_path = common::root().join("tests/fixtures/orcid-cv.yaml");
    let o = vitae(&["export", s(&cv_path), "--to", "orcid-xml", "-o", s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut docs = vec![out.join("record.xml").display().to_string()];
    let mut sections: Vec<_> = std::fs::read_dir(&out)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir() && !p.ends_with("bulk"))
        .collect();
    sections.sort();
    for section in sections {
        let mut names: Vec<String> = std::fs::read_dir(section)
            .expect("section dir")
            .map(|e| e.expect("entry").path().display().to_string())
            .collect();
        names.sort();
        docs.extend(names);
    }
    let yaml = dir.path().join("back.yaml");
    let mut args = vec!["import", "orcid"];
    args.extend(docs.iter().map(String::as_str));
    args.extend(["-o", s(&yaml)]);
    let o = vitae(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let back = vitae::from_path(&yaml).expect("loads").cv;
    let cv = vitae::from_path(&cv_path).expect("loads").cv;
    let public = cv.visible(vitae::types::Visibility::Public);
    assert_eq!(
        counts_of_cv(&back),
        counts_of_cv(&public),
        "the CV's public items, each once"
    );
    assert_put_codes_once(&back, "back.yaml");
    let o = vitae(&["check", s(&yaml)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("is also the DOI"), "{err}");
}

const NS: &str = r#"xmlns:common="http://www.orcid.org/ns/common" xmlns:work="http://www.orcid.org/ns/work" xmlns:activities="http://www.orcid.org/ns/activities""#;

fn work(put_code: Option<u64>, title: &str, doi: &str, summary: bool) -> String {
    let tag = if summary { "work-summary" } else { "work" };
    let code = put_code.map_or(String::new(), |p| format!(r#" put-code="{p}""#));
    let (open, close) = if summary {
        (
            format!("<activities:works {NS}><activities:group>"),
            "</activities:group></activities:works>",
        )
    } else {
        (String::new(), "")
    };
    let ns = if summary { "" } else { NS };
    let contributors = if summary {
        ""
    } else {
        "<work:contributors><work:contributor><work:credit-name>Ada Lovelace</work:credit-name></work:contributor></work:contributors>"
    };
    format!(
        r#"{open}<work:{tag} {ns}{code}><work:title><common:title>{title}</common:title></work:title><work:type>journal-article</work:type><common:external-ids><common:external-id><common:external-id-type>doi</common:external-id-type><common:external-id-value>{doi}</common:external-id-value><common:external-id-relationship>self</common:external-id-relationship></common:external-id></common:external-ids>{contributors}</work:{tag}>{close}"#
    )
}

/// A summary with a put-code and the full work without one, its DOI spelled otherwise: one
/// work, the full one's data, the summary's put-code.
#[test]
fn a_summary_and_its_full_work_meet_by_normalised_doi() {
    let summary = work(Some(7), "Notes", "10.1000/ABC", true);
    let full = work(None, "Notes", "https://doi.org/10.1000/abc", false);
    let im = orcid::import_documents(&[&summary, &full]).expect("reads");
    assert_eq!(im.cv.works.len(), 1, "{:?}", im.cv.works);
    let w = &im.cv.works[0];
    assert_eq!(w.put_code, Some(7));
    assert_eq!(w.authors.len(), 1, "the full work's contributors");
    assert!(im.losses.iter().all(|l| l.kind != LossKind::DuplicateItem));
}

/// Two full copies of one put-code that differ: the first is kept, the second reported with
/// both places.
#[test]
fn differing_copies_of_one_put_code_are_reported() {
    let a = work(Some(7), "Notes", "10.1000/abc", false);
    let b = work(Some(7), "Notes, revised", "10.1000/abc", false);
    let im = orcid::import_documents(&[&a, &b]).expect("reads");
    assert_eq!(im.cv.works.len(), 1);
    assert_eq!(im.cv.works[0].title.as_str(), "Notes");
    let dup: Vec<_> = im
        .losses
        .iter()
        .filter(|l| l.kind == LossKind::DuplicateItem)
        .collect();
    assert_eq!(dup.len(), 1, "{:?}", im.losses);
    assert!(dup[0].at.starts_with("document 1: work:work"), "{}", dup[0]);
    assert!(
        dup[0].detail.contains("put-code 7") && dup[0].detail.contains("document 0: work:work"),
        "{}",
        dup[0]
    );
}

/// Different put-codes are different items of the record, even with one DOI (ORCID keeps a
/// work per source); `vitae check` warns about the DOI instead.
#[test]
fn different_put_codes_stay_two_items() {
    let a = work(Some(7), "Notes", "10.1000/abc", false);
    let b = work(Some(8), "Notes", "10.1000/ABC", false);
    let im = orcid::import_documents(&[&a, &b]).expect("reads");
    assert_eq!(im.cv.works.len(), 2);
    let warned = vitae::validate::validate(&im.cv)
        .into_iter()
        .filter(|d| d.message.contains("is also the DOI of works[0].doi"))
        .count();
    assert_eq!(warned, 1);
}

/// ORCID's own samples: a record (summaries) and the full funding, employment and education
/// of the same put-codes give the record's items once each, with the full items' data.
#[test]
fn orcid_sample_record_and_full_items() {
    let Some(shared) = common::shared("orcid_sample_record_and_full_items") else {
        return;
    };
    let dir = shared.join("fixtures/orcid/read_samples");
    let read = |f: &str| common::read(&dir.join(f));
    let record = read("record-3.0.xml");
    let full = [
        "funding-full-3.0.xml",
        "employment-full-3.0.xml",
        "education-full-3.0.xml",
    ];
    let full: Vec<String> = full.iter().map(|f| read(f)).collect();
    let mut docs = vec![record.as_str()];
    docs.extend(full.iter().map(String::as_str));
    let together = orcid::import_documents(&docs).expect("reads");
    let alone = orcid::import(&record).expect("reads");
    assert_eq!(counts_of_cv(&together.cv), counts_of_cv(&alone.cv));
    // The record names the person, who is then the funding's investigator (`me`).
    let mut projects = together.cv.projects.clone();
    for c in projects.iter_mut().flat_map(|p| p.investigators.iter_mut()) {
        c.me = None;
    }
    let funding = orcid::import(&full[0]).expect("reads").cv.projects;
    assert_eq!(projects, funding, "the full funding's data");
    let employment = orcid::import(&full[1]).expect("reads").cv.employment;
    assert_eq!(
        together.cv.employment, employment,
        "the full employment's data"
    );
    assert!(
        together
            .losses
            .iter()
            .all(|l| l.kind != LossKind::DuplicateItem)
    );
}
