//! BibTeX and BibLaTeX into works, through the `biblatex` crate, guarded.
//!
//! The file is first split into entries by a scanner of its own (`scan.rs`), so that an
//! entry in parentheses, a `{"}` inside a quoted value, text between entries or one broken
//! entry cannot make `biblatex` fail or cut the file. Each entry is then parsed alone (with
//! the file's `@string`s and, for a `crossref`, its parent), and the fields `biblatex`
//! returns are counted against the fields the scanner saw: a field the parser lost is
//! reported, never dropped in silence.

mod latex;
mod scan;

use std::collections::{HashMap, HashSet};

use biblatex::{Bibliography, ChunksExt, DateValue, Entry, PermissiveType};

use super::{Note, NoteKind, Works, collapse_spaces, line_column, text};
use crate::model::{
    Container, ContainerKind, Contributor, ContributorRole, Link, LinkKind, LinkTarget,
    Organization, Text, Work, WorkKind,
};
use crate::types::{ArxivId, Doi, Isbn, Issn, ItemId, LanguageTag, PageRange, PartialDate};

/// al-folio's link fields that may name a local file (a path under its `assets/pdf/`)
/// rather than a URL: such a value becomes a link to a local file.
const LOCAL_FILE_FIELDS: [&str; 4] = ["pdf", "poster", "slides", "supp"];
use scan::{MONTHS, Piece, RawEntry};

/// Reads a `.bib` text (BibTeX or BibLaTeX) into works, one per entry, the citation keys as
/// their ids where they are valid ids. Never fails: what it cannot read or keep is in the
/// notes, with line and column.
pub fn read(text: &str) -> Works {
    read_keyed(text).0
}

/// A citation key and where its entry starts (line, column).
pub(crate) type KeyAt = (String, (usize, usize));

