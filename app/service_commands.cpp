// app: `huicai service` — green-channel items (并联办理 / 限时办结): take a request at a window,
// record departments' answers, escalate overdue items, show progress and a talent's archive.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/output.h"
#include "core/service.h"
#include "hub/hub.h"

namespace huicai::app {
namespace {

using nlohmann::json;

json ItemJson(const ServiceItem& item) {
  return {{"id", item.id},
          {"request_id", item.request_id},
          {"matter", item.matter},
          {"title", item.title},
          {"department", item.department},
          {"status", ServiceItemStatusName(item.status)},
          {"deadline", FormatDate(item.deadline)},
          {"promised", item.promised ? json(FormatDate(*item.promised)) : json(nullptr)},
          {"due", FormatDate(item.Due())},
          {"reason", item.reason},
          {"done_on", item.done_on ? json(FormatDate(*item.done_on)) : json(nullptr)},
          {"escalations", item.escalations},
          {"last_escalated", item.last_escalated}};
}

json RequestJson(const ServiceRequest& r) {
  json items = json::array();
  for (const ServiceItem& item : r.items) items.push_back(ItemJson(item));
  return {{"id", r.id},
          {"person_id", r.person_id},
          {"window", r.window},
          {"note", r.note},
          {"submitted_on", FormatDate(r.submitted_on)},
          {"all_done", r.AllDone()},
          {"items", items}};
}

json EventJson(const ServiceEvent& e) {
  return {{"seq", e.seq},     {"request_id", e.request_id}, {"item_id", e.item_id}, {"at", e.at},
          {"actor", e.actor}, {"action", e.action},         {"note", e.note}};
}

// "3 working days left", "due today", "2 working days late", "done 2026-10-20".
std::string Progress(const ServiceItem& item, const WorkCalendar& calendar, const Date& today) {
  if (item.status == ServiceItemStatus::kDone) {
    return "done " + (item.done_on ? FormatDate(*item.done_on) : std::string("?"));
  }
  const Date due = item.Due();
  if (due == today) return "due today";
  const int days = calendar.WorkingDaysBetween(today, due);
  const int n = days < 0 ? -days : days;
  const std::string count = std::to_string(n) + (n == 1 ? " working day" : " working days");
  return count + (due > today ? " left" : " late");
}

void PrintItems(const std::vector<ServiceItem>& items, const WorkCalendar& calendar) {
  const Date today = hub::Today();
  Table table({"item", "matter", "department", "status", "due", "progress", "escalated"});
  for (const ServiceItem& item : items) {
    table.AddRow({std::to_string(item.id), item.title.empty() ? item.matter : item.title,
                  item.department, std::string(ServiceItemStatusName(item.status)),
                  FormatDate(item.Due()) + (item.promised ? " (delayed)" : ""),
                  Progress(item, calendar, today),
                  item.escalations == 0
                      ? "-"
                      : std::to_string(item.escalations) + "x, last " + item.last_escalated});
  }
  std::cout << table.Render();
}

void PrintRequest(const ServiceRequest& r, const WorkCalendar& calendar) {
  std::cout << "request " << r.id << " for person " << r.person_id << ", taken "
            << FormatDate(r.submitted_on) << " at " << (r.window.empty() ? "-" : r.window)
            << (r.note.empty() ? "" : " (" + r.note + ")")
            << (r.AllDone() ? "; all items done" : "") << "\n";
  PrintItems(r.items, calendar);
}

struct Args {
  std::int64_t person = 0, request = 0, item = 0;
  std::vector<std::string> matters;
  std::string window = "window", note, action, reason, date, department;
};

int Submit(const Globals& g, const Args& a) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  auto request = (*hub)->SubmitServiceRequest(a.person, a.matters, a.window, a.note);
  if (!request.has_value()) return Fail(request.error());
  if (g.json) {
    std::cout << RequestJson(*request).dump(2) << "\n";
    return 0;
  }
  auto calendar = hub::ServiceCalendar((*hub)->config().service);
  if (!calendar.has_value()) return Fail(calendar.error());
  PrintRequest(*request, *calendar);
  return 0;
}

int Update(const Globals& g, const Args& a) {
  hub::ServiceAction action = hub::ServiceAction::kReceived;
  if (a.action == "done") action = hub::ServiceAction::kDone;
  if (a.action == "delayed") action = hub::ServiceAction::kDelayed;
  std::optional<Date> date;
  if (!a.date.empty()) {
    date = ParseIsoDate(a.date);
    if (!date) {
      return Fail(Status::InvalidArgument("--date " + a.date +
                                          " is not a date; write YYYY-MM-DD, e.g. 2026-10-16"));
    }
  }
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  auto item = (*hub)->UpdateServiceItem(a.item, a.department, action, a.reason, date);
  if (!item.has_value()) return Fail(item.error());
  if (g.json) {
    std::cout << ItemJson(*item).dump(2) << "\n";
    return 0;
  }
  auto calendar = hub::ServiceCalendar((*hub)->config().service);
  if (!calendar.has_value()) return Fail(calendar.error());
  PrintItems({*item}, *calendar);
  return 0;
}

int Escalate(const Globals& g) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  auto items = (*hub)->EscalateOverdue();
  if (!items.has_value()) return Fail(items.error());
  if (g.json) {
    json out = json::array();
    for (const ServiceItem& item : *items) out.push_back(ItemJson(item));
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (items->empty()) {
    std::cout << "no item newly overdue on " << FormatDate(hub::Today()) << "\n";
    return 0;
  }
  auto calendar = hub::ServiceCalendar((*hub)->config().service);
  if (!calendar.has_value()) return Fail(calendar.error());
  PrintItems(*items, *calendar);
  std::cout << items->size() << " items escalated to their windows (see `huicai service show`)\n";
  return 0;
}

int Show(const Globals& g, const Args& a) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  auto request = (*hub)->GetServiceRequest(a.request);
  if (!request.has_value()) return Fail(request.error());
  if (g.json) {
    std::cout << RequestJson(*request).dump(2) << "\n";
    return 0;
  }
  auto calendar = hub::ServiceCalendar((*hub)->config().service);
  if (!calendar.has_value()) return Fail(calendar.error());
  PrintRequest(*request, *calendar);
  return 0;
}

