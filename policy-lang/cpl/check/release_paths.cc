#include "cpl/check/release_paths.h"

#include "cpl/check/vocabulary.h"

namespace cocoplane::cpl::check {
namespace {

using Type = ClaimPath::Type;

class Classifier {
 public:
  Classifier(Context& ctx, const Value& v) : ctx_(ctx), v_(v), size_(v.segment_count()) {}

  std::optional<ClaimPath> Run() {
    out_.text = Join(size_);
    // A quoted segment may be written empty (`init_data_claims.""`); no claim
    // has an empty key, and the IR refuses one (found by the fuzzer).
    for (size_t i = 0; i < size_; ++i) {
      if (Seg(i).empty()) return Unknown(i, "a claim key cannot be empty; name the key between the quotes");
    }
    const std::string& root = Seg(0);
    if (root == "tee") return Leaf(Type::kTee, "`tee` is the TEE kind of the evidence: write `tee == snp`");
    if (root == "ear") return Ear();
    if (root == "trust") return Trust(1, Type::kTrust);
    if (root == "gpu") return Gpu();
    if (root == "init_data") {
      out_.evidence_path = {"init_data"};
      return Leaf(Type::kInitData, "`init_data` is a string; the initdata's contents are init_data_claims.<key>");
    }
    if (root == "init_data_claims") return Claims();
    if (std::optional<ir::TeeKind> tee = TeeFromCpl(root)) {
      out_.type = Type::kEvidence;
      out_.tee = *tee;
      out_.evidence_path = {std::string(ir::TeeEvidenceKey(*tee))};
      for (size_t i = 1; i < size_; ++i) out_.evidence_path.push_back(Seg(i));
      return out_;
    }
    ctx_.Emit(DiagKind::kCplUnknownName, At(0), "unknown name `" + root + "`",
              DidYouMean(root, PathRootSpellings(),
                         "conditions read tee, ear.status, trust.<claim>, gpu.<...>, init_data, "
                         "init_data_claims.<key> or <tee>.<field>; a const must be declared or imported"));
    return std::nullopt;
  }

 private:
  Location At(size_t i) const { return v_.segment_where(i); }
  const std::string& Seg(size_t i) const { return v_.segment(i); }

  std::string Join(size_t n) const {
    std::string out;
    for (size_t i = 0; i < n; ++i) {
      if (i > 0) out += '.';
      out += Seg(i);
    }
    return out;
  }

  std::optional<ClaimPath> Unknown(size_t i, std::string hint) {
    ctx_.Emit(DiagKind::kCplUnknownPath, At(i), "unknown path `" + Join(i + 1) + "`", std::move(hint));
    return std::nullopt;
  }

  // A path of exactly one segment.
  std::optional<ClaimPath> Leaf(Type type, std::string hint) {
    if (size_ > 1) return Unknown(1, std::move(hint));
    out_.type = type;
    return out_;
  }

  std::optional<ClaimPath> Ear() {
    if (size_ == 2 && Seg(1) == "status") {
      out_.type = Type::kEarStatus;
      return out_;
    }
    return Unknown(size_ > 1 ? 1 : 0, "the EAR path is `ear.status`");
  }

  // trust.<claim> (at = 1) or gpu.trust.<claim> (at = 2).
  std::optional<ClaimPath> Trust(size_t at, Type type) {
    if (size_ <= at) return Unknown(at - 1, "name a trust claim, e.g. `trust.executables`");
    if (size_ > at + 1) return Unknown(at + 1, "a trust claim is an integer and has no fields");
    auto claim = ir::TrustClaimFromName(Seg(at));
    if (!claim) {
      ctx_.Emit(DiagKind::kCplUnknownMember, At(at), "`" + Seg(at) + "` is not an AR4SI trust claim",
                DidYouMean(Seg(at), TrustClaimSpellings(),
                           "trust claims are instance_identity, configuration, executables, file_system, "
                           "hardware, runtime_opaque, storage_opaque, sourced_data"));
      return std::nullopt;
    }
    out_.type = type;
    out_.claim = *claim;
    return out_;
  }

  std::optional<ClaimPath> Gpu() {
    if (size_ >= 2 && Seg(1) == "trust") return Trust(2, Type::kGpuTrust);
    std::string hint = "GPU paths are gpu.attested, gpu.count, gpu.status and gpu.trust.<claim>";
    if (size_ != 2) return Unknown(size_ > 2 ? 2 : 0, hint);
    if (Seg(1) == "attested") out_.type = Type::kGpuAttested;
    else if (Seg(1) == "count") out_.type = Type::kGpuCount;
    else if (Seg(1) == "status") out_.type = Type::kGpuStatus;
    else return Unknown(1, DidYouMean(Seg(1), {"attested", "count", "status", "trust"}, hint));
    return out_;
  }

  std::optional<ClaimPath> Claims() {
    if (size_ < 2) return Unknown(0, "name a key, e.g. `init_data_claims.\"cdh.toml\".kbc.name`");
    out_.type = Type::kInitDataClaims;
    for (size_t i = 1; i < size_; ++i) out_.keys.push_back(Seg(i));
    out_.evidence_path = {"init_data_claims"};
    out_.evidence_path.insert(out_.evidence_path.end(), out_.keys.begin(), out_.keys.end());
    return out_;
  }

  Context& ctx_;
  const Value& v_;
  size_t size_;
  ClaimPath out_;
};

}  // namespace

bool IsPathLike(const Value& v) { return v.kind == Value::Kind::kName || v.kind == Value::Kind::kPath; }

std::vector<std::string> Segments(const Value& v) {
  std::vector<std::string> out;
  for (size_t i = 0; i < v.segment_count(); ++i) out.push_back(v.segment(i));
  return out;
}

bool HasPlainRoot(const Value& v) { return IsPathLike(v) && IsPlainPathRoot(v.segment(0)); }

std::optional<ClaimPath> ClassifyReleasePath(Context& ctx, const Value& v) { return Classifier(ctx, v).Run(); }

}  // namespace cocoplane::cpl::check
