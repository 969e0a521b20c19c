//! `vitae publish` against a stand-in Graph Store on 127.0.0.1, written from the SPARQL 1.1
//! Graph Store HTTP Protocol (PUT answers 201 for a new graph, 204 for a replaced one) and
//! from RFC 9110 for what a server may answer instead: 401 with a challenge, 403, 503 with
//! `Retry-After`. The real stores are in tests/publish_stores.rs.

#![cfg(feature = "ureq")]

mod common;
use vitae_synthetic::orcid_records;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request the stand-in got.
#[derive(Debug, Clone)]
struct Got {
    method: String,
    target: String,
    authorization: Option<String>,
    content_type: Option<String>,
    body: String,
}

/// What the stand-in answers: status line, extra headers, body.
type Answer = (&'static str, String, String);

/// Serves requests until the test ends, answering each with `answer(n, request)` (`n`
/// counting from 0); returns the store's URL and the requests got.
fn stand_in(
    answer: impl Fn(usize, &Got) -> Answer + Send + 'static,
) -> (String, Arc<Mutex<Vec<Got>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/store", listener.local_addr().expect("addr"));
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let mut parts = line.split_whitespace();
            let method = parts.next().unwrap_or("").to_owned();
            let target = parts.next().unwrap_or("").to_owned();
            let (mut authorization, mut content_type, mut length) = (None, None, 0);
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).is_err() || h.trim().is_empty() {
                    break;
                }
                let (name, value) = h.split_once(':').unwrap_or((&h, ""));
                let value = value.trim().to_owned();
                match name.to_ascii_lowercase().as_str() {
                    "authorization" => authorization = Some(value),
                    "content-type" => content_type = Some(value),
                    "content-length" => length = value.parse().unwrap_or(0),
                    _ => {}
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let got = Got {
                method,
                target,
                authorization,
                content_type,
                body: String::from_utf8_lossy(&body).into_owned(),
            };
            let n = {
                let mut l = seen.lock().expect("log");
                l.push(got.clone());
                l.len() - 1
            };
            let (status, headers, body) = answer(n, &got);
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (url, log)
}

/// `n` small CVs with their own graphs in a new directory.
fn cvs(n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let cvs = dir.path().join("cvs");
    std::fs::create_dir(&cvs).expect("mkdir");
    for i in 0..n {
        std::fs::write(
            cvs.join(format!("cv{i}.yaml")),
            format!(
                "base-iri: https://example.org/people/{i}/\nperson: {{given-names: Ada, \
                 family-name: Person{i}}}\nworks:\n  - {{type: journal-article, title: Paper {i}, \
                 date: 2020}}\n"
            ),
        )
        .expect("write");
    }
    (dir, cvs)
}

use common::{publish, text};

fn created(_: usize, _: &Got) -> Answer {
    ("201 Created", String::new(), String::new())
}

#[test]
fn each_cv_is_one_put_of_turtle_to_its_graph_and_the_state_records_it() {
    let (url, log) = stand_in(created);
    let (dir, cvs) = cvs(3);
    let out = publish(
        dir.path(),
        &[],
        &[cvs.to_str().unwrap(), "--graph-store", &url],
    );
    assert!(out.status.success(), "{}", text(&out));
    let got = log.lock().unwrap().clone();
    let mut targets: Vec<&str> = got.iter().map(|g| g.target.as_str()).collect();
    targets.sort_unstable();
    assert_eq!(
        targets,
        [0, 1, 2].map(|i| format!("/store?graph=https%3A%2F%2Fexample.org%2Fpeople%2F{i}%2F"))
    );
    for g in &got {
        assert_eq!(g.method, "PUT");
        assert_eq!(g.content_type.as_deref(), Some("text/turtle"));
        assert_eq!(g.authorization, None);
        // The body parses as Turtle.
        let n = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
            .for_slice(g.body.as_bytes())
            .count();
        assert!(n > 5, "{}", g.body);
    }
    assert!(
        text(&out).contains("3 created, 0 replaced"),
        "{}",
        text(&out)
    );
    let state = std::fs::read_to_string(dir.path().join("vitae-publish-state.json")).unwrap();
    assert!(state.contains("https://example.org/people/2/"), "{state}");
    // Published again: nothing is sent, everything is unchanged.
    let again = publish(
        dir.path(),
        &[],
        &[cvs.to_str().unwrap(), "--graph-store", &url],
    );
    assert!(again.status.success(), "{}", text(&again));
    assert_eq!(log.lock().unwrap().len(), 3);
    assert!(text(&again).contains("3 unchanged"), "{}", text(&again));
    // A dry run sends nothing either, even when forced.
    let dry = publish(
        dir.path(),
        &[],
        &[
            cvs.to_str().unwrap(),
            "--graph-store",
            &url,
            "--force",
            "--dry-run",
        ],
    );
    assert!(dry.status.success(), "{}", text(&dry));
    assert!(
        text(&dry).contains("dry run: nothing was sent"),
        "{}",
        text(&dry)
    );
    assert_eq!(log.lock().unwrap().len(), 3);
}

#[test]
fn a_401_stops_the_publication_names_the_variables_and_records_nothing() {
    let (url, log) = stand_in(|_, _| {
        (
            "401 Unauthorized",
            "WWW-Authenticate: Bearer realm=\"store\"\r\n".to_owned(),
            String::new(),
        )
    });
    let (dir, cvs) = cvs(4);
    let out = publish(
        dir.path(),
        &[],
        &[cvs.to_str().unwrap(), "--graph-store", &url, "--jobs", "1"],
    );
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.contains("asks for credentials") && t.contains("VITAE_GRAPH_STORE_TOKEN"),
        "{t}"
    );
    assert!(t.contains("1 failed, 3 not sent"), "{t}");
    // One request: the others were not sent once the first was refused.
    assert_eq!(log.lock().unwrap().len(), 1);
    let state = std::fs::read_to_string(dir.path().join("vitae-publish-state.json")).unwrap();
    assert!(!state.contains("example.org"), "{state}");
}

