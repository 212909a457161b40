#pragma once
// core: green-channel service requests (绿色通道, 并联办理 / 限时办结) and the working-day
// calendar their deadlines are counted in. A request taken at a window is split into one item
// per matter, each handled by its department at the same time against its own deadline; every
// step is an event, and a talent's events are their service archive (服务档案).
// Plain values and pure date arithmetic, no I/O. Thread-safety: plain values; a WorkCalendar
// is immutable after construction and may be shared between threads.
#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/types.h"

namespace huicai {

using ServiceRequestId = std::int64_t;  // 0 = not stored yet
using ServiceItemId = std::int64_t;     // 0 = not stored yet

// Where an item stands. submitted -> received -> done; submitted/received/delayed -> delayed
// (with a reason and a promised date) or done. done is final.
enum class ServiceItemStatus { kSubmitted, kReceived, kDelayed, kDone };
std::string_view ServiceItemStatusName(ServiceItemStatus status);  // "submitted" ... "done"
std::optional<ServiceItemStatus> ParseServiceItemStatus(std::string_view text);

// One matter of a request, routed to one department.
struct ServiceItem {
  ServiceItemId id = 0;
  ServiceRequestId request_id = 0;
  std::string matter;      // config key, e.g. "hukou"
  std::string title;       // e.g. 户籍办理
  std::string department;  // the agency's certificate common name, e.g. "police"
  ServiceItemStatus status = ServiceItemStatus::kSubmitted;
  Date deadline;                 // submitted + N working days (限时办结)
  std::optional<Date> promised;  // the new date a department gave with a delay
  std::string reason;            // the delay's reason
  std::optional<Date> done_on;   // when it was done
  int escalations = 0;           // times it was chased as overdue
  std::string last_escalated;    // "YYYY-MM-DD" of the last escalation; "" = never

  // The date it must be done by: the promised date after a delay, else the deadline.
  Date Due() const { return promised.value_or(deadline); }
};

// An application taken at a window for one talent, split into items.
struct ServiceRequest {
  ServiceRequestId id = 0;
  PersonId person_id = 0;
  std::string window;  // the window (专窗) that took it
  std::string note;
  Date submitted_on;
  std::vector<ServiceItem> items;

  // True when every item is done (and there is at least one).
  bool AllDone() const;
};

// One step in the life of a request or item; a talent's events, oldest first, are their
// service archive.
struct ServiceEvent {
  std::int64_t seq = 0;  // set by the store, increasing in commit order
  ServiceRequestId request_id = 0;
  ServiceItemId item_id = 0;  // 0 = the request as a whole
  std::string at;             // UTC "YYYY-MM-DDTHH:MM:SSZ"; set by the store when empty
  std::string actor;          // the window, the department, or "hub"
  std::string action;         // "submitted", "received", "delayed", "done", "escalated"
  std::string note;
};

// Day of the week, ISO 8601: 1 Monday ... 7 Sunday. `date` must be valid.
int IsoWeekday(const Date& date);
// The date `days` calendar days after `date` (before, when negative). `date` must be valid.
Date AddDays(const Date& date, int days);

// Working days: Monday to Friday, minus holidays, plus make-up working days (调休, a Saturday
// or Sunday worked instead of a day of a holiday week). Immutable; copy freely.
class WorkCalendar {
 public:
  WorkCalendar() = default;  // weekends only
  // A date in both lists counts as a working day (the make-up list wins).
  WorkCalendar(std::span<const Date> holidays, std::span<const Date> workdays);
  // From ISO texts ("YYYY-MM-DD"), as a config file holds them. InvalidArgument names the
  // first text that is not a real date, or a date found in both lists.
  static Result<WorkCalendar> FromText(std::span<const std::string> holidays,
                                       std::span<const std::string> workdays);

  bool IsWorkingDay(const Date& date) const;
  // The n-th working day after `from` (from itself does not count; n = 0 gives `from`).
  // A deadline of N working days from a submission is AddWorkingDays(submitted, N). n >= 0.
  Date AddWorkingDays(const Date& from, int n) const;
  // Working days in (from, to] when from <= to; minus the working days in (to, from] when
  // to < from. So WorkingDaysBetween(d, AddWorkingDays(d, n)) == n, and a due date `due`
  // is WorkingDaysBetween(due, today) working days late (when positive).
  int WorkingDaysBetween(const Date& from, const Date& to) const;

  const std::set<Date>& holidays() const { return holidays_; }
  const std::set<Date>& workdays() const { return workdays_; }

 private:
  std::set<Date> holidays_;
  std::set<Date> workdays_;
};

}  // namespace huicai
