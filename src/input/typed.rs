//! From the JSON value to the typed model: every bad field of every item, each at its path,
//! in plain words.

use std::collections::HashSet;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::model::Cv;
use crate::report::{Code, Diagnostic, Severity};

/// How many errors one part (the person, one item) may report.
const MAX_ERRORS_PER_PART: usize = 32;

/// Reads the CV's sections, one item at a time, collecting every error. The `works`
/// entries with a `key` are annotations of the bibliography's works: they go to
/// `annotations`, each with its index among the entries.
pub(crate) fn cv(
    value: &Value,
    diags: &mut Vec<Diagnostic>,
    annotations: &mut Vec<(usize, crate::model::WorkAnnotation)>,
) -> Option<Cv> {
    use crate::model::{
        Affiliation, Award, BibliographySource, Course, PatentFamily, PeerReview, Person, Project,
        ResearchResource, Supervision,
    };
    let obj = value.as_object()?;
    let before = diags.len();
    let person: Option<Person> = match obj.get("person") {
        Some(p) => part(p, "person", diags),
        None => {
            diags.push(Diagnostic::error(
                "",
                "missing required section `person`: expected at least the person's given-names and family-name",
            ).with_code(Code::Required));
            None
        }
    };
    let base_iri: Option<url::Url> = obj.get("base-iri").and_then(|v| part(v, "base-iri", diags));
    let updated = obj.get("updated").and_then(|v| part(v, "updated", diags));
    let employment = list::<Affiliation>(obj, "employment", diags);
    let education = list::<Affiliation>(obj, "education", diags);
    let qualifications = list::<Affiliation>(obj, "qualifications", diags);
    let invited_positions = list::<Affiliation>(obj, "invited-positions", diags);
    let memberships = list::<Affiliation>(obj, "memberships", diags);
    let services = list::<Affiliation>(obj, "services", diags);
    let awards = list::<Award>(obj, "awards", diags);
    let projects = list::<Project>(obj, "projects", diags);
    let patents = list::<PatentFamily>(obj, "patents", diags);
    let works = works(obj, diags, annotations);
    let bibliography = match obj.get("bibliography") {
        Some(v @ Value::String(_)) => part::<BibliographySource>(v, "bibliography", diags)
            .into_iter()
            .collect(),
        _ => list::<BibliographySource>(obj, "bibliography", diags),
    };
    let teaching = list::<Course>(obj, "teaching", diags);
    let supervision = list::<Supervision>(obj, "supervision", diags);
    let peer_reviews = list::<PeerReview>(obj, "peer-reviews", diags);
    let research_resources = list::<ResearchResource>(obj, "research-resources", diags);
    let cv = Cv {
        base_iri,
        updated,
        person: person?,
        employment,
        education,
        qualifications,
        invited_positions,
        memberships,
        services,
        awards,
        projects,
        patents,
        works,
        bibliography,
        teaching,
        supervision,
        peer_reviews,
        research_resources,
    };
    let failed = diags[before..]
        .iter()
        .any(|d| d.severity == Severity::Error);
    (!failed).then_some(cv)
}

/// The works: the entries without `key` as works, those with one as annotations.
fn works(
    obj: &serde_json::Map<String, Value>,
    diags: &mut Vec<Diagnostic>,
    annotations: &mut Vec<(usize, crate::model::WorkAnnotation)>,
) -> Vec<crate::model::Work> {
    let is_annotation = |v: &Value| v.get("key").is_some();
    match obj.get("works") {
        Some(Value::Array(items)) if items.iter().any(is_annotation) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, v) in items.iter().enumerate() {
                let path = format!("works[{i}]");
                if is_annotation(v) {
                    annotations.extend(part(v, &path, diags).map(|a| (i, a)));
                } else {
                    out.extend(part(v, &path, diags));
                }
            }
            out
        }
        Some(v @ Value::Object(_)) if is_annotation(v) => {
            annotations.extend(part(v, "works", diags).map(|a| (0, a)));
            Vec::new()
        }
        _ => list(obj, "works", diags),
    }
}

