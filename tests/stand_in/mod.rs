//! A stand-in HTTP/1.1 server on 127.0.0.1 for the tests of commands that ask public services
//! (ORCID's public API, ROR, Crossref): each request is answered by a function of the test,
//! written from the service's documentation, and every request is recorded.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request as the stand-in read it.
#[derive(Debug, Clone)]
pub struct Request {
    /// The request target: path and query, e.g. `/v2/organizations?affiliation=X`.
    pub target: String,
    /// The headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// When it came.
    pub at: std::time::Instant,
}

impl Request {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The path, without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    /// A query parameter, percent-decoded (`+` as a space).
    pub fn query(&self, name: &str) -> Option<String> {
        let q = self.target.split_once('?')?.1;
        q.split('&').find_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            (k == name).then(|| decode(v))
        })
    }
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let h = std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(h, 16) {
                    Ok(v) => {
                        out.push(v);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An answer.
#[derive(Debug, Clone)]
pub struct Response {
    /// Status line after the version, e.g. `200 OK`.
    pub status: &'static str,
    /// Extra header lines, each ending in `\r\n`.
    pub headers: String,
    /// The body.
    pub body: String,
    /// How long to wait before answering (a timeout test).
    pub delay: Duration,
}

impl Response {
    /// A 200 with this body and content type.
    pub fn ok(content_type: &str, body: &str) -> Self {
        Self {
            status: "200 OK",
            headers: format!("Content-Type: {content_type}\r\n"),
            body: body.to_owned(),
            delay: Duration::ZERO,
        }
    }

    /// Any status, no body.
    pub fn status(status: &'static str) -> Self {
        Self {
            status,
            headers: String::new(),
            body: String::new(),
            delay: Duration::ZERO,
        }
    }

    /// A 429 asking to wait `seconds`.
    pub fn too_many(seconds: u32) -> Self {
        Self {
            status: "429 Too Many Requests",
            headers: format!("Retry-After: {seconds}\r\n"),
            body: String::new(),
            delay: Duration::ZERO,
        }
    }

    /// This answer, after `delay`.
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

/// A running stand-in: its base URL and the requests it got.
pub struct StandIn {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Every request, in order.
    pub requests: Arc<Mutex<Vec<Request>>>,
}

impl StandIn {
    /// The requests so far.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().expect("lock").clone()
    }
}

/// Starts a stand-in answering each request with `answer(request, how many requests with
/// the same target came before)`; it serves until the test process ends.
pub fn start(answer: impl Fn(&Request, usize) -> Response + Send + Sync + 'static) -> StandIn {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let requests: Arc<Mutex<Vec<Request>>> = Arc::new(Mutex::new(Vec::new()));
    let seen = requests.clone();
    let answer = Arc::new(answer);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let seen = seen.clone();
            let answer = answer.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                let target = line.split_whitespace().nth(1).unwrap_or("").to_owned();
                let mut headers = Vec::new();
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).is_err() || h.trim().is_empty() {
                        break;
                    }
                    if let Some((n, v)) = h.split_once(':') {
                        headers.push((n.trim().to_ascii_lowercase(), v.trim().to_owned()));
                    }
                }
                let request = Request {
                    target,
                    headers,
                    at: std::time::Instant::now(),
                };
                let before = {
                    let mut s = seen.lock().expect("lock");
                    let n = s.iter().filter(|r| r.target == request.target).count();
                    s.push(request.clone());
                    n
                };
                let r = answer(&request, before);
                std::thread::sleep(r.delay);
                let _ = write!(
                    stream,
                    "HTTP/1.1 {}\r\n{}Content-Length: {}\r\nConnection: close\r\n\r\n{}",
                    r.status,
                    r.headers,
                    r.body.len(),
                    r.body
                );
            });
        }
    });
    StandIn { base, requests }
}
