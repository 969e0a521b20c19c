//! A small scanner of the structure of a `.bib` file: where each entry starts, its type, key
//! and fields, with each value rewritten in the one form the `biblatex` crate reads without
//! surprises (braces instead of quotes, braces instead of parentheses around an entry).
//!
//! It does not decode anything: `biblatex` does that. It exists because `biblatex` 0.12 fails
//! a whole file on an entry in parentheses, silently cuts a quoted value at a `{"}`, and
//! fails a whole file on one broken entry; this scanner finds the entries itself, so each is
//! parsed alone and its fields can be counted against what the parser returns.

/// A value's part: `{…}`, `"…"` (stored braced), a macro name, or a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    /// Braced or quoted text, without its delimiters.
    Literal(String),
    /// A macro (an `@string` name or a month).
    Macro(String),
    /// A bare number.
    Number(String),
}

/// A field as written: its name (lower case) and its value's pieces, joined by `#`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawField {
    pub(super) name: String,
    pub(super) pieces: Vec<Piece>,
    /// Byte offset of the field's name.
    pub(super) at: usize,
}

/// An entry as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawEntry {
    /// The entry type, lower case (`article`, `string`, ...).
    pub(super) kind: String,
    /// The citation key (empty for `@string`).
    pub(super) key: String,
    pub(super) fields: Vec<RawField>,
    /// Byte offset of its `@`.
    pub(super) at: usize,
}

/// What the scanner found: entries and `@string`s in file order, and the places it could not
/// read (byte offset, message).
#[derive(Debug, Default)]
pub(super) struct Scanned {
    pub(super) entries: Vec<RawEntry>,
    pub(super) errors: Vec<(usize, String)>,
}

/// Scans a `.bib` text.
pub(super) fn scan(text: &str) -> Scanned {
    let mut out = Scanned::default();
    let mut s = Scanner { text, pos: 0 };
    while let Some(i) = text[s.pos..].find('@') {
        s.pos += i;
        let at = s.pos;
        match s.entry() {
            Ok(Some(e)) => out.entries.push(e),
            Ok(None) => {}
            Err((offset, message)) => {
                out.errors.push((offset, message));
                // Resume at the next `@` that starts a line.
                s.pos = at + 1;
                match text[s.pos..].find("\n@").or_else(|| {
                    text[s.pos..]
                        .match_indices('\n')
                        .find(|(j, _)| text[s.pos + j + 1..].trim_start().starts_with('@'))
                        .map(|(j, _)| j)
                }) {
                    Some(j) => s.pos += j + 1,
                    None => break,
                }
            }
        }
    }
    out
}

struct Scanner<'a> {
    text: &'a str,
    pos: usize,
}

type ScanResult<T> = Result<T, (usize, String)>;

