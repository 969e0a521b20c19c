//! An ORCID-like Member API server on 127.0.0.1 for the sync tests, following ORCID's
//! documented behaviour (shared/schemas/orcid-3.0/ORCID-API.md):
//!
//! - bearer tokens map to an API client and a record; unknown or expired tokens get 401 with
//!   the OAuth JSON error, which quotes the token (as ORCID's does);
//! - `POST /{orcid}/{section}` assigns a put-code and answers 201 with a `Location`; a put-code
//!   in the body is 400 (9024); a work without a `self` external id is 400 (9023); a one-digit
//!   month or day is 400 (9049); a `self` external id already held by an item of the same
//!   client is 409 (9021) naming the put-code;
//! - `POST /{orcid}/works` takes a `bulk:bulk` of at most 100 works and answers 200 with,
//!   per position, the created work or an `error:error` (duplicates inside the bulk too);
//! - `PUT` needs the put-code in the body equal to the URL's (9019), no visibility change
//!   (403, 9035), and the item to be the client's own (403, 9010);
//! - `DELETE` of another source's item is 403 (9010); unknown put-codes are 404 (9016);
//! - `GET /{orcid}/works`, `/employments`, ... answer activity summaries in groups;
//!   `GET /{orcid}/works/{pc,pc}` a bulk of full works;
//! - peer reviews (`/peer-review`, `/peer-reviews`) and research resources
//!   (`/research-resource`, `/research-resources`) as ORCID's tutorials and ORCID-Source's
//!   `PeerReviewManagerImpl` describe them: a review's identifiers are its
//!   `review-identifiers`, and a duplicate (409, 9021) is a review of the same client with one
//!   of its `self` identifiers *in the same group*; a review whose `review-group-id` names no
//!   group is 400 (9026, "Invalid group id"), except an `issn:` group, which ORCID creates
//!   itself from the ISSN (other groups are created with a client's own two-legged token,
//!   `POST /group-id-record`: [`OrcidServer::add_group`] stands for that); summaries of
//!   reviews come grouped twice (`activities:group` per group id, `activities:peer-review-group`
//!   per review), with `external-ids` and `completion-date` for the full item's
//!   `review-identifiers` and `review-completion-date`; a research resource is identified by
//!   its proposal's external ids, and its summary holds the proposal only;
//! - a token bucket (24/s, burst 40 by default) answers 503 past the burst;
//! - faults for crash tests: drop the connection before or after carrying out the n-th write;
//!   a delay on every answer, to make two syncs overlap.
//!
//! Every POST and PUT body is kept for XSD validation.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::tree::{self, Child, El};

const SECTIONS: &[&str] = &[
    "work",
    "employment",
    "education",
    "qualification",
    "invited-position",
    "membership",
    "service",
    "distinction",
    "funding",
    "peer-review",
    "research-resource",
];

fn ns(prefix: &str) -> String {
    format!("http://www.orcid.org/ns/{prefix}")
}

/// Who added an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Client { id: String, name: String },
    User { orcid: String, name: String },
}

impl Source {
    fn element(&self) -> El {
        let mut s = El::new("common:source");
        match self {
            Source::Client { id, name } => {
                s = s.with(
                    El::new("common:source-client-id")
                        .with(El::leaf(
                            "common:uri",
                            &format!("https://orcid.org/client/{id}"),
                        ))
                        .with(El::leaf("common:path", id))
                        .with(El::leaf("common:host", "orcid.org")),
                );
                s.with(El::leaf("common:source-name", name))
            }
            Source::User { orcid, name } => {
                s = s.with(
                    El::new("common:source-orcid")
                        .with(El::leaf(
                            "common:uri",
                            &format!("https://orcid.org/{orcid}"),
                        ))
                        .with(El::leaf("common:path", orcid))
                        .with(El::leaf("common:host", "orcid.org")),
                );
                s.with(El::leaf("common:source-name", name))
            }
        }
    }

    pub fn client_id(&self) -> Option<&str> {
        match self {
            Source::Client { id, .. } => Some(id),
            Source::User { .. } => None,
        }
    }
}

/// An item held by the server.
#[derive(Debug, Clone)]
pub struct Stored {
    pub put_code: u64,
    pub section: String,
    pub source: Source,
    pub visibility: String,
    /// The item as sent, without put-code.
    pub body: El,
    pub created: String,
    pub modified: String,
}

impl Stored {
    pub fn title(&self) -> String {
        self.body
            .text_at(&["title", "title"])
            .or_else(|| self.body.text_at(&["proposal", "title", "title"]))
            .or_else(|| self.body.text_at(&["subject-container-name"]))
            .or_else(|| self.body.text_at(&["convening-organization", "name"]))
            .or_else(|| self.body.text_at(&["role-title"]))
            .or_else(|| self.body.text_at(&["organization", "name"]))
            .unwrap_or_default()
    }

