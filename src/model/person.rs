//! The person the CV is about.

use serde::{Deserialize, Serialize};

use super::forms::{OneOrMany, Text, one_or_many};
use super::org::Address;
use crate::types::{Email, Isni, LanguageTag, OrcidId, PartialDate, Url, Visibility};

/// A value with a visibility, for personal data (birth date, telephone, address).
///
/// Written as the value alone (public) or as `{value: …, visibility: private}`.
///
/// ```
/// use vitae::model::Private;
/// use vitae::types::{PartialDate, Visibility};
/// let d: Private<PartialDate> = serde_json::from_str(r#"{"value": "1986-12-16", "visibility": "private"}"#)?;
/// assert_eq!(d.visibility, Visibility::Private);
/// let e: Private<PartialDate> = serde_json::from_str(r#""1986""#)?;
/// assert_eq!(e.visibility, Visibility::Public);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Private<T> {
    /// The value.
    pub value: T,
    /// Who may see it.
    #[serde(skip_serializing_if = "Visibility::is_public")]
    pub visibility: Visibility,
}

impl<T> Private<T> {
    /// A public value.
    pub fn public(value: T) -> Self {
        Self {
            value,
            visibility: Visibility::Public,
        }
    }

    /// The value when `level` allows it to be shown.
    pub fn visible(&self, level: Visibility) -> Option<&T> {
        self.visibility.allowed_by(level).then_some(&self.value)
    }
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Private<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Read through a `serde_json::Value`, where serde's path tracking does not reach: the
        // errors name their field themselves (`at `visibility`: ...`).
        fn at<E: serde::de::Error>(e: serde_path_to_error::Error<serde_json::Error>) -> E {
            crate::types::error_at(&e.path().to_string(), &e.into_inner().to_string())
        }
        let v = serde_json::Value::deserialize(d)?;
        if let serde_json::Value::Object(m) = &v
            && (m.contains_key("value") || m.contains_key("visibility"))
        {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Full<T> {
                value: T,
                #[serde(default)]
                visibility: Visibility,
            }
            let f: Full<T> = serde_path_to_error::deserialize(v).map_err(at)?;
            return Ok(Self {
                value: f.value,
                visibility: f.visibility,
            });
        }
        serde_path_to_error::deserialize(v)
            .map(Self::public)
            .map_err(at)
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Private<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Private_{}", T::schema_name()).into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let inner = g.subschema_for::<T>();
        let vis = g.subschema_for::<Visibility>();
        schemars::json_schema!({
            "anyOf": [
                inner,
                {
                    "type": "object",
                    "properties": {"value": inner, "visibility": vis},
                    "required": ["value"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// The person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
#[non_exhaustive]
pub struct Person {
    /// Given names, e.g. "Sebastian".
    pub given_names: Text,
    /// Family name, e.g. "Lapuschkin".
    pub family_name: Text,
    /// Titles before the name, e.g. "Dr.".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honorific_prefix: Option<String>,
    /// Titles after the name, e.g. "PhD".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honorific_suffix: Option<String>,
    /// The name to show in citations, when not "Given Family".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_name: Option<String>,
    /// Other names the person has published under: birth name, earlier names, transliterations.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<NameVariant>")]
    pub name_variants: Vec<NameVariant>,
    /// Date of birth; personal data, so usually private.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<Private<PartialDate>>,
    /// E-mail addresses.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Private<Email>>")]
    pub emails: Vec<Private<Email>>,
    /// Telephone numbers, as written.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Private<Telephone>>")]
    pub telephones: Vec<Private<Telephone>>,
    /// Postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Private<Address>>,
    /// A short biography; paragraphs separated by blank lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    /// Personal homepage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<Url>,
    /// A photo of the person (an absolute URL), for the profile page's `image`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Url>,
    /// ORCID iD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orcid: Option<OrcidId>,
    /// ISNI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isni: Option<Isni>,
    /// Profile pages: Google Scholar, LinkedIn, GitHub, ...
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<super::Link>")]
    pub profiles: Vec<super::Link>,
    /// Other person identifiers (Scopus author id, ResearcherID, ...).
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<super::Identifier>")]
    pub identifiers: Vec<super::Identifier>,
    /// Research areas and fields of expertise.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Text>")]
    pub research_areas: Vec<Text>,
    /// Skills, in groups.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<SkillGroup>")]
    pub skills: Vec<SkillGroup>,
    /// Natural languages spoken.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<LanguageSkill>")]
    pub languages: Vec<LanguageSkill>,
}

impl Person {
    /// A person with a name and nothing else; fill in the other fields as needed.
    ///
    /// ```
    /// use vitae::model::{Person, Text};
    /// let p = Person::new(Text::new("Ada")?, Text::new("Lovelace")?);
    /// assert_eq!(p.full_name(), "Ada Lovelace");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(given_names: Text, family_name: Text) -> Self {
        Self {
            given_names,
            family_name,
            honorific_prefix: None,
            honorific_suffix: None,
            credit_name: None,
            name_variants: Vec::new(),
            birth_date: None,
            emails: Vec::new(),
            telephones: Vec::new(),
            address: None,
            bio: None,
            homepage: None,
            image: None,
            orcid: None,
            isni: None,
            profiles: Vec::new(),
            identifiers: Vec::new(),
            research_areas: Vec::new(),
            skills: Vec::new(),
            languages: Vec::new(),
        }
    }

    /// "Given Family".
    pub fn full_name(&self) -> String {
        format!(
            "{} {}",
            self.given_names.as_str(),
            self.family_name.as_str()
        )
    }
}

/// Another name of the person, e.g. the birth name "Bach" of the reference CV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct NameVariant {
    /// Given names under this name; the current ones when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_names: Option<String>,
    /// Family name under this name.
    pub family_name: Text,
    /// What kind of name it is.
    #[serde(default)]
    pub kind: NameKind,
    /// The note as the CV writes it, e.g. "né Bach".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The name exactly as written, when it is not the given names followed by the family
    /// name: a single word ("Bach"), a name written family name first. ORCID's other names
    /// are such free texts; an import keeps them here so that they go back unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl NameVariant {
    /// The name as written: `name` when given, else the given names (the person's current
    /// ones when the variant has none) and the family name.
    ///
    /// ```
    /// use vitae::model::{NameKind, NameVariant};
    /// let v = NameVariant {
    ///     given_names: None,
    ///     family_name: "Bach".parse()?,
    ///     kind: NameKind::BirthName,
    ///     note: None,
    ///     name: None,
    /// };
    /// assert_eq!(v.written("Sebastian"), "Sebastian Bach");
    /// let one_word = NameVariant { name: Some("Bach".into()), ..v };
    /// assert_eq!(one_word.written("Sebastian"), "Bach");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn written(&self, current_given_names: &str) -> String {
        match &self.name {
            Some(n) => n.clone(),
            None => {
                let given = self.given_names.as_deref().unwrap_or(current_given_names);
                format!("{given} {}", self.family_name.as_str())
            }
        }
    }
}

/// What kind of other name.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum NameKind {
    /// The name at birth.
    BirthName,
    /// An earlier or other name.
    #[default]
    Alias,
    /// A transliteration into another script.
    Transliteration,
}

/// A telephone number as written: digits, spaces and `+()-./`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Telephone(String);

impl Telephone {
    /// Checks a telephone number.
    ///
    /// # Errors
    /// When it has fewer than 5 digits or characters other than digits, spaces and `+()-./`.
    pub fn new(s: &str) -> Result<Self, crate::types::ValueError> {
        let t = s.trim();
        let digits = t.bytes().filter(u8::is_ascii_digit).count();
        if digits < 5
            || !t
                .chars()
                .all(|c| c.is_ascii_digit() || " +()-./".contains(c))
        {
            return Err(crate::types::ValueError::new(format!(
                "expected a telephone number like +49 (177) 483-2754, found {s:?}"
            )));
        }
        Ok(Self(t.to_owned()))
    }

    /// The number as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
crate::types::string_newtype!(Telephone, "telephone number");

/// A group of skills, e.g. "Machine Learning: SVMs, DNNs, ...".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct SkillGroup {
    /// The group's name, e.g. "Technical".
    pub category: Text,
    /// A lead-in as the CV writes it, e.g. "Development, application and evaluation of".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The skills, in the CV's order.
    #[serde(with = "one_or_many")]
    #[schemars(with = "OneOrMany<Text>")]
    pub items: Vec<Text>,
}

/// A natural language and how well the person speaks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct LanguageSkill {
    /// BCP 47 tag, e.g. `de`.
    pub language: LanguageTag,
    /// The name as the CV writes it, e.g. "German".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// How well.
    pub proficiency: Proficiency,
}

/// Language proficiency: the ILR/LinkedIn scale, or a CEFR level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Proficiency {
    /// Native or bilingual.
    Native,
    /// Full professional proficiency.
    FullProfessional,
    /// Professional working proficiency.
    ProfessionalWorking,
    /// Limited working proficiency.
    LimitedWorking,
    /// Elementary proficiency.
    Elementary,
    /// CEFR A1.
    A1,
    /// CEFR A2.
    A2,
    /// CEFR B1.
    B1,
    /// CEFR B2.
    B2,
    /// CEFR C1.
    C1,
    /// CEFR C2.
    C2,
}

impl Proficiency {
    /// Words for people: "native", "full professional proficiency", "CEFR C1".
    pub fn label(self) -> &'static str {
        match self {
            Proficiency::Native => "native",
            Proficiency::FullProfessional => "full professional proficiency",
            Proficiency::ProfessionalWorking => "professional working proficiency",
            Proficiency::LimitedWorking => "limited working proficiency",
            Proficiency::Elementary => "elementary proficiency",
            Proficiency::A1 => "CEFR A1",
            Proficiency::A2 => "CEFR A2",
            Proficiency::B1 => "CEFR B1",
            Proficiency::B2 => "CEFR B2",
            Proficiency::C1 => "CEFR C1",
            Proficiency::C2 => "CEFR C2",
        }
    }
}
