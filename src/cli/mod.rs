//! The subcommands, and what they share: reading inputs and settings.

mod atomic;
pub(crate) mod convert;
mod hints;
pub(crate) mod input;
pub(crate) mod render;
pub(crate) mod validate;
