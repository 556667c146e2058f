// Test-only HTTP client on libcurl: one blocking request per call, plus a
// burst of concurrent POSTs. Failures to talk at all come back as status 0
// with the curl error in `error`.
#ifndef COCOPLANE_TESTS_SERVER_HTTP_CLIENT_H_
#define COCOPLANE_TESTS_SERVER_HTTP_CLIENT_H_

#include <map>
#include <string>
#include <vector>

namespace cocoplane::testing {

struct HttpReply {
  long status = 0;
  std::string body;
  // Lower-case header names.
  std::map<std::string, std::string> headers;
  std::string error;
  // Connections curl opened for this request (0 = it reused one).
  long new_connections = 0;
};

struct HttpCall {
  std::string method = "GET";
  std::string url;
  // "Name: value" lines.
  std::vector<std::string> headers;
  std::string body;
};

HttpReply Send(const HttpCall& call);
inline HttpReply Get(const std::string& url) { return Send({"GET", url, {}, {}}); }

// Sends the calls one after another on one curl handle, which keeps and
// reuses its connection when the server allows keep-alive.
std::vector<HttpReply> SendOnOneHandle(const std::vector<HttpCall>& calls);

// Sends every call at once (curl multi, at most 16 connections, reused) and
// returns the replies in the same order.
std::vector<HttpReply> SendConcurrently(const std::vector<HttpCall>& calls);

}  // namespace cocoplane::testing

#endif  // COCOPLANE_TESTS_SERVER_HTTP_CLIENT_H_
