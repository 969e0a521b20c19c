//! The one mapping of the CV model to schema.org (and BIBO, COAR): every linked-data view is
//! written from the [`Node`]s made here. `DESIGN.md` (section "Linked data") gives the table
//! in words; the functions below follow it part by part.

use std::borrow::Cow;

use indexmap::IndexMap;
use oxigraph::model::NamedNode;

use super::iri::{Iris, Local, key_of, known_iri, name_key, url_iri};
use super::node::{Node, Value};
use super::vocab::{Class, Property, bibo, coar, schema as s};
use super::{ExportError, Options};
use crate::model::{
    Affiliation, AffiliationSection, Award, Container, ContainerKind, Contributor, ContributorRole,
    Course, Cv, DegreeLevel, Event, FundingType, Link, LinkKind, Organization, PatentFamily,
    PatentMember, PatentStatus, PeerReview, Place, PresentationKind, Project, PublicationStatus,
    ResearchResource, ReviewType, ReviewerRole, Supervision, TranslatedTitle, Work, WorkKind,
};
use crate::privacy::View;

type Result<T> = std::result::Result<T, ExportError>;

/// The description of a CV: its nodes in document order (the `ProfilePage`, the person,
/// the projects, the patents, the works), each with the nodes described inside it. Every
/// linked-data view is written from it.
#[derive(Debug)]
pub(crate) struct Description<'a> {
    /// The page's IRI: the `ProfilePage`, and the named graph in N-Quads and TriG.
    pub page: NamedNode,
    /// The prefix of the CV's own IRIs, `<page>#`.
    pub local_prefix: String,
    /// The top-level nodes, in document order.
    pub nodes: Vec<Node<'a>>,
}

/// Describes the part of a CV that `options` allow to be shown and hands the description to
/// `write` (the description borrows the CV, or a completed copy of it, for as long as `write`
/// runs).
pub(crate) fn describe<R>(
    cv: &Cv,
    options: &Options,
    write: impl FnOnce(Description<'_>) -> Result<R>,
) -> Result<R> {
    // A CV as the loader leaves it is complete: only a CV built otherwise is copied to be
    // completed. The view borrows every part of it that hides nothing.
    let completed;
    let cv = if crate::ids::is_complete(cv) {
        cv
    } else {
        let mut full = cv.clone();
        full.complete();
        completed = full;
        &completed
    };
    let view = cv.view(options.include());
    let base = options
        .base()
        .cloned()
        .or_else(|| view.base_iri.cloned())
        .unwrap_or_else(|| Iris::default_base(&view.person));
    let iris = Iris::new(&base);
    let me_name = view.person.full_name();
    let m = Mapper {
        cv: &view,
        me: iris.local("me")?,
        me_name: &me_name,
        name_withheld: options.name_withheld(),
        iris,
    };
    let mut described = Described::default();
    m.each_node(&mut |n| {
        described.top(n);
        Ok(())
    })?;
    write(Description {
        page: m.iris.page()?,
        local_prefix: m.iris.local_prefix(),
        nodes: described.into_nodes(),
    })
}

/// The nodes of a description, each described once. The mapping meets a shared node (an
/// organization, a journal, the person) at every place the CV names it; the first place in
/// document order gets its whole description (every property value that any place gave it,
/// each once, in the order they were met) and every later place
/// a reference, an IRI (`{"@id": …}` in JSON-LD). A node's ordered list is the first one
/// given, since JSON-LD makes a new `rdf:List` of every `@list`. A reference node
/// (`Node::reference`: the person as an author, with the name Google reads there; a talk's
/// place on its event) stays where it is written; its values join the node's description.
#[derive(Debug, Default)]
struct Described<'a> {
    /// Every node's description by IRI, in the order they were first met; `None` once
    /// it has been placed.
    nodes: IndexMap<NamedNode, Option<Gathered<'a>>>,
    /// The top-level nodes' IRIs, in document order.
    top: Vec<NamedNode>,
}

/// What the places of one node say about it.
#[derive(Debug, Default)]
struct Gathered<'a> {
    /// Its types, each once, in the order they were met.
    types: Vec<Class>,
    /// Its property values, each once, in the order they were met (the writers group them
    /// by property).
    props: Vec<(Property, Slot<'a>)>,
}

/// A property value while the descriptions are gathered.
#[derive(Debug)]
enum Slot<'a> {
    /// A value that is not a node: a literal, an IRI, a list.
    Value(Value<'a>),
    /// A node described in place somewhere: described here if this is its first place.
    Node(NamedNode),
    /// A reference node, kept as it was written.
    Reference(Node<'a>),
}

impl Slot<'_> {
    /// The node a slot names, if it names one.
    fn iri(&self) -> Option<&NamedNode> {
        match self {
            Slot::Value(Value::Iri(i)) | Slot::Node(i) => Some(i),
            Slot::Reference(n) => Some(&n.id),
            Slot::Value(_) => None,
        }
    }

    /// Whether two slots give the same triple (the same literal, or the same node).
    fn same_object(&self, other: &Slot<'_>) -> bool {
        match (self.iri(), other.iri()) {
            (Some(a), Some(b)) => a == b,
            (None, None) => match (self, other) {
                (Slot::Value(a), Slot::Value(b)) => a == b,
                _ => false,
            },
            _ => false,
        }
    }
}

impl<'a> Described<'a> {
    /// Gathers a top-level node of the description.
    fn top(&mut self, n: Node<'a>) {
        self.top.push(n.id.clone());
        self.gather(n);
    }

    /// Gathers what a place says about a node and the nodes described inside it.
    fn gather(&mut self, n: Node<'a>) {
        let Node {
            id, types, props, ..
        } = n;
        // The node's place in the order first met is taken before the nodes inside it.
        self.nodes
            .entry(id.clone())
            .or_insert_with(|| Some(Gathered::default()));
        let mut slots = Vec::with_capacity(props.len());
        for (p, v) in props {
            let slot = match v {
                Value::Node(child) if child.reference => {
                    self.gather(child.as_ref().clone());
                    Slot::Reference(*child)
                }
                Value::Node(child) => {
                    let id = child.id.clone();
                    self.gather(*child);
                    Slot::Node(id)
                }
                v => Slot::Value(v),
            };
            slots.push((p, slot));
        }
        // Nothing is placed before everything is gathered: the description is there.
        let Some(Some(g)) = self.nodes.get_mut(&id) else {
            return;
        };
        for c in types {
            if !g.types.contains(&c) {
                g.types.push(c);
            }
        }
        for (p, slot) in slots {
            g.add(p, slot);
        }
    }

    /// The top-level nodes in document order, each node described at its first place.
    fn into_nodes(mut self) -> Vec<Node<'a>> {
        let top = std::mem::take(&mut self.top);
        let mut out: Vec<Node<'a>> = top.iter().filter_map(|id| self.place(id)).collect();
        // A node only named by reference nodes (the person, when a program leaves out its
        // top-level description): its description closes the document.
        let left: Vec<NamedNode> = self
            .nodes
            .iter()
            .filter(|(_, g)| g.is_some())
            .map(|(id, _)| id.clone())
            .collect();
        out.extend(left.iter().filter_map(|id| self.place(id)));
        out
    }

    /// The whole description of a node, unless it was placed before.
    fn place(&mut self, id: &NamedNode) -> Option<Node<'a>> {
        let g = self.nodes.get_mut(id)?.take()?;
        let mut n = Node {
            id: id.clone(),
            types: g.types,
            props: Vec::with_capacity(g.props.len()),
            reference: false,
        };
        for (p, slot) in g.props {
            let v = match slot {
                Slot::Value(v) => v,
                Slot::Reference(r) => Value::Node(Box::new(r)),
                Slot::Node(child) => match self.place(&child) {
                    Some(c) => Value::Node(Box::new(c)),
                    None => Value::Iri(child),
                },
            };
            n.props.push((p, v));
        }
        Some(n)
    }
}

impl<'a> Gathered<'a> {
    /// Adds a property value unless the node has it (a list only when the property has
    /// none). A node described in place, or a reference
    /// node, takes the place of a plain IRI of the same node.
    fn add(&mut self, p: Property, slot: Slot<'a>) {
        for (q, had) in &mut self.props {
            if *q != p {
                continue;
            }
            if matches!(had, Slot::Value(Value::List(_)))
                && matches!(slot, Slot::Value(Value::List(_)))
            {
                return;
            }
            if had.same_object(&slot) {
                if matches!(had, Slot::Value(Value::Iri(_))) && !matches!(slot, Slot::Value(_)) {
                    *had = slot;
                }
                return;
            }
        }
        self.props.push((p, slot));
    }
}

struct Mapper<'a> {
    cv: &'a View<'a>,
    iris: Iris,
    me: NamedNode,
    /// The person's full name, made once: every reference to the person carries it.
    me_name: &'a str,
    /// The person's name is a placeholder: leave it out ([`Options::with_name_withheld`]).
    name_withheld: bool,
}

/// The items of a section whose ids are used in IRIs; the loader (or [`Cv::complete`]) gives
/// every item one, so the fallback only guards against a hand-built CV.
fn id_of<'i>(id: Option<&'i crate::types::ItemId>, section: &str, index: usize) -> Cow<'i, str> {
    match id {
        Some(i) => Cow::Borrowed(i.as_str()),
        None => Cow::Owned(format!("{section}-{}", index + 1)),
    }
}

