//! ORCID documents → XML, element by element in the order the XSDs demand.

use super::Section;
use super::doc::{
    Affiliation, Contributor, Document, Entry, ExternalId, Funding, Item, Meta, Organization,
    PeerReview, Person, ResearchResource, Title, Work,
};
use super::xml::{WriteError, Writer};
use crate::types::PartialDate;

/// Namespace URIs by prefix.
pub(crate) const NAMESPACES: &[(&str, &str)] = &[
    ("activities", "http://www.orcid.org/ns/activities"),
    ("address", "http://www.orcid.org/ns/address"),
    ("bulk", "http://www.orcid.org/ns/bulk"),
    ("common", "http://www.orcid.org/ns/common"),
    ("distinction", "http://www.orcid.org/ns/distinction"),
    ("education", "http://www.orcid.org/ns/education"),
    ("email", "http://www.orcid.org/ns/email"),
    ("employment", "http://www.orcid.org/ns/employment"),
    ("error", "http://www.orcid.org/ns/error"),
    (
        "external-identifier",
        "http://www.orcid.org/ns/external-identifier",
    ),
    ("funding", "http://www.orcid.org/ns/funding"),
    ("history", "http://www.orcid.org/ns/history"),
    (
        "invited-position",
        "http://www.orcid.org/ns/invited-position",
    ),
    ("keyword", "http://www.orcid.org/ns/keyword"),
    ("membership", "http://www.orcid.org/ns/membership"),
    ("other-name", "http://www.orcid.org/ns/other-name"),
    ("peer-review", "http://www.orcid.org/ns/peer-review"),
    ("person", "http://www.orcid.org/ns/person"),
    (
        "personal-details",
        "http://www.orcid.org/ns/personal-details",
    ),
    ("preferences", "http://www.orcid.org/ns/preferences"),
    ("qualification", "http://www.orcid.org/ns/qualification"),
    ("record", "http://www.orcid.org/ns/record"),
    (
        "research-resource",
        "http://www.orcid.org/ns/research-resource",
    ),
    ("researcher-url", "http://www.orcid.org/ns/researcher-url"),
    ("service", "http://www.orcid.org/ns/service"),
    ("work", "http://www.orcid.org/ns/work"),
];

/// The namespace URI of a prefix.
pub(crate) fn ns(prefix: &str) -> &'static str {
    NAMESPACES
        .iter()
        .find(|(p, _)| *p == prefix)
        .map_or("", |(_, u)| u)
}

/// ` xmlns:p="…"` for each prefix.
fn xmlns(w: &mut Writer, prefixes: &[&str]) {
    for p in prefixes {
        w.xmlns(p, ns(p));
    }
}

/// Whether to write the put-code.
#[derive(Clone, Copy)]
pub(crate) struct WithPutCode(pub bool);

/// `n` with leading zeros to `width` digits (`{n:0width$}`, `width` at most 20).
fn zero_padded(n: u64, width: usize, buf: &mut [u8; 20]) -> &str {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(n).as_bytes();
    let zeros = width.min(20).saturating_sub(digits.len());
    buf[..zeros].fill(b'0');
    buf[zeros..zeros + digits.len()].copy_from_slice(digits);
    std::str::from_utf8(&buf[..zeros + digits.len()]).unwrap_or_default()
}

/// The `put-code` and `visibility` attributes of an item's start tag.
fn item_attrs(
    w: &mut Writer,
    name: &str,
    meta: &Meta,
    put: WithPutCode,
    put_code_override: Option<u64>,
) -> Result<(), WriteError> {
    let pc = put_code_override.or(if put.0 { meta.put_code } else { None });
    if let Some(pc) = pc {
        w.attr(name, "put-code", itoa::Buffer::new().format(pc))?;
    }
    if let Some(v) = &meta.visibility {
        w.attr(name, "visibility", v)?;
    }
    Ok(())
}

/// `<name put-code=… visibility=…>` of a person entry.
fn start_entry<T>(w: &mut Writer, name: &'static str, e: &Entry<T>) -> Result<(), WriteError> {
    w.begin(name);
    item_attrs(w, name, &e.meta, WithPutCode(true), None)?;
    w.open(name);
    Ok(())
}

