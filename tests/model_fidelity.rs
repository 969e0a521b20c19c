//! What the model holds of a real CV's people reaches every view (issue 16): contributor
//! roles (point 1), group authors (point 2), names as written and in family-first order
//! (point 3), name suffixes, and author marks (point 12). Each on a small CV of its own.

mod common;

use oxigraph::io::{JsonLdProfile, JsonLdProfileSet, LoadedDocument, RdfFormat, RdfParser};
use oxigraph::model::{Term, Triple};
use vitae::export::{ExportFormat, Options};
use vitae::model::{ContributorKind, ContributorRole, NameOrder};
use vitae::orcid::OrcidXml;
use vitae::site::{SiteOptions, build};
use vitae::types::Visibility;
use vitae::{Cv, InputFormat};

const S: &str = "http://schema.org/";
const BIBO: &str = "http://purl.org/ontology/bibo/";
const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

fn cv(works: &str) -> Cv {
    let text = format!("person: {{given-names: Ada, family-name: Lovelace}}\nworks:\n{works}");
    vitae::from_str(&text, InputFormat::Yaml)
        .unwrap_or_else(|r| panic!("{r}\n{text}"))
        .cv
}

/// The RDF graph of a CV, read back from its N-Triples export.
struct Graph(Vec<Triple>);

impl Graph {
    fn of(cv: &Cv) -> Self {
        let nt =
            vitae::export::to_string(cv, ExportFormat::Rdf(RdfFormat::NTriples), &Options::new())
                .expect("export");
        let triples = RdfParser::from_format(RdfFormat::NTriples)
            .for_slice(nt.as_bytes())
            .map(|q| Triple::from(q.expect("N-Triples")))
            .collect();
        Self(triples)
    }

    /// The graph of the CV's JSON-LD export, read by oxigraph's JSON-LD parser with the
    /// schema.org context of `tests/fixtures/schemaorg` (no network).
    fn of_jsonld(cv: &Cv) -> Self {
        let json =
            vitae::export::to_string(cv, ExportFormat::JsonLd, &Options::new()).expect("export");
        let context = common::schema_context();
        let triples = RdfParser::from_format(RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        })
        .for_slice(json.as_bytes())
        .with_document_loader(move |url| {
            assert!(
                url.trim_end_matches('/').ends_with("://schema.org"),
                "no network in tests: {url}"
            );
            Ok(LoadedDocument {
                url: url.to_owned(),
                content: context.clone(),
                format: RdfFormat::JsonLd {
                    profile: JsonLdProfile::Context.into(),
                },
            })
        })
        .map(|q| Triple::from(q.expect("JSON-LD")))
        .collect();
        Self(triples)
    }

    /// Both graphs of a CV: read from its N-Triples and from its JSON-LD.
    fn both(cv: &Cv) -> [(&'static str, Self); 2] {
        [
            ("N-Triples", Self::of(cv)),
            ("JSON-LD", Self::of_jsonld(cv)),
        ]
    }

    /// The subject whose IRI ends with `#fragment`.
    fn node(&self, fragment: &str) -> Term {
        let end = format!("#{fragment}");
        self.0
            .iter()
            .find(|t| t.subject.to_string().trim_end_matches('>').ends_with(&end))
            .map(|t| Term::from(t.subject.clone()))
            .unwrap_or_else(|| panic!("no node #{fragment}"))
    }

    fn objects(&self, s: &Term, p: &str) -> Vec<Term> {
        self.0
            .iter()
            .filter(|t| Term::from(t.subject.clone()) == *s && t.predicate.as_str() == p)
            .map(|t| t.object.clone())
            .collect()
    }

    fn object(&self, s: &Term, p: &str) -> Option<Term> {
        self.objects(s, p).into_iter().next()
    }

    /// The text of a literal property, e.g. a node's `schema:name`.
    fn text(&self, s: &Term, p: &str) -> Option<String> {
        match self.object(s, p)? {
            Term::Literal(l) => Some(l.value().to_owned()),
            other => panic!("{s} {p}: not a literal: {other}"),
        }
    }

    fn name(&self, s: &Term) -> String {
        self.text(s, &format!("{S}name"))
            .unwrap_or_else(|| panic!("{s} has no name"))
    }

    fn is_a(&self, s: &Term, class: &str) -> bool {
        self.objects(s, &format!("{RDF}type"))
            .iter()
            .any(|t| matches!(t, Term::NamedNode(n) if n.as_str() == format!("{S}{class}")))
    }

    /// The names of the objects of `p`, sorted.
    fn names(&self, s: &Term, p: &str) -> Vec<String> {
        let mut v: Vec<String> = self
            .objects(s, &format!("{S}{p}"))
            .iter()
            .map(|o| self.name(o))
            .collect();
        v.sort();
        v
    }

    /// The names of the members of an `rdf:List`, in order.
    fn list(&self, s: &Term, p: &str) -> Vec<String> {
        let mut out = Vec::new();
        let Some(mut at) = self.object(s, p) else {
            return out;
        };
        while !matches!(&at, Term::NamedNode(n) if n.as_str() == format!("{RDF}nil")) {
            let first = self.object(&at, &format!("{RDF}first")).expect("rdf:first");
            out.push(self.name(&first));
            at = self.object(&at, &format!("{RDF}rest")).expect("rdf:rest");
        }
        out
    }
}

