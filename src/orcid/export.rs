//! The CV model → ORCID documents, with ORCID's API rules checked on the way: whatever breaks
//! a rule becomes a diagnostic with the CV's field path, and an item with an error is left out
//! rather than written as a document ORCID would refuse.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Display;

use super::doc::{self, Entry, ExternalId, ResearcherUrl};
use super::vocab::{self, CREDIT_ROLE_PREFIX, FUNDED_BY_TYPES, orcid_language, work_type_for};
use super::xml::first_forbidden_char;
use super::{OrcidItem, Section, WorkType};
use crate::citation::bibtex;
use crate::model::{
    Affiliation, AffiliationSection, Award, Contributor, ContributorRole, Cv, FundingType,
    Identifier, Organization, PatentFamily, PatentMember, PeerReview, Project, Relationship,
    ResearchResource, TranslatedTitle, Work, WorkKind,
};
use crate::report::{Code, Diagnostic};
use crate::types::{ItemId, PartialDate, Url, Visibility};

/// The result of mapping a CV: the items that satisfy every rule, the person, and the
/// problems found.
pub(crate) struct Mapped {
    pub items: Vec<OrcidItem>,
    pub orcid: Option<String>,
    pub person: doc::Person,
    pub diagnostics: Vec<Diagnostic>,
}

/// Field-length limits of ORCID's XSDs.
const TITLE_MAX: usize = 1000;
const LONG_TEXT_MAX: usize = 4000;
const SHORT_DESCRIPTION_MAX: usize = 5000;
const CREDIT_NAME_MAX: usize = 150;
const ORG_DEFINED_TYPE_MAX: usize = 255;
const PERSON_ENTRY_MAX: usize = 255;
const URL_NAME_MAX: usize = 350;

/// The diagnostics of one item, and whether it failed.
///
/// Field paths are taken as `impl Display` (a `&str`, or `format_args!("authors[{j}]")`) and
/// written out only when a diagnostic needs them: most items have none.
struct Checker<'a> {
    path: Cow<'a, str>,
    diags: &'a mut Vec<Diagnostic>,
    failed: bool,
}

/// `s.trim()`, with a shortcut for the usual text that starts and ends with a visible ASCII
/// character (no whitespace to trim).
pub(crate) fn trimmed(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// The number of characters of `s`, counted only when its bytes could exceed `max` (a
/// character takes at least one byte).
fn chars_over(s: &str, max: usize) -> Option<usize> {
    if s.len() <= max {
        return None;
    }
    let n = s.chars().count();
    (n > max).then_some(n)
}

impl Checker<'_> {
    fn at(&self, field: impl Display) -> String {
        let field = field.to_string();
        if field.is_empty() {
            self.path.to_string()
        } else if field.starts_with('[') || self.path.is_empty() {
            format!("{}{field}", self.path)
        } else {
            format!("{}.{field}", self.path)
        }
    }

    fn error(&mut self, field: impl Display, message: impl Into<String>) {
        self.failed = true;
        self.diags
            .push(Diagnostic::error(self.at(field), message.into()).with_code(Code::OrcidRule));
    }

    fn warn(&mut self, field: impl Display, message: impl Into<String>) {
        self.diags
            .push(Diagnostic::warning(self.at(field), message.into()).with_code(Code::OrcidRule));
    }

    /// Checks a required text: characters XML can carry, at most `max` characters.
    fn text(&mut self, field: impl Display, s: &str, max: usize) -> String {
        if let Some(c) = first_forbidden_char(s) {
            self.error(
                &field,
                format!(
                    "found the character U+{:04X}, which XML 1.0 cannot carry; remove it",
                    c as u32
                ),
            );
        }
        if let Some(n) = chars_over(s, max) {
            self.error(
                &field,
                format!("ORCID accepts at most {max} characters here, found {n}"),
            );
        }
        let t = trimmed(s);
        if t.is_empty() {
            self.error(&field, "expected some text, found an empty string");
        }
        t.to_owned()
    }

    /// An optional text; blank counts as absent.
    fn opt_text(&mut self, field: impl Display, s: Option<&str>, max: usize) -> Option<String> {
        s.filter(|s| !trimmed(s).is_empty())
            .map(|s| self.text(field, s, max))
    }

    /// An optional text that is dropped (with a warning) when too long.
    fn soft_text(&mut self, field: impl Display, s: Option<&str>, max: usize) -> Option<String> {
        let s = s.filter(|s| !trimmed(s).is_empty())?;
        if let Some(n) = chars_over(s, max) {
            self.warn(
                field,
                format!("ORCID accepts at most {max} characters here, found {n}; left out"),
            );
            return None;
        }
        Some(self.text(field, s, max))
    }

    fn date(&mut self, field: impl Display, d: Option<PartialDate>) -> Option<PartialDate> {
        let d = d?;
        if !(1900..=2100).contains(&d.year()) {
            self.error(
                field,
                format!("ORCID accepts years from 1900 to 2100, found {}", d.year()),
            );
        }
        Some(d)
    }

    fn url(&mut self, field: impl Display, u: Option<&Url>) -> Option<String> {
        u.map(|u| self.text(field, u.as_str(), 2084))
    }

    fn range(
        &mut self,
        start: Option<PartialDate>,
        end: Option<PartialDate>,
    ) -> (Option<PartialDate>, Option<PartialDate>) {
        let s = self.date("start", start);
        let e = self.date("end", end);
        if let (Some(a), Some(b)) = (s, e)
            && !a.not_after(&b)
        {
            self.error("end", format!("the end {b} is before the start {a}"));
        }
        (s, e)
    }
}

fn visibility(v: Visibility) -> Option<String> {
    Some(v.as_str().to_owned())
}

fn meta(v: Visibility, put_code: Option<u64>) -> doc::Meta {
    doc::Meta {
        put_code,
        visibility: visibility(v),
        ..doc::Meta::default()
    }
}

/// ORCID's form of a FundRef id.
pub(crate) fn fundref_identifier(digits: &str) -> String {
    format!("http://dx.doi.org/10.13039/{digits}")
}

/// Whether ORCID needs an organization's city and country: for employment, education and
/// funding (API error 9060), not for the professional activities (qualification, distinction,
/// invited position, membership, service), where a city or region still needs a country
/// (9061). See `ORCID-API.md`, corrected for ORCID's read sample of professional activities
/// without them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Address {
    Required,
    Optional,
}

impl Address {
    fn of(section: Section) -> Self {
        match section {
            Section::Employment | Section::Education | Section::Funding => Self::Required,
            _ => Self::Optional,
        }
    }
}

