//! Matching the CV's items to the items this client added to the record.
//!
//! Passes, in this order, each only among the items not matched yet (CV items and record
//! items of the same section):
//! 1. the put-code the ledger holds for the CV item's id, when the record's item is the same
//!    item: it shares a `self` identifier, or has the same details (title, type and year;
//!    organization, role and start date) and identifiers no other CV item has;
//! 2. the put-code the CV itself holds (an item imported from ORCID): the CV names the item,
//!    so this holds even when its identifiers changed;
//! 3. a shared `self` external id, normalised;
//! 4. the same details ([`identity::details`]): a record item that is the only one with the
//!    CV item's details is its item; when more record items have them than CV items do, and
//!    the ledger does not know them all as items of different CV ids, which is which cannot
//!    be told, and the CV items are skipped (never created twice) and the record items kept;
//! 5. the put-code the ledger holds for the CV item's id (the item was edited);
//! 6. the record item's `source-work-id` equal to the CV item's id;
//! 7. a near-identical title, the same numbers in it, the same work type; the closest one,
//!    or skipped when two are equally close (unless the ledger knows both: then the first).
//!
//! Then a cycle of works without identifiers that would trade `source-work-id`s is matched
//! by `source-work-id` ([`Matcher::untangle_source_work_ids`]), and [`order_updates`] puts
//! chains of updates in an order ORCID accepts.
//!
//! Derived ids move with an item's position among items of the same title and year
//! (`-2`, `-3`), so the ledger's id is trusted at once only when the record's item is still
//! the same item (pass 1); an item whose identifiers *conflict* with a record item's (both
//! have some, none shared) is never matched to it by any pass but the CV's own put-code, so
//! a put-code is never written over with another work.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::identity::{self, conflict, fold, share_key};
use super::item::LocalItem;
use super::ledger::LedgerTarget;
use super::plan::{MatchedBy, Update};
use super::response::RemoteItem;
use super::section::Section;
use crate::orcid::doc::ExternalId;
use crate::types::ItemId;

const TITLE_SIMILARITY: f64 = 0.9;

/// The outcome of matching.
pub(crate) struct Matching {
    /// Per CV item: the index of its record item, and how it was found.
    pub matched: Vec<Option<(usize, MatchedBy)>>,
    /// Per CV item: why it is skipped (its record item cannot be told among several).
    pub ambiguous: Vec<Option<String>>,
    /// Per CV item: why the ledger's put-code for its id was not used.
    pub notes: Vec<Option<String>>,
    /// Per record item: matched, or kept because it is one of several a CV item matches.
    pub taken: Vec<bool>,
}

struct Matcher<'a> {
    items: &'a [&'a LocalItem],
    own: &'a [&'a RemoteItem],
    /// The [`identity::identity_keys`] of each CV item and each record item.
    item_keys: Vec<BTreeSet<String>>,
    own_keys: Vec<BTreeSet<String>>,
    /// The details of each CV item.
    item_details: Vec<Option<String>>,
    /// The identity keys of all CV items, per section.
    claimed: HashMap<Section, BTreeSet<String>>,
    /// Per record item: whether the ledger lists it (for some CV id). Record items the
    /// ledger lists under different ids are known to be different items, not copies of one.
    listed: Vec<bool>,
    /// The put-code the ledger holds for each CV item.
    ledger_put_code: Vec<Option<u64>>,
    /// Record items by put-code, identity key, details and `source-work-id` (in put-code
    /// order), so that no pass compares every CV item with every record item.
    at: HashMap<(Section, u64), usize>,
    with_key: HashMap<(Section, String), Vec<usize>>,
    with_details: HashMap<(Section, &'a str), Vec<usize>>,
    with_source_work_id: HashMap<(Section, &'a str), Vec<usize>>,
    out: Matching,
}

/// The numbers in a title: two titles that differ in one ("Member 1", "Member 2") are two
/// items, however similar the rest.
fn numbers(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|w| !w.is_empty())
        .collect()
}

fn has_source_work_id(r: &RemoteItem, id: &str) -> bool {
    source_work_id(&r.external_ids) == Some(id)
}

