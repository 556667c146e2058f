#include "app/self_heal.h"

#include <algorithm>

namespace cocoplane::app {

double SelfHealBackoff::DelayFor(int attempts) {
  if (attempts <= 0) return 0;
  double delay = kFirstDelay;
  for (int i = 1; i < attempts && delay < kCap; ++i) delay *= kFactor;
  return std::min(delay, kCap);
}

double SelfHealBackoff::NextAt(double now) {
  if (attempts_ > 0 && now - last_attempt_ >= kCooldown) attempts_ = 0;
  if (attempts_ == 0) return now;
  return std::max(now, last_attempt_ + DelayFor(attempts_));
}

void SelfHealBackoff::Attempted(double now) {
  if (attempts_ > 0 && now - last_attempt_ >= kCooldown) attempts_ = 0;
  ++attempts_;
  last_attempt_ = now;
}

}  // namespace cocoplane::app