/// Builds an organization, checking ORCID's rules for it. `item_ids` says whether the item
/// it belongs to has external ids: for the professional activities they stand in for a
/// disambiguated organization (API error 9062 asks for one or the other).
fn organization(
    cx: &mut Checker<'_>,
    field: &str,
    o: &Organization,
    address: Address,
    funder: bool,
    item_ids: bool,
) -> doc::Organization {
    let name = cx.text(format_args!("{field}.name"), &o.name, LONG_TEXT_MAX);
    let city = cx.opt_text(
        format_args!("{field}.city"),
        o.city.as_deref(),
        LONG_TEXT_MAX,
    );
    let region = cx.opt_text(
        format_args!("{field}.region"),
        o.region.as_deref(),
        LONG_TEXT_MAX,
    );
    if city.is_none() && address == Address::Required {
        cx.error(
            format_args!("{field}.city"),
            format!(
                "ORCID needs the city of {:?} (API error 9060); add `city:` to the organization",
                o.name.as_str()
            ),
        );
    }
    let placed = city.is_some() || region.is_some();
    if o.country.is_none() && (address == Address::Required || placed) {
        cx.error(
            format_args!("{field}.country"),
            format!(
                "ORCID needs the country of {:?} (API errors 9060, 9061); add `country:` (ISO 3166-1, e.g. DE)",
                o.name.as_str()
            ),
        );
    }
    let ror = o.ror.as_ref().map(|r| (r.url(), "ROR".to_owned()));
    let grid = o
        .grid
        .as_ref()
        .map(|g| (g.as_str().to_owned(), "GRID".to_owned()));
    let ringgold = o.ringgold.map(|r| (r.to_string(), "RINGGOLD".to_owned()));
    let fundref = o
        .fundref
        .as_ref()
        .map(|x| (fundref_identifier(x.as_str()), "FUNDREF".to_owned()));
    let other = o.disambiguated.as_ref().map(|d| {
        if !vocab::DISAMBIGUATION_SOURCES.contains(&d.source.as_str()) {
            cx.warn(
                format_args!("{field}.disambiguated.source"),
                format!(
                    "ORCID knows the sources {}, found {:?}: it will probably refuse the id",
                    vocab::DISAMBIGUATION_SOURCES.join(", "),
                    d.source
                ),
            );
        }
        (
            cx.text(format_args!("{field}.disambiguated.id"), &d.id, 2084),
            cx.text(format_args!("{field}.disambiguated.source"), &d.source, 255),
        )
    });
    let disambiguated = if funder {
        fundref.or(ror).or(grid).or(ringgold)
    } else {
        ror.or(grid).or(ringgold).or(fundref)
    }
    .or(other);
    let stands_in = address == Address::Optional && item_ids;
    if disambiguated.is_none() && !stands_in {
        cx.error(
            field,
            missing_organization_id(field, &o.name, funder, address),
        );
    }
    doc::Organization {
        name,
        city,
        region,
        country: o.country.as_ref().map(|c| c.as_str().to_owned()),
        disambiguated,
    }
}

/// The error for an organization without a disambiguated id, with the fix: the id to add and
/// where to look it up. ORCID makes one mandatory for every affiliation and funding (the
/// documentation of `organization` in common-3.0.xsd; API errors 9045, 9062).
fn missing_organization_id(field: &str, name: &str, funder: bool, address: Address) -> String {
    let query: String = url::form_urlencoded::byte_serialize(name.as_bytes()).collect();
    let (add, also) = if funder {
        (
            format!("{field}.fundref or {field}.ror"),
            format!(" or at https://search.crossref.org/funding?q={query} (FundRef)"),
        )
    } else {
        (format!("{field}.ror"), String::new())
    };
    let or_ids = if address == Address::Optional {
        ", or `identifiers:` of the item itself"
    } else {
        ""
    };
    format!(
        "ORCID needs a disambiguated organization (ROR, GRID, Ringgold or FundRef id) for {name:?}, found none (API errors 9045, 9062); add {add} (look it up at https://ror.org/search?query={query}{also}){or_ids}"
    )
}

fn generic_id(cx: &mut Checker<'_>, field: impl Display, id: &Identifier) -> ExternalId {
    let t = cx.text(format_args!("{field}.scheme"), &id.scheme, 100);
    if !vocab::is_external_id_type(&t) {
        cx.error(
            format_args!("{field}.scheme"),
            format!(
                "ORCID does not know the identifier type {t:?}; expected one of: {}",
                vocab::EXTERNAL_ID_TYPES.join(", ")
            ),
        );
    }
    if id.relationship == Relationship::FundedBy && !FUNDED_BY_TYPES.contains(&t.as_str()) {
        cx.error(
            format_args!("{field}.relationship"),
            format!(
                "ORCID accepts funded-by only for {}, found {t:?}",
                FUNDED_BY_TYPES.join(", ")
            ),
        );
    }
    let value = cx.text(format_args!("{field}.value"), &id.value, 2084);
    ExternalId::new(&t, &value, id.relationship.as_str())
        .with_url(cx.url(format_args!("{field}.url"), id.url.as_ref()))
}

fn translated(
    cx: &mut Checker<'_>,
    field: &str,
    all: &[TranslatedTitle],
) -> Option<(String, String)> {
    let t = all.first()?;
    if all.len() > 1 {
        cx.warn(
            format_args!("{field}[1]"),
            format!(
                "ORCID holds one translated title: the first ({:?}) is exported, {} more left out",
                t.language.as_str(),
                all.len() - 1
            ),
        );
    }
    let Some(lang) = orcid_language(&t.language) else {
        cx.warn(
            format_args!("{field}.language"),
            format!(
                "ORCID has no language code for {:?}; the translated title is left out",
                t.language.as_str()
            ),
        );
        return None;
    };
    Some((
        cx.text(format_args!("{field}.title"), &t.title, TITLE_MAX),
        lang,
    ))
}

/// ORCID's work contributor role for a model role.
pub(crate) fn work_role(r: ContributorRole) -> Option<String> {
    let s = match r {
        ContributorRole::Author => "author",
        ContributorRole::Editor => "editor",
        ContributorRole::Inventor => "co-inventor",
        ContributorRole::Assignee => "assignee",
        ContributorRole::Supervisor => return Some(format!("{CREDIT_ROLE_PREFIX}supervision/")),
        ContributorRole::Translator | ContributorRole::Chair => "chair-or-translator",
        ContributorRole::PrincipalInvestigator => "principal-investigator",
        ContributorRole::CoInvestigator => "co-investigator",
        ContributorRole::Other => return None,
    };
    Some(s.to_owned())
}

