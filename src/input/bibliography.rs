//! A CV's linked bibliography, read at every load: each file of `bibliography` through the
//! BibTeX or CSL-JSON importer, its entries appended to the CV's works (the citation keys as
//! their ids), the `works` entries with a `key` applied to them, and a work found twice (in
//! the CV and a file, or in two files) merged by the identity rule
//! ([`crate::import::identity`]).
//!
//! What the importers say about a file becomes a diagnostic in that file, with its line and
//! column: an entry that cannot be read is an error, a field not kept a warning.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::import::identity::Identity;
use crate::import::{Note, NoteKind};
use crate::model::{BibliographyFormat, Cv, Work, WorkAnnotation};
use crate::report::{Code, Diagnostic};

/// Where a work of the bibliography comes from.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    /// The file, as found (the base directory joined to the path of the CV).
    pub(crate) file: PathBuf,
    /// The citation key.
    pub(crate) key: String,
    /// Where its entry starts, when known.
    pub(crate) at: Option<(usize, usize)>,
}

/// The fields of a `works` entry with a `key` ([`WorkAnnotation`]).
const ANNOTATION_FIELDS: [&str; 10] = [
    "key",
    "id",
    "visibility",
    "selected",
    "me",
    "links",
    "awards",
    "funded-by",
    "notes",
    "put-code",
];

/// Takes out of each `works` entry with a `key` the fields an annotation does not take (a
/// work's `title`, `type`, …: the bibliography gives them), each reported; a misspelt
/// annotation field is left for the schema walk, which suggests the right one.
pub(crate) fn strip_annotations(value: &mut serde_json::Value, diags: &mut Vec<Diagnostic>) {
    let Some(works) = value.get_mut("works") else {
        return;
    };
    let items: Vec<(String, &mut serde_json::Map<String, serde_json::Value>)> = match works {
        serde_json::Value::Array(a) => a
            .iter_mut()
            .enumerate()
            .filter_map(|(i, v)| v.as_object_mut().map(|m| (format!("works[{i}]"), m)))
            .collect(),
        serde_json::Value::Object(m) => vec![("works".to_owned(), m)],
        _ => Vec::new(),
    };
    for (path, m) in items {
        if !m.contains_key("key") {
            continue;
        }
        let extra: Vec<String> = m
            .keys()
            .filter(|k| {
                !ANNOTATION_FIELDS.contains(&k.as_str())
                    && crate::report::did_you_mean(k, &ANNOTATION_FIELDS).is_none()
            })
            .cloned()
            .collect();
        for k in extra {
            m.remove(&k);
            diags.push(Diagnostic::error(
                format!("{path}.{k}"),
                format!(
                    "an entry with `key` annotates the bibliography's entry and takes only {}; `{k}` is the entry's to give (or remove `key` to make this a work of its own)",
                    ANNOTATION_FIELDS.join(", ")
                ),
            ).with_code(Code::UnknownKey));
        }
    }
}

/// A citation key and where its entry starts (line, column), when known.
type KeyAt = (String, Option<(usize, usize)>);

/// One work read from a file, before merging.
struct Entry {
    work: Work,
    origin: Origin,
}

