// cli/main.cpp — the `rechtop` command: check a household, run the rule
// cases, lint the rule base, dump compiler stages, print the input schema.
#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

#include <CLI/CLI.hpp>

#include "catalog/demo.h"
#include "catalog/hsds.h"
#include "household/json_reader.h"
#include "household/json_schema.h"
#include "rules/rules.h"
#include "population/population.h"
#include "population/synth.h"
#include "rules/sql/sql.h"
#include "rules/syntax/parser.h"
#include "scan/scan.h"
#include "sqldb/sqldb.h"
#include "store/store.h"
#include "web/server.h"

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

struct ServeOptions {
  std::vector<std::string> rights;
  std::string data_dir = "data/demo";
  std::string static_dir = "web/static";
  std::string db = "rechtop.db";
  std::string public_url = "http://localhost:8080";
  web::ServerConfig server;
};

// Opens the directory store; an empty store is filled with the demo data so
// that a first `make run` shows a working site.
std::optional<catalog::Directory> OpenDirectory(const std::string& db, const std::string& data_dir) {
  auto store = store::OpenSqlite(db);
  if (!store.ok()) {
    std::cerr << "rechtop: " << store.error().message() << "\n";
    return std::nullopt;
  }
  auto directory = (*store)->LoadDirectory();
  if (!directory.ok()) {
    std::cerr << "rechtop: " << directory.error().message() << "\n";
    return std::nullopt;
  }
  if (directory->services.empty() && directory->municipalities.empty()) {
    auto demo = catalog::LoadDemoDirectory(data_dir);
    if (!demo.ok()) {
      std::cerr << "rechtop: " << demo.error().message() << "\n";
      return std::nullopt;
    }
    if (auto status = (*store)->ReplaceDirectory(*demo); !status.ok()) {
      std::cerr << "rechtop: " << status.error().message() << "\n";
      return std::nullopt;
    }
    std::cerr << "rechtop: " << db << ": loaded the demo directory from " << data_dir << "\n";
    return std::move(demo).value();
  }
  return std::move(directory).value();
}

int RunServe(const ServeOptions& options) {
  auto rules = LoadOrReport(DefaultRights(options.rights));
  if (!rules) return kExitRuleErrors;
  auto directory = OpenDirectory(options.db, options.data_dir);
  if (!directory) return kExitBadInput;
  auto site = web::BuildSite(std::move(*rules), std::move(*directory), options.data_dir, options.static_dir);
  if (!site.ok()) {
    std::cerr << "rechtop: " << site.error().message() << "\n";
    return kExitBadInput;
  }
  (*site)->public_url = options.public_url;
  std::cerr << "rechtop: serving on http://" << options.server.address << ":" << options.server.port << "\n";
  auto status = web::Serve(**site, options.server);
  if (!status.ok()) {
    std::cerr << "rechtop: " << status.error().message() << "\n";
    return kExitBadInput;
  }
  return 0;
}

int RunImport(const std::string& file, const std::string& db) {
  std::string text;
  if (!ReadInput(file, text)) {
    std::cerr << "rechtop: " << file << ": cannot read file\n";
    return kExitBadInput;
  }
  auto directory = catalog::FromHsds(text, file);
  if (!directory.ok()) {
    std::cerr << directory.error().message() << "\n";
    return kExitBadInput;
  }
  if (auto valid = catalog::Validate(*directory); !valid.ok()) {
    std::cerr << file << ": " << valid.error().message() << "\n";
    return kExitBadInput;
  }
  auto store = store::OpenSqlite(db);
  if (!store.ok()) {
    std::cerr << "rechtop: " << store.error().message() << "\n";
    return kExitBadInput;
  }
  if (auto status = (*store)->ReplaceDirectory(*directory); !status.ok()) {
    std::cerr << "rechtop: " << status.error().message() << "\n";
    return kExitBadInput;
  }
  std::cout << directory->services.size() << " services, " << directory->locations.size() << " locations imported into "
            << db << "\n";
  return 0;
}

