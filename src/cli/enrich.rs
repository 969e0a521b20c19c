//! `vitae enrich cv.yaml --ror --doi [--apply]`: proposes the ROR ids of organizations and the
//! DOIs of works the CV lacks, each with its score, and with `--apply` writes those at or
//! above `--min-score` into the file, one line per item, every other byte kept.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use vitae::InputFormat;
use vitae::enrich::{self, OrgPlace};
use vitae::import::http::Client;
use vitae::input::yaml_edit::{Step, YamlText, path_string};

use super::CliError;
use super::output::{Access, write_file_atomic};

/// The least time between two requests to a service (Crossref asks scripts for at most a few
/// list queries a second; ROR allows 2000 requests in 5 minutes).
const PACE: Duration = Duration::from_millis(350);

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).multiple(true).args(["ror", "doi"])))]
pub(crate) struct Args {
    /// The CV (YAML to --apply; any format to see the proposals).
    cv: PathBuf,
    /// Propose ROR ids for the organizations of affiliations, awards and projects without one
    /// (ROR's affiliation matching).
    #[arg(long)]
    ror: bool,
    /// Propose DOIs for works without one (Crossref's bibliographic query); talks and
    /// lectures are left out.
    #[arg(long)]
    doi: bool,
    /// Write the proposals scoring at least --min-score into the CV, one line per item.
    #[arg(long)]
    apply: bool,
    /// The least score a proposal needs to be applied: ROR's confidence for ROR ids, the
    /// likeness of the titles (halved when the years differ) for DOIs; 0 to 1.
    #[arg(long, value_name = "SCORE", default_value_t = 0.9)]
    min_score: f64,
    /// The address put in the User-Agent as `mailto:` (default: the CV's first e-mail), as
    /// ROR and Crossref ask of scripts.
    #[arg(long, value_name = "ADDRESS")]
    email: Option<String>,
    /// ROR's API (GET URL/organizations?affiliation=…; default https://api.ror.org/v2).
    #[arg(long, value_name = "URL")]
    ror_api_url: Option<String>,
    /// Crossref's API (GET URL/works?query.bibliographic=…&rows=3; default
    /// https://api.crossref.org).
    #[arg(long, value_name = "URL")]
    crossref_api_url: Option<String>,
    /// How long one request may take, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    timeout: f64,
    /// Which items' titles and organizations may be sent to the services, and whether the
    /// CV's e-mail may go in the User-Agent: public ones only unless asked.
    #[arg(long, value_enum, default_value = "public")]
    include: super::args::Include,
}

/// One proposal: where, what is written there, the text of the report line, and whether it
/// scores enough.
struct Proposal {
    /// Model places it applies to (several organizations may be one YAML node).
    places: Vec<Place>,
    path: Vec<Step>,
    key: &'static str,
    value: String,
    line: String,
    accepted: bool,
}

#[derive(Clone, Copy)]
enum Place {
    Org(OrgPlace),
    Work(usize),
}

/// Requests with at least [`PACE`] between the end of one and the start of the next.
struct Paced {
    client: Client,
    last: Option<Instant>,
}

impl Paced {
    /// Makes a request (with its retries) at least [`PACE`] after the last one ended.
    fn call<T>(&mut self, request: impl FnOnce(&Client) -> T) -> T {
        if let Some(last) = self.last {
            let since = last.elapsed();
            if since < PACE {
                std::thread::sleep(PACE - since);
            }
        }
        let answer = request(&self.client);
        self.last = Some(Instant::now());
        answer
    }
}

