// hub: green-channel service items (并联办理 / 限时办结): a request taken at a window is split
// into one item per matter, routed to its department with a deadline in working days; the
// departments answer; overdue items are escalated to the window; every step is an event of
// the talent's service archive. Logs carry item ids and matters, never personal identifiers.
#include <spdlog/spdlog.h>

#include <set>
#include <string>

#include "hub/hub.h"
#include "hub/internal/impl.h"

namespace huicai::hub {
namespace {

constexpr std::string_view kOperator = "hub";  // the actor when no department is named

std::string KnownMatters(const ServiceSettings& settings) {
  if (settings.matters.empty()) return "none: add [service.matters.KEY] tables to the config";
  std::string out;
  for (const auto& [key, matter] : settings.matters) {
    out += (out.empty() ? "" : ", ") + key;
  }
  return out;
}

std::string ItemName(const ServiceItem& item) {
  return "service item " + std::to_string(item.id) + " (" +
         (item.title.empty() ? item.matter : item.title) + ")";
}

// "1 working day", "3 working days".
std::string WorkingDays(int n) {
  return std::to_string(n) + (n == 1 || n == -1 ? " working day" : " working days");
}

std::string Trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace

Result<WorkCalendar> ServiceCalendar(const ServiceSettings& settings) {
  auto calendar = WorkCalendar::FromText(settings.holidays, settings.workdays);
  if (!calendar.has_value()) return calendar.error().WithContext("[service]");
  return calendar;
}

Result<ServiceRequest> Hub::SubmitServiceRequest(PersonId person,
                                                 std::span<const std::string> matters,
                                                 std::string_view window, std::string_view note) {
  const ServiceSettings& settings = impl_->config_.service;
  store::Store& store = impl_->store_;
  HUICAI_RETURN_IF_ERROR(store.GetPerson(person).status());
  auto talent = store.GetTalent(person);
  if (!talent.has_value() && talent.error().code() != StatusCode::kNotFound) {
    return talent.error();
  }
  if (!talent.has_value() || talent->tier == TalentTier::kNone) {
    return Status::InvalidArgument(
        "person " + std::to_string(person) +
        " holds no talent card (惠才卡): green-channel services are for certified card holders; "
        "certify the talent first");
  }
  if (matters.empty()) {
    return Status::InvalidArgument("name at least one matter; known: " + KnownMatters(settings));
  }
  HUICAI_ASSIGN_OR_RETURN(WorkCalendar calendar, ServiceCalendar(settings));
  const Date today = Today();
  const std::string actor = window.empty() ? std::string(kOperator) : std::string(window);

  ServiceRequest request;
  request.person_id = person;
  request.window = std::string(window);
  request.note = std::string(note);
  request.submitted_on = today;
  std::vector<ServiceEvent> events;
  std::set<std::string> seen;
  for (const std::string& key : matters) {
    auto found = settings.matters.find(key);
    if (found == settings.matters.end()) {
      return Status::InvalidArgument("unknown matter \"" + key +
                                     "\"; known: " + KnownMatters(settings));
    }
    if (!seen.insert(key).second) {
      return Status::InvalidArgument("matter \"" + key +
                                     "\" is named twice; a request holds each matter once");
    }
    const ServiceMatter& matter = found->second;
    ServiceItem item;
    item.matter = key;
    item.title = matter.title;
    item.department = matter.department;
    item.status = ServiceItemStatus::kSubmitted;
    item.deadline = calendar.AddWorkingDays(today, matter.days);
    request.items.push_back(item);
    ServiceEvent e;
    e.item_id = static_cast<std::int64_t>(request.items.size());  // position, see the store
    e.actor = actor;
    e.action = "submitted";
    e.note = matter.title + " sent to " + matter.department + ", due " + FormatDate(item.deadline) +
             " (" + WorkingDays(matter.days) + ")";
    events.push_back(std::move(e));
  }
  HUICAI_ASSIGN_OR_RETURN(ServiceRequest stored, store.InsertServiceRequest(request, events));
  spdlog::info("service request {} taken at {}: {} items", stored.id, actor, stored.items.size());
  return stored;
}

Result<ServiceItem> Hub::UpdateServiceItem(ServiceItemId item_id, std::string_view department,
                                           ServiceAction action, std::string_view reason,
                                           std::optional<Date> new_date) {
  store::Store& store = impl_->store_;
  HUICAI_ASSIGN_OR_RETURN(ServiceItem item, store.GetServiceItem(item_id));
  const std::string name = ItemName(item);
  if (!department.empty() && department != item.department) {
    return Status::PermissionDenied(name + " belongs to department " + item.department + "; " +
                                    std::string(department) + " may not update it");
  }
  if (item.status == ServiceItemStatus::kDone) {
    return Status::InvalidArgument(name + " is already done on " +
                                   (item.done_on ? FormatDate(*item.done_on) : "?") +
                                   "; a done item is final");
  }
  HUICAI_ASSIGN_OR_RETURN(WorkCalendar calendar, ServiceCalendar(impl_->config_.service));
  const Date today = Today();
  const ServiceItemStatus from = item.status;
  const std::string why = Trimmed(reason);
  ServiceEvent event;
  event.request_id = item.request_id;
  event.item_id = item.id;
  event.actor = department.empty() ? std::string(kOperator) : std::string(department);
  switch (action) {
    case ServiceAction::kReceived:
      if (from != ServiceItemStatus::kSubmitted) {
        return Status::InvalidArgument(name + " is " + std::string(ServiceItemStatusName(from)) +
                                       "; only a submitted item is marked received");
      }
      item.status = ServiceItemStatus::kReceived;
      event.action = "received";
      event.note = why.empty() ? "received by " + item.department : why;
      break;
    case ServiceAction::kDone: {
      item.status = ServiceItemStatus::kDone;
      item.done_on = today;
      const int late = calendar.WorkingDaysBetween(item.Due(), today);
      event.action = "done";
      event.note = "done on " + FormatDate(today) +
                   (late > 0 ? ", " + WorkingDays(late) + " after " + FormatDate(item.Due())
                             : ", in time (due " + FormatDate(item.Due()) + ")") +
                   (why.empty() ? "" : "; " + why);
      break;
    }
    case ServiceAction::kDelayed:
      if (why.empty()) {
        return Status::InvalidArgument("a delay of " + name +
                                       " needs a reason the talent and the window can read");
      }
      if (!new_date) {
        return Status::InvalidArgument("a delay of " + name +
                                       " needs the new date it will be done by (YYYY-MM-DD)");
      }
      if (!(*new_date > today)) {
        return Status::InvalidArgument("the new date " + FormatDate(*new_date) + " for " + name +
                                       " must be after today (" + FormatDate(today) + ")");
      }
      item.status = ServiceItemStatus::kDelayed;
      item.promised = new_date;
      item.reason = why;
      event.action = "delayed";
      event.note = "new date " + FormatDate(*new_date) + " (deadline " + FormatDate(item.deadline) +
                   "): " + why;
      break;
  }
  HUICAI_RETURN_IF_ERROR(store.TransitionServiceItem(item, from, event));
  spdlog::info("{} {} by {}", name, event.action, event.actor);
  return store.GetServiceItem(item_id);
}

Result<std::vector<ServiceItem>> Hub::EscalateOverdue() {
  store::Store& store = impl_->store_;
  HUICAI_ASSIGN_OR_RETURN(WorkCalendar calendar, ServiceCalendar(impl_->config_.service));
  const Date today = Today();
  const std::string today_text = FormatDate(today);
  HUICAI_ASSIGN_OR_RETURN(std::vector<ServiceItem> overdue, store.ListOverdueServiceItems(today));
  std::vector<ServiceItem> escalated;
  for (ServiceItem& item : overdue) {
    const Date due = item.Due();
    if (!item.last_escalated.empty()) {
      auto last = ParseIsoDate(item.last_escalated);
      if (last && *last > due) continue;  // already chased in this lapse
    }
    const int late = calendar.WorkingDaysBetween(due, today);
    if (late < 1) continue;  // due on a Friday: chased on the next working day
    HUICAI_ASSIGN_OR_RETURN(ServiceRequest request, store.GetServiceRequest(item.request_id));
    ServiceEvent event;
    event.request_id = item.request_id;
    event.item_id = item.id;
    event.actor = std::string(kOperator);
    event.action = "escalated";
    event.note = WorkingDays(late) + " late at department " + item.department + " (" + item.title +
                 ", due " + FormatDate(due) +
                 "); reason given: " + (item.reason.empty() ? "none" : item.reason) + "; window " +
                 (request.window.empty() ? std::string(kOperator) : request.window) +
                 " to follow up";
    HUICAI_ASSIGN_OR_RETURN(
        bool done, store.EscalateServiceItem(item.id, item.last_escalated, today_text, event));
    if (!done) continue;  // another process escalated or finished it meanwhile
    spdlog::warn("service item {} ({}) is {} late at {}; escalated to the window", item.id,
                 item.matter, WorkingDays(late), item.department);
    item.escalations += 1;
    item.last_escalated = today_text;
    escalated.push_back(std::move(item));
  }
  return escalated;
}

Result<ServiceRequest> Hub::GetServiceRequest(ServiceRequestId id) {
  return impl_->store_.GetServiceRequest(id);
}

Result<std::vector<ServiceRequest>> Hub::ListServiceRequests(PersonId person) {
  return impl_->store_.ListServiceRequests(person);
}

Result<std::vector<ServiceEvent>> Hub::ServiceArchive(PersonId person) {
  return impl_->store_.ListServiceArchive(person);
}

}  // namespace huicai::hub
