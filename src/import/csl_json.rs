//! CSL-JSON (a Zotero, Mendeley or pandoc export: an array of items) into works.
//!
//! Read as plain JSON, field by field, so that every field the model has no place for is
//! named in a note. Names with particles and literal names, `date-parts`, `raw` and
//! `literal` dates, and every CSL 1.0.2 item type are understood.

use serde_json::{Map, Value};

use super::{Note, NoteKind, Works, collapse_spaces, text};
use crate::model::{
    Container, ContainerKind, Contributor, ContributorRole, Event, Identifier, Organization,
    PublicationStatus, Relationship, Text, Work, WorkKind,
};
use crate::types::{ArxivId, Doi, Isbn, Issn, ItemId, LanguageTag, PageRange, PartialDate};

/// The work kind of a CSL item type (CSL 1.0.2 lists 45; an unknown one is `other`).
pub fn work_kind(csl_type: &str) -> WorkKind {
    match csl_type {
        "article-journal" | "review" | "review-book" => WorkKind::JournalArticle,
        "paper-conference" => WorkKind::ConferencePaper,
        "chapter" | "entry" | "entry-dictionary" | "entry-encyclopedia" => WorkKind::BookChapter,
        "book" | "classic" => WorkKind::Book,
        "collection" | "periodical" => WorkKind::EditedBook,
        "article" => WorkKind::Preprint,
        "thesis" => WorkKind::Thesis,
        "report" | "standard" => WorkKind::Report,
        "speech" => WorkKind::Talk,
        "software" => WorkKind::Software,
        "dataset" => WorkKind::Dataset,
        // article-magazine, article-newspaper, bill, broadcast, document, event, figure,
        // graphic, hearing, interview, legal_case, legislation, manuscript, map,
        // motion_picture, musical_score, pamphlet, patent, performance,
        // personal_communication, post, post-weblog, regulation, song, treaty, webpage.
        _ => WorkKind::Other,
    }
}

/// Reads a CSL-JSON text: an array of items (or one item). Fails only when the text is not
/// JSON of that shape; an item it cannot use is a note.
pub fn read(text: &str) -> Works {
    read_keyed(text).0
}

/// [`read`], with the key of each work (its item's `citation-key`, else its `id`, else
/// `[i]`) and the index of its item, in the order of the works.
pub(crate) fn read_keyed(text: &str) -> (Works, Vec<(String, usize)>) {
    let mut keys = Vec::new();
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return (
                Works {
                    works: Vec::new(),
                    notes: vec![
                        Note::new(NoteKind::Broken, None, format!("not JSON: {e}"))
                            .at((e.line(), e.column())),
                    ],
                },
                keys,
            );
        }
    };
    let items = match value {
        Value::Array(a) => a,
        Value::Object(_) => vec![value],
        _ => {
            return (
                Works {
                    works: Vec::new(),
                    notes: vec![Note::new(
                        NoteKind::Broken,
                        None,
                        "expected an array of CSL items, found another JSON value",
                    )],
                },
                keys,
            );
        }
    };
    let mut works = Vec::new();
    let mut notes = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let Value::Object(map) = item else {
            notes.push(Note::new(
                NoteKind::Broken,
                Some(&format!("[{i}]")),
                "expected an item (an object)",
            ));
            continue;
        };
        let key = map
            .get("citation-key")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let label = map
            .get("id")
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .unwrap_or_else(|| format!("[{i}]"));
        let mut r = ItemReader {
            map,
            label,
            notes: &mut notes,
        };
        if let Some(w) = r.work() {
            works.push(w);
            keys.push((key.unwrap_or(r.label), i));
        }
    }
    (Works { works, notes }, keys)
}

/// One item read into a work; fields are taken out of `map` as they are read, and what is
/// left at the end is reported.
struct ItemReader<'a> {
    map: Map<String, Value>,
    label: String,
    notes: &'a mut Vec<Note>,
}

