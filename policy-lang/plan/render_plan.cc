// Text and JSON renderings of a Plan, and the pieces the Markdown renderer
// (render_markdown.cc) shares with them.
#include "plan/render_plan.h"

#include "base/strings.h"

namespace cocoplane::plan {
namespace {

char TypeSign(ChangeType t) {
  switch (t) {
    case ChangeType::kAdd: return '+';
    case ChangeType::kChange: return '~';
    case ChangeType::kRemove: return '-';
  }
  return '~';
}

std::string JsonStrings(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + JsonQuote(v[i]);
  return out + "]";
}

std::string WorkloadLine(const DigestChange& d) {
  if (d.old_digest.empty()) {
    return "workload " + d.workload + ": new (initdata digest " + ShortDigest(d.new_digest) + ")";
  }
  if (d.new_digest.empty()) return "workload " + d.workload + ": removed";
  return "workload " + d.workload + ": initdata digest changes (" + ShortDigest(d.old_digest) +
         " -> " + ShortDigest(d.new_digest) + "): its pods must be recreated";
}

struct Colors {
  explicit Colors(bool on)
      : bold(on ? "\x1b[1m" : ""),
        reset(on ? "\x1b[0m" : ""),
        green(on ? "\x1b[32m" : ""),
        red(on ? "\x1b[31m" : ""),
        yellow(on ? "\x1b[33m" : "") {}
  const char* bold;
  const char* reset;
  const char* green;
  const char* red;
  const char* yellow;

  const char* For(ChangeType t) const {
    return t == ChangeType::kAdd ? green : t == ChangeType::kRemove ? red : yellow;
  }
  // The colour of one diff line, as `git diff` colours it.
  const char* ForDiffLine(std::string_view line) const {
    if (line.starts_with("+++") || line.starts_with("---")) return bold;
    if (line.starts_with('+')) return green;
    if (line.starts_with('-')) return red;
    if (line.starts_with('@')) return yellow;
    return "";
  }
};

void AppendDiff(const std::string& diff, const Colors& c, std::string& out) {
  size_t start = 0;
  while (start < diff.size()) {
    size_t nl = diff.find('\n', start);
    std::string_view line = std::string_view(diff).substr(start, nl - start);
    const char* color = c.ForDiffLine(line);
    out += color;
    out += line;
    out += *color ? c.reset : "";
    out += "\n";
    start = nl == std::string::npos ? diff.size() : nl + 1;
  }
}

std::string ReleaseJson(const ReleaseChange& r) {
  return "{\"change\": " + JsonQuote(ReleaseChangeTypeName(r.type)) +
         ", \"rule\": " + JsonQuote(r.deny ? "deny" : "release") +
         ", \"resource\": " + JsonQuote(r.resource) + ", \"workload\": " + JsonQuote(r.workload) +
         ", \"old_conditions\": " + JsonStrings(r.old_conditions) +
         ", \"new_conditions\": " + JsonStrings(r.new_conditions) + "}";
}

std::string DigestJson(const DigestChange& d) {
  return "{\"workload\": " + JsonQuote(d.workload) + ", \"old_digest\": " +
         JsonQuote(d.old_digest) + ", \"new_digest\": " + JsonQuote(d.new_digest) + "}";
}

std::string ChangeJson(const ArtifactChange& c) {
  return "{\"step\": " + std::to_string(c.step) + ", \"type\": " +
         JsonQuote(ChangeTypeName(c.type)) + ", \"path\": " + JsonQuote(c.path) +
         ", \"kind\": " + JsonQuote(compile::ArtifactKindName(c.kind)) +
         ", \"owner\": " + JsonQuote(c.owner) + ", \"target\": " + JsonQuote(c.target) +
         ", \"old_sha256\": " + JsonQuote(c.old_sha256) +
         ", \"new_sha256\": " + JsonQuote(c.new_sha256) + ", \"diff\": " + JsonQuote(c.diff) + "}";
}

// "[\n    a,\n    b\n  ]" with `indent` before each item; "[]" when empty.
template <typename T, typename F>
std::string JsonList(const std::vector<T>& items, F render, const std::string& indent) {
  if (items.empty()) return "[]";
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    out += (i ? ",\n" : "\n") + indent + "  " + render(items[i]);
  }
  return out + "\n" + indent + "]";
}

}  // namespace

