//! Small edits of a YAML CV's *text*, leaving every other byte as it was: append items at the
//! end of a top-level section (a section that is missing is added at the end of the file),
//! and add one field to a mapping. `vitae import --into` and `vitae enrich --apply` make their
//! changes through it, so that comments, order, quoting, anchors and blank lines stay.
//!
//! The text is read with `yaml-rust2`'s event parser, which gives where each node starts;
//! where a block collection ends is found from the indentation of the lines that follow (a
//! block node's lines are those indented more than, or for a list's items as much as, its
//! first). Only block collections are edited; a section written in flow style (`works: [...]`)
//! or as a single mapping is refused with [`EditError::NotBlock`], never rewritten. A caller
//! checks the result by reading it again (see `vitae import --into`).
//!
//! ```
//! use vitae::input::yaml_edit::YamlText;
//! let text = "person: {given-names: Ada, family-name: Lovelace}\nworks:\n  - title: A  # mine\n    date: 1843\n";
//! let mut doc = YamlText::parse(text)?;
//! doc.append_items("works", "- title: B\n  date: 1844\n")?;
//! doc.insert_field(&["works".into(), 0.into()], "doi", "10.5555/a")?;
//! assert_eq!(doc.finish(), "person: {given-names: Ada, family-name: Lovelace}\nworks:\n  - title: A  # mine\n    date: 1843\n    doi: 10.5555/a\n  - title: B\n    date: 1844\n");
//! # Ok::<(), vitae::input::yaml_edit::EditError>(())
//! ```

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

/// An edit that cannot be made on the text as written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The text is not YAML the editor can read.
    #[error("line {line}, column {column}: not YAML: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// The place to edit is not written in block style (a `[...]` or `{...}` list, a single
    /// mapping for a list, a scalar): appending text there would mean rewriting it.
    #[error("{path} (line {line}): {why}; it is left as it is")]
    NotBlock {
        /// The field path, e.g. `works`.
        path: String,
        /// 1-based line where it stands.
        line: usize,
        /// What is written there instead.
        why: String,
    },
    /// The path names nothing in the text.
    #[error("{path}: not in the file")]
    Missing {
        /// The field path.
        path: String,
    },
}

/// One step of a path into the document: a map key or a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A map key.
    Key(String),
    /// A list index (0 also names a section written as a single mapping).
    Index(usize),
}

impl From<&str> for Step {
    fn from(k: &str) -> Self {
        Step::Key(k.to_owned())
    }
}

impl From<usize> for Step {
    fn from(i: usize) -> Self {
        Step::Index(i)
    }
}

/// A path as written in reports: `works[3].container`.
pub fn path_string(path: &[Step]) -> String {
    let mut s = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Step::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    BlockMap,
    FlowMap,
    BlockSeq,
    FlowSeq,
    Scalar,
    Alias(usize),
}

#[derive(Debug, Clone)]
struct Node {
    kind: Kind,
    /// 0-based line and byte offset of the line's start, and 0-based column (characters) of
    /// where the node starts (a block list: its first `-`; a block map: its first key).
    line: usize,
    col: usize,
    /// Byte offset of the closing `}` or `]` of a flow collection.
    close: Option<usize>,
    /// Entries: the key (None for list items and for keys that are not scalars) and the node.
    children: Vec<(Option<String>, usize)>,
    /// A map value's key: its line (0-based), and whether the value is an empty scalar
    /// (`works:` and nothing after it).
    key_line: Option<usize>,
    empty: bool,
}

/// A YAML text being edited: the edits are collected and applied together by
/// [`finish`](Self::finish), each at a place found in the text as it was read.
#[derive(Debug)]
pub struct YamlText<'a> {
    text: &'a str,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
    nodes: Vec<Node>,
    root: Option<usize>,
    anchors: HashMap<usize, usize>,
    /// (byte offset, whether it is new items, text to insert there), in the order made:
    /// at one offset, a field added to the item that ends there goes before new items.
    edits: Vec<(usize, bool, String)>,
    /// Text added at the end of the file (new sections), in the order made.
    tail: Vec<String>,
}

