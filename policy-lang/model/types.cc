#include "model/types.h"

#include <algorithm>
#include <utility>

#include "base/regex.h"
#include "model/kinds.h"

namespace cocoplane::model {
namespace {

constexpr std::pair<TeeKind, std::string_view> kTeeNames[] = {
    {TeeKind::kSnp, "snp"},
    {TeeKind::kTdx, "tdx"},
    {TeeKind::kAzSnpVtpm, "az-snp-vtpm"},
    {TeeKind::kAzTdxVtpm, "az-tdx-vtpm"},
    {TeeKind::kSe, "se"},
    {TeeKind::kSample, "sample"},
};

constexpr std::pair<HashAlgorithm, std::string_view> kHashNames[] = {
    {HashAlgorithm::kSha256, "sha256"},
    {HashAlgorithm::kSha384, "sha384"},
    {HashAlgorithm::kSha512, "sha512"},
};

}  // namespace

std::string_view TeeKindName(TeeKind tee) {
  for (const auto& [kind, name] : kTeeNames) {
    if (kind == tee) return name;
  }
  return "snp";
}

std::optional<TeeKind> ParseTeeKind(std::string_view name) {
  for (const auto& [kind, spelled] : kTeeNames) {
    if (spelled == name) return kind;
  }
  return std::nullopt;
}

bool IsVtpm(TeeKind tee) { return tee == TeeKind::kAzSnpVtpm || tee == TeeKind::kAzTdxVtpm; }

std::string_view HashAlgorithmName(HashAlgorithm algorithm) {
  for (const auto& [kind, name] : kHashNames) {
    if (kind == algorithm) return name;
  }
  return "sha256";
}

std::optional<HashAlgorithm> ParseHashAlgorithm(std::string_view name) {
  for (const auto& [kind, spelled] : kHashNames) {
    if (spelled == name) return kind;
  }
  return std::nullopt;
}

std::string DefaultRuntimeClass(TeeKind tee, bool confidential_gpu) {
  switch (tee) {
    case TeeKind::kSnp:
      return confidential_gpu ? "kata-qemu-nvidia-gpu-snp" : "kata-qemu-snp";
    case TeeKind::kTdx:
      return confidential_gpu ? "kata-qemu-nvidia-gpu-tdx" : "kata-qemu-tdx";
    case TeeKind::kSe:
      return "kata-qemu-se";
    case TeeKind::kSample:
      return "kata-qemu-coco-dev";
    case TeeKind::kAzSnpVtpm:
    case TeeKind::kAzTdxVtpm:
      return "kata-remote";
  }
  return "kata-qemu-snp";
}

std::string AnnotationPatternProblem(std::string_view pattern) {
  if (pattern.size() > 256) return "longer than 256 bytes";
  if (!Regex::Compile(pattern).ok()) return "not a valid regular expression";
  return "";
}

bool AnnotationPatternMatches(std::string_view pattern, std::string_view suffix) {
  // Most entries are plain names: a substring test is the exact meaning of
  // an unanchored regex without metacharacters.
  if (pattern.find_first_of("\\^$.|?*+()[]{}") == std::string_view::npos) {
    return suffix.find(pattern) != std::string_view::npos;
  }
  if (pattern.size() > 256) return false;
  Result<Regex> re = Regex::Compile(pattern);
  return re.ok() && re->Search(suffix);
}

std::string_view RequirementTypeName(RequirementType type) {
  switch (type) {
    case RequirementType::kReject:
      return "reject";
    case RequirementType::kInsecureAcceptAnything:
      return "insecureAcceptAnything";
    case RequirementType::kSigstoreSigned:
      return "sigstoreSigned";
    case RequirementType::kSignedBy:
      return "signedBy";
  }
  return "reject";
}

std::vector<std::string> Workload::ResourceNames() const {
  std::vector<std::string> names;
  auto add = [&names](const std::optional<Positioned<std::string>>& ref) {
    if (ref) names.push_back(ref->value);
  };
  add(registry_credential);
  add(tls_key);
  add(tls_certificate);
  for (const auto& s : secrets) names.push_back(s.value);
  for (const auto& s : sealed_secrets) names.push_back(s.resource.value);
  for (const auto& v : encrypted_volumes) names.push_back(v.key.value);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace cocoplane::model
