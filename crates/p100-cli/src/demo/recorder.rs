//! Runs the demo's steps one by one, prints each with its result, and prints the summary.
//!
//! In table mode each step is a heading, its result table and a verdict line. With `--json`
//! each step is one JSON line `{"step", "name", "status", "elapsedMs", "result" | "error"}`
//! and the summary is a final line `{"summary": {...}}`, so scripts can read the output
//! line by line.

use std::future::Future;
use std::time::{Duration, Instant};

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use crate::error::CliError;
use crate::json_tree::JsonNode;
use crate::output::Output;

/// Outcome of one step.
#[derive(Clone, Debug)]
enum Outcome {
    Succeeded,
    Failed(String),
}

/// One finished or skipped step.
#[derive(Clone, Debug)]
struct Record {
    name: String,
    outcome: Outcome,
    elapsed: Duration,
}

/// Collects step outcomes and prints them as they happen.
pub struct Recorder {
    output: Output,
    records: Vec<Record>,
    started: Instant,
}

impl Recorder {
    /// Starts an empty record.
    pub fn new(output: Output) -> Self {
        Self {
            output,
            records: Vec::new(),
            started: Instant::now(),
        }
    }

    /// Returns the output settings the steps print with.
    pub fn output(&self) -> Output {
        self.output
    }

    /// Runs one step, prints its result or error, and returns the result on success.
    pub async fn step<T, F>(&mut self, name: impl Into<String>, work: F) -> Option<T>
    where
        T: Serialize,
        F: Future<Output = Result<T, CliError>>,
    {
        let name = name.into();
        let number = self.records.len() + 1;
        if !self.output.json {
            outln!("\nstep {number}: {name}");
        }

        let started = Instant::now();
        let result = work.await;
        let elapsed = started.elapsed();

        let (outcome, value, node) = match result {
            Ok(value) => match self.output.prepare(&value) {
                Ok(node) => (Outcome::Succeeded, Some(value), Some(node)),
                Err(error) => (Outcome::Failed(error.one_line()), None, None),
            },
            Err(error) => (Outcome::Failed(error.one_line()), None, None),
        };
        self.print_step(number, &name, &outcome, elapsed, node);
        self.records.push(Record {
            name,
            outcome,
            elapsed,
        });
        value
    }

    fn print_step(
        &self,
        number: usize,
        name: &str,
        outcome: &Outcome,
        elapsed: Duration,
        result: Option<JsonNode>,
    ) {
        let millis = elapsed.as_millis();
        if self.output.json {
            let mut entries = vec![
                (String::from("step"), JsonNode::Number(number.to_string())),
                (String::from("name"), JsonNode::String(name.to_string())),
                (
                    String::from("status"),
                    JsonNode::String(status_word(outcome).into()),
                ),
                (
                    String::from("elapsedMs"),
                    JsonNode::Number(millis.to_string()),
                ),
            ];
            if let Some(node) = result {
                entries.push((String::from("result"), node));
            }
            if let Outcome::Failed(message) = outcome {
                entries.push((String::from("error"), JsonNode::String(message.clone())));
            }
            outln!(
                "{}",
                serde_json::to_string(&JsonNode::Object(entries)).unwrap_or_default()
            );
            return;
        }

        match outcome {
            Outcome::Succeeded => {
                if let Some(node) = result {
                    outln!("{}", self.output.render(&node));
                }
                outln!("  ok ({millis} ms)");
            }
            Outcome::Failed(message) => outln!("  FAILED ({millis} ms): {message}"),
        }
    }

    /// Prints the summary and returns an error unless every step succeeded.
    pub fn finish(self) -> Result<(), CliError> {
        let total = self.records.len();
        let failed: Vec<&Record> = self
            .records
            .iter()
            .filter(|record| !matches!(record.outcome, Outcome::Succeeded))
            .collect();
        let seconds = self.started.elapsed().as_secs_f64();

        if self.output.json {
            let summary = JsonNode::Object(vec![
                (String::from("steps"), JsonNode::Number(total.to_string())),
                (
                    String::from("succeeded"),
                    JsonNode::Number((total - failed.len()).to_string()),
                ),
                (
                    String::from("failed"),
                    JsonNode::Number(failed.len().to_string()),
                ),
                (
                    String::from("seconds"),
                    JsonNode::Number(format!("{seconds:.3}")),
                ),
            ]);
            let line = JsonNode::Object(vec![(String::from("summary"), summary)]);
            outln!("{}", serde_json::to_string(&line).unwrap_or_default());
        } else {
            let mut table = Table::new();
            table
                .load_preset(presets::UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_header(vec!["#", "step", "status", "ms"]);
            for (index, record) in self.records.iter().enumerate() {
                table.add_row(vec![
                    (index + 1).to_string(),
                    record.name.clone(),
                    status_word(&record.outcome).to_string(),
                    record.elapsed.as_millis().to_string(),
                ]);
            }
            outln!("\nsummary:\n{table}");
            outln!(
                "{} of {total} steps succeeded in {seconds:.1} s",
                total - failed.len()
            );
        }

        if failed.is_empty() {
            return Ok(());
        }
        let names: Vec<&str> = failed.iter().map(|record| record.name.as_str()).collect();
        Err(CliError::Failed(format!(
            "demo failed: {} of {total} steps did not succeed ({}); see the step output above",
            failed.len(),
            names.join(", ")
        )))
    }
}

fn status_word(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Succeeded => "ok",
        Outcome::Failed(_) => "failed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn failed_step_fails_demo() {
        let mut recorder = Recorder::new(Output {
            json: true,
            show_secrets: false,
        });
        let first = recorder.step("works", async { Ok::<_, CliError>(1) }).await;
        assert_eq!(first, Some(1));
        let second: Option<u8> = recorder
            .step("breaks", async {
                Err(CliError::Failed(String::from("boom")))
            })
            .await;
        assert_eq!(second, None);

        let error = recorder.finish().unwrap_err();
        assert!(matches!(error, CliError::Failed(_)), "{error}");
        assert!(error.to_string().contains("1 of 2 steps"), "{error}");
        assert!(error.to_string().contains("breaks"), "{error}");
    }

    #[tokio::test]
    async fn successful_steps_pass_demo() {
        let mut recorder = Recorder::new(Output::default());
        recorder.step("one", async { Ok::<_, CliError>("a") }).await;
        recorder.step("two", async { Ok::<_, CliError>("b") }).await;
        assert!(recorder.finish().is_ok());
    }
}
