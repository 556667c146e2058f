// Components: the pieces one reconcile needs, built from a DaemonConfig.
//
// `serve`, `apply`, `drift` and `demo` all build the same Pipeline — git
// source, trust store, targets, value resolver, reconciler — so a setting
// means the same thing in every command. Building touches the disk (opens or
// creates the git mirror under the state dir, reads trust and secret files)
// but never the network and starts no thread.
//
// Layout of the state dir (config `[state] dir`):
//   record.json                 what was applied (reconcile/record.h)
//   sources/<sha256(url)[:16]>.git   the bare mirror of the source
//   gnupg/                      private GnuPG homes of the trust store
//
// Errors are Status values naming the setting or file at fault; secrets read
// from files are never part of a message.
//
// Thread-safety: building is single-threaded; a built Pipeline is used as
// reconciler.h and target.h describe.
#ifndef COCOPLANE_APP_COMPONENTS_H_
#define COCOPLANE_APP_COMPONENTS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/log.h"
#include "app/reconciler.h"
#include "base/diagnostic.h"
#include "base/status.h"
#include "config/config.h"
#include "reconcile/value_resolver.h"
#include "source/git_source.h"
#include "targets/target.h"
#include "verify/trust_store.h"

namespace cocoplane::app {

// Makes the CompileFn for a config (it reads `[build] sealing_key_file`). The
// CLI passes the real compiler (app/real_compile.h); tests a fake.
using CompilerFactory = std::function<Result<CompileFn>(const config::DaemonConfig&)>;

// Makes the resolver of KBS resource values (default: env + files).
using ResolverFactory = std::function<std::unique_ptr<reconcile::ValueResolver>()>;

// A resolver reading files and the process environment.
ResolverFactory LocalResolverFactory();

// Reads and parses the config file at `path`. Problems in it go to `sink`
// (CP7xxx with file:line:col) and make the result InvalidArgument; an
// unreadable file is the file's error.
Result<config::DaemonConfig> LoadConfigFile(const std::string& path, DiagnosticSink& sink);

// `ref` of `[source]`: 40 hex digits = a pinned commit; "refs/tags/x" or
// "tags/x" = tag x; "refs/heads/x" or anything else = branch. Empty or
// malformed ("refs/tags/") is InvalidArgument.
Result<source::GitRef> ParseRef(std::string_view ref);

// "127.0.0.1:9400", "[::1]:9400" -> address and port (0 allowed).
struct ListenAddress {
  std::string address;
  std::uint16_t port = 0;
};
Result<ListenAddress> ParseListen(std::string_view listen);

std::string RecordPath(const config::DaemonConfig& config);
std::string MirrorPath(const config::DaemonConfig& config);

// The git source configuration: URL, ref, mirror, and credentials from
// files (token_file -> https token auth, ssh_key_file -> ssh).
Result<source::GitSourceConfig> SourceConfigFrom(const config::DaemonConfig& config);

// The first line of a secret file, without its line ending. The message of
// an error names the file, never its content.
Result<std::string> ReadSecretFile(const std::string& path);

// The configured targets: one node target per [[targets.node]], then the
// kbs-storage target. Also knows each target's root directory, so the daemon
// can watch the directories of recorded objects.
struct TargetSet {
  std::vector<std::unique_ptr<targets::Target>> owned;
  std::vector<targets::Target*> all;
  // Target name -> directory on disk.
  std::map<std::string, std::string> roots;

  // Where `address` of target `name` lives on disk ("" for an unknown target).
  std::string PathOf(const std::string& name, const std::string& address) const;
  // "node" or "kbs-storage".
  static std::string KindOf(const std::string& name);
};
TargetSet TargetsFrom(const config::DaemonConfig& config);

struct PipelineDeps {
  CompilerFactory compiler;
  ResolverFactory resolver = LocalResolverFactory();
  Clock clock = SystemClock();
};

struct Pipeline {
  config::DaemonConfig config;
  std::unique_ptr<source::GitSource> source;
  // Null when verify mode is "none".
  std::unique_ptr<verify::TrustStore> trust;
  verify::Mode verify_mode = verify::Mode::kNone;
  TargetSet targets;
  std::unique_ptr<reconcile::ValueResolver> resolver;
  CompileFn compile;
  std::unique_ptr<Reconciler> reconciler;
};

// Builds every piece; fails on the first that cannot be built (a bad ref, an
// unreadable trust file, no targets configured, ...).
Result<std::unique_ptr<Pipeline>> BuildPipeline(const config::DaemonConfig& config,
                                                const PipelineDeps& deps);

}  // namespace cocoplane::app

#endif  // COCOPLANE_APP_COMPONENTS_H_
