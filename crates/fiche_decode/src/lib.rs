//! Bytes → text. Finds the encoding (a BOM, valid UTF-8, or a guess among
//! legacy encodings), decodes, and unifies line endings to `\n`, so that
//! every later stage works on one `String` with byte spans.

mod mixed;
mod repair;

use encoding_rs::{Encoding, UTF_8};
use fiche_types::{Code, Message, Problem, Span, size_limit};
use mixed::Mark;
use repair::{Repair, repair_line};
use std::io::Read;

/// Text decoded from an input, with what was found on the way.
///
/// The text is repaired line by line where it was damaged before it reached
/// us (mojibake, HTML residue), each repair with a warning.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, line endings unified to `\n`.
    pub text: String,
    /// The encoding used, by its WHATWG name (`UTF-8`, `windows-1252`, `UTF-16LE`…).
    pub encoding: &'static str,
    /// Warnings about the bytes (invalid sequences replaced by U+FFFD).
    pub problems: Vec<Problem>,
}

/// Why an input cannot be turned into text at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The input holds NUL bytes outside UTF-16: it is not a text export.
    #[error("input is binary, not text (NUL byte at offset {offset})")]
    Binary {
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// The encoding asked for is not a WHATWG encoding label.
    #[error(
        "unknown encoding `{0}`, expected a label such as utf-8, windows-1252, iso-8859-15, utf-16le"
    )]
    UnknownEncoding(String),
    /// Reading the input failed (an I/O error, with its message).
    #[error("cannot read input: {0}")]
    Read(String),
}

impl DecodeError {
    /// The error said in `lang` (the English is its `Display`).
    pub fn in_lang(&self, lang: fiche_types::Lang) -> String {
        match (lang, self) {
            (fiche_types::Lang::En, _) => self.to_string(),
            (fiche_types::Lang::Fr, DecodeError::Binary { offset }) => {
                fiche_types::french::typography(&format!(
                    "ce fichier n'est pas du texte (octet NUL à la position {offset})"
                ))
            }
            (fiche_types::Lang::Fr, DecodeError::UnknownEncoding(label)) => {
                fiche_types::french::typography(&format!(
                    "encodage inconnu «{label}» ; donnez un nom comme utf-8, windows-1252, iso-8859-15 ou utf-16le"
                ))
            }
            (fiche_types::Lang::Fr, DecodeError::Read(why)) => {
                fiche_types::french::typography(&format!("lecture impossible ({why})"))
            }
        }
    }
}

/// `line` (one line, without its line break) as decoding reads it: with
/// mojibake and HTML residue repaired. A writer of fiche text asks this of
/// each line it writes, so that what it writes reads back as written.
pub fn read_back(line: &str) -> std::borrow::Cow<'_, str> {
    repair_line(line).0
}

/// The encoding named by `label` (`utf-8`, `latin1`, `windows-1252`, `iso-8859-15`, `utf-16le`…).
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, DecodeError> {
    Encoding::for_label(label.trim().as_bytes())
        .ok_or_else(|| DecodeError::UnknownEncoding(label.to_owned()))
}

/// Decodes `bytes`, in `forced` if given, else in the encoding its BOM
/// names, else UTF-8 if valid, else the legacy encoding chardetng guesses.
///
/// This is [`TextReader`] run to the end: a whole input and a stream give
/// the same text and the same problems.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, DecodeError> {
    let mut reader = TextReader::new(bytes, forced)?;
    let mut text = String::new();
    let mut problems = Vec::new();
    while let Some(piece) = reader.next_piece()? {
        let base = text.len();
        text.push_str(&piece.text);
        problems.extend(piece.problems.into_iter().map(|p| p.shifted(base)));
    }
    Ok(Decoded {
        text,
        encoding: reader.encoding(),
        problems,
    })
}

/// How many bytes are read before the encoding is chosen. An input no
/// longer than this is judged whole; a longer one by its beginning.
pub const SNIFF_BYTES: usize = 1 << 20;

/// The longest part of a line that [`mixed`] decoding judges at once: a
/// longer line is judged in parts of this size.
const LINE_PART_BYTES: usize = 64 << 10;

/// How many bytes are read at a time after the first [`SNIFF_BYTES`].
const READ_BYTES: usize = 64 << 10;

