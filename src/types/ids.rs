//! Identifiers of works, organizations and items.

use super::{Checked, ValueError, orcid::check_digit, string_newtype};

/// A DOI, normalised once: no `https://doi.org/` or `doi:` prefix, no surrounding space.
/// DOIs are case-insensitive; [`Doi::key`] gives the lower-case form to compare them.
///
/// ```
/// use vitae::types::Doi;
/// let d: Doi = "https://doi.org/10.1371/journal.pone.0130140".parse()?;
/// assert_eq!(d.as_str(), "10.1371/journal.pone.0130140");
/// assert_eq!(d.url(), "https://doi.org/10.1371/journal.pone.0130140");
/// assert!("11.1371/x".parse::<Doi>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Doi(String);

impl Doi {
    /// Parses and normalises a DOI.
    ///
    /// # Errors
    /// When the text is not `10.<registrant>/<suffix>` (after removing a resolver prefix).
    pub fn new(s: &str) -> Result<Self, ValueError> {
        let t = s.trim();
        let lower = t.to_ascii_lowercase();
        let mut rest = t;
        for p in [
            "https://doi.org/",
            "http://doi.org/",
            "https://dx.doi.org/",
            "http://dx.doi.org/",
            "doi.org/",
            "doi:",
        ] {
            if lower.starts_with(p) {
                rest = &t[p.len()..];
                break;
            }
        }
        let rest = rest.trim();
        let ok = rest.split_once('/').is_some_and(|(prefix, suffix)| {
            prefix.starts_with("10.")
                && prefix.len() > 3
                && prefix[3..].bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && !suffix.is_empty()
                && !suffix.chars().any(char::is_whitespace)
        });
        if !ok {
            return Err(ValueError::new(format!(
                "expected a DOI like 10.1371/journal.pone.0130140, found {s:?}"
            )));
        }
        Ok(Self(rest.to_owned()))
    }

    /// The DOI without a resolver, `10.1371/journal.pone.0130140`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The lower-case form, for comparing DOIs.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }

    /// The resolver URL, `https://doi.org/…`.
    pub fn url(&self) -> String {
        format!("https://doi.org/{}", self.0)
    }
}
string_newtype!(Doi, "DOI, bare (10.1371/…) or as a https://doi.org/ URL");

/// An ISNI (International Standard Name Identifier): 16 characters with an ISO 7064 mod 11-2
/// check digit, stored without spaces.
///
/// ```
/// use vitae::types::Isni;
/// let i: Isni = "0000 0001 2103 2683".parse()?;
/// assert_eq!(i.as_str(), "0000000121032683");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Isni(String);

impl Isni {
    /// Parses and checks an ISNI.
    ///
    /// # Errors
    /// When it is not 16 characters (15 digits and a digit or X) or the check digit is wrong.
    pub fn new(s: &str) -> Result<Self, ValueError> {
        let t = s.trim();
        let t = t
            .strip_prefix("https://isni.org/isni/")
            .or_else(|| t.strip_prefix("http://isni.org/isni/"))
            .unwrap_or(t);
        let chars: Vec<char> = t
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if chars.len() != 16
            || !chars[..15].iter().all(char::is_ascii_digit)
            || !(chars[15].is_ascii_digit() || chars[15] == 'X')
        {
            return Err(ValueError::new(format!(
                "expected an ISNI of 16 characters like 0000 0001 2103 2683, found {s:?}"
            )));
        }
        let expected = check_digit(&chars[..15]);
        if chars[15] != expected {
            return Err(ValueError::wrong_check(
                Checked::Isni,
                s,
                expected,
                chars[15],
            ));
        }
        Ok(Self(chars.into_iter().collect()))
    }

    /// The 16 characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The resolver URL.
    pub fn url(&self) -> String {
        format!("https://isni.org/isni/{}", self.0)
    }
}
string_newtype!(
    Isni,
    "ISNI, 16 characters; spaces allowed; the check digit is verified"
);

const CROCKFORD: &str = "0123456789abcdefghjkmnpqrstvwxyz";

