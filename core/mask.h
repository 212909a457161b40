#pragma once
// core: masking of personal information for display and logs (PIPL Art. 28). Never log an ID
// number, bank card or phone number unmasked: pass it through these first.
// Thread-safety: pure functions.
#include <string>
#include <string_view>

#include "core/status.h"

namespace huicai {

// Keep keep_head code points at the start and keep_tail at the end, replace the rest with fill.
struct MaskPattern {
  int keep_head = 0;
  int keep_tail = 0;
  char32_t fill = '*';
};

struct MaskPatterns {
  MaskPattern id_number{6, 4};  // 371302********1239
  MaskPattern mobile{3, 4};     // 138****1234
  MaskPattern bank_card{0, 4};  // ************1234
  MaskPattern name{1, 0};       // 张*, 张**
};

// Applies a pattern by code point. When keep_head + keep_tail would cover the whole value, at
// most half of it (rounded down) is kept, head first, so a short value is never shown in full
// ("1234" as a phone -> "12**", as a card -> "**34"); an empty value stays empty.
std::string ApplyMask(std::string_view value, const MaskPattern& pattern);

std::string MaskIdNumber(std::string_view id, const MaskPatterns& patterns = {});
std::string MaskMobile(std::string_view mobile, const MaskPatterns& patterns = {});
std::string MaskBankCard(std::string_view card, const MaskPatterns& patterns = {});
std::string MaskName(std::string_view name, const MaskPatterns& patterns = {});

// Config syntax "H+T" or "H+T:F": keep H code points at the head and T at the tail, fill with
// the single character F (default '*'). Examples: "6+4", "3+4", "0+4:#", "1+0:×". Spaces around
// parts are allowed. InvalidArgument: not of that form, negative or > 64 counts, or F not one
// character.
[[nodiscard]] Result<MaskPattern> ParseMaskPattern(std::string_view text);

// Masks every identifier-like run of digits in free text (log lines, error messages from
// drivers, partner source keys): 18-character ID numbers and old 15-digit ones with the ID
// pattern, 11-digit mobiles starting with 1 with the mobile pattern, and any other run of 12 or
// more digits (bank cards, account numbers) with the card pattern. Shorter runs (dates, counts,
// region codes) are left alone. A run must not touch a letter or digit on either side.
std::string MaskSensitive(std::string_view text, const MaskPatterns& patterns = {});

}  // namespace huicai
