//! What a template sees: the public view of the CV, prepared for display.
//!
//! Every template gets these variables (the names are those a template uses):
//!
//! - `root` — the relative path from the page to the site's root: `""` on `index.html`,
//!   `"../../"` on a work page. Links between pages are relative, so the site works from disk
//!   and under any path.
//! - `site` — [`SiteData`]: `site.person` ([`PersonData`]), the sections `site.sections`
//!   ([`Section`]: `id`, `title`, `after_works`, `items` of [`Entry`]), the works grouped by kind and year
//!   `site.works` ([`WorkGroup`]: `id`, `title`, `years` of [`YearGroup`]: `year`, `works` of
//!   [`WorkData`]), `site.selected` (the selected works, [`WorkData`]), `site.skills`, `site.languages`, `site.jsonld` (the `<script>` block of
//!   `vitae export --to html`, ready to insert), `site.alternates` (`href`, `type`, `title` of
//!   the machine-readable files), `site.base_url` (the absolute URL of `index.html` when the
//!   base is an `http(s)` URL, else empty) and `site.pages` (the absolute URLs the sitemap
//!   lists, empty without such a base).
//! - on a work page, `work` — [`WorkData`], with `work.citation` (the Highwire Press
//!   `citation_*` tags, `name` and `content`), `work.bibtex` (its BibTeX entry) and `work.jsonld` (the work's JSON-LD node in
//!   its `<script>` block); a work's `about` holds what software and data have besides
//!   (version, licence, programming languages, formats).
//!
//! Only public items and fields reach these values: they are built from
//! [`Cv::visible`]`(Visibility::Public)`.

use serde::Serialize;

use crate::model::{
    Affiliation, AffiliationSection, Contributor, ContributorRole, Cv, LinkKind, LinkTarget,
    Organization, Work,
};
use crate::model::{ContainerKind, WorkKind};
use crate::types::{DateRange, PartialDate};

/// The whole site's data.
#[derive(Debug, Clone, Serialize)]
pub struct SiteData {
    /// The person.
    pub person: PersonData,
    /// The sections other than works, only those with items: the affiliation sections
    /// (positions, education, …), shown before the works, then teaching (`teaching`),
    /// supervision (`supervision`), awards, projects and patents (`after_works` set), shown
    /// after them.
    pub sections: Vec<Section>,
    /// The works, by kind (in the order of [`WorkKind::ALL`]) then year (newest first).
    pub works: Vec<WorkGroup>,
    /// The selected works (`selected: true`, al-folio's `selected`), in CV order, shown
    /// before the others; empty when none is.
    pub selected: Vec<WorkData>,
    /// Skill groups: `category`, `summary`, `items`.
    pub skills: Vec<SkillData>,
    /// Languages spoken: `name` and `proficiency`.
    pub languages: Vec<LanguageData>,
    /// The ProfilePage JSON-LD `<script>` block (`vitae export --to html`).
    pub jsonld: String,
    /// The machine-readable files beside the pages.
    pub alternates: Vec<Alternate>,
    /// The absolute URL of `index.html` (the base), or empty when the base is not `http(s)`.
    pub base_url: String,
    /// The absolute URLs of every page, for the sitemap (empty without an `http(s)` base).
    pub pages: Vec<String>,
}

/// The person at the top of the page.
#[derive(Debug, Clone, Serialize)]
pub struct PersonData {
    /// "Dr. Sebastian Lapuschkin": prefix, names, suffix.
    pub name: String,
    /// The current position: the first ongoing (or first) employment, "Role, Organization".
    pub position: String,
    /// Public e-mail addresses.
    pub emails: Vec<String>,
    /// The ORCID iD's URL, if any.
    pub orcid: String,
    /// The homepage, if any.
    pub homepage: String,
    /// Profiles: `label` and `url`.
    pub profiles: Vec<LinkData>,
    /// The URL of the person's photo (`person.image`), if any.
    pub image: String,
    /// The biography, one string per paragraph.
    pub bio: Vec<String>,
    /// Research areas.
    pub research_areas: Vec<String>,
}

