#include "cpl/check/model_index.h"

#include <algorithm>

#include "cpl/check/vocabulary.h"

namespace cocoplane::cpl::check {
namespace {

// "repo/type/tag" split into three non-empty segments, or false.
bool SplitResourcePath(std::string_view path, ModelIndex::Resource* out) {
  size_t a = path.find('/');
  if (a == std::string_view::npos) return false;
  size_t b = path.find('/', a + 1);
  if (b == std::string_view::npos || path.find('/', b + 1) != std::string_view::npos) return false;
  out->repo = path.substr(0, a);
  out->type = path.substr(a + 1, b - a - 1);
  out->tag = path.substr(b + 1);
  return !out->repo.empty() && !out->type.empty() && !out->tag.empty();
}

// What compile/compiler.h publishes (kImagePolicyRepoType,
// kSealingKeyResource); the checker cannot depend on compile/, which
// depends on it.
constexpr std::string_view kImagePolicyRepoType = "default/security-policy";
constexpr std::string_view kSealingKeyResource = "default/signing-key/sealed-secret";

}  // namespace

bool SegmentMatches(const ir::PatternSegment& segment, std::string_view value) {
  switch (segment.kind) {
    case ir::PatternSegment::Kind::kLiteral: return value == segment.text;
    case ir::PatternSegment::Kind::kAny: return true;
    case ir::PatternSegment::Kind::kPrefix: return value.starts_with(segment.text);
  }
  return false;
}

ModelIndex::ModelIndex(const model::Model& model) : model_(model) {
  for (const auto& w : model.workloads) {
    workloads_.emplace(w.metadata.name.value, &w);
    workload_names_.push_back(w.metadata.name.value);
  }
  for (const auto& p : model.node_pools) {
    pools_.emplace(p.metadata.name.value, &p);
    pool_names_.push_back(p.metadata.name.value);
  }
  for (const auto& doc : model.reference_values) {
    for (const auto& [name, values] : doc.values) {
      if (references_.insert(name).second) reference_names_.push_back(name);
    }
  }
  std::sort(workload_names_.begin(), workload_names_.end());
  std::sort(pool_names_.begin(), pool_names_.end());
  std::sort(reference_names_.begin(), reference_names_.end());
  for (const auto& r : model.kbs_resources) Add(&r, r.path.value);
  for (const auto& p : model.image_policies) {
    Add(nullptr, published_paths_.emplace_back(std::string(kImagePolicyRepoType) + "/" + p.metadata.name.value));
  }
  bool sealed = std::any_of(model.workloads.begin(), model.workloads.end(),
                            [](const model::Workload& w) { return !w.sealed_secrets.empty(); });
  if (sealed) Add(nullptr, published_paths_.emplace_back(kSealingKeyResource));
  const model::TrusteeProfile* profile = model.ClusterProfile();
  restricted_ = profile != nullptr && profile->type.value == model::ProfileType::kRestricted;
}

void ModelIndex::Add(const model::KbsResource* doc, std::string_view path) {
  Resource resource;
  resource.doc = doc;
  if (!SplitResourcePath(path, &resource)) return;
  auto index = static_cast<uint32_t>(resources_.size());
  by_repo_[resource.repo].push_back(index);
  by_repo_type_[RepoType{resource.repo, resource.type}].push_back(index);
  resources_.push_back(resource);
}

const model::Workload* ModelIndex::FindWorkload(std::string_view name) const {
  auto it = workloads_.find(name);
  return it == workloads_.end() ? nullptr : it->second;
}

const model::NodePool* ModelIndex::FindPool(std::string_view name) const {
  auto it = pools_.find(name);
  return it == pools_.end() ? nullptr : it->second;
}

bool ModelIndex::HasReferenceValue(std::string_view name) const { return references_.count(name) > 0; }

std::optional<ir::TeeKind> ModelIndex::PoolTee(const model::NodePool& pool) const {
  if (pool.tee) return ToIrTee(pool.tee->value);
  if (model_.cluster) return ToIrTee(model_.cluster->default_tee.value);
  return std::nullopt;
}

std::optional<ir::TeeKind> ModelIndex::WorkloadTee(const model::Workload& workload) const {
  const model::NodePool* pool = FindPool(workload.node_pool.value);
  if (pool == nullptr) return std::nullopt;
  return PoolTee(*pool);
}

std::vector<uint32_t> ModelIndex::Matches(const ir::ResourcePattern& pattern) const {
  std::vector<uint32_t> out;
  auto test = [&](uint32_t i) {
    const Resource& r = resources_[i];
    if (SegmentMatches(pattern.repo, r.repo) && SegmentMatches(pattern.type, r.type) &&
        SegmentMatches(pattern.tag, r.tag)) {
      out.push_back(i);
    }
  };
  bool literal_repo = pattern.repo.kind == ir::PatternSegment::Kind::kLiteral;
  if (literal_repo && pattern.type.kind == ir::PatternSegment::Kind::kLiteral) {
    auto it = by_repo_type_.find(RepoType{pattern.repo.text, pattern.type.text});
    if (it != by_repo_type_.end()) {
      for (uint32_t i : it->second) test(i);
    }
    return out;
  }
  if (literal_repo) {
    auto it = by_repo_.find(pattern.repo.text);
    if (it != by_repo_.end()) {
      for (uint32_t i : it->second) test(i);
    }
    return out;
  }
  for (uint32_t i = 0; i < resources_.size(); ++i) test(i);
  return out;
}

}  // namespace cocoplane::cpl::check
