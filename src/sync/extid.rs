//! External identifiers as a sync compares and shows them: ORCID's own
//! [`doc::ExternalId`](crate::orcid::doc::ExternalId), by its key in the one normal form of
//! [`types::external_id_key`](crate::types::external_id_key).

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};

use crate::orcid::doc::ExternalId;

/// The normalised keys of the `self` identifiers of a list, sorted, each once.
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

/// One identifier as a sync's JSON shows it: type, value, relationship.
#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Shown<'a> {
    id_type: String,
    value: &'a str,
    relationship: String,
}

/// Serializes a list of identifiers as `[{"id-type", "value", "relationship"}, …]` (type and
/// relationship in lower case, the value trimmed).
pub(crate) fn serialize<S: Serializer>(ids: &[ExternalId], s: S) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(ids.len()))?;
    for i in ids {
        seq.serialize_element(&Shown {
            id_type: i.id_type.trim().to_ascii_lowercase(),
            value: i.value.trim(),
            relationship: i.relationship().trim().to_ascii_lowercase(),
        })?;
    }
    seq.end()
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
