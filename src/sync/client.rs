//! The Member API calls a sync makes, paced, retried on 503/429, with errors people can act
//! on.

use std::time::Duration;

use super::http::{HttpClient, Method, Request, Response};
use super::pace::Pacer;
use super::response::{self, BulkEntry, OrcidError, RemoteItem};
use super::section::Section;
use super::token::AccessToken;
use crate::orcid::doc;
use crate::types::OrcidId;

/// The production Member API.
pub const PRODUCTION_API: &str = "https://api.orcid.org/v3.0";
/// The sandbox Member API.
pub const SANDBOX_API: &str = "https://api.sandbox.orcid.org/v3.0";

/// A failed API call. Never contains the access token: server messages are redacted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The API URL cannot be used.
    #[error("{message}")]
    Config {
        /// What is wrong with it.
        message: String,
        /// The URL parser's error, when it is no URL at all.
        #[source]
        source: Option<url::ParseError>,
    },
    /// No response.
    #[error("{method} {path}: no response from the server: {message}")]
    Transport {
        /// The method.
        method: &'static str,
        /// The path below the API URL.
        path: String,
        /// What went wrong (with the access token redacted, should it appear).
        message: String,
        /// The HTTP client's error.
        #[source]
        source: super::http::TransportError,
    },
    /// An error status.
    #[error("{}", describe(*.status, method, path, error.as_deref(), body, location.as_deref()))]
    Status {
        /// The method.
        method: &'static str,
        /// The path below the API URL.
        path: String,
        /// The HTTP status.
        status: u16,
        /// ORCID's error document, when there was one.
        error: Option<Box<OrcidError>>,
        /// The start of the body, when it was no error document.
        body: String,
        /// The `Location` header (a deprecated iD's new record).
        location: Option<String>,
    },
    /// A success status with a body that could not be read.
    #[error("{method} {path}: cannot read the answer: {message}")]
    Response {
        /// The method.
        method: &'static str,
        /// The path below the API URL.
        path: String,
        /// What is wrong with it.
        message: String,
    },
}

fn describe(
    status: u16,
    method: &str,
    path: &str,
    error: Option<&OrcidError>,
    body: &str,
    location: Option<&str>,
) -> String {
    let code = error
        .and_then(|e| e.error_code)
        .map(|c| format!(", ORCID error {c}"))
        .unwrap_or_default();
    let msg = error
        .and_then(OrcidError::message)
        .map(str::to_owned)
        .unwrap_or_else(|| body.to_owned());
    let msg = if msg.is_empty() {
        String::new()
    } else {
        format!(": {msg}")
    };
    let head = format!("{method} {path} (HTTP {status}{code})");
    match status {
        401 => format!(
            "ORCID refused the access token, {head}{msg}. The token is missing, expired or \
             revoked, or belongs to the other server (sandbox or production): get a new one \
             (README, \"Sync with ORCID\") and set ORCID_ACCESS_TOKEN or --token-file"
        ),
        403 if error.and_then(|e| e.error_code) == Some(9010) => format!(
            "not allowed, {head}{msg}. Only the client that added an item may change or delete it"
        ),
        403 => format!(
            "not allowed, {head}{msg}. The token needs the /activities/update and \
             /read-limited scopes and must have been issued for this ORCID iD"
        ),
        404 => format!("not found, {head}{msg}. Check the ORCID iD and the API URL"),
        400 => format!("ORCID rejected the request, {head}{msg}"),
        409 => format!("conflict, {head}{msg}"),
        301 | 308 => format!(
            "this ORCID iD is deprecated and was merged into another record, {head}{}",
            location.map(|l| format!(": see {l}")).unwrap_or_default()
        ),
        429 | 503 => format!("ORCID is busy or limiting the rate, {head}{msg}; try again later"),
        _ => format!("unexpected answer, {head}{msg}"),
    }
}

impl ApiError {
    /// The HTTP status, for an error status.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// ORCID's error code, when the answer had one.
    pub fn error_code(&self) -> Option<u32> {
        match self {
            ApiError::Status { error, .. } => error.as_ref().and_then(|e| e.error_code),
            _ => None,
        }
    }

    /// ORCID's error document, when the answer had one.
    pub fn orcid_error(&self) -> Option<&OrcidError> {
        match self {
            ApiError::Status { error, .. } => error.as_deref(),
            _ => None,
        }
    }

