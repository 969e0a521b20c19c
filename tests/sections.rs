//! The sections and fields of issue 16, points 9, 10, 11 and 13, each on a small CV of its
//! own, through every view: JSON-LD, RDF, ORCID XML (valid against ORCID's XSDs) where ORCID
//! has a place, BibTeX where it has one, and the profile site.
//!
//! - point 9: students supervised and courses taught (`supervision`, `teaching`);
//! - point 10: editorial service with the journal (`services[].journal`, `editorial-role`);
//! - point 11: software and data (`version`, `license`, `programming-language`, `format`,
//!   `repository`);
//! - point 13: several translated titles and transliterations, several funders, an award's
//!   period (`awards[].end`).
//!
//! `tests/fixtures/sections.yaml` holds all of them together; its golden files, the
//! JSON-LD/RDF isomorphism and the schema.org checker run in `tests/linked_data.rs`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use vitae::Cv;
use vitae::export::{ExportFormat, Options, RdfFormat};
use vitae::orcid::{OrcidXml, Section};
use vitae::report::Severity;
use vitae::site::SiteOptions;

const PERSON: &str = "base-iri: https://example.org/cv/\nperson: {given-names: Ada, family-name: Lovelace, orcid: 0000-0002-1825-0097}\n";

fn load(yaml: &str) -> Cv {
    let text = format!("{PERSON}{yaml}");
    vitae::from_str(&text, vitae::InputFormat::Yaml)
        .unwrap_or_else(|r| panic!("{r}\n{text}"))
        .cv
}

fn export(cv: &Cv, format: ExportFormat) -> String {
    vitae::export::to_string(cv, format, &Options::new()).expect("export")
}

/// The JSON-LD export, checked to be the JSON of the HTML export's `<script>` block too.
fn jsonld(cv: &Cv) -> Json {
    let v: Json = serde_json::from_str(&export(cv, ExportFormat::JsonLd)).expect("JSON");
    let html = export(cv, ExportFormat::Html);
    let block = html
        .split_once("<script type=\"application/ld+json\">")
        .and_then(|(_, rest)| rest.split_once("</script>"))
        .map(|(json, _)| json)
        .expect("a JSON-LD block");
    let in_html: Json = serde_json::from_str(block).expect("JSON in the HTML");
    assert_eq!(in_html, v, "the HTML export holds another JSON-LD");
    v
}

/// Every node object of a JSON-LD document with an `@id` and more than the `@id`, by the
/// local name after `#`.
fn nodes(v: &Json) -> BTreeMap<String, Vec<Json>> {
    fn walk(v: &Json, out: &mut BTreeMap<String, Vec<Json>>) {
        match v {
            Json::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Json::Object(o) => {
                if let Some(id) = o.get("@id").and_then(|i| i.as_str())
                    && o.len() > 1
                {
                    let local = id.rsplit_once('#').map_or("", |(_, l)| l).to_owned();
                    out.entry(local).or_default().push(v.clone());
                }
                o.values().for_each(|x| walk(x, out));
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    walk(v, &mut out);
    out
}

/// The fullest description of the node `#local` (a reference to the person carries only
/// their name and URL).
fn node(v: &Json, local: &str) -> Json {
    nodes(v)
        .remove(local)
        .and_then(|n| {
            n.into_iter()
                .max_by_key(|x| x.as_object().map_or(0, |o| o.len()))
        })
        .unwrap_or_else(|| panic!("no node #{local} in\n{v:#}"))
}

/// A property's values as a list.
fn values(n: &Json, p: &str) -> Vec<Json> {
    match &n[p] {
        Json::Null => Vec::new(),
        Json::Array(a) => a.clone(),
        other => vec![other.clone()],
    }
}

/// The N-Triples of the CV, one string per line.
fn triples(cv: &Cv) -> Vec<String> {
    export(cv, ExportFormat::Rdf(RdfFormat::NTriples))
        .lines()
        .map(str::to_owned)
        .collect()
}

fn has_triple(t: &[String], s: &str, p: &str, o: &str) -> bool {
    let line = format!("<https://example.org/cv/#{s}> <http://schema.org/{p}> {o} .");
    t.contains(&line)
}

/// The site's `index.html`, its text's character references (`&#x2f;` for `/`) undone.
fn index_html(cv: &Cv) -> String {
    let files = vitae::site::build(cv, &SiteOptions::new()).expect("site");
    let f = files
        .into_iter()
        .find(|f| f.path == "index.html")
        .expect("index.html");
    String::from_utf8(f.bytes)
        .expect("UTF-8")
        .replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The ORCID export: its files validated against ORCID's XSDs (when `../shared` and
/// xmllint are there), and the export itself.
fn orcid(cv: &Cv, test: &str) -> (vitae::orcid::Export, Vec<(PathBuf, String)>) {
    let e = OrcidXml::new().export(cv);
    let errors: Vec<String> = e
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.path, d.message))
        .collect();
    assert!(errors.is_empty(), "export errors:\n{}", errors.join("\n"));
    let files = e.files().expect("documents");
    if let Some(shared) = common::shared(test)
        && common::tool(test, "xmllint")
    {
        validate(&shared.join("schemas/orcid-3.0/record_3.0"), &files);
    }
    (e, files)
}

fn validate(xsd: &Path, files: &[(PathBuf, String)]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut by_schema: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for (rel, xml) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, xml).expect("write");
        let first = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .unwrap_or("");
        let schema = match first {
            "record.xml" => xsd.join("record-3.0.xsd"),
            "bulk" => xsd.join("bulk-3.0.xsd"),
            section => xsd.join(format!("{section}-3.0.xsd")),
        };
        by_schema.entry(schema).or_default().push(path);
    }
    for (schema, paths) in by_schema {
        common::xmllint_validate(&schema, &paths);
    }
}

