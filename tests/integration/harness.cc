#include "harness.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "crypto/digest.h"
#include "server/http_client.h"
#include "source/git_test_util.h"

namespace cocoplane::integration {
namespace {

namespace stdfs = std::filesystem;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Url(int port, const std::string& path) {
  return "http://127.0.0.1:" + std::to_string(port) + path;
}

}  // namespace

bool WaitFor(const std::function<bool()>& done, double seconds) {
  auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return done();
}

std::string Binary() {
  const char* env = std::getenv("COCOPLANE_BINARY");
  return env && *env ? env : COCOPLANE_BINARY;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv,
                           const std::map<std::string, std::string>& env,
                           const std::string& log_dir) {
  static int counter = 0;
  std::string base =
      log_dir + "/proc-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
  out_path_ = base + ".out";
  err_path_ = base + ".err";
  // Everything the child needs is built before fork(): the test process has
  // threads, so the child may only make async-signal-safe calls.
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry = *e;
    if (!env.count(entry.substr(0, entry.find('=')))) env_strings.push_back(entry);
  }
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp, args;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  if (argv_copy[0].find('/') == std::string::npos) {
    // execve does not search PATH: resolve it here.
    std::string path = cocoplane::testing::MustRun("/", "command -v " + argv_copy[0]);
    if (!path.empty()) argv_copy[0] = path;
  }
  for (auto& a : argv_copy) args.push_back(a.data());
  args.push_back(nullptr);
  const char* out_path = out_path_.c_str();
  const char* err_path = err_path_.c_str();
  pid_ = fork();
  if (pid_ != 0) return;
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  int in = open("/dev/null", O_RDONLY);
  int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  dup2(in, 0);
  dup2(out, 1);
  dup2(err, 2);
  execve(args[0], args.data(), envp.data());
  _exit(127);
}

ChildProcess::~ChildProcess() { Kill(); }

bool ChildProcess::Reap(double seconds) {
  if (pid_ <= 0) return true;
  return WaitFor(
      [this] {
        pid_t r = waitpid(pid_, &status_, WNOHANG);
        if (r == pid_ || r < 0) {
          pid_ = -1;
          return true;
        }
        return false;
      },
      seconds);
}

bool ChildProcess::Running() { return pid_ > 0 && !Reap(0); }

void ChildProcess::Signal(int sig) {
  if (pid_ > 0) kill(pid_, sig);
}

int ChildProcess::Terminate(double seconds) {
  if (pid_ <= 0) return WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
  kill(pid_, SIGTERM);
  if (!Reap(seconds)) {
    Kill();
    return -1;
  }
  return WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
}

void ChildProcess::Kill() {
  if (pid_ <= 0) return;
  kill(-pid_, SIGKILL);
  kill(pid_, SIGKILL);
  Reap(10);
}

std::string ChildProcess::Stdout() const { return Slurp(out_path_); }
std::string ChildProcess::Stderr() const { return Slurp(err_path_); }

std::unique_ptr<ChildProcess> StartCocoplane(const std::vector<std::string>& args,
                                             const std::map<std::string, std::string>& env,
                                             const std::string& log_dir) {
  std::vector<std::string> argv{Binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return std::make_unique<ChildProcess>(argv, env, log_dir);
}

CliResult RunCocoplane(const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env, double timeout) {
  cocoplane::testing::TempDir logs;
  CliResult result;
  {
    auto p = StartCocoplane(args, env, logs.path());
    p->Running();
    WaitFor([&] { return !p->Running(); }, timeout);
    result.exit_code = p->Terminate(0.1);
    result.out = p->Stdout();
    result.err = p->Stderr();
  }
  return result;
}

Reply HttpGet(int port, const std::string& path) {
  auto r = cocoplane::testing::Get(Url(port, path));
  return {r.status, r.body};
}

Reply HttpPost(int port, const std::string& path, const std::vector<std::string>& headers,
               const std::string& body) {
  auto r = cocoplane::testing::Send({"POST", Url(port, path), headers, body});
  return {r.status, r.body};
}

nlohmann::json StatusOf(int port) {
  Reply r = HttpGet(port, "/api/v1/status");
  if (r.status != 200) return nullptr;
  return nlohmann::json::parse(r.body, nullptr, false);
}

double MetricSum(int port, const std::string& name) {
  std::istringstream lines(HttpGet(port, "/metrics").body);
  double sum = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(name, 0) != 0 || line.size() <= name.size()) continue;
    char next = line[name.size()];
    if (next != '{' && next != ' ') continue;
    sum += std::strtod(line.substr(line.rfind(' ') + 1).c_str(), nullptr);
  }
  return sum;
}

std::map<std::string, std::string> HashTree(const std::string& dir) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  for (stdfs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    out[stdfs::relative(it->path(), dir).string()] = crypto::Sha256Hex(Slurp(it->path().string()));
  }
  return out;
}

bool Alertmanager::Installed() {
  return cocoplane::testing::HaveProgram("prometheus-alertmanager") ||
         cocoplane::testing::HaveProgram("alertmanager");
}

