//! ORCID XML v3.0: export a CV as ORCID documents, import ORCID documents into a CV.
//!
//! **Export.** [`OrcidXml`] maps a [`Cv`] to one document per item, in the section ORCID
//! uses for it (the table is in DESIGN.md, "Where CV items go"), checks ORCID's API rules on the way (known
//! work and identifier types, a `self` identifier on every work, two-digit months, start ≤
//! end, organizations with city and country, ...), and writes the documents that pass.
//! Whatever breaks a rule becomes a [`Diagnostic`] with the CV's field path instead of a
//! document ORCID would refuse; `vitae check --target orcid` prints them.
//!
//! ```
//! use vitae::orcid::{OrcidXml, Section};
//! let cv = vitae::from_str(r#"
//! person: {given-names: Ada, family-name: Lovelace}
//! works:
//!   - type: talk
//!     title: On the Analytical Engine
//!     authors: ["Lovelace, Ada"]
//!     date: 1900-06-01
//!     event: {name: Royal Society}
//! "#, vitae::InputFormat::Yaml)?.cv;
//! let export = OrcidXml::new().export(&cv);
//! assert!(export.diagnostics.is_empty());
//! let talk = &export.items[0];
//! assert_eq!(talk.section, Section::Work);
//! let xml = talk.to_xml()?;
//! assert!(xml.contains("<work:type>lecture-speech</work:type>"));
//! assert!(xml.contains("<common:external-id-type>source-work-id</common:external-id-type>"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **Import.** [`import`] reads records, activity summaries, bulk works and single items into
//! a CV, keeping put-codes and visibility, and reports every part it cannot keep as a
//! [`Loss`]. [`read_document`] gives the documents as plain data ([`doc`]), for clients that
//! need ORCID's own view (put-codes, sources). A sync reads the Member API's answers with
//! the same XML reader (inside [`OrcidClient`](crate::sync::OrcidClient)).

/// The BibTeX writer, a citation view of the model ([`crate::citation::bibtex`]).
pub use crate::citation::bibtex;
pub mod archive;
mod cost;
pub mod doc;
mod export;
mod import;
mod loss;
mod merge;
mod read;
pub(crate) mod vocab;
mod write;
pub(crate) mod xml;

use std::path::PathBuf;

pub use import::{ImportError, Imported, import, import_documents};
pub use loss::{Loss, LossKind};
pub(crate) use read::read_item_element;
pub use read::{ReadError, read_document};
pub use vocab::WorkType;
pub(crate) use write::ns;
pub use xml::{MAX_DOCUMENT_SIZE, WriteError, XmlError};

use crate::model::{AffiliationSection, Cv};
use crate::report::{Diagnostic, Report};
use crate::types::{ItemId, Visibility};

/// An ORCID activity section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    /// Works.
    Work,
    /// Employment.
    Employment,
    /// Education.
    Education,
    /// Qualifications.
    Qualification,
    /// Invited positions.
    InvitedPosition,
    /// Distinctions (awards).
    Distinction,
    /// Memberships.
    Membership,
    /// Service.
    Service,
    /// Fundings.
    Funding,
    /// Peer reviews.
    PeerReview,
    /// Research resources.
    ResearchResource,
}

impl Section {
    /// Every section.
    pub const ALL: [Section; 11] = [
        Section::Work,
        Section::Employment,
        Section::Education,
        Section::Qualification,
        Section::InvitedPosition,
        Section::Distinction,
        Section::Membership,
        Section::Service,
        Section::Funding,
        Section::PeerReview,
        Section::ResearchResource,
    ];

    /// The sections a sync reads and writes: every one, peer reviews and research resources
    /// included (see DESIGN.md, "Sync").
    pub const SYNCED: [Section; 11] = Section::ALL;

    /// The API path segment of one item, which is also the element name and namespace prefix:
    /// `POST /{orcid}/work`, `PUT /{orcid}/employment/{put-code}`.
    ///
    /// ```
    /// assert_eq!(vitae::orcid::Section::InvitedPosition.path_segment(), "invited-position");
    /// ```
    pub fn path_segment(self) -> &'static str {
        match self {
            Section::Work => "work",
            Section::Employment => "employment",
            Section::Education => "education",
            Section::Qualification => "qualification",
            Section::InvitedPosition => "invited-position",
            Section::Distinction => "distinction",
            Section::Membership => "membership",
            Section::Service => "service",
            Section::Funding => "funding",
            Section::PeerReview => "peer-review",
            Section::ResearchResource => "research-resource",
        }
    }

    /// The API path segment of the section's summaries: `GET /{orcid}/works`.
    pub fn plural_segment(self) -> &'static str {
        match self {
            Section::Work => "works",
            Section::Employment => "employments",
            Section::Education => "educations",
            Section::Qualification => "qualifications",
            Section::InvitedPosition => "invited-positions",
            Section::Distinction => "distinctions",
            Section::Membership => "memberships",
            Section::Service => "services",
            Section::Funding => "fundings",
            Section::PeerReview => "peer-reviews",
            Section::ResearchResource => "research-resources",
        }
    }

    /// The namespace URI of its documents.
    pub fn namespace(self) -> &'static str {
        write::ns(self.path_segment())
    }

    /// The XSD that validates a single item of it (under `record_3.0/`).
    pub fn xsd(self) -> String {
        format!("{}-3.0.xsd", self.path_segment())
    }

    /// The section of an affiliation section of the CV.
    pub fn from_affiliation(s: AffiliationSection) -> Section {
        match s {
            AffiliationSection::Employment => Section::Employment,
            AffiliationSection::Education => Section::Education,
            AffiliationSection::Qualifications => Section::Qualification,
            AffiliationSection::InvitedPositions => Section::InvitedPosition,
            AffiliationSection::Memberships => Section::Membership,
            AffiliationSection::Services => Section::Service,
        }
    }

    /// The CV's affiliation section for this section, when it is one.
    pub fn affiliation_section(self) -> Option<AffiliationSection> {
        AffiliationSection::ALL
            .into_iter()
            .find(|s| Section::from_affiliation(*s) == self)
    }
}

