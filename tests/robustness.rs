//! Never a panic on any input: thousands of deterministic mutations of a valid CV (truncations
//! at every line, deleted and duplicated lines, shifted and swapped indentation, byte flips,
//! and mixes of these), in YAML, JSON and TOML, each read by `vitae::from_slice`, which must
//! return (`Ok` or `Err`) without panicking, with every position inside the text.

mod common;

use common::Rng;

use std::panic::{AssertUnwindSafe, catch_unwind};

use vitae::InputFormat;

/// Bytes that mean something to one of the parsers, and some that are not UTF-8.
const SPECIAL: &[u8] = b"\t\n\r :-[]{},#&*!|>'\"%@`\\=.0\x00\x01\x7f\x80\xbf\xc3\xe2\xf0\xff";

fn lines(text: &[u8]) -> Vec<&[u8]> {
    text.split_inclusive(|b| *b == b'\n').collect()
}

/// One random mutation of `text`.
fn mutate(text: &[u8], rng: &mut Rng) -> Vec<u8> {
    let ls = lines(text);
    let n = ls.len();
    match rng.below(7) {
        0 => {
            // A byte changed to a special one.
            let mut t = text.to_vec();
            if !t.is_empty() {
                let i = rng.below(t.len());
                t[i] = SPECIAL[rng.below(SPECIAL.len())];
            }
            t
        }
        1 => {
            // A bit flipped.
            let mut t = text.to_vec();
            if !t.is_empty() {
                let i = rng.below(t.len());
                t[i] ^= 1 << rng.below(8);
            }
            t
        }
        2 => {
            // A line deleted.
            let k = rng.below(n);
            ls.iter()
                .enumerate()
                .filter(|(i, _)| *i != k)
                .flat_map(|(_, l)| l.iter().copied())
                .collect()
        }
        3 => {
            // A line duplicated.
            let k = rng.below(n);
            let mut t = Vec::new();
            for (i, l) in ls.iter().enumerate() {
                t.extend_from_slice(l);
                if i == k {
                    t.extend_from_slice(l);
                }
            }
            t
        }
        4 => {
            // A line's indentation shifted by one, or made a tab.
            let k = rng.below(n);
            let how = rng.below(3);
            let mut t = Vec::new();
            for (i, l) in ls.iter().enumerate() {
                if i == k {
                    let body = l.trim_ascii_start();
                    let indent = l.len() - body.len();
                    match how {
                        0 => t.extend(std::iter::repeat_n(b' ', indent + 1)),
                        1 => t.extend(std::iter::repeat_n(b' ', indent.saturating_sub(1))),
                        _ => t.push(b'\t'),
                    }
                    t.extend_from_slice(body);
                } else {
                    t.extend_from_slice(l);
                }
            }
            t
        }
        5 => {
            // Two neighbouring lines swap their indentation.
            let k = rng.below(n.saturating_sub(1));
            let mut out: Vec<Vec<u8>> = ls.iter().map(|l| l.to_vec()).collect();
            if k + 1 < n {
                let (a, b) = (ls[k], ls[k + 1]);
                let (ba, bb) = (a.trim_ascii_start(), b.trim_ascii_start());
                let (ia, ib) = (&a[..a.len() - ba.len()], &b[..b.len() - bb.len()]);
                out[k] = [ib, ba].concat();
                out[k + 1] = [ia, bb].concat();
            }
            out.concat()
        }
        _ => {
            // A line cut short.
            let k = rng.below(n);
            let mut t: Vec<u8> = ls[..k].concat();
            let l = ls[k];
            t.extend_from_slice(&l[..rng.below(l.len() + 1)]);
            t
        }
    }
}

