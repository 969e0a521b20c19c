//! An output never replaces an input: `-o` naming one of the files read (also through a
//! symbolic or hard link, also inside `--to orcid-xml`'s directory, also among a bulk export's
//! files) is refused with exit 1 and nothing written; `vitae import` replaces an existing file
//! only with `--force`; `-o -` is standard output.

mod common;

use common::s;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `vitae ARGS` in `dir`.
fn vitae_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vitae"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run vitae")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A temporary directory holding a copy of the reference CV as `cv.yaml`.
fn with_cv() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let cv = dir.path().join("cv.yaml");
    std::fs::copy(common::reference_cv_path(), &cv).expect("copy the CV");
    (dir, cv)
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// `o` failed with exit 1, saying that the output is an input, and `cv` is unchanged.
fn assert_refused(o: &Output, cv: &Path) {
    assert_eq!(o.status.code(), Some(1), "{}", stderr(o));
    let err = stderr(o);
    assert!(err.contains("is the input"), "{err}");
    assert!(err.contains("nothing written"), "{err}");
    assert_eq!(
        std::fs::read(cv).expect("read the CV"),
        std::fs::read(common::reference_cv_path()).expect("read the reference CV"),
        "the CV was changed"
    );
}

#[test]
fn export_over_its_own_cv_is_refused() {
    let (dir, cv) = with_cv();
    let o = vitae_in(
        dir.path(),
        &["export", "cv.yaml", "-o", "cv.yaml", "--to", "jsonld"],
    );
    assert_refused(&o, &cv);
    // Spelt another way.
    let o = vitae_in(
        dir.path(),
        &["export", "cv.yaml", "-o", s(&cv), "--to", "turtle"],
    );
    assert_refused(&o, &cv);
    let o = vitae_in(
        dir.path(),
        &["export", s(&cv), "-o", "./sub/../cv.yaml", "--to", "turtle"],
    );
    // `sub` does not exist, so the path does not resolve: nothing is the input, and the
    // write fails on the missing directory without touching the CV.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
    let o = vitae_in(
        dir.path(),
        &["export", s(&cv), "-o", "./sub/../cv.yaml", "--to", "turtle"],
    );
    assert_refused(&o, &cv);
    assert_eq!(names(dir.path()), ["cv.yaml", "sub"]);
}

