// DaemonConfig: every setting of `cocoplane serve` / `apply` / `drift`, from
// one TOML file (SIGHUP reloads it).
//
//   [source]     url, ref (branch | tag | commit), poll_interval_seconds,
//                poll_jitter (fraction), ca_file, token_file, username,
//                ssh_key_file, known_hosts_file
//   [verify]     mode = "none" | "head" | "strict", ssh_allowed_signers,
//                gpg_public_keys = [paths]
//   [state]      dir (record, git cache)
//   [server]     listen = "127.0.0.1:9400"
//   [webhook]    github_secret_file, gitlab_token_file, generic_secret_file,
//                generic_header, max_payload_bytes
//   [[targets.node]]     pool, root, drift_mode
//   [targets.kbs_storage] dir, drift_mode
//   [drift]      interval_seconds, mode = "detect" | "correct", watch (inotify)
//                (a target's drift_mode, "detect" | "correct", overrides mode)
//   [[notify.alertmanager]] url      [[notify.webhook]] url, secret_file
//   [[notify.slack]] url_file        [notify] dedup_window_seconds
//   [build]      sealing_key_file (PEM, outside the repository)
//
// Secrets are never in this file: only paths to files that hold them.
// Problems are diagnostics with file:line:col (the config is user input too).
#ifndef COCOPLANE_CONFIG_CONFIG_H_
#define COCOPLANE_CONFIG_CONFIG_H_

#include <string>
#include <vector>

#include "base/diagnostic.h"

namespace cocoplane::config {

struct SourceConfig {
  std::string url;
  std::string ref = "main";
  double poll_interval_seconds = 60;
  double poll_jitter = 0.10;
  std::string ca_file, token_file, username, ssh_key_file, known_hosts_file;
};

struct VerifyConfig {
  std::string mode = "none";
  std::string ssh_allowed_signers;
  std::vector<std::string> gpg_public_keys;
};

struct WebhookConfig {
  std::string github_secret_file, gitlab_token_file, generic_secret_file;
  std::string generic_header = "X-Cocoplane-Signature";
  size_t max_payload_bytes = 1u << 20;
};

struct NodeTargetConfig {
  std::string pool;
  std::string root;
  // "" follows [drift] mode; "detect" | "correct" overrides it.
  std::string drift_mode;
};

struct DriftConfig {
  double interval_seconds = 300;
  std::string mode = "detect";
  bool watch = true;
};

struct NotifyConfig {
  std::vector<std::string> alertmanager_urls;
  struct Webhook {
    std::string url, secret_file;
  };
  std::vector<Webhook> webhooks;
  std::vector<std::string> slack_url_files;
  double dedup_window_seconds = 300;
};

struct DaemonConfig {
  SourceConfig source;
  VerifyConfig verify;
  std::string state_dir = "/var/lib/cocoplane";
  std::string listen = "127.0.0.1:9400";
  WebhookConfig webhook;
  std::vector<NodeTargetConfig> nodes;
  std::string kbs_storage_dir;
  // "" follows [drift] mode; "detect" | "correct" overrides it.
  std::string kbs_storage_drift_mode;
  DriftConfig drift;
  NotifyConfig notify;
  std::string sealing_key_file;
};

// Parses `text` (the file's bytes; `path` is used in diagnostics). Unknown
// keys and wrong types are errors, so a typo never silently disables a check.
DaemonConfig ParseConfig(const std::string& path, const std::string& text, DiagnosticSink& sink);

}  // namespace cocoplane::config

#endif  // COCOPLANE_CONFIG_CONFIG_H_