fn item_xml(e: &vitae::orcid::Export, section: Section, id: &str) -> String {
    e.items
        .iter()
        .find(|i| i.section == section && i.id.as_str() == id)
        .unwrap_or_else(|| panic!("no {section:?} item {id}"))
        .to_xml()
        .expect("XML")
}

// ----- point 9: supervision and teaching -----

const TEACHING: &str = r#"
teaching:
  - id: ml1
    title: Machine Learning 1
    code: "0434 L 866"
    role: teaching assistant
    level: master
    organization: {name: TU Berlin, city: Berlin, country: DE}
    term: winter term 2015/16
    start: 2015-10
    end: 2016-03
supervision:
  - id: doe-msc
    student: {name: "Doe, Jane", orcid: 0000-0001-5109-3700}
    level: master
    title: Relevance in Audio Classifiers
    organization: TU Berlin
    role: co-supervisor
    start: 2019
    end: 2020
  - id: moe-postdoc
    student: "Moe, Mia"
    level: postdoc
    start: 2021
  - id: hidden
    student: "Secret, Sam"
    level: bachelor
    title: A Private Thesis
    visibility: private
"#;

#[test]
fn supervision_and_teaching_reach_every_view() {
    let cv = load(TEACHING);
    let v = jsonld(&cv);

    // The course, its instance and the person as instructor through a role.
    let course = node(&v, "teaching-ml1");
    assert_eq!(course["@type"], "Course");
    assert_eq!(course["name"], "Machine Learning 1");
    assert_eq!(course["courseCode"], "0434 L 866");
    assert_eq!(course["educationalLevel"], "master");
    assert_eq!(course["provider"]["name"], "TU Berlin");
    let inst = &course["hasCourseInstance"];
    assert_eq!(inst["@type"], "CourseInstance");
    assert_eq!(inst["name"], "Machine Learning 1, winter term 2015/16");
    assert_eq!(inst["startDate"], "2015-10");
    assert_eq!(inst["endDate"], "2016-03");
    assert_eq!(inst["instructor"]["@type"], "Role");
    assert_eq!(inst["instructor"]["roleName"], "teaching assistant");
    assert_eq!(
        inst["instructor"]["instructor"]["@id"],
        "https://example.org/cv/#me"
    );

    // The supervised thesis: by the student, the person its supervisor over the years.
    let thesis = node(&v, "supervision-doe-msc");
    assert_eq!(thesis["@type"], "Thesis");
    assert_eq!(thesis["name"], "Relevance in Audio Classifiers");
    assert_eq!(thesis["inSupportOf"], "Master's degree");
    assert_eq!(thesis["author"]["name"], "Jane Doe");
    assert_eq!(
        thesis["author"]["sameAs"]["@id"],
        "https://orcid.org/0000-0001-5109-3700"
    );
    assert_eq!(thesis["sourceOrganization"]["name"], "TU Berlin");
    let role = &thesis["contributor"];
    assert_eq!(role["@type"], "Role");
    assert_eq!(role["roleName"], "co-supervisor");
    assert_eq!(role["startDate"], "2019");
    assert_eq!(role["endDate"], "2020");
    assert_eq!(role["contributor"]["@id"], "https://example.org/cv/#me");
    // The student's thesis is not one of the person's works: no author list of its own.
    assert!(thesis.get("bibo:authorList").is_none(), "{thesis:#}");

    // A postdoc mentored, without a thesis: the person's colleague, through a role.
    let me = node(&v, "me");
    let colleague = values(&me, "colleague");
    assert_eq!(colleague.len(), 1, "{me:#}");
    assert_eq!(
        colleague[0]["roleName"],
        "supervisor (Postdoctoral research)"
    );
    assert_eq!(colleague[0]["colleague"]["name"], "Mia Moe");

    // Nothing private.
    let text = export(&cv, ExportFormat::JsonLd);
    assert!(!text.contains("Secret") && !text.contains("A Private Thesis"));

    // The same in RDF.
    let t = triples(&cv);
    assert!(has_triple(
        &t,
        "teaching-ml1",
        "courseCode",
        "\"0434 L 866\""
    ));
    assert!(has_triple(
        &t,
        "teaching-ml1",
        "hasCourseInstance",
        "<https://example.org/cv/#teaching-ml1--instance>"
    ));
    assert!(has_triple(
        &t,
        "supervision-doe-msc",
        "author",
        "<https://example.org/cv/#supervision-doe-msc--student>"
    ));
    assert!(has_triple(
        &t,
        "supervision-doe-msc--supervisor",
        "contributor",
        "<https://example.org/cv/#me>"
    ));
    assert!(has_triple(
        &t,
        "me",
        "colleague",
        "<https://example.org/cv/#supervision-moe-postdoc>"
    ));

    // ORCID has no section for either: the export is unchanged by them and valid.
    let (e, _) = orcid(&cv, "supervision_and_teaching_orcid_xsd");
    assert!(e.items.is_empty(), "{} items", e.items.len());

    // The site: a teaching and a supervision section, each item at the anchor of its IRI.
    let html = index_html(&cv);
    assert!(html.contains("<section id=\"teaching\">"), "{html}");
    assert!(html.contains("<section id=\"supervision\">"));
    assert!(html.contains("id=\"teaching-ml1\""));
    assert!(html.contains("Machine Learning 1 (0434 L 866)"));
    assert!(html.contains("Role: teaching assistant"));
    assert!(html.contains("Term: winter term 2015/16"));
    assert!(html.contains("id=\"supervision-doe-msc\""));
    assert!(html.contains("Master's thesis, TU Berlin"), "{html}");
    assert!(html.contains("Jane Doe"));
    assert!(html.contains("id=\"supervision-moe-postdoc\""));
    assert!(!html.contains("Secret"));
    assert!(html.contains("<a href=\"#teaching\">Teaching</a>"));
}

