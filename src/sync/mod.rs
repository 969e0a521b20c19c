//! Syncing a CV to an ORCID record through the Member API: [`plan`] reads the record and
//! decides what to create, update, delete or leave alone; [`apply`] carries the plan out.
//!
//! - **Matching** survives edits, inserts and reordering: by the put-code an earlier sync
//!   recorded in the [`Ledger`] (trusted at once only while the record's item is the same
//!   item), by normalised `self` external ids, by the same title, type and year (works) or
//!   organization, role and start date (affiliations), by `source-work-id`, by a
//!   near-identical title. A put-code is never reused for an item whose identifiers conflict
//!   with the record item's; an item that several record items fit is skipped, never created
//!   twice. Only items this API client added are ever updated or deleted; deleting needs
//!   [`PlanOptions::prune`].
//! - **Unchanged** items are known by the content hash of their XML in the ledger, or, without
//!   a ledger entry, by comparing with the record's full item.
//! - **One at a time:** `vitae sync --apply` holds an exclusive [`LedgerLock`] on the ledger
//!   for the whole run; a second apply of the same CV is refused, naming the holder.
//! - **Mass changes** are refused before any write ([`guard`]): more deletions than 5 or 10 %
//!   of the ledger, or a CV matching fewer than half of the ledger's items, unless
//!   [`PlanOptions::max_delete`] allows them.
//! - **Crash safety:** the ledger is saved after every successful call; a sync stopped half
//!   way and run again converges, and a `409` duplicate (ORCID error 9021) is resolved by
//!   finding the existing item and switching to PUT.
//! - **Pace:** a token bucket keeps to ORCID's 24 requests a second (bursts of 40); `503`
//!   and `429` are retried with exponential backoff and jitter ([`Pacer`]).
//! - **HTTP** goes through the [`HttpClient`] trait; [`UreqClient`] (feature `ureq`, on by
//!   default) is ureq with rustls.
//! - **The token** ([`AccessToken`]) never shows in `Debug`, `Display`, or errors.

mod apply;
mod client;
pub mod client_id;
mod compare;
mod cv;
mod extid;
pub mod guard;
mod http;
mod identity;
mod inconsistency;
mod item;
mod ledger;
mod lock;
mod matching;
mod pace;
mod plan;
mod response;
mod section;
mod token;

pub use apply::{ApplyReport, BULK_LIMIT, Done, Failed, apply};
pub use client::{ApiError, OrcidClient, PRODUCTION_API, SANDBOX_API};
pub use compare::Change;
pub use cv::{CvItems, cv_items};
#[cfg(feature = "ureq")]
pub use http::UreqClient;
pub use http::{HttpClient, Method, ORCID_XML, Request, Response, TransportError};
pub use inconsistency::Inconsistency;
pub use item::{ItemError, LocalItem};
pub use ledger::{Ledger, LedgerEntry, LedgerError, LedgerTarget};
pub use lock::{LedgerLock, LockError};
pub use pace::{Backoff, Clock, Jitter, Pacer, RateLimit, SystemClock};
pub use plan::{
    Create, Delete, MatchedBy, Plan, PlanOptions, PlanSummary, Skipped, Unchanged, Update, plan,
};
pub use response::{BulkEntry, OrcidError, RemoteItem, ResponseError, Source};
pub use section::Section;
pub use token::{AccessToken, TOKEN_ENV, TokenError};

/// A sync that could not be planned or carried out.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// A call failed.
    #[error(transparent)]
    Api(ApiError),
    /// The ledger could not be read or written.
    #[error(transparent)]
    Ledger(LedgerError),
    /// The plan is refused by the [guard] (too many deletions, or a CV far smaller
    /// than the ledger); nothing was changed.
    #[error(transparent)]
    Refused(guard::Refusal),
    /// The ledger, the options and the record disagree.
    #[error(transparent)]
    Inconsistent(Inconsistency),
    /// The sync stopped half way; what was done is in the report and in the ledger.
    #[error("{}", interrupted(report, cause))]
    Interrupted {
        /// What was done before.
        report: Box<ApplyReport>,
        /// Why it stopped.
        cause: Box<SyncError>,
    },
}

fn interrupted(report: &ApplyReport, cause: &SyncError) -> String {
    // A write whose answer was lost may have been carried out: say so rather than claim
    // anything about the record (the next sync finds what was done, by put-code, identifiers
    // or ORCID's duplicate check).
    let lost = matches!(cause, SyncError::Api(e) if e.may_have_acted());
    let unknown = "no answer came to the last request, so ORCID may have carried it out; run \
                   the sync again to reconcile (it finds what was done instead of adding it \
                   twice)";
    if report.changed_anything() {
        let known = format!(
            "the sync stopped after {} created, {} updated, {} deleted; all of it is recorded \
             in the ledger",
            report.created.len(),
            report.updated.len(),
            report.deleted.len()
        );
        if lost {
            format!("{cause}\n{known}; {unknown}")
        } else {
            format!("{cause}\n{known}: run the sync again to finish")
        }
    } else if lost {
        format!("{cause}\n{unknown}")
    } else {
        format!("{cause}\nnothing was changed on the record")
    }
}
