//! Views of a CV for other programs: schema.org JSON-LD, RDF in five syntaxes, and the
//! JSON-LD as an HTML `<script>` block.
//!
//! Every linked-data view is written from one description of the CV, built by one mapping
//! of the model to schema.org (`mapping.rs`), so the JSON-LD and the RDF are the same graph.
//! Each format has a writer with the same shape: a small value with `with_*` methods, then
//! `to_string(&cv)` or `to_writer(&cv, w)` (the JSON-LD writer also `to_string_pretty`,
//! `to_writer_pretty` and `to_value`, as serde_json names them).
//!
//! ```
//! use vitae::export::{ExportFormat, JsonLd, Options, Rdf, RdfFormat};
//! let cv = vitae::from_str(r#"
//! base-iri: https://ada.example.org/
//! person: {given-names: Ada, family-name: Lovelace}
//! works:
//!   - type: journal-article
//!     title: Sketch of the Analytical Engine
//!     authors: [Menabrea L F, Lovelace A]
//!     date: 1843
//!     container: Scientific Memoirs
//! "#, vitae::InputFormat::Yaml)?.cv;
//! let json = JsonLd::new().to_string_pretty(&cv)?;
//! assert!(json.contains(r#""@id": "https://ada.example.org/#me""#));
//! let turtle = Rdf::new(RdfFormat::Turtle).to_string(&cv)?;
//! assert!(turtle.contains("schema:ScholarlyArticle"));
//! // The same through the format enum, as the command line does it:
//! let options = Options::new();
//! let nt = vitae::export::to_string(&cv, ExportFormat::Rdf(RdfFormat::NTriples), &options)?;
//! assert!(nt.contains("<http://schema.org/author>"));
//! // oxigraph's RdfFormat is an ExportFormat too:
//! assert_eq!(vitae::export::to_string(&cv, RdfFormat::NTriples, &options)?, nt);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod bulk;
mod graph;
pub(crate) mod html;
mod iri;
mod jsonld;
pub(crate) mod lines;
mod mapping;
mod node;
pub mod query;
pub(crate) mod rdf;
pub mod stream;
pub(crate) mod vocab;

use std::io::Write;

pub use graph::LinkedGraph;
pub use html::Html;
pub use jsonld::JsonLd;
pub use oxigraph::io::RdfFormat;
pub use rdf::Rdf;

use crate::model::Cv;
use crate::types::Visibility;

/// An output format of `vitae export`: schema.org JSON-LD, the same in HTML, or an RDF syntax
/// as oxigraph names it ([`RdfFormat`]), written by oxigraph's serializers.
///
/// New formats may be added, so matches need a wildcard arm outside this crate.
///
/// ```
/// use vitae::export::{ExportFormat, RdfFormat};
/// assert_eq!(ExportFormat::from_extension("ttl"), Some(ExportFormat::Rdf(RdfFormat::Turtle)));
/// assert_eq!(ExportFormat::from(RdfFormat::Turtle), ExportFormat::Rdf(RdfFormat::Turtle));
/// assert_eq!(ExportFormat::from_name("jsonld"), Some(ExportFormat::JsonLd));
/// assert_eq!(ExportFormat::JsonLd.media_type(), "application/ld+json");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExportFormat {
    /// schema.org JSON-LD (`.jsonld`).
    JsonLd,
    /// The JSON-LD in an HTML `<script type="application/ld+json">` block (`.html`).
    Html,
    /// An RDF syntax: Turtle (`.ttl`), N-Triples (`.nt`), N-Quads (`.nq`, the CV in one named
    /// graph), RDF/XML (`.rdf`), TriG (`.trig`, one named graph), or any other oxigraph
    /// writes (N3, its own JSON-LD), which the command line does not offer.
    Rdf(RdfFormat),
}

impl From<RdfFormat> for ExportFormat {
    fn from(format: RdfFormat) -> Self {
        ExportFormat::Rdf(format)
    }
}

impl ExportFormat {
    /// Every format of the command line, in the order of the documentation.
    pub const ALL: [ExportFormat; 7] = [
        ExportFormat::JsonLd,
        ExportFormat::Html,
        ExportFormat::Rdf(RdfFormat::Turtle),
        ExportFormat::Rdf(RdfFormat::NTriples),
        ExportFormat::Rdf(RdfFormat::NQuads),
        ExportFormat::Rdf(RdfFormat::RdfXml),
        ExportFormat::Rdf(RdfFormat::TriG),
    ];

