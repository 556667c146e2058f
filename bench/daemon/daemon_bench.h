// The daemon benchmarks (issues 6 and 7): what a user of `cocoplane serve`
// waits for and pays.
//
//   BenchCommitToApplied  a one-workload change of examples/repo committed,
//                         a signed GitHub webhook to the daemon on loopback,
//                         until /api/v1/status reports the commit applied;
//                         p50/p90 over `commits` commits. The source is a
//                         `git daemon` on 127.0.0.1; the daemon is the real
//                         `cocoplane serve` binary with the real compiler.
//   BenchIdle             the same daemon left alone: RSS and CPU over
//                         `idle_seconds` (drift watches armed, no traffic).
//   BenchDriftCheck       one drift check as the daemon's monitor runs it —
//                         read and hash every tracked object, list the
//                         managed directories, compare with the desired
//                         bundle — over `drift_objects` objects applied by
//                         the real applier to a node and a kbs-storage
//                         target; and, apart, parsing their record.json.
//
// Each returns a JSON object of figures, or a Status naming what failed.
// They write only under `work_dir`.
#ifndef COCOPLANE_BENCH_DAEMON_DAEMON_BENCH_H_
#define COCOPLANE_BENCH_DAEMON_DAEMON_BENCH_H_

#include <nlohmann/json.hpp>
#include <string>

#include "base/status.h"

namespace cocoplane::bench::daemon {

struct Options {
  std::string work_dir = "/tmp/cocoplane-daemon-bench";
  // The `cocoplane` binary and the source tree (examples/repo).
  std::string binary;
  std::string source_dir;
  int commits = 20;
  double idle_seconds = 30;
  int drift_objects = 10000;
  int drift_runs = 10;
};

// Runs the latency benchmark and then, on the same daemon, the idle one:
// {"commit_to_applied_ms": {...}, "idle": {...}}.
Result<nlohmann::json> BenchServe(const Options& options);

// {"objects", "runs", "check_ms": {min, p50, p90, max}, "record_load_ms":
//  {...} (parsing record.json: once per apply, the monitor caches it),
//  "checked", "items"}.
Result<nlohmann::json> BenchDriftCheck(const Options& options);

// Percentile (0..100) of `values` by nearest rank; 0 for none.
double Percentile(std::vector<double> values, double p);

}  // namespace cocoplane::bench::daemon

#endif  // COCOPLANE_BENCH_DAEMON_DAEMON_BENCH_H_