/// The most text one line may hold: four times the longest fiche the
/// converter reads. Past it, a line's first MiB is kept and the rest of it,
/// up to its line break, is not read (a `line-too-long` error says how
/// much), so that one line without a break, in an input that is not an
/// export at all, cannot make memory grow with its size.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// Text of an input that is read piece by piece, so that memory stays flat
/// whatever the input's size: each piece is whole lines (the last piece may
/// lack its final `\n`), decoded, line endings unified, repaired.
pub struct TextReader<R> {
    source: R,
    /// Bytes read at a time.
    read_bytes: usize,
    encoding: &'static Encoding,
    decoder: encoding_rs::Decoder,
    is_utf16: bool,
    /// Bytes read, not yet decoded.
    raw: Vec<u8>,
    /// Input offset (after any BOM) of `raw[0]`, for error messages.
    raw_offset: usize,
    /// Decoded text after the last complete line.
    carry: String,
    /// How many bytes at the start of `carry` are known to hold no line end
    /// (searched already), so that a line longer than a read is searched
    /// once, not once per read.
    searched: usize,
    /// Decoded characters so far (for the offset of a NUL in UTF-16).
    decoded_len: usize,
    /// Whether decoding replaced invalid bytes so far.
    had_errors: bool,
    /// Whether the UTF-8 input was found invalid: from there on, the
    /// decoder reads it (and replaces what is invalid), or, when UTF-8 was
    /// not forced, each line is judged on its own ([`mixed`]).
    utf8_invalid: bool,
    /// Whether lines that are not UTF-8 are read in a legacy encoding: the
    /// input was judged UTF-8, not said to be.
    line_by_line: bool,
    /// What [`mixed`] decoding did, at byte offsets of `carry`.
    marks: Vec<(usize, Mark)>,
    /// Whether `raw` ends with a line that [`mixed`] decoding waits to
    /// read to its end.
    held_line: bool,
    /// Whether [`mixed`] decoding has started (the line it started in
    /// was taken back from `carry` then).
    marks_started: bool,
    /// The most text a line may hold ([`MAX_LINE_BYTES`]).
    max_line: usize,
    /// While the first line of `carry` is past `max_line` and its line
    /// break not yet read: the length of its part kept (`max_line` or a
    /// little less, at a character's start) and the bytes dropped so far.
    dropping: Option<(usize, u64)>,
    /// The first line of `carry` was cut to `max_line`: the bytes dropped.
    first_line_cut: Option<u64>,
    /// The most text `carry` held, for the tests of the line limit.
    #[cfg(test)]
    peak_carry: usize,
    /// Whether `source` is exhausted.
    eof: bool,
    /// Whether the last piece was returned.
    done: bool,
}

/// Whole lines of decoded text, and the problems found in them (spans
/// relative to `text`).
#[derive(Debug, Clone, Default)]
pub struct Piece {
    /// The text, each line ending with `\n` but perhaps the input's last.
    pub text: String,
    /// Repairs and invalid bytes, in line order.
    pub problems: Vec<Problem>,
}

impl<R: Read> TextReader<R> {
    /// Reads the beginning of `source` and chooses the encoding: `forced`
    /// if given, else the BOM's, else UTF-8 if the beginning is (mostly)
    /// UTF-8, else chardetng's guess.
    pub fn new(source: R, forced: Option<&'static Encoding>) -> Result<Self, DecodeError> {
        Self::with_read_sizes(source, forced, SNIFF_BYTES, READ_BYTES)
    }

    /// [`TextReader::new`], judging the encoding on the first `sniff_bytes`
    /// and then reading `read_bytes` at a time (small sizes let tests cross
    /// piece boundaries everywhere).
    pub fn with_read_sizes(
        mut source: R,
        forced: Option<&'static Encoding>,
        sniff_bytes: usize,
        read_bytes: usize,
    ) -> Result<Self, DecodeError> {
        let read_bytes = read_bytes.max(1);
        let mut raw = Vec::with_capacity(read_bytes);
        // One byte more than judged, to know whether the beginning is the
        // whole input (found by fuzzing: an input of exactly `sniff_bytes`
        // ending in a cut sequence was judged as a beginning).
        let eof = fill(&mut source, &mut raw, sniff_bytes.max(1) + 1)?;
        let (encoding, bom_len) = match forced {
            Some(enc) => match Encoding::for_bom(&raw) {
                // A BOM of the forced encoding is not content.
                Some((bom_enc, len)) if bom_enc == enc => (enc, len),
                _ => (enc, 0),
            },
            None => match Encoding::for_bom(&raw) {
                Some((enc, len)) => (enc, len),
                None => (sniff(&raw, eof), 0),
            },
        };
        raw.drain(..bom_len);
        Ok(TextReader {
            source,
            read_bytes,
            encoding,
            decoder: encoding.new_decoder_without_bom_handling(),
            is_utf16: encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE,
            raw,
            raw_offset: 0,
            carry: String::new(),
            searched: 0,
            decoded_len: 0,
            had_errors: false,
            utf8_invalid: false,
            line_by_line: forced.is_none() && encoding == UTF_8,
            marks: Vec::new(),
            held_line: false,
            marks_started: false,
            max_line: MAX_LINE_BYTES,
            dropping: None,
            first_line_cut: None,
            #[cfg(test)]
            peak_carry: 0,
            eof,
            done: false,
        })
    }

    /// The same reader with another [`MAX_LINE_BYTES`] (for tests).
    pub fn max_line_bytes(mut self, max: usize) -> Self {
        self.max_line = max.max(1);
        self
    }

