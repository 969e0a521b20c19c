//! ORCID sync against an ORCID-like server on 127.0.0.1 (tests/support/orcid_server.rs):
//! full sync, edits, a second sync, crashes, other sources' items, expired tokens, the rate
//! limit, bulk errors, and the XSD validity of every request body.

#![cfg(feature = "ureq")]

mod common;
mod support;

use std::path::PathBuf;
use std::time::Duration;

use support::items::{self, affiliation, work};
use support::orcid_server::{Fault, OrcidServer, Source, normalise};
use support::pace::{ManualClock, SeededJitter};
use vitae::sync::{
    self, AccessToken, ApplyReport, Backoff, Inconsistency, Ledger, LocalItem, OrcidClient, Pacer,
    Plan, PlanOptions, RateLimit, Section, SyncError, SystemClock, UreqClient,
};

const ORCID: &str = "0000-0002-1825-0097";
const TOKEN: &str = "5f1c9a3e-7d2b-4c8e-9f10-aa11bb22cc33";
const CLIENT: &str = "APP-VITAE00000000001";
const OTHER_TOKEN: &str = "0b0b0b0b-1111-2222-3333-444455556666";
const OTHER_CLIENT: &str = "APP-CROSSREF00000001";

struct World {
    server: OrcidServer,
    _dir: tempfile::TempDir,
    ledger: PathBuf,
}

fn fast_pacer() -> Pacer {
    Pacer::new(
        RateLimit::CLIENT,
        Backoff {
            retries: 8,
            base: Duration::from_millis(40),
            max: Duration::from_secs(2),
        },
        Box::new(SystemClock::new()),
        Box::new(SeededJitter::new(42)),
    )
}

impl World {
    fn new() -> Self {
        let server = OrcidServer::start();
        server.add_record(ORCID);
        server.add_token(TOKEN, CLIENT, "vitae", ORCID);
        server.add_token(OTHER_TOKEN, OTHER_CLIENT, "Crossref Metadata Search", ORCID);
        let dir = tempfile::tempdir().expect("temp dir");
        let ledger = Ledger::default_path(&dir.path().join("cv.yaml"));
        Self {
            server,
            _dir: dir,
            ledger,
        }
    }

    fn client_with(&self, token: &str) -> OrcidClient<UreqClient> {
        OrcidClient::new(
            &self.server.api(),
            ORCID.parse().expect("orcid"),
            AccessToken::new(token).expect("token"),
            UreqClient::new(),
        )
        .expect("client")
        .with_pacer(fast_pacer())
    }

    fn client(&self) -> OrcidClient<UreqClient> {
        self.client_with(TOKEN)
    }

    fn ledger(&self) -> Ledger {
        Ledger::open(&self.ledger).expect("ledger")
    }

    fn plan(&self, items: &[LocalItem], options: &PlanOptions) -> Plan {
        sync::plan(&mut self.client(), items, &self.ledger(), options).expect("plan")
    }

    fn sync(&self, items: &[LocalItem], options: &PlanOptions) -> (Plan, ApplyReport) {
        let mut client = self.client();
        let mut ledger = self.ledger();
        let plan = sync::plan(&mut client, items, &ledger, options).expect("plan");
        let report = sync::apply(&mut client, &plan, &mut ledger).expect("apply");
        (plan, report)
    }

    /// The record's items as (section, self keys, source client), sorted.
    fn held(&self) -> Vec<(String, Vec<String>, Option<String>)> {
        let mut v: Vec<_> = self
            .server
            .items(ORCID)
            .into_iter()
            .map(|i| {
                (
                    i.section.clone(),
                    i.self_keys(),
                    i.source.client_id().map(str::to_owned),
                )
            })
            .collect();
        v.sort();
        v
    }

    fn writes(&self) -> usize {
        self.server
            .log()
            .iter()
            .filter(|l| l.method != "GET" && l.status != 503)
            .count()
    }
}

/// What the record must hold after syncing `items`: each item once, from this client.
fn expected(items: &[LocalItem]) -> Vec<(String, Vec<String>, Option<String>)> {
    let mut v: Vec<_> = items
        .iter()
        .map(|i| {
            let mut keys: Vec<String> = i
                .external_ids
                .iter()
                .filter(|x| x.is_self())
                .map(|x| normalise(&x.id_type, &x.value))
                .collect();
            keys.sort();
            (
                i.section.path_segment().to_owned(),
                keys,
                Some(CLIENT.to_owned()),
            )
        })
        .collect();
    for x in &mut v {
        x.1.sort();
    }
    v.sort();
    v
}

fn held_sorted(w: &World) -> Vec<(String, Vec<String>, Option<String>)> {
    let mut h = w.held();
    for x in &mut h {
        x.1.sort();
    }
    h.sort();
    h
}

fn check_bodies(test: &str, w: &World) {
    support::assert_bodies_valid(test, &w.server);
}

#[test]
fn full_sync_puts_each_item_once_and_a_second_sync_plans_nothing() {
    let w = World::new();
    let items = items::small_cv();
    let (plan, report) = w.sync(&items, &PlanOptions::default());
    assert_eq!(plan.summary.create, items.len(), "{}", plan.to_text());
    assert!(report.failed.is_empty(), "{}", report.to_text());
    assert_eq!(report.created.len(), items.len());
    assert_eq!(held_sorted(&w), expected(&items));
    // Works went in one bulk, the others one POST each.
    let log = w.server.log();
    let bulk = log
        .iter()
        .filter(|l| l.method == "POST" && l.path.ends_with("/works"))
        .count();
    assert_eq!(bulk, 1);
    // The ledger knows every item and the client.
    let ledger = w.ledger();
    let target = ledger
        .target(&w.server.api(), &ORCID.parse().unwrap())
        .expect("target");
    assert_eq!(target.items.len(), items.len());
    assert_eq!(target.client_id.as_deref(), Some(CLIENT));

    // A second run plans nothing and writes nothing.
    let before = w.writes();
    let (again, report) = w.sync(&items, &PlanOptions::default());
    assert!(again.is_empty(), "{}", again.to_text());
    assert_eq!(again.summary.unchanged, items.len());
    assert!(!report.changed_anything());
    assert_eq!(w.writes(), before);
    assert_eq!(held_sorted(&w), expected(&items));
    check_bodies(
        "full_sync_puts_each_item_once_and_a_second_sync_plans_nothing",
        &w,
    );
}

#[test]
fn many_works_go_in_bulks_of_at_most_100() {
    let w = World::new();
    let items: Vec<LocalItem> = (1..=150)
        .map(|n| {
            work(
                &format!("w{n}"),
                &format!("Work number {n}"),
                "journal-article",
                "2020-05",
                &[("doi", &format!("10.5555/test.{n}"), "self")],
            )
        })
        .collect();
    let (_, report) = w.sync(&items, &PlanOptions::default());
    assert!(report.failed.is_empty(), "{}", report.to_text());
    assert_eq!(report.created.len(), 150);
    let bulks: Vec<usize> = w
        .server
        .bodies()
        .iter()
        .filter(|(root, _)| root == "bulk")
        .map(|(_, b)| b.matches("<work:work ").count())
        .collect();
    assert_eq!(bulks, vec![100, 50]);
    assert_eq!(held_sorted(&w), expected(&items));
    // The second plan reads the works it needs in one request per 100 at most.
    let plan = w.plan(&items, &PlanOptions::default());
    assert!(plan.is_empty());
    check_bodies("many_works_go_in_bulks_of_at_most_100", &w);
}

