//! Diagnostics: every problem of a CV in one report, with where and what.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The CV cannot be used as it is.
    Error,
    /// Legal, but probably not what was meant, or a loss in some view.
    Warning,
}

/// What kind of problem a [`Diagnostic`] is: a stable code, so that a program can tell an
/// unknown key from a bad checksum without reading the message (which may change). One code
/// per kind of problem, not per message; new kinds may be added.
///
/// Serialized (in `vitae check --format json`) as its [`Code::as_str`], e.g. `"unknown-key"`.
///
/// ```
/// use vitae::report::Code;
/// let err = vitae::from_str("person: {given-names: Ada, famly-name: Lovelace}", vitae::InputFormat::Yaml).unwrap_err();
/// assert!(err.errors().any(|d| d.code == Code::UnknownKey));
/// let err = vitae::from_str("person: {given-names: Ada, family-name: Lovelace, orcid: 0000-0002-1825-0098}", vitae::InputFormat::Yaml).unwrap_err();
/// assert_eq!(err.errors().map(|d| d.code).collect::<Vec<_>>(), [Code::BadChecksum]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Code {
    // ----- the file -----
    /// The file (or a bibliography file) cannot be read, or text has no directory to find
    /// its bibliography in.
    Unreadable,
    /// A file name whose extension is not one of a CV format.
    UnknownFormat,
    /// Larger than the size a CV may have.
    TooLarge,
    /// Bytes that are not UTF-8.
    NotUtf8,
    /// A syntax error of YAML, JSON or TOML (or a second YAML document, an alias to no
    /// anchor).
    Syntax,
    /// Nesting or alias expansion beyond the reader's limits.
    TooDeep,
    /// A character YAML 1.2 or XML 1.0 does not allow.
    ForbiddenCharacter,
    /// No CV at all: an empty file, only comments, or not a map of sections.
    NotACv,
    /// A bibliography entry that cannot be read at all.
    UnreadableEntry,
    // ----- fields and values -----
    /// A key the format does not have (with the closest known key, when there is one).
    UnknownKey,
    /// A value of the wrong shape: a list where a map belongs, a number for a text, ...
    WrongType,
    /// A required field or section is missing.
    Required,
    /// A value its type refuses: a malformed date, DOI, ORCID iD, an unknown variant, ...
    InvalidValue,
    /// An identifier whose check digit is wrong (ORCID iD, ROR id, ISBN, ISSN, ISNI).
    BadChecksum,
    // ----- across items -----
    /// The same id, DOI, citation key or self identifier twice.
    Duplicate,
    /// A reference to an id, a citation key or an author position no item has.
    UnknownReference,
    /// A date after the one it must precede (an end before the start).
    DateOrder,
    /// An item that refers to itself.
    SelfReference,
    // ----- warnings -----
    /// A work without any identifier or link.
    NoIdentifier,
    /// No author of a work is the CV's person.
    NotMarked,
    /// Legal, but a view needs more (an employment without a country, a talk without an
    /// event, an editorial role without a journal).
    Incomplete,
    /// A field that some view (or the CV) does not keep.
    NotExported,
    /// Legal, but probably not what was meant (a skill with a comma, a name kept whole).
    Suspicious,
    // ----- views -----
    /// A rule of ORCID's API (`check --target orcid`, `export --to orcid-xml`).
    OrcidRule,
    /// A view could not be written.
    ExportFailed,
    /// A diagnostic made without a code (by [`Diagnostic::error`] or
    /// [`Diagnostic::warning`] alone).
    Other,
}

