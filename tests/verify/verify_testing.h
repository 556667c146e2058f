// Test support for tests/verify: a hermetic environment for git, ssh-keygen
// and gpg, a shell runner, and helpers that make real keys and real signed
// commits.
//
// The environment (installed for every test binary that links
// verify_testing.cc) points HOME and GNUPGHOME at a fresh temp directory,
// removes SSH_AUTH_SOCK, and hides the system and global git config, so no
// test reads the user's ~/.ssh, ~/.gnupg or ~/.gitconfig. Its teardown kills
// any gpg-agent started for that GNUPGHOME (`gpgconf --kill all`) and removes
// the directory.
#ifndef COCOPLANE_TESTS_VERIFY_VERIFY_TESTING_H_
#define COCOPLANE_TESTS_VERIFY_VERIFY_TESTING_H_

#include <string>
#include <string_view>

namespace cocoplane::verify::testing {

struct RunResult {
  int exit_code = -1;
  // stdout and stderr, interleaved.
  std::string output;
};

// Runs `command` with /bin/sh; `output` has the trailing newline removed.
RunResult Shell(const std::string& command);
// Runs `command` and fails the current test (ADD_FAILURE) if it exits non-zero.
std::string ShellOk(const std::string& command);

// 'text' for /bin/sh.
std::string Quote(std::string_view text);

// The per-binary scratch directory (HOME is <root>/home).
const std::string& Root();
// A new empty directory under Root(), unique per call ("<name>-<n>").
std::string NewDir(std::string_view name);

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, std::string_view text);

// ssh-keygen -t <type> [-b bits] with no passphrase; returns the private key
// path (the public key is path + ".pub").
std::string NewSshKey(std::string_view name, std::string_view type, int bits = 0);

// gpg --quick-gen-key in the shared GNUPGHOME with no passphrase; returns the
// primary fingerprint. `extra` is put before the command (e.g.
// "--faked-system-time 20200101T000000").
std::string NewPgpKey(std::string_view user_id, std::string_view expire = "never",
                      std::string_view extra = "");
// gpg --armor --export <fingerprint>.
std::string ExportPgpKey(const std::string& fingerprint);

// A fresh repository with branch "main".
std::string NewRepo(std::string_view name);

// `git commit --allow-empty -m message` with `signing` git options, e.g.
// SshSigning(key) or PgpSigning(fpr) (empty = unsigned); returns the id.
std::string Commit(const std::string& repo, std::string_view message,
                   const std::string& signing = "");
std::string SshSigning(const std::string& private_key_path);
std::string PgpSigning(const std::string& fingerprint, const std::string& program = "gpg");

// The raw commit object (git cat-file commit).
std::string CatCommit(const std::string& repo, const std::string& id);
// Writes `object` as a commit (git hash-object -t commit -w); returns its id.
std::string WriteCommit(const std::string& repo, const std::string& object);
// Replaces the gpgsig header of `object` with `signature` (armored); an
// empty `signature` removes the header, leaving the signed payload.
std::string ReplaceSignature(const std::string& object, const std::string& signature);
// The gpgsig header value of `object`, continuation blanks removed.
std::string SignatureOf(const std::string& object);

}  // namespace cocoplane::verify::testing

#endif  // COCOPLANE_TESTS_VERIFY_VERIFY_TESTING_H_