#[test]
fn supervision_needs_a_student_and_a_known_level() {
    let text = format!(
        "{PERSON}supervision:\n  - {{level: diploma, title: X}}\nteaching:\n  - {{code: X1}}\n"
    );
    let report = vitae::from_str(&text, vitae::InputFormat::Yaml)
        .expect_err("a bad supervision and a course without title")
        .to_string();
    assert!(report.contains("supervision[0]"), "{report}");
    assert!(report.contains("student"), "{report}");
    assert!(report.contains("diploma"), "{report}");
    assert!(report.contains("teaching[0]"), "{report}");
    assert!(report.contains("title"), "{report}");
}

// ----- point 10: editorial service with the journal -----

const SERVICE: &str = r#"
services:
  - id: ae
    organization: {name: Example Society, country: GB, ror: 02h2x0161}
    journal: {title: Example Journal of Engines, issn: [1234-5679, 2049-3630]}
    editorial-role: associate-editor
    start: 2020
  - id: rb
    organization: {name: Example Publishers, country: NL, ror: 02h2x0161}
    journal: Example Letters
    editorial-role: reviewer
    start: 2018
    end: 2021
works:
  - type: journal-article
    title: On Engines
    authors: ["Lovelace, Ada"]
    date: 2021
    container: {title: Example Journal of Engines, issn: 1234-5679}
    doi: 10.5555/engines.1
