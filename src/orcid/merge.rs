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
//!    compares them ([`external_id_key`](crate::types::external_id_key): DOIs in any case or resolver form, arXiv ids
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
use crate::types::external_id_key;

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
        .map(|x| external_id_key(&x.id_type, &x.value))
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
        Item::PeerReview(r) => r.summary = false,
        Item::ResearchResource(r) => r.summary = false,
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

/// The groups that have a put-code or a key, in the order they were made, with where the
/// search of the current document starts: the groups before it already hold a copy from that
/// document, and groups only gain copies, so each is passed once per document however many
/// of its items ask (the items of one document are never copies of each other).
#[derive(Default)]
struct Candidates {
    groups: Vec<usize>,
    doc: usize,
    from: usize,
}

impl Candidates {
    /// The first group without a copy from `doc` that `fits`.
    fn find(
        &mut self,
        doc: usize,
        groups: &[Group],
        fits: impl Fn(&Group) -> bool,
    ) -> Option<usize> {
        if self.doc != doc {
            (self.doc, self.from) = (doc, 0);
        }
        while let Some(&g) = self.groups.get(self.from) {
            if !groups[g].docs.contains(&doc) {
                break;
            }
            cost::add(1);
            self.from += 1;
        }
        self.groups[self.from..].iter().copied().find(|&g| {
            cost::add(1);
            !groups[g].docs.contains(&doc) && fits(&groups[g])
        })
    }

    fn push(&mut self, g: usize) {
        if self.groups.last() != Some(&g) {
            self.groups.push(g);
        }
    }
}

/// Decides, for items given in reading order as (document index, item), which are copies of
/// one item and which copy is read. Also fills in the put-code of a kept copy without one
/// from its other copies.
pub(super) fn plan(items: &mut [(usize, Item)]) -> Vec<Fate> {
    // Copies come from different documents: the items of one document (a record of ORCID's
    // data file) are all kept, without computing their keys.
    if items.windows(2).all(|w| w[0].0 == w[1].0) {
        return vec![Fate::Keep; items.len()];
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut by_put_code: HashMap<(Section, u64), Candidates> = HashMap::new();
    let mut by_id: HashMap<(Section, String), Candidates> = HashMap::new();
    let mut group_of: Vec<usize> = Vec::with_capacity(items.len());
    for (k, (doc, item)) in items.iter().enumerate() {
        let (doc, section) = (*doc, item.section());
        let put_code = item.meta().put_code;
        let mut keys = self_keys(item);
        if keys.is_empty() {
            keys.push(content_key(item));
        }
        // A group with a copy from another document that has this put-code, or else shares a
        // self id (or the content) while one of the two has no put-code.
        let mut found = put_code.and_then(|p| {
            let c = by_put_code.get_mut(&(section, p))?;
            c.find(doc, &groups, |_| true)
        });
        for key in &keys {
            if found.is_some() {
                break;
            }
            if let Some(c) = by_id.get_mut(&(section, key.clone())) {
                found = c.find(doc, &groups, |g| put_code.is_none() || g.put_code.is_none());
            }
        }
        let g = match found {
            Some(g) => {
                let group = &mut groups[g];
                group.docs.push(doc);
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
                    docs: vec![doc],
                });
                groups.len() - 1
            }
        };
        if let Some(p) = put_code {
            by_put_code.entry((section, p)).or_default().push(g);
        }
        for key in keys {
            by_id.entry((section, key)).or_default().push(g);
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
