//! `vitae enrich` against stand-ins for ROR's affiliation matching (API v2) and Crossref's
//! bibliographic query on 127.0.0.1, written from their documentation: ROR answers
//! `{"number_of_results", "items": [{"score", "chosen", "matching_type", "organization": {"id",
//! "names"}}]}`, Crossref `{"status": "ok", "message": {"items": [{"DOI", "title", "score",
//! "issued"}]}}`; both may answer 429 with `Retry-After`.

#![cfg(feature = "ureq")]

mod common;
mod stand_in;

use std::path::PathBuf;
use std::time::Duration;

use stand_in::Response;

const CV: &str = "\
# My CV
person:
  given-names: Ada
  family-name: Lovelace
  emails: ada@example.org
employment:
  - organization: &uni   # the university
      name: University of Somewhere
      city: Berlin
      country: DE
    role: Tutor
    start: 2010
  - organization: *uni
    role: Lecturer
    start: 2012
education:
  - {organization: {name: Other College, city: Paris, country: FR}, start: 2000, end: 2004}
awards:
  - title: Prize
    date: 2015
    organization: Society of Things
works:
  - type: journal-article
    title: \"Notes on the Engine\"
    date: 1843
    container: Scientific Memoirs

  - type: talk
    title: Notes on the Engine
    date: 1843-05-01
    event: {name: Royal Society}
  - type: journal-article
    title: Unrelated Musings
    date: 1850
  - type: book
    title: Sketch
    date: 1842
    doi: 10.5555/sketch
  - type: report
    title: Secret Report
    date: 1844
    visibility: private
";

fn ror(id: &str, name: &str, score: f64, chosen: bool) -> String {
    format!(
        r#"{{"number_of_results": 1, "items": [{{"substring": "{name}", "score": {score}, "matching_type": "PHRASE", "chosen": {chosen},
        "organization": {{"id": "https://ror.org/{id}", "status": "active", "types": ["education"],
          "names": [{{"value": "{name}", "types": ["ror_display", "label"], "lang": "en"}}],
          "locations": [{{"geonames_id": 2950159, "geonames_details": {{"name": "Berlin", "country_code": "DE"}}}}]}}}}]}}"#
    )
}

fn crossref(doi: &str, title: &str, year: u16) -> String {
    format!(
        r#"{{"status": "ok", "message-type": "work-list", "message-version": "1.0.0",
        "message": {{"facets": {{}}, "total-results": 1, "items": [{{"DOI": "{doi}", "title": ["{title}"],
        "score": 81.5, "type": "journal-article", "issued": {{"date-parts": [[{year}]]}}}}], "items-per-page": 3}}}}"#
    )
}

fn services() -> stand_in::StandIn {
    stand_in::start(|r, before| {
        let json = |b: String| Response::ok("application/json", &b);
        match r.path() {
            "/ror/v2/organizations" => match r.query("affiliation").as_deref() {
                Some("University of Somewhere, Berlin, DE") if before == 0 => Response::too_many(1),
                Some("University of Somewhere, Berlin, DE") => {
                    json(ror("03v4gjf40", "University of Somewhere", 0.95, true))
                }
                Some("Other College, Paris, FR") => {
                    json(ror("013cjyk83", "Other College", 0.92, true))
                }
                Some("Society of Things") => {
                    json(ror("021nxhr62", "Society for Things", 0.6, false))
                }
                _ => json(r#"{"number_of_results": 0, "items": []}"#.to_owned()),
            },
            "/crossref/works" if r.query("rows").as_deref() != Some("3") => {
                Response::status("400 Bad Request")
            }
            "/crossref/works" => {
                let q = r.query("query.bibliographic").unwrap_or_default();
                if q.starts_with("Notes on the Engine") && before == 0 {
                    Response::too_many(1)
                } else if q.starts_with("Notes on the Engine") {
                    json(crossref("10.5555/notes", "Notes on the engine", 1843))
                } else {
                    json(crossref("10.5555/else", "Completely different", 1999))
                }
            }
            "/broken/v2/organizations" => Response::ok("text/html", "<html>busy</html>"),
            "/broken-crossref/works" => json(
                r#"{"status": "ok", "message": {"items": [{"title": ["no DOI"]}]}}"#.to_owned(),
            ),
            "/busy-crossref/works" => Response::status("503 Service Unavailable"),
            "/slow/v2/organizations" => {
                json(ror("03v4gjf40", "U", 0.9, true)).after(Duration::from_secs(3))
            }
            _ => Response::status("404 Not Found"),
        }
    })
}

fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let cv = dir.path().join("cv.yaml");
    std::fs::write(&cv, CV).expect("write");
    (dir, cv)
}

