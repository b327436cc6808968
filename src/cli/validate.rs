//! `fiche validate`: what is wrong in submitted fiches, where, and how to
//! fix it, as a compiler would say it; or the same as JSON for a web form.

use super::hints::help;
use super::input::{ReadArgs, read_input};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use clap::ValueEnum;
use fiche::{Diagnostic, Lang, Severity};
use serde_json::{Value, json};
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
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    /// Like a compiler: code, message, source line, caret, how to fix.
    Human,
    /// One JSON document with every diagnostic.
    Json,
}

/// One diagnostic, with the submission's severity and the fiche it is in.
struct Finding {
    fiche: Option<u32>,
    severity: Severity,
    diagnostic: Diagnostic,
    /// How to fix it.
    help: String,
}

/// What validating one input found.
struct InputReport {
    path: String,
    /// Set when the input could not be read as text at all.
    failure: Option<String>,
    encoding: &'static str,
    text: String,
    names: Vec<Option<String>>,
    findings: Vec<Finding>,
}

impl InputReport {
    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
            + usize::from(severity == Severity::Error && self.failure.is_some())
    }
}

/// Runs `fiche validate`.
pub(crate) fn run(args: &ValidateArgs) -> anyhow::Result<ExitCode> {
    let profile = args.read.profile()?;
    let settings = args.read.settings(false)?;
    let lang = args.read.lang();
    let mut reports = Vec::new();
    let mut unreadable = false;
    let inputs = args.read.inputs()?;
    inputs.warn_skipped();
    // Entries the walk could not read are inputs that failed.
    for (path, reason) in &inputs.failed {
        reports.push(InputReport {
            path: path.display().to_string(),
            failure: Some(reason.clone()),
            encoding: "",
            text: String::new(),
            names: Vec::new(),
            findings: Vec::new(),
        });
    }
    for path in inputs.files {
        let shown = path.display().to_string();
        let bytes = match read_input(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                super::stderr::line(&format!("fiche: error: cannot read {shown}: {e}"));
                unreadable = true;
                continue;
            }
        };
        reports.push(match fiche::convert(&bytes, &shown, &profile, &settings) {
            Ok(converted) => {
                let mut findings: Vec<Finding> = converted
                    .records
                    .iter()
                    .flat_map(|r| {
                        r.diagnostics.iter().map(|d| Finding {
                            fiche: Some(r.source.index),
                            severity: d.code.submission_severity(),
                            diagnostic: d.clone(),
                            help: help(d, &converted.text, &profile, lang),
                        })
                    })
                    .collect();
                findings.extend(converted.unattached.iter().map(|d| Finding {
                    fiche: None,
                    severity: d.code.submission_severity(),
                    diagnostic: d.clone(),
                    help: help(d, &converted.text, &profile, lang),
                }));
                InputReport {
                    path: shown,
                    failure: None,
                    encoding: converted.encoding,
                    text: converted.text,
                    names: converted.records.into_iter().map(|r| r.name).collect(),
                    findings,
                }
            }
            Err(e) => InputReport {
                path: shown,
                failure: Some(e.to_string()),
                encoding: "",
                text: String::new(),
                names: Vec::new(),
                findings: Vec::new(),
            },
        });
    }
    let out = match args.format {
        ReportFormat::Human => human(&reports, lang, color_wanted()),
        ReportFormat::Json => {
            let mut s = serde_json::to_string_pretty(&json_report(&reports))?;
            s.push('\n');
            s
        }
    };
    let mut stdout = io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    let errors: usize = reports.iter().map(|r| r.count(Severity::Error)).sum();
    Ok(if unreadable {
        ExitCode::from(crate::EXIT_USAGE)
    } else if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Colour only on a terminal, and never with `NO_COLOR` set (no-color.org).
fn color_wanted() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
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

fn human(reports: &[InputReport], lang: Lang, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for report in reports {
        if let Some(failure) = &report.failure {
            let title = Level::ERROR.primary_title(format!("{}: {failure}", report.path));
            out.push_str(&renderer.render(&[Group::with_title(title)]));
            out.push_str("\n\n");
            continue;
        }
        let lines: Vec<&str> = report.text.split('\n').collect();
        for finding in &report.findings {
            let d = &finding.diagnostic;
            let level = match finding.severity {
                Severity::Error => Level::ERROR,
                Severity::Warning => Level::WARNING,
            };
            let line = lines.get(d.line as usize - 1).copied().unwrap_or("");
            let group = level
                .primary_title(d.message.as_str())
                .id(d.code.as_str())
                .element(
                    Snippet::source(line)
                        .line_start(d.line as usize)
                        .path(report.path.as_str())
                        .annotation(AnnotationKind::Primary.span(underline(line, d.column))),
                )
                .element(Level::HELP.message(finding.help.as_str()));
            out.push_str(&renderer.render(&[group]));
            out.push_str("\n\n");
        }
        let (errors, warnings) = (
            report.count(Severity::Error),
            report.count(Severity::Warning),
        );
        let fiches = report.names.len();
        out.push_str(&match lang {
            Lang::En => format!(
                "{}: {fiches} fiche(s), {errors} error(s), {warnings} warning(s)\n",
                report.path
            ),
            Lang::Fr => format!(
                "{} : {fiches} fiche(s), {errors} erreur(s), {warnings} avertissement(s)\n",
                report.path
            ),
        });
    }
    out
}

fn json_report(reports: &[InputReport]) -> Value {
    let errors: usize = reports.iter().map(|r| r.count(Severity::Error)).sum();
    let warnings: usize = reports.iter().map(|r| r.count(Severity::Warning)).sum();
    let inputs: Vec<Value> = reports
        .iter()
        .map(|r| {
            let diagnostics: Vec<Value> = r
                .findings
                .iter()
                .map(|f| {
                    let d = &f.diagnostic;
                    json!({
                        "fiche": f.fiche,
                        "severity": f.severity,
                        "code": d.code,
                        "message": d.message,
                        "help": f.help,
                        "field": d.field,
                        "line": d.line,
                        "column": d.column,
                    })
                })
                .collect();
            json!({
                "path": r.path,
                "error": r.failure,
                "encoding": if r.failure.is_some() { Value::Null } else { json!(r.encoding) },
                "fiches": r.names.iter().enumerate().map(|(i, n)| json!({"index": i, "name": n})).collect::<Vec<_>>(),
                "errors": r.count(Severity::Error),
                "warnings": r.count(Severity::Warning),
                "diagnostics": diagnostics,
            })
        })
        .collect();
    json!({
        "valid": errors == 0,
        "errors": errors,
        "warnings": warnings,
        "inputs": inputs,
    })
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
