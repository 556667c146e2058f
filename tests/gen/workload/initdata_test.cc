#include "gen/workload/initdata.h"

#include <gtest/gtest.h>

#include "crypto/encoding.h"
#include "gen/workload/binding.h"
#include "gen/workload/guest_config.h"
#include "gen/workload/workload_test_util.h"
#include "testing/matchers.h"

namespace cocoplane::gen::workload {
namespace {

using crypto::HashAlgorithm;
using testing::CoreutilsDigest;
using testing::ParseToml;
using testing::ReadTestData;

// Kata tests/integration/kubernetes/runtimeclass_workloads/default-initdata.toml
// (reference §1.5, vector A of §1.6).
constexpr char kDefaultInitdata[] = "version = \"0.1.0\"\nalgorithm = \"sha256\"\n\n[data]\n";

std::string Decoded(const std::string& annotation) {
  auto gz = crypto::Base64Decode(annotation, crypto::Base64Alphabet::kStandard);
  if (!gz) return "<not base64>";
  return crypto::Gunzip(*gz).value_or("<not gzip>");
}

std::string CoreutilsTool(HashAlgorithm algorithm) {
  return std::string(crypto::HashAlgorithmName(algorithm)) + "sum";
}

TEST(InitdataTest, VectorADigestAndBindingsFromTheUpstreamBytes) {
  ASSERT_EQ(std::string_view(kDefaultInitdata).size(), 47u);
  InitdataArtifact a = InitdataFromBytes(HashAlgorithm::kSha256, kDefaultInitdata);
  EXPECT_EQ(a.digest_hex, "5fbba2d190b4c600dc48b80802559460ecae499f76f079e9ad2ebd4e3c7eb65f");

  auto snp = BindInitdataDigest(Tee::kSnp, a.algorithm, a.digest);
  ASSERT_OK(snp.status());
  EXPECT_EQ(snp->base64, "X7ui0ZC0xgDcSLgIAlWUYOyuSZ928HnprS69Tjx+tl8=");
  auto tdx = BindInitdataDigest(Tee::kTdx, a.algorithm, a.digest);
  ASSERT_OK(tdx.status());
  EXPECT_EQ(tdx->base64, "X7ui0ZC0xgDcSLgIAlWUYOyuSZ928HnprS69Tjx+tl8AAAAAAAAAAAAAAAAAAAAA");
  EXPECT_EQ(tdx->hex, a.digest_hex + std::string(32, '0'));
}

TEST(InitdataTest, RendersVectorAExactlyWhenThereAreNoEntries) {
  auto toml = RenderInitdataToml(InitdataInput{});
  ASSERT_OK(toml.status());
  EXPECT_EQ(*toml, kDefaultInitdata);
  auto built = BuildInitdata(InitdataInput{});
  ASSERT_OK(built.status());
  EXPECT_EQ(built->digest_hex, "5fbba2d190b4c600dc48b80802559460ecae499f76f079e9ad2ebd4e3c7eb65f");
}

// Vector B: the INITDATA ConfigMap value of cloud-api-adaptor
// src/cloud-api-adaptor/docs/initdata.md (@0ff5a72), decoded.
TEST(InitdataTest, VectorBFromCloudApiAdaptorDocs) {
  std::string toml = ReadTestData("caa_initdata_example.toml");
  ASSERT_EQ(toml.size(), 4557u);
  std::string configmap = ReadTestData("caa_initdata_configmap.b64");
  configmap.pop_back();  // the file's own trailing newline
  EXPECT_EQ(Decoded(configmap), toml) << "test data is the upstream document, byte for byte";

  InitdataArtifact b = InitdataFromBytes(HashAlgorithm::kSha384, toml);
  EXPECT_EQ(b.digest_hex,
            "4bebff2869bcdd3e9848fd8bca681ffb9bd9e018e343aa664c960fb4834129ac"
            "5b7fed3ca94b2da609906f1e94924b17");
  auto snp = BindInitdataDigest(Tee::kSnp, b.algorithm, b.digest);
  ASSERT_OK(snp.status());
  EXPECT_EQ(snp->base64, "S+v/KGm83T6YSP2Lymgf+5vZ4BjjQ6pmTJYPtINBKaw=");

  // The doc's published digest is over the bytes without the final newline
  // (reference §0 gotcha 1): one byte, a different binding.
  EXPECT_EQ(crypto::HexDigest(HashAlgorithm::kSha384, toml.substr(0, toml.size() - 1)),
            "52af3178dd7ad4bf551e629b84b45bfd1fbe1434b980120267181ae3575ea20c"
            "a9013b8eadf31d27eed7ff2552d500ef");
}

InitdataInput FullInput(HashAlgorithm algorithm) {
  InitdataInput input;
  input.algorithm = algorithm;
  input.aa_toml =
      *RenderAaToml({.kbs_url = "https://kbs.example:8080", .kbs_cert_pem = std::nullopt});
  input.cdh_toml = *RenderCdhToml(
      {.kbs_url = "https://kbs.example:8080",
       .image_security_policy = KbsResourceUri{"default", "security-policy", "prod"}});
  input.policy_rego =
      "package agent_policy\n"
      "import future.keywords.if\n"
      "default ExecProcessRequest := false\n"
      "ExecProcessRequest if { input.process.Args == [\"/bin/date\"] }\n";
  input.extra_files["zz-extra.toml"] = "[x]\ny = 1\n";
  input.extra_files["README"] = "no trailing newline";
  return input;
}

TEST(InitdataTest, FullDocumentParsesBackToItsInputs) {
  InitdataInput input = FullInput(HashAlgorithm::kSha384);
  auto toml = RenderInitdataToml(input);
  ASSERT_OK(toml.status());
  auto table = ParseToml(*toml);
  ASSERT_TRUE(table) << *toml;
  auto& t = *table;
  EXPECT_EQ(t["version"].value<std::string>(), "0.1.0");
  EXPECT_EQ(t["algorithm"].value<std::string>(), "sha384");
  EXPECT_EQ(t["data"]["aa.toml"].value<std::string>(), *input.aa_toml);
  EXPECT_EQ(t["data"]["cdh.toml"].value<std::string>(), *input.cdh_toml);
  EXPECT_EQ(t["data"]["policy.rego"].value<std::string>(), *input.policy_rego);
  EXPECT_EQ(t["data"]["zz-extra.toml"].value<std::string>(), "[x]\ny = 1\n");
  EXPECT_EQ(t["data"]["README"].value<std::string>(), "no trailing newline");
  EXPECT_EQ(t["data"].as_table()->size(), 5u);

  // Keys in byte order, one blank line between entries.
  size_t readme = toml->find("\"README\" = ");
  size_t aa = toml->find("\"aa.toml\" = ");
  size_t cdh = toml->find("\"cdh.toml\" = ");
  size_t policy = toml->find("\"policy.rego\" = ");
  size_t extra = toml->find("\"zz-extra.toml\" = ");
  EXPECT_TRUE(readme < aa && aa < cdh && cdh < policy && policy < extra) << *toml;
  EXPECT_NE(toml->find("no trailing newline'''\n\n\"aa.toml\" = '''\n"), std::string::npos);
}

TEST(InitdataTest, DigestsMatchCoreutilsAndAnnotationsDecodeToTheBytes) {
  for (HashAlgorithm algorithm :
       {HashAlgorithm::kSha256, HashAlgorithm::kSha384, HashAlgorithm::kSha512}) {
    auto built = BuildInitdata(FullInput(algorithm));
    ASSERT_OK(built.status());
    EXPECT_EQ(built->digest_hex, CoreutilsDigest(CoreutilsTool(algorithm), built->toml));
    EXPECT_EQ(built->digest.size() * 2, built->digest_hex.size());
    EXPECT_EQ(Decoded(built->annotation), built->toml);
    EXPECT_EQ(built->annotation.find_first_of("\n-_"), std::string::npos)
        << "standard alphabet, one line";
    EXPECT_EQ(built->annotation.size() % 4, 0u) << "padded";
  }
}

TEST(InitdataTest, BuildingTwiceGivesTheSameBytes) {
  auto first = BuildInitdata(FullInput(HashAlgorithm::kSha256));
  auto second = BuildInitdata(FullInput(HashAlgorithm::kSha256));
  ASSERT_OK(first.status());
  ASSERT_OK(second.status());
  EXPECT_EQ(first->toml, second->toml);
  EXPECT_EQ(first->annotation, second->annotation);
}

// Policies that a literal string cannot hold, or that stress the layout.
TEST(InitdataTest, EdgeCasePoliciesSurviveTheRoundTrip) {
  const std::string policies[] = {
      "",
      "package agent_policy\n# a comment with ''' inside\n",
      "package agent_policy\n# grüße 日本語 \xF0\x9F\x94\x92\n",
      "package agent_policy\r\ndefault X := true\r\n",
      "no newline at all",
      "\n\nleading blank lines\n",
      "ends with a quote '",
  };
  for (const auto& policy : policies) {
    InitdataInput input;
    input.policy_rego = policy;
    auto built = BuildInitdata(input);
    ASSERT_OK(built.status());
    auto table = ParseToml(built->toml);
    ASSERT_TRUE(table) << built->toml;
    EXPECT_EQ((*table)["data"]["policy.rego"].value<std::string>(), policy) << built->toml;
    EXPECT_EQ(built->digest_hex, CoreutilsDigest("sha256sum", built->toml));
    EXPECT_EQ(Decoded(built->annotation), built->toml);
  }
}

TEST(InitdataTest, EmptyPolicyIsWrittenAsAnEmptyLiteral) {
  InitdataInput input;
  input.policy_rego = "";
  auto toml = RenderInitdataToml(input);
  ASSERT_OK(toml.status());
  EXPECT_EQ(*toml, std::string(kDefaultInitdata) + "\"policy.rego\" = '''\n'''\n");
}

TEST(InitdataTest, RejectsCollidingEmptyAndNonUtf8Entries) {
  InitdataInput colliding;
  colliding.aa_toml = "a";
  colliding.extra_files["aa.toml"] = "b";
  EXPECT_EQ(RenderInitdataToml(colliding).status().code(), StatusCode::kInvalidArgument);

  InitdataInput empty_key;
  empty_key.extra_files[""] = "x";
  EXPECT_FALSE(RenderInitdataToml(empty_key).ok());

  InitdataInput bad_utf8;
  bad_utf8.policy_rego = "package \xc3\x28";
  Status st = RenderInitdataToml(bad_utf8).status();
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("policy.rego"), std::string::npos);
}

// Values prepared once render the same bytes as the same text given plainly,
// whichever of the entries are prepared; a prepared value still collides.
TEST(InitdataTest, PreparedValuesRenderTheSameBytes) {
  InitdataInput plain = FullInput(HashAlgorithm::kSha384);
  auto expected = RenderInitdataToml(plain);
  ASSERT_OK(expected.status());
  auto aa = PrepareInitdataValue(kInitdataAaKey, *plain.aa_toml);
  auto cdh = PrepareInitdataValue(kInitdataCdhKey, *plain.cdh_toml);
  auto policy = PrepareInitdataValue(kInitdataPolicyKey, *plain.policy_rego);
  auto readme = PrepareInitdataValue("README", plain.extra_files["README"]);
  ASSERT_OK(aa.status());
  ASSERT_OK(cdh.status());
  ASSERT_OK(policy.status());
  ASSERT_OK(readme.status());

  InitdataInput all = plain;
  all.aa_toml.reset();
  all.cdh_toml.reset();
  all.policy_rego.reset();
  all.extra_files.erase("README");
  all.prepared = {{kInitdataAaKey, &*aa},
                  {kInitdataCdhKey, &*cdh},
                  {kInitdataPolicyKey, &*policy},
                  {"README", &*readme}};
  auto from_all = RenderInitdataToml(all);
  ASSERT_OK(from_all.status());
  EXPECT_EQ(*from_all, *expected);

  InitdataInput some = plain;
  some.policy_rego.reset();
  some.prepared = {{kInitdataPolicyKey, &*policy}};
  auto from_some = RenderInitdataToml(some);
  ASSERT_OK(from_some.status());
  EXPECT_EQ(*from_some, *expected);

  InitdataInput twice = plain;
  twice.prepared = {{kInitdataPolicyKey, &*policy}};
  EXPECT_EQ(RenderInitdataToml(twice).status().code(), StatusCode::kInvalidArgument);

  Status bad = PrepareInitdataValue(kInitdataPolicyKey, "package \xc3\x28").status();
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.message(),
            RenderInitdataToml({.policy_rego = "package \xc3\x28"}).status().message());
}

}  // namespace
}  // namespace cocoplane::gen::workload
