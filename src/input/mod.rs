//! Reading a CV file: YAML, JSON or TOML, chosen by extension, into the model, with every
//! problem in one [`Report`].
//!
//! The pipeline: bytes → UTF-8 text → a JSON value and a map of field positions → unknown
//! keys, misplaced lists and maps, XML-illegal characters → typed items, one item at a time
//! and every bad field of an item, so that one mistake does not hide the next →
//! [`Cv::complete`] → [`validate`](crate::validate::validate).
//!
//! No input makes the reader panic or run away: the file size is bounded while reading
//! ([`MAX_FILE_SIZE`], [`read_bounded`]: `/dev/zero` or a FIFO is refused at the cap), so are
//! nesting depth and alias expansion in YAML; JSON (serde_json) and TOML (toml) bound their
//! nesting themselves.

mod bibliography;
mod bounded;
mod linked_files;
mod schema_check;
pub(crate) mod source_map;
mod toml_value;
mod typed;
mod write;
mod yaml;
mod yaml_chars;
pub mod yaml_edit;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

use crate::model::Cv;
use crate::report::{Code, Diagnostic, Report, Severity};
pub use bounded::{ReadError, read_bounded};
pub use linked_files::MAX_LINKED_FILE_SIZE;
use source_map::SourceMap;
pub use write::{WriteError, to_string, to_yaml_items, to_yaml_string};

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
    /// How many works the CV file itself holds, and where each work after them (read from
    /// the bibliography) comes from.
    bibliography: (usize, Vec<bibliography::Origin>),
    /// Where each field of the CV file is, for diagnostics found after loading.
    positions: SourceMap,
}

impl Loaded {
    /// Places diagnostics found after loading (by an exporter or checker, with paths of
    /// [`Loaded::cv`]): those about the works read from the CV's bibliography move to their
    /// entries (the bibliography file, the entry's line and column, the citation key in place
    /// of `works[N]`); the others get the line and column of their field in the CV file.
    pub fn locate(&self, diagnostics: &mut [Diagnostic]) {
        let (own, origins) = &self.bibliography;
        bibliography::relocate(diagnostics, *own, origins);
        for d in diagnostics.iter_mut() {
            if d.line.is_none()
                && d.file.is_none()
                && let Some((l, c)) = self.positions.locate(&d.path)
            {
                d.line = Some(l);
                d.column = Some(c);
            }
        }
    }
}

/// Reads and checks a CV file: the format from its extension, the files of its
/// `bibliography` beside it; the report names the file.
///
/// ```no_run
/// let loaded = vitae::from_path("cv.yaml")?;
/// for warning in loaded.report.warnings() {
///     eprintln!("{}", warning.message);
/// }
/// println!("{}", loaded.cv.person.full_name());
/// # Ok::<(), vitae::Report>(())
/// ```
///
/// # Errors
/// A [`Report`] with every problem found when the file cannot be read or has any error.
pub fn from_path(path: impl AsRef<Path>) -> Result<Loaded, Report> {
    let path = path.as_ref();
    let file = Some(path.to_path_buf());
    let fail = |code: Code, msg: String| {
        Report::single(file.clone(), Diagnostic::error("", msg).with_code(code))
    };
    let format = InputFormat::from_path(path).ok_or_else(|| {
        let found = match path.extension() {
            Some(e) => format!("`.{}`", e.to_string_lossy()),
            None => "no extension".to_owned(),
        };
        fail(
            Code::UnknownFormat,
            format!("expected a file ending in .yaml, .yml, .json or .toml, found {found}"),
        )
    })?;
    let bytes = read_bounded(path, MAX_FILE_SIZE).map_err(|e| {
        let code = match e {
            ReadError::Io(_) => Code::Unreadable,
            _ => Code::TooLarge,
        };
        fail(code, e.to_string())
    })?;
    let base = path.parent().unwrap_or(Path::new(""));
    let base = if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        base
    };
    Reader::new(format)
        .with_file_name(path)
        .with_base_dir(base)
        .read_slice(&bytes)
}

