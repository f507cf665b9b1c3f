// store/memory/memory_store.cpp — the in-memory Store: a validated copy behind a mutex.
#include <mutex>
#include <utility>

#include "store/store.h"

namespace store {
namespace {

class MemoryStore final : public Store {
 public:
  base::Status ReplaceDirectory(const catalog::Directory& directory) override {
    base::Status valid = catalog::Validate(directory);
    if (!valid.ok()) return valid;
    catalog::Directory copy = directory;  // copy outside the lock; swap is the commit
    std::lock_guard<std::mutex> lock(mutex_);
    std::swap(directory_, copy);
    return base::Ok{};
  }

  base::Result<catalog::Directory> LoadDirectory() override {
    std::lock_guard<std::mutex> lock(mutex_);
    return directory_;
  }

 private:
  std::mutex mutex_;
  catalog::Directory directory_;
};

}  // namespace

std::unique_ptr<Store> OpenMemory() { return std::make_unique<MemoryStore>(); }

}  // namespace store
