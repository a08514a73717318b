//! Memory figures of a process from `/proc/<pid>/status` (Linux).

use anyhow::{Context, Result, anyhow};

/// Returns the value in KiB of the `field` line (such as `VmHWM`) of process `pid`.
///
/// # Errors
/// When the status file cannot be read or has no such line.
pub fn memory_kib(pid: u32, field: &str) -> Result<u64> {
    let path = format!("/proc/{pid}/status");
    let status =
        std::fs::read_to_string(&path).with_context(|| format!("failed to read {path}"))?;
    parse_kib(&status, field).ok_or_else(|| anyhow!("{path} has no {field} line in kB"))
}

/// Reads `field:   1234 kB` from the text of a status file.
fn parse_kib(status: &str, field: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(field)?.strip_prefix(':')?;
        let number = rest.trim().strip_suffix("kB")?.trim();
        number.parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_kib_lines() {
        let status = "Name:\tp100-sandbox\nVmHWM:\t   20480 kB\nVmRSS:\t   10240 kB\n";
        assert_eq!(parse_kib(status, "VmHWM"), Some(20480));
        assert_eq!(parse_kib(status, "VmRSS"), Some(10240));
        assert_eq!(parse_kib(status, "VmSwap"), None);
    }

    #[test]
    fn reads_own_process() {
        let peak = memory_kib(std::process::id(), "VmHWM").unwrap();
        assert!(peak > 0);
    }
}
