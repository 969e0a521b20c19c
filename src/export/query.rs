//! SPARQL over a CV: its graph (the one the RDF export writes) in oxigraph's in-memory store.
//!
//! Queries may use the prefixes `schema:` (`http://schema.org/`), `bibo:`, `coar:`, `rdf:`,
//! `xsd:` and `cv:` (the CV's own IRIs, `<base>#`) without declaring them. Nothing is fetched
//! from the network: `SERVICE` is not available.
//!
//! ```
//! use vitae::query::{Query, ResultsFormat};
//! let cv = vitae::from_str(r#"
//! person: {given-names: Ada, family-name: Lovelace}
//! works:
//!   - {type: journal-article, title: Sketch, authors: [Menabrea L F, Lovelace A], date: 1843}
//!   - {type: journal-article, title: Notes, authors: [Lovelace A], date: 1843}
//! "#, vitae::InputFormat::Yaml)?.cv;
//! let csv = Query::new("SELECT ?year (COUNT(?w) AS ?n) WHERE {
//!     ?w a schema:ScholarlyArticle ; schema:author cv:me ; schema:datePublished ?year
//! } GROUP BY ?year")
//!     .with_format(ResultsFormat::Csv)
//!     .to_string(&cv)?;
//! assert_eq!(csv, "year,n\r\n1843,2\r\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, Term};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use super::vocab::PREFIXES;
use crate::export::{ExportError, LinkedGraph, Options};
use crate::model::Cv;

/// The largest query file `vitae query --query-file` reads, in bytes.
pub const MAX_QUERY_FILE_SIZE: u64 = 1024 * 1024;

/// How query results are printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResultsFormat {
    /// A text table for people (SELECT, ASK); Turtle for CONSTRUCT and DESCRIBE.
    #[default]
    Table,
    /// SPARQL 1.1 Query Results JSON (SELECT, ASK).
    Json,
    /// SPARQL 1.1 Query Results CSV (SELECT, ASK).
    Csv,
    /// SPARQL 1.1 Query Results TSV (SELECT, ASK).
    Tsv,
    /// SPARQL Query Results XML (SELECT, ASK).
    Xml,
    /// Turtle (CONSTRUCT, DESCRIBE).
    Turtle,
    /// N-Triples (CONSTRUCT, DESCRIBE).
    NTriples,
    /// RDF/XML (CONSTRUCT, DESCRIBE).
    RdfXml,
}

impl ResultsFormat {
    fn results_format(self) -> Option<QueryResultsFormat> {
        match self {
            ResultsFormat::Json => Some(QueryResultsFormat::Json),
            ResultsFormat::Csv => Some(QueryResultsFormat::Csv),
            ResultsFormat::Tsv => Some(QueryResultsFormat::Tsv),
            ResultsFormat::Xml => Some(QueryResultsFormat::Xml),
            _ => None,
        }
    }

    fn graph_format(self) -> Option<RdfFormat> {
        match self {
            ResultsFormat::Table | ResultsFormat::Turtle => Some(RdfFormat::Turtle),
            ResultsFormat::NTriples => Some(RdfFormat::NTriples),
            ResultsFormat::RdfXml => Some(RdfFormat::RdfXml),
            _ => None,
        }
    }
}

