// SelfHealBackoff: when drift mode `correct` may re-apply again.
//
// Modelled on Argo CD's self-heal backoff (gitops-anchors.md §2, "Self-heal
// and retries": --self-heal-backoff-timeout-seconds 2, -factor 3,
// -cap-seconds 300, -cooldown-seconds 330). The first correction of an
// episode runs at once; the next ones wait 2 s, 6 s, 18 s, ... after the
// previous attempt, never more than 300 s. An episode ends when no correction
// was needed for the cooldown (330 s): the next drift corrects at once again.
// So someone (or something) fighting the daemon over a file costs a few
// writes per five minutes, not a hot loop.
//
// Pure: times are passed in (seconds, any monotonic origin).
// Thread-safety: none; the drift monitor guards it.
#ifndef COCOPLANE_APP_SELF_HEAL_H_
#define COCOPLANE_APP_SELF_HEAL_H_

namespace cocoplane::app {

class SelfHealBackoff {
 public:
  static constexpr double kFirstDelay = 2;
  static constexpr double kFactor = 3;
  static constexpr double kCap = 300;
  static constexpr double kCooldown = 330;

  // The wait after the previous attempt when `attempts` were made in this
  // episode: 0 -> 0, 1 -> 2, 2 -> 6, 3 -> 18, ..., capped at kCap.
  static double DelayFor(int attempts);

  // When the next correction may run, for drift seen at `now`: `now` itself
  // at the start of an episode, else the previous attempt plus the delay.
  double NextAt(double now);

  // Records a correction requested at `now`.
  void Attempted(double now);

  int attempts() const { return attempts_; }

 private:
  int attempts_ = 0;
  double last_attempt_ = 0;
};

}  // namespace cocoplane::app

#endif  // COCOPLANE_APP_SELF_HEAL_H_