/// Reads the CV's bibliography into its works and applies the annotations (each with its
/// index among the `works` entries of the file). `base` is the directory relative paths
/// start from; without one, a bibliography is an error. Returns the origin of each work
/// appended (the works after the CV's own, in order).
pub(crate) fn resolve(
    cv: &mut Cv,
    annotations: Vec<(usize, WorkAnnotation)>,
    base: Option<&Path>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Origin> {
    if cv.bibliography.is_empty() {
        for (i, a) in &annotations {
            diags.push(Diagnostic::error(
                format!("works[{i}].key"),
                format!(
                    "expected a work (type, title, ...) or, in a CV with a `bibliography`, the key of one of its entries; found the key {:?} and no bibliography",
                    a.key
                ),
            ).with_code(Code::UnknownReference));
        }
        return Vec::new();
    }
    let mut entries = Vec::new();
    // Whether every file was read: else an annotation's key may be in a file not read, and
    // is not reported.
    let mut all_read = true;
    for (i, source) in cv.bibliography.iter().enumerate() {
        let field = format!("bibliography[{i}]");
        let Some(base) = base else {
            diags.push(Diagnostic::error(
                field,
                format!(
                    "a CV read from text has no directory to find {:?} in: load it from its file (vitae::from_path) or give the directory (vitae::Reader::with_base_dir)",
                    source.path
                ),
            ).with_code(Code::Unreadable));
            all_read = false;
            continue;
        };
        let file = base.join(&source.path);
        let bytes = match super::read_bounded(&file, super::MAX_FILE_SIZE) {
            Ok(b) => b,
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        field,
                        format!("cannot read the bibliography {}: {e}", file.display()),
                    )
                    .with_code(Code::Unreadable),
                );
                all_read = false;
                continue;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let (line, column) = super::line_col(e.as_bytes(), e.utf8_error().valid_up_to());
                diags.push(
                    Diagnostic::error(
                        "",
                        "expected UTF-8 text, found bytes that are not UTF-8 (save the file as UTF-8)",
                    ).with_code(Code::NotUtf8)
                    .at(line, column)
                    .in_file(file),
                );
                all_read = false;
                continue;
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let dirs = LinkDirs {
            found: file.parent().unwrap_or(base),
            in_cv: Path::new(&source.path).parent().unwrap_or(Path::new("")),
        };
        read_file(text, source.format, &file, dirs, &mut entries, diags);
    }
    let own = cv.works.len();
    let merged = merge(cv, entries, diags);
    annotate(cv, own, &merged, annotations, all_read, diags);
    merged.origins
}

/// Reads one file's entries; its notes become diagnostics in it.
fn read_file(
    text: &str,
    format: BibliographyFormat,
    file: &Path,
    dirs: LinkDirs<'_>,
    entries: &mut Vec<Entry>,
    diags: &mut Vec<Diagnostic>,
) {
    let (works, at): (_, Vec<KeyAt>) = match format {
        BibliographyFormat::Bibtex => {
            let (works, keys) = crate::import::bibtex::read_keyed(text);
            (
                works,
                keys.into_iter().map(|(k, at)| (k, Some(at))).collect(),
            )
        }
        BibliographyFormat::CslJson => {
            let (works, keys) = crate::import::csl_json::read_keyed(text);
            // The positions of the items, from the YAML reader (JSON is YAML).
            let map = super::yaml::to_value(text).ok().map(|(_, m)| m);
            let locate = |i: usize| map.as_ref().and_then(|m| m.locate(&format!("[{i}]")));
            (
                works,
                keys.into_iter().map(|(k, i)| (k, locate(i))).collect(),
            )
        }
    };
    let positions: HashMap<&str, (usize, usize)> = at
        .iter()
        .filter_map(|(k, p)| p.map(|p| (k.as_str(), p)))
        .collect();
    for note in &works.notes {
        diags.push(note_diagnostic(note, file, &positions));
    }
    for (mut work, (key, at)) in works.works.into_iter().zip(at.iter().cloned()) {
        locate_files(&mut work, dirs);
        entries.push(Entry {
            work,
            origin: Origin {
                file: file.to_path_buf(),
                key,
                at,
            },
        });
    }
}

/// The directory of a bibliography file: as found on disk, and as a path from the CV's
/// directory.
#[derive(Clone, Copy)]
struct LinkDirs<'a> {
    found: &'a Path,
    in_cv: &'a Path,
}

/// Makes the relative local files an entry links (al-folio's `pdf = {x.pdf}`) relative to
/// the CV, as a link's `file` is: a path is read from the bibliography file's directory or,
/// when it is not there, from al-folio's `assets/pdf/` beside that directory (al-folio keeps
/// the bibliography in `_bibliography/` and the files in `assets/pdf/`). A file in neither
/// keeps the first place, where the load reports it missing.
fn locate_files(work: &mut Work, dirs: LinkDirs<'_>) {
    for l in &mut work.links {
        let crate::model::LinkTarget::File(p) = &mut l.target else {
            continue;
        };
        if p.is_absolute() {
            continue;
        }
        let al_folio = Path::new("..").join("assets").join("pdf").join(&*p);
        let beside = dirs.found.join(&*p);
        *p = if !beside.exists() && dirs.found.join(&al_folio).is_file() {
            dirs.in_cv.join(al_folio)
        } else {
            dirs.in_cv.join(&*p)
        };
    }
}

