//! Planning a sync: read the record, match its items to the CV's, decide what to create,
//! update, delete or leave alone.
//!
//! Matching ([`matching`](super::matching)) is only ever against items this client added: by
//! the ledger's put-code when the record's item is still the same item, the CV's put-code,
//! a shared `self` external id, the same details (title, type and year; organization, role
//! and start date), the ledger's put-code after an edit, `source-work-id`, a near-identical
//! title. An item whose identifiers conflict with a record item's is never written over it;
//! a CV item that several record items fit equally is skipped, not created again.
//!
//! Items of other sources are never matched: they are listed as remote-only and left alone.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

use serde::{Serialize, Serializer};

use super::SyncError;
use super::client::{ApiError, OrcidClient};
use super::client_id;
use super::compare::{self, Change};
use super::guard::{self, Refusal};
use super::http::HttpClient;
use super::item::LocalItem;
use super::ledger::{Ledger, LedgerTarget};
use super::matching;
use super::response::RemoteItem;
use super::section::Section;
use crate::orcid::doc;
use crate::types::{ItemId, OrcidId};

/// Options of a plan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanOptions {
    /// Delete items this client added that the CV no longer has.
    pub prune: bool,
    /// The API client id the user expects for the token (`APP-…`): only checked against
    /// ORCID's answers, which alone decide whose items are this client's (see
    /// [`client_id`](super::client_id)).
    pub client_id: Option<String>,
    /// CV items left out of this sync (ORCID would refuse them as they are): their items on
    /// the record, as the ledger knows them, are neither matched nor deleted.
    pub keep: BTreeSet<ItemId>,
    /// The most items one sync may delete, and the most ledger items the CV may no longer
    /// yield (`--max-delete`); `None` for the defaults of the [guard](super::guard): 5
    /// deletions or 10 % of the ledger's items, and a refusal when the CV matches fewer than
    /// half of the ledger's items (more than 10 of them).
    pub max_delete: Option<usize>,
}

impl PlanOptions {
    /// Options with `prune` set.
    pub fn with_prune(mut self, prune: bool) -> Self {
        self.prune = prune;
        self
    }

    /// Options with the client id.
    pub fn with_client_id(mut self, client_id: Option<String>) -> Self {
        self.client_id = client_id;
        self
    }

    /// Options with the bound of the [guard](super::guard) (`--max-delete N`).
    pub fn with_max_delete(mut self, max_delete: Option<usize>) -> Self {
        self.max_delete = max_delete;
        self
    }

    /// Options keeping the record's items of these CV items as they are.
    pub fn with_keep(mut self, ids: impl IntoIterator<Item = ItemId>) -> Self {
        self.keep.extend(ids);
        self
    }
}

/// How a CV item was matched to an item on the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchedBy {
    /// The put-code in the ledger.
    PutCode,
    /// The put-code the CV holds (an item imported from ORCID).
    CvPutCode,
    /// A shared `self` external id (normalised `type:value`).
    ExternalId(String),
    /// The remote item's `source-work-id` is the CV item's id.
    SourceWorkId,
    /// A near-identical title.
    Title,
    /// The same details: the named fields (title, type and year; organization, role and
    /// start date).
    Details(&'static str),
}

impl std::fmt::Display for MatchedBy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MatchedBy::PutCode => f.write_str("put-code in the ledger"),
            MatchedBy::CvPutCode => f.write_str("put-code in the CV"),
            MatchedBy::ExternalId(k) => write!(f, "external id {k}"),
            MatchedBy::SourceWorkId => f.write_str("source-work-id"),
            MatchedBy::Title => f.write_str("title"),
            MatchedBy::Details(fields) => f.write_str(fields),
        }
    }
}