"#;

#[test]
fn editorial_service_names_the_journal_in_every_view() {
    let cv = load(SERVICE);
    let v = jsonld(&cv);

    // The journal served is the node of the journal the articles appeared in.
    let journals = nodes(&v)
        .remove("journal-Example-Journal-of-Engines")
        .expect("the journal's node");
    let served = journals
        .iter()
        .find(|j| j.get("editor").is_some())
        .expect("the journal with its editor");
    assert_eq!(served["@type"], "Periodical");
    assert_eq!(served["name"], "Example Journal of Engines");
    assert_eq!(
        values(served, "issn"),
        vec![Json::from("1234-5679"), Json::from("2049-3630")]
    );
    let role = &served["editor"];
    assert_eq!(role["@type"], "Role");
    assert_eq!(role["roleName"], "Associate editor");
    assert_eq!(role["startDate"], "2020");
    assert_eq!(role["editor"]["@id"], "https://example.org/cv/#me");
    // A reviewer contributes, and does not edit.
    let letters = node(&v, "journal-Example-Letters");
    assert!(letters.get("editor").is_none());
    assert_eq!(letters["contributor"]["roleName"], "Reviewer");
    assert_eq!(letters["contributor"]["endDate"], "2021");
    // The membership role is named after the editorial role when `role` is absent.
    assert_eq!(node(&v, "services-ae")["roleName"], "Associate editor");

    let t = triples(&cv);
    assert!(has_triple(
        &t,
        "journal-Example-Journal-of-Engines",
        "editor",
        "<https://example.org/cv/#services-ae--journal-role>"
    ));
    assert!(has_triple(
        &t,
        "services-ae--journal-role",
        "editor",
        "<https://example.org/cv/#me>"
    ));
    assert!(has_triple(
        &t,
        "services-rb--journal-role",
        "contributor",
        "<https://example.org/cv/#me>"
    ));

    // ORCID: a service whose department is the journal, its ISSNs `part-of` ids.
    let (e, _) = orcid(&cv, "editorial_service_orcid_xsd");
    let xml = item_xml(&e, Section::Service, "ae");
    assert!(
        xml.contains("<common:department-name>Example Journal of Engines</common:department-name>"),
        "{xml}"
    );
    assert!(
        xml.contains("<common:role-title>Associate editor</common:role-title>"),
        "{xml}"
    );
    for issn in ["1234-5679", "2049-3630"] {
        let id = format!(
            "<common:external-id-type>issn</common:external-id-type><common:external-id-value>{issn}</common:external-id-value>"
        );
        assert!(
            xml.replace(['\n', ' '], "").contains(&id.replace(' ', "")),
            "{xml}"
        );
    }
    assert!(xml.contains("part-of"));

    // The site names the journal.
    let html = index_html(&cv);
    assert!(
        html.contains("Journal: Example Journal of Engines (ISSN 1234-5679, 2049-3630)"),
        "{html}"
    );
    assert!(html.contains("Associate editor"));
}

#[test]
fn an_editorial_role_without_a_journal_is_a_warning() {
    let text = format!(
        "{PERSON}services:\n  - {{organization: X, role: Editor, editorial-role: editor}}\n"
    );
    let loaded = vitae::from_str(&text, vitae::InputFormat::Yaml).expect("loads");
    assert!(
        loaded
            .report
            .diagnostics
            .iter()
            .any(|d| d.path == "services[0].editorial-role" && d.severity == Severity::Warning),
        "{:?}",
        loaded.report.diagnostics
    );
}

// ----- point 11: software and data -----

const SOFTWARE: &str = r#"
works:
  - id: lrp
    type: software
    title: LRP Toolbox
    authors: ["Lovelace, Ada"]
    date: 2016
    version: 1.2.0
    license: BSD-2-Clause
    programming-language: [Python, MATLAB]
    repository: https://example.org/git/lrp-toolbox
  - id: audio
    type: dataset
    title: AudioMNIST
    authors: ["Lovelace, Ada"]
    date: 2018
    version: 2
    license: https://creativecommons.org/licenses/by/4.0/
    format: [audio/wav, text/csv]
    repository: https://example.org/data/audiomnist
"#;

