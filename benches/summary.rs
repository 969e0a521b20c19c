//! The table printed at the end of a bench run: the medians criterion measured in this run
//! (read back from `target/criterion/<group>/<name>/<input>/new/`), per work, in MB/s, and each
//! stage with a floor as a multiple of it. Also written to `target/criterion/vitae-summary.md`.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde_json::Value;

/// One measurement: median nanoseconds per iteration, works and output bytes per iteration.
#[derive(Debug, Clone, Copy)]
pub struct Measured {
    pub median_ns: f64,
    pub works: u64,
    pub bytes: Option<u64>,
}

impl Measured {
    pub fn per_work_us(&self) -> f64 {
        self.median_ns / 1_000.0 / self.works.max(1) as f64
    }

    pub fn mb_per_s(&self) -> Option<f64> {
        self.bytes.map(|b| b as f64 / (self.median_ns / 1e9) / 1e6)
    }
}

/// The criterion output directory, found as criterion finds it.
pub fn criterion_dir() -> PathBuf {
    if let Some(h) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(h);
    }
    if let Some(t) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(t).join("criterion");
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/criterion")
}

/// The measurement of `group/name/input`, if it was written after `since`.
pub fn measured(group: &str, name: &str, input: &str, since: SystemTime) -> Option<Measured> {
    let dir = criterion_dir()
        .join(group)
        .join(name)
        .join(input)
        .join("new");
    let est = dir.join("estimates.json");
    let fresh = std::fs::metadata(&est)
        .and_then(|m| m.modified())
        .is_ok_and(|t| t >= since);
    if !fresh {
        return None;
    }
    let read =
        |p: PathBuf| -> Option<Value> { serde_json::from_slice(&std::fs::read(p).ok()?).ok() };
    let median_ns = read(est)?.get("median")?.get("point_estimate")?.as_f64()?;
    let bench = read(dir.join("benchmark.json"))?;
    let t = bench.get("throughput")?;
    let (works, bytes) = if let Some(eb) = t.get("ElementsAndBytes") {
        (eb.get("elements")?.as_u64()?, eb.get("bytes")?.as_u64())
    } else {
        (t.get("Elements")?.as_u64()?, None)
    };
    Some(Measured {
        median_ns,
        works,
        bytes,
    })
}

fn ms(ns: f64) -> String {
    let ms = ns / 1e6;
    if ms >= 100.0 {
        format!("{ms:.0}")
    } else if ms >= 1.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.3}")
    }
}

/// Prints the table of this run and writes it beside criterion's reports.
pub fn print(since: SystemTime, inputs: &[super::Input]) {
    let names: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
    let mut rows: BTreeMap<(usize, String), Vec<Option<Measured>>> = BTreeMap::new();
    let stages: Vec<(&str, String)> = [
        ("floor", "yaml-events"),
        ("parse", "yaml"),
        ("parse", "cv"),
        ("check", "validate"),
    ]
    .into_iter()
    .map(|(g, n)| (g, n.to_owned()))
    .chain(std::iter::once(("export", "graph".to_owned())))
    .chain(
        super::EXPORTS
            .iter()
            .map(|(n, _)| ("export", (*n).to_owned())),
    )
    .chain(["load", "select"].map(|n| ("sparql", n.to_owned())))
    .chain(["map", "items", "bulk"].map(|n| ("orcid", n.to_owned())))
    .chain(["orcid-items", "orcid-bulk"].map(|n| ("floor", n.to_owned())))
    .collect();
    for (k, (group, name)) in stages.iter().enumerate() {
        let cells: Vec<Option<Measured>> = names
            .iter()
            .map(|input| measured(group, name, input, since))
            .collect();
        if cells.iter().any(Option::is_some) {
            rows.insert((k, format!("{group}/{name}")), cells);
        }
    }
    if rows.is_empty() {
        return;
    }
    let mut out = String::new();
    let head = |out: &mut String, first: &str, last: &[&str]| {
        let mut cols = vec![first.to_owned()];
        cols.extend(names.iter().map(|n| (*n).to_owned()));
        cols.extend(last.iter().map(|s| (*s).to_owned()));
        let _ = writeln!(out, "| {} |", cols.join(" | "));
        let _ = writeln!(out, "|{}", "---|".repeat(cols.len()));
    };
    let cell = |m: &Option<Measured>, f: &dyn Fn(&Measured) -> String| {
        m.as_ref().map_or_else(|| "–".to_owned(), f)
    };
    let at = |cells: &[Option<Measured>], input: &str| -> Option<Measured> {
        names
            .iter()
            .position(|n| *n == input)
            .and_then(|i| cells[i])
    };

    let _ = writeln!(out, "Median time per iteration (ms):\n");
    head(&mut out, "bench", &[]);
    for ((_, name), cells) in &rows {
        let c: Vec<String> = cells
            .iter()
            .map(|m| cell(m, &|m| ms(m.median_ns)))
            .collect();
        let _ = writeln!(out, "| {name} | {} |", c.join(" | "));
    }

    let _ = writeln!(
        out,
        "\nTime per work (µs); growth = per-work time at 10,000 works ÷ at 100 works (each size \
         timed in its own minutes: on a shared host, a rough figure):\n"
    );
    head(&mut out, "bench", &["growth"]);
    for ((_, name), cells) in &rows {
        let c: Vec<String> = cells
            .iter()
            .map(|m| cell(m, &|m| format!("{:.2}", m.per_work_us())))
            .collect();
        let growth = match (at(cells, "works-100"), at(cells, "works-10000")) {
            (Some(a), Some(b)) => {
                format!("{:+.0}%", (b.per_work_us() / a.per_work_us() - 1.0) * 100.0)
            }
            _ => "–".to_owned(),
        };
        let _ = writeln!(out, "| {name} | {} | {growth} |", c.join(" | "));
    }

    let _ = writeln!(out, "\nOutput MB/s:\n");
    head(&mut out, "bench", &[]);
    for ((_, name), cells) in &rows {
        if cells.iter().flatten().all(|m| m.bytes.is_none()) {
            continue;
        }
        let c: Vec<String> = cells
            .iter()
            .map(|m| {
                cell(m, &|m| {
                    m.mb_per_s().map_or("–".to_owned(), |v| format!("{v:.0}"))
                })
            })
            .collect();
        let _ = writeln!(out, "| {name} | {} |", c.join(" | "));
    }

    let _ = writeln!(out, "\nStage ÷ floor (median ÷ median):\n");
    head(&mut out, "stage", &[]);
    for ((_, name), cells) in &rows {
        let floor_name = match name.as_str() {
            "parse/cv" => "floor/yaml-events",
            "orcid/items" => "floor/orcid-items",
            "orcid/bulk" => "floor/orcid-bulk",
            _ => continue,
        };
        let Some((_, floor)) = rows.iter().find(|((_, n), _)| n == floor_name) else {
            continue;
        };
        let c: Vec<String> = cells
            .iter()
            .zip(floor)
            .map(|(e, f)| match (e, f) {
                (Some(e), Some(f)) => format!("{:.1}", e.median_ns / f.median_ns),
                _ => "–".to_owned(),
            })
            .collect();
        let _ = writeln!(out, "| {name} ÷ {floor_name} | {} |", c.join(" | "));
    }

    println!("\n{out}");
    let path = criterion_dir().join("vitae-summary.md");
    if std::fs::write(&path, &out).is_ok() {
        println!("(written to {})", path.display());
    }
}
