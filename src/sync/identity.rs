//! What tells one item from another when matching a CV item to an item on the record: its
//! `self` identifiers, and its *details* (for works the normalised title, type and year; for
//! fundings the title, type and start year; for affiliations the organization, role and start
//! date; for peer reviews the group, review type and completion date; for research resources
//! the proposal's title and start year).
//!
//! Identifiers as ORCID identifies items ([`self_keys`]): a work's, funding's or
//! affiliation's `self` external ids; a research resource's proposal `self` ids; a peer
//! review's `self` review identifiers *within its group*: ORCID groups reviews by
//! `review-group-id`, and the same review identifier in another group is another review.
//!
//! Both are read from an item's document data ([`doc::Item`]: the export's for the CV's
//! item, the one XML reader's for the record's), so the two compare alike. Two items whose identifiers *conflict* (each has some, none shared) are never the
//! same item, whatever else they share.

use std::collections::BTreeSet;

use super::extid;
use super::section::Section;
use crate::orcid::doc;
use crate::types::PartialDate;

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

/// A peer review's group id as ORCID compares it: trimmed, the type prefix in lower case, an
/// ISSN group as `issn:` and the ISSN with its hyphen and an upper-case check digit (ORCID
/// normalises ISSN groups so on write).
pub(crate) fn group_key(group_id: &str) -> String {
    let g = group_id.trim();
    let Some((kind, value)) = g.split_once(':') else {
        return g.to_owned();
    };
    let kind = kind.trim().to_ascii_lowercase();
    let value = value.trim();
    if kind == "issn" {
        let digits: String = value
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if digits.len() == 8 {
            return format!("issn:{}-{}", &digits[..4], &digits[4..]);
        }
    }
    format!("{kind}:{value}")
}

/// The normalised `self` keys of an item as ORCID identifies it (and refuses a second item of
/// the same client with one of them, 409/9021): its `self` external ids, sorted, each once;
/// for a peer review each scoped to its group, `doi:10.1/x in issn:0028-0836`.
pub(crate) fn self_keys(item: &doc::Item) -> Vec<String> {
    let keys = extid::self_keys(item.external_ids());
    match item {
        doc::Item::PeerReview(r) => {
            let group = group_key(&r.group_id);
            keys.into_iter()
                .map(|k| format!("{k} in {group}"))
                .collect()
        }
        _ => keys,
    }
}

/// The [`self_keys`] that name the item itself. A work's `source-work-id` is left out: the
/// writer makes it from the CV id, which moves with the item's position among items of the
/// same title and year (in the other sections it is left out too, as it always was, except
/// for peer reviews and research resources, whose identifiers are all the CV's own).
pub(crate) fn identity_keys(section: Section, keys: &[String]) -> BTreeSet<String> {
    let keep_all = matches!(section, Section::PeerReview | Section::ResearchResource);
    keys.iter()
        .filter(|k| keep_all || !k.starts_with("source-work-id:"))
        .cloned()
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

/// A date as `year`, or `year-month-day` with two-digit month and day as ORCID writes them.
fn date(d: Option<&PartialDate>, year_only: bool) -> String {
    let Some(d) = d else {
        return String::new();
    };
    let mut s = d.year().to_string();
    if !year_only {
        for part in [d.month(), d.day()].into_iter().flatten() {
            s.push_str(&format!("-{part:02}"));
        }
    }
    s
}

/// A text, trimmed, `None` when empty.
fn text(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|t| !t.is_empty())
}

/// The title of an item as a person names it: a work's or funding's title, an affiliation's
/// role and organization.
pub(crate) fn title(item: &doc::Item) -> String {
    match item {
        doc::Item::Work(w) => w.title.title.trim().to_owned(),
        doc::Item::Funding(f) => f.title.title.trim().to_owned(),
        doc::Item::Affiliation(a) => {
            let role = a.role_title.as_deref().and_then(text);
            let org = a.organization.as_ref().and_then(|o| text(&o.name));
            match (role, org) {
                (Some(r), Some(o)) => format!("{r}, {o}"),
                (Some(r), None) => r.to_owned(),
                (None, Some(o)) => o.to_owned(),
                (None, None) => String::new(),
            }
        }
        doc::Item::PeerReview(r) => {
            let venue = r
                .subject_container
                .as_deref()
                .and_then(text)
                .unwrap_or(r.organization.name.trim());
            format!("Review for {venue}")
        }
        doc::Item::ResearchResource(r) => r.title.title.trim().to_owned(),
    }
}

/// The work type of a work.
pub(crate) fn work_type(item: &doc::Item) -> Option<String> {
    match item {
        doc::Item::Work(w) => text(&w.work_type).map(str::to_owned),
        _ => None,
    }
}

