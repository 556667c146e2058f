#include "source/git_handles.h"

namespace cocoplane::source::git {
namespace {

Status InitOnce() {
  int rc = git_libgit2_init();
  if (rc < 0) return GitError(rc, "cannot initialise libgit2");
  // The daemon must not change behaviour with whoever's ~/.gitconfig or
  // /etc/gitconfig happens to be on the machine (url.insteadOf, http.sslVerify,
  // core.sshCommand...). An empty search path disables those levels.
  for (int level : {GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL,
                    GIT_CONFIG_LEVEL_PROGRAMDATA}) {
    rc = git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, "");
    if (rc < 0) return GitError(rc, "cannot clear the libgit2 config search path");
  }
  return Status::Ok();
}

}  // namespace

Status EnsureLibgit2() {
  // Function-local static: initialised exactly once, thread-safe (C++11).
  // libgit2 is never shut down; the process exit releases it.
  static const Status status = InitOnce();
  return status;
}

Status GitError(int rc, std::string_view what, StatusCode fallback) {
  const git_error* err = git_error_last();
  std::string message(what);
  message += ": ";
  message += (err != nullptr && err->message != nullptr) ? err->message : "unknown libgit2 error";
  StatusCode code = fallback;
  switch (rc) {
    case GIT_ENOTFOUND:
      code = StatusCode::kNotFound;
      break;
    case GIT_EAMBIGUOUS:
      code = StatusCode::kInvalidArgument;
      break;
    case GIT_EAUTH:
    case GIT_ECERTIFICATE:
      code = StatusCode::kPermissionDenied;
      break;
    default:
      break;
  }
  return Status(code, std::move(message));
}

std::string OidHex(const git_oid& oid) {
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof(hex), &oid);
  return std::string(hex, GIT_OID_HEXSZ);
}

Result<git_oid> ParseFullOid(std::string_view hex) {
  if (hex.size() != GIT_OID_HEXSZ) {
    return Status::InvalidArgument("'" + std::string(hex) + "' is not a full 40-digit commit id");
  }
  git_oid oid;
  int rc = git_oid_fromstrn(&oid, hex.data(), hex.size());
  if (rc < 0)
    return GitError(rc, "'" + std::string(hex) + "' is not a commit id",
                    StatusCode::kInvalidArgument);
  return oid;
}

}  // namespace cocoplane::source::git
