// Internal to cpl/check: hash indexes over the desired-state model, so that
// resolving a name or matching a resource pattern costs O(1) (or the size of
// one repository's resources), never a scan of every document per rule.
//
// Refers into the Model it was built from, which must outlive it. Read-only
// after construction; thread-safe to read.
#ifndef COCOPLANE_CPL_CHECK_MODEL_INDEX_H_
#define COCOPLANE_CPL_CHECK_MODEL_INDEX_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "cpl/ir/ir.h"
#include "model/model.h"

namespace cocoplane::cpl::check {

class ModelIndex {
 public:
  explicit ModelIndex(const model::Model& model);
  ModelIndex(const ModelIndex&) = delete;
  ModelIndex& operator=(const ModelIndex&) = delete;

  const model::Model& model() const { return model_; }

  // nullptr when there is no such document.
  const model::Workload* FindWorkload(std::string_view name) const;
  const model::NodePool* FindPool(std::string_view name) const;
  bool HasReferenceValue(std::string_view name) const;

  // Sorted names, for "did you mean" and for iteration in a stable order.
  const std::vector<std::string>& workload_names() const { return workload_names_; }
  const std::vector<std::string>& pool_names() const { return pool_names_; }
  const std::vector<std::string>& reference_names() const { return reference_names_; }

  // The TEE of a pool (spec.tee, else the Cluster's defaultTee, as the model
  // fills it in); nullopt when neither is known.
  std::optional<ir::TeeKind> PoolTee(const model::NodePool& pool) const;
  // The TEE of the workload's node pool; nullopt when the pool is unknown.
  std::optional<ir::TeeKind> WorkloadTee(const model::Workload& workload) const;

  // The Cluster's TrusteeProfile is of type Restricted.
  bool restricted() const { return restricted_; }

  // A KbsResource whose path is a valid repo/type/tag (resources with a
  // malformed path are left out; the model reports them, CP3006), or a
  // resource cocoplane itself publishes (doc == nullptr): the image policy
  // of every ImagePolicy, default/security-policy/<name>, and the sealed-
  // secret verification key, default/signing-key/sealed-secret, when a
  // workload has sealed secrets (compile/compiler.h).
  struct Resource {
    const model::KbsResource* doc = nullptr;
    std::string_view repo;
    std::string_view type;
    std::string_view tag;
  };
  const std::vector<Resource>& resources() const { return resources_; }
  // Indices into resources() of every resource `pattern` matches, ascending.
  std::vector<uint32_t> Matches(const ir::ResourcePattern& pattern) const;

 private:
  const model::Model& model_;
  std::unordered_map<std::string_view, const model::Workload*> workloads_;
  std::unordered_map<std::string_view, const model::NodePool*> pools_;
  std::unordered_set<std::string_view> references_;
  std::vector<std::string> workload_names_;
  std::vector<std::string> pool_names_;
  std::vector<std::string> reference_names_;
  std::vector<Resource> resources_;
  // Storage of the published resources' paths (stable addresses).
  std::deque<std::string> published_paths_;
  // Literal repository (and type) -> indices into resources_.
  struct RepoType {
    std::string_view repo;
    std::string_view type;
    friend bool operator==(const RepoType&, const RepoType&) = default;
  };
  struct RepoTypeHash {
    size_t operator()(const RepoType& k) const {
      return std::hash<std::string_view>()(k.repo) * 31 + std::hash<std::string_view>()(k.type);
    }
  };
  std::unordered_map<std::string_view, std::vector<uint32_t>> by_repo_;
  std::unordered_map<RepoType, std::vector<uint32_t>, RepoTypeHash> by_repo_type_;
  bool restricted_ = false;

  void Add(const model::KbsResource* doc, std::string_view path);
};

// Whether one pattern segment matches one path segment (SPEC.md §4.4).
bool SegmentMatches(const ir::PatternSegment& segment, std::string_view value);

}  // namespace cocoplane::cpl::check

#endif  // COCOPLANE_CPL_CHECK_MODEL_INDEX_H_
