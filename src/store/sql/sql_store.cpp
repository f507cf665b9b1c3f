// store/sql/sql_store.cpp — the Store on a SQL database (SQLite or
// PostgreSQL, through db/): one connection behind a mutex, the schema from
// the numbered migrations, a re-import that upserts by id in one transaction.
// Every SQL text comes from queries.h.
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "db/db.h"
#include "db/migrate.h"
#include "store/sql/queries.h"
#include "store/store.h"

namespace store {
namespace {

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

// Runs one statement, prefixing a failure with what was being done.
base::Status Run(db::Connection& db, std::string_view sql, const db::Params& params, const std::string& what) {
  auto done = db.Exec(sql, params);
  if (!done.ok()) return base::Error::Io(what + ": " + done.error().message());
  return base::Ok{};
}

int64_t Index(size_t i) { return static_cast<int64_t>(i); }

base::Status WriteDirectory(db::Connection& db, const catalog::Directory& directory) {
  for (std::string_view deactivate : {sql::kDeactivateServices, sql::kDeactivateLocations,
                                      sql::kDeactivateOrganizations, sql::kDeactivateMunicipalities}) {
    if (auto status = Run(db, deactivate, {}, "marking the old directory inactive"); !status.ok()) return status;
  }
  if (auto status = Run(db, sql::kDeletePostcodes, {}, "clearing postcodes"); !status.ok()) return status;
  for (size_t i = 0; i < directory.municipalities.size(); ++i) {
    const catalog::Municipality& m = directory.municipalities[i];
    std::string what = "storing municipality " + Quoted(m.id);
    if (auto status = Run(db, sql::kUpsertMunicipality,
                          {m.id, Index(i), m.name, m.logo_path, m.primary_colour, m.accent_colour, m.nis}, what);
        !status.ok()) {
      return status;
    }
    for (size_t j = 0; j < m.postcodes.size(); ++j) {
      if (auto status = Run(db, sql::kInsertPostcode, {m.id, Index(j), m.postcodes[j]}, what); !status.ok()) {
        return status;
      }
    }
  }
  for (size_t i = 0; i < directory.organizations.size(); ++i) {
    const catalog::Organization& o = directory.organizations[i];
    if (auto status = Run(db, sql::kUpsertOrganization, {o.id, Index(i), o.name, o.description, o.url, o.email},
                          "storing organization " + Quoted(o.id));
        !status.ok()) {
      return status;
    }
  }
  for (size_t i = 0; i < directory.locations.size(); ++i) {
    const catalog::Location& l = directory.locations[i];
    std::string what = "storing location " + Quoted(l.id);
    std::vector<std::pair<std::string_view, db::Params>> statements;
    statements.push_back(
        {sql::kUpsertLocation, {l.id, Index(i), l.name, l.address.street, l.address.postcode, l.address.city}});
    for (std::string_view clear : {sql::kDeleteOpeningSlots, sql::kDeleteExceptions, sql::kDeletePhones}) {
      statements.push_back({clear, {l.id}});
    }
    for (size_t j = 0; j < l.hours.size(); ++j) {
      const catalog::OpeningSlot& s = l.hours[j];
      statements.push_back({sql::kInsertOpeningSlot, {l.id, Index(j), int64_t{s.weekday}, s.opens, s.closes}});
    }
    for (size_t j = 0; j < l.exceptions.size(); ++j) {
      const catalog::ScheduleException& e = l.exceptions[j];
      statements.push_back({sql::kInsertException,
                            {l.id, Index(j), e.date.ToString(), int64_t{e.closed ? 1 : 0}, e.opens, e.closes, e.note}});
    }
    for (size_t j = 0; j < l.phones.size(); ++j) {
      statements.push_back({sql::kInsertPhone, {l.id, Index(j), l.phones[j].number, l.phones[j].description}});
    }
    for (const auto& [statement, params] : statements) {
      if (auto status = Run(db, statement, params, what); !status.ok()) return status;
    }
  }
  for (size_t i = 0; i < directory.services.size(); ++i) {
    const catalog::Service& s = directory.services[i];
    std::string what = "storing service " + Quoted(s.id);
    db::Value municipality = s.municipality_id.empty() ? db::Value(nullptr) : db::Value(s.municipality_id);
    std::vector<std::pair<std::string_view, db::Params>> statements;
    statements.push_back(
        {sql::kUpsertService,
         {s.id, Index(i), s.name, s.description, s.organization_id, municipality, int64_t{s.demo ? 1 : 0}}});
    for (std::string_view clear :
         {sql::kDeleteServiceLocations, sql::kDeleteServiceRights, sql::kDeleteServiceDocuments}) {
      statements.push_back({clear, {s.id}});
    }
    for (size_t j = 0; j < s.location_ids.size(); ++j) {
      statements.push_back({sql::kInsertServiceLocation, {s.id, Index(j), s.location_ids[j]}});
    }
    for (size_t j = 0; j < s.right_ids.size(); ++j) {
      statements.push_back({sql::kInsertServiceRight, {s.id, Index(j), s.right_ids[j]}});
    }
    for (size_t j = 0; j < s.documents.size(); ++j) {
      statements.push_back({sql::kInsertServiceDocument, {s.id, Index(j), s.documents[j]}});
    }
    for (const auto& [statement, params] : statements) {
      if (auto status = Run(db, statement, params, what); !status.ok()) return status;
    }
  }
  return base::Ok{};
}

// The rows of `sql`, or an error naming it.
base::Result<std::vector<db::Row>> Select(db::Connection& db, std::string_view sql) {
  auto rows = db.Query(sql);
  if (!rows.ok()) return base::Error::Io(rows.error().message());
  return rows;
}

// Reads the directory; a row that refers to a record not read is a damaged
// database (the foreign keys make it impossible otherwise).
base::Result<catalog::Directory> ReadDirectory(db::Connection& db) {
  using db::Int;
  using db::Text;
  catalog::Directory directory;
  std::map<std::string, size_t, std::less<>> municipality_index, location_index, service_index;
  auto missing = [](std::string_view kind, const std::string& id) {
    return base::Error::Io("a stored row refers to a missing " + std::string(kind) + " " + Quoted(id));
  };

  auto municipalities = Select(db, sql::kSelectMunicipalities);
  if (!municipalities.ok()) return municipalities.error();
  for (const db::Row& r : *municipalities) {
    municipality_index[Text(r, 0)] = directory.municipalities.size();
    directory.municipalities.push_back(
        catalog::Municipality{Text(r, 0), Text(r, 1), {}, Text(r, 2), Text(r, 3), Text(r, 4), Text(r, 5)});
  }
  auto postcodes = Select(db, sql::kSelectPostcodes);
  if (!postcodes.ok()) return postcodes.error();
  for (const db::Row& r : *postcodes) {
    auto found = municipality_index.find(Text(r, 0));
    if (found == municipality_index.end()) return missing("municipality", Text(r, 0));
    directory.municipalities[found->second].postcodes.push_back(Text(r, 1));
  }
  auto organizations = Select(db, sql::kSelectOrganizations);
  if (!organizations.ok()) return organizations.error();
  for (const db::Row& r : *organizations) {
    directory.organizations.push_back(
        catalog::Organization{Text(r, 0), Text(r, 1), Text(r, 2), Text(r, 3), Text(r, 4)});
  }

  auto locations = Select(db, sql::kSelectLocations);
  if (!locations.ok()) return locations.error();
  for (const db::Row& r : *locations) {
    location_index[Text(r, 0)] = directory.locations.size();
    catalog::Location location;
    location.id = Text(r, 0);
    location.name = Text(r, 1);
    location.address = catalog::Address{Text(r, 2), Text(r, 3), Text(r, 4)};
    directory.locations.push_back(std::move(location));
  }
  auto location_of = [&](const db::Row& r) -> catalog::Location* {
    auto found = location_index.find(Text(r, 0));
    return found == location_index.end() ? nullptr : &directory.locations[found->second];
  };
  auto slots = Select(db, sql::kSelectOpeningSlots);
  if (!slots.ok()) return slots.error();
  for (const db::Row& r : *slots) {
    catalog::Location* location = location_of(r);
    if (location == nullptr) return missing("location", Text(r, 0));
    location->hours.push_back(catalog::OpeningSlot{static_cast<int>(Int(r, 1)), Text(r, 2), Text(r, 3)});
  }
  auto exceptions = Select(db, sql::kSelectExceptions);
  if (!exceptions.ok()) return exceptions.error();
  for (const db::Row& r : *exceptions) {
    catalog::Location* location = location_of(r);
    if (location == nullptr) return missing("location", Text(r, 0));
    std::optional<base::Date> date = base::Date::Parse(Text(r, 1));
    if (!date) {
      return base::Error::Io("location " + Quoted(Text(r, 0)) + ": stored date " + Quoted(Text(r, 1)) +
                             " is not YYYY-MM-DD");
    }
    location->exceptions.push_back(
        catalog::ScheduleException{*date, Int(r, 2) != 0, Text(r, 3), Text(r, 4), Text(r, 5)});
  }
  auto phones = Select(db, sql::kSelectPhones);
  if (!phones.ok()) return phones.error();
  for (const db::Row& r : *phones) {
    catalog::Location* location = location_of(r);
    if (location == nullptr) return missing("location", Text(r, 0));
    location->phones.push_back(catalog::Phone{Text(r, 1), Text(r, 2)});
  }

  auto services = Select(db, sql::kSelectServices);
  if (!services.ok()) return services.error();
  for (const db::Row& r : *services) {
    service_index[Text(r, 0)] = directory.services.size();
    catalog::Service service;
    service.id = Text(r, 0);
    service.name = Text(r, 1);
    service.description = Text(r, 2);
    service.organization_id = Text(r, 3);
    service.municipality_id = Text(r, 4);
    service.demo = Int(r, 5) != 0;
    directory.services.push_back(std::move(service));
  }
  struct ServiceList {
    std::string_view sql;
    std::vector<std::string> catalog::Service::*list;
  };
  for (ServiceList list : {ServiceList{sql::kSelectServiceLocations, &catalog::Service::location_ids},
                           ServiceList{sql::kSelectServiceRights, &catalog::Service::right_ids},
                           ServiceList{sql::kSelectServiceDocuments, &catalog::Service::documents}}) {
    auto rows = Select(db, list.sql);
    if (!rows.ok()) return rows.error();
    for (const db::Row& r : *rows) {
      auto found = service_index.find(Text(r, 0));
      if (found == service_index.end()) return missing("service", Text(r, 0));
      (directory.services[found->second].*list.list).push_back(Text(r, 1));
    }
  }
  return directory;
}

class SqlStore final : public Store {
 public:
  explicit SqlStore(std::unique_ptr<db::Connection> db) : db_(std::move(db)) {}

