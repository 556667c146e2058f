#include "cpl/codegen/mini_rego.h"

#include <algorithm>
#include <map>
#include <optional>
#include <regex>
#include <vector>

#include "cpl/codegen/rego_check.h"

namespace cocoplane::cpl::testing {
namespace {

using json = nlohmann::json;
// nullopt is Rego's "undefined".
using Value = std::optional<json>;
using Env = std::map<std::string, json>;

struct Statement {
  std::string text;
  std::vector<Statement> inner;  // body of an `every`
};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t");
  return b == std::string_view::npos ? "" : std::string(s.substr(b, e - b + 1));
}

// Position of `token` outside strings and brackets, or npos.
size_t FindTopLevel(std::string_view text, std::string_view token) {
  int depth = 0;
  bool in_string = false, escape = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (escape) escape = false;
      else if (c == '\\') escape = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (depth == 0 && text.substr(i, token.size()) == token) return i;
    if (c == '"') { in_string = true; continue; }
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') --depth;
  }
  return std::string_view::npos;
}

std::vector<std::string> SplitArgs(std::string_view args) {
  std::vector<std::string> out;
  if (Trim(args).empty()) return out;
  while (true) {
    size_t comma = FindTopLevel(args, ",");
    out.push_back(Trim(args.substr(0, comma)));
    if (comma == std::string_view::npos) return out;
    args.remove_prefix(comma + 1);
  }
}

bool Truthy(const Value& v) { return v.has_value() && !(v->is_boolean() && !v->get<bool>()); }

class Interpreter {
 public:
  Interpreter(std::string_view text, std::string_view path, const json& token) : input_(token) {
    json segments = json::array();
    size_t start = 0;
    while (true) {
      size_t slash = path.find('/', start);
      segments.push_back(std::string(path.substr(start, slash - start)));
      if (slash == std::string_view::npos) break;
      start = slash + 1;
    }
    data_ = {{"plugin", "resource"}, {"resource-path", segments}};
    Parse(text);
  }

  MiniRegoResult Run() {
    MiniRegoResult r;
    if (error_.empty()) {
      r.allow = Truthy(Rule("allow"));
      r.released_by = SetContents("released_by");
      r.denied_by = SetContents("denied_by");
    }
    r.ok = error_.empty();
    r.error = error_;
    return r;
  }

 private:
  std::vector<std::string> SetContents(const std::string& name) {
    std::vector<std::string> out;
    if (!sets_.count(name)) return out;
    Value v = Rule(name);
    if (v) {
      for (const auto& e : *v) out.push_back(e.get<std::string>());
    }
    return out;
  }

  void Fail(const std::string& what) {
    if (error_.empty()) error_ = what;
  }

  void Parse(std::string_view text) {
    std::vector<std::string> lines = TrimmedLines(text);
    for (size_t i = 0; i < lines.size(); ++i) {
      const std::string& l = lines[i];
      if (l.empty() || l[0] == '#' || l == "package policy" || l == "import rego.v1") continue;
      if (StartsWith(l, "default ")) {
        size_t assign = l.find(" := ");
        defaults_[l.substr(8, assign - 8)] = json::parse(l.substr(assign + 4));
      } else if (EndsWith(l, " if {")) {
        std::string name = l.substr(0, l.size() - 5);
        std::string member;
        if (size_t contains = name.find(" contains "); contains != std::string::npos) {
          member = name.substr(contains + 10);
          name = name.substr(0, contains);
        }
        std::vector<std::string> body;
        int depth = 1;
        for (++i; i < lines.size(); ++i) {
          if (lines[i] == "}" && --depth == 0) break;
          if (EndsWith(lines[i], "{")) ++depth;
          body.push_back(lines[i]);
        }
        size_t pos = 0;
        if (member.empty()) {
          rules_[name].push_back(Group(body, pos));
        } else {
          sets_[name].push_back({json::parse(member), Group(body, pos)});
        }
      } else if (size_t assign = l.find(" := "); assign != std::string::npos) {
        assignments_[l.substr(0, assign)] = l.substr(assign + 4);
      } else {
        Fail("unknown top-level statement: " + l);
      }
    }
  }

  // Groups `every ... {` blocks into statements with inner bodies.
  static std::vector<Statement> Group(const std::vector<std::string>& lines, size_t& pos) {
    std::vector<Statement> out;
    while (pos < lines.size()) {
      const std::string& l = lines[pos++];
      if (l == "}") return out;
      Statement s{l, {}};
      if (EndsWith(l, "{")) s.inner = Group(lines, pos);
      out.push_back(std::move(s));
    }
    return out;
  }

