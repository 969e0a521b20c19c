//! Smaller value types: visibility, e-mail, amounts, page ranges.

use super::{CurrencyCode, ValueError, string_newtype};

/// Who may see an item or a contact field, with ORCID's meaning.
///
/// Public exports carry only `public` data unless the user asks for more.
///
/// ```
/// use vitae::types::Visibility;
/// assert!(Visibility::Private > Visibility::Public);
/// assert!(Visibility::Limited.allowed_by(Visibility::Limited));
/// assert!(!Visibility::Private.allowed_by(Visibility::Limited));
/// ```
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Visibility {
    /// Anyone may see it.
    #[default]
    Public,
    /// Trusted parties only (ORCID: "trusted parties").
    Limited,
    /// Only the person.
    Private,
}

impl Visibility {
    /// Whether an item of this visibility may go into an export that includes `level`.
    pub fn allowed_by(self, level: Visibility) -> bool {
        self <= level
    }

    /// The ORCID / input spelling: `public`, `limited`, `private`.
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Limited => "limited",
            Visibility::Private => "private",
        }
    }

    /// Whether this is the default (public), for `skip_serializing_if`.
    pub fn is_public(&self) -> bool {
        *self == Visibility::Public
    }
}

/// An e-mail address: one `@`, a non-empty local part, a domain with a dot, no spaces.
///
/// ```
/// use vitae::types::Email;
/// assert!("sebastian@lapuschkin.com".parse::<Email>().is_ok());
/// assert!("sebastian.lapuschkin.com".parse::<Email>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl Email {
    /// Checks an address.
    ///
    /// # Errors
    /// When the address is not `local@domain.tld`.
    pub fn new(s: &str) -> Result<Self, ValueError> {
        let t = s.trim();
        let t = t.strip_prefix("mailto:").unwrap_or(t);
        let ok = t.split_once('@').is_some_and(|(l, d)| {
            !l.is_empty()
                && d.contains('.')
                && !d.starts_with('.')
                && !d.ends_with('.')
                && !d.contains('@')
        }) && !t.chars().any(|c| c.is_whitespace() || c.is_control());
        if !ok {
            return Err(ValueError::new(format!(
                "expected an e-mail address like name@example.org, found {s:?}"
            )));
        }
        Ok(Self(t.to_owned()))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
string_newtype!(Email, "e-mail address");

/// A page range as printed: `261-295`, `1–18`, `e0130140`, or one page. An en dash is stored
/// as a hyphen.
///
/// ```
/// use vitae::types::PageRange;
/// let p: PageRange = "261–295".parse()?;
/// assert_eq!((p.first(), p.last()), ("261", Some("295")));
/// assert_eq!(p.to_string(), "261-295");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageRange {
    text: String,
    split: Option<usize>,
}

impl PageRange {
    /// Parses a page range.
    ///
    /// # Errors
    /// When it is empty, has spaces inside a page, or more than one dash.
    pub fn new(s: &str) -> Result<Self, ValueError> {
        let t = s.trim().replace(['–', '—'], "-");
        let parts: Vec<&str> = t.split('-').map(str::trim).collect();
        let page_ok = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '.');
        match parts.as_slice() {
            [one] if page_ok(one) => Ok(Self {
                text: (*one).to_owned(),
                split: None,
            }),
            [a, b] if page_ok(a) && page_ok(b) => Ok(Self {
                text: format!("{a}-{b}"),
                split: Some(a.len()),
            }),
            _ => Err(ValueError::new(format!(
                "expected pages like 261-295 or a single page, found {s:?}"
            ))),
        }
    }

    /// The first page.
    pub fn first(&self) -> &str {
        match self.split {
            Some(i) => &self.text[..i],
            None => &self.text,
        }
    }

    /// The last page, when a range.
    pub fn last(&self) -> Option<&str> {
        self.split.map(|i| &self.text[i + 1..])
    }

    /// The range, `first-last`.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}
string_newtype!(PageRange, "pages: 261-295, 1–18, or a single page");

/// An amount of money: a non-negative decimal number and a currency.
///
/// ```
/// use vitae::types::Amount;
/// let a = Amount::new("1250000.50", "EUR".parse()?)?;
/// assert_eq!(a.value(), "1250000.50");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
pub struct Amount {
    /// The number, as decimal digits with an optional fraction: `1250000` or `1250000.50`.
    /// A CV may write it as a number or as a string (`"1,250,000.50"`).
    #[schemars(schema_with = "amount_value_schema")]
    value: String,
    /// The ISO 4217 currency.
    currency: CurrencyCode,
}

impl Amount {
    /// Builds an amount.
    ///
    /// # Errors
    /// When the value is not a non-negative decimal number.
    pub fn new(value: &str, currency: CurrencyCode) -> Result<Self, ValueError> {
        let v = value.trim().replace(['_', ','], "");
        let ok = match v.split_once('.') {
            Some((a, b)) => {
                !a.is_empty()
                    && !b.is_empty()
                    && a.bytes().all(|c| c.is_ascii_digit())
                    && b.bytes().all(|c| c.is_ascii_digit())
            }
            None => !v.is_empty() && v.bytes().all(|c| c.is_ascii_digit()),
        };
        if !ok {
            return Err(ValueError::new(format!(
                "expected an amount like 1250000 or 1250000.50, found {value:?}"
            )));
        }
        Ok(Self { value: v, currency })
    }

    /// The number as text.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The currency.
    pub fn currency(&self) -> &CurrencyCode {
        &self.currency
    }
}

/// The schema of an amount's value: what [`Amount`]'s reading accepts, a non-negative number
/// or a string of one.
fn amount_value_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "description": "A non-negative decimal number, or a string of one (1250000, \"1250000.50\", \"1,250,000\")",
        "anyOf": [
            {"type": "number", "minimum": 0},
            {"type": "string"}
        ]
    })
}

impl<'de> serde::Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            value: NumberLike,
            currency: CurrencyCode,
        }
        struct NumberLike(String);
        impl<'de> serde::Deserialize<'de> for NumberLike {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = NumberLike;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str("a number")
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<NumberLike, E> {
                        Ok(NumberLike(v.to_owned()))
                    }
                    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<NumberLike, E> {
                        Ok(NumberLike(v.to_string()))
                    }
                    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<NumberLike, E> {
                        Ok(NumberLike(v.to_string()))
                    }
                    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<NumberLike, E> {
                        Ok(NumberLike(v.to_string()))
                    }
                }
                d.deserialize_any(V)
            }
        }
        let raw = Raw::deserialize(d)?;
        Amount::new(&raw.value.0, raw.currency).map_err(serde::de::Error::custom)
    }
}
