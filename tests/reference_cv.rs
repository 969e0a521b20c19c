//! The reference CV (`examples/lapuschkin.yaml`) holds everything of the seed CV it transcribes:
//! the counts of every section, the person's own entries, private data, patents, talks, and —
//! against `../shared/seed/000_ef0e3bb82d90c0e5.txt` — every title and date.

mod common;

use std::collections::BTreeMap;

use vitae::model::{PatentStatus, PresentationKind, PublicationStatus, Work, WorkKind};
use vitae::summary::Summary;
use vitae::types::{PartialDate, Visibility};

fn works_of(cv: &vitae::Cv, kinds: &[WorkKind]) -> Vec<Work> {
    cv.works
        .iter()
        .filter(|w| kinds.contains(&w.kind))
        .cloned()
        .collect()
}

fn by_title<'a>(cv: &'a vitae::Cv, kind: WorkKind, title: &str) -> &'a Work {
    let found: Vec<&Work> = cv
        .works
        .iter()
        .filter(|w| w.kind == kind && w.title.as_str() == title)
        .collect();
    assert_eq!(found.len(), 1, "expected one {kind:?} titled {title:?}");
    found[0]
}

#[test]
fn counts_match_the_seed() {
    let cv = common::reference_cv();
    let s = Summary::of(&cv);
    assert_eq!(s.person, "Sebastian Lapuschkin");
    for (key, n) in [
        ("employment", 6),
        ("education", 4),
        ("awards", 5),
        ("projects", 4),
        ("talk", 15),
        ("lecture", 6),
        ("journal-article", 19),
        ("book-chapter", 4),
        ("preprint", 9),
    ] {
        assert_eq!(s.count(key), n, "{key}");
    }
    assert_eq!(s.count("conference-paper") + s.count("workshop-paper"), 15);
    assert_eq!(s.skill_groups, 4);
    assert_eq!(s.languages, 2);
    assert_eq!(s.patent_families, 2);
    assert_eq!(s.patent_members, vec![3, 6]);
    assert_eq!(s.works_total, 15 + 6 + 19 + 15 + 4 + 9);
    for section in [
        "qualifications",
        "invited-positions",
        "memberships",
        "services",
    ] {
        assert_eq!(s.count(section), 0, "{section}");
    }
}

#[test]
fn the_person() {
    let cv = common::reference_cv();
    let p = &cv.person;
    assert_eq!(p.honorific_prefix.as_deref(), Some("Dr."));
    assert_eq!(p.name_variants.len(), 1);
    assert_eq!(p.name_variants[0].family_name.as_str(), "Bach");
    assert_eq!(p.name_variants[0].note.as_deref(), Some("né Bach"));
    assert_eq!(
        cv.base_iri.as_ref().map(url::Url::as_str),
        Some("https://lapuschkin.com/")
    );
    let langs: Vec<(&str, &str)> = p
        .languages
        .iter()
        .map(|l| (l.language.as_str(), l.proficiency.label()))
        .collect();
    assert_eq!(
        langs,
        [("de", "native"), ("en", "full professional proficiency")]
    );
    let address = p.address.as_ref().map(|a| &a.value).expect("an address");
    assert_eq!(address.street.as_deref(), Some("Kaiserin-Augusta-Allee 92"));
    assert_eq!(address.postal_code.as_deref(), Some("10589"));
    assert_eq!(address.country.as_str(), "DE");
    assert_eq!(p.profiles.len(), 3);
    assert_eq!(p.bio.as_deref().map(|b| b.split("\n\n").count()), Some(4));
}

