//! The floors of the benches: the same work done by the crate underneath alone, shared by
//! `stages` and `growth`.

use std::hint::black_box;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Triple;
use vitae::export::LinkedGraph;

/// The floor of reading: yaml-rust2's parser (the one the reader uses) going through every
/// event of the text, with its positions, keeping nothing; the count of events.
pub fn yaml_events(text: &str) -> usize {
    use yaml_rust2::parser::{Event, Parser};
    let mut parser = Parser::new_from_str(text);
    let mut n = 0;
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => return n,
            Ok((event, mark)) => {
                black_box((&event, mark.index()));
                n += 1;
            }
            Err(e) => panic!("the bench input is not YAML: {e}"),
        }
    }
}

/// The RDF syntaxes whose floor is measured: oxigraph's serializer fed the CV's triples,
/// already built, with the prefixes vitae declares.
#[allow(
    dead_code,
    reason = "the floors of `stages`; `growth` uses N-Triples alone"
)]
pub const RDF_FLOORS: [(&str, RdfFormat); 5] = [
    ("turtle", RdfFormat::Turtle),
    ("ntriples", RdfFormat::NTriples),
    ("nquads", RdfFormat::NQuads),
    ("rdfxml", RdfFormat::RdfXml),
    ("trig", RdfFormat::TriG),
];

pub fn rdf_floor(graph: &LinkedGraph, triples: &[Triple], format: RdfFormat) -> Vec<u8> {
    let mut ser = RdfSerializer::from_format(format);
    if matches!(
        format,
        RdfFormat::Turtle | RdfFormat::TriG | RdfFormat::RdfXml
    ) {
        for (prefix, ns) in vitae::vocab::PREFIXES {
            ser = ser.with_prefix(*prefix, *ns).expect("a valid prefix");
        }
        ser = ser
            .with_prefix("cv", graph.local_prefix())
            .expect("a valid prefix");
    }
    let mut out = ser.for_writer(Vec::new());
    if format.supports_datasets() {
        let name = graph.name();
        for t in triples {
            out.serialize_quad(t.as_ref().in_graph(name))
                .expect("writing to memory");
        }
    } else {
        for t in triples {
            out.serialize_triple(t).expect("writing to memory");
        }
    }
    out.finish().expect("writing to memory")
}

/// The XML events of each document, owned.
pub fn xml_events(docs: &[String]) -> Vec<Vec<quick_xml::events::Event<'static>>> {
    docs.iter()
        .map(|d| {
            let mut r = quick_xml::Reader::from_str(d);
            let mut events = Vec::new();
            loop {
                match r.read_event().expect("well-formed XML") {
                    quick_xml::events::Event::Eof => break,
                    e => events.push(e.into_owned()),
                }
            }
            events
        })
        .collect()
}

/// Each document's events written by quick-xml.
pub fn write_xml(docs: &[Vec<quick_xml::events::Event<'static>>]) -> Vec<Vec<u8>> {
    docs.iter()
        .map(|events| {
            let mut w = quick_xml::Writer::new(Vec::new());
            for e in events {
                w.write_event(e.borrow()).expect("writing to memory");
            }
            w.into_inner()
        })
        .collect()
}