/// Reads `bytes` and returns what went wrong, if anything: a panic, or a position outside the
/// text.
fn probe(bytes: &[u8], format: InputFormat) -> Option<String> {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let report = match vitae::from_slice(bytes, format) {
            Ok(loaded) => loaded.report,
            Err(report) => report,
        };
        // What the CLI does with a report must not panic either.
        let _ = report.to_string();
        let _ = serde_json::to_string(&report);
        report
    }));
    let report = match result {
        Ok(r) => r,
        Err(_) => return Some("panicked".to_owned()),
    };
    let text = String::from_utf8_lossy(bytes);
    let text_lines: Vec<&str> = text.split('\n').collect();
    for d in &report.diagnostics {
        if let (Some(l), Some(c)) = (d.line, d.column) {
            let width = text_lines.get(l.wrapping_sub(1)).map(|t| t.chars().count());
            if l == 0 || c == 0 || width.is_none_or(|w| c > w + 1) {
                return Some(format!(
                    "position {l}:{c} outside the text for `{}: {}`",
                    d.path, d.message
                ));
            }
        }
    }
    None
}

fn run(name: &str, base: &[u8], format: InputFormat, random: usize, seed: u64) -> usize {
    let mut inputs: Vec<Vec<u8>> = Vec::new();
    // Truncations at every line, and every line deleted and duplicated once.
    let ls = lines(base);
    for k in 0..=ls.len() {
        inputs.push(ls[..k].concat());
    }
    for k in 0..ls.len() {
        inputs.push([&ls[..k], &ls[k + 1..]].concat().concat());
        inputs.push([&ls[..=k], &ls[k..]].concat().concat());
    }
    // Random mutations, one to four at a time.
    let mut rng = Rng(seed);
    for _ in 0..random {
        let mut t = base.to_vec();
        for _ in 0..=rng.below(4) {
            t = mutate(&t, &mut rng);
        }
        inputs.push(t);
    }
    let mut failures = Vec::new();
    for input in &inputs {
        if let Some(why) = probe(input, format) {
            failures.push(format!(
                "{why} on this input:\n{}",
                String::from_utf8_lossy(input)
            ));
        }
    }
    if std::env::var_os("ROBUSTNESS_DUMP").is_some() {
        for f in &failures {
            eprintln!("----\n{f}");
        }
    }
    assert!(
        failures.is_empty(),
        "{name}: {} of {} mutations failed; the first:\n{}",
        failures.len(),
        inputs.len(),
        failures[0]
    );
    inputs.len()
}

fn base_yaml() -> String {
    common::read(&common::root().join("tests/malformed/valid-base.yaml"))
}

#[test]
fn the_base_is_valid_in_each_format() {
    for (text, format) in [
        (base_yaml(), InputFormat::Yaml),
        (base_json(), InputFormat::Json),
        (base_toml(), InputFormat::Toml),
    ] {
        if let Err(r) = vitae::from_str(&text, format) {
            panic!("{format:?} base does not load:\n{r}");
        }
    }
}

fn base_json() -> String {
    let v = vitae::input::read_value(&base_yaml(), InputFormat::Yaml).expect("YAML base");
    serde_json::to_string_pretty(&v).expect("JSON base")
}

fn base_toml() -> String {
    let v = vitae::input::read_value(&base_yaml(), InputFormat::Yaml).expect("YAML base");
    toml::to_string(&v).expect("TOML base")
}

// About 2,500 inputs in all: a few seconds in a debug build.

#[test]
fn mutated_yaml_never_panics() {
    let n = run(
        "YAML",
        base_yaml().as_bytes(),
        InputFormat::Yaml,
        900,
        0x9E37_79B9,
    );
    assert!(n > 1_000);
}

#[test]
fn mutated_json_never_panics() {
    run(
        "JSON",
        base_json().as_bytes(),
        InputFormat::Json,
        300,
        0xD1B5_4A32,
    );
}

#[test]
fn mutated_toml_never_panics() {
    run(
        "TOML",
        base_toml().as_bytes(),
        InputFormat::Toml,
        300,
        0x94D0_49BB,
    );
}
