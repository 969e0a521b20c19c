//! `vitae export FILE --to orcid-xml -o DIR`: one ORCID document per item, bulk works
//! documents and the full record, written into a directory.
//!
//! `run_orcid` is what the `export` verb calls for `--to orcid-xml`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use vitae::orcid::OrcidXml;
use vitae::report::{Diagnostic, Report, Severity};
use vitae::types::Visibility;

use crate::cli::CliError;
use crate::cli::output::{Access, refuse_input_as_output, write_file_atomic};

/// Exports a CV file as ORCID XML into `dir`: `record.xml`, `bulk/works-NNN.xml` and one
/// `<section>/<id>.xml` per item. Nothing is written when an item breaks ORCID's rules,
/// unless `skip_invalid`, nor when a document's path is the CV file (a link to it).
pub(crate) fn run_orcid(
    file: &Path,
    dir: &Path,
    level: Visibility,
    put_codes: bool,
    skip_invalid: bool,
) -> Result<ExitCode, CliError> {
    let loaded = vitae::from_path(file).map_err(crate::cli::CliError::Invalid)?;
    crate::cli::eprint_report(&loaded.report);
    let export = OrcidXml::new()
        .with_include(level)
        .with_put_codes(put_codes)
        .export(&loaded.cv);
    let errors = export
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let mut report = Report::new(Some(file.to_path_buf()));
    for d in &export.diagnostics {
        let d = if skip_invalid && d.severity == Severity::Error {
            Diagnostic::warning(d.path.clone(), format!("left out: {}", d.message))
                .with_code(d.code)
        } else {
            d.clone()
        };
        report.push(d);
    }
    loaded.locate(&mut report.diagnostics);
    crate::cli::eprint_report(&report);
    if errors > 0 && !skip_invalid {
        eprintln!(
            "error: {errors} problem{} ORCID would refuse; nothing written (fix them, or pass --skip-invalid to write the other items)",
            if errors == 1 { "" } else { "s" }
        );
        return Ok(ExitCode::from(1));
    }
    let files = export
        .files()
        .map_err(|e| CliError::Failed(format!("cannot write ORCID XML: {e}")))?;
    for (rel, _) in &files {
        refuse_input_as_output(&dir.join(rel), [file])?;
    }
    for (rel, xml) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                CliError::Failed(format!("cannot create {}: {e}", parent.display()))
            })?;
        }
        write_file_atomic(&path, xml.as_bytes(), Access::of(level))?;
    }
    let removed = remove_stale(dir, &files)?;
    eprintln!(
        "wrote {} ORCID documents to {} ({} items, {} bulk, 1 record){}",
        files.len(),
        dir.display(),
        export.items.len(),
        files.len() - export.items.len() - 1,
        if removed > 0 {
            format!("; removed {removed} documents of items no longer exported")
        } else {
            String::new()
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// Removes the `.xml` files of an earlier export that this one did not write, in the
/// export's own subdirectories only (`work/`, `employment/`, ..., `bulk/`), so that the
/// directory holds exactly the CV's items.
fn remove_stale(dir: &Path, written: &[(PathBuf, String)]) -> Result<usize, CliError> {
    let keep: std::collections::HashSet<PathBuf> =
        written.iter().map(|(p, _)| dir.join(p)).collect();
    let mut subdirs: Vec<&str> = vitae::orcid::Section::ALL
        .iter()
        .map(|s| s.path_segment())
        .collect();
    subdirs.push("bulk");
    let mut removed = 0;
    for sub in subdirs {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "xml") && !keep.contains(&p) {
                std::fs::remove_file(&p)
                    .map_err(|x| CliError::Failed(format!("cannot remove {}: {x}", p.display())))?;
                removed += 1;
            }
        }
    }
    Ok(removed)
}
