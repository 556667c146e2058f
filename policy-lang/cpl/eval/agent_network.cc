// Sandbox and network agent rules: the same for every profile, modelled on
// genpolicy's rules.rego and its request_defaults (cpl/ir/agent_facts.h).
#include <algorithm>

#include "cpl/eval/agent_rules.h"
#include "cpl/eval/token_view.h"
#include "cpl/ir/agent_facts.h"

namespace cocoplane::cpl::eval::agent_rules {
namespace {

using nlohmann::json;

// Rego count(x) == 0 for strings, arrays and objects; undefined otherwise.
bool EmptyCollection(const json* v) {
  if (v == nullptr) return false;
  if (v->is_string()) return v->get_ref<const std::string&>().empty();
  if (v->is_array() || v->is_object()) return v->empty();
  return false;
}

// `not x in [names]`: fails only when x is one of the names.
template <size_t N>
bool NotIn(const json* v, const std::string_view (&names)[N]) {
  if (v == nullptr || !v->is_string()) return true;
  const auto& s = v->get_ref<const std::string&>();
  return std::none_of(std::begin(names), std::end(names), [&](std::string_view n) { return s == n; });
}

bool IsInteger(const json* v) { return v != nullptr && v->is_number_integer(); }

bool IsLoopback(const CompiledAgentProfile& p, const json* address) {
  const auto& res = p.regexes().loopback;
  return std::any_of(res.begin(), res.end(), [&](const Regex& re) { return RegexMatch(re, address); });
}

// `every x in list`: `list` must be an array (or object, iterated by value).
template <typename Fn>
bool Every(const json* list, Fn fn) {
  if (list == nullptr || !(list->is_array() || list->is_object())) return false;
  return std::all_of(list->begin(), list->end(), fn);
}

bool NeighborAllowed(const CompiledAgentProfile& p, const json& n, Trace& trace) {
  const json* ip = Member(&n, "toIPAddress");
  const json* mask = Member(ip, "mask");
  const json* state = Member(&n, "state");
  const json* flags = Member(&n, "flags");
  bool ok = NotIn(Member(&n, "device"), ir::kForbiddenDeviceNames) && mask != nullptr && *mask == "" &&
            !IsLoopback(p, Member(ip, "address")) && state != nullptr && state->is_number() &&
            state->get<double>() == static_cast<double>(ir::kArpAllowedState) && IsInteger(flags) &&
            (flags->get<int64_t>() | ir::kArpAllowedFlags) == ir::kArpAllowedFlags;
  if (!ok) trace.push_back("neighbor " + Show(&n) + " is not allowed");
  return ok;
}

}  // namespace

bool CreateSandbox(const json& request, Trace& trace) {
  const json* pidns = Member(&request, "sandbox_pidns");
  bool ok = EmptyCollection(Member(&request, "guest_hook_path")) &&
            EmptyCollection(Member(&request, "kernel_modules")) && pidns != nullptr && *pidns == false;
  trace.push_back(ok ? "no guest hooks, no kernel modules, no shared pid namespace"
                     : "guest hooks, kernel modules or a shared pid namespace requested");
  return ok;
}

bool UpdateInterface(const json& request, Trace& trace) {
  const json* iface = Member(&request, "interface");
  const json* flags = Member(iface, "raw_flags");
  if (!IsInteger(flags) || (flags->get<int64_t>() & ~ir::kInterfaceAllowedRawFlags) != 0) {
    trace.push_back("raw_flags " + Show(flags) + " not within the allowed mask");
    return false;
  }
  if (!NotIn(Member(iface, "name"), ir::kForbiddenInterfaceNames) ||
      !NotIn(Member(iface, "hwAddr"), ir::kForbiddenHwAddrs)) {
    trace.push_back("interface " + Show(iface) + " is loopback");
    return false;
  }
  trace.push_back("interface update allowed");
  return true;
}

bool UpdateRoutes(const CompiledAgentProfile& p, const json& request, Trace& trace) {
  const json* routes = Member(Member(&request, "routes"), "Routes");
  bool ok = Every(routes, [&](const json& r) {
    return !IsLoopback(p, Member(&r, "source")) && NotIn(Member(&r, "device"), ir::kForbiddenDeviceNames);
  });
  trace.push_back(ok ? "no route uses loopback" : "a route uses a loopback source or device");
  return ok;
}

bool AddArpNeighbors(const CompiledAgentProfile& p, const json& request, Trace& trace) {
  const json* neighbors = Member(Member(&request, "neighbors"), "ARPNeighbors");
  bool ok = Every(neighbors, [&](const json& n) { return NeighborAllowed(p, n, trace); });
  if (ok) trace.push_back("all ARP neighbors allowed");
  return ok;
}

}  // namespace cocoplane::cpl::eval::agent_rules
