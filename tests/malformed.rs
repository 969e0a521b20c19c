//! The malformed corpus: every input in `tests/malformed/` and `tests/warnings/` gives exactly
//! the diagnostics of its `.expected` file (format in `tests/malformed/README.md`), through the
//! library and through the CLI's text and JSON reports, with the right exit status and never a
//! panic. Inputs too large or too deep to check in are generated here.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// One expected diagnostic.
#[derive(Debug, Clone)]
struct Expected {
    severity: String,
    position: Option<(usize, usize)>,
    path: String,
    message: String,
}

impl Expected {
    fn new(severity: &str, position: Option<(usize, usize)>, path: &str, message: &str) -> Self {
        Self {
            severity: severity.to_owned(),
            position,
            path: path.to_owned(),
            message: message.to_owned(),
        }
    }

    fn is_error(&self) -> bool {
        self.severity == "error"
    }
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pos = self
            .position
            .map_or("-".to_owned(), |(l, c)| format!("{l}:{c}"));
        let path = if self.path.is_empty() {
            "-"
        } else {
            &self.path
        };
        write!(f, "{} {pos} {path} {}", self.severity, self.message)
    }
}

fn parse_expected(file: &Path) -> Result<Vec<Expected>, String> {
    let text = common::read(file);
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = || {
            format!(
                "{}:{}: malformed expectation {line:?}",
                file.display(),
                i + 1
            )
        };
        let mut parts = line.splitn(4, ' ');
        let (Some(sev), Some(pos), Some(path), Some(message)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if sev != "error" && sev != "warning" {
            return Err(bad());
        }
        let position = match pos {
            "-" => None,
            p => {
                let (l, c) = p.split_once(':').ok_or_else(bad)?;
                Some((l.parse().map_err(|_| bad())?, c.parse().map_err(|_| bad())?))
            }
        };
        let path = if path == "-" { "" } else { path };
        out.push(Expected::new(sev, position, path, message));
    }
    Ok(out)
}

/// Every input of a corpus directory with its `.expected`.
fn corpus(dir: &str) -> Vec<(PathBuf, Vec<Expected>)> {
    let dir = common::root().join("tests").join(dir);
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !name.ends_with(".expected") && name != "README.md" && name != "valid-base.yaml"
        })
        .collect();
    inputs.sort();
    inputs
        .into_iter()
        .map(|input| {
            let expected = input.with_extension("expected");
            assert!(
                expected.is_file(),
                "{} has no {}",
                input.display(),
                expected.display()
            );
            let e = parse_expected(&expected).unwrap_or_else(|m| panic!("{m}"));
            (input, e)
        })
        .collect()
}

