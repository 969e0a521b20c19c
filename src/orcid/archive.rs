//! ORCID's public data file read as a stream: the records of a `.tar` or `.tar.gz` archive, one
//! at a time, each with its documents' text, never unpacked to disk.
//!
//! Two layouts are read, as ORCID publishes them:
//!
//! - **summaries**: `summaries/<last 3 characters of the iD>/<iD>.xml`, one `record:record`
//!   document per record;
//! - **activities**: a folder per record, `<last 3>/<iD>/works/<iD>_works_<put-code>.xml`,
//!   `…/<iD>/employments/…`, `…/<iD>/fundings/…`: one document per item.
//!
//! **Which record a member belongs to.** The record's iD is the first part of the member's path,
//! read from the root, that is an iD: a folder named `<iD>`, or a file named `<iD>.xml`. The
//! members of one record follow each other in the archive (tar writes a folder's files
//! together): consecutive members with the same iD are one record, and a record ends at the
//! first member of another. Nothing is held back to regroup members that are not adjacent (the
//! memory would grow with the archive): such a record comes out as several, each converted on
//! its own — in N-Quads they land in the same named graph, which a store merges on loading.
//!
//! Members that are not `.xml` files (folders, a README) are passed over; every folder of
//! activities is read (`works`, the affiliations, `fundings`, `peer-reviews`,
//! `research-resources`: the CV model holds them all). A member that cannot be read (not UTF-8, larger than
//! [`MAX_DOCUMENT_SIZE`]) makes its record fail, with the member named; the archive
//! goes on. A damaged or cut-short archive ends the reading with an [`ArchiveError`] saying
//! how far it got.
//!
//! ```
//! use vitae::orcid::archive::{read_records, Record};
//! let record = r#"<record:record xmlns:record="http://www.orcid.org/ns/record"
//!     xmlns:common="http://www.orcid.org/ns/common" xmlns:person="http://www.orcid.org/ns/person"
//!     xmlns:personal-details="http://www.orcid.org/ns/personal-details">
//!   <common:orcid-identifier><common:path>0000-0002-1825-0097</common:path></common:orcid-identifier>
//!   <person:person><person:name>
//!     <personal-details:given-names>Josiah</personal-details:given-names>
//!     <personal-details:family-name>Carberry</personal-details:family-name>
//!   </person:name></person:person>
//! </record:record>"#;
//! let mut tar = tar::Builder::new(Vec::new());
//! let mut header = tar::Header::new_gnu();
//! header.set_size(record.len() as u64);
//! header.set_mode(0o644);
//! tar.append_data(&mut header, "summaries/097/0000-0002-1825-0097.xml", record.as_bytes())?;
//! let bytes = tar.into_inner()?;
//! let mut records: Vec<Record> = Vec::new();
//! let stats = read_records(&bytes[..], |r| { records.push(r); true })?;
//! assert_eq!(stats.records, 1);
//! let cv = records[0].to_cv()?.cv;
//! assert_eq!(cv.base_iri.map(String::from).as_deref(), Some("https://orcid.org/0000-0002-1825-0097"));
//! assert_eq!(cv.person.family_name.to_string(), "Carberry");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::{BufRead, BufReader, Read};

use super::import::{Imported, import_documents};
use super::read::ReadError;
use super::xml::MAX_DOCUMENT_SIZE;
use crate::types::OrcidId;

/// The most text one record may hold across its members (a record of activities holds one
/// document per work); a larger record fails, so that memory stays bounded.
pub const MAX_RECORD_SIZE: usize = 256 * 1024 * 1024;

/// One member of a record: where it is in the archive, and its text.
#[derive(Debug, Clone)]
pub struct Member {
    /// Its path in the archive.
    pub path: String,
    /// Its text.
    pub text: String,
}

/// One record as found in an archive (or a file): its iD and its documents.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// The iD its path names, if any (a single file need not be named after its iD).
    pub id: Option<String>,
    /// Its documents, in archive order.
    pub members: Vec<Member>,
    /// Why a member could not be read (its path, the reason); the record then fails.
    pub problem: Option<(String, String)>,
    /// The bytes of its members.
    pub bytes: u64,
}

