// Loading policy test suites: the YAML files under the repository's
// `tests/` directory -> Suites (suite.h), or CP8xxx diagnostics.
//
// - Every `*.yaml` / `*.yml` file under `tests/` (at any depth) is a suite
//   file; each YAML document in it is one suite. Other files there (JSON
//   tokens named by `token:`, READMEs) are only read when a case names them.
// - Files are read through the model's file checks and YAML loader, so
//   oversize, binary, non-UTF-8 and malformed files get the same CP1xxx
//   diagnostics as desired-state documents.
// - A case with any mistake is reported (file:line:col of the key or value
//   at fault, a hint saying what to write instead) and left out; the other
//   cases of the suite are kept. Names of workloads, profiles and pools are
//   not checked here: the Runner checks them against the compiled policy.
//
// Pure: reads only the Snapshot. Deterministic: suites sorted by file, then
// document; cases in file order. Thread-safe with separate sinks.
#ifndef COCOPLANE_CPL_TESTING_LOAD_H_
#define COCOPLANE_CPL_TESTING_LOAD_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "base/snapshot.h"
#include "cpl/testing/suite.h"

namespace cocoplane::cpl::testing {

// The repository directory that holds the suites.
inline constexpr std::string_view kTestsDirectory = "tests/";

// True for a path the loader treats as a suite file.
bool IsSuiteFile(std::string_view path);

// Every suite of the snapshot.
std::vector<Suite> LoadSuites(const Snapshot& snapshot, DiagnosticSink& sink);

// The suites of one file's text; `file` names it in diagnostics.
// `snapshot` resolves `token:` paths and may be null (then every `token:`
// is reported missing).
std::vector<Suite> ParseSuiteFile(const std::string& file, std::string_view text,
                                  const Snapshot* snapshot, DiagnosticSink& sink);

}  // namespace cocoplane::cpl::testing

#endif  // COCOPLANE_CPL_TESTING_LOAD_H_
