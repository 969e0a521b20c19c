//! What an ORCID import cannot keep, said out loud: every part of a document that does not
//! reach the CV model is reported as a [`Loss`] of a documented [`LossKind`].

use std::fmt;

/// A kind of information an import leaves behind. DESIGN.md (`## ORCID`, "Known losses")
/// documents each one; a test checks that every kind is listed there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LossKind {
    /// Data ORCID keeps about items and records: created and modified dates, source,
    /// path, display index, group ids, preferences, history.
    OrcidMetadata,
    /// The error entries of a bulk response.
    BulkError,
    /// A citation that is not the BibTeX vitae writes from the model.
    Citation,
    /// A contributor's e-mail address.
    ContributorEmail,
    /// A contributor role the model has no value for (kept as author).
    ContributorRole,
    /// A contributor sequence that disagrees with the contributor's position.
    ContributorSequence,
    /// The `registered-only` visibility (kept as `limited`).
    Visibility,
    /// A `visibility` on a work's country that differs from the work's.
    CountryVisibility,
    /// An affiliation without organization (the model requires one).
    MissingOrganization,
    /// A distinction without role-title: the title is taken from the organization's name.
    DistinctionTitle,
    /// Put-codes and non-public visibility of person entries (other names, URLs, keywords,
    /// addresses, identifiers), and a non-public name.
    PersonEntryMeta,
    /// Addresses after the first.
    ExtraAddress,
    /// A value vitae's types refuse (malformed ORCID iD, URL, date range, country, language,
    /// e-mail, currency, work type) or an item without the title the model requires.
    InvalidValue,
    /// An amount written other than as plain digits (`1,000` becomes `1000`).
    AmountFormat,
    /// Fields of a patent work the model's patent member has no place for.
    PatentField,
    /// An element vitae does not read.
    UnknownElement,
    /// A second copy of an item (same put-code, or a shared `self` id) in the documents read
    /// together, holding something the copy read does not.
    DuplicateItem,
}

impl LossKind {
    /// Every kind.
    pub const ALL: [LossKind; 17] = [
        LossKind::OrcidMetadata,
        LossKind::BulkError,
        LossKind::Citation,
        LossKind::ContributorEmail,
        LossKind::ContributorRole,
        LossKind::ContributorSequence,
        LossKind::Visibility,
        LossKind::CountryVisibility,
        LossKind::MissingOrganization,
        LossKind::DistinctionTitle,
        LossKind::PersonEntryMeta,
        LossKind::ExtraAddress,
        LossKind::InvalidValue,
        LossKind::AmountFormat,
        LossKind::PatentField,
        LossKind::UnknownElement,
        LossKind::DuplicateItem,
    ];

    /// The key used in reports and in DESIGN.md, e.g. `contributor-email`.
    pub fn key(self) -> &'static str {
        match self {
            LossKind::OrcidMetadata => "orcid-metadata",
            LossKind::BulkError => "bulk-error",
            LossKind::Citation => "citation",
            LossKind::ContributorEmail => "contributor-email",
            LossKind::ContributorRole => "contributor-role",
            LossKind::ContributorSequence => "contributor-sequence",
            LossKind::Visibility => "visibility",
            LossKind::CountryVisibility => "country-visibility",
            LossKind::MissingOrganization => "missing-organization",
            LossKind::DistinctionTitle => "distinction-title",
            LossKind::PersonEntryMeta => "person-entry-meta",
            LossKind::ExtraAddress => "extra-address",
            LossKind::InvalidValue => "invalid-value",
            LossKind::AmountFormat => "amount-format",
            LossKind::PatentField => "patent-field",
            LossKind::UnknownElement => "unknown-element",
            LossKind::DuplicateItem => "duplicate-item",
        }
    }
}

impl fmt::Display for LossKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// One thing an import left behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loss {
    /// What kind.
    pub kind: LossKind,
    /// Where in the document: the document's index (when several were read) and an element
    /// path such as `work:work/work:citation`.
    pub at: String,
    /// The line in the document, when known.
    pub line: Option<usize>,
    /// What exactly.
    pub detail: String,
}

impl fmt::Display for Loss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}: {} ({})", self.at, self.detail, self.kind),
            None => write!(f, "{}: {} ({})", self.at, self.detail, self.kind),
        }
    }
}
