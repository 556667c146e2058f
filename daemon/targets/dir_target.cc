#include "targets/dir_target.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "fs/atomic_file.h"

namespace cocoplane::targets {
namespace {

namespace stdfs = std::filesystem;

class DirTarget : public Target {
 public:
  // `prefix` is the manifest target prefix this target accepts ("node:snp:"
  // or "kbs:"); the rest of the target string is the address.
  DirTarget(std::string name, std::string prefix, std::string root)
      : name_(std::move(name)), prefix_(std::move(prefix)), root_(std::move(root)) {}

  const std::string& name() const override { return name_; }

  std::optional<std::string> Accepts(std::string_view artifact_target) const override {
    if (artifact_target.substr(0, prefix_.size()) != prefix_) return std::nullopt;
    std::string address(artifact_target.substr(prefix_.size()));
    if (!SafeAddress(address)) return std::nullopt;
    return address;
  }

  Result<std::string> Read(const std::string& address) const override {
    return fs::ReadFile(PathOf(address));
  }

  Status Put(const std::string& address, std::string_view bytes, bool secret) override {
    if (!SafeAddress(address)) return Status::InvalidArgument("unsafe address " + address);
    return fs::WriteFileAtomic(PathOf(address), bytes, secret ? 0600 : 0644);
  }

  Status Remove(const std::string& address) override {
    if (!SafeAddress(address)) return Status::InvalidArgument("unsafe address " + address);
    return fs::RemoveFile(PathOf(address));
  }

  Result<std::vector<std::string>> List(const std::vector<std::string>& managed) const override {
    std::set<std::string> dirs, out;
    for (const auto& a : managed) dirs.insert(stdfs::path(a).parent_path().generic_string());
    for (const auto& dir : dirs) {
      std::error_code ec;
      stdfs::directory_iterator it(PathOf(dir), ec), end;
      if (ec) continue;
      for (; it != end; it.increment(ec)) {
        if (ec) return Status::Io("cannot list " + PathOf(dir) + ": " + ec.message());
        std::string file = it->path().filename().string();
        if (file.rfind(fs::kTempPrefix, 0) == 0) continue;
        if (!it->is_regular_file(ec)) continue;
        out.insert(dir.empty() || dir == "/" ? dir + file : dir + "/" + file);
      }
    }
    return std::vector<std::string>(out.begin(), out.end());
  }

 private:
  // Addresses are relative to root; "..", empty segments and NUL would let
  // a crafted manifest write outside the root.
  static bool SafeAddress(const std::string& address) {
    if (address.empty() || address.find('\0') != std::string::npos) return false;
    size_t start = address[0] == '/' ? 1 : 0;
    while (start <= address.size()) {
      size_t slash = address.find('/', start);
      std::string seg = address.substr(start, slash == std::string::npos ? std::string::npos
                                                                         : slash - start);
      if (seg.empty() || seg == "." || seg == "..") return false;
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
    return true;
  }

  std::string PathOf(const std::string& address) const {
    return root_ + (address.empty() || address[0] == '/' ? "" : "/") + address;
  }

  std::string name_;
  std::string prefix_;
  std::string root_;
};

}  // namespace

std::unique_ptr<Target> NewNodeTarget(std::string pool, std::string root) {
  return std::make_unique<DirTarget>("node/" + pool, "node:" + pool + ":", std::move(root));
}

std::unique_ptr<Target> NewKbsStorageTarget(std::string dir_path) {
  return std::make_unique<DirTarget>("kbs-storage", "kbs:", std::move(dir_path));
}

}  // namespace cocoplane::targets
