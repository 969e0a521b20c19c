//! Unknown keys, found by walking the input beside the JSON Schema generated from the types.
//!
//! serde stops at the first unknown field; this walk reports all of them, each with a
//! "did you mean" when a known key is close.

use serde_json::Value;

use crate::report::Diagnostic;

pub(crate) fn unknown_keys(value: &Value, schema: &Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    walk(value, schema, schema, "", &mut out);
    out
}

fn resolve<'a>(root: &'a Value, s: &'a Value) -> &'a Value {
    let mut s = s;
    for _ in 0..32 {
        match s.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let Some(name) = r.strip_prefix("#/$defs/") else {
                    return s;
                };
                match root.get("$defs").and_then(|d| d.get(name)) {
                    Some(t) => s = t,
                    None => return s,
                }
            }
            None => return s,
        }
    }
    s
}

fn schema_types(root: &Value, s: &Value) -> Vec<String> {
    let s = resolve(root, s);
    if let Some(t) = s.get("type") {
        return match t {
            Value::String(t) => vec![t.clone()],
            Value::Array(ts) => ts
                .iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect(),
            _ => vec![],
        };
    }
    if s.get("properties").is_some() {
        return vec!["object".into()];
    }
    let mut out = Vec::new();
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(bs)) = s.get(key) {
            for b in bs {
                out.extend(schema_types(root, b));
            }
        }
    }
    out
}

/// The branch of an `anyOf`/`oneOf` that fits the value's JSON type.
fn pick<'a>(root: &'a Value, s: &'a Value, v: &Value) -> Option<&'a Value> {
    let s = resolve(root, s);
    let want = match v {
        Value::Object(_) => "object",
        Value::Array(_) => "array",
        _ => return None,
    };
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(bs)) = s.get(key) {
            return bs
                .iter()
                .find(|b| schema_types(root, b).iter().any(|t| t == want))
                .and_then(|b| pick(root, b, v).or(Some(resolve(root, b))));
        }
    }
    Some(s)
}

fn walk(v: &Value, s: &Value, root: &Value, path: &str, out: &mut Vec<Diagnostic>) {
    let Some(s) = pick(root, s, v) else {
        return;
    };
    match v {
        Value::Object(m) => {
            let Some(props) = s.get("properties").and_then(Value::as_object) else {
                return;
            };
            let closed = s.get("additionalProperties") == Some(&Value::Bool(false));
            for (k, child) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match props.get(k) {
                    Some(cs) => walk(child, cs, root, &p, out),
                    None if closed => {
                        let known: Vec<&str> = props.keys().map(String::as_str).collect();
                        let mut msg = format!("unknown key `{k}`");
                        match did_you_mean(k, &known) {
                            Some(best) => msg.push_str(&format!("; did you mean `{best}`?")),
                            None => {
                                msg.push_str(&format!("; expected one of: {}", known.join(", ")))
                            }
                        }
                        out.push(Diagnostic::error(p, msg));
                    }
                    None => {}
                }
            }
        }
        Value::Array(items) => {
            if let Some(is) = s.get("items") {
                for (i, item) in items.iter().enumerate() {
                    walk(item, is, root, &format!("{path}[{i}]"), out);
                }
            }
        }
        _ => {}
    }
}

/// The known key closest to `k`, when it is close enough to be a typo.
pub(crate) fn did_you_mean<'a>(k: &str, known: &[&'a str]) -> Option<&'a str> {
    let k = k.to_lowercase().replace('_', "-");
    known
        .iter()
        .map(|c| (strsim::levenshtein(&k, c), *c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2) || k == c.replace('-', ""))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}
