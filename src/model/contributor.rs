//! People and groups named in items: authors, editors, inventors, supervisors.

use serde::Serialize;

use super::forms::{ShortForm, converted, short_form};
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
#[non_exhaustive]
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

    /// The role's name in a CV file: `author`, `principal-investigator`, ...
    pub fn as_str(&self) -> &'static str {
        match self {
            ContributorRole::Author => "author",
            ContributorRole::Editor => "editor",
            ContributorRole::Inventor => "inventor",
            ContributorRole::Assignee => "assignee",
            ContributorRole::Supervisor => "supervisor",
            ContributorRole::Translator => "translator",
            ContributorRole::Chair => "chair",
            ContributorRole::PrincipalInvestigator => "principal-investigator",
            ContributorRole::CoInvestigator => "co-investigator",
            ContributorRole::Other => "other",
        }
    }
}

/// Whether a contributor is a person or a group: a consortium, a collaboration, an
/// organization credited as an author ("GOCS Consortium").
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
#[non_exhaustive]
pub enum ContributorKind {
    /// A person (the default).
    #[default]
    Person,
    /// A group: named by its name alone, never split into given and family names.
    Organization,
}

/// The order in which a person writes their names.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum NameOrder {
    /// "Jane Doe".
    GivenFirst,
    /// "周静", "Zhou Jing", "Nagy Ilona": the family name first.
    FamilyFirst,
}

/// A person or group named in an item, in the order the CV gives.
///
/// In a CV file a contributor is a string — `"Lapuschkin, Sebastian"`, `"Lapuschkin S"`,
/// `"Sebastian Lapuschkin"`, `"Prof. Dr. Klaus-Robert Müller"`, with `**…**` marking the CV's
/// own person as Markdown CVs do — or a map of the fields below; a group author is
/// `{group: GOCS Consortium}`.
///
/// ```
/// use vitae::model::{Contributor, ContributorKind};
/// let c: Contributor = "Müller K-R".parse()?;
/// assert_eq!((c.family.as_deref(), c.given.as_deref()), (Some("Müller"), Some("K-R")));
/// assert_eq!(c.display_name(), "K-R Müller");
/// let me: Contributor = "**Lapuschkin S**".parse()?;
/// assert!(me.is_me());
/// let s: Contributor = "Prof. Dr. Klaus-Robert Müller".parse()?;
/// assert_eq!(s.prefix.as_deref(), Some("Prof. Dr."));
/// assert_eq!(s.family.as_deref(), Some("Müller"));
/// let g: Contributor = serde_json::from_str(r#"{"group": "GOCS Consortium"}"#)?;
/// assert_eq!((g.kind, g.family.as_deref()), (ContributorKind::Organization, None));
/// let z: Contributor = serde_json::from_str(r#"{"family": "周", "given": "静", "name": "周静"}"#)?;
/// assert_eq!(z.display_name(), "周静");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// A contributor always has a name: there is no nameless default.
///
/// ```compile_fail
/// let nobody = vitae::model::Contributor::default();
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Contributor {
    /// The name as written in the CV, e.g. "Müller K-R", "周静"; a group's name.
    pub name: String,
    /// A person or a group.
    pub kind: ContributorKind,
    /// Given names or initials.
    pub given: Option<String>,
    /// Family name, with its particles ("van Beethoven").
    pub family: Option<String>,
    /// Titles before the name, e.g. "Prof. Dr.".
    pub prefix: Option<String>,
    /// The part after the name: "Jr.", "III".
    pub suffix: Option<String>,
    /// The order of the names when the CV says it; else it is read from how `name` is
    /// written (see [`display_name`](Self::display_name)).
    pub name_order: Option<NameOrder>,
    /// The person's ORCID iD, when known.
    pub orcid: Option<OrcidId>,
    /// What they did; `author` unless said otherwise.
    pub role: ContributorRole,
    /// Whether this is the CV's own person. `None` means "decide by name": the loader sets it
    /// when the name matches the person's name or one of their name variants.
    pub me: Option<bool>,
    /// The corresponding author.
    pub corresponding: bool,
    /// One of the authors who contributed equally (all so marked in a work).
    pub equal_contribution: bool,
}

