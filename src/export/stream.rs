//! Exporting CVs and ORCID records from a stream: CV files, ORCID XML files, and `.tar` /
//! `.tar.gz` archives in the layout of ORCID's public data file
//! ([`orcid::archive`](crate::orcid::archive)), into one N-Quads, N-Triples or JSON-LD lines
//! output: every bulk export.
//!
//! One thread reads the inputs in order (an archive is decompressed and read as it comes, never
//! unpacked); every core converts what it reads; the output is written in input order. At most
//! [`Stream::with_in_flight`] records, and [`Stream::with_in_flight_bytes`] bytes of their
//! input, are read and not yet written at any time, so memory stays flat whatever the archive's
//! size ([`StreamSummary::peak_in_flight`] and [`StreamSummary::peak_in_flight_bytes`] say how
//! much was). The bound on records is wide (64 a thread) because ORCID's records are of very
//! unequal sizes: while one worker converts a record of a thousand works, the others go on with
//! the hundreds of small ones behind it, which wait, converted, to be written after it; the
//! bound on bytes keeps a run of large records from filling the memory.
//!
//! Each ORCID record becomes a CV ([`Record::to_cv`]) whose graph is named by the record's IRI,
//! `https://orcid.org/<iD>`; blank nodes are labelled per record (`_:cv<n>-…`, `n` its 1-based
//! position in the output). A record or CV that fails is skipped and reported (its iD or file,
//! and why); a damaged or cut-short archive keeps the records read before the damage and is
//! reported in [`StreamSummary::damaged`].
//!
//! ```
//! use vitae::bulk::BulkFormat;
//! use vitae::export::stream::{Source, Stream};
//! let dir = tempfile::tempdir()?;
//! let xml = dir.path().join("0000-0002-1825-0097.xml");
//! std::fs::write(&xml, r#"<work:work xmlns:work="http://www.orcid.org/ns/work"
//!     xmlns:common="http://www.orcid.org/ns/common" put-code="1">
//!   <work:title><common:title>On Engines</common:title></work:title>
//!   <work:type>journal-article</work:type>
//! </work:work>"#)?;
//! let mut out = Vec::new();
//! let summary = Stream::new(BulkFormat::NQuads).to_writer(&[Source::OrcidXml(xml)], &mut out)?;
//! assert_eq!((summary.total, summary.exported), (1, 1));
//! let nq = String::from_utf8(out)?;
//! assert!(nq.lines().all(|l| l.ends_with("<https://orcid.org/0000-0002-1825-0097> .")));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};

use super::Options;
use super::bulk::{BulkError, BulkFormat, Gate, POOLED_BUFFER, StopOnDrop, lock, write_cv};
use crate::orcid::archive::{self, Record};
use crate::report::{Code, Diagnostic, Report};

/// One input of a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Source {
    /// A CV file (`.yaml`, `.yml`, `.json`, `.toml`).
    Cv(PathBuf),
    /// An ORCID XML document (`.xml`): one record.
    OrcidXml(PathBuf),
    /// A `.tar`, `.tar.gz` or `.tgz` archive of ORCID records.
    Archive(PathBuf),
}

impl Source {
    /// The source a file is, by its name: `.xml` an ORCID document, `.tar`, `.tar.gz` and
    /// `.tgz` an archive, anything else a CV.
    pub fn of(path: &Path) -> Self {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if name.ends_with(".tar") || name.ends_with(".tar.gz") || name.ends_with(".tgz") {
            Source::Archive(path.to_path_buf())
        } else if name.ends_with(".xml") {
            Source::OrcidXml(path.to_path_buf())
        } else {
            Source::Cv(path.to_path_buf())
        }
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        match self {
            Source::Cv(p) | Source::OrcidXml(p) | Source::Archive(p) => p,
        }
    }

    /// Whether any of some paths is an ORCID document or archive.
    pub fn any_orcid(paths: &[PathBuf]) -> bool {
        paths
            .iter()
            .any(|p| !p.is_dir() && !matches!(Source::of(p), Source::Cv(_)))
    }
}

/// The sources of some paths: a directory stands for its CV files
/// ([`cv_files`](super::bulk::cv_files)), a file for itself ([`Source::of`]).
///
/// # Errors
/// As [`cv_files`](super::bulk::cv_files).
pub fn sources(paths: &[PathBuf]) -> Result<Vec<Source>, BulkError> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            out.extend(
                super::bulk::cv_files(std::slice::from_ref(p))?
                    .into_iter()
                    .map(Source::Cv),
            );
        } else if p.exists() {
            out.push(Source::of(p));
        } else {
            return Err(BulkError::Missing { path: p.clone() });
        }
    }
    Ok(out)
}

