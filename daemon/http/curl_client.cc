#include <curl/curl.h>

#include <mutex>

#include "http/http_client.h"

namespace cocoplane::http {
namespace {

size_t Collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

class CurlClient : public HttpClient {
 public:
  CurlClient() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    curl_ = curl_easy_init();
  }
  ~CurlClient() override { curl_easy_cleanup(curl_); }

  Result<HttpResponse> Send(const HttpRequest& req) override {
    if (!curl_) return Status::Internal("curl_easy_init failed");
    curl_easy_reset(curl_);
    HttpResponse resp;
    curl_slist* headers = nullptr;
    for (const auto& [k, v] : req.headers) headers = curl_slist_append(headers, (k + ": " + v).c_str());
    curl_easy_setopt(curl_, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, static_cast<long>(req.timeout_seconds * 1000));
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &resp.body);
    curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYPEER, req.verify_tls ? 1L : 0L);
    curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYHOST, req.verify_tls ? 2L : 0L);
    if (!req.ca_file.empty()) curl_easy_setopt(curl_, CURLOPT_CAINFO, req.ca_file.c_str());
    if (!req.body.empty() || req.method == "POST" || req.method == "PUT") {
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, req.body.data());
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
    }
    CURLcode rc = curl_easy_perform(curl_);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
      // Only the URL and curl's reason: never the body or header values.
      return Status::Unavailable(req.method + " " + req.url + ": " + curl_easy_strerror(rc));
    }
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &resp.status);
    return resp;
  }

 private:
  CURL* curl_ = nullptr;
};

}  // namespace

std::unique_ptr<HttpClient> NewCurlClient() { return std::make_unique<CurlClient>(); }

}  // namespace cocoplane::http