impl Contributor {
    /// A person by their given and family names (the given names may be empty), named
    /// "Given Family"; an author unless its role is changed. To read a name written as a CV
    /// file writes it ("Lovelace, Ada", "Lovelace A", "**Lovelace A**"), parse it instead.
    ///
    /// ```
    /// use vitae::model::{Contributor, ContributorRole};
    /// let mut c = Contributor::person("Ada", "Lovelace");
    /// c.role = ContributorRole::Editor;
    /// assert_eq!((c.name.as_str(), c.display_name()), ("Ada Lovelace", "Ada Lovelace".to_owned()));
    /// assert_eq!(Contributor::person("", "Euclid").given, None);
    /// let parsed: Contributor = "Lovelace, Ada".parse()?;
    /// assert_eq!(parsed.family.as_deref(), Some("Lovelace"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn person(given: &str, family: &str) -> Self {
        let (given, family) = (given.trim(), family.trim());
        let name = if given.is_empty() {
            family.to_owned()
        } else {
            [given, " ", family].concat()
        };
        Self {
            given: (!given.is_empty()).then(|| given.to_owned()),
            family: Some(family.to_owned()),
            ..Self::named(name)
        }
    }

    /// A person named `name` and nothing else known: the start of every other constructor
    /// (no `Default`: a contributor always has a name).
    pub(crate) fn named(name: String) -> Self {
        Self {
            name,
            kind: ContributorKind::default(),
            given: None,
            family: None,
            prefix: None,
            suffix: None,
            name_order: None,
            orcid: None,
            role: ContributorRole::default(),
            me: None,
            corresponding: false,
            equal_contribution: false,
        }
    }

    /// A group author: an organization, consortium or collaboration, by its name.
    pub fn group(name: impl Into<String>) -> Self {
        Self {
            kind: ContributorKind::Organization,
            ..Self::named(name.into())
        }
    }

    /// Whether this contributor is the CV's own person.
    pub fn is_me(&self) -> bool {
        self.me == Some(true)
    }

    /// Whether this contributor is a group rather than a person.
    pub fn is_group(&self) -> bool {
        self.kind == ContributorKind::Organization
    }

    /// A display name: the name as written when it is more than the given and family names
    /// ("周静", "Dr. John Roe, Jr."; a group's name), else the names in their order —
    /// "Given Family" for the citation forms "Family G" and "Family, Given", "Family Given"
    /// when the person writes them so ("Zhou Jing" with family Zhou, or `name-order:
    /// family-first`; "周静" without a space for names in Chinese, Japanese or Korean
    /// script) — with the suffix after.
    pub fn display_name(&self) -> String {
        self.shown_name().into_owned()
    }

    /// [`display_name`](Self::display_name), borrowed when it is the name as written.
    pub fn shown_name(&self) -> std::borrow::Cow<'_, str> {
        let (Some(g), Some(f)) = (&self.given, &self.family) else {
            return self.name.as_str().into();
        };
        if self.is_group() {
            return self.name.as_str().into();
        }
        let Some(written) = self.written_order(g, f) else {
            return self.name.as_str().into();
        };
        let mut s = match self.name_order.unwrap_or(written) {
            NameOrder::GivenFirst => [g.as_str(), " ", f.as_str()].concat(),
            NameOrder::FamilyFirst => family_first(f, g),
        };
        if let Some(x) = &self.suffix {
            s.push(' ');
            s.push_str(x);
        }
        s.into()
    }

    /// The order in which `name` holds the given and family names (titles and suffix aside),
    /// or `None` when it holds more or other than them: then it is shown as written.
    fn written_order(&self, given: &str, family: &str) -> Option<NameOrder> {
        fn squeeze(s: &str) -> String {
            s.chars()
                .filter(|c| !c.is_whitespace() && *c != ',')
                .collect()
        }
        let mut written = squeeze(&self.name);
        for extra in [&self.prefix, &self.suffix].into_iter().flatten() {
            let x = squeeze(extra);
            if !x.is_empty()
                && let Some(at) = written.find(&x)
            {
                written.replace_range(at..at + x.len(), "");
            }
        }
        let (g, f) = (squeeze(given), squeeze(family));
        if written == [g.as_str(), &f].concat() {
            Some(NameOrder::GivenFirst)
        } else if written == [f.as_str(), &g].concat() {
            // "Family, Given" is a sorting form and "Family G" a citation form: both are
            // shown given name first. Otherwise the person writes the family name first.
            if self.name.contains(',') || given.split_whitespace().all(is_initials) {
                Some(NameOrder::GivenFirst)
            } else {
                Some(NameOrder::FamilyFirst)
            }
        } else {
            None
        }
    }
}

/// "Family Given", without the space between two names in Chinese, Japanese or Korean
/// script ("周静", "山田太郎").
fn family_first(family: &str, given: &str) -> String {
    let joins = |c: Option<char>| c.is_some_and(is_cjk);
    if joins(family.chars().next_back()) && joins(given.chars().next()) {
        [family, given].concat()
    } else {
        [family, " ", given].concat()
    }
}

