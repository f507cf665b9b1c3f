// store/sql/sql_search_log.cpp — the search log on a SQL database (SQLite or
// PostgreSQL, through db/): one connection behind a mutex; a miss is one
// upsert, then the municipality is trimmed to its bound, in one transaction.
// Every SQL text comes from queries.h.
#include <algorithm>
#include <mutex>

#include "db/db.h"
#include "db/migrate.h"
#include "store/search_log.h"
#include "store/sql/queries.h"

namespace store {
namespace {

class SqlSearchLog final : public SearchLog {
 public:
  SqlSearchLog(std::unique_ptr<db::Connection> db, size_t max_per_municipality)
      : max_per_municipality_(static_cast<int64_t>(std::max<size_t>(max_per_municipality, 1))), db_(std::move(db)) {}

  base::Status RecordMiss(std::string_view municipality, std::string_view query, base::Date day) override {
    if (auto valid = CheckSearchMiss(municipality, query); !valid.ok()) return valid;
    // The database's messages may quote a row; ours never show the query.
    auto failed = [](std::string_view what, const base::Error& error) {
      std::string message = error.message();
      message = message.substr(0, message.find('\n'));
      return base::Error::Io("search log: " + std::string(what) + ": " + message);
    };
    std::lock_guard<std::mutex> lock(mutex_);
    auto transaction = db::Transaction::Begin(*db_, db::TransactionMode::kWrite);
    if (!transaction.ok()) return failed("starting", transaction.error());
    const std::string town(municipality);
    if (auto done = db_->Exec(sql::kUpsertSearchMiss, {town, std::string(query), day.ToString()}); !done.ok()) {
      return failed("counting a miss", done.error());
    }
    auto rows = db_->Query(sql::kCountSearchMisses, {town});
    if (!rows.ok()) return failed("counting the rows", rows.error());
    if (!rows->empty() && db::Int(rows->front(), 0) > max_per_municipality_) {
      if (auto trimmed = db_->Exec(sql::kTrimSearchMisses, {town, max_per_municipality_}); !trimmed.ok()) {
        return failed("trimming", trimmed.error());
      }
    }
    if (auto committed = transaction->Commit(); !committed.ok()) return failed("committing", committed.error());
    return base::Ok{};
  }

  base::Result<std::vector<SearchMiss>> ListMisses(const std::optional<std::string>& municipality) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto rows =
        municipality ? db_->Query(sql::kSelectSearchMissesOf, {*municipality}) : db_->Query(sql::kSelectSearchMisses);
    if (!rows.ok()) return base::Error::Io("search log: reading: " + rows.error().message());
    std::vector<SearchMiss> misses;
    misses.reserve(rows->size());
    for (const db::Row& r : *rows) {
      std::optional<base::Date> first = base::Date::Parse(db::Text(r, 3));
      std::optional<base::Date> last = base::Date::Parse(db::Text(r, 4));
      if (!first || !last) return base::Error::Io("search log: a stored day is not YYYY-MM-DD");
      misses.push_back(SearchMiss{db::Text(r, 0), db::Text(r, 1), db::Int(r, 2), *first, *last});
    }
    SortSearchMisses(misses);
    return misses;
  }

 private:
  const int64_t max_per_municipality_;
  std::mutex mutex_;
  std::unique_ptr<db::Connection> db_;
};

}  // namespace

base::Result<std::unique_ptr<SearchLog>> OpenSearchLog(const std::string& target, size_t max_per_municipality) {
  std::string name = db::Redacted(target);
  auto connection = db::Open(target);
  if (!connection.ok()) return base::Error::Io(name + ": " + connection.error().message());
  auto version = db::Migrate(**connection, db::BuiltInMigrations(), name);
  if (!version.ok()) return version.error();
  return std::unique_ptr<SearchLog>(std::make_unique<SqlSearchLog>(std::move(*connection), max_per_municipality));
}

}  // namespace store
