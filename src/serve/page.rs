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

/// The page, with the blank template to start from.
async fn index() -> impl IntoResponse {
    let template = fiche_write::template(&fiche::Profile::chatons(), fiche::Lang::Fr);
    let page = INDEX_HTML.replace("{{TEMPLATE}}", &html_escape(&template));
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'",
            ),
        ],
        page,
    )
}

/// `text` safe inside HTML text and attributes.
fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
