//! Where each field of a CV file stands.

use std::cell::{Cell, OnceCell};
use std::collections::HashMap;

/// A 1-based line and column.
pub(crate) type Position = (usize, usize);

/// Field path (`works[3].authors[1]`) → where its key and its value stand.
///
/// Filled in one of two ways: by path ([`key`](Self::key), [`value`](Self::value): the TOML
/// reader), or as a tree built beside the value ([`root`](Self::root),
/// [`entry`](Self::entry), [`item`](Self::item), [`value_of`](Self::value_of): the YAML
/// reader), which makes no path until a problem is located. Both answer alike: what was
/// recorded for a path last, as if every record had been made by path.
#[derive(Debug, Default, Clone)]
pub(crate) struct SourceMap {
    entries: HashMap<String, Entry>,
    tree: Tree,
}

#[derive(Debug, Default, Clone, Copy)]
struct Entry {
    /// The key of a map entry (`title:`); none for a list item.
    key: Option<Position>,
    /// The value: a scalar's first character, a list's or map's first item or `[`/`{`.
    value: Option<Position>,
    /// Whether the value is a list or a map (or empty): then a problem with it is shown at its
    /// key, where the reader looks for it.
    container: bool,
}

/// A node of the tree: a value at a path, in the order the values were read (each node before
/// the nodes under it).
pub(crate) type NodeId = u32;

#[derive(Debug, Default, Clone)]
struct Tree {
    nodes: Vec<Node>,
    /// The keys of the map entries, one after another (a node holds its key's range).
    keys: String,
    /// How many positions were recorded so far: which of two records for one path is the
    /// later.
    records: u32,
    /// Nodes visited so far looking paths up.
    visited: Cell<usize>,
    /// Every path's records, made once looking paths up has visited a few times as many nodes
    /// as the tree has (many problems in a large file), so that no file makes the lookups
    /// cost more than making every path would.
    index: OnceCell<HashMap<String, Found>>,
}

#[derive(Debug, Clone, Copy)]
struct Node {
    parent: NodeId,
    /// A map entry's key as a range of `keys`, or a list item's index (`key_len` is `NO_KEY`).
    key_start: u32,
    key_len: u32,
    /// One past the last node under it; 0 while it is being read.
    end: NodeId,
    /// The key's position and when it was recorded (0: never).
    key: Position,
    key_record: u32,
    /// The value's position and when it was recorded (0: never).
    value: Position,
    value_record: u32,
    container: bool,
}

const NO_KEY: u32 = u32::MAX;

impl SourceMap {
    /// Records where the key of a map entry stands.
    pub(crate) fn key(&mut self, path: &str, at: Position) {
        self.entries.entry(path.to_owned()).or_default().key = Some(at);
    }

    /// Records where a value stands; `container` for lists, maps and empty values.
    pub(crate) fn value(&mut self, path: &str, at: Position, container: bool) {
        let e = self.entries.entry(path.to_owned()).or_default();
        e.value = Some(at);
        e.container = container;
    }

    /// Starts the tree: the node of the document's value, at the empty path; room is made
    /// for the nodes and keys of a text of `len` bytes (about one node a line; a CV's lines
    /// have 30 to 40 bytes), up to a bound, so that the tree seldom grows while it is read.
    pub(crate) fn root(&mut self, len: usize) -> NodeId {
        let t = &mut self.tree;
        t.nodes.clear();
        t.keys.clear();
        t.nodes.reserve((len / 24).min(1 << 16));
        t.keys.reserve((len / 4).min(1 << 18));
        t.push(0, 0, NO_KEY)
    }

    /// A map entry of `parent` (at `parent.key`, or `key` under the empty path), and where its
    /// key stands.
    pub(crate) fn entry(&mut self, parent: NodeId, key: &str, at: Position) -> NodeId {
        let t = &mut self.tree;
        // Keys and nodes are bounded far below u32::MAX by the YAML reader's limits.
        let start = t.keys.len() as u32;
        t.keys.push_str(key);
        let id = t.push(parent, start, key.len() as u32);
        t.records += 1;
        let n = &mut t.nodes[id as usize];
        n.key = at;
        n.key_record = t.records;
        id
    }

