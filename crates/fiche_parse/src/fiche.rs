//! The file grammar: `file = preamble? fiche*`, `fiche = heading field*`,
//! `field = label value`, where a value is every line up to the next label
//! or heading.

use crate::heading::heading;
use crate::label::{FieldName, SeenLabels, label_line};
use crate::line::{Line, lines};
use crate::unknown::unknown_label_at;
use fiche_profile::Profile;
use fiche_types::{Code, Message, Problem, Span};

/// A whole input, parsed.
#[derive(Debug, Clone, Default)]
pub struct ParsedFile<'t> {
    /// The fiches, in input order.
    pub fiches: Vec<ParsedFiche<'t>>,
    /// Problems outside any fiche (text before the first heading, no fiche at all).
    pub problems: Vec<Problem>,
}

/// One fiche: its heading, its fields, and what did not fit.
#[derive(Debug, Clone)]
pub struct ParsedFiche<'t> {
    /// The name after the heading prefix (empty when the heading has none).
    pub name: Line<'t>,
    /// The heading line.
    pub heading: Span,
    /// From the heading to the last non-blank line.
    pub span: Span,
    /// Fields in input order (a field given twice appears twice), their
    /// values as ranges of `lines`.
    fields: Vec<FieldAt<'t>>,
    /// The value lines of every field, one field after the other: one
    /// buffer per fiche rather than one per field.
    lines: Vec<Line<'t>>,
    /// Problems inside the fiche that the parser can see.
    pub problems: Vec<Problem>,
}

impl<'t> ParsedFiche<'t> {
    /// The fields in input order (a field given twice appears twice).
    pub fn fields(&self) -> impl ExactSizeIterator<Item = ParsedField<'_, 't>> {
        self.fields.iter().map(|f| ParsedField {
            name: f.name,
            label: f.label,
            value: &self.lines[f.value.clone()],
        })
    }
}

/// One field: which profile field, the label as written, the value lines.
#[derive(Debug, Clone, Copy)]
pub struct ParsedField<'f, 't> {
    /// The profile field the label names, exactly or by a slip, or none.
    pub name: FieldName,
    /// The label as written.
    pub label: Line<'t>,
    /// The value's lines, blank lines at either end removed; may be empty.
    pub value: &'f [Line<'t>],
}

/// A field of a [`ParsedFiche`], its value lines in the fiche's buffer.
#[derive(Debug, Clone)]
struct FieldAt<'t> {
    name: FieldName,
    label: Line<'t>,
    value: std::ops::Range<usize>,
}

/// Whether `line` (without its `\n`) is a heading, which starts a fiche.
/// [`parse`] starts a fiche at exactly these lines, so text cut just before
/// them parses, chunk by chunk, into the same fiches as the whole.
pub fn is_heading(line: &str, profile: &Profile) -> bool {
    profile
        .heading
        .iter()
        .any(|prefix| heading(line, prefix).is_some())
}

/// Whether [`parse`] reads `line` (without its `\n`), inside a fiche, as
/// a line of the value being read: neither a heading nor a label line
/// (a label on its own, or `LABEL : value`). A writer of fiche text asks
/// this of each value line it writes, so that what it writes reads back.
pub fn reads_as_value(line: &str, profile: &Profile) -> bool {
    let line = Line {
        text: line,
        span: Span::new(0, line.len()),
    };
    !is_heading(line.text, profile) && label_line(line, profile, &mut SeenLabels::new()).is_none()
}

/// Parses decoded text into fiches, with the labels of `profile`.
pub fn parse<'t>(text: &'t str, profile: &Profile) -> ParsedFile<'t> {
    let mut file = ParsedFile::default();
    let mut preamble: Vec<Line<'t>> = Vec::new();
    let mut current: Option<FicheBuilder<'t, '_>> = None;
    let mut seen = SeenLabels::new();
    for line in lines(text) {
        if let Some((prefix, name)) = profile
            .heading
            .iter()
            .find_map(|prefix| heading(line.text, prefix).map(|name| (prefix, name)))
        {
            if let Some(done) = current.take() {
                file.fiches.push(done.finish(profile));
            }
            current = Some(FicheBuilder::new(line, line.sub(name), prefix, profile));
            continue;
        }
        match current.as_mut() {
            Some(fiche) => fiche.push(line, profile, &mut seen),
            None if !line.is_blank() => preamble.push(line),
            None => {}
        }
    }
    if let Some(done) = current.take() {
        file.fiches.push(done.finish(profile));
    }
    if let (Some(first), Some(last)) = (preamble.first(), preamble.last()) {
        let code = if file.fiches.is_empty() {
            Code::NoFiche
        } else {
            Code::Preamble
        };
        let quoted = quote_lines(&preamble);
        let message = match code {
            Code::NoFiche => {
                let prefix = profile.heading.first().map_or("", String::as_str);
                Message::new(
                    format!(
                        "no fiche heading found, expected a line such as `{prefix} - NAME`; the text is not used: {quoted}"
                    ),
                    format!(
                        "aucun titre de fiche n'a été trouvé ; chaque fiche commence par une ligne «{prefix} - Nom de la structure». Ce texte n'a pas été lu : {quoted}"
                    ),
                )
            }
            _ => Message::new(
                format!("text before the first fiche heading belongs to no fiche: {quoted}"),
                format!(
                    "ce texte précède le premier titre de fiche et n'appartient à aucune fiche : {quoted}"
                ),
            ),
        };
        file.problems.push(Problem::new(
            code,
            first.trim().span.cover(last.trim().span),
            message,
        ));
    }
    file
}

