//! `dti-score serve` under load and abuse, on 127.0.0.1 only, bounded in count and time:
//! 600 idle connections, a slowloris client and a 10 MB request line while 100 normal
//! requests succeed; a server at a small open-file limit neither spins nor stays down;
//! the headers the page relies on, precompressed variants by `Accept-Encoding`.
#![cfg(unix)]

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A built page folder, made up for the test: index.html, a wasm file with its `.gz`
/// and `.br` variants (their bytes only need to differ), a service worker.
fn site(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dti-serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>DTI</title>\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("sw.js"),
        "self.addEventListener('fetch', () => {});\n",
    )
    .unwrap();
    std::fs::write(dir.join("pkg/e.wasm"), b"\0asm\x01\0\0\0plain").unwrap();
    std::fs::write(dir.join("pkg/e.wasm.gz"), b"gzip-bytes").unwrap();
    std::fs::write(dir.join("pkg/e.wasm.br"), b"br").unwrap();
    dir
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the server with its soft open-file limit set to `nofile`.
fn start(dir: &Path, nofile: u64, extra: &[&str]) -> Server {
    let port = free_port();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dti-score"));
    cmd.arg("serve")
        .arg(dir)
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // SAFETY: setrlimit is async-signal-safe; it runs in the child before exec.
    unsafe {
        cmd.pre_exec(move || {
            let mut rl = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl);
            rl.rlim_cur = nofile.min(rl.rlim_max);
            libc::setrlimit(libc::RLIMIT_NOFILE, &rl);
            Ok(())
        });
    }
    let child = cmd.spawn().expect("the binary runs");
    let server = Server { child, port };
    let t0 = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    server
}

/// Raises this test process's own soft open-file limit (it holds 600+ sockets).
fn raise_own_limit(want: u64) {
    let mut rl = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain libc calls on a local struct.
    unsafe {
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl);
        rl.rlim_cur = rl.rlim_cur.max(want.min(rl.rlim_max));
        libc::setrlimit(libc::RLIMIT_NOFILE, &rl);
    }
    assert!(
        rl.rlim_cur >= want,
        "need {want} open files, hard limit {}",
        rl.rlim_max
    );
}

/// One request on a fresh connection; the whole response as text (lossy).
fn get(port: u16, path: &str, headers: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    String::from_utf8_lossy(&out).into_owned()
}

fn status(response: &str) -> &str {
    response.lines().next().unwrap_or("")
}

fn header<'a>(response: &'a str, name: &str) -> Option<&'a str> {
    let head = response.split("\r\n\r\n").next()?;
    head.lines().skip(1).find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

fn body(response: &str) -> &str {
    response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b)
        .unwrap_or("")
}

/// The server's resident memory in KiB (/proc).
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// The server's CPU time (user + system) in clock ticks (/proc).
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after.split(' ').collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

