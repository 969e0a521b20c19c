//! The characters a YAML file may hold: YAML 1.2's printable set (`c-printable`), tab, line
//! feed and carriage return, U+0085, U+00A0–U+D7FF, U+E000–U+FFFD and U+10000 on, with a
//! byte order mark only at the very start. Everything else (the C0 controls but tab and line
//! breaks, DEL, the C1 controls but U+0085, U+FFFE and U+FFFF) is refused wherever it stands,
//! in a comment as in a value: yaml-rust2 takes a NUL for the end of the file and silently
//! drops what follows, and the others are mistakes (text decoded with the wrong encoding,
//! terminal escapes pasted in) that no reader should guess at.
//!
//! This is stricter than YAML 1.2 in one place: inside quoted scalars the spec lets DEL, the
//! C1 controls, U+FFFE and U+FFFF through (its `nb-json` set, for JSON compatibility); a CV has
//! no use for them, and an escape (`"\x80"`) still writes any character.

use crate::report::{Code, Diagnostic};

/// The most characters reported one by one; the rest are counted in one more diagnostic, so
/// that a binary file gives a readable report.
pub(crate) const MAX_REPORTED: usize = 100;

/// Whether YAML 1.2 allows a character in a file (`c-printable`; a byte order mark is allowed
/// here too: only its position is checked).
fn is_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Whether `text` may hold a character YAML forbids: a control byte other than tab and line
/// breaks, DEL, or the first byte of the UTF-8 forms of U+0080–U+00BF (0xC2, among them the
/// C1 controls) or of U+F000–U+FFFF (0xEF, among them U+FEFF, U+FFFE and U+FFFF). One pass
/// over the bytes without stopping early, so that it runs many bytes at a time.
fn may_hold_forbidden(text: &str) -> bool {
    text.as_bytes().iter().fold(0u8, |acc, &b| {
        let control =
            u8::from(b < 0x20) & u8::from(b != b'\t') & u8::from(b != b'\n') & u8::from(b != b'\r');
        acc | control | u8::from(b == 0x7F) | u8::from(b == 0xC2) | u8::from(b == 0xEF)
    }) != 0
}

/// What a forbidden character is, for the message.
fn describe(c: char) -> &'static str {
    match c {
        '\0' => "the control character NUL",
        '\u{7F}' => "the control character DEL",
        '\u{80}'..='\u{9F}' => {
            "a C1 control character, often from text decoded with the wrong encoding"
        }
        '\u{FEFF}' => "a byte order mark",
        '\u{FFFE}' | '\u{FFFF}' => "a noncharacter",
        _ => "a control character",
    }
}

fn message(c: char) -> String {
    let rule = if c == '\u{FEFF}' {
        "which YAML allows only at the start of a file"
    } else {
        "which YAML forbids anywhere in a file, comments included"
    };
    format!(
        "expected only characters YAML 1.2 allows, found U+{:04X} ({}), {rule}; remove it",
        c as u32,
        describe(c)
    )
}

/// Every character of `text` that YAML 1.2 forbids, each at its line and column (1-based,
/// columns in characters), the first [`MAX_REPORTED`] one by one and the others counted.
/// Empty when the text may be read as YAML.
pub(crate) fn forbidden_chars(text: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if !may_hold_forbidden(text) {
        return found;
    }
    let (mut line, mut more) = (1, 0usize);
    // The column of the character at byte `counted`: counted on from the last one found, so
    // that a long line is counted once.
    let (mut counted, mut column) = (0, 1);
    for (i, c) in text.char_indices() {
        if c == '\n' {
            line += 1;
            (counted, column) = (i + 1, 1);
            continue;
        }
        if is_printable(c) && (c != '\u{FEFF}' || i == 0) {
            continue;
        }
        if found.len() == MAX_REPORTED {
            more += 1;
            continue;
        }
        column += text[counted..i].chars().count();
        counted = i;
        found.push(
            Diagnostic::error("", message(c))
                .with_code(Code::ForbiddenCharacter)
                .at(line, column),
        );
    }
    if more > 0 {
        found.push(Diagnostic::error(
            "",
            format!(
                "found {more} more characters YAML 1.2 forbids after the {MAX_REPORTED} above; remove them"
            ),
        ).with_code(Code::ForbiddenCharacter));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character up to U+10FFFF: the quick test lets through none that the exact one
    /// refuses, and the exact one refuses exactly the characters outside `c-printable` (and a
    /// byte order mark after the start).
    #[test]
    fn refuses_exactly_what_yaml_forbids() {
        let mut refused = Vec::new();
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let text = format!("a{c}");
            let found = forbidden_chars(&text);
            if !found.is_empty() {
                assert!(may_hold_forbidden(&text));
                assert_eq!(found.len(), 1);
                assert_eq!((found[0].line, found[0].column), (Some(1), Some(2)));
                refused.push(c as u32);
            }
        }
        let expected: Vec<u32> = (0..0x20)
            .filter(|c| ![0x09, 0x0A, 0x0D].contains(c))
            .chain(0x7F..=0x84)
            .chain(0x86..=0x9F)
            .chain([0xFEFF, 0xFFFE, 0xFFFF])
            .collect();
        assert_eq!(refused, expected);
        assert!(forbidden_chars("\u{FEFF}a: 1\n").is_empty());
        assert!(forbidden_chars("a: \"\\0 \\x7f \\u0085\"\t# é ü € 😀\r\n").is_empty());
    }

    #[test]
    fn positions_count_lines_and_characters() {
        let found = forbidden_chars("a: 1\n# ü\0\u{7F}\nb: \u{80}x\n");
        let at: Vec<_> = found.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(
            at,
            [(Some(2), Some(4)), (Some(2), Some(5)), (Some(3), Some(4))]
        );
        assert!(
            found[0]
                .message
                .contains("U+0000 (the control character NUL)")
        );
    }

    #[test]
    fn a_binary_file_gives_a_bounded_report() {
        let found = forbidden_chars(&"\0".repeat(1000));
        assert_eq!(found.len(), MAX_REPORTED + 1);
        assert_eq!(found[MAX_REPORTED - 1].column, Some(MAX_REPORTED));
        let last = &found[MAX_REPORTED];
        assert_eq!(last.line, None);
        assert!(
            last.message.contains("found 900 more characters"),
            "{}",
            last.message
        );
    }
}
