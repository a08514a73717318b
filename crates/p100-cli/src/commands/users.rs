//! `p100 users`: create, update, suspend, unsuspend, delete and verify users.

use clap::{Args, Subcommand};
use p100::enums::DocumentType;
use p100::types::{CountryCode, CreateUserRequest, UserUpdateRequest, UserVerificationRequest};

use super::{Context, api_error};
use crate::error::CliError;

/// User subcommands. USER is always the partner's own id for the user (`externalUserId`).
#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Create a user with KYC data.
    Create(CreateArgs),
    /// Change fields of a user; only the flags given are sent.
    Update(UpdateArgs),
    /// Suspend a user (fails while the user has active cards).
    Suspend(UserArg),
    /// Lift a user's suspension.
    Unsuspend(UserArg),
    /// Delete a user.
    Delete(UserArg),
    /// Submit a user's identity document data, which activates the user.
    Verify(VerifyArgs),
}

/// A single user id.
#[derive(Debug, Args)]
pub struct UserArg {
    /// The partner's id for the user.
    pub user: String,
}

/// Arguments of `users create`.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The partner's id for the new user (any unique text).
    #[arg(long)]
    pub user: String,
    #[arg(long)]
    pub email: String,
    #[arg(long)]
    pub first_name: String,
    #[arg(long)]
    pub last_name: String,
    /// Phone number as digits with the country code and without `+`, e.g. 48500100200.
    #[arg(long, value_parser = parse_phone)]
    pub phone: String,
    /// Two-letter country code of residence, e.g. PL.
    #[arg(long)]
    pub country: String,
    /// Two-letter country code of citizenship.
    #[arg(long)]
    pub citizenship: String,
    #[arg(long)]
    pub city: String,
    #[arg(long)]
    pub post_code: String,
    #[arg(long)]
    pub street: Option<String>,
    /// House number.
    #[arg(long)]
    pub number: Option<String>,
    /// Date of birth, YYYY-MM-DD.
    #[arg(long)]
    pub birth_date: Option<chrono::NaiveDate>,
    /// Send `hasAcceptedP100Tc: true`: the user accepted P100's terms and conditions.
    #[arg(long)]
    pub accepted_terms: bool,
}

/// Arguments of `users update`.
#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The partner's id for the user.
    pub user: String,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub first_name: Option<String>,
    #[arg(long)]
    pub last_name: Option<String>,
    /// New phone number as digits with the country code and without `+`, e.g. 48500100200.
    #[arg(long, value_parser = parse_phone)]
    pub phone: Option<String>,
    #[arg(long)]
    pub city: Option<String>,
    #[arg(long)]
    pub post_code: Option<String>,
    #[arg(long)]
    pub street: Option<String>,
    #[arg(long)]
    pub number: Option<String>,
}

/// Arguments of `users verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The partner's id for the user.
    pub user: String,
    /// Identity document type, e.g. ID_CARD or PASSPORT.
    #[arg(long)]
    pub document_type: Option<DocumentType>,
    /// Identity document number.
    #[arg(long)]
    pub document_number: Option<String>,
}

/// Accepts a phone number in the API's format: only digits, country code first.
///
/// clap prints the error as `invalid value '<text>' for '--phone <PHONE>': <message>`.
fn parse_phone(text: &str) -> Result<String, String> {
    if let Some(rest) = text.strip_prefix('+')
        && !rest.is_empty()
        && rest.bytes().all(|byte| byte.is_ascii_digit())
    {
        return Err(format!(
            "P100 expects digits with the country code and without +, such as {rest}"
        ));
    }
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(String::from(
            "P100 expects only digits, country code first, such as 48500100200 (no spaces, \
             dashes or brackets)",
        ));
    }
    Ok(text.to_string())
}

/// Runs a `users` subcommand.
pub async fn run(command: UsersCommand, context: &Context) -> Result<(), CliError> {
    let users = context.client.users();
    match command {
        UsersCommand::Create(args) => {
            let operation = format!("create user {}", args.user);
            let request = create_request(args);
            let created = users.create(request).await.map_err(api_error(&operation))?;
            context.output.print(&created)
        }
        UsersCommand::Update(args) => {
            let operation = format!("update user {}", args.user);
            let request = UserUpdateRequest {
                email: args.email,
                first_name: args.first_name,
                last_name: args.last_name,
                phone: args.phone,
                city: args.city,
                post_code: args.post_code,
                street: args.street,
                number: args.number,
                ..Default::default()
            };
            let updated = users
                .update(&args.user, request)
                .await
                .map_err(api_error(&operation))?;
            context.output.print(&updated)
        }
        UsersCommand::Suspend(UserArg { user }) => {
            let result = users
                .suspend(&user)
                .await
                .map_err(api_error(&format!("suspend user {user}")))?;
            context.output.print(&result)
        }
        UsersCommand::Unsuspend(UserArg { user }) => {
            let result = users
                .unsuspend(&user)
                .await
                .map_err(api_error(&format!("unsuspend user {user}")))?;
            context.output.print(&result)
        }
        UsersCommand::Delete(UserArg { user }) => {
            let result = users
                .delete(&user)
                .await
                .map_err(api_error(&format!("delete user {user}")))?;
            context.output.print(&result)
        }
        UsersCommand::Verify(args) => {
            let request = UserVerificationRequest {
                document_type: args.document_type,
                document_number: args.document_number,
            };
            let result = context
                .client
                .kyc()
                .add_verification(&args.user, request)
                .await
                .map_err(api_error(&format!("verify user {}", args.user)))?;
            context.output.print(&result)
        }
    }
}

/// Builds the create-user body from the flags.
pub fn create_request(args: CreateArgs) -> CreateUserRequest {
    CreateUserRequest {
        external_user_id: args.user,
        email: args.email,
        first_name: args.first_name,
        last_name: args.last_name,
        phone: args.phone,
        country: CountryCode(args.country.to_ascii_uppercase()),
        citizenship: CountryCode(args.citizenship.to_ascii_uppercase()),
        city: args.city,
        post_code: args.post_code,
        street: args.street,
        number: args.number,
        birth_date: args.birth_date,
        has_accepted_p100_tc: args.accepted_terms.then_some(true),
        address: None,
        birth_country: None,
        document_number: None,
        document_type: None,
        nationality: None,
        user_identification_number: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_must_be_digits_without_plus() {
        assert_eq!(parse_phone("48500100200").unwrap(), "48500100200");
        let error = parse_phone("+48500100200").unwrap_err();
        assert!(error.contains("such as 48500100200"), "{error}");
        for text in ["", "48 500 100 200", "48-500", "(48)500"] {
            assert!(parse_phone(text).is_err(), "{text:?} accepted");
        }
    }
}
