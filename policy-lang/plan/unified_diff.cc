#include "plan/unified_diff.h"

#include <algorithm>
#include <vector>

namespace cocoplane::plan {
namespace {

struct Line {
  std::string_view text;
  bool has_newline;
};

std::vector<Line> SplitLines(std::string_view s) {
  std::vector<Line> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t nl = s.find('\n', start);
    if (nl == std::string_view::npos) {
      out.push_back({s.substr(start), false});
      break;
    }
    out.push_back({s.substr(start, nl - start), true});
    start = nl + 1;
  }
  return out;
}

enum class Op { kKeep, kDelete, kInsert };

bool SameLine(const Line& a, const Line& b) {
  return a.text == b.text && a.has_newline == b.has_newline;
}

// Myers' greedy forward algorithm with a trace for backtracking. Returns
// false when D would exceed max_edits.
bool MyersScript(const std::vector<Line>& a, const std::vector<Line>& b, int max_edits,
                 std::vector<Op>* script) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  const int max_d = std::min(n + m, max_edits);
  const int offset = max_d + 1;
  std::vector<int> v(2 * max_d + 3, 0);
  std::vector<std::vector<int>> trace;
  for (int d = 0; d <= max_d; ++d) {
    trace.push_back(v);
    for (int k = -d; k <= d; k += 2) {
      int x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                  ? v[offset + k + 1]
                  : v[offset + k - 1] + 1;
      int y = x - k;
      while (x < n && y < m && SameLine(a[x], b[y])) {
        ++x;
        ++y;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        // Backtrack through the trace to recover the edit script.
        std::vector<Op> rev;
        int cx = n, cy = m;
        for (int dd = d; dd > 0; --dd) {
          const std::vector<int>& pv = trace[dd];
          int ck = cx - cy;
          int prev_k = (ck == -dd || (ck != dd && pv[offset + ck - 1] < pv[offset + ck + 1]))
                           ? ck + 1
                           : ck - 1;
          int px = pv[offset + prev_k];
          int py = px - prev_k;
          while (cx > px && cy > py) {
            rev.push_back(Op::kKeep);
            --cx;
            --cy;
          }
          rev.push_back(cx == px ? Op::kInsert : Op::kDelete);
          cx = px;
          cy = py;
        }
        while (cx > 0 && cy > 0) {
          rev.push_back(Op::kKeep);
          --cx;
          --cy;
        }
        script->assign(rev.rbegin(), rev.rend());
        return true;
      }
    }
  }
  return false;
}

void AppendLine(char sign, const Line& line, std::string* out) {
  *out += sign;
  out->append(line.text);
  *out += '\n';
  if (!line.has_newline) *out += "\\ No newline at end of file\n";
}

std::string Range(int start, int count) {
  // diff prints the line before the hunk when it is empty.
  if (count == 0) return std::to_string(start) + ",0";
  if (count == 1) return std::to_string(start + 1);
  return std::to_string(start + 1) + "," + std::to_string(count);
}

}  // namespace

std::string UnifiedDiff(std::string_view before, std::string_view after, std::string_view label,
                        const DiffOptions& options) {
  if (before == after) return "";
  std::vector<Line> a = SplitLines(before), b = SplitLines(after);
  std::vector<Op> script;
  if (!MyersScript(a, b, options.max_edits, &script)) {
    script.assign(a.size(), Op::kDelete);
    script.insert(script.end(), b.size(), Op::kInsert);
  }
  std::string out = "--- a/" + std::string(label) + "\n+++ b/" + std::string(label) + "\n";
  // Positions of each script entry in a and b.
  std::vector<int> ai(script.size() + 1), bi(script.size() + 1);
  for (size_t i = 0; i < script.size(); ++i) {
    ai[i + 1] = ai[i] + (script[i] != Op::kInsert);
    bi[i + 1] = bi[i] + (script[i] != Op::kDelete);
  }
  const int ctx = options.context;
  size_t i = 0;
  while (i < script.size()) {
    if (script[i] == Op::kKeep) {
      ++i;
      continue;
    }
    // A hunk starts `ctx` entries before the first change and extends while
    // changes are closer than 2*ctx keeps apart.
    size_t start = i >= static_cast<size_t>(ctx) ? i - ctx : 0;
    size_t end = i;
    size_t keeps = 0;
    for (size_t j = i; j < script.size(); ++j) {
      if (script[j] == Op::kKeep) {
        if (++keeps > static_cast<size_t>(2 * ctx)) break;
      } else {
        keeps = 0;
        end = j;
      }
    }
    size_t stop = std::min(script.size(), end + 1 + ctx);
    out += "@@ -" + Range(ai[start], ai[stop] - ai[start]) + " +" +
           Range(bi[start], bi[stop] - bi[start]) + " @@\n";
    for (size_t j = start; j < stop; ++j) {
      switch (script[j]) {
        case Op::kKeep: AppendLine(' ', a[ai[j]], &out); break;
        case Op::kDelete: AppendLine('-', a[ai[j]], &out); break;
        case Op::kInsert: AppendLine('+', b[bi[j]], &out); break;
      }
    }
    i = stop;
  }
  return out;
}

}  // namespace cocoplane::plan
