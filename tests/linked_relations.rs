//! Issue 16, point 5: relations the linked data used to drop. A position's supervisors are in
//! the graph; a talk goes through the one work mapping, so it keeps its abstract, DOI,
//! identifiers, awards, funding and the work it is a version of, as any work does.

mod common;

use oxigraph::model::{Graph, NamedNodeRef, Term, TermRef};
use vitae::Cv;
use vitae::export::{ExportFormat, LinkedGraph, Options};

const BASE: &str = "https://ada.example.org/cv#";

fn load(yaml: &str) -> Cv {
    vitae::from_str(yaml, vitae::InputFormat::Yaml)
        .unwrap_or_else(|r| panic!("the CV does not load:\n{r}"))
        .cv
}

fn graph(cv: &Cv) -> Graph {
    LinkedGraph::new(cv, &Options::new())
        .expect("graph")
        .graph()
}

fn node(local: &str) -> NamedNodeRef<'_> {
    NamedNodeRef::new(local).expect("an IRI")
}

/// The objects of `subject`'s `property` (a schema.org name), as text: IRIs bare, literals
/// by value.
fn objects(g: &Graph, subject: &str, property: &str) -> Vec<String> {
    let p = format!("http://schema.org/{property}");
    g.objects_for_subject_predicate(node(subject), node(&p))
        .map(|o| match o {
            TermRef::NamedNode(n) => n.as_str().to_owned(),
            TermRef::Literal(l) => l.value().to_owned(),
            other => Term::from(other).to_string(),
        })
        .collect()
}

const CV: &str = concat!(
    "base-iri: https://ada.example.org/cv\n",
    "person: {given-names: Ada, family-name: Lovelace}\n",
    "employment:\n",
    "  - id: engines\n",
    "    organization: {name: Analytical Society, city: London, country: GB}\n",
    "    role: Research Associate\n",
    "    start: 2014-10\n",
    "    end: 2020-12\n",
    "    supervisors: [De Morgan A, {given: Mary, family: Somerville}]\n",
    "projects:\n",
    "  - {id: engine-grant, title: Engines, funder: Royal Society, grant-number: RS-1}\n",
    "awards:\n",
    "  - {title: Best Talk Prize, date: 2021, work: talk-engines}\n",
    "works:\n",
    "  - id: notes\n",
    "    type: journal-article\n",
    "    title: Notes\n",
    "    date: 1843\n",
    "  - id: talk-engines\n",
    "    type: talk\n",
    "    title: On Engines\n",
    "    date: 2021-06-03\n",
    "    event: {name: Engine Days 2021}\n",
    "    abstract: How engines compute.\n",
    "    doi: 10.5281/zenodo.1234567\n",
    "    identifiers: [{scheme: handle, value: 11858/00-1735-0000-0001-1234-5}]\n",
    "    awards: Audience award\n",
    "    funded-by: engine-grant\n",
    "    version-of: notes\n",
    "    presentation: invited\n",
);

#[test]
fn a_positions_supervisors_are_in_the_graph() {
    let g = graph(&load(CV));
    let me = format!("{BASE}me");
    let roles = objects(&g, &me, "colleague");
    assert_eq!(roles.len(), 2, "{roles:?}");
    let mut names = Vec::new();
    for role in &roles {
        assert_eq!(objects(&g, role, "roleName"), ["supervisor"]);
        assert_eq!(objects(&g, role, "startDate"), ["2014-10"]);
        assert_eq!(objects(&g, role, "endDate"), ["2020-12"]);
        for person in objects(&g, role, "colleague") {
            names.extend(objects(&g, &person, "name"));
        }
    }
    names.sort();
    assert_eq!(names, ["A De Morgan", "Mary Somerville"]);
}

#[test]
fn a_talk_keeps_what_a_work_has() {
    let g = graph(&load(CV));
    let talk = format!("{BASE}work-talk-engines");
    let types = objects(&g, &talk, "type");
    assert!(types.is_empty(), "schema:type is not a property");
    let rdf_types: Vec<String> = g
        .objects_for_subject_predicate(node(&talk), oxigraph::model::vocab::rdf::TYPE)
        .map(|t| t.to_string())
        .collect();
    assert!(
        rdf_types.contains(&"<http://schema.org/Event>".to_owned())
            && rdf_types.contains(&"<http://schema.org/CreativeWork>".to_owned()),
        "{rdf_types:?}"
    );
    assert_eq!(objects(&g, &talk, "abstract"), ["How engines compute."]);
    let same_as = objects(&g, &talk, "sameAs");
    assert!(
        same_as.contains(&"https://doi.org/10.5281/zenodo.1234567".to_owned()),
        "{same_as:?}"
    );
    let mut ids: Vec<String> = objects(&g, &talk, "identifier")
        .iter()
        .flat_map(|pv| objects(&g, pv, "propertyID"))
        .collect();
    ids.sort();
    assert_eq!(ids, ["DOI", "handle"]);
    let awards = objects(&g, &talk, "award");
    assert_eq!(awards.len(), 2, "{awards:?}");
    assert!(awards.contains(&"Audience award".to_owned()));
    assert!(awards.iter().any(|a| a.starts_with("Best Talk Prize")));
    assert_eq!(
        objects(&g, &talk, "funding"),
        [format!("{BASE}project-engine-grant--grant")]
    );
    assert_eq!(
        objects(&g, &talk, "exampleOfWork"),
        [format!("{BASE}work-notes")]
    );
    // Still an event: its date, speaker and the event it was part of.
    assert_eq!(objects(&g, &talk, "startDate"), ["2021-06-03"]);
    assert_eq!(objects(&g, &talk, "performer"), [format!("{BASE}me")]);
    assert_eq!(objects(&g, &talk, "superEvent").len(), 1);
    // The awards are not repeated in the description.
    let description = objects(&g, &talk, "description").join("\n");
    assert!(!description.contains("Award"), "{description}");
}

/// The JSON-LD says the same (the isomorphism tests check the whole graph; here the
/// abstract is looked up where a search engine reads it).
#[test]
fn the_talks_json_ld_has_its_abstract_and_doi() {
    let json = vitae::export::to_string(&load(CV), ExportFormat::JsonLd, &Options::new())
        .expect("JSON-LD");
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let talk = value["@graph"]
        .as_array()
        .expect("@graph")
        .iter()
        .find(|n| n["@id"] == format!("{BASE}work-talk-engines"))
        .expect("the talk's node");
    assert_eq!(talk["@type"], serde_json::json!(["Event", "CreativeWork"]));
    assert_eq!(talk["abstract"], "How engines compute.");
    assert!(
        talk["identifier"]
            .to_string()
            .contains("10.5281/zenodo.1234567")
    );
}