/// ORCID's funding contributor role for a model role.
pub(crate) fn funding_role(r: ContributorRole) -> Option<String> {
    match r {
        ContributorRole::PrincipalInvestigator => Some("lead".into()),
        ContributorRole::CoInvestigator => Some("co-lead".into()),
        ContributorRole::Other => Some("other-contribution".into()),
        _ => None,
    }
}

/// The credit name of a contributor: its titles and its name as written (the name alone when
/// it is written with its titles, "Dr. John Roe").
pub(crate) fn credit_name(c: &Contributor) -> String {
    match &c.prefix {
        Some(p) if !c.name.starts_with(p.as_str()) => format!("{p} {}", c.name),
        _ => c.name.clone(),
    }
}

fn contributor(
    cx: &mut Checker<'_>,
    field: impl Display,
    c: &Contributor,
    role: Option<String>,
    sequence: Option<&str>,
) -> doc::Contributor {
    let credit_name = match &c.prefix {
        Some(_) => cx.text(field, &credit_name(c), CREDIT_NAME_MAX),
        None => cx.text(field, &c.name, CREDIT_NAME_MAX),
    };
    doc::Contributor {
        orcid: c.orcid.as_ref().map(|o| o.as_str().to_owned()),
        credit_name: Some(credit_name),
        email: None,
        sequence: sequence.map(str::to_owned),
        role,
    }
}

fn sequence(i: usize) -> &'static str {
    if i == 0 { "first" } else { "additional" }
}

fn normalize_all(ids: &mut [ExternalId]) {
    for id in ids {
        id.normalized = Some(crate::types::normalise_external_id(&id.id_type, &id.value));
    }
}

fn with_normalized(mut ids: Vec<ExternalId>) -> Vec<ExternalId> {
    normalize_all(&mut ids);
    ids
}

/// The external ids of a work that say what it is (self), what it is part of and what
/// funded it; version-of links are added later, once every work is known.
fn work_ids(
    cx: &mut Checker<'_>,
    w: &Work,
    id: &ItemId,
    projects: &HashMap<&str, &Project>,
) -> Vec<ExternalId> {
    // Room for the ids most works have: a DOI or another self id, an ISSN, a version.
    let mut ids = Vec::with_capacity(4);
    if let Some(d) = &w.doi {
        ids.push(ExternalId::new("doi", d.as_str(), "self").with_url(Some(d.url())));
    }
    if let Some(a) = &w.arxiv {
        ids.push(ExternalId::new("arxiv", a.as_str(), "self").with_url(Some(a.url())));
    }
    if let Some(p) = &w.pmid {
        let p = cx.text("pmid", p, 100);
        let url = pubmed_url(&p);
        ids.push(ExternalId::new("pmid", &p, "self").with_url(Some(url)));
    }
    for i in &w.isbn {
        ids.push(ExternalId::new("isbn", i.as_str(), "self"));
    }
    for (j, x) in w.identifiers.iter().enumerate() {
        ids.push(generic_id(cx, format_args!("identifiers[{j}]"), x));
    }
    if let Some(c) = &w.container {
        for i in &c.issn {
            ids.push(ExternalId::new("issn", i.as_str(), "part-of"));
        }
        for i in &c.isbn {
            ids.push(ExternalId::new("isbn", i.as_str(), "part-of"));
        }
    }
    for p in &w.funded_by {
        if let Some(g) = projects
            .get(p.as_str())
            .and_then(|p| p.grant_number.as_deref())
        {
            ids.push(ExternalId::new("grant_number", g, "funded-by"));
        }
    }
    let has_self = |ids: &[ExternalId]| ids.iter().any(|i| i.relationship() == "self");
    if !has_self(&ids)
        && let Some(u) = w.url.as_ref().or(w.repository.as_ref())
    {
        ids.push(ExternalId::new("uri", u.as_str(), "self").with_url(Some(u.to_string())));
    }
    if !has_self(&ids) {
        ids.push(ExternalId::new("source-work-id", id.as_str(), "self"));
    }
    ids
}

/// The PubMed URL of a PMID.
pub(crate) fn pubmed_url(pmid: &str) -> String {
    format!("https://pubmed.ncbi.nlm.nih.gov/{pmid}/")
}

