//! Proposals of identifiers a CV lacks, from public registries: ROR ids for organizations
//! ([`ror`], ROR's affiliation matching) and DOIs for works ([`crossref`], Crossref's
//! bibliographic query). Each proposal has a score; `vitae enrich --apply` writes those above
//! a threshold into the CV's text, one line per item (see [`crate::input::yaml_edit`]).
//!
//! The readers of the answers are plain functions over their JSON text, so they are tested
//! without a network; the requests (feature `ureq`) go through [`crate::import::http`].

pub mod crossref;
pub mod ror;

use crate::input::yaml_edit::Step;
use crate::model::{AffiliationSection, Cv, Organization};
use crate::types::Visibility;

/// An answer that is not what the service documents.
#[derive(Debug, thiserror::Error)]
#[error("{service} answered something else than its documented JSON: {message}")]
pub struct MalformedAnswer {
    /// Which service: "ROR", "Crossref".
    pub service: &'static str,
    /// What was wrong.
    pub message: String,
}

/// Where an organization stands in a CV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrgPlace {
    /// `employment[i].organization` and the other affiliation sections.
    Affiliation(AffiliationSection, usize),
    /// `awards[i].organization`.
    Award(usize),
    /// `projects[i].funder[j]` (one funder alone may be written without the list).
    Funder(usize, usize),
    /// `projects[i].host`.
    Host(usize),
}

impl OrgPlace {
    /// The field path, e.g. `[employment, 0, organization]`.
    pub fn path(self) -> Vec<Step> {
        match self {
            OrgPlace::Affiliation(s, i) => vec![s.key().into(), i.into(), "organization".into()],
            OrgPlace::Award(i) => vec!["awards".into(), i.into(), "organization".into()],
            OrgPlace::Funder(i, j) => {
                vec!["projects".into(), i.into(), "funder".into(), j.into()]
            }
            OrgPlace::Host(i) => vec!["projects".into(), i.into(), "host".into()],
        }
    }

    /// The organization there.
    pub fn get(self, cv: &Cv) -> Option<&Organization> {
        match self {
            OrgPlace::Affiliation(s, i) => cv.affiliations(s).get(i)?.organization.as_ref(),
            OrgPlace::Award(i) => cv.awards.get(i)?.organization.as_ref(),
            OrgPlace::Funder(i, j) => cv.projects.get(i)?.funder.get(j),
            OrgPlace::Host(i) => cv.projects.get(i)?.host.as_ref(),
        }
    }

    /// The visibility of the item the organization belongs to.
    pub fn visibility(self, cv: &Cv) -> Option<Visibility> {
        match self {
            OrgPlace::Affiliation(s, i) => cv.affiliations(s).get(i).map(|a| a.visibility),
            OrgPlace::Award(i) => cv.awards.get(i).map(|a| a.visibility),
            OrgPlace::Funder(i, _) | OrgPlace::Host(i) => cv.projects.get(i).map(|p| p.visibility),
        }
    }

    /// The organization there, to change.
    pub fn get_mut(self, cv: &mut Cv) -> Option<&mut Organization> {
        match self {
            OrgPlace::Affiliation(s, i) => cv.affiliations_mut(s).get_mut(i)?.organization.as_mut(),
            OrgPlace::Award(i) => cv.awards.get_mut(i)?.organization.as_mut(),
            OrgPlace::Funder(i, j) => cv.projects.get_mut(i)?.funder.get_mut(j),
            OrgPlace::Host(i) => cv.projects.get_mut(i)?.host.as_mut(),
        }
    }
}

/// Every organization of the affiliations, awards (their organization) and projects (funder
/// and host) that has no ROR id, in file order. (ORCID asks for a disambiguated organization
/// on affiliations, distinctions and fundings.)
pub fn organizations_without_ror(cv: &Cv) -> Vec<OrgPlace> {
    let mut places = Vec::new();
    for s in AffiliationSection::ALL {
        places.extend((0..cv.affiliations(s).len()).map(|i| OrgPlace::Affiliation(s, i)));
    }
    places.extend((0..cv.awards.len()).map(OrgPlace::Award));
    for (i, p) in cv.projects.iter().enumerate() {
        places.extend((0..p.funder.len()).map(|j| OrgPlace::Funder(i, j)));
        places.push(OrgPlace::Host(i));
    }
    places.retain(|p| p.get(cv).is_some_and(|o| o.ror.is_none()));
    places
}

/// The e-mail for a `mailto` in the `User-Agent`: the person's first address that `level`
/// allows to leave (a private address is not sent to a service unless asked).
pub fn contact(cv: &Cv, level: Visibility) -> Option<String> {
    cv.person
        .emails
        .iter()
        .find(|e| e.visibility.allowed_by(level))
        .map(|e| e.value.as_str().to_owned())
}