/// The JSON-LD node (anywhere in the document) whose `@id` ends with `#fragment`.
fn jsonld_node(cv: &Cv, fragment: &str) -> serde_json::Value {
    let text = vitae::export::to_string(cv, ExportFormat::JsonLd, &Options::new()).expect("export");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    fn find(v: &serde_json::Value, end: &str) -> Option<serde_json::Value> {
        match v {
            serde_json::Value::Object(m) => {
                if m.get("@id")
                    .and_then(|i| i.as_str())
                    .is_some_and(|i| i.ends_with(end))
                    && m.contains_key("@type")
                {
                    return Some(v.clone());
                }
                m.values().find_map(|x| find(x, end))
            }
            serde_json::Value::Array(a) => a.iter().find_map(|x| find(x, end)),
            _ => None,
        }
    }
    find(&doc, &format!("#{fragment}")).unwrap_or_else(|| panic!("no node #{fragment}"))
}

/// The values of a JSON-LD property: one value or an array, as a list.
fn values<'a>(n: &'a serde_json::Value, p: &str) -> Vec<&'a serde_json::Value> {
    match n.get(p) {
        None => Vec::new(),
        Some(serde_json::Value::Array(a)) => a.iter().collect(),
        Some(v) => vec![v],
    }
}

/// The ORCID XML of the CV's work `id`.
fn orcid_work(cv: &Cv, id: &str) -> String {
    let e = OrcidXml::new().with_include(Visibility::Private).export(cv);
    e.items
        .iter()
        .find(|i| i.id.as_str() == id)
        .unwrap_or_else(|| {
            let ids: Vec<&str> = e.items.iter().map(|i| i.id.as_str()).collect();
            panic!("no ORCID item {id}: {ids:?} {:?}", e.diagnostics)
        })
        .to_xml()
        .expect("XML")
}

/// The (credit name, role) of each contributor of an ORCID work document, in order.
fn orcid_contributors(xml: &str) -> Vec<(String, Option<String>)> {
    let inner = |s: &str, tag: &str| {
        let open = format!("<{tag}>");
        let at = s.find(&open)? + open.len();
        let end = s[at..].find(&format!("</{tag}>"))?;
        Some(s[at..at + end].to_owned())
    };
    xml.split("<work:contributor>")
        .skip(1)
        .map(|c| {
            (
                inner(c, "work:credit-name").expect("credit-name"),
                inner(c, "work:contributor-role"),
            )
        })
        .collect()
}

fn site_file(cv: &Cv, path: &str) -> String {
    let files = build(cv, &SiteOptions::new()).expect("site");
    let f = files
        .into_iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"));
    String::from_utf8(f.bytes).expect("UTF-8")
}

/// The `content` of every `<meta name="citation_author">` of a page.
fn citation_authors(html: &str) -> Vec<String> {
    html.split("<meta name=\"citation_author\" content=\"")
        .skip(1)
        .map(|s| s[..s.find('"').expect("quote")].to_owned())
        .collect()
}

