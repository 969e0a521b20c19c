//! What the `biblatex` crate leaves of LaTeX after decoding, made plain text: font commands
//! (`\emph{x}`, `\textbf{x}`, `\em`) become their text, `\relax` and stray braces go, a
//! dotless i under an accent (`{\'\i}`) becomes the accented letter. Math (`$…$`) is kept as
//! written.

use unicode_normalization::UnicodeNormalization;

/// Commands dropped to their argument (or to nothing, when they take none).
const FONT_COMMANDS: &[&str] = &[
    "emph",
    "textbf",
    "textit",
    "textsl",
    "textsc",
    "texttt",
    "textrm",
    "textsf",
    "textup",
    "textmd",
    "textnormal",
    "mbox",
    "text",
    "uppercase",
    "lowercase",
];

/// Switches that take no argument and only change the font.
const SWITCHES: &[&str] = &[
    "em",
    "bf",
    "it",
    "sl",
    "sc",
    "tt",
    "rm",
    "sf",
    "relax",
    "normalfont",
    "bfseries",
    "itshape",
    "scshape",
    "upshape",
    "mdseries",
    "protect",
];

/// Plain text from a value `biblatex` decoded.
pub(super) fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.char_indices().peekable();
    let mut in_math = false;
    while let Some((i, c)) = chars.next() {
        if c == '$' {
            in_math = !in_math;
            out.push(c);
            continue;
        }
        if in_math {
            out.push(c);
            continue;
        }
        match c {
            '\\' => {
                let rest = &s[i + 1..];
                let name_len = rest
                    .find(|c: char| !c.is_ascii_alphabetic())
                    .unwrap_or(rest.len());
                let name = &rest[..name_len];
                // `{\'\i}` comes decoded as `\` + accent + `i`: the accented letter.
                let mut after = rest.chars();
                if let (Some(accent), Some(letter @ ('i' | 'j'))) = (after.next(), after.next())
                    && is_combining(accent)
                {
                    chars.next();
                    chars.next();
                    out.push(letter);
                    out.push(accent);
                    continue;
                }
                if FONT_COMMANDS.contains(&name) || SWITCHES.contains(&name) {
                    for _ in 0..name_len {
                        chars.next();
                    }
                    // A switch swallows the space after it, as TeX does.
                    if SWITCHES.contains(&name) && rest[name_len..].starts_with(' ') {
                        chars.next();
                    }
                } else if name == "i" || name == "j" {
                    chars.next();
                    out.push(if name == "i" { 'i' } else { 'j' });
                } else {
                    out.push(c);
                }
            }
            '{' | '}' => {}
            '~' => out.push(' '),
            _ => out.push(c),
        }
    }
    out.nfc().collect()
}

fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn font_commands_become_their_text() {
        assert_eq!(plain(r"A \emph{big} \textbf{bold} word"), "A big bold word");
        assert_eq!(plain(r"\em z \relax q"), "z q");
        assert_eq!(plain(r"$\mathbf{x}^2$ {NASA}"), r"$\mathbf{x}^2$ NASA");
        assert_eq!(plain("Garc\\\u{301}ia~Lorca"), "García Lorca");
    }
}
