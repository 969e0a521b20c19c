//! When two works are the same work: the one identity rule of every merge (a CV's own works
//! and its bibliography's, one bibliography file and another, `vitae import --into`).
//!
//! By DOI, arXiv id (without version), PubMed id, ISBN, in that order: the first scheme both
//! works have decides, equal or not. When they share none, by normalised title (letters and
//! digits only, accents dropped, any case) and year (when both have one). A talk is never the
//! paper it presents, whatever their titles.

use crate::model::Work;

/// Which part of the rule found two works the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SameBy {
    /// The same DOI (compared without case).
    Doi,
    /// The same arXiv id (versions ignored).
    Arxiv,
    /// The same PubMed id.
    Pmid,
    /// An ISBN in common.
    Isbn,
    /// The same normalised title and year, neither having an identifier of the other's.
    TitleYear,
}

impl SameBy {
    /// In words, for reports: "the same DOI".
    pub fn as_str(self) -> &'static str {
        match self {
            SameBy::Doi => "the same DOI",
            SameBy::Arxiv => "the same arXiv id",
            SameBy::Pmid => "the same PubMed id",
            SameBy::Isbn => "an ISBN in common",
            SameBy::TitleYear => "the same title and year",
        }
    }

    /// What matched, for the report of `--into`: "DOI", "title and year".
    pub fn label(self) -> &'static str {
        match self {
            SameBy::Doi => "DOI",
            SameBy::Arxiv => "arXiv id",
            SameBy::Pmid => "PMID",
            SameBy::Isbn => "ISBN",
            SameBy::TitleYear => "title and year",
        }
    }
}

/// What of a work the rule compares, computed once per work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    doi: Option<String>,
    arxiv: Option<String>,
    pmid: Option<String>,
    isbn: Vec<String>,
    title: String,
    year: Option<u16>,
    talk: bool,
}

impl Identity {
    /// The identity of a work.
    pub fn of(w: &Work) -> Self {
        let mut title = normalised_title(&w.title);
        if let Some(s) = &w.subtitle {
            title.push_str(&normalised_title(s));
        }
        Self {
            doi: w.doi.as_ref().map(|d| d.key()),
            arxiv: w.arxiv.as_ref().map(|a| a.without_version().to_owned()),
            pmid: w.pmid.as_ref().map(|p| p.trim().to_owned()),
            isbn: w.isbn.iter().map(|i| i.as_str().replace('-', "")).collect(),
            title,
            year: w.date.map(|d| d.year()),
            talk: w.kind.is_presentation(),
        }
    }

    /// Whether two works are the same, and by what.
    pub fn same(&self, other: &Identity) -> Option<SameBy> {
        if self.talk != other.talk {
            return None;
        }
        let pairs = [
            (&self.doi, &other.doi, SameBy::Doi),
            (&self.arxiv, &other.arxiv, SameBy::Arxiv),
            (&self.pmid, &other.pmid, SameBy::Pmid),
        ];
        for (a, b, by) in pairs {
            if let (Some(a), Some(b)) = (a, b) {
                return (a == b).then_some(by);
            }
        }
        if !self.isbn.is_empty() && !other.isbn.is_empty() {
            return self
                .isbn
                .iter()
                .any(|i| other.isbn.contains(i))
                .then_some(SameBy::Isbn);
        }
        let years_agree = match (self.year, other.year) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        (!self.title.is_empty() && self.title == other.title && years_agree)
            .then_some(SameBy::TitleYear)
    }
}

/// Whether two works are the same work, and by what part of the rule.
///
/// ```
/// use vitae::import::identity::{SameBy, same_work};
/// use vitae::model::{Text, Work, WorkKind};
/// let mut a = Work::new(WorkKind::JournalArticle, Text::new("Unmasking Clever Hans")?);
/// let mut b = Work::new(WorkKind::Preprint, Text::new("Unmasking  clever-Hans")?);
/// assert_eq!(same_work(&a, &b), Some(SameBy::TitleYear));
/// a.doi = Some("10.1038/S41467-019-08987-4".parse()?);
/// b.doi = Some("10.1038/s41467-019-08987-4".parse()?);
/// assert_eq!(same_work(&a, &b), Some(SameBy::Doi));
/// b.doi = Some("10.48550/arXiv.1902.10178".parse()?);
/// assert_eq!(same_work(&a, &b), None); // two DOIs: two works
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn same_work(a: &Work, b: &Work) -> Option<SameBy> {
    Identity::of(a).same(&Identity::of(b))
}

/// A title for comparing: its letters and digits, accents dropped (`Müller` is `muller`),
/// lower case, nothing else.
pub fn normalised_title(t: &str) -> String {
    deunicode::deunicode(t)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Text, WorkKind};

    fn work(title: &str, year: Option<u16>) -> Work {
        let mut w = Work::new(WorkKind::JournalArticle, Text::new(title).expect("title"));
        w.date = year.map(|y| crate::types::PartialDate::year_only(y).expect("year"));
        w
    }

    #[test]
    fn the_first_scheme_both_have_decides() {
        let (mut a, mut b) = (work("A", Some(2020)), work("B", Some(2021)));
        a.arxiv = Some("2206.03208v2".parse().expect("arXiv"));
        b.arxiv = Some("2206.03208".parse().expect("arXiv"));
        assert_eq!(same_work(&a, &b), Some(SameBy::Arxiv), "versions ignored");
        // A DOI on one side only does not decide; both: it does.
        a.doi = Some("10.1/x".parse().expect("DOI"));
        assert_eq!(same_work(&a, &b), Some(SameBy::Arxiv));
        b.doi = Some("10.1/y".parse().expect("DOI"));
        assert_eq!(same_work(&a, &b), None);
        let (mut c, mut d) = (work("C", None), work("D", None));
        c.isbn = vec!["978-3-16-148410-0".parse().expect("ISBN")];
        d.isbn = vec!["9783161484100".parse().expect("ISBN")];
        assert_eq!(same_work(&c, &d), Some(SameBy::Isbn));
        c.pmid = Some("1".into());
        d.pmid = Some("2".into());
        assert_eq!(same_work(&c, &d), None, "PubMed ids come before ISBNs");
    }

    #[test]
    fn title_and_year_only_without_a_shared_scheme() {
        let a = work("Über Maschinen — Teil 1", Some(2020));
        assert_eq!(
            same_work(&a, &work("über maschinen: teil 1", Some(2020))),
            Some(SameBy::TitleYear)
        );
        assert_eq!(
            same_work(&a, &work("Über Maschinen Teil 1", Some(2021))),
            None
        );
        // A work without a year is not told apart by its year.
        assert_eq!(
            same_work(&a, &work("Über Maschinen Teil 1", None)),
            Some(SameBy::TitleYear)
        );
        // A talk is not the paper it presents.
        let mut talk = work("Über Maschinen — Teil 1", Some(2020));
        talk.kind = WorkKind::Talk;
        assert_eq!(same_work(&a, &talk), None);
    }
}
