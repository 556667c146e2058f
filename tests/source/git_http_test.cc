// GitSource over https:// end to end: `git http-backend` behind lighttpd on
// 127.0.0.1 (http_git_server.h), with TLS from a CA made at test time and
// HTTP basic auth. Fails (does not skip) when lighttpd is missing: CI
// installs it, and a silently skipped https test would hide a regression.
//
// One CA bundle for the whole binary: libgit2 1.5 holds the bundle
// process-wide (git_source.h), so every GitSource here names the same
// trusted CA file. The "wrong CA" case is therefore a server presenting a
// certificate from another self-signed CA, which is what a wrong bundle
// looks like to the TLS client; the same process can test it, and this
// binary is separate from source_tests so no other test can have installed
// a different bundle first.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "base/snapshot.h"
#include "source/git_source.h"
#include "source/git_test_util.h"
#include "source/http_git_server.h"
#include "source/http_test_pki.h"
#include "testing/matchers.h"

namespace cocoplane::source {
namespace {

using ::cocoplane::testing::CertAndKey;
using ::cocoplane::testing::CommitFile;
using ::cocoplane::testing::HttpsGitServer;
using ::cocoplane::testing::HttpsGitServerOptions;
using ::cocoplane::testing::IssueServerCert;
using ::cocoplane::testing::MakeSampleRepo;
using ::cocoplane::testing::MakeTestCa;
using ::cocoplane::testing::MustRun;
using ::cocoplane::testing::TempDir;
using ::cocoplane::testing::WriteFile;

constexpr char kToken[] = "tok-7Hq2vX9pLm4Rw8Zc";
constexpr char kWrongToken[] = "tok-wrong-3Nf6Jd1Ks5Ty";
constexpr char kAlicePassword[] = "alice-pw-Qe4Ub7Wo2Ix";

// Certificates for the whole process (see the file comment).
struct Pki {
  Pki()
      : trusted_ca(MakeTestCa(dir.path(), "trusted-ca", "cocoplane test CA")),
        untrusted_ca(MakeTestCa(dir.path(), "untrusted-ca", "cocoplane test CA")),
        server(IssueServerCert(trusted_ca, dir.path(), "server", "DNS:localhost,IP:127.0.0.1")),
        impostor(
            IssueServerCert(untrusted_ca, dir.path(), "impostor", "DNS:localhost,IP:127.0.0.1")),
        other_host(IssueServerCert(trusted_ca, dir.path(), "other-host", "DNS:git.example.test")) {}
  TempDir dir;
  CertAndKey trusted_ca;
  // Same subject as trusted_ca, different key: only the signature tells.
  CertAndKey untrusted_ca;
  CertAndKey server;
  CertAndKey impostor;
  // Signed by the trusted CA, for another name.
  CertAndKey other_host;
};

const Pki& SharedPki() {
  static const Pki pki;
  return pki;
}

class GitHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    first_ = MakeSampleRepo(tmp_ / "work");
    MustRun(tmp_.path(), "mkdir -p srv && git clone -q --bare work srv/repo.git");
    MustRun(tmp_ / "work", "git remote add origin " + tmp_ / "srv/repo.git");
    WriteFile(tmp_ / "users", std::string("x-access-token:") + kToken + "\nalice:" +
                                  kAlicePassword + "\n");
    WriteFile(tmp_ / "token", std::string(kToken) + "\n");
  }

  // Starts the server with `cert`; a fatal failure if it does not start.
  void Serve(const CertAndKey& cert) {
    MustRun(tmp_.path(), "mkdir -p httpd");
    server_ = std::make_unique<HttpsGitServer>(HttpsGitServerOptions{
        tmp_ / "srv", cert, tmp_ / "users", tmp_ / "httpd"});
    ASSERT_TRUE(server_->ok()) << server_->error();
  }

