//! The RDF graph of a CV, built from the same description as the JSON-LD.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use oxigraph::model::{
    BlankNode, Graph, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, TermRef,
    Triple, TripleRef,
};

use super::mapping::describe_each;
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
        // Each node becomes triples as soon as it is described: the whole description is
        // never held beside the graph.
        let mut e = Emitter::default();
        let (name, local_prefix) = describe_each(cv, options, |n| {
            e.node(n);
            Ok(())
        })?;
        let len = e.groups.iter().map(|g| g.triples.len()).sum();
        Ok(Self {
            name,
            local_prefix,
            groups: e.groups,
            len,
            triples: OnceLock::new(),
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

    /// The triples, in a stable order, borrowed: what the writers use, with no copy made.
    pub fn iter(&self) -> impl Iterator<Item = TripleRef<'_>> + '_ {
        self.groups.iter().flat_map(|g| {
            g.triples
                .iter()
                .map(move |(p, o)| TripleRef::new(&g.subject, *p, o.as_ref()))
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
            for (p, o) in g.triples {
                out.push(Triple::new(g.subject.clone(), p, o.into_term()));
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
/// Triples are never hashed whole: a subject is looked up once per node, a predicate and an
/// object among the few of its subject (by a set when a subject has many). Predicates and
/// classes are the vocabulary's static IRIs; values are moved out of the description, not
/// copied.
#[derive(Default)]
struct Emitter {
    groups: Vec<Group>,
    index: HashMap<NamedOrBlankNode, usize, BuildHasherDefault<FxHasher>>,
}

/// The multiply-rotate hash of rustc ("Fx"): several times faster than SipHash on IRIs. The
/// keys are the CV's own node IRIs, in a map that lives for one export.
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(*b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The triples of one subject, grouped by predicate.
#[derive(Debug, Clone)]
struct Group {
    subject: NamedOrBlankNode,
    triples: Vec<(NamedNodeRef<'static>, Object)>,
    /// The same triples, once there are more than [`Group::SCAN`] of them.
    set: Option<HashSet<(NamedNodeRef<'static>, Object), BuildHasherDefault<FxHasher>>>,
}

/// An object: a vocabulary IRI (a class, `rdf:nil`) or a term of the CV; equal when the
/// terms are.
#[derive(Debug, Clone)]
enum Object {
    Static(NamedNodeRef<'static>),
    Term(Term),
}

impl Object {
    fn as_ref(&self) -> TermRef<'_> {
        match self {
            Object::Static(n) => (*n).into(),
            Object::Term(t) => t.as_ref(),
        }
    }

    fn into_term(self) -> Term {
        match self {
            Object::Static(n) => n.into_owned().into(),
            Object::Term(t) => t,
        }
    }
}

impl PartialEq for Object {
    fn eq(&self, other: &Self) -> bool {
        self.as_ref() == other.as_ref()
    }
}

impl Eq for Object {}

impl std::hash::Hash for Object {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_ref().hash(state);
    }
}

impl Group {
    const SCAN: usize = 32;

    fn insert(&mut self, p: NamedNodeRef<'static>, o: Object) {
        // The triples of a predicate stand together: the run of `p` ends at `end`, and a
        // repeat can only be inside it.
        let end = self.triples.iter().rposition(|(q, _)| *q == p);
        let new = match (&mut self.set, end) {
            (Some(set), _) => set.insert((p, o.clone())),
            (None, Some(end)) => !self.triples[..=end]
                .iter()
                .rev()
                .take_while(|(q, _)| *q == p)
                .any(|(_, x)| *x == o),
            (None, None) => true,
        };
        if !new {
            return;
        }
        // After the last triple of the same predicate, else at the end.
        match end {
            Some(i) if i + 1 < self.triples.len() => self.triples.insert(i + 1, (p, o)),
            _ => self.triples.push((p, o)),
        }
        if self.set.is_none() && self.triples.len() > Self::SCAN {
            self.set = Some(self.triples.iter().cloned().collect());
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
            triples: Vec::new(),
            set: None,
        });
        self.index.insert(s, g);
        g
    }

    fn push(&mut self, g: usize, p: NamedNodeRef<'static>, o: Object) {
        self.groups[g].insert(p, o);
    }

    /// The node's own triples, then its lists, then the nodes described inside it.
    fn node(&mut self, n: Node) {
        let g = self.group(n.id.clone().into());
        for c in &n.types {
            self.push(g, rdf::TYPE, Object::Static(c.iri()));
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
                    let head = cells.first().cloned();
                    lists.push((cells, items));
                    match head {
                        Some(head) => head.into(),
                        None => {
                            self.push(g, p.iri(), Object::Static(rdf::NIL));
                            continue;
                        }
                    }
                }
            };
            self.push(g, p.iri(), Object::Term(object));
        }
        for (cells, items) in lists {
            let mut rest = cells.iter().skip(1);
            for (cell, item) in cells.iter().zip(items) {
                let c = self.group(cell.clone().into());
                self.push(c, rdf::FIRST, Object::Term(item.into()));
                let next = match rest.next() {
                    Some(next) => Object::Term(next.clone().into()),
                    None => Object::Static(rdf::NIL),
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
    let safe = |c: char| {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
            c
        } else {
            '_'
        }
    };
    let mut label: String = local.chars().map(safe).collect();
    if !label.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
        label.insert(0, 'b');
    }
    label.push_str("--");
    label.extend(prop.chars().map(safe));
    label.push('-');
    // The label starts with a letter, digit or `_`, holds only letters, digits, `-`, `_` and
    // `.`, and ends in a digit: a valid blank node label in every syntax.
    (1..=count)
        .map(|k| BlankNode::new_unchecked(format!("{label}{k}")))
        .collect()
}
