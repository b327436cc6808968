//! `fiche serve`: the submission service (see the `serve` module).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `fiche serve`.
#[derive(clap::Args)]
pub(crate) struct ServeArgs {
    /// Address and port to listen on (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Read fiches with this profile (TOML) instead of the embedded CHATONS one.
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// Let web pages from this origin call the API (CORS); without it,
    /// only the server's own page can.
    #[arg(long, value_name = "ORIGIN")]
    cors: Option<String>,
    /// The largest request body, in KiB.
    #[arg(long, value_name = "KIB", default_value_t = 1024)]
    max_body_kib: usize,
    /// The longest a request may take, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    timeout: u64,
}

/// Runs `fiche serve` until SIGTERM or Ctrl-C.
pub(crate) fn run(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let profile = match &args.profile {
        Some(path) => {
            use anyhow::Context as _;
            let text = std::fs::read_to_string(path)
                .with_context(|| super::input::cannot_read_profile(path))?;
            fiche::Profile::from_toml(&text).with_context(|| super::input::in_profile(path))?
        }
        None => fiche::Profile::chatons(),
    };
    let limits = crate::serve::Limits {
        body_bytes: args.max_body_kib.saturating_mul(1024),
        timeout: std::time::Duration::from_secs(args.timeout),
        ..crate::serve::Limits::default()
    };
    // Access log lines on standard error.
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(false)
        .try_init();
    let app = crate::serve::app(profile, limits, args.cors.as_deref())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(crate::serve::serve(app, args.bind, |addr| {
        super::stderr::line(&super::say::tr!(
            "fiche: serving on http://{addr}/ (Ctrl-C stops)",
            "fiche : en service sur http://{addr}/ (Ctrl-C pour arrêter)"
        ));
    }))?;
    Ok(ExitCode::SUCCESS)
}
