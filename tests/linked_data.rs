//! The linked-data views: golden files for every format, the JSON-LD and the RDF being one
//! graph, author order surviving into RDF, every item of the reference CV in the graph, the
//! schema.org checker, privacy, HTML escaping, and the `export` and `query` commands.
//!
//! Golden files live in `tests/golden/`, one per CV and format (`<cv>.<ext>`), compared byte
//! for byte. After an intended change of the output, regenerate them with
//!
//!     VITAE_BLESS=1 cargo test --test linked_data
//!
//! and review the diff. On a mismatch the actual output is left in
//! `target/golden-actual/` for comparison.

mod common;

use common::vitae;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use oxigraph::io::{JsonLdProfile, JsonLdProfileSet, LoadedDocument, RdfFormat, RdfParser};
use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::{
    Graph, GraphName, NamedNodeRef, NamedOrBlankNodeRef, Term, TermRef, Triple, vocab::rdf,
};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use vitae::Cv;
use vitae::export::{ExportFormat, JsonLd, LinkedGraph, Options};
use vitae::model::WorkKind;
use vitae::types::Visibility;

/// The fixture CVs of `tests/fixtures/` with golden files.
const FIXTURES: &[&str] = &["linked-full", "linked-minimal", "sections", "reviews"];

fn fixture(name: &str) -> Cv {
    let path = common::root().join(format!("tests/fixtures/{name}.yaml"));
    match vitae::from_path(&path) {
        Ok(l) => l.cv,
        Err(r) => panic!("{} does not load:\n{r}", path.display()),
    }
}

/// Every CV with golden files: the fixtures and the reference CV.
fn all_cvs() -> Vec<(String, Cv)> {
    let mut v: Vec<(String, Cv)> = FIXTURES
        .iter()
        .map(|n| ((*n).to_owned(), fixture(n)))
        .collect();
    v.push(("lapuschkin".to_owned(), common::reference_cv()));
    v
}

fn export(cv: &Cv, format: ExportFormat, options: &Options) -> String {
    vitae::export::to_string(cv, format, options)
        .unwrap_or_else(|e| panic!("export to {format} failed: {e}"))
}

/// Compares `actual` with `tests/golden/<file>`, or writes it there with `VITAE_BLESS=1`.
fn check_golden(file: &str, actual: &str) {
    let path = common::root().join("tests/golden").join(file);
    if common::bless() {
        std::fs::create_dir_all(path.parent().expect("golden dir")).expect("create golden dir");
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with VITAE_BLESS=1 cargo test --test linked_data",
            path.display()
        )
    });
    if expected != actual {
        let out = common::root().join("target/golden-actual").join(file);
        let _ = std::fs::create_dir_all(out.parent().expect("dir"));
        let _ = std::fs::write(&out, actual);
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .map_or_else(
                || expected.lines().count().min(actual.lines().count()) + 1,
                |i| i + 1,
            );
        panic!(
            "{} differs from the output at line {line} (actual output in {}); if the change \
             is intended, regenerate with VITAE_BLESS=1 cargo test --test linked_data",
            path.display(),
            out.display()
        );
    }
}

#[test]
fn golden_files_for_every_format() {
    for (name, cv) in all_cvs() {
        for format in ExportFormat::ALL {
            let out = export(&cv, format, &Options::new());
            check_golden(&format!("{name}.{}", format.extension()), &out);
        }
    }
    let private = Options::new().with_include(Visibility::Private);
    let cv = fixture("linked-full");
    check_golden(
        "linked-full.private.jsonld",
        &export(&cv, ExportFormat::JsonLd, &private),
    );
}

#[test]
fn output_is_the_same_on_every_run() {
    for (name, cv) in all_cvs() {
        for format in ExportFormat::ALL {
            let a = export(&cv, format, &Options::new());
            let b = export(&cv.clone(), format, &Options::new());
            assert!(
                a == b,
                "{name}.{} differs between two runs",
                format.extension()
            );
        }
    }
}

// ----- one graph -----

