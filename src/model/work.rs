//! Works: publications, talks, lectures, software, data.

use serde::{Deserialize, Serialize};

use super::contributor::Contributor;
use super::forms::{OneOrMany, ShortForm, Text, converted, non_empty, one_or_many, short_form};
use super::org::{Organization, Place};
use crate::types::{
    ArxivId, CountryCode, Doi, Isbn, Issn, ItemId, LanguageTag, PageRange, PartialDate, Url,
    Visibility,
};

/// What kind of work.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum WorkKind {
    /// An article in a journal.
    JournalArticle,
    /// A paper in conference proceedings.
    ConferencePaper,
    /// A paper at a workshop (proceedings or not).
    WorkshopPaper,
    /// A chapter in a book.
    BookChapter,
    /// A book (monograph).
    Book,
    /// An edited volume.
    EditedBook,
    /// A preprint (arXiv, bioRxiv, ...).
    Preprint,
    /// A thesis or dissertation.
    Thesis,
    /// A technical report or working paper.
    Report,
    /// A talk: invited talk, keynote, paper presentation, seminar talk.
    Talk,
    /// A lecture, course or summer-school lecture.
    Lecture,
    /// Software.
    Software,
    /// A dataset.
    Dataset,
    /// A poster.
    Poster,
    /// Anything else.
    Other,
}

impl WorkKind {
    /// Every kind, in the order of the summary.
    pub const ALL: [WorkKind; 15] = [
        WorkKind::JournalArticle,
        WorkKind::ConferencePaper,
        WorkKind::WorkshopPaper,
        WorkKind::BookChapter,
        WorkKind::Book,
        WorkKind::EditedBook,
        WorkKind::Preprint,
        WorkKind::Thesis,
        WorkKind::Report,
        WorkKind::Talk,
        WorkKind::Lecture,
        WorkKind::Software,
        WorkKind::Dataset,
        WorkKind::Poster,
        WorkKind::Other,
    ];

    /// The spelling used in CV files, e.g. `journal-article`.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkKind::JournalArticle => "journal-article",
            WorkKind::ConferencePaper => "conference-paper",
            WorkKind::WorkshopPaper => "workshop-paper",
            WorkKind::BookChapter => "book-chapter",
            WorkKind::Book => "book",
            WorkKind::EditedBook => "edited-book",
            WorkKind::Preprint => "preprint",
            WorkKind::Thesis => "thesis",
            WorkKind::Report => "report",
            WorkKind::Talk => "talk",
            WorkKind::Lecture => "lecture",
            WorkKind::Software => "software",
            WorkKind::Dataset => "dataset",
            WorkKind::Poster => "poster",
            WorkKind::Other => "other",
        }
    }

    /// Whether this kind is a presentation (talk or lecture) rather than a publication.
    pub fn is_presentation(self) -> bool {
        matches!(self, WorkKind::Talk | WorkKind::Lecture)
    }
}

/// Where a publication stands.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum PublicationStatus {
    /// Published (the default).
    #[default]
    Published,
    /// In press / journal pre-proof.
    InPress,
    /// Accepted, not yet in press.
    Accepted,
    /// Submitted, under review.
    Submitted,
    /// Made public as a preprint.
    Preprint,
}

impl PublicationStatus {
    /// Whether this is the default.
    pub fn is_published(&self) -> bool {
        *self == PublicationStatus::Published
    }
}

/// What kind of talk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PresentationKind {
    /// An invited talk.
    Invited,
    /// A keynote.
    Keynote,
    /// The presentation of one's paper at a conference or workshop.
    PaperPresentation,
    /// A contributed talk.
    Contributed,
    /// A seminar talk.
    Seminar,
    /// A lecture or lecture series.
    Lecture,
    /// A poster presentation.
    Poster,
    /// A public talk or press event.
    Public,
    /// Other.
    Other,
}

