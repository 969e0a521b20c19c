//! `vitae publish INPUT... --graph-store URL`: each CV as one named graph in a triple store,
//! through the SPARQL 1.1 Graph Store HTTP Protocol (PUT: publishing again replaces).

use std::path::PathBuf;
use std::process::ExitCode;

use vitae::publish::{self, PlanOptions, State};

use super::CliError;
use super::args::Include;
use super::output::print_stdout;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// CV files, or directories searched for .yaml, .yml, .json and .toml files; ORCID record
    /// files (.xml) and .tar / .tar.gz archives of them in the layout of ORCID's public data
    /// file, each record one graph named https://orcid.org/<iD>.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// The Graph Store endpoint: Oxigraph's http://HOST:7878/store, Virtuoso's
    /// http://HOST:8890/sparql-graph-crud-auth (with --graph-param graph-uri), any SPARQL 1.1
    /// Graph Store. Credentials come from VITAE_GRAPH_STORE_TOKEN (bearer), or
    /// VITAE_GRAPH_STORE_USER and VITAE_GRAPH_STORE_PASSWORD (Basic or Digest, as the server
    /// asks), never from the command line.
    #[arg(long, value_name = "URL")]
    graph_store: String,
    /// The query parameter naming the graph (Virtuoso: graph-uri).
    #[arg(long, value_name = "NAME", default_value = "graph")]
    graph_param: String,
    /// Delete the graphs this tool published to this store earlier whose CV is no longer
    /// among the inputs (as recorded in the state file); never a graph of a CV that fails to
    /// load.
    #[arg(long)]
    delete_missing: bool,
    /// Allow up to N deletions with --delete-missing (default: 5, or 10% of the graphs
    /// recorded for this store, whichever is larger). Past the bound nothing is sent (exit 1).
    #[arg(long, value_name = "N")]
    max_delete: Option<usize>,
    /// Send every graph, also those unchanged since the last publication.
    #[arg(long)]
    force: bool,
    /// Print the plan and send nothing.
    #[arg(long)]
    dry_run: bool,
    /// The record of earlier publications (default: vitae-publish-state.json in the current
    /// directory).
    #[arg(long, value_name = "FILE", default_value = "vitae-publish-state.json")]
    state: PathBuf,
    /// Requests at once.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    jobs: u16,
    /// How often a request answered 429 or 503 (or not at all) is tried again, after the
    /// server's Retry-After or a backoff of 1, 2, 4… seconds.
    #[arg(long, value_name = "N", default_value_t = 4)]
    retries: u32,
    /// How much of each CV to publish.
    #[arg(long, value_enum, default_value_t = Include::Public)]
    include: Include,
    /// Output format of the report.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// A line per graph and a summary.
    Text,
    /// One JSON object: the plan and the report.
    Json,
}

fn failed(e: impl std::fmt::Display) -> CliError {
    CliError::Failed(e.to_string())
}

pub(crate) fn run(args: Args) -> Result<ExitCode, CliError> {
    let store = store(&args)?;
    let sources = vitae::export::stream::sources(&args.inputs).map_err(failed)?;
    let options = vitae::export::Options::new().with_include(args.include.into());
    let jobs = usize::from(args.jobs);
    let prepared = publish::prepare_sources(&sources, &options, jobs.max(2));
    for (_, report) in &prepared.skipped {
        crate::cli::eprint_report(report);
    }
    // A publication holds the state file's lock from reading it to its last record; a dry
    // run writes nothing and takes none.
    let _lock = if args.dry_run {
        None
    } else {
        Some(publish::StateLock::acquire(&args.state).map_err(failed)?)
    };
    let mut state = State::open(&args.state).map_err(failed)?;
    let plan_options = PlanOptions {
        delete_missing: args.delete_missing,
        max_delete: args.max_delete,
        force: args.force,
    };
    let plan = publish::plan(&prepared, &state.store(store.url()), &plan_options);
    for g in &plan.kept {
        eprintln!(
            "kept <{}>: its CV {} does not load (see above)",
            g.iri,
            g.file.display()
        );
    }
    if !plan.orphaned.is_empty() {
        eprintln!(
            "note: {} graph(s) published earlier have no CV among the inputs; \
             --delete-missing deletes them",
            plan.orphaned.len()
        );
    }
    if let Some(refusal) = &plan.refused {
        if args.format == Format::Json {
            print_json(&serde_json::json!({ "plan": plan }))?;
        }
        return Err(failed(refusal));
    }
    if args.dry_run {
        match args.format {
            Format::Text => print_stdout(plan_text(&plan, store.url()).as_bytes())?,
            Format::Json => print_json(&serde_json::json!({ "plan": plan }))?,
        }
        return Ok(code(prepared.skipped.is_empty()));
    }
    let report = publish::publish(&store, &plan, &options, &mut state, jobs);
    let saved = state.save();
    match args.format {
        Format::Text => print_stdout(report.to_text().as_bytes())?,
        Format::Json => print_json(&serde_json::json!({ "plan": plan, "result": report }))?,
    }
    saved.map_err(failed)?;
    if !prepared.skipped.is_empty() {
        eprintln!(
            "error: {} CV(s) not published (see above)",
            prepared.skipped.len()
        );
    }
    Ok(code(report.ok() && prepared.skipped.is_empty()))
}

fn plan_text(plan: &publish::Plan, store: &str) -> String {
    let mut s = String::new();
    for p in &plan.put {
        let verb = if p.recorded { "replace" } else { "put" };
        s.push_str(&format!(
            "{verb:<9} <{}> {} ({} triples)\n",
            p.graph.iri,
            p.graph.file.display(),
            p.graph.triples
        ));
    }
    for g in &plan.unchanged {
        s.push_str(&format!("unchanged <{}> {}\n", g.iri, g.file.display()));
    }
    for g in &plan.delete {
        s.push_str(&format!("delete    <{}> {}\n", g.iri, g.file.display()));
    }
    s.push_str(&format!(
        "dry run: nothing was sent to {store}: {} to send, {} unchanged, {} to delete\n",
        plan.put.len(),
        plan.unchanged.len(),
        plan.delete.len()
    ));
    s
}

fn store(args: &Args) -> Result<publish::GraphStore, CliError> {
    let credentials =
        publish::Credentials::from_env().map_err(|e| CliError::Usage(e.to_string()))?;
    Ok(publish::GraphStore::new(&args.graph_store)
        .map_err(|e| CliError::Usage(e.to_string()))?
        .with_graph_param(&args.graph_param)
        .with_credentials(credentials)
        .with_retries(args.retries))
}

fn code(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn print_json(v: &serde_json::Value) -> Result<(), CliError> {
    let mut s = serde_json::to_string_pretty(v).map_err(failed)?;
    s.push('\n');
    print_stdout(s.as_bytes())
}
