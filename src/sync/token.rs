//! The ORCID access token: read from the environment or a file, never printed.

use std::fmt;
use std::path::Path;

/// The environment variable the token is read from.
pub const TOKEN_ENV: &str = "ORCID_ACCESS_TOKEN";

/// An OAuth access token for the ORCID Member API.
///
/// Its `Debug` and `Display` print `***`, so a token cannot leak through a log line or an
/// error message by accident; [`AccessToken::secret`] is the one way to the value, for the
/// `Authorization` header.
///
/// ```
/// use vitae::sync::AccessToken;
/// let t = AccessToken::new("1a2b3c4d-0000-1111-2222-333344445555")?;
/// assert_eq!(format!("{t} {t:?}"), "*** AccessToken(***)");
/// assert!(AccessToken::new("  ").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

/// Why no token could be had. Never contains the token.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// Neither the environment variable nor a file.
    #[error(
        "no ORCID access token: set {TOKEN_ENV} or pass --token-file FILE (see README, \"Sync with ORCID\")"
    )]
    Missing,
    /// Empty or with characters a token cannot have.
    #[error("the ORCID access token {0} is empty or has spaces or control characters inside")]
    Malformed(String),
    /// The file could not be read.
    #[error("the ORCID access token file {path}: {source}")]
    File {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: crate::input::ReadError,
    },
}

impl AccessToken {
    /// The largest token file read, in bytes: a token is a few dozen characters.
    pub const MAX_FILE_SIZE: u64 = 4096;

    /// A token; surrounding whitespace (a file's final newline) is removed.
    ///
    /// # Errors
    /// When it is empty or has whitespace or control characters inside.
    pub fn new(s: &str) -> Result<Self, TokenError> {
        let t = s.trim();
        if t.is_empty() || t.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(TokenError::Malformed("given".into()));
        }
        Ok(Self(t.to_owned()))
    }

    /// The token in [`TOKEN_ENV`], when set.
    ///
    /// # Errors
    /// When the variable is set but malformed or not Unicode.
    pub fn from_env() -> Result<Option<Self>, TokenError> {
        match std::env::var(TOKEN_ENV) {
            Ok(v) => Self::new(&v)
                .map(Some)
                .map_err(|_| TokenError::Malformed(format!("in {TOKEN_ENV}"))),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(TokenError::Malformed(format!("in {TOKEN_ENV}")))
            }
        }
    }

    /// The token in a file (its only content, a final newline allowed).
    ///
    /// # Errors
    /// When the file cannot be read or holds no well-formed token.
    pub fn from_file(path: &Path) -> Result<Self, TokenError> {
        let bytes = crate::input::read_bounded(path, Self::MAX_FILE_SIZE).map_err(|e| {
            TokenError::File {
                path: path.display().to_string(),
                source: e,
            }
        })?;
        let text = String::from_utf8(bytes)
            .map_err(|_| TokenError::Malformed(format!("in {}", path.display())))?;
        Self::new(&text).map_err(|_| TokenError::Malformed(format!("in {}", path.display())))
    }

    /// A warning when others than the file's owner have any access to the token file at
    /// `path` (on Unix, a group or other permission bit: mode & 0o077), naming the file, its
    /// mode and the remedy, never the token; `None` when only the owner has access, or where
    /// there are no such modes.
    ///
    /// ```
    /// # #[cfg(unix)] {
    /// use std::os::unix::fs::PermissionsExt;
    /// use vitae::sync::AccessToken;
    /// let dir = tempfile::tempdir()?;
    /// let p = dir.path().join("token");
    /// std::fs::write(&p, "abc-123\n")?;
    /// std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644))?;
    /// assert!(AccessToken::file_warning(&p).unwrap().contains("chmod 600"));
    /// std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600))?;
    /// assert_eq!(AccessToken::file_warning(&p), None);
    /// # }
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn file_warning(path: &Path) -> Option<String> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o7777;
            (mode & 0o077 != 0).then(|| {
                format!(
                    "other users have access to the ORCID access token file {} (mode {mode:04o}); \
                     make it yours alone: chmod 600 {}",
                    path.display(),
                    path.display()
                )
            })
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            None
        }
    }

    /// The token from `--token-file` when given, else from [`TOKEN_ENV`].
    ///
    /// # Errors
    /// When neither gives a well-formed token.
    pub fn from_file_or_env(file: Option<&Path>) -> Result<Self, TokenError> {
        match file {
            Some(f) => Self::from_file(f),
            None => Self::from_env()?.ok_or(TokenError::Missing),
        }
    }

    /// The secret value, for the `Authorization: Bearer` header and nothing else.
    pub fn secret(&self) -> &str {
        &self.0
    }

    /// `text` with every occurrence of the token replaced by `***`: for messages that come
    /// from a server (ORCID's OAuth errors quote the token they refuse).
    pub fn redact(&self, text: &str) -> String {
        text.replace(&self.0, "***")
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(***)")
    }
}

impl fmt::Display for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_shows_itself() {
        let secret = "d9f1c2a0-1111-2222-3333-444455556666";
        let t = AccessToken::new(&format!("{secret}\n")).unwrap();
        assert_eq!(t.secret(), secret);
        for shown in [format!("{t}"), format!("{t:?}"), format!("{:?}", Some(&t))] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert_eq!(
            t.redact(&format!("Invalid access token: {secret}")),
            "Invalid access token: ***"
        );
    }

    #[test]
    fn reads_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("token");
        std::fs::write(&p, "abc-123\n").unwrap();
        assert_eq!(AccessToken::from_file(&p).unwrap().secret(), "abc-123");
        std::fs::write(&p, "abc 123").unwrap();
        let e = AccessToken::from_file(&p).unwrap_err().to_string();
        assert!(!e.contains("abc"), "{e}");
        assert!(AccessToken::from_file(&dir.path().join("none")).is_err());
    }
}
