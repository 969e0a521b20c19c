//! Criterion benches of every stage, on the reference CV and on synthetic CVs of 10 to 10,000
//! works, with throughput in works per second and output bytes per second, and beside reading
//! and the ORCID documents their floor: the raw cost of the same work by the crate underneath
//! (the linked-data writers are serde_json's and oxigraph's serializers themselves).
//!
//! Run all: `cargo bench --bench stages`; one group: `cargo bench --bench stages -- export/`;
//! quicker: `cargo bench --bench stages -- --warm-up-time 1 --measurement-time 3`.
//! At the end a table of medians (per work, MB/s, ratio to the floor) is printed and written to
//! `target/criterion/vitae-summary.md`.
//!
//! Names: `parse/yaml/works-1000` (YAML text to a JSON value), `parse/cv/…` (text to a checked
//! `Cv`: everything `vitae check` does), `floor/yaml-events/…` (yaml-rust2's parser alone), `check/validate/…` (the checks across items alone),
//! `export/<format>/…`, `export/graph/…` (the RDF graph built, nothing written),
//! `sparql/load/…` (a store filled with the CV's graph),
//! `sparql/select/…` (a query over the loaded store), `orcid/map/…` (the CV as ORCID items,
//! rules checked), `orcid/items/…` (every item as its own document), `orcid/bulk/…` (the
//! works as `bulk` documents of 100), `floor/orcid-items/…`, `floor/orcid-bulk/…`.

mod floors;
mod summary;

use std::hint::black_box;
use std::path::Path;
use std::sync::OnceLock;

use criterion::{BenchmarkGroup, BenchmarkId, Criterion, Throughput, measurement::WallTime};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use vitae::export::{ExportFormat, LinkedGraph, Options, RdfFormat};
use vitae::orcid::OrcidXml;
use vitae::{Cv, InputFormat};

/// The allocator of the `vitae` binary, so that the benches measure what it does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The sizes of the synthetic CVs, in works.
pub const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];

/// One input: its name in the bench ids, its YAML text, the CV read from it.
pub struct Input {
    pub name: String,
    pub text: String,
    pub cv: Cv,
    pub works: u64,
}

/// The reference CV (when the file is there) and the synthetic CVs, built once.
pub fn inputs() -> &'static [Input] {
    static INPUTS: OnceLock<Vec<Input>> = OnceLock::new();
    INPUTS.get_or_init(|| {
        let mut v = Vec::new();
        let reference = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/lapuschkin.yaml");
        if let Ok(text) = std::fs::read_to_string(&reference) {
            v.push(input("reference-cv".to_owned(), text));
        }
        for n in SIZES {
            v.push(input(format!("works-{n}"), vitae_synthetic::cv::cv_yaml(n)));
        }
        v
    })
}

fn input(name: String, text: String) -> Input {
    let cv = match vitae::from_str(&text, InputFormat::Yaml).map(|l| l.cv) {
        Ok(cv) => cv,
        Err(report) => panic!("the bench input {name} does not load:\n{report}"),
    };
    Input {
        works: cv.works.len() as u64,
        name,
        text,
        cv,
    }
}

fn throughput(i: &Input, bytes: usize) -> Throughput {
    Throughput::ElementsAndBytes {
        elements: i.works,
        bytes: bytes as u64,
    }
}

/// A group whose slow members (10,000 works) are measured 10 times, not 100.
fn group<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10);
    g
}

fn parse(c: &mut Criterion) {
    let mut g = group(c, "parse");
    for i in inputs() {
        g.throughput(throughput(i, i.text.len()));
        g.bench_with_input(BenchmarkId::new("yaml", &i.name), &i.text, |b, t| {
            b.iter(|| vitae::input::read_value(black_box(t), InputFormat::Yaml))
        });
        g.bench_with_input(BenchmarkId::new("cv", &i.name), &i.text, |b, t| {
            b.iter(|| vitae::from_str(black_box(t), InputFormat::Yaml))
        });
    }
    g.finish();
    let mut g = group(c, "floor");
    for i in inputs() {
        g.throughput(throughput(i, i.text.len()));
        g.bench_with_input(BenchmarkId::new("yaml-events", &i.name), &i.text, |b, t| {
            b.iter(|| floors::yaml_events(black_box(t)))
        });
    }
    g.finish();
}

fn check(c: &mut Criterion) {
    let mut g = group(c, "check");
    for i in inputs() {
        g.throughput(Throughput::Elements(i.works));
        g.bench_with_input(BenchmarkId::new("validate", &i.name), &i.cv, |b, cv| {
            b.iter(|| vitae::validate::validate(black_box(cv)))
        });
    }
    g.finish();
}

/// The export formats benched, by their bench name.
pub const EXPORTS: [(&str, ExportFormat); 7] = [
    ("jsonld", ExportFormat::JsonLd),
    ("html", ExportFormat::Html),
    ("turtle", ExportFormat::Rdf(RdfFormat::Turtle)),
    ("ntriples", ExportFormat::Rdf(RdfFormat::NTriples)),
    ("nquads", ExportFormat::Rdf(RdfFormat::NQuads)),
    ("rdfxml", ExportFormat::Rdf(RdfFormat::RdfXml)),
    ("trig", ExportFormat::Rdf(RdfFormat::TriG)),
];

