//! A small namespace-aware XML tree for reading, and an indenting writer, both strict about
//! what XML 1.0 allows.
//!
//! Reading refuses any `<!DOCTYPE …>` (so no DTD, no external entity, no entity expansion),
//! undefined entities, characters XML 1.0 forbids, and documents too large or too deep; every
//! error says where (line and column).

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::write::NAMESPACES;
use crate::input::is_xml_char;

/// The largest ORCID document accepted, in bytes.
pub const MAX_DOCUMENT_SIZE: usize = 16 * 1024 * 1024;

/// The deepest element nesting accepted (ORCID documents need about 10).
pub const MAX_DEPTH: usize = 64;

/// A problem reading an XML document, with its position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct XmlError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// An element of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Element {
    /// The namespace URI ("" when the name has no namespace).
    pub ns: String,
    /// The local name.
    pub name: String,
    /// Attributes without a namespace, as (local name, value); namespace declarations and
    /// namespaced attributes (`xsi:schemaLocation`) are left out.
    pub attrs: Vec<(String, String)>,
    /// Child elements, in order.
    pub children: Vec<Element>,
    /// The text directly inside this element (not inside children), entities resolved.
    pub text: String,
    /// Byte offset of the start tag in the document.
    pub offset: usize,
    /// 1-based line of the start tag.
    pub line: usize,
}

impl Element {
    /// The value of an attribute without namespace.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether this element has this namespace and local name.
    pub fn is(&self, ns: &str, name: &str) -> bool {
        self.ns == ns && self.name == name
    }

    /// The first child with this namespace and name.
    pub fn child(&self, ns: &str, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.is(ns, name))
    }

    /// The trimmed text, `None` when empty.
    pub fn value(&self) -> Option<String> {
        let t = self.text.trim();
        (!t.is_empty()).then(|| t.to_owned())
    }

    /// The trimmed text of a child, `None` when the child is absent or empty.
    pub fn child_value(&self, ns: &str, name: &str) -> Option<String> {
        self.child(ns, name).and_then(Element::value)
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    super::cost::add(end);
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// Line numbers of offsets, counted from the last offset asked for: asked in document order,
/// each byte of the text is scanned once, however many elements ask (counting from the start
/// for every element made reading quadratic: 10,000 works took 2.4 s). Only elements that
/// need a line (an item, a loss) ask: counting at every start tag cost 3% of converting
/// ORCID's data file.
pub(crate) struct LineCursor<'a> {
    text: &'a [u8],
    /// The offset counted up to, and the line it is on.
    pos: usize,
    line: usize,
}

impl<'a> LineCursor<'a> {
    pub fn new(text: &'a str) -> Self {
        Self {
            text: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    /// The 1-based line of a byte offset. An offset before the last one (an element's line
    /// asked after its children were read) is counted back from there.
    pub fn line_at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset >= self.pos {
            let span = &self.text[self.pos..offset];
            super::cost::add(span.len());
            self.line += memchr::memchr_iter(b'\n', span).count();
        } else {
            let span = &self.text[offset..self.pos];
            super::cost::add(span.len());
            self.line -= memchr::memchr_iter(b'\n', span).count();
        }
        self.pos = offset;
        self.line
    }
}

fn err(text: &str, offset: usize, message: impl Into<String>) -> XmlError {
    let (line, column) = line_col(text, offset);
    XmlError {
        line,
        column,
        message: message.into(),
    }
}

fn check_chars(text: &str, s: &str, offset: usize, what: &str) -> Result<(), XmlError> {
    match s.chars().find(|c| !is_xml_char(*c)) {
        Some(c) => Err(err(
            text,
            offset,
            format!(
                "{what} holds the character U+{:04X}, which XML 1.0 forbids",
                c as u32
            ),
        )),
        None => Ok(()),
    }
}

/// ORCID's prefix and namespace URI for a URI, when it is one of ORCID's namespaces.
pub(crate) fn known_namespace(uri: &str) -> Option<(&'static str, &'static str)> {
    const BASE: &str = "http://www.orcid.org/ns/";
    let rest = uri.strip_prefix(BASE)?;
    NAMESPACES
        .iter()
        .find(|(_, u)| &u[BASE.len()..] == rest)
        .copied()
}

/// The prefix ORCID's documents use for a namespace URI: `""` for none, `"?"` for a
/// namespace that is not ORCID's.
pub(crate) fn prefix_of(uri: &str) -> &'static str {
    if uri.is_empty() {
        ""
    } else {
        known_namespace(uri).map_or("?", |(p, _)| p)
    }
}

