//! Credentials for a Graph Store, from the environment only, and the `Authorization` headers
//! they make: a bearer token; or a user and password answered to the server's challenge with
//! HTTP Basic (RFC 7617) or Digest (RFC 7616, MD5 or SHA-256, `qop=auth`; Virtuoso's
//! `/sparql-graph-crud-auth` asks for Digest).
//!
//! The secrets never show in `Debug`, in errors or in reports.

// Without an HTTP client (feature `ureq`) only the credentials are used.
#![cfg_attr(not(feature = "ureq"), allow(dead_code))]

use std::fmt;

use md5::Md5;
use sha2::{Digest, Sha256};

/// The variable holding a bearer token.
pub const TOKEN_ENV: &str = "VITAE_GRAPH_STORE_TOKEN";
/// The variable holding the user name for Basic or Digest authentication.
pub const USER_ENV: &str = "VITAE_GRAPH_STORE_USER";
/// The variable holding the password for Basic or Digest authentication.
pub const PASSWORD_ENV: &str = "VITAE_GRAPH_STORE_PASSWORD";

/// How requests to a Graph Store authenticate. `Debug` never shows a secret.
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credentials {
    /// No credentials (a store open for writes, such as a local Oxigraph server).
    #[default]
    None,
    /// `Authorization: Bearer …` on every request.
    Bearer(String),
    /// A user and password, given to the scheme the server asks for in its `401` answer
    /// (Digest preferred over Basic): never sent before the server asks.
    Password {
        /// The user name.
        user: String,
        /// The password.
        password: String,
    },
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::None => f.write_str("None"),
            Credentials::Bearer(_) => f.write_str("Bearer(***)"),
            Credentials::Password { user, .. } => {
                write!(f, "Password {{ user: {user:?}, password: *** }}")
            }
        }
    }
}

/// Credentials given in a way that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialsError {
    /// A token and a user name are both set.
    #[error("both {TOKEN_ENV} and {USER_ENV} are set: set one way of authenticating only")]
    Both,
    /// A user name without a password, or the other way round.
    #[error("{0} is set but {1} is not: a user needs a password")]
    Half(&'static str, &'static str),
}

impl Credentials {
    /// The credentials in the environment: [`TOKEN_ENV`], or [`USER_ENV`] and
    /// [`PASSWORD_ENV`]; none when neither is set (empty values count as unset).
    ///
    /// # Errors
    /// [`CredentialsError`] when both ways are set, or a user without a password.
    pub fn from_env() -> Result<Self, CredentialsError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// As [`from_env`](Self::from_env), reading the variables through `var`.
    ///
    /// ```
    /// use vitae::publish::Credentials;
    /// let c = Credentials::from_lookup(|k| (k == "VITAE_GRAPH_STORE_TOKEN").then(|| "s3cret".into()))?;
    /// assert_eq!(format!("{c:?}"), "Bearer(***)");
    /// # Ok::<(), vitae::publish::CredentialsError>(())
    /// ```
    ///
    /// # Errors
    /// As [`from_env`](Self::from_env).
    pub fn from_lookup(var: impl Fn(&str) -> Option<String>) -> Result<Self, CredentialsError> {
        let get = |k| var(k).filter(|v| !v.is_empty());
        match (get(TOKEN_ENV), get(USER_ENV), get(PASSWORD_ENV)) {
            (Some(_), Some(_), _) => Err(CredentialsError::Both),
            (Some(t), None, _) => Ok(Credentials::Bearer(t.trim().to_owned())),
            (None, Some(user), Some(password)) => Ok(Credentials::Password { user, password }),
            (None, Some(_), None) => Err(CredentialsError::Half(USER_ENV, PASSWORD_ENV)),
            (None, None, Some(_)) => Err(CredentialsError::Half(PASSWORD_ENV, USER_ENV)),
            (None, None, None) => Ok(Credentials::None),
        }
    }

    /// `text` with every secret replaced by `***` (for what a server says back).
    pub fn redact(&self, text: &str) -> String {
        match self {
            Credentials::None => text.to_owned(),
            Credentials::Bearer(t) if !t.is_empty() => text.replace(t.as_str(), "***"),
            Credentials::Password { password, .. } if !password.is_empty() => {
                text.replace(password.as_str(), "***")
            }
            _ => text.to_owned(),
        }
    }
}

/// The hash of a Digest challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Algorithm {
    Md5,
    Md5Sess,
    Sha256,
    Sha256Sess,
}

