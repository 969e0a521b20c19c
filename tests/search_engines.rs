//! Issue 16, point 14: what search engines look for. The person's photo (`image`) and ORCID
//! iD (`identifier`, a `PropertyValue`), the profile page's `dateModified` from the CV's
//! `updated` (never the clock), and a talk's place or online location with its
//! `eventAttendanceMode`, on the talk and on the event it was part of (with the event's days).

mod common;

use serde_json::{Value, json};
use vitae::Cv;
use vitae::export::{ExportFormat, Options};

fn load(yaml: &str) -> Cv {
    vitae::from_str(yaml, vitae::InputFormat::Yaml)
        .unwrap_or_else(|r| panic!("the CV does not load:\n{r}"))
        .cv
}

fn jsonld(cv: &Cv) -> Value {
    let text =
        vitae::export::to_string(cv, ExportFormat::JsonLd, &Options::new()).expect("JSON-LD");
    serde_json::from_str(&text).expect("JSON")
}

fn node<'v>(doc: &'v Value, local: &str) -> &'v Value {
    let id = format!("https://ada.example.org/cv{local}");
    doc["@graph"]
        .as_array()
        .expect("@graph")
        .iter()
        .find(|n| n["@id"] == id.as_str())
        .unwrap_or_else(|| panic!("no node {id}"))
}

const CV: &str = concat!(
    "base-iri: https://ada.example.org/cv\n",
    "updated: 2026-11-30\n",
    "person:\n",
    "  given-names: Ada\n",
    "  family-name: Lovelace\n",
    "  image: https://ada.example.org/ada.jpg\n",
    "  orcid: 0000-0002-1825-0097\n",
    "works:\n",
    "  - id: there\n",
    "    type: talk\n",
    "    title: In Person\n",
    "    date: 2021-06-03\n",
    "    event:\n",
    "      name: Engine Days 2021\n",
    "      dates: [2021-06-02, 2021-06-04]\n",
    "      location: {name: Town Hall, city: London, country: GB}\n",
    "  - id: online\n",
    "    type: talk\n",
    "    title: Online\n",
    "    date: 2021-07-01\n",
    "    event:\n",
    "      name: Engine Meetup\n",
    "      location: {online: true, url: https://meet.example.org/engines}\n",
    "  - id: hybrid\n",
    "    type: lecture\n",
    "    title: Both\n",
    "    date: 2021-08-01\n",
    "    event:\n",
    "      name: Engine School\n",
    "      location: {online: true, city: Turin, country: IT, url: https://stream.example.org/}\n",
);

#[test]
fn the_person_has_a_photo_and_the_orcid_id_as_identifier() {
    let doc = jsonld(&load(CV));
    // The person is the page's main entity, described there, where Google reads it.
    let me = &doc["@graph"][0]["mainEntity"];
    assert_eq!(me["@id"], "https://ada.example.org/cv#me");
    assert_eq!(me["name"], "Ada Lovelace");
    assert_eq!(
        me["image"],
        json!({"@id": "https://ada.example.org/ada.jpg"})
    );
    let ids = match &me["identifier"] {
        Value::Array(a) => a.clone(),
        one => vec![one.clone()],
    };
    let orcid = ids
        .iter()
        .find(|i| i["propertyID"] == "ORCID")
        .expect("the ORCID iD as an identifier");
    assert_eq!(orcid["@type"], "PropertyValue");
    assert_eq!(orcid["value"], "0000-0002-1825-0097");
    assert_eq!(
        orcid["url"],
        json!({"@id": "https://orcid.org/0000-0002-1825-0097"})
    );
}

#[test]
fn the_page_is_dated_by_the_cv_never_by_the_clock() {
    let doc = jsonld(&load(CV));
    let page = &doc["@graph"][0];
    assert_eq!(page["@type"], "ProfilePage");
    assert_eq!(page["dateModified"], "2026-11-30");
    // Without `updated`, no date: nothing comes from the clock.
    let undated = jsonld(&load(&CV.replace("updated: 2026-11-30\n", "")));
    assert_eq!(undated["@graph"][0]["dateModified"], Value::Null);
    assert_eq!(jsonld(&load(CV)), doc, "the same on every run");
}

