//! The API, version 1: validate and convert a submitted fiche, the record
//! schema, the OpenAPI document (generated from these handlers and their
//! types by utoipa), and liveness.

use super::State;
use super::problem::Problem;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Query, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use fiche::{Lang, Settings};
use std::sync::atomic::Ordering;
use utoipa::OpenApi;

/// Every route of the API.
pub(crate) fn routes() -> Router<State> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/v1/schema", get(schema))
        .route("/v1/openapi.json", get(openapi))
        .route("/v1/validate", post(validate))
        .route("/v1/convert", post(convert))
}

/// The OpenAPI document of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "fiche",
        description = "Validate and convert CHATONS fiches: the API of `fiche serve`."
    ),
    paths(healthz, schema, openapi, validate, convert),
    components(schemas(Problem, crate::cli::validate::JsonReport))
)]
struct ApiDoc;

/// The OpenAPI document, as `/v1/openapi.json` serves it.
pub(crate) fn openapi_json() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_default()
}

/// The language asked for: `?lang=fr|en`.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct LangQuery {
    /// `fr` or `en`; without it, the first of `Accept-Language` that is one
    /// of them, else English.
    lang: Option<String>,
}

/// Liveness: the server answers.
#[utoipa::path(get, path = "/healthz", tag = "service",
    responses((status = 200, description = "The server is up", body = String, content_type = "text/plain")))]
async fn healthz() -> &'static str {
    "ok\n"
}

/// The JSON Schema (draft 2020-12) every record follows.
#[utoipa::path(get, path = "/v1/schema", tag = "fiche",
    responses((status = 200, description = "The record JSON Schema", body = Object, content_type = "application/schema+json")))]
async fn schema() -> Response {
    with_type(fiche_write::SCHEMA_JSON, "application/schema+json")
}

/// This document.
#[utoipa::path(get, path = "/v1/openapi.json", tag = "service",
    responses((status = 200, description = "The OpenAPI document of the API", body = Object, content_type = "application/json")))]
async fn openapi() -> Response {
    with_type(openapi_json(), "application/json")
}

/// Checks a submitted fiche: what is wrong, where, and how to fix it.
///
/// The body is the fiche text (`text/plain`, in any encoding `fiche
/// convert` reads; a `charset` parameter is used when given) or a
/// `multipart/form-data` form with the file in its first file field.
#[utoipa::path(post, path = "/v1/validate", tag = "fiche", params(LangQuery),
    request_body(content = String, content_type = "text/plain", description = "The fiche text"),
    responses(
        (status = 200, description = "The report, as `fiche validate --format json` writes it", body = crate::cli::validate::JsonReport, content_type = "application/json"),
        (status = 400, description = "A bad `lang` or form", body = Problem, content_type = "application/problem+json"),
        (status = 408, description = "The request took too long", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests waiting", body = Problem, content_type = "application/problem+json"),
    ))]
async fn validate(
    axum::extract::State(state): axum::extract::State<State>,
    Query(query): Query<LangQuery>,
    request: Request,
) -> Result<Response, Problem> {
    let lang = lang(query.lang.as_deref(), request.headers())?;
    let submitted = submitted(request, &state).await?;
    let profile = state.profile.clone();
    let report = blocking(&state, move || {
        let settings = settings(submitted.encoding, lang);
        crate::cli::validate::json_report_of(
            &submitted.text,
            &submitted.name,
            &profile,
            &settings,
            lang,
        )
    })
    .await?
    .map_err(|e| {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal-error",
            e.to_string(),
        )
    })?;
    Ok(with_type(report, "application/json"))
}

/// Converts a submitted fiche into records: a JSON array by default,
/// NDJSON for `Accept: application/x-ndjson`, CSV for `Accept: text/csv`.
#[utoipa::path(post, path = "/v1/convert", tag = "fiche", params(LangQuery),
    request_body(content = String, content_type = "text/plain", description = "The fiche text"),
    responses(
        (status = 200, description = "The records, as `/v1/schema` describes them (JSON array, NDJSON or CSV by `Accept`)", body = [Object], content_type = "application/json"),
        (status = 400, description = "A bad `lang` or form", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The body is not text, or holds no fiche", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests waiting", body = Problem, content_type = "application/problem+json"),
    ))]
async fn convert(
    axum::extract::State(state): axum::extract::State<State>,
    Query(query): Query<LangQuery>,
    request: Request,
) -> Result<Response, Problem> {
    let lang = lang(query.lang.as_deref(), request.headers())?;
    let (format, media) = output_format(request.headers());
    let submitted = submitted(request, &state).await?;
    let profile = state.profile.clone();
    let written = blocking(&state, move || {
        let settings = settings(submitted.encoding, lang);
        let converted = fiche::convert(&submitted.text, &submitted.name, &profile, &settings)
            .map_err(|e| {
                Problem::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "not-text",
                    e.in_lang(lang),
                )
            })?;
        if converted.records.is_empty() {
            let detail = converted.unattached.first().map_or_else(
                || "the text holds no fiche".to_owned(),
                |d| d.message.clone(),
            );
            return Err(Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "no-fiche",
                detail,
            ));
        }
        let mut writer = fiche_write::RecordWriter::new(Vec::new(), format);
        for record in &converted.records {
            writer.write(record).map_err(|e| {
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal-error",
                    e.to_string(),
                )
            })?;
        }
        writer.finish().map_err(|e| {
            Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal-error",
                e.to_string(),
            )
        })
    })
    .await??;
    Ok(with_type(written, media))
}

