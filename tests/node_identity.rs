//! Issue 16, point 4: a node's IRI is injective. Distinct organizations, journals, volumes,
//! issues and books never share a node, however close their names; the same thing always gets
//! the same IRI, whatever else the CV holds. Checked on CVs drawn by a seeded generator (the
//! same CVs on every run) and on the reference CV.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use oxigraph::model::{Graph, NamedOrBlankNodeRef, TermRef};
use vitae::Cv;
use vitae::export::{LinkedGraph, Options};

/// A small, seeded generator (xorshift64*): the same CVs on every run, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn pick<'p, T>(&mut self, pool: &'p [T]) -> &'p T {
        &pool[(self.next() % pool.len() as u64) as usize]
    }
}

/// Names that differ by punctuation, case, spacing, diacritics or script only.
const NAMES: &[&str] = &[
    "Institute of Oceanography",
    "Institute of Oceanography!",
    "Institute of  Oceanography",
    "institute of oceanography",
    "Institute-of-Oceanography",
    "J",
    "J!",
    "J.",
    "j",
    "Müller Institut",
    "Muller Institut",
    "周静研究所",
    "—",
    "–",
];
const CITIES: &[Option<&str>] = &[None, Some("Gdańsk"), Some("Gdansk"), Some("Taipei")];
const COUNTRIES: &[Option<&str>] = &[None, Some("PL"), Some("TW")];
const RORS: &[&str] = &["03v4gjf40", "03vek6s52", "042nb2s44", "021nxhr62"];
const NUMBERS: &[&str] = &["1", "-1", "1.", "01", "I", "1a", "1 a", "1-a"];

fn quoted(s: &str) -> String {
    serde_json::to_string(s).expect("JSON string")
}

/// An organization as a YAML flow map. An organization with a ROR id is the one that id
/// names: the ROR id is given to one name, city and country only.
fn organization(rng: &mut Rng, rors: &mut BTreeMap<String, String>) -> String {
    let name = *rng.pick(NAMES);
    let city = *rng.pick(CITIES);
    let country = *rng.pick(COUNTRIES);
    let mut fields = vec![format!("name: {}", quoted(name))];
    if let Some(c) = city {
        fields.push(format!("city: {}", quoted(c)));
    }
    if let Some(c) = country {
        fields.push(format!("country: {c}"));
    }
    let identity = format!("{name:?} {city:?} {country:?}");
    if rng.next().is_multiple_of(3) {
        let free = RORS.iter().find(|r| !rors.values().any(|v| v == *r));
        let ror = match (rors.get(&identity), free) {
            (Some(r), _) => Some(r.clone()),
            (None, Some(r)) => {
                rors.insert(identity, (*r).to_owned());
                Some((*r).to_owned())
            }
            (None, None) => None,
        };
        if let Some(r) = ror {
            fields.push(format!("ror: {r}"));
        }
    }
    format!("{{{}}}", fields.join(", "))
}

/// A CV with employment at drawn organizations and articles in drawn journals, volumes and
/// issues, and chapters in drawn books (with or without a volume).
fn random_cv(seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut rors = BTreeMap::new();
    let mut yaml = String::from(
        "base-iri: https://example.org/cv\nperson: {given-names: Ada, family-name: Lovelace}\n",
    );
    yaml.push_str("employment:\n");
    for k in 0..8 {
        yaml.push_str(&format!(
            "  - {{organization: {}, role: R{k}, start: 2001}}\n",
            organization(&mut rng, &mut rors)
        ));
    }
    yaml.push_str("works:\n");
    for k in 0..10 {
        let title = quoted(rng.pick::<&str>(NAMES));
        let mut work = format!(
            "  - {{type: journal-article, title: W{k}, date: 2020, container: {{title: {title}, publisher: {}}}",
            organization(&mut rng, &mut rors)
        );
        if !rng.next().is_multiple_of(4) {
            work.push_str(&format!(", volume: {}", quoted(rng.pick::<&str>(NUMBERS))));
        }
        if rng.next().is_multiple_of(2) {
            work.push_str(&format!(", issue: {}", quoted(rng.pick::<&str>(NUMBERS))));
        }
        yaml.push_str(&work);
        yaml.push_str("}\n");
    }
    for k in 0..6 {
        let title = quoted(rng.pick::<&str>(NAMES));
        let mut work = format!(
            "  - {{type: book-chapter, title: C{k}, date: 2020, container: {{title: {title}}}"
        );
        if rng.next().is_multiple_of(2) {
            work.push_str(&format!(", volume: {}", quoted(rng.pick::<&str>(NUMBERS))));
        }
        yaml.push_str(&work);
        yaml.push_str("}\n");
    }
    yaml
}

fn load(yaml: &str) -> Cv {
    vitae::from_str(yaml, vitae::InputFormat::Yaml)
        .unwrap_or_else(|r| panic!("the drawn CV does not load:\n{r}\n{yaml}"))
        .cv
}

fn graph(cv: &Cv) -> Graph {
    LinkedGraph::new(cv, &Options::new())
        .expect("graph")
        .graph()
}

/// Properties a thing has one value of: a node with two is two things made one.
const ONE_VALUE: &[&str] = &[
    "name",
    "addressLocality",
    "addressCountry",
    "volumeNumber",
    "issueNumber",
    "isPartOf",
    "address",
];

