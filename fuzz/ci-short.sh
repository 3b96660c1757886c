#!/usr/bin/env bash
# A short fuzz run for CI: builds the fuzz targets (cargo-fuzz, libFuzzer,
# nightly) and runs each one for FUZZ_SECONDS (default 20) on one core,
# seeded from ../shared/corpus when it is there. For a quick build the
# targets are compiled at opt-level FUZZ_OPT_LEVEL (default 1) in
# FUZZ_CODEGEN_UNITS codegen units (default 16; cargo-fuzz's own default
# of 1 compiles the whole library on one core); long runs should use 3
# and 1, which run faster.
#
# Exit 0: every target ran without a crash, or the run is skipped (it then
# says "fuzz: skipped: <reason>"). Anything else fails:
# a crash, a timeout or out-of-memory of one input, a build error. A
# crashing input is kept under $FUZZ_TARGET_DIR/artifacts/ and the command
# that replays it is printed.
#
#   FUZZ_SECONDS=60 fuzz/ci-short.sh            # longer
#   fuzz/ci-short.sh sql_split changelog_xml    # some targets only
#   FUZZ_SECONDS=3600 FUZZ_OPT_LEVEL=3 FUZZ_CODEGEN_UNITS=1 FUZZ_CORPUS_DIR=/somewhere/corpora fuzz/ci-short.sh
#                                               # a long run that keeps its corpora
#   FUZZ_ARGS="-dict=…" fuzz/ci-short.sh        # more libFuzzer options
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${FUZZ_SECONDS:-20}
export CARGO_PROFILE_RELEASE_OPT_LEVEL=${FUZZ_OPT_LEVEL:-1}
codegen_units=${FUZZ_CODEGEN_UNITS:-16}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(sql_split formatted_sql changelog_xml changelog_yaml changelog_json config pipeline)
fi
# outside the fuzz crate, so nothing large lands in the repository's tree
target_dir=${FUZZ_TARGET_DIR:-${CARGO_TARGET_DIR:-$PWD/target}/fuzz}

skip() {
  echo "fuzz: skipped: $1"
  exit 0
}

command -v rustup >/dev/null 2>&1 || skip "rustup is not installed (the fuzz targets need a nightly toolchain)"
rustup run nightly rustc --version >/dev/null 2>&1 ||
  skip "no nightly toolchain (rustup toolchain install nightly)"
case "$(uname -s)" in
  Linux | Darwin) ;;
  *) skip "libFuzzer builds on Linux and macOS only" ;;
esac
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --locked >/dev/null 2>&1 ||
    skip "cargo-fuzz is not installed and could not be installed (cargo install cargo-fuzz)"
fi

echo "== building the fuzz targets"
# no sanitizer: the code is safe Rust, and what is hunted here is panics,
# stack overflows, hangs and memory blow-ups (debug assertions and
# overflow checks stay on)
build=(--sanitizer none --codegen-units "$codegen_units" --target-dir "$target_dir")
cargo +nightly fuzz build "${build[@]}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the targets write their scratch files under TMPDIR
export TMPDIR="$work/tmp"
mkdir -p "$TMPDIR" "$target_dir/artifacts"

seeds=""
if command -v python3 >/dev/null 2>&1 &&
  python3 fuzz/seed.py "$work/seeds" --per-target 150 --max-len 8192 >/dev/null 2>&1; then
  seeds="$work/seeds"
else
  echo "(no seeds: ../shared/corpus or python3 is missing; starting from empty corpora)"
fi

corpora=${FUZZ_CORPUS_DIR:-$work/corpus}
failed=()
for t in "${targets[@]}"; do
  echo "== fuzz $t (${secs}s)"
  mkdir -p "$corpora/$t"
  set +e
  cargo +nightly fuzz run "${build[@]}" "$t" \
    "$corpora/$t" ${seeds:+"$seeds/$t"} -- \
    -max_total_time="$secs" -max_len=8192 -timeout=20 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$target_dir/artifacts/$t-" ${FUZZ_ARGS:-} \
    >"$work/$t.log" 2>&1
  code=$?
  set -e
  grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|Done )' "$work/$t.log" || true
  if [ "$code" -ne 0 ]; then
    failed+=("$t")
    # the panic's message first: the backtrace after it is long
    grep -m 2 -A 2 -E "panicked at|ERROR: libFuzzer" "$work/$t.log" || true
    tail -n 30 "$work/$t.log"
    echo "fuzz: $t failed (exit $code); replay the input with:"
    echo "  CARGO_PROFILE_RELEASE_OPT_LEVEL=$CARGO_PROFILE_RELEASE_OPT_LEVEL cargo +nightly fuzz run ${build[*]} $t $target_dir/artifacts/$t-<crash-…>"
  fi
done

if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}"
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${secs}s each, no crash"
