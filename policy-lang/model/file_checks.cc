#include "model/file_checks.h"

#include <vector>

#include "base/strings.h"
#include "model/limits.h"

namespace cocoplane::model {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Location WholeFile(const std::string& file) { return Location{file, 0, 0, 0}; }

Location AtOffset(const std::string& file, std::string_view bytes, size_t offset) {
  unsigned line = 0, column = 0;
  LineColumnAt(bytes, offset, &line, &column);
  return Location{file, line, column, 1};
}

}  // namespace

FileRole RoleOf(std::string_view path) {
  if (path.rfind("tests/", 0) == 0) return FileRole::kIgnored;
  if (EndsWith(path, ".yaml") || EndsWith(path, ".yml")) return FileRole::kYaml;
  if (EndsWith(path, ".json")) return FileRole::kJson;
  if (EndsWith(path, ".toml")) return FileRole::kToml;
  return FileRole::kIgnored;
}

std::optional<std::string> ResolveLinkTarget(std::string_view link_path, std::string_view target) {
  if (target.empty() || target[0] == '/') return std::nullopt;
  // Start from the link's directory and apply the target's segments.
  std::vector<std::string> parts;
  size_t slash = link_path.rfind('/');
  std::string_view dir = slash == std::string_view::npos ? "" : link_path.substr(0, slash);
  std::string joined = std::string(dir) + (dir.empty() ? "" : "/") + std::string(target);
  size_t start = 0;
  while (start <= joined.size()) {
    size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    std::string_view part(joined.data() + start, end - start);
    if (part == "..") {
      if (parts.empty()) return std::nullopt;
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.emplace_back(part);
    }
    start = end + 1;
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

void CheckSymlinks(const Snapshot& snapshot, DiagnosticSink& sink) {
  for (const auto& [path, file] : snapshot.files) {
    if (file.type != SnapshotFile::Type::kSymlink) continue;
    if (ResolveLinkTarget(path, file.bytes)) continue;
    sink.Emit(DiagKind::kSymlinkOutsideRepo, WholeFile(path),
              "symbolic link to \"" + file.bytes + "\" leaves the repository",
              "copy the file into the repository, or link to a path inside it");
  }
}

bool CheckText(const std::string& file, std::string_view bytes, DiagnosticSink& sink) {
  if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    sink.Emit(DiagKind::kEmptyFile, WholeFile(file), "file is empty",
              "add content or delete the file");
    return false;
  }
  if (size_t nul = bytes.find('\0'); nul != std::string_view::npos) {
    sink.Emit(DiagKind::kBinaryFile, AtOffset(file, bytes, nul), "file holds a NUL byte",
              "desired-state files are text; keep binary data out of the repository");
    return false;
  }
  size_t bad = 0;
  if (!IsValidUtf8(bytes, &bad)) {
    sink.Emit(
        DiagKind::kInvalidUtf8, AtOffset(file, bytes, bad),
        "byte " + std::to_string(static_cast<unsigned char>(bytes[bad])) + " is not valid UTF-8",
        "save the file as UTF-8");
    return false;
  }
  return true;
}

std::optional<std::string_view> ReadText(const Snapshot& snapshot, const std::string& path,
                                         DiagnosticSink& sink) {
  std::string current = path;
  for (int hop = 0; hop <= kMaxSymlinkHops; ++hop) {
    const SnapshotFile* file = snapshot.Find(current);
    // A missing file is the caller's to report (it knows who referenced it).
    if (!file && hop == 0) return std::nullopt;
    if (!file) {
      sink.Emit(DiagKind::kBrokenSymlink, WholeFile(path),
                "symbolic link target \"" + current + "\" is not in the repository",
                "point the link at a file that is committed");
      return std::nullopt;
    }
    switch (file->type) {
      case SnapshotFile::Type::kRegular:
        if (!CheckText(current, file->bytes, sink)) return std::nullopt;
        return std::string_view(file->bytes);
      case SnapshotFile::Type::kOversize:
        sink.Emit(DiagKind::kFileTooLarge, WholeFile(current),
                  "file has " + std::to_string(file->size) + " bytes; the limit is " +
                      std::to_string(kMaxFileBytes),
                  "desired-state files are small; keep large data out of the repository");
        return std::nullopt;
      case SnapshotFile::Type::kSymlink: {
        std::optional<std::string> next = ResolveLinkTarget(current, file->bytes);
        // Links leaving the repository are reported by CheckSymlinks.
        if (!next) return std::nullopt;
        current = *next;
        break;
      }
    }
  }
  sink.Emit(DiagKind::kBrokenSymlink, WholeFile(path),
            "more than " + std::to_string(kMaxSymlinkHops) + " symbolic links in a row",
            "a link points back at itself; break the loop");
  return std::nullopt;
}

}  // namespace cocoplane::model