/// The start of an element, as the [`Events`] reader meets it: namespace, local name, where it
/// is, and its attributes (checked when it was read, decoded when asked for).
#[derive(Debug, Clone)]
pub(crate) struct Start<'a> {
    /// The namespace URI (`""` when the name has none).
    pub ns: Cow<'static, str>,
    /// The prefix ORCID's documents use for it (`""` none, `"?"` not one of ORCID's).
    pub prefix: &'static str,
    /// The local name.
    pub name: &'a str,
    /// Byte offset of the start tag (its line: [`LineCursor`]).
    pub offset: usize,
    tag: BytesStart<'a>,
}

impl Start<'_> {
    /// The attributes without a namespace, as (local name, value): namespace declarations and
    /// namespaced attributes (`xsi:schemaLocation`) are left out, as [`Element::attrs`].
    pub fn attrs(&self) -> impl Iterator<Item = (&str, Cow<'_, str>)> {
        self.checked_attributes().filter_map(|a| {
            // Checked when the element was read.
            let a = a.ok()?;
            let key = a.key.0;
            if key == "xmlns" || key.contains(':') {
                return None;
            }
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()?;
            Some((key, value))
        })
    }

    /// The value of an attribute without namespace (only its value is decoded).
    pub fn attr(&self, name: &str) -> Option<String> {
        if name == "xmlns" || name.contains(':') {
            return None;
        }
        let a = self
            .checked_attributes()
            .flatten()
            .find(|a| a.key.0 == name)?;
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(Cow::into_owned)
    }

    /// The tag's attributes, read again without checking them for duplicates: the reader
    /// refused the document if it had any.
    fn checked_attributes(&self) -> quick_xml::events::attributes::Attributes<'_> {
        let mut attributes = self.tag.attributes();
        attributes.with_checks(false);
        attributes
    }
}

