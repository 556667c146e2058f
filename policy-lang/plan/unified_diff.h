// Line-based unified diff (Myers' O(ND) algorithm), as `diff -u` prints it.
//
// Used by the planner to show what a text artifact change does. Pure; bounded:
// when the edit distance exceeds `max_edits`, it gives up and returns a
// whole-file replacement hunk instead of spending quadratic time.
#ifndef COCOPLANE_PLAN_UNIFIED_DIFF_H_
#define COCOPLANE_PLAN_UNIFIED_DIFF_H_

#include <string>
#include <string_view>

namespace cocoplane::plan {

struct DiffOptions {
  // Lines of context around each change.
  int context = 3;
  // Upper bound on D in Myers' algorithm.
  int max_edits = 4000;
};

// Returns "--- a/<label>\n+++ b/<label>\n@@ -l,n +l,n @@\n..." or "" when the
// texts are equal. A missing final newline is marked as diff does.
std::string UnifiedDiff(std::string_view before, std::string_view after, std::string_view label,
                        const DiffOptions& options = {});

}  // namespace cocoplane::plan

#endif  // COCOPLANE_PLAN_UNIFIED_DIFF_H_
