// store: green-channel service requests, their items and events (schema v10).
#include <string>

#include "store/internal/store_impl.h"

namespace huicai::store {
namespace {

constexpr const char* kItemColumns =
    "id, request_id, matter, title, department, status, deadline, promised, reason, done_on, "
    "escalations, last_escalated";

Value DateOrNull(const std::optional<Date>& d) { return d ? T(FormatDate(*d)) : Value{}; }

Result<std::optional<Date>> OptionalDate(const internal::Cell& cell, std::string_view column) {
  if (!cell || cell->empty()) return std::optional<Date>{};
  HUICAI_ASSIGN_OR_RETURN(Date d, internal::DateOf(cell, column));
  return std::optional<Date>{d};
}

Result<ServiceItem> ItemFromRow(const Row& r) {
  ServiceItem item;
  HUICAI_ASSIGN_OR_RETURN(item.id, internal::Int(r[0], "service_item.id"));
  HUICAI_ASSIGN_OR_RETURN(item.request_id, internal::Int(r[1], "service_item.request_id"));
  item.matter = internal::Text(r[2]);
  item.title = internal::Text(r[3]);
  item.department = internal::Text(r[4]);
  auto status = ParseServiceItemStatus(internal::Text(r[5]));
  if (!status) {
    return Status::DataError("service item " + std::to_string(item.id) + " has status \"" +
                             internal::Text(r[5]) + "\", which is not one the hub writes");
  }
  item.status = *status;
  HUICAI_ASSIGN_OR_RETURN(item.deadline, internal::DateOf(r[6], "service_item.deadline"));
  HUICAI_ASSIGN_OR_RETURN(item.promised, OptionalDate(r[7], "service_item.promised"));
  item.reason = internal::Text(r[8]);
  HUICAI_ASSIGN_OR_RETURN(item.done_on, OptionalDate(r[9], "service_item.done_on"));
  HUICAI_ASSIGN_OR_RETURN(std::int64_t escalations,
                          internal::Int(r[10], "service_item.escalations"));
  item.escalations = static_cast<int>(escalations);
  item.last_escalated = internal::Text(r[11]);
  return item;
}

Result<ServiceEvent> EventFromRow(const Row& r) {
  ServiceEvent e;
  HUICAI_ASSIGN_OR_RETURN(e.seq, internal::Int(r[0], "service_event.seq"));
  HUICAI_ASSIGN_OR_RETURN(e.request_id, internal::Int(r[1], "service_event.request_id"));
  HUICAI_ASSIGN_OR_RETURN(e.item_id, internal::Int(r[2], "service_event.item_id"));
  e.at = internal::Text(r[3]);
  e.actor = internal::Text(r[4]);
  e.action = internal::Text(r[5]);
  e.note = internal::Text(r[6]);
  return e;
}

Status InsertEvent(odbc::Connection& conn, const ServiceEvent& e) {
  if (e.action.empty()) {
    return Status::InvalidArgument("a service event needs an action (submitted, received, ...)");
  }
  const std::vector<Value> params = {
      I(e.request_id), I(e.item_id), T(e.at.empty() ? internal::NowUtc() : e.at),
      T(e.actor),      T(e.action),  T(e.note)};
  return conn
      .Execute(
          "INSERT INTO service_event (request_id, item_id, at, actor, action, note) "
          "VALUES (?, ?, ?, ?, ?, ?)",
          params)
      .status();
}

Result<std::vector<ServiceItem>> ItemsOf(odbc::Connection& conn, ServiceRequestId request) {
  const std::vector<Value> params = {I(request)};
  HUICAI_ASSIGN_OR_RETURN(auto rows, conn.Query(std::string("SELECT ") + kItemColumns +
                                                    " FROM service_item WHERE request_id = ? "
                                                    "ORDER BY id",
                                                params));
  std::vector<ServiceItem> items;
  items.reserve(rows.size());
  for (const Row& r : rows) {
    HUICAI_ASSIGN_OR_RETURN(ServiceItem item, ItemFromRow(r));
    items.push_back(std::move(item));
  }
  return items;
}

Result<ServiceRequest> RequestFromRow(odbc::Connection& conn, const Row& r) {
  ServiceRequest request;
  HUICAI_ASSIGN_OR_RETURN(request.id, internal::Int(r[0], "service_request.id"));
  HUICAI_ASSIGN_OR_RETURN(request.person_id, internal::Int(r[1], "service_request.person_id"));
  request.window = internal::Text(r[2]);
  request.note = internal::Text(r[3]);
  HUICAI_ASSIGN_OR_RETURN(request.submitted_on,
                          internal::DateOf(r[4], "service_request.submitted_on"));
  HUICAI_ASSIGN_OR_RETURN(request.items, ItemsOf(conn, request.id));
  return request;
}

constexpr const char* kRequestColumns = "id, person_id, window_name, note, submitted_on";

}  // namespace

Result<ServiceRequest> Store::InsertServiceRequest(const ServiceRequest& request,
                                                   std::span<const ServiceEvent> events) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  if (request.items.empty()) {
    return Status::InvalidArgument("a service request needs at least one item");
  }
  for (const ServiceEvent& e : events) {
    if (e.item_id < 0 || static_cast<size_t>(e.item_id) > request.items.size()) {
      return Status::InvalidArgument("service event names item " + std::to_string(e.item_id) +
                                     " of a request with " + std::to_string(request.items.size()) +
                                     " items");
    }
  }
  HUICAI_ASSIGN_OR_RETURN(auto txn, impl_->BeginWrite());
  const std::string now = internal::NowUtc();
  ServiceRequest stored = request;
  HUICAI_ASSIGN_OR_RETURN(
      stored.id,
      impl_->InsertReturningId("INSERT INTO service_request (person_id, window_name, note, "
                               "submitted_on, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                               {I(request.person_id), T(request.window), T(request.note),
                                T(FormatDate(request.submitted_on)), T(now)}));
  for (ServiceItem& item : stored.items) {
    item.request_id = stored.id;
    HUICAI_ASSIGN_OR_RETURN(
        item.id,
        impl_->InsertReturningId(
            "INSERT INTO service_item (request_id, matter, title, department, status, deadline, "
            "promised, due, reason, done_on, escalations, last_escalated, updated_at) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            {I(stored.id), T(item.matter), T(item.title), T(item.department),
             T(ServiceItemStatusName(item.status)), T(FormatDate(item.deadline)),
             DateOrNull(item.promised), T(FormatDate(item.Due())), T(item.reason),
             DateOrNull(item.done_on), I(item.escalations), T(item.last_escalated), T(now)}));
  }
  for (ServiceEvent e : events) {
    e.request_id = stored.id;
    e.item_id = e.item_id == 0 ? 0 : stored.items[static_cast<size_t>(e.item_id - 1)].id;
    HUICAI_RETURN_IF_ERROR(InsertEvent(impl_->conn, e));
  }
  HUICAI_RETURN_IF_ERROR(txn.Commit());
  return stored;
}

