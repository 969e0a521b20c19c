//! ORCID XML export: documents valid against ORCID's XSDs, the mapping of items to sections
//! and work types, ORCID's API rules, privacy, determinism.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use vitae::Cv;
use vitae::orcid::{self, OrcidXml, Section, WorkType};
use vitae::report::Severity;
use vitae::types::Visibility;

fn fixture_cv() -> Cv {
    let path = common::root().join("tests/fixtures/orcid-cv.yaml");
    match vitae::from_path(&path) {
        Ok(l) => l.cv,
        Err(r) => panic!("{r}"),
    }
}

fn schema_for(xsd: &Path, rel: &Path) -> PathBuf {
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

/// Validates documents with one xmllint run per XSD.
fn xmllint_all(xsd: &Path, files: &[(PathBuf, String)]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut by_schema: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for (rel, xml) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, xml).expect("write");
        by_schema
            .entry(schema_for(xsd, rel))
            .or_default()
            .push(path);
    }
    for (schema, paths) in by_schema {
        common::xmllint_validate(&schema, &paths);
    }
}

fn export_files(cv: &Cv, level: Visibility) -> Vec<(PathBuf, String)> {
    let e = OrcidXml::new().with_include(level).export(cv);
    let errors: Vec<String> = e
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.path, d.message))
        .collect();
    assert!(errors.is_empty(), "export errors:\n{}", errors.join("\n"));
    e.files().expect("writes")
}

#[test]
fn every_document_of_the_fixture_cv_validates_against_orcids_xsds() {
    let Some(shared) = common::shared("fixture_cv_xsd") else {
        return;
    };
    if !common::tool("fixture_cv_xsd", "xmllint") {
        return;
    }
    let xsd = shared.join("schemas/orcid-3.0/record_3.0");
    for level in [Visibility::Public, Visibility::Private] {
        let files = export_files(&fixture_cv(), level);
        assert!(files.len() > 25, "{} files", files.len());
        xmllint_all(&xsd, &files);
    }
}

fn work_types(items: &[orcid::OrcidItem]) -> BTreeMap<String, WorkType> {
    items
        .iter()
        .filter_map(|i| Some((i.path.clone(), i.work_type()?)))
        .collect()
}

#[test]
fn talks_patents_and_preprints_get_their_orcid_types() {
    let cv = fixture_cv();
    let items = orcid::items(&cv, Visibility::Private).expect("no errors");
    let types = work_types(&items);
    for (i, w) in cv.works.iter().enumerate() {
        let t = types[&format!("works[{i}]")];
        match w.kind {
            vitae::model::WorkKind::Talk => {
                let expected =
                    if w.presentation == Some(vitae::model::PresentationKind::PaperPresentation) {
                        WorkType::ConferencePresentation
                    } else {
                        WorkType::LectureSpeech
                    };
                assert_eq!(t, expected, "works[{i}]");
            }
            vitae::model::WorkKind::Lecture => assert_eq!(t, WorkType::LectureSpeech),
            vitae::model::WorkKind::Preprint => assert_eq!(t, WorkType::Preprint),
            vitae::model::WorkKind::Thesis => assert_eq!(t, WorkType::DissertationThesis),
            vitae::model::WorkKind::Dataset => assert_eq!(t, WorkType::DataSet),
            vitae::model::WorkKind::Report => assert_eq!(t, WorkType::WorkingPaper),
            _ => {}
        }
    }
    let patents: Vec<&orcid::OrcidItem> = items
        .iter()
        .filter(|i| i.path.starts_with("patents["))
        .collect();
    assert_eq!(patents.len(), 5, "one work per filing");
    let mut numbers = Vec::new();
    for p in &patents {
        assert_eq!(p.work_type(), Some(WorkType::Patent));
        let own: Vec<&str> = p
            .external_ids()
            .iter()
            .filter(|x| x.id_type == "pat" && x.relationship() == "self")
            .map(|x| x.value.as_str())
            .collect();
        assert_eq!(own.len(), 1, "{}: one pat self id", p.path);
        numbers.push(own[0].to_owned());
        let versions = p
            .external_ids()
            .iter()
            .filter(|x| x.id_type == "pat" && x.relationship() == "version-of")
            .count();
        let family_size = if p.path.starts_with("patents[0]") {
            3
        } else {
            2
        };
        assert_eq!(
            versions,
            family_size - 1,
            "{}: the family's other filings",
            p.path
        );
    }
    assert_eq!(
        numbers,
        [
            "EP3991102A1",
            "US20220114455A1",
            "WO2020260656A1",
            "CN107636693",
            "KR102130162B1"
        ]
    );
}