    /// The `index`th list item under `parent` (at `parent[index]`).
    pub(crate) fn item(&mut self, parent: NodeId, index: usize) -> NodeId {
        self.tree.push(parent, index as u32, NO_KEY)
    }

    /// Records where the value of a node stands (`container` for lists, maps and empty
    /// values); the node and the nodes under it are complete.
    pub(crate) fn value_of(&mut self, node: NodeId, at: Position, container: bool) {
        let t = &mut self.tree;
        t.index.take();
        t.records += 1;
        let end = t.nodes.len() as NodeId;
        let n = &mut t.nodes[node as usize];
        n.value = at;
        n.value_record = t.records;
        n.container = container;
        n.end = end;
    }

    /// The path of a node's entry `key` (for reporting a duplicate key).
    pub(crate) fn entry_path(&self, parent: NodeId, key: &str) -> String {
        let mut p = self.tree.path(parent);
        if !p.is_empty() {
            p.push('.');
        }
        p.push_str(key);
        p
    }

    /// Where a problem with the value at `path` is shown: a scalar value itself, else the key
    /// of the entry (or the list item); for a path the file does not have, its nearest
    /// ancestor.
    pub(crate) fn locate(&self, path: &str) -> Option<Position> {
        self.find(path, |e| {
            if e.container {
                e.key.or(e.value)
            } else {
                e.value.or(e.key)
            }
        })
    }

    /// Where the key at `path` stands (for unknown and duplicate keys).
    pub(crate) fn locate_key(&self, path: &str) -> Option<Position> {
        self.find(path, |e| e.key.or(e.value))
    }

