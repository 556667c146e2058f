#include "reconcile/record.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "fs/atomic_file.h"

namespace cocoplane::reconcile {
namespace {

using nlohmann::json;

json ObjectsToJson(const std::vector<AppliedObject>& objects) {
  json out = json::array();
  for (const auto& o : objects) {
    json object = {{"target", o.target}, {"address", o.address}, {"sha256", o.sha256},
                   {"artifact", o.artifact}, {"artifact_sha256", o.artifact_sha256},
                   {"secret", o.secret}};
    // Written only when set, so records of objects without an opt-out read
    // as before.
    if (!o.drift.empty()) object["drift"] = o.drift;
    out.push_back(std::move(object));
  }
  return out;
}

json EntryToJson(const RecordEntry& e) {
  return {{"revision", e.revision}, {"applied_at", e.applied_at},
          {"objects", ObjectsToJson(e.objects)}};
}

std::vector<AppliedObject> ObjectsFromJson(const json& j) {
  std::vector<AppliedObject> out;
  for (const auto& o : j) {
    out.push_back({o.at("target").get<std::string>(), o.at("address").get<std::string>(),
                   o.at("sha256").get<std::string>(), o.at("artifact").get<std::string>(),
                   o.at("artifact_sha256").get<std::string>(), o.at("secret").get<bool>(),
                   o.value("drift", "")});
  }
  return out;
}

RecordEntry EntryFromJson(const json& j) {
  return {j.at("revision").get<std::string>(), j.at("applied_at").get<std::string>(),
          ObjectsFromJson(j.at("objects"))};
}

}  // namespace

bool Record::Owns(const std::string& target, const std::string& address) const {
  auto match = [&](const AppliedObject& o) { return o.target == target && o.address == address; };
  return std::any_of(current.objects.begin(), current.objects.end(), match) ||
         std::any_of(pending.begin(), pending.end(), match);
}

void Record::Commit(RecordEntry entry) {
  current = std::move(entry);
  pending.clear();
  history.insert(history.begin(), current);
  if (history.size() > kHistory) history.resize(kHistory);
}

std::string RecordToJson(const Record& record) {
  json history = json::array();
  for (const auto& e : record.history) history.push_back(EntryToJson(e));
  json doc = {{"version", 1},
              {"current", EntryToJson(record.current)},
              {"pending", ObjectsToJson(record.pending)},
              {"history", history}};
  return doc.dump(2) + "\n";
}

Result<Record> LoadRecord(const std::string& path) {
  Result<std::string> bytes = fs::ReadFile(path);
  if (!bytes.ok()) {
    if (bytes.status().code() == StatusCode::kNotFound) return Record{};
    return bytes.status();
  }
  try {
    json doc = json::parse(*bytes);
    if (doc.at("version").get<int>() != 1) {
      return Status::DataLoss(path + ": unknown record version");
    }
    Record r;
    r.current = EntryFromJson(doc.at("current"));
    r.pending = ObjectsFromJson(doc.at("pending"));
    for (const auto& e : doc.at("history")) r.history.push_back(EntryFromJson(e));
    return r;
  } catch (const json::exception& e) {
    return Status::DataLoss(path + " is corrupt (" + e.what() +
                            "); move it aside only if you know what cocoplane owns");
  }
}

Status SaveRecord(const std::string& path, const Record& record) {
  return fs::WriteFileAtomic(path, RecordToJson(record), 0600);
}

}  // namespace cocoplane::reconcile