fn work(
    cx: &mut Checker<'_>,
    w: &Work,
    id: &ItemId,
    projects: &HashMap<&str, &Project>,
) -> doc::Work {
    let work_type = w
        .orcid_type
        .unwrap_or_else(|| work_type_for(w.kind, w.presentation));
    let is_event = w.kind.is_presentation() || matches!(w.kind, WorkKind::Poster);
    let journal_title = match (&w.container, &w.event) {
        (Some(c), _) => Some(cx.text("container.title", &c.title, TITLE_MAX)),
        (None, Some(e)) if is_event => Some(cx.text("event.name", &e.name, TITLE_MAX)),
        _ => None,
    };
    let date = w
        .date
        .or_else(|| w.event.as_ref().and_then(|e| e.dates.first().copied()));
    let mut contributors =
        Vec::with_capacity(w.authors.len() + w.container.as_ref().map_or(0, |c| c.editors.len()));
    let mut n = 0;
    for (j, a) in w.authors.iter().enumerate() {
        let role = if w.kind == WorkKind::EditedBook && a.role == ContributorRole::Author {
            Some("editor".to_owned())
        } else {
            work_role(a.role)
        };
        contributors.push(contributor(
            cx,
            format_args!("authors[{j}]"),
            a,
            role,
            Some(sequence(n)),
        ));
        n += 1;
    }
    if let Some(c) = &w.container {
        for (j, e) in c.editors.iter().enumerate() {
            contributors.push(contributor(
                cx,
                format_args!("container.editors[{j}]"),
                e,
                Some("editor".to_owned()),
                Some(sequence(n)),
            ));
            n += 1;
        }
    }
    let language_code = w.language.as_ref().and_then(|l| {
        let code = orcid_language(l);
        if code.is_none() {
            cx.warn(
                "language",
                format!("ORCID has no language code for {:?}; left out", l.as_str()),
            );
        }
        code
    });
    let country = w
        .country
        .as_ref()
        .or_else(|| {
            w.event
                .as_ref()
                .and_then(|e| e.location.as_ref())
                .and_then(|l| l.country.as_ref())
        })
        .map(|c| (c.as_str().to_owned(), visibility(w.visibility)));
    doc::Work {
        meta: meta(w.visibility, w.put_code),
        summary: false,
        title: doc::Title {
            title: cx.text("title", &w.title, TITLE_MAX),
            subtitle: cx.opt_text("subtitle", w.subtitle.as_deref(), TITLE_MAX),
            translated: translated(cx, "translated-title", &w.translated_title),
        },
        journal_title,
        short_description: cx.soft_text("abstract", w.r#abstract.as_deref(), SHORT_DESCRIPTION_MAX),
        citation: Some(match &w.citation {
            Some(c) => {
                if !vocab::CITATION_TYPES.contains(&c.kind.as_str()) {
                    cx.error(
                        "citation.type",
                        format!(
                            "ORCID does not know the citation type {:?}; expected one of: {}",
                            c.kind,
                            vocab::CITATION_TYPES.join(", ")
                        ),
                    );
                }
                (
                    c.kind.clone(),
                    cx.text("citation.value", &c.value, usize::MAX),
                )
            }
            None => ("bibtex".to_owned(), bibtex::work(w, id.as_str())),
        }),
        work_type: work_type.as_str().to_owned(),
        publication_date: cx.date("date", date),
        external_ids: work_ids(cx, w, id, projects),
        url: match &w.url {
            Some(u) => cx.url("url", Some(u)),
            None => cx.url("repository", w.repository.as_ref()),
        },
        contributors,
        language_code,
        country,
    }
}

fn patent_member(
    cx: &mut Checker<'_>,
    f: &PatentFamily,
    m: &PatentMember,
    j: usize,
    id: &ItemId,
) -> doc::Work {
    let mut contributors = Vec::with_capacity(f.inventors.len() + f.assignees.len());
    for (k, c) in f.inventors.iter().enumerate() {
        let role = match c.role {
            ContributorRole::Author | ContributorRole::Inventor => Some("co-inventor".to_owned()),
            r => work_role(r),
        };
        contributors.push(contributor(
            cx,
            format_args!("inventors[{k}]"),
            c,
            role,
            Some(sequence(k)),
        ));
    }
    for (k, a) in f.assignees.iter().enumerate() {
        contributors.push(doc::Contributor {
            orcid: None,
            credit_name: Some(cx.text(
                format_args!("assignees[{k}].name"),
                &a.name,
                CREDIT_NAME_MAX,
            )),
            email: None,
            sequence: Some(sequence(f.inventors.len() + k).to_owned()),
            role: Some("assignee".to_owned()),
        });
    }
    let title = match &m.title {
        Some(t) => cx.text(format_args!("members[{j}].title"), t, TITLE_MAX),
        None => cx.text("title", &f.title, TITLE_MAX),
    };
    let url = cx.url(format_args!("members[{j}].url"), m.url.as_ref());
    let number = m.compact_number();
    let country = crate::types::CountryCode::new(m.office.as_str())
        .ok()
        .map(|c| (c.as_str().to_owned(), visibility(f.visibility)));
    doc::Work {
        meta: meta(f.visibility, m.put_code),
        summary: false,
        title: doc::Title {
            title,
            subtitle: None,
            translated: None,
        },
        journal_title: None,
        short_description: None,
        citation: Some(("bibtex".to_owned(), bibtex::patent(f, m, id.as_str()))),
        work_type: WorkType::Patent.as_str().to_owned(),
        publication_date: cx.date(format_args!("members[{j}].date"), m.date),
        external_ids: vec![ExternalId::new("pat", &number, "self").with_url(url.clone())],
        url,
        contributors,
        language_code: None,
        country,
    }
}

fn affiliation(cx: &mut Checker<'_>, section: Section, a: &Affiliation) -> doc::Affiliation {
    let role = a
        .role
        .as_ref()
        .map(|r| r.to_string())
        .or_else(|| a.degree.as_ref().map(|d| d.name.to_string()))
        .or_else(|| a.journal_role().map(|r| r.label().to_owned()));
    // Editorial service: the journal's title is the department when none is given, its
    // ISSNs are `issn` ids the service is `part-of`.
    let journal = a.journal.as_ref().filter(|_| section == Section::Service);
    let department = a
        .department
        .as_deref()
        .or(a
            .organization
            .as_ref()
            .and_then(|o| o.department.as_deref()))
        .or(journal.map(|j| j.title.as_str()));
    let (start, end) = cx.range(a.period.start(), a.period.end());
    let mut external_ids: Vec<ExternalId> = a
        .identifiers
        .iter()
        .enumerate()
        .map(|(j, x)| generic_id(cx, format_args!("identifiers[{j}]"), x))
        .collect();
    for issn in journal.iter().flat_map(|j| &j.issn) {
        external_ids.push(ExternalId::new("issn", issn.as_str(), "part-of"));
    }
    doc::Affiliation {
        section,
        meta: meta(a.visibility, a.put_code),
        summary: false,
        department: cx.opt_text("department", department, LONG_TEXT_MAX),
        role_title: cx.opt_text("role", role.as_deref(), LONG_TEXT_MAX),
        start,
        end,
        organization: match &a.organization {
            Some(o) => Some(organization(
                cx,
                "organization",
                o,
                Address::of(section),
                false,
                !a.identifiers.is_empty(),
            )),
            None => {
                cx.error(
                    "organization",
                    format!(
                        "ORCID needs the organization of {} (an affiliation without one is refused); add `organization:` with its name, city, country and ROR id",
                        section_noun(section)
                    ),
                );
                None
            }
        },
        url: cx.url("url", a.url.as_ref()),
        external_ids: with_normalized(external_ids),
    }
}

/// What an item of an affiliation section is, in words: "an employment", "a membership".
fn section_noun(section: Section) -> &'static str {
    match section {
        Section::Education => "an education",
        Section::Qualification => "a qualification",
        Section::InvitedPosition => "an invited position",
        Section::Membership => "a membership",
        Section::Service => "a service",
        _ => "an employment",
    }
}

/// Whether a review group id has the form ORCID accepts (`group-id` in common-3.0.xsd): a
/// known prefix and at least two more characters.
fn is_group_id(s: &str) -> bool {
    const PREFIXES: [&str; 5] = [
        "ringgold:",
        "issn:",
        "orcid-generated:",
        "fundref:",
        "publons:",
    ];
    PREFIXES.iter().any(|p| {
        s.strip_prefix(p).is_some_and(|rest| {
            rest.chars().count() >= 2
                && rest
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "^._~:/?#[]@!$&'()*+,;=-".contains(c))
        })
    })
}

/// The subject types a peer review may name besides the work types (peer-review-3.0.xsd).
const REVIEW_SUBJECT_TYPES: [&str; 6] = [
    "award",
    "contract",
    "grant",
    "salary-award",
    "research-resource-proposal",
    "undefined",
];