#[test]
fn personal_data_stays_private() {
    let cv = common::reference_cv();
    let p = &cv.person;
    let birth = p.birth_date.as_ref().expect("a birth date");
    assert_eq!(birth.value.to_string(), "1986-12-16");
    assert_eq!(birth.visibility, Visibility::Private);
    assert_eq!(p.telephones.len(), 1);
    assert_eq!(p.telephones[0].value.as_str(), "+49 (177) 483-2754");
    assert_eq!(p.telephones[0].visibility, Visibility::Private);

    let public = cv.visible(Visibility::Public);
    assert!(public.person.birth_date.is_none());
    assert!(public.person.telephones.is_empty());
    assert_eq!(
        public.person.emails.len(),
        1,
        "the e-mail address is public"
    );
    let public_json = serde_json::to_string(&public).expect("serializes");
    assert!(!public_json.contains("483-2754"));
    assert!(!public_json.contains("1986-12-16"));

    let private = cv.visible(Visibility::Private);
    assert!(private.person.birth_date.is_some());
    assert_eq!(private.person.telephones.len(), 1);
}

#[test]
fn every_publication_marks_the_person_and_only_them() {
    let cv = common::reference_cv();
    let publications: Vec<&Work> = cv
        .works
        .iter()
        .filter(|w| !w.kind.is_presentation())
        .collect();
    assert_eq!(publications.len(), 19 + 15 + 4 + 9);
    let mut bach = 0;
    for w in publications {
        let me: Vec<_> = w.authors.iter().filter(|a| a.is_me()).collect();
        assert_eq!(me.len(), 1, "{}: {:?}", w.title.as_str(), w.authors);
        assert!(
            ["Lapuschkin S", "Bach S"].contains(&me[0].name.as_str()),
            "{}",
            me[0].name
        );
        bach += usize::from(me[0].name == "Bach S");
    }
    assert_eq!(bach, 6, "works under the birth name Bach");
}

#[test]
fn the_birth_name_alone_marks_the_bach_works() {
    let mut cv = common::reference_cv();
    for w in &mut cv.works {
        for a in &mut w.authors {
            a.me = None;
        }
    }
    cv.complete();
    let bach: Vec<&Work> = cv
        .works
        .iter()
        .filter(|w| w.authors.iter().any(|a| a.name == "Bach S"))
        .collect();
    assert_eq!(bach.len(), 6);
    for w in bach {
        let a = w
            .authors
            .iter()
            .find(|a| a.name == "Bach S")
            .expect("Bach S");
        assert!(a.is_me(), "{}", w.title.as_str());
    }
    let marked = cv
        .works
        .iter()
        .filter(|w| w.authors.iter().any(|a| a.is_me()))
        .count();
    assert_eq!(marked, 19 + 15 + 4 + 9);
}

#[test]
fn patents_are_two_families_with_their_members() {
    let cv = common::reference_cv();
    let offices: Vec<Vec<&str>> = cv
        .patents
        .iter()
        .map(|f| f.members.iter().map(|m| m.office.as_str()).collect())
        .collect();
    assert_eq!(
        offices,
        [
            vec!["EP", "US", "WO"],
            vec!["CN", "EP", "JP", "KR", "CA", "RU"]
        ]
    );
    let pruning = &cv.patents[0];
    assert!(
        pruning
            .members
            .iter()
            .all(|m| m.status == PatentStatus::Published && m.kind_code.as_deref() == Some("A1"))
    );
    assert_eq!(pruning.members[1].full_number(), "US 2022/0114455 A1");
    let relevance = &cv.patents[1];
    assert!(
        relevance
            .members
            .iter()
            .all(|m| m.status == PatentStatus::Granted && m.kind_code.is_none())
    );
    let titles: Vec<&str> = relevance
        .members
        .iter()
        .map(|m| m.title.as_ref().unwrap_or(&relevance.title).as_str())
        .collect();
    assert_eq!(
        titles[1],
        "Relevance Score Assignment for Artificial Neural Network"
    );
    assert_eq!(
        titles[3],
        "Assignment of Relevance Scores for Artificial Neural Networks"
    );
    assert_eq!(
        titles[5],
        "Relevancy Assessment for Artificial Neural Networks"
    );
    assert_eq!(
        relevance.members[5].date.map(|d| d.to_string()).as_deref(),
        Some("2019-10-16")
    );
}

