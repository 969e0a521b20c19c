//! The ledger: what earlier syncs put on which record, so that the next sync finds its items
//! again by put-code and knows which are unchanged.
//!
//! A small JSON file beside the CV (`cv.yaml.orcid-ledger.json`), one list of entries per
//! record and API (a sandbox sync and a production sync of the same CV do not mix), written
//! whole or not at all (temporary file, then rename) after every successful call.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::section::Section;
use crate::types::{ItemId, OrcidId};

const FORMAT: &str = "vitae-orcid-ledger/1";

/// One item a sync put on a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct LedgerEntry {
    /// Its section.
    #[serde(with = "super::section")]
    pub section: Section,
    /// The CV item's id.
    pub id: ItemId,
    /// Its put-code on the record.
    pub put_code: u64,
    /// The content hash of the item as last written (`sha256:…` of its XML).
    pub hash: String,
}

/// The entries of one record on one API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct LedgerTarget {
    /// The API URL, e.g. `https://api.sandbox.orcid.org/v3.0`.
    pub api: String,
    /// The record.
    pub orcid: OrcidId,
    /// The API client the token belongs to (the `source` of the items it adds), once known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// The items, sorted by section and id.
    #[serde(default)]
    pub items: Vec<LedgerEntry>,
}

impl LedgerTarget {
    /// An empty target.
    pub fn new(api: &str, orcid: OrcidId) -> Self {
        Self {
            api: api.to_owned(),
            orcid,
            client_id: None,
            items: Vec::new(),
        }
    }

    /// The entry of a CV item.
    pub fn entry(&self, section: Section, id: &ItemId) -> Option<&LedgerEntry> {
        self.items
            .iter()
            .find(|e| e.section == section && e.id == *id)
    }

    /// The entry of a put-code.
    pub fn by_put_code(&self, section: Section, put_code: u64) -> Option<&LedgerEntry> {
        self.items
            .iter()
            .find(|e| e.section == section && e.put_code == put_code)
    }

    /// Records an entry, replacing any for the same item or the same put-code.
    pub fn set(&mut self, entry: LedgerEntry) {
        self.items.retain(|e| {
            e.section != entry.section || (e.id != entry.id && e.put_code != entry.put_code)
        });
        let at = self
            .items
            .partition_point(|e| (e.section, &e.id) < (entry.section, &entry.id));
        self.items.insert(at, entry);
    }

    /// Forgets the entry of a put-code.
    pub fn remove_put_code(&mut self, section: Section, put_code: u64) {
        self.items
            .retain(|e| e.section != section || e.put_code != put_code);
    }
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct LedgerDoc {
    format: String,
    #[serde(default)]
    targets: Vec<LedgerTarget>,
}

/// A ledger that cannot be read or written.
#[derive(Debug, thiserror::Error)]
#[error("ledger {path}: {message}")]
pub struct LedgerError {
    /// The file.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// The error underneath, when there is one: the [`std::io::Error`] of reading or
    /// writing, the [`serde_json::Error`] of a file that is not a ledger.
    #[source]
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// The ledger of a CV: entries per record and API, and where they are kept.
///
/// ```
/// use vitae::sync::{Ledger, LedgerEntry, Section};
/// let dir = tempfile::tempdir()?;
/// let path = Ledger::default_path(&dir.path().join("cv.yaml"));
/// assert!(path.ends_with("cv.yaml.orcid-ledger.json"));
/// let mut ledger = Ledger::open(&path)?; // none yet: empty
/// let orcid = "0000-0002-1825-0097".parse()?;
/// ledger.target_mut("https://api.sandbox.orcid.org/v3.0", &orcid).set(LedgerEntry {
///     section: Section::Work,
///     id: "2015-pixel-wise-explanations".parse()?,
///     put_code: 733536,
///     hash: "sha256:00".into(),
/// });
/// ledger.save()?;
/// let again = Ledger::open(&path)?;
/// assert_eq!(again.target("https://api.sandbox.orcid.org/v3.0", &orcid).map(|t| t.items.len()), Some(1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ledger {
    path: Option<PathBuf>,
    targets: Vec<LedgerTarget>,
}

impl Ledger {
    /// The largest ledger file read, in bytes: a ledger holds a few hundred bytes per item of
    /// a CV, whose file is at most [`MAX_FILE_SIZE`](crate::input::MAX_FILE_SIZE).
    pub const MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

    /// The ledger's file for a CV file: the CV's name with `.orcid-ledger.json` appended.
    pub fn default_path(cv: &Path) -> PathBuf {
        let mut name = cv.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".orcid-ledger.json");
        cv.with_file_name(name)
    }

    /// A ledger kept only in memory ([`Ledger::save`] does nothing).
    pub fn in_memory() -> Self {
        Self::default()
    }