// ----- point 1: roles -----

const ROLES: &str = r#"
  - id: thesis
    type: thesis
    title: On Engines
    date: 1943
    degree: PhD
    authors:
      - "**Lovelace A**"
      - {name: "Babbage, Charles", role: supervisor}
  - id: notes
    type: journal-article
    title: Sketch of the Analytical Engine
    date: 1943
    container: Scientific Memoirs
    authors:
      - Menabrea L F
      - {name: "Lovelace, Ada", role: translator}
      - {name: "Taylor, Richard", role: editor}
      - {name: "Doe, Jane", role: other}
      - {name: "Roe, John", role: chair}
"#;

#[test]
fn roles_map_to_their_schema_org_properties_in_both_graphs() {
    for (what, g) in Graph::both(&cv(ROLES)) {
        eprintln!("the graph read from the {what}");
        let work = g.node("work-notes");
        assert_eq!(g.names(&work, "author"), ["L F Menabrea"]);
        assert_eq!(
            g.list(&work, &format!("{BIBO}authorList")),
            ["L F Menabrea"]
        );
        assert_eq!(g.names(&work, "translator"), ["Ada Lovelace"]);
        assert_eq!(g.names(&work, "editor"), ["Richard Taylor"]);
        assert_eq!(
            g.list(&work, &format!("{BIBO}editorList")),
            ["Richard Taylor"]
        );
        // `other` is a plain contributor; `chair` a contributor through a Role.
        let contributors = g.objects(&work, &format!("{S}contributor"));
        assert_eq!(contributors.len(), 2);
        let mut seen = Vec::new();
        for c in &contributors {
            if g.is_a(c, "Role") {
                let who = g
                    .object(c, &format!("{S}contributor"))
                    .expect("role's contributor");
                seen.push(format!(
                    "{} ({})",
                    g.name(&who),
                    g.text(c, &format!("{S}roleName")).expect("roleName")
                ));
            } else {
                assert!(g.is_a(c, "Person"));
                seen.push(g.name(c));
            }
        }
        seen.sort();
        assert_eq!(seen, ["Jane Doe", "John Roe (chair)"]);

        // A thesis lists its supervisor as a contributor, not as an author.
        let thesis = g.node("work-thesis");
        assert_eq!(g.names(&thesis, "author"), ["Ada Lovelace"]);
        assert_eq!(
            g.list(&thesis, &format!("{BIBO}authorList")),
            ["Ada Lovelace"]
        );
        let role = g
            .object(&thesis, &format!("{S}contributor"))
            .expect("contributor");
        assert!(g.is_a(&role, "Role"));
        assert_eq!(
            g.text(&role, &format!("{S}roleName")).as_deref(),
            Some("supervisor")
        );
        let who = g
            .object(&role, &format!("{S}contributor"))
            .expect("supervisor");
        assert_eq!(g.name(&who), "Charles Babbage");
    }
}

#[test]
fn roles_map_to_their_schema_org_properties_in_jsonld() {
    let cv = cv(ROLES);
    let work = jsonld_node(&cv, "work-notes");
    let authors = values(&work, "author");
    assert_eq!(authors.len(), 1);
    assert_eq!(authors[0]["name"], "L F Menabrea");
    assert_eq!(values(&work, "translator").len(), 1);
    assert_eq!(values(&work, "editor")[0]["name"], "Richard Taylor");
    assert_eq!(
        work["bibo:authorList"]["@list"].as_array().map(Vec::len),
        Some(1)
    );
    let thesis = jsonld_node(&cv, "work-thesis");
    assert_eq!(values(&thesis, "author").len(), 1);
    let role = values(&thesis, "contributor")[0];
    assert_eq!(role["@type"], "Role");
    assert_eq!(role["roleName"], "supervisor");
    assert_eq!(role["contributor"]["name"], "Charles Babbage");
}

