//! XML → ORCID documents ([`doc`](super::doc)), reporting every element it does not read.
//!
//! The reader goes through the document's events once ([`Events`], the one XML reader of
//! ORCID documents) and puts each value straight into its item: no tree of the document is
//! built. It reads through [`Pull`], which the events implement and so does a tree walker,
//! so that a sync reads the items of the elements it keeps ([`read_item_element`]) with the
//! same code.

use super::Section;
use super::doc::{
    Affiliation, Contributor, Document, Entry, ExternalId, Funding, Item, Meta, Organization,
    PeerReview, Person, ResearchResource, ResearcherUrl, ResourceItem, Source, Title, Work,
};
use super::loss::{Loss, LossKind};
use super::xml::{Element, Events, LineCursor, Start, Token, XmlError, line_col, prefix_of};
use crate::types::PartialDate;

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Not well-formed, refused (DOCTYPE, forbidden characters) or too large.
    #[error("{0}")]
    Xml(#[from] XmlError),
    /// Well-formed, but not a document vitae reads.
    #[error("line {line}, column {column}: {message}")]
    Unsupported {
        /// Line of the element.
        line: usize,
        /// Column of the element.
        column: usize,
        /// What it is and what vitae reads.
        message: String,
    },
}

type R<T> = Result<T, XmlError>;

/// An element as the reader meets it.
pub(crate) struct Node<'a> {
    /// The prefix ORCID's documents use for its namespace (`""` none, `"?"` another).
    prefix: &'static str,
    /// The local name.
    name: &'a str,
    /// 1-based line of its start tag, when known (an element of a tree); else counted from
    /// `offset` when asked ([`Ctx::line`]).
    line: Option<usize>,
    /// Byte offset of its start tag.
    offset: usize,
    from: From<'a>,
}

enum From<'a> {
    Xml(Start<'a>),
    Tree(&'a Element),
}

impl<'a> Node<'a> {
    fn of_start(s: Start<'a>) -> Self {
        Node {
            prefix: s.prefix,
            name: s.name,
            line: None,
            offset: s.offset,
            from: From::Xml(s),
        }
    }

    fn of_element(e: &'a Element) -> Self {
        Node {
            prefix: prefix_of(&e.ns),
            name: &e.name,
            line: Some(e.line),
            offset: e.offset,
            from: From::Tree(e),
        }
    }

    fn is(&self, prefix: &str, name: &str) -> bool {
        self.prefix == prefix && self.name == name
    }

    /// The namespace URI.
    fn ns(&self) -> &str {
        match &self.from {
            From::Xml(s) => &s.ns,
            From::Tree(e) => &e.ns,
        }
    }

    /// The value of an attribute without namespace.
    fn attr(&self, name: &str) -> Option<String> {
        match &self.from {
            From::Xml(s) => s.attr(name),
            From::Tree(e) => e.attr(name).map(str::to_owned),
        }
    }
}

fn qname(e: &Node<'_>) -> String {
    if e.prefix.is_empty() {
        e.name.to_owned()
    } else {
        format!("{}:{}", e.prefix, e.name)
    }
}

/// Where an element is, as a loss gives it (`record:record/person:person/…`): a chain of
/// segments on the stack, made into text only for a loss.
#[derive(Clone, Copy)]
struct At<'p> {
    parent: Option<&'p At<'p>>,
    /// The segment's prefix (`""`: none) and name, and its `[index]` when not 0.
    prefix: &'p str,
    name: &'p str,
    index: usize,
}

impl<'p> At<'p> {
    /// A path of one segment, as written.
    fn root(name: &'p str) -> Self {
        At {
            parent: None,
            prefix: "",
            name,
            index: 0,
        }
    }

    /// The path of a root element.
    fn of(n: &'p Node<'_>) -> Self {
        At {
            parent: None,
            prefix: n.prefix,
            name: n.name,
            index: 0,
        }
    }

    /// The path of `prefix:name` below this one.
    fn q<'s>(&'s self, prefix: &'s str, name: &'s str) -> At<'s> {
        self.nth(prefix, name, 0)
    }

    /// The path of the `index`-th `prefix:name` below this one.
    fn nth<'s>(&'s self, prefix: &'s str, name: &'s str, index: usize) -> At<'s> {
        At {
            parent: Some(self),
            prefix,
            name,
            index,
        }
    }

    /// The path of an element below this one.
    fn node<'s>(&'s self, n: &'s Node<'_>) -> At<'s> {
        self.q(n.prefix, n.name)
    }
}

impl std::fmt::Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(parent) = self.parent {
            write!(f, "{parent}/")?;
        }
        if !self.prefix.is_empty() {
            write!(f, "{}:", self.prefix)?;
        }
        f.write_str(self.name)?;
        if self.index > 0 {
            write!(f, "[{}]", self.index)?;
        }
        Ok(())
    }
}

/// A document read element by element, depth first, in document order. Every element the
/// reader is given by [`Pull::child`] is then read to its end, by [`Pull::child`] until `None`,
/// [`Pull::value`] or [`Pull::skip`].
pub(crate) trait Pull<'a> {
    /// The next child element of the innermost element being read; `None` when that element
    /// ends.
    fn child(&mut self) -> R<Option<Node<'a>>>;
    /// The rest of the innermost element: its own text (not its children's), trimmed; `None`
    /// when empty.
    fn value(&mut self) -> R<Option<String>>;
    /// Skips the rest of the innermost element.
    fn skip(&mut self) -> R<()>;
}

impl<'a> Pull<'a> for Events<'a> {
    fn child(&mut self) -> R<Option<Node<'a>>> {
        loop {
            match self.next()? {
                Token::Start(s) => return Ok(Some(Node::of_start(s))),
                Token::End | Token::Eof => return Ok(None),
                Token::Text(_) | Token::Char(_) => {}
            }
        }
    }

    fn value(&mut self) -> R<Option<String>> {
        let mut text: Option<std::borrow::Cow<'a, str>> = None;
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Token::Text(t) if depth == 0 => match &mut text {
                    None => text = Some(t),
                    Some(s) => s.to_mut().push_str(&t),
                },
                Token::Char(c) if depth == 0 => {
                    text.get_or_insert_default().to_mut().push(c);
                }
                Token::Text(_) | Token::Char(_) => {}
                Token::Start(_) => depth += 1,
                Token::End if depth > 0 => depth -= 1,
                Token::End | Token::Eof => break,
            }
        }
        Ok(text.and_then(|t| {
            let t = t.trim();
            (!t.is_empty()).then(|| t.to_owned())
        }))
    }

    fn skip(&mut self) -> R<()> {
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Token::Start(_) => depth += 1,
                Token::End if depth > 0 => depth -= 1,
                Token::End | Token::Eof => return Ok(()),
                Token::Text(_) | Token::Char(_) => {}
            }
        }
    }
}

/// A tree read as [`Pull`] reads a document.
struct Walk<'a> {
    /// The elements being read and the index of the next child of each.
    stack: Vec<(&'a Element, usize)>,
}

