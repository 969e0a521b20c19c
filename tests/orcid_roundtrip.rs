//! Every ORCID sample that holds a record, a work, an affiliation or a funding imports,
//! exports again, validates against ORCID's XSDs, imports again to the same CV, and loses
//! only what the documented list says.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use vitae::Cv;
use vitae::orcid::{self, LossKind, OrcidXml};
use vitae::types::Visibility;

/// The ORCID samples (under `../shared/fixtures/orcid`) that hold records, works,
/// affiliations or fundings.
const FIXTURES: &[&str] = &[
    "read_samples/bulk-work-err.xml",
    "read_samples/distinctions-3.0.xml",
    "read_samples/education-full-3.0.xml",
    "read_samples/employment-full-3.0.xml",
    "read_samples/funding-full-3.0.xml",
    "read_samples/invited-position-3.0.xml",
    "read_samples/invited-positions-3.0.xml",
    "read_samples/peer-review-full-3.0.xml",
    "read_samples/qualification-3.0.xml",
    "read_samples/qualifications-3.0.xml",
    "read_samples/record-3.0.xml",
    "read_samples/services-3.0.xml",
    "read_samples/work-full-3.0.xml",
    "read_samples/works-3.0.xml",
    "write_samples/distinction-3.0.xml",
    "write_samples/education-3.0.xml",
    "write_samples/employment-3.0.xml",
    "write_samples/funding-3.0.xml",
    "write_samples/membership-3.0.xml",
    "write_samples/peer-review-full-award-subject-type-3.0.xml",
    "write_samples/peer-review-simple-3.0.xml",
    "write_samples/research-resource-3.0.xml",
    "write_samples/service-3.0.xml",
    "write_samples/work-simple-3.0.xml",
];

/// The CV without its person (single-item documents carry none).
fn activities(cv: &Cv) -> Cv {
    let mut c = cv.clone();
    c.person = Cv::new(c.person.clone()).person;
    c.person.given_names = "x".parse().expect("text");
    c.person.family_name = "x".parse().expect("text");
    c.person.orcid = None;
    c.person.name_variants.clear();
    c.person.emails.clear();
    c.person.address = None;
    c.person.bio = None;
    c.person.profiles.clear();
    c.person.identifiers.clear();
    c.person.research_areas.clear();
    c.person.credit_name = None;
    c.person.isni = None;
    c
}

/// Gives a new put-code to every item whose put-code an earlier item of its section has.
/// ORCID's samples number every summary 1, but a record never repeats a put-code, and the
/// documents of one put-code are read together as copies of one item.
fn unique_put_codes(cv: &mut Cv) {
    fn renumber<'a>(codes: impl Iterator<Item = &'a mut Option<u64>>) {
        let codes: Vec<&mut Option<u64>> = codes.collect();
        let mut next = codes.iter().filter_map(|c| **c).max().unwrap_or(0) + 1;
        let mut seen = BTreeSet::new();
        for c in codes {
            if let Some(p) = *c
                && !seen.insert(p)
            {
                *c = Some(next);
                next += 1;
            }
        }
    }
    for section in vitae::model::AffiliationSection::ALL {
        renumber(
            cv.affiliations_mut(section)
                .iter_mut()
                .map(|a| &mut a.put_code),
        );
    }
    renumber(cv.awards.iter_mut().map(|a| &mut a.put_code));
    renumber(cv.projects.iter_mut().map(|p| &mut p.put_code));
    renumber(cv.peer_reviews.iter_mut().map(|p| &mut p.put_code));
    renumber(cv.research_resources.iter_mut().map(|p| &mut p.put_code));
    let members = cv.patents.iter_mut().flat_map(|f| f.members.iter_mut());
    renumber(
        cv.works
            .iter_mut()
            .map(|w| &mut w.put_code)
            .chain(members.map(|m| &mut m.put_code)),
    );
}