fn peer_review(cx: &mut Checker<'_>, r: &PeerReview) -> doc::PeerReview {
    if !is_group_id(&r.group_id) {
        cx.error(
            "group-id",
            format!(
                "ORCID needs a group id of the form issn:…, ringgold:…, fundref:…, publons:… or orcid-generated:… (peer-review-3.0.xsd), found {:?}; for a journal use `issn:` and its ISSN",
                r.group_id
            ),
        );
    }
    let completion = cx.date("date", Some(r.date));
    let external_ids: Vec<ExternalId> = r
        .identifiers
        .iter()
        .enumerate()
        .map(|(j, x)| generic_id(cx, format_args!("identifiers[{j}]"), x))
        .collect();
    // ORCID's API refuses a peer review without an identifier of the review itself (400,
    // 9023) and tells reviews apart by them; a record's copy may lack one (a sample's
    // placeholder id type is dropped on import), so the document is still written, and
    // sync leaves the review out (`sync::cv_items`).
    if !external_ids.iter().any(ExternalId::is_self) {
        cx.warn(
            "identifiers",
            "ORCID's API takes a peer review only with an identifier of the review itself \
             (error 9023), by which it tells reviews apart, so a sync leaves this one out; add \
             one, e.g. \
             `identifiers: [{scheme: source-work-id, value: review-1}]` (an id of your own)",
        );
    }
    if r.organization.ror.is_none()
        && r.organization.grid.is_none()
        && r.organization.ringgold.is_none()
        && r.organization.fundref.is_none()
        && r.organization.disambiguated.is_none()
    {
        cx.warn(
            "organization",
            format!(
                "the convening organization {:?} has no disambiguated id (ROR, Ringgold, ...): ORCID accepts it, but groups and shows the review better with one",
                r.organization.name.as_str()
            ),
        );
    }
    let organization = organization(
        cx,
        "organization",
        &r.organization,
        Address::Optional,
        false,
        true,
    );
    let subject = r.subject.as_ref();
    if let Some(t) = subject.and_then(|s| s.kind.as_deref())
        && t.parse::<WorkType>().is_err()
        && !REVIEW_SUBJECT_TYPES.contains(&t)
    {
        cx.error(
            "subject.type",
            format!(
                "ORCID does not know the subject type {t:?}; expected a work type (journal-article, ...) or one of {}",
                REVIEW_SUBJECT_TYPES.join(", ")
            ),
        );
    }
    let subject_name = subject.and_then(|s| {
        let title = s.title.as_ref()?;
        let translated = translated(
            cx,
            "subject.translated-title",
            s.translated_title.as_slice(),
        );
        Some(doc::Title {
            title: cx.text("subject.title", title, TITLE_MAX),
            subtitle: None,
            translated,
        })
    });
    doc::PeerReview {
        meta: meta(r.visibility, r.put_code),
        summary: false,
        role: r.role.as_str().to_owned(),
        external_ids: with_normalized(external_ids),
        url: cx.url("url", r.url.as_ref()),
        review_type: r.review_type.as_str().to_owned(),
        completion,
        group_id: cx.text("group-id", &r.group_id, TITLE_MAX),
        subject_id: subject
            .and_then(|s| s.identifier.as_ref())
            .map(|x| generic_id(cx, "subject.identifier", x)),
        subject_container: cx.opt_text(
            "subject.container",
            subject.and_then(|s| s.container.as_deref()),
            TITLE_MAX,
        ),
        subject_type: subject.and_then(|s| s.kind.clone()),
        subject_name,
        subject_url: cx.url("subject.url", subject.and_then(|s| s.url.as_ref())),
        organization,
    }
}

/// The hosts of a research resource or of one of its items: at least one, each
/// disambiguated (ORCID's rule for organizations other than a review's convening one).
fn hosts(cx: &mut Checker<'_>, field: &str, list: &[Organization]) -> Vec<doc::Organization> {
    if list.is_empty() {
        cx.error(
            field,
            "ORCID needs at least one host organization (research-resource-3.0.xsd); add `hosts:`",
        );
    }
    if list.len() > 10 {
        cx.error(
            field,
            format!("ORCID takes at most 10 hosts, found {}", list.len()),
        );
    }
    list.iter()
        .enumerate()
        .map(|(i, o)| {
            organization(
                cx,
                &format!("{field}[{i}]"),
                o,
                Address::Optional,
                false,
                false,
            )
        })
        .collect()
}

fn research_resource(cx: &mut Checker<'_>, r: &ResearchResource) -> doc::ResearchResource {
    let (start, end) = cx.range(r.period.start(), r.period.end());
    let external_ids: Vec<ExternalId> = r
        .identifiers
        .iter()
        .enumerate()
        .map(|(j, x)| generic_id(cx, format_args!("identifiers[{j}]"), x))
        .collect();
    if r.items.is_empty() {
        cx.warn(
            "items",
            "ORCID needs at least one resource item to take the full research resource (research-resource-3.0.xsd): it is written in the record as a summary, with no document of its own; add `items:` (a research resource read from a record's summary has none: import the full item, `GET /research-resource/{put-code}`)",
        );
    }
    let items = r
        .items
        .iter()
        .enumerate()
        .map(|(i, x)| doc::ResourceItem {
            name: cx.text(format_args!("items[{i}].name"), &x.name, TITLE_MAX),
            resource_type: x.kind.as_str().to_owned(),
            hosts: hosts(cx, &format!("items[{i}].hosts"), &x.hosts),
            external_ids: with_normalized(
                x.identifiers
                    .iter()
                    .enumerate()
                    .map(|(j, id)| generic_id(cx, format_args!("items[{i}].identifiers[{j}]"), id))
                    .collect(),
            ),
            url: cx.url(format_args!("items[{i}].url"), x.url.as_ref()),
        })
        .collect();
    doc::ResearchResource {
        meta: meta(r.visibility, r.put_code),
        summary: false,
        title: doc::Title {
            title: cx.text("title", &r.title, TITLE_MAX),
            subtitle: None,
            translated: translated(cx, "translated-title", r.translated_title.as_slice()),
        },
        hosts: hosts(cx, "hosts", &r.hosts),
        external_ids: with_normalized(external_ids),
        start,
        end,
        url: cx.url("url", r.url.as_ref()),
        items,
    }
}

fn award(cx: &mut Checker<'_>, a: &Award) -> doc::Affiliation {
    let org = match &a.organization {
        Some(o) => Some(organization(
            cx,
            "organization",
            o,
            Address::of(Section::Distinction),
            false,
            !a.identifiers.is_empty(),
        )),
        None => {
            cx.error(
                "organization",
                "ORCID needs the organization that gave the award (a distinction without one is refused); add `organization:`",
            );
            None
        }
    };
    let external_ids = a
        .identifiers
        .iter()
        .enumerate()
        .map(|(j, x)| generic_id(cx, format_args!("identifiers[{j}]"), x))
        .collect();
    let start = cx.date("date", a.date);
    let end = cx.date("end", a.end);
    if let (Some(s), Some(e)) = (start, end)
        && !s.not_after(&e)
    {
        cx.error("end", format!("the end {e} is before the date {s}"));
    }
    doc::Affiliation {
        section: Section::Distinction,
        meta: meta(a.visibility, a.put_code),
        summary: false,
        department: cx.opt_text(
            "organization.department",
            a.organization
                .as_ref()
                .and_then(|o| o.department.as_deref()),
            LONG_TEXT_MAX,
        ),
        role_title: Some(cx.text("title", &a.title, LONG_TEXT_MAX)),
        start,
        end,
        organization: org,
        url: cx.url("url", a.url.as_ref()),
        external_ids: with_normalized(external_ids),
    }
}

