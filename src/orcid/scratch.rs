//! A buffer kept per thread for text that is built piece by piece and then kept (documents,
//! citations): the text is built in the buffer, which has already grown to the size such texts
//! have, and copied once into a string of its own size — rather than growing a new string by
//! copies, to up to twice the size it needs, for every text.

use std::cell::Cell;

thread_local! {
    static BUFFER: Cell<String> = const { Cell::new(String::new()) };
}

/// The largest buffer kept for the next text.
const KEPT: usize = 1 << 20;

/// The text `build` writes (into an empty buffer), or its error.
pub(crate) fn try_text<E>(build: impl FnOnce(&mut String) -> Result<(), E>) -> Result<String, E> {
    // A text built while another is (none is now) finds the cell empty and starts a new buffer.
    let mut buffer = BUFFER.take();
    buffer.clear();
    let done = build(&mut buffer);
    let text = done.map(|()| buffer.as_str().to_owned());
    if buffer.capacity() <= KEPT {
        BUFFER.set(buffer);
    }
    text
}

/// The text `build` writes (into an empty buffer).
pub(crate) fn text(build: impl FnOnce(&mut String)) -> String {
    match try_text(|b| {
        build(b);
        Ok::<(), std::convert::Infallible>(())
    }) {
        Ok(t) => t,
        Err(never) => match never {},
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn texts_are_their_own_and_the_buffer_comes_back_empty() {
        let a = super::text(|b| b.push_str("first"));
        let b = super::text(|b| b.push_str("2nd"));
        assert_eq!((a.as_str(), b.as_str()), ("first", "2nd"));
        assert_eq!(b.capacity(), 3);
        let nested = super::text(|b| {
            b.push_str("outer ");
            b.push_str(&super::text(|i| i.push_str("inner")));
        });
        assert_eq!(nested, "outer inner");
        let e: Result<String, &str> = super::try_text(|b| {
            b.push_str("half");
            Err("no")
        });
        assert_eq!(e, Err("no"));
        assert_eq!(super::text(|_| {}), "");
    }
}