impl Scanner<'_> {
    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn skip_space(&mut self) {
        let t = self.rest();
        self.pos += t.len() - t.trim_start().len();
    }

    fn fail<T>(&self, expected: &str) -> ScanResult<T> {
        let found = match self.peek() {
            Some(c) => format!("{c:?}"),
            None => "the end of the file".to_owned(),
        };
        Err((self.pos, format!("expected {expected}, found {found}")))
    }

    fn name(&mut self) -> String {
        let t = self.rest();
        let n = t
            .find(|c: char| c.is_whitespace() || "={}(),\"#%@".contains(c))
            .unwrap_or(t.len());
        let name = t[..n].to_owned();
        self.pos += n;
        name
    }

    /// An entry at `@`; `None` for `@comment` and `@preamble`.
    fn entry(&mut self) -> ScanResult<Option<RawEntry>> {
        let at = self.pos;
        self.pos += 1;
        self.skip_space();
        let kind = self.name().to_ascii_lowercase();
        self.skip_space();
        let close = match self.peek() {
            Some('{') if !kind.is_empty() => '}',
            Some('(') if !kind.is_empty() => ')',
            // An `@` in the text between entries (an e-mail address): not an entry.
            _ => {
                self.pos = at + 1;
                return Ok(None);
            }
        };
        if kind == "comment" || kind == "preamble" {
            self.balanced_skip(close)?;
            return Ok(None);
        }
        self.pos += 1;
        self.skip_space();
        let mut key = String::new();
        if kind != "string" {
            let t = self.rest();
            let n = t
                .find(|c: char| c == ',' || c == close || c.is_whitespace())
                .unwrap_or(t.len());
            key = t[..n].to_owned();
            self.pos += n;
            self.skip_space();
            if key.is_empty() {
                return self.fail("a citation key");
            }
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(c) if c == close => {
                    self.pos += 1;
                    return Ok(Some(RawEntry {
                        kind,
                        key,
                        fields: Vec::new(),
                        at,
                    }));
                }
                _ => return self.fail("`,` after the citation key"),
            }
        }
        let mut fields = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                Some(c) if c == close => {
                    self.pos += 1;
                    break;
                }
                None => return self.fail(&format!("`{close}` closing the entry")),
                _ => {}
            }
            let field_at = self.pos;
            let name = self.name().to_ascii_lowercase();
            if name.is_empty() {
                return self.fail("a field name");
            }
            self.skip_space();
            if self.peek() != Some('=') {
                return self.fail(&format!("`=` after the field name `{name}`"));
            }
            self.pos += 1;
            let pieces = self.value(close)?;
            fields.push(RawField {
                name,
                pieces,
                at: field_at,
            });
            self.skip_space();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(c) if c == close => {}
                _ => return self.fail("`,` or the end of the entry after a field value"),
            }
        }
        Ok(Some(RawEntry {
            kind,
            key,
            fields,
            at,
        }))
    }

    /// A value: pieces joined by `#`.
    fn value(&mut self, close: char) -> ScanResult<Vec<Piece>> {
        let mut pieces = Vec::new();
        loop {
            self.skip_space();
            let piece = match self.peek() {
                Some('{') => Piece::Literal(self.braced()?),
                Some('"') => Piece::Literal(self.quoted()?),
                Some(c) if c.is_ascii_digit() => {
                    let t = self.rest();
                    let n = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
                    let number = t[..n].to_owned();
                    self.pos += n;
                    Piece::Number(number)
                }
                Some(c) if c != close && c != ',' && c != '#' => {
                    let n = self.name();
                    if n.is_empty() {
                        return self.fail("a value");
                    }
                    Piece::Macro(n)
                }
                _ => return self.fail("a value"),
            };
            pieces.push(piece);
            self.skip_space();
            if self.peek() == Some('#') {
                self.pos += 1;
            } else {
                return Ok(pieces);
            }
        }
    }

    /// `{…}` with nested braces; returns the inside.
    fn braced(&mut self) -> ScanResult<String> {
        let start = self.pos;
        let mut depth = 0usize;
        let mut escaped = false;
        for (i, c) in self.rest().char_indices() {
            if escaped {
                escaped = false;
                continue;
            }
            match c {
                '\\' => escaped = true,
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        self.pos = start + i + 1;
                        return Ok(self.text[start + 1..start + i].to_owned());
                    }
                }
                _ => {}
            }
        }
        Err((start, "expected `}` closing this `{`".into()))
    }

    /// `"…"`, where a `"` inside braces (`{"}`) does not end it; returns the inside.
    fn quoted(&mut self) -> ScanResult<String> {
        let start = self.pos;
        let mut depth = 0usize;
        let mut escaped = false;
        for (i, c) in self.rest().char_indices().skip(1) {
            if escaped {
                escaped = false;
                continue;
            }
            match c {
                '\\' => escaped = true,
                '{' => depth += 1,
                '}' if depth > 0 => depth -= 1,
                '}' => return Err((start + i, "unbalanced `}` in a quoted value".into())),
                '"' if depth == 0 => {
                    self.pos = start + i + 1;
                    return Ok(self.text[start + 1..start + i].to_owned());
                }
                _ => {}
            }
        }
        Err((start, "expected `\"` closing this quoted value".into()))
    }

    /// Skips a `@comment{…}` or `@preamble(…)`.
    fn balanced_skip(&mut self, close: char) -> ScanResult<()> {
        if close == '}' {
            self.braced().map(|_| ())
        } else {
            let start = self.pos;
            let mut depth = 0usize;
            for (i, c) in self.rest().char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            self.pos = start + i + 1;
                            return Ok(());
                        }
                    }
                    _ => {}
                }
            }
            Err((start, "expected `)` closing this `(`".into()))
        }
    }
}

/// The months BibTeX defines as macros.
pub(super) const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

impl RawEntry {
    /// The entry in the form `biblatex` reads: braces around it and around every literal;
    /// a macro in `defined` or a month kept as a macro, any other macro as its name in braces.
    pub(super) fn normalized(&self, defined: &dyn Fn(&str) -> bool) -> String {
        let mut out = String::new();
        out.push('@');
        out.push_str(&self.kind);
        out.push('{');
        if self.kind != "string" {
            out.push_str(&self.key);
            out.push(',');
        }
        for f in &self.fields {
            out.push_str("\n  ");
            out.push_str(&f.name);
            out.push_str(" = ");
            for (i, p) in f.pieces.iter().enumerate() {
                if i > 0 {
                    out.push_str(" # ");
                }
                match p {
                    Piece::Literal(s) => {
                        out.push('{');
                        out.push_str(s);
                        out.push('}');
                    }
                    Piece::Number(n) => out.push_str(n),
                    // BibTeX's macro names ignore case; the scanner keeps `@string` names
                    // in lower case.
                    Piece::Macro(m) if defined(m) => out.push_str(&m.to_ascii_lowercase()),
                    Piece::Macro(m) => {
                        out.push('{');
                        out.push_str(m);
                        out.push('}');
                    }
                }
            }
            out.push(',');
        }
        out.push_str("\n}\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parentheses_quotes_and_junk() {
        let s = scan(
            "junk text\n@article(k1, title = \"A {\"}q{\"} w\", year = 2020)\nmore @ junk?\n@misc{k2}",
        );
        assert_eq!(s.entries.len(), 2, "{:?}", s.errors);
        let e = &s.entries[0];
        assert_eq!((e.kind.as_str(), e.key.as_str()), ("article", "k1"));
        assert_eq!(e.fields[0].pieces, [Piece::Literal("A {\"}q{\"} w".into())]);
        assert_eq!(e.fields[1].pieces, [Piece::Number("2020".into())]);
        assert_eq!(s.entries[1].key, "k2");
    }

    #[test]
    fn a_broken_entry_is_reported_and_the_next_read() {
        let s = scan("@article{a, title = {x\n@book{b, title = {y}}\n");
        assert_eq!(s.entries.len(), 1);
        assert_eq!(s.entries[0].key, "b");
        assert_eq!(s.errors.len(), 1);
    }
}