#[test]
fn talks_and_lectures() {
    let cv = common::reference_cv();
    let series = by_title(&cv, WorkKind::Lecture, "Explainable AI");
    let event = series.event.as_ref().expect("an event");
    let dates: Vec<String> = event.dates.iter().map(ToString::to_string).collect();
    assert_eq!(dates, ["2021-12-13", "2021-12-14", "2021-12-16"]);
    assert_eq!(
        series.date.map(|d| d.to_string()).as_deref(),
        Some("2021-12-13")
    );
    assert_eq!(
        event.location.as_ref().and_then(|l| l.city.as_deref()),
        Some("Girona")
    );

    let bamberg = by_title(&cv, WorkKind::Talk, "Finding Clever Hans");
    assert_eq!(bamberg.presentation, Some(PresentationKind::Invited));
    assert!(bamberg.notes.iter().any(|n| n.contains("press interview")));

    // No address is made up for the CV's placeholder links.
    for w in works_of(&cv, &[WorkKind::Talk, WorkKind::Lecture]) {
        assert!(
            w.links.is_empty() && w.url.is_none(),
            "{}",
            w.title.as_str()
        );
        assert!(w.event.is_some(), "{}", w.title.as_str());
    }

    // Talks that present a paper of the CV point to it, and it has the same title.
    let presenting: Vec<&Work> = cv.works.iter().filter(|w| w.presents.is_some()).collect();
    assert_eq!(presenting.len(), 4);
    for talk in presenting {
        let paper = talk
            .presents
            .as_ref()
            .and_then(|id| cv.work(id))
            .expect("presents a work of the CV");
        assert_eq!(paper.title, talk.title);
        assert!(matches!(
            paper.kind,
            WorkKind::ConferencePaper | WorkKind::WorkshopPaper
        ));
        assert_eq!(talk.presentation, Some(PresentationKind::PaperPresentation));
    }
}

#[test]
fn statuses_numbers_and_awards() {
    let cv = common::reference_cv();
    let neuro = cv
        .works
        .iter()
        .find(|w| {
            w.container
                .as_ref()
                .is_some_and(|c| c.title.as_str() == "NeuroImage")
        })
        .expect("the NeuroImage article");
    assert_eq!(neuro.status, PublicationStatus::InPress);
    assert!(neuro.notes.iter().any(|n| n.contains("Journal Pre-proof")));
    let accepted: Vec<&str> = cv
        .works
        .iter()
        .filter(|w| w.status == PublicationStatus::Accepted)
        .map(|w| w.title.as_str())
        .collect();
    assert_eq!(accepted.len(), 2);
    assert!(accepted[0].starts_with("Quantus"));
    assert!(accepted[1].starts_with("Measurably Stronger"));
    let others = cv
        .works
        .iter()
        .filter(|w| w.status == PublicationStatus::Published)
        .count();
    assert_eq!(others, cv.works.len() - 3);

    let gait = by_title(
        &cv,
        WorkKind::JournalArticle,
        "Explaining Machine Learning Models for Clinical Gait Analysis",
    );
    let parts = |w: &Work| {
        (
            w.volume.clone(),
            w.issue.clone(),
            w.article_number.clone(),
            w.pages.as_ref().map(ToString::to_string),
        )
    };
    let s = |x: &str| Some(x.to_owned());
    assert_eq!(parts(gait), (s("3"), s("2"), s("14"), s("1-27")));
    let dental = by_title(
        &cv,
        WorkKind::JournalArticle,
        "Towards Trustworthy AI in Dentistry",
    );
    assert_eq!(dental.article_number.as_deref(), Some("00220345221106086"));
    let plos = cv
        .works
        .iter()
        .find(|w| w.article_number.as_deref() == Some("e0130140"))
        .expect("the PLoS ONE article");
    assert_eq!(parts(plos), (s("10"), s("7"), s("e0130140"), None));

    // Preprints: arXiv ids and the CoRR repository.
    for w in works_of(&cv, &[WorkKind::Preprint]) {
        assert!(w.arxiv.is_some(), "{}", w.title.as_str());
        let c = w.container.as_ref().expect("CoRR");
        assert_eq!(c.title.as_str(), "CoRR");
        assert_eq!(c.kind, Some(vitae::model::ContainerKind::Repository));
    }
    let crp = cv
        .works
        .iter()
        .find(|w| w.arxiv.as_ref().is_some_and(|a| a.as_str() == "2206.03208"))
        .expect("arXiv 2206.03208");
    assert!(crp.title.starts_with("From “Where” to “What”"));

    // Chapters name their book, publisher and place.
    for w in works_of(&cv, &[WorkKind::BookChapter]) {
        let c = w.container.as_ref().expect("a book");
        assert!(
            c.publisher.is_some() && c.place.is_some(),
            "{}",
            w.title.as_str()
        );
    }

    // Awards for a paper point to it, and the paper names the award.
    let linked: Vec<_> = cv.awards.iter().filter(|a| a.work.is_some()).collect();
    assert_eq!(linked.len(), 2);
    for a in linked {
        let w = a.work.as_ref().and_then(|id| cv.work(id)).expect("a work");
        assert!(!w.awards.is_empty(), "{}", w.title.as_str());
    }
}

