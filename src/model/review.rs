//! Peer reviews and research resources: ORCID's `peer-review` and `research-resource`
//! sections, kept as ORCID defines them (`peer-review-3.0.xsd`, `research-resource-3.0.xsd`).

use serde::{Deserialize, Serialize};

use super::forms::{OneOrMany, Text, one_or_many};
use super::org::Organization;
use super::work::{Identifier, TranslatedTitle};
use crate::types::{DateRange, ItemId, PartialDate, Url, Visibility};

/// The reviewer's part (ORCID's `reviewer-role`).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ReviewerRole {
    /// Assessed the output (the default).
    #[default]
    Reviewer,
    /// Coordinated the reviews or decided on the publication.
    Editor,
    /// Took part in a committee or panel.
    Member,
    /// Coordinated the reviews of a conference.
    Chair,
    /// Organised the review process.
    Organizer,
}

impl ReviewerRole {
    /// Every role.
    pub const ALL: [ReviewerRole; 5] = [
        ReviewerRole::Reviewer,
        ReviewerRole::Editor,
        ReviewerRole::Member,
        ReviewerRole::Chair,
        ReviewerRole::Organizer,
    ];

    /// ORCID's spelling, which is also the CV's: `reviewer`, `editor`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewerRole::Reviewer => "reviewer",
            ReviewerRole::Editor => "editor",
            ReviewerRole::Member => "member",
            ReviewerRole::Chair => "chair",
            ReviewerRole::Organizer => "organizer",
        }
    }

    /// The role of an ORCID spelling (case and surrounding spaces ignored).
    pub fn from_orcid(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s))
    }
}

/// What kind of review (ORCID's `review-type`).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ReviewType {
    /// An assessment that contributes to a decision on the subject (the default).
    #[default]
    Review,
    /// An evaluation after publication.
    Evaluation,
}

impl ReviewType {
    /// ORCID's spelling: `review`, `evaluation`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewType::Review => "review",
            ReviewType::Evaluation => "evaluation",
        }
    }

    /// The type of an ORCID spelling (case and surrounding spaces ignored).
    pub fn from_orcid(s: &str) -> Option<Self> {
        [ReviewType::Review, ReviewType::Evaluation]
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// What was reviewed: a paper, a proposal, a grant application.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct ReviewSubject {
    /// Its title (often confidential: then left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// Its title in another language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translated_title: Option<TranslatedTitle>,
    /// Its type, as ORCID names work types (`journal-article`) and the subject types it
    /// adds (`grant`, `award`, `contract`, `salary-award`, `research-resource-proposal`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The journal, conference or programme it belongs to, e.g. "Nature".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    /// Its identifier, e.g. a DOI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<Identifier>,
    /// A page about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
}

impl ReviewSubject {
    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A peer review the person wrote (ORCID's `peer-review`).
///
/// ```
/// let cv = vitae::from_str(r#"
/// person: {given-names: Ada, family-name: Lovelace}
/// peer-reviews:
///   - group-id: "issn:0028-0836"
///     date: 2021-03
///     organization: {name: Springer Nature, country: GB, ror: https://ror.org/0117jxy09}
///     subject: {type: journal-article, container: Nature}
///     visibility: private
/// "#, vitae::InputFormat::Yaml)?.cv;
/// let r = &cv.peer_reviews[0];
/// assert_eq!(r.role.as_str(), "reviewer");
/// assert_eq!(r.id.as_ref().map(|i| i.as_str()), Some("review-2021-nature"));
/// # Ok::<(), vitae::Report>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct PeerReview {
    /// Stable local id; derived from the year and the venue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ItemId>,
    /// reviewer (default), editor, member, chair or organizer.
    #[serde(default)]
    pub role: ReviewerRole,
    /// review (default) or evaluation.
    #[serde(rename = "type", default)]
    pub review_type: ReviewType,
    /// When the review was completed.
    pub date: PartialDate,
    /// ORCID's group: what the reviews are grouped under, `issn:0028-0836`,
    /// `ringgold:…`, `fundref:…`, `publons:…` or `orcid-generated:…`.
    pub group_id: String,
    /// Identifiers of the review itself (a Publons id, a review DOI).
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Identifier>")]
    pub identifiers: Vec<Identifier>,
    /// The review's page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    /// What was reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<ReviewSubject>,
    /// The convening organization: the publisher, society or funder that asked for it.
    pub organization: Organization,
    /// Who may see it. Reviews are often confidential: say `private` or `limited`.
    #[serde(default, skip_serializing_if = "Visibility::is_public")]
    pub visibility: Visibility,
    /// ORCID put-code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub put_code: Option<u64>,
}

/// The kind of a research resource (ORCID's `resource-type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ResourceType {
    /// Objects used for research: collections, data sets, specimens.
    Collections,
    /// Hardware: microscopes, telescopes, computers.
    Equipment,
    /// Facilities: a beamline, a ship, a laboratory.
    Infrastructures,
    /// Services: computing, data analysis.
    Services,
}

