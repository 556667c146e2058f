// Drift check over N tracked objects in real directories: half on a node
// target (Kata drop-in-like files, 100 per directory), half in a KBS
// LocalFs storage directory (one flat directory, as Trustee keeps it).
// Their bytes are the compiled bundle's artifacts, reused in turn. Before
// timing, one object is changed, one removed and one stray file added, so
// the check has something to find; the desired bundle equals the record
// (nothing pending). The page cache is warm: this is the daemon's periodic
// check, not a cold boot.
#include <algorithm>
#include <filesystem>
#include <tuple>

#include "bench/harness/harness.h"
#include "bench/harness/measure.h"
#include "crypto/digest.h"
#include "drift/drift.h"
#include "targets/dir_target.h"

namespace cocoplane::bench {
namespace {

namespace stdfs = std::filesystem;

constexpr char kPool[] = "pool-00";

struct Tracked {
  std::string target_name;
  std::string manifest_target;
  std::string address;
};

Tracked ObjectAt(int i) {
  if (i % 2 == 0) {
    std::string address = "/etc/kata-containers/objects/" + Pad(i / 200, 3) + "/obj-" + Pad(i, 6) +
                          ".toml";
    return {std::string("node/") + kPool, std::string("node:") + kPool + ":" + address, address};
  }
  std::string address = "repository/app-" + Pad(i % 500, 3) + "\\x2Fkey\\x2Fobj-" + Pad(i, 6);
  return {"kbs-storage", "kbs:" + address, address};
}

}  // namespace

Result<nlohmann::json> BenchDrift(const BenchContext& ctx) {
  const HarnessOptions& o = ctx.options;
  std::string root = o.work_dir + "/drift";
  std::error_code ec;
  stdfs::remove_all(root, ec);
  auto node = targets::NewNodeTarget(kPool, root + "/node");
  auto kbs = targets::NewKbsStorageTarget(root + "/kbs");
  std::vector<targets::Target*> all = {node.get(), kbs.get()};

  Result<compile::Compilation> c = CompileClean(ctx.head, ctx.compile_options);
  if (!c.ok()) return c.status();
  const auto& source = c->bundle.artifacts;
  reconcile::Record record;
  record.current.revision = ctx.head.revision;
  compile::Bundle desired;
  for (int i = 0; i < o.drift_objects; ++i) {
    Tracked t = ObjectAt(i);
    const std::string& bytes = source[static_cast<size_t>(i) % source.size()].bytes;
    targets::Target* target = i % 2 == 0 ? node.get() : kbs.get();
    if (Status s = target->Put(t.address, bytes, i % 2 == 1); !s.ok()) return s;
    std::string artifact = "objects/" + Pad(i, 6);
    compile::AddArtifact(desired, artifact, compile::ArtifactKind::kKataConfig, "bench",
                         t.manifest_target, bytes);
    reconcile::AppliedObject applied;
    applied.target = t.target_name;
    applied.address = t.address;
    applied.sha256 = crypto::Sha256Hex(bytes);
    applied.artifact = artifact;
    applied.artifact_sha256 = applied.sha256;
    applied.secret = i % 2 == 1;
    record.current.objects.push_back(std::move(applied));
  }
  std::sort(record.current.objects.begin(), record.current.objects.end(),
            [](const auto& a, const auto& b) {
              return std::tie(a.target, a.address) < std::tie(b.target, b.address);
            });
  if (o.drift_objects >= 3) {
    Status s = node->Put(ObjectAt(0).address, "tampered = true\n", false);
    if (s.ok()) s = kbs->Remove(ObjectAt(1).address);
    if (s.ok()) s = node->Put("/etc/kata-containers/objects/000/hand-made.toml", "x = 1\n", false);
    if (!s.ok()) return s;
  }
  drift::DriftReport report;
  Samples check = Time(o.repeats, [&] { report = drift::CheckDrift(record, &desired, all); });
  if (!report.errors.empty()) return Status::Internal("drift check failed: " + report.errors[0]);
  return nlohmann::json{{"check", check.ToJson()},
                        {"objects", o.drift_objects},
                        {"checked", report.checked},
                        {"findings", report.items.size()}};
}

}  // namespace cocoplane::bench
