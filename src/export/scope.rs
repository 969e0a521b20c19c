//! Which subjects of a graph must be looked up in the index of all its subjects.
//!
//! Building a graph finds every subject in an index of all subjects, so that a node described
//! in several places (a journal, an organization, the person) gives its triples once. At
//! 10,000 works that index holds 176,000 subjects, and a look-up in it leaves the processor's
//! caches: it was the largest part of the graph's growing cost per work. Most subjects,
//! though, are *parts* of one item, minted from the item's IRI while the item is described:
//! `#work-x--author-2`, `#work-x--doi`, the list cells `_:work-x--authorList-3`. A part is
//! looked up in a small index of the current item's parts instead, emptied when the next item
//! begins.
//!
//! This is exact whatever the CV holds, not only for IRIs as the mapping mints them. An item
//! `T` (a top-level node whose IRI has no `--`) owns the subjects that begin with `T--`, and
//! the blank nodes that begin with its local name and `--`; the first `--` of such a subject
//! is where `T` ends, so `T` is the subject's *root*. A part could meet a subject of the same
//! text elsewhere only in three ways, and each is caught:
//! - the same item begins a second time (a hand-built CV with a repeated id): its root is
//!   already among the items that had parts — every part so far goes into the index of all
//!   subjects, and from then on every subject does ([`Begin::Merge`]);
//! - a subject outside the item's parts has the item's root (described by another item, or
//!   an IRI of another base with the same local name): [`Scopes::outside`] finds the root
//!   among the items that had parts, and the same happens;
//! - such a subject came before the item began: its root was noted, and the item then has no
//!   parts (its subjects all go into the index of all subjects).
//!
//! A test builds the graphs of the reference CV, synthetic CVs and CVs made to collide both
//! ways and compares them triple by triple.

use std::collections::HashSet;
use std::hash::Hasher;

use super::graph::{FxBuild, FxHasher};

/// How a top-level node begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Begin {
    /// A node of the current item (`#work-x--event` after `#work-x`): its parts are the
    /// item's.
    Same,
    /// A new item, or a node with no parts: the parts of the item before are done.
    New,
    /// The parts of earlier items must go into the index of all subjects now.
    Merge,
}

/// The current item and what decides whether a subject is one of its parts.
#[derive(Debug)]
pub(super) struct Scopes {
    /// Whether parts are kept out of the index of all subjects (until a [`Begin::Merge`]).
    on: bool,
    /// The current item's IRI and `--`, and its blank nodes' stem (its local name and `--`);
    /// both empty when the current item has no parts.
    named: String,
    blank: String,
    /// The part of items' IRIs before the local name last found without `--`.
    checked: String,
    /// The local names of the items that had parts (their hashes).
    items: HashSet<u64, FxBuild>,
    /// The local names of the roots of the subjects that went into the index of all
    /// subjects (their hashes).
    roots: HashSet<u64, FxBuild>,
}

impl Default for Scopes {
    fn default() -> Self {
        Scopes {
            on: true,
            named: String::new(),
            blank: String::new(),
            checked: String::new(),
            items: HashSet::default(),
            roots: HashSet::default(),
        }
    }
}

/// The hash of an item's local name: what stands for the item in [`Scopes::items`] and
/// [`Scopes::roots`] (an item of another base with the same local name, or another name of
/// the same hash, can only make [`Scopes`] keep more subjects in the index of all subjects).
fn local_hash(local: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(local.as_bytes());
    h.finish()
}

/// The local name an item of root `root` would have: a blank node's root is one, a named
/// node's root is an item's IRI only when it has a `#`.
fn root_local(root: &str, blank: bool) -> Option<&str> {
    if blank {
        return Some(root);
    }
    memchr::memrchr(b'#', root.as_bytes()).map(|i| &root[i + 1..])
}

/// The text of `s` before its first `--`, when it has one.
fn root_of(s: &str) -> Option<&str> {
    // Every second byte is looked at: a `--` has a `-` at an odd place, with the other `-`
    // before or after it (the one before first, so that the first `--` is found).
    let b = s.as_bytes();
    let mut i = 1;
    while i < b.len() {
        if b[i] == b'-' {
            if b[i - 1] == b'-' {
                return Some(&s[..i - 1]);
            }
            if b.get(i + 1) == Some(&b'-') {
                return Some(&s[..i]);
            }
        }
        i += 2;
    }
    None
}

/// The local name of an item's IRI when the item can have parts: after the last `#`, not
/// empty; and the IRI has no `--` and does not end with `-` (so that the first `--` of a
/// part is where the item's IRI ends). `checked` is an IRI before a local name found to
/// have no `--`, so that the items of a CV, which share it, check it once (it stays valid
/// from graph to graph). A local name that no blank node label can begin with only means
/// that its item's lists have no parts.
fn item_local<'i>(iri: &'i str, checked: &mut String) -> Option<&'i str> {
    let hash = memchr::memrchr(b'#', iri.as_bytes())?;
    let (before, local) = (&iri[..=hash], &iri[hash + 1..]);
    if local.is_empty() || local.ends_with('-') || root_of(local).is_some() {
        return None;
    }
    if before != checked.as_str() {
        if root_of(before).is_some() {
            return None;
        }
        checked.clear();
        checked.push_str(before);
    }
    Some(local)
}

