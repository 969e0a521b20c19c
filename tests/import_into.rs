//! `vitae import FORMAT INPUT... --into cv.yaml`: only what the CV lacks is added, as text at
//! the end of its sections; every byte already in the file stays.

mod common;

use std::path::{Path, PathBuf};

/// Five works of the reference CV (other casing, DOIs it does not have) and three it lacks.
const BIB: &str = r#"
@article{unmasking,
  title = {UNMASKING CLEVER HANS PREDICTORS AND ASSESSING WHAT MACHINES REALLY LEARN},
  author = {Lapuschkin, Sebastian and W{\"a}ldchen, Stephan and Binder, Alexander and Montavon, Gr{\'e}goire and Samek, Wojciech and M{\"u}ller, Klaus-Robert},
  journal = {nature communications},
  volume = {10},
  number = {1},
  year = {2019},
  doi = {10.1038/s41467-019-08987-4}
}
@article{taylor,
  title = {explaining nonlinear classification decisions with deep taylor decomposition},
  author = {Montavon, Gr{\'e}goire and Lapuschkin, Sebastian and Binder, Alexander and Samek, Wojciech and M{\"u}ller, Klaus-Robert},
  journal = {Pattern Recognition},
  volume = {65},
  pages = {211--222},
  year = {2017},
  doi = {10.1016/j.patcog.2016.11.008}
}
@article{pixelwise,
  title = {On pixel-wise explanations for non-linear classifier decisions by layer-wise relevance propagation},
  author = {Bach, Sebastian and Binder, Alexander and Montavon, Gr{\'e}goire and Klauschen, Frederick and M{\"u}ller, Klaus-Robert and Samek, Wojciech},
  journal = {PLOS ONE},
  volume = {10},
  number = {7},
  year = {2015},
  doi = {10.1371/journal.pone.0130140}
}
@article{review,
  title = {Explaining deep neural networks and beyond: a review of methods and applications},
  author = {Samek, Wojciech and Montavon, Gr{\'e}goire and Lapuschkin, Sebastian and Anders, Christopher J. and M{\"u}ller, Klaus-Robert},
  journal = {Proceedings of the IEEE},
  volume = {109},
  number = {3},
  pages = {247--278},
  year = {2021},
  doi = {10.1109/JPROC.2021.3060483}
}
@article{pruning,
  title = {Pruning by explaining: a novel criterion for deep neural network pruning},
  author = {Yeom, Seul-Ki and Seegerer, Philipp and Lapuschkin, Sebastian and Binder, Alexander and Wiedemann, Simon and M{\"u}ller, Klaus-Robert and Samek, Wojciech},
  journal = {Pattern Recognition},
  volume = {115},
  year = {2021},
  doi = {10.1016/j.patcog.2021.107899}
}
@article{new-journal,
  title = {A Relevance Map of Everything},
  author = {Lapuschkin, Sebastian and Samek, Wojciech},
  journal = {Journal of Imaginary Results},
  volume = {1},
  pages = {1--10},
  year = {2023},
  doi = {10.5555/relevance.2023}
}
@inproceedings{new-conference,
  title = {Explanations for the Rest of Us},
  author = {Lapuschkin, Sebastian},
  booktitle = {Proceedings of the Workshop on Plain Words},
  year = {2023}
}
@misc{new-preprint,
  title = {Concept Relevance, Revisited},
  author = {Lapuschkin, Sebastian and M{\"u}ller, Klaus-Robert},
  year = {2024},
  eprint = {2401.01234},
  archivePrefix = {arXiv}
}
"#;

fn setup() -> (tempfile::TempDir, PathBuf, PathBuf, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let original = std::fs::read_to_string(common::root().join("examples/lapuschkin.yaml"))
        .expect("the reference CV");
    let cv = dir.path().join("cv.yaml");
    std::fs::write(&cv, &original).expect("write");
    let bib = dir.path().join("papers.bib");
    std::fs::write(&bib, BIB).expect("write");
    (dir, cv, bib, original)
}

fn run(args: &[&str]) -> (i32, String, String) {
    let o = common::vitae(args);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn works(cv: &Path) -> Vec<vitae::model::Work> {
    vitae::from_path(cv).expect("the CV loads").cv.works
}

#[test]
fn into_adds_what_the_cv_lacks_and_keeps_every_byte() {
    let (_dir, cv, bib, original) = setup();
    let before = works(&cv);
    let (code, out, err) = run(&[
        "import",
        "bibtex",
        common::s(&bib),
        "--into",
        common::s(&cv),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("3 added, 5 already present, 0 conflicting"),
        "{out}{err}"
    );
    assert_eq!(out.matches("present: works[").count(), 5, "{out}");
    assert!(
        out.contains("the import also has doi 10.1038/s41467-019-08987-4"),
        "{out}"
    );
    let merged = std::fs::read_to_string(&cv).expect("read");
    // The works section ends the file: the new items follow the original text, which is
    // there byte for byte.
    assert!(merged.starts_with(&original), "the original text changed");
    let new_text = &merged[original.len()..];
    let items = new_text.lines().filter(|l| l.starts_with("  - ")).count();
    assert_eq!(items, 3, "{new_text}");
    // It loads and validates, the old works unchanged, the three new ones after them.
    let after = works(&cv);
    assert_eq!(after.len(), before.len() + 3);
    assert_eq!(after[..before.len()], before[..]);
    let titles: Vec<&str> = after[before.len()..]
        .iter()
        .map(|w| w.title.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "A Relevance Map of Everything",
            "Explanations for the Rest of Us",
            "Concept Relevance, Revisited"
        ]
    );
    assert_eq!(
        after[before.len()].doi.as_ref().map(|d| d.as_str()),
        Some("10.5555/relevance.2023")
    );
    assert_eq!(
        after[before.len()].id.as_ref().map(|i| i.as_str()),
        Some("new-journal")
    );
    assert!(
        after[before.len()].authors[0].is_me(),
        "found by name in the CV"
    );
    let check = run(&["check", common::s(&cv)]);
    assert_eq!(check.0, 0, "{}{}", check.1, check.2);

    // Again: nothing left to add, the file untouched.
    let (code, out, err) = run(&[
        "import",
        "bibtex",
        common::s(&bib),
        "--into",
        common::s(&cv),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("0 added, 8 already present"), "{out}");
    assert_eq!(std::fs::read_to_string(&cv).expect("read"), merged);
}

#[test]
fn a_dry_run_reports_and_writes_nothing() {
    let (_dir, cv, bib, original) = setup();
    let (code, out, err) = run(&[
        "import",
        "bibtex",
        common::s(&bib),
        "--into",
        common::s(&cv),
        "--dry-run",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("3 added, 5 already present"), "{out}");
    assert!(out.contains("dry run: nothing written"), "{out}");
    assert_eq!(std::fs::read_to_string(&cv).expect("read"), original);
}

#[test]
fn a_conflict_is_reported_and_the_cv_kept() {
    let (_dir, cv, bib, original) = setup();
    // The Taylor paper with another volume.
    std::fs::write(&bib, BIB.replace("volume = {65}", "volume = {66}")).expect("write");
    let (code, out, err) = run(&[
        "import",
        "bibtex",
        common::s(&bib),
        "--into",
        common::s(&cv),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("3 added, 4 already present, 1 conflicting"),
        "{out}"
    );
    assert!(
        out.contains("volume: the CV has \"65\", the import \"66\" (the CV's kept)"),
        "{out}"
    );
    let merged = std::fs::read_to_string(&cv).expect("read");
    assert!(merged.starts_with(&original));
}

#[test]
fn into_a_json_cv_or_a_flow_section_is_refused_and_nothing_written() {
    let (dir, _cv, bib, _) = setup();
    let json = dir.path().join("cv.json");
    let text = r#"{"person": {"given-names": "Ada", "family-name": "Lovelace"}}"#;
    std::fs::write(&json, text).expect("write");
    let (code, _, err) = run(&[
        "import",
        "bibtex",
        common::s(&bib),
        "--into",
        common::s(&json),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("JSON") && err.contains("nothing written"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&json).expect("read"), text);

    let flow = dir.path().join("flow.yaml");
    let text =
        "person: {given-names: Ada, family-name: Lovelace}\nworks: [{type: book, title: One}]\n";
    std::fs::write(&flow, text).expect("write");
    let (code, _, err) = run(&[
        "import",
        "bibtex",
        common::s(&bib),
        "--into",
        common::s(&flow),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("works (line 2)")
            && err.contains("flow list")
            && err.contains("nothing written"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&flow).expect("read"), text);

    // A CV without the section gets it at its end.
    let bare = dir.path().join("bare.yaml");
    let text = "# mine\nperson: {given-names: Ada, family-name: Lovelace}  # keep\n";
    std::fs::write(&bare, text).expect("write");
    let (code, out, err) = run(&[
        "import",
        "bibtex",
        common::s(&bib),
        "--into",
        common::s(&bare),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let merged = std::fs::read_to_string(&bare).expect("read");
    assert!(
        merged.starts_with(&format!("{text}\nworks:\n  - ")),
        "{merged}"
    );
    assert_eq!(works(&bare).len(), 8);
}
