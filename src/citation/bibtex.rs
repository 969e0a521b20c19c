//! BibTeX citations generated from the model, for ORCID's `work:citation`.
//!
//! One entry per work, keyed by the item's id; text fields escaped for (La)TeX, URL-like
//! fields (`doi`, `url`, `eprint`) written verbatim with braces percent-encoded.

use crate::model::{
    Contributor, ContributorRole, Organization, PatentFamily, PatentMember, Work, WorkKind,
};
use crate::types::PartialDate;

/// Escapes text for a BibTeX field in braces.
///
/// ```
/// assert_eq!(vitae::citation::bibtex::escape("50% of R&D_{x} #1 ~ $5 \\"),
///     r"50\% of R\&D\_\{x\} \#1 \textasciitilde{} \$5 \textbackslash{}");
/// ```
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// Appends `s` escaped (see [`escape`]), copying the runs that need nothing as they are.
fn escape_into(out: &mut String, s: &str) {
    replace_bytes(out, s, |b| {
        Some(match b {
            b'\\' => r"\textbackslash{}",
            b'{' => r"\{",
            b'}' => r"\}",
            b'#' => r"\#",
            b'$' => r"\$",
            b'%' => r"\%",
            b'&' => r"\&",
            b'_' => r"\_",
            b'~' => r"\textasciitilde{}",
            b'^' => r"\textasciicircum{}",
            b'\n' | b'\r' | b'\t' => " ",
            _ => return None,
        })
    });
}

/// Appends `s` with every ASCII byte that `rep` maps replaced, copying the runs between them
/// as they are.
fn replace_bytes(out: &mut String, s: &str, rep: impl Fn(u8) -> Option<&'static str>) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        if let Some(r) = rep(b) {
            out.push_str(&s[last..i]);
            out.push_str(r);
            last = i + 1;
        }
    }
    out.push_str(&s[last..]);
}

/// Appends a verbatim field (DOI, URL): only braces and backslashes need care, and they are
/// percent-encoded, which resolvers accept (`%` too, so that it stays what it was).
fn verbatim_into(out: &mut String, s: &str) {
    replace_bytes(out, s, |b| {
        Some(match b {
            b'%' => "%25",
            b'{' => "%7B",
            b'}' => "%7D",
            b'\\' => "%5C",
            b'\n' | b'\r' | b'\t' => " ",
            _ => return None,
        })
    });
}

/// Whether a name holds ` and ` (looked for only when it holds a space at all).
fn has_and(s: &str) -> bool {
    s.contains(' ') && s.contains(" and ")
}