#[test]
fn bibtex_puts_each_role_in_its_field() {
    let cv = cv(ROLES);
    let notes = vitae::citation::bibtex::work(&cv.works[1], "notes");
    assert!(notes.contains("  author = {Menabrea, L F},\n"), "{notes}");
    assert!(notes.contains("  editor = {Taylor, Richard},\n"), "{notes}");
    assert!(
        notes.contains("  translator = {Lovelace, Ada},\n"),
        "{notes}"
    );
    assert!(!notes.contains("Doe") && !notes.contains("Roe"), "{notes}");
    let thesis = vitae::citation::bibtex::work(&cv.works[0], "thesis");
    assert!(thesis.contains("  author = {Lovelace, A},\n"), "{thesis}");
    assert!(!thesis.contains("Babbage"), "{thesis}");
}

#[test]
fn orcid_roles_are_orcids_vocabulary() {
    let cv = cv(ROLES);
    let notes = orcid_contributors(&orcid_work(&cv, "notes"));
    let role = |r: &str| Some(r.to_owned());
    assert_eq!(
        notes,
        [
            ("Menabrea L F".to_owned(), role("author")),
            ("Lovelace, Ada".to_owned(), role("chair-or-translator")),
            ("Taylor, Richard".to_owned(), role("editor")),
            ("Doe, Jane".to_owned(), None),
            ("Roe, John".to_owned(), role("chair-or-translator")),
        ]
    );
    let thesis = orcid_contributors(&orcid_work(&cv, "thesis"));
    assert_eq!(
        thesis[1],
        (
            "Babbage, Charles".to_owned(),
            role("http://credit.niso.org/contributor-roles/supervision/")
        )
    );
}

#[test]
fn the_site_shows_authors_only_in_the_author_line() {
    let cv = cv(ROLES);
    let page = site_file(&cv, "works/notes/index.html");
    let line = &page[page.find("<p class=\"authors\">").expect("authors")..];
    let line = &line[..line.find("</p>").expect("end")];
    assert_eq!(line, "<p class=\"authors\">L F Menabrea");
    assert!(
        page.contains("<strong class=\"me\">Ada Lovelace</strong> (translator), Richard Taylor (editor), Jane Doe (contributor), John Roe (chair)"),
        "{page}"
    );
    assert_eq!(citation_authors(&page), ["Menabrea, L F"]);
    let thesis = site_file(&cv, "works/thesis/index.html");
    assert_eq!(citation_authors(&thesis), ["Lovelace, A"]);
    assert!(thesis.contains("Charles Babbage (supervisor)"), "{thesis}");
    let index = site_file(&cv, "index.html");
    let entry = &index[index.find("id=\"work-thesis\"").expect("entry")..];
    let entry = &entry[..entry.find("</li>").expect("end")];
    assert!(!entry.contains("Babbage"), "{entry}");
}

// ----- point 2: group authors -----

const GROUP: &str = r#"
  - id: gocs
    type: journal-article
    title: Ocean Carbon
    date: 2024
    container: Nature
    authors: ["**Lovelace A**", {group: GOCS Consortium}]
"#;

#[test]
fn a_group_author_is_an_organization() {
    let cv = cv(GROUP);
    let c = &cv.works[0].authors[1];
    assert_eq!(c.kind, ContributorKind::Organization);
    assert_eq!((c.given.as_deref(), c.family.as_deref()), (None, None));
    assert_eq!(c.display_name(), "GOCS Consortium");

    for (what, g) in Graph::both(&cv) {
        eprintln!("the graph read from the {what}");
        let work = g.node("work-gocs");
        let org = g
            .objects(&work, &format!("{S}author"))
            .into_iter()
            .find(|o| g.is_a(o, "Organization"))
            .expect("an Organization author");
        assert_eq!(g.name(&org), "GOCS Consortium");
        assert_eq!(g.text(&org, &format!("{S}givenName")), None);
        assert_eq!(g.text(&org, &format!("{S}familyName")), None);
        assert_eq!(
            g.list(&work, &format!("{BIBO}authorList")),
            ["Ada Lovelace", "GOCS Consortium"]
        );
    }
    let json = jsonld_node(&cv, "work-gocs");
    assert_eq!(values(&json, "author")[1]["@type"], "Organization");

    let bib = vitae::citation::bibtex::work(&cv.works[0], "gocs");
    assert!(
        bib.contains("author = {Lovelace, A and {GOCS Consortium}}"),
        "{bib}"
    );

    let xml = orcid_work(&cv, "gocs");
    assert_eq!(orcid_contributors(&xml)[1].0, "GOCS Consortium");

    let page = site_file(&cv, "works/gocs/index.html");
    assert_eq!(citation_authors(&page), ["Lovelace, A", "GOCS Consortium"]);
}

