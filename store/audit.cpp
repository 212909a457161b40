// Store: the tamper-evident audit log, a SHA-256 hash chain over every call to the hub.
// Each entry's hash covers the previous entry's hash and a length-prefixed encoding of the
// entry (seq included), so changing, removing or moving an entry breaks the chain there.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <limits>

#include "core/id_number.h"
#include "core/text.h"
#include "store/internal/store_impl.h"
#include "store/store.h"

namespace huicai::store {
namespace {

using internal::Int;
using internal::SqlDialect;
using internal::Text;

constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";
constexpr std::string_view kHeadCheckpoint = "audit:head";
constexpr std::int64_t kVerifyPage = 1000;
constexpr const char* kAuditColumns =
    "seq, at, agency, method, subjects, fields, outcome, prev_hash, hash";

// `text` has the shape of `pattern`: 'd' is an ASCII digit, any other character itself.
bool Shaped(std::string_view text, std::string_view pattern) {
  if (text.size() != pattern.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (pattern[i] == 'd' ? !digit : text[i] != pattern[i]) return false;
  }
  return true;
}

constexpr std::string_view kAtShape = "dddd-dd-ddTdd:dd:dd.ddddddZ";
constexpr std::string_view kAtSecondsShape = "dddd-dd-ddTdd:dd:ddZ";

// Now in UTC with microseconds, in kAtShape.
std::string NowUtcMicros() {
  using namespace std::chrono;
  const auto now = floor<microseconds>(system_clock::now());
  const auto secs = floor<seconds>(now);
  const std::time_t t = system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  const auto micros = static_cast<long>((now - secs).count());
  std::array<char, 96> buf{};  // room for any int the compiler imagines (format-truncation)
  std::snprintf(buf.data(), buf.size(), "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, micros);
  return buf.data();
}

void AppendU64(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((v >> shift) & 0xffu));
  }
}

void AppendText(std::string& out, std::string_view text) {
  AppendU64(out, text.size());
  out.append(text);
}

// The canonical encoding the hash covers: seq, then every text preceded by its length in 8
// bytes (big-endian), the two lists by their item counts, so that no two entries encode alike.
std::string CanonicalEncoding(const AuditEntry& e) {
  std::string out = "huicai-audit-v1";
  AppendU64(out, static_cast<std::uint64_t>(e.seq));
  AppendText(out, e.at);
  AppendText(out, e.agency);
  AppendText(out, e.method);
  AppendU64(out, e.subjects.size());
  for (const std::string& s : e.subjects) AppendText(out, s);
  AppendU64(out, e.fields.size());
  for (const std::string& f : e.fields) AppendText(out, f);
  AppendText(out, e.outcome);
  return out;
}

// Hex SHA-256 of prev_hash followed by the canonical encoding of `e`.
Result<std::string> ChainHash(std::string_view prev_hash, const AuditEntry& e) {
  std::string data(prev_hash);
  data += CanonicalEncoding(e);
  return internal::Sha256Hex(data);
}

Status CheckText(std::string_view text, std::string_view what, size_t index) {
  if (!IsValidUtf8(text) || text.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument("audit entry " + std::to_string(index) + ": " +
                                   std::string(what) +
                                   " is not valid UTF-8 or holds a NUL; pass text as UTF-8");
  }
  return Status::Ok();
}

// Validates entry `index` of a batch and returns it with `at` filled or normalised.
Result<AuditEntry> Prepared(const AuditEntry& in, size_t index, const std::string& now) {
  AuditEntry e = in;
  const std::string where = "audit entry " + std::to_string(index) + ": ";
  if (e.method.empty()) return Status::InvalidArgument(where + "method is empty");
  if (e.outcome.empty()) {
    return Status::InvalidArgument(where + "outcome is empty; use \"ok\" or a status code name");
  }
  if (e.at.empty()) {
    e.at = now;
  } else if (Shaped(e.at, kAtSecondsShape)) {
    e.at.insert(e.at.size() - 1, ".000000");
  } else if (!Shaped(e.at, kAtShape)) {
    return Status::InvalidArgument(where + "at \"" + e.at +
                                   "\" is not UTC \"YYYY-MM-DDTHH:MM:SS.ffffffZ\"; leave it "
                                   "empty for the current time");
  }
  HUICAI_RETURN_IF_ERROR(CheckText(e.agency, "agency", index));
  HUICAI_RETURN_IF_ERROR(CheckText(e.method, "method", index));
  HUICAI_RETURN_IF_ERROR(CheckText(e.outcome, "outcome", index));
  for (size_t i = 0; i < e.subjects.size(); ++i) {
    HUICAI_RETURN_IF_ERROR(CheckText(e.subjects[i], "a subject", index));
    if (ValidateIdNumber(e.subjects[i]).ok()) {
      // The value itself stays out of the message: it is an ID number.
      return Status::InvalidArgument(where + "subject " + std::to_string(i) +
                                     " is an ID number; log the person's id instead");
    }
  }
  for (const std::string& f : e.fields) HUICAI_RETURN_IF_ERROR(CheckText(f, "a field", index));
  return e;
}

// `since` as a prefix for comparing with stored `at` text: the accepted shapes without "Z".
Result<std::string> SinceKey(std::string_view since) {
  std::string key(since);
  if (!key.empty() && key.back() == 'Z') key.pop_back();
  static constexpr std::string_view kShapes[] = {"dddd-dd-dd",
                                                 "dddd-dd-ddTdd:dd",
                                                 "dddd-dd-ddTdd:dd:dd",
                                                 "dddd-dd-ddTdd:dd:dd.d",
                                                 "dddd-dd-ddTdd:dd:dd.dd",
                                                 "dddd-dd-ddTdd:dd:dd.ddd",
                                                 "dddd-dd-ddTdd:dd:dd.dddd",
                                                 "dddd-dd-ddTdd:dd:dd.ddddd",
                                                 "dddd-dd-ddTdd:dd:dd.dddddd"};
  for (std::string_view shape : kShapes) {
    if (Shaped(key, shape)) return key;
  }
  return Status::InvalidArgument("audit: since \"" + std::string(since) +
                                 "\" is not a UTC time such as 2024-05-01 or "
                                 "2024-05-01T08:30:00Z");
}

Result<AuditEntry> AuditFromRow(const Row& r) {
  AuditEntry e;
  HUICAI_ASSIGN_OR_RETURN(e.seq, Int(r[0], "seq"));
  e.at = Text(r[1]);
  e.agency = Text(r[2]);
  e.method = Text(r[3]);
  HUICAI_ASSIGN_OR_RETURN(e.subjects, internal::DecodeList(r[4]));
  HUICAI_ASSIGN_OR_RETURN(e.fields, internal::DecodeList(r[5]));
  e.outcome = Text(r[6]);
  e.prev_hash = Text(r[7]);
  e.hash = Text(r[8]);
  return e;
}

// The head checkpoint "SEQ:HASH", or nullopt when none or malformed (*malformed set).
std::optional<std::pair<std::int64_t, std::string>> ParseHead(const std::string& text,
                                                              bool* malformed) {
  *malformed = false;
  if (text.empty()) return std::nullopt;
  const size_t colon = text.find(':');
  std::int64_t seq = 0;
  bool digits = colon != std::string::npos && colon > 0 && colon <= 18;
  for (size_t i = 0; digits && i < colon; ++i) {
    if (text[i] < '0' || text[i] > '9') digits = false;
    seq = seq * 10 + (text[i] - '0');
  }
  if (!digits) {
    *malformed = true;
    return std::nullopt;
  }
  return std::make_pair(seq, text.substr(colon + 1));
}

std::string HeadText(std::int64_t seq, std::string_view hash) {
  return std::to_string(seq) + ":" + std::string(hash);
}

// "entry 3 is missing" or "entries 3 to 5 are missing".
std::string Missing(std::int64_t from, std::int64_t to) {
  return from == to
             ? "entry " + std::to_string(from) + " is missing"
             : "entries " + std::to_string(from) + " to " + std::to_string(to) + " are missing";
}

void Fail(AuditCheck& check, std::int64_t seq, std::string problem) {
  if (!check.ok) return;  // the first problem is the one reported
  check.ok = false;
  check.first_bad_seq = seq;
  check.problem = std::move(problem);
}

}  // namespace

