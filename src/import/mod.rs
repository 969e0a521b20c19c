//! Readers of the formats researchers already have, into the CV model: BibTeX and BibLaTeX
//! ([`bibtex`]), CSL-JSON ([`csl_json`]) and JSON Resume ([`json_resume`]).
//!
//! Each reader is a function from text to works (or, for JSON Resume, a CV) with [`Note`]s:
//! what it could not keep and what it could not read, each with its line and column where
//! the format has them. A reader never drops data without a note. The `vitae import` command
//! writes what a reader returns; other callers (a CV's linked bibliography, a merge) can reuse
//! the readers as they are.

pub mod bibtex;
pub mod csl_json;
#[cfg(feature = "ureq")]
pub mod doi;
#[cfg(feature = "ureq")]
pub mod http;
pub mod identity;
pub mod json_resume;
pub mod merge;
#[cfg(feature = "ureq")]
pub mod orcid_id;

use std::fmt;

use crate::model::{Cv, Person, Text, Work};

/// How much a [`Note`] matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoteKind {
    /// Something read but not kept: a field the model has no place for, a value its types
    /// refuse.
    NotKept,
    /// An entry that could not be read at all (it is left out; the others are read).
    Broken,
    /// Read and kept, but worth a look: a duplicate key, a name kept whole.
    Warning,
}

/// What a reader has to say about its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// What kind of note.
    pub kind: NoteKind,
    /// Line and column (1-based) in the input, where known.
    pub at: Option<(usize, usize)>,
    /// The item it is about: a citation key, a CSL item id, a JSON path.
    pub item: Option<String>,
    /// What happened, e.g. "field `abbr` not kept".
    pub message: String,
}

impl Note {
    pub(crate) fn new(kind: NoteKind, item: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            kind,
            at: None,
            item: item.map(str::to_owned),
            message: message.into(),
        }
    }

    pub(crate) fn at(mut self, at: (usize, usize)) -> Self {
        self.at = Some(at);
        self
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((line, column)) = self.at {
            write!(f, "line {line}, column {column}: ")?;
        }
        if let Some(item) = &self.item {
            write!(f, "{item}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Works read from a bibliography, with the notes of the reading.
#[derive(Debug, Clone, PartialEq)]
pub struct Works {
    /// The works, in the order of the input.
    pub works: Vec<Work>,
    /// What was not kept or not read.
    pub notes: Vec<Note>,
}

/// A CV read from a document that describes a person, with the notes of the reading.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedCv {
    /// The CV.
    pub cv: Cv,
    /// What was not kept or not read.
    pub notes: Vec<Note>,
    /// Whether the document named the person (else the CV says "Unknown Unknown").
    pub person_found: bool,
}

/// The person of a CV read from a bibliography, which names no one in particular: "Unknown
/// Unknown", to be edited (as the ORCID import does for a record without a name).
pub fn placeholder_person() -> Person {
    Person::new(Text::literal("Unknown"), Text::literal("Unknown"))
}

/// A CV holding these works and a placeholder person, completed (ids derived where absent).
/// An id given twice (one citation key in two files) is kept on its first work only; the
/// returned notes say which.
pub fn cv_of_works(mut works: Vec<Work>) -> (Cv, Vec<Note>) {
    let mut notes = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for w in &mut works {
        if let Some(id) = &w.id
            && !seen.insert(id.as_str().to_owned())
        {
            notes.push(Note::new(
                NoteKind::Warning,
                Some(id.as_str()),
                "the id is already taken by an earlier work: this one gets a derived id",
            ));
            w.id = None;
        }
    }
    let mut cv = Cv::new(placeholder_person());
    cv.works = works;
    cv.complete();
    (cv, notes)
}

/// The 1-based line and column (in characters) of a byte offset in a text.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut at = offset;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// A text of the model from a string read, or `None` when it is empty or blank.
pub(crate) fn text(s: &str) -> Option<Text> {
    let t = collapse_spaces(s);
    Text::new(&t).ok()
}

/// White space runs (new lines included) as one space, trimmed.
pub(crate) fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters() {
        let t = "ab\nçd@x";
        assert_eq!(line_column(t, 0), (1, 1));
        assert_eq!(line_column(t, 3), (2, 1));
        assert_eq!(line_column(t, t.find('@').unwrap()), (2, 3));
    }
}