impl<'a> YamlText<'a> {
    /// Reads the structure of a YAML text (its first document).
    ///
    /// # Errors
    /// [`EditError::Syntax`] when it is not YAML.
    pub fn parse(text: &'a str) -> Result<Self, EditError> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut doc = Self {
            text,
            starts,
            nodes: Vec::new(),
            root: None,
            anchors: HashMap::new(),
            edits: Vec::new(),
            tail: Vec::new(),
        };
        doc.read()?;
        Ok(doc)
    }

    fn read(&mut self) -> Result<(), EditError> {
        let mut parser = Parser::new_from_str(self.text);
        // Open collections: node, and for maps the key read and not yet given a value.
        let mut open: Vec<(usize, Option<Option<String>>)> = Vec::new();
        // The line of the key whose value comes next, per open map.
        let mut key_lines: Vec<Option<usize>> = Vec::new();
        loop {
            let mut empty = false;
            let (event, mark) = parser.next_token().map_err(|e| EditError::Syntax {
                line: e.marker().line(),
                column: e.marker().col() + 1,
                message: e.info().to_owned(),
            })?;
            let (kind, anchor, key) = match event {
                Event::StreamEnd | Event::DocumentEnd => break,
                Event::StreamStart | Event::DocumentStart | Event::Nothing => continue,
                Event::MappingEnd | Event::SequenceEnd => {
                    key_lines.pop();
                    if let Some((n, _)) = open.pop()
                        && matches!(self.nodes[n].kind, Kind::FlowMap | Kind::FlowSeq)
                    {
                        self.nodes[n].close = Some(self.offset(mark));
                    }
                    if open.is_empty() {
                        break;
                    }
                    continue;
                }
                Event::Scalar(v, style, anchor, _) => {
                    empty = v.is_empty() && style == yaml_rust2::scanner::TScalarStyle::Plain;
                    (Kind::Scalar, anchor, Some(v))
                }
                Event::Alias(id) => (Kind::Alias(id), 0, None),
                Event::MappingStart(anchor, _) => {
                    let flow = self.char_at(mark) == Some('{');
                    (
                        if flow { Kind::FlowMap } else { Kind::BlockMap },
                        anchor,
                        None,
                    )
                }
                Event::SequenceStart(anchor, _) => {
                    let flow = self.char_at(mark) == Some('[');
                    (
                        if flow { Kind::FlowSeq } else { Kind::BlockSeq },
                        anchor,
                        None,
                    )
                }
            };
            let (line, col) = self.line_col(mark);
            let id = self.nodes.len();
            self.nodes.push(Node {
                kind,
                line,
                col,
                close: None,
                children: Vec::new(),
                key_line: None,
                empty,
            });
            if anchor != 0 {
                self.anchors.insert(anchor, id);
            }
            // Attach to the parent: a map takes a key, then its value.
            match open.last_mut() {
                None => self.root = Some(id),
                Some((parent, pending)) => match (self.nodes[*parent].kind, pending.take()) {
                    (Kind::BlockMap | Kind::FlowMap, None) => {
                        *pending = Some(key);
                        if let Some(k) = key_lines.last_mut() {
                            *k = Some(line);
                        }
                        // A block map starts where its first key does.
                        let p = *parent;
                        if self.nodes[p].children.is_empty() && self.nodes[p].kind == Kind::BlockMap
                        {
                            self.nodes[p].line = line;
                            self.nodes[p].col = col;
                        }
                    }
                    (Kind::BlockMap | Kind::FlowMap, Some(k)) => {
                        let p = *parent;
                        self.nodes[p].children.push((k, id));
                        self.nodes[id].key_line = key_lines.last().copied().flatten();
                    }
                    _ => {
                        let p = *parent;
                        self.nodes[p].children.push((None, id));
                    }
                },
            }
            if matches!(
                kind,
                Kind::BlockMap | Kind::FlowMap | Kind::BlockSeq | Kind::FlowSeq
            ) {
                open.push((id, None));
                key_lines.push(None);
            } else if open.is_empty() {
                break;
            }
        }
        // A block list starts at the `-` of its first item (the parser marks the item).
        for n in 0..self.nodes.len() {
            if self.nodes[n].kind == Kind::BlockSeq
                && let Some(&(_, first)) = self.nodes[n].children.first()
            {
                let (line, col) = (self.nodes[first].line, self.nodes[first].col);
                if let Some(dash) = self.dash_before(line, col) {
                    self.nodes[n].line = line;
                    self.nodes[n].col = dash;
                }
            }
        }
        Ok(())
    }

    /// The 0-based line and column (characters) of a marker (yaml-rust2: 1-based line,
    /// 0-based column in characters).
    fn line_col(&self, m: Marker) -> (usize, usize) {
        (m.line().saturating_sub(1), m.col())
    }

    /// The byte offset of a marker.
    fn offset(&self, m: Marker) -> usize {
        let (line, col) = self.line_col(m);
        let Some(&start) = self.starts.get(line) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        rest.char_indices()
            .nth(col)
            .map_or(self.text.len(), |(i, _)| start + i)
    }

    /// The column of the `-` before column `col` of a line, with only spaces between.
    fn dash_before(&self, line: usize, col: usize) -> Option<usize> {
        let chars: Vec<char> = self.line(line).chars().take(col).collect();
        let at = chars.iter().rposition(|c| *c != ' ')?;
        (chars[at] == '-').then_some(at)
    }

    fn char_at(&self, m: Marker) -> Option<char> {
        self.text[self.offset(m)..].chars().next()
    }

    /// The text of a 0-based line, without its line break.
    fn line(&self, i: usize) -> &str {
        let start = self.starts[i];
        let end = self.starts.get(i + 1).map_or(self.text.len(), |e| e - 1);
        self.text[start..end].trim_end_matches('\r')
    }

    /// A line's indentation (characters of leading spaces) and first other character.
    fn indent(&self, i: usize) -> Option<(usize, char)> {
        let l = self.line(i);
        let trimmed = l.trim_start_matches(' ');
        let c = trimmed.chars().next()?;
        Some((l.len() - trimmed.len(), c))
    }

    /// The 0-based line after which a block node's text ends: its last line that is neither
    /// blank nor a comment less indented than the node (such a comment introduces what
    /// follows, as the reference CV's section banners do).
    fn last_line(&self, node: usize) -> usize {
        let n = &self.nodes[node];
        let seq = n.kind == Kind::BlockSeq;
        let mut end = self.starts.len();
        for i in n.line + 1..self.starts.len() {
            let Some((indent, first)) = self.indent(i) else {
                continue;
            };
            let l = self.line(i);
            let item = l[indent..].starts_with("- ") || &l[indent..] == "-";
            let ends = (first != '#' && (indent < n.col || (seq && indent == n.col && !item)))
                || (indent == 0 && (l.starts_with("---") || l.starts_with("...")));
            if ends {
                end = i;
                break;
            }
        }
        // A list's items may stand at the column of its key: then a comment there
        // introduces what follows too.
        // A mapping's trailing comments at its keys' column are notes on what follows.
        let floor = if seq { n.col.max(1) } else { n.col + 1 };
        let mut last = n.line;
        for i in (n.line..end).rev() {
            match self.indent(i) {
                None => {}
                Some((indent, '#')) if indent < floor => {}
                Some(_) => {
                    last = i;
                    break;
                }
            }
        }
        last
    }

    /// The byte offset just after a line (after its line break; the end of the text for the
    /// last line, which may have none).
    fn after_line(&self, i: usize) -> usize {
        self.starts.get(i + 1).copied().unwrap_or(self.text.len())
    }

    /// Follows aliases to the node they name.
    fn resolve(&self, mut n: usize) -> usize {
        for _ in 0..self.nodes.len() {
            match self.nodes[n].kind {
                Kind::Alias(a) => match self.anchors.get(&a) {
                    Some(&t) => n = t,
                    None => return n,
                },
                _ => return n,
            }
        }
        n
    }

    fn find(&self, path: &[Step]) -> Result<usize, EditError> {
        let missing = || EditError::Missing {
            path: path_string(path),
        };
        let mut n = self.root.ok_or_else(missing)?;
        for step in path {
            n = self.resolve(n);
            let node = &self.nodes[n];
            n = match (step, node.kind) {
                (Step::Key(k), Kind::BlockMap | Kind::FlowMap) => node
                    .children
                    .iter()
                    .find(|(key, _)| key.as_deref() == Some(k.as_str()))
                    .map(|(_, c)| *c)
                    .ok_or_else(missing)?,
                (Step::Index(i), Kind::BlockSeq | Kind::FlowSeq) => {
                    node.children.get(*i).map(|(_, c)| *c).ok_or_else(missing)?
                }
                // A list of one written as the item itself.
                (Step::Index(0), _) => n,
                _ => return Err(missing()),
            };
        }
        Ok(self.resolve(n))
    }

    /// The node a path names, as an opaque identity (two paths through one anchor give the
    /// same), or `None` when it is not in the text.
    pub fn node_of(&self, path: &[Step]) -> Option<usize> {
        self.find(path).ok()
    }

    /// The column items of new lists get: that of the first block list under the top level,
    /// else 2.
    fn list_indent(&self) -> usize {
        let Some(root) = self.root else { return 2 };
        self.nodes[root]
            .children
            .iter()
            .map(|(_, c)| &self.nodes[*c])
            .find(|c| c.kind == Kind::BlockSeq)
            .map_or(2, |c| c.col.max(2))
    }

    /// Appends items, given as the YAML text of a block list (`- a: 1\n  b: 2\n`), at the end
    /// of the top-level section `key`, re-indented to the section's items; a section that is
    /// not in the file is added at the end of it (after the sections added before).
    ///
    /// # Errors
    /// [`EditError::NotBlock`] when the file's top level or the section is not a block
    /// collection the items can be appended to.
    pub fn append_items(&mut self, key: &str, items: &str) -> Result<(), EditError> {
        let root = self.root.map(|r| (r, self.nodes[r].kind));
        let section = match root {
            Some((r, Kind::BlockMap)) => self.nodes[r]
                .children
                .iter()
                .find(|(k, _)| k.as_deref() == Some(key))
                .map(|(_, c)| *c),
            Some((r, kind)) => {
                return Err(EditError::NotBlock {
                    path: "the top level".into(),
                    line: self.nodes[r].line + 1,
                    why: format!("written as {}, not as a block mapping", describe(kind)),
                });
            }
            None => None,
        };
        let Some(section) = section else {
            let indent = self.list_indent();
            self.tail
                .push(format!("\n{key}:\n{}", reindent(items, indent)));
            return Ok(());
        };
        let node = &self.nodes[section];
        // `works:` with nothing after it (or only a comment): the items go after that line.
        let bare_key = node.kind == Kind::Scalar
            && node.empty
            && node
                .key_line
                .is_some_and(|k| self.line(k).trim_end().ends_with(':'));
        if (bare_key || self.after_colon_is_comment(section))
            && let Some(k) = node.key_line
        {
            let text = reindent(items, self.list_indent());
            self.push_at(self.after_line(k), true, text);
            return Ok(());
        }
        if node.kind != Kind::BlockSeq {
            return Err(EditError::NotBlock {
                path: key.to_owned(),
                line: node.line + 1,
                why: format!(
                    "written as {}, where new items need a block list (`- ...` lines)",
                    describe(node.kind)
                ),
            });
        }
        let at = self.after_line(self.last_line(section));
        let text = reindent(items, node.col);
        self.push_at(at, true, text);
        Ok(())
    }

    /// Adds `key: value` to the mapping at `path`: a line of its own after the mapping's last
    /// line, at its keys' indentation, or, in a flow mapping (`{name: X}`), `, key: value`
    /// before its `}`. `value` is a plain string, quoted as YAML needs. Two paths through one
    /// anchor name one mapping: it is edited once (later calls for it are ignored).
    ///
    /// # Errors
    /// [`EditError::Missing`] when the path is not in the text, [`EditError::NotBlock`] when
    /// it names something else than a mapping (an organization written as a name only).
    pub fn insert_field(&mut self, path: &[Step], key: &str, value: &str) -> Result<(), EditError> {
        let n = self.find(path)?;
        let node = &self.nodes[n];
        match node.kind {
            Kind::BlockMap => {
                let at = self.after_line(self.last_line(n));
                let line = format!("{}{key}: {}\n", " ".repeat(node.col), scalar(value));
                self.push_at(at, false, line);
            }
            Kind::FlowMap => {
                let close = node.close.unwrap_or(self.text.len());
                let sep = if node.children.is_empty() { "" } else { ", " };
                let quoted = serde_json::Value::String(value.to_owned()).to_string();
                self.edits
                    .push((close, false, format!("{sep}{key}: {quoted}")));
            }
            kind => {
                return Err(EditError::NotBlock {
                    path: path_string(path),
                    line: node.line + 1,
                    why: format!("written as {}, not as a mapping", describe(kind)),
                });
            }
        }
        Ok(())
    }

    /// An insertion at a line start.
    fn push_at(&mut self, at: usize, items: bool, text: String) {
        self.edits.push((at, items, text));
    }

    /// Whether a map value is empty and its key's line ends in `:` and a comment.
    fn after_colon_is_comment(&self, n: usize) -> bool {
        let node = &self.nodes[n];
        let Some(k) = node.key_line else { return false };
        node.kind == Kind::Scalar
            && node.empty
            && self
                .line(k)
                .split_once(": ")
                .or_else(|| self.line(k).split_once(":\t"))
                .is_some_and(|(_, rest)| rest.trim_start().starts_with('#'))
    }

    /// Whether an edit was made.
    pub fn is_changed(&self) -> bool {
        !self.edits.is_empty() || !self.tail.is_empty()
    }

    /// The text with the edits made.
    pub fn finish(self) -> String {
        let mut edits = self.edits;
        // Stable: edits at one place keep the order they were made in.
        edits.sort_by_key(|(at, items, _)| (*at, *items));
        let mut out = String::with_capacity(self.text.len() + 256);
        // New lines end as the file's lines do.
        let crlf = self.text.contains("\r\n");
        let eol = |t: &str| {
            if crlf {
                t.replace('\n', "\r\n")
            } else {
                t.to_owned()
            }
        };
        let mut from = 0;
        let mut broken = self.text.is_empty() || self.text.ends_with('\n');
        for (at, _, text) in edits {
            out.push_str(&self.text[from..at]);
            // A last line without a line break gets one before what follows it.
            if at == self.text.len() && !broken {
                out.push_str(&eol("\n"));
                broken = true;
            }
            out.push_str(&eol(&text));
            from = at;
        }
        out.push_str(&self.text[from..]);
        if !self.tail.is_empty() && !out.is_empty() && !out.ends_with('\n') {
            out.push_str(&eol("\n"));
        }
        for t in self.tail {
            out.push_str(&eol(&t));
        }
        out
    }
}