    pub fn self_keys(&self) -> Vec<String> {
        self_keys(&self.body)
    }

    /// A peer review's group id.
    pub fn group(&self) -> Option<String> {
        self.body.text_at(&["review-group-id"])
    }

    /// The full item as GET answers it.
    fn full(&self, orcid: &str) -> El {
        let mut e = self.body.clone();
        e.remove_attr("put-code");
        e.remove_attr("visibility");
        e.set_attr("put-code", &self.put_code.to_string());
        e.set_attr(
            "path",
            &format!("/{orcid}/{}/{}", self.section, self.put_code),
        );
        e.set_attr("visibility", &self.visibility);
        if !e.attrs.iter().any(|(k, _)| k == "xmlns:common") {
            e.attrs.push(("xmlns:common".into(), ns("common")));
        }
        let mut meta = vec![
            Child::El(El::leaf("common:created-date", &self.created)),
            Child::El(El::leaf("common:last-modified-date", &self.modified)),
            Child::El(self.source.element()),
        ];
        meta.append(&mut e.children);
        e.children = meta;
        e
    }

    fn summary(&self, orcid: &str) -> El {
        let prefix = self.section.as_str();
        let kept_children = |names: &[(&str, &str)], s: &mut El| {
            for c in self.body.elements() {
                if let Some((_, to)) = names.iter().find(|(from, _)| *from == c.local()) {
                    let mut c = c.clone();
                    if *to != c.local() {
                        c.name = (*to).to_owned();
                    }
                    s.children.push(Child::El(c));
                }
            }
        };
        let mut s = El::new(&format!("{prefix}:{prefix}-summary"));
        s.attrs = vec![
            ("put-code".into(), self.put_code.to_string()),
            (
                "path".into(),
                format!("/{orcid}/{}/{}", self.section, self.put_code),
            ),
            ("visibility".into(), self.visibility.clone()),
            ("display-index".into(), "1".into()),
        ];
        s.children = vec![
            Child::El(El::leaf("common:created-date", &self.created)),
            Child::El(El::leaf("common:last-modified-date", &self.modified)),
            Child::El(self.source.element()),
        ];
        const KEPT: &[&str] = &[
            "title",
            "type",
            "external-ids",
            "publication-date",
            "journal-title",
            "department-name",
            "role-title",
            "start-date",
            "end-date",
            "organization",
            "url",
        ];
        match prefix {
            // A review's summary names its identifiers and completion date otherwise, and has
            // no subject (peer-review-3.0.xsd, `peer-review-summary`).
            "peer-review" => kept_children(
                &[
                    ("reviewer-role", "peer-review:reviewer-role"),
                    ("review-identifiers", "common:external-ids"),
                    ("review-url", "peer-review:review-url"),
                    ("review-type", "peer-review:review-type"),
                    ("review-completion-date", "peer-review:completion-date"),
                    ("review-group-id", "peer-review:review-group-id"),
                    (
                        "convening-organization",
                        "peer-review:convening-organization",
                    ),
                ],
                &mut s,
            ),
            // A research resource's summary is its proposal.
            "research-resource" => {
                kept_children(&[("proposal", "research-resource:proposal")], &mut s)
            }
            _ => {
                for c in self.body.elements() {
                    if KEPT.contains(&c.local()) {
                        s.children.push(Child::El(c.clone()));
                    }
                }
            }
        }
        s
    }
}

/// The server's normalisation of external ids (as ORCID matches duplicates): lower case,
/// DOIs without resolver.
pub fn normalise(id_type: &str, value: &str) -> String {
    let v = value.trim().to_lowercase();
    let v = match id_type {
        "doi" => v
            .trim_start_matches("https://doi.org/")
            .trim_start_matches("http://dx.doi.org/")
            .trim_start_matches("https://dx.doi.org/")
            .trim_start_matches("doi:")
            .to_owned(),
        _ => v,
    };
    format!("{id_type}:{v}")
}