/// Parses JSON-LD with oxigraph's JSON-LD processor; `https://schema.org` is answered from
/// `context`, every other remote document is refused.
fn parse_jsonld(json: &str, context: &[u8]) -> Graph {
    let context = context.to_vec();
    let mut g = Graph::new();
    let parser = RdfParser::from_format(RdfFormat::JsonLd {
        profile: JsonLdProfileSet::empty(),
    })
    .for_slice(json.as_bytes())
    .with_document_loader(move |url| {
        if !matches!(
            url.trim_end_matches('/'),
            "https://schema.org" | "http://schema.org"
        ) {
            return Err(format!("no network in tests: refusing to load {url}").into());
        }
        Ok(LoadedDocument {
            url: url.to_owned(),
            content: context.clone(),
            format: RdfFormat::JsonLd {
                profile: JsonLdProfile::Context.into(),
            },
        })
    });
    for q in parser {
        let q = q.unwrap_or_else(|e| panic!("the JSON-LD does not parse: {e}"));
        assert!(
            q.graph_name.is_default_graph(),
            "a quad outside the default graph"
        );
        g.insert(&Triple::from(q));
    }
    g
}

fn parse_rdf(text: &str, format: RdfFormat) -> Vec<oxigraph::model::Quad> {
    RdfParser::from_format(format)
        .for_slice(text.as_bytes())
        .map(|q| q.unwrap_or_else(|e| panic!("the {format} output does not parse: {e}")))
        .collect()
}

/// The triples of `a` that `b` lacks, without blank nodes, for failure messages.
fn missing(a: &Graph, b: &Graph) -> Vec<String> {
    a.iter()
        .filter(|t| {
            !matches!(t.subject, NamedOrBlankNodeRef::BlankNode(_))
                && !matches!(t.object, TermRef::BlankNode(_))
                && !b.contains(*t)
        })
        .take(20)
        .map(|t| t.to_string())
        .collect()
}

fn assert_isomorphic(what: &str, a: &Graph, b: &Graph) {
    let mut ca = a.clone();
    let mut cb = b.clone();
    ca.canonicalize(CanonicalizationAlgorithm::Unstable);
    cb.canonicalize(CanonicalizationAlgorithm::Unstable);
    assert!(
        ca == cb,
        "{what}: the graphs differ ({} vs {} triples)\nonly in the first: {:#?}\nonly in the second: {:#?}",
        a.len(),
        b.len(),
        missing(a, b),
        missing(b, a)
    );
}

/// Blank nodes only where JSON-LD `@list` makes them: as list cells.
fn assert_blank_nodes_only_in_lists(what: &str, g: &Graph) {
    for t in g.iter() {
        if matches!(t.subject, NamedOrBlankNodeRef::BlankNode(_)) {
            assert!(
                t.predicate == rdf::FIRST || t.predicate == rdf::REST,
                "{what}: a blank node that is not a list cell: {t}"
            );
        }
    }
}