#[test]
fn every_fixture_round_trips_and_validates() {
    let Some(shared) = common::shared("every_fixture_round_trips_and_validates") else {
        return;
    };
    let lint = common::tool("every_fixture_round_trips_and_validates", "xmllint");
    let xsd = shared.join("schemas/orcid-3.0/record_3.0");
    let mut losses_found = String::new();
    for name in FIXTURES {
        let path = shared.join("fixtures/orcid").join(name);
        let text = common::read(&path);
        let first = orcid::import(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut cv1 = first.cv;
        unique_put_codes(&mut cv1);
        let kinds: BTreeSet<&str> = first.losses.iter().map(|l| l.kind.key()).collect();
        losses_found.push_str(&format!(
            "{name}: {}\n",
            kinds.into_iter().collect::<Vec<_>>().join(" ")
        ));

        // The CV it gives is a valid CV: it serializes and loads back the same.
        let yaml = serde_json::to_string(&cv1).expect("serializes");
        let back = vitae::from_str(&yaml, vitae::InputFormat::Json)
            .unwrap_or_else(|r| panic!("{name}: the imported CV does not load:\n{r}\n{yaml}"))
            .cv;
        assert_eq!(
            back, cv1,
            "{name}: the imported CV changes when loaded again"
        );

        let export = OrcidXml::new()
            .with_include(Visibility::Private)
            .export(&cv1);
        let errors: Vec<String> = export
            .diagnostics
            .iter()
            .filter(|d| d.severity == vitae::Severity::Error)
            .map(|d| format!("{}: {}", d.path, d.message))
            .collect();
        assert!(
            errors.is_empty(),
            "{name}: export errors:\n{}",
            errors.join("\n")
        );
        let files = export.files().expect("writes");
        if lint {
            for (rel, xml) in &files {
                let schema = schema_for(&xsd, rel);
                xmllint(&schema, xml)
                    .unwrap_or_else(|e| panic!("{name}: {}: {e}\n{xml}", rel.display()));
            }
        }

        let items: Vec<&str> = files
            .iter()
            .filter(|(p, _)| p.components().count() == 2 && !p.starts_with("bulk"))
            .map(|(_, x)| x.as_str())
            .collect();
        let again = orcid::import_documents(&items).unwrap_or_else(|e| panic!("{name}: {e}"));
        // A research resource read from a record's summary has no resource items, which
        // ORCID's XSD requires of the full document: the record alone holds it.
        let mut with_documents = cv1.clone();
        with_documents
            .research_resources
            .retain(|r| !r.items.is_empty());
        assert_eq!(
            activities(&again.cv),
            activities(&with_documents),
            "{name}: importing the exported items does not give the same CV"
        );
        let record = &files[0].1;
        let from_record = orcid::import(record).unwrap_or_else(|e| panic!("{name}: {e}"));
        if name.contains("record") || name.contains("works-3.0") || name.ends_with("s-3.0.xml") {
            // Summaries in, summaries out: the record holds everything.
            assert_eq!(
                from_record.cv, cv1,
                "{name}: the record does not round-trip"
            );
        } else {
            let count = |cv: &Cv| {
                cv.works.len()
                    + cv.projects.len()
                    + cv.awards.len()
                    + cv.peer_reviews.len()
                    + cv.research_resources.len()
            };
            assert_eq!(
                count(&from_record.cv),
                count(&cv1),
                "{name}: the record lost items"
            );
        }
        let bulk: Vec<&str> = files
            .iter()
            .filter(|(p, _)| p.starts_with("bulk"))
            .map(|(_, x)| x.as_str())
            .collect();
        if !bulk.is_empty() {
            let from_bulk = orcid::import_documents(&bulk).expect("bulk reads");
            let strip = |cv: &Cv| {
                let mut w = cv.works.clone();
                for x in &mut w {
                    x.put_code = None;
                }
                w
            };
            assert_eq!(
                strip(&from_bulk.cv),
                strip(&cv1),
                "{name}: bulk works differ"
            );
        }
    }
    let expected_path = common::root().join("tests/fixtures/orcid-losses.txt");
    if common::bless() {
        std::fs::write(&expected_path, &losses_found).expect("writes");
    }
    let expected = common::read(&expected_path);
    assert_eq!(
        losses_found, expected,
        "the losses of the fixtures changed; review and bless with VITAE_BLESS=1"
    );
}

#[test]
fn every_loss_kind_is_documented() {
    let design = common::read(&common::root().join("DESIGN.md"));
    let start = design
        .find("\n## ORCID")
        .expect("DESIGN.md has a ## ORCID section")
        + 1;
    let rest = &design[start..];
    let section = match rest[3..].find("\n## ") {
        Some(end) => &rest[..end + 3],
        None => rest,
    };
    for k in LossKind::ALL {
        assert!(
            section.contains(&format!("`{}`", k.key())),
            "DESIGN.md does not document the loss `{}`",
            k.key()
        );
    }
}

pub fn schema_for(xsd: &Path, rel: &Path) -> PathBuf {
    let first = rel
        .components()
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .unwrap_or("");
    match first {
        "record.xml" => xsd.join("record-3.0.xsd"),
        "bulk" => xsd.join("bulk-3.0.xsd"),
        section => xsd.join(format!("{section}-3.0.xsd")),
    }
}

pub fn xmllint(schema: &Path, xml: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let file = dir.path().join("doc.xml");
    std::fs::write(&file, xml).map_err(|e| e.to_string())?;
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema)
        .arg(&file)
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// ORCID's full record sample holds an item of every activity section: importing it and
/// exporting it again at `--include private` keeps every one of them (a section dropped at
/// import would pass the round trip above, which compares the CV with itself).
#[test]
fn the_full_record_sample_keeps_every_section() {
    let Some(shared) = common::shared("the_full_record_sample_keeps_every_section") else {
        return;
    };
    let text = common::read(&shared.join("fixtures/orcid/read_samples/record-3.0.xml"));
    let cv = orcid::import(&text).expect("imports").cv;
    let export = OrcidXml::new()
        .with_include(Visibility::Private)
        .export(&cv);
    let found: BTreeSet<orcid::Section> = export.items.iter().map(|i| i.section).collect();
    let missing: Vec<&orcid::Section> = orcid::Section::ALL
        .iter()
        .filter(|s| !found.contains(s))
        .collect();
    assert!(
        missing.is_empty(),
        "sections of record-3.0.xml lost on import and export: {missing:?}"
    );
}
