//! The heading line that starts a fiche: `PREFIX - NAME`.

use nom::branch::alt;
use nom::bytes::complete::tag_no_case;
use nom::character::complete::{one_of, space0};
use nom::combinator::{eof, rest};
use nom::sequence::preceded;
use nom::{IResult, Parser};

/// `heading = ws* PREFIX ws* (SEP ws* NAME? | EOL)` where SEP is `-`, `–`,
/// `—` or `:`. Returns the name, trimmed; `Some("")` is a heading without a name.
pub(crate) fn heading<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    let parsed: IResult<&str, &str> = preceded(
        (space0, tag_no_case(prefix), space0),
        alt((preceded((one_of("-–—:"), space0), rest), eof)),
    )
    .parse(line);
    parsed.ok().map(|(_, name)| name.trim())
}

#[cfg(test)]
mod tests {
    use super::heading;

    #[test]
    fn headings_with_and_without_names() {
        let p = "Fiche fonctionnement";
        assert_eq!(heading("Fiche fonctionnement - Infini", p), Some("Infini"));
        assert_eq!(
            heading("fiche FONCTIONNEMENT : Le Retzien Libre ", p),
            Some("Le Retzien Libre")
        );
        assert_eq!(
            heading("Fiche fonctionnement – Sud-Ouest.org", p),
            Some("Sud-Ouest.org")
        );
        assert_eq!(heading("Fiche fonctionnement", p), Some(""));
        assert_eq!(heading("Fiche fonctionnement -", p), Some(""));
        assert_eq!(heading("Fiche fonctionnementale", p), None);
        assert_eq!(heading("La fiche fonctionnement - X", p), None);
    }
}
