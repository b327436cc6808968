//! Parsed fiches → records. Reads each field's value as its kind says
//! (text, category, year, date, count, checklist), cleans every string,
//! finds the facts inside the free text, and turns every problem into a
//! diagnostic with a line and column.

mod clean;
mod consistency;
mod headcount;
mod mentions;
mod quantity;
mod scalar;
mod tags;
mod text;
mod words;

pub use clean::{MIDDLE_DOT, clean};

use consistency::FieldSpans;
use fiche_parse::{FieldName, Line, ParsedFiche, ParsedField, ParsedFile};
use fiche_profile::{FieldId, FieldSpec, OptionSpec, Profile, Remembered, Target};
use fiche_types::{
    Category, Checklist, Code, Count, Diagnostic, EconomicModel, ExtraField, FieldKey, Lang,
    LineIndex, Mentions, Message, Problem, Record, SCHEMA_VERSION, Source, Span, StructureType,
    Text,
};
use mentions::Facts;

/// How records are written.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Keep every string exactly as decoded (no cleaning).
    pub raw: bool,
    /// The current year: later years are errors.
    pub this_year: u16,
    /// The language of diagnostic messages.
    pub lang: Lang,
    /// The language messages are printed in, when it may differ from
    /// `lang`: each diagnostic then also holds its message in it.
    pub printed_lang: Option<Lang>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            raw: false,
            this_year: current_year(),
            lang: Lang::En,
            printed_lang: None,
        }
    }
}

/// One decoded input, as the normaliser needs to know it.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The decoded text the parse was made on.
    pub text: &'a str,
    /// The path as given (`-` for standard input).
    pub path: &'a str,
    /// The encoding it was decoded with.
    pub encoding: &'a str,
    /// The input line that `text` starts on (1 unless `text` is a later
    /// chunk of a streamed input).
    pub first_line: u32,
    /// How many fiches of the input come before `text`.
    pub first_index: u32,
}

impl<'a> Input<'a> {
    /// A whole input.
    pub fn whole(text: &'a str, path: &'a str, encoding: &'a str) -> Self {
        Input {
            text,
            path,
            encoding,
            first_line: 1,
            first_index: 0,
        }
    }
}

/// The records of one input, and the diagnostics no record can hold
/// (an input with no fiche).
#[derive(Debug, Clone)]
pub struct FileRecords {
    /// One record per fiche, in input order.
    pub records: Vec<Record>,
    /// Diagnostics of an input without any fiche.
    pub unattached: Vec<Diagnostic>,
}

/// Strings cleaned, or kept as decoded with `--raw`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cleaner {
    raw: bool,
}

impl Cleaner {
    pub(crate) fn clean(self, s: &str) -> String {
        if self.raw { s.to_owned() } else { clean(s) }
    }
}

/// Builds the records of one input (or one chunk of it, see [`Input`]).
/// `extra` holds problems found before parsing (decoding): each goes to the
/// record of the last fiche starting at or before it, else to the first record.
pub fn normalise(
    input: Input<'_>,
    parsed: &ParsedFile<'_>,
    extra: &[Problem],
    profile: &Profile,
    options: &Options,
) -> FileRecords {
    let mut records = Vec::with_capacity(parsed.fiches.len());
    let unattached = normalise_each(input, parsed, extra, profile, options, |record| {
        records.push(record);
    });
    FileRecords {
        records,
        unattached,
    }
}

/// [`normalise`], handing each record to `each` as soon as it is built, in
/// input order, instead of collecting them: a caller that writes records
/// out never holds more than one. Returns the diagnostics no record can hold.
pub fn normalise_each(
    input: Input<'_>,
    parsed: &ParsedFile<'_>,
    extra: &[Problem],
    profile: &Profile,
    options: &Options,
    mut each: impl FnMut(Record),
) -> Vec<Diagnostic> {
    let index = LineIndex::starting_at(input.text, input.first_line);
    // Options already found, field by field.
    let mut known: Vec<Remembered<&OptionSpec>> =
        profile.fields().iter().map(|_| Remembered::new()).collect();
    // A problem belongs to the last fiche whose heading line starts at or
    // before it (an indented heading's line included, so that a chunk
    // starting there gives the same answer as the whole input), else to
    // the first fiche. Homes are found before any record is built.
    let starts: Vec<usize> = parsed
        .fiches
        .iter()
        .map(|fiche| index.line_start(fiche.span.start))
        .collect();
    let mut homed: Vec<Vec<&Problem>> = vec![Vec::new(); starts.len()];
    let mut unattached = Vec::new();
    for problem in parsed.problems.iter().chain(extra) {
        let home = starts
            .iter()
            .rposition(|start| *start <= problem.span.start)
            .or(if starts.is_empty() { None } else { Some(0) });
        match home {
            Some(i) => homed[i].push(problem),
            None => unattached.push(diagnostic(&index, problem, options)),
        }
    }
    for ((i, fiche), extra) in parsed.fiches.iter().enumerate().zip(homed) {
        let (mut record, mut problems) =
            fiche_record(input, &index, i, fiche, profile, options, &mut known);
        problems.extend(extra.into_iter().cloned());
        problems.sort_by_key(|p| p.span.start);
        record.diagnostics = problems
            .iter()
            .map(|p| diagnostic(&index, p, options))
            .collect();
        // Freed before the record is handed on: a fiche can have tens of
        // thousands of problems, each in both languages.
        drop(problems);
        each(record);
    }
    unattached
}

