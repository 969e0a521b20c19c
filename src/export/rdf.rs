//! RDF in five syntaxes, written from the CV's [`LinkedGraph`] by oxigraph's serializers.

use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};

use super::graph::LinkedGraph;
use super::vocab::PREFIXES;
use super::{ExportError, Options};
use crate::model::Cv;

/// An RDF syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RdfSyntax {
    /// Turtle, with prefixes.
    Turtle,
    /// N-Triples.
    NTriples,
    /// N-Quads: the CV in one named graph.
    NQuads,
    /// RDF/XML.
    RdfXml,
    /// TriG, with prefixes: the CV in one named graph.
    TriG,
}

impl RdfSyntax {
    fn format(self) -> RdfFormat {
        match self {
            RdfSyntax::Turtle => RdfFormat::Turtle,
            RdfSyntax::NTriples => RdfFormat::NTriples,
            RdfSyntax::NQuads => RdfFormat::NQuads,
            RdfSyntax::RdfXml => RdfFormat::RdfXml,
            RdfSyntax::TriG => RdfFormat::TriG,
        }
    }

    /// Whether the syntax holds named graphs.
    pub fn has_graphs(self) -> bool {
        matches!(self, RdfSyntax::NQuads | RdfSyntax::TriG)
    }
}

/// The RDF writer.
///
/// ```
/// use vitae::export::{Rdf, RdfSyntax};
/// let cv = vitae::parse_str(r#"
/// base-iri: https://ada.example.org/
/// person: {given-names: Ada, family-name: Lovelace}
/// "#, vitae::InputFormat::Yaml)?;
/// let nq = Rdf::new(RdfSyntax::NQuads).to_string(&cv)?;
/// assert!(nq.lines().all(|l| l.ends_with("<https://ada.example.org/> .")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Rdf {
    syntax: RdfSyntax,
    options: Options,
}

impl Rdf {
    /// A writer of this syntax; public data, base IRI from the CV.
    pub fn new(syntax: RdfSyntax) -> Self {
        Self {
            syntax,
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
        write_graph(&graph, self.syntax, w)
    }
}

/// Writes a graph in a syntax, with vitae's prefixes and `cv:` for the CV's own IRIs.
pub(crate) fn write_graph(
    graph: &LinkedGraph,
    syntax: RdfSyntax,
    w: impl Write,
) -> Result<(), ExportError> {
    let mut ser = RdfSerializer::from_format(syntax.format());
    if matches!(
        syntax,
        RdfSyntax::Turtle | RdfSyntax::TriG | RdfSyntax::RdfXml
    ) {
        for (prefix, ns) in PREFIXES {
            ser = with_prefix(ser, prefix, ns)?;
        }
        ser = with_prefix(ser, "cv", graph.local_prefix())?;
    }
    // oxigraph's serializers write term by term: a buffer makes that a write per 64 KiB.
    let mut out = ser.for_writer(std::io::BufWriter::with_capacity(1 << 16, w));
    if syntax.has_graphs() {
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
    ser.with_prefix(prefix, ns).map_err(|e| ExportError::Iri {
        iri: ns.to_owned(),
        reason: e.to_string(),
    })
}
