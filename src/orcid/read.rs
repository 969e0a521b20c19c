//! XML → ORCID documents ([`doc`](super::doc)), reporting every element it does not read.

use super::Section;
use super::doc::{
    Affiliation, Contributor, Document, Entry, ExternalId, Funding, Item, Meta, Organization,
    PeerReview, Person, ResearchResource, ResearcherUrl, ResourceItem, Source, Title, Work,
};
use super::loss::{Loss, LossKind};
use super::write::{NAMESPACES, ns};
use super::xml::{Element, XmlError, line_col, parse};
use crate::types::PartialDate;

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Not well-formed, refused (DOCTYPE, forbidden characters) or too large.
    #[error("{0}")]
    Xml(#[from] XmlError),
    /// Well-formed, but not a document vitae reads.
    #[error("line {line}, column {column}: {message}")]
    Unsupported {
        /// Line of the element.
        line: usize,
        /// Column of the element.
        column: usize,
        /// What it is and what vitae reads.
        message: String,
    },
}

struct Ctx {
    losses: Vec<Loss>,
}

fn prefix_of(uri: &str) -> &str {
    NAMESPACES
        .iter()
        .find(|(_, u)| *u == uri)
        .map_or("?", |(p, _)| p)
}

fn qname(e: &Element) -> String {
    if e.ns.is_empty() {
        e.name.clone()
    } else {
        format!("{}:{}", prefix_of(&e.ns), e.name)
    }
}

impl Ctx {
    fn line(&self, e: &Element) -> usize {
        e.line
    }

    fn loss(&mut self, kind: LossKind, at: &str, e: &Element, detail: impl Into<String>) {
        let line = Some(self.line(e));
        self.losses.push(Loss {
            kind,
            at: at.to_owned(),
            line,
            detail: detail.into(),
        });
    }

    /// Reports children that are not among `known` (prefix, local name) as unknown.
    fn only(&mut self, e: &Element, at: &str, known: &[(&str, &str)]) {
        for c in &e.children {
            let ok = known.iter().any(|(p, n)| c.is(ns(p), n));
            if !ok {
                let path = format!("{at}/{}", qname(c));
                self.loss(
                    LossKind::UnknownElement,
                    &path,
                    c,
                    format!("<{}> is not read", qname(c)),
                );
            }
        }
    }

