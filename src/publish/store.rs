//! A Graph Store (SPARQL 1.1 Graph Store HTTP Protocol, indirect graph identification):
//! `PUT {store}?graph={IRI}` replaces a graph, `DELETE` removes it. Requests authenticate
//! with the [`Credentials`], and a `429` or `503` (or no answer at all, or a deadlock) is tried
//! again after the `Retry-After` the server gives, or with exponential backoff.

use std::time::{Duration, SystemTime};

use url::Url;

use super::auth::{self, Challenge, Credentials, DigestChallenge};

/// The media type of the bodies sent.
pub const TURTLE: &str = "text/turtle";

/// The Graph Store protocol's parameter naming the graph; Virtuoso names it `graph-uri`.
pub const GRAPH_PARAM: &str = "graph";

/// A Graph Store endpoint and how to talk to it: what [`publish`](super::publish) sends to.
/// Cheap to share between threads; each sending thread keeps its own authentication state.
#[derive(Debug, Clone)]
pub struct GraphStore {
    url: Url,
    param: String,
    credentials: Credentials,
    agent: ureq::Agent,
    retries: u32,
    backoff: Duration,
    longest_wait: Duration,
}

/// A URL that cannot be a Graph Store endpoint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--graph-store {url}: {reason}")]
pub struct StoreUrlError {
    /// The URL as given.
    pub url: String,
    /// Why.
    pub reason: String,
}

/// A request to the store that failed, after any retries. Holds no secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// No answer (connection refused, dropped, timeout), also after retrying.
    #[error(
        "{method} {url}: no answer from the graph store after {attempts} attempt(s): {message}"
    )]
    Transport {
        /// The method.
        method: &'static str,
        /// The request's URL.
        url: String,
        /// How many times it was sent.
        attempts: u32,
        /// What went wrong.
        message: String,
    },
    /// An error status.
    #[error("{}", describe(self))]
    Status {
        /// The method.
        method: &'static str,
        /// The request's URL.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The start of the server's answer, secrets redacted.
        body: String,
        /// How many times it was sent.
        attempts: u32,
        /// Whether credentials were sent.
        authenticated: bool,
    },
}

fn describe(e: &RequestError) -> String {
    let RequestError::Status {
        method,
        url,
        status,
        body,
        attempts,
        authenticated,
    } = e
    else {
        return String::new();
    };
    let said = if body.trim().is_empty() {
        String::new()
    } else {
        format!(": {}", body.trim())
    };
    let head = format!("{method} {url} (HTTP {status}){said}");
    match status {
        401 if *authenticated => format!(
            "the graph store refused the credentials, {head}. Check {} or {} and {}",
            auth::TOKEN_ENV,
            auth::USER_ENV,
            auth::PASSWORD_ENV
        ),
        401 => format!(
            "the graph store asks for credentials, {head}. Set {} (a bearer token), or {} and \
             {} (Basic or Digest)",
            auth::TOKEN_ENV,
            auth::USER_ENV,
            auth::PASSWORD_ENV
        ),
        403 => format!(
            "the graph store does not allow this, {head}. The account may lack write \
             permission; Virtuoso takes writes at /sparql-graph-crud-auth, not /sparql-graph-crud"
        ),
        404 | 405 => format!(
            "no Graph Store endpoint there, {head}. Oxigraph's is /store, Virtuoso's \
             /sparql-graph-crud-auth (with --graph-param graph-uri)"
        ),
        429 | 503 => format!("the graph store stayed busy after {attempts} attempts, {head}"),
        _ => format!("the graph store refused the request, {head}"),
    }
}

impl RequestError {
    /// The HTTP status, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            RequestError::Status { status, .. } => Some(*status),
            RequestError::Transport { .. } => None,
        }
    }

    /// Whether every other request would fail the same way (refused credentials or
    /// permission): the publication then stops rather than send them.
    pub fn stops_all(&self) -> bool {
        matches!(self.status(), Some(401 | 403))
    }
}

/// What a successful request got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sent {
    /// The HTTP status (`201` for a new graph, `200` or `204` for a replaced one).
    pub status: u16,
    /// How many times the request was sent (more than 1 after a `429`/`503`).
    pub attempts: u32,
}

