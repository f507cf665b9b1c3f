// store/sqlite/sqlite_store.cpp — the SQLite Store: one connection behind a
// mutex, WAL journal, versioned migrations, whole-directory replace in one
// transaction. Every SQL text comes from queries.h.
#include <sqlite3.h>

#include <map>
#include <optional>
#include <stdexcept>
#include <mutex>
#include <string>
#include <utility>

#include "store/sqlite/queries.h"
#include "store/store.h"

namespace store {
namespace {

// Thrown only inside this file and turned into a base::Error at the Store boundary.
struct SqlFailure {
  std::string message;
};

[[noreturn]] void Fail(sqlite3* db, const std::string& what) {
  throw SqlFailure{what + ": " + sqlite3_errmsg(db)};
}

// A prepared statement; finalised on destruction.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &statement_, nullptr) != SQLITE_OK) {
      Fail(db, "preparing statement");
    }
  }
  ~Statement() { sqlite3_finalize(statement_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, std::string_view text) {
    if (sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) !=
        SQLITE_OK) {
      Fail(db_, "binding parameter");
    }
    return *this;
  }
  Statement& Bind(int index, int64_t value) {
    if (sqlite3_bind_int64(statement_, index, value) != SQLITE_OK) Fail(db_, "binding parameter");
    return *this;
  }

  // Runs a statement that returns no rows, then resets it for the next row.
  void Run(const std::string& what) {
    int rc = sqlite3_step(statement_);
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
    if (rc != SQLITE_DONE) Fail(db_, what);
  }

  // Steps to the next row; false when there are no more.
  bool Next() {
    int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) Fail(db_, "reading rows");
    return false;
  }
  std::string Text(int column) const {
    const unsigned char* text = sqlite3_column_text(statement_, column);
    int size = sqlite3_column_bytes(statement_, column);
    return text == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(text), size);
  }
  int64_t Int(int column) const { return sqlite3_column_int64(statement_, column); }

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
};

