use std::fmt;

use super::ValueError;

/// A calendar date known to the year, the month or the day, as CVs write them:
/// `2018`, `2021-01`, `2022-08-24`.
///
/// Every value is a real date: months are 1-based, there is no day without a month, and
/// `2023-02-30` is refused. The order is chronological, a less precise date first
/// (`2021` < `2021-01` < `2021-01-01`).
///
/// ```
/// use vitae::types::PartialDate;
/// let d: PartialDate = "2022-08".parse()?;
/// assert_eq!((d.year(), d.month(), d.day()), (2022, Some(8), None));
/// assert_eq!(d.to_string(), "2022-08");
/// assert!("2023-02-30".parse::<PartialDate>().is_err());
/// assert!("2024-02-29".parse::<PartialDate>().is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    year: u16,
    month: Option<u8>,
    day: Option<u8>,
}

impl PartialDate {
    /// A date known to the year.
    ///
    /// # Errors
    /// When the year is not between 1000 and 9999.
    pub fn year_only(year: u16) -> Result<Self, ValueError> {
        Self::new(year, None, None)
    }

    /// Builds a date from its parts.
    ///
    /// # Errors
    /// When the year is outside 1000–9999, the month outside 1–12, a day is given without a
    /// month, or the day does not exist in that month.
    pub fn new(year: u16, month: Option<u8>, day: Option<u8>) -> Result<Self, ValueError> {
        if !(1000..=9999).contains(&year) {
            return Err(ValueError::new(format!(
                "expected a year from 1000 to 9999, found {year:04}"
            )));
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(ValueError::new(format!(
                "expected a month from 01 to 12, found {m:02}"
            )));
        }
        match (month, day) {
            (None, Some(_)) => {
                return Err(ValueError::new(
                    "expected a month with the day, found a day without a month",
                ));
            }
            (Some(m), Some(d)) => {
                let last = days_in_month(year, m);
                if d == 0 || d > last {
                    return Err(ValueError::new(format!(
                        "expected a real date, found {year:04}-{m:02}-{d:02}: that month has {last} days"
                    )));
                }
            }
            _ => {}
        }
        Ok(Self { year, month, day })
    }

    /// The year.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month, 1–12, when known.
    pub fn month(&self) -> Option<u8> {
        self.month
    }

    /// The day of the month, when known.
    pub fn day(&self) -> Option<u8> {
        self.day
    }

    /// This date cut to at most `precision` parts (1 = year, 2 = month, 3 = day).
    fn truncated(&self, precision: usize) -> Self {
        Self {
            year: self.year,
            month: if precision >= 2 { self.month } else { None },
            day: if precision >= 3 { self.day } else { None },
        }
    }

    /// How many parts are known: 1, 2 or 3.
    pub fn precision(&self) -> usize {
        1 + usize::from(self.month.is_some()) + usize::from(self.day.is_some())
    }

    /// Whether `self` can be on or before `other`: compares at the precision both share, so
    /// `2018-05` is not after `2018`.
    pub fn not_after(&self, other: &PartialDate) -> bool {
        let p = self.precision().min(other.precision());
        self.truncated(p) <= other.truncated(p)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for PartialDate {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, ValueError> {
        let bad = || {
            ValueError::new(format!(
                "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found {s:?}"
            ))
        };
        let parts: Vec<&str> = s.trim().split('-').collect();
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        let ok = match parts.as_slice() {
            [y] => digits(y, 4),
            [y, m] => digits(y, 4) && digits(m, 2),
            [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
            _ => false,
        };
        if !ok {
            return Err(bad());
        }
        let num = |i: usize| parts.get(i).map(|p| p.parse::<u16>().unwrap_or(0));
        let year = num(0).unwrap_or(0);
        let month = num(1).map(|m| u8::try_from(m).unwrap_or(0));
        let day = num(2).map(|d| u8::try_from(d).unwrap_or(0));
        Self::new(year, month, day)
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::deserialize_string_like(d, str::parse::<PartialDate>)
    }
}

impl schemars::JsonSchema for PartialDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PartialDate".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A date known to the year, month or day: 2018, 2021-01, 2022-08-24",
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                {"type": "integer", "minimum": 1000, "maximum": 9999}
            ]
        })
    }
}

