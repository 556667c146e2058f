// The Markdown rendering of a Plan, for a pull-request / merge-request
// comment. Shape (CommonMark + GitHub tables, as GitHub and GitLab render):
//
//   ## cocoplane plan: `base` → `head`
//   **N changes (...)**
//   ### Summary            one bullet per SummaryLines() entry
//   ### Changes (in apply order)   a table
//   ### Diffs              one <details> block per text diff
//   > **Note:** ...        only when something was left out
//
// Priority under the size limit: summary, then table, then diffs.
#include <algorithm>

#include "plan/render_plan.h"

namespace cocoplane::plan {
namespace {

// Room kept for the closing note.
constexpr size_t kNoteReserve = 300;

// Backslash-escapes what Markdown would read as emphasis, links, code, HTML
// or table cells (CommonMark allows escaping any ASCII punctuation), so a
// pattern such as */*/* prints as written.
std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (std::string_view("\\`*_[]<>|~#").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string Html(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else out += c;
  }
  return out;
}

// A code span that survives backticks in the text (CommonMark §6.1).
std::string Code(std::string_view text) {
  bool tick = text.find('`') != std::string_view::npos;
  return tick ? "`` " + std::string(text) + " ``" : "`" + std::string(text) + "`";
}

// A fence longer than any backtick run inside the diff (CommonMark §4.5).
std::string Fence(std::string_view text) {
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<size_t>(3, longest + 1), '`');
}

std::string TableRow(const ArtifactChange& c) {
  return "| " + std::to_string(c.step) + " | " + std::string(ChangeTypeName(c.type)) + " | " +
         Code(c.path) + " | " + Escape(compile::ArtifactKindName(c.kind)) + " | " +
         Escape(c.owner) + " | " + Code(c.target) + " |\n";
}

std::string DiffBlock(const ArtifactChange& c) {
  std::string fence = Fence(c.diff);
  return "<details><summary><code>" + Html(c.path) + "</code> (" +
         std::string(ChangeTypeName(c.type)) + ")</summary>\n\n" + fence + "diff\n" + c.diff +
         fence + "\n\n</details>\n\n";
}

// Appends `pieces` to `out` while they fit under `limit`; returns how many
// did not. With `stop_at_first`, the first piece that does not fit ends
// the section (a table or a list must not have holes).
size_t AppendWithin(const std::vector<std::string>& pieces, size_t limit, bool stop_at_first,
                    std::string& out) {
  size_t left_out = 0;
  for (const auto& piece : pieces) {
    if ((stop_at_first && left_out) || out.size() + piece.size() > limit) {
      ++left_out;
      continue;
    }
    out += piece;
  }
  return left_out;
}

std::string Plural(size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

std::string RenderPlanMarkdown(const Plan& plan, size_t max_chars) {
  std::string out = "## cocoplane plan: `" + ShortRevision(plan.base_revision) + "` → `" +
                    ShortRevision(plan.head_revision) + "`\n\n**" + ChangeCounts(plan) + "**\n\n";
  if (plan.empty()) return out + "No changes.\n";
  const size_t limit = max_chars > kNoteReserve ? max_chars - kNoteReserve : 0;

  std::vector<std::string> summary;
  for (const auto& line : SummaryLines(plan.summary)) summary.push_back("- " + Escape(line) + "\n");
  if (!summary.empty()) {
    summary.front() = "### Summary\n\n" + summary.front();
    summary.back() += "\n";
  }
  size_t lines_out = AppendWithin(summary, limit, true, out);
  if (lines_out && lines_out < summary.size()) out += "\n";

  std::vector<std::string> rows;
  for (const auto& c : plan.changes) rows.push_back(TableRow(c));
  rows.front() = "### Changes (in apply order)\n\n| Step | Change | Artifact | Kind | Owner | "
                 "Target |\n|---:|---|---|---|---|---|\n" + rows.front();
  rows.back() += "\n";
  size_t rows_out = lines_out ? rows.size() : AppendWithin(rows, limit, true, out);
  if (rows_out && rows_out < rows.size()) out += "\n";

  std::vector<std::string> diffs;
  for (const auto& c : plan.changes) {
    if (!c.diff.empty()) diffs.push_back(DiffBlock(c));
  }
  size_t diffs_out = diffs.size();
  const std::string heading = "### Diffs\n\n";
  auto smallest = std::min_element(diffs.begin(), diffs.end(), [](const auto& a, const auto& b) {
    return a.size() < b.size();
  });
  if (!rows_out && smallest != diffs.end() &&
      out.size() + heading.size() + smallest->size() <= limit) {
    out += heading;
    diffs_out = AppendWithin(diffs, limit, false, out);
  }

  if (lines_out + rows_out + diffs_out == 0) return out;
  std::string what;
  if (lines_out) what += Plural(lines_out, "summary line") + ", ";
  if (rows_out) what += Plural(rows_out, "table row") + ", ";
  if (diffs_out) what += Plural(diffs_out, "diff") + ", ";
  what.resize(what.size() - 2);
  return out + "> **Note:** " + what + " left out to stay under " + std::to_string(max_chars) +
         " characters; run `cocoplane plan` locally for the full output.\n";
}

}  // namespace cocoplane::plan