/// The `self` keys of an item's identifying ids: a work's, funding's, affiliation's
/// `external-ids`, a review's `review-identifiers`, a research resource's proposal ids.
fn self_keys(item: &El) -> Vec<String> {
    let ids = item
        .child("external-ids")
        .or_else(|| item.child("review-identifiers"))
        .or_else(|| item.child("proposal").and_then(|p| p.child("external-ids")));
    let Some(ids) = ids else {
        return Vec::new();
    };
    ids.elements()
        .filter(|x| x.text_at(&["external-id-relationship"]).as_deref() == Some("self"))
        .filter_map(|x| {
            Some(normalise(
                &x.text_at(&["external-id-type"])?,
                &x.text_at(&["external-id-value"])?,
            ))
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Read the request, then close the connection without carrying it out.
    DropBefore,
    /// Carry the request out, then close the connection without answering.
    DropAfter,
    /// Carry the request out, then hold the connection without answering (until the server
    /// stops): the client hangs there, to be killed.
    Stall,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    pub method: String,
    pub path: String,
    pub status: u16,
    pub authorization: Option<String>,
}

struct Limiter {
    rate: f64,
    burst: f64,
    tokens: f64,
    last: Instant,
}

struct State {
    /// Peer-review group ids that exist (ORCID's group-id-record registry).
    groups: HashSet<String>,
    /// token -> (client id, client name, orcid)
    tokens: HashMap<String, (String, String, String)>,
    expired: HashSet<String>,
    records: BTreeMap<String, BTreeMap<u64, Stored>>,
    next_put_code: u64,
    log: Vec<Logged>,
    bodies: Vec<(String, String)>,
    writes: usize,
    fault: Option<(usize, Fault)>,
    limiter: Limiter,
    clock: u64,
    /// How long each answer waits (a slow server, to make syncs overlap).
    delay: Duration,
}

pub struct OrcidServer {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

struct Answer {
    status: u16,
    body: String,
    content_type: &'static str,
    location: Option<String>,
}

impl Answer {
    fn xml(status: u16, el: &El) -> Self {
        Self {
            status,
            body: el.to_document(),
            content_type: "application/vnd.orcid+xml; qs=5;charset=UTF-8",
            location: None,
        }
    }

    fn empty(status: u16) -> Self {
        Self {
            status,
            body: String::new(),
            content_type: "text/plain",
            location: None,
        }
    }
}

fn error_el(status: u16, code: u32, developer: &str, user: &str) -> El {
    let mut e = El::new("error:error");
    e.attrs.push(("xmlns:error".into(), ns("error")));
    e.with(El::leaf("error:response-code", &status.to_string()))
        .with(El::leaf("error:developer-message", developer))
        .with(El::leaf("error:user-message", user))
        .with(El::leaf("error:error-code", &code.to_string()))
        .with(El::leaf(
            "error:more-info",
            "https://members.orcid.org/api/resources/troubleshooting",
        ))
}

fn error(status: u16, code: u32, developer: &str) -> Answer {
    Answer::xml(status, &error_el(status, code, developer, developer))
}

fn lock(s: &Mutex<State>) -> MutexGuard<'_, State> {
    s.lock().unwrap_or_else(|p| p.into_inner())
}

impl OrcidServer {
    /// A server on a free port of 127.0.0.1.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let state = Arc::new(Mutex::new(State {
            groups: HashSet::new(),
            tokens: HashMap::new(),
            expired: HashSet::new(),
            records: BTreeMap::new(),
            next_put_code: 1000,
            log: Vec::new(),
            bodies: Vec::new(),
            writes: 0,
            fault: None,
            limiter: Limiter {
                rate: 24.0,
                burst: 40.0,
                tokens: 40.0,
                last: Instant::now(),
            },
            clock: 0,
            delay: Duration::ZERO,
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let (st, sp) = (state.clone(), stop.clone());
        let handle = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if sp.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = conn {
                    serve(stream, &st, &sp);
                }
            }
        });
        Self {
            addr,
            state,
            stop,
            handle: Some(handle),
        }
    }

    /// The API URL, `http://127.0.0.1:PORT/v3.0`.
    pub fn api(&self) -> String {
        format!("http://{}/v3.0", self.addr)
    }

    /// Registers a record.
    pub fn add_record(&self, orcid: &str) {
        lock(&self.state)
            .records
            .entry(orcid.to_owned())
            .or_default();
    }

    /// Issues a token for a client on a record.
    pub fn add_token(&self, token: &str, client_id: &str, client_name: &str, orcid: &str) {
        lock(&self.state).tokens.insert(
            token.to_owned(),
            (
                client_id.to_owned(),
                client_name.to_owned(),
                orcid.to_owned(),
            ),
        );
    }

    /// Registers a peer-review group, as a member's `POST /group-id-record` (with its own
    /// two-legged token) would.
    pub fn add_group(&self, group_id: &str) {
        lock(&self.state).groups.insert(group_id.to_owned());
    }

    /// The peer-review groups that exist.
    pub fn groups(&self) -> Vec<String> {
        let mut g: Vec<String> = lock(&self.state).groups.iter().cloned().collect();
        g.sort();
        g
    }

    /// Lets a token expire.
    pub fn expire(&self, token: &str) {
        lock(&self.state).expired.insert(token.to_owned());
    }

    /// Puts an item on a record directly (as another source would have); returns its
    /// put-code.
    pub fn add_item(&self, orcid: &str, xml: &str, source: Source) -> u64 {
        let body = tree::parse(xml).expect("test item XML");
        let mut s = lock(&self.state);
        let pc = s.next_put_code;
        s.next_put_code += 1;
        s.clock += 1;
        let stamp = stamp(s.clock);
        let section = body.local().to_owned();
        s.records.entry(orcid.to_owned()).or_default().insert(
            pc,
            Stored {
                put_code: pc,
                section,
                source,
                visibility: "public".into(),
                body,
                created: stamp.clone(),
                modified: stamp,
            },
        );
        pc
    }

    /// Removes an item, as the record holder may in the ORCID UI (whatever its source).
    pub fn remove_item(&self, orcid: &str, put_code: u64) {
        if let Some(r) = lock(&self.state).records.get_mut(orcid) {
            r.remove(&put_code);
        }
    }

    /// The items of a record.
    pub fn items(&self, orcid: &str) -> Vec<Stored> {
        lock(&self.state)
            .records
            .get(orcid)
            .map(|r| r.values().cloned().collect())
            .unwrap_or_default()
    }

    /// Every request so far.
    pub fn log(&self) -> Vec<Logged> {
        lock(&self.state).log.clone()
    }

    /// Forgets the request log.
    pub fn clear_log(&self) {
        lock(&self.state).log.clear();
    }

    /// Writes (POST, PUT, DELETE) the server carried out or started so far.
    pub fn writes(&self) -> usize {
        lock(&self.state).writes
    }

    /// Every POST and PUT body so far, with the local name of its root.
    pub fn bodies(&self) -> Vec<(String, String)> {
        lock(&self.state).bodies.clone()
    }

    /// The rate limit (requests a second, burst).
    pub fn set_rate_limit(&self, rate: f64, burst: u32) {
        let mut s = lock(&self.state);
        s.limiter = Limiter {
            rate,
            burst: f64::from(burst),
            tokens: f64::from(burst),
            last: Instant::now(),
        };
    }

    /// Makes every answer wait this long (a slow server).
    pub fn set_delay(&self, delay: Duration) {
        lock(&self.state).delay = delay;
    }

    /// Makes the `n`-th write from now (POST, PUT, DELETE; 1-based) fail this way.
    pub fn fail_write(&self, n: usize, fault: Fault) {
        let mut s = lock(&self.state);
        let at = s.writes + n;
        s.fault = Some((at, fault));
    }
}

