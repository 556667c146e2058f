#include "plan/render_plan.h"

#include "base/strings.h"

namespace cocoplane::plan {
namespace {

std::string_view TypeWord(ChangeType t) {
  switch (t) {
    case ChangeType::kAdd: return "added";
    case ChangeType::kChange: return "changed";
    case ChangeType::kRemove: return "removed";
  }
  return "changed";
}

char TypeSign(ChangeType t) {
  switch (t) {
    case ChangeType::kAdd: return '+';
    case ChangeType::kChange: return '~';
    case ChangeType::kRemove: return '-';
  }
  return '~';
}

std::string Short(const std::string& hex) { return hex.empty() ? "none" : hex.substr(0, 12); }

std::string Rev(const std::string& rev) { return rev.empty() ? "working tree" : rev.substr(0, 12); }

std::string Counts(const Plan& plan) {
  size_t n[3] = {0, 0, 0};
  for (const auto& c : plan.changes) ++n[static_cast<int>(c.type)];
  return std::to_string(plan.changes.size()) + " change" + (plan.changes.size() == 1 ? "" : "s") +
         " (" + std::to_string(n[0]) + " added, " + std::to_string(n[1]) + " changed, " +
         std::to_string(n[2]) + " removed)";
}

std::string JsonStrings(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + JsonQuote(v[i]);
  return out + "]";
}

}  // namespace

std::vector<std::string> SummaryLines(const Summary& s) {
  std::vector<std::string> out;
  for (const auto& d : s.workloads_recreated) {
    if (d.old_digest.empty()) {
      out.push_back("workload " + d.workload + ": new (initdata digest " + Short(d.new_digest) +
                    ")");
    } else if (d.new_digest.empty()) {
      out.push_back("workload " + d.workload + ": removed");
    } else {
      out.push_back("workload " + d.workload + ": initdata digest changes (" +
                    Short(d.old_digest) + " -> " + Short(d.new_digest) +
                    "): its pods must be recreated");
    }
  }
  for (const auto& r : s.releases_gained) out.push_back("release gained: " + r);
  for (const auto& r : s.releases_lost) out.push_back("release lost: " + r);
  for (const auto& p : s.pools_restarted) {
    out.push_back("node pool " + p + ": runtime configuration changes: the Kata runtime restarts");
  }
  for (const auto& r : s.resources_added) out.push_back("KBS resource added: " + r);
  for (const auto& r : s.resources_removed) out.push_back("KBS resource removed: " + r);
  return out;
}

std::string RenderPlanText(const Plan& plan, bool color) {
  const char* bold = color ? "\x1b[1m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  const char* green = color ? "\x1b[32m" : "";
  const char* red = color ? "\x1b[31m" : "";
  const char* yellow = color ? "\x1b[33m" : "";
  std::string out = std::string(bold) + "Plan: " + Rev(plan.base_revision) + " -> " +
                    Rev(plan.head_revision) + ": " + Counts(plan) + reset + "\n";
  if (plan.empty()) return out + "No changes.\n";
  out += std::string("\n") + bold + "Summary" + reset + "\n";
  for (const auto& line : SummaryLines(plan.summary)) out += "  * " + line + "\n";
  out += std::string("\n") + bold + "Changes, in apply order" + reset + "\n";
  for (const auto& c : plan.changes) {
    const char* col = c.type == ChangeType::kAdd ? green : c.type == ChangeType::kRemove ? red
                                                                                          : yellow;
    out += "  " + std::to_string(c.step) + ". " + col + TypeSign(c.type) + " " + c.path + reset +
           "  [" + std::string(compile::ArtifactKindName(c.kind)) + ", " + c.owner + " -> " +
           c.target + "]  " + Short(c.old_sha256) + " -> " + Short(c.new_sha256) + "\n";
  }
  for (const auto& c : plan.changes) {
    if (c.diff.empty()) continue;
    out += "\n";
    if (!color) {
      out += c.diff;
      continue;
    }
    size_t start = 0;
    while (start < c.diff.size()) {
      size_t nl = c.diff.find('\n', start);
      std::string line = c.diff.substr(start, nl - start);
      const char* lc = line.rfind("+++", 0) == 0 || line.rfind("---", 0) == 0 ? bold
                       : line[0] == '+'                                         ? green
                       : line[0] == '-'                                         ? red
                       : line[0] == '@'                                         ? yellow
                                                                                : "";
      out += lc + line + reset + "\n";
      start = nl == std::string::npos ? c.diff.size() : nl + 1;
    }
  }
  return out;
}

std::string RenderPlanJson(const Plan& plan) {
  const Summary& s = plan.summary;
  std::string out = "{\n  \"base_revision\": " + JsonQuote(plan.base_revision) +
                    ",\n  \"head_revision\": " + JsonQuote(plan.head_revision) +
                    ",\n  \"summary\": {\n    \"lines\": " + JsonStrings(SummaryLines(s)) +
                    ",\n    \"releases_gained\": " + JsonStrings(s.releases_gained) +
                    ",\n    \"releases_lost\": " + JsonStrings(s.releases_lost) +
                    ",\n    \"workloads_recreated\": [";
  for (size_t i = 0; i < s.workloads_recreated.size(); ++i) {
    const auto& d = s.workloads_recreated[i];
    out += (i ? ", " : "") + std::string("{\"workload\": ") + JsonQuote(d.workload) +
           ", \"old_digest\": " + JsonQuote(d.old_digest) +
           ", \"new_digest\": " + JsonQuote(d.new_digest) + "}";
  }
  out += "],\n    \"pools_restarted\": " + JsonStrings(s.pools_restarted) +
         ",\n    \"resources_added\": " + JsonStrings(s.resources_added) +
         ",\n    \"resources_removed\": " + JsonStrings(s.resources_removed) +
         "\n  },\n  \"changes\": [";
  for (size_t i = 0; i < plan.changes.size(); ++i) {
    const auto& c = plan.changes[i];
    out += i ? ",\n" : "\n";
    out += "    {\"step\": " + std::to_string(c.step) + ", \"type\": " +
           JsonQuote(TypeWord(c.type)) + ", \"path\": " + JsonQuote(c.path) +
           ", \"kind\": " + JsonQuote(compile::ArtifactKindName(c.kind)) +
           ", \"owner\": " + JsonQuote(c.owner) + ", \"target\": " + JsonQuote(c.target) +
           ", \"old_sha256\": " + JsonQuote(c.old_sha256) +
           ", \"new_sha256\": " + JsonQuote(c.new_sha256) + ", \"diff\": " + JsonQuote(c.diff) +
           "}";
  }
  out += plan.changes.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

std::string RenderPlanMarkdown(const Plan& plan, size_t max_chars) {
  std::string out = "## cocoplane plan: `" + Rev(plan.base_revision) + "` → `" +
                    Rev(plan.head_revision) + "`\n\n**" + Counts(plan) + "**\n\n";
  if (plan.empty()) return out + "No changes.\n";
  out += "### Summary\n\n";
  for (const auto& line : SummaryLines(plan.summary)) out += "- " + line + "\n";
  out += "\n### Changes (in apply order)\n\n| Step | Change | Artifact | Kind | Owner | Target |\n"
         "|---:|---|---|---|---|---|\n";
  for (const auto& c : plan.changes) {
    out += "| " + std::to_string(c.step) + " | " + std::string(TypeWord(c.type)) + " | `" +
           c.path + "` | " + std::string(compile::ArtifactKindName(c.kind)) + " | " + c.owner +
           " | `" + c.target + "` |\n";
  }
  out += "\n";
  size_t left_out = 0;
  const std::string note_reserve(200, ' ');
  for (const auto& c : plan.changes) {
    if (c.diff.empty()) continue;
    std::string block = "<details><summary><code>" + c.path + "</code> (" +
                        std::string(TypeWord(c.type)) + ")</summary>\n\n```diff\n" + c.diff +
                        "```\n\n</details>\n\n";
    if (left_out || out.size() + block.size() + note_reserve.size() > max_chars) {
      ++left_out;
      continue;
    }
    out += block;
  }
  if (left_out) {
    out += "> **Note:** " + std::to_string(left_out) + " diff" + (left_out == 1 ? "" : "s") +
           " left out to stay under " + std::to_string(max_chars) +
           " characters; run `cocoplane plan` locally for the full output.\n";
  }
  return out;
}

}  // namespace cocoplane::plan
