#include "desired_repo.h"

#include <filesystem>

#include "server/webhook_auth.h"
#include "source/git_test_util.h"

namespace cocoplane::integration {
namespace {

using cocoplane::testing::MustRun;
using cocoplane::testing::ShellQuote;
using cocoplane::testing::WriteFile;

std::string Q(const std::string& s) { return nlohmann::json(s).dump(); }

// examples/repo's resources with the same names and paths, their values
// read from env (enckey: the canary) and files instead of Vault.
std::string Resources(const std::string& values) {
  struct R {
    const char* name;
    const char* path;
    const char* kind;
  };
  const R kResources[] = {{"enckey", "default/enckey/key.pem", "key"},
                          {"regcred", "default/credential/regcred", "credential"},
                          {"cosign-public-key", "default/cosign-public-key/org", "key"},
                          {"model-key", "default/model-key/granite", "key"},
                          {"ingress-tls-key", "payments/ingress-tls/key", "key"},
                          {"ingress-tls-cert", "payments/ingress-tls/cert", "certificate"},
                          {"pgdata-luks-key", "payments/disk-key/pgdata", "key"}};
  std::string out;
  for (const R& r : kResources) {
    std::string source = std::string(r.name) == "enckey" ? std::string("env: ") + kCanaryVar
                                                         : "file: " + values + "/" + r.name;
    out += "---\napiVersion: cocoplane.io/v1alpha1\nkind: KbsResource\nmetadata:\n  name: " +
           std::string(r.name) + "\nspec:\n  path: " + r.path + "\n  kind: " + r.kind +
           "\n  source:\n    " + source + "\n";
    if (std::string(r.name) != "enckey") {
      WriteFile(values + "/" + r.name, std::string("value of ") + r.name + "\n");
    }
  }
  return out;
}

std::string Bulk(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "r%04d", i);
    out += std::string("---\napiVersion: cocoplane.io/v1alpha1\nkind: KbsResource\nmetadata:\n") +
           "  name: bulk-" + name + "\nspec:\n  path: default/bulk/" + name +
           "\n  kind: other\n  source:\n    env: COCOPLANE_IT_BULK\n";
  }
  return out;
}

}  // namespace

DesiredRepo::DesiredRepo(const std::string& root, int bulk_resources)
    : root_(root),
      work_(root + "/desired"),
      values_(root + "/values"),
      sealing_key_(root + "/sealing-key.pem") {
  std::filesystem::create_directories(values_);
  MustRun(root_, "cp -r " + ShellQuote(std::string(COCOPLANE_SOURCE_DIR) + "/examples/repo") + " " +
                     ShellQuote(work_));
  WriteFile(work_ + "/resources/kbs-resources.yaml", Resources(values_));
  if (bulk_resources > 0) WriteFile(work_ + "/resources/bulk.yaml", Bulk(bulk_resources));
  MustRun(root_,
          "openssl ecparam -name prime256v1 -genkey -noout -out " + ShellQuote(sealing_key_));
  MustRun(work_, "git init -q -b main . && git add -A && git commit -q -m 'desired state'");
}

std::map<std::string, std::string> DesiredRepo::Env() const {
  return {{kCanaryVar, kCanaryValue}, {"COCOPLANE_IT_BULK", "bulk value\n"}};
}

std::string DesiredRepo::Commit(const std::string& path, const std::string& bytes,
                                const std::string& message, const std::string& signing) {
  WriteFile(work_ + "/" + path, bytes);
  MustRun(work_, "git add -A && git -c user.name=T -c user.email=t@example.com " + signing +
                     " commit -q" + (signing.empty() ? "" : " -S") + " -m " + ShellQuote(message));
  return Head();
}

std::string DesiredRepo::Remove(const std::string& path, const std::string& message) {
  MustRun(work_, "git rm -q " + ShellQuote(path) +
                     " && git -c user.name=T -c user.email=t@example.com commit -q -m " +
                     ShellQuote(message));
  return Head();
}

std::string DesiredRepo::CommitEmpty(const std::string& message, const std::string& signing) {
  MustRun(work_, "git -c user.name=T -c user.email=t@example.com " + signing +
                     " commit -q --allow-empty" + (signing.empty() ? "" : " -S") + " -m " +
                     ShellQuote(message));
  return Head();
}

std::string DesiredRepo::Head() const { return MustRun(work_, "git rev-parse HEAD"); }

DaemonUnderTest::DaemonUnderTest(const std::string& root, const DesiredRepo& repo)
    : config_path(root + "/cocoplane.toml"),
      state(root + "/state"),
      node_root(root + "/node"),
      kbs_dir(root + "/kbs"),
      logs(root + "/logs"),
      repo_(repo) {
  std::filesystem::create_directories(logs);
  options.port = cocoplane::testing::FreeLoopbackPort();
  WriteFile(root + "/github.secret", std::string(kWebhookSecret) + "\n");
}

