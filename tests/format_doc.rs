//! Every example of `schemas/FORMAT.md` loads and matches the JSON Schema, so the documentation of the input format cannot
//! drift from the code.
//!
//! A ```yaml block with a top-level `person:` is a complete CV and is loaded as it is; any other
//! ```yaml block is a part of one and is loaded after a minimal person. ```json and ```toml
//! blocks are complete CVs. An example with a `bibliography` reads the files of
//! tests/fixtures/bibliography.

mod common;

use vitae::InputFormat;

/// The person put before a partial snippet.
const MINIMAL_PERSON: &str = "person: {given-names: Ada, family-name: Lovelace}\n";

/// A fenced code block: its info string, the line of its first line in the file, its text.
struct Block {
    info: String,
    line: usize,
    text: String,
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in markdown.lines().enumerate() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => {
                open = Some(Block {
                    info: info.trim().to_owned(),
                    line: i + 2,
                    text: String::new(),
                });
            }
            (Some(_), Some("")) => out.extend(open.take()),
            (Some(b), _) => {
                b.text.push_str(line);
                b.text.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "FORMAT.md has an unclosed code block");
    out
}

fn is_complete(yaml: &str) -> bool {
    yaml.lines().any(|l| l.starts_with("person:"))
}

#[test]
fn every_example_of_the_format_loads() {
    let path = common::root().join("schemas/FORMAT.md");
    let doc = common::read(&path);
    let schema = vitae::schema::json_schema().to_value();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let mut failures = Vec::new();
    let (mut complete, mut partial, mut other) = (0, 0, 0);
    for b in blocks(&doc) {
        let (text, format) = match b.info.as_str() {
            "yaml" if is_complete(&b.text) => {
                complete += 1;
                (b.text.clone(), InputFormat::Yaml)
            }
            "yaml" => {
                partial += 1;
                (format!("{MINIMAL_PERSON}{}", b.text), InputFormat::Yaml)
            }
            "json" => {
                other += 1;
                (b.text.clone(), InputFormat::Json)
            }
            "toml" => {
                other += 1;
                (b.text.clone(), InputFormat::Toml)
            }
            _ => continue,
        };
        // An example with a `bibliography` reads the files of tests/fixtures/bibliography.
        let result = if text.contains("\nbibliography:") {
            let dir = common::root().join("tests/fixtures/bibliography");
            vitae::Reader::new(format)
                .with_base_dir(&dir)
                .read_str(&text)
                .map(|l| l.cv)
        } else {
            vitae::from_str(&text, format).map(|l| l.cv)
        };
        if let Err(report) = result {
            failures.push(format!(
                "FORMAT.md, the {} block at line {}:\n{report}",
                b.info, b.line
            ));
        }
        // What vitae accepts, the JSON Schema accepts too (editors check CVs against it).
        match vitae::input::read_value(&text, format) {
            Ok(value) => {
                let errors: Vec<String> = validator
                    .iter_errors(&value)
                    .map(|e| format!("  {} at {}", e, e.instance_path()))
                    .collect();
                if !errors.is_empty() {
                    failures.push(format!(
                        "FORMAT.md, the {} block at line {} does not match the JSON Schema:\n{}",
                        b.info,
                        b.line,
                        errors.join("\n")
                    ));
                }
            }
            Err(report) => failures.push(format!(
                "FORMAT.md, the {} block at line {}:\n{report}",
                b.info, b.line
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The page has examples of both kinds, and of JSON and TOML.
    assert!(complete >= 5, "{complete} complete CVs");
    assert!(partial >= 20, "{partial} partial snippets");
    assert_eq!(other, 2, "one JSON and one TOML example");
}

#[test]
fn every_section_and_work_type_has_an_example() {
    let doc = common::read(&common::root().join("schemas/FORMAT.md"));
    let yaml: String = blocks(&doc)
        .into_iter()
        .filter(|b| b.info == "yaml")
        .map(|b| b.text)
        .collect();
    for section in [
        "person:",
        "employment:",
        "education:",
        "qualifications:",
        "invited-positions:",
        "memberships:",
        "services:",
        "awards:",
        "projects:",
        "patents:",
        "works:",
    ] {
        assert!(
            yaml.lines().any(|l| l.starts_with(section)),
            "no example of `{section}`"
        );
    }
    for kind in vitae::model::WorkKind::ALL {
        let line = format!("type: {}", kind.as_str());
        assert!(
            yaml.contains(&line),
            "no example of a work of type {}",
            kind.as_str()
        );
    }
}

#[test]
fn the_examples_mean_what_the_page_says() {
    // A few claims of the page, checked on its own examples.
    let doc = common::read(&common::root().join("schemas/FORMAT.md"));
    let all = blocks(&doc);
    let load = |needle: &str| {
        let b = all
            .iter()
            .find(|b| b.info == "yaml" && b.text.contains(needle))
            .unwrap_or_else(|| panic!("no example with {needle:?}"));
        let text = if is_complete(&b.text) {
            b.text.clone()
        } else {
            format!("{MINIMAL_PERSON}{}", b.text)
        };
        vitae::from_str(&text, InputFormat::Yaml)
            .unwrap_or_else(|r| panic!("{r}"))
            .cv
    };

    // One value or a list.
    let one = load("emails: ada@example.org\n  research-areas: [");
    let many = load("emails: [ada@example.org]");
    assert_eq!(one, many);

    // "Bach S" is the person through the birth name.
    let cv = load("authors: [Bach S, Binder A");
    assert!(cv.works[0].authors[0].is_me());
    assert!(!cv.works[0].authors[1].is_me());

    // Derived ids as the table shows them.
    let cv = load("2022-explain-to-not-forget-defending-against");
    let ids: Vec<&str> = cv
        .works
        .iter()
        .filter_map(|w| w.id.as_ref().map(|i| i.as_str()))
        .collect();
    assert!(ids.contains(&"2021-12-13-explainable-ai"), "{ids:?}");
    assert!(ids.contains(&"2022-explain-to-not-forget-defending-against"));
    let cv = load("example-engine-patent");
    let member_ids: Vec<&str> = cv
        .patents
        .iter()
        .flat_map(|f| &f.members)
        .filter_map(|m| m.id.as_ref().map(|i| i.as_str()))
        .collect();
    assert_eq!(
        member_ids,
        [
            "ep3271863",
            "kr102130162",
            "wo2020123456a1",
            "us20220123456a1"
        ]
    );
    let cv = load("degree: {name: Abitur, level: secondary}");
    assert_eq!(
        cv.education[0].id.as_ref().map(|i| i.as_str()),
        Some("2013-tu-berlin-phd-in-machine-learning")
    );

    // `end: present` is no end.
    let cv = load("role: Tenured Researcher");
    assert!(cv.employment[0].period.is_ongoing());
    assert!(!cv.employment[1].period.is_ongoing());
}

#[test]
fn the_contributor_examples_mean_what_the_page_says() {
    // Issue 16, points 1, 2, 3, 12: FORMAT.md's examples of group authors, names as written,
    // roles and author marks load, match the JSON Schema, and mean what the page says.
    let doc = common::read(&common::root().join("schemas/FORMAT.md"));
    let all = blocks(&doc);
    let schema = vitae::schema::json_schema().to_value();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let load = |needle: &str| {
        let b = all
            .iter()
            .find(|b| b.info == "yaml" && b.text.contains(needle))
            .unwrap_or_else(|| panic!("no example with {needle:?}"));
        let text = format!("{MINIMAL_PERSON}{}", b.text);
        let value = vitae::input::read_value(&text, InputFormat::Yaml).expect("YAML");
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{needle}: {errors:?}");
        vitae::from_str(&text, InputFormat::Yaml)
            .unwrap_or_else(|r| panic!("{r}"))
            .cv
    };

    let cv = load("{group: GOCS Consortium}");
    assert!(cv.works[0].authors[1].is_group());

    let cv = load("name-order: family-first}");
    let shown: Vec<String> = cv.works[0].authors[..4]
        .iter()
        .map(|c| c.display_name())
        .collect();
    assert_eq!(
        shown,
        ["周静", "Zhou Jing", "山田太郎", "Martin Luther King Jr."]
    );

    let cv = load("role: supervisor}");
    let roles: Vec<&str> = cv.works[0]
        .authors
        .iter()
        .map(|c| c.role.as_str())
        .collect();
    assert_eq!(roles, ["author", "supervisor"]);

    let cv = load("corresponding: true}");
    let marks: Vec<(bool, bool)> = cv.works[0]
        .authors
        .iter()
        .map(|c| (c.corresponding, c.equal_contribution))
        .collect();
    assert_eq!(marks, [(false, true), (true, true), (false, false)]);
}