#[test]
fn an_edit_then_a_sync_updates_only_what_changed() {
    let w = World::new();
    let mut items = items::small_cv();
    w.sync(&items, &PlanOptions::default());
    let put_codes: Vec<u64> = w.server.items(ORCID).iter().map(|i| i.put_code).collect();

    // Edit a title, a date, and the role of the employment.
    items[5] = work(
        "2019-unmasking",
        "Unmasking Clever Hans Predictors and Assessing What Machines Really Learn",
        "journal-article",
        "2019-03-11",
        &[("doi", "https://doi.org/10.1038/S41467-019-08987-4", "self")],
    );
    items[0] = affiliation(
        Section::Employment,
        "2021-hhi-head",
        "Head of the Explainable AI Group",
        "2021-01",
        "Fraunhofer Heinrich Hertz Institute",
    );
    let plan = w.plan(&items, &PlanOptions::default());
    assert_eq!(plan.summary.update, 2, "{}", plan.to_text());
    assert_eq!(
        plan.summary.create + plan.summary.delete,
        0,
        "{}",
        plan.to_text()
    );
    let text = plan.to_text();
    assert!(
        text.contains(
            r#"role-title: "Head of Explainable AI" -> "Head of the Explainable AI Group""#
        ),
        "{text}"
    );
    let work = plan
        .update
        .iter()
        .find(|u| u.item.section == Section::Work)
        .expect("the work's update");
    let title = work
        .changes
        .iter()
        .find(|c| c.field == "title")
        .expect("title change");
    assert_eq!(
        title.new.as_deref(),
        Some("Unmasking Clever Hans Predictors and Assessing What Machines Really Learn")
    );

    let before = w.writes();
    let (_, report) = w.sync(&items, &PlanOptions::default());
    assert_eq!(report.updated.len(), 2, "{}", report.to_text());
    assert!(report.created.is_empty() && report.deleted.is_empty());
    assert_eq!(
        w.writes() - before,
        2,
        "two PUTs, nothing else: {:#?}",
        &w.server.log()[before..]
    );
    let after: Vec<u64> = w.server.items(ORCID).iter().map(|i| i.put_code).collect();
    assert_eq!(put_codes, after, "same items, same put-codes");
    let titles: Vec<String> = w.server.items(ORCID).iter().map(|i| i.title()).collect();
    assert!(titles.contains(&"Head of the Explainable AI Group".to_owned()));
    assert!(w.plan(&items, &PlanOptions::default()).is_empty());
    check_bodies("an_edit_then_a_sync_updates_only_what_changed", &w);
}

#[test]
fn matching_survives_a_new_id_and_an_added_doi() {
    let w = World::new();
    let mut items = items::small_cv();
    w.sync(&items, &PlanOptions::default());
    // The talk's id changes with its title (a derived id), and it has no DOI: matched by a
    // near-identical title.
    items[7] = work(
        "2021-11-03-talk-xai-2",
        "Explaining deep neural network",
        "lecture-speech",
        "2021-11-03",
        &[],
    );
    // The preprint gets a DOI besides its arXiv id, and its id changes: matched by arXiv id
    // (another version).
    items[6] = work(
        "2022-beyond-explaining",
        "Beyond explaining: Opportunities and challenges of XAI-based model improvement",
        "preprint",
        "2022-03",
        &[
            ("arxiv", "arXiv:2203.08008v3", "self"),
            ("doi", "10.1016/j.inffus.2022.11.013", "self"),
        ],
    );
    let plan = w.plan(&items, &PlanOptions::default());
    assert_eq!(plan.summary.update, 2, "{}", plan.to_text());
    assert_eq!(plan.summary.create, 0, "{}", plan.to_text());
    let by: Vec<String> = plan
        .update
        .iter()
        .map(|u| u.matched_by.to_string())
        .collect();
    assert!(
        by.contains(&"external id arxiv:2203.08008".to_owned()),
        "{by:?}"
    );
    assert!(by.contains(&"title".to_owned()), "{by:?}");
    w.sync(&items, &PlanOptions::default());
    assert_eq!(held_sorted(&w), expected(&items));
    let again = w.plan(&items, &PlanOptions::default());
    assert!(again.is_empty(), "{}", again.to_text());
    // The ledger follows the new ids.
    let ledger = w.ledger();
    let t = ledger
        .target(&w.server.api(), &ORCID.parse().unwrap())
        .unwrap();
    assert!(
        t.entry(Section::Work, &"2022-beyond-explaining".parse().unwrap())
            .is_some()
    );
    assert!(
        t.entry(Section::Work, &"2022-beyond".parse().unwrap())
            .is_none()
    );
}

#[test]
fn a_crash_after_the_server_acted_then_a_rerun_makes_no_duplicates() {
    for (n, fault) in [
        (1, Fault::DropAfter),  // the bulk of works created, the answer lost
        (1, Fault::DropBefore), // the bulk never arrived
        (3, Fault::DropAfter),  // an employment... created, answer lost
        (4, Fault::DropBefore),
    ] {
        let w = World::new();
        let items = items::small_cv();
        w.server.fail_write(n, fault);
        let mut client = w.client();
        let mut ledger = w.ledger();
        let plan = sync::plan(&mut client, &items, &ledger, &PlanOptions::default()).unwrap();
        let err = sync::apply(&mut client, &plan, &mut ledger).expect_err("the crash");
        let SyncError::Interrupted { report, cause } = &err else {
            panic!("{n} {fault:?}: {err}");
        };
        assert!(
            matches!(**cause, SyncError::Api(sync::ApiError::Transport { .. })),
            "{cause}"
        );
        assert!(err.to_string().contains("run the sync again") || !report.changed_anything());
        // The ledger on disk holds exactly what was confirmed.
        let on_disk = w.ledger();
        let confirmed = on_disk
            .target(&w.server.api(), &ORCID.parse().unwrap())
            .map_or(0, |t| t.items.len());
        assert_eq!(confirmed, report.created.len(), "{n} {fault:?}");

        // The rerun converges: each item once.
        let (_, report) = w.sync(&items, &PlanOptions::default());
        assert!(
            report.failed.is_empty(),
            "{n} {fault:?}: {}",
            report.to_text()
        );
        assert_eq!(held_sorted(&w), expected(&items), "{n} {fault:?}");
        let again = w.plan(&items, &PlanOptions::default());
        assert!(again.is_empty(), "{n} {fault:?}: {}", again.to_text());
        let ledger = w.ledger();
        assert_eq!(
            ledger
                .target(&w.server.api(), &ORCID.parse().unwrap())
                .unwrap()
                .items
                .len(),
            items.len()
        );
    }
}

#[test]
fn a_lost_ledger_is_rebuilt_through_orcids_duplicate_check() {
    let w = World::new();
    let items = items::small_cv();
    w.sync(&items, &PlanOptions::default());
    std::fs::remove_file(&w.ledger).unwrap();
    let before = w.server.log().len();
    // Without a ledger the client id is unknown: everything is planned as new, ORCID answers
    // 409 (9021) naming the put-codes, and the sync records them instead of duplicating.
    let (plan, report) = w.sync(&items, &PlanOptions::default());
    assert_eq!(plan.summary.create, items.len());
    assert!(report.failed.is_empty(), "{}", report.to_text());
    assert!(report.created.is_empty(), "{}", report.to_text());
    assert_eq!(report.recorded, items.len());
    // The works came back as duplicates inside the bulk (9021 per position); knowing the
    // client then, the sync found the other items by planning again, and posted none.
    let posts: Vec<String> = w.server.log()[before..]
        .iter()
        .filter(|l| l.method == "POST" && l.status != 503)
        .map(|l| l.path.clone())
        .collect();
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert!(posts[0].ends_with("/works"), "{posts:?}");
    assert_eq!(held_sorted(&w), expected(&items));
    assert!(w.plan(&items, &PlanOptions::default()).is_empty());

    // With the client id given, it is only checked against ORCID's answers (an id ORCID has
    // not confirmed is never used to match): the rebuild goes the same way, and the first
    // answer, naming this client, confirms it.
    std::fs::remove_file(&w.ledger).unwrap();
    let options = PlanOptions::default().with_client_id(Some(CLIENT.to_owned()));
    let (plan, report) = w.sync(&items, &options);
    assert!(plan.client_id.is_none());
    assert!(report.failed.is_empty(), "{}", report.to_text());
    assert!(report.created.is_empty(), "{}", report.to_text());
    assert_eq!(report.recorded, items.len());
    assert_eq!(held_sorted(&w), expected(&items));
    let plan = w.plan(&items, &options);
    assert!(plan.is_empty(), "{}", plan.to_text());
    assert_eq!(plan.client_id.as_deref(), Some(CLIENT));
    assert_eq!(plan.summary.unchanged, items.len());
}

