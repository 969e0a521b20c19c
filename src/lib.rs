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
pub mod ids;
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

pub use export::{bulk, query, vocab};
pub use input::{InputFormat, Loaded, Reader, from_path, from_slice, from_str, to_yaml_string};
pub use model::Cv;
pub use report::{Diagnostic, Report, Severity};