fn note_diagnostic(
    note: &Note,
    file: &Path,
    positions: &HashMap<&str, (usize, usize)>,
) -> Diagnostic {
    let path = note.item.clone().unwrap_or_default();
    let mut d = match note.kind {
        NoteKind::Broken => {
            Diagnostic::error(path, note.message.clone()).with_code(Code::UnreadableEntry)
        }
        NoteKind::NotKept => {
            Diagnostic::warning(path, note.message.clone()).with_code(Code::NotExported)
        }
        NoteKind::Warning => {
            Diagnostic::warning(path, note.message.clone()).with_code(Code::Suspicious)
        }
    };
    let at = note
        .at
        .or_else(|| note.item.as_deref().and_then(|k| positions.get(k).copied()));
    if let Some((line, column)) = at {
        d = d.at(line, column);
    }
    d.in_file(file.to_path_buf())
}

/// Where a work stands, for messages: `works[3]` of the CV, or `key` in its file.
fn describe(cv_works: usize, i: usize, origins: &[Origin]) -> String {
    if i < cv_works {
        format!("works[{i}]")
    } else {
        let o = &origins[i - cv_works];
        match o.at {
            Some((line, _)) => format!("`{}` ({}, line {line})", o.key, o.file.display()),
            None => format!("`{}` ({})", o.key, o.file.display()),
        }
    }
}

/// The works of the bibliography, once merged: the origin of each work appended, and the
/// keys of the entries merged into an earlier work, with its index.
struct Merged {
    origins: Vec<Origin>,
    merged: Vec<(String, usize)>,
}

/// Appends the entries to the CV's works, each merged into an earlier work it is the same
/// as; keeps a citation key as the id when no item of the CV has it.
fn merge(cv: &mut Cv, entries: Vec<Entry>, diags: &mut Vec<Diagnostic>) -> Merged {
    let own = cv.works.len();
    let mut identities: Vec<Identity> = cv.works.iter().map(Identity::of).collect();
    let mut taken: HashSet<String> = crate::ids::all_given_ids(cv).into_iter().collect();
    let mut origins: Vec<Origin> = Vec::new();
    let mut merged = Vec::new();
    for Entry { mut work, origin } in entries {
        let identity = Identity::of(&work);
        let same = identities
            .iter()
            .enumerate()
            .find_map(|(i, other)| other.same(&identity).map(|by| (i, by)));
        let warn = |message: String| {
            let mut d = Diagnostic::warning(origin.key.clone(), message).with_code(Code::Duplicate);
            if let Some((l, c)) = origin.at {
                d = d.at(l, c);
            }
            d.in_file(origin.file.clone())
        };
        if let Some((i, by)) = same {
            let what = describe(own, i, &origins);
            let added = merge_into(&mut cv.works[i], work);
            diags.push(warn(format!(
                "the same work as {what} ({}): merged into it{}",
                by.as_str(),
                if added.is_empty() {
                    String::new()
                } else {
                    format!(", which takes its {}", added.join(", "))
                }
            )));
            identities[i] = Identity::of(&cv.works[i]);
            // Its key still names the work, for an annotation.
            merged.push((origin.key, i));
            continue;
        }
        if let Some(id) = &work.id
            && !taken.insert(id.as_str().to_owned())
        {
            diags.push(warn(format!(
                "the id {:?} is taken by another item of the CV: the work gets a derived id",
                id.as_str()
            )));
            work.id = None;
        }
        identities.push(identity);
        cv.works.push(work);
        origins.push(origin);
    }
    Merged { origins, merged }
}

/// Fills what `into` lacks from `from`: identifiers, URL, links, the selected mark. Returns
/// the names of what it took.
fn merge_into(into: &mut Work, from: Work) -> Vec<&'static str> {
    let mut added = Vec::new();
    if into.doi.is_none() && from.doi.is_some() {
        into.doi = from.doi;
        added.push("DOI");
    }
    if into.arxiv.is_none() && from.arxiv.is_some() {
        into.arxiv = from.arxiv;
        added.push("arXiv id");
    }
    if into.pmid.is_none() && from.pmid.is_some() {
        into.pmid = from.pmid;
        added.push("PubMed id");
    }
    if into.isbn.is_empty() && !from.isbn.is_empty() {
        into.isbn = from.isbn;
        added.push("ISBN");
    }
    if into.url.is_none() && from.url.is_some() {
        into.url = from.url;
        added.push("URL");
    }
    let before = into.links.len();
    for l in from.links {
        if !into.links.iter().any(|x| x.target == l.target) {
            into.links.push(l);
        }
    }
    if into.links.len() > before {
        added.push("links");
    }
    if from.selected && !into.selected {
        into.selected = true;
        added.push("selected mark");
    }
    added
}