/// Every JSON object with an `@id` in a JSON-LD document, in document order.
fn node_objects<'v>(
    v: &'v serde_json::Value,
    out: &mut Vec<&'v serde_json::Map<String, serde_json::Value>>,
) {
    match v {
        serde_json::Value::Object(o) => {
            if o.contains_key("@id") {
                out.push(o);
            }
            o.values().for_each(|c| node_objects(c, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|c| node_objects(c, out)),
        _ => {}
    }
}

/// Issue 15, point 1: the JSON-LD describes each node once, the first description in
/// document order being the whole one (where Google reads it first); another place names it
/// (`{"@id": …}`) or, where Google reads the node again (the person as an author, an
/// event's place), repeats part of that description and nothing else.
#[test]
fn each_node_is_described_once_at_its_first_place() {
    for (name, cv) in all_cvs() {
        let doc: serde_json::Value =
            serde_json::from_str(&export(&cv, ExportFormat::JsonLd, &Options::new()))
                .expect("JSON");
        let mut objects = Vec::new();
        node_objects(&doc["@graph"], &mut objects);
        // A URL is written `{"@id": …}` too: only the nodes described somewhere count.
        let nodes: std::collections::HashSet<&str> = objects
            .iter()
            .filter(|o| o.contains_key("@type"))
            .filter_map(|o| o["@id"].as_str())
            .collect();
        let mut first: std::collections::HashMap<
            &str,
            &serde_json::Map<String, serde_json::Value>,
        > = std::collections::HashMap::new();
        let mut references = 0;
        for o in objects {
            let id = o["@id"].as_str().expect("an IRI");
            if !nodes.contains(id) {
                continue;
            }
            if o.len() == 1 {
                references += 1;
                continue;
            }
            let Some(described) = first.get(id) else {
                first.insert(id, o);
                continue;
            };
            for (k, v) in o {
                assert_eq!(
                    described.get(k),
                    Some(v),
                    "{name}: {id} is described again with {k}"
                );
            }
        }
        assert!(references > 0, "{name}: no node is named twice");
    }
}

#[test]
fn jsonld_and_rdf_are_the_same_graph() {
    let context = common::schema_context();
    for (name, cv) in all_cvs() {
        for level in [Visibility::Public, Visibility::Private] {
            let options = Options::new().with_include(level);
            let what = format!("{name} ({})", level.as_str());
            let json = export(&cv, ExportFormat::JsonLd, &options);
            let from_jsonld = parse_jsonld(&json, &context);
            let rdf = LinkedGraph::new(&cv, &options).expect("graph").graph();
            assert_isomorphic(&what, &from_jsonld, &rdf);
            assert_blank_nodes_only_in_lists(&what, &from_jsonld);
            // The HTML block carries the same JSON-LD.
            let html = export(&cv, ExportFormat::Html, &options);
            let inner = html
                .strip_prefix("<script type=\"application/ld+json\">\n")
                .and_then(|h| h.strip_suffix("\n</script>\n"))
                .expect("a single script block");
            assert_isomorphic(
                &format!("{what} HTML"),
                &parse_jsonld(inner, &context),
                &rdf,
            );
        }
    }
}

/// The graph with every `schema:Date` literal made a plain string: what a context without
/// date coercions reads from the JSON-LD's date strings.
fn dates_as_plain_strings(g: &Graph) -> Graph {
    g.iter()
        .map(|t| {
            let object = match t.object {
                TermRef::Literal(l) if l.datatype().as_str() == "http://schema.org/Date" => {
                    Term::Literal(oxigraph::model::Literal::new_simple_literal(l.value()))
                }
                other => other.into_owned(),
            };
            Triple::new(t.subject.into_owned(), t.predicate.into_owned(), object)
        })
        .collect()
}

/// Issue 16, point 15: no IRI of the JSON-LD hangs on the schema.org context's coercions. Read
/// with a context that has none (no `"@type": "@id"`, no `"@type": "Date"`), the JSON-LD is
/// still the RDF's graph, but for the datatype of dates (plain strings then).
#[test]
fn jsonld_is_the_rdf_graph_also_under_a_context_without_coercions() {
    let context = common::schema_context_without_coercions();
    let small = vitae::from_str(
        concat!(
            "base-iri: https://ada.example.org/\n",
            "person:\n",
            "  given-names: Ada\n",
            "  family-name: Lovelace\n",
            "  homepage: https://ada.example.org/home\n",
            "  orcid: 0000-0002-1825-0097\n",
            "works:\n",
            "  - type: journal-article\n",
            "    title: Notes\n",
            "    date: 1843-09\n",
            "    doi: 10.1000/xyz\n",
            "    url: https://example.org/notes\n",
        ),
        vitae::InputFormat::Yaml,
    )
    .expect("the small CV loads")
    .cv;
    let mut cvs = all_cvs();
    cvs.push(("small".to_owned(), small));
    for (name, cv) in cvs {
        for level in [Visibility::Public, Visibility::Private] {
            let options = Options::new().with_include(level);
            let what = format!("{name} ({}, no coercions)", level.as_str());
            let json = export(&cv, ExportFormat::JsonLd, &options);
            let from_jsonld = parse_jsonld(&json, &context);
            let rdf = LinkedGraph::new(&cv, &options).expect("graph").graph();
            assert_isomorphic(&what, &from_jsonld, &dates_as_plain_strings(&rdf));
        }
    }
}

#[test]
fn every_rdf_syntax_reads_back_as_the_graph() {
    for (name, cv) in all_cvs() {
        let linked = LinkedGraph::new(&cv, &Options::new()).expect("graph");
        let graph = linked.graph();
        for (format, rdf_format) in [
            (ExportFormat::Rdf(RdfFormat::Turtle), RdfFormat::Turtle),
            (ExportFormat::Rdf(RdfFormat::NTriples), RdfFormat::NTriples),
            (ExportFormat::Rdf(RdfFormat::NQuads), RdfFormat::NQuads),
            (ExportFormat::Rdf(RdfFormat::RdfXml), RdfFormat::RdfXml),
            (ExportFormat::Rdf(RdfFormat::TriG), RdfFormat::TriG),
        ] {
            let quads = parse_rdf(&export(&cv, format, &Options::new()), rdf_format);
            let named = matches!(
                format,
                ExportFormat::Rdf(RdfFormat::NQuads) | ExportFormat::Rdf(RdfFormat::TriG)
            );
            for q in &quads {
                let expected = if named {
                    GraphName::NamedNode(linked.name().into_owned())
                } else {
                    GraphName::DefaultGraph
                };
                assert_eq!(
                    q.graph_name,
                    expected,
                    "{name}.{}: graph of {q}",
                    format.extension()
                );
            }
            let read: Graph = quads.into_iter().map(Triple::from).collect();
            assert_isomorphic(&format!("{name}.{}", format.extension()), &read, &graph);
        }
    }
}

// The vocabulary tables are checked against the schema.org context and vocabulary by the
// unit tests of src/export/vocab.rs.

// ----- author order -----

/// The items of an `rdf:List`, in order.
fn list_items(g: &Graph, head: TermRef<'_>) -> Vec<Term> {
    let mut items = Vec::new();
    let mut cell = head.into_owned();
    for _ in 0..10_000 {
        let node = match &cell {
            Term::NamedNode(n) if n.as_ref() == rdf::NIL => return items,
            Term::NamedNode(n) => NamedOrBlankNodeRef::NamedNode(n.as_ref()),
            Term::BlankNode(b) => NamedOrBlankNodeRef::BlankNode(b.as_ref()),
            other => panic!("a list cell that is a literal: {other}"),
        };
        let first = g
            .object_for_subject_predicate(node, rdf::FIRST)
            .expect("rdf:first");
        items.push(first.into_owned());
        cell = g
            .object_for_subject_predicate(node, rdf::REST)
            .expect("rdf:rest")
            .into_owned();
    }
    panic!("a list that does not end");
}

/// Reads the Turtle export back and checks every publication's authors (editors of edited
/// books) in order: the CV's person by `#me`, everyone else by name.
fn assert_author_order(name: &str, cv: &Cv) {
    let linked = LinkedGraph::new(cv, &Options::new()).expect("graph");
    let turtle = export(cv, ExportFormat::Rdf(RdfFormat::Turtle), &Options::new());
    let g: Graph = parse_rdf(&turtle, RdfFormat::Turtle)
        .into_iter()
        .map(Triple::from)
        .collect();
    let me = format!("{}me", linked.local_prefix());
    let name_p = NamedNodeRef::new_unchecked("http://schema.org/name");
    let mut checked = 0;
    for w in &cv.works {
        if w.kind.is_presentation() || !w.authors.iter().any(|c| c.role.is_author()) {
            continue;
        }
        let iri = format!(
            "{}work-{}",
            linked.local_prefix(),
            w.id.as_ref().expect("id")
        );
        let work = NamedNodeRef::new(&iri).expect("work IRI");
        let (list_p, plain_p) = if w.kind == WorkKind::EditedBook {
            (
                NamedNodeRef::new_unchecked("http://purl.org/ontology/bibo/editorList"),
                NamedNodeRef::new_unchecked("http://schema.org/editor"),
            )
        } else {
            (
                NamedNodeRef::new_unchecked("http://purl.org/ontology/bibo/authorList"),
                NamedNodeRef::new_unchecked("http://schema.org/author"),
            )
        };
        let head = g
            .object_for_subject_predicate(work, list_p)
            .unwrap_or_else(|| panic!("{name}: {iri} has no {list_p}"));
        let items = list_items(&g, head);
        let read: Vec<String> = items
            .iter()
            .map(|t| match t {
                Term::NamedNode(n) if n.as_str() == me => "#me".to_owned(),
                Term::NamedNode(n) => match g.object_for_subject_predicate(n, name_p) {
                    Some(TermRef::Literal(l)) => l.value().to_owned(),
                    other => panic!("{name}: author {n} has no name: {other:?}"),
                },
                other => panic!("{name}: an author that is not an IRI: {other}"),
            })
            .collect();
        // The list holds the authors only (an edited book's: its editors); other roles
        // are not in it (FORMAT.md, "Roles").
        let listed_role = |c: &&vitae::model::Contributor| match w.kind {
            WorkKind::EditedBook => matches!(
                c.role,
                vitae::model::ContributorRole::Author | vitae::model::ContributorRole::Editor
            ),
            _ => c.role.is_author(),
        };
        let expected: Vec<String> = w
            .authors
            .iter()
            .filter(listed_role)
            .map(|c| {
                if c.is_me() {
                    "#me".to_owned()
                } else {
                    c.display_name()
                }
            })
            .collect();
        assert_eq!(read, expected, "{name}: authors of {iri}");
        // The plain links name the same people.
        let mut plain: Vec<String> = g
            .objects_for_subject_predicate(work, plain_p)
            .map(|t| t.to_string())
            .collect();
        let mut listed: Vec<String> = items.iter().map(ToString::to_string).collect();
        plain.sort();
        listed.sort();
        listed.dedup();
        assert_eq!(plain, listed, "{name}: {plain_p} and the list of {iri}");
        checked += 1;
    }
    assert!(checked > 0, "{name}: no work with authors");
}

#[test]
fn authors_keep_their_order_in_rdf() {
    for name in FIXTURES {
        assert_author_order(name, &fixture(name));
    }
}

#[test]
fn authors_keep_their_order_in_rdf_on_the_reference_cv() {
    assert_author_order("lapuschkin", &common::reference_cv());
}

// ----- every item in the graph -----

fn count(store: &oxigraph::store::Store, local: &str, where_clause: &str) -> usize {
    let q = format!(
        "PREFIX schema: <http://schema.org/>
         PREFIX bibo: <http://purl.org/ontology/bibo/>
         PREFIX coar: <http://purl.org/coar/resource_type/>
         PREFIX cv: <{local}>
         SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where_clause} }}"
    );
    let results = SparqlEvaluator::new()
        .parse_query(&q)
        .unwrap_or_else(|e| panic!("{q}: {e}"))
        .on_store(store)
        .execute()
        .unwrap_or_else(|e| panic!("{q}: {e}"));
    let QueryResults::Solutions(mut s) = results else {
        panic!("not solutions")
    };
    let row = s.next().expect("a row").expect("a solution");
    match row.get("n") {
        Some(Term::Literal(l)) => l.value().parse().expect("a count"),
        other => panic!("{q}: {other:?}"),
    }
}

