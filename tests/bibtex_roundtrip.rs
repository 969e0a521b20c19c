//! `vitae export --to bibtex` read back by `vitae import bibtex`: every field BibTeX carries
//! arrives as it left, for the reference CV's papers (talks are `@misc` entries whose venue
//! BibTeX has no field for; patent filings come back as works).

mod common;

use vitae::model::Work;
use vitae::types::Visibility;

/// What BibTeX carries of a work, as comparable text.
fn carried(w: &Work) -> Vec<(&'static str, String)> {
    let mut out = vec![
        ("title", w.title.to_string()),
        // BibTeX has one entry type for conference and workshop papers.
        (
            "kind",
            match w.kind {
                vitae::model::WorkKind::WorkshopPaper => "ConferencePaper".to_owned(),
                k => format!("{k:?}"),
            },
        ),
        ("date", w.date.map(|d| d.to_string()).unwrap_or_default()),
        (
            "authors",
            w.authors
                .iter()
                .map(|a| a.family.clone().unwrap_or_else(|| a.name.clone()))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        (
            "doi",
            w.doi.as_ref().map(|d| d.to_string()).unwrap_or_default(),
        ),
        (
            "arxiv",
            w.arxiv.as_ref().map(|d| d.to_string()).unwrap_or_default(),
        ),
        ("volume", w.volume.clone().unwrap_or_default()),
        (
            "pages",
            w.pages.as_ref().map(|p| p.to_string()).unwrap_or_default(),
        ),
        (
            "container",
            w.container
                .as_ref()
                .map(|c| c.title.to_string())
                .unwrap_or_default(),
        ),
    ];
    out.retain(|(_, v)| !v.is_empty());
    out
}

#[test]
fn papers_come_back_from_bibtex_as_they_left() {
    let cv = common::reference_cv();
    let bib = vitae::citation::bibtex::bibliography(&cv, Visibility::Public);
    let back = vitae::import::bibtex::read(&bib);
    let public = cv.visible(Visibility::Public);
    let papers: Vec<&Work> = public
        .works
        .iter()
        .filter(|w| !w.kind.is_presentation())
        .collect();
    assert!(papers.len() > 40, "{} papers", papers.len());
    common::assert_round_trip(&papers, &back.works, carried, false);
}

#[test]
fn export_to_bibtex_by_name_or_extension() {
    let library =
        vitae::citation::bibtex::bibliography(&common::reference_cv(), Visibility::Public);
    common::assert_exported_by_name_or_extension("bib", "bibtex", &library);
}
