// Parse + check speed on a generated repository of 10,000 rules.
//
// Budget: <= 200 ms for parse + check of the whole policy (release build).
// The model has 100 workloads on two pools and 1,000 KBS resources in 50
// repositories; the policy is 10 files of 1,000 rules each: release rules
// with a target, four conditions and a literal or prefix pattern, every
// tenth one an `any` with two alternatives, and deny rules.
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release
//   cmake --build build/rel --target cpl_check_bench && build/rel/tests/cpl/check/cpl_check_bench
#include <benchmark/benchmark.h>

#include "cpl/check/check.h"
#include "cpl/check/check_testing.h"
#include "cpl/parse/parser.h"

namespace cocoplane::cpl {
namespace {

std::string Models() {
  std::string yaml = testing::ReadFile(testing::CheckData() / "_base/cluster/cluster.yaml") + "---\n" +
                     testing::ReadFile(testing::CheckData() / "_base/pools/pools.yaml");
  for (int w = 0; w < 100; ++w) {
    yaml += "---\napiVersion: cocoplane.io/v1alpha1\nkind: Workload\nmetadata:\n  name: w" + std::to_string(w) +
            "\nspec:\n  namespace: n\n  podSelector:\n    matchLabels:\n      app: a\n  nodePool: " +
            (w % 2 ? "snp-pool" : "tdx-pool") + "\n";
  }
  for (int r = 0; r < 1000; ++r) {
    yaml += "---\napiVersion: cocoplane.io/v1alpha1\nkind: KbsResource\nmetadata:\n  name: r" + std::to_string(r) +
            "\nspec:\n  path: repo" + std::to_string(r % 50) + "/type" + std::to_string(r / 50) +
            "/key\n  source:\n    env: K" + std::to_string(r) + "\n";
  }
  return yaml;
}

std::string Rules(int file, int count) {
  std::string text = "const tees = [snp, tdx]\n\n";
  for (int i = 0; i < count; ++i) {
    int n = file * count + i;
    std::string repo = "repo" + std::to_string(n % 50);
    std::string type = "type" + std::to_string(n % 20);
    if (n % 10 == 9) {
      text += "deny \"" + repo + "/*/*\" when { ear.status == contraindicated }\n";
      continue;
    }
    std::string pattern = n % 3 ? repo + "/" + type + "/key" : repo + "/type*/*";
    text += "release \"" + pattern + "\" to workload w" + std::to_string(n % 100) + " when {\n  tee in tees\n";
    text += "  ear.status == affirming\n  trust.executables <= 3\n";
    text += n % 10 == 0 ? "  any {\n    trust.hardware <= 2\n    gpu.attested\n  }\n" : "  trust.hardware <= 2\n";
    text += "}\n";
  }
  return text;
}

void BM_ParseAndCheck10kRules(benchmark::State& state) {
  Snapshot snapshot = testing::SnapshotOf({{"model.yaml", Models()}});
  DiagnosticSink model_sink;
  model::Model model = model::Load(snapshot, model_sink);
  if (model_sink.has_errors()) state.SkipWithError("model has errors");
  std::vector<std::string> texts;
  for (int f = 0; f < 10; ++f) texts.push_back(Rules(f, 1000));
  for (auto _ : state) {
    DiagnosticSink sink;
    std::vector<Ast> files;
    for (int f = 0; f < 10; ++f) files.push_back(ParseFile("p" + std::to_string(f) + ".cpl", texts[f], sink));
    ir::Policy policy = Check(files, model, sink);
    benchmark::DoNotOptimize(policy);
    if (sink.has_errors()) state.SkipWithError("the policy has errors");
  }
}
BENCHMARK(BM_ParseAndCheck10kRules)->Unit(benchmark::kMillisecond);

// The check share of the above: the files are parsed once, outside the loop.
void BM_Check10kRules(benchmark::State& state) {
  Snapshot snapshot = testing::SnapshotOf({{"model.yaml", Models()}});
  DiagnosticSink model_sink;
  model::Model model = model::Load(snapshot, model_sink);
  DiagnosticSink parse_sink;
  std::vector<Ast> files;
  for (int f = 0; f < 10; ++f) files.push_back(ParseFile("p" + std::to_string(f) + ".cpl", Rules(f, 1000), parse_sink));
  for (auto _ : state) {
    DiagnosticSink sink;
    ir::Policy policy = Check(files, model, sink);
    benchmark::DoNotOptimize(policy);
  }
}
BENCHMARK(BM_Check10kRules)->Unit(benchmark::kMillisecond);

// The parse share of the above, to see where the time goes.
void BM_Parse10kRules(benchmark::State& state) {
  std::vector<std::string> texts;
  for (int f = 0; f < 10; ++f) texts.push_back(Rules(f, 1000));
  for (auto _ : state) {
    DiagnosticSink sink;
    std::vector<Ast> files;
    for (int f = 0; f < 10; ++f) files.push_back(ParseFile("p" + std::to_string(f) + ".cpl", texts[f], sink));
    benchmark::DoNotOptimize(files);
  }
}
BENCHMARK(BM_Parse10kRules)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace cocoplane::cpl

BENCHMARK_MAIN();