impl<'a> Pull<'a> for Walk<'a> {
    fn child(&mut self) -> R<Option<Node<'a>>> {
        let Some((e, i)) = self.stack.last_mut() else {
            return Ok(None);
        };
        let e: &'a Element = e;
        match e.children.get(*i) {
            Some(c) => {
                *i += 1;
                self.stack.push((c, 0));
                Ok(Some(Node::of_element(c)))
            }
            None => {
                self.stack.pop();
                Ok(None)
            }
        }
    }

    fn value(&mut self) -> R<Option<String>> {
        Ok(self.stack.pop().and_then(|(e, _)| e.value()))
    }

    fn skip(&mut self) -> R<()> {
        self.stack.pop();
        Ok(())
    }
}

/// Whether the field `bit` is met for the first time (a reader takes the first of repeated
/// elements, and leaves the others).
fn once(seen: &mut u32, bit: u32) -> bool {
    let first = *seen & bit == 0;
    *seen |= bit;
    first
}

/// Reads the first of a repeated element into `slot` with `read`, and skips the others (a
/// reader takes the first, as ORCID's schema allows one).
fn first<'a, P: Pull<'a>, T>(
    src: &mut P,
    seen: &mut u32,
    bit: u32,
    slot: &mut T,
    read: impl FnOnce(&mut P) -> R<T>,
) -> R<()> {
    if once(seen, bit) {
        *slot = read(src)?;
        Ok(())
    } else {
        src.skip()
    }
}

/// The value of the first of an element (the others skipped).
fn text_once<'a, P: Pull<'a>>(
    src: &mut P,
    seen: &mut u32,
    bit: u32,
    slot: &mut Option<String>,
) -> R<()> {
    first(src, seen, bit, slot, |s| s.value())
}

/// An ORCID iD or client id given as `common:path` or, failing that, the last segment of
/// `common:uri`.
fn id_path<'a, P: Pull<'a>>(src: &mut P) -> R<Option<String>> {
    let (mut path, mut uri, mut seen) = (None, None, 0);
    while let Some(c) = src.child()? {
        match (c.prefix, c.name) {
            ("common", "path") => text_once(src, &mut seen, 1, &mut path)?,
            ("common", "uri") => text_once(src, &mut seen, 2, &mut uri)?,
            _ => src.skip()?,
        }
    }
    Ok(path.or_else(|| uri.and_then(|u| u.rsplit('/').next().map(str::to_owned))))
}

/// The bits of [`Meta`]'s elements in a reader's `seen` (the others use the low bits).
const CREATED: u32 = 1 << 29;
const MODIFIED: u32 = 1 << 30;
const SOURCE: u32 = 1 << 31;

struct Ctx<'t> {
    losses: Vec<Loss>,
    /// The lines of the document's elements.
    lines: LineCursor<'t>,
}