#[test]
fn a_bearer_token_is_sent_from_the_environment_and_never_printed() {
    const TOKEN: &str = "tok-7f3a9c-secret";
    let (url, log) = stand_in(|_, got| match got.authorization.as_deref() {
        Some(a) if a == format!("Bearer {TOKEN}") => {
            ("204 No Content", String::new(), String::new())
        }
        // A server that quotes what it refuses.
        other => (
            "401 Unauthorized",
            String::new(),
            format!("invalid credentials: {}", other.unwrap_or("none")),
        ),
    });
    let (dir, cvs) = cvs(2);
    let cvs = cvs.to_str().unwrap();
    let ok = publish(
        dir.path(),
        &[("VITAE_GRAPH_STORE_TOKEN", TOKEN)],
        &[cvs, "--graph-store", &url],
    );
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(text(&ok).contains("2 replaced"), "{}", text(&ok));
    assert!(!text(&ok).contains(TOKEN));
    let bad = publish(
        dir.path(),
        &[("VITAE_GRAPH_STORE_TOKEN", "tok-wrong-secret")],
        &[cvs, "--graph-store", &url, "--force", "--jobs", "1"],
    );
    let t = text(&bad);
    assert_eq!(bad.status.code(), Some(1), "{t}");
    assert!(
        t.contains("refused the credentials") && t.contains("Bearer ***"),
        "{t}"
    );
    assert!(!t.contains("tok-wrong-secret"), "{t}");
    assert_eq!(log.lock().unwrap().len(), 3);
    // A URL holding credentials is refused before anything is sent, and not echoed.
    let argv = publish(
        dir.path(),
        &[],
        &[
            cvs,
            "--graph-store",
            "http://dba:pw-in-argv@127.0.0.1:9/store",
        ],
    );
    assert_eq!(argv.status.code(), Some(2), "{}", text(&argv));
    assert!(!text(&argv).contains("pw-in-argv"), "{}", text(&argv));
    assert!(
        text(&argv).contains("VITAE_GRAPH_STORE_USER"),
        "{}",
        text(&argv)
    );
}

