// Test helper: a compact S-expression of a CPL syntax tree, without spans,
// so tests can state the expected tree inline and compare two trees
// (e.g. a file and its formatted form) structurally.
//
//   (const shells (list "/bin/sh" "/bin/bash"))
//   (release (str "a/b/*") (to workload (path payments)) (when (== (path tee) (path snp))))
#ifndef COCOPLANE_TESTS_CPL_PARSE_AST_DUMP_H_
#define COCOPLANE_TESTS_CPL_PARSE_AST_DUMP_H_

#include <string>

#include "cpl/parse/ast.h"

namespace cocoplane::cpl::testing {

// One line per declaration.
std::string DumpAst(const Ast& ast);
std::string DumpDecl(const Decl& decl);
std::string DumpExpr(const Expr& expr);

}  // namespace cocoplane::cpl::testing

#endif  // COCOPLANE_TESTS_CPL_PARSE_AST_DUMP_H_
