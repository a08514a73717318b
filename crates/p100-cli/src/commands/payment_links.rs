//! `p100 payment-links`: payment links, hosted checkouts and their details.
//!
//! NOTE: P100 documents no request fields for either call, so the body is an open JSON
//! object built from `--field name=value` pairs (sent as JSON strings) or given whole with
//! `--body`. Fields whose name contains `amount` must still be plain decimal strings.

use clap::{Args, Subcommand};
use p100::types::{HostedCheckoutRequest, PaymentLinkRequest};
use serde_json::{Map, Value};

use super::{Context, api_error};
use crate::amount::parse_payment_amount;
use crate::error::CliError;

/// Payment link subcommands.
#[derive(Debug, Subcommand)]
pub enum PaymentLinksCommand {
    /// Create a standard payment link (payments settle in EUR to the partner balance).
    Create(BodyArgs),
    /// Create a hosted checkout with the partner's own configuration.
    HostedCheckout(BodyArgs),
    /// Show a payment link.
    Details(DetailsArgs),
}

/// The open request body of the create calls.
#[derive(Debug, Args)]
pub struct BodyArgs {
    /// A body field as name=value, sent as a JSON string; repeat for more fields.
    #[arg(long = "field", value_name = "NAME=VALUE")]
    pub fields: Vec<String>,
    /// The whole body as a JSON object; --field entries are added to it.
    #[arg(long)]
    pub body: Option<String>,
}

/// Arguments of `payment-links details`.
#[derive(Debug, Args)]
pub struct DetailsArgs {
    /// Payment link id returned by `payment-links create`.
    pub id: String,
}

/// Runs a `payment-links` subcommand.
pub async fn run(command: PaymentLinksCommand, context: &Context) -> Result<(), CliError> {
    let links = context.client.payment_links();
    match command {
        PaymentLinksCommand::Create(args) => {
            let body = build_body(&args)?;
            let link = links
                .create(PaymentLinkRequest(body))
                .await
                .map_err(api_error("create a payment link"))?;
            context.output.print(&link)
        }
        PaymentLinksCommand::HostedCheckout(args) => {
            let body = build_body(&args)?;
            let link = links
                .create_hosted_checkout(HostedCheckoutRequest(body))
                .await
                .map_err(api_error("create a hosted checkout"))?;
            context.output.print(&link)
        }
        PaymentLinksCommand::Details(args) => {
            let details = links
                .details(&args.id)
                .await
                .map_err(api_error(&format!("get payment link {}", args.id)))?;
            context.output.print(&details)
        }
    }
}

/// Builds the JSON object from `--body` and `--field`.
fn build_body(args: &BodyArgs) -> Result<Map<String, Value>, CliError> {
    let mut body = match &args.body {
        None => Map::new(),
        Some(text) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => map,
            Ok(_) => {
                return Err(CliError::Usage(String::from(
                    "invalid --body: it must be a JSON object such as '{\"amount\":\"10\"}'",
                )));
            }
            Err(error) => {
                return Err(CliError::Usage(format!(
                    "invalid --body: not JSON ({error})"
                )));
            }
        },
    };
    for field in &args.fields {
        let Some((name, value)) = field.split_once('=') else {
            return Err(CliError::Usage(format!(
                "invalid --field {field:?}: write it as name=value"
            )));
        };
        body.insert(name.trim().to_string(), Value::String(value.to_string()));
    }
    for (name, value) in &body {
        check_amount_field(name, value)?;
    }
    Ok(body)
}

/// Checks a top-level body field whose name contains `amount` (such as `amount` or
/// `fiatAmount`) with the CLI's amount rules, because P100 documents no fields here.
///
/// A JSON number is rejected: `serde_json` would hold it as an `f64` and could change its
/// digits, so amounts must be JSON strings.
fn check_amount_field(name: &str, value: &Value) -> Result<(), CliError> {
    if !name.to_ascii_lowercase().contains("amount") {
        return Ok(());
    }
    match value {
        Value::String(text) => parse_payment_amount(text).map(|_| ()).map_err(|problem| {
            CliError::Usage(format!(
                "invalid payment-link field {name} {text:?}: {problem}"
            ))
        }),
        Value::Number(number) => Err(CliError::Usage(format!(
            "invalid payment-link field {name} {number} in --body: write the amount as a JSON string, such as \
             \"{name}\":\"10.00\", so its digits stay exact"
        ))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_merge_into_body() {
        let args = BodyArgs {
            fields: vec![String::from("amount=10.50"), String::from("currency=eur")],
            body: Some(String::from(r#"{"description":"tea"}"#)),
        };
        let body = build_body(&args).unwrap();
        assert_eq!(body["amount"], Value::String(String::from("10.50")));
        assert_eq!(body["currency"], Value::String(String::from("eur")));
        assert_eq!(body["description"], Value::String(String::from("tea")));
    }

    #[test]
    fn amount_fields_use_amount_rules() {
        for (fields, body) in [
            (vec!["amount=1e3"], None),
            (vec!["fiatAmount=1_00"], None),
            (vec![], Some(r#"{"amount":"-5"}"#)),
            (vec![], Some(r#"{"amount":10.5}"#)),
        ] {
            let args = BodyArgs {
                fields: fields.into_iter().map(String::from).collect(),
                body: body.map(String::from),
            };
            let result = build_body(&args);
            assert!(
                matches!(result, Err(CliError::Usage(_))),
                "{:?} {body:?}",
                args.fields
            );
        }
        let args = BodyArgs {
            fields: vec![String::from("amount=10.00"), String::from("note=1e3")],
            body: None,
        };
        assert!(build_body(&args).is_ok());
    }

    #[test]
    fn field_without_equals_rejected() {
        let args = BodyArgs {
            fields: vec![String::from("amount")],
            body: None,
        };
        assert!(matches!(build_body(&args), Err(CliError::Usage(_))));
    }
}
