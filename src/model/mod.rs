//! The CV model: one [`Cv`] and its parts. Every view (JSON-LD, RDF, ORCID XML) is written from
//! this model, and every input (YAML, JSON, TOML, ORCID XML) is read into it.

mod affiliation;
mod bibliography;
mod contributor;
pub(crate) mod forms;
mod org;
mod patent;
mod person;
mod project;
mod review;
mod teaching;
mod work;

pub use affiliation::{Affiliation, Award, Degree, DegreeLevel, EditorialRole, Journal};
pub use bibliography::{BibliographyFormat, BibliographySource, WorkAnnotation};
pub(crate) use contributor::split_name;
pub use contributor::{Contributor, ContributorKind, ContributorRole, NameOrder};
pub use forms::Text;
pub use org::{Address, DisambiguatedId, FundrefId, GridId, Organization, Place};
pub use patent::{PatentFamily, PatentMember, PatentOffice, PatentStatus};
pub use person::{
    LanguageSkill, NameKind, NameVariant, Person, Private, Proficiency, SkillGroup, Telephone,
};
pub use project::{FundingType, Project};
pub use review::{
    PeerReview, ResearchResource, ResourceItem, ResourceType, ReviewSubject, ReviewType,
    ReviewerRole,
};
pub use teaching::{Course, StudentLevel, Supervision};
pub use work::{
    Citation, Container, ContainerKind, Event, Identifier, License, Link, LinkKind, LinkTarget,
    PresentationKind, PublicationStatus, Relationship, TranslatedTitle, Work, WorkKind,
};

use serde::{Deserialize, Serialize};

use crate::types::ItemId;
use forms::{OneOrMany, one_or_many};

/// A researcher's CV.
///
/// Sections follow ORCID's: the affiliation sections (`employment`, `education`,
/// `qualifications`, `invited-positions`, `memberships`, `services`), `awards` (ORCID
/// distinctions), `projects` (fundings), `patents` and `works`; then `teaching` and
/// `supervision`, which ORCID has no section for. Each section keeps the CV's order.
///
/// ```
/// let cv = vitae::from_str(r#"
/// person: {given-names: Ada, family-name: Lovelace}
/// works:
///   - type: journal-article
///     title: Notes on the Analytical Engine
///     authors: ["Lovelace, Ada"]
///     date: 1843
/// "#, vitae::InputFormat::Yaml)?.cv;
/// assert_eq!(cv.works.len(), 1);
/// assert!(cv.works[0].authors[0].is_me()); // found by name
/// assert_eq!(cv.works[0].id.as_ref().map(|i| i.as_str()), Some("1843-notes-on-the-analytical-engine"));
/// # Ok::<(), vitae::Report>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
#[non_exhaustive]
pub struct Cv {
    /// The base IRI for the IRIs of this CV's nodes, e.g. the homepage
    /// `https://lapuschkin.com/`; items become `<base>#work-…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_iri: Option<url::Url>,
    /// When the CV was last changed (a date, `2026-12-01`): the profile page's
    /// `dateModified`. Written by hand, never taken from the clock, so that exports stay
    /// the same from run to run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<crate::types::PartialDate>,
    /// The person.
    pub person: Person,
    /// Jobs and positions.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Affiliation>")]
    pub employment: Vec<Affiliation>,
    /// Degrees and schools.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Affiliation>")]
    pub education: Vec<Affiliation>,
    /// Certifications, licences, professional qualifications.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Affiliation>")]
    pub qualifications: Vec<Affiliation>,
    /// Visiting, honorary and adjunct positions.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Affiliation>")]
    pub invited_positions: Vec<Affiliation>,
    /// Society and association memberships.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Affiliation>")]
    pub memberships: Vec<Affiliation>,
    /// Boards, committees, editorial and reviewing roles.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Affiliation>")]
    pub services: Vec<Affiliation>,
    /// Awards, prizes and honours.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Award>")]
    pub awards: Vec<Award>,
    /// Research projects and their funding.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Project>")]
    pub projects: Vec<Project>,
    /// Patent families.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<PatentFamily>")]
    pub patents: Vec<PatentFamily>,
    /// Publications, talks, lectures, software, data. In a CV file, an entry with a `key`
    /// annotates the work of the bibliography with that citation key ([`WorkAnnotation`]);
    /// once loaded, the works read from the bibliography follow the CV's own.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<bibliography::WorkEntry>")]
    pub works: Vec<Work>,
    /// BibTeX/BibLaTeX and CSL-JSON files whose entries are works of this CV, read at every
    /// load: `bibliography: [papers.bib, zotero.json]`, paths relative to the CV file.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<BibliographySource>")]
    pub bibliography: Vec<BibliographySource>,
    /// Courses taught.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Course>")]
    pub teaching: Vec<Course>,
    /// Students supervised.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Supervision>")]
    pub supervision: Vec<Supervision>,
    /// Peer reviews written (ORCID's peer-review section).
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<PeerReview>")]
    pub peer_reviews: Vec<PeerReview>,
    /// Research resources used (ORCID's research-resource section).
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<ResearchResource>")]
    pub research_resources: Vec<ResearchResource>,
}