void Exec(sqlite3* db, std::string_view sql, const std::string& what) {
  char* message = nullptr;
  if (sqlite3_exec(db, std::string(sql).c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message != nullptr ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    throw SqlFailure{what + ": " + text};
  }
}

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

void InsertDirectory(sqlite3* db, const catalog::Directory& directory) {
  Statement municipality(db, sqlite::kInsertMunicipality);
  Statement postcode(db, sqlite::kInsertPostcode);
  for (size_t i = 0; i < directory.municipalities.size(); ++i) {
    const catalog::Municipality& m = directory.municipalities[i];
    std::string what = "storing municipality " + Quoted(m.id);
    municipality.Bind(1, m.id).Bind(2, static_cast<int64_t>(i)).Bind(3, m.name).Bind(4, m.logo_path);
    municipality.Bind(5, m.primary_colour).Bind(6, m.accent_colour).Run(what);
    for (size_t j = 0; j < m.postcodes.size(); ++j) {
      postcode.Bind(1, m.id).Bind(2, static_cast<int64_t>(j)).Bind(3, m.postcodes[j]).Run(what);
    }
  }
  Statement organization(db, sqlite::kInsertOrganization);
  for (size_t i = 0; i < directory.organizations.size(); ++i) {
    const catalog::Organization& o = directory.organizations[i];
    organization.Bind(1, o.id).Bind(2, static_cast<int64_t>(i)).Bind(3, o.name).Bind(4, o.description);
    organization.Bind(5, o.url).Bind(6, o.email).Run("storing organization " + Quoted(o.id));
  }
  Statement location(db, sqlite::kInsertLocation);
  Statement slot(db, sqlite::kInsertOpeningSlot);
  Statement exception(db, sqlite::kInsertException);
  Statement phone(db, sqlite::kInsertPhone);
  for (size_t i = 0; i < directory.locations.size(); ++i) {
    const catalog::Location& l = directory.locations[i];
    std::string what = "storing location " + Quoted(l.id);
    location.Bind(1, l.id).Bind(2, static_cast<int64_t>(i)).Bind(3, l.name).Bind(4, l.address.street);
    location.Bind(5, l.address.postcode).Bind(6, l.address.city).Run(what);
    for (size_t j = 0; j < l.hours.size(); ++j) {
      const catalog::OpeningSlot& s = l.hours[j];
      slot.Bind(1, l.id).Bind(2, static_cast<int64_t>(j)).Bind(3, static_cast<int64_t>(s.weekday));
      slot.Bind(4, s.opens).Bind(5, s.closes).Run(what);
    }
    for (size_t j = 0; j < l.exceptions.size(); ++j) {
      const catalog::ScheduleException& e = l.exceptions[j];
      exception.Bind(1, l.id).Bind(2, static_cast<int64_t>(j)).Bind(3, e.date.ToString());
      exception.Bind(4, static_cast<int64_t>(e.closed ? 1 : 0)).Bind(5, e.opens).Bind(6, e.closes);
      exception.Bind(7, e.note).Run(what);
    }
    for (size_t j = 0; j < l.phones.size(); ++j) {
      phone.Bind(1, l.id).Bind(2, static_cast<int64_t>(j)).Bind(3, l.phones[j].number);
      phone.Bind(4, l.phones[j].description).Run(what);
    }
  }
  Statement service(db, sqlite::kInsertService);
  Statement service_location(db, sqlite::kInsertServiceLocation);
  Statement service_right(db, sqlite::kInsertServiceRight);
  Statement service_document(db, sqlite::kInsertServiceDocument);
  for (size_t i = 0; i < directory.services.size(); ++i) {
    const catalog::Service& s = directory.services[i];
    std::string what = "storing service " + Quoted(s.id);
    service.Bind(1, s.id).Bind(2, static_cast<int64_t>(i)).Bind(3, s.name).Bind(4, s.description);
    service.Bind(5, s.organization_id).Bind(6, s.municipality_id).Bind(7, static_cast<int64_t>(s.demo ? 1 : 0));
    service.Run(what);
    for (size_t j = 0; j < s.location_ids.size(); ++j) {
      service_location.Bind(1, s.id).Bind(2, static_cast<int64_t>(j)).Bind(3, s.location_ids[j]).Run(what);
    }
    for (size_t j = 0; j < s.right_ids.size(); ++j) {
      service_right.Bind(1, s.id).Bind(2, static_cast<int64_t>(j)).Bind(3, s.right_ids[j]).Run(what);
    }
    for (size_t j = 0; j < s.documents.size(); ++j) {
      service_document.Bind(1, s.id).Bind(2, static_cast<int64_t>(j)).Bind(3, s.documents[j]).Run(what);
    }
  }
}

catalog::Directory SelectDirectory(sqlite3* db) {
  catalog::Directory directory;
  std::map<std::string, size_t> municipality_index;
  for (Statement rows(db, sqlite::kSelectMunicipalities); rows.Next();) {
    municipality_index[rows.Text(0)] = directory.municipalities.size();
    directory.municipalities.push_back(
        catalog::Municipality{rows.Text(0), rows.Text(1), {}, rows.Text(2), rows.Text(3), rows.Text(4)});
  }
  for (Statement rows(db, sqlite::kSelectPostcodes); rows.Next();) {
    directory.municipalities[municipality_index.at(rows.Text(0))].postcodes.push_back(rows.Text(1));
  }
  for (Statement rows(db, sqlite::kSelectOrganizations); rows.Next();) {
    directory.organizations.push_back(
        catalog::Organization{rows.Text(0), rows.Text(1), rows.Text(2), rows.Text(3), rows.Text(4)});
  }
  std::map<std::string, size_t> location_index;
  for (Statement rows(db, sqlite::kSelectLocations); rows.Next();) {
    location_index[rows.Text(0)] = directory.locations.size();
    catalog::Location location;
    location.id = rows.Text(0);
    location.name = rows.Text(1);
    location.address = catalog::Address{rows.Text(2), rows.Text(3), rows.Text(4)};
    directory.locations.push_back(std::move(location));
  }
  auto location_of = [&](const std::string& id) -> catalog::Location& {
    return directory.locations[location_index.at(id)];
  };
  for (Statement rows(db, sqlite::kSelectOpeningSlots); rows.Next();) {
    location_of(rows.Text(0)).hours.push_back(
        catalog::OpeningSlot{static_cast<int>(rows.Int(1)), rows.Text(2), rows.Text(3)});
  }
  for (Statement rows(db, sqlite::kSelectExceptions); rows.Next();) {
    std::optional<base::Date> date = base::Date::Parse(rows.Text(1));
    if (!date) throw SqlFailure{"location " + Quoted(rows.Text(0)) + ": stored date " + Quoted(rows.Text(1)) +
                                " is not YYYY-MM-DD"};
    location_of(rows.Text(0)).exceptions.push_back(
        catalog::ScheduleException{*date, rows.Int(2) != 0, rows.Text(3), rows.Text(4), rows.Text(5)});
  }
  for (Statement rows(db, sqlite::kSelectPhones); rows.Next();) {
    location_of(rows.Text(0)).phones.push_back(catalog::Phone{rows.Text(1), rows.Text(2)});
  }
  std::map<std::string, size_t> service_index;
  for (Statement rows(db, sqlite::kSelectServices); rows.Next();) {
    service_index[rows.Text(0)] = directory.services.size();
    catalog::Service service;
    service.id = rows.Text(0);
    service.name = rows.Text(1);
    service.description = rows.Text(2);
    service.organization_id = rows.Text(3);
    service.municipality_id = rows.Text(4);
    service.demo = rows.Int(5) != 0;
    directory.services.push_back(std::move(service));
  }
  auto service_of = [&](const std::string& id) -> catalog::Service& {
    return directory.services[service_index.at(id)];
  };
  for (Statement rows(db, sqlite::kSelectServiceLocations); rows.Next();) {
    service_of(rows.Text(0)).location_ids.push_back(rows.Text(1));
  }
  for (Statement rows(db, sqlite::kSelectServiceRights); rows.Next();) {
    service_of(rows.Text(0)).right_ids.push_back(rows.Text(1));
  }
  for (Statement rows(db, sqlite::kSelectServiceDocuments); rows.Next();) {
    service_of(rows.Text(0)).documents.push_back(rows.Text(1));
  }
  return directory;
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(sqlite3* db) : db_(db) {}
  ~SqliteStore() override { sqlite3_close_v2(db_); }
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  base::Status ReplaceDirectory(const catalog::Directory& directory) override {
    base::Status valid = catalog::Validate(directory);
    if (!valid.ok()) return valid;
    std::lock_guard<std::mutex> lock(mutex_);
    try {
      Exec(db_, sqlite::kBegin, "starting transaction");
    } catch (const SqlFailure& failure) {
      return base::Error::Io("replacing directory: " + failure.message);
    }
    try {
      Exec(db_, sqlite::kDeleteDirectory, "clearing directory");
      InsertDirectory(db_, directory);
      Exec(db_, sqlite::kCommit, "committing directory");
    } catch (const SqlFailure& failure) {
      if (!sqlite3_get_autocommit(db_)) {
        sqlite3_exec(db_, std::string(sqlite::kRollback).c_str(), nullptr, nullptr, nullptr);
      }
      return base::Error::Io("replacing directory: " + failure.message);
    }
    return base::Ok{};
  }

  base::Result<catalog::Directory> LoadDirectory() override {
    std::lock_guard<std::mutex> lock(mutex_);
    try {
      // One read transaction: a consistent snapshot even while another process writes.
      Exec(db_, sqlite::kBeginRead, "starting read transaction");
      catalog::Directory directory;
      try {
        directory = SelectDirectory(db_);
      } catch (...) {
        sqlite3_exec(db_, std::string(sqlite::kRollback).c_str(), nullptr, nullptr, nullptr);
        throw;
      }
      Exec(db_, sqlite::kCommit, "ending read transaction");
      return directory;
    } catch (const SqlFailure& failure) {
      return base::Error::Io("loading directory: " + failure.message);
    } catch (const std::out_of_range&) {
      return base::Error::Io("loading directory: a stored row refers to a missing record");
    }
  }

 private:
  std::mutex mutex_;
  sqlite3* db_;
};

int64_t UserVersion(sqlite3* db) {
  Statement version(db, sqlite::kGetUserVersion);
  if (!version.Next()) throw SqlFailure{"reading user_version: no row"};
  return version.Int(0);
}

// Brings the schema to the newest version, one migration per transaction.
void Migrate(sqlite3* db) {
  for (int64_t version = UserVersion(db); version < static_cast<int64_t>(sqlite::kMigrations.size()); ++version) {
    Exec(db, sqlite::kBegin, "starting migration");
    try {
      Exec(db, sqlite::kMigrations[static_cast<size_t>(version)],
           "migrating schema to version " + std::to_string(version + 1));
      Exec(db, std::string(sqlite::kSetUserVersionPrefix) + std::to_string(version + 1) + ";",
           "recording schema version");
      Exec(db, sqlite::kCommit, "committing migration");
    } catch (...) {
      sqlite3_exec(db, std::string(sqlite::kRollback).c_str(), nullptr, nullptr, nullptr);
      throw;
    }
  }
}

}  // namespace

