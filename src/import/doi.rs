//! DOIs to CSL-JSON, by content negotiation at doi.org (`GET {api}/{doi}`, `Accept:
//! application/vnd.citationstyles.csl+json`), which answers for Crossref, DataCite and mEDRA
//! DOIs alike by redirecting to the agency, whose answer [`super::csl_json::read`] reads.

use super::http::{Client, FetchError};
use crate::types::Doi;

/// doi.org, the default `api` of [`fetch`].
pub const DOI_ORG: &str = "https://doi.org";

/// The media type asked for.
pub const CSL_JSON: &str = "application/vnd.citationstyles.csl+json";

/// A DOI whose metadata could not be had.
pub type DoiError = FetchError;

/// The CSL-JSON of a DOI, as text: `GET {api}/{doi}` with redirects followed (doi.org sends
/// every DOI to its agency), a 30 s timeout, and 429/503 tried again up to three times after
/// the `Retry-After` they give (at most 30 s; 1 s when they give none).
///
/// # Errors
/// [`DoiError`] for a 404 ("no such DOI"), any other status than 200, or no answer.
pub fn fetch(api: &str, doi: &Doi) -> Result<String, DoiError> {
    fetch_with(&Client::default(), api, doi)
}

/// [`fetch`] with a client of the caller's (its timeout, its `User-Agent`).
///
/// # Errors
/// As [`fetch`].
pub fn fetch_with(client: &Client, api: &str, doi: &Doi) -> Result<String, DoiError> {
    let url = format!("{}/{}", api.trim_end_matches('/'), doi.as_str());
    client.get(&url, CSL_JSON, doi.as_str(), "DOI")
}
