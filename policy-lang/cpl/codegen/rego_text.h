// Internal to cpl/codegen: a tiny writer for Rego text (tab indentation,
// braces, comments) and quoting helpers. Keeps the generators about what to
// say, not about whitespace.
#ifndef COCOPLANE_CPL_CODEGEN_REGO_TEXT_H_
#define COCOPLANE_CPL_CODEGEN_REGO_TEXT_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace cocoplane::cpl::codegen {

class RegoText {
 public:
  // One line at the current indentation.
  void Line(std::string_view text);
  // "# text"; newlines in `text` become spaces so a comment stays a comment.
  void Comment(std::string_view text);
  void Blank();
  // "<head> {" and indent.
  void Open(std::string_view head);
  // Dedent and "<tail>" (default "}").
  void Close(std::string_view tail = "}");
  // "} <middle> {" at the enclosing depth, for `else` branches.
  void Reopen(std::string_view middle);

  // The text so far, ending with exactly one newline.
  std::string Finish();

 private:
  std::string out_;
  int depth_ = 0;
};

// A Rego string literal (JSON escapes, which Rego shares).
std::string Quote(std::string_view s);
// `base["a"]["b"]`: bracket references work for any key, dashes and dots
// included ("ear.status", "az-snp-vtpm", "cdh.toml").
std::string Ref(std::string_view base, std::initializer_list<std::string_view> keys);
std::string Ref(std::string_view base, const std::vector<std::string>& keys);
// `["a", "b"]`.
std::string List(const std::vector<std::string>& items);

}  // namespace cocoplane::cpl::codegen

#endif  // COCOPLANE_CPL_CODEGEN_REGO_TEXT_H_