/// The `self` `source-work-id` of an item (the writer gives one to works without other
/// identifiers: the CV id).
fn source_work_id(ids: &[ExternalId]) -> Option<&str> {
    ids.iter()
        .find(|x| x.is_type("source-work-id") && x.is_self())
        .map(|x| x.value.trim())
}

impl Matcher<'_> {
    fn open(&self, n: usize) -> bool {
        self.out.matched[n].is_none() && self.out.ambiguous[n].is_none()
    }

    /// Whether record item `i` may be this CV item's: free, same section, no conflicting
    /// identifiers.
    fn may_pair(&self, n: usize, i: usize) -> bool {
        let (item, r) = (self.items[n], self.own[i]);
        !self.out.taken[i]
            && r.section == item.section
            && !conflict(&self.item_keys[n], &self.own_keys[i])
    }

    fn pair(&mut self, n: usize, i: usize, by: MatchedBy) {
        self.out.taken[i] = true;
        self.out.matched[n] = Some((i, by));
    }

    /// The free record item at a put-code.
    fn free_at(&self, section: Section, put_code: u64) -> Option<usize> {
        self.at
            .get(&(section, put_code))
            .copied()
            .filter(|&i| !self.out.taken[i])
    }

    /// The record item at the put-code the ledger holds for CV item `n`.
    fn ledger_item(&self, n: usize) -> Option<usize> {
        self.free_at(self.items[n].section, self.ledger_put_code[n]?)
    }

    /// Pass 1 (`same`: only when the record item is still the same item) and pass 5.
    fn by_ledger(&mut self, same: bool) {
        for n in 0..self.items.len() {
            if !self.open(n) {
                continue;
            }
            let Some(i) = self.ledger_item(n) else {
                continue;
            };
            let (mine, theirs) = (&self.item_keys[n], &self.own_keys[i]);
            if conflict(mine, theirs) {
                let list = |k: &BTreeSet<String>| k.iter().cloned().collect::<Vec<_>>().join(", ");
                self.out.notes[n] = Some(format!(
                    "the ledger lists put-code {} for {}, but that item has other identifiers \
                     ({}, now {}): added as a new item rather than written over it",
                    self.own[i].put_code,
                    self.items[n].id,
                    list(theirs),
                    list(mine)
                ));
                continue;
            }
            // The same details are enough unless the record item's identifiers belong to
            // another CV item (an identifier moved from one work to another like it).
            let is_same = share_key(mine, theirs)
                || (self.item_details[n].is_some()
                    && self.item_details[n] == self.own[i].details
                    && self
                        .claimed
                        .get(&self.items[n].section)
                        .is_none_or(|c| theirs.is_disjoint(c)));
            if is_same || !same {
                self.pair(n, i, MatchedBy::PutCode);
            }
        }
    }

    /// Pass 2.
    fn by_cv_put_code(&mut self) {
        for n in 0..self.items.len() {
            let item = self.items[n];
            let Some(pc) = item.cv_put_code.filter(|_| self.open(n)) else {
                continue;
            };
            // The CV names the item itself: its identifiers may have changed with it.
            if let Some(i) = self.free_at(item.section, pc) {
                self.pair(n, i, MatchedBy::CvPutCode);
            }
        }
    }

    /// Pass 3.
    fn by_external_id(&mut self) {
        for n in 0..self.items.len() {
            if !self.open(n) {
                continue;
            }
            let mine = &self.item_keys[n];
            if mine.is_empty() {
                continue;
            }
            let section = self.items[n].section;
            let hit = mine
                .iter()
                .filter_map(|k| self.with_key.get(&(section, k.clone())))
                .flat_map(|v| v.iter().copied())
                .filter(|&i| self.may_pair(n, i))
                .min();
            let Some(i) = hit else {
                continue;
            };
            let key = mine
                .intersection(&self.own_keys[i])
                .next()
                .cloned()
                .unwrap_or_default();
            self.pair(n, i, MatchedBy::ExternalId(key));
        }
    }

    /// Pass 4: the same details.
    fn by_details(&mut self) {
        let mut groups: BTreeMap<(Section, String), Vec<usize>> = BTreeMap::new();
        for n in 0..self.items.len() {
            if self.open(n)
                && let Some(d) = self.item_details[n].clone()
            {
                groups
                    .entry((self.items[n].section, d))
                    .or_default()
                    .push(n);
            }
        }
        let mut reserved = Vec::new();
        for ((section, details), mut cv) in groups {
            let mut rec: Vec<usize> = self
                .with_details
                .get(&(section, details.as_str()))
                .map(|v| v.iter().copied().filter(|&i| !self.out.taken[i]).collect())
                .unwrap_or_default();
            if rec.is_empty() {
                continue;
            }
            let by = MatchedBy::Details(identity::details_named(section));
            // Among equals, the record item made for this very id first.
            cv.retain(|&n| {
                let id = self.items[n].id.as_str();
                let hit = rec
                    .iter()
                    .position(|&i| self.may_pair(n, i) && has_source_work_id(self.own[i], id));
                match hit {
                    Some(k) => {
                        let i = rec.remove(k);
                        self.pair(n, i, by.clone());
                        false
                    }
                    None => true,
                }
            });
            if rec.len() <= cv.len() || rec.iter().all(|&i| self.listed[i]) {
                // As many CV items as record items, or more, or record items that earlier
                // syncs made for different CV items: paired in order; the rest are new, or
                // left over.
                for n in cv {
                    if let Some(k) = rec.iter().position(|&i| self.may_pair(n, i)) {
                        let i = rec.remove(k);
                        self.pair(n, i, by.clone());
                    }
                }
                continue;
            }
            // More record items than CV items: which is which cannot be told.
            let candidates: Vec<Vec<usize>> = cv
                .iter()
                .map(|&n| {
                    rec.iter()
                        .copied()
                        .filter(|&i| self.may_pair(n, i))
                        .collect()
                })
                .collect();
            for (k, &n) in cv.iter().enumerate() {
                match candidates[k][..] {
                    [] => {}
                    [i] if candidates
                        .iter()
                        .enumerate()
                        .all(|(j, c)| j == k || !c.contains(&i)) =>
                    {
                        self.pair(n, i, by.clone());
                    }
                    _ => {
                        self.out.ambiguous[n] =
                            Some(self.ambiguity(section, &candidates[k], by.to_string()));
                        reserved.extend(candidates[k].iter().copied());
                    }
                }
            }
        }
        for i in reserved {
            self.out.taken[i] = true;
        }
    }

    fn ambiguity(&self, section: Section, candidates: &[usize], by: String) -> String {
        let codes: Vec<String> = candidates
            .iter()
            .map(|&i| self.own[i].put_code.to_string())
            .collect();
        format!(
            "{} items this client added match it by {by} ({} put-codes {}) and cannot be told \
             apart; nothing is sent for it and they are kept: give the CV item an identifier, \
             or delete the extra copies on ORCID",
            codes.len(),
            section.path_segment(),
            codes.join(", ")
        )
    }

    /// Pass 6.
    fn by_source_work_id(&mut self) {
        for n in 0..self.items.len() {
            if !self.open(n) {
                continue;
            }
            let hit = self
                .with_source_work_id
                .get(&(self.items[n].section, self.items[n].id.as_str()))
                .and_then(|v| v.iter().copied().find(|&i| self.may_pair(n, i)));
            if let Some(i) = hit {
                self.pair(n, i, MatchedBy::SourceWorkId);
            }
        }
    }

    /// The CV item whose record holds the `source-work-id` that CV item `n` is to get, when
    /// `n`'s own record holds another one.
    fn waits_for(&self) -> Vec<Option<usize>> {
        let mut holder: HashMap<(Section, &str), usize> = HashMap::new();
        for (n, m) in self.out.matched.iter().enumerate() {
            if let Some((i, _)) = m
                && let Some(swi) = source_work_id(&self.own[*i].external_ids)
            {
                holder.insert((self.own[*i].section, swi), n);
            }
        }
        (0..self.items.len())
            .map(|n| {
                let (i, _) = self.out.matched[n].as_ref()?;
                let want = source_work_id(&self.items[n].external_ids)?;
                if source_work_id(&self.own[*i].external_ids) == Some(want) {
                    return None;
                }
                holder
                    .get(&(self.items[n].section, want))
                    .copied()
                    .filter(|&m| m != n)
            })
            .collect()
    }

    /// ORCID refuses any moment at which two works of this client hold the same
    /// `source-work-id`. Works without identifiers that would trade theirs (a swap or a
    /// rotation of works of the same title and year, whose derived ids move with their
    /// position) cannot each keep its put-code by any order of updates: such a cycle is
    /// matched by `source-work-id` instead (the works have no other identifiers to keep).
    fn untangle_source_work_ids(&mut self) {
        let next = self.waits_for();
        let mut state = vec![0u8; self.items.len()]; // 0 unseen, 1 on the path, 2 done
        for start in 0..self.items.len() {
            let mut path = Vec::new();
            let mut cur = Some(start);
            while let Some(c) = cur {
                if state[c] == 2 {
                    break;
                }
                if state[c] == 1 {
                    let from = path.iter().position(|&p| p == c).unwrap_or(0);
                    let cycle: Vec<usize> = path[from..].to_vec();
                    let records: Vec<Option<usize>> = cycle
                        .iter()
                        .map(|&n| {
                            next[n].and_then(|m| self.out.matched[m].as_ref().map(|(i, _)| *i))
                        })
                        .collect();
                    for (&n, i) in cycle.iter().zip(records) {
                        if let Some(i) = i {
                            self.out.matched[n] = Some((i, MatchedBy::SourceWorkId));
                        }
                    }
                    break;
                }
                state[c] = 1;
                path.push(c);
                cur = next[c];
            }
            for p in path {
                state[p] = 2;
            }
        }
    }

    /// Pass 7: a near-identical title; the closest wins, a tie is ambiguous.
    fn by_title(&mut self) {
        let mut reserved = Vec::new();
        for n in 0..self.items.len() {
            if !self.open(n) {
                continue;
            }
            let item = self.items[n];
            let title = fold(&item.title);
            // A review's title is its venue ("Review for Nature"), shared by every review
            // for it: no sign of the same review.
            if title.is_empty() || item.section == Section::PeerReview {
                continue;
            }
            let scored: Vec<(usize, f64)> = (0..self.own.len())
                .filter(|&i| self.may_pair(n, i) && self.own[i].work_type == item.work_type)
                .filter_map(|i| {
                    let theirs = fold(&self.own[i].title);
                    let score = strsim::normalized_levenshtein(&theirs, &title);
                    (numbers(&theirs) == numbers(&title) && score >= TITLE_SIMILARITY)
                        .then_some((i, score))
                })
                .collect();
            let best = scored.iter().map(|(_, s)| *s).fold(f64::MIN, f64::max);
            let top: Vec<usize> = scored
                .iter()
                .filter(|(_, s)| (best - s).abs() < 1e-9)
                .map(|(i, _)| *i)
                .collect();
            match top[..] {
                [] => {}
                [i, ..] if top.len() == 1 || top.iter().all(|&i| self.listed[i]) => {
                    self.pair(n, i, MatchedBy::Title);
                }
                _ => {
                    self.out.ambiguous[n] =
                        Some(self.ambiguity(item.section, &top, "title".to_owned()));
                    reserved.extend(top);
                }
            }
        }
        for i in reserved {
            self.out.taken[i] = true;
        }
    }
}

