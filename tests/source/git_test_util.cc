#include "source/git_test_util.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "base/snapshot.h"
#include "testing/shell.h"

namespace cocoplane::testing {
namespace fs = std::filesystem;
namespace {

std::string MakeTempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base != nullptr && *base ? base : "/tmp") + "/cp-git-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) return "";
  return pattern;
}

// Sets a hermetic environment for the git CLI and libgit2 once per process:
// no user or system config, a private HOME (so no ~/.ssh/known_hosts), a
// fixed identity.
void HermeticGitEnv() {
  // Removed at exit with the rest of the process's statics.
  static const TempDir home;
  static const bool done = [] {
    setenv("HOME", home.path().c_str(), 1);
    setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
    setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
    setenv("GIT_AUTHOR_NAME", "Test Author", 1);
    setenv("GIT_AUTHOR_EMAIL", "author@example.test", 1);
    setenv("GIT_COMMITTER_NAME", "Test Committer", 1);
    setenv("GIT_COMMITTER_EMAIL", "committer@example.test", 1);
    setenv("GIT_TERMINAL_PROMPT", "0", 1);
    return true;
  }();
  (void)done;
}

bool Connects(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

}  // namespace

TempDir::TempDir() : path_(MakeTempDir()) {}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) fs::remove_all(path_, ec);
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

CommandResult Run(const std::string& dir, const std::string& command) {
  HermeticGitEnv();
  std::string full = "cd " + ShellQuote(dir) + " && (" + command + ") 2>&1";
  cocoplane::testing::ShellResult run = cocoplane::testing::RunShell(full);
  CommandResult result;
  result.exit_code = run.exit_code;
  result.output = std::move(run.out);
  return result;
}

std::string MustRun(const std::string& dir, const std::string& command) {
  CommandResult result = Run(dir, command);
  EXPECT_EQ(result.exit_code, 0) << command << "\n" << result.output;
  std::string out = result.output;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

bool HaveProgram(const std::string& program) {
  return Run("/", "command -v " + ShellQuote(program) + " >/dev/null").exit_code == 0;
}

int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

std::string MakeSampleRepo(const std::string& dir) {
  fs::create_directories(dir);
  MustRun(dir, "git init -q -b main .");
  WriteFile(dir + "/README.md", "# sample\n");
  WriteFile(dir + "/config/a/b/deep.yaml", "kind: Deep\nvalue: 1\n");
  WriteFile(dir + "/bin/run.sh", "#!/bin/sh\necho run\n");
  WriteFile(dir + "/data/binary.dat", std::string("\0\x01\r\n\xff tail", 10));
  // Made at test time: no large file lives in the source tree.
  std::string big(kMaxSnapshotFileBytes + 1, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 26);
  WriteFile(dir + "/big.bin", big);
  MustRun(dir, "chmod +x bin/run.sh && ln -s config/a/b/deep.yaml link");
  MustRun(dir, "git add -A && git commit -q -m 'first commit'");
  MustRun(dir, "git tag -a v1 -m 'release v1'");
  return MustRun(dir, "git rev-parse HEAD");
}

std::string CommitFile(const std::string& dir, const std::string& path, const std::string& bytes,
                       const std::string& message) {
  WriteFile(dir + "/" + path, bytes);
  MustRun(dir, "git add -A && git commit -q -m " + ShellQuote(message));
  return MustRun(dir, "git rev-parse HEAD");
}

ServerProcess::ServerProcess(const std::vector<std::string>& argv) {
  HermeticGitEnv();
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    // Own process group, so Stop() also reaches the children it forks; dies
    // with the test process even if that one aborts; and does not hold the
    // test's stdout/stderr, which ctest waits on.
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    int null_fd = open("/dev/null", O_RDWR);
    dup2(null_fd, STDIN_FILENO);
    dup2(null_fd, STDOUT_FILENO);
    dup2(null_fd, STDERR_FILENO);
    execvp(args[0], args.data());
    _exit(127);
  }
  pid_ = pid;
}

bool ServerProcess::WaitForPort(int port) {
  for (int i = 0; i < 200 && pid_ > 0; ++i) {
    if (Connects(port)) return true;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

ServerProcess::~ServerProcess() { Stop(); }

void ServerProcess::Stop() {
  if (pid_ <= 0) return;
  kill(-pid_, SIGTERM);
  int status = 0;
  bool reaped = false;
  for (int i = 0; i < 100 && !reaped; ++i) {
    pid_t r = waitpid(pid_, &status, WNOHANG);
    reaped = r == pid_ || r < 0;
    if (!reaped) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!reaped) {
    kill(-pid_, SIGKILL);
    waitpid(pid_, &status, 0);
  }
  pid_ = -1;
}

GitDaemon::GitDaemon(const std::string& base_dir) {
  const std::string exec_path = MustRun("/", "git --exec-path");
  // A port can be taken between FreeLoopbackPort() and the bind: retry.
  for (int attempt = 0; attempt < 5 && !ok_; ++attempt) {
    port_ = FreeLoopbackPort();
    // git-daemon itself rather than the `git` wrapper, so the process that
    // gets the parent-death signal is the one that listens.
    process_ = std::make_unique<ServerProcess>(std::vector<std::string>{
        exec_path + "/git-daemon", "--export-all", "--reuseaddr", "--listen=127.0.0.1",
        "--port=" + std::to_string(port_), "--base-path=" + base_dir, base_dir});
    ok_ = process_->pid() > 0 && process_->WaitForPort(port_);
    if (!ok_) process_->Stop();
  }
}

std::string GitDaemon::Url(const std::string& name) const {
  return "git://127.0.0.1:" + std::to_string(port_) + "/" + name;
}

}  // namespace cocoplane::testing
