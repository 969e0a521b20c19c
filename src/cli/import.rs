//! `vitae import orcid FILE... -o cv.yaml`: ORCID XML into a CV file.

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
    /// ORCID v3.0 XML documents: a record, activity summaries, bulk works, or single works,
    /// affiliations and fundings. Several are read into one CV.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The CV file to write; its extension chooses the format (.yaml, .yml, .json, .toml).
    /// `-` writes YAML to standard output. An existing file is replaced only with --force,
    /// an input file never. A new file gets the umask's mode, a replaced one keeps its mode.
    #[arg(short, long)]
    output: PathBuf,
    /// Replace the output file when it exists.
    #[arg(long)]
    force: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Source {
    /// ORCID XML v3.0.
    Orcid,
}

fn read_text(path: &Path) -> Result<String, CliError> {
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

/// A CV as YAML: the model serialized, in the model's field order.
pub(crate) fn to_yaml(value: &serde_json::Value) -> Result<String, CliError> {
    fn conv(v: &serde_json::Value) -> yaml_rust2::Yaml {
        use yaml_rust2::Yaml;
        match v {
            serde_json::Value::Null => Yaml::Null,
            serde_json::Value::Bool(b) => Yaml::Boolean(*b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Yaml::Integer(i),
                None => Yaml::Real(n.to_string()),
            },
            serde_json::Value::String(s) => Yaml::String(s.clone()),
            serde_json::Value::Array(a) => Yaml::Array(a.iter().map(conv).collect()),
            serde_json::Value::Object(m) => {
                let mut h = yaml_rust2::yaml::Hash::new();
                for (k, x) in m {
                    h.insert(Yaml::String(k.clone()), conv(x));
                }
                Yaml::Hash(h)
            }
        }
    }
    let mut out = String::new();
    let mut emitter = yaml_rust2::YamlEmitter::new(&mut out);
    emitter.multiline_strings(true);
    emitter
        .dump(&conv(value))
        .map_err(|e| CliError::Failed(format!("cannot write YAML: {e}")))?;
    out.push('\n');
    Ok(out)
}

pub(crate) fn run(args: Args) -> Result<ExitCode, CliError> {
    let Source::Orcid = args.source;
    let to_stdout = is_stdout(&args.output);
    let format = if to_stdout {
        InputFormat::Yaml
    } else {
        InputFormat::from_path(&args.output).ok_or_else(|| {
            CliError::Usage(format!(
                "{}: expected an output file ending in .yaml, .yml, .json or .toml",
                args.output.display()
            ))
        })?
    };
    if !to_stdout {
        refuse_input_as_output(&args.output, args.files.iter().map(PathBuf::as_path))?;
        refuse_existing(&args.output, args.force)?;
    }
    let mut texts = Vec::new();
    for f in &args.files {
        texts.push(read_text(f)?);
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let imported = vitae::orcid::import_documents(&refs)
        .map_err(|e| CliError::Failed(format!("{}: {}", args.files[e.index].display(), e.error)))?;
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
    if !imported.person_found {
        eprintln!(
            "warning: no document names the person; the CV says \"Unknown Unknown\": edit person.given-names and person.family-name"
        );
    }
    let value = serde_json::to_value(&imported.cv)
        .map_err(|e| CliError::Failed(format!("cannot serialize the CV: {e}")))?;
    let text = match format {
        InputFormat::Json => {
            let mut s = serde_json::to_string_pretty(&value)
                .map_err(|e| CliError::Failed(format!("cannot write JSON: {e}")))?;
            s.push('\n');
            s
        }
        InputFormat::Toml => toml::to_string(&imported.cv)
            .map_err(|e| CliError::Failed(format!("cannot write TOML: {e}")))?,
        _ => to_yaml(&value)?,
    };
    // What is written must load back as the same CV.
    match vitae::parse_source(&text, format, None) {
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
        write_file_atomic(&args.output, text.as_bytes(), Access::Public)?;
        let cv = &imported.cv;
        eprintln!(
            "wrote {}: {} works, {} patent families, {} affiliations, {} awards, {} projects; {} things not kept",
            args.output.display(),
            cv.works.len(),
            cv.patents.len(),
            vitae::model::AffiliationSection::ALL
                .iter()
                .map(|s| cv.affiliations(*s).len())
                .sum::<usize>(),
            cv.awards.len(),
            cv.projects.len(),
            imported.losses.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}
