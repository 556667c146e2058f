#include "compile/bundle.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

namespace cocoplane::compile {
namespace {

nlohmann::json ReadJsonFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return nlohmann::json::parse(ss.str());
}

// Validates `doc` against schemas/output/manifest.schema.json; returns the
// errors joined, or "" when valid.
std::string ValidateManifest(const nlohmann::json& doc) {
  nlohmann::json schema_doc =
      ReadJsonFile(std::string(COCOPLANE_SOURCE_DIR) + "/schemas/output/manifest.schema.json");
  valijson::Schema schema;
  valijson::SchemaParser parser;
  valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_doc);
  parser.populateSchema(schema_adapter, schema);
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(doc);
  if (validator.validate(schema, target, &results)) return "";
  std::string out;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) out += error.description + "\n";
  return out;
}

Bundle Sample() {
  Bundle b;
  b.revision = "0123456789abcdef0123456789abcdef01234567";
  AddArtifact(b, "workloads/pay/initdata.toml", ArtifactKind::kInitdata, "workload/pay", "none",
              "version = \"0.1.0\"\n");
  AddArtifact(b, "trustee/kbs-config.toml", ArtifactKind::kKbsConfig, "trustee",
              "kubernetes:trustee-operator-system/ConfigMap/kbs-config", "[http_server]\n");
  b.bindings.push_back({"pay", "sha256", std::string(64, 'a'),
                        {{"snp", {std::string(64, 'a'), "qqqq"}}}});
  return b;
}

TEST(BundleTest, KeepsArtifactsSortedAndHashed) {
  Bundle b = Sample();
  ASSERT_EQ(b.artifacts.size(), 2u);
  EXPECT_EQ(b.artifacts[0].path, "trustee/kbs-config.toml");
  ASSERT_NE(b.Find("workloads/pay/initdata.toml"), nullptr);
  EXPECT_EQ(b.Find("nope"), nullptr);
}

TEST(BundleTest, ArtifactShaIsSha256OfBytes) {
  Bundle b;
  AddArtifact(b, "a", ArtifactKind::kPodPatch, "workload/a", "none", "abc");
  EXPECT_EQ(b.artifacts[0].sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ManifestTest, RendersValidDeterministicJson) {
  std::string text = RenderManifest(Sample());
  EXPECT_EQ(text, RenderManifest(Sample()));
  nlohmann::json doc = nlohmann::json::parse(text);
  EXPECT_EQ(ValidateManifest(doc), "");
  EXPECT_EQ(doc["artifacts"][1]["kind"], "initdata");
  EXPECT_EQ(doc["initdata"][0]["tee"]["snp"]["base64"], "qqqq");
  EXPECT_EQ(ValidateManifest(nlohmann::json::parse(RenderManifest(Bundle{}))), "");
}

TEST(ManifestTest, SchemaRejectsUnknownKind) {
  nlohmann::json doc = nlohmann::json::parse(RenderManifest(Sample()));
  doc["artifacts"][0]["kind"] = "mystery";
  EXPECT_NE(ValidateManifest(doc), "");
}

TEST(ArtifactKindTest, NamesRoundTrip) {
  for (int k = 0; k <= static_cast<int>(ArtifactKind::kRuntimeClass); ++k) {
    auto kind = static_cast<ArtifactKind>(k);
    EXPECT_EQ(ParseArtifactKind(ArtifactKindName(kind)), kind);
  }
}

}  // namespace
}  // namespace cocoplane::compile
