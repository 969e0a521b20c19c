//! A deterministic generator of realistic synthetic CVs for benchmarks: `n` journal articles
//! with 5–10 authors each (the person among them), journals with ISSN, volume, issue and pages,
//! DOIs and dates; plus a fixed set of affiliations. The same `n` always gives the same text.

use std::fmt::Write;

use crate::Rng;

const FAMILY: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Krause",
    "Meier",
    "Lehmann",
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Nguyen",
    "Kim",
    "Chen",
    "Wang",
    "Li",
    "Zhang",
    "Tanaka",
    "Suzuki",
];
const INITIALS: &[&str] = &[
    "A", "B", "C J", "D", "E", "F", "G", "H", "K-R", "L", "M", "N", "P", "S", "T", "W",
];
const WORDS: &[&str] = &[
    "explainable",
    "deep",
    "neural",
    "networks",
    "learning",
    "relevance",
    "propagation",
    "models",
    "interpretable",
    "analysis",
    "towards",
    "robust",
    "efficient",
    "attribution",
    "methods",
    "evaluation",
    "representations",
    "concepts",
    "pruning",
    "quantization",
    "medical",
    "imaging",
    "time",
    "series",
    "graph",
    "transformers",
    "data",
    "bias",
    "detection",
    "benchmark",
];
const JOURNALS: &[(&str, &str)] = &[
    ("Pattern Recognition", "0031-3203"),
    ("Nature Communications", "2041-1723"),
    ("NeuroImage", "1053-8119"),
    ("Information Fusion", "1566-2535"),
    ("Scientific Reports", "2045-2322"),
    ("PLoS ONE", "1932-6203"),
];

/// The YAML text of a synthetic CV with `n` works.
pub fn cv_yaml(n: usize) -> String {
    let mut r = Rng::new(0x5EED_0000 + n as u64);
    let mut s = String::with_capacity(600 + n * 700);
    s.push_str(
        "base-iri: https://example.org/cv/\n\
         person:\n  given-names: Sebastian\n  family-name: Lapuschkin\n  honorific-prefix: Dr.\n  \
         name-variants: {family-name: Bach, kind: birth-name}\n  emails: sebastian@example.org\n  \
         homepage: https://example.org/\nemployment:\n  - organization: {name: Fraunhofer Heinrich Hertz Institute, \
         short-name: HHI, city: Berlin, country: DE}\n    role: Head of Explainable Artificial Intelligence\n    \
         start: 2021-01\n  - organization: {name: TU Berlin, city: Berlin, country: DE}\n    role: Research Associate\n    \
         start: 2013-09\n    end: 2014-09\neducation:\n  - organization: {name: TU Berlin, city: Berlin, country: DE}\n    \
         start: 2013\n    end: 2018\n    degree: {name: PhD in Machine Learning, level: doctorate}\nworks:\n",
    );
    for i in 0..n {
        let n_authors = 5 + r.below(6) as usize;
        let me_at = r.below(n_authors as u64) as usize;
        let year = 2000 + r.below(26);
        let month = 1 + r.below(12);
        let (journal, issn) = JOURNALS[r.below(JOURNALS.len() as u64) as usize];
        let first_page = 1 + r.below(900);
        let title_len = 6 + r.below(6);
        let mut title = String::new();
        for t in 0..title_len {
            let w = r.pick(WORDS);
            if t == 0 {
                let mut c = w.chars();
                title.extend(c.next().map(|c| c.to_ascii_uppercase()));
                title.push_str(c.as_str());
            } else {
                title.push(' ');
                title.push_str(w);
            }
        }
        let _ = writeln!(
            s,
            "  - type: journal-article\n    title: \"{title} {i}\"\n    authors:"
        );
        for a in 0..n_authors {
            if a == me_at {
                s.push_str("      - Lapuschkin S\n");
            } else {
                let _ = writeln!(s, "      - {} {}", r.pick(FAMILY), r.pick(INITIALS));
            }
        }
        let _ = writeln!(
            s,
            "    date: {year}-{month:02}\n    container: {{title: {journal}, kind: journal, issn: {issn}}}\n    \
             volume: {}\n    issue: {}\n    pages: {first_page}-{}\n    doi: 10.{}/synthetic.{year}.{i}",
            10 + r.below(100),
            1 + r.below(12),
            first_page + 5 + r.below(30),
            1000 + r.below(9000),
        );
    }
    s
}
