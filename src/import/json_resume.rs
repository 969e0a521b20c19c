//! JSON Resume (schema 1.3) into a CV: `basics` becomes the person, `work` employment,
//! `volunteer` services, `education` education, `certificates` qualifications, `awards`
//! awards, `publications` works, `projects` projects, `skills`, `languages` and
//! `interests` the person's skills, languages and research areas. What has no place in the
//! model (`references`, `meta`, ...) is named in a note.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{ImportedCv, Note, NoteKind, collapse_spaces, text};
use crate::model::{
    Address, Affiliation, Award, Cv, Degree, LanguageSkill, Link, LinkKind, Organization, Person,
    Private, Proficiency, Project, SkillGroup, Telephone, Text, Work, WorkKind,
};
use crate::types::{CountryCode, DateRange, Email, LanguageTag, PartialDate};

/// A JSON object's fields not read by the struct that holds them.
type Rest = Map<String, Value>;

#[derive(Deserialize, Default)]
#[serde(default)]
struct Resume {
    basics: Option<Basics>,
    work: Vec<Position>,
    volunteer: Vec<Position>,
    education: Vec<Education>,
    awards: Vec<AwardItem>,
    certificates: Vec<Certificate>,
    publications: Vec<Publication>,
    skills: Vec<Skill>,
    languages: Vec<Language>,
    interests: Vec<Interest>,
    projects: Vec<ProjectItem>,
    #[serde(flatten)]
    rest: Rest,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Basics {
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    url: Option<String>,
    image: Option<String>,
    summary: Option<String>,
    location: Option<Location>,
    profiles: Vec<Profile>,
    #[serde(flatten)]
    rest: Rest,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Location {
    address: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    country_code: Option<String>,
    region: Option<String>,
    #[serde(flatten)]
    rest: Rest,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Profile {
    network: Option<String>,
    url: Option<String>,
    #[serde(flatten)]
    rest: Rest,
}

/// A `work` or `volunteer` item (`name` in one, `organization` in the other).
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Position {
    name: Option<String>,
    organization: Option<String>,
    position: Option<String>,
    url: Option<String>,
    start_date: Option<String>,
    end_date: Option<String>,
    summary: Option<String>,
    description: Option<String>,
    highlights: Vec<String>,
    #[serde(flatten)]
    rest: Rest,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Education {
    institution: Option<String>,
    url: Option<String>,
    area: Option<String>,
    study_type: Option<String>,
    start_date: Option<String>,
    end_date: Option<String>,
    score: Option<String>,
    courses: Vec<String>,
    #[serde(flatten)]
    rest: Rest,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AwardItem {
    title: Option<String>,
    date: Option<String>,
    awarder: Option<String>,
    summary: Option<String>,
    #[serde(flatten)]
    rest: Rest,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Certificate {
    name: Option<String>,
    date: Option<String>,
    issuer: Option<String>,
    url: Option<String>,
    #[serde(flatten)]
    rest: Rest,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Publication {
    name: Option<String>,
    publisher: Option<String>,
    release_date: Option<String>,
    url: Option<String>,
    summary: Option<String>,
    #[serde(flatten)]
    rest: Rest,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Skill {
    name: Option<String>,
    level: Option<String>,
    keywords: Vec<String>,
    #[serde(flatten)]
    rest: Rest,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Language {
    language: Option<String>,
    fluency: Option<String>,
    #[serde(flatten)]
    rest: Rest,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Interest {
    name: Option<String>,
    keywords: Vec<String>,
    #[serde(flatten)]
    rest: Rest,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ProjectItem {
    name: Option<String>,
    description: Option<String>,
    highlights: Vec<String>,
    start_date: Option<String>,
    end_date: Option<String>,
    url: Option<String>,
    roles: Vec<String>,
    entity: Option<String>,
    #[serde(flatten)]
    rest: Rest,
}

/// Reads a JSON Resume. Fails (with line and column, and the path of the field) only when
/// the text is not JSON or a section has the wrong shape; the rest is notes.
pub fn read(json: &str) -> Result<ImportedCv, String> {
    let de = &mut serde_json::Deserializer::from_str(json);
    let resume: Resume = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        format!(
            "line {}, column {}: at `{path}`: {inner}",
            inner.line(),
            inner.column()
        )
    })?;
    let mut r = Reader { notes: Vec::new() };
    Ok(r.resume(resume))
}

struct Reader {
    notes: Vec<Note>,
}

impl Reader {
    fn not_kept(&mut self, path: &str, why: impl Into<String>) {
        self.notes
            .push(Note::new(NoteKind::NotKept, Some(path), why.into()));
    }

    /// Reports the fields of an object that were not read.
    fn rest(&mut self, path: &str, rest: Rest) {
        for (k, v) in rest {
            if !v.is_null() {
                self.not_kept(&format!("{path}.{k}"), "vitae has no place for it");
            }
        }
    }

    fn date(&mut self, path: &str, s: Option<String>) -> Option<PartialDate> {
        let s = s?;
        match s.trim().parse::<PartialDate>() {
            Ok(d) => Some(d),
            Err(e) => {
                self.not_kept(path, e.to_string());
                None
            }
        }
    }

    fn period(&mut self, path: &str, start: Option<String>, end: Option<String>) -> DateRange {
        let start = self.date(&format!("{path}.startDate"), start);
        let end = self.date(&format!("{path}.endDate"), end);
        DateRange::new(start, end).unwrap_or_else(|e| {
            self.not_kept(&format!("{path}.endDate"), e.to_string());
            DateRange::new(start, None).unwrap_or_default()
        })
    }

    fn url(&mut self, path: &str, s: Option<String>) -> Option<crate::types::Url> {
        let s = s?;
        match crate::types::Url::parse(&s) {
            Ok(u) => Some(u),
            Err(e) => {
                self.not_kept(path, format!("not an absolute URL ({e}): {s:?}"));
                None
            }
        }
    }

    fn resume(&mut self, r: Resume) -> ImportedCv {
        let (person, person_found) = self.person(r.basics);
        let mut cv = Cv::new(person);
        for (i, p) in r.work.into_iter().enumerate() {
            if let Some(a) = self.position(&format!("work[{i}]"), p) {
                cv.employment.push(a);
            }
        }
        for (i, p) in r.volunteer.into_iter().enumerate() {
            if let Some(a) = self.position(&format!("volunteer[{i}]"), p) {
                cv.services.push(a);
            }
        }
        for (i, e) in r.education.into_iter().enumerate() {
            if let Some(a) = self.education(&format!("education[{i}]"), e) {
                cv.education.push(a);
            }
        }
        for (i, c) in r.certificates.into_iter().enumerate() {
            let path = format!("certificates[{i}]");
            let Some(org) = c
                .issuer
                .as_deref()
                .and_then(|s| Organization::named(s).ok())
            else {
                self.not_kept(
                    &path,
                    "a certificate without issuer (a qualification needs one)",
                );
                continue;
            };
            let start = self.date(&format!("{path}.date"), c.date);
            let mut a = Affiliation::new(org, DateRange::new(start, None).unwrap_or_default());
            a.role = c.name.as_deref().and_then(text);
            a.url = self.url(&format!("{path}.url"), c.url);
            self.rest(&path, c.rest);
            cv.qualifications.push(a);
        }
        for (i, a) in r.awards.into_iter().enumerate() {
            let path = format!("awards[{i}]");
            let Some(title) = a.title.as_deref().and_then(text) else {
                self.not_kept(&path, "an award without title (an award needs one)");
                continue;
            };
            let date = self.date(&format!("{path}.date"), a.date);
            let mut award = Award::new(title);
            award.date = date;
            award.organization = a
                .awarder
                .as_deref()
                .and_then(|s| Organization::named(s).ok());
            award.description = a.summary;
            cv.awards.push(award);
            self.rest(&path, a.rest);
        }
        for (i, p) in r.publications.into_iter().enumerate() {
            let path = format!("publications[{i}]");
            let Some(title) = p.name.as_deref().and_then(text) else {
                self.not_kept(&path, "a publication without name (a work needs a title)");
                continue;
            };
            let mut w = Work::new(WorkKind::Other, title);
            w.publisher = p
                .publisher
                .as_deref()
                .and_then(|s| Organization::named(s).ok());
            w.date = self.date(&format!("{path}.releaseDate"), p.release_date);
            w.url = self.url(&format!("{path}.url"), p.url);
            w.r#abstract = p.summary;
            self.rest(&path, p.rest);
            cv.works.push(w);
        }
        for (i, p) in r.projects.into_iter().enumerate() {
            let path = format!("projects[{i}]");
            let Some(title) = p.name.as_deref().and_then(text) else {
                self.not_kept(&path, "a project without name (a project needs a title)");
                continue;
            };
            let period = self.period(&path, p.start_date, p.end_date);
            let mut description = p.description;
            if !p.highlights.is_empty() {
                let h = p.highlights.join("; ");
                description = Some(match description {
                    Some(d) => format!("{d}\n{h}"),
                    None => h,
                });
            }
            let url = self.url(&format!("{path}.url"), p.url);
            let mut project = Project::new(title, period);
            project.role = (!p.roles.is_empty()).then(|| p.roles.join(", "));
            project.description = description;
            project.host = p
                .entity
                .as_deref()
                .and_then(|s| Organization::named(s).ok());
            project.url = url;
            cv.projects.push(project);
            self.rest(&path, p.rest);
        }
        for (i, s) in r.skills.into_iter().enumerate() {
            let path = format!("skills[{i}]");
            let Some(category) = s.name.as_deref().and_then(text) else {
                self.not_kept(&path, "a skill without name");
                continue;
            };
            let mut items: Vec<Text> = s.keywords.iter().filter_map(|k| text(k)).collect();
            if items.is_empty() {
                items.push(category.clone());
            }
            cv.person.skills.push(SkillGroup {
                category,
                summary: s.level,
                items,
            });
            self.rest(&path, s.rest);
        }
        for (i, l) in r.languages.into_iter().enumerate() {
            let path = format!("languages[{i}]");
            let name = l.language.map(|s| collapse_spaces(&s)).unwrap_or_default();
            let Some(tag) = LanguageTag::from_name(&name) else {
                self.not_kept(
                    &path,
                    format!("the language {name:?} is not one vitae knows"),
                );
                continue;
            };
            let fluency = l.fluency.unwrap_or_default();
            let Some(proficiency) = proficiency(&fluency) else {
                self.not_kept(
                    &path,
                    format!("the fluency {fluency:?} is not one vitae knows (native, fluent, professional working, limited working, elementary, A1-C2)"),
                );
                continue;
            };
            cv.person.languages.push(LanguageSkill {
                language: tag,
                name: Some(name),
                proficiency,
            });
            self.rest(&path, l.rest);
        }
        for (i, it) in r.interests.into_iter().enumerate() {
            let path = format!("interests[{i}]");
            cv.person
                .research_areas
                .extend(it.name.as_deref().and_then(text));
            cv.person
                .research_areas
                .extend(it.keywords.iter().filter_map(|k| text(k)));
            self.rest(&path, it.rest);
        }
        self.rest("", r.rest);
        for n in &mut self.notes {
            if let Some(p) = &mut n.item
                && let Some(stripped) = p.strip_prefix('.')
            {
                *p = stripped.to_owned();
            }
        }
        cv.complete();
        ImportedCv {
            cv,
            notes: std::mem::take(&mut self.notes),
            person_found,
        }
    }

    fn person(&mut self, basics: Option<Basics>) -> (Person, bool) {
        let Some(b) = basics else {
            return (super::placeholder_person(), false);
        };
        let name = b.name.as_deref().map(collapse_spaces).unwrap_or_default();
        let (given, family) = crate::model::split_name(&name);
        let found = family.is_some();
        let mut p = match (
            given.as_deref().and_then(text),
            family.as_deref().and_then(text),
        ) {
            (Some(g), Some(f)) => Person::new(g, f),
            (None, Some(f)) => {
                self.notes.push(Note::new(
                    NoteKind::Warning,
                    Some("basics.name"),
                    format!("{name:?} is one word, taken as the family name: the given names say \"Unknown\""),
                ));
                Person::new(Text::literal("Unknown"), f)
            }
            _ => super::placeholder_person(),
        };
        if let Some(e) = b.email {
            match Email::new(&e) {
                Ok(e) => p.emails.push(Private::public(e)),
                Err(err) => self.not_kept("basics.email", err.to_string()),
            }
        }
        if let Some(t) = b.phone {
            match Telephone::new(&t) {
                Ok(t) => p.telephones.push(Private::public(t)),
                Err(err) => self.not_kept("basics.phone", err.to_string()),
            }
        }
        p.homepage = self.url("basics.url", b.url);
        p.image = self.url("basics.image", b.image);
        p.bio = b.summary;
        if let Some(l) = b.location {
            match l.country_code.as_deref().map(CountryCode::new) {
                Some(Ok(country)) => {
                    p.address = Some(Private::public(Address {
                        street: l.address,
                        postal_code: l.postal_code,
                        city: l.city,
                        region: l.region,
                        country,
                    }));
                }
                Some(Err(e)) => self.not_kept("basics.location", e.to_string()),
                None => self.not_kept(
                    "basics.location",
                    "an address without countryCode (vitae's address needs a country)",
                ),
            }
            self.rest("basics.location", l.rest);
        }
        for (i, pr) in b.profiles.into_iter().enumerate() {
            let path = format!("basics.profiles[{i}]");
            if let Some(url) = self.url(&format!("{path}.url"), pr.url) {
                p.profiles.push(Link {
                    label: pr.network,
                    ..Link::new(LinkKind::Profile, url)
                });
            } else {
                self.not_kept(&path, "a profile without url");
            }
            self.rest(&path, pr.rest);
        }
        self.rest("basics", b.rest);
        (p, found)
    }

    fn position(&mut self, path: &str, p: Position) -> Option<Affiliation> {
        let org_name = p.name.or(p.organization);
        let Some(org) = org_name
            .as_deref()
            .and_then(|s| Organization::named(s).ok())
        else {
            self.not_kept(
                path,
                "a position without organization name (vitae needs one)",
            );
            return None;
        };
        let period = self.period(path, p.start_date, p.end_date);
        let mut a = Affiliation::new(org, period);
        a.role = p.position.as_deref().and_then(text);
        a.url = self.url(&format!("{path}.url"), p.url);
        a.description = match (p.summary, p.description) {
            (Some(s), Some(d)) => Some(format!("{d}\n{s}")),
            (s, d) => s.or(d),
        };
        a.details = p.highlights.iter().filter_map(|h| text(h)).collect();
        self.rest(path, p.rest);
        Some(a)
    }

    fn education(&mut self, path: &str, e: Education) -> Option<Affiliation> {
        let Some(org) = e
            .institution
            .as_deref()
            .and_then(|s| Organization::named(s).ok())
        else {
            self.not_kept(path, "an education without institution (vitae needs one)");
            return None;
        };
        let period = self.period(path, e.start_date, e.end_date);
        let mut a = Affiliation::new(org, period);
        a.url = self.url(&format!("{path}.url"), e.url);
        match e.study_type.as_deref().and_then(text) {
            Some(name) => {
                a.degree = Some(Degree {
                    name,
                    level: None,
                    field: e.area,
                    grade: e.score,
                    thesis: None,
                    thesis_work: None,
                    focus: None,
                });
            }
            None => {
                a.role = e.area.as_deref().and_then(text);
                if e.score.is_some() {
                    self.not_kept(
                        &format!("{path}.score"),
                        "a score without studyType (no degree to hold it)",
                    );
                }
            }
        }
        a.details = e.courses.iter().filter_map(|c| text(c)).collect();
        self.rest(path, e.rest);
        Some(a)
    }
}

/// A proficiency for JSON Resume's free-text `fluency`.
fn proficiency(s: &str) -> Option<Proficiency> {
    let t = s.trim().to_ascii_lowercase();
    Some(match t.as_str() {
        "native"
        | "native speaker"
        | "mother tongue"
        | "native or bilingual"
        | "native or bilingual proficiency"
        | "bilingual" => Proficiency::Native,
        "fluent" | "full professional" | "full professional proficiency" => {
            Proficiency::FullProfessional
        }
        "professional working" | "professional working proficiency" | "advanced" => {
            Proficiency::ProfessionalWorking
        }
        "limited working" | "limited working proficiency" | "intermediate" | "conversational" => {
            Proficiency::LimitedWorking
        }
        "elementary" | "elementary proficiency" | "basic" | "beginner" => Proficiency::Elementary,
        "a1" => Proficiency::A1,
        "a2" => Proficiency::A2,
        "b1" => Proficiency::B1,
        "b2" => Proficiency::B2,
        "c1" => Proficiency::C1,
        "c2" => Proficiency::C2,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_word_name_is_the_family_name_and_warned() {
        let r = read(r#"{"basics": {"name": "Plato"}}"#).expect("read");
        assert_eq!(r.cv.person.family_name.as_str(), "Plato");
        assert!(r.person_found);
        assert!(r.notes[0].message.contains("one word"));
    }

    #[test]
    fn an_empty_resume_is_a_placeholder_person() {
        let r = read("{}").expect("read");
        assert!(!r.person_found);
        assert!(r.notes.is_empty());
    }

    #[test]
    fn fluencies_and_languages() {
        assert_eq!(proficiency("Native speaker"), Some(Proficiency::Native));
        assert_eq!(proficiency("B2"), Some(Proficiency::B2));
        assert_eq!(proficiency("so-so"), None);
        assert_eq!(
            LanguageTag::from_name("German")
                .map(|t| t.as_str().to_owned())
                .as_deref(),
            Some("de")
        );
        assert!(LanguageTag::from_name("Klingonese").is_none());
    }
}
