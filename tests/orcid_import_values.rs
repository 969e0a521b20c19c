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

const NS: &str = r#"xmlns:common="http://www.orcid.org/ns/common" xmlns:work="http://www.orcid.org/ns/work" xmlns:employment="http://www.orcid.org/ns/employment" xmlns:distinction="http://www.orcid.org/ns/distinction" xmlns:researcher-url="http://www.orcid.org/ns/researcher-url""#;

/// A work, an employment and a person's researcher URL whose addresses are not in the url crate's
/// normal form (no `/` after a bare host, a host in capitals).
fn documents_with_urls() -> Vec<String> {
    vec![
        format!(
            r#"<work:work {NS} put-code="7" visibility="public">
  <work:title><common:title>Open science</common:title></work:title>
  <work:type>journal-article</work:type>
  <common:publication-date><common:year>2015</common:year></common:publication-date>
  <common:external-ids><common:external-id>
    <common:external-id-type>doi</common:external-id-type>
    <common:external-id-value>10.1016/j.crvasa.2015.05.007</common:external-id-value>
    <common:external-id-url>http://extId/1</common:external-id-url>
    <common:external-id-relationship>self</common:external-id-relationship>
  </common:external-id></common:external-ids>
  <common:url>http://cameronneylon.net</common:url>
</work:work>"#
        ),
        format!(
            r#"<employment:employment {NS} put-code="8" visibility="public">
  <common:role-title>Advocate</common:role-title>
  <common:start-date><common:year>2012</common:year></common:start-date>
  <common:organization>
    <common:name>Public Library of Science</common:name>
    <common:address><common:city>San Francisco</common:city><common:country>US</common:country></common:address>
    <common:disambiguated-organization>
      <common:disambiguated-organization-identifier>https://ror.org/008zgvp64</common:disambiguated-organization-identifier>
      <common:disambiguation-source>ROR</common:disambiguation-source>
    </common:disambiguated-organization>
  </common:organization>
  <common:url>http://tempuri.org</common:url>
</employment:employment>"#
        ),
        format!(
            r#"<person:person {NS} xmlns:person="http://www.orcid.org/ns/person" xmlns:personal-details="http://www.orcid.org/ns/personal-details">
  <person:name visibility="public">
    <personal-details:given-names>Cameron</personal-details:given-names>
    <personal-details:family-name>Neylon</personal-details:family-name>
  </person:name>
  <researcher-url:researcher-urls>
    <researcher-url:researcher-url visibility="public">
      <researcher-url:url-name>Blog</researcher-url:url-name>
      <researcher-url:url>http://cameronneylon.net</researcher-url:url>
    </researcher-url:researcher-url>
  </researcher-url:researcher-urls>
</person:person>"#
        ),
    ]
}

/// The text of every element whose name ends in `url` (`common:url`,
/// `common:external-id-url`, `researcher-url:url`), in document order.
fn url_texts(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find("url>") {
        let tag_start = rest[..i].rfind('<').expect("a tag");
        let after = &rest[i + 4..];
        if !rest[tag_start..].starts_with("</") {
            let end = after.find('<').expect("a closing tag");
            out.push(after[..end].trim().to_owned());
        }
        rest = after;
    }
    out
}

/// The URL texts of every file of an ORCID export of `cv`.
fn exported_urls(cv: &vitae::Cv) -> Vec<String> {
    let export = OrcidXml::new().with_include(Visibility::Private).export(cv);
    assert!(!export.has_errors(), "{:?}", export.diagnostics);
    let files = export.files().expect("writes");
    files.iter().flat_map(|(_, x)| url_texts(x)).collect()
}

