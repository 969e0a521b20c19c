//! Unknown keys and misplaced lists and maps, found by walking the input beside the JSON
//! Schema generated from the types.
//!
//! serde stops at the first unknown field, and reads a list given for a struct as the struct's
//! fields in order; this walk reports every unknown key, each with a "did you mean" when a
//! known key is close, and every list or map where the schema allows none.
//!
//! The schema is compiled once per process ([`Compiled`]): for every place in it where a value
//! may stand, its branches with `$ref`s resolved and `anyOf`/`oneOf` flattened, what each
//! branch allows (a map, a list) as bits, its property table, and what the place accepts in
//! words. The walk then looks nothing up by name in the schema but the input's keys.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;

use super::source_map::SourceMap;
use crate::report::{Code, Diagnostic};

/// What the walk found.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    /// The problems, located.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Unknown keys: the path of the map, the key, and the known key it is close to.
    pub(crate) unknown: Vec<(String, String, Option<String>)>,
    /// Paths of lists and maps given where the schema allows none.
    pub(crate) misplaced: Vec<String>,
}

/// Walks a value beside the CV format's JSON Schema.
pub(crate) fn check(value: &Value, map: &SourceMap) -> Findings {
    let mut f = Findings::default();
    walk(
        value,
        Compiled::ROOT,
        compiled(),
        &mut Vec::with_capacity(16),
        map,
        &mut f,
    );
    f
}

/// The CV format's JSON Schema, compiled once per process.
fn compiled() -> &'static Compiled {
    static COMPILED: OnceLock<Compiled> = OnceLock::new();
    COMPILED.get_or_init(|| Compiled::new(super::schema_value()))
}

/// A JSON Schema made ready for the walk.
struct Compiled {
    /// Places where a value may stand (the root, each property, each list's items).
    places: Vec<Place>,
    /// The branches of the places.
    branches: Vec<Branch>,
}

/// A place in the schema where a value may stand.
#[derive(Default)]
struct Place {
    /// Its branches (through `$ref`, `anyOf` and `oneOf`) that allow a map, in order.
    maps: Vec<usize>,
    /// The first of its branches that allows a list.
    list: Option<usize>,
    /// What it accepts, in words, when neither fits: "text or a map".
    expected: Option<String>,
}

/// One branch of a place.
#[derive(Default)]
struct Branch {
    /// Its `properties`, when it has them as a map.
    properties: Option<Properties>,
    /// Whether it refuses other keys (`additionalProperties: false`).
    closed: bool,
    /// The place of a list's items (`items`).
    items: Option<usize>,
}

/// The properties of a branch, in the schema's order.
#[derive(Default)]
struct Properties {
    names: Vec<String>,
    places: Vec<usize>,
}

impl Properties {
    /// The index of a property (a scan: a branch has a few dozen at most, and comparing
    /// lengths first rejects most of them at once).
    fn find(&self, key: &str) -> Option<usize> {
        self.names.iter().position(|n| n.as_str() == key)
    }
}

impl Compiled {
    const ROOT: usize = 0;

    fn new(root: &Value) -> Self {
        let mut c = Compiler {
            root,
            out: Compiled {
                places: Vec::new(),
                branches: Vec::new(),
            },
            places: HashMap::new(),
            branches: HashMap::new(),
        };
        c.place(root);
        c.out
    }
}

/// Compiles each schema node once, by its address in the schema value (which lives as long
/// as the compiler), so that recursive types end.
struct Compiler<'a> {
    root: &'a Value,
    out: Compiled,
    places: HashMap<*const Value, usize>,
    branches: HashMap<*const Value, usize>,
}

impl<'a> Compiler<'a> {
    fn place(&mut self, s: &'a Value) -> usize {
        if let Some(&id) = self.places.get(&std::ptr::from_ref(s)) {
            return id;
        }
        let id = self.out.places.len();
        self.out.places.push(Place::default());
        self.places.insert(std::ptr::from_ref(s), id);
        let mut all = Vec::new();
        leaves(self.root, s, &mut all, 0);
        let expected = describe(self.root, &all);
        let mut maps = Vec::new();
        let mut list = None;
        for b in &all {
            let object = has_type(self.root, b, "object");
            let array = has_type(self.root, b, "array");
            if !object && !array {
                continue;
            }
            let id = self.branch(b);
            if object {
                maps.push(id);
            }
            if array && list.is_none() {
                list = Some(id);
            }
        }
        self.out.places[id] = Place {
            maps,
            list,
            expected,
        };
        id
    }

    fn branch(&mut self, b: &'a Value) -> usize {
        if let Some(&id) = self.branches.get(&std::ptr::from_ref(b)) {
            return id;
        }
        let id = self.out.branches.len();
        self.out.branches.push(Branch::default());
        self.branches.insert(std::ptr::from_ref(b), id);
        let properties = b.get("properties").and_then(Value::as_object).map(|p| {
            let mut props = Properties::default();
            for (name, s) in p {
                props.names.push(name.clone());
                let place = self.place(s);
                props.places.push(place);
            }
            props
        });
        let closed = b.get("additionalProperties") == Some(&Value::Bool(false));
        let items = b.get("items").map(|s| self.place(s));
        self.out.branches[id] = Branch {
            properties,
            closed,
            items,
        };
        id
    }
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

/// Whether a schema allows the JSON type `want`: [`schema_types`] without making a list.
fn has_type(root: &Value, s: &Value, want: &str) -> bool {
    let s = resolve(root, s);
    if let Some(t) = s.get("type") {
        return match t {
            Value::String(t) => t == want,
            Value::Array(ts) => ts.iter().any(|t| t.as_str() == Some(want)),
            _ => false,
        };
    }
    if s.get("properties").is_some() {
        return want == "object";
    }
    ["anyOf", "oneOf", "allOf"].iter().any(|key| {
        matches!(s.get(*key), Some(Value::Array(bs)) if bs.iter().any(|b| has_type(root, b, want)))
    })
}

/// The branches of a schema, through `$ref`, `anyOf` and `oneOf`.
fn leaves<'a>(root: &'a Value, s: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    let s = resolve(root, s);
    if depth > 16 {
        return;
    }
    let mut split = false;
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(bs)) = s.get(key) {
            split = true;
            for b in bs {
                leaves(root, b, out, depth + 1);
            }
        }
    }
    if !split {
        out.push(s);
    }
}

