// store/store.h
//
// Persistent storage behind one small interface (store::Store), with an
// SQLite implementation (the zero-setup default) and an in-memory one for
// tests. For now it holds the service directory (catalog::Directory).
#pragma once

#include <filesystem>
#include <memory>

#include "base/result.h"
#include "catalog/catalog.h"

namespace store {

// A store. Implementations are thread-safe: calls may come from several
// threads and are serialised internally.
class Store {
 public:
  virtual ~Store() = default;

  // Replaces the whole stored directory with `directory` in one transaction.
  // The directory is validated first (catalog::Validate). On any error the
  // previously stored directory is left exactly as it was.
  [[nodiscard]] virtual base::Status ReplaceDirectory(const catalog::Directory& directory) = 0;

  // The stored directory (empty when none was stored yet), with every list
  // in the order it was stored. Error::Io when the storage cannot be read.
  [[nodiscard]] virtual base::Result<catalog::Directory> LoadDirectory() = 0;
};

// Opens (creating if needed) the SQLite database at `path`: WAL journal,
// foreign keys on, schema migrated to the newest version (PRAGMA
// user_version). Error::Io when the file cannot be opened or migrated;
// Error::InvalidInput when its schema is newer than this build knows.
[[nodiscard]] base::Result<std::unique_ptr<Store>> OpenSqlite(const std::filesystem::path& path);

// A fresh, empty store that lives in memory only. Never fails.
std::unique_ptr<Store> OpenMemory();

}  // namespace store