/// A problem located by line and column, its message in the languages
/// `options` asks for.
fn diagnostic(index: &LineIndex<'_>, p: &Problem, options: &Options) -> Diagnostic {
    let (line, column) = index.line_col(p.span.start);
    let printed = options
        .printed_lang
        .filter(|printed| *printed != options.lang);
    Diagnostic {
        severity: p.severity(),
        code: p.code,
        message: p.message.get(options.lang).into_owned(),
        field: p.field.clone(),
        line,
        column,
        printed: printed.map(|lang| p.message.get(lang).into_owned()),
    }
}

fn empty_record(profile: &Profile, source: Source) -> Record {
    Record {
        schema_version: SCHEMA_VERSION,
        profile: profile.id.clone(),
        name: None,
        structure_type: None,
        founded: None,
        member_since: None,
        organisation: None,
        employees: None,
        volunteers: None,
        member_roles: None,
        user_types: None,
        user_support: None,
        access: None,
        economic_model: None,
        extra_fields: Vec::new(),
        mentions: Mentions::default(),
        source,
        diagnostics: Vec::new(),
    }
}

/// The record of one fiche, and its problems (not yet located).
fn fiche_record<'p>(
    input: Input<'_>,
    index: &LineIndex<'_>,
    i: usize,
    fiche: &ParsedFiche<'_>,
    profile: &'p Profile,
    options: &Options,
    known: &mut [Remembered<&'p OptionSpec>],
) -> (Record, Vec<Problem>) {
    let cleaner = Cleaner { raw: options.raw };
    let source = Source {
        path: input.path.to_owned(),
        index: u32::try_from(i)
            .unwrap_or(u32::MAX)
            .saturating_add(input.first_index),
        line_start: index.line(fiche.span.start),
        line_end: index.line(fiche.span.end),
        encoding: input.encoding.to_owned(),
    };
    let mut record = empty_record(profile, source);
    let mut problems = fiche.problems.clone();
    let name = cleaner.clean(fiche.name.text);
    record.name = (!name.is_empty()).then_some(name);
    let mut seen: Vec<FieldId> = Vec::with_capacity(fiche.fields().len());
    // The value span of each extra field, in `extra_fields` order.
    let mut extra_spans: Vec<Span> = Vec::new();
    let mut spans = FieldSpans::with_capacity(profile.fields().len());
    for field in fiche.fields() {
        let id = match field.name {
            FieldName::Known(id) => id,
            FieldName::Misspelt {
                field: id,
                spelling,
            } => {
                problems.push(misspelt_label(field, profile.field(id), spelling));
                id
            }
            FieldName::Unknown => {
                unknown_field(field, cleaner, &mut record, &mut extra_spans, &mut problems);
                continue;
            }
        };
        let spec = profile.field(id);
        let name = spec.target.name();
        if seen.contains(&id) {
            problems.push(
                Problem::new(
                    Code::DuplicateField,
                    field.label.span,
                    Message::new(
                        format!(
                            "field «{}» is given a second time; the first value is kept and this one is not used: {}",
                            field.label.text,
                            quote(field.value)
                        ),
                        format!(
                            "le champ «{}» apparaît une seconde fois ; seule la première valeur est gardée, celle-ci est ignorée : {}",
                            field.label.text,
                            quote(field.value)
                        ),
                    ),
                )
                .in_field(name),
            );
            continue;
        }
        seen.push(id);
        if field.value.iter().all(Line::is_blank) {
            if spec.required {
                problems.push(
                    Problem::new(
                        Code::MissingField,
                        field.label.span,
                        Message::new(
                            format!(
                                "field «{}» is empty, expected a value on the next line",
                                field.label.text
                            ),
                            format!(
                                "le champ «{}» est vide ; écrivez sa valeur à la ligne suivante",
                                field.label.text
                            ),
                        ),
                    )
                    .in_field(name),
                );
            }
            continue;
        }
        let mut reader = FieldReader {
            spec,
            lines: field.value,
            span: value_span(field.value),
            cleaner,
            problems: &mut problems,
            this_year: options.this_year,
            known: &mut known[id.0],
        };
        if let Target::Key(key) = spec.target {
            spans.insert(key, reader.span);
        }
        reader.read_into(&mut record, &mut extra_spans);
    }
    // A fiche with no field at all already has its `empty-fiche` error.
    let missing = profile.fields().iter().enumerate().filter(|(id, spec)| {
        spec.required && !seen.contains(&FieldId(*id)) && fiche.fields().len() > 0
    });
    for (_, spec) in missing {
        problems.push(
            Problem::new(
                Code::MissingField,
                fiche.heading,
                {
                    let label = spec.labels.first().map_or("", String::as_str);
                    Message::new(
                        format!(
                            "required field «{label}» is missing, expected its label on a line of its own followed by its value"
                        ),
                        format!(
                            "il manque le champ obligatoire «{label}» ; ajoutez son intitulé seul sur une ligne, puis sa valeur en dessous"
                        ),
                    )
                },
            )
            .in_field(spec.target.name()),
        );
    }
    let facts = facts_of(&record, &spans, &extra_spans);
    consistency::check(
        profile,
        &record,
        &facts,
        &spans,
        options.this_year,
        &mut problems,
    );
    record.mentions = facts.into_mentions();
    (record, problems)
}

