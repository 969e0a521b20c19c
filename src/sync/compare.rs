//! Comparing two versions of an item (the CV's and the record's) and describing the
//! difference in a few lines.
//!
//! Both are flattened into `(field, value)` pairs, leaving out what the server adds or owns:
//! put-code, path, visibility, display index, created and last-modified dates, source, the
//! normalised forms of external ids. Whitespace inside values is collapsed.

use serde::Serialize;

use crate::orcid::xml::Element;

const IGNORED_ELEMENTS: &[&str] = &[
    "created-date",
    "last-modified-date",
    "source",
    "external-id-normalized",
    "external-id-normalized-error",
];
const IGNORED_ATTRIBUTES: &[&str] = &[
    "put-code",
    "path",
    "visibility",
    "display-index",
    "schemaLocation",
    "transient",
];

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

fn join_path(path: &[String]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for (i, seg) in path.iter().enumerate() {
        if let Some(next) = path.get(i + 1)
            && (next == seg || *seg == format!("{next}s"))
        {
            continue;
        }
        out.push(seg);
    }
    out.join("/")
}

fn own_text(el: &Element) -> String {
    collapse(&el.text)
}

fn attrs(el: &Element, path: &[String], out: &mut Vec<(String, String)>) {
    for (k, v) in &el.attrs {
        if !IGNORED_ATTRIBUTES.contains(&k.as_str()) {
            out.push((format!("{}@{k}", join_path(path)), collapse(v)));
        }
    }
}

/// Every leaf value with its full path: what equality is decided on.
fn leaves(el: &Element, path: &mut Vec<String>, out: &mut Vec<(String, String)>) {
    attrs(el, path, out);
    let mut has_child = false;
    for c in &el.children {
        if IGNORED_ELEMENTS.contains(&c.name.as_str()) {
            continue;
        }
        has_child = true;
        path.push(c.name.clone());
        leaves(c, path, out);
        path.pop();
    }
    if !has_child {
        let t = own_text(el);
        if !t.is_empty() {
            out.push((join_path(path), t));
        }
    }
}

/// Values grouped for people: an element whose children are all leaves is one value
/// (`publication-date: 2019 03 11`, `external-id: doi 10.1/x self`).
fn grouped(el: &Element, path: &mut Vec<String>, out: &mut Vec<(String, String)>) {
    attrs(el, path, out);
    let kids: Vec<&Element> = el
        .children
        .iter()
        .filter(|c| !IGNORED_ELEMENTS.contains(&c.name.as_str()))
        .collect();
    if kids.is_empty() {
        let t = own_text(el);
        if !t.is_empty() {
            out.push((join_path(path), t));
        }
        return;
    }
    let all_leaves = !path.is_empty()
        && kids.len() > 1
        && kids.iter().all(|k| {
            k.attrs.is_empty()
                && !k
                    .children
                    .iter()
                    .any(|g| !IGNORED_ELEMENTS.contains(&g.name.as_str()))
        });
    if all_leaves {
        let v: Vec<String> = kids
            .iter()
            .map(|k| own_text(k))
            .filter(|t| !t.is_empty())
            .collect();
        if !v.is_empty() {
            out.push((join_path(path), v.join(" ")));
        }
        return;
    }
    for c in kids {
        path.push(c.name.clone());
        grouped(c, path, out);
        path.pop();
    }
}

/// Whether two versions of an item say the same.
pub(crate) fn same(a: &Element, b: &Element) -> bool {
    let flat = |e: &Element| {
        let mut v = Vec::new();
        leaves(e, &mut Vec::new(), &mut v);
        v.sort();
        v
    };
    a.name == b.name && flat(a) == flat(b)
}

/// What changes from `old` (the record) to `new` (the CV), in document order of `new`.
pub(crate) fn diff(old: &Element, new: &Element) -> Vec<Change> {
    let flat = |e: &Element| {
        let mut v = Vec::new();
        grouped(e, &mut Vec::new(), &mut v);
        v
    };
    let mut removed = flat(old);
    let mut added = Vec::new();
    for pair in flat(new) {
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
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orcid::xml::parse;

    const A: &str = r#"<work:work xmlns:work="w" xmlns:common="c" put-code="3" visibility="public">
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
        let b = r#"<work:work xmlns:work="w" xmlns:common="c">
          <work:title><common:title>Old title</common:title></work:title>
          <work:type>journal-article</work:type>
          <common:publication-date><common:year>2019</common:year><common:month>03</common:month></common:publication-date>
          <common:external-ids><common:external-id><common:external-id-type>doi</common:external-id-type><common:external-id-value>10.1/x</common:external-id-value><common:external-id-relationship>self</common:external-id-relationship></common:external-id></common:external-ids>
        </work:work>"#;
        assert!(same(&parse(A).unwrap(), &parse(b).unwrap()));
        assert!(diff(&parse(A).unwrap(), &parse(b).unwrap()).is_empty());
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
        let (theirs, ours) = (parse(record).unwrap(), parse(&ours).unwrap());
        assert_eq!(diff(&theirs, &ours), Vec::new());
        assert!(same(&theirs, &ours));
    }

    #[test]
    fn describes_changes() {
        let b = r#"<work:work xmlns:work="w" xmlns:common="c">
          <work:title><common:title>New title</common:title></work:title>
          <work:type>journal-article</work:type>
          <common:publication-date><common:year>2019</common:year><common:month>04</common:month></common:publication-date>
          <common:external-ids>
            <common:external-id><common:external-id-type>doi</common:external-id-type><common:external-id-value>10.1/x</common:external-id-value><common:external-id-relationship>self</common:external-id-relationship></common:external-id>
            <common:external-id><common:external-id-type>arxiv</common:external-id-type><common:external-id-value>1902.10178</common:external-id-value><common:external-id-relationship>version-of</common:external-id-relationship></common:external-id>
          </common:external-ids>
        </work:work>"#;
        let (a, b) = (parse(A).unwrap(), parse(b).unwrap());
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
}
