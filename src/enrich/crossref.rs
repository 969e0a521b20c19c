//! DOIs for works, by Crossref's bibliographic query (`GET
//! {api}/works?query.bibliographic=TEXT&rows=3`). The answer, as Crossref documents it, is
//! `{"status": "ok", "message-type": "work-list", "message": {"items": [{"DOI", "title": [..],
//! "score", "issued": {"date-parts": [[year, …]]}, …}]}}`, by relevance. Crossref's `score` is a
//! relevance without a fixed scale, so a proposal's confidence is computed here: how alike
//! the titles are once folded (1 when equal), halved when the years differ.

use serde::Deserialize;

use super::MalformedAnswer;
use crate::model::Work;
use crate::types::Doi;

/// Crossref's API, the default `api` of [`fetch`].
pub const CROSSREF_API: &str = "https://api.crossref.org";

/// How many candidates are asked for.
pub const ROWS: usize = 3;

/// One work Crossref proposes.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Its DOI.
    pub doi: Doi,
    /// Its title (the first, subtitles left out).
    pub title: String,
    /// Its year of issue.
    pub year: Option<u16>,
    /// Crossref's relevance score.
    pub relevance: f64,
}

#[derive(Deserialize)]
struct Answer {
    message: Message,
}

#[derive(Deserialize)]
struct Message {
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    #[serde(rename = "DOI")]
    doi: String,
    #[serde(default)]
    title: Vec<String>,
    #[serde(default)]
    score: f64,
    issued: Option<Issued>,
}

#[derive(Deserialize)]
struct Issued {
    #[serde(rename = "date-parts", default)]
    date_parts: Vec<Vec<Option<i64>>>,
}

/// The candidates of a bibliographic query's answer, by relevance.
///
/// # Errors
/// [`MalformedAnswer`] when the text is not the documented JSON or a DOI is not one.
pub fn read(body: &str) -> Result<Vec<Candidate>, MalformedAnswer> {
    let bad = |message: String| MalformedAnswer {
        service: "Crossref",
        message,
    };
    let answer: Answer = serde_json::from_str(body).map_err(|e| bad(e.to_string()))?;
    answer
        .message
        .items
        .into_iter()
        .map(|i| {
            let doi = Doi::new(&i.doi).map_err(|e| bad(format!("DOI: {e}")))?;
            let year = i
                .issued
                .and_then(|d| d.date_parts.first()?.first().copied().flatten())
                .and_then(|y| u16::try_from(y).ok());
            Ok(Candidate {
                doi,
                title: i.title.into_iter().next().unwrap_or_default(),
                year,
                relevance: i.score,
            })
        })
        .collect()
}

/// The reference sent for a work: its title, first author's family name, container and year.
pub fn reference(work: &Work) -> String {
    let mut parts = vec![work.title.as_str().to_owned()];
    if let Some(a) = work.authors.first() {
        let name = a.family.clone().unwrap_or_else(|| a.name.clone());
        parts.push(name.trim_matches('*').to_owned());
    }
    if let Some(c) = &work.container {
        parts.push(c.title.as_str().to_owned());
    }
    if let Some(d) = work.date {
        parts.push(d.year().to_string());
    }
    parts.join(", ")
}

/// How sure a candidate is the work, 0 to 1: the likeness of the folded titles (normalised
/// Levenshtein), halved when both have a year and the years differ.
pub fn confidence(work: &Work, c: &Candidate) -> f64 {
    let fold = crate::import::merge::fold;
    let like = strsim::normalized_levenshtein(&fold(work.title.as_str()), &fold(&c.title));
    match (work.date.map(|d| d.year()), c.year) {
        (Some(a), Some(b)) if a != b => like / 2.0,
        _ => like,
    }
}

/// The URL of the query for a reference.
pub fn url(api: &str, reference: &str) -> String {
    let base = format!("{}/works", api.trim_end_matches('/'));
    match url::Url::parse_with_params(
        &base,
        [
            ("query.bibliographic", reference),
            ("rows", &ROWS.to_string()),
        ],
    ) {
        Ok(u) => u.to_string(),
        Err(_) => base,
    }
}

/// Crossref's answer for a reference, as text.
///
/// # Errors
/// [`crate::import::http::FetchError`] for a 404, another status than 200, or no answer.
#[cfg(feature = "ureq")]
pub fn fetch(
    client: &crate::import::http::Client,
    api: &str,
    reference: &str,
) -> Result<String, crate::import::http::FetchError> {
    client.get(
        &url(api, reference),
        "application/json",
        reference,
        "resource at Crossref's API",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_answer_and_scores_by_title_and_year() {
        let body = r#"{"status": "ok", "message-type": "work-list", "message-version": "1.0.0",
          "message": {"total-results": 2, "items": [
            {"DOI": "10.1038/s41467-019-08987-4", "title": ["Unmasking Clever Hans predictors and assessing what machines really learn"],
             "score": 98.5, "issued": {"date-parts": [[2019, 3, 11]]}, "type": "journal-article"},
            {"DOI": "10.5555/other", "title": ["Something else"], "score": 12.0, "issued": {"date-parts": [[null]]}}]}}"#;
        let c = read(body).unwrap();
        assert_eq!(c[0].doi.as_str(), "10.1038/s41467-019-08987-4");
        assert_eq!(c[0].year, Some(2019));
        assert_eq!(c[1].year, None);
        let cv = crate::from_str(
            "person: {given-names: S, family-name: L}\nworks:\n  - {type: journal-article, title: Unmasking Clever Hans Predictors and Assessing what Machines Really Learn, date: 2019, authors: [L S, B A], container: Nature Communications}\n",
            crate::InputFormat::Yaml,
        )
        .unwrap().cv;
        let w = &cv.works[0];
        assert_eq!(confidence(w, &c[0]), 1.0);
        assert!(confidence(w, &c[1]) < 0.5);
        let mut later = c[0].clone();
        later.year = Some(2020);
        assert_eq!(confidence(w, &later), 0.5);
        assert!(
            reference(w).ends_with("Nature Communications, 2019"),
            "{}",
            reference(w)
        );
        assert!(read(r#"{"message": {"items": [{"DOI": "nope"}]}}"#).is_err());
        assert!(read("not json").is_err());
    }
}