fn date(w: &mut Writer, name: &'static str, d: Option<&PartialDate>) -> Result<(), WriteError> {
    let Some(d) = d else { return Ok(()) };
    let mut buf = [0; 20];
    w.start(name, &[])?;
    w.leaf(
        "common:year",
        &[],
        zero_padded(u64::from(d.year()), 4, &mut buf),
    )?;
    if let Some(m) = d.month() {
        w.leaf("common:month", &[], zero_padded(u64::from(m), 2, &mut buf))?;
    }
    if let Some(day) = d.day() {
        w.leaf("common:day", &[], zero_padded(u64::from(day), 2, &mut buf))?;
    }
    w.end();
    Ok(())
}

fn external_ids(w: &mut Writer, ids: &[ExternalId], always: bool) -> Result<(), WriteError> {
    if ids.is_empty() {
        if always {
            w.leaf("common:external-ids", &[], "")?;
        }
        return Ok(());
    }
    ids_in(w, "common:external-ids", ids)
}

/// `ids` as `common:external-id` children of a `name` element (always written).
fn ids_in(w: &mut Writer, name: &'static str, ids: &[ExternalId]) -> Result<(), WriteError> {
    if ids.is_empty() {
        return w.leaf(name, &[], "");
    }
    w.start(name, &[])?;
    for id in ids {
        w.start("common:external-id", &[])?;
        external_id_fields(w, id)?;
        w.end();
    }
    w.end();
    Ok(())
}

/// The type, value, URL and relationship of an external id.
fn external_id_fields(w: &mut Writer, id: &ExternalId) -> Result<(), WriteError> {
    w.leaf("common:external-id-type", &[], &id.id_type)?;
    w.leaf("common:external-id-value", &[], &id.value)?;
    w.opt("common:external-id-url", id.url.as_deref())?;
    w.opt(
        "common:external-id-relationship",
        id.relationship.as_deref(),
    )
}

fn organization(w: &mut Writer, o: &Organization) -> Result<(), WriteError> {
    organization_as(w, "common:organization", o)
}

/// An organization in an element of its own name (`peer-review:convening-organization`).
fn organization_as(w: &mut Writer, name: &'static str, o: &Organization) -> Result<(), WriteError> {
    w.start(name, &[])?;
    w.leaf("common:name", &[], &o.name)?;
    w.start("common:address", &[])?;
    w.opt("common:city", o.city.as_deref())?;
    w.opt("common:region", o.region.as_deref())?;
    w.opt("common:country", o.country.as_deref())?;
    w.end();
    if let Some((id, source)) = &o.disambiguated {
        w.start("common:disambiguated-organization", &[])?;
        w.leaf("common:disambiguated-organization-identifier", &[], id)?;
        w.leaf("common:disambiguation-source", &[], source)?;
        w.end();
    }
    w.end();
    Ok(())
}

fn title(w: &mut Writer, name: &'static str, t: &Title, subtitle: bool) -> Result<(), WriteError> {
    w.start(name, &[])?;
    w.leaf("common:title", &[], &t.title)?;
    if subtitle {
        w.opt("common:subtitle", t.subtitle.as_deref())?;
    }
    if let Some((text, lang)) = &t.translated {
        w.leaf("common:translated-title", &[("language-code", lang)], text)?;
    }
    w.end();
    Ok(())
}

fn orcid_id(w: &mut Writer, name: &'static str, id: &str) -> Result<(), WriteError> {
    w.start(name, &[])?;
    w.leaf("common:uri", &[], &format!("https://orcid.org/{id}"))?;
    w.leaf("common:path", &[], id)?;
    w.leaf("common:host", &[], "orcid.org")?;
    w.end();
    Ok(())
}

/// The element names of a contributor list, in the namespace of works or of fundings.
struct ContributorNames {
    list: &'static str,
    one: &'static str,
    credit_name: &'static str,
    email: &'static str,
    attributes: &'static str,
    sequence: &'static str,
    role: &'static str,
}

const WORK_CONTRIBUTORS: ContributorNames = ContributorNames {
    list: "work:contributors",
    one: "work:contributor",
    credit_name: "work:credit-name",
    email: "work:contributor-email",
    attributes: "work:contributor-attributes",
    sequence: "work:contributor-sequence",
    role: "work:contributor-role",
};

const FUNDING_CONTRIBUTORS: ContributorNames = ContributorNames {
    list: "funding:contributors",
    one: "funding:contributor",
    credit_name: "funding:credit-name",
    email: "funding:contributor-email",
    attributes: "funding:contributor-attributes",
    sequence: "funding:contributor-sequence",
    role: "funding:contributor-role",
};

