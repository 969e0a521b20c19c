//! The RDF graph of a CV, built from the same description as the JSON-LD.
//!
//! Every node of the description becomes its triples: its types, its property values
//! (grouped by predicate, in the order of each predicate's first value), then the cells of
//! its ordered lists (blank nodes), then the nodes described inside it. The mapping describes
//! each node once, each value once ([`describe`]), so every subject's triples come together
//! and each triple once; a reference node (the person as an author) gives only the triple
//! naming it. The graph is a plain `Vec` of oxigraph triples in that order, which every
//! writer reads.

use oxigraph::model::{
    BlankNode, Graph, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, Triple,
    TripleRef,
};

use super::mapping::describe;
use super::node::{Node, Value};
use super::vocab::{Property, rdf, schema};
use super::{ExportError, Options};
use crate::model::Cv;
use crate::types::LanguageTag;

/// The RDF graph of a CV: the triples the JSON-LD export means, in a stable order (grouped by
/// subject, in the order of the JSON-LD), and the name of the graph (the page's IRI).
///
/// For programs that add their own data: take [`graph`](Self::graph) or
/// [`triples`](Self::triples) and extend them.
///
/// ```
/// use vitae::export::{LinkedGraph, Options};
/// use oxigraph::model::{NamedNodeRef, TripleRef};
/// let cv = vitae::from_str(r#"
/// base-iri: https://ada.example.org/
/// person: {given-names: Ada, family-name: Lovelace}
/// "#, vitae::InputFormat::Yaml)?.cv;
/// let g = LinkedGraph::new(&cv, &Options::new())?;
/// assert_eq!(g.name().as_str(), "https://ada.example.org/");
/// let mut graph = g.graph();
/// let me = NamedNodeRef::new("https://ada.example.org/#me")?;
/// let knows = NamedNodeRef::new("http://xmlns.com/foaf/0.1/knows")?;
/// let babbage = NamedNodeRef::new("https://example.org/babbage")?;
/// graph.insert(TripleRef::new(me, knows, babbage));
/// assert_eq!(graph.len(), g.triples().len() + 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct LinkedGraph {
    name: NamedNode,
    local_prefix: String,
    triples: Vec<Triple>,
}

impl LinkedGraph {
    /// Builds the graph of the part of a CV that `options` allow to be shown.
    ///
    /// # Errors
    /// [`ExportError::Iri`] when a URL of the CV cannot be made an IRI.
    pub fn new(cv: &Cv, options: &Options) -> Result<Self, ExportError> {
        Self::with_blank_prefix(cv, options, "")
    }

    /// As [`new`](Self::new), every blank node's label beginning with `prefix` (a bulk
    /// export keeps the CVs' blank nodes apart that way).
    pub(crate) fn with_blank_prefix(
        cv: &Cv,
        options: &Options,
        prefix: &str,
    ) -> Result<Self, ExportError> {
        describe(cv, options, |d| {
            let mut triples = Vec::new();
            // Each node is dropped once it is triples: the description is not held beside
            // the whole graph.
            for n in d.nodes {
                node_triples(&n, prefix, &mut triples);
            }
            Ok(Self {
                name: d.page,
                local_prefix: d.local_prefix,
                triples,
            })
        })
    }

    /// The graph's name: the page's IRI, used as the named graph in N-Quads and TriG.
    pub fn name(&self) -> NamedNodeRef<'_> {
        self.name.as_ref()
    }

    /// The prefix of the CV's own IRIs, `<page>#`.
    pub fn local_prefix(&self) -> &str {
        &self.local_prefix
    }

    /// The triples, in a stable order, borrowed.
    pub fn iter(&self) -> impl Iterator<Item = TripleRef<'_>> + '_ {
        self.triples.iter().map(Triple::as_ref)
    }

    /// The number of triples.
    pub fn len(&self) -> usize {
        self.triples.len()
    }

    /// Whether the graph has no triples (never the case for a CV: the person is in it).
    pub fn is_empty(&self) -> bool {
        self.triples.is_empty()
    }

    /// The triples, in a stable order.
    pub fn triples(&self) -> &[Triple] {
        &self.triples
    }

    /// The triples as quads in the named graph [`name`](Self::name).
    pub fn quads(&self) -> impl Iterator<Item = Quad> + '_ {
        let g = self.name();
        self.iter().map(move |t| t.in_graph(g).into_owned())
    }

    /// The triples as an oxigraph [`Graph`].
    pub fn graph(&self) -> Graph {
        self.iter().collect()
    }

    /// The triples.
    pub fn into_triples(self) -> Vec<Triple> {
        self.triples
    }
}

