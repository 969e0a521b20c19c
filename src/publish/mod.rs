//! Publishing CVs into a triple store through the SPARQL 1.1 Graph Store HTTP Protocol: each
//! CV is one named graph (the same IRI as its graph in a bulk N-Quads export), sent with `PUT`,
//! so that publishing again replaces the graph rather than adding to it.
//!
//! ORCID records are published too ([`prepare_sources`]): an ORCID XML file, or each record of
//! a `.tar` / `.tar.gz` archive in the public data file's layout
//! ([`orcid::archive`](crate::orcid::archive)), is one graph named by the record's IRI,
//! `https://orcid.org/<iD>`, as in `vitae export --to nquads`. A record has no file of its own
//! to read again, so its Turtle is kept from preparing to sending: publishing suits records by
//! the thousand; the whole public data file belongs in a store's bulk loader (README).
//!
//! Three steps, as `vitae publish` takes them:
//!
//! 1. [`prepare`] reads every CV and builds its graph: its IRI, the SHA-256 of its Turtle, its
//!    number of triples. A CV that does not load is skipped with its report.
//! 2. [`plan`] compares with the [`State`] of earlier publications to this store: a graph not
//!    recorded is created, a changed one replaced, an unchanged one left alone (unless
//!    forced); with [`PlanOptions::delete_missing`], a recorded graph whose CV is no longer
//!    among the inputs is deleted, but never a graph of a CV that failed to load, and never
//!    more than the guard allows ([`Refusal`]): then nothing at all is sent.
//! 3. [`publish`] carries the plan out on a bounded number of threads, each graph's Turtle
//!    made again as it is sent, and records each success in the state.
//!
//! ```no_run
//! use vitae::publish::{self, Credentials, GraphStore, PlanOptions, State};
//! let files = vitae::bulk::cv_files(&["cvs".into()])?;
//! let options = vitae::export::Options::new();
//! let prepared = publish::prepare(&files, &options, 4);
//! let store = GraphStore::new("http://127.0.0.1:7878/store")?
//!     .with_credentials(Credentials::from_env()?);
//! let mut state = State::open("publish-state.json".as_ref())?;
//! let plan = publish::plan(&prepared, &state.store(store.url()), &PlanOptions::default());
//! assert!(plan.refused.is_none());
//! let report = publish::publish(&store, &plan, &options, &mut state, 4);
//! state.save()?;
//! print!("{}", report.to_text());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod auth;
mod state;
#[cfg(feature = "ureq")]
mod store;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
#[cfg(feature = "ureq")]
use std::sync::atomic::AtomicBool;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use serde::Serialize;
use sha2::{Digest, Sha256};

pub use auth::{Credentials, CredentialsError, PASSWORD_ENV, TOKEN_ENV, USER_ENV};
pub use state::{GraphEntry, State, StateError, StateLock, StoreState};
#[cfg(feature = "ureq")]
use store::Session;
#[cfg(feature = "ureq")]
pub use store::{GRAPH_PARAM, GraphStore, RequestError, StoreUrlError, TURTLE};

use std::sync::Arc;

use crate::export::rdf::write_graph;
use crate::export::stream::{Source, read_document};
use crate::export::{LinkedGraph, Options, RdfFormat};
use crate::model::Cv;
use crate::orcid::archive::{self, Record};
use crate::report::{Code, Diagnostic, Report};

/// Deletions one publication may always make.
pub const DEFAULT_MAX_DELETE: usize = 5;

/// A CV ready to be published: its graph's IRI and what its Turtle is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Graph {
    /// The graph's IRI: the CV's page, as in a bulk N-Quads export.
    pub iri: String,
    /// The CV file (for an ORCID record, its XML file or archive).
    pub file: PathBuf,
    /// The ORCID record's iD (or its member's path), for a record; none for a CV.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// `sha256:` and the hex digest of the Turtle.
    pub hash: String,
    /// The number of triples.
    pub triples: usize,
    /// A record's Turtle, kept until it is sent (a CV's is made again from its file).
    #[serde(skip)]
    body: Option<Arc<[u8]>>,
}