    /// The encoding chosen, by its WHATWG name.
    pub fn encoding(&self) -> &'static str {
        self.encoding.name()
    }

    /// The next whole lines, or `None` at the end of the input.
    pub fn next_piece(&mut self) -> Result<Option<Piece>, DecodeError> {
        loop {
            if self.done {
                return Ok(None);
            }
            // Decoding leaves at most a character cut by the end of the
            // last read (three bytes), which needs the next.
            if (self.raw.len() < 4 || self.held_line) && !self.eof {
                self.eof = fill(&mut self.source, &mut self.raw, self.read_bytes)?;
            }
            self.decode_raw()?;
            self.drop_past_max_line();
            #[cfg(test)]
            {
                self.peak_carry = self.peak_carry.max(self.carry.len());
            }
            if self.eof {
                self.done = true;
                let lines = std::mem::take(&mut self.carry);
                let marks = self.marks_of(&lines);
                let text = unify_line_endings(lines);
                if text.is_empty() {
                    return Ok(None);
                }
                return Ok(Some(self.finish(text, &marks)));
            }
            if let Some(cut) = complete_lines(&self.carry, self.searched) {
                let rest = self.carry.split_off(cut);
                let lines = std::mem::replace(&mut self.carry, rest);
                let marks = self.marks_of(&lines);
                self.searched = 0;
                return Ok(Some(self.finish(unify_line_endings(lines), &marks)));
            }
            if self.dropping.is_none() {
                self.searched = searchable(&self.carry).len();
            }
        }
    }

    /// The marks of `lines`, just taken from the start of `carry`, each
    /// with its line's index; the others move to where their text now is.
    fn marks_of(&mut self, lines: &str) -> Vec<(usize, Mark)> {
        if self.marks.is_empty() {
            return Vec::new();
        }
        let cut = lines.len();
        let later = self.marks.iter().position(|(at, _)| *at >= cut);
        let rest = later.map_or_else(Vec::new, |i| self.marks.split_off(i));
        let taken = std::mem::replace(
            &mut self.marks,
            rest.into_iter().map(|(at, m)| (at - cut, m)).collect(),
        );
        taken
            .into_iter()
            .map(|(at, m)| (mixed::line_of(lines, at), m))
            .collect()
    }

    /// Cuts the first line of `carry` to its first `max_line` bytes (whole
    /// characters) once it is longer and its line break is not read yet,
    /// and drops what follows up to that break, counting it: memory holds
    /// at most `max_line` bytes of a line, however long. Lines read whole
    /// are cut when they are handed out ([`cut_long_lines`]).
    fn drop_past_max_line(&mut self) {
        let (kept, dropped) = match self.dropping {
            // The text after the kept part is new: what it holds up to a
            // line break is dropped.
            Some(dropping) => dropping,
            // Cut already, and ended: it waits to be handed out.
            None if self.first_line_cut.is_some() => return,
            None if self.carry.len() <= self.max_line => return,
            None => {
                // Past the limit only if no line ends within it (a break
                // right after `max_line` bytes ends a line that fits).
                let head = &self.carry.as_bytes()[..=self.max_line];
                if memchr::memchr2(b'\n', b'\r', head).is_some() {
                    return;
                }
                (char_start_at_most(&self.carry, self.max_line), 0)
            }
        };
        let rest = &self.carry.as_bytes()[kept..];
        match memchr::memchr2(b'\n', b'\r', rest) {
            Some(at) => {
                self.carry.replace_range(kept..kept + at, "");
                // Marks in the dropped part stay on the line, at its cut.
                for (mark, _) in &mut self.marks {
                    *mark = if *mark >= kept + at {
                        *mark - at
                    } else {
                        (*mark).min(kept)
                    };
                }
                self.dropping = None;
                self.first_line_cut = Some(dropped + at as u64);
            }
            None => {
                let dropped = dropped + rest.len() as u64;
                self.carry.truncate(kept);
                for (mark, _) in &mut self.marks {
                    *mark = (*mark).min(kept);
                }
                if self.eof {
                    self.dropping = None;
                    self.first_line_cut = Some(dropped);
                } else {
                    self.dropping = Some((kept, dropped));
                }
            }
        }
        // The kept part holds no line break.
        self.searched = kept;
    }

    /// Decodes every raw byte into `carry`, refusing binary input.
    fn decode_raw(&mut self) -> Result<(), DecodeError> {
        if !self.is_utf16
            && let Some(pos) = memchr_nul(&self.raw)
        {
            return Err(DecodeError::Binary {
                offset: self.raw_offset + pos,
            });
        }
        if self.encoding == UTF_8 && !self.utf8_invalid && self.copy_valid_utf8() {
            return Ok(());
        }
        if self.line_by_line {
            self.decode_line_by_line();
            return Ok(());
        }
        let start = self.carry.len();
        let needed = self
            .decoder
            .max_utf8_buffer_length(self.raw.len())
            .unwrap_or(self.raw.len() * 3 + 16);
        self.carry.reserve(needed);
        let (_, read, errors) = self
            .decoder
            .decode_to_string(&self.raw, &mut self.carry, self.eof);
        self.had_errors |= errors;
        self.raw_offset += read;
        self.raw.drain(..read);
        if self.is_utf16
            && let Some(pos) = self.carry[start..].find('\0')
        {
            return Err(DecodeError::Binary {
                offset: self.decoded_len + pos,
            });
        }
        self.decoded_len += self.carry.len() - start;
        Ok(())
    }

    /// Valid UTF-8, the common case, needs no decoding: checked by a
    /// vectorised validator and copied as it is, a character cut by the end
    /// of a read left for the next. Says whether it did that; on the first
    /// invalid byte it says no, and the decoder takes over.
    fn copy_valid_utf8(&mut self) -> bool {
        let valid = match simdutf8::compat::from_utf8(&self.raw) {
            Ok(text) => {
                self.carry.push_str(text);
                self.raw.len()
            }
            Err(e) if e.error_len().is_none() && !self.eof => {
                match simdutf8::basic::from_utf8(&self.raw[..e.valid_up_to()]) {
                    Ok(text) => self.carry.push_str(text),
                    Err(_) => {
                        self.utf8_invalid = true;
                        return false;
                    }
                }
                e.valid_up_to()
            }
            Err(_) => {
                self.utf8_invalid = true;
                return false;
            }
        };
        self.raw_offset += valid;
        self.raw.drain(..valid);
        self.decoded_len += valid;
        true
    }

    /// A UTF-8 input found invalid, decoded a line at a time ([`mixed`]):
    /// every complete line of `raw`, and the rest at the end of the input.
    /// A line is judged in parts of at most [`LINE_PART_BYTES`], cut the
    /// same way whatever the reads, so memory stays bounded; a line not
    /// yet ended and shorter than that waits for the next read.
    fn decode_line_by_line(&mut self) {
        // The beginning of the current line was copied while the input was
        // still valid: it goes back to the raw bytes (it is them, as they
        // were), so that the line is judged whole, as a single read would.
        if !self.marks_started && self.dropping.is_none() && self.first_line_cut.is_none() {
            let line_start =
                memchr::memrchr2(b'\n', b'\r', self.carry.as_bytes()).map_or(0, |i| i + 1);
            let tail = self.carry.split_off(line_start);
            self.raw.splice(0..0, tail.bytes());
            self.raw_offset -= tail.len();
            self.decoded_len -= tail.len();
            self.searched = self.searched.min(line_start);
        }
        self.marks_started = true;
        let start = self.carry.len();
        let mut pos = 0;
        self.held_line = false;
        loop {
            let rest = &self.raw[pos..];
            let part = match memchr::memchr2(b'\n', b'\r', rest) {
                Some(end) if end < LINE_PART_BYTES => end + 1,
                _ if rest.is_empty() => break,
                None if self.eof && rest.len() <= LINE_PART_BYTES => rest.len(),
                _ if rest.len() >= LINE_PART_BYTES => {
                    LINE_PART_BYTES - mixed::cut_sequence_len(&rest[..LINE_PART_BYTES])
                }
                _ => {
                    self.held_line = true;
                    break;
                }
            };
            let at = self.carry.len();
            if let Some(mark) = mixed::decode_line(&rest[..part], &mut self.carry) {
                self.marks.push((at, mark));
            }
            pos += part;
        }
        self.raw_offset += pos;
        self.raw.drain(..pos);
        self.decoded_len += self.carry.len() - start;
    }

    /// Cuts the lines of `text` past `max_line`, repairs them and finds
    /// their problems, with the marks of [`mixed`] decoding (by line).
    fn finish(&mut self, text: String, marks: &[(usize, Mark)]) -> Piece {
        let mut cut = Vec::new();
        if let Some(dropped) = self.first_line_cut.take() {
            cut.push((0, dropped));
        }
        // Only a text longer than the limit can hold a line longer than it.
        let text = if text.len() > self.max_line {
            cut_long_lines(text, self.max_line, &mut cut)
        } else {
            text
        };
        let mut problems = Vec::new();
        let text = repair(text, &mut problems);
        if self.had_errors {
            problems.extend(replacement_problems(&text, self.encoding));
        }
        problems.extend(mixed::problems(&text, marks));
        problems.extend(
            cut.iter()
                .map(|&(line, dropped)| line_too_long(&text, line, self.max_line, dropped)),
        );
        problems.sort_by_key(|p| p.span.start);
        Piece { text, problems }
    }
}

