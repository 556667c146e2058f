// BenchDriftCheck: one drift check as DriftMonitor::RunCheck does it, over
// N objects the real applier wrote (daemon_bench.h).
//
// Half the objects are Kata drop-in-like files on a node target (100 per
// directory), half KBS resources in one flat LocalFs directory, resolved
// from an environment source like real ones. Before timing, one object is
// edited, one removed and one stray file added, so every check finds three
// items; the desired bundle is the one applied (nothing pending). The page
// cache is warm: this is the periodic or inotify-triggered check.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "bench/daemon/daemon_bench.h"
#include "compile/bundle.h"
#include "drift/drift.h"
#include "reconcile/applier.h"
#include "reconcile/record.h"
#include "reconcile/value_resolver.h"
#include "targets/dir_target.h"

namespace cocoplane::bench::daemon {
namespace {

namespace stdfs = std::filesystem;
using nlohmann::json;

std::string Pad(int n, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*d", width, n);
  return buf;
}

std::string NodeAddress(int i) {
  return "/etc/kata-containers/objects/" + Pad(i / 200, 3) + "/obj-" + Pad(i, 6) + ".toml";
}

std::string KbsPath(int i) { return "app-" + Pad(i % 500, 3) + "/key/obj-" + Pad(i, 6); }

std::string KbsAddress(int i) {
  std::string key;
  for (char c : KbsPath(i)) key += c == '/' ? std::string("\\x2F") : std::string(1, c);
  return "repository/" + key;
}

compile::Bundle BenchBundle(int objects) {
  compile::Bundle b;
  b.revision = "0123456789abcdef0123456789abcdef01234567";
  for (int i = 0; i < objects; ++i) {
    std::string name = "objects/" + Pad(i, 6);
    if (i % 2 == 0) {
      compile::AddArtifact(
          b, name, compile::ArtifactKind::kKataConfig, "nodepool/bench",
          "node:bench:" + NodeAddress(i),
          "[hypervisor.qemu]\ndefault_memory = " + std::to_string(2048 + i) + "\n");
    } else {
      compile::AddArtifact(
          b, name, compile::ArtifactKind::kKbsResourceRef, "resource/" + KbsPath(i),
          "kbs:" + KbsAddress(i),
          json{{"resource", KbsPath(i)}, {"source", {{"env", "BENCH_VALUE"}}}}.dump());
    }
  }
  return b;
}

}  // namespace

Result<json> BenchDriftCheck(const Options& o) {
  std::string root = o.work_dir + "/drift";
  std::error_code ec;
  stdfs::remove_all(root, ec);
  stdfs::create_directories(root);
  auto node = targets::NewNodeTarget("bench", root + "/node");
  auto kbs = targets::NewKbsStorageTarget(root + "/kbs");
  std::vector<targets::Target*> all = {node.get(), kbs.get()};
  reconcile::LocalValueResolver resolver([](const char*) -> const char* { return "a value\n"; });
  compile::Bundle bundle = BenchBundle(o.drift_objects);
  std::string record_path = root + "/record.json";
  Result<reconcile::ApplyResult> applied = reconcile::Apply(
      bundle, reconcile::Record{}, all, resolver, record_path, "2026-01-01T00:00:00Z", {});
  if (!applied.ok()) return applied.status();
  if (o.drift_objects >= 3) {
    Status s = node->Put(NodeAddress(0), "tampered = true\n", false);
    if (s.ok()) s = kbs->Remove(KbsAddress(1));
    if (s.ok()) s = node->Put("/etc/kata-containers/objects/000/hand-made.toml", "x = 1\n", false);
    if (!s.ok()) return s;
  }

  auto since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
  };
  // The monitor keeps the parsed record until record.json is replaced, so a
  // check is CheckDrift alone; the first check after an apply also parses.
  std::vector<double> check_ms, load_ms;
  drift::DriftReport report;
  for (int run = 0; run < o.drift_runs; ++run) {
    auto t0 = std::chrono::steady_clock::now();
    Result<reconcile::Record> record = reconcile::LoadRecord(record_path);
    if (!record.ok()) return record.status();
    load_ms.push_back(since(t0));
    auto t1 = std::chrono::steady_clock::now();
    report = drift::CheckDrift(*record, &bundle, all);
    check_ms.push_back(since(t1));
  }
  if (!report.errors.empty()) return Status::Internal("drift check failed: " + report.errors[0]);
  auto figures = [](const std::vector<double>& ms) {
    return json{{"min", *std::min_element(ms.begin(), ms.end())},
                {"p50", Percentile(ms, 50)},
                {"p90", Percentile(ms, 90)},
                {"max", *std::max_element(ms.begin(), ms.end())}};
  };
  return json{{"objects", o.drift_objects},
              {"runs", o.drift_runs},
              {"check_ms", figures(check_ms)},
              {"record_load_ms", figures(load_ms)},
              {"checked", report.checked},
              {"items", report.items.size()}};
}

}  // namespace cocoplane::bench::daemon