fn funding_type(t: FundingType) -> &'static str {
    match t {
        FundingType::Grant => "grant",
        FundingType::Contract => "contract",
        FundingType::Award => "award",
        FundingType::SalaryAward => "salary-award",
    }
}

fn funding(cx: &mut Checker<'_>, p: &Project) -> doc::Funding {
    if p.funder.len() > 1 {
        cx.warn(
            "funder[1]",
            format!(
                "ORCID holds one funder per funding: the first ({}) is exported, {} more left out",
                p.funder[0].name.as_str(),
                p.funder.len() - 1
            ),
        );
    }
    let org = match p.funder.first() {
        Some(o) => organization(cx, "funder", o, Address::of(Section::Funding), true, false),
        None => {
            cx.error(
                "funder",
                "ORCID needs the funder of a funding; add `funder:` (an organization with city, country and a FundRef or ROR id)",
            );
            doc::Organization::default()
        }
    };
    let (start, end) = cx.range(p.period.start(), p.period.end());
    if end.is_some() && start.is_none() {
        cx.error(
            "start",
            "ORCID needs a start date when a funding has an end date (API error 9050)",
        );
    }
    let mut ids = Vec::new();
    if let Some(g) = &p.grant_number {
        let g = cx.text("grant-number", g, 2084);
        ids.push(ExternalId::new("grant_number", &g, "self"));
    }
    for (j, x) in p.identifiers.iter().enumerate() {
        ids.push(generic_id(cx, format_args!("identifiers[{j}]"), x));
    }
    // The URL is a web page about the funding, not its identifier: no `self` id is made of it.
    if ids.is_empty() {
        cx.error(
            "grant-number",
            "ORCID needs an identifier for a funding (API error 9023): add `grant-number:`, or `identifiers:` (e.g. {scheme: uri, value: <a URL that identifies it>})",
        );
    }
    let contributors = p
        .investigators
        .iter()
        .enumerate()
        .map(|(j, c)| {
            contributor(
                cx,
                format_args!("investigators[{j}]"),
                c,
                funding_role(c.role),
                None,
            )
        })
        .collect();
    doc::Funding {
        meta: meta(p.visibility, p.put_code),
        summary: false,
        funding_type: funding_type(p.funding_type).to_owned(),
        organization_defined_type: cx.opt_text(
            "programme",
            p.programme.as_deref(),
            ORG_DEFINED_TYPE_MAX,
        ),
        title: doc::Title {
            title: cx.text("title", &p.title, TITLE_MAX),
            subtitle: None,
            translated: translated(cx, "translated-title", &p.translated_title),
        },
        short_description: cx.soft_text(
            "description",
            p.description.as_deref(),
            SHORT_DESCRIPTION_MAX,
        ),
        amount: p
            .amount
            .as_ref()
            .map(|a| (a.value().to_owned(), a.currency().as_str().to_owned())),
        url: cx.url("url", p.url.as_ref()),
        start,
        end,
        external_ids: with_normalized(ids),
        contributors,
        organization: org,
    }
}

/// The person part of the record, with what `level` allows of the person: their emails and
/// address carry a visibility of their own (as [`Cv::visible`] has them; the test
/// `person_as_the_visible_view_has_it` holds the two together).
fn person(p: &crate::model::Person, level: Visibility, diags: &mut Vec<Diagnostic>) -> doc::Person {
    let allowed = |v: Visibility| v.allowed_by(level);
    let mut cx = Checker {
        path: Cow::Borrowed("person"),
        diags,
        failed: false,
    };
    let mut out = doc::Person {
        given_names: Some(cx.text("given-names", &p.given_names, CREDIT_NAME_MAX)),
        family_name: Some(cx.text("family-name", &p.family_name, CREDIT_NAME_MAX)),
        credit_name: cx.opt_text("credit-name", p.credit_name.as_deref(), CREDIT_NAME_MAX),
        name_visibility: Some("public".into()),
        ..doc::Person::default()
    };
    let ok = |cx: &mut Checker<'_>, field: String, s: String, max: usize| {
        let before = cx.failed;
        cx.failed = false;
        let t = cx.text(&field, &s, max);
        let good = !cx.failed;
        cx.failed = before || cx.failed;
        good.then_some(t)
    };
    for (j, v) in p.name_variants.iter().enumerate() {
        let s = v.written(&p.given_names);
        if let Some(t) = ok(&mut cx, format!("name-variants[{j}]"), s, PERSON_ENTRY_MAX) {
            out.other_names.push(Entry::new(t, Some("public".into())));
        }
    }
    if let Some(b) = &p.bio
        && let Some(t) = ok(&mut cx, "bio".into(), b.clone(), SHORT_DESCRIPTION_MAX)
    {
        out.biography = Some(Entry::new(t, Some("public".into())));
    }
    if let Some(h) = &p.homepage {
        out.researcher_urls.push(Entry::new(
            ResearcherUrl {
                name: Some("Homepage".into()),
                url: h.to_string(),
            },
            Some("public".into()),
        ));
    }
    for (j, l) in p.profiles.iter().enumerate() {
        // A local file (refused for a profile at load) has no address for ORCID.
        let Some(url) = l.url() else {
            continue;
        };
        let name = l.label.as_ref().and_then(|n| {
            ok(
                &mut cx,
                format!("profiles[{j}].label"),
                n.clone(),
                URL_NAME_MAX,
            )
        });
        out.researcher_urls.push(Entry::new(
            ResearcherUrl {
                name,
                url: url.to_string(),
            },
            Some("public".into()),
        ));
    }
    for e in p.emails.iter().filter(|e| allowed(e.visibility)) {
        out.emails.push(Entry::new(
            e.value.as_str().to_owned(),
            visibility(e.visibility),
        ));
    }
    if let Some(a) = p.address.as_ref().filter(|a| allowed(a.visibility)) {
        out.addresses.push(Entry::new(
            a.value.country.as_str().to_owned(),
            visibility(a.visibility),
        ));
    }
    for (j, k) in p.research_areas.iter().enumerate() {
        if let Some(t) = ok(
            &mut cx,
            format!("research-areas[{j}]"),
            k.to_string(),
            PERSON_ENTRY_MAX,
        ) {
            out.keywords.push(Entry::new(t, Some("public".into())));
        }
    }
    for (g, group) in p.skills.iter().enumerate() {
        for (j, k) in group.items.iter().enumerate() {
            if let Some(t) = ok(
                &mut cx,
                format!("skills[{g}].items[{j}]"),
                k.to_string(),
                PERSON_ENTRY_MAX,
            ) {
                out.keywords.push(Entry::new(t, Some("public".into())));
            }
        }
    }
    if let Some(i) = &p.isni {
        out.external_identifiers.push(Entry::new(
            ExternalId::new("ISNI", i.as_str(), "self").with_url(Some(i.url())),
            Some("public".into()),
        ));
    }
    for (j, x) in p.identifiers.iter().enumerate() {
        let t = ok(
            &mut cx,
            format!("identifiers[{j}].scheme"),
            x.scheme.to_string(),
            255,
        );
        let v = ok(
            &mut cx,
            format!("identifiers[{j}].value"),
            x.value.to_string(),
            2084,
        );
        if let (Some(t), Some(v)) = (t, v) {
            out.external_identifiers.push(Entry::new(
                ExternalId::new(&t, &v, x.relationship.as_str())
                    .with_url(x.url.as_ref().map(ToString::to_string)),
                Some("public".into()),
            ));
        }
    }
    out
}