/// The `misspelt-label` warning (an error for submissions) of a label read
/// as the spelling `spelling` of `spec`'s labels.
fn misspelt_label(field: ParsedField<'_, '_>, spec: &FieldSpec, spelling: usize) -> Problem {
    let written = spec.labels.get(spelling).map_or("", String::as_str);
    let label = field.label.text;
    Problem::new(
        Code::MisspeltLabel,
        field.label.span,
        Message::new(
            format!(
                "label «{label}» is not a label of the fiche; did you mean «{written}»? Its value is read as that field's"
            ),
            format!(
                "l'intitulé «{label}» n'existe pas ; vouliez-vous écrire «{written}» ? Sa valeur a été lue comme celle de ce champ"
            ),
        ),
    )
    .in_field(spec.target.name())
}

/// A field whose label the profile does not know: its value goes to
/// `extra_fields` under the label as written, with an `unknown-field`
/// warning (an error for submissions) at the label.
fn unknown_field(
    field: ParsedField<'_, '_>,
    cleaner: Cleaner,
    record: &mut Record,
    extra_spans: &mut Vec<Span>,
    problems: &mut Vec<Problem>,
) {
    let label = cleaner.clean(field.label.text);
    problems.push(
        Problem::new(
            Code::UnknownField,
            field.label.span,
            Message::new(
                format!(
                    "label «{label}» is not a label of the fiche; its value is kept under it in extra_fields"
                ),
                format!(
                    "l'intitulé «{label}» ne fait pas partie de la fiche ; sa valeur est gardée à part, sous cet intitulé"
                ),
            ),
        )
        .in_field(label.clone()),
    );
    if let Some(Text { text, blocks }) = text::text_value(field.value, cleaner) {
        extra_spans.push(value_span(field.value));
        record.extra_fields.push(ExtraField {
            label,
            text,
            blocks,
        });
    }
}

