//! Bulk export: `vitae export DIR_OR_FILES... --to nquads|ntriples|jsonld-lines -o OUT`.

mod common;

use common::{s, vitae};

use std::path::{Path, PathBuf};
use std::process::Output;

use vitae::export::{ExportFormat, JsonLd, Options, RdfFormat};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A directory of CVs: three good ones (in a subdirectory too), two bad ones, and files that
/// are not CVs. Returns the directory and the good and bad CV files in sorted order.
fn corpus() -> (tempfile::TempDir, Vec<PathBuf>, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = common::root();
    let d = dir.path();
    std::fs::create_dir_all(d.join("b-more")).expect("mkdir");
    std::fs::create_dir_all(d.join(".hidden")).expect("mkdir");
    let copy = |from: &str, to: &str| {
        std::fs::copy(root.join(from), d.join(to)).expect("copy");
        d.join(to)
    };
    let full = copy("tests/fixtures/linked-full.yaml", "a-full.yaml");
    let reference = copy("examples/lapuschkin.yaml", "b-more/lapuschkin.yaml");
    let minimal = copy("tests/fixtures/linked-minimal.yaml", "c-minimal.yml");
    copy("tests/fixtures/linked-full.yaml", ".hidden/ignored.yaml");
    std::fs::write(d.join("notes.txt"), "not a CV").expect("write");
    // Bad: a missing required field, and a YAML syntax error.
    std::fs::write(d.join("a-bad.yaml"), "person: {given-names: Charles}\n").expect("write");
    std::fs::write(d.join("b-more/broken.json"), "{\"person\": [1,\n").expect("write");
    let bad = vec![d.join("a-bad.yaml"), d.join("b-more/broken.json")];
    (dir, vec![full, reference, minimal], bad)
}

fn load(p: &Path) -> vitae::Cv {
    vitae::from_path(p).expect("a good CV").cv
}

/// The single-file N-Quads of a CV with its blank nodes labelled as the bulk export labels
/// the `n`-th CV's (1-based).
fn single_nquads(p: &Path, n: usize) -> String {
    vitae::export::to_string(
        &load(p),
        ExportFormat::Rdf(RdfFormat::NQuads),
        &Options::new(),
    )
    .expect("export")
    .replace("_:", &format!("_:cv{n}-"))
}

