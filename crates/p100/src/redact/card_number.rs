//! Masks card numbers in free text: a run of 13 to 19 digits keeps only its last four
//! digits, unless the run is part of a longer id such as a UUID.

/// Keeps only the last four digits of each run of 13 to 19 digits that is a token on its
/// own. Single spaces or dashes between digit groups count as part of the run.
///
/// Digit groups joined to an id are not part of a card number: the all-digit middle groups
/// of a UUID (`d57d8d4e-9412-4321-3414-…`) stay as they are. [`is_joined_before`] and
/// [`is_joined_after`] define what joined means.
pub(crate) fn mask_card_numbers(input: &str) -> String {
    let bytes = input.as_bytes();
    let mut out = String::with_capacity(input.len());
    let mut copied = 0;
    let mut index = 0;

    while index < bytes.len() {
        if !bytes[index].is_ascii_digit() {
            index += 1;
            continue;
        }
        let groups = digit_groups(bytes, index);
        index = groups.last().map_or(index + 1, |group| group.end);

        let Some(card) = standalone_groups(bytes, &groups) else {
            continue;
        };
        let digits: Vec<u8> = card
            .iter()
            .flat_map(|group| bytes[group.clone()].iter().copied())
            .collect();
        if !(13..=19).contains(&digits.len()) {
            continue;
        }
        out.push_str(&input[copied..card[0].start]);
        out.push_str("****");
        out.push_str(std::str::from_utf8(&digits[digits.len() - 4..]).unwrap_or(""));
        copied = card[card.len() - 1].end;
    }
    out.push_str(&input[copied..]);
    out
}

/// Returns the byte ranges of the digit groups starting at `start`, where consecutive groups
/// are separated by one space or one dash.
fn digit_groups(bytes: &[u8], start: usize) -> Vec<std::ops::Range<usize>> {
    let mut groups = Vec::new();
    let mut group_start = start;
    let mut end = start;
    loop {
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        groups.push(group_start..end);

        let is_separator = end < bytes.len() && (bytes[end] == b' ' || bytes[end] == b'-');
        if !is_separator || !bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
            return groups;
        }
        end += 1;
        group_start = end;
    }
}

/// Drops the leading and trailing groups that are joined to an id, and returns the groups
/// left, or `None` when every group is joined.
fn standalone_groups<'a>(
    bytes: &[u8],
    groups: &'a [std::ops::Range<usize>],
) -> Option<&'a [std::ops::Range<usize>]> {
    let mut first = 0;
    let mut last = groups.len();
    while first < last && is_joined_before(bytes, groups[first].start) {
        first += 1;
    }
    while last > first && is_joined_after(bytes, groups[last - 1].end) {
        last -= 1;
    }
    (first < last).then(|| &groups[first..last])
}

/// Letters, digits and `_`: characters that continue an id or a word.
fn is_token_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// Characters that join the parts of an id: `-` in a UUID, `.` in a decimal number.
fn is_joiner(byte: u8) -> bool {
    byte == b'-' || byte == b'.'
}

/// Returns `true` when the text before `start` continues into it: a token character right
/// before it, or a joiner with a token character before that.
fn is_joined_before(bytes: &[u8], start: usize) -> bool {
    let Some(previous) = start.checked_sub(1).map(|i| bytes[i]) else {
        return false;
    };
    if is_token_char(previous) {
        return true;
    }
    is_joiner(previous) && start >= 2 && is_token_char(bytes[start - 2])
}

/// Returns `true` when the text after `end` continues from it: a token character right
/// after it, or a joiner with a token character after that.
fn is_joined_after(bytes: &[u8], end: usize) -> bool {
    let Some(&next) = bytes.get(end) else {
        return false;
    };
    if is_token_char(next) {
        return true;
    }
    is_joiner(next) && bytes.get(end + 1).is_some_and(|&byte| is_token_char(byte))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_numbers_keep_last_four_digits() {
        assert_eq!(mask_card_numbers("pan 4111111111111111."), "pan ****1111.");
        assert_eq!(mask_card_numbers("4111 1111 1111 1234"), "****1234");
        assert_eq!(mask_card_numbers("4111-1111-1111-1234 ok"), "****1234 ok");
        assert_eq!(
            mask_card_numbers("amount 0.5 and 123456"),
            "amount 0.5 and 123456"
        );
    }

    #[test]
    fn uuids_are_never_masked() {
        let uuids = [
            "d57d8d4e-9412-4321-3414-deb41f8aa3c1",
            "12345678-1234-5678-9012-34567890abcd",
            "abcdef01-2345-6789-0123-456789012345",
            "00000000-0000-0000-0000-000000000000",
            "0f5c2b7e-3d1a-4c8e-9b6f-2a7d4e1c9b30",
            "9412e4d1-4321-3414-1234-5678deb41f8a",
        ];
        for uuid in uuids {
            let message = format!("lockId {uuid} expired");
            assert_eq!(mask_card_numbers(&message), message, "{uuid}");
            let json = format!(r#"{{"lockId":"{uuid}"}}"#);
            assert_eq!(crate::redact::text(&json), json, "{uuid}");
            let upper = uuid.to_ascii_uppercase();
            assert_eq!(mask_card_numbers(&upper), upper, "{upper}");
        }
    }

    #[test]
    fn card_forms_are_masked() {
        assert_eq!(mask_card_numbers("4111111111111111"), "****1111");
        assert_eq!(
            mask_card_numbers("card 4929 1234 1234 5678 ok"),
            "card ****5678 ok"
        );
        assert_eq!(
            mask_card_numbers("card 4929-1234-1234-5678."),
            "card ****5678."
        );
        assert_eq!(mask_card_numbers("(4929123412345678)"), "(****5678)");
        assert_eq!(
            mask_card_numbers("pan=4929123412345678&x=1"),
            "pan=****5678&x=1"
        );
        assert_eq!(mask_card_numbers("378282246310005"), "****0005");
        assert_eq!(mask_card_numbers("6011 0009 9013 9424 123"), "****4123");
    }

    #[test]
    fn card_inside_json_string_is_masked() {
        let body = r#"{"message":"card 4929123412345678 declined","ref":"4929-1234-1234-5678"}"#;
        assert_eq!(
            mask_card_numbers(body),
            r#"{"message":"card ****5678 declined","ref":"****5678"}"#
        );
        assert_eq!(
            mask_card_numbers(r#"["4929123412345678"]"#),
            r#"["****5678"]"#
        );
    }

    #[test]
    fn card_next_to_uuid_is_masked() {
        let uuid = "d57d8d4e-9412-4321-3414-deb41f8aa3c1";
        assert_eq!(
            mask_card_numbers(&format!("{uuid} 4929123412345678")),
            format!("{uuid} ****5678")
        );
        assert_eq!(
            mask_card_numbers(&format!("4929123412345678 {uuid}")),
            format!("****5678 {uuid}")
        );
    }

    #[test]
    fn digits_inside_other_tokens_are_kept() {
        for kept in [
            "ref-4929123412345678",
            "4929123412345678-ref",
            "id4929123412345678",
            "4929123412345678x",
            "user_4929123412345678",
            "amount 1234567890123.45",
            "v1.4929123412345678",
            "12345678901234567890123",
        ] {
            assert_eq!(mask_card_numbers(kept), kept);
        }
    }
}
