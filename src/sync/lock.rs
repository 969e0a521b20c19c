//! One sync at a time per ledger: an exclusive lock held for the whole of `vitae sync
//! --apply`, from reading the ledger and planning to the last call.
//!
//! Two syncs of one CV at once would both plan from the same ledger and record, and both add
//! the items the record lacks: duplicates. So a sync that writes first takes an exclusive
//! advisory lock (`flock`-style, [`std::fs::File::try_lock`]) on a sidecar file beside the
//! ledger, `LEDGER.lock`. The ledger itself cannot carry the lock: it is replaced by rename on
//! every save, and a lock on the old file would not exclude a process that opens the new one.
//!
//! The lock file holds who took it (process id, host, start time), so that a second sync can
//! say who holds it. It is never deleted (deleting it would let two processes lock two
//! different files); the operating system releases the lock when the holder exits, however it
//! exits, so a crashed sync leaves no stale lock.
//!
//! A dry run writes nothing and takes no lock: it may run beside an apply, and its plan is
//! then as of the moment it read the record.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The ledger's lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds it.
    #[error(
        "another vitae sync is running on {ledger} ({holder}): wait for it to finish, then run \
         this one again (lock file {lock})"
    )]
    Held {
        /// The ledger.
        ledger: String,
        /// The lock file.
        lock: String,
        /// Who holds it, as its lock file says (`pid 1234 on host, since …`).
        holder: String,
    },
    /// The lock file cannot be opened or locked.
    #[error("cannot lock the ledger {ledger} (lock file {lock}): {source}")]
    Io {
        /// The ledger.
        ledger: String,
        /// The lock file.
        lock: String,
        /// What went wrong.
        #[source]
        source: std::io::Error,
    },
}

/// An exclusive lock on a ledger, held until dropped.
///
/// ```
/// use vitae::sync::{LedgerLock, LockError};
/// let dir = tempfile::tempdir()?;
/// let ledger = dir.path().join("cv.yaml.orcid-ledger.json");
/// let held = LedgerLock::acquire(&ledger)?;
/// assert!(matches!(LedgerLock::acquire(&ledger), Err(LockError::Held { .. })));
/// drop(held);
/// assert!(LedgerLock::acquire(&ledger).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct LedgerLock {
    _file: File,
    path: PathBuf,
}

impl LedgerLock {
    /// The lock file of a ledger: its name with `.lock` appended.
    pub fn path_for(ledger: &Path) -> PathBuf {
        let mut name = ledger
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        name.push(".lock");
        ledger.with_file_name(name)
    }

    /// Takes the lock of `ledger` without waiting, and writes who holds it into the lock file.
    ///
    /// # Errors
    /// [`LockError::Held`] when another process (or another `LedgerLock` in this one) holds
    /// it; [`LockError::Io`] when the lock file cannot be opened or locked.
    pub fn acquire(ledger: &Path) -> Result<Self, LockError> {
        let path = Self::path_for(ledger);
        let io = |e: std::io::Error| LockError::Io {
            ledger: ledger.display().to_string(),
            lock: path.display().to_string(),
            source: e,
        };
        let mut options = OpenOptions::new();
        // Not truncated on opening: the holder's line must survive until the lock is ours.
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        let mut file = options.open(&path).map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                return Err(LockError::Held {
                    ledger: ledger.display().to_string(),
                    lock: path.display().to_string(),
                    holder: if holder.is_empty() {
                        "its process id is not known yet".to_owned()
                    } else {
                        holder.to_owned()
                    },
                });
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        let line = format!("{}\n", holder_line());
        file.set_len(0).map_err(io)?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        file.write_all(line.as_bytes()).map_err(io)?;
        file.flush().map_err(io)?;
        Ok(Self { _file: file, path })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// `pid 1234 on host, since 2026-12-06T12:30:05Z`.
fn holder_line() -> String {
    let host = host_name().map(|h| format!(" on {h}")).unwrap_or_default();
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| format!(", since {}", utc(d.as_secs())))
        .unwrap_or_default();
    format!("pid {}{host}{since}", std::process::id())
}

fn host_name() -> Option<String> {
    let from_file = ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok());
    from_file
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_graphic()))
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ` (the civil-from-days algorithm of Howard
/// Hinnant's date library).
fn utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(1_796_560_205), "2026-12-06T12:30:05Z");
    }

    #[test]
    fn the_second_taker_is_told_who_holds_it() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = dir.path().join("cv.yaml.orcid-ledger.json");
        let held = LedgerLock::acquire(&ledger).unwrap();
        assert!(held.path().ends_with("cv.yaml.orcid-ledger.json.lock"));
        let err = LedgerLock::acquire(&ledger).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains(&format!("pid {}", std::process::id())),
            "{msg}"
        );
        assert!(msg.contains("another vitae sync"), "{msg}");
        drop(held);
        // Released with the holder; the lock file stays.
        let again = LedgerLock::acquire(&ledger).unwrap();
        assert!(again.path().exists());
    }
}
