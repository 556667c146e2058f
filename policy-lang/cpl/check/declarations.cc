// Global declarations by name (SPEC.md §5.1): agent profiles and pools are
// one namespace each across all files; a second declaration of a name is an
// error and is left out. Files are visited in order, so "second" is stable.
#include "cpl/check/internal.h"
#include "cpl/check/vocabulary.h"

namespace cocoplane::cpl::check {
namespace {

template <typename D>
void Declare(Context& ctx, std::map<std::string, DeclRef<D>, std::less<>>& table, const DeclRef<D>& ref,
             DiagKind duplicate, std::string_view noun) {
  const Name& name = ref.decl->name;
  auto [it, inserted] = table.emplace(name.text, ref);
  if (inserted) return;
  ctx.Emit(duplicate, ref.scope->ast->Locate(name.span),
           std::string(noun) + " `" + name.text + "` is already declared at " +
               it->second.scope->ast->Locate(it->second.decl->name.span).ToString(),
           "merge the two blocks, or rename one");
}

void DeclarePool(Context& ctx, const DeclRef<PoolDecl>& ref) {
  const Name& name = ref.decl->name;
  if (ctx.index.FindPool(name.text) == nullptr) {
    ctx.Emit(DiagKind::kCplUnknownPool, ref.scope->ast->Locate(name.span),
             "`pool " + name.text + "` names no NodePool document",
             DidYouMean(name.text, ctx.index.pool_names(),
                        "a pool block adds constraints to the NodePool of that metadata.name"));
    return;
  }
  Declare(ctx, ctx.pools, ref, DiagKind::kCplDuplicatePool, "pool");
}

}  // namespace

void CollectDeclarations(Context& ctx) {
  for (const FileScope& scope : ctx.scopes) {
    for (const Decl& decl : scope.ast->decls) {
      if (const auto* p = std::get_if<AgentProfileDecl>(&decl.node)) {
        Declare(ctx, ctx.profiles, DeclRef<AgentProfileDecl>{p, &scope, decl.span}, DiagKind::kCplDuplicateProfile,
                "agent profile");
      } else if (const auto* pool = std::get_if<PoolDecl>(&decl.node)) {
        DeclarePool(ctx, DeclRef<PoolDecl>{pool, &scope, decl.span});
      } else if (const auto* a = std::get_if<AttestationDecl>(&decl.node)) {
        ctx.attestations.push_back({a, &scope, decl.span});
      } else if (const auto* r = std::get_if<RuleDecl>(&decl.node)) {
        ctx.rules.push_back({r, &scope, decl.span});
      }
    }
  }
}

}  // namespace cocoplane::cpl::check