/// Parses and checks CV text, with the warnings found in it.
///
/// Text has no directory: a CV with a `bibliography` is an error here (at
/// `bibliography[0]`, ...), since its paths are relative to the CV file. [`from_path`] reads
/// them beside the file; a [`Reader`] beside a directory the caller names.
///
/// ```
/// let loaded = vitae::from_str("person: {given-names: Ada, family-name: Lovelace}", vitae::InputFormat::Yaml)?;
/// assert_eq!(loaded.cv.person.full_name(), "Ada Lovelace");
/// assert_eq!(loaded.report.warnings().count(), 0);
/// let err = vitae::from_str("person: {given-names: Ada, famly-name: Lovelace}", vitae::InputFormat::Yaml).unwrap_err();
/// assert!(err.to_string().contains("did you mean `family-name`?"));
/// # Ok::<(), vitae::Report>(())
/// ```
///
/// # Errors
/// A [`Report`] with every problem found.
pub fn from_str(text: &str, format: InputFormat) -> Result<Loaded, Report> {
    Reader::new(format).read_str(text)
}

/// Parses and checks CV bytes (UTF-8, a byte order mark allowed), with the warnings found
/// in them.
///
/// # Errors
/// A [`Report`] with every problem found, among them bytes that are not UTF-8.
pub fn from_slice(bytes: &[u8], format: InputFormat) -> Result<Loaded, Report> {
    Reader::new(format).read_slice(bytes)
}

/// How to read CV text that does not come from [`from_path`]: its format, the file name
/// the report gives it, and the directory its `bibliography` files are read from.
///
/// ```
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("papers.bib"), "@article{ada1843, title = {Notes}, author = {Lovelace, Ada}, year = 1843}")?;
/// let cv = "person: {given-names: Ada, family-name: Lovelace}\nbibliography: papers.bib\n";
/// let loaded = vitae::Reader::new(vitae::InputFormat::Yaml)
///     .with_file_name("cv.yaml")
///     .with_base_dir(dir.path())
///     .read_str(cv)?;
/// assert_eq!(loaded.cv.works[0].id.as_ref().map(|i| i.as_str()), Some("ada1843"));
/// assert!(loaded.cv.works[0].authors[0].is_me());
/// // Without a directory, the bibliography cannot be found.
/// let err = vitae::from_str(cv, vitae::InputFormat::Yaml).unwrap_err();
/// assert!(err.to_string().contains("bibliography[0]"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Reader {
    format: InputFormat,
    file: Option<PathBuf>,
    base: Option<PathBuf>,
}

impl Reader {
    /// A reader of text in `format`, without a file name or a directory.
    pub fn new(format: InputFormat) -> Self {
        Self {
            format,
            file: None,
            base: None,
        }
    }

    /// The same reader, naming the text `file` in its report (nothing is read from it).
    #[must_use]
    pub fn with_file_name(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// The same reader, reading the files of the CV's `bibliography` relative to `dir` (the
    /// directory of the CV file); each problem in a bibliography file names that file.
    #[must_use]
    pub fn with_base_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.base = Some(dir.into());
        self
    }

    /// Parses and checks CV bytes.
    ///
    /// # Errors
    /// A [`Report`] with every problem found, among them bytes that are not UTF-8.
    pub fn read_slice(&self, bytes: &[u8]) -> Result<Loaded, Report> {
        let text = utf8(bytes, &self.file)?;
        self.read_str(text)
    }

    /// Parses and checks CV text.
    ///
    /// # Errors
    /// A [`Report`] with every problem found, in the CV and in its bibliography files.
    pub fn read_str(&self, text: &str) -> Result<Loaded, Report> {
        parse(text, self.format, self.file.clone(), self.base.as_deref())
    }
}

fn too_large(len: u64) -> String {
    ReadError::TooLarge {
        cap: MAX_FILE_SIZE,
        len,
    }
    .to_string()
}

