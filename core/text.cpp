#include "core/text.h"

#include <cstdint>

namespace huicai {
namespace {

// Decodes one code point at text[i]; returns its length in bytes, or 0 if the bytes there are
// not well-formed UTF-8 (overlong, surrogate, past U+10FFFF, truncated).
size_t DecodeOne(std::string_view text, size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  size_t len = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1Fu;
    min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0Fu;
    min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07u;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

bool IsTrimmable(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x00A0 || cp == 0x3000 ||
         cp == 0xFEFF;
}

}  // namespace

void AppendUtf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::u32string DecodeUtf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    const size_t len = DecodeOne(text, i, cp);
    if (len == 0) {
      out.push_back(0xFFFD);
      ++i;
    } else {
      out.push_back(cp);
      i += len;
    }
  }
  return out;
}

std::string Trim(std::string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end) {
    char32_t cp = 0;
    const size_t len = DecodeOne(text, begin, cp);
    if (len == 0 || !IsTrimmable(cp)) break;
    begin += len;
  }
  while (end > begin) {
    // Step back to the start of the last code point (at most 4 bytes).
    size_t start = end - 1;
    while (start > begin && end - start < 4 &&
           (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
      --start;
    }
    char32_t cp = 0;
    const size_t len = DecodeOne(text, start, cp);
    if (len == 0 || start + len != end || !IsTrimmable(cp)) break;
    end = start;
  }
  return std::string(text.substr(begin, end - begin));
}

std::string FullWidthToHalfWidth(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    const size_t len = DecodeOne(text, i, cp);
    if (len == 0) {
      out.push_back(text[i]);
      ++i;
      continue;
    }
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      out.push_back(static_cast<char>(cp - 0xFF01 + 0x21));
    } else if (cp == 0x3000) {
      out.push_back(' ');
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    const size_t len = DecodeOne(text, i, cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::vector<std::string> SplitCodePoints(std::string_view text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    size_t len = DecodeOne(text, i, cp);
    if (len == 0) len = 1;
    out.emplace_back(text.substr(i, len));
    i += len;
  }
  return out;
}

bool IsHan(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) ||    // CJK Unified Ideographs
         (cp >= 0x3400 && cp <= 0x4DBF) ||    // Extension A
         (cp >= 0x20000 && cp <= 0x2A6DF) ||  // Extension B
         (cp >= 0x2A700 && cp <= 0x2EBEF) ||  // Extensions C-F (and I)
         (cp >= 0x30000 && cp <= 0x323AF) ||  // Extensions G-H
         (cp >= 0xF900 && cp <= 0xFAFF) ||    // Compatibility Ideographs
         (cp >= 0x2F800 && cp <= 0x2FA1F) ||  // Compatibility Ideographs Supplement
         cp == 0x3007;                        // 〇
}

std::vector<std::string> Split(std::string_view text, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t pos = text.find(sep, start);
    if (pos == std::string_view::npos) {
      out.emplace_back(text.substr(start));
      return out;
    }
    out.emplace_back(text.substr(start, pos - start));
    start = pos + 1;
  }
}

std::string CsvCell(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

namespace {
std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}
}  // namespace

std::string RedactConnectionString(std::string_view connection_string) {
  std::string out;
  size_t i = 0;
  const std::string_view s = connection_string;
  while (i < s.size()) {
    size_t eq = s.find('=', i);
    if (eq == std::string_view::npos) {
      out.append(s.substr(i));
      break;
    }
    std::string key(s.substr(i, eq - i));
    size_t j = eq + 1;
    if (j < s.size() && s[j] == '{') {
      size_t close = s.find('}', j);
      j = close == std::string_view::npos ? s.size() : close + 1;
    }
    size_t semi = s.find(';', j);
    size_t end = semi == std::string_view::npos ? s.size() : semi;
    std::string trimmed = AsciiLower(key);
    trimmed.erase(0, trimmed.find_first_not_of(' '));
    while (!trimmed.empty() && trimmed.back() == ' ') trimmed.pop_back();
    out += key;
    out += '=';
    if (trimmed == "pwd" || trimmed == "password") {
      out += "***";
    } else {
      out.append(s.substr(eq + 1, end - eq - 1));
    }
    if (semi == std::string_view::npos) break;
    out += ';';
    i = semi + 1;
  }
  return out;
}

std::string LowerHex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * bytes.size());
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0x0f]);
  }
  return out;
}

}  // namespace huicai