impl std::fmt::Display for Section {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.path_segment())
    }
}

/// One CV item as an ORCID activity, ready to be written or sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrcidItem {
    /// The section it goes to.
    pub section: Section,
    /// The CV item's id (for a patent, the member's).
    pub id: ItemId,
    /// The CV field path of the item, e.g. `works[3]`, `patents[0].members[2]`.
    pub path: String,
    /// The put-code the CV holds for it.
    pub put_code: Option<u64>,
    /// Its visibility.
    pub visibility: Visibility,
    /// The document, as data.
    pub doc: doc::Item,
}

impl OrcidItem {
    /// The work type, for works.
    pub fn work_type(&self) -> Option<WorkType> {
        match &self.doc {
            doc::Item::Work(w) => w.work_type.parse().ok(),
            _ => None,
        }
    }

    /// The external ids, each with its ORCID-normalised value and relationship.
    pub fn external_ids(&self) -> &[doc::ExternalId] {
        self.doc.external_ids()
    }

    /// The document without put-code: the body of `POST /{orcid}/{section}`.
    ///
    /// # Errors
    /// A [`WriteError`] naming the element when a value holds a character XML 1.0 forbids
    /// (the export checks this first, so only items built by hand can fail).
    pub fn to_xml(&self) -> Result<String, WriteError> {
        write::item_document(&self.doc, write::WithPutCode(false), None)
    }

    /// The document with a put-code: the body of `PUT /{orcid}/{section}/{put_code}`.
    ///
    /// # Errors
    /// As [`OrcidItem::to_xml`].
    pub fn to_xml_with_put_code(&self, put_code: u64) -> Result<String, WriteError> {
        write::item_document(&self.doc, write::WithPutCode(false), Some(put_code))
    }

    /// The document with the put-code the CV holds, if any.
    ///
    /// # Errors
    /// As [`OrcidItem::to_xml`].
    pub fn to_xml_as_held(&self) -> Result<String, WriteError> {
        write::item_document(&self.doc, write::WithPutCode(true), None)
    }

    /// Whether the item makes a valid document of its own. All do but a research resource
    /// without resource items (one read from a record's summary): ORCID's XSD requires one,
    /// so such an item is written only as a summary in the record.
    pub fn has_document(&self) -> bool {
        !matches!(&self.doc, doc::Item::ResearchResource(r) if r.items.is_empty())
    }

    /// Where the export directory holds it: `work/<id>.xml`, `employment/<id>.xml`, ...
    pub fn file_name(&self) -> PathBuf {
        PathBuf::from(self.section.path_segment()).join(format!("{}.xml", self.id.as_str()))
    }
}

/// The most works one bulk document may hold.
pub const BULK_MAX: usize = 100;

/// `bulk:bulk` documents of the works among `items`, at most [`BULK_MAX`] each, without
/// put-codes: the bodies of `POST /{orcid}/works`.
///
/// # Errors
/// As [`OrcidItem::to_xml`].
pub fn bulk_documents(items: &[OrcidItem]) -> Result<Vec<String>, WriteError> {
    let works: Vec<&doc::Item> = items
        .iter()
        .filter(|i| i.section == Section::Work)
        .map(|i| &i.doc)
        .collect();
    works.chunks(BULK_MAX).map(write::bulk_document).collect()
}

/// The ORCID export of a CV: the items that satisfy ORCID's rules, the person, and every
/// problem found.
#[derive(Debug, Clone)]
pub struct Export {
    /// The items, section by section, each in the CV's order.
    pub items: Vec<OrcidItem>,
    /// The person's ORCID iD.
    pub orcid: Option<String>,
    /// The person part of the record.
    pub person: doc::Person,
    /// Errors (each one an item left out) and warnings, with CV field paths.
    pub diagnostics: Vec<Diagnostic>,
    put_codes: bool,
}