/// The text of CV bytes, without a byte order mark; an error when they are not UTF-8.
fn utf8<'b>(bytes: &'b [u8], file: &Option<PathBuf>) -> Result<&'b str, Report> {
    let file = file.clone();
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Report::single(
            file,
            Diagnostic::error(
                "",
                "expected UTF-8 text, found UTF-16 (the file starts with a UTF-16 byte order mark); save the file as UTF-8",
            )
            .with_code(Code::NotUtf8)
            .at(1, 1),
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            let (line, col) = line_col(bytes, at);
            let bad = &bytes[at..(at + e.error_len().unwrap_or(1)).min(bytes.len())];
            let hex: Vec<String> = bad.iter().map(|b| format!("0x{b:02X}")).collect();
            return Err(Report::single(
                file,
                Diagnostic::error(
                    "",
                    format!(
                        "expected UTF-8 text, found the {} {}, which is not UTF-8 (save the file as UTF-8)",
                        if bad.len() == 1 { "byte" } else { "bytes" },
                        hex.join(" ")
                    ),
                )
                .with_code(Code::NotUtf8)
                .at(line, col),
            ));
        }
    };
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// The byte offsets of the line breaks (`\n`) of a text.
fn line_breaks(text: &str) -> Vec<usize> {
    memchr::memchr_iter(b'\n', text.as_bytes()).collect()
}

/// The 1-based line and column (in characters) of a byte offset.
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

/// Parses and checks CV text, reading the files of its `bibliography` relative to `base`;
/// `file` names the text in the report.
fn parse(
    text: &str,
    format: InputFormat,
    file: Option<PathBuf>,
    base: Option<&Path>,
) -> Result<Loaded, Report> {
    // Parsers report the end of a text without a final line break on the line after it:
    // every position is brought inside the text.
    let clamp = |report: &mut Report| {
        if report.diagnostics.iter().all(|d| d.line.is_none()) {
            return;
        }
        let breaks = line_breaks(text);
        for d in &mut report.diagnostics {
            if d.file.is_some() {
                continue;
            }
            if let (Some(l), Some(c)) = (d.line, d.column) {
                let l = l.clamp(1, breaks.len() + 1);
                let start = if l == 1 { 0 } else { breaks[l - 2] + 1 };
                let end = breaks.get(l - 1).copied().unwrap_or(text.len());
                let width = text[start..end].chars().count();
                d.line = Some(l);
                d.column = Some(c.clamp(1, width + 1));
            }
        }
    };
    match read_source(text, format, file, base) {
        Ok(mut loaded) => {
            clamp(&mut loaded.report);
            Ok(loaded)
        }
        Err(mut report) => {
            clamp(&mut report);
            Err(report)
        }
    }
}

fn read_source(
    text: &str,
    format: InputFormat,
    file: Option<PathBuf>,
    base: Option<&Path>,
) -> Result<Loaded, Report> {
    let mut report = Report::new(file);
    if text.len() as u64 > MAX_FILE_SIZE {
        report.push(Diagnostic::error("", too_large(text.len() as u64)).with_code(Code::TooLarge));
        return Err(report);
    }
    if format == InputFormat::Yaml {
        let forbidden = yaml_chars::forbidden_chars(text);
        if !forbidden.is_empty() {
            report.diagnostics = forbidden;
            return Err(report);
        }
    }
    if text.trim().is_empty() {
        report.push(
            Diagnostic::error(
                "",
                "the file is empty: expected a CV with at least a `person` section",
            )
            .with_code(Code::NotACv),
        );
        return Err(report);
    }
    let (mut value, map) = match to_value(text, format) {
        Ok(x) => x,
        Err(d) => {
            report.push(d);
            return Err(report);
        }
    };
    let mut diags = Vec::new();
    let mut annotations = Vec::new();
    let cv =
        match &mut value {
            Value::Object(_) => {
                bibliography::strip_annotations(&mut value, &mut diags);
                let found = schema_check::check(&value, &map);
                diags.extend(found.diagnostics);
                if may_give_non_xml_chars(text) && has_xml_illegal_chars(&value) {
                    xml_illegal_chars(&value, &mut String::new(), &mut diags);
                }
                // Unknown keys are reported; the typed pass reads the file without them. Each map
                // loses its unknown keys at once: one by one, each removal would move the entries
                // after it.
                let mut unknown: HashMap<&str, HashSet<&str>> = HashMap::new();
                for (parent, key, _) in &found.unknown {
                    unknown.entry(parent).or_default().insert(key);
                }
                for (parent, keys) in unknown {
                    if let Some(Value::Object(m)) = typed::pointer_mut(&mut value, parent) {
                        m.retain(|k, _| !keys.contains(k.as_str()));
                    }
                }
                let mut typed_diags = Vec::new();
                let cv = typed::cv(&value, &mut typed_diags, &mut annotations);
                let reported = typed::Reported::new(&found.unknown, &found.misplaced);
                diags.extend(typed_diags.into_iter().filter(|d| !reported.covers(d)));
                cv
            }
            Value::Null
                if text
                    .lines()
                    .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) =>
            {
                diags.push(Diagnostic::error(
                "",
                "the file has only comments: expected a CV with at least a `person` section",
            ).with_code(Code::NotACv));
                None
            }
            other => {
                diags.push(
                    Diagnostic::error(
                        "",
                        format!(
                            "expected a map of sections (person, works, ...), found {}",
                            kind_of(other)
                        ),
                    )
                    .with_code(Code::NotACv),
                );
                None
            }
        };
    let clean = !diags.iter().any(|d| d.severity == Severity::Error);
    if let (Some(mut cv), true) = (cv, clean) {
        let own = cv.works.len();
        let origins = bibliography::resolve(&mut cv, annotations, base, &mut diags);
        cv.complete();
        let mut checked = crate::validate::validate(&cv);
        linked_files::check(&cv, base, &mut checked);
        bibliography::relocate(&mut checked, own, &origins);
        diags.extend(checked);
        finish(&mut report, diags, &map);
        if report.has_errors() {
            Err(report)
        } else {
            Ok(Loaded {
                cv,
                report,
                bibliography: (own, origins),
                positions: map,
            })
        }
    } else {
        finish(&mut report, diags, &map);
        Err(report)
    }
}

