#include "source/dir_source.h"

#include <filesystem>
#include <fstream>
#include <system_error>

#include "source/blob_id.h"

namespace cocoplane::source {
namespace fs = std::filesystem;
namespace {

Status ReadFileBytes(const fs::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Io("cannot open " + path.string());
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  out->resize(static_cast<size_t>(size));
  if (size > 0 && !in.read(out->data(), size)) return Status::Io("cannot read " + path.string());
  return Status::Ok();
}

}  // namespace

Result<Snapshot> ReadDirectory(const std::string& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    return Status::NotFound(root + " is not a directory");
  }
  Snapshot snap;
  snap.origin = root;
  // "repo/" and "repo/." must give the same relative paths as "repo".
  fs::path base = fs::path(root).lexically_normal();
  if (!base.has_filename()) base = base.parent_path();
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
  if (ec) return Status::Io("cannot list " + root + ": " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) return Status::Io("cannot list " + root + ": " + ec.message());
    const fs::directory_entry& entry = *it;
    if (entry.path().filename() == ".git") {
      if (entry.is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    // lexically_relative: fs::relative() would follow a symlink and file the
    // link under its target's path.
    std::string rel = entry.path().lexically_normal().lexically_relative(base).generic_string();
    if (ec) return Status::Io("cannot resolve " + entry.path().string());
    SnapshotFile file;
    if (entry.is_symlink(ec)) {
      file.type = SnapshotFile::Type::kSymlink;
      file.bytes = fs::read_symlink(entry.path(), ec).string();
      if (ec) return Status::Io("cannot read link " + entry.path().string());
      file.size = file.bytes.size();
      file.blob_id = GitBlobId(file.bytes);
    } else if (entry.is_regular_file(ec)) {
      file.size = entry.file_size(ec);
      if (ec) return Status::Io("cannot stat " + entry.path().string());
      if (file.size > kMaxSnapshotFileBytes) {
        file.type = SnapshotFile::Type::kOversize;
      } else {
        Status s = ReadFileBytes(entry.path(), &file.bytes);
        if (!s.ok()) return s;
        file.size = file.bytes.size();
        file.blob_id = GitBlobId(file.bytes);
      }
    } else {
      // Directories are implied by paths; sockets and devices are ignored.
      continue;
    }
    if (snap.files.size() >= kMaxFiles) {
      return Status::ResourceExhausted(root + " holds more than " + std::to_string(kMaxFiles) +
                                       " files");
    }
    snap.files.emplace(std::move(rel), std::move(file));
  }
  return snap;
}

}  // namespace cocoplane::source
