// cli/main.cpp — the `rechtop` command: check a household, run the rule
// cases, lint the rule base, dump compiler stages, print the input schema.
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "household/json_reader.h"
#include "household/json_schema.h"
#include "rules/rules.h"
#include "rules/syntax/parser.h"

namespace {

namespace fs = std::filesystem;

constexpr int kExitBadInput = 1;
constexpr int kExitRuleErrors = 2;
constexpr int kExitTestsFailed = 3;

base::Date Today() {
  auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return base::Date::FromDays(static_cast<int32_t>(days.time_since_epoch().count()));
}

std::vector<fs::path> DefaultRights(const std::vector<std::string>& given) {
  std::vector<fs::path> roots(given.begin(), given.end());
  if (roots.empty()) {
    const char* env = std::getenv("RECHTOP_RIGHTS");
    roots.emplace_back(env ? env : "rights");
  }
  return roots;
}

std::optional<rules::RuleBase> LoadOrReport(const std::vector<fs::path>& roots) {
  base::Diagnostics diagnostics;
  auto rules = rules::Load(roots, diagnostics);
  std::cerr << diagnostics.Format();
  return rules;
}

bool ReadInput(const std::string& path, std::string& text) {
  if (path == "-") {
    std::stringstream buffer;
    buffer << std::cin.rdbuf();
    text = buffer.str();
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream buffer;
  buffer << in.rdbuf();
  text = buffer.str();
  return true;
}

int RunCheck(const std::string& input, const std::string& date_text, const std::string& format, bool tree,
             const std::vector<std::string>& rights_dirs) {
  std::optional<base::Date> date;
  if (!date_text.empty()) {
    date = base::Date::Parse(date_text);
    if (!date) {
      std::cerr << "rechtop: --date: '" << date_text << "' is not a date (YYYY-MM-DD)\n";
      return kExitBadInput;
    }
  }
  std::string text;
  if (!ReadInput(input, text)) {
    std::cerr << "rechtop: " << input << ": cannot read file\n";
    return kExitBadInput;
  }
  auto hh = household::ReadHousehold(text, input == "-" ? "<stdin>" : input);
  if (!hh.ok()) {
    std::cerr << hh.error().message() << "\n";
    return kExitBadInput;
  }
  auto rules = LoadOrReport(DefaultRights(rights_dirs));
  if (!rules) return kExitRuleErrors;
  base::Date ref = rules::ReferenceDate(*hh, date, Today());
  rules::eval::Evaluator evaluator(rules->program);
  rules::eval::Options options;
  options.explain = true;
  options.tree = format == "json" || tree;
  auto outcomes = evaluator.EvaluateAll(*hh, ref, options);
  if (format == "text") {
    std::cout << rules::CheckToText(*rules, *hh, ref, outcomes, tree);
  } else {
    std::cout << rules::CheckToJson(*rules, *hh, ref, outcomes).dump(2) << "\n";
  }
  return 0;
}

int RunTest(const std::vector<std::string>& dirs, bool strict) {
  auto roots = DefaultRights(dirs);
  auto rules = LoadOrReport(roots);
  if (!rules) return kExitRuleErrors;
  rules::CaseReport report = rules::RunCases(*rules, roots);
  for (const auto& f : report.failures) std::cout << "FAIL " << f.place << ": " << f.message << "\n";
  for (const auto& id : report.rights_without_cases) std::cout << "no cases: right '" << id << "'\n";
  for (const auto& u : report.unexercised) std::cout << "unexercised: " << u << "\n";
  int failed = report.cases - report.passed;
  std::cout << report.passed << " passed, " << failed << " failed\n";
  if (failed > 0) return kExitTestsFailed;
  if (strict && (!report.unexercised.empty() || !report.rights_without_cases.empty())) return kExitTestsFailed;
  return 0;
}

int RunLint(const std::vector<std::string>& dirs) {
  base::Diagnostics diagnostics;
  auto rules = rules::Load(DefaultRights(dirs), diagnostics);
  std::cout << diagnostics.Format();
  if (!rules) return kExitRuleErrors;
  std::cout << rules->program.rights.size() << " rights, " << rules->program.parameters.size() << " parameters, "
            << rules->program.defines.size() << " defines: no errors\n";
  return 0;
}

int RunDump(const std::string& stage, const std::vector<std::string>& files) {
  if (stage == "ast") {
    base::Diagnostics diagnostics;
    for (const auto& f : files) {
      std::string text;
      if (!ReadInput(f, text)) {
        std::cerr << "rechtop: " << f << ": cannot read file\n";
        return kExitBadInput;
      }
      std::cout << rules::syntax::Print(rules::syntax::Parse(text, f, diagnostics));
    }
    std::cerr << diagnostics.Format();
    return diagnostics.HasErrors() ? kExitRuleErrors : 0;
  }
  auto rules = LoadOrReport(DefaultRights(files));
  if (!rules) return kExitRuleErrors;
  std::cout << rules::ir::Print(rules->program);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Rechtop: social rights as code for Flemish local social services"};
  app.require_subcommand(1);

  std::string input, date, format = "json";
  bool tree = false;
  std::vector<std::string> rights_dirs;
  auto* check = app.add_subcommand("check", "Check which rights a household is entitled to");
  check->add_option("household", input, "Household JSON file (docs/household.md), or - for stdin")->required();
  check->add_option("--date", date, "Reference date YYYY-MM-DD (default: the file's reference_date, else today)");
  check->add_option("--format", format, "Output format")->check(CLI::IsMember({"json", "text"}));
  check->add_flag("--tree", tree, "With --format text: print each derivation tree");
  check->add_option("--rights", rights_dirs, "Rule files or directories (default: rights/)");

  std::vector<std::string> test_dirs;
  bool strict = false;
  auto* test = app.add_subcommand("test", "Run every right's example cases");
  test->add_option("dirs", test_dirs, "Rule directories (default: rights/)");
  test->add_flag("--strict", strict, "Also fail when a condition is not exercised by any case");

  std::vector<std::string> lint_dirs;
  auto* lint = app.add_subcommand("lint", "Check the rule base for errors");
  lint->add_option("dirs", lint_dirs, "Rule directories (default: rights/)");

  std::string stage = "ir";
  std::vector<std::string> dump_files;
  auto* dump = app.add_subcommand("dump", "Print a compiler stage");
  dump->add_option("--stage", stage, "Stage to print")->check(CLI::IsMember({"ast", "ir"}));
  dump->add_option("files", dump_files, "Rule files or directories (default: rights/)");

  auto* schema = app.add_subcommand("schema", "Print the JSON Schema of the household input");

  CLI11_PARSE(app, argc, argv);
  try {
    if (*check) return RunCheck(input, date, format, tree, rights_dirs);
    if (*test) return RunTest(test_dirs, strict);
    if (*lint) return RunLint(lint_dirs);
    if (*dump) return RunDump(stage, dump_files);
    if (*schema) {
      std::cout << household::HouseholdJsonSchema();
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "rechtop: internal error: " << e.what() << "\n";
    return 70;
  }
  return 0;
}