/// Matches `items` (the CV's, in order) to `own` (the record's items of this client).
pub(crate) fn match_items(
    items: &[&LocalItem],
    own: &[&RemoteItem],
    target: &LedgerTarget,
) -> Matching {
    let own_keys: Vec<BTreeSet<String>> = own
        .iter()
        .map(|r| identity::identity_keys(r.section, &r.keys))
        .collect();
    let mut with_key: HashMap<(Section, String), Vec<usize>> = HashMap::new();
    let mut with_details: HashMap<(Section, &str), Vec<usize>> = HashMap::new();
    let mut with_source_work_id: HashMap<(Section, &str), Vec<usize>> = HashMap::new();
    for (i, r) in own.iter().enumerate() {
        for k in &own_keys[i] {
            with_key.entry((r.section, k.clone())).or_default().push(i);
        }
        if let Some(d) = &r.details {
            with_details
                .entry((r.section, d.as_str()))
                .or_default()
                .push(i);
        }
        if let Some(swi) = source_work_id(&r.external_ids) {
            with_source_work_id
                .entry((r.section, swi))
                .or_default()
                .push(i);
        }
    }
    let ledger: HashMap<(Section, &ItemId), u64> = target
        .items
        .iter()
        .map(|e| ((e.section, &e.id), e.put_code))
        .collect();
    let listed: HashSet<(Section, u64)> = target
        .items
        .iter()
        .map(|e| (e.section, e.put_code))
        .collect();
    let mut m = Matcher {
        items,
        own,
        item_keys: items
            .iter()
            .map(|i| identity::identity_keys(i.section, &i.keys))
            .collect(),
        own_keys,
        item_details: items.iter().map(|i| i.details()).collect(),
        claimed: {
            let mut c: HashMap<Section, BTreeSet<String>> = HashMap::new();
            for i in items {
                c.entry(i.section)
                    .or_default()
                    .extend(identity::identity_keys(i.section, &i.keys));
            }
            c
        },
        listed: own
            .iter()
            .map(|r| listed.contains(&(r.section, r.put_code)))
            .collect(),
        ledger_put_code: items
            .iter()
            .map(|i| ledger.get(&(i.section, &i.id)).copied())
            .collect(),
        at: own
            .iter()
            .enumerate()
            .map(|(i, r)| ((r.section, r.put_code), i))
            .collect(),
        with_key,
        with_details,
        with_source_work_id,
        out: Matching {
            matched: vec![None; items.len()],
            ambiguous: vec![None; items.len()],
            notes: vec![None; items.len()],
            taken: vec![false; own.len()],
        },
    };
    m.by_ledger(true);
    m.by_cv_put_code();
    m.by_external_id();
    m.by_details();
    m.by_ledger(false);
    m.by_source_work_id();
    m.by_title();
    m.untangle_source_work_ids();
    m.out
}