/// The CVs of a publication: those ready, and those that did not load.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    /// The graphs, in input order.
    pub graphs: Vec<Graph>,
    /// The CVs that cannot be published, each with its report, in input order.
    pub skipped: Vec<(PathBuf, Report)>,
}

/// The Turtle of one CV: its graph's IRI, the body and its number of triples.
///
/// # Errors
/// The CV's [`Report`] when it does not load or cannot be exported.
pub(crate) fn turtle(file: &Path, options: &Options) -> Result<(String, Vec<u8>, usize), Report> {
    let loaded = crate::input::from_path(file)?;
    cv_turtle(&loaded.cv, options).map_err(|e| {
        let mut report = loaded.report.clone();
        report.push(
            Diagnostic::error("", format!("cannot export the CV: {e}"))
                .with_code(Code::ExportFailed),
        );
        report
    })
}

/// The graph's IRI, Turtle and number of triples of a CV.
fn cv_turtle(cv: &Cv, options: &Options) -> Result<(String, Vec<u8>, usize), String> {
    let graph = LinkedGraph::new(cv, options).map_err(|e| e.to_string())?;
    let mut body = Vec::new();
    write_graph(&graph, RdfFormat::Turtle, &mut body).map_err(|e| e.to_string())?;
    Ok((graph.name().as_str().to_owned(), body, graph.len()))
}

/// The graph of an ORCID record read from `file`, its Turtle kept; or why it cannot be made.
fn record_graph(file: &Path, record: &Record, options: &Options) -> Result<Graph, Report> {
    let made = record
        .to_cv()
        .map_err(|e| e.to_string())
        .and_then(|imported| {
            // A record without its person's name says nothing of it, not "Unknown".
            let options = if imported.name_found {
                options.clone()
            } else {
                options.clone().with_name_withheld()
            };
            cv_turtle(&imported.cv, &options).map_err(|e| format!("cannot export the record: {e}"))
        });
    match made {
        Ok((iri, body, triples)) => Ok(Graph {
            iri,
            file: file.to_path_buf(),
            record: Some(record.name().to_owned()),
            hash: hash(&body),
            triples,
            body: Some(body.into()),
        }),
        Err(e) => Err(Report::single(
            Some(file.to_path_buf()),
            Diagnostic::error("", format!("ORCID record {}: {e}", record.name()))
                .with_code(Code::ExportFailed),
        )),
    }
}

fn hash(body: &[u8]) -> String {
    format!("sha256:{}", auth::hex(&Sha256::digest(body)))
}

/// Reads and exports every CV on `jobs` threads. Two CVs with the same graph IRI are both
/// skipped (one would overwrite the other): give each its own `base-iri`.
pub fn prepare(files: &[PathBuf], options: &Options, jobs: usize) -> Prepared {
    let sources: Vec<Source> = files.iter().cloned().map(Source::Cv).collect();
    prepare_sources(&sources, options, jobs)
}

