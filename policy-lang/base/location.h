// Location: where in the desired-state repository something came from.
//
// Every diagnostic carries one. Lines and columns are 1-based and count
// bytes (not code points), which is what every parser we use reports.
// A Location with line 0 names a whole file (e.g. "file is empty").
#ifndef COCOPLANE_BASE_LOCATION_H_
#define COCOPLANE_BASE_LOCATION_H_

#include <cstdint>
#include <string>

namespace cocoplane {

struct Location {
  // Repository-relative path with '/' separators, e.g. "workloads/pay.yaml".
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
  // Length in bytes of the offending range on `line`; 0 or 1 draws one caret.
  uint32_t length = 0;

  bool has_position() const { return line > 0; }
  // "file:line:col", or "file" when there is no position.
  std::string ToString() const;

  friend bool operator==(const Location&, const Location&) = default;
};

}  // namespace cocoplane

#endif  // COCOPLANE_BASE_LOCATION_H_
