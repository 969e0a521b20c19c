//! `vitae import FORMAT FILE... -o cv.yaml`: ORCID XML, BibTeX, CSL-JSON or JSON Resume into
//! a CV file. The readers are in `vitae::import` (and `vitae::orcid`); this writes what they
//! return and says what they did not keep.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use vitae::InputFormat;

use super::CliError;
use super::output::{
    Access, is_stdout, print_stdout, refuse_existing, refuse_input_as_output, write_file_atomic,
};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Where the documents come from.
    #[arg(value_enum)]
    source: Source,
    /// The documents: ORCID v3.0 XML (a record, activity summaries, bulk works, single
    /// works, affiliations, fundings), `.bib` files, CSL-JSON files, or one JSON Resume.
    /// Several are read into one CV.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The CV file to write; its extension chooses the format (.yaml, .yml, .json, .toml).
    /// `-` writes YAML to standard output. An existing file is replaced only with --force,
    /// an input file never. A new file gets the umask's mode, a replaced one keeps its mode.
    #[arg(short, long, required_unless_present = "into", conflicts_with = "into")]
    output: Option<PathBuf>,
    /// Replace the output file when it exists.
    #[arg(long)]
    force: bool,
    /// Add to this existing YAML CV only the items it lacks (matched by DOI, arXiv id, PMID,
    /// ISBN, else title and year), appended as text at the end of their sections: every
    /// other byte of the file stays as it was. Prints what was added, what was already
    /// there, and what differs (never changed).
    #[arg(long, value_name = "CV")]
    into: Option<PathBuf>,
    /// With --into: print what would be added, write nothing.
    #[arg(long, requires = "into")]
    dry_run: bool,
    /// doi: where DOIs are resolved (GET URL/DOI with content negotiation; default
    /// https://doi.org). orcid: where an ORCID iD's public record is fetched (GET
    /// URL/ID/record; default https://pub.orcid.org/v3.0).
    #[arg(long, value_name = "URL")]
    api_url: Option<String>,
    /// doi, orcid ID: how long one request may take, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    timeout: f64,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Source {
    /// ORCID XML v3.0 files, or ORCID iDs (0000-0002-1825-0097 or https://orcid.org/…),
    /// whose public records are fetched from ORCID's public API.
    Orcid,
    /// BibTeX or BibLaTeX: each entry a work, its citation key the work's id.
    Bibtex,
    /// CSL-JSON (a Zotero, Mendeley or pandoc export): each item a work.
    CslJson,
    /// JSON Resume (schema 1.3): the person, positions, education, awards, publications.
    JsonResume,
    /// DOIs (given instead of files): each DOI's metadata, fetched as CSL-JSON from doi.org.
    Doi,
}

pub(crate) fn read_text(path: &Path) -> Result<String, CliError> {
    let fail = |m: String| CliError::Failed(format!("{}: {m}", path.display()));
    let bytes = vitae::input::read_bounded(path, vitae::orcid::MAX_DOCUMENT_SIZE as u64)
        .map_err(|e| fail(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let before = String::from_utf8_lossy(&bytes[..at]);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        fail(format!(
            "line {line}, column {column}: expected UTF-8, found the byte 0x{:02X}",
            bytes[at]
        ))
    })
}

/// The CV read, how many things were not kept, whether the input named the person, and the
/// ids the input gave (citation keys; the others are derived).
struct Read {
    cv: vitae::Cv,
    not_kept: usize,
    person_found: bool,
    given_ids: std::collections::HashSet<String>,
}

