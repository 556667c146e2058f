// Release-decision speed on a generated 1,000-rule policy.
//
// Budget: median <= 10 us per decision (release build). The policy has 50
// repositories x 19 types of literal-pattern rules, 40 rules with wildcard
// or prefix repositories that every query must consider, and 10 deny rules;
// 100 workloads, each rule targeting one or two. Queries hit a bucket whose
// rule releases (the full condition list runs) and a path no rule covers.
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release
//   cmake --build build/rel --target cpl_eval_bench && build/rel/tests/cpl/eval/cpl_eval_bench
#include <benchmark/benchmark.h>

#include <cstdio>

#include "cpl/eval/release.h"
#include "cpl/eval/release_fixtures.h"

namespace cocoplane::cpl::eval {
namespace {

using namespace cocoplane::cpl::testing;  // NOLINT: fixtures
using K = ir::ReleaseRule::Kind;

std::string Hex64(int i) {
  char buf[65];
  std::snprintf(buf, sizeof buf, "%064x", i * 7919 + 1);
  return buf;
}

ir::Policy ThousandRules() {
  ir::Policy p;
  for (int w = 0; w < 100; ++w) {
    p.workloads.push_back(MakeWorkload("w" + std::to_string(w), ir::TeeKind::kSnp, Hex64(w), 1));
  }
  auto conditions = [] {
    return std::vector<ir::Condition>{
        TeeIs(ir::SetOp::kIn, {ir::TeeKind::kSnp, ir::TeeKind::kTdx}),
        StatusIs(ir::SetOp::kIn, {ir::EarStatus::kAffirming}),
        Trust(ir::TrustClaim::kExecutables, ir::CompareOp::kLe, 3),
        Trust(ir::TrustClaim::kHardware, ir::CompareOp::kLe, 2),
        InitDataClaim({"cdh.toml", "kbc", "name"}, ir::SetOp::kIn, {"cc_kbc"}),
    };
  };
  int id = 0;
  for (int r = 0; r < 50; ++r) {
    for (int t = 0; t < 19; ++t, ++id) {
      std::string w1 = "w" + std::to_string(id % 100), w2 = "w" + std::to_string((id * 31) % 100);
      p.releases.push_back(Rule("r" + std::to_string(id), K::kAllow,
                                {Lit("repo" + std::to_string(r)), Lit("type" + std::to_string(t)), Any()}, {w1, w2},
                                conditions()));
    }
  }
  for (int i = 0; i < 40; ++i, ++id) {
    ir::ResourcePattern pattern = {i % 2 ? Any() : Prefix("shared" + std::to_string(i)), Any(), Lit("k")};
    p.releases.push_back(Rule("r" + std::to_string(id), K::kAllow, pattern, {"w" + std::to_string(i)}, conditions()));
  }
  for (int i = 0; i < 10; ++i, ++id) {
    p.releases.push_back(Rule("r" + std::to_string(id), K::kDeny, {Lit("repo" + std::to_string(i)), Any(), Any()}, {},
                              {StatusIs(ir::SetOp::kIn, {ir::EarStatus::kContraindicated})}));
  }
  return p;
}

void BM_ReleaseDecision(benchmark::State& state, const char* path) {
  ir::Policy policy = ThousandRules();
  auto compiled = CompiledReleasePolicy::Create(policy, *gen::trustee::FactsFor("0.21"));
  if (!compiled.ok()) {
    state.SkipWithError(compiled.status().ToString().c_str());
    return;
  }
  // Rule r(5*19+7) = r102 targets w2 and w62; the token comes from w2.
  nlohmann::json token = SnpToken();
  Evidence(token)["init_data"] = Hex64(2);
  bool released = false;
  for (auto _ : state) {
    ReleaseDecision d = EvaluateRelease(*compiled, path, token);
    released = d.released;
    benchmark::DoNotOptimize(d);
  }
  state.SetLabel(released ? "released" : "refused");
}

BENCHMARK_CAPTURE(BM_ReleaseDecision, hit, "repo5/type7/key")->Repetitions(9)->ReportAggregatesOnly(true);
BENCHMARK_CAPTURE(BM_ReleaseDecision, deny_bucket, "repo3/type1/key")->Repetitions(9)->ReportAggregatesOnly(true);
BENCHMARK_CAPTURE(BM_ReleaseDecision, miss, "nowhere/none/key")->Repetitions(9)->ReportAggregatesOnly(true);

}  // namespace
}  // namespace cocoplane::cpl::eval

BENCHMARK_MAIN();
