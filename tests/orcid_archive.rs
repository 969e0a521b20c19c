//! `vitae export` of ORCID records: `.tar.gz` archives in the public data file's layout
//! (summaries and activities), single ORCID XML files, mixed with CVs (issue 19, point 1).
//! The archives are built here from synthetic records (`synthetic/src/orcid_records.rs`, the dev-dependency `vitae-synthetic`) and, with
//! ../shared, ORCID's sample record.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use common::{s, vitae};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Quad};
use vitae::bulk::BulkFormat;
use vitae::export::stream::{Source, Stream};
use vitae_synthetic::Rng;
use vitae_synthetic::orcid_records::{append, member_path, orcid_id, record, summaries_tar_gz};

fn gunzip(path: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(path).expect("open"))
        .read_to_end(&mut out)
        .expect("gzip");
    out
}

/// Parses N-Quads with oxigraph: every line must parse.
fn quads(nq: &[u8]) -> Vec<Quad> {
    RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(nq)
        .collect::<Result<Vec<_>, _>>()
        .expect("N-Quads that oxigraph reads")
}

/// The named graphs and how many quads each holds.
fn graphs(quads: &[Quad]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for q in quads {
        let GraphName::NamedNode(g) = &q.graph_name else {
            panic!("a quad outside any named graph: {q}");
        };
        *out.entry(g.as_str().to_owned()).or_default() += 1;
    }
    out
}

/// ORCID's sample record (../shared) under three iDs of its own, when present.
fn sample_records() -> Vec<(String, String)> {
    let Some(shared) = common::shared("orcid_archive sample records") else {
        return Vec::new();
    };
    let text = std::fs::read_to_string(shared.join("fixtures/orcid/read_samples/record-3.0.xml"))
        .expect("the sample record");
    (0..3)
        .map(|k| {
            let id = orcid_id(900_000 + k);
            (id.clone(), text.replace("8888-8888-8888-8880", &id))
        })
        .collect()
}

fn tar_gz(dir: &Path, name: &str, n: usize, seed: u64, extra: &[(String, String)]) -> PathBuf {
    let path = dir.join(name);
    let file = std::fs::File::create(&path).expect("create");
    // The tail of large records cut at 12 works: a debug build converts them slowly.
    summaries_tar_gz(file, n, seed, 12, extra);
    path
}

