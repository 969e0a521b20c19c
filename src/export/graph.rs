//! The RDF graph of a CV, built from the same description as the JSON-LD.
//!
//! The graph is held compactly: the text of every term in one string, each triple a 16-byte
//! record of positions in it, the vocabulary's IRIs by number. A graph of 10,000 works (660,000
//! triples) is then a few large allocations, not a string per term, and writing it reads
//! memory in order.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::OnceLock;

use oxigraph::model::{
    BlankNodeRef, Graph, Literal, LiteralRef, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Quad,
    TermRef, Triple, TripleRef,
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
    store: Store,
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
        let (name, local_prefix) = describe_each(cv, options, |n| e.node(n))?;
        let store = e.store;
        let len = store.groups.iter().map(|g| g.triples.len()).sum();
        Ok(Self {
            name,
            local_prefix,
            store,
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
        let store = &self.store;
        store.groups.iter().flat_map(move |g| {
            let subject = store.subject(g);
            g.triples.iter().map(move |t| {
                TripleRef::new(subject, store.statics[usize::from(t.pred)], store.object(t))
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
        out.extend(self.iter().map(TripleRef::into_owned));
        out
    }
}

/// The terms of the graph: every string in `text`, the triples grouped by subject (subjects
/// in the order of their first triple), within a subject by predicate (in the order of the
/// predicate's first triple).
#[derive(Debug, Clone, Default)]
struct Store {
    /// The text of every subject and object, one after the other.
    text: String,
    /// The vocabulary's IRIs the triples use (predicates, classes, `rdf:nil`), by number.
    statics: Vec<NamedNodeRef<'static>>,
    groups: Vec<Group>,
}

/// The triples of one subject.
#[derive(Debug, Clone)]
struct Group {
    subject: Span,
    blank: bool,
    triples: Vec<Packed>,
}

/// A piece of [`Store::text`].
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    len: u32,
}

/// A triple of a group: the predicate by number, the object as a kind and a piece of the
/// text (for a language-tagged literal, the tag follows the value: `aux` is its length; for
/// a vocabulary IRI, `aux` is its number).
#[derive(Debug, Clone, Copy)]
struct Packed {
    start: u32,
    len: u32,
    aux: u32,
    pred: u16,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Static,
    Iri,
    Blank,
    Text,
    Lang,
    Date,
}

impl Store {
    fn str(&self, start: u32, len: u32) -> &str {
        let start = start as usize;
        &self.text[start..start + len as usize]
    }

    fn subject(&self, g: &Group) -> NamedOrBlankNodeRef<'_> {
        let s = self.str(g.subject.start, g.subject.len);
        if g.blank {
            BlankNodeRef::new_unchecked(s).into()
        } else {
            NamedNodeRef::new_unchecked(s).into()
        }
    }

    fn object(&self, t: &Packed) -> TermRef<'_> {
        let v = self.str(t.start, t.len);
        match t.kind {
            Kind::Static => self.statics[t.aux as usize].into(),
            Kind::Iri => NamedNodeRef::new_unchecked(v).into(),
            Kind::Blank => BlankNodeRef::new_unchecked(v).into(),
            Kind::Text => LiteralRef::new_simple_literal(v).into(),
            Kind::Lang => LiteralRef::new_language_tagged_literal_unchecked(
                v,
                self.str(t.start + t.len, t.aux),
            )
            .into(),
            Kind::Date => LiteralRef::new_typed_literal(v, schema::DATE).into(),
        }
    }

    /// Appends `s` to the text.
    fn push(&mut self, s: &str) -> Result<Span, ExportError> {
        let start = u32::try_from(self.text.len()).ok();
        let len = u32::try_from(s.len()).ok();
        match (start, len) {
            (Some(start), Some(len)) if start.checked_add(len).is_some() => {
                self.text.push_str(s);
                Ok(Span { start, len })
            }
            _ => Err(ExportError::Io(std::io::Error::new(
                std::io::ErrorKind::OutOfMemory,
                "the graph's text exceeds 4 GiB",
            ))),
        }
    }
}

/// An object about to be added, borrowed from the description.
#[derive(Clone, Copy)]
enum Candidate<'a> {
    Static(u32, NamedNodeRef<'static>),
    Iri(&'a str),
    Blank(&'a str),
    Text(&'a str),
    Lang(&'a str, &'a str),
    Date(&'a str),
}

impl<'a> Candidate<'a> {
    fn term(self) -> TermRef<'a> {
        match self {
            Candidate::Static(_, n) => n.into(),
            Candidate::Iri(s) => NamedNodeRef::new_unchecked(s).into(),
            Candidate::Blank(s) => BlankNodeRef::new_unchecked(s).into(),
            Candidate::Text(s) => LiteralRef::new_simple_literal(s).into(),
            Candidate::Lang(s, tag) => {
                LiteralRef::new_language_tagged_literal_unchecked(s, tag).into()
            }
            Candidate::Date(s) => LiteralRef::new_typed_literal(s, schema::DATE).into(),
        }
    }
}

/// Collects the triples into a [`Store`], dropping repeats: a node described in several
/// places (a journal, an organization) gives each triple once.
///
/// Triples are never hashed whole: a subject is looked up once per node, a predicate and an
/// object among the few of its subject (by a set of hashes when a subject has many). An
/// object is compared with the ones before it where it stands in the description, and its
/// text is copied into the store only when it is new.
#[derive(Default)]
struct Emitter {
    store: Store,
    /// The group of a subject by the hash of its text; groups with the same hash are chained
    /// through `chain`.
    index: HashMap<u64, u32, FxBuild>,
    chain: Vec<u32>,
    /// The number of a vocabulary IRI by its address (a cache), and by its text.
    by_addr: HashMap<(usize, usize), u16, FxBuild>,
    by_text: HashMap<&'static str, u16, FxBuild>,
    /// For the groups of more than [`Emitter::SCAN`] triples: the hashes of their triples.
    sets: HashMap<u32, std::collections::HashSet<u64, FxBuild>, FxBuild>,
    /// The text of a date, made here.
    scratch: String,
}

const NONE: u32 = u32::MAX;

pub(super) type FxBuild = BuildHasherDefault<FxHasher>;

/// The multiply-rotate hash of rustc ("Fx"): several times faster than SipHash on IRIs. The
/// keys are the CV's own node IRIs, in maps that live for one export.
#[derive(Default)]
pub(super) struct FxHasher(u64);

const FX_K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0; 8];
            w.copy_from_slice(c);
            self.write_u64(u64::from_le_bytes(w));
        }
        for b in chunks.remainder() {
            self.write_u64(u64::from(*b));
        }
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(FX_K);
    }

    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

fn hash_of(v: impl Hash) -> u64 {
    let mut h = FxHasher::default();
    v.hash(&mut h);
    h.finish()
}

impl Emitter {
    const SCAN: usize = 32;

    /// The number of a vocabulary IRI.
    fn vocab(&mut self, n: NamedNodeRef<'static>) -> u16 {
        let s = n.as_str();
        let addr = (s.as_ptr() as usize, s.len());
        if let Some(i) = self.by_addr.get(&addr) {
            return *i;
        }
        let statics = &mut self.store.statics;
        let i = *self.by_text.entry(s).or_insert_with(|| {
            statics.push(n);
            // The vocabulary is a few hundred IRIs, fixed at compile time.
            u16::try_from(statics.len() - 1).expect("fewer than 65,536 vocabulary IRIs")
        });
        self.by_addr.insert(addr, i);
        i
    }

    /// The group of a subject, made when it is new, with room for `room` triples.
    fn group(&mut self, s: &str, blank: bool, room: usize) -> Result<u32, ExportError> {
        let h = hash_of((s, blank));
        let head = self.index.get(&h).copied().unwrap_or(NONE);
        let mut g = head;
        while g != NONE {
            let group = &self.store.groups[g as usize];
            if group.blank == blank && self.store.str(group.subject.start, group.subject.len) == s {
                return Ok(g);
            }
            g = self.chain[g as usize];
        }
        let subject = self.store.push(s)?;
        let g = self.store.groups.len() as u32;
        self.store.groups.push(Group {
            subject,
            blank,
            triples: Vec::with_capacity(room),
        });
        self.chain.push(head);
        self.index.insert(h, g);
        Ok(g)
    }

    /// Adds a triple to group `g` unless the group has it.
    fn push(&mut self, g: u32, p: u16, o: Candidate<'_>) -> Result<(), ExportError> {
        let store = &self.store;
        let triples = &store.groups[g as usize].triples;
        // The triples of a predicate stand together: the run of `p` ends at `end`, and a
        // repeat can only be inside it.
        let end = triples.iter().rposition(|t| t.pred == p);
        let term = o.term();
        let repeat = |end: usize| {
            triples[..=end]
                .iter()
                .rev()
                .take_while(|t| t.pred == p)
                .any(|t| store.object(t) == term)
        };
        let new = if triples.len() > Self::SCAN {
            let set = self.sets.entry(g).or_insert_with(|| {
                triples
                    .iter()
                    .map(|t| hash_of((t.pred, store.object(t))))
                    .collect()
            });
            // A hash not seen is a new triple; a hash seen may be a repeat.
            set.insert(hash_of((p, term))) || end.is_none_or(|end| !repeat(end))
        } else {
            end.is_none_or(|end| !repeat(end))
        };
        if !new {
            return Ok(());
        }
        let (span, kind, aux) = match o {
            Candidate::Static(i, _) => (Span { start: 0, len: 0 }, Kind::Static, i),
            Candidate::Iri(s) => (self.store.push(s)?, Kind::Iri, 0),
            Candidate::Blank(s) => (self.store.push(s)?, Kind::Blank, 0),
            Candidate::Text(s) => (self.store.push(s)?, Kind::Text, 0),
            Candidate::Date(s) => (self.store.push(s)?, Kind::Date, 0),
            Candidate::Lang(s, tag) => {
                let span = self.store.push(s)?;
                let tag = self.store.push(tag)?;
                (span, Kind::Lang, tag.len)
            }
        };
        let t = Packed {
            start: span.start,
            len: span.len,
            aux,
            pred: p,
            kind,
        };
        let triples = &mut self.store.groups[g as usize].triples;
        // After the last triple of the same predicate, else at the end.
        match end {
            Some(i) if i + 1 < triples.len() => triples.insert(i + 1, t),
            _ => triples.push(t),
        }
        Ok(())
    }

    /// The node's own triples, then its lists, then the nodes described inside it.
    fn node(&mut self, n: Node) -> Result<(), ExportError> {
        let g = self.group(n.id.as_str(), false, n.types.len() + n.props.len())?;
        let rdf_type = self.vocab(rdf::TYPE);
        for c in &n.types {
            let class = c.iri();
            let i = self.vocab(class);
            self.push(g, rdf_type, Candidate::Static(u32::from(i), class))?;
        }
        let mut nested = Vec::new();
        let mut lists = Vec::new();
        for (p, v) in n.props {
            let pred = self.vocab(p.iri());
            match v {
                Value::Text(s) => self.push(g, pred, Candidate::Text(&s))?,
                Value::Lang(s, tag) => {
                    match Literal::new_language_tagged_literal(s.as_str(), tag) {
                        Ok(l) => {
                            let tag = l.language().unwrap_or_default();
                            self.push(g, pred, Candidate::Lang(l.value(), tag))?;
                        }
                        Err(_) => self.push(g, pred, Candidate::Text(&s))?,
                    }
                }
                Value::Date(d) => {
                    let mut text = std::mem::take(&mut self.scratch);
                    text.clear();
                    // Writing into a String cannot fail.
                    let _ = write!(text, "{d}");
                    let r = self.push(g, pred, Candidate::Date(&text));
                    self.scratch = text;
                    r?;
                }
                Value::Iri(i) => self.push(g, pred, Candidate::Iri(i.as_str()))?,
                Value::Node(child) => {
                    self.push(g, pred, Candidate::Iri(child.id.as_str()))?;
                    nested.push(*child);
                }
                Value::List(items) => {
                    if items.is_empty() {
                        let nil = self.vocab(rdf::NIL);
                        self.push(g, pred, Candidate::Static(u32::from(nil), rdf::NIL))?;
                        continue;
                    }
                    let label = list_label(&n.id, p.iri().as_str());
                    let head = format!("{label}1");
                    self.push(g, pred, Candidate::Blank(&head))?;
                    lists.push((label, items));
                }
            }
        }
        if !lists.is_empty() {
            let (first, rest) = (self.vocab(rdf::FIRST), self.vocab(rdf::REST));
            let nil = self.vocab(rdf::NIL);
            let mut cell = String::new();
            let mut next = String::new();
            for (label, items) in lists {
                let count = items.len();
                for (k, item) in items.iter().enumerate() {
                    cell.clear();
                    let _ = write!(cell, "{label}{}", k + 1);
                    let c = self.group(&cell, true, 2)?;
                    self.push(c, first, Candidate::Iri(item.as_str()))?;
                    if k + 1 < count {
                        next.clear();
                        let _ = write!(next, "{label}{}", k + 2);
                        self.push(c, rest, Candidate::Blank(&next))?;
                    } else {
                        self.push(c, rest, Candidate::Static(u32::from(nil), rdf::NIL))?;
                    }
                }
            }
        }
        for child in nested {
            self.node(child)?;
        }
        Ok(())
    }
}

/// The label of the cells of the list of property `p` of node `owner`, less the number: the
/// k-th cell (1-based) is `<local>--<property>-<k>`, a blank node labelled from the owner's
/// local name, so that the output is the same on every run.
fn list_label(owner: &NamedNode, p: &str) -> String {
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
    // `.`, and with the number it ends in a digit: a valid blank node label in every syntax.
    label
}
