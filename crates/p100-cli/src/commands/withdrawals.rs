//! `p100 withdrawals` (crypto withdrawals and network fees) and `p100 travel-rule` (originator
//! data that releases a held crypto deposit).

use clap::{Args, Subcommand};
use p100::enums::{Currency, Network, ReceiverType, TravelRuleWalletType, WithdrawalWalletType};
use p100::types::{
    PartnerCryptoWithdrawalRequest, TravelRuleOriginator, TravelRuleUpdate,
    UserCryptoWithdrawalRequest,
};
use p100::{AmountNumber, Decimal};

use super::{Context, api_error};
use crate::error::CliError;

/// Crypto withdrawal subcommands.
#[derive(Debug, Subcommand)]
pub enum WithdrawalsCommand {
    /// Send crypto to an external wallet from a user's balance, or the partner's without
    /// --user; moves money.
    Create(CreateArgs),
    /// Show a crypto withdrawal.
    Details(DetailsArgs),
    /// Show the network fee currently charged for a withdrawal of a currency.
    NetworkFee(NetworkFeeArgs),
}

/// Arguments of `withdrawals create`.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Withdraw from this user's balance; without it, from the partner's.
    #[arg(long)]
    pub user: Option<String>,
    /// Currency to send, e.g. `btc` or `usdt`.
    #[arg(long)]
    pub currency: Currency,
    /// Amount to send as a plain decimal greater than 0, e.g. 12.5 (at most 8 decimal places).
    #[arg(long, allow_negative_numbers = true, value_parser = crate::amount::parse_payment_amount)]
    pub amount: Decimal,
    /// Destination wallet address.
    #[arg(long)]
    pub wallet_address: String,
    /// Network, needed for tokens on several chains (e.g. `polygon` for usdt).
    #[arg(long)]
    pub network: Option<Network>,
    /// Memo or destination tag, for chains that use one.
    #[arg(long)]
    pub memo: Option<String>,
    /// Name of the receiver (person or company).
    #[arg(long)]
    pub name: String,
    /// NATURAL (a person) or LEGAL (a company).
    #[arg(long, default_value = "NATURAL")]
    pub receiver_type: ReceiverType,
    /// CUSTODIAL, NON_CUSTODIAL or OTHER.
    #[arg(long, default_value = "NON_CUSTODIAL")]
    pub wallet_type: WithdrawalWalletType,
}

/// Arguments of `withdrawals details`.
#[derive(Debug, Args)]
pub struct DetailsArgs {
    /// Withdrawal id returned by `withdrawals create`.
    pub id: String,
    /// The withdrawal was made from the partner's balance.
    #[arg(long)]
    pub partner: bool,
}

/// Arguments of `withdrawals network-fee`.
#[derive(Debug, Args)]
pub struct NetworkFeeArgs {
    /// Currency to withdraw.
    #[arg(long)]
    pub currency: Currency,
    /// Network, e.g. `polygon` for usdc or usdt on Polygon, `btc` for bitcoin.
    // NOTE: the spec makes `network` optional, but the SDK's network_fee takes it as required.
    #[arg(long)]
    pub network: Network,
}

/// Travel-rule subcommands.
#[derive(Debug, Subcommand)]
pub enum TravelRuleCommand {
    /// Send originator data for a crypto deposit held in WAITING_FOR_TR_DATA.
    Update(TravelRuleArgs),
}

/// Arguments of `travel-rule update`.
#[derive(Debug, Args)]
pub struct TravelRuleArgs {
    /// Id of the held crypto deposit.
    pub deposit: String,
    /// CUSTODIAL or SELF_CUSTODY: the kind of wallet the deposit came from.
    #[arg(long)]
    pub wallet_type: TravelRuleWalletType,
    /// The user who received the deposit.
    #[arg(long)]
    pub user: Option<String>,
    /// The receiver states that they own the sending wallet.
    #[arg(long)]
    pub owner: bool,
    #[arg(long)]
    pub first_name: Option<String>,
    #[arg(long)]
    pub last_name: Option<String>,
    #[arg(long)]
    pub company_name: Option<String>,
    #[arg(long)]
    pub street: Option<String>,
    #[arg(long)]
    pub city: Option<String>,
    #[arg(long)]
    pub post_code: Option<String>,
    /// Two-letter country code.
    #[arg(long)]
    pub country: Option<String>,
    #[arg(long)]
    pub vat_id: Option<String>,
}

/// Runs a `withdrawals` subcommand.
pub async fn run(command: WithdrawalsCommand, context: &Context) -> Result<(), CliError> {
    let withdrawals = context.client.crypto_withdrawals();
    match command {
        WithdrawalsCommand::Create(args) => {
            let created = match args.user {
                Some(user) => {
                    let request = UserCryptoWithdrawalRequest {
                        source_external_user_id: user,
                        amount: AmountNumber(args.amount),
                        currency: args.currency,
                        wallet_address: args.wallet_address,
                        network: args.network,
                        memo: args.memo,
                        name: args.name,
                        receiver_type: args.receiver_type,
                        wallet_type: args.wallet_type,
                    };
                    withdrawals.create(request).await
                }
                None => {
                    let request = PartnerCryptoWithdrawalRequest {
                        amount: AmountNumber(args.amount),
                        currency: args.currency,
                        wallet_address: args.wallet_address,
                        network: args.network,
                        memo: args.memo,
                        name: args.name,
                        receiver_type: args.receiver_type,
                        wallet_type: args.wallet_type,
                    };
                    withdrawals.create_for_partner(request).await
                }
            }
            .map_err(api_error("create a crypto withdrawal"))?;
            context.output.print(&created)
        }
        WithdrawalsCommand::Details(args) => {
            let operation = format!("get crypto withdrawal {}", args.id);
            let details = if args.partner {
                withdrawals.partner_details(&args.id).await
            } else {
                withdrawals.details(&args.id).await
            }
            .map_err(api_error(&operation))?;
            context.output.print(&details)
        }
        WithdrawalsCommand::NetworkFee(args) => {
            let fee = withdrawals
                .network_fee(args.currency, args.network)
                .await
                .map_err(api_error("get the network fee"))?;
            context.output.print(&fee)
        }
    }
}

/// Runs a `travel-rule` subcommand.
pub async fn travel_rule(command: TravelRuleCommand, context: &Context) -> Result<(), CliError> {
    let TravelRuleCommand::Update(args) = command;
    let operation = format!("update travel-rule data of deposit {}", args.deposit);
    let request = TravelRuleUpdate {
        wallet_type: args.wallet_type,
        external_user_id: args.user,
        details: TravelRuleOriginator {
            i_am_owner_of_wallet: Some(args.owner),
            first_name: args.first_name,
            last_name: args.last_name,
            company_name: args.company_name,
            street: args.street,
            city: args.city,
            post_code: args.post_code,
            country: args.country,
            vat_id: args.vat_id,
        },
    };
    let updated = context
        .client
        .crypto_deposits()
        .update_travel_rule(&args.deposit, request)
        .await
        .map_err(api_error(&operation))?;
    context.output.print(&updated)
}
