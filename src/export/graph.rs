//! The RDF graph of a CV, built from the same description as the JSON-LD.

use std::collections::{HashMap, HashSet};

use oxigraph::model::{
    BlankNode, Graph, GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term,
    Triple,
};

use super::mapping::{Description, describe};
use super::node::{Node, Value};
use super::{ExportError, Options};
use crate::model::Cv;
use crate::vocab::{rdf, schema};

/// The RDF graph of a CV: the triples the JSON-LD export means, in a stable order (grouped by
/// subject, in the order of the JSON-LD), and the name of the graph (the page's IRI).
///
/// For programs that add their own data: take [`graph`](Self::graph) or
/// [`triples`](Self::triples) and extend them.
///
/// ```
/// use vitae::export::{LinkedGraph, Options};
/// use oxigraph::model::{NamedNodeRef, TripleRef};
/// let cv = vitae::parse_str(r#"
/// base-iri: https://ada.example.org/
/// person: {given-names: Ada, family-name: Lovelace}
/// "#, vitae::InputFormat::Yaml)?;
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
        Ok(Self::from_description(&describe(cv, options)?))
    }

    pub(crate) fn from_description(d: &Description) -> Self {
        let mut e = Emitter::default();
        for n in &d.nodes {
            e.node(n);
        }
        Self {
            name: d.page.clone(),
            local_prefix: d.local_prefix.clone(),
            triples: e.finish(),
        }
    }

    /// The graph's name: the page's IRI, used as the named graph in N-Quads and TriG.
    pub fn name(&self) -> NamedNodeRef<'_> {
        self.name.as_ref()
    }

    /// The prefix of the CV's own IRIs, `<page>#`.
    pub fn local_prefix(&self) -> &str {
        &self.local_prefix
    }

    /// The triples, in a stable order.
    pub fn triples(&self) -> &[Triple] {
        &self.triples
    }

    /// The triples as quads in the named graph [`name`](Self::name).
    pub fn quads(&self) -> impl Iterator<Item = Quad> + '_ {
        let g = GraphName::NamedNode(self.name.clone());
        self.triples
            .iter()
            .map(move |t| t.clone().in_graph(g.clone()))
    }

    /// The triples as an oxigraph [`Graph`].
    pub fn graph(&self) -> Graph {
        self.triples.iter().collect()
    }

    /// The triples.
    pub fn into_triples(self) -> Vec<Triple> {
        self.triples
    }
}

#[derive(Default)]
struct Emitter {
    triples: Vec<Triple>,
    seen: HashSet<Triple>,
}

impl Emitter {
    fn push(&mut self, s: impl Into<NamedOrBlankNode>, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        let t = Triple::new(s, p.into_owned(), o);
        if self.seen.insert(t.clone()) {
            self.triples.push(t);
        }
    }

    /// The node's own triples, then its lists, then the nodes described inside it.
    fn node(&mut self, n: &Node) {
        for c in &n.types {
            self.push(n.id.clone(), rdf::TYPE, c.iri().into_owned());
        }
        let mut nested = Vec::new();
        let mut lists = Vec::new();
        for (p, v) in &n.props {
            let object: Term = match v {
                Value::Text(s) => Literal::new_simple_literal(s).into(),
                Value::Lang(s, tag) => Literal::new_language_tagged_literal(s, tag)
                    .unwrap_or_else(|_| Literal::new_simple_literal(s))
                    .into(),
                Value::Date(d) => Literal::new_typed_literal(d.to_string(), schema::DATE).into(),
                Value::Iri(i) => i.clone().into(),
                Value::Node(child) => {
                    nested.push(child.as_ref());
                    child.id.clone().into()
                }
                Value::List(items) => {
                    let cells: Vec<BlankNode> = (1..=items.len())
                        .map(|k| list_cell(&n.id, p.iri().as_str(), k))
                        .collect();
                    lists.push((cells.clone(), items));
                    match cells.first() {
                        Some(head) => head.clone().into(),
                        None => rdf::NIL.into_owned().into(),
                    }
                }
            };
            self.push(n.id.clone(), p.iri(), object);
        }
        for (cells, items) in lists {
            for (k, (cell, item)) in cells.iter().zip(items.iter()).enumerate() {
                self.push(cell.clone(), rdf::FIRST, item.clone());
                let rest: Term = match cells.get(k + 1) {
                    Some(next) => next.clone().into(),
                    None => rdf::NIL.into_owned().into(),
                };
                self.push(cell.clone(), rdf::REST, rest);
            }
        }
        for child in nested {
            self.node(child);
        }
    }

    /// The triples grouped by subject, subjects in the order of their first triple, and
    /// within a subject by predicate, in the order of the predicate's first triple.
    fn finish(self) -> Vec<Triple> {
        let mut subject_rank: HashMap<NamedOrBlankNode, usize> = HashMap::new();
        let mut predicate_rank: HashMap<(NamedOrBlankNode, NamedNode), usize> = HashMap::new();
        for (i, t) in self.triples.iter().enumerate() {
            subject_rank.entry(t.subject.clone()).or_insert(i);
            predicate_rank
                .entry((t.subject.clone(), t.predicate.clone()))
                .or_insert(i);
        }
        let mut keyed: Vec<((usize, usize), Triple)> = self
            .triples
            .into_iter()
            .map(|t| {
                let s = subject_rank.get(&t.subject).copied().unwrap_or(usize::MAX);
                let p = predicate_rank
                    .get(&(t.subject.clone(), t.predicate.clone()))
                    .copied()
                    .unwrap_or(usize::MAX);
                ((s, p), t)
            })
            .collect();
        keyed.sort_by_key(|(k, _)| *k);
        keyed.into_iter().map(|(_, t)| t).collect()
    }
}

/// The k-th cell (1-based) of the list of property `p` of node `owner`: a blank node labelled
/// from the owner's local name, so that the output is the same on every run.
fn list_cell(owner: &NamedNode, p: &str, k: usize) -> BlankNode {
    let local = owner
        .as_str()
        .rsplit_once('#')
        .map_or(owner.as_str(), |(_, l)| l);
    let prop = p.rsplit(['/', '#']).next().unwrap_or("list");
    let mut label: String = local
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !label.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
        label.insert(0, 'b');
    }
    BlankNode::new(format!("{label}--{prop}-{k}"))
        .unwrap_or_else(|_| BlankNode::new_unchecked(format!("b{k}")))
}
