//! A static profile site made from the CV (`vitae site`): `index.html` (the CV as a page,
//! with the ProfilePage JSON-LD), a page per public work (`works/<id>/index.html`, with the
//! Highwire Press `citation_*` tags Google Scholar reads and the work's JSON-LD node),
//! `cv.jsonld`, `cv.ttl`, `cv.bib`, `style.css` and, with an `http(s)` base, `sitemap.xml`.
//!
//! The pages are rendered by [minijinja] from templates embedded in the binary; any of them
//! can be replaced ([`SiteOptions::with_template`]). What the templates see is described in
//! [`data`]. Only the public view of the CV ([`Cv::visible`] at [`Visibility::Public`]) is
//! read, and the JSON-LD and Turtle are those of `vitae export` (the same writers, the same
//! options), so the site shows nothing an export would not.
//!
//! The output is a list of files ([`build`]); the same CV and options give the same bytes.
//!
//! ```
//! let cv = vitae::from_str(r#"
//! base-iri: https://ada.example.org/
//! person: {given-names: Ada, family-name: Lovelace}
//! works:
//!   - {type: journal-article, title: Sketch of the Analytical Engine, authors: ["**Lovelace A**"],
//!      date: 1843, container: Scientific Memoirs}
//! "#, vitae::InputFormat::Yaml)?.cv;
//! let files = vitae::site::build(&cv, &vitae::site::SiteOptions::new())?;
//! let page = files.iter().find(|f| f.path == "works/1843-sketch-of-the-analytical-engine/index.html").unwrap();
//! assert!(String::from_utf8_lossy(&page.bytes).contains(r#"<meta name="citation_author" content="Lovelace, A">"#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod data;
mod highwire;

use std::collections::BTreeMap;

use minijinja::{Environment, Value, context};
use serde_json::Value as Json;

use crate::export::html::ScriptEscape;
use crate::export::{ExportFormat, JsonLd, Options, RdfFormat};
use crate::model::Cv;
use crate::types::Visibility;
use data::{Alternate, LanguageData, SiteData, SkillData, WorkData};

/// The templates embedded in the binary: name and text.
pub const TEMPLATES: [(&str, &str); 5] = [
    ("base.html", include_str!("templates/base.html")),
    ("index.html", include_str!("templates/index.html")),
    ("work.html", include_str!("templates/work.html")),
    ("style.css", include_str!("templates/style.css")),
    ("sitemap.xml", include_str!("templates/sitemap.xml")),
];

/// How to build the site: the base URL and replaced templates.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    base: Option<url::Url>,
    templates: BTreeMap<String, String>,
    directory: Option<std::path::PathBuf>,
}

impl SiteOptions {
    /// The CV's `base-iri` as base, the embedded templates.
    pub fn new() -> Self {
        Self::default()
    }

    /// The URL where `index.html` is served, overriding the CV's `base-iri`; it is also the
    /// base of the IRIs, so that `<base>#work-<id>` is the work's entry on the index.
    pub fn with_base(mut self, base: url::Url) -> Self {
        self.base = Some(base);
        self
    }

    /// The directory the relative paths of local files start from (the CV's directory):
    /// a link's `file` is copied into the site beside the work's page. Without one, a CV
    /// that links a local file by a relative path cannot be built.
    pub fn with_directory(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        self.directory = Some(dir.into());
        self
    }

    /// Replaces the embedded template `name` (one of [`TEMPLATES`]).
    ///
    /// # Errors
    /// [`SiteError::Template`] when `name` is not one of the templates.
    pub fn with_template(mut self, name: &str, text: String) -> Result<Self, SiteError> {
        if !TEMPLATES.iter().any(|(n, _)| *n == name) {
            return Err(SiteError::Template {
                message: format!(
                    "{name}: expected one of {}, found an unknown template name",
                    TEMPLATES.map(|(n, _)| n).join(", ")
                ),
                source: None,
            });
        }
        self.templates.insert(name.to_owned(), text);
        Ok(self)
    }
}

/// A file of the site: its path relative to the output directory (with `/`) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile {
    /// E.g. `index.html`, `works/2020-x/index.html`.
    pub path: String,
    /// The content.
    pub bytes: Vec<u8>,
}

