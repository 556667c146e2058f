#include "app/demo.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "app/demo_repo.h"
#include "app/one_shot.h"
#include "app/serve.h"
#include "base/render.h"
#include "base/strings.h"
#include "fs/atomic_file.h"
#include "metrics/metrics.h"
#include "source/dir_source.h"

namespace cocoplane::app {
namespace {

namespace stdfs = std::filesystem;
using Kind = ReconcileOutcome::Kind;

// Node pools with artifacts for a node ("node:<pool>:<path>"): every
// NodePool of the model gets a Kata drop-in, so this is the model's pools.
std::set<std::string> PoolsOf(const compile::Bundle& bundle) {
  std::set<std::string> pools;
  for (const auto& a : bundle.artifacts) {
    if (a.target.rfind("node:", 0) != 0) continue;
    size_t colon = a.target.find(':', 5);
    if (colon != std::string::npos) pools.insert(a.target.substr(5, colon - 5));
  }
  return pools;
}

std::string DemoConfigText(const std::string& state, const std::string& listen,
                           const std::set<std::string>& pools) {
  std::string t =
      "# Written by `cocoplane demo`; rewritten at every run. Paths are absolute.\n"
      "[source]\nurl = " +
      JsonQuote("file://" + state + "/repo.git") +
      "\nref = \"main\"\n\n"
      "[state]\ndir = " +
      JsonQuote(state) +
      "\n\n"
      "[server]\nlisten = " +
      JsonQuote(listen) + "\n\n";
  for (const auto& pool : pools) {
    t += "[[targets.node]]\npool = " + JsonQuote(pool) +
         "\nroot = " + JsonQuote(state + "/nodes/" + pool) + "\n\n";
  }
  t += "[targets.kbs_storage]\ndir = " + JsonQuote(state + "/kbs") + "\n\n";
  t += "[drift]\nmode = \"detect\"\nwatch = true\n\n";
  t += "[build]\nsealing_key_file = " + JsonQuote(state + "/sealing-key.pem") + "\n";
  return t;
}

// Compiles DIR once up front: it must compile, and its pools shape the
// config. Diagnostics are printed with DIR as the path prefix.
std::optional<compile::Bundle> CompileDir(const std::string& dir, const config::DaemonConfig& c,
                                          const DaemonDeps& deps, std::ostream& err) {
  Result<Snapshot> snapshot = source::ReadDirectory(dir);
  if (!snapshot.ok()) {
    err << "cocoplane demo: " << snapshot.status().message() << "\n";
    return std::nullopt;
  }
  Result<CompileFn> compile = deps.compiler(c);
  if (!compile.ok()) {
    err << "cocoplane demo: " << compile.status().message() << "\n";
    return std::nullopt;
  }
  DiagnosticSink sink;
  std::optional<CompiledRevision> compiled = (*compile)(*snapshot, sink);
  sink.Sort();
  if (!sink.empty()) {
    RenderOptions options;
    options.path_prefix = dir + "/";
    err << RenderText(sink.diagnostics(), &*snapshot, options);
  }
  if (!compiled || sink.has_errors()) {
    err << "cocoplane demo: " << dir << " does not compile\n";
    return std::nullopt;
  }
  return std::move(compiled->bundle);
}

// Key, repository, config: the state the daemon starts from. Returns the
// config path, or "" with the reason printed.
std::string Prepare(const DemoOptions& o, const std::string& dir, const std::string& state,
                    const DaemonDeps& deps, std::ostream& out, std::ostream& err, int* code) {
  *code = 2;
  std::error_code ec;
  stdfs::create_directories(state, ec);
  stdfs::permissions(state, stdfs::perms::owner_all, ec);
  Result<bool> key = EnsureSealingKey(state + "/sealing-key.pem");
  if (!key.ok()) {
    err << "cocoplane demo: " << key.status().message() << "\n";
    return "";
  }
  out << (*key ? "generated sealed-secret signing key " : "using sealed-secret signing key ")
      << state << "/sealing-key.pem (P-256, mode 0600, outside Git)\n";
  config::DaemonConfig probe;
  probe.sealing_key_file = state + "/sealing-key.pem";
  std::optional<compile::Bundle> bundle = CompileDir(dir, probe, deps, err);
  if (!bundle) {
    *code = 1;
    return "";
  }
  Result<DemoCommit> commit = SyncDemoRepository(dir, state + "/repo.git", deps.clock());
  if (!commit.ok()) {
    err << "cocoplane demo: " << commit.status().message() << "\n";
    return "";
  }
  out << (commit->committed ? "committed " : "unchanged: ") << dir << " -> " << state
      << "/repo.git @ " << commit->commit.substr(0, 12) << "\n";
  std::string path = state + "/cocoplane.toml";
  Status s = fs::WriteFileAtomic(path, DemoConfigText(state, o.listen, PoolsOf(*bundle)), 0644);
  if (!s.ok()) {
    err << "cocoplane demo: " << s.message() << "\n";
    return "";
  }
  out << "wrote daemon config " << path << "\n";
  return path;
}

int ReportFirstApply(const ReconcileOutcome& o, const Daemon& d,
                     const DemoValueResolver::Used& used, const std::string& state,
                     std::ostream& out, std::ostream& err) {
  if (o.kind == Kind::kNotCompiled || o.kind == Kind::kNotVerified || o.kind == Kind::kFailed) {
    if (!o.diagnostics.empty()) err << RenderText(o.diagnostics, nullptr, {});
    err << "cocoplane demo: " << o.message << "\n";
    return o.kind == Kind::kFailed ? 2 : 1;
  }
  PrintApplied(o, d.pipeline().targets, false, out);
  if (!used.resources.empty()) {
    out << used.resources.size() << " KBS resource value(s) are DEMO PLACEHOLDERS (their "
        << "env/file/Vault source is not available here); written only to " << state
        << "/kbs, never to Git:\n";
    for (const auto& r : used.resources) out << "  " << r << "\n";
  }
  return 0;
}

}  // namespace

DemoValueResolver::DemoValueResolver(std::shared_ptr<Used> used)
    : local_(LocalResolverFactory()()), used_(std::move(used)) {}

std::string DemoValueResolver::Placeholder(const std::string& resource) {
  return "COCOPLANE DEMO PLACEHOLDER for " + resource +
         ": not a secret and not the real value; configure the resource's source\n";
}

Result<reconcile::ResolvedValue> DemoValueResolver::Resolve(std::string_view descriptor) {
  Result<reconcile::ResolvedValue> value = local_->Resolve(descriptor);
  if (value.ok() || value.status().code() == StatusCode::kInvalidArgument) return value;
  std::string resource = "?";
  try {
    resource = nlohmann::json::parse(descriptor).value("resource", "?");
  } catch (const nlohmann::json::exception&) {
    return Status::InvalidArgument("malformed resource descriptor");
  }
  std::lock_guard<std::mutex> lock(used_->mu);
  used_->resources.insert(resource);
  return reconcile::ResolvedValue{Placeholder(resource), true};
}

int RunDemo(const DemoOptions& options, DaemonDeps deps, std::ostream& out, std::ostream& err) {
  BlockServeSignals();
  std::error_code ec;
  std::string dir = stdfs::absolute(options.dir, ec).lexically_normal().string();
  std::string state = stdfs::absolute(options.state_dir, ec).lexically_normal().string();
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  while (state.size() > 1 && state.back() == '/') state.pop_back();
  int code = 2;
  std::string config_path = Prepare(options, dir, state, deps, out, err, &code);
  if (config_path.empty()) return code;

  Logger log(&err, deps.clock);
  metrics::Metrics metrics;
  auto used = std::make_shared<DemoValueResolver::Used>();
  deps.log = &log;
  deps.metrics = &metrics;
  deps.resolver = [used] { return std::make_unique<DemoValueResolver>(used); };
  DiagnosticSink sink;
  Result<config::DaemonConfig> config = LoadConfigFile(config_path, sink);
  if (!config.ok()) {
    err << RenderText(sink.diagnostics(), nullptr, {})
        << "cocoplane demo: " << config.status().message() << "\n";
    return 2;
  }
  Result<std::unique_ptr<Daemon>> daemon = Daemon::Create(*config, deps);
  if (!daemon.ok()) {
    err << "cocoplane demo: " << daemon.status().message() << "\n";
    return 2;
  }
  ReconcileOutcome first = (*daemon)->ReconcileNow();
  if (int rc = ReportFirstApply(first, **daemon, *used, state, out, err); rc != 0) return rc;
  if (Status s = (*daemon)->Start(false); !s.ok()) {
    err << "cocoplane demo: " << s.message() << "\n";
    return 2;
  }
  ListenAddress listen = *ParseListen(options.listen);
  std::string host =
      listen.address.find(':') == std::string::npos ? listen.address : "[" + listen.address + "]";
  out << "status: http://" << host << ":" << (*daemon)->port()
      << "/api/v1/status (also /healthz /readyz /metrics); Ctrl-C to stop\n"
      << std::flush;
  return ServeUntilSignal(std::move(*daemon), config_path, deps);
}

}  // namespace cocoplane::app
