//! Uploads two identity document files for one user (KYC Method A).
//!
//! ```text
//! P100_API_KEY=... cargo run -p p100 --example kyc_upload -- <external-user-id> <front.jpg> <back.jpg>
//! ```
//!
//! The client reads `P100_API_KEY`, `P100_ENVIRONMENT` and `P100_BASE_URL` (point the last one
//! at a local sandbox to try it without credentials). Files must be JPEG, PNG or PDF, at most
//! 5 MiB each; the SDK checks this before sending anything.

use std::process::ExitCode;

use p100::upload::{UploadFile, UploadOutcome};

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [user, front, back] = args.as_slice() else {
        eprintln!("usage: kyc_upload <external-user-id> <front-file> <back-file>");
        return ExitCode::from(2);
    };

    match upload(user, front, back).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("KYC upload failed: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn upload(user: &str, front: &str, back: &str) -> p100::Result<()> {
    let client = p100::Client::from_env()?;
    let files = vec![
        UploadFile::from_path(front).await?,
        UploadFile::from_path(back).await?,
    ];
    for file in &files {
        println!(
            "uploading {} ({}, {} bytes)",
            file.name(),
            file.content_type(),
            file.bytes().len()
        );
    }

    match client.kyc().add_kyc_files(user, files).await? {
        UploadOutcome::Accepted { status, .. } => {
            println!("accepted with HTTP {status}; the KYC File Added webhook reports the result");
        }
        UploadOutcome::Pending { message, .. } => {
            println!(
                "a check is already running: {}",
                message.unwrap_or_default()
            );
        }
        other => println!("finished: {other:?}"),
    }
    Ok(())
}