/// Subjects with two values of a property that a thing has one of.
fn merged_nodes(g: &Graph) -> Vec<String> {
    let mut values: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for t in g.iter() {
        let NamedOrBlankNodeRef::NamedNode(s) = t.subject else {
            continue;
        };
        let Some(local) = t.predicate.as_str().strip_prefix("http://schema.org/") else {
            continue;
        };
        if !ONE_VALUE.contains(&local) {
            continue;
        }
        // A person's own name is in every author list once; items' names once: all checked.
        let object = match t.object {
            TermRef::Literal(l) => l.value().to_owned(),
            other => other.to_string(),
        };
        values
            .entry((s.as_str().to_owned(), local.to_owned()))
            .or_default()
            .insert(object);
    }
    values
        .into_iter()
        .filter(|(_, v)| v.len() > 1)
        .map(|((s, p), v)| format!("<{s}> {p}: {v:?}"))
        .collect()
}

/// Every IRI of the graph.
fn iris(g: &Graph) -> BTreeSet<String> {
    g.iter()
        .flat_map(|t| {
            let s = match t.subject {
                NamedOrBlankNodeRef::NamedNode(n) => Some(n.as_str().to_owned()),
                _ => None,
            };
            let o = match t.object {
                TermRef::NamedNode(n) => Some(n.as_str().to_owned()),
                _ => None,
            };
            s.into_iter().chain(o)
        })
        .collect()
}

#[test]
fn distinct_things_never_share_a_node() {
    for seed in 1..=60u64 {
        let yaml = random_cv(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let g = graph(&load(&yaml));
        let merged = merged_nodes(&g);
        assert!(
            merged.is_empty(),
            "seed {seed}: distinct things share a node:\n{}\n{yaml}",
            merged.join("\n")
        );
    }
}

/// The examples of the issue, each pair two nodes.
#[test]
fn the_issues_examples_are_two_nodes_each() {
    let cv = load(concat!(
        "base-iri: https://example.org/cv\n",
        "person: {given-names: Ada, family-name: Lovelace}\n",
        "employment:\n",
        "  - {organization: {name: Institute of Oceanography, city: Gdańsk, country: PL}, start: 2001}\n",
        "  - {organization: {name: Institute of Oceanography, city: Taipei, country: TW, ror: 03v4gjf40}, start: 2002}\n",
        "works:\n",
        "  - {type: journal-article, title: A, date: 2020, container: J, volume: \"1\"}\n",
        "  - {type: journal-article, title: B, date: 2020, container: J!, volume: \"1\"}\n",
        "  - {type: journal-article, title: C, date: 2020, container: J, volume: \"-1\"}\n",
    ));
    let g = graph(&cv);
    assert_eq!(merged_nodes(&g), Vec::<String>::new());
    let all = iris(&g);
    let count = |prefix: &str, suffix: &str| {
        all.iter()
            .filter(|i| {
                i.strip_prefix("https://example.org/cv#")
                    .is_some_and(|l| l.starts_with(prefix) && l.ends_with(suffix))
            })
            .count()
    };
    // Two institutes, each with its address.
    assert_eq!(count("org-", "--address"), 2, "{all:#?}");
    // Journals J and J!, and J's volumes 1 and -1 (J! has a volume 1 of its own).
    assert_eq!(
        all.iter()
            .filter(|i| i.contains("#journal-") && !i.contains("--"))
            .count(),
        2,
        "{all:#?}"
    );
    assert_eq!(count("journal-", "").saturating_sub(2), 3, "{all:#?}");
}

/// A thing's IRI depends on that thing alone: the same in a CV of its own as among many
/// others, and on every run.
#[test]
fn a_things_iri_does_not_depend_on_the_rest_of_the_cv() {
    for seed in 1..=20u64 {
        let yaml = random_cv(seed.wrapping_mul(0xd1b5_4a32_d192_ed03));
        let cv = load(&yaml);
        let all = iris(&graph(&cv));
        assert_eq!(
            all,
            iris(&graph(&load(&yaml))),
            "seed {seed}: not deterministic"
        );
        // Each employment alone.
        let head = "base-iri: https://example.org/cv\nperson: {given-names: Ada, family-name: Lovelace}\nemployment:\n";
        for line in yaml.lines().filter(|l| l.contains("role: R")) {
            let alone = iris(&graph(&load(&format!("{head}{line}\n"))));
            let orgs: Vec<&String> = alone.iter().filter(|i| i.contains("#org-")).collect();
            assert!(!orgs.is_empty(), "{line}");
            for o in orgs {
                assert!(
                    all.contains(o),
                    "seed {seed}: {o} differs among other items"
                );
            }
        }
    }
}

/// The reference CV has no node with two names, places or numbers.
#[test]
fn no_node_of_the_reference_cv_merges_two_things() {
    let g = graph(&common::reference_cv());
    assert_eq!(merged_nodes(&g), Vec::<String>::new());
}

/// An id cannot name a part of another item's node: `x--doi` would be the IRI of the DOI of
/// the work `x`, so such an id is refused, with its path.
#[test]
fn an_id_cannot_take_the_iri_of_a_part() {
    let yaml = concat!(
        "person: {given-names: Ada, family-name: Lovelace}\n",
        "works:\n",
        "  - {id: notes, type: journal-article, title: Notes, date: 1843, doi: 10.1000/xyz}\n",
        "  - {id: notes--doi, type: journal-article, title: Other, date: 1843}\n",
    );
    let report = vitae::from_str(yaml, vitae::InputFormat::Yaml)
        .expect_err("an id with -- is refused")
        .to_string();
    assert!(
        report.contains("works[1].id") && report.contains("--"),
        "{report}"
    );
}
