//! One type per API area, returned by the accessors on [`Client`](crate::Client) such as
//! [`Client::users`](crate::Client::users). Each method sends one operation of the spec and
//! returns its generated response type (or an SDK wrapper where card secrets are involved).
//!
//! Path parameters are plain arguments; request bodies are the generated types in
//! [`crate::types`], built with struct literals or their `builder()` (see
//! [`Users::create`] for a builder example).
//!
//! Methods that move money check every amount before sending: it must be greater than 0
//! (card limits may be 0) with at most 8 decimal places, or the call fails with
//! [`Error::InvalidRequest`](crate::Error::InvalidRequest) and sends nothing.

/// Declares an area type that borrows the client.
macro_rules! area {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $name<'a> {
            pub(super) client: &'a crate::Client,
        }

        impl<'a> $name<'a> {
            pub(crate) fn new(client: &'a crate::Client) -> Self {
                Self { client }
            }
        }
    };
}
pub(crate) use area;

mod cards;
mod crypto;
mod exchange;
mod history_and_uploads;
mod kyc;
mod money_movement;
mod orders;
mod partner;
mod users;

pub use cards::Cards;
pub use crypto::{CryptoDeposits, CryptoWithdrawals};
pub use exchange::{PartnerExchange, UserExchange};
pub use kyc::Kyc;
pub use money_movement::{Sepa, Transfers};
pub use orders::{Orders, PaymentLinks};
pub use partner::Partner;
pub use users::Users;
