// Rendering a Plan: text for terminals, JSON for tools, Markdown for a
// pull-request comment. All three show the semantic summary first and never
// contain secret values: the Plan holds none (sealed secrets are shown by
// digest, KBS resources by the reference to where their value lives).
//
// Pure functions of the Plan: same Plan, same bytes (no timestamps).
// Thread-safe.
#ifndef COCOPLANE_PLAN_RENDER_PLAN_H_
#define COCOPLANE_PLAN_RENDER_PLAN_H_

#include <cstddef>
#include <string>
#include <vector>

#include "plan/plan.h"

namespace cocoplane::plan {

// Human-readable plan; ANSI colours when `color` (the CLI sets it on a TTY
// without NO_COLOR).
std::string RenderPlanText(const Plan& plan, bool color);

// JSON per schemas/output/plan.schema.json, fixed key order, 2-space indent.
std::string RenderPlanJson(const Plan& plan);

// GitHub/GitLab-flavoured Markdown (CommonMark plus tables): a heading, the
// summary, a table of changes in apply order, then each diff folded in a
// <details> block. The result is at most `max_chars` bytes (so at most that
// many characters): diffs are dropped from the end first, then table rows,
// then summary lines, and a closing note says how many of each were left
// out. GitHub refuses comments over 65,536 characters.
inline constexpr size_t kMarkdownCommentLimit = 65000;
std::string RenderPlanMarkdown(const Plan& plan, size_t max_chars = kMarkdownCommentLimit);

// One line per summary item, shared by the three renderers:
//   workload payments: initdata digest changes (ab12… -> cd34…): its pods must be recreated
//   release gained: default/db/password to workload web when tee == snp
//   node pool snp: runtime configuration changes: the Kata runtime restarts
//   KBS resource added: default/db/password
std::vector<std::string> SummaryLines(const Summary& summary);

// Shared by the renderers: "3 changes (1 added, 1 changed, 1 removed)",
// the first 12 hex digits of a digest ("none" when empty), and a revision
// as shown ("working tree" when empty).
std::string ChangeCounts(const Plan& plan);
std::string ShortDigest(const std::string& hex);
std::string ShortRevision(const std::string& rev);
std::string_view ChangeTypeName(ChangeType type);

}  // namespace cocoplane::plan

#endif  // COCOPLANE_PLAN_RENDER_PLAN_H_
