#include "config/config.h"

#include <gtest/gtest.h>

#include "testing/matchers.h"

namespace cocoplane::config {
namespace {

using cocoplane::testing::Describe;
using cocoplane::testing::HasDiagnostic;

TEST(ConfigTest, ParsesAFullConfiguration) {
  DiagnosticSink sink;
  DaemonConfig c = ParseConfig("cocoplane.toml", R"(
[source]
url = "git://127.0.0.1:9418/desired.git"
ref = "main"
poll_interval_seconds = 30
[verify]
mode = "head"
ssh_allowed_signers = "/etc/cocoplane/allowed_signers"
[state]
dir = "/var/lib/cocoplane"
[server]
listen = "127.0.0.1:9400"
[webhook]
github_secret_file = "/etc/cocoplane/github.secret"
max_payload_bytes = 65536
[[targets.node]]
pool = "snp-a"
root = "/"
[targets.kbs_storage]
dir = "/opt/confidential-containers/storage"
[drift]
mode = "correct"
interval_seconds = 120
[[notify.alertmanager]]
url = "http://127.0.0.1:9093"
[[notify.webhook]]
url = "http://127.0.0.1:8080/hook"
secret_file = "/etc/cocoplane/hook.secret"
)", sink);
  EXPECT_FALSE(sink.has_errors()) << Describe(sink);
  EXPECT_EQ(c.source.url, "git://127.0.0.1:9418/desired.git");
  EXPECT_EQ(c.source.poll_interval_seconds, 30);
  EXPECT_EQ(c.verify.mode, "head");
  EXPECT_EQ(c.webhook.max_payload_bytes, 65536u);
  ASSERT_EQ(c.nodes.size(), 1u);
  EXPECT_EQ(c.nodes[0].pool, "snp-a");
  EXPECT_EQ(c.kbs_storage_dir, "/opt/confidential-containers/storage");
  EXPECT_EQ(c.drift.mode, "correct");
  EXPECT_EQ(c.notify.alertmanager_urls, std::vector<std::string>{"http://127.0.0.1:9093"});
  ASSERT_EQ(c.notify.webhooks.size(), 1u);
}

TEST(ConfigTest, ReportsTyposWrongTypesAndBadValuesWithPositions) {
  DiagnosticSink sink;
  ParseConfig("c.toml",
              "[source]\nurl = \"file:///r\"\nref = 3\n[verify]\nmdoe = \"head\"\n"
              "[drift]\nmode = \"heal\"\n",
              sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP7003", "c.toml", 3, 7)) << Describe(sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP7002", "c.toml", 5, 8)) << Describe(sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP7004", "c.toml", 7, 8)) << Describe(sink);
}

TEST(ConfigTest, SyntaxErrorAndMissingKeys) {
  DiagnosticSink sink;
  ParseConfig("c.toml", "[source\n", sink);
  EXPECT_TRUE(HasDiagnostic(sink, "CP7001", "c.toml", 1)) << Describe(sink);
  DiagnosticSink sink2;
  ParseConfig("c.toml", "[source]\nref = \"main\"\n", sink2);
  EXPECT_TRUE(HasDiagnostic(sink2, "CP7005", "c.toml")) << Describe(sink2);
}

}  // namespace
}  // namespace cocoplane::config
