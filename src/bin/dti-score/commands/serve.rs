//! `serve`: the self-assessment page (a built `dist/` folder) over HTTP for a commune
//! office's LAN — correct MIME types (`application/wasm`), revalidating cache headers
//! (`ETag`, `Cache-Control: no-cache`), a strict Content-Security-Policy, and the
//! precompressed `.br`/`.gz` files `scripts/build-web.sh` writes, chosen by
//! `Accept-Encoding`.
//!
//! **Why hyper.** The HTTP/1 parsing and connection handling are hyper's (the tokio
//! project's HTTP implementation, under axum, reqwest and most of the Rust ecosystem,
//! maintained and fuzzed): a bounded read buffer (so a request line or header block
//! larger than [`MAX_HEAD_BYTES`] is answered `431` and dropped instead of growing the
//! process), a cap on the number of headers, and a deadline for a request's head (the
//! slowloris defence). axum and tower-http's `ServeDir` were weighed and left out:
//! this server answers `GET`/`HEAD` of files in one folder, so a router brings nothing,
//! and `ServeDir` revalidates by `Last-Modified` only and guesses MIME types through
//! `mime_guess` without the `charset` the page's files are sent with; the forty lines
//! below that map a path to a file and pick its precompressed variant keep the headers
//! the page was tested with, for three crates fewer. What hyper does not do is done
//! here: an idle timeout on every connection ([`Idle`]), a cap on concurrent
//! connections below the open-file limit (a semaphore the accept loop waits on, so
//! further clients wait in the kernel's backlog, not in memory), and a pause, not a
//! spin, when `accept` fails for want of file descriptors.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, UNIX_EPOCH};

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::{sleep, Instant, Sleep};

use crate::Failure;

/// The arguments of `dti-score serve`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The folder to serve.
    #[arg(default_value = "dist")]
    pub dir: PathBuf,
    /// The port.
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The address to listen on (0.0.0.0 for the office LAN).
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Who may show the page in a frame: CSP `frame-ancestors` sources, such as
    /// "'self' https://portal.example.gov.vn".
    #[arg(long, default_value = "'self'")]
    pub frame_ancestors: String,
    /// The most connections open at once (lowered to fit the open-file limit).
    #[arg(long, default_value_t = 1024)]
    pub max_connections: usize,
    /// Seconds a client has to send a request's line and headers.
    #[arg(long, default_value_t = 10)]
    pub header_timeout: u64,
    /// Seconds a connection may stay open without sending or receiving a byte.
    #[arg(long, default_value_t = 30)]
    pub idle_timeout: u64,
}

pub(crate) fn exec(args: &Args) -> Result<ExitCode, Failure> {
    serve(Options {
        dir: args.dir.clone(),
        host: args.host.clone(),
        port: args.port,
        frame_ancestors: args.frame_ancestors.clone(),
        max_connections: args.max_connections,
        header_timeout: args.header_timeout,
        idle_timeout: args.idle_timeout,
    })
}

/// The largest request head (request line and headers) read: a browser's request is
/// well under 2 KB; hyper answers `431 Request Header Fields Too Large` beyond this.
pub(crate) const MAX_HEAD_BYTES: usize = 16 * 1024;
/// The most headers a request may carry.
const MAX_HEADERS: usize = 64;
/// File descriptors kept back from the connection cap: the listener, the files being
/// read, standard streams, the runtime's own.
const FD_RESERVE: u64 = 64;

/// How the server is run (the `serve` subcommand's options).
pub(crate) struct Options {
    /// The folder served.
    pub dir: PathBuf,
    /// The address listened on.
    pub host: String,
    /// The port.
    pub port: u16,
    /// The sources allowed to frame the page (CSP `frame-ancestors`).
    pub frame_ancestors: String,
    /// The most connections open at once (lowered to fit the open-file limit).
    pub max_connections: usize,
    /// Seconds a client has to send a request's head.
    pub header_timeout: u64,
    /// Seconds a connection may stay without reading or writing a byte.
    pub idle_timeout: u64,
}

/// The policy the page is built to run under (`www/csp.txt`, which scripts/build-web.sh
/// also writes into the pages' `<meta http-equiv>`), with the framing sources given.
pub(crate) fn csp(frame_ancestors: &str) -> String {
    let policy = include_str!("../../../../www/csp.txt").trim();
    format!("{policy}; frame-ancestors {frame_ancestors}")
}

/// Checks a `--frame-ancestors` value: space-separated CSP sources, nothing that could
/// end the directive (`;`, `,`) or the header (control characters).
pub(crate) fn check_frame_ancestors(value: &str) -> Result<(), Failure> {
    let bad = value
        .chars()
        .find(|c| *c == ';' || *c == ',' || c.is_control() || !c.is_ascii());
    if value.trim().is_empty() || bad.is_some() {
        return Err(Failure(format!(
            "--frame-ancestors {value:?}: expected CSP sources separated by spaces, such as \
             \"'self' https://portal.example.gov.vn\" (no ';', ',' or control characters) / \
             cần các nguồn CSP cách nhau bằng dấu cách"
        )));
    }
    Ok(())
}

