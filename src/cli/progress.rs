//! The progress bar of a batch: on a terminal, for more than one input,
//! unless `--quiet`. Everything else printed during the batch goes through
//! [`Progress::println`] so that it does not tear the bar.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// Files and fiches done, bytes read, rate and time left.
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    files: usize,
    files_done: usize,
    fiches: usize,
}

impl Progress {
    /// A bar for `files` inputs holding `total_bytes`, drawn only when
    /// `wanted`, there is more than one input and standard error is a
    /// terminal that is not `TERM=dumb`.
    pub(crate) fn new(wanted: bool, files: usize, total_bytes: u64) -> Progress {
        // A dumb terminal cannot redraw a line in place.
        let shown = wanted
            && files > 1
            && std::io::stderr().is_terminal()
            && std::env::var_os("TERM").is_none_or(|t| t != "dumb");
        let bar = shown.then(|| {
            let bar = ProgressBar::with_draw_target(
                Some(total_bytes),
                ProgressDrawTarget::stderr_with_hz(4),
            );
            bar.set_style(
                ProgressStyle::with_template(
                    "{bar:30} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        Progress {
            bar,
            files,
            files_done: 0,
            fiches: 0,
        }
    }

    /// `bytes` more of the current input were converted, giving `fiches` records.
    pub(crate) fn advance(&mut self, bytes: usize, fiches: usize) {
        self.fiches += fiches;
        if let Some(bar) = &self.bar {
            bar.inc(u64::try_from(bytes).unwrap_or(u64::MAX));
            self.show();
        }
    }

    /// An input is done; `read_so_far` is the size of every input done.
    pub(crate) fn input_done(&mut self, read_so_far: u64) {
        self.files_done += 1;
        if let Some(bar) = &self.bar {
            bar.set_position(read_so_far);
            self.show();
        }
    }

    fn show(&self) {
        if let Some(bar) = &self.bar {
            bar.set_message(super::say::tr!(
                "files {}/{}, {} fiches",
                "fichiers {}/{}, {} fiches",
                self.files_done,
                self.files,
                self.fiches
            ));
        }
    }

    /// Prints a line on standard error above the bar.
    pub(crate) fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| super::stderr::line(line)),
            None => super::stderr::line(line),
        }
    }

    /// Removes the bar.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
