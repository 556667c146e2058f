// HttpClient: the one way the daemon makes outgoing HTTP requests.
//
// An interface so notifiers and targets are tested against fakes or against
// real loopback servers. The libcurl implementation verifies TLS peers and
// host names unless the caller explicitly turns it off (only a Permissive
// profile may), and never logs request bodies or header values.
#ifndef COCOPLANE_HTTP_HTTP_CLIENT_H_
#define COCOPLANE_HTTP_HTTP_CLIENT_H_

#include <map>
#include <memory>
#include <string>

#include "base/status.h"

namespace cocoplane::http {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::map<std::string, std::string> headers;
  std::string body;
  double timeout_seconds = 10;
  // PEM bundle to trust instead of the system store; empty = system store.
  std::string ca_file;
  bool verify_tls = true;
};

struct HttpResponse {
  long status = 0;
  std::string body;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Transport failures are a non-OK Status; any HTTP status is a response.
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

// libcurl-backed client. Thread-compatible: use one per thread.
std::unique_ptr<HttpClient> NewCurlClient();

}  // namespace cocoplane::http

#endif  // COCOPLANE_HTTP_HTTP_CLIENT_H_