impl Serialize for MatchedBy {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A CV item to add.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Create {
    /// The item.
    #[serde(flatten)]
    pub item: LocalItem,
    /// Why it is added again, when it was on the record before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A CV item whose record item changes.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Update {
    /// The item.
    #[serde(flatten)]
    pub item: LocalItem,
    /// The put-code on the record.
    pub put_code: u64,
    /// How it was matched.
    pub matched_by: MatchedBy,
    /// What changes.
    pub changes: Vec<Change>,
}

/// A CV item already on the record as it is.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Unchanged {
    /// Its section.
    #[serde(serialize_with = "super::section::serialize")]
    pub section: Section,
    /// The CV item's id.
    pub id: ItemId,
    /// Its title.
    pub title: String,
    /// The put-code on the record.
    pub put_code: u64,
    /// How it was matched.
    pub matched_by: MatchedBy,
    /// The content hash, for the ledger.
    #[serde(skip)]
    pub(crate) hash: String,
    /// Whether the ledger must learn (or re-learn) it.
    #[serde(skip)]
    pub(crate) record: bool,
}

/// An item this client added that the CV no longer has (with `prune`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Delete {
    /// The item on the record.
    #[serde(flatten)]
    pub remote: RemoteItem,
    /// The CV item's id it had, when the ledger knows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<ItemId>,
}

/// A CV item that cannot be synced as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Skipped {
    /// Its section.
    #[serde(serialize_with = "super::section::serialize")]
    pub section: Section,
    /// The CV item's id.
    pub id: ItemId,
    /// Its title.
    pub title: String,
    /// Why.
    pub reason: String,
}

/// The counts of a plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct PlanSummary {
    /// Items to add.
    pub create: usize,
    /// Items to change.
    pub update: usize,
    /// Items to delete.
    pub delete: usize,
    /// Items already right.
    pub unchanged: usize,
    /// Items of this client not in the CV, kept.
    pub orphans: usize,
    /// Items of other sources, left alone.
    pub remote_only: usize,
    /// CV items that cannot be synced.
    pub skipped: usize,
}

/// What a sync will do. Nothing is changed until [`apply`](super::apply) carries it out.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Plan {
    /// The API URL.
    pub api: String,
    /// The record.
    pub orcid: OrcidId,
    /// The API client id of the token, when ORCID's answers confirm it.
    pub client_id: Option<String>,
    /// Whether items of this client that the CV no longer has are deleted.
    pub prune: bool,
    /// The counts.
    pub summary: PlanSummary,
    /// CV items to add.
    pub create: Vec<Create>,
    /// CV items whose record item changes.
    pub update: Vec<Update>,
    /// Items of this client to delete (with `prune`).
    pub delete: Vec<Delete>,
    /// CV items already on the record as they are.
    pub unchanged: Vec<Unchanged>,
    /// Items of this client that the CV does not have, kept (without `prune`).
    pub orphans: Vec<RemoteItem>,
    /// Items of other sources, left alone.
    pub remote_only: Vec<RemoteItem>,
    /// CV items that cannot be synced.
    pub skipped: Vec<Skipped>,
    /// Remarks for the user.
    pub notes: Vec<String>,
    /// Why the plan may not be carried out (the [guard](super::guard)): [`apply`](super::apply)
    /// refuses it before any write.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<Refusal>,
    /// The `--client-id` given, checked against ORCID's first answer when the client id is
    /// not confirmed yet.
    #[serde(skip)]
    pub(crate) expected_client_id: Option<String>,
    /// Ledger entries whose items are gone from the record.
    #[serde(skip)]
    pub(crate) forget: Vec<(Section, u64)>,
    /// The options' `keep`.
    #[serde(skip)]
    pub(crate) keep: BTreeSet<ItemId>,
}

impl Plan {
    /// Whether the plan changes nothing on the record.
    pub fn is_empty(&self) -> bool {
        self.create.is_empty() && self.update.is_empty() && self.delete.is_empty()
    }