Result<ServiceRequest> Store::GetServiceRequest(ServiceRequestId id) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto rows, impl_->Query(std::string("SELECT ") + kRequestColumns +
                                                      " FROM service_request WHERE id = ?",
                                                  {I(id)}));
  if (rows.empty()) {
    return Status::NotFound("service request " + std::to_string(id) + " does not exist");
  }
  return RequestFromRow(impl_->conn, rows[0]);
}

Result<ServiceItem> Store::GetServiceItem(ServiceItemId id) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto rows, impl_->Query(std::string("SELECT ") + kItemColumns +
                                                      " FROM service_item WHERE id = ?",
                                                  {I(id)}));
  if (rows.empty()) {
    return Status::NotFound("service item " + std::to_string(id) + " does not exist");
  }
  return ItemFromRow(rows[0]);
}

Result<std::vector<ServiceRequest>> Store::ListServiceRequests(PersonId person) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto rows,
                          impl_->Query(std::string("SELECT ") + kRequestColumns +
                                           " FROM service_request WHERE person_id = ? ORDER BY id",
                                       {I(person)}));
  std::vector<ServiceRequest> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    HUICAI_ASSIGN_OR_RETURN(ServiceRequest request, RequestFromRow(impl_->conn, r));
    out.push_back(std::move(request));
  }
  return out;
}

