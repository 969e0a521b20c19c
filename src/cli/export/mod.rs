//! `vitae export FILE [--to FORMAT] [-o OUT] [--include LEVEL] [--base IRI]`: the CV as
//! schema.org JSON-LD, RDF or an HTML `<script>` block.
//!
//! `vitae export DIR_OR_FILES... --to nquads|ntriples|jsonld-lines [-o OUT]`: many CVs in one
//! stream, handed to [`bulk`]; `--to orcid-xml -o DIR`: ORCID documents, by [`orcid`].

mod bulk;
mod orcid;

use std::path::PathBuf;
use std::process::ExitCode;

use vitae::export::{ExportFormat, Options};

use super::CliError;
use super::args::Include;
use super::output::{Access, is_stdout, print_stdout, refuse_input_as_output, write_file_atomic};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The CV file (.yaml, .yml, .json or .toml). Several files or directories (searched for
    /// CV files) export many CVs into one stream: N-Quads, N-Triples or JSON-LD lines; so do
    /// ORCID record documents (.xml) and archives of ORCID's public data file (.tar, .tar.gz).
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    pub(super) files: Vec<PathBuf>,
    /// Output format: jsonld, html, turtle, ntriples, nquads, rdfxml, trig, orcid-xml (a
    /// directory of ORCID documents, -o DIR), bibtex or csl-json (the works); for many CVs
    /// nquads, ntriples or jsonld-lines. Default: from -o's extension (.jsonld, .html, .ttl,
    /// .nt, .nq, .rdf, .trig, .bib, .json for CSL-JSON; .jsonl), else jsonld.
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub(super) to: Option<To>,
    /// Write to this file (whole or not at all) instead of standard output; `-` is standard
    /// output. An input file is never written over. A new file gets the umask's mode (0644
    /// under umask 022), a replaced one keeps its mode.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub(super) output: Option<PathBuf>,
    /// Also show items and fields of this visibility: limited, or private (everything).
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = Include::Public)]
    pub(super) include: Include,
    /// Base IRI of the nodes (overrides the CV's `base-iri`), e.g. https://example.org/cv
    #[arg(long, value_name = "IRI")]
    pub(super) base: Option<url::Url>,
    /// orcid-xml: write no put-codes (POST bodies), even where the CV holds them.
    #[arg(long)]
    no_put_codes: bool,
    /// orcid-xml: write the items that satisfy ORCID's rules even when others do not.
    #[arg(long)]
    skip_invalid: bool,
    /// Many CVs: stop at the first CV that cannot be exported and write nothing (for CI).
    #[arg(long, conflicts_with = "keep_going")]
    pub(super) fail_fast: bool,
    /// Many CVs or ORCID records: exit 0 even when some were skipped (they are still
    /// reported). A damaged archive still exits 1.
    #[arg(long)]
    pub(super) keep_going: bool,
    /// Many CVs: how many threads read and export them (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub(super) jobs: Option<std::num::NonZeroUsize>,
}

/// A format of `--to`: a linked-data format, ORCID XML, or JSON-LD lines (many CVs, one
/// document a line).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum To {
    Linked(ExportFormat),
    OrcidXml,
    JsonLdLines,
    /// BibTeX entries of the works and patent filings (`.bib`).
    Bibtex,
    /// The works as a CSL-JSON array (`.json`).
    CslJson,
}

fn parse_format(s: &str) -> Result<To, String> {
    if s == "orcid-xml" {
        return Ok(To::OrcidXml);
    }
    if s == "bibtex" {
        return Ok(To::Bibtex);
    }
    if s == "csl-json" {
        return Ok(To::CslJson);
    }
    if vitae::bulk::BulkFormat::from_name(s) == Some(vitae::bulk::BulkFormat::JsonLdLines) {
        return Ok(To::JsonLdLines);
    }
    ExportFormat::from_name(s).map(To::Linked).ok_or_else(|| {
        let mut names: Vec<&str> = ExportFormat::ALL.iter().map(|f| f.name()).collect();
        names.extend(["orcid-xml", "jsonld-lines", "bibtex", "csl-json"]);
        format!("expected one of {}", names.join(", "))
    })
}

/// The format: `--to`, else `-o`'s extension, else JSON-LD.
fn format_of(args: &Args) -> Result<ExportFormat, CliError> {
    if let Some(To::Linked(f)) = args.to {
        return Ok(f);
    }
    if let Some(To::JsonLdLines) = args.to {
        return Err(CliError::Usage(
            "jsonld-lines is a format of many CVs".to_owned(),
        ));
    }
    let Some(out) = &args.output else {
        return Ok(ExportFormat::JsonLd);
    };
    let ext = out.extension().and_then(|e| e.to_str()).unwrap_or("");
    ExportFormat::from_extension(ext).ok_or_else(|| {
        CliError::Usage(format!(
            "cannot tell the format from the extension of {}; name it with --to \
             (jsonld, html, turtle, ntriples, nquads, rdfxml, trig, bibtex, csl-json)",
            out.display()
        ))
    })
}

/// A format of the works alone, `bibtex` or `csl-json`: by `--to`, else by `-o`'s extension
/// (`.bib`, `.json`; JSON-LD is `.jsonld`).
fn works_format(args: &Args) -> Option<To> {
    match args.to {
        Some(t @ (To::Bibtex | To::CslJson)) => Some(t),
        Some(_) => None,
        None => {
            let ext = args.output.as_deref()?.extension()?.to_str()?;
            match ext.to_ascii_lowercase().as_str() {
                "bib" => Some(To::Bibtex),
                "json" => Some(To::CslJson),
                _ => None,
            }
        }
    }
}

pub(crate) fn run(mut args: Args) -> Result<ExitCode, CliError> {
    if args.output.as_deref().is_some_and(is_stdout) {
        if args.to == Some(To::OrcidXml) {
            return Err(CliError::Usage(
                "--to orcid-xml writes a directory of documents, which standard output (-o -) \
                 cannot hold: name the directory with -o DIR"
                    .into(),
            ));
        }
        args.output = None;
    }
    if bulk::is_bulk(&args) {
        return bulk::run(args);
    }
    let file = &args.files[0];
    if let Some(out) = &args.output {
        refuse_input_as_output(out, [file.as_path()])?;
    }
    if let Some(To::OrcidXml) = args.to {
        let Some(dir) = &args.output else {
            return Err(CliError::Usage(
                "--to orcid-xml writes a directory of documents: name it with -o DIR".into(),
            ));
        };
        return orcid::run_orcid(
            file,
            dir,
            args.include.into(),
            !args.no_put_codes,
            args.skip_invalid,
        );
    }
    let works = works_format(&args);
    let format = if works.is_some() {
        ExportFormat::JsonLd
    } else {
        format_of(&args)?
    };
    let loaded = crate::cli::args::load_cv(file)?;
    let mut options = Options::new().with_include(args.include.into());
    if let Some(b) = args.base {
        options = options.with_base(b);
    }
    let text = match works {
        Some(To::Bibtex) => vitae::citation::bibtex::bibliography(&loaded.cv, args.include.into()),
        Some(_) => vitae::citation::csl_json::bibliography(&loaded.cv, args.include.into()),
        None => vitae::export::to_string(&loaded.cv, format, &options)
            .map_err(|e| CliError::Failed(format!("{}: {e}", file.display())))?,
    };
    match &args.output {
        Some(path) => write_file_atomic(path, text.as_bytes(), Access::of(args.include.into()))?,
        None => print_stdout(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
