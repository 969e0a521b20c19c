//! The JSON-LD as an HTML `<script type="application/ld+json">` block, ready to paste into a
//! page's `<head>`.
//!
//! Inside a `<script>` element the HTML parser ends the script at the first `</script` and
//! treats `<!--` specially, whatever the JSON means. So every `<`, `>` and `&` in the JSON
//! (they can only occur inside strings) is written as `\u003c`, `\u003e`, `\u0026`: the same
//! JSON value, and no CV text can end the block early.

use std::io::Write;

use super::jsonld::JsonLd;
use super::{ExportError, Options};
use crate::model::Cv;

/// The HTML writer.
///
/// ```
/// let cv = vitae::from_str(r#"
/// person: {given-names: Ada, family-name: Lovelace}
/// works:
///   - {type: other, title: "A </script><!-- trap", date: 2024}
/// "#, vitae::InputFormat::Yaml)?.cv;
/// let html = vitae::export::Html::new().to_string(&cv)?;
/// assert_eq!(html.matches("</script>").count(), 1);
/// assert!(html.contains(r"A \u003c/script\u003e\u003c!-- trap"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Html {
    options: Options,
}

impl Html {
    /// Public data, base IRI from the CV.
    pub fn new() -> Self {
        Self::default()
    }

    /// All options at once.
    pub fn with_options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// The `<script>` block, ending in a newline.
    ///
    /// # Errors
    /// [`ExportError::Iri`] when a URL of the CV cannot be made an IRI.
    pub fn to_string(&self, cv: &Cv) -> Result<String, ExportError> {
        let mut out = Vec::new();
        self.write_block(cv, &mut out)?;
        String::from_utf8(out).map_err(|e| ExportError::Io(std::io::Error::other(e)))
    }

    /// Writes the `<script>` block.
    ///
    /// # Errors
    /// [`ExportError::Iri`] as [`to_string`](Self::to_string); [`ExportError::Io`] when
    /// writing fails.
    pub fn to_writer(&self, cv: &Cv, w: impl Write) -> Result<(), ExportError> {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
        self.write_block(cv, &mut w)?;
        w.flush()?;
        Ok(())
    }

    /// The block, the JSON-LD escaped as it is written.
    fn write_block(&self, cv: &Cv, mut w: impl Write) -> Result<(), ExportError> {
        w.write_all(b"<script type=\"application/ld+json\">\n")?;
        // The JSON-LD ends in a newline, which the block keeps before `</script>`.
        JsonLd::new()
            .with_options(self.options.clone())
            .to_writer_pretty(cv, ScriptEscape(&mut w))?;
        w.write_all(b"</script>\n")?;
        Ok(())
    }
}

/// A writer of JSON text made safe inside `<script>`: `<`, `>`, `&` as JSON `\u` escapes
/// (they can only occur inside strings, where the escape means the same character).
pub(crate) struct ScriptEscape<W>(pub(crate) W);

impl<W: Write> Write for ScriptEscape<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut last = 0;
        for i in memchr::memchr3_iter(b'<', b'>', b'&', buf) {
            let escaped: &[u8] = match buf[i] {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                _ => b"\\u0026",
            };
            self.0.write_all(&buf[last..i])?;
            self.0.write_all(escaped)?;
            last = i + 1;
        }
        self.0.write_all(&buf[last..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}