/// Appends a name for a name list (`author`, `editor`, `translator`): `Family, Given` or
/// `Family, Jr., Given`, or the name in braces so that BibTeX does not split it — always so
/// for a group author (`{GOCS Consortium}`).
fn person_name_into(out: &mut String, c: &Contributor) {
    match (&c.given, &c.family) {
        (Some(g), Some(f))
            if !c.is_group()
                && !has_and(f)
                && !has_and(g)
                && c.suffix
                    .as_deref()
                    .is_none_or(|x| !has_and(x) && !x.contains(',')) =>
        {
            escape_into(out, f);
            if let Some(x) = &c.suffix {
                out.push_str(", ");
                escape_into(out, x);
            }
            out.push_str(", ");
            escape_into(out, g);
        }
        _ => {
            out.push('{');
            escape_into(out, &c.name);
            out.push('}');
        }
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// An entry written as it is built: `@kind{key,`, then one `  name = value` line per field.
struct Entry<'a> {
    out: &'a mut String,
    fields: usize,
}

impl<'a> Entry<'a> {
    fn new(out: &'a mut String, kind: &str, key: &str) -> Self {
        out.push('@');
        out.push_str(kind);
        out.push('{');
        out.push_str(key);
        out.push_str(",\n");
        Self { out, fields: 0 }
    }

    /// Starts a field: the separator after the one before, then `  name = `.
    fn field(&mut self, name: &str) -> &mut String {
        if self.fields > 0 {
            self.out.push_str(",\n");
        }
        self.fields += 1;
        self.out.push_str("  ");
        self.out.push_str(name);
        self.out.push_str(" = ");
        self.out
    }

    fn text(&mut self, name: &'static str, value: Option<&str>) {
        if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) {
            let out = self.field(name);
            out.push('{');
            escape_into(out, v);
            out.push('}');
        }
    }

    /// A list of names joined by `and`, in braces; no field when the list is empty.
    fn names<'c>(&mut self, name: &'static str, list: impl Iterator<Item = &'c Contributor>) {
        let mut list = list.peekable();
        if list.peek().is_none() {
            return;
        }
        let out = self.field(name);
        out.push('{');
        for (i, c) in list.enumerate() {
            if i > 0 {
                out.push_str(" and ");
            }
            person_name_into(out, c);
        }
        out.push('}');
    }

    /// A verbatim value (see [`verbatim_into`]), in braces.
    fn verbatim(&mut self, name: &'static str, value: Option<&str>) {
        if let Some(v) = value {
            let out = self.field(name);
            out.push('{');
            verbatim_into(out, v);
            out.push('}');
        }
    }

    fn raw(&mut self, name: &'static str, value: &str) {
        self.field(name).push_str(value);
    }

    fn date(&mut self, d: Option<PartialDate>) {
        if let Some(d) = d {
            let out = self.field("year");
            out.push('{');
            out.push_str(itoa::Buffer::new().format(d.year()));
            out.push('}');
            if let Some(m) = d.month() {
                self.raw("month", MONTHS[usize::from(m.clamp(1, 12)) - 1]);
            }
        }
    }

    fn finish(self) {
        if self.fields > 0 {
            self.out.push('\n');
        }
        self.out.push('}');
    }
}

fn org_name(o: &Organization) -> &str {
    o.name.as_str()
}

/// The BibTeX entries of a CV at a visibility level: every work, then every patent filing,
/// in the CV's order, each keyed by its id, a blank line between two entries
/// (`vitae export --to bibtex`). Items without an id (a CV built in Rust without
/// [`Cv::complete`](crate::Cv::complete)) are left out.
///
/// ```
/// use vitae::types::Visibility;
/// let cv = vitae::from_str(r#"
/// person: {given-names: Ada, family-name: Lovelace}
/// works:
///   - {type: journal-article, title: Notes, date: 1843, authors: [Lovelace A], doi: 10.1000/x}
///   - {type: book, title: Private sketches, date: 1844, visibility: private}
/// "#, vitae::InputFormat::Yaml)?.cv;
/// let bib = vitae::citation::bibtex::bibliography(&cv, Visibility::Public);
/// assert!(bib.starts_with("@article{1843-notes,\n"));
/// assert!(!bib.contains("Private sketches"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn bibliography(cv: &crate::Cv, level: crate::types::Visibility) -> String {
    let cv = cv.visible(level);
    let mut entries = Vec::with_capacity(cv.works.len());
    for w in &cv.works {
        if let Some(id) = &w.id {
            entries.push(work(w, id.as_str()));
        }
    }
    for f in &cv.patents {
        for m in &f.members {
            if let Some(id) = &m.id {
                entries.push(patent(f, m, id.as_str()));
            }
        }
    }
    let mut out = entries
        .iter()
        .map(|e| e.trim_end())
        .collect::<Vec<_>>()
        .join("\n\n");
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// The BibTeX entry of a work, keyed by `key` (the item's id).
///
/// ```
/// let cv = vitae::from_str(r#"
/// person: {given-names: Ada, family-name: Lovelace}
/// works:
///   - type: journal-article
///     title: "Notes & Sketches"
///     authors: ["Lovelace, Ada"]
///     date: 1843-09
///     container: Scientific Memoirs
///     doi: 10.1000/x_y
/// "#, vitae::InputFormat::Yaml)?.cv;
/// let b = vitae::citation::bibtex::work(&cv.works[0], "notes");
/// assert!(b.starts_with("@article{notes,\n"));
/// assert!(b.contains("title = {Notes \\& Sketches}"));
/// assert!(b.contains("month = sep"));
/// assert!(b.contains("doi = {10.1000/x_y}"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn work(w: &Work, key: &str) -> String {
    let mut out = String::new();
    work_into(&mut out, w, key);
    out
}

