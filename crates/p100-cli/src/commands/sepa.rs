//! `p100 sepa`: outgoing SEPA transfers from the partner or a user, their details, and a
//! user's SEPA deposit details.

use clap::{Args, Subcommand};
use p100::enums::{Currency, ReceiverType};
use p100::types::{PartnerSepaTransferRequest, SepaIban, UserSepaTransferRequest};
use p100::{Amount, Decimal};

use super::{Context, api_error};
use crate::error::CliError;

/// SEPA subcommands.
#[derive(Debug, Subcommand)]
pub enum SepaCommand {
    /// Send a SEPA transfer from a user's balance, or the partner's without --user; moves
    /// money.
    Create(CreateArgs),
    /// Show a SEPA transfer.
    Details(DetailsArgs),
    /// Show the IBAN and reference a user's SEPA deposits go to, or the partner's without a
    /// user.
    DepositInfo(DepositInfoArgs),
}

/// Arguments of `sepa create`.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Send from this user's balance; without it, from the partner's.
    #[arg(long)]
    pub user: Option<String>,
    /// Amount to send as a plain decimal greater than 0, e.g. 12.5 (at most 8 decimal places).
    #[arg(long, allow_negative_numbers = true, value_parser = crate::amount::parse_payment_amount)]
    pub amount: Decimal,
    /// Currency; SEPA transfers are in `eur`.
    #[arg(long, default_value = "eur")]
    pub currency: Currency,
    /// Receiver's IBAN.
    #[arg(long)]
    pub iban: String,
    /// Transfer title shown to the receiver.
    #[arg(long)]
    pub title: String,
    /// NATURAL (a person) or LEGAL (a company).
    #[arg(long)]
    pub receiver_type: Option<ReceiverType>,
    /// Receiver's first name, for a NATURAL receiver.
    #[arg(long)]
    pub first_name: Option<String>,
    /// Receiver's last name, for a NATURAL receiver.
    #[arg(long)]
    pub last_name: Option<String>,
    /// Receiver's company name, for a LEGAL receiver.
    #[arg(long)]
    pub company_name: Option<String>,
}

/// Arguments of `sepa details`.
#[derive(Debug, Args)]
pub struct DetailsArgs {
    /// Transfer id returned by `sepa create`.
    pub id: String,
}

/// Arguments of `sepa deposit-info`.
#[derive(Debug, Args)]
pub struct DepositInfoArgs {
    /// The partner's id for the user; omit it for the partner's own deposit details.
    pub user: Option<String>,
}

/// Runs a `sepa` subcommand.
pub async fn run(command: SepaCommand, context: &Context) -> Result<(), CliError> {
    let sepa = context.client.sepa();
    match command {
        SepaCommand::Create(args) => {
            let created = match args.user {
                Some(user) => {
                    let request = UserSepaTransferRequest {
                        source_external_user_id: user,
                        amount: Amount(args.amount),
                        currency: args.currency,
                        destination_iban: SepaIban(compact_iban(&args.iban)),
                        transfer_title: args.title,
                        receiver_type: args.receiver_type,
                        receiver_first_name: args.first_name,
                        receiver_last_name: args.last_name,
                        company_name: args.company_name,
                    };
                    sepa.create(request).await
                }
                None => {
                    let request = PartnerSepaTransferRequest {
                        amount: Amount(args.amount),
                        currency: args.currency,
                        destination_iban: SepaIban(compact_iban(&args.iban)),
                        transfer_title: args.title,
                        receiver_type: args.receiver_type,
                        receiver_first_name: args.first_name,
                        receiver_last_name: args.last_name,
                        company_name: args.company_name,
                    };
                    sepa.create_for_partner(request).await
                }
            }
            .map_err(api_error("create a SEPA transfer"))?;
            context.output.print(&created)
        }
        SepaCommand::Details(args) => {
            let details = sepa
                .details(&args.id)
                .await
                .map_err(api_error(&format!("get SEPA transfer {}", args.id)))?;
            context.output.print(&details)
        }
        SepaCommand::DepositInfo(args) => match args.user {
            Some(user) => {
                let info = sepa
                    .user_deposit_info(&user)
                    .await
                    .map_err(api_error(&format!(
                        "get SEPA deposit details of user {user}"
                    )))?;
                context.output.print(&info)
            }
            None => {
                let info = context
                    .client
                    .partner()
                    .sepa_deposit_info()
                    .await
                    .map_err(api_error("get the partner's SEPA deposit details"))?;
                context.output.print(&info)
            }
        },
    }
}

/// Removes the spaces people type in IBANs and upper-cases the letters.
fn compact_iban(iban: &str) -> String {
    iban.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}
