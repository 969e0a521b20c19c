//! `vitae site FILE -o DIR [--base-url URL] [--templates DIR]`: a static profile site from the
//! CV ([`vitae::site`]).
//!
//! Each file is written whole or not at all, and only when its bytes differ from the file
//! already there: a second run over an unchanged CV writes nothing, so modification times
//! stay and deploys that sync by time or checksum stay small.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use vitae::site::{SiteOptions, TEMPLATES};

use super::CliError;
use super::args::note_warnings;
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
    let file = &args.file;
    let loaded = match vitae::load(file) {
        Ok(l) => l,
        Err(report) => {
            eprint!("{report}");
            return Ok(ExitCode::from(1));
        }
    };
    note_warnings(file, &loaded.report);
    let mut options = SiteOptions::new();
    if let Some(b) = args.base_url {
        options = options.with_base(b);
    }
    if let Some(dir) = &args.templates {
        options = templates(options, dir)?;
    }
    let files = vitae::site::build(&loaded.cv, &options)
        .map_err(|e| CliError::Failed(format!("{}: {e}", file.display())))?;
    let (mut written, mut kept) = (0usize, 0usize);
    for f in &files {
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
    eprintln!(
        "{}: {written} file{} written, {kept} unchanged",
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