/// Text with its control characters escaped, as the text report shows it and as
/// `.expected` files write it.
fn plain(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn matches(
    e: &Expected,
    severity: &str,
    position: Option<(usize, usize)>,
    path: &str,
    message: &str,
) -> bool {
    e.severity == severity
        && e.position == position
        && e.path == plain(path)
        && plain(message).contains(&e.message)
}

/// Checks one input through the library and the CLI; returns what went wrong.
fn check_case(input: &Path, expected: &[Expected]) -> Vec<String> {
    let mut problems = Vec::new();
    let n_errors = expected.iter().filter(|e| e.is_error()).count();
    let n_warnings = expected.len() - n_errors;

    // The library.
    let report = match vitae::from_path(input) {
        Ok(loaded) => {
            if n_errors > 0 {
                problems.push("library: loaded without errors".to_owned());
            }
            loaded.report
        }
        Err(report) => {
            if n_errors == 0 {
                problems.push(format!("library: refused:\n{report}"));
            }
            report
        }
    };
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.code == vitae::Code::Other)
    {
        problems.push(format!(
            "library: a diagnostic without a code of its kind: {} {}",
            d.path, d.message
        ));
    }
    let got: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| {
            let sev = match d.severity {
                vitae::Severity::Error => "error",
                vitae::Severity::Warning => "warning",
            };
            let pos = d.line.map_or("-".to_owned(), |l| {
                format!("{l}:{}", d.column.map_or(0, |c| c))
            });
            let path = if d.path.is_empty() { "-" } else { &d.path };
            format!("{sev} {pos} {} {}", plain(path), plain(&d.message))
        })
        .collect();
    let listing = || {
        format!(
            "expected:\n  {}\ngot:\n  {}",
            join(expected),
            got.join("\n  ")
        )
    };
    if report.errors().count() != n_errors || report.warnings().count() != n_warnings {
        problems.push(format!(
            "library: {} errors and {} warnings, expected {n_errors} and {n_warnings}\n{}",
            report.errors().count(),
            report.warnings().count(),
            listing()
        ));
    }
    for e in expected {
        let found = report.diagnostics.iter().any(|d| {
            let sev = match d.severity {
                vitae::Severity::Error => "error",
                vitae::Severity::Warning => "warning",
            };
            let pos = d.line.map(|l| (l, d.column.unwrap_or(0)));
            matches(e, sev, pos, &d.path, &d.message)
        });
        if !found {
            problems.push(format!("library: missing `{e}`\n{}", listing()));
        }
    }

    // The CLI, text report.
    let out = vitae_check(input, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    cli_basics("text", &out, n_errors, &mut problems);
    let last = stdout.lines().last().unwrap_or("");
    let verdict = if n_errors > 0 { "invalid" } else { "valid" };
    if !last.contains(&format!(": {verdict}, {n_errors} error")) {
        problems.push(format!("cli text: last line of stdout is {last:?}"));
    }
    for e in expected {
        let mut prefix = format!("{}: {}:", e.severity, input.display());
        if let Some((l, c)) = e.position {
            prefix.push_str(&format!("{l}:{c}:"));
        }
        prefix.push(' ');
        if !e.path.is_empty() {
            prefix.push_str(&format!("{}: ", e.path));
        }
        let found = stderr
            .lines()
            .any(|l| l.starts_with(&prefix) && l[prefix.len()..].contains(&e.message));
        if !found {
            problems.push(format!(
                "cli text: no line `{prefix}…{}` in stderr:\n{stderr}",
                e.message
            ));
        }
    }

    // The CLI, JSON report.
    let out = vitae_check(input, &["--format", "json"]);
    cli_basics("json", &out, n_errors, &mut problems);
    match serde_json::from_slice::<Value>(&out.stdout) {
        Err(err) => problems.push(format!(
            "cli json: stdout is not JSON ({err}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )),
        Ok(doc) => check_json(&doc, expected, n_errors, n_warnings, &mut problems),
    }
    problems
}

fn check_json(
    doc: &Value,
    expected: &[Expected],
    n_errors: usize,
    n_warnings: usize,
    problems: &mut Vec<String>,
) {
    if doc["valid"] != Value::Bool(n_errors == 0)
        || doc["errors"] != n_errors
        || doc["warnings"] != n_warnings
    {
        problems.push(format!(
            "cli json: valid/errors/warnings are {}/{}/{}",
            doc["valid"], doc["errors"], doc["warnings"]
        ));
    }
    if doc.get("summary").is_none() || doc.get("file").is_none() {
        problems.push("cli json: no `summary` or no `file`".to_owned());
    }
    if (n_errors == 0) == doc["summary"].is_null() {
        problems.push(format!(
            "cli json: summary {} for a CV with {n_errors} errors",
            doc["summary"]
        ));
    }
    let Some(diags) = doc["diagnostics"].as_array() else {
        problems.push("cli json: no `diagnostics` list".to_owned());
        return;
    };
    if diags.len() != expected.len() {
        problems.push(format!(
            "cli json: {} diagnostics, expected {}",
            diags.len(),
            expected.len()
        ));
    }
    for d in diags {
        for key in ["severity", "code", "line", "column", "path", "message"] {
            if d.get(key).is_none() {
                problems.push(format!("cli json: diagnostic without `{key}`: {d}"));
            }
        }
        // Issue 15, point 5: every diagnostic has a stable code of its kind.
        if d["code"] == "other" {
            problems.push(format!(
                "cli json: a diagnostic without a code of its kind: {d}"
            ));
        }
    }
    for e in expected {
        let found = diags.iter().any(|d| {
            let pos = match (d["line"].as_u64(), d["column"].as_u64()) {
                (Some(l), Some(c)) => Some((l as usize, c as usize)),
                _ => None,
            };
            matches(
                e,
                d["severity"].as_str().unwrap_or(""),
                pos,
                d["path"].as_str().unwrap_or("?"),
                d["message"].as_str().unwrap_or(""),
            )
        });
        if !found {
            problems.push(format!(
                "cli json: missing `{e}` in {}",
                Value::Array(diags.clone())
            ));
        }
    }
}

fn join(expected: &[Expected]) -> String {
    expected
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n  ")
}

fn vitae_check(input: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vitae"))
        .arg("check")
        .arg(input)
        .args(extra)
        .output()
        .expect("run vitae")
}

fn cli_basics(what: &str, out: &Output, n_errors: usize, problems: &mut Vec<String>) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("panicked") {
        problems.push(format!("cli {what}: panicked:\n{stderr}"));
    }
    let want = if n_errors > 0 { 1 } else { 0 };
    if out.status.code() != Some(want) {
        problems.push(format!(
            "cli {what}: exit status {:?}, expected {want}\n{stderr}",
            out.status.code()
        ));
    }
}

fn run_corpus(dir: &str, min_cases: usize) {
    let cases = corpus(dir);
    assert!(
        cases.len() >= min_cases,
        "tests/{dir}: {} cases, expected at least {min_cases}",
        cases.len()
    );
    let mut failures = Vec::new();
    for (input, expected) in &cases {
        let problems = check_case(input, expected);
        if !problems.is_empty() {
            failures.push(format!("== {}\n{}", input.display(), problems.join("\n")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases in tests/{dir} failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_malformed_cv_gives_its_expected_errors() {
    run_corpus("malformed", 30);
}

#[test]
fn every_cv_with_warnings_gives_its_expected_warnings_and_exits_0() {
    run_corpus("warnings", 3);
}

#[test]
fn the_base_of_the_corpus_is_valid_without_warnings() {
    let base = common::root().join("tests/malformed/valid-base.yaml");
    assert_case(&base, &[]);
}

/// Writes a generated input into a temporary directory.
fn generated(dir: &tempfile::TempDir, name: &str, content: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, content).expect("write a generated input");
    p
}

fn assert_case(input: &Path, expected: &[Expected]) {
    let problems = check_case(input, expected);
    assert!(
        problems.is_empty(),
        "{}:\n{}",
        input.display(),
        problems.join("\n")
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_reading() {
    let dir = tempfile::tempdir().expect("temp dir");
    let len = vitae::input::MAX_FILE_SIZE + 1;
    let mut content = b"person: {given-names: Ada, family-name: Lovelace}\n".to_vec();
    content.resize(len as usize, b'\n');
    let input = generated(&dir, "huge.yaml", &content);
    assert_case(
        &input,
        &[Expected::new(
            "error",
            None,
            "",
            &format!(
                "expected a file of at most {} bytes, found {len} bytes; refused",
                vitae::input::MAX_FILE_SIZE
            ),
        )],
    );
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let dir = tempfile::tempdir().expect("temp dir");
    let n = 10_000;
    let person = "person: {given-names: Ada, family-name: Lovelace}\n";
    let deep = |l, c| {
        Expected::new(
            "error",
            Some((l, c)),
            "",
            "expected at most 64 levels of nesting, found more; refused",
        )
    };
    let cases: Vec<(&str, String, Expected)> = vec![
        // yaml-rust2's scanner stops at 255 nested `[`.
        (
            "flow.yaml",
            format!("{person}works: {}", "[".repeat(n)),
            deep(2, 263),
        ),
        (
            "maps.yaml",
            format!("{person}works: {}", "{a: ".repeat(n)),
            deep(2, 261),
        ),
        (
            "block.yaml",
            format!("{person}works:\n  {}x\n", "- ".repeat(n)),
            deep(3, 131),
        ),
        (
            "indented.yaml",
            format!(
                "{person}works:\n{}",
                (0..2_000)
                    .map(|i| format!("{}a:\n", " ".repeat(i)))
                    .collect::<String>()
            ),
            deep(67, 65),
        ),
        // serde_json stops at 128.
        (
            "arrays.json",
            format!("{{\"works\": {}", "[".repeat(n)),
            deep(1, 137),
        ),
        (
            "objects.json",
            format!("{{\"works\": {}", "{\"a\": ".repeat(n)),
            deep(1, 767),
        ),
        (
            // Deeper than the YAML reader takes, within what serde_json takes: refused alike.
            "100.json",
            format!(
                "{{\"person\": {{\"given-names\": \"Ada\", \"family-name\": \"Lovelace\"}}, \"works\": {}{}}}",
                "[".repeat(100),
                "]".repeat(100)
            ),
            deep(1, 136),
        ),
        // toml stops at 80.
        (
            "arrays.toml",
            format!("works = {}", "[".repeat(n)),
            Expected::new(
                "error",
                Some((1, 89)),
                "",
                "TOML syntax error: cannot recurse further; max recursion depth met",
            ),
        ),
    ];
    for (name, content, expected) in cases {
        let input = generated(&dir, name, content.as_bytes());
        assert_case(&input, &[expected]);
        // The library on a test thread (2 MiB of stack), not only the CLI's main thread.
        let format = vitae::InputFormat::from_path(&input).expect("a known extension");
        assert!(vitae::from_slice(content.as_bytes(), format).is_err());
    }
}

#[test]
fn a_missing_file_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("absent.yaml");
    let problems = check_case(
        &input,
        &[Expected::new("error", None, "", "cannot read the file: ")],
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn an_alias_bomb_of_long_text_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut yaml = format!("a: &a \"{}\"\n", "x".repeat(1_000_000));
    yaml.push_str(&format!("b: &b [{}]\n", vec!["*a"; 15].join(",")));
    yaml.push_str(&format!("c: [{}]\n", vec!["*b"; 15].join(",")));
    let input = generated(&dir, "text-bomb.yaml", yaml.as_bytes());
    assert_case(
        &input,
        &[Expected::new(
            "error",
            Some((3, 14)),
            "",
            "expected at most 67108864 bytes of text once aliases are expanded, found more (an alias bomb?); refused",
        )],
    );
}

/// The message for a character YAML 1.2 forbids (not a byte order mark).
fn forbidden_in_yaml(code: &str, what: &str) -> String {
    format!(
        "expected only characters YAML 1.2 allows, found U+{code} ({what}), which YAML forbids anywhere in a file, comments included; remove it"
    )
}

/// The reference CV with one NUL on line 100, as the issue found it (in a folded paragraph)
/// and inside a comment: refused with its line and column, nothing else reported (yaml-rust2
/// stopped at the NUL: `works: 0`, and `vitae check` said valid).
#[test]
fn a_nul_in_the_reference_cv_is_refused_at_its_line_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = common::read(&common::reference_cv_path());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[97], "    details:");
    let nul = forbidden_in_yaml("0000", "the control character NUL");

    let mut in_text: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    in_text[99].push('\0');
    let col = lines[99].chars().count() + 1;
    let input = generated(&dir, "in-text.yaml", in_text.join("\n").as_bytes());
    assert_case(
        &input,
        &[Expected::new("error", Some((100, col)), "", &nul)],
    );

    let mut in_comment: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    in_comment.insert(98, "      # The details, as in the CV:".to_owned());
    in_comment.insert(99, "      # a NUL \0 here".to_owned());
    let input = generated(&dir, "in-comment.yaml", in_comment.join("\n").as_bytes());
    assert_case(&input, &[Expected::new("error", Some((100, 15)), "", &nul)]);
}

/// JSON and TOML, given each character YAML forbids, raw, in a string and (TOML) in a comment:
/// either refuse the file or keep the string whole and every field after it; nothing is
/// dropped silently.
#[test]
fn json_and_toml_refuse_or_keep_every_character_yaml_forbids() {
    let chars = [
        '\0', '\u{1}', '\u{8}', '\u{b}', '\u{c}', '\u{1b}', '\u{1f}', '\u{7f}', '\u{80}', '\u{9f}',
        '\u{feff}', '\u{fffe}', '\u{ffff}',
    ];
    for c in chars {
        let given = format!("Ada{c}");
        let json = format!(
            "{{\"person\": {{\"given-names\": \"{given}\", \"family-name\": \"Lovelace\"}}}}"
        );
        let toml_string =
            format!("[person]\ngiven-names = \"{given}\"\nfamily-name = \"Lovelace\"\n");
        let toml_comment = format!(
            "[person]\n# a comment {c}\ngiven-names = \"Ada\"\nfamily-name = \"Lovelace\"\n"
        );
        for (format, text, given) in [
            (vitae::InputFormat::Json, &json, given.as_str()),
            (vitae::InputFormat::Toml, &toml_string, given.as_str()),
            (vitae::InputFormat::Toml, &toml_comment, "Ada"),
        ] {
            if let Ok(loaded) = vitae::from_slice(text.as_bytes(), format) {
                let person = &loaded.cv.person;
                assert_eq!(
                    (person.given_names.as_str(), person.family_name.as_str()),
                    (given, "Lovelace"),
                    "{format:?} {text:?}"
                );
            }
        }
    }
}

#[test]
fn repeated_warnings_are_one_line_unless_verbose() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cv = dir.path().join("many.yaml");
    let works: String = (0..40)
        .map(|i| {
            format!(
                "  - {{type: report, title: Note {i}, date: 2020, authors: ['**Lovelace A**']}}\n"
            )
        })
        .collect();
    std::fs::write(
        &cv,
        format!(
            "person: {{given-names: Ada, family-name: Lovelace}}\nworks:\n{works}  - {{type: report, title: Late, date: 2021, authors: [Menabrea L F], doi: 10.5555/1}}\n"
        ),
    )
    .expect("write");
    let out = vitae_check(&cv, &[]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].contains(
            ":3:5: works[0], works[1], works[2] and 37 more: a work without any identifier"
        ),
        "{stderr}"
    );
    // A warning that occurs once is shown as it is.
    assert!(
        lines[1].contains("works[40].authors: none of the authors"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("41 warnings (repeated warnings grouped; --verbose lists each)"),
        "{stdout}"
    );
    let out = vitae_check(&cv, &["--verbose"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 41, "{stderr}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("grouped"));
    // Tools get every diagnostic.
    let out = vitae_check(&cv, &["--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["diagnostics"].as_array().map(Vec::len), Some(41));
}

/// Every command groups repeated warnings as `check` does: an invalid CV's report (any
/// command), `export --to orcid-xml`'s, and `publish`'s skipped CVs; each says how to list
/// them all.
#[test]
fn repeated_warnings_are_grouped_by_every_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let works: String = (0..40)
        .map(|i| format!("  - {{type: report, title: Note {i}, date: 2020}}\n"))
        .collect();
    // Invalid: two works with one id, beside 40 warnings of one kind.
    let invalid = dir.path().join("invalid.yaml");
    std::fs::write(
        &invalid,
        format!(
            "person: {{given-names: Ada, family-name: Lovelace}}\nworks:\n{works}  - {{id: twice, type: report, title: A, date: 2021, doi: 10.5555/1}}\n  - {{id: twice, type: report, title: B, date: 2021, doi: 10.5555/2}}\n"
        ),
    )
    .expect("write");
    let hint = "(repeated warnings grouped; `vitae check --verbose";
    for args in [
        vec!["export", "--to", "jsonld"],
        vec!["export", "--to", "orcid-xml", "-o"],
        vec!["site", "-o"],
    ] {
        let mut args: Vec<String> = args.into_iter().map(str::to_owned).collect();
        if args.last().map(String::as_str) == Some("-o") {
            args.push(dir.path().join("out").display().to_string());
        }
        args.push(invalid.display().to_string());
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = common::vitae(&argv);
        assert_eq!(out.status.code(), Some(1), "{argv:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("works[0], works[1], works[2] and 37 more:"),
            "{argv:?}: {stderr}"
        );
        assert!(
            stderr.contains("works[40]"),
            "{argv:?}: the error is listed: {stderr}"
        );
        assert!(stderr.contains(hint), "{argv:?}: {stderr}");
        assert!(stderr.lines().count() < 10, "{argv:?}: {stderr}");
    }
    // Valid, for ORCID: the export's report is grouped too.
    let valid = dir.path().join("valid.yaml");
    std::fs::write(
        &valid,
        format!("person: {{given-names: Ada, family-name: Lovelace}}\nworks:\n{works}"),
    )
    .expect("write");
    let out_dir = dir.path().join("orcid");
    let out = common::vitae(&[
        "export",
        "--to",
        "orcid-xml",
        "-o",
        &out_dir.display().to_string(),
        &valid.display().to_string(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("works[0], works[1], works[2] and 37 more:"),
        "{stderr}"
    );
    assert!(stderr.contains(hint), "{stderr}");
}
