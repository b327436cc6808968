//! `fiche validate`: what is wrong in submitted fiches, where, and how to
//! fix it, as a compiler would say it; or the same as JSON for a web form.

use super::hints::help;
use super::input::{ReadArgs, open_input};
use super::say::{self, Kind, tr};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use clap::ValueEnum;
use fiche::{Chunks, Diagnostic, Lang, Profile, Settings, Severity};
use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

/// Arguments of `fiche validate`.
#[derive(clap::Args)]
pub(crate) struct ValidateArgs {
    #[command(flatten)]
    read: ReadArgs,
    /// Report format: `human` (source lines with carets) or `json` (for a web form).
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    format: ReportFormat,
    /// Colour in the human report: `auto` on a terminal unless `NO_COLOR`
    /// is set or `TERM` is `dumb`.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

/// `--color` values.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    /// On a terminal that shows colour, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    /// Like a compiler: code, message, source line, caret, how to fix.
    Human,
    /// One JSON document with every diagnostic.
    Json,
}

/// What validating one input found so far.
struct InputReport {
    path: String,
    /// Set when the input could not be read as text (not text, unreadable).
    failure: Option<String>,
    encoding: &'static str,
    /// The names of its fiches (kept for the JSON report only).
    names: Vec<Option<String>>,
    fiches: usize,
    errors: usize,
    warnings: usize,
    /// The diagnostics as the JSON report writes them (JSON only).
    diagnostics: Vec<JsonDiagnostic>,
}

/// One diagnostic of the JSON report: the record's, with the submission's
/// severity, the fiche it is in and how to fix it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub(crate) struct JsonDiagnostic {
    /// The index of the fiche it is in (from 0), or null.
    fiche: Option<u32>,
    /// `error` or `warning`, as a submission is held to.
    #[schema(value_type = String, example = "error")]
    severity: Severity,
    /// The stable code (README, "Diagnostic codes").
    #[schema(value_type = String, example = "invalid-date")]
    code: fiche::Code,
    /// What is wrong.
    message: String,
    /// How to fix it.
    #[schema(value_type = String)]
    help: Cow<'static, str>,
    /// The record key (or extra field label) it is about, or null.
    field: Option<String>,
    /// 1-based line.
    line: u32,
    /// 1-based column, in characters.
    column: u32,
}

impl InputReport {
    fn new(path: String) -> Self {
        InputReport {
            path,
            failure: None,
            encoding: "",
            names: Vec::new(),
            fiches: 0,
            errors: 0,
            warnings: 0,
            diagnostics: Vec::new(),
        }
    }

    fn errors(&self) -> usize {
        self.errors + usize::from(self.failure.is_some())
    }
}

/// Where findings go: printed as they come to `out` (human), or gathered
/// for one JSON document.
struct Report<'a, W: Write> {
    format: ReportFormat,
    lang: Lang,
    renderer: Renderer,
    out: W,
    profile: &'a Profile,
}

impl<W: Write> Report<'_, W> {
    /// One diagnostic of `input`, found in the line `line` of the input.
    fn finding(
        &mut self,
        input: &mut InputReport,
        fiche: Option<u32>,
        d: &Diagnostic,
        line: &str,
    ) -> io::Result<()> {
        let severity = d.code.submission_severity();
        match severity {
            Severity::Error => input.errors += 1,
            Severity::Warning => input.warnings += 1,
        }
        let help = help(d, line, self.profile, self.lang);
        match self.format {
            ReportFormat::Human => {
                let group = level(severity, self.lang)
                    .primary_title(d.message.as_str())
                    .id(d.code.as_str())
                    .element(
                        Snippet::source(line)
                            .line_start(d.line as usize)
                            .path(input.path.as_str())
                            .annotation(AnnotationKind::Primary.span(underline(line, d.column))),
                    )
                    .element(help_level(self.lang).message(help.as_ref()));
                let rendered = self.renderer.render(&[group]);
                self.out.write_all(rendered.as_bytes())?;
                self.out.write_all(b"\n\n")
            }
            ReportFormat::Json => {
                input.diagnostics.push(JsonDiagnostic {
                    fiche,
                    severity,
                    code: d.code,
                    message: d.message.clone(),
                    help,
                    field: d.field.clone(),
                    line: d.line,
                    column: d.column,
                });
                Ok(())
            }
        }
    }

    /// The end of one input: its summary line (human).
    fn input_done(&mut self, input: &InputReport) -> io::Result<()> {
        if self.format != ReportFormat::Human {
            return Ok(());
        }
        if let Some(failure) = &input.failure {
            // No code: the French name holds the space before the colon.
            let level = match self.lang {
                Lang::En => Level::ERROR,
                Lang::Fr => Level::ERROR.with_name("erreur\u{a0}"),
            };
            let title = level.primary_title(tr!("{}: {failure}", "{} : {failure}", input.path));
            let rendered = self.renderer.render(&[Group::with_title(title)]);
            self.out.write_all(rendered.as_bytes())?;
            return self.out.write_all(b"\n\n");
        }
        let fiches = say::count(input.fiches, ("fiche", "fiches"), ("fiche", "fiches"), true);
        let found = say::errors_and_warnings(input.errors, input.warnings);
        let line = tr!(
            "{}: {fiches}, {found}\n",
            "{} : {fiches}, {found}\n",
            input.path
        );
        self.out.write_all(line.as_bytes())
    }
}

