//! `vitae check FILE`: every problem of a CV and a summary of its sections.

use std::path::PathBuf;
use std::process::ExitCode;

use vitae::summary::Summary;

use super::CliError;
use super::output::print_stdout;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The CV file (.yaml, .yml, .json or .toml).
    file: PathBuf,
    /// Output format of the report.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Also check what a target demands beyond the CV format: `orcid` reports every rule of
    /// ORCID's API an item breaks (with the field path), as `vitae export --to orcid-xml`
    /// would meet it.
    #[arg(long, value_enum)]
    target: Option<Target>,
    /// List every warning; without it, a warning repeated more than 3 times is one line with
    /// its first paths and the count of the others.
    #[arg(short, long)]
    verbose: bool,
    /// With `--target`: check the items up to this visibility.
    #[arg(long, value_enum, default_value_t = super::args::Include::Public)]
    include: super::args::Include,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Target {
    /// ORCID's API rules (ORCID XML v3.0).
    Orcid,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// For people: one line per problem, then the summary.
    Text,
    /// For tools: one JSON object.
    Json,
}

pub(crate) fn run(args: Args) -> Result<ExitCode, CliError> {
    let (report, summary) = match vitae::from_path(&args.file) {
        Ok(mut loaded) => {
            let summary = Summary::of(&loaded.cv);
            if let Some(Target::Orcid) = args.target {
                let level = args.include.into();
                let mut found = vitae::orcid::check(&loaded.cv, level);
                loaded.locate(&mut found);
                for d in found {
                    loaded.report.push(vitae::Diagnostic {
                        message: match d.message.strip_prefix("ORCID ") {
                            // "ORCID needs …" says already whose rule it is.
                            Some(_) => d.message.clone(),
                            None => format!("ORCID: {}", d.message),
                        },
                        ..d
                    });
                }
            }
            (loaded.report, Some(summary))
        }
        Err(report) => (report, None),
    };
    let errors = report.errors().count();
    let warnings = report.warnings().count();
    let valid = summary.is_some() && errors == 0;
    match args.format {
        Format::Text => {
            let listed = if args.verbose {
                report.to_string()
            } else {
                report.grouped().to_string()
            };
            eprint!("{listed}");
            let grouped = listed.lines().count() < errors + warnings;
            let mut out = String::new();
            if let Some(s) = &summary {
                out.push_str(&s.to_string());
            }
            out.push_str(&format!(
                "{}: {}, {errors} error{}, {warnings} warning{}{}\n",
                args.file.display(),
                if valid { "valid" } else { "invalid" },
                if errors == 1 { "" } else { "s" },
                if warnings == 1 { "" } else { "s" },
                if grouped {
                    " (repeated warnings grouped; --verbose lists each)"
                } else {
                    ""
                },
            ));
            print_stdout(out.as_bytes())?;
        }
        Format::Json => {
            let doc = serde_json::json!({
                "file": args.file,
                "valid": valid,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": report.diagnostics,
                "summary": summary,
            });
            let mut s =
                serde_json::to_string_pretty(&doc).map_err(|e| CliError::Failed(e.to_string()))?;
            s.push('\n');
            print_stdout(s.as_bytes())?;
        }
    }
    Ok(if valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
