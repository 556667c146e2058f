#!/bin/sh
# Runs every benchmark of BENCHMARKS.md with one command:
#   bench/run.sh [WORK_DIR] [more `cocoplane-bench run` flags]
# Configures the Release tree (build/release, CMake preset "release"),
# builds only the benchmark binaries and `cocoplane`, then
#   1. cocoplane-bench run: generates the repository (10,000 workloads,
#      2,000 resources, 50 pools, 500 rules, 10,000 test cases) into
#      WORK_DIR/repo unless it is there, and writes WORK_DIR/figures.json
#      and WORK_DIR/figures.md;
#   2. cocoplane-daemon-bench (bench/daemon/, when present): commit-to-applied
#      latency and the idle daemon, into WORK_DIR/daemon-figures.json.
# WORK_DIR defaults to /tmp/cocoplane-bench; it must be on a local disk.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/cocoplane-bench}
[ $# -gt 0 ] && shift
mkdir -p "$work"

# Builds never overlap on a shared machine: take the build lock if flock exists.
locked() { if command -v flock >/dev/null; then flock /tmp/cocoplane-build.lock "$@"; else "$@"; fi; }

cd "$root"
targets="cocoplane cocoplane-bench"
[ -f bench/daemon/CMakeLists.txt ] && targets="$targets cocoplane-daemon-bench"
[ -f build/release/build.ninja ] || locked cmake --preset release
# shellcheck disable=SC2086
locked ninja -C build/release -j"$(nproc)" $targets

build/release/bench/cocoplane-bench run --work "$work" --json "$work/figures.json" "$@" \
  | tee "$work/figures.md"
if [ -x build/release/bench/daemon/cocoplane-daemon-bench ]; then
  build/release/bench/daemon/cocoplane-daemon-bench --work "$work/daemon" \
    > "$work/daemon-figures.json"
  echo "daemon figures: $work/daemon-figures.json"
fi