fn run(args: &[&str]) -> (i32, String, String) {
    let o = common::vitae(args);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn proposals_are_printed_and_applied_one_line_each() {
    let api = services();
    let (_dir, cv) = setup();
    let ror_api = format!("{}/ror/v2", api.base);
    let crossref_api = format!("{}/crossref", api.base);
    let base = [
        "enrich",
        common::s(&cv),
        "--ror",
        "--doi",
        "--ror-api-url",
        &ror_api,
        "--crossref-api-url",
        &crossref_api,
    ];
    // Without --apply: the proposals and their scores, the file untouched.
    let (code, out, err) = run(&base);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("employment[0].organization: \"University of Somewhere\" → https://ror.org/03v4gjf40 \"University of Somewhere\", score 0.95 (chosen by ROR)"),
        "{out}"
    );
    assert!(out.contains("score 0.60 — below --min-score"), "{out}");
    assert!(
        out.contains("works[0]: \"Notes on the Engine\" → 10.5555/notes \"Notes on the engine\" (1843), score 1.00 (Crossref relevance 81.5)"),
        "{out}"
    );
    assert!(
        out.contains("works[2]: \"Unrelated Musings\" → 10.5555/else"),
        "{out}"
    );
    assert!(!out.contains("works[1]"), "a talk gets no DOI: {out}");
    assert!(
        !out.contains("works[3]"),
        "a work with a DOI is left: {out}"
    );
    assert!(
        out.contains("5 proposals, 3 at or above --min-score 0.9"),
        "{out}"
    );
    assert!(
        out.contains("note: 1 item is not public, not sent"),
        "{out}"
    );
    assert!(
        api.requests().iter().all(|r| !r.target.contains("Secret")),
        "a private work's title was sent"
    );
    assert_eq!(std::fs::read_to_string(&cv).expect("read"), CV);
    // One request per organization (the alias is the anchor's), each polite.
    let reqs = api.requests();
    let uni = reqs
        .iter()
        .filter(|r| {
            r.query("affiliation").as_deref() == Some("University of Somewhere, Berlin, DE")
        })
        .count();
    assert_eq!(uni, 2, "a 429, then the answer");
    // Paced: a few requests a second at most.
    for pair in reqs.windows(2) {
        let gap = pair[1].at.duration_since(pair[0].at);
        assert!(
            gap >= Duration::from_millis(300),
            "{gap:?} between {pair:?}"
        );
    }
    assert!(
        reqs.iter().all(|r| r
            .header("user-agent")
            .is_some_and(|u| u.contains("mailto:ada@example.org"))),
        "{reqs:?}"
    );

    // --apply --min-score 0.5: one line per item; the award's organization is a name only.
    let mut apply = base.to_vec();
    apply.extend(["--apply", "--min-score", "0.5", "--email", "me@example.org"]);
    let (code, out, err) = run(&apply);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("not applied: awards[0].organization (line 21): written as a single value"),
        "{out}"
    );
    assert!(
        out.contains("3 applied, 1 proposals below --min-score 0.5"),
        "{out}"
    );
    let after = std::fs::read_to_string(&cv).expect("read");
    let expected = CV
        .replace(
            "      country: DE\n",
            "      country: DE\n      ror: \"https://ror.org/03v4gjf40\"\n",
        )
        .replace(
            "country: FR}",
            "country: FR, ror: \"https://ror.org/013cjyk83\"}",
        )
        .replace(
            "    container: Scientific Memoirs\n",
            "    container: Scientific Memoirs\n    doi: 10.5555/notes\n",
        );
    assert_eq!(after, expected);
    let loaded = vitae::from_path(&cv).expect("the CV loads").cv;
    let ror = |o: &vitae::model::Organization| o.ror.as_ref().map(|r| r.url());
    assert_eq!(
        loaded.employment[1]
            .organization
            .as_ref()
            .and_then(ror)
            .as_deref(),
        Some("https://ror.org/03v4gjf40")
    );
    assert_eq!(
        loaded.works[0].doi.as_ref().map(|d| d.as_str()),
        Some("10.5555/notes")
    );
    assert_eq!(loaded.works[2].doi, None);
    assert!(api.requests().iter().rev().take(3).all(|r| {
        r.header("user-agent")
            .is_some_and(|u| u.contains("mailto:me@example.org"))
    }));
}

#[test]
fn a_404_a_malformed_answer_or_a_timeout_writes_nothing() {
    let api = services();
    let (_dir, cv) = setup();
    for (path, says) in [
        ("missing/v2", "answered 404"),
        (
            "broken/v2",
            "ROR answered something else than its documented JSON",
        ),
        ("slow/v2", "no answer"),
    ] {
        let url = format!("{}/{path}", api.base);
        let (code, out, err) = run(&[
            "enrich",
            common::s(&cv),
            "--ror",
            "--apply",
            "--ror-api-url",
            &url,
            "--timeout",
            "1",
        ]);
        assert_eq!(code, 1, "{path}: {out}{err}");
        assert!(
            err.contains(says) && err.contains("nothing written"),
            "{path}: {err}"
        );
        assert_eq!(std::fs::read_to_string(&cv).expect("read"), CV, "{path}");
    }
    for (path, says) in [
        (
            "broken-crossref",
            "Crossref answered something else than its documented JSON",
        ),
        ("busy-crossref", "answered 503 (also after retrying)"),
    ] {
        let url = format!("{}/{path}", api.base);
        let (code, out, err) = run(&[
            "enrich",
            common::s(&cv),
            "--doi",
            "--apply",
            "--crossref-api-url",
            &url,
        ]);
        assert_eq!(code, 1, "{path}: {out}{err}");
        assert!(
            err.contains(says) && err.contains("nothing written"),
            "{path}: {err}"
        );
        assert_eq!(std::fs::read_to_string(&cv).expect("read"), CV, "{path}");
    }
    // --apply on a JSON CV is refused.
    let json = cv.with_extension("json");
    std::fs::write(
        &json,
        r#"{"person": {"given-names": "A", "family-name": "B"}}"#,
    )
    .expect("write");
    let (code, _, err) = run(&["enrich", common::s(&json), "--doi", "--apply"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("not YAML"), "{err}");
}
