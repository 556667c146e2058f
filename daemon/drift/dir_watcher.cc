#include "drift/dir_watcher.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace cocoplane::drift {

DirWatcher::DirWatcher(std::function<void()> on_change, int debounce_ms)
    : on_change_(std::move(on_change)), debounce_ms_(debounce_ms) {}

DirWatcher::~DirWatcher() { Stop(); }

Status DirWatcher::Start() {
  inotify_fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_fd_ < 0) return Status::Unavailable(std::string("inotify: ") + std::strerror(errno));
  if (pipe2(wake_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) {
    return Status::Internal(std::string("pipe: ") + std::strerror(errno));
  }
  thread_ = std::thread([this] { Loop(); });
  return Status::Ok();
}

Status DirWatcher::Watch(const std::vector<std::string>& dirs) {
  std::lock_guard<std::mutex> lock(mu_);
  for (int wd : watches_) inotify_rm_watch(inotify_fd_, wd);
  watches_.clear();
  constexpr uint32_t kMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE |
                             IN_CREATE | IN_ATTRIB | IN_MODIFY;
  for (const auto& d : dirs) {
    int wd = inotify_add_watch(inotify_fd_, d.c_str(), kMask);
    if (wd >= 0) watches_.insert(wd);
  }
  return Status::Ok();
}

void DirWatcher::Stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;
  char c = 1;
  (void)!write(wake_pipe_[1], &c, 1);
  thread_.join();
  close(inotify_fd_);
  close(wake_pipe_[0]);
  close(wake_pipe_[1]);
}

void DirWatcher::Loop() {
  alignas(inotify_event) char buf[64 * 1024];
  while (!stopping_) {
    pollfd fds[2] = {{inotify_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    if (poll(fds, 2, -1) < 0 && errno != EINTR) return;
    if (stopping_) return;
    if (!(fds[0].revents & POLLIN)) continue;
    // Drain this burst, wait out the debounce window, drain again, then call
    // back once for all of it.
    while (read(inotify_fd_, buf, sizeof buf) > 0) {
    }
    pollfd wake = {wake_pipe_[0], POLLIN, 0};
    poll(&wake, 1, debounce_ms_);
    if (stopping_) return;
    while (read(inotify_fd_, buf, sizeof buf) > 0) {
    }
    on_change_();
  }
}

}  // namespace cocoplane::drift
