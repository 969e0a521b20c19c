//! Checks of a whole CV that no single field can make: unique ids, references between items,
//! and warnings for what is legal but suspicious.

use std::collections::{BTreeSet, HashMap};

use crate::model::{AffiliationSection, Cv, Relationship, WorkKind};
use crate::report::{Code, Diagnostic};
use crate::types::ItemId;

/// Checks a CV whose ids have been assigned ([`Cv::complete`]); returns errors and warnings
/// with field paths.
pub fn validate(cv: &Cv) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_unique_ids(cv, &mut out);
    check_references(cv, &mut out);
    warn_suspicious(cv, &mut out);
    warn_shared_dois(cv, &mut out);
    check_new_sections(cv, &mut out);
    out
}

/// Award periods, editorial service and the software and data fields.
fn check_new_sections(cv: &Cv, out: &mut Vec<Diagnostic>) {
    for (i, a) in cv.awards.iter().enumerate() {
        if let (Some(start), Some(end)) = (a.date, a.end)
            && !start.not_after(&end)
        {
            out.push(
                Diagnostic::error(
                    item_path("awards", i, ".end"),
                    format!("expected an end not before the award's date {start}, found {end}"),
                )
                .with_code(Code::DateOrder),
            );
        }
    }
    for section in AffiliationSection::ALL {
        for (i, a) in cv.affiliations(section).iter().enumerate() {
            if a.editorial_role.is_some() && a.journal.is_none() {
                out.push(Diagnostic::warning(
                    item_path(section.key(), i, ".editorial-role"),
                    "an editorial role without a `journal`: name the journal (title, ISSN), else the role is shown only as the `role` text",
                ).with_code(Code::Incomplete));
            }
            if a.journal.is_some() && section != AffiliationSection::Services {
                out.push(Diagnostic::warning(
                    item_path(section.key(), i, ".journal"),
                    "a journal outside `services`: editorial service is exported from `services` only",
                ).with_code(Code::NotExported));
            }
        }
    }
    for (i, w) in cv.works.iter().enumerate() {
        if !w.programming_language.is_empty() && w.kind != WorkKind::Software {
            out.push(Diagnostic::warning(
                item_path("works", i, ".programming-language"),
                "a programming language on a work that is not `software`: schema.org has it for software only, so it is left out",
            ).with_code(Code::NotExported));
        }
    }
}

/// `section[i]` followed by `tail`, without the formatting machinery.
fn item_path(section: &str, i: usize, tail: &str) -> String {
    let mut p = String::with_capacity(section.len() + tail.len() + 6);
    p.push_str(section);
    crate::report::push_index(&mut p, i);
    p.push_str(tail);
    p
}