/// Why the site could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SiteError {
    /// The export of the CV failed (a URL that cannot be an IRI).
    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
    /// A template does not parse or render, or is not one of the site's.
    #[error("template {message}")]
    Template {
        /// The template, line, and what is wrong.
        message: String,
        /// The template engine's error (none for an unknown template name).
        #[source]
        source: Option<minijinja::Error>,
    },
    /// A local file a link names cannot be published: not found, too large, no directory
    /// to find it in, or a name the site cannot hold.
    #[error("{message}")]
    File {
        /// The work, the file, and what is wrong.
        message: String,
        /// The error of reading the file, when it could not be read.
        #[source]
        source: Option<crate::input::ReadError>,
    },
}

impl From<minijinja::Error> for SiteError {
    fn from(e: minijinja::Error) -> Self {
        let mut s = match (e.name(), e.line()) {
            (Some(n), Some(l)) => format!("{n}:{l}: {}", e.kind()),
            (Some(n), None) => format!("{n}: {}", e.kind()),
            _ => e.kind().to_string(),
        };
        if let Some(d) = e.detail() {
            s.push_str(": ");
            s.push_str(d);
        }
        SiteError::Template {
            message: s,
            source: Some(e),
        }
    }
}

/// Builds the site of a CV: every file, in a fixed order. A work needs its id (the loader
/// gives every item one; a CV built in Rust calls [`Cv::complete`] first): a work without
/// one has no page and no entry.
///
/// # Errors
/// [`SiteError::Export`] when the CV cannot be exported; [`SiteError::Template`] when a
/// (replaced) template does not parse or render.
pub fn build(cv: &Cv, options: &SiteOptions) -> Result<Vec<SiteFile>, SiteError> {
    let public = cv.visible(Visibility::Public);
    let mut export = Options::new().with_include(Visibility::Public);
    if let Some(b) = &options.base {
        export = export.with_base(b.clone());
    }
    let jsonld = JsonLd::new()
        .with_options(export.clone())
        .to_value(&public)?;
    let script = crate::export::to_string(&public, ExportFormat::Html, &export)?;
    let page_iri = jsonld["@graph"][0]["@id"].as_str().unwrap_or("").to_owned();
    let base_url = url::Url::parse(&page_iri)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"));

    // Every node the document describes, by `@id`: a work's page takes its node and the
    // nodes it refers to from here.
    let mut described = std::collections::HashMap::new();
    full_descriptions(&jsonld, &mut described);
    let mut works: Vec<WorkData> = Vec::new();
    // The local files the works link, copied beside their pages.
    let mut copies: Vec<SiteFile> = Vec::new();
    for w in &public.works {
        let Some(id) =
            w.id.as_ref()
                .map(|i| i.as_str())
                .filter(|i| is_path_safe(i))
        else {
            continue;
        };
        let mut d = data::work(w, id);
        d.citation = highwire::tags(w, id, base_url.as_ref());
        copies.extend(local_files(w, id, options)?);
        if !w.kind.is_presentation() {
            d.bibtex = crate::citation::bibtex::work(w, id);
        }
        let iri = format!("{page_iri}#work-{id}");
        d.jsonld = node_script(&jsonld, &described, &iri);
        works.push(d);
    }
    // `work_groups` pairs the CV's works with their data: only works with a usable id.
    let listed: Vec<crate::model::Work> = public
        .works
        .iter()
        .filter(|w| w.id.as_ref().is_some_and(|i| is_path_safe(i.as_str())))
        .cloned()
        .collect();
    let listed_cv = Cv {
        works: listed,
        ..Cv::new(public.person.clone())
    };
    let groups = data::work_groups(&works, &listed_cv);
    let selected = works
        .iter()
        .zip(&listed_cv.works)
        .filter(|(_, w)| w.selected)
        .map(|(d, _)| d.clone())
        .collect();

    let mut pages = Vec::new();
    if let Some(b) = &base_url {
        pages.push(b.to_string());
        for w in &works {
            if let Ok(u) = b.join(&w.page) {
                pages.push(u.to_string());
            }
        }
    }
    let site = SiteData {
        person: data::person(&public),
        sections: data::sections(&public),
        works: groups,
        selected,
        skills: public
            .person
            .skills
            .iter()
            .map(|s| SkillData {
                category: s.category.to_string(),
                summary: s.summary.clone().unwrap_or_default(),
                items: s.items.iter().map(|i| i.to_string()).collect(),
            })
            .collect(),
        languages: public
            .person
            .languages
            .iter()
            .map(|l| LanguageData {
                name: l.name.clone().unwrap_or_else(|| l.language.to_string()),
                proficiency: serde_json::to_value(l.proficiency)
                    .ok()
                    .and_then(|v| v.as_str().map(|s| s.replace('-', " ")))
                    .unwrap_or_default(),
            })
            .collect(),
        jsonld: script,
        alternates: vec![
            Alternate {
                href: "cv.jsonld".into(),
                r#type: ExportFormat::JsonLd.media_type().into(),
                title: "schema.org JSON-LD".into(),
            },
            Alternate {
                href: "cv.ttl".into(),
                r#type: ExportFormat::Rdf(RdfFormat::Turtle).media_type().into(),
                title: "RDF Turtle".into(),
            },
            Alternate {
                href: "cv.bib".into(),
                r#type: "application/x-bibtex".into(),
                title: "BibTeX".into(),
            },
        ],
        base_url: base_url.as_ref().map(|u| u.to_string()).unwrap_or_default(),
        pages,
    };

    let env = environment(options)?;
    let site_value = Value::from_serialize(&site);
    let mut files = Vec::new();
    let render = |name: &str, ctx: Value| -> Result<Vec<u8>, SiteError> {
        Ok(env.get_template(name)?.render(ctx)?.into_bytes())
    };
    files.push(SiteFile {
        path: "index.html".into(),
        bytes: render(
            "index.html",
            context! { root => "", site => site_value.clone() },
        )?,
    });
    for w in &works {
        let ctx = context! {
            root => "../../",
            site => site_value.clone(),
            work => Value::from_serialize(w),
        };
        files.push(SiteFile {
            path: format!("works/{}/index.html", w.id),
            bytes: render("work.html", ctx)?,
        });
    }
    files.extend(copies);
    files.push(SiteFile {
        path: "style.css".into(),
        bytes: render(
            "style.css",
            context! { root => "", site => site_value.clone() },
        )?,
    });
    if base_url.is_some() {
        files.push(SiteFile {
            path: "sitemap.xml".into(),
            bytes: render("sitemap.xml", context! { root => "", site => site_value })?,
        });
    }
    files.push(SiteFile {
        path: "cv.jsonld".into(),
        bytes: crate::export::to_string(&public, ExportFormat::JsonLd, &export)?.into_bytes(),
    });
    files.push(SiteFile {
        path: "cv.bib".into(),
        bytes: crate::citation::bibtex::bibliography(&public, Visibility::Public).into_bytes(),
    });
    files.push(SiteFile {
        path: "cv.ttl".into(),
        bytes: crate::export::to_string(&public, ExportFormat::Rdf(RdfFormat::Turtle), &export)?
            .into_bytes(),
    });
    Ok(files)
}

