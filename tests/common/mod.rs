//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

/// The crate's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` (ORCID XSDs and fixtures, schema.org vocabulary and checker, the seed CV), when
/// present. Without it the calling test says plainly on the terminal that it was skipped
/// (written straight to stderr, past the test harness's capture) and returns `None`; with
/// `VITAE_REQUIRE_SHARED` set (as `.ci/run` does) a missing `../shared` fails the test.
pub fn shared(test: &str) -> Option<PathBuf> {
    let p = root().join("../shared");
    if p.join("schemas").is_dir() && p.join("vocab").is_dir() {
        return Some(p);
    }
    if std::env::var_os("VITAE_REQUIRE_SHARED").is_some() {
        panic!(
            "{test}: VITAE_REQUIRE_SHARED is set but {} is missing",
            p.display()
        );
    }
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: needs ../shared, not found at {} (CI runs it)",
        p.display()
    );
    None
}

/// Whether golden files are to be rewritten (`VITAE_BLESS` set) rather than compared. A test
/// that blesses always passes, so CI (`CI` set) refuses: golden files change only by hand.
pub fn bless() -> bool {
    let bless = std::env::var_os("VITAE_BLESS").is_some();
    assert!(
        !(bless && std::env::var_os("CI").is_some()),
        "VITAE_BLESS is set in CI: golden files are rewritten only on a developer's machine"
    );
    bless
}

/// The schema.org 30.0 JSON-LD context, reduced to the entries that `@vocab` does not imply
/// (the same triples), shipped in `tests/fixtures/schemaorg/` (CC BY-SA 3.0, see its README)
/// so that the tests of the linked-data invariants run without `../shared`.
pub fn schema_context() -> Vec<u8> {
    read_bytes(&root().join("tests/fixtures/schemaorg/schemaorgcontext.reduced.jsonld"))
}

/// [`schema_context`] without its coercions: every `"@type"` of a term definition (`"@id"`,
/// `"Date"`) removed, as a later schema.org context may do. The namespace (`@vocab`) and the
/// prefixes stay.
pub fn schema_context_without_coercions() -> Vec<u8> {
    let mut ctx: serde_json::Value =
        serde_json::from_slice(&schema_context()).expect("the shipped context is JSON");
    let terms = ctx["@context"]
        .as_object_mut()
        .expect("the context's @context is an object");
    let mut stripped = 0;
    for definition in terms.values_mut() {
        if let Some(d) = definition.as_object_mut()
            && d.remove("@type").is_some()
        {
            stripped += 1;
        }
    }
    assert!(stripped > 100, "only {stripped} coercions found to strip");
    serde_json::to_vec(&ctx).expect("JSON")
}

fn read_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Whether a command is on PATH; when not, and `VITAE_REQUIRE_SHARED` is unset, the test is
/// reported as skipped.
pub fn tool(test: &str, name: &str) -> bool {
    let found = std::process::Command::new(name)
        .arg("--version")
        .output()
        .is_ok();
    if !found {
        if std::env::var_os("VITAE_REQUIRE_SHARED").is_some() {
            panic!("{test}: VITAE_REQUIRE_SHARED is set but `{name}` is not installed");
        }
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED {test}: needs `{name}`, not installed"
        );
    }
    found
}

/// The reference CV shipped as the main example.
pub fn reference_cv_path() -> PathBuf {
    root().join("examples/lapuschkin.yaml")
}

/// Loads the reference CV, panicking with the report when it does not load.
pub fn reference_cv() -> vitae::Cv {
    match vitae::from_path(reference_cv_path()) {
        Ok(l) => l.cv,
        Err(r) => panic!("examples/lapuschkin.yaml does not load:\n{r}"),
    }
}