struct Site {
    root: PathBuf,
    csp: HeaderValue,
}

pub(crate) fn serve(options: Options) -> Result<ExitCode, Failure> {
    let dir = &options.dir;
    if !dir.join("index.html").is_file() {
        return Err(Failure(format!(
            "{} has no index.html (build the page first: scripts/build-web.sh)",
            dir.display()
        )));
    }
    check_frame_ancestors(&options.frame_ancestors)?;
    let site = Arc::new(Site {
        root: dir.canonicalize()?,
        csp: HeaderValue::from_str(&csp(options.frame_ancestors.trim()))
            .map_err(|e| Failure(format!("--frame-ancestors: {e}")))?,
    });
    let limit = open_file_limit();
    let cap = options
        .max_connections
        .min(usize::try_from(limit.saturating_sub(FD_RESERVE)).unwrap_or(usize::MAX))
        .max(1);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = TcpListener::bind((options.host.as_str(), options.port))
            .await
            .map_err(|e| Failure(format!("cannot listen on {}:{}: {e}", options.host, options.port)))?;
        println!(
            "dti-score: serving {} at http://{}:{}/ (at most {cap} connections, open-file limit {limit}; Ctrl+C to stop)",
            site.root.display(),
            options.host,
            options.port
        );
        accept_loop(
            listener,
            site,
            cap,
            Duration::from_secs(options.header_timeout.max(1)),
            Duration::from_secs(options.idle_timeout.max(1)),
        )
        .await;
        Ok(ExitCode::SUCCESS)
    })
}

/// The soft `RLIMIT_NOFILE`.
fn open_file_limit() -> u64 {
    let mut rl = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct given; no other effect.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl) } == 0 {
        rl.rlim_cur
    } else {
        1024
    }
}

async fn accept_loop(
    listener: TcpListener,
    site: Arc<Site>,
    cap: usize,
    header_timeout: Duration,
    idle_timeout: Duration,
) {
    let slots = Arc::new(Semaphore::new(cap));
    let mut last_warning: Option<Instant> = None;
    loop {
        // At the cap, wait for a connection to end: the next clients wait in the
        // kernel's listen backlog, costing the process nothing.
        let Ok(slot) = slots.clone().acquire_owned().await else {
            return;
        };
        let (stream, _peer): (TcpStream, SocketAddr) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of descriptors (EMFILE/ENFILE) or kernel memory: the pending
                // connection stays in the backlog and accept would fail again at
                // once; pause instead of spinning, and say so at most every 10 s.
                let exhausted = matches!(
                    e.raw_os_error(),
                    Some(libc::EMFILE | libc::ENFILE | libc::ENOBUFS | libc::ENOMEM)
                );
                if exhausted {
                    if last_warning.is_none_or(|t| t.elapsed() > Duration::from_secs(10)) {
                        eprintln!("dti-score serve: cannot accept a connection ({e}); pausing");
                        last_warning = Some(Instant::now());
                    }
                    sleep(Duration::from_millis(100)).await;
                }
                // Other errors (a client that reset before being accepted) concern
                // that one connection only.
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let site = site.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let io = TokioIo::new(Idle::new(stream, idle_timeout));
            let service = hyper::service::service_fn(move |req| {
                let site = site.clone();
                async move { Ok::<_, std::convert::Infallible>(respond(&site, req).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .max_buf_size(MAX_HEAD_BYTES)
                .max_headers(MAX_HEADERS)
                .serve_connection(io, service)
                .await;
        });
    }
}

/// A connection that fails with `TimedOut` once it has neither read nor written a
/// byte for `timeout`: idle keep-alive connections and stalled clients are closed.
struct Idle {
    inner: TcpStream,
    timeout: Duration,
    deadline: Pin<Box<Sleep>>,
}

impl Idle {
    fn new(inner: TcpStream, timeout: Duration) -> Self {
        Idle {
            inner,
            timeout,
            deadline: Box::pin(sleep(timeout)),
        }
    }

    fn progress(&mut self) {
        let next = Instant::now() + self.timeout;
        self.deadline.as_mut().reset(next);
    }

    fn expired(&mut self, cx: &mut Context<'_>) -> bool {
        self.deadline.as_mut().poll(cx).is_ready()
    }
}

fn timed_out() -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, "connection idle")
}

