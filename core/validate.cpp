#include "core/validate.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdio>

#include "core/id_number.h"
#include "core/text.h"

namespace huicai {
namespace {

// GB 32100: the 31 code characters (0-9, A-Z without I O Z S V); a character's value is its index.
constexpr std::string_view kCreditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
// 3^i mod 31 for i = 0..16.
constexpr std::array<int, 17> kCreditWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                                29, 25, 13, 8,  24, 10, 30, 28};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool AllDigits(std::string_view s) { return std::all_of(s.begin(), s.end(), IsDigit); }

// "U+003B" for messages about characters that may not print well.
std::string CodePointLabel(char32_t cp) {
  std::array<char, 16> buf{};
  std::snprintf(buf.data(), buf.size(), "U+%04X", static_cast<unsigned>(cp));
  return buf.data();
}

std::string Describe(char32_t cp) {
  if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
    return "a control character (" + CodePointLabel(cp) + ")";
  }
  std::string out = "'";
  AppendUtf8(cp, out);
  return out + "' (" + CodePointLabel(cp) + ")";
}

// Full-width folded, trimmed, then every space and dash removed: "6222 0212-3456" -> digits.
std::string CompactDigits(std::string_view raw) {
  std::string text = Trim(FullWidthToHalfWidth(raw));
  std::erase_if(text, [](char c) { return c == ' ' || c == '-'; });
  return text;
}

bool IsNameDot(char32_t cp) {
  return cp == 0x00B7 || cp == 0x30FB || cp == 0x2022 || cp == 0x2027 || cp == 0xFF65 ||
         cp == '.' || cp == 0xFF0E || cp == 0x2219 || cp == 0x22C5 || cp == 0x0387;
}

bool IsLatinLetter(char32_t cp) {
  return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
         (cp >= 0x00C0 && cp <= 0x024F && cp != 0x00D7 && cp != 0x00F7) ||
         (cp >= 0x1E00 && cp <= 0x1EFF) ||
         (cp >= 0x0300 && cp <= 0x036F);  // combining accents (decomposed é)
}

bool IsApostrophe(char32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x02BC; }

Result<std::string> ChineseName(const std::u32string& cps) {
  std::string out;
  size_t han = 0;
  bool last_was_dot = true;  // a name may not start with a dot
  for (char32_t cp : cps) {
    if (cp == ' ' || cp == 0x3000) continue;  // "张 三" is 张三 typed with a space
    if (IsHan(cp)) {
      ++han;
      last_was_dot = false;
      AppendUtf8(cp, out);
    } else if (IsNameDot(cp)) {
      if (last_was_dot) {
        return Status::InvalidArgument(
            "name has a middle dot at the start or two in a row; the dot only separates parts");
      }
      last_was_dot = true;
      AppendUtf8(0x00B7, out);
    } else if (IsLatinLetter(cp)) {
      return Status::InvalidArgument("name mixes Chinese and Latin letters; give one form");
    } else {
      return Status::InvalidArgument("name contains " + Describe(cp) +
                                     ", which a Chinese name cannot have");
    }
  }
  if (last_was_dot) return Status::InvalidArgument("name ends with a middle dot");
  if (han < 2 || han > 20) {
    return Status::InvalidArgument("a Chinese name has 2 to 20 Han characters, got " +
                                   std::to_string(han));
  }
  return out;
}

