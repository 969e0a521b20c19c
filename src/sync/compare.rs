//! Comparing two versions of an item (the CV's and the record's) and describing the
//! difference in a few lines.
//!
//! Both are ORCID document items ([`doc::Item`]) read by the one ORCID reader: the record's
//! from ORCID's answer, the CV's from the XML a sync sends (so that both come through the same
//! reader alike). Each is flattened into `(field, value)` pairs named after ORCID's elements
//! (`title`, `publication-date`, `external-id`, `organization/name`, ...), leaving out what the
//! server adds or owns: put-code, path, visibility, display index, created and last-modified
//! dates, source, the normalised forms of external ids. Whitespace inside values is collapsed.

use serde::Serialize;

use crate::orcid::doc::{self, ExternalId, Organization, Title};
use crate::types::PartialDate;

/// One changed field of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The field, e.g. `title`, `publication-date`, `external-id`.
    pub field: String,
    /// The value on the record; `None` when the CV adds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// The value in the CV; `None` when the CV drops it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.old, &self.new) {
            (Some(o), Some(n)) => {
                let (o, n) = around_difference(o, n);
                write!(f, "{}: {o} -> {n}", self.field)
            }
            (None, Some(n)) => write!(f, "+ {}: {}", self.field, quote(n)),
            (Some(o), None) => write!(f, "- {}: {}", self.field, quote(o)),
            (None, None) => write!(f, "{}", self.field),
        }
    }
}

/// Both values quoted; long values cut to the stretch where they first differ.
fn around_difference(old: &str, new: &str) -> (String, String) {
    const MAX: usize = 70;
    const BEFORE: usize = 20;
    let (o, n): (Vec<char>, Vec<char>) = (old.chars().collect(), new.chars().collect());
    if o.len() <= MAX && n.len() <= MAX {
        return (format!("\"{old}\""), format!("\"{new}\""));
    }
    let first = o.iter().zip(&n).take_while(|(a, b)| a == b).count();
    let start = first.saturating_sub(BEFORE);
    let cut = |v: &[char]| {
        let end = (start + MAX).min(v.len());
        let body: String = v[start.min(v.len())..end].iter().collect();
        format!(
            "\"{}{body}{}\"",
            if start > 0 { "…" } else { "" },
            if end < v.len() { "…" } else { "" }
        )
    };
    (cut(&o), cut(&n))
}

