//! Reading a CV file: YAML, JSON or TOML, chosen by extension, into the model, with every
//! problem in one [`Report`].
//!
//! The pipeline: bytes → UTF-8 text → a JSON value and a map of field positions → unknown
//! keys and XML-illegal characters → typed items, one item at a time so that one bad item
//! does not hide the next → [`Cv::complete`] → [`validate`](crate::validate::validate).

mod schema_check;
pub(crate) mod source_map;
mod yaml;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::model::Cv;
use crate::report::{Diagnostic, Report, Severity};
use source_map::SourceMap;

/// The largest CV file accepted, in bytes.
pub const MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// The syntax of a CV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InputFormat {
    /// YAML 1.2 (`.yaml`, `.yml`).
    Yaml,
    /// JSON (`.json`).
    Json,
    /// TOML (`.toml`).
    Toml,
}

impl InputFormat {
    /// The format for a file extension.
    ///
    /// ```
    /// use vitae::InputFormat;
    /// assert_eq!(InputFormat::from_extension("YML"), Some(InputFormat::Yaml));
    /// assert_eq!(InputFormat::from_extension("txt"), None);
    /// ```
    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext.to_ascii_lowercase().as_str() {
            "yaml" | "yml" => Some(Self::Yaml),
            "json" => Some(Self::Json),
            "toml" => Some(Self::Toml),
            _ => None,
        }
    }

    /// The format for a path, by its extension.
    pub fn from_path(path: &Path) -> Option<Self> {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(Self::from_extension)
    }
}

/// A CV read from a file, with the warnings found in it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The CV, completed (ids assigned, own entries marked).
    pub cv: Cv,
    /// Warnings (never errors: a file with errors gives `Err`).
    pub report: Report,
}

/// Reads and checks a CV file.
///
/// # Errors
/// A [`Report`] with every problem found when the file cannot be read or has any error.
pub fn load(path: &Path) -> Result<Loaded, Report> {
    let file = Some(path.to_path_buf());
    let fail = |msg: String| Report::single(file.clone(), Diagnostic::error("", msg));
    let format = InputFormat::from_path(path)
        .ok_or_else(|| fail("expected a file ending in .yaml, .yml, .json or .toml".to_owned()))?;
    let meta = std::fs::metadata(path).map_err(|e| fail(format!("cannot read the file: {e}")))?;
    if meta.len() > MAX_FILE_SIZE {
        return Err(fail(format!(
            "the file has {} bytes; at most {MAX_FILE_SIZE} are accepted",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read the file: {e}")))?;
    parse_bytes(&bytes, format, file)
}

/// Parses and checks CV bytes in a format; `file` names them in the report.
///
/// # Errors
/// A [`Report`] with every problem found.
pub fn parse_bytes(
    bytes: &[u8],
    format: InputFormat,
    file: Option<PathBuf>,
) -> Result<Loaded, Report> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let (line, col) = line_col(bytes, e.valid_up_to());
            return Err(Report::single(
                file,
                Diagnostic::error(
                    "",
                    format!(
                        "expected UTF-8 text, found the byte 0x{:02X} that is not UTF-8",
                        bytes[e.valid_up_to()]
                    ),
                )
                .at(line, col),
            ));
        }
    };
    parse_source(text.strip_prefix('\u{feff}').unwrap_or(text), format, file)
}

/// Parses and checks CV text.
///
/// # Errors
/// A [`Report`] with every problem found.
///
/// ```
/// let cv = vitae::parse_str("person: {given-names: Ada, family-name: Lovelace}", vitae::InputFormat::Yaml)?;
/// assert_eq!(cv.person.full_name(), "Ada Lovelace");
/// let err = vitae::parse_str("person: {given-names: Ada, famly-name: Lovelace}", vitae::InputFormat::Yaml).unwrap_err();
/// assert!(err.to_string().contains("did you mean `family-name`?"));
/// # Ok::<(), vitae::Report>(())
/// ```
pub fn parse_str(text: &str, format: InputFormat) -> Result<Cv, Report> {
    parse_source(text, format, None).map(|l| l.cv)
}

fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, col)
}

