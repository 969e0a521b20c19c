//! schema.org JSON-LD: one `@graph` with the `ProfilePage`, the `Person` and a node for every
//! item, compacted against `"@context": "https://schema.org"` (plus the `bibo` prefix).

use std::io::Write;

use oxigraph::model::NamedNode;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value as Json;

use super::mapping::describe;
use super::node::{Node, Value};
use super::vocab::{bibo, schema};
use super::{ExportError, Options};
use crate::model::Cv;

/// The JSON-LD writer.
///
/// ```
/// let cv = vitae::from_str(r#"
/// base-iri: https://ada.example.org/
/// person: {given-names: Ada, family-name: Lovelace}
/// "#, vitae::InputFormat::Yaml)?.cv;
/// let json = vitae::export::JsonLd::new().to_value(&cv)?;
/// assert_eq!(json["@graph"][0]["@type"], "ProfilePage");
/// assert_eq!(json["@graph"][0]["mainEntity"]["name"], "Ada Lovelace");
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
        describe(cv, &self.options, |d| {
            serde_json::to_value(Document(&d.nodes)).map_err(json_error)
        })
    }

    /// The JSON-LD document on one line, as [`serde_json::to_string`] writes it.
    ///
    /// # Errors
    /// [`ExportError::Iri`] when a URL of the CV cannot be made an IRI.
    pub fn to_string(&self, cv: &Cv) -> Result<String, ExportError> {
        describe(cv, &self.options, |d| {
            serde_json::to_string(&Document(&d.nodes)).map_err(json_error)
        })
    }

    /// The JSON-LD document, pretty-printed as [`serde_json::to_string_pretty`] writes it,
    /// ending in a newline (a text file, as the command line and the site write it).
    ///
    /// # Errors
    /// [`ExportError::Iri`] when a URL of the CV cannot be made an IRI.
    pub fn to_string_pretty(&self, cv: &Cv) -> Result<String, ExportError> {
        describe(cv, &self.options, |d| {
            let mut text = serde_json::to_string_pretty(&Document(&d.nodes)).map_err(json_error)?;
            text.push('\n');
            Ok(text)
        })
    }

    /// Writes the JSON-LD document on one line, as [`serde_json::to_writer`] does: straight
    /// into `w` (give it a buffered writer, or a `Vec`), without a final newline.
    ///
    /// # Errors
    /// [`ExportError::Iri`] as [`to_string`](Self::to_string); [`ExportError::Io`] when
    /// writing fails.
    pub fn to_writer(&self, cv: &Cv, w: impl Write) -> Result<(), ExportError> {
        describe(cv, &self.options, |d| {
            serde_json::to_writer(w, &Document(&d.nodes)).map_err(json_error)
        })
    }

    /// Writes the JSON-LD document pretty-printed, as
    /// [`to_string_pretty`](Self::to_string_pretty) makes it (buffered here).
    ///
    /// # Errors
    /// [`ExportError::Iri`] as [`to_string`](Self::to_string); [`ExportError::Io`] when
    /// writing fails.
    pub fn to_writer_pretty(&self, cv: &Cv, w: impl Write) -> Result<(), ExportError> {
        describe(cv, &self.options, |d| {
            let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
            serde_json::to_writer_pretty(&mut w, &Document(&d.nodes)).map_err(json_error)?;
            w.write_all(b"\n")?;
            w.flush()?;
            Ok(())
        })
    }
}

/// A serializer's error: only writing can fail (every key is a string).
fn json_error(e: serde_json::Error) -> ExportError {
    ExportError::Io(e.into())
}

/// The JSON-LD document: the context (schema.org, plus the `bibo` prefix) and the `@graph`
/// of the description's nodes.
struct Document<'d, 'a>(&'d [Node<'a>]);

impl Serialize for Document<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let bibo = [(bibo::PREFIX, bibo::NAMESPACE)];
        let context = (schema::CONTEXT, Entries(&bibo));
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("@context", &context)?;
        map.serialize_entry("@graph", self.0)?;
        map.end()
    }
}