#[test]
fn items_of_other_sources_are_never_touched() {
    let w = World::new();
    // The same article added by the user by hand, and by another client.
    let user_pc = w.server.add_item(
        ORCID,
        &items::work_xml(
            "Unmasking Clever Hans predictors (entered by hand)",
            "journal-article",
            "2019",
            &[("doi", "10.1038/s41467-019-08987-4", "self")],
        ),
        Source::User {
            orcid: ORCID.into(),
            name: "Sebastian Lapuschkin".into(),
        },
    );
    let other_pc = w.server.add_item(
        ORCID,
        &items::affiliation_xml("employment", "Researcher", "2015-01", "Old employer"),
        Source::Client {
            id: OTHER_CLIENT.into(),
            name: "Crossref Metadata Search".into(),
        },
    );
    let items = items::small_cv();
    let (plan, report) = w.sync(&items, &PlanOptions::default().with_prune(true));
    assert_eq!(plan.summary.remote_only, 2, "{}", plan.to_text());
    assert!(report.failed.is_empty(), "{}", report.to_text());
    // Prune after removing an item from the CV: only this client's item goes.
    let fewer: Vec<LocalItem> = items[1..].to_vec();
    let (plan, report) = w.sync(&fewer, &PlanOptions::default().with_prune(true));
    assert_eq!(plan.summary.delete, 1, "{}", plan.to_text());
    assert_eq!(report.deleted.len(), 1);
    let touched: Vec<_> = w
        .server
        .log()
        .into_iter()
        .filter(|l| {
            l.method != "GET"
                && (l.path.ends_with(&format!("/{user_pc}"))
                    || l.path.ends_with(&format!("/{other_pc}")))
        })
        .collect();
    assert!(touched.is_empty(), "{touched:?}");
    let held: Vec<u64> = w.server.items(ORCID).iter().map(|i| i.put_code).collect();
    assert!(held.contains(&user_pc) && held.contains(&other_pc));

    // A ledger that claims another source's item (tampered, or copied from elsewhere) does
    // not make the sync touch it.
    let mut ledger = w.ledger();
    let t = ledger.target_mut(&w.server.api(), &ORCID.parse().unwrap());
    t.set(sync::LedgerEntry {
        section: Section::Employment,
        id: "2021-hhi-head".parse().unwrap(),
        put_code: other_pc,
        hash: "sha256:0".into(),
    });
    ledger.save().unwrap();
    let before = w.server.log().len();
    let (plan, _) = w.sync(&items, &PlanOptions::default().with_prune(true));
    assert!(
        plan.notes.iter().any(|n| n.contains("another source")),
        "{:?}",
        plan.notes
    );
    let touched = w.server.log()[before..]
        .iter()
        .filter(|l| l.method != "GET" && l.path.ends_with(&format!("/{other_pc}")))
        .count();
    assert_eq!(touched, 0);
    assert!(w.server.items(ORCID).iter().any(|i| i.put_code == other_pc));
}

#[test]
fn without_prune_items_gone_from_the_cv_are_kept_and_listed() {
    let w = World::new();
    let items = items::small_cv();
    w.sync(&items, &PlanOptions::default());
    let fewer: Vec<LocalItem> = items[..8].to_vec();
    let (plan, report) = w.sync(&fewer, &PlanOptions::default());
    assert_eq!(plan.summary.orphans, 1);
    assert!(
        plan.to_text().contains("--prune deletes it"),
        "{}",
        plan.to_text()
    );
    assert!(!report.changed_anything());
    assert_eq!(w.server.items(ORCID).len(), items.len());
}

#[test]
fn an_item_deleted_on_orcid_is_added_again() {
    let w = World::new();
    let items = items::small_cv();
    w.sync(&items, &PlanOptions::default());
    // The user deletes a work in the ORCID UI.
    let victim = w
        .server
        .items(ORCID)
        .into_iter()
        .find(|i| i.section == "work")
        .unwrap();
    w.server.remove_item(ORCID, victim.put_code);
    let plan = w.plan(&items, &PlanOptions::default());
    assert_eq!(plan.summary.create, 1, "{}", plan.to_text());
    assert!(
        plan.create[0]
            .note
            .as_deref()
            .unwrap_or("")
            .contains("no longer on the record")
    );
    w.sync(&items, &PlanOptions::default());
    assert_eq!(held_sorted(&w), expected(&items));
}

#[test]
fn an_expired_token_is_a_clear_error_and_changes_nothing() {
    let w = World::new();
    let items = items::small_cv();
    w.sync(&items[..4], &PlanOptions::default());
    let ledger_before = std::fs::read_to_string(&w.ledger).unwrap();
    let held_before = held_sorted(&w);
    w.server.expire(TOKEN);

    // Planning fails at the first read.
    let err = sync::plan(
        &mut w.client(),
        &items,
        &w.ledger(),
        &PlanOptions::default(),
    )
    .expect_err("expired token");
    let msg = err.to_string();
    assert!(msg.contains("HTTP 401"), "{msg}");
    assert!(msg.contains("expired"), "{msg}");
    assert!(msg.contains("ORCID_ACCESS_TOKEN"), "{msg}");
    assert!(!msg.contains(TOKEN), "the token leaked: {msg}");
    assert!(!format!("{err:?}").contains(TOKEN));

    // A token that expires between plan and apply stops the sync before any change.
    let w2 = World::new();
    w2.sync(&items[..4], &PlanOptions::default());
    let ledger2 = std::fs::read_to_string(&w2.ledger).unwrap();
    let mut client = w2.client();
    let mut ledger = w2.ledger();
    let plan = sync::plan(&mut client, &items, &ledger, &PlanOptions::default()).unwrap();
    w2.server.expire(TOKEN);
    let err = sync::apply(&mut client, &plan, &mut ledger).expect_err("expired");
    let msg = err.to_string();
    assert!(
        msg.contains("HTTP 401") && msg.contains("nothing was changed"),
        "{msg}"
    );
    assert!(!msg.contains(TOKEN));
    assert_eq!(std::fs::read_to_string(&w2.ledger).unwrap(), ledger2);

    assert_eq!(std::fs::read_to_string(&w.ledger).unwrap(), ledger_before);
    assert_eq!(held_sorted(&w), held_before);
    // The server saw the token only in the Authorization header.
    assert!(w.server.log().iter().all(|l| !l.path.contains(TOKEN)));
}

#[test]
fn a_bulk_mixing_created_works_and_errors_is_read_position_by_position() {
    let w = World::new();
    let mut items = items::small_cv();
    // A one-digit month: ORCID refuses it (9049) in its position of the bulk.
    let bad = LocalItem::from_xml(
        Section::Work,
        "2018-bad-month".parse().unwrap(),
        items::work_xml(
            "Bad month",
            "journal-article",
            "2018-3",
            &[("doi", "10.5555/bad", "self")],
        ),
    )
    .unwrap();
    items.insert(6, bad);
    let (_, report) = w.sync(&items, &PlanOptions::default());
    assert_eq!(report.failed.len(), 1, "{}", report.to_text());
    let f = &report.failed[0];
    assert_eq!(f.id.as_ref().map(|i| i.as_str()), Some("2018-bad-month"));
    assert!(
        f.error.contains("9049") && f.error.contains("two digits"),
        "{}",
        f.error
    );
    assert_eq!(report.created.len(), items.len() - 1);
    // The next plan tries the bad one again and nothing else.
    let plan = w.plan(&items, &PlanOptions::default());
    assert_eq!(plan.summary.create, 1);
    assert_eq!(plan.summary.unchanged, items.len() - 1);
}

#[test]
fn duplicate_identifiers_in_the_cv_are_skipped_not_sent() {
    let w = World::new();
    let mut items = items::small_cv();
    items.push(work(
        "2019-unmasking-again",
        "Unmasking (a second entry)",
        "journal-article",
        "2019",
        &[("doi", "https://doi.org/10.1038/S41467-019-08987-4", "self")],
    ));
    let plan = w.plan(&items, &PlanOptions::default());
    assert_eq!(plan.summary.skipped, 1);
    assert!(
        plan.skipped[0].reason.contains("2019-unmasking"),
        "{:?}",
        plan.skipped
    );
}

