//! ORCID's controlled vocabularies and the one table that maps CV items to ORCID sections and
//! work types.
//!
//! The XSDs leave these as plain strings; ORCID's API checks them. Every list here is the one
//! vitae checks against before it writes a document.

use super::Section;
use crate::model::{AffiliationSection, PresentationKind, WorkKind};

pub use crate::types::WorkType;

/// External-identifier types ORCID's API accepts (`/v3.0/identifiers`), sorted.
pub const EXTERNAL_ID_TYPES: &[&str] = &[
    "agr",
    "ark",
    "arxiv",
    "asin",
    "bibcode",
    "cba",
    "cienciaiul",
    "cit",
    "ctx",
    "dnb",
    "doi",
    "eid",
    "emdb",
    "empiar",
    "ethos",
    "grant_number",
    "hal",
    "handle",
    "hir",
    "isbn",
    "ismn",
    "issn",
    "jfm",
    "jstor",
    "kuid",
    "lccn",
    "lensid",
    "mr",
    "oclc",
    "ol",
    "osti",
    "other-id",
    "pat",
    "pdb",
    "pmc",
    "pmid",
    "ppr",
    "proposal-id",
    "raid",
    "rfc",
    "rrid",
    "source-work-id",
    "ssrn",
    "swh",
    "uri",
    "urn",
    "w3id",
    "wosuid",
    "zbl",
];

/// Whether ORCID's API accepts an external-identifier type (case matters: `doi`, not `DOI`).
pub fn is_external_id_type(t: &str) -> bool {
    EXTERNAL_ID_TYPES.binary_search(&t).is_ok()
}

/// External-identifier types that may carry the `funded-by` relationship.
pub const FUNDED_BY_TYPES: &[&str] = &["doi", "grant_number", "proposal-id", "uri"];

/// Work contributor roles ORCID accepts (besides the CRediT role URIs).
#[allow(dead_code)] // ORCID's vocabulary, not read by the code yet
pub const WORK_CONTRIBUTOR_ROLES: &[&str] = &[
    "assignee",
    "author",
    "chair-or-translator",
    "co-investigator",
    "co-inventor",
    "editor",
    "graduate-student",
    "other-inventor",
    "postdoctoral-researcher",
    "principal-investigator",
    "support-staff",
];

/// The prefix of the CRediT contributor role URIs ORCID accepts as roles.
pub const CREDIT_ROLE_PREFIX: &str = "http://credit.niso.org/contributor-roles/";

/// The CRediT terms ORCID accepts after [`CREDIT_ROLE_PREFIX`].
#[allow(dead_code)] // ORCID's vocabulary, not read by the code yet
pub const CREDIT_ROLES: &[&str] = &[
    "conceptualization",
    "data-curation",
    "formal-analysis",
    "funding-acquisition",
    "investigation",
    "methodology",
    "project-administration",
    "resources",
    "software",
    "supervision",
    "validation",
    "visualization",
    "writing-original-draft",
    "writing-review-editing",
];

/// Funding contributor roles.
#[allow(dead_code)] // ORCID's vocabulary, not read by the code yet
pub const FUNDING_CONTRIBUTOR_ROLES: &[&str] =
    &["co-lead", "lead", "other-contribution", "supported-by"];

/// Funding types.
#[allow(dead_code)] // ORCID's vocabulary, not read by the code yet
pub const FUNDING_TYPES: &[&str] = &["award", "contract", "grant", "salary-award"];

/// ORCID's citation types (work-3.0.xsd, `citation-type`).
pub const CITATION_TYPES: &[&str] = &[
    "bibtex",
    "formatted-apa",
    "formatted-chicago",
    "formatted-harvard",
    "formatted-ieee",
    "formatted-mla",
    "formatted-unspecified",
    "formatted-vancouver",
    "ris",
];

/// Sources of disambiguated organization ids ORCID accepts.
pub const DISAMBIGUATION_SOURCES: &[&str] = &["FUNDREF", "GRID", "LEI", "RINGGOLD", "ROR"];

