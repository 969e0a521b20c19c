//! Peer reviews and research resources (issue 16, point 8): a CV holds them, the ORCID export
//! writes them valid against ORCID's XSDs, only at the visibility asked for, and an import of
//! the export gives them back.

mod common;

use std::path::PathBuf;

use vitae::orcid::{self, OrcidXml, Section};
use vitae::types::Visibility;

fn cv() -> vitae::Cv {
    match vitae::from_path(common::root().join("tests/fixtures/reviews.yaml")) {
        Ok(l) => l.cv,
        Err(r) => panic!("tests/fixtures/reviews.yaml does not load:\n{r}"),
    }
}

fn sections(export: &orcid::Export) -> Vec<(Section, String)> {
    export
        .items
        .iter()
        .filter(|i| i.section != Section::Work)
        .map(|i| (i.section, i.id.as_str().to_owned()))
        .collect()
}

#[test]
fn the_cv_holds_reviews_and_resources_with_derived_ids() {
    let cv = cv();
    let ids: Vec<&str> = cv
        .peer_reviews
        .iter()
        .filter_map(|r| r.id.as_ref().map(|i| i.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            "review-2021-nature",
            "review-2022-royal-society-fellowships"
        ]
    );
    assert_eq!(cv.peer_reviews[1].role.as_str(), "editor");
    assert_eq!(cv.research_resources[0].items.len(), 1);
}

#[test]
fn a_public_export_leaves_private_and_limited_ones_out() {
    let cv = cv();
    let public = OrcidXml::new().export(&cv);
    assert!(!public.has_errors(), "{:?}", public.diagnostics);
    assert_eq!(
        sections(&public),
        [(Section::PeerReview, "review-2021-nature".to_owned())]
    );
    let record = public.record_document().expect("writes");
    assert!(!record.contains("Royal Society"), "{record}");
    assert!(!record.contains("Beamtime"), "{record}");
    let limited = OrcidXml::new()
        .with_include(Visibility::Limited)
        .export(&cv);
    assert_eq!(sections(&limited).len(), 2);
    let private = OrcidXml::new()
        .with_include(Visibility::Private)
        .export(&cv);
    assert_eq!(sections(&private).len(), 3);
}

#[test]
fn the_export_is_valid_and_imports_back_to_the_same_items() {
    let cv = cv();
    let export = OrcidXml::new()
        .with_include(Visibility::Private)
        .export(&cv);
    assert!(!export.has_errors(), "{:?}", export.diagnostics);
    let files = export.files().expect("writes");
    let names: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
    assert!(
        names.contains(&"peer-review/review-2021-nature.xml".to_owned()),
        "{names:?}"
    );
    assert!(
        names.contains(&"research-resource/2020-beamtime-for-engine-parts.xml".to_owned()),
        "{names:?}"
    );
    let review = &files
        .iter()
        .find(|(p, _)| p.starts_with("peer-review"))
        .expect("a review")
        .1;
    for element in [
        "<peer-review:reviewer-role>reviewer</peer-review:reviewer-role>",
        "<peer-review:review-group-id>issn:0028-0836</peer-review:review-group-id>",
        "<peer-review:subject-container-name>Nature</peer-review:subject-container-name>",
        "<peer-review:convening-organization>",
        "<common:disambiguation-source>ROR</common:disambiguation-source>",
    ] {
        assert!(review.contains(element), "{element} missing:\n{review}");
    }

    if let Some(shared) = common::shared("the_export_is_valid_and_imports_back_to_the_same_items")
        && common::tool(
            "the_export_is_valid_and_imports_back_to_the_same_items",
            "xmllint",
        )
    {
        let xsd = shared.join("schemas/orcid-3.0/record_3.0");
        let dir = tempfile::tempdir().expect("temp dir");
        for (rel, xml) in &files {
            let first = rel
                .components()
                .next()
                .and_then(|c| c.as_os_str().to_str())
                .unwrap_or_default()
                .to_owned();
            let schema = match first.as_str() {
                "record.xml" => xsd.join("record-3.0.xsd"),
                "bulk" => xsd.join("bulk-3.0.xsd"),
                s => xsd.join(format!("{s}-3.0.xsd")),
            };
            let path: PathBuf = dir.path().join(rel.file_name().expect("a name"));
            std::fs::write(&path, xml).expect("writes");
            common::xmllint_validate(&schema, &[path]);
        }
    }

    let items: Vec<&str> = files
        .iter()
        .filter(|(p, _)| p.components().count() == 2)
        .map(|(_, x)| x.as_str())
        .collect();
    let again = orcid::import_documents(&items).expect("imports");
    assert!(
        again.losses.is_empty(),
        "{:?}",
        again
            .losses
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    );
    assert_eq!(again.cv.peer_reviews, cv.peer_reviews);
    assert_eq!(again.cv.research_resources, cv.research_resources);
    // The record alone gives the reviews' summaries back (no subject: ORCID's summary has
    // none) and the research resource's proposal.
    let from_record = orcid::import(&files[0].1).expect("imports");
    assert_eq!(from_record.cv.peer_reviews.len(), 2);
    assert_eq!(
        from_record.cv.peer_reviews[0].group_id,
        cv.peer_reviews[0].group_id
    );
    assert_eq!(
        from_record.cv.research_resources[0].title,
        cv.research_resources[0].title
    );
}