/// The items of a section: a list, or one item written as a map.
fn list<T: DeserializeOwned>(
    obj: &serde_json::Map<String, Value>,
    key: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<T> {
    match obj.get(key) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => {
            // Sized at once: items are large, and growing the list would copy them again
            // and again.
            let mut out = Vec::with_capacity(items.len());
            let mut path = String::new();
            for (i, v) in items.iter().enumerate() {
                path.clear();
                path.push_str(key);
                crate::report::push_index(&mut path, i);
                out.extend(part(v, &path, diags));
            }
            out
        }
        Some(v @ Value::Object(_)) => part(v, key, diags).into_iter().collect(),
        Some(other) => {
            diags.push(
                Diagnostic::error(
                    key,
                    format!(
                        "expected a list of items, found {}",
                        found_words(&unexpected(other))
                    ),
                )
                .with_code(Code::WrongType),
            );
            Vec::new()
        }
    }
}

/// serde's words for a JSON value, as in its "invalid type" messages.
fn unexpected(v: &Value) -> String {
    match v {
        Value::Null => "unit value".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "sequence".into(),
        Value::Object(_) => "map".into(),
    }
}

/// Deserializes one part at `path`. On an error it reports it, removes the field at fault and
/// tries again, so that every bad field of the part is reported, not only the first.
pub(crate) fn part<T: DeserializeOwned>(
    v: &Value,
    path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    // Most parts are fine: read them plainly first, and track paths only to report errors.
    if let Ok(x) = T::deserialize(v) {
        return Some(x);
    }
    let mut pruned: Option<Value> = None;
    // Keys removed so far, as (path of their map within the part, key).
    let mut removed: Vec<(String, String)> = Vec::new();
    for _ in 0..MAX_ERRORS_PER_PART {
        let current = pruned.as_ref().unwrap_or(v);
        let err = match serde_path_to_error::deserialize::<_, T>(current) {
            Ok(x) => return pruned.is_none().then_some(x),
            Err(e) => e,
        };
        let outer = err.path().to_string();
        let message = err.into_inner().to_string();
        let (sub, message) = crate::types::split_error_at(&message);
        let rel = join(if outer == "." { "" } else { &outer }, sub);
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|r| r.strip_suffix('`'));
        // A required field we removed ourselves was reported already.
        let echo = missing.is_some_and(|k| removed.iter().any(|(p, key)| *p == rel && key == k));
        if !echo {
            diags.push(
                Diagnostic::error(join(path, &rel), tidy_message(message))
                    .with_code(code_of(message)),
            );
        }
        let target = pruned.get_or_insert_with(|| v.clone());
        match remove_last_key(target, &rel) {
            Some(r) => removed.push(r),
            None => break,
        }
    }
    None
}

fn join(path: &str, rel: &str) -> String {
    match (path.is_empty(), rel.is_empty()) {
        (_, true) => path.to_owned(),
        (true, false) => rel.to_owned(),
        (false, false) if rel.starts_with('[') => format!("{path}{rel}"),
        (false, false) => format!("{path}.{rel}"),
    }
}

enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

/// `works[3].authors[1].orcid` → its segments, each with where it starts in the path.
fn segments(path: &str) -> Option<Vec<(usize, Segment<'_>)>> {
    let mut out = Vec::new();
    let mut i = 0;
    let b = path.as_bytes();
    while i < b.len() {
        if b[i] == b'[' {
            let close = path[i..].find(']')? + i;
            out.push((i, Segment::Index(path[i + 1..close].parse().ok()?)));
            i = close + 1;
            if i < b.len() && b[i] == b'.' {
                i += 1;
            }
        } else {
            let end = path[i..].find(['.', '[']).map_or(b.len(), |e| e + i);
            let key = &path[i..end];
            if key == "?" {
                return None;
            }
            out.push((i, Segment::Key(key)));
            i = if end < b.len() && b[end] == b'.' {
                end + 1
            } else {
                end
            };
        }
    }
    Some(out)
}