fn contributors(
    w: &mut Writer,
    names: &ContributorNames,
    list: &[Contributor],
    with_sequence: bool,
) -> Result<(), WriteError> {
    if list.is_empty() {
        return Ok(());
    }
    w.start(names.list, &[])?;
    for c in list {
        w.start(names.one, &[])?;
        if let Some(id) = &c.orcid {
            orcid_id(w, "common:contributor-orcid", id)?;
        }
        w.opt(names.credit_name, c.credit_name.as_deref())?;
        w.opt(names.email, c.email.as_deref())?;
        let seq = if with_sequence {
            c.sequence.as_deref()
        } else {
            None
        };
        if seq.is_some() || c.role.is_some() {
            w.start(names.attributes, &[])?;
            w.opt(names.sequence, seq)?;
            w.opt(names.role, c.role.as_deref())?;
            w.end();
        }
        w.end();
    }
    w.end();
    Ok(())
}

fn work_body(w: &mut Writer, x: &Work) -> Result<(), WriteError> {
    title(w, "work:title", &x.title, true)?;
    w.opt("work:journal-title", x.journal_title.as_deref())?;
    w.opt("work:short-description", x.short_description.as_deref())?;
    if let Some((t, v)) = &x.citation {
        w.start("work:citation", &[])?;
        w.leaf("work:citation-type", &[], t)?;
        w.leaf("work:citation-value", &[], v)?;
        w.end();
    }
    w.leaf("work:type", &[], &x.work_type)?;
    date(w, "common:publication-date", x.publication_date.as_ref())?;
    external_ids(w, &x.external_ids, false)?;
    w.opt("common:url", x.url.as_deref())?;
    contributors(w, &WORK_CONTRIBUTORS, &x.contributors, true)?;
    w.opt("common:language-code", x.language_code.as_deref())?;
    if let Some((c, vis)) = &x.country {
        match vis {
            Some(v) => w.leaf("common:country", &[("visibility", v)], c)?,
            None => w.leaf("common:country", &[], c)?,
        }
    }
    Ok(())
}

fn work_summary_body(w: &mut Writer, x: &Work) -> Result<(), WriteError> {
    title(w, "work:title", &x.title, true)?;
    external_ids(w, &x.external_ids, false)?;
    w.opt("common:url", x.url.as_deref())?;
    w.leaf("work:type", &[], &x.work_type)?;
    date(w, "common:publication-date", x.publication_date.as_ref())?;
    w.opt("work:journal-title", x.journal_title.as_deref())
}

fn affiliation_body(w: &mut Writer, a: &Affiliation) -> Result<(), WriteError> {
    w.opt("common:department-name", a.department.as_deref())?;
    w.opt("common:role-title", a.role_title.as_deref())?;
    date(w, "common:start-date", a.start.as_ref())?;
    date(w, "common:end-date", a.end.as_ref())?;
    if let Some(o) = &a.organization {
        organization(w, o)?;
    }
    w.opt("common:url", a.url.as_deref())?;
    external_ids(w, &a.external_ids, false)
}

fn funding_body(w: &mut Writer, f: &Funding) -> Result<(), WriteError> {
    w.leaf("funding:type", &[], &f.funding_type)?;
    w.opt(
        "funding:organization-defined-type",
        f.organization_defined_type.as_deref(),
    )?;
    title(w, "funding:title", &f.title, false)?;
    w.opt("funding:short-description", f.short_description.as_deref())?;
    if let Some((value, currency)) = &f.amount {
        w.leaf("funding:amount", &[("currency-code", currency)], value)?;
    }
    w.opt("common:url", f.url.as_deref())?;
    date(w, "common:start-date", f.start.as_ref())?;
    date(w, "common:end-date", f.end.as_ref())?;
    external_ids(w, &f.external_ids, false)?;
    contributors(w, &FUNDING_CONTRIBUTORS, &f.contributors, false)?;
    organization(w, &f.organization)
}

fn funding_summary_body(w: &mut Writer, f: &Funding) -> Result<(), WriteError> {
    title(w, "funding:title", &f.title, false)?;
    external_ids(w, &f.external_ids, false)?;
    w.opt("common:url", f.url.as_deref())?;
    w.leaf("funding:type", &[], &f.funding_type)?;
    date(w, "common:start-date", f.start.as_ref())?;
    date(w, "common:end-date", f.end.as_ref())?;
    organization(w, &f.organization)
}