/// What the [`Events`] reader gives, in document order.
#[derive(Debug)]
pub(crate) enum Token<'a> {
    /// A start tag (an empty element's end follows at once).
    Start(Start<'a>),
    /// The end of the innermost open element.
    End,
    /// Text inside an element, entities resolved.
    Text(Cow<'a, str>),
    /// A character or entity reference, resolved.
    Char(char),
    /// The end of the document, every element closed.
    Eof,
}

/// The one XML reader of ORCID documents: quick-xml's namespace-aware events, with every check
/// vitae makes of a document, and positions. The tree of [`parse`] and the document reader
/// (`orcid/read.rs`, which reads the events straight into ORCID's items) are built on it.
///
/// It refuses any `<!DOCTYPE …>` (so no DTD, no external entity, no entity expansion),
/// undefined entities, characters XML 1.0 forbids, undeclared prefixes, a declared encoding
/// other than UTF-8, and documents larger than [`MAX_DOCUMENT_SIZE`] or deeper than
/// [`MAX_DEPTH`]; every error says where (line and column).
pub(crate) struct Events<'a> {
    text: &'a str,
    reader: Reader<&'a [u8]>,
    /// The open elements: local name, offset (for a document cut short), and the number of
    /// namespace bindings in scope before it.
    open: Vec<(&'a str, usize, usize)>,
    /// The namespace bindings in scope, innermost last: prefix (`""` the default namespace),
    /// URI (`""`: unbound) and the prefix ORCID's documents use for it (see [`prefix_of`]).
    bindings: Vec<(&'a str, Cow<'static, str>, &'static str)>,
    /// A root element was met.
    root_seen: bool,
    /// The last start was an empty element: its end comes next.
    pending_end: bool,
}

impl<'a> Events<'a> {
    /// A reader of `text`, which is refused at once when too large or holding a character
    /// XML 1.0 forbids.
    ///
    /// # Errors
    /// An [`XmlError`] with the position of the problem.
    pub fn new(text: &'a str) -> Result<Self, XmlError> {
        if text.len() > MAX_DOCUMENT_SIZE {
            return Err(err(
                text,
                0,
                format!(
                    "the document has {} bytes; at most {MAX_DOCUMENT_SIZE} are accepted",
                    text.len()
                ),
            ));
        }
        // The characters XML 1.0 forbids are C0 controls other than tab and line breaks, and
        // U+FFFE and U+FFFF (UTF-8 0xEF 0xBF …): one pass over the bytes, many at a time, finds
        // whether the text may hold one; only then is it read character by character (that
        // scan took a sixth of the time of converting ORCID's data file).
        let suspect = text.as_bytes().iter().fold(false, |acc, &b| {
            acc | (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') | (b == 0xEF)
        });
        if let Some((i, c)) = suspect
            .then(|| text.char_indices().find(|(_, c)| !is_xml_char(*c)))
            .flatten()
        {
            return Err(err(
                text,
                i,
                format!(
                    "found the character U+{:04X}, which XML 1.0 forbids",
                    c as u32
                ),
            ));
        }
        let mut reader = Reader::from_str(text);
        reader.config_mut().check_end_names = true;
        Ok(Self {
            text,
            reader,
            open: Vec::new(),
            bindings: Vec::new(),
            root_seen: false,
            pending_end: false,
        })
    }

    /// The error of a problem at `offset`.
    pub fn error(&self, offset: usize, message: impl Into<String>) -> XmlError {
        err(self.text, offset, message)
    }

    /// The next token.
    ///
    /// # Errors
    /// An [`XmlError`] with the position of the first problem.
    pub fn next(&mut self) -> Result<Token<'a>, XmlError> {
        if self.pending_end {
            self.pending_end = false;
            self.close();
            return Ok(Token::End);
        }
        let text = self.text;
        loop {
            let offset = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
            let event = match self.reader.read_event() {
                Ok(x) => x,
                Err(e) => {
                    let at = usize::try_from(self.reader.error_position()).unwrap_or(offset);
                    return Err(err(text, at, format!("malformed XML: {e}")));
                }
            };
            let inside = !self.open.is_empty();
            let empty = matches!(event, Event::Empty(_));
            match event {
                Event::DocType(_) => {
                    return Err(err(
                        text,
                        offset,
                        "found a <!DOCTYPE …> declaration: DTDs and entity declarations are refused (ORCID documents have none)",
                    ));
                }
                Event::Decl(d) => {
                    if let Some(Ok(enc)) = d.encoding() {
                        let enc = enc.as_ref().to_ascii_lowercase();
                        if enc != "utf-8" && enc != "utf8" {
                            return Err(err(
                                text,
                                offset,
                                format!(
                                    "the document declares the encoding {enc:?}; only UTF-8 is read"
                                ),
                            ));
                        }
                    }
                }
                Event::Start(e) | Event::Empty(e) => {
                    return self.start(offset, e, empty).map(Token::Start);
                }
                Event::End(_) => {
                    if self.open.is_empty() {
                        return Err(err(text, offset, "an end tag without a start tag"));
                    }
                    self.close();
                    return Ok(Token::End);
                }
                Event::Text(t) => {
                    let s = t.xml10_content();
                    if inside {
                        return Ok(Token::Text(s));
                    }
                    if !s.trim().is_empty() {
                        return Err(err(text, offset, "text outside the root element"));
                    }
                }
                Event::CData(c) => {
                    if !inside {
                        return Err(err(text, offset, "CDATA outside the root element"));
                    }
                    return Ok(Token::Text(c.xml10_content()));
                }
                Event::GeneralRef(r) => {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => c,
                        Ok(None) => match &*r {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "apos" => '\'',
                            "quot" => '"',
                            other => {
                                return Err(err(
                                    text,
                                    offset,
                                    format!(
                                        "the entity &{other}; is not defined (only XML's five predefined entities are)"
                                    ),
                                ));
                            }
                        },
                        Err(e) => {
                            return Err(err(text, offset, format!("bad character reference: {e}")));
                        }
                    };
                    if !is_xml_char(c) {
                        return Err(err(
                            text,
                            offset,
                            format!(
                                "a character reference to U+{:04X}, which XML 1.0 forbids",
                                c as u32
                            ),
                        ));
                    }
                    if !inside {
                        return Err(err(text, offset, "a reference outside the root element"));
                    }
                    return Ok(Token::Char(c));
                }
                Event::Comment(_) | Event::PI(_) => {}
                Event::Eof => {
                    if let Some(&(name, offset, _)) = self.open.last() {
                        let (line, _) = line_col(text, offset);
                        return Err(err(
                            text,
                            text.len(),
                            format!("the document ends inside <{name}> (opened at line {line})"),
                        ));
                    }
                    if !self.root_seen {
                        return Err(err(
                            text,
                            text.len(),
                            "no root element: the document is empty",
                        ));
                    }
                    return Ok(Token::Eof);
                }
            }
        }
    }

    /// The end of the innermost element: its namespace bindings go out of scope.
    fn close(&mut self) {
        if let Some((_, _, bound)) = self.open.pop() {
            self.bindings.truncate(bound);
        }
    }

    /// The namespace URI bound to `prefix` (`""`: the default namespace) and ORCID's prefix
    /// for it, `None` when the prefix is not declared.
    fn resolve(&self, prefix: &str) -> Option<(Cow<'static, str>, &'static str)> {
        match self.bindings.iter().rev().find(|(p, ..)| *p == prefix) {
            Some((_, uri, orcid)) if !uri.is_empty() || prefix.is_empty() => {
                Some((uri.clone(), orcid))
            }
            Some(_) => None,
            None if prefix.is_empty() => Some((Cow::Borrowed(""), "")),
            None if prefix == "xml" => Some((Cow::Borrowed(XML_NAMESPACE), "?")),
            None if prefix == "xmlns" => Some((Cow::Borrowed(XMLNS_NAMESPACE), "?")),
            None => None,
        }
    }

    /// Binds `prefix` (`""`: the default namespace) to `uri`, as the Namespaces in XML
    /// recommendation allows.
    fn bind(&mut self, prefix: &'a str, uri: &str, offset: usize) -> Result<(), XmlError> {
        let refused = match prefix {
            "xml" if uri != XML_NAMESPACE => Some(format!(
                "the namespace prefix 'xml' cannot be bound to '{uri}'"
            )),
            "xml" => return Ok(()),
            "xmlns" => Some(format!(
                "the namespace prefix 'xmlns' cannot be bound to '{uri}'"
            )),
            _ if uri == XML_NAMESPACE || uri == XMLNS_NAMESPACE => Some(format!(
                "the namespace prefix '{prefix}' cannot be bound to '{uri}'"
            )),
            _ if self.bindings.len() >= MAX_NAMESPACE_BINDINGS => Some(format!(
                "more than {MAX_NAMESPACE_BINDINGS} namespace bindings in scope"
            )),
            _ => None,
        };
        if let Some(why) = refused {
            return Err(err(self.text, offset, format!("malformed XML: {why}")));
        }
        let (uri, orcid) = match known_namespace(uri) {
            Some((orcid, known)) => (Cow::Borrowed(known), orcid),
            None => (Cow::Owned(uri.to_owned()), prefix_of(uri)),
        };
        self.bindings.push((prefix, uri, orcid));
        Ok(())
    }

    /// A start tag, checked: one root, the depth, its prefixes and attributes.
    fn start(
        &mut self,
        offset: usize,
        e: BytesStart<'a>,
        empty: bool,
    ) -> Result<Start<'a>, XmlError> {
        let text = self.text;
        if self.open.is_empty() && self.root_seen {
            return Err(err(text, offset, "a second root element"));
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(err(
                text,
                offset,
                format!("elements nested deeper than {MAX_DEPTH} levels; refused"),
            ));
        }
        // The tag's text, borrowed from the document: it follows the `<` at `offset`.
        let at = if text.as_bytes().get(offset) == Some(&b'<') {
            offset + 1
        } else {
            // Only a byte-order mark comes before a root read at its first event.
            text.get(offset..)
                .and_then(|t| t.find('<'))
                .map_or(offset, |i| offset + i + 1)
        };
        let q = e.name().0;
        let qname = match text.get(at..at + q.len()) {
            Some(s) if s == q => s,
            _ => return Err(err(text, offset, format!("cannot find the name of <{q}>"))),
        };
        let tag = text.get(at..at + e.len()).unwrap_or(qname);
        // The namespace declarations of the element are in scope for its name and its
        // attributes, wherever they stand among them.
        let bound = self.bindings.len();
        let mut prefixed = false;
        let attributes = e.attributes_raw().trim_ascii_start();
        for a in e
            .attributes()
            .take(if attributes.is_empty() { 0 } else { usize::MAX })
        {
            let a = a.map_err(|x| err(text, offset, format!("malformed attribute: {x}")))?;
            let key = a.key.0;
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|x| err(text, offset, format!("attribute {key}: {x}")))?;
            if key == "xmlns" || key.starts_with("xmlns:") {
                // The prefix, borrowed from the document: the key is a slice of the tag's
                // text, itself a slice of the document (found by its place in memory).
                let end = (key.as_ptr() as usize)
                    .checked_sub(text.as_ptr() as usize)
                    .map(|i| i + key.len())
                    .filter(|&i| text.get(..i).is_some_and(|t| t.ends_with(key)))
                    .or_else(|| tag.find(key).map(|i| at + i + key.len()));
                let len = key.len() - key.find(':').map_or(key.len(), |i| i + 1);
                let prefix = end.map_or("", |end| &text[end - len..end]);
                self.bind(prefix, a.value.as_ref(), offset)?;
                continue;
            }
            check_chars(text, &value, offset, "an attribute")?;
            prefixed |= key.contains(':');
        }
        if prefixed {
            for a in e.attributes().flatten() {
                let key = a.key.0;
                if let Some((p, _)) = key.split_once(':')
                    && p != "xmlns"
                    && self.resolve(p).is_none()
                {
                    self.bindings.truncate(bound);
                    return Err(err(
                        text,
                        offset,
                        format!("the prefix {p:?} of an attribute is not declared"),
                    ));
                }
            }
        }
        let (prefix, name) = match qname.bytes().position(|b| b == b':') {
            Some(i) => (&qname[..i], &qname[i + 1..]),
            None => ("", qname),
        };
        let Some((ns, orcid)) = self.resolve(prefix) else {
            self.bindings.truncate(bound);
            return Err(err(
                text,
                offset,
                format!("the prefix {prefix:?} of <{qname}> is not declared"),
            ));
        };
        self.root_seen = true;
        self.open.push((name, offset, bound));
        self.pending_end = empty;
        Ok(Start {
            prefix: orcid,
            ns,
            name,
            offset,
            tag: e,
        })
    }
}

