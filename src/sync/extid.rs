//! External identifiers as a sync compares them: normalised so that the forms people and
//! servers write (`https://doi.org/10.1/ABC`, `doi:10.1/abc`, `arXiv:2206.03208v2`) meet.

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

    /// The normalised form, `type:value`, equal for two spellings of the same identifier.
    pub fn key(&self) -> String {
        format!("{}:{}", self.id_type, normalise(&self.id_type, &self.value))
    }
}

fn strip_prefixes<'a>(s: &'a str, prefixes: &[&str]) -> &'a str {
    let lower = s.to_ascii_lowercase();
    for p in prefixes {
        if lower.starts_with(p) {
            return &s[p.len()..];
        }
    }
    s
}

/// The normalised value of an identifier of a type.
///
/// DOIs: without resolver, lower case. arXiv ids: without `arXiv:` or the abs/pdf URL and
/// without the version. ISBNs: digits only. Handles: without resolver. PubMed: digits.
/// PMC: upper case with `PMC`. Others: trimmed, lower case.
///
/// ```
/// use vitae::sync::normalise;
/// assert_eq!(normalise("arxiv", "https://arxiv.org/abs/2206.03208v3"), "2206.03208");
/// assert_eq!(normalise("isbn", "978-3-030-28954-6"), "9783030289546");
/// ```
pub fn normalise(id_type: &str, value: &str) -> String {
    let v = value.trim();
    match id_type {
        "doi" => strip_prefixes(
            v,
            &[
                "https://doi.org/",
                "http://doi.org/",
                "https://dx.doi.org/",
                "http://dx.doi.org/",
                "doi.org/",
                "doi:",
            ],
        )
        .trim()
        .to_lowercase(),
        "arxiv" => {
            let core = strip_prefixes(
                v,
                &[
                    "https://arxiv.org/abs/",
                    "http://arxiv.org/abs/",
                    "https://arxiv.org/pdf/",
                    "http://arxiv.org/pdf/",
                    "arxiv.org/abs/",
                    "arxiv:",
                ],
            )
            .trim()
            .trim_end_matches(".pdf")
            .to_ascii_lowercase();
            match core.rfind('v') {
                Some(i)
                    if i > 0
                        && i + 1 < core.len()
                        && core[i + 1..].bytes().all(|b| b.is_ascii_digit()) =>
                {
                    core[..i].to_owned()
                }
                _ => core,
            }
        }
        "isbn" | "issn" => v
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_uppercase())
            .collect(),
        "handle" => strip_prefixes(
            v,
            &["https://hdl.handle.net/", "http://hdl.handle.net/", "hdl:"],
        )
        .trim()
        .to_lowercase(),
        "pmid" => strip_prefixes(v, &["https://pubmed.ncbi.nlm.nih.gov/", "pmid:", "pmid"])
            .trim()
            .trim_end_matches('/')
            .to_owned(),
        "pmc" => {
            let t = v.trim().to_ascii_uppercase();
            if t.starts_with("PMC") {
                t
            } else {
                format!("PMC{t}")
            }
        }
        "source-work-id" => v.to_owned(),
        "uri" | "url" => v.trim_end_matches('/').to_lowercase(),
        _ => v.to_lowercase(),
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
    fn doi_forms_meet() {
        for v in [
            "10.1038/S41467-019-08987-4",
            "https://doi.org/10.1038/s41467-019-08987-4",
            "http://dx.doi.org/10.1038/s41467-019-08987-4",
            "doi:10.1038/s41467-019-08987-4",
            " 10.1038/s41467-019-08987-4 ",
        ] {
            assert_eq!(normalise("doi", v), "10.1038/s41467-019-08987-4", "{v}");
        }
    }

    #[test]
    fn arxiv_versions_meet() {
        for v in [
            "2206.03208",
            "2206.03208v2",
            "arXiv:2206.03208v10",
            "https://arxiv.org/abs/2206.03208v1",
            "https://arxiv.org/pdf/2206.03208v1.pdf",
        ] {
            assert_eq!(normalise("arxiv", v), "2206.03208", "{v}");
        }
        assert_eq!(normalise("arxiv", "math.GT/0309136v1"), "math.gt/0309136");
    }

    #[test]
    fn others() {
        assert_eq!(normalise("pmc", "4498753"), "PMC4498753");
        assert_eq!(normalise("pmc", "pmc4498753"), "PMC4498753");
        assert_eq!(
            normalise("handle", "https://hdl.handle.net/11858/00-1735"),
            "11858/00-1735"
        );
        assert_eq!(
            normalise("source-work-id", "2019-Unmasking"),
            "2019-Unmasking"
        );
        let ids = vec![
            ExternalId::new("doi", "10.1/A", "self"),
            ExternalId::new("issn", "0031-3203", "part-of"),
            ExternalId::new("DOI", "https://doi.org/10.1/a", "SELF"),
        ];
        assert_eq!(self_keys(&ids), vec!["doi:10.1/a".to_owned()]);
    }
}