/// Why a query failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// The CV could not be made a graph.
    #[error(transparent)]
    Export(#[from] ExportError),
    /// The query is not valid SPARQL.
    #[error("the query is not valid SPARQL: {0}")]
    Syntax(#[source] oxigraph::sparql::SparqlSyntaxError),
    /// The query failed while running (or the store could not be made).
    #[error("the query failed: {0}")]
    Evaluation(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The format does not fit the kind of query (a table of a CONSTRUCT, Turtle of a SELECT).
    #[error("{0}")]
    Format(String),
    /// Writing the results failed.
    #[error("cannot write the results: {0}")]
    Io(#[from] std::io::Error),
}

/// Loads the graph of the part of a CV that `options` allow to be shown into a new in-memory
/// store, in the default graph.
///
/// # Errors
/// [`QueryError::Export`] when a URL of the CV cannot be made an IRI.
pub fn store(cv: &Cv, options: &Options) -> Result<Store, QueryError> {
    load(cv, options).map(|(store, _)| store)
}

/// The store and the prefix of the CV's own IRIs.
fn load(cv: &Cv, options: &Options) -> Result<(Store, String), QueryError> {
    let graph = LinkedGraph::new(cv, options)?;
    let local = graph.local_prefix().to_owned();
    let store = Store::new().map_err(|e| QueryError::Evaluation(e.into()))?;
    // A transaction takes the borrowed triples; `Store::extend` would copy each into an
    // owned quad first.
    let mut transaction = store
        .start_transaction()
        .map_err(|e| QueryError::Evaluation(e.into()))?;
    for t in graph.iter() {
        transaction.insert(t.in_graph(GraphNameRef::DefaultGraph));
    }
    transaction
        .commit()
        .map_err(|e| QueryError::Evaluation(e.into()))?;
    Ok((store, local))
}

/// A SPARQL query over a CV, with the format of its results.
#[derive(Debug, Clone)]
pub struct Query {
    text: String,
    format: ResultsFormat,
    options: Options,
}

impl Query {
    /// A query (SELECT, ASK, CONSTRUCT or DESCRIBE); results as a table, public data.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            format: ResultsFormat::default(),
            options: Options::default(),
        }
    }

    /// How the results are printed.
    pub fn with_format(mut self, format: ResultsFormat) -> Self {
        self.format = format;
        self
    }

    /// All options at once.
    pub fn with_options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// Runs the query over the CV and returns the results as text.
    ///
    /// # Errors
    /// See [`to_writer`](Self::to_writer).
    pub fn to_string(&self, cv: &Cv) -> Result<String, QueryError> {
        let mut out = Vec::new();
        self.to_writer(cv, &mut out)?;
        String::from_utf8(out).map_err(|e| QueryError::Io(std::io::Error::other(e)))
    }

    /// Runs the query over the CV and writes the results.
    ///
    /// # Errors
    /// [`QueryError::Syntax`] for a query that is not SPARQL, [`QueryError::Format`] when the
    /// format does not fit the kind of query, [`QueryError::Evaluation`] when it fails to run,
    /// [`QueryError::Io`] when writing fails.
    pub fn to_writer(&self, cv: &Cv, w: impl Write) -> Result<(), QueryError> {
        let (store, local) = load(cv, &self.options)?;
        run(&store, &self.text, &local, self.format, w)
    }
}

/// The prefixes a query may use without declaring them: vitae's and `cv:`.
fn prefixes(local: &str) -> Vec<(&str, &str)> {
    let mut p: Vec<(&str, &str)> = PREFIXES.to_vec();
    p.push(("cv", local));
    p
}

fn run(
    store: &Store,
    text: &str,
    local: &str,
    format: ResultsFormat,
    mut w: impl Write,
) -> Result<(), QueryError> {
    let mut evaluator = SparqlEvaluator::new();
    for (prefix, ns) in prefixes(local) {
        evaluator = evaluator
            .with_prefix(prefix, ns)
            .map_err(|e| QueryError::Evaluation(e.into()))?;
    }
    let prepared = evaluator.parse_query(text).map_err(QueryError::Syntax)?;
    let results = prepared
        .on_store(store)
        .execute()
        .map_err(|e| QueryError::Evaluation(e.into()))?;
    let eval = |e: oxigraph::sparql::QueryEvaluationError| QueryError::Evaluation(e.into());
    match results {
        QueryResults::Boolean(b) => match format.results_format() {
            Some(f) => {
                QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(w, b)?;
            }
            None if format == ResultsFormat::Table => writeln!(w, "{b}")?,
            None => return Err(wrong_format(format, "ASK")),
        },
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            match format.results_format() {
                Some(f) => {
                    let mut ser = QueryResultsSerializer::from_format(f)
                        .serialize_solutions_to_writer(w, variables)?;
                    for s in solutions {
                        ser.serialize(&s.map_err(eval)?)?;
                    }
                    ser.finish()?;
                }
                None if format == ResultsFormat::Table => {
                    let mut rows = Vec::new();
                    for s in solutions {
                        let s = s.map_err(eval)?;
                        rows.push(
                            s.values()
                                .iter()
                                .map(|v| v.as_ref().map(|t| cell(t, local)).unwrap_or_default())
                                .collect::<Vec<_>>(),
                        );
                    }
                    let header: Vec<String> =
                        variables.iter().map(|v| v.as_str().to_owned()).collect();
                    w.write_all(table(&header, &rows).as_bytes())?;
                }
                None => return Err(wrong_format(format, "SELECT")),
            }
        }
        QueryResults::Graph(triples) => {
            let Some(f) = format.graph_format() else {
                return Err(QueryError::Format(format!(
                    "a CONSTRUCT or DESCRIBE query gives a graph: use --format table (Turtle), \
                     turtle, ntriples or rdfxml, not {}",
                    name(format)
                )));
            };
            let mut ser = RdfSerializer::from_format(f);
            if f != RdfFormat::NTriples {
                for (prefix, ns) in prefixes(local) {
                    ser = ser
                        .with_prefix(prefix, ns)
                        .map_err(|e| QueryError::Evaluation(e.into()))?;
                }
            }
            let mut out = ser.for_writer(w);
            for t in triples {
                out.serialize_triple(&t.map_err(eval)?)?;
            }
            out.finish()?;
        }
    }
    Ok(())
}