/// Counts of the CV's items in its graph, by SPARQL.
struct Counts {
    positions: usize,
    education: usize,
    degrees: usize,
    projects: usize,
    awards: usize,
    patent_members: Vec<usize>,
    talks: usize,
    lectures: usize,
    journal_articles: usize,
    conference_papers: usize,
    chapters: usize,
    preprints: usize,
    works: usize,
}

fn counts(cv: &Cv) -> Counts {
    let options = Options::new();
    let local = LinkedGraph::new(cv, &options)
        .expect("graph")
        .local_prefix()
        .to_owned();
    let store = vitae::query::store(cv, &options).expect("store");
    let c = |w: &str| count(&store, &local, w);
    let mut patent_members: Vec<usize> = Vec::new();
    for f in &cv.patents {
        let iri = format!("{local}patent-{}", f.id.as_ref().expect("id"));
        patent_members.push(c(&format!(
            "<{iri}> schema:hasPart ?x . ?x schema:additionalType bibo:Patent"
        )));
    }
    Counts {
        positions: c("cv:me schema:worksFor ?x . ?x a schema:EmployeeRole"),
        education: c("cv:me schema:alumniOf ?x . ?x a schema:OrganizationRole"),
        degrees: c("cv:me schema:hasCredential ?x . ?x schema:credentialCategory \"degree\""),
        projects: c("?x a schema:ResearchProject"),
        awards: c("cv:me schema:award ?x"),
        patent_members,
        talks: c("?x a schema:Event ; schema:performer ?p"),
        lectures: c("?x a schema:EducationEvent ; schema:performer ?p"),
        journal_articles: c("?x a schema:ScholarlyArticle ; schema:additionalType coar:c_6501"),
        conference_papers: c("?x a schema:ScholarlyArticle ; schema:additionalType coar:c_5794"),
        chapters: c("?x a schema:Chapter ; schema:additionalType coar:c_3248"),
        preprints: c("?x a schema:ScholarlyArticle ; schema:additionalType coar:c_816b"),
        works: c(
            "{ ?x schema:additionalType ?t FILTER(STRSTARTS(STR(?t), STR(coar:))) } \
                  UNION { ?x a schema:Event ; schema:performer ?p } \
                  UNION { ?x a schema:EducationEvent ; schema:performer ?p }",
        ),
    }
}

