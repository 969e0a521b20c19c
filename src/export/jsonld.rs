//! schema.org JSON-LD: one `@graph` with the `ProfilePage`, the `Person` and a node for every
//! item, compacted against `"@context": "https://schema.org"` (plus the `bibo` prefix).

use std::io::Write;

use serde_json::Value as Json;

use super::mapping::describe_each;
use super::node::{Node, Value};
use super::{ExportError, Options, words};
use crate::model::Cv;
use crate::types::{PartialDate, Visibility};
use crate::vocab::{PropertyKind, bibo, schema};

/// The JSON-LD writer.
///
/// ```
/// let cv = vitae::parse_str(r#"
/// base-iri: https://ada.example.org/
/// person: {given-names: Ada, family-name: Lovelace}
/// "#, vitae::InputFormat::Yaml)?;
/// let json = vitae::export::JsonLd::new().to_value(&cv)?;
/// assert_eq!(json["@graph"][0]["@type"], "ProfilePage");
/// assert_eq!(json["@graph"][1]["name"], "Ada Lovelace");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct JsonLd {
    options: Options,
}

impl JsonLd {
    /// Public data, base IRI from the CV.
    pub fn new() -> Self {
        Self::default()
    }

    /// The base IRI of the nodes; see [`Options::with_base`].
    pub fn with_base(mut self, base: url::Url) -> Self {
        self.options = self.options.with_base(base);
        self
    }

    /// The widest visibility shown; see [`Options::with_include`].
    pub fn with_include(mut self, level: Visibility) -> Self {
        self.options = self.options.with_include(level);
        self
    }

    /// All options at once.
    pub fn with_options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// The JSON-LD document as a JSON value.
    ///
    /// # Errors
    /// [`ExportError::Iri`] when a URL of the CV cannot be made an IRI.
    pub fn to_value(&self, cv: &Cv) -> Result<Json, ExportError> {
        let mut out = Vec::new();
        self.write_compact(cv, &mut out)?;
        serde_json::from_slice(&out).map_err(|e| ExportError::Io(e.into()))
    }

    /// The JSON-LD document, pretty-printed, ending in a newline.
    ///
    /// # Errors
    /// [`ExportError::Iri`] when a URL of the CV cannot be made an IRI.
    pub fn to_string(&self, cv: &Cv) -> Result<String, ExportError> {
        let mut out = Vec::new();
        write_document(cv, &self.options, Layout::Pretty, &mut out, |_| Ok(()))?;
        out.push(b'\n');
        String::from_utf8(out).map_err(|e| ExportError::Io(std::io::Error::other(e)))
    }

    /// Writes the JSON-LD document.
    ///
    /// # Errors
    /// [`ExportError::Iri`] as [`to_string`](Self::to_string); [`ExportError::Io`] when
    /// writing fails.
    pub fn to_writer(&self, cv: &Cv, mut w: impl Write) -> Result<(), ExportError> {
        const CHUNK: usize = 1 << 16;
        let mut buf = Vec::with_capacity(2 * CHUNK);
        // Written on in chunks of whole nodes: memory stays flat, writes few.
        write_document(cv, &self.options, Layout::Pretty, &mut buf, |b| {
            if b.len() >= CHUNK {
                w.write_all(b)?;
                b.clear();
            }
            Ok(())
        })?;
        buf.push(b'\n');
        w.write_all(&buf)?;
        w.flush()?;
        Ok(())
    }

    /// The document on one line, without the final newline, appended to `out`: a line of
    /// JSON-LD lines.
    pub(crate) fn write_compact(&self, cv: &Cv, out: &mut Vec<u8>) -> Result<(), ExportError> {
        write_document(cv, &self.options, Layout::Compact, out, |_| Ok(()))
    }
}

/// How the JSON text is laid out: the same text as `serde_json`'s compact and pretty
/// serializers give for the same value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// One line, no spaces.
    Compact,
    /// Two spaces of indent per level, `": "` between key and value.
    Pretty,
}