Status Store::TransitionServiceItem(const ServiceItem& item, ServiceItemStatus from,
                                    const ServiceEvent& event) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto txn, impl_->BeginWrite());
  HUICAI_ASSIGN_OR_RETURN(
      std::int64_t n,
      impl_->Exec("UPDATE service_item SET status = ?, promised = ?, due = ?, reason = ?, "
                  "done_on = ?, updated_at = ? WHERE id = ? AND status = ?",
                  {T(ServiceItemStatusName(item.status)), DateOrNull(item.promised),
                   T(FormatDate(item.Due())), T(item.reason), DateOrNull(item.done_on),
                   T(internal::NowUtc()), I(item.id), T(ServiceItemStatusName(from))}));
  if (n == 0) {
    HUICAI_ASSIGN_OR_RETURN(
        auto rows, impl_->Query("SELECT status FROM service_item WHERE id = ?", {I(item.id)}));
    if (rows.empty()) {
      return Status::NotFound("service item " + std::to_string(item.id) + " does not exist");
    }
    return Status::DataError("service item " + std::to_string(item.id) + " is no longer " +
                             std::string(ServiceItemStatusName(from)) + " but " +
                             internal::Text(rows[0][0]) +
                             ": it was answered at the same time; read it again");
  }
  HUICAI_RETURN_IF_ERROR(InsertEvent(impl_->conn, event));
  return txn.Commit();
}

Result<bool> Store::EscalateServiceItem(ServiceItemId item, std::string_view seen,
                                        std::string_view on, const ServiceEvent& event) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto txn, impl_->BeginWrite());
  HUICAI_ASSIGN_OR_RETURN(
      std::int64_t n,
      impl_->Exec("UPDATE service_item SET escalations = escalations + 1, last_escalated = ?, "
                  "updated_at = ? WHERE id = ? AND last_escalated = ? AND status <> 'done'",
                  {T(on), T(internal::NowUtc()), I(item), T(seen)}));
  if (n == 0) return false;  // the transaction rolls back unused
  HUICAI_RETURN_IF_ERROR(InsertEvent(impl_->conn, event));
  HUICAI_RETURN_IF_ERROR(txn.Commit());
  return true;
}

Status Store::AppendServiceEvents(std::span<const ServiceEvent> events) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  if (events.empty()) return Status::Ok();
  HUICAI_ASSIGN_OR_RETURN(auto txn, impl_->BeginWrite());
  for (const ServiceEvent& e : events) HUICAI_RETURN_IF_ERROR(InsertEvent(impl_->conn, e));
  return txn.Commit();
}

Result<std::vector<ServiceItem>> Store::ListOverdueServiceItems(const Date& today) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(
      auto rows, impl_->Query(std::string("SELECT ") + kItemColumns +
                                  " FROM service_item WHERE status IN ('submitted', 'received', "
                                  "'delayed') AND due < ? ORDER BY due, id",
                              {T(FormatDate(today))}));
  std::vector<ServiceItem> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    HUICAI_ASSIGN_OR_RETURN(ServiceItem item, ItemFromRow(r));
    out.push_back(std::move(item));
  }
  return out;
}

Result<PersonId> Store::ServiceRequestPerson(ServiceRequestId id) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(
      auto rows, impl_->Query("SELECT person_id FROM service_request WHERE id = ?", {I(id)}));
  if (rows.empty()) {
    return Status::NotFound("service request " + std::to_string(id) + " does not exist");
  }
  return internal::Int(rows[0][0], "service_request.person_id");
}

Result<std::vector<ServiceEvent>> Store::ListServiceArchive(PersonId person) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  const std::string sql =
      "SELECT e.seq, e.request_id, e.item_id, e.at, e.actor, e.action, e.note "
      "FROM service_event e JOIN service_request r ON r.id = e.request_id "
      "WHERE r.person_id = ? ORDER BY e.seq";
  HUICAI_ASSIGN_OR_RETURN(auto rows, impl_->Query(sql, {I(person)}));
  std::vector<ServiceEvent> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    HUICAI_ASSIGN_OR_RETURN(ServiceEvent e, EventFromRow(r));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace huicai::store
