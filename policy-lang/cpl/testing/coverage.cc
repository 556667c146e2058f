#include "cpl/testing/coverage.h"

#include <algorithm>

#include "base/strings.h"
#include "cpl/ir/agent_facts.h"
#include "cpl/ir/render.h"

namespace cocoplane::cpl::testing::internal {
namespace {

// Offsets after a profile's exec entries (CoverageProbes::ProfileProbe).
enum ProfileSetting : size_t {
  kExecDefault,
  kLogs,
  kStdin,
  kCopyFile,
  kCreateContainer,
  kSetPolicy,
  kDiagnostics
};

std::string List(const std::vector<std::string>& items, bool quote) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i)
    out += (i ? ", " : "") + (quote ? JsonQuote(items[i]) : items[i]);
  return out + "]";
}

std::string_view PermissionName(ir::Permission p) {
  return p == ir::Permission::kAllow ? "allow" : "deny";
}

std::string CopyFileText(const ir::CopyFilePolicy& c) {
  if (c.permission == ir::Permission::kDeny) return "copy_file deny";
  return c.allow_prefixes.empty() ? "copy_file (shared files only)"
                                  : "copy_file allow " + List(c.allow_prefixes, true);
}

}  // namespace

size_t CoverageProbes::Add(CoverageKind kind, std::string id, std::string description,
                           const Location& at) {
  items_.items.push_back({kind, std::move(id), std::move(description), at, 0});
  return items_.items.size() - 1;
}

Status CoverageProbes::AddProfile(const ir::AgentProfile& p) {
  ProfileProbe probe;
  probe.first = items_.items.size();
  std::string owner = "agent profile " + p.name + ": ";
  auto add_entry = [&](std::string text, auto fill) -> Status {
    std::string id = p.name + ".exec[" + std::to_string(probe.entries++) + "]";
    Add(CoverageKind::kAgent, id, owner + "exec allow " + text, p.location);
    auto single = std::make_unique<ir::AgentProfile>();
    single->name = p.name;
    fill(single->exec);
    auto compiled = eval::CompiledAgentProfile::Create(*single);
    if (!compiled.ok()) return compiled.status();
    probe.compiled.push_back(std::move(*compiled));
    probe.single.push_back(std::move(single));
    return Status::Ok();
  };
  for (const auto& argv : p.exec.allow_argv) {
    Status st = add_entry(List(argv, true), [&](ir::ExecPolicy& e) { e.allow_argv = {argv}; });
    if (!st.ok()) return st;
  }
  for (const auto& re : p.exec.allow_regexes) {
    Status st =
        add_entry("regex " + JsonQuote(re), [&](ir::ExecPolicy& e) { e.allow_regexes = {re}; });
    if (!st.ok()) return st;
  }
  Add(CoverageKind::kAgent, p.name + ".exec", owner + "any other exec (denied)", p.location);
  Add(CoverageKind::kAgent, p.name + ".logs",
      owner + "logs " + std::string(PermissionName(p.logs_access)), p.location);
  Add(CoverageKind::kAgent, p.name + ".stdin",
      owner + "stdin " + std::string(PermissionName(p.stdin_access)), p.location);
  Add(CoverageKind::kAgent, p.name + ".copy_file", owner + CopyFileText(p.copy_file), p.location);
  Add(CoverageKind::kAgent, p.name + ".create_container",
      owner + "CreateContainerRequest (volumes, env)", p.location);
  Add(CoverageKind::kAgent, p.name + ".set_policy",
      owner + "set_policy " + std::string(PermissionName(p.set_policy)), p.location);
  Add(CoverageKind::kAgent, p.name + ".diagnostics",
      owner + "diagnostics " + std::string(PermissionName(p.diagnostics)), p.location);
  profiles_.push_back(std::move(probe));
  return Status::Ok();
}

void CoverageProbes::AddPool(const ir::PoolConstraints& pool) {
  PoolProbe probe;
  std::string owner = "pool " + pool.name + ": ";
  probe.annotations =
      Add(CoverageKind::kPool, pool.name + ".annotations",
          owner + "annotations allow " + List(pool.allowed_annotations, false), pool.location);
  probe.no_memory = probe.no_vcpus = probe.no_debug = pool;
  if (pool.memory_max_mib) {
    probe.memory = Add(CoverageKind::kPool, pool.name + ".memory",
                       owner + "memory max " + std::to_string(*pool.memory_max_mib), pool.location);
    probe.no_memory.memory_max_mib.reset();
  }
  if (pool.vcpus_max) {
    probe.vcpus = Add(CoverageKind::kPool, pool.name + ".vcpus",
                      owner + "vcpus max " + std::to_string(*pool.vcpus_max), pool.location);
    probe.no_vcpus.vcpus_max.reset();
  }
  // The evaluator sees debug only through a kernel_params annotation
  // (eval/pod.h); where that annotation is not enabled, the annotation
  // gate refuses it first and `debug forbid` can decide nothing.
  bool kernel_params =
      std::binary_search(pool.allowed_annotations.begin(), pool.allowed_annotations.end(),
                         std::string("kernel_params"));
  if (pool.debug_forbidden && kernel_params) {
    probe.debug =
        Add(CoverageKind::kPool, pool.name + ".debug", owner + "debug forbid", pool.location);
    probe.no_debug.debug_forbidden = false;
  }
  pools_.push_back(std::move(probe));
}

