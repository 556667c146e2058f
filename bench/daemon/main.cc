// cocoplane-daemon-bench: the daemon's figures (daemon_bench.h) as JSON on
// stdout. Run it from a Release build:
//   build/release/bench/daemon/cocoplane-daemon-bench [--work DIR]
//       [--commits N] [--idle-seconds S] [--drift-objects N] [--only serve|drift]
#include <cstdlib>
#include <iostream>
#include <string>

#include "bench/daemon/daemon_bench.h"

namespace bd = cocoplane::bench::daemon;

int main(int argc, char** argv) {
  bd::Options o;
  o.binary = COCOPLANE_BINARY;
  o.source_dir = COCOPLANE_SOURCE_DIR;
  std::string only;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--work")
      o.work_dir = value;
    else if (flag == "--commits")
      o.commits = std::atoi(value.c_str());
    else if (flag == "--idle-seconds")
      o.idle_seconds = std::atof(value.c_str());
    else if (flag == "--drift-objects")
      o.drift_objects = std::atoi(value.c_str());
    else if (flag == "--only")
      only = value;
    else {
      std::cerr << "unknown flag " << flag << "\n";
      return 2;
    }
  }
  nlohmann::json out = nlohmann::json::object();
  if (only.empty() || only == "drift") {
    auto drift = bd::BenchDriftCheck(o);
    if (!drift.ok()) {
      std::cerr << "drift check: " << drift.status().ToString() << "\n";
      return 1;
    }
    out["drift_check"] = *drift;
  }
  if (only.empty() || only == "serve") {
    auto serve = bd::BenchServe(o);
    if (!serve.ok()) {
      std::cerr << "serve: " << serve.status().ToString() << "\n";
      return 1;
    }
    out.update(*serve);
  }
  std::cout << out.dump(2) << "\n";
  return 0;
}