    /// The ledger in a file; empty when the file does not exist yet.
    ///
    /// # Errors
    /// When the file exists but cannot be read, is not a ledger, or contradicts itself (a
    /// put-code of 0, an item or put-code listed twice).
    pub fn open(path: &Path) -> Result<Self, LedgerError> {
        let fail = |message: String| LedgerError {
            path: path.display().to_string(),
            message,
            source: None,
        };
        let bytes = match crate::input::read_bounded(path, Self::MAX_FILE_SIZE) {
            Ok(b) => b,
            Err(crate::input::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self {
                    path: Some(path.to_owned()),
                    targets: Vec::new(),
                });
            }
            Err(e) => {
                return Err(LedgerError {
                    message: e.to_string(),
                    source: Some(Box::new(e)),
                    ..fail(String::new())
                });
            }
        };
        let doc: LedgerDoc = serde_json::from_slice(&bytes).map_err(|e| LedgerError {
            message: format!(
                "not a vitae ORCID ledger ({e}); move it away to start afresh (the next sync \
                 then finds its items by their identifiers)"
            ),
            source: Some(Box::new(e)),
            ..fail(String::new())
        })?;
        if doc.format != FORMAT {
            return Err(fail(format!(
                "format {:?}, expected {FORMAT:?}",
                doc.format
            )));
        }
        for t in &doc.targets {
            let mut seen_ids = std::collections::HashSet::new();
            let mut seen_codes = std::collections::HashSet::new();
            for e in &t.items {
                if e.put_code == 0 {
                    return Err(fail(format!(
                        "{} {}: put-code 0",
                        e.section.path_segment(),
                        e.id
                    )));
                }
                if !seen_ids.insert((e.section, e.id.clone())) {
                    return Err(fail(format!(
                        "{} {} is listed twice",
                        e.section.path_segment(),
                        e.id
                    )));
                }
                if !seen_codes.insert((e.section, e.put_code)) {
                    return Err(fail(format!(
                        "{} put-code {} is listed twice",
                        e.section.path_segment(),
                        e.put_code
                    )));
                }
            }
        }
        Ok(Self {
            path: Some(path.to_owned()),
            targets: doc.targets,
        })
    }

    /// Where it is kept, if in a file.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The entries of a record on an API.
    pub fn target(&self, api: &str, orcid: &OrcidId) -> Option<&LedgerTarget> {
        self.targets
            .iter()
            .find(|t| t.api == api && t.orcid == *orcid)
    }

    /// The entries of a record on an API, created when missing.
    pub fn target_mut(&mut self, api: &str, orcid: &OrcidId) -> &mut LedgerTarget {
        let i = match self
            .targets
            .iter()
            .position(|t| t.api == api && t.orcid == *orcid)
        {
            Some(i) => i,
            None => {
                self.targets.push(LedgerTarget::new(api, orcid.clone()));
                self.targets
                    .sort_by(|a, b| (&a.api, &a.orcid).cmp(&(&b.api, &b.orcid)));
                self.targets
                    .iter()
                    .position(|t| t.api == api && t.orcid == *orcid)
                    .unwrap_or(0)
            }
        };
        &mut self.targets[i]
    }

    /// The ledger as JSON (sorted, so the same ledger gives the same bytes).
    pub fn to_json(&self) -> String {
        let doc = LedgerDoc {
            format: FORMAT.to_owned(),
            targets: self.targets.clone(),
        };
        let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Writes the ledger to its file, atomically: a temporary file beside it, synced, then
    /// renamed over it.
    ///
    /// # Errors
    /// When the file cannot be written.
    pub fn save(&self) -> Result<(), LedgerError> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let fail = |e: std::io::Error| LedgerError {
            path: path.display().to_string(),
            message: format!("cannot write: {e}"),
            source: Some(Box::new(e)),
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
        tmp.write_all(self.to_json().as_bytes()).map_err(fail)?;
        tmp.as_file().sync_all().map_err(fail)?;
        tmp.persist(path).map_err(|e| fail(e.error))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, pc: u64) -> LedgerEntry {
        LedgerEntry {
            section: Section::Work,
            id: id.parse().unwrap(),
            put_code: pc,
            hash: "sha256:0".into(),
        }
    }

    #[test]
    fn set_replaces_item_and_put_code() {
        let mut t = LedgerTarget::new("https://x", "0000-0002-1825-0097".parse().unwrap());
        t.set(entry("b", 2));
        t.set(entry("a", 1));
        t.set(entry("a", 3));
        t.set(entry("c", 2));
        let got: Vec<(&str, u64)> = t
            .items
            .iter()
            .map(|e| (e.id.as_str(), e.put_code))
            .collect();
        assert_eq!(got, vec![("a", 3), ("c", 2)]);
    }

    #[test]
    fn refuses_contradictions() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("l.json");
        std::fs::write(
            &p,
            r#"{"format":"vitae-orcid-ledger/1","targets":[{"api":"https://x","orcid":"0000-0002-1825-0097","items":[
              {"section":"work","id":"a","put-code":0,"hash":"sha256:0"}]}]}"#,
        )
        .unwrap();
        assert!(Ledger::open(&p).unwrap_err().message.contains("put-code 0"));
        std::fs::write(&p, "{").unwrap();
        assert!(Ledger::open(&p).is_err());
    }
}