    fn find(&self, path: &str, pick: impl Fn(&Entry) -> Option<Position>) -> Option<Position> {
        let mut p = path;
        loop {
            if let Some(pos) = self.at(p).as_ref().and_then(&pick) {
                return Some(pos);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }

    /// What was recorded for a path.
    fn at(&self, path: &str) -> Option<Entry> {
        if self.tree.nodes.is_empty() {
            self.entries.get(path).copied()
        } else {
            self.tree.at(path)
        }
    }
}

impl Tree {
    fn push(&mut self, parent: NodeId, key_start: u32, key_len: u32) -> NodeId {
        self.index.take();
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node {
            parent,
            key_start,
            key_len,
            end: 0,
            key: (0, 0),
            key_record: 0,
            value: (0, 0),
            value_record: 0,
            container: false,
        });
        id
    }

    fn key(&self, n: &Node) -> Option<&str> {
        (n.key_len != NO_KEY)
            .then(|| &self.keys[n.key_start as usize..(n.key_start + n.key_len) as usize])
    }

    /// One past the last node under `id` (all nodes so far while it is being read).
    fn end(&self, id: NodeId) -> NodeId {
        match self.nodes[id as usize].end {
            0 => self.nodes.len() as NodeId,
            e => e,
        }
    }

    /// A node's path, made as the reader made paths: `key` under the empty path, else
    /// `path.key`; `path[index]`.
    fn path(&self, id: NodeId) -> String {
        let mut chain = Vec::new();
        let mut id = id;
        while id != 0 {
            chain.push(id);
            id = self.nodes[id as usize].parent;
        }
        let mut p = String::new();
        for id in chain.into_iter().rev() {
            self.push_part(&mut p, &self.nodes[id as usize]);
        }
        p
    }

    /// Appends a node's part to its parent's path.
    fn push_part(&self, path: &mut String, n: &Node) {
        match self.key(n) {
            Some(k) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            None => crate::report::push_index(path, n.key_start as usize),
        }
    }

    /// Every path with a record, and what was recorded for it.
    fn make_index(&self) -> HashMap<String, Found> {
        let mut paths: Vec<String> = Vec::with_capacity(self.nodes.len());
        let mut index: HashMap<String, Found> = HashMap::new();
        for (id, n) in self.nodes.iter().enumerate() {
            let mut p = String::new();
            if id > 0 {
                // A node's parent comes before it.
                p.push_str(&paths[n.parent as usize]);
                self.push_part(&mut p, n);
            }
            if n.key_record > 0 || n.value_record > 0 {
                index.entry(p.clone()).or_default().merge(n);
            }
            paths.push(p);
        }
        index
    }

    /// What was recorded for the nodes whose path is `path` (several nodes may share one, as
    /// `a.b` and `a: {b}` do): the key and the value recorded last.
    fn at(&self, path: &str) -> Option<Entry> {
        let found = match self.index.get() {
            Some(index) => index.get(path).copied().unwrap_or_default(),
            None => {
                let mut found = Found::default();
                let mut visited = self.visited.get();
                self.find(0, path, 0, &mut found, &mut visited);
                self.visited.set(visited);
                if visited > 4 * self.nodes.len() + 4096 {
                    self.index.get_or_init(|| self.make_index());
                }
                found
            }
        };
        (found.key_record > 0 || found.value_record > 0).then_some(Entry {
            key: (found.key_record > 0).then_some(found.key),
            value: (found.value_record > 0).then_some(found.value),
            container: found.container,
        })
    }

    /// Visits the nodes under `id` (whose path is `path[..at]`) whose path is `path`.
    fn find(&self, id: NodeId, path: &str, at: usize, found: &mut Found, visited: &mut usize) {
        if at == path.len() {
            found.merge(&self.nodes[id as usize]);
        }
        let rest = &path[at..];
        // The index a list item would need, if the rest starts with one.
        let index = rest.strip_prefix('[').and_then(|r| {
            let close = r.find(']')?;
            let digits = &r[..close];
            let canonical = !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
                && (digits == "0" || !digits.starts_with('0'));
            canonical
                .then(|| digits.parse::<u32>().ok())
                .flatten()
                .map(|i| (i, close + 2))
        });
        // The nodes right under this one: the next node, then the one after each's end.
        let end = self.end(id);
        let mut c = id + 1;
        while c < end {
            *visited += 1;
            let n = &self.nodes[c as usize];
            match self.key(n) {
                Some(k) => {
                    let after = if at == 0 {
                        rest.strip_prefix(k)
                    } else {
                        rest.strip_prefix('.').and_then(|r| r.strip_prefix(k))
                    };
                    if let Some(after) = after {
                        self.find(c, path, path.len() - after.len(), found, visited);
                    }
                }
                None => {
                    if let Some((i, len)) = index
                        && n.key_start == i
                    {
                        self.find(c, path, at + len, found, visited);
                    }
                }
            }
            c = self.end(c);
        }
    }
}

/// What was recorded last for a path, and when.
#[derive(Debug, Default, Clone, Copy)]
struct Found {
    key: Position,
    key_record: u32,
    value: Position,
    value_record: u32,
    container: bool,
}

impl Found {
    /// Takes the records of a node at the path where they are later.
    fn merge(&mut self, n: &Node) {
        if n.key_record > self.key_record {
            self.key_record = n.key_record;
            self.key = n.key;
        }
        if n.value_record > self.value_record {
            self.value_record = n.value_record;
            self.value = n.value;
            self.container = n.container;
        }
    }
}

/// Byte offsets → 1-based lines and columns (in characters), for parsers that give offsets.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { text, starts }
    }

    /// The line and column of a byte offset (clamped to the text).
    pub(crate) fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|s| *s <= offset).max(1);
        let start = self.starts[line - 1];
        let col = self
            .text
            .get(start..)
            .unwrap_or("")
            .char_indices()
            .take_while(|(i, _)| start + i < offset)
            .count();
        (line, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_at_their_value_containers_at_their_key() {
        let mut m = SourceMap::default();
        m.key("person", (1, 1));
        m.value("person", (2, 3), true);
        m.key("person.orcid", (2, 3));
        m.value("person.orcid", (2, 10), false);
        assert_eq!(m.locate("person"), Some((1, 1)));
        assert_eq!(m.locate("person.orcid"), Some((2, 10)));
        assert_eq!(m.locate_key("person.orcid"), Some((2, 3)));
        assert_eq!(m.locate("person.emails[3].value"), Some((1, 1)));
        assert_eq!(m.locate("works[0]"), None);
    }

    /// The tree answers as the path-keyed map of the same records does, also where two
    /// entries share a path (`"a.b"` and `a: {b}`) or keys are empty.
    #[test]
    fn the_tree_answers_as_the_paths_do() {
        let mut paths = SourceMap::default();
        let mut tree = SourceMap::default();
        let root = tree.root(0);
        // {"a.b": 1, a: {b: [x, {c: y}]}, "": {"": z}, w: [[v]]}, one entry a line.
        let ab = tree.entry(root, "a.b", (1, 1));
        paths.key("a.b", (1, 1));
        tree.value_of(ab, (1, 8), false);
        paths.value("a.b", (1, 8), false);
        let a = tree.entry(root, "a", (2, 1));
        paths.key("a", (2, 1));
        let b = tree.entry(a, "b", (3, 3));
        paths.key("a.b", (3, 3));
        let b0 = tree.item(b, 0);
        tree.value_of(b0, (4, 7), false);
        paths.value("a.b[0]", (4, 7), false);
        let b1 = tree.item(b, 1);
        let c = tree.entry(b1, "c", (5, 7));
        paths.key("a.b[1].c", (5, 7));
        tree.value_of(c, (5, 10), false);
        paths.value("a.b[1].c", (5, 10), false);
        tree.value_of(b1, (5, 7), true);
        paths.value("a.b[1]", (5, 7), true);
        tree.value_of(b, (4, 5), true);
        paths.value("a.b", (4, 5), true);
        tree.value_of(a, (3, 3), true);
        paths.value("a", (3, 3), true);
        let e = tree.entry(root, "", (6, 1));
        paths.key("", (6, 1));
        let ee = tree.entry(e, "", (6, 5));
        paths.key("", (6, 5));
        tree.value_of(ee, (6, 9), false);
        paths.value("", (6, 9), false);
        tree.value_of(e, (6, 4), true);
        paths.value("", (6, 4), true);
        let w = tree.entry(root, "w", (7, 1));
        paths.key("w", (7, 1));
        let w0 = tree.item(w, 0);
        let w00 = tree.item(w0, 0);
        tree.value_of(w00, (7, 6), false);
        paths.value("w[0][0]", (7, 6), false);
        tree.value_of(w0, (7, 5), true);
        paths.value("w[0]", (7, 5), true);
        assert_eq!(tree.entry_path(b1, "c"), "a.b[1].c");
        assert_eq!(tree.entry_path(ee, "x"), "x");
        let all = [
            "",
            "a",
            "a.b",
            "a.b[0]",
            "a.b[00]",
            "a.b[1]",
            "a.b[1].c",
            "a.b[1].c.d",
            "a.b[2]",
            "a.b[",
            "a.b[x]",
            "a.x",
            "w",
            "w[0]",
            "w[0][0]",
            "w[0][1]",
            "w[1]",
            "x",
            "x.y",
        ];
        for p in all {
            assert_eq!(tree.locate(p), paths.locate(p), "locate {p:?}");
            assert_eq!(tree.locate_key(p), paths.locate_key(p), "locate_key {p:?}");
        }
        // The same once many lookups have made the index.
        while tree.tree.index.get().is_none() {
            tree.locate("w[0][0]");
        }
        for p in all {
            assert_eq!(tree.locate(p), paths.locate(p), "indexed locate {p:?}");
            assert_eq!(
                tree.locate_key(p),
                paths.locate_key(p),
                "indexed locate_key {p:?}"
            );
        }
    }

    #[test]
    fn offsets_to_lines_and_columns() {
        let ix = LineIndex::new("ab\nüx\n\nz");
        assert_eq!(ix.position(0), (1, 1));
        assert_eq!(ix.position(2), (1, 3));
        assert_eq!(ix.position(3), (2, 1));
        assert_eq!(ix.position(5), (2, 2));
        assert_eq!(ix.position(7), (3, 1));
        assert_eq!(ix.position(8), (4, 1));
        assert_eq!(ix.position(99), (4, 2));
    }
}
