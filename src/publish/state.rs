//! The local record of what `vitae publish` put in each Graph Store: for every graph, the CV
//! file it came from, the SHA-256 of the body sent and its triples. It tells a graph that is
//! unchanged (not sent again) and a graph whose CV is gone (`--delete-missing`); only graphs
//! recorded here are ever deleted.
//!
//! Written whole or not at all (a temporary file renamed over it), readable by its owner only
//! (mode 0600), as sync's ledger.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The state file's format version.
const VERSION: u32 = 1;

/// One graph as last published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct GraphEntry {
    /// The CV file it came from, as given.
    pub source: PathBuf,
    /// `sha256:` and the hex digest of the body sent.
    pub hash: String,
    /// The number of triples sent.
    pub triples: usize,
}

/// The graphs of one Graph Store, by graph IRI.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct StoreState {
    /// The graphs, by IRI.
    pub graphs: BTreeMap<String, GraphEntry>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct File {
    version: u32,
    stores: BTreeMap<String, StoreState>,
}

/// The state file, by Graph Store URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    path: Option<PathBuf>,
    stores: BTreeMap<String, StoreState>,
}

/// A state file that cannot be read or written.
#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub struct StateError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong.
    pub message: String,
    /// The error underneath, when there is one: the [`std::io::Error`] of reading, writing or
    /// locking, the [`serde_json::Error`] of a file that is not a state file.
    #[source]
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl State {
    /// An empty state kept in memory only ([`save`](Self::save) does nothing).
    pub fn in_memory() -> Self {
        Self::default()
    }

    /// The state in `path`; empty when the file does not exist yet.
    ///
    /// # Errors
    /// [`StateError`] when the file cannot be read or is not a state file.
    pub fn open(path: &Path) -> Result<Self, StateError> {
        let fail = |message: String| StateError {
            path: path.to_path_buf(),
            message,
            source: None,
        };
        let stores = match std::fs::read(path) {
            Ok(bytes) => {
                let f: File = serde_json::from_slice(&bytes).map_err(|e| StateError {
                    message: format!("not a vitae publish state file: {e}"),
                    source: Some(Box::new(e)),
                    ..fail(String::new())
                })?;
                if f.version != VERSION {
                    return Err(fail(format!(
                        "state file version {} (this vitae reads version {VERSION})",
                        f.version
                    )));
                }
                f.stores
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(e) => {
                return Err(StateError {
                    message: format!("cannot read: {e}"),
                    source: Some(Box::new(e)),
                    ..fail(String::new())
                });
            }
        };
        Ok(Self {
            path: Some(path.to_path_buf()),
            stores,
        })
    }

    /// The file, unless in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The graphs recorded for a store (empty when none).
    pub fn store(&self, store: &str) -> StoreState {
        self.stores.get(store).cloned().unwrap_or_default()
    }

    /// Records a graph as published.
    pub fn set(&mut self, store: &str, graph: &str, entry: GraphEntry) {
        self.stores
            .entry(store.to_owned())
            .or_default()
            .graphs
            .insert(graph.to_owned(), entry);
    }

    /// Forgets a graph (deleted from the store).
    pub fn remove(&mut self, store: &str, graph: &str) {
        if let Some(s) = self.stores.get_mut(store) {
            s.graphs.remove(graph);
            if s.graphs.is_empty() {
                self.stores.remove(store);
            }
        }
    }

    /// The state as JSON (stores and graphs sorted: the same state, the same bytes).
    pub fn to_json(&self) -> String {
        let f = File {
            version: VERSION,
            stores: self.stores.clone(),
        };
        let mut s = serde_json::to_string_pretty(&f).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Writes the state to its file: a temporary file beside it (mode 0600), synced, renamed
    /// over it; never a half-written file.
    ///
    /// # Errors
    /// [`StateError`] when it cannot be written.
    pub fn save(&self) -> Result<(), StateError> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let fail = |e: std::io::Error| StateError {
            path: path.clone(),
            message: format!("cannot write: {e}"),
            source: Some(Box::new(e)),
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        // tempfile creates the file with mode 0600.
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
        tmp.write_all(self.to_json().as_bytes()).map_err(fail)?;
        tmp.as_file().sync_all().map_err(fail)?;
        tmp.persist(path).map_err(|e| fail(e.error))?;
        Ok(())
    }
}

/// An exclusive lock on a state file, held until dropped: two publications recording into one
/// state file at once would each keep only their own records. An advisory lock
/// ([`std::fs::File::try_lock`]) on `FILE.lock` beside it, released by the system however the
/// process ends.
#[derive(Debug)]
pub struct StateLock {
    _file: std::fs::File,
}

impl StateLock {
    /// Takes the lock of the state file `path`.
    ///
    /// # Errors
    /// [`StateError`] when another process holds it, or the lock file cannot be opened.
    pub fn acquire(path: &Path) -> Result<Self, StateError> {
        let mut name = path.as_os_str().to_owned();
        name.push(".lock");
        let lock = PathBuf::from(name);
        let fail = |message: String| StateError {
            path: path.to_path_buf(),
            message,
            source: None,
        };
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock)
            .map_err(|e| StateError {
                message: format!("cannot open the lock file {}: {e}", lock.display()),
                source: Some(Box::new(e)),
                ..fail(String::new())
            })?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(fail(format!(
                "another vitae publish is recording into this state file (lock file {}): wait \
                 for it to finish, then run this one again",
                lock.display()
            ))),
            Err(std::fs::TryLockError::Error(e)) => Err(StateError {
                message: format!("cannot lock {}: {e}", lock.display()),
                source: Some(Box::new(e)),
                ..fail(String::new())
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_atomically_owner_only_and_reads_back() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("state.json");
        let mut s = State::open(&path).expect("missing is empty");
        assert!(s.store("http://x/store").graphs.is_empty());
        let e = GraphEntry {
            source: "a.yaml".into(),
            hash: "sha256:00".into(),
            triples: 3,
        };
        s.set("http://x/store", "urn:a", e.clone());
        s.save().expect("save");
        let back = State::open(&path).expect("read");
        assert_eq!(back.store("http://x/store").graphs["urn:a"], e);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // Only the state file is left: no temporary files.
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 1);
        let held = StateLock::acquire(&path).expect("lock");
        let e = StateLock::acquire(&path).expect_err("held");
        assert!(e.to_string().contains("another vitae publish"), "{e}");
        drop(held);
        StateLock::acquire(&path).expect("free again");
        std::fs::write(&path, "{").expect("write");
        let e = State::open(&path).expect_err("not JSON");
        assert!(e.to_string().contains("not a vitae publish state file"));
    }
}
