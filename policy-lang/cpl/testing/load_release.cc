// The `release:` part of a case: the resource path and the token, given as
// full claims (inline or a JSON file) and/or the compact builder fields.
#include <algorithm>
#include <regex>

#include "cpl/testing/decoder.h"
#include "model/file_checks.h"
#include "model/loaders.h"

namespace cocoplane::cpl::testing::internal {
namespace {

std::vector<std::string> Names(auto all, auto name_of) {
  std::vector<std::string> out;
  for (auto v : all) out.emplace_back(name_of(v));
  return out;
}

// A TEE by its CPL name ("az_snp_vtpm") or its evidence key ("az-snp-vtpm").
std::optional<ir::TeeKind> ReadTee(Decoder& d, const Node& node) {
  auto text = d.String(node, "`tee`");
  if (!text) return std::nullopt;
  for (ir::TeeKind tee : ir::AllTeeKinds()) {
    if (*text == ir::TeeName(tee) || *text == ir::TeeEvidenceKey(tee)) return tee;
  }
  d.Report(DiagKind::kTestBadValue, node.at(), "`" + *text + "` is not a TEE kind",
           DidYouMean(*text, Names(ir::AllTeeKinds(), ir::TeeName)));
  return std::nullopt;
}

std::optional<ir::EarStatus> ReadStatus(Decoder& d, const Node& node) {
  auto text = d.String(node, "`status`");
  if (!text) return std::nullopt;
  if (auto status = ir::EarStatusFromName(*text)) return status;
  d.Report(DiagKind::kTestBadValue, node.at(), "`" + *text + "` is not an EAR status",
           "write affirming, warning, contraindicated or none");
  return std::nullopt;
}

std::vector<std::string> TrustClaimNames() {
  std::vector<std::string> out;
  for (ir::TrustClaim c : ir::AllTrustClaims()) out.emplace_back(ir::TrustClaimName(c));
  return out;
}

// `trust: {executables: 3, file-system: 0}`: CPL or token spelling.
std::optional<std::vector<std::pair<ir::TrustClaim, int>>> ReadTrust(Decoder& d, const Node& node) {
  if (!d.ExpectMapping(node, "`trust`")) return std::nullopt;
  std::vector<std::pair<ir::TrustClaim, int>> out;
  bool ok = true;
  for (const auto& [key, value] : node.value->items()) {
    Node claim = node.Child(key);
    std::string name = key;
    std::replace(name.begin(), name.end(), '-', '_');
    std::optional<ir::TrustClaim> kind = ir::TrustClaimFromName(name);
    if (!kind) {
      d.Report(DiagKind::kTestBadValue, claim.key_at(), "`" + key + "` is not an AR4SI trust claim",
               DidYouMean(name, TrustClaimNames()));
      ok = false;
      continue;
    }
    auto v = d.Integer(claim, "trust claim `" + key + "`", ir::kTrustValueMin, ir::kTrustValueMax);
    if (!v) {
      ok = false;
      continue;
    }
    out.emplace_back(*kind, static_cast<int>(*v));
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::vector<GpuSpec>> ReadGpus(Decoder& d, const Node& node) {
  if (!node.value->is_array()) {
    d.Report(DiagKind::kTestWrongType, node.at(),
             "`gpus` must be a list, not " + std::string(JsonTypeNoun(*node.value)),
             "write `gpus: [{status: affirming}]`, or `gpus: []` for no GPU appraisal");
    return std::nullopt;
  }
  std::vector<GpuSpec> out;
  size_t errors = d.errors();
  for (const Node& item : node.Items()) {
    if (!d.ExpectMapping(item, "a GPU")) continue;
    d.CheckKeys(item, {"status", "trust"}, "a GPU");
    GpuSpec gpu;
    if (Node s = item.Child("status"); s.present()) {
      if (auto status = ReadStatus(d, s)) gpu.status = *status;
    }
    if (Node t = item.Child("trust"); t.present()) {
      if (auto trust = ReadTrust(d, t)) gpu.trust = std::move(*trust);
    }
    out.push_back(std::move(gpu));
  }
  if (d.errors() != errors) return std::nullopt;
  return out;
}

// KBS resource path: three segments as ResourceDesc accepts them
// (trustee.md §1 "Resource path").
bool IsResourcePath(const std::string& path) {
  static const std::regex kPath(
      "[A-Za-z0-9_-][A-Za-z0-9_.-]*/[A-Za-z0-9_-][A-Za-z0-9_.-]*/[A-Za-z0-9_-][A-Za-z0-9_.-]*");
  return std::regex_match(path, kPath);
}

std::vector<std::string> JsonFiles(const Snapshot* snapshot) {
  std::vector<std::string> out;
  if (snapshot == nullptr) return out;
  for (const auto& [path, file] : snapshot->files) {
    if (path.ends_with(".json")) out.push_back(path);
  }
  return out;
}

// `token: tests/tokens/snp.json`, a path from the repository root.
std::optional<nlohmann::json> ReadTokenFile(Decoder& d, const Node& node) {
  auto path = d.String(node, "`token`");
  if (!path) return std::nullopt;
  const Snapshot* snapshot = d.snapshot();
  if (snapshot == nullptr || snapshot->Find(*path) == nullptr) {
    std::string hint = DidYouMean(*path, JsonFiles(snapshot));
    if (hint.empty()) hint = "token paths start at the repository root, e.g. tests/tokens/snp.json";
    d.Report(DiagKind::kTestTokenFileMissing, node.at(), "token file " + *path + " does not exist",
             hint);
    return std::nullopt;
  }
  std::optional<std::string_view> text = model::ReadText(*snapshot, *path, d.sink());
  if (!text) return std::nullopt;
  std::optional<model::SourceDocument> doc = model::LoadJson(*path, *text, d.sink());
  if (!doc) return std::nullopt;
  if (!doc->value.is_object()) {
    d.Report(DiagKind::kTestTokenNotObject, node.at(),
             "token file " + *path + " holds " + std::string(JsonTypeNoun(doc->value)) +
                 ", not the claims object",
             "the file must hold the EAR token payload: {\"submods\": {\"cpu0\": {...}}, ...}");
    return std::nullopt;
  }
  return std::move(doc->value);
}

void Exclusive(Decoder& d, const Node& a, const Node& b, std::string_view hint) {
  if (!a.present() || !b.present()) return;
  d.Report(DiagKind::kTestConflictingKeys, b.key_at(),
           "`" + LastToken(b.pointer) + "` cannot be combined with `" + LastToken(a.pointer) + "`",
           std::string(hint));
}

void ReadBase(Decoder& d, const Node& node, TokenSpec* out) {
  Node claims = node.Child("claims");
  Node token = node.Child("token");
  Node tee = node.Child("tee");
  Exclusive(d, claims, token, "give the claims inline or in a file, not both");
  Exclusive(d, claims, tee, "the TEE comes from the claims; drop `tee`");
  Exclusive(d, token, tee, "the TEE comes from the token file; drop `tee`");
  if (claims.present()) {
    if (claims.is_mapping()) {
      out->claims = *claims.value;
    } else {
      d.Report(DiagKind::kTestTokenNotObject, claims.at(),
               "`claims` must be the EAR claims mapping, not " +
                   std::string(JsonTypeNoun(*claims.value)),
               "write the token payload: {submods: {cpu0: {...}}}");
    }
  } else if (token.present()) {
    out->claims = ReadTokenFile(d, token);
  }
  if (tee.present()) out->tee = ReadTee(d, tee);
  if (!claims.present() && !token.present() && !tee.present() &&
      !node.Child("workload").present()) {
    d.Report(DiagKind::kTestMissingKey, node.at(), "a release case needs a token",
             "give `tee:` or `workload:` (the builder makes the token), `claims:` (inline) or "
             "`token:` (a JSON file)");
  }
}

}  // namespace

void DecodeRelease(Decoder& d, const Node& node, ReleaseCase* out) {
  d.CheckKeys(node,
              {"resource", "claims", "token", "tee", "status", "trust", "workload", "init_data",
               "debug", "init_data_claims", "gpus"},
              "a release case");
  Node resource = node.Child("resource");
  if (d.Require(node, resource, "a release case",
                "name the KBS resource: `resource: default/key/tag`")) {
    if (auto path = d.String(resource, "`resource`")) {
      if (IsResourcePath(*path)) {
        out->resource = *path;
      } else {
        d.Report(DiagKind::kTestBadValue, resource.at(),
                 "`" + *path + "` is not a KBS resource path",
                 "write repo/type/tag: three segments of letters, digits, `_`, `-` and `.`");
      }
    }
  }
  TokenSpec& token = out->token;
  ReadBase(d, node, &token);
  if (Node n = node.Child("status"); n.present()) token.status = ReadStatus(d, n);
  if (Node n = node.Child("trust"); n.present()) {
    if (auto trust = ReadTrust(d, n)) token.trust = std::move(*trust);
  }
  Node workload = node.Child("workload");
  Node init_data = node.Child("init_data");
  Exclusive(d, workload, init_data, "`workload` already sets init_data to that workload's binding");
  if (workload.present()) {
    if (auto name = d.String(workload, "`workload`")) token.workload = {*name, workload.at()};
  }
  if (init_data.present()) token.init_data = d.String(init_data, "`init_data`");
  if (Node n = node.Child("debug"); n.present()) token.debug = d.Bool(n, "`debug`");
  if (Node n = node.Child("init_data_claims"); n.present()) {
    if (d.ExpectMapping(n, "`init_data_claims`")) token.init_data_claims = *n.value;
  }
  if (Node n = node.Child("gpus"); n.present()) token.gpus = ReadGpus(d, n);
}

}  // namespace cocoplane::cpl::testing::internal
