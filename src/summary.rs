//! Counts of items per section, as `vitae check` prints them.

use serde::Serialize;

use crate::model::{AffiliationSection, Cv, WorkKind};

/// How many items each section of a CV holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Summary {
    /// The person's name.
    pub person: String,
    /// Affiliation sections and awards, projects, teaching, supervision, peer reviews, research
    /// resources: (section key, count),
    /// non-empty ones.
    pub sections: Vec<(String, usize)>,
    /// Skill groups.
    pub skill_groups: usize,
    /// Natural languages.
    pub languages: usize,
    /// Patent families and their members.
    pub patent_families: usize,
    /// Members of each family, in order.
    pub patent_members: Vec<usize>,
    /// Works of each kind (work type, count), non-zero ones, in a fixed order.
    pub works: Vec<(String, usize)>,
    /// All works.
    pub works_total: usize,
}

impl Summary {
    /// Counts a CV.
    ///
    /// ```
    /// let cv = vitae::from_str("person: {given-names: Ada, family-name: Lovelace}", vitae::InputFormat::Yaml)?.cv;
    /// assert_eq!(vitae::summary::Summary::of(&cv).works_total, 0);
    /// # Ok::<(), vitae::Report>(())
    /// ```
    pub fn of(cv: &Cv) -> Self {
        let mut sections: Vec<(String, usize)> = AffiliationSection::ALL
            .iter()
            .map(|s| (s.key().to_owned(), cv.affiliations(*s).len()))
            .collect();
        sections.push(("awards".into(), cv.awards.len()));
        sections.push(("projects".into(), cv.projects.len()));
        sections.push(("teaching".into(), cv.teaching.len()));
        sections.push(("supervision".into(), cv.supervision.len()));
        sections.push(("peer-reviews".into(), cv.peer_reviews.len()));
        sections.push(("research-resources".into(), cv.research_resources.len()));
        sections.retain(|(_, n)| *n > 0);
        let works = WorkKind::ALL
            .iter()
            .map(|k| {
                (
                    k.as_str().to_owned(),
                    cv.works.iter().filter(|w| w.kind == *k).count(),
                )
            })
            .filter(|(_, n)| *n > 0)
            .collect();
        Self {
            person: cv.person.full_name(),
            sections,
            skill_groups: cv.person.skills.len(),
            languages: cv.person.languages.len(),
            patent_families: cv.patents.len(),
            patent_members: cv.patents.iter().map(|f| f.members.len()).collect(),
            works,
            works_total: cv.works.len(),
        }
    }

    /// The count of one section or work type (0 when absent).
    pub fn count(&self, key: &str) -> usize {
        self.sections
            .iter()
            .chain(self.works.iter())
            .find(|(k, _)| k == key)
            .map_or(0, |(_, n)| *n)
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "person: {}", self.person)?;
        for (k, n) in &self.sections {
            writeln!(f, "{k}: {n}")?;
        }
        if self.skill_groups > 0 {
            writeln!(f, "skill groups: {}", self.skill_groups)?;
        }
        if self.languages > 0 {
            writeln!(f, "languages: {}", self.languages)?;
        }
        if self.patent_families > 0 {
            let members: Vec<String> = self
                .patent_members
                .iter()
                .map(ToString::to_string)
                .collect();
            writeln!(
                f,
                "patent families: {} ({} members)",
                self.patent_families,
                members.join(" + ")
            )?;
        }
        writeln!(f, "works: {}", self.works_total)?;
        for (k, n) in &self.works {
            writeln!(f, "  {k}: {n}")?;
        }
        let papers = self.count("conference-paper") + self.count("workshop-paper");
        if self.count("conference-paper") > 0 && self.count("workshop-paper") > 0 {
            writeln!(f, "  (conference and workshop papers together: {papers})")?;
        }
        Ok(())
    }
}