/// The facts of the record's free text, field by field in record order
/// (text fields, then extra fields), whatever the order the fiche gave
/// them in: a record reads the same facts however it is written out.
fn facts_of<'r>(record: &'r Record, spans: &FieldSpans, extra_spans: &[Span]) -> Facts<'r> {
    let mut facts = Facts::default();
    let texts = [
        (
            FieldKey::Organisation,
            record.organisation.as_ref().map(|t| &t.blocks),
        ),
        (
            FieldKey::MemberRoles,
            record.member_roles.as_ref().map(|t| &t.blocks),
        ),
        (
            FieldKey::UserTypes,
            record.user_types.as_ref().map(|t| &t.blocks),
        ),
        (
            FieldKey::UserSupport,
            record.user_support.as_ref().map(|t| &t.blocks),
        ),
        (
            FieldKey::EconomicModel,
            record.economic_model.as_ref().map(|e| &e.blocks),
        ),
    ];
    for (key, blocks) in texts {
        if let Some(blocks) = blocks {
            let origin = mentions::Origin {
                name: key.slug(),
                span: spans.get(key),
            };
            facts.read(blocks, origin);
        }
    }
    for (extra, span) in record.extra_fields.iter().zip(extra_spans) {
        let origin = mentions::Origin {
            name: &extra.label,
            span: *span,
        };
        facts.read(&extra.blocks, origin);
    }
    facts
}

/// From the first to the last non-blank character of a value's lines.
fn value_span(lines: &[Line<'_>]) -> Span {
    let first = lines.iter().find(|l| !l.is_blank()).map(Line::trim);
    let last = lines.iter().rev().find(|l| !l.is_blank()).map(Line::trim);
    match (first, last) {
        (Some(f), Some(l)) => f.span.cover(l.span),
        _ => Span::default(),
    }
}

/// Reads one field's value into the record, by the field's target.
struct FieldReader<'p, 'a, 't> {
    /// The field, from the profile (which outlives the fiche's facts).
    spec: &'p FieldSpec,
    lines: &'a [Line<'t>],
    /// From the first to the last non-blank character of the value.
    span: Span,
    cleaner: Cleaner,
    problems: &'a mut Vec<Problem>,
    this_year: u16,
    /// The field's options already found in this input, by wording.
    known: &'a mut Remembered<&'p OptionSpec>,
}

impl<'p> FieldReader<'p, '_, '_> {
    /// The value's first non-blank line, cleaned: what a year, date, count
    /// or category is read from. The lines after it are not read: a
    /// `trailing-text` warning quotes them.
    fn scalar(&mut self) -> String {
        let mut lines = self.lines.iter().filter(|l| !l.is_blank()).map(Line::trim);
        let first = lines.next().map_or("", |l| l.text);
        let rest: Vec<Line<'_>> = lines.collect();
        if let (Some(from), Some(to)) = (rest.first(), rest.last()) {
            let label = self.spec.labels.first().map_or("", String::as_str);
            let quoted = quote(&rest);
            let message = Message::new(
                format!(
                    "«{label}» is read from its first line; the lines after it are not kept: {quoted}"
                ),
                format!(
                    "seule la première ligne de «{label}» est lue ; les suivantes sont ignorées : {quoted}"
                ),
            );
            self.problem(Code::TrailingText, from.span.cover(to.span), message);
        }
        self.cleaner.clean(first)
    }

    /// The `trailing-text` warning of a year read from a value with other
    /// words (`Fondée en 2010 par trois amis`, `début 2015`).
    fn only_the_year(&mut self, year: impl std::fmt::Display, value: &str) {
        let message = Message::new(
            format!("only the year {year} is kept of «{value}»"),
            format!("de «{value}», seule l'année {year} a été retenue"),
        );
        self.problem(Code::TrailingText, self.first_line_span(), message);
    }

    /// The `trailing-text` warning of a day or month date read from a value
    /// with other words (`3 mars 2015 (AG constitutive)`).
    fn only_the_date(&mut self, iso: &str, value: &str) {
        let written = fiche_profile::french().date(iso);
        let message = Message::new(
            format!("only the date {iso} is kept of «{value}»"),
            format!("de «{value}», seule la date «{written}» a été retenue"),
        );
        self.problem(Code::TrailingText, self.first_line_span(), message);
    }

    /// The span of the value's first non-blank line.
    fn first_line_span(&self) -> Span {
        self.lines
            .iter()
            .find(|l| !l.is_blank())
            .map_or(self.span, |l| l.trim().span)
    }

    fn problem(&mut self, code: Code, span: Span, message: Message) {
        self.problems
            .push(Problem::new(code, span, message).in_field(self.spec.target.name()));
    }

