#include "source/http_git_server.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

namespace cocoplane::testing {
namespace {

// Where Debian puts it; /usr/sbin is not on every user's PATH.
constexpr char kDebianLighttpd[] = "/usr/sbin/lighttpd";

// The lighttpd binary, or "" when it is not installed.
std::string FindLighttpd() {
  if (HaveProgram("lighttpd")) return MustRun("/", "command -v lighttpd");
  if (access(kDebianLighttpd, X_OK) == 0) return kDebianLighttpd;
  return "";
}

// A lighttpd config string literal.
std::string Quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

HttpsGitServer::HttpsGitServer(HttpsGitServerOptions options) : options_(std::move(options)) {
  const std::string lighttpd = FindLighttpd();
  if (lighttpd.empty()) {
    error_ = std::string("lighttpd is not installed (apt-get install ") + kLighttpdPackages + ")";
    return;
  }
  // A port can be taken between FreeLoopbackPort() and the bind: retry,
  // unless lighttpd refused the config (that will not change).
  bool retry = true;
  for (int attempt = 0; attempt < 5 && !ok_ && retry; ++attempt) {
    port_ = FreeLoopbackPort();
    ok_ = Start(lighttpd, &retry);
  }
}

std::string HttpsGitServer::Url(const std::string& repo, const std::string& host) const {
  return "https://" + host + ":" + std::to_string(port_) + "/git/" + repo;
}

std::string HttpsGitServer::WriteConfig() const {
  const std::string& dir = options_.work_dir;
  const std::string backend = MustRun("/", "git --exec-path") + "/git-http-backend";
  MustRun(dir, "mkdir -p www");
  // mod_auth before mod_cgi: lighttpd warns otherwise, as the auth check
  // must run before a dynamic backend answers the request.
  std::string config =
      "server.modules = (\"mod_auth\", \"mod_authn_file\", \"mod_alias\", \"mod_setenv\",\n"
      "                  \"mod_cgi\", \"mod_openssl\", \"mod_accesslog\")\n"
      "server.document-root = " + Quoted(dir + "/www") + "\n" +
      "server.bind = \"127.0.0.1\"\n" +
      "server.port = " + std::to_string(port_) + "\n" +
      "server.errorlog = " + Quoted(dir + "/error.log") + "\n" +
      "accesslog.filename = " + Quoted(dir + "/access.log") + "\n" +
      // git http-backend's stderr (a CGI's stderr goes here).
      "server.breakagelog = " + Quoted(dir + "/cgi.log") + "\n" +
      "ssl.engine = \"enable\"\n" +
      "ssl.pemfile = " + Quoted(options_.server_cert.cert_file) + "\n" +
      "ssl.privkey = " + Quoted(options_.server_cert.key_file) + "\n" +
      // /git/<repo>/info/refs: lighttpd stops at the file git-http-backend
      // and passes the rest as PATH_INFO, which the backend resolves under
      // GIT_PROJECT_ROOT (the layout of git-http-backend(1)'s lighttpd
      // example).
      "alias.url = (\"/git/\" => " + Quoted(backend + "/") + ")\n" +
      "cgi.assign = (\"\" => \"\")\n" +
      // GIT_CONFIG_NOSYSTEM: the backend must not depend on the host's
      // /etc/gitconfig (the test's HOME is already a private directory).
      "setenv.set-environment = (\"GIT_PROJECT_ROOT\" => " + Quoted(options_.project_root) +
      ", \"GIT_HTTP_EXPORT_ALL\" => \"1\", \"GIT_CONFIG_NOSYSTEM\" => \"1\")\n" +
      "auth.backend = \"plain\"\n" +
      "auth.backend.plain.userfile = " + Quoted(options_.users_file) + "\n" +
      "auth.require = (\"/git/\" => (\"method\" => \"basic\", \"realm\" => \"git\",\n" +
      "                              \"require\" => \"valid-user\"))\n";
  const std::string path = dir + "/lighttpd.conf";
  WriteFile(path, config);
  return path;
}

std::string HttpsGitServer::StopAndReadAccessLog() {
  if (process_ != nullptr) process_->Stop();
  return ReadAll(options_.work_dir + "/access.log");
}

bool HttpsGitServer::Start(const std::string& lighttpd, bool* retry) {
  const std::string config = WriteConfig();
  // -tt loads every module, so a missing lighttpd-mod-openssl shows here
  // with lighttpd's own words rather than as a server that never listens.
  CommandResult check = Run("/", ShellQuote(lighttpd) + " -tt -f " + ShellQuote(config));
  if (check.exit_code != 0) {
    error_ = std::string("lighttpd rejects its config (are ") + kLighttpdPackages +
             " installed?): " + check.output;
    *retry = false;
    return false;
  }
  process_ = std::make_unique<ServerProcess>(std::vector<std::string>{lighttpd, "-D", "-f", config});
  if (process_->pid() > 0 && process_->WaitForPort(port_)) return true;
  process_->Stop();
  error_ = "lighttpd did not start on port " + std::to_string(port_) + ": " +
           ReadAll(options_.work_dir + "/error.log");
  return false;
}

}  // namespace cocoplane::testing