/// Reads and exports every CV (on `jobs` threads) and every ORCID record (an XML file, each
/// record of an archive, read as a stream on this thread), in input order. A record that
/// cannot be converted is skipped with its iD and reason under its file; a damaged archive
/// keeps the records before the damage and is skipped too, so that the graphs recorded for it
/// are never deleted. Two graphs with the same IRI are both skipped, as in [`prepare`].
pub fn prepare_sources(sources: &[Source], options: &Options, jobs: usize) -> Prepared {
    let cv_files: Vec<&PathBuf> = sources
        .iter()
        .filter_map(|s| match s {
            Source::Cv(p) => Some(p),
            _ => None,
        })
        .collect();
    let mut cvs = parallel(&cv_files, jobs, |_, file| {
        turtle(file, options).map(|(iri, body, triples)| Graph {
            iri,
            file: (*file).clone(),
            record: None,
            hash: hash(&body),
            triples,
            body: None,
        })
    })
    .into_iter();
    let mut results: Vec<(PathBuf, Result<Graph, Report>)> = Vec::new();
    for source in sources {
        let file = source.path().to_path_buf();
        match source {
            Source::Cv(_) => {
                if let Some(r) = cvs.next() {
                    results.push((file, r));
                }
            }
            Source::OrcidXml(p) => {
                let record = read_document(p, &std::sync::atomic::AtomicU64::new(0));
                let r = record_graph(p, &record, options);
                results.push((file, r));
            }
            Source::Archive(p) => {
                let read = std::fs::File::open(p)
                    .and_then(archive::decompressed)
                    .map_err(|e| e.to_string())
                    .and_then(|input| {
                        archive::read_records(input, |record| {
                            results.push((file.clone(), record_graph(p, &record, options)));
                            true
                        })
                        .map_err(|e| e.to_string())
                    });
                if let Err(e) = read {
                    let report = Report::single(
                        Some(file.clone()),
                        Diagnostic::error("", e.to_string()).with_code(Code::Unreadable),
                    );
                    results.push((file, Err(report)));
                }
            }
        }
    }
    // Where each graph comes from: its file, and the record in it.
    let origin = |g: &Graph| match &g.record {
        Some(id) => format!("{} (ORCID record {id})", g.file.display()),
        None => g.file.display().to_string(),
    };
    let mut by_iri: HashMap<String, Vec<String>> = HashMap::new();
    for (_, g) in &results {
        if let Ok(g) = g {
            by_iri.entry(g.iri.clone()).or_default().push(origin(g));
        }
    }
    let mut out = Prepared::default();
    for (file, r) in results {
        match r {
            Ok(g) if by_iri[&g.iri].len() > 1 => {
                let own = origin(&g);
                let mut others: Vec<&str> = by_iri[&g.iri]
                    .iter()
                    .filter(|o| **o != own)
                    .map(String::as_str)
                    .collect();
                if others.is_empty() {
                    // A record whose members are not adjacent in its archive.
                    others.push("another part of the same record");
                }
                let msg = format!(
                    "its graph <{}> is also the graph of {}: give each CV its own base-iri",
                    g.iri,
                    others.join(", ")
                );
                let msg = match &g.record {
                    Some(id) => format!("ORCID record {id}: {msg}"),
                    None => msg,
                };
                out.skipped.push((
                    file.clone(),
                    Report::single(
                        Some(file.clone()),
                        Diagnostic::error("base-iri", msg).with_code(Code::ExportFailed),
                    ),
                ));
            }
            Ok(g) => out.graphs.push(g),
            Err(report) => out.skipped.push((file.clone(), report)),
        }
    }
    out
}

/// How a publication is planned.
#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    /// Delete the graphs recorded in the state whose CV is not among the inputs.
    pub delete_missing: bool,
    /// The most deletions allowed; default [`DEFAULT_MAX_DELETE`] or 10 % of the graphs
    /// recorded for the store, whichever is larger.
    pub max_delete: Option<usize>,
    /// Send unchanged graphs too.
    pub force: bool,
}

/// A graph to send, and whether the state knew it.
#[derive(Debug, Clone, Serialize)]
pub struct Put {
    /// The graph.
    #[serde(flatten)]
    pub graph: Graph,
    /// Whether the state records an earlier publication of it.
    pub recorded: bool,
}

/// A recorded graph whose CV is gone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gone {
    /// The graph's IRI.
    pub iri: String,
    /// The CV file it came from.
    pub file: PathBuf,
}

/// Why a plan is refused; nothing was sent. `--max-delete N` allows it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "refused: --delete-missing would delete {planned} graphs, more than the {limit} one \
     publication may delete ({}); nothing was sent. If the inputs are right, allow it with \
     --max-delete {planned}",
    if *explicit { "--max-delete".to_owned() } else {
        format!("{DEFAULT_MAX_DELETE}, or 10% of the {recorded} graphs recorded for this store, whichever is larger")
    }
)]
pub struct Refusal {
    /// Deletions planned.
    pub planned: usize,
    /// Deletions allowed.
    pub limit: usize,
    /// Graphs recorded for the store.
    pub recorded: usize,
    /// Whether the limit was given rather than the default.
    pub explicit: bool,
}

