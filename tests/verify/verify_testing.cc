#include "verify_testing.h"

#include <gtest/gtest.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "testing/shell.h"

namespace cocoplane::verify::testing {
namespace {

std::string& RootStorage() {
  static std::string root;
  return root;
}

// See the header: a private HOME/GNUPGHOME for everything the tests run.
class HermeticEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "cpv-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    RootStorage() = pattern;
    std::filesystem::create_directory(pattern + "/home");
    std::filesystem::create_directory(pattern + "/gnupg");
    std::filesystem::permissions(pattern + "/gnupg", std::filesystem::perms::owner_all);
    WriteFile(pattern + "/home/.gitconfig", "");
    setenv("HOME", (pattern + "/home").c_str(), 1);
    setenv("GNUPGHOME", (pattern + "/gnupg").c_str(), 1);
    setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
    setenv("GIT_CONFIG_GLOBAL", (pattern + "/home/.gitconfig").c_str(), 1);
    unsetenv("SSH_AUTH_SOCK");
    unsetenv("GIT_DIR");
  }

  void TearDown() override {
    // The signing side of the tests starts a gpg-agent for GNUPGHOME.
    Shell("gpgconf --kill all");
    std::error_code ec;
    std::filesystem::remove_all(RootStorage(), ec);
  }
};

[[maybe_unused]] ::testing::Environment* const kHermetic =
    ::testing::AddGlobalTestEnvironment(new HermeticEnvironment);

std::string Trimmed(std::string text) {
  while (!text.empty() && text.back() == '\n') {
    text.pop_back();
  }
  return text;
}

}  // namespace

RunResult Shell(const std::string& command) {
  cocoplane::testing::ShellResult run = cocoplane::testing::RunShell("{ " + command + "\n} 2>&1");
  RunResult result;
  result.exit_code = run.exit_code;
  result.output = Trimmed(std::move(run.out));
  return result;
}

std::string ShellOk(const std::string& command) {
  RunResult result = Shell(command);
  if (result.exit_code != 0) {
    ADD_FAILURE() << command << " exited " << result.exit_code << ":\n" << result.output;
  }
  return result.output;
}

std::string Quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

const std::string& Root() { return RootStorage(); }

std::string NewDir(std::string_view name) {
  // A counter keeps directories apart when one binary runs many tests.
  static int counter = 0;
  std::string path = Root() + "/" + std::string(name) + "-" + std::to_string(++counter);
  std::filesystem::create_directories(path);
  return path;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void WriteFile(const std::string& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string NewSshKey(std::string_view name, std::string_view type, int bits) {
  std::string path = NewDir("key") + "/" + std::string(name);
  std::string command =
      "ssh-keygen -q -N '' -t " + std::string(type) + " -C " + Quote(name) + " -f " + Quote(path);
  if (bits > 0) {
    command += " -b " + std::to_string(bits);
  }
  ShellOk(command);
  return path;
}

std::string NewPgpKey(std::string_view user_id, std::string_view expire, std::string_view extra) {
  // --yes: tests may make several keys with one user id in the shared home.
  const std::string output =
      ShellOk("gpg --batch --quiet --yes --status-fd 1 --passphrase '' " + std::string(extra) +
              " --quick-gen-key " + Quote(user_id) + " ed25519 sign " + std::string(expire));
  // "[GNUPG:] KEY_CREATED P <fingerprint>" (doc/DETAILS in GnuPG).
  constexpr std::string_view kCreated = "KEY_CREATED P ";
  const size_t at = output.find(kCreated);
  if (at == std::string::npos) {
    ADD_FAILURE() << "no KEY_CREATED in:\n" << output;
    return "";
  }
  return output.substr(at + kCreated.size(), 40);
}

std::string ExportPgpKey(const std::string& fingerprint) {
  return ShellOk("gpg --batch --armor --export " + fingerprint) + "\n";
}

std::string NewRepo(std::string_view name) {
  std::string path = NewDir(name);
  ShellOk("git init -q -b main " + Quote(path));
  return path;
}

std::string SshSigning(const std::string& private_key_path) {
  return "-c gpg.format=ssh -c user.signingkey=" + Quote(private_key_path + ".pub");
}

std::string PgpSigning(const std::string& fingerprint, const std::string& program) {
  return "-c gpg.format=openpgp -c gpg.program=" + Quote(program) +
         " -c user.signingkey=" + fingerprint;
}

std::string Commit(const std::string& repo, std::string_view message, const std::string& signing) {
  ShellOk("git -C " + Quote(repo) + " -c user.name=Test -c user.email=test@example.com " + signing +
          " commit -q --allow-empty" + (signing.empty() ? "" : " -S") + " -m " + Quote(message));
  return ShellOk("git -C " + Quote(repo) + " rev-parse HEAD");
}

std::string CatCommit(const std::string& repo, const std::string& id) {
  return ShellOk("git -C " + Quote(repo) + " cat-file commit " + id) + "\n";
}

std::string WriteCommit(const std::string& repo, const std::string& object) {
  const std::string path = Root() + "/commit-object";
  WriteFile(path, object);
  return ShellOk("git -C " + Quote(repo) + " hash-object -t commit -w " + Quote(path));
}

std::string SignatureOf(const std::string& object) {
  std::istringstream in(object);
  std::string line;
  std::string signature;
  bool inside = false;
  while (std::getline(in, line) && !line.empty()) {
    if (line.starts_with("gpgsig ")) {
      inside = true;
      signature = line.substr(7);
    } else if (inside && line.starts_with(" ")) {
      signature += "\n" + line.substr(1);
    } else {
      inside = false;
    }
  }
  return signature;
}

std::string ReplaceSignature(const std::string& object, const std::string& signature) {
  std::string header = "gpgsig ";
  for (char c : signature) {
    header += c == '\n' ? std::string("\n ") : std::string(1, c);
  }
  std::istringstream in(object);
  std::string out;
  std::string line;
  bool in_header = true;
  while (std::getline(in, line)) {
    if (in_header && line.starts_with("gpgsig ")) {
      out += signature.empty() ? "" : header + "\n";
    } else if (!(in_header && line.starts_with(" "))) {
      out += line + "\n";
    }
    in_header = in_header && !line.empty();
  }
  return out;
}

}  // namespace cocoplane::verify::testing
