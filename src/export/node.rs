//! The description of a CV as linked data: nodes with IRIs, types and property values, built
//! by [`mapping`](super::mapping) and written by every linked-data writer. A nested node is
//! written nested in the JSON-LD and as its own subject in the RDF; both give the same triples.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use oxigraph::model::NamedNode;

use super::graph::{FxBuild, FxHasher};

use crate::types::PartialDate;
use crate::vocab::{Class, Property, PropertyKind};

/// A node: an IRI, its types, and its property values in the order they are written. Its
/// text borrows from the CV where it can (`'a`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node<'a> {
    pub id: NamedNode,
    pub types: Types,
    pub props: Vec<(Property, Value<'a>)>,
}

/// The types of a node: one or two but for a rare node, held without an allocation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Types {
    /// Up to two types: the first `len` of the array.
    Inline([Class; 2], u8),
    /// More types.
    Many(Vec<Class>),
}

impl Types {
    /// The types in the order they were added.
    pub fn as_slice(&self) -> &[Class] {
        match self {
            Types::Inline(a, len) => &a[..usize::from(*len)],
            Types::Many(v) => v,
        }
    }

    fn push(&mut self, class: Class) {
        match self {
            Types::Inline(a, len) if *len < 2 => {
                a[usize::from(*len)] = class;
                *len += 1;
            }
            Types::Inline(a, _) => *self = Types::Many(vec![a[0], a[1], class]),
            Types::Many(v) => v.push(class),
        }
    }
}

