//! Streaming: an input of any size, read piece by piece and cut into
//! chunks of whole fiches, so that memory stays flat. Each chunk converts
//! on its own into exactly the records the whole input would give.

use crate::{Profile, Settings};
use fiche_decode::{DecodeError, TextReader};
use fiche_normalise::FileRecords;
use fiche_types::{Code, Diagnostic, Message, Problem, Record, Span, size_limit};
use std::io::Read;

/// How much text a chunk gathers before it is cut at the next heading.
pub const CHUNK_BYTES: usize = 256 << 10;

/// The most fiches a chunk holds: a chunk of many tiny fiches (heading
/// lines only) would otherwise hold thousands of records at once, each
/// far larger than its text.
pub const MAX_CHUNK_FICHES: u32 = 256;

/// The most text one fiche, or the text before the first heading, may
/// hold: about a hundred times the longest real fiche. Past it, the lines
/// up to the next heading are not read (a `fiche-too-long` error says
/// which), so that an input whose headings are not recognised, or that is
/// not an export at all, cannot make memory grow with its size.
pub const MAX_FICHE_BYTES: usize = 256 << 10;

/// Lines being skipped because their fiche is too long.
#[derive(Debug, Clone, Copy)]
struct Skipped {
    /// The input line of the first one.
    first_line: u32,
    lines: u32,
    bytes: u64,
}

/// Whole fiches of one input: the text from one heading (or the input's
/// start) up to a later heading (or the input's end).
#[derive(Debug, Clone)]
pub struct Chunk {
    /// The text, repaired as decoding does.
    pub text: String,
    /// Decoding problems, spans relative to `text`.
    pub problems: Vec<Problem>,
    /// The input line `text` starts on (1-based).
    pub first_line: u32,
    /// How many fiches of the input come before this chunk.
    pub first_index: u32,
}

/// The chunks of one input, in order.
pub struct Chunks<'p, R> {
    reader: TextReader<R>,
    profile: &'p Profile,
    target: usize,
    /// The chunk being gathered.
    pending: Chunk,
    /// Headings in `pending`.
    headings: u32,
    /// Whether a chunk was handed out (an empty input still gives one).
    handed_out: bool,
    /// Chunks ready to hand out (a piece may complete several).
    ready: std::collections::VecDeque<Chunk>,
    finished: bool,
    /// See [`MAX_FICHE_BYTES`].
    max_fiche: usize,
    /// Bytes of the last fiche of `pending` (or of the text before the
    /// first heading).
    fiche_bytes: usize,
    /// The lines being skipped, while the last fiche is too long.
    skipping: Option<Skipped>,
}

impl<'p, R: Read> Chunks<'p, R> {
    /// Chunks of `source`, decoded as `settings` say, cut at `profile`'s headings.
    pub fn new(source: R, profile: &'p Profile, settings: &Settings) -> Result<Self, DecodeError> {
        let reader = TextReader::new(source, settings.encoding)?;
        Ok(Self::from_reader(reader, profile, CHUNK_BYTES))
    }

    /// Chunks of about `target` bytes read from `reader` (small targets let
    /// tests cut everywhere).
    pub fn from_reader(reader: TextReader<R>, profile: &'p Profile, target: usize) -> Self {
        Chunks {
            reader,
            profile,
            target,
            pending: Chunk {
                text: String::new(),
                problems: Vec::new(),
                first_line: 1,
                first_index: 0,
            },
            headings: 0,
            handed_out: false,
            ready: std::collections::VecDeque::new(),
            finished: false,
            max_fiche: MAX_FICHE_BYTES,
            fiche_bytes: 0,
            skipping: None,
        }
    }

    /// The same chunks with another [`MAX_FICHE_BYTES`] (for tests).
    pub fn max_fiche_bytes(mut self, max: usize) -> Self {
        self.max_fiche = max;
        self
    }