fn read_orcid(files: &[PathBuf], texts: &[String]) -> Result<Read, CliError> {
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let imported = vitae::orcid::import_documents(&refs).map_err(|e| {
        CliError::Failed(format!(
            "{}: {}; nothing written",
            files[e.index].display(),
            e.error
        ))
    })?;
    let mut metadata = 0;
    for l in &imported.losses {
        if l.kind == vitae::orcid::LossKind::OrcidMetadata {
            metadata += 1;
        } else {
            eprintln!("warning: not kept: {l}");
        }
    }
    if metadata > 0 {
        eprintln!(
            "note: not kept: ORCID's own data (created and modified dates, sources, paths, display indexes, group ids, preferences, history) of {metadata} element{} (orcid-metadata)",
            if metadata == 1 { "" } else { "s" }
        );
    }
    Ok(Read {
        cv: imported.cv,
        not_kept: imported.losses.len(),
        person_found: imported.person_found,
        given_ids: Default::default(),
    })
}

/// Prints a reader's notes, each with its file, and counts those that say something was
/// not kept or not read.
fn print_notes(file: &Path, notes: &[vitae::import::Note]) -> usize {
    use vitae::import::NoteKind;
    let mut lost = 0;
    for n in notes {
        let what = match n.kind {
            NoteKind::NotKept => {
                lost += 1;
                "warning: not kept"
            }
            NoteKind::Broken => {
                lost += 1;
                "warning: not read"
            }
            NoteKind::Warning => "warning",
        };
        match n.at {
            Some((line, column)) => {
                let rest = vitae::import::Note {
                    at: None,
                    ..n.clone()
                };
                eprintln!("{what}: {}:{line}:{column}: {rest}", file.display());
            }
            None => eprintln!("{what}: {}: {n}", file.display()),
        }
    }
    lost
}

fn read_bibliographies(
    files: &[PathBuf],
    texts: &[String],
    reader: fn(&str) -> vitae::import::Works,
) -> Read {
    let mut works = Vec::new();
    let mut not_kept = 0;
    for (f, t) in files.iter().zip(texts) {
        let read = reader(t);
        not_kept += print_notes(f, &read.notes);
        works.extend(read.works);
    }
    let given_ids = works
        .iter()
        .filter_map(|w| w.id.as_ref().map(|i| i.as_str().to_owned()))
        .collect();
    let (cv, notes) = vitae::import::cv_of_works(works);
    for n in &notes {
        eprintln!("warning: {n}");
    }
    Read {
        cv,
        not_kept,
        person_found: false,
        given_ids,
    }
}

fn read_json_resume(files: &[PathBuf], texts: &[String]) -> Result<Read, CliError> {
    let ([file], [text]) = (files, texts) else {
        return Err(CliError::Usage(
            "json-resume reads one file: a resume is one person".into(),
        ));
    };
    let read = vitae::import::json_resume::read(text)
        .map_err(|e| CliError::Failed(format!("{}: {e}", file.display())))?;
    let not_kept = print_notes(file, &read.notes);
    Ok(Read {
        cv: read.cv,
        not_kept,
        person_found: read.person_found,
        given_ids: Default::default(),
    })
}

pub(crate) fn run(args: Args) -> Result<ExitCode, CliError> {
    if let Some(into) = &args.into {
        let into_text = check_into(into, &args.files)?;
        let imported = read_inputs(&args)?;
        return merge_into(&args, into, &into_text, imported);
    }
    let Some(output) = args.output.clone() else {
        return Err(CliError::Usage(
            "expected -o FILE (a new CV) or --into CV (an existing one)".into(),
        ));
    };
    let to_stdout = is_stdout(&output);
    let format = if to_stdout {
        InputFormat::Yaml
    } else {
        InputFormat::from_path(&output).ok_or_else(|| {
            CliError::Usage(format!(
                "{}: expected an output file ending in .yaml, .yml, .json or .toml",
                output.display()
            ))
        })?
    };
    if !to_stdout {
        refuse_input_as_output(&output, args.files.iter().map(PathBuf::as_path))?;
        refuse_existing(&output, args.force)?;
    }
    let imported = read_inputs(&args)?;
    write_cv(&output, format, to_stdout, imported)
}

