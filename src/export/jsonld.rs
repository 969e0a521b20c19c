//! schema.org JSON-LD: one `@graph` with the `ProfilePage`, the `Person` and a node for every
//! item, compacted against `"@context": "https://schema.org"` (plus the `bibo` prefix).

use std::io::Write;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Value as Json, json};

use std::cell::RefCell;

use super::mapping::describe_each;
use super::node::{Node, Value};
use super::{ExportError, Options};
use crate::model::Cv;
use crate::types::Visibility;
use crate::vocab::{PropertyKind, bibo, schema};

/// The JSON-LD writer.
///
/// ```
/// let cv = vitae::parse_str(r#"
/// base-iri: https://ada.example.org/
/// person: {given-names: Ada, family-name: Lovelace}
/// "#, vitae::InputFormat::Yaml)?;
/// let json = vitae::export::JsonLd::new().to_value(&cv)?;
/// assert_eq!(json["@graph"][0]["@type"], "ProfilePage");
/// assert_eq!(json["@graph"][1]["name"], "Ada Lovelace");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct JsonLd {
    options: Options,
}

impl JsonLd {
    /// Public data, base IRI from the CV.
    pub fn new() -> Self {
        Self::default()
    }

    /// The base IRI of the nodes; see [`Options::with_base`].
    pub fn with_base(mut self, base: url::Url) -> Self {
        self.options = self.options.with_base(base);
        self
    }

    /// The widest visibility shown; see [`Options::with_include`].
    pub fn with_include(mut self, level: Visibility) -> Self {
        self.options = self.options.with_include(level);
        self
    }

    /// All options at once.
    pub fn with_options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// The JSON-LD document as a JSON value.
    ///
    /// # Errors
    /// [`ExportError::Iri`] when a URL of the CV cannot be made an IRI.
    pub fn to_value(&self, cv: &Cv) -> Result<Json, ExportError> {
        let doc = Document::new(cv, &self.options);
        let v = serde_json::to_value(&doc);
        doc.result(v)
    }

    /// The JSON-LD document, pretty-printed, ending in a newline.
    ///
    /// # Errors
    /// [`ExportError::Iri`] when a URL of the CV cannot be made an IRI.
    pub fn to_string(&self, cv: &Cv) -> Result<String, ExportError> {
        let mut out = Vec::new();
        self.write_pretty(cv, &mut out)?;
        String::from_utf8(out).map_err(|e| ExportError::Io(std::io::Error::other(e)))
    }

    /// Writes the JSON-LD document.
    ///
    /// # Errors
    /// [`ExportError::Iri`] as [`to_string`](Self::to_string); [`ExportError::Io`] when
    /// writing fails.
    pub fn to_writer(&self, cv: &Cv, w: impl Write) -> Result<(), ExportError> {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
        self.write_pretty(cv, &mut w)?;
        w.flush()?;
        Ok(())
    }

    /// The document on one line, without the final newline: a line of JSON-LD lines.
    pub(crate) fn write_compact(&self, cv: &Cv, out: impl Write) -> Result<(), ExportError> {
        let doc = Document::new(cv, &self.options);
        let r = serde_json::to_writer(out, &doc);
        doc.result(r)
    }

    /// The document written node by node as the description makes them, without a
    /// `serde_json::Value` in between: the same text as pretty-printing
    /// [`to_value`](Self::to_value).
    fn write_pretty(&self, cv: &Cv, mut out: impl Write) -> Result<(), ExportError> {
        let doc = Document::new(cv, &self.options);
        let r = serde_json::to_writer_pretty(&mut out, &doc);
        doc.result(r)?;
        out.write_all(b"\n")?;
        Ok(())
    }
}

/// The `@context`: schema.org, and the BIBO prefix for `bibo:authorList`.
pub(crate) fn context() -> Json {
    json!([schema::CONTEXT, {(bibo::PREFIX): bibo::NAMESPACE}])
}

/// The document: the context and the `@graph` of the description's nodes, each node
/// serialized as it is made. A mapping error (a URL that cannot be an IRI) stops the
/// serializer and is kept here, to be returned as itself by [`Document::result`].
struct Document<'a> {
    cv: &'a Cv,
    options: &'a Options,
    error: RefCell<Option<ExportError>>,
}

impl<'a> Document<'a> {
    fn new(cv: &'a Cv, options: &'a Options) -> Self {
        Self {
            cv,
            options,
            error: RefCell::new(None),
        }
    }

