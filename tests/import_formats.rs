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
    let cv = vitae::from_str(&text, vitae::InputFormat::Yaml)
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
        w.url.as_ref().map(vitae::types::Url::as_str),
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

    // Braced corporate authors: one group author each, kept whole, reported.
    let w = work(&cv, "corporate2021");
    assert_eq!(names(w), [(None, None), (None, None)]);
    let groups: Vec<(&str, bool)> = w
        .authors
        .iter()
        .map(|a| (a.name.as_str(), a.is_group()))
        .collect();
    assert_eq!(
        groups,
        [
            ("European Space Agency", true),
            ("The LIGO Scientific Collaboration", true)
        ]
    );
    assert!(
        err.contains(
            "papers.bib:48:1: corporate2021: author \"European Space Agency\" is a braced name: kept whole as a group author"
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
    assert_eq!(w.authors[0].suffix.as_deref(), Some("Jr."));
    assert_eq!(w.authors[0].display_name(), "John von Neumann Jr.");
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

    // al-folio's fields: links, the venue's abbreviation and the selected mark kept, the
    // display settings reported.
    let w = work(&cv, "alfolio2023");
    let kinds: Vec<LinkKind> = w.links.iter().map(|l| l.kind).collect();
    assert_eq!(kinds, [LinkKind::Pdf, LinkKind::Code]);
    assert_eq!(
        w.container.as_ref().and_then(|c| c.short_title.as_deref()),
        Some("NMI")
    );
    assert!(w.selected);
    assert!(!err.contains("alfolio2023: field `selected`"), "{err}");
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
    // Two files with one key: both works kept, the second with a derived id, warned.
    let other = dir.path().join("b.bib");
    std::fs::write(&other, "@article{k, title = {Other}, year = 2021}\n").expect("write");
    let two = dir.path().join("two");
    std::fs::create_dir(&two).expect("mkdir");
    let (cv, err, _) = import("bibtex", &[&bib, &other], &two);
    assert_eq!(cv.works.len(), 2);
    assert_eq!(work(&cv, "k").title.as_str(), "T");
    assert!(err.contains("k: the id is already taken"), "{err}");
}

#[test]
fn csl_json_zotero_export_arrives_field_by_field() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (cv, err, _) = import("csl-json", &[&fixture("zotero.json")], dir.path());
    // 17 items; one without title is reported, not imported.
    assert_eq!(cv.works.len(), 16, "{err}");
    assert!(
        err.contains("warning: not read: ") && err.contains("notitle: item not imported: no title"),
        "{err}"
    );

    // A Zotero item (its id a URL, so the work's id is derived): every field.
    let w = cv
        .works
        .iter()
        .find(|w| w.title.as_str().starts_with("Unmasking"))
        .expect("the Zotero item");
    assert_eq!(w.kind, WorkKind::JournalArticle);
    let c = w.container.as_ref().expect("journal");
    assert_eq!(
        (c.title.as_str(), c.short_title.as_deref()),
        ("Nature Communications", Some("Nat Commun"))
    );
    assert_eq!(c.issn.len(), 1);
    assert_eq!(date(w), "2019-03-11");
    assert_eq!(
        (w.volume.as_deref(), w.issue.as_deref()),
        (Some("10"), Some("1"))
    );
    assert_eq!(w.pages.as_ref().map(|p| p.as_str()), Some("1096"));
    assert_eq!(
        w.doi.as_ref().map(|d| d.as_str()),
        Some("10.1038/s41467-019-08987-4")
    );
    assert!(w.url.is_some() && w.r#abstract.is_some());
    assert_eq!(w.language.as_ref().map(|l| l.as_str()), Some("en"));
    assert_eq!(names(w)[1], (Some("Stephan"), Some("Wäldchen")));
    assert!(
        err.contains("field `accessed` not kept") && err.contains("field `source` not kept"),
        "{err}"
    );

    // Particles, a suffix, and literal names.
    let w = work(&cv, "vanbeethoven1810");
    assert_eq!(
        names(w),
        [
            (Some("Ludwig"), Some("van Beethoven")),
            (Some("Jean"), Some("de la Fontaine")),
            (Some("Martin Luther"), Some("King")),
        ]
    );
    assert_eq!(w.authors[2].name, "Martin Luther King, Jr.");
    assert_eq!(w.authors[2].suffix.as_deref(), Some("Jr."));
    assert_eq!(date(w), "1810");
    let p = w.publisher.as_ref().expect("publisher");
    assert_eq!(
        (p.name.as_str(), p.city.as_deref()),
        ("Breitkopf & Härtel", Some("Leipzig"))
    );
    assert_eq!(w.isbn.len(), 1);
    let w = work(&cv, "esa2021");
    assert_eq!(names(w), [(None, None)]);
    assert!(w.authors[0].is_group() && w.authors[0].name == "European Space Agency");
    assert!(
        err.contains("esa2021: author \"European Space Agency\" is a literal name: kept whole as a group author"),
        "{err}"
    );
    // `issued.raw`.
    assert_eq!(date(w), "2021-06");
    assert_eq!(
        (w.kind, w.article_number.as_deref()),
        (WorkKind::Report, Some("ESA-SP-1234"))
    );
    let w = work(&cv, "blog2023");
    assert_eq!(date(w), "2023");
    assert!(
        err.contains(
            "blog2023: field `issued` not kept: the date \"Spring 2023\" is kept as its year"
        ),
        "{err}"
    );
    // A date range: the start, the end reported.
    assert_eq!(date(work(&cv, "range2021")), "2021-06-01");
    assert!(
        err.contains("range2021: field `issued` not kept: the end of the date range"),
        "{err}"
    );

    // Conference paper with its event and editor, chapter with its book.
    let w = work(&cv, "bach2015");
    assert_eq!(w.kind, WorkKind::ConferencePaper);
    let e = w.event.as_ref().expect("event");
    assert_eq!(e.name.as_str(), "ICLR 2015");
    assert_eq!(
        e.location.as_ref().and_then(|l| l.city.as_deref()),
        Some("San Diego")
    );
    assert_eq!(w.container.as_ref().map(|c| c.editors.len()), Some(1));
    let w = work(&cv, "montavon2019");
    assert_eq!(w.kind, WorkKind::BookChapter);
    let c = w.container.as_ref().expect("book");
    assert_eq!(
        c.series.as_deref(),
        Some("Lecture Notes in Computer Science")
    );
    assert_eq!(c.place.as_deref(), Some("Cham"));
    assert_eq!(
        c.publisher.as_ref().map(|p| p.name.as_str()),
        Some("Springer")
    );
    assert_eq!(c.editors.len(), 2);

    // Every item type to a work kind.
    for (id, kind) in [
        ("thesis2019", WorkKind::Thesis),
        ("pahde2022", WorkKind::Preprint),
        ("zenodo2020", WorkKind::Dataset),
        ("zennit2021", WorkKind::Software),
        ("talk2022", WorkKind::Talk),
        ("blog2023", WorkKind::Other),
        ("encyclopedia2020", WorkKind::BookChapter),
        ("patent2020", WorkKind::Other),
        ("webpage2024", WorkKind::Other),
    ] {
        assert_eq!(work(&cv, id).kind, kind, "{id}");
    }
    assert_eq!(
        work(&cv, "thesis2019").degree.as_deref(),
        Some("PhD Thesis")
    );
    assert_eq!(
        work(&cv, "pahde2022").arxiv.as_ref().map(|a| a.as_str()),
        Some("2202.03482")
    );
    let t = work(&cv, "talk2022");
    assert_eq!(t.event.as_ref().map(|e| e.dates.len()), Some(1));
    let w = work(&cv, "pmid2018");
    assert_eq!(w.pmid.as_deref(), Some("29990000"));
    assert_eq!(w.identifiers[0].value.as_str(), "PMC6030000");
    assert_eq!(w.volume.as_deref(), Some("13"));
    assert_eq!(w.keywords.len(), 2);
    assert_eq!(w.notes[0].as_str(), "Open access");
}

#[test]
fn csl_json_item_types_all_have_a_kind() {
    use vitae::import::csl_json::work_kind;
    assert_eq!(work_kind("article-journal"), WorkKind::JournalArticle);
    assert_eq!(work_kind("paper-conference"), WorkKind::ConferencePaper);
    assert_eq!(work_kind("chapter"), WorkKind::BookChapter);
    assert_eq!(work_kind("collection"), WorkKind::EditedBook);
    assert_eq!(work_kind("report"), WorkKind::Report);
    assert_eq!(work_kind("speech"), WorkKind::Talk);
    assert_eq!(work_kind("motion_picture"), WorkKind::Other);
}

#[test]
fn json_resume_becomes_the_cv_sections() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (cv, err, _) = import("json-resume", &[&fixture("resume.json")], dir.path());
    let p = &cv.person;
    assert_eq!(
        (p.given_names.as_str(), p.family_name.as_str()),
        ("Ada", "Lovelace")
    );
    assert_eq!(p.emails[0].value.as_str(), "ada@example.org");
    assert_eq!(p.telephones[0].value.as_str(), "+44 (20) 7946-0958");
    assert_eq!(
        p.homepage.as_ref().map(vitae::types::Url::as_str),
        Some("https://ada.example.org"),
        "kept as written"
    );
    assert!(
        p.bio
            .as_deref()
            .is_some_and(|b| b.starts_with("Wrote the first"))
    );
    let a = &p.address.as_ref().expect("address").value;
    assert_eq!(
        (a.city.as_deref(), a.country.as_str()),
        (Some("London"), "GB")
    );
    assert_eq!(p.profiles.len(), 1);
    assert_eq!(p.profiles[0].label.as_deref(), Some("GitHub"));
    assert_eq!(p.skills.len(), 2);
    assert_eq!(p.skills[0].items.len(), 2);
    assert_eq!(p.languages.len(), 2);
    assert_eq!(p.research_areas.len(), 2);

    assert_eq!(cv.employment.len(), 2);
    let e = &cv.employment[0];
    assert_eq!(
        e.organization.as_ref().map(|o| o.name.as_str()),
        Some("Analytical Engine Project")
    );
    assert_eq!(e.role.as_ref().map(|r| r.as_str()), Some("Collaborator"));
    assert_eq!(
        e.period.start().map(|d| d.to_string()).as_deref(),
        Some("1842-01")
    );
    assert_eq!(
        e.period.end().map(|d| d.to_string()).as_deref(),
        Some("1843-09")
    );
    assert_eq!(e.details.len(), 2);
    assert_eq!(cv.services.len(), 1);
    assert_eq!(
        cv.services[0]
            .organization
            .as_ref()
            .map(|o| o.name.as_str()),
        Some("London Mathematical Circle")
    );
    let ed = &cv.education[0];
    let d = ed.degree.as_ref().expect("degree");
    assert_eq!(
        (d.name.as_str(), d.field.as_deref(), d.grade.as_deref()),
        ("Private tuition", Some("Mathematics"), Some("Excellent"))
    );
    assert_eq!(ed.details.len(), 2);
    assert_eq!(
        cv.qualifications[0]
            .organization
            .as_ref()
            .map(|o| o.name.as_str()),
        Some("Mechanics' Institute")
    );
    let aw = &cv.awards[0];
    assert_eq!(aw.title.as_str(), "Honorary Mention");
    assert_eq!(
        aw.organization.as_ref().map(|o| o.name.as_str()),
        Some("Scientific Memoirs")
    );
    assert_eq!(cv.works.len(), 1);
    assert_eq!(
        cv.works[0].title.as_str(),
        "Sketch of the Analytical Engine"
    );
    assert_eq!(date(&cv.works[0]), "1843-08");
    assert_eq!(cv.projects.len(), 1);
    assert_eq!(cv.projects[0].role.as_deref(), Some("Designer, Author"));

    // The photo is the person's image (issue 16, point 14).
    assert_eq!(
        cv.person.image.as_ref().map(|u| u.as_str()),
        Some("https://example.org/ada.jpg")
    );
    // What has no place, reported.
    for lost in [
        "basics.label: vitae has no place for it",
        "basics.profiles[1]: a profile without url",
        "languages[2]: the fluency \"Some\"",
        "references: vitae has no place for it",
        "meta: vitae has no place for it",
        "projects[0].keywords: vitae has no place for it",
    ] {
        assert!(
            err.contains(&format!("resume.json: {lost}")),
            "{lost}\n{err}"
        );
    }
}

#[test]
fn json_resume_refuses_two_files_and_broken_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("cv.yaml");
    let r = fixture("resume.json");
    let o = vitae(&["import", "json-resume", s(&r), s(&r), "-o", s(&out)]);
    assert!(!o.status.success());
    assert!(!out.exists());
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"work\": {\"name\": 1}\n}\n").expect("write");
    let o = vitae(&["import", "json-resume", s(&bad), "-o", s(&out)]);
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("line 2, column") && e.contains("work"), "{e}");
    assert!(!out.exists(), "nothing written");
}