/// [`read`], with the citation key of each work and where its entry starts, in the order of
/// the works.
pub(crate) fn read_keyed(text: &str) -> (Works, Vec<KeyAt>) {
    let mut keys = Vec::new();
    let scanned = scan::scan(text);
    let mut notes = Vec::new();
    for (offset, message) in &scanned.errors {
        notes.push(
            Note::new(NoteKind::Broken, None, format!("entry not read: {message}"))
                .at(line_column(text, *offset)),
        );
    }
    let (strings, entries): (Vec<&RawEntry>, Vec<&RawEntry>) =
        scanned.entries.iter().partition(|e| e.kind == "string");
    let defined: HashSet<String> = strings
        .iter()
        .flat_map(|s| s.fields.iter().map(|f| f.name.clone()))
        .collect();
    let is_defined = |m: &str| {
        let m = m.to_ascii_lowercase();
        defined.contains(&m) || MONTHS.contains(&m.as_str())
    };
    // The `@string`s, each checked alone so that one bad macro does not break every entry;
    // an entry is parsed with only the ones it uses (a file may define thousands).
    let mut defs: Vec<StringDef> = Vec::new();
    for s in &strings {
        let t = s.normalized(&is_defined);
        match biblatex::RawBibliography::parse(&t) {
            Ok(_) => defs.push(StringDef {
                names: s.fields.iter().map(|f| f.name.clone()).collect(),
                uses: macros(&s.fields),
                text: t,
            }),
            Err(e) => notes.push(
                Note::new(
                    NoteKind::Broken,
                    None,
                    format!("@string not read: {}", e.kind),
                )
                .at(line_column(text, s.at)),
            ),
        }
    }
    let by_key: HashMap<&str, &RawEntry> = entries.iter().map(|e| (e.key.as_str(), *e)).collect();
    let mut seen: HashSet<String> = HashSet::new();
    let mut works = Vec::new();
    for raw in entries {
        let at = line_column(text, raw.at);
        let first = seen.insert(raw.key.to_lowercase());
        if !first {
            notes.push(
                Note::new(
                    NoteKind::Warning,
                    Some(&raw.key),
                    "duplicate citation key: imported again, without the key as its id",
                )
                .at(at),
            );
        }
        for f in &raw.fields {
            for p in &f.pieces {
                if let Piece::Macro(m) = p
                    && !is_defined(m)
                {
                    notes.push(
                        Note::new(
                            NoteKind::Warning,
                            Some(&raw.key),
                            format!("field `{}`: undefined macro `{m}` kept as its name", f.name),
                        )
                        .at(line_column(text, f.at)),
                    );
                }
            }
        }
        let mut source = String::new();
        let parent = raw
            .fields
            .iter()
            .find(|f| f.name == "crossref")
            .and_then(|f| match f.pieces.as_slice() {
                [Piece::Literal(k)] | [Piece::Macro(k)] => Some(k.trim().to_owned()),
                _ => None,
            });
        let parent_entry = parent
            .as_deref()
            .and_then(|p| by_key.get(p))
            .filter(|pe| pe.key != raw.key);
        let mut used = macros(&raw.fields);
        if let Some(pe) = parent_entry {
            used.extend(macros(&pe.fields));
        }
        for d in strings_for(&defs, used) {
            source.push_str(&d.text);
        }
        source.push_str(&raw.normalized(&is_defined));
        if let Some(p) = &parent {
            match parent_entry {
                Some(pe) => source.push_str(&pe.normalized(&is_defined)),
                _ => notes.push(
                    Note::new(
                        NoteKind::NotKept,
                        Some(&raw.key),
                        format!("crossref `{p}`: no entry with that key; nothing inherited"),
                    )
                    .at(at),
                ),
            }
        }
        let bib = match Bibliography::parse(&source) {
            Ok(b) => b,
            Err(e) => {
                notes.push(
                    Note::new(
                        NoteKind::Broken,
                        Some(&raw.key),
                        format!("entry not read: {}", e.kind),
                    )
                    .at(at),
                );
                continue;
            }
        };
        let Some(entry) = bib.get(&raw.key) else {
            notes.push(Note::new(NoteKind::Broken, Some(&raw.key), "entry not read").at(at));
            continue;
        };
        // The guard: every field written must come out of the parser.
        for f in lost_fields(raw, entry) {
            notes.push(
                Note::new(
                    NoteKind::NotKept,
                    Some(&raw.key),
                    format!("field `{}` lost by the BibTeX parser", f.name),
                )
                .at(line_column(text, f.at)),
            );
        }
        let mut reader = EntryReader {
            entry,
            raw,
            text,
            notes: &mut notes,
            used: HashSet::new(),
        };
        if let Some(mut w) = reader.work() {
            if first {
                w.id = ItemId::new(&raw.key).ok();
                if w.id.is_none() {
                    reader.note(
                        NoteKind::Warning,
                        format!(
                            "citation key `{}` is not a valid id (letters, digits, `-_.`): an id is derived",
                            raw.key
                        ),
                    );
                }
            }
            reader.unused();
            works.push(w);
            keys.push((raw.key.clone(), at));
        }
    }
    (Works { works, notes }, keys)
}

/// Fields read as written, without LaTeX decoding: addresses and identifiers.
const VERBATIM: &[&str] = &[
    "url", "doi", "eprint", "pdf", "code", "slides", "video", "poster", "html", "website", "isbn",
    "issn", "pmid", "arxiv", "supp", "blog", "preview",
];

/// The fields of one entry read into a work; `used` records which were kept.
struct EntryReader<'a> {
    entry: &'a Entry,
    raw: &'a RawEntry,
    text: &'a str,
    notes: &'a mut Vec<Note>,
    used: HashSet<&'static str>,
}

