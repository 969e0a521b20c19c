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
use super::inconsistency::Inconsistency;
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
            return Err(SyncError::Inconsistent(Inconsistency::LedgerClient {
                ledger: k.to_owned(),
                sources: sources.into_iter().map(str::to_owned).collect(),
            }));
        }
        None => match sources.len() {
            0 => None,
            1 => sources.into_iter().next().map(str::to_owned),
            _ => {
                return Err(SyncError::Inconsistent(Inconsistency::SeveralClients {
                    sources: sources.into_iter().map(str::to_owned).collect(),
                }));
            }
        },
    };
    if let (Some(g), Some(c)) = (given, &confirmed)
        && g != c
    {
        return Err(SyncError::Inconsistent(Inconsistency::GivenClientId {
            given: g.to_owned(),
            confirmed: c.clone(),
        }));
    }
    Ok(confirmed)
}

/// The error when the first answer of a sync names another client than `--client-id`.
pub(crate) fn contradicted(given: &str, answered: &str) -> SyncError {
    SyncError::Inconsistent(Inconsistency::AnsweredClientId {
        given: given.to_owned(),
        answered: answered.to_owned(),
    })
}
