#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine (README "Quick start").
#
#   .ci/setup.sh demo   install what is missing, build (release), run the main
#                       job on examples/repo
#   .ci/setup.sh test   install what is missing, build with ASan+UBSan and
#                       -Werror (the "ci" preset), run every test
#   .ci/setup.sh build  install what is missing, release build only (used by
#                       deploy/container and the CI templates in deploy/ci)
#
# Idempotent: packages already present are not reinstalled; builds are
# incremental. Needs root or sudo for apt-get.
set -euo pipefail
mode=${1:-}
case "$mode" in demo|test|build) ;; *) echo "usage: $0 demo|test|build" >&2; exit 2 ;; esac
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

# Build tools and every library in the fixed stack (Debian 12 names).
packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libgit2-dev libyaml-dev libyaml-cpp-dev libtomlplusplus-dev libssl-dev libboost-dev
  nlohmann-json3-dev libcurl4-openssl-dev libgtest-dev libgmock-dev
  libvalijson-dev libcli11-dev zlib1g-dev libbenchmark-dev
  libgpgme-dev gnupg openssh-client openssh-server prometheus-cpp-dev prometheus
  lighttpd lighttpd-mod-openssl openssl
  prometheus-alertmanager cmark libre2-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "== installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

jobs=$(nproc)
if [ "$mode" = demo ] || [ "$mode" = build ]; then
  cmake --preset release -DCOCOPLANE_BUILD_TESTS=OFF >/dev/null
  cmake --build --preset release -j "$jobs"
  [ "$mode" = build ] && exit 0
  bin=build/release/daemon/main/cocoplane
  # The main job: the daemon on examples/repo, served from a local Git
  # repository it creates under .state/, applied once to a local node target
  # and a KBS LocalFs storage target; status stays up until Ctrl-C.
  echo "== $bin demo examples/repo"
  exec "$bin" demo examples/repo
fi

cmake --preset ci >/dev/null
cmake --build --preset ci -j "$jobs"
# Sanitizer reports fail the test that triggered them.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --preset ci -j "$jobs"
