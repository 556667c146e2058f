#include "cpl/check/shells.h"

#include <array>
#include <string_view>

#include "base/regex.h"

namespace cocoplane::cpl::check {
namespace {

constexpr std::array<std::string_view, 10> kShells = {"sh",  "bash", "ash", "dash", "zsh",
                                                      "ksh", "mksh", "csh", "tcsh", "fish"};

std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool IsShell(std::string_view path) {
  std::string_view base = BaseName(path);
  for (std::string_view shell : kShells) {
    if (base == shell) return true;
  }
  return false;
}

// Command lines a shell-admitting regex would match: each shell by bare
// name and by the usual absolute paths, alone and with `-c`, and behind
// busybox.
std::vector<std::string> ShellCommandLines() {
  std::vector<std::string> out;
  for (std::string_view shell : kShells) {
    std::string s(shell);
    for (const std::string& cmd : {s, "/bin/" + s, "/usr/bin/" + s, "busybox " + s, "/bin/busybox " + s}) {
      out.push_back(cmd);
      out.push_back(cmd + " -c id");
    }
  }
  return out;
}

}  // namespace

std::string ShellInArgv(const std::vector<std::string>& argv) {
  if (argv.empty()) return "";
  if (IsShell(argv[0])) return argv[0];
  std::string_view launcher = BaseName(argv[0]);
  if ((launcher == "busybox" || launcher == "env") && argv.size() > 1 && IsShell(argv[1])) {
    return argv[0] + " " + argv[1];
  }
  return "";
}

std::string ShellMatchedBy(const std::string& pattern) {
  static const std::vector<std::string> kLines = ShellCommandLines();
  // A pattern that does not compile has already been reported (CP5032);
  // here it simply admits nothing.
  Result<Regex> re = Regex::Compile(pattern);
  if (!re.ok()) return "";
  for (const std::string& line : kLines) {
    if (re->Search(line)) return line;
  }
  return "";
}

}  // namespace cocoplane::cpl::check
