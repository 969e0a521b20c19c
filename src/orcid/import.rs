//! ORCID documents → the CV model. What the model holds is kept exactly (so that exporting
//! again gives the same documents); what it cannot hold is reported as a [`Loss`].
//!
//! External ids are kept in the model's own fields (DOI, arXiv, ISSN of the journal, links
//! between versions, grant numbers of projects) only when exporting again writes them back
//! the same way; any other id is kept as an [`Identifier`] with its relationship.

use std::collections::{HashMap, HashSet};

use super::cost;
use super::doc::{self, Document, ExternalId};
use super::export::{credit_name, pubmed_url};
use super::loss::{Loss, LossKind};
use super::merge::{self, Fate};
use super::read::{ReadError, read_document};
use super::vocab::{CREDIT_ROLE_PREFIX, language_from_orcid, work_kind_for, work_type_for};
use super::{Section, WorkType};
use crate::citation::bibtex;
use crate::model::{
    Address, Affiliation, Award, Citation, Container, Contributor, ContributorRole, Cv,
    DisambiguatedId, Event, FundingType, FundrefId, GridId, Identifier, Link, LinkKind, NameKind,
    NameVariant, Organization, PatentFamily, PatentMember, PatentOffice, PatentStatus, PeerReview,
    Person, Private, Project, Relationship, ResearchResource, ResourceItem, ResourceType,
    ReviewSubject, ReviewType, ReviewerRole, Text, TranslatedTitle, Work, WorkKind,
};
use crate::types::{
    Amount, ArxivId, CountryCode, CurrencyCode, DateRange, Doi, Email, Isbn, Isni, Issn, ItemId,
    OrcidId, RorId, Url, Visibility,
};

/// A CV read from ORCID documents, and what could not be kept.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The CV, completed (ids assigned, own entries marked).
    pub cv: Cv,
    /// Everything the documents hold that the CV does not.
    pub losses: Vec<Loss>,
    /// Whether a document named the person; when none did, the CV's person is a
    /// placeholder named "Unknown Unknown" to be edited.
    pub person_found: bool,
    /// Whether the person's given and family names were both found; when not (no person
    /// document, or a private name), the missing ones are the placeholder "Unknown", which a
    /// linked-data export should leave out ([`crate::export::Options::with_name_withheld`]).
    pub name_found: bool,
}

/// A document of several that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("document {index}: {error}")]
pub struct ImportError {
    /// Its position in the list, from 0.
    pub index: usize,
    /// Why.
    pub error: ReadError,
}

/// Reads one ORCID document into a CV.
///
/// ```
/// let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
/// <work:work xmlns:common="http://www.orcid.org/ns/common" xmlns:work="http://www.orcid.org/ns/work"
///   put-code="42" visibility="limited">
///   <work:title><common:title>Work Title</common:title></work:title>
///   <work:type>journal-article</work:type>
///   <common:external-ids><common:external-id>
///     <common:external-id-type>doi</common:external-id-type>
///     <common:external-id-value>10.1087/20120404</common:external-id-value>
///     <common:external-id-url>https://doi.org/10.1087/20120404</common:external-id-url>
///     <common:external-id-relationship>self</common:external-id-relationship>
///   </common:external-id></common:external-ids>
/// </work:work>"#;
/// let imported = vitae::orcid::import(xml)?;
/// let w = &imported.cv.works[0];
/// assert_eq!((w.put_code, w.visibility), (Some(42), vitae::types::Visibility::Limited));
/// assert_eq!(w.doi.as_ref().map(|d| d.as_str()), Some("10.1087/20120404"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// A [`ReadError`] for malformed or refused XML (any `DOCTYPE`) or a document vitae does not
/// read.
pub fn import(text: &str) -> Result<Imported, ReadError> {
    import_documents(&[text]).map_err(|e| e.error)
}

/// Reads several ORCID documents into one CV (links between them — versions of a work,
/// members of a patent family, projects that funded a work — are resolved across all).
///
/// Documents of one record overlap: a record holds a summary of each item, the item's own
/// document the full item. Copies of one item (same put-code, or a shared `self` id where
/// one has no put-code; see `merge.rs`) become one CV item, read from the full copy at the
/// place of the first; a copy that holds something else is reported as a
/// [`LossKind::DuplicateItem`].
///
/// # Errors
/// An [`ImportError`] naming the first document that could not be read.
pub fn import_documents(texts: &[&str]) -> Result<Imported, ImportError> {
    let mut read = Vec::with_capacity(texts.len());
    let mut items: Vec<(usize, doc::Item)> = Vec::new();
    let mut paths: Vec<String> = Vec::new();
    for (index, text) in texts.iter().enumerate() {
        let (d, losses) = read_document(text).map_err(|error| ImportError { index, error })?;
        let first = items.len();
        let head = split(d, index, &mut items, &mut paths);
        read.push((head, losses, first..items.len()));
    }
    let fates = merge::plan(&mut items);
    let (docs, items): (Vec<usize>, Vec<doc::Item>) = items.into_iter().unzip();
    let mut items: Vec<Option<doc::Item>> = items.into_iter().map(Some).collect();
    let mut im = Importer::new(texts.len() > 1);
    // Grown once: a work waiting for the others is large, and a record may hold thousands.
    im.works.reserve(
        items
            .iter()
            .filter(|i| matches!(i, Some(doc::Item::Work(_))))
            .count(),
    );
    for (index, (head, losses, range)) in read.into_iter().enumerate() {
        im.doc = index;
        for mut l in losses {
            l.at = im.at(&l.at);
            im.losses.push(l);
        }
        im.head(head);
        for k in range {
            let from = match fates[k] {
                Fate::Keep => k,
                Fate::TakeFrom(kept) => kept,
                Fate::Skip {
                    kept,
                    differs,
                    put_code,
                } => {
                    if differs {
                        let why = match put_code {
                            Some(p) => format!("the same put-code {p}"),
                            None => "a shared `self` id or the same content".to_owned(),
                        };
                        im.losses.push(Loss {
                            kind: LossKind::DuplicateItem,
                            at: im.at(&paths[k]),
                            line: items[k].as_ref().and_then(|i| i.meta().line),
                            detail: format!(
                                "another copy of this item ({why}) is read from {}; this copy differs from it and is not kept",
                                Importer::qualified(im.multiple, docs[kept], &paths[kept])
                            ),
                        });
                    }
                    continue;
                }
            };
            if let Some(item) = items[from].take() {
                im.doc = docs[from];
                im.item(item, &paths[from]);
                im.doc = index;
            }
        }
    }
    Ok(im.finish())
}

/// What a document holds besides its items.
enum Head {
    /// A record: its iD and person.
    Record {
        orcid: Option<String>,
        person: Option<doc::Person>,
    },
    /// A person document.
    Person(doc::Person),
    /// Items only.
    Nothing,
}

/// Splits a document into what it holds besides items, and its items (appended to `items`
/// with the document's index, their element paths to `paths`).
fn split(
    d: Document,
    index: usize,
    items: &mut Vec<(usize, doc::Item)>,
    paths: &mut Vec<String>,
) -> Head {
    let mut listed = |list: Vec<doc::Item>, at: &str| {
        items.reserve(list.len());
        paths.reserve(list.len());
        for (i, item) in list.into_iter().enumerate() {
            let p = item.section().path_segment();
            paths.push(format!("{at}/{p}-summary[{}]", i + 1));
            items.push((index, item));
        }
    };
    match d {
        Document::Record {
            orcid,
            person,
            items: list,
        } => {
            listed(list, "record:record/activities:activities-summary");
            Head::Record { orcid, person }
        }
        Document::Person(p) => Head::Person(p),
        Document::Activities(list) => {
            listed(list, "activities");
            Head::Nothing
        }
        Document::Bulk { works, .. } => {
            for (i, w) in works.into_iter().enumerate() {
                paths.push(format!("bulk:bulk/work:work[{}]", i + 1));
                items.push((index, doc::Item::Work(w)));
            }
            Head::Nothing
        }
        Document::Item(item) => {
            paths.push(format!("{0}:{0}", item.section().path_segment()));
            items.push((index, item));
            Head::Nothing
        }
    }
}

/// A work whose external ids still wait for the other works.
struct PendingWork {
    work: Work,
    /// Whether `work.id` came from a source-work-id (else from the BibTeX key, or none).
    id_from_source_work_id: bool,
    links: WorkLinks,
}

/// What of a work's document is read once all works are: its links to the others.
struct WorkLinks {
    /// Generic ids and link candidates, in document order.
    ids: Vec<PendingId>,
    /// The self ids of the document, as (type, value).
    self_ids: Vec<(String, String)>,
    citation: Option<(String, String)>,
}

enum PendingId {
    Kept(Identifier),
    VersionOf(ExternalId, Option<Identifier>),
    FundedBy(ExternalId, Option<Identifier>),
}