  // A token source for the served repo, trusting only the test CA.
  GitSourceConfig TokenConfig() {
    GitSourceConfig config;
    config.url = server_->Url("repo.git");
    config.ref = {GitRef::Kind::kBranch, "main"};
    config.cache_dir = tmp_ / "state/mirror.git";
    config.ca_bundle_file = SharedPki().trusted_ca.cert_file;
    config.http_auth = GitSourceConfig::HttpAuth::kToken;
    config.auth_file = tmp_ / "token";
    return config;
  }

  std::unique_ptr<GitSource> MustOpen(GitSourceConfig config) {
    Result<std::unique_ptr<GitSource>> source = GitSource::Open(std::move(config));
    EXPECT_TRUE(source.ok()) << source.status().ToString();
    return source.ok() ? std::move(source).value() : nullptr;
  }

  // Commits on the work tree and pushes to the served repo (on disk).
  std::string Push(const std::string& path, const std::string& bytes) {
    std::string commit = CommitFile(tmp_ / "work", path, bytes, "change " + path);
    MustRun(tmp_ / "work", "git push -q origin main");
    return commit;
  }

  TempDir tmp_;
  std::string first_;
  std::unique_ptr<HttpsGitServer> server_;
};

TEST_F(GitHttpTest, FetchesWithTrustedCaAndTokenAndSnapshotsTheCommit) {
  ASSERT_NO_FATAL_FAILURE(Serve(SharedPki().server));
  auto source = MustOpen(TokenConfig());
  ASSERT_NE(source, nullptr);

  Result<FetchResult> fetched = source->Fetch();

  ASSERT_OK(fetched.status());
  EXPECT_EQ(fetched->commit, first_);
  EXPECT_TRUE(fetched->changed);
  EXPECT_FALSE(fetched->history_rewritten);
  Result<Snapshot> snap = source->ReadSnapshot(fetched->commit);
  Result<Snapshot> expected = ReadCommit(tmp_ / "srv/repo.git", "main");
  ASSERT_OK(snap.status());
  ASSERT_OK(expected.status());
  EXPECT_EQ(snap->revision, first_);
  EXPECT_EQ(snap->origin, server_->Url("repo.git") + "@" + first_.substr(0, 12));
  ASSERT_EQ(snap->files.size(), expected->files.size());
  for (const auto& [path, file] : expected->files) {
    ASSERT_NE(snap->Find(path), nullptr) << path;
    EXPECT_EQ(snap->Find(path)->blob_id, file.blob_id) << path;
    EXPECT_EQ(snap->Find(path)->bytes, file.bytes) << path;
    EXPECT_EQ(snap->Find(path)->type, file.type) << path;
  }
  // The server saw the token's user name (the token itself is the password).
  std::string access_log = server_->StopAndReadAccessLog();
  EXPECT_NE(access_log.find(" x-access-token ["), std::string::npos) << access_log;
}

TEST_F(GitHttpTest, FetchesWithBasicAuthFile) {
  ASSERT_NO_FATAL_FAILURE(Serve(SharedPki().server));
  WriteFile(tmp_ / "basic", std::string("alice:") + kAlicePassword + "\n");
  GitSourceConfig config = TokenConfig();
  config.http_auth = GitSourceConfig::HttpAuth::kBasic;
  config.auth_file = tmp_ / "basic";
  auto source = MustOpen(config);
  ASSERT_NE(source, nullptr);

  Result<FetchResult> fetched = source->Fetch();

  ASSERT_OK(fetched.status());
  EXPECT_EQ(fetched->commit, first_);
  std::string access_log = server_->StopAndReadAccessLog();
  EXPECT_NE(access_log.find(" alice ["), std::string::npos) << access_log;
}