impl Drop for OrcidServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

fn stamp(n: u64) -> String {
    format!(
        "2025-01-01T{:02}:{:02}:{:02}.000Z",
        (n / 3600) % 24,
        (n / 60) % 60,
        n % 60
    )
}

struct Http {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Http {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn read_request(stream: &TcpStream) -> Option<Http> {
    let mut r = BufReader::new(stream);
    let mut line = String::new();
    r.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        r.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':')?;
        headers.push((k.trim().to_owned(), v.trim().to_owned()));
    }
    let mut http = Http {
        method,
        path,
        headers,
        body: String::new(),
    };
    let mut bytes = Vec::new();
    if let Some(n) = http
        .header("content-length")
        .and_then(|v| v.parse::<usize>().ok())
    {
        bytes.resize(n, 0);
        r.read_exact(&mut bytes).ok()?;
    } else if http
        .header("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        loop {
            let mut size = String::new();
            r.read_line(&mut size).ok()?;
            let n = usize::from_str_radix(size.trim(), 16).ok()?;
            let mut chunk = vec![0; n + 2];
            r.read_exact(&mut chunk).ok()?;
            if n == 0 {
                break;
            }
            bytes.extend_from_slice(&chunk[..n]);
        }
    }
    http.body = String::from_utf8(bytes).ok()?;
    Some(http)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        406 => "Not Acceptable",
        409 => "Conflict",
        415 => "Unsupported Media Type",
        503 => "Service Unavailable",
        _ => "Other",
    }
}