/// Reads a file to a string, panicking with its path.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Validates XML files against one XSD with `xmllint --schema`, failing the test with
/// xmllint's messages when any file is invalid.
pub fn xmllint_validate(schema: &Path, paths: &[PathBuf]) {
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema)
        .args(paths)
        .output()
        .expect("xmllint runs");
    assert!(
        out.status.success(),
        "xmllint --schema {} failed:\n{}",
        schema.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A xorshift64* generator for the mutation tests: deterministic (every run tries the same
/// mutations), no dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Runs the `vitae` binary with these arguments in the crate's root.
pub fn vitae(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_vitae"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run vitae")
}

/// A path as an argument.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

// ----- round trips through a citation format (BibTeX, CSL-JSON) -----

/// What a citation format carries of a work, as (field, text) pairs.
pub type Carried = fn(&vitae::model::Work) -> Vec<(&'static str, String)>;

/// Fails with every difference between the works sent through a citation format and those
/// read back, each found by its id and compared by what the format carries. A field read back
/// that was not sent is a difference too when `strict`.
pub fn assert_round_trip(
    sent: &[&vitae::model::Work],
    back: &[vitae::model::Work],
    carried: Carried,
    strict: bool,
) {
    let mut differences = Vec::new();
    for w in sent {
        let id = w.id.as_ref().expect("an id");
        let Some(b) = back.iter().find(|b| b.id.as_ref() == Some(id)) else {
            differences.push(format!("{id}: not read back"));
            continue;
        };
        let (sent, got) = (carried(w), carried(b));
        for (field, value) in &sent {
            let arrived = got.iter().find(|(f, _)| f == field).map(|(_, v)| v);
            if arrived != Some(value) {
                differences.push(format!("{id}.{field}: sent {value:?}, read {arrived:?}"));
            }
        }
        if strict {
            for (field, value) in got
                .iter()
                .filter(|(f, _)| !sent.iter().any(|(s, _)| s == f))
            {
                differences.push(format!("{id}.{field}: not sent, read {value:?}"));
            }
        }
    }
    assert!(
        differences.is_empty(),
        "{} differences:\n{}",
        differences.len(),
        differences.join("\n")
    );
}

/// `vitae export` of the reference CV to a citation format, by the extension of `-o`
/// (`works.<extension>`) and by `--to <name>`: both write the same, the library's
/// `bibliography` (given), and `--include private` no less. Returns what was written.
pub fn assert_exported_by_name_or_extension(extension: &str, name: &str, library: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join(format!("works.{extension}"));
    let cv = reference_cv_path();
    let o = vitae(&["export", s(&cv), "-o", s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let by_extension = std::fs::read_to_string(&out).expect("written");
    let by_name = vitae(&["export", s(&cv), "--to", name]);
    assert!(by_name.status.success());
    assert_eq!(String::from_utf8_lossy(&by_name.stdout), by_extension);
    assert_eq!(by_extension, library);
    // Limited and private works only when asked.
    let all = vitae(&["export", s(&cv), "--to", name, "--include", "private"]);
    assert!(all.stdout.len() >= by_name.stdout.len());
    by_extension
}

/// A work page's JSON-LD as the site writes it, from the whole CV's document `doc`: the node
/// `node`, where each bare reference `{"@id": X}` to a node not yet described on the page is
/// X's description in `doc` (a page holds one work alone, and the document describes a shared
/// node only where it first occurs).
pub fn page_node(node: &serde_json::Value, doc: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    fn find<'a>(v: &'a Value, id: &str) -> Option<&'a Value> {
        match v {
            Value::Object(m) => {
                if m.len() > 1 && m.get("@id").and_then(Value::as_str) == Some(id) {
                    return Some(v);
                }
                m.values().find_map(|x| find(x, id))
            }
            Value::Array(a) => a.iter().find_map(|x| find(x, id)),
            _ => None,
        }
    }
    fn walk(v: &Value, doc: &Value, seen: &mut std::collections::BTreeSet<String>) -> Value {
        match v {
            Value::Object(m) => {
                let id = m.get("@id").and_then(Value::as_str).map(str::to_owned);
                let start = match &id {
                    Some(id) if m.len() == 1 && !seen.contains(id) => {
                        find(doc, id).cloned().unwrap_or_else(|| v.clone())
                    }
                    _ => v.clone(),
                };
                if let Some(id) = id {
                    seen.insert(id);
                }
                match start {
                    Value::Object(m) => Value::Object(
                        m.iter()
                            .map(|(k, x)| (k.clone(), walk(x, doc, seen)))
                            .collect(),
                    ),
                    other => other,
                }
            }
            Value::Array(a) => Value::Array(a.iter().map(|x| walk(x, doc, seen)).collect()),
            other => other.clone(),
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    if let Some(id) = node.get("@id").and_then(Value::as_str) {
        seen.insert(id.to_owned());
    }
    walk(node, doc, &mut seen)
}

/// Runs `vitae publish` in `dir` with only the given graph-store variables set (none of the
/// caller's environment).
pub fn publish(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> std::process::Output {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_vitae"));
    c.current_dir(dir).arg("publish").args(args);
    for v in [
        "VITAE_GRAPH_STORE_TOKEN",
        "VITAE_GRAPH_STORE_USER",
        "VITAE_GRAPH_STORE_PASSWORD",
    ] {
        c.env_remove(v);
    }
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run vitae")
}

/// A command's standard output and error, one after the other.
pub fn text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