struct PendingPatent {
    member: PatentMember,
    title: Text,
    inventors: Vec<Contributor>,
    assignees: Vec<Organization>,
    visibility: Visibility,
    pat: String,
    version_of: Vec<ExternalId>,
    at: String,
    line: Option<usize>,
}

/// A patent filing's citation: its `pat` number, (type, value), where, line.
type PatentCitation = (String, (String, String), String, Option<usize>);

struct Importer {
    multiple: bool,
    doc: usize,
    /// The line of the item being read, for its losses.
    line: Option<usize>,
    person: Option<Person>,
    cv: Cv,
    works: Vec<PendingWork>,
    patents: Vec<PendingPatent>,
    /// Citations of patent filings, to compare once the filings have ids.
    patent_citations: Vec<PatentCitation>,
    losses: Vec<Loss>,
    /// A person document without given names or family name (private, or absent).
    name_missing: bool,
}

fn placeholder_person() -> Person {
    let unknown = Text::literal("Unknown");
    Person::new(unknown.clone(), unknown)
}

fn container(title: Text) -> Container {
    Container::new(title)
}

/// Parses a patent number as vitae writes it (`EP3991102A1`): office, number, kind code.
fn parse_patent_number(v: &str) -> Option<(PatentOffice, String, Option<String>)> {
    if v.len() < 3 || !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let office = PatentOffice::new(v.get(..2)?).ok()?;
    let rest = v.get(2..)?;
    let b = rest.as_bytes();
    let n = b.len();
    let kind_len = if n >= 2 && b[n - 1].is_ascii_alphabetic() {
        1
    } else if n >= 3 && b[n - 1].is_ascii_digit() && b[n - 2].is_ascii_alphabetic() {
        2
    } else {
        0
    };
    let number = &rest[..n - kind_len];
    if number.is_empty() || !number.bytes().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let kind = (kind_len > 0).then(|| rest[n - kind_len..].to_owned());
    Some((office, number.to_owned(), kind))
}

impl Importer {
    fn new(multiple: bool) -> Self {
        Self {
            multiple,
            doc: 0,
            line: None,
            person: None,
            cv: Cv::new(placeholder_person()),
            works: Vec::new(),
            patents: Vec::new(),
            patent_citations: Vec::new(),
            losses: Vec::new(),
            name_missing: false,
        }
    }

    fn at(&self, path: &str) -> String {
        Self::qualified(self.multiple, self.doc, path)
    }

    /// A path in a document, with the document's index when several are read.
    fn qualified(multiple: bool, doc: usize, path: &str) -> String {
        if multiple {
            format!("document {doc}: {path}")
        } else {
            path.to_owned()
        }
    }

    fn loss(&mut self, kind: LossKind, at: &str, detail: impl Into<String>) {
        let at = self.at(at);
        self.losses.push(Loss {
            kind,
            at,
            line: self.line,
            detail: detail.into(),
        });
    }

    fn head(&mut self, head: Head) {
        match head {
            Head::Record { orcid, person } => {
                if let Some(p) = person {
                    self.person(&p, "record:record/person:person");
                }
                if let Some(o) = orcid {
                    match OrcidId::new(&o) {
                        Ok(id) => {
                            if let Some(p) = &mut self.person {
                                p.orcid = Some(id);
                            } else {
                                self.cv.person.orcid = Some(id);
                            }
                        }
                        Err(e) => self.loss(
                            LossKind::InvalidValue,
                            "record:record/common:orcid-identifier",
                            e.to_string(),
                        ),
                    }
                }
            }
            Head::Person(p) => self.person(&p, "person:person"),
            Head::Nothing => {}
        }
    }

    fn item(&mut self, item: doc::Item, at: &str) {
        match item {
            doc::Item::Work(w) => self.work(w, at),
            doc::Item::Affiliation(a) => self.affiliation(a, at),
            doc::Item::Funding(f) => self.funding(f, at),
            doc::Item::PeerReview(r) => self.peer_review(*r, at),
            doc::Item::ResearchResource(r) => self.research_resource(r, at),
        }
    }

    /// The identifiers of a list of external ids, in order.
    fn identifiers(&mut self, ids: &[ExternalId], at: &str) -> Vec<Identifier> {
        ids.iter()
            .enumerate()
            .filter_map(|(k, x)| {
                self.identifier(
                    x,
                    &format!("{at}/common:external-ids/common:external-id[{}]", k + 1),
                )
            })
            .collect()
    }

    /// The external ids of a type ORCID knows. ORCID's samples fill peer reviews and
    /// research resources with placeholder types (`something`, `proposal_id`) that its API
    /// refuses on write: those are reported, not kept.
    fn known_types(&mut self, ids: &[ExternalId], at: &str) -> Vec<ExternalId> {
        ids.iter()
            .filter(|x| {
                let ok = super::vocab::is_external_id_type(x.id_type.trim());
                if !ok {
                    self.loss(
                        LossKind::InvalidValue,
                        at,
                        format!(
                            "the identifier type {:?} is not one ORCID knows; not kept",
                            x.id_type
                        ),
                    );
                }
                ok
            })
            .cloned()
            .collect()
    }

    fn peer_review(&mut self, r: doc::PeerReview, at: &str) {
        let (visibility, put_code) = self.meta(&r.meta, at);
        let Some(organization) = self.organization(
            &r.organization,
            &format!("{at}/peer-review:convening-organization"),
        ) else {
            return;
        };
        let Some(date) = r.completion else {
            self.loss(
                LossKind::InvalidValue,
                at,
                "a peer review without completion date is left out",
            );
            return;
        };
        let role = ReviewerRole::from_orcid(&r.role).unwrap_or_else(|| {
            self.loss(
                LossKind::InvalidValue,
                &format!("{at}/peer-review:reviewer-role"),
                format!("unknown reviewer role {:?}; kept as reviewer", r.role),
            );
            ReviewerRole::Reviewer
        });
        let review_type = ReviewType::from_orcid(&r.review_type).unwrap_or_else(|| {
            self.loss(
                LossKind::InvalidValue,
                &format!("{at}/peer-review:review-type"),
                format!("unknown review type {:?}; kept as review", r.review_type),
            );
            ReviewType::Review
        });
        let known = self.known_types(
            &r.external_ids,
            &format!("{at}/peer-review:review-identifiers"),
        );
        let identifiers = self.identifiers(&known, at);
        let url = self.url(r.url.as_deref(), at, "peer-review:review-url");
        let sat = format!("{at}/peer-review:subject-name");
        let subject = ReviewSubject {
            title: r
                .subject_name
                .as_ref()
                .and_then(|t| Text::new(&t.title).ok()),
            translated_title: r
                .subject_name
                .as_ref()
                .and_then(|t| self.translated(t, &sat)),
            kind: r.subject_type.clone(),
            container: r.subject_container.clone(),
            identifier: r.subject_id.as_ref().and_then(|x| {
                self.identifier(x, &format!("{at}/peer-review:subject-external-identifier"))
            }),
            url: self.url(r.subject_url.as_deref(), at, "peer-review:subject-url"),
        };
        self.cv.peer_reviews.push(PeerReview {
            id: None,
            role,
            review_type,
            date,
            group_id: r.group_id.clone(),
            identifiers,
            url,
            subject: (!subject.is_empty()).then_some(subject),
            organization,
            visibility,
            put_code,
        });
    }

    fn research_resource(&mut self, r: doc::ResearchResource, at: &str) {
        let (visibility, put_code) = self.meta(&r.meta, at);
        let pat = format!("{at}/research-resource:proposal");
        let Some(title) = self.text(
            &r.title.title,
            &format!("{pat}/research-resource:title"),
            "a research resource's title",
        ) else {
            return;
        };
        let translated_title = self.translated(&r.title, &format!("{pat}/research-resource:title"));
        let hosts: Vec<Organization> = r
            .hosts
            .iter()
            .enumerate()
            .filter_map(|(i, o)| {
                self.organization(
                    o,
                    &format!(
                        "{pat}/research-resource:hosts/common:organization[{}]",
                        i + 1
                    ),
                )
            })
            .collect();
        let known = self.known_types(&r.external_ids, &format!("{pat}/common:external-ids"));
        let identifiers = self.identifiers(&known, &pat);
        let period = match DateRange::new(r.start, r.end) {
            Ok(p) => p,
            Err(e) => {
                self.loss(
                    LossKind::InvalidValue,
                    &format!("{pat}/common:end-date"),
                    format!("{e}; the end date is not kept"),
                );
                DateRange::new(r.start, None).unwrap_or_default()
            }
        };
        let url = self.url(r.url.as_deref(), &pat, "common:url");
        let mut items = Vec::new();
        for (i, x) in r.items.iter().enumerate() {
            let xat = format!(
                "{at}/research-resource:resource-items/research-resource:resource-item[{}]",
                i + 1
            );
            let Some(name) = self.text(&x.name, &xat, "a resource item's name") else {
                continue;
            };
            let Some(kind) = ResourceType::from_orcid(&x.resource_type) else {
                self.loss(
                    LossKind::InvalidValue,
                    &format!("{xat}/research-resource:resource-type"),
                    format!(
                        "unknown resource type {:?}; the resource item is left out",
                        x.resource_type
                    ),
                );
                continue;
            };
            let hosts = x
                .hosts
                .iter()
                .enumerate()
                .filter_map(|(k, o)| {
                    self.organization(
                        o,
                        &format!(
                            "{xat}/research-resource:hosts/common:organization[{}]",
                            k + 1
                        ),
                    )
                })
                .collect();
            let known = self.known_types(&x.external_ids, &format!("{xat}/common:external-ids"));
            let identifiers = self.identifiers(&known, &xat);
            let url = self.url(x.url.as_deref(), &xat, "common:url");
            items.push(ResourceItem {
                name,
                kind,
                hosts,
                identifiers,
                url,
            });
        }
        self.cv.research_resources.push(ResearchResource {
            id: None,
            title,
            translated_title,
            hosts,
            identifiers,
            period,
            url,
            items,
            visibility,
            put_code,
        });
    }

