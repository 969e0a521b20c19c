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
/// assert_eq!(vitae::orcid::bibtex::escape("50% of R&D_{x} #1 ~ $5 \\"),
///     r"50\% of R\&D\_\{x\} \#1 \textasciitilde{} \$5 \textbackslash{}");
/// ```
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str(r"\textbackslash{}"),
            '{' => out.push_str(r"\{"),
            '}' => out.push_str(r"\}"),
            '#' => out.push_str(r"\#"),
            '$' => out.push_str(r"\$"),
            '%' => out.push_str(r"\%"),
            '&' => out.push_str(r"\&"),
            '_' => out.push_str(r"\_"),
            '~' => out.push_str(r"\textasciitilde{}"),
            '^' => out.push_str(r"\textasciicircum{}"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A verbatim field (DOI, URL): only braces and backslashes need care, and they are
/// percent-encoded, which resolvers accept.
fn verbatim(s: &str) -> String {
    s.replace('%', "%25")
        .replace('{', "%7B")
        .replace('}', "%7D")
        .replace('\\', "%5C")
        .replace(['\n', '\r', '\t'], " ")
}

/// A name for the `author` or `editor` list: `Family, Given`, or the name in braces so that
/// BibTeX does not split it.
fn person_name(c: &Contributor) -> String {
    match (&c.given, &c.family) {
        (Some(g), Some(f)) if !f.contains(" and ") && !g.contains(" and ") => {
            format!("{}, {}", escape(f), escape(g))
        }
        _ => format!("{{{}}}", escape(&c.name)),
    }
}

fn names<'a>(list: impl Iterator<Item = &'a Contributor>) -> Option<String> {
    let v: Vec<String> = list.map(person_name).collect();
    (!v.is_empty()).then(|| v.join(" and "))
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

struct Entry {
    kind: &'static str,
    key: String,
    fields: Vec<(&'static str, String)>,
}

impl Entry {
    fn text(&mut self, name: &'static str, value: Option<&str>) {
        if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) {
            self.fields.push((name, format!("{{{}}}", escape(v))));
        }
    }

    fn raw(&mut self, name: &'static str, value: Option<String>) {
        if let Some(v) = value {
            self.fields.push((name, v));
        }
    }

    fn date(&mut self, d: Option<PartialDate>) {
        if let Some(d) = d {
            self.fields.push(("year", format!("{{{}}}", d.year())));
            if let Some(m) = d.month() {
                self.fields
                    .push(("month", MONTHS[usize::from(m.clamp(1, 12)) - 1].to_owned()));
            }
        }
    }

    fn finish(self) -> String {
        let mut out = format!("@{}{{{},\n", self.kind, self.key);
        for (i, (k, v)) in self.fields.iter().enumerate() {
            out.push_str("  ");
            out.push_str(k);
            out.push_str(" = ");
            out.push_str(v);
            if i + 1 < self.fields.len() {
                out.push(',');
            }
            out.push('\n');
        }
        out.push('}');
        out
    }
}

fn org_name(o: &Organization) -> &str {
    o.name.as_str()
}

/// The BibTeX entry of a work, keyed by `key` (the item's id).
///
/// ```
/// let cv = vitae::parse_str(r#"
/// person: {given-names: Ada, family-name: Lovelace}
/// works:
///   - type: journal-article
///     title: "Notes & Sketches"
///     authors: ["Lovelace, Ada"]
///     date: 1843-09
///     container: Scientific Memoirs
///     doi: 10.1000/x_y
/// "#, vitae::InputFormat::Yaml)?;
/// let b = vitae::orcid::bibtex::work(&cv.works[0], "notes");
/// assert!(b.starts_with("@article{notes,\n"));
/// assert!(b.contains("title = {Notes \\& Sketches}"));
/// assert!(b.contains("month = sep"));
/// assert!(b.contains("doi = {10.1000/x_y}"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn work(w: &Work, key: &str) -> String {
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
    let mut e = Entry {
        kind,
        key: key.to_owned(),
        fields: Vec::new(),
    };
    let editors_are_authors = w.kind == WorkKind::EditedBook;
    let (authors, editors): (Vec<&Contributor>, Vec<&Contributor>) = w
        .authors
        .iter()
        .partition(|c| !(editors_are_authors || c.role == ContributorRole::Editor));
    e.raw(
        "author",
        names(authors.into_iter()).map(|n| format!("{{{n}}}")),
    );
    let container_editors = w.container.iter().flat_map(|c| c.editors.iter());
    e.raw(
        "editor",
        names(editors.into_iter().chain(container_editors)).map(|n| format!("{{{n}}}")),
    );
    let title = match &w.subtitle {
        Some(s) => format!("{}: {s}", w.title.as_str()),
        None => w.title.to_string(),
    };
    e.text("title", Some(&title));
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
        let pages = match p.last() {
            Some(last) => format!("{}--{last}", p.first()),
            None => p.first().to_owned(),
        };
        e.text("pages", Some(&pages));
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
    e.raw(
        "doi",
        w.doi
            .as_ref()
            .map(|d| format!("{{{}}}", verbatim(d.as_str()))),
    );
    if let Some(a) = &w.arxiv {
        e.raw("eprint", Some(format!("{{{}}}", verbatim(a.as_str()))));
        e.raw("archiveprefix", Some("{arXiv}".to_owned()));
    }
    e.raw(
        "url",
        w.url
            .as_ref()
            .map(|u| format!("{{{}}}", verbatim(u.as_str()))),
    );
    e.text("language", w.language.as_ref().map(|l| l.as_str()));
    e.finish()
}

/// The BibTeX entry of one filing of a patent family.
///
/// ```
/// use vitae::orcid::bibtex;
/// let cv = vitae::parse_str(r#"
/// person: {given-names: Sebastian, family-name: Lapuschkin}
/// patents:
///   - title: Pruning Machine Learning Predictors
///     inventors: ["Lapuschkin, Sebastian"]
///     members:
///       - {office: EP, number: "3991102", kind-code: A1, status: published, date: 2022-05-04}
/// "#, vitae::InputFormat::Yaml)?;
/// let f = &cv.patents[0];
/// let b = bibtex::patent(f, &f.members[0], "ep3991102a1");
/// assert!(b.contains("howpublished = {Patent EP 3991102 A1}"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn patent(f: &PatentFamily, m: &PatentMember, key: &str) -> String {
    let mut e = Entry {
        kind: "misc",
        key: key.to_owned(),
        fields: Vec::new(),
    };
    e.raw(
        "author",
        names(f.inventors.iter()).map(|n| format!("{{{n}}}")),
    );
    let title = m.title.as_ref().unwrap_or(&f.title);
    e.text("title", Some(title.as_str()));
    e.text("howpublished", Some(&format!("Patent {}", m.full_number())));
    e.date(m.date);
    if !f.assignees.is_empty() {
        let a: Vec<&str> = f.assignees.iter().map(org_name).collect();
        e.text("organization", Some(&a.join("; ")));
    }
    e.raw(
        "url",
        m.url
            .as_ref()
            .map(|u| format!("{{{}}}", verbatim(u.as_str()))),
    );
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