Result<std::string> LatinName(const std::u32string& cps) {
  std::string out;
  size_t letters = 0;
  char32_t prev = ' ';  // treat the start like a separator: no leading punctuation
  for (char32_t cp : cps) {
    if (IsLatinLetter(cp)) {
      if (cp >= 0x0300 && cp <= 0x036F && !IsLatinLetter(prev)) {
        return Status::InvalidArgument("name has an accent mark without a letter before it");
      }
      ++letters;
      AppendUtf8(cp, out);
      prev = cp;
      continue;
    }
    const bool is_space = cp == ' ' || cp == 0x3000 || cp == 0x00A0;
    const bool is_sep = is_space || cp == '-' || IsApostrophe(cp) || cp == '.';
    if (!is_sep) {
      return Status::InvalidArgument("name contains " + Describe(cp) +
                                     ", which a name cannot have");
    }
    // Separators stand between letters; only "J. Smith" puts a space after a period.
    const bool after_letter = IsLatinLetter(prev);
    if (!after_letter && !(is_space && prev == '.')) {
      if (is_space && prev == ' ') continue;  // collapse runs of spaces
      return Status::InvalidArgument("name has " + Describe(cp) +
                                     " where a letter should be; separators stand between letters");
    }
    if (is_space) {
      out.push_back(' ');
      prev = ' ';
    } else {
      const char c = IsApostrophe(cp) ? '\'' : static_cast<char>(cp);
      out.push_back(c);
      prev = static_cast<char32_t>(c);
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  if (!out.empty() && (out.back() == '-' || out.back() == '\'')) {
    return Status::InvalidArgument("name ends with '" + std::string(1, out.back()) + "'");
  }
  if (letters < 2) return Status::InvalidArgument("a Latin name needs at least 2 letters");
  if (cps.size() > 100) return Status::InvalidArgument("name is longer than 100 characters");
  return out;
}

}  // namespace

char CreditCodeCheckCharacter(std::string_view first17) {
  assert(first17.size() == 17);
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    const size_t value = kCreditChars.find(first17[i]);
    assert(value != std::string_view::npos);
    sum += static_cast<int>(value) * kCreditWeights[i];
  }
  return kCreditChars[static_cast<size_t>((31 - sum % 31) % 31)];
}

