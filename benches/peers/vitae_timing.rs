//! The vitae side of the peer comparison (`benches/peers/run.sh`): for each CV file, the
//! median time of reading it (YAML to a checked CV) and of writing its N-Triples and JSON-LD,
//! over several runs in this one process, printed as one JSON object per line.
//!
//! `cargo run --release --example peer_timing -- RUNS FILE...`

use std::path::PathBuf;
use std::time::Instant;

use vitae::export::{ExportFormat, Options, RdfFormat};

/// The allocator of the `vitae` binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Runs `f` `runs` times and returns the median in milliseconds and the last result.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = f(); // warm-up
    for _ in 0..runs {
        let t = Instant::now();
        last = std::hint::black_box(f());
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    (median(times), last)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let runs: usize = args
        .next()
        .ok_or("usage: peer_timing RUNS FILE...")?
        .parse()?;
    for file in args.map(PathBuf::from) {
        let text = std::fs::read_to_string(&file)?;
        let format = vitae::InputFormat::from_path(&file).ok_or("not a CV file")?;
        let (read_ms, cv) = time(runs, || vitae::from_str(&text, format).map(|l| l.cv));
        let cv = cv?;
        let options = Options::new();
        // Written into a buffer of the output's size, as the criterion benches do: the cost
        // of the export, not of growing a string.
        let nt = vitae::export::to_string(&cv, ExportFormat::Rdf(RdfFormat::NTriples), &options)?;
        let export = |format| {
            let mut out = Vec::with_capacity(nt.len());
            vitae::export::to_writer(&cv, format, &options, &mut out).map(|()| out)
        };
        let (nt_ms, _) = time(runs, || export(ExportFormat::Rdf(RdfFormat::NTriples)));
        let (jsonld_ms, _) = time(runs, || export(ExportFormat::JsonLd));
        println!(
            "{}",
            serde_json::json!({
                "file": file,
                "works": cv.works.len(),
                "triples": nt.lines().count(),
                "ntriples_bytes": nt.len(),
                "read_ms": read_ms,
                "ntriples_ms": nt_ms,
                "jsonld_ms": jsonld_ms,
            })
        );
    }
    Ok(())
}