fn serve(mut stream: TcpStream, state: &Mutex<State>, stop: &AtomicBool) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Some(req) = read_request(&stream) else {
        return;
    };
    let is_write = matches!(req.method.as_str(), "POST" | "PUT" | "DELETE");
    let delay = lock(state).delay;
    std::thread::sleep(delay);
    let mut s = lock(state);
    let allowed = rate_ok(&mut s);
    let fault = if allowed && is_write {
        s.writes += 1;
        match s.fault {
            Some((n, f)) if n == s.writes => {
                s.fault = None;
                Some(f)
            }
            _ => None,
        }
    } else {
        None
    };
    if fault == Some(Fault::DropBefore) {
        drop(s);
        let _ = stream.shutdown(Shutdown::Both);
        return;
    }
    let answer = if allowed {
        route(&mut s, &req)
    } else {
        Answer {
            status: 503,
            body: "<html><body>503 Service Temporarily Unavailable</body></html>".into(),
            content_type: "text/html",
            location: None,
        }
    };
    s.log.push(Logged {
        method: req.method.clone(),
        path: req.path.clone(),
        status: answer.status,
        authorization: req.header("authorization").map(str::to_owned),
    });
    drop(s);
    if fault == Some(Fault::DropAfter) {
        let _ = stream.shutdown(Shutdown::Both);
        return;
    }
    if fault == Some(Fault::Stall) {
        // Until the client goes away (its end of the connection closes) or the server stops.
        let _ = stream.set_read_timeout(Some(Duration::from_millis(20)));
        let until = Instant::now() + Duration::from_secs(60);
        let mut byte = [0u8; 1];
        while !stop.load(Ordering::SeqCst) && Instant::now() < until {
            match stream.read(&mut byte) {
                Ok(0) => return,
                Ok(_) => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(_) => return,
            }
        }
        return;
    }
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        answer.status,
        reason(answer.status),
        answer.content_type,
        answer.body.len()
    );
    if let Some(l) = &answer.location {
        head.push_str(&format!("Location: {l}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(answer.body.as_bytes());
    let _ = stream.flush();
}

/// Takes a token from the bucket; false past the burst (a refused write does not count as a
/// write for the faults).
fn rate_ok(s: &mut State) -> bool {
    let now = Instant::now();
    let l = &mut s.limiter;
    l.tokens = (l.tokens + now.duration_since(l.last).as_secs_f64() * l.rate).min(l.burst);
    l.last = now;
    if l.tokens >= 1.0 {
        l.tokens -= 1.0;
        true
    } else {
        false
    }
}

fn route(s: &mut State, req: &Http) -> Answer {
    // Authentication, the way ORCID answers it: OAuth JSON, quoting the token.
    let token = req
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
        .unwrap_or("")
        .to_owned();
    if s.expired.contains(&token) {
        return Answer {
            status: 401,
            body: format!(
                r#"{{"error":"invalid_token","error_description":"Access token expired: {token}"}}"#
            ),
            content_type: "application/json;charset=UTF-8",
            location: None,
        };
    }
    let Some((client_id, client_name, token_orcid)) = s.tokens.get(&token).cloned() else {
        return Answer {
            status: 401,
            body: format!(
                r#"{{"error":"invalid_token","error_description":"Invalid access token: {token}"}}"#
            ),
            content_type: "application/json;charset=UTF-8",
            location: None,
        };
    };
    if !req
        .header("accept")
        .is_some_and(|a| a.contains("application/vnd.orcid+xml"))
    {
        return Answer::empty(406);
    }
    if matches!(req.method.as_str(), "POST" | "PUT")
        && !req
            .header("content-type")
            .is_some_and(|a| a.starts_with("application/vnd.orcid+xml"))
    {
        return Answer::empty(415);
    }
    let Some(rest) = req.path.strip_prefix("/v3.0/") else {
        return error(404, 9016, "no such resource");
    };
    let segs: Vec<&str> = rest.split('/').collect();
    let orcid = segs[0].to_owned();
    if !s.records.contains_key(&orcid) {
        return error(404, 9016, &format!("record {orcid} not found"));
    }
    if orcid != token_orcid {
        return error(403, 9017, "the access token was issued for another record");
    }
    let source = Source::Client {
        id: client_id,
        name: client_name,
    };
    match (req.method.as_str(), &segs[1..]) {
        ("GET", [plural]) => match SECTIONS.iter().find(|x| format!("{x}s") == *plural) {
            Some(section) => summaries(s, &orcid, section),
            None => error(404, 9016, "no such section"),
        },
        ("GET", ["works", list]) => bulk_read(s, &orcid, list),
        ("GET", [section, pc]) if SECTIONS.contains(section) => {
            match find(s, &orcid, section, pc) {
                Some(item) => Answer::xml(200, &item.full(&orcid)),
                None => error(404, 9016, "no such item"),
            }
        }
        ("POST", ["works"]) => bulk_create(s, &orcid, &source, &req.body),
        ("POST", [section]) if SECTIONS.contains(section) => {
            s.bodies.push((section.to_string(), req.body.clone()));
            match tree::parse(&req.body) {
                Err(e) => error(400, 9000, &format!("not well-formed XML: {e}")),
                Ok(body) => match create(s, &orcid, section, &source, body) {
                    Ok(pc) => Answer {
                        location: Some(format!("http://orcid.test/v3.0/{orcid}/{section}/{pc}")),
                        ..Answer::empty(201)
                    },
                    Err(e) => Answer::xml(status_of(&e), &e),
                },
            }
        }
        ("PUT", [section, pc]) if SECTIONS.contains(section) => {
            s.bodies.push((section.to_string(), req.body.clone()));
            update(s, &orcid, section, pc, &source, &req.body)
        }
        ("DELETE", [section, pc]) if SECTIONS.contains(section) => {
            let Some(item) = find(s, &orcid, section, pc) else {
                return error(404, 9016, "no such item");
            };
            if item.source != source {
                return error(403, 9010, "this item was added by another source");
            }
            let pc = item.put_code;
            if let Some(r) = s.records.get_mut(&orcid) {
                r.remove(&pc);
            }
            Answer::empty(204)
        }
        _ => error(
            404,
            9016,
            &format!("no route for {} {}", req.method, req.path),
        ),
    }
}

fn status_of(e: &El) -> u16 {
    e.text_at(&["response-code"])
        .and_then(|c| c.parse().ok())
        .unwrap_or(400)
}

fn find<'a>(s: &'a State, orcid: &str, section: &str, pc: &str) -> Option<&'a Stored> {
    let pc: u64 = pc.parse().ok()?;
    s.records
        .get(orcid)?
        .get(&pc)
        .filter(|i| i.section == section)
}

