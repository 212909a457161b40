#pragma once
// store internal: the hub schema as versioned migrations. One set of SQL strings for SQLite
// and PostgreSQL; the token {ID} becomes the dialect's identity primary key.
#include <string>
#include <vector>

namespace huicai::store::internal {

enum class SqlDialect { kSqlite, kPostgres };

// Migration N (1-based) is element N-1: the statements to run, in order, in one transaction.
const std::vector<std::vector<std::string>>& Migrations(SqlDialect dialect);

// Created before anything else, outside the migrations.
inline constexpr const char* kCreateSchemaVersion =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY,"
    " applied_at TEXT NOT NULL)";

}  // namespace huicai::store::internal