fn work_into(out: &mut String, w: &Work, key: &str) {
    let kind = match w.kind {
        WorkKind::JournalArticle => "article",
        WorkKind::ConferencePaper | WorkKind::WorkshopPaper => "inproceedings",
        WorkKind::BookChapter => "incollection",
        WorkKind::Book | WorkKind::EditedBook => "book",
        WorkKind::Report => "techreport",
        WorkKind::Thesis => {
            let d = w.degree.as_deref().unwrap_or("").to_ascii_lowercase();
            if d.contains("master") || d.contains("m.sc") || d.contains("diplom") {
                "mastersthesis"
            } else if d.contains("ph") || d.contains("doct") || d.contains("dr") {
                "phdthesis"
            } else {
                "misc"
            }
        }
        _ => "misc",
    };
    let mut e = Entry::new(out, kind, key);
    // Authors in `author` (an edited book's in `editor`), editors in `editor`, translators
    // in BibLaTeX's `translator`; supervisors, chairs and other roles have no field.
    let editors_are_authors = w.kind == WorkKind::EditedBook;
    let is_author = |c: &&Contributor| c.role == ContributorRole::Author && !editors_are_authors;
    let is_editor = |c: &&Contributor| {
        c.role == ContributorRole::Editor
            || (editors_are_authors && c.role == ContributorRole::Author)
    };
    e.names("author", w.authors.iter().filter(is_author));
    let container_editors = w.container.iter().flat_map(|c| c.editors.iter());
    e.names(
        "editor",
        w.authors.iter().filter(is_editor).chain(container_editors),
    );
    e.names(
        "translator",
        w.authors
            .iter()
            .filter(|c| c.role == ContributorRole::Translator),
    );
    match &w.subtitle {
        Some(s) => e.text("title", Some(&format!("{}: {s}", w.title.as_str()))),
        None => e.text("title", Some(w.title.as_str())),
    }
    let container = w.container.as_ref().map(|c| c.title.as_str());
    let event = w.event.as_ref().map(|ev| ev.name.as_str());
    match kind {
        "article" => e.text("journal", container),
        "inproceedings" | "incollection" => e.text("booktitle", container.or(event)),
        _ => {}
    }
    if w.kind.is_presentation() || matches!(w.kind, WorkKind::Poster) {
        e.text("howpublished", event.or(container));
    } else if kind == "misc" {
        e.text("howpublished", container);
    }
    if let Some(series) = w.container.as_ref().and_then(|c| c.series.as_deref()) {
        e.text("series", Some(series));
    }
    e.date(
        w.date
            .or_else(|| w.event.as_ref().and_then(|ev| ev.dates.first().copied())),
    );
    e.text("volume", w.volume.as_deref());
    e.text("number", w.issue.as_deref());
    if let Some(p) = &w.pages {
        match p.last() {
            Some(last) => e.text("pages", Some(&format!("{}--{last}", p.first()))),
            None => e.text("pages", Some(p.first())),
        }
    }
    e.text("eid", w.article_number.as_deref());
    let publisher = w
        .publisher
        .as_ref()
        .or_else(|| w.container.as_ref().and_then(|c| c.publisher.as_ref()));
    match kind {
        "phdthesis" | "mastersthesis" => e.text("school", publisher.map(org_name)),
        "techreport" => e.text("institution", publisher.map(org_name)),
        _ => e.text("publisher", publisher.map(org_name)),
    }
    e.text(
        "address",
        w.container.as_ref().and_then(|c| c.place.as_deref()),
    );
    let isbn = w
        .isbn
        .first()
        .or_else(|| w.container.as_ref().and_then(|c| c.isbn.first()));
    e.text("isbn", isbn.map(|i| i.as_str()));
    e.text(
        "issn",
        w.container
            .as_ref()
            .and_then(|c| c.issn.first())
            .map(|i| i.as_str()),
    );
    e.verbatim("doi", w.doi.as_ref().map(|d| d.as_str()));
    if let Some(a) = &w.arxiv {
        e.verbatim("eprint", Some(a.as_str()));
        e.raw("archiveprefix", "{arXiv}");
    }
    e.text("version", w.version.as_deref());
    e.verbatim(
        "url",
        w.url.as_ref().or(w.repository.as_ref()).map(|u| u.as_str()),
    );
    e.text("language", w.language.as_ref().map(|l| l.as_str()));
    e.finish()
}

