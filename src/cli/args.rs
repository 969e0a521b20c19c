//! What several commands share: the include level, loading the CV, and the note on its
//! warnings.

use clap::ValueEnum;

/// How much of the CV to show.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum Include {
    /// Public items and fields only.
    Public,
    /// Public and limited.
    Limited,
    /// Everything.
    Private,
}

impl From<Include> for vitae::types::Visibility {
    fn from(i: Include) -> Self {
        match i {
            Include::Public => Self::Public,
            Include::Limited => Self::Limited,
            Include::Private => Self::Private,
        }
    }
}

/// One line on standard error when the CV has warnings: `vitae check` lists them.
pub(crate) fn note_warnings(file: &std::path::Path, report: &vitae::Report) {
    let n = report.warnings().count();
    if n > 0 {
        eprintln!(
            "{}: {n} warning{}; `vitae check {}` lists them",
            file.display(),
            if n == 1 { "" } else { "s" },
            file.display()
        );
    }
}

/// The CV of a command: when it does not load, [`CliError::Invalid`] with every problem
/// (exit 1); else the CV, its warnings noted in one line.
pub(crate) fn load_cv(file: &std::path::Path) -> Result<vitae::Loaded, super::CliError> {
    let loaded = vitae::from_path(file).map_err(super::CliError::Invalid)?;
    note_warnings(file, &loaded.report);
    Ok(loaded)
}