Result<std::unique_ptr<CoverageProbes>> CoverageProbes::Create(const ir::Policy& policy) {
  std::unique_ptr<CoverageProbes> out(new CoverageProbes(policy));
  for (const auto& rule : policy.releases) {
    std::string text = std::string(ir::KindName(rule.kind)) + " " + rule.id + " (" +
                       ir::ToString(rule.pattern) + ")";
    if (!rule.targets.empty()) text += " to " + List(rule.targets, false);
    out->release_items_.push_back(
        out->Add(CoverageKind::kRelease, rule.id, std::move(text), rule.location));
  }
  for (const auto& profile : policy.agent_profiles) {
    Status st = out->AddProfile(profile);
    if (!st.ok()) return st;
  }
  for (const auto& pool : policy.pools) out->AddPool(pool);
  return out;
}

void CoverageProbes::RecordRelease(const eval::ReleaseDecision& decision,
                                   Coverage& coverage) const {
  using Outcome = eval::ReleaseDecision::Outcome;
  for (const eval::RuleOutcome& entry : decision.trace) {
    if (!entry.matched()) continue;
    bool deny = entry.rule->kind == ir::ReleaseRule::Kind::kDeny;
    if ((deny && decision.outcome == Outcome::kDenied) ||
        (!deny && decision.outcome == Outcome::kReleased)) {
      size_t index = static_cast<size_t>(entry.rule - policy_->releases.data());
      ++coverage.items[release_items_[index]].hits;
    }
  }
}

void CoverageProbes::RecordAgent(size_t profile, const AgentCase& c, bool allowed,
                                 Coverage& coverage) const {
  const ProfileProbe& probe = profiles_[profile];
  const ir::AgentEndpoint* endpoint = ir::FindAgentEndpoint(c.endpoint);
  if (endpoint == nullptr) return;
  auto hit = [&](size_t setting) { ++coverage.items[probe.first + probe.entries + setting].hits; };
  switch (endpoint->rule) {
    case ir::EndpointRule::kExec:
      if (!allowed) return hit(kExecDefault);
      for (size_t i = 0; i < probe.entries; ++i) {
        if (eval::EvaluateAgent(probe.compiled[i], c.endpoint, c.request).allowed) {
          ++coverage.items[probe.first + i].hits;
          return;
        }
      }
      return;
    case ir::EndpointRule::kLogs:
      return hit(kLogs);
    case ir::EndpointRule::kStdin:
      return hit(kStdin);
    case ir::EndpointRule::kCopyFile:
      return hit(kCopyFile);
    case ir::EndpointRule::kCreateContainer:
      return hit(kCreateContainer);
    case ir::EndpointRule::kSetPolicy:
      return hit(kSetPolicy);
    case ir::EndpointRule::kDiagnostics:
      return hit(kDiagnostics);
    // Decided the same way for every profile: not the profile's rules.
    case ir::EndpointRule::kAlwaysAllow:
    case ir::EndpointRule::kAlwaysDeny:
    case ir::EndpointRule::kCreateSandbox:
    case ir::EndpointRule::kUpdateInterface:
    case ir::EndpointRule::kUpdateRoutes:
    case ir::EndpointRule::kAddArpNeighbors:
      return;
  }
}

void CoverageProbes::RecordPod(size_t pool, const PodCase& c, const eval::PodDecision& decision,
                               Coverage& coverage) const {
  if (decision.admitted) return;
  const PoolProbe& probe = pools_[pool];
  // A constraint decided the rejection when relaxing it makes one of the
  // reasons go away (another may appear: an annotation let through can
  // then fail its value check).
  auto decided = [&](const std::optional<size_t>& item, const ir::PoolConstraints& relaxed) {
    if (!item) return;
    std::vector<std::string> left =
        eval::EvaluatePod(relaxed, c.annotations, c.memory_mib, c.vcpus).reasons;
    for (const auto& reason : decision.reasons) {
      if (std::find(left.begin(), left.end(), reason) == left.end()) {
        ++coverage.items[*item].hits;
        return;
      }
    }
  };
  // Relaxing the annotation list means allowing exactly what the pod asks.
  ir::PoolConstraints open = policy_->pools[pool];
  for (const auto& [key, value] : c.annotations) {
    if (key.starts_with(eval::kHypervisorAnnotationPrefix)) {
      open.allowed_annotations.push_back(key.substr(eval::kHypervisorAnnotationPrefix.size()));
    }
  }
  std::sort(open.allowed_annotations.begin(), open.allowed_annotations.end());
  decided(probe.annotations, open);
  decided(probe.memory, probe.no_memory);
  decided(probe.vcpus, probe.no_vcpus);
  decided(probe.debug, probe.no_debug);
}

}  // namespace cocoplane::cpl::testing::internal
