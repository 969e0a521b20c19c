//! Reading the Member API's answers: activity summaries, single items, bulk responses, error
//! documents (XML, and the JSON of OAuth errors), `Location` headers.
//!
//! Every answer is parsed by the one XML reader (`orcid/xml.rs`) and read by namespace and
//! local name, as the ORCID reader reads documents: the envelopes (`activities:works`,
//! `activities:group`, `bulk:bulk`, `error:error`) here, every item in them by the ORCID
//! reader (`orcid/read.rs`). An element of the right local name in another namespace is not
//! taken for ORCID's.

use serde::Serialize;

use super::identity;
use super::section::Section;
use crate::orcid::doc::{self, ExternalId};
use crate::orcid::ns;
use crate::orcid::xml::{self, Element, XmlError};

/// Who added an item to a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Source {
    /// A member API client, `APP-` and 16 characters.
    Client {
        /// The client id.
        id: String,
        /// The client's display name.
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// The record holder (or a trusted individual), by ORCID iD.
    Orcid {
        /// The iD.
        id: String,
        /// The display name.
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// No source given.
    Unknown,
}

impl Source {
    /// The client id, when a client added the item.
    pub fn client_id(&self) -> Option<&str> {
        match self {
            Source::Client { id, .. } => Some(id),
            _ => None,
        }
    }

    /// A short description, e.g. `Crossref Metadata Search (APP-…)`.
    pub fn describe(&self) -> String {
        match self {
            Source::Client { id, name: Some(n) } | Source::Orcid { id, name: Some(n) } => {
                format!("{n} ({id})")
            }
            Source::Client { id, name: None } | Source::Orcid { id, name: None } => id.clone(),
            Source::Unknown => "unknown source".to_owned(),
        }
    }
}

/// An item on the record, as a summary or a full item shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct RemoteItem {
    /// Its section.
    #[serde(serialize_with = "super::section::serialize")]
    pub section: Section,
    /// Its put-code.
    pub put_code: u64,
    /// Who added it.
    pub source: Source,
    /// Its title (works, fundings) or role and organization (affiliations).
    pub title: String,
    /// For works, the work type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub work_type: Option<String>,
    /// Its external identifiers.
    #[serde(serialize_with = "super::extid::serialize")]
    pub external_ids: Vec<ExternalId>,
    /// When it was last modified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// Its `self` keys as ORCID identifies the item, see
    /// [`identity::self_keys`](super::identity::self_keys).
    #[serde(skip)]
    pub(crate) keys: Vec<String>,
    /// Its details as matching compares them (title, type and year; organization, role and
    /// start date), see [`identity::details`](super::identity::details).
    #[serde(skip)]
    pub(crate) details: Option<String>,
}

/// An error document: ORCID's `error:error`, or the JSON of an OAuth error.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct OrcidError {
    /// The HTTP status the document names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_code: Option<u16>,
    /// ORCID's error code, e.g. 9021.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<u32>,
    /// The message for developers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub developer_message: Option<String>,
    /// The message for users.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_message: Option<String>,
}

impl OrcidError {
    /// The most useful message: the developer message, else the user message.
    pub fn message(&self) -> Option<&str> {
        self.developer_message
            .as_deref()
            .or(self.user_message.as_deref())
    }

    /// For a 409 duplicate (9021): the put-code of the existing item, which ORCID names in the
    /// developer message ("... element with put-code 1234 ...").
    pub fn duplicate_put_code(&self) -> Option<u64> {
        let msg = self.developer_message.as_deref()?;
        let lower = msg.to_ascii_lowercase();
        let i = lower.find("put-code")? + "put-code".len();
        let digits: String = msg[i..]
            .trim_start_matches(|c: char| !c.is_ascii_digit())
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok().filter(|n| *n > 0)
    }
}

/// One position of a bulk response: the created work, or an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkEntry {
    /// The work, with its put-code.
    Work(RemoteItem),
    /// Why this position was refused.
    Error(OrcidError),
}

/// A response that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResponseError {
    /// Not XML, or XML vitae refuses (a DOCTYPE, too deep), with its line and column.
    #[error(transparent)]
    Xml(#[from] XmlError),
    /// XML of another shape.
    #[error("unexpected response: {0}")]
    Shape(String),
}