impl Scopes {
    /// Keeps every subject in the index of all subjects (what the tests compare with).
    pub(super) fn disable(&mut self) {
        self.on = false;
    }

    /// Makes room for a CV of `items` items.
    pub(super) fn reserve(&mut self, items: usize) {
        self.items.reserve(items);
    }

    /// Whether parts are still kept out of the index of all subjects.
    #[cfg(test)]
    pub(super) fn is_on(&self) -> bool {
        self.on
    }

    /// Forgets every item, for the next graph (keeping the sets' room).
    pub(super) fn reset(&mut self) {
        self.on = true;
        self.named.clear();
        self.blank.clear();
        self.items.clear();
        self.roots.clear();
    }

    /// Starts the top-level node `iri`.
    pub(super) fn begin(&mut self, iri: &str) -> Begin {
        if !self.named.is_empty() && iri.starts_with(&self.named) {
            return Begin::Same;
        }
        self.named.clear();
        self.blank.clear();
        if !self.on {
            return Begin::New;
        }
        let Some(local) = item_local(iri, &mut self.checked) else {
            return Begin::New;
        };
        let h = local_hash(local);
        if self.items.contains(&h) {
            // The same item a second time: its first parts are in no index the second
            // could find them in.
            self.on = false;
            return Begin::Merge;
        }
        if self.roots.contains(&h) {
            // Subjects of its would-be parts are already in the index of all subjects.
            return Begin::New;
        }
        self.items.insert(h);
        self.named.push_str(iri);
        self.named.push_str("--");
        self.blank.push_str(local);
        self.blank.push_str("--");
        Begin::New
    }

    /// Whether a subject is a part of the current item.
    #[inline]
    pub(super) fn is_part(&self, s: &str, blank: bool) -> bool {
        let stem = if blank { &self.blank } else { &self.named };
        !stem.is_empty() && s.starts_with(stem.as_str())
    }

    /// Notes a new subject that goes into the index of all subjects; true when it may be a
    /// part of an item before, whose parts must then go into that index first. (A subject
    /// found in that index was noted when it was new.)
    pub(super) fn outside(&mut self, s: &str, blank: bool) -> bool {
        if !self.on {
            return false;
        }
        let Some(local) = root_of(s).and_then(|root| root_local(root, blank)) else {
            return false;
        };
        let h = local_hash(local);
        if self.items.contains(&h) {
            self.on = false;
            self.named.clear();
            self.blank.clear();
            return true;
        }
        self.roots.insert(h);
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_and_their_parts() {
        let mut s = Scopes::default();
        assert_eq!(s.begin("https://e.org/cv/"), Begin::New);
        assert!(!s.is_part("https://e.org/cv/--x", false));
        assert_eq!(s.begin("https://e.org/cv/#work-a"), Begin::New);
        assert!(s.is_part("https://e.org/cv/#work-a--doi", false));
        assert!(s.is_part("work-a--authorList-1", true));
        assert!(!s.is_part("https://e.org/cv/#work-a", false));
        assert!(!s.is_part("https://e.org/cv/#work-ab--doi", false));
        assert!(!s.is_part("https://e.org/cv/#journal-x", false));
        assert!(!s.outside("https://e.org/cv/#journal-x--volume-1", false));
        // The work's event belongs to the work.
        assert_eq!(s.begin("https://e.org/cv/#work-a--event"), Begin::Same);
        assert!(s.is_part("https://e.org/cv/#work-a--event--online", false));
        assert_eq!(s.begin("https://e.org/cv/#work-b"), Begin::New);
        assert!(!s.is_part("https://e.org/cv/#work-a--doi", false));
    }

    #[test]
    fn a_root_met_again_merges() {
        // An item a second time.
        let mut s = Scopes::default();
        s.begin("https://e.org/#work-a");
        s.begin("https://e.org/#work-b");
        assert_eq!(s.begin("https://e.org/#work-a"), Begin::Merge);
        assert!(!s.is_part("https://e.org/#work-a--doi", false));
        assert_eq!(s.begin("https://e.org/#work-c"), Begin::New);
        assert!(!s.is_part("https://e.org/#work-c--doi", false));
        // A part of an earlier item described outside it; a blank stem of another base.
        for (iri, blank) in [("https://e.org/#work-a--doi", false), ("work-a--x-1", true)] {
            let mut s = Scopes::default();
            s.begin("https://e.org/#work-a");
            s.begin("https://e.org/#work-b");
            assert!(s.outside(iri, blank));
            assert!(!s.on);
        }
        // A subject with the root of an item that comes later: that item has no parts.
        let mut s = Scopes::default();
        assert!(!s.outside("https://e.org/#work-a--doi", false));
        assert_eq!(s.begin("https://e.org/#work-a"), Begin::New);
        assert!(!s.is_part("https://e.org/#work-a--doi", false));
    }

    #[test]
    fn items_that_cannot_have_parts() {
        for iri in [
            "https://e.org/cv/",
            "https://e.org/#",
            "https://e.org/#work--a",
            "https://my--site.org/#work-a",
            "https://e.org/#work-",
        ] {
            let mut s = Scopes::default();
            assert_eq!(s.begin(iri), Begin::New, "{iri}");
            assert!(!s.is_part(&format!("{iri}--x"), false), "{iri}");
        }
    }
}
