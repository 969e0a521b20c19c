//! The reference CV as ORCID XML: every document written validates against ORCID's XSDs;
//! talks, patents and preprints get their ORCID types; what is not written is in the report.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use vitae::model::{PresentationKind, WorkKind};
use vitae::orcid::{OrcidXml, Section, WorkType};
use vitae::report::Severity;
use vitae::types::Visibility;

#[test]
fn reference_cv_talks_patents_and_preprints() {
    let cv = common::reference_cv();
    let export = OrcidXml::new()
        .with_include(Visibility::Private)
        .export(&cv);
    let types: BTreeMap<&str, WorkType> = export
        .items
        .iter()
        .filter_map(|i| Some((i.path.as_str(), i.work_type()?)))
        .collect();
    let mut talks = 0;
    let mut preprints = 0;
    for (i, w) in cv.works.iter().enumerate() {
        let path = format!("works[{i}]");
        let t = *types
            .get(path.as_str())
            .unwrap_or_else(|| panic!("{path} was not exported"));
        match w.kind {
            WorkKind::Talk => {
                talks += 1;
                let expected = if w.presentation == Some(PresentationKind::PaperPresentation) {
                    WorkType::ConferencePresentation
                } else {
                    WorkType::LectureSpeech
                };
                assert_eq!(t, expected, "{path}: {}", w.title.as_str());
            }
            WorkKind::Lecture => assert_eq!(t, WorkType::LectureSpeech, "{path}"),
            WorkKind::Preprint => {
                preprints += 1;
                assert_eq!(t, WorkType::Preprint, "{path}");
            }
            _ => {}
        }
    }
    assert_eq!(talks, 15, "the reference CV has 15 talks");
    assert_eq!(
        preprints,
        cv.works
            .iter()
            .filter(|w| w.kind == WorkKind::Preprint)
            .count()
    );
    assert!(preprints > 0);

    let members: usize = cv.patents.iter().map(|f| f.members.len()).sum();
    let patents: Vec<&vitae::orcid::OrcidItem> = export
        .items
        .iter()
        .filter(|i| i.path.starts_with("patents["))
        .collect();
    assert_eq!(patents.len(), members, "one patent work per filing");
    for p in patents {
        assert_eq!(p.work_type(), Some(WorkType::Patent), "{}", p.path);
        assert!(
            p.external_ids()
                .iter()
                .any(|x| x.id_type == "pat" && x.relationship() == "self"),
            "{}: no pat id",
            p.path
        );
    }
    // Every work is written; whatever is not is in the report with its path.
    for d in export
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        assert!(
            !d.path.starts_with("works[") && !d.path.starts_with("patents["),
            "a work was refused: {}: {}",
            d.path,
            d.message
        );
    }
    let written: Vec<&str> = export.items.iter().map(|i| i.path.as_str()).collect();
    for d in export
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        let item: String = d.path.split('.').next().unwrap_or("").to_owned();
        assert!(
            !written.contains(&item.as_str()),
            "{item} has an error but was written"
        );
    }
}

/// The reference CV with the ROR id of TU Berlin (`03v4gjf40`, as in the other fixtures) on
/// its organizations of that name, so that its employment and education documents are
/// written and validated too. The shipped example has no organization ids: nothing there
/// confirms them, and `vitae check --target orcid` reports each one missing.
fn reference_cv_with_tu_berlin_ror() -> vitae::Cv {
    let mut cv = common::reference_cv();
    let ror: vitae::types::RorId = "03v4gjf40".parse().expect("a ROR id");
    let mut n = 0;
    for a in cv.employment.iter_mut().chain(cv.education.iter_mut()) {
        if let Some(o) = &mut a.organization
            && o.name.as_str() == "Berlin Institute of Technology"
        {
            o.ror = Some(ror.clone());
            n += 1;
        }
    }
    assert_eq!(n, 6, "TU Berlin: 3 employments and 3 educations");
    cv
}