#[test]
fn a_group_author_is_written_back_as_a_group() {
    let cv = cv(GROUP);
    let yaml = vitae::to_yaml_string(&cv).expect("YAML");
    assert!(yaml.contains("group: GOCS Consortium"), "{yaml}");
    let back = vitae::from_str(&yaml, InputFormat::Yaml)
        .expect("reads back")
        .cv;
    assert_eq!(back.works[0].authors, cv.works[0].authors);
}

#[test]
fn a_group_author_has_no_persons_names() {
    let text = "person: {given-names: Ada, family-name: Lovelace}\nworks:\n  - {type: report, title: R, date: 2024, authors: [{group: GOCS Consortium, given: Jane}]}\n";
    let report = vitae::from_str(text, InputFormat::Yaml).expect_err("refused");
    let shown = report.to_string();
    assert!(
        shown.contains("works[0].authors[0]") && shown.contains("found `given` beside it"),
        "{shown}"
    );
}

#[test]
fn imported_braced_and_literal_names_are_group_authors() {
    let bib = "@article{g, author = {Lovelace, Ada and {GOCS Consortium}}, title = {T}, journal = {J}, year = {2024}}\n";
    let read = vitae::import::bibtex::read(bib);
    let a = &read.works[0].authors;
    assert_eq!(a[0].kind, ContributorKind::Person);
    assert_eq!(a[1].kind, ContributorKind::Organization);
    assert_eq!(a[1].name, "GOCS Consortium");
    let csl = r#"[{"id": "g", "type": "article-journal", "title": "T", "author": [{"family": "Lovelace", "given": "Ada"}, {"literal": "GOCS Consortium"}], "issued": {"date-parts": [[2024]]}}]"#;
    let read = vitae::import::csl_json::read(csl);
    let a = &read.works[0].authors;
    assert_eq!(a[1].kind, ContributorKind::Organization);
    assert_eq!(a[1].name, "GOCS Consortium");
}

// ----- point 3: names as written, family-first order, suffixes -----

const NAMES: &str = r#"
  - id: names
    type: journal-article
    title: Names
    date: 2024
    container: J
    authors:
      - "**Lovelace A**"
      - {family: 周, given: 静, name: "周静"}
      - {family: Zhou, given: Jing, name: "Zhou Jing"}
      - {family: 山田, given: 太郎, name-order: family-first}
      - {family: Nagy, given: Ilona, name-order: family-first}
      - {family: King, given: Martin Luther, suffix: Jr.}
      - Müller K-R
      - "Doe, Jane"
"#;

#[test]
fn an_explicit_name_is_the_name_shown_and_family_first_order_is_kept() {
    let cv = cv(NAMES);
    let a = &cv.works[0].authors;
    assert_eq!(a[3].name_order, Some(NameOrder::FamilyFirst));
    let shown: Vec<String> = a[1..].iter().map(|c| c.display_name()).collect();
    let expected = [
        "周静",
        "Zhou Jing",
        "山田太郎",
        "Nagy Ilona",
        "Martin Luther King Jr.",
        "K-R Müller",
        "Jane Doe",
    ];
    assert_eq!(shown, expected);

    for (what, g) in Graph::both(&cv) {
        eprintln!("the graph read from the {what}");
        let work = g.node("work-names");
        let list = g.list(&work, &format!("{BIBO}authorList"));
        assert_eq!(list[1..], expected);
        let zhou = g
            .objects(&work, &format!("{S}author"))
            .into_iter()
            .find(|o| g.name(o) == "周静")
            .expect("周静");
        assert_eq!(
            g.text(&zhou, &format!("{S}givenName")).as_deref(),
            Some("静")
        );
        assert_eq!(
            g.text(&zhou, &format!("{S}familyName")).as_deref(),
            Some("周")
        );
        let king = g
            .objects(&work, &format!("{S}author"))
            .into_iter()
            .find(|o| g.name(o) == "Martin Luther King Jr.")
            .expect("King");
        assert_eq!(
            g.text(&king, &format!("{S}honorificSuffix")).as_deref(),
            Some("Jr.")
        );
    }
    let page = site_file(&cv, "works/names/index.html");
    assert!(
        page.contains("周静, Zhou Jing, 山田太郎, Nagy Ilona"),
        "{page}"
    );

    let bib = vitae::citation::bibtex::work(&cv.works[0], "names");
    assert!(bib.contains(" and King, Jr., Martin Luther and "), "{bib}");
}

