//! Errors of the `p100` command and the exit code of each kind.
//!
//! `main` prints every error as one line, `error: <what failed>: <why>; <what to do>`, on
//! stderr. Scripts can branch on the exit code without parsing that line.

use std::path::PathBuf;

/// Exit code when the arguments are invalid (clap also uses 2).
pub const EXIT_USAGE: u8 = 2;
/// Exit code when the configuration is missing or invalid, or the demo must not run.
pub const EXIT_CONFIG: u8 = 3;
/// Exit code when the P100 API returned an error response.
pub const EXIT_API: u8 = 4;
/// Exit code when the server could not be reached or did not respond in time.
pub const EXIT_NETWORK: u8 = 5;
/// Exit code for every other failure: local files, a failed demo step, a timeout.
pub const EXIT_FAILURE: u8 = 1;

/// Everything that makes a `p100` command fail.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The command line is invalid beyond what clap checks.
    #[error("{0}")]
    Usage(String),

    /// Configuration is missing or invalid; the message names the variable or flag to set.
    #[error("{0}")]
    Config(String),

    /// The P100 API rejected a call.
    #[error("{operation} failed: {detail}")]
    Api {
        /// The attempted operation, e.g. `get user balances`.
        operation: String,
        /// Status, error code, name and message from the server, on one line.
        detail: String,
    },

    /// The server could not be reached or did not respond in time.
    #[error("{operation} failed: {detail}")]
    Network {
        /// The attempted operation.
        operation: String,
        /// The transport error and what to check.
        detail: String,
    },

    /// A local file could not be read.
    #[error("cannot read {}: {source}; check the path and its permissions", path.display())]
    ReadFile {
        /// The file named on the command line.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },

    /// A step of the demo or a wait failed.
    #[error("{0}")]
    Failed(String),

    /// A bug or an unexpected state inside the CLI.
    #[error("{0}")]
    Internal(String),
}

impl CliError {
    /// Returns the process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => EXIT_USAGE,
            CliError::Config(_) => EXIT_CONFIG,
            CliError::Api { .. } => EXIT_API,
            CliError::Network { .. } => EXIT_NETWORK,
            CliError::ReadFile { .. } | CliError::Failed(_) | CliError::Internal(_) => EXIT_FAILURE,
        }
    }

    /// Returns the message as a single line, whatever the server or OS put in it.
    pub fn one_line(&self) -> String {
        single_line(&self.to_string())
    }
}

/// Joins the lines of `text` with spaces and squeezes runs of whitespace.
pub fn single_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_become_one_line() {
        let error = CliError::Api {
            operation: String::from("get user balances"),
            detail: String::from("HTTP 404\nP460 user-not-found:\r\n  no such user"),
        };
        assert_eq!(
            error.one_line(),
            "get user balances failed: HTTP 404 P460 user-not-found: no such user"
        );
        assert_eq!(error.exit_code(), EXIT_API);
    }

    #[test]
    fn exit_codes_differ_by_kind() {
        assert_eq!(CliError::Config(String::new()).exit_code(), EXIT_CONFIG);
        assert_eq!(CliError::Usage(String::new()).exit_code(), EXIT_USAGE);
        assert_ne!(EXIT_CONFIG, EXIT_API);
        assert_ne!(EXIT_API, EXIT_NETWORK);
    }
}
