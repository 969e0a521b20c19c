//! Sync of peer reviews and research resources (issue 16, point 8) against the ORCID-like
//! server on 127.0.0.1 (tests/support/orcid_server.rs): added, found again, updated, deleted
//! only with `--prune` and under the guard, other sources' items never touched, an unknown
//! peer-review group reported at the item's field, only public items sent.

#![cfg(feature = "ureq")]

mod common;
mod support;

use std::path::PathBuf;
use std::process::{Command, Stdio};

use support::orcid_server::{OrcidServer, Source};
use vitae::sync::{
    self, AccessToken, ApplyReport, CvItems, Ledger, OrcidClient, Plan, PlanOptions, Section,
    SyncError, UreqClient,
};

const ORCID: &str = "0000-0002-1825-0097";
const TOKEN: &str = "5f1c9a3e-7d2b-4c8e-9f10-aa11bb22cc33";
const CLIENT: &str = "APP-VITAE00000000001";
const OTHER_CLIENT: &str = "APP-PUBLONS000000001";

/// Two public reviews (a journal's ISSN group, which ORCID creates itself, and a Publons
/// group that exists), a private one, a public research resource and a work.
const CV: &str = r#"
person: {given-names: Ada, family-name: Lovelace, orcid: 0000-0002-1825-0097}
peer-reviews:
  - group-id: "issn:0028-0836"
    date: 2021-03-14
    organization: {name: Springer Nature, city: London, country: GB, ror: https://ror.org/0117jxy09}
    identifiers:
      - {scheme: source-work-id, value: review-1}
    url: https://publons.com/review/1
    subject:
      title: On Engines
      type: journal-article
      container: Nature
      identifier: {scheme: doi, value: 10.1038/engines}
  - role: editor
    type: evaluation
    group-id: "publons:royal-society-fellowships"
    date: 2022-05
    organization: {name: Royal Society, city: London, country: GB, ror: https://ror.org/03wnrjx87}
    identifiers:
      - {scheme: source-work-id, value: review-2}
    subject: {type: grant, container: Royal Society Fellowships}
  - group-id: "issn:0028-0836"
    date: 2023-01-02
    organization: {name: Springer Nature, city: London, country: GB, ror: https://ror.org/0117jxy09}
    identifiers:
      - {scheme: source-work-id, value: review-3}
    subject: {type: journal-article, container: Nature Private}
    visibility: private
research-resources:
  - title: Beamtime for engine parts
    hosts: {name: DESY, city: Hamburg, country: DE, ror: https://ror.org/01js2sh04}
    identifiers:
      - {scheme: proposal-id, value: I-20200123}
    start: 2020-02
    end: 2020-03
    items:
      - name: Beamline P11
        type: infrastructures
        hosts: {name: DESY, city: Hamburg, country: DE, ror: https://ror.org/01js2sh04}
works:
  - type: journal-article
    title: Notes on the Analytical Engine
    authors: ["Lovelace, Ada"]
    date: 1943
    doi: 10.5555/notes
"#;

const PUBLONS_GROUP: &str = "publons:royal-society-fellowships";

fn cv(text: &str) -> CvItems {
    let cv = match vitae::from_str(text, vitae::InputFormat::Yaml) {
        Ok(l) => l.cv,
        Err(r) => panic!("the test CV does not load:\n{r}"),
    };
    let items = sync::cv_items(&cv).expect("items");
    assert!(
        items.left_out.is_empty(),
        "left out: {:?}\n{:?}",
        items.left_out,
        items.diagnostics
    );
    items
}

struct World {
    server: OrcidServer,
    dir: tempfile::TempDir,
    ledger: PathBuf,
}

impl World {
    fn new() -> Self {
        let server = OrcidServer::start();
        server.add_record(ORCID);
        server.add_token(TOKEN, CLIENT, "vitae", ORCID);
        server.add_group(PUBLONS_GROUP);
        let dir = tempfile::tempdir().expect("temp dir");
        let ledger = Ledger::default_path(&dir.path().join("cv.yaml"));
        Self {
            server,
            dir,
            ledger,
        }
    }

    fn client(&self) -> OrcidClient<UreqClient> {
        OrcidClient::new(
            &self.server.api(),
            ORCID.parse().expect("orcid"),
            AccessToken::new(TOKEN).expect("token"),
            UreqClient::new(),
        )
        .expect("client")
    }

    fn plan(&self, items: &CvItems, options: &PlanOptions) -> Plan {
        let options = options.clone().with_keep(items.left_out.iter().cloned());
        sync::plan(
            &mut self.client(),
            &items.items,
            &Ledger::open(&self.ledger).expect("ledger"),
            &options,
        )
        .expect("plan")
    }

    fn sync(&self, items: &CvItems, options: &PlanOptions) -> (Plan, ApplyReport) {
        let mut client = self.client();
        let mut ledger = Ledger::open(&self.ledger).expect("ledger");
        let options = options.clone().with_keep(items.left_out.iter().cloned());
        let plan = sync::plan(&mut client, &items.items, &ledger, &options).expect("plan");
        let report = sync::apply(&mut client, &plan, &mut ledger).expect("apply");
        (plan, report)
    }

    /// The record's items of a section: (self keys, group, source client).
    fn held(&self, section: &str) -> Vec<(Vec<String>, Option<String>, Option<String>)> {
        let mut v: Vec<_> = self
            .server
            .items(ORCID)
            .into_iter()
            .filter(|i| i.section == section)
            .map(|i| {
                (
                    i.self_keys(),
                    i.group(),
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
            .filter(|l| l.method != "GET")
            .count()
    }
}

fn sections(plan_items: impl IntoIterator<Item = Section>) -> Vec<Section> {
    let mut v: Vec<Section> = plan_items.into_iter().collect();
    v.sort();
    v
}

fn mine(keys: &[&str], group: Option<&str>) -> (Vec<String>, Option<String>, Option<String>) {
    (
        keys.iter().map(|k| (*k).to_owned()).collect(),
        group.map(str::to_owned),
        Some(CLIENT.to_owned()),
    )
}

fn check_bodies(test: &str, w: &World) {
    support::assert_bodies_valid(test, &w.server);
}

#[test]
fn the_first_sync_adds_public_reviews_and_resources_and_the_second_does_nothing() {
    let w = World::new();
    let items = cv(CV);
    let (plan, report) = w.sync(&items, &PlanOptions::default());
    assert_eq!(
        sections(plan.create.iter().map(|c| c.item.section)),
        [
            Section::Work,
            Section::PeerReview,
            Section::PeerReview,
            Section::ResearchResource
        ]
    );
    assert!(report.failed.is_empty(), "{}", report.to_text());
    assert_eq!(report.created.len(), 4, "{}", report.to_text());
    // Only the public reviews, each in its group; the private one stays home.
    assert_eq!(
        w.held("peer-review"),
        [
            mine(&["source-work-id:review-1"], Some("issn:0028-0836")),
            mine(&["source-work-id:review-2"], Some(PUBLONS_GROUP)),
        ]
    );
    assert_eq!(
        w.held("research-resource"),
        [mine(&["proposal-id:i-20200123"], None)]
    );
    // ORCID made the ISSN group itself.
    assert!(w.server.groups().contains(&"issn:0028-0836".to_owned()));
    // The ledger knows them by section.
    let ledger = std::fs::read_to_string(&w.ledger).expect("ledger written");
    assert_eq!(ledger.matches("\"peer-review\"").count(), 2, "{ledger}");
    assert_eq!(
        ledger.matches("\"research-resource\"").count(),
        1,
        "{ledger}"
    );
    check_bodies(
        "the_first_sync_adds_public_reviews_and_resources_and_the_second_does_nothing",
        &w,
    );

    // A second sync changes nothing and sends nothing.
    let writes = w.writes();
    let (again, report) = w.sync(&items, &PlanOptions::default());
    assert!(again.is_empty(), "{}", again.to_text());
    assert_eq!(again.summary.unchanged, 4, "{}", again.to_text());
    assert!(!report.changed_anything());
    assert_eq!(w.writes(), writes);

    // A lost ledger: the reviews are found again on the record (no duplicates) once the
    // client is known, and compared field by field.
    std::fs::remove_file(&w.ledger).expect("remove the ledger");
    let (rebuilt, report) = w.sync(&items, &PlanOptions::default());
    assert!(report.failed.is_empty(), "{}", report.to_text());
    assert_eq!(w.held("peer-review").len(), 2, "{}", rebuilt.to_text());
    assert_eq!(w.held("research-resource").len(), 1);
    let (after, _) = w.sync(&items, &PlanOptions::default());
    assert!(after.is_empty(), "{}", after.to_text());
    assert_eq!(after.summary.unchanged, 4, "{}", after.to_text());
}

#[test]
fn an_edited_review_and_resource_are_updated_in_place() {
    let w = World::new();
    w.sync(&cv(CV), &PlanOptions::default());
    let before: Vec<u64> = w.server.items(ORCID).iter().map(|i| i.put_code).collect();
    let edited = CV
        .replace("title: On Engines", "title: On Difference Engines")
        .replace("end: 2020-03", "end: 2020-04");
    let plan = w.plan(&cv(&edited), &PlanOptions::default());
    assert!(plan.create.is_empty(), "{}", plan.to_text());
    assert_eq!(
        sections(plan.update.iter().map(|u| u.item.section)),
        [Section::PeerReview, Section::ResearchResource],
        "{}",
        plan.to_text()
    );
    let text = plan.to_text();
    assert!(text.contains("update     peer-review"), "{text}");
    assert!(text.contains("On Difference Engines"), "{text}");
    let (_, report) = w.sync(&cv(&edited), &PlanOptions::default());
    assert_eq!(report.updated.len(), 2, "{}", report.to_text());
    let after: Vec<u64> = w.server.items(ORCID).iter().map(|i| i.put_code).collect();
    assert_eq!(before, after, "updated in place, under the same put-codes");
    let review = w
        .server
        .items(ORCID)
        .into_iter()
        .find(|i| i.group().as_deref() == Some("issn:0028-0836"))
        .expect("the review");
    assert_eq!(
        review.body.text_at(&["subject-name", "title"]).as_deref(),
        Some("On Difference Engines")
    );
    assert!(w.plan(&cv(&edited), &PlanOptions::default()).is_empty());
}

#[test]
fn a_review_with_the_same_identifier_in_another_group_is_another_review() {
    let w = World::new();
    w.sync(&cv(CV), &PlanOptions::default());
    // The Publons review's identifier, now also on the review for Nature: a review whose
    // identifier changed is another review (its put-code is not written over), and it is no
    // duplicate of the Publons one, which is in another group: ORCID takes it.
    let moved = CV.replacen("value: review-1", "value: review-2", 1);
    let (plan, report) = w.sync(&cv(&moved), &PlanOptions::default());
    assert!(report.failed.is_empty(), "{}", report.to_text());
    assert_eq!(plan.create.len(), 1, "{}", plan.to_text());
    assert_eq!(plan.orphans.len(), 1, "{}", plan.to_text());
    assert_eq!(report.created.len(), 1, "{}", report.to_text());
    assert_eq!(
        w.held("peer-review"),
        [
            mine(&["source-work-id:review-1"], Some("issn:0028-0836")),
            mine(&["source-work-id:review-2"], Some("issn:0028-0836")),
            mine(&["source-work-id:review-2"], Some(PUBLONS_GROUP)),
        ]
    );
    // Both review-2s are told apart by their groups: nothing to do, then the old one pruned.
    let again = w.plan(&cv(&moved), &PlanOptions::default());
    assert!(again.is_empty(), "{}", again.to_text());
    assert_eq!(again.summary.unchanged, 4, "{}", again.to_text());
    let (_, report) = w.sync(&cv(&moved), &PlanOptions::default().with_prune(true));
    assert_eq!(report.deleted.len(), 1, "{}", report.to_text());
    assert_eq!(w.held("peer-review").len(), 2);
}

#[test]
fn a_removed_review_is_deleted_only_with_prune_and_within_the_guard() {
    let w = World::new();
    w.sync(&cv(CV), &PlanOptions::default());
    let start = CV.find("  - role: editor").expect("the second review");
    let end = CV[start..].find("  - group-id").expect("the third") + start;
    let without = format!("{}{}", &CV[..start], &CV[end..]);
    let items = cv(&without);

    // Without --prune: kept, and said so.
    let plan = w.plan(&items, &PlanOptions::default());
    assert!(plan.is_empty(), "{}", plan.to_text());
    assert_eq!(plan.orphans.len(), 1, "{}", plan.to_text());
    assert_eq!(plan.orphans[0].section, Section::PeerReview);
    assert!(plan.to_text().contains("keep       peer-review"));

    // With --prune but a guard of no deletion: refused before any write.
    let writes = w.writes();
    let strict = PlanOptions::default()
        .with_prune(true)
        .with_max_delete(Some(0));
    let mut client = w.client();
    let mut ledger = Ledger::open(&w.ledger).expect("ledger");
    let plan = sync::plan(&mut client, &items.items, &ledger, &strict).expect("plan");
    assert!(plan.refused.is_some(), "{}", plan.to_text());
    let refused = sync::apply(&mut client, &plan, &mut ledger);
    assert!(matches!(refused, Err(SyncError::Refused(_))), "{refused:?}");
    assert_eq!(w.writes(), writes);
    assert_eq!(w.held("peer-review").len(), 2);

    // With --prune within the guard: deleted, and only that one.
    let (plan, report) = w.sync(&items, &PlanOptions::default().with_prune(true));
    assert_eq!(plan.delete.len(), 1, "{}", plan.to_text());
    assert_eq!(report.deleted.len(), 1, "{}", report.to_text());
    assert_eq!(
        w.held("peer-review"),
        [mine(&["source-work-id:review-1"], Some("issn:0028-0836"))]
    );
    assert_eq!(w.held("research-resource").len(), 1);
}

/// A review a reviewing service put on the record, with the same identifier and group.
fn others_review() -> String {
    format!(
        r#"<peer-review:peer-review xmlns:peer-review="http://www.orcid.org/ns/peer-review" xmlns:common="http://www.orcid.org/ns/common">
  <peer-review:reviewer-role>reviewer</peer-review:reviewer-role>
  <peer-review:review-identifiers><common:external-id>
    <common:external-id-type>source-work-id</common:external-id-type>
    <common:external-id-value>review-2</common:external-id-value>
    <common:external-id-relationship>self</common:external-id-relationship>
  </common:external-id></peer-review:review-identifiers>
  <peer-review:review-type>evaluation</peer-review:review-type>
  <peer-review:review-completion-date><common:year>2022</common:year><common:month>05</common:month></peer-review:review-completion-date>
  <peer-review:review-group-id>{PUBLONS_GROUP}</peer-review:review-group-id>
  <peer-review:convening-organization><common:name>Royal Society</common:name>
    <common:address><common:city>London</common:city><common:country>GB</common:country></common:address>
  </peer-review:convening-organization>
</peer-review:peer-review>"#
    )
}

#[test]
fn items_of_other_sources_are_never_touched() {
    let w = World::new();
    let theirs = w.server.add_item(
        ORCID,
        &others_review(),
        Source::Client {
            id: OTHER_CLIENT.into(),
            name: "Publons".into(),
        },
    );
    let items = cv(CV);
    let (plan, report) = w.sync(&items, &PlanOptions::default().with_prune(true));
    assert!(report.failed.is_empty(), "{}", report.to_text());
    assert!(
        plan.remote_only.iter().any(|r| r.put_code == theirs),
        "{}",
        plan.to_text()
    );
    assert!(plan.delete.is_empty() && plan.update.is_empty());
    // Theirs is as it was; this client's copy is its own item.
    let held = w.held("peer-review");
    assert!(held.contains(&(
        vec!["source-work-id:review-2".to_owned()],
        Some(PUBLONS_GROUP.to_owned()),
        Some(OTHER_CLIENT.to_owned())
    )));
    assert!(held.contains(&mine(&["source-work-id:review-2"], Some(PUBLONS_GROUP))));
    let stored = w
        .server
        .items(ORCID)
        .into_iter()
        .find(|i| i.put_code == theirs)
        .expect("theirs is still there");
    assert_eq!(stored.modified, stored.created);
    assert!(
        w.server
            .log()
            .iter()
            .filter(|l| l.method != "GET")
            .all(|l| !l.path.ends_with(&format!("/{theirs}")))
    );
    // Pruning later deletes nothing of theirs either.
    let (plan, _) = w.sync(&cv(CV), &PlanOptions::default().with_prune(true));
    assert!(plan.delete.is_empty(), "{}", plan.to_text());
}

#[test]
fn a_review_in_a_group_orcid_does_not_know_is_reported_at_its_group_id() {
    let w = World::new();
    let unknown = CV.replace(
        "group-id: \"publons:royal-society-fellowships\"",
        "group-id: \"orcid-generated:no-such-group\"",
    );
    let (plan, report) = w.sync(&cv(&unknown), &PlanOptions::default());
    assert_eq!(plan.create.len(), 4, "{}", plan.to_text());
    // The others went on.
    assert_eq!(report.created.len(), 3, "{}", report.to_text());
    assert_eq!(report.failed.len(), 1, "{}", report.to_text());
    let f = &report.failed[0];
    assert_eq!(f.section, Section::PeerReview);
    assert_eq!(f.path.as_deref(), Some("peer-reviews[1].group-id"));
    assert!(f.error.contains("9026"), "{}", f.error);
    assert!(f.error.contains("issn:"), "{}", f.error);
    assert!(f.error.contains("/group-id-record"), "{}", f.error);
    let text = report.to_text();
    assert!(text.contains("(at peer-reviews[1].group-id)"), "{text}");
    assert!(
        !w.server
            .groups()
            .iter()
            .any(|g| g.contains("no-such-group"))
    );
    assert_eq!(w.held("peer-review").len(), 1);
}

#[test]
fn the_command_line_plans_and_applies_reviews_and_resources() {
    let w = World::new();
    let cv_path = w.dir.path().join("cv.yaml");
    std::fs::write(&cv_path, CV).expect("write the CV");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_vitae"))
            .arg("sync")
            .arg(&cv_path)
            .args(["--orcid", ORCID, "--api-url", &w.server.api()])
            .args(args)
            .env("ORCID_ACCESS_TOKEN", TOKEN)
            .stdin(Stdio::null())
            .output()
            .expect("run vitae");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, out, err) = run(&[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains("create     peer-review       review-2021-nature  Review for Nature"),
        "{out}"
    );
    assert!(
        out.contains(
            "create     research-resource 2020-beamtime-for-engine-parts  Beamtime for engine parts"
        ),
        "{out}"
    );
    assert!(!out.contains("Nature Private"), "{out}");
    assert!(out.contains("plan: 4 to create"), "{out}");
    assert!(out.contains("dry run: nothing was changed"), "{out}");
    assert!(w.server.log().iter().all(|l| l.method == "GET"));
    assert!(
        w.server
            .log()
            .iter()
            .any(|l| l.path.ends_with("/peer-reviews"))
    );
    let (code, out, err) = run(&["--apply"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert_eq!(w.held("peer-review").len(), 2);
    let (code, out, err) = run(&[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains("plan: 0 to create, 0 to update, 0 to delete, 4 unchanged"),
        "{out}"
    );
}

#[test]
fn a_research_resource_without_items_is_left_out_and_its_record_copy_kept() {
    let start = CV.find("    items:\n").expect("the resource items");
    let end = CV.find("works:").expect("the works");
    let bare = format!("{}{}", &CV[..start], &CV[end..]);
    let cv = vitae::from_str(&bare, vitae::InputFormat::Yaml)
        .expect("loads")
        .cv;
    let items = sync::cv_items(&cv).expect("items");
    assert!(
        items
            .items
            .iter()
            .all(|i| i.section != Section::ResearchResource)
    );
    assert_eq!(
        items
            .left_out
            .iter()
            .map(|i| i.as_str())
            .collect::<Vec<_>>(),
        ["2020-beamtime-for-engine-parts"]
    );
    assert!(
        items
            .diagnostics
            .iter()
            .any(|d| d.path == "research-resources[0].items"
                && d.message.contains("sync")
                && d.code == vitae::report::Code::OrcidRule),
        "{:?}",
        items.diagnostics
    );
    // Synced whole first, then without items: the record's copy is kept, not deleted.
    let w = World::new();
    w.sync(&cv_unchecked(CV), &PlanOptions::default());
    let (plan, report) = w.sync(&items, &PlanOptions::default().with_prune(true));
    assert!(plan.delete.is_empty(), "{}", plan.to_text());
    assert!(report.failed.is_empty(), "{}", report.to_text());
    assert_eq!(w.held("research-resource").len(), 1);
}

fn cv_unchecked(text: &str) -> CvItems {
    let cv = vitae::from_str(text, vitae::InputFormat::Yaml)
        .expect("loads")
        .cv;
    sync::cv_items(&cv).expect("items")
}

#[test]
fn a_review_without_an_identifier_is_left_out_with_the_field_to_fill() {
    let bare = CV.replacen(
        "    identifiers:\n      - {scheme: source-work-id, value: review-1}\n",
        "",
        1,
    );
    let cv = vitae::from_str(&bare, vitae::InputFormat::Yaml)
        .expect("loads")
        .cv;
    let items = sync::cv_items(&cv).expect("items");
    assert_eq!(
        items
            .left_out
            .iter()
            .map(|i| i.as_str())
            .collect::<Vec<_>>(),
        ["review-2021-nature"]
    );
    let d = items
        .diagnostics
        .iter()
        .find(|d| d.path == "peer-reviews[0].identifiers")
        .expect("a diagnostic at the identifiers");
    assert_eq!(d.code, vitae::report::Code::OrcidRule);
    assert!(d.message.contains("source-work-id"), "{}", d.message);
    // The other review and the resource still go.
    let w = World::new();
    let (_, report) = w.sync(&items, &PlanOptions::default());
    assert!(report.failed.is_empty(), "{}", report.to_text());
    assert_eq!(
        w.held("peer-review"),
        [mine(&["source-work-id:review-2"], Some(PUBLONS_GROUP))]
    );
}

#[test]
fn an_issn_group_orcid_stores_in_its_normal_form_is_still_the_same_review() {
    // ORCID keeps `issn:00280836` as `issn:0028-0836`: the record's copy is no edit.
    let w = World::new();
    let unhyphenated = CV.replacen("issn:0028-0836", "issn:00280836", 1);
    let items = cv(&unhyphenated);
    w.sync(&items, &PlanOptions::default());
    assert!(
        w.held("peer-review")
            .iter()
            .any(|(_, g, _)| g.as_deref() == Some("issn:0028-0836"))
    );
    std::fs::remove_file(&w.ledger).expect("remove the ledger");
    let (plan, report) = w.sync(&items, &PlanOptions::default());
    assert!(report.failed.is_empty(), "{}", report.to_text());
    assert!(report.updated.is_empty(), "{}", report.to_text());
    assert!(report.created.is_empty(), "{}", plan.to_text());
    assert_eq!(w.held("peer-review").len(), 2);
    let again = w.plan(&items, &PlanOptions::default());
    assert!(again.is_empty(), "{}", again.to_text());
}