#[test]
fn every_work_has_a_self_id_and_links_are_written() {
    let cv = fixture_cv();
    let items = orcid::items(&cv, Visibility::Private).expect("no errors");
    for i in items.iter().filter(|i| i.section == Section::Work) {
        assert!(
            i.external_ids().iter().any(|x| x.relationship() == "self"),
            "{} has no self id",
            i.path
        );
    }
    let by_id = |id: &str| {
        items
            .iter()
            .find(|i| i.id.as_str() == id)
            .unwrap_or_else(|| panic!("no item {id}"))
    };
    let has = |id: &str, t: &str, v: &str, rel: &str| {
        by_id(id)
            .external_ids()
            .iter()
            .any(|x| x.id_type == t && x.value == v && x.relationship() == rel)
    };
    // A talk without identifiers gets a stable source-work-id from its id.
    let talk = "2022-08-24-explain-to-not-forget-defending-against";
    assert!(has(talk, "source-work-id", talk, "self"));
    // A work with only a URL is identified by it.
    let zennit = "2021-zennit-a-python-framework-for-attributions";
    assert!(has(
        zennit,
        "uri",
        "https://github.com/chr5tphr/zennit",
        "self"
    ));
    // The journal's ISSN and the book's ISBN are part-of.
    let article = "2017-explaining-nonlinear-classification-decisions-with-deep";
    assert!(has(article, "issn", "0031-3203", "part-of"));
    let chapter = "2019-layer-wise-relevance-propagation-an-overview";
    assert!(has(chapter, "isbn", "9783030289546", "part-of"));
    // The preprint and its article name each other as versions.
    let published = "2019-unmasking-clever-hans-predictors-assessing-what";
    assert!(has(
        "preprint-clever-hans",
        "doi",
        "10.1038/s41467-019-08987-4",
        "version-of"
    ));
    assert!(has(published, "arxiv", "1902.10178", "version-of"));
    // The project that funded the article.
    assert!(has(published, "grant_number", "965221", "funded-by"));
}

#[test]
fn contributors_citations_dates_and_organizations() {
    let cv = fixture_cv();
    let items = orcid::items(&cv, Visibility::Private).expect("no errors");
    let article = items
        .iter()
        .find(|i| i.id.as_str() == "2017-explaining-nonlinear-classification-decisions-with-deep")
        .expect("article");
    let xml = article.to_xml().expect("writes");
    assert!(xml.contains("<work:contributor-sequence>first</work:contributor-sequence>"));
    assert_eq!(
        xml.matches("<work:contributor-sequence>additional</work:contributor-sequence>")
            .count(),
        4
    );
    assert!(xml.contains("<work:citation-type>bibtex</work:citation-type>"));
    assert!(xml.contains("@article{2017-explaining-nonlinear-classification-decisions-with-deep,"));
    assert!(xml.contains("<common:month>05</common:month>"), "{xml}");
    assert!(!xml.contains("put-code"), "POST bodies have no put-code");
    let chapter = items
        .iter()
        .find(|i| i.id.as_str() == "2019-layer-wise-relevance-propagation-an-overview")
        .expect("chapter")
        .to_xml()
        .expect("writes");
    assert_eq!(
        chapter
            .matches("<work:contributor-role>editor</work:contributor-role>")
            .count(),
        5
    );
    let hhi = items
        .iter()
        .find(|i| i.section == Section::Employment)
        .expect("employment");
    let xml = hhi.to_xml_with_put_code(5551).expect("writes");
    assert!(xml.contains("put-code=\"5551\""));
    assert!(xml.contains("<common:city>Berlin</common:city>"));
    assert!(xml.contains("<common:disambiguation-source>RINGGOLD</common:disambiguation-source>"));
    let itobos = items
        .iter()
        .find(|i| i.section == Section::Funding)
        .expect("funding")
        .to_xml()
        .expect("writes");
    assert!(itobos.contains("<funding:amount currency-code=\"EUR\">12000000</funding:amount>"));
    assert!(itobos.contains("http://dx.doi.org/10.13039/501100000780"));
    assert!(itobos.contains("<funding:contributor-role>lead</funding:contributor-role>"));
    // Every date element holds digits only: two-digit months and days, no white space.
    for i in &items {
        let xml = i.to_xml().expect("writes");
        for tag in ["common:month", "common:day"] {
            for part in xml.split(&format!("<{tag}>")).skip(1) {
                let v = part.split('<').next().unwrap_or("");
                assert!(
                    v.len() == 2 && v.bytes().all(|b| b.is_ascii_digit()),
                    "{}: <{tag}>{v}",
                    i.path
                );
            }
        }
        let year = xml.split("<common:year>").skip(1);
        for part in year {
            let v = part.split('<').next().unwrap_or("");
            assert!(v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit()), "{v}");
        }
    }
}

