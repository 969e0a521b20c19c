//! What the CV wants on the record: one [`LocalItem`] per public item, with its ORCID XML.

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::identity;
use super::section::Section;
use crate::orcid::OrcidItem;
use crate::orcid::doc::{self, ExternalId};
use crate::orcid::xml;
use crate::types::ItemId;

/// An item of the CV as it should be on the record: its section, its local id, and its
/// ORCID XML (a single-item document without put-code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct LocalItem {
    /// Its section.
    #[serde(serialize_with = "super::section::serialize")]
    pub section: Section,
    /// The CV item's id.
    pub id: ItemId,
    /// Its title (works, fundings) or role and organization.
    pub title: String,
    /// For works, the work type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub work_type: Option<String>,
    /// Its external identifiers, as the XML has them.
    #[serde(serialize_with = "super::extid::serialize")]
    pub external_ids: Vec<ExternalId>,
    /// The put-code the CV holds for it (an item imported from ORCID), if any: a hint for
    /// matching, used only when it names an item of this client.
    #[serde(skip)]
    pub cv_put_code: Option<u64>,
    /// The CV field path of the item (`works[3]`, `peer-reviews[0]`), when it came from a
    /// CV: where a problem ORCID reports with it is shown.
    #[serde(skip)]
    pub path: Option<String>,
    /// Its `self` keys as ORCID identifies the item, see
    /// [`identity::self_keys`](super::identity::self_keys).
    #[serde(skip)]
    pub(crate) keys: Vec<String>,
    #[serde(skip)]
    xml: String,
    /// The XML read back by the one ORCID reader: what is compared with the record's copy,
    /// which comes through the same reader.
    #[serde(skip)]
    sent: doc::Item,
    #[serde(skip)]
    details: Option<String>,
}

impl LocalItem {
    /// An item from its single-item ORCID XML (`<work:work …>`, `<employment:employment …>`,
    /// …); title, type and external ids are read from the XML by the one ORCID reader.
    ///
    /// ```
    /// use vitae::sync::{LocalItem, Section};
    /// let xml = r#"<work:work xmlns:work="http://www.orcid.org/ns/work" xmlns:common="http://www.orcid.org/ns/common">
    ///   <work:title><common:title>Sketch of the Analytical Engine</common:title></work:title>
    ///   <work:type>journal-article</work:type>
    ///   <common:external-ids><common:external-id>
    ///     <common:external-id-type>source-work-id</common:external-id-type>
    ///     <common:external-id-value>1843-sketch</common:external-id-value>
    ///     <common:external-id-relationship>self</common:external-id-relationship>
    ///   </common:external-id></common:external-ids>
    /// </work:work>"#;
    /// let item = LocalItem::from_xml(Section::Work, "1843-sketch".parse()?, xml.into())?;
    /// assert_eq!(item.title, "Sketch of the Analytical Engine");
    /// assert_eq!(item.external_ids[0].key(), "source-work-id:1843-sketch");
    /// assert!(item.hash().starts_with("sha256:"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// When the XML is not well-formed, its root is not an item of the section, or it
    /// already has a put-code.
    pub fn from_xml(section: Section, id: ItemId, xml: String) -> Result<Self, ItemError> {
        let element = xml::parse(&xml).map_err(|e| ItemError::of(section, &id, e))?;
        if !element.is(section.namespace(), section.path_segment()) {
            return Err(ItemError::new(
                section,
                &id,
                if element.name == section.path_segment() {
                    format!(
                        "<{}> is not in ORCID's {} namespace",
                        element.name,
                        section.path_segment()
                    )
                } else {
                    format!(
                        "expected a <{}>, found <{}>",
                        section.path_segment(),
                        element.name
                    )
                },
            ));
        }
        if element.attr("put-code").is_some() {
            return Err(ItemError::new(
                section,
                &id,
                "has a put-code; a new item must not (ORCID error 9024)",
            ));
        }
        let Some(doc) = crate::orcid::read_item_element(&element) else {
            return Err(ItemError::new(
                section,
                &id,
                format!(
                    "<{}> is not in ORCID's {} namespace",
                    element.name,
                    section.path_segment()
                ),
            ));
        };
        let sent = doc.clone();
        Ok(Self::new(id, None, None, &doc, xml, sent))
    }

    /// The item of a document's data, its XML and that XML as the ORCID reader reads it.
    fn new(
        id: ItemId,
        cv_put_code: Option<u64>,
        path: Option<String>,
        doc: &doc::Item,
        xml: String,
        sent: doc::Item,
    ) -> Self {
        Self {
            section: doc.section(),
            id,
            title: identity::title(doc),
            work_type: identity::work_type(doc),
            external_ids: doc.external_ids().to_vec(),
            cv_put_code,
            path,
            keys: identity::self_keys(doc),
            xml,
            sent,
            details: identity::details(doc),
        }
    }

