//! Validated value types: each one can only hold a correct value.
//!
//! Every type here follows the same shape: a private field, a fallible constructor
//! (`new` / [`FromStr`](std::str::FromStr)), `as_str()` or accessors, [`Display`](std::fmt::Display)
//! that writes the canonical form, and serde through those two, so that a CV file with a wrong
//! value fails at the field that holds it.

mod codes;
mod date;
mod external_id;
mod ids;
mod lang;
mod misc;
mod orcid;
mod url_text;
mod work_type;

pub use date::{DateRange, PartialDate};
pub use external_id::{external_id_key, normalise_external_id};
pub use ids::{ArxivId, Doi, Isbn, Isni, Issn, ItemId, RorId};
pub use lang::{CountryCode, CurrencyCode, LanguageTag};
pub use misc::{Amount, Email, PageRange, Visibility};
pub use orcid::OrcidId;
pub use url_text::Url;
pub use work_type::WorkType;

/// The error of every validated type: what was expected and what was found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ValueError {
    message: String,
}

impl ValueError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// The message, as shown to users.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// An identifier whose check digit (a ROR id: checksum) is wrong: `ISSN "0031-3202" has a
    /// wrong check digit: expected 3, found 2`.
    pub(crate) fn wrong_check(
        id: Checked,
        s: &str,
        expected: impl std::fmt::Display,
        found: impl std::fmt::Display,
    ) -> Self {
        let (name, noun) = (id.name(), id.noun());
        Self::new(format!(
            "{name} {s:?} has a wrong {noun}: expected {expected}, found {found}"
        ))
    }

    /// What a value error's message tells beyond "not a valid value", read back from the form
    /// its constructor gave it (serde carries the message alone): the message of
    /// [`wrong_check`](Self::wrong_check) and of a [`DateRange`] whose end is before its start.
    /// The refused value, quoted in a message, cannot change the answer: the forms are matched
    /// from the message's start, the quoted value skipped as a whole.
    pub(crate) fn refusal_of(message: &str) -> Refusal {
        if message.starts_with(date::END_BEFORE_START) {
            return Refusal::DateOrder;
        }
        let check = Checked::ALL.iter().any(|id| {
            message
                .strip_prefix(id.name())
                .and_then(|r| r.strip_prefix(' '))
                .and_then(skip_quoted)
                .and_then(|r| r.strip_prefix(" has a wrong "))
                .and_then(|r| r.strip_prefix(id.noun()))
                .is_some_and(|r| r.starts_with(": expected "))
        });
        if check {
            Refusal::CheckDigit
        } else {
            Refusal::Invalid
        }
    }
}

/// What kind of problem a [`ValueError`] is: the loader gives each its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// A value the type does not take.
    Invalid,
    /// An identifier with a wrong check digit or checksum.
    CheckDigit,
    /// A date range whose end is before its start.
    DateOrder,
}

/// The identifiers with a check digit (or checksum), by the name their errors give them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Checked {
    OrcidId,
    Isni,
    RorId,
    Isbn,
    Issn,
}

impl Checked {
    const ALL: [Checked; 5] = [
        Checked::OrcidId,
        Checked::Isni,
        Checked::RorId,
        Checked::Isbn,
        Checked::Issn,
    ];

    fn name(self) -> &'static str {
        match self {
            Checked::OrcidId => "ORCID iD",
            Checked::Isni => "ISNI",
            Checked::RorId => "ROR id",
            Checked::Isbn => "ISBN",
            Checked::Issn => "ISSN",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Checked::RorId => "checksum",
            _ => "check digit",
        }
    }
}

/// The rest of `s` after the string quoted at its start as `{:?}` writes it (escapes skipped).
fn skip_quoted(s: &str) -> Option<&str> {
    let mut chars = s.strip_prefix('"')?.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' => return Some(&s[1 + i + 1..]),
            _ => {}
        }
    }
    None
}

/// An error of a deserializer that serde's path tracking cannot see into (a flattened struct,
/// a value read through `serde_json::Value`), carrying the field it is about in its message:
/// "at `end`: the end 2018 is before the start 2019-05". The reader moves the sub-path into the
/// diagnostic's path; read alone, the message still says where.
pub(crate) fn error_at<E: serde::de::Error>(sub: &str, message: &str) -> E {
    let (inner, rest) = split_error_at(message);
    let sub = match (sub, inner) {
        ("" | ".", i) => i.to_owned(),
        (s, "") => s.to_owned(),
        (s, i) if i.starts_with('[') => format!("{s}{i}"),
        (s, i) => format!("{s}.{i}"),
    };
    if sub.is_empty() {
        E::custom(rest)
    } else {
        E::custom(format_args!("at `{sub}`: {rest}"))
    }
}

/// Splits "at `end`: message" into ("end", "message"); ("", message) when there is no sub-path.
pub(crate) fn split_error_at(message: &str) -> (&str, &str) {
    message
        .strip_prefix("at `")
        .and_then(|r| r.split_once("`: "))
        .unwrap_or(("", message))
}

/// Implements `Display`, `FromStr`, serde and JSON Schema (as a string) for a string newtype
/// that has `fn new(&str) -> Result<Self, ValueError>` and `fn as_str(&self) -> &str`.
macro_rules! string_newtype {
    ($ty:ident, $schema_desc:expr) => {
        $crate::types::string_newtype!($ty, $schema_desc, None::<&str>);
    };
    ($ty:ident, $schema_desc:expr, $pattern:expr) => {
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl std::str::FromStr for $ty {
            type Err = $crate::types::ValueError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::new(s)
            }
        }
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::types::deserialize_string_like(d, Self::new)
            }
        }
        impl schemars::JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                // Reading accepts a whole number written without quotes too
                // (`deserialize_string_like`), so the schema does.
                let mut s = schemars::json_schema!({
                    "type": ["string", "integer"],
                    "description": $schema_desc
                });
                if let Some(p) = $pattern {
                    s.insert("pattern".into(), p.into());
                }
                s
            }
        }
    };
}
pub(crate) use string_newtype;

/// Reads a [`StringLike`] and makes a value of it, without copying the text first: as
/// `make(&StringLike::deserialize(d)?.0)`, with `make`'s error as a custom error.
pub(crate) fn deserialize_string_like<'de, D, T, E>(
    d: D,
    make: impl FnOnce(&str) -> Result<T, E>,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    E: std::fmt::Display,
{
    struct V<F>(F);
    impl<T, E: std::fmt::Display, F: FnOnce(&str) -> Result<T, E>> serde::de::Visitor<'_> for V<F> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<Er: serde::de::Error>(self, v: &str) -> Result<T, Er> {
            (self.0)(v).map_err(Er::custom)
        }
        fn visit_u64<Er: serde::de::Error>(self, v: u64) -> Result<T, Er> {
            (self.0)(&v.to_string()).map_err(Er::custom)
        }
        fn visit_i64<Er: serde::de::Error>(self, v: i64) -> Result<T, Er> {
            (self.0)(&v.to_string()).map_err(Er::custom)
        }
    }
    d.deserialize_any(V(make))
}

/// A string, also accepting a number written without quotes (`volume: 12`, `year: 2020`):
/// people write those in YAML and mean text.
pub(crate) struct StringLike(pub String);

impl<'de> serde::Deserialize<'de> for StringLike {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = StringLike;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<StringLike, E> {
                Ok(StringLike(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<StringLike, E> {
                Ok(StringLike(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<StringLike, E> {
                Ok(StringLike(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<StringLike, E> {
                Ok(StringLike(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}