/// The value at a path, mutable.
pub(crate) fn pointer_mut<'v>(v: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    let mut cur = v;
    for (_, s) in segments(path)? {
        cur = match s {
            Segment::Key(k) => cur.as_object_mut()?.get_mut(k)?,
            Segment::Index(i) => cur.as_array_mut()?.get_mut(i)?,
        };
    }
    Some(cur)
}

/// Removes the last key of a path from its map (for `authors[1]`, the whole `authors`);
/// returns the path of that map and the key.
fn remove_last_key(v: &mut Value, path: &str) -> Option<(String, String)> {
    let segs = segments(path)?;
    let (start, key) = segs.iter().rev().find_map(|(at, s)| match s {
        Segment::Key(k) => Some((*at, *k)),
        Segment::Index(_) => None,
    })?;
    let parent = path[..start].trim_end_matches('.');
    let map = pointer_mut(v, parent)?.as_object_mut()?;
    map.shift_remove(key)?;
    Some((parent.to_owned(), key.to_owned()))
}

/// What the schema walk reported already, so that the typed pass does not report it again.
pub(crate) struct Reported {
    /// Lists and maps given where none belongs: serde's errors at or under them are echoes.
    misplaced: HashSet<String>,
    /// (map, known key) for each misspelt key: "missing required field" of that key is an echo.
    misspelt: HashSet<(String, String)>,
}

impl Reported {
    pub(crate) fn new(unknown: &[(String, String, Option<String>)], misplaced: &[String]) -> Self {
        Self {
            misplaced: misplaced.iter().cloned().collect(),
            misspelt: unknown
                .iter()
                .filter_map(|(map, _, best)| best.as_ref().map(|b| (map.clone(), b.clone())))
                .collect(),
        }
    }

    /// Whether a diagnostic of the typed pass repeats one of the schema walk.
    pub(crate) fn covers(&self, d: &Diagnostic) -> bool {
        let mut p = d.path.as_str();
        loop {
            if self.misplaced.contains(p) {
                return true;
            }
            match p.rfind(['.', '[']) {
                Some(cut) => p = &p[..cut],
                None => break,
            }
        }
        d.message
            .strip_prefix("missing required field `")
            .and_then(|r| r.strip_suffix('`'))
            .is_some_and(|k| self.misspelt.contains(&(d.path.clone(), k.to_owned())))
    }
}

/// The messages of the url crate's `ParseError`, which serde gives as "expected ...".
const URL_ERRORS: &[&str] = &[
    "empty host",
    "invalid international domain name",
    "invalid port number",
    "invalid IPv4 address",
    "invalid IPv6 address",
    "invalid domain character",
    "relative URL without a base",
    "relative URL with a cannot-be-a-base base",
];

/// serde's kinds of error — the provided methods of `serde::de::Error`, which serde_json's
/// errors keep — by the words each begins its message with, and their codes. A test holds
/// them to serde_json's own messages.
const SERDE_KINDS: &[(&str, Code)] = &[
    ("missing field `", Code::Required),
    ("unknown field `", Code::UnknownKey),
    ("invalid type: ", Code::WrongType),
    ("invalid length ", Code::WrongType),
    ("invalid value: ", Code::InvalidValue),
    ("unknown variant `", Code::InvalidValue),
    // Not from a CV: a map read from JSON, YAML or TOML has each key once.
    ("duplicate field `", Code::Duplicate),
];

/// The code of an error serde gave while reading a part, by where its message was made:
/// serde's own kinds ([`SERDE_KINDS`]); the kinds of the validated types' errors
/// ([`ValueError::refusal_of`](crate::types::ValueError::refusal_of), read from the form of
/// the message their constructors made); any other refusal of a type or short form, which
/// says what it expected (`expected a DOI like …`, `expected either `url` or `file` …`, the
/// url crate's errors), is an invalid value. Each is matched from the message's start, so the
/// refused value, quoted in the message, cannot change the code. A message of none of these
/// forms is `Code::Other`, which tests/malformed.rs and tests/public_api.rs refuse.
fn code_of(m: &str) -> Code {
    use crate::types::{Refusal, ValueError};
    if let Some((_, code)) = SERDE_KINDS.iter().find(|(lead, _)| m.starts_with(lead)) {
        return *code;
    }
    match ValueError::refusal_of(m) {
        Refusal::CheckDigit => Code::BadChecksum,
        Refusal::DateOrder => Code::DateOrder,
        Refusal::Invalid
            if m.starts_with("expected ") || URL_ERRORS.iter().any(|e| m.starts_with(e)) =>
        {
            Code::InvalidValue
        }
        Refusal::Invalid => Code::Other,
    }
}