/// Whether a character belongs to a script written without spaces between names: Han,
/// kana, Hangul.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// Written in the CV file's own form, so that a CV written by `vitae import` reads back the
/// same: a group as `{group: …}`, a person as the map of its fields.
impl Serialize for Contributor {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        if self.is_group() {
            m.serialize_entry("group", &self.name)?;
        } else {
            m.serialize_entry("name", &self.name)?;
        }
        let texts = [
            ("given", &self.given),
            ("family", &self.family),
            ("prefix", &self.prefix),
            ("suffix", &self.suffix),
        ];
        for (k, v) in texts {
            if let Some(v) = v {
                m.serialize_entry(k, v)?;
            }
        }
        if let Some(o) = &self.name_order {
            m.serialize_entry("name-order", o)?;
        }
        if let Some(o) = &self.orcid {
            m.serialize_entry("orcid", o)?;
        }
        if !self.role.is_author() {
            m.serialize_entry("role", &self.role)?;
        }
        if let Some(me) = &self.me {
            m.serialize_entry("me", me)?;
        }
        if self.corresponding {
            m.serialize_entry("corresponding", &true)?;
        }
        if self.equal_contribution {
            m.serialize_entry("equal-contribution", &true)?;
        }
        m.end()
    }
}

/// The full form of [`Contributor`] in a CV file.
#[derive(serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub(crate) struct ContributorFields {
    /// The name as written, e.g. "周静": what is shown when it is more than `given` and
    /// `family` in either order; derived as "Family, Given" when absent ("Family Given" for
    /// `name-order: family-first`).
    #[serde(default)]
    name: Option<String>,
    /// A group author (consortium, collaboration, organization) by its name, instead of a
    /// person's names: `{group: GOCS Consortium}`.
    #[serde(default)]
    group: Option<String>,
    /// Given names or initials.
    #[serde(default)]
    given: Option<String>,
    /// Family name, with its particles ("van Beethoven").
    #[serde(default)]
    family: Option<String>,
    /// Titles before the name, e.g. "Prof. Dr.".
    #[serde(default)]
    prefix: Option<String>,
    /// The part after the name, e.g. "Jr.", "III".
    #[serde(default)]
    suffix: Option<String>,
    /// given-first or family-first: the order in which the person writes their names; read
    /// from `name` when absent.
    #[serde(default)]
    name_order: Option<NameOrder>,
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
    /// true for the corresponding author.
    #[serde(default)]
    corresponding: bool,
    /// true for each of the authors who contributed equally.
    #[serde(default)]
    equal_contribution: bool,
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
            given,
            family,
            prefix,
            me,
            ..Contributor::named(rest.to_owned())
        })
    }

    fn from_map<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        converted(d, Self::from_full)
    }
}

