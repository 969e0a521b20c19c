//! People named in items: authors, editors, inventors, supervisors.

use serde::Serialize;

use super::forms::{ShortForm, short_form};
use crate::types::OrcidId;

/// What a contributor did for a work.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ContributorRole {
    /// Wrote it (the default).
    #[default]
    Author,
    /// Edited it.
    Editor,
    /// Invented it (patents).
    Inventor,
    /// Holds the rights (patents).
    Assignee,
    /// Supervised it (theses, degrees, positions).
    Supervisor,
    /// Translated it.
    Translator,
    /// Chaired it (sessions, events).
    Chair,
    /// Principal investigator (projects).
    PrincipalInvestigator,
    /// Co-investigator (projects).
    CoInvestigator,
    /// Any other contribution.
    Other,
}

impl ContributorRole {
    /// Whether this is the default role.
    pub fn is_author(&self) -> bool {
        *self == ContributorRole::Author
    }
}

/// A person named in an item, in the order the CV gives.
///
/// In a CV file a contributor is a string — `"Lapuschkin, Sebastian"`, `"Lapuschkin S"`,
/// `"Sebastian Lapuschkin"`, `"Prof. Dr. Klaus-Robert Müller"`, with `**…**` marking the CV's
/// own person as Markdown CVs do — or a map of the fields below.
///
/// ```
/// use vitae::model::Contributor;
/// let c: Contributor = "Müller K-R".parse()?;
/// assert_eq!((c.family.as_deref(), c.given.as_deref()), (Some("Müller"), Some("K-R")));
/// let me: Contributor = "**Lapuschkin S**".parse()?;
/// assert!(me.is_me());
/// let s: Contributor = "Prof. Dr. Klaus-Robert Müller".parse()?;
/// assert_eq!(s.prefix.as_deref(), Some("Prof. Dr."));
/// assert_eq!(s.family.as_deref(), Some("Müller"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Contributor {
    /// The name as written in the CV, e.g. "Müller K-R".
    pub name: String,
    /// Given names or initials.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
    /// Family name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// Titles before the name, e.g. "Prof. Dr.".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// The person's ORCID iD, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub orcid: Option<OrcidId>,
    /// What they did; `author` unless said otherwise.
    #[serde(skip_serializing_if = "ContributorRole::is_author")]
    pub role: ContributorRole,
    /// Whether this is the CV's own person. `None` means "decide by name": the loader sets it
    /// when the name matches the person's name or one of their name variants.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub me: Option<bool>,
}

impl Contributor {
    /// Whether this contributor is the CV's own person.
    pub fn is_me(&self) -> bool {
        self.me == Some(true)
    }

    /// A display name: "Given Family" when both are known, else the name as written.
    pub fn display_name(&self) -> String {
        self.shown_name().into_owned()
    }

    /// [`display_name`](Self::display_name), borrowed when it is the name as written.
    pub fn shown_name(&self) -> std::borrow::Cow<'_, str> {
        match (&self.given, &self.family) {
            (Some(g), Some(f)) => [g.as_str(), " ", f.as_str()].concat().into(),
            _ => self.name.as_str().into(),
        }
    }
}

/// The full form of [`Contributor`] in a CV file.
#[derive(serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct ContributorFields {
    /// The name as written; derived from `given` and `family` when absent.
    #[serde(default)]
    name: Option<String>,
    /// Given names or initials.
    #[serde(default)]
    given: Option<String>,
    /// Family name.
    #[serde(default)]
    family: Option<String>,
    /// Titles before the name, e.g. "Prof. Dr.".
    #[serde(default)]
    prefix: Option<String>,
    /// ORCID iD.
    #[serde(default)]
    orcid: Option<OrcidId>,
    /// author (default), editor, inventor, assignee, supervisor, translator, chair,
    /// principal-investigator, co-investigator, other.
    #[serde(default)]
    role: ContributorRole,
    /// true when this is the CV's own person (found by name when absent).
    #[serde(default)]
    me: Option<bool>,
}

impl ShortForm for Contributor {
    type Full = ContributorFields;
    const SHORT_DESCRIPTION: &'static str =
        "a name: \"Family, Given\", \"Family G\" (initials), or \"Given Family\"";

    fn from_short(s: &str) -> Result<Self, String> {
        let mut t = trimmed(s)?;
        let mut me = None;
        if let Some(inner) = t.strip_prefix("**").and_then(|x| x.strip_suffix("**")) {
            t = trimmed(inner)?;
            me = Some(true);
        }
        let (prefix, rest) = split_prefix(t);
        let (given, family) = split_name(rest);
        Ok(Contributor {
            name: rest.to_owned(),
            given,
            family,
            prefix,
            orcid: None,
            role: ContributorRole::Author,
            me,
        })
    }

