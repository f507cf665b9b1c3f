// rules/compiled/compiled.cpp — building, caching and running compiled rule
// libraries (see compiled.h).
#include "rules/compiled/compiled.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "base/money.h"
#include "base/read_file.h"
#include "household/columns.h"
#include "household/name_index.h"
#include "household/schema.h"
#include "rules/compiled/abi.h"
#include "rules/compiled/codegen.h"
#include "rules/eval/eval.h"

extern char** environ;

namespace rules::compiled {
namespace {

namespace fs = std::filesystem;
using household::Entity;

static_assert(static_cast<int>(eval::Status::kEligible) == 0 && static_cast<int>(eval::Status::kNotEligible) == 1 &&
                  static_cast<int>(eval::Status::kUndetermined) == 2,
              "the generated code writes statuses as these numbers");

// The flags every library is built with; part of the cache key.
const std::vector<std::string>& CompilerFlags() {
  static const std::vector<std::string> flags = {"-std=c++20", "-O3", "-fPIC", "-shared", "-w"};
  return flags;
}

std::string CompilerOf(const CompileOptions& options) {
  if (!options.compiler.empty()) return options.compiler;
  if (const char* env = std::getenv("RECHTOP_CXX"); env && *env) return env;
  return "c++";
}

fs::path CacheDirOf(const CompileOptions& options) {
  if (!options.cache_dir.empty()) return options.cache_dir;
  if (const char* env = std::getenv("RECHTOP_JIT_CACHE"); env && *env) return env;
  if (const char* env = std::getenv("XDG_CACHE_HOME"); env && *env) return fs::path(env) / "rechtop" / "jit";
  if (const char* env = std::getenv("HOME"); env && *env) return fs::path(env) / ".cache" / "rechtop" / "jit";
  return fs::temp_directory_path() / "rechtop-jit";
}

// FNV-1a: stable across runs and builds, unlike std::hash.
uint64_t Fnv1a(std::string_view text, uint64_t hash = 14695981039346656037ull) {
  for (unsigned char ch : text) {
    hash ^= ch;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string Hex(uint64_t value) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(value));
  return buf;
}

// Runs `argv` with stderr to `log`; the exit status, or an error when it
// could not start.
base::Result<int> Run(const std::vector<std::string>& argv, const fs::path& log) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    return base::Error::NotFound("cannot run the C++ compiler '" + argv[0] + "': " + std::strerror(spawned));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return base::Error::Io(std::string("waiting for the C++ compiler: ") + std::strerror(errno));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

// The first `max_bytes` bytes of the file at `path` and, when there were
// more, "\n..." (a compiler's log can be long; the message shows its start).
std::string ReadStart(const fs::path& path, size_t max_bytes) {
  std::string text;
  if (base::ReadFileAtMost(path, max_bytes, text) == base::ReadStatus::kTooLarge) {
    text.resize(max_bytes);
    text += "\n...";
  }
  return text;
}

int64_t AgeOnDays(int64_t birth_days, int64_t on_days) {
  return base::AgeOn(base::Date::FromDays(static_cast<int32_t>(birth_days)),
                     base::Date::FromDays(static_cast<int32_t>(on_days)));
}
int64_t BuiltinOf(int builtin, int64_t a, int64_t b, int64_t c) {
  return eval::ApplyBuiltin(static_cast<ir::Builtin>(builtin), a, b, c);
}
int64_t TimesRate(int64_t cents, int64_t rate_ppm) { return base::Money::FromCents(cents).TimesRate(rate_ppm).cents(); }

}  // namespace

Library::~Library() {
  if (handle_) dlclose(handle_);
}

base::Result<std::shared_ptr<const Library>> Compile(const ir::Program& program, const CompileOptions& options) {
  const std::string source = GenerateSource(program);
  const std::string compiler = CompilerOf(options);
  std::string key_text = compiler;
  for (const auto& flag : CompilerFlags()) key_text += " " + flag;
  const std::string key = Hex(Fnv1a(source, Fnv1a(key_text)));
  const fs::path dir = CacheDirOf(options);
  const fs::path library_path = dir / ("rules-" + key + ".so");

  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return base::Error::Io("cannot create the compiled-rules cache " + dir.string() + ": " + ec.message());
  auto library = std::shared_ptr<Library>(new Library());
  library->from_cache_ = fs::exists(library_path, ec);
  if (!library->from_cache_) {
    // Build under unique names and rename, so concurrent processes never
    // load a half-written library.
    const std::string unique = key + "." + std::to_string(::getpid());
    const fs::path source_path = dir / ("rules-" + unique + ".cpp");
    const fs::path temp_path = dir / ("rules-" + unique + ".so.tmp");
    const fs::path log_path = dir / ("rules-" + unique + ".log");
    {
      std::ofstream out(source_path, std::ios::binary);
      out << source;
      if (!out) return base::Error::Io("cannot write " + source_path.string());
    }
    std::vector<std::string> argv = {compiler};
    argv.insert(argv.end(), CompilerFlags().begin(), CompilerFlags().end());
    argv.insert(argv.end(), {"-o", temp_path.string(), source_path.string()});
    auto status = Run(argv, log_path);
    if (!status.ok()) return status.error();
    if (*status != 0) {
      const std::string log = ReadStart(log_path, 4000);
      return base::Error::Internal("the C++ compiler '" + compiler + "' failed (exit " + std::to_string(*status) +
                                   ") on " + source_path.string() + ":\n" + log);
    }
    fs::rename(temp_path, library_path, ec);
    if (ec) return base::Error::Io("cannot move " + temp_path.string() + " to " + library_path.string() + ": " + ec.message());
    fs::remove(source_path, ec);
    fs::remove(log_path, ec);
  }
  library->path_ = library_path.string();
  library->handle_ = dlopen(library->path_.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library->handle_) return base::Error::Internal(std::string("cannot load the compiled rules: ") + dlerror());
  library->evaluate_ = dlsym(library->handle_, kRechtopEvaluateSymbol);
  if (!library->evaluate_) {
    return base::Error::Internal(library->path_ + " has no " + kRechtopEvaluateSymbol + ": delete it to rebuild");
  }
  return std::shared_ptr<const Library>(std::move(library));
}

// The chunk's inputs in the ABI's form. Raw inputs point into the Columns;
// the rest (ages, status and income queries, offsets) is computed per chunk
// into buffers that are reused from chunk to chunk.
class Evaluator::Impl {
 public:
  Impl(const ir::Program& program, std::shared_ptr<const Library> library)
      : p_(program), plan_(PlanOf(program)), library_(std::move(library)) {
    evaluate_ = reinterpret_cast<RechtopEvaluateFn>(library_->evaluate_);
    const size_t person_fields = household::Fields(Entity::kPerson).size();
    const size_t household_fields = household::Fields(Entity::kHousehold).size();
    person_number_.resize(person_fields);
    person_present_.resize(person_fields);
    person_text_.resize(person_fields);
    household_number_.resize(household_fields);
    household_present_.resize(household_fields);
    household_text_.resize(household_fields);
    income_.resize(plan_.incomes.size());
    income_ptr_.resize(plan_.incomes.size());
    std::vector<std::string> kinds;
    for (const auto& [kind, imm] : plan_.incomes) {
      if (!kind.empty() && std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) kinds.push_back(kind);
    }
    income_kinds_ = household::NameIndex(std::move(kinds));
    parameter_value_.resize(p_.parameters.size());
    parameter_known_.resize(p_.parameters.size());
    // With at most 64 queries, each on a known name (as the checker
    // requires), the columns' status bits give status_mask (PrepareStatuses).
    statuses_by_bits_ = plan_.statuses.size() <= 64;
    for (size_t q = 0; q < plan_.statuses.size() && statuses_by_bits_; ++q) {
      const uint64_t bit = household::StatusBit(plan_.statuses[q]);
      if (bit == household::kOtherStatusBit) {
        statuses_by_bits_ = false;
        break;
      }
      asked_bits_ |= bit;
      query_bit_of_known_[std::countr_zero(bit)] |= uint64_t{1} << q;
    }
  }

