//! The JSON Schema of the CV format, generated from the model's types.
//!
//! `schemas/cv.schema.json` is this schema, checked in; a test fails when the two differ.
//! Regenerate it with `vitae schema > schemas/cv.schema.json`.

use crate::model::Cv;

/// The `$id` of the schema.
pub const SCHEMA_ID: &str = "https://github.com/vitae-cv/vitae/schemas/cv.schema.json";

/// The JSON Schema (draft 2020-12) of a CV file.
///
/// ```
/// let s = vitae::schema::json_schema();
/// assert_eq!(s.get("title").and_then(|t| t.as_str()), Some("vitae CV"));
/// ```
pub fn json_schema() -> schemars::Schema {
    let mut s = schemars::schema_for!(Cv);
    s.insert("$id".into(), SCHEMA_ID.into());
    s.insert("title".into(), "vitae CV".into());
    s
}

/// The schema as pretty-printed JSON with a final newline, as checked in.
pub fn json_schema_string() -> String {
    let mut out = serde_json::to_string_pretty(&json_schema()).unwrap_or_default();
    out.push('\n');
    out
}