/// A link: `label`, `url` and `local`.
#[derive(Debug, Clone, Serialize)]
pub struct LinkData {
    /// What it is, e.g. "DOI", "PDF", "Code".
    pub label: String,
    /// Where it goes: an absolute URL or, for a local file the site publishes, its path
    /// from the site's root (`works/<id>/<file name>`, percent-encoded).
    pub url: String,
    /// Whether `url` is a path from the site's root (a local file copied into the site):
    /// a template prefixes it with `root` (`{{ root }}{{ l.url }}`).
    pub local: bool,
}

/// A section of the index other than works: `id` (the HTML anchor), `title`, `items`.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// The anchor, e.g. `employment`.
    pub id: String,
    /// The heading, e.g. "Positions".
    pub title: String,
    /// The entries.
    pub items: Vec<Entry>,
    /// Whether the section comes after the works (awards, projects, patents).
    pub after_works: bool,
}

/// An entry of a section: a heading line, a second line, the period, a description, details
/// and people (contributors with `me` set on the person's own name).
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The anchor of the item (`<kind>-<id>`), matching the fragment of its IRI when it has one.
    pub anchor: String,
    /// The main line (a role, a title).
    pub title: String,
    /// The second line (organisation, funder, office).
    pub subtitle: String,
    /// The period or date, e.g. "2019-01 – 2020-12", "2021-01 – present", "2020".
    pub period: String,
    /// A description.
    pub description: String,
    /// Further lines.
    pub details: Vec<String>,
    /// Parts with IRIs of their own (a patent's filings): `anchor` and `text`.
    pub parts: Vec<Part>,
    /// People (inventors, investigators), in order.
    pub people: Vec<Person>,
    /// A link, if any.
    pub url: String,
}

/// A part of an item with its own anchor, e.g. a patent filing (`patent-<filing id>`).
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    /// The anchor, the fragment of the part's IRI.
    pub anchor: String,
    /// What is shown.
    pub text: String,
}

/// A person named in an item: `name` and whether it is the CV's own person (`me`).
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    /// The name shown.
    pub name: String,
    /// Whether it is the CV's person.
    pub me: bool,
    /// Author marks, shown after the name: `*` the corresponding author, `†` equal
    /// contribution (see [`MARKS`]); empty for none.
    pub marks: String,
    /// The role, for a contributor other than an author ("supervisor"); else empty.
    pub role: String,
}

/// The author marks of the site and what each means, in the order they are shown.
pub const MARKS: [(&str, &str); 2] = [("*", "corresponding author"), ("†", "contributed equally")];

/// The works of one kind.
#[derive(Debug, Clone, Serialize)]
pub struct WorkGroup {
    /// The anchor, e.g. `works-journal-article`.
    pub id: String,
    /// The heading, e.g. "Journal articles".
    pub title: String,
    /// The years, newest first; works without a date last (year "").
    pub years: Vec<YearGroup>,
}

/// The works of one kind and year.
#[derive(Debug, Clone, Serialize)]
pub struct YearGroup {
    /// The year, or empty for undated works.
    pub year: String,
    /// The works, in CV order.
    pub works: Vec<WorkData>,
}

