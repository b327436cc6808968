//! Errors as RFC 9457 problem details: `application/problem+json` with
//! `type`, `title`, `status` and `detail`. Handlers answer with
//! [`Problem`]; whatever else answers an error (a body over the limit, a
//! timeout, an unknown route, a rejected extractor) is rewritten into one
//! by [`as_problem`], so that every error a client sees has this shape.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The media type of problem details.
pub(crate) const PROBLEM_JSON: &str = "application/problem+json";

/// An RFC 9457 problem.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct Problem {
    /// A URI naming the kind of problem (`urn:fiche:problem:…`).
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What happened this time.
    pub detail: String,
}

impl Problem {
    /// A problem of `status`, named `kind` (a word: `body-too-large`).
    pub(crate) fn new(status: StatusCode, kind: &str, detail: impl Into<String>) -> Self {
        Problem {
            kind: format!("urn:fiche:problem:{kind}"),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

/// The answer to a route that does not exist.
pub(crate) async fn not_found(uri: axum::http::Uri) -> Problem {
    Problem::new(
        StatusCode::NOT_FOUND,
        "not-found",
        format!("no such resource: {}", uri.path()),
    )
}

/// The answer to a handler that panicked (a bug): the server goes on.
pub(crate) fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal-error",
        "the server failed on this request (please report it)",
    )
    .into_response()
}

/// An error response that is not yet a problem, rewritten into one (its
/// text, if short, as the detail); any other response as it is.
pub(crate) async fn as_problem(response: Response) -> Response {
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let detail = std::str::from_utf8(&text).unwrap_or("").trim().to_owned();
    let (kind, detail) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => (
            "body-too-large",
            "the request body is larger than the server accepts".to_owned(),
        ),
        StatusCode::REQUEST_TIMEOUT => (
            "timeout",
            "the request took longer than the server allows".to_owned(),
        ),
        StatusCode::METHOD_NOT_ALLOWED => ("method-not-allowed", detail),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported-media-type", detail),
        _ => ("error", detail),
    };
    let mut problem = Problem::new(status, kind, detail).into_response();
    // Headers the response had (`Allow`, CORS) are kept.
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            problem.headers_mut().insert(name.clone(), value.clone());
        }
    }
    problem
}