    /// Whether the server may have carried the request out although no usable answer came: a
    /// write (POST, PUT, DELETE) whose answer was lost (the connection dropped or timed out
    /// after sending) or could not be read. Whether it did is unknown; the next sync finds out.
    pub fn may_have_acted(&self) -> bool {
        match self {
            ApiError::Transport { method, .. } | ApiError::Response { method, .. } => {
                *method != "GET"
            }
            _ => false,
        }
    }

    /// Whether the error is about one item (bad data, not ours, a conflict on it), so that a
    /// sync can go on with the others; other errors (token, record, server, network) stop it.
    pub fn is_about_item(&self) -> bool {
        match self {
            ApiError::Status { status, error, .. } => {
                let code = error.as_ref().and_then(|e| e.error_code);
                match status {
                    400 => true,
                    403 => matches!(code, Some(9010 | 9035)),
                    409 => matches!(code, Some(9021) | None),
                    _ => false,
                }
            }
            _ => false,
        }
    }
}

/// A client of the Member API for one record: it paces its requests (see [`Pacer`]) and
/// retries on 503 and 429. It is generic over its HTTP client `H` (by default any boxed
/// [`HttpClient`]) and `Send` when `H` is.
pub struct OrcidClient<H: HttpClient = Box<dyn HttpClient>> {
    http: H,
    api: String,
    orcid: OrcidId,
    token: AccessToken,
    pacer: Pacer,
    requests: u64,
}

impl<H: HttpClient> std::fmt::Debug for OrcidClient<H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OrcidClient")
            .field("api", &self.api)
            .field("orcid", &self.orcid)
            .field("token", &self.token)
            .field("requests", &self.requests)
            .finish_non_exhaustive()
    }
}

