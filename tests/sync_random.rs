//! A randomized test of sync against the ORCID-like server on 127.0.0.1
//! (tests/support/orcid_server.rs): from a synced record, random edits to the CV (insert,
//! delete, reorder, retitle, change a DOI, the type or the year, hide an item; works and
//! degrees, with titles and years drawn from small pools so that derived ids collide and
//! shift), a sync with prune, repeated; now and then the ledger is lost instead, and the
//! sync must rebuild it without a write. After every round the record holds exactly the
//! CV's public items, each once; no put-code was written over with another work; nothing
//! another source added was touched; and a second plan has nothing to do.
//!
//! Deterministic: the edits come from a seeded xorshift generator; a failure names the seed
//! and the round, and the CV of that round.

#![cfg(feature = "ureq")]

mod common;
mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use support::orcid_server::{OrcidServer, Stored, normalise};
use support::pace::SeededJitter;
use support::tree::{self, Child, El};
use vitae::sync::{
    self, AccessToken, Backoff, Ledger, LocalItem, OrcidClient, Pacer, PlanOptions, RateLimit,
    SystemClock, UreqClient,
};

const ORCID: &str = "0000-0002-1825-0097";
const TOKEN: &str = "5f1c9a3e-7d2b-4c8e-9f10-aa11bb22cc33";
const CLIENT: &str = "APP-VITAE00000000001";
const OTHER_TOKEN: &str = "0b0b0b0b-1111-2222-3333-444455556666";
const OTHER_CLIENT: &str = "APP-CROSSREF00000001";

/// Rounds per seed, and seeds: a few seconds in all.
const ROUNDS: usize = 20;
const SEEDS: [u64; 3] = [0x5EED_0001, 0x5EED_0002, 0x5EED_0003];

/// xorshift64*: small, deterministic, good enough to pick edits.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[self.below(from.len())]
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

const TITLES: [&str; 4] = [
    "Explaining Deep Networks",
    "Notes on Engines",
    "Relevance Propagation Revisited",
    "Pruning with Explanations",
];
const KINDS: [&str; 3] = ["journal-article", "preprint", "conference-paper"];
const YEARS: [u16; 2] = [2019, 2020];
/// Two names of one organization (ORCID needs its id, TU Berlin's ROR), so that an edit of
/// the name changes the document.
const ORGS: [&str; 2] = [
    "Technische Universität Berlin",
    "Technische Universität Berlin, Fakultät IV",
];
const DEGREES: [(&str, &str); 3] = [
    ("Bachelor of Science", "bachelor"),
    ("Master of Science", "master"),
    ("Doctor of Philosophy", "doctorate"),
];

#[derive(Debug, Clone)]
struct Work {
    kind: &'static str,
    title: &'static str,
    year: u16,
    doi: Option<u32>,
    public: bool,
}

#[derive(Debug, Clone)]
struct Degree {
    org: &'static str,
    degree: (&'static str, &'static str),
    start: u16,
    public: bool,
}

/// The CV as the test edits it.
#[derive(Debug, Clone, Default)]
struct Model {
    works: Vec<Work>,
    degrees: Vec<Degree>,
    next_doi: u32,
}

impl Model {
    fn new_doi(&mut self) -> u32 {
        self.next_doi += 1;
        self.next_doi
    }

    fn random_work(&mut self, rng: &mut Rng) -> Work {
        Work {
            kind: rng.pick(&KINDS),
            title: rng.pick(&TITLES),
            year: rng.pick(&YEARS),
            doi: if rng.chance(2) {
                Some(self.new_doi())
            } else {
                None
            },
            public: !rng.chance(8),
        }
    }

    fn random_degree(rng: &mut Rng) -> Degree {
        Degree {
            org: rng.pick(&ORGS),
            degree: rng.pick(&DEGREES),
            start: rng.pick(&[2007, 2010, 2013]),
            public: !rng.chance(8),
        }
    }