int List(const Globals& g, const Args& a) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  auto requests = (*hub)->ListServiceRequests(a.person);
  if (!requests.has_value()) return Fail(requests.error());
  if (g.json) {
    json out = json::array();
    for (const ServiceRequest& r : *requests) out.push_back(RequestJson(r));
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  auto calendar = hub::ServiceCalendar((*hub)->config().service);
  if (!calendar.has_value()) return Fail(calendar.error());
  for (const ServiceRequest& r : *requests) PrintRequest(r, *calendar);
  std::cout << requests->size() << " requests\n";
  return 0;
}

int Archive(const Globals& g, const Args& a) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  auto events = (*hub)->ServiceArchive(a.person);
  if (!events.has_value()) return Fail(events.error());
  if (g.json) {
    json out = json::array();
    for (const ServiceEvent& e : *events) out.push_back(EventJson(e));
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  Table table({"seq", "at (UTC)", "request", "item", "actor", "action", "note"});
  for (const ServiceEvent& e : *events) {
    table.AddRow({std::to_string(e.seq), e.at, std::to_string(e.request_id),
                  e.item_id == 0 ? "-" : std::to_string(e.item_id), e.actor, e.action,
                  Ellipsize(e.note, 90)});
  }
  std::cout << table.Render() << events->size() << " events in the service archive of person "
            << a.person << "\n";
  return 0;
}