/// Checks an API URL: `https://`, or `http://` to this machine only (a token must not cross
/// a network in clear). Returns it without a final `/`.
///
/// # Errors
/// When it is no URL, or plain HTTP to another machine.
pub(crate) fn check_api_url(api: &str) -> Result<String, ApiError> {
    let url = url::Url::parse(api.trim()).map_err(|e| ApiError::Config {
        message: format!("the API URL {api:?} is not a URL: {e}"),
        source: Some(e),
    })?;
    let local = matches!(
        url.host(),
        Some(url::Host::Ipv4(a)) if a.is_loopback()
    ) || matches!(url.host(), Some(url::Host::Ipv6(a)) if a.is_loopback())
        || url.host_str() == Some("localhost");
    match url.scheme() {
        "https" => {}
        "http" if local => {}
        _ => {
            return Err(ApiError::Config {
                message: format!(
                    "the API URL {api:?} must use https (plain http only to 127.0.0.1 or localhost)"
                ),
                source: None,
            });
        }
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(ApiError::Config {
            message: format!(
                "the API URL {api:?} must be a base URL like https://api.orcid.org/v3.0"
            ),
            source: None,
        });
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(feature = "ureq")]
impl OrcidClient<super::http::UreqClient> {
    /// A client on ureq with rustls.
    ///
    /// # Errors
    /// When the API URL is no URL, or plain HTTP to another machine than this one (a token
    /// must not cross a network in clear).
    pub fn with_ureq(api: &str, orcid: OrcidId, token: AccessToken) -> Result<Self, ApiError> {
        Self::new(api, orcid, token, super::http::UreqClient::new())
    }
}

impl<H: HttpClient> OrcidClient<H> {
    /// A client for the record `orcid` at the Member API `api` (e.g. [`SANDBOX_API`]), sending
    /// its requests through `http`.
    ///
    /// # Errors
    /// When the API URL is no URL, or plain HTTP to another machine than this one (a token
    /// must not cross a network in clear).
    pub fn new(api: &str, orcid: OrcidId, token: AccessToken, http: H) -> Result<Self, ApiError> {
        Ok(Self {
            http,
            api: check_api_url(api)?,
            orcid,
            token,
            pacer: Pacer::default(),
            requests: 0,
        })
    }

    /// The same client with another pace (rate limit, backoff, clock, jitter).
    pub fn with_pacer(mut self, pacer: Pacer) -> Self {
        self.pacer = pacer;
        self
    }

    /// The API URL.
    pub fn api(&self) -> &str {
        &self.api
    }

    /// The record.
    pub fn orcid(&self) -> &OrcidId {
        &self.orcid
    }

    /// Requests sent so far, retries included.
    pub fn requests(&self) -> u64 {
        self.requests
    }

    fn call(
        &mut self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<Response, ApiError> {
        let request = Request {
            method,
            url: format!("{}{path}", self.api),
            token: self.token.clone(),
            body,
        };
        let retries = self.pacer.backoff().retries;
        let mut attempt = 0;
        loop {
            self.pacer.acquire();
            self.requests += 1;
            let resp = self.http.send(&request).map_err(|e| ApiError::Transport {
                method: method.as_str(),
                path: path.to_owned(),
                message: self.token.redact(&e.to_string()),
                source: e,
            })?;
            if matches!(resp.status, 429 | 503) && attempt < retries {
                let after = resp
                    .retry_after
                    .as_deref()
                    .and_then(|s| s.trim().parse::<u64>().ok())
                    .map(Duration::from_secs);
                self.pacer.back_off(attempt, after);
                attempt += 1;
                continue;
            }
            return Ok(resp);
        }
    }

    fn fail(&self, method: Method, path: &str, resp: &Response) -> ApiError {
        let error = response::read_error(&resp.body).map(|mut e| {
            e.developer_message = e.developer_message.map(|m| self.token.redact(&m));
            e.user_message = e.user_message.map(|m| self.token.redact(&m));
            Box::new(e)
        });
        let body = if error.is_some() {
            String::new()
        } else {
            let first: String = resp
                .body
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .chars()
                .take(200)
                .collect();
            self.token.redact(&first)
        };
        ApiError::Status {
            method: method.as_str(),
            path: path.to_owned(),
            status: resp.status,
            error,
            body,
            location: resp.location.clone(),
        }
    }

    fn unreadable(method: Method, path: &str, message: impl ToString) -> ApiError {
        ApiError::Response {
            method: method.as_str(),
            path: path.to_owned(),
            message: message.to_string(),
        }
    }

    fn expect(
        &mut self,
        method: Method,
        path: &str,
        body: Option<String>,
        ok: &[u16],
    ) -> Result<Response, ApiError> {
        let resp = self.call(method, path, body)?;
        if ok.contains(&resp.status) {
            Ok(resp)
        } else {
            Err(self.fail(method, path, &resp))
        }
    }

    /// The summaries of a section's items (`GET /{orcid}/works`, `/employments`, ...).
    ///
    /// # Errors
    /// When the call fails or the answer cannot be read.
    pub fn summaries(&mut self, section: Section) -> Result<Vec<RemoteItem>, ApiError> {
        let path = format!("/{}/{}s", self.orcid, section.path_segment());
        let resp = self.expect(Method::Get, &path, None, &[200])?;
        response::read_summaries(section, &resp.body)
            .map_err(|e| Self::unreadable(Method::Get, &path, e))
    }

    /// One full item (`GET /{orcid}/{section}/{put-code}`); `None` when it is not there.
    pub(crate) fn item(
        &mut self,
        section: Section,
        put_code: u64,
    ) -> Result<Option<(RemoteItem, doc::Item)>, ApiError> {
        let path = format!("/{}/{}/{put_code}", self.orcid, section.path_segment());
        let resp = self.call(Method::Get, &path, None)?;
        if resp.status == 404 {
            return Ok(None);
        }
        if resp.status != 200 {
            return Err(self.fail(Method::Get, &path, &resp));
        }
        response::read_full_item(section, &resp.body)
            .map(Some)
            .map_err(|e| Self::unreadable(Method::Get, &path, e))
    }

    /// Full works, at most 100 a request (`GET /{orcid}/works/{pc1,pc2,...}`).
    pub(crate) fn works(
        &mut self,
        put_codes: &[u64],
    ) -> Result<Vec<(RemoteItem, doc::Item)>, ApiError> {
        let mut out = Vec::new();
        for chunk in put_codes.chunks(100) {
            let list: Vec<String> = chunk.iter().map(u64::to_string).collect();
            let path = format!("/{}/works/{}", self.orcid, list.join(","));
            let resp = self.expect(Method::Get, &path, None, &[200])?;
            out.extend(
                response::bulk_items(&resp.body)
                    .map_err(|e| Self::unreadable(Method::Get, &path, e))?,
            );
        }
        Ok(out)
    }

    /// Adds an item (`POST /{orcid}/{section}`); returns its put-code.
    ///
    /// # Errors
    /// When the call fails, or the answer has no `Location` with a put-code.
    pub fn create(&mut self, section: Section, xml: &str) -> Result<u64, ApiError> {
        let path = format!("/{}/{}", self.orcid, section.path_segment());
        let resp = self.expect(Method::Post, &path, Some(xml.to_owned()), &[201])?;
        resp.location
            .as_deref()
            .and_then(response::put_code_from_location)
            .ok_or_else(|| {
                Self::unreadable(
                    Method::Post,
                    &path,
                    "201 without a Location header naming the put-code",
                )
            })
    }

    /// Adds works in one call (`POST /{orcid}/works`, at most 100); per position the created
    /// work or the error.
    ///
    /// # Errors
    /// When the call fails, or the answer is no bulk of as many positions.
    pub fn create_works(
        &mut self,
        bulk_xml: &str,
        count: usize,
    ) -> Result<Vec<BulkEntry>, ApiError> {
        let path = format!("/{}/works", self.orcid);
        let resp = self.expect(Method::Post, &path, Some(bulk_xml.to_owned()), &[200])?;
        let entries = response::read_bulk(&resp.body)
            .map_err(|e| Self::unreadable(Method::Post, &path, e))?;
        if entries.len() != count {
            return Err(Self::unreadable(
                Method::Post,
                &path,
                format!("{} positions for {count} works", entries.len()),
            ));
        }
        Ok(entries)
    }

    /// Replaces an item (`PUT /{orcid}/{section}/{put-code}`); the body carries the same
    /// put-code.
    ///
    /// # Errors
    /// When the call fails.
    pub fn update(&mut self, section: Section, put_code: u64, xml: &str) -> Result<(), ApiError> {
        let path = format!("/{}/{}/{put_code}", self.orcid, section.path_segment());
        self.expect(Method::Put, &path, Some(xml.to_owned()), &[200])?;
        Ok(())
    }

    /// Deletes an item (`DELETE /{orcid}/{section}/{put-code}`).
    ///
    /// # Errors
    /// When the call fails (404 included).
    pub fn delete(&mut self, section: Section, put_code: u64) -> Result<(), ApiError> {
        let path = format!("/{}/{}/{put_code}", self.orcid, section.path_segment());
        self.expect(Method::Delete, &path, None, &[200, 204])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_api_url_is_https_or_plain_http_to_this_machine() {
        assert_eq!(
            check_api_url("https://api.sandbox.orcid.org/v3.0/").unwrap(),
            "https://api.sandbox.orcid.org/v3.0"
        );
        assert!(check_api_url("http://127.0.0.1:8080/v3.0").is_ok());
        assert!(check_api_url("http://api.orcid.org/v3.0").is_err());
    }
    use crate::sync::{Response, TransportError};

    /// A client whose every request fails with an I/O error.
    struct Refused;

    impl HttpClient for Refused {
        fn send(&mut self, _: &Request) -> Result<Response, TransportError> {
            let cause = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
            Err(TransportError::with_source("connection refused", cause))
        }
    }

    #[test]
    fn an_api_url_that_is_no_url_keeps_the_parsers_error() {
        use std::error::Error as _;
        let e = check_api_url("not a url").unwrap_err();
        let source = e.source().expect("the parser's error");
        assert_eq!(
            source.downcast_ref::<url::ParseError>(),
            Some(&url::ParseError::RelativeUrlWithoutBase)
        );
        let e = check_api_url("http://api.orcid.org/v3.0").unwrap_err();
        assert!(e.source().is_none(), "a URL, but not a usable one: {e}");
    }

    #[test]
    fn a_client_can_move_to_another_thread() {
        fn send<T: Send>(_: &T) {}
        let client = OrcidClient::new(
            SANDBOX_API,
            "0000-0002-1825-0097".parse().unwrap(),
            AccessToken::new("0123456789abcdef0123456789abcdef").unwrap(),
            Box::new(Refused) as Box<dyn HttpClient>,
        )
        .unwrap();
        send(&client);
        let joined = std::thread::spawn(move || client.api().to_owned()).join();
        assert_eq!(joined.unwrap(), SANDBOX_API);
    }

    #[test]
    fn a_transport_error_keeps_the_http_clients_error_as_its_source() {
        use std::error::Error as _;
        let mut client = OrcidClient::new(
            SANDBOX_API,
            "0000-0002-1825-0097".parse().unwrap(),
            AccessToken::new("0123456789abcdef0123456789abcdef").unwrap(),
            Refused,
        )
        .unwrap();
        let e = client.call(Method::Get, "/x", None).unwrap_err();
        assert!(matches!(e, ApiError::Transport { .. }), "{e:?}");
        let transport = e.source().expect("the transport error");
        assert_eq!(transport.to_string(), "connection refused");
        let io = transport.source().expect("the I/O error");
        assert_eq!(
            io.downcast_ref::<std::io::Error>()
                .map(std::io::Error::kind),
            Some(std::io::ErrorKind::ConnectionRefused)
        );
    }
}