/// An ISSN group id, normalised as ORCID's `ISSNNormalizer` does (`issn:0028-0836`), when the
/// value is an ISSN.
fn issn_group(group: &str) -> Option<String> {
    let v = group.strip_prefix("issn:")?;
    let d: String = v
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (d.len() == 8 && d[..7].chars().all(|c| c.is_ascii_digit()))
        .then(|| format!("issn:{}-{}", &d[..4], &d[4..]))
}

/// A peer review's group must exist; ORCID creates an ISSN group itself
/// (`createIssnGroupIdIfNecessary`), any other is 400 with 9026 (`GroupIdRecordNotFoundException`,
/// "peer_review.group_id.not_valid").
fn check_group(s: &mut State, section: &str, body: &El) -> Result<(), El> {
    if section != "peer-review" {
        return Ok(());
    }
    let group = body.text_at(&["review-group-id"]).unwrap_or_default();
    if let Some(issn) = issn_group(&group) {
        s.groups.insert(issn);
        return Ok(());
    }
    if s.groups.contains(&group) {
        return Ok(());
    }
    Err(error_el(
        400,
        9026,
        &format!("400 Bad Request: Invalid group id {group}: no such group-id-record"),
        "Invalid group id",
    ))
}

/// ORCID stores an ISSN group id in its normal form (`createIssnGroupIdIfNecessary` sets the
/// review's group id to `issn:` and the normalised ISSN).
fn normalise_group(body: &mut El) {
    for c in &mut body.children {
        if let Child::El(e) = c
            && e.local() == "review-group-id"
            && let Some(n) = issn_group(&e.text())
        {
            e.children = vec![Child::Text(n)];
        }
    }
}

fn check_rules(section: &str, body: &El) -> Result<(), El> {
    if body.local() != section {
        return Err(error_el(
            400,
            9000,
            &format!("expected a {section}, found {}", body.local()),
            "bad request",
        ));
    }
    if matches!(section, "work" | "peer-review" | "research-resource") && self_keys(body).is_empty()
    {
        return Err(error_el(
            400,
            9023,
            &format!("a {section} needs at least one external identifier with relationship self"),
            "bad request",
        ));
    }
    for d in body.descendants() {
        if matches!(d.local(), "month" | "day") && d.text().len() != 2 {
            return Err(error_el(
                400,
                9049,
                &format!(
                    "invalid date: {} {:?} must have two digits",
                    d.local(),
                    d.text()
                ),
                "bad request",
            ));
        }
    }
    Ok(())
}

fn duplicate_of(
    s: &State,
    orcid: &str,
    section: &str,
    source: &Source,
    body: &El,
    except: Option<u64>,
) -> Option<u64> {
    let keys = self_keys(body);
    let group = |b: &El| {
        b.text_at(&["review-group-id"])
            .map(|g| issn_group(&g).unwrap_or(g))
    };
    s.records.get(orcid)?.values().find_map(|i| {
        (i.section == section
            && i.source == *source
            && Some(i.put_code) != except
            && group(&i.body) == group(body)
            && i.self_keys().iter().any(|k| keys.contains(k)))
        .then_some(i.put_code)
    })
}