/// Applies each annotation to the work its key names.
fn annotate(
    cv: &mut Cv,
    own: usize,
    merged: &Merged,
    annotations: Vec<(usize, WorkAnnotation)>,
    all_read: bool,
    diags: &mut Vec<Diagnostic>,
) {
    // Every key, in file order: those of the works appended and of the entries merged.
    let mut keys: Vec<(&str, usize)> = merged
        .origins
        .iter()
        .enumerate()
        .map(|(j, o)| (o.key.as_str(), own + j))
        .chain(merged.merged.iter().map(|(k, i)| (k.as_str(), *i)))
        .collect();
    keys.sort_by_key(|(_, i)| *i);
    let mut by_key: HashMap<&str, usize> = HashMap::new();
    for (k, i) in &keys {
        by_key.entry(k).or_insert(*i);
    }
    let mut done: HashMap<usize, usize> = HashMap::new();
    for (i, a) in annotations {
        let at = |field: &str| format!("works[{i}].{field}");
        let target = by_key.get(a.key.as_str()).copied().or_else(|| {
            keys.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(&a.key))
                .map(|(_, i)| *i)
        });
        let Some(t) = target else {
            if !all_read {
                continue;
            }
            let files: Vec<String> = cv.bibliography.iter().map(|b| b.path.clone()).collect();
            diags.push(Diagnostic::error(
                at("key"),
                format!(
                    "expected the citation key of an entry of the bibliography ({}), found {:?}, which none has",
                    files.join(", "),
                    a.key
                ),
            ).with_code(Code::UnknownReference));
            continue;
        };
        if let Some(first) = done.insert(t, i) {
            diags.push(Diagnostic::error(
                at("key"),
                format!(
                    "the entry {:?} is annotated already by works[{first}]: expected one annotation per entry",
                    a.key
                ),
            ).with_code(Code::Duplicate));
            continue;
        }
        let w = &mut cv.works[t];
        if let Some(id) = a.id {
            w.id = Some(id);
        }
        if let Some(v) = a.visibility {
            w.visibility = v;
        }
        if let Some(s) = a.selected {
            w.selected = s;
        }
        if let Some(n) = a.me {
            if n >= 1 && n <= w.authors.len() {
                for (k, c) in w.authors.iter_mut().enumerate() {
                    c.me = Some(k + 1 == n);
                }
            } else {
                diags.push(
                    Diagnostic::error(
                        at("me"),
                        format!(
                            "expected the position of an author of {:?} (1 to {}), found {n}",
                            a.key,
                            w.authors.len()
                        ),
                    )
                    .with_code(Code::UnknownReference),
                );
            }
        }
        for l in a.links {
            if !w.links.iter().any(|x| x.target == l.target) {
                w.links.push(l);
            }
        }
        w.awards.extend(a.awards);
        w.funded_by.extend(a.funded_by);
        w.notes.extend(a.notes);
        if a.put_code.is_some() {
            w.put_code = a.put_code;
        }
    }
}

/// Moves the diagnostics about works of the bibliography (`works[N]…` with N past the CV's
/// own) to their entries: the file, the entry's line and column, the key for `works[N]`.
pub(crate) fn relocate(diags: &mut [Diagnostic], own: usize, origins: &[Origin]) {
    for d in diags {
        let Some(rest) = d.path.strip_prefix("works[") else {
            continue;
        };
        let Some(close) = rest.find(']') else {
            continue;
        };
        let Ok(n) = rest[..close].parse::<usize>() else {
            continue;
        };
        let Some(o) = n.checked_sub(own).and_then(|j| origins.get(j)) else {
            continue;
        };
        d.path = format!("{}{}", o.key, &rest[close + 1..]);
        if let Some((l, c)) = o.at {
            d.line = Some(l);
            d.column = Some(c);
        }
        d.file = Some(o.file.clone());
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_annotation_fields_are_those_of_the_type() {
        let schema = schemars::schema_for!(crate::model::WorkAnnotation).to_value();
        let mut names: Vec<&str> = schema["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .map(String::as_str)
            .collect();
        let mut fields = super::ANNOTATION_FIELDS.to_vec();
        names.sort_unstable();
        fields.sort_unstable();
        assert_eq!(names, fields);
    }
}
