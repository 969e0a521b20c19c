//! Why a sync stops because the ledger, the options and ORCID's answers disagree about whose
//! items are this client's, or because a plan meets another client than it was made with.

use crate::types::OrcidId;

/// The ledger, `--client-id`, ORCID's answers and the plan disagree: the sync stops, before
/// any write when it can tell then. Each case keeps the ids it names; its message says what
/// to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Inconsistency {
    /// The ledger names a client, but ORCID says the items it lists were added by others
    /// (an earlier sync with a wrong `--client-id`).
    #[error(
        "the ledger names client {ledger}, but ORCID says the items it lists were added by {}: \
         the ledger is wrong (an earlier sync with a wrong --client-id?); move it away and sync \
         again to rebuild it",
        sources.join(", ")
    )]
    LedgerClient {
        /// The client the ledger names.
        ledger: String,
        /// The sources of the items it lists, as ORCID names them.
        sources: Vec<String>,
    },
    /// The ledger lists items of several clients.
    #[error(
        "the ledger lists items of several clients ({}); move it away and sync again to \
         rebuild it",
        sources.join(", ")
    )]
    SeveralClients {
        /// The sources of the items it lists.
        sources: Vec<String>,
    },
    /// `--client-id` differs from the client that ORCID's answers to earlier syncs name.
    #[error(
        "--client-id {given} was given, but ORCID's answers to earlier syncs (the source of \
         the items the ledger lists) name this token's client {confirmed}; a token of one \
         client cannot change the items of another: check --client-id and the token"
    )]
    GivenClientId {
        /// The `--client-id` given.
        given: String,
        /// The client ORCID's answers name.
        confirmed: String,
    },
    /// `--client-id` differs from the client that this sync's first answer names.
    #[error(
        "--client-id {given} was given, but ORCID's answer names this token's client \
         {answered} (the source of what it just added or found); the sync stopped there, and \
         the ledger keeps {answered}: run it again without --client-id (or with --client-id \
         {answered}) to finish"
    )]
    AnsweredClientId {
        /// The `--client-id` given.
        given: String,
        /// The client ORCID's answer names.
        answered: String,
    },
    /// ORCID's answer names another client than the one the ledger holds.
    #[error(
        "ORCID's answer names client {answered} as the source of what this token just added \
         or found, but the ledger says the client is {ledger}: the ledger is wrong; the sync \
         stopped (move the ledger away and sync again to rebuild it)"
    )]
    AnswerAgainstLedger {
        /// The client ORCID's answer names.
        answered: String,
        /// The client the ledger holds.
        ledger: String,
    },
    /// The plan was made for another record or API than the client it is applied with.
    #[error(
        "the plan is for {plan_orcid} at {plan_api}, the client for {client_orcid} at {client_api}"
    )]
    OtherTarget {
        /// The plan's record.
        plan_orcid: OrcidId,
        /// The plan's API.
        plan_api: String,
        /// The client's record.
        client_orcid: OrcidId,
        /// The client's API.
        client_api: String,
    },
}
