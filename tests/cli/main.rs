//! End-to-end tests: they run the `fiche` binary as a user would.
#![expect(
    clippy::expect_used,
    reason = "helpers panic when the test set-up itself is broken"
)]

mod acceptance;
mod batch;
mod commands;
mod decoding;
mod docs;
mod fixtures;
mod french;
mod linear;
mod lossless;
mod memory;
mod nothing_lost;
mod outputs;
mod perturb;
mod roundtrip;
mod schema;
mod serve;
mod streaming;
mod streams;
mod support;
mod validate;
mod walks;
