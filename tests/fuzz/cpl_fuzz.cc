// libFuzzer entry for the CPL front end and checker, on arbitrary bytes:
//   1. lexer + parser: every diagnostic has a position inside the file;
//   2. when the input parses, the formatter round trip: the formatted text
//      parses without errors to the same tree, and formatting is
//      idempotent;
//   3. when the input parses, the checker against a small fixed model
//      (fuzz_model.cc) with a second file the input may import: every
//      checker diagnostic has a position, a message and a hint; a run with
//      no errors yields an IR that passes ir::Verify; checking twice gives
//      the same diagnostics (determinism).
// A violated property aborts (a crash for libFuzzer, a failure for the
// smoke driver). Built as a real fuzzer with clang (cpl_fuzz) and always as
// the corpus replay `cpl_fuzz_smoke` registered in CTest.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "cpl/check/check.h"
#include "cpl/fmt/format.h"
#include "cpl/ir/verify.h"
#include "cpl/parse/ast_dump.h"  // tests/cpl/parse
#include "cpl/parse/parser.h"
#include "fuzz/fuzz_model.h"

namespace {

using namespace cocoplane;  // NOLINT: a fuzz driver, not a library

constexpr char kInputPath[] = "policies/fuzz.cpl";

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "cpl_fuzz: %s\n%s\n", what, detail.c_str());
  std::abort();
}

void CheckSyntaxPositions(const DiagnosticSink& sink, size_t size) {
  for (const Diagnostic& d : sink.diagnostics()) {
    if (d.kind == DiagKind::kTooManyDiagnostics) continue;
    if (d.location.file != kInputPath || d.location.line == 0 || d.location.column == 0 ||
        d.location.column > size + 1) {
      Fail("diagnostic without a valid position", std::string(d.id()) + " " + d.location.ToString());
    }
  }
}

void CheckFormatting(const cpl::Ast& ast, const std::string& text) {
  std::string once = cpl::Format(ast);
  DiagnosticSink again_sink;
  cpl::Ast again = cpl::ParseFile(kInputPath, once, again_sink);
  if (again_sink.has_errors()) Fail("formatted text does not parse", once);
  if (cpl::testing::DumpAst(again) != cpl::testing::DumpAst(ast)) {
    Fail("formatting changed the tree", text + "\n---\n" + once);
  }
  if (cpl::Format(again) != once) Fail("formatting is not idempotent", once);
}

std::vector<std::string> Lines(const DiagnosticSink& sink) {
  std::vector<std::string> out;
  for (const Diagnostic& d : sink.diagnostics()) {
    out.push_back(std::string(d.id()) + " " + d.location.ToString() + " " + d.message);
  }
  return out;
}

void CheckChecker(cpl::Ast input) {
  const model::Model& model = fuzz::Model();
  std::vector<cpl::Ast> files;
  files.push_back(fuzz::ParseCommon());
  files.push_back(std::move(input));
  DiagnosticSink sink;
  cpl::ir::Policy policy = cpl::Check(files, model, sink);
  for (const Diagnostic& d : sink.diagnostics()) {
    if (!d.id().starts_with("CP5")) continue;
    if (!d.location.has_position() || d.message.empty() || d.hint.empty()) {
      Fail("checker diagnostic without position, message or hint",
           std::string(d.id()) + " " + d.location.ToString() + " " + d.message);
    }
  }
  DiagnosticSink again;
  cpl::Check(files, model, again);
  if (Lines(again) != Lines(sink)) Fail("checking is not deterministic", std::string(files[1].source->text()));
  if (sink.has_errors()) return;
  fuzz::FillBindings(policy);
  Status verified = cpl::ir::Verify(policy);
  if (!verified.ok()) Fail("a clean check produced an IR that fails ir::Verify", verified.message());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  DiagnosticSink sink;
  cpl::Ast ast = cpl::ParseFile(kInputPath, text, sink);
  CheckSyntaxPositions(sink, size);
  if (sink.has_errors()) return 0;
  CheckFormatting(ast, text);
  CheckChecker(std::move(ast));
  return 0;
}
