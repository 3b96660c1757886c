//! The policies, loaded on a thread of their own while the first changelog
//! is read: a pull request's check of a few changesets spent about as long
//! loading the built-in rules as reading its history.

use std::sync::{Arc, OnceLock};
use std::thread::Scope;

use super::setup::{rule_ids_named, setup_problems};
use super::{CheckOptions, load_policies};
use crate::error::Problem;
use crate::policy::builtin::PolicyFile;
use crate::policy::engine::{Evaluation, PolicySet, Worker};
use crate::policy::input::{Inputs, Needs};

/// The policies of a check, and the problems of loading and setting them
/// up. A broken team policy must not hide what the built-in rules find:
/// those are loaded alone then, and the run exits 2 for the broken policy.
pub(super) fn load_for_check(
    opts: &CheckOptions,
    files: Result<Vec<PolicyFile>, Vec<Problem>>,
) -> Loaded {
    let mut problems = Vec::new();
    let named_rules = files
        .as_ref()
        .map(|f| rule_ids_named(f))
        .unwrap_or_default();
    let load = |f| super::load_policy_files(opts, f);
    let policies = match files.and_then(load) {
        Ok(p) => Some(p),
        Err(mut e) => {
            problems.append(&mut e);
            let builtin_only = CheckOptions {
                policy_paths: Vec::new(),
                ..opts.clone()
            };
            (opts.builtin_policies && !opts.policy_paths.is_empty())
                .then(|| load_policies(&builtin_only).ok())
                .flatten()
        }
    };
    problems.extend(setup_problems(opts, policies.as_ref(), named_rules));
    Loaded { policies, problems }
}

/// What loading gave: the policies (`None` when none could be loaded) and
/// the problems met, setup problems included.
#[derive(Default)]
pub(super) struct Loaded {
    pub policies: Option<PolicySet>,
    pub problems: Vec<Problem>,
}

/// The policies being loaded: whoever reads them waits until they are.
#[derive(Clone, Default)]
pub(super) struct Loading(Arc<OnceLock<Loaded>>);

impl Loading {
    /// Runs `load` on a new thread of `scope`.
    pub fn start<'scope>(
        scope: &'scope Scope<'scope, '_>,
        load: impl FnOnce() -> Loaded + Send + 'scope,
    ) -> Loading {
        let loading = Loading::default();
        let guard = SetOnDrop(loading.clone());
        scope.spawn(move || {
            let loaded = load();
            let _ = guard.0.0.set(loaded);
        });
        loading
    }

    /// The policies, once loaded.
    pub fn wait(&self) -> &Loaded {
        self.0.wait()
    }

    /// The documents the loaded policies read.
    pub fn needs(&self) -> Needs {
        self.wait()
            .policies
            .as_ref()
            .map_or(Needs::default(), PolicySet::needs)
    }
}

/// Should loading panic, readers get no policies instead of waiting
/// forever (the scope then raises the panic again).
struct SetOnDrop(Loading);

impl Drop for SetOnDrop {
    fn drop(&mut self) {
        let _ = self.0.0.set(Loaded::default());
    }
}

/// One thread's evaluator: its [`Worker`] is made when first needed, once
/// the policies are loaded. The first evaluator evaluates with the loaded
/// engine itself (nothing is loaded again); the others load their own
/// ([`PolicySet::worker`]).
pub(super) struct Evaluator {
    loading: Loading,
    first: bool,
    worker: Option<Worker>,
}

impl Evaluator {
    /// `n` evaluators of the policies `loading` loads.
    pub fn many(loading: &Loading, n: usize) -> Vec<Evaluator> {
        (0..n)
            .map(|i| Evaluator {
                loading: loading.clone(),
                first: i == 0,
                worker: None,
            })
            .collect()
    }

    /// Which documents the policies read (waits for them to load).
    pub fn needs(&self) -> Needs {
        self.loading.needs()
    }

    /// The policies' findings on `inputs` (none when no policy loaded).
    pub fn evaluate(&mut self, inputs: Inputs) -> Evaluation {
        self.worker()
            .map_or_else(Evaluation::default, |w| w.evaluate(inputs))
    }

    fn worker(&mut self) -> Option<&mut Worker> {
        if self.worker.is_none() {
            let set = self.loading.wait().policies.as_ref()?;
            let mut worker = match self.first {
                true => set.first_worker(),
                false => set.worker(),
            };
            worker.warm();
            self.worker = Some(worker);
        }
        self.worker.as_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn a_panic_while_loading_leaves_no_reader_waiting() {
        let reader_went_on = AtomicBool::new(false);
        let outcome = std::panic::catch_unwind(|| {
            std::thread::scope(|scope| {
                let loading = Loading::start(scope, || panic!("a bug while loading"));
                let mut evaluator = Evaluator::many(&loading, 1).remove(0);
                let evaluation = evaluator.evaluate(Inputs::default());
                assert!(loading.wait().policies.is_none());
                assert!(evaluation.findings.is_empty());
                reader_went_on.store(true, Ordering::SeqCst);
            })
        });
        assert!(outcome.is_err(), "the scope raises the panic again");
        assert!(reader_went_on.load(Ordering::SeqCst));
    }
}