std::string_view ChangeTypeName(ChangeType t) {
  switch (t) {
    case ChangeType::kAdd: return "added";
    case ChangeType::kChange: return "changed";
    case ChangeType::kRemove: return "removed";
  }
  return "changed";
}

std::string ShortDigest(const std::string& hex) { return hex.empty() ? "none" : hex.substr(0, 12); }

std::string ShortRevision(const std::string& rev) {
  return rev.empty() ? "working tree" : rev.substr(0, 12);
}

std::string ChangeCounts(const Plan& plan) {
  size_t n[3] = {0, 0, 0};
  for (const auto& c : plan.changes) ++n[static_cast<int>(c.type)];
  return std::to_string(plan.changes.size()) + " change" + (plan.changes.size() == 1 ? "" : "s") +
         " (" + std::to_string(n[0]) + " added, " + std::to_string(n[1]) + " changed, " +
         std::to_string(n[2]) + " removed)";
}

std::vector<std::string> SummaryLines(const Summary& s) {
  std::vector<std::string> out;
  for (const auto& d : s.workloads_recreated) out.push_back(WorkloadLine(d));
  for (const auto& r : s.releases) out.push_back(DescribeReleaseChange(r));
  for (const auto& w : s.pod_patches_changed) {
    out.push_back("workload " + w + ": pod patch changes: re-apply it to roll out its pods");
  }
  for (const auto& p : s.pools_restarted) {
    out.push_back("node pool " + p + ": runtime configuration changes: the Kata runtime restarts");
  }
  for (const auto& r : s.resources_added) out.push_back("KBS resource added: " + r);
  for (const auto& r : s.resources_removed) out.push_back("KBS resource removed: " + r);
  return out;
}

std::string RenderPlanText(const Plan& plan, bool color) {
  Colors c(color);
  std::string out = std::string(c.bold) + "Plan: " + ShortRevision(plan.base_revision) + " -> " +
                    ShortRevision(plan.head_revision) + ": " + ChangeCounts(plan) + c.reset + "\n";
  if (plan.empty()) return out + "No changes.\n";
  std::vector<std::string> lines = SummaryLines(plan.summary);
  if (!lines.empty()) {
    out += std::string("\n") + c.bold + "Summary" + c.reset + "\n";
    for (const auto& line : lines) out += "  * " + line + "\n";
  }
  out += std::string("\n") + c.bold + "Changes, in apply order" + c.reset + "\n";
  for (const auto& ch : plan.changes) {
    out += "  " + std::to_string(ch.step) + ". " + c.For(ch.type) + TypeSign(ch.type) + " " +
           ch.path + c.reset + "  [" + std::string(compile::ArtifactKindName(ch.kind)) + ", " +
           ch.owner + " -> " + ch.target + "]  " + ShortDigest(ch.old_sha256) + " -> " +
           ShortDigest(ch.new_sha256) + "\n";
  }
  for (const auto& ch : plan.changes) {
    if (ch.diff.empty()) continue;
    out += "\n";
    AppendDiff(ch.diff, c, out);
  }
  return out;
}

std::string RenderPlanJson(const Plan& plan) {
  const Summary& s = plan.summary;
  return "{\n  \"base_revision\": " + JsonQuote(plan.base_revision) +
         ",\n  \"head_revision\": " + JsonQuote(plan.head_revision) +
         ",\n  \"summary\": {\n    \"lines\": " + JsonStrings(SummaryLines(s)) +
         ",\n    \"releases\": " + JsonList(s.releases, ReleaseJson, "    ") +
         ",\n    \"workloads_recreated\": " + JsonList(s.workloads_recreated, DigestJson, "    ") +
         ",\n    \"pod_patches_changed\": " + JsonStrings(s.pod_patches_changed) +
         ",\n    \"pools_restarted\": " + JsonStrings(s.pools_restarted) +
         ",\n    \"resources_added\": " + JsonStrings(s.resources_added) +
         ",\n    \"resources_removed\": " + JsonStrings(s.resources_removed) +
         "\n  },\n  \"changes\": " + JsonList(plan.changes, ChangeJson, "  ") + "\n}\n";
}

}  // namespace cocoplane::plan
