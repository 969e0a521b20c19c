//! The RDF graph of a CV, built from the same description as the JSON-LD.
//!
//! The graph is held compactly: the text of every term in one string, each triple a 16-byte
//! record of positions in it, the vocabulary's IRIs by number. A graph of 10,000 works (660,000
//! triples) is then a few large allocations, not a string per term, and writing it reads
//! memory in order.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::OnceLock;

use oxigraph::model::{
    BlankNodeRef, Graph, Literal, LiteralRef, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Quad,
    TermRef, Triple, TripleRef,
};

use super::lines::{self, LineWriter};
use super::mapping::describe;
use super::node::{Node, Value};
use super::scope::{Begin, Scopes};
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
        Self::new_reusing(cv, options, &mut GraphBuffers::default())
    }

    /// As [`new`](Self::new), in buffers left by earlier graphs; give them back with
    /// [`GraphBuffers::recycle`].
    pub(crate) fn new_reusing(
        cv: &Cv,
        options: &Options,
        buffers: &mut GraphBuffers,
    ) -> Result<Self, ExportError> {
        Self::build(cv, options, buffers, true)
    }

    /// Builds the graph; `parts`: whether the parts of items are kept out of the index of
    /// all subjects (see [`super::scope`]; the tests build both ways and compare).
    fn build(
        cv: &Cv,
        options: &Options,
        buffers: &mut GraphBuffers,
        parts: bool,
    ) -> Result<Self, ExportError> {
        // Each node becomes triples as soon as it is described: the whole description is
        // never held beside the graph.
        let e = &mut buffers.emitter;
        e.reset();
        if !parts {
            e.scopes.disable();
        }
        e.reserve(cv.works.len() + cv.projects.len() + cv.patents.len());
        let (name, local_prefix) = describe(cv, options, |d| {
            for n in d.nodes {
                e.top(n)?;
            }
            Ok((d.page, d.local_prefix))
        })?;
        let store = std::mem::take(&mut e.store);
        let len = store.groups.iter().map(|g| g.triples.len as usize).sum();
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
            store.triples_of(g).iter().map(move |t| {
                TripleRef::new(subject, store.statics[usize::from(t.pred)], store.object(t))
            })
        })
    }

    /// Appends every triple as a line of N-Triples or N-Quads, byte for byte as
    /// [`LineWriter::push`] writes each of [`iter`](Self::iter), without making the terms:
    /// a subject is written once and copied for each of its triples, a predicate once per
    /// graph.
    pub(crate) fn write_lines(&self, lines: &LineWriter<'_>, out: &mut Vec<u8>) {
        let Ok(()) = self.lines_into::<std::convert::Infallible>(lines, out, |_| Ok(()));
    }

    /// Writes every triple as [`write_lines`](Self::write_lines) does, to `w` in chunks of
    /// about [`lines::CHUNK`] bytes (a large graph's lines are never all in memory at once).
    pub(crate) fn write_lines_to(
        &self,
        lines: &LineWriter<'_>,
        mut w: impl std::io::Write,
    ) -> std::io::Result<()> {
        let mut out = Vec::with_capacity(lines::CHUNK + 1024);
        self.lines_into::<std::io::Error>(lines, &mut out, |out| {
            if out.len() >= lines::CHUNK {
                w.write_all(out)?;
                out.clear();
            }
            Ok(())
        })?;
        w.write_all(&out)?;
        w.flush()
    }

    /// Appends the lines of each subject's triples to `out`, calling `after_group` after
    /// each subject (which may write out and clear what `out` holds).
    fn lines_into<E>(
        &self,
        lines: &LineWriter<'_>,
        out: &mut Vec<u8>,
        mut after_group: impl FnMut(&mut Vec<u8>) -> Result<(), E>,
    ) -> Result<(), E> {
        let store = &self.store;
        // Every vocabulary IRI as `<iri>`, then the end of a statement.
        let mut fixed = Vec::new();
        let mut at = Vec::with_capacity(store.statics.len() + 1);
        for n in &store.statics {
            at.push(fixed.len());
            lines::iri_str(&mut fixed, n.as_str());
        }
        at.push(fixed.len());
        lines.push_end(&mut fixed);
        let static_iri = |i: usize| &fixed[at[i]..at[i + 1]];
        let end = &fixed[at[store.statics.len()]..];
        for g in &store.groups {
            let subject_at = out.len();
            let subject = store.str(g.subject.start, g.subject.len);
            if g.blank {
                lines.blank(out, subject);
            } else {
                lines::iri_str(out, subject);
            }
            out.push(b' ');
            let subject_end = out.len();
            for (k, t) in store.triples_of(g).iter().enumerate() {
                if k > 0 {
                    out.extend_from_within(subject_at..subject_end);
                }
                out.extend_from_slice(static_iri(usize::from(t.pred)));
                out.push(b' ');
                let v = store.str(t.start, t.len);
                match t.kind {
                    Kind::Static => out.extend_from_slice(static_iri(t.aux as usize)),
                    Kind::Iri => lines::iri_str(out, v),
                    Kind::Blank => lines.blank(out, v),
                    Kind::Text => lines::quoted(out, v),
                    Kind::Lang => {
                        lines::quoted(out, v);
                        out.push(b'@');
                        out.extend_from_slice(store.str(t.start + t.len, t.aux).as_bytes());
                    }
                    Kind::Date => {
                        lines::quoted(out, v);
                        out.extend_from_slice(b"^^");
                        lines::iri_str(out, schema::DATE.as_str());
                    }
                }
                out.extend_from_slice(end);
            }
            if g.triples.len == 0 {
                out.truncate(subject_at);
            }
            after_group(out)?;
        }
        Ok(())
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
    /// The triples of every group, each group's together (a group given a triple after
    /// others' is moved to the end first, leaving unused room behind).
    triples: Vec<Packed>,
}

