//! N-Triples and N-Quads, written straight into a byte buffer.
//!
//! oxigraph's serializers print every term through `std::fmt` (a `write!` per term, a
//! `write_char` per character of a literal): a quarter of a bulk N-Quads export went there.
//! These two syntaxes are one statement per line with a fixed escaping, so vitae writes
//! them itself, **byte for byte as oxigraph does** — the tests below compare the two on
//! every kind of character, and the golden files of both syntaxes are oxigraph's output.
//! Blank-node labels can be prefixed as they are written (bulk export keeps the CVs' blank
//! nodes apart that way) without making new terms.

use std::io::Write;

use oxigraph::model::NamedNodeRef;

use super::words;
#[cfg(test)]
use oxigraph::model::vocab::xsd;
#[cfg(test)]
use oxigraph::model::{LiteralRef, NamedOrBlankNodeRef, TermRef, TripleRef};

/// How many bytes are gathered before they are handed to the writer.
pub(crate) const CHUNK: usize = 64 * 1024;

/// Writes triples as lines of N-Triples (no graph) or N-Quads (a graph name).
pub(crate) struct LineWriter<'a> {
    graph: Option<NamedNodeRef<'a>>,
    blank_prefix: &'a str,
}

impl<'a> LineWriter<'a> {
    /// N-Triples when `graph` is `None`, else N-Quads in that graph.
    pub(crate) fn new(graph: Option<NamedNodeRef<'a>>) -> Self {
        Self {
            graph,
            blank_prefix: "",
        }
    }

    /// Writes every blank node's label with `prefix` before it.
    pub(crate) fn with_blank_prefix(mut self, prefix: &'a str) -> Self {
        self.blank_prefix = prefix;
        self
    }

    /// Appends one statement, its line break included: term by term, the reference that
    /// [`LinkedGraph::write_lines`](super::graph::LinkedGraph) is tested against.
    #[cfg(test)]
    pub(crate) fn push(&self, out: &mut Vec<u8>, t: TripleRef<'_>) {
        match t.subject {
            NamedOrBlankNodeRef::NamedNode(n) => iri(out, n),
            NamedOrBlankNodeRef::BlankNode(b) => self.blank(out, b.as_str()),
        }
        out.push(b' ');
        iri(out, t.predicate);
        out.push(b' ');
        match t.object {
            TermRef::NamedNode(n) => iri(out, n),
            TermRef::BlankNode(b) => self.blank(out, b.as_str()),
            TermRef::Literal(l) => literal(out, l),
        }
        self.push_end(out);
    }

    /// Writes all the triples to `w`, a chunk at a time.
    #[cfg(test)]
    pub(crate) fn write_all<'t>(
        &self,
        triples: impl Iterator<Item = TripleRef<'t>>,
        mut w: impl Write,
    ) -> std::io::Result<()> {
        let mut buf = Vec::with_capacity(CHUNK + 1024);
        for t in triples {
            self.push(&mut buf, t);
            if buf.len() >= CHUNK {
                w.write_all(&buf)?;
                buf.clear();
            }
        }
        w.write_all(&buf)?;
        w.flush()
    }

    /// Appends the end of every statement: the graph's name if any, ` .` and the line break.
    pub(crate) fn push_end(&self, out: &mut Vec<u8>) {
        if let Some(g) = self.graph {
            out.push(b' ');
            iri(out, g);
        }
        out.extend_from_slice(b" .\n");
    }

    /// Appends a subject or an object that is a blank node.
    pub(crate) fn blank(&self, out: &mut Vec<u8>, label: &str) {
        out.extend_from_slice(b"_:");
        out.extend_from_slice(self.blank_prefix.as_bytes());
        out.extend_from_slice(label.as_bytes());
    }
}

/// `<iri>`: an IRI term is valid by construction and printed as it is.
pub(crate) fn iri_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'<');
    out.extend_from_slice(s.as_bytes());
    out.push(b'>');
}

/// `<iri>`, as [`iri_str`].
fn iri(out: &mut Vec<u8>, n: NamedNodeRef<'_>) {
    iri_str(out, n.as_str());
}

#[cfg(test)]
fn literal(out: &mut Vec<u8>, l: LiteralRef<'_>) {
    quoted(out, l.value());
    if let Some(lang) = l.language() {
        out.push(b'@');
        out.extend_from_slice(lang.as_bytes());
    } else if l.datatype() != xsd::STRING {
        out.extend_from_slice(b"^^");
        iri(out, l.datatype());
    }
}