/// The namespace the `xml` prefix is bound to.
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace the `xmlns` prefix is bound to.
const XMLNS_NAMESPACE: &str = "http://www.w3.org/2000/xmlns/";
/// The most namespace bindings in scope at once (quick-xml's limit too): each element's name
/// is looked up among them.
const MAX_NAMESPACE_BINDINGS: usize = 128;

/// Parses a document into its root element.
///
/// # Errors
/// An [`XmlError`] with the line and column of the first problem: malformed XML, a
/// `DOCTYPE`, an undefined entity, a character XML 1.0 forbids, a declared encoding other
/// than UTF-8, a document larger than [`MAX_DOCUMENT_SIZE`] or deeper than [`MAX_DEPTH`].
pub(crate) fn parse(text: &str) -> Result<Element, XmlError> {
    let mut events = Events::new(text)?;
    let mut lines = LineCursor::new(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        match events.next()? {
            Token::Start(s) => {
                let attrs = s
                    .attrs()
                    .map(|(k, v)| (k.to_owned(), v.into_owned()))
                    .collect();
                stack.push(Element {
                    ns: s.ns.into_owned(),
                    name: s.name.to_owned(),
                    attrs,
                    children: Vec::new(),
                    text: String::new(),
                    offset: s.offset,
                    line: lines.line_at(s.offset),
                });
            }
            Token::End => {
                let el = stack
                    .pop()
                    .expect("the reader pairs every end with a start");
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Token::Text(t) => {
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&t);
                }
            }
            Token::Char(c) => {
                if let Some(el) = stack.last_mut() {
                    el.text.push(c);
                }
            }
            Token::Eof => break,
        }
    }
    Ok(root.expect("the reader ends only after a root element"))
}

