//! Country, currency and language codes.

use super::codes::{COUNTRIES, CURRENCIES, LANGUAGES_2, LANGUAGES_3};
use super::{ValueError, string_newtype};

fn lookup(table: &'static [(&'static str, &'static str)], code: &str) -> Option<&'static str> {
    table
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .map(|i| table[i].1)
}

/// The code whose English name is `name` (any case), e.g. "germany" → "DE".
fn by_name(table: &'static [(&'static str, &'static str)], name: &str) -> Option<&'static str> {
    let name = name.trim();
    table
        .iter()
        .find(|(_, n)| n.eq_ignore_ascii_case(name))
        .map(|(c, _)| *c)
}

/// An ISO 3166-1 alpha-2 country code such as `DE`; lower case is accepted and upper-cased.
///
/// ```
/// use vitae::types::CountryCode;
/// let de: CountryCode = "de".parse()?;
/// assert_eq!((de.as_str(), de.name()), ("DE", "Germany"));
/// assert!("XX".parse::<CountryCode>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode(String);

impl CountryCode {
    /// Checks a country code against ISO 3166-1.
    ///
    /// # Errors
    /// When it is not an assigned alpha-2 code.
    pub fn new(s: &str) -> Result<Self, ValueError> {
        let up = s.trim().to_ascii_uppercase();
        if lookup(COUNTRIES, &up).is_none() {
            let hint = match by_name(COUNTRIES, s) {
                Some(code) => format!("; did you mean {code}?"),
                None if up.len() == 3 && up.bytes().all(|b| b.is_ascii_alphabetic()) => {
                    "; that looks like a three-letter code: use the two-letter one".to_owned()
                }
                None => String::new(),
            };
            return Err(ValueError::new(format!(
                "expected an ISO 3166-1 alpha-2 country code such as DE or US, found {s:?}{hint}"
            )));
        }
        Ok(Self(up))
    }

    /// The two letters, upper case.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The English short name, e.g. "Germany".
    pub fn name(&self) -> &'static str {
        lookup(COUNTRIES, &self.0).unwrap_or("")
    }
}
string_newtype!(
    CountryCode,
    "ISO 3166-1 alpha-2 country code, e.g. DE",
    Some("^[A-Za-z]{2}$")
);

/// Currency codes ISO 4217 has withdrawn (its "list three") that old records still carry and
/// ORCID still accepts (Java's `Currency` knows them): Deutsche Mark, French franc, ...
/// Sorted by code.
const WITHDRAWN_CURRENCIES: &[(&str, &str)] = &[
    ("ADP", "Andorran Peseta"),
    ("AFA", "Afghani (1927-2003)"),
    ("ATS", "Schilling"),
    ("AYM", "Azerbaijan Manat (1993-2006)"),
    ("AZM", "Azerbaijanian Manat (1993-2005)"),
    ("BEF", "Belgian Franc"),
    ("BGL", "Lev (1962-1999)"),
    ("BYB", "Belarusian Ruble (1992-2000)"),
    ("BYR", "Belarusian Ruble (2000-2016)"),
    ("CSD", "Serbian Dinar (2003-2006)"),
    ("CYP", "Cyprus Pound"),
    ("DEM", "Deutsche Mark"),
    ("EEK", "Kroon"),
    ("ESP", "Spanish Peseta"),
    ("FIM", "Markka"),
    ("FRF", "French Franc"),
    ("GHC", "Cedi (1967-2007)"),
    ("GRD", "Drachma"),
    ("GWP", "Guinea-Bissau Peso"),
    ("IEP", "Irish Pound"),
    ("ITL", "Italian Lira"),
    ("LTL", "Lithuanian Litas"),
    ("LUF", "Luxembourg Franc"),
    ("LVL", "Latvian Lats"),
    ("MGF", "Malagasy Franc"),
    ("MRO", "Ouguiya (1973-2017)"),
    ("MTL", "Maltese Lira"),
    ("MZM", "Mozambique Metical (1980-2006)"),
    ("NLG", "Netherlands Guilder"),
    ("PTE", "Portuguese Escudo"),
    ("ROL", "Romanian Leu (1952-2005)"),
    ("RUR", "Russian Ruble (1991-1997)"),
    ("SDD", "Sudanese Dinar"),
    ("SIT", "Tolar"),
    ("SKK", "Slovak Koruna"),
    ("SRG", "Surinam Guilder"),
    ("STD", "Dobra (1977-2017)"),
    ("TMM", "Turkmenistan Manat (1993-2008)"),
    ("TPE", "Timor Escudo"),
    ("TRL", "Old Turkish Lira"),
    ("USS", "US Dollar (Same day)"),
    ("VEB", "Bolivar (1879-2008)"),
    ("VEF", "Bolivar (2008-2018)"),
    ("YUM", "New Dinar (1994-2003)"),
    ("ZMK", "Zambian Kwacha (1968-2012)"),
    ("ZWD", "Zimbabwe Dollar (1980-2008)"),
    ("ZWN", "Zimbabwe Dollar (2006-2008)"),
    ("ZWR", "Zimbabwe Dollar (2008-2009)"),
];

/// An ISO 4217 currency code such as `EUR`; withdrawn codes old grants were paid in (`DEM`,
/// `FRF`, ...) are accepted too.
///
/// ```
/// use vitae::types::CurrencyCode;
/// assert_eq!("eur".parse::<CurrencyCode>()?.as_str(), "EUR");
/// assert!("DEM".parse::<CurrencyCode>().is_ok());
/// assert!("EUX".parse::<CurrencyCode>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CurrencyCode(String);

impl CurrencyCode {
    /// Checks a currency code against ISO 4217.
    ///
    /// # Errors
    /// When it is not an assigned code.
    pub fn new(s: &str) -> Result<Self, ValueError> {
        let up = s.trim().to_ascii_uppercase();
        if lookup(CURRENCIES, &up).is_none() && lookup(WITHDRAWN_CURRENCIES, &up).is_none() {
            return Err(ValueError::new(format!(
                "expected an ISO 4217 currency code such as EUR or USD, found {s:?}"
            )));
        }
        Ok(Self(up))
    }

    /// The three letters.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
string_newtype!(
    CurrencyCode,
    "ISO 4217 currency code, e.g. EUR",
    Some("^[A-Za-z]{3}$")
);

/// A BCP 47 language tag such as `de`, `en-GB` or `zh-Hant-TW`: the primary language must be
/// an ISO 639 code; script, region and variants must be well-formed. Case is normalised
/// (`en-gb` → `en-GB`).
///
/// ```
/// use vitae::types::LanguageTag;
/// let t: LanguageTag = "en-gb".parse()?;
/// assert_eq!(t.as_str(), "en-GB");
/// assert_eq!(t.primary(), "en");
/// assert_eq!(t.language_name(), Some("English"));
/// assert!("xx-YY".parse::<LanguageTag>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LanguageTag(String);

impl LanguageTag {
    /// Checks a language tag.
    ///
    /// # Errors
    /// When the primary subtag is not an ISO 639-1/639-2 code or a later subtag is malformed.
    pub fn new(s: &str) -> Result<Self, ValueError> {
        let bad = |why: &str| {
            ValueError::new(format!(
                "expected a BCP 47 language tag such as en, de or en-GB, found {s:?}: {why}"
            ))
        };
        let t = s.trim().replace('_', "-");
        let mut parts = t.split('-');
        let primary = parts.next().unwrap_or("").to_ascii_lowercase();
        let known = match primary.len() {
            2 => lookup(LANGUAGES_2, &primary).is_some(),
            3 => lookup(LANGUAGES_3, &primary).is_some(),
            _ => false,
        };
        if !known {
            return Err(match by_name(LANGUAGES_2, &t) {
                Some(code) => bad(&format!("unknown language code; did you mean {code}?")),
                None => bad("unknown language code"),
            });
        }
        let mut out = primary;
        let mut stage = 0; // 0: script allowed, 1: region allowed, 2: variants only
        for p in parts {
            let alpha = p.bytes().all(|b| b.is_ascii_alphabetic());
            let digit = p.bytes().all(|b| b.is_ascii_digit());
            let alnum = p.bytes().all(|b| b.is_ascii_alphanumeric());
            out.push('-');
            if stage == 0 && p.len() == 4 && alpha {
                let mut c = p.chars();
                out.extend(c.next().map(|c| c.to_ascii_uppercase()));
                out.push_str(&c.as_str().to_ascii_lowercase());
                stage = 1;
            } else if stage <= 1 && ((p.len() == 2 && alpha) || (p.len() == 3 && digit)) {
                out.push_str(&p.to_ascii_uppercase());
                stage = 2;
            } else if alnum
                && ((5..=8).contains(&p.len())
                    || (p.len() == 4 && p.as_bytes()[0].is_ascii_digit()))
            {
                out.push_str(&p.to_ascii_lowercase());
                stage = 2;
            } else {
                return Err(bad(&format!("malformed subtag {p:?}")));
            }
        }
        Ok(Self(out))
    }

    /// The tag, case-normalised.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag, e.g. `en`.
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }

    /// The English name of the primary language, e.g. "German".
    pub fn language_name(&self) -> Option<&'static str> {
        let p = self.primary();
        lookup(LANGUAGES_2, p).or_else(|| lookup(LANGUAGES_3, p))
    }
}
string_newtype!(LanguageTag, "BCP 47 language tag, e.g. en, de, en-GB");
