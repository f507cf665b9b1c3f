// rules/compiled/compiled.h
//
// The compiled engine: the program's C++ source (codegen.h), built by the
// system's C++ compiler into a shared library and loaded with dlopen. It
// computes what the column-wise engine computes (status, amount, category
// per household and right, as rules::batch::RightColumns) from the same
// column form, and must agree with it and with the interpreter on every
// household; the differential tests check that.
//
// Why: the column-wise engine makes one pass over the chunk per IR node, so a
// rule costs a few nanoseconds per household per node. Compiled, a
// household's rules are one fused piece of straight-line code, and a false
// condition skips the rest of its right. Libraries are cached by a hash of
// their source and compiler command, so a program is compiled once per
// machine; where no compiler runs, callers fall back to rules::batch.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/date.h"
#include "base/result.h"
#include "household/columns.h"
#include "rules/batch/batch.h"
#include "rules/ir/ir.h"

namespace rules::compiled {

struct CompileOptions {
  std::string compiler;   // empty: $RECHTOP_CXX, else "c++"
  std::string cache_dir;  // empty: $RECHTOP_JIT_CACHE, else $XDG_CACHE_HOME/rechtop/jit, else ~/.cache/rechtop/jit
};

// A program's loaded library. Shared by the evaluators of every thread.
class Library {
 public:
  ~Library();
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;

  const std::string& path() const { return path_; }
  bool from_cache() const { return from_cache_; }

 private:
  friend class Evaluator;
  friend base::Result<std::shared_ptr<const Library>> Compile(const ir::Program&, const CompileOptions&);
  Library() = default;
  void* handle_ = nullptr;
  void* evaluate_ = nullptr;
  std::string path_;
  bool from_cache_ = false;
};

// Generates, compiles (unless the cache has it) and loads `program`. The
// error carries the compiler's message.
base::Result<std::shared_ptr<const Library>> Compile(const ir::Program& program, const CompileOptions& options = {});

// Evaluates chunks with a compiled library. Not thread-safe: use one per
// thread; `program` must outlive it.
class Evaluator {
 public:
  Evaluator(const ir::Program& program, std::shared_ptr<const Library> library);
  ~Evaluator();
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  // As rules::batch::Evaluator::EvaluateAll.
  std::vector<batch::RightColumns> EvaluateAll(const household::Columns& columns, size_t begin, size_t end,
                                               base::Date reference_date);
  std::vector<batch::RightColumns> EvaluateAll(const household::Columns& columns, base::Date reference_date);
  std::vector<batch::RightColumns> EvaluateAll(std::span<const household::Household> households,
                                               base::Date reference_date);
  // The same into `out`, reusing its storage: a scan passes one vector back
  // for every chunk, so the steady state allocates nothing. Between two calls
  // with the same `out`, nothing else may write to it: the zero amounts and
  // categories of rights that have none are written by the first call only.
  void EvaluateInto(const household::Columns& columns, size_t begin, size_t end, base::Date reference_date,
                    std::vector<batch::RightColumns>& out);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
  household::Columns converted_;  // the last households converted, which categories may view
};

}  // namespace rules::compiled
