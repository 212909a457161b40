#include "core/mask.h"

#include <algorithm>
#include <charconv>

#include "core/text.h"

namespace huicai {
namespace {

// ID numbers, phones and cards are masked on their characters alone: "138 1234-5678" is
// masked as 13812345678 so the spaces do not shift what is kept.
std::string Compact(std::string_view raw) {
  std::string text = Trim(FullWidthToHalfWidth(raw));
  std::erase_if(text, [](char c) { return c == ' ' || c == '-'; });
  return text;
}

bool ParseCount(std::string_view text, int& out) {
  const std::string t = Trim(text);
  if (t.empty()) return false;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
  return ec == std::errc() && ptr == t.data() + t.size() && out >= 0 && out <= 64;
}

}  // namespace

std::string ApplyMask(std::string_view value, const MaskPattern& pattern) {
  const std::vector<std::string> points = SplitCodePoints(value);
  const int n = static_cast<int>(points.size());
  if (n == 0) return "";
  int head = std::max(pattern.keep_head, 0);
  int tail = std::max(pattern.keep_tail, 0);
  // Never reveal everything: if the kept parts would cover the value, keep at most half of it,
  // head first.
  if (head + tail >= n) {
    const int allowed = n / 2;
    head = std::min(head, allowed);
    tail = std::min(tail, allowed - head);
  }
  std::string fill;
  AppendUtf8(pattern.fill, fill);
  std::string out;
  for (int i = 0; i < n; ++i) {
    if (i < head || i >= n - tail) {
      out += points[static_cast<size_t>(i)];
    } else {
      out += fill;
    }
  }
  return out;
}

std::string MaskSensitive(std::string_view text, const MaskPatterns& patterns) {
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  auto is_word = [&](char c) {
    return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  };
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (!is_digit(text[i]) || (i > 0 && is_word(text[i - 1]))) {
      out += text[i++];
      continue;
    }
    size_t end = i;
    while (end < text.size() && is_digit(text[end])) ++end;
    // An ID number may end in the check character X.
    if (end - i == 17 && end < text.size() && (text[end] == 'X' || text[end] == 'x')) ++end;
    if (end < text.size() && is_word(text[end])) {  // part of a longer token: not an identifier
      while (end < text.size() && is_word(text[end])) ++end;
      out.append(text.substr(i, end - i));
      i = end;
      continue;
    }
    const std::string_view run = text.substr(i, end - i);
    if (run.size() == 18 || run.size() == 15) {
      out += ApplyMask(run, patterns.id_number);
    } else if (run.size() == 11 && run[0] == '1') {
      out += ApplyMask(run, patterns.mobile);
    } else if (run.size() >= 12) {
      out += ApplyMask(run, patterns.bank_card);
    } else {
      out.append(run);
    }
    i = end;
  }
  return out;
}

std::string MaskIdNumber(std::string_view id, const MaskPatterns& patterns) {
  return ApplyMask(Compact(id), patterns.id_number);
}

std::string MaskMobile(std::string_view mobile, const MaskPatterns& patterns) {
  return ApplyMask(Compact(mobile), patterns.mobile);
}

std::string MaskBankCard(std::string_view card, const MaskPatterns& patterns) {
  return ApplyMask(Compact(card), patterns.bank_card);
}

std::string MaskName(std::string_view name, const MaskPatterns& patterns) {
  return ApplyMask(Trim(name), patterns.name);
}

Result<MaskPattern> ParseMaskPattern(std::string_view text) {
  const std::string t = Trim(text);
  auto bad = [&](std::string_view why) {
    return Status::InvalidArgument("mask pattern '" + t + "': " + std::string(why) +
                                   "; write HEAD+TAIL or HEAD+TAIL:FILL, e.g. \"6+4\" or "
                                   "\"0+4:#\"");
  };
  MaskPattern pattern;
  std::string_view counts = t;
  if (const size_t colon = t.find(':'); colon != std::string::npos) {
    counts = std::string_view(t).substr(0, colon);
    const std::string fill = Trim(std::string_view(t).substr(colon + 1));
    const std::u32string cps = DecodeUtf8(fill);
    if (!IsValidUtf8(fill) || cps.size() != 1) return bad("the fill must be one character");
    pattern.fill = cps[0];
  }
  const size_t plus = counts.find('+');
  if (plus == std::string_view::npos) return bad("missing '+'");
  if (!ParseCount(counts.substr(0, plus), pattern.keep_head) ||
      !ParseCount(counts.substr(plus + 1), pattern.keep_tail)) {
    return bad("counts must be whole numbers from 0 to 64");
  }
  return pattern;
}

}  // namespace huicai
