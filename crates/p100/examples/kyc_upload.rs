//! Uploads two identity document files for one user (KYC Method A).
//!
//! ```text
//! P100_API_KEY=... cargo run -p p100 --example kyc_upload -- <external-user-id> <front.jpg> <back.jpg>
//! ```
//!
//! The client reads `P100_API_KEY`, `P100_ENVIRONMENT` and `P100_BASE_URL` (point the last one
//! at a local sandbox to try it without credentials). Files must be JPEG, PNG or PDF, at most
//! 5 MiB each; the SDK checks this before sending anything.

use std::io::{self, Write};
use std::process::ExitCode;

use p100::upload::{UploadFile, UploadOutcome};

/// Failure of the example: an error of a P100 call or of writing to stdout.
#[derive(Debug)]
enum Failure {
    P100(p100::Error),
    Output(io::Error),
}

impl From<p100::Error> for Failure {
    fn from(error: p100::Error) -> Self {
        Self::P100(error)
    }
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Self::Output(error)
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [user, front, back] = args.as_slice() else {
        eprintln!("usage: kyc_upload <external-user-id> <front-file> <back-file>");
        return ExitCode::from(2);
    };

    match upload(user, front, back).await {
        Ok(()) => ExitCode::SUCCESS,
        // The reader closed the pipe (`| head -1`), so the rest of the output is dropped.
        Err(Failure::Output(error)) if error.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(Failure::Output(error)) => {
            eprintln!("writing to stdout failed: {error}");
            ExitCode::FAILURE
        }
        Err(Failure::P100(error)) => {
            eprintln!("KYC upload failed: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn upload(user: &str, front: &str, back: &str) -> Result<(), Failure> {
    let client = p100::Client::from_env()?;
    let mut out = io::stdout().lock();
    let files = vec![
        UploadFile::from_path(front).await?,
        UploadFile::from_path(back).await?,
    ];
    for file in &files {
        writeln!(
            out,
            "uploading {} ({}, {} bytes)",
            file.name(),
            file.content_type(),
            file.bytes().len()
        )?;
    }
    out.flush()?;

    match client.kyc().add_kyc_files(user, files).await? {
        UploadOutcome::Accepted { status, .. } => writeln!(
            out,
            "accepted with HTTP {status}; the KYC File Added webhook reports the result"
        )?,
        UploadOutcome::Pending { message, .. } => writeln!(
            out,
            "a check is already running: {}",
            message.unwrap_or_default()
        )?,
        other => writeln!(out, "finished: {other:?}")?,
    }
    out.flush()?;
    Ok(())
}