/// Appends the triples of a node of the description: its types, its property values grouped
/// by predicate, then the cells of its lists, then the nodes described inside it. Blank
/// nodes' labels begin with `prefix`.
fn node_triples(n: &Node<'_>, prefix: &str, out: &mut Vec<Triple>) {
    let subject = NamedOrBlankNode::from(n.id.clone());
    for c in &n.types {
        out.push(Triple::new(subject.clone(), rdf::TYPE, c.iri()));
    }
    let mut predicates: Vec<Property> = Vec::new();
    for (p, _) in &n.props {
        if !predicates.contains(p) {
            predicates.push(*p);
        }
    }
    for p in predicates {
        for (_, v) in n.props.iter().filter(|(q, _)| *q == p) {
            let object: Term = match v {
                Value::Text(t) => Literal::new_simple_literal(t.as_ref()).into(),
                Value::Lang(t, tag) => lang_literal(t, tag).into(),
                Value::Date(d) => Literal::new_typed_literal(d.to_string(), schema::DATE).into(),
                Value::Iri(i) => i.clone().into(),
                Value::Node(child) => child.id.clone().into(),
                Value::List(items) if items.is_empty() => rdf::NIL.into_owned().into(),
                Value::List(_) => list_cell(&list_stem(prefix, &n.id, p), 1).into(),
            };
            out.push(Triple::new(subject.clone(), p.iri(), object));
        }
    }
    for (p, v) in &n.props {
        let Value::List(items) = v else { continue };
        let stem = list_stem(prefix, &n.id, *p);
        let mut cell = list_cell(&stem, 1);
        for (k, item) in items.iter().enumerate() {
            out.push(Triple::new(cell.clone(), rdf::FIRST, item.clone()));
            let rest: Term = if k + 1 < items.len() {
                list_cell(&stem, k + 2).into()
            } else {
                rdf::NIL.into_owned().into()
            };
            out.push(Triple::new(cell, rdf::REST, rest.clone()));
            if let Term::BlankNode(next) = rest {
                cell = next;
            } else {
                break;
            }
        }
    }
    for (_, v) in &n.props {
        match v {
            // A reference node's own triples are its description's.
            Value::Node(child) if !child.reference => node_triples(child, prefix, out),
            _ => {}
        }
    }
}

/// A language-tagged literal. The tag was checked when the CV was loaded, by `oxilangtag` as
/// oxigraph checks a literal's tag, so the literal is made without checking it again (and
/// without a way to lose it); oxigraph keeps tags in lower case.
fn lang_literal(value: &str, tag: &LanguageTag) -> Literal {
    Literal::new_language_tagged_literal_unchecked(value, tag.as_str().to_ascii_lowercase())
}

/// The k-th cell (1-based) of a list: the blank node `<stem><k>`.
fn list_cell(stem: &str, k: usize) -> BlankNode {
    BlankNode::new_unchecked(format!("{stem}{k}"))
}

