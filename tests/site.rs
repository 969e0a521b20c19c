//! `vitae site`: what the site shows, what it hides, and that a second run writes nothing.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{s, vitae};
use serde_json::Value as Json;
use vitae::types::Visibility;

/// The CVs whose sites are checked: the reference CV, and a CV with every section filled and
/// private and limited fields.
const CVS: [&str; 2] = [
    "examples/lapuschkin.yaml",
    "tests/fixtures/linked-full.yaml",
];

/// Builds the site of `cv` into `out` with the command line.
fn site(cv: &str, out: &Path, extra: &[&str]) {
    let mut args = vec!["site", cv, "-o", s(out)];
    args.extend_from_slice(extra);
    let o = vitae(&args);
    assert!(
        o.status.success(),
        "vitae site {cv} failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every file under `dir`, by path relative to it.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn load(cv: &str) -> vitae::Cv {
    vitae::from_path(common::root().join(cv))
        .unwrap_or_else(|r| panic!("{cv}: {r}"))
        .cv
}

/// Every string in a JSON value (keys excluded).
fn strings(v: &Json, out: &mut BTreeSet<String>) {
    match v {
        Json::String(s) => {
            out.insert(s.clone());
        }
        Json::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Json::Object(o) => o.values().for_each(|x| strings(x, out)),
        Json::Number(n) => {
            out.insert(n.to_string());
        }
        _ => {}
    }
}

/// The values of a CV that only its limited or private parts hold: every string of the
/// whole CV that the public view does not contain anywhere.
fn hidden_values(cv: &vitae::Cv) -> BTreeSet<String> {
    let mut all = BTreeSet::new();
    strings(&serde_json::to_value(cv).unwrap(), &mut all);
    let mut public = BTreeSet::new();
    strings(
        &serde_json::to_value(cv.visible(Visibility::Public)).unwrap(),
        &mut public,
    );
    let public_text: String = public.iter().cloned().collect::<Vec<_>>().join("\n");
    all.into_iter()
        // A hidden value that is part of a public one (a city, a year) is not a secret.
        .filter(|v| v.len() >= 4 && !public_text.contains(v.as_str()))
        .collect()
}

/// The forms a value may take in the site's files: as is, HTML-escaped, JSON-escaped.
fn forms(v: &str) -> Vec<String> {
    let html = v
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;");
    let json = serde_json::to_string(v).unwrap();
    vec![v.to_owned(), html, json[1..json.len() - 1].to_owned()]
}

#[test]
fn site_shows_no_private_or_limited_value() {
    for cv in CVS {
        let full = load(cv);
        let hidden = hidden_values(&full);
        assert!(!hidden.is_empty(), "{cv}: the test CV hides nothing");
        let dir = tempfile::tempdir().unwrap();
        site(cv, dir.path(), &[]);
        let files = files(dir.path());
        assert!(files.len() > 5, "{cv}: {} files", files.len());
        for (path, bytes) in &files {
            let text = String::from_utf8_lossy(bytes);
            for v in &hidden {
                for f in forms(v) {
                    assert!(
                        !text.contains(&f),
                        "{cv}: {path} shows the hidden value {v:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn hidden_values_of_the_test_cvs_include_the_known_secrets() {
    // The values that must be among those the privacy test looks for.
    let reference = hidden_values(&load(CVS[0]));
    for v in ["1986-12-16", "+49 (177) 483-2754"] {
        assert!(reference.contains(v), "{v} not among {reference:?}");
    }
    let full = hidden_values(&load(CVS[1]));
    for v in [
        "1815-12-10",
        "ada.private@example.org",
        "+44 20 7946 0000",
        "Secret Society",
        "Hidden Role",
        "Secret Medal",
        "A Private Letter",
    ] {
        assert!(full.contains(v), "{v} not among {full:?}");
    }
}

#[test]
fn second_run_rewrites_nothing_and_output_is_deterministic() {
    for cv in CVS {
        let dir = tempfile::tempdir().unwrap();
        site(cv, dir.path(), &[]);
        let first = files(dir.path());
        let times = |d: &Path| -> BTreeMap<String, std::time::SystemTime> {
            files(d)
                .keys()
                .map(|k| (k.clone(), d.join(k).metadata().unwrap().modified().unwrap()))
                .collect()
        };
        let before = times(dir.path());
        // Coarse file systems keep mtimes to the second or so.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let o = vitae(&["site", cv, "-o", s(dir.path())]);
        assert!(o.status.success());
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(" 0 files written"),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(times(dir.path()), before, "{cv}: a file was rewritten");
        // A fresh directory gets the same bytes.
        let other = tempfile::tempdir().unwrap();
        site(cv, other.path(), &[]);
        assert_eq!(
            files(other.path()),
            first,
            "{cv}: output differs between runs"
        );
        // A changed file is written again; the others stay.
        std::fs::write(dir.path().join("style.css"), "changed").unwrap();
        let o = vitae(&["site", cv, "-o", s(dir.path())]);
        assert!(String::from_utf8_lossy(&o.stderr).contains(" 1 file written"));
        assert_eq!(files(dir.path()), first);
    }
}

/// Unescapes the few entities minijinja writes.
fn unescape(s: &str) -> String {
    s.replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The `<meta name=… content=…>` tags of a page, in order.
fn meta(html: &str) -> Vec<(String, String)> {
    html.lines()
        .filter_map(|l| l.trim().strip_prefix("<meta name=\""))
        .filter_map(|l| {
            let (name, rest) = l.split_once("\" content=\"")?;
            let content = rest.strip_suffix("\">")?;
            Some((name.to_owned(), unescape(content)))
        })
        .collect()
}

/// The JSON-LD `<script>` blocks of a page, parsed.
fn json_ld(html: &str) -> Vec<Json> {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|b| serde_json::from_str(b.split("</script>").next().unwrap()).unwrap())
        .collect()
}

#[test]
fn work_pages_carry_the_scholar_tags_with_the_cvs_values() {
    for cv_path in CVS {
        let cv = load(cv_path).visible(Visibility::Public);
        let dir = tempfile::tempdir().unwrap();
        site(cv_path, dir.path(), &[]);
        let mut checked = 0;
        for w in &cv.works {
            let id = w.id.as_ref().unwrap().as_str();
            let page = dir.path().join(format!("works/{id}/index.html"));
            let html = std::fs::read_to_string(&page).unwrap();
            let tags = meta(&html);
            let get = |n: &str| -> Vec<&str> {
                tags.iter()
                    .filter(|(k, _)| k == n)
                    .map(|(_, v)| v.as_str())
                    .collect()
            };
            if w.kind.is_presentation() {
                assert!(get("citation_title").is_empty(), "{id}: a talk as a paper");
                continue;
            }
            assert_eq!(get("citation_title"), [w.title.as_str()], "{id}");
            let authors: Vec<String> = w
                .authors
                .iter()
                .map(|a| match (&a.family, &a.given) {
                    (Some(f), Some(g)) => format!("{f}, {g}"),
                    (Some(f), None) => f.clone(),
                    _ => a.name.clone(),
                })
                .collect();
            assert_eq!(get("citation_author"), authors, "{id}");
            match &w.date {
                Some(d) => {
                    let want = match d.day() {
                        Some(day) => format!("{}/{:02}/{day:02}", d.year(), d.month().unwrap()),
                        None => d.year().to_string(),
                    };
                    assert_eq!(get("citation_publication_date"), [want.as_str()], "{id}");
                }
                None => assert!(get("citation_publication_date").is_empty()),
            }
            let doi = w.doi.as_ref().map(|d| d.to_string());
            assert_eq!(get("citation_doi"), doi.iter().collect::<Vec<_>>(), "{id}");
            assert_eq!(get("citation_volume"), w.volume.iter().collect::<Vec<_>>());
            assert_eq!(get("citation_issue"), w.issue.iter().collect::<Vec<_>>());
            if let Some(p) = &w.pages {
                assert_eq!(get("citation_firstpage"), [p.first()], "{id}");
                assert_eq!(
                    get("citation_lastpage"),
                    p.last().into_iter().collect::<Vec<_>>()
                );
            }
            if let Some(c) = &w.container {
                let venue = [
                    get("citation_journal_title"),
                    get("citation_conference_title"),
                ]
                .concat();
                if matches!(
                    w.kind,
                    vitae::model::WorkKind::JournalArticle
                        | vitae::model::WorkKind::ConferencePaper
                ) {
                    assert_eq!(venue, [c.title.as_str()], "{id}");
                }
                let issn: Vec<String> = c.issn.iter().map(|i| i.to_string()).collect();
                assert_eq!(get("citation_issn"), issn, "{id}");
            }
            if w.kind == vitae::model::WorkKind::Thesis {
                let p = w.publisher.as_ref().unwrap().name.to_string();
                assert_eq!(get("citation_dissertation_institution"), [p.as_str()]);
            }
            let pdf = w
                .links
                .iter()
                .find(|l| l.kind == vitae::model::LinkKind::Pdf)
                .and_then(|l| l.url())
                .map(|u| u.to_string());
            assert_eq!(get("citation_pdf_url"), pdf.iter().collect::<Vec<_>>());
            checked += 1;
        }
        assert!(checked > 3, "{cv_path}: only {checked} papers checked");
    }
}

#[test]
fn a_works_iri_is_its_entry_on_the_index_and_its_page_holds_its_node() {
    for cv_path in CVS {
        let dir = tempfile::tempdir().unwrap();
        site(cv_path, dir.path(), &[]);
        let index = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
        let doc: Json =
            serde_json::from_slice(&std::fs::read(dir.path().join("cv.jsonld")).unwrap()).unwrap();
        // The index carries the same JSON-LD as cv.jsonld.
        assert_eq!(json_ld(&index), std::slice::from_ref(&doc));
        let page = doc["@graph"][0]["@id"].as_str().unwrap();
        let mut works = 0;
        for node in doc["@graph"].as_array().unwrap() {
            let iri = node["@id"].as_str().unwrap();
            let Some(local) = iri.strip_prefix(page).and_then(|f| f.strip_prefix('#')) else {
                continue;
            };
            // A work's parts (`#work-<id>--event`) are not works.
            let Some(id) = local.strip_prefix("work-").filter(|id| !id.contains("--")) else {
                continue;
            };
            works += 1;
            // The fragment names the work's entry on the index, which links to its page.
            let entry = format!("<li id=\"{local}\" class=\"work\">");
            let at = index.find(&entry).unwrap_or_else(|| panic!("no {entry}"));
            let link = format!("href=\"works&#x2f;{id}&#x2f;\"");
            let end = index[at..].find("</li>").unwrap();
            assert!(
                index[at..at + end].contains(&link),
                "{local}: no link to its page"
            );
            // The page holds the node itself, with the document's context.
            let html =
                std::fs::read_to_string(dir.path().join(format!("works/{id}/index.html"))).unwrap();
            let blocks = json_ld(&html);
            assert_eq!(blocks.len(), 1, "{id}");
            let mut want = common::page_node(node, &doc).as_object().unwrap().clone();
            want.insert("@context".into(), doc["@context"].clone());
            let mut got = blocks[0].as_object().unwrap().clone();
            assert_eq!(got.remove("@context"), Some(doc["@context"].clone()));
            want.remove("@context");
            assert_eq!(got, want, "{id}");
        }
        assert!(works > 5, "{cv_path}: {works} works");
        // So is every other item's IRI: the person, positions, education, projects, patents.
        assert!(index.contains("<header id=\"me\">"));
        let sections = [
            "employment-",
            "education-",
            "qualifications-",
            "invited-positions-",
            "memberships-",
            "services-",
            "project-",
            "patent-",
        ];
        let mut items = 0;
        let mut iris = BTreeSet::new();
        ids(&doc, &mut iris);
        for iri in &iris {
            let Some(local) = iri.strip_prefix(page).and_then(|f| f.strip_prefix('#')) else {
                continue;
            };
            if local.contains("--") || !sections.iter().any(|s| local.starts_with(s)) {
                continue;
            }
            items += 1;
            assert!(
                index.contains(&format!("<li id=\"{local}\">")),
                "{cv_path}: no anchor {local}"
            );
        }
        assert!(items > 3, "{cv_path}: {items} items");
        let sitemap = std::fs::read_to_string(dir.path().join("sitemap.xml")).unwrap();
        assert!(sitemap.contains(&format!("<loc>{}</loc>", unescape_url(page))));
        assert_eq!(sitemap.matches("<loc>").count(), works + 1);
    }
}

/// Every `@id` in a JSON-LD value, also of nested nodes.
fn ids(v: &Json, out: &mut BTreeSet<String>) {
    match v {
        Json::Object(o) => {
            if let Some(Json::String(id)) = o.get("@id") {
                out.insert(id.clone());
            }
            o.values().for_each(|x| ids(x, out));
        }
        Json::Array(a) => a.iter().for_each(|x| ids(x, out)),
        _ => {}
    }
}

fn unescape_url(u: &str) -> String {
    u.replace('/', "&#x2f;")
}

#[test]
fn base_url_moves_the_iris_and_the_sitemap() {
    let dir = tempfile::tempdir().unwrap();
    site(
        CVS[1],
        dir.path(),
        &["--base-url", "https://ada.example.net/site/"],
    );
    let doc = std::fs::read_to_string(dir.path().join("cv.jsonld")).unwrap();
    assert!(doc.contains("\"@id\": \"https://ada.example.net/site/#me\""));
    let sitemap = std::fs::read_to_string(dir.path().join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https:&#x2f;&#x2f;ada.example.net&#x2f;site&#x2f;works&#x2f;"));
}

#[test]
fn index_shows_every_section_with_the_persons_name_highlighted_in_order() {
    let dir = tempfile::tempdir().unwrap();
    site(CVS[1], dir.path(), &[]);
    let index = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
    for id in [
        "bio",
        "employment",
        "education",
        "qualifications",
        "invited-positions",
        "memberships",
        "services",
        "awards",
        "projects",
        "patents",
        "works-journal-article",
        "works-conference-paper",
        "works-thesis",
        "works-talk",
        "works-lecture",
        "skills",
        "languages",
    ] {
        assert!(index.contains(&format!("<section id=\"{id}\"")), "{id}");
    }
    // The issue's order: positions, education, works (talks, teaching among them), awards,
    // projects, patents.
    let at = |id: &str| index.find(&format!("<section id=\"{id}\"")).unwrap();
    let order = [
        "employment",
        "education",
        "works-journal-article",
        "works-talk",
        "works-lecture",
        "awards",
        "projects",
        "patents",
    ];
    assert!(
        order.windows(2).all(|w| at(w[0]) < at(w[1])),
        "sections out of order"
    );
    assert!(index.contains(
        "<span class=\"authors\">L F Menabrea, <strong class=\"me\">A Lovelace</strong>, C Babbage</span>"
    ));
    // Escaped in text, safe in the JSON-LD block, no script besides the JSON-LD.
    assert!(index.contains("Title with &lt;&#x2f;script&gt; and &lt;!-- in it &amp; more"));
    assert_eq!(index.matches("<script").count(), 1);
    assert!(!index.contains("http://fonts.") && !index.contains("cdn"));
}

#[test]
fn templates_dir_replaces_a_template_and_refuses_unknown_names() {
    let tpl = tempfile::tempdir().unwrap();
    std::fs::write(
        tpl.path().join("style.css"),
        "/* mine */ body { color: {{ 'red' }}; }\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    site(CVS[1], dir.path(), &["--templates", s(tpl.path())]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("style.css")).unwrap(),
        "/* mine */ body { color: red; }"
    );
    std::fs::write(tpl.path().join("indx.html"), "x").unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = vitae(&[
        "site",
        CVS[1],
        "-o",
        s(out.path()),
        "--templates",
        s(tpl.path()),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("indx.html") && err.contains("index.html"),
        "{err}"
    );
    assert!(
        files(out.path()).is_empty(),
        "files written despite the error"
    );
    // A template that does not render names itself and its line.
    std::fs::remove_file(tpl.path().join("indx.html")).unwrap();
    std::fs::write(tpl.path().join("work.html"), "ok\n{{ nothing.here }}\n").unwrap();
    let o = vitae(&[
        "site",
        CVS[1],
        "-o",
        s(out.path()),
        "--templates",
        s(tpl.path()),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("work.html:2"), "{err}");
}

#[test]
fn a_work_made_private_since_the_last_run_leaves_the_site() {
    let cvs = tempfile::tempdir().unwrap();
    let cv = cvs.path().join("cv.yaml");
    let text = |visibility: &str| {
        format!(
            "base-iri: https://ada.example.org/\n\
             person: {{given-names: Ada, family-name: Lovelace}}\n\
             works:\n\
             \x20 - {{type: journal-article, title: Open Notes, authors: [Lovelace A], date: 1843}}\n\
             \x20 - {{type: journal-article, title: Unfinished Draft Xyzzy, authors: [Lovelace A],\n\
             \x20     date: 1844, visibility: {visibility}}}\n"
        )
    };
    std::fs::write(&cv, text("public")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    site(s(&cv), dir.path(), &[]);
    let draft = dir
        .path()
        .join("works/1844-unfinished-draft-xyzzy/index.html");
    assert!(draft.is_file());
    // Files vitae did not write stay, also beside and among the work pages.
    std::fs::write(dir.path().join("mine.html"), "mine").unwrap();
    std::fs::create_dir_all(dir.path().join("works/mine")).unwrap();
    std::fs::write(dir.path().join("works/mine/index.html"), "mine").unwrap();
    std::fs::write(&cv, text("private")).unwrap();
    let o = vitae(&["site", s(&cv), "-o", s(dir.path())]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains(", 1 removed"));
    assert!(!draft.exists() && !draft.parent().unwrap().exists());
    for (path, bytes) in files(dir.path()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("Xyzzy"),
            "{path} still shows the private work"
        );
    }
    assert!(dir.path().join("mine.html").is_file());
    assert!(dir.path().join("works/mine/index.html").is_file());
    assert!(
        dir.path()
            .join("works/1843-open-notes/index.html")
            .is_file()
    );
}

#[test]
fn without_an_http_base_there_is_no_sitemap_and_no_canonical_link() {
    let cvs = tempfile::tempdir().unwrap();
    let cv = cvs.path().join("cv.yaml");
    std::fs::write(
        &cv,
        "person: {given-names: Ada, family-name: Lovelace}\n\
         works: [{type: report, title: Notes, authors: [Lovelace A], date: 1843}]\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    site(s(&cv), dir.path(), &[]);
    let files = files(dir.path());
    assert!(!files.contains_key("sitemap.xml"));
    assert!(files.contains_key("works/1843-notes/index.html"));
    for (path, bytes) in &files {
        assert!(
            !String::from_utf8_lossy(bytes).contains("rel=\"canonical\""),
            "{path}"
        );
    }
    // With one, both.
    let dir = tempfile::tempdir().unwrap();
    site(
        s(&cv),
        dir.path(),
        &["--base-url", "https://ada.example.org/"],
    );
    let files = self::files(dir.path());
    assert!(files.contains_key("sitemap.xml"));
    let page = String::from_utf8_lossy(&files["works/1843-notes/index.html"]).into_owned();
    assert!(page.contains(
        "<link rel=\"canonical\" href=\"https:&#x2f;&#x2f;ada.example.org&#x2f;works&#x2f;1843-notes&#x2f;\">"
    ));
}

#[test]
fn every_paper_has_its_bibtex_on_its_page_and_in_cv_bib() {
    for cv_path in CVS {
        let cv = load(cv_path).visible(Visibility::Public);
        let dir = tempfile::tempdir().unwrap();
        site(cv_path, dir.path(), &[]);
        let bib = std::fs::read_to_string(dir.path().join("cv.bib")).unwrap();
        let mut papers = 0;
        for w in &cv.works {
            let id = w.id.as_ref().unwrap().as_str();
            let html =
                std::fs::read_to_string(dir.path().join(format!("works/{id}/index.html"))).unwrap();
            let expected = vitae::citation::bibtex::work(w, id);
            if w.kind.is_presentation() {
                assert!(!html.contains("id=\"cite\""), "{id}: a talk with BibTeX");
                continue;
            }
            papers += 1;
            // On the page (HTML-escaped there), and in cv.bib as it is.
            assert_eq!(
                pre_text(&html).trim_end(),
                expected.trim_end(),
                "{id}: the page's BibTeX"
            );
            assert!(bib.contains(expected.trim_end()), "{id}: not in cv.bib");
        }
        assert!(papers > 0, "{cv_path}: no paper checked");
        assert_eq!(
            bib,
            vitae::citation::bibtex::bibliography(&cv, Visibility::Public),
            "{cv_path}: cv.bib is `vitae export --to bibtex`"
        );
        let index = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
        assert!(index.contains("href=\"cv.bib\""), "the index links cv.bib");
    }
}

/// The text of the page's `<pre><code>` block, unescaped.
fn pre_text(html: &str) -> String {
    html.split("<pre><code>")
        .nth(1)
        .and_then(|rest| rest.split("</code></pre>").next())
        .map(unescape)
        .unwrap_or_default()
}

/// The CV whose paper links a local PDF, whose person has a photo and whose talk could be
/// followed online.
const FILES_CV: &str = "tests/fixtures/site-files/cv.yaml";

#[test]
fn a_local_pdf_is_copied_beside_its_page_and_named_by_citation_pdf_url() {
    let dir = tempfile::tempdir().unwrap();
    site(FILES_CV, dir.path(), &[]);
    let original =
        std::fs::read(common::root().join("tests/fixtures/site-files/papers/Lovelace 1843.pdf"))
            .unwrap();
    let copy = std::fs::read(dir.path().join("works/sketch/Lovelace 1843.pdf")).unwrap();
    assert_eq!(copy, original, "the copy beside the page is byte-identical");
    let page = std::fs::read_to_string(dir.path().join("works/sketch/index.html")).unwrap();
    let pdf: Vec<String> = meta(&page)
        .into_iter()
        .filter(|(n, _)| n == "citation_pdf_url")
        .map(|(_, c)| c)
        .collect();
    assert_eq!(
        pdf,
        ["https://ada.example.org/works/sketch/Lovelace%201843.pdf"],
        "citation_pdf_url is the copy's absolute URL (the CV's base-iri + its path)"
    );
    // Without an http(s) base: the file name, relative to the page (the copy beside it).
    let other = tempfile::tempdir().unwrap();
    let cv = std::fs::read_to_string(common::root().join(FILES_CV))
        .unwrap()
        .replace("base-iri: https://ada.example.org/\n", "");
    let papers = other.path().join("papers");
    std::fs::create_dir(&papers).unwrap();
    std::fs::write(papers.join("Lovelace 1843.pdf"), &original).unwrap();
    std::fs::write(other.path().join("cv.yaml"), cv).unwrap();
    let out = other.path().join("public");
    site(s(&other.path().join("cv.yaml")), &out, &[]);
    let page = std::fs::read_to_string(out.join("works/sketch/index.html")).unwrap();
    assert!(
        meta(&page).contains(&("citation_pdf_url".into(), "Lovelace%201843.pdf".into())),
        "{:?}",
        meta(&page)
    );
    assert_eq!(
        std::fs::read(out.join("works/sketch/Lovelace 1843.pdf")).unwrap(),
        original
    );
    // The exports have no address for the local file: it is not in them.
    for f in ["cv.jsonld", "cv.ttl"] {
        let text = std::fs::read_to_string(dir.path().join(f)).unwrap();
        assert!(
            !text.contains("Lovelace 1843") && !text.contains("Lovelace%201843"),
            "{f}"
        );
    }
}

#[test]
fn the_site_shows_the_persons_photo_and_where_a_talk_could_be_followed_online() {
    let dir = tempfile::tempdir().unwrap();
    site(FILES_CV, dir.path(), &[]);
    let index = unescape(&std::fs::read_to_string(dir.path().join("index.html")).unwrap());
    assert!(
        index.contains(
            r#"<img class="photo" src="https://ada.example.org/ada.jpg" alt="Ada Lovelace">"#
        ),
        "{index}"
    );
    let talk = unescape(
        &std::fs::read_to_string(dir.path().join("works/engine-talk/index.html")).unwrap(),
    );
    assert!(
        talk.contains(r#"<a href="https://stream.example.org/engine">Online</a>"#),
        "{talk}"
    );
    assert!(index.contains(r#"<a href="https://stream.example.org/engine">Online</a>"#));
}

#[test]
fn a_missing_linked_file_is_an_error_at_its_field_with_the_cvs_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let cv = dir.path().join("cv.yaml");
    std::fs::write(
        &cv,
        "person: {given-names: Ada, family-name: Lovelace}\nworks:\n  - type: report\n    title: Notes\n    date: 1843\n    links:\n      - {kind: pdf, file: ../elsewhere/notes.pdf}\n",
    )
    .unwrap();
    let out = dir.path().join("public");
    let o = vitae(&["site", s(&cv), "-o", s(&out)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("works[0].links[0].file"), "{err}");
    assert!(err.contains("cv.yaml:7:"), "{err}");
    assert!(
        err.contains("notes.pdf") && err.contains("no such file"),
        "{err}"
    );
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn al_folios_local_pdf_in_a_linked_bibliography_is_published_beside_the_page() {
    // al-folio's layout: the bibliography in _bibliography/, its PDFs in assets/pdf/, an
    // entry's `pdf = {x.pdf}` a name there.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("_bibliography")).unwrap();
    std::fs::create_dir_all(root.join("assets/pdf")).unwrap();
    let pdf =
        std::fs::read(common::root().join("tests/fixtures/site-files/papers/Lovelace 1843.pdf"))
            .unwrap();
    std::fs::write(root.join("assets/pdf/notes.pdf"), &pdf).unwrap();
    std::fs::write(
        root.join("_bibliography/papers.bib"),
        "@article{notes,\n  title = {Notes on the Analytical Engine},\n  author = {Lovelace, Ada},\n  journal = {Scientific Memoirs},\n  year = {1843},\n  pdf = {notes.pdf}\n}\n\n@article{missing,\n  title = {A Lost Letter},\n  author = {Lovelace, Ada},\n  journal = {Scientific Memoirs},\n  year = {1844},\n  pdf = {lost.pdf}\n}\n",
    )
    .unwrap();
    let cv = root.join("cv.yaml");
    let text = "base-iri: https://ada.example.org/\nperson: {given-names: Ada, family-name: Lovelace}\nbibliography: _bibliography/papers.bib\n";
    std::fs::write(&cv, text).unwrap();
    // A file in neither place is an error in the bibliography, at its entry.
    let out = root.join("public");
    let o = vitae(&["site", s(&cv), "-o", s(&out)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("papers.bib:9:") && err.contains("missing.links[0].file"),
        "{err}"
    );
    assert!(
        err.contains("lost.pdf") && !err.contains("notes.pdf"),
        "{err}"
    );
    assert!(!out.exists());
    // With the file in assets/pdf/: copied beside the work's page, named by the tag.
    std::fs::write(root.join("assets/pdf/lost.pdf"), b"%PDF-1.4 lost").unwrap();
    site(s(&cv), &out, &[]);
    assert_eq!(
        std::fs::read(out.join("works/notes/notes.pdf")).unwrap(),
        pdf
    );
    assert_eq!(
        std::fs::read(out.join("works/missing/lost.pdf")).unwrap(),
        b"%PDF-1.4 lost"
    );
    let page = std::fs::read_to_string(out.join("works/notes/index.html")).unwrap();
    assert!(
        meta(&page).contains(&(
            "citation_pdf_url".into(),
            "https://ada.example.org/works/notes/notes.pdf".into()
        )),
        "{:?}",
        meta(&page)
    );
}

#[test]
fn a_link_is_a_url_or_a_file_not_both_and_a_profile_is_a_url() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.pdf"), b"%PDF-1.4").unwrap();
    let cv = dir.path().join("cv.yaml");
    std::fs::write(
        &cv,
        "person:\n  given-names: Ada\n  family-name: Lovelace\n  profiles: [{file: x.pdf}]\nworks:\n  - type: report\n    title: Notes\n    date: 1843\n    links: [{url: \"https://ada.example.org/x.pdf\", file: x.pdf}]\n",
    )
    .unwrap();
    let o = vitae(&["check", s(&cv)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("found both"), "{err}");
    // Once the work's link is fixed, the profile that is a file is refused at its path.
    std::fs::write(
        &cv,
        "person:\n  given-names: Ada\n  family-name: Lovelace\n  profiles: [{file: x.pdf}]\nworks:\n  - type: report\n    title: Notes\n    date: 1843\n    links: [{file: x.pdf}]\n",
    )
    .unwrap();
    let o = vitae(&["check", s(&cv)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("person.profiles[0].file") && err.contains("cv.yaml:4:"),
        "{err}"
    );
}

/// A work's page holds the work's JSON-LD alone: the nodes it shares with other works (here a
/// journal, which the whole CV's document describes once, at the first work) are described
/// on the page too, not left as bare references.
#[test]
fn a_work_page_describes_the_nodes_it_shares_with_other_works() {
    let cvs = tempfile::tempdir().unwrap();
    let cv = cvs.path().join("cv.yaml");
    std::fs::write(
        &cv,
        "person: {given-names: Ada, family-name: Lovelace}\n\
         works:\n\
         \x20 - {type: journal-article, title: First, authors: [Lovelace A], date: 1843, container: {title: Journal of Engines, issn: 1234-5679}}\n\
         \x20 - {type: journal-article, title: Second, authors: [Lovelace A], date: 1844, container: {title: Journal of Engines, issn: 1234-5679}}\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    site(s(&cv), dir.path(), &[]);
    let files = files(dir.path());
    for id in ["1843-first", "1844-second"] {
        let page = String::from_utf8_lossy(&files[&format!("works/{id}/index.html")]).into_owned();
        let start = page
            .find("<script type=\"application/ld+json\">")
            .expect("a script")
            + 35;
        let end = start + page[start..].find("</script>").expect("its end");
        let json: serde_json::Value = serde_json::from_str(&page[start..end]).expect("JSON");
        let text = json.to_string();
        assert!(text.contains("Journal of Engines"), "{id}: {text}");
    }
}
