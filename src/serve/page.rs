//! The page where members check their fiche: one HTML document with its
//! style and script, embedded in the binary (no CDN, no build step).

use super::State;
use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

/// The page.
const INDEX_HTML: &str = include_str!("page/index.html");

/// The page's routes.
pub(crate) fn routes() -> Router<State> {
    Router::new().route("/", get(index))
}

/// The page, with the blank template of the server's profile to start
/// from (made once, when the server starts).
pub(crate) fn page(profile: &fiche::Profile) -> String {
    let template = fiche_write::template(profile, fiche::Lang::Fr);
    INDEX_HTML.replace("{{TEMPLATE}}", &html_escape::encode_text(&template))
}

async fn index(axum::extract::State(state): axum::extract::State<State>) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'",
            ),
        ],
        state.page.to_string(),
    )
}
