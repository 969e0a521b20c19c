//! Which items of several documents are one item of the record.
//!
//! Reading a record together with its items (`record.xml work/*.xml funding/*.xml`, as
//! `vitae export --to orcid-xml` writes them, or as ORCID's API returns them) gives most items
//! twice: as a summary in the record and as the full item. Two items are one when they are in
//! the same section, come from different documents (a document lists distinct items; ORCID's
//! own samples repeat a put-code inside one) and
//!
//! 1. have the same put-code, or
//! 2. when one of them has no put-code, share a `self` external id, normalised as a sync
//!    compares them ([`crate::sync::normalise`]: DOIs in any case or resolver form, arXiv ids
//!    without version, ...), or, having no `self` id (affiliations seldom have one), hold the
//!    same: a summary and its full affiliation hold the same fields.
//!
//! Two items with different put-codes are two items of the record even when they share an
//! id (ORCID keeps one per source); `vitae check` warns about a DOI shared by two works.
//!
//! Of one item's copies the full item is kept (a summary holds a part of it) at the place of
//! the first copy; its put-code, when it has none, is taken from another copy.

use std::collections::HashMap;

use super::Section;
use super::cost;
use super::doc::Item;
use crate::sync::ExternalId;

/// What becomes of an item (by its position in the list given to [`plan`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fate {
    /// Read it here.
    Keep,
    /// Read, here, the copy at this position instead (a fuller copy read later).
    TakeFrom(usize),
    /// Another copy is read in its place.
    Skip {
        /// The position of the copy that is read.
        kept: usize,
        /// Whether this copy holds something the kept one does not: a full item or a summary
        /// that differs from the kept copy of the same kind (a summary beside its full item
        /// holds nothing more).
        differs: bool,
        /// The put-code both copies have, when they have one.
        put_code: Option<u64>,
    },
}

/// The copies of one item seen so far.
struct Group {
    /// Where the first copy stands: the item is read there.
    first: usize,
    /// The copy to read.
    kept: usize,
    /// The put-code of any copy.
    put_code: Option<u64>,
    /// The documents its copies come from.
    docs: Vec<usize>,
}

/// The normalised `self` ids of an item, as `type:value`.
fn self_keys(item: &Item) -> Vec<String> {
    let mut keys: Vec<String> = item
        .external_ids()
        .iter()
        .filter(|x| x.relationship() == "self")
        .map(|x| ExternalId::new(&x.id_type, &x.value, "self").key())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// For an item without `self` id, its content as a key: equal for a summary and the full item
/// that hold the same, whatever ORCID's metadata (put-code, dates, source, line) says.
fn content_key(item: &Item) -> String {
    let mut item = item.clone();
    let meta = item.meta_mut();
    *meta = super::doc::Meta {
        visibility: meta.visibility.take(),
        ..Default::default()
    };
    match &mut item {
        Item::Work(w) => w.summary = false,
        Item::Affiliation(a) => a.summary = false,
        Item::Funding(f) => f.summary = false,
    }
    format!("{item:?}")
}

/// Whether two copies hold the same (their lines aside).
fn same_content(a: &Item, b: &Item) -> bool {
    let (mut a, mut b) = (a.clone(), b.clone());
    a.meta_mut().line = None;
    b.meta_mut().line = None;
    a == b
}

/// Decides, for items given in reading order as (document index, item), which are copies of
/// one item and which copy is read. Also fills in the put-code of a kept copy without one
/// from its other copies.
pub(super) fn plan(items: &mut [(usize, Item)]) -> Vec<Fate> {
    let mut groups: Vec<Group> = Vec::new();
    let mut by_put_code: HashMap<(Section, u64), Vec<usize>> = HashMap::new();
    let mut by_id: HashMap<(Section, String), Vec<usize>> = HashMap::new();
    let mut group_of: Vec<usize> = Vec::with_capacity(items.len());
    for (k, (doc, item)) in items.iter().enumerate() {
        let section = item.section();
        let put_code = item.meta().put_code;
        let mut keys = self_keys(item);
        if keys.is_empty() {
            keys.push(content_key(item));
        }
        // The first group with a copy from another document that has this put-code, or else
        // shares a self id while one of the two has no put-code.
        let mut candidates = put_code
            .and_then(|p| by_put_code.get(&(section, p)))
            .into_iter()
            .flatten()
            .map(|&g| (g, true))
            .chain(keys.iter().flat_map(|key| {
                by_id
                    .get(&(section, key.clone()))
                    .into_iter()
                    .flatten()
                    .map(|&g| (g, false))
            }));
        let found = candidates.find(|&(g, same_code)| {
            cost::add(1);
            let group = &groups[g];
            let codes_agree = same_code || put_code.is_none() || group.put_code.is_none();
            codes_agree && !group.docs.contains(doc)
        });
        let found = found.map(|(g, _)| g);
        let g = match found {
            Some(g) => {
                let group = &mut groups[g];
                if !group.docs.contains(doc) {
                    group.docs.push(*doc);
                }
                // A full item is read instead of a summary.
                if items[group.kept].1.is_summary() && !item.is_summary() {
                    group.kept = k;
                }
                group.put_code = group.put_code.or(put_code);
                g
            }
            None => {
                groups.push(Group {
                    first: k,
                    kept: k,
                    put_code,
                    docs: vec![*doc],
                });
                groups.len() - 1
            }
        };
        cost::add(1);
        if let Some(p) = put_code {
            let list = by_put_code.entry((section, p)).or_default();
            if !list.contains(&g) {
                list.push(g);
            }
        }
        for key in keys {
            let list = by_id.entry((section, key)).or_default();
            if !list.contains(&g) {
                list.push(g);
            }
        }
        group_of.push(g);
    }
    let mut fates = Vec::with_capacity(items.len());
    for (k, &g) in group_of.iter().enumerate() {
        let group = &groups[g];
        fates.push(if k == group.first {
            if group.kept == k {
                Fate::Keep
            } else {
                Fate::TakeFrom(group.kept)
            }
        } else if k == group.kept {
            Fate::Skip {
                kept: group.first,
                differs: false,
                put_code: None,
            }
        } else {
            let (this, kept) = (&items[k].1, &items[group.kept].1);
            let differs = this.is_summary() == kept.is_summary() && !same_content(this, kept);
            let code = this.meta().put_code;
            Fate::Skip {
                kept: group.kept,
                differs,
                put_code: code.filter(|_| code == kept.meta().put_code),
            }
        });
    }
    for group in &groups {
        let meta = items[group.kept].1.meta_mut();
        if meta.put_code.is_none() {
            meta.put_code = group.put_code;
        }
    }
    fates
}
