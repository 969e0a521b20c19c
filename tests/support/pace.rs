//! A clock and a jitter for the sync tests, written on the library's `Clock` and `Jitter`
//! traits (the library keeps its own test clocks to itself).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use vitae::sync::{Clock, Jitter};

/// A clock that only moves when slept on: it records every wait.
#[derive(Debug, Clone, Default)]
pub struct ManualClock {
    state: Arc<Mutex<(Duration, Vec<Duration>)>>,
}

impl ManualClock {
    /// A clock at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every wait so far.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.state.lock().unwrap().1.clone()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Duration {
        self.state.lock().unwrap().0
    }
    fn sleep(&self, d: Duration) {
        let mut s = self.state.lock().unwrap();
        s.0 += d;
        s.1.push(d);
    }
}

/// A reproducible jitter: xorshift from a seed.
#[derive(Debug, Clone)]
pub struct SeededJitter(u64);

impl SeededJitter {
    /// A generator with this seed (not 0).
    pub fn new(seed: u64) -> Self {
        assert_ne!(seed, 0, "xorshift needs a seed other than 0");
        Self(seed)
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