#[test]
fn affiliations_and_projects() {
    let cv = common::reference_cv();
    let head = &cv.employment[0];
    assert_eq!(
        head.organization
            .as_ref()
            .and_then(|o| o.short_name.as_deref()),
        Some("HHI")
    );
    assert!(head.period.is_ongoing(), "Jan '21 – present");
    assert!(cv.employment[1..].iter().all(|a| a.period.end().is_some()));
    let samek = &cv.employment[2].supervisors;
    assert_eq!(samek.len(), 1);
    assert_eq!(samek[0].family.as_deref(), Some("Samek"));
    assert_eq!(samek[0].prefix.as_deref(), Some("Prof. Dr."));

    let phd = cv.education[0].degree.as_ref().expect("a degree");
    assert_eq!(phd.level, Some(vitae::model::DegreeLevel::Doctorate));
    assert!(
        phd.grade
            .as_deref()
            .is_some_and(|g| g.contains("summa cum laude"))
    );
    let theses = cv
        .education
        .iter()
        .filter(|e| e.degree.as_ref().is_some_and(|d| d.thesis.is_some()))
        .count();
    assert_eq!(theses, 3);

    let leading: Vec<&str> = cv
        .projects
        .iter()
        .filter(|p| p.role.as_deref() == Some("leading role"))
        .filter_map(|p| p.acronym.as_deref())
        .collect();
    assert_eq!(leading, ["iToBoS", "TraMeExCo"]);
}

// ── Lossless against the seed ─────────────────────────────────────────────────────────────

/// Collapses white space and trims it inside quotes.
fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("“ ", "“")
        .replace(" ”", "”")
}

/// What the seed lists, read from its text.
#[derive(Default)]
struct Seed {
    /// (group, title, date as written).
    works: Vec<(String, String, String)>,
    /// (office, number, kind code, title, status, date).
    patents: Vec<(String, String, String, String, String, String)>,
    theses: Vec<String>,
    award_papers: Vec<String>,
    /// (start, end) of the employment and education entries, as ISO dates.
    periods: Vec<(String, String)>,
    /// (acronym, start, end, title, leading role).
    projects: Vec<(String, String, String, String, bool)>,
}

fn month_of(mon: &str) -> Option<u8> {
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    months
        .iter()
        .position(|m| *m == mon)
        .and_then(|i| u8::try_from(i + 1).ok())
}