#[test]
fn a_403_is_reported_as_not_allowed_and_stops() {
    let (url, log) = stand_in(|_, _| ("403 Forbidden", String::new(), "read-only".to_owned()));
    let (dir, cvs) = cvs(3);
    let out = publish(
        dir.path(),
        &[
            ("VITAE_GRAPH_STORE_USER", "dba"),
            ("VITAE_GRAPH_STORE_PASSWORD", "pw"),
        ],
        &[cvs.to_str().unwrap(), "--graph-store", &url, "--jobs", "1"],
    );
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.contains("does not allow this") && t.contains("HTTP 403): read-only"),
        "{t}"
    );
    assert!(!t.contains("pw\n") && !t.contains("pw "), "{t}");
    let got = log.lock().unwrap().clone();
    // A password is never sent before the server asks for one: HEAD (no challenge), then
    // the one PUT refused.
    assert_eq!(
        got.iter().map(|g| g.method.as_str()).collect::<Vec<_>>(),
        ["HEAD", "PUT"]
    );
    assert!(got.iter().all(|g| g.authorization.is_none()));
}

#[test]
fn a_503_is_tried_again_after_its_retry_after() {
    // The first PUT of each graph is refused with Retry-After: 1, the second taken.
    let (url, log) = stand_in(|n, _| {
        if n < 2 {
            (
                "503 Service Unavailable",
                "Retry-After: 1\r\n".to_owned(),
                String::new(),
            )
        } else {
            ("201 Created", String::new(), String::new())
        }
    });
    let (dir, cvs) = cvs(2);
    let start = Instant::now();
    let out = publish(
        dir.path(),
        &[],
        &[cvs.to_str().unwrap(), "--graph-store", &url, "--jobs", "2"],
    );
    let t = text(&out);
    assert!(out.status.success(), "{t}");
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured"
    );
    assert!(
        t.contains("2 created") && t.contains("after 2 attempts"),
        "{t}"
    );
    assert_eq!(log.lock().unwrap().len(), 4);
}

#[test]
fn a_store_that_stays_busy_fails_after_the_retries_and_the_graph_is_not_recorded() {
    let (url, log) = stand_in(|_, _| {
        (
            "503 Service Unavailable",
            "Retry-After: 0\r\n".to_owned(),
            String::new(),
        )
    });
    let (dir, cvs) = cvs(1);
    let out = publish(
        dir.path(),
        &[],
        &[
            cvs.to_str().unwrap(),
            "--graph-store",
            &url,
            "--retries",
            "2",
        ],
    );
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("stayed busy after 3 attempts"), "{t}");
    assert_eq!(log.lock().unwrap().len(), 3);
    let state = std::fs::read_to_string(dir.path().join("vitae-publish-state.json")).unwrap();
    assert!(!state.contains("example.org"), "{state}");
}

