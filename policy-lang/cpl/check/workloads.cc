// What the IR carries from the model: every Workload (TEE from its node
// pool, the agent profile it selects) and every reference-value name.
#include "cpl/check/check.h"
#include "cpl/check/internal.h"
#include "cpl/check/vocabulary.h"

namespace cocoplane::cpl::check {
namespace {

std::vector<std::string> ProfileNames(const Context& ctx) {
  std::vector<std::string> out{std::string(kDefaultProfileName)};
  for (const auto& [name, ref] : ctx.profiles) out.push_back(name);
  return out;
}

// spec.agentPolicy names a profile declared in CPL, or the implicit
// default; otherwise CP5009 at the YAML field.
std::string ResolveProfile(Context& ctx, const model::Workload& w) {
  if (!w.agent_policy) return std::string(kDefaultProfileName);
  const std::string& name = w.agent_policy->value;
  if (name == kDefaultProfileName || ctx.profiles.count(name) > 0) return name;
  ctx.Emit(DiagKind::kCplUnknownAgentProfile, w.agent_policy->location,
           "workload \"" + w.metadata.name.value + "\" selects agent profile `" + name +
               "`, which no .cpl file declares",
           DidYouMean(name, ProfileNames(ctx),
                      "declare `agent profile " + name + " { ... }` in a .cpl file, or drop agentPolicy to use "
                      "the strict default profile"));
  return "";
}

}  // namespace

void LowerWorkloads(Context& ctx, ir::Policy& policy) {
  const model::Model& model = ctx.index.model();
  ir::TeeKind fallback = model.cluster ? ToIrTee(model.cluster->default_tee.value) : ir::TeeKind::kSnp;
  for (const model::Workload& w : model.workloads) {
    ir::Workload out;
    out.name = w.metadata.name.value;
    // An unknown node pool is the model's error (CP3004); the fallback
    // only keeps the IR complete.
    out.tee = ctx.index.WorkloadTee(w).value_or(fallback);
    out.agent_profile = ResolveProfile(ctx, w);
    out.location = w.metadata.name.location;
    policy.workloads.push_back(std::move(out));
  }
}

void LowerReferenceValues(Context& ctx, ir::Policy& policy) {
  policy.reference_values = ctx.index.reference_names();
}

}  // namespace cocoplane::cpl::check
