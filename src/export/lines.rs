//! N-Triples and N-Quads lines for the bulk export, byte for byte as oxigraph's serializer
//! writes them (the tests compare the two on every kind of character).
//!
//! The one hand-written writer left, kept because a benchmark shows a difference a user
//! notices: oxigraph's serializer prints every term through `std::fmt`, a `write_char` per
//! character of a literal, which made a bulk N-Quads export of the reference CV take about
//! twice the CPU time (DESIGN.md, "Linked data"). A single CV's N-Triples and N-Quads go
//! through oxigraph's serializer like the other syntaxes.

use oxigraph::model::vocab::xsd;
use oxigraph::model::{NamedNodeRef, NamedOrBlankNodeRef, TermRef, TripleRef};

/// Appends a triple as a line of N-Triples, or of N-Quads in `graph`.
pub(crate) fn push_line(out: &mut Vec<u8>, t: TripleRef<'_>, graph: Option<NamedNodeRef<'_>>) {
    match t.subject {
        NamedOrBlankNodeRef::NamedNode(n) => iri(out, n),
        NamedOrBlankNodeRef::BlankNode(b) => blank(out, b.as_str()),
    }
    out.push(b' ');
    iri(out, t.predicate);
    out.push(b' ');
    match t.object {
        TermRef::NamedNode(n) => iri(out, n),
        TermRef::BlankNode(b) => blank(out, b.as_str()),
        TermRef::Literal(l) => {
            quoted(out, l.value());
            if let Some(lang) = l.language() {
                out.push(b'@');
                out.extend_from_slice(lang.as_bytes());
            } else if l.datatype() != xsd::STRING {
                out.extend_from_slice(b"^^");
                iri(out, l.datatype());
            }
        }
    }
    if let Some(g) = graph {
        out.push(b' ');
        iri(out, g);
    }
    out.extend_from_slice(b" .\n");
}

/// `<iri>`: an IRI term is valid by construction and printed as it is.
fn iri(out: &mut Vec<u8>, n: NamedNodeRef<'_>) {
    out.push(b'<');
    out.extend_from_slice(n.as_str().as_bytes());
    out.push(b'>');
}

/// `_:label`.
fn blank(out: &mut Vec<u8>, label: &str) {
    out.extend_from_slice(b"_:");
    out.extend_from_slice(label.as_bytes());
}

/// A quoted string as oxigraph prints it: `\b \t \n \f \r \" \\` by name, the other C0
/// controls, DEL, U+FFFE and U+FFFF as `\uXXXX`, everything else as it is (copied in runs
/// between escapes).
fn quoted(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    // Most literals hold nothing to escape, which their bytes tell: each character escaped
    // starts with a byte below 0x20, `"`, `\`, DEL or 0xEF (U+FFFE, U+FFFF).
    if !s
        .bytes()
        .any(|b| b < 0x20 || b == b'"' || b == b'\\' || b == 0x7F || b == 0xEF)
    {
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        return;
    }
    let mut run = 0;
    for (i, c) in s.char_indices() {
        let named: &[u8] = match c {
            '\u{8}' => b"\\b",
            '\t' => b"\\t",
            '\n' => b"\\n",
            '\u{C}' => b"\\f",
            '\r' => b"\\r",
            '"' => b"\\\"",
            '\\' => b"\\\\",
            '\0'..='\u{1F}' | '\u{7F}' | '\u{FFFE}' | '\u{FFFF}' => b"",
            _ => continue,
        };
        out.extend_from_slice(&s.as_bytes()[run..i]);
        if named.is_empty() {
            out.extend_from_slice(format!("\\u{:04X}", u32::from(c)).as_bytes());
        } else {
            out.extend_from_slice(named);
        }
        run = i + c.len_utf8();
    }
    out.extend_from_slice(&s.as_bytes()[run..]);
    out.push(b'"');
}

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
        for t in triples {
            push_line(&mut out, t.as_ref(), graph.map(NamedNode::as_ref));
        }
        out
    }

    /// Every ASCII character and the special ones beyond, at the start, inside and at the
    /// end of a literal of each kind, and every kind of subject and object.
    fn sample() -> Vec<Triple> {
        let s = NamedNode::new("https://ada.example.org/#me").unwrap();
        let p = NamedNode::new("http://schema.org/name").unwrap();
        let b = BlankNode::new("cv7-me--author-1").unwrap();
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
        out.push(Triple::new(s.clone(), p.clone(), Term::from(b)));
        out.push(Triple::new(s, p, NamedNode::new("urn:x:y?a=b#c").unwrap()));
        out
    }

    #[test]
    fn n_triples_byte_for_byte_as_oxigraph() {
        let t = sample();
        assert_eq!(
            String::from_utf8(ours(&t, None)).unwrap(),
            String::from_utf8(oxigraph(&t, None)).unwrap()
        );
    }

    #[test]
    fn n_quads_byte_for_byte_as_oxigraph() {
        let t = sample();
        let g = NamedNode::new("https://ada.example.org/").unwrap();
        assert_eq!(
            String::from_utf8(ours(&t, Some(&g))).unwrap(),
            String::from_utf8(oxigraph(&t, Some(&g))).unwrap()
        );
    }
}
