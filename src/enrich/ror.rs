//! ROR ids for organizations, by ROR's affiliation matching (API v2: `GET
//! {api}/organizations?affiliation=TEXT`). The answer, as ROR documents it, is
//! `{"number_of_results": n, "items": [{"substring", "score", "matching_type", "chosen",
//! "organization": {"id", "names": [{"value", "types": ["ror_display", …]}], …}}]}`, best first;
//! `score` is a confidence from 0 to 1, and `chosen` marks the match ROR would pick.

use serde::Deserialize;

use super::MalformedAnswer;
use crate::model::Organization;
use crate::types::RorId;

/// ROR's API, the default `api` of [`fetch`].
pub const ROR_API: &str = "https://api.ror.org/v2";

/// One organization ROR proposes.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Its ROR id.
    pub id: RorId,
    /// Its display name.
    pub name: String,
    /// ROR's confidence, 0 to 1.
    pub score: f64,
    /// Whether ROR chose it as the match.
    pub chosen: bool,
    /// How it matched: `PHRASE`, `COMMON TERMS`, `FUZZY`, `HEURISTICS`, `ACRONYM`, `EXACT`.
    pub matching_type: String,
}

#[derive(Deserialize)]
struct Answer {
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    score: f64,
    #[serde(default)]
    chosen: bool,
    #[serde(default)]
    matching_type: String,
    organization: Org,
}

#[derive(Deserialize)]
struct Org {
    id: String,
    #[serde(default)]
    names: Vec<Name>,
}

#[derive(Deserialize)]
struct Name {
    value: String,
    #[serde(default)]
    types: Vec<String>,
}

/// The candidates of an affiliation-matching answer, best first.
///
/// # Errors
/// [`MalformedAnswer`] when the text is not the documented JSON, or an id is not a ROR id.
pub fn read(body: &str) -> Result<Vec<Candidate>, MalformedAnswer> {
    let bad = |message: String| MalformedAnswer {
        service: "ROR",
        message,
    };
    let answer: Answer = serde_json::from_str(body).map_err(|e| bad(e.to_string()))?;
    answer
        .items
        .into_iter()
        .map(|i| {
            let id =
                RorId::new(&i.organization.id).map_err(|e| bad(format!("organization id: {e}")))?;
            let name = i
                .organization
                .names
                .iter()
                .find(|n| n.types.iter().any(|t| t == "ror_display"))
                .or(i.organization.names.first())
                .map(|n| n.value.clone())
                .unwrap_or_default();
            Ok(Candidate {
                id,
                name,
                score: i.score,
                chosen: i.chosen,
                matching_type: i.matching_type,
            })
        })
        .collect()
}

/// What is sent as the affiliation: the name, department first, then city and country, as an
/// affiliation line in a paper reads ("Machine Learning Group, Fraunhofer HHI, Berlin, DE").
pub fn affiliation(org: &Organization) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if let Some(d) = &org.department {
        parts.push(d);
    }
    parts.push(org.name.as_str());
    if let Some(c) = &org.city {
        parts.push(c);
    }
    if let Some(c) = &org.country {
        parts.push(c.as_str());
    }
    parts.join(", ")
}

/// The URL of the query for an affiliation.
pub fn url(api: &str, affiliation: &str) -> String {
    let base = format!("{}/organizations", api.trim_end_matches('/'));
    match url::Url::parse_with_params(&base, [("affiliation", affiliation)]) {
        Ok(u) => u.to_string(),
        Err(_) => base,
    }
}

/// ROR's answer for an affiliation, as text.
///
/// # Errors
/// [`crate::import::http::FetchError`] for a 404, another status than 200, or no answer.
#[cfg(feature = "ureq")]
pub fn fetch(
    client: &crate::import::http::Client,
    api: &str,
    affiliation: &str,
) -> Result<String, crate::import::http::FetchError> {
    client.get(
        &url(api, affiliation),
        "application/json",
        affiliation,
        "resource at ROR's API",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_answer() {
        let body = r#"{"number_of_results": 2, "items": [
          {"substring": "Fraunhofer HHI", "score": 0.95, "matching_type": "PHRASE", "chosen": true,
           "organization": {"id": "https://ror.org/03v4gjf40", "names": [
             {"value": "HHI", "types": ["acronym"], "lang": null},
             {"value": "Heinrich Hertz Institute", "types": ["ror_display", "label"], "lang": "en"}]}},
          {"substring": "Fraunhofer HHI", "score": 0.5, "matching_type": "FUZZY", "chosen": false,
           "organization": {"id": "https://ror.org/021nxhr62", "names": []}}]}"#;
        let c = read(body).unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].id.url(), "https://ror.org/03v4gjf40");
        assert_eq!(c[0].name, "Heinrich Hertz Institute");
        assert!(c[0].chosen && !c[1].chosen);
        assert_eq!(c[1].score, 0.5);
        assert!(read("<html>").is_err());
        assert!(read(r#"{"items": [{"score": 1, "organization": {"id": "nope"}}]}"#).is_err());
    }

    #[test]
    fn the_query_is_escaped() {
        assert_eq!(
            url("https://api.ror.org/v2/", "A & B, Berlin"),
            "https://api.ror.org/v2/organizations?affiliation=A+%26+B%2C+Berlin"
        );
    }
}
