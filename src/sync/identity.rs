//! What tells one item from another when matching a CV item to an item on the record: its
//! `self` identifiers, and its *details* (for works the normalised title, type and year; for
//! fundings the title, type and start year; for affiliations the organization, role and start
//! date).
//!
//! Both are read from an item's XML, so the CV's item and the record's summary of it compare
//! alike. Two items whose identifiers *conflict* (each has some, none shared) are never the
//! same item, whatever else they share.

use std::collections::BTreeSet;

use super::extid::self_keys;
use super::section::Section;
use crate::orcid::doc::ExternalId;
use crate::orcid::xml::Element;

/// A text folded for comparison: ASCII (diacritics dropped), lower case, words of letters and
/// digits joined by one space.
pub(crate) fn fold(s: &str) -> String {
    deunicode::deunicode(s)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The normalised `self` keys that name the item itself, without `source-work-id` (an id of
/// the CV, which moves with the item's position among items of the same title and year).
pub(crate) fn identity_keys(ids: &[ExternalId]) -> BTreeSet<String> {
    self_keys(ids)
        .into_iter()
        .filter(|k| !k.starts_with("source-work-id:"))
        .collect()
}

/// Whether two items' [`identity_keys`] say they are different items: both have some, and
/// none is shared.
pub(crate) fn conflict(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    !a.is_empty() && !b.is_empty() && a.is_disjoint(b)
}

/// Whether two items' [`identity_keys`] share one.
pub(crate) fn share_key(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    !a.is_disjoint(b)
}

/// The parts of a date element (`common:year`, `month`, `day`) joined by `-`.
fn date(el: &Element, name: &str, year_only: bool) -> String {
    let Some(d) = el.at(&[name]) else {
        return String::new();
    };
    let parts: &[&str] = if year_only {
        &["year"]
    } else {
        &["year", "month", "day"]
    };
    parts
        .iter()
        .filter_map(|p| d.text_at(&[p]))
        .map(|t| t.trim().to_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// The item's details as one comparable string, or `None` when it has no title (works,
/// fundings) or no organization (affiliations): then the details tell nothing.
///
/// Works: normalised title, type, year of publication. Fundings: normalised title, type,
/// start year. Affiliations: normalised organization name, normalised role, start date.
pub(crate) fn details(section: Section, el: &Element) -> Option<String> {
    match section {
        Section::Work | Section::Funding => {
            let title = fold(&el.text_at(&["title", "title"]).unwrap_or_default());
            if title.is_empty() {
                return None;
            }
            let kind = el.text_at(&["type"]).unwrap_or_default();
            let when = if section == Section::Work {
                date(el, "publication-date", true)
            } else {
                date(el, "start-date", true)
            };
            Some(format!("{title}|{}|{when}", kind.trim()))
        }
        _ => {
            let org = fold(&el.text_at(&["organization", "name"]).unwrap_or_default());
            if org.is_empty() {
                return None;
            }
            let role = fold(&el.text_at(&["role-title"]).unwrap_or_default());
            Some(format!("{org}|{role}|{}", date(el, "start-date", false)))
        }
    }
}

/// What [`details`] compares in a section, for people.
pub(crate) fn details_named(section: Section) -> &'static str {
    match section {
        Section::Work => "title, type and year",
        Section::Funding => "title, type and start year",
        _ => "organization, role and start date",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orcid::xml::parse;

    #[test]
    fn work_details_are_title_type_and_year() {
        let a = parse(
            r#"<work:work xmlns:work="w" xmlns:common="c"><work:title><common:title>Über  Clever-Hans!</common:title></work:title>
            <work:type>preprint</work:type><common:publication-date><common:year>2020</common:year><common:month>03</common:month></common:publication-date></work:work>"#,
        )
        .unwrap();
        assert_eq!(
            details(Section::Work, &a).as_deref(),
            Some("uber clever hans|preprint|2020")
        );
    }

    #[test]
    fn affiliation_details_are_organization_role_and_start() {
        let a = parse(
            r#"<education:education xmlns:education="e" xmlns:common="c"><common:role-title>Master of Science</common:role-title>
            <common:start-date><common:year>2010</common:year><common:month>10</common:month></common:start-date>
            <common:organization><common:name>Technische Universität Berlin</common:name></common:organization></education:education>"#,
        )
        .unwrap();
        assert_eq!(
            details(Section::Education, &a).as_deref(),
            Some("technische universitat berlin|master of science|2010-10")
        );
        let none = parse(r#"<education:education xmlns:education="e"/>"#).unwrap();
        assert_eq!(details(Section::Education, &none), None);
    }

    #[test]
    fn identifiers_conflict_only_when_both_have_some_and_share_none() {
        let keys = |ids: &[ExternalId]| identity_keys(ids);
        let doi = |v: &str| ExternalId::new("doi", v, "self");
        let swi = ExternalId::new("source-work-id", "2020-x", "self");
        let part = ExternalId::new("issn", "1234-5678", "part-of");
        let a = keys(&[doi("10.1/a")]);
        assert!(conflict(&a, &keys(&[doi("10.1/b")])));
        assert!(!conflict(&a, &keys(&[doi("10.1/A"), doi("10.1/b")])));
        assert!(!conflict(&a, &keys(std::slice::from_ref(&swi))));
        assert!(!conflict(&a, &keys(&[part])));
        assert!(!conflict(&keys(&[]), &a));
        assert!(share_key(&a, &keys(&[doi("https://doi.org/10.1/A")])));
        let only_swi = keys(&[swi]);
        assert!(only_swi.is_empty() && !share_key(&only_swi, &only_swi));
    }
}
