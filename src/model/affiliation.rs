//! Affiliations: employment, education, qualifications, invited positions, memberships,
//! service; and awards.

use serde::{Deserialize, Serialize};

use super::contributor::Contributor;
use super::forms::{OneOrMany, ShortForm, Text, non_empty, one_or_many, short_form};
use super::org::Organization;
use super::work::Identifier;
use crate::types::{Amount, DateRange, Issn, ItemId, PartialDate, Url, Visibility};

/// A position, degree, membership or service role at an organization, over a period.
///
/// The section it is listed in (`employment`, `education`, ...) says what kind it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
#[non_exhaustive]
pub struct Affiliation {
    /// Stable local id; derived when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ItemId>,
    /// The organization. ORCID's XSD lets an affiliation go without one, and an import keeps
    /// such an item; ORCID's API refuses it, and so does the ORCID export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Organization>,
    /// Role or title, e.g. "Research Associate"; for education the degree's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Text>,
    /// Department or group, e.g. "Machine Learning Group".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// `start:` and `end:`; no end means "present".
    #[serde(flatten)]
    pub period: DateRange,
    /// A one-paragraph description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Further points as the CV lists them ("Research: ...", "Teaching: ...").
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Text>")]
    pub details: Vec<Text>,
    /// Supervisors, advisors or mentors.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Contributor>")]
    pub supervisors: Vec<Contributor>,
    /// For education: the degree earned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub degree: Option<Degree>,
    /// A web page about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    /// Identifiers of it (a grant number of a fellowship, ...), with their relationship.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Identifier>")]
    pub identifiers: Vec<Identifier>,
    /// For editorial service (`services`): the journal served.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journal: Option<Journal>,
    /// For editorial service: what the person is for the journal; `editorial-board` when a
    /// `journal` is given without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editorial_role: Option<EditorialRole>,
    /// Who may see it.
    #[serde(default, skip_serializing_if = "Visibility::is_public")]
    pub visibility: Visibility,
    /// ORCID put-code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub put_code: Option<u64>,
}

impl Affiliation {
    /// An affiliation with an organization over a period, and nothing else; fill in the other
    /// fields as needed.
    ///
    /// ```
    /// use vitae::model::{Affiliation, Organization};
    /// use vitae::types::DateRange;
    /// let a = Affiliation::new(Organization::named("TU Berlin")?, DateRange::new(Some("2013".parse()?), None)?);
    /// assert!(a.period.is_ongoing());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(organization: Organization, period: DateRange) -> Self {
        Self {
            id: None,
            organization: Some(organization),
            role: None,
            department: None,
            period,
            description: None,
            details: Vec::new(),
            supervisors: Vec::new(),
            degree: None,
            url: None,
            identifiers: Vec::new(),
            journal: None,
            editorial_role: None,
            visibility: Visibility::Public,
            put_code: None,
        }
    }

    /// For editorial service, the role with the journal: the given one, else
    /// `editorial-board` when a journal is named, else none.
    pub fn journal_role(&self) -> Option<EditorialRole> {
        self.journal
            .as_ref()
            .map(|_| self.editorial_role.unwrap_or(EditorialRole::EditorialBoard))
    }
}

/// What a person is for a journal they serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum EditorialRole {
    /// Editor-in-chief.
    EditorInChief,
    /// Editor, handling editor, section editor.
    Editor,
    /// Associate editor.
    AssociateEditor,
    /// Guest editor of a special issue.
    GuestEditor,
    /// Member of the editorial board.
    EditorialBoard,
    /// Member of the reviewer board, or a regular reviewer.
    Reviewer,
}

impl EditorialRole {
    /// The role in words: "Associate editor".
    pub fn label(self) -> &'static str {
        match self {
            EditorialRole::EditorInChief => "Editor-in-chief",
            EditorialRole::Editor => "Editor",
            EditorialRole::AssociateEditor => "Associate editor",
            EditorialRole::GuestEditor => "Guest editor",
            EditorialRole::EditorialBoard => "Editorial board member",
            EditorialRole::Reviewer => "Reviewer",
        }
    }

    /// Whether the role edits the journal (schema.org `editor`) rather than reviews for it
    /// (`contributor`).
    pub fn is_editor(self) -> bool {
        self != EditorialRole::Reviewer
    }
}

