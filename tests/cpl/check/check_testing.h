// Helpers for the checker tests: in-memory repositories (inline, or a case
// directory of tests/cpl/testdata/check/ over its _base/), the model +
// checker run the compiler does, compact diagnostics, and a readable dump
// of the IR for golden files.
#ifndef COCOPLANE_TESTS_CPL_CHECK_CHECK_TESTING_H_
#define COCOPLANE_TESTS_CPL_CHECK_CHECK_TESTING_H_

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "base/diagnostic.h"
#include "base/snapshot.h"
#include "cpl/ir/ir.h"
#include "model/model.h"
#include "model/model_testing.h"

namespace cocoplane::cpl::testing {

std::filesystem::path CheckData();
std::string ReadFile(const std::filesystem::path& path);
void WriteFile(const std::filesystem::path& path, const std::string& text);
bool UpdateGolden();

// Regular files given inline as {path, bytes}: the model tests' helper.
using cocoplane::testing::SnapshotOf;
// Every file under `dir` (recursively), keyed by its path relative to `dir`,
// added to (or replacing files of) `snapshot`. Skips expect.txt, ir.txt and
// .nobase.
void AddDirectory(const std::filesystem::path& dir, Snapshot& snapshot);
// The base repository (testdata/check/_base) with `files` added on top.
Snapshot BaseWith(std::vector<std::pair<std::string, std::string>> files);
// A case directory over _base (unless it holds a .nobase file).
Snapshot CaseSnapshot(const std::filesystem::path& dir);

struct Compiled {
  model::Model model;
  ir::Policy policy;
  DiagnosticSink sink;
};
// model::Load, then CompileCpl, into one sink (sorted).
Compiled Compile(const Snapshot& snapshot);

// "CPnnnn path:line:col" per diagnostic, in sink order.
std::vector<std::string> Brief(const DiagnosticSink& sink);
// Only the CP5xxx lines of Brief().
std::vector<std::string> CheckerBrief(const DiagnosticSink& sink);

// Sets every workload's init_data_binding to a value of the shape its TEE
// reports (what the compiler does with real digests), so ir::Verify runs.
void FillBindings(ir::Policy& policy);

// One line per IR item; stable, for golden files (ir.txt).
std::string DumpPolicy(const ir::Policy& policy);

}  // namespace cocoplane::cpl::testing

#endif  // COCOPLANE_TESTS_CPL_CHECK_CHECK_TESTING_H_
