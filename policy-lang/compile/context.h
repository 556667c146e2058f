// Internal to compile/: what every phase of Compile() shares, and the small
// conversions between the model's, the IR's and the generators' vocabularies.
#ifndef COCOPLANE_COMPILE_CONTEXT_H_
#define COCOPLANE_COMPILE_CONTEXT_H_

#include <map>
#include <optional>
#include <string>

#include "compile/compiler.h"
#include "gen/trustee/versions.h"
#include "gen/workload/binding.h"
#include "gen/workload/kbs_uri.h"

namespace cocoplane::compile {

struct Context {
  const model::Model& model;
  cpl::ir::Policy& policy;
  const CompileOptions& options;
  const gen::trustee::TrusteeVersionFacts& facts;
  DiagnosticSink& sink;
  Bundle& bundle;

  // Reports a generator's Status as CP6007 at `where`.
  void Failed(const Status& status, const Location& where, const std::string& what);
};

// Phases (one .cc each).
// `cache` may be null; when given, its workloads and initdata_annotations
// are read for known outputs and replaced by this compile's.
void BuildWorkloads(Context& ctx, ParseCache* cache);
void BuildTrustee(Context& ctx);
void BuildResources(Context& ctx);
void BuildNodePools(Context& ctx);
void RunBuildChecks(Context& ctx);
std::vector<ReleaseFact> ReleaseFacts(const cpl::ir::Policy& policy);

// Conversions.
std::optional<cpl::ir::TeeKind> IrTee(model::TeeKind tee);
std::optional<gen::workload::Tee> GenTee(model::TeeKind tee);
crypto::HashAlgorithm CryptoAlgorithm(model::HashAlgorithm algorithm);
// "repo/type/tag" -> URI parts; nullopt when malformed (the model reported it).
std::optional<gen::workload::KbsResourceUri> UriOf(const std::string& path);
// The KbsResource's path, or "" when the name does not resolve.
std::string ResourcePath(const model::Model& model, const std::string& resource_name);
// Manifest targets.
std::string KbsTarget(const std::string& storage_key);
std::string KbsResourceTarget(const std::string& path);
// The kata-deploy shim of a pool ("qemu-snp" for handler "kata-qemu-snp").
std::string ShimOf(const model::NodePool& pool);
// Does `pattern` (3 segments) match `path` ("repo/type/tag")?
bool PatternMatches(const cpl::ir::ResourcePattern& pattern, const std::string& path);

}  // namespace cocoplane::compile

#endif  // COCOPLANE_COMPILE_CONTEXT_H_
