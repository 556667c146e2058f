// `cocoplane-bench`: the synthetic-repository generator and the benchmark
// harness (BENCHMARKS.md).
//
//   cocoplane-bench gen --workloads N --resources M --pools P --rules R
//                       [--cases T] --seed S --commits C OUT
//       writes a git repository of that shape into OUT (bench/gen/).
//   cocoplane-bench run --work DIR [the same shape flags] [--repeats K]
//                       [--drift-objects N] [--fetch-rounds N] [--json FILE]
//       generates DIR/repo (unless it exists), runs every benchmark, writes
//       the figures as JSON (default DIR/figures.json) and prints a
//       Markdown summary (bench/harness/).
// Exit 0 on success, 2 on a usage error or a failed step.
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "bench/gen/generator.h"
#include "bench/harness/harness.h"

namespace {

using cocoplane::bench::HarnessOptions;
using cocoplane::bench::RepoShape;

void AddShapeFlags(CLI::App* cmd, RepoShape* s) {
  cmd->add_option("--workloads", s->workloads, "Workload documents")->capture_default_str();
  cmd->add_option("--resources", s->resources, "KbsResource documents")->capture_default_str();
  cmd->add_option("--pools", s->pools, "NodePool documents")->capture_default_str();
  cmd->add_option("--rules", s->rules, "Release rules (one per app)")->capture_default_str();
  cmd->add_option("--cases", s->cases, "Policy test cases under tests/")->capture_default_str();
  cmd->add_option("--commits", s->commits, "Commits: the first adds everything, each later one "
                                           "changes one workload")->capture_default_str();
  cmd->add_option("--seed", s->seed, "Seed of every choice")->capture_default_str();
}

int Gen(const RepoShape& shape, const std::string& out) {
  cocoplane::Status s = cocoplane::bench::GenerateRepository(shape, out);
  if (!s.ok()) {
    std::cerr << "cocoplane-bench: " << s.message() << "\n";
    return 2;
  }
  std::cout << "wrote " << out << ": " << shape.workloads << " workloads, " << shape.resources
            << " resources, " << shape.pools << " pools, " << shape.rules << " rules, "
            << shape.cases << " test cases, " << shape.commits << " commits\n";
  return 0;
}

int Run(const HarnessOptions& options, std::string json_file) {
  cocoplane::Result<nlohmann::json> result = cocoplane::bench::RunAll(options);
  if (!result.ok()) {
    std::cerr << "cocoplane-bench: " << result.status().message() << "\n";
    return 2;
  }
  if (json_file.empty()) json_file = options.work_dir + "/figures.json";
  std::ofstream(json_file) << result->dump(2) << "\n";
  std::cout << cocoplane::bench::RenderMarkdown(*result);
  std::cerr << "figures written to " << json_file << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cocoplane-bench: synthetic repositories and benchmarks", "cocoplane-bench"};
  app.require_subcommand(1);
  int exit_code = 0;

  auto* gen = app.add_subcommand("gen", "Write a synthetic desired-state git repository");
  RepoShape gen_shape;
  std::string out;
  AddShapeFlags(gen, &gen_shape);
  gen->add_option("out", out, "Directory to create")->required();
  gen->callback([&] { exit_code = Gen(gen_shape, out); });

  auto* run = app.add_subcommand("run", "Run every benchmark and print the figures");
  HarnessOptions options;
  options.shape = {10000, 2000, 50, 500, 10000, 2, 1};
  options.cocoplane = COCOPLANE_BINARY;
  std::string json_file;
  AddShapeFlags(run, &options.shape);
  run->add_option("--work", options.work_dir, "Scratch directory (the repository goes in repo/)")
      ->required();
  run->add_option("--cocoplane", options.cocoplane, "The cocoplane binary")->capture_default_str();
  run->add_option("--repeats", options.repeats, "Runs per figure")->capture_default_str();
  run->add_option("--build-repeats", options.cli_build_repeats, "Runs of `cocoplane build`")
      ->capture_default_str();
  run->add_option("--drift-objects", options.drift_objects, "Objects in the drift check")
      ->capture_default_str();
  run->add_option("--fetch-rounds", options.fetch_rounds, "New commits fetched")
      ->capture_default_str();
  run->add_option("--json", json_file, "Where to write the figures (default WORK/figures.json)");
  run->callback([&] { exit_code = Run(options, json_file); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return exit_code;
}