#[test]
fn a_talk_and_its_event_say_where_and_how_to_attend() {
    let doc = jsonld(&load(CV));
    let offline = "http://schema.org/OfflineEventAttendanceMode";
    let online = "http://schema.org/OnlineEventAttendanceMode";
    let mixed = "http://schema.org/MixedEventAttendanceMode";

    let there = node(&doc, "#work-there");
    assert_eq!(there["eventAttendanceMode"], json!({"@id": offline}));
    assert_eq!(there["location"]["@type"], "Place");
    assert_eq!(there["location"]["name"], "Town Hall");
    assert_eq!(there["location"]["address"]["addressLocality"], "London");
    // The event it was part of: its days and its place.
    let event = &there["superEvent"];
    assert_eq!(event["startDate"], "2021-06-02");
    assert_eq!(event["endDate"], "2021-06-04");
    assert_eq!(event["location"]["@id"], there["location"]["@id"]);
    assert_eq!(event["eventAttendanceMode"], json!({"@id": offline}));

    let remote = node(&doc, "#work-online");
    assert_eq!(remote["eventAttendanceMode"], json!({"@id": online}));
    assert_eq!(remote["location"]["@type"], "VirtualLocation");
    assert_eq!(
        remote["location"]["url"],
        json!({"@id": "https://meet.example.org/engines"})
    );
    assert_eq!(remote["superEvent"]["location"]["@type"], "VirtualLocation");

    let hybrid = node(&doc, "#work-hybrid");
    assert_eq!(hybrid["eventAttendanceMode"], json!({"@id": mixed}));
    let kinds: Vec<&Value> = hybrid["location"]
        .as_array()
        .expect("two locations")
        .iter()
        .map(|l| &l["@type"])
        .collect();
    assert_eq!(kinds, [&json!("Place"), &json!("VirtualLocation")]);
    assert_eq!(hybrid["location"][0]["address"]["addressLocality"], "Turin");
}

/// The reference CV: every talk's event that the CV places somewhere says so, with the
/// attendance mode; the new fields are used where the CV has the data.
#[test]
fn the_reference_cvs_events_carry_their_places() {
    let cv = common::reference_cv();
    let doc = jsonld(&cv);
    let graph = doc["@graph"].as_array().expect("@graph");
    let mut placed = 0;
    for w in cv.works.iter().filter(|w| w.kind.is_presentation()) {
        let id = format!(
            "https://lapuschkin.com/#work-{}",
            w.id.as_ref().expect("an id").as_str()
        );
        let n = graph
            .iter()
            .find(|n| n["@id"] == id.as_str())
            .expect("talk");
        let located = w.event.as_ref().is_some_and(|e| e.location.is_some());
        assert_eq!(n["location"].is_null(), !located, "{id}");
        assert_eq!(n["superEvent"]["location"].is_null(), !located, "{id}");
        assert_eq!(n["eventAttendanceMode"].is_null(), !located, "{id}");
        placed += usize::from(located);
    }
    assert!(placed >= 4, "{placed}");
}

/// A talk whose event has no place or no days is warned about at its event, since Google's
/// Event rules list such an Event as an invalid item; a talk with both is not.
#[test]
fn a_talk_without_place_or_days_is_warned_about() {
    let text = r#"
person: {given-names: Ada, family-name: Lovelace}
works:
  - type: talk
    title: Without a place
    date: 2020-02-18
    event: {name: A Symposium}
  - type: talk
    title: With both
    date: 2021-06-03
    event:
      name: A Meet-up
      dates: [2021-06-03]
      location: {online: true, url: "https://meet.example.org/"}
"#;
    let loaded = vitae::from_str(text, vitae::InputFormat::Yaml).expect("loads");
    let at_event: Vec<&str> = loaded
        .report
        .warnings()
        .filter(|d| d.path.ends_with(".event"))
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(at_event.len(), 2, "{at_event:?}");
    assert!(
        at_event.iter().any(|m| m.contains("`location`")),
        "{at_event:?}"
    );
    assert!(
        at_event.iter().any(|m| m.contains("`startDate`")),
        "{at_event:?}"
    );
    assert!(
        loaded
            .report
            .warnings()
            .all(|d| !d.path.starts_with("works[1]")),
        "{}",
        loaded.report
    );
}