fn describe(kind: Kind) -> &'static str {
    match kind {
        Kind::BlockMap => "a single mapping",
        Kind::FlowMap => "a flow mapping `{...}`",
        Kind::BlockSeq => "a block list",
        Kind::FlowSeq => "a flow list `[...]`",
        Kind::Scalar => "a single value",
        Kind::Alias(_) => "an alias `*...`",
    }
}

/// Every line of a text indented by `by` spaces (blank lines left empty).
fn reindent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    let mut out = String::with_capacity(text.len() + 16 * by);
    for line in text.lines() {
        if !line.is_empty() {
            out.push_str(&pad);
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A string as a YAML scalar, plain where the YAML writer leaves it plain, else quoted.
fn scalar(value: &str) -> String {
    let mut out = String::new();
    let mut e = yaml_rust2::YamlEmitter::new(&mut out);
    if e.dump(&yaml_rust2::Yaml::String(value.to_owned())).is_err() {
        return serde_json::Value::String(value.to_owned()).to_string();
    }
    out.strip_prefix("---").unwrap_or(&out).trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CV: &str = "\
# A CV
person:
  given-names: Ada   # her own
  family-name: Lovelace
employment:
  - organization: &uni
      name: University
    role: Tutor
  - organization: *uni
    role: 'Lecturer'

# ── Works ──
works:
- title: \"One\"
  date: 1843
  notes: |
    # not a comment
    text

  # a trailing comment of the list
# ── Awards ──
awards: [{title: A}]
";

    #[test]
    fn appends_at_the_end_of_a_section_and_keeps_every_other_byte() {
        let mut d = YamlText::parse(CV).unwrap();
        d.append_items("works", "- title: Two\n  date: 1844\n")
            .unwrap();
        d.append_items("employment", "- organization: {name: X}\n")
            .unwrap();
        let out = d.finish();
        let expected = CV
            .replace(
                "    role: 'Lecturer'\n",
                "    role: 'Lecturer'\n  - organization: {name: X}\n",
            )
            .replace(
                "  # a trailing comment of the list\n",
                "  # a trailing comment of the list\n- title: Two\n  date: 1844\n",
            );
        assert_eq!(out, expected);
        // It reads as the edit meant.
        let v = crate::input::read_value(&out, crate::InputFormat::Yaml).unwrap();
        assert_eq!(v["works"][1]["title"], "Two");
        assert_eq!(v["works"][0]["notes"], "# not a comment\ntext\n");
        assert_eq!(v["employment"][1]["role"], "Lecturer");
        assert_eq!(v["employment"][2]["organization"]["name"], "X");
    }

    #[test]
    fn a_missing_section_is_added_at_the_end() {
        let text = "person:\n  given-names: Ada\nworks:\n  - title: One\n";
        let mut d = YamlText::parse(text).unwrap();
        d.append_items("projects", "- title: P\n").unwrap();
        assert_eq!(d.finish(), format!("{text}\nprojects:\n  - title: P\n"));
        // Also after a last line without a line break.
        let mut d = YamlText::parse("person: {given-names: Ada}").unwrap();
        d.append_items("works", "- title: W\n").unwrap();
        assert_eq!(
            d.finish(),
            "person: {given-names: Ada}\n\nworks:\n  - title: W\n"
        );
    }

    #[test]
    fn flow_sections_and_a_flow_top_level_are_refused() {
        let mut d = YamlText::parse(CV).unwrap();
        let e = d.append_items("awards", "- title: B\n").unwrap_err();
        assert!(
            matches!(&e, EditError::NotBlock { path, line: 22, .. } if path == "awards"),
            "{e:?}"
        );
        assert!(e.to_string().contains("flow list"), "{e}");
        let mut d = YamlText::parse("{person: {given-names: Ada}}").unwrap();
        assert!(matches!(
            d.append_items("works", "- title: W\n"),
            Err(EditError::NotBlock { .. })
        ));
        assert!(!d.is_changed());
    }

    #[test]
    fn a_field_is_one_line_in_a_block_mapping_and_follows_anchors() {
        let mut d = YamlText::parse(CV).unwrap();
        let a = ["employment".into(), 0.into(), "organization".into()];
        let b = ["employment".into(), 1.into(), "organization".into()];
        assert_eq!(d.node_of(&a), d.node_of(&b), "one anchor, one node");
        d.insert_field(&a, "ror", "https://ror.org/03v4gjf40")
            .unwrap();
        d.insert_field(&["works".into(), 0.into()], "doi", "10.5555/1: x")
            .unwrap();
        let out = d.finish();
        let expected = CV
            .replace(
                "      name: University\n",
                "      name: University\n      ror: \"https://ror.org/03v4gjf40\"\n",
            )
            .replace("    text\n\n", "    text\n  doi: \"10.5555/1: x\"\n\n");
        assert_eq!(out, expected);
        let v = crate::input::read_value(&out, crate::InputFormat::Yaml).unwrap();
        assert_eq!(v["works"][0]["doi"], "10.5555/1: x");
        assert_eq!(v["works"][0]["notes"], "# not a comment\ntext\n");
    }

    #[test]
    fn a_field_in_a_flow_mapping_goes_before_its_brace_and_a_name_is_refused() {
        let text =
            "awards:\n  - {title: A, organization: {name: X}}\n  - title: B\n    organization: Y\n";
        let mut d = YamlText::parse(text).unwrap();
        d.insert_field(
            &["awards".into(), 0.into(), "organization".into()],
            "ror",
            "https://ror.org/1",
        )
        .unwrap();
        let e = d
            .insert_field(
                &["awards".into(), 1.into(), "organization".into()],
                "ror",
                "https://ror.org/2",
            )
            .unwrap_err();
        assert!(matches!(e, EditError::NotBlock { line: 4, .. }), "{e:?}");
        assert!(matches!(
            d.insert_field(&["awards".into(), 5.into()], "x", "y"),
            Err(EditError::Missing { .. })
        ));
        assert_eq!(
            d.finish(),
            "awards:\n  - {title: A, organization: {name: X, ror: \"https://ror.org/1\"}}\n  - title: B\n    organization: Y\n"
        );
    }

    #[test]
    fn items_from_the_yaml_writer_append_as_they_were() {
        let cv = crate::from_str(
            "person: {given-names: Ada, family-name: Lovelace}\nworks:\n  - type: book\n    title: \"Sketch: of the Engine\"\n    date: 1842\n    notes: \"two\\nlines\"\n",
            crate::InputFormat::Yaml,
        )
        .unwrap().cv;
        let items = crate::input::to_yaml_items(&cv.works).unwrap();
        assert!(items.starts_with("- "), "{items}");
        let text = "person:\n  given-names: Ada\n  family-name: Lovelace\nworks:\n  - type: book\n    title: One\n";
        let mut d = YamlText::parse(text).unwrap();
        d.append_items("works", &items).unwrap();
        let out = d.finish();
        assert!(out.starts_with(text));
        let back = crate::from_str(&out, crate::InputFormat::Yaml).unwrap().cv;
        assert_eq!(back.works[1], cv.works[0]);
    }

    #[test]
    fn new_lines_end_as_the_files_do() {
        let text =
            "person:\r\n  given-names: Ada\r\nworks:\r\n  - title: One\r\n    date: 1843\r\n";
        let mut d = YamlText::parse(text).unwrap();
        d.insert_field(&["works".into(), 0.into()], "doi", "10.5555/1")
            .unwrap();
        d.append_items("works", "- title: Two\n").unwrap();
        d.append_items("awards", "- title: A\n").unwrap();
        assert_eq!(
            d.finish(),
            format!(
                "{text}    doi: 10.5555/1\r\n  - title: Two\r\n\r\nawards:\r\n  - title: A\r\n"
            )
        );
    }

    #[test]
    fn an_empty_section_gets_its_first_items() {
        for key_line in ["works:", "works:   # none yet"] {
            let text = format!(
                "person:\n  given-names: Ada\n{key_line}\n# ── Awards ──\nawards:\n  - title: A\n"
            );
            let mut d = YamlText::parse(&text).unwrap();
            d.append_items("works", "- title: W\n").unwrap();
            let out = d.finish();
            assert_eq!(
                out,
                text.replace(
                    &format!("{key_line}\n"),
                    &format!("{key_line}\n  - title: W\n")
                )
            );
            let v = crate::input::read_value(&out, crate::InputFormat::Yaml).unwrap();
            assert_eq!(v["works"][0]["title"], "W");
        }
        // `works: ~` is a value written: refused.
        let mut d = YamlText::parse("works: ~\n").unwrap();
        assert!(d.append_items("works", "- title: W\n").is_err());
    }
}