fn kinds(cv: &Cv, kinds: &[WorkKind]) -> usize {
    cv.works.iter().filter(|w| kinds.contains(&w.kind)).count()
}

#[test]
fn every_item_of_the_fixtures_is_in_the_graph() {
    for name in FIXTURES {
        let full = fixture(name);
        let cv = full.visible(Visibility::Public);
        let n = counts(&full);
        let what = |w: &str| format!("{name}: {w}");
        assert_eq!(n.positions, cv.employment.len(), "{}", what("positions"));
        assert_eq!(n.education, cv.education.len(), "{}", what("education"));
        let degrees = cv.education.iter().filter(|a| a.degree.is_some()).count();
        assert_eq!(n.degrees, degrees, "{}", what("degrees"));
        assert_eq!(n.projects, cv.projects.len(), "{}", what("projects"));
        assert_eq!(n.awards, cv.awards.len(), "{}", what("awards"));
        let members: Vec<usize> = cv.patents.iter().map(|f| f.members.len()).collect();
        assert_eq!(n.patent_members, members, "{}", what("patents"));
        assert_eq!(n.talks, kinds(&cv, &[WorkKind::Talk]), "{}", what("talks"));
        assert_eq!(
            n.lectures,
            kinds(&cv, &[WorkKind::Lecture]),
            "{}",
            what("lectures")
        );
        assert_eq!(
            n.conference_papers,
            kinds(&cv, &[WorkKind::ConferencePaper, WorkKind::WorkshopPaper]),
            "{}",
            what("conference papers")
        );
        assert_eq!(n.works, cv.works.len(), "{}", what("works"));
    }
}