#[test]
fn half_set_credentials_are_refused_before_anything_is_sent_and_json_reports_each_graph() {
    let (url, log) = stand_in(created);
    let (dir, cvs) = cvs(2);
    let cvs = cvs.to_str().unwrap();
    let half = publish(
        dir.path(),
        &[("VITAE_GRAPH_STORE_USER", "dba")],
        &[cvs, "--graph-store", &url],
    );
    assert_eq!(half.status.code(), Some(2), "{}", text(&half));
    assert!(
        text(&half).contains("VITAE_GRAPH_STORE_PASSWORD is not"),
        "{}",
        text(&half)
    );
    let both = publish(
        dir.path(),
        &[
            ("VITAE_GRAPH_STORE_USER", "dba"),
            ("VITAE_GRAPH_STORE_TOKEN", "t"),
        ],
        &[cvs, "--graph-store", &url],
    );
    assert_eq!(both.status.code(), Some(2), "{}", text(&both));
    assert!(log.lock().unwrap().is_empty());
    let out = publish(
        dir.path(),
        &[],
        &[cvs, "--graph-store", &url, "--format", "json"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let graphs = json["result"]["graphs"].as_array().expect("graphs");
    assert_eq!(graphs.len(), 2);
    assert!(
        graphs
            .iter()
            .all(|g| g["outcome"] == "created" && g["triples"].as_u64() > Some(5))
    );
    assert_eq!(
        json["plan"]["put"][0]["iri"],
        "https://example.org/people/0/"
    );
}

/// `name="value"` or `name=value` from a Digest `Authorization` header.
fn param(header: &str, name: &str) -> String {
    let start = header
        .find(&format!("{name}="))
        .unwrap_or_else(|| panic!("{name} in {header}"))
        + name.len()
        + 1;
    let rest = &header[start..];
    match rest.strip_prefix('"') {
        Some(q) => q[..q.find('"').expect("closing quote")].to_owned(),
        None => rest.split([',', ' ']).next().unwrap_or("").to_owned(),
    }
}

#[test]
fn digest_credentials_answer_the_challenge_and_reuse_its_nonce() {
    use md5::{Digest, Md5};
    let h = |s: String| {
        Md5::digest(s.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    const NONCE: &str = "a1b2c3d4";
    let challenge = format!(
        "WWW-Authenticate: Digest realm=\"SPARQL\", nonce=\"{NONCE}\", opaque=\"op\", \
         qop=\"auth\", algorithm=\"MD5\"\r\n"
    );
    // Written from RFC 7616 § 3.4.1, independently of vitae's code.
    let (url, log) = stand_in(move |_, got| {
        let Some(a) = got.authorization.as_deref() else {
            return ("401 Unauthorized", challenge.clone(), String::new());
        };
        let ha1 = h("dba:SPARQL:s3cr3t-pw".to_owned());
        let ha2 = h(format!("{}:{}", got.method, param(a, "uri")));
        let want = h(format!(
            "{ha1}:{NONCE}:{}:{}:auth:{ha2}",
            param(a, "nc"),
            param(a, "cnonce")
        ));
        let right = param(a, "response") == want
            && param(a, "uri") == got.target
            && param(a, "opaque") == "op";
        if right && got.method == "HEAD" {
            ("200 OK", String::new(), String::new())
        } else if right {
            ("201 Created", String::new(), String::new())
        } else {
            ("401 Unauthorized", challenge.clone(), String::new())
        }
    });
    let (dir, cvs) = cvs(3);
    let out = publish(
        dir.path(),
        &[
            ("VITAE_GRAPH_STORE_USER", "dba"),
            ("VITAE_GRAPH_STORE_PASSWORD", "s3cr3t-pw"),
        ],
        &[cvs.to_str().unwrap(), "--graph-store", &url, "--jobs", "1"],
    );
    let t = text(&out);
    assert!(out.status.success(), "{t}");
    assert!(t.contains("3 created"), "{t}");
    assert!(!t.contains("s3cr3t-pw"), "{t}");
    let got = log.lock().unwrap().clone();
    // HEAD without credentials (the challenge), HEAD answered, then three PUTs answered at
    // once with the same nonce and a growing count.
    let methods: Vec<&str> = got.iter().map(|g| g.method.as_str()).collect();
    assert_eq!(methods, ["HEAD", "HEAD", "PUT", "PUT", "PUT"]);
    assert!(got[0].authorization.is_none());
    let counts: Vec<String> = got[1..]
        .iter()
        .map(|g| param(g.authorization.as_deref().expect("answered"), "nc"))
        .collect();
    assert_eq!(counts, ["00000001", "00000002", "00000003", "00000004"]);
}

/// Graph IRI → the Turtle last PUT to it.
fn bodies(got: &[Got]) -> std::collections::BTreeMap<String, String> {
    got.iter()
        .filter(|g| g.method == "PUT")
        .map(|g| {
            let iri = g.target.split_once("?graph=").expect("a graph parameter").1;
            let iri = url::form_urlencoded::parse(format!("g={iri}").as_bytes())
                .next()
                .expect("the IRI")
                .1
                .into_owned();
            (iri, g.body.clone())
        })
        .collect()
}

#[test]
fn orcid_records_of_an_archive_and_a_file_are_each_one_graph_named_by_the_record() {
    let (url, log) = stand_in(created);
    let (dir, cvs) = cvs(1);
    // An archive of three synthetic records and one that is not well-formed; a record file.
    let archive = dir.path().join("summaries.tar.gz");
    let ids: Vec<String> = (1..=3)
        .map(|n| orcid_records::orcid_id(4_000 + n))
        .collect();
    let broken = orcid_records::orcid_id(4_100);
    {
        let gz = flate2::write::GzEncoder::new(
            std::fs::File::create(&archive).expect("archive"),
            flate2::Compression::fast(),
        );
        let mut tar = tar::Builder::new(gz);
        let mut rng = vitae_synthetic::Rng::new(7);
        for (i, id) in ids.iter().enumerate() {
            let text = orcid_records::record(id, i as u64 * 2, &mut rng);
            orcid_records::append(&mut tar, &orcid_records::member_path(id), text.as_bytes());
        }
        orcid_records::append(
            &mut tar,
            &orcid_records::member_path(&broken),
            b"<record:record xmlns:record=\"http://www.orcid.org/ns/record\">",
        );
        tar.into_inner().unwrap().finish().unwrap();
    }
    let single = orcid_records::orcid_id(4_200);
    let file = dir.path().join(format!("{single}.xml"));
    let xml = orcid_records::record(&single, 1, &mut vitae_synthetic::Rng::new(8));
    std::fs::write(&file, xml).unwrap();
    let args = [
        cvs.to_str().unwrap(),
        archive.to_str().unwrap(),
        file.to_str().unwrap(),
        "--graph-store",
        &url,
    ];
    let out = publish(dir.path(), &[], &args);
    // The broken record is reported by its iD and fails the run; the others are published.
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains(&broken), "{}", text(&out));
    let got = bodies(&log.lock().unwrap());
    let mut expected: Vec<String> = ids
        .iter()
        .chain([&single])
        .map(|id| format!("https://orcid.org/{id}"))
        .collect();
    expected.push("https://example.org/people/0/".into());
    expected.sort();
    assert_eq!(got.keys().cloned().collect::<Vec<_>>(), expected);
    for id in ids.iter().chain([&single]) {
        let body = &got[&format!("https://orcid.org/{id}")];
        let triples: Vec<_> = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
            .for_slice(body.as_bytes())
            .collect::<Result<_, _>>()
            .expect("Turtle");
        // The graph is the record's: its person is the record's iD.
        let me = format!("https://orcid.org/{id}#me");
        assert!(
            triples
                .iter()
                .any(|t| t.subject.to_string() == format!("<{me}>")),
            "{body}"
        );
    }
    // The state names the archive as the records' source; publishing again sends nothing new.
    let state = std::fs::read_to_string(dir.path().join("vitae-publish-state.json")).unwrap();
    assert!(state.contains("summaries.tar.gz"), "{state}");
    let sent = log.lock().unwrap().len();
    let again = publish(dir.path(), &[], &args);
    assert_eq!(log.lock().unwrap().len(), sent, "{}", text(&again));
    assert!(text(&again).contains("5 unchanged"), "{}", text(&again));
}