#[test]
fn past_the_burst_the_server_says_503_and_the_client_backs_off() {
    let w = World::new();
    // A stingy server, and a client that does not pace itself: 503s, then retries.
    w.server.set_rate_limit(20.0, 5);
    let items: Vec<LocalItem> = (1..=12)
        .map(|n| {
            affiliation(
                Section::Membership,
                &format!("m{n}"),
                &format!("Member {n}"),
                "2020-01",
                &format!("Society {n}"),
            )
        })
        .collect();
    let pacer = Pacer::new(
        RateLimit {
            rate: 1000.0,
            burst: 1000,
        },
        Backoff {
            retries: 10,
            base: Duration::from_millis(50),
            max: Duration::from_secs(1),
        },
        Box::new(SystemClock::new()),
        Box::new(SeededJitter::new(3)),
    );
    let mut client = w.client().with_pacer(pacer);
    let mut ledger = w.ledger();
    let plan = sync::plan(&mut client, &items, &ledger, &PlanOptions::default()).unwrap();
    let report = sync::apply(&mut client, &plan, &mut ledger).unwrap();
    assert!(report.failed.is_empty());
    assert!(
        w.server.log().iter().any(|l| l.status == 503),
        "the server never said 503"
    );
    assert_eq!(
        report.created.len(),
        12,
        "{}\n{:#?}",
        report.to_text(),
        w.server.log()
    );
    assert_eq!(held_sorted(&w), expected(&items));

    // With ORCID's limits on both sides, the client's own pace keeps it under the burst.
    let w = World::new();
    let items: Vec<LocalItem> = (1..=45)
        .map(|n| {
            affiliation(
                Section::Service,
                &format!("s{n}"),
                &format!("Reviewer {n}"),
                "2020-01",
                "Journal",
            )
        })
        .collect();
    w.sync(&items, &PlanOptions::default());
    assert!(w.server.log().iter().all(|l| l.status != 503));
    assert_eq!(held_sorted(&w), expected(&items));
}

#[test]
fn the_token_never_shows() {
    let w = World::new();
    let items = items::small_cv();
    let mut client = w.client();
    let mut ledger = w.ledger();
    let plan = sync::plan(&mut client, &items, &ledger, &PlanOptions::default()).unwrap();
    let report = sync::apply(&mut client, &plan, &mut ledger).unwrap();
    for shown in [
        format!("{client:?}"),
        plan.to_text(),
        plan.to_json(),
        report.to_text(),
        format!("{report:?}"),
        std::fs::read_to_string(&w.ledger).unwrap(),
    ] {
        assert!(!shown.contains(TOKEN), "the token leaked: {shown}");
    }
    // A server that quotes a bad token back (as ORCID's OAuth errors do) is redacted.
    let bad = "deadbeef-0000-1111-2222-333344445555";
    let err = sync::plan(
        &mut w.client_with(bad),
        &items,
        &w.ledger(),
        &PlanOptions::default(),
    )
    .expect_err("unknown token");
    assert!(!err.to_string().contains(bad), "{err}");
    assert!(err.to_string().contains("***"), "{err}");
    // Every request carried it in the header, nowhere else.
    assert!(
        w.server
            .log()
            .iter()
            .filter(|l| l.status != 401)
            .all(
                |l| l.authorization.as_deref() == Some(&format!("Bearer {TOKEN}"))
                    && !l.path.contains(TOKEN)
            )
    );
}

#[test]
fn a_plan_is_json_for_tools() {
    let w = World::new();
    let mut items = items::small_cv();
    w.sync(&items[..5], &PlanOptions::default());
    items[3] = items::funding("itobos", "iToBoS: Intelligent Total Body Scanner", "965221");
    let plan = w.plan(&items, &PlanOptions::default());
    let v: serde_json::Value = serde_json::from_str(&plan.to_json()).unwrap();
    assert_eq!(v["orcid"], ORCID);
    assert_eq!(v["client-id"], CLIENT);
    assert_eq!(v["summary"]["create"], 4);
    assert_eq!(v["summary"]["update"], 1);
    assert_eq!(v["update"][0]["section"], "funding");
    assert_eq!(v["update"][0]["matched-by"], "put-code in the ledger");
    assert_eq!(v["update"][0]["changes"][0]["field"], "title");
    assert_eq!(
        v["update"][0]["changes"][0]["new"],
        "iToBoS: Intelligent Total Body Scanner"
    );
    assert_eq!(v["create"][0]["id"], "2019-unmasking");
}

#[test]
fn the_api_url_must_be_https_or_local() {
    let t = AccessToken::new(TOKEN).unwrap();
    let e = OrcidClient::new(
        "http://api.orcid.org/v3.0",
        ORCID.parse().unwrap(),
        t,
        Box::new(UreqClient::new()),
    )
    .expect_err("plain http");
    assert!(e.to_string().contains("https"), "{e}");
}

#[test]
fn the_xsd_check_is_not_vacuous() {
    let test = "the_xsd_check_is_not_vacuous";
    let Some(shared) = common::shared(test) else {
        return;
    };
    if !common::tool(test, "xmllint") {
        return;
    }
    let good = items::work_xml("T", "book", "2020-01", &[("isbn", "9783030289546", "self")]);
    // Elements out of the XSD's order.
    let bad = good
        .replace("<work:type>book</work:type>", "")
        .replace("</work:work>", "<work:type>book</work:type></work:work>");
    assert!(support::xsd_failures(&shared, &[("work".into(), good)]).is_empty());
    assert!(!support::xsd_failures(&shared, &[("work".into(), bad)]).is_empty());
}

#[test]
fn items_left_out_of_a_sync_are_kept_even_with_prune() {
    let w = World::new();
    let items = items::small_cv();
    w.sync(&items, &PlanOptions::default());
    // The distinction breaks an ORCID rule after an edit: the CLI leaves it out of the sync
    // and passes its id as `keep`.
    let rest: Vec<LocalItem> = items
        .iter()
        .filter(|i| i.section != Section::Distinction)
        .cloned()
        .collect();
    let options = PlanOptions::default()
        .with_prune(true)
        .with_keep(["2020-hugo-geiger".parse().unwrap()]);
    let (plan, report) = w.sync(&rest, &options);
    assert_eq!(plan.summary.delete, 0, "{}", plan.to_text());
    assert!(!report.changed_anything());
    assert_eq!(w.server.items(ORCID).len(), items.len());
    // Without `keep`, prune deletes it.
    let (plan, _) = w.sync(&rest, &PlanOptions::default().with_prune(true));
    assert_eq!(plan.summary.delete, 1);
    assert_eq!(w.server.items(ORCID).len(), items.len() - 1);
}