/// A quoted string as oxigraph prints it: `\b \t \n \f \r \" \\` by name, the other C0
/// controls, DEL, U+FFFE and U+FFFF as `\uXXXX`, everything else as it is. The text between
/// escapes is copied in runs, found eight bytes at a time.
pub(crate) fn quoted(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    loop {
        i = next_special(bytes, i);
        let Some(&b) = bytes.get(i) else { break };
        let escape: Option<&[u8]> = match b {
            b'"' => Some(b"\\\""),
            b'\\' => Some(b"\\\\"),
            0x08 => Some(b"\\b"),
            b'\t' => Some(b"\\t"),
            b'\n' => Some(b"\\n"),
            0x0C => Some(b"\\f"),
            b'\r' => Some(b"\\r"),
            0x00..=0x1F | 0x7F => None,
            // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
            0xEF if bytes.get(i + 1) == Some(&0xBF)
                && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
            {
                None
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[run..i]);
        match escape {
            Some(e) => {
                out.extend_from_slice(e);
                i += 1;
            }
            None => {
                let code = if b == 0xEF {
                    i += 3;
                    0xFFFE + u32::from(bytes[i - 1] - 0xBE)
                } else {
                    i += 1;
                    u32::from(b)
                };
                // `write!` into a Vec cannot fail.
                let _ = write!(out, "\\u{code:04X}");
            }
        }
        run = i;
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

/// The position of the first byte from `from` on that [`quoted`] looks at (see
/// [`SPECIAL`]), or the length: eight bytes are tested at once, with the bit tricks that
/// find a zero byte in a word (exact for whether a word has one).
fn next_special(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    let mut chunks = bytes.get(from..).unwrap_or_default().chunks_exact(8);
    for w in &mut chunks {
        let x = words::word(w);
        if words::below(x, 0x20)
            | words::equal(x, b'"')
            | words::equal(x, b'\\')
            | words::equal(x, 0x7F)
            | words::equal(x, 0xEF)
            != 0
        {
            break;
        }
        i += 8;
    }
    bytes[i..]
        .iter()
        .position(|&b| SPECIAL[usize::from(b)])
        .map_or(bytes.len(), |k| i + k)
}

/// The bytes [`quoted`] looks at: `"`, `\`, the C0 controls, DEL, and 0xEF (the first byte
/// of U+FFFE and U+FFFF, and of other characters, which are copied).
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t[0x7F] = true;
    t[0xEF] = true;
    t
};

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfSerializer};
    use oxigraph::model::{BlankNode, Literal, NamedNode, Term, Triple};

    fn oxigraph(triples: &[Triple], graph: Option<&NamedNode>) -> Vec<u8> {
        let format = if graph.is_some() {
            RdfFormat::NQuads
        } else {
            RdfFormat::NTriples
        };
        let mut ser = RdfSerializer::from_format(format).for_writer(Vec::new());
        for t in triples {
            match graph {
                Some(g) => ser.serialize_quad(t.as_ref().in_graph(g.as_ref())).unwrap(),
                None => ser.serialize_triple(t).unwrap(),
            }
        }
        ser.finish().unwrap()
    }

    fn ours(triples: &[Triple], graph: Option<&NamedNode>) -> Vec<u8> {
        let mut out = Vec::new();
        LineWriter::new(graph.map(NamedNode::as_ref))
            .write_all(triples.iter().map(Triple::as_ref), &mut out)
            .unwrap();
        out
    }

    fn sample() -> Vec<Triple> {
        let s = NamedNode::new("https://ada.example.org/#me").unwrap();
        let p = NamedNode::new("http://schema.org/name").unwrap();
        let b = BlankNode::new("me--author-1").unwrap();
        let mut texts: Vec<String> = (0u32..=0x80)
            .filter_map(char::from_u32)
            .map(|c| format!("a{c}b"))
            .collect();
        texts.extend(
            [
                "",
                "plain",
                "\"",
                "\\",
                "ü ß 漢字 😀",
                "\u{FFFD}\u{FFFE}\u{FFFF}x",
                "\u{FEFF}",
                "\u{85}\u{2028}",
                "end\\",
            ]
            .map(str::to_owned),
        );
        // Each special character at every place of a word and across words (the scan tests
        // eight bytes at a time), and long texts without any.
        for c in [
            '"', '\\', '\n', '\u{1}', '\u{1F}', '\u{7F}', '\u{FFFE}', '\u{FFFF}', '\u{FEFF}', 'é',
        ] {
            for at in 0..20 {
                texts.push(format!("{}{c}{}", "x".repeat(at), "y".repeat(20 - at)));
            }
            texts.push(format!("{c}{}{c}{c}", "z".repeat(37)));
        }
        texts.push("plain text without any escapes, long enough for many words".to_owned());
        let mut out = Vec::new();
        for t in texts {
            out.push(Triple::new(
                s.clone(),
                p.clone(),
                Literal::new_simple_literal(&t),
            ));
            out.push(Triple::new(
                b.clone(),
                p.clone(),
                Literal::new_language_tagged_literal(&t, "de-AT").unwrap(),
            ));
            out.push(Triple::new(
                s.clone(),
                p.clone(),
                Literal::new_typed_literal(&t, xsd::DATE),
            ));
        }
        out.push(Triple::new(s.clone(), p.clone(), Term::from(b.clone())));
        out.push(Triple::new(
            s,
            p.clone(),
            NamedNode::new("urn:x:y?a=b#c").unwrap(),
        ));
        out
    }

    /// The first line where the two differ, if any.
    fn same(a: &[u8], b: &[u8]) {
        let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
        for (x, y) in a.lines().zip(b.lines()) {
            assert_eq!(x, y);
        }
        assert_eq!(a.len(), b.len());
    }

    #[test]
    fn n_triples_byte_for_byte_as_oxigraph() {
        let t = sample();
        same(&ours(&t, None), &oxigraph(&t, None));
    }

    #[test]
    fn n_quads_byte_for_byte_as_oxigraph() {
        let t = sample();
        let g = NamedNode::new("https://ada.example.org/").unwrap();
        same(&ours(&t, Some(&g)), &oxigraph(&t, Some(&g)));
    }

    #[test]
    fn blank_labels_take_the_prefix() {
        let t = sample();
        let mut out = Vec::new();
        LineWriter::new(None)
            .with_blank_prefix("cv7-")
            .write_all(t.iter().map(Triple::as_ref), &mut out)
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("_:cv7-me--author-1 "));
        assert!(!text.contains("_:me--"));
    }
}