fn source(src: Option<&doc::Source>) -> Source {
    let Some(src) = src else {
        return Source::Unknown;
    };
    let name = src.name.clone();
    if let Some(id) = &src.client_id {
        return Source::Client {
            id: id.clone(),
            name,
        };
    }
    if let Some(id) = &src.orcid {
        return Source::Orcid {
            id: id.clone(),
            name,
        };
    }
    Source::Unknown
}

/// An item element of an answer (a summary, a full item, a work of a bulk) as a sync item: its
/// put-code checked here, everything else read by the one ORCID reader into a document item.
fn item(section: Section, el: &Element) -> Result<RemoteItem, ResponseError> {
    item_and_doc(section, el).map(|(r, _)| r)
}

/// [`item`], and the document item the ORCID reader read (what a comparison takes).
fn item_and_doc(section: Section, el: &Element) -> Result<(RemoteItem, doc::Item), ResponseError> {
    let pc = el.attr("put-code").ok_or_else(|| {
        ResponseError::Shape(format!("a {} without a put-code", section.path_segment()))
    })?;
    let put_code = pc
        .trim()
        .parse()
        .map_err(|_| ResponseError::Shape(format!("put-code {pc:?} is not a number")))?;
    let doc = crate::orcid::read_item_element(el)
        .filter(|d| d.section() == section)
        .ok_or_else(|| {
            ResponseError::Shape(format!(
                "line {}: expected a {} in ORCID's namespace, found <{}>",
                el.line,
                section.path_segment(),
                el.name
            ))
        })?;
    let meta = doc.meta();
    let remote = RemoteItem {
        section,
        put_code,
        source: source(meta.source.as_ref()),
        title: identity::title(&doc),
        work_type: identity::work_type(&doc),
        external_ids: doc.external_ids().to_vec(),
        last_modified: meta.last_modified.clone(),
        keys: identity::self_keys(&doc),
        details: identity::details(&doc),
    };
    Ok((remote, doc))
}

/// Reads the summaries of a section (`GET /{orcid}/works`, `/employments`, ...): every item
/// of every group. Peer reviews are grouped twice (`activities:group`, by group id, then
/// `activities:peer-review-group`, by review identifier), the other sections once.
///
/// # Errors
/// When the document is not XML, not the section's summaries, or a summary has no put-code.
pub(crate) fn read_summaries(
    section: Section,
    doc: &str,
) -> Result<Vec<RemoteItem>, ResponseError> {
    let root = xml::parse(doc)?;
    let activities = ns("activities");
    if !root.is(activities, section.plural_segment()) {
        return Err(ResponseError::Shape(format!(
            "expected the {} of a record (activities:{}), found <{}>",
            section.plural_segment(),
            section.plural_segment(),
            root.name
        )));
    }
    let summary = format!("{}-summary", section.path_segment());
    // A summary's name in another namespace inside ORCID's group is refused (with its line)
    // by `item`, not passed over: the answer is not what ORCID sends.
    let summaries = |e: &Element| -> Result<Vec<RemoteItem>, ResponseError> {
        e.children
            .iter()
            .filter(|s| s.name == summary)
            .map(|s| item(section, s))
            .collect()
    };
    let mut items = Vec::new();
    for group in root
        .children
        .iter()
        .filter(|g| g.is(activities, "group") || g.is(activities, "affiliation-group"))
    {
        items.extend(summaries(group)?);
        for inner in group
            .children
            .iter()
            .filter(|g| g.is(activities, "peer-review-group"))
        {
            items.extend(summaries(inner)?);
        }
    }
    items.sort_by_key(|i| i.put_code);
    Ok(items)
}

/// Reads one full item (`GET /{orcid}/work/{put-code}`, the answer to a PUT), and the item as
/// the ORCID reader read it.
///
/// # Errors
/// When the document is not XML or not an item of this section.
pub(crate) fn read_full_item(
    section: Section,
    doc: &str,
) -> Result<(RemoteItem, doc::Item), ResponseError> {
    let root = xml::parse(doc)?;
    if !root.is(section.namespace(), section.path_segment()) {
        return Err(ResponseError::Shape(format!(
            "expected a {}, found <{}>",
            section.path_segment(),
            root.name
        )));
    }
    item_and_doc(section, &root)
}

/// Whether an element is ORCID's `error:error`.
fn is_error(e: &Element) -> bool {
    e.is(ns("error"), "error")
}

