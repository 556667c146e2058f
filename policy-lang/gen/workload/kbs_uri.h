// KBS resource URIs, `kbs:///<repository>/<type>/<tag>`.
//
// Guest components up to v0.20 accept exactly three segments and Trustee's
// resource plugin requires three segments matching
// ^[a-zA-Z0-9_\-]+[a-zA-Z0-9_\-\.]*$ (../shared/reference/trustee.md §1,
// guest-components-and-kata.md §0 gotcha 10), so cocoplane only ever writes
// that form, with an empty host: the guest ignores any host and uses the KBS
// URL of its configuration (guest-components-and-kata.md §8).
//
// Contract: pure functions; invalid input gives InvalidArgument. Thread-safe.
#ifndef COCOPLANE_GEN_WORKLOAD_KBS_URI_H_
#define COCOPLANE_GEN_WORKLOAD_KBS_URI_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace cocoplane::gen::workload {

// One KBS resource, e.g. {"default", "security-policy", "test"}.
struct KbsResourceUri {
  std::string repository{};
  std::string type{};
  std::string tag{};
};

// OK when all three segments match Trustee's segment pattern.
Status ValidateKbsResourceUri(const KbsResourceUri& uri);

// "kbs:///repository/type/tag". Callers validate first; this only formats.
std::string FormatKbsResourceUri(const KbsResourceUri& uri);

// Parses "kbs:///a/b/c" (an empty host only) into its validated segments.
Result<KbsResourceUri> ParseKbsResourceUri(std::string_view text);

}  // namespace cocoplane::gen::workload

#endif  // COCOPLANE_GEN_WORKLOAD_KBS_URI_H_