#[test]
fn orcid_rules_for_reviews_are_checked_with_the_field_path() {
    let mut cv = cv();
    cv.peer_reviews[0].group_id = "nature".to_owned();
    cv.peer_reviews[1].subject.as_mut().expect("a subject").kind = Some("novel".to_owned());
    cv.research_resources[0].hosts.clear();
    let export = OrcidXml::new()
        .with_include(Visibility::Private)
        .export(&cv);
    let errors: Vec<String> = export
        .diagnostics
        .iter()
        .filter(|d| d.severity == vitae::Severity::Error)
        .map(|d| d.path.clone())
        .collect();
    assert_eq!(
        errors,
        [
            "peer-reviews[0].group-id",
            "peer-reviews[1].subject.type",
            "research-resources[0].hosts"
        ]
    );
    assert!(sections(&export).is_empty());
}

#[test]
fn the_linked_data_holds_public_reviews_as_schema_reviews() {
    use vitae::export::{ExportFormat, Options};
    let cv = cv();
    let jsonld = |level| {
        let text = vitae::export::to_string(
            &cv,
            ExportFormat::JsonLd,
            &Options::new().with_include(level),
        )
        .expect("exports");
        serde_json::from_str::<serde_json::Value>(&text).expect("JSON")
    };
    let node = |doc: &serde_json::Value, id: &str| {
        doc["@graph"]
            .as_array()
            .expect("a graph")
            .iter()
            .find(|n| n["@id"] == format!("https://example.org/ada/#{id}"))
            .cloned()
    };
    let public = jsonld(Visibility::Public);
    let review = node(&public, "review-2021-nature").expect("the public review");
    assert_eq!(review["@type"], "Review");
    assert_eq!(review["author"]["@id"], "https://example.org/ada/#me");
    assert_eq!(review["dateCreated"], "2021-03-14");
    assert_eq!(review["sourceOrganization"]["name"], "Springer Nature");
    let subject = &review["itemReviewed"];
    assert_eq!(subject["@type"], "ScholarlyArticle");
    assert_eq!(subject["identifier"]["value"], "10.1038/engines");
    assert_eq!(subject["isPartOf"]["@type"], "Periodical");
    assert_eq!(subject["isPartOf"]["issn"], "0028-0836");
    // The private review and the limited research resource are not in a public export.
    assert!(node(&public, "review-2022-royal-society-fellowships").is_none());
    assert!(node(&public, "resource-2020-beamtime-for-engine-parts").is_none());
    let private = jsonld(Visibility::Private);
    let editor = node(&private, "review-2022-royal-society-fellowships").expect("included");
    assert_eq!(editor["author"]["@type"], "Role");
    assert_eq!(editor["author"]["roleName"], "editor");
    let grant = node(&private, "resource-2020-beamtime-for-engine-parts").expect("included");
    assert_eq!(grant["@type"], "Grant");
    assert_eq!(grant["funder"]["name"], "DESY");
    assert_eq!(grant["fundedItem"]["@id"], "https://example.org/ada/#me");
}