/// A CV or record that was not exported.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The file it came from (the archive, for a record of one).
    pub source: PathBuf,
    /// The record's iD (or its member's path, when that names no iD); none for a CV file.
    pub record: Option<String>,
    /// Why: every problem found (for a CV, its warnings too).
    pub report: Report,
}

/// What a stream export did.
#[derive(Debug, Clone, Default)]
pub struct StreamSummary {
    /// How many CVs and records were read.
    pub total: usize,
    /// How many were written.
    pub exported: usize,
    /// How many CVs had warnings.
    pub with_warnings: usize,
    /// Those skipped, in input order.
    pub skipped: Vec<Failure>,
    /// Archives that could not be read to their end, and why.
    pub damaged: Vec<(PathBuf, String)>,
    /// Whether the export stopped at the first failure ([`Stream::with_fail_fast`]).
    pub stopped: bool,
    /// The most records read and not yet written at one time (at most the in-flight bound).
    pub peak_in_flight: usize,
    /// The most input bytes (of CV files, of records' documents) read and not yet written at
    /// one time: at most the bound on bytes, or one record's when it alone is larger.
    pub peak_in_flight_bytes: u64,
}

/// How far a stream export is, for a progress bar.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    /// CVs and records written or skipped.
    pub done: usize,
    /// Bytes of the input files read so far (of an archive: its compressed bytes).
    pub bytes_read: u64,
    /// Bytes of all the input files.
    pub bytes_total: u64,
}

/// An export of a stream of CVs and ORCID records: the format, the options, the threads.
#[derive(Debug, Clone)]
pub struct Stream {
    format: BulkFormat,
    options: Options,
    threads: Option<NonZeroUsize>,
    in_flight: Option<NonZeroUsize>,
    in_flight_bytes: Option<NonZeroUsize>,
    fail_fast: bool,
}

/// The default bound on the input bytes in flight: 32 MiB.
pub const IN_FLIGHT_BYTES: usize = 32 << 20;

/// What the reader hands a worker.
enum Job {
    Cv(PathBuf),
    Record(Record, usize),
}

type Outcome = Result<(Vec<u8>, bool), Failure>;

/// A job's place in the output and its input bytes.
type Ticket = (usize, u64);

impl Stream {
    /// A stream export in a format; public data, every core, skipping what fails.
    pub fn new(format: BulkFormat) -> Self {
        Self {
            format,
            options: Options::new(),
            threads: None,
            in_flight: None,
            in_flight_bytes: None,
            fail_fast: false,
        }
    }

    /// The options every CV and record is exported with.
    pub fn with_options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// How many threads convert (default: one per core); one more reads.
    pub fn with_threads(mut self, threads: NonZeroUsize) -> Self {
        self.threads = Some(threads);
        self
    }

    /// How many records may be read and not yet written at once (default: 64 per thread).
    pub fn with_in_flight(mut self, n: NonZeroUsize) -> Self {
        self.in_flight = Some(n);
        self
    }

    /// How many bytes of input (CV files, records' documents) may be read and not yet written
    /// at once (default: [`IN_FLIGHT_BYTES`]); a record larger than that is read once nothing
    /// else is in flight.
    pub fn with_in_flight_bytes(mut self, n: NonZeroUsize) -> Self {
        self.in_flight_bytes = Some(n);
        self
    }

    /// Stops at the first CV or record (in input order) that fails, instead of skipping it.
    pub fn with_fail_fast(mut self, yes: bool) -> Self {
        self.fail_fast = yes;
        self
    }

    fn threads(&self) -> usize {
        self.threads.map_or_else(
            || std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
            NonZeroUsize::get,
        )
    }

    /// The bound on records in flight.
    pub fn window(&self) -> usize {
        self.in_flight
            .map_or(self.threads() * 64, NonZeroUsize::get)
            .max(1)
    }

    /// The bound on input bytes in flight.
    fn budget(&self) -> u64 {
        self.in_flight_bytes
            .map_or(IN_FLIGHT_BYTES, NonZeroUsize::get) as u64
    }

    /// Exports the sources, in order, into `w` (each record's output in one `write_all`).
    ///
    /// # Errors
    /// [`BulkError::Io`] when writing fails. A record or CV that fails, or a damaged archive,
    /// is not an error: see [`StreamSummary`].
    pub fn to_writer(&self, sources: &[Source], w: impl Write) -> Result<StreamSummary, BulkError> {
        self.to_writer_with_progress(sources, w, |_| {})
    }

