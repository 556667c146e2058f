// `cocoplane test [DIR]`: run the policy test suites under DIR/tests/
// against the compiled policy (policy-lang/cpl/testing/README.md).
//
//   --output text|json|junit|tap   report format (stdout); diagnostics go to stderr
//   --coverage                     list the rules no case decided
//   --min-coverage PCT             fail when fewer rules than PCT% decided a case
//   --engine PATH                  also ask an `opa` or `regorus` binary, on the
//                                  generated Rego, every release and agent case
//   --sealing-key FILE             as `build`; without it a stand-in key signs
//                                  (sealed secrets never enter a decision)
//
// Exit 0 every case passed (and coverage met the minimum), 1 a case failed
// or coverage is below the minimum, 2 errors: the repository does not
// compile, a suite is malformed, or the Rego engine could not answer. Like
// `conftest verify` / `kyverno test` (1 on failures), with 2 kept for
// errors as every cocoplane command does (cli.h).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>

#include "cli/commands.h"
#include "cli/compile_flags.h"
#include "cpl/testing/engine.h"
#include "cpl/testing/load.h"
#include "cpl/testing/render.h"
#include "cpl/testing/runner.h"
#include "gen/trustee/versions.h"

extern char** environ;

namespace cocoplane::cli {
namespace {

namespace stdfs = std::filesystem;
namespace t = cpl::testing;

// An engine call that takes longer than this is killed and reported.
constexpr auto kEngineTimeout = std::chrono::seconds(60);

// Runs `argv` and returns its standard output; standard error goes to
// `stderr_file`. Fails on spawn errors, a non-zero exit or the timeout.
Result<std::string> RunProcess(const std::vector<std::string>& argv,
                               const std::string& stderr_file) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return Status::Io("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_file.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (rc != 0) {
    close(out[0]);
    return Status::Io("cannot run " + argv[0] + ": " + std::strerror(rc));
  }
  std::string text;
  auto deadline = std::chrono::steady_clock::now() + kEngineTimeout;
  bool timed_out = false;
  char buffer[4096];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{out[0], POLLIN, 0};
    int ready = left.count() <= 0 ? 0 : poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      timed_out = true;
      kill(pid, SIGKILL);
      break;
    }
    ssize_t n = read(out[0], buffer, sizeof buffer);
    if (n <= 0) break;
    text.append(buffer, static_cast<size_t>(n));
  }
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (timed_out) return Status::Unavailable(argv[0] + " did not answer within 60 s");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::ifstream err(stderr_file);
    std::string first;
    std::getline(err, first);
    return Status::Unavailable(argv[0] + " failed (status " +
                               std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")" +
                               (first.empty() ? "" : ": " + first));
  }
  return text;
}

// RegoEngine over an `opa` or `regorus` binary: each query becomes files in
// a private temporary directory and one `eval` run.
//   opa:     opa eval --format json -d M.rego [-d data.json] -i input.json QUERY
//   regorus: regorus eval -d M.rego [-d data.json] -i input.json QUERY
// Both print {"result":[{"expressions":[{"value":...}]}]} (ParseEvalOutput).
class ProcessRegoEngine : public t::RegoEngine {
 public:
  static Result<std::unique_ptr<ProcessRegoEngine>> Create(const std::string& binary) {
    std::string pattern = (stdfs::temp_directory_path() / "cocoplane-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
      return Status::Io("cannot create a temporary directory");
    return std::unique_ptr<ProcessRegoEngine>(new ProcessRegoEngine(binary, pattern));
  }
  ~ProcessRegoEngine() override {
    std::error_code ec;
    stdfs::remove_all(dir_, ec);
  }

  Result<bool> Evaluate(const t::EngineQuery& q) override {
    std::string module = dir_ + "/" + q.module_name + ".rego";
    if (written_.insert(q.module_name).second && !Write(module, *q.module))
      return Status::Io("cannot write " + module);
    std::vector<std::string> argv = {binary_, "eval"};
    if (!regorus_) argv.insert(argv.end(), {"--format", "json"});
    argv.insert(argv.end(), {"-d", module});
    if (q.data) {
      if (!Write(dir_ + "/data.json", q.data->dump())) return Status::Io("cannot write data.json");
      argv.insert(argv.end(), {"-d", dir_ + "/data.json"});
    }
    if (!Write(dir_ + "/input.json", q.input->dump())) return Status::Io("cannot write input.json");
    argv.insert(argv.end(), {"-i", dir_ + "/input.json", q.query});
    Result<std::string> out = RunProcess(argv, dir_ + "/stderr.txt");
    if (!out.ok()) return out.status();
    return t::ParseEvalOutput(*out);
  }

 private:
  ProcessRegoEngine(std::string binary, std::string dir)
      : binary_(std::move(binary)),
        regorus_(stdfs::path(binary_).filename().string().find("regorus") != std::string::npos),
        dir_(std::move(dir)) {}

  static bool Write(const std::string& path, std::string_view bytes) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << bytes;
    return static_cast<bool>(f);
  }

  std::string binary_;
  bool regorus_;
  std::string dir_;
  std::set<std::string> written_;
};

