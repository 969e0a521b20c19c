//! YAML → JSON value, with the line and column of every field.
//!
//! The YAML parser is `yaml-rust2`'s event parser (a state machine, no recursion: 10,000 nested
//! `[` or `- ` cannot overflow the stack there); this module builds the value tree itself so
//! that it can record where each field stands, bound nesting depth and alias expansion (alias
//! bombs), and refuse duplicate keys.

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

use serde_json::{Map, Value};
use yaml_rust2::parser::Tag;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::source_map::{NodeId, Position, SourceMap};
use crate::report::{Code, Diagnostic};

/// The deepest nesting accepted; a CV needs about 8.
pub(crate) const MAX_DEPTH: usize = 64;
/// The most nodes a document may have after alias expansion.
pub(crate) const MAX_NODES: usize = 500_000;
/// The most bytes of text a document may have after alias expansion.
pub(crate) const MAX_TEXT_BYTES: usize = 4 * super::MAX_FILE_SIZE as usize;

/// Why a text could not be read as a YAML value.
#[derive(Debug)]
pub(crate) enum YamlError {
    /// The text is not YAML.
    Syntax(Diagnostic),
    /// YAML, but refused: a duplicate key, too deep, too large once aliases are expanded.
    Refused(Diagnostic),
}

pub(crate) fn to_value(text: &str) -> Result<(Value, SourceMap), YamlError> {
    let read = Rc::new(Cell::new(Read::Reading));
    let mut b = Builder {
        text,
        parser: Parser::new(Chars {
            chars: text.char_indices(),
            read: Rc::clone(&read),
        }),
        anchors: HashMap::new(),
        nodes: 0,
        bytes: 0,
        map: SourceMap::default(),
        entries: Vec::new(),
        items: Vec::new(),
        end: None,
    };
    let value = b.document()?;
    match read.get() {
        Read::End => Ok((value, b.map)),
        Read::Nul(i) => Err(stopped_early(super::line_col(text.as_bytes(), i))),
        Read::Reading => Err(stopped_early(b.end.unwrap_or((1, 1)))),
    }
}

/// How far the parser has read its text.
#[derive(Debug, Clone, Copy)]
enum Read {
    /// Not to the end yet.
    Reading,
    /// To the end, without a NUL.
    End,
    /// A NUL at this byte, which yaml-rust2 takes for the end of the text.
    Nul(usize),
}

/// The characters of a text as the parser reads them, noting in `read` whether it reached
/// the end: yaml-rust2 stops at a NUL as at the end, and would leave the rest unread without
/// a word.
struct Chars<'a> {
    chars: std::str::CharIndices<'a>,
    read: Rc<Cell<Read>>,
}

impl Iterator for Chars<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let next = self.chars.next();
        if let Read::Reading = self.read.get() {
            match next {
                None => self.read.set(Read::End),
                Some((i, '\0')) => self.read.set(Read::Nul(i)),
                Some(_) => {}
            }
        }
        next.map(|(_, c)| c)
    }
}

/// The error for a parse that ended at `at`, before the end of its text: nothing may be
/// dropped without an error.
fn stopped_early((line, col): Position) -> YamlError {
    YamlError::Syntax(
        Diagnostic::error(
            "",
            "expected the YAML reader to read the whole file, found it stopped here; refused, as what follows would be lost",
        )
        .with_code(Code::Syntax)
        .at(line, col),
    )
}

struct Builder<'a> {
    text: &'a str,
    parser: Parser<Chars<'a>>,
    /// Anchor id → its value, node count and text bytes.
    anchors: HashMap<usize, (Value, usize, usize)>,
    nodes: usize,
    bytes: usize,
    map: SourceMap,
    /// The entries of the maps being read, innermost last: a map is made once its entries
    /// are known, at its size, rather than grown entry by entry.
    entries: Vec<(String, Value)>,
    /// The items of the lists being read, innermost last, alike.
    items: Vec<Value>,
    /// Where the parser said the text ends.
    end: Option<Position>,
}

/// The most entries a map keeps in [`Builder::entries`], where a duplicate key is looked for
/// one entry after another; a larger map is made at once and looks keys up by hash.
const SMALL_MAP: usize = 16;

/// yaml-rust2's markers count lines from 1 and columns from 0; reports count both from 1.
fn pos(m: &Marker) -> Position {
    (m.line(), m.col() + 1)
}

fn refused(m: &Marker, message: impl Into<String>) -> YamlError {
    let (l, c) = pos(m);
    YamlError::Refused(
        Diagnostic::error("", message)
            .with_code(Code::TooDeep)
            .at(l, c),
    )
}

