#include "core/types.h"

#include <array>
#include <charconv>
#include <cstdio>

namespace huicai {

std::string_view TalentTierName(TalentTier tier) {
  switch (tier) {
    case TalentTier::kA:
      return "A";
    case TalentTier::kB:
      return "B";
    case TalentTier::kC:
      return "C";
    case TalentTier::kD:
      return "D";
    case TalentTier::kNone:
      break;
  }
  return "-";
}

std::optional<TalentTier> ParseTalentTier(std::string_view text) {
  if (text == "A" || text == "a" || text == "1") return TalentTier::kA;
  if (text == "B" || text == "b" || text == "2") return TalentTier::kB;
  if (text == "C" || text == "c" || text == "3") return TalentTier::kC;
  if (text == "D" || text == "d" || text == "4") return TalentTier::kD;
  if (text.empty() || text == "-" || text == "0") return TalentTier::kNone;
  return std::nullopt;
}

std::string_view StationTypeName(StationType type) {
  switch (type) {
    case StationType::kInnovation:
      return "创新型";
    case StationType::kEntrepreneurship:
      return "创业型";
    case StationType::kService:
      return "服务型";
    case StationType::kComprehensive:
      return "综合型";
  }
  return "综合型";
}

std::optional<StationType> ParseStationType(std::string_view text) {
  if (text == "创新型" || text == "innovation") return StationType::kInnovation;
  if (text == "创业型" || text == "entrepreneurship") return StationType::kEntrepreneurship;
  if (text == "服务型" || text == "service") return StationType::kService;
  if (text == "综合型" || text == "comprehensive") return StationType::kComprehensive;
  return std::nullopt;
}

std::string_view IdentifierKindName(IdentifierKind kind) {
  switch (kind) {
    case IdentifierKind::kIdNumber:
      return "id_number";
    case IdentifierKind::kMobile:
      return "mobile";
    case IdentifierKind::kBankCard:
      return "bank_card";
    case IdentifierKind::kTalentCard:
      return "talent_card";
  }
  return "id_number";
}

std::string_view StationKindName(StationKind kind) {
  return kind == StationKind::kServiceBase ? "base" : "station";
}

std::optional<StationKind> ParseStationKind(std::string_view text) {
  if (text == "station" || text == "人才驿站" || text == "驿站") return StationKind::kStation;
  if (text == "base" || text == "专家服务基地" || text == "基地") return StationKind::kServiceBase;
  return std::nullopt;
}

std::string_view NeedStatusName(NeedStatus status) {
  switch (status) {
    case NeedStatus::kOpen:
      return "open";
    case NeedStatus::kMatched:
      return "matched";
    case NeedStatus::kClosed:
      return "closed";
  }
  return "open";
}

std::string_view NeedKindName(NeedKind kind) {
  switch (kind) {
    case NeedKind::kNeed:
      return "need";
    case NeedKind::kProject:
      return "project";
    case NeedKind::kActivity:
      return "activity";
  }
  return "need";
}

std::optional<NeedKind> ParseNeedKind(std::string_view text) {
  for (auto k : {NeedKind::kNeed, NeedKind::kProject, NeedKind::kActivity}) {
    if (NeedKindName(k) == text) return k;
  }
  return std::nullopt;
}

std::string_view ProposalStatusName(ProposalStatus status) {
  switch (status) {
    case ProposalStatus::kProposed:
      return "proposed";
    case ProposalStatus::kAccepted:
      return "accepted";
    case ProposalStatus::kDeclined:
      return "declined";
    case ProposalStatus::kCompleted:
      return "completed";
  }
  return "proposed";
}

std::optional<ProposalStatus> ParseProposalStatus(std::string_view text) {
  for (auto s : {ProposalStatus::kProposed, ProposalStatus::kAccepted, ProposalStatus::kDeclined,
                 ProposalStatus::kCompleted}) {
    if (ProposalStatusName(s) == text) return s;
  }
  return std::nullopt;
}

namespace {
bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int DaysInMonth(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[static_cast<size_t>(m - 1)];
}
// Days since 1970-01-01 (proleptic Gregorian), after H. Hinnant's civil-date algorithm.
long DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}
}  // namespace

bool IsValidDate(const Date& date) {
  if (date.year < 1800 || date.year > 2200) return false;
  if (date.month < 1 || date.month > 12) return false;
  return date.day >= 1 && date.day <= DaysInMonth(date.year, date.month);
}

int DaysBetween(const Date& from, const Date& to) {
  return static_cast<int>(DaysFromCivil(to.year, to.month, to.day) -
                          DaysFromCivil(from.year, from.month, from.day));
}

std::string FormatDate(const Date& date) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buf;
}

std::optional<Date> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  Date d;
  auto parse = [&](size_t pos, size_t len, int& out) {
    auto [p, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, out);
    return ec == std::errc() && p == text.data() + pos + len;
  };
  if (!parse(0, 4, d.year) || !parse(5, 2, d.month) || !parse(8, 2, d.day)) return std::nullopt;
  if (!IsValidDate(d)) return std::nullopt;
  return d;
}

}  // namespace huicai
