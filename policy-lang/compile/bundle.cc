#include "compile/bundle.h"

#include <algorithm>
#include <cassert>

#include "base/strings.h"
#include "crypto/digest.h"

namespace cocoplane::compile {
namespace {

struct KindName {
  ArtifactKind kind;
  std::string_view name;
};

constexpr KindName kKindNames[] = {
    {ArtifactKind::kInitdata, "initdata"},
    {ArtifactKind::kInitdataAnnotation, "initdata-annotation"},
    {ArtifactKind::kAgentPolicy, "agent-policy"},
    {ArtifactKind::kPodPatch, "pod-patch"},
    {ArtifactKind::kSealedSecret, "sealed-secret"},
    {ArtifactKind::kKbsResourcePolicy, "kbs-resource-policy"},
    {ArtifactKind::kAttestationPolicy, "attestation-policy"},
    {ArtifactKind::kRvpsReferenceValues, "rvps-reference-values"},
    {ArtifactKind::kKbsConfig, "kbs-config"},
    {ArtifactKind::kTrusteeManifest, "trustee-manifest"},
    {ArtifactKind::kImagePolicy, "image-policy"},
    {ArtifactKind::kKbsResourceRef, "kbs-resource-ref"},
    {ArtifactKind::kKataConfig, "kata-config"},
    {ArtifactKind::kRuntimeClass, "runtimeclass"},
};

}  // namespace

std::string_view ArtifactKindName(ArtifactKind kind) {
  for (const auto& k : kKindNames) {
    if (k.kind == kind) return k.name;
  }
  assert(false && "unnamed artifact kind");
  return "";
}

std::optional<ArtifactKind> ParseArtifactKind(std::string_view name) {
  for (const auto& k : kKindNames) {
    if (k.name == name) return k.kind;
  }
  return std::nullopt;
}

const Artifact* Bundle::Find(std::string_view path) const {
  auto it = std::lower_bound(artifacts.begin(), artifacts.end(), path,
                             [](const Artifact& a, std::string_view p) { return a.path < p; });
  return it != artifacts.end() && it->path == path ? &*it : nullptr;
}

void AddArtifact(Bundle& bundle, std::string path, ArtifactKind kind, std::string owner,
                 std::string target, std::string bytes) {
  auto it = std::lower_bound(bundle.artifacts.begin(), bundle.artifacts.end(), path,
                             [](const Artifact& a, const std::string& p) { return a.path < p; });
  assert((it == bundle.artifacts.end() || it->path != path) && "duplicate artifact path");
  std::string sha = crypto::Sha256Hex(bytes);
  bundle.artifacts.insert(it, Artifact{std::move(path), kind, std::move(owner), std::move(target),
                                       std::move(bytes), std::move(sha)});
}

std::string RenderManifest(const Bundle& bundle) {
  std::string out = "{\n  \"version\": 1,\n  \"revision\": " + JsonQuote(bundle.revision) +
                    ",\n  \"artifacts\": [";
  for (size_t i = 0; i < bundle.artifacts.size(); ++i) {
    const Artifact& a = bundle.artifacts[i];
    out += i ? ",\n" : "\n";
    out += "    {\"path\": " + JsonQuote(a.path) + ", \"kind\": " +
           JsonQuote(ArtifactKindName(a.kind)) + ", \"owner\": " + JsonQuote(a.owner) +
           ", \"target\": " + JsonQuote(a.target) + ", \"sha256\": " + JsonQuote(a.sha256) +
           ", \"size\": " + std::to_string(a.bytes.size()) + "}";
  }
  out += bundle.artifacts.empty() ? "],\n" : "\n  ],\n";
  out += "  \"initdata\": [";
  for (size_t i = 0; i < bundle.bindings.size(); ++i) {
    const InitdataBinding& b = bundle.bindings[i];
    out += i ? ",\n" : "\n";
    out += "    {\"workload\": " + JsonQuote(b.workload) + ", \"algorithm\": " +
           JsonQuote(b.algorithm) + ", \"digest\": " + JsonQuote(b.digest) + ", \"tee\": {";
    bool first = true;
    for (const auto& [tee, field] : b.tee_fields) {
      out += first ? "" : ", ";
      first = false;
      out += JsonQuote(tee) + ": {\"hex\": " + JsonQuote(field.hex) +
             ", \"base64\": " + JsonQuote(field.base64) + "}";
    }
    out += "}}";
  }
  out += bundle.bindings.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace cocoplane::compile