/// A work of the CV.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
#[non_exhaustive]
pub struct Work {
    /// Stable local id; derived from the year and title when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ItemId>,
    /// What kind of work.
    #[serde(rename = "type")]
    pub kind: WorkKind,
    /// The title, as published.
    pub title: Text,
    /// A subtitle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// The title in other languages, each with its language (ORCID holds the first).
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<TranslatedTitle>")]
    pub translated_title: Vec<TranslatedTitle>,
    /// Authors (for a talk: speakers; for an edited book: editors), in order.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Contributor>")]
    pub authors: Vec<Contributor>,
    /// Date of publication (for a talk: the day it was given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// Publication status; `published` when absent.
    #[serde(default, skip_serializing_if = "PublicationStatus::is_published")]
    pub status: PublicationStatus,
    /// The journal, proceedings, book or repository it appeared in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<Container>,
    /// Volume.
    #[serde(
        default,
        deserialize_with = "super::forms::opt_string_like",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<StringOrNumber>")]
    pub volume: Option<String>,
    /// Issue or number.
    #[serde(
        default,
        deserialize_with = "super::forms::opt_string_like",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<StringOrNumber>")]
    pub issue: Option<String>,
    /// Pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<PageRange>,
    /// Article number or electronic locator (e.g. `e0130140`, `107899`).
    #[serde(
        default,
        deserialize_with = "super::forms::opt_string_like",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<StringOrNumber>")]
    pub article_number: Option<String>,
    /// Publisher of the work itself (books, reports, software).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Organization>,
    /// DOI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doi: Option<Doi>,
    /// arXiv identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arxiv: Option<ArxivId>,
    /// PubMed id.
    #[serde(
        default,
        deserialize_with = "super::forms::opt_string_like",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<StringOrNumber>")]
    pub pmid: Option<String>,
    /// ISBNs of the work itself (a book).
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Isbn>")]
    pub isbn: Vec<Isbn>,
    /// The canonical web page of the work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    /// Other identifiers (handle, PMCID, patent number, ...).
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Identifier>")]
    pub identifiers: Vec<Identifier>,
    /// Links: code, slides, video, PDF, project page.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Link>")]
    pub links: Vec<Link>,
    /// For talks and lectures: where and when; for papers: the conference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<Event>,
    /// For talks: what kind of talk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presentation: Option<PresentationKind>,
    /// For a talk: the work it presented (an id of this CV).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presents: Option<ItemId>,
    /// For theses: the degree, e.g. "PhD".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub degree: Option<String>,
    /// Another version of the same work in this CV (a preprint and its published article).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_of: Option<ItemId>,
    /// Awards given to this work, as written ("Best paper award").
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Text>")]
    pub awards: Vec<Text>,
    /// Projects of this CV that funded it (ids).
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<ItemId>")]
    pub funded_by: Vec<ItemId>,
    /// Language of the work (BCP 47).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<LanguageTag>,
    /// Abstract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#abstract: Option<String>,
    /// Keywords.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Text>")]
    pub keywords: Vec<Text>,
    /// Remarks as the CV writes them ("Journal Pre-proof", "3-day lecture series").
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Text>")]
    pub notes: Vec<Text>,
    /// Who may see it.
    #[serde(default, skip_serializing_if = "Visibility::is_public")]
    pub visibility: Visibility,
    /// ORCID put-code, when the item came from or went to an ORCID record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub put_code: Option<u64>,
    /// The ORCID work type, when it is not the one `type` implies (see the mapping table in
    /// DESIGN.md), e.g. `public-speech` for a talk or `working-paper` for a report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orcid_type: Option<crate::types::WorkType>,
    /// The country of publication (ISO 3166-1 alpha-2); for a talk without it, the event's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
    /// Whether it is among the selected works of the CV (al-folio's
    /// `selected`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub selected: bool,
    /// Software and data: the version, e.g. "1.2.0".
    #[serde(
        default,
        deserialize_with = "super::forms::opt_string_like",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<StringOrNumber>")]
    pub version: Option<String>,
    /// The licence: an SPDX identifier (`MIT`, `CC-BY-4.0`) or a URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<License>,
    /// Software: its programming languages.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Text>")]
    pub programming_language: Vec<Text>,
    /// Data (and software): its formats, as media types or names (`text/csv`, `NetCDF`).
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Text>")]
    pub format: Vec<Text>,
    /// Software and data: where the code or the data is kept (a Git repository, a data
    /// repository's record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<Url>,
    /// The title in other scripts (a Japanese title in Latin letters), each with its
    /// language tag naming the script (`ja-Latn`).
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<TranslatedTitle>")]
    pub transliterated_title: Vec<TranslatedTitle>,
    /// A citation of its own, written to ORCID instead of the BibTeX vitae makes: a formatted
    /// reference, or a BibTeX entry from elsewhere. An ORCID import keeps any citation that
    /// is not vitae's own here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<Citation>,
}

