//! The HTTP layer: a small trait an embedder can implement with any client, and the default
//! implementation on ureq with rustls (feature `ureq`, on by default).

use super::token::AccessToken;

/// An HTTP method the Member API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
}

impl Method {
    /// The method's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// One request. `Debug` shows the token as `***`.
#[derive(Debug, Clone)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The full URL.
    pub url: String,
    /// The bearer token for the `Authorization` header.
    pub token: AccessToken,
    /// The body (ORCID XML), for POST and PUT.
    pub body: Option<String>,
}

/// The media type of ORCID XML, for `Accept` and `Content-Type`.
pub const ORCID_XML: &str = "application/vnd.orcid+xml";

impl Request {
    /// The headers to send besides `Authorization`: `Accept`, and `Content-Type` with a body.
    pub fn headers(&self) -> Vec<(&'static str, &'static str)> {
        let mut h = vec![("Accept", ORCID_XML)];
        if self.body.is_some() {
            h.push(("Content-Type", ORCID_XML));
        }
        h
    }

    /// The value of the `Authorization` header.
    pub fn authorization(&self) -> String {
        format!("Bearer {}", self.token.secret())
    }
}

/// One response.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The `Location` header, when given.
    pub location: Option<String>,
    /// The `Retry-After` header, when given.
    pub retry_after: Option<String>,
    /// The body, as text.
    pub body: String,
}

/// A request that got no response: connection refused or dropped, TLS failure, timeout. It
/// keeps the HTTP client's own error as its [`source`](std::error::Error::source).
#[derive(Debug, Clone)]
pub struct TransportError {
    message: String,
    source: Option<std::sync::Arc<dyn std::error::Error + Send + Sync>>,
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Written by hand rather than by `thiserror`: its source is the client's error itself, not
/// the `Arc` that shares it, so that a caller can `downcast_ref` it.
impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl TransportError {
    /// An error with a message and no underlying error.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    /// An error caused by `source`, described by `message`.
    pub fn with_source(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self {
            message: message.into(),
            source: Some(std::sync::Arc::new(source)),
        }
    }
}

/// Two transport errors are equal when they say the same (their sources are not compared).
impl PartialEq for TransportError {
    fn eq(&self, other: &Self) -> bool {
        self.message == other.message
    }
}

impl Eq for TransportError {}

/// Sends requests. Implement it to bring your own HTTP client; the implementation must not
/// follow redirects (ORCID answers 301 for a deprecated iD) and must send
/// [`Request::headers`] and [`Request::authorization`]. It is `Send`, so a client (and the
/// [`OrcidClient`](super::OrcidClient) that owns it) can move to another thread.
pub trait HttpClient: Send {
    /// Sends one request and returns the response, whatever its status.
    ///
    /// # Errors
    /// When no response was received.
    fn send(&mut self, request: &Request) -> Result<Response, TransportError>;
}

/// The default client: ureq 3 with rustls and the Mozilla root certificates, no redirects,
/// a 60 s timeout per request.
#[cfg(feature = "ureq")]
pub struct UreqClient {
    agent: ureq::Agent,
}

#[cfg(feature = "ureq")]
impl UreqClient {
    /// A client.
    pub fn new() -> Self {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(std::time::Duration::from_secs(60)))
            .user_agent(concat!("vitae/", env!("CARGO_PKG_VERSION")))
            .build();
        Self {
            agent: config.into(),
        }
    }
}

#[cfg(feature = "ureq")]
impl Default for UreqClient {
    fn default() -> Self {
        Self::new()
    }
}

/// A boxed client is a client, so `OrcidClient<Box<dyn HttpClient>>` can hold any of them.
impl<H: HttpClient + ?Sized> HttpClient for Box<H> {
    fn send(&mut self, request: &Request) -> Result<Response, TransportError> {
        (**self).send(request)
    }
}

#[cfg(feature = "ureq")]
impl HttpClient for UreqClient {
    fn send(&mut self, request: &Request) -> Result<Response, TransportError> {
        let auth = request.authorization();
        let url = request.url.as_str();
        let result = match (request.method, &request.body) {
            (Method::Get, _) => {
                let mut b = self.agent.get(url).header("Authorization", &auth);
                for (k, v) in request.headers() {
                    b = b.header(k, v);
                }
                b.call()
            }
            (Method::Delete, _) => {
                let mut b = self.agent.delete(url).header("Authorization", &auth);
                for (k, v) in request.headers() {
                    b = b.header(k, v);
                }
                b.call()
            }
            (Method::Post | Method::Put, body) => {
                let mut b = if request.method == Method::Post {
                    self.agent.post(url)
                } else {
                    self.agent.put(url)
                }
                .header("Authorization", &auth);
                for (k, v) in request.headers() {
                    b = b.header(k, v);
                }
                b.send(body.as_deref().unwrap_or(""))
            }
        };
        let mut resp = result.map_err(|e| TransportError::with_source(e.to_string(), e))?;
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let location = header("location");
        let retry_after = header("retry-after");
        let status = resp.status().as_u16();
        let body = resp
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| TransportError::with_source(format!("reading the response: {e}"), e))?;
        Ok(Response {
            status,
            location,
            retry_after,
            body,
        })
    }
}
