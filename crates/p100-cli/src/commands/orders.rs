//! `p100 orders`: crypto purchase orders (rates, rate locks, orders and their details).

use clap::{Args, Subcommand};
use p100::enums::{Currency, Network};
use p100::types::{OrderLockRequest, OrderRequest};
use p100::{Amount, Decimal};

use super::{Context, api_error};
use crate::error::CliError;

/// Order subcommands.
#[derive(Debug, Subcommand)]
pub enum OrdersCommand {
    /// Show current order rates.
    Rates,
    /// Lock an order rate for an amount, currency and network.
    Lock(LockArgs),
    /// Create an order from a lock; moves money.
    Create(CreateArgs),
    /// Show an order.
    Details(DetailsArgs),
}

/// Arguments of `orders lock`.
#[derive(Debug, Args)]
pub struct LockArgs {
    /// Amount as a plain decimal greater than 0, e.g. 12.5 (at most 8 decimal places).
    #[arg(long, allow_negative_numbers = true, value_parser = crate::amount::parse_payment_amount)]
    pub amount: Decimal,
    /// Crypto currency to buy, e.g. `usdt`.
    #[arg(long)]
    pub currency: Currency,
    /// Network to deliver on, e.g. `polygon`.
    #[arg(long)]
    pub network: Network,
}

/// Arguments of `orders create`.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Lock id returned by `orders lock`.
    #[arg(long)]
    pub lock_id: String,
}

/// Arguments of `orders details`.
#[derive(Debug, Args)]
pub struct DetailsArgs {
    /// Order id returned by `orders create`.
    pub id: String,
}

/// Runs an `orders` subcommand.
pub async fn run(command: OrdersCommand, context: &Context) -> Result<(), CliError> {
    let orders = context.client.orders();
    match command {
        OrdersCommand::Rates => {
            let rates = orders.rates().await.map_err(api_error("get order rates"))?;
            context.output.print(&rates)
        }
        OrdersCommand::Lock(args) => {
            let request = OrderLockRequest {
                amount: Amount(args.amount),
                currency: args.currency,
                network: args.network,
            };
            let lock = orders
                .lock(request)
                .await
                .map_err(api_error("lock an order rate"))?;
            context.output.print(&lock)
        }
        OrdersCommand::Create(args) => {
            let request = OrderRequest {
                lock_id: args.lock_id,
            };
            let created = orders
                .create(request)
                .await
                .map_err(api_error("create an order"))?;
            context.output.print(&created)
        }
        OrdersCommand::Details(args) => {
            let details = orders
                .details(&args.id)
                .await
                .map_err(api_error(&format!("get order {}", args.id)))?;
            context.output.print(&details)
        }
    }
}