fn duplicate_error(pc: u64) -> El {
    error_el(
        409,
        9021,
        &format!(
            "409 Conflict: You have already added this activity (matched by external identifiers), please see element with put-code {pc}. If you are trying to edit the item, please use PUT instead of POST."
        ),
        "There is another item with the same external identifier",
    )
}

fn create(s: &mut State, orcid: &str, section: &str, source: &Source, body: El) -> Result<u64, El> {
    if body.attr("put-code").is_some() {
        return Err(error_el(
            400,
            9024,
            "put-code must not be given when adding an item",
            "bad request",
        ));
    }
    check_rules(section, &body)?;
    if let Some(pc) = duplicate_of(s, orcid, section, source, &body, None) {
        return Err(duplicate_error(pc));
    }
    check_group(s, section, &body)?;
    let mut body = body;
    normalise_group(&mut body);
    let pc = s.next_put_code;
    s.next_put_code += 1;
    s.clock += 1;
    let stamp = stamp(s.clock);
    let visibility = body.attr("visibility").unwrap_or("public").to_owned();
    body.remove_attr("visibility");
    s.records.entry(orcid.to_owned()).or_default().insert(
        pc,
        Stored {
            put_code: pc,
            section: section.to_owned(),
            source: source.clone(),
            visibility,
            body,
            created: stamp.clone(),
            modified: stamp,
        },
    );
    Ok(pc)
}

fn update(
    s: &mut State,
    orcid: &str,
    section: &str,
    pc: &str,
    source: &Source,
    text: &str,
) -> Answer {
    let Some(item) = find(s, orcid, section, pc).cloned() else {
        return error(404, 9016, "no such item");
    };
    if item.source != *source {
        return error(
            403,
            9010,
            "this item was added by another source; only the source may change it",
        );
    }
    let mut body = match tree::parse(text) {
        Ok(b) => b,
        Err(e) => return error(400, 9000, &format!("not well-formed XML: {e}")),
    };
    if body.attr("put-code") != Some(pc) {
        return error(
            400,
            9019,
            "the put-code in the body must be the put-code in the URL",
        );
    }
    if let Some(v) = body.attr("visibility")
        && v != item.visibility
    {
        return error(
            403,
            9035,
            "the visibility cannot be changed through the API",
        );
    }
    if let Err(e) = check_rules(section, &body) {
        return Answer::xml(status_of(&e), &e);
    }
    if let Some(other) = duplicate_of(s, orcid, section, source, &body, Some(item.put_code)) {
        let e = duplicate_error(other);
        return Answer::xml(409, &e);
    }
    if let Err(e) = check_group(s, section, &body) {
        return Answer::xml(status_of(&e), &e);
    }
    normalise_group(&mut body);
    body.remove_attr("put-code");
    body.remove_attr("visibility");
    s.clock += 1;
    let stamp = stamp(s.clock);
    let stored = s
        .records
        .get_mut(orcid)
        .and_then(|r| r.get_mut(&item.put_code))
        .expect("item found above");
    stored.body = body;
    stored.modified = stamp;
    let full = stored.full(orcid);
    Answer::xml(200, &full)
}

fn bulk_create(s: &mut State, orcid: &str, source: &Source, text: &str) -> Answer {
    s.bodies.push(("bulk".to_owned(), text.to_owned()));
    let bulk = match tree::parse(text) {
        Ok(b) if b.local() == "bulk" => b,
        Ok(_) => return error(400, 9000, "expected a bulk"),
        Err(e) => return error(400, 9000, &format!("not well-formed XML: {e}")),
    };
    let works: Vec<El> = bulk.elements().cloned().collect();
    if works.len() > 100 {
        return error(400, 9006, "a bulk holds at most 100 works");
    }
    let mut out = El::new("bulk:bulk");
    out.attrs = vec![
        ("xmlns:bulk".into(), ns("bulk")),
        ("xmlns:work".into(), ns("work")),
        ("xmlns:common".into(), ns("common")),
        ("xmlns:error".into(), ns("error")),
    ];
    for w in works {
        match create(s, orcid, "work", source, w) {
            Ok(pc) => {
                let full = s.records[orcid][&pc].full(orcid);
                out.children.push(Child::El(full));
            }
            Err(e) => out.children.push(Child::El(e)),
        }
    }
    Answer::xml(200, &out)
}

fn bulk_read(s: &State, orcid: &str, list: &str) -> Answer {
    let codes: Vec<&str> = list.split(',').collect();
    if codes.len() > 100 {
        return error(400, 9042, "at most 100 put-codes");
    }
    let mut out = El::new("bulk:bulk");
    out.attrs = vec![
        ("xmlns:bulk".into(), ns("bulk")),
        ("xmlns:work".into(), ns("work")),
        ("xmlns:common".into(), ns("common")),
        ("xmlns:error".into(), ns("error")),
    ];
    for pc in codes {
        match find(s, orcid, "work", pc) {
            Some(w) => out.children.push(Child::El(w.full(orcid))),
            None => out.children.push(Child::El(error_el(
                404,
                9016,
                &format!("no work {pc}"),
                "not found",
            ))),
        }
    }
    Answer::xml(200, &out)
}

