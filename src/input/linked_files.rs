//! The local files a CV links (`links: [{file: papers/x.pdf}]`): each must be a readable
//! regular file of at most [`MAX_LINKED_FILE_SIZE`] bytes, checked at load when the CV has a
//! directory; a person's profile must be a URL (a page elsewhere), not a file.

use std::path::Path;

use crate::model::{Cv, LinkTarget};
use crate::report::{Code, Diagnostic};

/// The largest local file a link may name (a PDF of a thesis with figures fits), in bytes.
/// `vitae site` reads it with this cap ([`super::read_bounded`]).
pub const MAX_LINKED_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// Checks every local file of the works' links against `base` (the CV's directory) and
/// refuses a profile that is a file; one error per problem, at the field's path.
pub(crate) fn check(cv: &Cv, base: Option<&Path>, diags: &mut Vec<Diagnostic>) {
    for (k, l) in cv.person.profiles.iter().enumerate() {
        if let LinkTarget::File(p) = &l.target {
            diags.push(
                Diagnostic::error(
                    format!("person.profiles[{k}].file"),
                    format!(
                        "expected `url` (a profile is a page elsewhere), found the local file {:?}",
                        p.display().to_string()
                    ),
                )
                .with_code(Code::InvalidValue),
            );
        }
    }
    let Some(base) = base else {
        return;
    };
    for (i, w) in cv.works.iter().enumerate() {
        for (k, l) in w.links.iter().enumerate() {
            let LinkTarget::File(p) = &l.target else {
                continue;
            };
            if let Err(found) = readable(&base.join(p)) {
                diags.push(Diagnostic::error(
                    format!("works[{i}].links[{k}].file"),
                    format!(
                        "expected a file of at most {MAX_LINKED_FILE_SIZE} bytes at {}, found {found}",
                        base.join(p).display()
                    ),
                ).with_code(Code::Unreadable));
            }
        }
    }
}

/// `Ok` for a regular file within the cap, else what was found instead.
fn readable(path: &Path) -> Result<(), String> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err("no such file".into()),
        Err(e) => Err(format!("a file that cannot be read ({e})")),
        Ok(m) if !m.is_file() => Err("something that is not a regular file".into()),
        Ok(m) if m.len() > MAX_LINKED_FILE_SIZE => Err(format!("{} bytes", m.len())),
        Ok(_) => std::fs::File::open(path)
            .map(drop)
            .map_err(|e| format!("a file that cannot be read ({e})")),
    }
}