    /// Reports what ORCID keeps about an item.
    fn meta(&mut self, m: &doc::Meta, at: &str) -> (Visibility, Option<u64>) {
        self.line = m.line;
        let mut held = Vec::with_capacity(5);
        if m.created.is_some() {
            held.push("created-date");
        }
        if m.last_modified.is_some() {
            held.push("last-modified-date");
        }
        if m.source.is_some() {
            held.push("source");
        }
        if m.path.is_some() {
            held.push("path");
        }
        if m.display_index.is_some() {
            held.push("display-index");
        }
        if !held.is_empty() {
            self.loss(
                LossKind::OrcidMetadata,
                at,
                format!("ORCID's {} are not the CV's", held.join(", ")),
            );
        }
        // ORCID numbers items from 1; its samples write 0 where a put-code would be (copies
        // of one item still meet by it, see `merge.rs`), which is not written back.
        let put_code = match m.put_code {
            Some(0) => {
                self.loss(
                    LossKind::InvalidValue,
                    at,
                    "put-code 0 is no put-code ORCID gives (its samples hold it as a placeholder); not kept",
                );
                None
            }
            p => p,
        };
        (self.visibility(m.visibility.as_deref(), at), put_code)
    }

    fn visibility(&mut self, v: Option<&str>, at: &str) -> Visibility {
        match v.map(str::trim) {
            None | Some("public") => Visibility::Public,
            Some("limited") => Visibility::Limited,
            Some("private") => Visibility::Private,
            Some("registered-only") => {
                self.loss(
                    LossKind::Visibility,
                    at,
                    "visibility registered-only is kept as limited",
                );
                Visibility::Limited
            }
            Some(other) => {
                self.loss(
                    LossKind::InvalidValue,
                    at,
                    format!("unknown visibility {other:?}; kept as private"),
                );
                Visibility::Private
            }
        }
    }

    fn text(&mut self, s: &str, at: &str, what: &str) -> Option<Text> {
        match Text::new(s) {
            Ok(t) => Some(t),
            Err(_) => {
                self.loss(LossKind::InvalidValue, at, format!("{what} is empty"));
                None
            }
        }
    }

    /// The URL of `element` (a child of `at`: its path is made only for a loss).
    fn url(&mut self, s: Option<&str>, at: &str, element: &str) -> Option<Url> {
        let s = s?;
        match Url::parse(s) {
            Ok(u) => Some(u),
            Err(e) => {
                self.loss(
                    LossKind::InvalidValue,
                    &format!("{at}/{element}"),
                    format!("{s:?} is not an absolute URL ({e})"),
                );
                None
            }
        }
    }

    fn country(&mut self, s: Option<&str>, at: &str) -> Option<CountryCode> {
        let s = s?;
        match CountryCode::new(s) {
            Ok(c) => Some(c),
            Err(e) => {
                self.loss(LossKind::InvalidValue, at, e.to_string());
                None
            }
        }
    }

    fn identifier(&mut self, x: &ExternalId, at: &str) -> Option<Identifier> {
        let scheme = self.text(&x.id_type, at, "an external id's type")?;
        let value = self.text(&x.value, at, "an external id's value")?;
        let url = self.url(x.url.as_deref(), at, "common:external-id-url");
        let relationship = match x.relationship.as_deref() {
            None => Relationship::SelfId,
            Some(r) => Relationship::from_orcid(r).unwrap_or_else(|| {
                self.loss(
                    LossKind::InvalidValue,
                    at,
                    format!("unknown relationship {r:?}; kept as self"),
                );
                Relationship::SelfId
            }),
        };
        Some(Identifier {
            scheme,
            value,
            url,
            relationship,
        })
    }

    fn organization(&mut self, o: &doc::Organization, at: &str) -> Option<Organization> {
        let name = self.text(&o.name, at, "an organization's name")?;
        let mut org = Organization::named(&name).ok()?;
        org.city = o.city.clone();
        org.region = o.region.clone();
        org.country = self.country(
            o.country.as_deref(),
            &format!("{at}/common:address/common:country"),
        );
        if let Some((id, source)) = &o.disambiguated {
            // A valid id of a registry the model has a field for goes there; any other id
            // (LEI, an unknown source, an id vitae cannot check) is kept as it is.
            let typed = match source.trim().to_ascii_uppercase().as_str() {
                "ROR" => RorId::new(id).map(|r| org.ror = Some(r)).is_ok(),
                "GRID" => GridId::new(id).map(|g| org.grid = Some(g)).is_ok(),
                "RINGGOLD" => id.parse::<u64>().map(|r| org.ringgold = Some(r)).is_ok(),
                "FUNDREF" => FundrefId::new(id).map(|f| org.fundref = Some(f)).is_ok(),
                _ => false,
            };
            // Kept as given when its form is not the one the typed field writes back.
            let written = [
                org.ror.as_ref().map(|r| r.url()),
                org.grid.as_ref().map(|g| g.as_str().to_owned()),
                org.ringgold.map(|r| r.to_string()),
                org.fundref
                    .as_ref()
                    .map(|f| super::export::fundref_identifier(f.as_str())),
            ];
            if !typed
                || !written.iter().flatten().any(|w| w == id)
                || source != &source.trim().to_ascii_uppercase()
            {
                org.ror = None;
                org.grid = None;
                org.ringgold = None;
                org.fundref = None;
                org.disambiguated = Some(DisambiguatedId {
                    source: source.clone(),
                    id: id.clone(),
                });
            }
        }
        Some(org)
    }

    /// The contributors of `element` (a child of `at`).
    fn contributors(
        &mut self,
        list: &[doc::Contributor],
        at: &str,
        element: &str,
        funding: bool,
    ) -> Vec<Contributor> {
        let mut out = Vec::new();
        for (i, c) in list.iter().enumerate() {
            let cat = format!("{at}/{element}/contributor[{}]", i + 1);
            let name = c
                .credit_name
                .clone()
                .or_else(|| c.orcid.clone())
                .unwrap_or_default();
            if c.credit_name.is_none() {
                self.loss(
                    LossKind::InvalidValue,
                    &cat,
                    "a contributor without credit-name is named by its ORCID iD",
                );
            }
            let Ok(mut person) = name.parse::<Contributor>() else {
                self.loss(
                    LossKind::InvalidValue,
                    &cat,
                    "a contributor without name is left out",
                );
                continue;
            };
            if let Some(o) = &c.orcid {
                match OrcidId::new(o) {
                    Ok(id) => person.orcid = Some(id),
                    Err(e) => self.loss(LossKind::InvalidValue, &cat, e.to_string()),
                }
            }
            if c.email.is_some() {
                self.loss(
                    LossKind::ContributorEmail,
                    &cat,
                    "a contributor's e-mail address is not kept",
                );
            }
            if !funding {
                let expected = if i == 0 { "first" } else { "additional" };
                if let Some(s) = &c.sequence
                    && s != expected
                {
                    self.loss(
                        LossKind::ContributorSequence,
                        &cat,
                        format!(
                            "sequence {s:?} at position {}; the CV's order is kept",
                            i + 1
                        ),
                    );
                }
            }
            person.role = self.role(c.role.as_deref(), funding, &cat);
            out.push(person);
        }
        out
    }