/// A problem writing XML: a value XML 1.0 cannot carry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{element}: found the character U+{code:04X}, which XML 1.0 forbids")]
pub struct WriteError {
    /// The element (or `element/@attribute`) whose value holds it.
    pub element: String,
    /// The code point.
    pub code: u32,
}

/// An indenting XML writer: elements with text stay on one line, so no whitespace ever gets
/// inside a value (dates in particular).
///
/// Element names are `&'static str` (ORCID's element names are fixed), so that the stack of
/// open elements needs no copy of them; values are checked for characters XML 1.0 forbids and
/// escaped in one pass over their characters, and a value that fails leaves nothing of its
/// element written.
pub(crate) struct Writer {
    out: String,
    depth: usize,
    open: Vec<&'static str>,
}

/// Appends `s` escaped (`&`, `<`, `>`, CR; in attributes also `"`, LF and TAB), or returns the
/// first character XML 1.0 forbids (with `out` then holding part of `s`).
fn escape_into(out: &mut String, s: &str, attr: bool) -> Result<(), char> {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '"' if attr => out.push_str("&quot;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' if attr => out.push_str("&#9;"),
            c if !is_xml_char(c) => return Err(c),
            c => out.push(c),
        }
    }
    Ok(())
}

/// The first character of `s` that XML 1.0 forbids (what [`is_xml_char`] refuses).
pub(crate) fn first_forbidden_char(s: &str) -> Option<char> {
    s.chars().find(|c| !is_xml_char(*c))
}

