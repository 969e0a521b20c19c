//! CSL-JSON of the CV's works: the array of items Zotero, Mendeley and pandoc read
//! (`vitae export --to csl-json`).
//!
//! Written through serde structs, one item per work in CV order, keyed by the item's id. The
//! mapping is the inverse of the CSL-JSON import ([`crate::import::csl_json`]), so that
//! reading an export back keeps every field CSL-JSON can carry; what it cannot (links,
//! awards, funding, a talk's kind beyond `speech`) is left out.

use serde::Serialize;

use crate::model::{Contributor, ContributorRole, PublicationStatus, Work, WorkKind};
use crate::types::{PartialDate, Visibility};

/// One CSL item. Fields in CSL's spelling, in a fixed order; empty ones are not written.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Item {
    /// The item's id: the work's id.
    pub id: String,
    /// The CSL item type, e.g. `article-journal`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The title (with its subtitle after a colon).
    pub title: String,
    /// Authors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub author: Vec<Name>,
    /// Editors (of the book or proceedings; of an edited book, its editors).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub editor: Vec<Name>,
    /// Translators.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub translator: Vec<Name>,
    /// The date of publication.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued: Option<Date>,
    /// The journal, proceedings, book or repository.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_title: Option<String>,
    /// Its abbreviation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_title_short: Option<String>,
    /// The series.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collection_title: Option<String>,
    /// ISSNs, comma-separated as Zotero writes them.
    #[serde(rename = "ISSN", skip_serializing_if = "Option::is_none")]
    pub issn: Option<String>,
    /// Volume.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume: Option<String>,
    /// Issue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issue: Option<String>,
    /// Pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// A report's or article's number; a preprint's arXiv id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The publisher.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Where it was published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher_place: Option<String>,
    /// A thesis's degree; `poster` for a poster.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub genre: Option<String>,
    /// The event of a talk or paper.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_title: Option<String>,
    /// Where the event took place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_place: Option<String>,
    /// When the event took place (its first day).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_date: Option<Date>,
    /// DOI.
    #[serde(rename = "DOI", skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
    /// The work's web page.
    #[serde(rename = "URL", skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// PubMed id.
    #[serde(rename = "PMID", skip_serializing_if = "Option::is_none")]
    pub pmid: Option<String>,
    /// PubMed Central id.
    #[serde(rename = "PMCID", skip_serializing_if = "Option::is_none")]
    pub pmcid: Option<String>,
    /// ISBNs, comma-separated.
    #[serde(rename = "ISBN", skip_serializing_if = "Option::is_none")]
    pub isbn: Option<String>,
    /// Abstract.
    #[serde(rename = "abstract", skip_serializing_if = "Option::is_none")]
    pub abstract_: Option<String>,
    /// Keywords, comma-separated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keyword: Option<String>,
    /// The work's notes, joined by `; `.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Language (BCP 47).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Publication status, when not published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
}

/// A CSL name: a person's family and given names, or an organization's literal name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Name {
    /// Family name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// Given names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
    /// A name kept whole (an organization, a name without parts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub literal: Option<String>,
    /// The person's ORCID iD, as a URL.
    #[serde(rename = "ORCID", skip_serializing_if = "Option::is_none")]
    pub orcid: Option<String>,
}

/// A CSL date: one `date-parts` entry (year, month, day as known).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Date {
    /// `[[year, month, day]]`, as precise as the date is.
    #[serde(rename = "date-parts")]
    pub date_parts: Vec<Vec<u16>>,
}

impl From<PartialDate> for Date {
    fn from(d: PartialDate) -> Self {
        let mut parts = vec![d.year()];
        parts.extend(d.month().map(u16::from));
        parts.extend(d.day().map(u16::from));
        Self {
            date_parts: vec![parts],
        }
    }
}

/// The CSL item type of a work kind (the inverse of [`crate::import::csl_json::work_kind`]);
/// a poster is a `speech` of genre `poster`, a lecture a `speech`.
pub fn csl_type(kind: WorkKind) -> &'static str {
    match kind {
        WorkKind::JournalArticle => "article-journal",
        WorkKind::ConferencePaper | WorkKind::WorkshopPaper => "paper-conference",
        WorkKind::BookChapter => "chapter",
        WorkKind::Book => "book",
        WorkKind::EditedBook => "collection",
        WorkKind::Preprint => "article",
        WorkKind::Thesis => "thesis",
        WorkKind::Report => "report",
        WorkKind::Talk | WorkKind::Lecture | WorkKind::Poster => "speech",
        WorkKind::Software => "software",
        WorkKind::Dataset => "dataset",
        WorkKind::Other => "document",
    }
}

fn name(c: &Contributor) -> Name {
    let orcid = c.orcid.as_ref().map(|o| o.url());
    match (&c.family, &c.given) {
        (Some(f), g) => Name {
            family: Some(f.clone()),
            given: g.clone(),
            literal: None,
            orcid,
        },
        (None, _) => Name {
            family: None,
            given: None,
            literal: Some(c.name.clone()),
            orcid,
        },
    }
}

