// A real smart-HTTP git server for tests: `git http-backend` run as a CGI
// program by lighttpd on 127.0.0.1, over TLS, behind HTTP basic auth.
//
//   https://localhost:<port>/git/<repo>  ->  <project_root>/<repo>
//
// lighttpd modules: mod_auth + mod_authn_file (plain user file), mod_alias,
// mod_setenv (GIT_PROJECT_ROOT, GIT_HTTP_EXPORT_ALL), mod_cgi, mod_openssl,
// mod_accesslog (so tests can see which requests and users reached it).
// Only fetching is served (git http-backend refuses receive-pack to
// anonymous users, and the tests push on disk).
//
// The server runs in the foreground (`lighttpd -D`) in its own process group
// (ServerProcess), so the destructor also kills the CGI children, and the
// kernel stops it if the test process dies first.
//
// Not thread-safe; each test process runs its tests one after another.
#ifndef COCOPLANE_TESTS_SOURCE_HTTP_GIT_SERVER_H_
#define COCOPLANE_TESTS_SOURCE_HTTP_GIT_SERVER_H_

#include <memory>
#include <string>

#include "source/git_test_util.h"
#include "source/http_test_pki.h"

namespace cocoplane::testing {

// The Debian packages the server needs (named in the error when missing).
inline constexpr char kLighttpdPackages[] = "lighttpd lighttpd-mod-openssl";

struct HttpsGitServerOptions {
  // A directory holding bare repositories (GIT_PROJECT_ROOT).
  std::string project_root;
  // The certificate the server presents, and its key.
  CertAndKey server_cert;
  // lighttpd "plain" user file: one "user:password" per line. Every request
  // needs one of these users.
  std::string users_file;
  // Where the config, document root and error log go (must exist).
  std::string work_dir;
};

class HttpsGitServer {
 public:
  // Writes the config and starts lighttpd on a free port, retrying with
  // another port if that one was taken meanwhile.
  explicit HttpsGitServer(HttpsGitServerOptions options);
  HttpsGitServer(const HttpsGitServer&) = delete;
  HttpsGitServer& operator=(const HttpsGitServer&) = delete;

  // True when lighttpd accepts connections.
  bool ok() const { return ok_; }
  // Why it did not start (names the missing packages, or lighttpd's output
  // and error log).
  const std::string& error() const { return error_; }
  int port() const { return port_; }
  // "https://<host>:<port>/git/<repo>". The server listens on 127.0.0.1
  // only; "localhost" is the default because Debian's libgit2 verifies the
  // name with mbedTLS 2.28, which matches dNSName SANs and the CN but not
  // iPAddress SANs, so an IP host never matches a certificate.
  std::string Url(const std::string& repo, const std::string& host = "localhost") const;

  // Stops the server and returns its access log, one line per request in
  // lighttpd's default format ("<client> <host> <user> [time] \"GET ...").
  // Read after the stop because lighttpd buffers the log until it exits.
  std::string StopAndReadAccessLog();

 private:
  std::string WriteConfig() const;
  // Starts lighttpd on port_; true when it listens. Sets *retry to false
  // when another port would not help.
  bool Start(const std::string& lighttpd, bool* retry);

  HttpsGitServerOptions options_;
  int port_ = 0;
  bool ok_ = false;
  std::string error_;
  std::unique_ptr<ServerProcess> process_;
};

}  // namespace cocoplane::testing

#endif  // COCOPLANE_TESTS_SOURCE_HTTP_GIT_SERVER_H_
