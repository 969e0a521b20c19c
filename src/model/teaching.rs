//! Supervision and teaching: the students a person supervised and the courses they taught.
//! Neither has an ORCID section; both reach the linked-data views and the profile site.

use serde::{Deserialize, Serialize};

use super::contributor::Contributor;
use super::forms::Text;
use super::org::Organization;
use crate::types::{DateRange, ItemId, LanguageTag, Url, Visibility};

/// The level of a supervised student's work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StudentLevel {
    /// A bachelor's thesis.
    Bachelor,
    /// A master's (or diploma) thesis.
    Master,
    /// A doctoral thesis.
    Phd,
    /// A postdoctoral researcher (mentoring, usually without a thesis).
    Postdoc,
    /// Anything else (a student project, an internship).
    Other,
}

impl StudentLevel {
    /// The spelling in CV files, e.g. `phd`.
    pub fn as_str(self) -> &'static str {
        match self {
            StudentLevel::Bachelor => "bachelor",
            StudentLevel::Master => "master",
            StudentLevel::Phd => "phd",
            StudentLevel::Postdoc => "postdoc",
            StudentLevel::Other => "other",
        }
    }

    /// What the thesis is in support of, in words: "Bachelor's degree", "PhD", ...
    pub fn label(self) -> &'static str {
        match self {
            StudentLevel::Bachelor => "Bachelor's degree",
            StudentLevel::Master => "Master's degree",
            StudentLevel::Phd => "PhD",
            StudentLevel::Postdoc => "Postdoctoral research",
            StudentLevel::Other => "Student project",
        }
    }

    /// What the student's work is called: "Master's thesis", "PhD thesis", ...
    pub fn work_label(self) -> &'static str {
        match self {
            StudentLevel::Bachelor => "Bachelor's thesis",
            StudentLevel::Master => "Master's thesis",
            StudentLevel::Phd => "PhD thesis",
            StudentLevel::Postdoc => "Postdoctoral research",
            StudentLevel::Other => "Student project",
        }
    }
}

/// A student the person supervised: their thesis (title, level), the years, the student.
///
/// ```
/// let cv = vitae::from_str(r#"
/// person: {given-names: Ada, family-name: Lovelace}
/// supervision:
///   - student: {name: "Doe, Jane", orcid: 0000-0002-1825-0097}
///     level: master
///     title: On Engines
///     start: 2020
///     end: 2021
/// "#, vitae::InputFormat::Yaml)?.cv;
/// let s = &cv.supervision[0];
/// assert_eq!(s.student.family.as_deref(), Some("Doe"));
/// assert_eq!(s.id.as_ref().map(|i| i.as_str()), Some("2020-doe-on-engines"));
/// # Ok::<(), vitae::Report>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
#[non_exhaustive]
pub struct Supervision {
    /// Stable local id; derived from the start year, the student's name and the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ItemId>,
    /// The student (a name, with an ORCID iD when known).
    pub student: Contributor,
    /// bachelor, master, phd, postdoc or other.
    pub level: StudentLevel,
    /// The thesis title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// `start:` and `end:` of the supervision; no end means ongoing.
    #[serde(flatten)]
    pub period: DateRange,
    /// The person's part: "main supervisor", "co-supervisor", "mentor".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Where the degree is taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Organization>,
    /// The thesis or a page about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    /// Who may see it.
    #[serde(default, skip_serializing_if = "Visibility::is_public")]
    pub visibility: Visibility,
}

impl Supervision {
    /// The supervision of a student at a level over a period, and nothing else; fill in the
    /// other fields as needed.
    ///
    /// ```
    /// use vitae::model::{StudentLevel, Supervision, Text};
    /// use vitae::types::DateRange;
    /// let mut s = Supervision::new(
    ///     "Doe, Jane".parse()?,
    ///     StudentLevel::Master,
    ///     DateRange::new(Some("2020".parse()?), Some("2021".parse()?))?,
    /// );
    /// s.title = Some(Text::new("On Engines")?);
    /// assert_eq!(s.student.family.as_deref(), Some("Doe"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(student: Contributor, level: StudentLevel, period: DateRange) -> Self {
        Self {
            id: None,
            student,
            level,
            title: None,
            period,
            role: None,
            organization: None,
            url: None,
            visibility: Visibility::Public,
        }
    }
}

/// A course the person taught.
///
/// ```
/// let cv = vitae::from_str(r#"
/// person: {given-names: Ada, family-name: Lovelace}
/// teaching:
///   - title: Machine Learning 1
///     code: ML-1
///     organization: TU Berlin
///     start: 2015-10
///     end: 2016-03
/// "#, vitae::InputFormat::Yaml)?.cv;
/// assert_eq!(cv.teaching[0].code.as_deref(), Some("ML-1"));
/// # Ok::<(), vitae::Report>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
#[non_exhaustive]
pub struct Course {
    /// Stable local id; derived from the start year and the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ItemId>,
    /// The course's title.
    pub title: Text,
    /// The course code, e.g. "0434 L 866".
    #[serde(
        default,
        deserialize_with = "super::forms::opt_string_like",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<super::work::StringOrNumber>")]
    pub code: Option<String>,
    /// The person's part: "lecturer", "teaching assistant".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The level, as written: "undergraduate", "master", "PhD school".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// The institution giving the course.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Organization>,
    /// The terms, as written: "winter term 2015/16".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    /// `start:` and `end:` of the teaching; no end means ongoing.
    #[serde(flatten)]
    pub period: DateRange,
    /// What the course is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The language it is taught in (BCP 47).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<LanguageTag>,
    /// The course's web page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    /// Who may see it.
    #[serde(default, skip_serializing_if = "Visibility::is_public")]
    pub visibility: Visibility,
}

impl Course {
    /// A course with a title over a period, and nothing else; fill in the other fields as
    /// needed.
    ///
    /// ```
    /// use vitae::model::{Course, Organization, Text};
    /// use vitae::types::DateRange;
    /// let mut c = Course::new(
    ///     Text::new("Machine Learning 1")?,
    ///     DateRange::new(Some("2015-10".parse()?), Some("2016-03".parse()?))?,
    /// );
    /// c.organization = Some(Organization::named("TU Berlin")?);
    /// assert!(c.code.is_none() && !c.period.is_ongoing());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(title: Text, period: DateRange) -> Self {
        Self {
            id: None,
            title,
            code: None,
            role: None,
            level: None,
            organization: None,
            term: None,
            period,
            description: None,
            language: None,
            url: None,
            visibility: Visibility::Public,
        }
    }
}
