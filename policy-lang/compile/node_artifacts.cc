// Phase 6: per node pool, the Kata configuration drop-in and the
// RuntimeClass. The drop-in enables exactly the hypervisor annotations the
// pool's workloads use (plus cc_init_data), narrowed by CPL pool rules.
#include <set>

#include "compile/context.h"
#include "gen/node/kata_dropin.h"
#include "gen/node/runtime_class.h"
#include "gen/node/shims.h"

namespace cocoplane::compile {
namespace {

// Hypervisor annotations (short names) the pool's workloads need.
std::vector<std::string> PoolAnnotations(const model::Model& model, const std::string& pool) {
  std::set<std::string> out;
  constexpr std::string_view kPrefix = gen::node::kHypervisorAnnotationPrefix;
  for (const auto& w : model.workloads) {
    if (w.node_pool.value != pool) continue;
    if (w.memory_mib) out.insert("default_memory");
    for (const auto& a : w.annotations) {
      if (a.value.rfind(kPrefix, 0) == 0) out.insert(a.value.substr(kPrefix.size()));
    }
  }
  return {out.begin(), out.end()};
}

void BuildOne(Context& ctx, const model::NodePool& pool) {
  const std::string name = pool.metadata.name.value;
  const std::string shim = ShimOf(pool);
  const gen::node::ShimFacts* facts = gen::node::FindShim(shim);
  if (!facts) {
    ctx.Failed(Status::InvalidArgument("no kata-deploy shim \"" + shim + "\""),
               pool.metadata.document, "node pool " + name);
    return;
  }
  const model::KataSettings& k = pool.kata;
  const cpl::ir::PoolConstraints* rules = cpl::ir::FindPool(ctx.policy, name);
  gen::node::KataPoolInput in;
  in.shim = shim;
  if (k.default_memory_mib) in.default_memory_mib = static_cast<uint32_t>(k.default_memory_mib->value);
  if (k.max_memory_mib) in.default_maxmemory_mib = static_cast<uint32_t>(k.max_memory_mib->value);
  if (rules && rules->memory_max_mib) in.default_maxmemory_mib = *rules->memory_max_mib;
  if (k.default_vcpus) in.default_vcpus = k.default_vcpus->value;
  if (k.max_vcpus) in.default_maxvcpus = static_cast<uint32_t>(k.max_vcpus->value);
  if (rules && rules->vcpus_max) in.default_maxvcpus = *rules->vcpus_max;
  in.annotations = PoolAnnotations(ctx.model, name);
  std::string params = k.kernel_params;
  if (rules) {
    for (const auto& p : rules->kernel_params) params += (params.empty() ? "" : " ") + p;
  }
  if (!params.empty()) in.kernel_params = params;
  in.enable_debug = k.debug && !(rules && rules->debug_forbidden);
  std::string owner = "nodepool/" + name;
  if (facts->hypervisor_table.empty()) {
    // Peer pods (remote): no host hypervisor, so no drop-in on this node.
  } else {
    Result<gen::node::KataDropIn> dropin = gen::node::GenerateKataDropIn(in);
    if (!dropin.ok()) {
      ctx.Failed(dropin.status(), pool.metadata.document, "Kata drop-in for " + name);
    } else {
      AddArtifact(ctx.bundle, "pools/" + name + "/50-cocoplane.toml", ArtifactKind::kKataConfig,
                  owner, "node:" + name + ":" + dropin->path, dropin->text);
    }
  }
  gen::node::RuntimeClassInput rc;
  rc.shim = shim;
  rc.name = pool.runtime_class_name;
  rc.node_selector = pool.node_selector;
  Result<std::string> yaml = gen::node::GenerateRuntimeClass(rc);
  if (!yaml.ok()) {
    ctx.Failed(yaml.status(), pool.metadata.document, "RuntimeClass for " + name);
    return;
  }
  AddArtifact(ctx.bundle, "pools/" + name + "/runtimeclass.yaml", ArtifactKind::kRuntimeClass,
              owner, "node:" + name + ":/etc/cocoplane/runtimeclasses/" + rc.name + ".yaml",
              *yaml);
}

}  // namespace

void BuildNodePools(Context& ctx) {
  for (const auto& pool : ctx.model.node_pools) BuildOne(ctx, pool);
}

}  // namespace cocoplane::compile
