//! Reading a user-supplied file with a size cap that holds while reading.
//!
//! A size taken from the file's metadata bounds nothing for `/dev/zero` (behind a symbolic
//! link or not), a FIFO, or a file that grows while read: their size says 0 or is stale.
//! [`read_bounded`] reads at most `cap + 1` bytes, whatever the file is, and refuses the file
//! as soon as more than `cap` arrive; a regular file larger than the cap is refused before
//! any of it is read.

use std::io::Read;
use std::path::Path;

/// Why a file could not be read within its cap.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    /// A regular file whose size is over the cap: nothing of it was read.
    #[error("expected a file of at most {cap} bytes, found {len} bytes; refused")]
    TooLarge {
        /// The cap, in bytes.
        cap: u64,
        /// The file's size, in bytes.
        len: u64,
    },
    /// More than the cap arrived (a device, a pipe, or a file that grew): reading stopped
    /// there.
    #[error(
        "expected a file of at most {cap} bytes, found more (a device, a pipe or a growing file?); refused, reading stopped at the cap"
    )]
    OverCap {
        /// The cap, in bytes.
        cap: u64,
    },
}

/// The bytes of the file at `path`, refused when there are more than `cap`.
///
/// # Errors
/// When the file cannot be read, or holds more than `cap` bytes: then at most `cap + 1`
/// bytes were read.
///
/// ```
/// use vitae::input::{ReadError, read_bounded};
/// let dir = tempfile::tempdir()?;
/// let p = dir.path().join("cv.yaml");
/// std::fs::write(&p, "person: {}\n")?;
/// assert_eq!(read_bounded(&p, 11)?, b"person: {}\n");
/// assert!(matches!(read_bounded(&p, 10), Err(ReadError::TooLarge { cap: 10, len: 11 })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_bounded(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    let mut bytes = Vec::new();
    if meta.is_file() {
        if meta.len() > cap {
            return Err(ReadError::TooLarge {
                cap,
                len: meta.len(),
            });
        }
        // The usual case: the whole file at once, without growing the buffer.
        bytes.reserve_exact(usize::try_from(meta.len()).unwrap_or(0).saturating_add(1));
    }
    file.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::OverCap { cap });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_up_to_the_cap_and_refuses_past_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, [b'x'; 100]).unwrap();
        assert_eq!(read_bounded(&p, 100).unwrap().len(), 100);
        assert!(matches!(
            read_bounded(&p, 99),
            Err(ReadError::TooLarge { cap: 99, len: 100 })
        ));
        assert!(matches!(
            read_bounded(&dir.path().join("none"), 100),
            Err(ReadError::Io(_))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn an_endless_device_is_refused_at_the_cap() {
        let e = read_bounded(Path::new("/dev/zero"), 1 << 20).unwrap_err();
        assert!(
            matches!(e, ReadError::OverCap { cap } if cap == 1 << 20),
            "{e}"
        );
        assert!(e.to_string().contains("at most 1048576 bytes"), "{e}");
    }
}