    fn from_full(f: ContributorFields) -> Result<Self, String> {
        let clean = |o: Option<String>| o.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        let (given, family) = (clean(f.given), clean(f.family));
        let name = match clean(f.name) {
            Some(n) => n,
            None => match (&given, &family) {
                (Some(g), Some(fam)) => format!("{fam}, {g}"),
                (None, Some(fam)) => fam.clone(),
                _ => {
                    return Err(
                        "expected `name` or `family` in a contributor written as a map, found neither"
                            .into(),
                    );
                }
            },
        };
        let (given, family) = if given.is_none() && family.is_none() {
            split_name(&name)
        } else {
            (given, family)
        };
        Ok(Contributor {
            name,
            given,
            family,
            prefix: clean(f.prefix),
            orcid: f.orcid,
            role: f.role,
            me: f.me,
        })
    }
}
short_form!(Contributor);

impl std::str::FromStr for Contributor {
    type Err = crate::types::ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_short(s).map_err(crate::types::ValueError::new)
    }
}

/// A name without the white space around it; as `non_empty`, without making a string.
fn trimmed(s: &str) -> Result<&str, String> {
    match s.trim() {
        "" => Err("expected a person's name, found an empty string".into()),
        t => Ok(t),
    }
}

const HONORIFICS: &[&str] = &[
    "Prof.",
    "Prof",
    "Dr.",
    "Dr",
    "Dr.-Ing.",
    "PD",
    "Mr.",
    "Ms.",
    "Mrs.",
    "Dipl.-Ing.",
    "Sir",
];

/// Splits leading titles ("Prof. Dr.") from a name.
fn split_prefix(s: &str) -> (Option<String>, &str) {
    let mut rest = s;
    let mut taken = Vec::new();
    while let Some((word, tail)) = rest.split_once(' ') {
        if HONORIFICS.contains(&word) {
            taken.push(word);
            rest = tail.trim_start();
        } else {
            break;
        }
    }
    let prefix = (!taken.is_empty()).then(|| taken.join(" "));
    (prefix, rest)
}

/// Whether a word is written as initials: "S", "K-R", "AM", "C.J.", "M-C".
fn is_initials(w: &str) -> bool {
    // At most 3 letters (not counting `-` and `.`), all upper case.
    let mut letters = 0;
    for c in w.chars().filter(|c| *c != '-' && *c != '.') {
        letters += 1;
        if letters > 3 || !c.is_uppercase() {
            return false;
        }
    }
    letters > 0
}

/// Splits a name into (given, family): "Family, Given", "Family G M", or "Given Family".
pub(crate) fn split_name(s: &str) -> (Option<String>, Option<String>) {
    let s = s.trim();
    if let Some((fam, given)) = s.split_once(',') {
        let (fam, given) = (fam.trim(), given.trim());
        return (
            (!given.is_empty()).then(|| given.to_owned()),
            (!fam.is_empty()).then(|| fam.to_owned()),
        );
    }
    // The words, on the stack for a name of a few words.
    let mut few = [""; 8];
    let mut n = 0;
    let many: Vec<&str>;
    let words: &[&str] = {
        let mut it = s.split_whitespace();
        for w in it.by_ref() {
            few[n] = w;
            n += 1;
            if n == few.len() {
                break;
            }
        }
        match it.next() {
            None => &few[..n],
            Some(w) => {
                many = few.iter().copied().chain([w]).chain(it).collect();
                &many
            }
        }
    };
    if words.len() < 2 {
        return (None, Some(s.to_owned()));
    }
    let n_initials = words.iter().rev().take_while(|w| is_initials(w)).count();
    if n_initials > 0 && n_initials < words.len() {
        let split = words.len() - n_initials;
        return (
            Some(words[split..].join(" ")),
            Some(words[..split].join(" ")),
        );
    }
    let (given, family) = words.split_at(words.len() - 1);
    (Some(given.join(" ")), Some(family.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_forms() {
        let cases = [
            ("Hofmann S M", Some("S M"), Some("Hofmann")),
            ("Raberger AM", Some("AM"), Some("Raberger")),
            ("Höhne M-C M", Some("M-C M"), Some("Höhne")),
            (
                "Lapuschkin, Sebastian",
                Some("Sebastian"),
                Some("Lapuschkin"),
            ),
            (
                "Sebastian Lapuschkin",
                Some("Sebastian"),
                Some("Lapuschkin"),
            ),
            ("Onyebuchi A A", Some("A A"), Some("Onyebuchi")),
            ("Plato", None, Some("Plato")),
        ];
        for (s, g, f) in cases {
            let (given, family) = split_name(s);
            assert_eq!((given.as_deref(), family.as_deref()), (g, f), "{s}");
        }
    }
}
