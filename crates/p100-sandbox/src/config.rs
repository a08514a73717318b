//! Sandbox configuration: listen address, API key, webhook target, starting balances, rate
//! limit and time scale, from code (`SandboxBuilder`) or from flags and environment
//! variables (`CliArgs`).

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::num::NonZeroU32;

use rust_decimal::Decimal;

use crate::catalog;
use crate::timing::TimeScale;

/// API key the sandbox accepts unless configured otherwise.
pub const DEFAULT_API_KEY: &str = "sandbox-key";

/// Address the binary listens on unless configured otherwise.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8100";

/// Webhook delivery target: the partner's base URL and token.
#[derive(Clone)]
pub struct WebhookTarget {
    /// Partner base URL; each event is posted to this URL joined with its delivery path.
    pub base_url: String,
    /// Webhook Security Token, sent as the `Authorization` header value.
    pub token: String,
}

impl fmt::Debug for WebhookTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookTarget")
            .field("base_url", &self.base_url)
            .field("token", &"<redacted>")
            .finish()
    }
}

/// Everything a sandbox instance needs to start.
#[derive(Clone)]
pub struct Config {
    /// Socket address to bind; port 0 picks a free port.
    pub listen: SocketAddr,
    /// The one API key requests must carry in `x-api-key`.
    pub api_key: String,
    /// Webhook delivery target; `None` disables webhooks.
    pub webhook: Option<WebhookTarget>,
    /// Starting partner balance per currency code; currencies not listed start at the
    /// default amount.
    pub seed: BTreeMap<String, Decimal>,
    /// Maximum requests per second over all clients; `None` disables rate limiting.
    pub rate_limit: Option<NonZeroU32>,
    /// Speed-up factor for lock expiry, processing delays and webhook retries.
    pub time_scale: TimeScale,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("api_key", &"<redacted>")
            .field("webhook", &self.webhook)
            .field("seed", &self.seed)
            .field("rate_limit", &self.rate_limit)
            .field("time_scale", &self.time_scale.factor())
            .finish()
    }
}

impl Default for Config {
    /// Library defaults: an ephemeral port on loopback, the default key, no webhooks, no rate
    /// limit, real time.
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            api_key: DEFAULT_API_KEY.to_string(),
            webhook: None,
            seed: BTreeMap::new(),
            rate_limit: None,
            time_scale: TimeScale::REAL,
        }
    }
}

impl Config {
    /// Returns the starting partner balance of `currency`.
    pub fn seed_amount(&self, currency: &str) -> Decimal {
        if let Some(amount) = self.seed.get(currency) {
            return *amount;
        }
        default_seed(currency)
    }
}

/// Default starting partner balance: 1,000,000 EUR and a similar value of each crypto.
fn default_seed(currency: &str) -> Decimal {
    let units = match currency {
        "btc" => 10,
        "eth" => 500,
        "ltc" => 10_000,
        _ => 1_000_000,
    };
    Decimal::from(units)
}

/// Command-line flags of the `p100-sandbox` binary; each also reads an environment variable.
/// The help text shows every default, including the API key, so a first user knows which key
/// to send.
#[derive(Debug, clap::Parser)]
#[command(
    name = "p100-sandbox",
    version,
    about = "Local stand-in for the P100 Partner API staging server",
    after_help = "Example: curl -H 'x-api-key: sandbox-key' http://127.0.0.1:8100/v1/partner/balances"
)]
pub struct CliArgs {
    /// Address and port to listen on.
    #[arg(long, env = "P100_SANDBOX_LISTEN", default_value = DEFAULT_LISTEN)]
    pub listen: SocketAddr,

    /// API key that requests must send in the `x-api-key` header. The value of the environment
    /// variable is not shown.
    #[arg(long, env = "P100_SANDBOX_API_KEY", default_value = DEFAULT_API_KEY, hide_env_values = true)]
    pub api_key: String,

    /// Partner base URL that webhooks are posted to (each event to its delivery path).
    /// [default: none, so no webhooks are sent]
    #[arg(long, env = "P100_SANDBOX_WEBHOOK_URL", requires = "webhook_token")]
    pub webhook_url: Option<String>,

    /// Webhook Security Token sent in the `Authorization` header of every webhook; required
    /// with --webhook-url. [default: none]
    #[arg(long, env = "P100_SANDBOX_WEBHOOK_TOKEN", hide_env_values = true)]
    pub webhook_token: Option<String>,

