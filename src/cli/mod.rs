//! The subcommands, and what they share: reading inputs and settings.

pub(crate) mod aide;
mod atomic;
mod batch;
pub(crate) mod convert;
mod hints;
pub(crate) mod input;
mod progress;
pub(crate) mod render;
pub(crate) mod say;
pub(crate) mod serve;
mod sink;
pub(crate) mod stderr;
pub(crate) mod validate;

pub(crate) use atomic::{exit_removing_unfinished_files, remove_unfinished_files};
