// Sanitizer settings linked into source_ssh_tests only.
//
// Debian's libgit2 1.5.1 leaks about 90 bytes per ssh connection inside
// git_remote_connect: the libssh2 known-hosts list it loads from
// ~/.ssh/known_hosts and two path buffers are freed only on error. Nothing
// cocoplane allocates or owns; the other test binary, which fetches over
// git:// and file:// through the same code of ours, runs with no suppression.
extern "C" const char* __lsan_default_suppressions() { return "leak:git_remote_connect_ext\n"; }

// libgit2 is built without frame pointers: only the slow unwinder sees the
// git_remote_connect_ext frame the suppression above names.
extern "C" const char* __asan_default_options() { return "fast_unwind_on_malloc=0"; }
