//! The progress indicator of `schemagate check`: a spinner on standard
//! error naming the stage, drawn only once a run has taken a second (or
//! `SCHEMAGATE_PROGRESS_DELAY` milliseconds), only when standard error is
//! a terminal, never with `--quiet`. It writes nothing else anywhere, so
//! the reports are the same bytes with or without it.

use std::sync::mpsc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes before the spinner shows, unless
/// `SCHEMAGATE_PROGRESS_DELAY` says otherwise.
const DELAY: Duration = Duration::from_secs(1);

/// The delay before the spinner shows: `SCHEMAGATE_PROGRESS_DELAY` in
/// milliseconds when it holds a whole number (0 shows it at once: what
/// the tests use, so they never depend on how fast the machine is),
/// otherwise [`DELAY`].
fn delay() -> Duration {
    std::env::var("SCHEMAGATE_PROGRESS_DELAY")
        .ok()
        .and_then(|ms| ms.trim().parse::<u64>().ok())
        .map_or(DELAY, Duration::from_millis)
}

/// A spinner, hidden until [`delay`] has passed (or for good when not
/// `enabled`).
pub(crate) struct Spinner {
    bar: ProgressBar,
    /// Tells the timer that the run ended (it then never shows the bar).
    done: Option<mpsc::Sender<()>>,
    timer: Option<std::thread::JoinHandle<()>>,
}

/// Whether a run draws progress: standard error is a terminal and the
/// run is not `--quiet`.
pub(crate) fn wanted(quiet: bool) -> bool {
    use std::io::IsTerminal;
    !quiet && std::io::stderr().is_terminal()
}

impl Spinner {
    pub(crate) fn start(enabled: bool) -> Spinner {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        // `wide_msg` cuts the stage to the terminal's width: a line that
        // wrapped would not be cleared
        if let Ok(style) = ProgressStyle::with_template("{spinner} {elapsed:>3} {wide_msg}") {
            bar.set_style(style);
        }
        if !enabled {
            return Spinner {
                bar,
                done: None,
                timer: None,
            };
        }
        let (done, ended) = mpsc::channel::<()>();
        let shown = bar.clone();
        let after = delay();
        let timer = std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = ended.recv_timeout(after) {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(100));
            }
        });
        Spinner {
            bar,
            done: Some(done),
            timer: Some(timer),
        }
    }

    /// Removes the spinner (before the reports are written).
    pub(crate) fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        drop(self.done.take());
        if let Some(timer) = self.timer.take() {
            let _ = timer.join();
        }
        self.bar.finish_and_clear();
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.stop();
    }
}

impl schemagate::progress::Progress for Spinner {
    fn stage(&self, stage: &str) {
        self.bar.set_message(stage.to_string());
    }
}