fn export_bytes(cv: &Cv, f: ExportFormat) -> Vec<u8> {
    let mut out = Vec::new();
    if let Err(e) = vitae::export::to_writer(cv, f, &Options::new(), &mut out) {
        panic!("the bench input does not export as {f}: {e}");
    }
    out
}

fn export(c: &mut Criterion) {
    let mut g = group(c, "export");
    let options = Options::new();
    for i in inputs() {
        g.throughput(Throughput::Elements(i.works));
        g.bench_with_input(BenchmarkId::new("graph", &i.name), &i.cv, |b, cv| {
            b.iter(|| LinkedGraph::new(black_box(cv), &options))
        });
        for (name, format) in EXPORTS {
            let size = export_bytes(&i.cv, format).len();
            g.throughput(throughput(i, size));
            g.bench_with_input(BenchmarkId::new(name, &i.name), &i.cv, |b, cv| {
                b.iter(|| {
                    let mut out = Vec::with_capacity(size);
                    vitae::export::to_writer(black_box(cv), format, &options, &mut out)
                        .map(|()| out)
                })
            });
        }
    }
    g.finish();
}

/// A query of the kind people run on a CV: articles per year with their journal, joined
/// through the author list.
const SELECT: &str = "PREFIX schema: <http://schema.org/>
SELECT ?year (COUNT(DISTINCT ?w) AS ?works) (COUNT(?a) AS ?authorships) WHERE {
    ?w a schema:ScholarlyArticle ; schema:datePublished ?date ; schema:author ?a .
    BIND(SUBSTR(STR(?date), 1, 4) AS ?year)
} GROUP BY ?year ORDER BY ?year";

fn sparql(c: &mut Criterion) {
    let mut g = group(c, "sparql");
    let options = Options::new();
    for i in inputs() {
        g.throughput(Throughput::Elements(i.works));
        g.bench_with_input(BenchmarkId::new("load", &i.name), &i.cv, |b, cv| {
            b.iter(|| vitae::query::store(black_box(cv), &options).expect("a store"))
        });
        let store = vitae::query::store(&i.cv, &options).expect("a store");
        let query = SparqlEvaluator::new()
            .parse_query(SELECT)
            .expect("valid SPARQL");
        g.bench_with_input(BenchmarkId::new("select", &i.name), &store, |b, store| {
            b.iter(|| {
                let QueryResults::Solutions(rows) = query
                    .clone()
                    .on_store(black_box(store))
                    .execute()
                    .expect("the query runs")
                else {
                    panic!("a SELECT gives solutions")
                };
                rows.map(|r| r.expect("a row").len()).sum::<usize>()
            })
        });
    }
    g.finish();
}

/// ORCID XML: the mapping with ORCID's rules (`orcid/map`), then every item as its own
/// document (`orcid/items`, what a sync sends one by one) or the works as `bulk` documents of
/// up to 100 (`orcid/bulk`). Their floor: quick-xml writing the same documents' XML events,
/// already parsed.
fn orcid(c: &mut Criterion) {
    let mut g = group(c, "orcid");
    let mut floor_inputs = Vec::new();
    for i in inputs() {
        let export = OrcidXml::new().export(&i.cv);
        let items: Vec<String> = export
            .items
            .iter()
            .map(|it| it.to_xml().expect("ORCID XML"))
            .collect();
        let bulk = export.bulk_documents().expect("ORCID XML");
        g.throughput(Throughput::Elements(i.works));
        g.bench_with_input(BenchmarkId::new("map", &i.name), &i.cv, |b, cv| {
            b.iter(|| OrcidXml::new().export(black_box(cv)))
        });
        g.throughput(throughput(i, items.iter().map(String::len).sum()));
        g.bench_with_input(BenchmarkId::new("items", &i.name), &i.cv, |b, cv| {
            b.iter(|| {
                let e = OrcidXml::new().export(black_box(cv));
                e.items
                    .iter()
                    .map(|it| it.to_xml().expect("ORCID XML"))
                    .collect::<Vec<_>>()
            })
        });
        g.throughput(throughput(i, bulk.iter().map(String::len).sum()));
        g.bench_with_input(BenchmarkId::new("bulk", &i.name), &i.cv, |b, cv| {
            b.iter(|| {
                OrcidXml::new()
                    .export(black_box(cv))
                    .bulk_documents()
                    .expect("ORCID XML")
            })
        });
        floor_inputs.push((i, floors::xml_events(&items), floors::xml_events(&bulk)));
    }
    g.finish();
    let mut g = group(c, "floor");
    for (i, items, bulk) in &floor_inputs {
        for (name, docs) in [("orcid-items", items), ("orcid-bulk", bulk)] {
            let size: usize = floors::write_xml(docs).iter().map(Vec::len).sum();
            g.throughput(throughput(i, size));
            g.bench_with_input(BenchmarkId::new(name, &i.name), docs, |b, d| {
                b.iter(|| floors::write_xml(black_box(d)))
            });
        }
    }
    g.finish();
}

fn main() {
    let started = std::time::SystemTime::now();
    let mut c = Criterion::default().configure_from_args();
    parse(&mut c);
    check(&mut c);
    export(&mut c);
    sparql(&mut c);
    orcid(&mut c);
    c.final_summary();
    summary::print(started, inputs());
}
