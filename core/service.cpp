#include "core/service.h"

#include <array>
#include <cassert>
#include <chrono>

namespace huicai {
namespace {

constexpr std::array<std::pair<ServiceItemStatus, std::string_view>, 4> kStatusNames = {{
    {ServiceItemStatus::kSubmitted, "submitted"},
    {ServiceItemStatus::kReceived, "received"},
    {ServiceItemStatus::kDelayed, "delayed"},
    {ServiceItemStatus::kDone, "done"},
}};

std::chrono::sys_days ToSysDays(const Date& d) {
  assert(IsValidDate(d));
  return std::chrono::sys_days{std::chrono::year{d.year} /
                               std::chrono::month{static_cast<unsigned>(d.month)} /
                               std::chrono::day{static_cast<unsigned>(d.day)}};
}

Date FromSysDays(std::chrono::sys_days days) {
  const std::chrono::year_month_day ymd{days};
  return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
              static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

Result<std::set<Date>> ParseDates(std::span<const std::string> texts, std::string_view list) {
  std::set<Date> out;
  for (const std::string& text : texts) {
    auto date = ParseIsoDate(text);
    if (!date) {
      return Status::InvalidArgument(std::string(list) + ": \"" + text +
                                     "\" is not a date; write YYYY-MM-DD, e.g. 2026-10-01");
    }
    out.insert(*date);
  }
  return out;
}

}  // namespace

std::string_view ServiceItemStatusName(ServiceItemStatus status) {
  for (const auto& [s, name] : kStatusNames) {
    if (s == status) return name;
  }
  return "?";
}

std::optional<ServiceItemStatus> ParseServiceItemStatus(std::string_view text) {
  for (const auto& [s, name] : kStatusNames) {
    if (name == text) return s;
  }
  return std::nullopt;
}

bool ServiceRequest::AllDone() const {
  if (items.empty()) return false;
  for (const ServiceItem& item : items) {
    if (item.status != ServiceItemStatus::kDone) return false;
  }
  return true;
}

int IsoWeekday(const Date& date) {
  return static_cast<int>(std::chrono::weekday{ToSysDays(date)}.iso_encoding());
}

Date AddDays(const Date& date, int days) {
  return FromSysDays(ToSysDays(date) + std::chrono::days{days});
}

WorkCalendar::WorkCalendar(std::span<const Date> holidays, std::span<const Date> workdays)
    : holidays_(holidays.begin(), holidays.end()), workdays_(workdays.begin(), workdays.end()) {}

Result<WorkCalendar> WorkCalendar::FromText(std::span<const std::string> holidays,
                                            std::span<const std::string> workdays) {
  HUICAI_ASSIGN_OR_RETURN(std::set<Date> off, ParseDates(holidays, "holidays"));
  HUICAI_ASSIGN_OR_RETURN(std::set<Date> on, ParseDates(workdays, "workdays"));
  for (const Date& d : on) {
    if (off.count(d) != 0) {
      return Status::InvalidArgument(FormatDate(d) +
                                     " is both a holiday and a make-up working day; keep it in "
                                     "one list only");
    }
  }
  WorkCalendar calendar;
  calendar.holidays_ = std::move(off);
  calendar.workdays_ = std::move(on);
  return calendar;
}

bool WorkCalendar::IsWorkingDay(const Date& date) const {
  if (workdays_.count(date) != 0) return true;
  if (holidays_.count(date) != 0) return false;
  return IsoWeekday(date) <= 5;
}

Date WorkCalendar::AddWorkingDays(const Date& from, int n) const {
  assert(n >= 0);
  std::chrono::sys_days day = ToSysDays(from);
  while (n > 0) {
    day += std::chrono::days{1};
    if (IsWorkingDay(FromSysDays(day))) --n;
  }
  return FromSysDays(day);
}

int WorkCalendar::WorkingDaysBetween(const Date& from, const Date& to) const {
  if (to < from) return -WorkingDaysBetween(to, from);
  int count = 0;
  const std::chrono::sys_days end = ToSysDays(to);
  for (std::chrono::sys_days day = ToSysDays(from) + std::chrono::days{1}; day <= end;
       day += std::chrono::days{1}) {
    if (IsWorkingDay(FromSysDays(day))) ++count;
  }
  return count;
}

}  // namespace huicai