/// The labels of the cells of the list of property `p` of node `owner`, less the number:
/// `<prefix><local>--<property>-`, from the owner's and the property's local names, so that
/// the output is the same on every run. Every character that is not an ASCII letter, digit,
/// `-`, `_` or `.` becomes `_`, and a `b` comes before a local name that begins with `-` or
/// `.` (or is empty): with the number, a valid blank node label in every syntax.
fn list_stem(prefix: &str, owner: &NamedNode, p: Property) -> String {
    let owner = owner.as_str();
    let local = owner.rsplit_once('#').map_or(owner, |(_, l)| l);
    let iri = p.iri().as_str();
    let property = iri.rsplit_once(['/', '#']).map_or(iri, |(_, l)| l);
    let safe = |c: char| {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
            c
        } else {
            '_'
        }
    };
    let mut stem = String::from(prefix);
    if matches!(local.as_bytes().first(), None | Some(b'-' | b'.')) {
        stem.push('b');
    }
    stem.extend(local.chars().map(safe));
    stem.push_str("--");
    stem.extend(property.chars().map(safe));
    stem.push('-');
    stem
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(yaml: &str) -> Cv {
        crate::from_str(yaml, crate::InputFormat::Yaml).unwrap().cv
    }

    #[test]
    fn a_node_described_again_keeps_its_triples_together() {
        // The organization (one ROR id) and its address are named twice, each place with
        // something of its own: one description has both.
        let cv = parse(
            "base-iri: https://ada.example.org/\n\
             person: {given-names: Ada, family-name: Lovelace}\n\
             employment:\n\
             - {organization: {name: Analytical Society, ror: 03v4gjf40, city: London},\n   \
             role: Head, start: 2021}\n\
             - {organization: {name: Analytical Society, ror: 03v4gjf40, country: GB},\n   \
             role: Associate, start: 2019}\n",
        );
        let g = LinkedGraph::new(&cv, &Options::new()).unwrap();
        let subjects: Vec<String> = g.iter().map(|t| t.subject.to_string()).collect();
        let mut runs = subjects.clone();
        runs.dedup();
        let mut distinct = runs.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(
            runs.len(),
            distinct.len(),
            "each subject's triples together"
        );
        let of = |s: &str| -> Vec<String> {
            g.iter()
                .filter(|t| t.subject.to_string() == format!("<https://ada.example.org/#{s}>"))
                .map(|t| {
                    let p = t.predicate.as_str();
                    p[p.rfind(['/', '#']).unwrap() + 1..].to_owned()
                })
                .collect()
        };
        assert_eq!(
            of("org-ror.03v4gjf40"),
            ["type", "name", "sameAs", "identifier", "address"]
        );
        assert_eq!(
            of("org-ror.03v4gjf40--address"),
            ["type", "addressLocality", "addressCountry"]
        );
        let distinct: std::collections::HashSet<TripleRef<'_>> = g.iter().collect();
        assert_eq!(g.len(), distinct.len(), "each triple once");
    }

    /// Point 8 of issue 15: a title's language reaches the RDF as the literal's tag, never
    /// as a plain literal.
    #[test]
    fn a_language_tag_reaches_rdf_as_a_language_tagged_literal() {
        let cv = parse(
            "base-iri: https://ada.example.org/\n\
             person: {given-names: Ada, family-name: Lovelace}\n\
             works:\n\
             - type: journal-article\n  \
             title: Notes\n  \
             translated-title: {title: Notizen, language: de-at}\n  \
             transliterated-title: {title: Zhùjiě, language: zh-Latn-CN}\n",
        );
        let g = LinkedGraph::new(&cv, &Options::new()).unwrap();
        let tagged: Vec<(String, String)> = g
            .iter()
            .filter_map(|t| match t.object {
                oxigraph::model::TermRef::Literal(l) => {
                    Some((l.value().to_owned(), l.language()?.to_owned()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            tagged,
            [
                ("Notizen".to_owned(), "de-at".to_owned()),
                ("Zhùjiě".to_owned(), "zh-latn-cn".to_owned())
            ]
        );
        for plain in ["Notizen", "Zhùjiě"] {
            assert!(
                !g.iter()
                    .any(|t| t.object
                        == oxigraph::model::LiteralRef::new_simple_literal(plain).into()),
                "{plain} lost its tag"
            );
        }
    }

    /// Every tag the loader accepts is one oxigraph's own check accepts, and the literal
    /// made without checking is the literal oxigraph's check makes.
    #[test]
    fn a_loaded_tag_makes_the_literal_oxigraph_would() {
        for tag in [
            "de",
            "en-GB",
            "en-gb",
            "zh-Hant-TW",
            "sr-Latn",
            "de-CH-1996",
            "es-419",
            "gsw",
            "en-US-x-twain",
            "sl-rozaj-biske",
            "i-klingon",
        ] {
            let Ok(tag) = LanguageTag::new(tag) else {
                continue;
            };
            assert_eq!(
                lang_literal("text", &tag),
                Literal::new_language_tagged_literal("text", tag.as_str()).unwrap(),
                "{tag}"
            );
        }
    }

    #[test]
    fn list_cells_are_labelled_from_the_owner_and_the_property() {
        let owner = NamedNode::new("https://ada.example.org/#work-%C3%A9").unwrap();
        let cell = list_cell(
            &list_stem("cv7-", &owner, crate::export::vocab::bibo::AUTHOR_LIST),
            3,
        );
        assert_eq!(cell.as_str(), "cv7-work-_C3_A9--authorList-3");
        let dash = NamedNode::new("https://ada.example.org/#-x").unwrap();
        let cell = list_cell(
            &list_stem("", &dash, crate::export::vocab::bibo::EDITOR_LIST),
            1,
        );
        assert_eq!(cell.as_str(), "b-x--editorList-1");
    }
}