fn finish(report: &mut Report, diags: Vec<Diagnostic>, map: &SourceMap) {
    for mut d in diags {
        if d.line.is_none()
            && d.file.is_none()
            && let Some((l, c)) = map.locate(&d.path)
        {
            d = d.at(l, c);
        }
        report.push(d);
    }
    report.sort();
}

/// Reads CV text into a plain JSON value, without checking it against the model: what the
/// JSON Schema ([`crate::schema::json_schema`]) validates, read by vitae's own rules (YAML 1.2,
/// the characters it forbids).
///
/// # Errors
/// A syntax error, with its line and column; in YAML, every character YAML 1.2 forbids.
pub fn read_value(text: &str, format: InputFormat) -> Result<Value, Report> {
    if format == InputFormat::Yaml {
        let forbidden = yaml_chars::forbidden_chars(text);
        if !forbidden.is_empty() {
            let mut report = Report::new(None);
            report.diagnostics = forbidden;
            return Err(report);
        }
    }
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
        InputFormat::Yaml => yaml::to_value(text).map_err(|e| match e {
            yaml::YamlError::Syntax(d) | yaml::YamlError::Refused(d) => d,
        }),
        InputFormat::Json => json_to_value(text),
        InputFormat::Toml => toml_value::to_value(text),
    }
}

fn json_to_value(text: &str) -> Result<(Value, SourceMap), Diagnostic> {
    let v: Value = serde_json::from_str(text).map_err(|e| {
        // serde_json counts columns in bytes and repeats the position in its message.
        let msg = e.to_string();
        let msg = match msg.rfind(" at line ") {
            Some(i) => &msg[..i],
            None => &msg,
        };
        let mut d = if msg == "recursion limit exceeded" {
            Diagnostic::error("", yaml::too_deep()).with_code(Code::TooDeep)
        } else {
            Diagnostic::error("", format!("JSON syntax error: {msg}")).with_code(Code::Syntax)
        };
        if e.line() > 0 {
            let line = text.lines().nth(e.line() - 1).unwrap_or("");
            let col = line
                .char_indices()
                .take_while(|(i, _)| *i < e.column().saturating_sub(1))
                .count();
            d = d.at(e.line(), col + 1);
        }
        d
    })?;
    // JSON is YAML 1.2 flow style: the YAML reader finds the positions of the fields, and
    // refuses what serde_json lets through: duplicate keys (serde_json keeps the last), and
    // nesting deeper than the YAML reader takes.
    match yaml::to_value(&without_surrogate_escapes(text)) {
        Ok((_, map)) => Ok((v, map)),
        Err(yaml::YamlError::Refused(d)) => Err(d),
        Err(yaml::YamlError::Syntax(_)) => Ok((v, SourceMap::default())),
    }
}

