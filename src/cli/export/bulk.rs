//! `vitae export DIR_OR_FILES... --to nquads|ntriples|jsonld-lines [-o OUT] [--fail-fast]`:
//! many CVs into one stream, on every core, through [`vitae::bulk`].
//!
//! A progress bar is drawn on standard error when it is a terminal. At the end a summary says
//! how many CVs were exported and lists the skipped ones with their problems; the exit status
//! is 1 when any CV was skipped. `-o OUT` is written whole or not at all (with `--fail-fast`
//! and a bad CV: not at all); standard output is streamed.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use vitae::bulk::{Bulk, BulkError, BulkFormat, Summary};
use vitae::export::ExportFormat;

use super::{Args, To};
use crate::cli::CliError;
use crate::cli::output::{Access, OutputFile, refuse_input_as_output};

/// Whether the arguments ask for many CVs: several paths, a directory, or JSON-LD lines.
pub(crate) fn is_bulk(args: &Args) -> bool {
    let lines_by_extension = args.to.is_none()
        && args
            .output
            .as_deref()
            .and_then(Path::extension)
            .and_then(|e| e.to_str())
            .and_then(BulkFormat::from_extension)
            == Some(BulkFormat::JsonLdLines);
    args.files.len() > 1
        || args.files.iter().any(|f| f.is_dir())
        || args.to == Some(To::JsonLdLines)
        || lines_by_extension
}

/// The bulk format: `--to`, else `-o`'s extension.
fn format_of(args: &Args) -> Result<BulkFormat, CliError> {
    let usage = |what: String| {
        CliError::Usage(format!(
            "{what}: many CVs are exported as nquads, ntriples or jsonld-lines; name one with --to"
        ))
    };
    match args.to {
        Some(To::JsonLdLines) => Ok(BulkFormat::JsonLdLines),
        Some(To::Linked(ExportFormat::NQuads)) => Ok(BulkFormat::NQuads),
        Some(To::Linked(ExportFormat::NTriples)) => Ok(BulkFormat::NTriples),
        Some(To::Linked(f)) => Err(usage(format!("--to {f} holds one CV"))),
        Some(To::OrcidXml) => Err(usage("--to orcid-xml writes one CV's documents".to_owned())),
        Some(To::Bibtex) => Err(usage("--to bibtex holds one CV's works".to_owned())),
        Some(To::CslJson) => Err(usage("--to csl-json holds one CV's works".to_owned())),
        None => {
            let ext = args
                .output
                .as_deref()
                .and_then(Path::extension)
                .and_then(|e| e.to_str())
                .unwrap_or("");
            BulkFormat::from_extension(ext).ok_or_else(|| usage("no format given".to_owned()))
        }
    }
}

pub(crate) fn run(args: Args) -> Result<ExitCode, CliError> {
    let format = format_of(&args)?;
    if args.base.is_some() {
        return Err(CliError::Usage(
            "--base sets the IRIs of one CV; with many CVs each takes its own `base-iri`"
                .to_owned(),
        ));
    }
    let files = vitae::bulk::cv_files(&args.files).map_err(|e| CliError::Failed(e.to_string()))?;
    if let Some(out) = &args.output {
        refuse_input_as_output(out, files.iter().map(PathBuf::as_path))?;
    }
    let mut bulk = Bulk::new(format)
        .with_options(vitae::export::Options::new().with_include(args.include.into()))
        .with_fail_fast(args.fail_fast);
    if let Some(j) = args.jobs {
        bulk = bulk.with_threads(j);
    }
    let started = Instant::now();
    let bar = progress_bar(files.len());
    let progress = |done: usize, _total: usize| {
        if let Some(b) = &bar {
            b.set_position(done as u64);
        }
    };
    let summary = match &args.output {
        Some(path) => to_file(
            &bulk,
            &files,
            path,
            Access::of(args.include.into()),
            progress,
        )?,
        None => {
            let stdout = std::io::stdout().lock();
            match bulk.to_writer_with_progress(&files, stdout, progress) {
                Ok(s) => Some(s),
                // `vitae export … | head`: the reader has all it wants.
                Err(BulkError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => None,
                Err(e) => return Err(CliError::Failed(e.to_string())),
            }
        }
    };
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let Some(summary) = summary else {
        return Ok(ExitCode::SUCCESS);
    };
    report(
        &summary,
        args.output.as_deref(),
        started.elapsed().as_secs_f64(),
    );
    Ok(if summary.skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Exports into a temporary file beside `path`, renamed over it at the end; nothing is left
/// when the export fails or stops (`--fail-fast`).
fn to_file(
    bulk: &Bulk,
    files: &[PathBuf],
    path: &Path,
    access: Access,
    progress: impl FnMut(usize, usize),
) -> Result<Option<Summary>, CliError> {
    // No buffer between: each CV's output is written whole, in one call (a buffer would
    // only copy every byte once more).
    let mut out = OutputFile::create(path, access)?;
    let summary = match bulk.to_writer_with_progress(files, &mut out, progress) {
        Ok(s) => s,
        Err(BulkError::Io(e)) => return Err(out.error(&e)),
        Err(e) => return Err(CliError::Failed(e.to_string())),
    };
    if !summary.stopped {
        out.commit()?;
    }
    Ok(Some(summary))
}

fn progress_bar(total: usize) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    let style = indicatif::ProgressStyle::with_template(
        "{wide_bar} {pos}/{len} CVs, {per_sec}, {eta} left",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}

/// The summary on standard error: counts, then every skipped CV with its problems.
fn report(summary: &Summary, output: Option<&Path>, seconds: f64) {
    let mut err = std::io::stderr().lock();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let to = output.map_or_else(String::new, |p| format!(" to {}", p.display()));
    let rate = if seconds > 0.0 {
        format!(", {:.0} CVs/s", summary.exported as f64 / seconds)
    } else {
        String::new()
    };
    if summary.stopped {
        let _ = writeln!(
            err,
            "stopped at the first CV that cannot be exported (--fail-fast); {}",
            if output.is_some() {
                "nothing written".to_owned()
            } else {
                format!("{} CVs written before it", summary.exported)
            }
        );
    } else {
        let _ = writeln!(
            err,
            "exported {} of {} CV{}{to} in {seconds:.1} s{rate}",
            summary.exported,
            summary.total,
            plural(summary.total),
        );
    }
    if summary.with_warnings > 0 {
        let _ = writeln!(
            err,
            "{} CV{} had warnings; `vitae check FILE` lists them",
            summary.with_warnings,
            plural(summary.with_warnings)
        );
    }
    if !summary.skipped.is_empty() {
        let n = summary.skipped.len();
        let _ = writeln!(err, "skipped {n} CV{}:", plural(n));
        for s in &summary.skipped {
            let _ = writeln!(err, "- {}", s.file.display());
            for line in s.report.to_string().lines() {
                let _ = writeln!(err, "    {line}");
            }
        }
    }
}