impl Ctx<'_> {
    /// The line of an element.
    fn line(&mut self, e: &Node<'_>) -> usize {
        e.line.unwrap_or_else(|| self.lines.line_at(e.offset))
    }

    fn loss(&mut self, kind: LossKind, at: &At<'_>, e: &Node<'_>, detail: impl Into<String>) {
        let line = self.line(e);
        self.losses.push(Loss {
            kind,
            at: at.to_string(),
            line: Some(line),
            detail: detail.into(),
        });
    }

    /// Reports a child that is not read (at `at`, its parent's path) and skips it.
    fn unknown<'a, P: Pull<'a>>(&mut self, src: &mut P, c: &Node<'a>, at: &At<'_>) -> R<()> {
        let q = qname(c);
        self.loss(
            LossKind::UnknownElement,
            &at.node(c),
            c,
            format!("<{q}> is not read"),
        );
        src.skip()
    }

    /// What the attributes of an item or entry say of it (put-code, visibility, path,
    /// display index); its dates and source follow with [`Ctx::meta_child`].
    fn meta(&mut self, e: &Node<'_>, at: &At<'_>) -> Meta {
        let put_code = match e.attr("put-code") {
            Some(p) => match p.trim().parse::<u64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    self.loss(
                        LossKind::InvalidValue,
                        &at.q("", "@put-code"),
                        e,
                        format!("put-code {p:?} is not a number"),
                    );
                    None
                }
            },
            None => None,
        };
        Meta {
            line: Some(self.line(e)),
            put_code,
            visibility: e.attr("visibility").map(|v| v.trim().to_owned()),
            path: e.attr("path"),
            display_index: e.attr("display-index"),
            ..Meta::default()
        }
    }

    /// Reads `c` into `meta` when it is one of its elements (created and modified dates,
    /// source); whether it was.
    fn meta_child<'a, P: Pull<'a>>(
        &mut self,
        src: &mut P,
        c: &Node<'a>,
        meta: &mut Meta,
        seen: &mut u32,
    ) -> R<bool> {
        match (c.prefix, c.name) {
            ("common", "created-date") => text_once(src, seen, CREATED, &mut meta.created)?,
            ("common", "last-modified-date") => {
                text_once(src, seen, MODIFIED, &mut meta.last_modified)?
            }
            ("common", "source") => {
                if once(seen, SOURCE) {
                    meta.source = Some(source(src)?);
                } else {
                    src.skip()?;
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn date<'a, P: Pull<'a>>(
        &mut self,
        src: &mut P,
        e: &Node<'a>,
        at: &At<'_>,
    ) -> R<Option<PartialDate>> {
        let (mut y, mut m, mut d, mut seen) = (None, None, None, 0);
        while let Some(c) = src.child()? {
            match (c.prefix, c.name) {
                ("common", "year") => text_once(src, &mut seen, 1, &mut y)?,
                ("common", "month") => text_once(src, &mut seen, 2, &mut m)?,
                ("common", "day") => text_once(src, &mut seen, 4, &mut d)?,
                _ => self.unknown(src, &c, at)?,
            }
        }
        let parsed = (|| {
            let year: u16 = y.as_deref()?.parse().ok()?;
            let month: Option<u8> = match &m {
                Some(m) => Some(m.parse().ok()?),
                None => None,
            };
            let day: Option<u8> = match &d {
                Some(d) => Some(d.parse().ok()?),
                None => None,
            };
            PartialDate::new(year, month, day).ok()
        })();
        if parsed.is_none() {
            self.loss(
                LossKind::InvalidValue,
                at,
                e,
                format!(
                    "not a real date: year {:?}, month {:?}, day {:?}",
                    y.unwrap_or_default(),
                    m.unwrap_or_default(),
                    d.unwrap_or_default()
                ),
            );
        }
        Ok(parsed)
    }

    /// A date element read once: the first of its name, the others skipped.
    fn date_once<'a, P: Pull<'a>>(
        &mut self,
        src: &mut P,
        e: &Node<'a>,
        at: &At<'_>,
        seen: &mut u32,
        bit: u32,
        slot: &mut Option<PartialDate>,
    ) -> R<()> {
        first(src, seen, bit, slot, |s| self.date(s, e, at))
    }

    /// An external id; with `meta`, the id is an entry of a person (its dates and source go
    /// there).
    fn external_id<'a, P: Pull<'a>>(
        &mut self,
        src: &mut P,
        e: &Node<'a>,
        at: &At<'_>,
        mut meta: Option<&mut Meta>,
    ) -> R<Option<ExternalId>> {
        let (mut id_type, mut value, mut normalized, mut url, mut relationship) =
            (None, None, None, None, None);
        let mut seen = 0;
        while let Some(c) = src.child()? {
            if let Some(meta) = meta.as_deref_mut()
                && self.meta_child(src, &c, meta, &mut seen)?
            {
                continue;
            }
            match (c.prefix, c.name) {
                ("common", "external-id-type") => text_once(src, &mut seen, 1, &mut id_type)?,
                ("common", "external-id-value") => text_once(src, &mut seen, 2, &mut value)?,
                ("common", "external-id-normalized") => {
                    text_once(src, &mut seen, 4, &mut normalized)?
                }
                ("common", "external-id-url") => text_once(src, &mut seen, 8, &mut url)?,
                ("common", "external-id-relationship") => {
                    text_once(src, &mut seen, 16, &mut relationship)?
                }
                (
                    "common",
                    "created-date"
                    | "last-modified-date"
                    | "source"
                    | "external-id-normalized-error",
                ) => src.skip()?,
                _ => self.unknown(src, &c, at)?,
            }
        }
        match (id_type, value) {
            (Some(id_type), Some(value)) => Ok(Some(ExternalId {
                id_type,
                value,
                normalized,
                url,
                relationship,
            })),
            _ => {
                self.loss(
                    LossKind::InvalidValue,
                    at,
                    e,
                    "an external id without type or value",
                );
                Ok(None)
            }
        }
    }

    /// The `common:external-id` children of a container (`common:external-ids`,
    /// `peer-review:review-identifiers`).
    fn external_ids_in<'a, P: Pull<'a>>(&mut self, src: &mut P, at: &At<'_>) -> R<Vec<ExternalId>> {
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(x) = src.child()? {
            if x.is("common", "external-id") {
                i += 1;
                if let Some(id) =
                    self.external_id(src, &x, &at.nth("common", "external-id", i), None)?
                {
                    out.push(id);
                }
            } else {
                self.unknown(src, &x, at)?;
            }
        }
        Ok(out)
    }

    /// The ids of the first `common:external-ids` of an element, the others skipped.
    fn external_ids_once<'a, P: Pull<'a>>(
        &mut self,
        src: &mut P,
        at: &At<'_>,
        seen: &mut u32,
        bit: u32,
        slot: &mut Vec<ExternalId>,
    ) -> R<()> {
        first(src, seen, bit, slot, |s| {
            self.external_ids_in(s, &at.q("common", "external-ids"))
        })
    }

    fn organization<'a, P: Pull<'a>>(
        &mut self,
        src: &mut P,
        e: &Node<'a>,
        at: &At<'_>,
    ) -> R<Option<Organization>> {
        let (mut name, mut city, mut region, mut country, mut disambiguated) =
            (None, None, None, None, None);
        let mut seen = 0;
        while let Some(c) = src.child()? {
            match (c.prefix, c.name) {
                ("common", "name") => text_once(src, &mut seen, 1, &mut name)?,
                ("common", "address") if once(&mut seen, 2) => {
                    let aat = at.q("common", "address");
                    let mut seen = 0;
                    while let Some(a) = src.child()? {
                        match (a.prefix, a.name) {
                            ("common", "city") => text_once(src, &mut seen, 1, &mut city)?,
                            ("common", "region") => text_once(src, &mut seen, 2, &mut region)?,
                            ("common", "country") => text_once(src, &mut seen, 4, &mut country)?,
                            _ => self.unknown(src, &a, &aat)?,
                        }
                    }
                }
                ("common", "disambiguated-organization") if once(&mut seen, 4) => {
                    let (mut id, mut source, mut seen) = (None, None, 0);
                    while let Some(d) = src.child()? {
                        match (d.prefix, d.name) {
                            ("common", "disambiguated-organization-identifier") => {
                                text_once(src, &mut seen, 1, &mut id)?
                            }
                            ("common", "disambiguation-source") => {
                                text_once(src, &mut seen, 2, &mut source)?
                            }
                            _ => src.skip()?,
                        }
                    }
                    disambiguated = id.zip(source);
                }
                ("common", "address" | "disambiguated-organization") => src.skip()?,
                _ => self.unknown(src, &c, at)?,
            }
        }
        let Some(name) = name else {
            self.loss(
                LossKind::InvalidValue,
                at,
                e,
                "an organization without a name",
            );
            return Ok(None);
        };
        Ok(Some(Organization {
            name,
            city,
            region,
            country,
            disambiguated,
        }))
    }

    /// The first organization of its name, the others skipped.
    fn organization_once<'a, P: Pull<'a>>(
        &mut self,
        src: &mut P,
        e: &Node<'a>,
        at: &At<'_>,
        seen: &mut u32,
        bit: u32,
        slot: &mut Option<Organization>,
    ) -> R<()> {
        first(src, seen, bit, slot, |s| self.organization(s, e, at))
    }

    fn title<'a, P: Pull<'a>>(&mut self, src: &mut P, at: &At<'_>) -> R<Title> {
        let (mut title, mut subtitle, mut translated, mut seen) = (None, None, None, 0);
        while let Some(c) = src.child()? {
            match (c.prefix, c.name) {
                ("common", "title") => text_once(src, &mut seen, 1, &mut title)?,
                ("common", "subtitle") => text_once(src, &mut seen, 2, &mut subtitle)?,
                ("common", "translated-title") => {
                    if once(&mut seen, 4) {
                        let lang = c.attr("language-code");
                        translated = src
                            .value()?
                            .map(|v| (v, lang.as_deref().unwrap_or("").trim().to_owned()));
                    } else {
                        src.skip()?;
                    }
                }
                _ => self.unknown(src, &c, at)?,
            }
        }
        Ok(Title {
            title: title.unwrap_or_default(),
            subtitle,
            translated,
        })
    }

    /// The first title of its name, the others skipped.
    fn title_once<'a, P: Pull<'a>>(
        &mut self,
        src: &mut P,
        at: &At<'_>,
        seen: &mut u32,
        bit: u32,
        slot: &mut Title,
    ) -> R<()> {
        first(src, seen, bit, slot, |s| self.title(s, at))
    }

    /// The contributors of a `work:contributors` or `funding:contributors` element.
    fn contributors<'a, P: Pull<'a>>(
        &mut self,
        src: &mut P,
        prefix: &str,
        at: &At<'_>,
    ) -> R<Vec<Contributor>> {
        let at = at.q(prefix, "contributors");
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(e) = src.child()? {
            if !e.is(prefix, "contributor") {
                self.unknown(src, &e, &at)?;
                continue;
            }
            i += 1;
            let cat = at.nth(prefix, "contributor", i);
            let mut k = Contributor::default();
            let mut seen = 0;
            while let Some(c) = src.child()? {
                let p = c.prefix;
                match c.name {
                    "contributor-orcid" if p == "common" => {
                        first(src, &mut seen, 1, &mut k.orcid, |s| id_path(s))?
                    }
                    "credit-name" if p == prefix => {
                        text_once(src, &mut seen, 2, &mut k.credit_name)?
                    }
                    "contributor-email" if p == prefix => {
                        text_once(src, &mut seen, 4, &mut k.email)?
                    }
                    "contributor-attributes" if p == prefix => {
                        if !once(&mut seen, 8) {
                            src.skip()?;
                            continue;
                        }
                        let aat = cat.q(prefix, "contributor-attributes");
                        let mut seen = 0;
                        while let Some(a) = src.child()? {
                            match a.name {
                                "contributor-sequence" if a.prefix == prefix => {
                                    // Read wherever it is, reported where ORCID has none.
                                    if prefix != "work" {
                                        let q = qname(&a);
                                        self.loss(
                                            LossKind::UnknownElement,
                                            &aat.node(&a),
                                            &a,
                                            format!("<{q}> is not read"),
                                        );
                                    }
                                    text_once(src, &mut seen, 1, &mut k.sequence)?;
                                }
                                "contributor-role" if a.prefix == prefix => {
                                    text_once(src, &mut seen, 2, &mut k.role)?
                                }
                                _ => self.unknown(src, &a, &aat)?,
                            }
                        }
                    }
                    _ => self.unknown(src, &c, &cat)?,
                }
            }
            out.push(k);
        }
        Ok(out)
    }

    fn work<'a, P: Pull<'a>>(
        &mut self,
        src: &mut P,
        e: &Node<'a>,
        at: &At<'_>,
        summary: bool,
    ) -> R<Work> {
        let mut w = Work {
            meta: self.meta(e, at),
            summary,
            ..Work::default()
        };
        let mut seen = 0;
        while let Some(c) = src.child()? {
            if self.meta_child(src, &c, &mut w.meta, &mut seen)? {
                continue;
            }
            match (c.prefix, c.name) {
                ("work", "title") => {
                    self.title_once(src, &at.q("work", "title"), &mut seen, 1, &mut w.title)?
                }
                ("work", "journal-title") => text_once(src, &mut seen, 2, &mut w.journal_title)?,
                ("work", "short-description") => {
                    text_once(src, &mut seen, 4, &mut w.short_description)?
                }
                ("work", "citation") => {
                    if !once(&mut seen, 8) {
                        src.skip()?;
                        continue;
                    }
                    let (mut kind, mut value, mut seen) = (None, None, 0);
                    while let Some(x) = src.child()? {
                        match (x.prefix, x.name) {
                            ("work", "citation-type") => text_once(src, &mut seen, 1, &mut kind)?,
                            ("work", "citation-value") => text_once(src, &mut seen, 2, &mut value)?,
                            _ => src.skip()?,
                        }
                    }
                    w.citation =
                        value.map(|v| (kind.unwrap_or_else(|| "formatted-unspecified".into()), v));
                }
                ("work", "type") => {
                    let mut t = None;
                    text_once(src, &mut seen, 16, &mut t)?;
                    if seen & 32 == 0 {
                        seen |= 32;
                        w.work_type = t.unwrap_or_default();
                    }
                }
                ("common", "publication-date") => self.date_once(
                    src,
                    &c,
                    &at.q("common", "publication-date"),
                    &mut seen,
                    64,
                    &mut w.publication_date,
                )?,
                ("common", "external-ids") => {
                    self.external_ids_once(src, at, &mut seen, 128, &mut w.external_ids)?
                }
                ("common", "url") => text_once(src, &mut seen, 256, &mut w.url)?,
                ("work", "contributors") => first(src, &mut seen, 512, &mut w.contributors, |s| {
                    self.contributors(s, "work", at)
                })?,
                ("common", "language-code") => {
                    text_once(src, &mut seen, 1024, &mut w.language_code)?
                }
                ("common", "country") => {
                    if once(&mut seen, 2048) {
                        let visibility = c.attr("visibility");
                        w.country = src.value()?.map(|v| (v, visibility));
                    } else {
                        src.skip()?;
                    }
                }
                _ => self.unknown(src, &c, at)?,
            }
        }
        Ok(w)
    }

    fn affiliation<'a, P: Pull<'a>>(
        &mut self,
        src: &mut P,
        e: &Node<'a>,
        at: &At<'_>,
        section: Section,
        summary: bool,
    ) -> R<Affiliation> {
        let mut a = Affiliation {
            section,
            meta: self.meta(e, at),
            summary,
            department: None,
            role_title: None,
            start: None,
            end: None,
            organization: None,
            url: None,
            external_ids: Vec::new(),
        };
        let mut seen = 0;
        while let Some(c) = src.child()? {
            if self.meta_child(src, &c, &mut a.meta, &mut seen)? {
                continue;
            }
            match (c.prefix, c.name) {
                ("common", "department-name") => text_once(src, &mut seen, 1, &mut a.department)?,
                ("common", "role-title") => text_once(src, &mut seen, 2, &mut a.role_title)?,
                ("common", "start-date") => self.date_once(
                    src,
                    &c,
                    &at.q("common", "start-date"),
                    &mut seen,
                    4,
                    &mut a.start,
                )?,
                ("common", "end-date") => self.date_once(
                    src,
                    &c,
                    &at.q("common", "end-date"),
                    &mut seen,
                    8,
                    &mut a.end,
                )?,
                ("common", "organization") => self.organization_once(
                    src,
                    &c,
                    &at.q("common", "organization"),
                    &mut seen,
                    16,
                    &mut a.organization,
                )?,
                ("common", "url") => text_once(src, &mut seen, 32, &mut a.url)?,
                ("common", "external-ids") => {
                    self.external_ids_once(src, at, &mut seen, 64, &mut a.external_ids)?
                }
                _ => self.unknown(src, &c, at)?,
            }
        }
        Ok(a)
    }

    fn funding<'a, P: Pull<'a>>(
        &mut self,
        src: &mut P,
        e: &Node<'a>,
        at: &At<'_>,
        summary: bool,
    ) -> R<Option<Funding>> {
        let mut f = Funding {
            meta: self.meta(e, at),
            summary,
            ..Funding::default()
        };
        let mut organization = None;
        let mut seen = 0;
        while let Some(c) = src.child()? {
            if self.meta_child(src, &c, &mut f.meta, &mut seen)? {
                continue;
            }
            match (c.prefix, c.name) {
                ("funding", "type") => {
                    let mut t = None;
                    text_once(src, &mut seen, 1, &mut t)?;
                    if seen & 2 == 0 {
                        seen |= 2;
                        f.funding_type = t.unwrap_or_default();
                    }
                }
                ("funding", "organization-defined-type") => {
                    text_once(src, &mut seen, 4, &mut f.organization_defined_type)?
                }
                ("funding", "title") => {
                    self.title_once(src, &at.q("funding", "title"), &mut seen, 8, &mut f.title)?
                }
                ("funding", "short-description") => {
                    text_once(src, &mut seen, 16, &mut f.short_description)?
                }
                ("funding", "amount") => {
                    if once(&mut seen, 32) {
                        let currency = c.attr("currency-code");
                        f.amount = src
                            .value()?
                            .map(|v| (v, currency.as_deref().unwrap_or("").trim().to_owned()));
                    } else {
                        src.skip()?;
                    }
                }
                ("common", "url") => text_once(src, &mut seen, 64, &mut f.url)?,
                ("common", "start-date") => self.date_once(
                    src,
                    &c,
                    &at.q("common", "start-date"),
                    &mut seen,
                    128,
                    &mut f.start,
                )?,
                ("common", "end-date") => self.date_once(
                    src,
                    &c,
                    &at.q("common", "end-date"),
                    &mut seen,
                    256,
                    &mut f.end,
                )?,
                ("common", "external-ids") => {
                    self.external_ids_once(src, at, &mut seen, 512, &mut f.external_ids)?
                }
                ("funding", "contributors") => {
                    first(src, &mut seen, 1024, &mut f.contributors, |s| {
                        self.contributors(s, "funding", at)
                    })?
                }
                ("common", "organization") => self.organization_once(
                    src,
                    &c,
                    &at.q("common", "organization"),
                    &mut seen,
                    2048,
                    &mut organization,
                )?,
                _ => self.unknown(src, &c, at)?,
            }
        }
        let Some(organization) = organization else {
            self.loss(
                LossKind::MissingOrganization,
                at,
                e,
                "a funding without funder organization is skipped",
            );
            return Ok(None);
        };
        f.organization = organization;
        Ok(Some(f))
    }

    /// Reads what `read` reads, its losses kept aside: they count only if what it read is
    /// used (an element read in case another is absent).
    fn aside<T>(&mut self, read: impl FnOnce(&mut Self) -> R<T>) -> R<(T, Vec<Loss>)> {
        let before = std::mem::take(&mut self.losses);
        let out = read(self);
        let own = std::mem::replace(&mut self.losses, before);
        Ok((out?, own))
    }

    fn peer_review<'a, P: Pull<'a>>(
        &mut self,
        src: &mut P,
        e: &Node<'a>,
        at: &At<'_>,
        summary: bool,
    ) -> R<Option<PeerReview>> {
        let mut r = PeerReview {
            meta: self.meta(e, at),
            summary,
            ..PeerReview::default()
        };
        let mut identifiers = None;
        let mut common_ids: Option<(Vec<ExternalId>, Vec<Loss>)> = None;
        let mut completion: Option<Option<PartialDate>> = None;
        let mut other_completion: Option<(Option<PartialDate>, Vec<Loss>)> = None;
        let mut organization = None;
        let date_at = at.q("peer-review", "review-completion-date");
        let mut seen = 0;
        while let Some(c) = src.child()? {
            if self.meta_child(src, &c, &mut r.meta, &mut seen)? {
                continue;
            }
            match (c.prefix, c.name) {
                ("peer-review", "reviewer-role") => {
                    let mut v = None;
                    text_once(src, &mut seen, 1, &mut v)?;
                    r.role = v.unwrap_or(std::mem::take(&mut r.role));
                }
                ("peer-review", "review-identifiers") => {
                    if once(&mut seen, 2) {
                        identifiers = Some(
                            self.external_ids_in(src, &at.q("peer-review", "review-identifiers"))?,
                        );
                    } else {
                        src.skip()?;
                    }
                }
                ("common", "external-ids") => {
                    if once(&mut seen, 4) {
                        let cat = at.q("common", "external-ids");
                        common_ids = Some(self.aside(|cx| cx.external_ids_in(src, &cat))?);
                    } else {
                        src.skip()?;
                    }
                }
                ("peer-review", "review-url") => text_once(src, &mut seen, 8, &mut r.url)?,
                ("peer-review", "review-type") => {
                    let mut v = None;
                    text_once(src, &mut seen, 16, &mut v)?;
                    r.review_type = v.unwrap_or(std::mem::take(&mut r.review_type));
                }
                ("peer-review", "review-completion-date") => {
                    first(src, &mut seen, 32, &mut completion, |s| {
                        self.date(s, &c, &date_at).map(Some)
                    })?
                }
                ("peer-review", "completion-date") => {
                    first(src, &mut seen, 64, &mut other_completion, |s| {
                        self.aside(|cx| cx.date(s, &c, &date_at)).map(Some)
                    })?
                }
                ("peer-review", "review-group-id") => {
                    let mut v = None;
                    text_once(src, &mut seen, 128, &mut v)?;
                    r.group_id = v.unwrap_or(std::mem::take(&mut r.group_id));
                }
                ("peer-review", "subject-external-identifier") => {
                    if once(&mut seen, 256) {
                        r.subject_id = self.external_id(
                            src,
                            &c,
                            &at.q("peer-review", "subject-external-identifier"),
                            None,
                        )?;
                    } else {
                        src.skip()?;
                    }
                }
                ("peer-review", "subject-container-name") => {
                    text_once(src, &mut seen, 512, &mut r.subject_container)?
                }
                ("peer-review", "subject-type") => {
                    text_once(src, &mut seen, 1024, &mut r.subject_type)?
                }
                ("peer-review", "subject-name") => {
                    if once(&mut seen, 2048) {
                        let mut t = self.title(src, &at.q("peer-review", "subject-name"))?;
                        t.subtitle = None;
                        r.subject_name = Some(t);
                    } else {
                        src.skip()?;
                    }
                }
                ("peer-review", "subject-url") => {
                    text_once(src, &mut seen, 4096, &mut r.subject_url)?
                }
                ("peer-review", "convening-organization") => self.organization_once(
                    src,
                    &c,
                    &at.q("peer-review", "convening-organization"),
                    &mut seen,
                    8192,
                    &mut organization,
                )?,
                _ => self.unknown(src, &c, at)?,
            }
        }
        r.external_ids = match (identifiers, common_ids) {
            (Some(ids), _) => ids,
            (None, Some((ids, losses))) => {
                self.losses.extend(losses);
                ids
            }
            (None, None) => Vec::new(),
        };
        r.completion = match (completion, other_completion) {
            (Some(d), _) => d,
            (None, Some((d, losses))) => {
                self.losses.extend(losses);
                d
            }
            (None, None) => None,
        };
        let Some(organization) = organization else {
            self.loss(
                LossKind::MissingOrganization,
                at,
                e,
                "a peer review without convening organization is skipped",
            );
            return Ok(None);
        };
        r.organization = organization;
        Ok(Some(r))
    }

    /// The organizations of a `hosts` element.
    fn hosts<'a, P: Pull<'a>>(&mut self, src: &mut P, at: &At<'_>) -> R<Vec<Organization>> {
        let at = at.q("research-resource", "hosts");
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(o) = src.child()? {
            if o.is("common", "organization") {
                i += 1;
                if let Some(o) = self.organization(src, &o, &at.nth("common", "organization", i))? {
                    out.push(o);
                }
            } else {
                self.unknown(src, &o, &at)?;
            }
        }
        Ok(out)
    }

    fn research_resource<'a, P: Pull<'a>>(
        &mut self,
        src: &mut P,
        e: &Node<'a>,
        at: &At<'_>,
        summary: bool,
    ) -> R<ResearchResource> {
        let mut out = ResearchResource {
            meta: self.meta(e, at),
            summary,
            ..ResearchResource::default()
        };
        let mut seen = 0;
        while let Some(c) = src.child()? {
            if self.meta_child(src, &c, &mut out.meta, &mut seen)? {
                continue;
            }
            match (c.prefix, c.name) {
                ("research-resource", "proposal") => {
                    if !once(&mut seen, 1) {
                        src.skip()?;
                        continue;
                    }
                    let pat = at.q("research-resource", "proposal");
                    let mut seen = 0;
                    while let Some(p) = src.child()? {
                        match (p.prefix, p.name) {
                            ("research-resource", "title") => self.title_once(
                                src,
                                &pat.q("research-resource", "title"),
                                &mut seen,
                                1,
                                &mut out.title,
                            )?,
                            ("research-resource", "hosts") => {
                                first(src, &mut seen, 2, &mut out.hosts, |s| self.hosts(s, &pat))?
                            }
                            ("common", "external-ids") => self.external_ids_once(
                                src,
                                &pat,
                                &mut seen,
                                4,
                                &mut out.external_ids,
                            )?,
                            ("common", "start-date") => self.date_once(
                                src,
                                &p,
                                &pat.q("common", "start-date"),
                                &mut seen,
                                8,
                                &mut out.start,
                            )?,
                            ("common", "end-date") => self.date_once(
                                src,
                                &p,
                                &pat.q("common", "end-date"),
                                &mut seen,
                                16,
                                &mut out.end,
                            )?,
                            ("common", "url") => text_once(src, &mut seen, 32, &mut out.url)?,
                            _ => self.unknown(src, &p, &pat)?,
                        }
                    }
                }
                ("research-resource", "resource-items") => {
                    if !once(&mut seen, 2) {
                        src.skip()?;
                        continue;
                    }
                    let iat = at.q("research-resource", "resource-items");
                    let mut i = 0;
                    while let Some(x) = src.child()? {
                        if !x.is("research-resource", "resource-item") {
                            self.unknown(src, &x, &iat)?;
                            continue;
                        }
                        i += 1;
                        let xat = iat.nth("research-resource", "resource-item", i);
                        let mut item = ResourceItem::default();
                        let (mut name, mut kind, mut seen) = (None, None, 0);
                        while let Some(y) = src.child()? {
                            match (y.prefix, y.name) {
                                ("research-resource", "resource-name") => {
                                    text_once(src, &mut seen, 1, &mut name)?
                                }
                                ("research-resource", "resource-type") => {
                                    text_once(src, &mut seen, 2, &mut kind)?
                                }
                                ("research-resource", "hosts") => {
                                    first(src, &mut seen, 4, &mut item.hosts, |s| {
                                        self.hosts(s, &xat)
                                    })?
                                }
                                ("common", "external-ids") => self.external_ids_once(
                                    src,
                                    &xat,
                                    &mut seen,
                                    8,
                                    &mut item.external_ids,
                                )?,
                                ("common", "url") => text_once(src, &mut seen, 16, &mut item.url)?,
                                _ => self.unknown(src, &y, &xat)?,
                            }
                        }
                        item.name = name.unwrap_or_default();
                        item.resource_type = kind.unwrap_or_default();
                        out.items.push(item);
                    }
                }
                _ => self.unknown(src, &c, at)?,
            }
        }
        Ok(out)
    }

    /// An item element (full or summary), by its name, read to its end; `None` when it is no
    /// item element (skipped) or an item without its required parts.
    fn item<'a, P: Pull<'a>>(&mut self, src: &mut P, e: &Node<'a>, at: &At<'_>) -> R<Option<Item>> {
        let Some((section, summary)) = item_section(e) else {
            src.skip()?;
            return Ok(None);
        };
        Ok(match section {
            Section::Work => Some(Item::Work(self.work(src, e, at, summary)?)),
            Section::Funding => self.funding(src, e, at, summary)?.map(Item::Funding),
            Section::PeerReview => self
                .peer_review(src, e, at, summary)?
                .map(|r| Item::PeerReview(Box::new(r))),
            Section::ResearchResource => Some(Item::ResearchResource(
                self.research_resource(src, e, at, summary)?,
            )),
            s => Some(Item::Affiliation(self.affiliation(src, e, at, s, summary)?)),
        })
    }

    /// An element of ORCID's own (preferences, history, a group's ids), reported and skipped.
    fn metadata_element<'a, P: Pull<'a>>(
        &mut self,
        src: &mut P,
        e: &Node<'a>,
        at: &At<'_>,
        what: &str,
    ) -> R<()> {
        self.loss(
            LossKind::OrcidMetadata,
            &at.node(e),
            e,
            format!("{what}: ORCID's own data, not the CV's"),
        );
        src.skip()
    }

    /// An item of a group, or an element reported as not read.
    fn group_item<'a, P: Pull<'a>>(
        &mut self,
        src: &mut P,
        x: &Node<'a>,
        at: &At<'_>,
        out: &mut Vec<Item>,
    ) -> R<()> {
        let xat = at.node(x);
        match self.item(src, x, &xat)? {
            Some(item) => out.push(item),
            None => self.loss(
                LossKind::UnknownElement,
                &xat,
                x,
                format!("<{}> is not read", qname(x)),
            ),
        }
        Ok(())
    }

    /// One section of `activities-summary` (or the root of `/works`, `/employments`, ...).
    fn activities_section<'a, P: Pull<'a>>(
        &mut self,
        src: &mut P,
        at: &At<'_>,
        out: &mut Vec<Item>,
    ) -> R<()> {
        while let Some(g) = src.child()? {
            if g.is("common", "last-modified-date") {
                src.skip()?;
                continue;
            }
            if !(g.is("activities", "group") || g.is("activities", "affiliation-group")) {
                self.unknown(src, &g, at)?;
                continue;
            }
            let gat = at.node(&g);
            while let Some(x) = src.child()? {
                if x.is("common", "last-modified-date") {
                    src.skip()?;
                } else if x.is("common", "external-ids") {
                    // Reported when it holds any id; the first id and then the rest skipped.
                    if src.child()?.is_some() {
                        self.metadata_element(
                            src,
                            &x,
                            &gat,
                            "a group's external ids (ORCID groups items by them)",
                        )?;
                        src.skip()?;
                    }
                } else if x.is("activities", "peer-review-group") {
                    // Peer reviews are grouped twice: by ORCID group id, then by review.
                    let xat = gat.node(&x);
                    while let Some(y) = src.child()? {
                        if y.is("common", "last-modified-date") || y.is("common", "external-ids") {
                            src.skip()?;
                        } else {
                            self.group_item(src, &y, &xat, out)?;
                        }
                    }
                } else {
                    self.group_item(src, &x, &gat, out)?;
                }
            }
        }
        Ok(())
    }

    fn activities<'a, P: Pull<'a>>(&mut self, src: &mut P, at: &At<'_>) -> R<Vec<Item>> {
        let mut out = Vec::new();
        while let Some(s) = src.child()? {
            if s.is("common", "last-modified-date") {
                src.skip()?;
            } else if s.prefix == "activities" {
                let sat = at.node(&s);
                self.activities_section(src, &sat, &mut out)?;
            } else {
                self.unknown(src, &s, at)?;
            }
        }
        Ok(out)
    }

    /// An entry of a person (other name, keyword, …): its meta and the values of the first of
    /// each of `fields` (prefix, name); other children are left.
    fn entry<'a, P: Pull<'a>, const N: usize>(
        &mut self,
        src: &mut P,
        e: &Node<'a>,
        at: &At<'_>,
        fields: [(&str, &str); N],
    ) -> R<(Meta, [Option<String>; N])> {
        let mut meta = self.meta(e, at);
        let mut values = [const { None }; N];
        let mut seen = 0;
        while let Some(c) = src.child()? {
            if self.meta_child(src, &c, &mut meta, &mut seen)? {
                continue;
            }
            match fields.iter().position(|(p, n)| c.is(p, n)) {
                Some(k) => text_once(src, &mut seen, 1 << k, &mut values[k])?,
                None => src.skip()?,
            }
        }
        Ok((meta, values))
    }

    fn person<'a, P: Pull<'a>>(&mut self, src: &mut P, at: &At<'_>) -> R<Person> {
        let pd = "personal-details";
        let mut p = Person::default();
        while let Some(x) = src.child()? {
            if x.is("common", "last-modified-date") {
                src.skip()?;
                continue;
            }
            let xat = at.node(&x);
            if x.is("person", "name") || x.is(pd, "name") {
                p.name_visibility = x.attr("visibility");
                let (mut given, mut family, mut credit, mut seen) = (None, None, None, 0);
                while let Some(c) = src.child()? {
                    match (c.prefix, c.name) {
                        ("personal-details", "given-names") => {
                            text_once(src, &mut seen, 1, &mut given)?
                        }
                        ("personal-details", "family-name") => {
                            text_once(src, &mut seen, 2, &mut family)?
                        }
                        ("personal-details", "credit-name") => {
                            text_once(src, &mut seen, 4, &mut credit)?
                        }
                        _ => src.skip()?,
                    }
                }
                (p.given_names, p.family_name, p.credit_name) = (given, family, credit);
            } else if x.is("person", "biography") || x.is(pd, "biography") {
                let (meta, [v]) = self.entry(src, &x, &xat, [(pd, "content")])?;
                if let Some(value) = v {
                    p.biography = Some(Entry { meta, value });
                }
            } else if x.is("external-identifier", "external-identifiers") {
                while let Some(o) = src.child()? {
                    if !o.is("external-identifier", "external-identifier") {
                        src.skip()?;
                        continue;
                    }
                    let mut meta = self.meta(&o, &xat);
                    if let Some(id) = self.external_id(src, &o, &xat, Some(&mut meta))? {
                        p.external_identifiers.push(Entry { meta, value: id });
                    }
                }
            } else if let Some((entry, value)) = match (x.prefix, x.name) {
                ("other-name", "other-names") => Some(("other-name", "content")),
                ("researcher-url", "researcher-urls") => Some(("researcher-url", "url")),
                ("email", "emails") => Some(("email", "email")),
                ("address", "addresses") => Some(("address", "country")),
                ("keyword", "keywords") => Some(("keyword", "content")),
                _ => None,
            } {
                // The entries bear the name of their namespace's prefix.
                while let Some(o) = src.child()? {
                    if !o.is(entry, entry) {
                        src.skip()?;
                        continue;
                    }
                    let (meta, [v, url_name]) =
                        self.entry(src, &o, &xat, [(entry, value), (entry, "url-name")])?;
                    let Some(v) = v else { continue };
                    match entry {
                        "other-name" => p.other_names.push(Entry { meta, value: v }),
                        "researcher-url" => p.researcher_urls.push(Entry {
                            meta,
                            value: ResearcherUrl {
                                name: url_name,
                                url: v,
                            },
                        }),
                        "email" => p.emails.push(Entry { meta, value: v }),
                        "address" => p.addresses.push(Entry { meta, value: v }),
                        _ => p.keywords.push(Entry { meta, value: v }),
                    }
                }
            } else {
                self.unknown(src, &x, at)?;
            }
        }
        Ok(p)
    }

    fn record<'a, P: Pull<'a>>(&mut self, src: &mut P, e: &Node<'a>) -> R<Document> {
        let at = &At::root("record:record");
        let mut orcid = e
            .attr("path")
            .map(|p| p.trim_start_matches('/').to_owned())
            .filter(|p| !p.is_empty());
        let mut person = None;
        let mut items = Vec::new();
        while let Some(x) = src.child()? {
            match (x.prefix, x.name) {
                ("common", "orcid-identifier") => {
                    if let Some(p) = id_path(src)? {
                        orcid = Some(p);
                    }
                }
                ("preferences", "preferences") => {
                    self.metadata_element(src, &x, at, "the record's preferences")?
                }
                ("history", "history") => {
                    self.metadata_element(src, &x, at, "the record's history")?
                }
                ("person", "person") => person = Some(self.person(src, &at.node(&x))?),
                ("activities", "activities-summary") => {
                    items = self.activities(src, &at.node(&x))?
                }
                _ => self.unknown(src, &x, at)?,
            }
        }
        Ok(Document::Record {
            orcid,
            person,
            items,
        })
    }

    /// `error:error-code` and `error:developer-message` of an error element.
    fn error<'a, P: Pull<'a>>(src: &mut P) -> R<(String, String)> {
        let (mut code, mut message, mut seen) = (None, None, 0);
        while let Some(c) = src.child()? {
            match (c.prefix, c.name) {
                ("error", "error-code") => text_once(src, &mut seen, 1, &mut code)?,
                ("error", "developer-message") => text_once(src, &mut seen, 2, &mut message)?,
                _ => src.skip()?,
            }
        }
        Ok((code.unwrap_or_default(), message.unwrap_or_default()))
    }

    fn bulk<'a, P: Pull<'a>>(&mut self, src: &mut P) -> R<Document> {
        let at = &At::root("bulk:bulk");
        let mut works = Vec::new();
        let mut errors = Vec::new();
        let mut i = 0;
        while let Some(x) = src.child()? {
            i += 1;
            let xat = at.nth(x.prefix, x.name, i);
            if x.is("work", "work") {
                works.push(self.work(src, &x, &xat, false)?);
            } else if x.is("error", "error") {
                let (code, msg) = Self::error(src)?;
                self.loss(
                    LossKind::BulkError,
                    &xat,
                    &x,
                    format!("ORCID error {code} in a bulk response: {msg}"),
                );
                errors.push((code, msg));
            } else {
                self.loss(
                    LossKind::UnknownElement,
                    &xat,
                    &x,
                    format!("<{}> is not read", qname(&x)),
                );
                src.skip()?;
            }
        }
        Ok(Document::Bulk { works, errors })
    }
}

/// The source of an item.
fn source<'a, P: Pull<'a>>(src: &mut P) -> R<Source> {
    let mut s = Source::default();
    let mut seen = 0;
    while let Some(c) = src.child()? {
        match (c.prefix, c.name) {
            ("common", "source-client-id") if once(&mut seen, 1) => s.client_id = id_path(src)?,
            ("common", "source-orcid") if once(&mut seen, 2) => s.orcid = id_path(src)?,
            ("common", "source-name") => text_once(src, &mut seen, 4, &mut s.name)?,
            _ => src.skip()?,
        }
    }
    Ok(s)
}

/// The section of an item element (`work:work`, `employment:employment-summary`, …) and
/// whether it is a summary.
fn item_section(e: &Node<'_>) -> Option<(Section, bool)> {
    Section::ALL.into_iter().find_map(|section| {
        let p = section.path_segment();
        if e.prefix != p {
            return None;
        }
        if e.name == p {
            Some((section, false))
        } else {
            (e.name.strip_suffix("-summary") == Some(p)).then_some((section, true))
        }
    })
}

/// One item element, full or summary (`work:work`, `work:work-summary`,
/// `employment:employment-summary`, …, `funding:funding`), as a document item; `None` when it is
/// no item element (or a funding without its required parts). What it does not read is dropped:
/// a sync, which reads the Member API's answers with it, keeps the element to compare.
pub(crate) fn read_item_element(e: &Element) -> Option<Item> {
    let mut cx = Ctx {
        losses: Vec::new(),
        // A tree's elements know their lines.
        lines: LineCursor::new(""),
    };
    let mut walk = Walk {
        stack: vec![(e, 0)],
    };
    let node = Node::of_element(e);
    // A tree walked gives no XML errors.
    cx.item(&mut walk, &node, &At::of(&node)).ok().flatten()
}

/// Reads an ORCID v3.0 document: a record, a person, activity summaries (all or one
/// section), bulk works, or one work, affiliation or funding. Returns what it holds and what
/// was not read. The items keep ORCID's own view of them (put-code, visibility, source):
///
/// ```
/// use vitae::orcid::{doc::Document, read_document};
/// let xml = r#"<activities:works xmlns:activities="http://www.orcid.org/ns/activities"
///     xmlns:common="http://www.orcid.org/ns/common" xmlns:work="http://www.orcid.org/ns/work">
///   <activities:group><common:external-ids/>
///     <work:work-summary put-code="3356" visibility="public">
///       <common:source><common:source-client-id><common:path>APP-0123456789ABCDEF</common:path></common:source-client-id></common:source>
///       <work:title><common:title>Work # 0</common:title></work:title>
///       <work:type>conference-paper</work:type>
///     </work:work-summary>
///   </activities:group>
/// </activities:works>"#;
/// let (Document::Activities(items), _) = read_document(xml)? else { panic!("a list of works") };
/// let meta = items[0].meta();
/// assert_eq!(meta.put_code, Some(3356));
/// assert_eq!(meta.source.as_ref().and_then(|s| s.client_id.as_deref()), Some("APP-0123456789ABCDEF"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ReadError::Xml`] for malformed or refused XML (any `DOCTYPE`), with line and column;
/// [`ReadError::Unsupported`] for a root element vitae does not read.
pub fn read_document(text: &str) -> Result<(Document, Vec<Loss>), ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut src = Events::new(text)?;
    let root = loop {
        match src.next()? {
            Token::Start(s) => break Node::of_start(s),
            // Text outside the root is whitespace (the reader refuses any other).
            Token::Text(_) | Token::Char(_) | Token::End => {}
            Token::Eof => {
                return Err(src
                    .error(text.len(), "no root element: the document is empty")
                    .into());
            }
        }
    };
    let mut cx = Ctx {
        losses: Vec::new(),
        lines: LineCursor::new(text),
    };
    let doc = match (root.prefix, root.name) {
        ("record", "record") => Some(cx.record(&mut src, &root)?),
        ("person", "person") => Some(Document::Person(
            cx.person(&mut src, &At::root("person:person"))?,
        )),
        ("activities", "activities-summary") => Some(Document::Activities(
            cx.activities(&mut src, &At::root("activities:activities-summary"))?,
        )),
        ("activities", _) => {
            let mut items = Vec::new();
            cx.activities_section(&mut src, &At::of(&root), &mut items)?;
            Some(Document::Activities(items))
        }
        ("bulk", "bulk") => Some(cx.bulk(&mut src)?),
        ("error", "error") => None,
        _ => cx
            .item(&mut src, &root, &At::of(&root))?
            .map(Document::Item),
    };
    let unsupported = match doc {
        Some(_) => None,
        None if root.is("error", "error") => {
            let (code, message) = Ctx::error(&mut src)?;
            Some(format!(
                "this is an ORCID error response (code {code}: {message})"
            ))
        }
        None => Some(format!(
            "<{}> (namespace {:?}) is not a document vitae reads",
            qname(&root),
            root.ns()
        )),
    };
    // The rest of the document: nothing but comments and whitespace may follow the root.
    loop {
        if let Token::Eof = src.next()? {
            break;
        }
    }
    if let Some(what) = unsupported {
        let (line, column) = line_col(text, root.offset);
        return Err(ReadError::Unsupported {
            line,
            column,
            message: format!(
                "{what}; expected an ORCID v3.0 record, person, activities summary, bulk, work, affiliation or funding"
            ),
        });
    }
    Ok((doc.expect("read"), cx.losses))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orcid::xml::parse;

    /// An item document read from its events and from its tree (as a sync reads the items of
    /// the elements it keeps): the same item.
    fn same_both_ways(text: &str) -> bool {
        let Ok((Document::Item(streamed), _)) = read_document(text) else {
            return false;
        };
        let walked = read_item_element(&parse(text).expect("well-formed"));
        assert_eq!(walked.as_ref(), Some(&streamed), "{text}");
        true
    }

    #[test]
    fn events_and_tree_read_the_same_items() {
        let work = r#"<work:work xmlns:work="http://www.orcid.org/ns/work" xmlns:common="http://www.orcid.org/ns/common" put-code="7" visibility="public">
  <common:source><common:source-orcid><common:uri>https://orcid.org/0000-0002-1825-0097</common:uri></common:source-orcid><common:source-name>Me</common:source-name></common:source>
  <work:title><common:title>A &amp; B <![CDATA[<c>]]></common:title><common:translated-title language-code=" fr ">Un</common:translated-title></work:title>
  <work:citation><work:citation-value>@article{x}</work:citation-value></work:citation>
  <work:type>journal-article</work:type>
  <common:publication-date><common:year>2020</common:year><common:month>13</common:month></common:publication-date>
  <common:external-ids><common:external-id><common:external-id-type>doi</common:external-id-type><common:external-id-value>10.1/x</common:external-id-value></common:external-id><common:external-id/></common:external-ids>
  <work:contributors><work:contributor><common:contributor-orcid><common:path>0000-0002-1825-0097</common:path></common:contributor-orcid><work:credit-name>A. B.</work:credit-name><work:contributor-attributes><work:contributor-sequence>first</work:contributor-sequence><work:contributor-role>author</work:contributor-role></work:contributor-attributes></work:contributor></work:contributors>
  <common:country visibility="public">DE</common:country>
  <work:title><common:title>second title, not read</common:title></work:title>
  <work:unknown>x</work:unknown>
</work:work>"#;
        assert!(same_both_ways(work));
        let funding = r#"<funding:funding xmlns:funding="http://www.orcid.org/ns/funding" xmlns:common="http://www.orcid.org/ns/common" put-code="x">
  <funding:type>grant</funding:type><funding:title><common:title>G</common:title></funding:title>
  <funding:amount currency-code="EUR">10</funding:amount>
  <common:organization><common:name>DFG</common:name><common:address><common:city>Bonn</common:city><common:country>DE</common:country></common:address>
  <common:disambiguated-organization><common:disambiguated-organization-identifier>https://ror.org/018mejw64</common:disambiguated-organization-identifier><common:disambiguation-source>ROR</common:disambiguation-source></common:disambiguated-organization></common:organization>
</funding:funding>"#;
        assert!(same_both_ways(funding));
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/fixtures/orcid/read_samples");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            assert!(
                std::env::var_os("VITAE_REQUIRE_SHARED").is_none(),
                "{} is needed",
                dir.display()
            );
            eprintln!("SKIPPED: ORCID's samples (../shared absent)");
            return;
        };
        let mut items = 0;
        for e in entries {
            let text = std::fs::read_to_string(e.expect("entry").path()).expect("read");
            items += usize::from(same_both_ways(&text));
        }
        assert!(items >= 5, "{items} item documents among ORCID's samples");
    }
}