/// Why a record was not converted: the member at fault (when one is) and the reason.
#[derive(Debug, thiserror::Error)]
#[error("{}{reason}", member.as_ref().map(|m| format!("{m}: ")).unwrap_or_default())]
pub struct RecordError {
    /// The member's path in the archive.
    pub member: Option<String>,
    /// What is wrong, with line and column where known.
    pub reason: String,
    /// The error underneath, when there is one: the ORCID reader's
    /// [`ReadError`], an iD's [`ValueError`](crate::types::ValueError).
    #[source]
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Record {
    /// A record of one document (an ORCID XML file), its iD read from the document or, for a
    /// file named `<iD>.xml`, from `path`.
    pub fn from_document(path: &str, text: String) -> Self {
        Self {
            id: id_in_path(path).map(str::to_owned),
            bytes: text.len() as u64,
            members: vec![Member {
                path: path.to_owned(),
                text,
            }],
            problem: None,
        }
    }

    /// The name a report gives the record: its iD, else its first member's path.
    pub fn name(&self) -> &str {
        self.id
            .as_deref()
            .or_else(|| self.members.first().map(|m| m.path.as_str()))
            .or_else(|| self.problem.as_ref().map(|p| p.0.as_str()))
            .unwrap_or("?")
    }

    /// The record as a CV ([`import_documents`]). The CV's `base-iri` is the record's IRI,
    /// `https://orcid.org/<iD>`, so that the record's graph is named by it; its person's iD is
    /// the record's. A document of a kind the CV does not hold (none of the public data
    /// file's) is left out when others remain; the losses are those of the import.
    ///
    /// # Errors
    /// A [`RecordError`] for a member that could not be read, an iD that is not one, a
    /// document that is not well-formed ORCID XML, or a document naming another iD than its
    /// path.
    pub fn to_cv(&self) -> Result<Imported, RecordError> {
        if let Some((member, reason)) = &self.problem {
            return Err(RecordError {
                member: Some(member.clone()),
                reason: reason.clone(),
                source: None,
            });
        }
        let path_id = match &self.id {
            Some(id) => Some(OrcidId::new(id).map_err(|e| RecordError {
                member: None,
                reason: e.to_string(),
                source: Some(Box::new(e)),
            })?),
            None => None,
        };
        let mut members: Vec<&Member> = self.members.iter().collect();
        let mut imported = loop {
            let texts: Vec<&str> = members.iter().map(|m| m.text.as_str()).collect();
            match import_documents(&texts) {
                Ok(i) => break i,
                Err(e) if matches!(e.error, ReadError::Unsupported { .. }) && members.len() > 1 => {
                    members.remove(e.index);
                }
                Err(e) => {
                    return Err(RecordError {
                        member: members.get(e.index).map(|m| m.path.clone()),
                        reason: e.error.to_string(),
                        source: Some(Box::new(e.error)),
                    });
                }
            }
        };
        let person = &mut imported.cv.person;
        match (&person.orcid, path_id) {
            (Some(found), Some(named)) if *found != named => {
                return Err(RecordError {
                    member: None,
                    reason: format!(
                        "the record's document is of {}, its path names {}",
                        found.as_str(),
                        named.as_str()
                    ),
                    source: None,
                });
            }
            (None, Some(named)) => person.orcid = Some(named),
            _ => {}
        }
        if let Some(id) = &person.orcid {
            imported.cv.base_iri = url::Url::parse(&id.url()).ok();
        }
        Ok(imported)
    }
}

/// What reading an archive found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ArchiveStats {
    /// Records handed on (failed ones included).
    pub records: usize,
    /// XML members read.
    pub members: usize,
    /// The bytes of the members read.
    pub bytes: u64,
}

/// Why an archive could not be read to its end: the records before it were handed on.
#[derive(Debug, thiserror::Error)]
#[error(
    "{} after {} record{}{}: {source}",
    if *.records == 0 { "cannot read the archive" } else { "the archive is cut short or damaged" },
    .records,
    if *.records == 1 { "" } else { "s" },
    .last.as_ref().map(|l| format!(" (the last whole one: {l})")).unwrap_or_default()
)]
pub struct ArchiveError {
    /// Records handed on before the damage.
    pub records: usize,
    /// The name of the last record handed on.
    pub last: Option<String>,
    /// The error of the tar or gzip reader.
    pub source: std::io::Error,
}

/// The iD a member's path names: the first part, from the root, that is an iD (a folder named
/// `<iD>`) or a file named `<iD>.xml`.
pub(crate) fn id_in_path(path: &str) -> Option<&str> {
    path.split(['/', '\\'])
        .map(|part| part.strip_suffix(".xml").unwrap_or(part))
        .find(|part| looks_like_id(part))
}

/// 0000-0002-1825-0097: four groups of four digits, the last character a digit or `X`.
fn looks_like_id(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 19
        && b.iter().enumerate().all(|(i, &c)| match i {
            4 | 9 | 14 => c == b'-',
            18 => c.is_ascii_digit() || c == b'X',
            _ => c.is_ascii_digit(),
        })
}