    fn role(&mut self, r: Option<&str>, funding: bool, at: &str) -> ContributorRole {
        let Some(r) = r.map(str::trim) else {
            return ContributorRole::Author;
        };
        let mapped = if funding {
            match r {
                "lead" => Some(ContributorRole::PrincipalInvestigator),
                "co-lead" => Some(ContributorRole::CoInvestigator),
                "other-contribution" => Some(ContributorRole::Other),
                _ => None,
            }
        } else if r == format!("{CREDIT_ROLE_PREFIX}supervision/") {
            Some(ContributorRole::Supervisor)
        } else {
            match r {
                "author" => Some(ContributorRole::Author),
                "editor" => Some(ContributorRole::Editor),
                "assignee" => Some(ContributorRole::Assignee),
                "chair-or-translator" => Some(ContributorRole::Chair),
                "co-investigator" => Some(ContributorRole::CoInvestigator),
                "principal-investigator" => Some(ContributorRole::PrincipalInvestigator),
                "co-inventor" => Some(ContributorRole::Inventor),
                _ => None,
            }
        };
        mapped.unwrap_or_else(|| {
            let (kept, as_) = if !funding && r == "other-inventor" {
                (ContributorRole::Inventor, "co-inventor")
            } else if funding {
                (ContributorRole::Other, "other-contribution")
            } else {
                (ContributorRole::Author, "author")
            };
            self.loss(
                LossKind::ContributorRole,
                at,
                format!("role {r:?} has no equivalent in the CV; kept as {as_}"),
            );
            kept
        })
    }

    fn work(&mut self, d: doc::Work, at: &str) {
        let (vis, put_code) = self.meta(&d.meta, at);
        let t = match d.work_type.parse::<WorkType>() {
            Ok(t) => t,
            Err(_) => {
                self.loss(
                    LossKind::InvalidValue,
                    &format!("{at}/work:type"),
                    format!("unknown work type {:?}; kept as other", d.work_type),
                );
                WorkType::Other
            }
        };
        if t == WorkType::Patent && self.patent(&d, at, vis, put_code) {
            return;
        }
        let Some(title) = self.text(
            &d.title.title,
            at,
            "the work's title (so the work is left out)",
        ) else {
            return;
        };
        let (mut kind, presentation) = work_kind_for(t);
        if kind == WorkKind::Other && t != WorkType::Other {
            // A type the table does not list: the BibTeX entry vitae wrote names the kind.
            let entry = d
                .citation
                .as_ref()
                .filter(|(ct, _)| ct == "bibtex")
                .and_then(|(_, v)| v.strip_prefix('@')?.split('{').next());
            kind = match entry {
                Some("article") => WorkKind::JournalArticle,
                Some("inproceedings") => WorkKind::ConferencePaper,
                Some("incollection") => WorkKind::BookChapter,
                Some("book") => WorkKind::Book,
                Some("techreport") => WorkKind::Report,
                Some("phdthesis" | "mastersthesis") => WorkKind::Thesis,
                _ => WorkKind::Other,
            };
        }
        let mut w = Work::new(kind, title);
        w.presentation = presentation;
        if work_type_for(kind, presentation) != t {
            w.orcid_type = Some(t);
        }
        w.visibility = vis;
        w.put_code = put_code;
        w.subtitle = d.title.subtitle.clone();
        w.translated_title = self.translated(&d.title, at).into_iter().collect();
        if let Some(j) = &d.journal_title
            && let Ok(jt) = Text::new(j)
        {
            if kind.is_presentation() || kind == WorkKind::Poster {
                w.event = Some(Event {
                    name: jt,
                    host: None,
                    location: None,
                    dates: Vec::new(),
                    url: None,
                });
            } else {
                w.container = Some(container(jt));
            }
        }
        w.r#abstract = d.short_description.clone();
        w.date = d.publication_date;
        w.url = self.url(d.url.as_deref(), at, "common:url");
        if let Some(l) = &d.language_code {
            w.language = language_from_orcid(l);
            if w.language.is_none() {
                self.loss(
                    LossKind::InvalidValue,
                    &format!("{at}/common:language-code"),
                    format!("unknown language code {l:?}"),
                );
            }
        }
        if let Some((c, cvis)) = &d.country {
            w.country = self.country(Some(c), &format!("{at}/common:country"));
            if let Some(v) = cvis
                && v.trim() != vis.as_str()
            {
                self.loss(
                    LossKind::CountryVisibility,
                    &format!("{at}/common:country"),
                    format!(
                        "the country's visibility {v:?} differs from the work's; the work's is kept"
                    ),
                );
            }
        }
        let people = self.contributors(&d.contributors, at, "work:contributors", false);
        for c in people {
            let editor_of_container =
                c.role == ContributorRole::Editor && kind != WorkKind::EditedBook;
            match (&mut w.container, editor_of_container) {
                (Some(cont), true) => cont.editors.push(c),
                _ => w.authors.push(c),
            }
        }
        let ids = self.work_ids(&mut w, &d.external_ids, at);
        let id_from_source_work_id = w.id.is_some();
        if w.id.is_none() {
            w.id = bibtex_key(d.citation.as_ref());
        }
        let self_ids = d
            .external_ids
            .iter()
            .filter(|x| x.relationship() == "self")
            .map(|x| (x.id_type.clone(), x.value.clone()))
            .collect();
        self.works.push(PendingWork {
            work: w,
            id_from_source_work_id,
            links: WorkLinks {
                ids,
                self_ids,
                citation: d.citation,
            },
        });
    }

    fn translated(&mut self, t: &doc::Title, at: &str) -> Option<TranslatedTitle> {
        let (text, lang) = t.translated.as_ref()?;
        let language = language_from_orcid(lang);
        let title = Text::new(text).ok();
        match (title, language) {
            (Some(title), Some(language)) => Some(TranslatedTitle { title, language }),
            _ => {
                self.loss(
                    LossKind::InvalidValue,
                    &format!("{at}/common:translated-title"),
                    format!("a translated title with language {lang:?} vitae does not know"),
                );
                None
            }
        }
    }

