//! Keeping private data private: the view of a CV that an export may show.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::model::{
    Affiliation, AffiliationSection, Award, Course, Cv, PatentFamily, PeerReview, Person, Project,
    ResearchResource, Supervision, Work,
};
use crate::types::{ItemId, Visibility};

impl Cv {
    /// The CV as an export that includes data up to `level` may show it: items and personal
    /// fields whose visibility is above `level` are removed. Public exports use
    /// [`Visibility::Public`]; `--include limited` or `--include private` widen it.
    ///
    /// ```
    /// use vitae::types::Visibility;
    /// let cv = vitae::from_str(r#"
    /// person:
    ///   given-names: Ada
    ///   family-name: Lovelace
    ///   birth-date: {value: 1815-12-10, visibility: private}
    /// "#, vitae::InputFormat::Yaml)?.cv;
    /// assert!(cv.visible(Visibility::Public).person.birth_date.is_none());
    /// assert!(cv.visible(Visibility::Private).person.birth_date.is_some());
    /// # Ok::<(), vitae::Report>(())
    /// ```
    pub fn visible(&self, level: Visibility) -> Cv {
        self.view(level).to_cv()
    }

    /// The view of [`visible`](Self::visible) without copying: every part of the CV that
    /// shows as it is is borrowed, only a part that hides something (or links to an item
    /// that is hidden or not there) is copied.
    pub(crate) fn view(&self, level: Visibility) -> View<'_> {
        let ok = |v: Visibility| v.allowed_by(level);
        let p = &self.person;
        let person = if p.birth_date.as_ref().is_some_and(|d| !ok(d.visibility))
            || p.address.as_ref().is_some_and(|a| !ok(a.visibility))
            || p.emails.iter().any(|e| !ok(e.visibility))
            || p.telephones.iter().any(|t| !ok(t.visibility))
        {
            let mut p = p.clone();
            p.birth_date = p.birth_date.filter(|d| ok(d.visibility));
            p.address = p.address.filter(|a| ok(a.visibility));
            p.emails.retain(|e| ok(e.visibility));
            p.telephones.retain(|t| ok(t.visibility));
            Cow::Owned(p)
        } else {
            Cow::Borrowed(p)
        };
        let mut v = View {
            base_iri: self.base_iri.as_ref(),
            updated: self.updated,
            person,
            affiliations: AffiliationSection::ALL
                .map(|s| kept(self.affiliations(s), |a| ok(a.visibility))),
            awards: kept(&self.awards, |a| ok(a.visibility)),
            projects: kept(&self.projects, |x| ok(x.visibility)),
            patents: kept(&self.patents, |x| ok(x.visibility)),
            works: kept(&self.works, |x| ok(x.visibility)),
            teaching: kept(&self.teaching, |x| ok(x.visibility)),
            supervision: kept(&self.supervision, |x| ok(x.visibility)),
            peer_reviews: kept(&self.peer_reviews, |x| ok(x.visibility)),
            research_resources: kept(&self.research_resources, |x| ok(x.visibility)),
        };
        // Links between items must not point at removed ones (nor at items not there).
        let works: HashSet<&ItemId> = self
            .works
            .iter()
            .filter(|w| ok(w.visibility))
            .filter_map(|w| w.id.as_ref())
            .collect();
        let projects: HashSet<&ItemId> = self
            .projects
            .iter()
            .filter(|p| ok(p.visibility))
            .filter_map(|p| p.id.as_ref())
            .collect();
        let gone = |id: &Option<ItemId>| id.as_ref().is_some_and(|w| !works.contains(w));
        if v.awards.iter().any(|a| gone(&a.work)) {
            for a in v.awards.to_mut() {
                if gone(&a.work) {
                    a.work = None;
                }
            }
        }
        let thesis_gone = |e: &Affiliation| e.degree.as_ref().is_some_and(|d| gone(&d.thesis_work));
        let education = &mut v.affiliations[EDUCATION];
        if education.iter().any(thesis_gone) {
            for e in education.to_mut() {
                if let Some(d) = &mut e.degree
                    && gone(&d.thesis_work)
                {
                    d.thesis_work = None;
                }
            }
        }
        let cut = |w: &Work| {
            gone(&w.version_of)
                || gone(&w.presents)
                || w.funded_by.iter().any(|p| !projects.contains(p))
        };
        if v.works.iter().any(cut) {
            for w in v.works.to_mut() {
                if gone(&w.version_of) {
                    w.version_of = None;
                }
                if gone(&w.presents) {
                    w.presents = None;
                }
                w.funded_by.retain(|p| projects.contains(p));
            }
        }
        v
    }
}

/// The index of [`AffiliationSection::Education`] in [`AffiliationSection::ALL`].
const EDUCATION: usize = 1;

/// The items that `ok` keeps: the slice itself when it keeps all of them.
fn kept<T: Clone>(items: &[T], ok: impl Fn(&T) -> bool) -> Cow<'_, [T]> {
    if items.iter().all(&ok) {
        Cow::Borrowed(items)
    } else {
        Cow::Owned(items.iter().filter(|x| ok(x)).cloned().collect())
    }
}