#[test]
fn the_reference_cv_syncs_to_exactly_its_public_items() {
    let test = "the_reference_cv_syncs_to_exactly_its_public_items";
    let mut cv = common::reference_cv();
    let cv_items = sync::cv_items(&cv).expect("cv items");
    // Items ORCID would refuse (affiliations and awards without an organization id, projects
    // without a funder) are left out, each with its diagnostics; everything else goes.
    assert!(cv_items.items.len() > 70, "{}", cv_items.items.len());
    assert!(
        cv_items
            .items
            .iter()
            .all(|i| i.section != Section::Employment && i.section != Section::Education),
        "the reference CV's affiliations have no organization id"
    );
    for id in &cv_items.left_out {
        assert!(cv_items.items.iter().all(|i| i.id != *id));
    }
    let options = PlanOptions::default().with_keep(cv_items.left_out.iter().cloned());
    let w = World::new();
    let (plan, report) = w.sync(&cv_items.items, &options);
    assert_eq!(plan.summary.create, cv_items.items.len());
    assert!(report.failed.is_empty(), "{}", report.to_text());
    assert_eq!(held_sorted(&w), expected(&cv_items.items));
    check_bodies(test, &w);

    // A second sync plans nothing.
    let again = w.plan(&cv_items.items, &options);
    assert!(again.is_empty(), "{}", again.to_text());
    assert_eq!(again.summary.unchanged, cv_items.items.len());

    // An edit in the CV: one update, nothing else.
    let n = cv
        .works
        .iter()
        .position(|x| x.visibility == vitae::types::Visibility::Public)
        .expect("a public work");
    let new_title = format!("{} (revised)", cv.works[n].title);
    cv.works[n].title = new_title.parse().unwrap();
    let edited = sync::cv_items(&cv).expect("cv items");
    let plan = w.plan(&edited.items, &options);
    assert_eq!(plan.summary.update, 1, "{}", plan.to_text());
    assert!(
        plan.create.is_empty() && plan.delete.is_empty(),
        "{}",
        plan.to_text()
    );
    assert_eq!(
        plan.update[0].changes[0].new.as_deref(),
        Some(new_title.as_str())
    );
    let (_, report) = w.sync(&edited.items, &options);
    assert_eq!(report.updated.len(), 1);
    assert!(w.plan(&edited.items, &options).is_empty());
    assert_eq!(held_sorted(&w), expected(&edited.items));
    check_bodies(test, &w);

    // The ledger lost: rebuilt without adding anything (the three degrees at one university
    // among them), whether the client id is learnt from the works' bulk or given.
    let before = contents(&w);
    for given in [None, Some(CLIENT.to_owned())] {
        std::fs::remove_file(&w.ledger).unwrap();
        let (_, report) = w.sync(&edited.items, &options.clone().with_client_id(given));
        assert!(report.created.is_empty(), "{}", report.to_text());
        assert!(report.failed.is_empty(), "{}", report.to_text());
        assert_eq!(contents(&w), before);
        assert!(w.plan(&edited.items, &options).is_empty());
    }
}

