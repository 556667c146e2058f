// Rendering a Plan: text for terminals, JSON for tools, Markdown for a
// pull-request comment. All three show the semantic summary first and never
// contain secret values (the Plan holds none).
#ifndef COCOPLANE_PLAN_RENDER_PLAN_H_
#define COCOPLANE_PLAN_RENDER_PLAN_H_

#include <cstddef>
#include <string>

#include "plan/plan.h"

namespace cocoplane::plan {

// Human-readable plan; ANSI colours when `color`.
std::string RenderPlanText(const Plan& plan, bool color);

// JSON per schemas/output/plan.schema.json, fixed key order, 2-space indent.
std::string RenderPlanJson(const Plan& plan);

// GitHub/GitLab-flavoured Markdown: summary, a table of changes, then each
// diff folded in <details>. Diffs are dropped from the end when the text would
// exceed `max_chars`, and a note says how many were left out.
inline constexpr size_t kMarkdownCommentLimit = 65000;
std::string RenderPlanMarkdown(const Plan& plan, size_t max_chars = kMarkdownCommentLimit);

// One line per summary item, e.g. "workload payments: initdata digest changes
// (ab12…→cd34…): its pods must be recreated". Shared by the three renderers.
std::vector<std::string> SummaryLines(const Summary& summary);

}  // namespace cocoplane::plan

#endif  // COCOPLANE_PLAN_RENDER_PLAN_H_
