//! Searching text for rare bytes eight at a time, for the stages' hot
//! loops (JSON escapes, digits): a word test says which eight-byte words
//! may hold one, and only those are looked at byte by byte.

/// Eight copies of a byte, for word-at-a-time tests.
pub const fn splat(byte: u8) -> u64 {
    u64::from_ne_bytes([byte; 8])
}

/// The index of the first byte of `bytes` that is `wanted`. `may_hold` must
/// be true of every eight-byte word (bytes in order, `u64::from_ne_bytes`)
/// that holds a wanted byte; words it rejects are skipped whole.
pub fn first_byte(
    bytes: &[u8],
    may_hold: impl Fn(u64) -> bool,
    wanted: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut at = 0;
    for chunk in bytes.chunks_exact(8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        if may_hold(u64::from_ne_bytes(word)) {
            break;
        }
        at += 8;
    }
    bytes[at..].iter().position(|&b| wanted(b)).map(|k| at + k)
}

/// Every byte at every place of an eight-byte word of plain letters, as
/// `(byte, place, word)`: what a word test must be checked against.
pub fn each_byte_at_each_place() -> impl Iterator<Item = (u8, usize, u64)> {
    (0..=u8::MAX).flat_map(|byte| {
        (0..8).map(move |place| {
            let mut word = *b"abcdefgh";
            word[place] = byte;
            (byte, place, u64::from_ne_bytes(word))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether a word holds an `x`: exact, by bytes.
    fn has_x(word: u64) -> bool {
        word.to_ne_bytes().contains(&b'x')
    }

    proptest::proptest! {
        /// The first wanted byte, whatever the length and the place.
        #[test]
        fn finds_the_first_wanted_byte(text in "[a-z]{0,30}") {
            let bytes = text.as_bytes();
            let expected = bytes.iter().position(|&b| b == b'x');
            proptest::prop_assert_eq!(first_byte(bytes, has_x, |b| b == b'x'), expected);
            // A word test that always says maybe gives the same answer.
            proptest::prop_assert_eq!(first_byte(bytes, |_| true, |b| b == b'x'), expected);
        }
    }

    #[test]
    fn each_byte_comes_once_at_each_place() {
        let all: Vec<(u8, usize, u64)> = each_byte_at_each_place().collect();
        assert_eq!(all.len(), 256 * 8);
        for (byte, place, word) in all {
            let bytes = word.to_ne_bytes();
            assert_eq!(bytes[place], byte);
            let mut others = bytes;
            others[place] = b"abcdefgh"[place];
            assert_eq!(&others, b"abcdefgh");
        }
    }

    #[test]
    fn splat_repeats_the_byte() {
        assert_eq!(splat(0x20).to_ne_bytes(), [0x20; 8]);
    }
}
