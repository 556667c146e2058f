#include "model/crossref.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace cocoplane::model {
namespace {

// Sorts `items` by name, keeping load order among equal names, and drops
// every later duplicate with a diagnostic that points at it and names the
// first.
template <typename T>
void Deduplicate(std::vector<T>& items, std::string_view kind, DiagnosticSink& sink) {
  // Sorting positions, not documents: each document then moves once.
  std::vector<size_t> order(items.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&items](size_t a, size_t b) {
    return items[a].metadata.name.value < items[b].metadata.name.value;
  });
  std::vector<T> unique;
  unique.reserve(items.size());
  for (size_t i : order) {
    T& item = items[i];
    if (!unique.empty() && unique.back().metadata.name.value == item.metadata.name.value) {
      sink.Emit(DiagKind::kDuplicateName, item.metadata.name.location,
                "duplicate " + std::string(kind) + " name \"" + item.metadata.name.value +
                    "\"; the first is at " + unique.back().metadata.name.location.ToString(),
                "names are unique per kind; rename or remove one of them");
      continue;
    }
    unique.push_back(std::move(item));
  }
  items = std::move(unique);
}

void PickCluster(std::vector<Cluster> clusters, Model* model, DiagnosticSink& sink) {
  if (clusters.empty()) {
    sink.Emit(DiagKind::kMissingCluster, Location{}, "the repository has no Cluster document",
              "add one (kind: Cluster) with the Trustee version, KBS URL and initdata algorithm");
    return;
  }
  for (size_t i = 1; i < clusters.size(); ++i) {
    sink.Emit(
        DiagKind::kExtraCluster, clusters[i].metadata.document,
        "a second Cluster document; the first is at " + clusters[0].metadata.document.ToString(),
        "a repository describes exactly one cluster; remove one of them");
  }
  model->cluster = std::move(clusters[0]);
}

void CheckReferenceValueNames(const Model& model, DiagnosticSink& sink) {
  std::map<std::string, Location> first;
  for (const auto& rv : model.reference_values) {
    for (const auto& [name, values] : rv.values) {
      auto [it, inserted] = first.emplace(name, values.location);
      if (inserted) continue;
      sink.Emit(DiagKind::kDuplicateReferenceValue, values.location,
                "reference value \"" + name + "\" is also defined at " + it->second.ToString(),
                "RVPS keeps one value list per name; merge the lists into one document");
    }
  }
}

void FillPoolDefaults(const Model& model, std::vector<NodePool>& pools) {
  for (NodePool& pool : pools) {
    if (!pool.tee && model.cluster) pool.tee = model.cluster->default_tee;
    if (pool.runtime_class_name.empty() && pool.tee) {
      pool.runtime_class_name = DefaultRuntimeClass(pool.tee->value, pool.confidential_gpu.value);
    }
    if (pool.runtime_class_handler.empty()) pool.runtime_class_handler = pool.runtime_class_name;
  }
}

}  // namespace

void CrossCheck(const Snapshot& snapshot, std::vector<Cluster> clusters, Model* model,
                DiagnosticSink& sink) {
  PickCluster(std::move(clusters), model, sink);
  Deduplicate(model->trustee_profiles, "TrusteeProfile", sink);
  Deduplicate(model->node_pools, "NodePool", sink);
  Deduplicate(model->workloads, "Workload", sink);
  Deduplicate(model->image_policies, "ImagePolicy", sink);
  Deduplicate(model->kbs_resources, "KbsResource", sink);
  Deduplicate(model->reference_values, "ReferenceValues", sink);
  CheckReferenceValueNames(*model, sink);
  FillPoolDefaults(*model, model->node_pools);
  ResolveReferences(snapshot, model, sink);
  CheckRules(*model, sink);
}

}  // namespace cocoplane::model