impl Serialize for Refusal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What a publication will do.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Plan {
    /// Graphs to send, in input order.
    pub put: Vec<Put>,
    /// Graphs unchanged since the state's record, not sent.
    pub unchanged: Vec<Graph>,
    /// Recorded graphs to delete (their CVs are gone).
    pub delete: Vec<Gone>,
    /// Recorded graphs kept although no input made them, because their CV failed to load.
    pub kept: Vec<Gone>,
    /// Recorded graphs whose CV is gone, not deleted since `--delete-missing` was not given.
    pub orphaned: Vec<Gone>,
    /// The guard's refusal: when set, nothing may be sent.
    pub refused: Option<Refusal>,
}

/// Plans a publication of `prepared` to a store whose earlier publications `recorded` holds.
pub fn plan(prepared: &Prepared, recorded: &StoreState, options: &PlanOptions) -> Plan {
    let mut plan = Plan::default();
    for g in &prepared.graphs {
        match recorded.graphs.get(&g.iri) {
            Some(e) if e.hash == g.hash && !options.force => plan.unchanged.push(g.clone()),
            other => plan.put.push(Put {
                graph: g.clone(),
                recorded: other.is_some(),
            }),
        }
    }
    let made: HashSet<&str> = prepared.graphs.iter().map(|g| g.iri.as_str()).collect();
    let failed: HashSet<PathBuf> = prepared.skipped.iter().map(|(f, _)| same(f)).collect();
    for (iri, e) in &recorded.graphs {
        if made.contains(iri.as_str()) {
            continue;
        }
        let gone = Gone {
            iri: iri.clone(),
            file: e.source.clone(),
        };
        if failed.contains(&same(&e.source)) {
            plan.kept.push(gone);
        } else if options.delete_missing {
            plan.delete.push(gone);
        } else {
            plan.orphaned.push(gone);
        }
    }
    let n = recorded.graphs.len();
    let limit = options
        .max_delete
        .unwrap_or_else(|| DEFAULT_MAX_DELETE.max(n / 10));
    if plan.delete.len() > limit {
        plan.refused = Some(Refusal {
            planned: plan.delete.len(),
            limit,
            recorded: n,
            explicit: options.max_delete.is_some(),
        });
    }
    plan
}

/// A path compared as the file it names, when it exists.
fn same(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// What happened to one graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Sent; the store made a new graph (`201`).
    Created,
    /// Sent; the store replaced the graph it had.
    Replaced,
    /// Not sent: the same as last published.
    Unchanged,
    /// Deleted from the store (or already gone).
    Deleted,
    /// The request failed.
    Failed,
    /// Not sent: the publication stopped first (credentials or permission refused).
    NotSent,
}

impl Outcome {
    fn word(self) -> &'static str {
        match self {
            Outcome::Created => "created",
            Outcome::Replaced => "replaced",
            Outcome::Unchanged => "unchanged",
            Outcome::Deleted => "deleted",
            Outcome::Failed => "FAILED",
            Outcome::NotSent => "not sent",
        }
    }
}

/// The report of one graph.
#[derive(Debug, Clone, Serialize)]
pub struct GraphReport {
    /// The graph's IRI.
    pub iri: String,
    /// The CV file.
    pub file: PathBuf,
    /// What happened.
    pub outcome: Outcome,
    /// Triples sent (none for a deletion).
    pub triples: Option<usize>,
    /// How many times the request was sent (0 when none was).
    pub attempts: u32,
    /// Why it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What a publication did: a report per graph (sent, unchanged, then deleted, each in plan
/// order), and why it stopped early, if it did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PublishReport {
    /// The store's URL.
    pub store: String,
    /// Per graph.
    pub graphs: Vec<GraphReport>,
    /// Why the publication stopped before sending everything.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
}