int RunExport(const std::string& db) {
  auto store = store::OpenSqlite(db);
  if (!store.ok()) {
    std::cerr << "rechtop: " << store.error().message() << "\n";
    return kExitBadInput;
  }
  auto directory = (*store)->LoadDirectory();
  if (!directory.ok()) {
    std::cerr << "rechtop: " << directory.error().message() << "\n";
    return kExitBadInput;
  }
  std::cout << catalog::ToHsds(*directory) << "\n";
  return 0;
}

struct ScanOptions {
  std::string population;
  std::string out = "worklist.csv";
  std::string counts;
  std::string date;
  std::vector<std::string> rights_dirs;
  scan::Options scan;
};

int RunScan(ScanOptions& options) {
  if (!options.date.empty()) {
    auto date = base::Date::Parse(options.date);
    if (!date) {
      std::cerr << "rechtop: --date: '" << options.date << "' is not a date (YYYY-MM-DD)\n";
      return kExitBadInput;
    }
    options.scan.reference_date = *date;
  } else {
    options.scan.reference_date = Today();
  }
  base::Diagnostics diagnostics;
  auto sources = rules::ReadSources(DefaultRights(options.rights_dirs), diagnostics);
  std::cerr << diagnostics.Format();
  if (!sources) return kExitRuleErrors;
  std::ifstream population(options.population, std::ios::binary);
  if (!population) {
    std::cerr << "rechtop: " << options.population << ": cannot read file\n";
    return kExitBadInput;
  }
  std::ofstream worklist;
  if (options.scan.write_worklist) worklist.open(options.out, std::ios::binary);
  if (options.scan.write_worklist && !worklist) {
    std::cerr << "rechtop: " << options.out << ": cannot write file\n";
    return kExitBadInput;
  }
  std::ofstream counts;
  if (!options.counts.empty()) counts.open(options.counts, std::ios::binary);
  auto summary = scan::Run(*sources, population, options.population, options.scan, worklist,
                           options.counts.empty() ? nullptr : &counts);
  if (!summary.ok()) {
    std::cerr << summary.error().message() << (summary.error().message().ends_with("\n") ? "" : "\n");
    return kExitBadInput;
  }
  if (!summary->engine_note.empty()) {
    std::cerr << "rechtop: the compiled engine is not available, so the batch engine ran (slower, same results):\n"
              << summary->engine_note << (summary->engine_note.ends_with("\n") ? "" : "\n");
  }
  std::cerr << summary->persons << " persons, " << summary->households << " households, " << summary->in_cohort
            << " in the cohort, " << summary->worklist_rows << " worklist rows -> "
            << (options.scan.write_worklist ? options.out : "(counts only) " + options.counts) << " ("
            << summary->engine << " engine)\n";
  return 0;
}

struct SqlOptions {
  std::string dialect;  // empty: implied by the database, else sqlite
  std::vector<std::string> rights_dirs;
  std::string population;
  std::string sqlite_db;
  std::string postgres;
  std::string date;
  size_t chunk_persons = 20000;
};

