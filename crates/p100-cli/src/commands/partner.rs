//! `p100 balances` and `p100 history` (balances and transaction history of the partner or of
//! one user) and `p100 partner` (wallets, master transfers, SEPA deposit contacts).

use clap::{Args, Subcommand};
use futures::TryStreamExt;
use p100::enums::{Currency, Network};
use p100::types::{PartnerMasterTransferRequest, PartnerWalletRequest};
use p100::{Amount, Decimal};

use super::{Context, api_error};
use crate::error::CliError;
use crate::progress::Progress;
use crate::table_views::add_direction_column;

/// Largest page the SDK requests.
const MAX_PAGE_SIZE: u32 = p100::paginate::MAX_PAGE_SIZE;

/// Arguments of `balances`.
#[derive(Debug, Args)]
pub struct BalancesArgs {
    /// Show this user's balances (the partner's id for the user) instead of the partner's.
    #[arg(long)]
    pub user: Option<String>,
}

/// Arguments of `history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Show this user's transactions (the partner's id for the user) instead of the partner's.
    #[arg(long)]
    pub user: Option<String>,

    /// Maximum number of transactions to print; pages are fetched until it is reached.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub limit: u32,
}

/// Prints the balances of the partner or of `--user`.
pub async fn balances(args: BalancesArgs, context: &Context) -> Result<(), CliError> {
    match args.user {
        None => {
            let balances = context
                .client
                .partner()
                .balances()
                .await
                .map_err(api_error("get partner balances"))?;
            context.output.print(&balances)
        }
        Some(user) => {
            let balances = context
                .client
                .users()
                .balances(&user)
                .await
                .map_err(api_error(&format!("get balances of user {user}")))?;
            context.output.print(&balances)
        }
    }
}

/// Streams transaction pages until `--limit` transactions are read or the history ends.
///
/// Tables get a `direction` column after `type` (see [`crate::table_views::direction`]).
pub async fn history(args: HistoryArgs, context: &Context) -> Result<(), CliError> {
    let page_size = args.limit.min(MAX_PAGE_SIZE);
    let (operation, history) = match &args.user {
        None => (
            String::from("get partner transaction history"),
            context.client.partner().transactions(page_size),
        ),
        Some(user) => (
            format!("get transaction history of user {user}"),
            context.client.users().transactions(user, page_size),
        ),
    };

    let max_rows = usize::try_from(args.limit).unwrap_or(usize::MAX);
    let progress = Progress::start(format!("reading {operation}"));
    let mut transactions = Vec::new();
    let mut pages = Box::pin(history.pages());
    while transactions.len() < max_rows {
        let page = match pages.try_next().await {
            Ok(Some(page)) => page,
            Ok(None) => break,
            Err(error) => {
                progress.fail();
                return Err(api_error(&operation)(error));
            }
        };
        progress.update(&format!(
            "page {}, {} so far",
            page.page,
            transactions.len()
        ));
        transactions.extend(page.items);
    }
    transactions.truncate(max_rows);
    progress.finish(&format!("{} transaction(s)", transactions.len()));

    let mut node = context.output.prepare(&transactions)?;
    if !context.output.json {
        add_direction_column(&mut node);
    }
    outln!("{}", context.output.render(&node));
    Ok(())
}

/// Partner account subcommands beyond balances and history.
#[derive(Debug, Subcommand)]
pub enum PartnerCommand {
    /// Create a crypto deposit wallet on the partner account.
    Wallet(WalletArgs),
    /// Move funds between the partner's master balance and a user; moves money.
    MasterTransfer(MasterTransferArgs),
    /// List the senders of SEPA deposits to the partner account.
    SepaContacts(SepaContactsArgs),
}

/// Arguments of `partner wallet`.
#[derive(Debug, Args)]
pub struct WalletArgs {
    /// Currency of the wallet, e.g. `usdt`.
    #[arg(long)]
    pub currency: Currency,
    /// Network of the wallet, e.g. `polygon`.
    #[arg(long)]
    pub network: Option<Network>,
}

/// Arguments of `partner master-transfer`: exactly one of --to-user and --from-user.
#[derive(Debug, Args)]
pub struct MasterTransferArgs {
    /// Credit this user's balance (funding).
    #[arg(
        long,
        conflicts_with = "from_user",
        required_unless_present = "from_user"
    )]
    pub to_user: Option<String>,
    /// Debit this user's balance (collection).
    #[arg(long)]
    pub from_user: Option<String>,
    /// Amount as a plain decimal greater than 0, e.g. 12.5 (at most 8 decimal places).
    #[arg(long, allow_negative_numbers = true, value_parser = crate::amount::parse_payment_amount)]
    pub amount: Decimal,
    /// Currency, e.g. `eur`.
    #[arg(long)]
    pub currency: Currency,
}

/// Arguments of `partner sepa-contacts`.
#[derive(Debug, Args)]
pub struct SepaContactsArgs {
    /// Only the senders of deposits for this user.
    #[arg(long)]
    pub user: Option<String>,
}

/// Runs a `partner` subcommand.
pub async fn run(command: PartnerCommand, context: &Context) -> Result<(), CliError> {
    let partner = context.client.partner();
    match command {
        PartnerCommand::Wallet(args) => {
            let request = PartnerWalletRequest {
                currency: args.currency,
                network: args.network,
            };
            let wallet = partner
                .create_wallet(request)
                .await
                .map_err(api_error("create a partner wallet"))?;
            context.output.print(&wallet)
        }
        PartnerCommand::MasterTransfer(args) => {
            let request = PartnerMasterTransferRequest {
                amount: Amount(args.amount),
                currency: args.currency,
                destination_external_user_id: args.to_user,
                source_external_user_id: args.from_user,
            };
            let created = partner
                .master_transfer(request)
                .await
                .map_err(api_error("create a master transfer"))?;
            context.output.print(&created)
        }
        PartnerCommand::SepaContacts(args) => {
            let contacts = partner
                .sepa_deposit_contacts(args.user.as_deref())
                .await
                .map_err(api_error("list SEPA deposit contacts"))?;
            context.output.print(&contacts)
        }
    }
}