/// ORCID's language codes: ISO 639-1 with ORCID's own spellings (`zh_CN`, `zh_TW`, and the
/// withdrawn `iw`, `in`, `ji`, `mo`).
pub const LANGUAGE_CODES: &[&str] = &[
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia",
    "ie", "ig", "ii", "ik", "in", "io", "is", "it", "iu", "iw", "ja", "ji", "jv", "ka", "kg", "ki",
    "kj", "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li",
    "ln", "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mo", "mr", "ms", "mt", "my",
    "na", "nb", "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os",
    "pa", "pi", "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg",
    "si", "sk", "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg",
    "th", "ti", "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve",
    "vi", "vo", "wa", "wo", "xh", "yo", "za", "zh_CN", "zh_TW", "zu",
];

/// ORCID's language code for a BCP 47 tag (`zh-Hant` is `zh_TW`, `he` is `iw`), or `None`
/// when ORCID has none.
pub fn orcid_language(tag: &crate::types::LanguageTag) -> Option<String> {
    let primary = tag.primary();
    let rest: Vec<&str> = tag.as_str().split('-').skip(1).collect();
    let code = match primary {
        "zh" => {
            if rest.iter().any(|p| ["TW", "HK", "MO", "Hant"].contains(p)) {
                "zh_TW".to_owned()
            } else {
                "zh_CN".to_owned()
            }
        }
        "he" => "iw".to_owned(),
        "id" => "in".to_owned(),
        "yi" => "ji".to_owned(),
        p => p.to_owned(),
    };
    LANGUAGE_CODES
        .binary_search(&code.as_str())
        .is_ok()
        .then_some(code)
}

/// The BCP 47 tag for one of ORCID's language codes.
pub fn language_from_orcid(code: &str) -> Option<crate::types::LanguageTag> {
    let t = code.trim();
    let bcp = match t {
        "zh_CN" => "zh-CN",
        "zh_TW" => "zh-TW",
        "iw" => "he",
        "in" => "id",
        "ji" => "yi",
        "mo" => "ro-MD",
        other => other,
    };
    bcp.parse().ok()
}

/// A CV item as the mapping table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CvItem {
    /// An item of an affiliation section.
    Affiliation(AffiliationSection),
    /// An item of `awards`.
    Award,
    /// An item of `projects`.
    Project,
    /// A member of a patent family in `patents`.
    PatentMember,
    /// A work of this kind.
    Work(WorkKind),
    /// A talk (`type: talk`) with this `presentation`, when it differs from other talks.
    Talk(PresentationKind),
    /// An item of `peer-reviews`.
    PeerReview,
    /// An item of `research-resources`.
    ResearchResource,
}

impl CvItem {
    /// How the CV writes it, for the documentation.
    #[cfg(test)]
    pub fn describe(self) -> String {
        match self {
            CvItem::Affiliation(s) => format!("`{}`", s.key()),
            CvItem::Award => "`awards`".to_owned(),
            CvItem::Project => "`projects`".to_owned(),
            CvItem::PatentMember => "`patents[].members[]`".to_owned(),
            CvItem::Work(k) => format!("`works`, `type: {}`", k.as_str()),
            CvItem::Talk(p) => format!(
                "`works`, `type: talk`, `presentation: {}`",
                serde_json::to_value(p)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            ),
            CvItem::PeerReview => "`peer-reviews`".to_owned(),
            CvItem::ResearchResource => "`research-resources`".to_owned(),
        }
    }
}

/// One row of the mapping table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MappingRow {
    /// The CV item.
    pub item: CvItem,
    /// The ORCID section it goes to.
    pub section: Section,
    /// For works, the work type.
    pub work_type: Option<WorkType>,
}

const fn row(item: CvItem, section: Section, work_type: Option<WorkType>) -> MappingRow {
    MappingRow {
        item,
        section,
        work_type,
    }
}

