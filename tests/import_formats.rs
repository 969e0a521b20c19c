//! `vitae import bibtex|csl-json|json-resume`: each format's corpus under
//! tests/fixtures/import/, read through the command line, the written CV checked by `vitae
//! check` and compared field by field with what was written by hand.

mod common;

use common::{s, vitae};

use std::path::{Path, PathBuf};

use vitae::Cv;
use vitae::model::{ContainerKind, ContributorRole, LinkKind, Work, WorkKind};

fn fixture(name: &str) -> PathBuf {
    common::root().join("tests/fixtures/import").join(name)
}

/// Imports through the command line into a temporary YAML file; returns the CV read back,
/// the standard error, and the file (in a directory kept alive by the caller).
fn import(format: &str, inputs: &[&Path], dir: &Path) -> (Cv, String, PathBuf) {
    let out = dir.join("cv.yaml");
    let mut args = vec!["import", format];
    args.extend(inputs.iter().map(|p| s(p)));
    args.extend(["-o", s(&out)]);
    let o = vitae(&args);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "import {format} failed:\n{stderr}");
    // The CV written is valid for `vitae check`.
    let c = vitae(&["check", s(&out)]);
    assert!(
        c.status.success(),
        "check: {}{}",
        String::from_utf8_lossy(&c.stdout),
        String::from_utf8_lossy(&c.stderr)
    );
    let text = std::fs::read_to_string(&out).expect("read the CV");
    let cv = vitae::parse_source(&text, vitae::InputFormat::Yaml, None)
        .unwrap_or_else(|r| panic!("{r}"))
        .cv;
    (cv, stderr, out)
}

fn work<'a>(cv: &'a Cv, id: &str) -> &'a Work {
    cv.works
        .iter()
        .find(|w| w.id.as_ref().is_some_and(|i| i.as_str() == id))
        .unwrap_or_else(|| panic!("no work {id}"))
}

fn names(w: &Work) -> Vec<(Option<&str>, Option<&str>)> {
    w.authors
        .iter()
        .map(|a| (a.given.as_deref(), a.family.as_deref()))
        .collect()
}

fn container(w: &Work) -> &str {
    w.container.as_ref().map_or("", |c| c.title.as_str())
}

fn date(w: &Work) -> String {
    w.date.map(|d| d.to_string()).unwrap_or_default()
}