/// Writes the document: the context and the `@graph` of the description's nodes, each node
/// written as it is made, after which `written` may take the text so far out of `out`. A
/// mapping error (a URL that cannot be an IRI) stops the writing and is returned as itself.
fn write_document(
    cv: &Cv,
    options: &Options,
    layout: Layout,
    out: &mut Vec<u8>,
    mut written: impl FnMut(&mut Vec<u8>) -> std::io::Result<()>,
) -> Result<(), ExportError> {
    let mut w = JsonWriter {
        out,
        pretty: layout == Layout::Pretty,
        depth: 0,
        same: Vec::new(),
    };
    w.open(b'{');
    w.key(true, "@context");
    w.open(b'[');
    w.item(true);
    w.string(schema::CONTEXT);
    w.item(false);
    w.open(b'{');
    w.key(true, bibo::PREFIX);
    w.string(bibo::NAMESPACE);
    w.close(b'}', true);
    w.close(b']', true);
    w.key(false, "@graph");
    w.open(b'[');
    let mut first = true;
    describe_each(cv, options, |n| {
        w.item(first);
        first = false;
        w.node(&n);
        written(w.out).map_err(ExportError::Io)
    })?;
    w.close(b']', !first);
    w.close(b'}', true);
    written(w.out)?;
    Ok(())
}

/// Writes JSON text into a buffer. The caller says whether an item is the first of its
/// array or object; the writer keeps the depth for the indent.
struct JsonWriter<'o> {
    out: &'o mut Vec<u8>,
    pretty: bool,
    depth: usize,
    /// Scratch for [`node`](Self::node): which property values are written already.
    same: Vec<bool>,
}

impl JsonWriter<'_> {
    /// Opens an object (`{`) or array (`[`).
    fn open(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.depth += 1;
    }

    /// Closes an object or array that has had items (`nonempty`) or not.
    fn close(&mut self, bracket: u8, nonempty: bool) {
        self.depth -= 1;
        if nonempty && self.pretty {
            self.newline();
        }
        self.out.push(bracket);
    }

    fn newline(&mut self) {
        const SPACES: &[u8] = &[b' '; 64];
        self.out.push(b'\n');
        let mut indent = 2 * self.depth;
        while indent > 0 {
            let n = indent.min(SPACES.len());
            self.out.extend_from_slice(&SPACES[..n]);
            indent -= n;
        }
    }

    /// Starts an item of an array.
    fn item(&mut self, first: bool) {
        if !first {
            self.out.push(b',');
        }
        if self.pretty {
            self.newline();
        }
    }

    /// Starts an entry of an object: its key (a term of the vocabulary or a JSON-LD
    /// keyword, which needs no escape).
    fn key(&mut self, first: bool, key: &str) {
        debug_assert!(!key.bytes().any(needs_escape), "{key:?}");
        self.item(first);
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out
            .extend_from_slice(if self.pretty { b"\": " } else { b"\":" });
    }

    /// A string, escaped as `serde_json` escapes it.
    fn string(&mut self, s: &str) {
        self.out.push(b'"');
        escape_into(self.out, s.as_bytes());
        self.out.push(b'"');
    }

    /// `{"@id": iri}`.
    fn id_ref(&mut self, iri: &str) {
        self.open(b'{');
        self.key(true, "@id");
        self.string(iri);
        self.close(b'}', true);
    }

    /// A node: `@type` (one name, or a list), `@id`, then each property once, in the order
    /// of its first value, with one value or the list of its values.
    fn node(&mut self, n: &Node<'_>) {
        self.open(b'{');
        self.key(true, "@type");
        match n.types.as_slice() {
            [one] => self.string(one.name()),
            many => {
                self.open(b'[');
                for (i, c) in many.iter().enumerate() {
                    self.item(i == 0);
                    self.string(c.name());
                }
                self.close(b']', !many.is_empty());
            }
        }
        self.key(false, "@id");
        self.string(n.id.as_str());
        // Which values are written already, in an earlier property's list: a stretch of
        // the scratch, above which the nested nodes keep theirs.
        let base = self.same.len();
        self.same.resize(base + n.props.len(), false);
        for (i, (p, v)) in n.props.iter().enumerate() {
            if self.same[base + i] {
                continue;
            }
            let name = p.name();
            let mut count = 1;
            for (j, (q, _)) in n.props.iter().enumerate().skip(i + 1) {
                if same_name(q.name(), name) {
                    self.same[base + j] = true;
                    count += 1;
                }
            }
            self.key(false, name);
            if count == 1 {
                self.value(p.kind(), v);
                continue;
            }
            self.open(b'[');
            let same = n.props[i..]
                .iter()
                .filter(|(q, _)| same_name(q.name(), name));
            for (k, (q, w)) in same.enumerate() {
                self.item(k == 0);
                self.value(q.kind(), w);
            }
            self.close(b']', true);
        }
        self.same.truncate(base);
        self.close(b'}', true);
    }

    /// A property value as JSON-LD compacted against the schema.org context.
    fn value(&mut self, kind: PropertyKind, v: &Value<'_>) {
        match v {
            Value::Text(t) => self.string(t),
            Value::Lang(t, tag) => {
                self.open(b'{');
                self.key(true, "@value");
                self.string(t);
                self.key(false, "@language");
                self.string(tag);
                self.close(b'}', true);
            }
            Value::Date(d) => {
                self.out.push(b'"');
                write_date(self.out, *d);
                self.out.push(b'"');
            }
            Value::Iri(i) if kind == PropertyKind::Id => self.string(i.as_str()),
            Value::Iri(i) => self.id_ref(i.as_str()),
            Value::Node(n) => self.node(n),
            Value::List(items) => {
                self.open(b'{');
                self.key(true, "@list");
                self.open(b'[');
                for (i, item) in items.iter().enumerate() {
                    self.item(i == 0);
                    self.id_ref(item.as_str());
                }
                self.close(b']', !items.is_empty());
                self.close(b'}', true);
            }
        }
    }
}

