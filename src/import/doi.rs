//! DOIs to CSL-JSON, by content negotiation at doi.org (`GET {api}/{doi}`, `Accept:
//! application/vnd.citationstyles.csl+json`), which answers for Crossref, DataCite and mEDRA
//! DOIs alike by redirecting to the agency, whose answer [`super::csl_json::read`] reads.

use std::time::Duration;

use crate::types::Doi;

/// doi.org, the default `api` of [`fetch`].
pub const DOI_ORG: &str = "https://doi.org";

/// The media type asked for.
pub const CSL_JSON: &str = "application/vnd.citationstyles.csl+json";

/// How often a 429 or 503 is tried again, and the longest wait honoured from `Retry-After`.
const RETRIES: u32 = 3;
const LONGEST_WAIT: Duration = Duration::from_secs(30);

/// A DOI whose metadata could not be had.
#[derive(Debug, thiserror::Error)]
pub enum DoiError {
    /// No such DOI (404).
    #[error("{doi}: no such DOI ({url} answered 404)")]
    NotFound {
        /// The DOI.
        doi: String,
        /// What was asked.
        url: String,
    },
    /// Another answer than 200.
    #[error("{doi}: {url} answered {status}{}", if *.retried { " (also after retrying)" } else { "" })]
    Status {
        /// The DOI.
        doi: String,
        /// What was asked.
        url: String,
        /// The HTTP status.
        status: u16,
        /// Whether a 429 or 503 was tried again first.
        retried: bool,
    },
    /// No answer (network, timeout, TLS).
    #[error("{doi}: no answer from {url}: {source}")]
    Transport {
        /// The DOI.
        doi: String,
        /// What was asked.
        url: String,
        /// Why.
        #[source]
        source: Box<ureq::Error>,
    },
}

/// The CSL-JSON of a DOI, as text: `GET {api}/{doi}` with redirects followed (doi.org sends
/// every DOI to its agency), a 30 s timeout, and 429/503 tried again up to three times after
/// the `Retry-After` they give (at most 30 s; 1 s when they give none).
///
/// # Errors
/// [`DoiError`] for a 404, any other status than 200, or no answer.
pub fn fetch(api: &str, doi: &Doi) -> Result<String, DoiError> {
    let url = format!("{}/{}", api.trim_end_matches('/'), doi.as_str());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(10)
        .timeout_global(Some(Duration::from_secs(30)))
        .user_agent(concat!("vitae/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut tries = 0;
    loop {
        let mut resp = agent
            .get(&url)
            .header("Accept", CSL_JSON)
            .call()
            .map_err(|e| DoiError::Transport {
                doi: doi.to_string(),
                url: url.clone(),
                source: Box::new(e),
            })?;
        let status = resp.status().as_u16();
        match status {
            200 => {
                return resp
                    .body_mut()
                    .with_config()
                    .limit(16 * 1024 * 1024)
                    .read_to_string()
                    .map_err(|e| DoiError::Transport {
                        doi: doi.to_string(),
                        url: url.clone(),
                        source: Box::new(e),
                    });
            }
            404 => {
                return Err(DoiError::NotFound {
                    doi: doi.to_string(),
                    url,
                });
            }
            429 | 503 if tries < RETRIES => {
                tries += 1;
                let wait = resp
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map_or(Duration::from_secs(1), Duration::from_secs)
                    .min(LONGEST_WAIT);
                std::thread::sleep(wait);
            }
            _ => {
                return Err(DoiError::Status {
                    doi: doi.to_string(),
                    url,
                    status,
                    retried: tries > 0,
                });
            }
        }
    }
}
