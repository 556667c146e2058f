// Layout: who goes where in a synthetic desired-state repository.
//
// The generator (generator.h) first decides, from the shape and the seed,
// every choice a repository of that shape needs (which pool each workload
// runs in, which resources it receives, which agent profile it uses, ...)
// and only then renders text. Keeping the decisions in plain structs lets
// the commit writer re-render one workload for a later commit, and lets
// the test-suite renderer know what each case should expect.
//
// The repository is organised in "apps": app a owns the resources whose
// KBS paths start with app-<a>/, the workloads that receive them, and the
// one release rule that gives the former to the latter. Every app runs in
// one node pool, so the rule can name the pool's TEE (and, on a GPU pool,
// require GPU attestation) without contradicting any of its targets.
//
// Deterministic: the same shape gives the same Layout on every machine
// (SplitMix64, no <random> distributions, whose output is implementation
// defined). Pure value types; thread-compatible.
#ifndef COCOPLANE_BENCH_GEN_LAYOUT_H_
#define COCOPLANE_BENCH_GEN_LAYOUT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"

namespace cocoplane::bench {

// What `cocoplane-bench gen` is asked for.
struct RepoShape {
  int workloads = 100;
  int resources = 40;
  int pools = 5;
  // Release rules, one per app; the apps are what workloads and resources
  // are grouped in, so workloads >= rules and resources >= rules.
  int rules = 10;
  // Policy test cases written under tests/ (0: none).
  int cases = 0;
  // Commits in the history: the first adds everything, each later one
  // changes one workload.
  int commits = 2;
  uint64_t seed = 1;
};

// InvalidArgument when the shape cannot be laid out (see RepoShape).
Status CheckShape(const RepoShape& shape);

// SplitMix64 (Steele, Lea, Flood 2014): small, fast, the same everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  // Uniform enough in [0, n) for n far below 2^64; n > 0.
  int Below(int n) { return static_cast<int>(Next() % static_cast<uint64_t>(n)); }
  bool Percent(int p) { return Below(100) < p; }

 private:
  uint64_t state_;
};

enum class Tee { kSnp, kTdx };

struct PoolSpec {
  std::string name;
  Tee tee = Tee::kSnp;
  bool gpu = false;
  int default_memory_mib = 2048;
  int max_memory_mib = 65536;
  int max_vcpus = 16;
};

enum class ResourceKind { kKey, kCertificate, kCredential };

struct ResourceSpec {
  // The KbsResource name and its KBS path app-<a>/<type>/<tag>.
  std::string name;
  std::string path;
  ResourceKind kind = ResourceKind::kKey;
  int app = 0;
};

struct SealedSpec {
  int resource = 0;
  // Delivered as an environment variable, else as a file.
  bool as_env = true;
};

struct WorkloadSpec {
  std::string name;
  int app = 0;
  int pool = 0;
  int image_policy = 0;
  // Index into kAgentProfiles.
  int profile = 0;
  int memory_mib = 2048;
  int containers = 1;
  // Indexes into Layout::resources.
  std::vector<int> secrets;
  std::vector<SealedSpec> sealed;
  int tls_key = -1;
  int tls_certificate = -1;
  int registry_credential = -1;
  int encrypted_volume_key = -1;
  // Bumped by every commit that edits the workload (a pod label).
  int revision = 0;
};

struct AppSpec {
  std::string name;
  int pool = 0;
  std::vector<int> resources;
  std::vector<int> workloads;
};

// The agent profiles policies/agents.cpl declares. GPU workloads use
// "inference"; the others draw from the first three.
inline constexpr const char* kAgentProfiles[] = {"strict_service", "batch", "probed",
                                                 "inference"};
inline constexpr int kGeneralProfiles = 3;
inline constexpr int kInferenceProfile = 3;
// ImagePolicy documents under images/.
inline constexpr int kImagePolicies = 4;

struct Layout {
  RepoShape shape;
  std::vector<PoolSpec> pools;
  std::vector<ResourceSpec> resources;
  std::vector<WorkloadSpec> workloads;
  std::vector<AppSpec> apps;
};

// Decides everything; call CheckShape first.
Layout MakeLayout(const RepoShape& shape);

// Applies commit `commit` (1-based; commit 0 adds the repository) to
// `layout`: picks a workload, changes its memory and agent profile and bumps
// its revision. Returns the workload's index.
int EditForCommit(Layout& layout, int commit);

// Zero-padded decimal, e.g. Pad(7, 3) == "007".
std::string Pad(int value, int width);

}  // namespace cocoplane::bench

#endif  // COCOPLANE_BENCH_GEN_LAYOUT_H_
