//! From a CV to the items a sync puts on the record: the CV's public items as the ORCID
//! writer makes them.

use std::collections::BTreeSet;

use super::item::{ItemError, LocalItem};
use crate::model::{AffiliationSection, Cv};
use crate::orcid::OrcidXml;
use crate::report::{Code, Diagnostic};
use crate::types::{ItemId, Visibility};

/// The CV's public items ready to sync, and those left out.
#[derive(Debug, Clone, Default)]
pub struct CvItems {
    /// The items, section by section, each in the CV's order.
    pub items: Vec<LocalItem>,
    /// Public CV items that ORCID would refuse as they are (see `diagnostics`): pass them to
    /// [`PlanOptions::with_keep`](super::PlanOptions::with_keep) so that their copies on the
    /// record are left alone.
    pub left_out: Vec<ItemId>,
    /// What the ORCID export found: errors (each one an item left out) and warnings, with
    /// the CV's field paths.
    pub diagnostics: Vec<Diagnostic>,
}

/// The ids of the public items of a CV that can become ORCID items.
fn public_ids(cv: &Cv) -> Vec<ItemId> {
    let mut cv = cv.visible(Visibility::Public);
    cv.complete();
    let mut ids = Vec::new();
    for s in AffiliationSection::ALL {
        ids.extend(cv.affiliations(s).iter().filter_map(|a| a.id.clone()));
    }
    ids.extend(cv.awards.iter().filter_map(|a| a.id.clone()));
    ids.extend(cv.projects.iter().filter_map(|p| p.id.clone()));
    for f in &cv.patents {
        ids.extend(f.members.iter().filter_map(|m| m.id.clone()));
    }
    ids.extend(cv.works.iter().filter_map(|w| w.id.clone()));
    ids.extend(cv.peer_reviews.iter().filter_map(|r| r.id.clone()));
    ids.extend(cv.research_resources.iter().filter_map(|r| r.id.clone()));
    ids
}

/// Why ORCID would refuse an item the export writes, when a sync can tell before sending it:
/// left out, with its copy on the record kept.
fn refused(item: &crate::orcid::OrcidItem) -> Option<Diagnostic> {
    // A research resource without resource items makes no document ORCID takes (its XSD
    // needs one item).
    if !item.has_document() {
        return Some(
            Diagnostic::error(
                format!("{}.items", item.path),
                "left out of the sync: ORCID takes a research resource only with at least one \
                 resource item (research-resource-3.0.xsd); add `items:`",
            )
            .with_code(Code::OrcidRule),
        );
    }
    // ORCID refuses a peer review without an identifier of the review itself (400, 9023) and
    // tells reviews apart by them.
    if let crate::orcid::doc::Item::PeerReview(r) = &item.doc
        && !r.external_ids.iter().any(|x| x.is_self())
    {
        return Some(
            Diagnostic::error(
                format!("{}.identifiers", item.path),
                "left out of the sync: ORCID takes a peer review only with an identifier of the \
                 review itself, by which it tells reviews apart; add one, e.g. \
                 `identifiers: [{scheme: source-work-id, value: review-1}]` (an id of your own)",
            )
            .with_code(Code::OrcidRule),
        );
    }
    None
}

/// The CV's public items as sync items (the documents of
/// [`orcid::OrcidXml`](crate::orcid::OrcidXml), public level, without put-codes).
///
/// ```
/// let cv = vitae::from_str(r#"
/// person: {given-names: Ada, family-name: Lovelace}
/// works:
///   - type: journal-article
///     title: Sketch of the Analytical Engine
///     authors: ["Lovelace, Ada"]
///     date: 1900-06
///     doi: 10.5555/sketch
///   - type: talk
///     title: A private talk
///     date: 1900-07-01
///     visibility: private
/// "#, vitae::InputFormat::Yaml)?.cv;
/// let items = vitae::sync::cv_items(&cv)?;
/// assert_eq!(items.items.len(), 1);
/// let doi = &items.items[0].external_ids[0];
/// assert_eq!(doi.key(), "doi:10.5555/sketch");
/// assert_eq!(doi.url.as_deref(), Some("https://doi.org/10.5555/sketch"));
/// assert!(items.left_out.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// When an item's document cannot be written (a character XML 1.0 forbids; the reader
/// refuses those in CV files, so only CVs built in Rust can fail).
pub fn cv_items(cv: &Cv) -> Result<CvItems, ItemError> {
    let export = OrcidXml::new()
        .with_include(Visibility::Public)
        .with_put_codes(false)
        .export(cv);
    let mut diagnostics = export.diagnostics;
    let synced: Vec<&crate::orcid::OrcidItem> = export
        .items
        .iter()
        .filter(|i| match refused(i) {
            Some(d) => {
                diagnostics.push(d);
                false
            }
            None => true,
        })
        .collect();
    let items = synced
        .iter()
        .map(|i| LocalItem::from_orcid(i))
        .collect::<Result<Vec<_>, _>>()?;
    let exported: BTreeSet<&ItemId> = synced.iter().map(|i| &i.id).collect();
    let left_out = public_ids(cv)
        .into_iter()
        .filter(|id| !exported.contains(id))
        .collect();
    Ok(CvItems {
        items,
        left_out,
        diagnostics,
    })
}
