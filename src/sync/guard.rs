//! The guard against mass changes: a sync refuses, before any write, a plan that deletes many
//! items at once, or that comes from a CV yielding far fewer items than the ledger records.
//!
//! Both usually mean the CV is not the CV (a file cut short, a NUL byte, the wrong file), and
//! a prune would then wipe the record. The rules:
//!
//! - **Deletions** (`--prune`): at most [`DEFAULT_MAX_DELETE`] items, or 10 % of the items
//!   this client added according to the ledger, whichever is larger.
//! - **A CV far smaller than the ledger**, with or without `--prune`: when the ledger records
//!   more than [`SHRINK_MIN_LEDGER`] items of this client still on the record and the CV
//!   matches fewer than half of them, the plan is refused even though, without `--prune`,
//!   nothing would be deleted: something is clearly wrong with the file, and whatever it
//!   yields should not be written either.
//!
//! [`PlanOptions::max_delete`](super::PlanOptions::max_delete) (`--max-delete N`) replaces
//! both bounds: up to `N` deletions, and up to `N` ledger items the CV no longer yields.

use std::collections::HashSet;

use serde::{Serialize, Serializer};

use super::ledger::LedgerTarget;
use super::plan::{Plan, PlanOptions};
use super::section::Section;

/// Deletions one sync may always make.
pub const DEFAULT_MAX_DELETE: usize = 5;

/// Below this many ledger items, a CV smaller than the ledger is not suspect.
pub const SHRINK_MIN_LEDGER: usize = 10;

/// Why a plan is refused. Nothing was changed; `--max-delete N` allows it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The plan deletes more items than one sync may.
    #[error(
        "refused: the plan deletes {planned} items, more than the {limit} one sync may delete \
         ({}); nothing was changed. If the CV is right, allow it with --max-delete {planned}",
        bound(*explicit, *ledger)
    )]
    TooManyDeletions {
        /// Deletions planned.
        planned: usize,
        /// Deletions allowed.
        limit: usize,
        /// The ledger's items of this record.
        ledger: usize,
        /// Whether the limit was given (`--max-delete`) rather than the default.
        explicit: bool,
    },
    /// The CV matches far fewer items than the ledger records.
    #[error(
        "refused: the CV now yields only {matched} of the {recorded} items the ledger records as \
         added by this client (a truncated or wrong file?); nothing was changed. If the CV is \
         right, allow it with --max-delete {lost}"
    )]
    FarFewerItems {
        /// Ledger items of this client still on the record.
        recorded: usize,
        /// Of those, the ones the CV still matches.
        matched: usize,
        /// The others.
        lost: usize,
    },
}

fn bound(explicit: bool, ledger: usize) -> String {
    if explicit {
        "--max-delete".to_owned()
    } else {
        format!(
            "{DEFAULT_MAX_DELETE}, or 10% of the {ledger} items this client added according to \
             the ledger, whichever is larger"
        )
    }
}

impl Serialize for Refusal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Checks a plan against the guard; `None` when it may be carried out.
pub(crate) fn check(plan: &Plan, target: &LedgerTarget, options: &PlanOptions) -> Option<Refusal> {
    let ledger = target.items.len();
    let limit = options
        .max_delete
        .unwrap_or_else(|| DEFAULT_MAX_DELETE.max(ledger / 10));
    if plan.delete.len() > limit {
        return Some(Refusal::TooManyDeletions {
            planned: plan.delete.len(),
            limit,
            ledger,
            explicit: options.max_delete.is_some(),
        });
    }
    // The ledger's items still on the record as this client's, but for CV items left out of
    // this sync on purpose.
    let forgotten: HashSet<(Section, u64)> = plan.forget.iter().copied().collect();
    let recorded: Vec<(Section, u64)> = target
        .items
        .iter()
        .filter(|e| !options.keep.contains(&e.id))
        .map(|e| (e.section, e.put_code))
        .filter(|k| !forgotten.contains(k))
        .collect();
    let kept: HashSet<(Section, u64)> = plan
        .update
        .iter()
        .map(|u| (u.item.section, u.put_code))
        .chain(plan.unchanged.iter().map(|u| (u.section, u.put_code)))
        .collect();
    let matched = recorded.iter().filter(|k| kept.contains(k)).count();
    let lost = recorded.len() - matched;
    let suspect = recorded.len() > SHRINK_MIN_LEDGER && matched * 2 < recorded.len();
    let allowed = options.max_delete.is_some_and(|n| lost <= n);
    (suspect && !allowed).then_some(Refusal::FarFewerItems {
        recorded: recorded.len(),
        matched,
        lost,
    })
}
