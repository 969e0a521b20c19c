//! YAML → JSON value, with the line and column of every field.
//!
//! The YAML parser is `yaml-rust2`'s event parser; this module builds the value tree itself so
//! that it can record where each field stands, bound alias expansion (alias bombs) and nesting
//! depth, and refuse duplicate keys.

use std::collections::HashMap;

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::source_map::SourceMap;
use crate::report::Diagnostic;

/// The deepest nesting accepted; a CV needs about 6.
pub(crate) const MAX_DEPTH: usize = 64;
/// The most nodes a document may have after alias expansion.
pub(crate) const MAX_NODES: usize = 500_000;

pub(crate) fn to_value(text: &str) -> Result<(Value, SourceMap), Diagnostic> {
    let mut b = Builder {
        parser: Parser::new_from_str(text),
        anchors: HashMap::new(),
        nodes: 0,
        map: SourceMap::default(),
    };
    b.document().map(|v| (v, b.map))
}

struct Builder<'a> {
    parser: Parser<std::str::Chars<'a>>,
    anchors: HashMap<usize, (Value, usize)>,
    nodes: usize,
    map: SourceMap,
}

fn at(m: &Marker, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error("", message).at(m.line(), m.col() + 1)
}

impl Builder<'_> {
    fn next(&mut self) -> Result<(Event, Marker), Diagnostic> {
        self.parser.next_token().map_err(|e| {
            let m = e.marker();
            Diagnostic::error("", format!("YAML syntax error: {}", e.info()))
                .at(m.line(), m.col() + 1)
        })
    }

    fn document(&mut self) -> Result<Value, Diagnostic> {
        let mut value = None;
        loop {
            let (ev, m) = self.next()?;
            match ev {
                Event::StreamStart | Event::DocumentStart | Event::DocumentEnd | Event::Nothing => {
                }
                Event::StreamEnd => break,
                _ if value.is_some() => {
                    return Err(at(&m, "expected one YAML document, found a second one"));
                }
                ev => value = Some(self.node(ev, m, "", 0)?),
            }
        }
        Ok(value.unwrap_or(Value::Null))
    }

    fn count(&mut self, n: usize, m: &Marker) -> Result<(), Diagnostic> {
        self.nodes += n;
        if self.nodes > MAX_NODES {
            return Err(at(
                m,
                format!(
                    "the document expands to more than {MAX_NODES} nodes (an alias bomb?); refused"
                ),
            ));
        }
        Ok(())
    }

    fn node(
        &mut self,
        ev: Event,
        m: Marker,
        path: &str,
        depth: usize,
    ) -> Result<Value, Diagnostic> {
        if depth > MAX_DEPTH {
            return Err(at(
                &m,
                format!("nesting deeper than {MAX_DEPTH} levels; refused"),
            ));
        }
        let start = self.nodes;
        let (value, anchor) = match ev {
            Event::Alias(id) => {
                let Some((v, size)) = self.anchors.get(&id).cloned() else {
                    return Err(at(&m, "an alias to an unknown anchor"));
                };
                self.count(size, &m)?;
                return Ok(v);
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.count(1, &m)?;
                let is_str_tag = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let v = if style != TScalarStyle::Plain || is_str_tag {
                    Value::String(text)
                } else {
                    resolve_plain(text)
                };
                (v, anchor)
            }
            Event::SequenceStart(anchor, _) => {
                self.count(1, &m)?;
                let mut items = Vec::new();
                loop {
                    let (ev, im) = self.next()?;
                    if ev == Event::SequenceEnd {
                        break;
                    }
                    let p = format!("{path}[{}]", items.len());
                    self.map.insert(p.clone(), im.line(), im.col() + 1);
                    items.push(self.node(ev, im, &p, depth + 1)?);
                }
                (Value::Array(items), anchor)
            }
            Event::MappingStart(anchor, _) => {
                self.count(1, &m)?;
                let mut obj = Map::new();
                loop {
                    let (kev, km) = self.next()?;
                    if kev == Event::MappingEnd {
                        break;
                    }
                    let key = match self.node(kev, km, path, depth + 1)? {
                        Value::String(s) => s,
                        Value::Null => String::new(),
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        _ => {
                            return Err(at(
                                &km,
                                "expected a plain key, found a list or map as key",
                            ));
                        }
                    };
                    let p = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    if obj.contains_key(&key) {
                        return Err(at(&km, format!("duplicate key `{key}` in the same map")));
                    }
                    self.map.insert(p.clone(), km.line(), km.col() + 1);
                    let (vev, vm) = self.next()?;
                    let v = self.node(vev, vm, &p, depth + 1)?;
                    obj.insert(key, v);
                }
                (Value::Object(obj), anchor)
            }
            Event::SequenceEnd
            | Event::MappingEnd
            | Event::StreamEnd
            | Event::StreamStart
            | Event::DocumentStart
            | Event::DocumentEnd
            | Event::Nothing => {
                return Err(at(&m, "unexpected end of a YAML node"));
            }
        };
        if anchor > 0 {
            self.anchors
                .insert(anchor, (value.clone(), self.nodes - start));
        }
        Ok(value)
    }
}

/// The YAML 1.2 core schema for plain scalars: null, booleans, integers, floats, else text.
fn resolve_plain(text: String) -> Value {
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let t = text.as_str();
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = t.parse::<i64>() {
            return Value::Number(n.into());
        }
        if let Ok(n) = t.parse::<u64>() {
            return Value::Number(n.into());
        }
        return Value::String(text);
    }
    let is_float = !body.is_empty()
        && body
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || b == b'.')
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || b"._eE+-".contains(&b))
        && body.bytes().any(|b| b.is_ascii_digit());
    if is_float {
        if let Some(n) = t.parse::<f64>().ok().and_then(Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(text)
}
