//! External identifiers as a sync compares them, by their key in the one normal form of
//! [`types::external_id_key`](crate::types::external_id_key).

use serde::Serialize;

/// One external identifier of an item: type, value and relationship, as ORCID writes them.
///
/// ```
/// use vitae::sync::ExternalId;
/// let a = ExternalId::new("doi", "https://doi.org/10.1371/JOURNAL.pone.0130140", "self");
/// let b = ExternalId::new("doi", "10.1371/journal.pone.0130140", "self");
/// assert_eq!(a.key(), b.key());
/// assert_eq!(a.key(), "doi:10.1371/journal.pone.0130140");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ExternalId {
    /// The type, e.g. `doi`, `arxiv`, `source-work-id`.
    pub id_type: String,
    /// The value as written.
    pub value: String,
    /// `self`, `part-of`, `version-of` or `funded-by`.
    pub relationship: String,
}

impl ExternalId {
    /// An external id.
    pub fn new(id_type: &str, value: &str, relationship: &str) -> Self {
        Self {
            id_type: id_type.trim().to_ascii_lowercase(),
            value: value.trim().to_owned(),
            relationship: relationship.trim().to_ascii_lowercase(),
        }
    }

    /// Whether the relationship is `self`: the identifier names this item.
    pub fn is_self(&self) -> bool {
        self.relationship == "self"
    }

    /// The normalised form, `type:value`, equal for two spellings of the same identifier
    /// (see [`external_id_key`](crate::types::external_id_key)).
    pub fn key(&self) -> String {
        crate::types::external_id_key(&self.id_type, &self.value)
    }
}

/// The normalised keys of the `self` identifiers of a list.
pub(crate) fn self_keys(ids: &[ExternalId]) -> Vec<String> {
    let mut keys: Vec<String> = ids
        .iter()
        .filter(|i| i.is_self())
        .map(ExternalId::key)
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_keys_are_normalised_and_distinct() {
        let ids = vec![
            ExternalId::new("doi", "10.1/A", "self"),
            ExternalId::new("issn", "0031-3203", "part-of"),
            ExternalId::new("DOI", "https://doi.org/10.1/a", "SELF"),
            ExternalId::new("arxiv", "arXiv:2206.03208v2", "self"),
            ExternalId::new("arxiv", "2206.03208", "self"),
        ];
        assert_eq!(
            self_keys(&ids),
            vec!["arxiv:2206.03208".to_owned(), "doi:10.1/a".to_owned()]
        );
    }
}
