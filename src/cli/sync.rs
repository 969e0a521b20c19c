//! `vitae sync FILE --orcid ID`: bring an ORCID record in line with the CV, through the
//! Member API. Dry run by default; `--apply` carries the plan out.

use std::path::PathBuf;
use std::process::ExitCode;

use vitae::sync::{self, AccessToken, Ledger, PlanOptions};
use vitae::types::OrcidId;

use super::CliError;
use super::output::print_stdout;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The CV file (.yaml, .yml, .json or .toml).
    file: PathBuf,
    /// The ORCID record to sync; the CV's `person.orcid` when absent.
    #[arg(long, value_name = "ID")]
    orcid: Option<String>,
    /// Carry the plan out. Without it, only the plan is printed (a dry run).
    #[arg(long)]
    apply: bool,
    /// Also delete items this client added that the CV no longer has (never items of other
    /// sources).
    #[arg(long)]
    prune: bool,
    /// Output format of the plan and the result.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Allow up to N deletions with --prune (default: 5, or 10% of the items this client added
    /// according to the ledger, whichever is larger), and go on when the CV no longer yields
    /// up to N of the items the ledger records (by default a CV matching fewer than half of
    /// more than 10 ledger items is refused as truncated or wrong, even without --prune).
    /// A plan past either bound is printed and nothing is changed (exit 1).
    #[arg(long, value_name = "N")]
    max_delete: Option<usize>,
    /// Use the ORCID sandbox, https://api.sandbox.orcid.org/v3.0.
    #[arg(long, conflicts_with = "api_url")]
    sandbox: bool,
    /// The Member API to use (default https://api.orcid.org/v3.0).
    #[arg(long, value_name = "URL")]
    api_url: Option<String>,
    /// Read the access token from this file instead of ORCID_ACCESS_TOKEN.
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// The ledger of earlier syncs (default: FILE.orcid-ledger.json beside the CV).
    #[arg(long, value_name = "FILE")]
    ledger: Option<PathBuf>,
    /// The API client id you expect the token to have (APP-…): checked against ORCID's answers,
    /// which alone decide it (the source of the items this client added); a disagreement stops
    /// the sync and the given id is never stored.
    #[arg(long, value_name = "APP-ID")]
    client_id: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// For people.
    Text,
    /// For tools: one JSON object with the plan (and the result with --apply).
    Json,
}

fn failed(e: impl std::fmt::Display) -> CliError {
    CliError::Failed(e.to_string())
}

