#!/usr/bin/env bash
# Runs every libFuzzer target of a KEYSIFT_FUZZ build for a bounded time each, starting
# from its committed seeds (fuzz/corpus/NAME) plus its dictionary (fuzz/dict/NAME.dict),
# and prints per target: executions, executions per second, edges covered (of the
# instrumented total), features, corpus size and peak RSS. New corpus entries go to the
# scratch directory, never into the repository. A crash, leak, timeout (> 10 s for one
# input) or out-of-memory (> 2 GB) fails the run and prints the input, base64-encoded,
# to turn into a regression (fuzz/README.md).
#   bash fuzz/run.sh BUILD_DIR SECONDS_PER_TARGET [TARGET...]
set -euo pipefail
build=${1:?usage: fuzz/run.sh BUILD_DIR SECONDS [TARGET...]}
seconds=${2:?seconds per target}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
out="$build/fuzz-run"
mkdir -p "$out"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for bin in "$build"/fuzz/fuzz_*; do
    [ -x "$bin" ] && targets+=("$(basename "$bin" | sed 's/^fuzz_//')")
  done
fi
[ ${#targets[@]} -gt 0 ] || { echo "fuzz: no targets in $build/fuzz" >&2; exit 1; }

run_one() {
  local name=$1 bin="$build/fuzz/fuzz_$1" work="$out/$1"
  rm -rf "$work" && mkdir -p "$work/corpus" "$work/artifacts"
  [ -d "$here/corpus/$name" ] || { echo "$name: no seed corpus" >"$work/result"; return 1; }
  local dict=() && [ -f "$here/dict/$name.dict" ] && dict=(-dict="$here/dict/$name.dict")
  local rc=0
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 "${dict[@]}" -artifact_prefix="$work/artifacts/" \
    "$work/corpus" "$here/corpus/$name" >"$work/log" 2>&1 || rc=$?
  local total cov ft corp execs speed rss
  total=$(grep -m1 -o 'Loaded [0-9]* modules *([0-9]* inline 8-bit counters)' "$work/log" \
            | grep -o '([0-9]*' | tr -d '(' || true)
  local last && last=$(grep -E '^#[0-9]+' "$work/log" | tail -1 || true)
  cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.*corp: \([0-9]*\)\/.*/\1/p' <<<"$last")
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log")
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$work/log")
  local status=ok
  if [ "$rc" -ne 0 ]; then
    status="FAILED (exit $rc)"
    for a in "$work"/artifacts/*; do
      [ -f "$a" ] || continue
      echo "== $name: $(basename "$a") (base64):"
      base64 -w0 "$a" && echo
    done
    tail -40 "$work/log"
  fi
  printf '| %s | %s | %s | %s | %s of %s | %s | %s | %s MB |\n' "$name" "$status" "${execs:-?}" \
    "${speed:-?}" "${cov:-?}" "${total:-?}" "${ft:-?}" "${corp:-?}" "${rss:-?}" >"$work/result"
  [ "$rc" -eq 0 ]
}
export -f run_one
export build seconds here out

echo "fuzz: ${#targets[@]} targets, ${seconds} s each, $(nproc) at a time"
failed=0
printf '%s\n' "${targets[@]}" | xargs -P "$(nproc)" -I{} bash -c 'run_one "$@"' _ {} || failed=1
{
  echo "| target | result | executions | exec/s | edges covered (of instrumented) | features | corpus | peak RSS |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  for t in "${targets[@]}"; do cat "$out/$t/result" 2>/dev/null || echo "| $t | no result |"; done
} | tee "$out/summary.md"
[ "$failed" -eq 0 ] || { echo "fuzz: a target failed (see above)" >&2; exit 1; }
echo "fuzz: ok"
