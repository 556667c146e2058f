#include "config/config.h"

#include <set>
#include <toml++/toml.h>

#include "base/strings.h"

namespace cocoplane::config {
namespace {

// Reads one TOML table against a fixed set of keys, reporting unknown keys
// and wrong types with their positions.
class TableReader {
 public:
  TableReader(const std::string& path, const toml::table& table, std::string prefix,
              DiagnosticSink& sink)
      : path_(path), table_(table), prefix_(std::move(prefix)), sink_(sink) {}

  ~TableReader() {
    std::vector<std::string> known(seen_.begin(), seen_.end());
    for (const auto& [key, node] : table_) {
      std::string name(key.str());
      if (seen_.count(name)) continue;
      std::string guess = ClosestMatch(name, known);
      sink_.Emit(DiagKind::kConfigUnknownKey, At(node), "unknown key \"" + prefix_ + name + "\"",
                 guess.empty() ? "remove it; see `cocoplane serve --help` for the settings"
                               : "did you mean \"" + prefix_ + guess + "\"?");
    }
  }

  void String(const char* key, std::string* out) {
    if (const toml::node* n = Get(key)) {
      if (auto v = n->value<std::string>()) *out = *v;
      else WrongType(key, *n, "a string");
    }
  }

  void Number(const char* key, double* out) {
    if (const toml::node* n = Get(key)) {
      if (auto v = n->value<double>()) *out = *v;
      else WrongType(key, *n, "a number");
    }
  }

  void Size(const char* key, size_t* out) {
    if (const toml::node* n = Get(key)) {
      auto v = n->value<int64_t>();
      if (v && *v > 0) *out = static_cast<size_t>(*v);
      else WrongType(key, *n, "a positive integer");
    }
  }

  void Bool(const char* key, bool* out) {
    if (const toml::node* n = Get(key)) {
      if (auto v = n->value<bool>()) *out = *v;
      else WrongType(key, *n, "true or false");
    }
  }

  void Strings(const char* key, std::vector<std::string>* out) {
    const toml::node* n = Get(key);
    if (!n) return;
    const toml::array* arr = n->as_array();
    if (!arr) return WrongType(key, *n, "a list of strings");
    for (const auto& item : *arr) {
      if (auto v = item.value<std::string>()) out->push_back(*v);
      else WrongType(key, item, "a list of strings");
    }
  }

  void OneOf(const char* key, std::string* out, std::initializer_list<const char*> allowed) {
    const toml::node* n = Get(key);
    if (!n) return;
    auto v = n->value<std::string>();
    if (!v) return WrongType(key, *n, "a string");
    std::string list;
    for (const char* a : allowed) {
      if (*v == a) {
        *out = *v;
        return;
      }
      list += std::string(list.empty() ? "" : ", ") + "\"" + a + "\"";
    }
    sink_.Emit(DiagKind::kConfigBadValue, At(*n),
               "\"" + prefix_ + key + "\" cannot be \"" + *v + "\"", "use one of " + list);
  }

  // Sub-table, or nullptr; `key` counts as known either way.
  const toml::table* Table(const char* key) {
    const toml::node* n = Get(key);
    if (!n) return nullptr;
    if (const toml::table* t = n->as_table()) return t;
    WrongType(key, *n, "a table");
    return nullptr;
  }

  // Array of tables ([[key]]), possibly empty.
  std::vector<const toml::table*> Tables(const char* key) {
    std::vector<const toml::table*> out;
    const toml::node* n = Get(key);
    if (!n) return out;
    const toml::array* arr = n->as_array();
    if (!arr) {
      WrongType(key, *n, "an array of tables ([[" + prefix_ + key + "]])");
      return out;
    }
    for (const auto& item : *arr) {
      if (const toml::table* t = item.as_table()) out.push_back(t);
      else WrongType(key, item, "an array of tables");
    }
    return out;
  }

  void Require(const char* key, const std::string& value) {
    if (!value.empty()) return;
    sink_.Emit(DiagKind::kConfigMissingKey, Location{path_, 0, 0, 0},
               "\"" + prefix_ + key + "\" is required", "add it to the configuration file");
  }

  Location At(const toml::node& n) const {
    const auto& b = n.source().begin;
    return Location{path_, static_cast<uint32_t>(b.line), static_cast<uint32_t>(b.column), 1};
  }

 private:
  const toml::node* Get(const char* key) {
    seen_.insert(key);
    return table_.get(key);
  }

  void WrongType(const char* key, const toml::node& n, const std::string& want) {
    sink_.Emit(DiagKind::kConfigWrongType, At(n), "\"" + prefix_ + key + "\" must be " + want,
               "fix the value's type");
  }

