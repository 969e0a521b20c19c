//! Where each field of a CV file stands.

use std::collections::HashMap;

/// A 1-based line and column.
pub(crate) type Position = (usize, usize);

/// Field path (`works[3].authors[1]`) → where its key and its value stand.
#[derive(Debug, Default, Clone)]
pub(crate) struct SourceMap {
    entries: HashMap<String, Entry>,
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
            if let Some(pos) = self.entries.get(p).and_then(&pick) {
                return Some(pos);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
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
