// Green-channel service items through the Hub (并联办理 / 限时办结), on SQLite and PostgreSQL:
// one request to three departments where one answers late.
#include <stdlib.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "hub/hub.h"
#include "store/store.h"
#include "tests/support/must.h"
#include "tests/support/pg_cluster.h"

namespace fs = std::filesystem;
using namespace huicai;

namespace {

Date D(const char* text) {
  auto d = ParseIsoDate(text);
  BOOST_REQUIRE_MESSAGE(d.has_value(), text);
  return *d;
}

using huicai::testing::Must;

std::string_view Code(const Status& s) { return StatusCodeName(s.code()); }
std::string_view Name(ServiceItemStatus s) { return ServiceItemStatusName(s); }

// HUICAI_TODAY for the life of the object; the previous value comes back afterwards.
class Clock {
 public:
  Clock() {
    if (const char* v = std::getenv("HUICAI_TODAY")) saved_ = v;
  }
  ~Clock() {
    if (saved_) {
      ::setenv("HUICAI_TODAY", saved_->c_str(), 1);
    } else {
      ::unsetenv("HUICAI_TODAY");
    }
  }
  void Set(const char* date) { ::setenv("HUICAI_TODAY", date, 1); }

 private:
  std::optional<std::string> saved_;
};

struct TempDir {
  TempDir() {
    std::string templ = (fs::temp_directory_path() / "huicai-service-XXXXXX").string();
    BOOST_REQUIRE(mkdtemp(templ.data()) != nullptr);
    path = templ;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path path;
};

// Three matters in three departments, counted in the 2026 National Day calendar (10-01..07
// off; Sunday 09-20 and Saturday 10-10 worked).
hub::ServiceSettings Settings() {
  hub::ServiceSettings s;
  s.holidays = {"2026-09-25", "2026-09-26", "2026-09-27", "2026-10-01", "2026-10-02",
                "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"};
  s.workdays = {"2026-09-20", "2026-10-10"};
  s.matters["hukou"] = {"户籍办理", "police", 5};
  s.matters["school"] = {"子女入学", "education", 3};
  s.matters["medical"] = {"医疗保健绿色通道", "health", 2};
  return s;
}

struct World {
  std::unique_ptr<hub::Hub> hub;
  std::optional<store::Store> store;  // the same database, for seeding and race checks
  PersonId card_holder = 0, uncertified = 0, no_talent = 0;
};

World Open(const std::string& connection, const fs::path& dir) {
  hub::HubConfig config = hub::DefaultConfig(dir);
  config.store_connection = connection;
  config.service = Settings();
  World w;
  w.hub = Must(hub::Hub::Open(config));
  w.store.emplace(Must(store::Store::Open({connection})));
  auto add = [&](const char* name, TalentTier tier, bool talent) {
    Person p;
    p.name = name;
    p.nationality = "CHN";
    PersonId id = Must(w.store->UpsertPerson(p));
    if (talent) {
      Talent t;
      t.person_id = id;
      t.name = name;
      t.tier = tier;
      t.card_number = tier == TalentTier::kNone ? "" : "HC" + std::to_string(id);
      BOOST_REQUIRE(w.store->UpsertTalent(t).ok());
    }
    return id;
  };
  w.card_holder = add("王教授", TalentTier::kB, true);
  w.uncertified = add("李工", TalentTier::kNone, true);
  w.no_talent = add("赵某", TalentTier::kNone, false);
  return w;
}

const ServiceItem& ItemOf(const ServiceRequest& r, const std::string& matter) {
  for (const ServiceItem& item : r.items) {
    if (item.matter == matter) return item;
  }
  BOOST_FAIL("no item " + matter);
  return r.items.front();
}

void ThreeDepartmentsOneLate(World& w) {
  Clock clock;
  hub::Hub& hub = *w.hub;
  clock.Set("2026-09-28");  // Monday before the National Day week
  const std::vector<std::string> matters = {"hukou", "school", "medical"};
  ServiceRequest request = Must(
      hub.SubmitServiceRequest(w.card_holder, matters, "兰山区专窗", "引进人才落户及家属安置"));
  BOOST_REQUIRE_EQUAL(request.items.size(), 3u);
  // Deadlines skip the holiday week and count the make-up Saturday.
  const ServiceItem police = ItemOf(request, "hukou");
  const ServiceItem education = ItemOf(request, "school");
  const ServiceItem health = ItemOf(request, "medical");
  BOOST_TEST(FormatDate(health.deadline) == "2026-09-30");
  BOOST_TEST(FormatDate(education.deadline) == "2026-10-08");
  BOOST_TEST(FormatDate(police.deadline) == "2026-10-10");
  BOOST_TEST(police.department == "police");
  BOOST_TEST(Name(police.status) == "submitted");

  clock.Set("2026-09-29");
  Must(hub.UpdateServiceItem(police.id, "police", hub::ServiceAction::kReceived, "", {}));
  Must(hub.UpdateServiceItem(education.id, "education", hub::ServiceAction::kReceived, "", {}));
  ServiceItem h = Must(hub.UpdateServiceItem(health.id, "health", hub::ServiceAction::kDone,
                                             "已开通就医绿色通道", {}));
  BOOST_TEST(Name(h.status) == "done");
  BOOST_TEST(FormatDate(h.done_on.value()) == "2026-09-29");

  // A department may not answer another's item.
  auto foreign = hub.UpdateServiceItem(police.id, "health", hub::ServiceAction::kDone, "", {});
  BOOST_REQUIRE(!foreign.has_value());
  BOOST_TEST(Code(foreign.error()) == "PermissionDenied");
  BOOST_TEST(foreign.error().message().find("belongs to department police") != std::string::npos);

  clock.Set("2026-10-08");
  Must(hub.UpdateServiceItem(education.id, "education", hub::ServiceAction::kDone, "", {}));
  BOOST_TEST(Must(hub.EscalateOverdue()).empty());  // police is due on 10-10

  clock.Set("2026-10-12");  // Monday after the make-up Saturday: police is late
  auto first = Must(hub.EscalateOverdue());
  BOOST_REQUIRE_EQUAL(first.size(), 1u);
  BOOST_TEST(first[0].id == police.id);
  BOOST_TEST(first[0].escalations == 1);
  BOOST_TEST(first[0].last_escalated == "2026-10-12");
  BOOST_TEST(Must(hub.EscalateOverdue()).empty());  // the same day again: nothing new
  clock.Set("2026-10-13");
  BOOST_TEST(Must(hub.EscalateOverdue()).empty());  // still the same lapse

  // A delay needs a reason and a date after today.
  auto no_reason = hub.UpdateServiceItem(police.id, "police", hub::ServiceAction::kDelayed, " ",
                                         D("2026-10-16"));
  BOOST_REQUIRE(!no_reason.has_value());
  BOOST_TEST(Code(no_reason.error()) == "InvalidArgument");
  BOOST_TEST(no_reason.error().message().find("needs a reason") != std::string::npos);
  auto no_date =
      hub.UpdateServiceItem(police.id, "police", hub::ServiceAction::kDelayed, "待迁出证明", {});
  BOOST_REQUIRE(!no_date.has_value());
  BOOST_TEST(no_date.error().message().find("needs the new date") != std::string::npos);
  auto past = hub.UpdateServiceItem(police.id, "police", hub::ServiceAction::kDelayed, "待迁出证明",
                                    D("2026-10-13"));
  BOOST_REQUIRE(!past.has_value());
  BOOST_TEST(past.error().message().find("must be after today (2026-10-13)") != std::string::npos);
  ServiceItem delayed = Must(hub.UpdateServiceItem(
      police.id, "police", hub::ServiceAction::kDelayed, "待原籍地户籍迁出证明", D("2026-10-16")));
  BOOST_TEST(Name(delayed.status) == "delayed");
  BOOST_TEST(FormatDate(delayed.Due()) == "2026-10-16");
  BOOST_TEST(delayed.reason == "待原籍地户籍迁出证明");
  // received only follows submitted.
  auto back = hub.UpdateServiceItem(police.id, "", hub::ServiceAction::kReceived, "", {});
  BOOST_REQUIRE(!back.has_value());
  BOOST_TEST(back.error().message().find("only a submitted item") != std::string::npos);

  clock.Set("2026-10-16");
  BOOST_TEST(Must(hub.EscalateOverdue()).empty());  // due today: not late yet
  clock.Set("2026-10-19");                          // the promised date passed: a new lapse
  auto second = Must(hub.EscalateOverdue());
  BOOST_REQUIRE_EQUAL(second.size(), 1u);
  BOOST_TEST(second[0].escalations == 2);
  BOOST_TEST(Must(hub.EscalateOverdue()).empty());

  clock.Set("2026-10-20");
  // The hub operator (no department) may act on any item.
  ServiceItem done = Must(hub.UpdateServiceItem(police.id, "", hub::ServiceAction::kDone, "", {}));
  BOOST_TEST(Name(done.status) == "done");
  auto twice = hub.UpdateServiceItem(police.id, "police", hub::ServiceAction::kDone, "", {});
  BOOST_REQUIRE(!twice.has_value());
  BOOST_TEST(Code(twice.error()) == "InvalidArgument");
  BOOST_TEST(twice.error().message().find("already done on 2026-10-20") != std::string::npos);
  clock.Set("2026-10-30");
  BOOST_TEST(Must(hub.EscalateOverdue()).empty());  // done items are never chased

  ServiceRequest now = Must(hub.GetServiceRequest(request.id));
  BOOST_TEST(now.AllDone());
  BOOST_TEST(now.window == "兰山区专窗");
  BOOST_TEST(FormatDate(now.submitted_on) == "2026-09-28");
  BOOST_TEST(ItemOf(now, "hukou").escalations == 2);
  BOOST_TEST(ItemOf(now, "school").escalations == 0);
  auto listed = Must(hub.ListServiceRequests(w.card_holder));
  BOOST_REQUIRE_EQUAL(listed.size(), 1u);
  BOOST_TEST(listed[0].id == request.id);
  BOOST_TEST(Must(hub.ListServiceRequests(w.uncertified)).empty());

  // The archive holds every step, oldest first.
  auto archive = Must(hub.ServiceArchive(w.card_holder));
  std::vector<std::string> steps;
  for (const ServiceEvent& e : archive) {
    std::string who = e.item_id == police.id      ? "police"
                      : e.item_id == education.id ? "education"
                      : e.item_id == health.id    ? "health"
                                                  : "?";
    steps.push_back(who + ":" + e.action);
    BOOST_TEST(e.request_id == request.id);
    BOOST_TEST(!e.at.empty());
  }
  const std::vector<std::string> expected = {
      "police:submitted",   "education:submitted", "health:submitted", "police:received",
      "education:received", "health:done",         "education:done",   "police:escalated",
      "police:delayed",     "police:escalated",    "police:done"};
  BOOST_TEST(steps == expected, boost::test_tools::per_element());
  for (size_t i = 1; i < archive.size(); ++i) BOOST_TEST(archive[i - 1].seq < archive[i].seq);
  BOOST_REQUIRE_EQUAL(archive.size(), expected.size());
  BOOST_TEST(archive[7].note.find("1 working day late at department police") != std::string::npos);
  BOOST_TEST(archive[7].note.find("reason given: none") != std::string::npos);
  BOOST_TEST(archive[7].note.find("兰山区专窗") != std::string::npos);
  BOOST_TEST(archive[9].note.find("reason given: 待原籍地户籍迁出证明") != std::string::npos);
  BOOST_TEST(archive[0].actor == "兰山区专窗");
  BOOST_TEST(archive[3].actor == "police");
  BOOST_TEST(archive[10].actor == "hub");
}

void RefusesWhatIsNotAllowed(World& w) {
  Clock clock;
  clock.Set("2026-11-02");
  hub::Hub& hub = *w.hub;
  const std::vector<std::string> unknown = {"hukou", "pets"};
  auto r = hub.SubmitServiceRequest(w.card_holder, unknown, "window", "");
  BOOST_REQUIRE(!r.has_value());
  BOOST_TEST(Code(r.error()) == "InvalidArgument");
  BOOST_TEST(r.error().message().find("unknown matter \"pets\"") != std::string::npos);
  BOOST_TEST(r.error().message().find("hukou, medical, school") != std::string::npos);

  const std::vector<std::string> twice = {"school", "school"};
  r = hub.SubmitServiceRequest(w.card_holder, twice, "window", "");
  BOOST_REQUIRE(!r.has_value());
  BOOST_TEST(r.error().message().find("named twice") != std::string::npos);

  const std::vector<std::string> one = {"school"};
  for (PersonId who : {w.uncertified, w.no_talent}) {
    r = hub.SubmitServiceRequest(who, one, "window", "");
    BOOST_REQUIRE(!r.has_value());
    BOOST_TEST(Code(r.error()) == "InvalidArgument");
    BOOST_TEST(r.error().message().find("holds no talent card") != std::string::npos);
  }
  r = hub.SubmitServiceRequest(999999, one, "window", "");
  BOOST_REQUIRE(!r.has_value());
  BOOST_TEST(Code(r.error()) == "NotFound");
  BOOST_TEST(Must(hub.ListServiceRequests(w.card_holder)).empty());  // nothing half-written

  auto missing = hub.UpdateServiceItem(424242, "", hub::ServiceAction::kDone, "", {});
  BOOST_REQUIRE(!missing.has_value());
  BOOST_TEST(Code(missing.error()) == "NotFound");
  BOOST_TEST(Code(hub.GetServiceRequest(424242).error()) == "NotFound");

  // Two answers at the same time: the one that finds the item moved is refused.
  ServiceRequest request = Must(hub.SubmitServiceRequest(w.card_holder, one, "window", ""));
  ServiceItem stale = request.items[0];
  Must(hub.UpdateServiceItem(stale.id, "education", hub::ServiceAction::kReceived, "", {}));
  stale.status = ServiceItemStatus::kDone;
  stale.done_on = D("2026-11-02");
  ServiceEvent event;
  event.request_id = request.id;
  event.item_id = stale.id;
  event.action = "done";
  Status raced = w.store->TransitionServiceItem(stale, ServiceItemStatus::kSubmitted, event);
  BOOST_TEST(Code(raced) == "DataError");
  BOOST_TEST(raced.message().find("answered at the same time") != std::string::npos);
  BOOST_TEST(Name(Must(hub.GetServiceRequest(request.id)).items[0].status) == "received");
}

void OnBothStores(const std::function<void(World&)>& body) {
  BOOST_TEST_CONTEXT("sqlite") {
    TempDir dir;
    World w = Open("DRIVER=SQLite3;Database=" + (dir.path / "hub.db").string(), dir.path);
    body(w);
  }
  BOOST_TEST_CONTEXT("postgresql") {
    auto cluster = testing::PgCluster::Start();
    BOOST_REQUIRE_MESSAGE(cluster.has_value(), cluster.status().ToString());
    TempDir dir;
    World w = Open((*cluster)->ConnectionString(), dir.path);
    body(w);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(service_items)

BOOST_AUTO_TEST_CASE(three_departments_one_late_is_escalated_once_per_lapse_and_archived) {
  OnBothStores(ThreeDepartmentsOneLate);
}

BOOST_AUTO_TEST_CASE(refuses_unknown_matters_non_card_holders_and_stale_answers) {
  OnBothStores(RefusesWhatIsNotAllowed);
}

BOOST_AUTO_TEST_CASE(config_reads_matters_and_calendar_and_refuses_bad_dates) {
  TempDir dir;
  const fs::path file = dir.path / "huicai.toml";
  {
    std::FILE* f = std::fopen(file.c_str(), "w");
    BOOST_REQUIRE(f != nullptr);
    std::fputs(
        "[service]\nholidays = [\"2026-10-01\"]\nworkdays = [\"2026-10-10\"]\n"
        "[service.matters.hukou]\ntitle = \"户籍办理\"\ndepartment = \"police\"\ndays = 5\n",
        f);
    std::fclose(f);
  }
  hub::HubConfig config = Must(hub::LoadConfig(file, dir.path));
  BOOST_REQUIRE_EQUAL(config.service.matters.size(), 1u);
  BOOST_TEST(config.service.matters.at("hukou").department == "police");
  BOOST_TEST(config.service.matters.at("hukou").days == 5);
  WorkCalendar cal = Must(hub::ServiceCalendar(config.service));
  BOOST_TEST(!cal.IsWorkingDay(D("2026-10-01")));
  BOOST_TEST(cal.IsWorkingDay(D("2026-10-10")));

  {
    std::FILE* f = std::fopen(file.c_str(), "w");
    BOOST_REQUIRE(f != nullptr);
    std::fputs("[service]\nholidays = [\"2026-13-01\"]\n", f);
    std::fclose(f);
  }
  auto bad = hub::LoadConfig(file, dir.path);
  BOOST_REQUIRE(!bad.has_value());
  BOOST_TEST(bad.error().message().find("2026-13-01") != std::string::npos);

  // The shipped configuration parses and routes every matter to a department.
  hub::HubConfig shipped =
      Must(hub::LoadConfig(fs::path(HUICAI_SOURCE_DIR) / "config" / "huicai.toml", dir.path));
  BOOST_TEST(shipped.service.matters.size() >= 6u);
  BOOST_TEST(shipped.service.matters.count("hukou") == 1u);
  WorkCalendar y2026 = Must(hub::ServiceCalendar(shipped.service));
  BOOST_TEST(!y2026.IsWorkingDay(D("2026-10-07")));
  BOOST_TEST(y2026.IsWorkingDay(D("2026-09-20")));
  BOOST_TEST(FormatDate(y2026.AddWorkingDays(D("2026-09-30"), 1)) == "2026-10-08");
}

BOOST_AUTO_TEST_SUITE_END()
