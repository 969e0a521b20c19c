//! Deterministic synthetic inputs for vitae's benches and tests, and the `synthetic`
//! example: CVs of `n` journal articles ([`cv::cv_yaml`]) and ORCID records and archives in
//! the layout of ORCID's public data file ([`orcid_records`]). The same arguments always give
//! the same bytes.
//!
//! A crate of its own (a dev-dependency of vitae, never published) so that the benches, the
//! tests and the example share it as an ordinary dependency: no target pulls another's
//! source in by `#[path]`, and vitae's public API does not carry it.

pub mod cv;
pub mod orcid_records;

/// A xorshift64* generator: small, fast, deterministic.
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed` (0 is taken as 1).
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    /// The next number.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    /// Log-uniform in `lo..=hi`: as many records of 10–100 works as of 100–1,000.
    pub fn log_uniform(&mut self, lo: u64, hi: u64) -> u64 {
        let (l, h) = ((lo as f64).ln(), ((hi + 1) as f64).ln());
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((l + u * (h - l)).exp() as u64).clamp(lo, hi)
    }
}
