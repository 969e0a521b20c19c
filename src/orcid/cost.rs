//! A count of the steps of an import that could grow faster than its input, kept only in
//! the library's own tests: a test reads N and 4N works and checks that the count grows
//! fourfold, not sixteenfold, so a quadratic step comes back as a failing test rather than
//! as a slow import (timings are too noisy to test).
//!
//! Counted: the bytes scanned for line numbers, and the entries looked at while matching
//! items across documents and resolving links between works.

#[cfg(test)]
thread_local! {
    static STEPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts `n` steps (nothing outside tests).
#[inline]
pub(crate) fn add(n: usize) {
    #[cfg(test)]
    STEPS.with(|s| s.set(s.get() + n as u64));
    #[cfg(not(test))]
    let _ = n;
}

/// The steps counted on this thread since the last call, and a fresh count.
#[cfg(test)]
pub(crate) fn take() -> u64 {
    STEPS.with(|s| s.replace(0))
}
