#include "bench/gen/layout.h"

#include <string>

namespace cocoplane::bench {
namespace {

// Guest sizes a workload may ask for; all fit the pools' maxima below.
constexpr int kGeneralMemory[] = {1024, 2048, 4096, 8192};
constexpr int kGpuMemory[] = {16384, 32768, 65536};

PoolSpec MakePool(int index) {
  PoolSpec p;
  p.name = "pool-" + Pad(index, 2);
  // Two SNP pools for each TDX pool, every fifth pool with confidential GPUs:
  // roughly the mix of the article's cluster (examples/repo/pools/).
  p.tee = index % 3 == 2 ? Tee::kTdx : Tee::kSnp;
  p.gpu = index % 5 == 4;
  p.default_memory_mib = p.gpu ? 16384 : 2048;
  p.max_memory_mib = p.gpu ? 262144 : 65536;
  p.max_vcpus = p.gpu ? 64 : 16;
  return p;
}

ResourceKind KindForSlot(size_t slot) {
  switch (slot) {
    case 1: return ResourceKind::kCertificate;
    case 2: return ResourceKind::kCredential;
    default: return ResourceKind::kKey;
  }
}

const char* PathType(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::kKey: return "key";
    case ResourceKind::kCertificate: return "tls";
    case ResourceKind::kCredential: return "registry";
  }
  return "key";
}

// The app's resources of `kind`.
std::vector<int> OfKind(const Layout& layout, const AppSpec& app, ResourceKind kind) {
  std::vector<int> out;
  for (int r : app.resources) {
    if (layout.resources[r].kind == kind) out.push_back(r);
  }
  return out;
}

int PickMemory(Rng& rng, bool gpu) {
  return gpu ? kGpuMemory[rng.Below(3)] : kGeneralMemory[rng.Below(4)];
}

// The optional parts of a workload: which of its app's secrets it uses and
// how. The percentages give a mix like examples/repo/workloads/.
void PickSecrets(const Layout& layout, Rng& rng, WorkloadSpec& w) {
  const AppSpec& app = layout.apps[w.app];
  std::vector<int> keys = OfKind(layout, app, ResourceKind::kKey);
  std::vector<int> certs = OfKind(layout, app, ResourceKind::kCertificate);
  std::vector<int> creds = OfKind(layout, app, ResourceKind::kCredential);
  w.secrets.push_back(keys[rng.Below(static_cast<int>(keys.size()))]);
  if (keys.size() > 1 && rng.Percent(30)) {
    int other = keys[rng.Below(static_cast<int>(keys.size()))];
    if (other != w.secrets[0]) w.secrets.push_back(other);
  }
  if (rng.Percent(10)) w.sealed.push_back({keys[0], rng.Percent(50)});
  if (!certs.empty() && rng.Percent(10)) {
    w.tls_key = keys[rng.Below(static_cast<int>(keys.size()))];
    w.tls_certificate = certs[0];
  }
  if (!creds.empty() && rng.Percent(20)) w.registry_credential = creds[0];
  if (rng.Percent(5)) w.encrypted_volume_key = keys[0];
}

}  // namespace

Status CheckShape(const RepoShape& s) {
  if (s.pools < 1 || s.pools > 99) return Status::InvalidArgument("--pools must be 1..99");
  if (s.rules < 1 || s.rules > 999) return Status::InvalidArgument("--rules must be 1..999");
  if (s.workloads < s.rules || s.workloads > 99999) {
    return Status::InvalidArgument("--workloads must be at least --rules (one app per rule) "
                                   "and at most 99999");
  }
  if (s.resources < s.rules || s.resources > 99999) {
    return Status::InvalidArgument("--resources must be at least --rules (one app per rule) "
                                   "and at most 99999");
  }
  if (s.cases < 0 || s.cases > 999999) return Status::InvalidArgument("--cases must be 0..999999");
  if (s.commits < 1) return Status::InvalidArgument("--commits must be at least 1");
  return Status::Ok();
}

uint64_t Rng::Next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

std::string Pad(int value, int width) {
  std::string s = std::to_string(value);
  return s.size() >= static_cast<size_t>(width) ? s : std::string(width - s.size(), '0') + s;
}

Layout MakeLayout(const RepoShape& shape) {
  Layout layout;
  layout.shape = shape;
  Rng rng(shape.seed);
  for (int p = 0; p < shape.pools; ++p) layout.pools.push_back(MakePool(p));
  for (int a = 0; a < shape.rules; ++a) {
    layout.apps.push_back({"app-" + Pad(a, 3), rng.Below(shape.pools), {}, {}});
  }
  for (int r = 0; r < shape.resources; ++r) {
    AppSpec& app = layout.apps[r % shape.rules];
    ResourceKind kind = KindForSlot(app.resources.size());
    std::string name = "res-" + Pad(r, 5);
    layout.resources.push_back({name, app.name + "/" + PathType(kind) + "/" + name, kind,
                                r % shape.rules});
    app.resources.push_back(r);
  }
  for (int i = 0; i < shape.workloads; ++i) {
    WorkloadSpec w;
    w.name = "wl-" + Pad(i, 5);
    w.app = i % shape.rules;
    w.pool = layout.apps[w.app].pool;
    bool gpu = layout.pools[w.pool].gpu;
    w.image_policy = rng.Below(kImagePolicies);
    w.profile = gpu ? kInferenceProfile : rng.Below(kGeneralProfiles);
    w.memory_mib = PickMemory(rng, gpu);
    w.containers = 1 + rng.Below(2);
    PickSecrets(layout, rng, w);
    layout.apps[w.app].workloads.push_back(i);
    layout.workloads.push_back(std::move(w));
  }
  return layout;
}

int EditForCommit(Layout& layout, int commit) {
  Rng rng(layout.shape.seed ^ (0x5bd1e995ull * static_cast<uint64_t>(commit)));
  int index = rng.Below(static_cast<int>(layout.workloads.size()));
  WorkloadSpec& w = layout.workloads[index];
  bool gpu = layout.pools[w.pool].gpu;
  int memory = w.memory_mib;
  while (memory == w.memory_mib) memory = PickMemory(rng, gpu);
  w.memory_mib = memory;
  // A new agent profile changes the initdata, so the edit reaches the
  // workload's binding and the KBS resource policy, not only its pod patch.
  if (!gpu) w.profile = (w.profile + 1) % kGeneralProfiles;
  ++w.revision;
  return index;
}

}  // namespace cocoplane::bench
