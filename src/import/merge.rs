//! What an import adds to an existing CV (`vitae import … --into cv.yaml`): only the items the
//! CV lacks. Each imported item is looked for in the CV's section; found, it is *present*
//! (and *conflicting* when the two hold different values for a field both have: reported,
//! never changed); not found, it is *added*.
//!
//! The merge rule. A work is the CV's work by [the identity rule](super::identity) that a
//! linked bibliography also follows: the first of DOI (case-insensitive), arXiv id (without
//! version), PMID and ISBN that both have decides; when they share none, their titles are
//! equal once folded (diacritics, case, punctuation and spacing ignored) and their years are
//! equal (or one has none); a talk or lecture is never a paper (a talk often bears its
//! paper's title). An affiliation
//! matches on organization, role (or degree) and start year; an award on title and year; a
//! project on grant number, else title (or acronym) and start year; a patent family on a
//! shared member number, else its title.

use std::collections::{HashMap, HashSet};

use super::identity::{Identity, SameBy};
use crate::model::{AffiliationSection, Cv, Work};
use crate::types::ItemId;

/// A text folded for comparison: ASCII (diacritics dropped), lower case, words of letters and
/// digits joined by one space.
pub fn fold(s: &str) -> String {
    deunicode::deunicode(s)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What became of one imported item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The section's key in CV files, e.g. `works`.
    pub section: &'static str,
    /// The imported item's title (a work's, an award's) or name.
    pub title: String,
    /// Its year, when it has one.
    pub year: Option<u16>,
    /// The CV's item it was found as: its index in the section, and what matched (`DOI`,
    /// `title and year`).
    pub found: Option<(usize, &'static str)>,
    /// Fields both hold with different values: (field, the CV's, the import's).
    pub differences: Vec<(&'static str, String, String)>,
    /// Fields the import holds and the CV's item lacks (not added: a merge adds items, not
    /// fields), e.g. `doi 10.1038/…`.
    pub lacking: Vec<String>,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.found {
            Some((i, _)) => write!(f, "{}[{i}]", self.section)?,
            None => f.write_str(self.section)?,
        }
        write!(f, " {:?}", self.title)?;
        if let Some(y) = self.year {
            write!(f, " ({y})")?;
        }
        if let Some((_, by)) = self.found {
            write!(f, ", matched by {by}")?;
        }
        for (field, cv, import) in &self.differences {
            write!(
                f,
                "; {field}: the CV has {cv:?}, the import {import:?} (the CV's kept)"
            )?;
        }
        if !self.lacking.is_empty() {
            write!(
                f,
                "; the import also has {} (not added)",
                self.lacking.join(", ")
            )?;
        }
        Ok(())
    }
}

/// A merge worked out: the items to add, as a CV holding only them (its person a
/// placeholder), and what became of every imported item.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The items the CV lacks, section by section, in the import's order.
    pub additions: Cv,
    /// Items added.
    pub added: Vec<Outcome>,
    /// Items found in the CV with the same values where both have one.
    pub present: Vec<Outcome>,
    /// Items found in the CV with different values for a field both have.
    pub conflicting: Vec<Outcome>,
    /// Works the import holds twice (say a `.bib` and a CSL-JSON of one library): the later
    /// is left out, as the same rule finds it in the import's earlier works.
    pub duplicates: Vec<Duplicate>,
}

/// A work the import holds twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The later one, left out.
    pub item: Outcome,
    /// The title of the earlier one, added.
    pub of: String,
    /// What matched.
    pub by: &'static str,
}

impl std::fmt::Display for Duplicate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: the same work as the import's {:?} (matched by {}); left out",
            self.item, self.of, self.by
        )
    }
}

impl Plan {
    /// The keys of the sections that get items, in file order.
    pub fn sections(&self) -> Vec<&'static str> {
        let a = &self.additions;
        let mut keys = Vec::new();
        for s in AffiliationSection::ALL {
            if !a.affiliations(s).is_empty() {
                keys.push(s.key());
            }
        }
        for (key, n) in [
            ("awards", a.awards.len()),
            ("projects", a.projects.len()),
            ("patents", a.patents.len()),
            ("works", a.works.len()),
        ] {
            if n > 0 {
                keys.push(key);
            }
        }
        keys
    }
}