/// `text` with every line longer than `max` bytes cut to its first `max`
/// bytes (whole characters); adds to `cut` each such line's index and the
/// bytes dropped (a line cut already, at index 0, is not longer).
fn cut_long_lines(text: String, max: usize, cut: &mut Vec<(usize, u64)>) -> String {
    let long = |line: &str| line.strip_suffix('\n').unwrap_or(line).len() > max;
    if !text.split_inclusive('\n').any(long) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let content = line.strip_suffix('\n').unwrap_or(line);
        if content.len() > max {
            let kept = char_start_at_most(content, max);
            out.push_str(&content[..kept]);
            out.push_str(&line[content.len()..]);
            cut.push((i, (content.len() - kept) as u64));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The largest offset at most `max` where a character of `text` starts
/// (or `text` ends): where a line cut at `max` bytes ends.
fn char_start_at_most(text: &str, max: usize) -> usize {
    let mut at = max.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The `line-too-long` error of line `line` (0-based) of `text`, cut to
/// `max` bytes after `dropped` more were dropped.
fn line_too_long(text: &str, line: usize, max: usize, dropped: u64) -> Problem {
    let start = match line.checked_sub(1) {
        None => 0,
        Some(previous) => memchr::memchr_iter(b'\n', text.as_bytes())
            .nth(previous)
            .map_or(text.len(), |i| i + 1),
    };
    let limit = size_limit(max);
    Problem::new(
        Code::LineTooLong,
        Span::new(start, start),
        Message::new(
            format!(
                "a line is longer than {}: it is cut there, and its other {dropped} bytes were not read",
                limit.0
            ),
            format!(
                "cette ligne dépasse {} : elle a été coupée, et ses {dropped} derniers octets n'ont pas été lus",
                limit.1
            ),
        ),
    )
}

/// Reads from `source` into `buf` until it holds `want` bytes or the
/// source ends; returns whether it ended.
fn fill(source: &mut impl Read, buf: &mut Vec<u8>, want: usize) -> Result<bool, DecodeError> {
    let got = source
        .by_ref()
        .take(u64::try_from(want).unwrap_or(u64::MAX))
        .read_to_end(buf)
        .map_err(|e| DecodeError::Read(e.to_string()))?;
    Ok(got < want)
}

/// Where the complete lines of `text` end: after its last line break,
/// keeping back a final `\r` whose `\n` may be still unread. The bytes
/// before `from` hold no line break (they were searched before).
fn complete_lines(text: &str, from: usize) -> Option<usize> {
    let bytes = searchable(text).as_bytes();
    memchr::memrchr2(b'\n', b'\r', bytes.get(from..)?).map(|i| from + i + 1)
}

/// The part of `text` where a line end counts: all of it but a final `\r`,
/// which may be the start of a CRLF cut by the end of a read.
fn searchable(text: &str) -> &str {
    text.strip_suffix('\r').unwrap_or(text)
}

/// Valid UTF-8 is UTF-8, and so is UTF-8 with a few damaged bytes (fewer
/// invalid sequences than valid multi-byte ones); anything else is a legacy
/// 8-bit export whose encoding chardetng guesses from letter frequencies.
/// `whole` says whether `bytes` is the whole input or only its beginning.
fn sniff(bytes: &[u8], whole: bool) -> &'static Encoding {
    if mostly_utf8(bytes, whole) {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, whole);
    detector.guess(None, false)
}

/// Whether `bytes` is UTF-8, allowing a few invalid sequences; a sequence
/// cut by the end of a beginning (`whole` false) is not counted as invalid.
fn mostly_utf8(bytes: &[u8], whole: bool) -> bool {
    // One vectorised pass says whether it is UTF-8, and where the first
    // error is: an error without a length is a sequence cut by the end.
    match simdutf8::compat::from_utf8(bytes) {
        Ok(_) => true,
        Err(e) if !whole && e.error_len().is_none() => true,
        Err(_) => few_invalid(bytes),
    }
}

/// Whether `bytes`, not valid UTF-8, has fewer invalid sequences than valid
/// multi-byte ones: UTF-8 with a few damaged bytes.
fn few_invalid(bytes: &[u8]) -> bool {
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    invalid == 0 || invalid < valid_multibyte
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, bytes)
}

/// CRLF and lone CR become LF.
fn unify_line_endings(text: String) -> String {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `text` holds a character that starts mojibake (`Ã Â â Å`) or
/// HTML residue (`& <`): vectorised searches, as most text has none. The
/// four letters are searched as their two UTF-8 bytes (C3 83, C3 82, C3 A2,
/// C3 85): a search for their first byte alone would stop at every `é`.
fn may_need_repair(text: &str) -> bool {
    static LETTERS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 4]> =
        std::sync::LazyLock::new(|| {
            ["Ã", "Â", "â", "Å"].map(|c| memchr::memmem::Finder::new(c.as_bytes()))
        });
    let bytes = text.as_bytes();
    memchr::memchr2(b'&', b'<', bytes).is_some()
        || LETTERS.iter().any(|letter| letter.find(bytes).is_some())
}

/// Repairs mojibake and HTML residue line by line, with a warning per
/// repaired line. Line breaks are kept, so line numbers stay those of the input.
fn repair(text: String, problems: &mut Vec<Problem>) -> String {
    if !may_need_repair(&text) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let (fixed, done) = repair_line(line);
        let span = Span::new(out.len(), out.len() + fixed.len());
        for repair in done {
            let (code, message) = match repair {
                Repair::Mojibake => (
                    Code::MojibakeRepaired,
                    Message::new(
                        format!(
                            "this line was UTF-8 read as Windows-1252 and saved again; read as «{}»",
                            fixed.trim()
                        ),
                        format!(
                            "cette ligne avait été mal convertie (de l'UTF-8 relu comme du Windows-1252) ; elle a été réparée et se lit «{}»",
                            fixed.trim()
                        ),
                    ),
                ),
                Repair::Html => (
                    Code::HtmlResidue,
                    Message::new(
                        format!(
                            "HTML entities or tags left by the scrape were decoded or removed; read as «{}»",
                            fixed.trim()
                        ),
                        format!(
                            "des entités ou balises HTML restées de l'extraction ont été décodées ou retirées ; la ligne se lit «{}»",
                            fixed.trim()
                        ),
                    ),
                ),
            };
            problems.push(Problem::new(code, span, message));
        }
        out.push_str(&fixed);
    }
    out
}