/// The reader of a `.tar` or `.tar.gz`: gzip (one or several members, as pigz writes) is
/// recognised by its first bytes, whatever the file's name.
///
/// # Errors
/// When the first bytes cannot be read.
pub fn decompressed<'a, R: Read + Send + 'a>(
    input: R,
) -> std::io::Result<Box<dyn Read + Send + 'a>> {
    let mut buffered = BufReader::with_capacity(256 * 1024, input);
    let head = buffered.fill_buf()?;
    Ok(if head.starts_with(&[0x1f, 0x8b]) {
        Box::new(flate2::bufread::MultiGzDecoder::new(buffered))
    } else {
        Box::new(buffered)
    })
}

/// Reads the records of a tar archive (already decompressed: see [`decompressed`]) in archive
/// order, handing each to `each` as soon as its last member is read; `each` returns false to
/// stop. At most one record is held at a time.
///
/// # Errors
/// An [`ArchiveError`] when the archive is damaged or cut short; the records before the
/// damage were handed on.
pub fn read_records<R: Read>(
    input: R,
    mut each: impl FnMut(Record) -> bool,
) -> Result<ArchiveStats, ArchiveError> {
    let mut stats = ArchiveStats::default();
    let mut last: Option<String> = None;
    let mut current: Option<Record> = None;
    let mut archive = tar::Archive::new(input);
    let fail = |stats: &ArchiveStats, last: &Option<String>, source| ArchiveError {
        records: stats.records,
        last: last.clone(),
        source,
    };
    let entries = archive.entries().map_err(|e| fail(&stats, &last, e))?;
    // Hands a finished record on; false when `each` asks to stop.
    let mut hand_on = |r: Record, stats: &mut ArchiveStats, last: &mut Option<String>| {
        stats.records += 1;
        *last = Some(r.name().to_owned());
        each(r)
    };
    for entry in entries {
        let mut entry = entry.map_err(|e| fail(&stats, &last, e))?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let path = entry.path().map_or_else(
            |_| String::from_utf8_lossy(&entry.path_bytes()).into_owned(),
            |p| p.to_string_lossy().into_owned(),
        );
        if !path.ends_with(".xml") {
            continue;
        }
        let id = id_in_path(&path).map(str::to_owned);
        // A member without an iD is a record of its own; one with the iD of the record being
        // read joins it.
        if current
            .as_ref()
            .is_some_and(|c| c.id.is_none() || c.id != id)
        {
            let done = current.take().unwrap_or_default();
            if !hand_on(done, &mut stats, &mut last) {
                return Ok(stats);
            }
        }
        let record = current.get_or_insert_with(|| Record {
            id: id.clone(),
            ..Record::default()
        });
        let size = entry.size();
        stats.members += 1;
        stats.bytes += size;
        record.bytes += size;
        let too_large = if size > MAX_DOCUMENT_SIZE as u64 {
            Some(format!(
                "{size} bytes, more than the {MAX_DOCUMENT_SIZE} of a document"
            ))
        } else if record.bytes > MAX_RECORD_SIZE as u64 {
            Some(format!(
                "the record holds more than {MAX_RECORD_SIZE} bytes"
            ))
        } else {
            None
        };
        if record.problem.is_some() || too_large.is_some() {
            // Read past it: the archive is a stream.
            std::io::copy(&mut entry, &mut std::io::sink()).map_err(|e| fail(&stats, &last, e))?;
            if let (None, Some(why)) = (&record.problem, too_large) {
                record.problem = Some((path, why));
                record.members = Vec::new();
            }
            continue;
        }
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        entry
            .read_to_end(&mut bytes)
            .map_err(|e| fail(&stats, &last, e))?;
        match String::from_utf8(bytes) {
            Ok(text) => record.members.push(Member { path, text }),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                record.problem = Some((
                    path,
                    format!("not UTF-8 (byte {at}); ORCID documents are UTF-8"),
                ));
                record.members = Vec::new();
            }
        }
    }
    if let Some(r) = current {
        hand_on(r, &mut stats, &mut last);
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_of_a_path_in_either_layout() {
        assert_eq!(
            id_in_path("summaries/097/0000-0002-1825-0097.xml"),
            Some("0000-0002-1825-0097")
        );
        assert_eq!(
            id_in_path(
                "ORCID_2024_10_activities_7/097/0000-0002-1825-0097/works/0000-0002-1825-0097_works_123.xml"
            ),
            Some("0000-0002-1825-0097")
        );
        assert_eq!(id_in_path("000-0002-1825-0097.xml"), None);
        assert_eq!(id_in_path("README.xml"), None);
    }
}