/// serde's messages, in plain words that say what was expected and what was found.
pub(crate) fn tidy_message(m: &str) -> String {
    for (prefix, what) in [("unknown variant `", "value"), ("unknown field `", "key")] {
        let Some((found, expected)) = m
            .strip_prefix(prefix)
            .and_then(|r| r.split_once("`, expected "))
        else {
            continue;
        };
        let expected = expected.strip_prefix("one of ").unwrap_or(expected);
        let known: Vec<&str> = expected
            .split(", ")
            .flat_map(|k| k.split(" or "))
            .map(|k| k.trim_matches('`'))
            .filter(|k| !k.is_empty())
            .collect();
        return match crate::report::did_you_mean(found, &known) {
            Some(best) => format!("unknown {what} `{found}`; did you mean `{best}`?"),
            None => format!(
                "unknown {what} `{found}`; expected one of: {}",
                known.join(", ")
            ),
        };
    }
    for e in URL_ERRORS {
        if let Some(found) = m.strip_prefix(e).and_then(|r| r.strip_prefix(": ")) {
            return format!(
                "expected an absolute URL like https://example.org/, found {found} ({e})"
            );
        }
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        let Some((found, expected)) = m
            .strip_prefix(prefix)
            .and_then(|r| r.rsplit_once(", expected "))
        else {
            continue;
        };
        if URL_ERRORS.contains(&expected) {
            return format!(
                "expected an absolute URL like https://example.org/, found {} ({expected})",
                found_words(found)
            );
        }
        let expected = expected_words(expected);
        let mut msg = format!("expected {expected}, found {}", found_words(found));
        if expected == "text"
            && (found.starts_with("floating point") || found.starts_with("boolean"))
        {
            msg.push_str("; put it in quotes to make it text");
        }
        return msg;
    }
    match m.strip_prefix("missing field ") {
        Some(f) => format!("missing required field {f}"),
        None => m.to_owned(),
    }
}

/// serde's `Unexpected` in words: "integer `5`" → "the number 5".
fn found_words(found: &str) -> String {
    let inner = |p: &str| {
        found
            .strip_prefix(p)
            .map(|r| r.trim_matches('`').to_owned())
    };
    if let Some(n) = inner("integer ").or_else(|| inner("floating point ")) {
        return format!("the number {n}");
    }
    if let Some(b) = inner("boolean ") {
        return format!("the boolean {b}");
    }
    if let Some(s) = found.strip_prefix("string ") {
        return format!("the text {s}");
    }
    match found {
        "sequence" => "a list".into(),
        "map" => "a map".into(),
        "unit value" | "null" => "an empty value".into(),
        other => other.into(),
    }
}