base::Result<std::unique_ptr<Store>> OpenSqlite(const std::filesystem::path& path) {
  sqlite3* db = nullptr;
  std::string name = path.string();
  int rc = sqlite3_open_v2(name.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return base::Error::Io(name + ": cannot open database: " + message);
  }
  auto store = std::make_unique<SqliteStore>(db);  // owns db from here on
  try {
    Exec(db, sqlite::kPragmas, "configuring connection");
    Statement journal(db, sqlite::kJournalWal);
    if (!journal.Next()) throw SqlFailure{"setting WAL journal: no result"};
    std::string mode = journal.Text(0);
    if (mode != "wal" && name != ":memory:") throw SqlFailure{"setting WAL journal: journal mode is " + mode};
  } catch (const SqlFailure& failure) {
    return base::Error::Io(name + ": " + failure.message);
  }
  try {
    int64_t version = UserVersion(db);
    if (version > static_cast<int64_t>(sqlite::kMigrations.size())) {
      return base::Error::InvalidInput(name + ": database schema version " + std::to_string(version) +
                                       " is newer than this build supports (" +
                                       std::to_string(sqlite::kMigrations.size()) + ")");
    }
    Migrate(db);
  } catch (const SqlFailure& failure) {
    return base::Error::Io(name + ": " + failure.message);
  }
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace store