impl Algorithm {
    fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_uppercase().as_str() {
            "MD5" => Some(Algorithm::Md5),
            "MD5-SESS" => Some(Algorithm::Md5Sess),
            "SHA-256" => Some(Algorithm::Sha256),
            "SHA-256-SESS" => Some(Algorithm::Sha256Sess),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Algorithm::Md5 => "MD5",
            Algorithm::Md5Sess => "MD5-sess",
            Algorithm::Sha256 => "SHA-256",
            Algorithm::Sha256Sess => "SHA-256-sess",
        }
    }

    fn hash(self, data: &str) -> String {
        let bytes: Vec<u8> = match self {
            Algorithm::Md5 | Algorithm::Md5Sess => Md5::digest(data.as_bytes()).to_vec(),
            Algorithm::Sha256 | Algorithm::Sha256Sess => Sha256::digest(data.as_bytes()).to_vec(),
        };
        hex(&bytes)
    }

    fn is_session(self) -> bool {
        matches!(self, Algorithm::Md5Sess | Algorithm::Sha256Sess)
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// What a server's `401` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Challenge {
    /// HTTP Basic.
    Basic,
    /// HTTP Digest.
    Digest(DigestChallenge),
}

/// The parameters of a Digest challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DigestChallenge {
    pub realm: String,
    pub nonce: String,
    pub opaque: Option<String>,
    pub algorithm: Algorithm,
    /// Whether the server offers `qop=auth` (else the RFC 2069 form is used).
    pub qop_auth: bool,
    /// Whether the server said the nonce went stale (the credentials were right).
    pub stale: bool,
}

/// The challenge to answer among a `401`'s `WWW-Authenticate` headers: the first Digest one
/// of a known algorithm and `qop=auth` (or none), else Basic; `None` when neither.
pub(crate) fn choose_challenge<'a>(
    headers: impl IntoIterator<Item = &'a str>,
) -> Option<Challenge> {
    let mut basic = false;
    for h in headers {
        for (scheme, params) in split_challenges(h) {
            if scheme.eq_ignore_ascii_case("digest") {
                if let Some(d) = digest_challenge(&params) {
                    return Some(Challenge::Digest(d));
                }
            } else if scheme.eq_ignore_ascii_case("basic") {
                basic = true;
            }
        }
    }
    basic.then_some(Challenge::Basic)
}

fn digest_challenge(params: &[(String, String)]) -> Option<DigestChallenge> {
    let get = |k: &str| {
        params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(k))
            .map(|(_, v)| v.clone())
    };
    let algorithm = match get("algorithm") {
        Some(a) => Algorithm::from_name(&a)?,
        None => Algorithm::Md5,
    };
    let qop_auth = match get("qop") {
        Some(q) => {
            if !q.split(',').any(|o| o.trim().eq_ignore_ascii_case("auth")) {
                return None;
            }
            true
        }
        None => false,
    };
    Some(DigestChallenge {
        realm: get("realm").unwrap_or_default(),
        nonce: get("nonce")?,
        opaque: get("opaque"),
        algorithm,
        qop_auth,
        stale: get("stale").is_some_and(|s| s.eq_ignore_ascii_case("true")),
    })
}

/// Splits one `WWW-Authenticate` value into its challenges: `(scheme, [(name, value)])`.
/// Values may be tokens or quoted strings with `\` escapes; a challenge may hold commas.
fn split_challenges(header: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out: Vec<(String, Vec<(String, String)>)> = Vec::new();
    let b = header.as_bytes();
    let mut i = 0;
    let skip = |i: &mut usize, set: &[u8]| {
        while *i < b.len() && set.contains(&b[*i]) {
            *i += 1;
        }
    };
    while i < b.len() {
        skip(&mut i, b" \t,");
        let start = i;
        while i < b.len() && !b" \t,=".contains(&b[i]) {
            i += 1;
        }
        let word = &header[start..i];
        if word.is_empty() {
            break;
        }
        let mut j = i;
        skip(&mut j, b" \t");
        if j < b.len() && b[j] == b'=' {
            // A parameter of the current challenge (or a token68 ending in '=').
            j += 1;
            skip(&mut j, b" \t");
            let value = if j < b.len() && b[j] == b'"' {
                j += 1;
                let mut v = String::new();
                while j < b.len() && b[j] != b'"' {
                    if b[j] == b'\\' && j + 1 < b.len() {
                        j += 1;
                    }
                    let ch = header[j..].chars().next().unwrap_or(' ');
                    v.push(ch);
                    j += ch.len_utf8();
                }
                j += 1;
                v
            } else {
                let s = j;
                while j < b.len() && !b" \t,".contains(&b[j]) {
                    j += 1;
                }
                header[s..j].to_owned()
            };
            if let Some((_, params)) = out.last_mut() {
                params.push((word.to_owned(), value));
            }
            i = j;
        } else {
            out.push((word.to_owned(), Vec::new()));
        }
    }
    out
}

