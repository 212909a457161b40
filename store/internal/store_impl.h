#pragma once
// store internal: the state behind a Store handle and the helpers the .cpp files share.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "odbc/odbc.h"
#include "store/internal/codec.h"
#include "store/internal/schema.h"
#include "store/store.h"

namespace huicai::store {

using odbc::Row;
using odbc::Value;

inline Value I(std::int64_t v) { return Value{v}; }
inline Value T(std::string_view v) { return Value{std::string(v)}; }
inline Value D(double v) { return Value{v}; }
inline Value TextOrNull(std::string_view v) { return v.empty() ? Value{} : T(v); }

class Store::Impl {
 public:
  Impl(odbc::Connection c, std::string connection_string)
      : conn(std::move(c)), conn_string(std::move(connection_string)) {}

  // Every public Store call starts here: reconnects first when the last call lost the
  // connection. Unavailable when the database still cannot be reached.
  Status Ready() { return conn.lost() ? Reconnect() : Status::Ok(); }
  Status Reconnect();

  Result<std::int64_t> Exec(std::string_view sql, std::vector<Value> params = {}) {
    return conn.Execute(sql, params);
  }
  Result<std::vector<Row>> Query(std::string_view sql, std::vector<Value> params = {}) {
    return conn.Query(sql, params);
  }
  // Runs an INSERT ... RETURNING id and returns the id.
  Result<std::int64_t> InsertReturningId(std::string_view sql, std::vector<Value> params);

  // Begins a writing transaction and takes the store's write lock (see schema.cpp).
  Result<odbc::Transaction> BeginWrite();

  Status AppendChange(std::string_view entity, std::int64_t id, std::string_view op = "upsert");
  Status SetCheckpointTx(std::string_view name, std::string_view value);

  // Fill-only person upsert inside an open transaction (see Store::UpsertPerson).
  struct PersonOutcome {
    PersonId id = 0;
    bool changed = false;
    int conflicts = 0;
  };
  Result<PersonOutcome> UpsertPersonTx(const Person& person);
  Result<std::optional<Person>> FindPerson(std::string_view where_sql, const Value& key);
  // Writes the talent when it differs from the stored one; returns whether it wrote.
  Result<bool> UpsertTalentTx(const Talent& talent);
  Result<std::optional<Talent>> FindTalent(PersonId id);

  internal::SqlDialect dialect = internal::SqlDialect::kSqlite;
  odbc::Connection conn;
  std::string conn_string;  // as opened, with the store's additions (FKSupport, Timeout)
  // Rows a sync wrote through this connection, for refreshing PostgreSQL's statistics.
  std::int64_t written_since_analyze = 0;
  std::int64_t written_before_analyze = 0;
};

inline constexpr const char* kPersonColumns =
    "id, id_number, name, gender, birth_date, region_code, nationality, passport, mobile";
inline constexpr const char* kTalentColumns =
    "person_id, name, tier, card_number, employer, employer_credit_code, disciplines, industries, "
    "title, specialties, region_code, days_available, grassroots_days_served, in_programme";
// Inserts or replaces a talent; parameters from TalentValues.
extern const std::string kUpsertTalentSql;
// The same in two parts, for a bulk statement: the INSERT head (columns in TalentValues order)
// and the ON CONFLICT tail.
extern const char* const kTalentInsertHead;
extern const char* const kTalentUpsertTail;
std::vector<Value> TalentValues(const Talent& t, std::string_view now);

// The fill-only merge of `in` into `have` (see Store::UpsertPerson): empty fields of `have`
// are filled from `in` (sets *changed); returns how many non-empty fields disagreed.
int MergePerson(Person& have, const Person& in, bool* changed);

Result<Person> PersonFromRow(const Row& row);
Result<Talent> TalentFromRow(const Row& row);
bool SameTalent(const Talent& a, const Talent& b);

}  // namespace huicai::store