/// A citation as ORCID holds one: its type and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct Citation {
    /// ORCID's citation type: `bibtex`, `ris`, `formatted-apa`, `formatted-chicago`,
    /// `formatted-harvard`, `formatted-ieee`, `formatted-mla`, `formatted-vancouver` or
    /// `formatted-unspecified`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The citation's text, as it is.
    pub value: String,
}

impl Work {
    /// A work of a kind with a title and nothing else; fill in the other fields as needed.
    ///
    /// ```
    /// use vitae::model::{Text, Work, WorkKind};
    /// let mut w = Work::new(WorkKind::Preprint, Text::new("Notes on the Analytical Engine")?);
    /// w.arxiv = Some("2206.03208".parse()?);
    /// assert!(w.authors.is_empty() && w.id.is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(kind: WorkKind, title: Text) -> Self {
        Self {
            id: None,
            kind,
            title,
            subtitle: None,
            translated_title: Vec::new(),
            transliterated_title: Vec::new(),
            authors: Vec::new(),
            date: None,
            status: PublicationStatus::Published,
            container: None,
            volume: None,
            issue: None,
            pages: None,
            article_number: None,
            publisher: None,
            doi: None,
            arxiv: None,
            pmid: None,
            isbn: Vec::new(),
            url: None,
            identifiers: Vec::new(),
            links: Vec::new(),
            event: None,
            presentation: None,
            presents: None,
            degree: None,
            version_of: None,
            awards: Vec::new(),
            funded_by: Vec::new(),
            language: None,
            r#abstract: None,
            keywords: Vec::new(),
            notes: Vec::new(),
            visibility: Visibility::Public,
            put_code: None,
            orcid_type: None,
            country: None,
            selected: false,
            version: None,
            license: None,
            programming_language: Vec::new(),
            format: Vec::new(),
            repository: None,
            citation: None,
        }
    }
}

/// A licence: an SPDX license identifier (`MIT`, `Apache-2.0`, `CC-BY-4.0`, `GPL-3.0-or-later`)
/// or the URL of the licence's text.
///
/// ```
/// use vitae::model::License;
/// let l: License = "CC-BY-4.0".parse()?;
/// assert_eq!(l.url(), "https://spdx.org/licenses/CC-BY-4.0");
/// let u: License = "https://example.org/licence".parse()?;
/// assert_eq!(u.url(), "https://example.org/licence");
/// assert!("the MIT licence".parse::<License>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct License(String);

impl License {
    /// Reads an SPDX identifier (letters, digits, `.`, `-`, `+`) or an absolute URL.
    ///
    /// # Errors
    /// For anything else.
    pub fn new(s: &str) -> Result<Self, crate::types::ValueError> {
        let s = s.trim();
        let spdx = !s.is_empty()
            && s.len() <= 64
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-.+".contains(&b))
            && s.as_bytes()[0].is_ascii_alphabetic();
        if spdx || (s.contains(':') && url::Url::parse(s).is_ok()) {
            Ok(Self(s.to_owned()))
        } else {
            Err(crate::types::ValueError::new(format!(
                "expected an SPDX license identifier (MIT, CC-BY-4.0) or a URL, found {s:?}"
            )))
        }
    }

    /// As written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether it is an SPDX identifier rather than a URL.
    pub fn is_spdx(&self) -> bool {
        !self.0.contains(':')
    }

    /// The licence's URL: the SPDX licence page for an identifier.
    pub fn url(&self) -> String {
        if self.is_spdx() {
            format!("https://spdx.org/licenses/{}", self.0)
        } else {
            self.0.clone()
        }
    }
}
crate::types::string_newtype!(
    License,
    "an SPDX license identifier (MIT, CC-BY-4.0) or the URL of the licence"
);

/// Text also written as a bare number (`volume: 12`).
#[derive(schemars::JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub(crate) enum StringOrNumber {
    Text(String),
    Number(u64),
}