// Without a database: prints the tables and views. With one: creates them
// there and loads the population file into the tables, chunk by chunk.
int RunSql(const SqlOptions& options) {
  bool to_database = !options.sqlite_db.empty() || !options.postgres.empty();
  if (to_database != !options.population.empty()) {
    std::cerr << "rechtop: sql: --population needs --sqlite-db or --postgres, and they need --population\n";
    return kExitBadInput;
  }
  if (!to_database && !options.date.empty()) {
    std::cerr << "rechtop: sql: --date needs --sqlite-db or --postgres\n";
    return kExitBadInput;
  }
  rules::sql::Dialect dialect =
      options.dialect == "postgres" ? rules::sql::Dialect::kPostgres : rules::sql::Dialect::kSqlite;
  if (to_database) {
    rules::sql::Dialect implied =
        options.postgres.empty() ? rules::sql::Dialect::kSqlite : rules::sql::Dialect::kPostgres;
    if (!options.dialect.empty() && dialect != implied) {
      std::cerr << "rechtop: sql: --dialect " << options.dialect << " does not match --"
                << (implied == rules::sql::Dialect::kSqlite ? "sqlite-db" : "postgres") << "\n";
      return kExitBadInput;
    }
    dialect = implied;
  }
  base::Date date = Today();
  if (!options.date.empty()) {
    auto parsed = base::Date::Parse(options.date);
    if (!parsed) {
      std::cerr << "rechtop: --date: '" << options.date << "' is not a date (YYYY-MM-DD)\n";
      return kExitBadInput;
    }
    date = *parsed;
  }
  auto rules = LoadOrReport(DefaultRights(options.rights_dirs));
  if (!rules) return kExitRuleErrors;
  auto compiled = rules::sql::ViewsSql(rules->program, dialect);
  if (!compiled.ok()) {
    std::cerr << compiled.error().message() << "\n";
    return kExitRuleErrors;
  }
  const std::string& views = *compiled;
  if (!to_database) {
    std::cout << rules::sql::TablesSql() << views;
    return 0;
  }

  auto started = std::chrono::steady_clock::now();
  std::ifstream in(options.population, std::ios::binary);
  if (!in) {
    std::cerr << "rechtop: " << options.population << ": cannot read file\n";
    return kExitBadInput;
  }
  auto reader = population::Reader::Open(in, options.population);
  if (!reader.ok()) {
    std::cerr << reader.error().message() << "\n";
    return kExitBadInput;
  }
  auto db = options.postgres.empty() ? sqldb::OpenSqlite(options.sqlite_db) : sqldb::OpenPostgres(options.postgres);
  if (!db.ok()) {
    std::cerr << "rechtop: " << db.error().message() << "\n";
    return kExitBadInput;
  }
  const std::string target = options.postgres.empty() ? options.sqlite_db : "PostgreSQL";
  auto status = (*db)->CreateTables();
  if (status.ok()) status = (*db)->Exec(views);
  if (status.ok()) status = (*db)->SetReferenceDate(date);
  if (!status.ok()) {
    std::cerr << "rechtop: " << target << ": " << status.error().message() << "\n";
    return kExitBadInput;
  }
  population::Chunk chunk;
  size_t households = 0;
  while (true) {
    auto more = reader->Next(chunk, options.chunk_persons);
    if (!more.ok()) {
      std::cerr << more.error().message() << "\n"
                << "rechtop: " << target << ": stopped; " << households << " households were loaded\n";
      return kExitBadInput;
    }
    if (!*more) break;
    if (auto loaded = (*db)->Load(chunk); !loaded.ok()) {
      std::cerr << "rechtop: " << target << ": " << loaded.error().message() << "\n"
                << "rechtop: " << target << ": stopped; " << households << " households were loaded\n";
      return kExitBadInput;
    }
    households += chunk.size();
  }
  std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - started;
  std::cerr << reader->households_read() << " households, " << reader->persons_read() << " persons loaded into "
            << target << " (reference date " << date.ToString() << ") in " << std::fixed << std::setprecision(2)
            << seconds.count() << " s\n";
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

  size_t synth_persons = 1000;
  uint64_t synth_seed = 42;
  std::string synth_date = "2025-03-01";
  auto* synth = app.add_subcommand("synth", "Write a synthetic population CSV (docs/population.md) to stdout");
  synth->add_option("--persons", synth_persons, "Number of persons")->required();
  synth->add_option("--seed", synth_seed, "Random seed (same seed, same file)");
  synth->add_option("--date", synth_date, "Reference date the ages are drawn for");

  ScanOptions scan_options;
  auto* scan_cmd = app.add_subcommand("scan", "List who is probably entitled to a right but does not receive it");
  scan_cmd->add_option("population", scan_options.population, "Population CSV (docs/population.md)")->required();
  scan_cmd->add_option("--date", scan_options.date, "Reference date YYYY-MM-DD (default: today)");
  scan_cmd->add_option("--out", scan_options.out, "Worklist CSV to write");
  auto* counts_option =
      scan_cmd->add_option("--counts", scan_options.counts, "Also write counts per neighbourhood and right to this CSV");
  scan_cmd
      ->add_flag("!--counts-only", scan_options.scan.write_worklist,
                 "Only the counts: no worklist, no reasons (much faster on large populations)")
      ->needs(counts_option);
  scan_cmd->add_option("--cohort", scan_options.scan.cohort,
                       "Only households meeting this condition, e.g. 'applicant.age >= 70 and count(m in members) == 1'");
  scan_cmd->add_option("--right", scan_options.scan.rights, "Only these rights (repeatable)");
  scan_cmd->add_option("--threads", scan_options.scan.threads, "Worker threads")->check(CLI::Range(1, 64));
  scan_cmd->add_option("--chunk", scan_options.scan.chunk_persons, "Persons per chunk")->check(CLI::Range(1, 10000000));
  scan_cmd->add_option("--rights", scan_options.rights_dirs, "Rule files or directories (default: rights/)");
  scan_cmd
      ->add_option("--engine", scan_options.scan.engine,
                   "compiled (default: the rules built by the system C++ compiler, cached; the batch engine where "
                   "that fails) or batch")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, scan::Engine>{{"compiled", scan::Engine::kCompiled}, {"batch", scan::Engine::kBatch}}));

  SqlOptions sql_options;
  auto* sql_cmd = app.add_subcommand(
      "sql", "Print the population tables and rule views as SQL (docs/sql.md), or load a population into a database");
  sql_cmd->add_option("rules", sql_options.rights_dirs, "Rule files or directories (default: rights/)");
  sql_cmd->add_option("--dialect", sql_options.dialect, "SQL dialect (default: sqlite, or the database's)")
      ->check(CLI::IsMember({"sqlite", "postgres"}));
  sql_cmd->add_option("--population", sql_options.population, "Population CSV to load (docs/population.md)");
  auto* sqlite_db = sql_cmd->add_option("--sqlite-db", sql_options.sqlite_db, "SQLite database file to load into");
  sql_cmd->add_option("--postgres", sql_options.postgres, "PostgreSQL conninfo to load into, e.g. 'dbname=rechtop'")
      ->excludes(sqlite_db);
  sql_cmd->add_option("--date", sql_options.date, "Reference date YYYY-MM-DD stored in scan_date (default: today)");
  sql_cmd->add_option("--chunk", sql_options.chunk_persons, "Persons per load transaction")
      ->check(CLI::Range(1, 10000000));

  ServeOptions serve_options;
  auto* serve = app.add_subcommand("serve", "Run the web app (rights explorer, rights check, referral cards, API)");
  serve->add_option("--address", serve_options.server.address, "Address to listen on");
  serve->add_option("--port", serve_options.server.port, "Port to listen on");
  serve->add_option("--threads", serve_options.server.threads, "Worker threads")->check(CLI::Range(1, 64));
  serve->add_option("--rights", serve_options.rights, "Rule files or directories (default: rights/)");
  serve->add_option("--data", serve_options.data_dir, "Demo data directory (logos, demo directory)");
  serve->add_option("--static", serve_options.static_dir, "Static files (style.css, openapi.yaml)");
  serve->add_option("--db", serve_options.db, "SQLite database of the service directory");
  serve->add_option("--public-url", serve_options.public_url, "Public base URL, used in QR codes");

  std::string import_file, db = "rechtop.db";
  auto* import = app.add_subcommand("import-hsds", "Replace the service directory with an HSDS 3.0 JSON file");
  import->add_option("file", import_file, "HSDS JSON file")->required();
  import->add_option("--db", db, "SQLite database of the service directory");
  auto* export_cmd = app.add_subcommand("export-hsds", "Print the service directory as HSDS 3.0 JSON");
  export_cmd->add_option("--db", db, "SQLite database of the service directory");

  CLI11_PARSE(app, argc, argv);
  try {
    if (*check) return RunCheck(input, date, format, tree, rights_dirs);
    if (*test) return RunTest(test_dirs, strict);
    if (*lint) return RunLint(lint_dirs);
    if (*dump) return RunDump(stage, dump_files);
    if (*serve) return RunServe(serve_options);
    if (*scan_cmd) return RunScan(scan_options);
    if (*sql_cmd) return RunSql(sql_options);
    if (*synth) {
      auto date = base::Date::Parse(synth_date);
      if (!date) {
        std::cerr << "rechtop: --date: '" << synth_date << "' is not a date (YYYY-MM-DD)\n";
        return kExitBadInput;
      }
      population::Synthesize(synth_persons, synth_seed, std::cout, *date);
      return 0;
    }
    if (*import) return RunImport(import_file, db);
    if (*export_cmd) return RunExport(db);
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