pub(crate) fn too_deep() -> String {
    format!("expected at most {MAX_DEPTH} levels of nesting, found more; refused")
}

/// yaml-rust2's message, with what to do about it for the common mistakes.
fn syntax_message(info: &str) -> String {
    let hint = if info.contains("tabs disallowed") {
        "; YAML is indented with spaces, not tabs"
    } else if info.contains("quoted scalar") {
        "; is the closing quote missing?"
    } else if info.contains("mapping values are not allowed")
        || info.contains("did not find expected key")
        || info.contains("invalid indentation")
        || info.contains("did not find expected '-'")
    {
        "; check the indentation: the keys of one map must line up"
    } else if info.contains("unknown anchor") {
        "; an alias `*name` needs an anchor `&name` before it"
    } else {
        ""
    };
    format!("YAML syntax error: {info}{hint}")
}

impl Builder<'_> {
    fn next(&mut self) -> Result<(Event, Marker), YamlError> {
        self.parser.next_token().map_err(|e| {
            let m = e.marker();
            let (line, mut col) = pos(m);
            if e.info().contains("tab") {
                // The marker stands after the tab; show the tab itself.
                if let Some(i) = self
                    .text
                    .lines()
                    .nth(line.saturating_sub(1))
                    .and_then(|l| l.find('\t'))
                {
                    col = i + 1;
                }
            }
            if e.info().contains("recursion limit exceeded") {
                // The scanner's own bound (255 nested `[` or `{`), met before the builder's.
                return YamlError::Refused(
                    Diagnostic::error("", too_deep())
                        .with_code(Code::TooDeep)
                        .at(line, col),
                );
            }
            YamlError::Syntax(
                Diagnostic::error("", syntax_message(e.info()))
                    .with_code(Code::Syntax)
                    .at(line, col),
            )
        })
    }

    fn document(&mut self) -> Result<Value, YamlError> {
        let mut value = None;
        let mut doc_start = None;
        loop {
            let (ev, m) = self.next()?;
            match ev {
                Event::DocumentStart => doc_start = Some(m),
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
                Event::StreamEnd => {
                    self.end = Some(pos(&m));
                    break;
                }
                _ if value.is_some() => {
                    let (l, c) = pos(&doc_start.unwrap_or(m));
                    return Err(YamlError::Syntax(
                        Diagnostic::error(
                            "",
                            "expected one YAML document, found a second one (after `---`)",
                        )
                        .with_code(Code::Syntax)
                        .at(l, c),
                    ));
                }
                ev => {
                    let root = self.map.root(self.text.len());
                    value = Some(self.node(ev, m, root, 0)?.0);
                }
            }
        }
        Ok(value.unwrap_or(Value::Null))
    }

    fn count(&mut self, nodes: usize, bytes: usize, m: &Marker) -> Result<(), YamlError> {
        self.nodes += nodes;
        self.bytes += bytes;
        if self.nodes > MAX_NODES {
            return Err(refused(
                m,
                format!(
                    "expected at most {MAX_NODES} values once aliases are expanded, found more (an alias bomb?); refused"
                ),
            ));
        }
        if self.bytes > MAX_TEXT_BYTES {
            return Err(refused(
                m,
                format!(
                    "expected at most {MAX_TEXT_BYTES} bytes of text once aliases are expanded, found more (an alias bomb?); refused"
                ),
            ));
        }
        Ok(())
    }

    /// Builds the node that starts with `ev`, at the path of `at` in the source map; returns
    /// it and where it starts (for a block map, its first key rather than the parser's marker
    /// at the first `:`).
    fn node(
        &mut self,
        ev: Event,
        m: Marker,
        at: NodeId,
        depth: usize,
    ) -> Result<(Value, Marker), YamlError> {
        if depth > MAX_DEPTH {
            return Err(refused(&m, too_deep()));
        }
        let (nodes, bytes) = (self.nodes, self.bytes);
        let mut start = m;
        let (value, anchor) = match ev {
            Event::Alias(id) => {
                let Some((v, n, b)) = self.anchors.get(&id).cloned() else {
                    return Err(YamlError::Syntax(
                        Diagnostic::error(
                            "",
                            "found an alias to an unknown anchor; an alias `*name` needs an anchor `&name` before it",
                        )
                        .with_code(Code::Syntax)
                        .at(pos(&m).0, pos(&m).1),
                    ));
                };
                self.count(n, b, &m)?;
                return Ok((v, m));
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.count(1, text.len(), &m)?;
                (scalar(text, style, tag.as_ref()), anchor)
            }
            Event::SequenceStart(anchor, _) => {
                self.count(1, 0, &m)?;
                let base = self.items.len();
                loop {
                    let (ev, im) = self.next()?;
                    if matches!(ev, Event::SequenceEnd) {
                        break;
                    }
                    let item = self.map.item(at, self.items.len() - base);
                    let (v, first) = self.node(ev, im, item, depth + 1)?;
                    self.map.value_of(item, pos(&first), !is_scalar(&v));
                    self.items.push(v);
                }
                (Value::Array(self.items.drain(base..).collect()), anchor)
            }
            Event::MappingStart(anchor, _) => {
                self.count(1, 0, &m)?;
                let base = self.entries.len();
                // The map itself once it has more than `SMALL_MAP` entries.
                let mut large: Option<Map<String, Value>> = None;
                loop {
                    let (kev, km) = self.next()?;
                    if matches!(kev, Event::MappingEnd) {
                        break;
                    }
                    if large.is_none() && self.entries.len() == base && km.index() < m.index() {
                        start = km;
                    }
                    let key = match kev {
                        // The usual key, a scalar without an anchor, read at once: as `node`
                        // reads it.
                        Event::Scalar(text, style, 0, tag) if depth < MAX_DEPTH => {
                            self.count(1, text.len(), &km)?;
                            scalar(text, style, tag.as_ref())
                        }
                        kev => self.node(kev, km, at, depth + 1)?.0,
                    };
                    let key = match key {
                        Value::String(s) => s,
                        Value::Null => String::new(),
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        _ => {
                            return Err(refused(
                                &km,
                                "expected a plain key, found a list or map as key",
                            ));
                        }
                    };
                    let duplicate = match &large {
                        Some(obj) => obj.contains_key(&key),
                        None => self.entries[base..].iter().any(|(k, _)| *k == key),
                    };
                    if duplicate {
                        let first = self
                            .map
                            .locate_key(&self.map.entry_path(at, &key))
                            .map_or(String::new(), |(l, _)| format!(" (first on line {l})"));
                        return Err(refused(
                            &km,
                            format!(
                                "duplicate key `{key}`: expected each key once in a map{first}"
                            ),
                        ));
                    }
                    let entry = self.map.entry(at, &key, pos(&km));
                    let (vev, vm) = self.next()?;
                    let (v, first) = self.node(vev, vm, entry, depth + 1)?;
                    self.map.value_of(entry, pos(&first), !is_scalar(&v));
                    match &mut large {
                        Some(obj) => {
                            obj.insert(key, v);
                        }
                        None => {
                            self.entries.push((key, v));
                            if self.entries.len() - base > SMALL_MAP {
                                let mut obj = Map::with_capacity(4 * SMALL_MAP);
                                obj.extend(self.entries.drain(base..));
                                large = Some(obj);
                            }
                        }
                    }
                }
                let obj = match large {
                    Some(obj) => obj,
                    None => {
                        let mut obj = Map::with_capacity(self.entries.len() - base);
                        obj.extend(self.entries.drain(base..));
                        obj
                    }
                };
                (Value::Object(obj), anchor)
            }
            Event::SequenceEnd
            | Event::MappingEnd
            | Event::StreamEnd
            | Event::StreamStart
            | Event::DocumentStart
            | Event::DocumentEnd
            | Event::Nothing => {
                return Err(YamlError::Syntax(
                    Diagnostic::error("", "YAML syntax error: unexpected end of a node")
                        .with_code(Code::Syntax)
                        .at(pos(&m).0, pos(&m).1),
                ));
            }
        };
        if anchor > 0 {
            self.anchors.insert(
                anchor,
                (value.clone(), self.nodes - nodes, self.bytes - bytes),
            );
        }
        Ok((value, start))
    }
}

