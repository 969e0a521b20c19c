//! TOML → JSON value, with the line and column of every field (from the spans of the `toml`
//! crate's document parser).

use serde_json::Value;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::source_map::{LineIndex, SourceMap};
use crate::report::{Code, Diagnostic};

pub(crate) fn to_value(text: &str) -> Result<(Value, SourceMap), Diagnostic> {
    let lines = LineIndex::new(text);
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let mut d = Diagnostic::error("", format!("TOML syntax error: {}", e.message()))
            .with_code(Code::Syntax);
        if let Some(span) = e.span() {
            let (l, c) = lines.position(span.start);
            d = d.at(l, c);
        }
        d
    })?;
    let mut map = SourceMap::default();
    // The same text parsed again, keeping spans; it parsed once, so it parses again.
    if let Ok(doc) = DeTable::parse(text) {
        locate_table(doc.get_ref(), "", &lines, &mut map);
    }
    Ok((to_json(toml::Value::Table(table)), map))
}

fn locate_table(t: &DeTable<'_>, path: &str, lines: &LineIndex<'_>, map: &mut SourceMap) {
    for (k, v) in t.iter() {
        let p = if path.is_empty() {
            k.get_ref().to_string()
        } else {
            format!("{path}.{}", k.get_ref())
        };
        map.key(&p, lines.position(k.span().start));
        locate_value(v, &p, lines, map);
    }
}

fn locate_value(v: &Spanned<DeValue<'_>>, path: &str, lines: &LineIndex<'_>, map: &mut SourceMap) {
    let container = matches!(v.get_ref(), DeValue::Array(_) | DeValue::Table(_));
    map.value(path, lines.position(v.span().start), container);
    match v.get_ref() {
        DeValue::Table(t) => locate_table(t, path, lines, map),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                locate_value(item, &format!("{path}[{i}]"), lines, map);
            }
        }
        _ => {}
    }
}

fn to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect())
        }
    }
}
