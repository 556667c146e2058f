// Phase 7: cross-document checks that only make sense once everything is
// resolved: what a workload needs against what its pool allows, and sealed
// secrets against the release rules. Each points at the workload field that
// asks for too much.
#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "compile/context.h"
#include "gen/node/kata_dropin.h"

namespace cocoplane::compile {
namespace {

using cpl::ir::ReleaseRule;

// The annotation names (short) the pool's enable_annotations admits, or
// nullopt when the pool keeps Kata's build default.
std::set<std::string> EnabledAnnotations(const model::NodePool& pool,
                                         const cpl::ir::PoolConstraints* rules) {
  std::set<std::string> out;
  if (rules && !rules->allowed_annotations.empty()) {
    out.insert(rules->allowed_annotations.begin(), rules->allowed_annotations.end());
  } else if (pool.kata.enable_annotations) {
    for (const auto& a : *pool.kata.enable_annotations) out.insert(a.value);
  } else {
    for (auto a : model::kDefaultEnableAnnotations) out.insert(std::string(a));
  }
  out.insert(std::string(gen::node::kInitdataAnnotation));
  return out;
}

void CheckAnnotations(Context& ctx, const model::Workload& w, const model::NodePool& pool) {
  std::set<std::string> enabled = EnabledAnnotations(pool, cpl::ir::FindPool(ctx.policy, pool.metadata.name.value));
  constexpr std::string_view kPrefix = gen::node::kHypervisorAnnotationPrefix;
  auto need = [&](const std::string& shortname, const Location& where) {
    if (enabled.count(shortname)) return;
    ctx.sink.Emit(DiagKind::kAnnotationNotEnabled, where,
                  "workload \"" + w.metadata.name.value + "\" needs annotation " +
                      std::string(kPrefix) + shortname + " but node pool \"" +
                      pool.metadata.name.value + "\" does not enable it",
                  "add \"" + shortname + "\" to the pool's kata.enableAnnotations (or its CPL "
                  "`annotations allow` list); the Kata Go shim refuses to start the pod otherwise");
  };
  if (w.memory_mib) need("default_memory", w.memory_mib->location);
  for (const auto& a : w.annotations) {
    if (a.value.rfind(kPrefix, 0) == 0) need(a.value.substr(kPrefix.size()), a.location);
  }
}

void CheckMemory(Context& ctx, const model::Workload& w, const model::NodePool& pool) {
  if (!w.memory_mib) return;
  std::optional<int64_t> max;
  if (pool.kata.max_memory_mib) max = pool.kata.max_memory_mib->value;
  if (const auto* rules = cpl::ir::FindPool(ctx.policy, pool.metadata.name.value)) {
    if (rules->memory_max_mib && (!max || *rules->memory_max_mib < *max)) max = *rules->memory_max_mib;
  }
  if (!max || w.memory_mib->value <= *max) return;
  ctx.sink.Emit(DiagKind::kMemoryAbovePoolMaximum, w.memory_mib->location,
                "workload \"" + w.metadata.name.value + "\" asks for " +
                    std::to_string(w.memory_mib->value) + " MiB but node pool \"" +
                    pool.metadata.name.value + "\" allows at most " + std::to_string(*max) + " MiB",
                "lower spec.memory or raise the pool's maximum memory");
}

// The allow rules by target workload, built once: with thousands of
// workloads and rules, scanning every rule's target list per workload
// would be quadratic.
class AllowRules {
 public:
  explicit AllowRules(const cpl::ir::Policy& policy) {
    for (const ReleaseRule& r : policy.releases) {
      if (r.kind != ReleaseRule::Kind::kAllow) continue;
      if (r.targets.empty()) untargeted_.push_back(&r);
      // A workload listed twice (CP5043) gets the rule once.
      for (const auto& t : std::set<std::string>(r.targets.begin(), r.targets.end())) {
        by_workload_[t].push_back(&r);
      }
    }
  }

  // Rules naming `workload` as a target (rules without targets excluded).
  const std::vector<const ReleaseRule*>& For(const std::string& workload) const {
    static const std::vector<const ReleaseRule*> kNone;
    auto it = by_workload_.find(workload);
    return it == by_workload_.end() ? kNone : it->second;
  }
  const std::vector<const ReleaseRule*>& untargeted() const { return untargeted_; }

 private:
  std::map<std::string, std::vector<const ReleaseRule*>, std::less<>> by_workload_;
  std::vector<const ReleaseRule*> untargeted_;
};

bool NeedsGpu(const AllowRules& rules, const std::string& workload) {
  for (const ReleaseRule* r : rules.For(workload)) {
    for (const auto& c : r->conditions) {
      if (c.kind == cpl::ir::Condition::Kind::kGpuAttested ||
          c.kind == cpl::ir::Condition::Kind::kGpuStatusIn) {
        return true;
      }
    }
  }
  return false;
}

void CheckGpu(Context& ctx, const AllowRules& rules, const model::Workload& w,
              const model::NodePool& pool) {
  if (pool.confidential_gpu.value || !NeedsGpu(rules, w.metadata.name.value)) return;
  ctx.sink.Emit(DiagKind::kGpuWorkloadWithoutGpuPool, w.node_pool.location,
                "workload \"" + w.metadata.name.value +
                    "\" is released secrets only with GPU attestation, but node pool \"" +
                    pool.metadata.name.value + "\" has no confidential GPUs",
                "move the workload to a pool with confidentialGpu: true, or drop the gpu "
                "conditions from its release rules");
}

bool Released(const AllowRules& rules, const std::string& workload, const std::string& path) {
  for (const auto* list : {&rules.For(workload), &rules.untargeted()}) {
    for (const ReleaseRule* r : *list) {
      if (PatternMatches(r->pattern, path)) return true;
    }
  }
  return false;
}

void CheckSealedSecrets(Context& ctx, const AllowRules& rules, const model::Workload& w) {
  for (const auto& s : w.sealed_secrets) {
    std::string path = ResourcePath(ctx.model, s.resource.value);
    if (path.empty() || Released(rules, w.metadata.name.value, path)) continue;
    ctx.sink.Emit(DiagKind::kSealedSecretNotReleased, s.resource.location,
                  "sealed secret \"" + s.name.value + "\" names resource " + path +
                      ", which no release rule gives to workload \"" + w.metadata.name.value + "\"",
                  "add `release \"" + path + "\" to workload " + w.metadata.name.value +
                      " when { ... }` to a .cpl file, or the pod will never unseal it");
  }
}

}  // namespace

void RunBuildChecks(Context& ctx) {
  const AllowRules rules(ctx.policy);
  for (const auto& w : ctx.model.workloads) {
    const model::NodePool* pool = ctx.model.FindNodePool(w.node_pool.value);
    if (!pool) continue;
    CheckAnnotations(ctx, w, *pool);
    CheckMemory(ctx, w, *pool);
    CheckGpu(ctx, rules, w, *pool);
    CheckSealedSecrets(ctx, rules, w);
  }
}

}  // namespace cocoplane::compile
