//! Citations of the CV's works, written for people and reference managers: BibTeX entries
//! (`bibtex`), the same ones ORCID records carry as a work's citation and the profile site
//! offers to copy (`vitae export --to bibtex` writes them all), and CSL-JSON items
//! (`csl_json`, `vitae export --to csl-json`) for Zotero, Mendeley and pandoc.

pub mod bibtex;
pub mod csl_json;