    /// The plan as pretty JSON, for tools.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// The plan for people: one line per change, with what changes for updates; counts of
    /// the rest.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let client = self
            .client_id
            .as_deref()
            .map(|c| format!(" as client {c}"))
            .unwrap_or_default();
        let _ = writeln!(out, "ORCID record {} at {}{client}", self.orcid, self.api);
        for c in &self.create {
            let _ = writeln!(
                out,
                "create     {:<17} {}  {}",
                c.item.section.path_segment(),
                c.item.id,
                c.item.title
            );
            if let Some(n) = &c.note {
                let _ = writeln!(out, "             ({n})");
            }
        }
        for u in &self.update {
            let _ = writeln!(
                out,
                "update     {:<17} {}  put-code {} (matched by {})",
                u.item.section.path_segment(),
                u.item.id,
                u.put_code,
                u.matched_by
            );
            const SHOWN: usize = 6;
            for ch in u.changes.iter().take(SHOWN) {
                let _ = writeln!(out, "             {ch}");
            }
            if u.changes.len() > SHOWN {
                let _ = writeln!(out, "             … and {} more", u.changes.len() - SHOWN);
            }
        }
        for d in &self.delete {
            let id = d.id.as_ref().map(|i| format!("{i}  ")).unwrap_or_default();
            let _ = writeln!(
                out,
                "delete     {:<17} {id}put-code {}  {}",
                d.remote.section.path_segment(),
                d.remote.put_code,
                d.remote.title
            );
        }
        for o in &self.orphans {
            let _ = writeln!(
                out,
                "keep       {:<17} put-code {}  {}  (added by this client, not in the CV; --prune deletes it)",
                o.section.path_segment(),
                o.put_code,
                o.title
            );
        }
        for s in &self.skipped {
            let _ = writeln!(
                out,
                "skip       {:<17} {}  {}: {}",
                s.section.path_segment(),
                s.id,
                s.title,
                s.reason
            );
        }
        if !self.remote_only.is_empty() {
            let _ = writeln!(
                out,
                "remote-only (other sources, left alone): {}",
                self.remote_only.len()
            );
            for r in &self.remote_only {
                let _ = writeln!(
                    out,
                    "  {:<17} put-code {}  {}  [{}]",
                    r.section.path_segment(),
                    r.put_code,
                    r.title,
                    r.source.describe()
                );
            }
        }
        for n in &self.notes {
            let _ = writeln!(out, "note: {n}");
        }
        let s = &self.summary;
        let _ = writeln!(
            out,
            "plan: {} to create, {} to update, {} to delete, {} unchanged, {} kept, {} remote-only, {} skipped",
            s.create, s.update, s.delete, s.unchanged, s.orphans, s.remote_only, s.skipped
        );
        out
    }
}

/// Reads the record and plans the sync of `items` (the CV's public items) to it.
///
/// ```no_run
/// use vitae::sync::{self, AccessToken, Ledger, OrcidClient, PlanOptions, SANDBOX_API};
/// let cv = vitae::from_path(std::path::Path::new("cv.yaml")).map_err(|r| r.to_string())?.cv;
/// let items = sync::cv_items(&cv)?.items;
/// let token = AccessToken::from_file_or_env(None)?;
/// let mut client = OrcidClient::with_ureq(SANDBOX_API, "0000-0002-1825-0097".parse()?, token)?;
/// let mut ledger = Ledger::open(&Ledger::default_path("cv.yaml".as_ref()))?;
/// let plan = sync::plan(&mut client, &items, &ledger, &PlanOptions::default())?;
/// print!("{}", plan.to_text());
/// let report = sync::apply(&mut client, &plan, &mut ledger)?;
/// assert!(report.failed.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// When the record cannot be read (token, network, server), or the ledger and the record
/// disagree about who this client is.
pub fn plan(
    client: &mut OrcidClient<impl HttpClient>,
    items: &[LocalItem],
    ledger: &Ledger,
    options: &PlanOptions,
) -> Result<Plan, SyncError> {
    let mut plan = plan_with(client, items, ledger, options, &HashSet::new())?;
    let empty = LedgerTarget::new(client.api(), client.orcid().clone());
    let target = ledger
        .target(client.api(), client.orcid())
        .unwrap_or(&empty);
    plan.refused = guard::check(&plan, target, options);
    Ok(plan)
}

