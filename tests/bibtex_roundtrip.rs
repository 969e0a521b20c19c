//! `vitae export --to bibtex` read back by `vitae import bibtex`: every field BibTeX carries
//! arrives as it left, for the reference CV's papers (talks are `@misc` entries whose venue
//! BibTeX has no field for; patent filings come back as works).

mod common;

use vitae::Cv;
use vitae::model::Work;
use vitae::types::Visibility;

fn reference() -> Cv {
    vitae::from_path(common::root().join("examples/lapuschkin.yaml"))
        .expect("the reference CV loads")
        .cv
}

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
    let cv = reference();
    let bib = vitae::citation::bibtex::bibliography(&cv, Visibility::Public);
    let back = vitae::import::bibtex::read(&bib);
    let public = cv.visible(Visibility::Public);
    let papers: Vec<&Work> = public
        .works
        .iter()
        .filter(|w| !w.kind.is_presentation())
        .collect();
    assert!(papers.len() > 40, "{} papers", papers.len());
    let mut differences = Vec::new();
    for w in papers {
        let id = w.id.as_ref().expect("an id");
        let Some(b) = back.works.iter().find(|b| b.id.as_ref() == Some(id)) else {
            differences.push(format!("{id}: not read back"));
            continue;
        };
        let (sent, got) = (carried(w), carried(b));
        for (field, value) in &sent {
            let arrived = got.iter().find(|(f, _)| f == field).map(|(_, v)| v);
            if arrived != Some(value) {
                differences.push(format!("{id}.{field}: sent {value:?}, read {arrived:?}"));
            }
        }
    }
    assert!(
        differences.is_empty(),
        "{} differences:\n{}",
        differences.len(),
        differences.join("\n")
    );
}

#[test]
fn export_to_bibtex_by_name_or_extension() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("works.bib");
    let cv = common::root().join("examples/lapuschkin.yaml");
    let o = common::vitae(&["export", common::s(&cv), "-o", common::s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let by_extension = std::fs::read_to_string(&out).expect("written");
    let by_name = common::vitae(&["export", common::s(&cv), "--to", "bibtex"]);
    assert!(by_name.status.success());
    assert_eq!(String::from_utf8_lossy(&by_name.stdout), by_extension);
    assert_eq!(
        by_extension,
        vitae::citation::bibtex::bibliography(&reference(), Visibility::Public)
    );
    // Limited and private works only when asked.
    let all = common::vitae(&[
        "export",
        common::s(&cv),
        "--to",
        "bibtex",
        "--include",
        "private",
    ]);
    assert!(all.stdout.len() >= by_name.stdout.len());
}