  void EvaluateInto(const household::Columns& in, size_t begin, size_t end, base::Date date,
                    std::vector<batch::RightColumns>& out) {
    Prepare(in, begin, end, date);
    const size_t n = end - begin;
    out.resize(p_.rights.size());
    outs_.resize(p_.rights.size());
    // The library writes every household's status, and its amount and
    // category where the right has one (codegen's PutAmount, PutCategory).
    // The columns of a right without are zeros: filled here when `out` is not
    // the vector of the last call, else only resized, which keeps them zero.
    const bool refill = &out != last_out_;
    last_out_ = &out;
    for (size_t r = 0; r < p_.rights.size(); ++r) {
      auto& o = out[r];
      o.status.resize(n);
      const bool amount = p_.rights[r].amount.has_value(), category = p_.rights[r].category != nullptr;
      if (refill && !amount) {
        o.amount_cents.assign(n, 0);
        o.amount_known.assign(n, 0);
      }
      if (refill && !category) {
        o.category.assign(n, std::string_view());
        o.category_known.assign(n, 0);
      }
      o.amount_cents.resize(n);
      o.amount_known.resize(n);
      o.category.resize(n);
      o.category_known.resize(n);
      if (refill && !ir::HasRouteOrAssumptions(p_, static_cast<uint32_t>(r))) {
        o.assumptions.assign(n, 0);
        o.route.assign(n, -1);
      }
      o.assumptions.resize(n);
      o.route.resize(n, -1);
      outs_[r] = RechtopRightOut{reinterpret_cast<uint8_t*>(o.status.data()),
                                 o.amount_cents.data(),
                                 o.amount_known.data(),
                                 o.category.data(),
                                 o.category_known.data(),
                                 o.assumptions.data(),
                                 o.route.data()};
    }
    evaluate_(&chunk_, outs_.data());
  }