    /// Sorts a work's external ids into the model's fields, keeping the rest.
    fn work_ids(&mut self, w: &mut Work, ids: &[ExternalId], at: &str) -> Vec<PendingId> {
        let mut out = Vec::new();
        let mut consumed = vec![false; ids.len()];
        for (k, x) in ids.iter().enumerate() {
            let v = x.value.trim();
            let rel = x.relationship();
            let ok = match (x.id_type.as_str(), rel) {
                ("doi", "self") if w.doi.is_none() => match Doi::new(v) {
                    Ok(d) if d.as_str() == v && x.url.as_deref().is_none_or(|u| u == d.url()) => {
                        w.doi = Some(d);
                        true
                    }
                    _ => false,
                },
                ("arxiv", "self") if w.arxiv.is_none() => match ArxivId::new(v) {
                    Ok(a) if a.as_str() == v && x.url.as_deref().is_none_or(|u| u == a.url()) => {
                        w.arxiv = Some(a);
                        true
                    }
                    _ => false,
                },
                ("pmid", "self") if w.pmid.is_none() => {
                    let good = !v.is_empty()
                        && v.bytes().all(|b| b.is_ascii_digit())
                        && x.url.as_deref().is_none_or(|u| u == pubmed_url(v));
                    if good {
                        w.pmid = Some(v.to_owned());
                    }
                    good
                }
                ("isbn", "self") => match Isbn::new(v) {
                    Ok(i) if i.as_str() == v && x.url.is_none() => {
                        w.isbn.push(i);
                        true
                    }
                    _ => false,
                },
                ("issn", "part-of") if w.container.is_some() => match Issn::new(v) {
                    Ok(i) if i.as_str() == v && x.url.is_none() => {
                        if let Some(c) = &mut w.container {
                            c.issn.push(i);
                        }
                        true
                    }
                    _ => false,
                },
                ("isbn", "part-of") if w.container.is_some() => match Isbn::new(v) {
                    Ok(i) if i.as_str() == v && x.url.is_none() => {
                        if let Some(c) = &mut w.container {
                            c.isbn.push(i);
                        }
                        true
                    }
                    _ => false,
                },
                _ => false,
            };
            consumed[k] = ok;
        }
        // uri and source-work-id are what the export writes for a work without other self
        // ids: keep them in `url` and `id` only then.
        let other_self = ids.iter().enumerate().any(|(k, x)| {
            x.relationship() == "self"
                && !consumed[k]
                && !matches!(x.id_type.as_str(), "uri" | "source-work-id")
        }) || ids
            .iter()
            .enumerate()
            .any(|(k, x)| consumed[k] && x.relationship() == "self");
        if !other_self {
            let url = w.url.as_ref().map(|u| u.to_string());
            let uri = ids.iter().position(|x| {
                x.id_type == "uri"
                    && x.relationship() == "self"
                    && url.is_some()
                    && Some(x.value.trim()) == url.as_deref()
                    && x.url.as_deref().is_none_or(|u| Some(u) == url.as_deref())
            });
            if let Some(k) = uri {
                consumed[k] = true;
            } else if url.is_none() {
                let swids: Vec<usize> = ids
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| x.id_type == "source-work-id" && x.relationship() == "self")
                    .map(|(k, _)| k)
                    .collect();
                let all_self = ids.iter().filter(|x| x.relationship() == "self").count();
                if let [k] = swids[..]
                    && all_self == 1
                    && ids[k].url.is_none()
                    && let Ok(id) = ItemId::new(ids[k].value.trim())
                {
                    w.id = Some(id);
                    consumed[k] = true;
                }
            }
        }
        for (k, x) in ids.iter().enumerate() {
            if consumed[k] {
                continue;
            }
            let iat = format!("{at}/common:external-ids/common:external-id[{}]", k + 1);
            let kept = self.identifier(x, &iat);
            match x.relationship() {
                "version-of" => out.push(PendingId::VersionOf(x.clone(), kept)),
                "funded-by" if x.id_type == "grant_number" && x.url.is_none() => {
                    out.push(PendingId::FundedBy(x.clone(), kept))
                }
                _ => {
                    if let Some(i) = kept {
                        out.push(PendingId::Kept(i));
                    }
                }
            }
        }
        out
    }

    /// A patent work whose `pat` id vitae can read becomes a member of a patent family.
    /// Returns false when the work is to be read as an ordinary work instead.
    fn patent(&mut self, d: &doc::Work, at: &str, vis: Visibility, put_code: Option<u64>) -> bool {
        let pats: Vec<&ExternalId> = d
            .external_ids
            .iter()
            .filter(|x| x.id_type == "pat" && x.relationship() == "self")
            .collect();
        let [pat] = pats[..] else {
            return false;
        };
        let Some((office, number, kind_code)) = parse_patent_number(pat.value.trim()) else {
            return false;
        };
        let url = d.url.as_deref().or(pat.url.as_deref());
        if pat.url.is_some() && d.url.is_some() && pat.url != d.url {
            return false;
        }
        let others: Vec<&ExternalId> = d
            .external_ids
            .iter()
            .filter(|x| !(x.id_type == "pat" && x.relationship() == "self"))
            .collect();
        if others
            .iter()
            .any(|x| !(x.id_type == "pat" && x.relationship() == "version-of"))
        {
            return false;
        }
        let Some(title) = self.text(&d.title.title, at, "the patent's title") else {
            return false;
        };
        // The number as the office writes it (`2022/0114455`), when the citation says so.
        let number = d
            .citation
            .as_ref()
            .filter(|(t, _)| t == "bibtex")
            .and_then(|(_, v)| {
                bibtex::simple_fields(v)
                    .into_iter()
                    .find(|(k, _)| k == "howpublished")
            })
            .and_then(|(_, h)| {
                let rest = h.strip_prefix("Patent ")?;
                let mut parts = rest.split(' ');
                let (o, n) = (parts.next()?, parts.next()?);
                let k = parts.next();
                let compact: String = n.chars().filter(char::is_ascii_alphanumeric).collect();
                (o == office.as_str() && compact == number && k == kind_code.as_deref())
                    .then(|| n.to_owned())
            })
            .unwrap_or(number);
        let Ok(number_text) = Text::new(&number) else {
            return false;
        };
        let url = self.url(url, at, "common:url");
        let status = match kind_code.as_deref().and_then(|k| k.chars().next()) {
            Some('B' | 'C') => PatentStatus::Granted,
            _ => PatentStatus::Published,
        };
        let mut lost = Vec::new();
        if d.title.subtitle.is_some() {
            lost.push("subtitle");
        }
        if d.title.translated.is_some() {
            lost.push("translated-title");
        }
        if d.journal_title.is_some() {
            lost.push("journal-title");
        }
        if d.short_description.is_some() {
            lost.push("short-description");
        }
        if d.language_code.is_some() {
            lost.push("language-code");
        }
        if let Some((c, _)) = &d.country
            && c.trim() != office.as_str()
        {
            lost.push("country");
        }
        if !lost.is_empty() {
            self.loss(
                LossKind::PatentField,
                at,
                format!("a patent filing has no place for {}", lost.join(", ")),
            );
        }
        let people = self.contributors(&d.contributors, at, "work:contributors", false);
        let mut inventors = Vec::new();
        let mut assignees = Vec::new();
        for mut c in people {
            match c.role {
                ContributorRole::Assignee => {
                    if let Ok(o) = Organization::named(&credit_name(&c)) {
                        assignees.push(o);
                    }
                }
                ContributorRole::Inventor => {
                    c.role = ContributorRole::Author;
                    inventors.push(c);
                }
                _ => inventors.push(c),
            }
        }
        let member = PatentMember {
            id: bibtex_key(d.citation.as_ref()),
            office,
            number: number_text,
            kind_code,
            status,
            date: d.publication_date,
            title: Some(title.clone()),
            url,
            put_code,
        };
        let versions = others.into_iter().cloned().collect();
        if let Some(c) = &d.citation {
            self.patent_citations.push((
                pat.value.trim().to_owned(),
                c.clone(),
                self.at(at),
                d.meta.line,
            ));
        }
        self.patents.push(PendingPatent {
            member,
            title,
            inventors,
            assignees,
            visibility: vis,
            pat: pat.value.trim().to_owned(),
            version_of: versions,
            at: self.at(at),
            line: d.meta.line,
        });
        true
    }

    fn affiliation(&mut self, a: doc::Affiliation, at: &str) {
        let (vis, put_code) = self.meta(&a.meta, at);
        // The XSD lets an affiliation go without organization: it is kept without one (the
        // ORCID export then names it missing). One with an organization vitae cannot keep
        // (an empty name) is left out, as the loss says.
        let mut org = match &a.organization {
            Some(o) => match self.organization(o, &format!("{at}/common:organization")) {
                Some(org) => Some(org),
                None => return,
            },
            None => None,
        };
        let url = self.url(a.url.as_deref(), at, "common:url");
        let identifiers: Vec<Identifier> = a
            .external_ids
            .iter()
            .enumerate()
            .filter_map(|(k, x)| {
                self.identifier(
                    x,
                    &format!("{at}/common:external-ids/common:external-id[{}]", k + 1),
                )
            })
            .collect();
        if a.section == Section::Distinction {
            let title = match (
                a.role_title.as_deref().and_then(|t| Text::new(t).ok()),
                &org,
            ) {
                (Some(t), _) => t,
                (None, Some(o)) => {
                    self.loss(
                        LossKind::DistinctionTitle,
                        at,
                        "a distinction without role-title: its title is taken from the organization's name",
                    );
                    o.name.clone()
                }
                (None, None) => {
                    self.loss(
                        LossKind::MissingOrganization,
                        at,
                        "a distinction without role-title and without organization has no title; it is left out",
                    );
                    return;
                }
            };
            if let Some(o) = &mut org {
                o.department = a.department.clone();
            }
            self.cv.awards.push(Award {
                id: None,
                title,
                date: a.start,
                end: a.end,
                organization: org,
                rank: None,
                description: None,
                work: None,
                amount: None,
                url,
                identifiers,
                visibility: vis,
                put_code,
            });
            return;
        }
        let period = match DateRange::new(a.start, a.end) {
            Ok(p) => p,
            Err(e) => {
                self.loss(
                    LossKind::InvalidValue,
                    &format!("{at}/common:end-date"),
                    format!("{e}; the end date is not kept"),
                );
                DateRange::new(a.start, None).unwrap_or_default()
            }
        };
        let section = a
            .section
            .affiliation_section()
            .unwrap_or(crate::model::AffiliationSection::Employment);
        self.cv.affiliations_mut(section).push(Affiliation {
            id: None,
            organization: org,
            role: a.role_title.as_deref().and_then(|t| Text::new(t).ok()),
            department: a.department.clone(),
            period,
            description: None,
            details: Vec::new(),
            supervisors: Vec::new(),
            degree: None,
            url,
            identifiers,
            journal: None,
            editorial_role: None,
            visibility: vis,
            put_code,
        });
    }

    fn funding(&mut self, f: doc::Funding, at: &str) {
        let (vis, put_code) = self.meta(&f.meta, at);
        let Some(title) = self.text(
            &f.title.title,
            at,
            "the funding's title (so it is left out)",
        ) else {
            return;
        };
        let funding_type = match f.funding_type.trim() {
            "grant" => FundingType::Grant,
            "contract" => FundingType::Contract,
            "award" => FundingType::Award,
            "salary-award" => FundingType::SalaryAward,
            other => {
                self.loss(
                    LossKind::InvalidValue,
                    &format!("{at}/funding:type"),
                    format!("unknown funding type {other:?}; kept as grant"),
                );
                FundingType::Grant
            }
        };
        let amount = f.amount.as_ref().and_then(|(value, currency)| {
            let aat = format!("{at}/funding:amount");
            let parsed = CurrencyCode::new(currency)
                .map_err(|e| e.to_string())
                .and_then(|c| Amount::new(value, c).map_err(|e| e.to_string()));
            match parsed {
                Ok(a) => {
                    if a.value() != value.trim() {
                        self.loss(
                            LossKind::AmountFormat,
                            &aat,
                            format!("the amount {value:?} is kept as {}", a.value()),
                        );
                    }
                    Some(a)
                }
                Err(e) => {
                    self.loss(LossKind::InvalidValue, &aat, e);
                    None
                }
            }
        });
        let url = self.url(f.url.as_deref(), at, "common:url");
        let period = match DateRange::new(f.start, f.end) {
            Ok(p) => p,
            Err(e) => {
                self.loss(
                    LossKind::InvalidValue,
                    &format!("{at}/common:end-date"),
                    format!("{e}; the end date is not kept"),
                );
                DateRange::new(f.start, None).unwrap_or_default()
            }
        };
        let mut grant_number = None;
        let mut consumed = vec![false; f.external_ids.len()];
        if let Some(k) = f.external_ids.iter().position(|x| {
            x.id_type == "grant_number" && x.relationship() == "self" && x.url.is_none()
        }) {
            grant_number = Some(f.external_ids[k].value.trim().to_owned());
            consumed[k] = true;
        }
        let mut identifiers = Vec::new();
        for (k, x) in f.external_ids.iter().enumerate() {
            if !consumed[k] {
                let iat = format!("{at}/common:external-ids/common:external-id[{}]", k + 1);
                if let Some(i) = self.identifier(x, &iat) {
                    identifiers.push(i);
                }
            }
        }
        let investigators = self.contributors(&f.contributors, at, "funding:contributors", true);
        let funder = self.organization(&f.organization, &format!("{at}/common:organization"));
        let translated_title = self.translated(&f.title, at).into_iter().collect();
        self.cv.projects.push(Project {
            id: None,
            title,
            translated_title,
            transliterated_title: Vec::new(),
            acronym: None,
            period,
            role: None,
            description: f.short_description.clone(),
            funder: funder.into_iter().collect(),
            funding_type,
            programme: f.organization_defined_type.clone(),
            grant_number,
            amount,
            host: None,
            investigators,
            url,
            identifiers,
            visibility: vis,
            put_code,
        });
    }

    /// A name part the record does not give: a loss, and the name is withheld in exports.
    fn missing_name(&mut self, kind: LossKind, at: &str, what: &str) {
        self.name_missing = true;
        self.loss(kind, at, what);
    }

    fn person(&mut self, p: &doc::Person, at: &str) {
        self.line = None;
        let mut person = placeholder_person();
        match p.given_names.as_deref().and_then(|g| Text::new(g).ok()) {
            Some(g) => person.given_names = g,
            None => self.missing_name(
                LossKind::InvalidValue,
                &format!("{at}/person:name"),
                "no given names (private?); the CV says \"Unknown\"",
            ),
        }
        match p.family_name.as_deref().and_then(|g| Text::new(g).ok()) {
            Some(f) => person.family_name = f,
            None => self.missing_name(
                LossKind::InvalidValue,
                &format!("{at}/person:name"),
                "no family name (private?); the CV says \"Unknown\"",
            ),
        }
        person.credit_name = p.credit_name.clone();
        if let Some(v) = &p.name_visibility
            && v != "public"
        {
            self.loss(
                LossKind::PersonEntryMeta,
                &format!("{at}/person:name"),
                format!("the name's visibility {v:?} is not kept (a CV's name is public)"),
            );
        }
        let entry_meta = |im: &mut Self, m: &doc::Meta, what: &str| {
            im.line = m.line;
            let vis_lost = m.visibility.as_deref().is_some_and(|v| v != "public");
            if m.put_code.is_some() || vis_lost {
                im.loss(
                    LossKind::PersonEntryMeta,
                    &format!("{at}/{what}"),
                    format!("the put-code and visibility of {what} are not kept"),
                );
            }
            let mut held = Vec::new();
            if m.created.is_some() || m.last_modified.is_some() || m.source.is_some() {
                held.push("dates and source");
            }
            if m.display_index.is_some() {
                held.push("display-index");
            }
            if !held.is_empty() {
                im.loss(
                    LossKind::OrcidMetadata,
                    &format!("{at}/{what}"),
                    format!("ORCID's {} of {what} are not the CV's", held.join(", ")),
                );
            }
        };
        for e in &p.other_names {
            entry_meta(self, &e.meta, "other-name");
            let (given, family) = crate::model::split_name(&e.value);
            let Some(family) = family.and_then(|f| Text::new(&f).ok()) else {
                self.loss(
                    LossKind::InvalidValue,
                    &format!("{at}/other-name"),
                    "an empty other name",
                );
                continue;
            };
            let given = given.filter(|g| g != person.given_names.as_str());
            let mut v = NameVariant {
                given_names: given,
                family_name: family,
                kind: NameKind::Alias,
                note: None,
                name: None,
            };
            // Kept as written when the parts would not give it back.
            if v.written(person.given_names.as_str()) != e.value {
                v.name = Some(e.value.clone());
            }
            person.name_variants.push(v);
        }
        if let Some(b) = &p.biography {
            entry_meta(self, &b.meta, "biography");
            person.bio = Some(b.value.clone());
        }
        for e in &p.researcher_urls {
            entry_meta(self, &e.meta, "researcher-url");
            if let Some(url) = self.url(Some(&e.value.url), at, "researcher-url") {
                let mut link: Link = match serde_json::from_value(serde_json::json!(url.as_str())) {
                    Ok(l) => l,
                    Err(_) => Link::new(LinkKind::Other, url),
                };
                link.label = e.value.name.clone();
                person.profiles.push(link);
            }
        }
        for e in &p.emails {
            if e.meta.put_code.is_some() {
                self.loss(
                    LossKind::PersonEntryMeta,
                    &format!("{at}/email"),
                    "the put-code of an e-mail address is not kept",
                );
            }
            entry_meta_dates(self, &e.meta, &format!("{at}/email"));
            let vis = self.visibility(e.meta.visibility.as_deref(), &format!("{at}/email"));
            match Email::new(&e.value) {
                Ok(m) => person.emails.push(Private {
                    value: m,
                    visibility: vis,
                }),
                Err(x) => self.loss(
                    LossKind::InvalidValue,
                    &format!("{at}/email"),
                    x.to_string(),
                ),
            }
        }
        for (i, e) in p.addresses.iter().enumerate() {
            if e.meta.put_code.is_some() {
                self.loss(
                    LossKind::PersonEntryMeta,
                    &format!("{at}/address"),
                    "the put-code of an address is not kept",
                );
            }
            entry_meta_dates(self, &e.meta, &format!("{at}/address"));
            if i > 0 {
                self.loss(
                    LossKind::ExtraAddress,
                    &format!("{at}/address[{}]", i + 1),
                    "the CV holds one address; this one is not kept",
                );
                continue;
            }
            let vis = self.visibility(e.meta.visibility.as_deref(), &format!("{at}/address"));
            if let Some(country) = self.country(Some(&e.value), &format!("{at}/address")) {
                person.address = Some(Private {
                    value: Address {
                        street: None,
                        postal_code: None,
                        city: None,
                        region: None,
                        country,
                    },
                    visibility: vis,
                });
            }
        }
        for e in &p.keywords {
            entry_meta(self, &e.meta, "keyword");
            if let Ok(t) = Text::new(&e.value) {
                person.research_areas.push(t);
            }
        }
        for e in &p.external_identifiers {
            entry_meta(self, &e.meta, "external-identifier");
            let x = &e.value;
            if x.id_type.eq_ignore_ascii_case("isni")
                && person.isni.is_none()
                && let Ok(i) = Isni::new(&x.value)
                && i.as_str() == x.value.trim()
                && x.url.as_deref().is_none_or(|u| u == i.url())
                && x.relationship() == "self"
            {
                person.isni = Some(i);
                continue;
            }
            if let Some(i) = self.identifier(x, &format!("{at}/external-identifier")) {
                person.identifiers.push(i);
            }
        }
        self.person = Some(person);
    }

    fn finish(mut self) -> Imported {
        let person_found = self.person.is_some();
        let name_found = person_found && !self.name_missing;
        if let Some(mut p) = self.person.take() {
            if p.orcid.is_none() {
                p.orcid = self.cv.person.orcid.take();
            }
            self.cv.person = p;
        }
        self.families();
        // Ids taken from documents must be unique: a second source-work-id is kept as an
        // identifier, a second BibTeX key is dropped (the item gets a derived id).
        let mut taken = HashSet::new();
        for w in &mut self.works {
            if let Some(id) = &w.work.id
                && !taken.insert(id.clone())
            {
                if w.id_from_source_work_id {
                    let value = Text::from(id);
                    w.links.ids.push(PendingId::Kept(Identifier {
                        scheme: Text::literal("source-work-id"),
                        value,
                        url: None,
                        relationship: Relationship::SelfId,
                    }));
                }
                w.work.id = None;
            }
        }
        for f in &mut self.cv.patents {
            for m in &mut f.members {
                if let Some(id) = &m.id
                    && !taken.insert(id.clone())
                {
                    m.id = None;
                }
            }
        }
        let works: Vec<WorkLinks>;
        (self.cv.works, works) = std::mem::take(&mut self.works)
            .into_iter()
            .map(|w| (w.work, w.links))
            .unzip();
        self.cv.complete();
        let ids: Vec<ItemId> = self
            .cv
            .works
            .iter()
            .map(|w| {
                w.id.clone()
                    .unwrap_or_else(|| ItemId::new("work").expect("valid"))
            })
            .collect();

        // version-of links: a pair of works each naming a self id of the other.
        let mut by_self: HashMap<(String, String), usize> = HashMap::new();
        for (k, w) in works.iter().enumerate() {
            for key in &w.self_ids {
                by_self.entry(key.clone()).or_insert(k);
            }
        }
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut paired: HashSet<(usize, usize)> = HashSet::new();
        for (k, w) in works.iter().enumerate() {
            for p in &w.ids {
                if let PendingId::VersionOf(x, _) = p {
                    cost::add(1);
                    if let Some(&t) = by_self.get(&(x.id_type.clone(), x.value.clone())) {
                        let pair = (k.min(t), k.max(t));
                        if t != k && paired.insert(pair) {
                            pairs.push(pair);
                        }
                    }
                }
            }
        }
        let mut linked: Vec<(usize, usize)> = Vec::new();
        for (a, b) in pairs {
            let preprint = |k: usize| self.cv.works[k].kind == WorkKind::Preprint;
            let (holder, target) = match (preprint(a), preprint(b)) {
                (true, false) => (a, b),
                (false, true) => (b, a),
                _ => (b, a),
            };
            if self.cv.works[holder].version_of.is_none() {
                self.cv.works[holder].version_of = Some(ids[target].clone());
                linked.push((holder, target));
            }
        }
        // The works each work is linked with as a version.
        let mut partners: Vec<Vec<usize>> = vec![Vec::new(); works.len()];
        for &(a, b) in &linked {
            partners[a].push(b);
            partners[b].push(a);
        }
        let partner_keys = |k: usize| -> HashSet<(String, String)> {
            partners[k]
                .iter()
                .flat_map(|&p| {
                    cost::add(1);
                    works[p].self_ids.iter().cloned()
                })
                .collect()
        };
        let grants: HashMap<String, ItemId> = self
            .cv
            .projects
            .iter()
            .rev()
            .filter_map(|p| Some((p.grant_number.clone()?, p.id.clone()?)))
            .collect();
        for (k, w) in works.iter().enumerate() {
            let partners = partner_keys(k);
            let mut identifiers = Vec::new();
            for p in &w.ids {
                match p {
                    PendingId::Kept(i) => identifiers.push(i.clone()),
                    PendingId::VersionOf(x, kept) => {
                        if !partners.contains(&(x.id_type.clone(), x.value.clone())) {
                            identifiers.extend(kept.clone());
                        }
                    }
                    PendingId::FundedBy(x, kept) => match grants.get(x.value.trim()) {
                        Some(project) if x.value.trim() == x.value => {
                            if !self.cv.works[k].funded_by.contains(project) {
                                self.cv.works[k].funded_by.push(project.clone());
                            }
                        }
                        _ => identifiers.extend(kept.clone()),
                    },
                }
            }
            self.cv.works[k].identifiers = identifiers;
        }
        for (k, w) in works.iter().enumerate() {
            if let Some((t, v)) = &w.citation {
                if t == "bibtex" {
                    recover_from_bibtex(&mut self.cv.works[k], v);
                }
                let ours = bibtex::work(&self.cv.works[k], ids[k].as_str());
                if !(t == "bibtex" && *v == ours) {
                    // Not vitae's own: kept as it is, and written back so.
                    self.cv.works[k].citation = Some(Citation {
                        kind: t.clone(),
                        value: v.clone(),
                    });
                }
            }
        }
        // Each filing by its number (the first of a number, as a search would find).
        let mut filings: HashMap<String, (usize, usize)> = HashMap::new();
        for (i, f) in self.cv.patents.iter().enumerate() {
            for (j, m) in f.members.iter().enumerate() {
                filings.entry(m.compact_number()).or_insert((i, j));
            }
        }
        for (pat, (t, v), at, line) in std::mem::take(&mut self.patent_citations) {
            cost::add(1);
            let ours = filings.get(&pat).and_then(|&(i, j)| {
                let (f, m) = (&self.cv.patents[i], &self.cv.patents[i].members[j]);
                Some(bibtex::patent(f, m, m.id.as_ref()?.as_str()))
            });
            if !(t == "bibtex" && Some(&v) == ours.as_ref()) {
                self.losses.push(Loss {
                    kind: LossKind::Citation,
                    at: format!("{at}/work:citation"),
                    line,
                    detail: format!(
                        "the {t} citation is not kept; vitae writes its own BibTeX from the CV"
                    ),
                });
            }
        }
        Imported {
            cv: self.cv,
            losses: self.losses,
            person_found,
            name_found,
        }
    }

    /// Groups patent filings into families: filings naming each other as versions.
    fn families(&mut self) {
        let patents = std::mem::take(&mut self.patents);
        let n = patents.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn root(p: &mut [usize], mut i: usize) -> usize {
            while p[i] != i {
                p[i] = p[p[i]];
                i = p[i];
            }
            i
        }
        let by_pat: HashMap<&str, usize> = patents
            .iter()
            .enumerate()
            .rev()
            .map(|(k, p)| (p.pat.as_str(), k))
            .collect();
        for (k, p) in patents.iter().enumerate() {
            for v in &p.version_of {
                if let Some(&t) = by_pat.get(v.value.trim()) {
                    let (a, b) = (root(&mut parent, k), root(&mut parent, t));
                    if a != b {
                        parent[a.max(b)] = a.min(b);
                    }
                }
            }
        }
        let mut order: Vec<usize> = Vec::new();
        let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
        for k in 0..n {
            let r = root(&mut parent, k);
            if !groups.contains_key(&r) {
                order.push(r);
            }
            groups.entry(r).or_default().push(k);
        }
        for r in order {
            let members = &groups[&r];
            let first = &patents[members[0]];
            let pats: HashSet<&str> = members.iter().map(|&k| patents[k].pat.as_str()).collect();
            let mut visibility = first.visibility;
            for &k in members {
                let p = &patents[k];
                if p.visibility != first.visibility {
                    self.losses.push(Loss {
                        kind: LossKind::PatentField,
                        at: p.at.clone(),
                        line: p.line,
                        detail: "the filings of one family differ in visibility; the family takes the most private".into(),
                    });
                    visibility = visibility.max(p.visibility);
                }
                if p.inventors != first.inventors || p.assignees != first.assignees {
                    self.losses.push(Loss {
                        kind: LossKind::PatentField,
                        at: p.at.clone(),
                        line: p.line,
                        detail: "the filings of one family name different inventors or assignees; the family keeps the first filing's".into(),
                    });
                }
                let outside: Vec<&str> = p
                    .version_of
                    .iter()
                    .map(|v| v.value.trim())
                    .filter(|v| !pats.contains(v))
                    .collect();
                if !outside.is_empty() {
                    self.losses.push(Loss {
                        kind: LossKind::PatentField,
                        at: p.at.clone(),
                        line: p.line,
                        detail: format!(
                            "versions outside the family ({}) are not kept",
                            outside.join(", ")
                        ),
                    });
                }
            }
            let mut family = PatentFamily {
                id: None,
                title: first.title.clone(),
                inventors: first.inventors.clone(),
                assignees: first.assignees.clone(),
                members: Vec::new(),
                visibility,
            };
            for &k in members {
                let mut m = patents[k].member.clone();
                if m.title.as_ref() == Some(&family.title) {
                    m.title = None;
                }
                family.members.push(m);
            }
            self.cv.patents.push(family);
        }
    }
}

