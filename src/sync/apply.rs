//! Carrying out a plan: deletes, updates, then creates (works in bulks of at most 100), the
//! ledger saved after every successful call so that a sync stopped half way and run again
//! converges without duplicates.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::SyncError;
use super::client::{ApiError, OrcidClient};
use super::client_id;
use super::compare;
use super::http::HttpClient;
use super::identity;
use super::inconsistency::Inconsistency;
use super::item::{LocalItem, bulk_document};
use super::ledger::{Ledger, LedgerEntry};
use super::plan::{self, Create, Plan, PlanOptions};
use super::response::{BulkEntry, OrcidError, RemoteItem};
use super::section::Section;
use crate::orcid::doc;
use crate::types::{ItemId, OrcidId};

/// At most this many works in one `POST /works` (ORCID's limit).
pub const BULK_LIMIT: usize = 100;

/// One change made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Done {
    /// The section.
    #[serde(serialize_with = "super::section::serialize")]
    pub section: Section,
    /// The CV item's id, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<ItemId>,
    /// The put-code.
    pub put_code: u64,
    /// The title.
    pub title: String,
    /// A remark.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One item that could not be synced; the others went on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Failed {
    /// The section.
    #[serde(serialize_with = "super::section::serialize")]
    pub section: Section,
    /// The CV item's id, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<ItemId>,
    /// The CV field path of the item, or of the field ORCID refused when its error names one
    /// (`peer-reviews[1].group-id` for an unknown group, 9026); when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The put-code, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub put_code: Option<u64>,
    /// The title.
    pub title: String,
    /// What went wrong.
    pub error: String,
}

/// ORCID's error 9026: a peer review's `review-group-id` names no group ORCID knows.
const UNKNOWN_GROUP: u32 = 9026;

/// Where ORCID's error `code` points in the CV item at `path`: the field, when the code names
/// one, else the item.
fn field_path(path: Option<&str>, code: Option<u32>) -> Option<String> {
    let path = path?;
    Some(match code {
        Some(UNKNOWN_GROUP) => format!("{path}.group-id"),
        _ => path.to_owned(),
    })
}

/// What to do about ORCID's error `code`, when vitae knows.
fn advice(code: Option<u32>) -> &'static str {
    match code {
        Some(UNKNOWN_GROUP) => {
            "; ORCID takes a peer review only into a group that exists: a journal's group is              `issn:` and its ISSN (ORCID creates those itself), other groups (`publons:`,              `ringgold:`, `fundref:`, `orcid-generated:`) must be created first with your API              client's own credentials (a two-legged token with the scope /group-id-record/update,              POST /group-id-record), which a sync does not hold; use the group id of an existing              group, found at GET /group-id-record?name=..."
        }
        _ => "",
    }
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ApplyReport {
    /// Items added.
    pub created: Vec<Done>,
    /// Items changed.
    pub updated: Vec<Done>,
    /// Items deleted.
    pub deleted: Vec<Done>,
    /// Ledger entries learnt or corrected without a call.
    pub recorded: usize,
    /// Items that failed.
    pub failed: Vec<Failed>,
}

impl ApplyReport {
    /// Whether anything changed on the record.
    pub fn changed_anything(&self) -> bool {
        !(self.created.is_empty() && self.updated.is_empty() && self.deleted.is_empty())
    }

    /// The report for people.
    pub fn to_text(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        for (verb, list) in [
            ("created", &self.created),
            ("updated", &self.updated),
            ("deleted", &self.deleted),
        ] {
            for d in list {
                let id = d.id.as_ref().map(|i| format!("{i}  ")).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "{verb:<10} {:<17} {id}put-code {}{}",
                    d.section.path_segment(),
                    d.put_code,
                    d.note
                        .as_ref()
                        .map(|n| format!("  ({n})"))
                        .unwrap_or_default()
                );
            }
        }
        for f in &self.failed {
            let id = f.id.as_ref().map(|i| format!("{i}  ")).unwrap_or_default();
            let at = f
                .path
                .as_ref()
                .map(|p| format!(" (at {p})"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "FAILED     {:<17} {id}{}{at}: {}",
                f.section.path_segment(),
                f.title,
                f.error
            );
        }
        let _ = writeln!(
            out,
            "done: {} created, {} updated, {} deleted, {} failed",
            self.created.len(),
            self.updated.len(),
            self.deleted.len(),
            self.failed.len()
        );
        out
    }
}