/// One thread's authentication state: the Digest nonce last given (and its count) or that
/// the server takes Basic, so that later requests answer at once instead of after a `401`.
#[derive(Debug, Default)]
pub(crate) struct Session {
    digest: Option<DigestChallenge>,
    nc: u32,
    basic: bool,
    probed: bool,
}

/// One answer, whatever its status.
struct Answer {
    status: u16,
    retry_after: Option<String>,
    challenges: Vec<String>,
    body: String,
}

impl GraphStore {
    /// A Graph Store at `url` (`http` or `https`), with no credentials, 4 retries and a
    /// backoff starting at 1 s.
    ///
    /// # Errors
    /// [`StoreUrlError`] for a URL that does not parse, is not HTTP(S), or holds a user or
    /// password (credentials come from the environment, never from the command line).
    pub fn new(url: &str) -> Result<Self, StoreUrlError> {
        let fail = |reason: &str| StoreUrlError {
            url: url.to_owned(),
            reason: reason.to_owned(),
        };
        let parsed = Url::parse(url).map_err(|e| fail(&e.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(fail("expected an http or https URL"));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(StoreUrlError {
                url: "(a URL with credentials, not shown)".to_owned(),
                reason: format!(
                    "put no user or password in the URL: set {} or {} and {} instead",
                    auth::TOKEN_ENV,
                    auth::USER_ENV,
                    auth::PASSWORD_ENV
                ),
            });
        }
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(300)))
            .user_agent(concat!("vitae/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Ok(Self {
            url: parsed,
            param: GRAPH_PARAM.to_owned(),
            credentials: Credentials::None,
            agent,
            retries: 4,
            backoff: Duration::from_secs(1),
            longest_wait: Duration::from_secs(120),
        })
    }

    /// The query parameter naming the graph (default `graph`; Virtuoso: `graph-uri`).
    pub fn with_graph_param(mut self, param: &str) -> Self {
        param.clone_into(&mut self.param);
        self
    }

    /// The credentials.
    pub fn with_credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// How many times a request is tried again after a `429`, a `503` or no answer.
    pub fn with_retries(mut self, retries: u32) -> Self {
        self.retries = retries;
        self
    }

    /// The first wait of the exponential backoff, when the server gives no `Retry-After`
    /// (doubled at each retry), and the longest wait honoured from a `Retry-After`.
    pub fn with_backoff(mut self, first: Duration, longest: Duration) -> Self {
        self.backoff = first;
        self.longest_wait = longest;
        self
    }

    /// The endpoint's URL: the key of its graphs in the state file.
    pub fn url(&self) -> &str {
        self.url.as_str()
    }

    /// The URL of one graph: `{store}?{param}={IRI}`, the IRI percent-encoded.
    pub fn graph_url(&self, graph: &str) -> Url {
        let mut u = self.url.clone();
        u.query_pairs_mut().append_pair(&self.param, graph);
        u
    }

    /// Replaces (or creates) a graph with a Turtle body.
    ///
    /// # Errors
    /// [`RequestError`] for an error status or no answer, after any retries.
    pub(crate) fn put(
        &self,
        session: &mut Session,
        graph: &str,
        turtle: &[u8],
    ) -> Result<Sent, RequestError> {
        self.request(session, "PUT", graph, Some(turtle))
    }

    /// Deletes a graph; a graph that is not there (`404`) counts as deleted.
    ///
    /// # Errors
    /// As [`put`](Self::put).
    pub(crate) fn delete(&self, session: &mut Session, graph: &str) -> Result<Sent, RequestError> {
        match self.request(session, "DELETE", graph, None) {
            Err(RequestError::Status {
                status: 404,
                attempts,
                ..
            }) => Ok(Sent {
                status: 404,
                attempts,
            }),
            other => other,
        }
    }

    fn request(
        &self,
        session: &mut Session,
        method: &'static str,
        graph: &str,
        body: Option<&[u8]>,
    ) -> Result<Sent, RequestError> {
        let url = self.graph_url(graph);
        let mut attempts = 0;
        loop {
            attempts += 1;
            let again = attempts <= self.retries;
            let backoff = self.backoff.saturating_mul(1 << (attempts - 1).min(16));
            match self.exchange(session, method, &url, body) {
                Err(message) if again => {
                    let _ = message;
                    std::thread::sleep(backoff.min(self.longest_wait));
                }
                Err(message) => {
                    return Err(RequestError::Transport {
                        method,
                        url: url.to_string(),
                        attempts,
                        message,
                    });
                }
                Ok(a) if (200..300).contains(&a.status) => {
                    return Ok(Sent {
                        status: a.status,
                        attempts,
                    });
                }
                Ok(a) if busy(&a) && again => {
                    let wait = a
                        .retry_after
                        .as_deref()
                        .and_then(|v| retry_after(v, SystemTime::now()))
                        .unwrap_or(backoff);
                    std::thread::sleep(wait.min(self.longest_wait));
                }
                Ok(a) => {
                    let mut body: String = a.body.chars().take(300).collect();
                    body = self.credentials.redact(&body);
                    return Err(RequestError::Status {
                        method,
                        url: url.to_string(),
                        status: a.status,
                        body,
                        attempts,
                        authenticated: self.credentials != Credentials::None,
                    });
                }
            }
        }
    }

    /// One request, answering an authentication challenge once when there are credentials.
    fn exchange(
        &self,
        session: &mut Session,
        method: &'static str,
        url: &Url,
        body: Option<&[u8]>,
    ) -> Result<Answer, String> {
        let target = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        };
        // A server that asks for credentials may answer 401 before reading a body and close
        // the connection (Virtuoso does), so the challenge is had first, once per session,
        // with a HEAD that has no body.
        if matches!(self.credentials, Credentials::Password { .. }) && !session.probed {
            session.probed = true;
            let answer = self.send("HEAD", url, None, None)?;
            if answer.status == 401 && self.take_challenge(session, &answer) {
                // And the credentials tried the same way: refused, they would be refused
                // again with the body, which such a server does not read.
                let authorization = self.authorization(session, "HEAD", &target);
                let answer = self.send("HEAD", url, None, authorization.as_deref())?;
                if answer.status == 401 {
                    self.take_challenge(session, &answer);
                    return Ok(answer);
                }
            }
        }
        let mut answered = false;
        loop {
            let authorization = self.authorization(session, method, &target);
            let answer = self.send(method, url, body, authorization.as_deref())?;
            if answer.status != 401 || answered {
                return Ok(answer);
            }
            let Credentials::Password { .. } = &self.credentials else {
                return Ok(answer);
            };
            if !self.take_challenge(session, &answer) {
                return Ok(answer);
            }
            answered = true;
        }
    }

    /// Takes a 401's challenge into the session; false when there is none to answer (or it
    /// is the one already answered: the credentials are wrong).
    fn take_challenge(&self, session: &mut Session, answer: &Answer) -> bool {
        match auth::choose_challenge(answer.challenges.iter().map(String::as_str)) {
            Some(Challenge::Digest(ch)) => {
                let same = session.digest.as_ref().is_some_and(|d| d.nonce == ch.nonce);
                if same && !ch.stale {
                    return false;
                }
                session.digest = Some(ch);
                session.nc = 0;
                session.basic = false;
                true
            }
            Some(Challenge::Basic) if !session.basic => {
                session.basic = true;
                session.digest = None;
                true
            }
            _ => false,
        }
    }

    /// The `Authorization` header for the next request of this session, if any.
    fn authorization(&self, session: &mut Session, method: &str, target: &str) -> Option<String> {
        match &self.credentials {
            Credentials::None => None,
            Credentials::Bearer(t) => Some(format!("Bearer {t}")),
            Credentials::Password { user, password } => {
                if let Some(ch) = &session.digest {
                    session.nc += 1;
                    Some(auth::digest(
                        ch,
                        user,
                        password,
                        method,
                        target,
                        session.nc,
                        &auth::cnonce(),
                    ))
                } else if session.basic {
                    Some(auth::basic(user, password))
                } else {
                    None
                }
            }
        }
    }

    fn send(
        &self,
        method: &'static str,
        url: &Url,
        body: Option<&[u8]>,
        authorization: Option<&str>,
    ) -> Result<Answer, String> {
        let result = if method == "HEAD" {
            let mut b = self.agent.head(url.as_str());
            if let Some(a) = authorization {
                b = b.header("Authorization", a);
            }
            b.call()
        } else if method == "PUT" {
            let mut b = self.agent.put(url.as_str()).header("Content-Type", TURTLE);
            if let Some(a) = authorization {
                b = b.header("Authorization", a);
            }
            b.send(body.unwrap_or_default())
        } else {
            let mut b = self.agent.delete(url.as_str());
            if let Some(a) = authorization {
                b = b.header("Authorization", a);
            }
            b.call()
        };
        let mut resp = result.map_err(|e| self.credentials.redact(&e.to_string()))?;
        let headers = resp.headers();
        let retry_after = headers
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let challenges = headers
            .get_all("www-authenticate")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_owned)
            .collect();
        let status = resp.status().as_u16();
        // The answer's start is enough for a report; a long one is not read.
        let body = resp
            .body_mut()
            .with_config()
            .limit(1 << 20)
            .read_to_string()
            .unwrap_or_default();
        Ok(Answer {
            status,
            retry_after,
            challenges,
            body,
        })
    }
}