/// Spaces for indenting, sliced to the depth.
const SPACES: &str = "                                                                ";

impl Writer {
    /// A writer with the XML declaration written.
    pub fn new() -> Self {
        Self {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            depth: 0,
            open: Vec::new(),
        }
    }

    /// A document written by `body`, every element it leaves open closed.
    pub fn document(
        body: impl FnOnce(&mut Writer) -> Result<(), WriteError>,
    ) -> Result<String, WriteError> {
        let mut w = Self::new();
        body(&mut w)?;
        Ok(w.finish())
    }

    /// The error for a value of `name` (with `attr`, of its attribute) holding `c`.
    fn forbidden(&self, name: &str, attr: Option<&str>, c: char) -> WriteError {
        let mut element = self.open.join("/");
        if !element.is_empty() {
            element.push('/');
        }
        element.push_str(name);
        if let Some(a) = attr {
            element.push_str("/@");
            element.push_str(a);
        }
        WriteError {
            element,
            code: c as u32,
        }
    }

    fn indent(&mut self) {
        let n = 2 * self.depth;
        if n <= SPACES.len() {
            self.out.push_str(&SPACES[..n]);
        } else {
            for _ in 0..self.depth {
                self.out.push_str("  ");
            }
        }
    }

    /// The indented `<name` of a start tag; attributes follow with [`Writer::attr`] and
    /// [`Writer::xmlns`], then [`Writer::open`].
    pub fn begin(&mut self, name: &str) {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
    }

    /// ` key="value"` of the start tag of `name` begun last.
    pub fn attr(&mut self, name: &str, key: &str, value: &str) -> Result<(), WriteError> {
        self.out.push(' ');
        self.out.push_str(key);
        self.out.push_str("=\"");
        escape_into(&mut self.out, value, true).map_err(|c| self.forbidden(name, Some(key), c))?;
        self.out.push('"');
        Ok(())
    }

