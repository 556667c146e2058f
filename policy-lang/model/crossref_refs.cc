// References between documents, and from documents to files.
#include <algorithm>
#include <map>
#include <optional>

#include "base/strings.h"
#include "model/crossref.h"
#include "model/file_checks.h"

namespace cocoplane::model {
namespace {

enum class Expect { kCertificate, kPublicKey, kGpgKey, kToml };

constexpr std::string_view kCertificateMarker = "-----BEGIN CERTIFICATE-----";
constexpr std::string_view kPublicKeyMarker = "-----BEGIN PUBLIC KEY-----";
constexpr std::string_view kGpgMarker = "-----BEGIN PGP PUBLIC KEY BLOCK-----";

template <typename T>
std::vector<std::string> NamesOf(const std::vector<T>& items) {
  std::vector<std::string> names;
  for (const auto& item : items) names.push_back(item.metadata.name.value);
  return names;
}

// Reports `ref` when no document of `kind` (named `names`) has its name.
void CheckName(const std::vector<std::string>& names, std::string_view kind,
               const Positioned<std::string>& ref, DiagnosticSink& sink) {
  // An empty name was already reported by the schema (missing or invalid).
  if (ref.value.empty() || std::binary_search(names.begin(), names.end(), ref.value)) return;
  std::string close = ClosestMatch(ref.value, names);
  sink.Emit(DiagKind::kUnknownReference, ref.location,
            "no " + std::string(kind) + " named \"" + ref.value + "\"",
            close.empty() ? "define a " + std::string(kind) + " with metadata.name: " + ref.value
                          : "did you mean \"" + close + "\"?");
}

void CheckName(const std::vector<std::string>& names, std::string_view kind,
               const std::optional<Positioned<std::string>>& ref, DiagnosticSink& sink) {
  if (ref) CheckName(names, kind, *ref, sink);
}

std::string SimilarPath(const Snapshot& snapshot, const std::string& path) {
  // Comparing against every file would be quadratic on huge repositories;
  // the first few thousand paths are enough for a typo in a small repo.
  std::vector<std::string> candidates;
  for (const auto& [candidate, unused] : snapshot.files) {
    if (candidates.size() >= 5000) break;
    candidates.push_back(candidate);
  }
  return ClosestMatch(path, candidates);
}

std::string_view Marker(Expect expect) {
  switch (expect) {
    case Expect::kCertificate:
      return kCertificateMarker;
    case Expect::kPublicKey:
      return kPublicKeyMarker;
    case Expect::kGpgKey:
      return kGpgMarker;
    case Expect::kToml:
      return "";
  }
  return "";
}

// Checks that the text of a referenced file is what the field needs, and
// that it never carries a private key: anything in the repository is public.
bool CheckContent(const RepoFile& file, std::string_view text, Expect expect,
                  DiagnosticSink& sink) {
  if (size_t at = text.find("PRIVATE KEY-----"); at != std::string_view::npos) {
    unsigned line = 0, column = 0;
    LineColumnAt(text, text.rfind("-----", at), &line, &column);
    sink.Emit(DiagKind::kSecretInRepository, Location{file.path.value, line, column, 5},
              "file holds a private key",
              "remove it from the repository (and its history); keep private keys in a "
              "KbsResource source (file, env or vault)");
    return false;
  }
  std::string_view marker = Marker(expect);
  if (marker.empty() || text.find(marker) != std::string_view::npos) return true;
  sink.Emit(DiagKind::kBadReferencedFile, file.path.location,
            "\"" + file.path.value + "\" has no " + std::string(marker) + " block",
            "point at a PEM (or ASCII-armoured) file of the expected kind");
  return false;
}

// Reads referenced files once each, however many documents refer to them,
// so a broken file is reported once.
class FileLoader {
 public:
  FileLoader(const Snapshot& snapshot, DiagnosticSink& sink) : snapshot_(snapshot), sink_(sink) {}