#[test]
fn only_visible_items_are_exported() {
    let cv = fixture_cv();
    let public = orcid::items(&cv, Visibility::Public).expect("no errors");
    let private = orcid::items(&cv, Visibility::Private).expect("no errors");
    assert!(public.iter().all(|i| i.visibility == Visibility::Public));
    assert!(
        !public
            .iter()
            .any(|i| i.id.as_str() == "2020-a-private-working-note")
    );
    assert!(
        !public
            .iter()
            .any(|i| i.id.as_str() == "old-grant-paid-in-marks")
    );
    let note = private
        .iter()
        .find(|i| i.id.as_str() == "2020-a-private-working-note")
        .expect("private export has it");
    assert!(
        note.to_xml()
            .expect("writes")
            .contains("visibility=\"private\"")
    );
    let limited = orcid::items(&cv, Visibility::Limited).expect("no errors");
    assert_eq!(
        limited
            .iter()
            .filter(|i| i.section == Section::Employment)
            .count(),
        2
    );
    let export = OrcidXml::new().export(&cv);
    let record = export.record_document().expect("writes");
    assert!(!record.contains("private@example.org"));
    assert!(record.contains("sebastian@example.org"));
    let all = OrcidXml::new()
        .with_include(Visibility::Private)
        .export(&cv);
    assert!(
        all.record_document()
            .expect("writes")
            .contains("private@example.org")
    );
}

#[test]
fn export_is_deterministic() {
    let cv = fixture_cv();
    let a = export_files(&cv, Visibility::Private);
    let b = export_files(&cv.clone(), Visibility::Private);
    assert_eq!(a, b);
}

#[test]
fn bulk_documents_hold_at_most_100_works() {
    let mut yaml = String::from("person: {given-names: Ada, family-name: Lovelace}\nworks:\n");
    for i in 0..250 {
        yaml.push_str(&format!(
            "  - {{type: journal-article, title: Note {i}, date: 1901, doi: 10.1000/n{i}}}\n"
        ));
    }
    let cv = vitae::from_str(&yaml, vitae::InputFormat::Yaml)
        .expect("loads")
        .cv;
    let items = orcid::items(&cv, Visibility::Public).expect("no errors");
    let bulk = orcid::bulk_documents(&items).expect("writes");
    let counts: Vec<usize> = bulk
        .iter()
        .map(|b| b.matches("<work:work").count())
        .collect();
    assert_eq!(counts, [100, 100, 50]);
    assert!(bulk.iter().all(|b| !b.contains("put-code")));
    if let Some(shared) = common::shared("bulk_documents_hold_at_most_100_works")
        && common::tool("bulk", "xmllint")
    {
        let files: Vec<(PathBuf, String)> = bulk
            .into_iter()
            .enumerate()
            .map(|(i, b)| (PathBuf::from(format!("bulk/{i}.xml")), b))
            .collect();
        xmllint_all(&shared.join("schemas/orcid-3.0/record_3.0"), &files);
    }
}

fn problems(yaml: &str) -> Vec<(Severity, String, String)> {
    let cv = vitae::from_str(yaml, vitae::InputFormat::Yaml)
        .expect("loads")
        .cv;
    orcid::check(&cv, Visibility::Private)
        .into_iter()
        .map(|d| (d.severity, d.path, d.message))
        .collect()
}

