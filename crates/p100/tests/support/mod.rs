//! Shared test helpers: a scripted HTTP server on a raw TCP socket (to control exactly when
//! a connection stalls or closes) and a tracing subscriber that captures log lines.

#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the scripted server does with one request.
#[derive(Clone, Debug)]
pub enum Behavior {
    /// Reads the request, then responds with this status, extra headers and JSON body.
    Respond {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: String,
    },
    /// Reads the request, then keeps the connection open without a response.
    Stall,
    /// Reads the request, then closes the connection without a response.
    Close,
}

impl Behavior {
    pub fn status(status: u16, body: &str) -> Self {
        Self::Respond {
            status,
            headers: Vec::new(),
            body: body.to_string(),
        }
    }
}

/// A loopback HTTP/1.1 server that plays `script` in order (repeating the last behavior) and
/// counts the requests it read completely.
pub struct ScriptedServer {
    pub url: String,
    requests: Arc<AtomicUsize>,
    bodies: Arc<Mutex<Vec<String>>>,
}

impl ScriptedServer {
    pub async fn start(script: Vec<Behavior>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicUsize::new(0));
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(script);

        let counter = requests.clone();
        let seen = bodies.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let counter = counter.clone();
                let seen = seen.clone();
                let script = script.clone();
                tokio::spawn(async move {
                    serve(stream, &script, &counter, &seen).await;
                });
            }
        });
        Self {
            url,
            requests,
            bodies,
        }
    }

    /// Number of requests read completely so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// Returns the raw text (head and body) of every request read so far.
    pub fn raw_requests(&self) -> Vec<String> {
        self.bodies.lock().unwrap().clone()
    }
}

async fn serve(
    mut stream: TcpStream,
    script: &[Behavior],
    counter: &AtomicUsize,
    seen: &Mutex<Vec<String>>,
) {
    loop {
        let Some(request) = read_request(&mut stream).await else {
            return;
        };
        let index = counter.fetch_add(1, Ordering::SeqCst);
        seen.lock().unwrap().push(request);
        let behavior = script[index.min(script.len() - 1)].clone();

        match behavior {
            Behavior::Respond {
                status,
                headers,
                body,
            } => {
                let mut head = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
                    body.len()
                );
                for (name, value) in headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("\r\n");
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                if stream.write_all(body.as_bytes()).await.is_err() {
                    return;
                }
            }
            Behavior::Stall => {
                tokio::time::sleep(Duration::from_secs(30)).await;
                return;
            }
            Behavior::Close => return,
        }
    }
}

/// Reads one HTTP/1.1 request (head and `content-length` body); `None` at end of stream.
async fn read_request(stream: &mut TcpStream) -> Option<String> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(position) = find(&buffer, b"\r\n\r\n") {
            break position + 4;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };

    let head = String::from_utf8_lossy(&buffer[..head_end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    Some(String::from_utf8_lossy(&buffer).into_owned())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Buffer of the capture installed on the current thread, if any.
type Buffer = Arc<Mutex<Vec<u8>>>;

thread_local! {
    static CURRENT: std::cell::RefCell<Option<Buffer>> = const { std::cell::RefCell::new(None) };
}

/// Captures every tracing line (all levels) emitted on this thread while the guard lives.
///
/// One global subscriber is installed per test binary and writes each line to the buffer of
/// the thread that emitted it. A global subscriber, unlike per-thread defaults, keeps
/// tracing's cached callsite interest valid when tests run in parallel.
#[derive(Clone, Default)]
pub struct LogCapture {
    buffer: Buffer,
}

/// Clears the thread's capture when dropped.
pub struct CaptureGuard;

impl Drop for CaptureGuard {
    fn drop(&mut self) {
        CURRENT.with(|current| current.borrow_mut().take());
    }
}

impl LogCapture {
    /// Starts capturing this thread's lines; use with a current-thread runtime so every poll
    /// happens on this thread.
    pub fn install() -> (Self, CaptureGuard) {
        static INIT: std::sync::Once = std::sync::Once::new();
        INIT.call_once(|| {
            let subscriber = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::TRACE)
                .with_ansi(false)
                .with_writer(|| ThreadWriter)
                .finish();
            tracing::subscriber::set_global_default(subscriber).unwrap();
        });
        let capture = Self::default();
        CURRENT.with(|current| *current.borrow_mut() = Some(capture.buffer.clone()));
        (capture, CaptureGuard)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.buffer.lock().unwrap()).into_owned()
    }

    pub fn lines_containing(&self, needle: &str) -> Vec<String> {
        self.text()
            .lines()
            .filter(|line| line.contains(needle))
            .map(str::to_string)
            .collect()
    }
}

/// Writes to the buffer of the current thread's capture, or nowhere.
struct ThreadWriter;

impl std::io::Write for ThreadWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        CURRENT.with(|current| {
            if let Some(buffer) = current.borrow().as_ref() {
                buffer.lock().unwrap().extend_from_slice(bytes);
            }
        });
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Builds a client for `url` with a 500 ms timeout and the given retry policy.
pub fn client(url: &str, policy: p100::RetryPolicy) -> p100::Client {
    p100::Client::builder()
        .base_url(url)
        .api_key("test-key")
        .retry_policy(policy)
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap()
}

/// Retries with 10 ms backoff, 3 attempts.
pub fn fast_retries() -> p100::RetryPolicy {
    p100::RetryPolicy::default()
        .initial_backoff(Duration::from_millis(10))
        .max_backoff(Duration::from_millis(20))
}
