//! Progress shown on stderr while the CLI waits for the server.
//!
//! On a terminal this is an indicatif spinner with the elapsed time, replaced by a one-line
//! outcome when the wait ends. When stderr is not a terminal (pipes, CI, tests) nothing is
//! printed, so a failing command still writes exactly one `error:` line to stderr.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// A running progress indicator; end it with [`Progress::finish`] or [`Progress::fail`].
pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    label: String,
}

impl Progress {
    /// Starts a spinner labelled `label` on stderr, if stderr is a terminal.
    pub fn start(label: impl Into<String>) -> Self {
        let label = label.into();
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new_spinner();
            if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
                bar.set_style(style);
            }
            bar.set_message(label.clone());
            bar.enable_steady_tick(Duration::from_millis(100));
            bar
        });
        Self {
            bar,
            started: Instant::now(),
            label,
        }
    }

    /// Replaces the message next to the spinner, e.g. with the latest status.
    pub fn update(&self, message: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{}: {message}", self.label));
        }
    }

    /// Stops the spinner and leaves a line with `outcome`.
    pub fn finish(self, outcome: &str) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
            let elapsed = self.started.elapsed().as_secs_f32();
            eprintln!("{}: {outcome} after {elapsed:.1}s", self.label);
        }
    }

    /// Stops the spinner and removes it; the caller reports the failure as its error line.
    pub fn fail(self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