/// The template environment: the embedded templates, then the replaced ones.
fn environment(options: &SiteOptions) -> Result<Environment<'static>, SiteError> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    for (name, text) in TEMPLATES {
        match options.templates.get(name) {
            Some(t) => env.add_template_owned(name.to_owned(), t.clone())?,
            None => env.add_template(name, text)?,
        }
    }
    Ok(env)
}

/// The copies of the local files `w` links (`works/<id>/<file name>`), read with the cap
/// [`crate::input::MAX_LINKED_FILE_SIZE`]. Only the file's name is kept: a path with `..` or
/// an absolute one is read where it points, its copy stays in the work's directory.
fn local_files(
    w: &crate::model::Work,
    id: &str,
    options: &SiteOptions,
) -> Result<Vec<SiteFile>, SiteError> {
    let mut out: Vec<SiteFile> = Vec::new();
    for l in &w.links {
        let crate::model::LinkTarget::File(p) = &l.target else {
            continue;
        };
        let message = |why: String| format!("work {id}: file {}: {why}", p.display());
        let fail = |why: String| SiteError::File {
            message: message(why),
            source: None,
        };
        let Some(name) = copy_name(p) else {
            return Err(fail(
                "expected a file name the site can hold (UTF-8, not starting with `.`, not index.html)".into(),
            ));
        };
        let path = match &options.directory {
            Some(d) => d.join(p),
            None if p.is_absolute() => p.clone(),
            None => {
                return Err(fail(
                    "a relative path needs the CV's directory (SiteOptions::with_directory)".into(),
                ));
            }
        };
        let bytes =
            crate::input::read_bounded(&path, crate::input::MAX_LINKED_FILE_SIZE).map_err(|e| {
                SiteError::File {
                    message: message(e.to_string()),
                    source: Some(e),
                }
            })?;
        let site_path = format!("works/{id}/{name}");
        match out.iter().find(|f| f.path == site_path) {
            Some(f) if f.bytes == bytes => {}
            Some(_) => {
                return Err(fail(format!(
                    "another file of this work has the name {name:?}: the copies beside the page would collide; rename one"
                )));
            }
            None => out.push(SiteFile {
                path: site_path,
                bytes,
            }),
        }
    }
    Ok(out)
}