/// A period with an optional start and an optional end; no end means "to the present".
/// The start is never after the end.
///
/// In a CV file it is written as two keys of the item, `start:` and `end:`.
///
/// ```
/// use vitae::types::{DateRange, PartialDate};
/// let r = DateRange::new(Some("2013".parse()?), Some("2018".parse()?))?;
/// assert!(!r.is_ongoing());
/// assert!(DateRange::new(Some("2019".parse()?), Some("2018-12".parse()?)).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub struct DateRange {
    /// When it started.
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<PartialDate>,
    /// When it ended; absent (or `present`) means ongoing.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<EndDate>")]
    end: Option<PartialDate>,
}

/// The start of the message of a range whose end is before its start.
pub(super) const END_BEFORE_START: &str = "expected an end on or after the start ";

impl DateRange {
    /// Builds a range.
    ///
    /// # Errors
    /// When the end is before the start.
    pub fn new(start: Option<PartialDate>, end: Option<PartialDate>) -> Result<Self, ValueError> {
        if let (Some(s), Some(e)) = (start, end)
            && !s.not_after(&e)
        {
            return Err(ValueError::new(format!("{END_BEFORE_START}{s}, found {e}")));
        }
        Ok(Self { start, end })
    }

    /// The start, when known.
    pub fn start(&self) -> Option<PartialDate> {
        self.start
    }

    /// The end; `None` means ongoing.
    pub fn end(&self) -> Option<PartialDate> {
        self.end
    }

    /// Whether the range has a start but no end, i.e. runs to the present.
    pub fn is_ongoing(&self) -> bool {
        self.start.is_some() && self.end.is_none()
    }
}

impl<'de> serde::Deserialize<'de> for DateRange {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "kebab-case")]
        struct Raw {
            #[serde(default)]
            start: Option<PartialDate>,
            #[serde(default, deserialize_with = "end_or_present")]
            end: Option<PartialDate>,
        }
        // `start` and `end` are keys of the item that holds the range (`#[serde(flatten)]`),
        // where serde's path tracking does not reach: the errors name their key themselves.
        let raw: Raw = serde_path_to_error::deserialize(d)
            .map_err(|e| super::error_at(&e.path().to_string(), &e.into_inner().to_string()))?;
        DateRange::new(raw.start, raw.end).map_err(|e| super::error_at("end", e.message()))
    }
}

/// The schema of `end`: a date, or `present`.
#[derive(schemars::JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum EndDate {
    Date(PartialDate),
    Ongoing(Ongoing),
}

#[derive(schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code, clippy::enum_variant_names)]
enum Ongoing {
    Present,
    Now,
    Ongoing,
}

/// `end: present` (or `now`, `ongoing`) is the same as no end.
fn end_or_present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<PartialDate>, D::Error> {
    let s = <Option<super::StringLike> as serde::Deserialize>::deserialize(d)?;
    match s {
        None => Ok(None),
        Some(s) if ["present", "now", "ongoing", ""].contains(&s.0.trim()) => Ok(None),
        Some(s) => s.0.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        for s in ["2018", "2021-01", "2022-08-24", "2000-02-29"] {
            assert_eq!(s.parse::<PartialDate>().unwrap().to_string(), s);
        }
    }

    #[test]
    fn refuses_impossible() {
        for s in [
            "2023-02-30",
            "1900-02-29",
            "2021-13",
            "2021-00",
            "2021-1",
            "21",
            "2021-04-31",
            "2021/04",
            "",
            "2021-01-00",
        ] {
            assert!(s.parse::<PartialDate>().is_err(), "{s}");
        }
        assert!(PartialDate::new(2020, None, Some(3)).is_err());
    }

    #[test]
    fn order_and_ranges() {
        let d = |s: &str| s.parse::<PartialDate>().unwrap();
        assert!(d("2021") < d("2021-01"));
        assert!(d("2020-12-31") < d("2021"));
        assert!(d("2018-05").not_after(&d("2018")));
        assert!(DateRange::new(Some(d("2018-05")), Some(d("2018"))).is_ok());
        assert!(DateRange::new(Some(d("2018-05")), Some(d("2018-04"))).is_err());
    }
}
