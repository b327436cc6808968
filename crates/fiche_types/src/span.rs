//! Byte spans on decoded text, and the line index that turns them into
//! 1-based line and column numbers when a diagnostic is rendered.

use std::cell::Cell;

/// A half-open byte range `start..end` in the decoded text of one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (`start <= end`).
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// Offset → (line, column) on a text. Line numbers are counted from a
/// cursor that moves to each offset asked about, counting the line breaks
/// passed (a vectorised count): asked about in text order, as records and
/// their diagnostics are, the text is counted about once, and nothing is
/// stored per line.
#[derive(Debug, Clone)]
pub struct LineIndex<'t> {
    text: &'t str,
    /// The line number of the text's first line, minus one.
    before: u32,
    /// The last offset asked about, and the line breaks before it.
    cursor: Cell<(usize, usize)>,
}

impl<'t> LineIndex<'t> {
    /// Indexes `text`, whose lines end with `\n` (decoding unifies line endings).
    pub fn new(text: &'t str) -> Self {
        Self::starting_at(text, 1)
    }

    /// Indexes `text`, a part of an input whose first line is line `first_line` (1-based).
    pub fn starting_at(text: &'t str, first_line: u32) -> Self {
        LineIndex {
            text,
            before: first_line.saturating_sub(1),
            cursor: Cell::new((0, 0)),
        }
    }

    /// How many line breaks come before byte `offset` (at most the text's length).
    fn breaks_before(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let offset = offset.min(bytes.len());
        let (at, breaks) = self.cursor.get();
        let breaks = if offset >= at {
            breaks + memchr::memchr_iter(b'\n', &bytes[at..offset]).count()
        } else {
            breaks - memchr::memchr_iter(b'\n', &bytes[offset..at]).count()
        };
        self.cursor.set((offset, breaks));
        breaks
    }

    /// 1-based line number of the byte at `offset`.
    pub fn line(&self, offset: usize) -> u32 {
        u32::try_from(self.breaks_before(offset) + 1)
            .unwrap_or(u32::MAX)
            .saturating_add(self.before)
    }

    /// Byte offset of the start of the line holding the byte at `offset`.
    pub fn line_start(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        memchr::memrchr(b'\n', &bytes[..offset.min(bytes.len())]).map_or(0, |i| i + 1)
    }

    /// 1-based line and column (counted in characters) of the byte at `offset`.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let line = self.line(offset);
        let start = self.line_start(offset);
        let offset = offset.min(self.text.len());
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |prefix| prefix.chars().count());
        (line, u32::try_from(col + 1).unwrap_or(u32::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based_and_count_characters() {
        let text = "ab\nçé x\n\nlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(2), (1, 3));
        assert_eq!(idx.line_col(3), (2, 1));
        // "çé " is 5 bytes but 3 characters.
        assert_eq!(idx.line_col(3 + 5), (2, 4));
        assert_eq!(idx.line_col(10), (3, 1));
        assert_eq!(idx.line_col(text.len()), (4, 5));
        assert_eq!(idx.line_start(3 + 5), 3);
        assert_eq!(idx.line_start(2), 0);
        let later = LineIndex::starting_at(text, 10);
        assert_eq!(later.line_col(3 + 5), (11, 4));
        assert_eq!(later.line(0), 10);
    }

    /// The definition: every line's start, found once.
    fn starts(text: &str) -> Vec<usize> {
        std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect()
    }

    proptest::proptest! {
        /// Asked in any order, the cursor gives what a table of line starts gives.
        #[test]
        fn the_cursor_agrees_with_the_line_starts(
            text in "(a|é|\n| ){0,30}",
            offsets in proptest::collection::vec(0usize..40, 0..12),
        ) {
            let idx = LineIndex::starting_at(&text, 7);
            let starts = starts(&text);
            for offset in offsets {
                let n = starts.partition_point(|&s| s <= offset);
                let line = u32::try_from(n).unwrap_or(u32::MAX) + 6;
                proptest::prop_assert_eq!(idx.line(offset), line);
                proptest::prop_assert_eq!(idx.line_start(offset), starts[n - 1]);
            }
        }
    }
}
