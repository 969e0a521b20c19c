//! An ORCID iD to its public record, as ORCID XML v3.0 (`GET {api}/{id}/record`, `Accept:
//! application/vnd.orcid+xml`), which [`crate::orcid::import_documents`] reads like a record
//! saved to a file.

use super::http::{Client, FetchError};
use crate::types::OrcidId;

/// ORCID's public API, the default `api` of [`fetch_record`].
pub const PUBLIC_API: &str = "https://pub.orcid.org/v3.0";

/// The media type asked for.
pub const ORCID_XML: &str = "application/vnd.orcid+xml";

/// The public record of an ORCID iD, as XML text: `GET {api}/{id}/record` (redirects
/// followed, the client's timeout, 429/503 tried again after their `Retry-After`).
///
/// # Errors
/// [`FetchError`] for a 404 ("no such ORCID iD"), any other status than 200, or no answer.
pub fn fetch_record(client: &Client, api: &str, id: &OrcidId) -> Result<String, FetchError> {
    let url = format!("{}/{}/record", api.trim_end_matches('/'), id.as_str());
    client.get(&url, ORCID_XML, id.as_str(), "ORCID iD")
}
