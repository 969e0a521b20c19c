//! The description of a CV as linked data: nodes with IRIs, types and property values, built
//! by [`mapping`](super::mapping) and written by every linked-data writer. A nested node is
//! written nested in the JSON-LD and as its own subject in the RDF; both give the same triples.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use oxigraph::model::NamedNode;

use super::graph::{FxBuild, FxHasher};

use crate::types::PartialDate;
use crate::vocab::{Class, Property, PropertyKind};

/// A node: an IRI, its types, and its property values in the order they are written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub id: NamedNode,
    pub types: Vec<Class>,
    pub props: Vec<(Property, Value)>,
}

/// The value of a property.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// A string literal.
    Text(String),
    /// A language-tagged string literal (value, BCP 47 tag).
    Lang(String, String),
    /// A `schema:Date` literal.
    Date(PartialDate),
    /// An IRI: a reference to a node described elsewhere, or a URL.
    Iri(NamedNode),
    /// A node described in place.
    Node(Box<Node>),
    /// An ordered `rdf:List` of references.
    List(Vec<NamedNode>),
}

impl Node {
    /// A node of one type.
    pub fn new(id: NamedNode, class: Class) -> Self {
        Self {
            id,
            types: vec![class],
            props: Vec::new(),
        }
    }

    /// Adds a type.
    pub fn add_type(&mut self, class: Class) {
        if !self.types.contains(&class) {
            self.types.push(class);
        }
    }

    fn push(&mut self, p: Property, v: Value) {
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

    /// Adds a string literal; blank text is left out.
    pub fn text(&mut self, p: Property, s: &str) {
        let s = s.trim();
        if !s.is_empty() {
            self.push(p, Value::Text(s.to_owned()));
        }
    }

    /// Adds a string literal when there is one.
    pub fn opt_text(&mut self, p: Property, s: Option<&str>) {
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
    pub fn node(&mut self, p: Property, n: Node) {
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
    /// The (node, property) pairs seen, by their hash: looked up without making a key.
    seen: HashMap<u64, Vec<(Box<str>, &'static str)>, FxBuild>,
}

impl FirstLists {
    /// Drops the lists of `n` (and of the nodes inside it) that an earlier node had.
    pub(crate) fn keep(&mut self, n: &mut Node) {
        if !n
            .props
            .iter()
            .any(|(_, v)| matches!(v, Value::List(_) | Value::Node(_)))
        {
            return;
        }
        let id = n.id.as_str();
        let seen = &mut self.seen;
        n.props.retain(|(p, v)| match v {
            Value::List(_) => {
                let mut h = FxHasher::default();
                (id, p.name()).hash(&mut h);
                let pairs = seen.entry(h.finish()).or_default();
                let new = !pairs.iter().any(|(i, q)| **i == *id && *q == p.name());
                if new {
                    pairs.push((id.into(), p.name()));
                }
                new
            }
            _ => true,
        });
        for (_, v) in &mut n.props {
            if let Value::Node(child) = v {
                self.keep(child);
            }
        }
    }
}