/// "Jan '21" → "2021-01"; "present" → "present".
fn seed_month(s: &str) -> Option<String> {
    if s == "present" {
        return Some(s.to_owned());
    }
    let (mon, yy) = s.split_once(" '")?;
    let yy: u16 = yy.parse().ok()?;
    Some(format!("{}-{:02}", 2000 + yy, month_of(mon)?))
}

/// Strips "12. " from the start of a line.
fn strip_number(line: &str) -> Option<&str> {
    let (n, rest) = line.split_once(". ")?;
    (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then_some(rest)
}

fn read_seed(text: &str) -> Seed {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut seed = Seed::default();
    let mut section = "";
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        match line {
            "Talks" => section = "talk",
            "Lectures" => section = "lecture",
            "Journal Articles" => section = "journal",
            "Contributions to Conference Proceedings and Workshops" => section = "conference",
            "Book Chapters" => section = "chapter",
            "Preprints" => section = "preprint",
            "Patents" => section = "patents",
            "Professional Experience" | "Education" => section = "periods",
            "Research Projects" => section = "projects",
            "Awards" => section = "awards",
            "Skills" | "Talks & Lectures" | "Publications" => section = "",
            _ => {}
        }
        if let Some(t) = line.strip_prefix("Thesis: ") {
            seed.theses
                .push(norm(t.trim_start_matches('“').trim_end_matches('”')));
        }
        match section {
            "talk" | "lecture" => {
                // 3. “Title” (2021-12-13/14/16).
                let Some(rest) = strip_number(line) else {
                    continue;
                };
                let (title, date) = rest
                    .rsplit_once("” (")
                    .unwrap_or_else(|| panic!("a talk line: {line}"));
                let date = date
                    .strip_suffix(").")
                    .unwrap_or_else(|| panic!("a talk date: {line}"));
                seed.works.push((
                    section.to_owned(),
                    norm(title.trim_start_matches('“')),
                    date.to_owned(),
                ));
            }
            "journal" | "conference" | "chapter" | "preprint" => {
                // 1. Authors (2022).  then  “Title”.  possibly over several lines.
                let Some(rest) = strip_number(line) else {
                    continue;
                };
                let Some(year) = rest.strip_suffix(").").and_then(|r| r.rsplit_once(" (")) else {
                    continue;
                };
                let mut title = String::new();
                while i < lines.len() {
                    let l = lines[i];
                    i += 1;
                    if l.is_empty() {
                        continue;
                    }
                    title.push(' ');
                    title.push_str(l);
                    if l.ends_with("”.") {
                        break;
                    }
                }
                let title = title.trim().trim_start_matches('“').trim_end_matches("”.");
                seed.works
                    .push((section.to_owned(), norm(title), year.1.to_owned()));
            }
            "patents" => {
                // - EP 3991102 A1 “Title” (published 2022-05-04)
                let l = line.trim_start_matches(['-', ' ']);
                let (Some(open), Some(close)) = (l.find('“'), l.rfind('”')) else {
                    continue;
                };
                let number: Vec<&str> = l[..open].split_whitespace().collect();
                let title = &l[open + '“'.len_utf8()..close];
                let (status, date) = l[close + '”'.len_utf8()..]
                    .trim()
                    .trim_start_matches('(')
                    .trim_end_matches(')')
                    .split_once(' ')
                    .unwrap_or_else(|| panic!("a patent status: {line}"));
                seed.patents.push((
                    number[0].to_owned(),
                    number[1].to_owned(),
                    number.get(2).map_or(String::new(), |k| (*k).to_owned()),
                    norm(title),
                    status.to_owned(),
                    date.to_owned(),
                ));
            }
            "periods" => {
                // Jan '21 – present    or    2013 – 2018
                let Some((a, b)) = line.split_once(" – ") else {
                    continue;
                };
                let years = |s: &str| s.len() == 4 && s.bytes().all(|c| c.is_ascii_digit());
                if years(a) && years(b) {
                    seed.periods.push((a.to_owned(), b.to_owned()));
                } else if let (Some(a), Some(b)) = (seed_month(a), seed_month(b)) {
                    seed.periods.push((a, b));
                }
            }
            "projects" => {
                // iToBoS (2021-04 – 2025-03, **leading role**) Intelligent Total Body Scanner
                let Some((acronym, rest)) = line.split_once(" (") else {
                    continue;
                };
                let Some((inside, title)) = rest.split_once(") ") else {
                    continue;
                };
                let (dates, leading) = match inside.split_once(", ") {
                    Some((d, r)) => (d, r == "**leading role**"),
                    None => (inside, false),
                };
                let Some((start, end)) = dates.split_once(" – ") else {
                    continue;
                };
                seed.projects.push((
                    acronym.to_owned(),
                    start.to_owned(),
                    end.to_owned(),
                    title.to_owned(),
                    leading,
                ));
            }
            "awards" => {
                if let Some((_, t)) = line.split_once("for the paper “") {
                    seed.award_papers.push(norm(t.trim_end_matches('”')));
                }
            }
            _ => {}
        }
    }
    seed
}