#[test]
fn imported_suffixes_are_kept_in_their_field() {
    let bib = "@book{k, author = {King, Jr., Martin Luther}, title = {T}, publisher = {P}, year = {1963}}\n";
    let read = vitae::import::bibtex::read(bib);
    let k = &read.works[0].authors[0];
    assert_eq!(
        (k.given.as_deref(), k.family.as_deref(), k.suffix.as_deref()),
        (Some("Martin Luther"), Some("King"), Some("Jr."))
    );
    assert_eq!(k.display_name(), "Martin Luther King Jr.");
    let again = vitae::citation::bibtex::work(&read.works[0], "k");
    assert!(
        again.contains("author = {King, Jr., Martin Luther}"),
        "{again}"
    );
}

// ----- point 12: author marks -----

const MARKS: &str = r#"
  - id: marked
    type: journal-article
    title: Marked
    date: 2024
    container: J
    authors:
      - {name: "Lovelace, Ada", equal-contribution: true}
      - {name: "Babbage, Charles", equal-contribution: true, corresponding: true}
      - Menabrea L F
"#;

#[test]
fn author_marks_are_held_and_shown_on_the_site() {
    let cv = cv(MARKS);
    let a = &cv.works[0].authors;
    assert!(a[0].equal_contribution && !a[0].corresponding);
    assert!(a[1].equal_contribution && a[1].corresponding);
    assert!(!a[2].equal_contribution && !a[2].corresponding);
    assert_eq!(a[1].role, ContributorRole::Author);

    let page = site_file(&cv, "works/marked/index.html");
    assert!(
        page.contains("<strong class=\"me\">Ada Lovelace</strong><sup class=\"marks\">†</sup>, Charles Babbage<sup class=\"marks\">*†</sup>, L F Menabrea</p>"),
        "{page}"
    );
    assert!(
        page.contains("<p class=\"marks\">* corresponding author; † contributed equally</p>"),
        "{page}"
    );
    let index = site_file(&cv, "index.html");
    assert!(
        index.contains("Charles Babbage<sup class=\"marks\">*†</sup>"),
        "{index}"
    );
    // Written back and read again, the marks stay.
    let yaml = vitae::to_yaml_string(&cv).expect("YAML");
    let back = vitae::from_str(&yaml, InputFormat::Yaml)
        .expect("reads back")
        .cv;
    assert_eq!(back.works[0].authors, cv.works[0].authors);
}

#[test]
fn author_marks_leave_the_linked_data_as_it_is() {
    // schema.org has no term for them (DESIGN.md, "Contributors"): the graph of a CV with
    // marks is the graph of the same CV without them.
    let marked = cv(MARKS);
    let plain = cv(&MARKS
        .replace(", equal-contribution: true", "")
        .replace(", corresponding: true", ""));
    assert!(!plain.works[0].authors[1].corresponding);
    for format in [ExportFormat::Rdf(RdfFormat::NTriples), ExportFormat::JsonLd] {
        let a = vitae::export::to_string(&marked, format, &Options::new()).expect("export");
        let b = vitae::export::to_string(&plain, format, &Options::new()).expect("export");
        assert_eq!(a, b, "{format}");
    }
}

// ----- all of them, through schema.org's own checker -----

