// `cocoplane demo DIR`: the README's main job, on one machine, with no
// cluster. Everything it makes lives under the state dir (default .state/,
// which .gitignore lists):
//
//   <state>/repo.git          a git repository holding DIR (re-committed when
//                             DIR changed), the daemon's file:// source
//   <state>/sealing-key.pem   a P-256 key for sealed secrets (0600), made once
//   <state>/cocoplane.toml    the daemon config written for the demo
//   <state>/nodes/<pool>/     one node target per NodePool of the model
//   <state>/kbs/              the KBS LocalFs storage target
//   <state>/record.json, sources/   the daemon's own state
//
// It compiles DIR (diagnostics and exit 1 when it does not compile), applies
// once, prints what it applied and where, then serves /healthz, /readyz,
// /metrics and /api/v1/status on `listen` until Ctrl-C (SIGINT) or SIGTERM,
// with drift detection on the two local targets.
//
// KBS resource values come from their env/file sources when those exist.
// Any value whose source is missing (an unset variable, a missing file, a
// Vault path — the demo has no Vault) gets a demo placeholder, a text saying
// so, written only to <state>/kbs and never to Git; the output lists them.
#ifndef COCOPLANE_APP_DEMO_H_
#define COCOPLANE_APP_DEMO_H_

#include <memory>
#include <mutex>
#include <ostream>
#include <set>
#include <string>

#include "app/daemon.h"
#include "reconcile/value_resolver.h"

namespace cocoplane::app {

struct DemoOptions {
  std::string dir;
  std::string state_dir = ".state";
  std::string listen = "127.0.0.1:9400";
};

// Resolves like LocalValueResolver; a value it cannot resolve becomes a
// labelled placeholder, and the resource is remembered in `used`.
class DemoValueResolver : public reconcile::ValueResolver {
 public:
  struct Used {
    std::mutex mu;
    std::set<std::string> resources;
  };
  explicit DemoValueResolver(std::shared_ptr<Used> used);
  Result<reconcile::ResolvedValue> Resolve(std::string_view descriptor) override;

  // The placeholder bytes for `resource`.
  static std::string Placeholder(const std::string& resource);

 private:
  std::unique_ptr<reconcile::ValueResolver> local_;
  std::shared_ptr<Used> used_;
};

// The whole command; exit 0 after Ctrl-C, 1 when DIR does not compile or
// the apply is refused, 2 on an error. `deps.log` and `deps.metrics` are
// ignored (the demo makes its own) and `deps.resolver` is replaced.
int RunDemo(const DemoOptions& options, DaemonDeps deps, std::ostream& out, std::ostream& err);

}  // namespace cocoplane::app

#endif  // COCOPLANE_APP_DEMO_H_
