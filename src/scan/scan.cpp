// scan/scan.cpp — population scan: chunks in, worklist and counts out.
#include "scan/scan.h"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <istream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <thread>
#include <unordered_map>

#include "base/diagnostics.h"
#include "household/columns.h"
#include "household/schema.h"
#include "population/population.h"
#include "rules/batch/batch.h"
#include "rules/compiled/compiled.h"

namespace scan {
namespace {

constexpr std::string_view kCohortRight = "rechtop_cohort";

// Appends `text` as one CSV cell, quoted only when it must be.
void AppendCsvField(std::string& out, std::string_view text) {
  // memchr per special byte: vectorised, and reasons are long.
  auto has = [&](char c) { return std::memchr(text.data(), c, text.size()) != nullptr; };
  if (text.empty() || !(has(',') || has('"') || has('\n') || has('\r'))) {
    out += text;
    return;
  }
  out += '"';
  // The text between quotes is copied whole: a byte at a time cost more than
  // the rest of writing a worklist row.
  for (size_t from = 0;;) {
    const size_t quote = text.find('"', from);
    if (quote == std::string_view::npos) {
      out.append(text, from);
      break;
    }
    out.append(text, from, quote + 1 - from);
    out += '"';  // doubled
    from = quote + 1;
  }
  out += '"';
}

std::string CsvField(std::string_view text) {
  std::string out;
  AppendCsvField(out, text);
  return out;
}

struct Counts {
  size_t eligible = 0;
  size_t not_receiving = 0;
  size_t undetermined = 0;
};

struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

// What a worker makes of one piece of the population file. Counts are kept
// per distinct neighbourhood of the piece, one entry per reported right: a
// string-keyed map per (household, right) cost more than evaluating the rules.
struct PieceResult {
  std::string rows;
  std::vector<std::string> neighbourhoods;  // distinct; with a household in the cohort
  std::vector<Counts> counts;               // [neighbourhood * report.size() + position in report]
  std::unordered_map<std::string, uint32_t, TextHash, std::equal_to<>> neighbourhood_index;
  uint32_t last_neighbourhood = UINT32_MAX;  // households of a neighbourhood often follow each other
  size_t in_cohort = 0;
  size_t worklist_rows = 0;
  population::PieceHouseholds households;  // for Reader::Admit
  std::optional<base::Error> error;        // the piece's parse error

  void Clear() {
    rows.clear();
    neighbourhoods.clear();
    counts.clear();
    neighbourhood_index.clear();
    last_neighbourhood = UINT32_MAX;
    in_cohort = 0;
    worklist_rows = 0;
    error.reset();
  }

  // Where the counts of `neighbourhood` start in `counts`, `rights` of them,
  // added on first use.
  uint32_t CountsOf(std::string_view neighbourhood, size_t rights) {
    if (last_neighbourhood == UINT32_MAX || neighbourhoods[last_neighbourhood] != neighbourhood) {
      auto found = neighbourhood_index.find(neighbourhood);
      if (found != neighbourhood_index.end()) {
        last_neighbourhood = found->second;
      } else {
        last_neighbourhood = static_cast<uint32_t>(neighbourhoods.size());
        neighbourhoods.emplace_back(neighbourhood);
        neighbourhood_index.emplace(neighbourhood, last_neighbourhood);
        counts.resize(counts.size() + rights);
      }
    }
    return static_cast<uint32_t>(last_neighbourhood * rights);
  }
};

// A piece in flight: cut by the main thread, parsed and evaluated by a
// worker, merged by the main thread in file order.
struct Slot {
  population::Piece piece;
  PieceResult result;
  bool done = false;  // guarded by the pipeline's mutex
};

// One worker's engines; each thread owns one. With a compiled library the
// chunks go through it, else through the batch engine.
struct Worker {
  Worker(const rules::RuleBase& rules, const std::shared_ptr<const rules::compiled::Library>& library)
      : reference(rules.program) {
    if (library) compiled.emplace(rules.program, library);
    else batch.emplace(rules.program);
  }
  // The results of `columns` on `date`, in `results` (reused from chunk to chunk).
  const std::vector<rules::batch::RightColumns>& EvaluateAll(const household::Columns& columns, base::Date date) {
    if (compiled) compiled->EvaluateInto(columns, 0, columns.households(), date, results);
    else results = batch->EvaluateAll(columns, date);
    return results;
  }
  std::optional<rules::compiled::Evaluator> compiled;
  std::optional<rules::batch::Evaluator> batch;
  rules::eval::Evaluator reference;
  household::Household household;  // the listed household the reasons are read from, reused
  std::vector<rules::batch::RightColumns> results;
  // Scratch of the scan's counting, kept from chunk to chunk.
  std::vector<uint32_t> counts_of;
  std::vector<uint64_t> listed;
  std::vector<uint32_t> rights_listed;
};

// The statuses that show a household already receives a right.
struct Receiving {
  uint64_t bits = 0;                // the known names, as household::StatusBit
  std::vector<std::string> others;  // the names outside household::StatusValues()

