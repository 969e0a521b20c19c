//! `vitae import orcid ID` against a stand-in for ORCID's public API on 127.0.0.1, written
//! from its documentation (ORCID-API.md): `GET /v3.0/{id}/record` with `Accept:
//! application/vnd.orcid+xml` answers the record as ORCID XML v3.0; an unknown iD is a 404;
//! a busy API answers 429 with `Retry-After`.

#![cfg(feature = "ureq")]

mod common;
mod stand_in;

use std::time::Duration;

use stand_in::Response;

const ID: &str = "0000-0002-1825-0097";
/// A checksummed iD the stand-in does not know.
const UNKNOWN: &str = "0000-0001-5109-3700";

const RECORD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<record:record path="/0000-0002-1825-0097" xmlns:record="http://www.orcid.org/ns/record"
  xmlns:person="http://www.orcid.org/ns/person" xmlns:common="http://www.orcid.org/ns/common"
  xmlns:personal-details="http://www.orcid.org/ns/personal-details"
  xmlns:activities="http://www.orcid.org/ns/activities" xmlns:work="http://www.orcid.org/ns/work">
  <common:orcid-identifier>
    <common:uri>https://orcid.org/0000-0002-1825-0097</common:uri>
    <common:path>0000-0002-1825-0097</common:path>
    <common:host>orcid.org</common:host>
  </common:orcid-identifier>
  <person:person path="/0000-0002-1825-0097/person">
    <person:name visibility="public" path="/0000-0002-1825-0097/personal-details">
      <personal-details:given-names>Josiah</personal-details:given-names>
      <personal-details:family-name>Carberry</personal-details:family-name>
    </person:name>
  </person:person>
  <activities:activities-summary path="/0000-0002-1825-0097/activities">
    <activities:works path="/0000-0002-1825-0097/works">
      <activities:group>
        <common:external-ids/>
        <work:work-summary put-code="1234" visibility="public" path="/0000-0002-1825-0097/work/1234">
          <work:title><common:title>Psychoceramics: the study of cracked pots</common:title></work:title>
          <common:external-ids>
            <common:external-id>
              <common:external-id-type>doi</common:external-id-type>
              <common:external-id-value>10.5555/12345678</common:external-id-value>
              <common:external-id-relationship>self</common:external-id-relationship>
            </common:external-id>
          </common:external-ids>
          <work:type>journal-article</work:type>
          <common:publication-date><common:year>2008</common:year></common:publication-date>
        </work:work-summary>
      </activities:group>
    </activities:works>
  </activities:activities-summary>
</record:record>
"#;

/// The stand-in: the record (after one 429 for the `busy` path), a 404 for other iDs, HTML
/// for `/broken/…`, and an answer too late for `/slow/…`.
fn api() -> stand_in::StandIn {
    stand_in::start(|r, before| {
        if r.header("accept") != Some("application/vnd.orcid+xml") {
            return Response::status("406 Not Acceptable");
        }
        let record = format!("/v3.0/{ID}/record");
        match r.path() {
            p if p == record => Response::ok("application/vnd.orcid+xml", RECORD),
            p if p == format!("/busy{record}") && before == 0 => Response::too_many(1),
            p if p == format!("/busy{record}") => Response::ok("application/vnd.orcid+xml", RECORD),
            p if p == format!("/broken{record}") => {
                Response::ok("text/html", "<html><body>Maintenance</body></html>")
            }
            p if p == format!("/slow{record}") => {
                Response::ok("application/vnd.orcid+xml", RECORD).after(Duration::from_secs(3))
            }
            _ => Response::status("404 Not Found"),
        }
    })
}

#[test]
fn an_orcid_id_fetches_the_public_record() {
    let api = api();
    let dir = tempfile::tempdir().expect("temp dir");
    for (given, base) in [
        (ID.to_owned(), format!("{}/v3.0", api.base)),
        (
            format!("https://orcid.org/{ID}"),
            format!("{}/busy/v3.0/", api.base),
        ),
    ] {
        let out = dir.path().join("cv.yaml");
        let _ = std::fs::remove_file(&out);
        let o = common::vitae(&[
            "import",
            "orcid",
            &given,
            "--api-url",
            &base,
            "-o",
            common::s(&out),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let cv = vitae::from_path(&out).expect("the CV loads").cv;
        assert_eq!(cv.person.family_name.as_str(), "Carberry", "{given}");
        assert_eq!(cv.person.orcid.as_ref().map(|o| o.as_str()), Some(ID));
        assert_eq!(cv.works.len(), 1);
        assert_eq!(
            cv.works[0].doi.as_ref().map(|d| d.as_str()),
            Some("10.5555/12345678")
        );
    }
    let busy: Vec<_> = api
        .requests()
        .into_iter()
        .filter(|r| r.target.starts_with("/busy"))
        .collect();
    assert_eq!(busy.len(), 2, "one 429, then the record");
}

#[test]
fn a_404_a_malformed_body_or_a_timeout_writes_nothing() {
    let api = api();
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("cv.yaml");
    for (id, base, says) in [
        (UNKNOWN, format!("{}/v3.0", api.base), "no such ORCID iD"),
        (ID, format!("{}/broken/v3.0", api.base), "expected"),
        (ID, format!("{}/slow/v3.0", api.base), "no answer"),
    ] {
        let o = common::vitae(&[
            "import",
            "orcid",
            id,
            "--api-url",
            &base,
            "--timeout",
            "1",
            "-o",
            common::s(&out),
        ]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{base}: {err}");
        assert!(
            err.contains(says) && err.contains("nothing written"),
            "{base}: {err}"
        );
        assert!(!out.exists(), "{base}: a file was written");
    }
}