  void Load(RepoFile* file, Expect expect) {
    const std::string& path = file->path.value;
    if (path.empty()) return;
    if (!snapshot_.Find(path)) {
      std::string close = SimilarPath(snapshot_, path);
      sink_.Emit(DiagKind::kMissingFile, file->path.location,
                 "file \"" + path + "\" does not exist in the repository",
                 close.empty() ? "paths are relative to the repository root"
                               : "did you mean \"" + close + "\"?");
      return;
    }
    auto [it, first_time] = cache_.try_emplace({path, expect});
    if (first_time) {
      // Document and TOML files were read (and their problems reported) by
      // the load pass already; report only what is new here.
      DiagnosticSink already_reported;
      DiagnosticSink& read_sink = RoleOf(path) == FileRole::kIgnored ? sink_ : already_reported;
      std::optional<std::string_view> text = ReadText(snapshot_, path, read_sink);
      if (text && CheckContent(*file, *text, expect, sink_)) it->second = std::string(*text);
    }
    if (it->second) file->text = *it->second;
  }

 private:
  const Snapshot& snapshot_;
  DiagnosticSink& sink_;
  std::map<std::pair<std::string, Expect>, std::optional<std::string>> cache_;
};

// The sorted names of each kind that documents refer to.
struct Names {
  std::vector<std::string> profiles;
  std::vector<std::string> pools;
  std::vector<std::string> policies;
  std::vector<std::string> resources;
};

void ResolveWorkload(FileLoader& files, const Names& names, Workload& w, DiagnosticSink& sink) {
  const std::vector<std::string>& resources = names.resources;
  CheckName(names.pools, "NodePool", w.node_pool, sink);
  CheckName(names.policies, "ImagePolicy", w.image_policy, sink);
  CheckName(resources, "KbsResource", w.registry_credential, sink);
  CheckName(resources, "KbsResource", w.tls_key, sink);
  CheckName(resources, "KbsResource", w.tls_certificate, sink);
  for (const auto& s : w.secrets) CheckName(resources, "KbsResource", s, sink);
  for (const auto& s : w.sealed_secrets) CheckName(resources, "KbsResource", s.resource, sink);
  for (const auto& v : w.encrypted_volumes) CheckName(resources, "KbsResource", v.key, sink);
  for (auto& fragment : w.initdata_fragments) files.Load(&fragment, Expect::kToml);
}

void ResolveImagePolicy(FileLoader& files, const Names& names, ImagePolicy& p,
                        DiagnosticSink& sink) {
  for (auto& [scope, requirements] : p.scopes) {
    for (auto& r : requirements) {
      CheckName(names.resources, "KbsResource", r.key_resource, sink);
      if (!r.key_file) continue;
      Expect expect =
          r.type.value == RequirementType::kSignedBy ? Expect::kGpgKey : Expect::kPublicKey;
      files.Load(&*r.key_file, expect);
    }
  }
}

}  // namespace

void ResolveReferences(const Snapshot& snapshot, Model* model, DiagnosticSink& sink) {
  // The vectors are sorted by name (CrossCheck deduplicated them), so the
  // name lists are sorted too.
  Names names{NamesOf(model->trustee_profiles), NamesOf(model->node_pools),
              NamesOf(model->image_policies), NamesOf(model->kbs_resources)};
  FileLoader files(snapshot, sink);
  if (model->cluster) {
    Cluster& c = *model->cluster;
    CheckName(names.profiles, "TrusteeProfile", c.trustee_profile, sink);
    if (c.kbs_ca_cert) files.Load(&*c.kbs_ca_cert, Expect::kCertificate);
  }
  for (auto& profile : model->trustee_profiles) {
    if (!profile.vault) continue;
    for (auto& ca : profile.vault->ca_certs) files.Load(&ca, Expect::kCertificate);
  }
  for (auto& w : model->workloads) ResolveWorkload(files, names, w, sink);
  for (auto& p : model->image_policies) ResolveImagePolicy(files, names, p, sink);
}

}  // namespace cocoplane::model