/// The key of a BibTeX citation (vitae writes the item's id there), when it is a valid id.
fn bibtex_key(citation: Option<&(String, String)>) -> Option<ItemId> {
    let (t, v) = citation?;
    if t != "bibtex" {
        return None;
    }
    let key = v
        .trim()
        .strip_prefix('@')?
        .split_once('{')?
        .1
        .split_once(',')?
        .0;
    ItemId::new(key.trim()).ok()
}

/// Takes back from a BibTeX citation (as vitae writes them) what ORCID has no element for:
/// volume, issue, pages, article number, publisher, series, place, the level of a thesis,
/// the version of software and data.
fn recover_from_bibtex(w: &mut Work, entry: &str) {
    if w.kind == WorkKind::Thesis && w.degree.is_none() {
        if entry.starts_with("@phdthesis{") {
            w.degree = Some("PhD".to_owned());
        } else if entry.starts_with("@mastersthesis{") {
            w.degree = Some("Master".to_owned());
        }
    }
    for (name, value) in bibtex::simple_fields(entry) {
        match name.as_str() {
            "volume" if w.volume.is_none() => w.volume = Some(value),
            "number" if w.issue.is_none() => w.issue = Some(value),
            "eid" if w.article_number.is_none() => w.article_number = Some(value),
            "version" if w.version.is_none() => w.version = Some(value),
            "pages" if w.pages.is_none() => w.pages = value.replace("--", "-").parse().ok(),
            "publisher" | "school" | "institution"
                if w.publisher.is_none()
                    && w.container.as_ref().is_none_or(|c| c.publisher.is_none()) =>
            {
                w.publisher = Organization::named(&value).ok();
            }
            "series" => {
                if let Some(c) = &mut w.container
                    && c.series.is_none()
                {
                    c.series = Some(value);
                }
            }
            "address" => {
                if let Some(c) = &mut w.container
                    && c.place.is_none()
                {
                    c.place = Some(value);
                }
            }
            _ => {}
        }
    }
}

