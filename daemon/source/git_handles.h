// Internal to the libgit2 users of daemon/ (source, verify): RAII owners for
// libgit2 objects, the one-time library initialisation, and the conversion
// of libgit2 errors to Status.
//
// Every libgit2 object the sources create is held by one of the unique_ptr
// aliases below from the line that creates it, so an early `return` on an
// error path never leaks. Only .cc files and internal headers of daemon/source
// and daemon/verify include this header: libgit2 is a PRIVATE dependency and
// never appears in a public one.
//
// Thread-safety: EnsureLibgit2() may be called from any thread. GitError()
// reads libgit2's thread-local last error, so call it on the thread (and right
// after the call) that failed.
#ifndef COCOPLANE_SOURCE_GIT_HANDLES_H_
#define COCOPLANE_SOURCE_GIT_HANDLES_H_

#include <git2.h>

#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace cocoplane::source::git {

template <typename T, void (*kFree)(T*)>
struct Deleter {
  void operator()(T* p) const { kFree(p); }
};
template <typename T, void (*kFree)(T*)>
using Owned = std::unique_ptr<T, Deleter<T, kFree>>;

using RepositoryPtr = Owned<git_repository, git_repository_free>;
using ObjectPtr = Owned<git_object, git_object_free>;
using CommitPtr = Owned<git_commit, git_commit_free>;
using TreePtr = Owned<git_tree, git_tree_free>;
using BlobPtr = Owned<git_blob, git_blob_free>;
using OdbPtr = Owned<git_odb, git_odb_free>;
using RemotePtr = Owned<git_remote, git_remote_free>;
using ReferencePtr = Owned<git_reference, git_reference_free>;

// A git_buf that is disposed when it goes out of scope.
class Buf {
 public:
  Buf() = default;
  Buf(const Buf&) = delete;
  Buf& operator=(const Buf&) = delete;
  ~Buf() { git_buf_dispose(&buf_); }
  git_buf* get() { return &buf_; }
  std::string str() const { return buf_.ptr ? std::string(buf_.ptr, buf_.size) : std::string(); }

 private:
  git_buf buf_ = GIT_BUF_INIT;
};

// Initialises libgit2 once per process (a thread-safe function-local static)
// and makes it hermetic: the global, XDG and system git config files are not
// read, so behaviour depends on cocoplane's configuration only. Returns the
// initialisation error, the same one on every call.
Status EnsureLibgit2();

// Status for a failed libgit2 call: "<what>: <git_error_last()->message>".
// The code follows `rc` (GIT_ENOTFOUND -> kNotFound, GIT_EAMBIGUOUS ->
// kInvalidArgument, GIT_EAUTH/GIT_ECERTIFICATE -> kPermissionDenied) and is
// `fallback` otherwise.
Status GitError(int rc, std::string_view what, StatusCode fallback = StatusCode::kInternal);

// 40 lower-case hex digits.
std::string OidHex(const git_oid& oid);

// Parses exactly 40 hex digits (upper or lower case).
Result<git_oid> ParseFullOid(std::string_view hex);

}  // namespace cocoplane::source::git

#endif  // COCOPLANE_SOURCE_GIT_HANDLES_H_
