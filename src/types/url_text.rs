//! An absolute URL, kept as it was written.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

use super::ValueError;

/// An absolute URL, checked by parsing it ([`url::Url`]) and kept as written.
///
/// `url::Url` rewrites what it parses into its normal form (`http://cameronneylon.net` becomes
/// `http://cameronneylon.net/`, `http://extId/1` becomes `http://extid/1`); a CV imported
/// from ORCID and exported again would then change every such address, and a sync would see
/// edits nobody made. This type keeps the text (trimmed) and shows, serializes and compares
/// it; the parsed, normal form is there for what needs it ([`Url::normalized`]: the linked
/// data's IRIs, host and path checks).
///
/// ```
/// use vitae::types::Url;
/// let u: Url = "http://extId/1".parse()?;
/// assert_eq!(u.as_str(), "http://extId/1");
/// assert_eq!(u.to_string(), "http://extId/1");
/// assert_eq!(u.normalized().as_str(), "http://extid/1");
/// assert_ne!(u, "http://extid/1".parse::<Url>()?);
/// assert!("engine.html".parse::<Url>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Url {
    text: String,
    parsed: url::Url,
}

impl Url {
    /// Checks that `s` is an absolute URL; keeps it trimmed of surrounding whitespace.
    ///
    /// # Errors
    /// When `s` is not an absolute URL: the url crate's reason and the text.
    pub fn new(s: &str) -> Result<Self, ValueError> {
        Self::parse(s).map_err(|e| ValueError::new(format!("{e}: {s:?}")))
    }

    /// As [`Url::new`], with the url crate's error.
    pub(crate) fn parse(s: &str) -> Result<Self, url::ParseError> {
        let text = s.trim();
        let parsed = url::Url::parse(text)?;
        Ok(Self {
            text: text.to_owned(),
            parsed,
        })
    }

    /// The URL as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The URL parsed, in the url crate's normal form (host in lower case, `/` after a bare
    /// host, percent-encoding): the same resource as [`Url::as_str`], spelt one way.
    pub fn normalized(&self) -> &url::Url {
        &self.parsed
    }
}

impl From<url::Url> for Url {
    /// A parsed URL, written in its normal form.
    fn from(parsed: url::Url) -> Self {
        Self {
            text: parsed.as_str().to_owned(),
            parsed,
        }
    }
}

impl PartialEq for Url {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Url {}

impl Hash for Url {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl PartialOrd for Url {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Url {
    fn cmp(&self, other: &Self) -> Ordering {
        self.text.cmp(&other.text)
    }
}

impl std::fmt::Display for Url {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::str::FromStr for Url {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl serde::Serialize for Url {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// Read as `url::Url` reads (a string; its errors word for word, which the CV reader turns
/// into "expected an absolute URL like `https://example.org/`, found ...").
impl<'de> serde::Deserialize<'de> for Url {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Url;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string representing an URL")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Url, E> {
                Url::parse(s).map_err(|e| E::custom(format!("{e}: {s:?}")))
            }
        }
        d.deserialize_str(V)
    }
}

/// The schema of `url::Url`: an inline `{"type": "string", "format": "uri"}`.
impl schemars::JsonSchema for Url {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Url".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "uri",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Url;

    #[test]
    fn keeps_the_text_and_parses_it() {
        for (written, normal) in [
            ("http://cameronneylon.net", "http://cameronneylon.net/"),
            ("http://extId/1", "http://extid/1"),
            ("HTTPS://Example.org:443/a/../b", "https://example.org/b"),
            ("urn:isbn:0451450523", "urn:isbn:0451450523"),
        ] {
            let u = Url::new(&format!(" {written}\n")).expect(written);
            assert_eq!(u.as_str(), written);
            assert_eq!(u.normalized().as_str(), normal);
            let json = serde_json::to_string(&u).expect("serializes");
            assert_eq!(json, format!("\"{written}\""));
            let back: Url = serde_json::from_str(&json).expect("reads");
            assert_eq!(back, u);
        }
    }

    #[test]
    fn refuses_what_is_not_an_absolute_url() {
        let e = Url::new("engine.html").unwrap_err();
        assert_eq!(e.message(), "relative URL without a base: \"engine.html\"");
        let e = serde_json::from_str::<Url>("\"http://\"").unwrap_err();
        assert!(e.to_string().starts_with("empty host"), "{e}");
        assert!(serde_json::from_str::<Url>("12").is_err());
    }
}