    /// One random edit; what it did, for the failure message.
    fn edit(&mut self, rng: &mut Rng) -> String {
        let nw = self.works.len();
        let nd = self.degrees.len();
        match rng.below(12) {
            0 | 1 => {
                let w = self.random_work(rng);
                let at = rng.below(nw + 1);
                self.works.insert(at, w.clone());
                format!("insert work {at}: {w:?}")
            }
            2 if nw > 0 => {
                let at = rng.below(nw);
                let w = self.works.remove(at);
                format!("delete work {at}: {w:?}")
            }
            3 if nw > 1 => {
                let (a, b) = (rng.below(nw), rng.below(nw));
                self.works.swap(a, b);
                format!("swap works {a} and {b}")
            }
            4 if nw > 0 => {
                let at = rng.below(nw);
                let t = rng.pick(&TITLES);
                self.works[at].title = t;
                format!("retitle work {at}: {t}")
            }
            5 if nw > 0 => {
                let at = rng.below(nw);
                let doi = if rng.chance(4) {
                    None
                } else {
                    Some(self.new_doi())
                };
                self.works[at].doi = doi;
                format!("work {at} DOI now {doi:?}")
            }
            6 if nw > 0 => {
                let at = rng.below(nw);
                self.works[at].public = !self.works[at].public;
                format!("work {at} public: {}", self.works[at].public)
            }
            7 => {
                let d = Self::random_degree(rng);
                let at = rng.below(nd + 1);
                self.degrees.insert(at, d.clone());
                format!("insert degree {at}: {d:?}")
            }
            8 if nd > 0 => {
                let at = rng.below(nd);
                let d = self.degrees.remove(at);
                format!("delete degree {at}: {d:?}")
            }
            9 if nd > 1 => {
                let (a, b) = (rng.below(nd), rng.below(nd));
                self.degrees.swap(a, b);
                format!("swap degrees {a} and {b}")
            }
            10 if nw > 0 => {
                let at = rng.below(nw);
                let kind = rng.pick(&KINDS);
                self.works[at].kind = kind;
                format!("work {at} type now {kind}")
            }
            11 if nw > 0 => {
                let at = rng.below(nw);
                let year = rng.pick(&YEARS);
                self.works[at].year = year;
                format!("work {at} year now {year}")
            }
            _ => "nothing".to_owned(),
        }
    }

    fn yaml(&self) -> String {
        let mut s = String::from("person: {given-names: Ada, family-name: Lovelace}\n");
        let hidden = |public: bool| {
            if public {
                ""
            } else {
                "    visibility: private\n"
            }
        };
        if !self.degrees.is_empty() {
            s.push_str("education:\n");
            for d in &self.degrees {
                s.push_str(&format!(
                    "  - organization: {{name: \"{}\", city: Berlin, country: DE, ror: 03v4gjf40}}\n    \
                     start: {}\n    degree: {{name: \"{}\", level: {}}}\n{}",
                    d.org,
                    d.start,
                    d.degree.0,
                    d.degree.1,
                    hidden(d.public)
                ));
            }
        }
        if !self.works.is_empty() {
            s.push_str("works:\n");
            for w in &self.works {
                s.push_str(&format!(
                    "  - type: {}\n    title: \"{}\"\n    authors: [\"**Lovelace A**\"]\n    \
                     date: {}\n    container: {{title: Venue}}\n{}{}",
                    w.kind,
                    w.title,
                    w.year,
                    w.doi
                        .map(|d| format!("    doi: 10.5555/random.{d}\n"))
                        .unwrap_or_default(),
                    hidden(w.public)
                ));
            }
        }
        s
    }

    fn public_count(&self) -> usize {
        self.works.iter().filter(|w| w.public).count()
            + self.degrees.iter().filter(|d| d.public).count()
    }

    fn items(&self) -> Vec<LocalItem> {
        let text = self.yaml();
        let cv = vitae::from_str(&text, vitae::InputFormat::Yaml)
            .unwrap_or_else(|r| panic!("the test CV does not load:\n{r}\n{text}"))
            .cv;
        let items = sync::cv_items(&cv).expect("cv items");
        assert!(items.left_out.is_empty(), "{:?}\n{text}", items.diagnostics);
        assert_eq!(items.items.len(), self.public_count(), "{text}");
        items.items
    }
}

fn client(server: &OrcidServer, token: &str) -> OrcidClient<UreqClient> {
    let pacer = Pacer::new(
        RateLimit {
            rate: 10_000.0,
            burst: 10_000,
        },
        Backoff {
            retries: 4,
            base: Duration::from_millis(10),
            max: Duration::from_millis(100),
        },
        Box::new(SystemClock::new()),
        Box::new(SeededJitter::new(7)),
    );
    OrcidClient::new(
        &server.api(),
        ORCID.parse().expect("orcid"),
        AccessToken::new(token).expect("token"),
        UreqClient::new(),
    )
    .expect("client")
    .with_pacer(pacer)
}

