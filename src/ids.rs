//! Stable local ids and "this is me" marks, derived deterministically from the CV.
//!
//! A derived id depends only on the item's own data (date, title, organization) and, when two
//! items would get the same id, on their order in the section: the second gets `-2`. Ids given
//! by the user are never changed, and a derived id never takes one of them.

use std::collections::HashSet;

use crate::model::{AffiliationSection, Contributor, Cv, Person};
use crate::types::{ItemId, PartialDate};

/// A URL- and file-safe slug of at most `max_words` words: lower case ASCII, `-` between words.
///
/// ```
/// assert_eq!(vitae::ids::slug("Über „Clever Hans“: Predictors!", 3), "uber-clever-hans");
/// ```
pub fn slug(text: &str, max_words: usize) -> String {
    let ascii = deunicode::deunicode(text).to_ascii_lowercase();
    ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(max_words)
        .collect::<Vec<_>>()
        .join("-")
}

struct Minter {
    taken: HashSet<String>,
}

impl Minter {
    fn mint(&mut self, base: &str) -> ItemId {
        let base = if base.is_empty() { "item" } else { base };
        let mut base: String = base.chars().take(90).collect();
        while base.ends_with('-') {
            base.pop();
        }
        let mut candidate = base.clone();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        // The slug alphabet is a subset of the id alphabet, so this cannot fail; fall back to
        // a fixed id rather than panic.
        ItemId::new(&candidate).unwrap_or_else(|_| ItemId::new("item").expect("valid id"))
    }
}

fn dated(date: Option<PartialDate>, full: bool, rest: &str) -> String {
    match date {
        Some(d) if full => format!("{d}-{rest}"),
        Some(d) => format!("{}-{rest}", d.year()),
        None => rest.to_owned(),
    }
}

/// Gives every item without an id a derived one.
pub fn assign_ids(cv: &mut Cv) {
    let mut m = Minter {
        taken: all_given_ids(cv).into_iter().collect(),
    };
    for section in AffiliationSection::ALL {
        for a in cv.affiliations_mut(section) {
            if a.id.is_none() {
                let org = a
                    .organization
                    .short_name
                    .clone()
                    .unwrap_or_else(|| a.organization.name.to_string());
                let what = a
                    .degree
                    .as_ref()
                    .map(|d| d.name.to_string())
                    .or_else(|| a.role.as_ref().map(ToString::to_string))
                    .unwrap_or_default();
                let rest = format!("{}-{}", slug(&org, 3), slug(&what, 4));
                a.id = Some(m.mint(&dated(a.period.start(), false, &rest)));
            }
        }
    }
    for a in &mut cv.awards {
        if a.id.is_none() {
            a.id = Some(m.mint(&dated(a.date, false, &slug(&a.title, 6))));
        }
    }
    for p in &mut cv.projects {
        if p.id.is_none() {
            let name = p.acronym.clone().unwrap_or_else(|| p.title.to_string());
            p.id = Some(m.mint(&slug(&name, 6)));
        }
    }
    for f in &mut cv.patents {
        if f.id.is_none() {
            f.id = Some(m.mint(&slug(&f.title, 6)));
        }
        for member in &mut f.members {
            if member.id.is_none() {
                member.id = Some(m.mint(&member.compact_number().to_ascii_lowercase()));
            }
        }
    }
    for w in &mut cv.works {
        if w.id.is_none() {
            let full = w.kind.is_presentation();
            w.id = Some(m.mint(&dated(w.date, full, &slug(&w.title, 6))));
        }
    }
}

/// Every id the user gave, in file order (duplicates included).
pub(crate) fn all_given_ids(cv: &Cv) -> Vec<String> {
    let mut ids = Vec::new();
    let mut push = |id: &Option<ItemId>| {
        if let Some(i) = id {
            ids.push(i.as_str().to_owned());
        }
    };
    for section in AffiliationSection::ALL {
        cv.affiliations(section).iter().for_each(|a| push(&a.id));
    }
    cv.awards.iter().for_each(|a| push(&a.id));
    cv.projects.iter().for_each(|p| push(&p.id));
    for f in &cv.patents {
        push(&f.id);
        f.members.iter().for_each(|m| push(&m.id));
    }
    cv.works.iter().for_each(|w| push(&w.id));
    ids
}

fn fold(s: &str) -> String {
    if s.is_ascii() {
        // The same result without transliterating: most names are ASCII.
        return s
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
    }
    deunicode::deunicode(s)
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The (given, family) names the person is known under: the current name and each variant.
fn known_names(p: &Person) -> Vec<(String, String)> {
    let mut names = vec![(fold(&p.given_names), fold(&p.family_name))];
    for v in &p.name_variants {
        let given = v.given_names.as_deref().unwrap_or(&p.given_names);
        names.push((fold(given), fold(&v.family_name)));
    }
    names
}

/// Whether a contributor is the person: the same ORCID iD, or the same family name (or a
/// name variant's) with a compatible first initial.
pub fn is_person(c: &Contributor, p: &Person) -> bool {
    is_known(c, p, &known_names(p))
}

/// [`is_person`] with the person's names folded once.
fn is_known(c: &Contributor, p: &Person, names: &[(String, String)]) -> bool {
    if let (Some(a), Some(b)) = (&c.orcid, &p.orcid) {
        return a == b;
    }
    let Some(family) = c.family.as_deref().map(fold) else {
        return false;
    };
    let given = c.given.as_deref().map(fold).unwrap_or_default();
    names.iter().any(|(g, f)| {
        *f == family && (given.is_empty() || g.chars().next() == given.chars().next())
    })
}

/// Sets `me` on every contributor whose `me` is not given and who is the person.
pub fn mark_me(cv: &mut Cv) {
    let person = cv.person.clone();
    let names = known_names(&person);
    let mark = |list: &mut Vec<Contributor>| {
        for c in list {
            if c.me.is_none() && is_known(c, &person, &names) {
                c.me = Some(true);
            }
        }
    };
    for w in &mut cv.works {
        mark(&mut w.authors);
    }
    for f in &mut cv.patents {
        mark(&mut f.inventors);
    }
    for p in &mut cv.projects {
        mark(&mut p.investigators);
    }
}