#[test]
fn every_item_of_the_reference_cv_is_in_the_graph() {
    let cv = common::reference_cv();
    let n = counts(&cv);
    assert_eq!(n.positions, 6, "positions");
    assert_eq!(n.education, 4, "education");
    let degrees = cv.education.iter().filter(|a| a.degree.is_some()).count();
    assert_eq!(n.degrees, degrees, "degrees");
    assert_eq!(n.projects, 4, "projects");
    assert_eq!(n.awards, 5, "awards");
    assert_eq!(
        n.patent_members,
        vec![3, 6],
        "patent families and their members"
    );
    assert_eq!(n.talks, 15, "talks");
    assert_eq!(n.lectures, 6, "lectures");
    assert_eq!(n.journal_articles, 19, "journal articles");
    assert_eq!(n.conference_papers, 15, "conference and workshop papers");
    assert_eq!(n.chapters, 4, "book chapters");
    assert_eq!(n.preprints, 9, "preprints");
    assert_eq!(n.works, cv.works.len(), "every work");
}

// ----- schema.org checker -----

/// A Python from a virtual environment this test creates under `target/` (the checker needs
/// nothing beyond the standard library).
fn python(test: &str) -> Option<PathBuf> {
    static VENV: OnceLock<Option<PathBuf>> = OnceLock::new();
    if !common::tool(test, "python3") {
        return None;
    }
    VENV.get_or_init(|| {
        let dir = common::root().join("target/vitae-test-venv");
        let bin = dir.join("bin/python3");
        if !bin.exists() {
            let tmp = common::root().join(format!("target/vitae-test-venv.{}", std::process::id()));
            let ok = Command::new("python3")
                .args(["-m", "venv", "--without-pip"])
                .arg(&tmp)
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "python3 -m venv failed");
            // Another test process may have made it first; then keep theirs.
            if std::fs::rename(&tmp, &dir).is_err() {
                let _ = std::fs::remove_dir_all(&tmp);
            }
        }
        Some(bin)
    })
    .clone()
}

fn schemaorg_check(python: &Path, shared: &Path, file: &Path) -> (bool, String) {
    let out = Command::new(python)
        .arg(shared.join("tools/schemaorg_check.py"))
        .arg(file)
        .output()
        .expect("run schemaorg_check.py");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (out.status.success(), text)
}

#[test]
fn schema_org_checker_finds_no_errors() {
    let test = "schema_org_checker_finds_no_errors";
    let Some(shared) = common::shared(test) else {
        return;
    };
    let Some(python) = python(test) else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cvs = all_cvs();
    cvs.push(("linked-full.private".to_owned(), fixture("linked-full")));
    cvs.push(("reviews.private".to_owned(), fixture("reviews")));
    for (name, cv) in cvs {
        let options = if name.ends_with(".private") {
            Options::new().with_include(Visibility::Private)
        } else {
            Options::new()
        };
        for format in [ExportFormat::JsonLd, ExportFormat::Html] {
            let file = dir.path().join(format!("{name}.{}", format.extension()));
            std::fs::write(&file, export(&cv, format, &options)).expect("write");
            let (ok, report) = schemaorg_check(&python, &shared, &file);
            let last = report.lines().last().unwrap_or("");
            assert!(
                ok && last.starts_with("0 errors"),
                "{}: schemaorg_check.py reports errors:\n{report}",
                file.display()
            );
        }
    }
}

// ----- privacy and HTML -----