/// A ROR organization id such as `021nxhr62`, with its mod 97-10 checksum verified.
/// Accepts `https://ror.org/021nxhr62` too; stores the 9 characters.
///
/// ```
/// use vitae::types::RorId;
/// let r: RorId = "https://ror.org/03v4gjf40".parse()?;
/// assert_eq!(r.url(), "https://ror.org/03v4gjf40");
/// assert!("03v4gjf41".parse::<RorId>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RorId(String);

impl RorId {
    /// Parses and checks a ROR id.
    ///
    /// # Errors
    /// When it is not `0` + 6 Crockford base-32 characters + a 2-digit checksum, or the
    /// checksum is wrong.
    pub fn new(s: &str) -> Result<Self, ValueError> {
        let t = s.trim();
        let t = ["https://ror.org/", "http://ror.org/", "ror.org/"]
            .iter()
            .find_map(|p| t.strip_prefix(p))
            .unwrap_or(t)
            .to_ascii_lowercase();
        let bad = || ValueError::new(format!("expected a ROR id like 03v4gjf40, found {s:?}"));
        if t.len() != 9 || !t.starts_with('0') {
            return Err(bad());
        }
        let (body, sum) = t.split_at(7);
        let mut n: u64 = 0;
        for c in body.chars() {
            let v = CROCKFORD.find(c).ok_or_else(bad)?;
            n = n * 32 + v as u64;
        }
        let given: u64 = sum.parse().map_err(|_| bad())?;
        let expected = 98 - (n * 100) % 97;
        if given != expected {
            return Err(ValueError::wrong_check(
                Checked::RorId,
                s,
                format_args!("{expected:02}"),
                sum,
            ));
        }
        Ok(Self(t))
    }

    /// The 9 characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The URL, `https://ror.org/…`.
    pub fn url(&self) -> String {
        format!("https://ror.org/{}", self.0)
    }
}
string_newtype!(
    RorId,
    "ROR id, bare (03v4gjf40) or as https://ror.org/ URL; checksum verified"
);

/// An arXiv identifier, new style (`2206.03208`, `2206.03208v2`) or old style
/// (`math.GT/0309136`); accepts an `arXiv:` or `https://arxiv.org/abs/` prefix.
///
/// ```
/// use vitae::types::ArxivId;
/// let a: ArxivId = "arXiv:2206.03208v2".parse()?;
/// assert_eq!(a.as_str(), "2206.03208v2");
/// assert_eq!(a.without_version(), "2206.03208");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArxivId(String);

impl ArxivId {
    /// Parses an arXiv identifier.
    ///
    /// # Errors
    /// When it is neither `YYMM.NNNNN[vN]` nor `archive/YYMMNNN[vN]`.
    pub fn new(s: &str) -> Result<Self, ValueError> {
        let t = s.trim();
        let lower = t.to_ascii_lowercase();
        let mut rest = t;
        for p in ["https://arxiv.org/abs/", "http://arxiv.org/abs/", "arxiv:"] {
            if lower.starts_with(p) {
                rest = &t[p.len()..];
            }
        }
        let (core, version) = match rest.rfind('v') {
            Some(i)
                if i > 0
                    && rest[i + 1..].bytes().all(|b| b.is_ascii_digit())
                    && i + 1 < rest.len() =>
            {
                (&rest[..i], &rest[i..])
            }
            _ => (rest, ""),
        };
        let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        let new_style = core.split_once('.').is_some_and(|(a, b)| {
            a.len() == 4 && digits(a) && (4..=5).contains(&b.len()) && digits(b)
        });
        let old_style = core.split_once('/').is_some_and(|(a, b)| {
            !a.is_empty()
                && a.bytes()
                    .all(|c| c.is_ascii_alphabetic() || c == b'-' || c == b'.')
                && b.len() == 7
                && digits(b)
        });
        if !(new_style || old_style) {
            return Err(ValueError::new(format!(
                "expected an arXiv id like 2206.03208, found {s:?}"
            )));
        }
        Ok(Self(format!("{core}{version}")))
    }

