//! ORCID v3.0 documents as plain data: what the reader produces and the writer consumes.
//!
//! These types mirror ORCID's XML element for element (one field per element, in schema
//! order) and hold its text as read, so that nothing is decided here: the mapping to and from
//! the CV model lives in `export.rs` and `import.rs`.

use crate::types::PartialDate;

use super::Section;

/// What ORCID keeps about an item besides its content: put-code, visibility, source, dates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// The line of the element in the document it was read from (not written).
    pub line: Option<usize>,
    /// `put-code`: the item's number in the record.
    pub put_code: Option<u64>,
    /// `visibility`: `public`, `limited`, `private` or `registered-only`.
    pub visibility: Option<String>,
    /// `path`, e.g. `/0000-0002-1825-0097/work/123` (read only).
    pub path: Option<String>,
    /// `display-index` (read only).
    pub display_index: Option<String>,
    /// `common:created-date` (read only).
    pub created: Option<String>,
    /// `common:last-modified-date` (read only).
    pub last_modified: Option<String>,
    /// `common:source` (read only): who created the item.
    pub source: Option<Source>,
}

/// The client or person that created an item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    /// `source-client-id/path`, e.g. `APP-0123456789ABCDEF`.
    pub client_id: Option<String>,
    /// `source-orcid/path`: an ORCID iD.
    pub orcid: Option<String>,
    /// `source-name`.
    pub name: Option<String>,
}

/// `common:external-id`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExternalId {
    /// `external-id-type`, e.g. `doi`.
    pub id_type: String,
    /// `external-id-value`.
    pub value: String,
    /// `external-id-normalized` (read only, set by ORCID).
    pub normalized: Option<String>,
    /// `external-id-url`.
    pub url: Option<String>,
    /// `external-id-relationship`: `self`, `part-of`, `version-of`, `funded-by`.
    pub relationship: Option<String>,
}

impl ExternalId {
    /// An external id with a type, value and relationship.
    pub fn new(id_type: &str, value: &str, relationship: &str) -> Self {
        Self {
            id_type: id_type.to_owned(),
            value: value.to_owned(),
            normalized: None,
            url: None,
            relationship: Some(relationship.to_owned()),
        }
    }

    /// The same, with a URL.
    pub fn with_url(mut self, url: Option<String>) -> Self {
        self.url = url;
        self
    }

    /// The relationship, `self` when absent.
    pub fn relationship(&self) -> &str {
        self.relationship.as_deref().unwrap_or("self")
    }

    /// Whether the relationship is `self` (or absent): the identifier names the item itself.
    pub fn is_self(&self) -> bool {
        self.relationship().trim().eq_ignore_ascii_case("self")
    }

    /// Whether it is of a type, as ORCID names them (`doi`, `source-work-id`; case ignored).
    pub fn is_type(&self, id_type: &str) -> bool {
        self.id_type.trim().eq_ignore_ascii_case(id_type)
    }

    /// Its identity, `type:value` in the one normal form of
    /// [`external_id_key`](crate::types::external_id_key): equal for two spellings of one
    /// identifier.
    ///
    /// ```
    /// use vitae::orcid::doc::ExternalId;
    /// let a = ExternalId::new("doi", "https://doi.org/10.1371/JOURNAL.pone.0130140", "self");
    /// let b = ExternalId::new("DOI", "10.1371/journal.pone.0130140", "self");
    /// assert_eq!(a.key(), b.key());
    /// assert_eq!(a.key(), "doi:10.1371/journal.pone.0130140");
    /// ```
    pub fn key(&self) -> String {
        crate::types::external_id_key(&self.id_type, &self.value)
    }
}

/// `common:organization`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Organization {
    /// `name`.
    pub name: String,
    /// `address/city`.
    pub city: Option<String>,
    /// `address/region`.
    pub region: Option<String>,
    /// `address/country`: ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// `disambiguated-organization`: (identifier, source).
    pub disambiguated: Option<(String, String)>,
}

/// A contributor of a work or funding.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contributor {
    /// `contributor-orcid/path` (or the iD from its URI).
    pub orcid: Option<String>,
    /// `credit-name`.
    pub credit_name: Option<String>,
    /// `contributor-email`.
    pub email: Option<String>,
    /// `contributor-attributes/contributor-sequence` (works only).
    pub sequence: Option<String>,
    /// `contributor-attributes/contributor-role`.
    pub role: Option<String>,
}

/// A title with its optional subtitle and translation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Title {
    /// `common:title`.
    pub title: String,
    /// `common:subtitle`.
    pub subtitle: Option<String>,
    /// `common:translated-title` and its `language-code`.
    pub translated: Option<(String, String)>,
}

