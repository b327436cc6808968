//! Problems found in an input: a stable code, a message, the field it is
//! about, and where it is. Stages produce [`Problem`]s with byte spans; the
//! normaliser turns them into [`Diagnostic`]s with line and column.

use crate::span::Span;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How bad a problem is: an error makes the record unfit for use as is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something was understood, but not as written or not where expected.
    Warning,
    /// Something is missing or could not be understood.
    Error,
}

impl Severity {
    /// The severity as written in records and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

macro_rules! codes {
    ( $( $(#[$doc:meta])* $variant:ident = $code:literal, $severity:ident; )+ ) => {
        /// Stable kebab-case diagnostic codes; the README lists each with an example.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        pub enum Code {
            $( $(#[$doc])* #[serde(rename = $code)] $variant, )+
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The code as written in records and reports.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code),+ }
            }

            /// The severity every problem with this code has in a record.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity),+ }
            }

            /// The severity when a person submits a fiche (`fiche validate`):
            /// a wording the vocabulary does not know must be fixed there,
            /// while a batch conversion records it as `other` and goes on.
            pub fn submission_severity(self) -> Severity {
                match self {
                    Code::UnknownCategory
                    | Code::UnknownAccessMode
                    | Code::MisspeltLabel
                    | Code::UnknownField => Severity::Error,
                    _ => self.severity(),
                }
            }
        }
    };
}

codes! {
    /// Text before the first fiche heading; kept in the message.
    Preamble = "preamble", Warning;
    /// Text inside a fiche before its first label; kept in the message.
    TextBeforeFirstField = "text-before-first-field", Warning;
    /// A fiche heading with no name after it.
    MissingName = "missing-name", Error;
    /// A field the profile requires is absent or empty.
    MissingField = "missing-field", Error;
    /// The same field is given twice in one fiche; the first is kept.
    DuplicateField = "duplicate-field", Error;
    /// A fiche heading followed by no field at all.
    EmptyFiche = "empty-fiche", Error;
    /// A year that is not a plausible year.
    InvalidYear = "invalid-year", Error;
    /// A date that is not a date.
    InvalidDate = "invalid-date", Error;
    /// A head count that is not a number of people.
    InvalidCount = "invalid-count", Error;
    /// A category wording the vocabulary does not know; the record says `other`.
    UnknownCategory = "unknown-category", Warning;
    /// An access line the vocabulary does not know; the record says `other`.
    UnknownAccessMode = "unknown-access-mode", Warning;
    /// Bytes that are not valid in the input's encoding became U+FFFD.
    InvalidBytes = "invalid-bytes", Warning;
    /// A line of a UTF-8 input that is in a legacy 8-bit encoding (a scrape
    /// concatenated from several sources); it was read in that encoding.
    MixedEncoding = "mixed-encoding", Warning;
    /// A line was UTF-8 read as Windows-1252 and saved again (`CrÃ©ation`); it was repaired.
    MojibakeRepaired = "mojibake-repaired", Warning;
    /// HTML entities (`&nbsp;`, `&eacute;`) were decoded or tags (`<br>`) removed.
    HtmlResidue = "html-residue", Warning;
    /// The input has no fiche heading at all.
    NoFiche = "no-fiche", Error;
    /// A fiche (or the text before the first heading) longer than a fiche
    /// can be; its lines past the limit, up to the next heading, were not read.
    FicheTooLong = "fiche-too-long", Error;
    /// A line longer than a line can be (1 MiB): its first MiB is kept, the
    /// rest of it was not read.
    LineTooLong = "line-too-long", Error;
    /// A declared head count that the fiche's own text contradicts.
    CountContradicted = "count-contradicted", Warning;
    /// `member_since` is earlier than `founded`.
    MemberSinceBeforeFounded = "member-since-before-founded", Warning;
    /// A year mentioned in the free text is later than this year.
    FutureYear = "future-year", Warning;
    /// A label line close to a known label (one letter or one word off),
    /// read as that label; the message names it.
    MisspeltLabel = "misspelt-label", Warning;
    /// A label line the profile does not know; its value is kept in
    /// `extra_fields` under the label as written.
    UnknownField = "unknown-field", Warning;
    /// A year, date, count or category value says more than the value
    /// read from it; the message quotes what was not read.
    TrailingText = "trailing-text", Warning;
}

/// The languages diagnostics are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// French, for the people who submit fiches.
    Fr,
}

impl Lang {
    /// The language a locale name (`fr_FR.UTF-8`, `en_US`, `C`) asks for:
    /// French for `fr…`, English otherwise.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("fr") {
            Lang::Fr
        } else {
            Lang::En
        }
    }
}

