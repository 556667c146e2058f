// GitSource::Open refuses unsafe or incomplete configurations before any
// network access, and RemoteUrl classifies the URL forms git accepts.
#include <gtest/gtest.h>

#include "source/git_source.h"
#include "source/git_test_util.h"
#include "source/remote_url.h"
#include "testing/matchers.h"

namespace cocoplane::source {
namespace {

using ::cocoplane::testing::TempDir;
using ::cocoplane::testing::WriteFile;

TEST(RemoteUrlTest, ClassifiesTransportsHostsAndPorts) {
  struct Case {
    std::string url;
    Transport transport;
    std::string host;
    int port;
    std::string user;
  };
  const Case cases[] = {
      {"/srv/git/repo.git", Transport::kLocal, "", 0, ""},
      {"./relative/repo", Transport::kLocal, "", 0, ""},
      {"file:///srv/git/repo.git", Transport::kLocal, "", 0, ""},
      {"git://127.0.0.1:9999/repo.git", Transport::kGit, "127.0.0.1", 9999, ""},
      {"git://Example.COM/repo.git", Transport::kGit, "example.com", 9418, ""},
      {"https://git.example.com/org/repo.git", Transport::kHttps, "git.example.com", 443, ""},
      {"http://127.0.0.1:8080/repo.git", Transport::kHttp, "127.0.0.1", 8080, ""},
      {"ssh://git@example.com:2222/org/repo.git", Transport::kSsh, "example.com", 2222, "git"},
      {"ssh://[::1]:2200/repo.git", Transport::kSsh, "::1", 2200, ""},
      {"git@example.com:org/repo.git", Transport::kSsh, "example.com", 22, "git"},
      {"example.com:repo.git", Transport::kSsh, "example.com", 22, ""},
      {"deploy@[::1]:repo.git", Transport::kSsh, "::1", 22, "deploy"},
  };
  for (const Case& c : cases) {
    Result<RemoteUrl> url = ParseRemoteUrl(c.url);
    ASSERT_OK(url.status());
    EXPECT_EQ(url->transport, c.transport) << c.url;
    EXPECT_EQ(url->host, c.host) << c.url;
    EXPECT_EQ(url->port, c.port) << c.url;
    EXPECT_EQ(url->user, c.user) << c.url;
  }
}

TEST(RemoteUrlTest, RejectsPasswordsBadPortsAndUnknownSchemes) {
  for (const char* bad :
       {"https://user:secret@example.com/repo.git", "ssh://host:99999/repo",
        "ftp://example.com/repo.git", "ssh://:22/repo", "", "deploy:secret@example.com:repo.git"}) {
    Result<RemoteUrl> url = ParseRemoteUrl(bad);
    ASSERT_FALSE(url.ok()) << bad;
    EXPECT_EQ(url.status().code(), StatusCode::kInvalidArgument) << bad;
    // The secret itself is never echoed back.
    EXPECT_EQ(url.status().message().find("secret@"), std::string::npos);
  }
}

GitSourceConfig BaseConfig(const TempDir& tmp, const std::string& url) {
  GitSourceConfig config;
  config.url = url;
  config.cache_dir = tmp / "mirror.git";
  return config;
}

TEST(GitSourceOpenTest, RefusesCredentialsOverPlainHttp) {
  TempDir tmp;
  WriteFile(tmp / "token", "t0ken\n");
  GitSourceConfig config = BaseConfig(tmp, "http://127.0.0.1:1/repo.git");
  config.http_auth = GitSourceConfig::HttpAuth::kToken;
  config.auth_file = tmp / "token";

  Result<std::unique_ptr<GitSource>> source = GitSource::Open(config);

  ASSERT_FALSE(source.ok());
  EXPECT_EQ(source.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(source.status().message().find("t0ken"), std::string::npos);
}

TEST(GitSourceOpenTest, RequiresTheAuthFileToExist) {
  TempDir tmp;
  GitSourceConfig config = BaseConfig(tmp, "https://127.0.0.1:1/repo.git");
  config.http_auth = GitSourceConfig::HttpAuth::kBasic;
  config.auth_file = tmp / "missing";

  Result<std::unique_ptr<GitSource>> source = GitSource::Open(config);

  ASSERT_FALSE(source.ok());
  EXPECT_EQ(source.status().code(), StatusCode::kNotFound);
}

TEST(GitSourceOpenTest, SshRequiresKeyAndKnownHosts) {
  TempDir tmp;
  WriteFile(tmp / "id", "not really a key\n");
  GitSourceConfig no_key = BaseConfig(tmp, "ssh://git@127.0.0.1:2222/repo.git");
  no_key.known_hosts_file = tmp / "known_hosts";
  GitSourceConfig no_known_hosts = BaseConfig(tmp, "ssh://git@127.0.0.1:2222/repo.git");
  no_known_hosts.ssh_private_key_file = tmp / "id";

  Result<std::unique_ptr<GitSource>> a = GitSource::Open(no_key);
  Result<std::unique_ptr<GitSource>> b = GitSource::Open(no_known_hosts);

  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("private key"), std::string::npos) << a.status().ToString();
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("known_hosts"), std::string::npos) << b.status().ToString();
}

TEST(GitSourceOpenTest, RejectsBadRefsAndShortPinnedCommits) {
  TempDir tmp;
  GitSourceConfig bad_branch = BaseConfig(tmp, "/srv/repo.git");
  bad_branch.ref = {GitRef::Kind::kBranch, "bad..name"};
  GitSourceConfig short_commit = BaseConfig(tmp, "/srv/repo.git");
  short_commit.ref = {GitRef::Kind::kCommit, "abc123"};

  Result<std::unique_ptr<GitSource>> a = GitSource::Open(bad_branch);
  Result<std::unique_ptr<GitSource>> b = GitSource::Open(short_commit);

  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), StatusCode::kInvalidArgument);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), StatusCode::kInvalidArgument);
}

TEST(GitSourceOpenTest, RefusesNonEmptyCacheDirThatIsNoMirror) {
  TempDir tmp;
  WriteFile(tmp / "mirror.git/notes.txt", "someone else's files\n");
  GitSourceConfig config = BaseConfig(tmp, "/srv/repo.git");

  Result<std::unique_ptr<GitSource>> source = GitSource::Open(config);

  ASSERT_FALSE(source.ok());
  EXPECT_EQ(source.status().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace cocoplane::source
