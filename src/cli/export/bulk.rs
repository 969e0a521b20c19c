//! `vitae export DIR_OR_FILES... --to nquads|ntriples|jsonld-lines [-o OUT] [--fail-fast]`:
//! many CVs and ORCID records into one stream, on every core, through
//! [`vitae::export::stream`].
//!
//! A progress bar is drawn on standard error when it is a terminal. At the end a summary says
//! how many CVs (records) were exported and lists the skipped ones with their problems; the
//! exit status is 1 when any was skipped, unless `--keep-going`, and when an archive is damaged. `-o OUT` is written whole or not at all (with `--fail-fast`
//! and a bad CV: not at all); standard output is streamed.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use vitae::bulk::{BulkError, BulkFormat};
use vitae::export::stream::{self, Progress, Source, Stream, StreamSummary};
use vitae::export::{ExportFormat, RdfFormat};

use super::{Args, To};
use crate::cli::CliError;
use crate::cli::output::{Access, OutputFile, refuse_input_as_output};

/// Whether the arguments ask for many CVs: several paths, a directory, JSON-LD lines, an ORCID
/// document or archive, or a compressed output (`-o out.nq.gz`).
pub(crate) fn is_bulk(args: &Args) -> bool {
    let (ext, gz) = output_extension(args);
    let lines_by_extension =
        args.to.is_none() && BulkFormat::from_extension(ext) == Some(BulkFormat::JsonLdLines);
    args.files.len() > 1
        || args.files.iter().any(|f| f.is_dir())
        || args.to == Some(To::JsonLdLines)
        || lines_by_extension
        || gz
        || Source::any_orcid(&args.files)
}

/// The extension of `-o` that names the format (`nq` of `out.nq.gz`), and whether the output
/// is gzip-compressed (ends in `.gz`).
fn output_extension(args: &Args) -> (&str, bool) {
    let Some(out) = args.output.as_deref() else {
        return ("", false);
    };
    fn ext(p: &Path) -> &str {
        p.extension().and_then(|e| e.to_str()).unwrap_or("")
    }
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("");
    match name.strip_suffix(".gz") {
        Some(stem) => (ext(Path::new(stem)), true),
        None => (ext(out), false),
    }
}