/// The triples of one subject.
#[derive(Debug, Clone)]
struct Group {
    subject: Span,
    blank: bool,
    /// The numbers of the group's predicates modulo 128, as bits: a predicate whose bit is
    /// not set is surely not in the group.
    preds: [u64; 2],
    /// Whether the hashes of the group's triples are in [`Emitter::known`].
    indexed: bool,
    /// Whether the group is in [`Emitter::parts`] (or was, for an item before), not in
    /// [`Emitter::index`].
    part: bool,
    /// Its triples: a piece of [`Store::triples`].
    triples: Span,
}

/// A piece of [`Store::text`] or of [`Store::triples`].
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
    fn triples_of(&self, g: &Group) -> &[Packed] {
        &self.triples[g.triples.start as usize..][..g.triples.len as usize]
    }

    fn str(&self, start: u32, len: u32) -> &str {
        let start = start as usize;
        &self.text[start..start + len as usize]
    }

    /// A piece of the text as bytes (compared, not shown: no check of character bounds).
    fn bytes(&self, start: u32, len: u32) -> &[u8] {
        let start = start as usize;
        &self.text.as_bytes()[start..start + len as usize]
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
    Static(u16),
    Iri(&'a str),
    Blank(&'a str),
    Text(&'a str),
    Lang(&'a str, &'a str),
    Date(&'a str),
}

/// What decides whether two objects are the same term: a vocabulary IRI and an IRI of the
/// same text are the same node.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Class {
    Named,
    Blank,
    Text,
    Lang,
    Date,
}

impl Kind {
    fn class(self) -> Class {
        match self {
            Kind::Static | Kind::Iri => Class::Named,
            Kind::Blank => Class::Blank,
            Kind::Text => Class::Text,
            Kind::Lang => Class::Lang,
            Kind::Date => Class::Date,
        }
    }
}

/// An object as compared: its class, its text, and a language tag (empty for the others).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Key<'a> {
    class: Class,
    text: &'a [u8],
    tag: &'a [u8],
}

impl Store {
    /// The key of an object of the store.
    fn key(&self, t: &Packed) -> Key<'_> {
        let (text, tag): (&[u8], &[u8]) = match t.kind {
            Kind::Static => (self.statics[t.aux as usize].as_str().as_bytes(), b""),
            Kind::Lang => (
                self.bytes(t.start, t.len),
                self.bytes(t.start + t.len, t.aux),
            ),
            _ => (self.bytes(t.start, t.len), b""),
        };
        Key {
            class: t.kind.class(),
            text,
            tag,
        }
    }

    /// The key of a candidate.
    fn candidate_key<'a>(&'a self, o: Candidate<'a>) -> Key<'a> {
        let (class, text, tag) = match o {
            Candidate::Static(i) => (Class::Named, self.statics[usize::from(i)].as_str(), ""),
            Candidate::Iri(s) => (Class::Named, s, ""),
            Candidate::Blank(s) => (Class::Blank, s, ""),
            Candidate::Text(s) => (Class::Text, s, ""),
            Candidate::Lang(s, tag) => (Class::Lang, s, tag),
            Candidate::Date(s) => (Class::Date, s, ""),
        };
        Key {
            class,
            text: text.as_bytes(),
            tag: tag.as_bytes(),
        }
    }
}

/// Collects the triples into a [`Store`], dropping repeats: a node described in several
/// places (a journal, an organization) gives each triple once.
///
/// A subject is looked up once per node: the parts of the current item in a small index of
/// them, every other subject in the index of all subjects ([`super::scope`] says why and
/// when). An object is compared only with the objects of its predicate in its group, and
/// only when the group may have that predicate (a mask of the predicates' numbers says when
/// it surely has not: the usual case of a node described once). A group with a run of more
/// than [`Emitter::SCAN`] objects of one predicate (a long author list) has the hashes of its
/// triples in a set instead. An object's text is copied into the store only when it is new.
///
/// An emitter is reusable: [`GraphBuffers`] keeps one between graphs, so that a bulk export
/// builds each CV's graph in buffers that have already grown.
#[derive(Default)]
struct Emitter {
    store: Store,
    /// The group of a subject by the hash of its text; groups with the same hash are chained
    /// through `chain`.
    index: HashMap<u64, u32, FxBuild>,
    /// The same for the parts of the current item, emptied when the next item begins.
    parts: HashMap<u64, u32, FxBuild>,
    /// Which subjects are parts of the current item.
    scopes: Scopes,
    chain: Vec<u32>,
    /// The number of a vocabulary IRI by its text; `statics` is in the same order.
    by_text: HashMap<&'static str, u16, FxBuild>,
    /// The number of a vocabulary IRI by its address and length, in front of `by_text`: an
    /// open-addressed table (linear probing, at most half full), so that no two IRIs in use
    /// can take each other's place, whatever addresses the linker gave them.
    by_addr: Vec<(usize, u32, u16)>,
    /// The entries of `by_addr`.
    by_addr_len: usize,
    /// The hashes of the triples of the groups marked [`Group::indexed`], with their group.
    known: std::collections::HashSet<u64, FxBuild>,
    /// The text of a date or a list cell's label, made here.
    scratch: String,
}

const NONE: u32 = u32::MAX;

/// The slots of [`Emitter::by_addr`] (a power of two).
const VOCAB_CACHE: usize = 512;

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
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The last bytes as one word (with their count, so that trailing zero bytes
            // still count).
            let mut w = [0; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.write_u64(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }

    fn write_u16(&mut self, i: u16) {
        self.write_u64(u64::from(i));
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

/// The hash of a triple of group `g`.
fn triple_hash(g: u32, p: u16, o: Key<'_>) -> u64 {
    hash_of((g, p, o))
}

fn hash_of(v: impl Hash) -> u64 {
    let mut h = FxHasher::default();
    v.hash(&mut h);
    h.finish()
}

/// Buffers for building graphs one after another, reused from one to the next: the graph's
/// text and triples, the index of its subjects, the vocabulary's numbers. A bulk export keeps
/// one per thread, so that a CV's graph allocates little once the buffers have grown.
#[derive(Default)]
pub(crate) struct GraphBuffers {
    emitter: Emitter,
}

impl GraphBuffers {
    /// The text (bytes) and the triples above which a graph's buffers are not kept: a CV far
    /// larger than the usual one leaves no such buffers behind.
    const KEEP_TEXT: usize = 16 << 20;
    const KEEP_GROUPS: usize = 200_000;
    const KEEP_TRIPLES: usize = 1 << 20;

    /// Takes back the buffers of a graph built with [`LinkedGraph::new_reusing`].
    pub(crate) fn recycle(&mut self, graph: LinkedGraph) {
        let store = graph.store;
        if store.text.capacity() > Self::KEEP_TEXT
            || store.groups.capacity() > Self::KEEP_GROUPS
            || store.triples.capacity() > Self::KEEP_TRIPLES
        {
            return;
        }
        self.emitter.store = store;
    }
}

impl Emitter {
    const SCAN: usize = 32;

    /// Empties the emitter for the next graph, keeping what has grown, and the vocabulary's
    /// numbers when its store still has them.
    fn reset(&mut self) {
        let store = &mut self.store;
        store.text.clear();
        store.groups.clear();
        store.triples.clear();
        if store.statics.len() != self.by_text.len() {
            store.statics.clear();
            self.by_text.clear();
            self.by_addr.clear();
            self.by_addr_len = 0;
        }
        // What a far larger CV than the usual one made is not kept.
        if self.index.capacity() > GraphBuffers::KEEP_GROUPS {
            self.index = HashMap::default();
            self.chain = Vec::new();
        }
        if self.known.capacity() > GraphBuffers::KEEP_GROUPS {
            self.known = std::collections::HashSet::default();
        }
        if self.parts.capacity() > 4096 {
            self.parts = HashMap::default();
        }
        self.scopes.reset();
        self.parts.clear();
        self.index.clear();
        self.chain.clear();
        self.known.clear();
    }

    /// Makes room for the graph of a CV of `items` works, projects and patents (about 18
    /// subjects, 2 of them not parts, 66 triples and 4 KB of text each in the synthetic CVs),
    /// so that a large graph's text, groups, triples and subject index are not grown by
    /// doubling, each step a copy into fresh pages.
    fn reserve(&mut self, items: usize) {
        const TEXT: usize = 4096;
        const SUBJECTS: usize = 18;
        const TRIPLES: usize = 66;
        const NOT_PARTS: usize = 2;
        let store = &mut self.store;
        store.text.reserve(items.saturating_mul(TEXT));
        store.triples.reserve(items.saturating_mul(TRIPLES));
        let subjects = items.saturating_mul(SUBJECTS);
        store.groups.reserve(subjects);
        self.chain.reserve(subjects);
        self.index.reserve(items.saturating_mul(NOT_PARTS));
        self.scopes.reserve(items);
    }

    /// The number of a vocabulary IRI.
    #[inline]
    fn vocab(&mut self, n: NamedNodeRef<'static>) -> u16 {
        let s = n.as_str();
        let (addr, len) = (s.as_ptr() as usize, s.len() as u32);
        let mut slot = (((addr as u64) ^ u64::from(len)).wrapping_mul(FX_K) >> 55) as usize;
        loop {
            match self.by_addr.get(slot % VOCAB_CACHE) {
                Some(&(a, l, i)) if a == addr && l == len => return i,
                Some(&(0, _, _)) | None => return self.vocab_by_text(n, slot % VOCAB_CACHE),
                Some(_) => slot += 1,
            }
        }
    }

    /// The number of a vocabulary IRI not in `by_addr` (or at another address), which is
    /// then put in its empty `slot` (while the table is at most half full).
    #[cold]
    fn vocab_by_text(&mut self, n: NamedNodeRef<'static>, slot: usize) -> u16 {
        let s = n.as_str();
        if self.by_addr.is_empty() {
            self.by_addr = vec![(0, 0, 0); VOCAB_CACHE];
        }
        let statics = &mut self.store.statics;
        let i = *self.by_text.entry(s).or_insert_with(|| {
            statics.push(n);
            // The vocabulary is a few hundred IRIs, fixed at compile time.
            u16::try_from(statics.len() - 1).expect("fewer than 65,536 vocabulary IRIs")
        });
        if self.by_addr_len < VOCAB_CACHE / 2 {
            // A `str` of a static is never at address 0: slot `(0, ..)` is empty.
            self.by_addr[slot] = (s.as_ptr() as usize, s.len() as u32, i);
            self.by_addr_len += 1;
        }
        i
    }

    /// The group of a subject, made when it is new.
    fn group(&mut self, s: &str, blank: bool) -> Result<u32, ExportError> {
        let part = self.scopes.is_part(s, blank);
        let h = hash_of((s, blank));
        let store = &mut self.store;
        let index = if part {
            &mut self.parts
        } else {
            &mut self.index
        };
        let entry = index.entry(h);
        let head = match &entry {
            std::collections::hash_map::Entry::Occupied(e) => {
                let head = *e.get();
                let mut g = head;
                while g != NONE {
                    let group = &store.groups[g as usize];
                    if group.blank == blank
                        && store.str(group.subject.start, group.subject.len) == s
                    {
                        return Ok(g);
                    }
                    g = self.chain[g as usize];
                }
                head
            }
            std::collections::hash_map::Entry::Vacant(_) => NONE,
        };
        // A new subject outside the current item's parts may be a part of an item before:
        // those go into the index of all subjects first, and it is looked for again.
        if !part && self.scopes.outside(s, blank) {
            self.merge_parts();
            return self.group(s, blank);
        }
        let g = store.groups.len() as u32;
        entry.insert_entry(g);
        let subject = store.push(s)?;
        store.groups.push(Group {
            subject,
            blank,
            preds: [0; 2],
            indexed: false,
            part,
            triples: Span { start: 0, len: 0 },
        });
        self.chain.push(head);
        Ok(g)
    }

    /// Puts the parts of every item so far into the index of all subjects (once, when
    /// [`Scopes`] finds that they may be met outside their item).
    #[cold]
    fn merge_parts(&mut self) {
        self.parts.clear();
        let store = &mut self.store;
        for (g, group) in store.groups.iter_mut().enumerate() {
            if !group.part {
                continue;
            }
            group.part = false;
            let s = &store.text[group.subject.start as usize..][..group.subject.len as usize];
            let g = g as u32;
            let head = self.index.insert(hash_of((s, group.blank)), g);
            self.chain[g as usize] = head.unwrap_or(NONE);
        }
    }

    /// A top-level node: the item it begins, then the node.
    fn top(&mut self, n: Node) -> Result<(), ExportError> {
        match self.scopes.begin(n.id.as_str()) {
            Begin::Same => {}
            Begin::New => self.parts.clear(),
            Begin::Merge => self.merge_parts(),
        }
        self.node(n)
    }

    /// Adds a triple to group `g` unless the group has it.
    fn push(&mut self, g: u32, p: u16, o: Candidate<'_>) -> Result<(), ExportError> {
        let store = &self.store;
        let group = &store.groups[g as usize];
        let triples = store.triples_of(group);
        let (word, bit) = (usize::from(p / 64 % 2), 1u64 << (p % 64));
        // The triples of a predicate stand together: the run of `p` ends at `end`, and a
        // repeat can only be inside it. A group that surely has no `p` is not searched.
        let end = if group.preds[word] & bit == 0 {
            None
        } else {
            triples.iter().rposition(|t| t.pred == p)
        };
        let key = || store.candidate_key(o);
        let run = |end: usize| {
            triples[..=end]
                .iter()
                .rev()
                .take_while(move |t| t.pred == p)
        };
        let repeat = |end: usize| {
            let key = key();
            run(end).any(|t| store.key(t) == key)
        };
        let mut indexed_now = false;
        let new = if group.indexed {
            // A hash not seen is a new triple; a hash seen may be a repeat.
            self.known.insert(triple_hash(g, p, key())) || end.is_none_or(|end| !repeat(end))
        } else {
            match end {
                None => true,
                Some(end) if run(end).nth(Self::SCAN).is_none() => !repeat(end),
                Some(end) => {
                    // A long run: the group's triples go into the set from now on.
                    for t in triples {
                        self.known.insert(triple_hash(g, t.pred, store.key(t)));
                    }
                    indexed_now = true;
                    self.known.insert(triple_hash(g, p, key())) || !repeat(end)
                }
            }
        };
        if indexed_now {
            self.store.groups[g as usize].indexed = true;
        }
        if !new {
            return Ok(());
        }
        let (span, kind, aux) = match o {
            Candidate::Static(i) => (Span { start: 0, len: 0 }, Kind::Static, u32::from(i)),
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
        let Store {
            groups, triples, ..
        } = &mut self.store;
        let group = &mut groups[g as usize];
        group.preds[word] |= bit;
        let Span { start, len } = group.triples;
        let (start, len) = (start as usize, len as usize);
        let at = triples.len();
        // Positions in the triples are `u32`, with room for the group to move to the end.
        if u32::try_from(at + len + 1).is_err() {
            return Err(ExportError::Io(std::io::Error::new(
                std::io::ErrorKind::OutOfMemory,
                "the graph has more than 4,294,967,295 triples",
            )));
        }
        if start + len != at {
            // The group's triples are not the last ones: they move to the end (the place
            // they leave is not used again). Only a node described again, with a triple it
            // did not have, is moved.
            triples.extend_from_within(start..start + len);
            group.triples.start = at as u32;
        }
        // After the last triple of the same predicate, else at the end.
        let start = group.triples.start as usize;
        match end {
            Some(i) if i + 1 < len => triples.insert(start + i + 1, t),
            _ => triples.push(t),
        }
        group.triples.len += 1;
        Ok(())
    }

    /// Adds a triple whose object is text made in [`Emitter::scratch`] by `make`.
    fn push_made(
        &mut self,
        g: u32,
        p: u16,
        make: impl FnOnce(&mut String),
        as_object: for<'x> fn(&'x str) -> Candidate<'x>,
    ) -> Result<(), ExportError> {
        let mut text = std::mem::take(&mut self.scratch);
        text.clear();
        make(&mut text);
        let r = self.push(g, p, as_object(&text));
        self.scratch = text;
        r
    }

    /// The node's own triples, then its lists, then the nodes described inside it.
    fn node(&mut self, n: Node) -> Result<(), ExportError> {
        let g = self.group(n.id.as_str(), false)?;
        let rdf_type = self.vocab(rdf::TYPE);
        for c in &n.types {
            let i = self.vocab(c.iri());
            self.push(g, rdf_type, Candidate::Static(i))?;
        }
        let mut lists = false;
        let mut nested = false;
        for (p, v) in &n.props {
            let pred = self.vocab(p.iri());
            match v {
                Value::Text(s) => self.push(g, pred, Candidate::Text(s))?,
                Value::Lang(s, tag) => {
                    match Literal::new_language_tagged_literal(s.as_str(), tag.as_str()) {
                        Ok(l) => {
                            let tag = l.language().unwrap_or_default();
                            self.push(g, pred, Candidate::Lang(l.value(), tag))?;
                        }
                        Err(_) => self.push(g, pred, Candidate::Text(s))?,
                    }
                }
                Value::Date(d) => {
                    self.push_made(g, pred, |t| push_date(t, *d), |s| Candidate::Date(s))?;
                }
                Value::Iri(i) => self.push(g, pred, Candidate::Iri(i.as_str()))?,
                Value::Node(child) => {
                    self.push(g, pred, Candidate::Iri(child.id.as_str()))?;
                    nested = true;
                }
                Value::List(items) => {
                    if items.is_empty() {
                        let nil = self.vocab(rdf::NIL);
                        self.push(g, pred, Candidate::Static(nil))?;
                        continue;
                    }
                    let make = |t: &mut String| {
                        push_list_label(t, &n.id, p.iri().as_str());
                        t.push('1');
                    };
                    self.push_made(g, pred, make, |s| Candidate::Blank(s))?;
                    lists = true;
                }
            }
        }
        if lists {
            let mut label = std::mem::take(&mut self.scratch);
            let r = self.lists(&n, &mut label);
            self.scratch = label;
            r?;
        }
        if nested {
            for (_, v) in n.props {
                if let Value::Node(child) = v {
                    self.node(*child)?;
                }
            }
        }
        Ok(())
    }

    /// The cells of the node's lists, each a blank node labelled in `label`.
    fn lists(&mut self, n: &Node, label: &mut String) -> Result<(), ExportError> {
        let (first, rest) = (self.vocab(rdf::FIRST), self.vocab(rdf::REST));
        let nil = self.vocab(rdf::NIL);
        let mut digits = itoa::Buffer::new();
        for (p, v) in &n.props {
            let Value::List(items) = v else { continue };
            label.clear();
            push_list_label(label, &n.id, p.iri().as_str());
            let stem = label.len();
            let count = items.len();
            for (k, item) in items.iter().enumerate() {
                label.truncate(stem);
                label.push_str(digits.format(k + 1));
                let c = self.group(label, true)?;
                self.push(c, first, Candidate::Iri(item.as_str()))?;
                if k + 1 < count {
                    label.truncate(stem);
                    label.push_str(digits.format(k + 2));
                    self.push(c, rest, Candidate::Blank(label))?;
                } else {
                    self.push(c, rest, Candidate::Static(nil))?;
                }
            }
        }
        Ok(())
    }
}

/// Appends a date as [`PartialDate`]'s `Display` writes it (`2024`, `2024-03`,
/// `2024-03-07`), without the formatting machinery.
fn push_date(out: &mut String, d: crate::types::PartialDate) {
    use crate::ids::push_padded as padded;
    padded(out, d.year(), 4);
    if let Some(m) = d.month() {
        out.push('-');
        padded(out, u16::from(m), 2);
    }
    if let Some(day) = d.day() {
        out.push('-');
        padded(out, u16::from(day), 2);
    }
}

/// Appends the label of the cells of the list of property `p` of node `owner`, less the
/// number: the k-th cell (1-based) is `<local>--<property>-<k>`, a blank node labelled from
/// the owner's local name, so that the output is the same on every run.
fn push_list_label(label: &mut String, owner: &NamedNode, p: &str) {
    let owner = owner.as_str();
    let local = memchr::memrchr(b'#', owner.as_bytes()).map_or(owner, |i| &owner[i + 1..]);
    let prop = memchr::memrchr2(b'/', b'#', p.as_bytes()).map_or(p, |i| &p[i + 1..]);
    // `push_safe` makes every first character a letter, digit or `_` except `-` and `.`.
    if matches!(local.as_bytes().first(), None | Some(b'-' | b'.')) {
        label.push('b');
    }
    push_safe(label, local);
    label.push_str("--");
    push_safe(label, prop);
    label.push('-');
    // The label starts with a letter, digit or `_`, holds only letters, digits, `-`, `_` and
    // `.`, and with the number it ends in a digit: a valid blank node label in every syntax.
}

/// Appends `s` with every character that is not an ASCII letter, digit, `-`, `_` or `.` as
/// `_`; a name without such characters is copied at once.
fn push_safe(out: &mut String, s: &str) {
    let safe = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.';
    if s.bytes().all(safe) {
        out.push_str(s);
    } else {
        out.extend(s.chars().map(|c| match u8::try_from(c) {
            Ok(b) if safe(b) => c,
            _ => '_',
        }));
    }
}

#[cfg(test)]
#[path = "../../benches/synthetic.rs"]
mod synthetic;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::ItemId;

    /// The graph built with the parts of items kept out of the index of all subjects, and
    /// with every subject in it; whether the first kept any part out, and whether it had to
    /// merge them back.
    fn both_ways(cv: &Cv) -> (Vec<Triple>, Vec<Triple>, bool, bool) {
        let options = Options::new();
        let mut buffers = GraphBuffers::default();
        let scoped = LinkedGraph::build(cv, &options, &mut buffers, true).unwrap();
        let kept_out = scoped.store.groups.iter().any(|g| g.part);
        let merged = !buffers.emitter.scopes.is_on();
        let plain = LinkedGraph::build(cv, &options, &mut GraphBuffers::default(), false).unwrap();
        (
            scoped.into_triples(),
            plain.into_triples(),
            kept_out,
            merged,
        )
    }

    fn parse(yaml: &str) -> Cv {
        crate::parse_str(yaml, crate::InputFormat::Yaml).unwrap()
    }

    #[test]
    fn a_node_described_again_keeps_its_triples_together() {
        // The organization and its address are described twice; the second description
        // adds triples after other nodes' (the group moves to the end of the store).
        let cv = parse(
            "base-iri: https://ada.example.org/\n\
             person: {given-names: Ada, family-name: Lovelace}\n\
             employment:\n\
             - {organization: {name: Analytical Society, city: London}, role: Head, start: 2021}\n\
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
            of("org-analytical-society"),
            ["type", "name", "address", "sameAs", "identifier"]
        );
        assert_eq!(
            of("org-analytical-society--address"),
            ["type", "addressLocality", "addressCountry"]
        );
        assert_eq!(g.len(), g.iter().count());
    }

    #[test]
    fn parts_kept_out_of_the_index_give_the_same_graph() {
        let cvs = [
            include_str!("../../examples/lapuschkin.yaml").to_owned(),
            include_str!("../../tests/fixtures/linked-full.yaml").to_owned(),
            synthetic::cv_yaml(300),
        ];
        for yaml in &cvs {
            let (scoped, plain, kept_out, merged) = both_ways(&parse(yaml));
            assert!(kept_out && !merged, "the parts were kept out");
            assert_eq!(scoped, plain);
        }
    }

    #[test]
    fn items_whose_parts_meet_other_subjects_give_the_same_graph() {
        let work = |id: &str, doi: &str| {
            format!(
                "  - {{id: {id}, type: journal-article, title: T {id}, date: 2020, \
                 authors: [Ada Lovelace, Charles Babbage], doi: {doi}, \
                 container: {{title: Journal of Engines, kind: journal}}, volume: '1'}}\n"
            )
        };
        let head = "base-iri: https://ada.example.org/\n\
                    person: {given-names: Ada, family-name: Lovelace}\nworks:\n";
        // An item whose IRI is a part of another's (`#work-a--doi` is work a's DOI): right
        // after it (as a work's event follows the work: one item), later, and before it.
        for (order, merges) in [(["a", "a--doi", "z"], false), (["a", "z", "a--doi"], true)]
            .into_iter()
            .chain([(["a--doi", "z", "a"], false), (["z", "a--doi", "a"], false)])
        {
            let works: Vec<String> = order
                .iter()
                .map(|id| work(id, &format!("10.1/{id}")))
                .collect();
            let (scoped, plain, _, merged) = both_ways(&parse(&[head, &works.concat()].concat()));
            assert_eq!(scoped, plain, "{order:?}");
            assert_eq!(merged, merges, "{order:?}");
        }
        // The same id twice (a CV built in Rust is not checked for that).
        let yaml = [
            head,
            &work("a", "10.1/1"),
            &work("b", "10.1/2"),
            &work("c", "10.1/3"),
        ]
        .concat();
        let mut cv = parse(&yaml);
        cv.works[2].id = Some(ItemId::new("a").unwrap());
        let (scoped, plain, _, merged) = both_ways(&cv);
        assert!(merged);
        assert_eq!(scoped, plain);
    }
}