/// A title in another language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct TranslatedTitle {
    /// The title.
    pub title: Text,
    /// Its language.
    pub language: LanguageTag,
}

/// What a work appeared in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ContainerKind {
    /// A journal.
    Journal,
    /// Conference or workshop proceedings.
    Proceedings,
    /// A book (for chapters).
    Book,
    /// A book series (e.g. Lecture Notes in Computer Science).
    Series,
    /// A preprint server or repository (e.g. arXiv's CoRR).
    Repository,
    /// A web site.
    Website,
    /// Something else.
    Other,
}

/// The journal, proceedings, book or repository a work appeared in.
///
/// Written as a string (its title) or a map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Container {
    /// Its title, e.g. "Nature Communications".
    pub title: Text,
    /// What it is; when absent, implied by the work's type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<ContainerKind>,
    /// An abbreviation, e.g. "CVPR".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_title: Option<String>,
    /// The series it belongs to, e.g. "Lecture Notes in Electrical Engineering".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
    /// Editors, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub editors: Vec<Contributor>,
    /// Publisher.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Organization>,
    /// Place of publication, e.g. "Cham".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// ISSNs (print and online).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub issn: Vec<Issn>,
    /// ISBNs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub isbn: Vec<Isbn>,
    /// Web page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
}

impl Container {
    /// A container with a title and nothing else, its kind implied by the work's type; fill
    /// in the other fields as needed.
    ///
    /// ```
    /// use vitae::model::{Container, ContainerKind, Text};
    /// let mut c = Container::new(Text::new("Lecture Notes in Computer Science")?);
    /// c.kind = Some(ContainerKind::Series);
    /// assert!(c.editors.is_empty() && c.issn.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(title: Text) -> Self {
        Self {
            title,
            kind: None,
            short_title: None,
            series: None,
            editors: Vec::new(),
            publisher: None,
            place: None,
            issn: Vec::new(),
            isbn: Vec::new(),
            url: None,
        }
    }
}

/// The full form of [`Container`].
// Its fields are the type's own: serde reads them straight into it (a remote derive), and
// the compiler checks that both list the same fields with the same types.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(remote = "Container", rename_all = "kebab-case")]
#[schemars(rename = "ContainerFields", deny_unknown_fields)]
pub(crate) struct ContainerFields {
    /// Title.
    title: Text,
    /// journal, proceedings, book, series, repository, website, other.
    #[serde(default)]
    kind: Option<ContainerKind>,
    /// Abbreviation.
    #[serde(default)]
    short_title: Option<String>,
    /// Series.
    #[serde(default)]
    series: Option<String>,
    /// Editors, in order.
    #[serde(default, deserialize_with = "editors")]
    #[schemars(with = "OneOrMany<Contributor>")]
    editors: Vec<Contributor>,
    /// Publisher.
    #[serde(default)]
    publisher: Option<Organization>,
    /// Place of publication.
    #[serde(default)]
    place: Option<String>,
    /// ISSNs.
    #[serde(default, with = "one_or_many")]
    #[schemars(with = "OneOrMany<Issn>")]
    issn: Vec<Issn>,
    /// ISBNs.
    #[serde(default, with = "one_or_many")]
    #[schemars(with = "OneOrMany<Isbn>")]
    isbn: Vec<Isbn>,
    /// Web page.
    #[serde(default)]
    url: Option<Url>,
}

/// The editors of a container, each in the role of editor.
fn editors<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Contributor>, D::Error> {
    let mut editors: Vec<Contributor> = one_or_many::deserialize(d)?;
    for e in &mut editors {
        e.role = super::ContributorRole::Editor;
    }
    Ok(editors)
}

impl ShortForm for Container {
    type Full = ContainerFields;
    const SHORT_DESCRIPTION: &'static str = "the title of the journal, proceedings or book";
    fn from_short(s: &str) -> Result<Self, String> {
        let title = Text::new(&non_empty(s, "a title")?).map_err(|e| e.to_string())?;
        Ok(Self::new(title))
    }
    fn from_map<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        ContainerFields::deserialize(d)
    }
}
short_form!(Container);

