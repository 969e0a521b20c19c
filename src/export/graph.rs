//! The RDF graph of a CV, built from the same description as the JSON-LD.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use oxigraph::model::{
    BlankNode, Graph, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, Triple,
    TripleRef,
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
    groups: Vec<Group>,
    len: usize,
    /// The triples as owned values, made when first asked for.
    triples: OnceLock<Vec<Triple>>,
}

impl LinkedGraph {
    /// Builds the graph of the part of a CV that `options` allow to be shown.
    ///
    /// # Errors
    /// [`ExportError::Iri`] when a URL of the CV cannot be made an IRI.
    pub fn new(cv: &Cv, options: &Options) -> Result<Self, ExportError> {
        Ok(Self::from_description(describe(cv, options)?))
    }

    pub(crate) fn from_description(d: Description) -> Self {
        let mut e = Emitter::default();
        for n in d.nodes {
            e.node(n);
        }
        let len = e
            .groups
            .iter()
            .flat_map(|g| &g.predicates)
            .map(|o| o.terms.len())
            .sum();
        Self {
            name: d.page,
            local_prefix: d.local_prefix,
            groups: e.groups,
            len,
            triples: OnceLock::new(),
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

    /// The triples, in a stable order, borrowed: what the writers use, with no copy made.
    pub fn iter(&self) -> impl Iterator<Item = TripleRef<'_>> + '_ {
        self.groups.iter().flat_map(|g| {
            g.predicates.iter().flat_map(move |o| {
                o.terms
                    .iter()
                    .map(move |t| TripleRef::new(&g.subject, &o.predicate, t))
            })
        })
    }

    /// The number of triples.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the graph has no triples (never the case for a CV: the person is in it).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The triples, in a stable order.
    pub fn triples(&self) -> &[Triple] {
        self.triples
            .get_or_init(|| self.iter().map(TripleRef::into_owned).collect())
    }

    /// The triples as quads in the named graph [`name`](Self::name).
    pub fn quads(&self) -> impl Iterator<Item = Quad> + '_ {
        let g = self.name();
        self.iter().map(move |t| t.in_graph(g).into_owned())
    }

    /// The triples as an oxigraph [`Graph`].
    pub fn graph(&self) -> Graph {
        let mut graph = Graph::new();
        for t in self.iter() {
            graph.insert(t);
        }
        graph
    }

    /// The triples.
    pub fn into_triples(mut self) -> Vec<Triple> {
        if let Some(t) = self.triples.take() {
            return t;
        }
        let mut out = Vec::with_capacity(self.len);
        for g in self.groups {
            for o in g.predicates {
                for t in o.terms {
                    out.push(Triple::new(g.subject.clone(), o.predicate.clone(), t));
                }
            }
        }
        out
    }
}

/// Collects the triples grouped by subject (subjects in the order of their first triple) and
/// within a subject by predicate (in the order of the predicate's first triple), dropping
/// repeats: a node described in several places (a journal, an organization) gives each
/// triple once.
///
/// Triples are never hashed whole: a subject is looked up once per node, a predicate among
/// its subject's few predicates, an object among the objects of its (subject, predicate),
/// by a scan while they are few and by a set when they are many.
#[derive(Default)]
struct Emitter {
    groups: Vec<Group>,
    index: HashMap<NamedOrBlankNode, usize>,
}

/// The triples of one subject.
#[derive(Debug, Clone)]
struct Group {
    subject: NamedOrBlankNode,
    predicates: Vec<Objects>,
}

/// The objects of one (subject, predicate), in order, without repeats.
#[derive(Debug, Clone)]
struct Objects {
    predicate: NamedNode,
    terms: Vec<Term>,
    /// The same terms, once there are more than [`Objects::SCAN`] of them.
    set: Option<HashSet<Term>>,
}

impl Objects {
    const SCAN: usize = 16;

    fn insert(&mut self, o: Term) {
        match &mut self.set {
            Some(set) => {
                if set.insert(o.clone()) {
                    self.terms.push(o);
                }
            }
            None => {
                if !self.terms.contains(&o) {
                    self.terms.push(o);
                    if self.terms.len() > Self::SCAN {
                        self.set = Some(self.terms.iter().cloned().collect());
                    }
                }
            }
        }
    }
}

impl Emitter {
    /// The group of a subject, made when it is new.
    fn group(&mut self, s: NamedOrBlankNode) -> usize {
        if let Some(g) = self.index.get(&s) {
            return *g;
        }
        let g = self.groups.len();
        self.groups.push(Group {
            subject: s.clone(),
            predicates: Vec::new(),
        });
        self.index.insert(s, g);
        g
    }

    fn push(&mut self, g: usize, p: NamedNodeRef<'_>, o: Term) {
        let group = &mut self.groups[g];
        let objects = match group
            .predicates
            .iter()
            .position(|x| x.predicate.as_ref() == p)
        {
            Some(i) => &mut group.predicates[i],
            None => {
                group.predicates.push(Objects {
                    predicate: p.into_owned(),
                    terms: Vec::new(),
                    set: None,
                });
                let last = group.predicates.len() - 1;
                &mut group.predicates[last]
            }
        };
        objects.insert(o);
    }

    /// The node's own triples, then its lists, then the nodes described inside it.
    fn node(&mut self, n: Node) {
        let g = self.group(n.id.clone().into());
        for c in &n.types {
            self.push(g, rdf::TYPE, c.iri().into_owned().into());
        }
        let mut nested = Vec::new();
        let mut lists = Vec::new();
        for (p, v) in n.props {
            let object: Term = match v {
                Value::Text(s) => Literal::new_simple_literal(s).into(),
                Value::Lang(s, tag) => match Literal::new_language_tagged_literal(&s, tag) {
                    Ok(l) => l.into(),
                    Err(_) => Literal::new_simple_literal(s).into(),
                },
                Value::Date(d) => Literal::new_typed_literal(d.to_string(), schema::DATE).into(),
                Value::Iri(i) => i.into(),
                Value::Node(child) => {
                    let id = child.id.clone();
                    nested.push(*child);
                    id.into()
                }
                Value::List(items) => {
                    let cells = list_cells(&n.id, p.iri().as_str(), items.len());
                    let head: Term = match cells.first() {
                        Some(head) => head.clone().into(),
                        None => rdf::NIL.into_owned().into(),
                    };
                    lists.push((cells, items));
                    head
                }
            };
            self.push(g, p.iri(), object);
        }
        for (cells, items) in lists {
            let mut rest = cells.iter().skip(1);
            for (cell, item) in cells.iter().zip(items) {
                let c = self.group(cell.clone().into());
                self.push(c, rdf::FIRST, item.into());
                let next: Term = match rest.next() {
                    Some(next) => next.clone().into(),
                    None => rdf::NIL.into_owned().into(),
                };
                self.push(c, rdf::REST, next);
            }
        }
        for child in nested {
            self.node(child);
        }
    }
}

/// The cells of the list of property `p` of node `owner`, `count` of them: blank nodes
/// labelled from the owner's local name (the k-th, 1-based, `<local>--<property>-<k>`), so
/// that the output is the same on every run.
fn list_cells(owner: &NamedNode, p: &str, count: usize) -> Vec<BlankNode> {
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
    label.push_str("--");
    label.push_str(prop);
    label.push('-');
    (1..=count)
        .map(|k| {
            BlankNode::new(format!("{label}{k}"))
                .unwrap_or_else(|_| BlankNode::new_unchecked(format!("b{k}")))
        })
        .collect()
}
