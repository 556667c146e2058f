// RunAll: set up the work directory once, then run each benchmark in turn.
// The fetch benchmark runs last because it adds commits (to a clone of the
// repository, never to the repository itself).
#include "bench/harness/harness.h"

#include <filesystem>
#include <iostream>

#include "base/render.h"
#include "bench/gen/generator.h"
#include "bench/harness/measure.h"
#include "crypto/digest.h"
#include "crypto/es256.h"
#include "fs/atomic_file.h"
#include "source/git_source.h"

namespace cocoplane::bench {
namespace {

namespace stdfs = std::filesystem;

nlohmann::json ShapeJson(const RepoShape& s) {
  return {{"workloads", s.workloads}, {"resources", s.resources}, {"pools", s.pools},
          {"rules", s.rules},         {"cases", s.cases},         {"commits", s.commits},
          {"seed", s.seed}};
}

// A fixed P-256 key derived from the seed: sealed secrets are signed as in
// production, and runs are repeatable. Written outside the repository.
Result<std::string> WriteSealingKey(const std::string& work_dir, uint64_t seed) {
  auto key = crypto::Es256PrivateKeyFromScalar(
      crypto::Digest(crypto::HashAlgorithm::kSha256, "cocoplane-bench " + std::to_string(seed)));
  if (!key.ok()) return key.status();
  std::string path = work_dir + "/sealing-key.pem";
  if (Status s = fs::WriteFileAtomic(path, crypto::Es256PrivateKeyToPem(*key), 0600); !s.ok()) {
    return s;
  }
  return path;
}

Result<BenchContext> Prepare(const HarnessOptions& options) {
  BenchContext ctx;
  ctx.options = options;
  std::error_code ec;
  stdfs::create_directories(options.work_dir, ec);
  ctx.repo = stdfs::absolute(options.work_dir + "/repo", ec).lexically_normal().string();
  if (!stdfs::exists(ctx.repo + "/.git", ec)) {
    std::cerr << "generating " << ctx.repo << " ...\n";
    if (Status s = GenerateRepository(options.shape, ctx.repo); !s.ok()) return s;
  }
  Result<std::string> key = WriteSealingKey(options.work_dir, options.shape.seed);
  if (!key.ok()) return key.status();
  ctx.sealing_key_file = *key;
  Result<std::string> pem = fs::ReadFile(*key);
  if (!pem.ok()) return pem.status();
  ctx.compile_options.sealing_key_pem = *pem;
  Result<Snapshot> head = source::ReadCommit(ctx.repo, "HEAD");
  if (!head.ok()) return head.status();
  Result<Snapshot> base = source::ReadCommit(ctx.repo, options.shape.commits > 1 ? "HEAD~1" : "HEAD");
  if (!base.ok()) return base.status();
  ctx.head = std::move(*head);
  ctx.base = std::move(*base);
  return ctx;
}

using Bench = Result<nlohmann::json> (*)(const BenchContext&);

}  // namespace

Result<compile::Compilation> CompileClean(const Snapshot& snapshot,
                                          const compile::CompileOptions& options,
                                          compile::ParseCache* cache) {
  DiagnosticSink sink;
  std::optional<compile::Compilation> c = compile::Compile(snapshot, options, sink, cache);
  if (!c || !sink.empty()) {
    sink.Sort();
    std::string text = RenderText(sink.diagnostics(), &snapshot, RenderOptions{});
    return Status::FailedPrecondition("the benchmark repository does not compile cleanly:\n" +
                                      text.substr(0, 4000));
  }
  return std::move(*c);
}

Result<nlohmann::json> RunAll(const HarnessOptions& options) {
  nlohmann::json machine = MachineInfo();
  Result<BenchContext> ctx = Prepare(options);
  if (!ctx.ok()) return ctx.status();
  const std::pair<const char*, Bench> benches[] = {
      {"build", BenchBuild}, {"compile", BenchCompile}, {"plan", BenchPlan},
      {"test", BenchTest},   {"drift", BenchDrift},     {"fetch", BenchFetch}};
  nlohmann::json figures = nlohmann::json::object();
  for (const auto& [name, bench] : benches) {
    std::cerr << "benchmark " << name << " ...\n";
    Result<nlohmann::json> f = bench(*ctx);
    if (!f.ok()) return Status(f.status().code(), std::string(name) + ": " + f.status().message());
    figures[name] = std::move(*f);
  }
  machine["loadavg_end"] = MachineInfo()["loadavg"];
  nlohmann::json result = {{"machine", machine},
                           {"shape", ShapeJson(options.shape)},
                           {"repeats", options.repeats},
                           {"build_repeats", options.cli_build_repeats},
                           {"figures", figures}};
  result["targets"] = EvaluateTargets(figures);
  return result;
}

}  // namespace cocoplane::bench