/// Works out what `imported` adds to `cv` (a CV as loaded, its ids completed). An added
/// item keeps its id when the source gave it (`given_ids`: BibTeX citation keys, CSL item
/// ids) or another added item refers to it; the ids an importer derived are left out, as the
/// CV derives them again. A kept id that the CV already uses is made unique (`-2`, `-3`, …);
/// a reference of an added item to an imported item the CV already has is pointed at the CV's
/// item.
pub fn plan(cv: &Cv, imported: &Cv, given_ids: &HashSet<String>) -> Plan {
    let mut p = Planner {
        additions: Cv::new(super::placeholder_person()),
        added: Vec::new(),
        present: Vec::new(),
        conflicting: Vec::new(),
        same: HashMap::new(),
    };
    for s in AffiliationSection::ALL {
        let theirs = cv.affiliations(s);
        for a in imported.affiliations(s) {
            let key = |x: &crate::model::Affiliation| {
                (
                    fold(x.organization.as_ref().map_or("", |o| o.name.as_str())),
                    fold(
                        x.degree
                            .as_ref()
                            .map(|d| d.name.as_str())
                            .or_else(|| x.role.as_ref().map(|r| r.as_str()))
                            .unwrap_or_default(),
                    ),
                    x.period.start().map(|d| d.year()),
                )
            };
            let found = theirs.iter().position(|t| key(t) == key(a));
            let title = a
                .role
                .iter()
                .map(|r| r.as_str())
                .chain(a.organization.iter().map(|o| o.name.as_str()))
                .collect::<Vec<_>>()
                .join(", ");
            let year = a.period.start().map(|d| d.year());
            let found = found.map(|i| (i, "organization, role and start"));
            if p.outcome(s.key(), title, year, found, Vec::new(), Vec::new()) {
                p.additions.affiliations_mut(s).push(a.clone());
            } else if let (Some(from), Some((i, _))) = (&a.id, found) {
                p.same(from, &theirs[i].id);
            }
        }
    }
    for a in &imported.awards {
        let key = |x: &crate::model::Award| (fold(x.title.as_str()), x.date.map(|d| d.year()));
        let found = cv.awards.iter().position(|t| key(t) == key(a));
        let found = found.map(|i| (i, "title and year"));
        let year = a.date.map(|d| d.year());
        if p.outcome(
            "awards",
            a.title.as_str().into(),
            year,
            found,
            vec![],
            vec![],
        ) {
            p.additions.awards.push(a.clone());
        } else if let (Some(from), Some((i, _))) = (&a.id, found) {
            p.same(from, &cv.awards[i].id);
        }
    }
    for a in &imported.projects {
        let start = |x: &crate::model::Project| x.period.start().map(|d| d.year());
        let name =
            |x: &crate::model::Project| fold(x.acronym.as_deref().unwrap_or(x.title.as_str()));
        let found = cv
            .projects
            .iter()
            .position(|t| t.grant_number.is_some() && t.grant_number == a.grant_number)
            .map(|i| (i, "grant number"))
            .or_else(|| {
                cv.projects
                    .iter()
                    .position(|t| {
                        (fold(t.title.as_str()) == fold(a.title.as_str()) || name(t) == name(a))
                            && start(t) == start(a)
                    })
                    .map(|i| (i, "title and start"))
            });
        if p.outcome(
            "projects",
            a.title.as_str().into(),
            start(a),
            found,
            vec![],
            vec![],
        ) {
            p.additions.projects.push(a.clone());
        } else if let (Some(from), Some((i, _))) = (&a.id, found) {
            p.same(from, &cv.projects[i].id);
        }
    }
    for a in &imported.patents {
        let numbers: HashSet<String> = a
            .members
            .iter()
            .map(|m| m.compact_number().to_ascii_lowercase())
            .collect();
        let found = cv
            .patents
            .iter()
            .position(|t| {
                t.members
                    .iter()
                    .any(|m| numbers.contains(&m.compact_number().to_ascii_lowercase()))
            })
            .map(|i| (i, "patent number"))
            .or_else(|| {
                cv.patents
                    .iter()
                    .position(|t| fold(t.title.as_str()) == fold(a.title.as_str()))
                    .map(|i| (i, "title"))
            });
        if p.outcome(
            "patents",
            a.title.as_str().into(),
            None,
            found,
            vec![],
            vec![],
        ) {
            p.additions.patents.push(a.clone());
        } else if let (Some(from), Some((i, _))) = (&a.id, found) {
            p.same(from, &cv.patents[i].id);
        }
    }
    let mut duplicates = Vec::new();
    for w in &imported.works {
        let found = find_work(&cv.works, w);
        if found.is_none()
            && let Some((i, by)) = find_work(&p.additions.works, w)
        {
            duplicates.push(Duplicate {
                item: Outcome {
                    section: "works",
                    title: w.title.as_str().into(),
                    year: w.date.map(|d| d.year()),
                    found: None,
                    differences: Vec::new(),
                    lacking: Vec::new(),
                },
                of: p.additions.works[i].title.as_str().into(),
                by,
            });
            if let (Some(from), Some(to)) = (&w.id, p.additions.works[i].id.clone()) {
                p.same.insert(from.as_str().to_owned(), to);
            }
            continue;
        }
        let (differences, lacking) = match found {
            Some((i, _)) => compare(&cv.works[i], w),
            None => (Vec::new(), Vec::new()),
        };
        let year = w.date.map(|d| d.year());
        if p.outcome(
            "works",
            w.title.as_str().into(),
            year,
            found,
            differences,
            lacking,
        ) {
            p.additions.works.push(w.clone());
        } else if let (Some(from), Some((i, _))) = (&w.id, found) {
            p.same(from, &cv.works[i].id);
        }
    }
    let mut additions = p.additions;
    settle_ids(cv, &mut additions, &p.same, given_ids);
    Plan {
        additions,
        added: p.added,
        present: p.present,
        conflicting: p.conflicting,
        duplicates,
    }
}