/// A work as shown on the index and on its own page.
#[derive(Debug, Clone, Serialize)]
pub struct WorkData {
    /// The work's id.
    pub id: String,
    /// The anchor on the index: `work-<id>`, the fragment of the work's IRI.
    pub anchor: String,
    /// The path of its page relative to the root: `works/<id>/`.
    pub page: String,
    /// The kind, e.g. `journal-article`.
    pub kind: String,
    /// The title.
    pub title: String,
    /// The subtitle, if any.
    pub subtitle: String,
    /// The authors, in order (an edited book's: its editors).
    pub authors: Vec<Person>,
    /// The other contributors (editors, translators, supervisors, ...), in order, each with
    /// its role.
    pub contributors: Vec<Person>,
    /// What the author marks used mean: "* corresponding author".
    pub marks: Vec<String>,
    /// The date as written (`2020-03`), or empty.
    pub date: String,
    /// The venue: journal, proceedings, book, event.
    pub venue: String,
    /// Volume, issue, pages, article number, joined for display ("12(3), 45–67").
    pub details: String,
    /// Software and data: version, licence, programming languages and formats, e.g.
    /// "version 1.2.0, MIT, Python".
    pub about: String,
    /// The publisher's name, if any.
    pub publisher: String,
    /// Links: DOI, arXiv, PDF, code, slides and the others, in that order.
    pub links: Vec<LinkData>,
    /// The abstract, one string per paragraph.
    pub abstract_paragraphs: Vec<String>,
    /// The Highwire Press tags for Google Scholar (empty for talks and lectures).
    pub citation: Vec<MetaTag>,
    /// The work's JSON-LD node, as a `<script>` block (on its page only).
    pub jsonld: String,
    /// The work's BibTeX entry, its id as the key, to copy (empty for talks and lectures).
    pub bibtex: String,
}

/// A `<meta name content>` tag.
#[derive(Debug, Clone, Serialize)]
pub struct MetaTag {
    /// E.g. `citation_title`.
    pub name: String,
    /// The value.
    pub content: String,
}

/// A skill group.
#[derive(Debug, Clone, Serialize)]
pub struct SkillData {
    /// The category.
    pub category: String,
    /// A summary line.
    pub summary: String,
    /// The skills.
    pub items: Vec<String>,
}

/// A language spoken.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageData {
    /// Its name (or tag).
    pub name: String,
    /// How well, e.g. `native`.
    pub proficiency: String,
}

/// A machine-readable file: `href`, media `type` and `title`.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    /// The file name, relative to the root.
    pub href: String,
    /// The media type.
    pub r#type: String,
    /// A title.
    pub title: String,
}

/// The heading of a kind of work.
pub(crate) fn kind_title(kind: WorkKind) -> &'static str {
    match kind {
        WorkKind::JournalArticle => "Journal articles",
        WorkKind::ConferencePaper => "Conference papers",
        WorkKind::WorkshopPaper => "Workshop papers",
        WorkKind::BookChapter => "Book chapters",
        WorkKind::Book => "Books",
        WorkKind::EditedBook => "Edited books",
        WorkKind::Preprint => "Preprints",
        WorkKind::Thesis => "Theses",
        WorkKind::Report => "Reports",
        WorkKind::Talk => "Talks",
        WorkKind::Lecture => "Teaching and lectures",
        WorkKind::Software => "Software",
        WorkKind::Dataset => "Data sets",
        WorkKind::Poster => "Posters",
        WorkKind::Other => "Other works",
    }
}

