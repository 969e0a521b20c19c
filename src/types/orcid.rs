use super::{ValueError, string_newtype};

/// An ORCID iD such as `0000-0002-1825-0097`, with a correct ISO 7064 mod 11-2 check digit.
///
/// Accepts the bare form, the `https://orcid.org/` (or `http://`, or `orcid.org/`) form, and
/// the 16 characters without hyphens; always stores and prints the bare hyphenated form.
///
/// ```
/// use vitae::types::OrcidId;
/// let id: OrcidId = "https://orcid.org/0000-0002-1825-0097".parse()?;
/// assert_eq!(id.as_str(), "0000-0002-1825-0097");
/// assert_eq!(id.url(), "https://orcid.org/0000-0002-1825-0097");
/// assert!("0000-0002-1825-0098".parse::<OrcidId>().is_err()); // wrong check digit
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrcidId(String);

impl OrcidId {
    /// Parses and checks an ORCID iD.
    ///
    /// # Errors
    /// When the text is not 16 digits (the last may be `X`) in four hyphenated groups, or the
    /// check digit is wrong.
    pub fn new(s: &str) -> Result<Self, ValueError> {
        let t = s.trim();
        let bare = ["https://orcid.org/", "http://orcid.org/", "orcid.org/"]
            .iter()
            .find_map(|p| t.strip_prefix(p))
            .unwrap_or(t);
        let chars: Vec<char> = bare.chars().filter(|c| *c != '-').collect();
        let well_formed = chars.len() == 16
            && chars[..15].iter().all(char::is_ascii_digit)
            && (chars[15].is_ascii_digit() || chars[15] == 'X')
            && (bare.len() == 16
                || (bare.len() == 19
                    && bare.as_bytes()[4] == b'-'
                    && bare.as_bytes()[9] == b'-'
                    && bare.as_bytes()[14] == b'-'));
        if !well_formed {
            return Err(ValueError::new(format!(
                "expected an ORCID iD like 0000-0002-1825-0097, found {s:?}"
            )));
        }
        let expected = check_digit(&chars[..15]);
        if chars[15] != expected {
            return Err(ValueError::wrong_check(
                super::Checked::OrcidId,
                s,
                expected,
                chars[15],
            ));
        }
        let digits: String = chars.iter().collect();
        Ok(Self(format!(
            "{}-{}-{}-{}",
            &digits[0..4],
            &digits[4..8],
            &digits[8..12],
            &digits[12..16]
        )))
    }

    /// The bare form, `0000-0002-1825-0097`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The canonical URL, `https://orcid.org/0000-0002-1825-0097`.
    pub fn url(&self) -> String {
        format!("https://orcid.org/{}", self.0)
    }
}

/// ISO 7064 mod 11-2, as ORCID and ISNI use it.
pub(crate) fn check_digit(digits: &[char]) -> char {
    let total = digits
        .iter()
        .fold(0u32, |acc, c| (acc + c.to_digit(10).unwrap_or(0)) * 2);
    let result = (12 - total % 11) % 11;
    if result == 10 {
        'X'
    } else {
        char::from_digit(result, 10).unwrap_or('0')
    }
}

string_newtype!(
    OrcidId,
    "ORCID iD, bare (0000-0002-1825-0097) or as https://orcid.org/ URL; the check digit is verified",
    Some(r"^(https?://)?(orcid\.org/)?\d{4}-?\d{4}-?\d{4}-?\d{3}[\dX]$")
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_known_ids() {
        for s in [
            "0000-0002-1825-0097",
            "0000-0001-5109-3700",
            "0000-0002-1694-233X",
            "https://orcid.org/0000-0002-1694-233X",
            "000000021825009 7".replace(' ', "").as_str(),
        ] {
            assert!(OrcidId::new(s).is_ok(), "{s}");
        }
    }

    #[test]
    fn refuses_bad_ids() {
        let e = OrcidId::new("0000-0002-1825-0098").unwrap_err();
        assert!(e.message().contains("expected 7, found 8"), "{e}");
        assert!(OrcidId::new("0000-0002-1825").is_err());
        assert!(OrcidId::new("0000-0002-1825-009Y").is_err());
        assert!(OrcidId::new("").is_err());
        assert!(OrcidId::new("00-000002-1825-0097").is_err());
    }
}