fn peer_review_body(w: &mut Writer, r: &PeerReview, summary: bool) -> Result<(), WriteError> {
    w.leaf("peer-review:reviewer-role", &[], &r.role)?;
    if summary {
        external_ids(w, &r.external_ids, true)?;
    } else {
        ids_in(w, "peer-review:review-identifiers", &r.external_ids)?;
    }
    w.opt("peer-review:review-url", r.url.as_deref())?;
    w.leaf("peer-review:review-type", &[], &r.review_type)?;
    let completion = if summary {
        "peer-review:completion-date"
    } else {
        "peer-review:review-completion-date"
    };
    date(w, completion, r.completion.as_ref())?;
    w.leaf("peer-review:review-group-id", &[], &r.group_id)?;
    if !summary {
        if let Some(id) = &r.subject_id {
            w.start("peer-review:subject-external-identifier", &[])?;
            external_id_fields(w, id)?;
            w.end();
        }
        w.opt(
            "peer-review:subject-container-name",
            r.subject_container.as_deref(),
        )?;
        w.opt("peer-review:subject-type", r.subject_type.as_deref())?;
        if let Some(t) = &r.subject_name {
            title(w, "peer-review:subject-name", t, false)?;
        }
        w.opt("peer-review:subject-url", r.subject_url.as_deref())?;
    }
    organization_as(w, "peer-review:convening-organization", &r.organization)
}

fn hosts(w: &mut Writer, list: &[Organization]) -> Result<(), WriteError> {
    w.start("research-resource:hosts", &[])?;
    for o in list {
        organization(w, o)?;
    }
    w.end();
    Ok(())
}

fn research_resource_body(
    w: &mut Writer,
    r: &ResearchResource,
    summary: bool,
) -> Result<(), WriteError> {
    w.start("research-resource:proposal", &[])?;
    title(w, "research-resource:title", &r.title, false)?;
    hosts(w, &r.hosts)?;
    external_ids(w, &r.external_ids, true)?;
    date(w, "common:start-date", r.start.as_ref())?;
    date(w, "common:end-date", r.end.as_ref())?;
    w.opt("common:url", r.url.as_deref())?;
    w.end();
    if summary {
        return Ok(());
    }
    w.start("research-resource:resource-items", &[])?;
    for x in &r.items {
        w.start("research-resource:resource-item", &[])?;
        w.leaf("research-resource:resource-name", &[], &x.name)?;
        w.leaf("research-resource:resource-type", &[], &x.resource_type)?;
        hosts(w, &x.hosts)?;
        external_ids(w, &x.external_ids, true)?;
        w.opt("common:url", x.url.as_deref())?;
        w.end();
    }
    w.end();
    Ok(())
}

/// The element name of an item: `work:work`, `employment:employment-summary`, ...
fn element_name(section: Section, summary: bool) -> &'static str {
    match (section, summary) {
        (Section::Work, false) => "work:work",
        (Section::Work, true) => "work:work-summary",
        (Section::Employment, false) => "employment:employment",
        (Section::Employment, true) => "employment:employment-summary",
        (Section::Education, false) => "education:education",
        (Section::Education, true) => "education:education-summary",
        (Section::Qualification, false) => "qualification:qualification",
        (Section::Qualification, true) => "qualification:qualification-summary",
        (Section::InvitedPosition, false) => "invited-position:invited-position",
        (Section::InvitedPosition, true) => "invited-position:invited-position-summary",
        (Section::Distinction, false) => "distinction:distinction",
        (Section::Distinction, true) => "distinction:distinction-summary",
        (Section::Membership, false) => "membership:membership",
        (Section::Membership, true) => "membership:membership-summary",
        (Section::Service, false) => "service:service",
        (Section::Service, true) => "service:service-summary",
        (Section::Funding, false) => "funding:funding",
        (Section::Funding, true) => "funding:funding-summary",
        (Section::PeerReview, false) => "peer-review:peer-review",
        (Section::PeerReview, true) => "peer-review:peer-review-summary",
        (Section::ResearchResource, false) => "research-resource:research-resource",
        (Section::ResearchResource, true) => "research-resource:research-resource-summary",
    }
}

/// The element of a section's summaries in a record: `activities:works`, ...
fn activities_element(section: Section) -> &'static str {
    match section {
        Section::Work => "activities:works",
        Section::Employment => "activities:employments",
        Section::Education => "activities:educations",
        Section::Qualification => "activities:qualifications",
        Section::InvitedPosition => "activities:invited-positions",
        Section::Distinction => "activities:distinctions",
        Section::Membership => "activities:memberships",
        Section::Service => "activities:services",
        Section::Funding => "activities:fundings",
        Section::PeerReview => "activities:peer-reviews",
        Section::ResearchResource => "activities:research-resources",
    }
}