// PATH as given when it names a file, else looked up in $PATH; "" when
// there is no such executable.
std::string FindEngine(const std::string& path) {
  std::error_code ec;
  if (path.find('/') != std::string::npos) return stdfs::exists(path, ec) ? path : "";
  const char* search = std::getenv("PATH");
  std::string dirs = search ? search : "";
  for (size_t start = 0; start <= dirs.size();) {
    size_t colon = std::min(dirs.find(':', start), dirs.size());
    stdfs::path candidate = stdfs::path(dirs.substr(start, colon - start)) / path;
    if (colon > start && access(candidate.c_str(), X_OK) == 0) return candidate.string();
    start = colon + 1;
  }
  return "";
}

struct TestFlags {
  std::string dir = ".";
  std::string output = "text";
  bool coverage = false;
  double min_coverage = -1;
  std::string engine;
  bool verbose = false;
  CompileFlags compile;
};

t::ReportOptions ReportOptionsFor(const TestFlags& flags, bool color) {
  t::ReportOptions o;
  o.coverage = flags.coverage;
  if (flags.min_coverage >= 0) o.min_coverage = flags.min_coverage;
  o.verbose = flags.verbose;
  o.color = color && flags.output == "text";
  return o;
}

std::string Render(const t::RunReport& report, const std::string& output,
                   const t::ReportOptions& o) {
  if (output == "json") return t::RenderJson(report, o);
  if (output == "junit") return t::RenderJunit(report, o);
  if (output == "tap") return t::RenderTap(report, o);
  return t::RenderText(report, o);
}

// Cross-checks with the engine if there is one; false after an error.
bool MaybeCrossCheck(CliIo& io, const TestFlags& flags, const t::Runner& runner,
                     const std::vector<t::PreparedCase>& cases, t::RunReport& report) {
  if (flags.engine.empty()) return true;
  std::string binary = FindEngine(flags.engine);
  if (binary.empty()) {
    io.err << "cocoplane: --engine " << flags.engine
           << " does not exist; skipping the Rego engine cross-check\n";
    return true;
  }
  auto engine = ProcessRegoEngine::Create(binary);
  if (!engine.ok()) {
    io.err << "cocoplane: " << engine.status().message() << "\n";
    return false;
  }
  t::CrossCheck(runner, cases, **engine, report);
  return true;
}

int RunTest(CliIo& io, const TestFlags& flags) {
  std::error_code ec;
  std::string root = stdfs::absolute(flags.dir, ec).lexically_normal().string();
  Result<Snapshot> snap = LoadSnapshot(ec ? flags.dir : root, "");
  Result<compile::CompileOptions> options = LoadCompileOptions(flags.compile, /*stand_in=*/true);
  if (!snap.ok() || !options.ok()) {
    io.err << "cocoplane: " << (snap.ok() ? options.status() : snap.status()).message() << "\n";
    return kExitError;
  }
  std::string prefix = flags.dir == "." ? "" : flags.dir + (flags.dir.back() == '/' ? "" : "/");
  // One sink for the compiler and the suites, so they print as one report.
  DiagnosticSink sink;
  std::optional<compile::Compilation> c = compile::Compile(*snap, *options, sink);
  if (!c) {
    PrintDiagnostics(io, sink, &*snap, prefix);
    return kExitError;
  }
  const auto* facts = gen::trustee::FactsFor(c->model.cluster->trustee_version.value);
  auto runner = t::Runner::Create(c->policy, *facts);
  if (!runner.ok()) {
    io.err << "cocoplane: " << runner.status().message() << "\n";
    return kExitError;
  }
  std::vector<t::Suite> suites = t::LoadSuites(*snap, sink);
  std::vector<t::PreparedCase> cases = runner->Prepare(suites, sink);
  if (!sink.empty()) PrintDiagnostics(io, sink, &*snap, prefix);
  if (sink.has_errors()) return kExitError;
  t::RunReport report = runner->Run(suites, cases);
  bool engine_ok = MaybeCrossCheck(io, flags, *runner, cases, report);
  t::ReportOptions o = ReportOptionsFor(flags, io.color);
  io.out << Render(report, flags.output, o);
  if (!engine_ok || report.count(t::Verdict::kError) > 0) return kExitError;
  return t::Succeeded(report, o) ? kExitOk : kExitFound;
}

}  // namespace

void AddTestCommand(CLI::App& app, CliIo& io, int* exit_code) {
  auto* cmd = app.add_subcommand("test", "Run the policy test suites under tests/");
  auto flags = std::make_shared<TestFlags>();
  cmd->add_option("dir", flags->dir, "Repository directory")->capture_default_str();
  cmd->add_option("-o,--output", flags->output, "Report format: text, json, junit or tap")
      ->check(CLI::IsMember({"text", "json", "junit", "tap"}))
      ->capture_default_str();
  cmd->add_flag("--coverage", flags->coverage, "List the rules no case decided");
  cmd->add_option("--min-coverage", flags->min_coverage, "Fail below this coverage (percent)")
      ->check(CLI::Range(0.0, 100.0));
  cmd->add_option("--engine", flags->engine,
                  "opa or regorus binary to cross-check the generated Rego");
  cmd->add_flag("-v,--verbose", flags->verbose, "Text output: list passing cases too");
  AddCompileFlags(cmd, &flags->compile);
  cmd->callback([&io, exit_code, flags] { *exit_code = RunTest(io, *flags); });
}

}  // namespace cocoplane::cli
