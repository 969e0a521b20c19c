//! Exporting many CVs into one stream: N-Quads (one named graph per CV), N-Triples, or JSON-LD
//! lines (one compact JSON-LD document per line).
//!
//! The CVs are read and exported on every core, at most a bounded number at a time, and
//! written in input order, so the output is the same on every run and memory stays flat
//! however many CVs there are. A CV that cannot be read or exported is skipped and reported;
//! it never stops the others, unless [`Bulk::with_fail_fast`] asks for that.
//!
//! Blank nodes (the cells of author lists) are labelled per CV (`_:cv<n>-…`, `n` the CV's
//! 1-based position in the input), so that no two CVs share one in the merged output.
//!
//! ```
//! use vitae::bulk::{Bulk, BulkFormat};
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("ada.yaml"), "person: {given-names: Ada, family-name: Lovelace}")?;
//! std::fs::write(dir.path().join("bad.yaml"), "person: {given-names: Charles}")?;
//! let files = vitae::bulk::cv_files(&[dir.path().to_path_buf()])?;
//! let mut out = Vec::new();
//! let summary = Bulk::new(BulkFormat::NQuads).to_writer(&files, &mut out)?;
//! assert_eq!(summary.exported, 1);
//! assert_eq!(summary.skipped.len(), 1);
//! assert!(summary.skipped[0].report.to_string().contains("family-name"));
//! let nq = String::from_utf8(out)?;
//! assert!(nq.lines().all(|l| l.ends_with("<urn:vitae:ada-lovelace> .")));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::io::Write;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError, mpsc};

use crate::export::{JsonLd, LinkedGraph, Options, lines};
use crate::input::InputFormat;
use crate::report::{Code, Diagnostic, Report};

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

/// A CV that was not exported, with every problem found in it.
#[derive(Debug, Clone)]
pub struct Skipped {
    /// The file.
    pub file: PathBuf,
    /// Its problems (errors, and the warnings found beside them), naming the file.
    pub report: Report,
}

/// What a bulk export did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// How many CVs were given.
    pub total: usize,
    /// How many CVs were written.
    pub exported: usize,
    /// How many of those had warnings (`vitae check` lists them).
    pub with_warnings: usize,
    /// The CVs skipped, in input order.
    pub skipped: Vec<Skipped>,
    /// Whether the export stopped at the first skipped CV ([`Bulk::with_fail_fast`]); the
    /// output then holds only the CVs before it.
    pub stopped: bool,
}

/// A bulk export: the format, the options every CV is exported with, the threads.
///
/// See the [module documentation](self) for an example.
#[derive(Debug, Clone)]
pub struct Bulk {
    format: BulkFormat,
    options: Options,
    threads: Option<NonZeroUsize>,
    in_flight: Option<NonZeroUsize>,
    fail_fast: bool,
}

/// The largest output buffer kept for reuse.
pub(super) const POOLED_BUFFER: usize = 8 << 20;

pub(super) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The result of one CV: its output, whether it had warnings; or why it was skipped.
type Outcome = Result<(Vec<u8>, bool), Report>;

impl Bulk {
    /// A bulk export in a format; public data, every core, skipping bad CVs.
    pub fn new(format: BulkFormat) -> Self {
        Self {
            format,
            options: Options::new(),
            threads: None,
            in_flight: None,
            fail_fast: false,
        }
    }

    /// The options every CV is exported with. A base IRI given here is every CV's base: only
    /// useful for one CV, since all would have the same IRIs.
    pub fn with_options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// How many threads read and export CVs (default: one per core).
    pub fn with_threads(mut self, threads: NonZeroUsize) -> Self {
        self.threads = Some(threads);
        self
    }

    /// How many CVs may be read, exported or waiting to be written at once (default: four per
    /// thread). Memory is bounded by this many CVs' input and output.
    pub fn with_in_flight(mut self, n: NonZeroUsize) -> Self {
        self.in_flight = Some(n);
        self
    }