#[test]
fn bibtex_corpus_arrives_field_by_field() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (cv, err, _) = import("bibtex", &[&fixture("papers.bib")], dir.path());
    // 28 entries: one broken (reported, the rest read), one duplicate key (read, warned).
    assert_eq!(cv.works.len(), 27, "{err}");

    // @string, month macro, DOI, URL, accents in names.
    let w = work(&cv, "lapuschkin2019unmasking");
    assert_eq!(w.kind, WorkKind::JournalArticle);
    assert_eq!(
        w.title.as_str(),
        "Unmasking Clever Hans Predictors and Assessing What Machines Really Learn"
    );
    assert_eq!(container(w), "Nature Communications");
    assert_eq!(date(w), "2019-03");
    assert_eq!(
        (w.volume.as_deref(), w.issue.as_deref()),
        (Some("10"), Some("1"))
    );
    assert_eq!(w.pages.as_ref().map(|p| p.as_str()), Some("1096"));
    assert_eq!(
        w.doi.as_ref().map(|d| d.as_str()),
        Some("10.1038/s41467-019-08987-4")
    );
    assert_eq!(
        w.url.as_ref().map(url::Url::as_str),
        Some("https://www.nature.com/articles/s41467-019-08987-4")
    );
    assert_eq!(
        w.publisher.as_ref().map(|p| p.name.as_str()),
        Some("Nature Publishing Group")
    );
    assert_eq!(names(w)[1], (Some("Stephan"), Some("Wäldchen")));
    assert_eq!(names(w)[3], (Some("Grégoire"), Some("Montavon")));
    assert_eq!(names(w)[5], (Some("Klaus-Robert"), Some("Müller")));

    // A `{"}` inside a quoted value: the title whole, and every later field kept.
    let w = work(&cv, "bach2015pixel");
    assert_eq!(
        w.title.as_str(),
        "On Pixel-Wise Explanations: A \"quoted\" word"
    );
    assert_eq!(container(w), "Proceedings of the IEEE Conference");
    assert_eq!(date(w), "2015-12");
    assert_eq!(w.pages.as_ref().map(|p| p.as_str()), Some("140-149"));
    assert_eq!(w.kind, WorkKind::ConferencePaper);

    // An entry in parentheses, `\v{S}`.
    let w = work(&cv, "paren2020");
    assert_eq!(names(w), [(Some("Jan"), Some("Škoda"))]);
    assert_eq!(container(w), "Journal of Parentheses");

    // Accents, `{\'\i}`, `{\ss}`, `\&`, `\emph`/`\textbf` to their text, math as written.
    let w = work(&cv, "accents2018");
    assert_eq!(
        w.title.as_str(),
        r"Café & Crème: emphasised and bold words with $\alpha + \beta$"
    );
    assert_eq!(
        names(w),
        [
            (Some("María"), Some("García")),
            (Some("Karl"), Some("Straße")),
            (Some("Oldřich"), Some("Novák")),
        ]
    );
    assert_eq!(container(w), "Journal of Österreich & Co");
    assert_eq!(w.pages.as_ref().map(|p| p.as_str()), Some("1-20"));
    let w = work(&cv, "math2015");
    assert_eq!(
        w.title.as_str(),
        r"Relevance for $\mathbb{R}^n$ and $f(x) = \sum_i R_i$"
    );
    let w = work(&cv, "emconf2012");
    assert_eq!(w.title.as_str(), "Old style switches and a relax");
    assert_eq!(names(w)[1], (Some("Hans"), Some("Ørsted")));
    assert_eq!(date(w), "2012-06");

    // Braced corporate authors: one name each, kept whole, reported.
    let w = work(&cv, "corporate2021");
    assert_eq!(
        names(w),
        [
            (None, Some("European Space Agency")),
            (None, Some("The LIGO Scientific Collaboration")),
        ]
    );
    assert!(
        err.contains(
            "papers.bib:48:1: corporate2021: author \"European Space Agency\" is a braced name"
        ),
        "{err}"
    );

    // `and others` is no person, and is reported.
    let w = work(&cv, "others2017");
    assert_eq!(
        names(w),
        [(Some("John"), Some("Smith")), (Some("Jane"), Some("Doe"))]
    );
    assert!(err.contains("not kept: "), "{err}");
    assert!(
        err.contains("others2017: field `author` not kept: `and others`"),
        "{err}"
    );

    // von and Jr parts.
    let w = work(&cv, "vonjr1958");
    assert_eq!(w.kind, WorkKind::Book);
    assert_eq!(
        names(w),
        [
            (Some("John"), Some("von Neumann")),
            (Some("Jean"), Some("de la Fontaine")),
            (Some("Ludwig"), Some("van Beethoven")),
        ]
    );
    assert_eq!(w.authors[0].name, "John von Neumann, Jr.");
    let p = w.publisher.as_ref().expect("publisher");
    assert_eq!(
        (p.name.as_str(), p.city.as_deref()),
        ("Yale University Press", Some("New Haven"))
    );
    assert_eq!(w.isbn.len(), 1);

    // BibLaTeX: a date range (its end reported), `journaltitle`, `date`, `eid`, `langid`.
    let w = work(&cv, "range2022");
    assert_eq!(date(w), "2022-08-23");
    assert!(
        err.contains("range2022: field `date` not kept: the end of the date range"),
        "{err}"
    );
    let w = work(&cv, "biblatex2023");
    assert_eq!(container(w), "Pattern Recognition");
    assert_eq!(w.subtitle.as_deref(), Some("With a subtitle"));
    assert_eq!(date(w), "2023-05");
    assert_eq!(w.article_number.as_deref(), Some("109563"));
    assert_eq!(w.language.as_ref().map(|l| l.as_str()), Some("en"));
    let kw: Vec<&str> = w.keywords.iter().map(|k| k.as_str()).collect();
    assert_eq!(kw, ["explainability", "attribution", "relevance"]);

    // eprint with archivePrefix / eprinttype: arXiv ids.
    let w = work(&cv, "arxiv2022");
    assert_eq!(w.kind, WorkKind::Preprint);
    assert_eq!(w.arxiv.as_ref().map(|a| a.as_str()), Some("2202.03482"));
    assert!(
        err.contains("arxiv2022: field `primaryclass` not kept"),
        "{err}"
    );
    let w = work(&cv, "eprinttype2023");
    assert_eq!(w.arxiv.as_ref().map(|a| a.as_str()), Some("2202.06861"));
    assert_eq!(
        w.container.as_ref().and_then(|c| c.kind),
        Some(ContainerKind::Repository)
    );

    // crossref: the child inherits its parent's fields.
    let parent = work(&cv, "cdmake2022");
    assert_eq!(parent.kind, WorkKind::EditedBook);
    assert!(
        parent
            .authors
            .iter()
            .all(|a| a.role == ContributorRole::Editor)
    );
    assert_eq!(container(parent), "Lecture Notes in Computer Science");
    for id in ["child2022", "crossrefonly2022"] {
        let w = work(&cv, id);
        assert_eq!(
            container(w),
            "Machine Learning and Knowledge Extraction",
            "{id}"
        );
        let c = w.container.as_ref().expect("container");
        assert_eq!(
            c.series.as_deref(),
            Some("Lecture Notes in Computer Science")
        );
        assert_eq!(c.editors.len(), 2, "{id}");
        assert_eq!(
            c.publisher.as_ref().map(|p| p.name.as_str()),
            Some("Springer")
        );
        assert_eq!(date(w), "2022", "{id}");
        assert_eq!(w.volume.as_deref(), Some("13480"));
    }

    // Theses, report, chapter, software, dataset, unpublished.
    let w = work(&cv, "thesis2020");
    assert_eq!(
        (w.kind, w.degree.as_deref()),
        (WorkKind::Thesis, Some("PhD"))
    );
    assert_eq!(
        w.publisher.as_ref().map(|p| p.name.as_str()),
        Some("Technische Universität Berlin")
    );
    assert_eq!(work(&cv, "master2013").degree.as_deref(), Some("Master"));
    let w = work(&cv, "report2016");
    assert_eq!(
        (w.kind, w.article_number.as_deref()),
        (WorkKind::Report, Some("TR-2016-01"))
    );
    let w = work(&cv, "chapter2019");
    assert_eq!(w.kind, WorkKind::BookChapter);
    let c = w.container.as_ref().expect("book");
    assert_eq!(c.editors.len(), 2);
    assert_eq!(
        c.publisher.as_ref().map(|p| p.name.as_str()),
        Some("Springer")
    );
    assert_eq!(work(&cv, "zennit2021").kind, WorkKind::Software);
    assert_eq!(work(&cv, "data2020").kind, WorkKind::Dataset);
    let w = work(&cv, "draft2024");
    assert_eq!(w.notes.first().map(|n| n.as_str()), Some("Under review"));

    // al-folio's fields: links and the venue's abbreviation kept, the rest reported.
    let w = work(&cv, "alfolio2023");
    let kinds: Vec<LinkKind> = w.links.iter().map(|l| l.kind).collect();
    assert_eq!(kinds, [LinkKind::Pdf, LinkKind::Code]);
    assert_eq!(
        w.container.as_ref().and_then(|c| c.short_title.as_deref()),
        Some("NMI")
    );
    assert!(
        err.contains("alfolio2023: field `selected` not kept"),
        "{err}"
    );
    assert!(
        err.contains("alfolio2023: field `bibtex_show` not kept"),
        "{err}"
    );

    // A broken entry: reported with line:column, the next entry read.
    assert!(
        err.contains("warning: not read: ") && err.contains("papers.bib:216:13: entry not read"),
        "{err}"
    );
    assert_eq!(
        work(&cv, "afterbroken2016").title.as_str(),
        "The entry after a broken one"
    );
    assert!(
        !cv.works
            .iter()
            .any(|w| w.title.as_str().contains("never closed"))
    );

    // A duplicate key: warned, both read, the second without the key as its id.
    assert!(
        err.contains("papers.bib:227:1: lapuschkin2019unmasking: duplicate citation key"),
        "{err}"
    );
    assert!(
        cv.works
            .iter()
            .any(|w| w.title.as_str() == "A second entry with the same key")
    );
    // A key that is no valid id: an id derived, reported.
    assert!(
        err.contains("DBLP:journals/corr/abs-1902-10178` is not a valid id"),
        "{err}"
    );
    assert!(
        cv.works
            .iter()
            .any(|w| w.title.as_str() == "A key that is no id")
    );
    // The comment entry and the text between entries are no works.
    assert!(!cv.works.iter().any(|w| w.title.as_str().contains("inside")));
}

#[test]
fn bibtex_output_rules_hold() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bib = dir.path().join("a.bib");
    std::fs::write(&bib, "@misc{k, title = {T}, year = 2020}\n").expect("write");
    // `-o -` writes to standard output.
    let o = vitae(&["import", "bibtex", s(&bib), "-o", "-"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("id: k"));
    // An existing file is refused without --force, an input always.
    let out = dir.path().join("cv.yaml");
    std::fs::write(&out, "keep").expect("write");
    let o = vitae(&["import", "bibtex", s(&bib), "-o", s(&out)]);
    assert!(!o.status.success());
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "keep");
    let o = vitae(&["import", "bibtex", s(&bib), "-o", s(&bib), "--force"]);
    assert!(!o.status.success());
    let o = vitae(&["import", "bibtex", s(&bib), "-o", s(&out), "--force"]);
    assert!(o.status.success());
}
