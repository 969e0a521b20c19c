//! Citations of the CV's works, written for people and reference managers: BibTeX entries
//! (`bibtex`), the same ones ORCID records carry as a work's citation and the profile site
//! offers to copy (`vitae export --to bibtex` writes them all).

pub mod bibtex;