/// Puts updates in an order ORCID accepts: an update that gives a work a `self` identifier
/// another item of this client still holds comes after that item's update (a chain of works
/// of the same title and year whose derived ids, and so `source-work-id`s, moved up or down
/// by one; an identifier moved from one work to another). Otherwise the order stays as it
/// is.
pub(crate) fn order_updates(updates: Vec<Update>, own: &[&RemoteItem]) -> Vec<Update> {
    let held: HashMap<(Section, u64), Vec<String>> = own
        .iter()
        .map(|r| ((r.section, r.put_code), r.keys.clone()))
        .collect();
    let none = Vec::new();
    let held_by = |u: &Update| held.get(&(u.item.section, u.put_code)).unwrap_or(&none);
    let mut holder: HashMap<(Section, &str), usize> = HashMap::new();
    for (k, u) in updates.iter().enumerate() {
        for key in held_by(u) {
            holder.insert((u.item.section, key.as_str()), k);
        }
    }
    let wants: Vec<Vec<String>> = updates.iter().map(|u| u.item.keys.clone()).collect();
    // The updates each one must wait for: those whose item holds a key it is to get.
    let after: Vec<Vec<usize>> = updates
        .iter()
        .enumerate()
        .map(|(k, u)| {
            wants[k]
                .iter()
                .filter(|key| !held_by(u).contains(key))
                .filter_map(|key| holder.get(&(u.item.section, key.as_str())).copied())
                .filter(|&j| j != k)
                .collect()
        })
        .collect();
    // Depth first, without recursion: each update after those it waits for. A cycle (left
    // only when identifiers trade places, which matching avoids) keeps its order, and ORCID
    // names the item in the way.
    let mut placed = vec![false; updates.len()];
    let mut entered = vec![false; updates.len()];
    let mut order = Vec::with_capacity(updates.len());
    for k in 0..updates.len() {
        let mut stack = vec![(k, 0usize)];
        while let Some((u, next)) = stack.pop() {
            if next == 0 {
                if entered[u] {
                    continue;
                }
                entered[u] = true;
            }
            match after[u].get(next) {
                Some(&j) => {
                    stack.push((u, next + 1));
                    if !entered[j] {
                        stack.push((j, 0));
                    }
                }
                None => {
                    if !placed[u] {
                        placed[u] = true;
                        order.push(u);
                    }
                }
            }
        }
    }
    let mut slots: Vec<Option<Update>> = updates.into_iter().map(Some).collect();
    order.into_iter().filter_map(|k| slots[k].take()).collect()
}