    /// The name used by `--to`, e.g. `jsonld`, `turtle`; for an RDF syntax the command line
    /// does not offer, oxigraph's name of it (`N3`).
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::JsonLd => "jsonld",
            ExportFormat::Html => "html",
            ExportFormat::Rdf(RdfFormat::Turtle) => "turtle",
            ExportFormat::Rdf(RdfFormat::NTriples) => "ntriples",
            ExportFormat::Rdf(RdfFormat::NQuads) => "nquads",
            ExportFormat::Rdf(RdfFormat::RdfXml) => "rdfxml",
            ExportFormat::Rdf(RdfFormat::TriG) => "trig",
            ExportFormat::Rdf(other) => other.name(),
        }
    }

    /// The format for a `--to` name (case-insensitive; `json-ld` and `ttl` are accepted too).
    pub fn from_name(name: &str) -> Option<Self> {
        let n = name.to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|f| f.name() == n)
            .or(match n.as_str() {
                "json-ld" => Some(ExportFormat::JsonLd),
                "ttl" => Some(ExportFormat::Rdf(RdfFormat::Turtle)),
                "nt" => Some(ExportFormat::Rdf(RdfFormat::NTriples)),
                "nq" => Some(ExportFormat::Rdf(RdfFormat::NQuads)),
                "rdf" | "rdf-xml" | "xml" => Some(ExportFormat::Rdf(RdfFormat::RdfXml)),
                _ => None,
            })
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::JsonLd => "jsonld",
            ExportFormat::Html => "html",
            ExportFormat::Rdf(f) => f.file_extension(),
        }
    }

    /// The format for a file extension (without the dot, case-insensitive), among the
    /// command line's.
    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext.to_ascii_lowercase().as_str() {
            "jsonld" | "json-ld" => Some(ExportFormat::JsonLd),
            "html" | "htm" => Some(ExportFormat::Html),
            "ttl" => Some(ExportFormat::Rdf(RdfFormat::Turtle)),
            "nt" => Some(ExportFormat::Rdf(RdfFormat::NTriples)),
            "nq" => Some(ExportFormat::Rdf(RdfFormat::NQuads)),
            "rdf" | "owl" => Some(ExportFormat::Rdf(RdfFormat::RdfXml)),
            "trig" => Some(ExportFormat::Rdf(RdfFormat::TriG)),
            _ => None,
        }
    }

    /// The IANA media type.
    pub fn media_type(self) -> &'static str {
        match self {
            ExportFormat::JsonLd => "application/ld+json",
            ExportFormat::Html => "text/html",
            ExportFormat::Rdf(f) => f.media_type(),
        }
    }
}

impl std::fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What every linked-data view shares: the base IRI and how much of the CV to show.
///
/// ```
/// use vitae::export::Options;
/// use vitae::types::Visibility;
/// let o = Options::new()
///     .with_base("https://ada.example.org/".parse()?)
///     .with_include(Visibility::Limited);
/// assert_eq!(o.include(), Visibility::Limited);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    base: Option<url::Url>,
    include: Visibility,
    name_withheld: bool,
}

impl Options {
    /// Public data, base IRI from the CV.
    pub fn new() -> Self {
        Self::default()
    }

    /// The base IRI of the nodes, overriding the CV's `base-iri`. Without either, the base is
    /// `urn:vitae:` and the person's name as a slug (e.g. `urn:vitae:ada-lovelace`).
    pub fn with_base(mut self, base: url::Url) -> Self {
        self.base = Some(base);
        self
    }

    /// The widest visibility shown: `Public` (the default), `Limited` or `Private`.
    pub fn with_include(mut self, level: Visibility) -> Self {
        self.include = level;
        self
    }

    /// The person's name is not known — an ORCID record whose name is private or absent,
    /// which the import fills with the placeholder "Unknown": the person is written without
    /// `name`, `givenName` and `familyName` (and without other names built on the placeholder)
    /// rather than with a name nobody has.
    pub fn with_name_withheld(mut self) -> Self {
        self.name_withheld = true;
        self
    }

    /// Whether the person's name is withheld ([`Options::with_name_withheld`]).
    pub fn name_withheld(&self) -> bool {
        self.name_withheld
    }

    /// The base IRI given, if any.
    pub fn base(&self) -> Option<&url::Url> {
        self.base.as_ref()
    }

    /// The widest visibility shown.
    pub fn include(&self) -> Visibility {
        self.include
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// An IRI built from the CV is not a valid IRI.
    #[error("cannot make an IRI of {iri:?}: {source}")]
    Iri {
        /// The text that is not an IRI.
        iri: String,
        /// What is wrong with it.
        #[source]
        source: oxigraph::model::IriParseError,
    },
    /// Writing the output failed.
    #[error("cannot write the output: {0}")]
    Io(#[from] std::io::Error),
}

/// Writes a CV in a format: an [`ExportFormat`], or oxigraph's [`RdfFormat`] itself.
///
/// # Errors
/// [`ExportError::Iri`] when a URL of the CV cannot be made an IRI; [`ExportError::Io`] when
/// writing fails.
pub fn to_writer(
    cv: &Cv,
    format: impl Into<ExportFormat>,
    options: &Options,
    w: impl Write,
) -> Result<(), ExportError> {
    match format.into() {
        ExportFormat::JsonLd => JsonLd::new()
            .with_options(options.clone())
            .to_writer_pretty(cv, w),
        ExportFormat::Html => Html::new().with_options(options.clone()).to_writer(cv, w),
        ExportFormat::Rdf(f) => Rdf::new(f).with_options(options.clone()).to_writer(cv, w),
    }
}

/// Writes a CV in a format to a string: an [`ExportFormat`], or oxigraph's [`RdfFormat`]
/// itself.
///
/// # Errors
/// [`ExportError::Iri`] when a URL of the CV cannot be made an IRI.
pub fn to_string(
    cv: &Cv,
    format: impl Into<ExportFormat>,
    options: &Options,
) -> Result<String, ExportError> {
    let mut out = Vec::new();
    to_writer(cv, format, options, &mut out)?;
    String::from_utf8(out).map_err(|e| ExportError::Io(std::io::Error::other(e)))
}