fn entry_meta_dates(im: &mut Importer, m: &doc::Meta, at: &str) {
    im.line = m.line;
    if m.created.is_some() || m.last_modified.is_some() || m.source.is_some() {
        im.loss(
            LossKind::OrcidMetadata,
            at,
            "ORCID's dates and source of an entry are not the CV's",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns:record="http://www.orcid.org/ns/record" xmlns:activities="http://www.orcid.org/ns/activities" xmlns:common="http://www.orcid.org/ns/common" xmlns:work="http://www.orcid.org/ns/work" xmlns:funding="http://www.orcid.org/ns/funding" xmlns:bulk="http://www.orcid.org/ns/bulk""#;

    fn ext(t: &str, v: &str, r: &str) -> String {
        format!(
            "<common:external-id><common:external-id-type>{t}</common:external-id-type><common:external-id-value>{v}</common:external-id-value><common:external-id-relationship>{r}</common:external-id-relationship></common:external-id>"
        )
    }

    /// The external ids and type of work `i` of [`record_and_bulk`].
    fn work_ids(i: usize, grants: usize) -> (String, &'static str) {
        if i % 10 == 9 {
            // Filings in families of two.
            let mut ids = ext("pat", &format!("EP{i}A1"), "self");
            let partner = if (i / 10).is_multiple_of(2) {
                i + 10
            } else {
                i - 10
            };
            ids.push_str(&ext("pat", &format!("EP{partner}A1"), "version-of"));
            (ids, "patent")
        } else if i.is_multiple_of(2) {
            let ids = ext("doi", &format!("10.1234/W.{i}"), "self")
                + &ext("arxiv", &format!("2101.{:05}", i), "version-of")
                + &ext("grant_number", &format!("G{}", i % grants), "funded-by");
            (ids, "journal-article")
        } else {
            let ids = ext("arxiv", &format!("2101.{:05}", i - 1), "self")
                + &ext("doi", &format!("10.1234/w.{}", i - 1), "version-of");
            (ids, "preprint")
        }
    }

    /// A record of `n` works (articles and their preprints linked as versions, funded by
    /// grants; patent filings in families of two) and `n / 10` fundings, as summaries with
    /// put-codes; and the same works in full in a bulk without put-codes, their DOIs in
    /// another case.
    fn record_and_bulk(n: usize) -> (String, String) {
        let grants = n / 10;
        let mut record =
            format!("<record:record {NS}><activities:activities-summary><activities:fundings>\n");
        for j in 0..grants {
            record.push_str(&format!(
                "<activities:group><funding:funding-summary put-code=\"{}\"><funding:title><common:title>Grant {j}</common:title></funding:title><common:external-ids>{}</common:external-ids><funding:type>grant</funding:type><common:organization><common:name>Funder</common:name><common:address><common:city>Berlin</common:city><common:country>DE</common:country></common:address></common:organization></funding:funding-summary></activities:group>\n",
                900_000 + j,
                ext("grant_number", &format!("G{j}"), "self")
            ));
        }
        record.push_str("</activities:fundings><activities:works>\n");
        let mut bulk = format!("<bulk:bulk {NS}>\n");
        for i in 0..n {
            let (ids, t) = work_ids(i, grants);
            record.push_str(&format!(
                "<activities:group><work:work-summary put-code=\"{}\"><work:title><common:title>Work {i}</common:title></work:title><common:external-ids>{ids}</common:external-ids><work:type>{t}</work:type><common:publication-date><common:year>2020</common:year></common:publication-date></work:work-summary></activities:group>\n",
                100_000 + i
            ));
            let ids = ids.replace("10.1234/W.", "10.1234/w.");
            bulk.push_str(&format!(
                "<work:work><work:title><common:title>Work {i}</common:title></work:title><work:citation><work:citation-type>bibtex</work:citation-type><work:citation-value>@misc{{w{i}, title = {{Work {i}}}}}</work:citation-value></work:citation><work:type>{t}</work:type><common:publication-date><common:year>2020</common:year></common:publication-date><common:external-ids>{ids}</common:external-ids><work:contributors><work:contributor><work:credit-name>Ada Lovelace</work:credit-name></work:contributor></work:contributors></work:work>\n"
            ));
        }
        record.push_str("</activities:works></activities:activities-summary></record:record>\n");
        bulk.push_str("</bulk:bulk>\n");
        (record, bulk)
    }

    /// Imports [`record_and_bulk`] of `n` works and returns the steps counted and the
    /// bytes read.
    fn import_steps(n: usize) -> (u64, usize) {
        let (record, bulk) = record_and_bulk(n);
        cost::take();
        let im = import_documents(&[&record, &bulk]).expect("reads");
        let steps = cost::take();
        // Each work once (summary and full item are one), with the full item's data.
        let members: usize = im.cv.patents.iter().map(|f| f.members.len()).sum();
        assert_eq!(im.cv.works.len() + members, n);
        assert_eq!(
            (im.cv.patents.len(), im.cv.projects.len()),
            (n / 20, n / 10)
        );
        assert!(
            im.cv
                .works
                .iter()
                .all(|w| w.authors.len() == 1 && w.put_code.is_some())
        );
        let linked = im
            .cv
            .works
            .iter()
            .filter(|w| w.version_of.is_some())
            .count();
        assert_eq!(linked, n * 4 / 10, "each preprint names its article");
        assert!(
            im.losses.iter().all(|l| l.kind != LossKind::DuplicateItem),
            "{:?}",
            im.losses.iter().find(|l| l.kind == LossKind::DuplicateItem)
        );
        (steps, record.len() + bulk.len())
    }

    /// Many works of one document with one `self` id (distinct items: one document never
    /// lists an item twice) are not compared with each other.
    #[test]
    fn one_id_on_many_works_grows_linearly() {
        let steps = |n: usize| {
            let mut bulk = format!("<bulk:bulk {NS}>");
            for i in 0..n {
                bulk.push_str(&format!(
                    "<work:work><work:title><common:title>Work {i}</common:title></work:title><work:type>other</work:type><common:external-ids>{}</common:external-ids></work:work>",
                    ext("uri", "https://example.org/same", "self")
                ));
            }
            bulk.push_str("</bulk:bulk>");
            cost::take();
            let im = import_documents(&[&bulk, &bulk]).expect("reads");
            assert_eq!(im.cv.works.len(), n);
            cost::take()
        };
        let (small, large) = (steps(200), steps(800));
        assert!(large <= small * 9 / 2, "{small} steps, then {large}");
    }

    /// Importing grows linearly: four times the works, about four times the steps (line
    /// numbers, matching copies across documents, links between works), where a quadratic
    /// step would take sixteen. Line numbers scan each byte once.
    #[test]
    fn import_work_grows_linearly() {
        let (small, small_bytes) = import_steps(200);
        let (large, large_bytes) = import_steps(800);
        assert!(
            large <= small * 9 / 2,
            "200 works: {small} steps, 800 works: {large} steps ({:.1} times)",
            large as f64 / small as f64
        );
        // Lines: at most the bytes of both documents; the rest a few steps per work.
        assert!(
            small <= small_bytes as u64 + 20 * 200,
            "{small} steps for {small_bytes} bytes"
        );
        assert!(
            large <= large_bytes as u64 + 20 * 800,
            "{large} steps for {large_bytes} bytes"
        );
    }

    #[test]
    fn patent_numbers() {
        let (o, n, k) = parse_patent_number("EP3991102A1").unwrap();
        assert_eq!(
            (o.as_str(), n.as_str(), k.as_deref()),
            ("EP", "3991102", Some("A1"))
        );
        let (o, n, k) = parse_patent_number("US20220114455A1").unwrap();
        assert_eq!(
            (o.as_str(), n.as_str(), k.as_deref()),
            ("US", "20220114455", Some("A1"))
        );
        let (_, n, k) = parse_patent_number("CN107636693").unwrap();
        assert_eq!((n.as_str(), k), ("107636693", None));
        let (_, n, k) = parse_patent_number("CN107636693B").unwrap();
        assert_eq!((n.as_str(), k.as_deref()), ("107636693", Some("B")));
        assert!(parse_patent_number("EP 3991102").is_none());
        assert!(parse_patent_number("XX123").is_none());
    }
}