TEST_F(GitHttpTest, CertificateFromAnotherCaIsRefusedWithoutLeakingTheToken) {
  ASSERT_NO_FATAL_FAILURE(Serve(SharedPki().impostor));
  auto source = MustOpen(TokenConfig());
  ASSERT_NE(source, nullptr);

  Result<FetchResult> fetched = source->Fetch();

  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.status().code(), StatusCode::kPermissionDenied) << fetched.status().ToString();
  EXPECT_NE(fetched.status().message().find("not correctly signed by the trusted CA"),
            std::string::npos)
      << fetched.status().message();
  EXPECT_EQ(fetched.status().message().find(kToken), std::string::npos);
  // The handshake failed before any HTTP request, so the token never left.
  EXPECT_EQ(server_->StopAndReadAccessLog(), "");
  // Nothing reached the mirror.
  EXPECT_FALSE(source->IsDescendant(first_, first_).ok());
}

TEST_F(GitHttpTest, CertificateForAnotherHostIsRefused) {
  ASSERT_NO_FATAL_FAILURE(Serve(SharedPki().other_host));
  auto source = MustOpen(TokenConfig());
  ASSERT_NE(source, nullptr);

  Result<FetchResult> fetched = source->Fetch();

  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.status().code(), StatusCode::kPermissionDenied) << fetched.status().ToString();
  EXPECT_NE(fetched.status().message().find("does not match"), std::string::npos)
      << fetched.status().message();
  EXPECT_EQ(fetched.status().message().find(kToken), std::string::npos);
  EXPECT_EQ(server_->StopAndReadAccessLog(), "");
}

// Pins a known limit of the fixed stack: Debian 12's libgit2 checks the name
// with mbedTLS 2.28, which ignores iPAddress SANs, so https://127.0.0.1
// fails although the certificate lists IP:127.0.0.1 (the git CLI, with
// OpenSSL, accepts it). If this starts passing, drop the limit from
// daemon/source/README.md.
TEST_F(GitHttpTest, IpAddressHostIsRefusedBecauseMbedTlsIgnoresIpSans) {
  ASSERT_NO_FATAL_FAILURE(Serve(SharedPki().server));
  GitSourceConfig config = TokenConfig();
  config.url = server_->Url("repo.git", "127.0.0.1");
  auto source = MustOpen(config);
  ASSERT_NE(source, nullptr);

  Result<FetchResult> fetched = source->Fetch();

  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.status().code(), StatusCode::kPermissionDenied) << fetched.status().ToString();
  EXPECT_NE(fetched.status().message().find("does not match"), std::string::npos)
      << fetched.status().message();
}

TEST_F(GitHttpTest, WrongTokenIsPermissionDeniedWithoutEitherToken) {
  ASSERT_NO_FATAL_FAILURE(Serve(SharedPki().server));
  WriteFile(tmp_ / "token", std::string(kWrongToken) + "\n");
  auto source = MustOpen(TokenConfig());
  ASSERT_NE(source, nullptr);

  Result<FetchResult> fetched = source->Fetch();

  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.status().code(), StatusCode::kPermissionDenied) << fetched.status().ToString();
  EXPECT_NE(fetched.status().message().find("rejected the configured credentials"),
            std::string::npos)
      << fetched.status().message();
  EXPECT_EQ(fetched.status().message().find(kWrongToken), std::string::npos);
  EXPECT_EQ(fetched.status().message().find(kToken), std::string::npos);
}

TEST_F(GitHttpTest, RotatedTokenIsReadAtTheNextFetch) {
  ASSERT_NO_FATAL_FAILURE(Serve(SharedPki().server));
  WriteFile(tmp_ / "token", std::string(kWrongToken) + "\n");
  auto source = MustOpen(TokenConfig());
  ASSERT_NE(source, nullptr);
  Result<FetchResult> refused = source->Fetch();
  ASSERT_FALSE(refused.ok());

  WriteFile(tmp_ / "token", std::string(kToken) + "\n");
  Result<FetchResult> fetched = source->Fetch();

  ASSERT_OK(fetched.status());
  EXPECT_EQ(fetched->commit, first_);
}