/// The mapping of CV items to ORCID sections and work types: the one table the exporter and
/// the importer use (importing takes the first row of a work type). A work's `orcid-type`
/// overrides its row.
pub const MAPPING: &[MappingRow] = &[
    row(
        CvItem::Affiliation(AffiliationSection::Employment),
        Section::Employment,
        None,
    ),
    row(
        CvItem::Affiliation(AffiliationSection::Education),
        Section::Education,
        None,
    ),
    row(
        CvItem::Affiliation(AffiliationSection::Qualifications),
        Section::Qualification,
        None,
    ),
    row(
        CvItem::Affiliation(AffiliationSection::InvitedPositions),
        Section::InvitedPosition,
        None,
    ),
    row(
        CvItem::Affiliation(AffiliationSection::Memberships),
        Section::Membership,
        None,
    ),
    row(
        CvItem::Affiliation(AffiliationSection::Services),
        Section::Service,
        None,
    ),
    row(CvItem::Award, Section::Distinction, None),
    row(CvItem::Project, Section::Funding, None),
    row(CvItem::PeerReview, Section::PeerReview, None),
    row(CvItem::ResearchResource, Section::ResearchResource, None),
    row(CvItem::PatentMember, Section::Work, Some(WorkType::Patent)),
    row(
        CvItem::Work(WorkKind::JournalArticle),
        Section::Work,
        Some(WorkType::JournalArticle),
    ),
    row(
        CvItem::Work(WorkKind::ConferencePaper),
        Section::Work,
        Some(WorkType::ConferencePaper),
    ),
    row(
        CvItem::Work(WorkKind::WorkshopPaper),
        Section::Work,
        Some(WorkType::ConferencePaper),
    ),
    row(
        CvItem::Work(WorkKind::BookChapter),
        Section::Work,
        Some(WorkType::BookChapter),
    ),
    row(
        CvItem::Work(WorkKind::Book),
        Section::Work,
        Some(WorkType::Book),
    ),
    row(
        CvItem::Work(WorkKind::EditedBook),
        Section::Work,
        Some(WorkType::EditedBook),
    ),
    row(
        CvItem::Work(WorkKind::Preprint),
        Section::Work,
        Some(WorkType::Preprint),
    ),
    row(
        CvItem::Work(WorkKind::Thesis),
        Section::Work,
        Some(WorkType::DissertationThesis),
    ),
    row(
        CvItem::Work(WorkKind::Report),
        Section::Work,
        Some(WorkType::Report),
    ),
    row(
        CvItem::Work(WorkKind::Talk),
        Section::Work,
        Some(WorkType::LectureSpeech),
    ),
    row(
        CvItem::Work(WorkKind::Lecture),
        Section::Work,
        Some(WorkType::LectureSpeech),
    ),
    row(
        CvItem::Work(WorkKind::Software),
        Section::Work,
        Some(WorkType::Software),
    ),
    row(
        CvItem::Work(WorkKind::Dataset),
        Section::Work,
        Some(WorkType::DataSet),
    ),
    row(
        CvItem::Work(WorkKind::Poster),
        Section::Work,
        Some(WorkType::ConferencePoster),
    ),
    row(
        CvItem::Work(WorkKind::Other),
        Section::Work,
        Some(WorkType::Other),
    ),
    row(
        CvItem::Talk(PresentationKind::PaperPresentation),
        Section::Work,
        Some(WorkType::ConferencePresentation),
    ),
    row(
        CvItem::Talk(PresentationKind::Poster),
        Section::Work,
        Some(WorkType::ConferencePoster),
    ),
];

/// The ORCID work type of a work of this kind (and, for talks, presentation kind), from
/// [`MAPPING`].
pub fn work_type_for(kind: WorkKind, presentation: Option<PresentationKind>) -> WorkType {
    let lookup = |item: CvItem| {
        MAPPING
            .iter()
            .find(|r| r.item == item)
            .and_then(|r| r.work_type)
    };
    if kind == WorkKind::Talk
        && let Some(t) = presentation.and_then(|p| lookup(CvItem::Talk(p)))
    {
        return t;
    }
    lookup(CvItem::Work(kind)).unwrap_or(WorkType::Other)
}

