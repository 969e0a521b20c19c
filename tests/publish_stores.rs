//! `vitae publish` into real triple stores on 127.0.0.1: the Oxigraph server (PyPI
//! `oxigraph`, installed by .ci/run into a venv under target/, or by the test itself) and
//! Virtuoso (Debian `virtuoso-opensource`, Digest authentication, `graph-uri`). The graphs are
//! queried back with SPARQL and compared with `vitae export --to nquads`. Without the servers
//! the tests print SKIPPED; with VITAE_REQUIRE_SHARED (CI) they fail instead.

#![cfg(feature = "ureq")]

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A server started for one test, killed when the test ends.
struct Server {
    child: Child,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn skip_or_fail(test: &str, why: &str) {
    if std::env::var_os("VITAE_REQUIRE_SHARED").is_some() {
        panic!("{test}: VITAE_REQUIRE_SHARED is set but {why}");
    }
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// Waits until `url` answers at all (any status).
fn wait_for(url: &str, server: &mut Server, limit: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if ureq::get(url).call().is_ok() {
            return true;
        }
        if let Ok(Some(_)) = server.child.try_wait() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

/// The `oxigraph` command of the venv under the target directory, made when missing (by one
/// test at a time: the tests of this file run in parallel).
fn oxigraph_command(test: &str) -> Option<PathBuf> {
    static INSTALLING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = INSTALLING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("oxigraph-venv");
    let bin = venv.join("bin/oxigraph");
    let works = |b: &Path| {
        Command::new(b)
            .arg("--help")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if works(&bin) {
        return Some(bin);
    }
    let made = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .is_ok_and(|s| s.success())
        && Command::new(venv.join("bin/python"))
            .args(["-m", "pip", "install", "-q", "oxigraph"])
            .status()
            .is_ok_and(|s| s.success());
    if made && works(&bin) {
        return Some(bin);
    }
    skip_or_fail(
        test,
        "the Oxigraph server (PyPI oxigraph) could not be installed",
    );
    None
}

/// An Oxigraph server on a free port: its Graph Store URL and query URL.
fn oxigraph(test: &str) -> Option<(Server, String, String)> {
    let bin = oxigraph_command(test)?;
    let dir = tempfile::tempdir().expect("dir");
    let port = free_port();
    let child = Command::new(bin)
        .args(["serve", "-l"])
        .arg(dir.path().join("db"))
        .args(["-b", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start oxigraph");
    let mut server = Server { child, _dir: dir };
    let base = format!("http://127.0.0.1:{port}");
    assert!(
        wait_for(
            &format!("{base}/query?query=ASK%7B%7D"),
            &mut server,
            Duration::from_secs(20)
        ),
        "{test}: the Oxigraph server did not start"
    );
    Some((server, format!("{base}/store"), format!("{base}/query")))
}

/// A SPARQL SELECT's bindings, each row as name → value.
fn select(endpoint: &str, query: &str) -> Vec<BTreeMap<String, String>> {
    let mut resp = ureq::get(endpoint)
        .query("query", query)
        .header("Accept", "application/sparql-results+json")
        .call()
        .unwrap_or_else(|e| panic!("{query}: {e}"));
    let json: serde_json::Value =
        serde_json::from_str(&resp.body_mut().read_to_string().expect("body")).expect("JSON");
    json["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .map(|row| {
            row.as_object()
                .expect("row")
                .iter()
                .map(|(k, v)| (k.clone(), v["value"].as_str().unwrap_or("").to_owned()))
                .collect()
        })
        .collect()
}

/// The triples of every named graph in the store.
fn store_counts(query: &str) -> BTreeMap<String, usize> {
    select(
        query,
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    )
    .into_iter()
    .map(|r| (r["g"].clone(), r["n"].parse().expect("count")))
    .collect()
}

/// The triples of each graph of `vitae export INPUT --to nquads`, read back by oxigraph.
fn export_counts(input: &Path) -> BTreeMap<String, usize> {
    let out = Command::new(env!("CARGO_BIN_EXE_vitae"))
        .arg("export")
        .arg(input)
        .args(["--to", "nquads"])
        .output()
        .expect("export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut counts = BTreeMap::new();
    for q in
        oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NQuads).for_slice(&out.stdout)
    {
        let q = q.expect("N-Quads");
        let oxigraph::model::GraphName::NamedNode(g) = q.graph_name else {
            panic!("a quad outside a named graph");
        };
        *counts.entry(g.into_string()).or_insert(0) += 1;
    }
    counts
}

use common::{publish, text};

/// The reference CV and `n` synthetic CVs (3 to 3 + n works), each with its own base IRI.
fn cv_dir(n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let cvs = dir.path().join("cvs");
    std::fs::create_dir(&cvs).expect("mkdir");
    std::fs::copy(common::reference_cv_path(), cvs.join("lapuschkin.yaml")).expect("copy");
    for i in 0..n {
        let yaml = vitae_synthetic::cv::cv_yaml(3 + i).replacen(
            "base-iri: https://example.org/cv/",
            &format!("base-iri: https://example.org/cv/{i:03}/"),
            1,
        );
        std::fs::write(cvs.join(format!("synthetic-{i:03}.yaml")), yaml).expect("write");
    }
    (dir, cvs)
}

fn summary(o: &Output) -> String {
    let out = String::from_utf8_lossy(&o.stdout);
    out.lines()
        .last()
        .and_then(|l| l.split_once(": "))
        .map(|(_, s)| s.to_owned())
        .unwrap_or_default()
}

#[test]
fn oxigraph_server_holds_each_cv_as_its_graph_through_republication_edits_and_deletions() {
    let test = "oxigraph_server_publication";
    let Some((_server, store, query)) = oxigraph(test) else {
        return;
    };
    let (dir, cvs) = cv_dir(40);
    let input = cvs.to_str().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![input, "--graph-store", store.as_str(), "--jobs", "4"];
        args.extend_from_slice(extra);
        publish(dir.path(), &[], &args)
    };

    // First publication: 41 graphs, each holding exactly the export's triples.
    let out = run(&[]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        summary(&out),
        "41 created, 0 replaced, 0 unchanged, 0 deleted, 0 failed, 0 not sent"
    );
    let expected = export_counts(&cvs);
    assert_eq!(expected.len(), 41);
    assert!(expected.contains_key("https://lapuschkin.com/"));
    assert_eq!(store_counts(&query), expected);

    // Again: nothing changed, nothing sent.
    let out = run(&[]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        summary(&out),
        "0 created, 0 replaced, 41 unchanged, 0 deleted, 0 failed, 0 not sent"
    );
    // Forced: every graph replaced, none doubled.
    let out = run(&["--force"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        summary(&out),
        "0 created, 41 replaced, 0 unchanged, 0 deleted, 0 failed, 0 not sent"
    );
    assert_eq!(store_counts(&query), expected);

    // One CV edited: only its graph is sent, and it holds the new export.
    let edited = cvs.join("synthetic-007.yaml");
    let yaml = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(
        &edited,
        yaml.replacen(
            "works:\n",
            "works:\n  - {type: book, title: A Newly Added Book, date: 2025}\n",
            1,
        ),
    )
    .unwrap();
    let out = run(&[]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        summary(&out),
        "0 created, 1 replaced, 40 unchanged, 0 deleted, 0 failed, 0 not sent"
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("replaced  <https://example.org/cv/007/>"),
        "{}",
        text(&out)
    );
    let now = export_counts(&cvs);
    let g7 = "https://example.org/cv/007/";
    assert!(now[g7] > expected[g7]);
    assert_eq!(store_counts(&query), now);
    let book = select(
        &query,
        &format!(
            "SELECT ?w WHERE {{ GRAPH <{g7}> {{ ?w <http://schema.org/name> \"A Newly Added Book\" }} }}"
        ),
    );
    assert_eq!(book.len(), 1);

    // One CV removed: kept without --delete-missing, deleted with it.
    std::fs::remove_file(cvs.join("synthetic-011.yaml")).unwrap();
    let out = run(&[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("--delete-missing deletes them"),
        "{}",
        text(&out)
    );
    assert!(store_counts(&query).contains_key("https://example.org/cv/011/"));
    let out = run(&["--delete-missing"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        summary(&out),
        "0 created, 0 replaced, 40 unchanged, 1 deleted, 0 failed, 0 not sent"
    );
    let after = store_counts(&query);
    assert!(!after.contains_key("https://example.org/cv/011/"));
    assert_eq!(after, export_counts(&cvs));
    let state = std::fs::read_to_string(dir.path().join("vitae-publish-state.json")).unwrap();
    assert!(!state.contains("https://example.org/cv/011/") && state.contains(g7));

    // Six removed at once: past the guard (5, or 10% of 40), refused, nothing sent.
    for i in 20..26 {
        std::fs::remove_file(cvs.join(format!("synthetic-{i:03}.yaml"))).unwrap();
    }
    let out = run(&["--delete-missing"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("--max-delete 6"), "{}", text(&out));
    assert_eq!(store_counts(&query).len(), 40);
    let out = run(&["--delete-missing", "--max-delete", "6"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(store_counts(&query), export_counts(&cvs));
    assert_eq!(store_counts(&query).len(), 34);
}

/// A summaries archive of the synthetic records with these iDs (0 to 3 works), but the one at
/// `leave_out`; each record the same whatever the others.
fn summaries(path: &Path, ids: &[String], leave_out: Option<usize>) {
    let gz = flate2::write::GzEncoder::new(
        std::fs::File::create(path).expect("archive"),
        flate2::Compression::fast(),
    );
    let mut tar = tar::Builder::new(gz);
    for (i, id) in ids.iter().enumerate() {
        if Some(i) == leave_out {
            continue;
        }
        let mut rng = vitae_synthetic::Rng::new(11 + i as u64);
        let text = vitae_synthetic::orcid_records::record(id, (i % 4) as u64, &mut rng);
        vitae_synthetic::orcid_records::append(
            &mut tar,
            &vitae_synthetic::orcid_records::member_path(id),
            text.as_bytes(),
        );
    }
    tar.into_inner().unwrap().finish().unwrap();
}

#[test]
fn oxigraph_server_holds_each_orcid_record_of_an_archive_as_its_graph() {
    let test = "oxigraph_server_orcid_records";
    let Some((_server, store, query)) = oxigraph(test) else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let archive = dir.path().join("summaries.tar.gz");
    let ids: Vec<String> = (0..12)
        .map(|n| vitae_synthetic::orcid_records::orcid_id(7_000 + n))
        .collect();
    summaries(&archive, &ids, None);
    let input = archive.to_str().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![input, "--graph-store", store.as_str()];
        args.extend_from_slice(extra);
        publish(dir.path(), &[], &args)
    };
    // Each record is its graph, holding exactly what `vitae export --to nquads` gives it.
    let out = run(&[]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        summary(&out),
        "12 created, 0 replaced, 0 unchanged, 0 deleted, 0 failed, 0 not sent"
    );
    let expected = export_counts(&archive);
    assert_eq!(
        expected.keys().cloned().collect::<Vec<_>>(),
        ids.iter()
            .map(|id| format!("https://orcid.org/{id}"))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
    );
    assert_eq!(store_counts(&query), expected);
    // A record gone from the next archive: its graph is deleted with --delete-missing.
    summaries(&archive, &ids, Some(0));
    let out = run(&["--delete-missing"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        summary(&out),
        "0 created, 0 replaced, 11 unchanged, 1 deleted, 0 failed, 0 not sent"
    );
    let after = store_counts(&query);
    assert!(!after.contains_key(&format!("https://orcid.org/{}", ids[0])));
    assert_eq!(after, export_counts(&archive));
}

/// A Virtuoso server with its own database in a temporary directory, bound to 127.0.0.1.
fn virtuoso(test: &str) -> Option<(Server, u16)> {
    if Command::new("virtuoso-t").arg("--help").output().is_err() {
        skip_or_fail(
            test,
            "virtuoso-t (Debian virtuoso-opensource) is not installed",
        );
        return None;
    }
    let dir = tempfile::tempdir().expect("dir");
    let (sql, http) = (free_port(), free_port());
    let d = dir.path().display();
    let ini = format!(
        "[Database]\nDatabaseFile = {d}/virtuoso.db\nErrorLogFile = {d}/virtuoso.log\n\
         LockFile = {d}/virtuoso.lck\nTransactionFile = {d}/virtuoso.trx\n\
         xa_persistent_file = {d}/virtuoso.pxa\nTempStorage = TempDatabase\n\
         [TempDatabase]\nDatabaseFile = {d}/virtuoso-temp.db\nTransactionFile = {d}/virtuoso-temp.trx\n\
         [Parameters]\nServerPort = 127.0.0.1:{sql}\nDisableUnixSocket = 1\nNumberOfBuffers = 10000\n\
         MaxDirtyBuffers = 6000\nDirsAllowed = ., {d}\n\
         [HTTPServer]\nServerPort = 127.0.0.1:{http}\nServerRoot = {d}\nServerThreads = 4\n\
         [SPARQL]\nResultSetMaxRows = 100000\n"
    );
    std::fs::write(dir.path().join("virtuoso.ini"), ini).expect("ini");
    let child = Command::new("virtuoso-t")
        .arg("-f")
        .arg("-c")
        .arg(dir.path().join("virtuoso.ini"))
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start virtuoso");
    let mut server = Server { child, _dir: dir };
    let up = wait_for(
        &format!("http://127.0.0.1:{http}/sparql?query=ASK%7B%7D"),
        &mut server,
        Duration::from_secs(60),
    );
    assert!(up, "{test}: Virtuoso did not start");
    Some((server, http))
}

#[test]
fn virtuoso_takes_graphs_with_digest_auth_and_graph_uri() {
    let test = "virtuoso_digest_graph_uri";
    let Some((_server, port)) = virtuoso(test) else {
        return;
    };
    let (dir, cvs) = cv_dir(5);
    let input = cvs.to_str().unwrap();
    let store = format!("http://127.0.0.1:{port}/sparql-graph-crud-auth");
    let query = format!("http://127.0.0.1:{port}/sparql");
    let dba = [
        ("VITAE_GRAPH_STORE_USER", "dba"),
        ("VITAE_GRAPH_STORE_PASSWORD", "dba"),
    ];
    let args = [input, "--graph-store", &store, "--graph-param", "graph-uri"];
    let ours = |all: BTreeMap<String, usize>| -> BTreeMap<String, usize> {
        // Virtuoso keeps graphs of its own (its system graphs): only ours are compared.
        all.into_iter()
            .filter(|(g, _)| {
                g.starts_with("https://example.org/cv/") || g == "https://lapuschkin.com/"
            })
            .collect()
    };
    let out = publish(dir.path(), &dba, &args);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        summary(&out),
        "6 created, 0 replaced, 0 unchanged, 0 deleted, 0 failed, 0 not sent"
    );
    let expected = export_counts(&cvs);
    assert_eq!(ours(store_counts(&query)), expected);
    let mut forced = args.to_vec();
    forced.push("--force");
    let out = publish(dir.path(), &dba, &forced);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        summary(&out).starts_with("0 created, 6 replaced"),
        "{}",
        text(&out)
    );
    assert_eq!(ours(store_counts(&query)), expected);

    // A wrong password: refused, said plainly, never printed.
    let wrong = [
        ("VITAE_GRAPH_STORE_USER", "dba"),
        ("VITAE_GRAPH_STORE_PASSWORD", "not-the-pw-9c1"),
    ];
    let out = publish(dir.path(), &wrong, &forced);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("refused the credentials"),
        "{}",
        text(&out)
    );
    assert!(!text(&out).contains("not-the-pw-9c1"));
    // Without credentials Virtuoso's open endpoint refuses writes.
    let open = format!("http://127.0.0.1:{port}/sparql-graph-crud");
    let out = publish(
        dir.path(),
        &[],
        &[
            input,
            "--graph-store",
            &open,
            "--graph-param",
            "graph-uri",
            "--force",
            "--state",
            "other.json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("HTTP 40"), "{}", text(&out));
}