    fn meta(&mut self, e: &Element, at: &str) -> Meta {
        let c = ns("common");
        let put_code = match e.attr("put-code") {
            Some(p) => match p.trim().parse::<u64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    self.loss(
                        LossKind::InvalidValue,
                        &format!("{at}/@put-code"),
                        e,
                        format!("put-code {p:?} is not a number"),
                    );
                    None
                }
            },
            None => None,
        };
        let source = e.child(c, "source").map(|s| {
            let path_of = |name: &str| {
                s.child(c, name).and_then(|x| {
                    x.child_value(c, "path").or_else(|| {
                        x.child_value(c, "uri")
                            .and_then(|u| u.rsplit('/').next().map(str::to_owned))
                    })
                })
            };
            Source {
                client_id: path_of("source-client-id"),
                orcid: path_of("source-orcid"),
                name: s.child_value(c, "source-name"),
            }
        });
        Meta {
            line: Some(self.line(e)),
            put_code,
            visibility: e.attr("visibility").map(|v| v.trim().to_owned()),
            path: e.attr("path").map(str::to_owned),
            display_index: e.attr("display-index").map(str::to_owned),
            created: e.child_value(c, "created-date"),
            last_modified: e.child_value(c, "last-modified-date"),
            source,
        }
    }

    fn date(&mut self, e: Option<&Element>, at: &str) -> Option<PartialDate> {
        let e = e?;
        let c = ns("common");
        self.only(
            e,
            at,
            &[("common", "year"), ("common", "month"), ("common", "day")],
        );
        let num = |name: &str| e.child_value(c, name);
        let (y, m, d) = (num("year"), num("month"), num("day"));
        let parsed = (|| {
            let year: u16 = y.as_deref()?.parse().ok()?;
            let month: Option<u8> = match &m {
                Some(m) => Some(m.parse().ok()?),
                None => None,
            };
            let day: Option<u8> = match &d {
                Some(d) => Some(d.parse().ok()?),
                None => None,
            };
            PartialDate::new(year, month, day).ok()
        })();
        if parsed.is_none() {
            self.loss(
                LossKind::InvalidValue,
                at,
                e,
                format!(
                    "not a real date: year {:?}, month {:?}, day {:?}",
                    y.unwrap_or_default(),
                    m.unwrap_or_default(),
                    d.unwrap_or_default()
                ),
            );
        }
        parsed
    }

    fn external_id(&mut self, e: &Element, at: &str) -> Option<ExternalId> {
        let c = ns("common");
        self.only(
            e,
            at,
            &[
                ("common", "created-date"),
                ("common", "last-modified-date"),
                ("common", "source"),
                ("common", "external-id-type"),
                ("common", "external-id-value"),
                ("common", "external-id-normalized"),
                ("common", "external-id-normalized-error"),
                ("common", "external-id-url"),
                ("common", "external-id-relationship"),
            ],
        );
        let id_type = e.child_value(c, "external-id-type");
        let value = e.child_value(c, "external-id-value");
        match (id_type, value) {
            (Some(id_type), Some(value)) => Some(ExternalId {
                id_type,
                value,
                normalized: e.child_value(c, "external-id-normalized"),
                url: e.child_value(c, "external-id-url"),
                relationship: e.child_value(c, "external-id-relationship"),
            }),
            _ => {
                self.loss(
                    LossKind::InvalidValue,
                    at,
                    e,
                    "an external id without type or value",
                );
                None
            }
        }
    }

    fn external_ids(&mut self, parent: &Element, at: &str) -> Vec<ExternalId> {
        let c = ns("common");
        let Some(e) = parent.child(c, "external-ids") else {
            return Vec::new();
        };
        self.external_ids_in(e, &format!("{at}/common:external-ids"))
    }

    /// The `common:external-id` children of a container (`common:external-ids`,
    /// `peer-review:review-identifiers`).
    fn external_ids_in(&mut self, e: &Element, at: &str) -> Vec<ExternalId> {
        let c = ns("common");
        let at = at.to_owned();
        self.only(e, &at, &[("common", "external-id")]);
        let mut out = Vec::new();
        for (i, x) in e
            .children
            .iter()
            .filter(|x| x.is(c, "external-id"))
            .enumerate()
        {
            if let Some(id) = self.external_id(x, &format!("{at}/common:external-id[{}]", i + 1)) {
                out.push(id);
            }
        }
        out
    }

    fn organization(&mut self, e: &Element, at: &str) -> Option<Organization> {
        let c = ns("common");
        self.only(
            e,
            at,
            &[
                ("common", "name"),
                ("common", "address"),
                ("common", "disambiguated-organization"),
            ],
        );
        let address = e.child(c, "address");
        if let Some(a) = address {
            self.only(
                a,
                &format!("{at}/common:address"),
                &[
                    ("common", "city"),
                    ("common", "region"),
                    ("common", "country"),
                ],
            );
        }
        let field = |name: &str| address.and_then(|a| a.child_value(c, name));
        let disambiguated = e.child(c, "disambiguated-organization").and_then(|d| {
            let id = d.child_value(c, "disambiguated-organization-identifier")?;
            let source = d.child_value(c, "disambiguation-source")?;
            Some((id, source))
        });
        let Some(name) = e.child_value(c, "name") else {
            self.loss(
                LossKind::InvalidValue,
                at,
                e,
                "an organization without a name",
            );
            return None;
        };
        Some(Organization {
            name,
            city: field("city"),
            region: field("region"),
            country: field("country"),
            disambiguated,
        })
    }

    fn title(&mut self, e: Option<&Element>, at: &str) -> Title {
        let c = ns("common");
        let Some(e) = e else {
            return Title::default();
        };
        self.only(
            e,
            at,
            &[
                ("common", "title"),
                ("common", "subtitle"),
                ("common", "translated-title"),
            ],
        );
        Title {
            title: e.child_value(c, "title").unwrap_or_default(),
            subtitle: e.child_value(c, "subtitle"),
            translated: e.child(c, "translated-title").and_then(|t| {
                Some((
                    t.value()?,
                    t.attr("language-code").unwrap_or("").trim().to_owned(),
                ))
            }),
        }
    }

    fn contributors(&mut self, parent: &Element, prefix: &str, at: &str) -> Vec<Contributor> {
        let c = ns("common");
        let p = ns(prefix);
        let Some(list) = parent.child(p, "contributors") else {
            return Vec::new();
        };
        let at = format!("{at}/{prefix}:contributors");
        self.only(list, &at, &[(prefix, "contributor")]);
        let mut out = Vec::new();
        for (i, e) in list
            .children
            .iter()
            .filter(|x| x.is(p, "contributor"))
            .enumerate()
        {
            let cat = format!("{at}/{prefix}:contributor[{}]", i + 1);
            self.only(
                e,
                &cat,
                &[
                    ("common", "contributor-orcid"),
                    (prefix, "credit-name"),
                    (prefix, "contributor-email"),
                    (prefix, "contributor-attributes"),
                ],
            );
            let attrs = e.child(p, "contributor-attributes");
            if let Some(a) = attrs {
                let known: &[(&str, &str)] = if prefix == "work" {
                    &[
                        ("work", "contributor-sequence"),
                        ("work", "contributor-role"),
                    ]
                } else {
                    &[(prefix, "contributor-role")]
                };
                self.only(a, &format!("{cat}/{prefix}:contributor-attributes"), known);
            }
            let orcid = e.child(c, "contributor-orcid").and_then(|o| {
                o.child_value(c, "path").or_else(|| {
                    o.child_value(c, "uri")
                        .and_then(|u| u.rsplit('/').next().map(str::to_owned))
                })
            });
            out.push(Contributor {
                orcid,
                credit_name: e.child_value(p, "credit-name"),
                email: e.child_value(p, "contributor-email"),
                sequence: attrs.and_then(|a| a.child_value(p, "contributor-sequence")),
                role: attrs.and_then(|a| a.child_value(p, "contributor-role")),
            });
        }
        out
    }

    fn work(&mut self, e: &Element, at: &str, summary: bool) -> Work {
        let c = ns("common");
        let w = ns("work");
        self.only(
            e,
            at,
            &[
                ("common", "created-date"),
                ("common", "last-modified-date"),
                ("common", "source"),
                ("work", "title"),
                ("work", "journal-title"),
                ("work", "short-description"),
                ("work", "citation"),
                ("work", "type"),
                ("common", "publication-date"),
                ("common", "external-ids"),
                ("common", "url"),
                ("work", "contributors"),
                ("common", "language-code"),
                ("common", "country"),
            ],
        );
        let meta = self.meta(e, at);
        let title = self.title(e.child(w, "title"), &format!("{at}/work:title"));
        let citation = e.child(w, "citation").and_then(|x| {
            Some((
                x.child_value(w, "citation-type")
                    .unwrap_or_else(|| "formatted-unspecified".into()),
                x.child_value(w, "citation-value")?,
            ))
        });
        let publication_date = self.date(
            e.child(c, "publication-date"),
            &format!("{at}/common:publication-date"),
        );
        let external_ids = self.external_ids(e, at);
        let contributors = self.contributors(e, "work", at);
        Work {
            meta,
            summary,
            title,
            journal_title: e.child_value(w, "journal-title"),
            short_description: e.child_value(w, "short-description"),
            citation,
            work_type: e.child_value(w, "type").unwrap_or_default(),
            publication_date,
            external_ids,
            url: e.child_value(c, "url"),
            contributors,
            language_code: e.child_value(c, "language-code"),
            country: e
                .child(c, "country")
                .and_then(|x| Some((x.value()?, x.attr("visibility").map(str::to_owned)))),
        }
    }

    fn affiliation(
        &mut self,
        e: &Element,
        at: &str,
        section: Section,
        summary: bool,
    ) -> Affiliation {
        let c = ns("common");
        self.only(
            e,
            at,
            &[
                ("common", "created-date"),
                ("common", "last-modified-date"),
                ("common", "source"),
                ("common", "department-name"),
                ("common", "role-title"),
                ("common", "start-date"),
                ("common", "end-date"),
                ("common", "organization"),
                ("common", "url"),
                ("common", "external-ids"),
            ],
        );
        let meta = self.meta(e, at);
        let start = self.date(e.child(c, "start-date"), &format!("{at}/common:start-date"));
        let end = self.date(e.child(c, "end-date"), &format!("{at}/common:end-date"));
        let organization = e
            .child(c, "organization")
            .and_then(|o| self.organization(o, &format!("{at}/common:organization")));
        let external_ids = self.external_ids(e, at);
        Affiliation {
            section,
            meta,
            summary,
            department: e.child_value(c, "department-name"),
            role_title: e.child_value(c, "role-title"),
            start,
            end,
            organization,
            url: e.child_value(c, "url"),
            external_ids,
        }
    }

    fn funding(&mut self, e: &Element, at: &str, summary: bool) -> Option<Funding> {
        let c = ns("common");
        let f = ns("funding");
        self.only(
            e,
            at,
            &[
                ("common", "created-date"),
                ("common", "last-modified-date"),
                ("common", "source"),
                ("funding", "type"),
                ("funding", "organization-defined-type"),
                ("funding", "title"),
                ("funding", "short-description"),
                ("funding", "amount"),
                ("common", "url"),
                ("common", "start-date"),
                ("common", "end-date"),
                ("common", "external-ids"),
                ("funding", "contributors"),
                ("common", "organization"),
            ],
        );
        let meta = self.meta(e, at);
        let title = self.title(e.child(f, "title"), &format!("{at}/funding:title"));
        let start = self.date(e.child(c, "start-date"), &format!("{at}/common:start-date"));
        let end = self.date(e.child(c, "end-date"), &format!("{at}/common:end-date"));
        let external_ids = self.external_ids(e, at);
        let contributors = self.contributors(e, "funding", at);
        let organization = match e.child(c, "organization") {
            Some(o) => self.organization(o, &format!("{at}/common:organization")),
            None => None,
        };
        let Some(organization) = organization else {
            self.loss(
                LossKind::MissingOrganization,
                at,
                e,
                "a funding without funder organization is skipped",
            );
            return None;
        };
        Some(Funding {
            meta,
            summary,
            funding_type: e.child_value(f, "type").unwrap_or_default(),
            organization_defined_type: e.child_value(f, "organization-defined-type"),
            title,
            short_description: e.child_value(f, "short-description"),
            amount: e.child(f, "amount").and_then(|a| {
                Some((
                    a.value()?,
                    a.attr("currency-code").unwrap_or("").trim().to_owned(),
                ))
            }),
            url: e.child_value(c, "url"),
            start,
            end,
            external_ids,
            contributors,
            organization,
        })
    }

    fn peer_review(&mut self, e: &Element, at: &str, summary: bool) -> Option<PeerReview> {
        let p = ns("peer-review");
        self.only(
            e,
            at,
            &[
                ("common", "created-date"),
                ("common", "last-modified-date"),
                ("common", "source"),
                ("peer-review", "reviewer-role"),
                ("peer-review", "review-identifiers"),
                ("common", "external-ids"),
                ("peer-review", "review-url"),
                ("peer-review", "review-type"),
                ("peer-review", "review-completion-date"),
                ("peer-review", "completion-date"),
                ("peer-review", "review-group-id"),
                ("peer-review", "subject-external-identifier"),
                ("peer-review", "subject-container-name"),
                ("peer-review", "subject-type"),
                ("peer-review", "subject-name"),
                ("peer-review", "subject-url"),
                ("peer-review", "convening-organization"),
            ],
        );
        let meta = self.meta(e, at);
        let external_ids = match e.child(p, "review-identifiers") {
            Some(x) => self.external_ids_in(x, &format!("{at}/peer-review:review-identifiers")),
            None => self.external_ids(e, at),
        };
        let date_el = e
            .child(p, "review-completion-date")
            .or_else(|| e.child(p, "completion-date"));
        let completion = self.date(date_el, &format!("{at}/peer-review:review-completion-date"));
        let subject_id = e.child(p, "subject-external-identifier").and_then(|x| {
            self.external_id(x, &format!("{at}/peer-review:subject-external-identifier"))
        });
        let subject_name = e.child(p, "subject-name").map(|x| {
            let mut t = self.title(Some(x), &format!("{at}/peer-review:subject-name"));
            t.subtitle = None;
            t
        });
        let oat = format!("{at}/peer-review:convening-organization");
        let organization = e
            .child(p, "convening-organization")
            .and_then(|o| self.organization(o, &oat));
        let Some(organization) = organization else {
            self.loss(
                LossKind::MissingOrganization,
                at,
                e,
                "a peer review without convening organization is skipped",
            );
            return None;
        };
        Some(PeerReview {
            meta,
            summary,
            role: e.child_value(p, "reviewer-role").unwrap_or_default(),
            external_ids,
            url: e.child_value(p, "review-url"),
            review_type: e.child_value(p, "review-type").unwrap_or_default(),
            completion,
            group_id: e.child_value(p, "review-group-id").unwrap_or_default(),
            subject_id,
            subject_container: e.child_value(p, "subject-container-name"),
            subject_type: e.child_value(p, "subject-type"),
            subject_name,
            subject_url: e.child_value(p, "subject-url"),
            organization,
        })
    }

    /// The organizations of a `hosts` element.
    fn hosts(&mut self, parent: &Element, at: &str) -> Vec<Organization> {
        let c = ns("common");
        let Some(h) = parent.child(ns("research-resource"), "hosts") else {
            return Vec::new();
        };
        let at = format!("{at}/research-resource:hosts");
        self.only(h, &at, &[("common", "organization")]);
        let mut out = Vec::new();
        for (i, o) in h
            .children
            .iter()
            .filter(|o| o.is(c, "organization"))
            .enumerate()
        {
            if let Some(o) = self.organization(o, &format!("{at}/common:organization[{}]", i + 1)) {
                out.push(o);
            }
        }
        out
    }

    fn research_resource(&mut self, e: &Element, at: &str, summary: bool) -> ResearchResource {
        let c = ns("common");
        let r = ns("research-resource");
        self.only(
            e,
            at,
            &[
                ("common", "created-date"),
                ("common", "last-modified-date"),
                ("common", "source"),
                ("research-resource", "proposal"),
                ("research-resource", "resource-items"),
            ],
        );
        let meta = self.meta(e, at);
        let mut out = ResearchResource {
            meta,
            summary,
            ..ResearchResource::default()
        };
        if let Some(p) = e.child(r, "proposal") {
            let pat = format!("{at}/research-resource:proposal");
            self.only(
                p,
                &pat,
                &[
                    ("research-resource", "title"),
                    ("research-resource", "hosts"),
                    ("common", "external-ids"),
                    ("common", "start-date"),
                    ("common", "end-date"),
                    ("common", "url"),
                ],
            );
            out.title = self.title(
                p.child(r, "title"),
                &format!("{pat}/research-resource:title"),
            );
            out.hosts = self.hosts(p, &pat);
            out.external_ids = self.external_ids(p, &pat);
            out.start = self.date(
                p.child(c, "start-date"),
                &format!("{pat}/common:start-date"),
            );
            out.end = self.date(p.child(c, "end-date"), &format!("{pat}/common:end-date"));
            out.url = p.child_value(c, "url");
        }
        if let Some(items) = e.child(r, "resource-items") {
            let iat = format!("{at}/research-resource:resource-items");
            self.only(items, &iat, &[("research-resource", "resource-item")]);
            for (i, x) in items
                .children
                .iter()
                .filter(|x| x.is(r, "resource-item"))
                .enumerate()
            {
                let xat = format!("{iat}/research-resource:resource-item[{}]", i + 1);
                self.only(
                    x,
                    &xat,
                    &[
                        ("research-resource", "resource-name"),
                        ("research-resource", "resource-type"),
                        ("research-resource", "hosts"),
                        ("common", "external-ids"),
                        ("common", "url"),
                    ],
                );
                out.items.push(ResourceItem {
                    name: x.child_value(r, "resource-name").unwrap_or_default(),
                    resource_type: x.child_value(r, "resource-type").unwrap_or_default(),
                    hosts: self.hosts(x, &xat),
                    external_ids: self.external_ids(x, &xat),
                    url: x.child_value(c, "url"),
                });
            }
        }
        out
    }

    /// An item element (full or summary), by its name.
    fn item(&mut self, e: &Element, at: &str) -> Option<Item> {
        for section in Section::ALL {
            let p = section.path_segment();
            let uri = ns(p);
            let (full, summary) = (e.is(uri, p), e.is(uri, &format!("{p}-summary")));
            if !(full || summary) {
                continue;
            }
            return match section {
                Section::Work => Some(Item::Work(self.work(e, at, summary))),
                Section::Funding => self.funding(e, at, summary).map(Item::Funding),
                Section::PeerReview => self
                    .peer_review(e, at, summary)
                    .map(|r| Item::PeerReview(Box::new(r))),
                Section::ResearchResource => Some(Item::ResearchResource(
                    self.research_resource(e, at, summary),
                )),
                s => Some(Item::Affiliation(self.affiliation(e, at, s, summary))),
            };
        }
        None
    }

    fn metadata_element(&mut self, e: &Element, at: &str, what: &str) {
        self.loss(
            LossKind::OrcidMetadata,
            &format!("{at}/{}", qname(e)),
            e,
            format!("{what}: ORCID's own data, not the CV's"),
        );
    }

    /// One section of `activities-summary` (or the root of `/works`, `/employments`, ...).
    fn activities_section(&mut self, e: &Element, at: &str, out: &mut Vec<Item>) {
        let a = ns("activities");
        let c = ns("common");
        for g in &e.children {
            let gat = format!("{at}/{}", qname(g));
            if g.is(c, "last-modified-date") {
                continue;
            }
            if !(g.is(a, "group") || g.is(a, "affiliation-group")) {
                self.loss(
                    LossKind::UnknownElement,
                    &gat,
                    g,
                    format!("<{}> is not read", qname(g)),
                );
                continue;
            }
            for x in &g.children {
                if x.is(c, "last-modified-date") {
                    continue;
                }
                if x.is(c, "external-ids") {
                    if !x.children.is_empty() {
                        self.metadata_element(
                            x,
                            &gat,
                            "a group's external ids (ORCID groups items by them)",
                        );
                    }
                    continue;
                }
                let xat = format!("{gat}/{}", qname(x));
                if x.is(a, "peer-review-group") {
                    // Peer reviews are grouped twice: by ORCID group id, then by review.
                    for y in &x.children {
                        if y.is(c, "last-modified-date") || y.is(c, "external-ids") {
                            continue;
                        }
                        let yat = format!("{xat}/{}", qname(y));
                        match self.item(y, &yat) {
                            Some(item) => out.push(item),
                            None => self.loss(
                                LossKind::UnknownElement,
                                &yat,
                                y,
                                format!("<{}> is not read", qname(y)),
                            ),
                        }
                    }
                    continue;
                }
                match self.item(x, &xat) {
                    Some(item) => out.push(item),
                    None => self.loss(
                        LossKind::UnknownElement,
                        &xat,
                        x,
                        format!("<{}> is not read", qname(x)),
                    ),
                }
            }
        }
    }

    fn activities(&mut self, e: &Element, at: &str) -> Vec<Item> {
        let mut out = Vec::new();
        for s in &e.children {
            if s.is(ns("common"), "last-modified-date") {
                continue;
            }
            let sat = format!("{at}/{}", qname(s));
            if s.ns == ns("activities") {
                self.activities_section(s, &sat, &mut out);
            } else {
                self.loss(
                    LossKind::UnknownElement,
                    &sat,
                    s,
                    format!("<{}> is not read", qname(s)),
                );
            }
        }
        out
    }

    fn entry_meta(&mut self, e: &Element, at: &str) -> Meta {
        self.meta(e, at)
    }

    fn person(&mut self, e: &Element, at: &str) -> Person {
        let c = ns("common");
        let pd = ns("personal-details");
        let mut p = Person::default();
        for x in &e.children {
            let xat = format!("{at}/{}", qname(x));
            if x.is(c, "last-modified-date") {
                continue;
            }
            if x.is(ns("person"), "name") || x.is(pd, "name") {
                p.given_names = x.child_value(pd, "given-names");
                p.family_name = x.child_value(pd, "family-name");
                p.credit_name = x.child_value(pd, "credit-name");
                p.name_visibility = x.attr("visibility").map(str::to_owned);
            } else if x.is(ns("person"), "biography") || x.is(pd, "biography") {
                let meta = self.entry_meta(x, &xat);
                if let Some(v) = x.child_value(pd, "content") {
                    p.biography = Some(Entry { meta, value: v });
                }
            } else if x.is(ns("other-name"), "other-names") {
                for o in x
                    .children
                    .iter()
                    .filter(|o| o.is(ns("other-name"), "other-name"))
                {
                    let meta = self.entry_meta(o, &xat);
                    if let Some(v) = o.child_value(ns("other-name"), "content") {
                        p.other_names.push(Entry { meta, value: v });
                    }
                }
            } else if x.is(ns("researcher-url"), "researcher-urls") {
                let r = ns("researcher-url");
                for o in x.children.iter().filter(|o| o.is(r, "researcher-url")) {
                    let meta = self.entry_meta(o, &xat);
                    if let Some(url) = o.child_value(r, "url") {
                        p.researcher_urls.push(Entry {
                            meta,
                            value: ResearcherUrl {
                                name: o.child_value(r, "url-name"),
                                url,
                            },
                        });
                    }
                }
            } else if x.is(ns("email"), "emails") {
                let m = ns("email");
                for o in x.children.iter().filter(|o| o.is(m, "email")) {
                    let meta = self.entry_meta(o, &xat);
                    if let Some(v) = o.child_value(m, "email") {
                        p.emails.push(Entry { meta, value: v });
                    }
                }
            } else if x.is(ns("address"), "addresses") {
                let m = ns("address");
                for o in x.children.iter().filter(|o| o.is(m, "address")) {
                    let meta = self.entry_meta(o, &xat);
                    if let Some(v) = o.child_value(m, "country") {
                        p.addresses.push(Entry { meta, value: v });
                    }
                }
            } else if x.is(ns("keyword"), "keywords") {
                let m = ns("keyword");
                for o in x.children.iter().filter(|o| o.is(m, "keyword")) {
                    let meta = self.entry_meta(o, &xat);
                    if let Some(v) = o.child_value(m, "content") {
                        p.keywords.push(Entry { meta, value: v });
                    }
                }
            } else if x.is(ns("external-identifier"), "external-identifiers") {
                let m = ns("external-identifier");
                for o in x.children.iter().filter(|o| o.is(m, "external-identifier")) {
                    let meta = self.entry_meta(o, &xat);
                    if let Some(id) = self.external_id(o, &xat) {
                        p.external_identifiers.push(Entry { meta, value: id });
                    }
                }
            } else {
                self.loss(
                    LossKind::UnknownElement,
                    &xat,
                    x,
                    format!("<{}> is not read", qname(x)),
                );
            }
        }
        p
    }

    fn record(&mut self, e: &Element) -> Document {
        let c = ns("common");
        let at = "record:record";
        let mut orcid = e
            .attr("path")
            .map(|p| p.trim_start_matches('/').to_owned())
            .filter(|p| !p.is_empty());
        let mut person = None;
        let mut items = Vec::new();
        for x in &e.children {
            let xat = format!("{at}/{}", qname(x));
            if x.is(c, "orcid-identifier") {
                if let Some(p) = x.child_value(c, "path").or_else(|| {
                    x.child_value(c, "uri")
                        .and_then(|u| u.rsplit('/').next().map(str::to_owned))
                }) {
                    orcid = Some(p);
                }
            } else if x.is(ns("preferences"), "preferences") {
                self.metadata_element(x, at, "the record's preferences");
            } else if x.is(ns("history"), "history") {
                self.metadata_element(x, at, "the record's history");
            } else if x.is(ns("person"), "person") {
                person = Some(self.person(x, &xat));
            } else if x.is(ns("activities"), "activities-summary") {
                items = self.activities(x, &xat);
            } else {
                self.loss(
                    LossKind::UnknownElement,
                    &xat,
                    x,
                    format!("<{}> is not read", qname(x)),
                );
            }
        }
        Document::Record {
            orcid,
            person,
            items,
        }
    }

    fn bulk(&mut self, e: &Element) -> Document {
        let at = "bulk:bulk";
        let mut works = Vec::new();
        let mut errors = Vec::new();
        for (i, x) in e.children.iter().enumerate() {
            let xat = format!("{at}/{}[{}]", qname(x), i + 1);
            if x.is(ns("work"), "work") {
                works.push(self.work(x, &xat, false));
            } else if x.is(ns("error"), "error") {
                let er = ns("error");
                let code = x.child_value(er, "error-code").unwrap_or_default();
                let msg = x.child_value(er, "developer-message").unwrap_or_default();
                self.loss(
                    LossKind::BulkError,
                    &xat,
                    x,
                    format!("ORCID error {code} in a bulk response: {msg}"),
                );
                errors.push((code, msg));
            } else {
                self.loss(
                    LossKind::UnknownElement,
                    &xat,
                    x,
                    format!("<{}> is not read", qname(x)),
                );
            }
        }
        Document::Bulk { works, errors }
    }
}

