//! `vitae site FILE -o DIR [--base-url URL] [--templates DIR]`: a static profile site from the
//! CV ([`vitae::site`]).
//!
//! Each file is written whole or not at all, and only when its bytes differ from the file
//! already there: a second run over an unchanged CV writes nothing, so modification times
//! stay and deploys that sync by time or checksum stay small.
//!
//! The files written are listed in `DIR/.vitae-site`; a file a previous run wrote that this
//! run does not (a work deleted or made private since) is removed, and so is its directory
//! when that leaves it empty. Files vitae did not write are never touched.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use vitae::site::{SiteFile, SiteOptions, TEMPLATES};

use super::CliError;
use super::output::{Access, refuse_input_as_output, write_file_atomic};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The CV file (.yaml, .yml, .json or .toml).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The directory to write the site into (created when missing).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    output: PathBuf,
    /// The URL where index.html is served (overrides the CV's `base-iri`); also the base of
    /// the IRIs in the JSON-LD, so a work's IRI `<URL>#work-<id>` is its entry on the page.
    #[arg(long, value_name = "URL")]
    base_url: Option<url::Url>,
    /// A directory of templates replacing the embedded ones of the same name (base.html,
    /// index.html, work.html, style.css, sitemap.xml).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

pub(crate) fn run(args: Args) -> Result<ExitCode, CliError> {
    if super::output::is_stdout(&args.output) {
        return Err(CliError::Usage(
            "a site is a directory of files, which standard output (-o -) cannot hold: name \
             the directory with -o DIR"
                .into(),
        ));
    }
    let file = &args.file;
    let loaded = crate::cli::args::load_cv(file)?;
    let mut options = SiteOptions::new().with_directory(
        file.parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new(".")),
    );
    if let Some(b) = args.base_url {
        options = options.with_base(b);
    }
    if let Some(dir) = &args.templates {
        options = templates(options, dir)?;
    }
    let files = vitae::site::build(&loaded.cv, &options)
        .map_err(|e| CliError::Failed(format!("{}: {e}", file.display())))?;
    let (mut written, mut kept) = (0usize, 0usize);
    let manifest = SiteFile {
        path: MANIFEST.to_owned(),
        bytes: files
            .iter()
            .flat_map(|f| [f.path.as_bytes(), b"\n"])
            .flatten()
            .copied()
            .collect(),
    };
    let previous = std::fs::read_to_string(args.output.join(MANIFEST)).unwrap_or_default();
    for f in files.iter().chain([&manifest]) {
        let path = args.output.join(&f.path);
        if std::fs::read(&path).is_ok_and(|old| old == f.bytes) {
            kept += 1;
            continue;
        }
        refuse_input_as_output(&path, [file.as_path()])?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| CliError::Failed(format!("cannot create {}: {e}", dir.display())))?;
        }
        write_file_atomic(&path, &f.bytes, Access::Public)?;
        written += 1;
    }
    let removed = remove_stale(&args.output, &previous, &files)?;
    eprintln!(
        "{}: {written} file{} written, {kept} unchanged, {removed} removed",
        args.output.display(),
        if written == 1 { "" } else { "s" }
    );
    Ok(ExitCode::SUCCESS)
}

/// Reads every file of `dir` as a replacement template; a file that is not one of the
/// templates is an error (a misspelt name would otherwise be ignored).
fn templates(mut options: SiteOptions, dir: &Path) -> Result<SiteOptions, CliError> {
    let fail = |e: &dyn std::fmt::Display| CliError::Failed(format!("{}: {e}", dir.display()));
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| fail(&e))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| fail(&e))?;
    entries.sort();
    for path in entries.iter().filter(|p| p.is_file()) {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if !TEMPLATES.iter().any(|(n, _)| *n == name) {
            return Err(CliError::Failed(format!(
                "{}: expected a template named one of {}, found {name:?}",
                path.display(),
                TEMPLATES.map(|(n, _)| n).join(", ")
            )));
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| CliError::Failed(format!("{}: {e}", path.display())))?;
        options = options.with_template(name, text).map_err(|e| fail(&e))?;
    }
    Ok(options)
}

/// The list of the files a run wrote, one relative path a line.
const MANIFEST: &str = ".vitae-site";

/// Removes the files the previous run listed that this run did not write, and their
/// directories under `out` that this leaves empty; returns how many files it removed.
fn remove_stale(out: &Path, previous: &str, files: &[SiteFile]) -> Result<usize, CliError> {
    let current: std::collections::HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut removed = 0;
    for rel in previous.lines() {
        // Only the paths vitae writes: relative, without `..`.
        let safe = !rel.is_empty()
            && !rel.starts_with('/')
            && rel
                .split('/')
                .all(|p| !p.is_empty() && p != "." && p != "..");
        if !safe || current.contains(rel) || rel == MANIFEST {
            continue;
        }
        let path = out.join(rel);
        if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            continue;
        }
        std::fs::remove_file(&path)
            .map_err(|e| CliError::Failed(format!("cannot remove {}: {e}", path.display())))?;
        removed += 1;
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != out && d.starts_with(out)) {
            // Fails (and stops) when the directory holds anything else.
            if std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(removed)
}