/// Whether a problem with this value is best shown at the value itself (a non-empty scalar).
fn is_scalar(v: &Value) -> bool {
    matches!(v, Value::Bool(_) | Value::Number(_) | Value::String(_))
}

/// A scalar's value: text when quoted, a block scalar or tagged `!!str`, else as
/// [`resolve_plain`] reads it.
fn scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    if style != TScalarStyle::Plain || tag.is_some_and(|t| t.suffix == "str") {
        Value::String(text)
    } else {
        resolve_plain(text)
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
    // Whole numbers become numbers only when that loses nothing: `00220345221106086` (an
    // article number) or `01069` (a postal code) stay text. Decimal-looking scalars stay text
    // too: in a CV they are identifiers such as the arXiv id `2206.03210`, whose trailing zero
    // a float would drop; the one decimal field, an amount's value, takes text.
    let t = text.as_str();
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    let leading_zero = body.len() > 1 && body.starts_with('0');
    if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) && !leading_zero {
        if let Ok(n) = t.parse::<i64>() {
            return Value::Number(n.into());
        }
        if let Ok(n) = t.parse::<u64>() {
            return Value::Number(n.into());
        }
    }
    Value::String(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn located(text: &str) -> SourceMap {
        match to_value(text) {
            Ok((_, m)) => m,
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn positions_are_one_based_and_point_at_values() {
        let m = located("person:\n  given-names: Ada\n  orcid: 0000-0002-1825-0097\n");
        assert_eq!(m.locate_key("person.orcid"), Some((3, 3)));
        assert_eq!(m.locate("person.orcid"), Some((3, 10)));
        assert_eq!(m.locate("person"), Some((1, 1)));
    }

    #[test]
    fn a_block_map_in_a_list_starts_at_its_first_key() {
        let m = located("works:\n  - type: book\n    title: X\n  - {type: talk}\n");
        assert_eq!(m.locate("works[0]"), Some((2, 5)));
        assert_eq!(m.locate("works[1]"), Some((4, 5)));
        assert_eq!(m.locate("works[1].type"), Some((4, 12)));
    }

    /// Maps keep their keys in file order and refuse a duplicate key, small maps (looked up
    /// entry by entry) and large ones (made at once, then looked up by hash) alike.
    #[test]
    fn maps_keep_order_and_refuse_duplicates_at_any_size() {
        for n in [1, SMALL_MAP, SMALL_MAP + 1, 3 * SMALL_MAP] {
            let mut text: String = (0..n)
                .map(|i| format!("k{i}: [{i}, {{x: {i}}}]\n"))
                .collect();
            let (v, _) = to_value(&text).unwrap_or_else(|e| panic!("{e:?}"));
            let keys: Vec<String> = (0..n).map(|i| format!("k{i}")).collect();
            let got: Vec<&String> = v
                .as_object()
                .map(|m| m.keys().collect())
                .unwrap_or_default();
            assert_eq!(got, keys.iter().collect::<Vec<_>>());
            assert_eq!(v[format!("k{}", n - 1)][1]["x"], Value::from(n - 1));
            text.push_str(&format!("k{}: again\n", n / 2));
            match to_value(&text) {
                Err(YamlError::Refused(d)) => {
                    assert_eq!(d.line, Some(n + 1));
                    assert!(
                        d.message.contains(&format!("duplicate key `k{}`", n / 2))
                            && d.message
                                .contains(&format!("(first on line {})", n / 2 + 1)),
                        "{}",
                        d.message
                    );
                }
                other => panic!("{other:?}"),
            }
        }
    }

    /// yaml-rust2 stops at a NUL as at the end of the text; the reader refuses to drop what
    /// follows (reading a CV refuses every NUL before; this is the reader's own guard).
    #[test]
    fn a_parse_that_stops_before_the_end_is_an_error() {
        for (text, at) in [
            ("a: 1\n# x\0\nb: 2\n", (2, 4)),
            ("a: [1, 2]\0", (1, 10)),
            ("\0a: 1\n", (1, 1)),
        ] {
            match to_value(text) {
                Err(YamlError::Syntax(d)) => {
                    assert_eq!((d.line, d.column), (Some(at.0), Some(at.1)), "{text:?}");
                    assert!(d.message.contains("read the whole file"), "{}", d.message);
                }
                other => panic!("{text:?}: {other:?}"),
            }
        }
        assert!(to_value("a: 1\n# x\n").is_ok());
        assert!(to_value("").is_ok());
    }

    #[test]
    fn columns_count_characters() {
        let m = located("a: {ü: Ärger, b: x}\n");
        assert_eq!(m.locate("a.b"), Some((1, 18)));
    }
}

#[cfg(test)]
mod scalar_tests {
    use super::*;

    #[test]
    fn numbers_that_would_lose_text_stay_text() {
        assert_eq!(resolve_plain("12".into()), Value::from(12));
        assert_eq!(resolve_plain("-3".into()), Value::from(-3));
        assert_eq!(resolve_plain("01069".into()), Value::from("01069"));
        assert_eq!(
            resolve_plain("00220345221106086".into()),
            Value::from("00220345221106086")
        );
        assert_eq!(
            resolve_plain("2206.03210".into()),
            Value::from("2206.03210")
        );
        assert_eq!(resolve_plain("0".into()), Value::from(0));
        assert_eq!(resolve_plain("~".into()), Value::Null);
    }
}
