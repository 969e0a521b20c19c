//! The ORCID activity sections a sync writes to.

use serde::{Deserialize, Serialize};

/// An ORCID activity section that holds CV items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    /// `employment`
    Employment,
    /// `education`
    Education,
    /// `qualification`
    Qualification,
    /// `invited-position`
    InvitedPosition,
    /// `membership`
    Membership,
    /// `service`
    Service,
    /// `distinction`
    Distinction,
    /// `funding`
    Funding,
    /// `work`
    Work,
}

impl Section {
    /// Every section, in the order a sync reads and writes them.
    pub const ALL: [Section; 9] = [
        Section::Employment,
        Section::Education,
        Section::Qualification,
        Section::InvitedPosition,
        Section::Membership,
        Section::Service,
        Section::Distinction,
        Section::Funding,
        Section::Work,
    ];

    /// The API path segment of one item, e.g. `work` in `/{orcid}/work/{put-code}`.
    pub fn path(self) -> &'static str {
        match self {
            Section::Employment => "employment",
            Section::Education => "education",
            Section::Qualification => "qualification",
            Section::InvitedPosition => "invited-position",
            Section::Membership => "membership",
            Section::Service => "service",
            Section::Distinction => "distinction",
            Section::Funding => "funding",
            Section::Work => "work",
        }
    }

    /// The section named by its path segment.
    pub fn from_path(s: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|x| x.path() == s)
    }
}
