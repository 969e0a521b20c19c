//! Minting the IRIs of a CV's nodes from its base IRI and the items' stable ids.
//!
//! The page (the `ProfilePage`, and the named graph in N-Quads and TriG) is the base IRI
//! without its fragment; every other node is `<page>#<local name>`: `#me` for the person,
//! `#work-<id>` for a work, and the parts of a node after `--`: `#work-<id>--author-<n>` for
//! its n-th author (1-based), `#work-<id>--doi`, `#org-<key>--address`. Local names are built
//! from ids and slugs (letters, digits, `-`, `_`, `.`), so they never need escaping, and slugs
//! never contain `--`, so a part never takes another node's IRI.

use oxigraph::model::NamedNode;

use super::ExportError;
use crate::model::Person;
use crate::types::Url;

/// The IRIs of one CV.
#[derive(Debug, Clone)]
pub(crate) struct Iris {
    page: String,
    /// `<page>#`.
    prefix: String,
    /// Whether `page` is a valid IRI, checked once: a local IRI of safe characters after it
    /// needs no check of its own.
    page_is_valid: bool,
}

impl Iris {
    /// The IRIs under `base` (its fragment, if any, is dropped).
    pub fn new(base: &url::Url) -> Self {
        let mut b = base.clone();
        b.set_fragment(None);
        let page = escape(b.as_str());
        Self {
            page_is_valid: NamedNode::new(page.as_str()).is_ok(),
            prefix: [page.as_str(), "#"].concat(),
            page,
        }
    }

    /// The base used when neither the CV nor the caller gives one: `urn:vitae:` and the
    /// person's name as a slug, e.g. `urn:vitae:ada-lovelace`.
    pub fn default_base(person: &Person) -> url::Url {
        let mut slug = crate::ids::slug(&person.full_name(), 8);
        if slug.is_empty() {
            slug = "cv".to_owned();
        }
        url::Url::parse(&format!("urn:vitae:{slug}"))
            .unwrap_or_else(|_| url::Url::parse("urn:vitae:cv").expect("a valid URN"))
    }

    /// The page's IRI.
    pub fn page(&self) -> Result<NamedNode, ExportError> {
        checked(self.page.clone())
    }

    /// The prefix of every local IRI, `<page>#`.
    pub fn local_prefix(&self) -> String {
        self.prefix.clone()
    }

    /// `<page>#<local>`.
    pub fn local(&self, local: &str) -> Result<NamedNode, ExportError> {
        self.local_of(&[local])
    }

    /// `<page>#` and the parts of a local name, e.g. `["work-", id, "--doi"]`: made in one
    /// allocation, without `format!`.
    pub fn local_of(&self, parts: &[&str]) -> Result<NamedNode, ExportError> {
        self.local_with(parts, None)
    }

    /// `<page>#<prefix>-<number>`, e.g. the n-th author of a work, the prefix given in parts.
    pub fn local_numbered(&self, prefix: &[&str], number: usize) -> Result<NamedNode, ExportError> {
        self.local_with(prefix, Some(number))
    }

    fn local_with(&self, parts: &[&str], number: Option<usize>) -> Result<NamedNode, ExportError> {
        joined(&self.prefix, self.page_is_valid, parts, number)
    }

    /// A local name made of `parts`, from which the IRIs of its parts are made.
    pub fn key(&self, parts: &[&str]) -> Local {
        let (iri, safe) = join(&self.prefix, self.page_is_valid, parts, None);
        Local { iri, safe }
    }
}

/// A local name, `<page>#<name>`, its characters checked once: the IRIs of the parts of its
/// node (`<name>--doi`, `<name>--author-3`) are made from it in one allocation each.
#[derive(Debug, Clone)]
pub(crate) struct Local {
    iri: String,
    /// Whether `iri` is a valid IRI of characters a fragment may hold after the `#`.
    safe: bool,
}

