//! Reads the CSV fixtures in `tests/fixtures/`: the endpoint and webhook lists compiled from
//! P100's public docs, which the spec must cover.

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};

/// One CSV record as a map from column name to value.
pub type Record = BTreeMap<String, String>;

/// Reads `tests/fixtures/<name>` and returns its records, keyed by the header row's names.
///
/// # Errors
/// Fails when the file cannot be read, a quote is not closed, or a record has a different
/// number of fields than the header.
pub fn read_csv(name: &str) -> Result<Vec<Record>> {
    let path = crate::fixture_path(name);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("failed to read fixture {}", path.display()))?;
    parse_csv(&text).with_context(|| format!("fixture {} is not valid CSV", path.display()))
}

/// Parses RFC 4180 CSV text: comma-separated fields, double quotes around fields that contain
/// commas, quotes or line breaks, and `""` for a quote inside a quoted field.
///
/// # Errors
/// Fails on an unclosed quote or a record whose field count differs from the header's.
pub fn parse_csv(text: &str) -> Result<Vec<Record>> {
    let rows = split_rows(text)?;
    let Some((header, rows)) = rows.split_first() else {
        return Ok(Vec::new());
    };
    let mut records = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        if row.len() != header.len() {
            bail!(
                "record {} has {} fields, the header has {}: {row:?}",
                index + 1,
                row.len(),
                header.len()
            );
        }
        records.push(header.iter().cloned().zip(row.iter().cloned()).collect());
    }
    Ok(records)
}

fn split_rows(text: &str) -> Result<Vec<Vec<String>>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();

    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            _ => field.push(c),
        }
    }
    if quoted {
        bail!("a quoted field is not closed");
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::parse_csv;

    #[test]
    fn quoted_fields_keep_commas() {
        let records = parse_csv("a,b\n1,\"x, \"\"y\"\"\"\n").expect("valid CSV");
        assert_eq!(records.len(), 1);
        assert_eq!(records[0]["a"], "1");
        assert_eq!(records[0]["b"], "x, \"y\"");
    }

    #[test]
    fn field_count_mismatch_fails() {
        let error = parse_csv("a,b\n1\n").expect_err("short record");
        assert!(
            error.to_string().contains("record 1 has 1 fields"),
            "{error}"
        );
    }
}