impl ItemReader<'_> {
    fn note(&mut self, kind: NoteKind, message: String) {
        self.notes.push(Note::new(kind, Some(&self.label), message));
    }

    fn not_kept(&mut self, field: &str, why: String) {
        self.note(
            NoteKind::NotKept,
            format!("field `{field}` not kept: {why}"),
        );
    }

    /// A string field (a number is taken as its digits).
    fn string(&mut self, field: &str) -> Option<String> {
        match self.map.remove(field)? {
            Value::String(s) => {
                let s = collapse_spaces(&s);
                (!s.is_empty()).then_some(s)
            }
            Value::Number(n) => Some(n.to_string()),
            other => {
                self.not_kept(field, format!("expected a string, found {other}"));
                None
            }
        }
    }

    fn typed<T>(
        &mut self,
        field: &str,
        make: impl Fn(&str) -> Result<T, crate::types::ValueError>,
    ) -> Option<T> {
        let s = self.string(field)?;
        match make(&s) {
            Ok(t) => Some(t),
            Err(e) => {
                self.not_kept(field, e.to_string());
                None
            }
        }
    }

    fn work(&mut self) -> Option<Work> {
        let csl_type = self.string("type").unwrap_or_default();
        let Some(title) = self.string("title").and_then(|t| text(&t)) else {
            self.note(
                NoteKind::Broken,
                "item not imported: no title (a work needs one)".into(),
            );
            return None;
        };
        let mut kind = work_kind(&csl_type);
        let genre = self.string("genre");
        // A poster: a `document` or, as vitae's CSL-JSON export writes it, a `speech` of
        // genre `poster`.
        if matches!(kind, WorkKind::Other | WorkKind::Talk)
            && genre
                .as_deref()
                .is_some_and(|g| g.eq_ignore_ascii_case("poster"))
        {
            kind = WorkKind::Poster;
        }
        let mut w = Work::new(kind, title);
        if let Some(g) = genre {
            if kind == WorkKind::Thesis {
                w.degree = Some(g);
            } else if kind != WorkKind::Poster {
                w.notes.extend(text(&g));
            }
        }
        // The item's id as the work's id, where it is a valid one (Zotero's are, pandoc's
        // citation keys mostly are).
        let id = self.string("citation-key").or_else(|| self.string("id"));
        w.id = id.as_deref().and_then(|i| ItemId::new(i).ok());
        w.authors = self.names("author", ContributorRole::Author);
        let editors = self.names("editor", ContributorRole::Editor);
        let translators = self.names("translator", ContributorRole::Translator);
        w.authors.extend(translators);
        w.date = self.date("issued");
        if w.date.is_none() {
            w.date = self.date("original-date");
        }
        let container = self.string("container-title");
        if let Some(t) = container.as_deref().and_then(text) {
            let mut c = Container::new(t);
            c.short_title = self
                .string("container-title-short")
                .or_else(|| self.string("journalAbbreviation"));
            c.series = self.string("collection-title");
            if let Some(issns) = self.string("ISSN") {
                // Zotero writes a print and an online ISSN as "1234-5678, 8765-4321".
                for part in issns.split([',', ';', ' ']).filter(|p| !p.is_empty()) {
                    match Issn::new(part) {
                        Ok(i) => c.issn.push(i),
                        Err(e) => self.not_kept("ISSN", e.to_string()),
                    }
                }
            }
            if kind == WorkKind::Preprint {
                c.kind = Some(ContainerKind::Repository);
            }
            if matches!(kind, WorkKind::BookChapter | WorkKind::ConferencePaper) {
                c.editors = editors.clone();
                c.place = self.string("publisher-place");
                if let Some(p) = self.string("publisher") {
                    c.publisher = Organization::named(&p).ok();
                }
            }
            w.container = Some(c);
        }
        if kind == WorkKind::EditedBook && w.authors.is_empty() {
            w.authors = editors;
        } else if !editors.is_empty() && w.container.as_ref().is_none_or(|c| c.editors.is_empty()) {
            self.not_kept(
                "editor",
                format!(
                    "{} editor(s) of a work with no book or proceedings to hold them",
                    editors.len()
                ),
            );
        }
        w.volume = self.string("volume");
        w.issue = self.string("issue");
        if let Some(p) = self.string("page") {
            match PageRange::new(&p) {
                Ok(r) => w.pages = Some(r),
                Err(_) => w.article_number = Some(p),
            }
        }
        if let Some(n) = self.string("number") {
            if kind == WorkKind::Preprint && ArxivId::new(n.trim_start_matches("arXiv:")).is_ok() {
                w.arxiv = ArxivId::new(n.trim_start_matches("arXiv:")).ok();
            } else if w.article_number.is_none() {
                // A report's number, a journal article's article number (Zotero 7's
                // "Article Number" is CSL's `number`).
                w.article_number = Some(n);
            } else {
                self.not_kept("number", format!("{n:?}: the work already has a number"));
            }
        }
        if let Some(p) = self.string("publisher") {
            match Organization::named(&p) {
                Ok(mut o) => {
                    o.city = self.string("publisher-place");
                    w.publisher = Some(o);
                }
                Err(e) => self.not_kept("publisher", e.to_string()),
            }
        }
        if let Some(place) = self.string("publisher-place") {
            match &mut w.container {
                Some(c) if c.place.is_none() => c.place = Some(place),
                _ => self.not_kept("publisher-place", "no publisher to hold it".into()),
            }
        }
        w.doi = self.typed("DOI", |s| {
            Doi::new(s.trim_start_matches("https://doi.org/"))
        });
        w.url = self.typed("URL", crate::types::Url::new);
        w.pmid = self.string("PMID");
        if let Some(pmc) = self.string("PMCID")
            && let Ok(value) = Text::new(&pmc)
        {
            w.identifiers.push(Identifier {
                scheme: Text::literal("pmc"),
                value,
                url: None,
                relationship: Relationship::SelfId,
            });
        }
        if let Some(isbn) = self.string("ISBN") {
            for part in isbn
                .split([',', ';'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                match Isbn::new(part) {
                    Ok(i) => w.isbn.push(i),
                    Err(e) => self.not_kept("ISBN", e.to_string()),
                }
            }
        }
        w.r#abstract = self.string("abstract");
        if let Some(k) = self.string("keyword") {
            w.keywords = k.split([',', ';']).filter_map(text).collect();
        }
        if let Some(n) = self.string("note") {
            w.notes.extend(text(&n));
        }
        if let Some(l) = self.string("language") {
            match LanguageTag::new(&l) {
                Ok(t) => w.language = Some(t),
                Err(e) => self.not_kept("language", e.to_string()),
            }
        }
        if let Some(s) = self.string("status") {
            w.status = match s.to_ascii_lowercase().as_str() {
                "in press" | "in-press" | "forthcoming" => PublicationStatus::InPress,
                "accepted" => PublicationStatus::Accepted,
                "submitted" => PublicationStatus::Submitted,
                _ => {
                    w.notes.extend(text(&s));
                    PublicationStatus::Published
                }
            };
        }
        let event = self.string("event-title").or_else(|| self.string("event"));
        if let Some(name) = event.as_deref().and_then(text) {
            let location = self.string("event-place").map(|p| crate::model::Place {
                name: None,
                city: Some(p),
                region: None,
                country: None,
                online: false,
                url: None,
            });
            let dates = self.date("event-date").into_iter().collect();
            w.event = Some(Event {
                name,
                host: None,
                location,
                dates,
                url: None,
            });
        }
        // What only Zotero's bookkeeping holds.
        for meta in [
            "accessed",
            "source",
            "archive",
            "archive_location",
            "call-number",
        ] {
            if self.map.remove(meta).is_some() {
                self.note(
                    NoteKind::NotKept,
                    format!("field `{meta}` not kept: a library's bookkeeping"),
                );
            }
        }
        let rest: Vec<String> = self.map.keys().cloned().collect();
        for k in rest {
            self.not_kept(&k, "vitae has no place for it".into());
        }
        Some(w)
    }

    fn names(&mut self, field: &str, role: ContributorRole) -> Vec<Contributor> {
        let Some(v) = self.map.remove(field) else {
            return Vec::new();
        };
        let Value::Array(list) = v else {
            self.not_kept(field, "expected an array of names".into());
            return Vec::new();
        };
        let mut out = Vec::new();
        for n in list {
            let get = |k: &str| {
                n.get(k)
                    .and_then(Value::as_str)
                    .map(collapse_spaces)
                    .filter(|s| !s.is_empty())
            };
            if let Some(lit) = get("literal") {
                self.note(
                    NoteKind::Warning,
                    format!("{field} {lit:?} is a literal name: kept whole as a group author (an organization); write it as a person's names if it is one"),
                );
                out.push(Contributor {
                    role,
                    ..Contributor::group(lit)
                });
                continue;
            }
            let family: Vec<String> = [
                get("dropping-particle"),
                get("non-dropping-particle"),
                get("family"),
            ]
            .into_iter()
            .flatten()
            .collect();
            if family.is_empty() {
                self.not_kept(field, format!("a name without family or literal: {n}"));
                continue;
            }
            let family = family.join(" ");
            let given = get("given");
            let name = match &given {
                Some(g) => format!("{g} {family}"),
                None => family.clone(),
            };
            let suffix = get("suffix");
            let orcid = n
                .get("ORCID")
                .and_then(Value::as_str)
                .and_then(|o| o.parse().ok());
            let written = match &suffix {
                Some(sfx) => format!("{name}, {sfx}"),
                None => name,
            };
            out.push(Contributor {
                given,
                family: Some(family),
                suffix,
                orcid,
                role,
                ..Contributor::named(written)
            });
        }
        out
    }

    /// A CSL date: `date-parts` (the first; a second, the end of a range, is reported),
    /// else `raw`, else `literal`.
    fn date(&mut self, field: &str) -> Option<PartialDate> {
        let v = self.map.remove(field)?;
        for qualifier in ["season", "circa"] {
            if let Some(q) = v.get(qualifier) {
                self.not_kept(
                    field,
                    format!("`{qualifier}` {q}: a date is kept without it"),
                );
            }
        }
        let num = |x: &Value| match x {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        if let Some(Value::Array(parts)) = v.get("date-parts") {
            if parts.len() > 1 {
                self.not_kept(
                    field,
                    format!(
                        "the end of the date range {}: a work has one date, its start is kept",
                        parts[1]
                    ),
                );
            }
            if let Some(Value::Array(p)) = parts.first() {
                let y = p.first().and_then(num).and_then(|y| u16::try_from(y).ok());
                let m = p.get(1).and_then(num).and_then(|m| u8::try_from(m).ok());
                let d = p.get(2).and_then(num).and_then(|d| u8::try_from(d).ok());
                if let Some(y) = y {
                    match PartialDate::new(y, m, d) {
                        Ok(pd) => return Some(pd),
                        Err(e) => {
                            self.not_kept(field, e.to_string());
                            return None;
                        }
                    }
                }
            }
        }
        let written = v
            .get("raw")
            .or_else(|| v.get("literal"))
            .and_then(Value::as_str)
            .map(str::trim);
        if let Some(raw) = written {
            let raw = raw.replace('/', "-");
            if let Ok(d) = raw.parse::<PartialDate>() {
                return Some(d);
            }
            let year = raw
                .split(|c: char| !c.is_ascii_digit())
                .find(|p| p.len() == 4)
                .and_then(|y| y.parse().ok())
                .and_then(|y| PartialDate::year_only(y).ok());
            if year.is_some() {
                self.not_kept(field, format!("the date {raw:?} is kept as its year"));
            } else {
                self.not_kept(field, format!("not a date: {raw:?}"));
            }
            return year;
        }
        self.not_kept(field, format!("not a date: {v}"));
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_issn_and_date_qualifier() {
        let w = read(
            r#"[{"id": "a", "type": "article-journal", "title": "T", "container-title": "J",
                "ISSN": "2041-1723, 1476-4687",
                "issued": {"date-parts": [[2019]], "season": 2, "circa": true}}]"#,
        );
        let c = w.works[0].container.as_ref().expect("journal");
        assert_eq!(c.issn.len(), 2);
        let msgs: Vec<&str> = w.notes.iter().map(|n| n.message.as_str()).collect();
        assert!(msgs.iter().any(|m| m.contains("`season` 2")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("`circa` true")), "{msgs:?}");
    }

    #[test]
    fn not_json_is_a_note_with_its_place() {
        let w = read("[\n  {\"title\": }\n]");
        assert!(w.works.is_empty());
        assert_eq!(w.notes[0].kind, NoteKind::Broken);
        assert_eq!(w.notes[0].at.map(|(l, _)| l), Some(2));
    }
}