/// The texts joined by `sep`, or `None` when there are none.
fn joined<'a>(items: impl IntoIterator<Item = &'a str>, sep: &str) -> Option<String> {
    let items: Vec<&str> = items.into_iter().collect();
    (!items.is_empty()).then(|| items.join(sep))
}

/// The CSL item of a work, with `id` as its id.
///
/// ```
/// let cv = vitae::from_str(r#"
/// person: {given-names: Ada, family-name: Lovelace}
/// works:
///   - type: journal-article
///     title: Notes
///     authors: ["Lovelace, Ada"]
///     date: 1843-09
///     container: Scientific Memoirs
/// "#, vitae::InputFormat::Yaml)?.cv;
/// let item = vitae::citation::csl_json::item(&cv.works[0], "notes");
/// assert_eq!(item.kind, "article-journal");
/// assert_eq!(item.issued.map(|d| d.date_parts), Some(vec![vec![1843, 9]]));
/// # Ok::<(), vitae::Report>(())
/// ```
pub fn item(w: &Work, id: &str) -> Item {
    let mut author = Vec::new();
    let mut editor = Vec::new();
    let mut translator = Vec::new();
    for c in &w.authors {
        match c.role {
            ContributorRole::Editor => editor.push(name(c)),
            ContributorRole::Translator => translator.push(name(c)),
            _ => author.push(name(c)),
        }
    }
    // An edited book's editors are its authors in the model; CSL names them editors.
    if w.kind == WorkKind::EditedBook && editor.is_empty() {
        editor = std::mem::take(&mut author);
    }
    let c = w.container.as_ref();
    if let Some(c) = c {
        editor.extend(c.editors.iter().map(name));
    }
    let title = match &w.subtitle {
        Some(s) => format!("{}: {s}", w.title),
        None => w.title.to_string(),
    };
    let mut number = w.article_number.clone();
    if w.kind == WorkKind::Preprint
        && let Some(a) = &w.arxiv
    {
        number = Some(format!("arXiv:{}", a.as_str()));
    }
    // A chapter's or paper's publisher is its book's; else the work's own.
    let publisher = c
        .and_then(|c| c.publisher.as_ref())
        .or(w.publisher.as_ref());
    let place = c
        .and_then(|c| c.place.clone())
        .or_else(|| publisher.and_then(|p| p.city.clone()));
    let genre = match w.kind {
        WorkKind::Thesis => w.degree.clone(),
        WorkKind::Poster => Some("poster".to_owned()),
        _ => None,
    };
    let pmcid = w
        .identifiers
        .iter()
        .find(|i| i.scheme.as_str() == "pmc" && i.relationship.is_self())
        .map(|i| i.value.to_string());
    Item {
        id: id.to_owned(),
        kind: csl_type(w.kind),
        title,
        author,
        editor,
        translator,
        issued: w.date.map(Date::from),
        container_title: c.map(|c| c.title.to_string()),
        container_title_short: c.and_then(|c| c.short_title.clone()),
        collection_title: c.and_then(|c| c.series.clone()),
        issn: c.and_then(|c| joined(c.issn.iter().map(|i| i.as_str()), ", ")),
        volume: w.volume.clone(),
        issue: w.issue.clone(),
        page: w.pages.as_ref().map(|p| p.as_str().to_owned()),
        number,
        publisher: publisher.map(|p| p.name.to_string()),
        publisher_place: place,
        genre,
        event_title: w.event.as_ref().map(|e| e.name.to_string()),
        event_place: w
            .event
            .as_ref()
            .and_then(|e| e.location.as_ref())
            .and_then(|l| l.city.clone().or_else(|| l.name.clone())),
        event_date: w
            .event
            .as_ref()
            .and_then(|e| e.dates.first().copied())
            .map(Date::from),
        doi: w.doi.as_ref().map(|d| d.as_str().to_owned()),
        url: w.url.as_ref().map(|u| u.to_string()),
        pmid: w.pmid.clone(),
        pmcid,
        isbn: joined(w.isbn.iter().map(|i| i.as_str()), ", "),
        abstract_: w.r#abstract.clone(),
        keyword: joined(w.keywords.iter().map(|k| k.as_str()), ", "),
        note: joined(w.notes.iter().map(|k| k.as_str()), "; "),
        language: w.language.as_ref().map(|l| l.as_str().to_owned()),
        status: match w.status {
            PublicationStatus::Published | PublicationStatus::Preprint => None,
            PublicationStatus::InPress => Some("in press"),
            PublicationStatus::Accepted => Some("accepted"),
            PublicationStatus::Submitted => Some("submitted"),
        },
    }
}

/// The CSL items of the works visible at `level`, in CV order.
pub fn items(cv: &crate::Cv, level: Visibility) -> Vec<Item> {
    let cv = cv.visible(level);
    cv.works
        .iter()
        .filter_map(|w| w.id.as_ref().map(|id| item(w, id.as_str())))
        .collect()
}

/// The works visible at `level` as a CSL-JSON array, pretty-printed, with a final line break.
pub fn bibliography(cv: &crate::Cv, level: Visibility) -> String {
    // Serializing plain structs of strings and numbers to a String cannot fail.
    let mut out = serde_json::to_string_pretty(&items(cv, level)).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}
