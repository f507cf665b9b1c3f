// scan/scan.cpp — population scan: chunks in, worklist and counts out.
#include "scan/scan.h"

#include <algorithm>
#include <istream>
#include <map>
#include <ostream>
#include <thread>

#include "household/schema.h"
#include "population/population.h"
#include "rules/batch/batch.h"
#include "screener/screener.h"

namespace scan {
namespace {

constexpr std::string_view kCohortRight = "rechtop_cohort";

std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

struct Counts {
  size_t eligible = 0;
  size_t not_receiving = 0;
  size_t undetermined = 0;
};

struct ChunkResult {
  std::string rows;
  std::map<std::pair<std::string, uint32_t>, Counts> counts;
  size_t in_cohort = 0;
  size_t worklist_rows = 0;
};

// One worker's engines; each thread owns one.
struct Worker {
  explicit Worker(const rules::RuleBase& rules) : batch(rules.program), reference(rules.program) {}
  rules::batch::Evaluator batch;
  rules::eval::Evaluator reference;
};

bool Receives(const household::Household& hh, const std::vector<std::string>& statuses) {
  for (const auto& person : hh.persons) {
    if (!person.statuses) continue;
    for (const auto& s : *person.statuses) {
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
  // The statuses that show a household already receives a right.
  std::vector<std::vector<std::string>> receiving(rules.program.rights.size());
  for (auto status : household::StatusValues()) {
    if (auto right = screener::RightForStatus(status)) {
      if (auto index = rules.program.FindRight(*right)) receiving[*index].emplace_back(status);
    }
  }

  auto reader = population::Reader::Open(population, source_name);
  if (!reader.ok()) return reader.error();

  const int threads = std::max(1, options.threads);
  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < threads; ++i) workers.push_back(std::make_unique<Worker>(rules));
  std::vector<population::Chunk> chunks(threads);
  std::vector<ChunkResult> results(threads);
  std::map<std::pair<std::string, uint32_t>, Counts> totals;
  Summary summary;
  worklist << "household_id,neighbourhood,right,right_name,amount,period,reason\n";

  auto process = [&](Worker& worker, const population::Chunk& chunk, ChunkResult& out) {
    out = ChunkResult{};
    auto columns = worker.batch.EvaluateAll(chunk.households, options.reference_date);
    rules::eval::Options explain;
    explain.explain = true;
    for (size_t h = 0; h < chunk.households.size(); ++h) {
      if (cohort && columns[*cohort].status[h] != rules::eval::Status::kEligible) continue;
      ++out.in_cohort;
      const std::string& neighbourhood = chunk.neighbourhoods[h];
      for (uint32_t r : report) {
        const auto status = columns[r].status[h];
        Counts& c = out.counts[{neighbourhood, r}];
        if (status == rules::eval::Status::kUndetermined) ++c.undetermined;
        if (status != rules::eval::Status::kEligible) continue;
        ++c.eligible;
        if (Receives(chunk.households[h], receiving[r])) continue;
        ++c.not_receiving;
        // The reason comes from the interpreter, only for the rows listed.
        const auto& right = rules.program.rights[r];
        auto outcome = worker.reference.Evaluate(r, chunk.households[h], options.reference_date, explain);
        out.rows += CsvField(chunk.household_ids[h]) + "," + CsvField(neighbourhood) + "," + right.id + "," +
                    CsvField(right.name) + "," +
                    (columns[r].amount_known[h] ? base::Money::FromCents(columns[r].amount_cents[h]).ToString() : "") +
                    "," + (right.amount ? rules::ir::AmountPeriodName(right.amount->period) : "") + "," +
                    CsvField(outcome.sentence) + "\n";
        ++out.worklist_rows;
      }
    }
  };

  bool done = false;
  while (!done) {
    // Read up to one chunk per thread, evaluate them in parallel, write in order.
    int filled = 0;
    for (; filled < threads; ++filled) {
      auto more = reader->Next(chunks[filled], options.chunk_persons);
      if (!more.ok()) return more.error();
      if (!*more) {
        done = true;
        break;
      }
    }
    std::vector<std::thread> running;
    for (int i = 1; i < filled; ++i) {
      running.emplace_back([&, i] { process(*workers[i], chunks[i], results[i]); });
    }
    if (filled > 0) process(*workers[0], chunks[0], results[0]);
    for (auto& t : running) t.join();
    for (int i = 0; i < filled; ++i) {
      worklist << results[i].rows;
      summary.in_cohort += results[i].in_cohort;
      summary.worklist_rows += results[i].worklist_rows;
      for (const auto& [key, c] : results[i].counts) {
        Counts& total = totals[key];
        total.eligible += c.eligible;
        total.not_receiving += c.not_receiving;
        total.undetermined += c.undetermined;
      }
    }
  }
  summary.persons = reader->persons_read();
  summary.households = reader->households_read();
  if (counts_out) {
    *counts_out << "neighbourhood,right,eligible,not_receiving,undetermined\n";
    for (const auto& [key, c] : totals) {
      *counts_out << CsvField(key.first) << "," << rules.program.rights[key.second].id << "," << c.eligible << ","
                  << c.not_receiving << "," << c.undetermined << "\n";
    }
  }
  if (!worklist) return base::Error::Io("cannot write the worklist");
  return summary;
}

}  // namespace scan
