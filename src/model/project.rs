//! Research projects and their funding.

use serde::{Deserialize, Serialize};

use super::contributor::Contributor;
use super::forms::{OneOrMany, Text, one_or_many};
use super::org::Organization;
use super::work::{Identifier, TranslatedTitle};
use crate::types::{Amount, DateRange, ItemId, Url, Visibility};

/// How a project was funded, with ORCID's funding types.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FundingType {
    /// A research grant (the default).
    #[default]
    Grant,
    /// A contract.
    Contract,
    /// An award with money.
    Award,
    /// A salary award (fellowship paying the person).
    SalaryAward,
}

/// A research project, with its funding when known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
#[non_exhaustive]
pub struct Project {
    /// Stable local id; derived from the acronym or title when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ItemId>,
    /// Full title, e.g. "Intelligent Total Body Scanner".
    pub title: Text,
    /// The title in other languages, each with its language.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<TranslatedTitle>")]
    pub translated_title: Vec<TranslatedTitle>,
    /// The title in other scripts (a Japanese title in Latin letters), each with its
    /// language tag naming the script (`ja-Latn`).
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<TranslatedTitle>")]
    pub transliterated_title: Vec<TranslatedTitle>,
    /// Acronym, e.g. "iToBoS".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acronym: Option<String>,
    /// `start:` and `end:`.
    #[serde(flatten)]
    pub period: DateRange,
    /// The person's role, e.g. "leading role", "Principal Investigator".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The funder, or several funders (ORCID holds the first).
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Organization>")]
    pub funder: Vec<Organization>,
    /// Kind of funding; `grant` when absent.
    #[serde(default, skip_serializing_if = "FundingType::is_grant")]
    pub funding_type: FundingType,
    /// The funding programme, e.g. "Horizon 2020".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub programme: Option<String>,
    /// Grant or contract number.
    #[serde(
        default,
        deserialize_with = "super::forms::opt_string_like",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<super::work::StringOrNumber>")]
    pub grant_number: Option<String>,
    /// Amount of the funding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// The organization hosting the project for the person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<Organization>,
    /// Other investigators.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Contributor>")]
    pub investigators: Vec<Contributor>,
    /// Project web page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    /// Further identifiers (more grant numbers, proposal ids, ...), with their relationship.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Identifier>")]
    pub identifiers: Vec<Identifier>,
    /// Who may see it.
    #[serde(default, skip_serializing_if = "Visibility::is_public")]
    pub visibility: Visibility,
    /// ORCID put-code (of the funding item).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub put_code: Option<u64>,
}

impl Project {
    /// A project with a title over a period, and nothing else; fill in the other fields as
    /// needed. Its funding type is `grant`.
    ///
    /// ```
    /// use vitae::model::{Organization, Project, Text};
    /// use vitae::types::DateRange;
    /// let mut p = Project::new(
    ///     Text::new("Intelligent Total Body Scanner")?,
    ///     DateRange::new(Some("2020-04".parse()?), Some("2024-03".parse()?))?,
    /// );
    /// p.acronym = Some("iToBoS".into());
    /// p.funder.push(Organization::named("European Commission")?);
    /// assert_eq!(p.display_name(), "iToBoS: Intelligent Total Body Scanner");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(title: Text, period: DateRange) -> Self {
        Self {
            id: None,
            title,
            translated_title: Vec::new(),
            transliterated_title: Vec::new(),
            acronym: None,
            period,
            role: None,
            description: None,
            funder: Vec::new(),
            funding_type: FundingType::Grant,
            programme: None,
            grant_number: None,
            amount: None,
            host: None,
            investigators: Vec::new(),
            url: None,
            identifiers: Vec::new(),
            visibility: Visibility::Public,
            put_code: None,
        }
    }

    /// "ACRONYM: Title" or the title.
    pub fn display_name(&self) -> String {
        match &self.acronym {
            Some(a) => format!("{a}: {}", self.title.as_str()),
            None => self.title.to_string(),
        }
    }
}

/// For `funding-type` default in serialization.
impl FundingType {
    /// Whether this is the default.
    pub fn is_grant(&self) -> bool {
        *self == FundingType::Grant
    }
}