#[test]
fn what_orcid_would_refuse_goes_into_the_report_with_its_path() {
    let p = problems(
        r#"
person: {given-names: Ada, family-name: Lovelace}
employment:
  - {organization: {name: Analytical Society, country: GB}, start: 1900}
awards:
  - {title: Medal, date: 1901}
projects:
  - {title: Engine, funder: {name: Crown, city: London, country: GB}}
works:
  - {type: journal-article, title: Old, date: 1843, doi: 10.1000/a}
  - type: journal-article
    title: Odd id
    date: 1901
    identifiers: [{scheme: myspace, value: "1"}]
  - {type: journal-article, title: Same, date: 1902, doi: 10.1000/B}
  - {type: journal-article, title: Again, date: 1903, doi: 10.1000/b}
"#,
    );
    let has = |sev: Severity, path: &str, needle: &str| {
        p.iter()
            .any(|(s, q, m)| *s == sev && q == path && m.contains(needle))
    };
    assert!(
        has(Severity::Error, "employment[0].organization.city", "city"),
        "{p:#?}"
    );
    assert!(
        has(Severity::Error, "employment[0].organization", "ROR"),
        "{p:#?}"
    );
    assert!(
        has(Severity::Error, "awards[0].organization", "organization"),
        "{p:#?}"
    );
    assert!(
        has(Severity::Error, "projects[0].grant-number", "9023"),
        "{p:#?}"
    );
    assert!(
        has(Severity::Error, "works[0].date", "1900 to 2100"),
        "{p:#?}"
    );
    assert!(
        has(Severity::Error, "works[1].identifiers[0].scheme", "myspace"),
        "{p:#?}"
    );
    assert!(has(Severity::Error, "works[3]", "9021"), "{p:#?}");
    let cv = vitae::from_str(
        "person: {given-names: Ada, family-name: Lovelace}\nemployment:\n  - {organization: {name: X, country: GB}}\n",
        vitae::InputFormat::Yaml,
    )
    .expect("loads").cv;
    let export = OrcidXml::new().export(&cv);
    assert!(
        export.items.is_empty(),
        "an employment without city is not written"
    );
    assert!(orcid::items(&cv, Visibility::Public).is_err());
}

#[test]
fn characters_xml_forbids_are_refused_with_the_field() {
    let mut cv = fixture_cv();
    cv.works[0].title = "Bad \u{1} title".parse().expect("text");
    let d = orcid::check(&cv, Visibility::Private);
    assert!(
        d.iter().any(|d| d.severity == Severity::Error
            && d.path == "works[0].title"
            && d.message.contains("U+0001")),
        "{d:#?}"
    );
    // The writer guards too, for items built by hand.
    let mut items = orcid::items(&fixture_cv(), Visibility::Public).expect("no errors");
    let item = &mut items[0];
    if let orcid::doc::Item::Affiliation(a) = &mut item.doc {
        a.role_title = Some("x\u{FFFE}".into());
    }
    let e = item.to_xml().expect_err("refused");
    assert!(e.element.ends_with("common:role-title"), "{e}");
    assert!(e.to_string().contains("U+FFFE"));
}

#[test]
fn exported_items_import_and_export_again_unchanged() {
    let cv = fixture_cv();
    let first = OrcidXml::new()
        .with_include(Visibility::Private)
        .export(&cv);
    let items: Vec<String> = first
        .items
        .iter()
        .map(|i| i.to_xml_as_held().expect("writes"))
        .collect();
    let refs: Vec<&str> = items.iter().map(String::as_str).collect();
    let imported = orcid::import_documents(&refs).expect("reads");
    let second = OrcidXml::new()
        .with_include(Visibility::Private)
        .export(&imported.cv);
    let again: Vec<String> = second
        .items
        .iter()
        .map(|i| i.to_xml_as_held().expect("writes"))
        .collect();
    let mut a = items.clone();
    let mut b = again.clone();
    a.sort();
    b.sort();
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y);
    }
    // The links survive the trip.
    let cv2 = &imported.cv;
    let preprint = cv2
        .works
        .iter()
        .find(|w| w.kind == vitae::model::WorkKind::Preprint)
        .expect("preprint");
    assert_eq!(
        preprint.version_of.as_ref().map(|v| v.as_str()),
        Some("2019-unmasking-clever-hans-predictors-assessing-what")
    );
    assert_eq!(cv2.patents.len(), 2);
    assert_eq!(cv2.patents[0].members.len(), 3);
    assert_eq!(cv2.patents[0].members[1].put_code, Some(777));
    let funded: Vec<&str> = cv2
        .works
        .iter()
        .flat_map(|w| w.funded_by.iter().map(|p| p.as_str()))
        .collect();
    assert_eq!(funded.len(), 1);
    let project = cv2
        .projects
        .iter()
        .find(|p| p.id.as_ref().map(|i| i.as_str()) == Some(funded[0]))
        .expect("the project");
    assert_eq!(project.grant_number.as_deref(), Some("965221"));
}

