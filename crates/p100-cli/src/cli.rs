//! The command tree: global flags and one subcommand per area of the P100 API.

use clap::{Args, Parser, Subcommand};

use crate::commands::exchange::{LockArgs, RatesArgs};
use crate::commands::{
    cards::CardsCommand, exchange::ExchangeCommand, kyc::KycCommand, orders::OrdersCommand,
    partner::BalancesArgs, partner::HistoryArgs, partner::PartnerCommand,
    payment_links::PaymentLinksCommand, sepa::SepaCommand, transfers::TransfersCommand,
    users::UsersCommand, webhooks::WebhooksCommand, withdrawals::TravelRuleCommand,
    withdrawals::WithdrawalsCommand,
};
use crate::config::ConnectionArgs;
use crate::demo::DemoArgs;

/// The P100 Partner API from the shell.
///
/// Configure with P100_API_KEY (and optionally P100_ENVIRONMENT or P100_BASE_URL), then run a
/// subcommand. Flags win over environment variables: the server comes from the first of
/// --base-url, --environment, P100_BASE_URL and P100_ENVIRONMENT that is set. `p100 demo` runs
/// the whole partner journey against a local sandbox with no key.
#[derive(Debug, Parser)]
#[command(name = "p100", version, propagate_version = true)]
pub struct Cli {
    /// Server and API key.
    #[command(flatten)]
    pub connection: ConnectionArgs,

    /// Output format.
    #[command(flatten)]
    pub format: FormatArgs,

    /// The subcommand to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Output flags shared by every subcommand.
#[derive(Debug, Args)]
pub struct FormatArgs {
    /// Print the JSON of each response instead of tables (amounts keep every digit).
    #[arg(long, global = true)]
    pub json: bool,

    /// Print card numbers, CVVs, PINs and one-time codes in clear instead of masked.
    #[arg(long, global = true)]
    pub show_secrets: bool,
}

/// One subcommand per area of the API.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the partner's balances, or a user's with --user.
    Balances(BalancesArgs),
    /// List transactions of the partner, or of a user with --user, page by page.
    History(HistoryArgs),
    /// Partner account: deposit wallets, master transfers, SEPA deposit contacts.
    #[command(subcommand)]
    Partner(PartnerCommand),
    /// Show current exchange rates (partner, or for user balances with --user-level).
    Rates(RatesArgs),
    /// Lock an exchange rate for a short time and print the lock id.
    Lock(LockArgs),
    /// Create exchanges and follow them to their final status.
    #[command(subcommand)]
    Exchange(ExchangeCommand),
    /// Create, update, suspend, unsuspend, delete and verify users.
    #[command(subcommand)]
    Users(UsersCommand),
    /// Upload KYC and proof-of-address files; create and check KYC verifications.
    #[command(subcommand)]
    Kyc(KycCommand),
    /// Send crypto to an external wallet and read withdrawal details and network fees.
    #[command(subcommand)]
    Withdrawals(WithdrawalsCommand),
    /// Send travel-rule data that releases a held crypto deposit.
    #[command(subcommand, name = "travel-rule")]
    TravelRule(TravelRuleCommand),
    /// Send SEPA transfers and read SEPA transfer and deposit details.
    #[command(subcommand)]
    Sepa(SepaCommand),
    /// Move money between the partner and a user (funding and collection).
    #[command(subcommand)]
    Transfers(TransfersCommand),
    /// Issue and manage virtual cards.
    #[command(subcommand)]
    Cards(CardsCommand),
    /// Crypto purchase orders: rates, locks, orders and their details.
    #[command(subcommand)]
    Orders(OrdersCommand),
    /// Payment links and hosted checkouts.
    #[command(subcommand, name = "payment-links")]
    PaymentLinks(PaymentLinksCommand),
    /// Receive and print verified webhook deliveries.
    #[command(subcommand)]
    Webhooks(WebhooksCommand),
    /// Run the whole partner journey against an embedded local sandbox.
    Demo(DemoArgs),
}
