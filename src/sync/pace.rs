//! Keeping to ORCID's rate limit (24 requests a second, bursts of 40) with a token bucket,
//! and backing off with jitter when the server says 503 or 429 anyway.
//!
//! Time and randomness are injected ([`Clock`], [`Jitter`]) so that tests run without
//! waiting and with the same delays every time.

#[cfg(test)]
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A monotonic clock that can wait.
pub trait Clock: Send {
    /// Time since some fixed start.
    fn now(&self) -> Duration;
    /// Waits.
    fn sleep(&self, d: Duration);
}

/// The real clock.
#[derive(Debug, Clone)]
pub struct SystemClock {
    start: Instant,
}

impl SystemClock {
    /// A clock starting now.
    pub fn new() -> Self {
        Self {
            start: Instant::now(),
        }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.start.elapsed()
    }
    fn sleep(&self, d: Duration) {
        std::thread::sleep(d);
    }
}

/// A clock that only moves when slept on, for tests: it records every wait.
#[cfg(test)]
#[derive(Debug, Clone, Default)]
pub(crate) struct ManualClock {
    state: Arc<Mutex<(Duration, Vec<Duration>)>>,
}

#[cfg(test)]
impl ManualClock {
    /// A clock at zero.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Every wait so far.
    pub(crate) fn sleeps(&self) -> Vec<Duration> {
        self.state.lock().map(|s| s.1.clone()).unwrap_or_default()
    }
}

#[cfg(test)]
impl Clock for ManualClock {
    fn now(&self) -> Duration {
        self.state.lock().map(|s| s.0).unwrap_or_default()
    }
    fn sleep(&self, d: Duration) {
        if let Ok(mut s) = self.state.lock() {
            s.0 += d;
            s.1.push(d);
        }
    }
}

/// A source of jitter: numbers in `[0, 1)`.
pub trait Jitter: Send {
    /// The next number.
    fn next_unit(&mut self) -> f64;
}

/// A small xorshift generator: seeded from the time by default, or with a fixed seed for
/// reproducible delays.
#[derive(Debug, Clone)]
pub(crate) struct SeededJitter(u64);

impl SeededJitter {
    /// A generator with this seed (0 is replaced by a fixed non-zero seed).
    pub(crate) fn new(seed: u64) -> Self {
        Self(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// A generator seeded from the clock and the process id.
    pub(crate) fn from_time() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1);
        Self::new(nanos ^ (u64::from(std::process::id()) << 32))
    }
}

impl Jitter for SeededJitter {
    fn next_unit(&mut self) -> f64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// How fast requests may go: `rate` a second on average, at most `burst` at once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Requests a second.
    pub rate: f64,
    /// Requests at once.
    pub burst: u32,
}

impl RateLimit {
    /// ORCID's limit: 24 requests a second, bursts of 40.
    pub const ORCID: RateLimit = RateLimit {
        rate: 24.0,
        burst: 40,
    };

    /// What a client keeps to by default: 10 % under ORCID's limit (21.6 a second, bursts
    /// of 36), so that requests bunched up by the network do not arrive past the server's
    /// bucket.
    pub const CLIENT: RateLimit = RateLimit {
        rate: 21.6,
        burst: 36,
    };
}

/// How to retry when the server says 503 or 429: up to `retries` times, waiting
/// `base * 2^attempt` (at most `max`), or what `Retry-After` asks, each wait scaled by a
/// random factor between 0.5 and 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Retries after the first attempt.
    pub retries: u32,
    /// The first wait.
    pub base: Duration,
    /// The longest wait.
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            retries: 6,
            base: Duration::from_millis(500),
            max: Duration::from_secs(30),
        }
    }
}

/// The pace of requests: a token bucket and the backoff policy.
pub struct Pacer {
    clock: Box<dyn Clock>,
    jitter: Box<dyn Jitter>,
    limit: RateLimit,
    backoff: Backoff,
    tokens: f64,
    last: Duration,
}