/// Whether two property names are the same: the same constant (the usual case, told by
/// its address) or the same text.
fn same_name(a: &str, b: &str) -> bool {
    (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as [`PartialDate`]'s `Display` writes it.
fn write_date(out: &mut Vec<u8>, d: PartialDate) {
    let digits = |out: &mut Vec<u8>, n: u16, width: u32| {
        let mut p = 10u16.pow(width - 1);
        // A year above 9999 keeps all its digits, as `{:04}` does.
        while p > 1 && n / p >= 10 {
            p *= 10;
        }
        let mut n = n;
        while p > 0 {
            out.push(b'0' + (n / p) as u8);
            n %= p;
            p /= 10;
        }
    };
    digits(out, d.year(), 4);
    if let Some(m) = d.month() {
        out.push(b'-');
        digits(out, u16::from(m), 2);
    }
    if let Some(day) = d.day() {
        out.push(b'-');
        digits(out, u16::from(day), 2);
    }
}

/// Whether JSON needs an escape for the byte: a control character, `"` or `\\`.
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Appends `s` escaped as `serde_json` escapes it: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`,
/// `\t`, other control characters as `\u00XX`; everything else as it is. Most strings need
/// no escape and are copied whole.
fn escape_into(out: &mut Vec<u8>, s: &[u8]) {
    let mut rest = s;
    while let Some(i) = find_escape(rest) {
        out.extend_from_slice(&rest[..i]);
        let b = rest[i];
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xf)]);
            }
        }
        rest = &rest[i + 1..];
    }
    out.extend_from_slice(rest);
}

/// The position of the first byte of `s` that needs an escape, looked for eight bytes at a
/// time.
fn find_escape(s: &[u8]) -> Option<usize> {
    let mut chunks = s.chunks_exact(8);
    for (k, chunk) in chunks.by_ref().enumerate() {
        let flags = escape_flags(words::word(chunk));
        if flags != 0 {
            return Some(8 * k + words::first(flags));
        }
    }
    let tail = chunks.remainder();
    let at = s.len() - tail.len();
    tail.iter().position(|&b| needs_escape(b)).map(|i| at + i)
}

/// Flags the bytes of `w` that JSON escapes: the controls, `"` and `\`.
fn escape_flags(w: u64) -> u64 {
    words::below(w, 0x20) | words::equal(w, b'"') | words::equal(w, b'\\')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strings are escaped as serde_json escapes them: every ASCII character, at every
    /// position of an eight-byte word, and text beyond ASCII.
    #[test]
    fn escapes_as_serde_json() {
        let mut cases: Vec<String> = (0u8..128)
            .flat_map(|b| {
                let c = char::from(b);
                (0..10).map(move |k| format!("{}{c}{}", "a".repeat(k), "é".repeat(k % 3)))
            })
            .collect();
        cases.push(String::new());
        cases.push("Ünïcödé — \u{2028} \u{7f} \u{1F600} \"quoted\" back\\slash".to_owned());
        for s in cases {
            let mut out = Vec::new();
            escape_into(&mut out, s.as_bytes());
            let ours = format!("\"{}\"", String::from_utf8(out).unwrap());
            assert_eq!(ours, serde_json::to_string(&s).unwrap(), "{s:?}");
        }
    }

    /// Dates as `PartialDate` displays them.
    #[test]
    fn dates_as_displayed() {
        for d in ["2024", "2024-03", "2024-03-07", "1999-12-31", "1000-01"] {
            let d: PartialDate = d.parse().unwrap();
            let mut out = Vec::new();
            write_date(&mut out, d);
            assert_eq!(String::from_utf8(out).unwrap(), d.to_string());
        }
    }

    /// Both layouts are serde_json's text of the same value, on a CV with text to escape,
    /// a language-tagged title, lists and nested nodes.
    #[test]
    fn same_text_as_serde_json() {
        let cv = crate::parse_str(
            concat!(
                "base-iri: https://ada.example.org/\n",
                "person: {given-names: \"Ada \\\"the\\\"\\tA.\", family-name: Lovelace}\n",
                "works:\n",
                "  - type: journal-article\n",
                "    title: \"Notes \\r\\non <the> engine\"\n",
                "    translated-title: {title: Notizen, language: de}\n",
                "    date: 1843-09\n",
                "    authors: [{name: Ada Lovelace}, {name: \"Charles Babbage\"}]\n",
                "    container: {title: \"Taylor's Scientific Memoirs\"}\n",
            ),
            crate::InputFormat::Yaml,
        )
        .unwrap();
        let w = JsonLd::new();
        let value = w.to_value(&cv).unwrap();
        assert_eq!(
            w.to_string(&cv).unwrap(),
            serde_json::to_string_pretty(&value).unwrap() + "\n"
        );
        let mut out = Vec::new();
        w.write_compact(&cv, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string(&value).unwrap()
        );
        let text = value.to_string();
        assert!(
            text.contains(r"\r\n") && text.contains(r"\t") && text.contains("@language"),
            "{text}"
        );
    }

    /// A mapping error met while the nodes stream is the error returned, not a serializer
    /// error, whichever way the document is written.
    #[test]
    fn a_mapping_error_is_returned_as_itself() {
        let cv = crate::parse_str(
            "person: {given-names: Ada, family-name: Lovelace}",
            crate::InputFormat::Yaml,
        )
        .unwrap();
        let base = url::Url::parse("x:%zz").unwrap();
        let w = JsonLd::new().with_base(base);
        assert!(matches!(w.to_value(&cv), Err(ExportError::Iri { .. })));
        assert!(matches!(w.to_string(&cv), Err(ExportError::Iri { .. })));
        let mut out = Vec::new();
        assert!(matches!(
            w.write_compact(&cv, &mut out),
            Err(ExportError::Iri { .. })
        ));
    }
}
