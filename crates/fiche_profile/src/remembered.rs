//! Answers already found by a lookup on strings. A scrape spells its labels,
//! categories and access lines the same way in fiche after fiche, and
//! comparing a string with the one last answered in its slot costs less
//! than walking its key through a trie.

/// The answers a lookup found for strings, each string in one slot (by its
/// length and first byte; a later string of the same slot takes its
/// place). Only answers the lookup found (`Some`) are kept, and each is
/// the lookup's own, so [`Remembered::get`] always answers as the lookup
/// does; a string it does not know costs one comparison more.
#[derive(Debug, Clone)]
pub struct Remembered<T> {
    slots: Vec<Option<(String, T)>>,
}

impl<T: Copy> Remembered<T> {
    /// How many strings are kept at most.
    const SLOTS: usize = 128;

    /// Nothing remembered yet (and nothing allocated until the first answer
    /// is looked for).
    pub fn new() -> Self {
        Remembered { slots: Vec::new() }
    }

    /// `lookup(key)`, from memory when `key` was the last string found in
    /// its slot.
    #[inline]
    pub fn get(&mut self, key: &str, lookup: impl FnOnce(&str) -> Option<T>) -> Option<T> {
        if self.slots.is_empty() {
            self.slots.resize(Self::SLOTS, None);
        }
        let first = key.as_bytes().first().map_or(0, |&b| usize::from(b));
        let slot = &mut self.slots[(key.len().wrapping_mul(31) + first) % Self::SLOTS];
        if let Some((seen, answer)) = slot
            && seen == key
        {
            return Some(*answer);
        }
        let answer = lookup(key)?;
        match slot {
            // The slot's string is reused: no allocation once warm.
            Some((seen, kept)) => {
                seen.clear();
                seen.push_str(key);
                *kept = answer;
            }
            None => *slot = Some((key.to_owned(), answer)),
        }
        Some(answer)
    }
}

impl<T: Copy> Default for Remembered<T> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::sample::select;

    /// A lookup with answers for some keys only (the sum of their bytes),
    /// counting its calls.
    fn lookup(calls: &mut usize) -> impl FnMut(&str) -> Option<usize> + '_ {
        |key| {
            *calls += 1;
            key.starts_with('a')
                .then(|| key.bytes().map(usize::from).sum())
        }
    }

    proptest::proptest! {
        /// Whatever the order, and however keys share slots, the answers
        /// are the lookup's.
        #[test]
        fn answers_as_the_lookup(
            keys in proptest::collection::vec(
                select(vec!["a", "ab", "abc", "b", "bc", "", "a\u{e9}", "aé", "abd", "ac"]),
                0..60,
            ),
        ) {
            let mut memory = Remembered::new();
            let mut calls = 0;
            for key in keys {
                let expected = lookup(&mut calls)(key);
                proptest::prop_assert_eq!(memory.get(key, lookup(&mut calls)), expected, "{:?}", key);
            }
        }
    }

    #[test]
    fn a_found_answer_is_remembered_and_a_missing_one_is_not() {
        let mut memory = Remembered::new();
        let mut calls = 0;
        assert_eq!(memory.get("abc", lookup(&mut calls)), Some(294));
        assert_eq!(memory.get("abc", lookup(&mut calls)), Some(294));
        assert_eq!(calls, 1);
        assert_eq!(memory.get("bcd", lookup(&mut calls)), None);
        assert_eq!(memory.get("bcd", lookup(&mut calls)), None);
        assert_eq!(calls, 3);
        // `abd` takes the slot of `abc` (same length and first byte).
        assert_eq!(memory.get("abd", lookup(&mut calls)), Some(295));
        assert_eq!(memory.get("abc", lookup(&mut calls)), Some(294));
        assert_eq!(calls, 5);
    }
}
