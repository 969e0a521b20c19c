//! One polite HTTP GET for the importers and enrichers that ask public services (doi.org,
//! ORCID's public API, ROR, Crossref): a timeout, redirects followed, a `User-Agent` naming
//! vitae (and a `mailto` when the user gives one), and 429/503 tried again after the
//! `Retry-After` the service gives. A 404 and every other status are errors of their own, so
//! that a caller can say "no such DOI" rather than "answered 404".

use std::time::Duration;

/// How often a 429 or 503 is tried again, and the longest wait honoured from `Retry-After`.
const RETRIES: u32 = 3;
const LONGEST_WAIT: Duration = Duration::from_secs(30);
/// The largest answer read.
const MAX_BODY: u64 = 16 * 1024 * 1024;

/// The default timeout of a request (connection and answer together).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A request that could not be answered with a body.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// 404: the service has no such thing.
    #[error("{what}: no such {noun} ({url} answered 404)")]
    NotFound {
        /// What was asked for (a DOI, an ORCID iD, a query).
        what: String,
        /// What kind of thing it is ("DOI", "ORCID iD").
        noun: &'static str,
        /// The URL asked.
        url: String,
    },
    /// Another answer than 200.
    #[error("{what}: {url} answered {status}{}", if *.retried { " (also after retrying)" } else { "" })]
    Status {
        /// What was asked for.
        what: String,
        /// The URL asked.
        url: String,
        /// The HTTP status.
        status: u16,
        /// Whether a 429 or 503 was tried again first.
        retried: bool,
    },
    /// No answer: network, timeout, TLS, a body too large or not UTF-8.
    #[error("{what}: no answer from {url}: {source}")]
    Transport {
        /// What was asked for.
        what: String,
        /// The URL asked.
        url: String,
        /// Why.
        #[source]
        source: Box<ureq::Error>,
    },
}

/// How requests are made: the timeout and the `User-Agent`.
#[derive(Debug, Clone)]
pub struct Client {
    agent: ureq::Agent,
}

impl Default for Client {
    fn default() -> Self {
        Self::new(DEFAULT_TIMEOUT, None)
    }
}

impl Client {
    /// A client whose requests give up after `timeout`; `mailto`, when given, is put in the
    /// `User-Agent` (`vitae/0.1.0 (mailto:ada@example.org)`), as Crossref's and ROR's
    /// etiquette ask of scripts.
    pub fn new(timeout: Duration, mailto: Option<&str>) -> Self {
        let mut ua = concat!("vitae/", env!("CARGO_PKG_VERSION")).to_owned();
        if let Some(m) = mailto {
            ua.push_str(&format!(" (mailto:{m})"));
        }
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(10)
            .timeout_global(Some(timeout))
            .user_agent(ua)
            .build()
            .into();
        Self { agent }
    }

    /// The body of `GET url` with `Accept: accept`, as text. `what` and `noun` name the
    /// thing asked for in errors ("10.5555/x", "DOI"). A 429 or 503 is tried again up to
    /// three times after the `Retry-After` it gives (at most 30 s; 1 s when it gives none).
    ///
    /// # Errors
    /// [`FetchError`] for a 404, any other status than 200, or no answer.
    pub fn get(
        &self,
        url: &str,
        accept: &str,
        what: &str,
        noun: &'static str,
    ) -> Result<String, FetchError> {
        let transport = |e: ureq::Error| FetchError::Transport {
            what: what.to_owned(),
            url: url.to_owned(),
            source: Box::new(e),
        };
        let mut tries = 0;
        loop {
            let mut resp = self
                .agent
                .get(url)
                .header("Accept", accept)
                .call()
                .map_err(transport)?;
            let status = resp.status().as_u16();
            match status {
                200 => {
                    return resp
                        .body_mut()
                        .with_config()
                        .limit(MAX_BODY)
                        .read_to_string()
                        .map_err(transport);
                }
                404 => {
                    return Err(FetchError::NotFound {
                        what: what.to_owned(),
                        noun,
                        url: url.to_owned(),
                    });
                }
                429 | 503 if tries < RETRIES => {
                    tries += 1;
                    std::thread::sleep(retry_after(resp.headers()));
                }
                _ => {
                    return Err(FetchError::Status {
                        what: what.to_owned(),
                        url: url.to_owned(),
                        status,
                        retried: tries > 0,
                    });
                }
            }
        }
    }
}

/// The wait a 429 or 503 asks for in `Retry-After` (seconds), at most 30 s; 1 s without one.
fn retry_after(headers: &ureq::http::HeaderMap) -> Duration {
    headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(Duration::from_secs(1), Duration::from_secs)
        .min(LONGEST_WAIT)
}