#[test]
fn the_site_lists_public_reviews_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cv = common::root().join("tests/fixtures/reviews.yaml");
    let out = common::vitae(&["site", common::s(&cv), "-o", common::s(dir.path())]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let index = common::read(&dir.path().join("index.html"));
    assert!(index.contains("Peer review for Nature"), "{index}");
    assert!(index.contains(r#"id="review-2021-nature""#), "{index}");
    assert!(!index.contains("Royal Society"), "{index}");
    assert!(!index.contains("Beamtime"), "{index}");
}

#[test]
fn check_counts_them_and_sync_takes_the_public_ones() {
    let cv = cv();
    let summary = vitae::summary::Summary::of(&cv);
    assert!(
        summary.sections.contains(&("peer-reviews".to_owned(), 2)),
        "{:?}",
        summary.sections
    );
    assert!(
        summary
            .sections
            .contains(&("research-resources".to_owned(), 1))
    );
    // A sync reads and writes both sections; of this CV it sends the public review (the
    // private review and the limited research resource stay home), with its field path and
    // its identity: its review identifier within its group.
    assert!(Section::SYNCED.contains(&Section::PeerReview));
    assert!(Section::SYNCED.contains(&Section::ResearchResource));
    let items = vitae::sync::cv_items(&cv).expect("items");
    let reviews: Vec<_> = items
        .items
        .iter()
        .filter(|i| i.section != Section::Work)
        .collect();
    assert_eq!(reviews.len(), 1, "{:?}", items.items);
    assert_eq!(reviews[0].section, Section::PeerReview);
    assert_eq!(reviews[0].id.as_str(), "review-2021-nature");
    assert_eq!(reviews[0].path.as_deref(), Some("peer-reviews[0]"));
    assert_eq!(reviews[0].title, "Review for Nature");
    assert!(items.left_out.is_empty(), "{:?}", items.left_out);
}

/// A peer review without an identifier of its own: ORCID's API refuses it (9023), so the ORCID
/// export warns at its `identifiers` (the document is still written: a record's copy may lack
/// one), and the sync leaves it out.
#[test]
fn a_review_without_an_identifier_is_warned_about_for_orcid() {
    let text = std::fs::read_to_string(common::root().join("tests/fixtures/reviews.yaml"))
        .expect("fixture");
    let start = text
        .find("    identifiers:")
        .expect("the first review's identifiers");
    let end = start
        + text[start..]
            .find("    url:")
            .expect("the field after the identifiers");
    let bare = format!("{}{}", &text[..start], &text[end..]);
    let cv = vitae::from_str(&bare, vitae::InputFormat::Yaml)
        .expect("loads")
        .cv;
    let export = orcid::OrcidXml::new()
        .with_include(Visibility::Private)
        .export(&cv);
    let warning = export
        .diagnostics
        .iter()
        .find(|d| d.path == "peer-reviews[0].identifiers")
        .unwrap_or_else(|| panic!("no warning at the identifiers: {:?}", export.diagnostics));
    assert_eq!(warning.severity, vitae::Severity::Warning);
    assert!(warning.message.contains("9023"), "{}", warning.message);
    assert!(
        export
            .items
            .iter()
            .any(|i| i.section == Section::PeerReview && i.id.as_str() == "review-2021-nature"),
        "the document is still written"
    );
}
