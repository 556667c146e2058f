#include "compile/compiler.h"

#include "compile/context.h"
#include "cpl/check/check.h"
#include "gen/trustee/versions.h"

namespace cocoplane::compile {

std::optional<Compilation> Compile(const Snapshot& snapshot, const CompileOptions& options,
                                   DiagnosticSink& sink) {
  Compilation out;
  out.model = model::Load(snapshot, sink);
  out.policy = cpl::CompileCpl(snapshot, out.model, sink);
  if (sink.has_errors()) return std::nullopt;
  if (!out.model.cluster) {
    sink.Emit(DiagKind::kNoClusterDocument, Location{},
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
    sink.Emit(DiagKind::kUnsupportedTrusteeVersion, cluster.trustee_version.location,
              "Trustee " + cluster.trustee_version.value + " is not supported",
              "pin a supported release line (" + lines + "); config keys and token claims differ "
              "between releases");
    return std::nullopt;
  }
  out.bundle.revision = snapshot.revision;
  Context ctx{out.model, out.policy, options, *facts, sink, out.bundle};
  BuildWorkloads(ctx);
  BuildTrustee(ctx);
  BuildResources(ctx);
  BuildNodePools(ctx);
  RunBuildChecks(ctx);
  out.bundle.release_facts = ReleaseFacts(out.policy);
  if (sink.has_errors()) return std::nullopt;
  return out;
}

}  // namespace cocoplane::compile