  const std::string& path_;
  const toml::table& table_;
  std::string prefix_;
  DiagnosticSink& sink_;
  std::set<std::string> seen_;
};

void ReadSource(TableReader& top, const std::string& path, DaemonConfig& c, DiagnosticSink& sink) {
  const toml::table* t = top.Table("source");
  if (!t) return;
  TableReader r(path, *t, "source.", sink);
  r.String("url", &c.source.url);
  r.String("ref", &c.source.ref);
  r.Number("poll_interval_seconds", &c.source.poll_interval_seconds);
  r.Number("poll_jitter", &c.source.poll_jitter);
  r.String("ca_file", &c.source.ca_file);
  r.String("token_file", &c.source.token_file);
  r.String("username", &c.source.username);
  r.String("ssh_key_file", &c.source.ssh_key_file);
  r.String("known_hosts_file", &c.source.known_hosts_file);
  r.Require("url", c.source.url);
}

void ReadTargets(TableReader& top, const std::string& path, DaemonConfig& c,
                 DiagnosticSink& sink) {
  const toml::table* t = top.Table("targets");
  if (!t) return;
  TableReader r(path, *t, "targets.", sink);
  for (const toml::table* node : r.Tables("node")) {
    TableReader n(path, *node, "targets.node.", sink);
    NodeTargetConfig nc;
    n.String("pool", &nc.pool);
    n.String("root", &nc.root);
    n.OneOf("drift_mode", &nc.drift_mode, {"detect", "correct"});
    n.Require("pool", nc.pool);
    n.Require("root", nc.root);
    c.nodes.push_back(nc);
  }
  if (const toml::table* kbs = r.Table("kbs_storage")) {
    TableReader k(path, *kbs, "targets.kbs_storage.", sink);
    k.String("dir", &c.kbs_storage_dir);
    k.OneOf("drift_mode", &c.kbs_storage_drift_mode, {"detect", "correct"});
    k.Require("dir", c.kbs_storage_dir);
  }
}

void ReadNotify(TableReader& top, const std::string& path, DaemonConfig& c,
                DiagnosticSink& sink) {
  const toml::table* t = top.Table("notify");
  if (!t) return;
  TableReader r(path, *t, "notify.", sink);
  r.Number("dedup_window_seconds", &c.notify.dedup_window_seconds);
  for (const toml::table* am : r.Tables("alertmanager")) {
    TableReader a(path, *am, "notify.alertmanager.", sink);
    std::string url;
    a.String("url", &url);
    a.Require("url", url);
    c.notify.alertmanager_urls.push_back(url);
  }
  for (const toml::table* wh : r.Tables("webhook")) {
    TableReader w(path, *wh, "notify.webhook.", sink);
    NotifyConfig::Webhook hook;
    w.String("url", &hook.url);
    w.String("secret_file", &hook.secret_file);
    w.Require("url", hook.url);
    c.notify.webhooks.push_back(hook);
  }
  for (const toml::table* sl : r.Tables("slack")) {
    TableReader s(path, *sl, "notify.slack.", sink);
    std::string file;
    s.String("url_file", &file);
    s.Require("url_file", file);
    c.notify.slack_url_files.push_back(file);
  }
}

void ReadRest(TableReader& top, const std::string& path, DaemonConfig& c, DiagnosticSink& sink) {
  if (const toml::table* t = top.Table("verify")) {
    TableReader r(path, *t, "verify.", sink);
    r.OneOf("mode", &c.verify.mode, {"none", "head", "strict"});
    r.String("ssh_allowed_signers", &c.verify.ssh_allowed_signers);
    r.Strings("gpg_public_keys", &c.verify.gpg_public_keys);
  }
  if (const toml::table* t = top.Table("state")) {
    TableReader r(path, *t, "state.", sink);
    r.String("dir", &c.state_dir);
  }
  if (const toml::table* t = top.Table("server")) {
    TableReader r(path, *t, "server.", sink);
    r.String("listen", &c.listen);
  }
  if (const toml::table* t = top.Table("webhook")) {
    TableReader r(path, *t, "webhook.", sink);
    r.String("github_secret_file", &c.webhook.github_secret_file);
    r.String("gitlab_token_file", &c.webhook.gitlab_token_file);
    r.String("generic_secret_file", &c.webhook.generic_secret_file);
    r.String("generic_header", &c.webhook.generic_header);
    r.Size("max_payload_bytes", &c.webhook.max_payload_bytes);
  }
  if (const toml::table* t = top.Table("drift")) {
    TableReader r(path, *t, "drift.", sink);
    r.Number("interval_seconds", &c.drift.interval_seconds);
    r.OneOf("mode", &c.drift.mode, {"detect", "correct"});
    r.Bool("watch", &c.drift.watch);
  }
  if (const toml::table* t = top.Table("build")) {
    TableReader r(path, *t, "build.", sink);
    r.String("sealing_key_file", &c.sealing_key_file);
  }
}

}  // namespace

DaemonConfig ParseConfig(const std::string& path, const std::string& text, DiagnosticSink& sink) {
  DaemonConfig c;
  toml::table doc;
  try {
    doc = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    sink.Emit(DiagKind::kConfigSyntax,
              Location{path, static_cast<uint32_t>(b.line), static_cast<uint32_t>(b.column), 1},
              std::string(e.description()), "fix the TOML syntax");
    return c;
  }
  TableReader top(path, doc, "", sink);
  ReadSource(top, path, c, sink);
  ReadTargets(top, path, c, sink);
  ReadNotify(top, path, c, sink);
  ReadRest(top, path, c, sink);
  return c;
}

}  // namespace cocoplane::config
