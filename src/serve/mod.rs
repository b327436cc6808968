//! `fiche serve`: the submission service. An HTTP API (`/v1/validate`,
//! `/v1/convert`, `/v1/schema`, `/v1/openapi.json`, `/healthz`) and a page
//! (`/`) where members check their fiche as they type.
//!
//! Conversions are blocking work: they run on tokio's blocking threads,
//! at most [`Limits::concurrent`] at a time, with at most
//! [`Limits::queued`] requests waiting for a turn (429 beyond). Bodies are
//! limited in size (413), requests in time (408); a panic answers 500.
//! Every error is an RFC 9457 problem (`application/problem+json`).

mod api;
mod page;
mod problem;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use fiche::Profile;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;
use tokio::sync::Semaphore;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};

/// What a server accepts.
#[derive(Debug, Clone)]
pub(crate) struct Limits {
    /// The largest request body, in bytes.
    pub body_bytes: usize,
    /// The longest a request may take.
    pub timeout: Duration,
    /// Conversions running at once.
    pub concurrent: usize,
    /// Requests waiting for a conversion slot; more get 429.
    pub queued: usize,
}

impl Default for Limits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        Limits {
            body_bytes: 1 << 20,
            timeout: Duration::from_secs(10),
            concurrent: cores,
            queued: 512,
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub(crate) struct State {
    profile: Arc<Profile>,
    /// The page, made once.
    page: Arc<str>,
    slots: Arc<Semaphore>,
    waiting: Arc<AtomicUsize>,
    limits: Limits,
}

/// The application: every route with its middleware. `cors` is the one
/// origin allowed to call the API from a browser, if any.
pub(crate) fn app(profile: Profile, limits: Limits, cors: Option<&str>) -> anyhow::Result<Router> {
    let state = State {
        page: page::page(&profile).into(),
        profile: Arc::new(profile),
        slots: Arc::new(Semaphore::new(limits.concurrent.max(1))),
        waiting: Arc::new(AtomicUsize::new(0)),
        limits: limits.clone(),
    };
    let cors = match cors {
        Some(origin) => CorsLayer::new()
            .allow_origin(AllowOrigin::exact(origin.parse()?))
            .allow_methods([axum::http::Method::GET, axum::http::Method::POST])
            .allow_headers([
                axum::http::header::CONTENT_TYPE,
                axum::http::header::ACCEPT,
                axum::http::header::ACCEPT_LANGUAGE,
            ]),
        // No CORS header at all: browsers keep other origins out.
        None => CorsLayer::new(),
    };
    Ok(api::routes()
        .merge(page::routes())
        .fallback(problem::not_found)
        .with_state(state)
        .layer(DefaultBodyLimit::max(limits.body_bytes))
        .layer(RequestBodyLimitLayer::new(limits.body_bytes))
        .layer(CompressionLayer::new())
        .layer(cors)
        .layer(axum::middleware::map_response(problem::as_problem))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            limits.timeout,
        ))
        .layer(CatchPanicLayer::custom(problem::panicked))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(tracing::Level::INFO))
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        ))
}

/// Serves `app` on `bind` until SIGTERM or Ctrl-C; requests in flight
/// finish first. `ready` is called with the address bound (port 0 picks
/// one).
pub(crate) async fn serve(
    app: Router,
    bind: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(bind).await?;
    ready(listener.local_addr()?);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown())
        .await?;
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