impl<'a> Mapper<'a> {
    fn each_node(&self, each: &mut dyn FnMut(Node<'a>) -> Result<()>) -> Result<()> {
        let mut profile = Node::new(self.iris.page()?, s::PROFILE_PAGE);
        profile.opt_date(s::DATE_MODIFIED, self.cv.updated);
        // The person, described where Google reads it first: the page's main entity.
        profile.node(s::MAIN_ENTITY, self.person()?);
        each(profile)?;
        for (i, p) in self.cv.projects.iter().enumerate() {
            each(self.project(p, i)?)?;
        }
        for (i, f) in self.cv.patents.iter().enumerate() {
            each(self.patent_family(f, i)?)?;
        }
        for (i, a) in self
            .cv
            .affiliations(AffiliationSection::Services)
            .iter()
            .enumerate()
        {
            if let Some(j) = self.journal_served(a, i)? {
                each(j)?;
            }
        }
        for (i, c) in self.cv.teaching.iter().enumerate() {
            each(self.course(c, i)?)?;
        }
        for (i, sv) in self.cv.supervision.iter().enumerate() {
            if let Some(t) = self.supervised_thesis(sv, i)? {
                each(t)?;
            }
        }
        for (i, w) in self.cv.works.iter().enumerate() {
            let (node, event) = self.work(w, i)?;
            each(node)?;
            if let Some(e) = event {
                each(e)?;
            }
        }
        for (i, r) in self.cv.peer_reviews.iter().enumerate() {
            each(self.peer_review(r, i)?)?;
        }
        for (i, r) in self.cv.research_resources.iter().enumerate() {
            each(self.research_resource(r, i)?)?;
        }
        Ok(())
    }

    fn local(&self, local: &str) -> Result<NamedNode> {
        self.iris.local(local)
    }

    /// The local IRI of the parts of a name, e.g. `[key, "--doi"]`.
    fn local_of(&self, parts: &[&str]) -> Result<NamedNode> {
        self.iris.local_of(parts)
    }

    // ----- the person -----

    fn person(&self) -> Result<Node<'a>> {
        let p = &self.cv.person;
        let mut n = Node::new(self.me.clone(), s::PERSON);
        let full = self.me_name;
        if !self.name_withheld {
            n.text(s::NAME, full);
            n.text(s::GIVEN_NAME, &p.given_names);
            n.text(s::FAMILY_NAME, &p.family_name);
        }
        n.opt_text(s::HONORIFIC_PREFIX, p.honorific_prefix.as_deref());
        n.opt_text(s::HONORIFIC_SUFFIX, p.honorific_suffix.as_deref());
        let mut others: Vec<String> = Vec::new();
        if let Some(c) = &p.credit_name {
            others.push(c.clone());
        }
        for v in &p.name_variants {
            // Without the person's given names, a variant that borrows them is not known.
            if !self.name_withheld || v.name.is_some() || v.given_names.is_some() {
                others.push(v.written(&p.given_names));
            }
        }
        let mut seen = vec![full.to_owned()];
        for o in others {
            if !seen.contains(&o) {
                seen.push(o.clone());
                n.text_owned(s::ALTERNATE_NAME, o);
            }
        }
        n.opt_text(s::DESCRIPTION, p.bio.as_deref());
        self.homepage(&mut n)?;
        if let Some(i) = &p.image {
            n.iri(s::IMAGE, url_iri(i)?);
        }
        if let Some(o) = &p.orcid {
            n.iri(s::SAME_AS, known_iri(o.url())?);
        }
        if let Some(i) = &p.isni {
            n.iri(s::SAME_AS, known_iri(i.url())?);
        }
        // A local file (refused for a profile at load) has no address to name.
        for u in p.profiles.iter().filter_map(|l| l.url()) {
            n.iri(s::SAME_AS, url_iri(u)?);
        }
        for id in &p.identifiers {
            if let Some(u) = &id.url {
                n.iri(s::SAME_AS, url_iri(u)?);
            }
        }
        if let Some(o) = &p.orcid {
            n.node(
                s::IDENTIFIER,
                self.property_value(self.local("me--orcid")?, "ORCID", o.as_str(), Some(o.url()))?,
            );
        }
        if let Some(i) = &p.isni {
            n.node(
                s::IDENTIFIER,
                self.property_value(self.local("me--isni")?, "ISNI", i.as_str(), Some(i.url()))?,
            );
        }
        for (k, id) in p.identifiers.iter().enumerate() {
            let url = id.url.as_ref().map(|u| u.to_string());
            n.node(
                s::IDENTIFIER,
                self.property_value(
                    self.iris.local_numbered(&["me--id"], k + 1)?,
                    id.scheme.as_str(),
                    id.value.as_str(),
                    url,
                )?,
            );
        }
        if let Some(d) = &p.birth_date {
            n.date(s::BIRTH_DATE, d.value);
        }
        for e in &p.emails {
            n.text(s::EMAIL, e.value.as_str());
        }
        for t in &p.telephones {
            n.text(s::TELEPHONE, t.value.as_str());
        }
        if let Some(a) = &p.address {
            let a = &a.value;
            let mut addr = Node::new(self.local("me--address")?, s::POSTAL_ADDRESS);
            addr.opt_text(s::STREET_ADDRESS, a.street.as_deref());
            addr.opt_text(s::POSTAL_CODE, a.postal_code.as_deref());
            addr.opt_text(s::ADDRESS_LOCALITY, a.city.as_deref());
            addr.opt_text(s::ADDRESS_REGION, a.region.as_deref());
            addr.text(s::ADDRESS_COUNTRY, a.country.as_str());
            n.node(s::ADDRESS, addr);
        }
        for a in self.cv.affiliations(AffiliationSection::Employment) {
            if a.period.is_ongoing() {
                n.opt_text(s::JOB_TITLE, a.role.as_deref());
            }
        }
        for r in &p.research_areas {
            n.text(s::KNOWS_ABOUT, r);
        }
        for g in &p.skills {
            for item in &g.items {
                n.text(s::SKILLS, item);
            }
        }
        for l in &p.languages {
            let tag = l.language.as_str();
            let mut lang = Node::new(self.local_of(&["language-", tag])?, s::LANGUAGE);
            lang.text(s::NAME, l.name.as_deref().unwrap_or(tag));
            lang.text(s::ALTERNATE_NAME, tag);
            let mut role = Node::new(self.local_of(&["me--language-", tag])?, s::ROLE);
            role.text(s::ROLE_NAME, l.proficiency.label());
            role.node(s::KNOWS_LANGUAGE, lang);
            n.node(s::KNOWS_LANGUAGE, role);
        }
        for section in AffiliationSection::ALL {
            for (i, a) in self.cv.affiliations(section).iter().enumerate() {
                self.affiliation(&mut n, section, a, i)?;
            }
        }
        for (i, p) in self.cv.projects.iter().enumerate() {
            let pid = id_of(p.id.as_ref(), "project", i);
            let mut role = Node::new(
                self.local_of(&["project-", &pid, "--role"])?,
                s::ORGANIZATION_ROLE,
            );
            role.opt_text(s::ROLE_NAME, p.role.as_deref());
            role.opt_date(s::START_DATE, p.period.start());
            role.opt_date(s::END_DATE, p.period.end());
            role.iri(s::MEMBER_OF, self.local_of(&["project-", &pid])?);
            n.node(s::MEMBER_OF, role);
        }
        for a in self.cv.awards.iter() {
            n.text_owned(s::AWARD, award_text(a));
        }
        for (i, sv) in self.cv.supervision.iter().enumerate() {
            if sv.title.is_none() {
                n.node(s::COLLEAGUE, self.mentored(sv, i)?);
            }
        }
        Ok(n)
    }

