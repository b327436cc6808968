//! Bytes → text. Finds the encoding (a BOM, valid UTF-8, or a guess among
//! legacy encodings), decodes, and unifies line endings to `\n`, so that
//! every later stage works on one `String` with byte spans.

mod repair;

use encoding_rs::{Encoding, UTF_8};
use fiche_types::{Code, Message, Problem, Span};
use repair::{Repair, repair_line};

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
}

/// The encoding named by `label` (`utf-8`, `latin1`, `windows-1252`, `iso-8859-15`, `utf-16le`…).
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, DecodeError> {
    Encoding::for_label(label.trim().as_bytes())
        .ok_or_else(|| DecodeError::UnknownEncoding(label.to_owned()))
}

/// Decodes `bytes`, in `forced` if given, else in the encoding its BOM
/// names, else UTF-8 if valid, else the legacy encoding chardetng guesses.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, DecodeError> {
    let (encoding, body) = match forced {
        Some(enc) => {
            // A BOM of the forced encoding is not content.
            let body = match Encoding::for_bom(bytes) {
                Some((bom_enc, len)) if bom_enc == enc => &bytes[len..],
                _ => bytes,
            };
            (enc, body)
        }
        None => match Encoding::for_bom(bytes) {
            Some((enc, len)) => (enc, &bytes[len..]),
            None => (sniff(bytes), bytes),
        },
    };
    let is_utf16 = encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE;
    if !is_utf16 && let Some(offset) = memchr_nul(body) {
        return Err(DecodeError::Binary { offset });
    }
    let (decoded, had_errors) = encoding.decode_without_bom_handling(body);
    let text = unify_line_endings(&decoded);
    if is_utf16 && text.contains('\0') {
        let offset = text.find('\0').unwrap_or(0);
        return Err(DecodeError::Binary { offset });
    }
    let mut problems = Vec::new();
    let text = repair(text, &mut problems);
    if had_errors {
        problems.extend(replacement_problems(&text, encoding));
    }
    Ok(Decoded {
        text,
        encoding: encoding.name(),
        problems,
    })
}

/// Valid UTF-8 is UTF-8, and so is UTF-8 with a few damaged bytes (fewer
/// invalid sequences than valid multi-byte ones); anything else is a legacy
/// 8-bit export whose encoding chardetng guesses from letter frequencies.
fn sniff(bytes: &[u8]) -> &'static Encoding {
    if mostly_utf8(bytes) {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    detector.guess(None, false)
}

/// Whether `bytes` is UTF-8, allowing a few invalid sequences.
fn mostly_utf8(bytes: &[u8]) -> bool {
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
    bytes.iter().position(|&b| b == 0)
}

/// CRLF and lone CR become LF.
fn unify_line_endings(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
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

/// Repairs mojibake and HTML residue line by line, with a warning per
/// repaired line. Line breaks are kept, so line numbers stay those of the input.
fn repair(text: String, problems: &mut Vec<Problem>) -> String {
    if !text.contains(['Ã', 'Â', 'â', 'Å', '&', '<']) {
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
                            "cette ligne était de l'UTF-8 lu comme du Windows-1252 puis réenregistré ; lue comme «{}»",
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
                            "des entités ou balises HTML laissées par l'extraction ont été décodées ou retirées ; lue comme «{}»",
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
                        "des octets invalides en {} ont été remplacés par U+FFFD ; vérifiez l'encodage du fichier ou indiquez-le avec --encoding",
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
    fn utf8_with_a_damaged_byte_stays_utf8_with_a_warning() {
        let d = decode("Création, équipe, bénévoles\nAdh\u{e9}".as_bytes(), None);
        let mut bytes = "Création, équipe, bénévoles\nAdh".as_bytes().to_vec();
        bytes.push(0xE9);
        bytes.extend_from_slice(b"sion");
        let d2 = decode(&bytes, None).map(|d| (d.text, d.encoding, d.problems.len()));
        assert_eq!(
            d2,
            Ok((
                "Création, équipe, bénévoles\nAdh\u{FFFD}sion".to_owned(),
                "UTF-8",
                1
            ))
        );
        assert!(d.is_ok());
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

    #[test]
    fn forced_encoding_wins_over_detection() {
        let enc = encoding_for_label("latin1").ok();
        let d = decode(b"caf\xE9", enc).map(|d| (d.text, d.encoding));
        assert_eq!(d, Ok(("café".to_owned(), "windows-1252")));
        assert!(encoding_for_label("klingon").is_err());
    }
}
