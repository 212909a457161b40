// core: Chinese word segmentation through ICU's BreakIterator (dictionary-based for Han).
#include "core/segment.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <memory>

#include "core/text.h"

namespace huicai {
namespace {

// One iterator per thread: ICU break iterators keep the text they walk.
icu::BreakIterator* ThreadIterator() {
  thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> created(
        icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), status));
    if (U_FAILURE(status)) created.reset();
    return created;
  }();
  return iterator.get();
}

bool HasHan(std::string_view word) {
  for (char32_t cp : DecodeUtf8(word)) {
    if (IsHan(cp)) return true;
  }
  return false;
}

}  // namespace

std::string SegmentChineseWords(std::string_view text) {
  icu::BreakIterator* words = ThreadIterator();
  if (words == nullptr || text.empty()) return std::string(text);
  const icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  words->setText(unicode);
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  bool spaced = true;  // out ends with a separator (or is empty)
  for (int32_t start = words->first(), end = words->next(); end != icu::BreakIterator::DONE;
       start = end, end = words->next()) {
    std::string piece;
    unicode.tempSubStringBetween(start, end).toUTF8String(piece);
    if (HasHan(piece)) {
      if (!spaced) out += ' ';
      out += piece;
      out += ' ';
      spaced = true;
    } else {
      if (spaced && piece.find_first_not_of(' ') == std::string::npos) continue;  // one space
      out += piece;
      spaced = !piece.empty() && (piece.back() == ' ' || piece.back() == '\n');
    }
  }
  while (!out.empty() && out.back() == ' ' && (text.empty() || text.back() != ' ')) out.pop_back();
  return out;
}

}  // namespace huicai
