//! RDF in every syntax oxigraph writes, from the CV's [`LinkedGraph`], by oxigraph's
//! serializers. The syntax is oxigraph's own [`RdfFormat`].

use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};

use super::graph::LinkedGraph;
use super::vocab::PREFIXES;
use super::{ExportError, Options};
use crate::model::Cv;

/// The RDF writer.
///
/// ```
/// use vitae::export::{Rdf, RdfFormat};
/// let cv = vitae::from_str(r#"
/// base-iri: https://ada.example.org/
/// person: {given-names: Ada, family-name: Lovelace}
/// "#, vitae::InputFormat::Yaml)?.cv;
/// let nq = Rdf::new(RdfFormat::NQuads).to_string(&cv)?;
/// assert!(nq.lines().all(|l| l.ends_with("<https://ada.example.org/> .")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Rdf {
    format: RdfFormat,
    options: Options,
}

impl Rdf {
    /// A writer of this syntax; public data, base IRI from the CV. A syntax with named graphs
    /// (N-Quads, TriG) puts the CV in one graph named by its base IRI.
    pub fn new(format: RdfFormat) -> Self {
        Self {
            format,
            options: Options::default(),
        }
    }

    /// All options at once.
    pub fn with_options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// The RDF as a string.
    ///
    /// # Errors
    /// [`ExportError::Iri`] when a URL of the CV cannot be made an IRI.
    pub fn to_string(&self, cv: &Cv) -> Result<String, ExportError> {
        let mut out = Vec::new();
        self.to_writer(cv, &mut out)?;
        String::from_utf8(out).map_err(|e| ExportError::Io(std::io::Error::other(e)))
    }

    /// Writes the RDF.
    ///
    /// # Errors
    /// [`ExportError::Iri`] as [`to_string`](Self::to_string); [`ExportError::Io`] when
    /// writing fails.
    pub fn to_writer(&self, cv: &Cv, w: impl Write) -> Result<(), ExportError> {
        let graph = LinkedGraph::new(cv, &self.options)?;
        write_graph(&graph, self.format, w)
    }
}

/// Writes a graph in a syntax, with vitae's prefixes and `cv:` for the CV's own IRIs where the
/// syntax has prefixes.
pub(crate) fn write_graph(
    graph: &LinkedGraph,
    format: RdfFormat,
    w: impl Write,
) -> Result<(), ExportError> {
    let mut ser = RdfSerializer::from_format(format);
    if matches!(
        format,
        RdfFormat::Turtle | RdfFormat::TriG | RdfFormat::RdfXml | RdfFormat::N3
    ) {
        for (prefix, ns) in PREFIXES {
            ser = with_prefix(ser, prefix, ns)?;
        }
        ser = with_prefix(ser, "cv", graph.local_prefix())?;
    }
    // oxigraph's serializers write term by term: a buffer makes that a write per 64 KiB.
    let mut out = ser.for_writer(std::io::BufWriter::with_capacity(1 << 16, w));
    if format.supports_datasets() {
        let name = graph.name();
        for t in graph.iter() {
            out.serialize_quad(t.in_graph(name))?;
        }
    } else {
        for t in graph.iter() {
            out.serialize_triple(t)?;
        }
    }
    out.finish()?.flush()?;
    Ok(())
}

fn with_prefix(ser: RdfSerializer, prefix: &str, ns: &str) -> Result<RdfSerializer, ExportError> {
    ser.with_prefix(prefix, ns)
        .map_err(|source| ExportError::Iri {
            iri: ns.to_owned(),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::{JsonLdProfileSet, RdfParser};

    /// Every syntax oxigraph writes — N3 and its JSON-LD too, not just the five the CLI names —
    /// reads back as the same number of triples.
    #[test]
    fn every_oxigraph_format_writes_the_whole_graph() {
        let cv = crate::from_str(
            "base-iri: https://ada.example.org/\nperson: {given-names: Ada, family-name: Lovelace}\nworks:\n  - {type: journal-article, title: Notes, date: 1843, doi: 10.1234/notes}\n",
            crate::InputFormat::Yaml,
        )
        .unwrap().cv;
        let expected = LinkedGraph::new(&cv, &Options::default()).unwrap().len();
        assert!(expected > 5);
        for format in [
            RdfFormat::Turtle,
            RdfFormat::NTriples,
            RdfFormat::NQuads,
            RdfFormat::RdfXml,
            RdfFormat::TriG,
            RdfFormat::N3,
            RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        ] {
            let text = Rdf::new(format).to_string(&cv).unwrap();
            let read = RdfParser::from_format(format)
                .for_slice(text.as_bytes())
                .collect::<Result<Vec<_>, _>>()
                .unwrap_or_else(|e| panic!("{format}: {e}\n{text}"));
            assert_eq!(read.len(), expected, "{format}");
            let named = read.iter().filter(|q| !q.graph_name.is_default_graph());
            let in_graphs = format.supports_datasets();
            assert_eq!(
                named.count(),
                if in_graphs { expected } else { 0 },
                "{format}"
            );
        }
    }
}