/// The lines' text, each quoted, for a message that must not lose them.
pub(crate) fn quote_lines(lines: &[Line<'_>]) -> String {
    lines
        .iter()
        .map(|l| format!("«{}»", l.text.trim()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A fiche being read, line by line.
struct FicheBuilder<'t, 'p> {
    fiche: ParsedFiche<'t>,
    /// The heading prefix, for messages.
    prefix: &'p str,
    /// Non-blank lines after the heading and before the first label.
    stray: Vec<Line<'t>>,
}

impl<'t, 'p> FicheBuilder<'t, 'p> {
    fn new(heading: Line<'t>, name: Line<'t>, prefix: &'p str, profile: &Profile) -> Self {
        FicheBuilder {
            prefix,
            fiche: ParsedFiche {
                name,
                heading: heading.span,
                span: heading.trim().span,
                // Most fiches have every field of the profile.
                fields: Vec::with_capacity(profile.fields().len()),
                // A fiche has a few dozen lines.
                lines: Vec::with_capacity(64),
                problems: Vec::new(),
            },
            stray: Vec::new(),
        }
    }

    fn push(&mut self, line: Line<'t>, profile: &Profile, seen: &mut SeenLabels) {
        if let Some(label) = label_line(line, profile, seen) {
            self.fiche.span = self.fiche.span.cover(line.trim().span);
            let start = self.fiche.lines.len();
            self.fiche.lines.extend(label.inline_value);
            self.fiche.fields.push(FieldAt {
                name: label.field,
                label: label.label,
                value: start..self.fiche.lines.len(),
            });
            return;
        }
        if !line.is_blank() {
            self.fiche.span = self.fiche.span.cover(line.trim().span);
        }
        match self.fiche.fields.last_mut() {
            Some(field) => {
                // A field's lines are the last ones pushed.
                self.fiche.lines.push(line);
                field.value.end = self.fiche.lines.len();
            }
            None if !line.is_blank() => self.stray.push(line),
            None => {}
        }
    }

    /// Splits off, from each field's value, the labels the profile does not
    /// know (see [`unknown_label_at`]): each starts a field of its own.
    fn split_unknown_labels(&mut self, profile: &Profile) {
        let fields = std::mem::take(&mut self.fiche.fields);
        let mut split = Vec::with_capacity(fields.len());
        let lines = &mut self.fiche.lines;
        for mut current in fields {
            // The field the value is read for: the profile's, then none
            // (free text) once a label it does not know is split off.
            let mut spec = current.name.id().map(|id| profile.field(id));
            let mut k = current.value.start;
            // Whether the value has a non-blank line before line `k`: its
            // first line is always its own.
            let mut valued = false;
            while k < current.value.end {
                if lines[k].is_blank() {
                    k += 1;
                    continue;
                }
                if valued && let Some(label) = unknown_label_at(lines, k, current.value.end, spec) {
                    let end = current.value.end;
                    current.value.end = k;
                    split.push(current);
                    // A value on the label's line takes that line's place.
                    let start = match label.inline_value {
                        Some(value) => {
                            lines[k] = value;
                            k
                        }
                        None => k + 1,
                    };
                    current = FieldAt {
                        name: FieldName::Unknown,
                        label: label.label,
                        value: start..end,
                    };
                    spec = None;
                    k = start;
                    valued = false;
                    continue;
                }
                valued = true;
                k += 1;
            }
            split.push(current);
        }
        self.fiche.fields = split;
    }

    fn finish(mut self, profile: &Profile) -> ParsedFiche<'t> {
        if self.fiche.name.text.is_empty() {
            self.fiche.problems.push(Problem::new(
                Code::MissingName,
                self.fiche.heading,
                Message::new(
                    format!(
                        "fiche heading has no name, expected `{} - NAME`",
                        self.prefix
                    ),
                    "le titre de la fiche ne donne pas le nom de la structure",
                ),
            ));
        }
        if let (Some(first), Some(last)) = (self.stray.first(), self.stray.last()) {
            self.fiche.problems.push(Problem::new(
                Code::TextBeforeFirstField,
                first.trim().span.cover(last.trim().span),
                Message::new(
                    format!(
                        "text after the heading and before the first label belongs to no field: {}",
                        quote_lines(&self.stray)
                    ),
                    format!(
                        "ce texte, entre le titre et le premier intitulé, n'appartient à aucun champ : {}",
                        quote_lines(&self.stray)
                    ),
                ),
            ));
        }
        if self.fiche.fields.is_empty() {
            self.fiche.problems.push(Problem::new(
                Code::EmptyFiche,
                self.fiche.heading,
                Message::new(
                    "fiche has no field, expected labels on the lines after the heading",
                    "cette fiche n'a aucun champ ; écrivez ses intitulés après le titre, chacun suivi de sa valeur",
                ),
            ));
        }
        self.split_unknown_labels(profile);
        let lines = &self.fiche.lines;
        for field in &mut self.fiche.fields {
            let value = &mut field.value;
            while value.end > value.start && lines[value.end - 1].is_blank() {
                value.end -= 1;
            }
            while value.start < value.end && lines[value.start].is_blank() {
                value.start += 1;
            }
        }
        self.fiche
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(file: &ParsedFile<'_>) -> Vec<&'static str> {
        file.problems
            .iter()
            .chain(file.fiches.iter().flat_map(|f| &f.problems))
            .map(|p| p.code.as_str())
            .collect()
    }

    #[test]
    fn value_lines_are_what_parse_puts_in_a_value() {
        let p = Profile::chatons();
        for (line, value) in [
            ("Une équipe de bénévoles", true),
            ("- Création de comptes", true),
            ("- Bénévoles", true),
            ("  • Création :", true),
            ("-Bénévoles", false),
            ("Création", false),
            ("  création :", false),
            ("Création : 2019", false),
            ("Fiche fonctionnement - B", false),
            ("Fiche\u{a0}fonctionnement : B", false),
            ("La fiche fonctionnement - B", true),
        ] {
            assert_eq!(reads_as_value(line, &p), value, "{line:?}");
            // The same answer as parse: a value line is a line of the
            // value of `Organisation de la structure`.
            let text = format!("Fiche fonctionnement - A\nOrganisation de la structure\n{line}\n");
            let file = parse(&text, &p);
            let in_value = file.fiches.len() == 1
                && file.fiches[0].fields().len() == 1
                && file.fiches[0].fields().all(|f| f.value.len() == 1);
            assert_eq!(in_value, value, "{line:?}");
        }
    }

    #[test]
    fn fiches_fields_and_values() {
        let p = Profile::chatons();
        let text = "Intro\n\nFiche fonctionnement - A\n\nCréation\n1995\nMembre depuis\nOrganisation de la structure\nligne 1\n\nligne 2\n\nFiche fonctionnement - B\nCréation : 2001\n";
        let file = parse(text, &p);
        assert_eq!(file.fiches.len(), 2);
        let a = &file.fiches[0];
        assert_eq!(a.name.text, "A");
        let values: Vec<Vec<&str>> = a
            .fields()
            .map(|f| f.value.iter().map(|l| l.text).collect())
            .collect();
        assert_eq!(
            values,
            [vec!["1995"], vec![], vec!["ligne 1", "", "ligne 2"]]
        );
        assert_eq!(
            &text[a.span.start..a.span.end].lines().last(),
            &Some("ligne 2")
        );
        let b = &file.fiches[1];
        let first = b.fields().next().expect("a field");
        assert_eq!(first.value[0].text, "2001");
        assert_eq!(first.label.text, "Création");
        assert_eq!(codes(&file), ["preamble"]);
        assert!(
            file.problems[0]
                .message
                .get(fiche_types::Lang::En)
                .contains("«Intro»")
        );
        assert!(
            file.problems[0]
                .message
                .get(fiche_types::Lang::Fr)
                .contains("«\u{a0}Intro\u{a0}»")
        );
    }

    #[test]
    fn values_are_trimmed_of_blank_lines_each_its_own() {
        let p = Profile::chatons();
        let text = "Fiche fonctionnement - A\nCréation : 1995\n\nsuite\n\nMembre depuis\n\n\n2019\n \nOrganisation de la structure\n\n\nType de structure\n\nAssociation\n";
        let file = parse(text, &p);
        let values: Vec<(&str, Vec<&str>)> = file.fiches[0]
            .fields()
            .map(|f| (f.label.text, f.value.iter().map(|l| l.text).collect()))
            .collect();
        assert_eq!(
            values,
            [
                ("Création", vec!["1995", "", "suite"]),
                ("Membre depuis", vec!["2019"]),
                ("Organisation de la structure", vec![]),
                ("Type de structure", vec!["Association"]),
            ]
        );
    }

    #[test]
    fn problems_that_the_parser_sees() {
        let p = Profile::chatons();
        let file = parse(
            "Fiche fonctionnement\nstray text\nCréation\n2000\nFiche fonctionnement - Vide\n",
            &p,
        );
        assert_eq!(
            codes(&file),
            ["missing-name", "text-before-first-field", "empty-fiche"]
        );
        let file = parse("just some text\n", &p);
        assert_eq!(codes(&file), ["no-fiche"]);
        let file = parse("Création\n", &p);
        assert_eq!(codes(&file), ["no-fiche"]);
    }
}