/// ORCID makes a disambiguated organization mandatory for every affiliation: each of the
/// reference CV's 10 employment and education items is an error that names the ROR id to
/// look up, and none is written; the awards are not refused for a missing city.
#[test]
fn reference_cv_affiliations_without_organization_id_are_errors() {
    let cv = common::reference_cv();
    let export = OrcidXml::new()
        .with_include(Visibility::Private)
        .export(&cv);
    let errors: Vec<(&str, &str)> = export
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.path.as_str(), d.message.as_str()))
        .collect();
    let mut expected: Vec<String> = (0..cv.employment.len())
        .map(|i| format!("employment[{i}].organization"))
        .collect();
    expected.extend((0..cv.education.len()).map(|i| format!("education[{i}].organization")));
    assert_eq!(expected.len(), 10);
    for path in &expected {
        let (_, m) = errors
            .iter()
            .find(|(p, _)| p == path)
            .unwrap_or_else(|| panic!("no error at {path}: {errors:#?}"));
        assert!(
            m.contains("add organization.ror (look it up at https://ror.org/search?query="),
            "{path}: {m}"
        );
    }
    assert!(
        !export
            .items
            .iter()
            .any(|i| i.path.starts_with("employment") || i.path.starts_with("education")),
        "an affiliation without organization id was written"
    );
    assert!(
        !errors
            .iter()
            .any(|(p, _)| p.starts_with("awards")
                && (p.ends_with(".city") || p.ends_with(".country"))),
        "{errors:#?}"
    );
}

#[test]
fn every_document_of_the_reference_cv_validates() {
    let Some(shared) = common::shared("every_document_of_the_reference_cv_validates") else {
        return;
    };
    if !common::tool("every_document_of_the_reference_cv_validates", "xmllint") {
        return;
    }
    let xsd = shared.join("schemas/orcid-3.0/record_3.0");
    let cv = reference_cv_with_tu_berlin_ror();
    for level in [Visibility::Public, Visibility::Private] {
        let export = OrcidXml::new().with_include(level).export(&cv);
        let files = export.files().expect("writes");
        assert!(files.iter().any(|(p, _)| p.starts_with("work")));
        assert!(files.iter().any(|(p, _)| p.starts_with("bulk")));
        assert!(files.iter().any(|(p, _)| p.starts_with("employment")));
        assert!(files.iter().any(|(p, _)| p.starts_with("education")));
        let dir = tempfile::tempdir().expect("temp dir");
        let mut by_schema: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
        for (rel, xml) in &files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, xml).expect("write");
            let first = rel
                .components()
                .next()
                .and_then(|c| c.as_os_str().to_str())
                .unwrap_or("");
            let schema = match first {
                "record.xml" => xsd.join("record-3.0.xsd"),
                "bulk" => xsd.join("bulk-3.0.xsd"),
                s => {
                    assert!(
                        Section::ALL.iter().any(|x| x.path_segment() == s),
                        "unexpected {s}"
                    );
                    xsd.join(format!("{s}-3.0.xsd"))
                }
            };
            by_schema.entry(schema).or_default().push(path);
        }
        for (schema, paths) in by_schema {
            common::xmllint_validate(&schema, &paths);
        }
    }
}

#[test]
fn reference_cv_round_trips_through_orcid() {
    let cv = common::reference_cv();
    let first = OrcidXml::new()
        .with_include(Visibility::Private)
        .export(&cv);
    let docs: Vec<String> = first
        .items
        .iter()
        .map(|i| i.to_xml_as_held().expect("writes"))
        .collect();
    let refs: Vec<&str> = docs.iter().map(String::as_str).collect();
    let imported = vitae::orcid::import_documents(&refs).expect("reads");
    let second = OrcidXml::new()
        .with_include(Visibility::Private)
        .export(&imported.cv);
    let again: Vec<String> = second
        .items
        .iter()
        .map(|i| i.to_xml_as_held().expect("writes"))
        .collect();
    let (mut a, mut b) = (docs, again);
    a.sort();
    b.sort();
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y, "a document changed through import and export");
    }
    assert_eq!(imported.cv.patents.len(), cv.patents.len());
}