#[test]
fn private_data_stays_private_unless_included() {
    let cv = fixture("linked-full");
    let at = |level| {
        export(
            &cv,
            ExportFormat::Rdf(RdfFormat::NTriples),
            &Options::new().with_include(level),
        )
    };
    let public = at(Visibility::Public);
    let limited = at(Visibility::Limited);
    let private = at(Visibility::Private);
    let private_only = [
        "ada.private@example.org",
        "1815-12-10",
        "Secret Society",
        "A Private Letter",
    ];
    let limited_too = ["+44 20 7946 0000", "Secret Medal"];
    for s in private_only {
        assert!(!public.contains(s) && !limited.contains(s), "{s} leaks");
        assert!(private.contains(s), "{s} missing with --include private");
    }
    for s in limited_too {
        assert!(!public.contains(s), "{s} leaks into the public view");
        assert!(limited.contains(s) && private.contains(s), "{s} missing");
    }
    assert!(public.contains("ada@example.org"), "public e-mail missing");
}

#[test]
fn html_block_cannot_be_ended_by_cv_text() {
    let cv = fixture("linked-full");
    let html = export(&cv, ExportFormat::Html, &Options::new());
    assert!(html.starts_with("<script type=\"application/ld+json\">\n"));
    assert_eq!(html.matches("</script").count(), 1, "one end tag");
    assert!(html.ends_with("</script>\n"));
    assert!(!html.contains("<!--"), "no comment opener");
    let inner = &html["<script type=\"application/ld+json\">\n".len()..html.len() - 11];
    assert!(!inner.contains(['<', '>', '&']));
    let parsed: serde_json::Value = serde_json::from_str(inner).expect("the block is JSON");
    let json = JsonLd::new().to_value(&cv).expect("JSON-LD");
    assert_eq!(parsed, json, "the block holds the same JSON-LD");
    assert!(
        json.to_string()
            .contains("Title with </script> and <!-- in it & more")
    );
}

#[test]
fn own_entries_point_to_the_person_also_under_a_name_variant() {
    let cv = fixture("linked-full");
    let w = cv
        .works
        .iter()
        .find(|w| w.title.as_str() == "Programming the Engine")
        .expect("the work");
    assert_eq!(w.authors[0].name, "Byron A", "written under the birth name");
    let json = JsonLd::new().to_value(&cv).expect("JSON-LD");
    let node = json["@graph"]
        .as_array()
        .expect("@graph")
        .iter()
        .find(|n| n["@id"] == "https://ada.example.org/cv#work-programming-engine")
        .expect("the work's node");
    assert_eq!(node["author"][0]["@id"], "https://ada.example.org/cv#me");
    assert_eq!(node["author"][0]["name"], "Ada Lovelace");
    assert_eq!(
        node["bibo:authorList"]["@list"][0]["@id"],
        "https://ada.example.org/cv#me"
    );
}

#[test]
fn base_iri_comes_from_the_option_the_cv_or_the_name() {
    let cv = fixture("linked-full");
    let g = LinkedGraph::new(&cv, &Options::new()).expect("graph");
    assert_eq!(g.name().as_str(), "https://ada.example.org/cv");
    let other = Options::new().with_base("https://example.com/ada#x".parse().expect("url"));
    let g = LinkedGraph::new(&cv, &other).expect("graph");
    assert_eq!(g.name().as_str(), "https://example.com/ada");
    assert_eq!(g.local_prefix(), "https://example.com/ada#");
    let g = LinkedGraph::new(&fixture("linked-minimal"), &Options::new()).expect("graph");
    assert_eq!(g.name().as_str(), "urn:vitae:emilie-du-chatelet");
}

// ----- the commands -----

#[test]
fn export_format_follows_the_extension_unless_to_says_otherwise() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cv = fixture("linked-full");
    let ttl = dir.path().join("cv.ttl");
    let out = vitae(&[
        "export",
        "tests/fixtures/linked-full.yaml",
        "-o",
        ttl.to_str().expect("path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    assert_eq!(
        common::read(&ttl),
        export(&cv, ExportFormat::Rdf(RdfFormat::Turtle), &Options::new())
    );
    let jsonld = dir.path().join("cv.jsonld");
    let out = vitae(&[
        "export",
        "tests/fixtures/linked-full.yaml",
        "--to",
        "ntriples",
        "-o",
        jsonld.to_str().expect("path"),
    ]);
    assert!(out.status.success());
    assert_eq!(
        common::read(&jsonld),
        export(&cv, ExportFormat::Rdf(RdfFormat::NTriples), &Options::new())
    );
    // Standard output, JSON-LD by default, with the options.
    let out = vitae(&[
        "export",
        "tests/fixtures/linked-full.yaml",
        "--include",
        "private",
        "--base",
        "https://example.com/ada",
    ]);
    assert!(out.status.success());
    let options = Options::new()
        .with_include(Visibility::Private)
        .with_base("https://example.com/ada".parse().expect("url"));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        export(&cv, ExportFormat::JsonLd, &options)
    );
}

