// GitSource over ssh:// end to end: an OpenSSH sshd started by the test on
// 127.0.0.1 with its own host key, client key and authorized_keys, so the
// certificate_check callback sees the real raw host key that libssh2 reports.
// Skipped when sshd (openssh-server) or ssh-keygen is not installed.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source/git_source.h"
#include "source/git_test_util.h"
#include "testing/matchers.h"

namespace cocoplane::source {
namespace {

using ::cocoplane::testing::FreeLoopbackPort;
using ::cocoplane::testing::HaveProgram;
using ::cocoplane::testing::MakeSampleRepo;
using ::cocoplane::testing::MustRun;
using ::cocoplane::testing::ServerProcess;
using ::cocoplane::testing::ShellQuote;
using ::cocoplane::testing::TempDir;
using ::cocoplane::testing::WriteFile;

constexpr char kSshd[] = "/usr/sbin/sshd";

std::string UserName() { return MustRun("/", "id -un"); }

class GitSshTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (access(kSshd, X_OK) != 0 || !HaveProgram("ssh-keygen")) {
      GTEST_SKIP() << "sshd (openssh-server) or ssh-keygen is not installed";
    }
    // sshd started as root insists on its privilege-separation directory.
    if (geteuid() == 0) mkdir("/run/sshd", 0755);
    for (const char* key : {"host_key", "other_host_key", "client_key"}) {
      MustRun(tmp_.path(), std::string("ssh-keygen -q -t ed25519 -N '' -C test -f ") + key);
    }
    MustRun(tmp_.path(), "cp client_key.pub authorized_keys && chmod 600 authorized_keys");
    commit_ = MakeSampleRepo(tmp_ / "work");
    MustRun(tmp_.path(), "git clone -q --bare work repo.git");
    StartSshd();
  }

  void StartSshd() {
    port_ = FreeLoopbackPort();
    WriteFile(tmp_ / "sshd_config",
              "Port " + std::to_string(port_) + "\nListenAddress 127.0.0.1\n" + "HostKey " +
                  tmp_ / "host_key" + "\nAuthorizedKeysFile " + tmp_ / "authorized_keys" +
                  "\nPidFile none\nUsePAM no\nStrictModes no\n" +
                  "PasswordAuthentication no\nKbdInteractiveAuthentication no\n" +
                  "PubkeyAuthentication yes\nPermitRootLogin prohibit-password\n");
    sshd_ = std::make_unique<ServerProcess>(
        std::vector<std::string>{kSshd, "-D", "-f", tmp_ / "sshd_config", "-E", tmp_ / "sshd.log"});
    if (sshd_->pid() <= 0 || !sshd_->WaitForPort(port_)) {
      GTEST_SKIP() << "sshd did not start: " << MustRun(tmp_.path(), "cat sshd.log || true");
    }
  }

  // known_hosts with `key` (a .pub file) for this server's host and port.
  std::string KnownHosts(const std::string& pub_file) {
    std::string pub = MustRun(tmp_.path(), "cut -d' ' -f1,2 " + ShellQuote(pub_file));
    std::string path = tmp_ / ("known_hosts_" + pub_file);
    WriteFile(path, "[127.0.0.1]:" + std::to_string(port_) + " " + pub + "\n");
    return path;
  }

  GitSourceConfig Config(const std::string& known_hosts) {
    GitSourceConfig config;
    config.url = "ssh://" + UserName() + "@127.0.0.1:" + std::to_string(port_) + tmp_ / "repo.git";
    config.ref = {GitRef::Kind::kBranch, "main"};
    config.cache_dir = tmp_ / "mirror.git";
    config.ssh_private_key_file = tmp_ / "client_key";
    config.known_hosts_file = known_hosts;
    return config;
  }

  TempDir tmp_;
  std::string commit_;
  int port_ = 0;
  std::unique_ptr<ServerProcess> sshd_;
};

TEST_F(GitSshTest, FetchesWhenHostKeyIsKnown) {
  Result<std::unique_ptr<GitSource>> source = GitSource::Open(Config(KnownHosts("host_key.pub")));
  ASSERT_OK(source.status());

  Result<FetchResult> fetched = (*source)->Fetch();

  ASSERT_OK(fetched.status());
  EXPECT_EQ(fetched->commit, commit_);
  Result<Snapshot> snap = (*source)->ReadSnapshot(fetched->commit);
  ASSERT_OK(snap.status());
  EXPECT_EQ(snap->Find("README.md")->bytes, "# sample\n");
}

TEST_F(GitSshTest, RefusesMismatchedHostKey) {
  Result<std::unique_ptr<GitSource>> source =
      GitSource::Open(Config(KnownHosts("other_host_key.pub")));
  ASSERT_OK(source.status());

  Result<FetchResult> fetched = (*source)->Fetch();

  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.status().code(), StatusCode::kPermissionDenied) << fetched.status().ToString();
  EXPECT_NE(fetched.status().message().find("does not match"), std::string::npos)
      << fetched.status().message();
  // The fingerprint in the message is the server's, as ssh-keygen prints it.
  std::string fingerprint = MustRun(tmp_.path(), "ssh-keygen -l -f host_key.pub | cut -d' ' -f2");
  EXPECT_NE(fetched.status().message().find(fingerprint), std::string::npos)
      << fetched.status().message();
}

TEST_F(GitSshTest, RefusesUnknownHost) {
  std::string empty = tmp_ / "empty_known_hosts";
  WriteFile(empty, "# nothing trusted\n");
  Result<std::unique_ptr<GitSource>> source = GitSource::Open(Config(empty));
  ASSERT_OK(source.status());

  Result<FetchResult> fetched = (*source)->Fetch();

  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.status().code(), StatusCode::kPermissionDenied) << fetched.status().ToString();
  EXPECT_NE(fetched.status().message().find("not in the known_hosts file"), std::string::npos)
      << fetched.status().message();
}

TEST_F(GitSshTest, RejectedClientKeyIsPermissionDenied) {
  MustRun(tmp_.path(), "ssh-keygen -q -t ed25519 -N '' -C test -f stranger_key");
  GitSourceConfig config = Config(KnownHosts("host_key.pub"));
  config.ssh_private_key_file = tmp_ / "stranger_key";
  Result<std::unique_ptr<GitSource>> source = GitSource::Open(config);
  ASSERT_OK(source.status());

  Result<FetchResult> fetched = (*source)->Fetch();

  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.status().code(), StatusCode::kPermissionDenied) << fetched.status().ToString();
}

}  // namespace
}  // namespace cocoplane::source
