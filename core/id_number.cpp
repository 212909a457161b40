#include "core/id_number.h"

#include <array>
#include <cassert>
#include <chrono>
#include <string>

#include "core/text.h"

namespace huicai {
namespace {

// ISO 7064 MOD 11-2 weights (2^(17-i) mod 11) and the check character for each remainder.
constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCheckChars = "10X98765432";

// Code 830000 is not in GB/T 2260 but heads the residence permits of Taiwan residents
// (GB 11643 form, issued since 2018); 810000 and 820000 (Hong Kong, Macao) are in the table.
constexpr std::string_view kTaiwanResidencePermitRegion = "830000";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int DigitsToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

Date Today() {
  const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day ymd{now};
  return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
              static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

IdNumberCheck Fail(std::string check, std::string message) {
  IdNumberCheck result;
  result.failed_check = std::move(check);
  result.message = std::move(message);
  return result;
}

std::string Ordinal(size_t position) { return "position " + std::to_string(position + 1); }

// Normalised text: full-width folded, trimmed, lower-case x raised.
std::string Normalise(std::string_view raw) {
  std::string text = Trim(FullWidthToHalfWidth(raw));
  for (char& c : text) {
    if (c == 'x') c = 'X';
  }
  return text;
}

// Region part of a foreign permanent residence card (2023 form): "9", the 2-digit province code
// of the issuing authority, the 3-digit ISO 3166-1 numeric nationality code.
std::string CheckPermanentResidenceRegion(std::string_view number, const RegionTable& regions) {
  const std::string province = std::string(number.substr(1, 2)) + "0000";
  const Region* r = regions.Find(province);
  if (r == nullptr || r->level != RegionLevel::kProvince) {
    return "region code " + std::string(number.substr(0, 6)) +
           " was never issued (GB/T 2260), and as a permanent residence card its province code " +
           std::string(number.substr(1, 2)) + " does not exist";
  }
  const int nationality = DigitsToInt(number.substr(3, 3));
  // ISO 3166-1 numeric codes run from 004 (Afghanistan) to 894 (Zambia); 156 is China itself.
  if (nationality < 4 || nationality > 894 || nationality == 156) {
    return "permanent residence card: nationality code " + std::string(number.substr(3, 3)) +
           " is not an ISO 3166-1 numeric code of a foreign country";
  }
  return "";
}

}  // namespace

char IdCheckCharacter(std::string_view first17) {
  assert(first17.size() >= 17);
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    assert(IsDigit(first17[i]));
    sum += (first17[i] - '0') * kWeights[i];
  }
  return kCheckChars[static_cast<size_t>(sum % 11)];
}

IdNumberCheck ValidateIdNumber(std::string_view raw, const RegionTable& regions) {
  const std::string text = Normalise(raw);

  // 1. Characters: digits, and X only as the last of 18.
  if (!IsValidUtf8(text)) return Fail("characters", "ID number is not valid UTF-8 text");
  const auto points = SplitCodePoints(text);
  for (size_t i = 0; i < points.size(); ++i) {
    const std::string& p = points[i];
    if (p.size() == 1 && IsDigit(p[0])) continue;
    if (p == "X" && i + 1 == points.size() && points.size() != 15) continue;
    if (p == "X") {
      return Fail("characters",
                  "X may only be the check character (last of 18), found at " + Ordinal(i));
    }
    const bool printable = p.size() > 1 || (p[0] > ' ' && p[0] < 0x7F);
    return Fail("characters", "ID number may contain only digits and a final X; found " +
                                  (printable ? "'" + p + "'" : std::string("a control character")) +
                                  " at " + Ordinal(i));
  }

  // 2. Length.
  if (text.size() != 18 && text.size() != 15) {
    return Fail("length", "must be 18 characters (or 15 for old numbers), got " +
                              std::to_string(text.size()));
  }

  IdNumberInfo info;
  info.upgraded_from_15 = text.size() == 15;
  std::string first17 =
      info.upgraded_from_15 ? text.substr(0, 6) + "19" + text.substr(6, 9) : text.substr(0, 17);

  // 3. Region.
  info.region_code = first17.substr(0, 6);
  info.permanent_residence_card = !info.upgraded_from_15 && first17[0] == '9';
  if (info.permanent_residence_card) {
    if (std::string why = CheckPermanentResidenceRegion(first17, regions); !why.empty()) {
      return Fail("region", why);
    }
  } else if (regions.Find(info.region_code) == nullptr &&
             info.region_code != kTaiwanResidencePermitRegion) {
    return Fail("region", "region code " + info.region_code + " was never issued (GB/T 2260)");
  }

  // 4. Birth date.
  const std::string birth = first17.substr(6, 8);
  info.birth_date = Date{DigitsToInt(birth.substr(0, 4)), DigitsToInt(birth.substr(4, 2)),
                         DigitsToInt(birth.substr(6, 2))};
  if (!IsValidDate(info.birth_date)) {
    return Fail("birth_date", "birth date " + birth + " is not a real date");
  }
  if (info.birth_date < Date{1890, 1, 1}) {
    return Fail("birth_date", "birth date " + birth + " is before 1890");
  }
  if (info.birth_date > Today()) {
    return Fail("birth_date", "birth date " + birth + " is in the future");
  }

  // 5. Check character.
  const char expected = IdCheckCharacter(first17);
  if (!info.upgraded_from_15 && text[17] != expected) {
    return Fail("check_char",
                std::string("check character is ") + text[17] + " but should be " + expected);
  }

  info.number = first17 + expected;
  info.gender = (first17[16] - '0') % 2 == 1 ? Gender::kMale : Gender::kFemale;
  IdNumberCheck result;
  result.info = std::move(info);
  return result;
}

Result<IdNumberInfo> ParseIdNumber(std::string_view raw, const RegionTable& regions) {
  IdNumberCheck check = ValidateIdNumber(raw, regions);
  if (!check.ok()) return Status::InvalidArgument(std::move(check.message));
  return std::move(*check.info);
}

}  // namespace huicai