/// An embedder's own HTTP client: canned answers, and every request recorded.
struct Canned {
    answers: std::collections::VecDeque<sync::Response>,
    seen: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl sync::HttpClient for Canned {
    fn send(&mut self, r: &sync::Request) -> Result<sync::Response, sync::TransportError> {
        self.seen.lock().expect("not poisoned").push(format!(
            "{} {} {:?}",
            r.method.as_str(),
            r.url,
            r
        ));
        self.answers
            .pop_front()
            .ok_or_else(|| sync::TransportError::new("connection refused"))
    }
}

fn canned(
    answers: Vec<(u16, &str)>,
) -> (
    OrcidClient<Canned>,
    ManualClock,
    std::sync::Arc<std::sync::Mutex<Vec<String>>>,
) {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let http = Canned {
        answers: answers
            .into_iter()
            .map(|(status, body)| sync::Response {
                status,
                body: body.to_owned(),
                location: (status == 301)
                    .then(|| "https://api.orcid.org/v3.0/0000-0001-5109-3700".to_owned()),
                retry_after: (status == 429).then(|| "3".to_owned()),
            })
            .collect(),
        seen: seen.clone(),
    };
    let clock = ManualClock::new();
    let pacer = Pacer::new(
        RateLimit::ORCID,
        Backoff::default(),
        Box::new(clock.clone()),
        Box::new(SeededJitter::new(9)),
    );
    let client = OrcidClient::new(
        sync::PRODUCTION_API,
        ORCID.parse().unwrap(),
        AccessToken::new(TOKEN).unwrap(),
        http,
    )
    .unwrap()
    .with_pacer(pacer);
    (client, clock, seen)
}

fn error_doc(status: u16, code: u32, message: &str) -> String {
    format!(
        r#"<error:error xmlns:error="http://www.orcid.org/ns/error"><error:response-code>{status}</error:response-code><error:developer-message>{message}</error:developer-message><error:user-message>u</error:user-message><error:error-code>{code}</error:error-code></error:error>"#
    )
}

#[test]
fn errors_people_can_act_on_through_an_embedders_client() {
    let bad = error_doc(400, 9037, "Invalid work type");
    let (mut c, _, seen) = canned(vec![(400, &bad)]);
    let e = c.create(Section::Work, "<work:work/>").unwrap_err();
    assert_eq!(
        e.to_string(),
        "ORCID rejected the request, POST /0000-0002-1825-0097/work (HTTP 400, ORCID error 9037): Invalid work type"
    );
    assert!(e.is_about_item());
    // The embedder's client saw the token only in the request's Authorization (redacted in
    // Debug).
    assert!(seen.lock().unwrap()[0].contains("AccessToken(***)"));
    assert!(!seen.lock().unwrap()[0].contains(TOKEN));

    let not_ours = error_doc(
        403,
        9010,
        "The client application is not the source of the resource",
    );
    let (mut c, _, _) = canned(vec![(403, &not_ours)]);
    let e = c.delete(Section::Work, 5).unwrap_err();
    assert!(
        e.to_string()
            .contains("Only the client that added an item may change or delete it"),
        "{e}"
    );
    assert!(e.is_about_item());

    let (mut c, _, _) = canned(vec![(403, &error_doc(403, 9006, "insufficient scope"))]);
    let e = c.summaries(Section::Work).unwrap_err();
    assert!(e.to_string().contains("/activities/update"), "{e}");
    assert!(!e.is_about_item());

    let (mut c, _, _) = canned(vec![(301, "")]);
    let e = c.summaries(Section::Work).unwrap_err();
    assert!(
        e.to_string().contains("deprecated") && e.to_string().contains("0000-0001-5109-3700"),
        "{e}"
    );

    let (mut c, _, _) = canned(vec![(404, &error_doc(404, 9016, "Not found"))]);
    let e = c.summaries(Section::Work).unwrap_err();
    assert!(
        e.to_string().contains("Check the ORCID iD and the API URL"),
        "{e}"
    );

    let (mut c, _, _) = canned(vec![(502, "<html><body>Bad   gateway</body></html>")]);
    let e = c.summaries(Section::Work).unwrap_err();
    assert!(
        e.to_string().contains("HTTP 502") && e.to_string().contains("Bad gateway"),
        "{e}"
    );
}

#[test]
fn busy_answers_are_retried_after_a_growing_jittered_wait() {
    let works = r#"<activities:works xmlns:activities="http://www.orcid.org/ns/activities"/>"#;
    // 503, 503, 429 (Retry-After: 3), then the answer.
    let (mut c, clock, seen) = canned(vec![(503, ""), (503, ""), (429, ""), (200, works)]);
    assert!(c.summaries(Section::Work).unwrap().is_empty());
    assert_eq!(seen.lock().unwrap().len(), 4);
    let waits = clock.sleeps();
    assert_eq!(waits.len(), 3, "{waits:?}");
    assert!(waits[0] >= Duration::from_millis(250) && waits[0] <= Duration::from_millis(500));
    assert!(waits[1] >= Duration::from_millis(500) && waits[1] <= Duration::from_secs(1));
    assert!(waits[2] >= Duration::from_millis(1500) && waits[2] <= Duration::from_secs(3));
    // Too many: the error says so.
    let busy = vec![(503, ""); 7];
    let (mut c, _, seen) = canned(busy);
    let e = c.summaries(Section::Work).unwrap_err();
    assert_eq!(seen.lock().unwrap().len(), 7, "one try and 6 retries");
    assert!(e.to_string().contains("busy"), "{e}");
}

#[test]
fn a_put_code_held_by_the_cv_is_a_matching_hint_for_this_clients_items_only() {
    let w = World::new();
    let items = items::small_cv();
    w.sync(&items, &PlanOptions::default());
    let user_pc = w.server.add_item(
        ORCID,
        &items::work_xml(
            "Entered by hand",
            "book",
            "2001",
            &[("isbn", "9783030289546", "self")],
        ),
        Source::User {
            orcid: ORCID.into(),
            name: "Sebastian Lapuschkin".into(),
        },
    );
    let own_pc = w
        .server
        .items(ORCID)
        .into_iter()
        .find(|i| i.title().starts_with("The LRP Toolbox"))
        .unwrap()
        .put_code;
    // The ledger forgets its items (it keeps the client id ORCID's answers confirmed).
    let mut ledger = w.ledger();
    ledger
        .target_mut(&w.server.api(), &ORCID.parse().unwrap())
        .items
        .clear();
    ledger.save().unwrap();
    // Both retitled beyond recognition, with new identifiers; the CV holds put-codes (as an
    // import from ORCID leaves them).
    let mut renamed = items.clone();
    let mut a = work(
        "toolbox",
        "A completely different title",
        "journal-article",
        "2016",
        &[("doi", "10.5555/new", "self")],
    );
    a.cv_put_code = Some(own_pc);
    let mut b = work(
        "by-hand",
        "Another title",
        "book",
        "2001",
        &[("doi", "10.5555/other", "self")],
    );
    b.cv_put_code = Some(user_pc);
    renamed[8] = a;
    renamed.push(b);
    let plan = w.plan(
        &renamed,
        &PlanOptions::default().with_client_id(Some(CLIENT.into())),
    );
    let toolbox = plan
        .update
        .iter()
        .find(|u| u.item.id.as_str() == "toolbox")
        .expect("an update");
    assert_eq!(toolbox.put_code, own_pc);
    assert_eq!(toolbox.matched_by.to_string(), "put-code in the CV");
    // The user's item is not this client's: the CV item is created beside it.
    assert!(
        plan.create.iter().any(|c| c.item.id.as_str() == "by-hand"),
        "{}",
        plan.to_text()
    );
    assert!(plan.remote_only.iter().any(|r| r.put_code == user_pc));
}

#[test]
fn a_lost_answer_says_the_record_may_have_changed_and_a_rerun_reconciles() {
    let w = World::new();
    let items = items::small_cv();
    // The bulk of works is the first write: the server creates the five works, then drops
    // the connection without answering.
    w.server.fail_write(1, Fault::DropAfter);
    let mut client = w.client();
    let mut ledger = w.ledger();
    let plan = sync::plan(&mut client, &items, &ledger, &PlanOptions::default()).unwrap();
    let err = sync::apply(&mut client, &plan, &mut ledger).expect_err("the lost answer");
    let SyncError::Interrupted { report, .. } = &err else {
        panic!("{err}");
    };
    assert!(!report.changed_anything(), "{}", report.to_text());
    let works_held = w
        .server
        .items(ORCID)
        .iter()
        .filter(|i| i.section == "work")
        .count();
    assert_eq!(works_held, 5, "the server carried the bulk out");
    let msg = err.to_string();
    assert!(!msg.contains("nothing was changed"), "{msg}");
    assert!(msg.contains("may have carried it out"), "{msg}");
    assert!(msg.contains("run the sync again to reconcile"), "{msg}");

    // Running again finds the works ORCID created (its duplicate check names them) instead
    // of adding them twice, and adds the rest.
    let (_, report) = w.sync(&items, &PlanOptions::default());
    assert!(report.failed.is_empty(), "{}", report.to_text());
    assert_eq!(report.recorded, 5, "{}", report.to_text());
    assert_eq!(held_sorted(&w), expected(&items));
    assert!(w.plan(&items, &PlanOptions::default()).is_empty());
}

#[test]
fn the_guard_refuses_mass_deletions_before_any_write() {
    let w = World::new();
    let items = items::small_cv();
    w.sync(&items, &PlanOptions::default());
    let ledger_before = std::fs::read_to_string(&w.ledger).unwrap();
    let before = w.writes();
    // Six of nine items gone: more than the five one sync may delete (10% of 9 is less).
    let fewer = &items[6..];
    let prune = PlanOptions::default().with_prune(true);
    let plan = w.plan(fewer, &prune);
    assert_eq!(plan.summary.delete, 6);
    let refusal = plan.refused.clone().expect("refused");
    assert!(refusal.to_string().contains("--max-delete 6"), "{refusal}");
    let err = sync::apply(&mut w.client(), &plan, &mut w.ledger()).expect_err("refused");
    assert!(matches!(err, SyncError::Refused(_)), "{err}");
    assert_eq!(w.writes(), before);
    assert_eq!(std::fs::read_to_string(&w.ledger).unwrap(), ledger_before);
    assert_eq!(w.server.items(ORCID).len(), items.len());
    // Five are within the bound; six with max_delete 6.
    assert!(w.plan(&items[5..], &prune).refused.is_none());
    let (plan, report) = w.sync(fewer, &prune.clone().with_max_delete(Some(6)));
    assert!(plan.refused.is_none());
    assert_eq!(report.deleted.len(), 6);
    assert_eq!(held_sorted(&w), expected(fewer));
}

#[test]
fn a_wrong_client_id_is_never_stored_and_stops_the_sync() {
    let w = World::new();
    // Another client's employment at the same place, with the same role as a CV item.
    let other_pc = w.server.add_item(
        ORCID,
        &items::affiliation_xml(
            "employment",
            "Head of Explainable AI",
            "2021-01",
            "Fraunhofer Heinrich Hertz Institute",
        ),
        Source::Client {
            id: OTHER_CLIENT.into(),
            name: "Crossref Metadata Search".into(),
        },
    );
    let items = items::small_cv();
    let wrong = PlanOptions::default()
        .with_client_id(Some(OTHER_CLIENT.to_owned()))
        .with_prune(true);

    // A first sync with the other client's id: not used before ORCID confirms it, so the
    // other client's item is neither matched nor touched; the first answer (the bulk of
    // works, whose source is this token's client) contradicts it and the sync stops there.
    let mut client = w.client();
    let mut ledger = w.ledger();
    let plan = sync::plan(&mut client, &items, &ledger, &wrong).unwrap();
    assert!(plan.client_id.is_none(), "{:?}", plan.client_id);
    assert!(plan.update.is_empty() && plan.delete.is_empty());
    let err = sync::apply(&mut client, &plan, &mut ledger).expect_err("the wrong id");
    let msg = err.to_string();
    assert!(msg.contains(OTHER_CLIENT) && msg.contains(CLIENT), "{msg}");
    assert!(
        matches!(&err, SyncError::Interrupted { cause, .. }
            if matches!(&**cause, SyncError::Inconsistent(Inconsistency::AnsweredClientId { given, answered })
                if given == OTHER_CLIENT && answered == CLIENT)),
        "{err:?}"
    );
    let touched = w
        .server
        .log()
        .into_iter()
        .filter(|l| l.method != "GET" && l.path.ends_with(&format!("/{other_pc}")))
        .count();
    assert_eq!(touched, 0);
    let posts = w
        .server
        .log()
        .iter()
        .filter(|l| l.method != "GET" && l.status != 503)
        .count();
    assert_eq!(
        posts, 1,
        "the sync went on after the answer naming another client"
    );
    let on_disk = std::fs::read_to_string(&w.ledger).unwrap_or_default();
    assert!(!on_disk.contains(OTHER_CLIENT), "{on_disk}");

    // Now the ledger knows the client from ORCID's answer: the wrong id is refused before
    // any write.
    let before = w.writes();
    let err = sync::plan(&mut w.client(), &items, &w.ledger(), &wrong).expect_err("refused");
    // A typed error: a program can tell which ids disagree without reading the message.
    match &err {
        SyncError::Inconsistent(Inconsistency::GivenClientId { given, confirmed }) => {
            assert_eq!(given, OTHER_CLIENT);
            assert_eq!(confirmed, CLIENT);
        }
        other => panic!("expected a GivenClientId inconsistency, found {other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with(&format!("--client-id {OTHER_CLIENT} was given")),
        "{err}"
    );
    assert_eq!(w.writes(), before);

    // The right id (or none) finishes the sync: each item once, the other client's kept.
    let right = PlanOptions::default().with_client_id(Some(CLIENT.to_owned()));
    let (_, report) = w.sync(&items, &right);
    assert!(report.failed.is_empty(), "{}", report.to_text());
    let mut held = held_sorted(&w);
    held.retain(|h| h.2.as_deref() == Some(CLIENT));
    assert_eq!(held, expected(&items));
    assert!(w.server.items(ORCID).iter().any(|i| i.put_code == other_pc));
    assert!(w.plan(&items, &right).is_empty());
}

#[test]
fn a_ledger_naming_another_client_than_its_items_stops_before_any_write() {
    // A ledger written by an older vitae with a wrong --client-id: its items were added by
    // this client, but it names another.
    let w = World::new();
    let items = items::small_cv();
    w.sync(&items, &PlanOptions::default());
    let text = std::fs::read_to_string(&w.ledger).unwrap();
    assert!(text.contains(CLIENT));
    std::fs::write(&w.ledger, text.replace(CLIENT, OTHER_CLIENT)).unwrap();
    let before = w.writes();
    let err = sync::plan(
        &mut w.client(),
        &items,
        &w.ledger(),
        &PlanOptions::default().with_prune(true),
    )
    .expect_err("the ledger contradicts the record");
    let msg = err.to_string();
    assert!(msg.contains(OTHER_CLIENT) && msg.contains(CLIENT), "{msg}");
    assert_eq!(w.writes(), before);
}

/// The sync items of a small CV written in YAML (ids derived as `vitae` derives them).
fn yaml_items(body: &str) -> Vec<LocalItem> {
    let text = format!("person: {{given-names: Ada, family-name: Lovelace}}\n{body}");
    let cv = vitae::from_str(&text, vitae::InputFormat::Yaml)
        .unwrap_or_else(|r| panic!("test CV does not load:\n{r}\n{text}"))
        .cv;
    let items = sync::cv_items(&cv).expect("cv items");
    assert!(items.left_out.is_empty(), "{:?}", items.diagnostics);
    items.items
}

/// What a record's item says, put-code aside: section, title, work type, year or start date,
/// and `self` identifiers other than `source-work-id`.
fn content(i: &support::orcid_server::Stored) -> String {
    let keys: Vec<String> = i
        .self_keys()
        .into_iter()
        .filter(|k| !k.starts_with("source-work-id:"))
        .collect();
    let date = i
        .body
        .text_at(&["publication-date", "year"])
        .or_else(|| i.body.text_at(&["start-date", "year"]))
        .unwrap_or_default();
    format!(
        "{} {} [{}] {date} {}",
        i.section,
        i.title(),
        i.body.text_at(&["type"]).unwrap_or_default(),
        keys.join(" ")
    )
}

/// The record's items by put-code, as [`content`] describes them.
fn contents(w: &World) -> std::collections::BTreeMap<u64, String> {
    w.server
        .items(ORCID)
        .iter()
        .map(|i| (i.put_code, content(i)))
        .collect()
}

fn two_degrees() -> Vec<LocalItem> {
    let mut items = items::small_cv();
    items.push(affiliation(
        Section::Education,
        "tub-master",
        "Master of Science in Computer Science",
        "2010",
        "Technische Universität Berlin",
    ));
    items.push(affiliation(
        Section::Education,
        "tub-bachelor",
        "Bachelor of Science in Computer Science",
        "2007",
        "Technische Universität Berlin",
    ));
    items
}

#[test]
fn a_lost_ledger_is_rebuilt_without_creating_two_degrees_at_one_university_again() {
    let w = World::new();
    let items = two_degrees();
    let (_, report) = w.sync(&items, &PlanOptions::default());
    assert!(report.failed.is_empty(), "{}", report.to_text());
    let before = contents(&w);
    assert_eq!(before.len(), items.len());

    // The ledger is lost; the client id is not known either: learnt from the works' bulk.
    std::fs::remove_file(&w.ledger).unwrap();
    let (_, report) = w.sync(&items, &PlanOptions::default());
    assert!(report.created.is_empty(), "{}", report.to_text());
    assert!(report.failed.is_empty(), "{}", report.to_text());
    assert_eq!(contents(&w), before, "nothing added, nothing changed");
    assert_eq!(held_sorted(&w), expected(&items));
    // The ledger is rebuilt: every item at its own put-code.
    let ledger = w.ledger();
    let t = ledger
        .target(&w.server.api(), &ORCID.parse().unwrap())
        .expect("target");
    assert_eq!(t.items.len(), items.len());
    for item in &items {
        let e = t.entry(item.section, &item.id).expect("ledger entry");
        let name = item.title.split(", ").next().unwrap_or_default();
        assert!(
            before[&e.put_code].contains(&format!("{} {name} ", item.section.path_segment())),
            "{} -> {}",
            item.id,
            before[&e.put_code]
        );
    }
    let again = w.plan(&items, &PlanOptions::default());
    assert!(again.is_empty(), "{}", again.to_text());

    // A ledger that forgot its items but knows the client (confirmed by ORCID's answers):
    // the plan itself finds every item.
    let mut ledger = w.ledger();
    ledger
        .target_mut(&w.server.api(), &ORCID.parse().unwrap())
        .items
        .clear();
    ledger.save().unwrap();
    let plan = w.plan(&items, &PlanOptions::default());
    assert!(plan.is_empty(), "{}", plan.to_text());
    assert_eq!(plan.summary.unchanged, items.len(), "{}", plan.to_text());
    let degrees: Vec<String> = plan
        .unchanged
        .iter()
        .filter(|u| u.section == Section::Education && u.id.as_str() != "2018-tub-phd")
        .map(|u| format!("{} {}", u.id, u.matched_by))
        .collect();
    assert_eq!(
        degrees,
        vec![
            "tub-master organization, role and start date",
            "tub-bachelor organization, role and start date"
        ]
    );
}

#[test]
fn an_ambiguous_match_is_reported_and_skipped_never_created_twice() {
    let w = World::new();
    // A first sync of a work teaches the ledger the client id (from ORCID's answer).
    let work = items::small_cv()[4].clone();
    w.sync(std::slice::from_ref(&work), &PlanOptions::default());
    // The record holds one degree twice, both copies added by this client (an earlier sync
    // duplicated it); the CV has it once.
    let own = Source::Client {
        id: CLIENT.into(),
        name: "vitae".into(),
    };
    let xml = items::affiliation_xml(
        "education",
        "Master of Science in Computer Science",
        "2010",
        "Technische Universität Berlin",
    );
    let copies = [
        w.server.add_item(ORCID, &xml, own.clone()),
        w.server.add_item(ORCID, &xml, own),
    ];
    let master = affiliation(
        Section::Education,
        "tub-master",
        "Master of Science in Computer Sciences",
        "2010",
        "Technische Universität Berlin",
    );
    let exact = affiliation(
        Section::Education,
        "tub-master",
        "Master of Science in Computer Science",
        "2010",
        "Technische Universität Berlin",
    );
    for item in [exact, master] {
        let items = vec![work.clone(), item];
        let options = PlanOptions::default().with_prune(true);
        let plan = w.plan(&items, &options);
        assert_eq!(plan.summary.create, 0, "{}", plan.to_text());
        assert_eq!(plan.summary.update, 0, "{}", plan.to_text());
        assert_eq!(plan.summary.delete, 0, "{}", plan.to_text());
        assert_eq!(plan.summary.skipped, 1, "{}", plan.to_text());
        let reason = &plan.skipped[0].reason;
        for pc in copies {
            assert!(reason.contains(&pc.to_string()), "{reason}");
        }
        let (_, report) = w.sync(&items, &options);
        assert!(!report.changed_anything(), "{}", report.to_text());
        assert_eq!(w.server.items(ORCID).len(), 3);
    }

    // Without a ledger or a client id: the work's bulk teaches the client id, the plan made
    // again finds the degree ambiguous, and the report says so.
    std::fs::remove_file(&w.ledger).unwrap();
    let items = vec![
        work,
        affiliation(
            Section::Education,
            "tub-master",
            "Master of Science in Computer Science",
            "2010",
            "Technische Universität Berlin",
        ),
    ];
    let (_, report) = w.sync(&items, &PlanOptions::default());
    assert!(report.created.is_empty(), "{}", report.to_text());
    assert_eq!(report.failed.len(), 1, "{}", report.to_text());
    assert!(
        report.failed[0].error.contains("cannot be told apart"),
        "{}",
        report.to_text()
    );
    assert_eq!(w.server.items(ORCID).len(), 3);
}

#[test]
fn a_work_inserted_before_others_of_the_same_title_and_year_retargets_no_put_code() {
    let w = World::new();
    let preprint = r#"
  - type: preprint
    title: "Explaining Deep Networks"
    authors: ["**Lovelace A**"]
    date: 2020
    arxiv: "2003.00001"
"#;
    let chapter = r#"
  - type: book-chapter
    title: "Notes on Engines"
    authors: ["**Lovelace A**"]
    date: 2018
    container: {title: Engines}
"#;
    let other = r#"
  - type: journal-article
    title: "Another Work"
    authors: ["**Lovelace A**"]
    date: 2019
    doi: 10.5555/another
"#;
    let first = yaml_items(&format!("works:{preprint}{chapter}{other}"));
    let (_, report) = w.sync(&first, &PlanOptions::default());
    assert!(report.failed.is_empty(), "{}", report.to_text());
    let before = contents(&w);

    // A conference paper of the same title and year goes in before the preprint, and a
    // workshop paper without identifiers before the chapter of the same title and year: the
    // derived ids of the preprint and the chapter move to `-2`.
    let paper = r#"
  - type: conference-paper
    title: "Explaining Deep Networks"
    authors: ["**Lovelace A**"]
    date: 2020
    doi: 10.5555/conference
    container: {title: Proceedings}
"#;
    let workshop = r#"
  - type: workshop-paper
    title: "Notes on Engines"
    authors: ["**Lovelace A**"]
    date: 2018
    container: {title: Workshop}
"#;
    let second = yaml_items(&format!(
        "works:{paper}{preprint}{workshop}{chapter}{other}"
    ));
    let ids: Vec<&str> = second.iter().map(|i| i.id.as_str()).collect();
    assert!(ids.iter().any(|i| i.ends_with("-2")), "{ids:?}");
    let plan = w.plan(&second, &PlanOptions::default().with_prune(true));
    assert_eq!(plan.summary.create, 2, "{}", plan.to_text());
    assert_eq!(plan.summary.delete, 0, "{}", plan.to_text());
    let created: Vec<&str> = plan.create.iter().map(|c| c.item.title.as_str()).collect();
    assert_eq!(
        created,
        vec!["Explaining Deep Networks", "Notes on Engines"]
    );
    assert!(
        plan.create
            .iter()
            .all(|c| c.item.work_type.as_deref() != Some("preprint")
                && c.item.work_type.as_deref() != Some("book-chapter")),
        "{}",
        plan.to_text()
    );
    let (_, report) = w.sync(&second, &PlanOptions::default().with_prune(true));
    assert!(report.failed.is_empty(), "{}", report.to_text());
    assert!(report.deleted.is_empty(), "{}", report.to_text());
    // Every item keeps its put-code and its content; the two new works are new put-codes.
    let after = contents(&w);
    for (pc, c) in &before {
        assert_eq!(after.get(pc), Some(c), "put-code {pc} was retargeted");
    }
    assert_eq!(after.len(), before.len() + 2);
    let again = w.plan(&second, &PlanOptions::default().with_prune(true));
    assert!(again.is_empty(), "{}", again.to_text());

    // Taken out again: the shifted ids move back, and still nothing is retargeted.
    let (_, report) = w.sync(&first, &PlanOptions::default().with_prune(true));
    assert_eq!(report.deleted.len(), 2, "{}", report.to_text());
    assert!(report.created.is_empty(), "{}", report.to_text());
    assert_eq!(contents(&w), before);
}

#[test]
fn a_ledger_entry_is_not_reused_for_an_item_whose_identifiers_changed() {
    let w = World::new();
    let items = items::small_cv();
    w.sync(&items, &PlanOptions::default());
    let before = contents(&w);
    // Same id, another DOI: it is another work to ORCID.
    let mut edited = items.clone();
    edited[5] = work(
        "2019-unmasking",
        "Unmasking Clever Hans predictors and assessing what machines really learn",
        "journal-article",
        "2019-03-11",
        &[("doi", "10.5555/another-doi", "self")],
    );
    let plan = w.plan(&edited, &PlanOptions::default().with_prune(true));
    assert_eq!(plan.summary.update, 0, "{}", plan.to_text());
    assert_eq!(plan.summary.create, 1, "{}", plan.to_text());
    assert_eq!(plan.summary.delete, 1, "{}", plan.to_text());
    let note = plan.create[0].note.as_deref().unwrap_or_default();
    assert!(note.contains("doi:10.1038/s41467-019-08987-4"), "{note}");
    let (_, report) = w.sync(&edited, &PlanOptions::default().with_prune(true));
    assert!(report.failed.is_empty(), "{}", report.to_text());
    assert_eq!(held_sorted(&w), expected(&edited));
    let after = contents(&w);
    for (pc, c) in &after {
        if let Some(old) = before.get(pc) {
            assert_eq!(old, c, "put-code {pc} was retargeted");
        }
    }
    assert!(w.plan(&edited, &PlanOptions::default()).is_empty());
}

#[test]
fn works_without_identifiers_that_trade_places_sync_without_a_refusal() {
    // Works of one title and year get ids `…`, `…-2`, `…-3` in file order, and works
    // without identifiers carry their id as `source-work-id`; ORCID refuses a moment at
    // which two works of a client hold the same one.
    let w = World::new();
    let work = |kind: &str, extra: &str| {
        format!(
            "\n  - type: {kind}\n    title: \"Notes on Engines\"\n    authors: [\"**Lovelace A**\"]\n    \
             date: 2018\n    container: {{title: Venue}}\n{extra}"
        )
    };
    let (a, b, c) = (
        work("journal-article", ""),
        work("book-chapter", ""),
        work("conference-paper", ""),
    );
    let doi = "    doi: 10.5555/engines\n";
    for (n, body) in [
        format!("works:{a}{b}{c}"),
        // A rotation: each work's id is another's.
        format!("works:{c}{a}{b}"),
        // A new work in front: each id moves one down.
        format!("works:{}{c}{a}{b}", work("preprint", "")),
        // A DOI moves from one work to another like it.
        format!("works:{}{c}{a}{b}", work("preprint", doi)),
        format!(
            "works:{}{}{a}{b}",
            work("preprint", ""),
            work("conference-paper", doi)
        ),
    ]
    .iter()
    .enumerate()
    {
        let items = yaml_items(body);
        let (plan, report) = w.sync(&items, &PlanOptions::default().with_prune(true));
        assert!(
            report.failed.is_empty(),
            "step {n}:\n{}{}",
            plan.to_text(),
            report.to_text()
        );
        assert_eq!(held_sorted(&w), expected(&items), "step {n}");
        let again = w.plan(&items, &PlanOptions::default());
        assert!(again.is_empty(), "step {n}: {}", again.to_text());
    }
}

#[test]
fn a_lost_ledger_of_a_cv_without_works_duplicates_nothing() {
    // No work to create first, whose bulk answer (ORCID's duplicate check) would name this
    // client: the client must be learnt from an affiliation without adding it twice.
    for lookalikes in [2, 1] {
        let w = World::new();
        let mut items = vec![
            affiliation(
                Section::Education,
                "tub-master",
                "Master of Science in Computer Science",
                "2010",
                "Technische Universität Berlin",
            ),
            affiliation(
                Section::Education,
                "tub-bachelor",
                "Bachelor of Science in Computer Science",
                "2007",
                "Technische Universität Berlin",
            ),
        ];
        w.sync(&items, &PlanOptions::default());
        let before = held_sorted(&w);
        std::fs::remove_file(&w.ledger).unwrap();
        if lookalikes == 1 {
            // One CV item is new: it goes first, and teaches the client.
            items.push(affiliation(
                Section::Employment,
                "hhi",
                "Head of Explainable AI",
                "2021-01",
                "Fraunhofer Heinrich Hertz Institute",
            ));
        }
        let (_, report) = w.sync(&items, &PlanOptions::default());
        assert!(report.failed.is_empty(), "{}", report.to_text());
        assert_eq!(held_sorted(&w), expected(&items), "{}", report.to_text());
        if lookalikes == 2 {
            assert_eq!(held_sorted(&w), before);
        } else {
            assert_eq!(report.created.len(), 1, "{}", report.to_text());
            assert!(report.deleted.is_empty(), "{}", report.to_text());
        }
        let again = w.plan(&items, &PlanOptions::default());
        assert!(again.is_empty(), "{}", again.to_text());
    }
}
