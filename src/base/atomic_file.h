// base/atomic_file.h
//
// Output files that are replaced whole or not at all. A command writes into a
// temporary file beside the target (same directory, so rename cannot cross a
// file system), and only Commit, after the output is complete and synced to
// disk, renames it over the target; a failed command leaves the old file as
// it was. Uses the C library's POSIX calls (mkstemp, fsync, rename), nothing
// else.
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>

#include "base/result.h"

namespace base {

class AtomicFile {
 public:
  // Opens a temporary file "<dir>/.<name>.XXXXXX" for `target`. A symbolic
  // link is followed, so the file it names is replaced and the link stays. A
  // target that exists and is not a regular file (/dev/stdout, a pipe) cannot
  // be replaced: it is written directly, and Discard cannot take back what
  // was written. Returns Error::Io naming the target when the file cannot be
  // created.
  [[nodiscard]] static Result<AtomicFile> Create(const std::filesystem::path& target);

  AtomicFile(AtomicFile&&) noexcept;
  AtomicFile& operator=(AtomicFile&&) noexcept;
  // Discards the temporary file unless Commit succeeded.
  ~AtomicFile();

  // Where the output goes; buffered. Valid until Commit or Discard.
  std::ostream& stream();

  // Flushes and syncs the temporary file, gives it the target's permissions
  // (or 0666 less the umask for a new file) and renames it over the target.
  // Returns Error::Io naming the target when any step fails (a full disk, a
  // write error); the temporary file is then removed and the target is as it
  // was. REQUIRES: neither Commit nor Discard was called.
  [[nodiscard]] Status Commit();

  // Removes the temporary file; the target is as it was. Safe to call twice.
  void Discard();

  const std::filesystem::path& target() const;
  // Where the output goes until Commit: the temporary file, or the target
  // itself where it is written directly. For a writer that opens the file by
  // name (SQLite); it must have closed it before Commit.
  const std::filesystem::path& path() const;

 private:
  struct Impl;
  explicit AtomicFile(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace base