    /// The encoding the input is decoded with (WHATWG name).
    pub fn encoding(&self) -> &'static str {
        self.reader.encoding()
    }

    /// Adds a piece of whole lines to `pending`, cutting before every
    /// heading once `pending` holds a fiche and `target` bytes (or
    /// [`MAX_CHUNK_FICHES`] fiches), and
    /// skipping the lines of a fiche past [`MAX_FICHE_BYTES`].
    fn take_piece(&mut self, piece: fiche_decode::Piece) {
        let mut problems = piece.problems.into_iter().peekable();
        let mut from = 0;
        let mut line_start = 0;
        for line in lines_inclusive(&piece.text) {
            let text = line.strip_suffix('\n').unwrap_or(line);
            let line_end = line_start + line.len();
            let heading = fiche_parse::is_heading(text, self.profile);
            if heading {
                if let Some(skipped) = self.skipping.take() {
                    // The text from `from` was skipped: cut after the long
                    // fiche, with what its skipped lines' problems must say.
                    self.append(&piece.text, line_start..line_start, &mut problems);
                    self.end_skip(skipped);
                    from = line_start;
                } else {
                    let size = self.pending.text.len() + line_start - from;
                    if self.headings > 0
                        && (size >= self.target || self.headings >= MAX_CHUNK_FICHES)
                    {
                        self.append(&piece.text, from..line_start, &mut problems);
                        self.cut(0);
                        from = line_start;
                    }
                }
                self.headings += 1;
                self.fiche_bytes = 0;
            }
            if let Some(skipped) = self.skipping.as_mut() {
                skipped.lines = skipped.lines.saturating_add(1);
                skipped.bytes += line.len() as u64;
                from = line_end;
            } else {
                self.fiche_bytes += line.len();
                // A heading is always kept, however long: its fiche exists.
                if self.fiche_bytes > self.max_fiche && !heading {
                    self.append(&piece.text, from..line_start, &mut problems);
                    let lines = count_lines(&self.pending.text);
                    self.skipping = Some(Skipped {
                        first_line: self.pending.first_line.saturating_add(lines),
                        lines: 1,
                        bytes: line.len() as u64,
                    });
                    from = line_end;
                }
            }
            line_start = line_end;
        }
        self.append(&piece.text, from..piece.text.len(), &mut problems);
    }

    /// Appends the bytes `range` of a piece's text, and the piece's
    /// problems that start in it (the last range takes the rest); problems
    /// that start before it are in skipped lines and are left out, but for
    /// `line-too-long`.
    fn append(
        &mut self,
        piece: &str,
        range: std::ops::Range<usize>,
        problems: &mut std::iter::Peekable<impl Iterator<Item = Problem>>,
    ) {
        let base = self.pending.text.len();
        let last = range.end == piece.len();
        while let Some(p) = problems.next_if(|p| last || p.span.start < range.end) {
            if p.span.start >= range.start {
                self.pending.problems.push(p.rebased(range.start, base));
            } else if p.code == Code::LineTooLong {
                // In skipped lines, but what it says (how much of a line
                // was never read) is nowhere else: kept, where the
                // skipped lines start.
                self.pending
                    .problems
                    .push(Problem::new(p.code, Span::new(base, base), p.message));
            }
        }
        self.pending.text.push_str(&piece[range]);
    }

    /// Says which lines were skipped, at the end of `pending` (the first
    /// skipped line), and hands `pending` out.
    fn end_skip(&mut self, skipped: Skipped) {
        let last = skipped
            .first_line
            .saturating_add(skipped.lines.saturating_sub(1));
        let limit = size_limit(self.max_fiche);
        let (first, lines, bytes) = (skipped.first_line, skipped.lines, skipped.bytes);
        let message = Message::new(
            format!(
                "this fiche is longer than {}, so its {lines} line(s) from line {first} to line {last} ({bytes} bytes) were not read; \
                 a fiche this long usually means that the headings of the next fiches are written differently",
                limit.0
            ),
            format!(
                "cette fiche dépasse {} : ses lignes {first} à {last} ({bytes} octets) n'ont pas été lues ; \
                 une fiche aussi longue signale souvent des titres de fiche écrits autrement",
                limit.1
            ),
        );
        let end = self.pending.text.len();
        self.pending.problems.push(Problem::new(
            Code::FicheTooLong,
            Span::new(end, end),
            message,
        ));
        self.cut(skipped.lines);
    }

    /// Hands out `pending` and starts the next chunk after it and after
    /// `skipped` more lines.
    fn cut(&mut self, skipped: u32) {
        // `pending` ends with the `\n` before the heading.
        let lines = count_lines(&self.pending.text).saturating_add(skipped);
        let next = Chunk {
            text: String::new(),
            problems: Vec::new(),
            first_line: self.pending.first_line.saturating_add(lines),
            first_index: self.pending.first_index.saturating_add(self.headings),
        };
        let done = std::mem::replace(&mut self.pending, next);
        self.headings = 0;
        self.ready.push_back(done);
    }
}

