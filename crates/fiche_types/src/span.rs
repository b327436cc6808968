//! Byte spans on decoded text, and the line index that turns them into
//! 1-based line and column numbers when a diagnostic is rendered.

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

/// Start offsets of every line of a text, for offset → (line, column).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// The line number of the text's first line, minus one.
    before: u32,
}

impl LineIndex {
    /// Indexes `text`, whose lines end with `\n` (decoding unifies line endings).
    pub fn new(text: &str) -> Self {
        Self::starting_at(text, 1)
    }

    /// Indexes `text`, a part of an input whose first line is line `first_line` (1-based).
    pub fn starting_at(text: &str, first_line: u32) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            starts,
            before: first_line.saturating_sub(1),
        }
    }

    /// 1-based line number of the byte at `offset`.
    pub fn line(&self, offset: usize) -> u32 {
        let idx = self.starts.partition_point(|&s| s <= offset);
        u32::try_from(idx.max(1))
            .unwrap_or(u32::MAX)
            .saturating_add(self.before)
    }

    /// Byte offset of the start of the line holding the byte at `offset`.
    pub fn line_start(&self, offset: usize) -> usize {
        let idx = self.starts.partition_point(|&s| s <= offset);
        self.starts[idx.max(1) - 1]
    }

    /// 1-based line and column (counted in characters) of the byte at `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let line = self.line(offset);
        let start = self.starts[(line - self.before) as usize - 1];
        let offset = offset.min(text.len());
        let col = text
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
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 2), (1, 3));
        assert_eq!(idx.line_col(text, 3), (2, 1));
        // "çé " is 5 bytes but 3 characters.
        assert_eq!(idx.line_col(text, 3 + 5), (2, 4));
        assert_eq!(idx.line_col(text, 10), (3, 1));
        assert_eq!(idx.line_col(text, text.len()), (4, 5));
        assert_eq!(idx.line_start(3 + 5), 3);
        assert_eq!(idx.line_start(2), 0);
        let later = LineIndex::starting_at(text, 10);
        assert_eq!(later.line_col(text, 3 + 5), (11, 4));
        assert_eq!(later.line(0), 10);
    }
}
