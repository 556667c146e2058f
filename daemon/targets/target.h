// Target: one external system cocoplane applies artifacts to.
//
// Every side effect of a reconcile goes through this interface, so the
// reconcile logic runs against in-memory fakes in tests and against real
// directories, KBS, Vault or Kubernetes in production. A target owns a set of
// *addresses* (a file path on a node, a KBS storage key, ...). It reads what
// is live at an address, writes one object atomically, removes one object, and
// lists what is present where it manages objects (for "unexpected" drift).
//
// Which artifacts a target applies is decided by the manifest's `target`
// string (compile/bundle.h): Accepts() maps it to an address or declines.
//
// Implementations are used from one reconcile at a time; they need not be
// thread-safe.
#ifndef COCOPLANE_TARGETS_TARGET_H_
#define COCOPLANE_TARGETS_TARGET_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace cocoplane::targets {

class Target {
 public:
  virtual ~Target() = default;

  // Stable name used in records, status, metrics and alerts, e.g.
  // "node/snp-a" or "kbs-storage".
  virtual const std::string& name() const = 0;

  // If this target applies artifacts whose manifest target is
  // `artifact_target`, returns the address; else nullopt.
  virtual std::optional<std::string> Accepts(std::string_view artifact_target) const = 0;

  // Live bytes at `address`: the content, NotFound when absent, another
  // error when unreadable. Callers compare digests; they never log bytes.
  virtual Result<std::string> Read(const std::string& address) const = 0;

  // Writes `bytes` at `address` atomically. `secret` objects get owner-only
  // permissions and their bytes are never logged.
  virtual Status Put(const std::string& address, std::string_view bytes, bool secret) = 0;

  // Removes the object at `address`; OK when already absent.
  virtual Status Remove(const std::string& address) = 0;

  // Every address present in the locations this target manages for
  // `managed` addresses (e.g. the directories holding them), sorted.
  virtual Result<std::vector<std::string>> List(const std::vector<std::string>& managed) const = 0;
};

}  // namespace cocoplane::targets

#endif  // COCOPLANE_TARGETS_TARGET_H_
