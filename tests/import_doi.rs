//! `vitae import doi` against a stand-in for doi.org on 127.0.0.1, written from its
//! documentation: content negotiation (`Accept: application/vnd.citationstyles.csl+json`), a
//! redirect to the registration agency, 404 for an unknown DOI, 429 with `Retry-After`, an
//! answer that does not come in time.

#![cfg(feature = "ureq")]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

const ITEM: &str = r#"{"type": "article-journal", "title": "Notes on the Analytical Engine",
 "author": [{"family": "Lovelace", "given": "Ada"}], "issued": {"date-parts": [[1843]]},
 "container-title": "Scientific Memoirs", "DOI": "10.5555/ok"}"#;
const OTHER: &str = r#"{"type": "book", "title": "Sketch of the Engine",
 "author": [{"family": "Menabrea", "given": "Luigi"}], "issued": {"date-parts": [[1842]]},
 "DOI": "10.5555/busy"}"#;

/// Serves requests until the test ends; counts the 429s it gave.
fn stand_in() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let busy = Arc::new(AtomicUsize::new(0));
    let count = busy.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(64) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let path = line.split_whitespace().nth(1).unwrap_or("").to_owned();
            let mut accept = String::new();
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).is_err() || h.trim().is_empty() {
                    break;
                }
                if let Some(v) = h.to_ascii_lowercase().strip_prefix("accept:") {
                    accept = v.trim().to_owned();
                }
            }
            let csl = accept.contains("application/vnd.citationstyles.csl+json");
            let (status, headers, body) = match path.as_str() {
                _ if !csl => ("406 Not Acceptable", String::new(), String::new()),
                "/10.5555/ok" => (
                    "302 Found",
                    "Location: /agency/10.5555/ok\r\n".to_owned(),
                    String::new(),
                ),
                "/agency/10.5555/ok" => ("200 OK", String::new(), ITEM.to_owned()),
                "/10.5555/busy" if count.fetch_add(1, Ordering::SeqCst) == 0 => (
                    "429 Too Many Requests",
                    "Retry-After: 1\r\n".to_owned(),
                    String::new(),
                ),
                "/10.5555/busy" => ("200 OK", String::new(), OTHER.to_owned()),
                "/10.5555/bad" => ("200 OK", String::new(), "<html>not CSL</html>".to_owned()),
                // An agency that never answers in time: the client must give up.
                "/10.5555/slow" => {
                    std::thread::sleep(std::time::Duration::from_secs(3));
                    ("200 OK", String::new(), ITEM.to_owned())
                }
                _ => ("404 Not Found", String::new(), String::new()),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\n{headers}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (base, busy)
}

#[test]
fn dois_become_works_through_the_redirect_and_a_retry() {
    let (api, busy) = stand_in();
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("cv.yaml");
    let o = common::vitae(&[
        "import",
        "doi",
        "10.5555/ok",
        "https://doi.org/10.5555/busy",
        "--api-url",
        &api,
        "-o",
        common::s(&out),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(busy.load(Ordering::SeqCst), 2, "one 429, then the answer");
    let cv = vitae::from_path(&out).expect("the CV loads").cv;
    let titles: Vec<&str> = cv.works.iter().map(|w| w.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Notes on the Analytical Engine", "Sketch of the Engine"]
    );
    assert_eq!(
        cv.works[0].doi.as_ref().map(|d| d.as_str()),
        Some("10.5555/ok")
    );
    assert_eq!(cv.works[0].authors[0].family.as_deref(), Some("Lovelace"));
}

#[test]
fn an_unknown_doi_or_a_body_that_is_not_csl_writes_nothing() {
    let (api, _) = stand_in();
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("cv.yaml");
    for (doi, says) in [
        ("10.5555/missing", "no such DOI"),
        ("10.5555/bad", "not CSL-JSON"),
    ] {
        let o = common::vitae(&[
            "import",
            "doi",
            "10.5555/ok",
            doi,
            "--api-url",
            &api,
            "-o",
            common::s(&out),
        ]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{doi}: {err}");
        assert!(
            err.contains(says) && err.contains("nothing written"),
            "{doi}: {err}"
        );
        assert!(!out.exists(), "{doi}: a file was written");
    }
    let o = common::vitae(&[
        "import",
        "doi",
        "not-a-doi",
        "--api-url",
        &api,
        "-o",
        common::s(&out),
    ]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn a_doi_whose_answer_does_not_come_in_time_writes_nothing() {
    let (api, _) = stand_in();
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("cv.yaml");
    let o = common::vitae(&[
        "import",
        "doi",
        "10.5555/ok",
        "10.5555/slow",
        "--api-url",
        &api,
        "--timeout",
        "1",
        "-o",
        common::s(&out),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("10.5555/slow")
            && err.contains("no answer")
            && err.contains("nothing written"),
        "{err}"
    );
    // The server does answer, after 3 s: "no answer" is the client giving up at its timeout.
    assert!(!out.exists(), "a file was written");
}