    /// A CV item as the ORCID export made it: title, type and external ids taken from its
    /// document (the plain data the writer wrote), the XML written from it. The XML is read
    /// once more, by the one ORCID reader, only to be compared with the record's copy: both
    /// sides of a comparison then come through the same reader, so that what the writer leaves
    /// out or the reader normalises counts alike on both.
    pub(crate) fn from_orcid(item: &OrcidItem) -> Result<Self, ItemError> {
        let error = |message: String| ItemError::new(item.section, &item.id, message);
        let xml = item
            .to_xml()
            .map_err(|e| ItemError::of(item.section, &item.id, e))?;
        let element = xml::parse(&xml).map_err(|e| ItemError::of(item.section, &item.id, e))?;
        let sent = crate::orcid::read_item_element(&element)
            .ok_or_else(|| error("the ORCID reader does not read what the writer wrote".into()))?;
        Ok(Self::new(
            item.id.clone(),
            item.put_code,
            Some(item.path.clone()),
            &item.doc,
            xml,
            sent,
        ))
    }

    /// The XML, as POSTed.
    pub fn xml(&self) -> &str {
        &self.xml
    }

    /// The content hash of the XML, `sha256:` and 64 hex digits: equal hashes, equal items.
    pub fn hash(&self) -> String {
        let digest = Sha256::digest(self.xml.as_bytes());
        let mut s = String::from("sha256:");
        for b in digest.iter() {
            s.push_str(&format!("{b:02x}"));
        }
        s
    }

    /// The item as sent, read back by the ORCID reader (see [`LocalItem::from_orcid`]).
    pub(crate) fn sent(&self) -> &doc::Item {
        &self.sent
    }

    /// Its details as matching compares them, see
    /// [`identity::details`](super::identity::details).
    pub(crate) fn details(&self) -> Option<String> {
        self.details.clone()
    }

    /// The XML for a PUT: the root carries the put-code and no visibility (ORCID refuses a
    /// visibility change through PUT, 9035, and keeps the record's when none is sent).
    pub fn xml_for_put(&self, put_code: u64) -> String {
        with_put_code(&self.xml, put_code)
    }
}

/// A CV item that cannot be turned into a sync item.
#[derive(Debug, thiserror::Error)]
#[error("{section} {id}: {message}")]
pub struct ItemError {
    section: &'static str,
    id: String,
    message: String,
    /// The XML reader's or writer's error, when there is one.
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl ItemError {
    pub(crate) fn new(section: Section, id: &ItemId, message: impl Into<String>) -> Self {
        Self {
            section: section.path_segment(),
            id: id.to_string(),
            message: message.into(),
            source: None,
        }
    }

    /// The error of an XML reader or writer underneath, its message as this error's.
    fn of(
        section: Section,
        id: &ItemId,
        e: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        let message = e.to_string();
        Self {
            source: Some(Box::new(e)),
            ..Self::new(section, id, message)
        }
    }
}

/// Where the root element's start tag is: (start of its name, end of its name, position of
/// its closing `>`).
fn root_tag(xml: &str) -> Option<(usize, usize, usize)> {
    let b = xml.as_bytes();
    let mut i = 0;
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if xml[i..].starts_with("<?") {
            i += xml[i..].find("?>")? + 2;
        } else if xml[i..].starts_with("<!--") {
            i += xml[i..].find("-->")? + 3;
        } else if xml[i..].starts_with("<!") {
            i += xml[i..].find('>')? + 1;
        } else if xml[i..].starts_with('<') {
            break;
        } else {
            return None;
        }
    }
    let name_start = i + 1;
    let mut j = name_start;
    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
        j += 1;
    }
    let mut k = j;
    let mut quote: Option<u8> = None;
    while k < b.len() {
        match (quote, b[k]) {
            (None, b'"' | b'\'') => quote = Some(b[k]),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => return Some((name_start, j, k)),
            _ => {}
        }
        k += 1;
    }
    None
}

/// The document with `put-code="N"` on its root and the root's `visibility` removed.
pub(crate) fn with_put_code(xml: &str, put_code: u64) -> String {
    let Some((_, name_end, close)) = root_tag(xml) else {
        return xml.to_owned();
    };
    let attrs = remove_attribute(&xml[name_end..close], "visibility");
    let attrs = remove_attribute(&attrs, "put-code");
    format!(
        "{} put-code=\"{put_code}\"{attrs}{}",
        &xml[..name_end],
        &xml[close..]
    )
}