/// `work:work` or `work:work-summary`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Work {
    /// put-code, visibility, source, ...
    pub meta: Meta,
    /// Whether this is a summary (`work:work-summary`), which has fewer fields.
    pub summary: bool,
    /// `work:title`.
    pub title: Title,
    /// `work:journal-title`.
    pub journal_title: Option<String>,
    /// `work:short-description`.
    pub short_description: Option<String>,
    /// `work:citation`: (citation-type, citation-value).
    pub citation: Option<(String, String)>,
    /// `work:type`.
    pub work_type: String,
    /// `common:publication-date`.
    pub publication_date: Option<PartialDate>,
    /// `common:external-ids`.
    pub external_ids: Vec<ExternalId>,
    /// `common:url`.
    pub url: Option<String>,
    /// `work:contributors`.
    pub contributors: Vec<Contributor>,
    /// `common:language-code`.
    pub language_code: Option<String>,
    /// `common:country` and its `visibility` attribute.
    pub country: Option<(String, Option<String>)>,
}

/// An affiliation: `employment`, `education`, `qualification`, `invited-position`,
/// `distinction`, `membership` or `service`, full or summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Affiliation {
    /// Which section.
    pub section: Section,
    /// put-code, visibility, ...
    pub meta: Meta,
    /// Whether this is a summary (`…-summary`).
    pub summary: bool,
    /// `common:department-name`.
    pub department: Option<String>,
    /// `common:role-title`.
    pub role_title: Option<String>,
    /// `common:start-date`.
    pub start: Option<PartialDate>,
    /// `common:end-date`.
    pub end: Option<PartialDate>,
    /// `common:organization`.
    pub organization: Option<Organization>,
    /// `common:url`.
    pub url: Option<String>,
    /// `common:external-ids`.
    pub external_ids: Vec<ExternalId>,
}

/// `funding:funding` or `funding:funding-summary`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Funding {
    /// put-code, visibility, ...
    pub meta: Meta,
    /// Whether this is a summary.
    pub summary: bool,
    /// `funding:type`.
    pub funding_type: String,
    /// `funding:organization-defined-type`.
    pub organization_defined_type: Option<String>,
    /// `funding:title` (no subtitle).
    pub title: Title,
    /// `funding:short-description`.
    pub short_description: Option<String>,
    /// `funding:amount` and its `currency-code`.
    pub amount: Option<(String, String)>,
    /// `common:url`.
    pub url: Option<String>,
    /// `common:start-date`.
    pub start: Option<PartialDate>,
    /// `common:end-date`.
    pub end: Option<PartialDate>,
    /// `common:external-ids`.
    pub external_ids: Vec<ExternalId>,
    /// `funding:contributors`.
    pub contributors: Vec<Contributor>,
    /// `common:organization` (the funder).
    pub organization: Organization,
}

/// `peer-review:peer-review` or `peer-review:peer-review-summary` (which has no subject).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeerReview {
    /// put-code, visibility, ...
    pub meta: Meta,
    /// Whether this is a summary.
    pub summary: bool,
    /// `reviewer-role`.
    pub role: String,
    /// `review-identifiers` (`common:external-ids` in a summary).
    pub external_ids: Vec<ExternalId>,
    /// `review-url`.
    pub url: Option<String>,
    /// `review-type`.
    pub review_type: String,
    /// `review-completion-date` (`completion-date` in a summary).
    pub completion: Option<PartialDate>,
    /// `review-group-id`.
    pub group_id: String,
    /// `subject-external-identifier`.
    pub subject_id: Option<ExternalId>,
    /// `subject-container-name`.
    pub subject_container: Option<String>,
    /// `subject-type`.
    pub subject_type: Option<String>,
    /// `subject-name`: title and translated title (no subtitle).
    pub subject_name: Option<Title>,
    /// `subject-url`.
    pub subject_url: Option<String>,
    /// `convening-organization`.
    pub organization: Organization,
}

/// `research-resource:resource-item`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourceItem {
    /// `resource-name`.
    pub name: String,
    /// `resource-type`.
    pub resource_type: String,
    /// `hosts`.
    pub hosts: Vec<Organization>,
    /// `common:external-ids`.
    pub external_ids: Vec<ExternalId>,
    /// `common:url`.
    pub url: Option<String>,
}

/// `research-resource:research-resource` or its summary (the proposal only).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResearchResource {
    /// put-code, visibility, ...
    pub meta: Meta,
    /// Whether this is a summary.
    pub summary: bool,
    /// `proposal/title` (no subtitle).
    pub title: Title,
    /// `proposal/hosts`.
    pub hosts: Vec<Organization>,
    /// `proposal/common:external-ids`.
    pub external_ids: Vec<ExternalId>,
    /// `proposal/common:start-date`.
    pub start: Option<PartialDate>,
    /// `proposal/common:end-date`.
    pub end: Option<PartialDate>,
    /// `proposal/common:url`.
    pub url: Option<String>,
    /// `resource-items` (none in a summary).
    pub items: Vec<ResourceItem>,
}

