//! `vitae export --to csl-json` read back by `vitae import csl-json`: every field CSL-JSON
//! carries arrives as it left, for every public work of the reference CV (a lecture comes
//! back as a talk: CSL has one `speech` type for both; a subtitle comes back in the title).

mod common;

use vitae::model::{Contributor, Work, WorkKind};
use vitae::types::Visibility;

fn names(list: &[Contributor]) -> String {
    list.iter()
        .map(|a| {
            format!(
                "{}|{}|{}",
                a.family.clone().unwrap_or_else(|| a.name.clone()),
                a.given.clone().unwrap_or_default(),
                a.orcid.as_ref().map(|o| o.as_str()).unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// What CSL-JSON carries of a work, as comparable text.
fn carried(w: &Work) -> Vec<(&'static str, String)> {
    let opt = |o: Option<String>| o.unwrap_or_default();
    let c = w.container.as_ref();
    let title = match &w.subtitle {
        Some(s) => format!("{}: {s}", w.title),
        None => w.title.to_string(),
    };
    let mut out = vec![
        ("title", title),
        (
            "kind",
            match w.kind {
                WorkKind::WorkshopPaper => "ConferencePaper".to_owned(),
                WorkKind::Lecture => "Talk".to_owned(),
                k => format!("{k:?}"),
            },
        ),
        ("date", opt(w.date.map(|d| d.to_string()))),
        ("authors", names(&w.authors)),
        ("status", format!("{:?}", w.status)),
        ("doi", opt(w.doi.as_ref().map(|d| d.to_string()))),
        ("url", opt(w.url.as_ref().map(|d| d.to_string()))),
        ("pmid", opt(w.pmid.clone())),
        (
            "isbn",
            w.isbn
                .iter()
                .map(|i| i.as_str())
                .collect::<Vec<_>>()
                .join(","),
        ),
        ("volume", opt(w.volume.clone())),
        ("issue", opt(w.issue.clone())),
        ("pages", opt(w.pages.as_ref().map(|p| p.to_string()))),
        ("article-number", opt(w.article_number.clone())),
        (
            "publisher",
            opt(c
                .and_then(|c| c.publisher.as_ref())
                .or(w.publisher.as_ref())
                .map(|p| p.name.to_string())),
        ),
        ("container", opt(c.map(|c| c.title.to_string()))),
        (
            "container-short",
            opt(c.and_then(|c| c.short_title.clone())),
        ),
        ("series", opt(c.and_then(|c| c.series.clone()))),
        (
            "issn",
            c.map(|c| {
                c.issn
                    .iter()
                    .map(|i| i.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .unwrap_or_default(),
        ),
        ("editors", c.map(|c| names(&c.editors)).unwrap_or_default()),
        ("abstract", opt(w.r#abstract.clone())),
        (
            "keywords",
            w.keywords
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (
            "notes",
            w.notes
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        ),
        ("language", opt(w.language.as_ref().map(|l| l.to_string()))),
        ("degree", opt(w.degree.clone())),
        ("event", opt(w.event.as_ref().map(|e| e.name.to_string()))),
        (
            "event-date",
            opt(w
                .event
                .as_ref()
                .and_then(|e| e.dates.first())
                .map(|d| d.to_string())),
        ),
    ];
    if w.kind == WorkKind::Preprint {
        out.push(("arxiv", opt(w.arxiv.as_ref().map(|a| a.to_string()))));
    }
    out.retain(|(_, v)| !v.is_empty());
    out
}

#[test]
fn works_come_back_from_csl_json_as_they_left() {
    let cv = common::reference_cv();
    let json = vitae::citation::csl_json::bibliography(&cv, Visibility::Public);
    let back = vitae::import::csl_json::read(&json);
    let public = cv.visible(Visibility::Public);
    assert!(public.works.len() > 60, "{} works", public.works.len());
    assert_eq!(back.works.len(), public.works.len(), "{:?}", back.notes);
    let sent: Vec<&Work> = public.works.iter().collect();
    common::assert_round_trip(&sent, &back.works, carried, true);
}

#[test]
fn export_to_csl_json_by_name_or_extension() {
    let library =
        vitae::citation::csl_json::bibliography(&common::reference_cv(), Visibility::Public);
    let by_extension = common::assert_exported_by_name_or_extension("json", "csl-json", &library);
    let items: serde_json::Value = serde_json::from_str(&by_extension).expect("JSON");
    assert!(items.as_array().is_some_and(|a| a.len() > 60));
    let dir = tempfile::tempdir().expect("temp dir");
    let cv = common::reference_cv_path();
    // `--to` wins over the extension; `.jsonld` stays JSON-LD.
    let forced = dir.path().join("cv.json");
    let o = common::vitae(&[
        "export",
        common::s(&cv),
        "--to",
        "jsonld",
        "-o",
        common::s(&forced),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(common::read(&forced).contains("\"@context\""));
    let ld = dir.path().join("cv.jsonld");
    let o = common::vitae(&["export", common::s(&cv), "-o", common::s(&ld)]);
    assert!(o.status.success());
    assert!(common::read(&ld).contains("\"@context\""));
}

/// The kinds and fields the reference CV lacks: a thesis, a poster, an edited book, a chapter
/// with editors and publisher, a preprint, a report, a status, an ORCID iD, keywords.
#[test]
fn other_kinds_and_fields_come_back() {
    let cv = vitae::from_str(
        r#"
person: {given-names: Ada, family-name: Lovelace}
works:
  - type: thesis
    title: On Engines
    subtitle: A Study
    authors: ["Lovelace, Ada"]
    date: 1840-05-02
    degree: PhD
    publisher: University of London
    language: en
    keywords: [engines, notes]
  - type: poster
    title: A Poster
    authors: [{name: "Ada Lovelace", given: Ada, family: Lovelace, orcid: "0000-0002-1825-0097"}]
    date: 1841
    event: {name: Royal Society Soirée, dates: [1841-03-04], location: {city: London}}
  - type: edited-book
    title: Collected Notes
    authors: ["Babbage, Charles", "Lovelace, Ada"]
    date: 1842
    publisher: Taylor
    isbn: 978-3-16-148410-0
  - type: book-chapter
    title: A Chapter
    authors: ["Lovelace, Ada"]
    date: 1843
    pages: 10-20
    container: {title: The Book, editors: ["Babbage, Charles"], publisher: Springer, place: Cham, series: LNCS}
  - type: preprint
    title: A Preprint
    authors: ["Lovelace, Ada"]
    date: 2022-06
    arxiv: 2206.03208
    status: submitted
  - type: report
    title: A Report
    authors: ["Lovelace, Ada"]
    date: 1844
    article-number: TR-7
    pmid: "12345"
    notes: [First note, Second note]
"#,
        vitae::InputFormat::Yaml,
    )
    .expect("the CV reads").cv;
    let json = vitae::citation::csl_json::bibliography(&cv, Visibility::Public);
    let back = vitae::import::csl_json::read(&json);
    assert_eq!(back.works.len(), cv.works.len(), "{:?}", back.notes);
    for (w, b) in cv.works.iter().zip(&back.works) {
        assert_eq!(carried(w), carried(b), "{json}");
    }
    assert!(json.contains("\"genre\": \"poster\""), "{json}");
    assert!(json.contains("\"ORCID\": \"https://orcid.org/0000-0002-1825-0097\""));
}
