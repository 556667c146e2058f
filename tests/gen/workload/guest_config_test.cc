#include "gen/workload/guest_config.h"

#include <gtest/gtest.h>

#include "gen/workload/workload_test_util.h"
#include "testing/matchers.h"

namespace cocoplane::gen::workload {
namespace {

using testing::ParseToml;

constexpr char kCert[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBszCCAVmgAwIBAgIUQ2VydGlmaWNhdGUrZm9yK3Rlc3RzMAoGCCqGSM49BAMC\n"
    "-----END CERTIFICATE-----\n";

TEST(AaTomlTest, WritesTheKbsTokenConfig) {
  auto toml = RenderAaToml({.kbs_url = "https://kbs.example:8080", .kbs_cert_pem = std::nullopt});
  ASSERT_OK(toml.status());
  EXPECT_EQ(*toml,
            "[token_configs]\n"
            "[token_configs.kbs]\n"
            "url = \"https://kbs.example:8080\"\n");
}

TEST(AaTomlTest, CertificateParsesBackByteForByte) {
  auto toml = RenderAaToml({.kbs_url = "https://kbs.example", .kbs_cert_pem = kCert});
  ASSERT_OK(toml.status());
  auto table = ParseToml(*toml);
  ASSERT_TRUE(table) << *toml;
  EXPECT_EQ((*table)["token_configs"]["kbs"]["url"].value<std::string>(), "https://kbs.example");
  EXPECT_EQ((*table)["token_configs"]["kbs"]["cert"].value<std::string>(), kCert);
}

TEST(AaTomlTest, RejectsUrlsThatAreNotHttp) {
  for (const char* url : {"", "kbs.example:8080", "ftp://kbs", "https://", "http://a b"}) {
    EXPECT_EQ(RenderAaToml({.kbs_url = url, .kbs_cert_pem = std::nullopt}).status().code(),
              StatusCode::kInvalidArgument)
        << url;
  }
  EXPECT_FALSE(RenderAaToml({.kbs_url = "https://kbs", .kbs_cert_pem = "not pem"}).ok());
}

TEST(CdhTomlTest, MinimalConfigHasOnlyTheKbc) {
  auto toml = RenderCdhToml({.kbs_url = "http://kbs.example:8080"});
  ASSERT_OK(toml.status());
  EXPECT_EQ(*toml,
            "[kbc]\n"
            "name = \"cc_kbc\"\n"
            "url = \"http://kbs.example:8080\"\n");
}

TEST(CdhTomlTest, FullConfigLayout) {
  CdhConfig config{
      .kbs_url = "https://kbs.example:8080",
      .kbs_cert_pem = kCert,
      .image_security_policy = KbsResourceUri{"default", "security-policy", "prod"},
      .registry_credentials = KbsResourceUri{"default", "credentials", "ghcr"},
      .credentials = {{{"default", "certs", "ca"}, "/run/confidential-containers/cdh/kbs/ca.pem"}},
      .skip_sealed_secret_verification = true,
  };
  auto toml = RenderCdhToml(config);
  ASSERT_OK(toml.status());
  EXPECT_EQ(*toml, std::string("skip_sealed_secret_verification = true\n"
                               "\n"
                               "[kbc]\n"
                               "name = \"cc_kbc\"\n"
                               "url = \"https://kbs.example:8080\"\n"
                               "kbs_cert = '''\n") +
                       kCert +
                       "'''\n"
                       "\n"
                       "[image]\n"
                       "image_security_policy_uri = \"kbs:///default/security-policy/prod\"\n"
                       "authenticated_registry_credentials_uri = \"kbs:///default/credentials/ghcr\"\n"
                       "\n"
                       "[[credentials]]\n"
                       "resource_uri = \"kbs:///default/certs/ca\"\n"
                       "path = \"/run/confidential-containers/cdh/kbs/ca.pem\"\n");
}

TEST(CdhTomlTest, ParsesBackToTheInput) {
  CdhConfig config{
      .kbs_url = "https://kbs.example:8080",
      .kbs_cert_pem = kCert,
      .image_security_policy = KbsResourceUri{"default", "security-policy", "prod"},
      .registry_credentials = std::nullopt,
      .credentials = {{{"a", "b", "c"}, "/run/confidential-containers/cdh/kbs/one"},
                      {{"a", "b", "d"}, "/run/confidential-containers/cdh/kbs/sub/two"}},
  };
  auto toml = RenderCdhToml(config);
  ASSERT_OK(toml.status());
  auto table = ParseToml(*toml);
  ASSERT_TRUE(table) << *toml;
  auto& t = *table;
  EXPECT_FALSE(t.contains("skip_sealed_secret_verification")) << "only written when asked for";
  EXPECT_EQ(t["kbc"]["name"].value<std::string>(), "cc_kbc");
  EXPECT_EQ(t["kbc"]["url"].value<std::string>(), config.kbs_url);
  EXPECT_EQ(t["kbc"]["kbs_cert"].value<std::string>(), kCert);
  EXPECT_EQ(t["image"]["image_security_policy_uri"].value<std::string>(),
            "kbs:///default/security-policy/prod");
  EXPECT_FALSE(t["image"]["authenticated_registry_credentials_uri"]) << "no registry credential";
  auto* credentials = t["credentials"].as_array();
  ASSERT_NE(credentials, nullptr);
  ASSERT_EQ(credentials->size(), 2u);
  EXPECT_EQ((*credentials)[1].as_table()->at("resource_uri").value<std::string>(), "kbs:///a/b/d");
  EXPECT_EQ((*credentials)[1].as_table()->at("path").value<std::string>(),
            "/run/confidential-containers/cdh/kbs/sub/two");
}

TEST(CdhTomlTest, ImageSectionOnlyWithRegistryCredential) {
  auto toml = RenderCdhToml({.kbs_url = "http://kbs",
                             .registry_credentials = KbsResourceUri{"default", "credentials", "r"}});
  ASSERT_OK(toml.status());
  auto table = ParseToml(*toml);
  ASSERT_TRUE(table);
  EXPECT_FALSE((*table)["image"]["image_security_policy_uri"]);
  EXPECT_EQ((*table)["image"]["authenticated_registry_credentials_uri"].value<std::string>(),
            "kbs:///default/credentials/r");
}

TEST(CdhTomlTest, RejectsCredentialPathsOutsideTheCdhDirectory) {
  for (const char* path : {"/etc/passwd", "/run/confidential-containers/cdh/kbs",
                           "/run/confidential-containers/cdh/kbs/", "/run/confidential-containers/cdh/kbsx/a",
                           "/run/confidential-containers/cdh/kbs/../sealed-secret/k",
                           "relative/run/confidential-containers/cdh/kbs/a"}) {
    CdhConfig config{.kbs_url = "http://kbs", .credentials = {{{"a", "b", "c"}, path}}};
    EXPECT_EQ(RenderCdhToml(config).status().code(), StatusCode::kInvalidArgument) << path;
  }
}

TEST(CdhTomlTest, RejectsInvalidResourceUris) {
  CdhConfig config{.kbs_url = "http://kbs",
                   .image_security_policy = KbsResourceUri{"default", "", "x"}};
  EXPECT_FALSE(RenderCdhToml(config).ok());
  CdhConfig bad_url{.kbs_url = "kbs:///not/a/url"};
  EXPECT_FALSE(RenderCdhToml(bad_url).ok());
}

}  // namespace
}  // namespace cocoplane::gen::workload