char LuhnCheckDigit(std::string_view payload) {
  int sum = 0;
  bool twice = true;  // from the right of the full number, every second digit is doubled
  for (auto it = payload.rbegin(); it != payload.rend(); ++it) {
    int d = *it - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

Result<std::string> NormaliseCreditCode(std::string_view raw) {
  std::string code = Trim(FullWidthToHalfWidth(raw));
  std::transform(code.begin(), code.end(), code.begin(), [](char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
  });
  for (size_t i = 0; i < code.size(); ++i) {
    if (kCreditChars.find(code[i]) == std::string_view::npos) {
      const auto c = static_cast<unsigned char>(code[i]);
      const std::string shown = c > ' ' && c < 0x7F
                                    ? std::string("'").append(1, code[i]).append("'")
                                    : std::string("a non-ASCII character");
      return Status::InvalidArgument("credit code has " + shown + " at position " +
                                     std::to_string(i + 1) +
                                     "; GB 32100 uses 0-9 and A-Z without I, O, Z, S, V");
    }
  }
  if (code.size() != 18) {
    return Status::InvalidArgument("credit code must be 18 characters, got " +
                                   std::to_string(code.size()));
  }
  const char expected = CreditCodeCheckCharacter(std::string_view(code).substr(0, 17));
  if (code[17] != expected) {
    return Status::InvalidArgument(std::string("credit code check character is ") + code[17] +
                                   " but should be " + expected);
  }
  return code;
}

Result<std::string> NormaliseBankCard(std::string_view raw) {
  const std::string digits = CompactDigits(raw);
  if (!AllDigits(digits)) {
    return Status::InvalidArgument("bank card may contain only digits, spaces and dashes");
  }
  if (digits.size() < 16 || digits.size() > 19) {
    return Status::InvalidArgument("bank card must have 16 to 19 digits, got " +
                                   std::to_string(digits.size()));
  }
  if (LuhnCheckDigit(std::string_view(digits).substr(0, digits.size() - 1)) != digits.back()) {
    return Status::InvalidArgument(
        "bank card number fails the Luhn check; a digit is wrong or two are swapped");
  }
  return digits;
}

Result<std::string> NormaliseMobile(std::string_view raw) {
  std::string digits = CompactDigits(raw);
  if (digits.starts_with("+86")) {
    digits.erase(0, 3);
  } else if (digits.starts_with("0086")) {
    digits.erase(0, 4);
  } else if (digits.size() == 13 && digits.starts_with("86")) {
    digits.erase(0, 2);
  }
  std::erase_if(digits, [](char c) { return c == '(' || c == ')'; });
  if (!AllDigits(digits)) {
    return Status::InvalidArgument(
        "mobile number may contain only digits, spaces, dashes and a +86 prefix");
  }
  if (digits.size() != 11) {
    return Status::InvalidArgument("mobile number must have 11 digits, got " +
                                   std::to_string(digits.size()));
  }
  if (digits[0] != '1' || digits[1] < '3') {
    return Status::InvalidArgument("mainland mobile numbers start with 13 to 19, got " +
                                   digits.substr(0, 2));
  }
  return digits;
}

Result<std::string> NormalisePersonName(std::string_view raw) {
  if (!IsValidUtf8(raw)) return Status::InvalidArgument("name is not valid UTF-8 text");
  const std::string text = Trim(raw);
  if (text.empty()) return Status::InvalidArgument("name is empty");
  // Full-width Latin letters fold to ASCII; Han characters are untouched by the fold.
  const std::u32string cps = DecodeUtf8(FullWidthToHalfWidth(text));
  const bool any_han = std::any_of(cps.begin(), cps.end(), IsHan);
  return any_han ? ChineseName(cps) : LatinName(cps);
}

Result<std::string> NormaliseRegionCode(std::string_view raw, const RegionTable& regions) {
  const std::string code = Trim(FullWidthToHalfWidth(raw));
  if (code.size() != 6 || !AllDigits(code)) {
    return Status::InvalidArgument("region code must be 6 digits (GB/T 2260), got '" + code + "'");
  }
  if (regions.Find(code) == nullptr) {
    return Status::InvalidArgument("region code " + code + " was never issued (GB/T 2260)");
  }
  return code;
}

Result<Gender> ParseGender(std::string_view raw) {
  std::string text = Trim(FullWidthToHalfWidth(raw));
  std::transform(text.begin(), text.end(), text.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  if (text == "1" || text == "男" || text == "m" || text == "male") return Gender::kMale;
  if (text == "2" || text == "女" || text == "f" || text == "female") return Gender::kFemale;
  if (text == "0" || text == "未知" || text == "unknown") return Gender::kUnknown;
  if (text == "9" || text == "未说明" || text == "not stated") return Gender::kNotStated;
  return Status::InvalidArgument("gender must be a GB/T 2261.1 code 0/1/2/9 or 男/女/M/F, got '" +
                                 text + "'");
}

FieldCheck CheckField(std::string_view rule, std::string_view value) {
  FieldCheck check;
  check.value = std::string(value);
  auto apply = [&](const Result<std::string>& result, std::string_view reason) {
    if (result.ok()) {
      check.value = *result;
    } else {
      check.reason_code = std::string(reason);
      check.message = result.error().message();
    }
  };
  if (rule == "id_number") {
    IdNumberCheck id = ValidateIdNumber(value);
    if (id.ok()) {
      check.value = id.info->number;
    } else {
      static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kReasons = {{
          {"characters", "bad_id_characters"},
          {"length", "bad_id_length"},
          {"region", "bad_id_region"},
          {"birth_date", "bad_id_birth_date"},
          {"check_char", "bad_id_check"},
      }};
      check.reason_code = "bad_id_number";
      for (const auto& [failed, reason] : kReasons) {
        if (id.failed_check == failed) check.reason_code = std::string(reason);
      }
      check.message = "ID number: " + id.message;
    }
  } else if (rule == "credit_code") {
    apply(NormaliseCreditCode(value), "bad_credit_code");
  } else if (rule == "bank_card") {
    apply(NormaliseBankCard(value), "bad_bank_card");
  } else if (rule == "mobile") {
    apply(NormaliseMobile(value), "bad_mobile");
  } else if (rule == "name") {
    apply(NormalisePersonName(value), "bad_name");
  } else if (rule == "region") {
    apply(NormaliseRegionCode(value), "bad_region");
  } else if (rule == "gender") {
    auto gender = ParseGender(value);
    if (gender.ok()) {
      check.value = std::to_string(static_cast<int>(*gender));
    } else {
      check.reason_code = "bad_gender";
      check.message = gender.error().message();
    }
  } else if (rule == "required") {
    check.value = Trim(value);
    if (check.value.empty()) {
      check.value = std::string(value);
      check.reason_code = "missing_field";
      check.message = "a required field is empty";
    }
  } else {
    check.reason_code = "unknown_rule";
    check.message = "unknown validation rule '" + std::string(rule) +
                    "'; use id_number, credit_code, bank_card, mobile, name, region, gender or "
                    "required";
  }
  return check;
}

}  // namespace huicai