/// The `Authorization` value of a Basic answer.
pub(crate) fn basic(user: &str, password: &str) -> String {
    format!("Basic {}", base64(format!("{user}:{password}").as_bytes()))
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (k, &b)| n | (u32::from(b) << (16 - 8 * k)));
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * k)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The `Authorization` value of a Digest answer (RFC 7616 § 3.4): `uri` is the request
/// target (path and query), `nc` the count of requests made with this nonce, `cnonce` the
/// client's nonce.
pub(crate) fn digest(
    ch: &DigestChallenge,
    user: &str,
    password: &str,
    method: &str,
    uri: &str,
    nc: u32,
    cnonce: &str,
) -> String {
    let h = |s: &str| ch.algorithm.hash(s);
    let mut ha1 = h(&format!("{user}:{}:{password}", ch.realm));
    if ch.algorithm.is_session() {
        ha1 = h(&format!("{ha1}:{}:{cnonce}", ch.nonce));
    }
    let ha2 = h(&format!("{method}:{uri}"));
    let nc = format!("{nc:08x}");
    let response = if ch.qop_auth {
        h(&format!("{ha1}:{}:{nc}:{cnonce}:auth:{ha2}", ch.nonce))
    } else {
        h(&format!("{ha1}:{}:{ha2}", ch.nonce))
    };
    let q = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let mut out = format!(
        "Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{}\", algorithm={}, \
         response=\"{response}\"",
        q(user),
        q(&ch.realm),
        q(&ch.nonce),
        q(uri),
        ch.algorithm.name(),
    );
    if ch.qop_auth {
        out.push_str(&format!(", qop=auth, nc={nc}, cnonce=\"{}\"", q(cnonce)));
    }
    if let Some(o) = &ch.opaque {
        out.push_str(&format!(", opaque=\"{}\"", q(o)));
    }
    out
}

/// A fresh client nonce: unpredictable enough for `cnonce` (it only has to differ).
pub(crate) fn cnonce() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let seed = format!(
        "{}:{}:{}",
        now.as_nanos(),
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    );
    hex(&Sha256::digest(seed.as_bytes())[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7616 § 3.9.1: the same request answered with MD5 and with SHA-256.
    #[test]
    fn digest_answers_match_the_rfc_7616_example() {
        let header = r#"Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#;
        let Some(Challenge::Digest(ch)) = choose_challenge([header]) else {
            panic!("a digest challenge");
        };
        assert!(ch.qop_auth);
        let cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        let a = digest(
            &ch,
            "Mufasa",
            "Circle of Life",
            "GET",
            "/dir/index.html",
            1,
            cnonce,
        );
        assert!(
            a.contains(r#"response="8ca523f5e9506fed4657c9700eebdbec""#),
            "{a}"
        );
        assert!(
            a.contains("nc=00000001") && a.contains(r#"opaque="FQhe/"#),
            "{a}"
        );
        let sha = DigestChallenge {
            algorithm: Algorithm::Sha256,
            ..ch
        };
        let a = digest(
            &sha,
            "Mufasa",
            "Circle of Life",
            "GET",
            "/dir/index.html",
            1,
            cnonce,
        );
        assert!(
            a.contains(
                r#"response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1""#
            ),
            "{a}"
        );
    }

    #[test]
    fn digest_is_preferred_to_basic_and_unknown_algorithms_are_passed_over() {
        let both = [
            r#"Basic realm="x""#,
            r#"Digest realm="x", nonce="n", algorithm=SHA-512-256, Digest realm="x", nonce="m""#,
        ];
        match choose_challenge(both) {
            Some(Challenge::Digest(d)) => {
                assert_eq!(d.nonce, "m");
                assert_eq!(d.algorithm, Algorithm::Md5);
                assert!(!d.qop_auth);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            choose_challenge([r#"Basic realm="a, b""#]),
            Some(Challenge::Basic)
        );
        assert_eq!(choose_challenge([r#"Bearer realm="a""#]), None);
    }

    #[test]
    fn basic_is_base64_of_user_colon_password() {
        // RFC 7617 § 2.
        assert_eq!(
            basic("Aladdin", "open sesame"),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(base64(b"a"), "YQ==");
        assert_eq!(base64(b"ab"), "YWI=");
    }

    #[test]
    fn credentials_come_from_the_environment_and_never_show() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let c = Credentials::from_lookup(env(&[(USER_ENV, "dba"), (PASSWORD_ENV, "pw-123")]))
            .expect("valid");
        assert!(!format!("{c:?}").contains("pw-123"));
        assert_eq!(c.redact("bad pw-123"), "bad ***");
        assert_eq!(
            Credentials::from_lookup(env(&[(USER_ENV, "dba")])),
            Err(CredentialsError::Half(USER_ENV, PASSWORD_ENV))
        );
        assert_eq!(
            Credentials::from_lookup(env(&[(USER_ENV, "dba"), (TOKEN_ENV, "t")])),
            Err(CredentialsError::Both)
        );
        assert_eq!(
            Credentials::from_lookup(env(&[(TOKEN_ENV, "")])),
            Ok(Credentials::None)
        );
    }
}
