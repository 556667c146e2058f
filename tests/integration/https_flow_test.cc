// `cocoplane serve` with an https:// source: `git http-backend` behind
// lighttpd (TLS from a CA made by the test, HTTP basic auth with a token read
// from a file), a pushed commit, a signed GitHub webhook, and the node and
// kbs-storage directories holding the new artifacts. The token never shows
// in the daemon's output or status.
//
// Skips only when lighttpd is not installed (Debian packages lighttpd
// lighttpd-mod-openssl; CI installs them).
#include <gtest/gtest.h>

#include <filesystem>

#include "desired_repo.h"
#include "fs/atomic_file.h"
#include "source/git_test_util.h"
#include "source/http_git_server.h"
#include "source/http_test_pki.h"

namespace cocoplane::integration {
namespace {

using cocoplane::testing::CertAndKey;
using cocoplane::testing::HttpsGitServer;
using cocoplane::testing::HttpsGitServerOptions;
using cocoplane::testing::MustRun;
using cocoplane::testing::TempDir;
using cocoplane::testing::WriteFile;

constexpr char kToken[] = "it-token-Vb3Xq8Lm2Pz7";

bool HaveLighttpd() {
  return cocoplane::testing::HaveProgram("lighttpd") ||
         std::filesystem::exists("/usr/sbin/lighttpd");
}

std::string DropIn(const DaemonUnderTest& d) {
  for (const auto& [path, sha] : HashTree(d.node_root)) {
    if (path.find("config.d") != std::string::npos) return d.node_root + "/" + path;
  }
  return "";
}

TEST(HttpsFlowTest, CommitPushedToGitHttpBackendReachesBothTargetsAfterAWebhook) {
  if (!HaveLighttpd()) {
    GTEST_SKIP() << "needs lighttpd: install the Debian packages "
                 << cocoplane::testing::kLighttpdPackages;
  }
  TempDir tmp;
  DesiredRepo repo(tmp.path());
  MustRun(tmp.path(), "mkdir -p srv httpd pki && git clone -q --bare desired srv/desired.git");
  CertAndKey ca = cocoplane::testing::MakeTestCa(tmp / "pki", "ca", "cocoplane integration CA");
  CertAndKey cert =
      cocoplane::testing::IssueServerCert(ca, tmp / "pki", "server", "DNS:localhost,IP:127.0.0.1");
  WriteFile(tmp / "users", std::string("x-access-token:") + kToken + "\n");
  WriteFile(tmp / "token", std::string(kToken) + "\n");
  HttpsGitServer server(HttpsGitServerOptions{tmp / "srv", cert, tmp / "users", tmp / "httpd"});
  ASSERT_TRUE(server.ok()) << server.error();

  DaemonUnderTest daemon(tmp.path(), repo);
  daemon.options.url = server.Url("desired.git");
  daemon.options.ca_file = ca.cert_file;
  daemon.options.token_file = tmp / "token";
  ASSERT_TRUE(daemon.Start()) << daemon.Stderr();
  ASSERT_TRUE(daemon.WaitApplied(repo.Head())) << daemon.Stderr();
  std::string dropin = DropIn(daemon);
  ASSERT_FALSE(dropin.empty());
  EXPECT_EQ(*fs::ReadFile(daemon.kbs_dir + "/" + kCanaryAddress), kCanaryValue);

  std::string pool = *fs::ReadFile(repo.work() + "/pools/snp.yaml");
  pool.replace(pool.find("defaultMemoryMiB: 2048"), 22, "defaultMemoryMiB: 6144");
  std::string head = repo.Commit("pools/snp.yaml", pool, "snp: 6 GiB guests");
  MustRun(repo.work(), "git push -q " + tmp / "srv/desired.git" + " main");
  EXPECT_EQ(daemon.PushWebhook(), 202);
  ASSERT_TRUE(daemon.WaitApplied(head)) << daemon.Stderr();
  EXPECT_NE(fs::ReadFile(dropin)->find("6144"), std::string::npos);
  EXPECT_EQ(daemon.Status()["last"]["result"], "applied");

  std::string status = daemon.Status().dump();
  EXPECT_EQ(daemon.Stop(), 0);
  // The server saw the token's user on every fetch, and the token is in no
  // output of the daemon.
  EXPECT_NE(server.StopAndReadAccessLog().find(" x-access-token ["), std::string::npos);
  for (const std::string& text : {status, daemon.Stdout(), daemon.Stderr()}) {
    EXPECT_EQ(text.find(kToken), std::string::npos);
  }
}

}  // namespace
}  // namespace cocoplane::integration