    /// The identifier as given, with its version if any.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The identifier without a `vN` suffix, which names every version.
    pub fn without_version(&self) -> &str {
        match self.0.rfind('v') {
            Some(i) if i > 0 && self.0[i + 1..].bytes().all(|b| b.is_ascii_digit()) => &self.0[..i],
            _ => &self.0,
        }
    }

    /// The abstract page, `https://arxiv.org/abs/…`.
    pub fn url(&self) -> String {
        format!("https://arxiv.org/abs/{}", self.0)
    }
}
string_newtype!(
    ArxivId,
    "arXiv identifier: 2206.03208, 2206.03208v2 or math.GT/0309136"
);

/// An ISBN-10 or ISBN-13 with a correct check digit, stored without hyphens or spaces.
///
/// ```
/// use vitae::types::Isbn;
/// let i: Isbn = "978-3-030-28954-6".parse()?;
/// assert_eq!(i.as_str(), "9783030289546");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Isbn(String);

impl Isbn {
    /// Parses and checks an ISBN.
    ///
    /// # Errors
    /// When it has not 10 or 13 digits (ISBN-10 may end in X) or the check digit is wrong.
    pub fn new(s: &str) -> Result<Self, ValueError> {
        let t = s.trim();
        let t = t
            .strip_prefix("ISBN")
            .unwrap_or(t)
            .trim_start_matches([':', ' ']);
        let c: Vec<char> = t.chars().filter(|c| *c != '-' && *c != ' ').collect();
        let bad = || ValueError::new(format!("expected an ISBN-10 or ISBN-13, found {s:?}"));
        let val = |ch: char| ch.to_digit(10);
        let expected = match c.len() {
            13 if c.iter().all(char::is_ascii_digit) => {
                let sum: u32 = c[..12]
                    .iter()
                    .enumerate()
                    .map(|(i, ch)| val(*ch).unwrap_or(0) * if i % 2 == 0 { 1 } else { 3 })
                    .sum();
                char::from_digit((10 - sum % 10) % 10, 10).unwrap_or('0')
            }
            10 if c[..9].iter().all(char::is_ascii_digit)
                && (c[9].is_ascii_digit() || c[9] == 'X' || c[9] == 'x') =>
            {
                let sum: u32 = c[..9]
                    .iter()
                    .enumerate()
                    .map(|(i, ch)| (10 - i as u32) * val(*ch).unwrap_or(0))
                    .sum();
                match (11 - sum % 11) % 11 {
                    10 => 'X',
                    d => char::from_digit(d, 10).unwrap_or('0'),
                }
            }
            _ => return Err(bad()),
        };
        let found = c[c.len() - 1].to_ascii_uppercase();
        if found != expected {
            return Err(ValueError::wrong_check(Checked::Isbn, s, expected, found));
        }
        Ok(Self(
            c.into_iter().map(|ch| ch.to_ascii_uppercase()).collect(),
        ))
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
string_newtype!(
    Isbn,
    "ISBN-10 or ISBN-13; hyphens allowed; the check digit is verified"
);

/// An ISSN, `NNNN-NNNC`, with its check digit verified.
///
/// ```
/// use vitae::types::Issn;
/// let i: Issn = "0031-3203".parse()?;
/// assert_eq!(i.as_str(), "0031-3203");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Issn(String);

impl Issn {
    /// Parses and checks an ISSN.
    ///
    /// # Errors
    /// When it is not 8 characters (7 digits and a digit or X) or the check digit is wrong.
    pub fn new(s: &str) -> Result<Self, ValueError> {
        let c: Vec<char> = s.trim().chars().filter(|c| *c != '-').collect();
        if c.len() != 8
            || !c[..7].iter().all(char::is_ascii_digit)
            || !(c[7].is_ascii_digit() || c[7] == 'X' || c[7] == 'x')
        {
            return Err(ValueError::new(format!(
                "expected an ISSN like 0031-3203, found {s:?}"
            )));
        }
        let sum: u32 = c[..7]
            .iter()
            .enumerate()
            .map(|(i, ch)| (8 - i as u32) * ch.to_digit(10).unwrap_or(0))
            .sum();
        let check = (11 - sum % 11) % 11;
        let expected = if check == 10 {
            'X'
        } else {
            char::from_digit(check, 10).unwrap_or('0')
        };
        if c[7].to_ascii_uppercase() != expected {
            return Err(ValueError::wrong_check(
                Checked::Issn,
                s,
                expected,
                c[7].to_ascii_uppercase(),
            ));
        }
        let c: String = c.into_iter().map(|ch| ch.to_ascii_uppercase()).collect();
        Ok(Self(format!("{}-{}", &c[..4], &c[4..])))
    }

    /// The ISSN, `NNNN-NNNC`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
string_newtype!(Issn, "ISSN, NNNN-NNNC; the check digit is verified");

/// The stable local id of an item of the CV, given by the user (`id:`) or derived from the
/// item; used to mint IRIs and to match items across ORCID syncs.
///
/// Letters, digits, `-`, `_` and `.`, starting with a letter or digit, at most 100 characters,
/// without `--`: in an IRI, `--` separates a node from its parts (`#work-<id>--doi`), so an
/// id `x--doi` would name the DOI of the work `x`.
///
/// ```
/// use vitae::types::ItemId;
/// assert!("2019-unmasking-clever-hans".parse::<ItemId>().is_ok());
/// assert!("has space".parse::<ItemId>().is_err());
/// assert!("notes--doi".parse::<ItemId>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemId(String);

/// The bytes of an item id: ASCII letters and digits, `-`, `_` and `.`; one lookup a byte.
const ID_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.';
        b += 1;
    }
    t
};

impl ItemId {
    /// Checks an item id.
    ///
    /// # Errors
    /// When it is empty, too long, or has characters other than letters, digits, `-_.`.
    pub fn new(s: &str) -> Result<Self, ValueError> {
        let ok = !s.is_empty()
            && s.len() <= 100
            && s.as_bytes()[0].is_ascii_alphanumeric()
            && s.bytes().all(|b| ID_BYTES[usize::from(b)])
            && !s.contains("--");
        if !ok {
            return Err(ValueError::new(format!(
                "expected an id of letters, digits, '-', '_' and '.' (at most 100, no '--', \
                 which separates a node's parts in IRIs), found {s:?}"
            )));
        }
        Ok(Self(s.to_owned()))
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
string_newtype!(
    ItemId,
    "stable local id of an item: letters, digits, '-', '_', '.' (no '--')",
    Some(r"^[A-Za-z0-9](?:-?[A-Za-z0-9._]){0,99}-?$")
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ror_checksums() {
        for ok in [
            "03v4gjf40",
            "03vek6s52",
            "042nb2s44",
            "https://ror.org/021nxhr62",
        ] {
            RorId::new(ok).unwrap();
        }
        assert!(RorId::new("03v4gjf41").is_err());
        assert!(RorId::new("13v4gjf40").is_err());
    }

    #[test]
    fn isni_and_issn() {
        Isni::new("0000000121032683").unwrap();
        assert!(Isni::new("0000000121032684").is_err());
        Issn::new("1053-8119").unwrap();
        Issn::new("0028-0836").unwrap();
        assert!(Issn::new("1053-8118").is_err());
    }

    #[test]
    fn doi_forms() {
        let a = Doi::new("doi:10.1038/S41467-019-08987-4").unwrap();
        let b = Doi::new("https://DOI.org/10.1038/s41467-019-08987-4").unwrap();
        assert_eq!(a.key(), b.key());
        assert!(Doi::new("10.1038/").is_err());
        assert!(Doi::new("10.abc/x").is_err());
    }

    #[test]
    fn arxiv_forms() {
        assert_eq!(ArxivId::new("1409.8035").unwrap().as_str(), "1409.8035");
        assert!(ArxivId::new("math.GT/0309136v1").is_ok());
        assert!(ArxivId::new("abs/2206.03208").is_err());
        assert!(ArxivId::new("v2").is_err());
    }

    #[test]
    fn isbn_checks() {
        Isbn::new("978-3-030-28954-6").unwrap();
        Isbn::new("0-306-40615-2").unwrap();
        assert!(Isbn::new("978-3-030-28954-7").is_err());
    }
}
