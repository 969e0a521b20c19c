//! Synthetic ORCID records and archives in the layout of ORCID's public data file, for the
//! archive bench (`benches/archive.rs`) and the tests (`tests/orcid_archive.rs`).
//!
//! A record is a v3.0 `record:record` summary with the elements of ORCID's sample record
//! (`shared/fixtures/orcid/read_samples/record-3.0.xml`: the namespaces, orcid-identifier,
//! preferences, history, person with name and the person sections, the activities summary with
//! all its sections) holding public items only, as the public data file does. Its size follows
//! the shape of the real file: most records are near-empty (a name, nothing else), a long tail
//! holds hundreds to thousands of works ([`works_in_record`]). The same seed gives the same
//! archive.

use std::fmt::Write as _;
use std::io::Write;

use crate::Rng;

/// The ORCID iD with sequence number `n`: `0000-000n-nnnn-nnnC`, its check digit right.
pub fn orcid_id(n: u64) -> String {
    let base = format!("{:015}", 1_000_000_000 + n % 9_000_000_000);
    let mut total = 0u32;
    for c in base.chars() {
        total = (total + c.to_digit(10).unwrap_or(0)) * 2;
    }
    let check = match (12 - total % 11) % 11 {
        10 => 'X',
        d => char::from_digit(d, 10).unwrap_or('0'),
    };
    let d: String = base.chars().chain([check]).collect();
    format!("{}-{}-{}-{}", &d[0..4], &d[4..8], &d[8..12], &d[12..16])
}

/// How many works a record holds, drawn to the shape of the public data file: about 60% of
/// records hold none, 20% a few, and a long tail up to 1,500: about 14 on average, some 48 KB
/// of XML a record. That is more than the real file's mean (46 GB compressed for some 20
/// million records, about 2.3 KB each, at most some 25 KB of XML at a tenfold ratio), so a
/// rate measured on it is on the safe side.
pub fn works_in_record(rng: &mut Rng) -> u64 {
    match rng.below(100) {
        0..60 => 0,
        60..80 => rng.log_uniform(1, 5),
        80..93 => rng.log_uniform(6, 30),
        93..99 => rng.log_uniform(31, 200),
        _ => rng.log_uniform(201, 1500),
    }
}

const NAMESPACES: &str = r#"xmlns:internal="http://www.orcid.org/ns/internal" xmlns:education="http://www.orcid.org/ns/education" xmlns:distinction="http://www.orcid.org/ns/distinction" xmlns:deprecated="http://www.orcid.org/ns/deprecated" xmlns:other-name="http://www.orcid.org/ns/other-name" xmlns:membership="http://www.orcid.org/ns/membership" xmlns:error="http://www.orcid.org/ns/error" xmlns:common="http://www.orcid.org/ns/common" xmlns:record="http://www.orcid.org/ns/record" xmlns:personal-details="http://www.orcid.org/ns/personal-details" xmlns:keyword="http://www.orcid.org/ns/keyword" xmlns:email="http://www.orcid.org/ns/email" xmlns:external-identifier="http://www.orcid.org/ns/external-identifier" xmlns:funding="http://www.orcid.org/ns/funding" xmlns:preferences="http://www.orcid.org/ns/preferences" xmlns:address="http://www.orcid.org/ns/address" xmlns:invited-position="http://www.orcid.org/ns/invited-position" xmlns:work="http://www.orcid.org/ns/work" xmlns:history="http://www.orcid.org/ns/history" xmlns:employment="http://www.orcid.org/ns/employment" xmlns:qualification="http://www.orcid.org/ns/qualification" xmlns:service="http://www.orcid.org/ns/service" xmlns:person="http://www.orcid.org/ns/person" xmlns:activities="http://www.orcid.org/ns/activities" xmlns:researcher-url="http://www.orcid.org/ns/researcher-url" xmlns:peer-review="http://www.orcid.org/ns/peer-review" xmlns:bulk="http://www.orcid.org/ns/bulk" xmlns:research-resource="http://www.orcid.org/ns/research-resource""#;

