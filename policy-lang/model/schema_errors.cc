#include "model/schema_errors.h"

#include <map>
#include <optional>
#include <regex>

#include "base/strings.h"

namespace cocoplane::model {
namespace {

// Properties that would put a secret value into Git. Reported as CP2012
// instead of "unknown property", with a hint on how to do it right.
struct SecretField {
  std::string_view kind;
  std::string_view object;
  std::string_view property;
};
constexpr SecretField kSecretFields[] = {
    {"KbsResource", "/spec", "value"},
    {"KbsResource", "/spec", "data"},
    {"KbsResource", "/spec", "stringData"},
    {"KbsResource", "/spec/source", "value"},
    {"TrusteeProfile", "/spec/resourceBackend/vault", "token"},
};

bool IsSecretField(std::string_view kind, std::string_view object, std::string_view property) {
  for (const auto& f : kSecretFields) {
    if (f.kind == kind && f.object == object && f.property == property) return true;
  }
  return false;
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// 'x' in "... constraints: 'x'." / "Missing required property 'x'.".
std::string QuotedTail(const std::string& description) {
  size_t close = description.rfind('\'');
  size_t open = close == std::string::npos || close == 0 ? std::string::npos
                                                         : description.rfind(" '", close - 1);
  if (open == std::string::npos) return "";
  return description.substr(open + 2, close - open - 2);
}

const nlohmann::json* NodeAt(const nlohmann::json& root, const NodePath& path) {
  const nlohmann::json* node = &root;
  for (const auto& step : path.steps) {
    if (step.is_index && node->is_array()) {
      size_t index = std::strtoul(step.key.c_str(), nullptr, 10);
      if (index >= node->size()) return nullptr;
      node = &(*node)[index];
    } else if (!step.is_index && node->is_object() && node->contains(step.key)) {
      node = &node->at(step.key);
    } else {
      return nullptr;
    }
  }
  return node;
}

std::string TypeWord(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return "an integer";
    case nlohmann::json::value_t::number_float:
      return "a number";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::object:
      return "a mapping";
    case nlohmann::json::value_t::array:
      return "a list";
    case nlohmann::json::value_t::binary:
    case nlohmann::json::value_t::discarded:
      break;
  }
  return "a value";
}

std::string SchemaTypeWord(const std::string& type) {
  if (type == "object") return "a mapping";
  if (type == "array") return "a list";
  if (type == "integer") return "an integer";
  return "a " + type;
}

std::string ExpectedTypes(SchemaNode schema) {
  schema = Deref(schema);
  if (!schema || !schema.node->contains("type")) return "another type";
  const nlohmann::json& type = schema.node->at("type");
  if (type.is_string()) return SchemaTypeWord(type.get<std::string>());
  std::string out;
  for (size_t i = 0; i < type.size(); ++i) {
    out += (i == 0                 ? ""
            : i + 1 == type.size() ? " or "
                                   : ", ") +
           SchemaTypeWord(type[i].get<std::string>());
  }
  return out;
}

// A short rendering of a value for messages.
std::string Shown(const nlohmann::json* value) {
  if (!value) return "the value";
  std::string text = value->is_string() ? value->get<std::string>() : value->dump();
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return value->is_string() ? JsonQuote(text) : text;
}

std::string FirstSentence(const std::string& text) {
  size_t end = text.find(". ");
  return end == std::string::npos ? text : text.substr(0, end + 1);
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::vector<std::string> EnumValues(SchemaNode schema) {
  schema = Deref(schema);
  std::vector<std::string> values;
  if (!schema) return values;
  if (schema.node->contains("enum")) {
    for (const auto& v : schema.node->at("enum"))
      values.push_back(v.is_string() ? v.get<std::string>() : v.dump());
  } else if (schema.node->contains("const")) {
    const auto& v = schema.node->at("const");
    values.push_back(v.is_string() ? v.get<std::string>() : v.dump());
  }
  return values;
}

std::string Bound(SchemaNode schema, const char* key) {
  schema = Deref(schema);
  if (!schema || !schema.node->contains(key)) return "";
  return schema.node->at(key).dump();
}

struct Report {
  DiagKind kind = DiagKind::kBadFormat;
  Location at;
  std::string message;
  std::string hint;
};

Report MissingProperty(const SourceDocument& doc, std::string_view kind, const NodePath& path,
                       const std::string& property) {
  std::string where = path.steps.empty() ? "" : " in " + path.Display();
  std::string description = DescriptionOf(ChildSchema(path.Schema(kind), property, false));
  return {
      DiagKind::kMissingProperty, doc.KeyLocation(path.pointer),
      "missing required property \"" + property + "\"" + where,
      "add `" + property + ":`" + (description.empty() ? "" : " — " + FirstSentence(description))};
}

Report UnknownProperty(const SourceDocument& doc, std::string_view kind, const NodePath& path,
                       const std::string& property) {
  std::string pointer = AppendPointer(path.pointer, property);
  std::string where = path.steps.empty() ? "" : " in " + path.Display();
  if (IsSecretField(kind, path.pointer, property)) {
    return {DiagKind::kSecretInRepository, doc.KeyLocation(pointer),
            "\"" + property + "\" would store a secret value in the repository",
            "remove it and name where the value is read at apply time (spec.source: file, env or "
            "vault); secret values never go into Git"};
  }
  std::vector<std::string> known = PropertyNames(path.Schema(kind));
  std::string close = ClosestMatch(property, known);
  return {DiagKind::kUnknownProperty, doc.KeyLocation(pointer),
          "unknown property \"" + property + "\"" + where,
          close.empty() ? "allowed here: " + Join(known) : "did you mean \"" + close + "\"?"};
}

Report NotAllowed(const SourceDocument& doc, std::string_view kind, const NodePath& path,
                  const nlohmann::json* value) {
  std::vector<std::string> allowed = EnumValues(path.Schema(kind));
  std::string close =
      value && value->is_string() ? ClosestMatch(value->get<std::string>(), allowed) : "";
  return {DiagKind::kValueNotAllowed, doc.ValueLocation(path.pointer),
          Shown(value) + " is not allowed for " + path.Display() +
              "; expected one of: " + Join(allowed),
          close.empty() ? "" : "did you mean \"" + close + "\"?"};
}

Report OutOfRange(const SourceDocument& doc, std::string_view kind, const NodePath& path,
                  const nlohmann::json* value, const std::string& description) {
  SchemaNode schema = path.Schema(kind);
  Location at = doc.ValueLocation(path.pointer);
  std::string name = path.Display();
  if (StartsWith(description, "Expected number")) {
    std::vector<std::string> bounds;
    for (auto [key, words] : {std::pair{"minimum", "minimum "},
                              {"exclusiveMinimum", "more than "},
                              {"maximum", "maximum "},
                              {"exclusiveMaximum", "less than "}}) {
      if (std::string bound = Bound(schema, key); !bound.empty()) bounds.push_back(words + bound);
    }
    return {DiagKind::kOutOfRange, at,
            Shown(value) + " is out of range for " + name + " (" + Join(bounds) + ")", ""};
  }
  if (StartsWith(description, "Object should have")) {
    if (Bound(schema, "minProperties") == "1" && Bound(schema, "maxProperties") == "1") {
      return {DiagKind::kExactlyOneOf, doc.KeyLocation(path.pointer),
              "exactly one of " + Join(PropertyNames(schema)) + " must be set in " + name,
              FirstSentence(DescriptionOf(schema))};
    }
    return {DiagKind::kOutOfRange, doc.KeyLocation(path.pointer),
            name + " needs at least " + Bound(schema, "minProperties") + " entries", ""};
  }
  if (StartsWith(description, "String should be")) {
    bool too_long = description.find("no more than") != std::string::npos;
    return {DiagKind::kOutOfRange, at,
            name + " is " +
                (too_long ? "longer than " + Bound(schema, "maxLength")
                          : "shorter than " + Bound(schema, "minLength")) +
                " characters",
            ""};
  }
  bool too_many = description.find("no more than") != std::string::npos;
  return {DiagKind::kOutOfRange, doc.KeyLocation(path.pointer),
          name +
              (too_many ? " has more than " + Bound(schema, "maxItems")
                        : " has fewer than " + Bound(schema, "minItems")) +
              " entries",
          ""};
}

Report Duplicate(const SourceDocument& doc, const NodePath& path, const std::string& description) {
  // "Elements at indexes #0 and #2 violate uniqueness constraint."
  size_t first_hash = description.find('#');
  size_t second_hash = description.find('#', first_hash + 1);
  std::string first =
      description.substr(first_hash + 1, description.find(' ', first_hash) - first_hash - 1);
  std::string second =
      description.substr(second_hash + 1, description.find(' ', second_hash) - second_hash - 1);
  NodePath item = path;
  item.pointer = AppendPointer(path.pointer, second);
  item.steps.push_back({second, true});
  const nlohmann::json* value = NodeAt(doc.value, item);
  return {DiagKind::kDuplicateListEntry, doc.ValueLocation(item.pointer),
          "duplicate entry " + Shown(value) + " in " + path.Display() + " (also at index " + first +
              ")",
          "remove one of them"};
}

}  // namespace

std::string NodePath::Display() const {
  if (steps.empty()) return "the document";
  std::string out;
  for (const auto& step : steps) {
    if (step.is_index) {
      out += "[" + step.key + "]";
    } else {
      out += (out.empty() ? "" : ".") + step.key;
    }
  }
  return out;
}

SchemaNode NodePath::Schema(std::string_view kind) const {
  SchemaNode node = KindSchema(kind);
  for (const auto& step : steps) {
    if (!node) break;
    node = ChildSchema(node, step.key, step.is_index);
  }
  return node;
}

void ReportSchemaError(const SourceDocument& doc, std::string_view kind, const NodePath& path,
                       const std::string& description, DiagnosticSink& sink) {
  const nlohmann::json* value = NodeAt(doc.value, path);
  Report report;
  if (StartsWith(description, "Missing required property")) {
    report = MissingProperty(doc, kind, path, QuotedTail(description));
  } else if (StartsWith(description, "Object contains a property")) {
    report = UnknownProperty(doc, kind, path, QuotedTail(description));
  } else if (StartsWith(description, "Value type not permitted")) {
    report = {DiagKind::kWrongType, doc.ValueLocation(path.pointer),
              path.Display() + " must be " + ExpectedTypes(path.Schema(kind)) + ", not " +
                  (value ? TypeWord(*value) : "this"),
              FirstSentence(DescriptionOf(path.Schema(kind)))};
  } else if (StartsWith(description, "Failed to match against any enum") ||
             StartsWith(description, "Failed to match expected value set by 'const'")) {
    report = NotAllowed(doc, kind, path, value);
  } else if (StartsWith(description, "Failed to match regex")) {
    report = {DiagKind::kBadFormat, doc.ValueLocation(path.pointer),
              Shown(value) + " is not a valid " + path.Display(),
              DescriptionOf(Deref(path.Schema(kind)))};
  } else if (StartsWith(description, "Expected number") ||
             StartsWith(description, "Object should have") ||
             StartsWith(description, "String should be no") ||
             StartsWith(description, "Array should contain")) {
    report = OutOfRange(doc, kind, path, value, description);
  } else if (StartsWith(description, "Elements at indexes")) {
    report = Duplicate(doc, path, description);
  } else {
    // No keyword of our schemas yields another message (SchemaTest checks
    // the keywords); a new one still reports, with valijson's words.
    report = {DiagKind::kBadFormat, doc.ValueLocation(path.pointer),
              path.Display() + ": " + description, FirstSentence(DescriptionOf(path.Schema(kind)))};
  }
  if (report.at.file.empty()) report.at = doc.start;
  sink.Emit(report.kind, report.at, report.message, report.hint);
}

void CheckPropertyNames(const SourceDocument& doc, std::string_view kind, DiagnosticSink& sink) {
  // Iterative walk (documents are at most kMaxDepth deep). Each node keeps
  // its parent's entry and its own key or index, so a path is spelled out
  // only for a key that is reported.
  struct Entry {
    const nlohmann::json* node;
    SchemaNode schema;
    size_t parent;
    std::string_view key;  // into the document; empty for an array item
    size_t index;
  };
  constexpr size_t kRoot = static_cast<size_t>(-1);
  std::vector<Entry> entries{{&doc.value, KindSchema(kind), kRoot, {}, 0}};
  auto path_of = [&entries](size_t i) {
    std::vector<size_t> chain;
    for (; entries[i].parent != kRoot; i = entries[i].parent) chain.push_back(i);
    NodePath path;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      const Entry& e = entries[*it];
      bool is_index = entries[e.parent].node->is_array();
      std::string step = is_index ? std::to_string(e.index) : std::string(e.key);
      path.pointer = AppendPointer(path.pointer, step);
      path.steps.push_back({std::move(step), is_index});
    }
    return path;
  };
  // Patterns come only from the embedded schemas, so the set is small and
  // fixed; compiling them once per thread instead of once per document took
  // a fifth of a 10,000-workload compile.
  thread_local std::map<std::string, std::optional<std::regex>, std::less<>> regexes;
  auto matches = [](const std::string& key, std::string_view pattern) {
    auto [it, inserted] = regexes.try_emplace(std::string(pattern));
    if (inserted) {
      try {
        it->second.emplace(it->first);
      } catch (const std::regex_error&) {
        // SchemaTest compiles every pattern; a broken one accepts all keys.
      }
    }
    return !it->second || std::regex_search(key, *it->second);
  };
  std::vector<size_t> work{0};
  while (!work.empty()) {
    size_t i = work.back();
    work.pop_back();
    const nlohmann::json* node = entries[i].node;
    SchemaNode schema = Deref(entries[i].schema);
    if (!schema) continue;
    if (node->is_object()) {
      auto names = schema.node->find("propertyNames");
      bool check = names != schema.node->end() && names->is_object();
      size_t max = check ? names->value("maxLength", size_t{1024}) : 0;
      auto pattern = check ? names->find("pattern") : names;
      bool has_pattern = check && pattern != names->end() && pattern->is_string();
      for (auto it = node->begin(); it != node->end(); ++it) {
        const std::string& key = it.key();
        bool ok =
            !check || (key.size() <= max &&
                       (!has_pattern || matches(key, pattern->get_ref<const std::string&>())));
        if (!ok) {
          NodePath parent = path_of(i);
          std::string pointer = AppendPointer(parent.pointer, key);
          sink.Emit(DiagKind::kBadFormat, doc.KeyLocation(pointer),
                    JsonQuote(key) + " is not a valid key in " + parent.Display(),
                    DescriptionOf(entries[i].schema));
        }
        entries.push_back({&*it, ChildSchema(schema, key, false), i, key, 0});
        work.push_back(entries.size() - 1);
      }
    } else if (node->is_array()) {
      for (size_t k = 0; k < node->size(); ++k) {
        entries.push_back({&(*node)[k], ChildSchema(schema, "", true), i, {}, k});
        work.push_back(entries.size() - 1);
      }
    }
  }
}

}  // namespace cocoplane::model