/// The name of a local file's copy: its file name, when the site can hold it (UTF-8, not
/// hidden, not the page's own `index.html`).
pub(crate) fn copy_name(p: &std::path::Path) -> Option<&str> {
    p.file_name()
        .and_then(|n| n.to_str())
        .filter(|n| !n.starts_with('.') && !n.eq_ignore_ascii_case("index.html"))
}

/// A file name as one percent-encoded URL path segment (`a b.pdf` → `a%20b.pdf`).
pub(crate) fn encode_segment(name: &str) -> String {
    let Ok(mut u) = url::Url::parse("http://h/") else {
        return name.to_owned();
    };
    if let Ok(mut segments) = u.path_segments_mut() {
        segments.clear().push(name);
    }
    u.path().trim_start_matches('/').to_owned()
}

/// Whether an id can be a directory name: ids are slugs, but a hand-written one is checked.
fn is_path_safe(id: &str) -> bool {
    !id.is_empty()
        && id != "."
        && id != ".."
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The node with `@id` `iri` from the document's `@graph`, with the document's context, as
/// a `<script type="application/ld+json">` block (`<`, `>`, `&` escaped as the HTML export
/// does); empty when there is no such node. The document describes a shared node (a
/// journal, a publisher, an event) once, where it first occurs, and refers to it by `@id`
/// elsewhere: a page holding one work alone gets the description of each node it refers to
/// (from `described`, [`full_descriptions`] of the document), at its first place on the page.
fn node_script(
    doc: &Json,
    described: &std::collections::HashMap<&str, &Json>,
    iri: &str,
) -> String {
    let Some(Json::Object(fields)) = doc["@graph"]
        .as_array()
        .and_then(|g| g.iter().find(|n| n["@id"] == iri))
    else {
        return String::new();
    };
    let mut out = serde_json::Map::new();
    out.insert("@context".into(), doc["@context"].clone());
    out.extend(fields.iter().map(|(k, v)| (k.clone(), v.clone())));
    let mut page = Json::Object(out);
    let mut seen = std::collections::HashSet::from([iri.to_owned()]);
    describe_references(&mut page, described, &mut seen);
    let mut block = b"<script type=\"application/ld+json\">\n".to_vec();
    let written = serde_json::to_writer_pretty(ScriptEscape(&mut block), &page);
    block.extend_from_slice(b"\n</script>\n");
    match (written, String::from_utf8(block)) {
        (Ok(()), Ok(s)) => s,
        _ => String::new(),
    }
}

/// Every node of a JSON-LD document described with more than its `@id`, by its `@id`: the
/// first such description of each.
fn full_descriptions<'a>(v: &'a Json, out: &mut std::collections::HashMap<&'a str, &'a Json>) {
    match v {
        Json::Object(fields) => {
            if let Some(Json::String(id)) = fields.get("@id")
                && fields.len() > 1
            {
                out.entry(id.as_str()).or_insert(v);
            }
            for value in fields.values() {
                full_descriptions(value, out);
            }
        }
        Json::Array(items) => items.iter().for_each(|i| full_descriptions(i, out)),
        _ => {}
    }
}

/// Replaces each bare `{"@id": …}` whose node is not yet described on the page by the node's
/// description, at its first place in document order; later places stay references.
fn describe_references(
    v: &mut Json,
    described: &std::collections::HashMap<&str, &Json>,
    seen: &mut std::collections::HashSet<String>,
) {
    match v {
        Json::Object(fields) => {
            if let Some(Json::String(id)) = fields.get("@id") {
                let id = id.clone();
                if fields.len() == 1
                    && !seen.contains(&id)
                    && let Some(full) = described.get(id.as_str())
                {
                    *v = (*full).clone();
                }
                seen.insert(id);
            }
            if let Json::Object(fields) = v {
                for value in fields.values_mut() {
                    describe_references(value, described, seen);
                }
            }
        }
        Json::Array(items) => items
            .iter_mut()
            .for_each(|i| describe_references(i, described, seen)),
        _ => {}
    }
}
