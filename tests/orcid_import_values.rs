//! An ORCID import keeps values as the record gives them, so that exporting (or syncing) again
//! writes the same values and shows no edits (issue 16, point 7).

mod common;

use vitae::orcid::{self, LossKind, OrcidXml};
use vitae::types::Visibility;

const WORK_NS: &str =
    r#"xmlns:common="http://www.orcid.org/ns/common" xmlns:work="http://www.orcid.org/ns/work""#;

fn work_with_citation(put_code: &str, kind: &str, value: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<work:work {WORK_NS} put-code="{put_code}" visibility="public">
  <work:title><common:title>Notes on the Engine</common:title></work:title>
  <work:citation>
    <work:citation-type>{kind}</work:citation-type>
    <work:citation-value>{value}</work:citation-value>
  </work:citation>
  <work:type>journal-article</work:type>
  <common:publication-date><common:year>1943</common:year></common:publication-date>
  <common:external-ids><common:external-id>
    <common:external-id-type>doi</common:external-id-type>
    <common:external-id-value>10.1000/notes</common:external-id-value>
    <common:external-id-relationship>self</common:external-id-relationship>
  </common:external-id></common:external-ids>
</work:work>"#
    )
}

fn exported_citation(xml: &str) -> (String, String) {
    let imported = orcid::import(xml).expect("imports");
    let export = OrcidXml::new()
        .with_include(Visibility::Private)
        .export(&imported.cv);
    assert!(!export.has_errors(), "{:?}", export.diagnostics);
    let out = export.items[0].to_xml().expect("writes");
    let between = |open: &str, close: &str| {
        let a = out.find(open).expect(open) + open.len();
        let b = a + out[a..].find(close).expect(close);
        out[a..b].to_owned()
    };
    (
        between("<work:citation-type>", "</work:citation-type>"),
        between("<work:citation-value>", "</work:citation-value>"),
    )
}

#[test]
fn a_formatted_or_foreign_bibtex_citation_is_written_back_as_it_was() {
    let apa = "Lovelace, A. (1843). Notes on the Engine. Taylor's Scientific Memoirs, 3, 666-731.";
    let (t, v) = exported_citation(&work_with_citation("7", "formatted-unspecified", apa));
    assert_eq!((t.as_str(), v.as_str()), ("formatted-unspecified", apa));
    let theirs = "@article{lovelace1843, title={Notes on the Engine}, year={1843}}";
    let (t, v) = exported_citation(&work_with_citation("7", "bibtex", theirs));
    assert_eq!((t.as_str(), v.as_str()), ("bibtex", theirs));
    let imported = orcid::import(&work_with_citation("7", "formatted-apa", apa)).expect("imports");
    assert!(
        imported.losses.iter().all(|l| l.kind != LossKind::Citation),
        "{:?}",
        imported.losses
    );
}

#[test]
fn put_code_zero_of_a_sample_is_not_written_back() {
    let imported =
        orcid::import(&work_with_citation("0", "formatted-unspecified", "x")).expect("imports");
    assert_eq!(imported.cv.works[0].put_code, None);
    let export = OrcidXml::new().export(&imported.cv);
    let held = export.items[0].to_xml_as_held().expect("writes");
    assert!(!held.contains("put-code"), "{held}");
    assert!(
        imported
            .losses
            .iter()
            .any(|l| l.kind == LossKind::InvalidValue && l.detail.contains("put-code 0")),
        "{:?}",
        imported.losses
    );
    let imported =
        orcid::import(&work_with_citation("12", "formatted-unspecified", "x")).expect("imports");
    assert_eq!(imported.cv.works[0].put_code, Some(12));
}

#[test]
fn a_one_word_other_name_keeps_its_one_word() {
    let cv = vitae::from_str(
        "person:\n  given-names: Sebastian\n  family-name: Lapuschkin\n  name-variants:\n    - {family-name: Bach, kind: birth-name}\n",
        vitae::InputFormat::Yaml,
    )
    .expect("loads").cv;
    let record = OrcidXml::new()
        .export(&cv)
        .record_document()
        .expect("writes");
    let content = "<other-name:content>Sebastian Bach</other-name:content>";
    assert!(record.contains(content), "{record}");
    for written in ["Bach", "Bach Sebastian", "S. Bach"] {
        let theirs = record.replace(
            content,
            &format!("<other-name:content>{written}</other-name:content>"),
        );
        let imported = orcid::import(&theirs).expect("imports");
        let again = OrcidXml::new()
            .export(&imported.cv)
            .record_document()
            .expect("writes");
        assert!(
            again.contains(&format!(
                "<other-name:content>{written}</other-name:content>"
            )),
            "{written}: {again}"
        );
        assert!(!again.contains("Sebastian Bach"), "{written}: {again}");
    }
    // A name the parts give back stays in its parts.
    let imported = orcid::import(&record).expect("imports");
    let v = &imported.cv.person.name_variants[0];
    assert_eq!((v.family_name.as_str(), v.name.as_deref()), ("Bach", None));
}

