#include "server/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace cocoplane::testing {
namespace {

size_t AppendBody(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

size_t AppendHeader(char* data, size_t size, size_t count, void* out) {
  std::string line(data, size * count);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    value.erase(value.find_last_not_of("\r\n ") + 1);
    (*static_cast<std::map<std::string, std::string>*>(out))[name] = value;
  }
  return size * count;
}

// One request on an easy handle (which may be reused for the next one, and
// then reuses its connection); owns the header list and the reply.
class Transfer {
 public:
  Transfer(CURL* handle, const HttpCall& call) : handle_(handle) {
    for (const std::string& h : call.headers) headers_ = curl_slist_append(headers_, h.c_str());
    curl_easy_reset(handle_);
    curl_easy_setopt(handle_, CURLOPT_URL, call.url.c_str());
    curl_easy_setopt(handle_, CURLOPT_CUSTOMREQUEST, call.method.c_str());
    if (call.method == "POST") {
      curl_easy_setopt(handle_, CURLOPT_POSTFIELDS, call.body.data());
      curl_easy_setopt(handle_, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(call.body.size()));
    }
    curl_easy_setopt(handle_, CURLOPT_HTTPHEADER, headers_);
    curl_easy_setopt(handle_, CURLOPT_WRITEFUNCTION, AppendBody);
    curl_easy_setopt(handle_, CURLOPT_WRITEDATA, &reply_.body);
    curl_easy_setopt(handle_, CURLOPT_HEADERFUNCTION, AppendHeader);
    curl_easy_setopt(handle_, CURLOPT_HEADERDATA, &reply_.headers);
    curl_easy_setopt(handle_, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(handle_, CURLOPT_NOPROXY, "*");
  }
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;
  ~Transfer() { curl_slist_free_all(headers_); }

  CURL* handle() const { return handle_; }

  HttpReply Finish(CURLcode code) {
    if (code != CURLE_OK) {
      reply_.error = curl_easy_strerror(code);
      return reply_;
    }
    curl_easy_getinfo(handle_, CURLINFO_RESPONSE_CODE, &reply_.status);
    curl_easy_getinfo(handle_, CURLINFO_NUM_CONNECTS, &reply_.new_connections);
    return reply_;
  }

 private:
  CURL* handle_;
  curl_slist* headers_ = nullptr;
  HttpReply reply_;
};

// Below the server's default connection cap (64); further requests queue in
// curl and reuse these connections.
constexpr long kMaxConcurrentConnections = 16;

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;

}  // namespace

HttpReply Send(const HttpCall& call) {
  Easy easy(curl_easy_init());
  Transfer transfer(easy.get(), call);
  return transfer.Finish(curl_easy_perform(easy.get()));
}

std::vector<HttpReply> SendOnOneHandle(const std::vector<HttpCall>& calls) {
  Easy easy(curl_easy_init());
  std::vector<HttpReply> replies;
  for (const HttpCall& call : calls) {
    Transfer transfer(easy.get(), call);
    replies.push_back(transfer.Finish(curl_easy_perform(easy.get())));
  }
  return replies;
}

std::vector<HttpReply> SendConcurrently(const std::vector<HttpCall>& calls) {
  CURLM* multi = curl_multi_init();
  curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, kMaxConcurrentConnections);
  std::vector<Easy> handles;
  std::vector<std::unique_ptr<Transfer>> transfers;
  std::vector<HttpReply> replies(calls.size());
  for (const HttpCall& call : calls) {
    handles.emplace_back(curl_easy_init());
    transfers.push_back(std::make_unique<Transfer>(handles.back().get(), call));
    curl_multi_add_handle(multi, handles.back().get());
  }
  int running = 1;
  while (running > 0) {
    curl_multi_perform(multi, &running);
    if (running > 0) curl_multi_poll(multi, nullptr, 0, 100, nullptr);
  }
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
    if (message->msg != CURLMSG_DONE) continue;
    for (size_t i = 0; i < transfers.size(); ++i) {
      if (transfers[i]->handle() == message->easy_handle) {
        replies[i] = transfers[i]->Finish(message->data.result);
      }
    }
  }
  for (const Easy& handle : handles) curl_multi_remove_handle(multi, handle.get());
  curl_multi_cleanup(multi);
  return replies;
}

}  // namespace cocoplane::testing