Status Store::AppendAudit(std::span<const AuditEntry> entries) {
  if (entries.empty()) return Status::Ok();
  const std::string now = NowUtcMicros();
  std::vector<AuditEntry> batch;
  batch.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    HUICAI_ASSIGN_OR_RETURN(AuditEntry e, Prepared(entries[i], i, now));
    batch.push_back(std::move(e));
  }

  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  // The lock comes before the last hash is read, so two appenders cannot both chain to it.
  // SQLite: BeginWrite's first statement takes the database's one write lock. PostgreSQL: a lock
  // of the audit table only, so that calls are not held up by a long sync transaction.
  const bool sqlite = impl_->dialect == SqlDialect::kSqlite;
  HUICAI_ASSIGN_OR_RETURN(auto txn,
                          sqlite ? impl_->BeginWrite() : odbc::Transaction::Begin(impl_->conn));
  if (!sqlite) {
    HUICAI_RETURN_IF_ERROR(impl_->Exec("LOCK TABLE audit_log IN EXCLUSIVE MODE").status());
  }
  // The last entry and the head record in one statement (one round trip on the hot path); each
  // scalar subquery is NULL when there is no such row.
  std::int64_t last_seq = 0;
  std::string last_hash(kGenesisHash);
  HUICAI_ASSIGN_OR_RETURN(
      auto rows, impl_->Query("SELECT (SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1), "
                              "(SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), "
                              "(SELECT value FROM checkpoint WHERE name = ?)",
                              {T(kHeadCheckpoint)}));
  if (rows.size() != 1 || rows[0].size() != 3) {
    return Status::Internal("audit: reading the chain's last entry and head gave " +
                            std::to_string(rows.size()) + " rows instead of one");
  }
  if (rows[0][0].has_value()) {
    HUICAI_ASSIGN_OR_RETURN(last_seq, Int(rows[0][0], "audit_log.seq"));
    last_hash = Text(rows[0][1]);
  }
  // A head past the last row means entries at the end were removed: chain past them, so that
  // the gap stays visible to VerifyAudit instead of being papered over by new entries.
  if (rows[0][2].has_value()) {
    bool malformed = false;
    auto head = ParseHead(Text(rows[0][2]), &malformed);
    if (head && head->first > last_seq) {
      last_seq = head->first;
      last_hash = head->second;
    }
  }

  std::vector<std::vector<Value>> values;
  values.reserve(batch.size());
  for (AuditEntry& e : batch) {
    e.seq = ++last_seq;
    e.prev_hash = last_hash;
    HUICAI_ASSIGN_OR_RETURN(e.hash, ChainHash(e.prev_hash, e));
    last_hash = e.hash;
    values.push_back({I(e.seq), T(e.at), T(e.agency), T(e.method),
                      T(internal::EncodeList(e.subjects)), T(internal::EncodeList(e.fields)),
                      T(e.outcome), T(e.prev_hash), T(e.hash)});
  }
  HUICAI_RETURN_IF_ERROR(impl_->conn
                             .ExecuteBatch(std::string("INSERT INTO audit_log (") + kAuditColumns +
                                               ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                           values)
                             .status());
  HUICAI_RETURN_IF_ERROR(impl_->SetCheckpointTx(kHeadCheckpoint, HeadText(last_seq, last_hash)));
  return txn.Commit();
}