    /// The outcome of serializing the document: the mapping's error if there was one.
    fn result<T>(&self, r: serde_json::Result<T>) -> Result<T, ExportError> {
        match (self.error.borrow_mut().take(), r) {
            (Some(e), _) => Err(e),
            (None, r) => r.map_err(|e| ExportError::Io(e.into())),
        }
    }
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("@context", &context())?;
        m.serialize_entry("@graph", &Graph(self))?;
        m.end()
    }
}

/// The `@graph`: the nodes, streamed from the mapping.
struct Graph<'a, 'b>(&'b Document<'a>);

impl Serialize for Graph<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let doc = self.0;
        let mut seq = s.serialize_seq(None)?;
        let mut failed = None;
        let mapped = describe_each(doc.cv, doc.options, |n| {
            seq.serialize_element(&JsonNode(&n)).map_err(|e| {
                failed = Some(e);
                // Only stops the mapping: the serializer's own error is returned below.
                ExportError::Io(std::io::Error::other("serialization stopped"))
            })
        });
        if let Some(e) = failed {
            return Err(e);
        }
        if let Err(e) = mapped {
            let msg = e.to_string();
            *doc.error.borrow_mut() = Some(e);
            return Err(serde::ser::Error::custom(msg));
        }
        seq.end()
    }
}

/// A sequence whose items are serialized through a wrapper.
struct Seq<'a, T, W>(&'a [T], fn(&'a T) -> W);

impl<'a, T, W: Serialize> Serialize for Seq<'a, T, W> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for item in self.0 {
            seq.serialize_element(&(self.1)(item))?;
        }
        seq.end()
    }
}

/// A node: `@type` (one name, or a list), `@id`, then each property once, in the order of
/// its first value, with one value or the list of its values.
struct JsonNode<'a>(&'a Node<'a>);

impl Serialize for JsonNode<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = self.0;
        let mut m = s.serialize_map(None)?;
        match n.types.as_slice() {
            [one] => m.serialize_entry("@type", one.name())?,
            many => {
                let names: Vec<&str> = many.iter().map(|c| c.name()).collect();
                m.serialize_entry("@type", &names)?;
            }
        }
        m.serialize_entry("@id", n.id.as_str())?;
        for (i, (p, v)) in n.props.iter().enumerate() {
            let name = p.name();
            if n.props[..i].iter().any(|(q, _)| q.name() == name) {
                continue;
            }
            let same: Vec<JsonValue<'_>> = n.props[i..]
                .iter()
                .filter(|(q, _)| q.name() == name)
                .map(|(q, w)| JsonValue(q.kind(), w))
                .collect();
            match same.as_slice() {
                [_] => m.serialize_entry(name, &JsonValue(p.kind(), v))?,
                all => m.serialize_entry(name, all)?,
            }
        }
        m.end()
    }
}

/// A property value as JSON-LD compacted against the schema.org context.
struct JsonValue<'a>(PropertyKind, &'a Value<'a>);

impl Serialize for JsonValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.1 {
            Value::Text(t) => s.serialize_str(t),
            Value::Lang(t, tag) => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("@value", t)?;
                m.serialize_entry("@language", tag)?;
                m.end()
            }
            Value::Date(d) => s.collect_str(d),
            Value::Iri(i) if self.0 == PropertyKind::Id => s.serialize_str(i.as_str()),
            Value::Iri(i) => IdRef(i.as_str()).serialize(s),
            Value::Node(n) => JsonNode(n).serialize(s),
            Value::List(items) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("@list", &Seq(items, |i| IdRef(i.as_str())))?;
                m.end()
            }
        }
    }
}

/// `{"@id": iri}`.
struct IdRef<'a>(&'a str);

impl Serialize for IdRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry("@id", self.0)?;
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A mapping error met while the nodes stream is the error returned, not a serializer
    /// error, whichever way the document is written.
    #[test]
    fn a_mapping_error_is_returned_as_itself() {
        let cv = crate::parse_str(
            "person: {given-names: Ada, family-name: Lovelace}",
            crate::InputFormat::Yaml,
        )
        .unwrap();
        let base = url::Url::parse("x:%zz").unwrap();
        let w = JsonLd::new().with_base(base);
        assert!(matches!(w.to_value(&cv), Err(ExportError::Iri { .. })));
        assert!(matches!(w.to_string(&cv), Err(ExportError::Iri { .. })));
        let mut out = Vec::new();
        assert!(matches!(
            w.write_compact(&cv, &mut out),
            Err(ExportError::Iri { .. })
        ));
    }
}