/// Where an item's id stands, made into a path only when a problem is reported.
#[derive(Clone, Copy)]
enum IdAt {
    /// `section[i].id`
    Item(&'static str, usize),
    /// `patents[i].members[j].id`
    Member(usize, usize),
}

impl IdAt {
    fn path(self) -> String {
        let mut p = String::new();
        match self {
            IdAt::Item(section, i) => {
                p.push_str(section);
                crate::report::push_index(&mut p, i);
            }
            IdAt::Member(i, j) => {
                p.push_str("patents");
                crate::report::push_index(&mut p, i);
                p.push_str(".members");
                crate::report::push_index(&mut p, j);
            }
        }
        p.push_str(".id");
        p
    }
}

/// Every item with where its id stands, for id checks.
fn id_paths(cv: &Cv) -> Vec<(IdAt, &ItemId)> {
    let mut v = Vec::new();
    for section in AffiliationSection::ALL {
        for (i, a) in cv.affiliations(section).iter().enumerate() {
            if let Some(id) = &a.id {
                v.push((IdAt::Item(section.key(), i), id));
            }
        }
    }
    for (i, a) in cv.awards.iter().enumerate() {
        if let Some(id) = &a.id {
            v.push((IdAt::Item("awards", i), id));
        }
    }
    for (i, p) in cv.projects.iter().enumerate() {
        if let Some(id) = &p.id {
            v.push((IdAt::Item("projects", i), id));
        }
    }
    for (i, f) in cv.patents.iter().enumerate() {
        if let Some(id) = &f.id {
            v.push((IdAt::Item("patents", i), id));
        }
        for (j, m) in f.members.iter().enumerate() {
            if let Some(id) = &m.id {
                v.push((IdAt::Member(i, j), id));
            }
        }
    }
    for (i, w) in cv.works.iter().enumerate() {
        if let Some(id) = &w.id {
            v.push((IdAt::Item("works", i), id));
        }
    }
    for (i, c) in cv.teaching.iter().enumerate() {
        if let Some(id) = &c.id {
            v.push((IdAt::Item("teaching", i), id));
        }
    }
    for (i, s) in cv.supervision.iter().enumerate() {
        if let Some(id) = &s.id {
            v.push((IdAt::Item("supervision", i), id));
        }
    }
    for (i, r) in cv.peer_reviews.iter().enumerate() {
        if let Some(id) = &r.id {
            v.push((IdAt::Item("peer-reviews", i), id));
        }
    }
    for (i, r) in cv.research_resources.iter().enumerate() {
        if let Some(id) = &r.id {
            v.push((IdAt::Item("research-resources", i), id));
        }
    }
    v
}

fn check_unique_ids(cv: &Cv, out: &mut Vec<Diagnostic>) {
    let ids = id_paths(cv);
    let mut first: HashMap<&str, IdAt> = HashMap::with_capacity(ids.len());
    for (at, id) in ids {
        match first.get(id.as_str()) {
            Some(earlier) => out.push(
                Diagnostic::error(
                    at.path(),
                    format!(
                        "duplicate id {:?}: expected ids unique in the CV, found it already at {}",
                        id.as_str(),
                        earlier.path()
                    ),
                )
                .with_code(Code::Duplicate),
            ),
            None => {
                first.insert(id.as_str(), at);
            }
        }
    }
}

fn check_references(cv: &Cv, out: &mut Vec<Diagnostic>) {
    let works: BTreeSet<&str> = cv
        .works
        .iter()
        .filter_map(|w| w.id.as_ref())
        .map(ItemId::as_str)
        .collect();
    let projects: BTreeSet<&str> = cv
        .projects
        .iter()
        .filter_map(|p| p.id.as_ref())
        .map(ItemId::as_str)
        .collect();
    let mut self_versions = Vec::new();
    let mut need = |path: &dyn Fn() -> String, id: &ItemId, set: &BTreeSet<&str>, what: &str| {
        if !set.contains(id.as_str()) {
            let known: Vec<&str> = set.iter().copied().collect();
            let hint = match crate::report::did_you_mean(id.as_str(), &known) {
                Some(best) => format!("; did you mean {best:?}?"),
                None => String::new(),
            };
            out.push(Diagnostic::error(
                path(),
                format!(
                    "expected the id of a {what} of this CV, found {:?}, which no {what} has{hint}",
                    id.as_str()
                ),
            ).with_code(Code::UnknownReference));
        }
    };
    for (i, a) in cv.awards.iter().enumerate() {
        if let Some(w) = &a.work {
            need(&|| format!("awards[{i}].work"), w, &works, "work");
        }
    }
    for (i, e) in cv.education.iter().enumerate() {
        if let Some(w) = e.degree.as_ref().and_then(|d| d.thesis_work.as_ref()) {
            need(
                &|| format!("education[{i}].degree.thesis-work"),
                w,
                &works,
                "work",
            );
        }
    }
    for (i, w) in cv.works.iter().enumerate() {
        if let Some(v) = &w.version_of {
            need(&|| format!("works[{i}].version-of"), v, &works, "work");
            if w.id.as_ref() == Some(v) {
                self_versions.push(format!("works[{i}].version-of"));
            }
        }
        if let Some(v) = &w.presents {
            need(&|| format!("works[{i}].presents"), v, &works, "work");
        }
        for (j, p) in w.funded_by.iter().enumerate() {
            need(
                &|| format!("works[{i}].funded-by[{j}]"),
                p,
                &projects,
                "project",
            );
        }
    }
    for p in self_versions {
        out.push(
            Diagnostic::error(p, "a work cannot be a version of itself")
                .with_code(Code::SelfReference),
        );
    }
}

fn warn_suspicious(cv: &Cv, out: &mut Vec<Diagnostic>) {
    for (i, a) in cv.employment.iter().enumerate() {
        let Some(org) = &a.organization else {
            out.push(Diagnostic::warning(
                item_path("employment", i, ""),
                "an employment without an organization: add `organization` (ORCID needs one, with its city, country and ROR id)",
            ).with_code(Code::Incomplete));
            continue;
        };
        if org.country.is_none() {
            out.push(Diagnostic::warning(
                item_path("employment", i, ".organization"),
                "an employment without a country: add `country` to its organization (ORCID needs one, and search engines cannot place it without)",
            ).with_code(Code::Incomplete));
        }
    }
    for (i, w) in cv.works.iter().enumerate() {
        let has_id = w.doi.is_some()
            || w.arxiv.is_some()
            || w.pmid.is_some()
            || !w.isbn.is_empty()
            || w.url.is_some()
            || w.repository.is_some()
            || !w.identifiers.is_empty()
            || !w.links.is_empty();
        if !has_id && !w.kind.is_presentation() {
            out.push(Diagnostic::warning(
                item_path("works", i, ""),
                "a work without any identifier or link (doi, arxiv, pmid, isbn, url, identifiers, links): readers and ORCID cannot find it; vitae will use a source-work-id",
            ).with_code(Code::NoIdentifier));
        }
        let authored = !matches!(w.kind, WorkKind::EditedBook);
        if authored && !w.authors.is_empty() && !w.authors.iter().any(|a| a.is_me()) {
            out.push(Diagnostic::warning(
                item_path("works", i, ".authors"),
                format!(
                    "none of the authors is {}: expected the person's name or a name variant, or `me: true` on their entry",
                    cv.person.full_name()
                ),
            ).with_code(Code::NotMarked));
        }
        if w.kind.is_presentation() && w.event.is_none() {
            out.push(Diagnostic::warning(
                item_path("works", i, ""),
                "a talk or lecture without an event: add `event` with where and when it was given",
            ).with_code(Code::Incomplete));
        }
        if w.kind.is_presentation() && w.event.as_ref().is_some_and(|e| e.dates.is_empty()) {
            out.push(Diagnostic::warning(
                item_path("works", i, ".event"),
                "an event without its days: search engines list an Event without `startDate` as an invalid item, and the talk's date is not the event's; add `dates: [first day, last day]`",
            ).with_code(Code::Incomplete));
        }
        if w.kind.is_presentation() && w.event.as_ref().is_some_and(|e| e.location.is_none()) {
            out.push(Diagnostic::warning(
                item_path("works", i, ".event"),
                "a talk or lecture without a place: search engines list an Event without `location` as an invalid item; add `location: {city: …, country: …}`, or `{online: true, url: …}` for an online one",
            ).with_code(Code::Incomplete));
        }
    }
    for (i, g) in cv.person.skills.iter().enumerate() {
        for (j, skill) in g.items.iter().enumerate() {
            if has_top_level_comma(skill) {
                let mut path = item_path("person.skills", i, ".items");
                crate::report::push_index(&mut path, j);
                out.push(Diagnostic::warning(
                    path,
                    format!(
                        "a skill with a comma, {:?}: every view takes it as one skill; write each \
                         skill as its own list item (items: [a, b]), or keep the comma inside \
                         parentheses",
                        skill.as_str()
                    ),
                ).with_code(Code::Suspicious));
            }
        }
    }
    for (i, f) in cv.patents.iter().enumerate() {
        if f.members.is_empty() {
            out.push(
                Diagnostic::error(
                    item_path("patents", i, ".members"),
                    "expected at least one member (a filing with office and number), found none",
                )
                .with_code(Code::Required),
            );
        }
    }
}

/// Whether a text has a comma outside parentheses and brackets: "Python, Matlab" is two
/// skills written as one; "Python (NumPy, PyTorch)" is one.
fn has_top_level_comma(s: &str) -> bool {
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' | '，' | '、' if depth == 0 => return true,
            _ => {}
        }
    }
    false
}