impl EntryReader<'_> {
    fn note(&mut self, kind: NoteKind, message: String) {
        let at = line_column(self.text, self.raw.at);
        self.notes
            .push(Note::new(kind, Some(&self.raw.key), message).at(at));
    }

    fn not_kept(&mut self, field: &str, why: String) {
        let at = self
            .raw
            .fields
            .iter()
            .find(|f| f.name == field)
            .map_or(self.raw.at, |f| f.at);
        let at = line_column(self.text, at);
        self.notes.push(
            Note::new(
                NoteKind::NotKept,
                Some(&self.raw.key),
                format!("field `{field}` not kept: {why}"),
            )
            .at(at),
        );
    }

    /// A field as plain text (decoded, commands dropped, spaces collapsed), marked used.
    fn get(&mut self, field: &'static str) -> Option<String> {
        let chunks = self.entry.get(field)?;
        self.used.insert(field);
        let s = if VERBATIM.contains(&field) {
            chunks.format_verbatim().trim().to_owned()
        } else {
            collapse_spaces(&latex::plain(&chunks.format_verbatim()))
        };
        (!s.is_empty()).then_some(s)
    }

    /// A field read and checked by a constructor; a refused value is reported.
    fn typed<T>(
        &mut self,
        field: &'static str,
        make: impl Fn(&str) -> Result<T, crate::types::ValueError>,
    ) -> Option<T> {
        let v = self.get(field)?;
        match make(&v) {
            Ok(t) => Some(t),
            Err(e) => {
                self.not_kept(field, e.to_string());
                None
            }
        }
    }

    fn work(&mut self) -> Option<Work> {
        let kind_name = self.raw.kind.clone();
        let Some(title) = self.get("title").and_then(|t| text(&t)) else {
            self.note(
                NoteKind::Broken,
                "entry not imported: no title (a work needs one)".into(),
            );
            return None;
        };
        let eprint_type = self
            .get("archiveprefix")
            .or_else(|| self.get("eprinttype"))
            .map(|s| s.to_ascii_lowercase());
        let is_arxiv = eprint_type.as_deref() == Some("arxiv");
        let authors_written = self.entry.get("author").is_some();
        let kind = match kind_name.as_str() {
            "article" => WorkKind::JournalArticle,
            "inproceedings" | "conference" => WorkKind::ConferencePaper,
            "incollection" | "inbook" | "bookinbook" | "suppbook" => WorkKind::BookChapter,
            "book" | "mvbook" if !authors_written && self.entry.get("editor").is_some() => {
                WorkKind::EditedBook
            }
            "book" | "mvbook" | "booklet" => WorkKind::Book,
            "collection" | "mvcollection" | "proceedings" | "mvproceedings" | "reference" => {
                WorkKind::EditedBook
            }
            "phdthesis" | "mastersthesis" | "thesis" => WorkKind::Thesis,
            "techreport" | "report" => WorkKind::Report,
            "software" | "code" => WorkKind::Software,
            "dataset" | "data" => WorkKind::Dataset,
            "unpublished" | "misc" | "online" | "electronic" | "www" | "preprint" if is_arxiv => {
                WorkKind::Preprint
            }
            "preprint" => WorkKind::Preprint,
            _ => WorkKind::Other,
        };
        let mut w = Work::new(kind, title);
        if !matches!(
            kind_name.as_str(),
            "article"
                | "inproceedings"
                | "conference"
                | "incollection"
                | "inbook"
                | "book"
                | "phdthesis"
                | "mastersthesis"
                | "thesis"
                | "techreport"
                | "report"
                | "software"
                | "dataset"
                | "misc"
                | "online"
                | "unpublished"
                | "preprint"
                | "proceedings"
                | "collection"
        ) {
            self.note(
                NoteKind::Warning,
                format!("entry type `@{kind_name}` read as `{}`", kind.as_str()),
            );
        }
        w.subtitle = self.get("subtitle");
        w.authors = self.people("author", ContributorRole::Author);
        let editors = self.people("editor", ContributorRole::Editor);
        // BibLaTeX's translators, after the authors (as the CSL-JSON import has them).
        let translators = self.people("translator", ContributorRole::Translator);
        w.authors.extend(translators);
        self.date(&mut w);
        // The container: journal, proceedings or book.
        let container_title = match kind {
            WorkKind::JournalArticle => self.get("journaltitle").or_else(|| self.get("journal")),
            _ => self
                .get("booktitle")
                .or_else(|| self.get("journaltitle"))
                .or_else(|| self.get("journal")),
        };
        if let Some(t) = container_title.as_deref().and_then(text) {
            let mut c = Container::new(t);
            c.short_title = self.get("shortjournal");
            c.series = self.get("series");
            c.place = self.get("address").or_else(|| self.get("location"));
            c.issn = self.typed("issn", Issn::new).into_iter().collect();
            if kind == WorkKind::BookChapter || kind == WorkKind::ConferencePaper {
                c.editors = editors.clone();
            }
            if kind == WorkKind::Preprint {
                c.kind = Some(ContainerKind::Repository);
            }
            w.container = Some(c);
        }
        // A book's series is its container.
        if w.container.is_none()
            && let Some(Ok(mut c)) = self.get("series").map(|s| s.parse::<Container>())
        {
            c.kind = Some(ContainerKind::Series);
            w.container = Some(c);
        }
        // al-folio's `abbr`: the venue's abbreviation.
        if let Some(abbr) = self.get("abbr") {
            match &mut w.container {
                Some(c) if c.short_title.is_none() => c.short_title = Some(abbr),
                _ => self.not_kept("abbr", "no venue to hold the abbreviation".into()),
            }
        }
        if w.kind == WorkKind::EditedBook && w.authors.is_empty() {
            w.authors = editors;
        } else if w.container.as_ref().is_none_or(|c| c.editors.is_empty()) && !editors.is_empty() {
            let n = editors.len();
            self.not_kept(
                "editor",
                format!("{n} editor(s) of a work with no book or proceedings to hold them"),
            );
        }
        w.volume = self.get("volume");
        w.version = self.get("version");
        if kind == WorkKind::Report {
            w.article_number = self.get("number");
        } else {
            w.issue = self.get("number").or_else(|| self.get("issue"));
        }
        if let Some(p) = self.get("pages") {
            match PageRange::new(&p) {
                Ok(r) => w.pages = Some(r),
                Err(_) => w.article_number = Some(p),
            }
        }
        if let Some(eid) = self.get("eid") {
            match &w.article_number {
                None => w.article_number = Some(eid),
                Some(_) => self.not_kept("eid", "the work already has a number".into()),
            }
        }
        let publisher = self
            .get("publisher")
            .or_else(|| self.get("school"))
            .or_else(|| self.get("institution"))
            .or_else(|| self.get("organization"));
        if let Some(p) = publisher {
            match Organization::named(&p) {
                Ok(mut o) => match (&mut w.container, kind) {
                    (Some(c), WorkKind::BookChapter | WorkKind::ConferencePaper) => {
                        c.publisher = Some(o);
                    }
                    (c, _) => {
                        // Where a book was published, when no proceedings hold it.
                        if c.as_ref().is_none_or(|c| c.place.is_none()) {
                            o.city = self.get("address").or_else(|| self.get("location"));
                        }
                        w.publisher = Some(o);
                    }
                },
                Err(e) => self.not_kept("publisher", e.to_string()),
            }
        }
        if kind == WorkKind::Thesis {
            w.degree = match kind_name.as_str() {
                "phdthesis" => Some("PhD".into()),
                "mastersthesis" => Some("Master".into()),
                _ => self.get("type"),
            };
        } else if let Some(t) = self.get("type") {
            w.notes.extend(text(&t));
        }
        w.doi = self.typed("doi", |s| {
            Doi::new(
                s.trim_start_matches("https://doi.org/")
                    .trim_start_matches("http://dx.doi.org/"),
            )
        });
        if let Some(e) = self.get("eprint") {
            if is_arxiv || eprint_type.is_none() && ArxivId::new(&e).is_ok() {
                match ArxivId::new(&e) {
                    Ok(a) => w.arxiv = Some(a),
                    Err(err) => self.not_kept("eprint", err.to_string()),
                }
            } else {
                let scheme = eprint_type.clone().unwrap_or_else(|| "eprint".into());
                match (Text::new(&scheme), Text::new(&e)) {
                    (Ok(scheme), Ok(value)) => w.identifiers.push(crate::model::Identifier {
                        scheme,
                        value,
                        url: None,
                        relationship: crate::model::Relationship::SelfId,
                    }),
                    _ => self.not_kept("eprint", "empty".into()),
                }
            }
        }
        // `howpublished` (a @misc's venue: the repository of a preprint, a talk's event) is
        // where the work appeared when nothing else says so.
        if w.container.is_none()
            && let Some(h) = self.get("howpublished")
        {
            w.container = h.parse::<Container>().ok().map(|mut c| {
                if is_arxiv && kind == WorkKind::Preprint {
                    c.kind = Some(ContainerKind::Repository);
                }
                c
            });
        }
        if is_arxiv && w.container.is_none() && kind == WorkKind::Preprint {
            w.container = "arXiv".parse::<Container>().ok().map(|mut c| {
                c.kind = Some(ContainerKind::Repository);
                c
            });
        }
        w.url = self.typed("url", crate::types::Url::new);
        w.pmid = self.get("pmid");
        if let Some(isbn) = self.typed("isbn", Isbn::new) {
            w.isbn.push(isbn);
        }
        w.r#abstract = self.get("abstract");
        if let Some(k) = self.get("keywords") {
            w.keywords = k.split([',', ';']).filter_map(text).collect();
        }
        if let Some(n) = self.get("note") {
            w.notes.extend(text(&n));
        }
        if let Some(n) = self.get("addendum") {
            w.notes.extend(text(&n));
        }
        if let Some(l) = self.get("language").or_else(|| self.get("langid")) {
            match LanguageTag::from_name(&l) {
                Some(t) => w.language = Some(t),
                None => self.not_kept("language", format!("{l:?} is not a language vitae knows")),
            }
        }
        self.al_folio(&mut w);
        // al-folio's links.
        for (field, kind) in [
            ("pdf", LinkKind::Pdf),
            ("code", LinkKind::Code),
            ("slides", LinkKind::Slides),
            ("video", LinkKind::Video),
            ("poster", LinkKind::Other),
            ("html", LinkKind::Homepage),
            ("website", LinkKind::Homepage),
            ("supp", LinkKind::Other),
            ("blog", LinkKind::Other),
        ] {
            if let Some(u) = self.get(field) {
                match crate::types::Url::parse(&u) {
                    Ok(url) => w.links.push(Link::new(kind, url)),
                    // al-folio's local files (its `assets/pdf/`): a path, kept as a local
                    // file; a linked bibliography finds it (input/bibliography.rs).
                    Err(url::ParseError::RelativeUrlWithoutBase)
                        if LOCAL_FILE_FIELDS.contains(&field) && !u.trim().is_empty() =>
                    {
                        w.links.push(Link {
                            kind,
                            target: LinkTarget::File(u.trim().into()),
                            label: None,
                        });
                    }
                    Err(e) => self.not_kept(field, format!("not an absolute URL ({e}): {u:?}")),
                }
            }
        }
        // Fields read to build the work. With a `date`, `year` and `month` are not read:
        // they are reported when they are there too.
        self.used.insert("crossref");
        if self.entry.get("date").is_some() {
            self.used.insert("date");
        } else if w.date.is_some() {
            for f in ["year", "month", "day"] {
                self.used.insert(f);
            }
        }
        Some(w)
    }

    /// al-folio's fields other than links: `selected` (the work's selected mark), `arxiv`
    /// (an arXiv id), `award_name` (an award); `bibtex_show`, `altmetric`, `dimensions` and
    /// `preview` only say how al-folio shows the entry, and are reported as not kept.
    fn al_folio(&mut self, w: &mut Work) {
        if let Some(s) = self.get("selected") {
            match s.to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => w.selected = true,
                "false" | "no" | "0" => {}
                _ => self.not_kept("selected", format!("expected true or false, found {s:?}")),
            }
        }
        if let Some(a) = self.get("arxiv") {
            match ArxivId::new(a.trim_start_matches("arXiv:")) {
                Ok(id) if w.arxiv.is_none() => w.arxiv = Some(id),
                Ok(id) if w.arxiv.as_ref() == Some(&id) => {}
                Ok(_) => self.not_kept("arxiv", "the work has another arXiv id (eprint)".into()),
                Err(e) => self.not_kept("arxiv", e.to_string()),
            }
        }
        if let Some(a) = self.get("award_name").and_then(|a| text(&a)) {
            w.awards.push(a);
            // `award` is al-folio's text shown beside the name.
            if let Some(t) = self.get("award").and_then(|t| text(&t)) {
                w.notes.push(t);
            }
        }
        for field in ["bibtex_show", "altmetric", "dimensions", "preview"] {
            if self.get(field).is_some() {
                self.not_kept(
                    field,
                    "how al-folio shows the entry; vitae's site has its own".into(),
                );
            }
        }
    }

    /// The people of a name field; `and others` and braced organizations reported.
    fn people(&mut self, field: &'static str, role: ContributorRole) -> Vec<Contributor> {
        if self.entry.get(field).is_none() {
            return Vec::new();
        }
        self.used.insert(field);
        let persons = match self.entry.get_as::<Vec<biblatex::Person>>(field) {
            Ok(p) => p,
            Err(e) => {
                self.not_kept(field, e.to_string());
                return Vec::new();
            }
        };
        // Which names are written as one braced group (an organization, kept whole).
        let written = self
            .raw
            .fields
            .iter()
            .find(|f| f.name == field)
            .map(|f| {
                f.pieces
                    .iter()
                    .map(|p| match p {
                        Piece::Literal(s) => s.as_str(),
                        _ => "",
                    })
                    .collect::<String>()
            })
            .unwrap_or_default();
        let braced: Vec<bool> = split_and(&written)
            .iter()
            .map(|n| {
                let n = n.trim();
                n.starts_with('{') && n.ends_with('}') && balanced_inside(&n[1..n.len() - 1])
            })
            .collect();
        let mut out = Vec::new();
        for (i, p) in persons.iter().enumerate() {
            let family = collapse_spaces(&latex::plain(
                &[p.prefix.as_str(), p.name.as_str()].join(" "),
            ));
            let given = collapse_spaces(&latex::plain(&p.given_name));
            let suffix = collapse_spaces(&latex::plain(&p.suffix));
            if family == "others" && given.is_empty() {
                self.not_kept(
                    field,
                    "`and others`: the names it stands for are not in the file".into(),
                );
                continue;
            }
            if family.is_empty() {
                self.not_kept(field, format!("a name without family name: {p:?}"));
                continue;
            }
            if braced.get(i).copied().unwrap_or(false) {
                self.note(
                    NoteKind::Warning,
                    format!(
                        "{field} {family:?} is a braced name: kept whole as a group author (an organization); write it as a person's names if it is one"
                    ),
                );
                out.push(Contributor {
                    role,
                    ..Contributor::group(family)
                });
                continue;
            }
            let name = if given.is_empty() {
                family.clone()
            } else {
                format!("{given} {family}")
            };
            let written = if suffix.is_empty() {
                name
            } else {
                format!("{name}, {suffix}")
            };
            out.push(Contributor {
                given: (!given.is_empty()).then_some(given),
                family: Some(family),
                suffix: (!suffix.is_empty()).then_some(suffix),
                role,
                ..Contributor::named(written)
            });
        }
        out
    }

    fn date(&mut self, w: &mut Work) {
        let has = |f| self.entry.get(f).is_some();
        if !has("date") && !has("year") {
            return;
        }
        let field = if has("date") { "date" } else { "year" };
        match self.entry.date() {
            Ok(PermissiveType::Typed(d)) => {
                let (start, end) = match d.value {
                    DateValue::At(a) | DateValue::After(a) | DateValue::Before(a) => (a, None),
                    DateValue::Between(a, b) => (a, Some(b)),
                };
                let make = |d: &biblatex::Datetime| {
                    u16::try_from(d.year).ok().and_then(|y| {
                        PartialDate::new(y, d.month.map(|m| m + 1), d.day.map(|x| x + 1)).ok()
                    })
                };
                match make(&start) {
                    Some(p) => w.date = Some(p),
                    None => self.not_kept(field, format!("a date vitae cannot hold: {start:?}")),
                }
                if let Some(e) = end {
                    self.not_kept(
                        field,
                        format!(
                            "the end of the date range ({}{}): a work has one date, its start is kept",
                            e.year,
                            e.month.map(|m| format!("-{:02}", m + 1)).unwrap_or_default()
                        ),
                    );
                }
                if !matches!(d.value, DateValue::At(_) | DateValue::Between(..)) {
                    self.not_kept(
                        field,
                        "an open date (before/after): its bound is kept".into(),
                    );
                }
            }
            Ok(PermissiveType::Chunks(c)) => {
                let s = c.format_verbatim();
                self.not_kept(field, format!("not a date: {s:?}"));
            }
            Err(e) => self.not_kept(field, e.to_string()),
        }
    }

    /// Reports every field written that was not read into the work.
    fn unused(&mut self) {
        let unused: Vec<String> = self
            .entry
            .fields
            .keys()
            .filter(|k| !self.used.contains(k.as_str()))
            .filter(|k| {
                // Fields the parent gave that the child does not show are the parent's.
                self.raw.fields.iter().any(|f| &f.name == *k)
            })
            .cloned()
            .collect();
        for k in unused {
            self.not_kept(&k, "vitae has no place for it".into());
        }
    }
}