fn item_into(
    w: &mut Writer,
    item: &Item,
    put: WithPutCode,
    put_code: Option<u64>,
    root_ns: Option<&[&str]>,
    summary: bool,
) -> Result<(), WriteError> {
    let name = element_name(item.section(), summary);
    w.begin(name);
    if let Some(prefixes) = root_ns {
        xmlns(w, prefixes);
    }
    item_attrs(w, name, item.meta(), put, put_code)?;
    w.open(name);
    match (item, summary) {
        (Item::Work(x), false) => work_body(w, x)?,
        (Item::Work(x), true) => work_summary_body(w, x)?,
        (Item::Affiliation(a), _) => affiliation_body(w, a)?,
        (Item::Funding(f), false) => funding_body(w, f)?,
        (Item::Funding(f), true) => funding_summary_body(w, f)?,
        (Item::PeerReview(r), _) => peer_review_body(w, r, summary)?,
        (Item::ResearchResource(r), _) => research_resource_body(w, r, summary)?,
    }
    w.end();
    Ok(())
}

/// One item as its own document (`work:work`, `employment:employment`, ...).
pub(crate) fn item_document(
    item: &Item,
    put: WithPutCode,
    put_code: Option<u64>,
) -> Result<String, WriteError> {
    let section = item.section().path_segment();
    Writer::document(|w| item_into(w, item, put, put_code, Some(&["common", section]), false))
}

/// A `bulk:bulk` document of works (no put-codes: it is a POST body).
pub(crate) fn bulk_document(works: &[&Item]) -> Result<String, WriteError> {
    Writer::document(|w| {
        w.begin("bulk:bulk");
        xmlns(w, &["bulk", "common", "work"]);
        w.open("bulk:bulk");
        for item in works {
            item_into(w, item, WithPutCode(false), None, None, false)?;
        }
        Ok(())
    })
}

fn person(w: &mut Writer, p: &Person) -> Result<(), WriteError> {
    w.start("person:person", &[])?;
    if p.given_names.is_some() || p.family_name.is_some() || p.credit_name.is_some() {
        let vis = p.name_visibility.as_deref().unwrap_or("public");
        w.start("person:name", &[("visibility", vis)])?;
        w.opt("personal-details:given-names", p.given_names.as_deref())?;
        w.opt("personal-details:family-name", p.family_name.as_deref())?;
        w.opt("personal-details:credit-name", p.credit_name.as_deref())?;
        w.end();
    }
    if !p.other_names.is_empty() {
        w.start("other-name:other-names", &[])?;
        for e in &p.other_names {
            start_entry(w, "other-name:other-name", e)?;
            w.leaf("other-name:content", &[], &e.value)?;
            w.end();
        }
        w.end();
    }
    if let Some(b) = &p.biography {
        start_entry(w, "person:biography", b)?;
        w.leaf("personal-details:content", &[], &b.value)?;
        w.end();
    }
    if !p.researcher_urls.is_empty() {
        w.start("researcher-url:researcher-urls", &[])?;
        for e in &p.researcher_urls {
            start_entry(w, "researcher-url:researcher-url", e)?;
            w.opt("researcher-url:url-name", e.value.name.as_deref())?;
            w.leaf("researcher-url:url", &[], &e.value.url)?;
            w.end();
        }
        w.end();
    }
    if p.emails.is_empty() {
        w.leaf("email:emails", &[], "")?;
    } else {
        w.start("email:emails", &[])?;
        for e in &p.emails {
            start_entry(w, "email:email", e)?;
            w.leaf("email:email", &[], &e.value)?;
            w.end();
        }
        w.end();
    }
    if !p.addresses.is_empty() {
        w.start("address:addresses", &[])?;
        for e in &p.addresses {
            start_entry(w, "address:address", e)?;
            w.leaf("address:country", &[], &e.value)?;
            w.end();
        }
        w.end();
    }
    if !p.keywords.is_empty() {
        w.start("keyword:keywords", &[])?;
        for e in &p.keywords {
            start_entry(w, "keyword:keyword", e)?;
            w.leaf("keyword:content", &[], &e.value)?;
            w.end();
        }
        w.end();
    }
    if !p.external_identifiers.is_empty() {
        w.start("external-identifier:external-identifiers", &[])?;
        for e in &p.external_identifiers {
            start_entry(w, "external-identifier:external-identifier", e)?;
            w.leaf("common:external-id-type", &[], &e.value.id_type)?;
            w.leaf("common:external-id-value", &[], &e.value.value)?;
            w.opt("common:external-id-url", e.value.url.as_deref())?;
            w.opt(
                "common:external-id-relationship",
                e.value.relationship.as_deref(),
            )?;
            w.end();
        }
        w.end();
    }
    w.end();
    Ok(())
}

