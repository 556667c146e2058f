// Full build: `cocoplane build REPO -o OUT` as a user runs it (a child
// process, so its peak RSS is its own), the in-process breakdown (reading
// the working tree, compiling), and the physical floor over the very bytes
// the build wrote: `sha384sum` and `gzip -c` of their concatenation.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "bench/harness/harness.h"
#include "bench/harness/measure.h"
#include "fs/atomic_file.h"
#include "source/dir_source.h"

namespace cocoplane::bench {
namespace {

namespace stdfs = std::filesystem;

// Concatenates every file under `dir` (sorted by path) into `out_file`.
Result<size_t> Concatenate(const std::string& dir, const std::string& out_file, size_t* files) {
  std::vector<std::string> paths;
  std::error_code ec;
  for (auto it = stdfs::recursive_directory_iterator(dir, ec);
       !ec && it != stdfs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec)) paths.push_back(it->path().string());
  }
  if (ec) return Status::Io("cannot list " + dir + ": " + ec.message());
  std::sort(paths.begin(), paths.end());
  std::ofstream out(out_file, std::ios::binary | std::ios::trunc);
  size_t total = 0;
  for (const auto& p : paths) {
    Result<std::string> bytes = fs::ReadFile(p);
    if (!bytes.ok()) return bytes.status();
    out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    total += bytes->size();
  }
  out.close();
  if (!out) return Status::Io("cannot write " + out_file);
  *files = paths.size();
  return total;
}

nlohmann::json ProcessJson(const ProcessSamples& p) {
  nlohmann::json j = p.wall.ToJson();
  j["peak_rss_mb"] = std::round(p.max_rss_kb / 102.4) / 10;
  j["cpu_min_ms"] = std::round(p.cpu_seconds_min * 1e5) / 100;
  return j;
}

}  // namespace

Result<nlohmann::json> BenchBuild(const BenchContext& ctx) {
  const HarnessOptions& o = ctx.options;
  std::string out = o.work_dir + "/build-out";
  Result<ProcessSamples> cli = RunRepeated(
      {o.cocoplane, "build", ctx.repo, "-o", out, "--sealing-key", ctx.sealing_key_file},
      o.cli_build_repeats, o.work_dir);
  if (!cli.ok()) return cli.status();

  std::string blob = o.work_dir + "/build-output.bin";
  size_t files = 0;
  Result<size_t> bytes = Concatenate(out, blob, &files);
  if (!bytes.ok()) return bytes.status();
  Result<ProcessSamples> sha = RunRepeated({"sha384sum", blob}, o.repeats, o.work_dir);
  if (!sha.ok()) return sha.status();
  Result<ProcessSamples> gzip = RunRepeated({"gzip", "-c", blob}, o.repeats, o.work_dir);
  if (!gzip.ok()) return gzip.status();

  Snapshot snapshot;
  Samples read = Time(o.repeats, [&] {
    Result<Snapshot> s = source::ReadDirectory(ctx.repo);
    if (s.ok()) snapshot = std::move(*s);
  });
  if (snapshot.files.empty()) return Status::Io("cannot read " + ctx.repo);
  Status failed;
  size_t artifacts = 0;
  Samples compile = Time(o.repeats, [&] {
    Result<compile::Compilation> c = CompileClean(snapshot, ctx.compile_options);
    if (!c.ok()) failed = c.status();
    else artifacts = c->bundle.artifacts.size();
  });
  if (!failed.ok()) return failed;

  double floor = sha->wall.Min() + gzip->wall.Min();
  // What the compiler itself costs: read the tree, compile (no writing).
  double in_process = read.Min() + compile.Min();
  nlohmann::json in_process_json = {
      {"min_ms", std::round(in_process * 1e5) / 100},
      {"cpu_min_ms", read.ToJson()["cpu_min_ms"].get<double>() +
                         compile.ToJson()["cpu_min_ms"].get<double>()}};
  return nlohmann::json{
      {"cli", ProcessJson(*cli)},
      {"read_worktree", read.ToJson()},
      {"compile", compile.ToJson()},
      {"repository_files", snapshot.files.size()},
      {"artifacts", artifacts},
      {"output_files", files},
      {"output_bytes", *bytes},
      {"sha384sum", ProcessJson(*sha)},
      {"gzip", ProcessJson(*gzip)},
      {"floor_ms", std::round(floor * 1e5) / 100},
      {"ratio_to_floor", std::round(cli->wall.Min() / floor * 100) / 100},
      {"in_process", in_process_json},
      {"in_process_ratio_to_floor", std::round(in_process / floor * 100) / 100}};
}

}  // namespace cocoplane::bench