#[test]
fn survives_idle_sockets_slowloris_and_a_huge_request_line() {
    raise_own_limit(2048);
    let dir = site("load");
    // The server runs at the open-file limit where the old one fell over (1024).
    let server = start(
        &dir,
        1024,
        &["--header-timeout", "4", "--idle-timeout", "60"],
    );
    let port = server.port;
    let pid = server.child.id();
    let rss_before = rss_kib(pid);

    // 600 idle connections, held for the whole test.
    let idle: Vec<TcpStream> = (0..600)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();

    // A slowloris client: one header byte every 300 ms, never finishing its head.
    let slowloris = std::thread::spawn(move || {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let t0 = Instant::now();
        let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
        let mut sent = 0;
        while t0.elapsed() < Duration::from_secs(15) {
            if s.write_all(b"a").is_err() {
                break;
            }
            sent += 1;
            std::thread::sleep(Duration::from_millis(300));
            // Closed by the server: a read returns 0 (or an error).
            s.set_nonblocking(true).unwrap();
            let mut b = [0u8; 512];
            let closed = matches!(s.read(&mut b), Ok(0))
                || matches!(s.read(&mut b), Err(ref e) if e.kind() != std::io::ErrorKind::WouldBlock);
            s.set_nonblocking(false).unwrap();
            if closed {
                break;
            }
        }
        (t0.elapsed(), sent)
    });

    // A 10 MB request line with no newline.
    let huge = std::thread::spawn(move || {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut written = 0usize;
        let chunk = vec![b'a'; 64 * 1024];
        let _ = s.write_all(b"GET /");
        while written < 10 * 1024 * 1024 {
            match s.write(&chunk) {
                Ok(n) => written += n,
                Err(_) => break,
            }
        }
        let _ = s.shutdown(Shutdown::Write);
        let mut answer = Vec::new();
        let _ = s.read_to_end(&mut answer);
        (written, String::from_utf8_lossy(&answer).into_owned())
    });

    // 100 normal requests, 10 clients at a time, while all of the above goes on.
    let t0 = Instant::now();
    let clients: Vec<_> = (0..10)
        .map(|_| {
            std::thread::spawn(move || {
                (0..10)
                    .map(|_| {
                        let t = Instant::now();
                        let r = get(port, "/", "");
                        (status(&r).to_string(), body(&r).to_string(), t.elapsed())
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for c in clients {
        for (status, body, elapsed) in c.join().unwrap() {
            assert_eq!(status, "HTTP/1.1 200 OK");
            assert_eq!(body, "<!doctype html><title>DTI</title>\n");
            latencies.push(elapsed);
        }
    }
    let all = t0.elapsed();
    // The idle connections were still open on the server's side throughout (an
    // unfinished head is cut at 4 s, the test's header timeout).
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count();
    assert!(
        all > Duration::from_secs(4) || fds > 600,
        "{fds} descriptors open after {all:?}"
    );
    assert_eq!(latencies.len(), 100);
    latencies.sort();

    let (written, answer) = huge.join().unwrap();
    assert!(
        answer.is_empty() || status(&answer) == "HTTP/1.1 431 Request Header Fields Too Large",
        "{answer}"
    );
    let (slow_held, slow_bytes) = slowloris.join().unwrap();
    // Closed at the 4 s head deadline (plus a poll interval), not held for 15 s.
    assert!(
        slow_held < Duration::from_secs(7),
        "slowloris held {slow_held:?}"
    );

    // Still serving with the idle sockets open, and the 10 MB line did not grow it.
    let r = get(port, "/", "");
    assert_eq!(status(&r), "HTTP/1.1 200 OK");
    let rss_after = rss_kib(pid);
    assert!(
        rss_after < rss_before + 32 * 1024,
        "rss {rss_before} KiB -> {rss_after} KiB"
    );
    drop(idle);
    eprintln!(
        "serve load: 600 idle + slowloris + 10 MB line ({written} bytes sent before the server closed); \
         100 requests in {all:?} ({fds} descriptors open), median {:?}, max {:?}; slowloris cut after {slow_held:?} ({slow_bytes} bytes); \
         RSS {rss_before} -> {rss_after} KiB",
        latencies[49], latencies[99]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn at_a_small_open_file_limit_it_waits_without_spinning_and_recovers() {
    raise_own_limit(1024);
    let dir = site("fdlimit");
    // 128 files: at most 64 connections; 200 idle ones fill it, the rest wait in the
    // backlog; idle ones are closed after 2 s and the server serves again.
    let server = start(&dir, 128, &["--idle-timeout", "2", "--header-timeout", "2"]);
    let port = server.port;
    let pid = server.child.id();
    let idle: Vec<TcpStream> = (0..200)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    let cpu0 = cpu_ticks(pid);
    std::thread::sleep(Duration::from_millis(1500));
    let spent = cpu_ticks(pid) - cpu0;
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as u64;
    // A spinning accept loop burns ~1.5 s of CPU here; allow 0.2 s.
    assert!(spent * 5 < hz, "{spent} ticks of CPU in 1.5 s at the cap");
    let t0 = Instant::now();
    let r = get(port, "/", "");
    assert_eq!(status(&r), "HTTP/1.1 200 OK");
    assert!(t0.elapsed() < Duration::from_secs(15));
    drop(idle);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sends_the_headers_the_page_relies_on_and_precompressed_variants() {
    let dir = site("headers");
    let server = start(
        &dir,
        1024,
        &["--frame-ancestors", "'self' https://portal.example.gov.vn"],
    );
    let port = server.port;

    let r = get(port, "/", "");
    assert_eq!(status(&r), "HTTP/1.1 200 OK");
    assert_eq!(header(&r, "content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(header(&r, "cache-control"), Some("no-cache"));
    assert_eq!(header(&r, "x-content-type-options"), Some("nosniff"));
    assert_eq!(
        header(&r, "content-security-policy"),
        Some("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self' https://portal.example.gov.vn")
    );

    // No Accept-Encoding: the file as is, with the wasm MIME type.
    let plain = get(port, "/pkg/e.wasm", "");
    assert_eq!(header(&plain, "content-type"), Some("application/wasm"));
    assert_eq!(header(&plain, "content-encoding"), None);
    assert_eq!(header(&plain, "vary"), Some("Accept-Encoding"));
    assert_eq!(body(&plain), "\0asm\u{1}\0\0\0plain");
    // gzip only, brotli preferred, brotli refused by q=0.
    let gz = get(port, "/pkg/e.wasm", "Accept-Encoding: gzip\r\n");
    assert_eq!(header(&gz, "content-encoding"), Some("gzip"));
    assert_eq!(header(&gz, "content-type"), Some("application/wasm"));
    assert_eq!(body(&gz), "gzip-bytes");
    let br = get(
        port,
        "/pkg/e.wasm",
        "Accept-Encoding: gzip, deflate, br\r\n",
    );
    assert_eq!(header(&br, "content-encoding"), Some("br"));
    assert_eq!(body(&br), "br");
    let no_br = get(
        port,
        "/pkg/e.wasm",
        "Accept-Encoding: br;q=0, gzip;q=0.5\r\n",
    );
    assert_eq!(header(&no_br, "content-encoding"), Some("gzip"));
    // Each variant its own ETag; revalidation answers 304.
    let tag_plain = header(&plain, "etag").unwrap().to_string();
    let tag_br = header(&br, "etag").unwrap().to_string();
    assert_ne!(tag_plain, tag_br);
    let again = get(
        port,
        "/pkg/e.wasm",
        &format!("Accept-Encoding: br\r\nIf-None-Match: {tag_br}\r\n"),
    );
    assert_eq!(status(&again), "HTTP/1.1 304 Not Modified");
    assert_eq!(body(&again), "");
    let again = get(port, "/pkg/e.wasm", &format!("If-None-Match: {tag_br}\r\n"));
    assert_eq!(status(&again), "HTTP/1.1 200 OK");

    // A file changed after its variants were written is sent as it is now, not as
    // its stale variant (tests/e2e/offline.test.mjs re-stamps sw.js in place).
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(dir.join("pkg/e.wasm"), b"\0asm\x01\0\0\0new").unwrap();
    let fresh = get(port, "/pkg/e.wasm", "Accept-Encoding: gzip, br\r\n");
    assert_eq!(header(&fresh, "content-encoding"), None);
    assert_eq!(body(&fresh), "\0asm\u{1}\0\0\0new");

    // Outside the folder, missing files, other methods.
    assert_eq!(
        status(&get(port, "/../etc/passwd", "")),
        "HTTP/1.1 404 Not Found"
    );
    assert_eq!(
        status(&get(port, "/%2e%2e/etc/passwd", "")),
        "HTTP/1.1 404 Not Found"
    );
    assert_eq!(status(&get(port, "/nope.js", "")), "HTTP/1.1 404 Not Found");
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    assert_eq!(status(&out), "HTTP/1.1 405 Method Not Allowed");
    assert_eq!(header(&out, "allow"), Some("GET, HEAD"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn refuses_a_frame_ancestors_value_that_could_break_the_header() {
    let dir = site("badframe");
    let out = Command::new(env!("CARGO_BIN_EXE_dti-score"))
        .arg("serve")
        .arg(&dir)
        .args(["--port", "0", "--frame-ancestors", "'self'; script-src *"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "dti-score: --frame-ancestors \"'self'; script-src *\": expected CSP sources separated by spaces, such as \"'self' https://portal.example.gov.vn\" (no ';', ',' or control characters) / cần các nguồn CSP cách nhau bằng dấu cách\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