pub(crate) fn run(args: Args) -> Result<ExitCode, CliError> {
    if !(0.0..=1.0).contains(&args.min_score) {
        return Err(CliError::Usage(format!(
            "--min-score: expected a score from 0 to 1, found {}",
            args.min_score
        )));
    }
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        return Err(CliError::Usage(format!(
            "--timeout: expected a number of seconds above 0, found {}",
            args.timeout
        )));
    }
    let format = InputFormat::from_path(&args.cv).unwrap_or(InputFormat::Yaml);
    if args.apply && format != InputFormat::Yaml {
        return Err(CliError::Failed(format!(
            "{}: --apply adds lines to a YAML CV's text, and this CV is not YAML: adding to it would mean rewriting the file; add the proposals by hand (nothing written)",
            args.cv.display()
        )));
    }
    let text = super::import::read_text(&args.cv)?;
    let loaded = vitae::Reader::new(format)
        .with_file_name(&args.cv)
        .read_str(&text)
        .map_err(CliError::Invalid)?;
    super::args::note_warnings(&args.cv, &loaded.report);
    let cv = loaded.cv;
    let doc = if format == InputFormat::Yaml {
        Some(
            YamlText::parse(&text)
                .map_err(|e| CliError::Failed(format!("{}: {e}", args.cv.display())))?,
        )
    } else {
        None
    };
    let level = vitae::types::Visibility::from(args.include);
    let mailto = args.email.clone().or_else(|| enrich::contact(&cv, level));
    let mut paced = Paced {
        client: Client::new(Duration::from_secs_f64(args.timeout), mailto.as_deref()),
        last: None,
    };
    let mut proposals = Vec::new();
    if args.ror {
        propose_rors(&args, &cv, doc.as_ref(), &mut paced, &mut proposals)?;
    }
    if args.doi {
        propose_dois(&args, &cv, &mut paced, &mut proposals)?;
    }
    let mut out = String::new();
    let withheld = withheld(&args, &cv, level);
    if withheld > 0 {
        out.push_str(&format!(
            "note: {withheld} item{} not public, not sent (--include limited or private sends them)\n",
            if withheld == 1 { " is" } else { "s are" }
        ));
    }
    for p in &proposals {
        out.push_str(&p.line);
        out.push('\n');
    }
    let accepted = proposals.iter().filter(|p| p.accepted).count();
    if !args.apply || accepted == 0 {
        out.push_str(&format!(
            "{}: {} proposals, {accepted} at or above --min-score {}{}\n",
            args.cv.display(),
            proposals.len(),
            args.min_score,
            if args.apply {
                " (nothing to apply: the file is unchanged)"
            } else {
                "; --apply writes those"
            }
        ));
        super::output::print_stdout(out.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let Some(mut doc) = doc else {
        return Err(CliError::Failed(format!(
            "{}: --apply needs a YAML CV; nothing written",
            args.cv.display()
        )));
    };
    let mut expected = cv.clone();
    let mut applied = 0;
    let mut values = HashSet::new();
    for p in proposals.iter().filter(|p| p.accepted) {
        match doc.insert_field(&p.path, p.key, &p.value) {
            Ok(()) => {
                applied += 1;
                values.insert(p.value.clone());
                for place in &p.places {
                    set(&mut expected, *place, &p.value);
                }
            }
            Err(e) => out.push_str(&format!("not applied: {e}\n")),
        }
    }
    let merged = doc.finish();
    check(&args, &merged, &expected, &values)?;
    write_file_atomic(&args.cv, merged.as_bytes(), Access::Public)?;
    out.push_str(&format!(
        "{}: {applied} applied, {} proposals below --min-score {}\n",
        args.cv.display(),
        proposals.len() - accepted,
        args.min_score
    ));
    super::output::print_stdout(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// How many items the proposals leave out for their visibility.
fn withheld(args: &Args, cv: &vitae::Cv, level: vitae::types::Visibility) -> usize {
    let mut n = 0;
    if args.ror {
        n += enrich::organizations_without_ror(cv)
            .into_iter()
            .filter(|p| p.visibility(cv).is_some_and(|v| !v.allowed_by(level)))
            .count();
    }
    if args.doi {
        n += cv
            .works
            .iter()
            .filter(|w| w.doi.is_none() && !w.kind.is_presentation())
            .filter(|w| !w.visibility.allowed_by(level))
            .count();
    }
    n
}

fn set(cv: &mut vitae::Cv, place: Place, value: &str) {
    match place {
        Place::Org(o) => {
            if let Some(org) = o.get_mut(cv) {
                org.ror = value.parse().ok();
            }
        }
        Place::Work(i) => {
            if let Some(w) = cv.works.get_mut(i) {
                w.doi = vitae::types::Doi::new(value).ok();
            }
        }
    }
}

fn failed(e: &dyn std::fmt::Display) -> CliError {
    CliError::Failed(format!("{e}; nothing written"))
}

fn propose_rors(
    args: &Args,
    cv: &vitae::Cv,
    doc: Option<&YamlText<'_>>,
    paced: &mut Paced,
    proposals: &mut Vec<Proposal>,
) -> Result<(), CliError> {
    let api = args.ror_api_url.as_deref().unwrap_or(enrich::ror::ROR_API);
    // One proposal per YAML node (an anchor and its aliases are one organization).
    let mut groups: Vec<(Option<usize>, Vec<OrgPlace>)> = Vec::new();
    let level = vitae::types::Visibility::from(args.include);
    for place in enrich::organizations_without_ror(cv)
        .into_iter()
        .filter(|p| p.visibility(cv).is_some_and(|v| v.allowed_by(level)))
    {
        let node = doc.and_then(|d| d.node_of(&place.path()));
        match groups
            .iter_mut()
            .find(|(n, _)| node.is_some() && *n == node)
        {
            Some((_, g)) => g.push(place),
            None => groups.push((node, vec![place])),
        }
    }
    let mut answers: HashMap<String, Vec<enrich::ror::Candidate>> = HashMap::new();
    for (_, places) in groups {
        let Some(org) = places[0].get(cv) else {
            continue;
        };
        let query = enrich::ror::affiliation(org);
        if !answers.contains_key(&query) {
            let body = paced
                .call(|c| enrich::ror::fetch(c, api, &query))
                .map_err(|e| failed(&e))?;
            let read = enrich::ror::read(&body).map_err(|e| failed(&format!("{query}: {e}")))?;
            answers.insert(query.clone(), read);
        }
        let path = places[0].path();
        let best = answers[&query]
            .iter()
            .find(|c| c.chosen)
            .or(answers[&query].first());
        let Some(best) = best else {
            proposals.push(Proposal {
                places: Vec::new(),
                path,
                key: "ror",
                value: String::new(),
                line: format!(
                    "{}: {:?}: no ROR match",
                    path_string(&places[0].path()),
                    org.name.as_str()
                ),
                accepted: false,
            });
            continue;
        };
        let accepted = best.score >= args.min_score;
        let line = format!(
            "{}: {:?} → {} {:?}, score {:.2}{}{}",
            path_string(&path),
            org.name.as_str(),
            best.id.url(),
            best.name,
            best.score,
            if best.chosen { " (chosen by ROR)" } else { "" },
            if accepted {
                ""
            } else {
                " — below --min-score"
            }
        );
        proposals.push(Proposal {
            places: places.into_iter().map(Place::Org).collect(),
            path,
            key: "ror",
            value: best.id.url(),
            line,
            accepted,
        });
    }
    Ok(())
}

fn propose_dois(
    args: &Args,
    cv: &vitae::Cv,
    paced: &mut Paced,
    proposals: &mut Vec<Proposal>,
) -> Result<(), CliError> {
    let api = args
        .crossref_api_url
        .as_deref()
        .unwrap_or(enrich::crossref::CROSSREF_API);
    for (i, w) in cv.works.iter().enumerate() {
        if w.doi.is_some()
            || w.kind.is_presentation()
            || !w.visibility.allowed_by(args.include.into())
        {
            continue;
        }
        let reference = enrich::crossref::reference(w);
        let body = paced
            .call(|c| enrich::crossref::fetch(c, api, &reference))
            .map_err(|e| failed(&e))?;
        let candidates = enrich::crossref::read(&body)
            .map_err(|e| failed(&format!("works[{i}] {:?}: {e}", w.title.as_str())))?;
        let best = candidates
            .iter()
            .map(|c| (enrich::crossref::confidence(w, c), c))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let path = vec![Step::Key("works".into()), Step::Index(i)];
        let Some((score, best)) = best else {
            proposals.push(Proposal {
                places: Vec::new(),
                path,
                key: "doi",
                value: String::new(),
                line: format!("works[{i}]: {:?}: no Crossref match", w.title.as_str()),
                accepted: false,
            });
            continue;
        };
        let accepted = score >= args.min_score;
        let line = format!(
            "works[{i}]: {:?} → {} {:?}{}, score {score:.2} (Crossref relevance {}){}",
            w.title.as_str(),
            best.doi.as_str(),
            best.title,
            best.year.map(|y| format!(" ({y})")).unwrap_or_default(),
            best.relevance,
            if accepted {
                ""
            } else {
                " — below --min-score"
            }
        );
        proposals.push(Proposal {
            places: vec![Place::Work(i)],
            path,
            key: "doi",
            value: best.doi.as_str().to_owned(),
            line,
            accepted,
        });
    }
    Ok(())
}

/// What is written must load as the CV with the applied fields, and differ from it nowhere
/// else but in `ror` fields given one of the applied ids (an anchored organization used
/// elsewhere gets it there too).
fn check(
    args: &Args,
    merged: &str,
    expected: &vitae::Cv,
    values: &HashSet<String>,
) -> Result<(), CliError> {
    let after = vitae::Reader::new(InputFormat::Yaml)
        .with_file_name(&args.cv)
        .read_str(merged)
        .map_err(|r| {
            CliError::Failed(format!(
                "{}: the CV with the new lines does not load; nothing written:\n{r}",
                args.cv.display()
            ))
        })?
        .cv;
    let a = serde_json::to_value(expected).map_err(|e| failed(&e))?;
    let b = serde_json::to_value(&after).map_err(|e| failed(&e))?;
    if only_added_rors(&a, &b, values) {
        Ok(())
    } else {
        Err(CliError::Failed(format!(
            "internal error: {}: the lines added would change more than the proposals; nothing written",
            args.cv.display()
        )))
    }
}

fn only_added_rors(a: &serde_json::Value, b: &serde_json::Value, values: &HashSet<String>) -> bool {
    use serde_json::Value;
    match (a, b) {
        _ if a == b => true,
        (Value::Object(x), Value::Object(y)) => {
            y.iter().all(|(k, v)| match x.get(k) {
                Some(u) => only_added_rors(u, v, values),
                None => {
                    k == "ror"
                        && v.as_str().is_some_and(|s| {
                            values.contains(s) || values.contains(&format!("https://ror.org/{s}"))
                        })
                }
            }) && x.keys().all(|k| y.contains_key(k))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(u, v)| only_added_rors(u, v, values))
        }
        _ => false,
    }
}