/// Two works with the same DOI (in `doi` or as a `self` identifier, in any of its spellings):
/// ORCID refuses the second (API error 9021), and a record imported from several documents
/// that gives one work twice looks just like this.
fn warn_shared_dois(cv: &Cv, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<String, String> = HashMap::new();
    for (i, w) in cv.works.iter().enumerate() {
        let own = w
            .doi
            .iter()
            .map(|d| (d.as_str(), item_path("works", i, ".doi")));
        let listed = w.identifiers.iter().enumerate().filter_map(|(j, id)| {
            let doi = id.scheme.as_str().eq_ignore_ascii_case("doi")
                && id.relationship == Relationship::SelfId;
            doi.then(|| {
                let mut tail = String::from(".identifiers");
                crate::report::push_index(&mut tail, j);
                (id.value.as_str(), item_path("works", i, &tail))
            })
        });
        let mut seen_here: Vec<String> = Vec::new();
        for (doi, path) in own.chain(listed) {
            let key = crate::types::normalise_external_id("doi", doi);
            if seen_here.contains(&key) {
                continue;
            }
            seen_here.push(key.clone());
            match first.get(&key) {
                Some(earlier) => out.push(Diagnostic::warning(
                    path,
                    format!(
                        "the DOI {doi:?} is also the DOI of {earlier}: ORCID refuses a second work with the same DOI (API error 9021); if they are one work, keep one; if they are two (a preprint and its article), give each its own DOI and link them with `version-of`"
                    ),
                ).with_code(Code::Duplicate)),
                None => {
                    first.insert(key, path);
                }
            }
        }
    }
}
