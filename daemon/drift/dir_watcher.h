// DirWatcher: calls back when anything changes in a set of directories
// (Linux inotify), so drift on a local target is seen within a second instead
// of at the next periodic check.
//
// The callback runs on the watcher's own thread, at most once per `debounce`
// interval however many events arrive (1,000 files edited at once give one or
// two callbacks, not 1,000). It must be cheap — typically it just requests a
// drift check. Watch() replaces the watched set; Stop() joins the thread.
#ifndef COCOPLANE_DRIFT_DIR_WATCHER_H_
#define COCOPLANE_DRIFT_DIR_WATCHER_H_

#include <atomic>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/status.h"

namespace cocoplane::drift {

class DirWatcher {
 public:
  explicit DirWatcher(std::function<void()> on_change, int debounce_ms = 100);
  ~DirWatcher();
  DirWatcher(const DirWatcher&) = delete;
  DirWatcher& operator=(const DirWatcher&) = delete;

  // Starts the thread. Fails when inotify is unavailable.
  Status Start();
  // Watches exactly these directories (missing ones are skipped and retried
  // on the next Watch()).
  Status Watch(const std::vector<std::string>& dirs);
  void Stop();

 private:
  void Loop();

  std::function<void()> on_change_;
  int debounce_ms_;
  int inotify_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  std::mutex mu_;
  std::set<int> watches_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
};

}  // namespace cocoplane::drift

#endif  // COCOPLANE_DRIFT_DIR_WATCHER_H_