/// The activity sections of a record, in the order `activities-summary` wants them.
const RECORD_ORDER: [Section; 11] = [
    Section::Distinction,
    Section::Education,
    Section::Employment,
    Section::Funding,
    Section::InvitedPosition,
    Section::Membership,
    Section::PeerReview,
    Section::Qualification,
    Section::ResearchResource,
    Section::Service,
    Section::Work,
];

/// A `record:record` document with the person and every item as a summary.
pub(crate) fn record_document(
    orcid: Option<&str>,
    p: Option<&Person>,
    items: &[&Item],
) -> Result<String, WriteError> {
    Writer::document(|w| record_into(w, orcid, p, items))
}

fn record_into(
    w: &mut Writer,
    orcid: Option<&str>,
    p: Option<&Person>,
    items: &[&Item],
) -> Result<(), WriteError> {
    let prefixes: Vec<&str> = NAMESPACES
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| !["bulk", "error", "history", "preferences"].contains(p))
        .collect();
    w.begin("record:record");
    if let Some(id) = orcid {
        w.attr("record:record", "path", &format!("/{id}"))?;
    }
    xmlns(w, &prefixes);
    w.open("record:record");
    if let Some(id) = orcid {
        orcid_id(w, "common:orcid-identifier", id)?;
    }
    if let Some(p) = p {
        person(w, p)?;
    }
    w.start("activities:activities-summary", &[])?;
    for section in RECORD_ORDER {
        let of: Vec<&&Item> = items.iter().filter(|i| i.section() == section).collect();
        if of.is_empty() {
            continue;
        }
        w.start(activities_element(section), &[])?;
        for item in of {
            let group = match section {
                Section::Work
                | Section::Funding
                | Section::PeerReview
                | Section::ResearchResource => "activities:group",
                _ => "activities:affiliation-group",
            };
            w.start(group, &[])?;
            if let Item::PeerReview(r) = item {
                // Grouped by ORCID group id, then by review.
                let group_id = ExternalId::new("peer-review", &r.group_id, "self");
                external_ids(w, std::slice::from_ref(&group_id), true)?;
                w.start("activities:peer-review-group", &[])?;
                external_ids(w, &r.external_ids, true)?;
                item_into(w, item, WithPutCode(true), None, None, true)?;
                w.end();
                w.end();
                continue;
            }
            let ids: Vec<ExternalId> = match item {
                Item::Work(_) | Item::Funding(_) | Item::ResearchResource(_) => item
                    .external_ids()
                    .iter()
                    .filter(|i| i.relationship() == "self")
                    .cloned()
                    .collect(),
                Item::Affiliation(_) | Item::PeerReview(_) => Vec::new(),
            };
            external_ids(w, &ids, true)?;
            item_into(w, item, WithPutCode(true), None, None, true)?;
            w.end();
        }
        w.end();
    }
    w.end();
    Ok(())
}

/// Any document (used by tests and by round trips).
#[allow(dead_code)]
pub(crate) fn document(d: &Document) -> Result<String, WriteError> {
    match d {
        Document::Record {
            orcid,
            person,
            items,
        } => {
            let refs: Vec<&Item> = items.iter().collect();
            record_document(orcid.as_deref(), person.as_ref(), &refs)
        }
        Document::Item(i) => item_document(i, WithPutCode(true), None),
        Document::Bulk { works, .. } => {
            let items: Vec<Item> = works.iter().cloned().map(Item::Work).collect();
            let refs: Vec<&Item> = items.iter().collect();
            bulk_document(&refs)
        }
        Document::Person(_) | Document::Activities(_) => {
            let items: Vec<&Item> = match d {
                Document::Activities(items) => items.iter().collect(),
                _ => Vec::new(),
            };
            let p = match d {
                Document::Person(p) => Some(p),
                _ => None,
            };
            record_document(None, p, &items)
        }
    }
}
