#include "gen/trustee/rvps.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "base/strings.h"
#include "crypto/encoding.h"
#include "gen/trustee/kbs_config.h"
#include "gen/trustee/versions.h"

namespace cocoplane::gen::trustee {
namespace {

using crypto::Base64Alphabet;
using crypto::Base64Encode;

// The sample extractor (rvps/src/extractors/sample) is the one that takes
// plain name -> value JSON without signatures.
constexpr std::string_view kSampleType = "sample";

nlohmann::json ScalarJson(const ReferenceScalar& scalar) {
  if (const auto* s = std::get_if<std::string>(&scalar)) return *s;
  if (const auto* i = std::get_if<int64_t>(&scalar)) return *i;
  return std::get<bool>(scalar);
}

nlohmann::json ValueJson(const ReferenceValueInput& value) {
  if (value.single_value) return ScalarJson(value.values.front());
  nlohmann::json list = nlohmann::json::array();
  for (const auto& scalar : value.values) list.push_back(ScalarJson(scalar));
  return list;
}

Status ValidateEntry(const ReferenceValueInput& value) {
  if (value.name.empty()) return Status::InvalidArgument("reference value with an empty name");
  if (!IsValidUtf8(value.name)) {
    return Status::InvalidArgument("reference value name is not UTF-8");
  }
  if (value.single_value && value.values.size() != 1) {
    return Status::InvalidArgument("reference value \"" + value.name +
                                   "\" is single-valued but has " +
                                   std::to_string(value.values.size()) + " values");
  }
  for (const auto& scalar : value.values) {
    const auto* s = std::get_if<std::string>(&scalar);
    if (s != nullptr && !IsValidUtf8(*s)) {
      return Status::InvalidArgument("reference value \"" + value.name +
                                     "\" has a non-UTF-8 value");
    }
  }
  return Status::Ok();
}

Status ValidateAll(std::string_view trustee_version,
                   const std::vector<ReferenceValueInput>& values) {
  if (FactsFor(trustee_version) == nullptr) return UnsupportedTrusteeVersion(trustee_version);
  std::set<std::string_view> seen;
  for (const auto& value : values) {
    if (Status s = ValidateEntry(value); !s.ok()) return s;
    if (!seen.insert(value.name).second) {
      return Status::InvalidArgument("reference value \"" + value.name + "\" is listed twice");
    }
  }
  return Status::Ok();
}

// nlohmann throws on invalid UTF-8; inputs are validated above, so this is
// the adapter's last line of defence, not a normal path.
Result<std::string> Dump(const nlohmann::ordered_json& json) {
  try {
    return json.dump();
  } catch (const nlohmann::json::exception& e) {
    return Status::Internal(std::string("JSON serialisation failed: ") + e.what());
  }
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

int ToInt(std::string_view s) {
  int out = 0;
  for (char c : s) out = out * 10 + (c - '0');
  return out;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

bool IsValidExpiration(std::string_view t) {
  // Layout: YYYY-MM-DDTHH:MM:SSZ, 20 characters.
  if (t.size() != 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' ||
      t[16] != ':' || t[19] != 'Z') {
    return false;
  }
  const std::string_view parts[] = {t.substr(0, 4),  t.substr(5, 2),  t.substr(8, 2),
                                    t.substr(11, 2), t.substr(14, 2), t.substr(17, 2)};
  for (auto p : parts) {
    if (!AllDigits(p)) return false;
  }
  int year = ToInt(parts[0]), month = ToInt(parts[1]), day = ToInt(parts[2]);
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return false;
  return ToInt(parts[3]) < 24 && ToInt(parts[4]) < 60 && ToInt(parts[5]) < 60;
}

Result<std::string> RegistrationMessage(std::string_view trustee_version,
                                        const std::vector<ReferenceValueInput>& values) {
  if (Status s = ValidateAll(trustee_version, values); !s.ok()) return s;
  const TrusteeVersionFacts& facts = *FactsFor(trustee_version);
  // Names sorted through std::map; the extractor reads them into a HashMap,
  // so the order only matters for determinism.
  nlohmann::ordered_json payload = nlohmann::ordered_json::object();
  std::map<std::string, nlohmann::json> sorted;
  for (const auto& value : values) sorted.emplace(value.name, ValueJson(value));
  for (auto& [name, json] : sorted) payload[name] = json;
  Result<std::string> payload_text = Dump(payload);
  if (!payload_text.ok()) return payload_text.status();
  // rvps/src/lib.rs Message { version, type, payload }; the sample
  // extractor decodes the payload with base64 STANDARD (padded).
  nlohmann::ordered_json message = {
      {"version", std::string(facts.rvps_message_version)},
      {"type", std::string(kSampleType)},
      {"payload", Base64Encode(*payload_text, Base64Alphabet::kStandard, /*pad=*/true)}};
  return Dump(message);
}

Result<std::string> StoredReferenceValue(std::string_view trustee_version,
                                         const ReferenceValueInput& value,
                                         LocalJsonOptions options) {
  if (Status s = ValidateAll(trustee_version, {value}); !s.ok()) return s;
  if (!IsValidExpiration(value.expiration)) {
    return Status::InvalidArgument("reference value \"" + value.name + "\" expiration \"" +
                                   value.expiration + "\" is not YYYY-MM-DDTHH:MM:SSZ");
  }
  const TrusteeVersionFacts& facts = *FactsFor(trustee_version);
  // Declaration order of ReferenceValue in rvps/src/reference_value.rs.
  nlohmann::ordered_json stored = nlohmann::ordered_json::object();
  if (options.emit_version) stored["version"] = std::string(facts.reference_value_version);
  stored["name"] = value.name;
  stored["expiration"] = value.expiration;
  stored["value"] = ValueJson(value);
  return Dump(stored);
}

Result<std::string> LocalJsonReferenceValues(std::string_view trustee_version,
                                             const std::vector<ReferenceValueInput>& values,
                                             LocalJsonOptions options) {
  if (Status s = ValidateAll(trustee_version, values); !s.ok()) return s;
  std::map<std::string, std::string> sorted;
  for (const auto& value : values) {
    Result<std::string> stored = StoredReferenceValue(trustee_version, value, options);
    if (!stored.ok()) return stored.status();
    // URL_SAFE (padded) in deps/key-value-storage/src/local_json/mod.rs.
    sorted.emplace(value.name, Base64Encode(*stored, Base64Alphabet::kUrl, /*pad=*/true));
  }
  nlohmann::ordered_json file = nlohmann::ordered_json::object();
  for (const auto& [name, encoded] : sorted) file[name] = encoded;
  return Dump(file);
}

}  // namespace cocoplane::gen::trustee
