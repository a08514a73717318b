//! `p100 transfers`: internal transfers between the partner and a user.

use clap::{Args, Subcommand};
use p100::enums::Currency;
use p100::types::TransferRequest;
use p100::{Amount, Decimal};

use super::{Context, api_error};
use crate::error::CliError;

/// Transfer subcommands.
#[derive(Debug, Subcommand)]
pub enum TransfersCommand {
    /// Funding: move money from the partner's balance to a user's; moves money.
    Fund(MoveArgs),
    /// Collection: move money from a user's balance to the partner's; moves money.
    Collect(MoveArgs),
    /// Show an internal transfer.
    Details(DetailsArgs),
}

/// Arguments of `transfers fund` and `transfers collect`.
#[derive(Debug, Args)]
pub struct MoveArgs {
    /// The partner's id for the user.
    #[arg(long)]
    pub user: String,
    /// Amount as a plain decimal greater than 0, e.g. 12.5 (at most 8 decimal places).
    #[arg(long, allow_negative_numbers = true, value_parser = crate::amount::parse_payment_amount)]
    pub amount: Decimal,
    /// Currency, e.g. `eur` or `usdt`.
    #[arg(long)]
    pub currency: Currency,
}

/// Arguments of `transfers details`.
#[derive(Debug, Args)]
pub struct DetailsArgs {
    /// Transfer id returned by `transfers fund` or `transfers collect`.
    pub id: String,
}

/// Runs a `transfers` subcommand.
pub async fn run(command: TransfersCommand, context: &Context) -> Result<(), CliError> {
    let transfers = context.client.transfers();
    match command {
        TransfersCommand::Fund(args) => {
            let operation = format!("fund user {}", args.user);
            let created = transfers
                .create(funding(args))
                .await
                .map_err(api_error(&operation))?;
            context.output.print(&created)
        }
        TransfersCommand::Collect(args) => {
            let operation = format!("collect from user {}", args.user);
            let request = TransferRequest {
                amount: Amount(args.amount),
                currency: args.currency,
                source_external_user_id: Some(args.user),
                destination_external_user_id: None,
            };
            let created = transfers
                .create(request)
                .await
                .map_err(api_error(&operation))?;
            context.output.print(&created)
        }
        TransfersCommand::Details(args) => {
            let details = transfers
                .details(&args.id)
                .await
                .map_err(api_error(&format!("get transfer {}", args.id)))?;
            context.output.print(&details)
        }
    }
}

/// Builds a funding transfer (partner to user).
pub fn funding(args: MoveArgs) -> TransferRequest {
    TransferRequest {
        amount: Amount(args.amount),
        currency: args.currency,
        source_external_user_id: None,
        destination_external_user_id: Some(args.user),
    }
}
