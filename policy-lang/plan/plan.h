// Plan: what applying one Bundle over another would change, in apply order.
//
// MakePlan is pure: two Bundles in (the base may be empty, or built from what
// the targets hold), a Plan out. It never sees secret values; a sealed
// secret's change is shown by digest only.
//
// Apply order (the daemon follows it; see CONTRIBUTING.md):
//   1. values first: KBS resources, RVPS reference values, image policies,
//      public keys — so a policy never refers to something missing;
//   2. attestation policy, then the KBS resource policy;
//   3. Trustee configuration and manifests;
//   4. node runtime configuration (Kata drop-ins, RuntimeClasses);
//   5. workload artifacts (initdata, annotations, pod patches, sealed secrets);
//   6. removals of KBS resources last, after the policy that stopped
//      releasing them has gone out.
// Within a step, changes are sorted by path.
#ifndef COCOPLANE_PLAN_PLAN_H_
#define COCOPLANE_PLAN_PLAN_H_

#include <string>
#include <vector>

#include "compile/bundle.h"
#include "plan/release_changes.h"

namespace cocoplane::plan {

enum class ChangeType { kAdd, kChange, kRemove };

struct ArtifactChange {
  ChangeType type;
  std::string path;
  compile::ArtifactKind kind;
  std::string owner;
  std::string target;
  // Empty on the side that does not exist.
  std::string old_sha256;
  std::string new_sha256;
  // Unified diff for text artifacts; empty when the content must not be shown
  // (sealed secrets) or is not text.
  std::string diff;
  // 1..6, the apply step above.
  int step = 0;
};

struct DigestChange {
  std::string workload;
  // Empty when the workload is new or removed.
  std::string old_digest;
  std::string new_digest;
};

struct Summary {
  // Per resource and workload (release_changes.h).
  std::vector<ReleaseChange> releases;
  // Workloads whose initdata digest changes: their pods must be recreated.
  std::vector<DigestChange> workloads_recreated;
  // Workloads whose pod patch changes (memory, vCPUs, annotations) while
  // their initdata digest does not: the patch must be re-applied, which
  // rolls their pods out.
  std::vector<std::string> pod_patches_changed;
  // Node pools whose runtime configuration changes: the runtime restarts.
  std::vector<std::string> pools_restarted;
  std::vector<std::string> resources_added;
  std::vector<std::string> resources_removed;

  bool empty() const {
    return releases.empty() && workloads_recreated.empty() && pod_patches_changed.empty() &&
           pools_restarted.empty() &&
           resources_added.empty() && resources_removed.empty();
  }
};

struct Plan {
  std::string base_revision;
  std::string head_revision;
  std::vector<ArtifactChange> changes;
  Summary summary;

  bool empty() const { return changes.empty(); }
};

Plan MakePlan(const compile::Bundle& base, const compile::Bundle& head);

// The apply step (1..6 above) of an artifact of `kind`; `removal` selects the
// step for taking it away. The daemon's applier orders its writes by this.
int ApplyStep(compile::ArtifactKind kind, bool removal);

}  // namespace cocoplane::plan

#endif  // COCOPLANE_PLAN_PLAN_H_