fn bulk_error_message(e: &OrcidError) -> String {
    let code = e
        .error_code
        .map(|c| format!(", ORCID error {c}"))
        .unwrap_or_default();
    let status = e
        .response_code
        .map(|c| format!("HTTP {c}"))
        .unwrap_or_else(|| "refused".to_owned());
    format!(
        "ORCID rejected it ({status}{code}): {}",
        e.message().unwrap_or("no message")
    )
}

struct Applier<'a, H: HttpClient> {
    client: &'a mut OrcidClient<H>,
    ledger: &'a mut Ledger,
    api: String,
    orcid: OrcidId,
    /// The client id ORCID's answers confirm; `None` until one does.
    client_id: Option<String>,
    /// The `--client-id` given, checked against the first answer that names the client.
    expected: Option<String>,
    wanted: HashSet<(Section, ItemId)>,
    report: ApplyReport,
}

impl<H: HttpClient> Applier<'_, H> {
    fn save(&mut self) -> Result<(), SyncError> {
        self.ledger.save().map_err(SyncError::Ledger)
    }

    fn record(&mut self, item: &LocalItem, put_code: u64) -> Result<(), SyncError> {
        let t = self.ledger.target_mut(&self.api, &self.orcid);
        t.set(LedgerEntry {
            section: item.section,
            id: item.id.clone(),
            put_code,
            hash: item.hash(),
        });
        if t.client_id.is_none() {
            t.client_id.clone_from(&self.client_id);
        }
        self.save()
    }

    /// Learns the client id from ORCID's answer naming the source of an item this token
    /// added (or one ORCID calls its duplicate), keeps it in the ledger, and checks it: against
    /// the id the sync already had, and against `--client-id`. A disagreement stops the sync;
    /// the given id is never stored.
    fn learn(&mut self, source: &str) -> Result<(), SyncError> {
        match &self.client_id {
            Some(known) if known == source => return Ok(()),
            Some(known) => {
                return Err(SyncError::Inconsistent(
                    Inconsistency::AnswerAgainstLedger {
                        answered: source.to_owned(),
                        ledger: known.clone(),
                    },
                ));
            }
            None => {}
        }
        self.client_id = Some(source.to_owned());
        let t = self.ledger.target_mut(&self.api, &self.orcid);
        if t.client_id.is_none() {
            t.client_id = Some(source.to_owned());
        }
        self.save()?;
        match &self.expected {
            Some(given) if given != source => Err(client_id::contradicted(given, source)),
            _ => Ok(()),
        }
    }

    fn done(item: &LocalItem, put_code: u64, note: Option<String>) -> Done {
        Done {
            section: item.section,
            id: Some(item.id.clone()),
            put_code,
            title: item.title.clone(),
            note,
        }
    }

    fn fail(&mut self, item: &LocalItem, put_code: Option<u64>, error: String) {
        self.fail_at(item, put_code, None, error);
    }

    /// An item that failed with ORCID's error `code`, reported at the field the code names.
    fn fail_at(
        &mut self,
        item: &LocalItem,
        put_code: Option<u64>,
        code: Option<u32>,
        error: String,
    ) {
        self.report.failed.push(Failed {
            section: item.section,
            id: Some(item.id.clone()),
            path: field_path(item.path.as_deref(), code),
            put_code,
            title: item.title.clone(),
            error,
        });
    }

    /// An item-level error is reported and the sync goes on; any other error stops it.
    fn item_error(
        &mut self,
        item: &LocalItem,
        put_code: Option<u64>,
        e: ApiError,
    ) -> Result<(), SyncError> {
        if e.is_about_item() {
            let code = e.error_code();
            self.fail_at(item, put_code, code, format!("{e}{}", advice(code)));
            Ok(())
        } else {
            Err(e.into())
        }
    }

    fn delete(&mut self, remote: &RemoteItem, id: Option<&ItemId>) -> Result<(), SyncError> {
        let note = match self.client.delete(remote.section, remote.put_code) {
            Ok(()) => None,
            Err(e) if e.status() == Some(404) => Some("already gone".to_owned()),
            Err(e) if e.is_about_item() => {
                self.report.failed.push(Failed {
                    section: remote.section,
                    id: id.cloned(),
                    path: None,
                    put_code: Some(remote.put_code),
                    title: remote.title.clone(),
                    error: e.to_string(),
                });
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        };
        self.ledger
            .target_mut(&self.api, &self.orcid)
            .remove_put_code(remote.section, remote.put_code);
        self.save()?;
        self.report.deleted.push(Done {
            section: remote.section,
            id: id.cloned(),
            put_code: remote.put_code,
            title: remote.title.clone(),
            note,
        });
        Ok(())
    }

    fn update(&mut self, item: &LocalItem, put_code: u64) -> Result<(), SyncError> {
        match self
            .client
            .update(item.section, put_code, &item.xml_for_put(put_code))
        {
            Ok(()) => {
                self.record(item, put_code)?;
                self.report.updated.push(Self::done(item, put_code, None));
                Ok(())
            }
            Err(e) if e.status() == Some(404) => {
                self.ledger
                    .target_mut(&self.api, &self.orcid)
                    .remove_put_code(item.section, put_code);
                self.save()?;
                self.create_one(
                    item,
                    Some(format!(
                        "put-code {put_code} was gone from the record; added again"
                    )),
                )
            }
            Err(e) if e.error_code() == Some(9010) => {
                self.ledger
                    .target_mut(&self.api, &self.orcid)
                    .remove_put_code(item.section, put_code);
                self.save()?;
                self.fail(item, Some(put_code), e.to_string());
                Ok(())
            }
            Err(e) => self.item_error(item, Some(put_code), e),
        }
    }

    fn create_one(&mut self, item: &LocalItem, note: Option<String>) -> Result<(), SyncError> {
        match self.client.create(item.section, item.xml()) {
            Ok(pc) => {
                self.record(item, pc)?;
                self.report.created.push(Self::done(item, pc, note));
                Ok(())
            }
            Err(e) if e.status() == Some(409) && e.error_code() == Some(9021) => {
                let named = e.orcid_error().and_then(OrcidError::duplicate_put_code);
                self.resolve_duplicate(item, named, None)
            }
            Err(e) => self.item_error(item, None, e),
        }
    }

    fn create_works(&mut self, works: &[&LocalItem]) -> Result<(), SyncError> {
        let doc = bulk_document(works.iter().copied());
        let entries = match self.client.create_works(&doc, works.len()) {
            Ok(e) => e,
            Err(e) if e.is_about_item() => {
                for w in works {
                    self.fail(w, None, e.to_string());
                }
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        };
        let mut duplicates: Vec<(&LocalItem, Option<u64>)> = Vec::new();
        let mut sources: Vec<String> = Vec::new();
        let t = self.ledger.target_mut(&self.api, &self.orcid);
        for (item, entry) in works.iter().zip(entries) {
            match entry {
                BulkEntry::Work(w) => {
                    if let Some(src) = w.source.client_id()
                        && !sources.iter().any(|s| s == src)
                    {
                        sources.push(src.to_owned());
                    }
                    t.set(LedgerEntry {
                        section: Section::Work,
                        id: item.id.clone(),
                        put_code: w.put_code,
                        hash: item.hash(),
                    });
                    self.report.created.push(Self::done(item, w.put_code, None));
                }
                BulkEntry::Error(e) if e.error_code == Some(9021) => {
                    duplicates.push((item, e.duplicate_put_code()));
                }
                BulkEntry::Error(e) => self.report.failed.push(Failed {
                    section: Section::Work,
                    id: Some(item.id.clone()),
                    path: field_path(item.path.as_deref(), e.error_code),
                    put_code: None,
                    title: item.title.clone(),
                    error: bulk_error_message(&e),
                }),
            }
        }
        // The works ORCID created are on the record whoever the client is: recorded first, then
        // the source the answer names is learnt (and checked).
        self.save()?;
        for src in sources {
            self.learn(&src)?;
        }
        let named: Vec<u64> = duplicates.iter().filter_map(|(_, pc)| *pc).collect();
        let mut fetched: HashMap<u64, (RemoteItem, doc::Item)> = HashMap::new();
        if !named.is_empty() {
            for (r, el) in self.client.works(&named)? {
                fetched.insert(r.put_code, (r, el));
            }
        }
        for (item, pc) in duplicates {
            let pre = pc.and_then(|p| fetched.remove(&p));
            self.resolve_duplicate(item, pc, pre)?;
        }
        Ok(())
    }

    /// ORCID says this client already has an item with the same `self` id (409, 9021): find
    /// it (the put-code ORCID names, else by identifiers), then record it, or update it when
    /// it differs.
    fn resolve_duplicate(
        &mut self,
        item: &LocalItem,
        named: Option<u64>,
        prefetched: Option<(RemoteItem, doc::Item)>,
    ) -> Result<(), SyncError> {
        let found = match (named, prefetched) {
            (_, Some(x)) => Some(x),
            (Some(pc), None) => self.client.item(item.section, pc)?,
            (None, None) => {
                let keys = &item.keys;
                let own = self.client_id.clone();
                let candidates: Vec<u64> = self
                    .client
                    .summaries(item.section)?
                    .into_iter()
                    .filter(|r| {
                        r.keys.iter().any(|k| keys.contains(k))
                            && match (&own, r.source.client_id()) {
                                (Some(o), Some(s)) => o == s,
                                (None, s) => s.is_some(),
                                (Some(_), None) => false,
                            }
                    })
                    .map(|r| r.put_code)
                    .collect();
                match candidates[..] {
                    [pc] => self.client.item(item.section, pc)?,
                    _ => None,
                }
            }
        };
        let Some((remote, el)) = found else {
            self.fail(
                item,
                named,
                "ORCID reports an item of this client with the same identifier (409, error \
                 9021), but it cannot be found on the record"
                    .to_owned(),
            );
            return Ok(());
        };
        let pc = remote.put_code;
        match remote.source.client_id() {
            // ORCID matches duplicates only among the items of the client that posts: the
            // item it names is this client's.
            Some(src) => self.learn(src)?,
            None => {
                self.fail(
                    item,
                    Some(pc),
                    format!("ORCID names put-code {pc} as the duplicate, but no client added it"),
                );
                return Ok(());
            }
        }
        if let Some(other) = self
            .ledger
            .target_mut(&self.api, &self.orcid)
            .by_put_code(item.section, pc)
            .map(|e| e.id.clone())
            && other != item.id
            && self.wanted.contains(&(item.section, other.clone()))
        {
            self.fail(
                item,
                Some(pc),
                format!("ORCID takes it for a duplicate of {other} (put-code {pc})"),
            );
            return Ok(());
        }
        if compare::same(&el, item.sent()) {
            self.record(item, pc)?;
            self.report.recorded += 1;
            return Ok(());
        }
        match self.client.update(item.section, pc, &item.xml_for_put(pc)) {
            Ok(()) => {
                self.record(item, pc)?;
                self.report.updated.push(Self::done(
                    item,
                    pc,
                    Some("was already on the record (ORCID duplicate check)".to_owned()),
                ));
                Ok(())
            }
            Err(e) => self.item_error(item, Some(pc), e),
        }
    }

    /// Deletes the item this sync just added (`done`) when it turns out to be a second copy of
    /// an item this client added before: every CV item looked like something on the record, so
    /// the first had to be added to learn whose items are this client's. Returns whether it
    /// was deleted (the CV item is then planned again, and finds the earlier copy).
    fn undo_second_copy(
        &mut self,
        create: &Create,
        done: &Done,
        plan: &Plan,
    ) -> Result<bool, SyncError> {
        let Some(own) = self.client_id.as_deref() else {
            return Ok(false);
        };
        let earlier: Vec<RemoteItem> = plan
            .remote_only
            .iter()
            .filter(|r| r.source.client_id() == Some(own))
            .cloned()
            .collect();
        let Some(like) = lookalike(&create.item, &earlier) else {
            return Ok(false);
        };
        // The item just added, described as the earlier one is (its put-code is its own).
        let copy = RemoteItem {
            put_code: done.put_code,
            ..like.clone()
        };
        let deleted_before = self.report.deleted.len();
        self.delete(&copy, Some(&create.item.id))?;
        let Some(d) = self.report.deleted.get_mut(deleted_before) else {
            return Ok(false);
        };
        d.note = Some(
            "added to learn whose items are this client's (the ledger was lost), then found to \
             be a second copy of an item this client added before: removed"
                .to_owned(),
        );
        Ok(true)
    }

    /// Learns the client id from an item this client just added.
    fn learn_client_id(&mut self, section: Section, put_code: u64) -> Result<(), SyncError> {
        if self.client_id.is_none()
            && let Some((r, _)) = self.client.item(section, put_code)?
            && let Some(src) = r.source.client_id()
        {
            self.learn(src)?;
        }
        Ok(())
    }

    /// Records the unchanged items the ledger must learn, and forgets stale entries.
    fn prepare(&mut self, plan: &Plan) -> Result<(), SyncError> {
        let t = self.ledger.target_mut(&self.api, &self.orcid);
        if t.client_id.is_none() {
            t.client_id.clone_from(&self.client_id);
        }
        for (s, pc) in &plan.forget {
            t.remove_put_code(*s, *pc);
        }
        for u in plan.unchanged.iter().filter(|u| u.record) {
            t.set(LedgerEntry {
                section: u.section,
                id: u.id.clone(),
                put_code: u.put_code,
                hash: u.hash.clone(),
            });
            self.report.recorded += 1;
        }
        self.save()
    }

    fn create_all(&mut self, creates: &[&Create]) -> Result<(), SyncError> {
        let works: Vec<&LocalItem> = creates
            .iter()
            .filter(|c| c.item.section == Section::Work)
            .map(|c| &c.item)
            .collect();
        for chunk in works.chunks(BULK_LIMIT) {
            self.create_works(chunk)?;
        }
        for c in creates.iter().filter(|c| c.item.section != Section::Work) {
            self.create_one(&c.item, c.note.clone())?;
        }
        Ok(())
    }

    fn run(&mut self, plan: &Plan) -> Result<(), SyncError> {
        self.prepare(plan)?;
        for d in &plan.delete {
            self.delete(&d.remote, d.id.as_ref())?;
        }
        for u in &plan.update {
            self.update(&u.item, u.put_code)?;
        }
        let creates: Vec<&Create> = plan.create.iter().collect();
        if self.client_id.is_some() || creates.is_empty() {
            return self.create_all(&creates);
        }
        // The client id is unknown (no ledger yet, or a lost one), so the plan could not tell
        // this client's items on the record from others'. The first call that adds something
        // teaches it (the bulk answer names the source; a single item is read back); then
        // the rest is planned again, so that items this client added before are found
        // instead of duplicated (affiliations without identifiers get no 409 from ORCID).
        let first_works = creates
            .iter()
            .filter(|c| c.item.section == Section::Work)
            .take(BULK_LIMIT)
            .count();
        let (first, rest): (Vec<&Create>, Vec<&Create>) = if first_works > 0 {
            let mut n = 0;
            creates.iter().partition(|c| {
                let take = c.item.section == Section::Work && n < first_works;
                if take {
                    n += 1;
                }
                take
            })
        } else {
            // No work, so no duplicate check of ORCID's: first an item that looks like nothing
            // on the record, which cannot be a second copy of one this client added before.
            let i = creates
                .iter()
                .position(|c| lookalike(&c.item, &plan.remote_only).is_none())
                .unwrap_or(0);
            let mut rest = creates.clone();
            (vec![rest.remove(i)], rest)
        };
        let mut rest = rest;
        let created_before = self.report.created.len();
        self.create_all(&first)?;
        if let Some(d) = self.report.created.get(created_before).cloned() {
            self.learn_client_id(d.section, d.put_code)?;
            if first_works == 0 && self.undo_second_copy(first[0], &d, plan)? {
                rest.insert(0, first[0]);
            }
        }
        if self.client_id.is_none() || rest.is_empty() {
            return self.create_all(&rest);
        }
        let items: Vec<LocalItem> = rest.iter().map(|c| c.item.clone()).collect();
        let options = PlanOptions::default()
            .with_client_id(self.client_id.clone())
            .with_keep(plan.keep.iter().cloned());
        let reserved: HashSet<(Section, u64)> = self
            .ledger
            .target_mut(&self.api, &self.orcid)
            .items
            .iter()
            .filter(|e| self.wanted.contains(&(e.section, e.id.clone())))
            .map(|e| (e.section, e.put_code))
            .collect();
        let again = plan::plan_with(self.client, &items, self.ledger, &options, &reserved)?;
        self.prepare(&again)?;
        // Items the plan made again cannot match for sure (several of this client's items
        // fit): reported, and not created.
        for s in &again.skipped {
            self.report.failed.push(Failed {
                section: s.section,
                id: Some(s.id.clone()),
                path: None,
                put_code: None,
                title: s.title.clone(),
                error: s.reason.clone(),
            });
        }
        for u in &again.update {
            self.update(&u.item, u.put_code)?;
        }
        let creates: Vec<&Create> = again.create.iter().collect();
        self.create_all(&creates)
    }
}

/// Carries out a plan on the record, saving the ledger after every successful call.
///
/// Items the server refuses (bad data, 400; not this client's, 403) are listed in
/// [`ApplyReport::failed`] and the others go on. Errors that concern every call (token,
/// record locked, server down, network) stop the sync: the error says what was done before,
/// and the ledger has it all, so running the sync again finishes the job without
/// duplicates.
///
/// # Errors
/// [`SyncError::Interrupted`] when the sync stopped half way; [`SyncError::Refused`], before
/// any call, when the [guard](super::guard) refused the plan; [`SyncError::Inconsistent`]
/// when the plan is for another record or API than the client.
pub fn apply(
    client: &mut OrcidClient<impl HttpClient>,
    plan: &Plan,
    ledger: &mut Ledger,
) -> Result<ApplyReport, SyncError> {
    if plan.api != client.api() || plan.orcid != *client.orcid() {
        return Err(SyncError::Inconsistent(Inconsistency::OtherTarget {
            plan_orcid: plan.orcid.clone(),
            plan_api: plan.api.clone(),
            client_orcid: client.orcid().clone(),
            client_api: client.api().to_owned(),
        }));
    }
    if let Some(r) = &plan.refused {
        return Err(SyncError::Refused(r.clone()));
    }
    let wanted = plan
        .create
        .iter()
        .map(|c| (c.item.section, c.item.id.clone()))
        .chain(
            plan.update
                .iter()
                .map(|u| (u.item.section, u.item.id.clone())),
        )
        .chain(plan.unchanged.iter().map(|u| (u.section, u.id.clone())))
        .collect();
    let mut a = Applier {
        api: client.api().to_owned(),
        orcid: client.orcid().clone(),
        client,
        ledger,
        client_id: plan.client_id.clone(),
        expected: plan.expected_client_id.clone(),
        wanted,
        report: ApplyReport::default(),
    };
    match a.run(plan) {
        Ok(()) => Ok(a.report),
        Err(cause) => Err(SyncError::Interrupted {
            report: Box::new(a.report),
            cause: Box::new(cause),
        }),
    }
}

/// The record item that `item` looks like: the same section, and a shared `self` id or the
/// same details (title, type and year; organization, role and start date).
fn lookalike<'r>(item: &LocalItem, remote: &'r [RemoteItem]) -> Option<&'r RemoteItem> {
    let keys = identity::identity_keys(item.section, &item.keys);
    let details = item.details();
    remote.iter().find(|r| {
        r.section == item.section
            && (identity::share_key(&keys, &identity::identity_keys(r.section, &r.keys))
                || (details.is_some() && r.details == details))
    })
}