fn name(f: ResultsFormat) -> &'static str {
    match f {
        ResultsFormat::Table => "table",
        ResultsFormat::Json => "json",
        ResultsFormat::Csv => "csv",
        ResultsFormat::Tsv => "tsv",
        ResultsFormat::Xml => "xml",
        ResultsFormat::Turtle => "turtle",
        ResultsFormat::NTriples => "ntriples",
        ResultsFormat::RdfXml => "rdfxml",
    }
}

fn wrong_format(f: ResultsFormat, kind: &str) -> QueryError {
    QueryError::Format(format!(
        "a {kind} query gives results: use --format table, json, csv, tsv or xml, not {}",
        name(f)
    ))
}

/// A term as a table shows it: IRIs shortened by the known prefixes, literals by their value.
fn cell(t: &Term, local: &str) -> String {
    match t {
        Term::NamedNode(n) => {
            let iri = n.as_str();
            for (prefix, ns) in prefixes(local) {
                if let Some(rest) = iri.strip_prefix(ns)
                    && !rest.is_empty()
                {
                    return format!("{prefix}:{rest}");
                }
            }
            format!("<{iri}>")
        }
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l.value().replace(['\n', '\r', '\t'], " "),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

/// A text table: a header, a rule, the rows; columns as wide as their widest cell.
fn table(header: &[String], rows: &[Vec<String>]) -> String {
    let width = |s: &str| s.chars().count();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(width(c));
            }
        }
    }
    let line = |cells: &[String]| {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - width(c))))
            .collect();
        format!("{}\n", parts.join(" | ").trim_end())
    };
    let mut out = line(header);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&format!("{}\n", rule.join("-+-")));
    for r in rows {
        out.push_str(&line(r));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_columns() {
        let t = table(
            &["name".into(), "n".into()],
            &[
                vec!["Samek W".into(), "12".into()],
                vec!["Müller".into(), "3".into()],
            ],
        );
        assert_eq!(t, "name    | n\n--------+---\nSamek W | 12\nMüller  | 3\n");
    }
}