/// The person's data from the public CV.
pub(crate) fn person(cv: &Cv) -> PersonData {
    let p = &cv.person;
    let name = [
        p.honorific_prefix.as_deref().unwrap_or(""),
        &p.full_name(),
        p.honorific_suffix.as_deref().unwrap_or(""),
    ]
    .iter()
    .filter(|s| !s.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(" ");
    let position = cv
        .employment
        .iter()
        .find(|a| a.period.end().is_none())
        .or(cv.employment.first())
        .map(|a| {
            let mut parts: Vec<&str> = a.role.iter().map(|r| r.as_str()).collect();
            parts.extend(a.organization.iter().map(|o| o.name.as_str()));
            parts.join(", ")
        })
        .unwrap_or_default();
    PersonData {
        name,
        position,
        emails: p.emails.iter().map(|e| e.value.to_string()).collect(),
        orcid: p.orcid.as_ref().map(|o| o.url()).unwrap_or_default(),
        homepage: p
            .homepage
            .as_ref()
            .map(|u| u.to_string())
            .unwrap_or_default(),
        profiles: p
            .profiles
            .iter()
            .filter_map(|l| l.url().map(|u| (l, u)))
            .map(|(l, u)| LinkData {
                label: l.label.clone().unwrap_or_else(|| u.to_string()),
                url: u.to_string(),
                local: false,
            })
            .collect(),
        image: p.image.as_ref().map(|u| u.to_string()).unwrap_or_default(),
        bio: paragraphs(p.bio.as_deref()),
        research_areas: p.research_areas.iter().map(|t| t.to_string()).collect(),
    }
}

/// The paragraphs of a text: split at blank lines, each trimmed.
fn paragraphs(text: Option<&str>) -> Vec<String> {
    text.unwrap_or("")
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// "2019-01 – 2020-12", "2021-01 – present", "2020", or "".
fn period(r: &DateRange) -> String {
    match (r.start(), r.end()) {
        (Some(s), Some(e)) if s == e => s.to_string(),
        (Some(s), Some(e)) => format!("{s} – {e}"),
        (Some(s), None) => format!("{s} – present"),
        (None, Some(e)) => e.to_string(),
        (None, None) => String::new(),
    }
}

fn date(d: Option<&PartialDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn org_line(o: &Organization) -> String {
    let mut parts = vec![o.name.to_string()];
    if let Some(d) = &o.department {
        parts.push(d.clone());
    }
    if let Some(c) = &o.city {
        parts.push(c.clone());
    }
    parts.join(", ")
}

fn people(list: &[Contributor]) -> Vec<Person> {
    list.iter().map(contributor).collect()
}

fn contributor(c: &Contributor) -> Person {
    let mut marks = String::new();
    for (on, (mark, _)) in [c.corresponding, c.equal_contribution]
        .into_iter()
        .zip(MARKS)
    {
        if on {
            marks.push_str(mark);
        }
    }
    Person {
        name: c.display_name(),
        me: c.is_me(),
        marks,
        role: match c.role {
            ContributorRole::Author => String::new(),
            ContributorRole::Other => "contributor".to_owned(),
            r => r.as_str().replace('-', " "),
        },
    }
}

/// A work's authors and its other contributors (the author line shows authors only), and
/// the legend of the author marks used.
fn credits(w: &Work) -> (Vec<Person>, Vec<Person>, Vec<String>) {
    let (authors, others): (Vec<&Contributor>, Vec<&Contributor>) =
        w.authors.iter().partition(|c| c.role.is_author());
    let used = |i: usize| {
        w.authors
            .iter()
            .any(|c| [c.corresponding, c.equal_contribution][i])
    };
    let legend = MARKS
        .iter()
        .enumerate()
        .filter(|(i, _)| used(*i))
        .map(|(_, (mark, meaning))| format!("{mark} {meaning}"))
        .collect();
    (
        authors.into_iter().map(contributor).collect(),
        others.into_iter().map(contributor).collect(),
        legend,
    )
}

fn anchor(kind: &str, id: Option<&crate::types::ItemId>) -> String {
    id.map(|i| format!("{kind}-{i}")).unwrap_or_default()
}

/// The sections other than works, each only when it has items.
pub(crate) fn sections(cv: &Cv) -> Vec<Section> {
    let mut out = Vec::new();
    for s in AffiliationSection::ALL {
        let title = match s {
            AffiliationSection::Employment => "Positions",
            AffiliationSection::Education => "Education",
            AffiliationSection::Qualifications => "Qualifications",
            AffiliationSection::InvitedPositions => "Invited positions",
            AffiliationSection::Memberships => "Memberships",
            AffiliationSection::Services => "Service",
        };
        let items: Vec<Entry> = cv
            .affiliations(s)
            .iter()
            .map(|a| affiliation(a, s.key()))
            .collect();
        if !items.is_empty() {
            out.push(Section {
                id: s.key().to_owned(),
                title: title.to_owned(),
                items,
                after_works: false,
            });
        }
    }
    push(&mut out, "teaching", "Teaching", teaching(cv));
    push(&mut out, "supervision", "Supervision", supervision(cv));
    push(&mut out, "peer-reviews", "Peer review", peer_reviews(cv));
    push(
        &mut out,
        "research-resources",
        "Research resources",
        research_resources(cv),
    );
    let awards: Vec<Entry> = cv
        .awards
        .iter()
        .map(|a| Entry {
            anchor: anchor("award", a.id.as_ref()),
            title: a.title.to_string(),
            subtitle: a.organization.as_ref().map(org_line).unwrap_or_default(),
            period: match (a.date, a.end) {
                (Some(d), Some(e)) if d != e => format!("{d} – {e}"),
                (None, Some(e)) => format!("until {e}"),
                _ => date(a.date.as_ref()),
            },
            description: a.description.clone().unwrap_or_default(),
            details: a.rank.iter().cloned().collect(),
            parts: Vec::new(),
            people: Vec::new(),
            url: a.url.as_ref().map(|u| u.to_string()).unwrap_or_default(),
        })
        .collect();
    push(&mut out, "awards", "Awards", awards);
    let projects: Vec<Entry> = cv
        .projects
        .iter()
        .map(|p| Entry {
            anchor: anchor("project", p.id.as_ref()),
            title: p.display_name(),
            subtitle: [
                p.role.clone().unwrap_or_default(),
                p.funder
                    .iter()
                    .map(|f| f.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                p.programme.clone().unwrap_or_default(),
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
            period: period(&p.period),
            description: p.description.clone().unwrap_or_default(),
            details: p
                .grant_number
                .iter()
                .map(|g| format!("Grant {g}"))
                .collect(),
            parts: Vec::new(),
            people: people(&p.investigators),
            url: p.url.as_ref().map(|u| u.to_string()).unwrap_or_default(),
        })
        .collect();
    push(&mut out, "projects", "Projects", projects);
    let patents: Vec<Entry> = cv
        .patents
        .iter()
        .map(|p| Entry {
            anchor: anchor("patent", p.id.as_ref()),
            title: p.title.to_string(),
            subtitle: p
                .assignees
                .iter()
                .map(|a| a.name.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            period: String::new(),
            description: String::new(),
            details: Vec::new(),
            parts: p
                .members
                .iter()
                .map(|m| {
                    let mut text = format!("{} ({})", m.full_number(), m.office.name());
                    if let Some(d) = &m.date {
                        text.push_str(&format!(", {d}"));
                    }
                    Part {
                        anchor: anchor("patent", m.id.as_ref()),
                        text,
                    }
                })
                .collect(),
            people: people(&p.inventors),
            url: p
                .members
                .iter()
                .find_map(|m| m.url.as_ref())
                .map(|u| u.to_string())
                .unwrap_or_default(),
        })
        .collect();
    push(&mut out, "patents", "Patents", patents);
    out
}

/// The courses taught: title and code, institution and level, the person's part and the
/// term.
fn teaching(cv: &Cv) -> Vec<Entry> {
    cv.teaching
        .iter()
        .map(|c| {
            let title = match &c.code {
                Some(code) => format!("{} ({code})", c.title.as_str()),
                None => c.title.to_string(),
            };
            let subtitle = [
                c.organization.as_ref().map(org_line).unwrap_or_default(),
                c.level.clone().unwrap_or_default(),
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
            let mut details = Vec::new();
            if let Some(r) = &c.role {
                details.push(format!("Role: {r}"));
            }
            if let Some(t) = &c.term {
                details.push(format!("Term: {t}"));
            }
            if let Some(l) = &c.language {
                details.push(format!("Language: {l}"));
            }
            Entry {
                anchor: anchor("teaching", c.id.as_ref()),
                title,
                subtitle,
                period: period(&c.period),
                description: c.description.clone().unwrap_or_default(),
                details,
                parts: Vec::new(),
                people: Vec::new(),
                url: c.url.as_ref().map(|u| u.to_string()).unwrap_or_default(),
            }
        })
        .collect()
}

/// The students supervised: the thesis (or the level), the student, the years.
fn supervision(cv: &Cv) -> Vec<Entry> {
    cv.supervision
        .iter()
        .map(|sv| {
            let title = match &sv.title {
                Some(t) => t.to_string(),
                None => sv.level.work_label().to_owned(),
            };
            let subtitle = match (&sv.title, &sv.organization) {
                (Some(_), Some(o)) => format!("{}, {}", sv.level.work_label(), org_line(o)),
                (Some(_), None) => sv.level.work_label().to_owned(),
                (None, Some(o)) => org_line(o),
                (None, None) => String::new(),
            };
            Entry {
                anchor: anchor("supervision", sv.id.as_ref()),
                title,
                subtitle,
                period: period(&sv.period),
                description: String::new(),
                details: sv.role.iter().map(|r| format!("Role: {r}")).collect(),
                parts: Vec::new(),
                people: people(std::slice::from_ref(&sv.student)),
                url: sv.url.as_ref().map(|u| u.to_string()).unwrap_or_default(),
            }
        })
        .collect()
}

/// The peer reviews: the venue, the convening organization, the date, the role. Anchors are
/// the ids themselves (`review-…`), as the IRIs' fragments.
fn peer_reviews(cv: &Cv) -> Vec<Entry> {
    cv.peer_reviews
        .iter()
        .map(|r| {
            let subject = r.subject.as_ref();
            let venue = subject.and_then(|s| s.container.as_deref());
            let title = match venue {
                Some(v) => format!("Peer review for {v}"),
                None => format!("Peer review for {}", r.organization.name.as_str()),
            };
            let mut details = Vec::new();
            if r.role != crate::model::ReviewerRole::Reviewer {
                details.push(format!("Role: {}", r.role.as_str()));
            }
            if let Some(t) = subject.and_then(|s| s.title.as_ref()) {
                details.push(format!("Reviewed: {t}"));
            }
            Entry {
                anchor: r
                    .id
                    .as_ref()
                    .map(|i| i.as_str().to_owned())
                    .unwrap_or_default(),
                title,
                subtitle: org_line(&r.organization),
                period: r.date.to_string(),
                description: String::new(),
                details,
                parts: Vec::new(),
                people: Vec::new(),
                url: r.url.as_ref().map(|u| u.to_string()).unwrap_or_default(),
            }
        })
        .collect()
}

/// The research resources: the proposal, its hosts, the period, the resources used.
fn research_resources(cv: &Cv) -> Vec<Entry> {
    cv.research_resources
        .iter()
        .map(|r| Entry {
            anchor: anchor("resource", r.id.as_ref()),
            title: r.title.to_string(),
            subtitle: r.hosts.iter().map(org_line).collect::<Vec<_>>().join("; "),
            period: period(&r.period),
            description: String::new(),
            details: r
                .items
                .iter()
                .map(|x| format!("{} ({})", x.name.as_str(), x.kind.as_str()))
                .collect(),
            parts: Vec::new(),
            people: Vec::new(),
            url: r.url.as_ref().map(|u| u.to_string()).unwrap_or_default(),
        })
        .collect()
}

fn push(out: &mut Vec<Section>, id: &str, title: &str, items: Vec<Entry>) {
    if !items.is_empty() {
        out.push(Section {
            id: id.to_owned(),
            title: title.to_owned(),
            items,
            after_works: true,
        });
    }
}

fn affiliation(a: &Affiliation, section: &str) -> Entry {
    let mut title = a
        .role
        .as_ref()
        .map(|r| r.to_string())
        .or_else(|| a.journal_role().map(|r| r.label().to_owned()))
        .unwrap_or_default();
    if let Some(d) = &a.degree {
        title = d.name.to_string();
    }
    let mut details: Vec<String> = a.details.iter().map(|d| d.to_string()).collect();
    if let Some(j) = &a.journal {
        let mut line = format!("Journal: {}", j.title.as_str());
        if !j.issn.is_empty() {
            let issn: Vec<&str> = j.issn.iter().map(|i| i.as_str()).collect();
            line.push_str(&format!(" (ISSN {})", issn.join(", ")));
        }
        details.push(line);
    }
    if let Some(d) = &a.degree {
        if let Some(t) = &d.thesis {
            details.push(format!("Thesis: {t}"));
        }
        if let Some(g) = &d.grade {
            details.push(format!("Grade: {g}"));
        }
    }
    let subtitle = match &a.organization {
        Some(o) => {
            let mut org = o.clone();
            if org.department.is_none() {
                org.department = a.department.clone();
            }
            org_line(&org)
        }
        None => a.department.clone().unwrap_or_default(),
    };
    Entry {
        anchor: anchor(section, a.id.as_ref()),
        title,
        subtitle,
        period: period(&a.period),
        description: a.description.clone().unwrap_or_default(),
        details,
        parts: Vec::new(),
        people: Vec::new(),
        url: a.url.as_ref().map(|u| u.to_string()).unwrap_or_default(),
    }
}

/// The works grouped by kind, then by year (newest first, undated last), CV order within.
pub(crate) fn work_groups(works: &[WorkData], cv: &Cv) -> Vec<WorkGroup> {
    let mut out = Vec::new();
    for kind in WorkKind::ALL {
        let mut years: Vec<YearGroup> = Vec::new();
        let mut of_kind: Vec<(Option<u16>, &WorkData)> = cv
            .works
            .iter()
            .zip(works)
            .filter(|(w, _)| w.kind == kind)
            .map(|(w, d)| (w.date.map(|d| d.year()), d))
            .collect();
        // Stable: CV order within a year.
        of_kind.sort_by_key(|(y, _)| std::cmp::Reverse(y.map_or(0, |y| u32::from(y) + 1)));
        for (year, data) in of_kind {
            let year = year.map(|y| y.to_string()).unwrap_or_default();
            match years.last_mut() {
                Some(g) if g.year == year => g.works.push(data.clone()),
                _ => years.push(YearGroup {
                    year,
                    works: vec![data.clone()],
                }),
            }
        }
        if !years.is_empty() {
            out.push(WorkGroup {
                id: format!("works-{}", kind.as_str()),
                title: kind_title(kind).to_owned(),
                years,
            });
        }
    }
    out
}

/// A work's display data (its `citation` and `jsonld` are filled in by the caller).
pub(crate) fn work(w: &Work, id: &str) -> WorkData {
    let venue = w
        .container
        .as_ref()
        .map(|c| c.title.to_string())
        .or_else(|| w.event.as_ref().map(|e| e.name.to_string()))
        .unwrap_or_default();
    let mut details = String::new();
    if let Some(v) = &w.volume {
        details.push_str(v);
    }
    if let Some(i) = &w.issue {
        details.push_str(&format!("({i})"));
    }
    let pages = w
        .pages
        .as_ref()
        .map(|p| match p.last() {
            Some(l) => format!("{}–{l}", p.first()),
            None => p.first().to_owned(),
        })
        .or_else(|| w.article_number.clone());
    if let Some(p) = pages {
        if !details.is_empty() {
            details.push_str(", ");
        }
        details.push_str(&p);
    }
    let mut links = Vec::new();
    if let Some(d) = &w.doi {
        links.push(LinkData {
            label: format!("DOI {d}"),
            url: d.url(),
            local: false,
        });
    }
    if let Some(a) = &w.arxiv {
        links.push(LinkData {
            label: format!("arXiv:{a}"),
            url: a.url(),
            local: false,
        });
    }
    let order = [
        LinkKind::Pdf,
        LinkKind::Code,
        LinkKind::OpenAccess,
        LinkKind::Slides,
        LinkKind::Video,
        LinkKind::Data,
        LinkKind::Homepage,
        LinkKind::Profile,
        LinkKind::Other,
    ];
    for kind in order {
        for l in w.links.iter().filter(|l| l.kind == kind) {
            let label = l
                .label
                .clone()
                .unwrap_or_else(|| link_label(&l.kind).to_owned());
            let (url, local) = match &l.target {
                LinkTarget::Url(u) => (u.to_string(), false),
                LinkTarget::File(p) => match super::copy_name(p) {
                    Some(name) => (format!("works/{id}/{}", super::encode_segment(name)), true),
                    None => continue,
                },
            };
            links.push(LinkData { label, url, local });
        }
    }
    // Where a talk could be followed online.
    if let Some(u) = w
        .event
        .as_ref()
        .and_then(|e| e.location.as_ref()?.url.as_ref())
        && !links.iter().any(|l| l.url == u.as_str())
    {
        links.push(LinkData {
            label: "Online".to_owned(),
            url: u.to_string(),
            local: false,
        });
    }
    if let Some(u) = &w.url
        && !links.iter().any(|l| l.url == u.as_str())
    {
        links.push(LinkData {
            label: "Web".to_owned(),
            url: u.to_string(),
            local: false,
        });
    }
    let mut about = Vec::new();
    if let Some(v) = &w.version {
        about.push(format!("version {v}"));
    }
    if let Some(l) = &w.license {
        about.push(l.to_string());
    }
    about.extend(w.programming_language.iter().map(|l| l.to_string()));
    about.extend(w.format.iter().map(|f| f.to_string()));

    if let Some(r) = &w.repository
        && !links.iter().any(|l| l.url == r.as_str())
    {
        links.push(LinkData {
            label: "Repository".to_owned(),
            url: r.to_string(),
            local: false,
        });
    }
    let publisher = w
        .publisher
        .as_ref()
        .or_else(|| w.container.as_ref().and_then(|c| c.publisher.as_ref()))
        .map(|p| p.name.to_string())
        .unwrap_or_default();
    let (authors, contributors, marks) = credits(w);
    WorkData {
        id: id.to_owned(),
        anchor: format!("work-{id}"),
        page: format!("works/{id}/"),
        kind: w.kind.as_str().to_owned(),
        title: w.title.to_string(),
        subtitle: w.subtitle.clone().unwrap_or_default(),
        authors,
        contributors,
        marks,
        date: date(w.date.as_ref()),
        venue,
        details,
        about: about.join(", "),
        publisher,
        links,
        abstract_paragraphs: paragraphs(w.r#abstract.as_deref()),
        citation: Vec::new(),
        jsonld: String::new(),
        bibtex: String::new(),
    }
}

fn link_label(kind: &LinkKind) -> &'static str {
    match kind {
        LinkKind::Code => "Code",
        LinkKind::Slides => "Slides",
        LinkKind::Video => "Video",
        LinkKind::Pdf => "PDF",
        LinkKind::Homepage => "Homepage",
        LinkKind::Data => "Data",
        LinkKind::OpenAccess => "Open access",
        LinkKind::Profile => "Profile",
        LinkKind::Other => "Link",
    }
}

/// Whether the container is a journal (or the work a journal article without a container
/// kind).
pub(crate) fn is_journal(w: &Work) -> bool {
    match w.container.as_ref().and_then(|c| c.kind) {
        Some(k) => k == ContainerKind::Journal,
        None => w.kind == WorkKind::JournalArticle,
    }
}

/// Whether the container is conference proceedings (or the work a conference or workshop
/// paper without a container kind).
pub(crate) fn is_proceedings(w: &Work) -> bool {
    match w.container.as_ref().and_then(|c| c.kind) {
        Some(k) => k == ContainerKind::Proceedings,
        None => matches!(w.kind, WorkKind::ConferencePaper | WorkKind::WorkshopPaper),
    }
}