  Value Rule(const std::string& name) {
    if (auto it = assignments_.find(name); it != assignments_.end()) return Assignment(name, it->second);
    if (auto it = sets_.find(name); it != sets_.end()) {
      // A partial set: the members whose body holds, without duplicates.
      json members = json::array();
      for (const auto& [member, body] : it->second) {
        if (Seq(body, 0, {}) && std::find(members.begin(), members.end(), member) == members.end()) {
          members.push_back(member);
        }
      }
      std::sort(members.begin(), members.end());
      return members;
    }
    auto it = rules_.find(name);
    if (it == rules_.end() && !defaults_.count(name)) {
      Fail("reference to unknown rule " + name);
      return std::nullopt;
    }
    if (it != rules_.end()) {
      for (const auto& body : it->second) {
        if (Seq(body, 0, {})) return json(true);
      }
    }
    if (auto d = defaults_.find(name); d != defaults_.end()) return d->second;
    return std::nullopt;
  }

  Value Assignment(const std::string& name, const std::string& expr) {
    static const std::regex kGpuSet(R"re(^\{name \| some name, _ in input\.submods; startswith\(name, ("[^"]*")\)\}$)re");
    std::smatch m;
    if (name == "gpu_submods" && std::regex_match(expr, m, kGpuSet)) {
      std::string prefix = json::parse(m[1].str()).get<std::string>();
      json out = json::array();
      const json* submods = input_.contains("submods") ? &input_["submods"] : nullptr;
      if (submods && submods->is_object()) {
        for (auto it = submods->begin(); it != submods->end(); ++it) {
          if (StartsWith(it.key(), prefix)) out.push_back(it.key());
        }
      }
      return out;
    }
    return Term(expr, {});
  }

  bool Seq(const std::vector<Statement>& stmts, size_t i, const Env& env) {
    if (i == stmts.size()) return true;
    const Statement& s = stmts[i];
    const std::string& t = s.text;
    if (t.empty() || t[0] == '#') return Seq(stmts, i + 1, env);
    if (StartsWith(t, "some ")) {
      size_t in = t.find(" in ");
      std::string var = t.substr(5, in - 5);
      Value list = Term(t.substr(in + 4), env);
      if (!list || !list->is_array()) return false;
      for (const auto& e : *list) {
        Env next = env;
        next[var] = e;
        if (Seq(stmts, i + 1, next)) return true;
      }
      return false;
    }
    if (StartsWith(t, "every ")) {
      size_t in = t.find(" in ");
      std::string var = t.substr(6, in - 6);
      Value coll = Term(t.substr(in + 4, t.size() - 2 - (in + 4)), env);
      if (!coll || !coll->is_array()) return false;
      for (const auto& e : *coll) {
        Env next = env;
        next[var] = e;
        if (!Seq(s.inner, 0, next)) return false;
      }
      return Seq(stmts, i + 1, env);
    }
    if (StartsWith(t, "not ")) {
      if (Truthy(Expr(t.substr(4), env))) return false;
      return Seq(stmts, i + 1, env);
    }
    if (size_t assign = FindTopLevel(t, " := "); assign != std::string::npos) {
      Value v = Term(t.substr(assign + 4), env);
      if (!v) return false;
      Env next = env;
      next[t.substr(0, assign)] = *v;
      return Seq(stmts, i + 1, next);
    }
    if (!Truthy(Expr(t, env))) return false;
    return Seq(stmts, i + 1, env);
  }

  Value Expr(const std::string& text, const Env& env) {
    if (size_t in = FindTopLevel(text, " in "); in != std::string::npos) {
      Value a = Term(text.substr(0, in), env), b = Term(text.substr(in + 4), env);
      if (!a || !b || !b->is_array()) return std::nullopt;
      for (const auto& e : *b) {
        if (e == *a) return json(true);
      }
      return json(false);
    }
    for (std::string op : {" == ", " != ", " <= ", " >= ", " < ", " > "}) {
      size_t at = FindTopLevel(text, op);
      if (at == std::string::npos) continue;
      Value a = Term(text.substr(0, at), env), b = Term(text.substr(at + op.size()), env);
      if (!a || !b) return std::nullopt;
      if (op == " == ") return json(*a == *b);
      if (op == " != ") return json(*a != *b);
      if (!a->is_number() || !b->is_number()) {
        Fail("ordered comparison of non-numbers: " + text);
        return std::nullopt;
      }
      double x = a->get<double>(), y = b->get<double>();
      if (op == " <= ") return json(x <= y);
      if (op == " >= ") return json(x >= y);
      if (op == " < ") return json(x < y);
      return json(x > y);
    }
    return Term(text, env);
  }

  Value Call(const std::string& name, const std::vector<std::string>& args, const Env& env) {
    std::vector<Value> v;
    for (const auto& a : args) v.push_back(Term(a, env));
    for (const auto& x : v) {
      if (!x) return std::nullopt;
    }
    if (name == "lower" && v.size() == 1) {
      if (!v[0]->is_string()) return std::nullopt;
      std::string s = v[0]->get<std::string>();
      for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return json(s);
    }
    if (name == "startswith" && v.size() == 2) {
      if (!v[0]->is_string() || !v[1]->is_string()) return std::nullopt;
      return json(StartsWith(v[0]->get<std::string>(), v[1]->get<std::string>()));
    }
    if (name == "count" && v.size() == 1) {
      if (v[0]->is_string()) return json(v[0]->get<std::string>().size());
      if (v[0]->is_array() || v[0]->is_object()) return json(v[0]->size());
      return std::nullopt;
    }
    if (name == "is_number" && v.size() == 1) return json(v[0]->is_number());
    if (name == "is_string" && v.size() == 1) return json(v[0]->is_string());
    if (name == "regex.match" && v.size() == 2) {
      if (!v[0]->is_string() || !v[1]->is_string()) return std::nullopt;
      std::string pattern = v[0]->get<std::string>(), subject = v[1]->get<std::string>();
      return json(std::regex_search(subject, std::regex(pattern, std::regex::ECMAScript)));
    }
    Fail("unknown function " + name);
    return std::nullopt;
  }

  Value Term(const std::string& raw, const Env& env) {
    std::string t = Trim(raw);
    if (t.empty()) {
      Fail("empty term");
      return std::nullopt;
    }
    char c = t[0];
    if (c == '"' || c == '[' || c == '-' || std::isdigit(static_cast<unsigned char>(c)) || t == "true" ||
        t == "false" || t == "null") {
      return json::parse(t);
    }
    size_t paren = t.find('(');
    size_t bracket = t.find('[');
    if (paren != std::string::npos && (bracket == std::string::npos || paren < bracket) && t.back() == ')') {
      return Call(t.substr(0, paren), SplitArgs(std::string_view(t).substr(paren + 1, t.size() - paren - 2)), env);
    }
    return Ref(t, env);
  }

  // base.dotted.names["key"][0][var]...
  Value Ref(const std::string& t, const Env& env) {
    size_t bracket = t.find('[');
    std::string dotted = t.substr(0, bracket);
    std::vector<std::string> names;
    for (size_t start = 0;;) {
      size_t dot = dotted.find('.', start);
      names.push_back(dotted.substr(start, dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    Value v = Base(names[0], env);
    for (size_t i = 1; i < names.size() && v; ++i) v = Index(*v, json(names[i]));
    std::string_view rest = bracket == std::string::npos ? "" : std::string_view(t).substr(bracket);
    while (!rest.empty() && v) {
      size_t close = FindTopLevel(rest.substr(1), "]");
      if (rest[0] != '[' || close == std::string_view::npos) {
        Fail("bad reference: " + t);
        return std::nullopt;
      }
      std::string key = Trim(rest.substr(1, close));
      Value k = (key[0] == '"' || std::isdigit(static_cast<unsigned char>(key[0]))) ? Value(json::parse(key)) : Term(key, env);
      if (!k) return std::nullopt;
      v = Index(*v, *k);
      rest.remove_prefix(close + 2);
    }
    return v;
  }

  Value Base(const std::string& name, const Env& env) {
    if (auto it = env.find(name); it != env.end()) return it->second;
    if (name == "input") return input_;
    if (name == "data") return data_;
    return Rule(name);
  }

  static Value Index(const json& v, const json& key) {
    if (v.is_object() && key.is_string()) {
      auto it = v.find(key.get<std::string>());
      if (it == v.end()) return std::nullopt;
      return *it;
    }
    if (v.is_array() && key.is_number_integer()) {
      auto i = key.get<int64_t>();
      if (i < 0 || static_cast<size_t>(i) >= v.size()) return std::nullopt;
      return v[static_cast<size_t>(i)];
    }
    return std::nullopt;
  }

  json input_;
  json data_;
  std::map<std::string, std::vector<std::vector<Statement>>> rules_;
  std::map<std::string, std::vector<std::pair<json, std::vector<Statement>>>> sets_;
  std::map<std::string, json> defaults_;
  std::map<std::string, std::string> assignments_;
  std::string error_;
};

}  // namespace

MiniRegoResult EvaluateResourcePolicyText(std::string_view rego, std::string_view resource_path,
                                          const nlohmann::json& token) {
  return Interpreter(rego, resource_path, token).Run();
}

}  // namespace cocoplane::cpl::testing
