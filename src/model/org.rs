//! Organizations and places.

use serde::Serialize;

use super::forms::{ShortForm, Text, non_empty, opt_trimmed, short_form};
use crate::types::{CountryCode, Isni, RorId, Url, ValueError, string_newtype};

/// An organization: employer, university, funder, publisher, awarding body.
///
/// Written as a string (its name) or as a map. ORCID wants a city, a country and a
/// disambiguated id (ROR, GRID, Ringgold or FundRef) for affiliations; `vitae check --target
/// orcid` says when one is missing.
///
/// ```
/// use vitae::model::Organization;
/// let o: Organization = serde_json::from_str(r#"{"name": "TU Berlin", "city": "Berlin", "country": "DE", "ror": "03v4gjf40"}"#)?;
/// assert_eq!(o.country.as_ref().map(|c| c.as_str()), Some("DE"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct Organization {
    /// The full name, e.g. "Fraunhofer Heinrich Hertz Institute".
    pub name: Text,
    /// A short name or acronym, e.g. "HHI", "TU Berlin".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_name: Option<String>,
    /// Department, group or faculty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Region, state or province.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Country (ISO 3166-1 alpha-2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
    /// ROR id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ror: Option<RorId>,
    /// GRID id, e.g. `grid.6734.6`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grid: Option<GridId>,
    /// Ringgold id (digits).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ringgold: Option<u64>,
    /// Crossref Funder Registry (FundRef) id, e.g. `501100001659`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fundref: Option<FundrefId>,
    /// ISNI of the organization.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub isni: Option<Isni>,
    /// Web site.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    /// An organization id from a registry without a field of its own (LEI), or one as an
    /// ORCID record holds it that vitae cannot check: written back to ORCID as it is when
    /// the organization has no ROR, GRID, Ringgold or FundRef id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disambiguated: Option<DisambiguatedId>,
}

/// An organization id and the registry it comes from, as ORCID's
/// `disambiguated-organization` holds them: `{source: LEI, id: 529900T8BM49AURSDO55}`.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct DisambiguatedId {
    /// The registry, as ORCID names it: `LEI` (also `ROR`, `GRID`, `RINGGOLD`, `FUNDREF`).
    pub source: String,
    /// The id, as the registry writes it.
    #[serde(deserialize_with = "non_empty_id")]
    #[schemars(schema_with = "id_schema")]
    pub id: String,
}

/// An id as text; a number written without quotes is read as its digits.
fn non_empty_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    crate::types::deserialize_string_like(d, |s| {
        let t = s.trim();
        if t.is_empty() {
            Err("expected an organization id, found an empty string")
        } else {
            Ok(t.to_owned())
        }
    })
}

fn id_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": ["string", "integer"], "description": "The id, as the registry writes it"})
}

impl Organization {
    /// An organization known only by name.
    ///
    /// # Errors
    /// When the name is empty.
    pub fn named(name: &str) -> Result<Self, ValueError> {
        Ok(Self {
            name: Text::new(name)?,
            short_name: None,
            department: None,
            city: None,
            region: None,
            country: None,
            ror: None,
            grid: None,
            ringgold: None,
            fundref: None,
            isni: None,
            url: None,
            disambiguated: None,
        })
    }

    /// Whether it has any disambiguated id (ROR, GRID, Ringgold, FundRef).
    pub fn has_disambiguated_id(&self) -> bool {
        self.ror.is_some()
            || self.grid.is_some()
            || self.ringgold.is_some()
            || self.fundref.is_some()
    }
}

