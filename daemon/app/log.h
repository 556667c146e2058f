// Logger: the daemon's structured log, one JSON object per line.
//
//   {"ts":"2026-11-27T10:00:00.123Z","level":"info","msg":"reconcile finished",
//    "fields":{"result":"applied","revision":"3f2a..."}}
//
// Lines go to one ostream (stderr in production), each written whole under a
// mutex, so lines from different threads never interleave. Keys come in
// that order, and `fields` in the order given, so a line is deterministic for a
// given clock reading.
//
// What callers may log: revisions, target names, addresses, digests,
// diagnostics, status messages. Never a secret value: no resolved KBS
// resource, no webhook secret, no token. Status messages of the edges are
// written so as not to contain them (see source/ and reconcile/).
//
// Thread-safety: every method may be called from any thread.
#ifndef COCOPLANE_APP_LOG_H_
#define COCOPLANE_APP_LOG_H_

#include <cstdint>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace cocoplane::app {

// Wall-clock seconds since the Unix epoch (the daemon's one clock).
using Clock = std::function<double()>;

// The system wall clock.
Clock SystemClock();

// `seconds` as RFC 3339 UTC: "2026-11-27T10:00:00Z", or with milliseconds
// ("...00.123Z") when `millis`.
std::string Rfc3339(double seconds, bool millis = false);

using LogValue = std::variant<std::string, std::int64_t, double, bool>;
using LogFields = std::vector<std::pair<std::string, LogValue>>;

class Logger {
 public:
  // `out` must outlive the logger.
  Logger(std::ostream* out, Clock clock);

  void Info(std::string_view msg, const LogFields& fields = {});
  void Warn(std::string_view msg, const LogFields& fields = {});
  void Error(std::string_view msg, const LogFields& fields = {});

 private:
  void Write(std::string_view level, std::string_view msg, const LogFields& fields);

  std::ostream* out_;
  Clock clock_;
  std::mutex mu_;
};

}  // namespace cocoplane::app

#endif  // COCOPLANE_APP_LOG_H_