#[test]
fn export_refuses_what_it_cannot_do_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let unknown = dir.path().join("cv.xyz");
    let out = vitae(&[
        "export",
        "tests/fixtures/linked-full.yaml",
        "-o",
        unknown.to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--to"));
    assert!(!unknown.exists());
    let out = vitae(&["export", "tests/fixtures/linked-full.yaml", "--to", "docx"]);
    assert_eq!(out.status.code(), Some(2));
    // A CV with errors: exit 1, the report, no file.
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "person: {given-names: Ada}\n").expect("write");
    let target = dir.path().join("out.jsonld");
    let out = vitae(&[
        "export",
        bad.to_str().expect("path"),
        "-o",
        target.to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("family-name"));
    assert!(!target.exists());
    // A directory that does not exist: exit 1, a message, nothing written.
    let missing = dir.path().join("no/such/dir/cv.jsonld");
    let out = vitae(&[
        "export",
        "tests/fixtures/linked-full.yaml",
        "-o",
        missing.to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"));
    assert!(std::fs::read_dir(dir.path()).expect("dir").count() == 1);
}

#[test]
fn query_prints_tables_and_sparql_formats() {
    let file = "tests/fixtures/linked-full.yaml";
    // Co-authors: the authors of the person's works (a supervised thesis has its student as
    // author, and is not one of them).
    let select = "SELECT ?name WHERE { ?w schema:author cv:me , ?a . ?a schema:name ?name . \
                  FILTER(?a != cv:me) } GROUP BY ?name ORDER BY ?name";
    let out = vitae(&["query", file, select]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "name\n------------\nC Babbage\nL F Menabrea\n"
    );
    let out = vitae(&["query", file, select, "--format", "csv"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "name\r\nC Babbage\r\nL F Menabrea\r\n"
    );
    let out = vitae(&["query", file, select, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON results");
    assert_eq!(json["head"]["vars"][0], "name");
    assert_eq!(
        json["results"]["bindings"][1]["name"]["value"],
        "L F Menabrea"
    );
    let out = vitae(&["query", file, "ASK { cv:me a schema:Person }"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "true\n");
    let dir = tempfile::tempdir().expect("temp dir");
    let rq = dir.path().join("q.rq");
    std::fs::write(
        &rq,
        "CONSTRUCT { cv:me schema:name ?n } WHERE { cv:me schema:name ?n }",
    )
    .expect("write");
    let out = vitae(&["query", file, "--query-file", rq.to_str().expect("path")]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("cv:me schema:name \"Ada Lovelace\" ."));
    // Errors: bad SPARQL (exit 1), a format that does not fit (exit 2), no query (exit 2).
    let out = vitae(&["query", file, "SELECT WHERE"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not valid SPARQL"));
    let out = vitae(&["query", file, select, "--format", "turtle"]);
    assert_eq!(out.status.code(), Some(2));
    let out = vitae(&["query", file]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn example_queries_of_the_readme_run() {
    let cv = common::reference_cv();
    for q in readme_queries() {
        let out = vitae::query::Query::new(q.clone())
            .to_string(&cv)
            .unwrap_or_else(|e| panic!("{q}: {e}"));
        assert!(out.lines().count() > 2, "{q} gives no rows:\n{out}");
    }
}

/// The SPARQL queries in the README's "Linked data" section.
fn readme_queries() -> Vec<String> {
    let readme = common::read(&common::root().join("README.md"));
    let section = readme
        .split("## Linked data")
        .nth(1)
        .expect("a Linked data section in README.md");
    let section = section.split("\n## ").next().unwrap_or(section);
    let mut queries = Vec::new();
    let mut current: Option<String> = None;
    for line in section.lines() {
        match (&mut current, line.trim_start()) {
            (None, l) if l.starts_with("```sparql") => current = Some(String::new()),
            (Some(q), "```") => {
                queries.push(std::mem::take(q));
                current = None;
            }
            (Some(q), _) => {
                q.push_str(line);
                q.push('\n');
            }
            _ => {}
        }
    }
    assert!(
        queries.len() >= 3,
        "the README shows at least three queries"
    );
    queries
}
