// The targets of issue 8 and the Markdown summary for BENCHMARKS.md.
// Targets compare the best (minimum) run; the median is in the figures.
#include <cmath>
#include <sstream>

#include "bench/harness/harness.h"

namespace cocoplane::bench {
namespace {

struct Target {
  const char* name;
  // JSON pointer into the figures.
  const char* pointer;
  double limit;
  const char* unit;
};

constexpr Target kTargets[] = {
    {"full build wall, `cocoplane build` (writes every artifact)", "/build/cli/min_ms", 1500, "ms"},
    {"full build wall, in-process (read tree + compile)", "/build/in_process/min_ms", 1500, "ms"},
    {"full build peak RSS (`cocoplane build`)", "/build/cli/peak_rss_mb", 400, "MB"},
    {"`cocoplane build` / (sha384sum + gzip) floor", "/build/ratio_to_floor", 10, "x"},
    {"in-process build / (sha384sum + gzip) floor", "/build/in_process_ratio_to_floor", 10, "x"},
    {"incremental rebuild after a one-workload commit", "/compile/incremental_compile/min_ms", 50,
     "ms"},
    {"plan between two revisions (`cocoplane plan`)", "/plan/cli/min_ms", 300, "ms"},
    {"drift check", "/drift/check/min_ms", 500, "ms"},
    {"libgit2 fetch / git CLI fetch of a new commit", "/fetch/ratio_libgit2_to_cli", 1.5, "x"},
};

std::string Number(double v) {
  std::ostringstream out;
  out.precision(v >= 100 ? 0 : v >= 10 ? 1 : 2);
  out << std::fixed << v;
  return out.str();
}

std::string Ms(const nlohmann::json& samples) {
  std::string out = Number(samples.value("min_ms", 0.0)) + " ms (median " +
                    Number(samples.value("median_ms", 0.0));
  if (samples.contains("cpu_min_ms")) out += "; CPU " + Number(samples["cpu_min_ms"].get<double>()) + " ms";
  return out + ")";
}

void Row(std::string& out, const std::string& what, const std::string& value) {
  out += "| " + what + " | " + value + " |\n";
}

}  // namespace

nlohmann::json EvaluateTargets(const nlohmann::json& figures) {
  nlohmann::json out = nlohmann::json::array();
  for (const Target& t : kTargets) {
    nlohmann::json::json_pointer p(t.pointer);
    if (!figures.contains(p)) continue;
    double measured = figures.at(p).get<double>();
    nlohmann::json row = {{"name", t.name},
                          {"target", "<= " + Number(t.limit) + " " + t.unit},
                          {"measured", measured},
                          {"unit", t.unit},
                          {"met", measured <= t.limit}};
    // Beside a wall time, the CPU time of the same runs: what the figure
    // would be on an idle machine (the work is single-threaded).
    nlohmann::json::json_pointer cpu = p.parent_pointer() / "cpu_min_ms";
    if (p.back() == "min_ms" && figures.contains(cpu)) row["cpu"] = figures.at(cpu).get<double>();
    out.push_back(std::move(row));
  }
  return out;
}

std::string RenderMarkdown(const nlohmann::json& r) {
  const nlohmann::json& m = r["machine"];
  const nlohmann::json& s = r["shape"];
  const nlohmann::json& f = r["figures"];
  std::string out = "Machine: " + std::to_string(m["nproc"].get<int>()) + " CPUs, " +
                    m["cpu"].get<std::string>() + ", " +
                    std::to_string(m["mem_total_mb"].get<long>()) + " MB RAM, " +
                    m["kernel"].get<std::string>() + "; load average " +
                    m.value("loadavg", std::string("?")) + " at the start, " +
                    m.value("loadavg_end", std::string("?")) + " at the end.\n";
  out += "Repository: " + std::to_string(s["workloads"].get<int>()) + " workloads, " +
         std::to_string(s["resources"].get<int>()) + " resources, " +
         std::to_string(s["pools"].get<int>()) + " pools, " + std::to_string(s["rules"].get<int>()) +
         " release rules, " + std::to_string(s["cases"].get<int>()) + " test cases, seed " +
         std::to_string(s["seed"].get<uint64_t>()) + ". Best of " +
         std::to_string(r["repeats"].get<int>()) + " runs (median in brackets); `cocoplane build` " +
         std::to_string(r["build_repeats"].get<int>()) + " run(s).\n\n";

  out += "| Target | Limit | Measured (wall) | CPU | Met |\n|---|---|---|---|---|\n";
  for (const auto& t : r["targets"]) {
    std::string unit = t["unit"].get<std::string>();
    out += "| " + t["name"].get<std::string>() + " | " + t["target"].get<std::string>() + " | " +
           Number(t["measured"].get<double>()) + " " + unit + " | " +
           (t.contains("cpu") ? Number(t["cpu"].get<double>()) + " " + unit : "") + " | " +
           (t["met"].get<bool>() ? "yes" : "**no**") + " |\n";
  }

  out += "\n| Figure | Value |\n|---|---|\n";
  const auto& b = f["build"];
  Row(out, "`cocoplane build` wall", Ms(b["cli"]));
  Row(out, "`cocoplane build` CPU / peak RSS",
      Number(b["cli"]["cpu_min_ms"].get<double>()) + " ms / " +
          Number(b["cli"]["peak_rss_mb"].get<double>()) + " MB");
  Row(out, "  read working tree (" + std::to_string(b["repository_files"].get<size_t>()) + " files)",
      Ms(b["read_worktree"]));
  Row(out, "  compile (" + std::to_string(b["artifacts"].get<size_t>()) + " artifacts)",
      Ms(b["compile"]));
  Row(out, "output bytes", std::to_string(b["output_bytes"].get<size_t>()));
  Row(out, "`sha384sum` of the output", Ms(b["sha384sum"]));
  Row(out, "`gzip -c` of the output", Ms(b["gzip"]));
  Row(out, "build / floor", Number(b["ratio_to_floor"].get<double>()) + "x");
  const auto& c = f["compile"];
  Row(out, "read one commit (libgit2)", Ms(c["read_commit"]));
  Row(out, "cold compile of the new commit", Ms(c["cold_compile"]));
  Row(out, "incremental compile (" + std::to_string(c["changed_files"].get<size_t>()) +
               " changed file, " + std::to_string(c["reused_files"].get<size_t>()) +
               " files reused from the cache)", Ms(c["incremental_compile"]));
  Row(out, "compile of an unchanged commit, cache warm", Ms(c["unchanged_compile"]));
  Row(out, "cached bundle identical to cold", c["identical_to_cold"].get<bool>() ? "yes" : "**no**");
  const auto& p = f["plan"];
  Row(out, "`cocoplane plan` HEAD~1..HEAD", Ms(p["cli"]));
  Row(out, "  read two commits", Ms(p["read_two_commits"]));
  Row(out, "  compile both (no cache / one shared cache)",
      Ms(p["compile_both"]) + " / " + Ms(p["compile_both_shared_cache"]));
  Row(out, "  diff + JSON (" + std::to_string(p["changed_artifacts"].get<size_t>()) +
               " changed artifacts)", Ms(p["diff_and_render"]));
  const auto& t = f["test"];
  Row(out, "`cocoplane test` (" + std::to_string(t["cases"].get<size_t>()) + " cases, compile included)",
      Ms(t["cli"]));
  Row(out, "  test run alone (load, prepare, evaluate)",
      Ms(t["in_process"]) + ", " + Number(t["per_case_us"].get<double>()) + " us/case");
  const auto& d = f["drift"];
  Row(out, "drift check (" + std::to_string(d["objects"].get<int>()) + " objects, " +
               std::to_string(d["findings"].get<size_t>()) + " findings)", Ms(d["check"]));
  const auto& g = f["fetch"];
  Row(out, "initial mirror: git CLI / libgit2",
      Number(g["initial_mirror"]["git_cli_ms"].get<double>()) + " ms / " +
          Number(g["initial_mirror"]["libgit2_ms"].get<double>()) + " ms");
  Row(out, "fetch a new commit: git CLI / libgit2",
      Ms(g["new_commit"]["git_cli"]) + " / " + Ms(g["new_commit"]["libgit2"]));
  Row(out, "fetch, nothing new: git CLI / libgit2",
      Ms(g["no_change"]["git_cli"]) + " / " + Ms(g["no_change"]["libgit2"]));
  return out;
}

}  // namespace cocoplane::bench
