//! The vocabularies vitae writes: every IRI of every writer, in one place.
//!
//! schema.org terms are written in the **`http://schema.org/`** namespace: the schema.org
//! JSON-LD context (release 30.0), which `"@context": "https://schema.org"` loads, maps every
//! term to `http://schema.org/…`, so this is the namespace in which the JSON-LD and the RDF
//! exports are one graph. Besides schema.org: [BIBO](bibo) for the author order and for
//! patents, the [COAR resource types](coar) to say what kind of work a node is, and RDF's
//! own list terms.
//!
//! A [`Property`] knows how the schema.org context treats a plain JSON string given as its
//! value ([`PropertyKind`]): left a string, typed as a `schema:Date`, or read as an IRI. The
//! JSON-LD writer relies on it only for dates (written as plain strings, typed by the
//! context, as the RDF builder types them); it writes every IRI as `{"@id": …}`, whatever the
//! context says. (The module is internal: its unit tests below check it.)

use oxigraph::model::NamedNodeRef;

/// How the schema.org JSON-LD context (release 30.0) reads a JSON string given as the value
/// of a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PropertyKind {
    /// Not coerced: a string stays a string literal; nodes and `{"@id": …}` references are
    /// written as objects.
    Plain,
    /// Coerced to `"@type": "Date"`: a string becomes a `schema:Date` literal.
    Date,
    /// Coerced to `"@type": "@id"`: a string is an IRI.
    Id,
}

/// An RDF property: its compact name in the JSON-LD (`author`, `bibo:authorList`), its IRI
/// and its [`PropertyKind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Property {
    name: &'static str,
    iri: NamedNodeRef<'static>,
    kind: PropertyKind,
}

impl Property {
    const fn new(name: &'static str, iri: &'static str, kind: PropertyKind) -> Self {
        Self {
            name,
            iri: NamedNodeRef::new_unchecked(iri),
            kind,
        }
    }

    /// The key in the compact JSON-LD, e.g. `author` or `bibo:authorList`.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The full IRI.
    pub const fn iri(&self) -> NamedNodeRef<'static> {
        self.iri
    }

    /// How the schema.org context reads a string value.
    pub const fn kind(&self) -> PropertyKind {
        self.kind
    }
}

/// An RDF class: its compact name in the JSON-LD (`ScholarlyArticle`) and its IRI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Class {
    name: &'static str,
    iri: NamedNodeRef<'static>,
}

impl Class {
    const fn new(name: &'static str, iri: &'static str) -> Self {
        Self {
            name,
            iri: NamedNodeRef::new_unchecked(iri),
        }
    }

    /// The name in the compact JSON-LD, e.g. `ScholarlyArticle`.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The full IRI.
    pub const fn iri(&self) -> NamedNodeRef<'static> {
        self.iri
    }
}

