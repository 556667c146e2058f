// The CPL files under policies/: agent profiles, attestation, pool rules,
// the deny guards, the release rule of every app and the rules that give
// workloads what cocoplane publishes for them (image policies, the
// sealed-secret verification key). Shapes as in examples/repo/policies/.
#include <set>
#include <string>
#include <vector>

#include "bench/gen/render.h"

namespace cocoplane::bench {
namespace {

// Release rules per file under policies/releases/.
constexpr int kRulesPerFile = 25;

constexpr char kAgents[] = R"(# Kata agent profiles, selected by spec.agentPolicy of each Workload.

## Service pods: no exec, no logs, no stdin.
agent profile strict_service {
  exec deny
  logs deny
  stdin deny
  volumes deny host_path
  set_policy deny
  diagnostics deny
}

## Batch jobs: their logs may be read.
agent profile batch {
  exec deny
  logs allow
  stdin deny
  volumes deny host_path
  set_policy deny
  diagnostics deny
}

## Services whose health endpoint the kubelet probes with exec.
agent profile probed {
  exec allow ["/usr/bin/curl", "-fsS", "http://127.0.0.1:8080/healthz"]
  logs allow
  stdin deny
  volumes deny host_path
  set_policy deny
  diagnostics deny
}

## GPU inference: the readiness probe and a GPU health check.
agent profile inference {
  exec allow ["/usr/bin/curl", "-fsS", "https://127.0.0.1:8443/health"]
  exec allow regex "^/usr/bin/nvidia-smi --query-gpu=[a-z_.,]+ --format=csv(,noheader)?$"
  logs allow
  stdin deny
  volumes deny host_path
  volumes require encrypted_empty_dir
  set_policy deny
  diagnostics deny
}
)";

constexpr char kAttestation[] = R"(# How the attestation service appraises CPU evidence.

attestation snp {
  hardware = 2 when {
    snp.reported_tcb_bootloader in reference snp_bootloader
    snp.reported_tcb_microcode in reference snp_microcode
    snp.reported_tcb_snp in reference snp_snp_svn
    snp.reported_tcb_tee in reference snp_tee_svn
  }
  executables = 3 when { snp.measurement in reference snp_launch_measurement }
  configuration = 2 when { not snp.policy_debug_allowed }
}

attestation tdx {
  hardware = 2 when {
    tdx.tcb_status == "UpToDate"
    tdx.quote.body.mr_td in reference mr_td
  }
  hardware = 32 when { tdx.tcb_status == "OutOfDate" }
  executables = 3 when {
    tdx.quote.body.rtmr_1 in reference rtmr_1
    tdx.quote.body.rtmr_2 in reference rtmr_2
  }
  configuration = 2 when { not tdx.td_attributes.debug }
}
)";

constexpr char kGuards[] = R"(# Deny rules win over every release rule.

## Nothing, ever, to a guest the attestation service contraindicates.
deny "*/*/*" when { ear.status == contraindicated }

## Nothing to the sample attester, which proves no hardware at all.
deny "*/*/*" when { tee == sample }
)";

std::string Pools(const Layout& layout) {
  std::string out = "# Runtime constraints of the node pools; debug is forbidden everywhere.\n";
  for (const PoolSpec& p : layout.pools) {
    out += "\npool " + p.name + " {\n  annotations allow [cc_init_data, default_memory, "
           "default_vcpus]\n  memory max " + std::to_string(p.max_memory_mib / 1024) +
           "Gi\n  vcpus max " + std::to_string(p.max_vcpus) + "\n  debug forbid\n}\n";
  }
  return out;
}

std::string TargetList(const Layout& layout, const std::vector<int>& workloads) {
  if (workloads.size() == 1) return "workload " + layout.workloads[workloads[0]].name;
  std::string out = "workloads [\n";
  for (int w : workloads) out += "  " + layout.workloads[w].name + ",\n";
  return out + "]";
}

std::string ReleaseRule(const Layout& layout, const AppSpec& app) {
  const PoolSpec& pool = layout.pools[app.pool];
  std::string out = "\n## The secrets of " + app.name + ", only to its own workloads.\nrelease \"" +
                    app.name + "/*/*\" to " + TargetList(layout, app.workloads) +
                    " when {\n  tee == " + TeeName(pool.tee) +
                    "\n  ear.status == affirming\n  trust.executables <= 3\n"
                    "  trust.configuration <= 2\n";
  if (pool.gpu) out += "  gpu.attested\n  gpu.status == affirming\n";
  return out + "}\n";
}

void ReleaseFiles(const Layout& layout, RepoFiles& files) {
  for (size_t first = 0; first < layout.apps.size(); first += kRulesPerFile) {
    std::string text = "# Which workload receives which KBS resource (cocoplane-bench gen).\n";
    for (size_t a = first; a < layout.apps.size() && a < first + kRulesPerFile; ++a) {
      text += ReleaseRule(layout, layout.apps[a]);
    }
    int team = static_cast<int>(first / kRulesPerFile);
    files["policies/releases/team-" + Pad(team, 2) + ".cpl"] = text;
  }
}

// What cocoplane publishes for the guests: each image policy to the
// workloads that use it, the sealed-secret key to those with sealed secrets.
std::string Published(const Layout& layout) {
  std::string out = "# What cocoplane itself publishes for the guests.\n";
  for (int i = 0; i < kImagePolicies; ++i) {
    std::vector<int> users;
    for (size_t w = 0; w < layout.workloads.size(); ++w) {
      if (layout.workloads[w].image_policy == i) users.push_back(static_cast<int>(w));
    }
    if (users.empty()) continue;
    out += "\nrelease \"default/security-policy/images-" + std::to_string(i) + "\" to " +
           TargetList(layout, users) + " when {\n  ear.status == affirming\n}\n";
  }
  std::vector<int> sealed;
  for (size_t w = 0; w < layout.workloads.size(); ++w) {
    if (!layout.workloads[w].sealed.empty()) sealed.push_back(static_cast<int>(w));
  }
  if (!sealed.empty()) {
    out += "\nrelease \"default/signing-key/sealed-secret\" to " + TargetList(layout, sealed) +
           " when {\n  ear.status == affirming\n}\n";
  }
  return out;
}

}  // namespace

void RenderPolicies(const Layout& layout, RepoFiles& files) {
  files["policies/agents.cpl"] = kAgents;
  files["policies/attestation.cpl"] = kAttestation;
  files["policies/guards.cpl"] = kGuards;
  files["policies/pools.cpl"] = Pools(layout);
  files["policies/images.cpl"] = Published(layout);
  ReleaseFiles(layout, files);
}

}  // namespace cocoplane::bench
