//! Patents, as families: one invention, one member per jurisdiction.

use serde::{Deserialize, Serialize};

use super::contributor::Contributor;
use super::forms::{OneOrMany, Text, one_or_many};
use super::org::Organization;
use crate::types::{CountryCode, ItemId, PartialDate, Url, ValueError, Visibility, string_newtype};

/// A patent family: one invention filed in several jurisdictions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
#[non_exhaustive]
pub struct PatentFamily {
    /// Stable local id; derived from the title when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ItemId>,
    /// The invention's title.
    pub title: Text,
    /// Inventors, in order; the CV's person is found by name as for authors.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Contributor>")]
    pub inventors: Vec<Contributor>,
    /// Assignees (applicants), e.g. the employer.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Organization>")]
    pub assignees: Vec<Organization>,
    /// The members of the family, one per filing.
    #[serde(with = "one_or_many")]
    #[schemars(with = "OneOrMany<PatentMember>")]
    pub members: Vec<PatentMember>,
    /// Who may see it.
    #[serde(default, skip_serializing_if = "Visibility::is_public")]
    pub visibility: Visibility,
}

impl PatentFamily {
    /// A patent family with a title and its filings, and nothing else; fill in the other
    /// fields as needed.
    ///
    /// ```
    /// use vitae::model::{PatentFamily, PatentMember, Text};
    /// let member: PatentMember =
    ///     serde_json::from_str(r#"{"office": "EP", "number": "3991102", "status": "granted"}"#)?;
    /// let mut p = PatentFamily::new(Text::new("Explaining neural networks")?, vec![member]);
    /// p.inventors.push("Lapuschkin, Sebastian".parse()?);
    /// assert_eq!(p.members[0].office.as_str(), "EP");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(title: Text, members: Vec<PatentMember>) -> Self {
        Self {
            id: None,
            title,
            inventors: Vec::new(),
            assignees: Vec::new(),
            members,
            visibility: Visibility::Public,
        }
    }
}

/// Where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PatentStatus {
    /// Filed, not yet published.
    Filed,
    /// Application published (kind codes A1, A2, ...).
    Published,
    /// Granted.
    Granted,
}

/// One filing of a patent family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct PatentMember {
    /// Stable local id; derived from office and number when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ItemId>,
    /// The office: an ISO country code, or EP, WO, EA, AP, OA, GC.
    pub office: PatentOffice,
    /// The number as the office writes it, without office and kind code: `3991102`,
    /// `2022/0114455`.
    pub number: Text,
    /// The kind code, e.g. `A1`, `B1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind_code: Option<String>,
    /// Where it stands.
    pub status: PatentStatus,
    /// The date of that status: publication or grant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// The title in this filing, when it differs from the family's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// A web page (the register entry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    /// ORCID put-code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub put_code: Option<u64>,
}

impl PatentMember {
    /// The full publication number, e.g. `EP 3991102 A1`.
    pub fn full_number(&self) -> String {
        match &self.kind_code {
            Some(k) => format!("{} {} {k}", self.office.as_str(), self.number.as_str()),
            None => format!("{} {}", self.office.as_str(), self.number.as_str()),
        }
    }

    /// The number without spaces or slashes, as patent registers spell it: `EP3991102A1`.
    pub fn compact_number(&self) -> String {
        self.full_number()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect()
    }
}

/// A patent office: an ISO 3166 country code or a regional office (EP, WO, EA, AP, OA, GC, EM).
///
/// ```
/// use vitae::model::PatentOffice;
/// assert!("EP".parse::<PatentOffice>().is_ok());
/// assert!("KR".parse::<PatentOffice>().is_ok());
/// assert!("QQ".parse::<PatentOffice>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PatentOffice(String);

const REGIONAL_OFFICES: &[(&str, &str)] = &[
    ("AP", "African Regional Intellectual Property Organization"),
    ("EA", "Eurasian Patent Organization"),
    ("EM", "European Union Intellectual Property Office"),
    ("EP", "European Patent Office"),
    ("GC", "Patent Office of the Gulf Cooperation Council"),
    ("OA", "African Intellectual Property Organization"),
    ("WO", "World Intellectual Property Organization"),
];

impl PatentOffice {
    /// Checks an office code.
    ///
    /// # Errors
    /// When it is neither a regional office nor an ISO 3166-1 alpha-2 country.
    pub fn new(s: &str) -> Result<Self, ValueError> {
        let up = s.trim().to_ascii_uppercase();
        if REGIONAL_OFFICES.iter().any(|(c, _)| *c == up) || CountryCode::new(&up).is_ok() {
            Ok(Self(up))
        } else {
            Err(ValueError::new(format!(
                "expected a patent office: a country code or EP, WO, EA, AP, OA, GC, EM; found {s:?}"
            )))
        }
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The office's or country's name.
    pub fn name(&self) -> &'static str {
        REGIONAL_OFFICES
            .iter()
            .find(|(c, _)| *c == self.0)
            .map(|(_, n)| *n)
            .or_else(|| CountryCode::new(&self.0).ok().map(|c| c.name()))
            .unwrap_or("")
    }
}
string_newtype!(
    PatentOffice,
    "patent office: country code or EP, WO, EA, AP, OA, GC, EM"
);