/// The full form of [`Organization`] in a CV file.
// Its fields are the type's own: serde reads them straight into it (a remote derive), and
// the compiler checks that both list the same fields with the same types.
#[derive(serde::Deserialize, schemars::JsonSchema)]
#[serde(remote = "Organization", rename_all = "kebab-case")]
#[schemars(rename = "OrganizationFields", deny_unknown_fields)]
pub(crate) struct OrganizationFields {
    /// The full name.
    name: Text,
    /// Short name or acronym.
    #[serde(default, deserialize_with = "opt_trimmed")]
    short_name: Option<String>,
    /// Department, group or faculty.
    #[serde(default, deserialize_with = "opt_trimmed")]
    department: Option<String>,
    /// City.
    #[serde(default, deserialize_with = "opt_trimmed")]
    city: Option<String>,
    /// Region, state or province.
    #[serde(default, deserialize_with = "opt_trimmed")]
    region: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(default)]
    country: Option<CountryCode>,
    /// ROR id.
    #[serde(default)]
    ror: Option<RorId>,
    /// GRID id.
    #[serde(default)]
    grid: Option<GridId>,
    /// Ringgold id.
    #[serde(default)]
    ringgold: Option<u64>,
    /// FundRef id.
    #[serde(default)]
    fundref: Option<FundrefId>,
    /// ISNI.
    #[serde(default)]
    isni: Option<Isni>,
    /// Web site.
    #[serde(default)]
    url: Option<Url>,
    /// Another registry's id (LEI), or one vitae cannot check: `{source, id}`.
    #[serde(default)]
    disambiguated: Option<DisambiguatedId>,
}

impl ShortForm for Organization {
    type Full = OrganizationFields;
    const SHORT_DESCRIPTION: &'static str = "the organization's name";
    fn from_short(s: &str) -> Result<Self, String> {
        Organization::named(&non_empty(s, "an organization's name")?).map_err(|e| e.to_string())
    }
    fn from_map<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        OrganizationFields::deserialize(d)
    }
}
short_form!(Organization);

/// A GRID id such as `grid.6734.6`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GridId(String);

impl GridId {
    /// Checks a GRID id.
    ///
    /// # Errors
    /// When it is not `grid.<digits>.<alphanumerics>`.
    pub fn new(s: &str) -> Result<Self, ValueError> {
        let t = s.trim();
        let ok = t.strip_prefix("grid.").is_some_and(|r| {
            r.split_once('.').is_some_and(|(a, b)| {
                !a.is_empty()
                    && a.bytes().all(|c| c.is_ascii_digit())
                    && !b.is_empty()
                    && b.bytes().all(|c| c.is_ascii_alphanumeric())
            })
        });
        if !ok {
            return Err(ValueError::new(format!(
                "expected a GRID id like grid.6734.6, found {s:?}"
            )));
        }
        Ok(Self(t.to_owned()))
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
string_newtype!(GridId, "GRID id, e.g. grid.6734.6");

/// A Crossref Funder Registry id: the digits after `10.13039/`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FundrefId(String);

impl FundrefId {
    /// Checks a FundRef id; accepts `10.13039/…` and the `doi.org` URL forms.
    ///
    /// # Errors
    /// When what remains is not digits.
    pub fn new(s: &str) -> Result<Self, ValueError> {
        let t = s.trim();
        let t = t.rsplit_once("10.13039/").map(|(_, r)| r).unwrap_or(t);
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ValueError::new(format!(
                "expected a FundRef id like 501100001659 or 10.13039/501100001659, found {s:?}"
            )));
        }
        Ok(Self(t.to_owned()))
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The DOI URL, `https://doi.org/10.13039/…`.
    pub fn url(&self) -> String {
        format!("https://doi.org/10.13039/{}", self.0)
    }
}
string_newtype!(FundrefId, "Crossref Funder Registry id, e.g. 501100001659");

/// A place: where an event happened or where a person lives.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct Place {
    /// The venue's name, e.g. "Universität Bamberg".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Region or state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Country (ISO 3166-1 alpha-2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
    /// Whether it took place online: only online, or, with a city, region or country, both
    /// there and online (a hybrid event).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub online: bool,
    /// Where it could be followed online (a stream or meeting page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
}

/// A postal address.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct Address {
    /// Street and number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Region or state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Country (ISO 3166-1 alpha-2).
    pub country: CountryCode,
}
