//! The floors of the `stages` bench: the same work done by the crate underneath alone, for
//! the stages vitae does by hand around a crate (reading the YAML, the ORCID documents). The
//! linked-data writers need none: they are serde_json's and oxigraph's serializers.

use std::hint::black_box;

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
