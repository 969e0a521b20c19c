//! `vitae site` checked by independent tools: the Nu Html Checker (`vnu`, npm `vnu-jar` with
//! a JRE), headless Chromium (Debian `chromium`) and extruct (PyPI, in a virtual environment
//! this test makes). Each test prints "SKIPPED … needs X" when its tool is missing, unless
//! `VITAE_REQUIRE_SHARED` is set (as `.ci/run` does), which makes a missing tool a failure.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{s, vitae};
use serde_json::Value as Json;

/// The CVs whose sites are checked: the reference CV and a CV with every section filled.
const CVS: [&str; 2] = [
    "examples/lapuschkin.yaml",
    "tests/fixtures/linked-full.yaml",
];

fn site(cv: &str, out: &Path) {
    let o = vitae(&["site", cv, "-o", s(out)]);
    assert!(
        o.status.success(),
        "vitae site {cv}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The HTML pages of a site: index.html, then the work pages in name order.
fn pages(dir: &Path) -> Vec<PathBuf> {
    let mut works: Vec<PathBuf> = std::fs::read_dir(dir.join("works"))
        .unwrap()
        .map(|e| e.unwrap().path().join("index.html"))
        .collect();
    works.sort();
    let mut out = vec![dir.join("index.html")];
    out.extend(works);
    out
}

#[test]
fn every_page_and_the_stylesheet_pass_the_nu_html_checker() {
    if !common::tool("every_page_passes_the_nu_html_checker", "vnu") {
        return;
    }
    // And the CV whose pages show a photo, a local PDF's copy and a talk's online link.
    for cv in CVS.into_iter().chain(["tests/fixtures/site-files/cv.yaml"]) {
        let dir = tempfile::tempdir().unwrap();
        site(cv, dir.path());
        let mut args: Vec<String> = vec!["--also-check-css".into()];
        args.extend(pages(dir.path()).iter().map(|p| s(p).to_owned()));
        args.push(s(&dir.path().join("style.css")).to_owned());
        let o = Command::new("vnu").args(&args).output().expect("run vnu");
        let report = String::from_utf8_lossy(&o.stderr);
        assert!(
            o.status.success() && report.trim().is_empty(),
            "{cv}: the Nu Html Checker reports:\n{report}"
        );
    }
}

/// Runs headless Chromium on a file with the extra arguments; returns its standard output.
fn chromium(file: &Path, extra: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", s(file));
    let o = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", s(profile.path())))
        .args(extra)
        .arg(&url)
        .output()
        .expect("run chromium");
    assert!(
        o.status.success(),
        "chromium {url}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn chromium_renders_every_section_in_author_order_and_a_screenshot_that_is_not_blank() {
    if !common::tool("chromium_renders_every_section", "chromium") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    site(CVS[1], dir.path());
    let dom = chromium(&dir.path().join("index.html"), &["--dump-dom"]);
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
        "teaching",
        "supervision",
        "works-journal-article",
        "works-conference-paper",
        "works-preprint",
        "works-thesis",
        "works-report",
        "works-software",
        "works-dataset",
        "works-talk",
        "works-lecture",
        "skills",
        "languages",
    ] {
        assert!(
            dom.contains(&format!("<section id=\"{id}\"")),
            "{id} not rendered"
        );
    }
    // Authors in the CV's order, the person highlighted, as the browser parsed them.
    let sketch = dom
        .find("id=\"work-1843-sketch-of-the-analytical-engine\"")
        .expect("the article's entry");
    let authors = &dom[sketch..sketch + 400];
    let order = [
        "L F Menabrea",
        "<strong class=\"me\">A Lovelace</strong>",
        "C Babbage",
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|a| {
            authors
                .find(a)
                .unwrap_or_else(|| panic!("{a} in {authors}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{authors}");
    // A script-like title is text, not markup.
    assert!(dom.contains("Title with &lt;/script&gt; and &lt;!-- in it &amp; more"));

    // A work page: its title and authors.
    let page = dir
        .path()
        .join("works/1843-sketch-of-the-analytical-engine/index.html");
    let dom = chromium(&page, &["--dump-dom"]);
    assert!(dom.contains("<h1>Sketch of the Analytical Engine</h1>"));
    assert!(dom.contains(
        "<p class=\"authors\">L F Menabrea, <strong class=\"me\">A Lovelace</strong>, C Babbage</p>"
    ));

    // A screenshot of the page against one of an empty page of the same size: a blank PNG
    // compresses to almost nothing.
    let shot = |file: &Path, png: &Path| {
        chromium(
            file,
            &[
                "--window-size=1000,1400",
                "--hide-scrollbars",
                &format!("--screenshot={}", s(png)),
            ],
        );
        std::fs::metadata(png).map(|m| m.len()).unwrap_or(0)
    };
    let blank = dir.path().join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><title>x</title>").unwrap();
    let empty = shot(&blank, &dir.path().join("blank.png"));
    let full = shot(
        &dir.path().join("index.html"),
        &dir.path().join("index.png"),
    );
    assert!(empty > 0, "no screenshot of the empty page");
    assert!(
        full > 10 * empty,
        "the screenshot looks blank: {full} bytes, an empty page {empty}"
    );

    // The print stylesheet: "print to PDF" gives a PDF of several pages.
    let pdf = dir.path().join("index.pdf");
    chromium(
        &dir.path().join("index.html"),
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", s(&pdf)),
        ],
    );
    let bytes = std::fs::read(&pdf).expect("a PDF");
    assert!(bytes.starts_with(b"%PDF-"));
    // The page tree's root counts every page: the largest `/Count` (not compressed by
    // Chromium, unlike the page objects).
    let text = String::from_utf8_lossy(&bytes);
    let pages = text
        .split("/Count ")
        .skip(1)
        .filter_map(|r| {
            r.split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse::<u32>()
                .ok()
        })
        .max()
        .unwrap_or(0);
    assert!(pages >= 2, "{pages} pages printed");
}

/// A virtual environment with extruct, made once under the test target directory.
fn extruct_python(test: &str) -> Option<PathBuf> {
    if !common::tool(test, "python3") {
        return None;
    }
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("site-extruct-venv");
    let python = venv.join("bin/python");
    let has = |p: &Path| {
        Command::new(p)
            .args(["-c", "import extruct"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if has(&python) {
        return Some(python);
    }
    let made = Command::new("python3")
        .args(["-m", "venv", s(&venv)])
        .status()
        .is_ok_and(|s| s.success())
        && Command::new(&python)
            .args(["-m", "pip", "install", "-q", "extruct"])
            .status()
            .is_ok_and(|s| s.success());
    if made && has(&python) {
        return Some(python);
    }
    if std::env::var_os("VITAE_REQUIRE_SHARED").is_some() {
        panic!("{test}: VITAE_REQUIRE_SHARED is set but extruct could not be installed");
    }
    eprintln!("SKIPPED {test}: needs extruct (pip install into a venv failed)");
    None
}

#[test]
fn extruct_reads_from_every_page_exactly_the_nodes_of_the_export() {
    let Some(python) = extruct_python("extruct_reads_exactly_the_nodes") else {
        return;
    };
    for cv in CVS {
        let dir = tempfile::tempdir().unwrap();
        site(cv, dir.path());
        let doc: Json =
            serde_json::from_slice(&std::fs::read(dir.path().join("cv.jsonld")).unwrap()).unwrap();
        let base = doc["@graph"][0]["@id"].as_str().unwrap().to_owned();
        let pages = pages(dir.path());
        // One run of Python for all pages: a JSON list of {syntax: [items]} per page.
        let script = r#"
import extruct, json, sys
base = sys.argv[1]
out = []
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as f:
        html = f.read()
    out.append(extruct.extract(html, base_url=base,
        syntaxes=["json-ld", "microdata", "rdfa", "opengraph", "microformat", "dublincore"]))
json.dump(out, sys.stdout)
"#;
        let o = Command::new(&python)
            .arg("-c")
            .arg(script)
            .arg(&base)
            .args(pages.iter().map(|p| s(p)))
            .output()
            .expect("run extruct");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let found: Vec<Json> = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(found.len(), pages.len());
        for (page, data) in pages.iter().zip(&found) {
            let rel = page.strip_prefix(dir.path()).unwrap().display().to_string();
            let want = if rel == "index.html" {
                doc.clone()
            } else {
                let id = rel
                    .strip_prefix("works/")
                    .and_then(|r| r.strip_suffix("/index.html"))
                    .unwrap();
                let iri = format!("{base}#work-{id}");
                let node = doc["@graph"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|n| n["@id"] == iri.as_str())
                    .unwrap_or_else(|| panic!("{iri} not in cv.jsonld"));
                let mut m = common::page_node(node, &doc).as_object().unwrap().clone();
                m.insert("@context".into(), doc["@context"].clone());
                Json::Object(m)
            };
            assert_eq!(data["json-ld"], Json::Array(vec![want]), "{cv}: {rel}");
            for syntax in ["microdata", "rdfa", "opengraph", "microformat"] {
                assert_eq!(data[syntax], Json::Array(vec![]), "{cv}: {rel}: {syntax}");
            }
        }
    }
}