fn group_of(kind: WorkKind) -> &'static str {
    match kind {
        WorkKind::Talk => "talk",
        WorkKind::Lecture => "lecture",
        WorkKind::JournalArticle => "journal",
        WorkKind::ConferencePaper | WorkKind::WorkshopPaper => "conference",
        WorkKind::BookChapter => "chapter",
        WorkKind::Preprint => "preprint",
        _ => "other",
    }
}

/// A talk date as the seed writes it: one day, or "2021-12-13/14/16" for a series.
fn seed_date(w: &Work) -> String {
    let date = w.date.map(|d| d.to_string()).unwrap_or_default();
    let dates: Vec<PartialDate> = w.event.as_ref().map_or(Vec::new(), |e| e.dates.clone());
    if dates.len() > 1 {
        let days: Vec<String> = dates[1..]
            .iter()
            .filter_map(|d| d.day().map(|d| format!("{d:02}")))
            .collect();
        format!("{date}/{}", days.join("/"))
    } else {
        date
    }
}

/// Asserts that two lists hold the same items in any order, naming only the differences.
fn assert_same<T: Ord + Clone + std::fmt::Debug>(have: &[T], want: &[T], what: &str) {
    let (mut have, mut want) = (have.to_vec(), want.to_vec());
    have.sort();
    want.sort();
    let missing: Vec<&T> = want
        .iter()
        .filter(|x| have.binary_search(x).is_err())
        .collect();
    let extra: Vec<&T> = have
        .iter()
        .filter(|x| want.binary_search(x).is_err())
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty() && have.len() == want.len(),
        "{what} differ from the seed\n  in the seed only: {missing:#?}\n  in the model only: {extra:#?}"
    );
}

