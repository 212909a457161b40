// The working-day calendar that green-channel deadlines are counted in (core/service.h).
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "core/service.h"

using namespace huicai;

namespace {

Date D(const char* text) {
  auto d = ParseIsoDate(text);
  BOOST_REQUIRE_MESSAGE(d.has_value(), text);
  return *d;
}

// The 2026 National Day week as the State Council set it (国办发明电〔2025〕7号): 10-01..07
// off, Sunday 09-20 and Saturday 10-10 worked; Mid-Autumn 09-25..27 off.
WorkCalendar NationalDay2026() {
  const std::vector<std::string> holidays = {"2026-09-25", "2026-09-26", "2026-09-27", "2026-10-01",
                                             "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05",
                                             "2026-10-06", "2026-10-07"};
  const std::vector<std::string> workdays = {"2026-09-20", "2026-10-10"};
  auto calendar = WorkCalendar::FromText(holidays, workdays);
  BOOST_REQUIRE_MESSAGE(calendar.has_value(), calendar.status().ToString());
  return *calendar;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(work_calendar)

BOOST_AUTO_TEST_CASE(knows_the_day_of_the_week) {
  BOOST_TEST(IsoWeekday(D("2026-10-01")) == 4);  // Thursday
  BOOST_TEST(IsoWeekday(D("2026-10-10")) == 6);  // Saturday
  BOOST_TEST(IsoWeekday(D("2026-09-20")) == 7);  // Sunday
  BOOST_TEST(IsoWeekday(D("2024-02-29")) == 4);
  BOOST_TEST(FormatDate(AddDays(D("2026-12-30"), 3)) == "2027-01-02");
  BOOST_TEST(FormatDate(AddDays(D("2024-03-01"), -1)) == "2024-02-29");
}

BOOST_AUTO_TEST_CASE(without_holidays_only_weekends_are_off) {
  WorkCalendar plain;
  BOOST_TEST(plain.IsWorkingDay(D("2026-11-27")));   // Friday
  BOOST_TEST(!plain.IsWorkingDay(D("2026-11-28")));  // Saturday
  BOOST_TEST(!plain.IsWorkingDay(D("2026-11-29")));  // Sunday
  // Friday + 1 working day is Monday; + 5 is the next Friday.
  BOOST_TEST(FormatDate(plain.AddWorkingDays(D("2026-11-27"), 1)) == "2026-11-30");
  BOOST_TEST(FormatDate(plain.AddWorkingDays(D("2026-11-27"), 5)) == "2026-12-04");
  // Submitted on a Saturday: the first working day is Monday.
  BOOST_TEST(FormatDate(plain.AddWorkingDays(D("2026-11-28"), 1)) == "2026-11-30");
  BOOST_TEST(FormatDate(plain.AddWorkingDays(D("2026-11-28"), 0)) == "2026-11-28");
}

BOOST_AUTO_TEST_CASE(holiday_week_is_skipped_and_its_make_up_days_are_worked) {
  WorkCalendar cal = NationalDay2026();
  for (const char* off : {"2026-10-01", "2026-10-02", "2026-10-05", "2026-10-07", "2026-09-25"}) {
    BOOST_TEST(!cal.IsWorkingDay(D(off)), off);
  }
  BOOST_TEST(cal.IsWorkingDay(D("2026-10-10")));  // make-up Saturday
  BOOST_TEST(cal.IsWorkingDay(D("2026-09-20")));  // make-up Sunday
  BOOST_TEST(cal.IsWorkingDay(D("2026-10-08")));
  BOOST_TEST(!cal.IsWorkingDay(D("2026-10-11")));  // an ordinary Sunday

  // Submitted Wednesday 09-30: 1 working day is 10-08; 3 are 10-08, 10-09, 10-10 (Saturday).
  BOOST_TEST(FormatDate(cal.AddWorkingDays(D("2026-09-30"), 1)) == "2026-10-08");
  BOOST_TEST(FormatDate(cal.AddWorkingDays(D("2026-09-30"), 3)) == "2026-10-10");
  BOOST_TEST(FormatDate(cal.AddWorkingDays(D("2026-09-30"), 4)) == "2026-10-12");
  // Friday 09-18 + 1 is the make-up Sunday 09-20; the Mid-Autumn Friday is skipped.
  BOOST_TEST(FormatDate(cal.AddWorkingDays(D("2026-09-18"), 1)) == "2026-09-20");
  BOOST_TEST(FormatDate(cal.AddWorkingDays(D("2026-09-24"), 1)) == "2026-09-28");
  // The same week without the calendar would end five days earlier.
  BOOST_TEST(FormatDate(WorkCalendar{}.AddWorkingDays(D("2026-09-30"), 4)) == "2026-10-06");
}

BOOST_AUTO_TEST_CASE(working_days_between_counts_the_end_and_not_the_start) {
  WorkCalendar cal = NationalDay2026();
  BOOST_TEST(cal.WorkingDaysBetween(D("2026-09-30"), D("2026-10-07")) == 0);
  BOOST_TEST(cal.WorkingDaysBetween(D("2026-09-30"), D("2026-10-10")) == 3);
  BOOST_TEST(cal.WorkingDaysBetween(D("2026-10-10"), D("2026-09-30")) == -3);
  BOOST_TEST(cal.WorkingDaysBetween(D("2026-10-12"), D("2026-10-12")) == 0);
  for (int n : {0, 1, 2, 5, 9, 20}) {
    const Date from = D("2026-09-17");
    BOOST_TEST(cal.WorkingDaysBetween(from, cal.AddWorkingDays(from, n)) == n);
  }
}

BOOST_AUTO_TEST_CASE(rejects_calendar_text_that_is_not_a_date_or_in_both_lists) {
  const std::vector<std::string> bad = {"2026-10-01", "2026-02-30"};
  auto r = WorkCalendar::FromText(bad, {});
  BOOST_REQUIRE(!r.has_value());
  BOOST_TEST(StatusCodeName(r.error().code()) == StatusCodeName(StatusCode::kInvalidArgument));
  BOOST_TEST(r.error().message().find("2026-02-30") != std::string::npos);

  const std::vector<std::string> both = {"2026-10-10"};
  auto clash = WorkCalendar::FromText(both, both);
  BOOST_REQUIRE(!clash.has_value());
  BOOST_TEST(clash.error().message().find("both a holiday and a make-up") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(service_item_status_names_round_trip) {
  for (auto s : {ServiceItemStatus::kSubmitted, ServiceItemStatus::kReceived,
                 ServiceItemStatus::kDelayed, ServiceItemStatus::kDone}) {
    auto parsed = ParseServiceItemStatus(ServiceItemStatusName(s));
    BOOST_REQUIRE(parsed.has_value());
    BOOST_TEST(ServiceItemStatusName(*parsed) == ServiceItemStatusName(s));
  }
  BOOST_TEST(!ParseServiceItemStatus("finished").has_value());
  ServiceRequest request;
  BOOST_TEST(!request.AllDone());
  request.items.resize(2);
  request.items[0].status = ServiceItemStatus::kDone;
  BOOST_TEST(!request.AllDone());
  request.items[1].status = ServiceItemStatus::kDone;
  BOOST_TEST(request.AllDone());
  ServiceItem item;
  item.deadline = D("2026-10-09");
  BOOST_TEST(FormatDate(item.Due()) == "2026-10-09");
  item.promised = D("2026-10-16");
  BOOST_TEST(FormatDate(item.Due()) == "2026-10-16");
}

BOOST_AUTO_TEST_SUITE_END()
