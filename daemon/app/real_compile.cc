#include "app/real_compile.h"

#include <memory>
#include <mutex>

#include "compile/compiler.h"
#include "compile/parse_cache.h"
#include "fs/atomic_file.h"
#include "reconcile/record.h"

namespace cocoplane::app {
namespace {

// Adds `owner` -> the document's drift opt-out, if it has one. Values other
// than detect/ignore are refused by the schema (common.schema.json
// metadata.labels), so anything else here means "no opt-out".
void OptOut(const model::Metadata& m, const std::string& owner,
            std::map<std::string, std::string>& out) {
  auto label = m.labels.find(reconcile::kDriftLabel);
  if (label == m.labels.end()) return;
  if (label->second == reconcile::kDriftDetect || label->second == reconcile::kDriftIgnore) {
    out[owner] = label->second;
  }
}

// The opt-outs by the owner names compile/ gives artifacts: "nodepool/<n>",
// "workload/<n>", "resource/<path>", "imagepolicy/<n>", and "trustee" for
// everything made from the Cluster and its TrusteeProfile (the profile's
// label wins over the cluster's).
std::map<std::string, std::string> DriftByOwner(const model::Model& m) {
  std::map<std::string, std::string> out;
  for (const auto& p : m.node_pools) OptOut(p.metadata, "nodepool/" + p.metadata.name.value, out);
  for (const auto& w : m.workloads) OptOut(w.metadata, "workload/" + w.metadata.name.value, out);
  for (const auto& r : m.kbs_resources) OptOut(r.metadata, "resource/" + r.path.value, out);
  for (const auto& i : m.image_policies) {
    OptOut(i.metadata, "imagepolicy/" + i.metadata.name.value, out);
  }
  if (m.cluster) OptOut(m.cluster->metadata, "trustee", out);
  if (const model::TrusteeProfile* profile = m.ClusterProfile()) {
    OptOut(profile->metadata, "trustee", out);
  }
  return out;
}

}  // namespace

Result<CompileFn> RealCompiler(const config::DaemonConfig& config) {
  compile::CompileOptions options;
  if (!config.sealing_key_file.empty()) {
    Result<std::string> pem = fs::ReadFile(config.sealing_key_file);
    if (!pem.ok()) {
      return Status(pem.status().code(),
                    "[build] cannot read sealing_key_file " + config.sealing_key_file);
    }
    options.sealing_key_pem = std::move(*pem);
  }
  // Parsed files are kept from one reconcile to the next, so a commit that
  // changes one workload re-parses one file (compile/parse_cache.h). The
  // cache allows one compile at a time; the mutex makes that so whoever calls.
  struct Cache {
    std::mutex mu;
    compile::ParseCache parsed;
  };
  auto cache = std::make_shared<Cache>();
  return CompileFn([options, cache](const Snapshot& snapshot,
                                    DiagnosticSink& sink) -> std::optional<CompiledRevision> {
    std::lock_guard<std::mutex> lock(cache->mu);
    std::optional<compile::Compilation> c =
        compile::Compile(snapshot, options, sink, &cache->parsed);
    if (!c) return std::nullopt;
    return CompiledRevision{std::move(c->bundle), DriftByOwner(c->model)};
  });
}

}  // namespace cocoplane::app
