//! A CV written back in one of its input formats: what `vitae import` writes, and what a
//! program that builds or edits a CV in Rust saves. Reading the text gives the same CV.

use crate::model::Cv;

use super::InputFormat;

/// A CV that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the CV as {format}: {source}")]
pub struct WriteError {
    format: &'static str,
    /// The serializer's error (serde_json's, TOML's or the YAML emitter's).
    #[source]
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl WriteError {
    fn new(format: &'static str, e: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self {
            format,
            source: Box::new(e),
        }
    }
}

/// The CV as YAML, fields in the model's order; reading it gives the same CV.
///
/// ```
/// let cv = vitae::from_str("person: {given-names: Ada, family-name: Lovelace}", vitae::InputFormat::Yaml)?.cv;
/// let yaml = vitae::to_yaml_string(&cv)?;
/// assert!(yaml.contains("family-name: Lovelace"));
/// assert_eq!(vitae::from_str(&yaml, vitae::InputFormat::Yaml)?.cv, cv);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// When the model cannot be serialized (it always can, short of a bug).
pub fn to_yaml_string(cv: &Cv) -> Result<String, WriteError> {
    emit(cv)
}

/// Items of a CV section (works, awards, ...) as the YAML text of a block list, `- ` lines
/// without a document start, written as [`to_yaml_string`] writes them in a CV: what
/// `vitae import --into` appends to a section (see [`super::yaml_edit`]).
///
/// # Errors
/// When an item cannot be serialized (it always can, short of a bug).
pub fn to_yaml_items<T: serde::Serialize>(items: &[T]) -> Result<String, WriteError> {
    if items.is_empty() {
        return Ok(String::new());
    }
    let text = emit(items)?;
    let body = text.strip_prefix("---\n").unwrap_or(&text);
    Ok(body.to_owned())
}

fn emit<T: serde::Serialize + ?Sized>(v: &T) -> Result<String, WriteError> {
    let value = serde_json::to_value(v).map_err(|e| WriteError::new("YAML", e))?;
    let mut out = String::new();
    let mut emitter = yaml_rust2::YamlEmitter::new(&mut out);
    emitter.multiline_strings(true);
    emitter
        .dump(&yaml_of(&value))
        .map_err(|e| WriteError::new("YAML", e))?;
    out.push('\n');
    Ok(out)
}

/// The CV in `format` (YAML, JSON pretty-printed, or TOML).
///
/// # Errors
/// When the model cannot be serialized in that format.
pub fn to_string(cv: &Cv, format: InputFormat) -> Result<String, WriteError> {
    match format {
        InputFormat::Json => {
            let mut s = serde_json::to_string_pretty(cv).map_err(|e| WriteError::new("JSON", e))?;
            s.push('\n');
            Ok(s)
        }
        InputFormat::Toml => toml::to_string(cv).map_err(|e| WriteError::new("TOML", e)),
        InputFormat::Yaml => to_yaml_string(cv),
    }
}

fn yaml_of(v: &serde_json::Value) -> yaml_rust2::Yaml {
    use yaml_rust2::Yaml;
    match v {
        serde_json::Value::Null => Yaml::Null,
        serde_json::Value::Bool(b) => Yaml::Boolean(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Yaml::Integer(i),
            None => Yaml::Real(n.to_string()),
        },
        serde_json::Value::String(s) => Yaml::String(s.clone()),
        serde_json::Value::Array(a) => Yaml::Array(a.iter().map(yaml_of).collect()),
        serde_json::Value::Object(m) => {
            let mut h = yaml_rust2::yaml::Hash::new();
            for (k, x) in m {
                h.insert(Yaml::String(k.clone()), yaml_of(x));
            }
            Yaml::Hash(h)
        }
    }
}