impl Code {
    /// The code as text, as `--format json` shows it: `unknown-key`, `bad-checksum`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Unreadable => "unreadable",
            Code::UnknownFormat => "unknown-format",
            Code::TooLarge => "too-large",
            Code::NotUtf8 => "not-utf8",
            Code::Syntax => "syntax",
            Code::TooDeep => "too-deep",
            Code::ForbiddenCharacter => "forbidden-character",
            Code::NotACv => "not-a-cv",
            Code::UnreadableEntry => "unreadable-entry",
            Code::UnknownKey => "unknown-key",
            Code::WrongType => "wrong-type",
            Code::Required => "required",
            Code::InvalidValue => "invalid-value",
            Code::BadChecksum => "bad-checksum",
            Code::Duplicate => "duplicate",
            Code::UnknownReference => "unknown-reference",
            Code::DateOrder => "date-order",
            Code::SelfReference => "self-reference",
            Code::NoIdentifier => "no-identifier",
            Code::NotMarked => "not-marked",
            Code::Incomplete => "incomplete",
            Code::NotExported => "not-exported",
            Code::Suspicious => "suspicious",
            Code::OrcidRule => "orcid-rule",
            Code::ExportFailed => "export-failed",
            Code::Other => "other",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What kind of problem it is.
    pub code: Code,
    /// Line in the file, 1-based, when known.
    pub line: Option<usize>,
    /// Column in the file, 1-based (in characters; a tab is one), when known.
    pub column: Option<usize>,
    /// The field path, e.g. `works[12].authors[3].orcid`; empty for the whole file.
    pub path: String,
    /// What was expected and what was found.
    pub message: String,
    /// The file the line and column are in, when it is not the report's (a bibliography file
    /// of the CV).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
}

impl Diagnostic {
    /// An error at a path.
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code: Code::Other,
            line: None,
            column: None,
            path: path.into(),
            message: message.into(),
            file: None,
        }
    }

    /// A warning at a path.
    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(path, message)
        }
    }

    /// The same diagnostic with a code.
    #[must_use]
    pub fn with_code(mut self, code: Code) -> Self {
        self.code = code;
        self
    }

    /// The same diagnostic at a line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// The same diagnostic in another file than the report's (its line and column are
    /// there).
    pub fn in_file(mut self, file: PathBuf) -> Self {
        self.file = Some(file);
        self
    }
}

/// All the problems found in one CV file.
///
/// `Display` prints one line per problem, `file:line:column: path: message`, as compilers do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The file, when the CV came from one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    /// The problems, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// An empty report for a file.
    pub fn new(file: Option<PathBuf>) -> Self {
        Self {
            file,
            diagnostics: Vec::new(),
        }
    }

    /// A report of a single error.
    pub fn single(file: Option<PathBuf>, d: Diagnostic) -> Self {
        Self {
            file,
            diagnostics: vec![d],
        }
    }

    /// Adds a problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// Sorts the problems by line (unknown lines last), keeping the order of equal lines;
    /// those in other files (a bibliography) after the report's own, by file.
    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            let key = |d: &Diagnostic| (d.line.unwrap_or(usize::MAX), d.column.unwrap_or(0));
            a.file.cmp(&b.file).then_with(|| key(a).cmp(&key(b)))
        });
    }
}

impl Report {
    /// The report for people, with repeated warnings grouped: a warning whose message occurs
    /// more than [`Grouped::SHOWN`] times is one line, at its first place, with the first
    /// paths and the count of the others. Errors are all listed. `Display` lists everything.
    ///
    /// ```
    /// use vitae::{Diagnostic, Report};
    /// let mut r = Report::new(None);
    /// for i in 0..100 {
    ///     r.push(Diagnostic::warning(format!("works[{i}]"), "a work without any identifier"));
    /// }
    /// assert_eq!(
    ///     r.grouped().to_string(),
    ///     "warning: works[0], works[1], works[2] and 97 more: a work without any identifier\n"
    /// );
    /// assert_eq!(r.to_string().lines().count(), 100);
    /// ```
    pub fn grouped(&self) -> Grouped<'_> {
        Grouped(self)
    }

    fn write_one(&self, f: &mut fmt::Formatter<'_>, d: &Diagnostic, paths: &str) -> fmt::Result {
        let sev = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}: ")?;
        if let Some(file) = d.file.as_ref().or(self.file.as_ref()) {
            write!(f, "{}:", file.display())?;
            if let Some(l) = d.line {
                write!(f, "{l}:{}:", d.column.unwrap_or(1))?;
            }
            write!(f, " ")?;
        } else if let Some(l) = d.line {
            write!(f, "line {l}, column {}: ", d.column.unwrap_or(1))?;
        }
        if !paths.is_empty() {
            write!(f, "{}: ", Plain(paths))?;
        }
        writeln!(f, "{}", Plain(&d.message))
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            self.write_one(f, d, &d.path)?;
        }
        Ok(())
    }
}

