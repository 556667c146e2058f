// Bundle: everything one commit of desired state compiles to.
//
// A Bundle is the compiler's output and the planner's input: a sorted list of
// artifacts (path, kind, owner, target, bytes, sha256) plus the initdata
// bindings of every workload. It holds no secret values — a KBS resource whose
// value comes from outside the repository appears as a reference descriptor
// (kind kbs-resource-ref), resolved only by the applier.
//
// Bundles are values: immutable once built, safe to share between threads.
#ifndef COCOPLANE_COMPILE_BUNDLE_H_
#define COCOPLANE_COMPILE_BUNDLE_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cocoplane::compile {

// The manifest's `kind` values (schemas/output/manifest.schema.json).
enum class ArtifactKind {
  kInitdata,
  kInitdataAnnotation,
  kAgentPolicy,
  kPodPatch,
  kSealedSecret,
  kKbsResourcePolicy,
  kAttestationPolicy,
  kRvpsReferenceValues,
  kKbsConfig,
  kTrusteeManifest,
  kImagePolicy,
  kKbsResourceRef,
  kKataConfig,
  kRuntimeClass,
};

// "initdata", "initdata-annotation", ... (the manifest spelling).
std::string_view ArtifactKindName(ArtifactKind kind);
std::optional<ArtifactKind> ParseArtifactKind(std::string_view name);

struct Artifact {
  // Path inside the output directory, '/'-separated, e.g.
  // "workloads/payments/initdata.toml".
  std::string path;
  ArtifactKind kind;
  // The desired-state object it comes from: "workload/payments",
  // "nodepool/snp-a", "trustee", "resource/default/enckey/key.pem".
  std::string owner;
  // Where it is applied: "node:<pool>:<absolute path>",
  // "kbs:<storage key>", "kubernetes:<namespace>/<Kind>/<name>", or "none"
  // for artifacts only published (e.g. the pod patch users apply).
  std::string target;
  std::string bytes;
  // Lower-case hex sha256 of `bytes`.
  std::string sha256;
};

// How one workload's initdata is bound into the TEE.
struct InitdataBinding {
  std::string workload;
  // "sha256" | "sha384" | "sha512"
  std::string algorithm;
  // Hex digest over the exact initdata.toml bytes.
  std::string digest;
  // TEE kind ("snp", "tdx", ...) -> the zero-padded/truncated field.
  struct Field {
    std::string hex;
    std::string base64;
  };
  std::map<std::string, Field> tee_fields;
};

// One rule of the KBS resource policy as the planner sees it: the planner
// diffs two bundles' facts to report releases gained and lost per resource
// and workload, which a text diff of the Rego cannot say plainly.
struct ReleaseFact {
  // A `deny` rule rather than a `release` rule.
  bool deny = false;
  // The resource pattern, e.g. "default/payments/*".
  std::string resource;
  // The workloads the rule binds to; empty for one that names none (any
  // attested workload, or a deny rule).
  std::vector<std::string> workloads;
  // The conditions in CPL, joined by " and ", e.g. "tee in [snp]"; "" when
  // the rule has none.
  std::string conditions;

  auto operator<=>(const ReleaseFact&) const = default;
};

struct Bundle {
  // The commit compiled, or "" for a working directory.
  std::string revision;
  // Sorted by path; paths are unique.
  std::vector<Artifact> artifacts;
  // Sorted by workload name.
  std::vector<InitdataBinding> bindings;
  // One per rule of the KBS resource policy; sorted, unique.
  std::vector<ReleaseFact> release_facts;

  // Returns the artifact at `path`, or nullptr.
  const Artifact* Find(std::string_view path) const;
};

// Adds an artifact, computing its sha256. Keeps `artifacts` sorted; a second
// artifact with the same path is a programming error (asserts).
void AddArtifact(Bundle& bundle, std::string path, ArtifactKind kind, std::string owner,
                 std::string target, std::string bytes);

// manifest.json: {"version":1, "revision", "artifacts":[{path, kind, owner,
// target, sha256, size}], "initdata":[{workload, algorithm, digest,
// tee:{<kind>:{hex, base64}}}]}. Two-space indent, fixed key order, '\n' at
// the end: the same Bundle always renders to the same bytes.
std::string RenderManifest(const Bundle& bundle);

}  // namespace cocoplane::compile

#endif  // COCOPLANE_COMPILE_BUNDLE_H_