#[test]
fn mixed_good_and_bad_cvs_export_the_good_ones_and_list_the_bad_ones() {
    let (dir, good, bad) = corpus();
    let out = dir.path().join("out/all.nq");
    std::fs::create_dir_all(out.parent().expect("parent")).expect("mkdir");
    let o = vitae(&["export", s(dir.path()), "-o", s(&out)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(o.stdout.is_empty());
    // Complete for the good ones, in sorted path order: a-bad (1), a-full (2),
    // b-more/broken (3), b-more/lapuschkin (4), c-minimal (5).
    let expected = [
        single_nquads(&good[0], 2),
        single_nquads(&good[1], 4),
        single_nquads(&good[2], 5),
    ]
    .concat();
    assert_eq!(common::read(&out), expected);
    // A clear list of the bad ones, with their problems and where they are.
    assert!(err.contains("exported 3 of 5 CVs"), "{err}");
    assert!(err.contains("skipped 2 CVs:"), "{err}");
    let listed: Vec<&str> = err.lines().filter_map(|l| l.strip_prefix("- ")).collect();
    assert_eq!(listed, [s(&bad[0]), s(&bad[1])], "{err}");
    assert!(
        err.contains("person: missing required field `family-name`"),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}:2:", s(&bad[1]))),
        "the syntax error has its line: {err}"
    );
    assert!(!err.contains("ignored.yaml") && !err.contains("notes.txt"));
    // Only the output is left in its directory: no temporary file.
    let left: Vec<_> = std::fs::read_dir(out.parent().expect("parent"))
        .expect("dir")
        .collect();
    assert_eq!(left.len(), 1);
}

#[test]
fn output_order_is_the_input_order_on_any_number_of_threads() {
    let (dir, good, _) = corpus();
    let run = |jobs: &str, to: &str| {
        let out = dir.path().join(format!("out-{jobs}.{to}"));
        let o = vitae(&[
            "export",
            s(&good[2]),
            s(&good[0]),
            s(&good[1]),
            "--to",
            to,
            "-j",
            jobs,
            "-o",
            s(&out),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        common::read(&out)
    };
    for to in ["nquads", "ntriples", "jsonld-lines"] {
        let one = run("1", to);
        assert_eq!(run("4", to), one, "{to}");
        assert_eq!(run("2", to), one, "{to}");
    }
    // Files named on the command line keep their order.
    let nq = run("3", "nquads");
    let expected = [
        single_nquads(&good[2], 1),
        single_nquads(&good[0], 2),
        single_nquads(&good[1], 3),
    ]
    .concat();
    assert_eq!(nq, expected);
    // N-Triples: the same triples without the graph.
    let nt = run("3", "ntriples");
    assert_eq!(nt.lines().count(), nq.lines().count());
    assert!(nt.lines().all(|l| l.ends_with(" .")));
}

#[test]
fn jsonld_lines_hold_one_document_per_cv() {
    let (dir, good, _) = corpus();
    let out = dir.path().join("all.jsonl");
    // The format follows the extension.
    let o = vitae(&["export", s(&good[0]), s(&good[1]), "-o", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = common::read(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    for (line, file) in lines.iter().zip(&good) {
        let doc: serde_json::Value = serde_json::from_str(line).expect("a JSON document");
        assert_eq!(doc, JsonLd::new().to_value(&load(file)).expect("JSON-LD"));
    }
    // One file with --to jsonld-lines is one line, on standard output.
    let o = vitae(&["export", s(&good[2]), "--to", "jsonld-lines"]);
    assert!(o.status.success());
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 1);
    // On a pipe: no progress bar, only the summary.
    let err = stderr(&o);
    assert!(!err.contains('\r') && !err.contains(" CVs, "), "{err}");
    assert!(err.starts_with("exported 1 of 1 CV "), "{err}");
}

#[test]
fn fail_fast_writes_nothing_and_names_the_first_bad_cv() {
    let (dir, _, bad) = corpus();
    let out = dir.path().join("all.nq");
    std::fs::write(&out, "old\n").expect("write");
    let o = vitae(&[
        "export",
        s(dir.path()),
        "--to",
        "nquads",
        "--fail-fast",
        "-o",
        s(&out),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("--fail-fast") && err.contains("nothing written"),
        "{err}"
    );
    assert!(
        err.contains(s(&bad[0])) && !err.contains(s(&bad[1])),
        "{err}"
    );
    // The old file is untouched; no temporary file is left.
    assert_eq!(common::read(&out), "old\n");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with(".tmp")), "{names:?}");
    // Without bad CVs --fail-fast exports everything, exit 0.
    let good_only = dir.path().join("c-minimal.yml");
    let o = vitae(&[
        "export",
        s(&good_only),
        s(&good_only),
        "--to",
        "nquads",
        "--fail-fast",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn refuses_what_many_cvs_cannot_be() {
    let (dir, _, _) = corpus();
    let d = s(dir.path());
    // A format of one CV, or none.
    let o = vitae(&["export", d, "--to", "turtle"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("nquads, ntriples or jsonld-lines"),
        "{}",
        stderr(&o)
    );
    let o = vitae(&["export", d]);
    assert_eq!(o.status.code(), Some(2));
    // One base IRI for all CVs.
    let o = vitae(&[
        "export",
        d,
        "--to",
        "nquads",
        "--base",
        "https://example.org/",
    ]);
    assert_eq!(o.status.code(), Some(2));
    // A path that does not exist.
    let missing = dir.path().join("missing");
    let o = vitae(&["export", d, s(&missing), "--to", "nquads"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no such file or directory"),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty());
}

/// A small CV file of its own, `family` its family name.
fn small_cv(dir: &Path, name: &str, family: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(
        &p,
        format!(
            "person: {{given-names: A, family-name: {family}}}\nworks:\n  - {{type: journal-article, \
             title: T, authors: [{family} A, Other B], date: 2020}}\n"
        ),
    )
    .expect("write");
    p
}

/// The library's stream export of CV files: input order whatever the threads and the window,
/// blank nodes labelled per CV.
#[test]
fn stream_order_is_the_input_order_whatever_the_threads_and_window() {
    use std::num::NonZeroUsize;
    use vitae::bulk::BulkFormat;
    use vitae::export::stream::{Source, Stream};
    let dir = tempfile::tempdir().expect("dir");
    let sources: Vec<Source> = (0..40)
        .map(|i| {
            Source::Cv(small_cv(
                dir.path(),
                &format!("cv{i:02}.yaml"),
                &format!("Name{i}"),
            ))
        })
        .collect();
    let run = |threads: usize, window: usize| {
        let mut out = Vec::new();
        let s = Stream::new(BulkFormat::NQuads)
            .with_threads(NonZeroUsize::new(threads).expect("nonzero"))
            .with_in_flight(NonZeroUsize::new(window).expect("nonzero"))
            .to_writer(&sources, &mut out)
            .expect("export");
        assert_eq!((s.total, s.exported), (40, 40));
        assert!(
            s.peak_in_flight <= window,
            "{} > {window}",
            s.peak_in_flight
        );
        out
    };
    let one = run(1, 1);
    assert_eq!(run(4, 2), one);
    assert_eq!(run(3, 100), one);
    let text = String::from_utf8(one).expect("UTF-8");
    let firsts: Vec<usize> = (0..40)
        .map(|i| text.find(&format!("name{i}>")).expect("each CV"))
        .collect();
    assert!(firsts.windows(2).all(|w| w[0] < w[1]));
    assert!(text.contains("_:cv1-") && text.contains("_:cv40-"));
}

/// `with_fail_fast`: the stream stops at the first bad CV in input order, with the CVs before it.
#[test]
fn stream_fail_fast_stops_at_the_first_bad_cv_in_input_order() {
    use vitae::bulk::BulkFormat;
    use vitae::export::stream::{Source, Stream};
    let dir = tempfile::tempdir().expect("dir");
    let mut files: Vec<PathBuf> = (0..10)
        .map(|i| small_cv(dir.path(), &format!("cv{i}.yaml"), &format!("N{i}")))
        .collect();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "person: {}\n").expect("write");
    files.insert(5, bad.clone());
    files.push(bad.clone());
    let sources: Vec<Source> = files.into_iter().map(Source::Cv).collect();
    let mut out = Vec::new();
    let s = Stream::new(BulkFormat::JsonLdLines)
        .with_fail_fast(true)
        .to_writer(&sources, &mut out)
        .expect("export");
    assert!(s.stopped);
    assert_eq!(s.exported, 5);
    assert_eq!(s.skipped.len(), 1);
    assert_eq!(s.skipped[0].source, bad);
    assert_eq!(String::from_utf8(out).expect("UTF-8").lines().count(), 5);
}