/// The bulk format: `--to`, else `-o`'s extension.
fn format_of(args: &Args) -> Result<BulkFormat, CliError> {
    let usage = |what: String| {
        CliError::Usage(format!(
            "{what}: many CVs or ORCID records are exported as nquads, ntriples or \
             jsonld-lines; name one with --to"
        ))
    };
    match args.to {
        Some(To::JsonLdLines) => Ok(BulkFormat::JsonLdLines),
        Some(To::Linked(ExportFormat::Rdf(RdfFormat::NQuads))) => Ok(BulkFormat::NQuads),
        Some(To::Linked(ExportFormat::Rdf(RdfFormat::NTriples))) => Ok(BulkFormat::NTriples),
        Some(To::Linked(f)) => Err(usage(format!("--to {f} holds one CV"))),
        Some(To::OrcidXml) => Err(usage("--to orcid-xml writes one CV's documents".to_owned())),
        Some(To::Bibtex) => Err(usage("--to bibtex holds one CV's works".to_owned())),
        Some(To::CslJson) => Err(usage("--to csl-json holds one CV's works".to_owned())),
        None => BulkFormat::from_extension(output_extension(args).0)
            .ok_or_else(|| usage("no format given".to_owned())),
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
    let sources = stream::sources(&args.files).map_err(|e| CliError::Failed(e.to_string()))?;
    if let Some(out) = &args.output {
        refuse_input_as_output(out, sources.iter().map(Source::path))?;
    }
    let mut export = Stream::new(format)
        .with_options(vitae::export::Options::new().with_include(args.include.into()))
        .with_fail_fast(args.fail_fast);
    if let Some(j) = args.jobs {
        export = export.with_threads(j);
    }
    let noun = Noun::of(&sources);
    let started = Instant::now();
    let bar = progress_bar();
    let progress = |p: Progress| {
        // indicatif draws at most 20 times a second, however often it is told.
        if let Some(b) = &bar {
            b.set_length(p.bytes_total);
            b.set_position(p.bytes_read);
            let rate = p.done as f64 / started.elapsed().as_secs_f64().max(1e-3);
            b.set_message(format!(
                "{} {}, {rate:.0} {}/s",
                p.done, noun.many, noun.rate
            ));
        }
    };
    let summary = write_output(
        &args,
        // --fail-fast: a damaged archive writes nothing either.
        |s: &StreamSummary| s.stopped || (args.fail_fast && !s.damaged.is_empty()),
        |w| export.to_writer_with_progress(&sources, w, progress),
    )?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let Some(summary) = summary else {
        return Ok(ExitCode::SUCCESS);
    };
    report(
        &summary,
        noun,
        args.output.as_deref(),
        started.elapsed().as_secs_f64(),
    );
    let failed = (!summary.skipped.is_empty() && !args.keep_going) || !summary.damaged.is_empty();
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// What the inputs are called in the messages: CVs, ORCID records, or both.
#[derive(Debug, Clone, Copy)]
struct Noun {
    one: &'static str,
    many: &'static str,
    /// In a rate: "CVs/s", "records/s".
    rate: &'static str,
}

impl Noun {
    fn of(sources: &[Source]) -> Self {
        let cvs = sources
            .iter()
            .filter(|s| matches!(s, Source::Cv(_)))
            .count();
        if cvs == sources.len() {
            Noun {
                one: "CV",
                many: "CVs",
                rate: "CVs",
            }
        } else if cvs == 0 {
            Noun {
                one: "ORCID record",
                many: "ORCID records",
                rate: "records",
            }
        } else {
            Noun {
                one: "ORCID record or CV",
                many: "ORCID records and CVs",
                rate: "records",
            }
        }
    }

    fn count(self, n: usize) -> &'static str {
        if n == 1 { self.one } else { self.many }
    }
}

/// Runs `export` into `-o` (whole or not at all; gzip-compressed when its name ends in `.gz`)
/// or standard output (`None` when the reader closed it early, as `| head` does).
fn write_output<S>(
    args: &Args,
    stopped: impl Fn(&S) -> bool,
    export: impl FnOnce(&mut dyn Write) -> Result<S, BulkError>,
) -> Result<Option<S>, CliError> {
    let Some(path) = &args.output else {
        let mut stdout = std::io::stdout().lock();
        return match export(&mut stdout) {
            Ok(s) => Ok(Some(s)),
            // `vitae export … | head`: the reader has all it wants.
            Err(BulkError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(None),
            Err(e) => Err(CliError::Failed(e.to_string())),
        };
    };
    // No buffer between: each CV's output is written whole, in one call (a buffer would
    // only copy every byte once more).
    let mut out = OutputFile::create(path, Access::of(args.include.into()))?;
    let written = if output_extension(args).1 {
        let mut gz = flate2::write::GzEncoder::new(&mut out, GZIP_LEVEL);
        export(&mut gz).and_then(|s| Ok((s, gz.finish()?)))
    } else {
        export(&mut out).map(|s| (s, &mut out))
    };
    let summary = match written {
        Ok((s, _)) => s,
        Err(BulkError::Io(e)) => return Err(out.error(&e)),
        Err(e) => return Err(CliError::Failed(e.to_string())),
    };
    if !stopped(&summary) {
        out.commit()?;
    }
    Ok(Some(summary))
}

/// The gzip level of `-o out.nq.gz`: the output is compressed on one thread while every core
/// converts, and level 1 keeps up with them (N-Quads of ORCID records still shrink about
/// tenfold); `gzip -9` or `pigz` afterwards for the smallest file.
const GZIP_LEVEL: flate2::Compression = flate2::Compression::new(1);

/// A progress bar on standard error of `len` steps drawn by `template`, when it is a terminal.
fn bar(len: u64, template: &str) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len);
    let style = indicatif::ProgressStyle::with_template(template)
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}

/// The progress bar on a terminal: bytes read of the inputs' size (an archive's compressed
/// bytes), what was exported and how fast, and the time left at that pace.
fn progress_bar() -> Option<indicatif::ProgressBar> {
    bar(
        0,
        "{wide_bar} {bytes}/{total_bytes} read, {msg}, {eta} left",
    )
}

/// The summary on standard error: counts, every skipped CV or record (its file, or its archive
/// and iD, and why), every damaged archive.
fn report(summary: &StreamSummary, noun: Noun, output: Option<&Path>, seconds: f64) {
    let mut err = std::io::stderr().lock();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let to = output.map_or_else(String::new, |p| format!(" to {}", p.display()));
    let rate = if seconds > 0.0 {
        format!(", {:.0} {}/s", summary.exported as f64 / seconds, noun.rate)
    } else {
        String::new()
    };
    if summary.stopped {
        let _ = writeln!(
            err,
            "stopped at the first {} that cannot be exported (--fail-fast); {}",
            noun.one,
            if output.is_some() {
                "nothing written".to_owned()
            } else {
                format!(
                    "{} {} written before it",
                    summary.exported,
                    noun.count(summary.exported)
                )
            }
        );
    } else {
        let _ = writeln!(
            err,
            "exported {} of {} {}{to} in {seconds:.1} s{rate}",
            summary.exported,
            summary.total,
            noun.count(summary.total),
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
        let _ = writeln!(err, "skipped {n} {}:", noun.count(n));
        for s in &summary.skipped {
            let what = match &s.record {
                Some(id) => format!("{}: {id}", s.source.display()),
                None => s.source.display().to_string(),
            };
            let _ = writeln!(err, "- {what}");
            for line in s.report.to_string().lines() {
                let _ = writeln!(err, "    {line}");
            }
        }
    }
    for (archive, why) in &summary.damaged {
        let _ = writeln!(err, "error: {}: {why}", archive.display());
    }
}