/// Reads (or fetches) every input into one CV.
fn read_inputs(args: &Args) -> Result<Read, CliError> {
    if matches!(args.source, Source::Doi) {
        return fetch_dois(args);
    }
    let mut names = Vec::new();
    let mut texts = Vec::new();
    for f in &args.files {
        match orcid_id(args.source, f) {
            Some(id) => {
                texts.push(fetch_record(args, &id)?);
                names.push(PathBuf::from(id.url()));
            }
            None => {
                texts.push(read_text(f)?);
                names.push(f.clone());
            }
        }
    }
    let imported = match args.source {
        Source::Orcid => read_orcid(&names, &texts)?,
        Source::Bibtex => read_bibliographies(&args.files, &texts, vitae::import::bibtex::read),
        Source::CslJson => read_bibliographies(&args.files, &texts, vitae::import::csl_json::read),
        Source::JsonResume => read_json_resume(&args.files, &texts)?,
        Source::Doi => unreachable!("DOIs are fetched above"),
    };
    Ok(imported)
}

/// The text of the CV `--into` names, once it is known to be a YAML file that is not an
/// input.
fn check_into(into: &Path, inputs: &[PathBuf]) -> Result<String, CliError> {
    match InputFormat::from_path(into) {
        Some(InputFormat::Yaml) => {}
        Some(f) => {
            let name = if f == InputFormat::Json {
                "JSON"
            } else {
                "TOML"
            };
            return Err(CliError::Failed(format!(
                "{}: --into adds items as YAML text, and this CV is {name}: adding to it would mean rewriting the file; import with -o into a new file and copy the items, or keep the CV in YAML (nothing written)",
                into.display()
            )));
        }
        None => {
            return Err(CliError::Usage(format!(
                "{}: --into expects a YAML CV ending in .yaml or .yml",
                into.display()
            )));
        }
    }
    refuse_input_as_output(into, inputs.iter().map(PathBuf::as_path))?;
    read_text(into)
}