/// Whether an element is a `work:work`.
fn is_work(e: &Element) -> bool {
    e.is(Section::Work.namespace(), "work")
}

/// Reads a bulk response (`POST /{orcid}/works`, `GET /{orcid}/works/{put-codes}`): per
/// position the work or the error.
///
/// # Errors
/// When the document is not XML or not a bulk.
pub(crate) fn read_bulk(doc: &str) -> Result<Vec<BulkEntry>, ResponseError> {
    let root = xml::parse(doc)?;
    if !root.is(ns("bulk"), "bulk") {
        return Err(ResponseError::Shape(format!(
            "expected a bulk, found <{}>",
            root.name
        )));
    }
    root.children
        .iter()
        .map(|el| {
            if is_work(el) {
                item(Section::Work, el).map(BulkEntry::Work)
            } else if is_error(el) {
                Ok(BulkEntry::Error(error_from_element(el)))
            } else {
                Err(ResponseError::Shape(format!(
                    "unexpected <{}> in a bulk",
                    el.name
                )))
            }
        })
        .collect()
}

/// The full works of a bulk read, each with the document item the ORCID reader read.
pub(crate) fn bulk_items(doc: &str) -> Result<Vec<(RemoteItem, doc::Item)>, ResponseError> {
    let root = xml::parse(doc)?;
    root.children
        .iter()
        .filter(|e| is_work(e))
        .map(|el| item_and_doc(Section::Work, el))
        .collect()
}

fn error_from_element(el: &Element) -> OrcidError {
    let er = ns("error");
    OrcidError {
        response_code: el
            .child_value(er, "response-code")
            .and_then(|s| s.parse().ok()),
        error_code: el
            .child_value(er, "error-code")
            .and_then(|s| s.parse().ok()),
        developer_message: el.child_value(er, "developer-message"),
        user_message: el.child_value(er, "user-message"),
    }
}

/// Reads an error body: ORCID's `error:error` document, its JSON form, or the JSON of an
/// OAuth error (`{"error": "invalid_token", "error_description": "..."}`). `None` when the
/// body is none of these.
pub(crate) fn read_error(body: &str) -> Option<OrcidError> {
    let t = body.trim_start();
    if t.starts_with('<') {
        let root = xml::parse(t).ok()?;
        return is_error(&root).then(|| error_from_element(&root));
    }
    let v: serde_json::Value = serde_json::from_str(t).ok()?;
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
    let n = |k: &str| {
        v.get(k).and_then(|x| {
            x.as_u64()
                .or_else(|| x.as_str().and_then(|s| s.parse().ok()))
        })
    };
    let e = OrcidError {
        response_code: n("response-code").and_then(|c| u16::try_from(c).ok()),
        error_code: n("error-code").and_then(|c| u32::try_from(c).ok()),
        developer_message: s("developer-message").or_else(|| {
            match (s("error"), s("error_description")) {
                (Some(e), Some(d)) => Some(format!("{e}: {d}")),
                (e, d) => e.or(d),
            }
        }),
        user_message: s("user-message"),
    };
    (e != OrcidError::default()).then_some(e)
}