/// JSON text with each `\uD83D`-style surrogate escape (which JSON writers use for characters
/// beyond U+FFFF, and which YAML refuses) replaced by `\u0020`, of the same length: for
/// finding positions only.
fn without_surrogate_escapes(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("\\u") {
        return text.into();
    }
    let mut out = text.as_bytes().to_vec();
    let mut in_string = false;
    let mut i = 0;
    while i < out.len() {
        match out[i] {
            b'"' => in_string = !in_string,
            b'\\' if in_string => {
                if out.get(i + 1) == Some(&b'u') {
                    let hex = out
                        .get(i + 2..i + 6)
                        .and_then(|h| std::str::from_utf8(h).ok());
                    if hex
                        .and_then(|h| u16::from_str_radix(h, 16).ok())
                        .is_some_and(|u| (0xD800..=0xDFFF).contains(&u))
                    {
                        out[i + 2..i + 6].copy_from_slice(b"0020");
                    }
                }
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    String::from_utf8(out).map_or(text.into(), Into::into)
}

/// The JSON Schema of the CV format, generated once per process.
pub(crate) fn schema_value() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| crate::schema::json_schema().to_value())
}

/// Whether XML 1.0 can carry a character.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Whether a value read from `text` may hold a character XML 1.0 cannot carry: the text has
/// a control character other than tab and line breaks, a backslash (which starts an escape in
/// YAML, JSON and TOML strings: every other character of a value is one of the text), or a
/// character from U+F000 (UTF-8 0xEF…), among them U+FFFE and U+FFFF. One pass over the bytes,
/// without stopping early, so that it runs many bytes at a time.
fn may_give_non_xml_chars(text: &str) -> bool {
    text.as_bytes().iter().fold(0u8, |acc, &b| {
        let control =
            u8::from(b < 0x20) & u8::from(b != b'\t') & u8::from(b != b'\n') & u8::from(b != b'\r');
        acc | control | u8::from(b == b'\\') | u8::from(b == 0xEF)
    }) != 0
}

/// Whether any text holds a character XML 1.0 cannot carry: the quick test before
/// [`xml_illegal_chars`] looks for where.
fn has_xml_illegal_chars(v: &Value) -> bool {
    match v {
        Value::String(s) => !s.chars().all(is_xml_char),
        Value::Array(a) => a.iter().any(has_xml_illegal_chars),
        Value::Object(m) => m.values().any(has_xml_illegal_chars),
        _ => false,
    }
}

/// Every text with a character XML 1.0 cannot carry. `path` is the value's path; the walk
/// appends each child's part to it and takes it off again, so that no path is made unless a
/// character is found.
fn xml_illegal_chars(v: &Value, path: &mut String, out: &mut Vec<Diagnostic>) {
    match v {
        Value::String(s) => {
            if let Some(c) = s.chars().find(|c| !is_xml_char(*c)) {
                out.push(Diagnostic::error(
                    path.clone(),
                    format!(
                        "expected characters that XML 1.0 can carry, found U+{:04X} (ORCID XML and RDF/XML would be invalid); remove it",
                        c as u32
                    ),
                ).with_code(Code::ForbiddenCharacter));
            }
        }
        Value::Array(a) => {
            let len = path.len();
            for (i, x) in a.iter().enumerate() {
                crate::report::push_index(path, i);
                xml_illegal_chars(x, path, out);
                path.truncate(len);
            }
        }
        Value::Object(m) => {
            let len = path.len();
            for (k, x) in m {
                if len > 0 {
                    path.push('.');
                }
                path.push_str(k);
                // Keys need no check: every map of the model is closed, so a key with such a
                // character is an unknown key, reported as one.
                xml_illegal_chars(x, path, out);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn line_breaks() {
        let text = "0123456789abcde\n\n0123\nü\n\nxyz\n01234567\u{8a}\u{10a}89abcdef0123\n\n";
        let expected: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
        assert_eq!(super::line_breaks(text), expected);
        assert!(super::line_breaks("no break").is_empty());
        assert_eq!(super::line_breaks("\n"), vec![0]);
    }
}