    /// Reads the value and stores it (an extra field's value span in
    /// `extra_spans`).
    fn read_into(&mut self, record: &mut Record, extra_spans: &mut Vec<Span>) {
        let key = match &self.spec.target {
            Target::Key(key) => *key,
            Target::Extra(label) => {
                if let Some(Text { text, blocks }) = text::text_value(self.lines, self.cleaner) {
                    extra_spans.push(self.span);
                    record.extra_fields.push(ExtraField {
                        label: label.clone(),
                        text,
                        blocks,
                    });
                }
                return;
            }
        };
        match key {
            FieldKey::StructureType => record.structure_type = Some(self.category()),
            FieldKey::Founded => record.founded = self.year(),
            FieldKey::MemberSince => record.member_since = self.date(),
            FieldKey::Employees => record.employees = self.count(),
            FieldKey::Volunteers => record.volunteers = self.count(),
            FieldKey::Access => record.access = Some(self.checklist()),
            FieldKey::Organisation => record.organisation = self.text(),
            FieldKey::MemberRoles => record.member_roles = self.text(),
            FieldKey::UserTypes => record.user_types = self.text(),
            FieldKey::UserSupport => record.user_support = self.text(),
            FieldKey::EconomicModel => {
                record.economic_model = self.text().map(|Text { text, blocks }| EconomicModel {
                    tags: tags::tags(self.spec, &text),
                    text,
                    blocks,
                });
            }
        }
    }

    /// The option of the field that `wording` names, as its slug.
    fn option_slug(&mut self, wording: &str) -> Option<&'p str> {
        let spec = self.spec;
        self.known
            .get(wording, |wording| spec.option_for(wording))
            .map(|o| o.slug.as_str())
    }

    fn text(&self) -> Option<Text> {
        text::text_value(self.lines, self.cleaner)
    }

    fn category(&mut self) -> Category {
        let label = self.scalar();
        let slug = self.option_slug(&label).and_then(|s| s.parse().ok());
        let value = match slug {
            Some(v) => v,
            None => {
                let known: Vec<&str> = self
                    .spec
                    .options
                    .iter()
                    .filter_map(|o| o.labels.first())
                    .map(String::as_str)
                    .collect();
                let field = self.spec.labels.first().map_or("", String::as_str);
                let other = self.spec.option_label("other").unwrap_or("Autre");
                let message = Message::new(
                    format!(
                        "unknown wording «{label}», recorded as `other`; expected one of: {}",
                        known.join(", ")
                    ),
                    format!(
                        "«{label}» ne fait pas partie des choix de «{field}» ; la valeur est classée dans «{other}». Choix possibles : {}",
                        quoted_list(&known)
                    ),
                );
                self.problem(Code::UnknownCategory, self.span, message);
                StructureType::Other
            }
        };
        Category { value, label }
    }

    fn year(&mut self) -> Option<u16> {
        let value = self.scalar();
        let read = scalar::year(&value, self.this_year).and_then(|y| {
            scalar::plausible_year(y.year, self.this_year)?;
            Ok(y)
        });
        match read {
            Ok(y) => {
                if !y.whole {
                    self.only_the_year(y.year, &value);
                }
                Some(y.year)
            }
            Err(message) => {
                self.problem(Code::InvalidYear, self.span, message);
                None
            }
        }
    }

    fn date(&mut self) -> Option<String> {
        let value = self.scalar();
        let checked = scalar::date(&value, self.this_year).and_then(|d| {
            let y: u16 = d.iso[..4].parse().unwrap_or(0);
            scalar::plausible_year(y, self.this_year).map(|_| d)
        });
        match checked {
            Ok(d) => {
                if !d.whole && d.iso.len() == 4 {
                    self.only_the_year(&d.iso, &value);
                } else if !d.whole {
                    self.only_the_date(&d.iso, &value);
                }
                Some(d.iso)
            }
            Err(message) => {
                self.problem(Code::InvalidDate, self.span, message);
                None
            }
        }
    }

    fn count(&mut self) -> Option<Count> {
        let raw = self.scalar();
        match quantity::count(&raw) {
            Ok(q) => Some(Count {
                value: q.value,
                raw,
                min: q.min,
                max: q.max,
                approximate: q.approximate,
            }),
            Err(message) => {
                self.problem(Code::InvalidCount, self.span, message);
                None
            }
        }
    }

    fn checklist(&mut self) -> Checklist {
        let mut list = Checklist {
            values: Vec::new(),
            labels: Vec::new(),
        };
        for line in self.lines.iter().filter(|l| !l.is_blank()) {
            let label = self.cleaner.clean(line.text.trim());
            let value = match self.option_slug(&label).and_then(|s| s.parse().ok()) {
                Some(v) => v,
                None => {
                    let example = self
                        .spec
                        .options
                        .first()
                        .and_then(|o| o.labels.first())
                        .map_or("", String::as_str);
                    let other = self.spec.option_label("other").unwrap_or("Autre");
                    let message = Message::new(
                        format!(
                            "unknown access line «{label}», recorded as `other`; expected lines such as «{example}»"
                        ),
                        format!(
                            "«{label}» ne fait pas partie des modalités d'accès connues ; la ligne est classée dans «{other}». Reprenez une ligne de la liste, comme «{example}»"
                        ),
                    );
                    self.problem(Code::UnknownAccessMode, line.trim().span, message);
                    fiche_types::AccessMode::Other
                }
            };
            list.values.push(value);
            list.labels.push(label);
        }
        list
    }
}