/// Parses and checks CV text; `file` names it in the report.
///
/// # Errors
/// A [`Report`] with every problem found.
pub fn parse_source(
    text: &str,
    format: InputFormat,
    file: Option<PathBuf>,
) -> Result<Loaded, Report> {
    let mut report = Report::new(file);
    if text.trim().is_empty() {
        report.push(Diagnostic::error(
            "",
            "the file is empty: expected a CV with at least a `person` section",
        ));
        return Err(report);
    }
    let (value, map) = match to_value(text, format) {
        Ok(x) => x,
        Err(d) => {
            report.push(d);
            return Err(report);
        }
    };
    let mut diags = Vec::new();
    if !value.is_object() {
        diags.push(Diagnostic::error(
            "",
            format!(
                "expected a map of sections (person, works, ...), found {}",
                kind_of(&value)
            ),
        ));
    } else {
        diags.extend(schema_check::unknown_keys(&value, schema_value()));
        xml_illegal_chars(&value, "", &mut diags);
    }
    let cv = if value.is_object() {
        typed(&value, &mut diags)
    } else {
        None
    };
    let clean = !diags.iter().any(|d| d.severity == Severity::Error);
    if let (Some(mut cv), true) = (cv, clean) {
        cv.complete();
        diags.extend(crate::validate::validate(&cv));
        finish(&mut report, diags, &map);
        if report.has_errors() {
            Err(report)
        } else {
            Ok(Loaded { cv, report })
        }
    } else {
        finish(&mut report, diags, &map);
        Err(report)
    }
}

fn finish(report: &mut Report, diags: Vec<Diagnostic>, map: &SourceMap) {
    for mut d in diags {
        if d.line.is_none() {
            if let Some((l, c)) = map.locate(&d.path) {
                d = d.at(l, c);
            }
        }
        report.push(d);
    }
    report.sort();
}

/// Reads CV text into a plain JSON value, without checking it against the model: what the
/// JSON Schema validates.
///
/// # Errors
/// A syntax error, with its line and column.
pub fn read_value(text: &str, format: InputFormat) -> Result<Value, Report> {
    to_value(text, format)
        .map(|(v, _)| v)
        .map_err(|d| Report::single(None, d))
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

fn to_value(text: &str, format: InputFormat) -> Result<(Value, SourceMap), Diagnostic> {
    match format {
        InputFormat::Yaml => yaml::to_value(text),
        InputFormat::Json => {
            let v: Value = serde_json::from_str(text).map_err(|e| {
                Diagnostic::error("", format!("JSON syntax error: {e}")).at(e.line(), e.column())
            })?;
            // JSON is YAML 1.2 flow style: the YAML reader finds the positions of the fields.
            let map = yaml::to_value(text).map(|(_, m)| m).unwrap_or_default();
            Ok((v, map))
        }
        InputFormat::Toml => {
            let t: toml::Table = toml::from_str(text).map_err(|e| {
                let mut d = Diagnostic::error("", format!("TOML syntax error: {}", e.message()));
                if let Some(span) = e.span() {
                    let (l, c) = line_col(text.as_bytes(), span.start);
                    d = d.at(l, c);
                }
                d
            })?;
            Ok((toml_to_json(toml::Value::Table(t)), SourceMap::default()))
        }
    }
}

fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// The JSON Schema of the CV format, generated once per process.
pub(crate) fn schema_value() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| crate::schema::json_schema().to_value())
}

/// Whether XML 1.0 can carry a character.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn xml_illegal_chars(v: &Value, path: &str, out: &mut Vec<Diagnostic>) {
    let check = |s: &str, p: &str, out: &mut Vec<Diagnostic>| {
        if let Some(c) = s.chars().find(|c| !is_xml_char(*c)) {
            out.push(Diagnostic::error(
                p.to_owned(),
                format!(
                    "found the character U+{:04X}, which XML 1.0 cannot carry (ORCID XML and RDF/XML would be invalid); remove it",
                    c as u32
                ),
            ));
        }
    };
    match v {
        Value::String(s) => check(s, path, out),
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                xml_illegal_chars(x, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(m) => {
            for (k, x) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                check(k, &p, out);
                xml_illegal_chars(x, &p, out);
            }
        }
        _ => {}
    }
}