/// One warning per line that holds a U+FFFD made by decoding.
fn replacement_problems(text: &str, encoding: &'static Encoding) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if let Some(col) = line.find('\u{FFFD}') {
            let start = line_start + col;
            problems.push(Problem::new(
                Code::InvalidBytes,
                Span::new(start, start + '\u{FFFD}'.len_utf8()),
                Message::new(
                    format!(
                        "bytes that are not valid {} were replaced by U+FFFD; check the file's encoding or give it with --encoding",
                        encoding.name()
                    ),
                    format!(
                        "des octets non valides en {} ont été remplacés par le caractère «\u{fffd}» ; vérifiez l'encodage du fichier ou indiquez-le avec l'option --encoding",
                        encoding.name()
                    ),
                ),
            ));
        }
        line_start += line.len();
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repair_shortcut_sees_every_trigger() {
        for c in ['Ã', 'Â', 'â', 'Å', '&', '<'] {
            assert!(may_need_repair(&format!("Création {c} fin")), "{c}");
        }
        assert!(!may_need_repair("Création, tête, été, à, ç, ÿ, > 3"));
        // The same verdict as the character search it replaces.
        for s in [
            "", "é", "ÃÂ", "a&b", "tâche", "Åland", "é\u{c3}", "x<y", "Ô Ö Õ", "Äé",
        ] {
            assert_eq!(
                may_need_repair(s),
                s.contains(['Ã', 'Â', 'â', 'Å', '&', '<']),
                "{s}"
            );
        }
    }

    /// The sniffing rule as first written: std's validation to find a
    /// sequence cut by the end, then a second one.
    fn mostly_utf8_as_first_written(bytes: &[u8], whole: bool) -> bool {
        let bytes = if whole {
            bytes
        } else {
            match std::str::from_utf8(bytes) {
                Err(e) if e.error_len().is_none() => &bytes[..e.valid_up_to()],
                _ => bytes,
            }
        };
        std::str::from_utf8(bytes).is_ok() || few_invalid(bytes)
    }

    proptest::proptest! {
        /// One validation gives the verdict of the two it replaces, for
        /// whole inputs and beginnings, cut sequences and damaged bytes.
        #[test]
        fn sniffing_utf8_in_one_pass_is_as_first_written(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Strategy::prop_map("[a-z é€🦀]{0,6}", String::into_bytes),
                    proptest::collection::vec(0x80u8..=0xFF, 1..3),
                    proptest::sample::select(vec![
                        vec![0xC3], vec![0xE2, 0x82], vec![0xF0, 0x9F, 0xA6],
                    ]),
                ],
                0..8,
            ),
            whole in proptest::bool::ANY,
        ) {
            let bytes = pieces.concat();
            proptest::prop_assert_eq!(
                mostly_utf8(&bytes, whole),
                mostly_utf8_as_first_written(&bytes, whole),
                "{:?}", bytes
            );
        }
    }

    proptest::proptest! {
        /// The byte searches give the character search's verdict.
        #[test]
        fn the_repair_shortcut_is_the_character_search(s in "(Ã|Â|â|Å|Ä|é|à|ç|&|<|a| |\u{e2}\u{82}){0,8}") {
            proptest::prop_assert_eq!(may_need_repair(&s), s.contains(['Ã', 'Â', 'â', 'Å', '&', '<']));
        }
    }

    fn text(bytes: &[u8]) -> (String, &'static str) {
        match decode(bytes, None) {
            Ok(d) => (d.text, d.encoding),
            Err(e) => (e.to_string(), "error"),
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(text("Création".as_bytes()), ("Création".into(), "UTF-8"));
        assert_eq!(
            text(b"\xEF\xBB\xBFCr\xC3\xA9ation"),
            ("Création".into(), "UTF-8")
        );
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("Créé\r\nx".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(text(&le), ("Créé\nx".into(), "UTF-16LE"));
        let mut be = vec![0xFE, 0xFF];
        be.extend("Créé".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(text(&be), ("Créé".into(), "UTF-16BE"));
    }

    #[test]
    fn legacy_8bit_is_detected() {
        // "Création de l'équipe, adhérent·es, bénévoles" in windows-1252.
        let bytes =
            b"Cr\xE9ation de l'\xE9quipe, adh\xE9rent\xB7es, b\xE9n\xE9voles et tr\xE9sori\xE8re";
        let (t, enc) = text(bytes);
        assert_eq!(enc, "windows-1252");
        assert_eq!(
            t,
            "Création de l'équipe, adhérent·es, bénévoles et trésorière"
        );
    }

    #[test]
    fn a_legacy_line_in_utf8_is_read_in_its_encoding_and_a_damaged_one_named() {
        // A Windows-1252 line among UTF-8 ones: read as Windows-1252.
        let mut bytes = "Création, équipe, bénévoles\nAdh".as_bytes().to_vec();
        bytes.extend_from_slice(b"\xE9sion et tr\xE9sori\xE8re\r\nfin");
        let d = decode(&bytes, None).map(|d| (d.text, d.encoding, located(&d.problems)));
        assert_eq!(
            d,
            Ok((
                "Création, équipe, bénévoles\nAdhésion et trésorière\nfin".to_owned(),
                "UTF-8",
                vec![(Code::MixedEncoding, 32)]
            ))
        );
        let problems = decode(&bytes, None).map(|d| d.problems).unwrap_or_default();
        assert!(
            problems[0]
                .message
                .get(fiche_types::Lang::Fr)
                .contains("lue en windows-1252\u{a0}: «\u{a0}Adhésion et trésorière\u{a0}»"),
            "{problems:?}"
        );
        // A line with UTF-8 and an invalid byte is damaged UTF-8: the byte
        // is replaced, and named.
        let mut bytes = "Création\nAdh".as_bytes().to_vec();
        bytes.push(0xE9);
        bytes.extend_from_slice("sion à 10 €".as_bytes());
        let d = decode(&bytes, None).map(|d| (d.text, d.problems));
        let Ok((text, problems)) = d else {
            panic!("decodes");
        };
        assert_eq!(text, "Création\nAdh\u{FFFD}sion à 10 €");
        assert_eq!(located(&problems), [(Code::InvalidBytes, 13)]);
        assert!(
            problems[0]
                .message
                .get(fiche_types::Lang::En)
                .contains("(E9)")
        );
    }

    #[test]
    fn line_endings_are_unified() {
        assert_eq!(text(b"a\r\nb\rc\n").0, "a\nb\nc\n");
    }

    #[test]
    fn nul_bytes_are_refused() {
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00", None).err(),
            Some(DecodeError::Binary { offset: 4 })
        );
    }

    #[test]
    fn invalid_bytes_in_forced_utf8_are_reported_by_line() {
        let d = decode(b"ok\nbad \xFF here\n", Some(UTF_8));
        let problems = d.map(|d| d.problems).unwrap_or_default();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, Code::InvalidBytes);
        assert_eq!(problems[0].span.start, 7);
    }

    /// Every piece of `reader` joined: the text, and the problems with
    /// spans on it; an error's message as the text.
    fn read_all(reader: Result<TextReader<&[u8]>, DecodeError>) -> (String, Vec<Problem>) {
        let mut reader = match reader {
            Ok(r) => r,
            Err(e) => return (e.to_string(), Vec::new()),
        };
        let mut text = String::new();
        let mut problems = Vec::new();
        loop {
            match reader.next_piece() {
                Ok(Some(piece)) => {
                    assert!(
                        text.is_empty() || text.ends_with('\n'),
                        "only the last piece may end inside a line: {text:?}"
                    );
                    let base = text.len();
                    text.push_str(&piece.text);
                    problems.extend(piece.problems.into_iter().map(|p| p.shifted(base)));
                }
                Ok(None) => return (text, problems),
                Err(e) => return (e.to_string(), Vec::new()),
            }
        }
    }

    /// Problems by code and offset.
    fn located(problems: &[Problem]) -> Vec<(Code, usize)> {
        problems.iter().map(|p| (p.code, p.span.start)).collect()
    }

    /// The text and problems of `bytes` read with tiny pieces.
    fn streamed(bytes: &[u8], sniff: usize, read: usize) -> (String, Vec<(Code, usize)>) {
        let (text, problems) = read_all(TextReader::with_read_sizes(bytes, None, sniff, read));
        (text, located(&problems))
    }

    #[test]
    fn pieces_of_any_size_give_the_whole_text() {
        let mut inputs: Vec<Vec<u8>> = vec![
            b"a\r\nb\rc\r\r\nd\n\re".to_vec(),
            "Création\r\nMembre depuis\r\n2016 \u{e9}t\u{e9}"
                .as_bytes()
                .to_vec(),
            "Cr\u{c3}\u{a9}ation &amp; <br>\nok\n".as_bytes().to_vec(),
            b"caf\xE9\r\nb\xE9n\xE9voles et tr\xE9sori\xE8re\r\n".to_vec(),
        ];
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("Créé\r\nx\ry".encode_utf16().flat_map(u16::to_le_bytes));
        inputs.push(utf16);
        for bytes in inputs {
            let whole = decode(&bytes, None).map(|d| {
                let problems = d.problems.iter().map(|p| (p.code, p.span.start)).collect();
                (d.text, problems)
            });
            let Ok(whole) = whole else {
                panic!("{bytes:?} does not decode");
            };
            let sniff = bytes.len();
            for read in 1..8 {
                assert_eq!(
                    streamed(&bytes, sniff, read),
                    whole,
                    "{bytes:?} read {read} at a time"
                );
            }
        }
    }

    /// `streamed` with UTF-8 forced (a short beginning would otherwise be
    /// judged alone).
    fn streamed_utf8(bytes: &[u8], read: usize) -> (String, Vec<(Code, usize)>) {
        let (text, problems) = read_all(TextReader::with_read_sizes(bytes, Some(UTF_8), 4, read));
        (text, located(&problems))
    }

    proptest::proptest! {
        /// A UTF-8 input with lines in Windows-1252 and damaged lines, read
        /// in pieces of any size, gives the text and problems of one read.
        #[test]
        fn mixed_lines_read_in_pieces_are_read_as_whole(
            lines in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec![
                        b"a".to_vec(), " ".as_bytes().to_vec(), "é".as_bytes().to_vec(),
                        "€".as_bytes().to_vec(), vec![0xE9], vec![0xA4], vec![0x80], vec![0xFF],
                        b"\r".to_vec(),
                    ]),
                    0..10,
                ),
                0..8,
            ),
            read in 1usize..9,
        ) {
            let mut bytes = "Création\n".as_bytes().to_vec();
            for line in lines {
                bytes.extend(line.concat());
                bytes.push(b'\n');
            }
            let sniff = "Création\n".len();
            let whole = read_all(TextReader::with_read_sizes(&bytes[..], None, sniff, 1 << 20));
            let pieces = read_all(TextReader::with_read_sizes(&bytes[..], None, sniff, read));
            proptest::prop_assert_eq!((pieces.0, located(&pieces.1)), (whole.0, located(&whole.1)));
        }

        /// UTF-8 copied as it is while valid, and decoded from the first
        /// invalid byte, gives what decoding it whole gives, whatever the
        /// reads cut (characters of two to four bytes, invalid bytes, a
        /// sequence cut at the very end).
        #[test]
        fn utf8_read_in_pieces_is_utf8_decoded_whole(
            text in "(a|é|€|😀|\n|\r\n| ){0,24}",
            bad in proptest::option::of((0usize..100, proptest::sample::select(vec![0xFFu8, 0xC3, 0xE2, 0x80]))),
            read in 1usize..9,
        ) {
            let mut bytes = text.into_bytes();
            if let Some((at, byte)) = bad {
                bytes.insert(at.min(bytes.len()), byte);
            }
            let whole = decode(&bytes, Some(UTF_8)).map(|d| {
                let problems: Vec<(Code, usize)> = d.problems.iter().map(|p| (p.code, p.span.start)).collect();
                (d.text, problems)
            });
            proptest::prop_assert_eq!(Some(streamed_utf8(&bytes, read)), whole.ok());
        }
    }

    /// The text and problems (code, offset, message) of `bytes` read `read`
    /// bytes at a time, lines limited to 10 bytes.
    fn cut_at_ten(bytes: &[u8], sniff: usize, read: usize) -> (String, Vec<(Code, usize, String)>) {
        let reader = TextReader::with_read_sizes(bytes, Some(UTF_8), sniff, read);
        let (text, problems) = read_all(reader.map(|r| r.max_line_bytes(10)));
        let problems = problems
            .iter()
            .map(|p| {
                let message = p.message.get(fiche_types::Lang::En).into_owned();
                (p.code, p.span.start, message)
            })
            .collect();
        (text, problems)
    }

    #[test]
    fn lines_past_the_limit_keep_their_beginning_whatever_the_reads() {
        let input = format!("short\r\n{}\r\nafter\n{}", "x".repeat(25), "é".repeat(8));
        let expected = format!("short\nxxxxxxxxxx\nafter\n{}", "é".repeat(5));
        for sniff in [1, 4, 16, 100] {
            for read in 1..12 {
                let (text, problems) = cut_at_ten(input.as_bytes(), sniff, read);
                assert_eq!(text, expected, "sniff {sniff}, read {read}");
                let found: Vec<(Code, usize)> = problems.iter().map(|p| (p.0, p.1)).collect();
                assert_eq!(
                    found,
                    [(Code::LineTooLong, 6), (Code::LineTooLong, 23)],
                    "sniff {sniff}, read {read}"
                );
                assert!(
                    problems[0].2.contains("other 15 bytes"),
                    "{}",
                    problems[0].2
                );
                // Eight `é` are 16 bytes: five whole ones fit in 10.
                assert!(problems[1].2.contains("other 6 bytes"), "{}", problems[1].2);
            }
        }
        // A character across the limit is dropped whole (9 bytes kept), and
        // the line break right after the dropped part is still read.
        let input = format!("a{}\nnext\n", "é".repeat(5));
        for read in 1..12 {
            let (text, problems) = cut_at_ten(input.as_bytes(), 1, read);
            assert_eq!(text, "aéééé\nnext\n", "read {read}");
            assert_eq!(problems.len(), 1, "read {read}");
            assert!(problems[0].2.contains("other 2 bytes"), "{}", problems[0].2);
        }
        // Within the limit, nothing changes.
        let (text, problems) = cut_at_ten(b"0123456789\nabc", 4, 3);
        assert_eq!(text, "0123456789\nabc");
        assert!(problems.is_empty());
    }

    #[test]
    fn a_line_without_end_is_read_in_bounded_memory() {
        // 3 MB with no line break, read 64 KiB at a time: the text kept is
        // the limit, not the input.
        let bytes = "é".repeat(1_500_000);
        let Ok(mut reader) = TextReader::with_read_sizes(bytes.as_bytes(), None, 1 << 16, 1 << 16)
        else {
            panic!("UTF-8 decodes");
        };
        let mut pieces = Vec::new();
        while let Ok(Some(piece)) = reader.next_piece() {
            pieces.push(piece);
        }
        assert_eq!(pieces.len(), 1);
        assert_eq!(pieces[0].text.len(), MAX_LINE_BYTES);
        let codes: Vec<Code> = pieces[0].problems.iter().map(|p| p.code).collect();
        assert_eq!(codes, [Code::LineTooLong]);
        // The limit and a read (64 KiB, decoded) at most, never the line.
        let peak = reader.peak_carry;
        assert!(
            peak <= MAX_LINE_BYTES + (1 << 16),
            "the line's text grew to {peak}"
        );
    }

    #[test]
    fn an_input_as_long_as_the_beginning_is_judged_whole() {
        // A cut sequence at the very end of the input counts as invalid.
        let bytes = b"Fiche fonctionnement - Le Coin\nd'\xC3";
        let whole = decode(bytes, None).map(|d| (d.encoding, d.text));
        let reader = TextReader::with_read_sizes(&bytes[..], None, bytes.len(), 5);
        assert_eq!(
            reader.map(|r| r.encoding()).ok(),
            whole.as_ref().map(|w| w.0).ok()
        );
        assert_ne!(whole.map(|w| w.0).ok(), Some("UTF-8"));
    }

    #[test]
    fn a_long_input_is_judged_by_its_beginning() {
        // A cut UTF-8 sequence at the end of the beginning is not an error.
        let bytes = "ééééé".as_bytes();
        let (text, problems) = streamed(bytes, 3, 2);
        assert_eq!(text, "ééééé");
        assert!(problems.is_empty());
    }

    #[test]
    fn a_nul_byte_anywhere_stops_reading() {
        let mut bytes = b"line one\n".repeat(10);
        bytes.push(0);
        let (text, _) = streamed(&bytes, 8, 4);
        assert_eq!(text, "input is binary, not text (NUL byte at offset 90)");
    }

    #[test]
    fn forced_encoding_wins_over_detection() {
        let enc = encoding_for_label("latin1").ok();
        let d = decode(b"caf\xE9", enc).map(|d| (d.text, d.encoding));
        assert_eq!(d, Ok(("café".to_owned(), "windows-1252")));
        assert!(encoding_for_label("klingon").is_err());
    }
}