/// `text.split_inclusive('\n')`, with the line ends found by memchr's
/// vectorised search rather than the standard library's.
fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|newline| newline + 1);
    // A last line without `\n`; none when the text is empty or ends with one.
    let last = (!text.is_empty() && !text.ends_with('\n')).then_some(text.len());
    let mut start = 0;
    ends.chain(last).map(move |end| {
        let line = &text[start..end];
        start = end;
        line
    })
}

/// The number of line breaks in `text`.
fn count_lines(text: &str) -> u32 {
    u32::try_from(memchr::memchr_iter(b'\n', text.as_bytes()).count()).unwrap_or(u32::MAX)
}

impl<R: Read> Chunks<'_, R> {}

impl<R: Read> Iterator for Chunks<'_, R> {
    type Item = Result<Chunk, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(chunk) = self.ready.pop_front() {
                self.handed_out = true;
                return Some(Ok(chunk));
            }
            if self.finished {
                return None;
            }
            match self.reader.next_piece() {
                Ok(Some(piece)) => self.take_piece(piece),
                Ok(None) => {
                    self.finished = true;
                    if let Some(skipped) = self.skipping.take() {
                        self.end_skip(skipped);
                        continue;
                    }
                    if !self.pending.text.is_empty() || !self.handed_out {
                        self.handed_out = true;
                        let empty = Chunk {
                            text: String::new(),
                            problems: Vec::new(),
                            first_line: self.pending.first_line,
                            first_index: self.pending.first_index,
                        };
                        return Some(Ok(std::mem::replace(&mut self.pending, empty)));
                    }
                }
                Err(e) => {
                    self.finished = true;
                    return Some(Err(e));
                }
            }
        }
    }
}

/// Converts one chunk of the input at `path` into its records.
pub fn convert_chunk(
    chunk: &Chunk,
    path: &str,
    encoding: &str,
    profile: &Profile,
    settings: &Settings,
) -> FileRecords {
    let mut records = Vec::new();
    let unattached = convert_chunk_each(chunk, path, encoding, profile, settings, |record| {
        records.push(record);
    });
    FileRecords {
        records,
        unattached,
    }
}

/// [`convert_chunk`], handing each record to `each` as soon as it is built
/// (see [`fiche_normalise::normalise_each`]). Returns the diagnostics no
/// record can hold.
pub fn convert_chunk_each(
    chunk: &Chunk,
    path: &str,
    encoding: &str,
    profile: &Profile,
    settings: &Settings,
    each: impl FnMut(Record),
) -> Vec<Diagnostic> {
    let parsed = fiche_parse::parse(&chunk.text, profile);
    let input = fiche_normalise::Input {
        text: &chunk.text,
        path,
        encoding,
        first_line: chunk.first_line,
        first_index: chunk.first_index,
    };
    fiche_normalise::normalise_each(
        input,
        &parsed,
        &chunk.problems,
        profile,
        &settings.normalise,
        each,
    )
}

#[cfg(test)]
mod tests {
    use super::lines_inclusive;

    proptest::proptest! {
        #[test]
        fn lines_inclusive_is_split_inclusive(text in "(a|é|\n|\r| ){0,20}") {
            let ours: Vec<&str> = lines_inclusive(&text).collect();
            let std_s: Vec<&str> = text.split_inclusive('\n').collect();
            proptest::prop_assert_eq!(ours, std_s);
        }
    }
}