  void Add(std::string_view status) {
    const uint64_t bit = household::StatusBit(status);
    if (bit != household::kOtherStatusBit) {
      bits |= bit;
      return;
    }
    if (std::find(others.begin(), others.end(), status) == others.end()) others.emplace_back(status);
  }
};

// Whether a member of household `h` has one of `receiving`'s statuses on
// `date`. The bits answer for the known names of undated entries; entries
// are read only for a person with dated ones or a status outside the names.
bool Receives(const household::Columns& columns, size_t h, const Receiving& receiving, base::Date date) {
  for (uint32_t p = columns.first_person[h]; p < columns.first_person[h + 1]; ++p) {
    uint64_t bits = columns.status_bits[p];  // 0 where the statuses are unknown
    if (bits & household::kDatedStatusBit) bits = household::StatusBitsOn(columns.statuses.Of(p), date);
    if ((bits & receiving.bits) != 0) return true;
    if ((bits & household::kOtherStatusBit) == 0 || receiving.others.empty()) continue;
    for (const auto& s : columns.statuses.Of(p)) {
      if (s.HeldOn(date) &&
          std::find(receiving.others.begin(), receiving.others.end(), s.status) != receiving.others.end()) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

base::Result<Summary> Run(const std::vector<rules::SourceFile>& rule_sources, std::istream& population,
                          const std::string& source_name, const Options& options, std::ostream& worklist,
                          std::ostream* counts_out) {
  std::vector<rules::SourceFile> sources = rule_sources;
  const std::string prefix = "right " + std::string(kCohortRight) +
                             " { name \"Cohort\" level federal apply automatic \"-\" source \"--cohort\" "
                             "condition cohort \"cohort\": ";
  if (!options.cohort.empty()) sources.push_back({"--cohort", prefix + options.cohort + " }\n"});
  base::Diagnostics diagnostics;
  auto compiled = rules::Compile(sources, diagnostics);
  if (!compiled) {
    std::string message;
    for (const auto& d : diagnostics.all()) {
      if (d.severity != base::Severity::kError) continue;
      if (d.span.file == "--cohort") {
        int column = std::max(1, d.span.column - static_cast<int>(prefix.size()));
        message +=
            "--cohort: column " + std::to_string(column) + ": " + d.message + base::DidYouMean(d.suggestions) + "\n";
      } else {
        message += d.span.ToString() + ": error: " + d.message + "\n";
      }
    }
    return base::Error::InvalidInput(message);
  }
  const rules::RuleBase& rules = *compiled;
  std::optional<uint32_t> cohort;
  if (!options.cohort.empty()) cohort = rules.program.FindRight(kCohortRight);

  std::vector<uint32_t> report;
  for (uint32_t r = 0; r < rules.program.rights.size(); ++r) {
    if (cohort && r == *cohort) continue;
    if (!options.rights.empty() &&
        std::find(options.rights.begin(), options.rights.end(), rules.program.rights[r].id) == options.rights.end()) {
      continue;
    }
    report.push_back(r);
  }
  for (const auto& id : options.rights) {
    if (!rules.program.FindRight(id)) return base::Error::InvalidInput("--right: unknown right '" + id + "'");
  }
  // The statuses that show a household already receives a right: the one
  // that grants it (granted_by), and a status named like the right itself
  // (e.g. the benchmark population's receives_allowance).
  std::vector<Receiving> receiving(rules.program.rights.size());
  for (size_t r = 0; r < receiving.size(); ++r) {
    receiving[r].Add(rules.program.rights[r].id);
    // The status that grants the right (granted_by) shows it is received.
    if (const auto& grant = rules.program.rights[r].grant) receiving[r].Add(grant->status);
  }

  // Whether an amount is a lower bound depends on the right and the date only.
  std::vector<uint8_t> amount_is_lower_bound(rules.program.rights.size());
  for (size_t r = 0; r < amount_is_lower_bound.size(); ++r) {
    amount_is_lower_bound[r] =
        rules::ir::AmountIsLowerBound(rules.program, rules.program.rights[r], options.reference_date);
  }

  auto reader = population::Reader::Open(population, source_name);
  if (!reader.ok()) return reader.error();

  Summary summary;
  std::shared_ptr<const rules::compiled::Library> library;
  if (options.engine == Engine::kCompiled) {
    auto built = rules::compiled::Compile(rules.program);
    if (built.ok()) library = *built;
    else summary.engine_note = built.error().message();
  }
  summary.engine = library ? "compiled" : "batch";

  const int threads = std::max(1, options.threads);
  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < threads; ++i) workers.push_back(std::make_unique<Worker>(rules, library));
  std::map<std::string, std::vector<Counts>, std::less<>> totals;  // by neighbourhood, then position in report
  if (options.write_worklist) {
    worklist << "household_id,neighbourhood,right,right_name,amount,period,reason,amount_is_lower_bound,assumptions\n";
  }

  // Adds the households of `chunk` to `out`.
  auto process = [&](Worker& worker, const population::Chunk& chunk, PieceResult& out) {
    using rules::eval::Status;
    const auto& columns = worker.EvaluateAll(chunk.columns, options.reference_date);
    const size_t households = chunk.size();
    const size_t rights = report.size();
    // Per household: where its neighbourhood's counts start, or kNotInCohort.
    constexpr uint32_t kNotInCohort = UINT32_MAX;
    std::vector<uint32_t>& counts_of = worker.counts_of;
    counts_of.resize(households);
    for (size_t h = 0; h < households; ++h) {
      if (cohort && columns[*cohort].status[h] != Status::kEligible) {
        counts_of[h] = kNotInCohort;
        continue;
      }
      ++out.in_cohort;
      counts_of[h] = out.CountsOf(chunk.neighbourhoods[h], rights);
    }
    // Right by right, one pass over its status column: sequential reads,
    // where household by household read every right's column at once.
    std::vector<uint64_t>& listed = worker.listed;  // household << 32 | position in report
    listed.clear();
    for (size_t i = 0; i < rights; ++i) {
      const uint32_t r = report[i];
      const Status* status = columns[r].status.data();
      for (size_t h = 0; h < households; ++h) {
        const uint32_t at = counts_of[h];
        if (at == kNotInCohort) continue;
        Counts& c = out.counts[at + i];
        if (status[h] == Status::kUndetermined) ++c.undetermined;
        if (status[h] != Status::kEligible) continue;
        ++c.eligible;
        if (Receives(chunk.columns, h, receiving[r], options.reference_date)) continue;
        ++c.not_receiving;
        listed.push_back(uint64_t{h} << 32 | i);
      }
    }
    if (!options.write_worklist) {
      out.worklist_rows += listed.size();
      return;
    }
    // The rows in file order: by household, then in the order of the report.
    std::sort(listed.begin(), listed.end());
    rules::eval::Options explain;
    explain.explain = true;
    std::vector<uint32_t>& rights_listed = worker.rights_listed;
    for (size_t k = 0; k < listed.size();) {
      const size_t h = listed[k] >> 32;
      rights_listed.clear();
      for (; k < listed.size() && (listed[k] >> 32) == h; ++k) {
        rights_listed.push_back(report[static_cast<uint32_t>(listed[k])]);
      }
      // The reasons come from the interpreter, only for the rows listed, in
      // one call per household so the rights share their defines; only these
      // households are built in the document form it reads.
      household::HouseholdAt(chunk.columns, h, worker.household);
      auto outcomes = worker.reference.EvaluateSome(rights_listed, worker.household, options.reference_date, explain);
      for (size_t i = 0; i < rights_listed.size(); ++i) {
        const uint32_t r = rights_listed[i];
        const auto& right = rules.program.rights[r];
        std::string& row = out.rows;
        AppendCsvField(row, chunk.household_ids[h]);
        row += ',';
        AppendCsvField(row, chunk.neighbourhoods[h]);
        row += ',';
        row += right.id;
        row += ',';
        AppendCsvField(row, right.name);
        row += ',';
        if (columns[r].amount_known[h]) row += base::Money::FromCents(columns[r].amount_cents[h]).ToString();
        row += ',';
        if (right.amount) row += rules::ir::AmountPeriodName(right.amount->period);
        row += ',';
        AppendCsvField(row, outcomes[i].sentence);
        row += ',';
        if (columns[r].amount_known[h] && amount_is_lower_bound[r]) {
          row += "yes";
        }
        row += ',';
        // The assumptions the row rests on (ids, ';'-separated): the engine's
        // bits, so that a row that needs no check says so.
        std::string ids;
        for (uint32_t a = 0; a < rules.program.assumptions.size() && a < 64; ++a) {
          if (columns[r].assumptions[h] >> a & 1) (ids.empty() ? ids : ids += ';') += rules.program.assumptions[a].id;
        }
        AppendCsvField(row, ids);
        row += '\n';
        ++out.worklist_rows;
      }
    }
  };

  // The pipeline: this thread cuts the file into pieces of whole households
  // (reading is sequential), the workers parse and evaluate them, and this
  // thread merges their results in file order, so the worklist is the same
  // whatever the threads and piece sizes.
  const size_t in_flight = 2 * static_cast<size_t>(threads);
  std::vector<Slot> slots(in_flight);
  std::vector<population::PieceParser> parsers;
  for (int i = 0; i < threads; ++i) parsers.push_back(reader->Parser());
  std::mutex mutex;
  std::condition_variable work_ready;
  std::condition_variable piece_done;
  std::deque<size_t> queue;  // slots waiting for a worker
  bool stopping = false;
  auto work = [&](Worker& worker, population::PieceParser& parser) {
    population::Chunk chunk;
    for (;;) {
      size_t k = 0;
      {
        std::unique_lock lock(mutex);
        work_ready.wait(lock, [&] { return stopping || !queue.empty(); });
        if (stopping) return;
        k = queue.front();
        queue.pop_front();
      }
      Slot& slot = slots[k];
      slot.result.Clear();
      parser.Start(slot.piece);
      for (;;) {
        auto more = parser.Next(chunk, options.chunk_persons);
        if (!more.ok()) {
          slot.result.error = more.error();
          break;
        }
        if (!*more) break;
        process(worker, chunk, slot.result);
      }
      parser.Finish(slot.piece, slot.result.households);
      {
        std::lock_guard lock(mutex);
        slot.done = true;
      }
      piece_done.notify_all();
    }
  };
  std::vector<std::thread> pool;
  // Stops and joins the workers on every return, an early one for an error too.
  struct Joiner {
    std::mutex& mutex;
    std::condition_variable& work_ready;
    bool& stopping;
    std::vector<std::thread>& pool;
    ~Joiner() {
      {
        std::lock_guard lock(mutex);
        stopping = true;
      }
      work_ready.notify_all();
      for (auto& t : pool) t.join();
    }
  } joiner{mutex, work_ready, stopping, pool};
  for (int i = 0; i < threads; ++i) pool.emplace_back(work, std::ref(*workers[i]), std::ref(parsers[i]));

  size_t cut = 0;
  size_t merged = 0;
  bool more_input = true;
  std::optional<base::Error> read_error;  // comes after every piece cut before it
  auto cut_next = [&] {
    if (!more_input) return;
    const size_t k = cut % in_flight;
    auto more = reader->NextPiece(slots[k].piece, options.piece_bytes);
    if (!more.ok() || !*more) {
      if (!more.ok()) read_error = more.error();
      more_input = false;
      return;
    }
    {
      std::lock_guard lock(mutex);
      slots[k].done = false;
      queue.push_back(k);
    }
    work_ready.notify_one();
    ++cut;
  };
  while (more_input && cut < in_flight) cut_next();
  while (merged < cut) {
    Slot& slot = slots[merged % in_flight];
    {
      std::unique_lock lock(mutex);
      piece_done.wait(lock, [&] { return slot.done; });
    }
    // A household reappearing in this piece comes before the piece's own
    // parse error, as in a sequential read; the pieces before are written.
    if (auto admitted = reader->Admit(slot.result.households); !admitted) return admitted.error();
    if (slot.result.error) return *slot.result.error;
    const PieceResult& result = slot.result;
    worklist << result.rows;
    summary.in_cohort += result.in_cohort;
    summary.worklist_rows += result.worklist_rows;
    for (size_t n = 0; n < result.neighbourhoods.size(); ++n) {
      auto it = totals.find(result.neighbourhoods[n]);
      if (it == totals.end()) it = totals.emplace(result.neighbourhoods[n], std::vector<Counts>(report.size())).first;
      for (size_t k = 0; k < report.size(); ++k) {
        const Counts& c = result.counts[n * report.size() + k];
        it->second[k].eligible += c.eligible;
        it->second[k].not_receiving += c.not_receiving;
        it->second[k].undetermined += c.undetermined;
      }
    }
    ++merged;
    cut_next();
  }
  if (read_error) return *read_error;
  summary.persons = reader->persons_read();
  summary.households = reader->households_read();
  if (counts_out) {
    *counts_out << "neighbourhood,right,eligible,not_receiving,undetermined\n";
    for (const auto& [neighbourhood, per_right] : totals) {
      for (size_t k = 0; k < report.size(); ++k) {
        const Counts& c = per_right[k];
        *counts_out << CsvField(neighbourhood) << "," << rules.program.rights[report[k]].id << "," << c.eligible
                    << "," << c.not_receiving << "," << c.undetermined << "\n";
      }
    }
  }
  if (!worklist) return base::Error::Io("cannot write the worklist");
  return summary;
}

}  // namespace scan
