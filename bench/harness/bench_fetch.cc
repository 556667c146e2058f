// Fetch: the git CLI against cocoplane's libgit2 fetch (source::GitSource)
// of the same commits from the same upstream. The upstream is a clone of
// the benchmark repository (so the repository itself never changes); each
// round adds one one-workload commit to it (generator.h AppendEditCommit)
// and times both fetchers bringing it into their own bare mirror. Also
// timed: the initial mirror of the whole repository, and a fetch when
// nothing changed (what every poll costs).
//
// Both use the same file:// URL: git runs upload-pack over a pipe, libgit2
// its local transport. Network transports are not measured here.
#include <cmath>
#include <filesystem>

#include "bench/gen/generator.h"
#include "bench/harness/harness.h"
#include "bench/harness/measure.h"
#include "source/git_source.h"

namespace cocoplane::bench {
namespace {

namespace stdfs = std::filesystem;

// Runs git; `seconds` (optional) gets its wall time and `cpu` its CPU time.
Status Git(const std::vector<std::string>& args, const std::string& scratch, double* seconds,
           double* cpu = nullptr) {
  std::vector<std::string> argv = {"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  Result<ProcessRun> run = RunProcess(argv, "/dev/null", scratch + "/git-stderr.txt");
  if (!run.ok()) return run.status();
  if (run->exit_code != 0) {
    return Status::Internal("git " + args[0] + " exited " + std::to_string(run->exit_code) +
                            "; see " + scratch + "/git-stderr.txt");
  }
  if (seconds) *seconds = run->wall_seconds;
  if (cpu) *cpu = run->cpu_seconds;
  return Status::Ok();
}

struct Fetchers {
  std::string cli_mirror;
  std::unique_ptr<source::GitSource> libgit2;
};

// Times one fetch by each; `expected` is the commit both must end up with.
Status FetchBoth(Fetchers& f, const std::string& scratch, const std::string& expected,
                 Samples& cli, Samples& lg2) {
  double seconds = 0, cpu_seconds = 0;
  if (Status s = Git({"-C", f.cli_mirror, "fetch", "--quiet", "origin"}, scratch, &seconds,
                     &cpu_seconds);
      !s.ok()) {
    return s;
  }
  cli.seconds.push_back(seconds);
  cli.cpu_seconds.push_back(cpu_seconds);
  if (Status s = Git({"-C", f.cli_mirror, "cat-file", "-e", expected + "^{commit}"}, scratch, nullptr);
      !s.ok()) {
    return Status::Internal("the git CLI mirror lacks " + expected);
  }
  double start = Now();
  double cpu = ProcessCpu();
  Result<source::FetchResult> r = f.libgit2->Fetch();
  lg2.seconds.push_back(Now() - start);
  lg2.cpu_seconds.push_back(ProcessCpu() - cpu);
  if (!r.ok()) return r.status();
  if (r->commit != expected) return Status::Internal("libgit2 fetched " + r->commit + ", not " + expected);
  return Status::Ok();
}

double Ratio(const Samples& a, const Samples& b) {
  return b.Min() > 0 ? std::round(a.Min() / b.Min() * 100) / 100 : 0;
}

}  // namespace

Result<nlohmann::json> BenchFetch(const BenchContext& ctx) {
  const HarnessOptions& o = ctx.options;
  std::string dir = o.work_dir + "/fetch";
  std::error_code ec;
  stdfs::remove_all(dir, ec);
  stdfs::create_directories(dir, ec);
  std::string upstream = dir + "/upstream";
  if (Status s = Git({"clone", "--quiet", ctx.repo, upstream}, dir, nullptr); !s.ok()) return s;
  std::string url = "file://" + stdfs::absolute(upstream).lexically_normal().string();

  Fetchers f;
  f.cli_mirror = dir + "/cli.git";
  double clone_cli = 0;
  if (Status s = Git({"clone", "--quiet", "--mirror", url, f.cli_mirror}, dir, &clone_cli); !s.ok()) {
    return s;
  }
  source::GitSourceConfig config;
  config.url = url;
  config.ref = {source::GitRef::Kind::kBranch, "main"};
  config.cache_dir = dir + "/libgit2.git";
  double start = Now();
  Result<std::unique_ptr<source::GitSource>> src = source::GitSource::Open(config);
  if (!src.ok()) return src.status();
  f.libgit2 = std::move(*src);
  Result<source::FetchResult> first = f.libgit2->Fetch();
  double clone_lg2 = Now() - start;
  if (!first.ok()) return first.status();

  Samples cli, lg2, cli_noop, lg2_noop;
  for (int k = 0; k < o.fetch_rounds; ++k) {
    Result<std::string> id = AppendEditCommit(o.shape, upstream, o.shape.commits + k);
    if (!id.ok()) return id.status();
    if (Status s = FetchBoth(f, dir, *id, cli, lg2); !s.ok()) return s;
    if (Status s = FetchBoth(f, dir, *id, cli_noop, lg2_noop); !s.ok()) return s;
  }
  auto ms = [](double s) { return std::round(s * 1e5) / 100; };
  return nlohmann::json{{"initial_mirror", {{"git_cli_ms", ms(clone_cli)}, {"libgit2_ms", ms(clone_lg2)}}},
                        {"new_commit", {{"git_cli", cli.ToJson()}, {"libgit2", lg2.ToJson()}}},
                        {"no_change", {{"git_cli", cli_noop.ToJson()}, {"libgit2", lg2_noop.ToJson()}}},
                        {"ratio_libgit2_to_cli", Ratio(lg2, cli)},
                        {"ratio_libgit2_to_cli_no_change", Ratio(lg2_noop, cli_noop)}};
}

}  // namespace cocoplane::bench
