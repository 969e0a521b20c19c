//! How the time per work grows from 100 to 10,000 works, for every stage and the floors
//! under them: the number of issue #6's target "< 15%".
//!
//! Criterion times each size in its own minutes, and on a shared host the load changes from
//! one minute to the next (the same code measured 20–40% apart in one run), which is the size
//! of what is measured here. So the two sizes of a stage are timed in turn, round after
//! round, each timing long enough to cover 20,000 works, and each keeps its fastest round:
//! noise of the host only ever adds time, and both sizes meet the same load. A busy stretch
//! of the host can still cover all rounds of a stage: run it twice and compare.
//!
//! `cargo bench --bench growth` (every stage, 7 rounds, about 2 minutes);
//! `cargo bench --bench growth -- ntriples jsonld` (stages whose name contains a word; the
//! words of a criterion filter such as `'parse/|export/'` choose the same way);
//! `GROWTH_ROUNDS=9` for more rounds. The table is printed and written to
//! `target/criterion/vitae-growth.md`.

mod floors;
mod synthetic;

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Instant;

use oxigraph::io::RdfFormat;
use vitae::export::{ExportFormat, JsonLd, LinkedGraph, Options};
use vitae::orcid::OrcidXml;
use vitae::{Cv, InputFormat};

/// The allocator of the `vitae` binary, so that the bench measures what it does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The two sizes compared, in works.
const SIZES: [usize; 2] = [100, 10_000];

/// The works a timing covers at least (several runs of the small CV, two of the large).
const WORKS_PER_TIMING: usize = 20_000;

/// A CV of one size: its text and the CV read from it.
struct Input {
    works: usize,
    text: String,
    cv: Cv,
}

/// A stage: what it is called and, for an input, a run of it (set up once; each call runs
/// the stage once and returns something the optimizer must keep).
struct Stage {
    name: &'static str,
    prepare: fn(&Input) -> Box<dyn FnMut() -> usize + '_>,
}

/// Exports into one buffer, cleared and reused, as writing to a file would reuse its buffer
/// (`stages` gives each run a new one of the output's size).
fn export(input: &Input, format: ExportFormat) -> Box<dyn FnMut() -> usize + '_> {
    let options = Options::new();
    let mut out = Vec::new();
    let write = move |out: &mut Vec<u8>| {
        out.clear();
        if let Err(e) = vitae::export::to_writer(black_box(&input.cv), format, &options, &mut *out)
        {
            panic!("the bench input does not export as {format}: {e}");
        }
        out.len()
    };
    write(&mut out);
    Box::new(move || write(&mut out))
}

/// Every item of the CV as its own ORCID document, all kept (as `stages` does).
fn orcid_items(cv: &Cv) -> Vec<String> {
    OrcidXml::new()
        .export(cv)
        .items
        .iter()
        .map(|it| it.to_xml().expect("ORCID XML"))
        .collect()
}

const STAGES: &[Stage] = &[
    Stage {
        name: "floor/yaml-events",
        prepare: |i| Box::new(move || floors::yaml_events(black_box(&i.text))),
    },
    Stage {
        name: "parse/cv",
        prepare: |i| {
            Box::new(move || {
                match vitae::parse_source(black_box(&i.text), InputFormat::Yaml, None) {
                    Ok(loaded) => loaded.cv.works.len(),
                    Err(report) => panic!("the bench input does not load:\n{report}"),
                }
            })
        },
    },
    Stage {
        name: "export/graph",
        prepare: |i| {
            Box::new(move || {
                LinkedGraph::new(black_box(&i.cv), &Options::new())
                    .expect("the bench input exports")
                    .len()
            })
        },
    },
    Stage {
        name: "export/jsonld",
        prepare: |i| export(i, ExportFormat::JsonLd),
    },
    Stage {
        name: "floor/jsonld",
        prepare: |i| {
            let json = JsonLd::new()
                .to_value(&i.cv)
                .expect("the bench input exports");
            Box::new(move || {
                serde_json::to_string_pretty(black_box(&json))
                    .expect("JSON")
                    .len()
            })
        },
    },
    Stage {
        name: "export/html",
        prepare: |i| export(i, ExportFormat::Html),
    },
    Stage {
        name: "export/turtle",
        prepare: |i| export(i, ExportFormat::Turtle),
    },
    Stage {
        name: "export/ntriples",
        prepare: |i| export(i, ExportFormat::NTriples),
    },
    Stage {
        name: "floor/ntriples",
        prepare: |i| {
            let graph = LinkedGraph::new(&i.cv, &Options::new()).expect("the bench input exports");
            // The owned triples are made on the first call and kept by the graph.
            graph.triples();
            Box::new(move || {
                floors::rdf_floor(&graph, black_box(graph.triples()), RdfFormat::NTriples).len()
            })
        },
    },
    Stage {
        name: "export/nquads",
        prepare: |i| export(i, ExportFormat::NQuads),
    },
    Stage {
        name: "export/rdfxml",
        prepare: |i| export(i, ExportFormat::RdfXml),
    },
    Stage {
        name: "export/trig",
        prepare: |i| export(i, ExportFormat::TriG),
    },
    Stage {
        name: "orcid/map",
        prepare: |i| Box::new(move || OrcidXml::new().export(black_box(&i.cv)).items.len()),
    },
    Stage {
        name: "orcid/items",
        prepare: |i| Box::new(move || orcid_items(black_box(&i.cv)).len()),
    },
    Stage {
        name: "floor/orcid-items",
        prepare: |i| {
            let events = floors::xml_events(&orcid_items(&i.cv));
            Box::new(move || floors::write_xml(black_box(&events)).len())
        },
    },
    Stage {
        name: "orcid/bulk",
        prepare: |i| {
            Box::new(move || {
                OrcidXml::new()
                    .export(black_box(&i.cv))
                    .bulk_documents()
                    .expect("ORCID XML")
                    .len()
            })
        },
    },
    Stage {
        name: "sparql/load",
        prepare: |i| {
            Box::new(move || {
                let store =
                    vitae::query::store(black_box(&i.cv), &Options::new()).expect("a store");
                store.len().expect("a count")
            })
        },
    },
];

