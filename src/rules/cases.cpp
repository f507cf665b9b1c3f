// rules/cases.cpp — runs the example cases that ship beside each right
// (<right>.cases.json) and reports the conditions no case exercises.
#include <map>

#include "base/read_file.h"
#include "household/json_reader.h"
#include "rules/rules.h"

namespace rules {
namespace fs = std::filesystem;

namespace {

struct Coverage {
  std::vector<bool> seen_true;
  std::vector<bool> seen_false;
};

std::string JoinPaths(const std::vector<std::string>& paths) {
  std::string out = "[";
  for (size_t i = 0; i < paths.size(); ++i) out += (i ? ", " : "") + paths[i];
  return out + "]";
}

}  // namespace

CaseReport RunCases(const RuleBase& rules, const std::vector<fs::path>& roots) {
  CaseReport report;
  std::vector<fs::path> files;
  for (const auto& root : roots) {
    std::error_code ec;
    if (fs::is_regular_file(root, ec)) {
      files.push_back(root);
      continue;
    }
    for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (it->is_regular_file() && name.size() > 11 && name.ends_with(".cases.json")) files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());

  const ir::Program& program = rules.program;
  std::map<uint32_t, Coverage> coverage;
  eval::Evaluator evaluator(program);
  eval::Options options;
  options.explain = true;

  for (const auto& file : files) {
    const std::string place = file.string();
    std::string text;
    const base::ReadStatus read = base::ReadFileAtMost(file, kMaxRuleFileBytes, text);
    if (read != base::ReadStatus::kOk) {
      report.failures.push_back({place, read == base::ReadStatus::kTooLarge
                                            ? "the file is larger than " + std::to_string(kMaxRuleFileBytes) +
                                                  " bytes, the limit for a cases file"
                                            : std::string("cannot read file")});
      continue;
    }
    nlohmann::json doc;
    try {
      doc = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
      report.failures.push_back({place, std::string("malformed JSON: ") + e.what()});
      continue;
    }
    if (!doc.is_object() || !doc.contains("right") || !doc["right"].is_string() || !doc.contains("cases") ||
        !doc["cases"].is_array()) {
      report.failures.push_back({place, "expected {\"right\": \"<id>\", \"cases\": [...]}"});
      continue;
    }
    const std::string right_id = doc["right"].get<std::string>();
    auto right = program.FindRight(right_id);
    if (!right) {
      report.failures.push_back({place, "unknown right '" + right_id + "'"});
      continue;
    }
    const ir::Right& r = program.rights[*right];
    Coverage& cov = coverage[*right];
    cov.seen_true.resize(r.conditions.size());
    cov.seen_false.resize(r.conditions.size());

    const auto& cases = doc["cases"];
    for (size_t i = 0; i < cases.size(); ++i) {
      const auto& c = cases[i];
      std::string name = c.is_object() && c.contains("name") && c["name"].is_string() ? c["name"].get<std::string>()
                                                                                      : "";
      std::string case_place = place + ": cases[" + std::to_string(i) + "]" + (name.empty() ? "" : " (" + name + ")");
      ++report.cases;
      if (!c.is_object() || !c.contains("household") || !c.contains("expect") || !c["expect"].is_object()) {
        report.failures.push_back({case_place, "a case needs \"household\" and \"expect\""});
        continue;
      }
      // dump() writes numbers in shortest round-trip form, so a two-decimal
      // amount keeps its digits and the reader still sees exact cents.
      auto hh = household::ReadHousehold(c["household"].dump(), case_place + ".household");
      if (!hh.ok()) {
        report.failures.push_back({case_place, hh.error().message()});
        continue;
      }
      std::optional<base::Date> date;
      if (c.contains("date") && c["date"].is_string()) date = base::Date::Parse(c["date"].get<std::string>());
      base::Date ref = ReferenceDate(*hh, date, base::Date::FromYmd(2025, 1, 1));
      if (!hh->reference_date && !date) {
        report.failures.push_back({case_place, "a case needs a reference_date"});
        continue;
      }
      if (auto dates = household::CheckDatesAgainst(*hh, ref, case_place + ".household"); !dates.ok()) {
        report.failures.push_back({case_place, dates.error().message()});
        continue;
      }
      eval::RightOutcome outcome = evaluator.Evaluate(*right, *hh, ref, options);
      for (size_t k = 0; k < outcome.conditions.size(); ++k) {
        if (outcome.conditions[k].truth == eval::Truth::kTrue) cov.seen_true[k] = true;
        if (outcome.conditions[k].truth == eval::Truth::kFalse) cov.seen_false[k] = true;
      }

      const auto& expect = c["expect"];
      std::vector<std::string> problems;
      std::string status = eval::StatusName(outcome.status);
      if (!expect.contains("status") || !expect["status"].is_string()) {
        problems.push_back("expect.status is required");
      } else if (expect["status"].get<std::string>() != status) {
        problems.push_back("status: expected " + expect["status"].get<std::string>() + ", got " + status);
      }
      if (expect.contains("amount")) {
        std::string want = expect["amount"].is_null() ? "null" : expect["amount"].is_string()
                                                                     ? expect["amount"].get<std::string>()
                                                                     : expect["amount"].dump();
        std::string got = outcome.amount ? outcome.amount->ToString() : "null";
        auto parsed = base::Money::Parse(want);
        if (parsed) want = parsed->ToString();
        if (want != got) problems.push_back("amount: expected " + want + ", got " + got);
      }
      if (expect.contains("category")) {
        std::string want = expect["category"].is_null() ? "null" : expect["category"].get<std::string>();
        std::string got = outcome.category ? *outcome.category : "null";
        if (want != got) problems.push_back("category: expected " + want + ", got " + got);
      }
      if (expect.contains("missing_inputs") && expect["missing_inputs"].is_array()) {
        std::vector<std::string> want, got;
        for (const auto& m : expect["missing_inputs"]) want.push_back(m.is_string() ? m.get<std::string>() : m.dump());
        for (const auto& m : outcome.missing) got.push_back(eval::MissingPath(m, program));
        std::sort(want.begin(), want.end());
        std::sort(got.begin(), got.end());
        if (want != got) problems.push_back("missing_inputs: expected " + JoinPaths(want) + ", got " + JoinPaths(got));
      }
      if (expect.contains("amount_lower_bound")) {
        const auto& w = expect["amount_lower_bound"];
        std::string want = w.is_null() ? "null" : w.is_string() ? w.get<std::string>() : w.dump();
        std::string got = outcome.amount && outcome.amount_lower_bound ? outcome.amount->ToString() : "null";
        if (auto parsed = base::Money::Parse(want)) want = parsed->ToString();
        if (want != got) problems.push_back("amount_lower_bound: expected " + want + ", got " + got);
      }
      if (expect.contains("assumptions") && expect["assumptions"].is_array()) {
        std::vector<std::string> want, got;
        for (const auto& a : expect["assumptions"]) want.push_back(a.is_string() ? a.get<std::string>() : a.dump());
        for (const auto& a : outcome.assumptions) got.push_back(program.assumptions[a.assumption].id);
        std::sort(want.begin(), want.end());
        std::sort(got.begin(), got.end());
        if (want != got) problems.push_back("assumptions: expected " + JoinPaths(want) + ", got " + JoinPaths(got));
      }
      if (expect.contains("route")) {
        const ir::Right& r = program.rights[*right];
        std::string want = expect["route"].is_string() ? expect["route"].get<std::string>() : "null";
        std::string got = !outcome.route        ? "null"
                          : *outcome.route == 0 ? ir::ApplyModeName(r.apply_mode)
                                                : ir::ApplyModeName(r.routes[*outcome.route - 1].mode);
        if (want != got) problems.push_back("route: expected " + want + ", got " + got);
      }
      if (expect.contains("already_receives") && expect["already_receives"].is_boolean()) {
        if (expect["already_receives"].get<bool>() != outcome.granted) {
          problems.push_back(std::string("already_receives: expected ") + (outcome.granted ? "false" : "true"));
        }
      }
      if (expect.contains("reason") && expect["reason"].is_string()) {
        std::string want = expect["reason"].get<std::string>();
        if (outcome.sentence.find(want) == std::string::npos) {
          problems.push_back("reason: \"" + want + "\" not in \"" + outcome.sentence + "\"");
        }
      }
      if (problems.empty()) {
        ++report.passed;
      } else {
        std::string message;
        for (const auto& p : problems) message += (message.empty() ? "" : "; ") + p;
        report.failures.push_back({case_place, message});
      }
    }
  }

  for (uint32_t i = 0; i < program.rights.size(); ++i) {
    auto it = coverage.find(i);
    if (it == coverage.end()) {
      report.rights_without_cases.push_back(program.rights[i].id);
      continue;
    }
    for (size_t k = 0; k < program.rights[i].conditions.size(); ++k) {
      const std::string where = program.rights[i].id + "." + program.rights[i].conditions[k].name;
      if (!it->second.seen_true[k]) report.unexercised.push_back(where + ": no case makes it true");
      if (!it->second.seen_false[k]) report.unexercised.push_back(where + ": no case makes it false");
    }
  }
  return report;
}

}  // namespace rules