/// A talk or lecture that names no speaker was given by the CV's person: the work with the
/// person as its author (credit name, ORCID iD), so that ORCID and the citation name them.
fn speaker(w: &Work, p: &crate::model::Person) -> Option<Work> {
    if !w.kind.is_presentation() || !w.authors.is_empty() {
        return None;
    }
    let name = p.credit_name.clone().unwrap_or_else(|| p.full_name());
    let mut c: Contributor = name.parse().ok()?;
    c.orcid = p.orcid.clone();
    c.me = Some(true);
    let mut w = w.clone();
    w.authors.push(c);
    Some(w)
}

/// The (type, normalised value) of each self id, the ids normalised already.
fn self_keys(ids: &[ExternalId]) -> impl Iterator<Item = (&str, &str)> {
    ids.iter().filter(|i| i.relationship() == "self").map(|i| {
        (
            i.id_type.as_str(),
            i.normalized.as_deref().unwrap_or_default(),
        )
    })
}

/// Maps a completed CV (every item has an id) at a visibility level.
pub(crate) fn map(cv: &Cv, level: Visibility) -> Mapped {
    let mut diags = Vec::new();
    let mut items: Vec<OrcidItem> = Vec::with_capacity(
        AffiliationSection::ALL
            .into_iter()
            .map(|s| cv.affiliations(s).len())
            .sum::<usize>()
            + cv.awards.len()
            + cv.projects.len()
            + cv.patents.iter().map(|f| f.members.len()).sum::<usize>()
            + cv.works.len(),
    );
    let visible = |v: Visibility| v.allowed_by(level);
    let push = |items: &mut Vec<OrcidItem>,
                diags: &mut Vec<Diagnostic>,
                section: Section,
                id: &Option<ItemId>,
                path: String,
                vis: Visibility,
                put_code: Option<u64>,
                build: &mut dyn FnMut(&mut Checker<'_>, &ItemId) -> doc::Item| {
        let mut cx = Checker {
            path: Cow::Borrowed(&path),
            diags,
            failed: false,
        };
        let Some(id) = id else {
            cx.error(
                "id",
                "the item has no id: call Cv::complete() before exporting",
            );
            return;
        };
        let doc = build(&mut cx, id);
        if !cx.failed {
            items.push(OrcidItem {
                section,
                id: id.clone(),
                path,
                put_code,
                visibility: vis,
                doc,
            });
        }
    };

    for section in AffiliationSection::ALL {
        let s = Section::from_affiliation(section);
        for (i, a) in cv.affiliations(section).iter().enumerate() {
            if !visible(a.visibility) {
                continue;
            }
            push(
                &mut items,
                &mut diags,
                s,
                &a.id,
                format!("{}[{i}]", section.key()),
                a.visibility,
                a.put_code,
                &mut |cx, _| doc::Item::Affiliation(affiliation(cx, s, a)),
            );
        }
    }
    for (i, a) in cv.awards.iter().enumerate() {
        if !visible(a.visibility) {
            continue;
        }
        push(
            &mut items,
            &mut diags,
            Section::Distinction,
            &a.id,
            format!("awards[{i}]"),
            a.visibility,
            a.put_code,
            &mut |cx, _| doc::Item::Affiliation(award(cx, a)),
        );
    }
    for (i, p) in cv.projects.iter().enumerate() {
        if !visible(p.visibility) {
            continue;
        }
        push(
            &mut items,
            &mut diags,
            Section::Funding,
            &p.id,
            format!("projects[{i}]"),
            p.visibility,
            p.put_code,
            &mut |cx, _| doc::Item::Funding(funding(cx, p)),
        );
    }
    let projects: HashMap<&str, &Project> = cv
        .projects
        .iter()
        .filter(|p| visible(p.visibility))
        .filter_map(|p| p.id.as_ref().map(|id| (id.as_str(), p)))
        .collect();
    let first_work = items.len();
    for (i, w) in cv.works.iter().enumerate() {
        if !visible(w.visibility) {
            continue;
        }
        push(
            &mut items,
            &mut diags,
            Section::Work,
            &w.id,
            format!("works[{i}]"),
            w.visibility,
            w.put_code,
            &mut |cx, id| match speaker(w, &cv.person) {
                Some(w) => doc::Item::Work(work(cx, &w, id, &projects)),
                None => doc::Item::Work(work(cx, w, id, &projects)),
            },
        );
    }
    for (i, f) in cv.patents.iter().enumerate() {
        if !visible(f.visibility) {
            continue;
        }
        let family_start = items.len();
        for (j, m) in f.members.iter().enumerate() {
            push(
                &mut items,
                &mut diags,
                Section::Work,
                &m.id,
                format!("patents[{i}].members[{j}]"),
                f.visibility,
                m.put_code,
                &mut |cx, id| {
                    cx.path = Cow::Owned(format!("patents[{i}]"));
                    doc::Item::Work(patent_member(cx, f, m, j, id))
                },
            );
        }
        // Each filing names the family's other filings as versions of itself, so that ORCID
        // groups them as one invention.
        let pats: Vec<ExternalId> = items[family_start..]
            .iter()
            .flat_map(|it| it.doc.external_ids().iter().filter(|x| x.id_type == "pat"))
            .map(|x| ExternalId::new("pat", &x.value, "version-of"))
            .collect();
        for it in &mut items[family_start..] {
            if let doc::Item::Work(w) = &mut it.doc {
                let own: Vec<String> = w.external_ids.iter().map(|x| x.value.clone()).collect();
                for p in &pats {
                    if !own.contains(&p.value) {
                        w.external_ids.push(p.clone());
                    }
                }
            }
        }
    }
    for (i, r) in cv.peer_reviews.iter().enumerate() {
        if !visible(r.visibility) {
            continue;
        }
        push(
            &mut items,
            &mut diags,
            Section::PeerReview,
            &r.id,
            format!("peer-reviews[{i}]"),
            r.visibility,
            r.put_code,
            &mut |cx, _| doc::Item::PeerReview(Box::new(peer_review(cx, r))),
        );
    }
    for (i, r) in cv.research_resources.iter().enumerate() {
        if !visible(r.visibility) {
            continue;
        }
        push(
            &mut items,
            &mut diags,
            Section::ResearchResource,
            &r.id,
            format!("research-resources[{i}]"),
            r.visibility,
            r.put_code,
            &mut |cx, _| doc::Item::ResearchResource(research_resource(cx, r)),
        );
    }

    // version-of between works of the CV: each names the other's self ids.
    let linked = |w: &&Work| visible(w.visibility) && w.version_of.is_some();
    let links: Vec<(usize, usize)> = if cv.works.iter().any(|w| linked(&w)) {
        let index: HashMap<&str, usize> = items
            .iter()
            .enumerate()
            .skip(first_work)
            .filter(|(_, it)| it.path.starts_with("works["))
            .map(|(k, it)| (it.id.as_str(), k))
            .collect();
        cv.works
            .iter()
            .filter(linked)
            .filter_map(|w| {
                let (a, b) = (w.id.as_ref()?, w.version_of.as_ref()?);
                Some((*index.get(a.as_str())?, *index.get(b.as_str())?))
            })
            .collect()
    } else {
        Vec::new()
    };
    for (ka, kb) in links {
        for (from, to) in [(ka, kb), (kb, ka)] {
            let partner: Vec<ExternalId> = items[to]
                .doc
                .external_ids()
                .iter()
                .filter(|x| x.relationship() == "self")
                .map(|x| ExternalId::new(&x.id_type, &x.value, "version-of"))
                .collect();
            if let doc::Item::Work(w) = &mut items[from].doc {
                for p in partner {
                    let dup = w.external_ids.iter().any(|x| {
                        x.id_type == p.id_type
                            && x.value == p.value
                            && x.relationship == p.relationship
                    });
                    if !dup {
                        w.external_ids.push(p);
                    }
                }
            }
        }
    }
    // Every work's ids normalised once, here: the check below compares the normalised values.
    for it in &mut items {
        if let doc::Item::Work(w) = &mut it.doc {
            normalize_all(&mut w.external_ids);
        }
    }

    // ORCID refuses a second work with the same self id (error 9021).
    let mut dropped = vec![false; items.len()];
    let mut seen: HashMap<(&str, &str), &str> = HashMap::with_capacity(items.len() - first_work);
    for (k, it) in items.iter().enumerate() {
        if it.section != Section::Work {
            continue;
        }
        for key in self_keys(it.doc.external_ids()) {
            match seen.get(&key) {
                Some(first) if *first != it.path => {
                    diags.push(Diagnostic::error(
                        it.path.clone(),
                        format!(
                            "the {} {:?} also identifies {first}: ORCID refuses two works with the same self identifier (API error 9021); remove it from one, or link the two with `version-of`",
                            key.0, key.1
                        ),
                    ).with_code(Code::Duplicate));
                    dropped[k] = true;
                }
                Some(_) => {}
                None => {
                    seen.insert(key, &it.path);
                }
            }
        }
    }
    drop(seen);
    if dropped.contains(&true) {
        let mut k = 0;
        items.retain(|_| {
            k += 1;
            !dropped[k - 1]
        });
    }

    let person = person(&cv.person, level, &mut diags);
    Mapped {
        items,
        orcid: cv.person.orcid.as_ref().map(|o| o.as_str().to_owned()),
        person,
        diagnostics: diags,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_credit_name_has_its_titles_once() {
        let c = |json: &str| -> crate::model::Contributor { serde_json::from_str(json).unwrap() };
        assert_eq!(
            super::credit_name(&c(r#""Prof. Dr. Klaus-Robert Müller""#)),
            "Prof. Dr. Klaus-Robert Müller"
        );
        assert_eq!(
            super::credit_name(&c(
                r#"{"name": "Dr. John Roe", "prefix": "Dr.", "given": "John", "family": "Roe"}"#
            )),
            "Dr. John Roe"
        );
        assert_eq!(
            super::credit_name(&c(r#"{"name": "周静", "family": "周", "given": "静"}"#)),
            "周静"
        );
    }

    use super::*;
    use crate::orcid::OrcidXml;

    fn fixture() -> Cv {
        crate::orcid::fixture_cv()
    }

    #[test]
    fn person_as_the_visible_view_has_it() {
        let cv = fixture();
        for level in [Visibility::Public, Visibility::Limited, Visibility::Private] {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            let direct = person(&cv.person, level, &mut a);
            let viewed = person(&cv.visible(level).person, Visibility::Private, &mut b);
            assert_eq!(direct, viewed, "{level:?}");
            assert_eq!(a, b, "{level:?}");
        }
        let public = person(&cv.person, Visibility::Public, &mut Vec::new());
        let private = person(&cv.person, Visibility::Private, &mut Vec::new());
        assert!(public.emails.len() < private.emails.len());
        assert!(public.addresses.len() < private.addresses.len());
    }

    #[test]
    fn a_cv_without_ids_gets_them_as_complete_gives_them() {
        let cv = fixture();
        let mut bare = cv.clone();
        // Ids derived when the CV was read (the fixture gives one itself).
        for w in &mut bare.works {
            if w.id
                .as_ref()
                .is_some_and(|i| i.as_str() != "preprint-clever-hans")
            {
                w.id = None;
            }
        }
        bare.employment[0].id = None;
        assert!(!crate::ids::has_all_ids(&bare) && crate::ids::has_all_ids(&cv));
        for put_codes in [true, false] {
            let x = OrcidXml::new().with_put_codes(put_codes);
            let (a, b) = (x.export(&cv), x.export(&bare));
            assert_eq!(a.items, b.items);
            assert_eq!(a.person, b.person);
            assert_eq!(a.diagnostics, b.diagnostics);
            assert_eq!(a.files().unwrap(), b.files().unwrap());
        }
    }
}