impl<'t> IntoIterator for &'t Types {
    type Item = &'t Class;
    type IntoIter = std::slice::Iter<'t, Class>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

/// The value of a property.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    /// A string literal, borrowed from the CV or made for the description.
    Text(Cow<'a, str>),
    /// A language-tagged string literal (value, BCP 47 tag).
    Lang(String, String),
    /// A `schema:Date` literal.
    Date(PartialDate),
    /// An IRI: a reference to a node described elsewhere, or a URL.
    Iri(NamedNode),
    /// A node described in place.
    Node(Box<Node<'a>>),
    /// An ordered `rdf:List` of references.
    List(Vec<NamedNode>),
}

impl<'a> Node<'a> {
    /// A node of one type.
    pub fn new(id: NamedNode, class: Class) -> Self {
        Self::with_capacity(id, class, 0)
    }

    /// A node of one type with room for `props` property values.
    pub fn with_capacity(id: NamedNode, class: Class, props: usize) -> Self {
        Self {
            id,
            types: Types::Inline([class, class], 1),
            props: Vec::with_capacity(props),
        }
    }

    /// Adds a type.
    pub fn add_type(&mut self, class: Class) {
        if !self.types.as_slice().contains(&class) {
            self.types.push(class);
        }
    }

    fn push(&mut self, p: Property, v: Value<'a>) {
        debug_assert!(
            matches!(
                (p.kind(), &v),
                (PropertyKind::Plain, _)
                    | (PropertyKind::Date, Value::Date(_))
                    | (PropertyKind::Id, Value::Iri(_) | Value::Node(_))
            ),
            "{} cannot take {v:?}",
            p.name()
        );
        self.props.push((p, v));
    }

    /// Adds a string literal (borrowed); blank text is left out.
    pub fn text(&mut self, p: Property, s: &'a str) {
        let s = s.trim();
        if !s.is_empty() {
            self.push(p, Value::Text(Cow::Borrowed(s)));
        }
    }

    /// Adds a string literal made for the description; blank text is left out.
    pub fn text_owned(&mut self, p: Property, s: String) {
        let t = s.trim();
        if t.is_empty() {
            return;
        }
        let v = if t.len() == s.len() { s } else { t.to_owned() };
        self.push(p, Value::Text(Cow::Owned(v)));
    }

    /// Adds a string literal, borrowed or made; blank text is left out.
    pub fn text_cow(&mut self, p: Property, s: Cow<'a, str>) {
        match s {
            Cow::Borrowed(b) => self.text(p, b),
            Cow::Owned(o) => self.text_owned(p, o),
        }
    }

    /// Adds a string literal when there is one.
    pub fn opt_text(&mut self, p: Property, s: Option<&'a str>) {
        if let Some(s) = s {
            self.text(p, s);
        }
    }

    /// Adds a language-tagged literal.
    pub fn lang_text(&mut self, p: Property, s: &str, lang: &str) {
        if !s.trim().is_empty() {
            self.push(p, Value::Lang(s.trim().to_owned(), lang.to_owned()));
        }
    }

    /// Adds a date.
    pub fn date(&mut self, p: Property, d: PartialDate) {
        self.push(p, Value::Date(d));
    }

    /// Adds a date when there is one.
    pub fn opt_date(&mut self, p: Property, d: Option<PartialDate>) {
        if let Some(d) = d {
            self.date(p, d);
        }
    }

    /// Adds an IRI (a reference or a URL).
    pub fn iri(&mut self, p: Property, iri: NamedNode) {
        self.push(p, Value::Iri(iri));
    }

    /// Adds a node described in place.
    pub fn node(&mut self, p: Property, n: Node<'a>) {
        self.push(p, Value::Node(Box::new(n)));
    }

    /// Adds an ordered list of references.
    pub fn list(&mut self, p: Property, items: Vec<NamedNode>) {
        if !items.is_empty() {
            self.push(p, Value::List(items));
        }
    }
}

/// Keeps only the first ordered list of each (node, property) in document order. A shared
/// node (a book with editors) may be described in several places; JSON-LD makes a new
/// `rdf:List` for every `@list` it reads, so a list written twice would be two lists.
#[derive(Debug, Default)]
pub(crate) struct FirstLists {
    /// For each hash of a (node, property) pair, the last pair seen with it in `pairs` (the
    /// head of their chain): looked up without making a key.
    heads: HashMap<u64, usize, FxBuild>,
    /// Every pair seen: where its node's IRI is in `ids`, the property, and the next pair
    /// with the same hash (`usize::MAX` for none). No allocation per pair.
    pairs: Vec<(std::ops::Range<usize>, &'static str, usize)>,
    /// The IRIs of the nodes of `pairs`, one after another.
    ids: String,
}

impl FirstLists {
    /// Drops the lists of `n` (and of the nodes inside it) that an earlier node had.
    pub(crate) fn keep(&mut self, n: &mut Node<'_>) {
        if !n
            .props
            .iter()
            .any(|(_, v)| matches!(v, Value::List(_) | Value::Node(_)))
        {
            return;
        }
        let id = n.id.as_str();
        n.props.retain(|(p, v)| match v {
            Value::List(_) => self.first_time(id, p.name()),
            _ => true,
        });
        for (_, v) in &mut n.props {
            if let Value::Node(child) = v {
                self.keep(child);
            }
        }
    }

    /// Notes the pair and says whether it is new.
    fn first_time(&mut self, id: &str, property: &'static str) -> bool {
        let mut h = FxHasher::default();
        (id, property).hash(&mut h);
        let key = h.finish();
        let mut at = self.heads.get(&key).copied().unwrap_or(usize::MAX);
        let head = at;
        while let Some((range, p, next)) = self.pairs.get(at) {
            if *p == property && self.ids.get(range.clone()) == Some(id) {
                return false;
            }
            at = *next;
        }
        let index = self.pairs.len();
        let start = self.ids.len();
        self.ids.push_str(id);
        self.pairs.push((start..self.ids.len(), property, head));
        self.heads.insert(key, index);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{bibo, schema as s};

    fn iri(local: &str) -> NamedNode {
        NamedNode::new(format!("https://example.org/cv#{local}")).expect("an IRI")
    }

    /// A book with one list of each kind, and inside it a nested node with its own list.
    fn book(id: &str, inner: &str) -> Node<'static> {
        let mut n = Node::new(iri(id), s::BOOK);
        n.list(bibo::AUTHOR_LIST, vec![iri("a"), iri("b")]);
        n.list(bibo::EDITOR_LIST, vec![iri("c")]);
        let mut chapter = Node::new(iri(inner), s::CHAPTER);
        chapter.list(bibo::AUTHOR_LIST, vec![iri("d")]);
        n.node(s::HAS_PART, chapter);
        n
    }

    fn lists(n: &Node<'_>) -> Vec<String> {
        let mut found = Vec::new();
        for (p, v) in &n.props {
            match v {
                Value::List(_) => found.push(format!("{} {}", n.id.as_str(), p.name())),
                Value::Node(child) => found.extend(lists(child)),
                _ => {}
            }
        }
        found
    }

    #[test]
    fn only_the_first_list_of_a_node_and_property_is_kept() {
        let mut first = FirstLists::default();
        let mut a = book("book", "chapter");
        first.keep(&mut a);
        assert_eq!(lists(&a).len(), 3, "everything is new: {:?}", lists(&a));

        // The same book again (and its chapter): every list was written before.
        let mut again = book("book", "chapter");
        first.keep(&mut again);
        assert_eq!(lists(&again), Vec::<String>::new());
        // Its other properties stay.
        assert!(again.props.iter().any(|(p, _)| *p == s::HAS_PART));

        // Another book with the same chapter: the book's lists are new, the chapter's not.
        let mut other = book("other", "chapter");
        first.keep(&mut other);
        assert_eq!(
            lists(&other),
            [
                "https://example.org/cv#other bibo:authorList",
                "https://example.org/cv#other bibo:editorList"
            ]
        );
    }

    #[test]
    fn many_pairs_are_told_apart() {
        // Enough pairs that a miss in the chains would show, each looked up twice.
        let mut first = FirstLists::default();
        for round in 0..2 {
            for i in 0..5_000 {
                let id = format!("https://example.org/cv#work-{i}");
                for p in [bibo::AUTHOR_LIST.name(), bibo::EDITOR_LIST.name()] {
                    assert_eq!(first.first_time(&id, p), round == 0, "{id} {p} {round}");
                }
            }
        }
        // A prefix of an IRI seen is another node.
        assert!(first.first_time("https://example.org/cv#work-1", "x"));
        assert!(first.first_time("https://example.org/cv#work-", bibo::AUTHOR_LIST.name()));
    }
}