#[test]
fn software_and_data_keep_version_licence_language_format_and_repository() {
    let cv = load(SOFTWARE);
    let v = jsonld(&cv);
    let sw = node(&v, "work-lrp");
    assert_eq!(sw["@type"], "SoftwareSourceCode");
    assert_eq!(sw["version"], "1.2.0");
    assert_eq!(
        sw["license"]["@id"],
        "https://spdx.org/licenses/BSD-2-Clause"
    );
    assert_eq!(
        values(&sw, "programmingLanguage"),
        vec![Json::from("Python"), Json::from("MATLAB")]
    );
    assert_eq!(
        sw["codeRepository"]["@id"],
        "https://example.org/git/lrp-toolbox"
    );
    let data = node(&v, "work-audio");
    assert_eq!(data["@type"], "Dataset");
    assert_eq!(data["version"], "2");
    assert_eq!(
        data["license"]["@id"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    assert_eq!(
        values(&data, "encodingFormat"),
        vec![Json::from("audio/wav"), Json::from("text/csv")]
    );
    assert_eq!(data["includedInDataCatalog"]["@type"], "DataCatalog");
    assert_eq!(
        data["includedInDataCatalog"]["url"]["@id"],
        "https://example.org/data/audiomnist"
    );

    // RDF: the licence and the repository are IRIs.
    let t = triples(&cv);
    assert!(has_triple(
        &t,
        "work-lrp",
        "license",
        "<https://spdx.org/licenses/BSD-2-Clause>"
    ));
    assert!(has_triple(
        &t,
        "work-lrp",
        "codeRepository",
        "<https://example.org/git/lrp-toolbox>"
    ));
    assert!(has_triple(&t, "work-lrp", "version", "\"1.2.0\""));
    assert!(has_triple(
        &t,
        "work-audio",
        "encodingFormat",
        "\"text/csv\""
    ));

    // ORCID: the work types software and data-set; the repository is the work's URL and
    // its `self` id when it has no other; the version is in the BibTeX citation.
    let (e, _) = orcid(&cv, "software_and_data_orcid_xsd");
    let sw = item_xml(&e, Section::Work, "lrp");
    assert!(sw.contains("<work:type>software</work:type>"), "{sw}");
    assert!(
        sw.contains("<common:url>https://example.org/git/lrp-toolbox</common:url>"),
        "{sw}"
    );
    assert!(
        sw.contains("<common:external-id-type>uri</common:external-id-type>"),
        "{sw}"
    );
    assert!(sw.contains("version = {1.2.0}"), "{sw}");
    let data = item_xml(&e, Section::Work, "audio");
    assert!(data.contains("<work:type>data-set</work:type>"), "{data}");

    // BibTeX.
    let bib = vitae::citation::bibtex::bibliography(&cv, vitae::types::Visibility::Public);
    assert!(bib.contains("version = {1.2.0}"), "{bib}");
    assert!(
        bib.contains("url = {https://example.org/git/lrp-toolbox}"),
        "{bib}"
    );
    assert!(bib.contains("version = {2}"), "{bib}");
    // And `vitae import bibtex` reads the version back.
    let back = vitae::import::bibtex::read(&bib);
    let versions: Vec<Option<&str>> = back.works.iter().map(|w| w.version.as_deref()).collect();
    assert_eq!(versions, [Some("1.2.0"), Some("2")]);

    // The site.
    let html = index_html(&cv);
    assert!(
        html.contains("version 1.2.0, BSD-2-Clause, Python, MATLAB"),
        "{html}"
    );
    assert!(
        html.contains(
            "version 2, https://creativecommons.org/licenses/by/4.0/, audio/wav, text/csv"
        ),
        "{html}"
    );
    assert!(html.contains("<a href=\"https://example.org/git/lrp-toolbox\">Repository</a>"));
}

#[test]
fn a_licence_is_an_spdx_id_or_a_url() {
    let text =
        format!("{PERSON}works:\n  - {{type: software, title: X, license: the MIT licence}}\n");
    let report = vitae::from_str(&text, vitae::InputFormat::Yaml)
        .expect_err("not a licence")
        .to_string();
    assert!(report.contains("works[0].license"), "{report}");
    assert!(report.contains("SPDX"), "{report}");
}

// ----- point 13: translated titles, transliterations, funders, award periods -----

const TITLES: &str = r#"
awards:
  - id: fellowship
    title: Example Fellowship
    organization: {name: Example Society, country: GB, ror: 02h2x0161}
    date: 2019-10
    end: 2022-09
projects:
  - id: engines
    title: Analytical Engines
    start: 2020
    grant-number: E-1
    funder:
      - {name: Example Foundation, city: London, country: GB, fundref: "501100001659"}
      - {name: Example Agency, city: Tokyo, country: JP, fundref: "501100001691"}
works:
  - id: zhou
    type: journal-article
    title: 西太平洋の溶存有機炭素
    language: ja
    translated-title:
      - {title: Dissolved Organic Carbon in the Western Pacific, language: en}
      - {title: 西太平洋溶解有机碳, language: zh-Hans}
    transliterated-title: {title: Nishi Taiheiyō no yōzon yūki tanso, language: ja-Latn}
    authors: ["Lovelace, Ada"]
    date: 2022
    doi: 10.5555/doc.1
"#;

#[test]
fn titles_in_several_languages_funders_and_award_periods() {
    let cv = load(TITLES);
    let v = jsonld(&cv);
    let w = node(&v, "work-zhou");
    assert_eq!(
        values(&w, "alternateName"),
        vec![
            serde_json::json!({"@value": "Dissolved Organic Carbon in the Western Pacific", "@language": "en"}),
            serde_json::json!({"@value": "西太平洋溶解有机碳", "@language": "zh-Hans"}),
            serde_json::json!({"@value": "Nishi Taiheiyō no yōzon yūki tanso", "@language": "ja-Latn"}),
        ]
    );
    // RDF: language-tagged literals (oxigraph writes tags in lower case).
    let t = triples(&cv);
    for (text, tag) in [
        ("Dissolved Organic Carbon in the Western Pacific", "en"),
        ("西太平洋溶解有机碳", "zh-hans"),
        ("Nishi Taiheiyō no yōzon yūki tanso", "ja-latn"),
    ] {
        let object = format!("\"{text}\"@{tag}");
        assert!(
            has_triple(&t, "work-zhou", "alternateName", &object),
            "{object} in {t:#?}"
        );
    }

    // Two funders, on the project and on its grant.
    let p = node(&v, "project-engines");
    let funders: Vec<Json> = values(&p, "funder")
        .iter()
        .map(|f| f["name"].clone())
        .collect();
    assert_eq!(
        funders,
        vec![
            Json::from("Example Foundation"),
            Json::from("Example Agency")
        ]
    );
    assert_eq!(values(&p["funding"], "funder").len(), 2);

    // The award's period.
    let me = node(&v, "me");
    assert_eq!(
        me["award"],
        "Example Fellowship, Example Society, 2019–2022"
    );

    // ORCID: the first translated title and the first funder, with a warning for the rest;
    // the distinction's end date.
    let (e, _) = orcid(&cv, "titles_funders_orcid_xsd");
    let w = item_xml(&e, Section::Work, "zhou");
    assert!(w.contains("language-code=\"en\""), "{w}");
    assert!(w.contains("Dissolved Organic Carbon in the Western Pacific"));
    assert!(!w.contains("西太平洋溶解有机碳"), "{w}");
    assert!(!w.contains("Nishi"), "{w}");
    let warned = |path: &str| {
        e.diagnostics
            .iter()
            .any(|d| d.path == path && d.severity == Severity::Warning)
    };
    assert!(
        warned("works[0].translated-title[1]"),
        "{:?}",
        e.diagnostics
    );
    let f = item_xml(&e, Section::Funding, "engines");
    assert!(
        f.contains("Example Foundation") && !f.contains("Example Agency"),
        "{f}"
    );
    assert!(warned("projects[0].funder[1]"), "{:?}", e.diagnostics);
    let d = item_xml(&e, Section::Distinction, "fellowship");
    let d1 = d.replace(['\n', ' '], "");
    assert!(
        d1.contains("<common:end-date><common:year>2022</common:year><common:month>09</common:month></common:end-date>"),
        "{d}"
    );

    // The site.
    let html = index_html(&cv);
    assert!(html.contains("2019-10 – 2022-09"), "{html}");
    assert!(
        html.contains("Example Foundation, Example Agency"),
        "{html}"
    );
}

#[test]
fn an_award_cannot_end_before_it_began() {
    let text = format!("{PERSON}awards:\n  - {{title: X, date: 2020, end: 2019}}\n");
    let report = vitae::from_str(&text, vitae::InputFormat::Yaml)
        .expect_err("an end before the date")
        .to_string();
    assert!(report.contains("awards[0].end"), "{report}");
}

// ----- the JSON Schema -----

/// The JSON Schema (generated from the types, `schemas/cv.schema.json`) accepts the new
/// sections and fields: the fixture and the CVs of the tests above.
#[test]
fn the_json_schema_accepts_the_new_sections_and_fields() {
    let schema = vitae::schema::json_schema().to_value();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let fixture = common::read(&common::root().join("tests/fixtures/sections.yaml"));
    let mut cvs = vec![("tests/fixtures/sections.yaml".to_owned(), fixture)];
    for (name, part) in [
        ("TEACHING", TEACHING),
        ("SERVICE", SERVICE),
        ("SOFTWARE", SOFTWARE),
        ("TITLES", TITLES),
    ] {
        cvs.push((name.to_owned(), format!("{PERSON}{part}")));
    }
    for (name, text) in cvs {
        let value = vitae::input::read_value(&text, vitae::InputFormat::Yaml)
            .unwrap_or_else(|r| panic!("{name}: {r}"));
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}:\n{}", errors.join("\n"));
        // And a value the schema refuses: a student level it does not know.
        let mut bad = value.clone();
        if let Some(s) = bad.get_mut("supervision").and_then(|s| s.get_mut(0)) {
            s["level"] = Json::from("diploma");
            assert!(!validator.is_valid(&bad), "{name}: level diploma accepted");
        }
    }
}

// ----- ORCID round trip -----

/// What vitae writes to ORCID for the new fields reads back into a CV that writes the same
/// documents again, so that a sync sees no edit: editorial service (department, ISSN ids),
/// the first translated title and funder, the award's end date, a repository as URL.
#[test]
fn orcid_documents_of_the_new_fields_read_back_to_the_same_documents() {
    let cv = vitae::from_path(common::root().join("tests/fixtures/sections.yaml"))
        .expect("the fixture loads")
        .cv;
    // Every item document (not the record nor the bulk), by section, sorted: ids are
    // derived again on import, and are not in the documents.
    let docs = |cv: &Cv| -> Vec<(String, String)> {
        let e = OrcidXml::new()
            .with_include(vitae::types::Visibility::Private)
            .with_put_codes(false)
            .export(cv);
        let mut out: Vec<(String, String)> = e
            .files()
            .expect("documents")
            .into_iter()
            .filter(|(p, _)| p.components().count() == 2 && !p.starts_with("bulk"))
            .map(|(p, x)| {
                let section = p.components().next().expect("a section");
                (section.as_os_str().to_string_lossy().into_owned(), x)
            })
            .collect();
        out.sort();
        out
    };
    let first = docs(&cv);
    let sections: Vec<&str> = first.iter().map(|(s, _)| s.as_str()).collect();
    for s in ["service", "distinction", "funding", "work"] {
        assert!(sections.contains(&s), "{s} in {sections:?}");
    }
    let texts: Vec<&str> = first.iter().map(|(_, x)| x.as_str()).collect();
    let imported = vitae::orcid::import_documents(&texts).expect("reads back");
    let again = docs(&imported.cv);
    assert_eq!(first.len(), again.len());
    for ((s, x), (_, y)) in first.iter().zip(&again) {
        assert_eq!(x, y, "a {s} document changed on the round trip");
    }
}

/// A CV with the new sections and fields is written as YAML (as `vitae import` writes CVs)
/// and reads back the same.
#[test]
fn the_new_sections_and_fields_are_written_and_read_back() {
    let cv = vitae::from_path(common::root().join("tests/fixtures/sections.yaml"))
        .expect("the fixture loads")
        .cv;
    let yaml = vitae::to_yaml_string(&cv).expect("YAML");
    for key in [
        "teaching:",
        "supervision:",
        "journal:",
        "editorial-role: associate-editor",
        "transliterated-title:",
        "programming-language:",
        "repository:",
        "license: MIT",
    ] {
        assert!(yaml.contains(key), "{key} in\n{yaml}");
    }
    let back = vitae::from_str(&yaml, vitae::InputFormat::Yaml)
        .unwrap_or_else(|r| panic!("{r}\n{yaml}"))
        .cv;
    assert_eq!(back, cv);
}
