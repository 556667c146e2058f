// Rendering diagnostics for people (text) and for machines (JSON).
//
// Text form, one block per diagnostic:
//
//   workloads/pay.yaml:12:5: error[CP2003]: missing required property "pool"
//      12 |     spec:
//         |     ^~~~
//      = hint: add `pool: <nodepool name>` under spec
//
// The source line is taken from the Snapshot when it holds the file.
#ifndef COCOPLANE_BASE_RENDER_H_
#define COCOPLANE_BASE_RENDER_H_

#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "base/snapshot.h"

namespace cocoplane {

struct RenderOptions {
  // ANSI colours (the CLI turns this on for a TTY unless NO_COLOR is set).
  bool color = false;
  // Prefix for file names, e.g. "examples/repo/", so paths are clickable.
  std::string path_prefix;
};

// Renders every diagnostic plus a final summary line ("2 errors, 1 warning").
// `snapshot` may be null; then no source excerpt is printed.
std::string RenderText(const std::vector<Diagnostic>& diagnostics, const Snapshot* snapshot,
                       const RenderOptions& options);

// Renders one diagnostic without the summary line.
std::string RenderOneText(const Diagnostic& diagnostic, const Snapshot* snapshot,
                          const RenderOptions& options);

// A JSON array; each element is
//   {"id","name","severity","message","hint","file","line","column","length"}.
// Pretty-printed with 2 spaces, keys in that order, so it diffs well.
std::string RenderJson(const std::vector<Diagnostic>& diagnostics);

}  // namespace cocoplane

#endif  // COCOPLANE_BASE_RENDER_H_