/// Seconds per work of `runs` runs of `run`.
fn time(run: &mut dyn FnMut() -> usize, runs: usize, works: usize) -> f64 {
    let start = Instant::now();
    for _ in 0..runs {
        black_box(run());
    }
    start.elapsed().as_secs_f64() / (runs * works) as f64
}

/// Criterion's options that take a value: `cargo bench -- --warm-up-time 1 export/` passes
/// them to every bench, so they are skipped here with their value.
const VALUE_OPTIONS: &[&str] = &[
    "--warm-up-time",
    "--measurement-time",
    "--sample-size",
    "--save-baseline",
    "--baseline",
    "--baseline-lenient",
    "--load-baseline",
    "--output-format",
    "--plotting-backend",
    "--profile-time",
    "--noise-threshold",
    "--confidence-level",
    "--significance-level",
    "--nresamples",
    "--color",
    "--format",
    "--logfile",
];

/// The words that choose stages: the arguments that are not options (criterion's filters
/// too, whose `a|b` is taken as two words).
fn filters(args: impl Iterator<Item = String>) -> Vec<String> {
    let mut words = Vec::new();
    let mut skip_value = false;
    for a in args {
        if std::mem::take(&mut skip_value) {
            continue;
        }
        if a.starts_with('-') {
            skip_value = VALUE_OPTIONS.contains(&a.as_str());
            continue;
        }
        words.extend(a.split('|').filter(|w| !w.is_empty()).map(str::to_owned));
    }
    words
}

fn main() {
    let words = filters(std::env::args().skip(1));
    let rounds: usize = std::env::var("GROWTH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7)
        .max(1);
    let inputs: Vec<Input> = SIZES
        .iter()
        .map(|&n| {
            let text = synthetic::cv_yaml(n);
            let cv = match vitae::parse_str(&text, InputFormat::Yaml) {
                Ok(cv) => cv,
                Err(report) => panic!("the synthetic CV of {n} works does not load:\n{report}"),
            };
            Input { works: n, text, cv }
        })
        .collect();
    let mut table = format!(
        "Time per work (µs), the fastest of {rounds} rounds, the sizes timed in turn; \
         growth = at 10,000 works ÷ at 100 works:\n\n\
         | stage | 100 works | 10,000 works | growth |\n|---|---|---|---|\n"
    );
    let chosen: Vec<&Stage> = STAGES
        .iter()
        .filter(|s| words.is_empty() || words.iter().any(|w| s.name.contains(w.as_str())))
        .collect();
    if chosen.is_empty() {
        let names: Vec<&str> = STAGES.iter().map(|s| s.name).collect();
        eprintln!(
            "growth: no stage's name contains {}; the stages: {}",
            words.join(" or "),
            names.join(", ")
        );
        return;
    }
    // One stage at a time, alone in memory: a run that went through all stages in every
    // round (all set up at once) measured two of them about twice as slow at 10,000 works
    // as runs of one stage at a time did.
    let mut best = vec![[f64::MAX; SIZES.len()]; chosen.len()];
    for (stage, best) in chosen.iter().zip(&mut best) {
        let mut runs: Vec<_> = inputs.iter().map(|i| (stage.prepare)(i)).collect();
        for run in &mut runs {
            black_box(run()); // warm up
        }
        for _ in 0..rounds {
            for ((run, input), best) in runs.iter_mut().zip(&inputs).zip(&mut *best) {
                let times = WORKS_PER_TIMING.div_ceil(input.works).max(2);
                *best = best.min(time(run.as_mut(), times, input.works));
            }
        }
        eprintln!("{} done", stage.name);
    }
    for (stage, best) in chosen.iter().zip(&best) {
        let [small, large] = best.map(|t| t * 1e6);
        let _ = writeln!(
            table,
            "| {} | {small:.2} | {large:.2} | {:+.0}% |",
            stage.name,
            (large / small - 1.0) * 100.0
        );
    }
    println!("\n{table}");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/criterion");
    let path = dir.join("vitae-growth.md");
    match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, &table)) {
        Ok(()) => println!("written to {}", path.display()),
        Err(e) => eprintln!("could not write {}: {e}", path.display()),
    }
}