    /// A reference to the person, with the name and URL that Google's Article features want
    /// on every author.
    fn me_ref(&self) -> Result<Node<'a>> {
        let p = &self.cv.person;
        let mut n = Node::reference(self.me.clone(), s::PERSON, 2);
        if !self.name_withheld {
            n.text(s::NAME, self.me_name);
        }
        if p.homepage.is_some() {
            self.homepage(&mut n)?;
        }
        Ok(n)
    }

    /// The person's homepage: its `url`; but when the homepage is the profile page itself
    /// (the page is the person's homepage, as the site makes it), `mainEntityOfPage` to that
    /// page, since `url` expects a URL and the page is a `ProfilePage` node of the graph.
    fn homepage(&self, n: &mut Node<'a>) -> Result<()> {
        if let Some(h) = &self.cv.person.homepage {
            let iri = url_iri(h)?;
            if iri == self.iris.page()? {
                n.iri(s::MAIN_ENTITY_OF_PAGE, iri);
            } else {
                n.iri(s::URL, iri);
            }
        }
        Ok(())
    }

    /// A person named in an item: the CV's own person (`#me`) or `#<prefix>-<number>`, the
    /// prefix given in parts.
    fn contributor(&self, c: &'a Contributor, prefix: &Local, number: usize) -> Result<Node<'a>> {
        if c.is_me() {
            return self.me_ref();
        }
        let id = prefix.numbered(&[], number)?;
        if c.is_group() {
            let mut n = Node::with_capacity(id, s::ORGANIZATION, 1);
            n.text(s::NAME, &c.name);
            return Ok(n);
        }
        let mut n = Node::with_capacity(id, s::PERSON, 5);
        n.text_cow(s::NAME, c.shown_name());
        n.opt_text(s::GIVEN_NAME, c.given.as_deref());
        n.opt_text(s::FAMILY_NAME, c.family.as_deref());
        n.opt_text(s::HONORIFIC_PREFIX, c.prefix.as_deref());
        n.opt_text(s::HONORIFIC_SUFFIX, c.suffix.as_deref());
        if let Some(o) = &c.orcid {
            n.iri(s::SAME_AS, known_iri(o.url())?);
        }
        Ok(n)
    }

    /// People of an item, in order, each as a nested node, with the ordered list beside them
    /// (a book's editors).
    fn people(
        &self,
        n: &mut Node<'a>,
        prop: Property,
        list: Property,
        people: &'a [Contributor],
        prefix: &Local,
    ) -> Result<()> {
        let mut order = Vec::new();
        for (k, c) in people.iter().enumerate() {
            let person = self.contributor(c, prefix, k + 1)?;
            order.push(person.id.clone());
            n.node(prop, person);
        }
        n.list(list, order);
        Ok(())
    }

    /// The contributors of a work or talk, in order, each under the property of its role
    /// ([`credit`]), with the ordered lists (`bibo:authorList`, `bibo:editorList`) beside
    /// them. Author marks (corresponding, equal contribution) have no schema.org term and
    /// are left to the HTML views (DESIGN.md, "Contributors").
    fn contributors(&self, n: &mut Node<'a>, w: &'a Work, key: &Local) -> Result<()> {
        let mut lists: Vec<(Property, Vec<NamedNode>)> = Vec::new();
        for (k, c) in w.authors.iter().enumerate() {
            match credit(c.role, w.kind) {
                Credit::Property(prop, list, part) => {
                    let node = self.contributor(c, &key.sub(&[part]), k + 1)?;
                    if let Some(list) = list {
                        match lists.iter_mut().find(|(p, _)| *p == list) {
                            Some((_, order)) => order.push(node.id.clone()),
                            None => lists.push((list, vec![node.id.clone()])),
                        }
                    }
                    n.node(prop, node);
                }
                Credit::Contributor => {
                    let node = self.contributor(c, &key.sub(&["--contributor"]), k + 1)?;
                    n.node(s::CONTRIBUTOR, node);
                }
                Credit::Role(name) => {
                    let mut role = Node::new(key.numbered(&["--contribution"], k + 1)?, s::ROLE);
                    role.text(s::ROLE_NAME, name);
                    let node = self.contributor(c, &key.sub(&["--contributor"]), k + 1)?;
                    role.node(s::CONTRIBUTOR, node);
                    n.node(s::CONTRIBUTOR, role);
                }
            }
        }
        for (list, order) in lists {
            n.list(list, order);
        }
        Ok(())
    }

    fn property_value(
        &self,
        id: NamedNode,
        scheme: impl Into<Cow<'a, str>>,
        value: impl Into<Cow<'a, str>>,
        url: Option<String>,
    ) -> Result<Node<'a>> {
        let mut pv = Node::with_capacity(id, s::PROPERTY_VALUE, 3);
        pv.text_cow(s::PROPERTY_ID, scheme.into());
        pv.text_cow(s::VALUE, value.into());
        if let Some(u) = url {
            pv.iri(s::URL, known_iri(u)?);
        }
        Ok(pv)
    }

    // ----- organizations and places -----

    /// An organization, `#org-<key>` ([`org_key`]); with a department, the department's node
    /// `#org-<key>--<department>` whose `parentOrganization` is the organization.
    fn organization(
        &self,
        o: &'a Organization,
        class: Class,
        department: Option<&'a str>,
    ) -> Result<Node<'a>> {
        let key = self.iris.key(&["org-", &org_key(o)]);
        let mut n = Node::new(key.iri()?, class);
        n.text(s::NAME, &o.name);
        n.opt_text(s::ALTERNATE_NAME, o.short_name.as_deref());
        if let Some(u) = &o.url {
            n.iri(s::URL, url_iri(u)?);
        }
        if let Some(r) = &o.ror {
            n.iri(s::SAME_AS, known_iri(r.url())?);
        }
        if let Some(i) = &o.isni {
            n.iri(s::SAME_AS, known_iri(i.url())?);
        }
        if let Some(f) = &o.fundref {
            n.iri(s::SAME_AS, known_iri(f.url())?);
        }
        let ids: [(&str, &str, Option<String>, Option<String>); 5] = [
            (
                "ror",
                "ROR",
                o.ror.as_ref().map(|r| r.as_str().to_owned()),
                o.ror.as_ref().map(|r| r.url()),
            ),
            (
                "grid",
                "GRID",
                o.grid.as_ref().map(|g| g.as_str().to_owned()),
                None,
            ),
            (
                "ringgold",
                "Ringgold",
                o.ringgold.map(|r| r.to_string()),
                None,
            ),
            (
                "fundref",
                "FundRef",
                o.fundref.as_ref().map(|f| f.as_str().to_owned()),
                o.fundref.as_ref().map(|f| f.url()),
            ),
            (
                "isni",
                "ISNI",
                o.isni.as_ref().map(|i| i.as_str().to_owned()),
                o.isni.as_ref().map(|i| i.url()),
            ),
        ];
        for (suffix, scheme, value, url) in ids {
            if let Some(v) = value {
                n.node(
                    s::IDENTIFIER,
                    self.property_value(key.part(&["--", suffix])?, scheme, v, url)?,
                );
            }
        }
        if o.city.is_some() || o.region.is_some() || o.country.is_some() {
            let mut addr = Node::new(key.part(&["--address"])?, s::POSTAL_ADDRESS);
            addr.opt_text(s::ADDRESS_LOCALITY, o.city.as_deref());
            addr.opt_text(s::ADDRESS_REGION, o.region.as_deref());
            addr.opt_text(s::ADDRESS_COUNTRY, o.country.as_ref().map(|c| c.as_str()));
            n.node(s::ADDRESS, addr);
        }
        match department.or(o.department.as_deref()) {
            Some(d) if !d.trim().is_empty() => {
                let mut dept = Node::new(key.part(&["--", &name_key(d)])?, class);
                dept.text(s::NAME, d);
                dept.node(s::PARENT_ORGANIZATION, n);
                Ok(dept)
            }
            _ => Ok(n),
        }
    }

    /// Where an event took place, as `location`s (a `Place` with its address, a
    /// `VirtualLocation` with its URL, or both for a hybrid event) and the
    /// `eventAttendanceMode` they make (offline, online, mixed).
    fn location(&self, n: &mut Node<'a>, p: &'a Place, local: &Local) -> Result<()> {
        let there = p.city.is_some() || p.region.is_some() || p.country.is_some();
        let mode = match (p.online, there) {
            (true, true) => s::MIXED_ATTENDANCE,
            (true, false) => s::ONLINE_ATTENDANCE,
            (false, _) => s::OFFLINE_ATTENDANCE,
        };
        if !p.online || there {
            let mut place = Node::new(local.iri()?, s::PLACE);
            // An online event's name names its virtual location unless it is also there.
            if !p.online {
                place.opt_text(s::NAME, p.name.as_deref());
            }
            if there {
                let mut addr = Node::new(local.part(&["--address"])?, s::POSTAL_ADDRESS);
                addr.opt_text(s::ADDRESS_LOCALITY, p.city.as_deref());
                addr.opt_text(s::ADDRESS_REGION, p.region.as_deref());
                addr.opt_text(s::ADDRESS_COUNTRY, p.country.as_ref().map(|c| c.as_str()));
                place.node(s::ADDRESS, addr);
            }
            n.node(s::LOCATION, place);
        }
        if p.online {
            let mut v = Node::new(local.part(&["--online"])?, s::VIRTUAL_LOCATION);
            v.text(s::NAME, p.name.as_deref().unwrap_or("online"));
            if let Some(u) = &p.url {
                v.iri(s::URL, url_iri(u)?);
            }
            n.node(s::LOCATION, v);
        }
        n.iri(s::EVENT_ATTENDANCE_MODE, mode.into_owned());
        Ok(())
    }

    // ----- career, education, memberships -----

    fn affiliation(
        &self,
        person: &mut Node<'a>,
        section: AffiliationSection,
        a: &'a Affiliation,
        i: usize,
    ) -> Result<()> {
        let key = self
            .iris
            .key(&[section.key(), "-", &id_of(a.id.as_ref(), section.key(), i)]);
        let org_class = match section {
            AffiliationSection::Education => s::EDUCATIONAL_ORGANIZATION,
            _ => s::ORGANIZATION,
        };
        self.affiliation_supervisors(person, section, a, &key)?;
        // An affiliation without organization (ORCID's XSD allows one) is a role of nothing.
        let org = match &a.organization {
            Some(o) => Some(self.organization(o, org_class, a.department.as_deref())?),
            None => None,
        };
        let mut text: Vec<&str> = a.description.iter().map(String::as_str).collect();
        text.extend(a.details.iter().map(|d| d.as_str()));
        let description = text.join("\n");
        if section == AffiliationSection::Qualifications {
            let mut c = Node::new(key.iri()?, s::EDUCATIONAL_OCCUPATIONAL_CREDENTIAL);
            let name = a
                .degree
                .as_ref()
                .map(|d| d.name.as_str())
                .or(a.role.as_deref())
                .or(a.organization.as_ref().map(|o| o.name.as_str()));
            c.opt_text(s::NAME, name);
            c.text(s::CREDENTIAL_CATEGORY, "qualification");
            c.text_owned(s::DESCRIPTION, description);
            c.opt_date(s::DATE_CREATED, a.period.start());
            if let Some(u) = &a.url {
                c.iri(s::URL, url_iri(u)?);
            }
            if let Some(org) = org {
                c.node(s::RECOGNIZED_BY, org);
            }
            person.node(s::HAS_CREDENTIAL, c);
            return Ok(());
        }
        let (prop, class) = match section {
            AffiliationSection::Employment => (s::WORKS_FOR, s::EMPLOYEE_ROLE),
            AffiliationSection::Education => (s::ALUMNI_OF, s::ORGANIZATION_ROLE),
            AffiliationSection::InvitedPositions => (s::AFFILIATION, s::ORGANIZATION_ROLE),
            _ => (s::MEMBER_OF, s::ORGANIZATION_ROLE),
        };
        let mut role = Node::new(key.iri()?, class);
        let role_name = a
            .role
            .as_deref()
            .or(a.degree.as_ref().map(|d| d.name.as_str()))
            .or(a.journal_role().map(|r| r.label()));
        role.opt_text(s::ROLE_NAME, role_name);
        role.opt_date(s::START_DATE, a.period.start());
        role.opt_date(s::END_DATE, a.period.end());
        role.text_owned(s::DESCRIPTION, description);
        if let Some(u) = &a.url {
            role.iri(s::URL, url_iri(u)?);
        }
        if let Some(org) = org {
            role.node(prop, org);
        }
        person.node(prop, role);
        if let Some(d) = &a.degree {
            let mut c = Node::new(
                key.part(&["--degree"])?,
                s::EDUCATIONAL_OCCUPATIONAL_CREDENTIAL,
            );
            c.text(s::NAME, &d.name);
            c.text(s::CREDENTIAL_CATEGORY, "degree");
            c.opt_text(s::EDUCATIONAL_LEVEL, d.level.map(level_label));
            let mut about = Vec::new();
            if let Some(f) = &d.field {
                about.push(format!("Field: {f}"));
            }
            if let Some(g) = &d.grade {
                about.push(format!("Grade: {g}"));
            }
            if let Some(t) = &d.thesis {
                about.push(format!("Thesis: {}", t.as_str()));
            }
            if let Some(f) = &d.focus {
                about.push(format!("Focus: {f}"));
            }
            c.text_owned(s::DESCRIPTION, about.join("\n"));
            c.opt_date(s::DATE_CREATED, a.period.end());
            if let Some(o) = &a.organization {
                c.node(
                    s::RECOGNIZED_BY,
                    self.organization(o, s::EDUCATIONAL_ORGANIZATION, None)?,
                );
            }
            person.node(s::HAS_CREDENTIAL, c);
        }
        Ok(())
    }

    /// The supervisors (advisors, mentors) of a position or degree, as the person's
    /// `colleague` through a `Role` {`roleName` "supervisor", the position's dates}:
    /// schema.org has no `supervisor`, and the Role pattern keeps what the relation is. A
    /// degree's supervisors go to its thesis instead when the thesis is a work of the CV
    /// ([`supervisors`](Self::supervisors)).
    fn affiliation_supervisors(
        &self,
        person: &mut Node<'a>,
        section: AffiliationSection,
        a: &'a Affiliation,
        key: &Local,
    ) -> Result<()> {
        let thesis = a.degree.as_ref().and_then(|d| d.thesis_work.as_ref());
        if section == AffiliationSection::Education
            && thesis.is_some_and(|t| self.cv.works.iter().any(|w| w.id.as_ref() == Some(t)))
        {
            return Ok(());
        }
        let supervisor = key.sub(&["--supervisor"]);
        for (k, c) in a.supervisors.iter().enumerate() {
            let mut role = Node::new(key.numbered(&["--supervision"], k + 1)?, s::ROLE);
            role.text(s::ROLE_NAME, "supervisor");
            role.opt_date(s::START_DATE, a.period.start());
            role.opt_date(s::END_DATE, a.period.end());
            role.node(s::COLLEAGUE, self.contributor(c, &supervisor, k + 1)?);
            person.node(s::COLLEAGUE, role);
        }
        Ok(())
    }

    // ----- projects and patents -----

    fn has_grant(p: &'a Project) -> bool {
        !p.funder.is_empty()
            || p.grant_number.is_some()
            || p.amount.is_some()
            || p.programme.is_some()
    }

    fn project(&self, p: &'a Project, i: usize) -> Result<Node<'a>> {
        let key = self
            .iris
            .key(&["project-", &id_of(p.id.as_ref(), "project", i)]);
        let id = key.iri()?;
        let mut n = Node::new(id.clone(), s::RESEARCH_PROJECT);
        n.text(s::NAME, &p.title);
        n.opt_text(s::ALTERNATE_NAME, p.acronym.as_deref());
        n.opt_text(s::DESCRIPTION, p.description.as_deref());
        if let Some(u) = &p.url {
            n.iri(s::URL, url_iri(u)?);
        }
        titles(&mut n, &p.translated_title, &p.transliterated_title);
        n.opt_date(s::FOUNDING_DATE, p.period.start());
        n.opt_date(s::DISSOLUTION_DATE, p.period.end());
        for f in &p.funder {
            n.node(s::FUNDER, self.organization(f, s::ORGANIZATION, None)?);
        }
        if let Some(h) = &p.host {
            n.node(
                s::PARENT_ORGANIZATION,
                self.organization(h, s::ORGANIZATION, None)?,
            );
        }
        let investigator = key.sub(&["--investigator"]);
        for (k, c) in p.investigators.iter().enumerate() {
            n.node(s::MEMBER, self.contributor(c, &investigator, k + 1)?);
        }
        if Self::has_grant(p) {
            let class = if p.amount.is_some() {
                s::MONETARY_GRANT
            } else {
                s::GRANT
            };
            let mut g = Node::new(key.part(&["--grant"])?, class);
            g.opt_text(s::NAME, p.programme.as_deref());
            g.opt_text(s::IDENTIFIER, p.grant_number.as_deref());
            if p.funding_type != FundingType::Grant {
                g.text(s::DESCRIPTION, funding_label(p.funding_type));
            }
            for f in &p.funder {
                g.node(s::FUNDER, self.organization(f, s::ORGANIZATION, None)?);
            }
            if let Some(a) = &p.amount {
                let mut m = Node::new(key.part(&["--amount"])?, s::MONETARY_AMOUNT);
                m.text(s::VALUE, a.value());
                m.text(s::CURRENCY, a.currency().as_str());
                g.node(s::AMOUNT, m);
            }
            g.iri(s::FUNDED_ITEM, id);
            n.node(s::FUNDING, g);
        }
        Ok(n)
    }

    fn patent_family(&self, f: &'a PatentFamily, i: usize) -> Result<Node<'a>> {
        let key = self
            .iris
            .key(&["patent-", &id_of(f.id.as_ref(), "patent", i)]);
        let mut n = Node::new(key.iri()?, s::CREATIVE_WORK);
        n.text(s::NAME, &f.title);
        let mut inventors = Vec::new();
        let inventor = key.sub(&["--inventor"]);
        for (k, c) in f.inventors.iter().enumerate() {
            let person = self.contributor(c, &inventor, k + 1)?;
            inventors.push(person.id.clone());
            n.node(s::CREATOR, person);
        }
        for a in &f.assignees {
            n.node(
                s::SOURCE_ORGANIZATION,
                self.organization(a, s::ORGANIZATION, None)?,
            );
        }
        for (k, m) in f.members.iter().enumerate() {
            let member = [key.name(), "--member"].concat();
            let mkey = self
                .iris
                .key(&["patent-", &id_of(m.id.as_ref(), &member, k)]);
            n.node(s::HAS_PART, self.patent_member(f, m, &mkey, &inventors)?);
        }
        Ok(n)
    }

    fn patent_member(
        &self,
        f: &'a PatentFamily,
        m: &'a PatentMember,
        key: &Local,
        inventors: &[NamedNode],
    ) -> Result<Node<'a>> {
        let mut n = Node::new(key.iri()?, s::CREATIVE_WORK);
        n.iri(s::ADDITIONAL_TYPE, bibo::PATENT.into_owned());
        n.text(s::NAME, m.title.as_ref().unwrap_or(&f.title));
        n.node(
            s::IDENTIFIER,
            self.property_value(
                key.part(&["--number"])?,
                [m.office.as_str(), " patent number"].concat(),
                m.compact_number(),
                None,
            )?,
        );
        n.text(
            s::CREATIVE_WORK_STATUS,
            match m.status {
                PatentStatus::Filed => "Filed",
                PatentStatus::Published => "Published",
                PatentStatus::Granted => "Granted",
            },
        );
        match m.status {
            PatentStatus::Filed => n.opt_date(s::DATE_CREATED, m.date),
            _ => n.opt_date(s::DATE_PUBLISHED, m.date),
        }
        let code = m.office.as_str();
        let mut office = Node::new(
            self.local_of(&["office-", &code.to_ascii_lowercase()])?,
            s::ORGANIZATION,
        );
        let name = match crate::types::CountryCode::new(code) {
            Ok(country) => [country.name(), " patent office"].concat(),
            Err(_) => m.office.name().to_owned(),
        };
        if name.is_empty() {
            office.text(s::NAME, code);
        } else {
            office.text_owned(s::NAME, name);
        }
        n.node(s::PUBLISHER, office);
        for inv in inventors {
            n.iri(s::CREATOR, inv.clone());
        }
        if let Some(u) = &m.url {
            n.iri(s::URL, url_iri(u)?);
        }
        Ok(n)
    }

    // ----- works -----

    /// A work's node, and for a paper given at a conference, the conference's node: one
    /// mapping for every kind of work. A talk or lecture is also an `Event` /
    /// `EducationEvent` (given by its speakers, `performer`; the person when none is named;
    /// within the event it was part of, `superEvent`), and keeps everything a work has: its
    /// abstract, identifiers, awards, funding and the work it is a version of.
    fn work(&self, w: &'a Work, i: usize) -> Result<(Node<'a>, Option<Node<'a>>)> {
        let wid = id_of(w.id.as_ref(), "work", i);
        let key = self.iris.key(&["work-", &wid]);
        let talk = w.kind.is_presentation();
        let (class, genre) = work_class(w.kind);
        let id = key.iri()?;
        // Room for the authors and the usual number of other values.
        let mut n = Node::with_capacity(id.clone(), class, w.authors.len() + 24);
        if talk {
            // The talk as given (the event) and as a work (its title, abstract, DOI, awards).
            n.add_type(s::CREATIVE_WORK);
        }
        if let Some(g) = genre {
            n.iri(s::ADDITIONAL_TYPE, g.into_owned());
        }
        let title: Cow<'a, str> = match &w.subtitle {
            Some(sub) => Cow::Owned([w.title.as_str(), ": ", sub].concat()),
            None => Cow::Borrowed(w.title.as_str()),
        };
        n.text_cow(s::NAME, title.clone());
        n.text_cow(s::HEADLINE, title);
        titles(&mut n, &w.translated_title, &w.transliterated_title);
        if talk && !w.authors.iter().any(|c| c.role.is_author()) {
            // A talk is given by its speakers; by the person when none is named.
            n.node(s::PERFORMER, self.me_ref()?);
        }
        self.contributors(&mut n, w, &key)?;
        if talk {
            let dates = w.event.as_ref().map(|e| e.dates.as_slice()).unwrap_or(&[]);
            n.opt_date(s::START_DATE, w.date.or(dates.first().copied()));
            if dates.len() > 1 {
                n.opt_date(s::END_DATE, dates.last().copied());
            }
        } else {
            n.opt_date(s::DATE_PUBLISHED, w.date);
        }
        let status = match w.status {
            PublicationStatus::Published if w.kind == WorkKind::Preprint => Some("Preprint"),
            PublicationStatus::Published => None,
            PublicationStatus::InPress => Some("In press"),
            PublicationStatus::Accepted => Some("Accepted"),
            PublicationStatus::Submitted => Some("Submitted"),
            PublicationStatus::Preprint => Some("Preprint"),
        };
        n.opt_text(s::CREATIVE_WORK_STATUS, status);
        if let Some(c) = &w.container {
            n.node(s::IS_PART_OF, self.container(w, c)?);
        }
        if let Some(p) = &w.publisher {
            let org = self.organization(p, s::ORGANIZATION, None)?;
            if w.kind == WorkKind::Thesis {
                n.node(s::SOURCE_ORGANIZATION, org);
            } else {
                n.node(s::PUBLISHER, org);
            }
        }
        if w.kind == WorkKind::Thesis {
            n.opt_text(s::IN_SUPPORT_OF, w.degree.as_deref());
            self.supervisors(&mut n, w)?;
        }
        if let Some(p) = &w.pages
            && [s::SCHOLARLY_ARTICLE, s::CHAPTER, s::REPORT].contains(&class)
        {
            n.text(s::PAGE_START, p.first());
            n.opt_text(s::PAGE_END, p.last());
            n.text(s::PAGINATION, p.as_str());
        }
        if matches!(w.kind, WorkKind::Book | WorkKind::EditedBook) {
            for isbn in &w.isbn {
                n.text(s::ISBN, isbn.as_str());
            }
        }
        self.work_identifiers(&mut n, w, &key)?;
        if let Some(u) = &w.url {
            n.iri(s::URL, url_iri(u)?);
        }
        for (k, l) in w.links.iter().enumerate() {
            self.work_link(&mut n, w, l, &key, k + 1)?;
        }
        for a in &w.awards {
            n.text(s::AWARD, a);
        }
        for a in self
            .cv
            .awards
            .iter()
            .filter(|a| a.work.is_some() && a.work == w.id)
        {
            n.text_owned(s::AWARD, award_text(a));
        }
        self.funding(&mut n, w)?;
        n.opt_text(s::IN_LANGUAGE, w.language.as_ref().map(|l| l.as_str()));
        n.opt_text(s::ABSTRACT, w.r#abstract.as_deref());
        for k in &w.keywords {
            n.text(s::KEYWORDS, k);
        }
        n.text_cow(s::DESCRIPTION, notes(w, w.presentation));
        if let Some(v) = &w.version_of {
            n.iri(s::EXAMPLE_OF_WORK, self.local_of(&["work-", v.as_str()])?);
        }
        self.software_and_data(&mut n, w, &key)?;
        if talk {
            if let Some(e) = &w.event {
                self.talk_event(&mut n, e, &key)?;
            }
            if let Some(p) = &w.presents {
                n.iri(s::WORK_FEATURED, self.local_of(&["work-", p.as_str()])?);
            }
            return Ok((n, None));
        }
        let event = match &w.event {
            Some(e) => Some(self.conference(e, &key, id)?),
            None => None,
        };
        Ok((n, event))
    }

    /// Where and within what a talk was given: its place (`location`), host (`organizer`)
    /// and the event it was part of (`superEvent`).
    fn talk_event(&self, n: &mut Node<'a>, e: &'a Event, key: &Local) -> Result<()> {
        let place = key.sub(&["--place"]);
        if let Some(p) = &e.location {
            self.location(n, p, &place)?;
        }
        if let Some(h) = &e.host {
            n.node(s::ORGANIZER, self.organization(h, s::ORGANIZATION, None)?);
        }
        // The event itself: its name, days, place and page, as the CV gives them.
        let mut sup = Node::new(key.part(&["--event"])?, s::EVENT);
        sup.text(s::NAME, &e.name);
        sup.opt_date(s::START_DATE, e.dates.first().copied());
        if e.dates.len() > 1 {
            sup.opt_date(s::END_DATE, e.dates.last().copied());
        }
        if let Some(p) = &e.location {
            // The talk's place, described with the talk: on the event, a copy that Google
            // reads there (an Event wants its location with its address).
            self.location(&mut sup, p, &place)?;
            for (prop, v) in &mut sup.props {
                if let (&s::LOCATION, Value::Node(l)) = (&*prop, v) {
                    l.reference = true;
                }
            }
        }
        if let Some(u) = &e.url {
            sup.iri(s::URL, url_iri(u)?);
        }
        n.node(s::SUPER_EVENT, sup);
        Ok(())
    }

    fn work_identifiers(&self, n: &mut Node<'a>, w: &'a Work, key: &Local) -> Result<()> {
        if let Some(d) = &w.doi {
            n.iri(s::SAME_AS, known_iri(d.url())?);
        }
        if let Some(a) = &w.arxiv {
            n.iri(s::SAME_AS, known_iri(a.url())?);
        }
        let pmid_url = w
            .pmid
            .as_ref()
            .filter(|p| p.bytes().all(|b| b.is_ascii_digit()))
            .map(|p| format!("https://pubmed.ncbi.nlm.nih.gov/{p}/"));
        if let Some(u) = &pmid_url {
            n.iri(s::SAME_AS, known_iri(u.clone())?);
        }
        for id in &w.identifiers {
            if let Some(u) = &id.url {
                n.iri(s::SAME_AS, url_iri(u)?);
            }
        }
        if let Some(d) = &w.doi {
            n.node(
                s::IDENTIFIER,
                self.property_value(key.part(&["--doi"])?, "DOI", d.as_str(), Some(d.url()))?,
            );
        }
        if let Some(a) = &w.arxiv {
            n.node(
                s::IDENTIFIER,
                self.property_value(key.part(&["--arxiv"])?, "arXiv", a.as_str(), Some(a.url()))?,
            );
        }
        if let Some(p) = &w.pmid {
            n.node(
                s::IDENTIFIER,
                self.property_value(key.part(&["--pmid"])?, "PMID", p, pmid_url)?,
            );
        }
        if let Some(a) = &w.article_number {
            n.node(
                s::IDENTIFIER,
                self.property_value(key.part(&["--article-number"])?, "article number", a, None)?,
            );
        }
        for (k, id) in w.identifiers.iter().enumerate() {
            let url = id.url.as_ref().map(|u| u.to_string());
            n.node(
                s::IDENTIFIER,
                self.property_value(
                    key.numbered(&["--id"], k + 1)?,
                    id.scheme.as_str(),
                    id.value.as_str(),
                    url,
                )?,
            );
        }
        Ok(())
    }

    /// A link of a work: code and data it rests on (`isBasedOn`), a PDF (`encoding`), a
    /// landing page (`url`), slides, videos and anything else about it (`subjectOf`). A
    /// talk's slides (or PDF) are the work it features (`workFeatured`), its video the
    /// recording of it (`recordedIn`).
    fn work_link(
        &self,
        n: &mut Node<'a>,
        w: &'a Work,
        l: &'a Link,
        key: &Local,
        number: usize,
    ) -> Result<()> {
        // A local file has no public address: the exports leave it out (`vitae site`
        // publishes it beside the work's page).
        let Some(url) = l.url() else {
            return Ok(());
        };
        let url = url_iri(url)?;
        let id = || key.numbered(&["--link"], number);
        let talk = w.kind.is_presentation();
        match l.kind {
            LinkKind::Slides | LinkKind::Pdf if talk => {
                let mut d = Node::new(id()?, s::PRESENTATION_DIGITAL_DOCUMENT);
                d.iri(s::URL, url);
                d.opt_text(s::NAME, l.label.as_deref());
                n.node(s::WORK_FEATURED, d);
            }
            LinkKind::Video if talk => {
                let mut v = Node::new(id()?, s::MEDIA_OBJECT);
                v.iri(s::URL, url);
                v.opt_text(s::NAME, l.label.as_deref());
                n.node(s::RECORDED_IN, v);
            }
            LinkKind::Code if w.kind == WorkKind::Software => n.iri(s::CODE_REPOSITORY, url),
            LinkKind::Code | LinkKind::Data => n.iri(s::IS_BASED_ON, url),
            LinkKind::Homepage => n.iri(s::URL, url),
            LinkKind::Pdf | LinkKind::OpenAccess => {
                let mut m = Node::new(id()?, s::MEDIA_OBJECT);
                m.iri(s::CONTENT_URL, url);
                if l.kind == LinkKind::Pdf {
                    m.text(s::ENCODING_FORMAT, "application/pdf");
                }
                m.opt_text(s::NAME, l.label.as_deref());
                n.node(s::ENCODING, m);
            }
            LinkKind::Slides | LinkKind::Video | LinkKind::Profile | LinkKind::Other => {
                let class = match l.kind {
                    LinkKind::Slides => s::PRESENTATION_DIGITAL_DOCUMENT,
                    LinkKind::Video => s::MEDIA_OBJECT,
                    _ => s::CREATIVE_WORK,
                };
                let mut c = Node::new(id()?, class);
                c.iri(s::URL, url);
                c.opt_text(s::NAME, l.label.as_deref());
                n.node(s::SUBJECT_OF, c);
            }
        }
        Ok(())
    }

    fn funding(&self, n: &mut Node<'a>, w: &'a Work) -> Result<()> {
        for pid in &w.funded_by {
            if let Some(p) = self.cv.projects.iter().find(|p| p.id.as_ref() == Some(pid))
                && Self::has_grant(p)
            {
                n.iri(
                    s::FUNDING,
                    self.local_of(&["project-", pid.as_str(), "--grant"])?,
                );
            }
        }
        Ok(())
    }

    /// The supervisors of a thesis, from the education entry that names it as its thesis, as
    /// `contributor` roles.
    fn supervisors(&self, n: &mut Node<'a>, w: &'a Work) -> Result<()> {
        let Some(wid) = &w.id else { return Ok(()) };
        for (i, a) in self
            .cv
            .affiliations(AffiliationSection::Education)
            .iter()
            .enumerate()
        {
            if a.degree.as_ref().and_then(|d| d.thesis_work.as_ref()) != Some(wid) {
                continue;
            }
            let key = self
                .iris
                .key(&["education-", &id_of(a.id.as_ref(), "education", i)]);
            let supervisor = key.sub(&["--supervisor"]);
            for (k, c) in a.supervisors.iter().enumerate() {
                let mut role = Node::new(key.numbered(&["--supervision"], k + 1)?, s::ROLE);
                role.text(s::ROLE_NAME, "supervisor");
                role.node(s::CONTRIBUTOR, self.contributor(c, &supervisor, k + 1)?);
                n.node(s::CONTRIBUTOR, role);
            }
        }
        Ok(())
    }

    /// What a work appeared in, as the node its `isPartOf` points to: a journal's issue or
    /// volume (inside the journal), a book or proceedings (inside its series), a web site.
    fn container(&self, w: &'a Work, c: &'a Container) -> Result<Node<'a>> {
        let kind = c.kind.unwrap_or(match w.kind {
            WorkKind::JournalArticle => ContainerKind::Journal,
            WorkKind::ConferencePaper | WorkKind::WorkshopPaper | WorkKind::Poster => {
                ContainerKind::Proceedings
            }
            WorkKind::BookChapter => ContainerKind::Book,
            WorkKind::Preprint => ContainerKind::Repository,
            WorkKind::Report | WorkKind::Book | WorkKind::EditedBook | WorkKind::Thesis => {
                ContainerKind::Series
            }
            _ => ContainerKind::Other,
        });
        let slug = name_key(&c.title);
        match kind {
            ContainerKind::Journal | ContainerKind::Repository | ContainerKind::Series => {
                let (prefix, class) = match kind {
                    ContainerKind::Journal => ("journal", s::PERIODICAL),
                    ContainerKind::Repository => ("repository", s::PERIODICAL),
                    _ => ("series", s::BOOK_SERIES),
                };
                let key = self.iris.key(&[prefix, "-", &slug]);
                let mut root = Node::new(key.iri()?, class);
                self.container_common(&mut root, c)?;
                for issn in &c.issn {
                    root.text(s::ISSN, issn.as_str());
                }
                let mut inner = root;
                let mut inner_key = key;
                if let Some(v) = &w.volume {
                    inner_key = inner_key.sub(&["--volume-", &name_key(v)]);
                    let mut vol = Node::new(inner_key.iri()?, s::PUBLICATION_VOLUME);
                    vol.text(s::VOLUME_NUMBER, v);
                    vol.node(s::IS_PART_OF, inner);
                    inner = vol;
                }
                if let Some(is) = &w.issue {
                    inner_key = inner_key.sub(&["--issue-", &name_key(is)]);
                    let mut issue = Node::new(inner_key.iri()?, s::PUBLICATION_ISSUE);
                    issue.text(s::ISSUE_NUMBER, is);
                    issue.node(s::IS_PART_OF, inner);
                    inner = issue;
                }
                Ok(inner)
            }
            ContainerKind::Proceedings | ContainerKind::Book => {
                let prefix = if kind == ContainerKind::Book {
                    "book"
                } else {
                    "proceedings"
                };
                let mut key = self.iris.key(&[prefix, "-", &slug]);
                if let Some(v) = &w.volume {
                    // One volume of a book or proceedings is a book of its own.
                    key = key.sub(&["--volume-", &name_key(v)]);
                }
                let mut book = Node::new(key.iri()?, s::BOOK);
                self.container_common(&mut book, c)?;
                self.people(
                    &mut book,
                    s::EDITOR,
                    bibo::EDITOR_LIST,
                    &c.editors,
                    &key.sub(&["--editor"]),
                )?;
                for isbn in &c.isbn {
                    book.text(s::ISBN, isbn.as_str());
                }
                if let Some(v) = &w.volume {
                    book.add_type(s::PUBLICATION_VOLUME);
                    book.text(s::VOLUME_NUMBER, v);
                }
                if let Some(series) = &c.series {
                    let id = self.local_of(&["series-", &name_key(series)])?;
                    let mut sn = Node::new(id, s::BOOK_SERIES);
                    sn.text(s::NAME, series);
                    for issn in &c.issn {
                        sn.text(s::ISSN, issn.as_str());
                    }
                    book.node(s::IS_PART_OF, sn);
                }
                Ok(book)
            }
            ContainerKind::Website => {
                let mut site = Node::new(self.local_of(&["website-", &slug])?, s::WEB_SITE);
                self.container_common(&mut site, c)?;
                Ok(site)
            }
            ContainerKind::Other => {
                let id = self.local_of(&["container-", &slug])?;
                let mut other = Node::new(id, s::CREATIVE_WORK);
                self.container_common(&mut other, c)?;
                Ok(other)
            }
        }
    }

    fn container_common(&self, n: &mut Node<'a>, c: &'a Container) -> Result<()> {
        n.text(s::NAME, &c.title);
        n.opt_text(s::ALTERNATE_NAME, c.short_title.as_deref());
        if let Some(p) = &c.publisher {
            n.node(s::PUBLISHER, self.organization(p, s::ORGANIZATION, None)?);
        }
        if let Some(u) = &c.url {
            n.iri(s::URL, url_iri(u)?);
        }
        Ok(())
    }

    /// The conference where a paper was presented, `#work-<id>-event`, featuring the paper.
    fn conference(&self, e: &'a Event, key: &Local, work: NamedNode) -> Result<Node<'a>> {
        let ekey = key.sub(&["--event"]);
        let mut n = Node::new(ekey.iri()?, s::CONFERENCE_EVENT);
        self.event_common(&mut n, e, &ekey)?;
        n.iri(s::WORK_FEATURED, work);
        Ok(n)
    }

    fn event_common(&self, n: &mut Node<'a>, e: &'a Event, key: &Local) -> Result<()> {
        n.text(s::NAME, &e.name);
        n.opt_date(s::START_DATE, e.dates.first().copied());
        if e.dates.len() > 1 {
            n.opt_date(s::END_DATE, e.dates.last().copied());
        }
        if let Some(p) = &e.location {
            self.location(n, p, &key.sub(&["--place"]))?;
        }
        if let Some(h) = &e.host {
            n.node(s::ORGANIZER, self.organization(h, s::ORGANIZATION, None)?);
        }
        if let Some(u) = &e.url {
            n.iri(s::URL, url_iri(u)?);
        }
        Ok(())
    }
}

