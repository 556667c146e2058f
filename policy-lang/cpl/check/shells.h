// Internal to cpl/check: does an exec allow rule admit an interactive shell?
//
// A shell in a confidential guest turns `kubectl exec` into a way around
// every other rule (read the secrets CDH fetched, talk to the KBS as the
// workload). The checker warns when a profile allows one in a workload that
// receives KBS resources (CP5053).
//
// Pure; thread-safe.
#ifndef COCOPLANE_CPL_CHECK_SHELLS_H_
#define COCOPLANE_CPL_CHECK_SHELLS_H_

#include <string>
#include <vector>

namespace cocoplane::cpl::check {

// The shell `argv` runs ("/bin/sh", "busybox sh", ...), or "" if none:
// argv[0] is a shell by base name (sh, bash, ash, dash, zsh, ksh, mksh,
// csh, tcsh, fish), or busybox / env followed by one.
std::string ShellInArgv(const std::vector<std::string>& argv);

// A shell command line that the exec regex `pattern` matches (unanchored,
// against the argv joined by spaces, as genpolicy's rules do), or "" if
// none does or the pattern does not compile. Compiles `pattern` once.
std::string ShellMatchedBy(const std::string& pattern);

}  // namespace cocoplane::cpl::check

#endif  // COCOPLANE_CPL_CHECK_SHELLS_H_