    /// ` xmlns:prefix="uri"` (a namespace URI, which needs no escaping).
    pub fn xmlns(&mut self, prefix: &str, uri: &str) {
        self.out.push_str(" xmlns:");
        self.out.push_str(prefix);
        self.out.push_str("=\"");
        self.out.push_str(uri);
        self.out.push('"');
    }

    /// `>` ending the start tag of `name`; children follow, indented.
    pub fn open(&mut self, name: &'static str) {
        self.out.push_str(">\n");
        self.depth += 1;
        self.open.push(name);
    }

    fn attrs(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<(), WriteError> {
        for (k, v) in attrs {
            self.attr(name, k, v)?;
        }
        Ok(())
    }

    /// `<name attrs>` on its own line; children follow, indented.
    pub fn start(&mut self, name: &'static str, attrs: &[(&str, &str)]) -> Result<(), WriteError> {
        let mark = self.out.len();
        self.begin(name);
        if let Err(e) = self.attrs(name, attrs) {
            self.out.truncate(mark);
            return Err(e);
        }
        self.open(name);
        Ok(())
    }

    /// `</name>` of the innermost open element.
    pub fn end(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        let name = self.open.pop().unwrap_or_default();
        self.indent();
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// `<name attrs>text</name>` on one line; `<name attrs/>` when the text is empty.
    pub fn leaf(
        &mut self,
        name: &str,
        attrs: &[(&str, &str)],
        text: &str,
    ) -> Result<(), WriteError> {
        // The text is checked before the attributes, as the error names the first problem.
        if !attrs.is_empty()
            && let Some(c) = first_forbidden_char(text)
        {
            return Err(self.forbidden(name, None, c));
        }
        let mark = self.out.len();
        self.begin(name);
        if let Err(e) = self.attrs(name, attrs) {
            self.out.truncate(mark);
            return Err(e);
        }
        if text.is_empty() {
            self.out.push_str("/>\n");
        } else {
            self.out.push('>');
            if let Err(c) = escape_into(&mut self.out, text, false) {
                self.out.truncate(mark);
                return Err(self.forbidden(name, None, c));
            }
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push_str(">\n");
        }
        Ok(())
    }

    /// A leaf when the value is present.
    pub fn opt(&mut self, name: &str, text: Option<&str>) -> Result<(), WriteError> {
        match text {
            Some(t) => self.leaf(name, &[], t),
            None => Ok(()),
        }
    }

    pub fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.end();
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_namespaces_text_and_entities() {
        let x = parse(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<a:r xmlns:a="urn:a" k="v &amp; w"><a:t>x &lt; y &#233;<![CDATA[<z>]]></a:t><b/></a:r>"#,
        )
        .unwrap();
        assert!(x.is("urn:a", "r"));
        assert_eq!(x.attr("k"), Some("v & w"));
        assert_eq!(x.child_value("urn:a", "t").as_deref(), Some("x < y é<z>"));
        assert!(x.child("", "b").is_some());
    }

    #[test]
    fn refuses_doctype_entities_and_bad_chars() {
        let e = parse("<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>")
            .unwrap_err();
        assert!(e.message.contains("DOCTYPE"), "{e}");
        let e = parse("<r>&x;</r>").unwrap_err();
        assert!(e.message.contains("not defined"), "{e}");
        let e = parse("<r>&#1;</r>").unwrap_err();
        assert!(e.message.contains("U+0001"), "{e}");
        let e = parse("<r>\n  \u{1}</r>").unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
        assert!(parse("<r><s></r>").is_err());
        assert!(parse("<r>").is_err());
        assert!(parse("").is_err());
        assert!(parse("<r/><s/>").is_err());
        assert!(parse("<p:r/>").is_err());
    }

    #[test]
    fn namespaces_are_scoped_as_the_recommendation_says() {
        let x = parse(
            r#"<r xmlns="urn:d" xmlns:p="urn:p" xml:lang="en"><p:a p:k="1" k="v"/><b xmlns=""><c/></b>
<p:d xmlns:p="http://www.orcid.org/ns/common"><p:e/></p:d><p:f/><g q:k="1" xmlns:q="urn:q"/></r>"#,
        )
        .unwrap();
        assert!(x.is("urn:d", "r"));
        let ns: Vec<(&str, &str)> = x
            .children
            .iter()
            .map(|c| (c.ns.as_str(), c.name.as_str()))
            .collect();
        assert_eq!(
            ns,
            [
                ("urn:p", "a"),
                ("", "b"),
                ("http://www.orcid.org/ns/common", "d"),
                ("urn:p", "f"),
                ("urn:d", "g")
            ]
        );
        assert_eq!(x.children[0].attrs, [("k".to_owned(), "v".to_owned())]);
        assert_eq!(x.children[1].children[0].ns, "");
        assert_eq!(
            x.children[2].children[0].ns,
            "http://www.orcid.org/ns/common"
        );
        // A prefix out of scope, undeclared, or declared empty.
        for bad in [
            "<r><a xmlns:p=\"urn:p\"/><p:b/></r>",
            "<r><a p:k=\"1\"/></r>",
            "<r xmlns:p=\"urn:p\"><a xmlns:p=\"\"><p:b/></a></r>",
            "<r xmlns:xml=\"urn:x\"/>",
            "<r xmlns:xmlns=\"urn:x\"/>",
            "<r xmlns:p=\"http://www.w3.org/XML/1998/namespace\"/>",
        ] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.line, 1, "{bad}: {e}");
        }
        let e = parse("<r>\n <p:a/></r>").unwrap_err();
        assert_eq!((e.line, e.column), (2, 2), "{e}");
        assert!(e.message.contains("\"p\" of <p:a> is not declared"), "{e}");
    }