/// An element without namespace declarations, put-code, visibility or whitespace-only text,
/// attributes sorted: two items that say the same write the same.
fn canonical(el: &El) -> El {
    let mut attrs: Vec<(String, String)> = el
        .attrs
        .iter()
        .filter(|(k, _)| {
            !k.starts_with("xmlns") && k.as_str() != "put-code" && k.as_str() != "visibility"
        })
        .cloned()
        .collect();
    attrs.sort();
    let children = el
        .children
        .iter()
        .filter_map(|c| match c {
            Child::El(e) => Some(Child::El(canonical(e))),
            Child::Text(t) if t.trim().is_empty() => None,
            Child::Text(t) => Some(Child::Text(t.clone())),
        })
        .collect();
    El {
        name: el.name.clone(),
        attrs,
        children,
    }
}

fn written(el: &El) -> String {
    let mut s = String::new();
    canonical(el).write(&mut s);
    s
}

/// The `self` identifiers of an item other than `source-work-id`, normalised.
fn identity(el: &El) -> Vec<String> {
    let Some(ids) = el.child("external-ids") else {
        return Vec::new();
    };
    ids.elements()
        .filter(|x| x.text_at(&["external-id-relationship"]).as_deref() == Some("self"))
        .filter_map(|x| {
            let t = x.text_at(&["external-id-type"])?;
            let v = x.text_at(&["external-id-value"])?;
            (t != "source-work-id").then(|| normalise(&t, &v))
        })
        .collect()
}

fn by_source(server: &OrcidServer, client: &str) -> BTreeMap<u64, Stored> {
    server
        .items(ORCID)
        .into_iter()
        .filter(|i| i.source.client_id() == Some(client))
        .map(|i| (i.put_code, i))
        .collect()
}

/// What the rounds of a run did, so that a run that exercises nothing is noticed.
#[derive(Debug, Default)]
struct Seen {
    created: usize,
    updated: usize,
    deleted: usize,
    /// Items matched by their details (title, type and year; organization, role, start).
    by_details: usize,
    /// CV items whose derived id carries a `-2`, `-3` (a title and year shared).
    shifted_ids: usize,
    /// Ledgers that forgot their items, rebuilt without a write.
    rebuilt: usize,
    /// Ledger files lost, rebuilt through ORCID's answers.
    file_lost: usize,
}