/// The non-blank lines, trimmed, in one pair of quotes, separated by ` / `.
fn quote(lines: &[Line<'_>]) -> String {
    let text: Vec<&str> = lines
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| l.text.trim())
        .collect();
    format!("«{}»", text.join(" / "))
}

/// Wordings as a French sentence lists them: each in guillemets, the last
/// after `ou` (`«A», «B» ou «C»`).
fn quoted_list(items: &[&str]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => format!("«{last}»"),
        Some((last, rest)) => {
            let rest: Vec<String> = rest.iter().map(|i| format!("«{i}»")).collect();
            format!("{} ou «{last}»", rest.join(", "))
        }
    }
}

/// The current year, from the system clock (UTC).
fn current_year() -> u16 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    // Howard Hinnant's civil_from_days, year part only.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month_is_jan_or_feb = mp >= 10;
    let year = yoe + era * 400 + i64::from(month_is_jan_or_feb);
    u16::try_from(year).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A decoding problem at `at`, as the decoder would hand it on.
    fn decoding_problem(at: usize) -> Problem {
        Problem::new(
            Code::MojibakeRepaired,
            Span::new(at, at + 1),
            Message::new("repaired", "réparé"),
        )
    }

    fn codes(record: &Record) -> Vec<(Code, u32)> {
        record
            .diagnostics
            .iter()
            .map(|d| (d.code, d.line))
            .collect()
    }

    #[test]
    fn problems_go_to_the_fiche_they_are_in_and_records_come_in_order() {
        let profile = Profile::chatons();
        let text = "intro line\nFiche fonctionnement - A\nCréation\n2019\n\
                    Fiche fonctionnement - B\nCréation\n2020\n";
        let parsed = fiche_parse::parse(text, &profile);
        let second = text.find("2020").unwrap_or_default();
        // Before any fiche: the first record; inside B: B's record.
        let extra = [decoding_problem(0), decoding_problem(second)];
        let input = Input::whole(text, "in.txt", "UTF-8");
        let options = Options::default();
        let mut seen = Vec::new();
        let unattached = normalise_each(input, &parsed, &extra, &profile, &options, |record| {
            seen.push(record);
        });
        assert!(unattached.is_empty());
        let names: Vec<_> = seen.iter().map(|r| r.name.as_deref()).collect();
        assert_eq!(names, [Some("A"), Some("B")]);
        assert!(codes(&seen[0]).contains(&(Code::MojibakeRepaired, 1)));
        assert!(!codes(&seen[0]).contains(&(Code::MojibakeRepaired, 7)));
        assert!(codes(&seen[1]).contains(&(Code::MojibakeRepaired, 7)));
        // Diagnostics in input order within a record.
        let lines: Vec<u32> = seen[0].diagnostics.iter().map(|d| d.line).collect();
        assert!(lines.is_sorted(), "{lines:?}");
        // The collecting form gives the same records.
        let collected = normalise(input, &parsed, &extra, &profile, &options);
        assert_eq!(collected.records, seen);
    }

    #[test]
    fn problems_of_an_input_without_fiches_are_unattached() {
        let profile = Profile::chatons();
        let text = "no heading here\n";
        let parsed = fiche_parse::parse(text, &profile);
        let input = Input::whole(text, "in.txt", "UTF-8");
        let mut records = 0;
        let unattached = normalise_each(
            input,
            &parsed,
            &[decoding_problem(3)],
            &profile,
            &Options::default(),
            |_| records += 1,
        );
        assert_eq!(records, 0);
        assert!(
            unattached
                .iter()
                .any(|d| d.code == Code::MojibakeRepaired && d.line == 1),
            "{unattached:?}"
        );
    }

    #[test]
    fn current_year_is_sane() {
        let y = current_year();
        assert!((2024..2200).contains(&y), "{y}");
    }
}