DaemonUnderTest::~DaemonUnderTest() {
  if (process_) process_->Terminate(30);
}

std::string DaemonUnderTest::ConfigText() const {
  const DaemonOptions& o = options;
  std::string root = std::filesystem::path(config_path).parent_path().string();
  std::string t = "[source]\nurl = " + Q(o.url) +
                  "\nref = \"main\"\npoll_interval_seconds = " + std::to_string(o.poll_interval) +
                  "\n";
  if (!o.ca_file.empty()) t += "ca_file = " + Q(o.ca_file) + "\n";
  if (!o.token_file.empty()) t += "token_file = " + Q(o.token_file) + "\n";
  t += "\n[verify]\nmode = " + Q(o.verify) + "\n";
  if (!o.ssh_allowed_signers.empty())
    t += "ssh_allowed_signers = " + Q(o.ssh_allowed_signers) + "\n";
  if (!o.gpg_keys.empty()) t += "gpg_public_keys = " + nlohmann::json(o.gpg_keys).dump() + "\n";
  t += "\n[state]\ndir = " + Q(state) +
       "\n\n[server]\nlisten = \"127.0.0.1:" + std::to_string(o.port) +
       "\"\n\n[webhook]\ngithub_secret_file = " + Q(root + "/github.secret") +
       "\n\n[[targets.node]]\npool = \"snp\"\nroot = " + Q(node_root) + "\n" +
       (o.node_drift_mode.empty() ? "" : "drift_mode = " + Q(o.node_drift_mode) + "\n") +
       "\n[targets.kbs_storage]\ndir = " + Q(kbs_dir) + "\n" +
       (o.kbs_drift_mode.empty() ? "" : "drift_mode = " + Q(o.kbs_drift_mode) + "\n") +
       "\n[drift]\ninterval_seconds = " + std::to_string(o.drift_interval) +
       "\nmode = " + Q(o.drift_mode) + "\n\n[notify]\n" +
       "dedup_window_seconds = " + std::to_string(o.dedup_window) + "\n";
  for (const auto& url : o.alertmanager_urls)
    t += "\n[[notify.alertmanager]]\nurl = " + Q(url) + "\n";
  if (!o.webhook_url.empty()) {
    t += "\n[[notify.webhook]]\nurl = " + Q(o.webhook_url) + "\n";
    if (!o.webhook_secret_file.empty()) t += "secret_file = " + Q(o.webhook_secret_file) + "\n";
  }
  t += "\n[build]\nsealing_key_file = " + Q(repo_.sealing_key()) + "\n";
  return t;
}

void DaemonUnderTest::WriteConfig() const { WriteFile(config_path, ConfigText()); }

bool DaemonUnderTest::Start(const std::map<std::string, std::string>& env) {
  WriteConfig();
  if (process_) {
    out_ += process_->Stdout();
    err_ += process_->Stderr();
  }
  std::map<std::string, std::string> all = repo_.Env();
  for (const auto& [k, v] : env) all[k] = v;
  process_ = StartCocoplane({"serve", "--config", config_path}, all, logs);
  return WaitFor(
      [this] { return process_->Running() && HttpGet(port(), "/healthz").status == 200; }, 30);
}

nlohmann::json DaemonUnderTest::Status() const { return StatusOf(port()); }

std::string DaemonUnderTest::Last(const std::string& field) const {
  nlohmann::json s = Status();
  if (!s.is_object() || !s.contains("last") || !s["last"].is_object()) return "";
  return s["last"].value(field, "");
}

bool DaemonUnderTest::WaitApplied(const std::string& revision, double seconds) const {
  return WaitFor(
      [&] {
        nlohmann::json s = Status();
        return s.is_object() && s.value("applied_revision", "") == revision;
      },
      seconds);
}

long DaemonUnderTest::PushWebhook() const {
  std::string body = R"({"ref":"refs/heads/main"})";
  return HttpPost(port(), "/hooks/github",
                  {"X-GitHub-Event: push",
                   "X-Hub-Signature-256: " + server::SignHmacSha256(kWebhookSecret, body)},
                  body)
      .status;
}

int DaemonUnderTest::Stop() { return process_ ? process_->Terminate(60) : -1; }

void DaemonUnderTest::Kill() {
  if (process_) process_->Kill();
}

std::string DaemonUnderTest::Stdout() const { return out_ + (process_ ? process_->Stdout() : ""); }
std::string DaemonUnderTest::Stderr() const { return err_ + (process_ ? process_->Stderr() : ""); }

}  // namespace cocoplane::integration
