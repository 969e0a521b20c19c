//! The one normal form of external identifiers (`doi`, `arxiv`, `pmc`, …, as ORCID types
//! them): two spellings of one identifier (`https://doi.org/10.1/ABC` and `doi:10.1/abc`,
//! `arXiv:2206.03208v2` and `2206.03208`, `PMC4498753` and `4498753`) have one normal form.
//!
//! Every part of vitae that asks whether two identifiers are one uses it: the ORCID export
//! (two works with one `self` identifier, ORCID error 9021), the ORCID import when it merges
//! the copies of an item, `vitae check` (a DOI twice), and a sync when it matches the CV's
//! items to the record's.
//!
//! Where ORCID's own normalisers differ, the form here says *which item* an identifier
//! names: an arXiv id without its version (ORCID keeps `v1` and `v2` apart, yet both name one
//! preprint, and a CV that moves from `v1` to `v2` still means the item on the record).

/// The start of `s` without the first of `prefixes` it starts with (ASCII case ignored).
fn without_prefix<'a>(s: &'a str, prefixes: &[&str]) -> &'a str {
    prefixes
        .iter()
        .find_map(|p| {
            s.get(..p.len())
                .filter(|head| head.eq_ignore_ascii_case(p))
                .map(|_| &s[p.len()..])
        })
        .unwrap_or(s)
}

/// The ASCII letters and digits of `s`, upper case.
fn alphanumeric_upper(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The ASCII digits of `s`.
fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// An arXiv id without its version (`2206.03208v3` → `2206.03208`).
fn without_version(id: &str) -> &str {
    match id.rfind('v') {
        Some(i) if i > 0 && i + 1 < id.len() && id[i + 1..].bytes().all(|b| b.is_ascii_digit()) => {
            &id[..i]
        }
        _ => id,
    }
}

/// The normal form of the value of an external identifier of a type (the type in ORCID's
/// lower-case spelling, as [`external_id_key`] passes it).
///
/// - `doi`: without resolver (`https://doi.org/`, `dx.doi.org`, `doi:`), lower case;
/// - `arxiv`: without `arXiv:` or the abs/pdf address, without the version, lower case;
/// - `isbn`, `issn`, `pat`: letters and digits, upper case;
/// - `pmid`: its digits; `pmc`: `PMC` and its digits;
/// - `handle`: without resolver, lower case;
/// - `uri`, `url`: without a trailing `/`, lower case;
/// - `source-work-id`: as written; any other type: lower case. Always trimmed.
///
/// ```
/// use vitae::types::normalise_external_id as n;
/// assert_eq!(n("doi", "https://doi.org/10.1371/Journal.X"), "10.1371/journal.x");
/// assert_eq!(n("arxiv", "https://arxiv.org/abs/2206.03208v3"), "2206.03208");
/// assert_eq!(n("pmc", "4498753"), n("pmc", "PMC4498753"));
/// assert_eq!(n("isbn", "978-3-030-28954-6"), "9783030289546");
/// assert_eq!(n("pat", "EP 3991102 A1"), "EP3991102A1");
/// ```
pub fn normalise_external_id(id_type: &str, value: &str) -> String {
    let v = value.trim();
    match id_type {
        "doi" => without_prefix(
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
            let id = without_prefix(
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
            .trim();
            let id = id.strip_suffix(".pdf").unwrap_or(id);
            without_version(&id.to_ascii_lowercase()).to_owned()
        }
        "isbn" | "issn" | "pat" => alphanumeric_upper(v),
        "pmid" => digits(v),
        "pmc" => format!("PMC{}", digits(v)),
        "handle" => without_prefix(
            v,
            &["https://hdl.handle.net/", "http://hdl.handle.net/", "hdl:"],
        )
        .trim()
        .to_lowercase(),
        "source-work-id" => v.to_owned(),
        "uri" | "url" => v.trim_end_matches('/').to_lowercase(),
        _ => v.to_lowercase(),
    }
}

/// The identity of an external identifier, `type:normal form`: equal for two spellings of
/// one identifier. The type is trimmed and lower-cased first.
///
/// ```
/// use vitae::types::external_id_key;
/// assert_eq!(external_id_key("DOI", "doi:10.1/A"), "doi:10.1/a");
/// assert_eq!(external_id_key("arxiv", "arXiv:2206.03208v2"), external_id_key("arxiv", "2206.03208"));
/// ```
pub fn external_id_key(id_type: &str, value: &str) -> String {
    let id_type = id_type.trim().to_ascii_lowercase();
    let normal = normalise_external_id(&id_type, value);
    format!("{id_type}:{normal}")
}

#[cfg(test)]
mod tests {
    use super::normalise_external_id as n;

    #[test]
    fn doi_forms_meet() {
        for v in [
            "10.1038/S41467-019-08987-4",
            "https://doi.org/10.1038/s41467-019-08987-4",
            "http://dx.doi.org/10.1038/s41467-019-08987-4",
            "doi.org/10.1038/s41467-019-08987-4",
            "DOI:10.1038/s41467-019-08987-4",
            " 10.1038/s41467-019-08987-4 ",
        ] {
            assert_eq!(n("doi", v), "10.1038/s41467-019-08987-4", "{v}");
        }
    }

    #[test]
    fn arxiv_ids_meet_without_their_version() {
        for v in [
            "2206.03208",
            "2206.03208v2",
            "arXiv:2206.03208v10",
            "https://arxiv.org/abs/2206.03208v1",
            "http://arxiv.org/abs/2206.03208",
            "https://arxiv.org/pdf/2206.03208v1.pdf",
        ] {
            assert_eq!(n("arxiv", v), "2206.03208", "{v}");
        }
        assert_eq!(n("arxiv", "math.GT/0309136v1"), "math.gt/0309136");
        assert_eq!(n("arxiv", "hep-th/9901001"), "hep-th/9901001");
    }

    #[test]
    fn pubmed_ids_are_their_digits() {
        for v in ["4498753", "PMC4498753", "pmc4498753", "PMC 4498753"] {
            assert_eq!(n("pmc", v), "PMC4498753", "{v}");
        }
        for v in [
            "25123551",
            "https://pubmed.ncbi.nlm.nih.gov/25123551/",
            "PMID: 25123551",
        ] {
            assert_eq!(n("pmid", v), "25123551", "{v}");
        }
    }

    #[test]
    fn others() {
        assert_eq!(n("isbn", "978-3-030-28954-6"), "9783030289546");
        assert_eq!(n("issn", "0031-320x"), "0031320X");
        assert_eq!(n("pat", "EP 3991102 A1"), "EP3991102A1");
        assert_eq!(
            n("handle", "https://hdl.handle.net/11858/00-1735"),
            "11858/00-1735"
        );
        assert_eq!(n("uri", "https://Example.org/x/"), "https://example.org/x");
        assert_eq!(n("source-work-id", " 2019-Unmasking "), "2019-Unmasking");
        assert_eq!(n("grant_number", "ABC-1"), "abc-1");
        assert_eq!(super::external_id_key(" DOI ", "10.1/A"), "doi:10.1/a");
    }
}