impl Local {
    /// `<page>#<name>`.
    pub fn iri(&self) -> Result<NamedNode, ExportError> {
        joined(&self.iri, self.safe, &[], None)
    }

    /// `<page>#<name><parts>`.
    pub fn part(&self, parts: &[&str]) -> Result<NamedNode, ExportError> {
        joined(&self.iri, self.safe, parts, None)
    }

    /// `<page>#<name><parts>-<number>`.
    pub fn numbered(&self, parts: &[&str], number: usize) -> Result<NamedNode, ExportError> {
        joined(&self.iri, self.safe, parts, Some(number))
    }

    /// The local name `<name><parts>`.
    pub fn sub(&self, parts: &[&str]) -> Local {
        let (iri, safe) = join(&self.iri, self.safe, parts, None);
        Local { iri, safe }
    }

    /// The name, without `<page>#`.
    pub fn name(&self) -> &str {
        self.iri.rsplit_once('#').map_or("", |(_, name)| name)
    }
}

/// `head` (a checked start, `safe` or not), the parts and `-<number>`, and whether that is
/// still safe.
fn join(head: &str, safe: bool, parts: &[&str], number: Option<usize>) -> (String, bool) {
    let mut digits = itoa::Buffer::new();
    let number = number.map(|n| digits.format(n));
    let len = parts.iter().map(|p| p.len()).sum::<usize>() + number.map_or(0, |n| n.len() + 1);
    let mut iri = String::with_capacity(head.len() + len);
    iri.push_str(head);
    let mut safe = safe;
    for part in parts {
        iri.push_str(part);
        safe &= part.bytes().all(is_fragment_safe);
    }
    if let Some(n) = number {
        iri.push('-');
        iri.push_str(n);
    }
    (iri, safe)
}

/// The IRI [`join`] makes.
fn joined(
    head: &str,
    safe: bool,
    parts: &[&str],
    number: Option<usize>,
) -> Result<NamedNode, ExportError> {
    let (iri, safe) = join(head, safe, parts, number);
    if safe {
        // A valid IRI without fragment, `#`, and characters a fragment may hold as they
        // are: a valid IRI, so the parser need not run again.
        return Ok(NamedNode::new_unchecked(iri));
    }
    checked(iri)
}

/// ASCII characters an IRI fragment may hold unescaped (RFC 3987 `ifragment`, less `%`).
fn is_fragment_safe(b: u8) -> bool {
    FRAGMENT_SAFE[usize::from(b)]
}

/// [`is_fragment_safe`] as a table, built at compile time: every local IRI's every byte is
/// looked up.
const FRAGMENT_SAFE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric();
        b += 1;
    }
    let extra = b"-._~!$&'()*+,;=:@/?";
    let mut i = 0;
    while i < extra.len() {
        t[extra[i] as usize] = true;
        i += 1;
    }
    t
};

/// The IRI of a URL from the CV: its normal form ([`Url::normalized`]), whatever its spelling
/// in the CV (`http://extId/1` is `<http://extid/1>`), so that one address is one IRI. A
/// parsed URL may still hold characters that IRIs forbid (`{`, `|`, `^`, ...); they are
/// percent-encoded, which names the same resource.
pub(crate) fn url_iri(url: &Url) -> Result<NamedNode, ExportError> {
    checked(escape(url.normalized().as_str()))
}

/// An IRI from a string that is known to be an absolute URL (a DOI or ORCID resolver URL).
pub(crate) fn known_iri(iri: String) -> Result<NamedNode, ExportError> {
    checked(escape(&iri))
}

fn checked(iri: String) -> Result<NamedNode, ExportError> {
    NamedNode::new(iri.as_str()).map_err(|source| ExportError::Iri { iri, source })
}

