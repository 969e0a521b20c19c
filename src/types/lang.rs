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

/// A BCP 47 language tag such as `de`, `en-GB` or `zh-Hant-TW`: well-formed by RFC 5646
/// (checked by `oxilangtag`, as oxigraph checks the tags of its literals), with a primary
/// language that is an ISO 639 code. Case is normalised (`en-gb` → `en-GB`).
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
    /// When the tag is not well-formed or its primary subtag is not an ISO 639-1/639-2 code.
    pub fn new(s: &str) -> Result<Self, ValueError> {
        let bad = |why: &str| {
            ValueError::new(format!(
                "expected a BCP 47 language tag such as en, de or en-GB, found {s:?}: {why}"
            ))
        };
        let t = s.trim().replace('_', "-");
        let hint = || match by_name(LANGUAGES_2, &t) {
            Some(code) => format!("; did you mean {code}?"),
            None => String::new(),
        };
        // Well-formedness and case (RFC 5646) by oxilangtag, as oxigraph checks the tags of
        // its literals; the primary language must also be one ISO 639 knows.
        let tag = oxilangtag::LanguageTag::parse_and_normalize(&t)
            .map_err(|e| bad(&format!("{e}{}", hint())))?;
        let primary = tag.primary_language();
        let known = match primary.len() {
            2 => lookup(LANGUAGES_2, primary).is_some(),
            3 => lookup(LANGUAGES_3, primary).is_some(),
            _ => false,
        };
        if !known {
            return Err(bad(&format!("unknown language code{}", hint())));
        }
        Ok(Self(tag.into_inner()))
    }

    /// A tag for a language as people write it: a tag (`de`, `en-GB`), or a language's
    /// English name as ISO 639-1 gives it (`German`, `Castilian`, `Greek`), or one of the
    /// names LaTeX's babel and CVs use besides (`ngerman`, `american`, `brazilian`, `deutsch`,
    /// `mandarin`, …). Case is ignored. `None` for anything else.
    ///
    /// ```
    /// use vitae::types::LanguageTag;
    /// let tag = |s| LanguageTag::from_name(s).map(|t| t.as_str().to_owned());
    /// assert_eq!(tag("German").as_deref(), Some("de"));
    /// assert_eq!(tag("ngerman").as_deref(), Some("de"));
    /// assert_eq!(tag("Spanish").as_deref(), Some("es"));
    /// assert_eq!(tag("en-gb").as_deref(), Some("en-GB"));
    /// assert_eq!(tag("Klingonese"), None);
    /// ```
    pub fn from_name(s: &str) -> Option<Self> {
        let name = s.trim().to_lowercase();
        let alias = match name.as_str() {
            "american" | "british" | "usenglish" | "ukenglish" | "australian" => Some("en"),
            "ngerman" | "deutsch" | "austrian" | "naustrian" => Some("de"),
            "francais" | "français" => Some("fr"),
            "español" | "castellano" => Some("es"),
            "brazilian" | "brazil" => Some("pt"),
            "mandarin" => Some("zh"),
            _ => None,
        };
        if let Some(code) = alias {
            return Self::new(code).ok();
        }
        // An ISO 639-1 name: one of its `;`-separated forms, without a qualifier after a
        // comma ("Greek, Modern (1453-)" is "Greek").
        let iso = LANGUAGES_2.iter().find(|(_, n)| {
            n.split(';')
                .map(|f| f.split(',').next().unwrap_or(f).trim())
                .any(|f| f.eq_ignore_ascii_case(&name))
        });
        match iso {
            Some((code, _)) => Self::new(code).ok(),
            None => Self::new(&name).ok(),
        }
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

#[cfg(test)]
mod tests {
    use super::LanguageTag;

    fn tag(s: &str) -> Result<String, String> {
        LanguageTag::new(s)
            .map(|t| t.as_str().to_owned())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn well_formed_tags_are_normalised() {
        for (given, normal) in [
            ("de", "de"),
            ("en-gb", "en-GB"),
            ("en_GB", "en-GB"),
            ("zh-hant-tw", "zh-Hant-TW"),
            ("es-419", "es-419"),
            ("de-CH-1996", "de-CH-1996"),
            ("sl-rozaj-biske", "sl-rozaj-biske"),
            ("en-US-x-twain", "en-US-x-twain"),
            ("de-DE-u-co-phonebk", "de-DE-u-co-phonebk"),
            (" fr ", "fr"),
        ] {
            assert_eq!(tag(given).as_deref(), Ok(normal), "{given}");
        }
    }

    #[test]
    fn tags_oxigraph_would_refuse_are_refused_here() {
        for bad in [
            "",
            "en-",
            "en--GB",
            "en-GB-",
            "en-a",
            "de-419-DE-x",
            "en-GB-abcdefghi",
        ] {
            assert!(tag(bad).is_err(), "{bad:?} accepted");
        }
        // Whatever is accepted is a tag oxigraph takes for a literal.
        for good in ["de", "en-GB", "zh-Hant-TW", "en-US-x-twain"] {
            let t = LanguageTag::new(good).expect("a tag");
            assert!(oxigraph::model::Literal::new_language_tagged_literal("x", t.as_str()).is_ok());
        }
    }

    #[test]
    fn unknown_languages_are_refused_with_a_hint() {
        let e = tag("english").expect_err("a name, not a code");
        assert!(e.contains("unknown language code; did you mean en?"), "{e}");
        let e = tag("English").expect_err("a name, not a code");
        assert!(e.ends_with("did you mean en?"), "{e}");
        assert!(tag("xx-YY").is_err());
        assert!(
            tag("i-klingon").is_err(),
            "grandfathered tags have no ISO 639 language"
        );
        assert!(
            tag("x-private").is_err(),
            "a private-use tag has no ISO 639 language"
        );
    }
}