fn run(seed: u64, seen: &mut Seen) {
    let server = OrcidServer::start();
    server.add_record(ORCID);
    server.add_token(TOKEN, CLIENT, "vitae", ORCID);
    server.add_token(OTHER_TOKEN, OTHER_CLIENT, "Crossref Metadata Search", ORCID);
    server.set_rate_limit(10_000.0, 10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let ledger_path = Ledger::default_path(&dir.path().join("cv.yaml"));
    let mut rng = Rng::new(seed);

    let mut model = Model::default();
    for _ in 0..6 {
        let w = model.random_work(&mut rng);
        model.works.push(w);
    }
    model.works[0].doi = Some(model.new_doi());
    model.works[0].public = true;
    for _ in 0..3 {
        model.degrees.push(Model::random_degree(&mut rng));
    }

    // Another source adds the same works and degrees first (the first work with its DOI):
    // they must never be touched.
    let others = model.items();
    let mut other_client = client(&server, OTHER_TOKEN);
    let mut other_ledger = Ledger::in_memory();
    let plan = sync::plan(
        &mut other_client,
        &others,
        &other_ledger,
        &PlanOptions::default(),
    )
    .expect("other plan");
    let report = sync::apply(&mut other_client, &plan, &mut other_ledger).expect("other apply");
    assert!(report.failed.is_empty(), "{}", report.to_text());
    let theirs = by_source(&server, OTHER_CLIENT);
    assert_eq!(theirs.len(), others.len());

    let mut before: BTreeMap<u64, Stored> = BTreeMap::new();
    let mut history = Vec::new();
    for round in 0..=ROUNDS {
        // Now and then the ledger loses its items (and the CV is left as it is): the sync,
        // knowing the client from ORCID's earlier answers, rebuilds it from the record
        // without a single write. Or the ledger file is lost whole: the client is learnt
        // again from ORCID's answer to the first write (its duplicate check names this
        // client's work), and the record still ends up equal to the CV, nothing duplicated.
        let lost = round > 0 && rng.chance(6);
        let file_lost = round > 0 && !lost && rng.chance(8);
        if lost {
            let mut ledger = Ledger::open(&ledger_path).expect("ledger");
            ledger
                .target_mut(&server.api(), &ORCID.parse().expect("iD"))
                .items
                .clear();
            ledger.save().expect("save the ledger");
            history.push(format!("round {round}: the ledger forgets its items"));
        } else if file_lost {
            std::fs::remove_file(&ledger_path).expect("remove the ledger");
            history.push(format!("round {round}: the ledger file is lost"));
        } else if round > 0 {
            for _ in 0..1 + rng.below(3) {
                history.push(format!("round {round}: {}", model.edit(&mut rng)));
            }
        }
        let items = model.items();
        let context = || {
            format!(
                "seed {seed:#x}, round {round}\n{}\n{}",
                history.join("\n"),
                model.yaml()
            )
        };
        let options = PlanOptions::default().with_prune(true);
        let mut c = client(&server, TOKEN);
        let mut ledger = Ledger::open(&ledger_path).expect("ledger");
        let plan = sync::plan(&mut c, &items, &ledger, &options).expect("plan");
        assert!(
            plan.skipped.is_empty(),
            "{}\n{}\n{}",
            plan.to_text(),
            context(),
            ledger.to_json()
        );
        let report = sync::apply(&mut c, &plan, &mut ledger)
            .unwrap_or_else(|e| panic!("{e}\n{}\n{}", plan.to_text(), context()));
        assert!(
            report.failed.is_empty(),
            "{}\n{}\n{}",
            plan.to_text(),
            report.to_text(),
            context()
        );

        if lost {
            assert!(plan.is_empty(), "{}\n{}", plan.to_text(), context());
            seen.rebuilt += 1;
        }
        if file_lost {
            assert!(
                report.created.is_empty(),
                "{}\n{}",
                report.to_text(),
                context()
            );
            seen.file_lost += 1;
        }
        seen.created += report.created.len();
        seen.updated += report.updated.len();
        seen.deleted += report.deleted.len();
        seen.by_details += plan
            .update
            .iter()
            .map(|u| &u.matched_by)
            .chain(plan.unchanged.iter().map(|u| &u.matched_by))
            .filter(|m| matches!(m, sync::MatchedBy::Details(_)))
            .count();
        seen.shifted_ids += items
            .iter()
            .filter(|i| i.id.as_str().ends_with("-2") || i.id.as_str().ends_with("-3"))
            .count();

        // The record holds exactly the CV's public items, each once.
        let mine = by_source(&server, CLIENT);
        let mut held: Vec<String> = mine.values().map(|i| written(&i.body)).collect();
        let mut wanted: Vec<String> = items
            .iter()
            .map(|i| written(&tree::parse(i.xml()).expect("item XML")))
            .collect();
        held.sort();
        wanted.sort();
        assert_eq!(
            held,
            wanted,
            "{}\n{}\n{}",
            plan.to_text(),
            report.to_text(),
            context()
        );

        // No put-code now holds another work than before (identifiers that conflict).
        for (pc, now) in &mine {
            if let Some(then) = before.get(pc) {
                let (a, b) = (identity(&then.body), identity(&now.body));
                assert!(
                    a.is_empty() || b.is_empty() || a.iter().any(|k| b.contains(k)),
                    "put-code {pc} went from {a:?} to {b:?}\n{}\n{}",
                    plan.to_text(),
                    context()
                );
            }
        }
        before = mine;

        // The other source's items are as they were.
        let now = by_source(&server, OTHER_CLIENT);
        assert_eq!(now.len(), theirs.len(), "{}", context());
        for (pc, item) in &theirs {
            assert_eq!(
                now.get(pc).map(|i| written(&i.body)),
                Some(written(&item.body)),
                "{}",
                context()
            );
        }

        // The ledger lists each item once, and the next sync has nothing to do.
        let ledger = Ledger::open(&ledger_path).expect("ledger");
        let listed = ledger
            .target(&server.api(), &ORCID.parse().unwrap())
            .map_or(0, |t| t.items.len());
        assert_eq!(listed, items.len(), "{}", context());
        let again =
            sync::plan(&mut client(&server, TOKEN), &items, &ledger, &options).expect("plan again");
        assert!(again.is_empty(), "{}\n{}", again.to_text(), context());
    }

    // Nothing was ever written at another source's put-codes.
    let touched: Vec<_> = server
        .log()
        .into_iter()
        .filter(|l| {
            l.method != "GET" && theirs.keys().any(|pc| l.path.ends_with(&format!("/{pc}")))
        })
        .collect();
    assert!(touched.is_empty(), "{touched:?}");
}

#[test]
fn random_edits_then_syncs_keep_the_record_equal_to_the_cv() {
    let mut seen = Seen::default();
    for seed in SEEDS {
        run(seed, &mut seen);
    }
    assert!(
        seen.created > 0
            && seen.updated > 0
            && seen.deleted > 0
            && seen.by_details > 0
            && seen.shifted_ids > 0
            && seen.rebuilt > 0
            && seen.file_lost > 0,
        "{seen:?}"
    );
}