impl std::fmt::Debug for Pacer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pacer")
            .field("limit", &self.limit)
            .field("backoff", &self.backoff)
            .field("tokens", &self.tokens)
            .finish_non_exhaustive()
    }
}

impl Default for Pacer {
    fn default() -> Self {
        Self::new(
            RateLimit::CLIENT,
            Backoff::default(),
            Box::new(SystemClock::new()),
            Box::new(SeededJitter::from_time()),
        )
    }
}

impl Pacer {
    /// A pacer with a full bucket.
    pub fn new(
        limit: RateLimit,
        backoff: Backoff,
        clock: Box<dyn Clock>,
        jitter: Box<dyn Jitter>,
    ) -> Self {
        let last = clock.now();
        Self {
            clock,
            jitter,
            limit,
            backoff,
            tokens: f64::from(limit.burst),
            last,
        }
    }

    /// The backoff policy.
    pub fn backoff(&self) -> Backoff {
        self.backoff
    }

    fn refill(&mut self) {
        let now = self.clock.now();
        let elapsed = now.saturating_sub(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.limit.rate).min(f64::from(self.limit.burst));
    }

    /// Waits until a request may be sent, and takes its token.
    pub fn acquire(&mut self) {
        self.refill();
        if self.tokens < 1.0 && self.limit.rate > 0.0 {
            let wait = Duration::from_secs_f64((1.0 - self.tokens) / self.limit.rate);
            self.clock.sleep(wait);
            self.refill();
        }
        self.tokens = (self.tokens - 1.0).max(0.0);
    }

    /// After a 503 or 429: empties the bucket and waits before retry `attempt` (0-based):
    /// `Retry-After` seconds when the server gave them, else the exponential delay; scaled
    /// by jitter.
    pub fn back_off(&mut self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        // The bucket starts empty and refills while waiting, as the server's does.
        self.tokens = 0.0;
        self.last = self.clock.now();
        let exp = self
            .backoff
            .base
            .saturating_mul(2u32.saturating_pow(attempt.min(16)))
            .min(self.backoff.max);
        let base = retry_after.map_or(exp, |r| r.min(self.backoff.max).max(exp / 2));
        let factor = 0.5 + 0.5 * self.jitter.next_unit();
        let wait = base.mul_f64(factor);
        self.clock.sleep(wait);
        wait
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_allows_the_burst_then_the_rate() {
        let clock = ManualClock::new();
        let mut p = Pacer::new(
            RateLimit::ORCID,
            Backoff::default(),
            Box::new(clock.clone()),
            Box::new(SeededJitter::new(1)),
        );
        for _ in 0..40 {
            p.acquire();
        }
        assert!(clock.sleeps().is_empty(), "the burst goes without waiting");
        for _ in 0..24 {
            p.acquire();
        }
        let waited: Duration = clock.sleeps().iter().sum();
        assert!(
            (waited.as_secs_f64() - 1.0).abs() < 0.01,
            "24 more take one second, took {waited:?}"
        );
    }

    #[test]
    fn backoff_grows_with_jitter_and_is_reproducible() {
        let run = || {
            let clock = ManualClock::new();
            let mut p = Pacer::new(
                RateLimit::ORCID,
                Backoff::default(),
                Box::new(clock.clone()),
                Box::new(SeededJitter::new(7)),
            );
            (0..4).map(|a| p.back_off(a, None)).collect::<Vec<_>>()
        };
        let a = run();
        assert_eq!(a, run());
        for (i, w) in a.iter().enumerate() {
            let full = Duration::from_millis(500) * 2u32.pow(i as u32);
            assert!(*w >= full / 2 && *w <= full, "{i}: {w:?}");
        }
        let clock = ManualClock::new();
        let mut p = Pacer::new(
            RateLimit::ORCID,
            Backoff::default(),
            Box::new(clock),
            Box::new(SeededJitter::new(7)),
        );
        let w = p.back_off(0, Some(Duration::from_secs(10)));
        assert!(w >= Duration::from_secs(5) && w <= Duration::from_secs(10));
    }
}
