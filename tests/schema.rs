//! The checked-in JSON Schema matches the types, and the examples match the schema.

mod common;

use vitae::InputFormat;

#[test]
fn checked_in_schema_matches_the_types() {
    let path = common::root().join("schemas/cv.schema.json");
    let on_disk = common::read(&path);
    let generated = vitae::schema::json_schema_string();
    assert!(
        on_disk == generated,
        "schemas/cv.schema.json is out of date with the types; regenerate it with\n  cargo run -- schema > schemas/cv.schema.json"
    );
}

#[test]
fn every_example_cv_validates_against_the_schema_and_loads() {
    let schema = vitae::schema::json_schema().to_value();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let mut n = 0;
    for entry in std::fs::read_dir(common::root().join("examples")).expect("examples/") {
        let path = entry.expect("dir entry").path();
        let Some(format) = InputFormat::from_path(&path) else {
            continue;
        };
        n += 1;
        let value = vitae::input::read_value(&common::read(&path), format)
            .unwrap_or_else(|r| panic!("{}: {r}", path.display()));
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{} does not match the schema:\n{}",
            path.display(),
            errors.join("\n")
        );
        if let Err(r) = vitae::from_path(&path) {
            panic!("{} does not load:\n{r}", path.display());
        }
    }
    assert!(n > 0, "no example CV found in examples/");
}