  base::Status ReplaceDirectory(const catalog::Directory& directory) override {
    base::Status valid = catalog::Validate(directory);
    if (!valid.ok()) return valid;
    std::lock_guard<std::mutex> lock(mutex_);
    auto transaction = db::Transaction::Begin(*db_, db::TransactionMode::kWrite);
    if (!transaction.ok()) return base::Error::Io("replacing directory: " + transaction.error().message());
    // Two imports at once (two processes seeding an empty database) run one after the other.
    if (auto locked = db_->LockForTransaction("rechtop directory"); !locked.ok()) {
      return base::Error::Io("replacing directory: " + locked.error().message());
    }
    if (auto written = WriteDirectory(*db_, directory); !written.ok()) {
      return base::Error::Io("replacing directory: " + written.error().message());
    }
    if (auto committed = transaction->Commit(); !committed.ok()) {
      return base::Error::Io("replacing directory: committing: " + committed.error().message());
    }
    return base::Ok{};
  }

  base::Result<catalog::Directory> LoadDirectory() override {
    std::lock_guard<std::mutex> lock(mutex_);
    // One read transaction: a consistent snapshot even while another process
    // re-imports.
    auto transaction = db::Transaction::Begin(*db_, db::TransactionMode::kRead);
    if (!transaction.ok()) return base::Error::Io("loading directory: " + transaction.error().message());
    auto directory = ReadDirectory(*db_);
    if (!directory.ok()) return base::Error::Io("loading directory: " + directory.error().message());
    if (auto committed = transaction->Commit(); !committed.ok()) {
      return base::Error::Io("loading directory: " + committed.error().message());
    }
    return directory;
  }

 private:
  std::mutex mutex_;
  std::unique_ptr<db::Connection> db_;
};

}  // namespace

base::Result<std::unique_ptr<Store>> Open(const std::string& target) {
  std::string name = db::Redacted(target);
  auto connection = db::Open(target);
  if (!connection.ok()) return base::Error::Io(name + ": " + connection.error().message());
  auto version = db::Migrate(**connection, db::BuiltInMigrations(), name);
  if (!version.ok()) return version.error();
  return std::unique_ptr<Store>(std::make_unique<SqlStore>(std::move(*connection)));
}

}  // namespace store