#[test]
fn a_funding_url_is_no_identifier() {
    let cv = vitae::from_str(
        r#"
person: {given-names: Ada, family-name: Lovelace}
projects:
  - title: Engine
    start: 1940
    funder: {name: Crown Office, city: London, country: GB, fundref: 501100000780}
    url: https://example.org/engine
"#,
        vitae::InputFormat::Yaml,
    )
    .expect("loads")
    .cv;
    let export = OrcidXml::new().export(&cv);
    assert!(export.items.is_empty(), "no self id is made of the URL");
    assert!(
        export
            .diagnostics
            .iter()
            .any(|d| d.path == "projects[0].grant-number" && d.message.contains("9023")),
        "{:?}",
        export.diagnostics
    );
    // A `uri` self id equal to the URL, as a record has it, stays an identifier.
    let mut with_id = cv.clone();
    with_id.projects[0].identifiers = vec![vitae::model::Identifier {
        scheme: "uri".parse().expect("text"),
        value: "https://example.org/engine".parse().expect("text"),
        url: None,
        relationship: vitae::model::Relationship::SelfId,
    }];
    let xml = OrcidXml::new().export(&with_id).items[0]
        .to_xml()
        .expect("writes");
    let back = orcid::import(&xml).expect("imports");
    assert_eq!(
        back.cv.projects[0].identifiers,
        with_id.projects[0].identifiers
    );
    assert_eq!(back.cv.projects[0].url, with_id.projects[0].url);
}

/// The block of FORMAT.md holding `needle`, as a CV (a minimal person before a partial one).
fn format_md_example(needle: &str) -> vitae::Cv {
    let doc = common::read(&common::root().join("schemas/FORMAT.md"));
    let at = doc
        .find(needle)
        .unwrap_or_else(|| panic!("FORMAT.md has no {needle:?}"));
    let start = doc[..at].rfind("```yaml\n").expect("its block") + 8;
    let end = at + doc[at..].find("```").expect("its end");
    let block = &doc[start..end];
    let text = if block.lines().any(|l| l.starts_with("person:")) {
        block.to_owned()
    } else {
        format!("person: {{given-names: Ada, family-name: Lovelace}}\n{block}")
    };
    vitae::from_str(&text, vitae::InputFormat::Yaml)
        .unwrap_or_else(|r| panic!("{r}"))
        .cv
}

#[test]
fn format_md_examples_of_a_written_name_and_an_own_citation() {
    let cv = format_md_example("    - {family-name: King, name: King}");
    let record = OrcidXml::new()
        .export(&cv)
        .record_document()
        .expect("writes");
    assert!(
        record.contains("<other-name:content>King</other-name:content>"),
        "{record}"
    );
    let back = orcid::import(&record).expect("imports");
    assert!(
        back.cv
            .person
            .name_variants
            .iter()
            .any(|v| v.written("Ada") == "King"),
        "{:?}",
        back.cv.person.name_variants
    );

    let cv = format_md_example("      type: formatted-unspecified");
    let export = OrcidXml::new().export(&cv);
    assert!(!export.has_errors(), "{:?}", export.diagnostics);
    let xml = export.items[0].to_xml().expect("writes");
    let value = cv.works[0]
        .citation
        .as_ref()
        .expect("a citation")
        .value
        .clone();
    assert!(
        xml.contains("<work:citation-type>formatted-unspecified</work:citation-type>"),
        "{xml}"
    );
    assert!(xml.contains(&value), "{xml}");
    let back = orcid::import(&xml).expect("imports");
    assert_eq!(back.cv.works[0].citation, cv.works[0].citation);
}

/// A distinction's end date is the award's `end`, exported and imported as it is
/// (FORMAT.md's fellowship); an end before the date is an error.
#[test]
fn a_distinctions_end_date_is_kept() {
    let mut cv = format_md_example("    end: 2022-09");
    cv.awards.retain(|a| a.end.is_some());
    assert_eq!(cv.awards.len(), 1);
    cv.awards[0].identifiers = vec![vitae::model::Identifier {
        scheme: "uri".parse().expect("text"),
        value: "https://example.org/fellowship".parse().expect("text"),
        url: None,
        relationship: vitae::model::Relationship::SelfId,
    }];
    let export = OrcidXml::new().export(&cv);
    assert!(!export.has_errors(), "{:?}", export.diagnostics);
    let xml = export.items[0].to_xml().expect("writes");
    let end = &xml[xml.find("<common:end-date>").expect("an end date")..];
    assert!(
        end.contains("<common:year>2022</common:year>")
            && end.contains("<common:month>09</common:month>"),
        "{xml}"
    );
    let back = orcid::import(&xml).expect("imports");
    assert!(back.losses.is_empty(), "{:?}", back.losses);
    assert_eq!(back.cv.awards[0].end, cv.awards[0].end);
    assert_eq!(back.cv.awards[0].date, cv.awards[0].date);

    cv.awards[0].end = Some("2018".parse().expect("a date"));
    let export = OrcidXml::new().export(&cv);
    assert!(
        export
            .diagnostics
            .iter()
            .any(|d| d.path == "awards[0].end" && d.severity == vitae::Severity::Error),
        "{:?}",
        export.diagnostics
    );
}