Result<AuditCheck> Store::VerifyAudit() {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  // One snapshot for the head and every page, so that entries appended meanwhile are neither
  // half seen nor taken for entries missing before the head. Read only: rolled back at the end.
  HUICAI_ASSIGN_OR_RETURN(auto snapshot, odbc::Transaction::Begin(impl_->conn));
  if (impl_->dialect == SqlDialect::kPostgres) {
    HUICAI_RETURN_IF_ERROR(
        impl_->Exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").status());
  }
  HUICAI_ASSIGN_OR_RETURN(
      auto head_rows,
      impl_->Query("SELECT value FROM checkpoint WHERE name = ?", {T(kHeadCheckpoint)}));
  const std::string head_text = head_rows.empty() ? std::string() : Text(head_rows[0][0]);
  AuditCheck check;
  std::int64_t prev_seq = 0;
  std::string prev_hash(kGenesisHash);
  const std::string sql =
      std::string("SELECT ") + kAuditColumns + " FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?";
  for (;;) {
    HUICAI_ASSIGN_OR_RETURN(auto rows, impl_->Query(sql, {I(prev_seq), I(kVerifyPage)}));
    for (const Row& r : rows) {
      ++check.entries;
      HUICAI_ASSIGN_OR_RETURN(std::int64_t seq, Int(r[0], "audit_log.seq"));
      const std::string n = std::to_string(seq);
      if (seq != prev_seq + 1) {
        Fail(check, prev_seq + 1,
             Missing(prev_seq + 1, seq - 1) + ": " +
                 (prev_seq == 0 ? "the log starts at " + n
                                : std::to_string(prev_seq) + " is followed by " + n));
      }
      auto decoded = AuditFromRow(r);
      if (!decoded.has_value()) {
        Fail(check, seq,
             "entry " + n + " was altered: its stored text does not parse (" +
                 decoded.error().message() + ")");
      } else {
        const AuditEntry& e = *decoded;
        HUICAI_ASSIGN_OR_RETURN(std::string expected, ChainHash(e.prev_hash, e));
        if (expected != e.hash) {
          Fail(check, seq, "entry " + n + " was altered: its hash does not match its content");
        } else if (e.prev_hash != prev_hash) {
          Fail(check, seq,
               "entry " + n + " is out of place: its prev_hash is not the hash of entry " +
                   std::to_string(prev_seq) +
                   " (entries were reordered, replaced or the previous one altered)");
        }
      }
      prev_seq = seq;
      prev_hash = Text(r[8]);
    }
    if (static_cast<std::int64_t>(rows.size()) < kVerifyPage) break;
  }

  // The head recorded by the last append: entries removed from the end leave it behind.
  bool malformed = false;
  auto head = ParseHead(head_text, &malformed);
  if (malformed) {
    Fail(check, prev_seq + 1, "the head record \"audit:head\" was altered: it does not parse");
  } else if (!head) {
    if (check.entries > 0) {
      Fail(check, prev_seq,
           "the head record \"audit:head\" is missing although the log holds " +
               std::to_string(check.entries) + " entries: it was removed");
    }
  } else if (head->first > prev_seq) {
    Fail(check, prev_seq + 1,
         Missing(prev_seq + 1, head->first) + ": the log ends at " + std::to_string(prev_seq) +
             " but the head record \"audit:head\" says " + std::to_string(head->first) +
             " entries were appended");
  } else if (head->first < prev_seq) {
    Fail(check, head->first + 1,
         "entry " + std::to_string(head->first + 1) +
             " was added outside the store: the head record \"audit:head\" says the log ends "
             "at " +
             std::to_string(head->first));
  } else if (head->second != prev_hash) {
    Fail(check, prev_seq,
         "entry " + std::to_string(prev_seq) +
             " was replaced: its hash is not the one the head record \"audit:head\" kept");
  }
  return check;
}

Result<std::vector<AuditEntry>> Store::ListAudit(std::string_view agency, std::string_view since,
                                                 size_t limit) {
  std::string since_key;
  if (!since.empty()) {
    HUICAI_ASSIGN_OR_RETURN(since_key, SinceKey(since));
  }
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  std::string sql = std::string("SELECT ") + kAuditColumns + " FROM audit_log WHERE 1 = 1";
  std::vector<Value> params;
  if (!agency.empty()) {
    sql += " AND agency = ?";
    params.push_back(T(agency));
  }
  if (!since_key.empty()) {
    // Byte order, which is time order for this text; PostgreSQL's default collation may not be.
    sql += impl_->dialect == SqlDialect::kPostgres ? " AND at COLLATE \"C\" >= ?" : " AND at >= ?";
    params.push_back(T(since_key));
  }
  sql += " ORDER BY seq LIMIT ?";
  constexpr auto kMax = static_cast<size_t>(std::numeric_limits<std::int64_t>::max());
  params.push_back(I(static_cast<std::int64_t>(std::min(limit, kMax))));
  HUICAI_ASSIGN_OR_RETURN(auto rows, impl_->Query(sql, std::move(params)));
  std::vector<AuditEntry> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    HUICAI_ASSIGN_OR_RETURN(AuditEntry e, AuditFromRow(r));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace huicai::store