#[test]
fn a_summaries_archive_becomes_one_named_graph_per_record() {
    let dir = tempfile::tempdir().expect("dir");
    let samples = sample_records();
    let n = 3000;
    let archive = tar_gz(dir.path(), "ORCID_summaries.tar.gz", n, 7, &samples);
    let out = dir.path().join("out.nq.gz");
    let run = vitae(&["export", s(&archive), "--to", "nquads", "-o", s(&out)]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let total = n + samples.len();
    assert!(
        stderr.contains(&format!("exported {total} of {total}")),
        "{stderr}"
    );
    // `-o *.gz` is gzip; the N-Quads inside parse with oxigraph.
    let quads = quads(&gunzip(&out));
    let graphs = graphs(&quads);
    assert_eq!(graphs.len(), total);
    // Each graph is named by its record's IRI, in archive order.
    let mut expected: Vec<String> = samples
        .iter()
        .map(|(id, _)| format!("https://orcid.org/{id}"))
        .collect();
    expected.extend((0..n).map(|i| {
        format!(
            "https://orcid.org/{}",
            orcid_id(7u64.wrapping_mul(1_000_003).wrapping_add(i as u64) % 1_000_000_000)
        )
    }));
    assert_eq!(
        graphs.keys().cloned().collect::<BTreeSet<_>>(),
        expected.iter().cloned().collect::<BTreeSet<_>>()
    );
    let mut order: Vec<&str> = Vec::new();
    for q in &quads {
        let GraphName::NamedNode(g) = &q.graph_name else {
            unreachable!()
        };
        if order.last() != Some(&g.as_str()) {
            order.push(g.as_str());
        }
    }
    assert_eq!(
        order, expected,
        "one run of quads per record, in archive order"
    );
    // Every record's person is there, under the record's iD.
    let same_as: BTreeSet<(String, String)> = quads
        .iter()
        .filter(|q| q.predicate.as_str() == "http://schema.org/sameAs")
        .map(|q| (q.subject.to_string(), q.object.to_string()))
        .collect();
    for id in &expected {
        assert!(
            same_as.contains(&(format!("<{id}#me>"), format!("<{id}>"))),
            "{id}#me sameAs {id}"
        );
    }
}

#[test]
fn every_synthetic_work_is_in_its_record_graph() {
    let dir = tempfile::tempdir().expect("dir");
    let mut rng = Rng::new(3);
    let mut tar = tar::Builder::new(Vec::new());
    let works = [0u64, 1, 7, 40];
    for (k, w) in works.iter().enumerate() {
        let id = orcid_id(k as u64 + 1);
        append(
            &mut tar,
            &member_path(&id),
            record(&id, *w, &mut rng).as_bytes(),
        );
    }
    let path = dir.path().join("summaries.tar");
    std::fs::write(&path, tar.into_inner().expect("tar")).expect("write");
    let run = vitae(&["export", s(&path), "--to", "nquads"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let quads = quads(&run.stdout);
    for (k, w) in works.iter().enumerate() {
        let graph = format!("https://orcid.org/{}", orcid_id(k as u64 + 1));
        let articles = quads
            .iter()
            .filter(|q| {
                q.graph_name.to_string() == format!("<{graph}>")
                    && q.predicate.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
                    && q.object.to_string() == "<http://schema.org/ScholarlyArticle>"
            })
            .count();
        assert_eq!(articles as u64, *w, "{graph}");
    }
}

#[test]
fn ntriples_and_jsonld_lines_as_for_bulk_cvs() {
    let dir = tempfile::tempdir().expect("dir");
    let archive = tar_gz(dir.path(), "a.tar.gz", 200, 11, &[]);
    let nt = vitae(&["export", s(&archive), "--to", "ntriples"]);
    assert!(nt.status.success());
    let triples = RdfParser::from_format(RdfFormat::NTriples)
        .for_slice(&nt.stdout)
        .collect::<Result<Vec<_>, _>>()
        .expect("N-Triples that oxigraph reads");
    assert!(triples.iter().all(|q| q.graph_name.is_default_graph()));
    let out = dir.path().join("records.jsonl");
    let lines = vitae(&["export", s(&archive), "-o", s(&out)]);
    assert!(
        lines.status.success(),
        "{}",
        String::from_utf8_lossy(&lines.stderr)
    );
    let text = std::fs::read_to_string(&out).expect("read");
    assert_eq!(text.lines().count(), 200);
    for line in text.lines() {
        let _: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        assert!(
            line.contains("\"https://orcid.org/0000-"),
            "each line names its record: {line}"
        );
    }
}

#[test]
fn memory_stays_flat_the_records_in_flight_are_bounded_whatever_the_size() {
    let dir = tempfile::tempdir().expect("dir");
    let window = 12;
    let mut peaks = Vec::new();
    for (n, seed) in [(300, 1), (3000, 2)] {
        let archive = tar_gz(dir.path(), &format!("a{n}.tar.gz"), n, seed, &[]);
        let summary = Stream::new(BulkFormat::NQuads)
            .with_threads(NonZeroUsize::new(2).expect("2"))
            .with_in_flight(NonZeroUsize::new(window).expect("window"))
            .to_writer(&[Source::Archive(archive)], std::io::sink())
            .expect("export");
        assert_eq!((summary.total, summary.exported), (n, n));
        assert!(summary.peak_in_flight >= 1);
        assert!(
            summary.peak_in_flight <= window,
            "{} records in flight for {n}, more than {window}",
            summary.peak_in_flight
        );
        peaks.push(summary.peak_in_flight);
    }
    // Ten times the records, not more in flight.
    assert!(peaks[1] <= window && peaks[0] <= window, "{peaks:?}");
}

#[test]
fn memory_stays_flat_the_bytes_in_flight_are_bounded_too() {
    let dir = tempfile::tempdir().expect("dir");
    let archive = tar_gz(dir.path(), "a.tar.gz", 600, 3, &[]);
    let (mut largest, mut smallest) = (0, u64::MAX);
    let file = std::fs::File::open(&archive).expect("open");
    vitae::orcid::archive::read_records(
        vitae::orcid::archive::decompressed(file).expect("gzip"),
        |r| {
            largest = largest.max(r.bytes);
            smallest = smallest.min(r.bytes);
            true
        },
    )
    .expect("archive");
    let budget = 64 * 1024;
    assert!(largest < budget as u64, "the records are small: {largest}");
    let summary = Stream::new(BulkFormat::NQuads)
        .with_threads(NonZeroUsize::new(2).expect("2"))
        .with_in_flight(NonZeroUsize::new(10_000).expect("window"))
        .with_in_flight_bytes(NonZeroUsize::new(budget).expect("budget"))
        .to_writer(&[Source::Archive(archive.clone())], std::io::sink())
        .expect("export");
    assert_eq!(summary.exported, 600);
    assert!(summary.peak_in_flight_bytes >= largest);
    assert!(
        summary.peak_in_flight_bytes <= budget as u64,
        "{} bytes in flight, more than {budget}",
        summary.peak_in_flight_bytes
    );
    // The bytes held the records back, not the window.
    assert!(summary.peak_in_flight as u64 <= budget as u64 / smallest);
    // A budget smaller than a record: one record at a time, each still converted.
    let summary = Stream::new(BulkFormat::NQuads)
        .with_in_flight_bytes(NonZeroUsize::new(1).expect("1"))
        .to_writer(&[Source::Archive(archive)], std::io::sink())
        .expect("export");
    assert_eq!((summary.exported, summary.peak_in_flight), (600, 1));
    assert_eq!(summary.peak_in_flight_bytes, largest);
}

#[test]
fn a_corrupt_member_is_reported_by_id_and_skipped() {
    let dir = tempfile::tempdir().expect("dir");
    let mut rng = Rng::new(5);
    let mut tar = tar::Builder::new(Vec::new());
    let ids: Vec<String> = (1..=5).map(orcid_id).collect();
    for (k, id) in ids.iter().enumerate() {
        let mut text = record(id, 2, &mut rng);
        if k == 1 {
            text = text.replace("</work:title>", "</work:titel>");
        }
        let mut bytes = text.into_bytes();
        if k == 3 {
            bytes.extend_from_slice(b"<!-- \xff\xfe -->");
        }
        append(&mut tar, &member_path(id), &bytes);
    }
    let archive = dir.path().join("a.tar");
    std::fs::write(&archive, tar.into_inner().expect("tar")).expect("write");
    let run = vitae(&["export", s(&archive), "--to", "nquads"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("exported 3 of 5"), "{stderr}");
    assert!(stderr.contains(&format!("a.tar: {}", ids[1])), "{stderr}");
    assert!(stderr.contains("malformed XML"), "{stderr}");
    assert!(stderr.contains("line "), "{stderr}");
    assert!(stderr.contains(&format!("a.tar: {}", ids[3])), "{stderr}");
    assert!(stderr.contains("not UTF-8"), "{stderr}");
    let graphs = graphs(&quads(&run.stdout));
    assert_eq!(graphs.len(), 3);
    assert!(!graphs.contains_key(&format!("https://orcid.org/{}", ids[1])));
    // --keep-going: the same report, exit 0.
    let kept = vitae(&["export", s(&archive), "--to", "nquads", "--keep-going"]);
    assert!(kept.status.success());
    assert!(String::from_utf8_lossy(&kept.stderr).contains("skipped 2"));
    assert_eq!(kept.stdout, run.stdout);
}

#[test]
fn a_truncated_archive_keeps_the_records_before_and_says_where_it_stopped() {
    let dir = tempfile::tempdir().expect("dir");
    let whole = tar_gz(dir.path(), "whole.tar.gz", 400, 9, &[]);
    let bytes = std::fs::read(&whole).expect("read");
    let cut = dir.path().join("cut.tar.gz");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("write");
    let out = dir.path().join("out.nq");
    let run = vitae(&[
        "export",
        s(&cut),
        "--to",
        "nquads",
        "-o",
        s(&out),
        "--keep-going",
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(
        run.status.code(),
        Some(1),
        "a damaged archive fails: {stderr}"
    );
    assert!(
        stderr.contains("cut.tar.gz: the archive is cut short or damaged after"),
        "{stderr}"
    );
    assert!(stderr.contains("the last whole one: 0000-"), "{stderr}");
    let got = graphs(&quads(&std::fs::read(&out).expect("out")));
    assert!(!got.is_empty() && got.len() < 400, "{}", got.len());
    let said = format!("after {} records", got.len());
    assert!(stderr.contains(&said), "{said} in {stderr}");
    // --fail-fast: nothing written.
    let strict = dir.path().join("strict.nq");
    let run = vitae(&[
        "export",
        s(&cut),
        "--to",
        "nquads",
        "-o",
        s(&strict),
        "--fail-fast",
    ]);
    assert_eq!(run.status.code(), Some(1));
    assert!(!strict.exists());
    // Not an archive at all.
    let junk = dir.path().join("junk.tar.gz");
    std::fs::write(&junk, [0x1f, 0x8b, 8, 0, 1, 2, 3]).expect("write");
    let run = vitae(&["export", s(&junk), "--to", "nquads"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("cannot read the archive after 0 records")
    );
}

#[test]
fn an_activities_archive_groups_a_records_folder_into_one_graph() {
    let dir = tempfile::tempdir().expect("dir");
    let work = |title: &str, put: u32| {
        format!(
            r#"<work:work xmlns:work="http://www.orcid.org/ns/work" xmlns:common="http://www.orcid.org/ns/common" put-code="{put}" visibility="public">
  <work:title><common:title>{title}</common:title></work:title>
  <work:type>journal-article</work:type>
  <common:external-ids><common:external-id><common:external-id-type>doi</common:external-id-type><common:external-id-value>10.1000/{put}</common:external-id-value><common:external-id-relationship>self</common:external-id-relationship></common:external-id></common:external-ids>
</work:work>"#
        )
    };
    // A peer review and a research resource as the activities tarball holds them: read into
    // the record's graph with its works.
    let review = r#"<peer-review:peer-review xmlns:peer-review="http://www.orcid.org/ns/peer-review" xmlns:common="http://www.orcid.org/ns/common" put-code="9" visibility="public">
  <peer-review:reviewer-role>reviewer</peer-review:reviewer-role>
  <peer-review:review-identifiers><common:external-id><common:external-id-type>source-work-id</common:external-id-type><common:external-id-value>r-9</common:external-id-value><common:external-id-relationship>self</common:external-id-relationship></common:external-id></peer-review:review-identifiers>
  <peer-review:review-type>review</peer-review:review-type>
  <peer-review:review-completion-date><common:year>2021</common:year></peer-review:review-completion-date>
  <peer-review:review-group-id>issn:0028-0836</peer-review:review-group-id>
  <peer-review:convening-organization><common:name>Nature</common:name><common:address><common:city>London</common:city><common:country>GB</common:country></common:address></peer-review:convening-organization>
</peer-review:peer-review>"#;
    let (a, b) = (orcid_id(41), orcid_id(42));
    let mut tar = tar::Builder::new(Vec::new());
    for (id, titles) in [
        (&a, ["A one", "A two", "A three"]),
        (&b, ["B one", "B two", "B three"]),
    ] {
        for (k, t) in titles.iter().enumerate() {
            let path = format!(
                "ORCID_activities_1/{}/{id}/works/{id}_works_{k}.xml",
                &id[16..]
            );
            append(&mut tar, &path, work(t, k as u32 + 1).as_bytes());
        }
        let path = format!(
            "ORCID_activities_1/{}/{id}/peer-reviews/{id}_peer-reviews_9.xml",
            &id[16..]
        );
        append(&mut tar, &path, review.as_bytes());
    }
    let archive = dir.path().join("activities.tar");
    std::fs::write(&archive, tar.into_inner().expect("tar")).expect("write");
    let run = vitae(&["export", s(&archive), "--to", "nquads"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("exported 2 of 2"), "{stderr}");
    assert!(!stderr.contains("left out"), "{stderr}");
    let quads = quads(&run.stdout);
    for id in [&a, &b] {
        let reviews = quads
            .iter()
            .filter(|q| q.graph_name.to_string() == format!("<https://orcid.org/{id}>"))
            .filter(|q| {
                q.predicate.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
                    && q.object.to_string() == "<http://schema.org/Review>"
            })
            .count();
        assert_eq!(reviews, 1, "{id}: the peer review is in the record's graph");
    }
    for (id, prefix) in [(&a, "A "), (&b, "B ")] {
        let titles: BTreeSet<String> = quads
            .iter()
            .filter(|q| q.graph_name.to_string() == format!("<https://orcid.org/{id}>"))
            .filter(|q| q.predicate.as_str() == "http://schema.org/name")
            .map(|q| q.object.to_string())
            .filter(|o| o.starts_with(&format!("\"{prefix}")))
            .collect();
        assert_eq!(titles.len(), 3, "{id}: {titles:?}");
        // An activities record names no person: the person has no name in the graph, not
        // the import's placeholder "Unknown" (which `vitae import` leaves for a user to edit).
        let me = format!("<https://orcid.org/{id}#me>");
        let named: Vec<String> = quads
            .iter()
            .filter(|q| q.subject.to_string() == me)
            .filter(|q| {
                ["name", "givenName", "familyName"]
                    .iter()
                    .any(|p| q.predicate.as_str() == format!("http://schema.org/{p}"))
            })
            .map(|q| q.to_string())
            .collect();
        assert!(named.is_empty(), "{id}: {named:?}");
    }
    assert!(
        !quads
            .iter()
            .any(|q| q.object.to_string().contains("Unknown")),
        "a placeholder name reached the graph"
    );
}

#[test]
fn orcid_files_cvs_and_archives_mix_in_input_order() {
    let dir = tempfile::tempdir().expect("dir");
    let cv = dir.path().join("ada.yaml");
    std::fs::write(&cv, "person: {given-names: Ada, family-name: Lovelace}\n").expect("cv");
    let id = orcid_id(77);
    let xml = dir.path().join(format!("{id}.xml"));
    std::fs::write(&xml, record(&id, 3, &mut Rng::new(1))).expect("xml");
    let archive = tar_gz(dir.path(), "a.tar.gz", 20, 4, &[]);
    let run = vitae(&["export", s(&xml), s(&cv), s(&archive), "--to", "nquads"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let quads = quads(&run.stdout);
    let mut order: Vec<String> = Vec::new();
    for q in &quads {
        let g = q.graph_name.to_string();
        if order.last() != Some(&g) {
            order.push(g);
        }
    }
    assert_eq!(order.len(), 22);
    assert_eq!(order[0], format!("<https://orcid.org/{id}>"));
    assert_eq!(order[1], "<urn:vitae:ada-lovelace>");
    // Blank nodes stay apart per record.
    let blanks: BTreeSet<&str> = quads
        .iter()
        .filter_map(|q| match &q.subject {
            oxigraph::model::NamedOrBlankNode::BlankNode(b) => Some(b.as_str()),
            _ => None,
        })
        .collect();
    assert!(blanks.iter().all(|b| b.starts_with("cv")));
}

#[test]
fn bulk_cvs_compress_by_extension_too() {
    let dir = tempfile::tempdir().expect("dir");
    for i in 0..5 {
        std::fs::write(
            dir.path().join(format!("cv{i}.yaml")),
            format!("person: {{given-names: A{i}, family-name: B}}\n"),
        )
        .expect("cv");
    }
    let plain = vitae(&["export", s(dir.path()), "--to", "nquads"]);
    assert!(plain.status.success());
    let out = dir.path().join("all.nq.gz");
    let gz = vitae(&["export", s(dir.path()), "-o", s(&out)]);
    assert!(
        gz.status.success(),
        "{}",
        String::from_utf8_lossy(&gz.stderr)
    );
    assert_eq!(gunzip(&out), plain.stdout);
}
