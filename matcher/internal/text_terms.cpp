#include "matcher/internal/text_terms.h"

#include <cstddef>
#include <cstdint>

namespace huicai::matcher::internal {
namespace {

struct CodePoint {
  char32_t value = 0;
  std::size_t begin = 0;  // byte offset in the text
  std::size_t size = 0;   // bytes; 0 marks a malformed byte
};

// Decodes one UTF-8 sequence at `pos`; a malformed byte comes back with size 0.
CodePoint Decode(std::string_view text, std::size_t pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  CodePoint cp{0, pos, 0};
  std::size_t length = 0;
  char32_t value = 0;
  if (lead < 0x80) {
    return {lead, pos, 1};
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2;
    value = lead & 0x1Fu;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    value = lead & 0x0Fu;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    value = lead & 0x07u;
  } else {
    return cp;
  }
  if (pos + length > text.size()) return cp;
  for (std::size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[pos + i]);
    if ((next & 0xC0) != 0x80) return cp;
    value = (value << 6) | (next & 0x3Fu);
  }
  return {value, pos, length};
}

bool IsHan(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2EBEF);
}

bool IsAsciiWordChar(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

std::vector<std::string> TextTerms(std::string_view text) {
  std::vector<std::string> terms;
  std::vector<std::string_view> han_run;  // the characters of the current Han run
  std::string word;                       // the current ASCII word, lower-cased

  auto flush_han = [&] {
    if (han_run.size() == 1) {
      terms.emplace_back(han_run.front());
    } else {
      for (std::size_t i = 0; i + 1 < han_run.size(); ++i) {
        std::string bigram(han_run[i]);
        bigram.append(han_run[i + 1]);
        terms.push_back(std::move(bigram));
      }
    }
    han_run.clear();
  };
  auto flush_word = [&] {
    if (!word.empty()) terms.push_back(std::move(word));
    word.clear();
  };

  std::size_t pos = 0;
  while (pos < text.size()) {
    const CodePoint cp = Decode(text, pos);
    if (cp.size == 0) {
      flush_han();
      flush_word();
      ++pos;
      continue;
    }
    if (IsHan(cp.value)) {
      flush_word();
      han_run.push_back(text.substr(cp.begin, cp.size));
    } else if (IsAsciiWordChar(cp.value)) {
      flush_han();
      char c = text[pos];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      word.push_back(c);
    } else {
      flush_han();
      flush_word();
    }
    pos += cp.size;
  }
  flush_han();
  flush_word();
  return terms;
}

}  // namespace huicai::matcher::internal
