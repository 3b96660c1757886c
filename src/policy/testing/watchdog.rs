//! The backstop behind `--policy-timeout`. regorus's execution timer stops
//! an evaluation cooperatively, between steps; one builtin call is one step,
//! so a call that itself runs for long (`numbers.range` over a million
//! numbers) would hold the run past the limit. The tests are therefore
//! evaluated on a worker thread, and a test still running well past the
//! limit ([`hard_limit`]) is reported as an error and abandoned: the run
//! returns without waiting for it (the thread ends with the process).

use std::sync::mpsc;
use std::time::{Duration, Instant};

use regorus::Engine;

use super::run::{Test, evaluate_all, seconds};
use super::{Coverage, Outcome, TestOptions, TestReport, TestResult};
use crate::error::Problem;
use crate::policy::builtin::PolicyFile;

/// What the worker reports.
enum Event {
    Started(usize),
    Done(Box<TestResult>),
    Finished(Result<Option<Coverage>, Problem>),
}

/// How long a test may run before it is abandoned: twice the limit, plus
/// the limit again up to a second (11 s for the default 5 s).
pub(crate) fn hard_limit(timeout: Duration) -> Duration {
    timeout
        .saturating_mul(2)
        .saturating_add(timeout.min(Duration::from_secs(1)))
}

pub(super) fn run_watched(
    mut engine: Engine,
    tests: Vec<Test>,
    sources: Vec<PolicyFile>,
    options: &TestOptions,
) -> Result<TestReport, Vec<Problem>> {
    // what an abandoned test is reported as
    let shown: Vec<(String, String, String, usize)> = tests
        .iter()
        .map(|t| (t.package.clone(), t.name.clone(), t.file.clone(), t.line))
        .collect();
    let (tx, rx) = mpsc::channel();
    let timeout = options.timeout;
    let covered = options.coverage.clone();
    std::thread::spawn(move || {
        let started = |i| {
            let _ = tx.send(Event::Started(i));
        };
        let done = |r| {
            let _ = tx.send(Event::Done(Box::new(r)));
        };
        let finished = evaluate_all(
            &mut engine,
            tests,
            timeout,
            (&sources, covered.as_deref()),
            started,
            done,
        );
        let _ = tx.send(Event::Finished(finished));
    });
    let mut report = TestReport::default();
    let mut running: Option<(usize, Instant)> = None;
    let limit = hard_limit(timeout);
    loop {
        let event = match running {
            None => rx.recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected),
            Some((_, since)) => rx.recv_timeout(limit.saturating_sub(since.elapsed())),
        };
        match event {
            Ok(Event::Started(i)) => running = Some((i, Instant::now())),
            Ok(Event::Done(r)) => {
                report.results.push(*r);
                running = None;
            }
            Ok(Event::Finished(coverage)) => {
                report.coverage = coverage.map_err(|p| vec![p])?;
                return Ok(report);
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let (i, since) = running.unwrap_or((0, Instant::now()));
                report
                    .results
                    .push(abandoned(&shown, i, since.elapsed(), timeout));
                return Ok(report);
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(vec![Problem::general(
                    "the policy test runner stopped unexpectedly (a panic in the Rego engine)",
                )]);
            }
        }
    }
}

/// The result of a test that did not stop.
fn abandoned(
    shown: &[(String, String, String, usize)],
    i: usize,
    elapsed: Duration,
    timeout: Duration,
) -> TestResult {
    let (package, name, file, line) = shown.get(i).cloned().unwrap_or_default();
    let rest = shown.len().saturating_sub(i + 1);
    let mut message = format!(
        "{file}:{line}: policy evaluation exceeded {} and did not stop; abandoned",
        seconds(timeout)
    );
    if rest > 0 {
        message.push_str(&format!(" (the {rest} tests after it were not run)"));
    }
    TestResult {
        package,
        name,
        file,
        line,
        outcome: Outcome::Error(message),
        duration: elapsed,
        value: None,
        prints: Vec::new(),
        saw: Vec::new(),
        diff: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hard_limit_leaves_the_timer_room() {
        assert_eq!(hard_limit(Duration::from_secs(5)), Duration::from_secs(11));
        assert_eq!(
            hard_limit(Duration::from_millis(10)),
            Duration::from_millis(30)
        );
    }

    #[test]
    fn one_long_builtin_call_is_abandoned_at_the_hard_limit() {
        // one call building a million numbers (the most a builtin may
        // build): about 30 ms in a debug build, never interrupted by
        // regorus's timer
        let test = "package big_test\nimport rego.v1\n\
            test_one_long_call if count(numbers.range(1, 1000000)) > 0\n\
            test_after if true\n";
        let options = TestOptions {
            timeout: Duration::from_millis(1),
            ..TestOptions::default()
        };
        let files = vec![PolicyFile {
            path: "big_test.rego".into(),
            text: test.into(),
        }];
        let report = super::super::run_tests_with(files, &options).unwrap();
        assert_eq!(report.results.len(), 1);
        assert_eq!(
            report.results[0].outcome,
            Outcome::Error(
                "big_test.rego:3: policy evaluation exceeded 0.001 s and did not stop; \
                 abandoned (the 1 tests after it were not run)"
                    .into()
            )
        );
        assert!(report.results[0].duration < Duration::from_millis(500));
    }
}
