//! # vitae
//!
//! One CV, written once, published everywhere: vitae reads a researcher's CV (hand-written
//! YAML, JSON or TOML following [`schemas/cv.schema.json`](schema), or built in Rust) into one
//! model, [`Cv`], checks it, and writes it as schema.org JSON-LD, RDF, and ORCID XML.
//!
//! ```
//! let cv = vitae::from_str(r#"
//! person:
//!   given-names: Ada
//!   family-name: Lovelace
//!   orcid: 0000-0002-1825-0097
//! works:
//!   - type: journal-article
//!     title: Sketch of the Analytical Engine
//!     authors: [Menabrea L F, Lovelace A]
//!     date: 1843
//!     container: Scientific Memoirs
//!     volume: 3
//!     pages: 666-731
//! "#, vitae::InputFormat::Yaml)?.cv;
//! assert!(cv.works[0].authors[1].is_me());
//! # Ok::<(), vitae::Report>(())
//! ```
//!
//! Modules: [`types`] holds validated values (ORCID iD, DOI, partial dates, ...), [`model`] the
//! CV, [`input`] the reader and its [`Report`], [`validate`] the checks across items.

#![warn(missing_docs)]

pub mod citation;
pub mod enrich;
pub mod export;
pub(crate) mod ids;
pub mod import;
pub mod input;
pub mod model;
pub mod orcid;
mod privacy;
pub mod publish;
pub mod report;
pub mod schema;
pub mod site;
pub mod summary;
pub mod sync;
pub mod types;
pub mod validate;

pub use export::{bulk, query};
pub use input::{InputFormat, Loaded, Reader, from_path, from_slice, from_str, to_yaml_string};
pub use model::Cv;
pub use report::{Code, Diagnostic, Report, Severity};

/// What is not part of the API (issue 15, point 5): the internals below do not compile
/// outside the crate, nor do the reading functions `from_str`, `from_slice`, `from_path`
/// replaced.
///
/// ```compile_fail
/// vitae::ids::slug("a", 1);
/// ```
/// ```compile_fail
/// vitae::orcid::vocab::is_external_id_type("doi");
/// ```
/// ```compile_fail
/// vitae::input::is_xml_char('a');
/// ```
/// ```compile_fail
/// vitae::sync::ManualClock::new();
/// ```
/// ```compile_fail
/// vitae::sync::SeededJitter::new(1);
/// ```
/// ```compile_fail
/// vitae::parse_str("person: {given-names: Ada, family-name: Lovelace}", vitae::InputFormat::Yaml);
/// ```
/// ```compile_fail
/// vitae::load(std::path::Path::new("cv.yaml"));
/// ```
/// Sync's and publish's plumbing: the readers of ORCID's answers, the bulk document, the
/// API URL check, the Graph Store's requests (what `sync::plan`/`apply` and
/// `publish::publish` do inside).
/// ```compile_fail
/// let _ = vitae::sync::read_summaries(vitae::sync::Section::Work, "<works/>");
/// ```
/// ```compile_fail
/// let _ = vitae::sync::read_error("<error/>");
/// ```
/// ```compile_fail
/// let _ = vitae::sync::put_code_from_location("https://api.orcid.org/v3.0/0000-0002-1825-0097/work/1");
/// ```
/// ```compile_fail
/// let _ = vitae::sync::check_api_url("https://api.orcid.org/v3.0");
/// ```
/// ```compile_fail
/// let _ = vitae::sync::bulk_document(Vec::<&vitae::sync::LocalItem>::new());
/// ```
/// ```compile_fail
/// let _ = vitae::orcid::archive::id_in_path("0000-0002-1825-0097.xml");
/// ```
/// ```compile_fail
/// let _ = vitae::publish::turtle(std::path::Path::new("cv.yaml"), &vitae::export::Options::new());
/// ```
/// ```compile_fail
/// let _: Option<vitae::publish::Sent> = None;
/// ```
/// The model's growing types (`Cv`, `Person`, `Work`, `Affiliation`) are non-exhaustive:
/// built with their constructors, never by a struct expression, so that a new field is not a
/// breaking change.
/// ```compile_fail
/// # let cv = vitae::Cv::new(vitae::model::Person::new(vitae::model::Text::new("Ada").unwrap(), vitae::model::Text::new("Lovelace").unwrap()));
/// let _ = vitae::Cv { works: Vec::new(), ..cv };
/// ```
/// ```compile_fail
/// # let w = vitae::model::Work::new(vitae::model::WorkKind::Book, vitae::model::Text::new("Notes").unwrap());
/// let _ = vitae::model::Work { title: vitae::model::Text::new("Sketch").unwrap(), ..w };
/// ```
/// The same calls through the public API compile:
/// ```
/// # fn f() -> Result<(), vitae::Report> {
/// let loaded = vitae::from_path("cv.yaml")?;
/// let loaded = vitae::from_str("person: {given-names: Ada, family-name: Lovelace}", vitae::InputFormat::Yaml)?;
/// # let _ = loaded; Ok(()) }
/// let mut cv = vitae::Cv::new(vitae::model::Person::new(vitae::model::Text::new("Ada").unwrap(), vitae::model::Text::new("Lovelace").unwrap()));
/// let mut w = vitae::model::Work::new(vitae::model::WorkKind::Book, vitae::model::Text::new("Notes").unwrap());
/// w.title = "Sketch".parse().unwrap();
/// cv.works.push(w);
/// let _ = vitae::sync::Section::Work;
/// let _ = vitae::export::Options::new();
/// let _ = vitae::orcid::archive::Record::from_document("0000-0002-1825-0097.xml", String::new());
/// ```
#[cfg(doctest)]
pub struct NotTheApi;