/// The item's details as one comparable string, or `None` when it has no title (works,
/// fundings) or no organization (affiliations): then the details tell nothing.
///
/// Works: normalised title, type, year of publication. Fundings: normalised title, type,
/// start year. Affiliations: normalised organization name, normalised role, start date.
pub(crate) fn details(item: &doc::Item) -> Option<String> {
    let (title, kind, when) = match item {
        doc::Item::Work(w) => (
            &w.title.title,
            &w.work_type,
            date(w.publication_date.as_ref(), true),
        ),
        doc::Item::Funding(f) => (
            &f.title.title,
            &f.funding_type,
            date(f.start.as_ref(), true),
        ),
        doc::Item::PeerReview(r) => {
            let group = group_key(&r.group_id);
            if group.is_empty() {
                return None;
            }
            return Some(format!(
                "{group}|{}|{}",
                r.review_type.trim(),
                date(r.completion.as_ref(), false)
            ));
        }
        doc::Item::ResearchResource(r) => {
            let title = fold(&r.title.title);
            if title.is_empty() {
                return None;
            }
            return Some(format!("{title}|{}", date(r.start.as_ref(), true)));
        }
        doc::Item::Affiliation(a) => {
            let org = fold(a.organization.as_ref().map_or("", |o| o.name.as_str()));
            if org.is_empty() {
                return None;
            }
            let role = fold(a.role_title.as_deref().unwrap_or_default());
            return Some(format!("{org}|{role}|{}", date(a.start.as_ref(), false)));
        }
    };
    let title = fold(title);
    if title.is_empty() {
        return None;
    }
    Some(format!("{title}|{}|{when}", kind.trim()))
}

/// What [`details`] compares in a section, for people.
pub(crate) fn details_named(section: Section) -> &'static str {
    match section {
        Section::Work => "title, type and year",
        Section::Funding => "title, type and start year",
        Section::PeerReview => "group, review type and completion date",
        Section::ResearchResource => "title and start year",
        _ => "organization, role and start date",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orcid::doc::ExternalId;
    use crate::orcid::xml::parse;

    fn item(xml: &str) -> doc::Item {
        crate::orcid::read_item_element(&parse(xml).unwrap()).unwrap()
    }

    #[test]
    fn work_details_are_title_type_and_year() {
        let a = item(
            r#"<work:work xmlns:work="http://www.orcid.org/ns/work" xmlns:common="http://www.orcid.org/ns/common"><work:title><common:title>Über  Clever-Hans!</common:title></work:title>
            <work:type>preprint</work:type><common:publication-date><common:year>2020</common:year><common:month>03</common:month></common:publication-date></work:work>"#,
        );
        assert_eq!(
            details(&a).as_deref(),
            Some("uber clever hans|preprint|2020")
        );
    }

    #[test]
    fn affiliation_details_are_organization_role_and_start() {
        let a = item(
            r#"<education:education xmlns:education="http://www.orcid.org/ns/education" xmlns:common="http://www.orcid.org/ns/common"><common:role-title>Master of Science</common:role-title>
            <common:start-date><common:year>2010</common:year><common:month>10</common:month></common:start-date>
            <common:organization><common:name>Technische Universität Berlin</common:name></common:organization></education:education>"#,
        );
        assert_eq!(
            details(&a).as_deref(),
            Some("technische universitat berlin|master of science|2010-10")
        );
        let none =
            item(r#"<education:education xmlns:education="http://www.orcid.org/ns/education"/>"#);
        assert_eq!(details(&none), None);
    }

    fn review(group: &str, id: &str) -> doc::Item {
        item(&format!(
            r#"<peer-review:peer-review xmlns:peer-review="http://www.orcid.org/ns/peer-review" xmlns:common="http://www.orcid.org/ns/common">
            <peer-review:reviewer-role>reviewer</peer-review:reviewer-role>
            <peer-review:review-identifiers><common:external-id><common:external-id-type>doi</common:external-id-type>
            <common:external-id-value>{id}</common:external-id-value><common:external-id-relationship>self</common:external-id-relationship></common:external-id></peer-review:review-identifiers>
            <peer-review:review-type>review</peer-review:review-type>
            <peer-review:review-completion-date><common:year>2021</common:year><common:month>03</common:month></peer-review:review-completion-date>
            <peer-review:review-group-id>{group}</peer-review:review-group-id>
            <peer-review:convening-organization><common:name>Springer Nature</common:name></peer-review:convening-organization>
            </peer-review:peer-review>"#
        ))
    }

    #[test]
    fn a_review_is_its_identifiers_within_its_group() {
        let a = review("issn:0028-0836", "10.1/R");
        assert_eq!(self_keys(&a), ["doi:10.1/r in issn:0028-0836"]);
        // The same ISSN written otherwise is the same group (ORCID normalises ISSN groups).
        let same = review("ISSN:00280836", "https://doi.org/10.1/r");
        assert_eq!(self_keys(&same), self_keys(&a));
        // The same identifier in another group is another review.
        let other = review("publons:nature-reviews", "10.1/r");
        let keys = |i: &doc::Item| identity_keys(Section::PeerReview, &self_keys(i));
        assert!(conflict(&keys(&a), &keys(&other)));
        assert_eq!(
            details(&a).as_deref(),
            Some("issn:0028-0836|review|2021-03")
        );
    }

    #[test]
    fn a_reviews_and_a_resources_own_source_work_ids_identify_them() {
        let swi = ExternalId::new("source-work-id", "review-1", "self");
        let keys = extid::self_keys(std::slice::from_ref(&swi));
        assert!(identity_keys(Section::Work, &keys).is_empty());
        assert_eq!(identity_keys(Section::ResearchResource, &keys).len(), 1);
        assert_eq!(group_key(" orcid-generated:x "), "orcid-generated:x");
        assert_eq!(group_key("issn:1741-485x"), "issn:1741-485X");
    }

    #[test]
    fn identifiers_conflict_only_when_both_have_some_and_share_none() {
        let keys = |ids: &[ExternalId]| identity_keys(Section::Work, &extid::self_keys(ids));
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