fn summaries(s: &State, orcid: &str, section: &str) -> Answer {
    let plural = format!("{section}s");
    let mut root = El::new(&format!("activities:{plural}"));
    root.attrs = vec![
        ("path".into(), format!("/{orcid}/{plural}")),
        ("xmlns:activities".into(), ns("activities")),
        ("xmlns:common".into(), ns("common")),
        (format!("xmlns:{section}"), ns(section)),
    ];
    if section == "peer-review" {
        return peer_review_summaries(s, orcid, root);
    }
    let group_name = if matches!(section, "work" | "funding" | "research-resource") {
        "activities:group"
    } else {
        "activities:affiliation-group"
    };
    // Group items sharing a self identifier, as ORCID does.
    let mut groups: Vec<(Vec<String>, Vec<&Stored>)> = Vec::new();
    if let Some(record) = s.records.get(orcid) {
        for item in record.values().filter(|i| i.section == section) {
            let keys = item.self_keys();
            match groups
                .iter_mut()
                .find(|(k, _)| !keys.is_empty() && k.iter().any(|x| keys.contains(x)))
            {
                Some(g) => {
                    g.0.extend(keys);
                    g.1.push(item);
                }
                None => groups.push((keys, vec![item])),
            }
        }
    }
    for (_, items) in groups {
        let mut g = El::new(group_name);
        g.children.push(Child::El(El::leaf(
            "common:last-modified-date",
            &items
                .iter()
                .map(|i| i.modified.clone())
                .max()
                .unwrap_or_default(),
        )));
        let mut ids = El::new("common:external-ids");
        if let Some(x) = items[0].body.child("external-ids").or_else(|| {
            items[0]
                .body
                .child("proposal")
                .and_then(|p| p.child("external-ids"))
        }) {
            ids.children = x.children.clone();
        }
        g.children.push(Child::El(ids));
        for i in items {
            g.children.push(Child::El(i.summary(orcid)));
        }
        root.children.push(Child::El(g));
    }
    Answer::xml(200, &root)
}

/// `GET /{orcid}/peer-reviews`: an `activities:group` per group id (its external id of type
/// `peer-review`, the group id), in it an `activities:peer-review-group` per review (reviews
/// sharing a `self` identifier), in that the summaries.
fn peer_review_summaries(s: &State, orcid: &str, mut root: El) -> Answer {
    let mut by_group: BTreeMap<String, Vec<&Stored>> = BTreeMap::new();
    if let Some(record) = s.records.get(orcid) {
        for item in record.values().filter(|i| i.section == "peer-review") {
            by_group
                .entry(item.group().unwrap_or_default())
                .or_default()
                .push(item);
        }
    }
    let id_el = |t: &str, v: &str| {
        El::new("common:external-id")
            .with(El::leaf("common:external-id-type", t))
            .with(El::leaf("common:external-id-value", v))
            .with(El::leaf("common:external-id-relationship", "self"))
    };
    let modified = |items: &[&Stored]| {
        items
            .iter()
            .map(|i| i.modified.clone())
            .max()
            .unwrap_or_default()
    };
    for (group, items) in by_group {
        let mut g = El::new("activities:group")
            .with(El::leaf("common:last-modified-date", &modified(&items)))
            .with(El::new("common:external-ids").with(id_el("peer-review", &group)));
        let mut reviews: Vec<(Vec<String>, Vec<&Stored>)> = Vec::new();
        for item in items {
            let keys = item.self_keys();
            match reviews
                .iter_mut()
                .find(|(k, _)| !keys.is_empty() && k.iter().any(|x| keys.contains(x)))
            {
                Some(r) => {
                    r.0.extend(keys);
                    r.1.push(item);
                }
                None => reviews.push((keys, vec![item])),
            }
        }
        for (_, list) in reviews {
            let mut ids = El::new("common:external-ids");
            if let Some(x) = list[0].body.child("review-identifiers") {
                ids.children = x.children.clone();
            }
            let mut r = El::new("activities:peer-review-group")
                .with(El::leaf("common:last-modified-date", &modified(&list)))
                .with(ids);
            for i in list {
                r.children.push(Child::El(i.summary(orcid)));
            }
            g.children.push(Child::El(r));
        }
        root.children.push(Child::El(g));
    }
    Answer::xml(200, &root)
}