int Matters(const Globals& g) {
  auto config = LoadHubConfig(g);
  if (!config.has_value()) return Fail(config.error());
  const hub::ServiceSettings& s = config->service;
  if (g.json) {
    json out = json::object();
    for (const auto& [key, m] : s.matters) {
      out[key] = {{"title", m.title}, {"department", m.department}, {"days", m.days}};
    }
    std::cout << json{{"matters", out}, {"holidays", s.holidays}, {"workdays", s.workdays}}.dump(2)
              << "\n";
    return 0;
  }
  Table table({"matter", "title", "department", "working days"});
  for (const auto& [key, m] : s.matters) {
    table.AddRow({key, m.title, m.department, std::to_string(m.days)});
  }
  std::cout << table.Render() << s.matters.size() << " matters; calendar: " << s.holidays.size()
            << " holidays, " << s.workdays.size() << " make-up working days\n";
  return 0;
}

}  // namespace

// Registers `huicai service ...` on the command line (called once from main).
void AddServiceCommands(CLI::App& cli, Globals& g, int& exit_code) {
  static Args a;  // the options' storage must outlive parsing
  auto* service = cli.add_subcommand(
      "service",
      "green-channel service items (并联办理 / 限时办结): a request is split into one item per\n"
      "matter, each sent to its department with a deadline in working days ([service] config)");
  service->require_subcommand(1);

  auto* submit = service->add_subcommand(
      "submit", "take a card holder's request at a window; one item per matter");
  submit->add_option("PERSON", a.person, "the talent's person id")->required();
  submit->add_option("MATTER", a.matters, "matter keys (see `huicai service matters`)")->required();
  submit->add_option("--window", a.window, "the window taking the request")->capture_default_str();
  submit->add_option("--note", a.note, "a note for the departments");
  submit->add_flag("--json", g.json, "the request as JSON on stdout");
  submit->callback([&] { exit_code = Submit(g, a); });

  auto* update = service->add_subcommand(
      "update", "a department's answer on an item: received, done, or delayed --reason R --date D");
  update->add_option("ITEM", a.item, "item id")->required();
  update->add_option("ACTION", a.action, "received, done or delayed")
      ->required()
      ->check(CLI::IsMember({"received", "done", "delayed"}));
  update->add_option("--reason", a.reason, "why (required with delayed)");
  update->add_option("--date", a.date, "the new date, YYYY-MM-DD (required with delayed)");
  update->add_option("--department", a.department,
                     "answer as this department (default: the hub operator, any item)");
  update->add_flag("--json", g.json, "the item as JSON on stdout");
  update->callback([&] { exit_code = Update(g, a); });

  auto* escalate = service->add_subcommand(
      "escalate", "chase items past their due date to their windows (once per lapse; run daily)");
  escalate->add_flag("--json", g.json, "the escalated items as JSON on stdout");
  escalate->callback([&] { exit_code = Escalate(g); });

  auto* show = service->add_subcommand("show", "a request's progress, item by item");
  show->add_option("REQUEST", a.request, "request id")->required();
  show->add_flag("--json", g.json, "the request as JSON on stdout");
  show->callback([&] { exit_code = Show(g, a); });

  auto* list = service->add_subcommand("list", "a person's requests with their progress");
  list->add_option("PERSON", a.person, "person id")->required();
  list->add_flag("--json", g.json, "the requests as JSON on stdout");
  list->callback([&] { exit_code = List(g, a); });

  auto* archive = service->add_subcommand(
      "archive", "a talent's service archive (服务档案): every event, oldest first");
  archive->add_option("PERSON", a.person, "person id")->required();
  archive->add_flag("--json", g.json, "the events as JSON on stdout");
  archive->callback([&] { exit_code = Archive(g, a); });

  auto* matters = service->add_subcommand(
      "matters", "the configured matters with their departments and working days");
  matters->add_flag("--json", g.json, "matters and calendar as JSON on stdout");
  matters->callback([&] { exit_code = Matters(g); });
}

}  // namespace huicai::app