/// Runs `fiche validate`. Each input is read as `convert` reads it, a chunk
/// of whole fiches at a time, and the human report is written as it goes:
/// memory stays that of a chunk whatever the input's size (the JSON report
/// holds the diagnostics, which it writes in one document).
pub(crate) fn run(args: &ValidateArgs) -> anyhow::Result<ExitCode> {
    let profile = args.read.profile()?;
    // A report is for people: its messages are in the language printed.
    let lang = super::say::ui();
    let settings = args.read.settings(false, lang)?;
    let inputs = args.read.inputs()?;
    inputs.warn_skipped();
    let mut report = Report {
        format: args.format,
        lang,
        renderer: if color_wanted(args.color) {
            Renderer::styled()
        } else {
            Renderer::plain()
        },
        out: io::BufWriter::new(io::stdout().lock()),
        profile: &profile,
    };
    let mut done: Vec<InputReport> = Vec::new();
    let mut unreadable = false;
    // Entries the walk could not read are inputs that failed.
    for (path, reason) in &inputs.failed {
        let mut input = InputReport::new(super::batch::shown(path));
        input.failure = Some(reason.clone());
        report.input_done(&input)?;
        done.push(input);
    }
    for path in &inputs.files {
        let shown = super::batch::shown(path);
        let mut input = InputReport::new(shown.clone());
        match open_input(path) {
            Ok(source) => validate_input(source, &mut input, &mut report, &settings)?,
            Err(e) => {
                // Not valid, in either report: an input that cannot be
                // read is an error, and a usage error for the exit status.
                let e = say::io_error(&e);
                super::stderr::line(&format!(
                    "{}{}",
                    say::prefix(Kind::Error),
                    tr!(
                        "cannot read {shown}: {e}",
                        "impossible de lire {shown} : {e}"
                    )
                ));
                unreadable = true;
                input.failure = Some(tr!("cannot read: {e}", "illisible : {e}"));
            }
        }
        // A submission with no fiche is not valid either.
        if input.failure.is_none() && input.fiches == 0 && input.errors == 0 {
            input.failure = Some(no_fiche(lang));
        }
        report.input_done(&input)?;
        done.push(input);
    }
    if report.format == ReportFormat::Json {
        serde_json::to_writer_pretty(&mut report.out, &json_report(&done))?;
        report.out.write_all(b"\n")?;
    }
    report.out.flush()?;
    let errors: usize = done.iter().map(InputReport::errors).sum();
    Ok(if unreadable {
        ExitCode::from(crate::EXIT_USAGE)
    } else if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The JSON report of one text submitted as `name`, in `lang`: what
/// `fiche validate --format json` writes for it (for `fiche serve`).
pub(crate) fn json_report_of(
    text: &[u8],
    name: &str,
    profile: &Profile,
    settings: &Settings,
    lang: Lang,
) -> io::Result<Vec<u8>> {
    let mut report = Report {
        format: ReportFormat::Json,
        lang,
        renderer: Renderer::plain(),
        out: io::sink(),
        profile,
    };
    let mut input = InputReport::new(name.to_owned());
    validate_input(text, &mut input, &mut report, settings)?;
    if input.failure.is_none() && input.fiches == 0 && input.errors == 0 {
        input.failure = Some(no_fiche(lang));
    }
    serde_json::to_vec_pretty(&json_report(&[input])).map_err(io::Error::from)
}

/// The failure of an input that holds no fiche at all.
pub(crate) fn no_fiche(lang: Lang) -> String {
    match lang {
        Lang::En => "no fiche: the input is empty".to_owned(),
        Lang::Fr => fiche_types::french::typography("aucune fiche : le texte est vide"),
    }
}

/// Reads one input chunk by chunk into `input`, each finding to `report`.
fn validate_input<W: Write>(
    source: impl io::Read,
    input: &mut InputReport,
    report: &mut Report<'_, W>,
    settings: &Settings,
) -> io::Result<()> {
    let chunks = match Chunks::new(source, report.profile, settings) {
        Ok(chunks) => chunks,
        Err(e) => {
            input.failure = Some(e.in_lang(report.lang));
            return Ok(());
        }
    };
    input.encoding = chunks.encoding();
    let path = input.path.clone();
    for chunk in chunks {
        let chunk = match chunk {
            Ok(chunk) => chunk,
            Err(e) => {
                input.failure = Some(e.in_lang(report.lang));
                return Ok(());
            }
        };
        let lines: Vec<&str> = chunk.text.split('\n').collect();
        let line_of = |d: &Diagnostic| {
            let at = (d.line as usize).saturating_sub(chunk.first_line as usize);
            lines.get(at).copied().unwrap_or("")
        };
        let mut records = Vec::new();
        let unattached = fiche::convert_chunk_each(
            &chunk,
            &path,
            input.encoding,
            report.profile,
            settings,
            |record| records.push(record),
        );
        for record in &records {
            input.fiches += 1;
            if report.format == ReportFormat::Json {
                input.names.push(record.name.clone());
            }
            for d in &record.diagnostics {
                report.finding(input, Some(record.source.index), d, line_of(d))?;
            }
        }
        for d in &unattached {
            report.finding(input, None, d, line_of(d))?;
        }
    }
    Ok(())
}

/// The level of a finding of `severity`, named in `lang` (`erreur`,
/// `avertissement`; the French name holds the no-break space French sets
/// before the colon).
fn level(severity: Severity, lang: Lang) -> Level<'static> {
    match (severity, lang) {
        (Severity::Error, Lang::En) => Level::ERROR,
        (Severity::Warning, Lang::En) => Level::WARNING,
        (Severity::Error, Lang::Fr) => Level::ERROR.with_name("erreur"),
        (Severity::Warning, Lang::Fr) => Level::WARNING.with_name("avertissement"),
    }
}

/// The level of the line that says how to fix a finding (`aide :`).
fn help_level(lang: Lang) -> Level<'static> {
    match lang {
        Lang::En => Level::HELP,
        Lang::Fr => Level::HELP.with_name("aide\u{a0}"),
    }
}