 private:
  template <typename T>
  const T* Zeros(size_t count) {
    if (zeros_.size() < (count + 1) * sizeof(int64_t)) zeros_.assign((count + 1) * sizeof(int64_t), 0);
    return reinterpret_cast<const T*>(zeros_.data());
  }

  // Statuses: status_mask per person, and for StatusEntry (months,
  // categories, queries past 64) the entries some rule asks about (the
  // generated code takes the first entry of a name, as the interpreter does).
  // Where the queries allow, the mask comes from the columns' status bits and
  // only a person with an asked status has its entries looked up by name.
  void PrepareStatuses(const household::Columns& in, size_t person_base, size_t persons, base::Date date) {
    status_first_.resize(persons + 1);
    status_mask_.assign(persons, 0);
    status_query_of_.clear();
    status_months_.clear();
    status_months_known_.clear();
    status_full_months_.clear();
    status_category_.clear();
    const bool entries_read = plan_.uses_status_details || plan_.statuses.size() > 64;
    for (size_t p = 0; p < persons; ++p) {
      status_first_[p] = static_cast<uint32_t>(status_query_of_.size());
      if (status_query_.empty() || !in.statuses.known[person_base + p]) continue;
      const uint64_t bits = in.status_bits[person_base + p];
      // Dated entries are read one by one, for the ones that hold on `date`.
      if (statuses_by_bits_ && !(bits & household::kDatedStatusBit)) {
        const uint64_t asked = bits & asked_bits_;
        for (uint64_t b = asked; b != 0; b &= b - 1) status_mask_[p] |= query_bit_of_known_[std::countr_zero(b)];
        if (asked == 0 || !entries_read) continue;
      }
      for (const auto& status : in.statuses.Of(person_base + p)) {
        const uint32_t q = status_query_.Find(status.status);
        if (q == household::NameIndex::kNone || !status.HeldOn(date)) continue;
        status_query_of_.push_back(q);
        if (q < 64) status_mask_[p] |= uint64_t{1} << q;
        if (!plan_.uses_status_details) continue;
        status_category_.push_back(status.category);
        status_months_known_.push_back(status.LengthKnown());
        status_months_.push_back(status.LengthKnown() ? std::max(0, base::MonthsBetween(*status.since, date)) : 0);
        status_full_months_.push_back(status.LengthKnown() ? base::FullMonthsBefore(*status.since, date) : 0);
      }
    }
    status_first_[persons] = static_cast<uint32_t>(status_query_of_.size());
  }