#[cfg(unix)]
#[test]
fn export_through_a_symbolic_or_hard_link_to_its_cv_is_refused() {
    let (dir, cv) = with_cv();
    std::os::unix::fs::symlink(&cv, dir.path().join("soft.ttl")).expect("symlink");
    std::fs::hard_link(&cv, dir.path().join("hard.ttl")).expect("hard link");
    for out in ["soft.ttl", "hard.ttl"] {
        let o = vitae_in(dir.path(), &["export", "cv.yaml", "-o", out]);
        assert_refused(&o, &cv);
    }
    // The CV read through a link, written to the CV itself.
    let o = vitae_in(
        dir.path(),
        &["export", "soft.ttl", "-o", "cv.yaml", "--to", "jsonld"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(names(dir.path()), ["cv.yaml", "hard.ttl", "soft.ttl"]);
}

#[test]
fn bulk_export_over_one_of_its_cvs_is_refused() {
    let (dir, cv) = with_cv();
    let other = dir.path().join("other.yaml");
    std::fs::copy(
        common::root().join("tests/fixtures/linked-full.yaml"),
        &other,
    )
    .expect("copy");
    let before = std::fs::read(&other).expect("read");
    // Named among the files.
    let o = vitae_in(
        dir.path(),
        &[
            "export",
            "other.yaml",
            "cv.yaml",
            "--to",
            "nquads",
            "-o",
            "cv.yaml",
        ],
    );
    assert_refused(&o, &cv);
    // Found in a directory.
    let o = vitae_in(
        dir.path(),
        &["export", ".", "--to", "jsonld-lines", "-o", "other.yaml"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("is the input"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&other).expect("read"), before);
    assert_eq!(names(dir.path()), ["cv.yaml", "other.yaml"]);
}

#[test]
fn orcid_xml_export_into_its_cv_is_refused() {
    let (dir, cv) = with_cv();
    let o = vitae_in(
        dir.path(),
        &["export", "cv.yaml", "--to", "orcid-xml", "-o", "cv.yaml"],
    );
    assert_refused(&o, &cv);
    assert_eq!(names(dir.path()), ["cv.yaml"]);
}

#[cfg(unix)]
#[test]
fn orcid_xml_export_over_a_link_to_its_cv_is_refused_and_writes_nothing() {
    for hard in [false, true] {
        let (dir, cv) = with_cv();
        let out = dir.path().join("orcid");
        std::fs::create_dir(&out).expect("mkdir");
        let record = out.join("record.xml");
        if hard {
            std::fs::hard_link(&cv, &record).expect("hard link");
        } else {
            std::os::unix::fs::symlink(&cv, &record).expect("symlink");
        }
        // --skip-invalid: the reference CV has items ORCID would refuse.
        let o = vitae_in(
            dir.path(),
            &[
                "export",
                "cv.yaml",
                "--to",
                "orcid-xml",
                "--skip-invalid",
                "-o",
                "orcid",
            ],
        );
        assert_refused(&o, &cv);
        assert_eq!(names(&out), ["record.xml"], "hard link: {hard}");
    }
}

/// `dir/record.xml`: an ORCID record exported from the ORCID fixture CV.
fn orcid_record(dir: &Path) -> PathBuf {
    let cv = common::root().join("tests/fixtures/orcid-cv.yaml");
    let out = dir.join("orcid");
    let o = vitae_in(dir, &["export", s(&cv), "--to", "orcid-xml", "-o", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let record = dir.join("record.xml");
    std::fs::rename(out.join("record.xml"), &record).expect("move record.xml");
    std::fs::remove_dir_all(out).expect("remove the rest");
    record
}

#[test]
fn import_over_an_existing_file_needs_force() {
    let (dir, cv) = with_cv();
    orcid_record(dir.path());
    let o = vitae_in(
        dir.path(),
        &["import", "orcid", "record.xml", "-o", "cv.yaml"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("cv.yaml exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&cv).expect("read"),
        std::fs::read(common::reference_cv_path()).expect("read"),
        "the CV was replaced"
    );
    // A new file needs no --force.
    let o = vitae_in(
        dir.path(),
        &["import", "orcid", "record.xml", "-o", "new.yaml"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // --force replaces it.
    let o = vitae_in(
        dir.path(),
        &["import", "orcid", "record.xml", "-o", "cv.yaml", "--force"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&cv).expect("read"),
        std::fs::read(dir.path().join("new.yaml")).expect("read")
    );
}

#[cfg(unix)]
#[test]
fn import_over_its_own_input_is_refused_even_with_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let record = orcid_record(dir.path());
    let before = std::fs::read(&record).expect("read");
    std::os::unix::fs::symlink(&record, dir.path().join("cv.yaml")).expect("symlink");
    let o = vitae_in(
        dir.path(),
        &["import", "orcid", "record.xml", "-o", "cv.yaml", "--force"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("is the input") && err.contains("nothing written"),
        "{err}"
    );
    assert_eq!(std::fs::read(&record).expect("read"), before);
}

#[test]
fn dash_is_standard_output() {
    let (dir, _cv) = with_cv();
    let single = vitae_in(dir.path(), &["export", "cv.yaml", "-o", "-"]);
    assert!(single.status.success(), "{}", stderr(&single));
    let plain = vitae_in(dir.path(), &["export", "cv.yaml"]);
    assert_eq!(single.stdout, plain.stdout);
    let turtle = vitae_in(
        dir.path(),
        &["export", "cv.yaml", "--to", "turtle", "-o", "-"],
    );
    assert!(turtle.status.success(), "{}", stderr(&turtle));
    assert!(String::from_utf8_lossy(&turtle.stdout).contains("@prefix"));
    let bulk = vitae_in(
        dir.path(),
        &["export", "cv.yaml", "cv.yaml", "--to", "nquads", "-o", "-"],
    );
    assert!(bulk.status.success(), "{}", stderr(&bulk));
    assert!(!bulk.stdout.is_empty());
    let orcid = vitae_in(
        dir.path(),
        &["export", "cv.yaml", "--to", "orcid-xml", "-o", "-"],
    );
    assert_eq!(orcid.status.code(), Some(2), "{}", stderr(&orcid));
    assert!(stderr(&orcid).contains("directory"), "{}", stderr(&orcid));
    let site = vitae_in(dir.path(), &["site", "cv.yaml", "-o", "-"]);
    assert_eq!(site.status.code(), Some(2), "{}", stderr(&site));
    assert!(stderr(&site).contains("directory"), "{}", stderr(&site));
    assert_eq!(names(dir.path()), ["cv.yaml"], "a file named - was written");
}
