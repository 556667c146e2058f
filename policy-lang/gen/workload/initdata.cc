#include "gen/workload/initdata.h"

#include <utility>
#include <vector>

#include "crypto/encoding.h"
#include "gen/workload/toml_text.h"

namespace cocoplane::gen::workload {
namespace {

// Only version the spec and every parser accept (§0 gotcha 3).
constexpr char kInitdataVersion[] = "0.1.0";

constexpr char kAaKey[] = "aa.toml";
constexpr char kCdhKey[] = "cdh.toml";
constexpr char kPolicyKey[] = "policy.rego";

// Merges the well-known entries and the extra files into one sorted map,
// refusing duplicates instead of letting one silently win.
Result<std::map<std::string, std::string>> CollectEntries(const InitdataInput& input) {
  std::map<std::string, std::string> entries = input.extra_files;
  const std::pair<const char*, const std::optional<std::string>*> known[] = {
      {kAaKey, &input.aa_toml}, {kCdhKey, &input.cdh_toml}, {kPolicyKey, &input.policy_rego}};
  for (const auto& [key, value] : known) {
    if (!*value) continue;
    if (!entries.emplace(key, **value).second) {
      return Status::InvalidArgument(std::string("initdata extra file '") + key +
                                     "' collides with the generated entry of that name");
    }
  }
  for (const auto& [key, value] : entries) {
    if (key.empty()) return Status::InvalidArgument("initdata data key must not be empty");
    if (Status st = CheckTomlText("initdata key '" + key + "'", key); !st.ok()) return st;
    if (Status st = CheckTomlText("initdata entry '" + key + "'", value); !st.ok()) return st;
  }
  return entries;
}

}  // namespace

Result<std::string> RenderInitdataToml(const InitdataInput& input) {
  auto entries = CollectEntries(input);
  if (!entries.ok()) return entries.status();
  std::string out = "version = " + TomlBasicString(kInitdataVersion) + "\n";
  out += "algorithm = " + TomlBasicString(crypto::HashAlgorithmName(input.algorithm)) + "\n";
  out += "\n[data]\n";
  bool first = true;
  for (const auto& [key, value] : *entries) {
    if (!first) out += "\n";
    first = false;
    out += TomlBasicString(key) + " = " + TomlMultilineString(value) + "\n";
  }
  return out;
}

std::string InitdataAnnotationValue(std::string_view toml) {
  return crypto::Base64Encode(crypto::Gzip(toml), crypto::Base64Alphabet::kStandard, true);
}

InitdataArtifact HashInitdata(crypto::HashAlgorithm algorithm, std::string toml) {
  InitdataArtifact artifact;
  artifact.algorithm = algorithm;
  artifact.digest = crypto::Digest(algorithm, toml);
  artifact.digest_hex = crypto::HexEncode(artifact.digest);
  artifact.toml = std::move(toml);
  return artifact;
}

InitdataArtifact InitdataFromBytes(crypto::HashAlgorithm algorithm, std::string toml) {
  InitdataArtifact artifact = HashInitdata(algorithm, std::move(toml));
  artifact.annotation = InitdataAnnotationValue(artifact.toml);
  return artifact;
}

Result<InitdataArtifact> BuildInitdata(const InitdataInput& input) {
  auto toml = RenderInitdataToml(input);
  if (!toml.ok()) return toml.status();
  return InitdataFromBytes(input.algorithm, std::move(*toml));
}

}  // namespace cocoplane::gen::workload
