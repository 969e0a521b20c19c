//! The Highwire Press `citation_*` tags that Google Scholar reads from a work's own page
//! (Scholar's inclusion guidelines): one tag per value, authors in order.

use super::data::{MetaTag, is_journal, is_proceedings};
use crate::model::{Contributor, LinkKind, LinkTarget, Work, WorkKind};
use crate::types::PartialDate;

/// The tags of a work, in the order Scholar's guidelines list them. Talks and lectures get
/// none: they are not papers, and Scholar would index them as such.
///
/// `citation_pdf_url` names the work's first PDF link; a local file's copy beside the page
/// (`<base>works/<id>/<file name>`, or the file name alone, relative to the page, without an
/// `http(s)` base).
pub(crate) fn tags(w: &Work, id: &str, base: Option<&url::Url>) -> Vec<MetaTag> {
    let mut t = Tags(Vec::new());
    if w.kind.is_presentation() {
        return t.0;
    }
    t.push("citation_title", w.title.as_str());
    // Authors only (an edited book's are its editors): not its supervisors, translators.
    for a in w.authors.iter().filter(|a| a.role.is_author()) {
        t.push("citation_author", &author(a));
    }
    if let Some(d) = &w.date {
        t.push("citation_publication_date", &publication_date(d));
    }
    if let Some(c) = &w.container {
        if is_journal(w) {
            t.push("citation_journal_title", c.title.as_str());
        } else if is_proceedings(w) {
            t.push("citation_conference_title", c.title.as_str());
        } else if w.kind == WorkKind::BookChapter {
            t.push("citation_inbook_title", c.title.as_str());
        }
    }
    if let Some(v) = &w.volume {
        t.push("citation_volume", v);
    }
    if let Some(i) = &w.issue {
        t.push("citation_issue", i);
    }
    if let Some(p) = &w.pages {
        t.push("citation_firstpage", p.first());
        if let Some(l) = p.last() {
            t.push("citation_lastpage", l);
        }
    }
    if let Some(d) = &w.doi {
        t.push("citation_doi", &d.to_string());
    }
    let container = w.container.as_ref();
    for i in w
        .isbn
        .iter()
        .chain(container.into_iter().flat_map(|c| &c.isbn))
    {
        t.push("citation_isbn", &i.to_string());
    }
    for i in container.into_iter().flat_map(|c| &c.issn) {
        t.push("citation_issn", &i.to_string());
    }
    let publisher = w
        .publisher
        .as_ref()
        .or_else(|| container.and_then(|c| c.publisher.as_ref()))
        .map(|p| p.name.to_string());
    match (w.kind, &publisher) {
        (WorkKind::Thesis, Some(p)) => t.push("citation_dissertation_institution", p),
        (WorkKind::Report, Some(p)) => {
            t.push("citation_technical_report_institution", p);
            if let Some(n) = &w.article_number {
                t.push("citation_technical_report_number", n);
            }
        }
        _ => {}
    }
    if let Some(pdf) = w.links.iter().find(|l| l.kind == LinkKind::Pdf) {
        match &pdf.target {
            LinkTarget::Url(u) => t.push("citation_pdf_url", u.as_str()),
            LinkTarget::File(p) => {
                if let Some(name) = super::copy_name(p) {
                    let name = super::encode_segment(name);
                    match base.and_then(|b| b.join(&format!("works/{id}/{name}")).ok()) {
                        Some(u) => t.push("citation_pdf_url", u.as_str()),
                        None => t.push("citation_pdf_url", &name),
                    }
                }
            }
        }
    }
    if let Some(p) = &publisher {
        t.push("citation_publisher", p);
    }
    if let Some(a) = &w.arxiv {
        t.push("citation_arxiv_id", &a.to_string());
    }
    t.0
}

struct Tags(Vec<MetaTag>);

impl Tags {
    fn push(&mut self, name: &str, content: &str) {
        self.0.push(MetaTag {
            name: name.to_owned(),
            content: content.to_owned(),
        });
    }
}

/// "Family, Given" when both are known, else the name as the CV writes it (a group's name).
pub(crate) fn author(c: &Contributor) -> String {
    match (&c.family, &c.given) {
        _ if c.is_group() => c.name.clone(),
        (Some(f), Some(g)) => format!("{f}, {g}"),
        (Some(f), None) => f.clone(),
        _ => c.name.clone(),
    }
}

/// `YYYY/MM/DD` for a full date, else the year alone (Scholar's two forms).
pub(crate) fn publication_date(d: &PartialDate) -> String {
    match (d.month(), d.day()) {
        (Some(m), Some(day)) => format!("{:04}/{m:02}/{day:02}", d.year()),
        _ => format!("{:04}", d.year()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_full_or_the_year() {
        let d: PartialDate = "2020-03-07".parse().unwrap();
        assert_eq!(publication_date(&d), "2020/03/07");
        let d: PartialDate = "2020-03".parse().unwrap();
        assert_eq!(publication_date(&d), "2020");
    }

    #[test]
    fn authors_are_family_comma_given() {
        let c: Contributor = "Müller K-R".parse().unwrap();
        assert_eq!(author(&c), "Müller, K-R");
        let c: Contributor = "Sebastian Lapuschkin".parse().unwrap();
        assert_eq!(author(&c), "Lapuschkin, Sebastian");
    }
}