impl Export {
    /// Whether any item was left out.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::Severity::Error)
    }

    /// The `record:record` document: the person and every item as a summary.
    ///
    /// # Errors
    /// As [`OrcidItem::to_xml`].
    pub fn record_document(&self) -> Result<String, WriteError> {
        let docs: Vec<&doc::Item> = self.items.iter().map(|i| &i.doc).collect();
        write::record_document(self.orcid.as_deref(), Some(&self.person), &docs)
    }

    /// The bulk documents of the works (see [`bulk_documents`]).
    ///
    /// # Errors
    /// As [`OrcidItem::to_xml`].
    pub fn bulk_documents(&self) -> Result<Vec<String>, WriteError> {
        bulk_documents(&self.items)
    }

    /// Every file of an export directory, as (relative path, content), in a fixed order:
    /// `record.xml`, `bulk/works-001.xml`, ..., then one file per item.
    ///
    /// # Errors
    /// As [`OrcidItem::to_xml`].
    pub fn files(&self) -> Result<Vec<(PathBuf, String)>, WriteError> {
        let mut out = vec![(PathBuf::from("record.xml"), self.record_document()?)];
        for (i, b) in self.bulk_documents()?.into_iter().enumerate() {
            out.push((
                PathBuf::from("bulk").join(format!("works-{:03}.xml", i + 1)),
                b,
            ));
        }
        for item in self.items.iter().filter(|i| i.has_document()) {
            let xml = if self.put_codes {
                item.to_xml_as_held()?
            } else {
                item.to_xml()?
            };
            out.push((item.file_name(), xml));
        }
        Ok(out)
    }
}

/// ORCID XML export options: the visibility level and whether to write put-codes.
///
/// ```
/// use vitae::orcid::OrcidXml;
/// use vitae::types::Visibility;
/// let options = OrcidXml::new().with_include(Visibility::Limited).with_put_codes(false);
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Copy)]
pub struct OrcidXml {
    level: Visibility,
    put_codes: bool,
}

impl Default for OrcidXml {
    fn default() -> Self {
        Self::new()
    }
}

impl OrcidXml {
    /// Public items only; put-codes written where the CV holds them.
    pub fn new() -> Self {
        Self {
            level: Visibility::Public,
            put_codes: true,
        }
    }

    /// Include items up to this visibility (`Limited` or `Private` widen the export).
    pub fn with_include(mut self, level: Visibility) -> Self {
        self.level = level;
        self
    }

    /// Whether item documents carry the put-codes the CV holds (PUT bodies) or none (POST
    /// bodies).
    pub fn with_put_codes(mut self, yes: bool) -> Self {
        self.put_codes = yes;
        self
    }

    /// Maps a CV (its items given ids first if needed).
    pub fn export(&self, cv: &Cv) -> Export {
        // A CV read by vitae has every id already (reading completes it): then it is mapped as
        // it is. Otherwise a copy gets them; marking the person's own author entries, the other
        // half of `Cv::complete`, changes nothing in ORCID documents.
        let m = if crate::ids::has_all_ids(cv) {
            export::map(cv, self.level)
        } else {
            let mut cv = cv.clone();
            crate::ids::assign_ids(&mut cv);
            export::map(&cv, self.level)
        };
        Export {
            items: m.items,
            orcid: m.orcid,
            person: m.person,
            diagnostics: m.diagnostics,
            put_codes: self.put_codes,
        }
    }
}

/// The items of a CV visible at `level`, all of them satisfying ORCID's rules.
///
/// # Errors
/// A [`Report`] of every problem when any item breaks a rule.
pub fn items(cv: &Cv, level: Visibility) -> Result<Vec<OrcidItem>, Report> {
    let e = OrcidXml::new().with_include(level).export(cv);
    if e.has_errors() {
        Err(Report {
            file: None,
            diagnostics: e.diagnostics,
        })
    } else {
        Ok(e.items)
    }
}

/// What ORCID would refuse, or probably refuse, in a CV at `level`: the report of
/// `vitae check --target orcid`.
///
/// ```
/// let cv = vitae::from_str(r#"
/// person: {given-names: Ada, family-name: Lovelace}
/// employment:
///   - organization: {name: Analytical Society, country: GB}
///     start: 1840
/// "#, vitae::InputFormat::Yaml)?.cv;
/// let problems = vitae::orcid::check(&cv, vitae::types::Visibility::Public);
/// assert!(problems.iter().any(|d| d.path == "employment[0].organization.city"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check(cv: &Cv, level: Visibility) -> Vec<Diagnostic> {
    OrcidXml::new().with_include(level).export(cv).diagnostics
}

/// The CV of tests/fixtures/orcid-cv.yaml, which holds every ORCID section: the unit tests'
/// fixture.
#[cfg(test)]
pub(crate) fn fixture_cv() -> Cv {
    crate::from_str(
        include_str!("../../tests/fixtures/orcid-cv.yaml"),
        crate::InputFormat::Yaml,
    )
    .unwrap_or_else(|r| panic!("{r}"))
    .cv
}
