//! Command-line verbs. Each verb is one module with `Args` and `run(args) -> Result<ExitCode>`.

mod args;
mod check;
#[cfg(feature = "ureq")]
mod enrich;
mod export;
mod import;
mod output;
#[cfg(feature = "ureq")]
mod publish;
mod query;
mod site;
mod sync;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Turn a researcher's CV into machine-readable scholarly metadata.
#[derive(Parser)]
#[command(name = "vitae", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a CV file and print every problem and a summary of its sections.
    Check(check::Args),
    /// Export a CV as schema.org JSON-LD, RDF (Turtle, N-Triples, N-Quads, RDF/XML, TriG) or
    /// an HTML <script> block; or many CVs (directories, several files) into one N-Quads,
    /// N-Triples or JSON-LD-lines stream.
    Export(export::Args),
    /// Run a SPARQL query over a CV's graph.
    Query(query::Args),
    /// Propose the ROR ids and DOIs a CV lacks (ROR, Crossref), each with its score; with
    /// --apply write those above --min-score into the file, one line per item.
    #[cfg(feature = "ureq")]
    Enrich(enrich::Args),
    /// Import a CV from another format: `vitae import orcid|bibtex|csl-json|json-resume FILE...
    /// -o cv.yaml`, or add what a CV lacks: `... --into cv.yaml`.
    Import(import::Args),
    /// Print the JSON Schema of the CV format.
    Schema,
    /// Write a static profile site: index.html, a page per work with Google Scholar's tags,
    /// cv.jsonld, cv.ttl, sitemap.xml.
    Site(site::Args),
    /// Publish each CV as one named graph in a triple store through the SPARQL 1.1 Graph Store
    /// protocol (PUT replaces; --delete-missing removes graphs of CVs gone).
    #[cfg(feature = "ureq")]
    Publish(publish::Args),
    /// Bring an ORCID record in line with the CV (Member API; a dry run unless --apply).
    Sync(sync::Args),
}

/// An error of a verb that is not about the CV's content: I/O, bad options.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    /// Usage error (exit 2).
    #[error("{0}")]
    Usage(String),
    /// Anything else (exit 1).
    #[error("{0}")]
    Failed(String),
    /// The CV does not load: its report, every problem with file, line and path (exit 1).
    #[error("{0}")]
    Invalid(vitae::Report),
}

pub(crate) fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Check(a) => check::run(a),
        Command::Export(a) => export::run(a),
        Command::Query(a) => query::run(a),
        #[cfg(feature = "ureq")]
        Command::Enrich(a) => enrich::run(a),
        Command::Import(a) => import::run(a),
        Command::Schema => output::print_stdout(vitae::schema::json_schema_string().as_bytes())
            .map(|()| ExitCode::SUCCESS),
        Command::Site(a) => site::run(a),
        Command::Sync(a) => sync::run(a),
        #[cfg(feature = "ureq")]
        Command::Publish(a) => publish::run(a),
    };
    match result {
        Ok(code) => code,
        Err(CliError::Usage(m)) => {
            eprintln!("error: {m}");
            ExitCode::from(2)
        }
        Err(CliError::Failed(m)) => {
            eprintln!("error: {m}");
            ExitCode::from(1)
        }
        Err(CliError::Invalid(report)) => {
            eprint_report(&report);
            ExitCode::from(1)
        }
    }
}

/// A report on standard error with repeated warnings grouped, as `vitae check` shows it, and
/// a hint to list each when some were grouped.
pub(crate) fn eprint_report(report: &vitae::Report) {
    let grouped = report.grouped().to_string();
    eprint!("{grouped}");
    if grouped.lines().count() < report.diagnostics.len() {
        let file = report
            .file
            .as_ref()
            .map_or_else(|| "FILE".to_owned(), |f| f.display().to_string());
        eprintln!("(repeated warnings grouped; `vitae check --verbose {file}` lists each)");
    }
}