const GIVEN: [&str; 8] = [
    "Ada",
    "Wei",
    "María José",
    "Olúwaseun",
    "Jürgen",
    "Priya",
    "Siobhán",
    "Kenji",
];
const FAMILY: [&str; 8] = [
    "Lovelace",
    "Zhang",
    "García Márquez",
    "Adébáyọ̀",
    "Müller",
    "Raman",
    "O'Brien",
    "Tanaka",
];
const JOURNALS: [&str; 4] = [
    "Journal of Applied Physics",
    "Nature Communications",
    "PLOS ONE",
    "Revista Brasileira de Ensino de Física",
];

/// One synthetic record summary of `works` works (and, for a record with works, one or two
/// employments and an education), as `summaries/<last 3>/<iD>.xml` holds it.
pub fn record(id: &str, works: u64, rng: &mut Rng) -> String {
    let mut x = String::with_capacity(3000 + 1400 * works as usize);
    let date = "2023-05-17T09:44:12.301Z";
    let _ = write!(
        x,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<record:record path="/{id}" {NAMESPACES}>
    <common:orcid-identifier>
        <common:uri>https://orcid.org/{id}</common:uri>
        <common:path>{id}</common:path>
        <common:host>orcid.org</common:host>
    </common:orcid-identifier>
    <preferences:preferences>
        <preferences:locale>en</preferences:locale>
    </preferences:preferences>
    <history:history>
        <history:creation-method>Member-referred</history:creation-method>
        <history:submission-date>2016-03-04T11:02:51.105Z</history:submission-date>
        <common:last-modified-date>{date}</common:last-modified-date>
        <history:claimed>true</history:claimed>
        <history:verified-email>true</history:verified-email>
        <history:verified-primary-email>true</history:verified-primary-email>
    </history:history>
    <person:person path="/{id}/person">
        <common:last-modified-date>{date}</common:last-modified-date>
        <person:name visibility="public" path="{id}">
            <common:created-date>2016-03-04T11:02:51.105Z</common:created-date>
            <common:last-modified-date>2016-03-04T11:02:51.105Z</common:last-modified-date>
            <personal-details:given-names>{given}</personal-details:given-names>
            <personal-details:family-name>{family}</personal-details:family-name>
        </person:name>
        <other-name:other-names path="/{id}/other-names"/>
        <researcher-url:researcher-urls path="/{id}/researcher-urls"/>
        <email:emails path="/{id}/email"/>
        <address:addresses path="/{id}/address"/>
        <keyword:keywords path="/{id}/keywords"/>
        <external-identifier:external-identifiers path="/{id}/external-identifiers"/>
    </person:person>
    <activities:activities-summary path="/{id}/activities">
        <common:last-modified-date>{date}</common:last-modified-date>
        <activities:distinctions path="/{id}/distinctions"/>
"#,
        given = GIVEN[rng.below(8) as usize],
        family = FAMILY[rng.below(8) as usize],
    );
    if works > 0 {
        let _ = write!(
            x,
            r#"        <activities:educations path="/{id}/educations">
            <common:last-modified-date>{date}</common:last-modified-date>
            <activities:affiliation-group>
                <common:last-modified-date>{date}</common:last-modified-date>
                <common:external-ids/>
                <education:education-summary put-code="{p}" display-index="1" path="/{id}/education/{p}" visibility="public">
                    <common:created-date>2018-10-02T08:14:35.322Z</common:created-date>
                    <common:last-modified-date>{date}</common:last-modified-date>
                    <common:source>
                        <common:source-orcid>
                            <common:uri>https://orcid.org/{id}</common:uri>
                            <common:path>{id}</common:path>
                            <common:host>orcid.org</common:host>
                        </common:source-orcid>
                        <common:source-name>Source</common:source-name>
                    </common:source>
                    <common:department-name>Physics</common:department-name>
                    <common:role-title>PhD</common:role-title>
                    <common:start-date><common:year>2008</common:year><common:month>10</common:month></common:start-date>
                    <common:end-date><common:year>2012</common:year><common:month>09</common:month></common:end-date>
                    <common:organization>
                        <common:name>Universidade de São Paulo</common:name>
                        <common:address><common:city>São Paulo</common:city><common:region>SP</common:region><common:country>BR</common:country></common:address>
                        <common:disambiguated-organization>
                            <common:disambiguated-organization-identifier>https://ror.org/036rp1748</common:disambiguated-organization-identifier>
                            <common:disambiguation-source>ROR</common:disambiguation-source>
                        </common:disambiguated-organization>
                    </common:organization>
                </education:education-summary>
            </activities:affiliation-group>
        </activities:educations>
        <activities:employments path="/{id}/employments">
            <common:last-modified-date>{date}</common:last-modified-date>
"#,
            p = 100_000 + rng.below(900_000),
        );
        for k in 0..=rng.below(2) {
            let p = 200_000 + rng.below(800_000);
            let _ = write!(
                x,
                r#"            <activities:affiliation-group>
                <common:last-modified-date>{date}</common:last-modified-date>
                <common:external-ids/>
                <employment:employment-summary put-code="{p}" display-index="{k}" path="/{id}/employment/{p}" visibility="public">
                    <common:created-date>2018-10-02T08:14:35.322Z</common:created-date>
                    <common:last-modified-date>{date}</common:last-modified-date>
                    <common:source>
                        <common:source-orcid>
                            <common:uri>https://orcid.org/{id}</common:uri>
                            <common:path>{id}</common:path>
                            <common:host>orcid.org</common:host>
                        </common:source-orcid>
                        <common:source-name>Source</common:source-name>
                    </common:source>
                    <common:department-name>Department of Physics {k}</common:department-name>
                    <common:role-title>Researcher</common:role-title>
                    <common:start-date><common:year>{y}</common:year><common:month>01</common:month></common:start-date>
                    <common:organization>
                        <common:name>Technische Universität Berlin</common:name>
                        <common:address><common:city>Berlin</common:city><common:country>DE</common:country></common:address>
                        <common:disambiguated-organization>
                            <common:disambiguated-organization-identifier>https://ror.org/03v4gjf40</common:disambiguated-organization-identifier>
                            <common:disambiguation-source>ROR</common:disambiguation-source>
                        </common:disambiguated-organization>
                    </common:organization>
                </employment:employment-summary>
            </activities:affiliation-group>
"#,
                y = 2012 + k,
            );
        }
        x.push_str("        </activities:employments>\n");
    } else {
        let _ = writeln!(
            x,
            r#"        <activities:educations path="/{id}/educations"/>
        <activities:employments path="/{id}/employments"/>"#
        );
    }
    let _ = write!(
        x,
        r#"        <activities:fundings path="/{id}/fundings"/>
        <activities:invited-positions path="/{id}/invited-positions"/>
        <activities:memberships path="/{id}/memberships"/>
        <activities:peer-reviews path="/{id}/peer-reviews"/>
        <activities:qualifications path="/{id}/qualifications"/>
        <activities:research-resources path="/{id}/research-resources"/>
        <activities:services path="/{id}/services"/>
        <activities:works path="/{id}/works">
"#
    );
    for k in 0..works {
        let p = 1_000_000 + rng.below(90_000_000);
        let doi = format!(
            "10.{}/j.{}.{k}",
            1000 + rng.below(9000),
            rng.below(1_000_000)
        );
        let ids = format!(
            r#"<common:external-ids>
                    <common:external-id>
                        <common:external-id-type>doi</common:external-id-type>
                        <common:external-id-value>{doi}</common:external-id-value>
                        <common:external-id-normalized transient="true">{doi}</common:external-id-normalized>
                        <common:external-id-url>https://doi.org/{doi}</common:external-id-url>
                        <common:external-id-relationship>self</common:external-id-relationship>
                    </common:external-id>
                </common:external-ids>"#
        );
        let _ = write!(
            x,
            r#"            <activities:group>
                <common:last-modified-date>{date}</common:last-modified-date>
                {ids}
                <work:work-summary put-code="{p}" path="/{id}/work/{p}" visibility="public" display-index="0">
                    <common:created-date>2019-01-10T10:00:00.000Z</common:created-date>
                    <common:last-modified-date>{date}</common:last-modified-date>
                    <common:source>
                        <common:source-client-id>
                            <common:uri>https://orcid.org/client/0000-0001-9884-1913</common:uri>
                            <common:path>0000-0001-9884-1913</common:path>
                            <common:host>orcid.org</common:host>
                        </common:source-client-id>
                        <common:source-name>Crossref</common:source-name>
                    </common:source>
                    <work:title>
                        <common:title>Measurements of the {k}th kind in thin films &amp; layered structures</common:title>
                    </work:title>
                    {ids}
                    <common:url>https://doi.org/{doi}</common:url>
                    <work:type>journal-article</work:type>
                    <common:publication-date><common:year>{year}</common:year><common:month>{month:02}</common:month></common:publication-date>
                    <work:journal-title>{journal}</work:journal-title>
                </work:work-summary>
            </activities:group>
"#,
            year = 1995 + rng.below(30),
            month = 1 + rng.below(12),
            journal = JOURNALS[rng.below(4) as usize],
        );
    }
    let _ = write!(
        x,
        r#"        </activities:works>
    </activities:activities-summary>
</record:record>
"#
    );
    x
}