#[test]
fn urls_are_written_back_as_the_record_wrote_them() {
    let docs = documents_with_urls();
    let refs: Vec<&str> = docs.iter().map(String::as_str).collect();
    let imported = orcid::import_documents(&refs).expect("imports");
    assert!(imported.losses.is_empty(), "{:?}", imported.losses);
    let cv = &imported.cv;
    assert_eq!(
        cv.works[0].url.as_ref().map(|u| u.as_str()),
        Some("http://cameronneylon.net")
    );
    assert_eq!(
        cv.person.profiles[0].url().expect("a URL").as_str(),
        "http://cameronneylon.net"
    );
    let urls = exported_urls(cv);
    for written in [
        "http://cameronneylon.net",
        "http://extId/1",
        "http://tempuri.org",
    ] {
        assert!(
            urls.iter().any(|u| u == written),
            "{written} not in {urls:?}"
        );
    }
    for rewritten in [
        "http://cameronneylon.net/",
        "http://extid/1",
        "http://tempuri.org/",
    ] {
        assert!(
            !urls.iter().any(|u| u == rewritten),
            "{rewritten} in {urls:?}"
        );
    }
    // The CV file says them as written too.
    let yaml = serde_json::to_string(cv).expect("serializes");
    assert!(yaml.contains("\"http://extId/1\""), "{yaml}");
    let back = vitae::from_str(&yaml, vitae::InputFormat::Json)
        .expect("loads")
        .cv;
    assert_eq!(&back, cv);
}

#[test]
fn orcids_samples_keep_their_urls_through_import_and_export() {
    let Some(shared) = common::shared("orcids_samples_keep_their_urls_through_import_and_export")
    else {
        return;
    };
    for name in [
        "read_samples/bulk-work-err.xml",
        "read_samples/record-3.0.xml",
        "read_samples/work-full-3.0.xml",
        "read_samples/employment-full-3.0.xml",
        "read_samples/person-3.0.xml",
    ] {
        let text = common::read(&shared.join("fixtures/orcid").join(name));
        let given = url_texts(&text);
        let imported = orcid::import(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let urls = exported_urls(&imported.cv);
        assert!(!urls.is_empty(), "{name}: no URL exported");
        for u in &urls {
            assert!(
                given.contains(u),
                "{name}: {u:?} is not in the sample ({given:?})"
            );
        }
    }
}

/// An affiliation without organization (the XSD allows one; ORCID's API refuses it) stays in
/// the CV; the ORCID export names the missing organization instead of dropping the item.
#[test]
fn an_affiliation_without_organization_is_kept_and_refused_by_name_for_orcid() {
    let employment = format!(
        r#"<employment:employment {NS} put-code="8" visibility="public">
  <common:department-name>Independent research</common:department-name>
  <common:role-title>Consultant</common:role-title>
  <common:start-date><common:year>2012</common:year></common:start-date>
</employment:employment>"#
    );
    let distinction = format!(
        r#"<distinction:distinction {NS} put-code="9" visibility="public">
  <common:role-title>Open Science Award</common:role-title>
  <common:start-date><common:year>2014</common:year></common:start-date>
</distinction:distinction>"#
    );
    let imported = orcid::import_documents(&[&employment, &distinction]).expect("imports");
    assert!(
        imported
            .losses
            .iter()
            .all(|l| l.kind != LossKind::MissingOrganization),
        "{:?}",
        imported.losses
    );
    let cv = &imported.cv;
    assert_eq!(cv.employment.len(), 1, "{cv:?}");
    let job = &cv.employment[0];
    assert!(job.organization.is_none());
    assert_eq!(job.role.as_ref().map(|r| r.as_str()), Some("Consultant"));
    assert_eq!(job.department.as_deref(), Some("Independent research"));
    assert_eq!(cv.awards.len(), 1, "{cv:?}");
    assert_eq!(cv.awards[0].title.as_str(), "Open Science Award");
    assert!(cv.awards[0].organization.is_none());

    // It loads back from its CV file.
    let json = serde_json::to_string(cv).expect("serializes");
    let back = vitae::from_str(&json, vitae::InputFormat::Json)
        .unwrap_or_else(|r| panic!("{r}"))
        .cv;
    assert_eq!(&back, cv);

    // ORCID: an error naming the missing organization, for each; nothing written for them.
    let export = OrcidXml::new().export(cv);
    for path in ["employment[0].organization", "awards[0].organization"] {
        assert!(
            export.diagnostics.iter().any(|d| d.path == path
                && d.severity == vitae::Severity::Error
                && d.message.contains("organization")),
            "{path}: {:?}",
            export.diagnostics
        );
    }
    assert!(export.items.is_empty());

    // The linked data keeps the position.
    let jsonld = vitae::export::to_string(
        cv,
        vitae::export::ExportFormat::JsonLd,
        &vitae::export::Options::new(),
    )
    .expect("exports");
    assert!(jsonld.contains("Consultant"), "{jsonld}");
}