/// Whether an answer says to try again later: `429`, `503`, or a transaction that lost to a
/// concurrent one. Virtuoso answers `500` with SQL state `40001` to a deadlock, and `500`
/// with `SR197` ("Non unique primary key on DB.DBA.RDF_DATATYPE", …) when two writes add the
/// same new row at once (the first graph with a datatype it has not seen); either succeeds
/// when tried again, and a PUT may be sent again without harm.
fn busy(a: &Answer) -> bool {
    matches!(a.status, 429 | 503)
        || (a.status == 500
            && (a.body.contains("40001")
                || a.body.contains("deadlock")
                || a.body.contains("SR197")))
}

/// The wait a `Retry-After` value asks for: delay-seconds, or an HTTP date (IMF-fixdate,
/// `Sun, 06 Nov 1994 08:49:37 GMT`) from `now`; `None` when it is neither.
pub(crate) fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = http_date(v)?;
    let now = now.duration_since(SystemTime::UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(at.saturating_sub(now)))
}

/// Seconds since the epoch of an IMF-fixdate.
fn http_date(v: &str) -> Option<u64> {
    let parts: Vec<&str> = v.split([' ', ':']).collect();
    let [_, day, month, year, h, m, s, "GMT"] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|x| x == month)? as i64 + 1;
    let (day, year): (i64, i64) = (day.parse().ok()?, year.parse().ok()?);
    let (h, m, s): (u64, u64, u64) = (h.parse().ok()?, m.parse().ok()?, s.parse().ok()?);
    // Days from the civil date (H. Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = u64::try_from(era * 146_097 + doe - 719_468).ok()?;
    Some(days * 86_400 + h * 3600 + m * 60 + s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtuosos_answers_to_concurrent_writes_are_tried_again() {
        let answer = |status: u16, body: &str| Answer {
            status,
            retry_after: None,
            challenges: Vec::new(),
            body: body.to_owned(),
        };
        // As Virtuoso 7 answered two concurrent PUTs of graphs with a new datatype (CI).
        assert!(busy(&answer(
            500,
            "<h3>Error 23000</h3>\n<xmp>SR197: Non unique primary key on DB.DBA.RDF_DATATYPE.</xmp>"
        )));
        assert!(busy(&answer(500, "Error 40001: Deadlock detected")));
        assert!(busy(&answer(503, "")) && busy(&answer(429, "")));
        assert!(!busy(&answer(
            500,
            "Error 37000: SPARQL compiler: syntax error"
        )));
        assert!(!busy(&answer(400, "SR197")));
    }

    #[test]
    fn retry_after_takes_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        // RFC 9110's example date is 784111777 seconds after the epoch.
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon", now), None);
    }

    #[test]
    fn graph_urls_encode_the_iri_under_the_chosen_parameter() {
        let s = GraphStore::new("http://127.0.0.1:8890/sparql-graph-crud-auth")
            .expect("url")
            .with_graph_param("graph-uri");
        assert_eq!(
            s.graph_url("https://ex.org/cv/#a b").as_str(),
            "http://127.0.0.1:8890/sparql-graph-crud-auth?graph-uri=https%3A%2F%2Fex.org%2Fcv%2F%23a+b"
        );
        let e = GraphStore::new("http://dba:secret@127.0.0.1/store").expect_err("credentials");
        assert!(!e.to_string().contains("secret"), "{e}");
        assert!(GraphStore::new("ftp://x/store").is_err());
    }
}
