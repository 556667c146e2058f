#include "app/log.h"

#include <chrono>
#include <cmath>
#include <ctime>
#include <nlohmann/json.hpp>

namespace cocoplane::app {

Clock SystemClock() {
  return [] {
    auto now = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration<double>(now).count();
  };
}

std::string Rfc3339(double seconds, bool millis) {
  double whole = std::floor(seconds);
  std::time_t t = static_cast<std::time_t>(whole);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out = buf;
  if (millis) {
    int ms = static_cast<int>((seconds - whole) * 1000);
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%03d", ms < 0 ? 0 : (ms > 999 ? 999 : ms));
    out += frac;
  }
  return out + "Z";
}

Logger::Logger(std::ostream* out, Clock clock) : out_(out), clock_(std::move(clock)) {}

void Logger::Info(std::string_view msg, const LogFields& fields) { Write("info", msg, fields); }
void Logger::Warn(std::string_view msg, const LogFields& fields) { Write("warn", msg, fields); }
void Logger::Error(std::string_view msg, const LogFields& fields) { Write("error", msg, fields); }

void Logger::Write(std::string_view level, std::string_view msg, const LogFields& fields) {
  // ts, level, msg, fields in that order: easier to read in a terminal.
  nlohmann::ordered_json line;
  line["ts"] = Rfc3339(clock_(), true);
  line["level"] = level;
  line["msg"] = msg;
  nlohmann::ordered_json f = nlohmann::ordered_json::object();
  for (const auto& [key, value] : fields) {
    std::visit([&f, &key](const auto& v) { f[key] = v; }, value);
  }
  line["fields"] = std::move(f);
  // Invalid UTF-8 in a field (a path from a hand-edited target) must not
  // throw out of the logger: replace it instead.
  std::string text = line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  std::lock_guard<std::mutex> lock(mu_);
  *out_ << text << '\n';
  out_->flush();
}

}  // namespace cocoplane::app
