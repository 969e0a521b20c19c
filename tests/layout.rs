//! Rules of the source tree. How the targets share code (issue 15, point 6): through ordinary
//! dependencies, never by pulling another target's source in with `#[path]`; and every diagnostic
//! of the library carries its code.

mod common;

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries {
        let p = e.expect("dir entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_target_pulls_in_another_targets_source_by_path() {
    let root = common::root();
    let mut files = Vec::new();
    for dir in ["src", "tests", "benches", "examples", "synthetic/src"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 50, "only {} files found", files.len());
    let offenders: Vec<String> = files
        .iter()
        .filter(|p| {
            common::read(p)
                .lines()
                .any(|l| l.trim_start().starts_with("#[path"))
        })
        .map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "these files include another file by #[path] (share it through the vitae-synthetic crate or a module instead): {offenders:?}"
    );
}

/// The end of the call whose argument list opens just before `from` (string literals skipped).
fn call_end(s: &[u8], from: usize) -> usize {
    let (mut i, mut depth, mut in_str) = (from, 1, false);
    while depth > 0 && i < s.len() {
        match s[i] {
            b'\\' if in_str => i += 1,
            b'"' => in_str = !in_str,
            b'(' if !in_str => depth += 1,
            b')' if !in_str => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    i
}

/// Every diagnostic the library makes says what kind of problem it is (issue 15, point 5): a
/// `Diagnostic::error(…)` or `Diagnostic::warning(…)` outside `report.rs` (which defines them
/// and tests them) is followed, in its chain of calls, by `.with_code(…)`; else it would reach
/// programs as `Code::Other`.
#[test]
fn every_diagnostic_of_the_library_has_its_code() {
    let root = common::root();
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut missing = Vec::new();
    for p in files.iter().filter(|p| !p.ends_with("report.rs")) {
        let text = common::read(p);
        let s = text.as_bytes();
        for (at, call) in text
            .match_indices("Diagnostic::error(")
            .chain(text.match_indices("Diagnostic::warning("))
        {
            let mut end = call_end(s, at + call.len());
            // The chain after the call: `.at(l, c)`, `.in_file(…)`, … up to `.with_code(`.
            let mut coded = false;
            loop {
                let rest = text[end..].trim_start();
                let skipped = text.len() - end - rest.len();
                if rest.starts_with(".with_code(") {
                    coded = true;
                    break;
                }
                match rest
                    .strip_prefix('.')
                    .and_then(|r| r.find('(').map(|o| (r, o)))
                {
                    Some((r, open))
                        if r[..open].chars().all(|c| c.is_alphanumeric() || c == '_') =>
                    {
                        end = call_end(s, end + skipped + 1 + open + 1);
                    }
                    _ => break,
                }
            }
            if !coded {
                let line = text[..at].matches('\n').count() + 1;
                let shown = p.strip_prefix(&root).unwrap_or(p).display().to_string();
                missing.push(format!("{shown}:{line}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "these diagnostics have no code (add .with_code(Code::…)): {missing:?}"
    );
}

/// The model's source files (src/model), each with its path shown from the crate's root.
fn model_sources() -> Vec<(String, String)> {
    let root = common::root();
    let mut files = Vec::new();
    rust_files(&root.join("src/model"), &mut files);
    files
        .iter()
        .map(|p| {
            let shown = p.strip_prefix(&root).unwrap_or(p).display().to_string();
            (shown, common::read(p))
        })
        .collect()
}

/// A one-or-many field of the model (a list that a CV file may write as one value) is declared
/// with two short attributes (issue 15, point 7): `#[serde(… with = "one_or_many" …)]` (or a
/// function that reads through it) on one line, then `#[schemars(with = "OneOrMany<T>")]`,
/// not the six lines of a multi-line `deserialize_with` that it took before.
#[test]
fn one_or_many_fields_take_one_serde_attribute() {
    let (mut fields, mut long) = (0, Vec::new());
    for (shown, text) in model_sources() {
        let lines: Vec<&str> = text.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            if !l.trim_start().starts_with("#[schemars(with = \"OneOrMany<") {
                continue;
            }
            fields += 1;
            let serde = i.checked_sub(1).map(|j| lines[j].trim());
            // `with = "one_or_many"`, or a function that reads through it (`editors`).
            let one_line = serde.is_some_and(|s| {
                s.starts_with("#[serde(") && s.ends_with(")]") && s.contains("with = \"")
            });
            if !one_line {
                long.push(format!("{shown}:{}", i + 1));
            }
        }
    }
    assert!(fields > 30, "only {fields} one-or-many fields found");
    assert!(
        long.is_empty(),
        "these one-or-many fields do not read through one `#[serde(… with = \"one_or_many\" …)]` line: {long:?}"
    );
}

/// The fields (`name: Type`) of `pub struct NAME { … }` (or `pub(crate) struct`) in `text`.
fn struct_fields(text: &str, name: &str) -> Option<Vec<String>> {
    let head = [" struct ", name, " {"].concat();
    let at = text.find(&head)? + head.len();
    let body = &text[at..at + text[at..].find("\n}")?];
    Some(
        body.lines()
            .map(str::trim)
            .filter(|l| !l.starts_with("//") && !l.starts_with("#["))
            .filter_map(|l| l.strip_prefix("pub ").unwrap_or(l).split_once(':'))
            .filter(|(f, _)| f.chars().all(|c| c.is_alphanumeric() || c == '_'))
            .map(|(f, t)| [f.trim(), ": ", t.trim().trim_end_matches(',')].concat())
            .collect(),
    )
}

/// A short form's map form (`XFields`) whose keys are its type's own fields is a serde remote
/// derive of the type (issue 15, point 7): serde reads the map straight into the type and the
/// compiler checks that both declare the same fields, instead of a third list of them in a
/// conversion that can drift. Map forms whose keys differ (`Link`'s `url`/`file`,
/// `Contributor`'s `group`) keep their conversion.
#[test]
fn a_map_form_with_its_types_fields_is_read_straight_into_it() {
    let (mut forms, mut copied) = (0, Vec::new());
    for (_, text) in model_sources() {
        for (at, _) in text.match_indices("impl ShortForm for ") {
            let ty: String = text[at + "impl ShortForm for ".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect();
            forms += 1;
            let full = [ty.as_str(), "Fields"].concat();
            let (Some(own), Some(map)) = (struct_fields(&text, &ty), struct_fields(&text, &full))
            else {
                continue;
            };
            let remote = ["remote = \"", ty.as_str(), "\""].concat();
            if !own.is_empty() && own == map && !text.contains(&remote) {
                copied.push(ty);
            }
        }
    }
    assert!(forms >= 6, "only {forms} short forms found");
    assert!(
        copied.is_empty(),
        "these map forms copy their type's fields into a conversion; make them `#[serde(remote = \"…\")]`: {copied:?}"
    );
}

/// The item the attribute lines before `pub struct NAME` / `pub enum NAME` belong to: whether
/// `#[non_exhaustive]` is among them. `None` when the item is not in `text`.
fn is_non_exhaustive(text: &str, item: &str) -> Option<bool> {
    let at = text.find(&[item, " {"].concat())?;
    let before: Vec<&str> = text[..at].lines().rev().collect();
    Some(
        before
            .iter()
            .take_while(|l| {
                let l = l.trim();
                l.starts_with("#[") || l.starts_with("///") || l.ends_with(',') || l == ")]"
            })
            .any(|l| l.trim() == "#[non_exhaustive]"),
    )
}

/// The model types that will grow are `#[non_exhaustive]` (issue 15, point 5), so that a new
/// field or kind is no breaking change: the CV and its items, each built through a
/// constructor (`Work::new`, `Award::new`, …), and every kind, type and role enum.
#[test]
fn the_model_types_that_will_grow_are_non_exhaustive() {
    let texts: Vec<String> = model_sources().into_iter().map(|(_, t)| t).collect();
    let structs = [
        "Cv",
        "Person",
        "Work",
        "Affiliation",
        "Award",
        "Project",
        "Course",
        "Supervision",
        "PatentFamily",
        "Organization",
        "Contributor",
    ];
    let mut missing = Vec::new();
    for name in structs {
        let item = ["pub struct ", name].concat();
        let found = texts.iter().find_map(|t| is_non_exhaustive(t, &item));
        if found != Some(true) {
            missing.push(item.clone());
        }
        let constructs = texts.iter().any(|t| {
            t.find(&["impl ", name, " {"].concat()).is_some_and(|at| {
                let body = &t[at..at + t[at..].find("\n}\n").unwrap_or(t.len() - at)];
                body.contains("-> Self {") || body.contains("-> Result<Self, ValueError>")
            })
        });
        if !constructs {
            missing.push(format!("a constructor of {name}"));
        }
    }
    let mut enums = 0;
    for t in &texts {
        for (at, _) in t.match_indices("\npub enum ") {
            let name: String = t[at + "\npub enum ".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect();
            if ["Kind", "Type", "Role"].iter().any(|s| name.ends_with(s)) {
                enums += 1;
                let item = ["pub enum ", name.as_str()].concat();
                if is_non_exhaustive(t, &item) != Some(true) {
                    missing.push(item);
                }
            }
        }
    }
    assert!(enums >= 8, "only {enums} kind enums found");
    assert!(
        missing.is_empty(),
        "these are not #[non_exhaustive] or lack a constructor: {missing:?}"
    );
}
