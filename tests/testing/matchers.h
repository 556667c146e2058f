// Shared test helpers: status assertions and diagnostic look-ups.
#ifndef COCOPLANE_TESTING_MATCHERS_H_
#define COCOPLANE_TESTING_MATCHERS_H_

#include <gtest/gtest.h>

#include <string>

#include "base/diagnostic.h"
#include "base/status.h"

#define ASSERT_OK(expr)                                        \
  do {                                                         \
    const auto _st = (expr);                                   \
    ASSERT_TRUE(_st.ok()) << #expr << ": " << _st.ToString();  \
  } while (0)

#define EXPECT_OK(expr)                                        \
  do {                                                         \
    const auto _st = (expr);                                   \
    EXPECT_TRUE(_st.ok()) << #expr << ": " << _st.ToString();  \
  } while (0)

namespace cocoplane::testing {

// "CP1001 file:3:7 message" per line; for failure messages.
inline std::string Describe(const DiagnosticSink& sink) {
  std::string out;
  for (const auto& d : sink.diagnostics()) {
    out += std::string(d.id()) + " " + d.location.ToString() + " " + d.message + "\n";
  }
  return out;
}

// True if `sink` holds a diagnostic with this ID at file:line:col
// (line/col 0 = don't care).
inline bool HasDiagnostic(const DiagnosticSink& sink, std::string_view id,
                          const std::string& file, unsigned line = 0, unsigned col = 0) {
  for (const auto& d : sink.diagnostics()) {
    if (d.id() != id || d.location.file != file) continue;
    if (line && d.location.line != line) continue;
    if (col && d.location.column != col) continue;
    return true;
  }
  return false;
}

}  // namespace cocoplane::testing

#endif  // COCOPLANE_TESTING_MATCHERS_H_