/// Removes `name="…"` (or with single quotes) from the attribute text of a start tag.
fn remove_attribute(attrs: &str, name: &str) -> String {
    let b = attrs.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let at_boundary = i == 0 || b[i - 1].is_ascii_whitespace();
        if at_boundary && b[i..].starts_with(name.as_bytes()) {
            let mut j = i + name.len();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    if let Some(end) = attrs[j + 1..].find(q as char) {
                        let stop = j + 1 + end + 1;
                        let mut start = i;
                        while start > 0 && b[start - 1].is_ascii_whitespace() {
                            start -= 1;
                        }
                        return format!("{}{}", &attrs[..start], &attrs[stop..]);
                    }
                }
            }
        }
        // Skip quoted values so that a name inside a value is not taken for an attribute.
        if b[i] == b'"' || b[i] == b'\'' {
            match attrs[i + 1..].find(b[i] as char) {
                Some(end) => i += end + 2,
                None => break,
            }
        } else {
            i += 1;
        }
    }
    attrs.to_owned()
}

/// The body of `POST /{orcid}/works`: the works inside one `bulk:bulk`.
pub(crate) fn bulk_document<'a>(works: impl IntoIterator<Item = &'a LocalItem>) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<bulk:bulk xmlns:bulk=\"http://www.orcid.org/ns/bulk\">\n",
    );
    for w in works {
        let body = match root_tag(&w.xml) {
            Some((name_start, _, _)) => &w.xml[name_start - 1..],
            None => w.xml.as_str(),
        };
        s.push_str(body.trim_end());
        s.push('\n');
    }
    s.push_str("</bulk:bulk>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = "<?xml version=\"1.0\"?>\n<!-- c -->\n<work:work xmlns:work=\"http://www.orcid.org/ns/work\" visibility=\"public\" xmlns:common=\"http://www.orcid.org/ns/common\" a='x visibility=\"y\"'><work:title><common:title>T</common:title></work:title><work:type>book</work:type></work:work>";

    #[test]
    fn put_code_goes_on_the_root_and_visibility_goes() {
        let s = with_put_code(W, 42);
        assert!(s.contains("<work:work put-code=\"42\" xmlns:work="), "{s}");
        assert!(!s.contains("visibility=\"public\""), "{s}");
        assert!(s.contains("a='x visibility=\"y\"'"), "{s}");
        let root = xml::parse(&s).unwrap();
        assert_eq!(root.attr("put-code"), Some("42"));
        assert_eq!(with_put_code(&s, 43).matches("put-code").count(), 1);
    }

    #[test]
    fn other_attributes_may_hold_any_text() {
        let x = "<work:work xmlns:work=\"w\" note=\"é visibility=ü\" visibility=\"public\"><work:type>book</work:type></work:work>";
        let s = with_put_code(x, 7);
        assert_eq!(
            s,
            "<work:work put-code=\"7\" xmlns:work=\"w\" note=\"é visibility=ü\"><work:type>book</work:type></work:work>"
        );
    }

    #[test]
    fn bulk_wraps_works() {
        let item = LocalItem::from_xml(Section::Work, "t".parse().unwrap(), W.into()).unwrap();
        let b = bulk_document([&item, &item]);
        let root = xml::parse(&b).unwrap();
        assert!(root.is(crate::orcid::ns("bulk"), "bulk"));
        let works = root
            .children
            .iter()
            .filter(|c| c.is(Section::Work.namespace(), "work"));
        assert_eq!(works.count(), 2);
        assert!(!b.contains("<!-- c -->"));
    }

    #[test]
    fn items_from_the_export_say_what_their_xml_says() {
        let cv = crate::orcid::fixture_cv();
        let export = crate::orcid::OrcidXml::new()
            .with_include(crate::types::Visibility::Private)
            .with_put_codes(false)
            .export(&cv);
        assert!(export.items.len() > 10);
        let shown = |ids: &[ExternalId]| {
            ids.iter()
                .map(|i| (i.key(), i.is_self()))
                .collect::<Vec<_>>()
        };
        for it in &export.items {
            let from_doc = LocalItem::from_orcid(it).unwrap();
            let from_xml =
                LocalItem::from_xml(it.section, it.id.clone(), from_doc.xml.clone()).unwrap();
            assert_eq!(from_doc.title, from_xml.title, "{}", it.path);
            assert!(!from_doc.title.is_empty(), "{}", it.path);
            assert_eq!(from_doc.work_type, from_xml.work_type, "{}", it.path);
            assert_eq!(
                shown(&from_doc.external_ids),
                shown(&from_xml.external_ids),
                "{}",
                it.path
            );
            assert_eq!(from_doc.details(), from_xml.details(), "{}", it.path);
        }
    }

    #[test]
    fn refuses_wrong_roots() {
        let id: ItemId = "t".parse().unwrap();
        assert!(LocalItem::from_xml(Section::Funding, id.clone(), W.into()).is_err());
        assert!(LocalItem::from_xml(Section::Work, id.clone(), with_put_code(W, 1)).is_err());
        assert!(LocalItem::from_xml(Section::Work, id, "<work".into()).is_err());
    }
}
