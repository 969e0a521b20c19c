//! Eight bytes tested at once, for the writers that look for the few bytes they escape
//! (`lines.rs`): the bit tricks that find a zero byte in a word. A flag is
//! exact for the lowest (first) byte that matches; bytes above it may be flagged falsely,
//! so callers use only the lowest flag, or only whether there is one.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The eight bytes of `chunk` as a word, the first byte lowest.
pub(crate) fn word(chunk: &[u8]) -> u64 {
    let mut w = [0; 8];
    w.copy_from_slice(chunk);
    u64::from_le_bytes(w)
}

/// Flags (the high bit of a byte) the bytes of `x` below `n` (`n <= 0x80`).
pub(crate) fn below(x: u64, n: u8) -> u64 {
    x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH
}

/// Flags the bytes of `x` equal to `b`.
pub(crate) fn equal(x: u64, b: u8) -> u64 {
    below(x ^ (ONES * u64::from(b)), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_flag_is_the_first_matching_byte() {
        for n in [0x01, 0x20, 0x80] {
            for at in 0..8 {
                for b in 0..=255u8 {
                    let mut bytes = [0xFFu8; 8];
                    bytes[at] = b;
                    let flags = below(word(&bytes), n);
                    assert_eq!(flags != 0, b < n, "{b:#x} below {n:#x}");
                    let flags = equal(word(&bytes), b'"');
                    assert_eq!(flags != 0, b == b'"');
                }
            }
        }
    }
}
