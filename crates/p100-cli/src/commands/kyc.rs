//! `p100 kyc`: KYC and proof-of-address uploads, KYC verifications done by P100 and their status.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use p100::enums::{DocumentType, IncomeSource, Occupation, OpenAccountReason};
use p100::types::{CountryCode, KycVerificationRequest};
use p100::upload::{UploadFile, UploadKind, UploadOutcome};
use serde::Serialize;

use super::{Context, api_error};
use crate::error::CliError;
use crate::progress::Progress;

/// KYC subcommands.
#[derive(Debug, Subcommand)]
pub enum KycCommand {
    /// Upload identity document images (1 to 3 JPEG, PNG or PDF files, 5 MiB each).
    UploadKyc(UploadArgs),
    /// Upload proof-of-address documents (1 to 3 JPEG, PNG or PDF files, 5 MiB each).
    UploadPoa(UploadArgs),
    /// Start a KYC verification done by P100 (the user then follows a browser link).
    Verify(VerificationArgs),
    /// Show the KYC status of a user.
    Status(StatusArgs),
}

/// Arguments of the upload subcommands.
#[derive(Debug, Args)]
pub struct UploadArgs {
    /// The partner's id for the user.
    pub user: String,
    /// Files to upload; the content type is taken from the extension.
    #[arg(required = true, num_args = 1..=3)]
    pub files: Vec<PathBuf>,
}

/// Arguments of `kyc verify`.
#[derive(Debug, Args)]
pub struct VerificationArgs {
    /// The partner's id for the user.
    pub user: String,
    /// Two-letter country code that issued the document, e.g. PL.
    #[arg(long)]
    pub country: String,
    /// Identity document type, e.g. ID_CARD or PASSPORT.
    #[arg(long)]
    pub document_type: DocumentType,
    /// Source of the user's income, e.g. SALARY.
    #[arg(long)]
    pub income_source: IncomeSource,
    /// Reason the user opens the account, e.g. DAILY_USE.
    #[arg(long)]
    pub open_account_reason: OpenAccountReason,
    /// The user's occupation (required for some income sources).
    #[arg(long)]
    pub occupation: Option<Occupation>,
    /// Tax identification number (required in some countries).
    #[arg(long)]
    pub tax_id: Option<String>,
    /// Additional free-text information, required by P100 for some of the values above.
    #[arg(long)]
    pub additional_info: Option<String>,
}

/// Arguments of `kyc status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The partner's id for the user.
    pub user: String,
}

/// Runs a `kyc` subcommand.
pub async fn run(command: KycCommand, context: &Context) -> Result<(), CliError> {
    match command {
        KycCommand::UploadKyc(args) => upload(UploadKind::Kyc, args, context).await,
        KycCommand::UploadPoa(args) => upload(UploadKind::Poa, args, context).await,
        KycCommand::Verify(args) => {
            let operation = format!("create a KYC verification for user {}", args.user);
            let request = KycVerificationRequest {
                external_user_id: args.user,
                country: CountryCode(args.country.to_ascii_uppercase()),
                document_type: args.document_type,
                income_source: args.income_source,
                open_account_reason: args.open_account_reason,
                occupation: args.occupation,
                tax_id: args.tax_id,
                additional_info: args.additional_info,
            };
            let created = context
                .client
                .kyc()
                .create_verification(request)
                .await
                .map_err(api_error(&operation))?;
            context.output.print(&created)
        }
        KycCommand::Status(args) => {
            let status = context
                .client
                .kyc()
                .status(&args.user)
                .await
                .map_err(api_error(&format!("get KYC status of user {}", args.user)))?;
            context.output.print(&status)
        }
    }
}

/// Reads the files and uploads them in one request.
async fn upload(kind: UploadKind, args: UploadArgs, context: &Context) -> Result<(), CliError> {
    let label = match kind {
        UploadKind::Kyc => "KYC",
        UploadKind::Poa => "proof-of-address",
    };
    let operation = format!("upload {label} files for user {}", args.user);

    let mut files = Vec::with_capacity(args.files.len());
    for path in &args.files {
        // Reading here first gives a local error (exit code 1) rather than an SDK one.
        if let Err(source) = std::fs::metadata(path) {
            return Err(CliError::ReadFile {
                path: path.clone(),
                source,
            });
        }
        let file = UploadFile::from_path(path)
            .await
            .map_err(api_error(&format!("read {}", path.display())))?;
        files.push(file);
    }

    let progress = Progress::start(format!("uploading {} file(s)", files.len()));
    let kyc = context.client.kyc();
    let outcome = match kind {
        UploadKind::Kyc => kyc.add_kyc_files(&args.user, files).await,
        UploadKind::Poa => kyc.add_poa_files(&args.user, files).await,
    };
    match outcome {
        Ok(outcome) => {
            progress.finish(if outcome.is_pending() {
                "pending"
            } else {
                "accepted"
            });
            context.output.print(&UploadView::from(outcome))
        }
        Err(error) => {
            progress.fail();
            Err(api_error(&operation)(error))
        }
    }
}

/// Printable form of an upload result.
#[derive(Debug, Serialize)]
pub struct UploadView {
    /// `accepted`, or `pending` when a proof-of-address check is already running.
    pub result: &'static str,
    /// HTTP status of the response.
    pub status: u16,
    /// The response's JSON body or message, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<serde_json::Value>,
}

impl From<UploadOutcome> for UploadView {
    fn from(outcome: UploadOutcome) -> Self {
        match outcome {
            UploadOutcome::Accepted { status, body } => Self {
                result: "accepted",
                status: status.as_u16(),
                detail: body,
            },
            UploadOutcome::Pending { status, message } => Self {
                result: "pending",
                status: status.as_u16(),
                detail: message.map(serde_json::Value::String),
            },
            _ => Self {
                result: "accepted",
                status: 0,
                detail: None,
            },
        }
    }
}