/// The short form: a container known by its title, its kind implied by the work's type.
///
/// ```
/// use vitae::model::Container;
/// let c: Container = "Nature Communications".parse()?;
/// assert_eq!(c.title.as_str(), "Nature Communications");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl std::str::FromStr for Container {
    type Err = crate::types::ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_short(s).map_err(crate::types::ValueError::new)
    }
}

/// An event: where and when a talk was given, or the conference of a paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct Event {
    /// The event's name, e.g. "CD-MAKE 2022".
    pub name: Text,
    /// The organization that hosted it, e.g. "Universität Potsdam".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<Organization>,
    /// Where it took place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Place>,
    /// The day or days (a lecture series on several days).
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<PartialDate>")]
    pub dates: Vec<PartialDate>,
    /// The event's web page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
}

/// What a link points to.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum LinkKind {
    /// Source code repository.
    Code,
    /// Slides.
    Slides,
    /// A video recording.
    Video,
    /// A PDF of the work.
    Pdf,
    /// A project or landing page.
    Homepage,
    /// Data.
    Data,
    /// An open-access copy.
    OpenAccess,
    /// A profile page of a person (Google Scholar, LinkedIn, GitHub, ...).
    Profile,
    /// Something else.
    #[default]
    Other,
}

/// A link, written as a URL (its kind guessed: GitHub and GitLab are `code`) or a map; the
/// map may name a local file instead of a URL (`{kind: pdf, file: papers/x.pdf}`, the path
/// relative to the CV's file), which `vitae site` publishes beside the work's page.
///
/// ```
/// use vitae::model::{Link, LinkKind, LinkTarget};
/// let l: Link = serde_json::from_str(r#""https://github.com/albermax/innvestigate""#)?;
/// assert_eq!(l.kind, LinkKind::Code);
/// let f: Link = serde_json::from_str(r#"{"file": "papers/x.pdf"}"#)?;
/// assert_eq!(f.kind, LinkKind::Pdf);
/// assert_eq!(f.target, LinkTarget::File("papers/x.pdf".into()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Link {
    /// What it points to.
    pub kind: LinkKind,
    /// The address or the local file (written `url:` or `file:`).
    #[serde(flatten)]
    pub target: LinkTarget,
    /// A label, e.g. "Google Scholar".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// Where a [`Link`] points: a URL, or a local file to publish with the site.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkTarget {
    /// An absolute URL, as written.
    Url(Url),
    /// A local file, its path as written (relative to the CV's file, or absolute). It has no
    /// public address: the exports leave it out; `vitae site` copies it beside the work's
    /// page.
    File(std::path::PathBuf),
}

impl Link {
    /// The URL, when the link is one (not a local file).
    pub fn url(&self) -> Option<&Url> {
        match &self.target {
            LinkTarget::Url(u) => Some(u),
            LinkTarget::File(_) => None,
        }
    }

    /// A link to `url`, its kind given.
    pub fn new(kind: LinkKind, url: Url) -> Self {
        Self {
            kind,
            target: LinkTarget::Url(url),
            label: None,
        }
    }
}

/// The full form of [`Link`].
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub(crate) struct LinkFields {
    /// code, slides, video, pdf, homepage, data, open-access, profile, other.
    #[serde(default)]
    kind: Option<LinkKind>,
    /// The address (or give `file`).
    #[serde(default)]
    url: Option<Url>,
    /// A local file instead of a URL: its path relative to the CV's file (or absolute).
    /// `vitae site` copies it to the work's page directory under its file name.
    #[serde(default)]
    file: Option<std::path::PathBuf>,
    /// A label.
    #[serde(default)]
    label: Option<String>,
}

fn guess_link_kind(u: &Url) -> LinkKind {
    let u = u.normalized();
    let host = u.host_str().unwrap_or("");
    let path = u.path();
    if ["github.com", "gitlab.com", "bitbucket.org", "codeberg.org"].contains(&host) {
        if path.trim_matches('/').contains('/') {
            LinkKind::Code
        } else {
            LinkKind::Profile
        }
    } else if host.ends_with("scholar.google.com")
        || host.ends_with("linkedin.com")
        || host == "orcid.org"
        || host.ends_with("researchgate.net")
    {
        LinkKind::Profile
    } else if path.to_ascii_lowercase().ends_with(".pdf") {
        LinkKind::Pdf
    } else {
        LinkKind::Other
    }
}