/// An `@string` that parses: the macros it defines, those its value uses, its text.
struct StringDef {
    names: Vec<String>,
    uses: HashSet<String>,
    text: String,
}

/// The macros (lower case) the values of some fields use.
fn macros(fields: &[scan::RawField]) -> HashSet<String> {
    fields
        .iter()
        .flat_map(|f| &f.pieces)
        .filter_map(|p| match p {
            Piece::Macro(m) => Some(m.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// The `@string`s an entry needs, in file order: those defining the macros it uses, and the
/// macros their values use.
fn strings_for(defs: &[StringDef], mut needed: HashSet<String>) -> Vec<&StringDef> {
    loop {
        let before = needed.len();
        for d in defs {
            if d.names.iter().any(|n| needed.contains(n)) {
                needed.extend(d.uses.iter().cloned());
            }
        }
        if needed.len() == before {
            break;
        }
    }
    defs.iter()
        .filter(|d| d.names.iter().any(|n| needed.contains(n)))
        .collect()
}

/// The fields the scanner saw in an entry that the parser did not return.
fn lost_fields<'r>(raw: &'r RawEntry, entry: &Entry) -> Vec<&'r scan::RawField> {
    raw.fields
        .iter()
        .filter(|f| entry.get(&f.name).is_none())
        .collect()
}

/// Splits a name list at ` and ` outside braces.
fn split_and(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' => depth += 1,
            b'}' => depth -= 1,
            _ if depth == 0
                && b[i].is_ascii_whitespace()
                && s[i..].len() > 5
                && b[i + 1..i + 4].eq_ignore_ascii_case(b"and")
                && b[i + 4].is_ascii_whitespace() =>
            {
                out.push(&s[start..i]);
                i += 4;
                start = i;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(&s[start..]);
    out
}

/// Whether braces are balanced in a text (so `{A} and {B}` is not one braced group).
fn balanced_inside(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The trap of `biblatex` 0.12 this module guards against: a `{"}` in a quoted value cuts
    /// the value and drops the later fields without an error. The guard sees it; the reader,
    /// which rewrites quoted values in braces first, keeps every field.
    #[test]
    fn a_quote_in_braces_loses_nothing() {
        let src = "@article{k, title = \"A {\"}quoted{\"} word\", journal = {J}, year = 2020}";
        let scanned = scan::scan(src);
        let raw = &scanned.entries[0];
        assert_eq!(raw.fields.len(), 3);
        if let Ok(bib) = Bibliography::parse(src) {
            let entry = bib.get("k").expect("entry");
            // Whatever the parser makes of it, a field it drops is caught.
            let lost: Vec<&str> = lost_fields(raw, entry)
                .iter()
                .map(|f| f.name.as_str())
                .collect();
            let kept = entry.fields.len();
            assert_eq!(kept + lost.len(), 3, "lost {lost:?}");
        }
        let works = read(src);
        assert!(works.notes.is_empty(), "{:?}", works.notes);
        let w = &works.works[0];
        assert_eq!(w.title.as_str(), "A \"quoted\" word");
        assert_eq!(w.container.as_ref().map(|c| c.title.as_str()), Some("J"));
        assert_eq!(w.date.map(|d| d.year()), Some(2020));
    }

    #[test]
    fn an_undefined_macro_is_kept_as_its_name_and_warned() {
        let works = read("@article{k, title = {T}, journal = jacm, year = 2001}");
        assert_eq!(
            works.works[0].container.as_ref().map(|c| c.title.as_str()),
            Some("jacm")
        );
        assert!(works.notes[0].message.contains("undefined macro `jacm`"));
    }

    #[test]
    fn macros_ignore_case_and_chain() {
        let works = read(
            "@string{ACM = {ACM}}\n@string{jacm = \"J. \" # acm}\n@string{unused = {x}}\n\
             @article{k, title = {T}, journal = JACM # { Press}, year = 2001}",
        );
        assert!(works.notes.is_empty(), "{:?}", works.notes);
        assert_eq!(
            works.works[0].container.as_ref().map(|c| c.title.as_str()),
            Some("J. ACM Press")
        );
    }

    #[test]
    fn a_month_without_a_year_is_reported() {
        let works = read("@misc{k, title = {T}, month = jun}");
        assert!(
            works
                .notes
                .iter()
                .any(|n| n.message.contains("`month` not kept")),
            "{:?}",
            works.notes
        );
    }

    #[test]
    fn a_month_beside_a_date_is_reported() {
        let works = read("@article{k, title = {T}, date = {2020-05}, month = jun}");
        assert_eq!(
            works.works[0].date.map(|d| d.to_string()).as_deref(),
            Some("2020-05")
        );
        assert!(
            works
                .notes
                .iter()
                .any(|n| n.message.contains("`month` not kept")),
            "{:?}",
            works.notes
        );
    }

    #[test]
    fn names_with_non_ascii_letters_do_not_break_the_split() {
        assert_eq!(split_and("Ståhl, A and Øre, B"), ["Ståhl, A", " Øre, B"]);
        assert_eq!(split_and("A ååå and B"), ["A ååå", " B"]);
    }

    /// Every cut of a real file reads without a panic: a broken tail is a note.
    #[test]
    fn any_prefix_of_a_file_reads_without_panic() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/import/papers.bib"
        );
        let text = std::fs::read_to_string(path).expect("fixture");
        let mut at = 0;
        while at < text.len() {
            if text.is_char_boundary(at) {
                let _ = read(&text[..at]);
            }
            at += 13;
        }
        for junk in [
            "@",
            "@a{",
            "@a(",
            "@a{k,",
            "@a{k, t =",
            "@a{k, t = {",
            "@a{k, t = \"{\"",
            "@a{k, a = {x and}}",
            "@a{k, author = { and and }}",
            "@a{k, date = {99999}}",
        ] {
            let _ = read(junk);
        }
    }

    #[test]
    fn al_folio_fields_are_understood() {
        let works = read(
            "@article{k, title = {T}, journal = {J}, year = 2020, selected = {true},\n\
             arxiv = {2206.03208}, award_name = {Best Paper}, award = {Out of 900 papers},\n\
             supp = {https://example.org/supp.zip}, bibtex_show = {true}, preview = {k.png}}",
        );
        let w = &works.works[0];
        assert!(w.selected);
        assert_eq!(w.arxiv.as_ref().map(|a| a.as_str()), Some("2206.03208"));
        assert_eq!(w.awards[0].as_str(), "Best Paper");
        assert_eq!(w.notes[0].as_str(), "Out of 900 papers");
        assert_eq!(
            w.links[0].url().unwrap().as_str(),
            "https://example.org/supp.zip"
        );
        let not_kept: Vec<&str> = works.notes.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(
            not_kept,
            [
                "field `bibtex_show` not kept: how al-folio shows the entry; vitae's site has its own",
                "field `preview` not kept: how al-folio shows the entry; vitae's site has its own",
            ]
        );
        let odd = read("@misc{k, title = {T}, selected = {maybe}}");
        assert!(!odd.works[0].selected);
        assert!(odd.notes[0].message.contains("expected true or false"));
    }

    #[test]
    fn names_split_at_and_outside_braces() {
        assert_eq!(
            split_and("A and {B and C} AND D"),
            ["A", " {B and C}", " D"]
        );
    }
}
