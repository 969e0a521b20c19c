//! The ORCID activity sections a sync writes to: [`crate::orcid::Section`], written in JSON
//! (plans, the ledger) as its API path segment, `work`, `invited-position`, ...

use serde::{Deserialize, Deserializer, Serializer};

pub use crate::orcid::Section;

/// Writes a section as its path segment.
pub(crate) fn serialize<S: Serializer>(section: &Section, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(section.path_segment())
}

/// Reads a section from its path segment.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Section, D::Error> {
    let s = String::deserialize(d)?;
    from_path(&s).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "unknown ORCID section {s:?}, expected one of {}",
            Section::SYNCED.map(Section::path_segment).join(", ")
        ))
    })
}

/// The section of a path segment, e.g. `work`.
pub(crate) fn from_path(s: &str) -> Option<Section> {
    Section::SYNCED.into_iter().find(|x| x.path_segment() == s)
}