  void Prepare(const household::Columns& in, size_t begin, size_t end, base::Date date) {
    const size_t n = end - begin;
    const size_t person_base = in.first_person[begin];
    const size_t persons = in.first_person[end] - person_base;
    const size_t estate_base = in.real_estate.first[begin];
    Zeros<int64_t>(std::max(n, persons));

    first_person_.resize(n + 1);
    estate_first_.resize(n + 1);
    for (size_t h = 0; h <= n; ++h) {
      first_person_[h] = in.first_person[begin + h] - static_cast<uint32_t>(person_base);
      estate_first_[h] = in.real_estate.first[begin + h] - static_cast<uint32_t>(estate_base);
    }

    // Raw inputs: pointers into the columns, all-absent where none is given.
    auto point = [&](const std::vector<household::FactColumn>& facts, size_t base, size_t rows, auto& number,
                     auto& present, auto& text) {
      for (size_t f = 0; f < number.size(); ++f) {
        const household::FactColumn* c = f < facts.size() && facts[f].given() ? &facts[f] : nullptr;
        number[f] = c ? c->number.data() + base : Zeros<int64_t>(rows);
        present[f] = c ? c->present.data() + base : Zeros<uint8_t>(rows);
        text[f] = c && !c->text.empty() ? c->text.data() + base : nullptr;
      }
    };
    point(in.person_facts, person_base, persons, person_number_, person_present_, person_text_);
    point(in.household_facts, begin, n, household_number_, household_present_, household_text_);

    applicant_.assign(n, 0);
    if (plan_.uses_applicant) {
      for (size_t h = 0; h < n; ++h) applicant_[h] = static_cast<int64_t>(eval::ApplicantOf(in, begin + h));
    }

    if (plan_.uses_age) {
      // The table costs a few hundred date conversions: once per date, not per chunk.
      if (!ages_ || ages_date_ != date) {
        ages_.emplace(date);
        ages_date_ = date;
      }
      age_.resize(persons);
      age_known_.resize(persons);
      eval::PersonAges(in, person_base, persons, *ages_, age_.data(), age_known_.data());
    }

    PrepareStatuses(in, person_base, persons, date);

    // Person by person, all queries from one pass over the incomes.
    const size_t queries = plan_.incomes.size();
    for (size_t q = 0; q < queries; ++q) {
      income_[q].resize(persons);
      income_ptr_[q] = income_[q].data();
    }
    for (size_t p = 0; queries > 0 && p < persons; ++p) {
      if (!in.incomes.known[person_base + p]) {
        for (size_t q = 0; q < queries; ++q) income_[q][p] = 0;
        continue;
      }
      const std::span<const household::Income> incomes = in.incomes.Of(person_base + p);
      const eval::IncomeSums sums(incomes);
      // A query of a kind the person has no income of totals 0.
      bool asked_kind = false;
      for (size_t i = 0; !income_kinds_.empty() && i < incomes.size(); ++i) {
        asked_kind |= income_kinds_.Find(incomes[i].kind) != household::NameIndex::kNone;
      }
      for (size_t q = 0; q < queries; ++q) {
        const auto& [kind, imm] = plan_.incomes[q];
        income_[q][p] = kind.empty() ? sums.Total(imm) : asked_kind ? eval::IncomeTotal(incomes, kind, imm) : 0;
      }
    }

    estate_type_.clear();
    estate_ki_.clear();
    for (size_t e = estate_base; e < in.real_estate.first[end]; ++e) {
      estate_type_.push_back(in.real_estate.entries[e].type);
      estate_ki_.push_back(in.real_estate.entries[e].ki_non_indexed.cents());
    }

    for (size_t i = 0; i < p_.parameters.size(); ++i) {
      const ir::ParameterValue* v = p_.parameters[i].ValueOn(date);
      parameter_value_[i] = v ? v->value : 0;
      parameter_known_[i] = v != nullptr;
    }

    chunk_ = RechtopChunk{
        static_cast<uint32_t>(n),
        static_cast<uint32_t>(persons),
        first_person_.data(),
        date.days(),
        applicant_.data(),
        person_number_.data(),
        person_present_.data(),
        person_text_.data(),
        household_number_.data(),
        household_present_.data(),
        household_text_.data(),
        age_.data(),
        age_known_.data(),
        in.statuses.known.data() + person_base,
        status_mask_.data(),
        status_first_.data(),
        status_query_of_.data(),
        status_months_.data(),
        status_months_known_.data(),
        status_full_months_.data(),
        status_category_.data(),
        in.incomes.known.data() + person_base,
        income_ptr_.data(),
        in.real_estate.known.data() + begin,
        estate_first_.data(),
        estate_type_.data(),
        estate_ki_.data(),
        parameter_value_.data(),
        parameter_known_.data(),
        &AgeOnDays,
        &BuiltinOf,
        &TimesRate,
        &base::DivRound,
    };
  }

