//! Writing results: to stdout (a closed pipe is not an error) or to a file, whole or not at
//! all, never over an input, with the mode a new file would have or the mode of the file it
//! replaces.

use std::fs::{File, Permissions};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::CliError;

/// Writes bytes to stdout; a closed pipe (`vitae ... | head`) is success.
pub(crate) fn print_stdout(bytes: &[u8]) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::Failed(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

/// Whether `-o PATH` names standard output: `-o -`.
pub(crate) fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Refuses to write `output` when it is one of `inputs`: the same file, whatever the
/// spelling of either path, also through a symbolic link or a hard link. Only a regular file
/// can be lost this way; a device or a pipe (`-o /dev/stdout`) is written in place, and a
/// path that does not exist yet is no input.
pub(crate) fn refuse_input_as_output<'a>(
    output: &Path,
    inputs: impl IntoIterator<Item = &'a Path>,
) -> Result<(), CliError> {
    let Ok(out) = std::fs::metadata(output) else {
        return Ok(());
    };
    if !out.is_file() {
        return Ok(());
    }
    for input in inputs {
        if std::fs::metadata(input).is_ok_and(|i| same_file(output, &out, input, &i)) {
            return Err(CliError::Failed(format!(
                "cannot write {}: it is the input {} (the same file); nothing written",
                output.display(),
                input.display()
            )));
        }
    }
    Ok(())
}

/// Whether two paths are one file: the same device and inode.
#[cfg(unix)]
fn same_file(_: &Path, a: &std::fs::Metadata, _: &Path, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

/// Whether two paths are one file: the same path once links and `..` are resolved.
#[cfg(not(unix))]
fn same_file(a: &Path, _: &std::fs::Metadata, b: &Path, _: &std::fs::Metadata) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Refuses to replace anything already at `path` unless `force` (`vitae import --force`).
pub(crate) fn refuse_existing(path: &Path, force: bool) -> Result<(), CliError> {
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(CliError::Failed(format!(
            "{} exists; pass --force to replace it (nothing written)",
            path.display()
        )));
    }
    Ok(())
}

/// Who may read an output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// What a public export holds: a new file gets 0666 less the umask, a replaced file keeps
    /// its mode (a `head.html` a web server reads stays readable).
    Public,
    /// Limited or private data (`--include limited|private`): the file is 0600, new or
    /// replaced, whatever the umask.
    OwnerOnly,
}

impl Access {
    /// The access an export at this include level needs.
    pub(crate) fn of(level: vitae::types::Visibility) -> Self {
        if level == vitae::types::Visibility::Public {
            Self::Public
        } else {
            Self::OwnerOnly
        }
    }
}

/// Writes a file atomically: to a temporary file beside it, then renamed over it, so that a
/// failure never leaves a half-written file (see [`OutputFile`]).
pub(crate) fn write_file_atomic(path: &Path, bytes: &[u8], access: Access) -> Result<(), CliError> {
    let mut out = OutputFile::create(path, access)?;
    out.write_all(bytes).map_err(|e| out.error(&e))?;
    out.commit()
}

/// An output file being written.
///
/// A regular file (new or existing, also behind a symbolic link) is written to a temporary
/// file beside it and renamed over it by [`commit`](Self::commit), after its bytes are on
/// disk: dropped without a commit, it leaves nothing, and the file that was there stays
/// whole. With [`Access::Public`] the file keeps the mode of the file it replaces (its
/// permission bits), or, when new, gets the mode any program would give it: 0666 less the
/// umask; with [`Access::OwnerOnly`] it is 0600 either way. The temporary file has
/// that mode before a byte is written, so no one reads it who could not read the file. A
/// device or a pipe (`-o /dev/null`, `/dev/stdout`, a FIFO) is written in place: renaming a
/// file over it would replace the device itself.
pub(crate) struct OutputFile {
    path: PathBuf,
    sink: Sink,
}

enum Sink {
    /// The temporary file, and the regular file it becomes.
    Temporary(tempfile::NamedTempFile, PathBuf),
    /// A device or pipe, written directly.
    Stream(File),
}

impl OutputFile {
    /// Opens the output `path` for writing.
    pub(crate) fn create(path: &Path, access: Access) -> Result<Self, CliError> {
        let fail =
            |e: std::io::Error| CliError::Failed(format!("cannot write {}: {e}", path.display()));
        let sink = match std::fs::metadata(path) {
            Ok(meta) if !meta.is_file() && !meta.is_dir() => Sink::Stream(
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(fail)?,
            ),
            _ => {
                // Through symbolic links: the link stays, the file it points to is replaced.
                let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
                let dir = match target.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                let existing = std::fs::metadata(&target).ok().filter(|m| m.is_file());
                let mode = match access {
                    Access::Public => Mode::Keep(existing.map(|m| m.permissions())),
                    Access::OwnerOnly => Mode::OwnerOnly,
                };
                let tmp = temporary_file(dir, mode).map_err(fail)?;
                Sink::Temporary(tmp, target)
            }
        };
        Ok(Self {
            path: path.to_owned(),
            sink,
        })
    }

    /// The error for a failure to write this file.
    pub(crate) fn error(&self, e: &dyn std::fmt::Display) -> CliError {
        CliError::Failed(format!("cannot write {}: {e}", self.path.display()))
    }

    /// Makes the output final: syncs the temporary file and renames it over the file.
    pub(crate) fn commit(self) -> Result<(), CliError> {
        let fail = |e: &dyn std::fmt::Display| self.error(e);
        match &self.sink {
            Sink::Temporary(tmp, _) => tmp.as_file().sync_all().map_err(|e| fail(&e))?,
            Sink::Stream(f) => (&*f).flush().map_err(|e| fail(&e))?,
        }
        if let Sink::Temporary(tmp, target) = self.sink {
            tmp.persist(&target).map_err(|e| {
                CliError::Failed(format!("cannot write {}: {}", self.path.display(), e.error))
            })?;
        }
        Ok(())
    }
}

/// The mode of a temporary file.
enum Mode {
    /// The permissions of the file it replaces, or, for a new file, 0666 less the umask.
    Keep(Option<Permissions>),
    /// 0600.
    OwnerOnly,
}

/// A temporary file in `dir` with the permissions `keep` (those of the file it replaces), or
/// with those of a new file: 0666, less the umask (the kernel applies it), or 0600.
///
/// Kept permissions are set before a byte is written, on a file created 0600 (tempfile's
/// default): created 0666 less the umask, it could for a moment be wider than a kept 0600 or
/// 0640, and whoever opened it then could read it once written.
fn temporary_file(dir: &Path, mode: Mode) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    let keep = match mode {
        Mode::OwnerOnly => return builder.tempfile_in(dir),
        Mode::Keep(keep) => keep,
    };
    if let Some(keep) = keep {
        let tmp = builder.tempfile_in(dir)?;
        tmp.as_file().set_permissions(file_bits(keep))?;
        return Ok(tmp);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// The permissions to keep of a replaced file: its read, write and execute bits, without
/// set-user-id, set-group-id and sticky (not given to bytes just written).
fn file_bits(p: Permissions) -> Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Permissions::from_mode(p.mode() & 0o777)
    }
    #[cfg(not(unix))]
    p
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.sink {
            Sink::Temporary(tmp, _) => tmp.write(buf),
            Sink::Stream(f) => f.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match &mut self.sink {
            Sink::Temporary(tmp, _) => tmp.write_all(buf),
            Sink::Stream(f) => f.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.sink {
            Sink::Temporary(tmp, _) => tmp.flush(),
            Sink::Stream(f) => f.flush(),
        }
    }
}
