#include "hub/internal/synth_codes.h"

#include <cassert>
#include <cstdio>

#include "core/id_number.h"
#include "core/validate.h"

namespace huicai::hub::internal {
namespace {

constexpr std::string_view kCreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

int CreditValue(char c) {
  const size_t pos = kCreditAlphabet.find(c);
  assert(pos != std::string_view::npos);
  return static_cast<int>(pos);
}

std::string Digits(std::uint64_t value, int width) {
  std::string out(static_cast<size_t>(width), '0');
  for (int i = width - 1; i >= 0; --i) {
    out[static_cast<size_t>(i)] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out;
}

}  // namespace

std::string MakeCreditCode(char authority, char category, std::string_view region,
                           std::uint64_t body) {
  assert(region.size() == 6);
  std::string org = Digits(body % 100000000ULL, 8);
  static constexpr int kOrgWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (size_t i = 0; i < 8; ++i) sum += (org[i] - '0') * kOrgWeights[i];
  const int c9 = 11 - sum % 11;
  org += c9 == 10 ? 'X' : c9 == 11 ? '0' : static_cast<char>('0' + c9);
  std::string code;
  code += authority;
  code += category;
  code += region;
  code += org;
  code += CreditCodeCheckCharacter(code);
  return code;
}

std::string BreakCreditCode(std::string_view code) {
  std::string out(code);
  const int v = CreditValue(out.back());
  out.back() = kCreditAlphabet[static_cast<size_t>((v + 7) % 31)];
  return out;
}

std::string MakeCardNumber(std::string_view bin, std::uint64_t body) {
  // An odd multiplier not divisible by 5 is a bijection modulo 10^12: distinct bodies stay
  // distinct.
  constexpr std::uint64_t kModulus = 1000000000000ULL;
  const std::uint64_t scrambled = static_cast<std::uint64_t>(
      (static_cast<unsigned __int128>(body % kModulus) * 761838257287ULL + 193707721ULL) %
      kModulus);
  std::string card(bin);
  card += Digits(scrambled, 12);
  card += LuhnCheckDigit(card);
  return card;
}

std::string BreakCardNumber(std::string_view card) {
  std::string out(card);
  out.back() = static_cast<char>('0' + (out.back() - '0' + 3) % 10);
  return out;
}

std::string MakeIdNumber(std::string_view region, const Date& birth, int sequence) {
  std::string id(region);
  id += Digits(static_cast<std::uint64_t>(birth.year), 4);
  id += Digits(static_cast<std::uint64_t>(birth.month), 2);
  id += Digits(static_cast<std::uint64_t>(birth.day), 2);
  id += Digits(static_cast<std::uint64_t>(sequence), 3);
  id += IdCheckCharacter(id);
  return id;
}

std::string BreakIdCheck(std::string_view id) {
  std::string out(id);
  static constexpr std::string_view kChecks = "10X98765432";
  const size_t pos = kChecks.find(out.back());
  out.back() = kChecks[(pos + 4) % kChecks.size()];
  return out;
}

std::string IdTo15(std::string_view id18) {
  assert(id18.size() == 18 && id18.substr(6, 2) == "19");
  std::string out(id18.substr(0, 6));
  out += id18.substr(8, 9);
  return out;
}

std::string ToFullWidth(std::string_view text) {
  std::string out;
  for (char c : text) {
    if ((c >= '0' && c <= '9') || c == 'X') {
      const auto cp = static_cast<unsigned>(0xFF10 + (c == 'X' ? 0x28 : c - '0'));
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += c;
    }
  }
  return out;
}

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
int DaysFromCivil(const Date& d) {
  const int y = d.year - (d.month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int mp = (d.month + 9) % 12;
  const int doy = (153 * mp + 2) / 5 + d.day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date CivilFromDays(int days) {
  const int z = days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int day = doy - (153 * mp + 2) / 5 + 1;
  const int month = mp < 10 ? mp + 3 : mp - 9;
  return Date{yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

Date AddDays(const Date& d, int days) { return CivilFromDays(DaysFromCivil(d) + days); }

std::string FormatCompactDate(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year, d.month, d.day);
  return buf;
}

std::string FormatSlashDate(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d/%d/%d", d.year, d.month, d.day);
  return buf;
}

std::string FormatChineseDate(const Date& d) {
  return std::to_string(d.year) + "年" + std::to_string(d.month) + "月" + std::to_string(d.day) +
         "日";
}

std::string FormatTimestamp(std::int64_t epoch_seconds, char separator) {
  const auto days = static_cast<int>(epoch_seconds / 86400);
  const auto rest = static_cast<int>(epoch_seconds % 86400);
  const Date d = CivilFromDays(days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d%c%02d:%02d:%02d", d.year, d.month, d.day,
                separator, rest / 3600, rest / 60 % 60, rest % 60);
  return buf;
}

}  // namespace huicai::hub::internal