/// The key of an organization's IRI (`#org-<key>`), one per organization: its ROR id
/// (`ror.03v4gjf40`), else its GRID id (`grid.6734.6`), else its ISNI
/// (`isni.0000000123456789`), else its name, city and country ([`key_of`]: `Institute-of-
/// Oceanography_Gdansk_PL~…`). A key by identifier holds a `.`, which a key by name never
/// does: the two kinds never meet.
fn org_key(o: &Organization) -> String {
    if let Some(r) = &o.ror {
        return ["ror.", r.as_str()].concat();
    }
    if let Some(g) = &o.grid {
        return g.as_str().to_owned();
    }
    if let Some(i) = &o.isni {
        return ["isni.", i.as_str()].concat();
    }
    key_of(&[
        &o.name,
        o.city.as_deref().unwrap_or(""),
        o.country.as_ref().map_or("", |c| c.as_str()),
    ])
}

/// Where a contributor of a work goes in the graph.
enum Credit {
    /// A property of its own, the ordered list beside it if any, and the part of its nodes'
    /// IRIs (`--author` in `#work-x--author-2`).
    Property(Property, Option<Property>, &'static str),
    /// `contributor`, through a `Role` whose `roleName` is the role's name in the CV.
    Role(&'static str),
    /// `contributor`, the person itself (role `other`: nothing more to say).
    Contributor,
}

/// The one table of contributor roles to schema.org (and BIBO's ordered lists): authors are
/// `author` (of a talk, `performer`; of an edited book, `editor`), editors `editor`,
/// translators `translator`; every other role (supervisor, chair, inventor, assignee,
/// investigators) a `contributor` `Role` with that `roleName`, and `other` a plain
/// `contributor`. `bibo:authorList` holds the authors only.
fn credit(role: ContributorRole, kind: WorkKind) -> Credit {
    let event = kind.is_presentation();
    match role {
        ContributorRole::Author if event => Credit::Property(s::PERFORMER, None, "--speaker"),
        ContributorRole::Author if kind == WorkKind::EditedBook => {
            Credit::Property(s::EDITOR, Some(bibo::EDITOR_LIST), "--editor")
        }
        ContributorRole::Author => Credit::Property(s::AUTHOR, Some(bibo::AUTHOR_LIST), "--author"),
        ContributorRole::Editor if !event => {
            Credit::Property(s::EDITOR, Some(bibo::EDITOR_LIST), "--editor")
        }
        ContributorRole::Translator => Credit::Property(s::TRANSLATOR, None, "--translator"),
        ContributorRole::Other => Credit::Contributor,
        r => Credit::Role(r.as_str()),
    }
}

/// The translated titles and the transliterations of a title, each as a language-tagged
/// `alternateName`.
fn titles<'a>(
    n: &mut Node<'a>,
    translated: &'a [TranslatedTitle],
    transliterated: &'a [TranslatedTitle],
) {
    for t in translated.iter().chain(transliterated) {
        n.lang_text(s::ALTERNATE_NAME, &t.title, &t.language);
    }
}

/// Editorial service, supervision and teaching, and the fields of software and data.
impl<'a> Mapper<'a> {
    /// Software and data: version, licence, programming languages, formats, repository.
    fn software_and_data(&self, n: &mut Node<'a>, w: &'a Work, key: &Local) -> Result<()> {
        // `softwareVersion` is SoftwareApplication's; source code and data take `version`.
        let software = w.kind == WorkKind::Software;
        n.opt_text(s::VERSION, w.version.as_deref());
        if let Some(l) = &w.license {
            n.iri(s::LICENSE, known_iri(l.url())?);
        }
        if software {
            for l in &w.programming_language {
                n.text(s::PROGRAMMING_LANGUAGE, l);
            }
        }
        for f in &w.format {
            n.text(s::ENCODING_FORMAT, f);
        }
        if let Some(r) = &w.repository {
            let url = url_iri(r)?;
            match w.kind {
                WorkKind::Software => n.iri(s::CODE_REPOSITORY, url),
                WorkKind::Dataset => {
                    let mut c = Node::new(key.part(&["--repository"])?, s::DATA_CATALOG);
                    c.iri(s::URL, url);
                    n.node(s::INCLUDED_IN_DATA_CATALOG, c);
                }
                _ => n.iri(s::IS_BASED_ON, url),
            }
        }
        Ok(())
    }