/// One item element, full or summary (`work:work`, `work:work-summary`,
/// `employment:employment-summary`, …, `funding:funding`), as a document item; `None` when it is
/// no item element (or a funding without its required parts). What it does not read is dropped:
/// a sync, which reads the Member API's answers with it, keeps the element to compare.
pub(crate) fn read_item_element(e: &Element) -> Option<Item> {
    let mut cx = Ctx { losses: Vec::new() };
    cx.item(e, &qname(e))
}

/// Reads an ORCID v3.0 document: a record, a person, activity summaries (all or one
/// section), bulk works, or one work, affiliation or funding. Returns what it holds and what
/// was not read. The items keep ORCID's own view of them (put-code, visibility, source):
///
/// ```
/// use vitae::orcid::{doc::Document, read_document};
/// let xml = r#"<activities:works xmlns:activities="http://www.orcid.org/ns/activities"
///     xmlns:common="http://www.orcid.org/ns/common" xmlns:work="http://www.orcid.org/ns/work">
///   <activities:group><common:external-ids/>
///     <work:work-summary put-code="3356" visibility="public">
///       <common:source><common:source-client-id><common:path>APP-0123456789ABCDEF</common:path></common:source-client-id></common:source>
///       <work:title><common:title>Work # 0</common:title></work:title>
///       <work:type>conference-paper</work:type>
///     </work:work-summary>
///   </activities:group>
/// </activities:works>"#;
/// let (Document::Activities(items), _) = read_document(xml)? else { panic!("a list of works") };
/// let meta = items[0].meta();
/// assert_eq!(meta.put_code, Some(3356));
/// assert_eq!(meta.source.as_ref().and_then(|s| s.client_id.as_deref()), Some("APP-0123456789ABCDEF"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ReadError::Xml`] for malformed or refused XML (any `DOCTYPE`), with line and column;
/// [`ReadError::Unsupported`] for a root element vitae does not read.
pub fn read_document(text: &str) -> Result<(Document, Vec<Loss>), ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = parse(text)?;
    let mut cx = Ctx { losses: Vec::new() };
    let a = ns("activities");
    let doc = if root.is(ns("record"), "record") {
        cx.record(&root)
    } else if root.is(ns("person"), "person") {
        Document::Person(cx.person(&root, "person:person"))
    } else if root.is(a, "activities-summary") {
        Document::Activities(cx.activities(&root, "activities:activities-summary"))
    } else if root.ns == a {
        let mut items = Vec::new();
        let at = qname(&root);
        cx.activities_section(&root, &at, &mut items);
        Document::Activities(items)
    } else if root.is(ns("bulk"), "bulk") {
        cx.bulk(&root)
    } else if let Some(item) = cx.item(&root, &qname(&root)) {
        Document::Item(item)
    } else {
        let (line, column) = line_col(text, root.offset);
        let what = if root.is(ns("error"), "error") {
            let er = ns("error");
            format!(
                "this is an ORCID error response (code {}: {})",
                root.child_value(er, "error-code").unwrap_or_default(),
                root.child_value(er, "developer-message")
                    .unwrap_or_default()
            )
        } else {
            format!(
                "<{}> (namespace {:?}) is not a document vitae reads",
                qname(&root),
                root.ns
            )
        };
        return Err(ReadError::Unsupported {
            line,
            column,
            message: format!(
                "{what}; expected an ORCID v3.0 record, person, activities summary, bulk, work, affiliation or funding"
            ),
        });
    };
    Ok((doc, cx.losses))
}