    /// As [`to_writer`](Self::to_writer), calling `progress` after each record is written or
    /// skipped (on the calling thread).
    ///
    /// # Errors
    /// As [`to_writer`](Self::to_writer).
    pub fn to_writer_with_progress(
        &self,
        sources: &[Source],
        mut w: impl Write,
        mut progress: impl FnMut(Progress),
    ) -> Result<StreamSummary, BulkError> {
        let threads = self.threads();
        let window = self.window();
        let bytes_total: u64 = sources
            .iter()
            .filter_map(|s| std::fs::metadata(s.path()).ok())
            .map(|m| m.len())
            .sum();
        let bytes_read = AtomicU64::new(0);
        let peak = AtomicUsize::new(0);
        let peak_bytes = AtomicU64::new(0);
        let gate = Gate::new();
        let pool: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
        let (job_tx, job_rx) = mpsc::channel::<(Ticket, Job)>();
        let job_rx = Mutex::new(job_rx);
        let (out_tx, out_rx) = mpsc::channel::<(Ticket, Outcome)>();
        let mut summary = StreamSummary::default();
        let reader_result = std::thread::scope(|s| -> Result<ReaderEnd, BulkError> {
            let reader = s.spawn(|| {
                let peaks = (&peak, &peak_bytes);
                self.read_sources(sources, job_tx, &gate, window, &bytes_read, peaks)
            });
            for _ in 0..threads {
                let out_tx = out_tx.clone();
                let (job_rx, pool) = (&job_rx, &pool);
                s.spawn(move || {
                    loop {
                        let next = lock(job_rx).recv();
                        let Ok((ticket, job)) = next else { break };
                        let buf = lock(pool).pop().unwrap_or_default();
                        if out_tx
                            .send((ticket, self.convert(ticket.0, job, sources, buf)))
                            .is_err()
                        {
                            break;
                        }
                    }
                });
            }
            drop(out_tx);
            let stop = StopOnDrop(&gate);
            let mut pending: BTreeMap<usize, (u64, Outcome)> = BTreeMap::new();
            let mut done = 0;
            'written: for ((i, size), outcome) in out_rx.iter() {
                pending.insert(i, (size, outcome));
                while let Some((size, outcome)) = pending.remove(&done) {
                    match outcome {
                        Ok((bytes, warned)) => {
                            w.write_all(&bytes)?;
                            summary.exported += 1;
                            summary.with_warnings += usize::from(warned);
                            let mut pool = lock(&pool);
                            // A few buffers, none large, are kept for reuse: the output of
                            // the records in flight would otherwise keep as many, each as large
                            // as the largest it ever held.
                            if bytes.capacity() <= POOLED_BUFFER && pool.len() < threads * 2 {
                                pool.push(bytes);
                            }
                        }
                        Err(failure) => {
                            summary.skipped.push(failure);
                            summary.stopped = self.fail_fast;
                        }
                    }
                    done += 1;
                    gate.advance(size);
                    progress(Progress {
                        done,
                        bytes_read: bytes_read.load(Ordering::Relaxed),
                        bytes_total,
                    });
                    if summary.stopped {
                        break 'written;
                    }
                }
            }
            drop(stop);
            let end = reader.join().unwrap_or_else(|_| ReaderEnd::default());
            Ok(end)
        })?;
        w.flush()?;
        summary.total = reader_result.read;
        summary.damaged = reader_result.damaged;
        summary.peak_in_flight = peak.load(Ordering::Relaxed);
        summary.peak_in_flight_bytes = peak_bytes.load(Ordering::Relaxed);
        Ok(summary)
    }

    /// The reader: every source in order, each CV and record numbered and handed to the
    /// workers once there is room for it; `peaks` are the most records and input bytes in
    /// flight.
    fn read_sources(
        &self,
        sources: &[Source],
        tx: mpsc::Sender<(Ticket, Job)>,
        gate: &Gate,
        window: usize,
        bytes_read: &AtomicU64,
        peaks: (&AtomicUsize, &AtomicU64),
    ) -> ReaderEnd {
        let mut end = ReaderEnd::default();
        let budget = self.budget();
        // Hands a job of `size` input bytes on once there is room; false when the export is
        // stopping.
        let send = |job: Job, size: u64, end: &mut ReaderEnd| -> bool {
            let i = end.read;
            let Some((records, bytes)) = gate.wait_for_room(i, size, window, budget) else {
                return false;
            };
            peaks.0.fetch_max(records, Ordering::Relaxed);
            peaks.1.fetch_max(bytes, Ordering::Relaxed);
            end.read += 1;
            tx.send(((i, size), job)).is_ok()
        };
        for (k, source) in sources.iter().enumerate() {
            let go_on = match source {
                Source::Cv(p) => {
                    let size = std::fs::metadata(p).map_or(0, |m| m.len());
                    bytes_read.fetch_add(size, Ordering::Relaxed);
                    send(Job::Cv(p.clone()), size, &mut end)
                }
                Source::OrcidXml(p) => {
                    let record = read_document(p, bytes_read);
                    let size = record.bytes;
                    send(Job::Record(record, k), size, &mut end)
                }
                Source::Archive(p) => {
                    let file = match std::fs::File::open(p) {
                        Ok(f) => f,
                        Err(e) => {
                            end.damaged
                                .push((p.clone(), format!("cannot open it: {e}")));
                            continue;
                        }
                    };
                    let counted = Counted {
                        inner: file,
                        count: bytes_read,
                    };
                    let mut stopped = false;
                    let read = archive::decompressed(counted).map_err(|e| archive::ArchiveError {
                        records: 0,
                        last: None,
                        source: e,
                    });
                    let read = read.and_then(|r| {
                        archive::read_records(r, |record| {
                            let size = record.bytes;
                            let ok = send(Job::Record(record, k), size, &mut end);
                            stopped = !ok;
                            ok
                        })
                    });
                    match read {
                        Ok(_) => {}
                        Err(e) => end.damaged.push((p.clone(), e.to_string())),
                    }
                    !stopped
                }
            };
            if !go_on {
                break;
            }
        }
        end
    }

    /// Converts one CV or record (the `index`-th of the output) into its own bytes.
    fn convert(&self, index: usize, job: Job, sources: &[Source], mut out: Vec<u8>) -> Outcome {
        out.clear();
        match job {
            Job::Cv(path) => {
                let fail = |report: Report| Failure {
                    source: path.clone(),
                    record: None,
                    report,
                };
                let loaded = crate::input::from_path(&path).map_err(fail)?;
                let warned = loaded.report.warnings().next().is_some();
                write_cv(self.format, &self.options, &loaded.cv, index, &mut out).map_err(|e| {
                    let mut report = loaded.report.clone();
                    report.push(
                        Diagnostic::error("", format!("cannot export the CV: {e}"))
                            .with_code(Code::ExportFailed),
                    );
                    fail(report)
                })?;
                Ok((out, warned))
            }
            Job::Record(record, k) => {
                let source = sources[k].path().to_path_buf();
                let fail = |message: String| Failure {
                    source: source.clone(),
                    record: Some(record.name().to_owned()),
                    report: Report::single(
                        None,
                        Diagnostic::error("", message).with_code(Code::ExportFailed),
                    ),
                };
                let imported = record.to_cv().map_err(|e| fail(e.to_string()))?;
                // A record without its person's name says nothing of it, not "Unknown".
                let withheld;
                let options = if imported.name_found {
                    &self.options
                } else {
                    withheld = self.options.clone().with_name_withheld();
                    &withheld
                };
                write_cv(self.format, options, &imported.cv, index, &mut out)
                    .map_err(|e| fail(format!("cannot export the record: {e}")))?;
                // What a record holds and the CV model does not (its history, preferences)
                // is not a warning here: `vitae import orcid FILE` lists it.
                Ok((out, false))
            }
        }
    }
}

/// What the reader did.
#[derive(Debug, Default)]
struct ReaderEnd {
    read: usize,
    damaged: Vec<(PathBuf, String)>,
}

/// One ORCID XML file as a record (a file that cannot be read is a record that fails).
pub(crate) fn read_document(path: &Path, bytes_read: &AtomicU64) -> Record {
    let name = path.to_string_lossy().into_owned();
    let failed = |why: String| Record {
        id: archive::id_in_path(&name).map(str::to_owned),
        problem: Some((name.clone(), why)),
        ..Record::default()
    };
    let limit = crate::orcid::MAX_DOCUMENT_SIZE as u64;
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        return failed(format!("cannot read it: {e}"));
    }
    bytes_read.fetch_add(bytes.len() as u64, Ordering::Relaxed);
    if bytes.len() as u64 > limit {
        return failed(format!("larger than the {limit} bytes of a document"));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Record::from_document(&name, text),
        Err(e) => failed(format!(
            "not UTF-8 (byte {}); ORCID documents are UTF-8",
            e.utf8_error().valid_up_to()
        )),
    }
}

/// A reader counting the bytes read through it (the progress bar's position).
struct Counted<'a, R> {
    inner: R,
    count: &'a AtomicU64,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}
