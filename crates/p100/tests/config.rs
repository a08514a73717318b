//! Client configuration: environments, `P100_*` variables, the plain-http rule, secrets in
//! `Debug`, timeouts, user agent and a caller-supplied `reqwest::Client`.

mod support;

use std::collections::HashMap;
use std::time::Duration;

use p100::{Client, ClientBuilder, ConfigError, Environment, Error, RetryPolicy};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const BALANCES: &str = r#"{"fiatBalances":[],"cryptoBalances":[]}"#;

fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    move |name| map.get(name).cloned()
}

fn build_from(pairs: &[(&str, &str)]) -> Result<Client, Error> {
    ClientBuilder::from_env_with(vars(pairs))?.build()
}

async fn balances_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/partner/balances"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(BALANCES, "application/json"))
        .mount(&server)
        .await;
    server
}

#[test]
fn environments_have_their_base_urls() {
    let staging = Client::builder().api_key("k").build().unwrap();
    assert_eq!(staging.environment(), &Environment::Staging);
    assert_eq!(
        staging.base_url().as_str(),
        "https://partner-api-stage.p100.io/"
    );

    let production = Client::builder()
        .environment(Environment::Production)
        .api_key("k");
    assert_eq!(
        production.build().unwrap().base_url().as_str(),
        "https://partner-api.p100.io/"
    );

    assert_eq!(
        "PRODUCTION".parse::<Environment>().unwrap(),
        Environment::Production
    );
    assert!("qa".parse::<Environment>().is_err());
}

#[test]
fn env_reads_key_environment_and_base_url() {
    let client = build_from(&[("P100_API_KEY", "k"), ("P100_ENVIRONMENT", "production")]).unwrap();
    assert_eq!(client.environment(), &Environment::Production);

    let client = build_from(&[
        ("P100_API_KEY", "k"),
        ("P100_ENVIRONMENT", "production"),
        ("P100_BASE_URL", "http://127.0.0.1:4010"),
    ])
    .unwrap();
    assert_eq!(client.base_url().as_str(), "http://127.0.0.1:4010/");

    let client = build_from(&[("P100_API_KEY", "k")]).unwrap();
    assert_eq!(client.environment(), &Environment::Staging);
}

#[test]
fn missing_or_empty_key_names_the_variable() {
    for pairs in [&[][..], &[("P100_API_KEY", "  ")][..]] {
        let error = build_from(pairs).unwrap_err();
        let Error::Config(ConfigError::MissingVariable { name, .. }) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(*name, "P100_API_KEY");
        assert!(error.to_string().contains("P100_API_KEY"), "{error}");
    }
    let message = build_from(&[]).unwrap_err().to_string();
    assert!(message.contains("not set"), "{message}");
}

#[test]
fn unknown_environment_names_the_variable() {
    let error = build_from(&[("P100_API_KEY", "k"), ("P100_ENVIRONMENT", "qa")]).unwrap_err();
    assert!(
        matches!(error, Error::Config(ConfigError::UnknownEnvironment { .. })),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("\"qa\""), "{message}");
    assert!(message.contains("P100_ENVIRONMENT"), "{message}");
    assert!(message.contains("staging"), "{message}");
    assert!(message.contains("production"), "{message}");
}

#[test]
fn invalid_base_url_names_the_variable() {
    let error = build_from(&[("P100_API_KEY", "k"), ("P100_BASE_URL", "not a url")]).unwrap_err();
    assert!(
        matches!(error, Error::Config(ConfigError::InvalidBaseUrl { .. })),
        "{error:?}"
    );
    assert!(error.to_string().contains("P100_BASE_URL"), "{error}");

    let error = Client::builder()
        .api_key("k")
        .base_url("ftp://127.0.0.1")
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("\"ftp\""), "{error}");
}

#[test]
fn plain_http_is_rejected_except_loopback() {
    let error = Client::builder()
        .api_key("k")
        .base_url("http://api.example.com")
        .build();
    let error = error.unwrap_err();
    assert!(
        matches!(error, Error::Config(ConfigError::InsecureBaseUrl { .. })),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("unencrypted"), "{message}");
    assert!(message.contains("loopback"), "{message}");

    for url in [
        "http://127.0.0.1:8080",
        "http://127.1.2.3",
        "http://[::1]:9000",
        "http://localhost",
    ] {
        let built = Client::builder().api_key("k").base_url(url).build();
        assert!(built.is_ok(), "{url}: {:?}", built.err());
    }
    assert!(
        Client::builder()
            .api_key("k")
            .base_url("https://api.example.com")
            .build()
            .is_ok()
    );
}

#[test]
fn missing_key_in_builder_is_a_config_error() {
    let error = Client::builder().build().unwrap_err();
    assert!(
        matches!(error, Error::Config(ConfigError::MissingApiKey)),
        "{error:?}"
    );
    let error = Client::builder()
        .api_key("bad\u{7}key")
        .build()
        .unwrap_err();
    assert!(
        matches!(error, Error::Config(ConfigError::InvalidApiKey)),
        "{error:?}"
    );
}

#[test]
fn debug_output_hides_the_key() {
    let key = "sk-very-secret-4242";
    let builder = Client::builder().api_key(key);
    assert!(!format!("{builder:?}").contains(key));
    let client = builder.build().unwrap();
    let debug = format!("{client:?}");
    assert!(!debug.contains(key), "{debug}");
    assert!(debug.contains("<redacted>"), "{debug}");
}

#[test]
fn zero_timeouts_are_rejected() {
    let error = Client::builder()
        .api_key("k")
        .timeout(Duration::ZERO)
        .build()
        .unwrap_err();
    assert!(
        matches!(error, Error::Config(ConfigError::ZeroTimeout { .. })),
        "{error:?}"
    );
}

#[tokio::test]
async fn base_url_path_prefix_is_kept() {
    let server = MockServer::start().await;
    Mock::given(path("/sandbox/v1/partner/balances"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(BALANCES, "application/json"))
        .mount(&server)
        .await;
    let client = support::client(&format!("{}/sandbox/", server.uri()), RetryPolicy::none());
    client.partner().balances().await.unwrap();
}

#[tokio::test]
async fn user_agent_is_configurable() {
    let server = MockServer::start().await;
    Mock::given(header("user-agent", "acme-payments/2.1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(BALANCES, "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key("k")
        .user_agent("acme-payments/2.1")
        .build()
        .unwrap();
    client.partner().balances().await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(
        received[0].headers.get("user-agent").unwrap(),
        "acme-payments/2.1"
    );
}

#[tokio::test]
async fn custom_http_client_gets_sdk_timeout() {
    let server = balances_server().await;
    let http = reqwest::Client::builder().build().unwrap();
    let client = Client::builder()
        .base_url(server.uri())
        .api_key("k")
        .http_client(http.clone())
        .build()
        .unwrap();
    client.partner().balances().await.unwrap();
    assert_eq!(
        server.received_requests().await.unwrap()[0].headers["x-api-key"],
        "k"
    );

    let slow = MockServer::start().await;
    Mock::given(path("/v1/partner/balances"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&slow)
        .await;
    let client = Client::builder()
        .base_url(slow.uri())
        .api_key("k")
        .http_client(http)
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = client.partner().balances().await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}

#[test]
fn connect_timeout_rejects_custom_client() {
    let error = Client::builder()
        .api_key("k")
        .http_client(reqwest::Client::new())
        .connect_timeout(Duration::from_secs(1))
        .build()
        .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("connect_timeout"), "{message}");
    assert!(message.contains("reqwest::ClientBuilder"), "{message}");
}
