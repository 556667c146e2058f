#include "plan/plan.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <tuple>

#include "base/strings.h"
#include "plan/unified_diff.h"

namespace cocoplane::plan {
namespace {

using compile::Artifact;
using compile::ArtifactKind;
using compile::Bundle;

int Step(ArtifactKind kind, ChangeType type) { return ApplyStep(kind, type == ChangeType::kRemove); }

}  // namespace

int ApplyStep(ArtifactKind kind, bool removal) {
  switch (kind) {
    case ArtifactKind::kKbsResourceRef:
      return removal ? 6 : 1;
    case ArtifactKind::kRvpsReferenceValues:
    case ArtifactKind::kImagePolicy:
      return 1;
    case ArtifactKind::kAttestationPolicy:
    case ArtifactKind::kKbsResourcePolicy:
      return 2;
    case ArtifactKind::kKbsConfig:
    case ArtifactKind::kTrusteeManifest:
      return 3;
    case ArtifactKind::kKataConfig:
    case ArtifactKind::kRuntimeClass:
      return 4;
    case ArtifactKind::kInitdata:
    case ArtifactKind::kInitdataAnnotation:
    case ArtifactKind::kAgentPolicy:
    case ArtifactKind::kPodPatch:
    case ArtifactKind::kSealedSecret:
      return 5;
  }
  return 5;
}

namespace {

// The attestation policy must precede the resource policy inside step 2.
int WithinStep(ArtifactKind kind) { return kind == ArtifactKind::kAttestationPolicy ? 0 : 1; }

bool ShowsContent(const Artifact& a) {
  return a.kind != ArtifactKind::kSealedSecret && IsValidUtf8(a.bytes) &&
         a.bytes.find('\0') == std::string::npos;
}

ArtifactChange MakeChange(ChangeType type, const Artifact* before, const Artifact* after) {
  const Artifact& any = after ? *after : *before;
  ArtifactChange c{type, any.path, any.kind, any.owner, any.target, "", "", "", 0};
  if (before) c.old_sha256 = before->sha256;
  if (after) c.new_sha256 = after->sha256;
  bool show = (!before || ShowsContent(*before)) && (!after || ShowsContent(*after));
  if (show) c.diff = UnifiedDiff(before ? before->bytes : "", after ? after->bytes : "", any.path);
  c.step = Step(any.kind, type);
  return c;
}

// Workload -> its initdata digest before and after ("" where absent).
std::map<std::string, DigestChange> Digests(const Bundle& base, const Bundle& head) {
  std::map<std::string, DigestChange> digests;
  for (const auto& b : base.bindings) digests[b.workload] = {b.workload, b.digest, ""};
  for (const auto& b : head.bindings) {
    auto& d = digests[b.workload];
    d.workload = b.workload;
    d.new_digest = b.digest;
  }
  return digests;
}

// The name after `prefix` ("workload/", "nodepool/", "resource/") of an
// owner, or "" when the owner has another prefix.
std::string OwnerName(const std::string& owner, std::string_view prefix) {
  return owner.starts_with(prefix) ? owner.substr(prefix.size()) : "";
}

void Summarise(const Bundle& base, const Bundle& head, Plan* plan) {
  Summary& s = plan->summary;
  s.releases = DiffReleaseFacts(base.release_facts, head.release_facts);
  std::map<std::string, DigestChange> digests = Digests(base, head);
  for (const auto& [name, d] : digests) {
    if (d.old_digest != d.new_digest) s.workloads_recreated.push_back(d);
  }
  // Sets: one pool has several drop-ins, a workload one patch.
  std::set<std::string> pools, patched;
  for (const auto& c : plan->changes) {
    std::string workload = OwnerName(c.owner, "workload/");
    std::string pool = OwnerName(c.owner, "nodepool/");
    std::string resource = OwnerName(c.owner, "resource/");
    auto d = digests.find(workload);
    bool same_digest = d == digests.end() || d->second.old_digest == d->second.new_digest;
    if (c.kind == ArtifactKind::kPodPatch && c.type == ChangeType::kChange && same_digest &&
        !workload.empty()) {
      patched.insert(workload);
    }
    if (c.kind == ArtifactKind::kKataConfig && !pool.empty()) pools.insert(pool);
    if (c.kind == ArtifactKind::kKbsResourceRef && !resource.empty()) {
      if (c.type == ChangeType::kAdd) s.resources_added.push_back(resource);
      if (c.type == ChangeType::kRemove) s.resources_removed.push_back(resource);
    }
  }
  s.pools_restarted.assign(pools.begin(), pools.end());
  s.pod_patches_changed.assign(patched.begin(), patched.end());
  std::sort(s.resources_added.begin(), s.resources_added.end());
  std::sort(s.resources_removed.begin(), s.resources_removed.end());
}

}  // namespace

Plan MakePlan(const Bundle& base, const Bundle& head) {
  Plan plan;
  plan.base_revision = base.revision;
  plan.head_revision = head.revision;
  // Both artifact lists are sorted by path: merge them.
  auto bi = base.artifacts.begin(), hi = head.artifacts.begin();
  while (bi != base.artifacts.end() || hi != head.artifacts.end()) {
    if (hi == head.artifacts.end() || (bi != base.artifacts.end() && bi->path < hi->path)) {
      plan.changes.push_back(MakeChange(ChangeType::kRemove, &*bi++, nullptr));
    } else if (bi == base.artifacts.end() || hi->path < bi->path) {
      plan.changes.push_back(MakeChange(ChangeType::kAdd, nullptr, &*hi++));
    } else {
      if (bi->sha256 != hi->sha256) {
        plan.changes.push_back(MakeChange(ChangeType::kChange, &*bi, &*hi));
      }
      ++bi;
      ++hi;
    }
  }
  std::stable_sort(plan.changes.begin(), plan.changes.end(),
                   [](const ArtifactChange& a, const ArtifactChange& b) {
                     int wa = WithinStep(a.kind), wb = WithinStep(b.kind);
                     return std::tie(a.step, wa, a.path) < std::tie(b.step, wb, b.path);
                   });
  Summarise(base, head, &plan);
  return plan;
}

}  // namespace cocoplane::plan