/// Colour as `--color` says; `auto`: only on a terminal, never with
/// `NO_COLOR` set (no-color.org) or `TERM=dumb`.
fn color_wanted(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
    }
}

/// The byte range in `line` to underline: from the column to the end of the
/// line's content, at least one character.
fn underline(line: &str, column: u32) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map_or(line.len(), |(i, _)| i);
    let end = line.trim_end().len().max(start);
    let end = if end == start {
        line[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8())
    } else {
        end
    };
    start..end
}

/// The JSON report: every input's findings in one document, written
/// straight from the reports (no copy of them as JSON values).
#[derive(serde::Serialize, utoipa::ToSchema)]
pub(crate) struct JsonReport<'a> {
    /// No input has an error.
    valid: bool,
    /// Errors in all inputs.
    errors: usize,
    /// Warnings in all inputs.
    warnings: usize,
    /// Each input, in order.
    inputs: Vec<JsonInput<'a>>,
}

/// One input of the JSON report.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct JsonInput<'a> {
    /// The path given (`-` for standard input, `fiche` for a submission).
    #[schema(value_type = String)]
    path: &'a str,
    /// Why the input could not be read as fiches, or null.
    #[schema(value_type = Option<String>)]
    error: Option<&'a str>,
    /// The encoding it was read in (null when it could not be read).
    #[schema(value_type = Option<String>)]
    encoding: Option<&'a str>,
    /// Its fiches, by index.
    fiches: Vec<JsonFiche<'a>>,
    /// Its errors.
    errors: usize,
    /// Its warnings.
    warnings: usize,
    /// Its diagnostics, in order.
    #[schema(value_type = Vec<JsonDiagnostic>)]
    diagnostics: &'a [JsonDiagnostic],
}

/// One fiche of an input.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct JsonFiche<'a> {
    /// From 0, in input order.
    index: usize,
    /// The structure's name, or null.
    #[schema(value_type = Option<String>)]
    name: Option<&'a str>,
}

fn json_report(reports: &[InputReport]) -> JsonReport<'_> {
    let errors: usize = reports.iter().map(InputReport::errors).sum();
    JsonReport {
        valid: errors == 0,
        errors,
        warnings: reports.iter().map(|r| r.warnings).sum(),
        inputs: reports
            .iter()
            .map(|r| JsonInput {
                path: &r.path,
                error: r.failure.as_deref(),
                encoding: r.failure.is_none().then_some(r.encoding),
                fiches: r
                    .names
                    .iter()
                    .enumerate()
                    .map(|(index, name)| JsonFiche {
                        index,
                        name: name.as_deref(),
                    })
                    .collect(),
                errors: r.errors(),
                warnings: r.warnings,
                diagnostics: &r.diagnostics,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::underline;

    #[test]
    fn underline_spans_the_content_from_the_column() {
        assert_eq!(underline("Création", 1), 0..9);
        assert_eq!(underline("  l'an dernier  ", 3), 2..14);
        assert_eq!(underline("é", 2), 2..2);
        assert_eq!(underline("", 1), 0..0);
        assert_eq!(underline("ab", 2), 1..2);
    }
}