/// Percent-encodes the ASCII characters that URLs may carry but IRIs forbid.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '{' | '}' | '|' | '\\' | '^' | '`' | '<' | '>' | '"' | ' ' => {
                out.push_str(&format!("%{:02X}", c as u32));
            }
            c if c.is_control() => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The key of a shared node named by its text (a journal's title, a volume's number, a
/// department), for its local IRI: injective, so that two texts that differ, if only by a
/// punctuation mark or a letter's case, never share a node (`J` and `J!`, `1` and `-1`).
///
/// A text of ASCII letters and digits in words separated by single spaces is its own key, the
/// spaces written `-` (`Information Fusion` → `Information-Fusion`); any other text (other
/// punctuation, diacritics, other scripts, runs of spaces) is a readable slug of it, then `~`
/// and a stable hash of the whole text (`Gdańsk` → `Gdansk~…`, `—` → `~…`). A key without
/// `~` spells its text; one with `~` carries its text's hash: keys of different texts differ
/// (short of a 40-bit hash collision between texts of one slug). Keys hold no `--`, so a
/// part's IRI never takes another node's.
pub(crate) fn name_key(name: &str) -> String {
    key_of(&[name])
}

/// The key of a shared node named by several texts, e.g. an organization's name, city and
/// country: each text's [`name_key`] spelling, joined by `_` (a trailing empty text left
/// out), and `~` and a hash of all texts when any is not spelled exactly.
pub(crate) fn key_of(parts: &[&str]) -> String {
    let end = parts
        .iter()
        .rposition(|p| !p.trim().is_empty())
        .map_or(0, |i| i + 1);
    let parts = &parts[..end];
    let mut out = String::new();
    let mut exact = true;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('_');
        }
        exact &= spell(part.trim(), &mut out);
    }
    if !exact || out.is_empty() {
        // FNV-1a over the texts with their lengths: stable across Rust versions, unlike
        // `DefaultHasher`, and no two lists of texts give the same bytes.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |bytes: &[u8]| {
            for b in bytes {
                h ^= u64::from(*b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        };
        for part in parts {
            let part = part.trim();
            eat(&(part.len() as u64).to_le_bytes());
            eat(part.as_bytes());
        }
        // Fold the high bits in: FNV's low bits mix least.
        let folded = (h ^ (h >> 40)) & 0xff_ffff_ffff;
        out.push_str(&format!("~{folded:010x}"));
    }
    out
}

