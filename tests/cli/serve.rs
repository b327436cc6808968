//! `fiche serve`: the API over real sockets, against what the command line
//! says for the same input, and its limits. Each test starts the binary on
//! a free port and stops it with SIGTERM (which must end it cleanly).

use crate::perturb::{change, check, perturbed, seed_fiches, seed_words};
use crate::support::{SEED, fiche};
use proptest::prelude::*;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `fiche serve`, stopped with SIGTERM when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fiche"))
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("LANG", "C")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("fiche serve starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let mut lines = BufReader::new(stderr).lines();
        let first = lines
            .next()
            .and_then(Result::ok)
            .expect("fiche serve says where it listens");
        let addr = first
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .expect("an address")
            .to_owned();
        // The access log goes on being read, so that the pipe never fills.
        std::thread::spawn(move || for _ in lines {});
        Server { child, addr }
    }

    /// Sends one HTTP/1.1 request; the answer's status, headers (lower
    /// case names) and body.
    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
        let mut stream = TcpStream::connect(&self.addr).expect("the server accepts");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("a timeout");
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        // A server that answers before reading all (413) may close early.
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body);
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        Answer::parse(&raw)
    }

    fn post(&self, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
        self.request("POST", path, headers, body)
    }

    fn get(&self, path: &str) -> Answer {
        self.request("GET", path, &[], b"")
    }

    /// Sends SIGTERM and waits: the exit status.
    fn stop(mut self) -> Option<i32> {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        for _ in 0..100 {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn parse(raw: &[u8]) -> Answer {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(raw.len());
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let mut body = raw.get(split + 4..).unwrap_or_default().to_vec();
        if headers
            .iter()
            .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
        {
            body = unchunked(&body);
        }
        Answer {
            status,
            headers,
            body,
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Asserts an RFC 9457 problem of `status`.
    fn assert_problem(&self, status: u16) {
        assert_eq!(self.status, status, "{}", self.text());
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json")
        );
        let problem = self.json();
        assert_eq!(problem["status"], status);
        assert!(
            problem["type"]
                .as_str()
                .is_some_and(|t| t.starts_with("urn:fiche:problem:"))
        );
        assert!(problem["title"].is_string() && problem["detail"].is_string());
    }
}

/// A chunked body, joined.
fn unchunked(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = body.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&body[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = end + 2;
        out.extend_from_slice(&body[start..(start + size).min(body.len())]);
        body = body.get(start + size + 2..).unwrap_or_default();
    }
    out
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect("a fixture")
}

const SUBMISSION: &str = "fixtures/invalid/submission-with-errors.txt";

#[test]
fn health_schema_and_openapi() {
    let server = Server::start(&[]);
    let health = server.get("/healthz");
    assert_eq!((health.status, health.text().as_str()), (200, "ok\n"));
    let schema = server.get("/v1/schema");
    assert_eq!(schema.status, 200);
    assert_eq!(
        schema.body,
        fiche(&["schema"], b"").stdout,
        "the same schema as fiche schema"
    );
    let openapi = server.get("/v1/openapi.json").json();
    assert_eq!(openapi["openapi"], "3.1.0");
    for path in [
        "/healthz",
        "/v1/schema",
        "/v1/openapi.json",
        "/v1/validate",
        "/v1/convert",
    ] {
        assert!(openapi["paths"][path].is_object(), "{path} is documented");
    }
    // The report's schema is generated from the report's own type.
    let report = &openapi["components"]["schemas"]["JsonReport"];
    assert!(report["properties"]["inputs"].is_object(), "{report}");
    assert_eq!(server.stop(), Some(0), "SIGTERM ends the server cleanly");
}

/// `/v1/validate` answers what `fiche validate --format json` writes, in
/// the language asked for by `?lang=` or `Accept-Language`.
#[test]
fn validate_answers_what_the_command_line_reports() {
    let server = Server::start(&[]);
    let text = read(SUBMISSION);
    for (path, headers, lang) in [
        ("/v1/validate", vec![], "en"),
        ("/v1/validate?lang=fr", vec![], "fr"),
        (
            "/v1/validate",
            vec![("Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5")],
            "fr",
        ),
        (
            "/v1/validate?lang=en",
            vec![("Accept-Language", "fr")],
            "en",
        ),
    ] {
        let answer = server.post(path, &headers, &text);
        assert_eq!(answer.status, 200, "{path}: {}", answer.text());
        assert_eq!(answer.header("content-type"), Some("application/json"));
        let mut api = answer.json();
        let cli = fiche(
            &["validate", "--format", "json", "--lang", lang, "-"],
            &text,
        );
        let mut cli: Value = serde_json::from_slice(&cli.stdout).expect("a JSON report");
        // The submission is named `fiche`, standard input `-`.
        api["inputs"][0]["path"] = Value::Null;
        cli["inputs"][0]["path"] = Value::Null;
        assert_eq!(api, cli, "{path} {headers:?}");
    }
    let bad = server.post("/v1/validate?lang=de", &[], &text);
    bad.assert_problem(400);
    let french = server.post("/v1/validate?lang=fr", &[], &text).json();
    assert_eq!(french["valid"], false);
    assert!(
        french["inputs"][0]["diagnostics"][0]["help"]
            .as_str()
            .is_some_and(|h| h.starts_with("écrivez"))
    );
}

/// `/v1/convert` answers the records `fiche convert` writes, as JSON,
/// NDJSON or CSV by `Accept`.
#[test]
fn convert_answers_the_records_of_the_command_line() {
    let server = Server::start(&[]);
    let text = read(SEED);
    let json = server.post("/v1/convert", &[], &text);
    assert_eq!(json.status, 200, "{}", json.text());
    assert_eq!(json.header("content-type"), Some("application/json"));
    let mut api = json.json();
    let cli = fiche(&["convert", "--format", "json", "-"], &text);
    let mut cli: Value = serde_json::from_slice(&cli.stdout).expect("records");
    for records in [&mut api, &mut cli] {
        for record in records.as_array_mut().into_iter().flatten() {
            record["source"]["path"] = Value::Null;
        }
    }
    assert_eq!(api, cli);
    let ndjson = server.post("/v1/convert", &[("Accept", "application/x-ndjson")], &text);
    assert_eq!(ndjson.header("content-type"), Some("application/x-ndjson"));
    assert_eq!(ndjson.text().lines().count(), 10);
    let csv = server.post("/v1/convert", &[("Accept", "text/csv")], &text);
    assert!(
        csv.header("content-type")
            .is_some_and(|t| t.starts_with("text/csv"))
    );
    assert_eq!(
        csv.text().lines().next(),
        Some(fiche_write::CSV_HEADER.join(",").as_str())
    );
    // Not text, or no fiche: 422.
    server
        .post("/v1/convert", &[], b"Fiche\0binaire")
        .assert_problem(422);
    server
        .post("/v1/convert", &[], b"rien de rien\n")
        .assert_problem(422);
}

/// Encodings as `convert` reads them, a `charset` when given, and a file
/// sent from a form.
#[test]
fn encodings_charsets_and_forms() {
    let server = Server::start(&[]);
    let latin = read("fixtures/valid/encoding-windows-1252-crlf.txt");
    let detected = server.post("/v1/convert", &[], &latin).json();
    let declared = server
        .post(
            "/v1/convert",
            &[("Content-Type", "text/plain; charset=windows-1252")],
            &latin,
        )
        .json();
    assert_eq!(detected[0]["source"]["encoding"], "windows-1252");
    assert_eq!(declared[0]["name"], detected[0]["name"]);
    server
        .post(
            "/v1/convert",
            &[("Content-Type", "text/plain; charset=klingon")],
            &latin,
        )
        .assert_problem(400);
    let text = read(SUBMISSION);
    let mut form = b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ma-fiche.txt\"\r\nContent-Type: text/plain\r\n\r\n".to_vec();
    form.extend_from_slice(&text);
    form.extend_from_slice(b"\r\n--XyZ--\r\n");
    let answer = server.post(
        "/v1/validate",
        &[("Content-Type", "multipart/form-data; boundary=XyZ")],
        &form,
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    let report = answer.json();
    assert_eq!(report["inputs"][0]["path"], "ma-fiche.txt");
    assert_eq!(report["errors"], 8);
    server
        .post(
            "/v1/validate",
            &[("Content-Type", "multipart/form-data; boundary=XyZ")],
            b"--XyZ--\r\n",
        )
        .assert_problem(400);
}

/// Every error is a problem: too large, unknown route, wrong method; the
/// size limit can be set; CORS is closed unless asked.
#[test]
fn limits_and_errors_are_problems() {
    let server = Server::start(&["--max-body-kib", "64"]);
    let big = vec![b'a'; 65 * 1024];
    server.post("/v1/validate", &[], &big).assert_problem(413);
    server.post("/v1/convert", &[], &big).assert_problem(413);
    server.get("/nowhere").assert_problem(404);
    server.get("/v1/validate").assert_problem(405);
    let fits = server.post("/v1/validate", &[], &vec![b'a'; 60 * 1024]);
    assert_eq!(fits.status, 200);
    let preflight = server.request(
        "OPTIONS",
        "/v1/validate",
        &[
            ("Origin", "https://exemple.org"),
            ("Access-Control-Request-Method", "POST"),
        ],
        b"",
    );
    assert_eq!(preflight.header("access-control-allow-origin"), None);
    drop(server);
    let open = Server::start(&["--cors", "https://exemple.org"]);
    let preflight = open.request(
        "OPTIONS",
        "/v1/validate",
        &[
            ("Origin", "https://exemple.org"),
            ("Access-Control-Request-Method", "POST"),
        ],
        b"",
    );
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some("https://exemple.org")
    );
}

/// No input makes the server fail or hang: perturbed real fiches and
/// random bytes all get an answer, and the server still answers after.
#[test]
fn inputs_nobody_wrote_never_break_the_server() {
    let server = Server::start(&[]);
    let fiches = seed_fiches();
    let words = seed_words();
    let strategy = (
        0..fiches.len(),
        proptest::collection::vec(change(&words), 0..8),
        proptest::collection::vec(any::<u8>(), 0..64),
        0..4usize,
    );
    check(strategy, |(i, changes, noise, how)| {
        let mut body = perturbed(&fiches[i], &changes).into_bytes();
        match how {
            0 => {}
            1 => body.extend_from_slice(&noise),
            2 => body = noise.clone(),
            _ => body.splice(0..0, noise.iter().copied()).for_each(drop),
        }
        let validated = server.post("/v1/validate", &[], &body);
        prop_assert_eq!(validated.status, 200, "{}", validated.text());
        let converted = server.post("/v1/convert", &[], &body);
        prop_assert!(
            matches!(converted.status, 200 | 422),
            "{}",
            converted.status
        );
        Ok(())
    });
    assert_eq!(server.get("/healthz").status, 200);
    assert_eq!(server.stop(), Some(0));
}

/// The page is served with the blank template to start from, escaped,
/// and calls the API it is served with.
#[test]
fn the_page_holds_the_template() {
    let server = Server::start(&[]);
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let html = page.text();
    let template = fiche(&["render", "--template", "--lang", "fr"], b"").stdout;
    let first = String::from_utf8_lossy(&template)
        .lines()
        .next()
        .unwrap_or("")
        .to_owned();
    assert!(html.contains(&first), "{first}");
    assert!(html.contains("/v1/validate?lang=fr") && html.contains("aria-live"));
    assert!(!html.contains("{{TEMPLATE}}"));
}