/// `--into`: adds to the CV what it lacks, as text appended to its sections, and prints
/// what became of each imported item.
fn merge_into(args: &Args, into: &Path, text: &str, imported: Read) -> Result<ExitCode, CliError> {
    use vitae::import::merge;
    let loaded = vitae::Reader::new(InputFormat::Yaml)
        .with_file_name(into)
        .read_str(text)
        .map_err(CliError::Invalid)?;
    let plan = merge::plan(&loaded.cv, &imported.cv, &imported.given_ids);
    let mut report = String::new();
    if imported.person_found {
        report.push_str(
            "note: the import's person is not merged (--into adds items, never changes the CV's person)\n",
        );
    }
    for (what, list) in [
        ("added", &plan.added),
        ("present", &plan.present),
        ("conflict", &plan.conflicting),
    ] {
        for o in list {
            report.push_str(&format!("{what}: {o}\n"));
        }
    }
    for d in &plan.duplicates {
        report.push_str(&format!("duplicate: {d}\n"));
    }
    report.push_str(&format!(
        "{}: {} added, {} already present, {} conflicting{}{}\n",
        into.display(),
        plan.added.len(),
        plan.present.len(),
        plan.conflicting.len(),
        match plan.duplicates.len() {
            0 => String::new(),
            n => format!(", {n} twice in the import"),
        },
        if args.dry_run {
            " (dry run: nothing written)"
        } else if plan.added.is_empty() {
            " (nothing to add: the file is unchanged)"
        } else {
            ""
        }
    ));
    if args.dry_run || plan.added.is_empty() {
        print_stdout(report.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let merged = append_additions(into, text, &plan.additions)?;
    check_merged(into, &merged, &loaded.cv, &plan.additions)?;
    write_file_atomic(into, merged.as_bytes(), Access::Public)?;
    print_stdout(report.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The CV's text with the additions appended to their sections.
fn append_additions(into: &Path, text: &str, add: &vitae::Cv) -> Result<String, CliError> {
    use vitae::input::to_yaml_items;
    use vitae::input::yaml_edit::YamlText;
    let fail = |e: &dyn std::fmt::Display| {
        CliError::Failed(format!(
            "{}: {e}; nothing written (import with -o into a new file and copy the items by hand)",
            into.display()
        ))
    };
    let mut doc = YamlText::parse(text).map_err(|e| fail(&e))?;
    let mut sections: Vec<(&str, String)> = Vec::new();
    for s in vitae::model::AffiliationSection::ALL {
        sections.push((
            s.key(),
            to_yaml_items(add.affiliations(s)).map_err(|e| fail(&e))?,
        ));
    }
    sections.push(("awards", to_yaml_items(&add.awards).map_err(|e| fail(&e))?));
    sections.push((
        "projects",
        to_yaml_items(&add.projects).map_err(|e| fail(&e))?,
    ));
    sections.push((
        "patents",
        to_yaml_items(&add.patents).map_err(|e| fail(&e))?,
    ));
    sections.push(("works", to_yaml_items(&add.works).map_err(|e| fail(&e))?));
    for (key, items) in sections {
        if !items.is_empty() {
            doc.append_items(key, &items).map_err(|e| fail(&e))?;
        }
    }
    Ok(doc.finish())
}

/// What is written must load, hold the CV's items unchanged and, after them, one item per
/// addition.
fn check_merged(
    into: &Path,
    merged: &str,
    before: &vitae::Cv,
    add: &vitae::Cv,
) -> Result<(), CliError> {
    let after = match vitae::Reader::new(InputFormat::Yaml)
        .with_file_name(into)
        .read_str(merged)
    {
        Ok(l) => l.cv,
        Err(r) => {
            return Err(CliError::Failed(format!(
                "{}: the CV with the new items does not load; nothing written:\n{r}",
                into.display()
            )));
        }
    };
    fn kept<T: PartialEq>(before: &[T], after: &[T], added: usize) -> bool {
        after.len() == before.len() + added && after[..before.len()] == *before
    }
    let mut ok = kept(&before.awards, &after.awards, add.awards.len())
        && kept(&before.projects, &after.projects, add.projects.len())
        && kept(&before.patents, &after.patents, add.patents.len())
        && kept(&before.works, &after.works, add.works.len())
        && before.person == after.person;
    for s in vitae::model::AffiliationSection::ALL {
        ok &= kept(
            before.affiliations(s),
            after.affiliations(s),
            add.affiliations(s).len(),
        );
    }
    if ok {
        Ok(())
    } else {
        Err(CliError::Failed(format!(
            "internal error: {}: the text edit would change items already in the CV; nothing written",
            into.display()
        )))
    }
}

/// The ORCID iD an input of `import orcid` names, when it is one and no file has that name.
fn orcid_id(source: Source, input: &Path) -> Option<vitae::types::OrcidId> {
    if !matches!(source, Source::Orcid) || input.exists() {
        return None;
    }
    vitae::types::OrcidId::new(input.to_str()?).ok()
}

/// The client of the requests of `import doi` and `import orcid ID`.
#[cfg(feature = "ureq")]
fn client(args: &Args) -> Result<vitae::import::http::Client, CliError> {
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        return Err(CliError::Usage(format!(
            "--timeout: expected a number of seconds above 0, found {}",
            args.timeout
        )));
    }
    Ok(vitae::import::http::Client::new(
        std::time::Duration::from_secs_f64(args.timeout),
        None,
    ))
}

/// The public record of an ORCID iD, as XML; nothing is written when it cannot be had.
#[cfg(feature = "ureq")]
fn fetch_record(args: &Args, id: &vitae::types::OrcidId) -> Result<String, CliError> {
    let api = args
        .api_url
        .as_deref()
        .unwrap_or(vitae::import::orcid_id::PUBLIC_API);
    vitae::import::orcid_id::fetch_record(&client(args)?, api, id)
        .map_err(|e| CliError::Failed(format!("{e}; nothing written")))
}

#[cfg(not(feature = "ureq"))]
fn fetch_record(_: &Args, id: &vitae::types::OrcidId) -> Result<String, CliError> {
    Err(CliError::Failed(format!(
        "{id}: this vitae was built without the `ureq` feature, so it cannot fetch ORCID records",
        id = id.as_str()
    )))
}

/// Each DOI's CSL-JSON, read into works: every DOI is fetched before anything is written, and
/// one that cannot be had stops the import (nothing written).
#[cfg(feature = "ureq")]
fn fetch_dois(args: &Args) -> Result<Read, CliError> {
    let api = args
        .api_url
        .clone()
        .unwrap_or_else(|| vitae::import::doi::DOI_ORG.to_owned());
    let client = client(args)?;
    let mut names = Vec::new();
    let mut texts = Vec::new();
    for given in &args.files {
        let text = given.to_string_lossy();
        let doi =
            vitae::types::Doi::new(&text).map_err(|e| CliError::Usage(format!("{text}: {e}")))?;
        let body = vitae::import::doi::fetch_with(&client, &api, &doi)
            .map_err(|e| CliError::Failed(format!("{e}; nothing written")))?;
        let read = vitae::import::csl_json::read(&body);
        if read.works.is_empty() {
            let why = read
                .notes
                .first()
                .map_or_else(|| "no item".to_owned(), ToString::to_string);
            return Err(CliError::Failed(format!(
                "{doi}: the answer is not CSL-JSON ({why}); nothing written"
            )));
        }
        names.push(PathBuf::from(format!("doi:{doi}")));
        texts.push(body);
    }
    Ok(read_bibliographies(
        &names,
        &texts,
        vitae::import::csl_json::read,
    ))
}

#[cfg(not(feature = "ureq"))]
fn fetch_dois(_: &Args) -> Result<Read, CliError> {
    Err(CliError::Failed(
        "this vitae was built without the `ureq` feature, so it cannot fetch DOIs".to_owned(),
    ))
}

/// Writes the imported CV (after checking that it reads back the same).
fn write_cv(
    output: &Path,
    format: InputFormat,
    to_stdout: bool,
    imported: Read,
) -> Result<ExitCode, CliError> {
    if !imported.person_found {
        eprintln!(
            "warning: no document names the person; the CV says \"Unknown Unknown\": edit person.given-names and person.family-name"
        );
    }
    let text = vitae::input::to_string(&imported.cv, format)
        .map_err(|e| CliError::Failed(e.to_string()))?;
    // What is written must load back as the same CV.
    match vitae::from_str(&text, format) {
        Ok(l) if l.cv == imported.cv => {}
        Ok(_) => {
            return Err(CliError::Failed(
                "internal error: the CV written does not read back the same; nothing written"
                    .into(),
            ));
        }
        Err(r) => {
            return Err(CliError::Failed(format!(
                "internal error: the CV written does not load; nothing written:\n{r}"
            )));
        }
    }
    if to_stdout {
        print_stdout(text.as_bytes())?;
    } else {
        // The CV the user will edit: a file like any they make (it may hold limited and
        // private items, as the CV it will be does).
        write_file_atomic(output, text.as_bytes(), Access::Public)?;
        let cv = &imported.cv;
        eprintln!(
            "wrote {}: {} works, {} patent families, {} affiliations, {} awards, {} projects; {} things not kept",
            output.display(),
            cv.works.len(),
            cv.patents.len(),
            vitae::model::AffiliationSection::ALL
                .iter()
                .map(|s| cv.affiliations(*s).len())
                .sum::<usize>(),
            cv.awards.len(),
            cv.projects.len(),
            imported.not_kept
        );
    }
    Ok(ExitCode::SUCCESS)
}
