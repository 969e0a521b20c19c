//! What bulk exports share: their formats ([`BulkFormat`], formats that can be concatenated),
//! the CV files of directories ([`cv_files`]), and one CV's output in a bulk format. The
//! export itself, of CV files, ORCID documents and archives alike, is
//! [`Stream`](super::stream::Stream): read in input order, converted on every core, written in
//! input order, at most a bounded number in flight.
//!
//! Blank nodes (the cells of author lists) are labelled per CV (`_:cv<n>-…`, `n` the CV's
//! 1-based position in the output), so that no two CVs share one in the merged output.
//!
//! ```
//! use vitae::bulk::BulkFormat;
//! use vitae::export::stream::{Source, Stream};
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("ada.yaml"), "person: {given-names: Ada, family-name: Lovelace}")?;
//! std::fs::write(dir.path().join("bad.yaml"), "person: {given-names: Charles}")?;
//! let sources = vitae::export::stream::sources(&[dir.path().to_path_buf()])?;
//! let mut out = Vec::new();
//! let summary = Stream::new(BulkFormat::NQuads).to_writer(&sources, &mut out)?;
//! assert_eq!(summary.exported, 1);
//! assert_eq!(summary.skipped.len(), 1);
//! assert!(summary.skipped[0].report.to_string().contains("family-name"));
//! let nq = String::from_utf8(out)?;
//! assert!(nq.lines().all(|l| l.ends_with("<urn:vitae:ada-lovelace> .")));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};

use crate::export::{JsonLd, LinkedGraph, Options, lines};
use crate::input::InputFormat;

/// The output format of a bulk export: formats that can be concatenated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BulkFormat {
    /// N-Quads: every CV in its own named graph (its page's IRI).
    NQuads,
    /// N-Triples: the CVs' triples in one graph.
    NTriples,
    /// JSON Lines: one compact JSON-LD document per CV, one per line.
    JsonLdLines,
}

impl BulkFormat {
    /// Every bulk format.
    pub const ALL: [BulkFormat; 3] = [
        BulkFormat::NQuads,
        BulkFormat::NTriples,
        BulkFormat::JsonLdLines,
    ];

    /// The name used by `--to`: `nquads`, `ntriples`, `jsonld-lines`.
    pub fn name(self) -> &'static str {
        match self {
            BulkFormat::NQuads => "nquads",
            BulkFormat::NTriples => "ntriples",
            BulkFormat::JsonLdLines => "jsonld-lines",
        }
    }

    /// The format for a `--to` name (case-insensitive; `nq`, `nt`, `jsonl` and `ndjson` too).
    ///
    /// ```
    /// use vitae::bulk::BulkFormat;
    /// assert_eq!(BulkFormat::from_name("NQuads"), Some(BulkFormat::NQuads));
    /// assert_eq!(BulkFormat::from_name("jsonl"), Some(BulkFormat::JsonLdLines));
    /// assert_eq!(BulkFormat::from_name("turtle"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "nquads" | "nq" => Some(BulkFormat::NQuads),
            "ntriples" | "nt" => Some(BulkFormat::NTriples),
            "jsonld-lines" | "jsonl" | "ndjson" => Some(BulkFormat::JsonLdLines),
            _ => None,
        }
    }

    /// The format for an output file's extension: `nq`, `nt`, `jsonl` or `ndjson`.
    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext.to_ascii_lowercase().as_str() {
            "nq" => Some(BulkFormat::NQuads),
            "nt" => Some(BulkFormat::NTriples),
            "jsonl" | "ndjson" => Some(BulkFormat::JsonLdLines),
            _ => None,
        }
    }
}