/// The affiliation sections, with their keys in CV files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AffiliationSection {
    /// `employment`
    Employment,
    /// `education`
    Education,
    /// `qualifications`
    Qualifications,
    /// `invited-positions`
    InvitedPositions,
    /// `memberships`
    Memberships,
    /// `services`
    Services,
}

impl AffiliationSection {
    /// All, in file order.
    pub const ALL: [AffiliationSection; 6] = [
        AffiliationSection::Employment,
        AffiliationSection::Education,
        AffiliationSection::Qualifications,
        AffiliationSection::InvitedPositions,
        AffiliationSection::Memberships,
        AffiliationSection::Services,
    ];

    /// The key in CV files.
    pub fn key(self) -> &'static str {
        match self {
            AffiliationSection::Employment => "employment",
            AffiliationSection::Education => "education",
            AffiliationSection::Qualifications => "qualifications",
            AffiliationSection::InvitedPositions => "invited-positions",
            AffiliationSection::Memberships => "memberships",
            AffiliationSection::Services => "services",
        }
    }
}

impl Cv {
    /// A CV with only a person.
    pub fn new(person: Person) -> Self {
        Self {
            base_iri: None,
            updated: None,
            person,
            employment: Vec::new(),
            education: Vec::new(),
            qualifications: Vec::new(),
            invited_positions: Vec::new(),
            memberships: Vec::new(),
            services: Vec::new(),
            awards: Vec::new(),
            projects: Vec::new(),
            patents: Vec::new(),
            works: Vec::new(),
            bibliography: Vec::new(),
            teaching: Vec::new(),
            supervision: Vec::new(),
            peer_reviews: Vec::new(),
            research_resources: Vec::new(),
        }
    }

    /// The items of one affiliation section.
    pub fn affiliations(&self, section: AffiliationSection) -> &[Affiliation] {
        match section {
            AffiliationSection::Employment => &self.employment,
            AffiliationSection::Education => &self.education,
            AffiliationSection::Qualifications => &self.qualifications,
            AffiliationSection::InvitedPositions => &self.invited_positions,
            AffiliationSection::Memberships => &self.memberships,
            AffiliationSection::Services => &self.services,
        }
    }

    /// The items of one affiliation section, mutable.
    pub fn affiliations_mut(&mut self, section: AffiliationSection) -> &mut Vec<Affiliation> {
        match section {
            AffiliationSection::Employment => &mut self.employment,
            AffiliationSection::Education => &mut self.education,
            AffiliationSection::Qualifications => &mut self.qualifications,
            AffiliationSection::InvitedPositions => &mut self.invited_positions,
            AffiliationSection::Memberships => &mut self.memberships,
            AffiliationSection::Services => &mut self.services,
        }
    }

    /// The work with this id.
    pub fn work(&self, id: &ItemId) -> Option<&Work> {
        self.works.iter().find(|w| w.id.as_ref() == Some(id))
    }

    /// Gives every item without an id a derived one and marks the person's own entries in
    /// the contributor lists of works (every role), patents (inventors) and projects
    /// (investigators). The loader does this; programs that build a CV
    /// in Rust call it before exporting.
    pub fn complete(&mut self) {
        crate::ids::assign_ids(self);
        crate::ids::mark_me(self);
    }
}