impl ResourceType {
    /// ORCID's spelling, which is also the CV's.
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceType::Collections => "collections",
            ResourceType::Equipment => "equipment",
            ResourceType::Infrastructures => "infrastructures",
            ResourceType::Services => "services",
        }
    }

    /// The type of an ORCID spelling (case and surrounding spaces ignored).
    pub fn from_orcid(s: &str) -> Option<Self> {
        [
            ResourceType::Collections,
            ResourceType::Equipment,
            ResourceType::Infrastructures,
            ResourceType::Services,
        ]
        .into_iter()
        .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// One resource used under a research resource's proposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct ResourceItem {
    /// Its name, e.g. "Beamline P11".
    pub name: Text,
    /// collections, equipment, infrastructures or services.
    #[serde(rename = "type")]
    pub kind: ResourceType,
    /// Who hosts it.
    #[serde(default, with = "one_or_many")]
    #[schemars(with = "OneOrMany<Organization>")]
    pub hosts: Vec<Organization>,
    /// Its identifiers (RRID, DOI, ...).
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Identifier>")]
    pub identifiers: Vec<Identifier>,
    /// Its page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
}

/// Access to research resources granted to the person (ORCID's `research-resource`): the
/// proposal (title, hosts, ids, period) and the resources used.
///
/// ```
/// let cv = vitae::from_str(r#"
/// person: {given-names: Ada, family-name: Lovelace}
/// research-resources:
///   - title: Beamtime for protein crystals
///     hosts: {name: DESY, country: DE, ror: https://ror.org/01js2sh04}
///     start: 2020-02
///     items:
///       - {name: Beamline P11, type: infrastructures, hosts: {name: DESY, country: DE}}
/// "#, vitae::InputFormat::Yaml)?.cv;
/// assert_eq!(cv.research_resources[0].items[0].kind.as_str(), "infrastructures");
/// # Ok::<(), vitae::Report>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct ResearchResource {
    /// Stable local id; derived from the start year and the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ItemId>,
    /// The proposal's title.
    pub title: Text,
    /// Its title in another language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translated_title: Option<TranslatedTitle>,
    /// Who granted the access.
    #[serde(default, with = "one_or_many")]
    #[schemars(with = "OneOrMany<Organization>")]
    pub hosts: Vec<Organization>,
    /// The proposal's identifiers (a proposal number).
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Identifier>")]
    pub identifiers: Vec<Identifier>,
    /// `start:` and `end:` of the access.
    #[serde(flatten)]
    pub period: DateRange,
    /// The proposal's page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    /// The resources used (ORCID requires one; a record's summary lists none).
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<ResourceItem>")]
    pub items: Vec<ResourceItem>,
    /// Who may see it.
    #[serde(default, skip_serializing_if = "Visibility::is_public")]
    pub visibility: Visibility,
    /// ORCID put-code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub put_code: Option<u64>,
}
