#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 120) from its committed seeds and records
# executions per second and edges covered per target in bench/results/fuzz-DATE.md.
# Run on a quiet machine: exec/s is CPU-bound and halves when another build shares it.
#   bash bench/fuzz_bench.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-120}
CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DKEYSIFT_FUZZ=ON -DKEYSIFT_TESTS=OFF >/dev/null
cmake --build build/fuzz --target fuzz_all >/dev/null
bash fuzz/run.sh build/fuzz "$seconds"
out=bench/results/fuzz-$(date +%F).md
{
  echo "# Fuzz targets: $seconds s each from the committed seeds"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);"
  echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg). Two targets run at a time."
  echo "Command: \`bash bench/fuzz_bench.sh $seconds\` at $(git rev-parse --short HEAD)."
  echo "Edges: libFuzzer's \`cov\` (edges reached) of the inline 8-bit counters in the"
  echo "binary (keysift's own code; system libraries such as Hyperscan, RE2 and toml++ are"
  echo "not instrumented)."
  echo
  cat build/fuzz/fuzz-run/summary.md
} >"$out"
echo "wrote $out"