/// Declares schema.org properties and classes with their documentation, and the lists of all.
macro_rules! schema_terms {
    (
        properties { $($(#[$pdoc:meta])* $pconst:ident = $pname:literal : $kind:ident;)* }
        classes { $($(#[$cdoc:meta])* $cconst:ident = $cname:literal;)* }
    ) => {
        $(
            $(#[$pdoc])*
            pub const $pconst: Property = Property::new(
                $pname,
                concat!("http://schema.org/", $pname),
                PropertyKind::$kind,
            );
        )*
        $(
            $(#[$cdoc])*
            pub const $cconst: Class = Class::new($cname, concat!("http://schema.org/", $cname));
        )*
        /// Every schema.org property vitae writes (checked against schema.org's context).
        #[cfg(test)]
        pub const PROPERTIES: &[Property] = &[$($pconst),*];
        /// Every schema.org class vitae writes (checked against schema.org's vocabulary).
        #[cfg(test)]
        pub const CLASSES: &[Class] = &[$($cconst),*];
    };
}

pub mod schema {
    //! [schema.org](https://schema.org/) terms, in the `http://schema.org/` namespace.
    use super::{Class, Property, PropertyKind};

    /// The namespace, `http://schema.org/`.
    pub const NAMESPACE: &str = "http://schema.org/";
    /// The JSON-LD context URL that loads schema.org (it maps terms to [`NAMESPACE`]).
    pub const CONTEXT: &str = "https://schema.org";
    /// An event attended in person (a value of `eventAttendanceMode`).
    pub const OFFLINE_ATTENDANCE: oxigraph::model::NamedNodeRef<'static> =
        oxigraph::model::NamedNodeRef::new_unchecked(
            "http://schema.org/OfflineEventAttendanceMode",
        );
    /// An event attended online.
    pub const ONLINE_ATTENDANCE: oxigraph::model::NamedNodeRef<'static> =
        oxigraph::model::NamedNodeRef::new_unchecked("http://schema.org/OnlineEventAttendanceMode");
    /// An event attended in person and online.
    pub const MIXED_ATTENDANCE: oxigraph::model::NamedNodeRef<'static> =
        oxigraph::model::NamedNodeRef::new_unchecked("http://schema.org/MixedEventAttendanceMode");
    /// The datatype the schema.org context gives to dates (`startDate`, `datePublished`, ...).
    pub const DATE: oxigraph::model::NamedNodeRef<'static> =
        oxigraph::model::NamedNodeRef::new_unchecked("http://schema.org/Date");

    schema_terms! {
        properties {
            /// Additional type (a URL) of a node, e.g. the COAR resource type of a work.
            ADDITIONAL_TYPE = "additionalType": Plain;
            /// Free text: a biography, a role's duties, notes.
            DESCRIPTION = "description": Plain;
            /// Another name.
            ALTERNATE_NAME = "alternateName": Plain;
            /// The name.
            NAME = "name": Plain;
            /// Identifier, as text or a `PropertyValue`.
            IDENTIFIER = "identifier": Plain;
            /// URL of the item.
            URL = "url": Id;
            /// A reference page that identifies the item (ORCID, DOI, ...).
            SAME_AS = "sameAs": Id;
            /// What a page is about.
            MAIN_ENTITY = "mainEntity": Plain;
            /// The page whose main entity a thing is: the person's profile page, when it is
            /// also the person's homepage (`url` expects a URL, not the `ProfilePage` node).
            MAIN_ENTITY_OF_PAGE = "mainEntityOfPage": Id;
            /// A CreativeWork or Event about this thing.
            SUBJECT_OF = "subjectOf": Plain;

            /// Given name.
            GIVEN_NAME = "givenName": Plain;
            /// Family name.
            FAMILY_NAME = "familyName": Plain;
            /// Titles before the name.
            HONORIFIC_PREFIX = "honorificPrefix": Plain;
            /// Titles after the name.
            HONORIFIC_SUFFIX = "honorificSuffix": Plain;
            /// Date of birth.
            BIRTH_DATE = "birthDate": Date;
            /// E-mail address.
            EMAIL = "email": Plain;
            /// Telephone number.
            TELEPHONE = "telephone": Plain;
            /// Postal address.
            ADDRESS = "address": Plain;
            /// Current job title.
            JOB_TITLE = "jobTitle": Plain;
            /// Research areas.
            KNOWS_ABOUT = "knowsAbout": Plain;
            /// Skills.
            SKILLS = "skills": Plain;
            /// Languages spoken.
            KNOWS_LANGUAGE = "knowsLanguage": Plain;
            /// An award, as text.
            AWARD = "award": Plain;
            /// Employer (through an `EmployeeRole`).
            WORKS_FOR = "worksFor": Plain;
            /// School or university attended (through an `OrganizationRole`).
            ALUMNI_OF = "alumniOf": Plain;
            /// Other affiliation (through an `OrganizationRole`).
            AFFILIATION = "affiliation": Plain;
            /// Membership (through an `OrganizationRole`).
            MEMBER_OF = "memberOf": Plain;
            /// A credential earned: degree, certificate.
            HAS_CREDENTIAL = "hasCredential": Plain;

            /// The role's name, e.g. "Research Associate".
            ROLE_NAME = "roleName": Plain;
            /// Start date.
            START_DATE = "startDate": Date;
            /// End date.
            END_DATE = "endDate": Date;

            /// Street and number.
            STREET_ADDRESS = "streetAddress": Plain;
            /// Postal code.
            POSTAL_CODE = "postalCode": Plain;
            /// City.
            ADDRESS_LOCALITY = "addressLocality": Plain;
            /// Region.
            ADDRESS_REGION = "addressRegion": Plain;
            /// Country (ISO 3166-1 alpha-2).
            ADDRESS_COUNTRY = "addressCountry": Plain;

            /// The larger organization.
            PARENT_ORGANIZATION = "parentOrganization": Plain;
            /// A member of an organization or project.
            MEMBER = "member": Plain;
            /// Founding date (start of a project).
            FOUNDING_DATE = "foundingDate": Date;
            /// Dissolution date (end of a project).
            DISSOLUTION_DATE = "dissolutionDate": Date;
            /// A funder.
            FUNDER = "funder": Plain;
            /// A grant that funds the item.
            FUNDING = "funding": Plain;
            /// What a grant funds.
            FUNDED_ITEM = "fundedItem": Plain;
            /// An amount of money.
            AMOUNT = "amount": Plain;
            /// A numeric or text value (of a `PropertyValue` or `MonetaryAmount`).
            VALUE = "value": Plain;
            /// Currency, ISO 4217.
            CURRENCY = "currency": Plain;
            /// The kind of identifier of a `PropertyValue`, e.g. "DOI".
            PROPERTY_ID = "propertyID": Plain;

            /// The credential's category, e.g. "degree".
            CREDENTIAL_CATEGORY = "credentialCategory": Plain;
            /// The credential's level, e.g. "Doctorate".
            EDUCATIONAL_LEVEL = "educationalLevel": Plain;
            /// Who awarded a credential.
            RECOGNIZED_BY = "recognizedBy": Plain;
            /// Creation date (of a credential: when it was awarded; of a patent: filing).
            DATE_CREATED = "dateCreated": Date;

            /// Authors, in order.
            AUTHOR = "author": Plain;
            /// Editors.
            EDITOR = "editor": Plain;
            /// Creators (inventors of a patent).
            CREATOR = "creator": Plain;
            /// Contributors (supervisors, chairs, ..., through a `Role`).
            CONTRIBUTOR = "contributor": Plain;
            /// Translators.
            TRANSLATOR = "translator": Plain;
            /// A colleague through a `Role`: the person's supervisors in a position, a postdoc mentored.
            COLLEAGUE = "colleague": Id;
            /// An image: the person's photo.
            IMAGE = "image": Id;
            /// When the page was last changed (the CV's `updated`).
            DATE_MODIFIED = "dateModified": Date;
            /// Whether an event is attended in person, online or both.
            EVENT_ATTENDANCE_MODE = "eventAttendanceMode": Plain;
            /// Headline (the title, for Google's Article features).
            HEADLINE = "headline": Plain;
            /// Date of publication.
            DATE_PUBLISHED = "datePublished": Date;
            /// Publication status: "Preprint", "Submitted", "Accepted", "In press".
            CREATIVE_WORK_STATUS = "creativeWorkStatus": Plain;
            /// The journal issue, volume, book or series a work is part of.
            IS_PART_OF = "isPartOf": Id;
            /// Parts (the members of a patent family).
            HAS_PART = "hasPart": Plain;
            /// Publisher.
            PUBLISHER = "publisher": Plain;
            /// The organization a work comes from (a thesis's university, a patent's assignee,
            /// the convening organization of a peer review).
            SOURCE_ORGANIZATION = "sourceOrganization": Plain;
            /// What a review reviews (a peer review's subject).
            ITEM_REVIEWED = "itemReviewed": Plain;
            /// First page.
            PAGE_START = "pageStart": Plain;
            /// Last page.
            PAGE_END = "pageEnd": Plain;
            /// Pages as written, e.g. "261-295".
            PAGINATION = "pagination": Plain;
            /// Volume number.
            VOLUME_NUMBER = "volumeNumber": Plain;
            /// Issue number.
            ISSUE_NUMBER = "issueNumber": Plain;
            /// ISSN of a periodical or series.
            ISSN = "issn": Plain;
            /// ISBN of a book.
            ISBN = "isbn": Plain;
            /// The degree a thesis was written for.
            IN_SUPPORT_OF = "inSupportOf": Plain;
            /// Language (BCP 47).
            IN_LANGUAGE = "inLanguage": Plain;
            /// Abstract.
            ABSTRACT = "abstract": Plain;
            /// Keywords.
            KEYWORDS = "keywords": Plain;
            /// The work this one is a version of (a preprint's published article).
            EXAMPLE_OF_WORK = "exampleOfWork": Plain;
            /// The code or data a work is based on.
            IS_BASED_ON = "isBasedOn": Id;
            /// A media object that encodes the work (a PDF).
            ENCODING = "encoding": Plain;
            /// The URL of a media object's content.
            CONTENT_URL = "contentUrl": Id;
            /// Media type, e.g. `application/pdf`.
            ENCODING_FORMAT = "encodingFormat": Plain;
            /// Source code repository.
            CODE_REPOSITORY = "codeRepository": Id;

            /// Who performed (gave) a talk.
            PERFORMER = "performer": Plain;
            /// Who organized or hosted an event.
            ORGANIZER = "organizer": Plain;
            /// Where an event took place.
            LOCATION = "location": Plain;
            /// The event a talk was part of.
            SUPER_EVENT = "superEvent": Plain;
            /// A work presented at an event.
            WORK_FEATURED = "workFeatured": Plain;
            /// A recording of an event.
            RECORDED_IN = "recordedIn": Plain;

            // Software and data.
            /// The version of a creative work (software, a dataset).
            VERSION = "version": Plain;
            /// The licence of a work (a URL).
            LICENSE = "license": Id;
            /// The programming language of software.
            PROGRAMMING_LANGUAGE = "programmingLanguage": Plain;
            /// The catalogue (a data repository) that holds a dataset.
            INCLUDED_IN_DATA_CATALOG = "includedInDataCatalog": Plain;

            // Teaching and supervision.
            /// A course's code.
            COURSE_CODE = "courseCode": Plain;
            /// Who offers a course.
            PROVIDER = "provider": Plain;
            /// A course's offering in a term.
            HAS_COURSE_INSTANCE = "hasCourseInstance": Plain;
            /// Who teaches a course instance.
            INSTRUCTOR = "instructor": Plain;
        }
        classes {
            /// A profile page: the CV.
            PROFILE_PAGE = "ProfilePage";
            /// A person.
            PERSON = "Person";
            /// An organization.
            ORGANIZATION = "Organization";
            /// A school or university.
            EDUCATIONAL_ORGANIZATION = "EducationalOrganization";
            /// A role in an organization.
            ORGANIZATION_ROLE = "OrganizationRole";
            /// A job.
            EMPLOYEE_ROLE = "EmployeeRole";
            /// A role in general.
            ROLE = "Role";
            /// A degree or certificate.
            EDUCATIONAL_OCCUPATIONAL_CREDENTIAL = "EducationalOccupationalCredential";
            /// A postal address.
            POSTAL_ADDRESS = "PostalAddress";
            /// An identifier with its scheme.
            PROPERTY_VALUE = "PropertyValue";
            /// A natural language.
            LANGUAGE = "Language";
            /// A research project.
            RESEARCH_PROJECT = "ResearchProject";
            /// A grant.
            GRANT = "Grant";
            /// A grant with an amount.
            MONETARY_GRANT = "MonetaryGrant";
            /// An amount of money.
            MONETARY_AMOUNT = "MonetaryAmount";

            /// Any creative work (patents, other works).
            CREATIVE_WORK = "CreativeWork";
            /// A scholarly article: journal article, conference paper, preprint.
            SCHOLARLY_ARTICLE = "ScholarlyArticle";
            /// A book chapter.
            CHAPTER = "Chapter";
            /// A book, proceedings volume or edited volume.
            BOOK = "Book";
            /// A thesis.
            THESIS = "Thesis";
            /// A report.
            REPORT = "Report";
            /// Software.
            SOFTWARE_SOURCE_CODE = "SoftwareSourceCode";
            /// A dataset.
            DATASET = "Dataset";
            /// A poster.
            POSTER = "Poster";
            /// A journal.
            PERIODICAL = "Periodical";
            /// A book series.
            BOOK_SERIES = "BookSeries";
            /// A volume of a journal or series.
            PUBLICATION_VOLUME = "PublicationVolume";
            /// An issue of a journal.
            PUBLICATION_ISSUE = "PublicationIssue";
            /// A web site.
            WEB_SITE = "WebSite";
            /// A media object (a PDF, a recording).
            MEDIA_OBJECT = "MediaObject";
            /// Slides.
            PRESENTATION_DIGITAL_DOCUMENT = "PresentationDigitalDocument";

            /// An event: a talk.
            EVENT = "Event";
            /// An educational event: a lecture.
            EDUCATION_EVENT = "EducationEvent";
            /// A conference (where a paper was presented).
            CONFERENCE_EVENT = "ConferenceEvent";
            /// A place.
            PLACE = "Place";
            /// An online location.
            VIRTUAL_LOCATION = "VirtualLocation";
            /// A course taught.
            COURSE = "Course";
            /// A course in a term, with its instructor.
            COURSE_INSTANCE = "CourseInstance";
            /// A data repository.
            DATA_CATALOG = "DataCatalog";
            /// A review: a peer review the person wrote.
            REVIEW = "Review";
        }
    }
}

pub mod bibo {
    //! [BIBO](http://purl.org/ontology/bibo/), the Bibliographic Ontology: author order and
    //! patents, which schema.org cannot express.
    use super::{Property, PropertyKind};
    use oxigraph::model::NamedNodeRef;

    /// The namespace, `http://purl.org/ontology/bibo/`.
    pub const NAMESPACE: &str = "http://purl.org/ontology/bibo/";
    /// The prefix used in the JSON-LD context and in Turtle.
    pub const PREFIX: &str = "bibo";

    /// The authors of a work as an ordered `rdf:List`.
    pub const AUTHOR_LIST: Property = Property::new(
        "bibo:authorList",
        "http://purl.org/ontology/bibo/authorList",
        PropertyKind::Plain,
    );
    /// The editors of a work as an ordered `rdf:List`.
    pub const EDITOR_LIST: Property = Property::new(
        "bibo:editorList",
        "http://purl.org/ontology/bibo/editorList",
        PropertyKind::Plain,
    );
    /// The class of patent documents, used as `additionalType`.
    pub const PATENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/ontology/bibo/Patent");
}

pub mod coar {
    //! [COAR resource types](http://purl.org/coar/resource_type/) (version 3.0), the genre
    //! vocabulary of open repositories, used as `additionalType` to say what kind of work a
    //! node is where schema.org types cannot (a conference paper and a journal article are
    //! both `ScholarlyArticle`).
    use oxigraph::model::NamedNodeRef;

    /// The namespace, `http://purl.org/coar/resource_type/`.
    pub const NAMESPACE: &str = "http://purl.org/coar/resource_type/";
    /// The prefix used in Turtle.
    pub const PREFIX: &str = "coar";

    /// journal article.
    pub const JOURNAL_ARTICLE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/coar/resource_type/c_6501");
    /// conference paper.
    pub const CONFERENCE_PAPER: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/coar/resource_type/c_5794");
    /// book part.
    pub const BOOK_PART: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/coar/resource_type/c_3248");
    /// book.
    pub const BOOK: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/coar/resource_type/c_2f33");
    /// preprint.
    pub const PREPRINT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/coar/resource_type/c_816b");
    /// thesis.
    pub const THESIS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/coar/resource_type/c_46ec");
    /// report.
    pub const REPORT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/coar/resource_type/c_93fc");
    /// software.
    pub const SOFTWARE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/coar/resource_type/c_5ce6");
    /// dataset.
    pub const DATASET: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/coar/resource_type/c_ddb1");
    /// conference poster.
    pub const CONFERENCE_POSTER: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/coar/resource_type/c_6670");
    /// other.
    pub const OTHER: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/coar/resource_type/c_1843");
}

pub mod rdf {
    //! The RDF terms vitae writes: types and lists.
    pub use oxigraph::model::vocab::rdf::{FIRST, NIL, REST, TYPE};

    /// The namespace, `http://www.w3.org/1999/02/22-rdf-syntax-ns#`.
    pub const NAMESPACE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
}

/// The prefixes written in Turtle, TriG and RDF/XML and known to `vitae query`, in order.
pub const PREFIXES: &[(&str, &str)] = &[
    ("schema", schema::NAMESPACE),
    (bibo::PREFIX, bibo::NAMESPACE),
    (coar::PREFIX, coar::NAMESPACE),
    ("rdf", rdf::NAMESPACE),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

/// The tables against the schema.org context vitae ships (tests/fixtures/schemaorg, reduced
/// from ../shared) and, with ../shared, against schema.org's vocabulary.
#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::path::PathBuf;

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    fn json(path: PathBuf) -> serde_json::Value {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn shipped_context() -> serde_json::Value {
        json(root().join("tests/fixtures/schemaorg/schemaorgcontext.reduced.jsonld"))
    }

    /// ../shared, or `None` with SKIPPED said (a failure under `VITAE_REQUIRE_SHARED`).
    fn shared(test: &str) -> Option<PathBuf> {
        let p = root().join("../shared");
        if p.join("vocab").is_dir() {
            return Some(p);
        }
        assert!(
            std::env::var_os("VITAE_REQUIRE_SHARED").is_none(),
            "{test}: VITAE_REQUIRE_SHARED is set but {} is missing",
            p.display()
        );
        eprintln!(
            "SKIPPED {test}: needs ../shared, not found at {}",
            p.display()
        );
        None
    }

    #[test]
    fn a_term_knows_its_iri_name_and_kind() {
        assert_eq!(schema::AUTHOR.iri().as_str(), "http://schema.org/author");
        assert_eq!(schema::DATE_PUBLISHED.kind(), PropertyKind::Date);
        assert_eq!(schema::SCHOLARLY_ARTICLE.name(), "ScholarlyArticle");
    }

    #[test]
    fn the_property_table_agrees_with_the_schema_org_context() {
        let ctx = shipped_context();
        let ctx = &ctx["@context"];
        assert_eq!(
            ctx["@vocab"],
            schema::NAMESPACE,
            "the namespace of the context"
        );
        assert_eq!(
            ctx[bibo::PREFIX],
            bibo::NAMESPACE,
            "the bibo prefix of the context"
        );
        for p in schema::PROPERTIES {
            let kind = match ctx[p.name()]["@type"].as_str() {
                Some("@id") => PropertyKind::Id,
                Some("Date") => PropertyKind::Date,
                None => PropertyKind::Plain,
                Some(other) => panic!("{}: unexpected coercion {other}", p.name()),
            };
            assert_eq!(p.kind(), kind, "schema:{} in the 30.0 context", p.name());
        }
    }

    #[test]
    fn every_term_is_in_the_schema_org_vocabulary_and_current() {
        let Some(shared) = shared("every_term_is_in_the_schema_org_vocabulary_and_current") else {
            return;
        };
        // The shipped context is the one of ../shared, reduced.
        let full = json(shared.join("vocab/schemaorgcontext.jsonld"));
        let reduced = shipped_context();
        let full = full["@context"].as_object().expect("@context");
        let reduced = reduced["@context"].as_object().expect("@context");
        for (term, value) in full {
            let implied = value.as_object().is_some_and(|o| {
                o.len() == 1
                    && o.get("@id").and_then(|v| v.as_str()) == Some(&format!("schema:{term}"))
            });
            let shipped = reduced.get(term);
            if implied {
                assert_eq!(shipped, None, "{term}: implied by @vocab, not shipped");
            } else {
                assert_eq!(shipped, Some(value), "{term}: shipped as in ../shared");
            }
        }
        assert!(reduced.keys().all(|k| full.contains_key(k)));
        // Every term exists in the vocabulary and is not archived.
        let vocab = json(shared.join("vocab/schemaorg-all-https.jsonld"));
        let terms: HashMap<&str, &serde_json::Value> = vocab["@graph"]
            .as_array()
            .expect("@graph")
            .iter()
            .filter_map(|n| Some((n["@id"].as_str()?.strip_prefix("schema:")?, n)))
            .collect();
        let names = schema::PROPERTIES
            .iter()
            .map(|p| p.name())
            .chain(schema::CLASSES.iter().map(|c| c.name()));
        for name in names {
            let node = terms
                .get(name)
                .unwrap_or_else(|| panic!("schema:{name} is not in the vocabulary"));
            assert_ne!(
                node["schema:isPartOf"]["@id"], "https://attic.schema.org",
                "schema:{name} is archived"
            );
        }
    }
}
