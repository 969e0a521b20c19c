//! Whose items are this client's: the API client id of the token, as ORCID's answers show it.
//!
//! ORCID's Member API has no call that names the client of a token; its answers do: every item
//! carries its `source`, and the items a client added are those ORCID created for its writes.
//! So the client id is taken only from those answers, never from what the user says:
//!
//! - **before any write**, from the sources of the items the ledger lists (the ledger holds
//!   only put-codes that ORCID gave this client's writes), else from the ledger's client id
//!   (learnt from such answers by an earlier sync);
//! - **during a sync**, from the answer to its first write: the source of the works in a bulk
//!   answer, of an item read back after a POST, or of the item ORCID names as this client's
//!   duplicate (409, error 9021).
//!
//! `--client-id` ([`PlanOptions::client_id`](super::PlanOptions::client_id)) is only
//! checked against these: a disagreement stops the sync (before any write when the ledger
//! knows the client; at the first answer otherwise), and an id ORCID has not confirmed is never
//! used to match items nor stored in the ledger. A ledger whose client id contradicts the
//! sources of its own items (written by an older vitae with a wrong `--client-id`) stops the
//! sync too, before any write.

use std::collections::BTreeSet;

use super::SyncError;
use super::ledger::LedgerTarget;
use super::response::RemoteItem;

/// The client id ORCID's answers confirm, if any.
///
/// # Errors
/// [`SyncError::Inconsistent`] when the ledger's items come from several clients, when the
/// ledger's client id is not the source of its items, or when `given` differs from the
/// confirmed id.
pub(crate) fn confirmed(
    given: Option<&str>,
    target: &LedgerTarget,
    remote: &[RemoteItem],
) -> Result<Option<String>, SyncError> {
    let sources: BTreeSet<&str> = target
        .items
        .iter()
        .filter_map(|e| {
            remote
                .iter()
                .find(|r| r.section == e.section && r.put_code == e.put_code)
                .and_then(|r| r.source.client_id())
        })
        .collect();
    let known = target.client_id.as_deref();
    let confirmed = match known {
        // The ledger's id is the source of some of its items (any others are entries that
        // wrongly claim other sources' items: forgotten by the plan).
        Some(k) if sources.is_empty() || sources.contains(k) => Some(k.to_owned()),
        Some(k) => {
            return Err(SyncError::Inconsistent(format!(
                "the ledger names client {k}, but ORCID says the items it lists were added by {}: \
                 the ledger is wrong (an earlier sync with a wrong --client-id?); move it away \
                 and sync again to rebuild it",
                sources.into_iter().collect::<Vec<_>>().join(", ")
            )));
        }
        None => match sources.len() {
            0 => None,
            1 => sources.into_iter().next().map(str::to_owned),
            _ => {
                return Err(SyncError::Inconsistent(format!(
                    "the ledger lists items of several clients ({}); move it away and sync again \
                     to rebuild it",
                    sources.into_iter().collect::<Vec<_>>().join(", ")
                )));
            }
        },
    };
    if let (Some(g), Some(c)) = (given, &confirmed)
        && g != c
    {
        return Err(SyncError::Inconsistent(format!(
            "--client-id {g} was given, but ORCID's answers to earlier syncs (the source of \
                 the items the ledger lists) name this token's client {c}; a token of one client \
                 cannot change the items of another: check --client-id and the token"
        )));
    }
    Ok(confirmed)
}

/// The error when the first answer of a sync names another client than `--client-id`.
pub(crate) fn contradicted(given: &str, answered: &str) -> SyncError {
    SyncError::Inconsistent(format!(
        "--client-id {given} was given, but ORCID's answer names this token's client \
         {answered} (the source of what it just added or found); the sync stopped there, and the \
         ledger keeps {answered}: run it again without --client-id (or with --client-id \
         {answered}) to finish"
    ))
}