/// Key-value pairs serialized as a JSON object, in their order.
struct Entries<'e, V>(&'e [(&'e str, V)]);

impl<V: Serialize> Serialize for Entries<'_, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// A node, compacted against the schema.org context: `@type` (one name, or a list), `@id`,
/// then each property once, in the order of its first value, with its one value or the list
/// of its values.
impl Serialize for Node<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The properties by name, in the order of their first value.
        let mut properties: Vec<(&'static str, Vec<PropertyValue<'_, '_>>)> = Vec::new();
        for (p, v) in &self.props {
            let value = PropertyValue(v);
            match properties.iter_mut().find(|(name, _)| *name == p.name()) {
                Some((_, values)) => values.push(value),
                None => properties.push((p.name(), vec![value])),
            }
        }
        let mut map = serializer.serialize_map(Some(2 + properties.len()))?;
        match self.types.as_slice() {
            [one] => map.serialize_entry("@type", one.name())?,
            many => {
                let names: Vec<&str> = many.iter().map(|c| c.name()).collect();
                map.serialize_entry("@type", &names)?;
            }
        }
        map.serialize_entry("@id", self.id.as_str())?;
        for (name, values) in &properties {
            match values.as_slice() {
                [one] => map.serialize_entry(name, one)?,
                many => map.serialize_entry(name, many)?,
            }
        }
        map.end()
    }
}

/// A property value as JSON-LD. An IRI is always `{"@id": …}`, never a string that only the
/// schema.org context's coercion (`"@type": "@id"`) would make an IRI: a context without
/// coercions (schema.org's development context already drops some) reads the same graph. A
/// date stays a plain string, the form Google documents; the context types it `schema:Date`.
struct PropertyValue<'v, 'a>(&'v Value<'a>);

impl Serialize for PropertyValue<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Text(t) => serializer.serialize_str(t),
            Value::Lang(t, tag) => Entries(&[("@value", t.as_str()), ("@language", tag.as_str())])
                .serialize(serializer),
            Value::Date(d) => serializer.collect_str(d),
            Value::Iri(i) => Reference(i).serialize(serializer),
            Value::Node(n) => n.serialize(serializer),
            Value::List(items) => {
                let items: Vec<Reference<'_>> = items.iter().map(Reference).collect();
                Entries(&[("@list", items)]).serialize(serializer)
            }
        }
    }
}

/// `{"@id": iri}`: a reference to a node described elsewhere.
struct Reference<'i>(&'i NamedNode);

impl Serialize for Reference<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Entries(&[("@id", self.0.as_str())]).serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each of the four ways is serde_json's text (or value) of the same document under
    /// serde_json's name for it, on a CV with text to escape, a language-tagged title, lists
    /// and nested nodes.
    #[test]
    fn each_way_is_serde_jsons_of_the_same_name() {
        let cv = crate::from_str(
            concat!(
                "base-iri: https://ada.example.org/\n",
                "person: {given-names: \"Ada \\\"the\\\"\\tA.\", family-name: Lovelace}\n",
                "works:\n",
                "  - type: journal-article\n",
                "    title: \"Notes \\r\\non <the> engine\"\n",
                "    translated-title: {title: Notizen, language: de}\n",
                "    date: 1843-09\n",
                "    authors: [{name: Ada Lovelace}, {name: \"Charles Babbage\"}]\n",
                "    container: {title: \"Taylor's Scientific Memoirs\"}\n",
            ),
            crate::InputFormat::Yaml,
        )
        .unwrap()
        .cv;
        let w = JsonLd::new();
        let value = w.to_value(&cv).unwrap();
        let compact = serde_json::to_string(&value).unwrap();
        let pretty = serde_json::to_string_pretty(&value).unwrap() + "\n";
        assert_eq!(w.to_string(&cv).unwrap(), compact);
        assert_eq!(w.to_string_pretty(&cv).unwrap(), pretty);
        let mut out = Vec::new();
        w.to_writer(&cv, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), compact);
        let mut out = Vec::new();
        w.to_writer_pretty(&cv, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), pretty);
        assert!(
            compact.contains(r"\r\n") && compact.contains(r"\t") && compact.contains("@language"),
            "{compact}"
        );
        assert!(!compact.contains('\n') && pretty.contains("\n  "));
    }

    /// A mapping error met while the nodes stream is the error returned, not a serializer
    /// error, whichever way the document is written.
    #[test]
    fn a_mapping_error_is_returned_as_itself() {
        let cv = crate::from_str(
            "person: {given-names: Ada, family-name: Lovelace}",
            crate::InputFormat::Yaml,
        )
        .unwrap()
        .cv;
        let base = url::Url::parse("x:%zz").unwrap();
        let w = JsonLd::new().with_options(Options::new().with_base(base));
        assert!(matches!(w.to_value(&cv), Err(ExportError::Iri { .. })));
        assert!(matches!(w.to_string(&cv), Err(ExportError::Iri { .. })));
        assert!(matches!(
            w.to_string_pretty(&cv),
            Err(ExportError::Iri { .. })
        ));
        for pretty in [false, true] {
            let mut out = Vec::new();
            let written = if pretty {
                w.to_writer_pretty(&cv, &mut out)
            } else {
                w.to_writer(&cv, &mut out)
            };
            assert!(matches!(written, Err(ExportError::Iri { .. })), "{pretty}");
            assert!(out.is_empty(), "nothing written before the error");
        }
    }
}