/// One external-id normal form for the export, a sync and the import: an arXiv id in two
/// versions, or a PMC id with and without its `PMC`, names one work (ORCID's duplicate check
/// would take the second for a new work; a sync, matching, for the same).
#[test]
fn two_spellings_of_one_identifier_are_one_work_everywhere() {
    let p = problems(
        r#"
person: {given-names: Ada, family-name: Lovelace}
works:
  - {type: preprint, title: First, date: 2022, arxiv: "2206.03208v1"}
  - {type: preprint, title: Second, date: 2022, arxiv: "arXiv:2206.03208v2"}
  - type: journal-article
    title: Third
    date: 2022
    identifiers: [{scheme: pmc, value: PMC4498753}]
  - type: journal-article
    title: Fourth
    date: 2022
    identifiers: [{scheme: pmc, value: "PMC 4498753"}]
"#,
    );
    let refused = |path: &str| {
        p.iter()
            .any(|(s, q, m)| *s == Severity::Error && q == path && m.contains("9021"))
    };
    assert!(refused("works[1]"), "{p:#?}");
    assert!(refused("works[3]"), "{p:#?}");
    assert!(!refused("works[0]") && !refused("works[2]"), "{p:#?}");
    use vitae::orcid::doc::ExternalId;
    let key = |t: &str, v: &str| ExternalId::new(t, v, "self").key();
    assert_eq!(key("pmc", "PMC 4498753"), key("pmc", "4498753"));
    assert_eq!(
        key("arxiv", "2206.03208v1"),
        key("arxiv", "arXiv:2206.03208v2")
    );
}

/// ORCID needs a city and a country for employment and education (9060), not for the
/// professional activities (qualification, distinction, invited position, membership,
/// service; ORCID's read sample of them has none), where a city still needs a country (9061).
#[test]
fn professional_activities_need_no_city_or_country() {
    let org = |o: &str| format!("{{name: Royal Society{o}, ror: https://ror.org/03wnrjx87}}");
    let yaml = format!(
        r#"
person: {{given-names: Ada, family-name: Lovelace}}
employment:
  - {{organization: {e}, role: Lecturer, start: 1900}}
education:
  - {{organization: {e}, degree: {{name: BSc}}, start: 1900}}
qualifications:
  - {{organization: {n}, role: Fellow, start: 1900}}
invited-positions:
  - {{organization: {n}, role: Visitor, start: 1900}}
memberships:
  - {{organization: {n}, role: Member, start: 1900}}
services:
  - {{organization: {n}, role: Reviewer, start: 1900}}
  - {{organization: {c}, role: Editor, start: 1900}}
awards:
  - {{title: Medal, date: 1901, organization: {n}}}
"#,
        e = org(""),
        n = org(""),
        c = org(", city: London"),
    );
    let p = problems(&yaml);
    let errors: Vec<_> = p
        .iter()
        .filter(|(s, _, _)| *s == Severity::Error)
        .map(|(_, path, m)| format!("{path}: {m}"))
        .collect();
    let expected = [
        "employment[0].organization.city",
        "employment[0].organization.country",
        "education[0].organization.city",
        "education[0].organization.country",
        "services[1].organization.country",
    ];
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    for (e, path) in errors.iter().zip(expected) {
        assert!(e.starts_with(&format!("{path}: ")), "{e} for {path}");
    }
}