#[test]
fn the_schema_org_checker_accepts_roles_groups_and_names() {
    let test = "the_schema_org_checker_accepts_roles_groups_and_names";
    let Some(shared) = common::shared(test) else {
        return;
    };
    if !common::tool(test, "python3") {
        return;
    }
    let talk = r#"
  - id: talk
    type: talk
    title: Nitrate in the Kuroshio
    date: 2020-01-02
    event: {name: Ocean Sciences Meeting}
    authors: [{name: "Roe, John", role: chair}, {name: "Doe, Jane", role: translator}]
"#;
    let cv = cv(&[ROLES, GROUP, NAMES, MARKS, talk].concat());
    let dir = tempfile::tempdir().expect("temp dir");
    for format in [ExportFormat::JsonLd, ExportFormat::Html] {
        let file = dir.path().join(format!("people.{}", format.extension()));
        let text = vitae::export::to_string(&cv, format, &Options::new()).expect("export");
        std::fs::write(&file, text).expect("write");
        let out = std::process::Command::new("python3")
            .arg(shared.join("tools/schemaorg_check.py"))
            .arg(&file)
            .output()
            .expect("run schemaorg_check.py");
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && report.lines().last().unwrap_or("").starts_with("0 errors"),
            "{}:\n{report}",
            file.display()
        );
    }
}

#[test]
fn orcid_work_documents_with_roles_groups_and_names_are_valid() {
    let test = "orcid_work_documents_with_roles_groups_and_names_are_valid";
    let Some(shared) = common::shared(test) else {
        return;
    };
    if !common::tool(test, "xmllint") {
        return;
    }
    let cv = cv(&[ROLES, GROUP, NAMES, MARKS].concat());
    let e = OrcidXml::new()
        .with_include(Visibility::Private)
        .export(&cv);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut paths = Vec::new();
    for item in &e.items {
        let path = dir.path().join(format!("{}.xml", item.id.as_str()));
        std::fs::write(&path, item.to_xml().expect("XML")).expect("write");
        paths.push(path);
    }
    assert_eq!(paths.len(), 5, "{:?}", e.diagnostics);
    let credit: Vec<String> = e
        .items
        .iter()
        .flat_map(|i| orcid_contributors(&i.to_xml().expect("XML")))
        .map(|(name, _)| name)
        .collect();
    for name in [
        "GOCS Consortium",
        "周静",
        "Zhou Jing",
        "山田太郎",
        "Nagy Ilona",
    ] {
        assert!(credit.iter().any(|c| c == name), "{name} in {credit:?}");
    }
    common::xmllint_validate(
        &shared.join("schemas/orcid-3.0/record_3.0/work-3.0.xsd"),
        &paths,
    );
}

#[test]
fn bibtex_written_then_imported_keeps_roles_groups_and_suffixes() {
    let cv = cv(&[ROLES, GROUP, NAMES].concat());
    let bib = vitae::citation::bibtex::bibliography(&cv, Visibility::Public);
    let read = vitae::import::bibtex::read(&bib);
    let people = |w: &vitae::model::Work| -> Vec<(String, ContributorRole, ContributorKind, Option<String>)> {
        w.authors
            .iter()
            .filter(|c| {
                matches!(
                    c.role,
                    ContributorRole::Author | ContributorRole::Translator
                )
            })
            .map(|c| (c.display_name(), c.role, c.kind, c.suffix.clone()))
            .collect()
    };
    let by_id = |id: &str| {
        read.works
            .iter()
            .find(|w| w.id.as_ref().is_some_and(|i| i.as_str() == id))
            .unwrap_or_else(|| panic!("{id} not imported: {:?}", read.notes))
    };
    let notes = by_id("notes");
    assert_eq!(
        people(notes),
        [
            (
                "L F Menabrea".to_owned(),
                ContributorRole::Author,
                ContributorKind::Person,
                None
            ),
            (
                "Ada Lovelace".to_owned(),
                ContributorRole::Translator,
                ContributorKind::Person,
                None
            ),
        ]
    );
    let gocs = by_id("gocs");
    assert_eq!(people(gocs)[1].2, ContributorKind::Organization);
    assert_eq!(people(gocs)[1].0, "GOCS Consortium");
    let names = by_id("names");
    let king = people(names)
        .into_iter()
        .find(|p| p.3.is_some())
        .expect("a suffix");
    assert_eq!(king.0, "Martin Luther King Jr.");
}