/// A submitted text: its bytes, the encoding its `charset` names, and the
/// name diagnostics give it.
struct Submitted {
    text: Bytes,
    encoding: Option<&'static encoding_rs::Encoding>,
    name: String,
}

/// The fiche of a request: its body, or the first file of its form.
async fn submitted(request: Request, state: &State) -> Result<Submitted, Problem> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("text/plain")
        .to_owned();
    let charset = content_type
        .split(';')
        .skip(1)
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
        .map(|(_, v)| v.trim().trim_matches('"').to_owned());
    let encoding = match charset {
        Some(label) => Some(fiche_decode::encoding_for_label(&label).map_err(|e| {
            Problem::new(StatusCode::BAD_REQUEST, "unknown-encoding", e.to_string())
        })?),
        None => None,
    };
    if content_type.starts_with("multipart/form-data") {
        let mut form = Multipart::from_request(request, state)
            .await
            .map_err(|e| Problem::new(StatusCode::BAD_REQUEST, "bad-form", e.body_text()))?;
        while let Some(field) = form
            .next_field()
            .await
            .map_err(|e| form_problem(e.status(), e.body_text()))?
        {
            let name = field.file_name().map(str::to_owned);
            if name.is_some() || field.name() == Some("fiche") {
                let text = field
                    .bytes()
                    .await
                    .map_err(|e| form_problem(e.status(), e.body_text()))?;
                return Ok(Submitted {
                    text,
                    encoding,
                    name: name.unwrap_or_else(|| "fiche".to_owned()),
                });
            }
        }
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "bad-form",
            "the form has no file field (nor a field named fiche)",
        ));
    }
    let text = Bytes::from_request(request, state)
        .await
        .map_err(|e| form_problem(e.status(), e.body_text()))?;
    Ok(Submitted {
        text,
        encoding,
        name: "fiche".to_owned(),
    })
}

/// The problem of a body that could not be read (too large, cut).
fn form_problem(status: StatusCode, detail: String) -> Problem {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        Problem::new(
            status,
            "body-too-large",
            "the request body is larger than the server accepts",
        )
    } else {
        Problem::new(StatusCode::BAD_REQUEST, "bad-body", detail)
    }
}

/// The language of a request: `?lang=`, else the first of
/// `Accept-Language` that is French or English, else English.
fn lang(asked: Option<&str>, headers: &HeaderMap) -> Result<Lang, Problem> {
    match asked {
        Some("fr") => return Ok(Lang::Fr),
        Some("en") => return Ok(Lang::En),
        Some(other) => {
            return Err(Problem::new(
                StatusCode::BAD_REQUEST,
                "bad-lang",
                format!("lang must be fr or en, not {other:?}"),
            ));
        }
        None => {}
    }
    let accepted = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let first = accepted
        .split(',')
        .map(|tag| {
            tag.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .find(|tag| tag.starts_with("fr") || tag.starts_with("en"));
    Ok(match first {
        Some(tag) if tag.starts_with("fr") => Lang::Fr,
        _ => Lang::En,
    })
}

/// The records' format asked for by `Accept`, and its media type.
fn output_format(headers: &HeaderMap) -> (fiche_write::Format, &'static str) {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if accept.contains("ndjson") {
        (fiche_write::Format::Ndjson, "application/x-ndjson")
    } else if accept.contains("text/csv") {
        (
            fiche_write::Format::Csv(fiche_write::CsvCells::Neutralised),
            "text/csv; charset=utf-8",
        )
    } else {
        (fiche_write::Format::Json, "application/json")
    }
}

/// Pipeline settings for a submission.
fn settings(encoding: Option<&'static encoding_rs::Encoding>, lang: Lang) -> Settings {
    Settings {
        encoding,
        normalise: fiche::Options {
            lang,
            ..fiche::Options::default()
        },
    }
}

/// Runs `work` on a blocking thread when a conversion slot is free; a
/// request finding the queue full gets 429, a panic 500.
async fn blocking<T: Send + 'static>(
    state: &State,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Problem> {
    /// One request waiting for a slot, counted while it waits.
    struct Waiting<'a>(&'a std::sync::atomic::AtomicUsize);
    impl Drop for Waiting<'_> {
        fn drop(&mut self) {
            self.0.fetch_sub(1, Ordering::Relaxed);
        }
    }
    let ahead = state.waiting.fetch_add(1, Ordering::Relaxed);
    let waiting = Waiting(&state.waiting);
    if ahead >= state.limits.queued {
        return Err(Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too-many-requests",
            "too many requests are waiting; try again in a second",
        ));
    }
    let slot = state.slots.clone().acquire_owned().await.map_err(|_| {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "shutting-down",
            "the server is stopping",
        )
    })?;
    drop(waiting);
    tokio::task::spawn_blocking(move || {
        let _slot = slot;
        work()
    })
    .await
    .map_err(|_| {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal-error",
            "the server failed on this request (please report it)",
        )
    })
}

/// `body` with its content type.
fn with_type(body: impl Into<axum::body::Body>, media: &'static str) -> Response {
    let mut response = body.into().into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    response
}
