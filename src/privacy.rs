//! Keeping private data private: the view of a CV that an export may show.

use crate::model::{AffiliationSection, Cv};
use crate::types::Visibility;

impl Cv {
    /// The CV as an export that includes data up to `level` may show it: items and personal
    /// fields whose visibility is above `level` are removed. Public exports use
    /// [`Visibility::Public`]; `--include limited` or `--include private` widen it.
    ///
    /// ```
    /// use vitae::types::Visibility;
    /// let cv = vitae::parse_str(r#"
    /// person:
    ///   given-names: Ada
    ///   family-name: Lovelace
    ///   birth-date: {value: 1815-12-10, visibility: private}
    /// "#, vitae::InputFormat::Yaml)?;
    /// assert!(cv.visible(Visibility::Public).person.birth_date.is_none());
    /// assert!(cv.visible(Visibility::Private).person.birth_date.is_some());
    /// # Ok::<(), vitae::Report>(())
    /// ```
    pub fn visible(&self, level: Visibility) -> Cv {
        self.clone().into_visible(level)
    }

    /// [`visible`](Self::visible) of a CV that is not needed any more: no copy is made.
    pub(crate) fn into_visible(self, level: Visibility) -> Cv {
        let mut cv = self;
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
        // Links between items must not point at removed ones.
        let works: std::collections::HashSet<_> =
            cv.works.iter().filter_map(|w| w.id.clone()).collect();
        let projects: std::collections::HashSet<_> =
            cv.projects.iter().filter_map(|w| w.id.clone()).collect();
        for a in &mut cv.awards {
            if a.work.as_ref().is_some_and(|w| !works.contains(w)) {
                a.work = None;
            }
        }
        for e in &mut cv.education {
            if let Some(d) = &mut e.degree {
                if d.thesis_work.as_ref().is_some_and(|w| !works.contains(w)) {
                    d.thesis_work = None;
                }
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
}
