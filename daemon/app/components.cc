#include "app/components.h"

#include <cctype>
#include <cstdlib>
#include <filesystem>

#include "crypto/digest.h"
#include "fs/atomic_file.h"
#include "targets/dir_target.h"

namespace cocoplane::app {
namespace {

namespace stdfs = std::filesystem;

bool IsHex40(std::string_view s) {
  if (s.size() != 40) return false;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

Status MakeDir(const std::string& dir, stdfs::perms perms) {
  std::error_code ec;
  stdfs::create_directories(dir, ec);
  if (ec) return Status::Io("cannot create " + dir + ": " + ec.message());
  stdfs::permissions(dir, perms, ec);
  return Status::Ok();
}

Result<std::unique_ptr<verify::TrustStore>> TrustFrom(const config::DaemonConfig& config,
                                                      verify::Mode mode) {
  if (mode == verify::Mode::kNone) return std::unique_ptr<verify::TrustStore>();
  verify::TrustConfig trust;
  if (!config.verify.ssh_allowed_signers.empty()) {
    trust.ssh_allowed_signers.push_back(config.verify.ssh_allowed_signers);
  }
  for (const auto& key : config.verify.gpg_public_keys) trust.openpgp_public_keys.push_back(key);
  // The keyring is private to the daemon: never the operator's ~/.gnupg.
  trust.gnupg_parent = config.state_dir + "/gnupg";
  if (Status s = MakeDir(trust.gnupg_parent.string(), stdfs::perms::owner_all); !s.ok()) return s;
  Result<verify::TrustStore> store = verify::LoadTrustStore(trust);
  if (!store.ok()) {
    return Status(store.status().code(), "[verify]: " + store.status().message());
  }
  return std::make_unique<verify::TrustStore>(std::move(*store));
}

}  // namespace

ResolverFactory LocalResolverFactory() {
  return [] {
    return std::make_unique<reconcile::LocalValueResolver>(
        [](const char* name) -> const char* { return std::getenv(name); });
  };
}

Result<config::DaemonConfig> LoadConfigFile(const std::string& path, DiagnosticSink& sink) {
  Result<std::string> text = fs::ReadFile(path);
  if (!text.ok()) {
    return Status(text.status().code(), "cannot read config file " + path);
  }
  config::DaemonConfig config = config::ParseConfig(path, *text, sink);
  sink.Sort();
  if (sink.has_errors()) {
    return Status::InvalidArgument(path + ": " + std::to_string(sink.error_count()) +
                                   " error(s) in the configuration");
  }
  return config;
}

Result<source::GitRef> ParseRef(std::string_view ref) {
  source::GitRef out;
  if (IsHex40(ref)) {
    out.kind = source::GitRef::Kind::kCommit;
    out.name = Lower(ref);
    return out;
  }
  std::string_view name = ref;
  if (StartsWith(ref, "refs/tags/") || StartsWith(ref, "tags/")) {
    out.kind = source::GitRef::Kind::kTag;
    name = ref.substr(ref.find("tags/") + 5);
  } else if (StartsWith(ref, "refs/heads/")) {
    name = ref.substr(11);
  }
  if (name.empty()) {
    return Status::InvalidArgument("[source] ref \"" + std::string(ref) +
                                   "\" names no branch, tag or commit");
  }
  out.name = std::string(name);
  return out;
}

Result<ListenAddress> ParseListen(std::string_view listen) {
  ListenAddress out;
  size_t colon = std::string_view::npos;
  if (StartsWith(listen, "[")) {
    size_t close = listen.find("]:");
    if (close != std::string_view::npos) {
      out.address = std::string(listen.substr(1, close - 1));
      colon = close + 1;
    }
  } else {
    colon = listen.rfind(':');
    if (colon != std::string_view::npos) out.address = std::string(listen.substr(0, colon));
  }
  std::string_view port = colon == std::string_view::npos ? "" : listen.substr(colon + 1);
  bool digits = !port.empty() && port.size() <= 5;
  for (char c : port) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  if (out.address.empty() || !digits || std::stoul(std::string(port)) > 65535) {
    return Status::InvalidArgument("[server] listen \"" + std::string(listen) +
                                   "\" is not ADDRESS:PORT (e.g. 127.0.0.1:9400)");
  }
  out.port = static_cast<std::uint16_t>(std::stoul(std::string(port)));
  return out;
}

std::string RecordPath(const config::DaemonConfig& config) {
  return config.state_dir + "/record.json";
}

std::string MirrorPath(const config::DaemonConfig& config) {
  // One mirror per URL: a changed URL (SIGHUP) never fetches into another
  // remote's object database.
  return config.state_dir + "/sources/" + crypto::Sha256Hex(config.source.url).substr(0, 16) +
         ".git";
}

Result<source::GitSourceConfig> SourceConfigFrom(const config::DaemonConfig& config) {
  source::GitSourceConfig out;
  out.url = config.source.url;
  Result<source::GitRef> ref = ParseRef(config.source.ref);
  if (!ref.ok()) return ref.status();
  out.ref = *ref;
  out.cache_dir = MirrorPath(config);
  out.ca_bundle_file = config.source.ca_file;
  if (!config.source.token_file.empty()) {
    out.http_auth = source::GitSourceConfig::HttpAuth::kToken;
    out.auth_file = config.source.token_file;
    if (!config.source.username.empty()) out.auth_username = config.source.username;
  }
  if (!config.source.ssh_key_file.empty()) {
    out.ssh_private_key_file = config.source.ssh_key_file;
    out.known_hosts_file = config.source.known_hosts_file;
    out.ssh_user = config.source.username;
    std::error_code ec;
    if (stdfs::exists(config.source.ssh_key_file + ".pub", ec)) {
      out.ssh_public_key_file = config.source.ssh_key_file + ".pub";
    }
  }
  return out;
}

Result<std::string> ReadSecretFile(const std::string& path) {
  Result<std::string> text = fs::ReadFile(path);
  if (!text.ok()) return Status(text.status().code(), "cannot read secret file " + path);
  std::string line = text->substr(0, text->find('\n'));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) return Status::InvalidArgument("secret file " + path + " is empty");
  return line;
}

std::string TargetSet::PathOf(const std::string& name, const std::string& address) const {
  auto it = roots.find(name);
  if (it == roots.end()) return "";
  std::string root = it->second;
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  if (root == "/") root.clear();
  return root + (StartsWith(address, "/") ? "" : "/") + address;
}

std::string TargetSet::KindOf(const std::string& name) {
  return StartsWith(name, "node/") ? "node" : name;
}

TargetSet TargetsFrom(const config::DaemonConfig& config) {
  TargetSet set;
  for (const auto& node : config.nodes) {
    set.owned.push_back(targets::NewNodeTarget(node.pool, node.root));
    set.roots[set.owned.back()->name()] = node.root;
  }
  if (!config.kbs_storage_dir.empty()) {
    set.owned.push_back(targets::NewKbsStorageTarget(config.kbs_storage_dir));
    set.roots[set.owned.back()->name()] = config.kbs_storage_dir;
  }
  for (const auto& t : set.owned) set.all.push_back(t.get());
  return set;
}

Result<std::unique_ptr<Pipeline>> BuildPipeline(const config::DaemonConfig& config,
                                                const PipelineDeps& deps) {
  auto p = std::make_unique<Pipeline>();
  p->config = config;
  std::optional<verify::Mode> mode = verify::ParseMode(config.verify.mode);
  if (!mode)
    return Status::InvalidArgument("[verify] mode \"" + config.verify.mode + "\" is unknown");
  p->verify_mode = *mode;
  p->targets = TargetsFrom(config);
  if (p->targets.all.empty()) {
    return Status::InvalidArgument(
        "no targets configured: add [[targets.node]] or [targets.kbs_storage]");
  }
  if (Status s = MakeDir(config.state_dir, stdfs::perms::owner_all); !s.ok()) return s;
  Result<source::GitSourceConfig> source_config = SourceConfigFrom(config);
  if (!source_config.ok()) return source_config.status();
  Result<std::unique_ptr<source::GitSource>> source = source::GitSource::Open(*source_config);
  if (!source.ok()) {
    return Status(source.status().code(), "[source]: " + source.status().message());
  }
  p->source = std::move(*source);
  Result<std::unique_ptr<verify::TrustStore>> trust = TrustFrom(config, p->verify_mode);
  if (!trust.ok()) return trust.status();
  p->trust = std::move(*trust);
  Result<CompileFn> compile = deps.compiler(config);
  if (!compile.ok()) return compile.status();
  p->compile = std::move(*compile);
  p->resolver = deps.resolver();

  ReconcilerDeps r;
  r.source = p->source.get();
  r.verify_mode = p->verify_mode;
  r.trust = p->trust.get();
  r.compile = p->compile;
  r.targets = p->targets.all;
  r.resolver = p->resolver.get();
  r.record_path = RecordPath(config);
  r.now = [clock = deps.clock] { return Rfc3339(clock()); };
  p->reconciler = std::make_unique<Reconciler>(std::move(r));
  return p;
}

}  // namespace cocoplane::app