/// One activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A work.
    Work(Work),
    /// An affiliation or distinction.
    Affiliation(Affiliation),
    /// A funding.
    Funding(Funding),
    /// A peer review (boxed: it is the largest item).
    PeerReview(Box<PeerReview>),
    /// A research resource.
    ResearchResource(ResearchResource),
}

impl Item {
    /// The section.
    pub fn section(&self) -> Section {
        match self {
            Item::Work(_) => Section::Work,
            Item::Affiliation(a) => a.section,
            Item::Funding(_) => Section::Funding,
            Item::PeerReview(_) => Section::PeerReview,
            Item::ResearchResource(_) => Section::ResearchResource,
        }
    }

    /// The metadata.
    pub fn meta(&self) -> &Meta {
        match self {
            Item::Work(w) => &w.meta,
            Item::Affiliation(a) => &a.meta,
            Item::Funding(f) => &f.meta,
            Item::PeerReview(r) => &r.meta,
            Item::ResearchResource(r) => &r.meta,
        }
    }

    /// The metadata, mutable.
    pub fn meta_mut(&mut self) -> &mut Meta {
        match self {
            Item::Work(w) => &mut w.meta,
            Item::Affiliation(a) => &mut a.meta,
            Item::Funding(f) => &mut f.meta,
            Item::PeerReview(r) => &mut r.meta,
            Item::ResearchResource(r) => &mut r.meta,
        }
    }

    /// The external ids.
    pub fn external_ids(&self) -> &[ExternalId] {
        match self {
            Item::Work(w) => &w.external_ids,
            Item::Affiliation(a) => &a.external_ids,
            Item::Funding(f) => &f.external_ids,
            Item::PeerReview(r) => &r.external_ids,
            Item::ResearchResource(r) => &r.external_ids,
        }
    }

    /// Whether this is a summary.
    pub fn is_summary(&self) -> bool {
        match self {
            Item::Work(w) => w.summary,
            Item::Affiliation(a) => a.summary,
            Item::Funding(f) => f.summary,
            Item::PeerReview(r) => r.summary,
            Item::ResearchResource(r) => r.summary,
        }
    }
}

/// A person-section entry with its own put-code and visibility (other name, keyword, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<T> {
    /// put-code, visibility, ...
    pub meta: Meta,
    /// The value.
    pub value: T,
}

impl<T> Entry<T> {
    /// An entry with a visibility and nothing else.
    pub fn new(value: T, visibility: Option<String>) -> Self {
        Self {
            meta: Meta {
                visibility,
                ..Meta::default()
            },
            value,
        }
    }
}

/// A researcher URL: name and address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResearcherUrl {
    /// `url-name`.
    pub name: Option<String>,
    /// `url`.
    pub url: String,
}

/// `person:person`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    /// `name/given-names`.
    pub given_names: Option<String>,
    /// `name/family-name`.
    pub family_name: Option<String>,
    /// `name/credit-name`.
    pub credit_name: Option<String>,
    /// `name/@visibility`.
    pub name_visibility: Option<String>,
    /// `other-names`.
    pub other_names: Vec<Entry<String>>,
    /// `biography/content` and its visibility.
    pub biography: Option<Entry<String>>,
    /// `researcher-urls`.
    pub researcher_urls: Vec<Entry<ResearcherUrl>>,
    /// `emails`.
    pub emails: Vec<Entry<String>>,
    /// `addresses`: countries.
    pub addresses: Vec<Entry<String>>,
    /// `keywords`.
    pub keywords: Vec<Entry<String>>,
    /// `external-identifiers`.
    pub external_identifiers: Vec<Entry<ExternalId>>,
}

/// What an ORCID XML document holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Document {
    /// `record:record`: the iD, the person, the activities (summaries).
    Record {
        /// `common:orcid-identifier` (or the record's `path`).
        orcid: Option<String>,
        /// `person:person`.
        person: Option<Person>,
        /// The activity summaries, section by section.
        items: Vec<Item>,
    },
    /// `person:person` alone.
    Person(Person),
    /// `activities:activities-summary` or one section of it (`activities:works`, ...).
    Activities(Vec<Item>),
    /// `bulk:bulk`: works (the errors of a bulk response are counted, not kept).
    Bulk {
        /// The works.
        works: Vec<Work>,
        /// The `error:error` entries, as (code, developer message).
        errors: Vec<(String, String)>,
    },
    /// One item: `work:work`, `employment:employment`, ..., `funding:funding`.
    Item(Item),
}