impl Contributor {
    /// Builds it from its map form, whose keys differ from its fields.
    fn from_full(f: ContributorFields) -> Result<Self, String> {
        let clean = |o: Option<String>| o.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        let marks = |c: Contributor| Contributor {
            orcid: f.orcid.clone(),
            role: f.role,
            me: f.me,
            corresponding: f.corresponding,
            equal_contribution: f.equal_contribution,
            ..c
        };
        if let Some(group) = f.group.as_deref() {
            let group = trimmed(group).map_err(|_| {
                "expected a group's name in `group`, found an empty string".to_owned()
            })?;
            let beside = [
                ("name", f.name.is_some()),
                ("given", f.given.is_some()),
                ("family", f.family.is_some()),
                ("prefix", f.prefix.is_some()),
                ("suffix", f.suffix.is_some()),
                ("name-order", f.name_order.is_some()),
                ("orcid", f.orcid.is_some()),
                ("me", f.me == Some(true)),
            ];
            if let Some((k, _)) = beside.iter().find(|(_, there)| *there) {
                return Err(format!(
                    "expected a group author named by `group` alone, found `{k}` beside it (a group has no person's names, ORCID iD or `me`)"
                ));
            }
            return Ok(marks(Contributor::group(group)));
        }
        let (given, family) = (clean(f.given.clone()), clean(f.family.clone()));
        let name = match clean(f.name.clone()) {
            Some(n) => n,
            None => match (&given, &family) {
                (Some(g), Some(fam)) if f.name_order == Some(NameOrder::FamilyFirst) => {
                    family_first(fam, g)
                }
                (Some(g), Some(fam)) => format!("{fam}, {g}"),
                (None, Some(fam)) => fam.clone(),
                _ => {
                    return Err(
                        "expected `name`, `family` or `group` in a contributor written as a map, found none"
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
        Ok(marks(Contributor {
            given,
            family,
            prefix: clean(f.prefix.clone()),
            suffix: clean(f.suffix.clone()),
            name_order: f.name_order,
            ..Contributor::named(name)
        }))
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

    fn map(json: &str) -> Result<Contributor, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn the_name_shown() {
        let cases = [
            // Short forms: as before.
            (r#""Müller K-R""#, "K-R Müller"),
            (r#""Lapuschkin, Sebastian""#, "Sebastian Lapuschkin"),
            (r#""Sebastian Lapuschkin""#, "Sebastian Lapuschkin"),
            (r#""Prof. Dr. Klaus-Robert Müller""#, "Klaus-Robert Müller"),
            (r#""Plato""#, "Plato"),
            // Maps.
            (r#"{"name": "Doe, Jane"}"#, "Jane Doe"),
            (r#"{"family": "Doe", "given": "Jane"}"#, "Jane Doe"),
            (r#"{"family": "周", "given": "静", "name": "周静"}"#, "周静"),
            (r#"{"family": "周", "given": "静"}"#, "静 周"),
            (
                r#"{"family": "周", "given": "静", "name-order": "family-first"}"#,
                "周静",
            ),
            (
                r#"{"family": "Zhou", "given": "Jing", "name": "Zhou Jing"}"#,
                "Zhou Jing",
            ),
            (
                r#"{"family": "Zhou", "given": "Jing", "name": "Zhou, Jing"}"#,
                "Jing Zhou",
            ),
            (
                r#"{"family": "Zhou", "given": "Jing", "name": "Zhou Jing", "name-order": "given-first"}"#,
                "Jing Zhou",
            ),
            (
                r#"{"family": "Nagy", "given": "Ilona", "name-order": "family-first"}"#,
                "Nagy Ilona",
            ),
            (
                r#"{"family": "Müller", "given": "K-R", "name": "Müller K-R"}"#,
                "K-R Müller",
            ),
            (
                r#"{"name": "Dr. John Roe", "prefix": "Dr.", "given": "John", "family": "Roe"}"#,
                "John Roe",
            ),
            (
                r#"{"name": "J. R. R. Tolkien", "given": "John Ronald Reuel", "family": "Tolkien"}"#,
                "J. R. R. Tolkien",
            ),
            (
                r#"{"family": "King", "given": "Martin Luther", "suffix": "Jr."}"#,
                "Martin Luther King Jr.",
            ),
            (
                r#"{"name": "Martin Luther King, Jr.", "family": "King", "given": "Martin Luther", "suffix": "Jr."}"#,
                "Martin Luther King Jr.",
            ),
            (r#"{"group": "GOCS Consortium"}"#, "GOCS Consortium"),
        ];
        for (json, shown) in cases {
            let c = map(json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(c.display_name(), shown, "{json}");
        }
    }

    #[test]
    fn a_derived_name_follows_the_name_order() {
        let c =
            map(r#"{"family": "山田", "given": "太郎", "name-order": "family-first"}"#).unwrap();
        assert_eq!(c.name, "山田太郎");
        let c = map(r#"{"family": "Doe", "given": "Jane"}"#).unwrap();
        assert_eq!(c.name, "Doe, Jane");
    }

    #[test]
    fn a_group_is_named_by_its_name_alone() {
        let g = map(r#"{"group": " GOCS Consortium ", "role": "editor", "corresponding": true}"#)
            .unwrap();
        assert_eq!(
            (g.kind, g.name.as_str(), g.role, g.corresponding),
            (
                ContributorKind::Organization,
                "GOCS Consortium",
                ContributorRole::Editor,
                true
            )
        );
        assert_eq!((g.given, g.family), (None, None));
        for (json, field) in [
            (r#"{"group": "G", "family": "F"}"#, "`family`"),
            (r#"{"group": "G", "name": "N"}"#, "`name`"),
            (
                r#"{"group": "G", "orcid": "0000-0002-1825-0097"}"#,
                "`orcid`",
            ),
            (r#"{"group": "G", "me": true}"#, "`me`"),
        ] {
            let e = map(json).expect_err(json);
            assert!(
                e.contains(&format!("found {field} beside it")),
                "{json}: {e}"
            );
        }
        assert!(
            map(r#"{"group": " "}"#)
                .unwrap_err()
                .contains("group's name")
        );
    }

    #[test]
    fn written_back_it_reads_the_same() {
        for json in [
            r#"{"group": "GOCS Consortium", "equal-contribution": true}"#,
            r#"{"family": "周", "given": "静", "name": "周静", "corresponding": true}"#,
            r#"{"family": "King", "given": "Martin Luther", "suffix": "Jr.", "role": "translator"}"#,
            r#"{"family": "Nagy", "given": "Ilona", "name-order": "family-first", "me": false}"#,
            r#""Müller K-R""#,
        ] {
            let c = map(json).unwrap();
            let back: Contributor = serde_json::from_value(serde_json::to_value(&c).unwrap())
                .unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(back, c, "{json}");
        }
    }

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
