// Fixtures for the process-level daemon tests: a desired-state repository
// (examples/repo with its KBS resource values sourced from env and files
// instead of Vault), a daemon config for it, and the daemon process.
//
// Layout under the test's root directory:
//   desired/          the repository's work tree (git), served by git daemon
//   values/           file sources of KBS resource values
//   sealing-key.pem   the sealed-secret signing key (openssl, P-256)
//   state/ node/ kbs/ the daemon's state and its two local targets
//   logs/             stdout/stderr of every process
#ifndef COCOPLANE_TESTS_INTEGRATION_DESIRED_REPO_H_
#define COCOPLANE_TESTS_INTEGRATION_DESIRED_REPO_H_

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness.h"

namespace cocoplane::integration {

// The env-sourced resource whose value must never show up anywhere.
inline constexpr char kCanaryVar[] = "COCOPLANE_IT_CANARY";
inline constexpr char kCanaryValue[] = "canary-5e3f1d2c-never-print-me";
// Its KBS path and storage address (LocalFs spells '/' in a key as \x2F).
inline constexpr char kCanaryAddress[] = "repository/default\\x2Fenckey\\x2Fkey.pem";

class DesiredRepo {
 public:
  // `bulk_resources` extra env-sourced KbsResources default/bulk/rNNNN (in
  // resources/bulk.yaml) give the kbs-storage target that many more files.
  DesiredRepo(const std::string& root, int bulk_resources = 0);

  const std::string& work() const { return work_; }
  const std::string& sealing_key() const { return sealing_key_; }
  // What the daemon's environment needs for the env sources.
  std::map<std::string, std::string> Env() const;

  // Writes `path` (relative) in the work tree and commits it; `signing` are
  // git options (verify_testing.h SshSigning/PgpSigning). Returns the id.
  std::string Commit(const std::string& path, const std::string& bytes, const std::string& message,
                     const std::string& signing = "");
  // Removes `path` and commits.
  std::string Remove(const std::string& path, const std::string& message);
  // An empty commit (for signature tests).
  std::string CommitEmpty(const std::string& message, const std::string& signing = "");
  std::string Head() const;

 private:
  std::string root_, work_, values_, sealing_key_;
};

struct DaemonOptions {
  std::string url;
  // https: the CA bundle and the file holding the access token.
  std::string ca_file;
  std::string token_file;
  std::string verify = "none";
  std::string ssh_allowed_signers;
  std::vector<std::string> gpg_keys;
  std::string drift_mode = "detect";
  // The targets' own drift_mode ("" = follow drift_mode).
  std::string node_drift_mode;
  std::string kbs_drift_mode;
  double drift_interval = 3600;
  double poll_interval = 3600;
  std::vector<std::string> alertmanager_urls;
  std::string webhook_url;
  std::string webhook_secret_file;
  double dedup_window = 300;
  int port = 0;
};

// The `cocoplane serve` under test, with the config written from `options`.
class DaemonUnderTest {
 public:
  static constexpr char kWebhookSecret[] = "it-github-webhook-secret";

  DaemonUnderTest(const std::string& root, const DesiredRepo& repo);
  ~DaemonUnderTest();

  DaemonOptions options;
  std::string config_path, state, node_root, kbs_dir, logs;

  std::string ConfigText() const;
  void WriteConfig() const;
  // Writes the config, starts `serve` with the repo's env plus `env`, waits
  // (bounded) until /healthz answers. False if it did not come up.
  bool Start(const std::map<std::string, std::string>& env = {});
  int port() const { return options.port; }
  nlohmann::json Status() const;
  // status.last.<field> as a string ("" before the first reconcile).
  std::string Last(const std::string& field) const;
  // Waits until the applied revision is `revision`.
  bool WaitApplied(const std::string& revision, double seconds = 90) const;
  // A GitHub push webhook signed with kWebhookSecret; the HTTP status.
  long PushWebhook() const;
  // SIGTERM; the exit code (-1 if it had to be killed).
  int Stop();
  void Kill();
  std::string Stdout() const;
  std::string Stderr() const;
  ChildProcess* process() { return process_.get(); }

 private:
  const DesiredRepo& repo_;
  std::unique_ptr<ChildProcess> process_;
  std::string out_, err_;
};

}  // namespace cocoplane::integration

#endif  // COCOPLANE_TESTS_INTEGRATION_DESIRED_REPO_H_