    /// Stops at the first CV (in input order) that cannot be exported, instead of skipping it.
    pub fn with_fail_fast(mut self, yes: bool) -> Self {
        self.fail_fast = yes;
        self
    }

    /// The threads used.
    pub fn threads(&self) -> usize {
        self.threads.map_or_else(
            || std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
            NonZeroUsize::get,
        )
    }

    /// Exports the files, in their order, into `w`: each CV's output in one `write_all`, so
    /// `w` needs no buffer of its own.
    ///
    /// # Errors
    /// [`BulkError::Io`] when writing fails. A CV that cannot be read or exported is not an
    /// error: it is listed in [`Summary::skipped`].
    pub fn to_writer(&self, files: &[PathBuf], w: impl Write) -> Result<Summary, BulkError> {
        self.to_writer_with_progress(files, w, |_, _| {})
    }

    /// As [`to_writer`](Self::to_writer), calling `progress(done, total)` after each CV is
    /// written or skipped (on the calling thread).
    ///
    /// # Errors
    /// As [`to_writer`](Self::to_writer).
    pub fn to_writer_with_progress(
        &self,
        files: &[PathBuf],
        mut w: impl Write,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<Summary, BulkError> {
        let total = files.len();
        let threads = self.threads().min(total.max(1));
        let window = self.in_flight.map_or(threads * 4, NonZeroUsize::get).max(1);
        let mut summary = Summary {
            total,
            ..Summary::default()
        };
        let gate = Gate::new();
        let next = AtomicUsize::new(0);
        // Output buffers handed back by the writer for the next CVs: a CV's output then
        // grows no buffer from empty (a fifth of the time of a bulk N-Quads export went into
        // growing them). Only buffers of a usual size are kept.
        let pool: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
        let (tx, rx) = mpsc::channel::<(usize, Outcome)>();
        std::thread::scope(|s| -> Result<(), BulkError> {
            for _ in 0..threads {
                let tx = tx.clone();
                let (gate, next, pool) = (&gate, &next, &pool);
                s.spawn(move || {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= total || !gate.wait_for_room(i, window) {
                            break;
                        }
                        let buf = lock(pool).pop().unwrap_or_default();
                        if tx.send((i, self.export_one(i, &files[i], buf))).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(tx);
            // Stops the workers on every way out of this closure, errors included.
            let _stop = StopOnDrop(&gate);
            let mut pending: BTreeMap<usize, Outcome> = BTreeMap::new();
            let mut done = 0;
            for (i, outcome) in rx.iter() {
                pending.insert(i, outcome);
                while let Some(outcome) = pending.remove(&done) {
                    match outcome {
                        Ok((bytes, warned)) => {
                            w.write_all(&bytes)?;
                            summary.exported += 1;
                            summary.with_warnings += usize::from(warned);
                            if bytes.capacity() <= POOLED_BUFFER {
                                lock(&pool).push(bytes);
                            }
                        }
                        Err(report) => {
                            summary.skipped.push(Skipped {
                                file: files[done].clone(),
                                report,
                            });
                            if self.fail_fast {
                                summary.stopped = true;
                            }
                        }
                    }
                    done += 1;
                    gate.advance(done);
                    progress(done, total);
                    if summary.stopped {
                        return Ok(());
                    }
                }
            }
            Ok(())
        })?;
        w.flush()?;
        Ok(summary)
    }

    /// Reads and exports one CV (the `index`-th of the input) into its own bytes.
    fn export_one(&self, index: usize, file: &Path, mut out: Vec<u8>) -> Outcome {
        let loaded = crate::input::from_path(file)?;
        let warned = loaded.report.warnings().next().is_some();
        let fail = |e: &dyn std::fmt::Display| {
            let mut report = loaded.report.clone();
            report.push(
                Diagnostic::error("", format!("cannot export the CV: {e}"))
                    .with_code(Code::ExportFailed),
            );
            report
        };
        out.clear();
        write_cv(self.format, &self.options, &loaded.cv, index, &mut out).map_err(|e| fail(&e))?;
        Ok((out, warned))
    }
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
                .write_compact(cv, &mut *out)?;
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

/// Holds workers back until the writer is within `window` CVs of them, so that results
/// waiting to be written (out of order) never pile up.
pub(super) struct Gate {
    written: Mutex<usize>,
    moved: Condvar,
    stop: AtomicBool,
}

impl Gate {
    /// A gate with nothing written yet.
    pub(super) fn new() -> Self {
        Self {
            written: Mutex::new(0),
            moved: Condvar::new(),
            stop: AtomicBool::new(false),
        }
    }

    /// Waits until CV `i` may be started; false when the export is stopping.
    pub(super) fn wait_for_room(&self, i: usize, window: usize) -> bool {
        let mut written = self.written.lock().unwrap_or_else(PoisonError::into_inner);
        while i >= *written + window && !self.stop.load(Ordering::Relaxed) {
            written = self
                .moved
                .wait(written)
                .unwrap_or_else(PoisonError::into_inner);
        }
        !self.stop.load(Ordering::Relaxed)
    }

    /// How many have been written.
    pub(super) fn written(&self) -> usize {
        *self.written.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn advance(&self, written: usize) {
        *self.written.lock().unwrap_or_else(PoisonError::into_inner) = written;
        self.moved.notify_all();
    }

    fn stop(&self) {
        let _guard = self.written.lock().unwrap_or_else(PoisonError::into_inner);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn cv(dir: &Path, name: &str, family: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(
            &p,
            format!(
                "person: {{given-names: A, family-name: {family}}}\nworks:\n  - {{type: journal-article, \
                 title: T, authors: [{family} A, Other B], date: 2020}}\n"
            ),
        )
        .expect("write");
        p
    }

    #[test]
    fn order_is_the_input_order_whatever_the_threads_and_window() {
        let dir = tempfile::tempdir().expect("dir");
        let files: Vec<PathBuf> = (0..40)
            .map(|i| cv(dir.path(), &format!("cv{i:02}.yaml"), &format!("Name{i}")))
            .collect();
        let run = |threads: usize, window: usize| {
            let mut out = Vec::new();
            let s = Bulk::new(BulkFormat::NQuads)
                .with_threads(NonZeroUsize::new(threads).expect("nonzero"))
                .with_in_flight(NonZeroUsize::new(window).expect("nonzero"))
                .to_writer(&files, &mut out)
                .expect("export");
            assert_eq!(s.exported, 40);
            out
        };
        let one = run(1, 1);
        assert_eq!(run(4, 2), one);
        assert_eq!(run(3, 100), one);
        let text = String::from_utf8(one).expect("UTF-8");
        let firsts: Vec<usize> = (0..40)
            .map(|i| text.find(&format!("name{i}>")).expect("each CV"))
            .collect();
        assert!(firsts.windows(2).all(|w| w[0] < w[1]));
        // Blank nodes are labelled per CV.
        assert!(text.contains("_:cv1-") && text.contains("_:cv40-"));
    }

    #[test]
    fn fail_fast_stops_at_the_first_bad_cv_in_input_order() {
        let dir = tempfile::tempdir().expect("dir");
        let mut files: Vec<PathBuf> = (0..10)
            .map(|i| cv(dir.path(), &format!("cv{i}.yaml"), &format!("N{i}")))
            .collect();
        let bad = dir.path().join("bad.yaml");
        std::fs::write(&bad, "person: {}\n").expect("write");
        files.insert(5, bad.clone());
        files.push(bad);
        let mut out = Vec::new();
        let s = Bulk::new(BulkFormat::JsonLdLines)
            .with_fail_fast(true)
            .to_writer(&files, &mut out)
            .expect("export");
        assert!(s.stopped);
        assert_eq!(s.exported, 5);
        assert_eq!(s.skipped.len(), 1);
        assert_eq!(String::from_utf8(out).expect("UTF-8").lines().count(), 5);
    }
}