/// Appends a readable spelling of `text` (ASCII letters and digits as they are, every other
/// run of characters one `-`, diacritics and other scripts transliterated) and says whether
/// it spells `text` exactly (words of ASCII letters and digits, single spaces between).
fn spell(text: &str, out: &mut String) -> bool {
    if text.is_empty() {
        return true;
    }
    let ascii = deunicode::deunicode_with_tofu_cow(text, "[?]");
    let start = out.len();
    let mut gap = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && out.len() > start {
                out.push('-');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    let spelled = &out[start..];
    let mut words = text.split(' ');
    !spelled.is_empty()
        && spelled.split('-').all(|w| words.next() == Some(w))
        && words.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 16, point 4: texts that differ give keys that differ, and a key is the same on
    /// every run.
    #[test]
    fn keys_are_injective_and_stable() {
        let texts = [
            "J",
            "J!",
            "j",
            "J.",
            "J ",
            " J",
            "J  J",
            "J J",
            "J-J",
            "J_J",
            "1",
            "-1",
            "1.",
            "01",
            "Müller",
            "Muller",
            "Mueller",
            "—",
            "–",
            "周静",
            "周",
            "静",
            "a b",
            "a-b",
            "a  b",
            "A B",
            "Information Fusion",
            "Information: Fusion",
            "",
        ];
        let mut seen = std::collections::HashMap::new();
        for t in texts {
            let k = name_key(t);
            assert!(!k.contains("--") && !k.starts_with('-'), "{t:?} → {k}");
            assert_eq!(k, name_key(t), "stable");
            if let Some(other) = seen.insert(k.clone(), t) {
                // Only texts equal up to surrounding space (which the node's name drops too).
                assert_eq!(other.trim(), t.trim(), "{other:?} and {t:?} share {k}");
            }
        }
        assert_eq!(name_key("Information Fusion"), "Information-Fusion");
        assert!(name_key("J!").starts_with("J~"));
        assert!(name_key("-1").starts_with("1~"));
        // Several texts: the empty city keeps its place, a trailing empty text is dropped.
        let gdansk = key_of(&["Institute of Oceanography", "Gdańsk", "PL"]);
        let taipei = key_of(&["Institute of Oceanography", "Taipei", "TW"]);
        assert_ne!(gdansk, taipei);
        assert_eq!(key_of(&["Institute", "", "PL"]), "Institute__PL");
        assert_eq!(key_of(&["Institute", "PL", ""]), "Institute_PL");
        assert_ne!(key_of(&["a_b"]), key_of(&["a", "b"]));
        assert_ne!(key_of(&["a b"]), key_of(&["a", "b"]));
    }

    #[test]
    fn escapes_what_iris_forbid() {
        let u: Url = "https://example.org/a?q={x}|y^z".parse().unwrap();
        let iri = url_iri(&u).unwrap();
        assert_eq!(iri.as_str(), "https://example.org/a?q=%7Bx%7D%7Cy%5Ez");
    }

    /// A URL's IRI is its normal form, however the CV spells it: one address, one IRI.
    #[test]
    fn a_url_is_named_by_its_normal_form() {
        for (written, iri) in [
            ("http://extId/1", "http://extid/1"),
            ("http://cameronneylon.net", "http://cameronneylon.net/"),
            ("https://example.org/a b", "https://example.org/a%20b"),
        ] {
            let u: Url = written.parse().unwrap();
            assert_eq!(u.as_str(), written);
            assert_eq!(url_iri(&u).unwrap().as_str(), iri);
        }
    }

    #[test]
    fn page_and_local() {
        let iris = Iris::new(&url::Url::parse("https://lapuschkin.com/#frag").unwrap());
        assert_eq!(iris.page().unwrap().as_str(), "https://lapuschkin.com/");
        assert_eq!(
            iris.local("me").unwrap().as_str(),
            "https://lapuschkin.com/#me"
        );
        assert_eq!(
            iris.local("a/b?c:d@e").unwrap(),
            NamedNode::new("https://lapuschkin.com/#a/b?c:d@e").unwrap()
        );
        // What a fragment cannot hold is refused, as before.
        assert!(iris.local("a b").is_err());
        assert!(iris.local("a#b").is_err());
        assert!(iris.local_of(&["ok-", "a b"]).is_err());
        assert_eq!(
            iris.local_of(&["work-", "x", "--doi"]).unwrap().as_str(),
            "https://lapuschkin.com/#work-x--doi"
        );
        assert_eq!(
            iris.local_numbered(&["work-", "x", "--author"], 12)
                .unwrap()
                .as_str(),
            "https://lapuschkin.com/#work-x--author-12"
        );
        assert_eq!(
            iris.local_numbered(&["a"], 0).unwrap().as_str(),
            "https://lapuschkin.com/#a-0"
        );
        let key = iris.key(&["work-", "x"]);
        assert_eq!(key.name(), "work-x");
        assert_eq!(
            key.iri().unwrap().as_str(),
            "https://lapuschkin.com/#work-x"
        );
        assert_eq!(
            key.sub(&["--editor"]).numbered(&[], 2).unwrap().as_str(),
            "https://lapuschkin.com/#work-x--editor-2"
        );
        assert_eq!(
            key.part(&["--doi"]).unwrap().as_str(),
            "https://lapuschkin.com/#work-x--doi"
        );
        assert!(key.part(&["--a b"]).is_err());
        assert!(iris.key(&["a b"]).part(&["--doi"]).is_err());
        assert_eq!(name_key("Fraunhofer HHI"), "Fraunhofer-HHI");
        assert!(name_key("—").starts_with('~'));
    }
}