/// A disambiguated organization is mandatory for every affiliation and funding (the
/// documentation of `organization` in common-3.0.xsd): without one the item is an error whose
/// message says which id to add and where to look it up.
#[test]
fn an_affiliation_or_funding_without_organization_id_is_an_error_with_the_fix() {
    let p = problems(
        r#"
person: {given-names: Ada, family-name: Lovelace}
employment:
  - {organization: {name: Analytical Society, city: London, country: GB}, start: 1900}
  - {organization: {name: Royal Society, city: London, country: GB, ror: 03wnrjx87}, start: 1900}
memberships:
  - {organization: {name: "Société & Co"}, start: 1900}
  - organization: {name: "Société & Co"}
    start: 1900
    identifiers: [{scheme: uri, value: "https://example.org/m/1"}]
awards:
  - {title: Medal, date: 1901, organization: Royal Institution}
projects:
  - {title: Engine, grant-number: E1, funder: {name: Crown Office, city: London, country: GB}}
  - {title: Loom, grant-number: L1, funder: {name: Crown Office, city: London, country: GB, fundref: 501100000780}}
"#,
    );
    let errors: Vec<(&str, &str)> = p
        .iter()
        .filter(|(s, _, _)| *s == Severity::Error)
        .map(|(_, path, m)| (path.as_str(), m.as_str()))
        .collect();
    let paths: Vec<&str> = errors.iter().map(|(p, _)| *p).collect();
    assert_eq!(
        paths,
        [
            "employment[0].organization",
            "memberships[0].organization",
            "awards[0].organization",
            "projects[0].funder"
        ],
        "{errors:#?}"
    );
    assert!(
        errors[0].1.contains(
            "add organization.ror (look it up at https://ror.org/search?query=Analytical+Society)"
        ),
        "{}",
        errors[0].1
    );
    assert!(
        errors[1]
            .1
            .contains("https://ror.org/search?query=Soci%C3%A9t%C3%A9+%26+Co"),
        "{}",
        errors[1].1
    );
    assert!(
        errors[3].1.contains("add funder.fundref or funder.ror"),
        "{}",
        errors[3].1
    );
    // The items with an id are written, the others are not.
    let cv = vitae::from_str(
        "person: {given-names: Ada, family-name: Lovelace}\nemployment:\n  - {organization: {name: A, city: B, country: GB}, start: 1900}\n",
        vitae::InputFormat::Yaml,
    )
    .expect("loads").cv;
    assert!(orcid::items(&cv, Visibility::Private).is_err());
}

/// An organization id of a registry without a field of its own (LEI) is exported as it is,
/// and comes back from an import as it was (FORMAT.md's example).
#[test]
fn an_lei_organization_id_is_exported_and_imported_as_given() {
    let doc = common::read(&common::root().join("schemas/FORMAT.md"));
    let start = doc
        .find("      disambiguated: {source: LEI")
        .expect("FORMAT.md's LEI example");
    let block_start = doc[..start].rfind("```yaml\n").expect("its block") + 8;
    let block_end = start + doc[start..].find("```").expect("its end");
    let yaml = format!(
        "person: {{given-names: Ada, family-name: Lovelace}}\n{}",
        &doc[block_start..block_end]
    );
    let cv = vitae::from_str(&yaml, vitae::InputFormat::Yaml)
        .expect("loads")
        .cv;
    let items = orcid::items(&cv, Visibility::Public).expect("no error: the LEI is an id");
    let xml = items[0].to_xml().expect("writes");
    assert!(
        xml.contains("<common:disambiguated-organization-identifier>529900T8BM49AURSDO55</common:disambiguated-organization-identifier>"),
        "{xml}"
    );
    assert!(
        xml.contains("<common:disambiguation-source>LEI</common:disambiguation-source>"),
        "{xml}"
    );
    let back = orcid::import(&xml).expect("imports");
    assert!(back.losses.is_empty(), "{:?}", back.losses);
    assert_eq!(
        back.cv.employment[0]
            .organization
            .as_ref()
            .map(|o| &o.disambiguated),
        cv.employment[0]
            .organization
            .as_ref()
            .map(|o| &o.disambiguated)
    );
    // A ROR id in a form the export does not write (bare) is kept as given too.
    let bare = xml.replace("529900T8BM49AURSDO55", "03v4gjf40").replace(
        "<common:disambiguation-source>LEI",
        "<common:disambiguation-source>ROR",
    );
    assert_ne!(bare, xml);
    let again = orcid::import(&bare).expect("imports");
    let o = again.cv.employment[0]
        .organization
        .as_ref()
        .expect("an organization");
    assert_eq!(o.ror, None);
    let d = o.disambiguated.as_ref().expect("kept");
    assert_eq!((d.source.as_str(), d.id.as_str()), ("ROR", "03v4gjf40"));
}