/// The BibTeX entry of one filing of a patent family.
///
/// ```
/// use vitae::orcid::bibtex;
/// let cv = vitae::from_str(r#"
/// person: {given-names: Sebastian, family-name: Lapuschkin}
/// patents:
///   - title: Pruning Machine Learning Predictors
///     inventors: ["Lapuschkin, Sebastian"]
///     members:
///       - {office: EP, number: "3991102", kind-code: A1, status: published, date: 2022-05-04}
/// "#, vitae::InputFormat::Yaml)?.cv;
/// let f = &cv.patents[0];
/// let b = bibtex::patent(f, &f.members[0], "ep3991102a1");
/// assert!(b.contains("howpublished = {Patent EP 3991102 A1}"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn patent(f: &PatentFamily, m: &PatentMember, key: &str) -> String {
    let mut out = String::new();
    patent_into(&mut out, f, m, key);
    out
}

fn patent_into(out: &mut String, f: &PatentFamily, m: &PatentMember, key: &str) {
    let mut e = Entry::new(out, "misc", key);
    e.names("author", f.inventors.iter());
    let title = m.title.as_ref().unwrap_or(&f.title);
    e.text("title", Some(title.as_str()));
    e.text("howpublished", Some(&format!("Patent {}", m.full_number())));
    e.date(m.date);
    if !f.assignees.is_empty() {
        let a: Vec<&str> = f.assignees.iter().map(org_name).collect();
        e.text("organization", Some(&a.join("; ")));
    }
    e.verbatim("url", m.url.as_ref().map(|u| u.as_str()));
    e.finish()
}

/// Undoes [`escape`].
fn unescape(s: &str) -> String {
    let mut out = s.to_owned();
    for (from, to) in [
        (r"\textbackslash{}", "\u{0}"),
        (r"\textasciitilde{}", "~"),
        (r"\textasciicircum{}", "^"),
        (r"\{", "{"),
        (r"\}", "}"),
        (r"\#", "#"),
        (r"\$", "$"),
        (r"\%", "%"),
        (r"\&", "&"),
        (r"\_", "_"),
    ] {
        out = out.replace(from, to);
    }
    out.replace('\u{0}', "\\")
}

/// The plain fields of an entry written by [`work`] (one field per line, value in braces),
/// unescaped: what an import can take back from a citation ORCID holds.
pub(crate) fn simple_fields(entry: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in entry.lines().skip(1) {
        let Some((name, rest)) = line.trim().split_once(" = ") else {
            continue;
        };
        let rest = rest.trim_end_matches(',');
        let Some(inner) = rest.strip_prefix('{').and_then(|r| r.strip_suffix('}')) else {
            continue;
        };
        if inner.contains(['{', '}']) && !inner.contains(r"\{") && !inner.contains(r"\}") {
            continue;
        }
        out.push((name.to_owned(), unescape(inner)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacements_keep_the_text_between_them() {
        let mut out = String::new();
        escape_into(&mut out, "Müller & Søn_{ü}\n");
        assert_eq!(out, r"Müller \& Søn\_\{ü\} ");
        let mut out = String::new();
        verbatim_into(&mut out, "10.1000/ü{50%}\\x");
        assert_eq!(out, "10.1000/ü%7B50%25%7D%5Cx");
    }
}