/// The put-code at the end of a `Location` header, `…/{orcid}/work/{put-code}`.
pub(crate) fn put_code_from_location(location: &str) -> Option<u64> {
    let path = location.split(['?', '#']).next()?.trim_end();
    let last = path.rsplit('/').next()?;
    last.parse().ok().filter(|n| *n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_put_code_ends_the_location() {
        let l = "https://api.sandbox.orcid.org/v3.0/0000-0002-1825-0097/work/733536";
        assert_eq!(put_code_from_location(l), Some(733536));
        assert_eq!(put_code_from_location("https://example.org/work/"), None);
    }

    const WORKS: &str = r#"<activities:works path="/0000-0002-1825-0097/works" xmlns:activities="http://www.orcid.org/ns/activities" xmlns:common="http://www.orcid.org/ns/common" xmlns:work="http://www.orcid.org/ns/work">
  <activities:group>
    <common:external-ids/>
    <work:work-summary put-code="12" visibility="public">
      <common:last-modified-date>2024-01-01T00:00:00.000Z</common:last-modified-date>
      <common:source>
        <common:source-client-id><common:uri>https://orcid.org/client/APP-ABCDEFGHIJKLMNOP</common:uri><common:path>APP-ABCDEFGHIJKLMNOP</common:path><common:host>orcid.org</common:host></common:source-client-id>
        <common:source-name>vitae</common:source-name>
      </common:source>
      <work:title><common:title>Tom &amp; Jerry</common:title></work:title>
      <common:external-ids><common:external-id>
        <common:external-id-type>doi</common:external-id-type>
        <common:external-id-value>10.1/X</common:external-id-value>
        <common:external-id-normalized transient="true">10.1/x</common:external-id-normalized>
        <common:external-id-relationship>self</common:external-id-relationship>
      </common:external-id></common:external-ids>
      <work:type>journal-article</work:type>
    </work:work-summary>
  </activities:group>
</activities:works>"#;

    #[test]
    fn reads_work_summaries() {
        let items = read_summaries(Section::Work, WORKS).unwrap();
        assert_eq!(items.len(), 1);
        let w = &items[0];
        assert_eq!(w.put_code, 12);
        assert_eq!(w.source.client_id(), Some("APP-ABCDEFGHIJKLMNOP"));
        assert_eq!(w.title, "Tom & Jerry");
        assert_eq!(w.work_type.as_deref(), Some("journal-article"));
        assert_eq!(w.external_ids[0].key(), "doi:10.1/x");
        assert!(w.external_ids[0].is_self());
    }

    #[test]
    fn refuses_a_doctype_and_deep_nesting_and_says_where() {
        let with_doctype = WORKS.replacen(
            "<activities:works",
            "<!DOCTYPE works [<!ELEMENT works ANY>]>\n<activities:works",
            1,
        );
        let e = read_summaries(Section::Work, &with_doctype).unwrap_err();
        assert!(e.to_string().starts_with("line 1, column 1: "), "{e}");
        assert!(e.to_string().contains("DOCTYPE"), "{e}");
        let deep = format!(
            "<bulk:bulk xmlns:bulk=\"http://www.orcid.org/ns/bulk\">{}{}</bulk:bulk>",
            "<x>".repeat(100),
            "</x>".repeat(100)
        );
        let e = read_bulk(&deep).unwrap_err();
        assert!(e.to_string().contains("deeper than"), "{e}");
        let broken =
            "<bulk:bulk xmlns:bulk=\"http://www.orcid.org/ns/bulk\">\n  <work>\n</bulk:bulk>";
        let e = read_bulk(broken).unwrap_err();
        assert!(e.to_string().starts_with("line 3, column"), "{e}");
    }

    #[test]
    fn summaries_are_read_by_the_orcid_reader() {
        // A source named by its URI alone is still this client's.
        let uri_only = WORKS.replace("<common:path>APP-ABCDEFGHIJKLMNOP</common:path>", "");
        let items = read_summaries(Section::Work, &uri_only).unwrap();
        assert_eq!(items[0].source.client_id(), Some("APP-ABCDEFGHIJKLMNOP"));
        assert_eq!(
            items[0].details.as_deref(),
            Some("tom jerry|journal-article|")
        );
        // A summary outside ORCID's namespace is not taken for a work.
        let foreign = WORKS.replace(
            "xmlns:work=\"http://www.orcid.org/ns/work\"",
            "xmlns:work=\"urn:elsewhere\"",
        );
        let e = read_summaries(Section::Work, &foreign).unwrap_err();
        assert!(e.to_string().contains("line 4"), "{e}");
    }

    #[test]
    fn reads_peer_review_summaries_grouped_twice() {
        let x = r#"<activities:peer-reviews xmlns:activities="http://www.orcid.org/ns/activities" xmlns:common="http://www.orcid.org/ns/common" xmlns:peer-review="http://www.orcid.org/ns/peer-review">
  <activities:group>
    <common:external-ids><common:external-id><common:external-id-type>peer-review</common:external-id-type><common:external-id-value>issn:0028-0836</common:external-id-value><common:external-id-relationship>self</common:external-id-relationship></common:external-id></common:external-ids>
    <activities:peer-review-group>
      <common:external-ids/>
      <peer-review:peer-review-summary put-code="7" visibility="public">
        <common:source><common:source-client-id><common:path>APP-ABCDEFGHIJKLMNOP</common:path></common:source-client-id></common:source>
        <peer-review:reviewer-role>reviewer</peer-review:reviewer-role>
        <common:external-ids><common:external-id><common:external-id-type>source-work-id</common:external-id-type><common:external-id-value>review-1</common:external-id-value><common:external-id-relationship>self</common:external-id-relationship></common:external-id></common:external-ids>
        <peer-review:review-type>review</peer-review:review-type>
        <peer-review:completion-date><common:year>2021</common:year></peer-review:completion-date>
        <peer-review:review-group-id>issn:0028-0836</peer-review:review-group-id>
        <peer-review:convening-organization><common:name>Springer Nature</common:name></peer-review:convening-organization>
      </peer-review:peer-review-summary>
    </activities:peer-review-group>
  </activities:group>
</activities:peer-reviews>"#;
        let items = read_summaries(Section::PeerReview, x).unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].put_code, 7);
        assert_eq!(items[0].source.client_id(), Some("APP-ABCDEFGHIJKLMNOP"));
        assert_eq!(items[0].title, "Review for Springer Nature");
        assert_eq!(items[0].keys, ["source-work-id:review-1 in issn:0028-0836"]);
        assert_eq!(
            items[0].details.as_deref(),
            Some("issn:0028-0836|review|2021")
        );
    }

    #[test]
    fn envelopes_are_read_by_namespace() {
        // An error or a bulk in another namespace is not ORCID's.
        let foreign_error = r#"<error xmlns="urn:elsewhere"><error-code>9021</error-code></error>"#;
        assert!(read_error(foreign_error).is_none());
        let foreign_bulk = r#"<bulk:bulk xmlns:bulk="urn:elsewhere"/>"#;
        assert!(read_bulk(foreign_bulk).is_err());
        // Summaries of another section, or groups outside ORCID's namespace, are refused or
        // passed over.
        let e = read_summaries(Section::Funding, WORKS).unwrap_err();
        assert!(e.to_string().contains("activities:fundings"), "{e}");
        let foreign_group = WORKS.replace("activities:group", "x:group").replace(
            "<activities:works ",
            "<activities:works xmlns:x=\"urn:elsewhere\" ",
        );
        assert!(
            read_summaries(Section::Work, &foreign_group)
                .unwrap()
                .is_empty()
        );
        // Prefixes are the document's own: a default namespace reads the same.
        let unprefixed = r#"<error xmlns="http://www.orcid.org/ns/error"><response-code>409</response-code><error-code>9021</error-code></error>"#;
        assert_eq!(
            read_error(unprefixed).and_then(|e| e.error_code),
            Some(9021)
        );
    }

    #[test]
    fn reads_errors() {
        let x = r#"<error:error xmlns:error="http://www.orcid.org/ns/error"><error:response-code>409</error:response-code><error:developer-message>409 Conflict: You have already added this activity (matched by external identifiers), please see element with put-code 733536. If you are trying to edit the item, please use PUT instead of POST.</error:developer-message><error:user-message>There is another work with the same external id</error:user-message><error:error-code>9021</error:error-code></error:error>"#;
        let e = read_error(x).unwrap();
        assert_eq!(e.error_code, Some(9021));
        assert_eq!(e.response_code, Some(409));
        assert_eq!(e.duplicate_put_code(), Some(733536));
        let j = r#"{"error":"invalid_token","error_description":"Access token expired"}"#;
        let e = read_error(j).unwrap();
        assert_eq!(e.message(), Some("invalid_token: Access token expired"));
        assert!(read_error("<html>Bad gateway</html>").is_none());
        assert!(read_error("Bad gateway").is_none());
    }

    #[test]
    fn reads_bulk() {
        let x = r#"<bulk:bulk xmlns:bulk="http://www.orcid.org/ns/bulk" xmlns:work="http://www.orcid.org/ns/work" xmlns:error="http://www.orcid.org/ns/error" xmlns:common="http://www.orcid.org/ns/common">
          <work:work put-code="5"><work:title><common:title>A</common:title></work:title><work:type>book</work:type></work:work>
          <error:error><error:response-code>400</error:response-code><error:developer-message>bad type</error:developer-message><error:error-code>9037</error:error-code></error:error>
        </bulk:bulk>"#;
        let b = read_bulk(x).unwrap();
        assert_eq!(b.len(), 2);
        assert!(matches!(&b[0], BulkEntry::Work(w) if w.put_code == 5 && w.title == "A"));
        assert!(matches!(&b[1], BulkEntry::Error(e) if e.error_code == Some(9037)));
    }
}
