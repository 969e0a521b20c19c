//! `vitae query FILE 'SELECT …'` (or `--query-file Q.rq`): SPARQL over the CV's graph.

use std::path::PathBuf;
use std::process::ExitCode;

use vitae::export::Options;
use vitae::query::{Query, QueryError, ResultsFormat};

use super::CliError;
use super::args::Include;
use super::output::print_stdout;

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["query", "query_file"])))]
pub(crate) struct Args {
    /// The CV file (.yaml, .yml, .json or .toml).
    file: PathBuf,
    /// The SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE). The prefixes schema:, bibo:,
    /// coar:, rdf:, xsd: and cv: (the CV's own IRIs) need no declaration.
    query: Option<String>,
    /// Read the query from this file instead.
    #[arg(long, value_name = "FILE")]
    query_file: Option<PathBuf>,
    /// Results format: table (CONSTRUCT: Turtle), json, csv, tsv, xml; for CONSTRUCT and
    /// DESCRIBE also turtle, ntriples, rdfxml.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Also load items and fields of this visibility: limited, or private (everything).
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = Include::Public)]
    include: Include,
    /// Base IRI of the nodes (overrides the CV's `base-iri`).
    #[arg(long, value_name = "IRI")]
    base: Option<url::Url>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// A text table (SELECT, ASK), Turtle (CONSTRUCT, DESCRIBE).
    Table,
    /// SPARQL results JSON.
    Json,
    /// SPARQL results CSV.
    Csv,
    /// SPARQL results TSV.
    Tsv,
    /// SPARQL results XML.
    Xml,
    /// Turtle.
    Turtle,
    /// N-Triples.
    Ntriples,
    /// RDF/XML.
    Rdfxml,
}

impl From<Format> for ResultsFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Table => ResultsFormat::Table,
            Format::Json => ResultsFormat::Json,
            Format::Csv => ResultsFormat::Csv,
            Format::Tsv => ResultsFormat::Tsv,
            Format::Xml => ResultsFormat::Xml,
            Format::Turtle => ResultsFormat::Turtle,
            Format::Ntriples => ResultsFormat::NTriples,
            Format::Rdfxml => ResultsFormat::RdfXml,
        }
    }
}

pub(crate) fn run(args: Args) -> Result<ExitCode, CliError> {
    let text = match (&args.query, &args.query_file) {
        (Some(q), _) => q.clone(),
        (None, Some(path)) => read_query_file(path)?,
        (None, None) => return Err(CliError::Usage("give a query or --query-file".into())),
    };
    let loaded = crate::cli::args::load_cv(&args.file)?;
    let mut options = Options::new().with_include(args.include.into());
    if let Some(b) = args.base {
        options = options.with_base(b);
    }
    let query = Query::new(text)
        .with_format(args.format.into())
        .with_options(options);
    match query.to_string(&loaded.cv) {
        Ok(out) => print_stdout(out.as_bytes())?,
        Err(e @ QueryError::Format(_)) => return Err(CliError::Usage(e.to_string())),
        Err(e) => return Err(CliError::Failed(e.to_string())),
    }
    Ok(ExitCode::SUCCESS)
}

/// The query in a file, read within [`vitae::query::MAX_QUERY_FILE_SIZE`].
fn read_query_file(path: &std::path::Path) -> Result<String, CliError> {
    let fail = |m: String| CliError::Failed(format!("{}: {m}", path.display()));
    let bytes = vitae::input::read_bounded(path, vitae::query::MAX_QUERY_FILE_SIZE)
        .map_err(|e| fail(e.to_string()))?;
    String::from_utf8(bytes).map_err(|_| fail("expected UTF-8 text".into()))
}