#[test]
fn lossless_against_the_seed() {
    let Some(shared) = common::shared("lossless_against_the_seed") else {
        return;
    };
    let text = common::read(&shared.join("seed/000_ef0e3bb82d90c0e5.txt"));
    let seed = read_seed(&text);
    let cv = common::reference_cv();

    // The reader of the seed found every entry.
    let mut per_group = BTreeMap::new();
    for (g, _, _) in &seed.works {
        *per_group.entry(g.as_str()).or_insert(0) += 1;
    }
    let expected: BTreeMap<&str, usize> = [
        ("talk", 15),
        ("lecture", 6),
        ("journal", 19),
        ("conference", 15),
        ("chapter", 4),
        ("preprint", 9),
    ]
    .into();
    assert_eq!(per_group, expected);
    assert_eq!(seed.patents.len(), 9);
    assert_eq!(seed.theses.len(), 3);
    assert_eq!(seed.award_papers.len(), 1);
    assert_eq!(seed.periods.len(), 10);
    assert_eq!(seed.projects.len(), 4);

    // Every work: its group, title and date (years for publications, days for talks).
    let have: Vec<(String, String, String)> = cv
        .works
        .iter()
        .map(|w| {
            let date = if w.kind.is_presentation() {
                seed_date(w)
            } else {
                w.date.map(|d| d.to_string()).unwrap_or_default()
            };
            (group_of(w.kind).to_owned(), norm(&w.title), date)
        })
        .collect();
    assert_same(&have, &seed.works, "works");

    // Every patent member: number, kind code, its own title, status and date.
    let status = |s: PatentStatus| match s {
        PatentStatus::Filed => "filed",
        PatentStatus::Published => "published",
        PatentStatus::Granted => "granted",
    };
    let have: Vec<_> = cv
        .patents
        .iter()
        .flat_map(|f| {
            f.members.iter().map(move |m| {
                (
                    m.office.as_str().to_owned(),
                    m.number.as_str().to_owned(),
                    m.kind_code.clone().unwrap_or_default(),
                    norm(m.title.as_ref().unwrap_or(&f.title)),
                    status(m.status).to_owned(),
                    m.date.map(|d| d.to_string()).unwrap_or_default(),
                )
            })
        })
        .collect();
    assert_same(&have, &seed.patents, "patent members");

    // Theses, and the paper of the award.
    let theses: Vec<String> = cv
        .education
        .iter()
        .filter_map(|e| e.degree.as_ref()?.thesis.as_deref().map(norm))
        .collect();
    assert_eq!(theses, seed.theses);
    let award_papers: Vec<String> = cv
        .awards
        .iter()
        .filter_map(|a| {
            a.description
                .as_deref()?
                .contains("for the paper")
                .then_some(a)
        })
        .filter_map(|a| cv.work(a.work.as_ref()?).map(|w| norm(&w.title)))
        .collect();
    assert_eq!(award_papers, seed.award_papers);

    // No other quoted title is left in the seed: what remains after removing the ones above
    // is a quotation inside a description, not a title.
    let mut rest = norm(&text);
    let titles = seed
        .works
        .iter()
        .map(|w| &w.1)
        .chain(seed.patents.iter().map(|p| &p.3))
        .chain(&seed.theses)
        .chain(&seed.award_papers);
    for t in titles {
        rest = rest.replace(&format!("“{t}”"), "");
    }
    let mut quoted = Vec::new();
    let mut r = rest.as_str();
    while let Some(open) = r.find('“') {
        let after = &r[open + '“'.len_utf8()..];
        let close = after.find('”').expect("a closing quote");
        quoted.push(&after[..close]);
        r = &after[close..];
    }
    assert_eq!(
        quoted,
        [
            "Clever Hans",
            "Clever Hans",
            "Layer-wise Relevance Propagation",
            "Machine Learning 1",
            "Machine Learning 2 – Theory and Application",
            "summa cum laude",
        ]
    );
    // Those quotations are kept too, in the descriptions and the grade.
    let json = serde_json::to_string(&cv).expect("serializes");
    for q in quoted {
        assert!(json.contains(&format!("“{q}”")), "{q}");
    }

    // Periods of employment and education, in order.
    let periods: Vec<(String, String)> = cv
        .employment
        .iter()
        .chain(&cv.education)
        .map(|a| {
            let d = |x: Option<PartialDate>| x.map_or("present".to_owned(), |d| d.to_string());
            (d(a.period.start()), d(a.period.end()))
        })
        .collect();
    assert_eq!(periods, seed.periods);

    // Projects: acronym, period, title, leading role.
    let projects: Vec<_> = cv
        .projects
        .iter()
        .map(|p| {
            let d = |x: Option<PartialDate>| x.map(|d| d.to_string()).unwrap_or_default();
            (
                p.acronym.clone().unwrap_or_default(),
                d(p.period.start()),
                d(p.period.end()),
                p.title.to_string(),
                p.role.as_deref() == Some("leading role"),
            )
        })
        .collect();
    assert_eq!(projects, seed.projects);
}