/// The work kind (and presentation kind) for an ORCID work type: the first row of
/// [`MAPPING`] with that type, or `other`.
pub fn work_kind_for(t: WorkType) -> (WorkKind, Option<PresentationKind>) {
    for r in MAPPING {
        if r.work_type == Some(t) {
            match r.item {
                CvItem::Work(k) => return (k, None),
                CvItem::Talk(p) => return (WorkKind::Talk, Some(p)),
                _ => {}
            }
        }
    }
    (WorkKind::Other, None)
}

/// The mapping table as Markdown, as DESIGN.md shows it.
#[cfg(test)]
pub fn mapping_markdown() -> String {
    let mut out = String::from("| CV item | ORCID section | ORCID work type |\n|---|---|---|\n");
    for r in MAPPING {
        out.push_str(&format!(
            "| {} | `{}` | {} |\n",
            r.item.describe(),
            r.section.path_segment(),
            r.work_type
                .map(|t| format!("`{}`", t.as_str()))
                .unwrap_or_else(|| "—".to_owned())
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_languages_and_work_types() {
        assert!(is_external_id_type("doi"));
        assert!(!is_external_id_type("DOI"));
        let tag = |t: &str| t.parse::<crate::types::LanguageTag>().unwrap();
        assert_eq!(orcid_language(&tag("de")), Some("de".to_owned()));
        assert_eq!(orcid_language(&tag("zh-Hant")), Some("zh_TW".to_owned()));
        assert_eq!(orcid_language(&tag("he")), Some("iw".to_owned()));
        assert_eq!(work_type_for(WorkKind::Talk, None), WorkType::LectureSpeech);
        assert_eq!(
            work_type_for(WorkKind::Talk, Some(PresentationKind::PaperPresentation)),
            WorkType::ConferencePresentation
        );
    }

    /// Moved from tests/orcid_roundtrip.rs when `orcid::vocab` became internal.
    #[test]
    fn the_mapping_table_in_design_md_is_the_code_table() {
        let design = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("DESIGN.md"),
        )
        .unwrap();
        let table = mapping_markdown();
        assert!(
            design.contains(&table),
            "DESIGN.md's mapping table differs from vocab::MAPPING; paste this:\n{table}"
        );
    }

    /// Moved from tests/orcid_export.rs when `orcid::vocab` became internal.
    #[test]
    fn every_external_id_written_has_a_type_orcid_accepts() {
        let cv = crate::orcid::fixture_cv();
        let items = crate::orcid::items(&cv, crate::types::Visibility::Private).unwrap();
        assert!(!items.is_empty());
        for i in &items {
            for x in i.external_ids() {
                assert!(is_external_id_type(&x.id_type), "{}: {}", i.path, x.id_type);
            }
        }
    }

    #[test]
    fn lists_are_sorted_for_binary_search() {
        for list in [EXTERNAL_ID_TYPES, LANGUAGE_CODES] {
            let mut s = list.to_vec();
            s.sort_unstable();
            assert_eq!(s, list);
        }
    }

    #[test]
    fn every_mapped_type_comes_back_to_itself() {
        for r in MAPPING {
            if let (CvItem::Work(_) | CvItem::Talk(_), Some(t)) = (r.item, r.work_type) {
                let (k, p) = work_kind_for(t);
                assert_eq!(work_type_for(k, p), t, "{r:?}");
            }
        }
        // A patent work that is not a filing vitae can read stays a work with `orcid-type`.
        assert_eq!(work_kind_for(WorkType::Patent), (WorkKind::Other, None));
        for t in WorkType::ALL {
            assert_eq!(t.as_str().parse::<WorkType>().ok(), Some(*t));
        }
    }
}