    /// The journal a `services` entry serves, `#journal-<title>` (the node of the journal's
    /// articles), with the person as its `editor` (or, for a reviewer, `contributor`) through
    /// a `Role` that carries the role's name and dates.
    fn journal_served(&self, a: &'a Affiliation, i: usize) -> Result<Option<Node<'a>>> {
        let (Some(j), Some(kind)) = (&a.journal, a.journal_role()) else {
            return Ok(None);
        };
        let key = self.iris.key(&["journal-", &name_key(&j.title)]);
        let mut n = Node::new(key.iri()?, s::PERIODICAL);
        n.text(s::NAME, &j.title);
        for issn in &j.issn {
            n.text(s::ISSN, issn.as_str());
        }
        if let Some(u) = &j.url {
            n.iri(s::URL, url_iri(u)?);
        }
        let prop = if kind.is_editor() {
            s::EDITOR
        } else {
            s::CONTRIBUTOR
        };
        let service = self
            .iris
            .key(&["services-", &id_of(a.id.as_ref(), "services", i)]);
        let mut role = Node::new(service.part(&["--journal-role"])?, s::ROLE);
        role.text(s::ROLE_NAME, a.role.as_deref().unwrap_or(kind.label()));
        role.opt_date(s::START_DATE, a.period.start());
        role.opt_date(s::END_DATE, a.period.end());
        role.node(prop, self.me_ref()?);
        n.node(prop, role);
        Ok(Some(n))
    }

    /// A course taught, `#teaching-<id>`: a `Course` with its `CourseInstance`, whose
    /// `instructor` is the person (through a `Role` when the CV names the person's part).
    fn course(&self, c: &'a Course, i: usize) -> Result<Node<'a>> {
        let key = self
            .iris
            .key(&["teaching-", &id_of(c.id.as_ref(), "teaching", i)]);
        let mut n = Node::new(key.iri()?, s::COURSE);
        n.text(s::NAME, &c.title);
        n.opt_text(s::COURSE_CODE, c.code.as_deref());
        n.opt_text(s::EDUCATIONAL_LEVEL, c.level.as_deref());
        n.opt_text(s::DESCRIPTION, c.description.as_deref());
        n.opt_text(s::IN_LANGUAGE, c.language.as_ref().map(|l| l.as_str()));
        if let Some(u) = &c.url {
            n.iri(s::URL, url_iri(u)?);
        }
        if let Some(o) = &c.organization {
            n.node(s::PROVIDER, self.organization(o, s::ORGANIZATION, None)?);
        }
        let mut inst = Node::new(key.part(&["--instance"])?, s::COURSE_INSTANCE);
        match &c.term {
            Some(t) => inst.text_owned(s::NAME, format!("{}, {t}", c.title.as_str())),
            None => inst.text(s::NAME, &c.title),
        }
        inst.opt_date(s::START_DATE, c.period.start());
        inst.opt_date(s::END_DATE, c.period.end());
        match &c.role {
            Some(r) => {
                let mut role = Node::new(key.part(&["--instructor"])?, s::ROLE);
                role.text(s::ROLE_NAME, r);
                role.node(s::INSTRUCTOR, self.me_ref()?);
                inst.node(s::INSTRUCTOR, role);
            }
            None => inst.node(s::INSTRUCTOR, self.me_ref()?),
        }
        n.node(s::HAS_COURSE_INSTANCE, inst);
        Ok(n)
    }

    /// Identifiers as `identifier` → `PropertyValue` nodes `<key>--id-<n>`, their URLs as
    /// `sameAs`.
    fn generic_identifiers(
        &self,
        n: &mut Node<'a>,
        ids: &'a [crate::model::Identifier],
        key: &Local,
    ) -> Result<()> {
        for (k, id) in ids.iter().enumerate() {
            let url = id.url.as_ref().map(|u| u.to_string());
            if let Some(u) = &id.url {
                n.iri(s::SAME_AS, url_iri(u)?);
            }
            n.node(
                s::IDENTIFIER,
                self.property_value(
                    key.numbered(&["--id"], k + 1)?,
                    id.scheme.as_str(),
                    id.value.as_str(),
                    url,
                )?,
            );
        }
        Ok(())
    }

    /// A peer review, `#review-<id>`: a `Review` by the person (through a `Role` naming the
    /// part when it is not "reviewer"), created at the completion date, on behalf of the
    /// convening organization (`sourceOrganization`), reviewing its subject
    /// (`itemReviewed`, `#review-<id>--subject`), which is part of its venue
    /// (`#review-<id>--venue`, a `Periodical` with the ISSN of an `issn:` group id).
    fn peer_review(&self, r: &'a PeerReview, i: usize) -> Result<Node<'a>> {
        let id = id_of(r.id.as_ref(), "review", i);
        let key = if id.starts_with("review-") {
            self.iris.key(&[&id])
        } else {
            self.iris.key(&["review-", &id])
        };
        let mut n = Node::new(key.iri()?, s::REVIEW);
        let venue_name = r.subject.as_ref().and_then(|x| x.container.as_deref());
        match venue_name {
            Some(v) => n.text_owned(s::NAME, format!("Peer review for {v}")),
            None => n.text_owned(
                s::NAME,
                format!("Peer review for {}", r.organization.name.as_str()),
            ),
        }
        match r.role {
            ReviewerRole::Reviewer => n.node(s::AUTHOR, self.me_ref()?),
            role => {
                let mut rn = Node::new(key.part(&["--author"])?, s::ROLE);
                rn.text(s::ROLE_NAME, role.as_str());
                rn.node(s::AUTHOR, self.me_ref()?);
                n.node(s::AUTHOR, rn);
            }
        }
        n.date(s::DATE_CREATED, r.date);
        if r.review_type == ReviewType::Evaluation {
            n.text(s::DESCRIPTION, "post-publication evaluation");
        }
        if let Some(u) = &r.url {
            n.iri(s::URL, url_iri(u)?);
        }
        self.generic_identifiers(&mut n, &r.identifiers, &key)?;
        n.node(
            s::SOURCE_ORGANIZATION,
            self.organization(&r.organization, s::ORGANIZATION, None)?,
        );
        if let Some(subject) = &r.subject {
            let class = match subject.kind.as_deref() {
                Some("journal-article" | "conference-paper" | "preprint") => s::SCHOLARLY_ARTICLE,
                _ => s::CREATIVE_WORK,
            };
            let mut sn = Node::new(key.part(&["--subject"])?, class);
            if let Some(t) = &subject.title {
                sn.text(s::NAME, t);
            }
            if let Some(t) = &subject.translated_title {
                sn.lang_text(s::NAME, &t.title, &t.language);
            }
            if let Some(u) = &subject.url {
                sn.iri(s::URL, url_iri(u)?);
            }
            if let Some(x) = &subject.identifier {
                if let Some(u) = &x.url {
                    sn.iri(s::SAME_AS, url_iri(u)?);
                }
                sn.node(
                    s::IDENTIFIER,
                    self.property_value(
                        key.part(&["--subject--id"])?,
                        x.scheme.as_str(),
                        x.value.as_str(),
                        x.url.as_ref().map(|u| u.to_string()),
                    )?,
                );
            }
            if let Some(v) = &subject.container {
                let journal = class == s::SCHOLARLY_ARTICLE;
                let mut vn = Node::new(
                    key.part(&["--venue"])?,
                    if journal {
                        s::PERIODICAL
                    } else {
                        s::CREATIVE_WORK
                    },
                );
                vn.text(s::NAME, v);
                if journal && let Some(issn) = r.group_id.strip_prefix("issn:") {
                    vn.text(s::ISSN, issn);
                }
                sn.node(s::IS_PART_OF, vn);
            }
            n.node(s::ITEM_REVIEWED, sn);
        }
        Ok(n)
    }

    /// A research resource, `#resource-<id>`: a `Grant` (schema.org: "a grant … of
    /// resources") from its hosts (`funder`) to the person (`fundedItem`), with its
    /// identifiers and page. The resources used and the period have no schema.org term on
    /// a grant and stay in the CV and the ORCID export.
    fn research_resource(&self, r: &'a ResearchResource, i: usize) -> Result<Node<'a>> {
        let key = self
            .iris
            .key(&["resource-", &id_of(r.id.as_ref(), "resource", i)]);
        let mut n = Node::new(key.iri()?, s::GRANT);
        n.text(s::NAME, &r.title);
        if let Some(t) = &r.translated_title {
            n.lang_text(s::NAME, &t.title, &t.language);
        }
        if let Some(u) = &r.url {
            n.iri(s::URL, url_iri(u)?);
        }
        self.generic_identifiers(&mut n, &r.identifiers, &key)?;
        for h in &r.hosts {
            n.node(s::FUNDER, self.organization(h, s::ORGANIZATION, None)?);
        }
        n.node(s::FUNDED_ITEM, self.me_ref()?);
        Ok(n)
    }

    /// The student of a supervision, `#supervision-<id>--student`.
    fn student(&self, sv: &'a Supervision, key: &Local) -> Result<Node<'a>> {
        let c = &sv.student;
        let mut n = Node::with_capacity(key.part(&["--student"])?, s::PERSON, 4);
        n.text_cow(s::NAME, c.shown_name());
        n.opt_text(s::GIVEN_NAME, c.given.as_deref());
        n.opt_text(s::FAMILY_NAME, c.family.as_deref());
        if let Some(o) = &c.orcid {
            n.iri(s::SAME_AS, known_iri(o.url())?);
        }
        Ok(n)
    }

    /// A supervised thesis, `#supervision-<id>`: a `Thesis` by the student, in support of
    /// its level, with the person as `contributor` through a supervisor `Role` that carries
    /// the years. A supervision without a thesis title is [`mentored`](Self::mentored).
    fn supervised_thesis(&self, sv: &'a Supervision, i: usize) -> Result<Option<Node<'a>>> {
        let Some(title) = &sv.title else {
            return Ok(None);
        };
        let key = self
            .iris
            .key(&["supervision-", &id_of(sv.id.as_ref(), "supervision", i)]);
        let mut n = Node::new(key.iri()?, s::THESIS);
        n.text(s::NAME, title);
        n.node(s::AUTHOR, self.student(sv, &key)?);
        n.text(s::IN_SUPPORT_OF, sv.level.label());
        if let Some(o) = &sv.organization {
            n.node(
                s::SOURCE_ORGANIZATION,
                self.organization(o, s::EDUCATIONAL_ORGANIZATION, None)?,
            );
        }
        if let Some(u) = &sv.url {
            n.iri(s::URL, url_iri(u)?);
        }
        let mut role = Node::new(key.part(&["--supervisor"])?, s::ROLE);
        role.text(s::ROLE_NAME, sv.role.as_deref().unwrap_or("supervisor"));
        role.opt_date(s::START_DATE, sv.period.start());
        role.opt_date(s::END_DATE, sv.period.end());
        role.node(s::CONTRIBUTOR, self.me_ref()?);
        n.node(s::CONTRIBUTOR, role);
        Ok(Some(n))
    }

    /// A supervision without a thesis (a postdoc mentored): the person's `colleague` through
    /// a `Role` naming the level and the years.
    fn mentored(&self, sv: &'a Supervision, i: usize) -> Result<Node<'a>> {
        let key = self
            .iris
            .key(&["supervision-", &id_of(sv.id.as_ref(), "supervision", i)]);
        let mut role = Node::new(key.iri()?, s::ROLE);
        let name = match &sv.role {
            Some(r) => format!("{r} ({})", sv.level.label()),
            None => format!("supervisor ({})", sv.level.label()),
        };
        role.text_owned(s::ROLE_NAME, name);
        role.opt_date(s::START_DATE, sv.period.start());
        role.opt_date(s::END_DATE, sv.period.end());
        role.node(s::COLLEAGUE, self.student(sv, &key)?);
        Ok(role)
    }
}

/// The schema.org type of a work and its COAR resource type (none for a talk: an event).
fn work_class(kind: WorkKind) -> (Class, Option<oxigraph::model::NamedNodeRef<'static>>) {
    match kind {
        WorkKind::JournalArticle => (s::SCHOLARLY_ARTICLE, Some(coar::JOURNAL_ARTICLE)),
        WorkKind::ConferencePaper | WorkKind::WorkshopPaper => {
            (s::SCHOLARLY_ARTICLE, Some(coar::CONFERENCE_PAPER))
        }
        WorkKind::BookChapter => (s::CHAPTER, Some(coar::BOOK_PART)),
        WorkKind::Book | WorkKind::EditedBook => (s::BOOK, Some(coar::BOOK)),
        WorkKind::Preprint => (s::SCHOLARLY_ARTICLE, Some(coar::PREPRINT)),
        WorkKind::Thesis => (s::THESIS, Some(coar::THESIS)),
        WorkKind::Report => (s::REPORT, Some(coar::REPORT)),
        WorkKind::Software => (s::SOFTWARE_SOURCE_CODE, Some(coar::SOFTWARE)),
        WorkKind::Dataset => (s::DATASET, Some(coar::DATASET)),
        WorkKind::Poster => (s::POSTER, Some(coar::CONFERENCE_POSTER)),
        WorkKind::Talk => (s::EVENT, None),
        WorkKind::Lecture => (s::EDUCATION_EVENT, None),
        WorkKind::Other => (s::CREATIVE_WORK, Some(coar::OTHER)),
    }
}

/// A work's notes (and for a talk, what kind of talk it was), one per line.
fn notes(w: &Work, presentation: Option<PresentationKind>) -> Cow<'_, str> {
    if presentation.is_none() {
        match w.notes.as_slice() {
            [] => return Cow::Borrowed(""),
            [one] => return Cow::Borrowed(one.as_str()),
            _ => {}
        }
    }
    let mut lines: Vec<String> = Vec::new();
    if let Some(p) = presentation {
        lines.push(
            match p {
                PresentationKind::Invited => "invited talk",
                PresentationKind::Keynote => "keynote",
                PresentationKind::PaperPresentation => "paper presentation",
                PresentationKind::Contributed => "contributed talk",
                PresentationKind::Seminar => "seminar talk",
                PresentationKind::Lecture => "lecture",
                PresentationKind::Poster => "poster presentation",
                PresentationKind::Public => "public talk",
                PresentationKind::Other => "talk",
            }
            .to_owned(),
        );
    }
    lines.extend(w.notes.iter().map(|n| n.to_string()));
    Cow::Owned(lines.join("\n"))
}

/// An award as the one line of text schema.org's `award` takes: "Title (rank), awarding
/// body, year — what it is for".
pub(crate) fn award_text(a: &Award) -> String {
    let mut head = a.title.to_string();
    if let Some(r) = &a.rank {
        head.push_str(&format!(" ({r})"));
    }
    let mut parts = vec![head];
    if let Some(o) = &a.organization {
        parts.push(o.name.to_string());
    }
    match (a.date, a.end) {
        (Some(d), Some(e)) if e.year() != d.year() => {
            parts.push(format!("{}–{}", d.year(), e.year()))
        }
        (Some(d), _) => parts.push(d.year().to_string()),
        (None, Some(e)) => parts.push(format!("until {}", e.year())),
        (None, None) => {}
    }
    let mut text = parts.join(", ");
    if let Some(d) = &a.description {
        text.push_str(" — ");
        text.push_str(d);
    }
    text
}

fn level_label(l: DegreeLevel) -> &'static str {
    match l {
        DegreeLevel::Secondary => "Secondary education",
        DegreeLevel::Bachelor => "Bachelor",
        DegreeLevel::Master => "Master",
        DegreeLevel::Doctorate => "Doctorate",
        DegreeLevel::Habilitation => "Habilitation",
        DegreeLevel::Other => "Other",
    }
}

fn funding_label(t: FundingType) -> &'static str {
    match t {
        FundingType::Grant => "grant",
        FundingType::Contract => "contract",
        FundingType::Award => "award",
        FundingType::SalaryAward => "salary award",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::vocab::bibo;

    fn iri(local: &str) -> NamedNode {
        NamedNode::new(format!("https://example.org/cv#{local}")).expect("an IRI")
    }

    /// A book with one list of each kind, and inside it a nested node with its own list.
    fn book(id: &str, inner: &str) -> Node<'static> {
        let mut n = Node::new(iri(id), s::BOOK);
        n.list(bibo::AUTHOR_LIST, vec![iri("a"), iri("b")]);
        n.list(bibo::EDITOR_LIST, vec![iri("c")]);
        let mut chapter = Node::new(iri(inner), s::CHAPTER);
        chapter.list(bibo::AUTHOR_LIST, vec![iri("d")]);
        n.node(s::HAS_PART, chapter);
        n
    }

    fn lists(n: &Node<'_>) -> Vec<String> {
        let mut found = Vec::new();
        for (p, v) in &n.props {
            match v {
                Value::List(_) => found.push(format!("{} {}", n.id.as_str(), p.name())),
                Value::Node(child) => found.extend(lists(child)),
                _ => {}
            }
        }
        found
    }

    #[test]
    fn only_the_first_list_of_a_node_and_property_is_kept() {
        let mut described = Described::default();
        described.top(book("book", "chapter"));
        // The same book again (and its chapter): every list was described before.
        described.top(book("book", "chapter"));
        // Another book with the same chapter: the book's lists are new, the chapter's not.
        described.top(book("other", "chapter"));
        let nodes = described.into_nodes();
        let found: Vec<String> = nodes.iter().flat_map(lists).collect();
        assert_eq!(
            found,
            [
                "https://example.org/cv#book bibo:authorList",
                "https://example.org/cv#book bibo:editorList",
                "https://example.org/cv#chapter bibo:authorList",
                "https://example.org/cv#other bibo:authorList",
                "https://example.org/cv#other bibo:editorList",
            ]
        );
        // The other book names the chapter described in the first.
        assert_eq!(nodes.len(), 2);
        assert!(
            nodes[1]
                .props
                .contains(&(s::HAS_PART, Value::Iri(iri("chapter"))))
        );
    }

    /// Every node described inside `n` (`n` too), with the reference nodes apart.
    fn places<'n>(n: &'n Node<'_>, out: &mut Vec<(&'n str, bool)>) {
        out.push((n.id.as_str(), n.reference));
        for (_, v) in &n.props {
            if let Value::Node(child) = v {
                places(child, out);
            }
        }
    }

    /// Issue 15, point 1: a shared node is described once, at its first place in document
    /// order, with what every place says of it; later places name it. The person keeps a
    /// reference node with its name on the works it authored.
    #[test]
    fn a_shared_node_is_described_once_at_its_first_place() {
        let cv = crate::from_str(
            "base-iri: https://ada.example.org/\n\
             person: {given-names: Ada, family-name: Lovelace}\n\
             employment:\n\
             - {organization: {name: Analytical Society, ror: 03v4gjf40, city: London},\n   \
             role: Head, start: 2021}\n\
             - {organization: {name: Analytical Society, ror: 03v4gjf40, country: GB},\n   \
             role: Associate, start: 2019}\n\
             works:\n\
             - {type: journal-article, title: One, authors: [Lovelace A], date: 1843,\n   \
             container: {title: Memoirs, issn: 0000-0019}}\n\
             - {type: journal-article, title: Two, authors: [Lovelace A], date: 1844,\n   \
             container: {title: Memoirs, issn: 0000-0019}}\n",
            crate::InputFormat::Yaml,
        )
        .unwrap()
        .cv;
        describe(&cv, &Options::new(), |d| {
            let mut all = Vec::new();
            for n in &d.nodes {
                places(n, &mut all);
            }
            let described: Vec<&str> = all.iter().filter(|(_, r)| !r).map(|(i, _)| *i).collect();
            let mut once = described.clone();
            once.sort_unstable();
            once.dedup();
            assert_eq!(once.len(), described.len(), "{described:#?}");
            let at = |id: &str| described.iter().position(|i| *i == id);
            let org = "https://ada.example.org/#org-ror.03v4gjf40";
            let address = format!("{org}--address");
            assert!(at(org).is_some() && at(&address).is_some());
            // The address has what both places gave.
            let node = |id: &str| -> Node<'_> {
                fn find<'n, 'a>(n: &'n Node<'a>, id: &str) -> Option<&'n Node<'a>> {
                    if n.id.as_str() == id {
                        return Some(n);
                    }
                    n.props.iter().find_map(|(_, v)| match v {
                        Value::Node(c) if !c.reference => find(c, id),
                        _ => None,
                    })
                }
                d.nodes.iter().find_map(|n| find(n, id)).unwrap().clone()
            };
            let props: Vec<&str> = node(&address).props.iter().map(|(p, _)| p.name()).collect();
            assert_eq!(props, ["addressLocality", "addressCountry"]);
            // The second employment names the organization.
            fn named(n: &Node<'_>, id: &str) -> usize {
                n.props
                    .iter()
                    .map(|(_, v)| match v {
                        Value::Iri(i) => usize::from(i.as_str() == id),
                        Value::Node(c) => named(c, id) + usize::from(c.id.as_str() == id),
                        _ => 0,
                    })
                    .sum()
            }
            let named = |id: &str| d.nodes.iter().map(|n| named(n, id)).sum::<usize>();
            assert_eq!(named(org), 2);
            // The person: described once, and a reference with the name on each work.
            let me = "https://ada.example.org/#me";
            let references = all.iter().filter(|(i, r)| *i == me && *r).count();
            assert_eq!(references, 2);
            for n in &d.nodes {
                if let Some(Value::Node(a)) = n
                    .props
                    .iter()
                    .find(|(p, _)| *p == s::AUTHOR)
                    .map(|(_, v)| v)
                {
                    assert!(a.reference && a.props.iter().any(|(p, _)| *p == s::NAME));
                }
            }
            Ok(())
        })
        .unwrap();
    }

    /// `is_complete` says whether `complete` would change the CV: on every CV of the
    /// repository, with an id or a mark taken away.
    #[test]
    fn is_complete_agrees_with_complete() {
        let mut incomplete = 0;
        let mut cases = 0;
        for (path, cv) in crate::privacy::tests::repository_cvs() {
            let mut variants = vec![cv.clone()];
            let mut v = cv.clone();
            if let Some(w) = v.works.last_mut() {
                w.id = None;
                variants.push(v);
            }
            let mut v = cv.clone();
            if let Some(a) = v.employment.first_mut() {
                a.id = None;
                variants.push(v);
            }
            for (k, w) in cv.works.iter().enumerate() {
                for (j, a) in w.authors.iter().enumerate() {
                    if a.me.is_some() {
                        let mut v = cv.clone();
                        v.works[k].authors[j].me = None;
                        variants.push(v);
                    }
                }
            }
            for v in variants {
                let mut done = v.clone();
                done.complete();
                let same = done == v;
                assert_eq!(crate::ids::is_complete(&v), same, "{}", path.display());
                incomplete += usize::from(!same);
                cases += 1;
            }
        }
        assert!(
            incomplete > 0 && incomplete < cases,
            "{incomplete} of {cases}"
        );
    }
}