    /// Starting partner balance as CURRENCY=AMOUNT, for example `eur=5000`; repeat per
    /// currency (comma-separated in the environment variable). [default: 1000000 EUR, 10 BTC,
    /// 500 ETH, 10000 LTC and 1000000 of every other currency]
    #[arg(long = "seed", env = "P100_SANDBOX_SEED", value_delimiter = ',', value_parser = parse_seed)]
    pub seed: Vec<(String, Decimal)>,

    /// Maximum requests per second over all clients; 0 disables rate limiting.
    /// [default: off]
    #[arg(long, env = "P100_SANDBOX_RATE_LIMIT")]
    pub rate_limit: Option<u32>,

    /// Speed-up factor for lock expiry (30 s), processing delays (2 s) and webhook retries
    /// (8, 16, 32, 64 s); 10 makes a lock expire after 3 s.
    #[arg(long, env = "P100_SANDBOX_TIME_SCALE", default_value_t = 1.0, value_parser = parse_time_scale)]
    pub time_scale: f64,
}

impl CliArgs {
    /// Builds the configuration these flags describe.
    pub fn into_config(self) -> Config {
        let webhook = match (self.webhook_url, self.webhook_token) {
            (Some(base_url), Some(token)) => Some(WebhookTarget { base_url, token }),
            _ => None,
        };
        Config {
            listen: self.listen,
            api_key: self.api_key,
            webhook,
            seed: self.seed.into_iter().collect(),
            rate_limit: self.rate_limit.and_then(NonZeroU32::new),
            time_scale: TimeScale::new(self.time_scale).unwrap_or_default(),
        }
    }
}

fn parse_seed(text: &str) -> Result<(String, Decimal), String> {
    let Some((code, amount)) = text.split_once('=') else {
        return Err(format!(
            "invalid seed {text:?}: expected CURRENCY=AMOUNT, such as eur=5000"
        ));
    };
    let code = code.trim().to_ascii_lowercase();
    if catalog::currency(&code).is_none() {
        return Err(format!(
            "invalid seed {text:?}: unknown currency {code:?}; use one of {}",
            catalog::currency_codes()
        ));
    }
    let amount = Decimal::from_str_exact(amount.trim())
        .map_err(|error| format!("invalid seed {text:?}: amount is not a decimal ({error})"))?;
    if amount.is_sign_negative() {
        return Err(format!(
            "invalid seed {text:?}: amount must not be negative"
        ));
    }
    Ok((code, amount))
}

fn parse_time_scale(text: &str) -> Result<f64, String> {
    let factor: f64 = text
        .parse()
        .map_err(|_| format!("invalid time scale {text:?}: expected a positive number"))?;
    TimeScale::new(factor)
        .map(TimeScale::factor)
        .ok_or_else(|| format!("invalid time scale {text:?}: must be a finite number above 0"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, Parser};

    #[test]
    fn flags_build_config() {
        let args = CliArgs::try_parse_from([
            "p100-sandbox",
            "--seed",
            "eur=5000,BTC=2.5",
            "--rate-limit",
            "0",
            "--time-scale",
            "10",
            "--webhook-url",
            "http://127.0.0.1:9/hooks",
            "--webhook-token",
            "secret-token",
        ])
        .unwrap();
        let config = args.into_config();
        assert_eq!(config.seed_amount("eur"), Decimal::from(5000));
        assert_eq!(config.seed_amount("btc").to_string(), "2.5");
        assert_eq!(config.seed_amount("eth"), Decimal::from(500));
        assert!(config.rate_limit.is_none());
        assert_eq!(config.time_scale.factor(), 10.0);
        assert!(!format!("{config:?}").contains("secret-token"));
        assert!(!format!("{config:?}").contains(DEFAULT_API_KEY));
    }

    #[test]
    fn help_shows_every_default() {
        let help = CliArgs::command().render_long_help().to_string();
        assert!(help.contains("[default: sandbox-key]"), "{help}");
        assert!(help.contains("[default: 127.0.0.1:8100]"), "{help}");
        assert!(help.contains("[default: 1]"), "{help}");
        assert!(help.contains("[default: off]"), "{help}");
        assert!(
            help.contains("[default: none, so no webhooks are sent]"),
            "{help}"
        );
        assert!(help.contains("[default: 1000000 EUR"), "{help}");
    }

    #[test]
    fn bad_seed_is_rejected() {
        let error = CliArgs::try_parse_from(["p100-sandbox", "--seed", "xyz=1"]).unwrap_err();
        assert!(error.to_string().contains("unknown currency"), "{error}");
        assert!(CliArgs::try_parse_from(["p100-sandbox", "--time-scale", "0"]).is_err());
    }
}