/// Deserializes one part, with its path prefixed to the error.
fn part<T: DeserializeOwned>(v: &Value, path: &str, diags: &mut Vec<Diagnostic>) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(v) {
        Ok(x) => Some(x),
        Err(e) => {
            let inner = e.path().to_string();
            let full = match (path.is_empty(), inner == ".") {
                (_, true) => path.to_owned(),
                (true, false) => inner,
                (false, false) if inner.starts_with('[') => format!("{path}{inner}"),
                (false, false) => format!("{path}.{inner}"),
            };
            diags.push(Diagnostic::error(
                full,
                tidy_message(&e.into_inner().to_string()),
            ));
            None
        }
    }
}

/// serde's messages, made plainer.
fn tidy_message(m: &str) -> String {
    if let Some(rest) = m.strip_prefix("unknown variant `") {
        if let Some((found, expected)) = rest.split_once("`, expected one of ") {
            let known: Vec<&str> = expected.split(", ").map(|k| k.trim_matches('`')).collect();
            return match schema_check::did_you_mean(found, &known) {
                Some(best) => format!("unknown value `{found}`; did you mean `{best}`?"),
                None => format!(
                    "unknown value `{found}`; expected one of: {}",
                    known.join(", ")
                ),
            };
        }
    }
    let m = m
        .replace("invalid type: ", "wrong type: found ")
        .replace("invalid value: ", "wrong value: found ");
    match m.strip_prefix("missing field ") {
        Some(f) => format!("missing required field {f}"),
        None => m,
    }
}

/// Typed sections, one item at a time, collecting every item's first error.
fn typed(value: &Value, diags: &mut Vec<Diagnostic>) -> Option<Cv> {
    use crate::model::{Affiliation, Award, PatentFamily, Person, Project, Work};
    let obj = value.as_object()?;
    let before = diags.len();
    let person: Option<Person> = match obj.get("person") {
        Some(p) => part(p, "person", diags),
        None => {
            diags.push(Diagnostic::error("", "missing required section `person`"));
            None
        }
    };
    fn list<T: DeserializeOwned>(
        obj: &serde_json::Map<String, Value>,
        key: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<T> {
        match obj.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| part(v, &format!("{key}[{i}]"), diags))
                .collect(),
            Some(v @ Value::Object(_)) => part(v, key, diags).into_iter().collect(),
            Some(other) => {
                diags.push(Diagnostic::error(
                    key,
                    format!("expected a list of items, found {}", kind_of(other)),
                ));
                Vec::new()
            }
        }
    }
    let base_iri: Option<url::Url> = obj.get("base-iri").and_then(|v| part(v, "base-iri", diags));
    let employment = list::<Affiliation>(obj, "employment", diags);
    let education = list::<Affiliation>(obj, "education", diags);
    let qualifications = list::<Affiliation>(obj, "qualifications", diags);
    let invited_positions = list::<Affiliation>(obj, "invited-positions", diags);
    let memberships = list::<Affiliation>(obj, "memberships", diags);
    let services = list::<Affiliation>(obj, "services", diags);
    let awards = list::<Award>(obj, "awards", diags);
    let projects = list::<Project>(obj, "projects", diags);
    let patents = list::<PatentFamily>(obj, "patents", diags);
    let works = list::<Work>(obj, "works", diags);
    let cv = Cv {
        base_iri,
        person: person?,
        employment,
        education,
        qualifications,
        invited_positions,
        memberships,
        services,
        awards,
        projects,
        patents,
        works,
    };
    let failed = diags[before..]
        .iter()
        .any(|d| d.severity == Severity::Error);
    (!failed).then_some(cv)
}