/// serde's "expected" in words: "a string" → "text", "struct Person" → "a map".
fn expected_words(expected: &str) -> String {
    if expected.starts_with("struct ") {
        return "a map of fields".into();
    }
    match expected {
        "a string" => "text".into(),
        "a sequence" => "a list".into(),
        "a boolean" => "true or false".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" => {
            "a whole number".into()
        }
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_expected_and_found() {
        assert_eq!(
            tidy_message("invalid type: integer `42`, expected a string"),
            "expected text, found the number 42"
        );
        assert_eq!(
            tidy_message("invalid type: floating point `2206.03208`, expected a string"),
            "expected text, found the number 2206.03208; put it in quotes to make it text"
        );
        assert_eq!(
            tidy_message("invalid type: integer `5`, expected struct Raw"),
            "expected a map of fields, found the number 5"
        );
        assert_eq!(
            tidy_message("invalid type: string \"x\", expected u64"),
            "expected a whole number, found the text \"x\""
        );
        assert_eq!(
            tidy_message(
                "unknown variant `privat`, expected one of `public`, `limited`, `private`"
            ),
            "unknown value `privat`; did you mean `private`?"
        );
        assert_eq!(
            tidy_message("unknown variant `x`, expected `a` or `b`"),
            "unknown value `x`; expected one of: a, b"
        );
        assert_eq!(
            tidy_message("invalid value: string \"foo\", expected relative URL without a base"),
            "expected an absolute URL like https://example.org/, found the text \"foo\" (relative URL without a base)"
        );
        assert_eq!(
            tidy_message("relative URL without a base: \"engine.html\""),
            "expected an absolute URL like https://example.org/, found \"engine.html\" (relative URL without a base)"
        );
        assert_eq!(
            tidy_message("missing field `title`"),
            "missing required field `title`"
        );
    }

    /// [`SERDE_KINDS`] holds the words serde_json's errors begin each of serde's kinds of
    /// error with, and each kind has a code of its own.
    #[test]
    fn serdes_kinds_of_error_are_told_by_serde_jsons_own_words() {
        use serde::de::{Error as _, Unexpected};
        type E = serde_json::Error;
        let kinds = [
            (E::missing_field("title"), Code::Required),
            (E::unknown_field("titel", &["title"]), Code::UnknownKey),
            (
                E::invalid_type(Unexpected::Unsigned(5), &"a string"),
                Code::WrongType,
            ),
            (E::invalid_length(3, &"2 elements"), Code::WrongType),
            (
                E::invalid_value(Unexpected::Str("x"), &"a URL"),
                Code::InvalidValue,
            ),
            (
                E::unknown_variant("privat", &["private"]),
                Code::InvalidValue,
            ),
            (E::duplicate_field("title"), Code::Duplicate),
        ];
        assert_eq!(kinds.len(), SERDE_KINDS.len());
        for ((e, code), (lead, kind_code)) in kinds.iter().zip(SERDE_KINDS) {
            let m = e.to_string();
            assert!(m.starts_with(lead), "{m:?} does not begin with {lead:?}");
            assert_eq!((code_of(&m), code), (*kind_code, kind_code), "{m}");
        }
    }

    #[test]
    fn the_types_refusals_keep_their_codes_and_others_say_what_they_expected() {
        let checksum = crate::types::Issn::new("0031-3204").unwrap_err();
        assert_eq!(code_of(checksum.message()), Code::BadChecksum);
        let ror = crate::types::RorId::new("03v4gjf41").unwrap_err();
        assert_eq!(code_of(ror.message()), Code::BadChecksum, "{ror}");
        let order = crate::types::DateRange::new(
            Some("2020".parse().unwrap()),
            Some("2019".parse().unwrap()),
        )
        .unwrap_err();
        assert_eq!(code_of(order.message()), Code::DateOrder);
        // A value with quotes and the words of a checksum error is quoted back, escaped.
        let quoted =
            crate::types::OrcidId::new("\" has a wrong check digit: expected 1").unwrap_err();
        assert_eq!(code_of(quoted.message()), Code::InvalidValue, "{quoted}");
        assert_eq!(
            code_of("relative URL without a base: \"x\""),
            Code::InvalidValue
        );
        assert_eq!(code_of("something nobody wrote"), Code::Other);
    }

    #[test]
    fn paths_split_and_prune() {
        let mut v = serde_json::json!({"a": {"b": [1, {"c": 2, "d": 3}]}});
        assert_eq!(
            remove_last_key(&mut v, "a.b[1].c"),
            Some(("a.b[1]".to_owned(), "c".to_owned()))
        );
        assert_eq!(
            remove_last_key(&mut v, "a.b[0]"),
            Some(("a".to_owned(), "b".to_owned()))
        );
        assert_eq!(v, serde_json::json!({"a": {}}));
        assert_eq!(remove_last_key(&mut v, ""), None);
        assert_eq!(remove_last_key(&mut v, "a.?"), None);
    }
}