Alertmanager::Alertmanager(const std::string& dir) {
  std::string program = cocoplane::testing::HaveProgram("prometheus-alertmanager")
                            ? "prometheus-alertmanager"
                            : "alertmanager";
  if (!cocoplane::testing::HaveProgram(program)) return;
  cocoplane::testing::WriteFile(dir + "/alertmanager.yml",
                                "route:\n  receiver: 'null'\n  group_wait: 1s\n"
                                "receivers:\n  - name: 'null'\n");
  for (int attempt = 0; attempt < 5 && !ok_; ++attempt) {
    port_ = cocoplane::testing::FreeLoopbackPort();
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{program, "--config.file=" + dir + "/alertmanager.yml",
                                 "--storage.path=" + dir + "/am-data",
                                 "--web.listen-address=127.0.0.1:" + std::to_string(port_),
                                 "--cluster.listen-address="},
        std::map<std::string, std::string>{}, dir);
    ok_ = WaitFor([this] { return HttpGet(port_, "/-/ready").status == 200; }, 20);
    if (!ok_) process_->Kill();
  }
}

Alertmanager::~Alertmanager() {
  if (process_) process_->Terminate(10);
}

std::string Alertmanager::Url() const { return "http://127.0.0.1:" + std::to_string(port_); }

nlohmann::json Alertmanager::Alerts() const {
  Reply r = HttpGet(port_, "/api/v2/alerts");
  if (r.status != 200) return nlohmann::json::array();
  return nlohmann::json::parse(r.body, nullptr, false);
}

bool Prometheus::Installed() { return cocoplane::testing::HaveProgram("prometheus"); }

Prometheus::Prometheus(const std::string& dir, int target_port) {
  if (!Installed()) return;
  stdfs::create_directories(dir);
  // scrape_timeout may not exceed scrape_interval.
  cocoplane::testing::WriteFile(dir + "/prometheus.yml",
                                "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                                "scrape_configs:\n  - job_name: cocoplane\n    static_configs:\n"
                                "      - targets: ['127.0.0.1:" +
                                    std::to_string(target_port) + "']\n");
  for (int attempt = 0; attempt < 5 && !ok_; ++attempt) {
    port_ = cocoplane::testing::FreeLoopbackPort();
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"prometheus", "--config.file=" + dir + "/prometheus.yml",
                                 "--storage.tsdb.path=" + dir + "/data",
                                 "--web.listen-address=127.0.0.1:" + std::to_string(port_)},
        std::map<std::string, std::string>{}, dir);
    ok_ = WaitFor([this] { return HttpGet(port_, "/-/ready").status == 200; }, 30);
    if (!ok_) process_->Kill();
  }
}

Prometheus::~Prometheus() {
  if (process_) process_->Terminate(10);
}

nlohmann::json Prometheus::Api(const std::string& path) const {
  Reply r = HttpGet(port_, path);
  nlohmann::json doc = nlohmann::json::parse(r.body, nullptr, false);
  if (r.status != 200 || !doc.is_object() || doc.value("status", "") != "success") return nullptr;
  return doc["data"];
}

nlohmann::json Prometheus::Target() const {
  nlohmann::json data = Api("/api/v1/targets");
  if (!data.is_object() || !data["activeTargets"].is_array() || data["activeTargets"].empty()) {
    return nullptr;
  }
  return data["activeTargets"][0];
}

std::vector<std::string> Prometheus::MetricNames() const {
  nlohmann::json data = Api("/api/v1/label/__name__/values");
  std::vector<std::string> out;
  if (data.is_array()) {
    for (const auto& n : data) out.push_back(n.get<std::string>());
  }
  return out;
}

nlohmann::json Prometheus::Query(const std::string& promql) const {
  nlohmann::json data = Api("/api/v1/query?query=" + promql);
  return data.is_object() ? data["result"] : nlohmann::json(nullptr);
}

WebhookReceiver::WebhookReceiver() {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(listen_fd_, 64) != 0 ||
      getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    return;
  }
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

WebhookReceiver::~WebhookReceiver() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  if (listen_fd_ >= 0) close(listen_fd_);
}

std::string WebhookReceiver::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<WebhookReceiver::Request> WebhookReceiver::Requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

// One request per connection (the response says Connection: close).
void WebhookReceiver::Serve() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    timeval tv{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::string data;
    char buf[8192];
    size_t header_end = std::string::npos;
    bool continued = false;
    Request req;
    size_t want = 0;
    for (;;) {
      if (header_end == std::string::npos) {
        header_end = data.find("\r\n\r\n");
        if (header_end != std::string::npos) {
          req.headers = data.substr(0, header_end);
          std::string lower = req.headers;
          for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          size_t cl = lower.find("content-length:");
          want = cl == std::string::npos ? 0 : std::strtoul(lower.c_str() + cl + 15, nullptr, 10);
          if (lower.find("expect: 100-continue") != std::string::npos && !continued) {
            continued = true;
            static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
            (void)!write(fd, kContinue, sizeof kContinue - 1);
          }
        }
      }
      if (header_end != std::string::npos && data.size() >= header_end + 4 + want) break;
      ssize_t n = read(fd, buf, sizeof buf);
      if (n <= 0) break;
      data.append(buf, static_cast<size_t>(n));
    }
    if (header_end != std::string::npos) {
      std::istringstream first(req.headers);
      first >> req.method >> req.path;
      req.body = data.substr(header_end + 4);
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back(req);
    }
    static constexpr char kOk[] =
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
    (void)!write(fd, kOk, sizeof kOk - 1);
    close(fd);
  }
}

}  // namespace cocoplane::integration