/// A message in every language diagnostics are written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    en: String,
    fr: String,
}

impl Message {
    /// The same message in English and in French. Messages are written
    /// with plain spaces around guillemets and colons: the French is set
    /// with French [`typography`](crate::french::typography) when asked for.
    pub fn new(en: impl Into<String>, fr: impl Into<String>) -> Self {
        Message {
            en: en.into(),
            fr: fr.into(),
        }
    }

    /// The message in `lang` (the French set as French prints it, the
    /// English as written).
    pub fn get(&self, lang: Lang) -> std::borrow::Cow<'_, str> {
        match lang {
            Lang::En => std::borrow::Cow::Borrowed(&self.en),
            Lang::Fr => std::borrow::Cow::Owned(crate::french::typography(&self.fr)),
        }
    }
}

/// A size limit as messages write it, in English and in French: whole
/// MiB or KiB when it is a multiple of one, else bytes (`1 MiB`, `256 Kio`,
/// `10 bytes`).
pub fn size_limit(bytes: usize) -> (String, String) {
    if bytes > 0 && bytes.is_multiple_of(1 << 20) {
        (
            format!("{} MiB", bytes >> 20),
            format!("{} Mio", bytes >> 20),
        )
    } else if bytes > 0 && bytes.is_multiple_of(1 << 10) {
        (
            format!("{} KiB", bytes >> 10),
            format!("{} Kio", bytes >> 10),
        )
    } else {
        (format!("{bytes} bytes"), format!("{bytes} octets"))
    }
}

/// A problem as a stage finds it: located by a byte span on the decoded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What kind of problem; also fixes the severity.
    pub code: Code,
    /// What was expected and what was found, with no trailing period.
    pub message: Message,
    /// The record key (or extra field label) it is about, if any.
    pub field: Option<String>,
    /// Where it is.
    pub span: Span,
}

impl Problem {
    /// A problem not tied to a field.
    pub fn new(code: Code, span: Span, message: Message) -> Self {
        Problem {
            code,
            message,
            field: None,
            span,
        }
    }

    /// The same problem in a text that `by` bytes were put before.
    pub fn shifted(self, by: usize) -> Self {
        self.rebased(0, by)
    }

    /// The same problem once the text from byte `old` (at or before the
    /// problem) is moved to byte `new`.
    pub fn rebased(mut self, old: usize, new: usize) -> Self {
        let start = self.span.start.saturating_sub(old) + new;
        let end = self.span.end.saturating_sub(old) + new;
        self.span = Span::new(start, end);
        self
    }

    /// The same problem, about `field`.
    pub fn in_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// The severity its code carries.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// A problem as written in a record: located by 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Diagnostic {
    /// `error` or `warning`.
    pub severity: Severity,
    /// Stable kebab-case code.
    pub code: Code,
    /// Human-readable explanation.
    pub message: String,
    /// The record key (or extra field label) concerned, or null.
    pub field: Option<String>,
    /// 1-based line in the original input.
    #[schemars(range(min = 1))]
    pub line: u32,
    /// 1-based column, in characters.
    #[schemars(range(min = 1))]
    pub column: u32,
    /// The message in the language printed for people, when it is not the
    /// record's (`fiche convert` in a French locale without `--lang`: the
    /// record says it in English, standard error in French). Never written.
    #[serde(skip)]
    #[schemars(skip)]
    pub printed: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_from_locale() {
        assert_eq!(Lang::from_locale("fr_FR.UTF-8"), Lang::Fr);
        assert_eq!(Lang::from_locale("fr"), Lang::Fr);
        assert_eq!(Lang::from_locale("en_GB.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("C"), Lang::En);
        assert_eq!(Lang::from_locale(""), Lang::En);
        let m = Message::new("missing", "manquant");
        assert_eq!(
            (m.get(Lang::En).as_ref(), m.get(Lang::Fr).as_ref()),
            ("missing", "manquant")
        );
    }

    #[test]
    fn size_limits_in_whole_units() {
        let en = |n| size_limit(n).0;
        assert_eq!(
            size_limit(1 << 20),
            ("1 MiB".to_owned(), "1 Mio".to_owned())
        );
        assert_eq!(
            size_limit(256 << 10),
            ("256 KiB".to_owned(), "256 Kio".to_owned())
        );
        assert_eq!(en(3 << 20), "3 MiB");
        assert_eq!(en(1536), "1536 bytes");
        assert_eq!(en(10), "10 bytes");
        assert_eq!(en(0), "0 bytes");
    }
}
