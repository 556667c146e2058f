#include "base/location.h"

namespace cocoplane {

std::string Location::ToString() const {
  if (!has_position()) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

}  // namespace cocoplane