/// The part of a CV that an export may show ([`Cv::view`]): the parts an export reads, each
/// borrowed from the CV when nothing of it is hidden.
#[derive(Debug)]
pub(crate) struct View<'a> {
    pub base_iri: Option<&'a url::Url>,
    pub updated: Option<crate::types::PartialDate>,
    pub person: Cow<'a, Person>,
    /// In the order of [`AffiliationSection::ALL`].
    affiliations: [Cow<'a, [Affiliation]>; 6],
    pub awards: Cow<'a, [Award]>,
    pub projects: Cow<'a, [Project]>,
    pub patents: Cow<'a, [PatentFamily]>,
    pub works: Cow<'a, [Work]>,
    pub teaching: Cow<'a, [Course]>,
    pub supervision: Cow<'a, [Supervision]>,
    pub peer_reviews: Cow<'a, [PeerReview]>,
    pub research_resources: Cow<'a, [ResearchResource]>,
}

impl View<'_> {
    /// The items of one affiliation section.
    pub fn affiliations(&self, section: AffiliationSection) -> &[Affiliation] {
        let i = AffiliationSection::ALL
            .iter()
            .position(|s| *s == section)
            .unwrap_or_default();
        &self.affiliations[i]
    }

    /// The view as a CV of its own, with the other fields of `cv` (the CV it was made of).
    fn to_cv(&self) -> Cv {
        let section = |s| self.affiliations(s).to_vec();
        Cv {
            base_iri: self.base_iri.cloned(),
            updated: self.updated,
            person: self.person.as_ref().clone(),
            employment: section(AffiliationSection::Employment),
            education: section(AffiliationSection::Education),
            qualifications: section(AffiliationSection::Qualifications),
            invited_positions: section(AffiliationSection::InvitedPositions),
            memberships: section(AffiliationSection::Memberships),
            services: section(AffiliationSection::Services),
            awards: self.awards.to_vec(),
            projects: self.projects.to_vec(),
            patents: self.patents.to_vec(),
            works: self.works.to_vec(),
            // The works read from the bibliography are among `works` already.
            bibliography: Vec::new(),
            teaching: self.teaching.to_vec(),
            supervision: self.supervision.to_vec(),
            peer_reviews: self.peer_reviews.to_vec(),
            research_resources: self.research_resources.to_vec(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Every CV file of the repository (examples, test fixtures, warnings inputs).
    pub(crate) fn repository_cvs() -> Vec<(std::path::PathBuf, Cv)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut cvs = Vec::new();
        for dir in ["examples", "tests/fixtures", "tests/warnings"] {
            let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| {
                    p.extension()
                        .is_some_and(|x| x == "yaml" || x == "json" || x == "toml")
                })
                .collect();
            paths.sort();
            for p in paths {
                if let Ok(loaded) = crate::from_path(&p) {
                    cvs.push((p, loaded.cv));
                }
            }
        }
        assert!(cvs.len() >= 5, "found {} CVs", cvs.len());
        cvs
    }

    /// The CV with one item of every section, and each personal field, made private, and
    /// links to items that are not there.
    fn variants(cv: &Cv) -> Vec<Cv> {
        let mut out = vec![cv.clone()];
        let mut each = |f: &dyn Fn(&mut Cv) -> bool| {
            let mut v = cv.clone();
            if f(&mut v) {
                out.push(v);
            }
        };
        fn first(v: Option<&mut Visibility>, to: Visibility) -> bool {
            match v {
                Some(x) => {
                    *x = to;
                    true
                }
                None => false,
            }
        }
        for to in [Visibility::Limited, Visibility::Private] {
            each(&|c| first(c.person.birth_date.as_mut().map(|d| &mut d.visibility), to));
            each(&|c| first(c.person.address.as_mut().map(|a| &mut a.visibility), to));
            each(&|c| first(c.person.emails.last_mut().map(|e| &mut e.visibility), to));
            each(&|c| {
                first(
                    c.person.telephones.last_mut().map(|t| &mut t.visibility),
                    to,
                )
            });
            for s in AffiliationSection::ALL {
                each(&|c| {
                    first(
                        c.affiliations_mut(s).last_mut().map(|a| &mut a.visibility),
                        to,
                    )
                });
            }
            each(&|c| first(c.awards.last_mut().map(|a| &mut a.visibility), to));
            each(&|c| first(c.projects.last_mut().map(|p| &mut p.visibility), to));
            each(&|c| first(c.patents.last_mut().map(|p| &mut p.visibility), to));
            each(&|c| first(c.works.last_mut().map(|w| &mut w.visibility), to));
            each(&|c| first(c.works.first_mut().map(|w| &mut w.visibility), to));
            each(&|c| first(c.teaching.last_mut().map(|x| &mut x.visibility), to));
            each(&|c| first(c.supervision.last_mut().map(|x| &mut x.visibility), to));
            each(&|c| first(c.peer_reviews.last_mut().map(|x| &mut x.visibility), to));
            each(&|c| {
                first(
                    c.research_resources.last_mut().map(|x| &mut x.visibility),
                    to,
                )
            });
        }
        let nowhere = ItemId::new("no-such-item").unwrap();
        // A link to an item the CV does not have, where the CV has a place for it.
        let link = |x: Option<&mut Option<ItemId>>| match x {
            Some(x) => {
                *x = Some(nowhere.clone());
                true
            }
            None => false,
        };
        each(&|c| link(c.awards.first_mut().map(|a| &mut a.work)));
        each(&|c| link(c.works.last_mut().map(|w| &mut w.version_of)));
        each(&|c| link(c.works.last_mut().map(|w| &mut w.presents)));
        each(&|c| match c.works.first_mut() {
            Some(w) => {
                w.funded_by.push(nowhere.clone());
                true
            }
            None => false,
        });
        each(&|c| {
            link(
                c.education
                    .iter_mut()
                    .find_map(|e| e.degree.as_mut())
                    .map(|d| &mut d.thesis_work),
            )
        });
        out
    }

    /// The view as it was made before [`View`]: the CV copied, then cut down. The view must
    /// give the same CV.
    fn cut_down(cv: &Cv, level: Visibility) -> Cv {
        let mut cv = cv.clone();
        let ok = |v: Visibility| v.allowed_by(level);
        let p = &mut cv.person;
        if p.birth_date.as_ref().is_some_and(|d| !ok(d.visibility)) {
            p.birth_date = None;
        }
        if p.address.as_ref().is_some_and(|a| !ok(a.visibility)) {
            p.address = None;
        }
        p.emails.retain(|e| ok(e.visibility));
        p.telephones.retain(|t| ok(t.visibility));
        for section in AffiliationSection::ALL {
            cv.affiliations_mut(section).retain(|a| ok(a.visibility));
        }
        cv.awards.retain(|a| ok(a.visibility));
        cv.projects.retain(|x| ok(x.visibility));
        cv.patents.retain(|x| ok(x.visibility));
        cv.works.retain(|x| ok(x.visibility));
        cv.teaching.retain(|x| ok(x.visibility));
        cv.supervision.retain(|x| ok(x.visibility));
        cv.peer_reviews.retain(|x| ok(x.visibility));
        cv.research_resources.retain(|x| ok(x.visibility));
        let works: HashSet<_> = cv.works.iter().filter_map(|w| w.id.clone()).collect();
        let projects: HashSet<_> = cv.projects.iter().filter_map(|w| w.id.clone()).collect();
        for a in &mut cv.awards {
            if a.work.as_ref().is_some_and(|w| !works.contains(w)) {
                a.work = None;
            }
        }
        for e in &mut cv.education {
            if let Some(d) = &mut e.degree
                && d.thesis_work.as_ref().is_some_and(|w| !works.contains(w))
            {
                d.thesis_work = None;
            }
        }
        for w in &mut cv.works {
            if w.version_of.as_ref().is_some_and(|v| !works.contains(v)) {
                w.version_of = None;
            }
            if w.presents.as_ref().is_some_and(|v| !works.contains(v)) {
                w.presents = None;
            }
            w.funded_by.retain(|p| projects.contains(p));
        }
        cv
    }

    /// Whether a part of a view is a copy exactly when it differs from the CV's.
    #[allow(clippy::ptr_arg, reason = "whether the part is a copy is the question")]
    fn copied_iff_changed<T: ?Sized + ToOwned + PartialEq>(part: &Cow<'_, T>, cv: &T) -> bool {
        matches!(part, Cow::Owned(_)) == (**part != *cv)
    }

    /// The view is the CV cut down, and it copies exactly the parts that change.
    #[test]
    fn the_view_is_the_cut_down_cv_and_copies_only_what_changes() {
        let mut changed = 0;
        let mut cases = 0;
        for (path, cv) in repository_cvs() {
            for v in variants(&cv) {
                for level in [Visibility::Public, Visibility::Limited, Visibility::Private] {
                    let at = format!("{} at {level:?}", path.display());
                    let expected = cut_down(&v, level);
                    assert!(v.visible(level) == expected, "{at}");
                    let view = v.view(level);
                    let mut parts = vec![
                        copied_iff_changed(&view.person, &v.person),
                        copied_iff_changed(&view.awards, &v.awards[..]),
                        copied_iff_changed(&view.projects, &v.projects[..]),
                        copied_iff_changed(&view.patents, &v.patents[..]),
                        copied_iff_changed(&view.works, &v.works[..]),
                        copied_iff_changed(&view.teaching, &v.teaching[..]),
                        copied_iff_changed(&view.supervision, &v.supervision[..]),
                        copied_iff_changed(&view.peer_reviews, &v.peer_reviews[..]),
                        copied_iff_changed(&view.research_resources, &v.research_resources[..]),
                    ];
                    for (i, s) in AffiliationSection::ALL.into_iter().enumerate() {
                        parts.push(copied_iff_changed(&view.affiliations[i], v.affiliations(s)));
                    }
                    assert!(parts.iter().all(|ok| *ok), "{at}: {parts:?}");
                    changed += usize::from(expected != v);
                    cases += 1;
                }
            }
        }
        // Both kinds were met.
        assert!(changed > 0 && changed < cases, "{changed} of {cases}");
    }
}
