// scan/scan.cpp — population scan: chunks in, worklist and counts out.
#include "scan/scan.h"

#include <algorithm>
#include <cstring>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <ostream>
#include <thread>

#include "household/schema.h"
#include "population/population.h"
#include "rules/batch/batch.h"
#include "rules/compiled/compiled.h"
#include "screener/screener.h"

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
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
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

// Counts are kept per distinct neighbourhood of the chunk, one entry per
// reported right: a string-keyed map per (household, right) cost more than
// evaluating the rules.
struct ChunkResult {
  std::string rows;
  std::vector<std::string_view> neighbourhoods;  // distinct, into the chunk; with a household in the cohort
  std::vector<Counts> counts;                    // [neighbourhood * report.size() + position in report]
  std::unordered_map<std::string_view, uint32_t> neighbourhood_index;
  size_t in_cohort = 0;
  size_t worklist_rows = 0;
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
  std::vector<rules::batch::RightColumns> results;
};

// Whether a member of household `h` has one of `statuses`.
bool Receives(const household::Columns& columns, size_t h, const std::vector<std::string>& statuses) {
  for (uint32_t p = columns.first_person[h]; p < columns.first_person[h + 1]; ++p) {
    if (!columns.statuses.known[p]) continue;
    for (const auto& s : columns.statuses.Of(p)) {
      if (std::find(statuses.begin(), statuses.end(), s.status) != statuses.end()) return true;
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
        message += "--cohort: column " + std::to_string(column) + ": " + d.message;
        for (size_t i = 0; i < d.suggestions.size(); ++i) {
          message += (i == 0 ? " (did you mean '" : "' or '") + d.suggestions[i];
        }
        message += d.suggestions.empty() ? "\n" : "'?)\n";
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
  // The statuses that show a household already receives a right: those the
  // screener maps to it, and a status named like the right itself (e.g. the
  // benchmark population's receives_allowance).
  std::vector<std::vector<std::string>> receiving(rules.program.rights.size());
  for (auto status : household::StatusValues()) {
    if (auto right = screener::RightForStatus(status)) {
      if (auto index = rules.program.FindRight(*right)) receiving[*index].emplace_back(status);
    }
  }
  for (size_t r = 0; r < receiving.size(); ++r) {
    const std::string& id = rules.program.rights[r].id;
    if (std::find(receiving[r].begin(), receiving[r].end(), id) == receiving[r].end()) receiving[r].push_back(id);
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
  std::vector<population::Chunk> chunks(threads);
  std::vector<ChunkResult> results(threads);
  std::map<std::string, std::vector<Counts>, std::less<>> totals;  // by neighbourhood, then position in report
  if (options.write_worklist) worklist << "household_id,neighbourhood,right,right_name,amount,period,reason\n";

  auto process = [&](Worker& worker, const population::Chunk& chunk, ChunkResult& out) {
    out.rows.clear();
    out.neighbourhoods.clear();
    out.counts.clear();
    out.neighbourhood_index.clear();
    out.in_cohort = 0;
    out.worklist_rows = 0;
    const auto& columns = worker.EvaluateAll(chunk.columns, options.reference_date);
    rules::eval::Options explain;
    explain.explain = true;
    std::vector<uint32_t> listed;
    for (size_t h = 0; h < chunk.size(); ++h) {
      if (cohort && columns[*cohort].status[h] != rules::eval::Status::kEligible) continue;
      ++out.in_cohort;
      const std::string& neighbourhood = chunk.neighbourhoods[h];
      auto [slot, added] =
          out.neighbourhood_index.try_emplace(neighbourhood, static_cast<uint32_t>(out.neighbourhoods.size()));
      if (added) {
        out.neighbourhoods.push_back(neighbourhood);
        out.counts.resize(out.counts.size() + report.size());
      }
      Counts* counts = &out.counts[slot->second * report.size()];
      listed.clear();
      for (size_t i = 0; i < report.size(); ++i) {
        const uint32_t r = report[i];
        const auto status = columns[r].status[h];
        Counts& c = counts[i];
        if (status == rules::eval::Status::kUndetermined) ++c.undetermined;
        if (status != rules::eval::Status::kEligible) continue;
        ++c.eligible;
        if (Receives(chunk.columns, h, receiving[r])) continue;
        ++c.not_receiving;
        listed.push_back(r);
      }
      if (listed.empty()) continue;
      if (!options.write_worklist) {
        out.worklist_rows += listed.size();
        continue;
      }
      // The reasons come from the interpreter, only for the rows listed, in
      // one call per household so the rights share their defines; only these
      // households are built in the document form it reads.
      auto outcomes = worker.reference.EvaluateSome(listed, chunk.Household(h), options.reference_date, explain);
      for (size_t i = 0; i < listed.size(); ++i) {
        const uint32_t r = listed[i];
        const auto& right = rules.program.rights[r];
        std::string& row = out.rows;
        AppendCsvField(row, chunk.household_ids[h]);
        row += ',';
        AppendCsvField(row, neighbourhood);
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
        row += '\n';
        ++out.worklist_rows;
      }
    }
  };

  // Two sets of chunks: the workers evaluate one set while this thread reads
  // the next, so reading (single-threaded) overlaps evaluation.
  std::vector<population::Chunk> next_chunks(threads);
  bool done = false;
  auto read_set = [&](std::vector<population::Chunk>& set, int& filled) -> base::Status {
    filled = 0;
    while (!done && filled < threads) {
      auto more = reader->Next(set[filled], options.chunk_persons);
      if (!more.ok()) return more.error();
      if (!*more) {
        done = true;
        break;
      }
      ++filled;
    }
    return base::Ok{};
  };
  int filled = 0;
  if (auto read = read_set(chunks, filled); !read) return read.error();
  while (filled > 0) {
    std::vector<std::thread> running;
    for (int i = 0; i < filled; ++i) {
      running.emplace_back([&, i] { process(*workers[i], chunks[i], results[i]); });
    }
    int next_filled = 0;
    base::Status read = read_set(next_chunks, next_filled);
    for (auto& t : running) t.join();
    for (int i = 0; i < filled; ++i) {
      worklist << results[i].rows;
      summary.in_cohort += results[i].in_cohort;
      summary.worklist_rows += results[i].worklist_rows;
      for (size_t n = 0; n < results[i].neighbourhoods.size(); ++n) {
        auto it = totals.find(results[i].neighbourhoods[n]);
        if (it == totals.end()) {
          it = totals.emplace(std::string(results[i].neighbourhoods[n]), std::vector<Counts>(report.size())).first;
        }
        for (size_t k = 0; k < report.size(); ++k) {
          const Counts& c = results[i].counts[n * report.size() + k];
          it->second[k].eligible += c.eligible;
          it->second[k].not_receiving += c.not_receiving;
          it->second[k].undetermined += c.undetermined;
        }
      }
    }
    if (!read) return read.error();  // the chunks read before the error are written, like every earlier set
    std::swap(chunks, next_chunks);
    filled = next_filled;
  }
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
