//! Generators for ids and look-alike account data: UUIDs, IBANs with valid check digits,
//! deposit addresses in each chain's style, and card numbers that pass the Luhn check.

use rand::Rng;

/// Returns a new random UUID string, the shape of every P100 id.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Returns a random Lithuanian IBAN (the country of P100's EUR accounts) with valid check
/// digits.
pub fn new_iban() -> String {
    let mut rng = rand::rng();
    let account: String = (0..16)
        .map(|_| char::from(b'0' + rng.random_range(0..10)))
        .collect();
    with_check_digits("LT", &account)
}

/// Computes the ISO 13616 check digits for `country` and `account` and returns the IBAN.
pub fn with_check_digits(country: &str, account: &str) -> String {
    let candidate = format!("{country}00{account}");
    let bytes = candidate.as_bytes();
    let rearranged = bytes[4..].iter().chain(&bytes[..4]);
    let mut remainder: u32 = 0;
    for byte in rearranged {
        let digits = if byte.is_ascii_digit() {
            u32::from(byte - b'0')
        } else {
            u32::from(byte - b'A') + 10
        };
        let width = if digits >= 10 { 100 } else { 10 };
        remainder = (remainder * width + digits) % 97;
    }
    format!("{country}{:02}{account}", 98 - remainder)
}

/// Returns a random deposit address shaped like the addresses of `currency`'s chain.
pub fn new_wallet(currency: &str) -> String {
    let hex = random_hex(40);
    match currency {
        "btc" => format!("tb1q{}", &hex[..38]),
        "ltc" => format!("tltc1q{}", &hex[..38]),
        "doge" => format!("n{}", &hex[..33]),
        _ => format!("0x{hex}"),
    }
}

/// Returns a random on-chain transaction hash.
pub fn new_transaction_hash() -> String {
    format!("0x{}", random_hex(64))
}

fn random_hex(length: usize) -> String {
    let mut rng = rand::rng();
    (0..length)
        .map(|_| char::from_digit(rng.random_range(0..16), 16).unwrap_or('0'))
        .collect()
}

/// Returns a random 16-digit card number in the test range `5100…` with a valid Luhn digit.
pub fn new_card_number() -> String {
    let mut rng = rand::rng();
    let mut digits: Vec<u32> = vec![5, 1, 0, 0];
    digits.extend((0..11).map(|_| rng.random_range(0..10)));
    digits.push(luhn_check_digit(&digits));
    digits
        .iter()
        .map(|digit| char::from_digit(*digit, 10).unwrap_or('0'))
        .collect()
}

fn luhn_check_digit(payload: &[u32]) -> u32 {
    let sum: u32 = payload
        .iter()
        .rev()
        .enumerate()
        .map(|(index, digit)| {
            if index % 2 == 0 {
                let doubled = digit * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                *digit
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// Returns a random string of `length` decimal digits, such as a CVV or a one-time code.
pub fn new_digits(length: usize) -> String {
    let mut rng = rand::rng();
    (0..length)
        .map(|_| char::from(b'0' + rng.random_range(0..10)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::is_valid_iban;

    #[test]
    fn generated_iban_is_valid() {
        for _ in 0..20 {
            let iban = new_iban();
            assert!(is_valid_iban(&iban), "{iban}");
        }
    }

    #[test]
    fn card_number_passes_luhn() {
        let number = new_card_number();
        assert_eq!(number.len(), 16);
        let digits: Vec<u32> = number.chars().map(|c| c.to_digit(10).unwrap()).collect();
        let (payload, check) = digits.split_at(15);
        assert_eq!(luhn_check_digit(payload), check[0]);
    }

    #[test]
    fn wallets_follow_chain_style() {
        assert!(new_wallet("eth").starts_with("0x"));
        assert_eq!(new_wallet("eth").len(), 42);
        assert!(new_wallet("btc").starts_with("tb1q"));
    }
}