impl PublishReport {
    /// How many graphs had this outcome.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.graphs.iter().filter(|g| g.outcome == outcome).count()
    }

    /// Whether every request succeeded.
    pub fn ok(&self) -> bool {
        self.stopped.is_none()
            && self
                .graphs
                .iter()
                .all(|g| !matches!(g.outcome, Outcome::Failed | Outcome::NotSent))
    }

    /// A line per graph and a summary line.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        for g in &self.graphs {
            s.push_str(&format!(
                "{:<9} <{}> {}",
                g.outcome.word(),
                g.iri,
                g.file.display()
            ));
            if let Some(n) = g.triples {
                s.push_str(&format!(" ({n} triples)"));
            }
            if g.attempts > 1 {
                s.push_str(&format!(" after {} attempts", g.attempts));
            }
            if let Some(e) = &g.error {
                s.push_str(&format!(": {e}"));
            }
            s.push('\n');
        }
        if let Some(why) = &self.stopped {
            s.push_str(&format!("stopped: {why}\n"));
        }
        s.push_str(&format!(
            "{}: {} created, {} replaced, {} unchanged, {} deleted, {} failed, {} not sent\n",
            self.store,
            self.count(Outcome::Created),
            self.count(Outcome::Replaced),
            self.count(Outcome::Unchanged),
            self.count(Outcome::Deleted),
            self.count(Outcome::Failed),
            self.count(Outcome::NotSent),
        ));
        s
    }
}

/// One request of a publication.
#[cfg(feature = "ureq")]
enum Task<'a> {
    Put(&'a Put),
    Delete(&'a Gone),
}

/// Carries a plan out on `jobs` threads (at most `jobs` requests at once), recording each
/// success in `state` (saved every 100 changes and by the caller at the end). Each CV's
/// Turtle is made again as it is sent. A refused plan sends nothing. When the store refuses
/// the credentials or the permission (`401`, `403`), the other requests are not sent.
#[cfg(feature = "ureq")]
pub fn publish(
    store: &GraphStore,
    plan: &Plan,
    options: &Options,
    state: &mut State,
    jobs: usize,
) -> PublishReport {
    let mut report = PublishReport {
        store: store.url().to_owned(),
        ..PublishReport::default()
    };
    if let Some(r) = &plan.refused {
        report.stopped = Some(r.to_string());
        return report;
    }
    let tasks: Vec<Task> = plan
        .put
        .iter()
        .map(Task::Put)
        .chain(plan.delete.iter().map(Task::Delete))
        .collect();
    let stop = AtomicBool::new(false);
    let stop_reason = std::sync::Mutex::new(None::<String>);
    let key = store.url().to_owned();
    let mut changes = 0;
    let results = parallel_with(
        &tasks,
        jobs,
        Session::default,
        |session, _, task| {
            if stop.load(Ordering::Relaxed) {
                return result_of(task, Outcome::NotSent, None, 0, None);
            }
            let (sent, body_hash, triples) = match task {
                Task::Put(Put {
                    graph:
                        Graph {
                            body: Some(body),
                            triples,
                            ..
                        },
                    ..
                }) => (
                    store.put(session, task_iri(task), body),
                    Some(hash(body)),
                    Some(*triples),
                ),
                Task::Put(p) => match turtle(&p.graph.file, options) {
                    Ok((_, body, triples)) => (
                        store.put(session, &p.graph.iri, &body),
                        Some(hash(&body)),
                        Some(triples),
                    ),
                    Err(report) => {
                        let e = format!("the CV no longer loads: {}", report.to_string().trim());
                        return result_of(task, Outcome::Failed, Some(e), 0, None);
                    }
                },
                Task::Delete(_) => (store.delete(session, task_iri(task)), None, None),
            };
            match sent {
                Ok(s) => {
                    let outcome = match task {
                        Task::Delete(_) => Outcome::Deleted,
                        Task::Put(_) if s.status == 201 => Outcome::Created,
                        Task::Put(_) => Outcome::Replaced,
                    };
                    let mut r = result_of(task, outcome, None, s.attempts, triples);
                    r.1 = body_hash;
                    r
                }
                Err(e) => {
                    if e.stops_all() && !stop.swap(true, Ordering::Relaxed) {
                        *stop_reason.lock().unwrap_or_else(|p| p.into_inner()) =
                            Some(e.to_string());
                    }
                    let attempts = match &e {
                        RequestError::Status { attempts, .. }
                        | RequestError::Transport { attempts, .. } => *attempts,
                    };
                    result_of(
                        task,
                        Outcome::Failed,
                        Some(e.to_string()),
                        attempts,
                        triples,
                    )
                }
            }
        },
        |(r, body_hash): &(GraphReport, Option<String>)| {
            match (r.outcome, body_hash) {
                (Outcome::Created | Outcome::Replaced, Some(h)) => {
                    let entry = GraphEntry {
                        source: r.file.clone(),
                        hash: h.clone(),
                        triples: r.triples.unwrap_or(0),
                    };
                    state.set(&key, &r.iri, entry);
                }
                (Outcome::Deleted, _) => state.remove(&key, &r.iri),
                _ => return,
            }
            changes += 1;
            if changes % 100 == 0 {
                // A crash later loses at most the last hundred records; a failure to save
                // here is reported by the caller's final save.
                let _ = state.save();
            }
        },
    );
    let mut sent: Vec<GraphReport> = results.into_iter().map(|(r, _)| r).collect();
    let deletions = sent.split_off(plan.put.len());
    report.graphs = sent;
    report
        .graphs
        .extend(plan.unchanged.iter().map(|g| GraphReport {
            iri: g.iri.clone(),
            file: g.file.clone(),
            outcome: Outcome::Unchanged,
            triples: Some(g.triples),
            attempts: 0,
            error: None,
        }));
    report.graphs.extend(deletions);
    report.stopped = stop_reason.into_inner().unwrap_or_else(|p| p.into_inner());
    report
}

#[cfg(feature = "ureq")]
fn task_iri<'a>(task: &Task<'a>) -> &'a str {
    match task {
        Task::Put(p) => &p.graph.iri,
        Task::Delete(g) => &g.iri,
    }
}

