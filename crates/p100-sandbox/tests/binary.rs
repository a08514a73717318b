//! The `p100-sandbox` binary: its help shows every default, its start line names the URL and
//! whether the key is the default one, and it logs a stop line after SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

const BINARY: &str = env!("CARGO_BIN_EXE_p100-sandbox");

/// Maximum wait for one expected log line.
const LINE_TIMEOUT: Duration = Duration::from_secs(20);

#[test]
fn help_shows_default_key() {
    let output = Command::new(BINARY).arg("--help").output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success());
    assert!(help.contains("[default: sandbox-key]"), "{help}");
    assert!(help.contains("[default: 127.0.0.1:8100]"), "{help}");
}

/// A started binary and the lines of its stderr.
struct Running {
    child: Child,
    lines: Receiver<String>,
}

impl Running {
    fn start(extra_args: &[&str]) -> Self {
        let mut child = Command::new(BINARY)
            .args(["--listen", "127.0.0.1:0"])
            .args(extra_args)
            .env("RUST_LOG", "info")
            .env_remove("P100_SANDBOX_API_KEY")
            .env_remove("P100_SANDBOX_LISTEN")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Self { child, lines }
    }

    /// Returns the first line that contains `needle`, failing after `LINE_TIMEOUT`.
    fn line_with(&self, needle: &str) -> String {
        loop {
            match self.lines.recv_timeout(LINE_TIMEOUT) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(error) => panic!("no log line with {needle:?}: {error}"),
            }
        }
    }

    fn terminate(&mut self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Returns the value of `key=` in a log line, up to the next space.
fn field<'a>(line: &'a str, key: &str) -> &'a str {
    let start = line
        .find(&format!("{key}="))
        .unwrap_or_else(|| panic!("no {key} in {line}"))
        + key.len()
        + 1;
    line[start..].split(' ').next().unwrap().trim_matches('"')
}

/// Sends one GET request with the default key and returns the status line.
fn get_status_line(url: &str, path: &str) -> String {
    let address = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(LINE_TIMEOUT)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nx-api-key: sandbox-key\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response.lines().next().unwrap_or_default().to_string()
}

#[cfg(unix)]
#[test]
fn sigterm_logs_stop_line() {
    let mut sandbox = Running::start(&[]);
    let started = sandbox.line_with("sandbox started");
    assert!(started.contains("default (sandbox-key)"), "{started}");
    let url = field(&started, "url").to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{started}");

    let status = get_status_line(&url, "/v1/partner/balances");
    assert!(status.contains("200"), "{status}");
    let request = sandbox.line_with("path=/v1/partner/balances");
    assert!(
        field(&request, "elapsed_us").parse::<u64>().is_ok(),
        "{request}"
    );

    sandbox.terminate();
    let stopped = sandbox.line_with("sandbox stopped");
    assert_eq!(field(&stopped, "requests"), "1", "{stopped}");
    assert!(
        field(&stopped, "uptime_ms").parse::<u64>().is_ok(),
        "{stopped}"
    );
    let exit = sandbox.child.wait().unwrap();
    assert!(exit.success(), "{exit}");
}

#[cfg(unix)]
#[test]
fn custom_key_is_not_logged() {
    let mut sandbox = Running::start(&["--api-key", "custom-key-not-for-logs"]);
    let started = sandbox.line_with("sandbox started");
    assert!(!started.contains("custom-key-not-for-logs"), "{started}");
    assert!(started.contains("custom (not logged)"), "{started}");
    sandbox.terminate();
    sandbox.line_with("sandbox stopped");
}
