//! The sync plan of a CV that links its bibliography (tests/fixtures/bibliography): the
//! public works read from papers.bib and zotero.json are planned for the ORCID record like
//! the CV's own, against an ORCID-like server on 127.0.0.1 (tests/support/orcid_server.rs);
//! after the sync, a second plan finds them unchanged.

#![cfg(feature = "ureq")]

mod common;
mod support;

use support::orcid_server::OrcidServer;
use vitae::sync::{self, AccessToken, Ledger, OrcidClient, PlanOptions, UreqClient};

const ORCID: &str = "0000-0002-1825-0097";
const TOKEN: &str = "5f1c9a3e-7d2b-4c8e-9f10-aa11bb22cc33";
const CLIENT: &str = "APP-VITAE00000000001";

#[test]
fn the_works_of_the_bibliography_are_planned_for_orcid() {
    let server = OrcidServer::start();
    server.add_record(ORCID);
    server.add_token(TOKEN, CLIENT, "vitae", ORCID);
    let dir = tempfile::tempdir().expect("temp dir");
    let client = || {
        OrcidClient::new(
            &server.api(),
            ORCID.parse().expect("orcid"),
            AccessToken::new(TOKEN).expect("token"),
            Box::new(UreqClient::new()),
        )
        .expect("client")
    };
    let mut ledger =
        Ledger::open(&Ledger::default_path(&dir.path().join("cv.yaml"))).expect("ledger");
    let cv = vitae::from_path(common::root().join("tests/fixtures/bibliography/cv.yaml"))
        .expect("the CV loads")
        .cv;
    let items = sync::cv_items(&cv).expect("items").items;
    let mut c = client();
    let plan = sync::plan(&mut c, &items, &ledger, &PlanOptions::default()).expect("plan");
    let mut created: Vec<(String, String)> = plan
        .create
        .iter()
        .map(|c| (c.item.id.to_string(), c.item.title.clone()))
        .collect();
    created.sort();
    assert_eq!(
        created,
        [
            (
                "2019-sketch-of-the-analytical-engine".to_owned(),
                "Sketch of the Analytical Engine".to_owned()
            ),
            (
                "lovelace2018notes".to_owned(),
                "Notes on the Analytical Engine".to_owned()
            ),
            (
                "lovelace2021bernoulli".to_owned(),
                "On the Bernoulli Numbers".to_owned()
            ),
            ("zotero-poem".to_owned(), "A Poem on Engines".to_owned()),
        ],
        "{}",
        plan.to_text()
    );
    // The private work of the bibliography is not planned.
    assert!(!plan.to_text().contains("lovelace2020private"));
    let report = sync::apply(&mut c, &plan, &mut ledger).expect("apply");
    assert!(report.failed.is_empty(), "{}", report.to_text());
    // The record holds the bibliography's DOI, and a second plan changes nothing.
    let held: Vec<Vec<String>> = server.items(ORCID).iter().map(|i| i.self_keys()).collect();
    assert!(
        held.iter()
            .flatten()
            .any(|k| k.contains("10.5555/notes.2018")),
        "{held:?}"
    );
    let again = sync::plan(&mut client(), &items, &ledger, &PlanOptions::default()).expect("plan");
    assert!(again.is_empty(), "{}", again.to_text());
    assert_eq!(again.summary.unchanged, 4);
}