pub(crate) fn run(args: Args) -> Result<ExitCode, CliError> {
    let loaded = vitae::from_path(&args.file).map_err(crate::cli::CliError::Invalid)?;
    let cv = loaded.cv;
    let orcid: OrcidId = match (&args.orcid, &cv.person.orcid) {
        (Some(s), _) => s
            .parse()
            .map_err(|e| CliError::Usage(format!("--orcid: {e}")))?,
        (None, Some(id)) => id.clone(),
        (None, None) => {
            return Err(CliError::Usage(format!(
                "{} has no person.orcid: pass --orcid ID",
                args.file.display()
            )));
        }
    };
    if let Some(c) = &args.client_id {
        let ok = c.len() == 20
            && c.starts_with("APP-")
            && c[4..].bytes().all(|b| b.is_ascii_alphanumeric());
        if !ok {
            return Err(CliError::Usage(format!(
                "--client-id: expected APP- and 16 letters or digits, found {c:?}"
            )));
        }
    }
    let api = match (&args.api_url, args.sandbox) {
        (Some(u), _) => u.clone(),
        (None, true) => sync::SANDBOX_API.to_owned(),
        (None, false) => sync::PRODUCTION_API.to_owned(),
    };
    let token = AccessToken::from_file_or_env(args.token_file.as_deref()).map_err(failed)?;
    if let Some(w) = args
        .token_file
        .as_deref()
        .and_then(AccessToken::file_warning)
    {
        eprintln!("warning: {w}");
    }
    let ledger_path = args
        .ledger
        .clone()
        .unwrap_or_else(|| Ledger::default_path(&args.file));
    // An apply holds the ledger's lock from reading it to the last call, so that two syncs
    // of one CV never plan from the same state and both add the same items; a dry run writes
    // nothing and takes none.
    let _lock = if args.apply {
        Some(sync::LedgerLock::acquire(&ledger_path).map_err(failed)?)
    } else {
        None
    };
    let mut ledger = Ledger::open(&ledger_path).map_err(failed)?;
    let cv_items = sync::cv_items(&cv).map_err(failed)?;
    for d in &cv_items.diagnostics {
        let mut one = vitae::Report::new(Some(args.file.clone()));
        one.push(d.clone());
        eprint!("{one}");
    }
    if !cv_items.left_out.is_empty() {
        eprintln!(
            "warning: {} item(s) left out of the sync because ORCID would refuse them (see \
             above); their copies on the record are kept",
            cv_items.left_out.len()
        );
    }
    let mut client = client(&api, orcid, token)?;
    let options = PlanOptions::default()
        .with_prune(args.prune)
        .with_client_id(args.client_id.clone())
        .with_max_delete(args.max_delete)
        .with_keep(cv_items.left_out.iter().cloned());
    let plan = sync::plan(&mut client, &cv_items.items, &ledger, &options).map_err(failed)?;
    let mut ok = true;
    if args.format == Format::Text {
        print_stdout(plan.to_text().as_bytes())?;
    }
    // The guard: a plan of mass deletions, or from a CV far smaller than the ledger, is shown
    // and refused, dry run or not (`apply` would refuse it too).
    if let Some(refusal) = &plan.refused {
        if args.format == Format::Json {
            print_json(&serde_json::json!({ "plan": plan }))?;
        }
        return Err(failed(refusal));
    }
    if !args.apply {
        match args.format {
            Format::Text => print_stdout(
                format!(
                    "dry run: nothing was changed; run again with --apply to carry out this plan \
                     (ledger: {})\n",
                    ledger_path.display()
                )
                .as_bytes(),
            )?,
            Format::Json => print_json(&serde_json::json!({ "plan": plan }))?,
        }
        return Ok(code(ok));
    }
    let result = sync::apply(&mut client, &plan, &mut ledger);
    let (report, error) = match result {
        Ok(r) => (r, None),
        Err(sync::SyncError::Interrupted { report, cause }) => (*report, Some(*cause)),
        Err(e) => return Err(failed(e)),
    };
    ok &= report.failed.is_empty() && error.is_none();
    match args.format {
        Format::Text => {
            print_stdout(report.to_text().as_bytes())?;
            if error.is_none() {
                print_stdout(format!("ledger: {}\n", ledger_path.display()).as_bytes())?;
            }
        }
        Format::Json => print_json(&serde_json::json!({
            "plan": plan,
            "result": report,
            "error": error.as_ref().map(ToString::to_string),
        }))?,
    }
    if let Some(e) = error {
        let stop = sync::SyncError::Interrupted {
            report: Box::new(report),
            cause: Box::new(e),
        };
        return Err(failed(stop));
    }
    Ok(code(ok))
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

#[cfg(feature = "ureq")]
fn client(
    api: &str,
    orcid: OrcidId,
    token: AccessToken,
) -> Result<sync::OrcidClient<sync::UreqClient>, CliError> {
    sync::OrcidClient::with_ureq(api, orcid, token).map_err(|e| CliError::Usage(e.to_string()))
}

#[cfg(not(feature = "ureq"))]
fn client(_: &str, _: OrcidId, _: AccessToken) -> Result<sync::OrcidClient, CliError> {
    Err(CliError::Failed(
        "this vitae was built without the `ureq` feature, so it has no HTTP client for sync"
            .to_owned(),
    ))
}