  const ir::Program& p_;
  Plan plan_;
  std::shared_ptr<const Library> library_;
  RechtopEvaluateFn evaluate_ = nullptr;
  RechtopChunk chunk_{};
  std::vector<RechtopRightOut> outs_;
  std::vector<unsigned char> zeros_;
  std::vector<uint32_t> first_person_, estate_first_;
  std::vector<int64_t> applicant_;
  std::vector<const int64_t*> person_number_, household_number_;
  std::vector<const uint8_t*> person_present_, household_present_;
  std::vector<const std::string*> person_text_, household_text_;
  std::optional<base::AgesOn> ages_;
  base::Date ages_date_;
  std::vector<int64_t> age_;
  std::vector<uint8_t> age_known_;
  household::NameIndex status_query_{plan_.statuses};  // status name -> its query in plan_
  bool statuses_by_bits_ = false;
  uint64_t asked_bits_ = 0;               // the status bits of the queries
  uint64_t query_bit_of_known_[64] = {};  // by status bit: the queries on its name, as query bits
  std::vector<uint64_t> status_mask_;
  std::vector<uint32_t> status_first_, status_query_of_;
  std::vector<int64_t> status_months_;
  std::vector<uint8_t> status_months_known_;
  std::vector<int64_t> status_full_months_;
  std::vector<std::string_view> status_category_;
  const std::vector<batch::RightColumns>* last_out_ = nullptr;  // EvaluateInto's `out` of the last call
  household::NameIndex income_kinds_;  // the kinds income queries ask about
  std::vector<std::vector<int64_t>> income_;
  std::vector<const int64_t*> income_ptr_;
  std::vector<std::string_view> estate_type_;
  std::vector<int64_t> estate_ki_;
  std::vector<int64_t> parameter_value_;
  std::vector<uint8_t> parameter_known_;
};

Evaluator::Evaluator(const ir::Program& program, std::shared_ptr<const Library> library)
    : impl_(std::make_unique<Impl>(program, std::move(library))) {}
Evaluator::~Evaluator() = default;

std::vector<batch::RightColumns> Evaluator::EvaluateAll(const household::Columns& columns, size_t begin, size_t end,
                                                        base::Date reference_date) {
  std::vector<batch::RightColumns> out;
  impl_->EvaluateInto(columns, begin, end, reference_date, out);
  return out;
}

std::vector<batch::RightColumns> Evaluator::EvaluateAll(const household::Columns& columns, base::Date reference_date) {
  return EvaluateAll(columns, 0, columns.households(), reference_date);
}

void Evaluator::EvaluateInto(const household::Columns& columns, size_t begin, size_t end, base::Date reference_date,
                             std::vector<batch::RightColumns>& out) {
  impl_->EvaluateInto(columns, begin, end, reference_date, out);
}

std::vector<batch::RightColumns> Evaluator::EvaluateAll(std::span<const household::Household> households,
                                                        base::Date reference_date) {
  converted_ = household::ToColumns(households);
  return EvaluateAll(converted_, 0, converted_.households(), reference_date);
}

}  // namespace rules::compiled