/// A [`Report`] shown with repeated warnings grouped ([`Report::grouped`]).
pub struct Grouped<'a>(&'a Report);

impl Grouped<'_> {
    /// How many paths of a repeated warning are shown.
    pub const SHOWN: usize = 3;
}

impl fmt::Display for Grouped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let report = self.0;
        let mut by_message: std::collections::HashMap<&str, Vec<&Diagnostic>> =
            std::collections::HashMap::new();
        for d in report.warnings() {
            by_message.entry(&d.message).or_default().push(d);
        }
        for d in &report.diagnostics {
            let same = match d.severity {
                Severity::Warning => &by_message[d.message.as_str()],
                Severity::Error => {
                    report.write_one(f, d, &d.path)?;
                    continue;
                }
            };
            if same.len() <= Self::SHOWN {
                report.write_one(f, d, &d.path)?;
            } else if std::ptr::eq(same[0], d) {
                let mut paths: Vec<&str> = same[..Self::SHOWN].iter().map(|d| &*d.path).collect();
                paths.retain(|p| !p.is_empty());
                let paths = format!("{} and {} more", paths.join(", "), same.len() - Self::SHOWN);
                report.write_one(f, d, &paths)?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Report {}

/// Text from the CV (keys, values quoted in messages) with its control characters escaped, so
/// that each diagnostic stays one line and nothing in a file can drive the terminal.
struct Plain<'a>(&'a str);

impl fmt::Display for Plain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}

// ----- building diagnostics -----

/// Appends `[i]` to a path.
pub(crate) fn push_index(path: &mut String, i: usize) {
    path.push('[');
    path.push_str(itoa::Buffer::new().format(i));
    path.push(']');
}

/// The known key closest to `k`, when it is close enough to be a typo: one edit (a letter
/// missing, added, changed, or two letters swapped) in a word of 3 or 4 letters, two in a word
/// of 5 to 8 letters, three in a longer one; or the same word in another case or with `_` or
/// without `-`.
pub(crate) fn did_you_mean<'a>(k: &str, known: &[&'a str]) -> Option<&'a str> {
    let k = k.to_lowercase().replace('_', "-");
    known
        .iter()
        .map(|c| (strsim::osa_distance(&k, c), *c))
        .filter(|(d, c)| {
            let allowed = match c.chars().count() {
                0..=2 => 0,
                3..=4 => 1,
                5..=8 => 2,
                _ => 3,
            };
            *d <= allowed || k.replace('-', "") == c.replace('-', "")
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_problem_whatever_the_text() {
        let r = Report::single(
            Some("cv.yaml".into()),
            Diagnostic::error("person.a\nb", "unknown key `a\nb\u{1b}[31m`").at(3, 5),
        );
        assert_eq!(
            r.to_string(),
            "error: cv.yaml:3:5: person.a\\nb: unknown key `a\\nb\\u{1b}[31m`\n"
        );
    }

    #[test]
    fn typos_and_their_threshold() {
        let keys = ["id", "type", "title", "doi", "family-name", "country"];
        assert_eq!(did_you_mean("dio", &keys), Some("doi"));
        assert_eq!(did_you_mean("famly-name", &keys), Some("family-name"));
        assert_eq!(did_you_mean("familyName", &keys), Some("family-name"));
        assert_eq!(did_you_mean("family_name", &keys), Some("family-name"));
        assert_eq!(did_you_mean("contry", &keys), Some("country"));
        assert_eq!(did_you_mean("Title", &keys), Some("title"));
        assert_eq!(did_you_mean("xy", &keys), None);
        assert_eq!(did_you_mean("journal", &keys), None);
    }
}
