//! schema.org JSON-LD: one `@graph` with the `ProfilePage`, the `Person` and a node for every
//! item, compacted against `"@context": "https://schema.org"` (plus the `bibo` prefix).

use std::io::Write;

use serde_json::{Map, Value as Json, json};

use super::mapping::{Description, describe};
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
        Ok(document(&describe(cv, &self.options)?))
    }

    /// The JSON-LD document, pretty-printed, ending in a newline.
    ///
    /// # Errors
    /// [`ExportError::Iri`] when a URL of the CV cannot be made an IRI.
    pub fn to_string(&self, cv: &Cv) -> Result<String, ExportError> {
        let mut s = pretty(&self.to_value(cv)?);
        s.push('\n');
        Ok(s)
    }

    /// Writes the JSON-LD document.
    ///
    /// # Errors
    /// [`ExportError::Iri`] as [`to_string`](Self::to_string); [`ExportError::Io`] when
    /// writing fails.
    pub fn to_writer(&self, cv: &Cv, mut w: impl Write) -> Result<(), ExportError> {
        w.write_all(self.to_string(cv)?.as_bytes())?;
        Ok(())
    }
}

/// Pretty-printed JSON; serializing a `serde_json::Value` to memory cannot fail.
pub(crate) fn pretty(v: &Json) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// The `@context`: schema.org, and the BIBO prefix for `bibo:authorList`.
pub(crate) fn context() -> Json {
    json!([schema::CONTEXT, {(bibo::PREFIX): bibo::NAMESPACE}])
}

pub(crate) fn document(d: &Description) -> Json {
    let graph: Vec<Json> = d.nodes.iter().map(node).collect();
    let mut doc = Map::new();
    doc.insert("@context".into(), context());
    doc.insert("@graph".into(), Json::Array(graph));
    Json::Object(doc)
}

fn node(n: &Node) -> Json {
    let mut m = Map::new();
    let types: Vec<Json> = n.types.iter().map(|c| Json::from(c.name())).collect();
    m.insert(
        "@type".into(),
        match types.len() {
            1 => types.into_iter().next().unwrap_or(Json::Null),
            _ => Json::Array(types),
        },
    );
    m.insert("@id".into(), Json::from(n.id.as_str()));
    let mut order: Vec<&'static str> = Vec::new();
    let mut values: Map<String, Json> = Map::new();
    for (p, v) in &n.props {
        let j = value(p.kind(), v);
        match values.get_mut(p.name()) {
            None => {
                order.push(p.name());
                values.insert(p.name().into(), j);
            }
            Some(Json::Array(a)) => a.push(j),
            Some(existing) => {
                let first = existing.take();
                *existing = Json::Array(vec![first, j]);
            }
        }
    }
    for k in order {
        if let Some(v) = values.remove(k) {
            m.insert(k.into(), v);
        }
    }
    Json::Object(m)
}

fn value(kind: PropertyKind, v: &Value) -> Json {
    match v {
        Value::Text(s) => Json::from(s.as_str()),
        Value::Lang(s, tag) => json!({"@value": s, "@language": tag}),
        Value::Date(d) => Json::from(d.to_string()),
        Value::Iri(i) if kind == PropertyKind::Id => Json::from(i.as_str()),
        Value::Iri(i) => json!({"@id": i.as_str()}),
        Value::Node(n) => node(n),
        Value::List(items) => {
            let refs: Vec<Json> = items.iter().map(|i| json!({"@id": i.as_str()})).collect();
            json!({"@list": refs})
        }
    }
}
