//! Stable local ids and "this is me" marks, derived deterministically from the CV.
//!
//! A derived id depends only on the item's own data (date, title, organization) and, when two
//! items would get the same id, on their order in the section: the second gets `-2`. Ids given
//! by the user are never changed, and a derived id never takes one of them.

use std::collections::HashSet;

use crate::model::{AffiliationSection, Contributor, Cv, Person, Text};
use crate::types::{ItemId, PartialDate};

/// A URL- and file-safe slug of at most `max_words` words: lower case ASCII, `-` between words
/// (`Über „Clever Hans“: Predictors!` in 3 words is `uber-clever-hans`).
pub fn slug(text: &str, max_words: usize) -> String {
    let mut out = String::new();
    push_slug(&mut out, text, max_words);
    out
}

/// Appends [`slug`]`(text, max_words)` to `out`, without making the slug on its own.
fn push_slug(out: &mut String, text: &str, max_words: usize) {
    // `deunicode` without copying a text that is ASCII already (deunicode keeps ASCII other
    // than DEL as it is; the test here reads many bytes at a time).
    let ascii = if text.is_ascii() && memchr::memchr(0x7F, text.as_bytes()).is_none() {
        std::borrow::Cow::Borrowed(text)
    } else {
        deunicode::deunicode_with_tofu_cow(text, "[?]")
    };
    let b = ascii.as_bytes();
    // A slug is never longer than the text it is made of: room for it at once.
    out.reserve(b.len());
    let mut i = 0;
    for n in 0..max_words {
        while i < b.len() && !b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == b.len() {
            break;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if n > 0 {
            out.push('-');
        }
        // Both ends stand next to an ASCII letter or digit: character boundaries.
        let at = out.len();
        out.push_str(&ascii[start..i]);
        out[at..].make_ascii_lowercase();
    }
}

struct Minter {
    taken: HashSet<String>,
}

impl Minter {
    fn mint(&mut self, base: &str) -> ItemId {
        // An empty part (an organization name without letters or digits) leaves `--` or a
        // `-` at an end, which an id may not hold: one `-` between words.
        let joined;
        let base = if base.contains("--") || base.starts_with('-') {
            joined = base
                .split('-')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join("-");
            joined.as_str()
        } else {
            base
        };
        let base = if base.is_empty() { "item" } else { base };
        // At most 90 characters, without trailing `-` (a text of at most 90 bytes has at
        // most 90 characters).
        let cut = if base.len() <= 90 {
            base.len()
        } else {
            match base.char_indices().nth(90) {
                Some((i, _)) => i,
                None => base.len(),
            }
        };
        let base = base[..cut].trim_end_matches('-');
        let mut candidate = base.to_owned();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        // The slug alphabet is a subset of the id alphabet, so this cannot fail; fall back to
        // a fixed id rather than panic.
        let id = ItemId::new(&candidate).unwrap_or_else(|_| ItemId::new("item").expect("valid id"));
        self.taken.insert(candidate);
        id
    }
}

/// `rest`, after the date (`2019-05-`) or its year (`2019-`) when there is one; `room` is
/// about the length of `rest`.
fn dated(
    date: Option<PartialDate>,
    full: bool,
    room: usize,
    rest: impl FnOnce(&mut String),
) -> String {
    let mut out = String::with_capacity(room + 11);
    if let Some(d) = date {
        if full {
            // As `PartialDate`'s `Display` writes it.
            push_padded(&mut out, d.year(), 4);
            for part in [d.month(), d.day()].into_iter().flatten() {
                out.push('-');
                push_padded(&mut out, part.into(), 2);
            }
        } else {
            out.push_str(itoa::Buffer::new().format(d.year()));
        }
        out.push('-');
    }
    rest(&mut out);
    out
}

/// Appends a number with leading zeros to `width` digits (as `{n:0width$}`).
pub(crate) fn push_padded(out: &mut String, n: u16, width: usize) {
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(n);
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(digits);
}

/// Gives every item without an id a derived one.
pub fn assign_ids(cv: &mut Cv) {
    // Room for an id per item, so that the set does not grow as ids are made.
    let items = AffiliationSection::ALL
        .iter()
        .map(|s| cv.affiliations(*s).len())
        .sum::<usize>()
        + cv.awards.len()
        + cv.projects.len()
        + cv.patents
            .iter()
            .map(|f| 1 + f.members.len())
            .sum::<usize>()
        + cv.works.len()
        + cv.teaching.len()
        + cv.supervision.len()
        + cv.peer_reviews.len()
        + cv.research_resources.len();
    let mut taken = HashSet::with_capacity(items);
    taken.extend(all_given_ids(cv));
    let mut m = Minter { taken };
    for section in AffiliationSection::ALL {
        for a in cv.affiliations_mut(section) {
            if a.id.is_none() {
                let org = a
                    .organization
                    .as_ref()
                    .map_or("", |o| o.short_name.as_deref().unwrap_or(o.name.as_str()));
                let what = a
                    .degree
                    .as_ref()
                    .map(|d| d.name.as_str())
                    .or_else(|| a.role.as_ref().map(Text::as_str))
                    .unwrap_or_default();
                let base = dated(a.period.start(), false, org.len() + what.len() + 1, |out| {
                    push_slug(out, org, 3);
                    out.push('-');
                    push_slug(out, what, 4);
                });
                a.id = Some(m.mint(&base));
            }
        }
    }
    for a in &mut cv.awards {
        if a.id.is_none() {
            let base = dated(a.date, false, a.title.len(), |out| {
                push_slug(out, &a.title, 6)
            });
            a.id = Some(m.mint(&base));
        }
    }
    for p in &mut cv.projects {
        if p.id.is_none() {
            let name = p.acronym.as_deref().unwrap_or(p.title.as_str());
            p.id = Some(m.mint(&slug(name, 6)));
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
            let base = dated(w.date, full, w.title.len(), |out| {
                push_slug(out, &w.title, 6)
            });
            w.id = Some(m.mint(&base));
        }
    }
    for c in &mut cv.teaching {
        if c.id.is_none() {
            let base = dated(c.period.start(), false, c.title.len(), |out| {
                push_slug(out, &c.title, 6)
            });
            c.id = Some(m.mint(&base));
        }
    }
    for s in &mut cv.supervision {
        if s.id.is_none() {
            let student = s.student.family.as_deref().unwrap_or(&s.student.name);
            let title = s.title.as_deref().unwrap_or(s.level.as_str());
            let base = dated(
                s.period.start(),
                false,
                student.len() + title.len() + 1,
                |out| {
                    push_slug(out, student, 2);
                    out.push('-');
                    push_slug(out, title, 4);
                },
            );
            s.id = Some(m.mint(&base));
        }
    }
    for r in &mut cv.peer_reviews {
        if r.id.is_none() {
            let venue = r
                .subject
                .as_ref()
                .and_then(|s| s.container.as_deref())
                .unwrap_or(r.organization.name.as_str());
            let base = dated(Some(r.date), false, venue.len() + 7, |out| {
                push_slug(out, venue, 4)
            });
            r.id = Some(m.mint(&format!("review-{base}")));
        }
    }
    for r in &mut cv.research_resources {
        if r.id.is_none() {
            let base = dated(r.period.start(), false, r.title.len(), |out| {
                push_slug(out, &r.title, 6)
            });
            r.id = Some(m.mint(&base));
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
    cv.teaching.iter().for_each(|c| push(&c.id));
    cv.supervision.iter().for_each(|s| push(&s.id));
    cv.peer_reviews.iter().for_each(|r| push(&r.id));
    cv.research_resources.iter().for_each(|r| push(&r.id));
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
#[cfg(test)]
pub fn is_person(c: &Contributor, p: &Person) -> bool {
    is_known(c, p, &known_names(p))
}

/// [`is_person`] with the person's names folded once.
fn is_known(c: &Contributor, p: &Person, names: &[(String, String)]) -> bool {
    if let (Some(a), Some(b)) = (&c.orcid, &p.orcid) {
        return a == b;
    }
    let Some(family) = c.family.as_deref() else {
        return false;
    };
    // [`fold`] of the family name, compared as it is made when it is ASCII; the given name's
    // first letter only when a family name matches: most authors are other people.
    fn folded(s: &str) -> impl Iterator<Item = u8> + '_ {
        s.bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_lowercase())
    }
    let folded_family = (!family.is_ascii()).then(|| fold(family));
    let mut initial: Option<Option<char>> = None;
    for (g, f) in names {
        let same = match &folded_family {
            Some(ff) => f == ff,
            None => f.bytes().eq(folded(family)),
        };
        if !same {
            continue;
        }
        let i = *initial.get_or_insert_with(|| {
            let given = c.given.as_deref().unwrap_or_default();
            if given.is_ascii() {
                folded(given).next().map(char::from)
            } else {
                fold(given).chars().next()
            }
        });
        if i.is_none() || g.chars().next() == i {
            return true;
        }
    }
    false
}

/// Sets `me` on every contributor whose `me` is not given and who is the person.
pub fn mark_me(cv: &mut Cv) {
    let Cv {
        person,
        works,
        patents,
        projects,
        ..
    } = cv;
    let names = known_names(person);
    let mark = |list: &mut Vec<Contributor>| {
        for c in list {
            if c.me.is_none() && is_known(c, person, &names) {
                c.me = Some(true);
            }
        }
    };
    for w in works {
        mark(&mut w.authors);
    }
    for f in patents {
        mark(&mut f.inventors);
    }
    for p in projects {
        mark(&mut p.investigators);
    }
}

/// Whether every item of the CV has an id, so that [`assign_ids`] would change nothing.
pub(crate) fn has_all_ids(cv: &Cv) -> bool {
    AffiliationSection::ALL
        .into_iter()
        .all(|s| cv.affiliations(s).iter().all(|a| a.id.is_some()))
        && cv.awards.iter().all(|a| a.id.is_some())
        && cv.projects.iter().all(|p| p.id.is_some())
        && cv
            .patents
            .iter()
            .all(|f| f.id.is_some() && f.members.iter().all(|m| m.id.is_some()))
        && cv.works.iter().all(|w| w.id.is_some())
        && cv.teaching.iter().all(|c| c.id.is_some())
        && cv.supervision.iter().all(|s| s.id.is_some())
        && cv.peer_reviews.iter().all(|r| r.id.is_some())
        && cv.research_resources.iter().all(|r| r.id.is_some())
}

/// Whether [`Cv::complete`] would change nothing: every item has an id, and every contributor
/// [`mark_me`] would mark is marked already (as the loader leaves a CV).
pub(crate) fn is_complete(cv: &Cv) -> bool {
    if !has_all_ids(cv) {
        return false;
    }
    let person = &cv.person;
    let names = known_names(person);
    let marked = |list: &[Contributor]| {
        list.iter()
            .all(|c| c.me.is_some() || !is_known(c, person, &names))
    };
    cv.works.iter().all(|w| marked(&w.authors))
        && cv.patents.iter().all(|f| marked(&f.inventors))
        && cv.projects.iter().all(|p| marked(&p.investigators))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Über „Clever Hans“: Predictors!", 3),
            "uber-clever-hans"
        );
    }

    /// Moved from tests/reference_cv.rs when `ids` became internal: on the reference CV, an
    /// author is marked as the person exactly when `is_person` says so.
    #[test]
    fn the_reference_cv_marks_exactly_the_person() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/lapuschkin.yaml");
        let cv = crate::from_path(&path).unwrap_or_else(|r| panic!("{r}")).cv;
        let mut marked = 0;
        for w in &cv.works {
            for a in &w.authors {
                assert_eq!(
                    is_person(a, &cv.person),
                    a.is_me(),
                    "{} in {}",
                    a.name,
                    w.title.as_str()
                );
                marked += usize::from(a.is_me());
            }
        }
        assert!(marked > 40, "{marked}");
    }
}
