// Decoders for KbsResource and ReferenceValues documents.
#include "model/decode.h"

namespace cocoplane::model {
namespace {

ResourceKind ParseResourceKind(std::string_view name) {
  if (name == "key") return ResourceKind::kKey;
  if (name == "credential") return ResourceKind::kCredential;
  if (name == "certificate") return ResourceKind::kCertificate;
  if (name == "policy") return ResourceKind::kPolicy;
  if (name == "other") return ResourceKind::kOther;
  return ResourceKind::kUnspecified;
}

int Digits(std::string_view s, size_t at, size_t n) {
  int value = 0;
  for (size_t i = at; i < at + n; ++i) value = value * 10 + (s[i] - '0');
  return value;
}

// The schema checks the shape YYYY-MM-DDTHH:MM:SSZ; RVPS parses it with
// chrono, which also rejects dates that do not exist (trustee.md §4).
bool IsRealDateTime(std::string_view s) {
  if (s.size() != 20) return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int year = Digits(s, 0, 4), month = Digits(s, 5, 2), day = Digits(s, 8, 2);
  int hour = Digits(s, 11, 2), minute = Digits(s, 14, 2), second = Digits(s, 17, 2);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

bool HasDateShape(std::string_view s) {
  return s.size() == 20 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' &&
         s[16] == ':' && s[19] == 'Z';
}

}  // namespace

void DecodeKbsResource(const Fields& f, DecodeContext& context) {
  KbsResource r;
  r.metadata = f.ReadMetadata();
  r.path = f.Str("/spec/path");
  r.kind = ParseResourceKind(f.Str("/spec/kind").value);
  r.kind_location = f.At("/spec/kind");
  r.description = f.Str("/spec/description").value;
  r.source = ReadSecretSource(f, "/spec/source", context);
  context.model.kbs_resources.push_back(std::move(r));
}

void DecodeReferenceValues(const Fields& f, DecodeContext& context) {
  ReferenceValues rv;
  rv.metadata = f.ReadMetadata();
  rv.expiration = f.OptStr("/spec/expiration");
  if (rv.expiration && HasDateShape(rv.expiration->value) &&
      !IsRealDateTime(rv.expiration->value)) {
    context.sink.Emit(DiagKind::kBadFormat, rv.expiration->location,
                      "\"" + rv.expiration->value + "\" is not a real date and time",
                      "use an existing UTC time, e.g. 2027-01-01T00:00:00Z");
  }
  for (const std::string& name : f.Keys("/spec/values")) {
    std::string list = AppendPointer("/spec/values", name);
    Positioned<std::vector<ReferenceValueItem>>& values = rv.values[name];
    values.location = f.KeyAt(list);
    for (size_t i = 0; i < f.Size(list); ++i) {
      const nlohmann::json* item = f.Get(AppendPointer(list, std::to_string(i)));
      if (item->is_string()) {
        values.value.emplace_back(item->get<std::string>());
      } else if (item->is_number_integer()) {
        values.value.emplace_back(item->get<int64_t>());
      }
    }
  }
  context.model.reference_values.push_back(std::move(rv));
}

}  // namespace cocoplane::model