/// What a schema accepts, in words: "text or a map", "one of: public, limited, private".
fn describe(root: &Value, all: &[&Value]) -> Option<String> {
    let mut consts = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    for b in all {
        if let Some(c) = b.get("const").and_then(Value::as_str) {
            consts.push(c.to_owned());
            continue;
        }
        if let Some(Value::Array(e)) = b.get("enum") {
            consts.extend(e.iter().filter_map(Value::as_str).map(str::to_owned));
            continue;
        }
        let types = schema_types(root, b);
        // Text that may be written as a bare number (`volume: 12`, `fundref: 501100001659`)
        // is text to the reader.
        let string_like = types.iter().any(|t| t == "string");
        for t in types {
            let w = match t.as_str() {
                "string" => "text",
                "integer" if string_like => continue,
                "integer" => "a whole number",
                "number" => "a number",
                "boolean" => "true or false",
                "object" => "a map",
                "array" => "a list",
                _ => continue,
            };
            if !words.contains(&w) {
                words.push(w);
            }
        }
    }
    let mut parts: Vec<String> = words.into_iter().map(str::to_owned).collect();
    if !consts.is_empty() {
        parts.push(format!("one of: {}", consts.join(", ")));
    }
    (!parts.is_empty()).then(|| parts.join(" or "))
}

/// A part of a value's path: a map's key or a list's index.
#[derive(Clone, Copy)]
enum Part<'v> {
    Key(&'v str),
    Index(usize),
}

/// The path of a value from its parts: `key` under the empty path, else `path.key`;
/// `path[index]`.
fn path_of(parts: &[Part<'_>]) -> String {
    let mut p = String::new();
    for part in parts {
        match part {
            Part::Key(k) => {
                if !p.is_empty() {
                    p.push('.');
                }
                p.push_str(k);
            }
            Part::Index(i) => crate::report::push_index(&mut p, *i),
        }
    }
    p
}

/// Walks a value beside its place in the schema. `parts` are the parts of the value's path;
/// the walk appends each child's part and takes it off again, and makes a path only when
/// something is found.
fn walk<'v>(
    v: &'v Value,
    place: usize,
    schema: &Compiled,
    parts: &mut Vec<Part<'v>>,
    map: &SourceMap,
    f: &mut Findings,
) {
    let p = &schema.places[place];
    // The branch that fits the value's JSON type; among several maps, the one that knows the
    // most of the value's keys (`address: {value: ..., visibility: ...}` is the
    // `{value, visibility}` form, not an address with two unknown keys).
    let (found, branch) = match v {
        Value::Object(m) => (
            "a map",
            match p.maps.as_slice() {
                [] => None,
                [only] => Some(*only),
                several => several.iter().copied().min_by_key(|b| {
                    let props = schema.branches[*b].properties.as_ref();
                    m.keys()
                        .filter(|k| props.is_none_or(|p| p.find(k).is_none()))
                        .count()
                }),
            },
        ),
        Value::Array(_) => ("a list", p.list),
        _ => return,
    };
    let Some(branch) = branch else {
        if let Some(expected) = &p.expected {
            let path = path_of(parts);
            let mut d = Diagnostic::error(&*path, format!("expected {expected}, found {found}"))
                .with_code(Code::WrongType);
            if let Some((l, c)) = map.locate(&path) {
                d = d.at(l, c);
            }
            f.diagnostics.push(d);
            f.misplaced.push(path);
        }
        return;
    };
    let b = &schema.branches[branch];
    match v {
        Value::Object(m) => {
            let Some(props) = &b.properties else {
                return;
            };
            for (k, child) in m {
                parts.push(Part::Key(k));
                match props.find(k) {
                    Some(i) => walk(child, props.places[i], schema, parts, map, f),
                    None if b.closed => {
                        let path = path_of(parts);
                        let p = path.as_str();
                        let known: Vec<&str> = props.names.iter().map(String::as_str).collect();
                        let best = crate::report::did_you_mean(k, &known);
                        let msg = match best {
                            Some(best) => format!("unknown key `{k}`; did you mean `{best}`?"),
                            None => {
                                format!("unknown key `{k}`; expected one of: {}", known.join(", "))
                            }
                        };
                        let mut d = Diagnostic::error(p, msg).with_code(Code::UnknownKey);
                        if let Some((l, c)) = map.locate_key(p) {
                            d = d.at(l, c);
                        }
                        f.diagnostics.push(d);
                        f.unknown.push((
                            path_of(&parts[..parts.len() - 1]),
                            k.clone(),
                            best.map(str::to_owned),
                        ));
                    }
                    None => {}
                }
                parts.pop();
            }
        }
        Value::Array(items) => {
            if let Some(is) = b.items {
                for (i, item) in items.iter().enumerate() {
                    parts.push(Part::Index(i));
                    walk(item, is, schema, parts, map, f);
                    parts.pop();
                }
            }
        }
        _ => {}
    }
}
