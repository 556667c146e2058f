// File scopes: imports and consts (SPEC.md §4.1, §4.2, §5.2).
//
// A file sees its own consts and the own consts of the files it imports
// directly (imports are not transitive). Import edges are resolved by
// repository path; a missing file, a second import of one file and a cycle
// are errors, but the consts of a file in a cycle are still visible, so
// one mistake does not cascade into "unknown name" errors.
#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "cpl/check/internal.h"
#include "cpl/check/vocabulary.h"

namespace cocoplane::cpl::check {
namespace {

struct ImportEdge {
  size_t to = 0;
  const Name* path = nullptr;
};

class ScopeBuilder {
 public:
  explicit ScopeBuilder(Context& ctx) : ctx_(ctx), edges_(ctx.files.size()), own_(ctx.files.size()) {}

  void Run() {
    for (size_t i = 0; i < ctx_.files.size(); ++i) {
      ctx_.scopes.push_back(FileScope{&ctx_.files[i], {}, {}});
      by_path_.emplace(ctx_.files[i].path(), i);
      paths_.push_back(ctx_.files[i].path());
    }
    for (size_t i = 0; i < ctx_.files.size(); ++i) DeclareConsts(i);
    for (size_t i = 0; i < ctx_.files.size(); ++i) ResolveImports(i);
    ReportCycles();
    for (size_t i = 0; i < ctx_.files.size(); ++i) ImportConsts(i);
  }

 private:
  void DeclareConsts(size_t file) {
    const Ast& ast = ctx_.files[file];
    for (const Decl& decl : ast.decls) {
      const auto* c = std::get_if<ConstDecl>(&decl.node);
      if (c == nullptr) continue;
      CheckConstName(ast, c->name);
      ctx_.consts.push_back(ConstEntry{c, &ast, file, ConstEntry::State::kUnvisited, {}});
      ConstEntry* entry = &ctx_.consts.back();
      auto [it, inserted] = ctx_.scopes[file].visible.emplace(c->name.text, entry);
      if (!inserted) {
        ctx_.Emit(DiagKind::kCplDuplicateConst, ast.Locate(c->name.span),
                  "const `" + c->name.text + "` is already declared at " +
                      ast.Locate(it->second->decl->name.span).ToString(),
                  "give each const its own name");
        continue;
      }
      own_[file].push_back(entry);
    }
  }

  // A bare name must mean one thing (SPEC.md §4.2): consts may not take the
  // name of a TEE kind, an EAR status or a path root.
  void CheckConstName(const Ast& ast, const Name& name) {
    std::string what;
    if (TeeFromCpl(name.text)) {
      what = "the TEE kind";
    } else if (ir::EarStatusFromName(name.text)) {
      what = "the EAR status";
    } else if (IsPlainPathRoot(name.text)) {
      what = "the condition path";
    } else {
      return;
    }
    ctx_.Emit(DiagKind::kCplConstNameTaken, ast.Locate(name.span),
              "const `" + name.text + "` takes the name of " + what + " `" + name.text + "`",
              "rename the const; a bare `" + name.text + "` must always mean " + what);
  }

  void ResolveImports(size_t file) {
    const Ast& ast = ctx_.files[file];
    for (const Decl& decl : ast.decls) {
      const auto* imp = std::get_if<ImportDecl>(&decl.node);
      if (imp == nullptr) continue;
      auto it = by_path_.find(imp->path.text);
      if (it == by_path_.end()) {
        ctx_.Emit(DiagKind::kCplImportNotFound, ast.Locate(imp->path.span),
                  "imported file \"" + imp->path.text + "\" does not exist",
                  DidYouMean(imp->path.text, paths_,
                             "import paths are relative to the repository root, e.g. \"policies/common.cpl\""));
        continue;
      }
      auto& imports = ctx_.scopes[file].imports;
      if (std::find(imports.begin(), imports.end(), it->second) != imports.end()) {
        ctx_.Emit(DiagKind::kCplDuplicateImport, ast.Locate(imp->path.span),
                  "\"" + imp->path.text + "\" is already imported by this file", "remove this import");
        continue;
      }
      imports.push_back(it->second);
      edges_[file].push_back(ImportEdge{it->second, &imp->path});
    }
  }

  // Depth-first search without recursion; every back edge closes a cycle
  // and is reported at its import statement.
  void ReportCycles() {
    enum class Color { kWhite, kGray, kBlack };
    std::vector<Color> color(ctx_.files.size(), Color::kWhite);
    struct Frame {
      size_t file;
      size_t next;
    };
    for (size_t root = 0; root < ctx_.files.size(); ++root) {
      if (color[root] != Color::kWhite) continue;
      std::vector<Frame> stack{{root, 0}};
      color[root] = Color::kGray;
      while (!stack.empty()) {
        Frame& top = stack.back();
        if (top.next == edges_[top.file].size()) {
          color[top.file] = Color::kBlack;
          stack.pop_back();
          continue;
        }
        const ImportEdge& edge = edges_[top.file][top.next++];
        if (color[edge.to] == Color::kGray) {
          ReportCycle(stack, top.file, edge);
        } else if (color[edge.to] == Color::kWhite) {
          color[edge.to] = Color::kGray;
          stack.push_back({edge.to, 0});
        }
      }
    }
  }

  template <typename Stack>
  void ReportCycle(const Stack& stack, size_t from, const ImportEdge& edge) {
    std::string chain;
    bool in_cycle = false;
    for (const auto& frame : stack) {
      if (frame.file == edge.to) in_cycle = true;
      if (in_cycle) chain += ctx_.files[frame.file].path() + " -> ";
    }
    chain += ctx_.files[edge.to].path();
    ctx_.Emit(DiagKind::kCplImportCycle, ctx_.files[from].Locate(edge.path->span), "import cycle: " + chain,
              "imports are not transitive, so a cycle is never needed: move the shared consts into a file "
              "that imports nothing");
  }

  void ImportConsts(size_t file) {
    FileScope& scope = ctx_.scopes[file];
    for (const ImportEdge& edge : edges_[file]) {
      if (edge.to == file) continue;
      for (ConstEntry* entry : own_[edge.to]) {
        auto [it, inserted] = scope.visible.emplace(entry->decl->name.text, entry);
        if (inserted || it->second == entry) continue;
        ctx_.Emit(DiagKind::kCplDuplicateConst, ctx_.files[file].Locate(edge.path->span),
                  "this import brings const `" + entry->decl->name.text + "` (" +
                      entry->ast->Locate(entry->decl->name.span).ToString() + "), but a const of that name is " +
                      "already visible (" + it->second->ast->Locate(it->second->decl->name.span).ToString() + ")",
                  "rename one of the consts");
      }
    }
  }

  Context& ctx_;
  std::unordered_map<std::string_view, size_t> by_path_;
  std::vector<std::string> paths_;
  std::vector<std::vector<ImportEdge>> edges_;
  std::vector<std::vector<ConstEntry*>> own_;
};

}  // namespace

void BuildScopes(Context& ctx) { ScopeBuilder(ctx).Run(); }

}  // namespace cocoplane::cpl::check
