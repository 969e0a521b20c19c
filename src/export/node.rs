//! The description of a CV as linked data: nodes with IRIs, types and property values, built
//! by [`mapping`](super::mapping) and written by every linked-data writer. A nested node is
//! written nested in the JSON-LD and as its own subject in the RDF; both give the same triples.

use std::borrow::Cow;

use oxigraph::model::NamedNode;

use super::vocab::{Class, Property, PropertyKind};
use crate::types::{LanguageTag, PartialDate};

/// A node: an IRI, its types, and its property values in the order they are written. Its
/// text borrows from the CV where it can (`'a`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node<'a> {
    pub id: NamedNode,
    /// Its types, each once, in the order they were added.
    pub types: Vec<Class>,
    pub props: Vec<(Property, Value<'a>)>,
    /// The node only repeats some of what its description elsewhere says (the person's
    /// name and URL on every work it authored, which Google reads there): it stays where it
    /// is written, and the RDF takes its triples from the description.
    pub reference: bool,
}

/// The value of a property.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    /// A string literal, borrowed from the CV or made for the description.
    Text(Cow<'a, str>),
    /// A language-tagged string literal: its value and its tag, validated when the CV was
    /// loaded ([`LanguageTag`], by `oxilangtag` as oxigraph checks its literals).
    Lang(String, &'a LanguageTag),
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
            types: vec![class],
            props: Vec::with_capacity(props),
            reference: false,
        }
    }

    /// A reference to a node described elsewhere that repeats some of its description
    /// (its `reference` field set), with room for `props` property values.
    pub fn reference(id: NamedNode, class: Class, props: usize) -> Self {
        Self {
            reference: true,
            ..Self::with_capacity(id, class, props)
        }
    }

    /// Adds a type.
    pub fn add_type(&mut self, class: Class) {
        if !self.types.contains(&class) {
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

    /// Adds a language-tagged literal; blank text is left out.
    pub fn lang_text(&mut self, p: Property, s: &str, lang: &'a LanguageTag) {
        if !s.trim().is_empty() {
            self.push(p, Value::Lang(s.trim().to_owned(), lang));
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
