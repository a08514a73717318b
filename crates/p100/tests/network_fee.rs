//! `CryptoWithdrawals::network_fee` sends the optional `network` query parameter only when the
//! caller gives a network.

mod support;

use p100::RetryPolicy;
use p100::enums::{Currency, Network};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn fee_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/crypto-withdrawal/get-network-fee"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"networkFee":0.000469}"#, "application/json"),
        )
        .mount(&server)
        .await;
    server
}

/// Returns the query pairs of the only request `server` received.
async fn received_query(server: &MockServer) -> Vec<(String, String)> {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests[0]
        .url
        .query_pairs()
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

#[tokio::test]
async fn network_fee_without_network_omits_it() {
    let server = fee_server().await;
    let client = support::client(&server.uri(), RetryPolicy::none());

    let fee = client
        .crypto_withdrawals()
        .network_fee(Currency::Usdt, None)
        .await
        .unwrap();

    assert_eq!(fee.network_fee.0.to_string(), "0.000469");
    let query = received_query(&server).await;
    assert_eq!(query, vec![("currency".to_string(), "usdt".to_string())]);
}

#[tokio::test]
async fn network_fee_with_network_sends_it() {
    let server = fee_server().await;
    let client = support::client(&server.uri(), RetryPolicy::none());

    client
        .crypto_withdrawals()
        .network_fee(Currency::Usdc, Network::Polygon)
        .await
        .unwrap();

    let query = received_query(&server).await;
    assert!(
        query.contains(&("currency".to_string(), "usdc".to_string())),
        "{query:?}"
    );
    assert!(
        query.contains(&("network".to_string(), "polygon".to_string())),
        "{query:?}"
    );
    assert_eq!(query.len(), 2, "{query:?}");
}

#[tokio::test]
async fn network_fee_accepts_optional_network() {
    let server = fee_server().await;
    let client = support::client(&server.uri(), RetryPolicy::none());
    let network: Option<Network> = Some(Network::Polygon);

    client
        .crypto_withdrawals()
        .network_fee(Currency::Usdt, network)
        .await
        .unwrap();

    let query = received_query(&server).await;
    assert!(
        query.contains(&("network".to_string(), "polygon".to_string())),
        "{query:?}"
    );
}
