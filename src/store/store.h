// store/store.h
//
// Persistent storage behind one small interface (store::Store), with one
// SQL implementation on the database layer (db/: SQLite, the zero-setup
// default, or PostgreSQL) and an in-memory one for tests. For now it holds
// the service directory (catalog::Directory).
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "catalog/catalog.h"

namespace store {

// A store. Implementations are thread-safe: calls may come from several
// threads and are serialised internally.
class Store {
 public:
  virtual ~Store() = default;

  // Makes `directory` the stored directory, in one transaction. The
  // directory is validated first (catalog::Validate). Records are matched by
  // their (HSDS) id: a record the new directory leaves out is kept, marked
  // inactive, and no longer part of the directory, so that nothing referring
  // to it is orphaned; it comes back if a later directory has it again. On
  // any error the previously stored directory is left exactly as it was.
  [[nodiscard]] virtual base::Status ReplaceDirectory(const catalog::Directory& directory) = 0;

  // The stored directory (empty when none was stored yet), with every list
  // in the order it was stored. Error::Io when the storage cannot be read.
  [[nodiscard]] virtual base::Result<catalog::Directory> LoadDirectory() = 0;
};

// Opens the store in `target`: a PostgreSQL URI ("postgresql://...") or
// conninfo, or else a SQLite file, created if needed, in WAL mode with
// synchronous=FULL. The schema is migrated to this build's newest version
// (db/migrate.h). Several processes may open one database at once. Error::Io
// when it cannot be opened or migrated; Error::InvalidInput when its schema
// is newer than this build knows. Messages never show a password.
[[nodiscard]] base::Result<std::unique_ptr<Store>> Open(const std::string& target);

// A fresh, empty store that lives in memory only. Never fails.
std::unique_ptr<Store> OpenMemory();

}  // namespace store
