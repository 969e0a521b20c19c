//! ORCID's work types (`work:type`): a code list, like the ISO ones, that the model uses for a
//! work's explicit ORCID type (`Work::orcid_type`) and the ORCID writer for every work.

use serde::{Deserialize, Serialize};

use super::ValueError;

macro_rules! work_types {
    ($( $v:ident = $s:literal, )*) => {
        /// An ORCID work type (`work:type`), as ORCID's API accepts them.
        ///
        /// ```
        /// use vitae::types::WorkType;
        /// let t: WorkType = "lecture-speech".parse()?;
        /// assert_eq!(t, WorkType::LectureSpeech);
        /// assert!("talk".parse::<WorkType>().is_err());
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
            schemars::JsonSchema,
        )]
        pub enum WorkType {
            $(
                #[doc = concat!("`", $s, "`")]
                #[serde(rename = $s)]
                $v,
            )*
        }

        impl WorkType {
            /// Every work type ORCID accepts, in ORCID's (alphabetical) order.
            pub const ALL: &'static [WorkType] = &[$(WorkType::$v,)*];

            /// ORCID's spelling, e.g. `journal-article`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(WorkType::$v => $s,)*
                }
            }
        }
    };
}

work_types! {
    Annotation = "annotation",
    ArtisticPerformance = "artistic-performance",
    BlogPost = "blog-post",
    BookChapter = "book-chapter",
    BookReview = "book-review",
    Book = "book",
    CartographicMaterial = "cartographic-material",
    ClinicalStudy = "clinical-study",
    ConferenceAbstract = "conference-abstract",
    ConferenceOutput = "conference-output",
    ConferencePaper = "conference-paper",
    ConferencePoster = "conference-poster",
    ConferencePresentation = "conference-presentation",
    ConferenceProceedings = "conference-proceedings",
    DataManagementPlan = "data-management-plan",
    DataSet = "data-set",
    Design = "design",
    DictionaryEntry = "dictionary-entry",
    Disclosure = "disclosure",
    DissertationThesis = "dissertation-thesis",
    EditedBook = "edited-book",
    EncyclopediaEntry = "encyclopedia-entry",
    Image = "image",
    Invention = "invention",
    JournalArticle = "journal-article",
    JournalIssue = "journal-issue",
    LearningObject = "learning-object",
    LectureSpeech = "lecture-speech",
    License = "license",
    MagazineArticle = "magazine-article",
    Manual = "manual",
    MovingImage = "moving-image",
    MusicalComposition = "musical-composition",
    NewsletterArticle = "newsletter-article",
    NewspaperArticle = "newspaper-article",
    OnlineResource = "online-resource",
    Other = "other",
    Patent = "patent",
    PhysicalObject = "physical-object",
    Preprint = "preprint",
    PublicSpeech = "public-speech",
    RegisteredCopyright = "registered-copyright",
    Report = "report",
    ResearchTechnique = "research-technique",
    ResearchTool = "research-tool",
    Review = "review",
    Software = "software",
    Sound = "sound",
    SpinOffCompany = "spin-off-company",
    StandardsAndPolicy = "standards-and-policy",
    SupervisedStudentPublication = "supervised-student-publication",
    TechnicalStandard = "technical-standard",
    Test = "test",
    Trademark = "trademark",
    Transcription = "transcription",
    Translation = "translation",
    Website = "website",
    WorkingPaper = "working-paper",
    Undefined = "undefined",
}

impl std::fmt::Display for WorkType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for WorkType {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        WorkType::ALL
            .iter()
            .copied()
            .find(|w| w.as_str() == t)
            .ok_or_else(|| {
                ValueError::new(format!(
                    "expected an ORCID work type such as journal-article or lecture-speech, found {s:?}"
                ))
            })
    }
}
