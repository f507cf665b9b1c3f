// rules/rules.h
//
// The front door of the rules engine: load a rule base from .rop files
// (parse → check → IR), evaluate it for a household, render the results as
// JSON or Dutch text, and run the example cases that ship beside each right.
// Other modules include only this header.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/diagnostics.h"
#include "household/json_reader.h"
#include "household/model.h"
#include "rules/eval/eval.h"
#include "rules/ir/ir.h"

namespace rules {

struct RuleBase {
  ir::Program program;
  std::vector<std::string> files;  // the .rop files it was built from
};

struct SourceFile {
  std::string name;  // used in diagnostics
  std::string text;
};

// Compiles in-memory sources. Returns nullopt when `diagnostics` got an error.
std::optional<RuleBase> Compile(const std::vector<SourceFile>& sources, base::Diagnostics& diagnostics);

// The largest rule file (and *.cases.json file) the loader reads.
inline constexpr size_t kMaxRuleFileBytes = size_t{16} << 20;

// Reads every *.rop file under `roots` (files or directories, searched
// recursively, in sorted order). Returns nullopt when `diagnostics` got an
// error (a missing root, an unreadable file, a file larger than
// kMaxRuleFileBytes).
std::optional<std::vector<SourceFile>> ReadSources(const std::vector<std::filesystem::path>& roots,
                                                   base::Diagnostics& diagnostics);

// Reads (as ReadSources) and compiles every *.rop file under `roots` together.
std::optional<RuleBase> Load(const std::vector<std::filesystem::path>& roots, base::Diagnostics& diagnostics);

// The reference date of a check: `override_date` if given, else the
// household's reference_date, else `today`.
base::Date ReferenceDate(const household::Household& hh, std::optional<base::Date> override_date, base::Date today);

// One right's result as JSON, in the field names of the rights spec's output
// conventions: id, name, level, status, eligible (true/false/"unknown"),
// amount or amount_lower_bound (euro number or null), period, category,
// grant_mode, missing_inputs (JSON paths), questions (path, Dutch label and
// question per missing input), sources, explanation, derivation.
nlohmann::json OutcomeToJson(const RuleBase& rules, const household::Household& hh,
                             const eval::RightOutcome& outcome);

// Whether the results for `hh` list `right`: every right that is not a
// municipality's, and a municipality's own rights only for a household of
// that municipality (municipality.nis, which the reader resolves from the
// postcode or name, given and equal). Another town's
// variant is only noise to a resident; callers list all of them on request
// (check --all-municipalities, "all_municipalities": true).
bool ListedFor(const ir::Right& right, const household::Household& hh);
// The household's municipality.nis, or nullptr when unknown.
const std::string* HouseholdNis(const household::Household& hh);
// `outcomes` without those not ListedFor `hh`, unless `all_municipalities`.
std::vector<eval::RightOutcome> ListedOutcomes(const RuleBase& rules, const household::Household& hh,
                                               std::vector<eval::RightOutcome> outcomes, bool all_municipalities);

// The whole check as JSON: {reference_date, municipality_nis (the household's,
// or null), results: [...]}, plus
// ignored_fields: [{path, problem, did_you_mean?, allowed?, unknown_list?}]
// when `read` says the household was read leniently (docs/household.md).
nlohmann::json CheckToJson(const RuleBase& rules, const household::Household& hh, base::Date reference_date,
                           const std::vector<eval::RightOutcome>& outcomes,
                           const household::ReadReport* read = nullptr);

// The whole check as Dutch text for a terminal; `tree` adds derivations.
std::string CheckToText(const RuleBase& rules, const household::Household& hh, base::Date reference_date,
                        const std::vector<eval::RightOutcome>& outcomes, bool tree);

// ------------------------------------------------------- description --

// The conditions of a right in general form, for a page that describes it
// without a household: references to parameters show their value on `date`,
// other references their Dutch label ("uw inkomen").
std::vector<std::string> ConditionTexts(const RuleBase& rules, uint32_t right, base::Date date);

// The parameters the amount formula of a right reads, with their value on
// `date` ("" when none is known) and the source of that value.
struct AmountParameter {
  std::string label;
  std::string value;  // Dutch, "€ 1.314,20"
  std::string valid_from;
  std::string source;
};
std::vector<AmountParameter> AmountParameters(const RuleBase& rules, uint32_t right, base::Date date);

// ------------------------------------------------------------- cases --

struct CaseFailure {
  std::string place;    // "rights/federal/leefloon.cases.json: cases[3] (name)"
  std::string message;  // what differed
};

struct CaseReport {
  int cases = 0;
  int passed = 0;
  std::vector<CaseFailure> failures;
  // "right.condition: never true" / "never false" — conditions no case exercises.
  std::vector<std::string> unexercised;
  std::vector<std::string> rights_without_cases;
};

// Runs every *.cases.json under `roots` against `rules`.
CaseReport RunCases(const RuleBase& rules, const std::vector<std::filesystem::path>& roots);

}  // namespace rules