    #[test]
    fn a_line_asked_again_further_back_is_counted_back() {
        let text = "a\n".repeat(10_000);
        let mut lines = LineCursor::new(&text);
        for offset in [0, 5, 19_990, 19_980, 20_000, 7, 7, 19_999] {
            assert_eq!(lines.line_at(offset), line_col(&text, offset).0, "{offset}");
        }
        // An element's line asked after its children: the bytes between are scanned, not
        // the text before them.
        lines.line_at(19_990);
        super::super::cost::take();
        assert_eq!(lines.line_at(19_980), 9_991);
        assert_eq!(super::super::cost::take(), 10);
    }

    #[test]
    fn forbidden_characters_are_refused_and_others_kept() {
        for c in ['\u{0}', '\u{8}', '\u{1F}', '\u{FFFE}', '\u{FFFF}'] {
            let s = format!("ab{c}cd");
            assert_eq!(first_forbidden_char(&s), Some(c), "{c:?}");
            assert_eq!(escape_into(&mut String::new(), &s, false), Err(c), "{c:?}");
        }
        let fine = "\t\n\r é \u{D7FF}\u{E000}\u{FFFD}\u{10000}\u{10FFFF}";
        assert_eq!(first_forbidden_char(fine), None);
        let mut out = String::new();
        escape_into(&mut out, fine, false).unwrap();
        assert_eq!(out, fine.replace('\r', "&#13;"));
    }

    #[test]
    fn writer_escapes_and_guards() {
        let mut w = Writer::new();
        w.start("r", &[("a", "\"<&>\n")]).unwrap();
        w.leaf("t", &[], "a < b & c\r").unwrap();
        assert!(w.leaf("u", &[], "bad \u{FFFE}").is_err());
        let out = w.finish();
        assert!(out.contains("a=\"&quot;&lt;&amp;&gt;&#10;\""), "{out}");
        assert!(out.contains("<t>a &lt; b &amp; c&#13;</t>"), "{out}");
        let back = parse(&out).unwrap();
        assert_eq!(back.attr("a"), Some("\"<&>\n"));
        assert_eq!(
            back.child("", "t").map(|t| t.text.as_str()),
            Some("a < b & c\r")
        );
    }
}
