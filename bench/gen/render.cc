#include "bench/gen/render.h"

#include <string>

namespace cocoplane::bench {
namespace {

std::string Readme(const RepoShape& s) {
  return "# Synthetic desired-state repository\n\n"
         "Written by `cocoplane-bench gen --workloads " + std::to_string(s.workloads) +
         " --resources " + std::to_string(s.resources) + " --pools " + std::to_string(s.pools) +
         " --rules " + std::to_string(s.rules) + " --cases " + std::to_string(s.cases) +
         " --seed " + std::to_string(s.seed) + " --commits " + std::to_string(s.commits) +
         "` for benchmarks (BENCHMARKS.md).\nThe layout follows examples/repo: cluster/, "
         "pools/, images/, reference-values/,\nresources/<app>.yaml, initdata/<app>.toml, workloads/<app>/, "
         "policies/ and tests/.\n";
}

}  // namespace

RepoFiles RenderRepository(const Layout& layout) {
  RepoFiles files;
  files["README.md"] = Readme(layout.shape);
  RenderPlatform(layout, files);
  RenderApps(layout, files);
  RenderPolicies(layout, files);
  RenderTests(layout, files);
  return files;
}

}  // namespace cocoplane::bench