/// A local file's kind: `pdf` for a `.pdf`, else `other`.
fn guess_file_kind(p: &std::path::Path) -> LinkKind {
    if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
        LinkKind::Pdf
    } else {
        LinkKind::Other
    }
}

impl ShortForm for Link {
    type Full = LinkFields;
    const SHORT_DESCRIPTION: &'static str = "an absolute URL";
    fn from_short(s: &str) -> Result<Self, String> {
        let url =
            Url::parse(s).map_err(|e| format!("expected an absolute URL, found {s:?} ({e})"))?;
        Ok(Self {
            kind: guess_link_kind(&url),
            target: LinkTarget::Url(url),
            label: None,
        })
    }
    fn from_map<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        converted(d, Self::from_full)
    }
}

impl Link {
    /// Builds it from its map form, whose keys differ from its fields.
    fn from_full(f: LinkFields) -> Result<Self, String> {
        let (kind, target) = match (f.url, f.file) {
            (Some(u), None) => (
                f.kind.unwrap_or_else(|| guess_link_kind(&u)),
                LinkTarget::Url(u),
            ),
            (None, Some(p)) if p.as_os_str().is_empty() => {
                return Err("expected the path of a file in `file`, found an empty one".into());
            }
            (None, Some(p)) => (
                f.kind.unwrap_or_else(|| guess_file_kind(&p)),
                LinkTarget::File(p),
            ),
            (Some(_), Some(_)) => {
                return Err(
                    "expected either `url` or `file`, found both (a link points to one place)"
                        .into(),
                );
            }
            (None, None) => {
                return Err(
                    "expected `url` (an absolute URL) or `file` (a local file), found neither"
                        .into(),
                );
            }
        };
        Ok(Self {
            kind,
            target,
            label: f.label,
        })
    }
}
short_form!(Link);

/// The short form: a URL, its kind guessed (GitHub and GitLab repositories are `code`).
///
/// ```
/// use vitae::model::{Link, LinkKind};
/// let l: Link = "https://github.com/chr5tphr/zennit".parse()?;
/// assert_eq!(l.kind, LinkKind::Code);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl std::str::FromStr for Link {
    type Err = crate::types::ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_short(s).map_err(crate::types::ValueError::new)
    }
}

/// An identifier of a scheme vitae has no field for: handle, PMCID, Scopus EID, ...
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct Identifier {
    /// The scheme, lower case as ORCID names them: `handle`, `pmc`, `eid`, `wosuid`, `urn`, ...
    pub scheme: Text,
    /// The value.
    pub value: Text,
    /// A URL that resolves it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    /// What it identifies: the item itself (`self`, the default), something the item is
    /// part of (`part-of`), another version of it (`version-of`), or what funded it
    /// (`funded-by`). ORCID's relationships.
    #[serde(default, skip_serializing_if = "Relationship::is_self")]
    pub relationship: Relationship,
}

/// What an identifier identifies, relative to the item that lists it (ORCID's relationships).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Relationship {
    /// The item itself (the default).
    #[default]
    #[serde(rename = "self")]
    SelfId,
    /// Something the item is part of: a journal's ISSN, a book's ISBN.
    PartOf,
    /// Another version of the same work: a preprint's arXiv id on the article.
    VersionOf,
    /// What funded it: a grant number.
    FundedBy,
}

impl Relationship {
    /// ORCID's spelling: `self`, `part-of`, `version-of`, `funded-by`.
    pub fn as_str(self) -> &'static str {
        match self {
            Relationship::SelfId => "self",
            Relationship::PartOf => "part-of",
            Relationship::VersionOf => "version-of",
            Relationship::FundedBy => "funded-by",
        }
    }

    /// Reads ORCID's spelling.
    pub fn from_orcid(s: &str) -> Option<Self> {
        match s.trim() {
            "self" => Some(Relationship::SelfId),
            "part-of" => Some(Relationship::PartOf),
            "version-of" => Some(Relationship::VersionOf),
            "funded-by" => Some(Relationship::FundedBy),
            _ => None,
        }
    }

    /// Whether this is the default, `self`.
    pub fn is_self(&self) -> bool {
        *self == Relationship::SelfId
    }
}
