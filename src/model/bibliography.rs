//! A CV's linked bibliography: the `.bib` and CSL-JSON files whose entries are works of the
//! CV, and the `works` entries that annotate them by citation key.

use serde::{Deserialize, Serialize};

use super::forms::{OneOrMany, ShortForm, converted, non_empty, one_or_many, short_form};
use super::work::Link;
use super::{Text, Work};
use crate::types::{ItemId, Visibility};

/// The syntax of a bibliography file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum BibliographyFormat {
    /// BibTeX or BibLaTeX (`.bib`, `.bibtex`).
    Bibtex,
    /// CSL-JSON, an array of items (`.json`).
    CslJson,
}

impl BibliographyFormat {
    /// The format a file name's extension implies: `.bib`/`.bibtex` BibTeX, `.json` CSL-JSON.
    ///
    /// ```
    /// use vitae::model::BibliographyFormat;
    /// assert_eq!(BibliographyFormat::from_path("refs/papers.BIB"), Some(BibliographyFormat::Bibtex));
    /// assert_eq!(BibliographyFormat::from_path("zotero.json"), Some(BibliographyFormat::CslJson));
    /// assert_eq!(BibliographyFormat::from_path("papers.ris"), None);
    /// ```
    pub fn from_path(path: &str) -> Option<Self> {
        let ext = std::path::Path::new(path).extension()?.to_str()?;
        match ext.to_ascii_lowercase().as_str() {
            "bib" | "bibtex" => Some(Self::Bibtex),
            "json" => Some(Self::CslJson),
            _ => None,
        }
    }

    /// The spelling in CV files: `bibtex`, `csl-json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bibtex => "bibtex",
            Self::CslJson => "csl-json",
        }
    }
}

/// One file of a CV's `bibliography`: a path (relative to the CV file), its format implied by
/// the extension, or a map `{path, format}`.
///
/// ```
/// use vitae::model::{BibliographyFormat, BibliographySource};
/// let b: BibliographySource = "papers.bib".parse()?;
/// assert_eq!(b.format, BibliographyFormat::Bibtex);
/// assert!("papers.txt".parse::<BibliographySource>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct BibliographySource {
    /// The file, relative to the CV file (or absolute).
    pub path: String,
    /// Its syntax.
    pub format: BibliographyFormat,
}

/// The full form of [`BibliographySource`].
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub(crate) struct BibliographySourceFields {
    /// The file, relative to the CV file (or absolute).
    path: String,
    /// bibtex or csl-json; when absent, implied by the extension (.bib, .bibtex, .json).
    #[serde(default)]
    format: Option<BibliographyFormat>,
}

impl ShortForm for BibliographySource {
    type Full = BibliographySourceFields;
    const SHORT_DESCRIPTION: &'static str = "the path of a .bib, .bibtex (BibTeX, BibLaTeX) or .json (CSL-JSON) file, relative to the CV";
    fn from_short(s: &str) -> Result<Self, String> {
        Self::from_full(BibliographySourceFields {
            path: s.to_owned(),
            format: None,
        })
    }
    fn from_map<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        converted(d, Self::from_full)
    }
}

impl BibliographySource {
    /// Builds it from its map form, whose keys differ from its fields.
    fn from_full(f: BibliographySourceFields) -> Result<Self, String> {
        let path = non_empty(&f.path, "a file path")?;
        let format = match f.format {
            Some(x) => x,
            None => BibliographyFormat::from_path(&path).ok_or_else(|| {
                format!(
                    "expected a file ending in .bib, .bibtex or .json, found {path:?}; \
                     name its format with {{path: {path}, format: bibtex}} or csl-json"
                )
            })?,
        };
        Ok(Self { path, format })
    }
}
short_form!(BibliographySource);

impl std::str::FromStr for BibliographySource {
    type Err = crate::types::ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_short(s).map_err(crate::types::ValueError::new)
    }
}

/// A `works` entry with a `key`: not a work of its own but what the CV adds to the work read
/// from its bibliography under that citation key.
///
/// ```yaml
/// works:
///   - key: lapuschkin2019unmasking
///     selected: true
///     me: 1
///     links: [https://github.com/chr5tphr/zennit]
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(deny_unknown_fields)]
pub struct WorkAnnotation {
    /// The citation key of the entry in the bibliography.
    pub key: String,
    /// The work's id, in place of the citation key (or of the id derived when the key is not
    /// a valid id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ItemId>,
    /// Who may see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Visibility>,
    /// Whether it is among the selected works (al-folio's `selected`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<bool>,
    /// Which author is the CV's own person, counted from 1, when the name does not tell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub me: Option<usize>,
    /// Links added to the entry's: code, slides, PDF, video.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Link>")]
    pub links: Vec<Link>,
    /// Awards given to the work.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Text>")]
    pub awards: Vec<Text>,
    /// Projects of this CV that funded it (ids).
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<ItemId>")]
    pub funded_by: Vec<ItemId>,
    /// Remarks added to the entry's.
    #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "OneOrMany<Text>")]
    pub notes: Vec<Text>,
    /// ORCID put-code of the work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub put_code: Option<u64>,
}

/// What a `works` entry may be, for the JSON Schema: a work, or an annotation of a
/// bibliography entry (a map with `key`).
#[derive(schemars::JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub(crate) enum WorkEntry {
    Work(Box<Work>),
    Annotation(WorkAnnotation),
}
