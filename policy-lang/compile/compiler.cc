#include "compile/compiler.h"

#include <algorithm>
#include <iterator>

#include "base/parallel.h"
#include "compile/context.h"
#include "compile/parse_cache.h"
#include "cpl/check/check.h"
#include "gen/trustee/versions.h"

namespace cocoplane::compile {
namespace {

// Merges `more` (sorted by path) into the sorted `bundle.artifacts`.
void MergeArtifacts(Bundle& bundle, std::vector<Artifact> more) {
  auto by_path = [](const Artifact& a, const Artifact& b) { return a.path < b.path; };
  std::vector<Artifact>& all = bundle.artifacts;
  size_t middle = all.size();
  all.insert(all.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  std::inplace_merge(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(middle), all.end(),
                     by_path);
}

}  // namespace

std::optional<Compilation> Compile(const Snapshot& snapshot, const CompileOptions& options,
                                   DiagnosticSink& sink, ParseCache* cache) {
  Compilation out;
  out.model = model::Load(snapshot, sink, cache ? &cache->model : nullptr, options.threads);
  out.policy = cpl::CompileCpl(snapshot, out.model, sink, cache ? &cache->cpl : nullptr);
  if (sink.has_errors()) return std::nullopt;
  if (!out.model.cluster) {
    // model::Load reports CP3002 for this, so it cannot happen without an
    // error above; kept as a guard, with the model's ID.
    sink.Emit(DiagKind::kMissingCluster, Location{},
              "the repository has no Cluster document, so there is nothing to build for",
              "add a `kind: Cluster` document (see examples/repo/cluster/)");
    return std::nullopt;
  }
  const model::Cluster& cluster = *out.model.cluster;
  const gen::trustee::TrusteeVersionFacts* facts =
      gen::trustee::FactsFor(cluster.trustee_version.value);
  if (!facts) {
    std::string lines;
    for (const auto& l : gen::trustee::SupportedLines()) lines += (lines.empty() ? "" : ", ") + l;
    // The model reports an unsupported version (CP2015) from the same
    // table; kept as a guard, with the model's ID.
    sink.Emit(DiagKind::kUnknownTrusteeRelease, cluster.trustee_version.location,
              "Trustee " + cluster.trustee_version.value + " is not supported",
              "pin a supported release line (" + lines +
                  "); config keys and token claims differ between releases");
    return std::nullopt;
  }
  out.bundle.revision = snapshot.revision;
  // Workload artifacts (most of a bundle) are staged apart and appended
  // last: their paths sort after every other phase's, so no later
  // AddArtifact has to shift them (it keeps the bundle sorted by inserting).
  Bundle workloads;
  Context staged{out.model, out.policy, options, *facts, sink, workloads};
  BuildWorkloads(staged, cache);
  out.bundle.bindings = std::move(workloads.bindings);
  Context ctx{out.model, out.policy, options, *facts, sink, out.bundle};
  // The KBS resources and node pools do not depend on the Trustee
  // artifacts (nor these on them), and all three only read the model and
  // the policy: with more than one thread they are built beside Trustee,
  // into their own bundle and sink, merged in the order a single thread
  // would have produced.
  Bundle side_bundle;
  DiagnosticSink side_sink;
  Context side{out.model, out.policy, options, *facts, side_sink, side_bundle};
  RunBeside(
      options.threads, [&ctx] { BuildTrustee(ctx); },
      [&side] {
        BuildResources(side);
        BuildNodePools(side);
      });
  sink.Merge(side_sink);
  MergeArtifacts(out.bundle, std::move(side_bundle.artifacts));
  MergeArtifacts(out.bundle, std::move(workloads.artifacts));
  RunBuildChecks(ctx);
  out.bundle.release_facts = ReleaseFacts(out.policy);
  if (sink.has_errors()) return std::nullopt;
  return out;
}

}  // namespace cocoplane::compile