/// Appends one member to a tar archive.
pub fn append<W: Write>(tar: &mut tar::Builder<W>, path: &str, data: &[u8]) {
    let mut header = tar::Header::new_gnu();
    header.set_size(data.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(1_700_000_000);
    header.set_entry_type(tar::EntryType::Regular);
    tar.append_data(&mut header, path, data)
        .expect("a member appended");
}

/// What a synthetic archive holds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Built {
    /// Records.
    pub records: usize,
    /// Works across them.
    pub works: u64,
    /// Bytes of XML.
    pub xml_bytes: u64,
}

/// Writes a summaries archive of `n` synthetic records (and the `extra` records given as
/// `(iD, text)` first, ORCID's sample record for one) as `.tar.gz` into `w`. `max_works` cuts
/// the tail (the tests keep their records small; the bench takes the whole tail).
pub fn summaries_tar_gz<W: Write>(
    w: W,
    n: usize,
    seed: u64,
    max_works: u64,
    extra: &[(String, String)],
) -> Built {
    let gz = flate2::write::GzEncoder::new(w, flate2::Compression::new(6));
    let mut tar = tar::Builder::new(gz);
    let mut rng = Rng::new(seed);
    let mut built = Built::default();
    for (id, text) in extra {
        append(&mut tar, &member_path(id), text.as_bytes());
        built.records += 1;
        built.xml_bytes += text.len() as u64;
    }
    for i in 0..n {
        let id = orcid_id(seed.wrapping_mul(1_000_003).wrapping_add(i as u64) % 1_000_000_000);
        let works = works_in_record(&mut rng).min(max_works);
        let text = record(&id, works, &mut rng);
        append(&mut tar, &member_path(&id), text.as_bytes());
        built.records += 1;
        built.works += works;
        built.xml_bytes += text.len() as u64;
    }
    tar.into_inner()
        .expect("the tar finished")
        .finish()
        .expect("the gzip finished");
    built
}

/// `summaries/<last 3>/<iD>.xml`.
pub fn member_path(id: &str) -> String {
    format!("summaries/{}/{id}.xml", &id[id.len() - 3..])
}
