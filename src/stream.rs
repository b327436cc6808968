//! Streaming: an input of any size, read piece by piece and cut into
//! chunks of whole fiches, so that memory stays flat. Each chunk converts
//! on its own into exactly the records the whole input would give.

use crate::{Profile, Settings};
use fiche_decode::{DecodeError, TextReader};
use fiche_normalise::FileRecords;
use fiche_types::Problem;
use std::io::Read;

/// How much text a chunk gathers before it is cut at the next heading.
pub const CHUNK_BYTES: usize = 256 << 10;

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
        }
    }

    /// The encoding the input is decoded with (WHATWG name).
    pub fn encoding(&self) -> &'static str {
        self.reader.encoding()
    }

    /// Adds a piece of whole lines to `pending`, cutting before every
    /// heading once `pending` holds a fiche and `target` bytes.
    fn take_piece(&mut self, piece: fiche_decode::Piece) {
        let mut problems = piece.problems.into_iter().peekable();
        let mut from = 0;
        let mut line_start = 0;
        for line in piece.text.split_inclusive('\n') {
            let text = line.strip_suffix('\n').unwrap_or(line);
            if fiche_parse::is_heading(text, self.profile) {
                let size = self.pending.text.len() + line_start - from;
                if self.headings > 0 && size >= self.target {
                    self.append(&piece.text, from..line_start, &mut problems);
                    self.cut();
                    from = line_start;
                }
                self.headings += 1;
            }
            line_start += line.len();
        }
        self.append(&piece.text, from..piece.text.len(), &mut problems);
    }

    /// Appends the bytes `range` of a piece's text, and the piece's
    /// problems that start before its end (the last range takes the rest).
    fn append(
        &mut self,
        piece: &str,
        range: std::ops::Range<usize>,
        problems: &mut std::iter::Peekable<impl Iterator<Item = Problem>>,
    ) {
        let base = self.pending.text.len();
        let last = range.end == piece.len();
        while let Some(p) = problems.next_if(|p| last || p.span.start < range.end) {
            self.pending.problems.push(p.rebased(range.start, base));
        }
        self.pending.text.push_str(&piece[range]);
    }

    /// Hands out `pending` and starts the next chunk after it.
    fn cut(&mut self) {
        // `pending` ends with the `\n` before the heading.
        let lines = self.pending.text.bytes().filter(|&b| b == b'\n').count();
        let next = Chunk {
            text: String::new(),
            problems: Vec::new(),
            first_line: self
                .pending
                .first_line
                .saturating_add(u32::try_from(lines).unwrap_or(u32::MAX)),
            first_index: self.pending.first_index.saturating_add(self.headings),
        };
        let done = std::mem::replace(&mut self.pending, next);
        self.headings = 0;
        self.ready.push_back(done);
    }
}

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
    let parsed = fiche_parse::parse(&chunk.text, profile);
    let input = fiche_normalise::Input {
        text: &chunk.text,
        path,
        encoding,
        first_line: chunk.first_line,
        first_index: chunk.first_index,
    };
    fiche_normalise::normalise(
        input,
        &parsed,
        &chunk.problems,
        profile,
        &settings.normalise,
    )
}