struct Planner {
    additions: Cv,
    added: Vec<Outcome>,
    present: Vec<Outcome>,
    conflicting: Vec<Outcome>,
    /// Imported ids of items the CV already has → the CV's ids.
    same: HashMap<String, ItemId>,
}

impl Planner {
    /// Records what became of an item; true when it is to be added.
    fn outcome(
        &mut self,
        section: &'static str,
        title: String,
        year: Option<u16>,
        found: Option<(usize, &'static str)>,
        differences: Vec<(&'static str, String, String)>,
        lacking: Vec<String>,
    ) -> bool {
        let o = Outcome {
            section,
            title,
            year,
            found,
            differences,
            lacking,
        };
        match (found, o.differences.is_empty()) {
            (None, _) => {
                self.added.push(o);
                true
            }
            (Some(_), true) => {
                self.present.push(o);
                false
            }
            (Some(_), false) => {
                self.conflicting.push(o);
                false
            }
        }
    }

    fn same(&mut self, from: &ItemId, to: &Option<ItemId>) {
        if let Some(to) = to {
            self.same.insert(from.as_str().to_owned(), to.clone());
        }
    }
}

/// The CV's work an imported work is ([the identity rule](super::identity)), and what
/// matched: a work found by an identifier before one found by title and year.
fn find_work(works: &[Work], w: &Work) -> Option<(usize, &'static str)> {
    let id = Identity::of(w);
    let found: Vec<(usize, SameBy)> = works
        .iter()
        .enumerate()
        .filter_map(|(i, t)| id.same(&Identity::of(t)).map(|by| (i, by)))
        .collect();
    found
        .iter()
        .find(|(_, by)| *by != SameBy::TitleYear)
        .or(found.first())
        .map(|&(i, by)| (i, by.label()))
}

/// The fields of a found work that differ from the import's, and those only the import has.
fn compare(cv: &Work, import: &Work) -> (Vec<(&'static str, String, String)>, Vec<String>) {
    let mut differences = Vec::new();
    let mut lacking = Vec::new();
    let mut field =
        |name: &'static str, a: Option<String>, b: Option<String>, same: bool| match (a, b) {
            (Some(a), Some(b)) if !same => differences.push((name, a, b)),
            (None, Some(b)) => lacking.push(format!("{name} {b}")),
            _ => {}
        };
    let s = |t: Option<&str>| t.map(str::to_owned);
    field(
        "title",
        Some(cv.title.as_str().to_owned()),
        Some(import.title.as_str().to_owned()),
        fold(cv.title.as_str()) == fold(import.title.as_str()),
    );
    field(
        "year",
        cv.date.map(|d| d.year().to_string()),
        import.date.map(|d| d.year().to_string()),
        cv.date.map(|d| d.year()) == import.date.map(|d| d.year()),
    );
    field(
        "doi",
        s(cv.doi.as_ref().map(|d| d.as_str())),
        s(import.doi.as_ref().map(|d| d.as_str())),
        cv.doi.as_ref().map(|d| d.as_str().to_lowercase())
            == import.doi.as_ref().map(|d| d.as_str().to_lowercase()),
    );
    field(
        "arxiv",
        s(cv.arxiv.as_ref().map(|a| a.as_str())),
        s(import.arxiv.as_ref().map(|a| a.as_str())),
        cv.arxiv.as_ref().map(|a| a.without_version())
            == import.arxiv.as_ref().map(|a| a.without_version()),
    );
    field(
        "pmid",
        cv.pmid.clone(),
        import.pmid.clone(),
        cv.pmid == import.pmid,
    );
    let container = |w: &Work| w.container.as_ref().map(|c| c.title.as_str().to_owned());
    field(
        "container",
        container(cv),
        container(import),
        container(cv).map(|c| fold(&c)) == container(import).map(|c| fold(&c)),
    );
    field(
        "volume",
        cv.volume.clone(),
        import.volume.clone(),
        cv.volume == import.volume,
    );
    field(
        "issue",
        cv.issue.clone(),
        import.issue.clone(),
        cv.issue == import.issue,
    );
    field(
        "pages",
        cv.pages.as_ref().map(ToString::to_string),
        import.pages.as_ref().map(ToString::to_string),
        cv.pages == import.pages,
    );
    (differences, lacking)
}

/// Makes the added items' ids unique against the CV's, drops those not given by the source
/// that no added item refers to, and points references at the CV's items where the import's item was found there.
fn settle_ids(cv: &Cv, add: &mut Cv, same: &HashMap<String, ItemId>, given: &HashSet<String>) {
    // References to imported items the CV (or an earlier added item) already has.
    each_reference(add, &mut |r: &mut ItemId| {
        if let Some(to) = same.get(r.as_str()) {
            *r = to.clone();
        }
    });
    let mut taken: HashSet<String> = crate::ids::all_given_ids(cv).into_iter().collect();
    let mut renamed: HashMap<String, ItemId> = HashMap::new();
    let mut referenced = HashSet::new();
    each_reference(add, &mut |r: &mut ItemId| {
        referenced.insert(r.as_str().to_owned());
    });
    each_id(add, &mut |id: &mut Option<ItemId>| {
        let Some(old) = id.clone() else { return };
        if !given.contains(old.as_str()) && !referenced.contains(old.as_str()) {
            *id = None;
            return;
        }
        let mut new = old.as_str().to_owned();
        let mut n = 1;
        while taken.contains(&new) {
            n += 1;
            new = format!("{}-{n}", old.as_str());
        }
        taken.insert(new.clone());
        if new != old.as_str()
            && let Ok(fresh) = ItemId::new(&new)
        {
            renamed.insert(old.as_str().to_owned(), fresh.clone());
            *id = Some(fresh);
        }
    });
    each_reference(add, &mut |r: &mut ItemId| {
        if let Some(to) = renamed.get(r.as_str()) {
            *r = to.clone();
        }
    });
}

/// Calls `f` on every reference an item makes to another.
fn each_reference(cv: &mut Cv, f: &mut dyn FnMut(&mut ItemId)) {
    for w in &mut cv.works {
        w.presents.iter_mut().for_each(&mut *f);
        w.version_of.iter_mut().for_each(&mut *f);
        w.funded_by.iter_mut().for_each(&mut *f);
    }
    for a in &mut cv.awards {
        a.work.iter_mut().for_each(&mut *f);
    }
    for s in AffiliationSection::ALL {
        for a in cv.affiliations_mut(s) {
            if let Some(d) = &mut a.degree {
                d.thesis_work.iter_mut().for_each(&mut *f);
            }
        }
    }
}

/// Calls `f` on every item's id, in file order.
fn each_id(cv: &mut Cv, f: &mut dyn FnMut(&mut Option<ItemId>)) {
    for s in AffiliationSection::ALL {
        cv.affiliations_mut(s).iter_mut().for_each(|a| f(&mut a.id));
    }
    cv.awards.iter_mut().for_each(|a| f(&mut a.id));
    cv.projects.iter_mut().for_each(|a| f(&mut a.id));
    for p in &mut cv.patents {
        f(&mut p.id);
        p.members.iter_mut().for_each(|m| f(&mut m.id));
    }
    cv.works.iter_mut().for_each(|w| f(&mut w.id));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cv(yaml: &str) -> Cv {
        crate::from_str(yaml, crate::InputFormat::Yaml).unwrap().cv
    }

    const CV: &str = r#"
person: {given-names: Ada, family-name: Lovelace}
works:
  - type: talk
    title: "Notes on the Engine"
    date: 1843-06-01
    event: {name: Royal Society}
  - type: journal-article
    title: "Notes on the Engine"
    date: 1843
    container: Scientific Memoirs
    volume: 3
  - type: journal-article
    title: "Sketch"
    date: 1842
    doi: 10.5555/sketch
"#;

    #[test]
    fn works_match_by_identifier_else_title_and_year_and_conflicts_are_reported() {
        let ours = cv(CV);
        let theirs = cv(r#"
person: {given-names: X, family-name: Y}
works:
  - {id: notes, type: journal-article, title: "NOTES ON THE ENGINE.", date: 1843, doi: 10.5555/notes, container: scientific memoirs}
  - {id: other, type: journal-article, title: "A different title", date: 1842, doi: 10.5555/SKETCH}
  - {id: clash, type: journal-article, title: "Notes on the Engine", date: 1843, volume: 4}
  - {id: sketch, type: journal-article, title: "New", date: 1850, version-of: notes}
"#);
        let given = ["notes", "other", "clash", "sketch"]
            .map(String::from)
            .into();
        let p = plan(&ours, &theirs, &given);
        assert_eq!(p.present.len(), 1, "{:?}", p.present);
        assert_eq!(p.present[0].found, Some((1, "title and year")));
        assert_eq!(p.present[0].lacking, ["doi 10.5555/notes"]);
        assert_eq!(p.conflicting.len(), 2, "{:?}", p.conflicting);
        assert_eq!(p.conflicting[0].found, Some((2, "DOI")));
        assert_eq!(p.conflicting[0].differences[0].0, "title");
        assert_eq!(
            p.conflicting[1].differences,
            [("volume", "3".to_owned(), "4".to_owned())]
        );
        assert!(p.conflicting[1].to_string().contains("(the CV's kept)"));
        assert_eq!(p.added.len(), 1);
        let w = &p.additions.works[0];
        // "sketch" is taken by no one, but its reference to "notes" now names the CV's work.
        assert_eq!(w.id.as_ref().unwrap().as_str(), "sketch");
        assert_eq!(
            w.version_of.as_ref().unwrap(),
            ours.works[1].id.as_ref().unwrap()
        );
        assert_eq!(p.sections(), ["works"]);
    }

    #[test]
    fn a_given_id_the_cv_uses_is_made_unique_and_derived_ones_are_dropped() {
        let ours = cv(
            "person: {given-names: Ada, family-name: Lovelace}\nworks:\n  - {id: a, type: book, title: One}\n",
        );
        let theirs = cv(
            "person: {given-names: Ada, family-name: Lovelace}\nworks:\n  - {id: a, type: book, title: Two}\n  - {type: book, title: Three}\n",
        );
        let p = plan(&ours, &theirs, &["a".to_owned()].into());
        let ids: Vec<_> = p
            .additions
            .works
            .iter()
            .map(|w| w.id.clone().map(|i| i.as_str().to_owned()))
            .collect();
        assert_eq!(ids, [Some("a-2".to_owned()), None]);
        let p = plan(&ours, &theirs, &HashSet::new());
        assert!(p.additions.works.iter().all(|w| w.id.is_none()));
    }

    #[test]
    fn a_talk_is_not_its_paper() {
        let ours = cv(CV);
        let theirs = cv(
            "person: {given-names: X, family-name: Y}\nworks:\n  - {type: talk, title: Sketch, date: 1842, event: {name: X}}\n",
        );
        let p = plan(&ours, &theirs, &HashSet::new());
        assert_eq!(p.added.len(), 1);
    }

    #[test]
    fn a_work_the_import_holds_twice_is_added_once() {
        let ours = cv(CV);
        let theirs = cv(
            "person: {given-names: X, family-name: Y}\nworks:\n  - {id: a, type: book, title: New Book, date: 1850}\n  - {id: b, type: book, title: \"NEW BOOK.\", date: 1850}\n  - {type: report, title: R, version-of: b}\n",
        );
        let p = plan(&ours, &theirs, &["a", "b"].map(String::from).into());
        assert_eq!(p.added.len(), 2);
        assert_eq!(p.duplicates.len(), 1);
        assert!(
            p.duplicates[0]
                .to_string()
                .contains("the same work as the import's \"New Book\"")
        );
        assert_eq!(
            p.additions.works[1].version_of.as_ref().unwrap().as_str(),
            "a"
        );
    }
}