fn quote(s: &str) -> String {
    const MAX: usize = 70;
    if s.chars().count() > MAX {
        let cut: String = s.chars().take(MAX).collect();
        format!("\"{cut}…\"")
    } else {
        format!("\"{s}\"")
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `(field, value)` pairs of an item, in document order.
struct Fields(Vec<(String, String)>);

impl Fields {
    fn push(&mut self, field: &str, value: &str) {
        let v = collapse(value);
        if !v.is_empty() {
            self.0.push((field.to_owned(), v));
        }
    }

    fn opt(&mut self, field: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.push(field, v);
        }
    }

    /// A title at `field`, its subtitle and translation below it.
    fn title(&mut self, field: &str, t: &Title) {
        self.push(field, &t.title);
        self.opt(&format!("{field}/subtitle"), t.subtitle.as_deref());
        if let Some((text, lang)) = &t.translated {
            self.push(
                &format!("{field}/translated-title"),
                &format!("{text} {lang}"),
            );
        }
    }

    /// A date as ORCID writes it, its parts apart: `2019 03 11`.
    fn date(&mut self, field: &str, d: Option<&PartialDate>) {
        if let Some(d) = d {
            let mut v = format!("{:04}", d.year());
            for part in [d.month(), d.day()].into_iter().flatten() {
                v.push_str(&format!(" {part:02}"));
            }
            self.push(field, &v);
        }
    }

    /// An external id: type, value, URL and relationship (not ORCID's normalised form).
    fn id(&mut self, field: &str, x: &ExternalId) {
        let parts = [
            Some(x.id_type.as_str()),
            Some(x.value.as_str()),
            x.url.as_deref(),
            x.relationship.as_deref(),
        ];
        let v: Vec<&str> = parts.into_iter().flatten().collect();
        self.push(field, &v.join(" "));
    }

    fn ids(&mut self, field: &str, ids: &[ExternalId]) {
        for x in ids {
            self.id(field, x);
        }
    }

    /// An organization at `field`: its name, address, disambiguated id.
    fn organization(&mut self, field: &str, o: &Organization) {
        self.push(&format!("{field}/name"), &o.name);
        let address: Vec<&str> = [o.city.as_deref(), o.region.as_deref(), o.country.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        self.push(&format!("{field}/address"), &address.join(" "));
        if let Some((id, source)) = &o.disambiguated {
            self.push(
                &format!("{field}/disambiguated-organization"),
                &format!("{id} {source}"),
            );
        }
    }

    fn contributors(&mut self, list: &[doc::Contributor]) {
        for c in list {
            self.opt("contributor/contributor-orcid", c.orcid.as_deref());
            self.opt("contributor/credit-name", c.credit_name.as_deref());
            self.opt("contributor/contributor-email", c.email.as_deref());
            self.opt("contributor/contributor-sequence", c.sequence.as_deref());
            self.opt("contributor/contributor-role", c.role.as_deref());
        }
    }
}

/// Every field of an item with its value: what equality is decided on and what a diff shows.
fn fields(item: &doc::Item) -> Vec<(String, String)> {
    let mut f = Fields(Vec::new());
    match item {
        doc::Item::Work(w) => {
            f.title("title", &w.title);
            f.opt("journal-title", w.journal_title.as_deref());
            f.opt("short-description", w.short_description.as_deref());
            if let Some((t, v)) = &w.citation {
                f.push("citation", &format!("{t} {v}"));
            }
            f.push("type", &w.work_type);
            f.date("publication-date", w.publication_date.as_ref());
            f.ids("external-id", &w.external_ids);
            f.opt("url", w.url.as_deref());
            f.contributors(&w.contributors);
            f.opt("language-code", w.language_code.as_deref());
            if let Some((c, vis)) = &w.country {
                f.push("country", c);
                f.opt("country@visibility", vis.as_deref());
            }
        }
        doc::Item::Affiliation(a) => {
            f.opt("department-name", a.department.as_deref());
            f.opt("role-title", a.role_title.as_deref());
            f.date("start-date", a.start.as_ref());
            f.date("end-date", a.end.as_ref());
            if let Some(o) = &a.organization {
                f.organization("organization", o);
            }
            f.opt("url", a.url.as_deref());
            f.ids("external-id", &a.external_ids);
        }
        doc::Item::Funding(x) => {
            f.push("type", &x.funding_type);
            f.opt(
                "organization-defined-type",
                x.organization_defined_type.as_deref(),
            );
            f.title("title", &x.title);
            f.opt("short-description", x.short_description.as_deref());
            if let Some((value, currency)) = &x.amount {
                f.push("amount", &format!("{value} {currency}"));
            }
            f.opt("url", x.url.as_deref());
            f.date("start-date", x.start.as_ref());
            f.date("end-date", x.end.as_ref());
            f.ids("external-id", &x.external_ids);
            f.contributors(&x.contributors);
            f.organization("organization", &x.organization);
        }
        doc::Item::PeerReview(r) => {
            f.push("reviewer-role", &r.role);
            f.ids("review-identifiers/external-id", &r.external_ids);
            f.opt("review-url", r.url.as_deref());
            f.push("review-type", &r.review_type);
            f.date("review-completion-date", r.completion.as_ref());
            // ORCID stores an ISSN group in its normal form (`issn:0028-0836`).
            f.push("review-group-id", &super::identity::group_key(&r.group_id));
            if let Some(x) = &r.subject_id {
                f.id("subject-external-identifier", x);
            }
            f.opt("subject-container-name", r.subject_container.as_deref());
            f.opt("subject-type", r.subject_type.as_deref());
            if let Some(t) = &r.subject_name {
                f.title("subject-name", t);
            }
            f.opt("subject-url", r.subject_url.as_deref());
            f.organization("convening-organization", &r.organization);
        }
        doc::Item::ResearchResource(r) => {
            f.title("proposal/title", &r.title);
            for o in &r.hosts {
                f.organization("proposal/hosts/organization", o);
            }
            f.ids("proposal/external-id", &r.external_ids);
            f.date("proposal/start-date", r.start.as_ref());
            f.date("proposal/end-date", r.end.as_ref());
            f.opt("proposal/url", r.url.as_deref());
            for x in &r.items {
                f.push("resource-item/resource-name", &x.name);
                f.push("resource-item/resource-type", &x.resource_type);
                for o in &x.hosts {
                    f.organization("resource-item/hosts/organization", o);
                }
                f.ids("resource-item/external-id", &x.external_ids);
                f.opt("resource-item/url", x.url.as_deref());
            }
        }
    }
    f.0
}

/// Whether two versions of an item say the same: the same fields in any order, except the
/// contributors, whose order is the author order.
pub(crate) fn same(a: &doc::Item, b: &doc::Item) -> bool {
    // Every field sorted, and the contributors' fields in their order.
    let key = |i: &doc::Item| {
        let all = fields(i);
        let order = contributors(&all);
        let mut sorted = all;
        sorted.sort();
        (sorted, order)
    };
    a.section() == b.section() && key(a) == key(b)
}

/// The contributors' fields of an item's fields, in their order.
fn contributors(fields: &[(String, String)]) -> Vec<(String, String)> {
    fields
        .iter()
        .filter(|(f, _)| f.starts_with("contributor/"))
        .cloned()
        .collect()
}

/// The contributors' names (else iDs) in their order, for a change of order alone.
fn contributor_names(item: &doc::Item) -> String {
    let list = match item {
        doc::Item::Work(w) => &w.contributors,
        doc::Item::Funding(f) => &f.contributors,
        _ => return String::new(),
    };
    list.iter()
        .filter_map(|c| c.credit_name.as_deref().or(c.orcid.as_deref()))
        .map(collapse)
        .collect::<Vec<_>>()
        .join("; ")
}

/// What changes from `old` (the record) to `new` (the CV), in document order of `new`.
pub(crate) fn diff(old: &doc::Item, new: &doc::Item) -> Vec<Change> {
    let (old_fields, new_fields) = (fields(old), fields(new));
    let reordered = contributors(&old_fields) != contributors(&new_fields);
    let mut removed = old_fields;
    let mut added = Vec::new();
    for pair in new_fields {
        if let Some(i) = removed.iter().position(|p| *p == pair) {
            removed.remove(i);
        } else {
            added.push(pair);
        }
    }
    let mut changes = Vec::new();
    for (field, value) in added {
        match removed.iter().position(|(f, _)| *f == field) {
            Some(i) => {
                let (_, o) = removed.remove(i);
                changes.push(Change {
                    field,
                    old: Some(o),
                    new: Some(value),
                });
            }
            None => changes.push(Change {
                field,
                old: None,
                new: Some(value),
            }),
        }
    }
    for (field, value) in removed {
        changes.push(Change {
            field,
            old: Some(value),
            new: None,
        });
    }
    if changes.is_empty() && reordered {
        changes.push(Change {
            field: "contributor order".to_owned(),
            old: Some(contributor_names(old)),
            new: Some(contributor_names(new)),
        });
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orcid::xml::parse;

    fn item(xml: &str) -> doc::Item {
        crate::orcid::read_item_element(&parse(xml).unwrap()).expect("an ORCID item")
    }

    const A: &str = r#"<work:work xmlns:work="http://www.orcid.org/ns/work" xmlns:common="http://www.orcid.org/ns/common" put-code="3" visibility="public">
      <common:created-date>2020-01-01T00:00:00Z</common:created-date>
      <common:source><common:source-name>x</common:source-name></common:source>
      <work:title><common:title>Old  title</common:title></work:title>
      <work:type>journal-article</work:type>
      <common:publication-date><common:year>2019</common:year><common:month>03</common:month></common:publication-date>
      <common:external-ids><common:external-id><common:external-id-type>doi</common:external-id-type><common:external-id-value>10.1/x</common:external-id-value><common:external-id-normalized transient="true">10.1/x</common:external-id-normalized><common:external-id-relationship>self</common:external-id-relationship></common:external-id></common:external-ids>
    </work:work>"#;

    #[test]
    fn long_values_show_where_they_differ() {
        let old = format!("{} old ending", "a".repeat(100));
        let new = format!("{} new ending", "a".repeat(100));
        let c = Change {
            field: "citation".into(),
            old: Some(old),
            new: Some(new),
        };
        let shown = c.to_string();
        assert_eq!(
            shown,
            format!(
                "citation: \"…{a} old ending\" -> \"…{a} new ending\"",
                a = "a".repeat(19)
            )
        );
    }

    #[test]
    fn server_fields_do_not_count() {
        let b = r#"<work:work xmlns:work="http://www.orcid.org/ns/work" xmlns:common="http://www.orcid.org/ns/common">
          <work:title><common:title>Old title</common:title></work:title>
          <work:type>journal-article</work:type>
          <common:publication-date><common:year>2019</common:year><common:month>03</common:month></common:publication-date>
          <common:external-ids><common:external-id><common:external-id-type>doi</common:external-id-type><common:external-id-value>10.1/x</common:external-id-value><common:external-id-relationship>self</common:external-id-relationship></common:external-id></common:external-ids>
        </work:work>"#;
        assert!(same(&item(A), &item(b)));
        assert!(diff(&item(A), &item(b)).is_empty());
    }

    /// A record's item, imported and exported again, says the same: its URLs as the record
    /// wrote them (`http://extId/1`, a bare host without `/`), not in the url crate's normal
    /// form, which a sync would take for edits (issue 16, point 7).
    #[test]
    fn an_imported_item_with_urls_not_in_normal_form_is_unchanged() {
        let record = r#"<work:work xmlns:work="http://www.orcid.org/ns/work" xmlns:common="http://www.orcid.org/ns/common" put-code="7" visibility="public">
          <work:title><common:title>Open science</common:title></work:title>
          <work:citation><work:citation-type>formatted-unspecified</work:citation-type><work:citation-value>Neylon, C. (2015). Open science.</work:citation-value></work:citation>
          <work:type>journal-article</work:type>
          <common:publication-date><common:year>2015</common:year></common:publication-date>
          <common:external-ids><common:external-id><common:external-id-type>doi</common:external-id-type><common:external-id-value>10.1016/j.crvasa.2015.05.007</common:external-id-value><common:external-id-url>http://extId/1</common:external-id-url><common:external-id-relationship>self</common:external-id-relationship></common:external-id></common:external-ids>
          <common:url>http://cameronneylon.net</common:url>
        </work:work>"#;
        let imported = crate::orcid::import(record).expect("imports");
        let export = crate::orcid::OrcidXml::new().export(&imported.cv);
        assert!(!export.has_errors(), "{:?}", export.diagnostics);
        let ours = export.items[0].to_xml().expect("writes");
        let (theirs, ours) = (item(record), item(&ours));
        assert_eq!(diff(&theirs, &ours), Vec::new());
        assert!(same(&theirs, &ours));
    }

    #[test]
    fn a_change_of_author_order_is_a_change() {
        let work = |names: [&str; 2]| {
            let contributors: String = names
                .iter()
                .map(|n| {
                    format!(
                        "<work:contributor><work:credit-name>{n}</work:credit-name></work:contributor>"
                    )
                })
                .collect();
            item(&format!(
                r#"<work:work xmlns:work="http://www.orcid.org/ns/work" xmlns:common="http://www.orcid.org/ns/common">
                  <work:title><common:title>T</common:title></work:title>
                  <work:type>journal-article</work:type>
                  <work:contributors>{contributors}</work:contributors>
                </work:work>"#
            ))
        };
        let (a, b) = (
            work(["Ada Lovelace", "Charles Babbage"]),
            work(["Charles Babbage", "Ada Lovelace"]),
        );
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, &b));
        let lines: Vec<String> = diff(&a, &b).iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                r#"contributor order: "Ada Lovelace; Charles Babbage" -> "Charles Babbage; Ada Lovelace""#
            ]
        );
    }

    #[test]
    fn describes_changes() {
        let b = r#"<work:work xmlns:work="http://www.orcid.org/ns/work" xmlns:common="http://www.orcid.org/ns/common">
          <work:title><common:title>New title</common:title></work:title>
          <work:type>journal-article</work:type>
          <common:publication-date><common:year>2019</common:year><common:month>04</common:month></common:publication-date>
          <common:external-ids>
            <common:external-id><common:external-id-type>doi</common:external-id-type><common:external-id-value>10.1/x</common:external-id-value><common:external-id-relationship>self</common:external-id-relationship></common:external-id>
            <common:external-id><common:external-id-type>arxiv</common:external-id-type><common:external-id-value>1902.10178</common:external-id-value><common:external-id-relationship>version-of</common:external-id-relationship></common:external-id>
          </common:external-ids>
        </work:work>"#;
        let (a, b) = (item(A), item(b));
        assert!(!same(&a, &b));
        let lines: Vec<String> = diff(&a, &b).iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            vec![
                r#"title: "Old title" -> "New title""#,
                r#"publication-date: "2019 03" -> "2019 04""#,
                r#"+ external-id: "arxiv 1902.10178 version-of""#,
            ]
        );
    }

    #[test]
    fn every_section_of_the_fixture_is_compared_field_by_field() {
        // Each item of a CV with every section, written and read back, is the same as itself
        // and differs from every other item of its section.
        let cv = crate::orcid::fixture_cv();
        let export = crate::orcid::OrcidXml::new()
            .with_include(crate::types::Visibility::Private)
            .with_put_codes(false)
            .export(&cv);
        let docs: Vec<doc::Item> = export
            .items
            .iter()
            .filter(|i| i.has_document())
            .map(|i| item(&i.to_xml().expect("writes")))
            .collect();
        assert!(docs.len() > 10);
        for (n, a) in docs.iter().enumerate() {
            assert!(same(a, a));
            assert!(diff(a, a).is_empty());
            for b in docs.iter().skip(n + 1) {
                if a.section() == b.section() {
                    assert!(!same(a, b), "{a:?}\n{b:?}");
                }
            }
        }
    }
}