impl std::fmt::Display for BulkFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a bulk export as a whole failed (a bad CV is not that: it is skipped).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BulkError {
    /// A directory given as input cannot be listed.
    #[error("cannot read the directory {}: {source}", path.display())]
    Directory {
        /// The directory.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// A path given as input does not exist.
    #[error("{}: no such file or directory", path.display())]
    Missing {
        /// The path.
        path: PathBuf,
    },
    /// Writing the output failed.
    #[error("cannot write the output: {0}")]
    Io(#[from] std::io::Error),
}

/// The CV files of some paths: a file stands for itself; a directory for every `.yaml`,
/// `.yml`, `.json` and `.toml` file in it and its subdirectories, sorted by path (hidden
/// files and directories, whose names start with `.`, are left out). The order of `paths` is
/// kept; the result is the order of the output.
///
/// # Errors
/// [`BulkError::Missing`] for a path that does not exist, [`BulkError::Directory`] for a
/// directory that cannot be listed.
pub fn cv_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, BulkError> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found)?;
            found.sort();
            out.extend(found);
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(BulkError::Missing { path: p.clone() });
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), BulkError> {
    let fail = |source| BulkError::Directory {
        path: dir.to_path_buf(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(fail)? {
        let entry = entry.map_err(fail)?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type().map_err(fail)?;
        // A symbolic link is followed to a file, never into a directory (no cycles).
        if kind.is_dir() {
            walk(&path, out)?;
        } else if InputFormat::from_path(&path).is_some() && path.is_file() {
            out.push(path);
        }
    }
    Ok(())
}

/// The largest output buffer kept for reuse.
pub(super) const POOLED_BUFFER: usize = 1 << 20;

pub(super) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Appends one CV (the `index`-th of the input, from 0) to `out` in a bulk format: a JSON-LD
/// line, or its triples as N-Triples or N-Quads lines (blank nodes labelled `cv<index + 1>-…`).
pub(crate) fn write_cv(
    format: BulkFormat,
    options: &Options,
    cv: &crate::model::Cv,
    index: usize,
    out: &mut Vec<u8>,
) -> Result<(), crate::export::ExportError> {
    match format {
        BulkFormat::JsonLdLines => {
            JsonLd::new()
                .with_options(options.clone())
                .to_writer(cv, &mut *out)?;
            out.push(b'\n');
        }
        BulkFormat::NQuads | BulkFormat::NTriples => {
            let prefix = format!("cv{}-", index + 1);
            let graph = LinkedGraph::with_blank_prefix(cv, options, &prefix)?;
            let name = (format == BulkFormat::NQuads).then(|| graph.name());
            for t in graph.iter() {
                lines::push_line(out, t, name);
            }
        }
    }
    Ok(())
}

/// Holds the reader back until the writer is within `window` records of it and the input
/// bytes read and not yet written leave room under a budget, so that results waiting to be
/// written (out of order) never pile up: memory stays bounded by both, whatever the input.
pub(super) struct Gate {
    state: Mutex<GateState>,
    moved: Condvar,
    stop: AtomicBool,
}

#[derive(Default)]
struct GateState {
    /// How many have been written.
    written: usize,
    /// The input bytes of those read and not yet written.
    bytes: u64,
}

impl Gate {
    /// A gate with nothing written yet.
    pub(super) fn new() -> Self {
        Self {
            state: Mutex::new(GateState::default()),
            moved: Condvar::new(),
            stop: AtomicBool::new(false),
        }
    }

    /// Waits until record `i`, of `bytes` bytes, may be read on: it is within `window` of the
    /// writer, and its bytes fit under `budget` with those in flight (a record larger than the
    /// budget goes once nothing else is in flight). Counts it in and gives the records and
    /// bytes then in flight; `None` when the export is stopping.
    pub(super) fn wait_for_room(
        &self,
        i: usize,
        bytes: u64,
        window: usize,
        budget: u64,
    ) -> Option<(usize, u64)> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        while (i >= state.written + window || (i > state.written && state.bytes + bytes > budget))
            && !self.stop.load(Ordering::Relaxed)
        {
            state = self
                .moved
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        if self.stop.load(Ordering::Relaxed) {
            return None;
        }
        state.bytes += bytes;
        Some((i + 1 - state.written, state.bytes))
    }

    /// One more written (or skipped), of `bytes` input bytes.
    pub(super) fn advance(&self, bytes: u64) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.written += 1;
        state.bytes = state.bytes.saturating_sub(bytes);
        drop(state);
        self.moved.notify_all();
    }

    fn stop(&self) {
        let _guard = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        self.stop.store(true, Ordering::Relaxed);
        self.moved.notify_all();
    }
}

/// Stops the gate when dropped: on every way out of the writer's loop.
pub(super) struct StopOnDrop<'a>(pub(super) &'a Gate);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.stop();
    }
}
