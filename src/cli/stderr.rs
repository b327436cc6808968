//! Lines on standard error that never stop the run: a closed or full
//! standard error (`fiche convert … 2>&1 | head -3`) loses the message,
//! not the records. Text from the input is shown with its control
//! characters made visible, as `validate` shows them, so that escape
//! sequences in a scraped file (colours, OSC 52 clipboard writes) never
//! reach the terminal.

use std::borrow::Cow;
use std::io::Write as _;

/// Writes `line`, its control characters [`visible`], and a line break on
/// standard error; a failure to write is ignored. Every line `fiche`
/// writes there goes through here, so none carries a control character of
/// the input.
pub(crate) fn line(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(visible(line).as_bytes());
    let _ = err.write_all(b"\n");
}

/// `text` with its control characters visible: C0 controls and DEL as their
/// Unicode control pictures (`␛` for ESC), C1 controls as `\u{9b}`; tabs
/// kept.
pub(crate) fn visible(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| c.is_control() && c != '\t';
    if !text.contains(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match u32::from(c) {
            _ if !hidden(c) => out.push(c),
            code @ 0..=0x1F => out.push(char::from_u32(0x2400 + code).unwrap_or('\u{FFFD}')),
            0x7F => out.push('\u{2421}'),
            code => out.push_str(&format!("\\u{{{code:x}}}")),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::visible;

    #[test]
    fn control_characters_are_made_visible() {
        assert_eq!(visible("plain\ttext é"), "plain\ttext é");
        assert_eq!(visible("a\u{1b}[31mrouge"), "a\u{241b}[31mrouge");
        assert_eq!(
            visible("\u{1b}]52;c;aGk=\u{7}"),
            "\u{241b}]52;c;aGk=\u{2407}"
        );
        assert_eq!(visible("x\u{7f}\u{9b}y"), "x\u{2421}\\u{9b}y");
        assert_eq!(visible("\r\n"), "\u{240d}\u{240a}");
    }
}