/// A journal, by its title and ISSNs: written as a string (its title) or a map.
///
/// ```
/// use vitae::model::Journal;
/// let j: Journal = serde_json::from_str(r#"{"title": "Journal of Engines", "issn": "1234-5679"}"#)?;
/// assert_eq!(j.issn[0].as_str(), "1234-5679");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Journal {
    /// The title, e.g. "Pattern Recognition".
    pub title: Text,
    /// ISSNs (print and online).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub issn: Vec<Issn>,
    /// The journal's web page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
}

/// The full form of [`Journal`].
// Its fields are the type's own: serde reads them straight into it (a remote derive), and
// the compiler checks that both list the same fields with the same types.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(remote = "Journal", rename_all = "kebab-case")]
#[schemars(rename = "JournalFields", deny_unknown_fields)]
pub(crate) struct JournalFields {
    /// The title.
    title: Text,
    /// ISSNs.
    #[serde(default, with = "one_or_many")]
    #[schemars(with = "OneOrMany<Issn>")]
    issn: Vec<Issn>,
    /// Web page.
    #[serde(default)]
    url: Option<Url>,
}

impl ShortForm for Journal {
    type Full = JournalFields;
    const SHORT_DESCRIPTION: &'static str = "the journal's title";
    fn from_short(s: &str) -> Result<Self, String> {
        Ok(Self {
            title: Text::new(&non_empty(s, "a title")?).map_err(|e| e.to_string())?,
            issn: Vec::new(),
            url: None,
        })
    }
    fn from_map<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        JournalFields::deserialize(d)
    }
}
short_form!(Journal);

/// Level of a degree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DegreeLevel {
    /// School-leaving qualification (Abitur, A levels, high-school diploma).
    Secondary,
    /// Bachelor's degree.
    Bachelor,
    /// Master's degree or diploma.
    Master,
    /// Doctorate (PhD, Dr.).
    Doctorate,
    /// Habilitation.
    Habilitation,
    /// Other.
    Other,
}

/// A degree earned in an education entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct Degree {
    /// Name, e.g. "PhD in Machine Learning".
    pub name: Text,
    /// Level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<DegreeLevel>,
    /// Field of study, e.g. "Computer Science".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Grade or distinction, e.g. "with distinction (summa cum laude)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
    /// Thesis title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thesis: Option<Text>,
    /// The thesis as a work of this CV (id), when it is listed among the works.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thesis_work: Option<ItemId>,
    /// Focus or topics, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
}

/// An award, prize or honour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
#[non_exhaustive]
pub struct Award {
    /// Stable local id; derived when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ItemId>,
    /// The award's name, e.g. "Hugo-Geiger-Prize".
    pub title: Text,
    /// When it was received; for an award held over a period (a fellowship), its start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// When it ended, for an award held over a period (a fellowship); ORCID's distinctions
    /// have one (`end-date`), and an import keeps it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    /// Who gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Organization>,
    /// Rank or standing, e.g. "1st place", "finalist".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<String>,
    /// What it is for, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The work of this CV it was given for (id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work: Option<ItemId>,
    /// Prize money.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// A web page about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    /// Identifiers of it (a grant number of a fellowship, ...), with their relationship.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Identifier>")]
    pub identifiers: Vec<Identifier>,
    /// Who may see it.
    #[serde(default, skip_serializing_if = "Visibility::is_public")]
    pub visibility: Visibility,
    /// ORCID put-code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub put_code: Option<u64>,
}

impl Award {
    /// An award with a title and nothing else; fill in the other fields as needed.
    ///
    /// ```
    /// use vitae::model::{Award, Organization, Text};
    /// let mut a = Award::new(Text::new("Hugo-Geiger-Prize")?);
    /// a.date = Some("2020-11".parse()?);
    /// a.organization = Some(Organization::named("Bavarian State Ministry")?);
    /// assert!(a.id.is_none() && a.identifiers.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(title: Text) -> Self {
        Self {
            id: None,
            title,
            date: None,
            end: None,
            organization: None,
            rank: None,
            description: None,
            work: None,
            amount: None,
            url: None,
            identifiers: Vec::new(),
            visibility: Visibility::Public,
            put_code: None,
        }
    }
}
