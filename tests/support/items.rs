//! Hand-written ORCID items for the sync tests (single-item documents as the ORCID writer
//! makes them: no put-code, `visibility="public"`).

use vitae::sync::{LocalItem, Section};

pub const COMMON: &str = "http://www.orcid.org/ns/common";

fn ids_xml(ids: &[(&str, &str, &str)]) -> String {
    if ids.is_empty() {
        return String::new();
    }
    let mut s = String::from("<common:external-ids>");
    for (t, v, r) in ids {
        s.push_str(&format!(
            "<common:external-id><common:external-id-type>{t}</common:external-id-type>\
             <common:external-id-value>{v}</common:external-id-value>\
             <common:external-id-relationship>{r}</common:external-id-relationship></common:external-id>"
        ));
    }
    s.push_str("</common:external-ids>");
    s
}

/// A work document.
pub fn work_xml(title: &str, work_type: &str, date: &str, ids: &[(&str, &str, &str)]) -> String {
    let mut d = String::new();
    for (part, v) in ["year", "month", "day"].iter().zip(date.split('-')) {
        d.push_str(&format!("<common:{part}>{v}</common:{part}>"));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<work:work xmlns:common=\"{COMMON}\" \
         xmlns:work=\"http://www.orcid.org/ns/work\" visibility=\"public\">\
         <work:title><common:title>{title}</common:title></work:title>\
         <work:type>{work_type}</work:type>\
         <common:publication-date>{d}</common:publication-date>{}</work:work>\n",
        ids_xml(ids)
    )
}

/// A work item; without identifiers it gets `source-work-id` = its id, as the writer does.
pub fn work(
    id: &str,
    title: &str,
    work_type: &str,
    date: &str,
    ids: &[(&str, &str, &str)],
) -> LocalItem {
    let own = [("source-work-id", id, "self")];
    let ids = if ids.is_empty() { &own[..] } else { ids };
    LocalItem::from_xml(
        Section::Work,
        id.parse().expect("item id"),
        work_xml(title, work_type, date, ids),
    )
    .expect("test work")
}

fn org(name: &str, city: &str, country: &str, ror: &str) -> String {
    format!(
        "<common:organization><common:name>{name}</common:name><common:address>\
         <common:city>{city}</common:city><common:country>{country}</common:country></common:address>\
         <common:disambiguated-organization><common:disambiguated-organization-identifier>https://ror.org/{ror}</common:disambiguated-organization-identifier>\
         <common:disambiguation-source>ROR</common:disambiguation-source></common:disambiguated-organization></common:organization>"
    )
}

/// An affiliation document (employment, education, distinction, ...).
pub fn affiliation_xml(section: &str, role: &str, start: &str, org_name: &str) -> String {
    let mut d = String::new();
    for (part, v) in ["year", "month", "day"].iter().zip(start.split('-')) {
        d.push_str(&format!("<common:{part}>{v}</common:{part}>"));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{section}:{section} xmlns:common=\"{COMMON}\" \
         xmlns:{section}=\"http://www.orcid.org/ns/{section}\" visibility=\"public\">\
         <common:role-title>{role}</common:role-title><common:start-date>{d}</common:start-date>{}</{section}:{section}>\n",
        org(org_name, "Berlin", "DE", "02ex6cf31")
    )
}

pub fn affiliation(
    section: Section,
    id: &str,
    role: &str,
    start: &str,
    org_name: &str,
) -> LocalItem {
    LocalItem::from_xml(
        section,
        id.parse().expect("item id"),
        affiliation_xml(section.path_segment(), role, start, org_name),
    )
    .expect("test affiliation")
}

/// A funding item.
pub fn funding(id: &str, title: &str, grant: &str) -> LocalItem {
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<funding:funding xmlns:common=\"{COMMON}\" \
         xmlns:funding=\"http://www.orcid.org/ns/funding\" visibility=\"public\">\
         <funding:type>grant</funding:type><funding:title><common:title>{title}</common:title></funding:title>\
         <common:start-date><common:year>2020</common:year><common:month>04</common:month></common:start-date>\
         {}{}</funding:funding>\n",
        ids_xml(&[("grant_number", grant, "self")]),
        org("European Commission", "Brussels", "BE", "00k4n6c32")
    );
    LocalItem::from_xml(Section::Funding, id.parse().expect("item id"), xml).expect("test funding")
}

/// A small CV: five works, an employment, an education, a distinction and a funding.
pub fn small_cv() -> Vec<LocalItem> {
    vec![
        affiliation(
            Section::Employment,
            "2021-hhi-head",
            "Head of Explainable AI",
            "2021-01",
            "Fraunhofer Heinrich Hertz Institute",
        ),
        affiliation(
            Section::Education,
            "2018-tub-phd",
            "PhD in Machine Learning",
            "2012-10",
            "Technische Universität Berlin",
        ),
        affiliation(
            Section::Distinction,
            "2020-hugo-geiger",
            "Hugo-Geiger-Prize",
            "2020-07-21",
            "Bavarian Ministry of Economic Affairs",
        ),
        funding("itobos", "Intelligent Total Body Scanner", "965221"),
        work(
            "2015-pixel-wise",
            "On Pixel-Wise Explanations for Non-Linear Classifier Decisions by Layer-Wise Relevance Propagation",
            "journal-article",
            "2015-07-10",
            &[
                ("doi", "10.1371/journal.pone.0130140", "self"),
                ("issn", "1932-6203", "part-of"),
            ],
        ),
        work(
            "2019-unmasking",
            "Unmasking Clever Hans predictors and assessing what machines really learn",
            "journal-article",
            "2019-03-11",
            &[("doi", "10.1038/s41467-019-08987-4", "self")],
        ),
        work(
            "2022-beyond",
            "Beyond explaining: Opportunities and challenges of XAI-based model improvement",
            "preprint",
            "2022-03",
            &[("arxiv", "2203.08008v1", "self")],
        ),
        work(
            "2021-11-03-talk-xai",
            "Explaining deep neural networks",
            "lecture-speech",
            "2021-11-03",
            &[],
        ),
        work(
            "2016-lrp-toolbox",
            "The LRP Toolbox for Artificial Neural Networks",
            "journal-article",
            "2016",
            &[("doi", "10.5555/jmlr.v17.15-618", "self")],
        ),
    ]
}
