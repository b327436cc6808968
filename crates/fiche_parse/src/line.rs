//! Lines of the decoded text, each with its byte span.

use fiche_types::Span;

/// One line (without its `\n`), or a part of one, and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'t> {
    /// The text.
    pub text: &'t str,
    /// Its byte span in the decoded input.
    pub span: Span,
}

impl<'t> Line<'t> {
    /// Whether the line holds only whitespace (no-break spaces included).
    pub fn is_blank(&self) -> bool {
        match self.text.as_bytes().first() {
            // Most lines start with an ASCII letter, digit or sign.
            Some(&b) if b.is_ascii() && !is_space(b) => false,
            // Trimming stops at the first other character.
            _ => self.text.trim_start().is_empty(),
        }
    }

    /// The part of this line from byte `start` to byte `end` of its text.
    pub fn slice(&self, start: usize, end: usize) -> Line<'t> {
        Line {
            text: &self.text[start..end],
            span: Span::new(self.span.start + start, self.span.start + end),
        }
    }

    /// The part of this line that `part` (a subslice of its text) is.
    pub fn sub(&self, part: &'t str) -> Line<'t> {
        let start = part.as_ptr() as usize - self.text.as_ptr() as usize;
        self.slice(start, start + part.len())
    }

    /// This line without leading and trailing whitespace.
    pub fn trim(&self) -> Line<'t> {
        match self.text.as_bytes() {
            // Most lines start and end with an ASCII character other than
            // whitespace: nothing to trim, no character to decode.
            [first, .., last] if is_solid(*first) && is_solid(*last) => *self,
            _ => self.sub(self.text.trim()),
        }
    }

    /// Width of the leading whitespace, a tab counting as four.
    pub fn indent(&self) -> usize {
        self.text
            .chars()
            .take_while(|c| c.is_whitespace())
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum()
    }
}

/// Whether the ASCII byte `b` is whitespace as `char::is_whitespace`
/// says (which, unlike `u8::is_ascii_whitespace`, counts the vertical tab).
fn is_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// Whether `b` is an ASCII character other than whitespace.
fn is_solid(b: u8) -> bool {
    b.is_ascii() && !is_space(b)
}

/// The lines of `text`, split at `\n` (as `str::split`, with the line
/// ends found by memchr's vectorised search).
pub(crate) fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .chain(std::iter::once(text.len()))
        .map(move |end| {
            let line = Line {
                text: &text[start..end],
                span: Span::new(start, end),
            };
            start = end + 1;
            line
        })
}

#[cfg(test)]
mod tests {
    use super::{Line, is_space, lines};
    use fiche_types::Span;

    #[test]
    fn ascii_spaces_are_the_whitespace_characters() {
        for b in 0..=127u8 {
            assert_eq!(is_space(b), char::from(b).is_whitespace(), "{b:#x}");
        }
    }

    proptest::proptest! {
        /// The shortcuts give what trimming every character gives.
        #[test]
        fn blank_and_trim_are_the_standard_ones(text in "(a|é|\u{a0}|\u{b}| |\t|\u{2003}|[.]){0,6}") {
            let line = Line { text: &text, span: Span::new(10, 10 + text.len()) };
            proptest::prop_assert_eq!(line.is_blank(), text.trim().is_empty());
            let trimmed = line.trim();
            proptest::prop_assert_eq!(trimmed.text, text.trim());
            let standard = text.trim();
            let start = standard.as_ptr() as usize - text.as_ptr() as usize;
            proptest::prop_assert_eq!(trimmed.span, Span::new(10 + start, 10 + start + standard.len()));
        }
    }

    proptest::proptest! {
        #[test]
        fn lines_are_split_at_newlines(text in "(a|é|\n|\r| ){0,20}") {
            let mut start = 0;
            for (line, piece) in lines(&text).zip(text.split('\n')) {
                proptest::prop_assert_eq!(line.text, piece);
                proptest::prop_assert_eq!((line.span.start, line.span.end), (start, start + piece.len()));
                start += piece.len() + 1;
            }
            proptest::prop_assert_eq!(lines(&text).count(), text.split('\n').count());
        }
    }
}
