//! Criterion benches of every stage, on the reference CV and on synthetic CVs of 10 to 10,000
//! works, with throughput in works per second (elements) or output bytes (MB/s).
//!
//! Run: `cargo bench --bench stages`; one group: `cargo bench --bench stages -- parse`.

mod synthetic;

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use vitae::InputFormat;

const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];

/// (name, YAML text, number of works) of every input.
fn inputs() -> Vec<(String, String, usize)> {
    let mut v = Vec::new();
    let reference = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/lapuschkin.yaml");
    if let Ok(text) = std::fs::read_to_string(&reference) {
        let n = vitae::parse_str(&text, InputFormat::Yaml).map_or(0, |cv| cv.works.len());
        v.push(("reference-cv".to_owned(), text, n));
    }
    for n in SIZES {
        v.push((format!("works-{n}"), synthetic::cv_yaml(n), n));
    }
    v
}

fn parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse");
    g.sample_size(10);
    for (name, text, n) in inputs() {
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("yaml", &name), &text, |b, t| {
            b.iter(|| vitae::input::read_value(black_box(t), InputFormat::Yaml))
        });
        g.bench_with_input(BenchmarkId::new("load-and-check", &name), &text, |b, t| {
            b.iter(|| vitae::parse_source(black_box(t), InputFormat::Yaml, None))
        });
    }
    g.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
