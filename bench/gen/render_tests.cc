// Policy test suites under tests/ (policy-lang/cpl/testing/README.md), in
// the shapes of examples/repo/tests/: release cases (released to the app's
// own workload, refused to another app's workload or to a contraindicated
// guest), agent cases (no shell; the sandbox may be stopped) and pod
// admission cases (within and above the pool's memory limit). Every
// expectation follows from the layout, so every case passes.
#include <string>

#include "bench/gen/render.h"

namespace cocoplane::bench {
namespace {

constexpr int kCasesPerSuite = 500;

struct CaseWriter {
  const Layout& layout;
  Rng rng;
  std::string out;

  int AnyWorkload() { return rng.Below(static_cast<int>(layout.workloads.size())); }

  void Header(int number, const std::string& what) {
    out += "  - name: \"case " + Pad(number, 6) + ": " + what + "\"\n";
  }

  void Release(int number, int resource, int workload, const std::string& extra,
               bool released) {
    const WorkloadSpec& w = layout.workloads[workload];
    Header(number, layout.resources[resource].path + " to " + w.name);
    out += "    release:\n      resource: " + layout.resources[resource].path +
           "\n      workload: " + w.name + "\n";
    if (layout.pools[w.pool].gpu) out += "      gpus: [{status: affirming}]\n";
    out += extra;
    out += released ? "    expect: released\n" : "    expect: refused\n";
  }

  void OwnSecret(int number, bool contraindicated) {
    int w = AnyWorkload();
    const AppSpec& app = layout.apps[layout.workloads[w].app];
    int r = app.resources[rng.Below(static_cast<int>(app.resources.size()))];
    Release(number, r, w, contraindicated ? "      status: contraindicated\n" : "",
            !contraindicated);
  }

  void OtherAppsSecret(int number) {
    int w = AnyWorkload();
    int app = layout.workloads[w].app;
    if (layout.apps.size() < 2) return OwnSecret(number, true);
    int other = (app + 1 + rng.Below(static_cast<int>(layout.apps.size()) - 1)) %
                static_cast<int>(layout.apps.size());
    Release(number, layout.apps[other].resources[0], w, "", false);
  }

  void Shell(int number) {
    const WorkloadSpec& w = layout.workloads[AnyWorkload()];
    Header(number, "no shell in " + w.name);
    out += "    agent:\n      workload: " + w.name +
           "\n      endpoint: ExecProcessRequest\n"
           "      request: {process: {Args: [\"/bin/sh\", \"-c\", \"id\"]}}\n"
           "    expect: denied\n";
  }

  void StopSandbox(int number) {
    const WorkloadSpec& w = layout.workloads[AnyWorkload()];
    Header(number, "the node may stop " + w.name);
    out += "    agent:\n      workload: " + w.name +
           "\n      endpoint: DestroySandboxRequest\n    expect: allowed\n";
  }

  void Pod(int number, bool fits) {
    const PoolSpec& p = layout.pools[rng.Below(static_cast<int>(layout.pools.size()))];
    int memory = fits ? p.default_memory_mib * 2 : p.max_memory_mib + 1024;
    std::string m = std::to_string(memory);
    Header(number, m + " MiB on " + p.name);
    out += "    pod:\n      pool: " + p.name +
           "\n      annotations: {io.katacontainers.config.hypervisor.default_memory: \"" + m +
           "\"}\n      memory: " + m + "\n      vcpus: 2\n";
    out += fits ? "    expect: admitted\n" : "    expect: rejected\n";
  }

  void Case(int number) {
    switch (number % 8) {
      case 0: case 1: case 2: return OwnSecret(number, false);
      case 3: return OtherAppsSecret(number);
      case 4: return OwnSecret(number, true);
      case 5: return Shell(number);
      case 6: return StopSandbox(number);
      default: return Pod(number, (number / 8) % 2 == 0);
    }
  }
};

}  // namespace

void RenderTests(const Layout& layout, RepoFiles& files) {
  CaseWriter writer{layout, Rng(layout.shape.seed ^ 0x7e57c0ffeeull), {}};
  for (int first = 0; first < layout.shape.cases; first += kCasesPerSuite) {
    int suite = first / kCasesPerSuite;
    writer.out = "# Generated policy tests (cocoplane-bench gen).\nname: suite " +
                 Pad(suite, 4) + "\ncases:\n";
    for (int n = first; n < layout.shape.cases && n < first + kCasesPerSuite; ++n) writer.Case(n);
    files["tests/suite-" + Pad(suite, 4) + ".yaml"] = writer.out;
  }
}

}  // namespace cocoplane::bench