TEST_F(GitHttpTest, ServerAskingForCredentialsWithNoneConfiguredIsPermissionDenied) {
  ASSERT_NO_FATAL_FAILURE(Serve(SharedPki().server));
  GitSourceConfig config = TokenConfig();
  config.http_auth = GitSourceConfig::HttpAuth::kNone;
  config.auth_file.clear();
  auto source = MustOpen(config);
  ASSERT_NE(source, nullptr);

  Result<FetchResult> fetched = source->Fetch();

  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.status().code(), StatusCode::kPermissionDenied) << fetched.status().ToString();
  EXPECT_NE(fetched.status().message().find("none are configured"), std::string::npos)
      << fetched.status().message();
}

TEST_F(GitHttpTest, SecondPushIsAChange) {
  ASSERT_NO_FATAL_FAILURE(Serve(SharedPki().server));
  auto source = MustOpen(TokenConfig());
  ASSERT_NE(source, nullptr);
  Result<FetchResult> initial = source->Fetch();
  ASSERT_OK(initial.status());
  std::string second = Push("app.yaml", "replicas: 2\n");

  Result<FetchResult> fetched = source->Fetch(first_);

  ASSERT_OK(fetched.status());
  EXPECT_EQ(fetched->commit, second);
  EXPECT_EQ(fetched->last_applied, first_);
  EXPECT_TRUE(fetched->changed);
  EXPECT_FALSE(fetched->history_rewritten);
  Result<Snapshot> snap = source->ReadSnapshot(second);
  ASSERT_OK(snap.status());
  ASSERT_NE(snap->Find("app.yaml"), nullptr);
  EXPECT_EQ(snap->Find("app.yaml")->bytes, "replicas: 2\n");
}

TEST_F(GitHttpTest, UnchangedRefIsNotAChange) {
  ASSERT_NO_FATAL_FAILURE(Serve(SharedPki().server));
  auto source = MustOpen(TokenConfig());
  ASSERT_NE(source, nullptr);

  Result<FetchResult> fetched = source->Fetch(first_);

  ASSERT_OK(fetched.status());
  EXPECT_EQ(fetched->commit, first_);
  EXPECT_FALSE(fetched->changed);
  EXPECT_FALSE(fetched->history_rewritten);
}

TEST_F(GitHttpTest, ForcePushIsHistoryRewritten) {
  ASSERT_NO_FATAL_FAILURE(Serve(SharedPki().server));
  auto source = MustOpen(TokenConfig());
  ASSERT_NE(source, nullptr);
  std::string second = Push("app.yaml", "replicas: 1\n");
  Result<FetchResult> applied = source->Fetch(first_);
  ASSERT_OK(applied.status());
  ASSERT_EQ(applied->commit, second);
  // Rewrite the last commit and force-push it over `second`.
  MustRun(tmp_ / "work", "git commit -q --amend -m 'rewritten' && git push -q -f origin main");
  std::string rewritten = MustRun(tmp_ / "work", "git rev-parse HEAD");

  Result<FetchResult> forced = source->Fetch(second);

  ASSERT_OK(forced.status());
  EXPECT_EQ(forced->commit, rewritten);
  EXPECT_EQ(forced->last_applied, second);
  EXPECT_TRUE(forced->changed);
  EXPECT_TRUE(forced->history_rewritten);
  EXPECT_TRUE(*source->IsDescendant(rewritten, first_));
  EXPECT_FALSE(*source->IsDescendant(rewritten, second));
}

TEST_F(GitHttpTest, MissingBranchIsNotFound) {
  ASSERT_NO_FATAL_FAILURE(Serve(SharedPki().server));
  GitSourceConfig config = TokenConfig();
  config.ref = {GitRef::Kind::kBranch, "nope"};
  auto source = MustOpen(config);
  ASSERT_NE(source, nullptr);

  Result<FetchResult> fetched = source->Fetch();

  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.status().code(), StatusCode::kNotFound) << fetched.status().ToString();
}

}  // namespace
}  // namespace cocoplane::source
