#include "cpl/codegen/rego_text.h"

#include <algorithm>

#include "base/strings.h"

namespace cocoplane::cpl::codegen {

void RegoText::Line(std::string_view text) {
  out_.append(static_cast<size_t>(depth_), '\t');
  out_ += text;
  out_ += '\n';
}

void RegoText::Comment(std::string_view text) {
  std::string line;
  line.reserve(text.size() + 2);
  line.append("# ").append(text);
  std::replace_if(
      line.begin() + 2, line.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  Line(line);
}

void RegoText::Blank() { out_ += '\n'; }

void RegoText::Open(std::string_view head) {
  Line(std::string(head) + " {");
  ++depth_;
}

void RegoText::Close(std::string_view tail) {
  --depth_;
  Line(tail);
}

void RegoText::Reopen(std::string_view middle) {
  --depth_;
  Line("} " + std::string(middle) + " {");
  ++depth_;
}

std::string RegoText::Finish() {
  while (out_.size() >= 2 && out_[out_.size() - 1] == '\n' && out_[out_.size() - 2] == '\n')
    out_.pop_back();
  return std::move(out_);
}

std::string Quote(std::string_view s) { return JsonQuote(s); }

std::string Ref(std::string_view base, std::initializer_list<std::string_view> keys) {
  std::string out(base);
  for (auto key : keys) out += "[" + Quote(key) + "]";
  return out;
}

std::string Ref(std::string_view base, const std::vector<std::string>& keys) {
  std::string out(base);
  for (const auto& key : keys) out += "[" + Quote(key) + "]";
  return out;
}

std::string List(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += Quote(items[i]);
  }
  return out + "]";
}

}  // namespace cocoplane::cpl::codegen