/// [`plan`], leaving alone the items at `reserved` put-codes (they belong to CV items that
/// are not in `items`).
pub(crate) fn plan_with(
    client: &mut OrcidClient<impl HttpClient>,
    items: &[LocalItem],
    ledger: &Ledger,
    options: &PlanOptions,
    reserved: &HashSet<(Section, u64)>,
) -> Result<Plan, SyncError> {
    let mut remote: Vec<RemoteItem> = Vec::new();
    for section in Section::SYNCED {
        remote.extend(client.summaries(section)?);
    }
    let empty = LedgerTarget::new(client.api(), client.orcid().clone());
    let target = ledger
        .target(client.api(), client.orcid())
        .unwrap_or(&empty);
    let mut notes = Vec::new();
    let client_id = client_id::confirmed(options.client_id.as_deref(), target, &remote)?;
    if client_id.is_none() && !remote.is_empty() {
        notes.push(
            "the API client id of this token is not known yet (no earlier sync in the ledger): \
             items on the record are all treated as other sources'; an item this client added \
             before is found again when ORCID reports it as a duplicate"
                .to_owned(),
        );
    }
    if let (None, Some(given)) = (&client_id, &options.client_id) {
        notes.push(format!(
            "--client-id {given} is not confirmed by ORCID yet: it is checked against the first \
             answer that names this client, and the sync stops there if they differ"
        ));
    }
    let remote_at = |section: Section, pc: u64| {
        remote
            .iter()
            .find(|r| r.section == section && r.put_code == pc)
    };
    let kept: HashSet<(Section, u64)> = target
        .items
        .iter()
        .filter(|e| options.keep.contains(&e.id))
        .map(|e| (e.section, e.put_code))
        .collect();
    if !kept.is_empty() {
        notes.push(format!(
            "{} item(s) of this client belong to CV items left out of this sync: kept as they are",
            kept.len()
        ));
    }
    let (own, others): (Vec<&RemoteItem>, Vec<&RemoteItem>) = remote
        .iter()
        .filter(|r| {
            !reserved.contains(&(r.section, r.put_code)) && !kept.contains(&(r.section, r.put_code))
        })
        .partition(|r| client_id.is_some() && r.source.client_id() == client_id.as_deref());

    // Ledger entries that no longer point at an item of this client.
    let mut forget = Vec::new();
    let mut gone: HashMap<(Section, ItemId), u64> = HashMap::new();
    for e in &target.items {
        match remote_at(e.section, e.put_code) {
            None => {
                forget.push((e.section, e.put_code));
                gone.insert((e.section, e.id.clone()), e.put_code);
            }
            Some(r) if client_id.is_some() && r.source.client_id() != client_id.as_deref() => {
                notes.push(format!(
                    "the ledger lists {} put-code {} for {}, but another source added it: \
                     forgotten",
                    e.section.path_segment(),
                    e.put_code,
                    e.id
                ));
                forget.push((e.section, e.put_code));
            }
            Some(_) => {}
        }
    }

    // CV items that would be duplicates of each other on ORCID.
    let mut skipped = Vec::new();
    let mut first_with_key: HashMap<(Section, String), &ItemId> = HashMap::new();
    let mut active: Vec<&LocalItem> = Vec::new();
    for item in items {
        let dup = item.keys.iter().find_map(|k| {
            first_with_key
                .get(&(item.section, k.clone()))
                .map(|f| (k.clone(), *f))
        });
        if let Some((key, first)) = dup {
            skipped.push(Skipped {
                section: item.section,
                id: item.id.clone(),
                title: item.title.clone(),
                reason: format!(
                    "has the same identifier {key} as {first}; ORCID keeps one item per identifier"
                ),
            });
            continue;
        }
        for k in &item.keys {
            first_with_key.insert((item.section, k.clone()), &item.id);
        }
        active.push(item);
    }

    // Matching.
    let found = matching::match_items(&active, &own, target);
    let taken = found.taken;
    let matched = found.matched;
    for (n, reason) in found.ambiguous.into_iter().enumerate() {
        if let Some(reason) = reason {
            let item = active[n];
            skipped.push(Skipped {
                section: item.section,
                id: item.id.clone(),
                title: item.title.clone(),
                reason,
            });
        }
    }
    let mut why_new = found.notes;
    let skipped_ids: HashSet<(Section, ItemId)> =
        skipped.iter().map(|s| (s.section, s.id.clone())).collect();

    // Unchanged or update: the ledger's hash, else the record's full item.
    let mut create = Vec::new();
    let mut update = Vec::new();
    let mut unchanged = Vec::new();
    let mut to_fetch: Vec<(usize, usize, MatchedBy)> = Vec::new();
    for (n, item) in active.iter().enumerate() {
        if skipped_ids.contains(&(item.section, item.id.clone())) {
            continue;
        }
        let Some((i, by)) = matched[n].clone() else {
            let note = why_new[n].take().or_else(|| {
                gone.get(&(item.section, item.id.clone())).map(|pc| {
                    format!(
                        "put-code {pc} of an earlier sync is no longer on the record; added again"
                    )
                })
            });
            create.push(Create {
                item: (*item).clone(),
                note,
            });
            continue;
        };
        let r = own[i];
        let hash = item.hash();
        match target.by_put_code(item.section, r.put_code) {
            Some(e) if e.hash == hash => unchanged.push(Unchanged {
                section: item.section,
                id: item.id.clone(),
                title: item.title.clone(),
                put_code: r.put_code,
                matched_by: by,
                record: e.id != item.id,
                hash,
            }),
            _ => to_fetch.push((n, i, by)),
        }
    }
    let mut full: HashMap<(Section, u64), doc::Item> = HashMap::new();
    let works: Vec<u64> = to_fetch
        .iter()
        .filter(|(_, i, _)| own[*i].section == Section::Work)
        .map(|(_, i, _)| own[*i].put_code)
        .collect();
    if !works.is_empty() {
        for (r, el) in client.works(&works)? {
            full.insert((Section::Work, r.put_code), el);
        }
    }
    for (_, i, _) in &to_fetch {
        let r = own[*i];
        if r.section != Section::Work
            && let Some((_, el)) = client.item(r.section, r.put_code)?
        {
            full.insert((r.section, r.put_code), el);
        }
    }
    for (n, i, by) in to_fetch {
        let item = active[n];
        let r = own[i];
        match full.get(&(r.section, r.put_code)) {
            None => create.push(Create {
                item: item.clone(),
                note: Some(format!(
                    "put-code {} disappeared from the record while planning; added again",
                    r.put_code
                )),
            }),
            Some(el) if compare::same(el, item.sent()) => unchanged.push(Unchanged {
                section: item.section,
                id: item.id.clone(),
                title: item.title.clone(),
                put_code: r.put_code,
                matched_by: by,
                record: true,
                hash: item.hash(),
            }),
            Some(el) => update.push(Update {
                item: item.clone(),
                put_code: r.put_code,
                matched_by: by,
                changes: compare::diff(el, item.sent()),
            }),
        }
    }
    // Keep the CV's order within each list.
    let order: HashMap<(Section, &ItemId), usize> = items
        .iter()
        .enumerate()
        .map(|(n, it)| ((it.section, &it.id), n))
        .collect();
    let pos = |s: Section, id: &ItemId| order.get(&(s, id)).copied().unwrap_or(usize::MAX);
    create.sort_by_key(|c| pos(c.item.section, &c.item.id));
    update.sort_by_key(|u| pos(u.item.section, &u.item.id));
    let update = matching::order_updates(update, &own);
    unchanged.sort_by_key(|u| pos(u.section, &u.id));

    let mut delete = Vec::new();
    let mut orphans = Vec::new();
    for (i, r) in own.iter().enumerate() {
        if taken[i] {
            continue;
        }
        if options.prune {
            delete.push(Delete {
                remote: (*r).clone(),
                id: target
                    .by_put_code(r.section, r.put_code)
                    .map(|e| e.id.clone()),
            });
        } else {
            orphans.push((*r).clone());
        }
    }
    let remote_only: Vec<RemoteItem> = others.into_iter().cloned().collect();
    let summary = PlanSummary {
        create: create.len(),
        update: update.len(),
        delete: delete.len(),
        unchanged: unchanged.len(),
        orphans: orphans.len(),
        remote_only: remote_only.len(),
        skipped: skipped.len(),
    };
    Ok(Plan {
        api: client.api().to_owned(),
        orcid: client.orcid().clone(),
        client_id,
        prune: options.prune,
        summary,
        create,
        update,
        delete,
        unchanged,
        orphans,
        remote_only,
        skipped,
        notes,
        refused: None,
        expected_client_id: options.client_id.clone(),
        forget,
        keep: options.keep.clone(),
    })
}

impl From<ApiError> for SyncError {
    fn from(e: ApiError) -> Self {
        SyncError::Api(e)
    }
}
