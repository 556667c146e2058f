#include "gen/workload/initdata.h"

#include <deque>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "crypto/encoding.h"
#include "gen/workload/toml_text.h"

namespace cocoplane::gen::workload {
namespace {

// Only version the spec and every parser accept (§0 gotcha 3).
constexpr char kInitdataVersion[] = "0.1.0";

// An entry's key and text are both written into the document: they must be
// UTF-8, and the key not empty.
Status CheckEntry(std::string_view key, std::string_view text) {
  if (key.empty()) return Status::InvalidArgument("initdata data key must not be empty");
  std::string k(key);
  if (Status st = CheckTomlText("initdata key '" + k + "'", key); !st.ok()) return st;
  return CheckTomlText("initdata entry '" + k + "'", text);
}

// The [data] entries, sorted by key, each value as it is written: quoted
// here, or by PrepareInitdataValue (`quoted` owns the former).
struct Entries {
  std::deque<std::string> quoted;
  std::map<std::string_view, std::string_view> by_key;
};

// Merges the well-known entries, the extra files and the prepared values,
// refusing duplicates instead of letting one silently win.
Status CollectEntries(const InitdataInput& input, Entries& out) {
  auto add = [&out](std::string_view key, std::string_view quoted) {
    if (!out.by_key.emplace(key, quoted).second) {
      return Status::InvalidArgument("initdata extra file '" + std::string(key) +
                                     "' collides with the generated entry of that name");
    }
    return Status::Ok();
  };
  // Text given as it is is checked and quoted here, as PrepareInitdataValue
  // does for a caller that shares it between documents.
  auto add_text = [&out, &add](std::string_view key, std::string_view text) {
    Result<PreparedValue> prepared = PrepareInitdataValue(key, text);
    if (!prepared.ok()) return prepared.status();
    return add(key, out.quoted.emplace_back(std::move(prepared->quoted)));
  };
  for (const auto& [key, value] : input.extra_files) {
    if (Status st = add_text(key, value); !st.ok()) return st;
  }
  const std::pair<const char*, const std::optional<std::string>*> known[] = {
      {kInitdataAaKey, &input.aa_toml},
      {kInitdataCdhKey, &input.cdh_toml},
      {kInitdataPolicyKey, &input.policy_rego}};
  for (const auto& [key, value] : known) {
    if (!*value) continue;
    if (Status st = add_text(key, **value); !st.ok()) return st;
  }
  for (const auto& [key, value] : input.prepared) {
    if (Status st = CheckEntry(key, ""); !st.ok()) return st;
    if (Status st = add(key, value->quoted); !st.ok()) return st;
  }
  return Status::Ok();
}

}  // namespace

Result<PreparedValue> PrepareInitdataValue(std::string_view key, std::string_view text) {
  if (Status st = CheckEntry(key, text); !st.ok()) return st;
  return PreparedValue{TomlMultilineString(text)};
}

Result<std::string> RenderInitdataToml(const InitdataInput& input) {
  Entries entries;
  if (Status st = CollectEntries(input, entries); !st.ok()) return st;
  std::string out = "version = " + TomlBasicString(kInitdataVersion) + "\n";
  out += "algorithm = " + TomlBasicString(crypto::HashAlgorithmName(input.algorithm)) + "\n";
  out += "\n[data]\n";
  bool first = true;
  for (const auto& [key, quoted] : entries.by_key) {
    if (!first) out += "\n";
    first = false;
    out += TomlBasicString(key);
    out += " = ";
    out += quoted;
    out += "\n";
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