impl AsyncRead for Idle {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(result) => {
                if buf.filled().len() > before {
                    this.progress();
                }
                Poll::Ready(result)
            }
            Poll::Pending if this.expired(cx) => Poll::Ready(Err(timed_out())),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncWrite for Idle {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_write(cx, data) {
            Poll::Ready(result) => {
                if matches!(result, Ok(n) if n > 0) {
                    this.progress();
                }
                Poll::Ready(result)
            }
            Poll::Pending if this.expired(cx) => Poll::Ready(Err(timed_out())),
            Poll::Pending => Poll::Pending,
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

/// The encodings a precompressed variant may have, best first.
const ENCODINGS: [(&str, &str); 2] = [("br", "br"), ("gzip", "gz")];

async fn respond(site: &Site, req: Request<Incoming>) -> Response<Full<Bytes>> {
    let head = req.method() == Method::HEAD;
    if req.method() != Method::GET && !head {
        let mut r = plain(site, StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let Some(path) = resolve(&site.root, req.uri().path()) else {
        return plain(site, StatusCode::NOT_FOUND, "not found\n");
    };
    let accept = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // The precompressed variant the client accepts, if the build wrote one and the
    // file has not changed since (a file edited in place, such as a re-stamped service
    // worker, must not be shadowed by its stale variant).
    let original = tokio::fs::metadata(&path)
        .await
        .ok()
        .and_then(|m| m.modified().ok());
    let mut chosen = None;
    for (coding, ext) in ENCODINGS {
        if accepts(accept, coding) {
            let mut variant = path.clone().into_os_string();
            variant.push(".");
            variant.push(ext);
            let variant = PathBuf::from(variant);
            let fresh = tokio::fs::metadata(&variant).await.is_ok_and(|m| {
                m.is_file() && matches!((m.modified(), original), (Ok(v), Some(o)) if v >= o)
            });
            if fresh {
                chosen = Some((coding, ext, variant));
                break;
            }
        }
    }
    let (file, coding) = match &chosen {
        Some((coding, ext, variant)) => (variant.as_path(), Some((*coding, *ext))),
        None => (path.as_path(), None),
    };
    let Ok(meta) = tokio::fs::metadata(file).await else {
        return plain(site, StatusCode::NOT_FOUND, "not found\n");
    };
    let etag = etag(&meta, coding.map(|(_, ext)| ext));
    let mut builder = Response::builder()
        .header(header::ETAG, &etag)
        .header(header::CACHE_CONTROL, "no-cache")
        .header(header::VARY, "Accept-Encoding");
    if let Some((coding, _)) = coding {
        builder = builder.header(header::CONTENT_ENCODING, coding);
    }
    let revalidated = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if revalidated {
        return with_security(site, builder.status(StatusCode::NOT_MODIFIED))
            .body(Full::new(Bytes::new()))
            .unwrap_or_else(|_| internal());
    }
    let body = if head {
        Bytes::new()
    } else {
        match tokio::fs::read(file).await {
            Ok(b) => Bytes::from(b),
            Err(_) => return plain(site, StatusCode::NOT_FOUND, "not found\n"),
        }
    };
    builder = builder
        .header(header::CONTENT_TYPE, mime(&path))
        .header(header::CONTENT_LENGTH, meta.len());
    with_security(site, builder.status(StatusCode::OK))
        .body(Full::new(body))
        .unwrap_or_else(|_| internal())
}

/// Whether `Accept-Encoding` allows `coding` (listed, or `*`, with a q-value above 0).
fn accepts(accept: &str, coding: &str) -> bool {
    let mut star = false;
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim();
        let refused = parts.any(|p| {
            p.trim()
                .strip_prefix("q=")
                .is_some_and(|q| q.trim().trim_end_matches(['0', '.']).is_empty())
        });
        if name.eq_ignore_ascii_case(coding) {
            return !refused;
        }
        if name == "*" {
            star = !refused;
        }
    }
    star
}

fn with_security(site: &Site, b: hyper::http::response::Builder) -> hyper::http::response::Builder {
    b.header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::CONTENT_SECURITY_POLICY, site.csp.clone())
}

fn plain(site: &Site, status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    with_security(site, Response::builder().status(status))
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-cache")
        .body(Full::new(Bytes::from_static(text.as_bytes())))
        .unwrap_or_else(|_| internal())
}

fn internal() -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from_static(b"internal error\n")));
    *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    r
}

/// Maps a request path to a file under the root; `None` for anything outside it.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let decoded = percent_decode(target)?;
    let mut out = root.to_path_buf();
    for comp in Path::new(decoded.trim_start_matches('/')).components() {
        match comp {
            Component::Normal(c) => out.push(c),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    let canonical = out.canonicalize().ok()?;
    (canonical.starts_with(root) && canonical.is_file()).then_some(canonical)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A validator from the file's length and modification time, and its encoding (each
/// variant of a resource has its own `ETag`).
fn etag(meta: &std::fs::Metadata, encoding: Option<&str>) -> String {
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    match encoding {
        Some(e) => format!("\"{:x}-{mtime:x}-{e}\"", meta.len()),
        None => format!("\"{:x}-{mtime:x}\"", meta.len()),
    }
}

pub(crate) fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "webmanifest" => "application/manifest+json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