#[cfg(feature = "ureq")]
fn result_of(
    task: &Task,
    outcome: Outcome,
    error: Option<String>,
    attempts: u32,
    triples: Option<usize>,
) -> (GraphReport, Option<String>) {
    let file = match task {
        Task::Put(p) => p.graph.file.clone(),
        Task::Delete(g) => g.file.clone(),
    };
    (
        GraphReport {
            iri: task_iri(task).to_owned(),
            file,
            outcome,
            triples,
            attempts,
            error,
        },
        None,
    )
}

/// `f` over `items` on at most `jobs` threads, results in input order.
fn parallel<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    f: impl Fn(usize, &T) -> R + Sync,
) -> Vec<R> {
    parallel_with(items, jobs, || (), |(), i, t| f(i, t), |_| {})
}

/// `f` over `items` on at most `jobs` threads, each thread with its own `W` from `worker`;
/// `done` sees each result on the calling thread as it comes; the results in input order.
fn parallel_with<T: Sync, W, R: Send>(
    items: &[T],
    jobs: usize,
    worker: impl Fn() -> W + Sync,
    f: impl Fn(&mut W, usize, &T) -> R + Sync,
    mut done: impl FnMut(&R),
) -> Vec<R> {
    let jobs = jobs.clamp(1, items.len().max(1));
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    let mut out: BTreeMap<usize, R> = BTreeMap::new();
    std::thread::scope(|s| {
        for _ in 0..jobs {
            let tx = tx.clone();
            let (next, worker, f) = (&next, &worker, &f);
            s.spawn(move || {
                let mut w = worker();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    if tx.send((i, f(&mut w, i, item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (i, r) in rx {
            done(&r);
            out.insert(i, r);
        }
    });
    out.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(iri: &str, file: &str, hash: &str) -> Graph {
        Graph {
            iri: iri.into(),
            file: file.into(),
            record: None,
            hash: hash.into(),
            triples: 1,
            body: None,
        }
    }

    fn recorded(n: usize) -> StoreState {
        let mut s = StoreState::default();
        for i in 0..n {
            s.graphs.insert(
                format!("urn:g{i}"),
                GraphEntry {
                    source: format!("/nonexistent/cv{i}.yaml").into(),
                    hash: format!("sha256:{i}"),
                    triples: 1,
                },
            );
        }
        s
    }

    #[test]
    fn unchanged_graphs_are_not_sent_changed_and_new_ones_are() {
        let prepared = Prepared {
            graphs: vec![
                graph("urn:g0", "/nonexistent/cv0.yaml", "sha256:0"),
                graph("urn:g1", "/nonexistent/cv1.yaml", "sha256:edited"),
                graph("urn:new", "/nonexistent/new.yaml", "sha256:x"),
            ],
            skipped: vec![],
        };
        let p = plan(&prepared, &recorded(2), &PlanOptions::default());
        assert_eq!(p.unchanged.len(), 1);
        let put: Vec<(&str, bool)> = p
            .put
            .iter()
            .map(|p| (p.graph.iri.as_str(), p.recorded))
            .collect();
        assert_eq!(put, vec![("urn:g1", true), ("urn:new", false)]);
        let forced = plan(
            &prepared,
            &recorded(2),
            &PlanOptions {
                force: true,
                ..PlanOptions::default()
            },
        );
        assert_eq!(forced.put.len(), 3);
    }

    #[test]
    fn missing_graphs_are_deleted_only_when_asked_within_the_guard_and_never_for_a_failed_cv() {
        // 60 recorded, 50 still made: 10 gone, one of them a CV that failed to load.
        let rec = recorded(60);
        let prepared = Prepared {
            graphs: (0..50)
                .map(|i| graph(&format!("urn:g{i}"), "f", &format!("sha256:{i}")))
                .collect(),
            skipped: vec![("/nonexistent/cv55.yaml".into(), Report::new(None))],
        };
        let p = plan(&prepared, &rec, &PlanOptions::default());
        assert_eq!((p.delete.len(), p.orphaned.len(), p.kept.len()), (0, 9, 1));
        assert!(p.refused.is_none());
        let ask = PlanOptions {
            delete_missing: true,
            ..PlanOptions::default()
        };
        let p = plan(&prepared, &rec, &ask);
        assert_eq!(p.delete.len(), 9);
        assert_eq!(p.kept[0].iri, "urn:g55");
        let r = p.refused.expect("9 > max(5, 60/10)");
        assert_eq!((r.planned, r.limit), (9, 6));
        assert!(r.to_string().contains("--max-delete 9"), "{r}");
        let allowed = plan(
            &prepared,
            &rec,
            &PlanOptions {
                max_delete: Some(9),
                ..ask
            },
        );
        assert!(allowed.refused.is_none());
    }

    #[test]
    fn two_cvs_with_one_graph_are_both_skipped() {
        let dir = tempfile::tempdir().expect("dir");
        let cv = "base-iri: https://same.example.org/\nperson: {given-names: A, family-name: B}\n";
        let a = dir.path().join("a.yaml");
        let b = dir.path().join("b.yaml");
        let c = dir.path().join("c.yaml");
        std::fs::write(&a, cv).expect("write");
        std::fs::write(&b, cv).expect("write");
        std::fs::write(&c, "person: {given-names: C, family-name: D}\n").expect("write");
        let p = prepare(&[a, b, c], &Options::new(), 2);
        assert_eq!(p.graphs.len(), 1);
        assert_eq!(p.skipped.len(), 2);
        assert!(p.skipped[0].1.to_string().contains("own base-iri"));
        // The graph is the bulk N-Quads export's graph of the same CV.
        assert_eq!(p.graphs[0].iri, "urn:vitae:c-d");
    }
}
