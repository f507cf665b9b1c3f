// cli/main.cpp — the `rechtop` command: check a household, run the rule
// cases, lint the rule base, dump compiler stages, print the input schema.
// Every file a command writes goes through Output / base::AtomicFile (whole
// or not at all, never over one of its inputs), every numeric option through
// cli::NumberOption, every whole-file input through ReadInput (--max-input).
#include <CLI/CLI.hpp>
#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

#include "base/atomic_file.h"
#include "base/diagnostics.h"
#include "base/read_file.h"
#include "catalog/demo.h"
#include "catalog/hsds.h"
#include "cli/options.h"
#include "db/db.h"
#include "household/json_reader.h"
#include "household/json_schema.h"
#include "population/population.h"
#include "population/synth.h"
#include "rules/rules.h"
#include "rules/sql/sql.h"
#include "rules/syntax/parser.h"
#include "scan/scan.h"
#include "sqldb/sqldb.h"
#include "store/search_log.h"
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

// The default of --max-input, and the most it accepts.
constexpr const char* kDbHelp =
    "the database: a SQLite file (created if needed) or a PostgreSQL URI, postgresql://user@host/dbname";

constexpr size_t kDefaultMaxInput = size_t{16} << 20;
constexpr uint64_t kLargestMaxInput = uint64_t{1} << 40;

// Reads the whole input file `path` ("-": stdin) into `text`, at most
// `max_bytes` of it. Prints the error and returns false when the file cannot
// be read or is larger.
bool ReadInput(const std::string& path, size_t max_bytes, std::string& text) {
  const base::ReadStatus status =
      path == "-" ? base::ReadAtMost(std::cin, max_bytes, text) : base::ReadFileAtMost(path, max_bytes, text);
  switch (status) {
    case base::ReadStatus::kOk:
      return true;
    case base::ReadStatus::kTooLarge:
      std::cerr << "rechtop: " << (path == "-" ? "<stdin>" : path) << ": larger than the limit of " << max_bytes
                << " bytes (--max-input BYTES raises it)\n";
      return false;
    case base::ReadStatus::kCannotRead:
      break;
  }
  std::cerr << "rechtop: " << (path == "-" ? "<stdin>" : path) << ": cannot read file\n";
  return false;
}

// Parses the value of a date option ("--date") into `date`: YYYY-MM-DD within
// base::kSupportedDates. Prints the error and returns false otherwise.
bool ParseDateOption(const std::string& option, const std::string& text, base::Date& date) {
  std::optional<base::Date> parsed = base::Date::Parse(text);
  if (!parsed) {
    std::cerr << "rechtop: " << option << ": '" << text << "' is not a date (YYYY-MM-DD)\n";
    return false;
  }
  if (!base::IsSupportedYear(parsed->year())) {
    std::cerr << "rechtop: " << option << ": " << text << " is outside the supported dates " << base::kSupportedDates
              << "\n";
    return false;
  }
  date = *parsed;
  return true;
}

// Whether `a` and `b` name the same file: the same inode when both exist,
// else the same path once made absolute and normalised (symbolic links of
// the existing part followed).
bool SamePath(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) {
    bool same = fs::equivalent(a, b, ec);
    return !ec && same;
  }
  fs::path ca = fs::weakly_canonical(fs::absolute(a, ec), ec);
  fs::path cb = fs::weakly_canonical(fs::absolute(b, ec), ec);
  return ca == cb;
}

// A file a command writes, named by its option ("--out").
struct OutputFile {
  std::string option;
  std::string path;  // empty: not written
};
// A file a command reads, with a word for messages ("the population").
struct InputFile {
  std::string what;
  std::string path;
};

// Refuses, before anything is written, an output file that is one of the
// inputs or another output: a failed run must not destroy its own input.
// Prints the reason and returns false.
bool OutputsAreSafe(const std::vector<OutputFile>& outputs, const std::vector<InputFile>& inputs) {
  for (size_t i = 0; i < outputs.size(); ++i) {
    const OutputFile& out = outputs[i];
    if (out.path.empty()) continue;
    for (const InputFile& in : inputs) {
      if (in.path.empty() || in.path == "-" || !SamePath(out.path, in.path)) continue;
      std::cerr << "rechtop: " << out.option << " " << out.path << " names " << in.what << " (" << in.path
                << "), which this command reads; choose another output file\n";
      return false;
    }
    for (size_t k = 0; k < i; ++k) {
      if (outputs[k].path.empty() || !SamePath(out.path, outputs[k].path)) continue;
      std::cerr << "rechtop: " << outputs[k].option << " and " << out.option << " name the same file (" << out.path
                << "); give each its own\n";
      return false;
    }
  }
  return true;
}

// The rule files of `sources` as inputs, for OutputsAreSafe.
std::vector<InputFile> RuleInputs(const std::vector<rules::SourceFile>& sources) {
  std::vector<InputFile> inputs;
  for (const auto& source : sources) inputs.push_back({"a rule file", source.name});
  return inputs;
}
std::vector<InputFile> RuleInputs(const rules::RuleBase& rules) {
  std::vector<InputFile> inputs;
  for (const auto& file : rules.files) inputs.push_back({"a rule file", file});
  return inputs;
}

// Where a command's output goes: stdout, or a file that is replaced whole
// when the command succeeds (base::AtomicFile) and left as it was otherwise.
class Output {
 public:
  // Stdout when `path` is empty. Prints the error and returns nullopt when
  // the file cannot be created.
  static std::optional<Output> Open(const std::string& path) {
    Output out;
    if (path.empty()) return out;
    auto file = base::AtomicFile::Create(path);
    if (!file.ok()) {
      std::cerr << "rechtop: " << file.error().message() << "\n";
      return std::nullopt;
    }
    out.file_.emplace(std::move(file).value());
    return out;
  }

  std::ostream& stream() { return file_ ? file_->stream() : std::cout; }

  // Puts the file in place (stdout: flushes it). Prints the error and
  // returns false when that fails; the old file is then as it was.
  bool Commit() {
    if (!file_) {
      std::cout.flush();
      if (std::cout) return true;
      std::cerr << "rechtop: cannot write to stdout\n";
      return false;
    }
    if (auto status = file_->Commit(); !status.ok()) {
      std::cerr << "rechtop: " << status.error().message() << "\n";
      return false;
    }
    return true;
  }

 private:
  std::optional<base::AtomicFile> file_;
};

int RunCheck(const std::string& input, const std::string& date_text, const std::string& format, bool tree, bool lenient,
             bool all_municipalities, const std::vector<std::string>& rights_dirs, size_t max_input) {
  std::optional<base::Date> date;
  if (!date_text.empty()) {
    date.emplace();
    if (!ParseDateOption("--date", date_text, *date)) return kExitBadInput;
  }
  std::string text;
  if (!ReadInput(input, max_input, text)) return kExitBadInput;
  const std::string source_name = input == "-" ? "<stdin>" : input;
  household::ReadOptions read_options;
  read_options.leniency = lenient ? household::Leniency::kLenient : household::Leniency::kAsDocument;
  household::ReadReport read;
  auto hh = household::ReadHousehold(text, source_name, read_options, &read);
  if (!hh.ok()) {
    std::cerr << hh.error().message() << "\n";
    return kExitBadInput;
  }
  base::Date ref = rules::ReferenceDate(*hh, date, Today());
  if (auto dates = household::CheckDatesAgainst(*hh, ref, source_name); !dates.ok()) {
    std::cerr << dates.error().message() << "\n";
    return kExitBadInput;
  }
  auto rules = LoadOrReport(DefaultRights(rights_dirs));
  if (!rules) return kExitRuleErrors;
  rules::eval::Evaluator evaluator(rules->program);
  rules::eval::Options options;
  options.explain = true;
  options.tree = format == "json" || tree;
  // Other towns' rights only when asked for (the flag or the document's member).
  auto outcomes = rules::ListedOutcomes(*rules, *hh, evaluator.EvaluateAll(*hh, ref, options),
                                        all_municipalities || read.all_municipalities);
  if (format == "text") {
    // What lenient reading left out goes to stderr; the JSON carries it in ignored_fields.
    for (const household::IgnoredField& f : read.ignored) {
      std::cerr << source_name << ": " << f.path << ": ignored: " << f.problem << base::DidYouMean(f.did_you_mean)
                << "\n";
    }
    std::cout << rules::CheckToText(*rules, *hh, ref, outcomes, tree);
  } else {
    // Replace, not throw: a rule text or a household string is not trusted to be UTF-8.
    std::cout << rules::CheckToJson(*rules, *hh, ref, outcomes, &read)
                     .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
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
  const auto declared = std::count_if(rules->program.parameters.begin(), rules->program.parameters.end(),
                                      [](const rules::ir::Parameter& p) { return !p.derived_from; });
  std::cout << rules->program.rights.size() << " rights, " << declared << " parameters, "
            << rules->program.defines.size() << " defines: no errors\n";
  return 0;
}

int RunDump(const std::string& stage, const std::vector<std::string>& files, size_t max_input) {
  if (stage == "ast") {
    base::Diagnostics diagnostics;
    for (const auto& f : files) {
      std::string text;
      if (!ReadInput(f, max_input, text)) return kExitBadInput;
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
  std::string public_url;  // empty: cards carry no QR code
  web::ServerConfig server;
  uint32_t header_timeout_seconds = 10;
  uint32_t body_timeout_seconds = 10;
  uint32_t write_timeout_seconds = 10;
  uint32_t drain_timeout_seconds = 10;
  uint32_t max_pending_answers_mb = 128;
};

// Opens the directory store; an empty store is filled with the demo data so
// that a first `make run` shows a working site.
std::optional<catalog::Directory> OpenDirectory(const std::string& db, const std::string& data_dir) {
  auto store = store::Open(db);
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
    std::cerr << "rechtop: " << db::Redacted(db) << ": loaded the demo directory from " << data_dir << "\n";
    return std::move(demo).value();
  }
  // A directory imported before municipalities carried their NIS code
  // (migration 0003): the site cannot match local rights to those towns.
  std::string without_nis;
  for (const auto& m : directory->municipalities) {
    if (m.nis.empty()) without_nis += (without_nis.empty() ? "" : ", ") + m.id;
  }
  if (!without_nis.empty()) {
    std::cerr << "rechtop: warning: " << db::Redacted(db) << ": municipalities without a NIS code (" << without_nis
              << "): their local rights are not shown; re-import the directory (rechtop import-hsds) to add the codes\n";
  }
  return std::move(directory).value();
}

// The site `serve` answers from, built from the rules and the directory as
// they are now: at start and again on SIGHUP. On failure it prints what
// failed and returns nullptr, with the exit code for it in `exit_code`.
// `search_log` is opened on the database when it is not open yet.
std::shared_ptr<const web::Site> LoadSite(const ServeOptions& options, std::shared_ptr<store::SearchLog>& search_log,
                                          int& exit_code) {
  exit_code = kExitRuleErrors;
  auto rules = LoadOrReport(DefaultRights(options.rights));
  if (!rules) return nullptr;
  exit_code = kExitBadInput;
  auto directory = OpenDirectory(options.db, options.data_dir);
  if (!directory) return nullptr;
  if (!search_log) {
    auto opened = store::OpenSearchLog(options.db);
    if (!opened.ok()) {
      std::cerr << "rechtop: " << opened.error().message() << "\n";
      return nullptr;
    }
    search_log = std::move(*opened);
  }
  auto site = web::BuildSite(std::move(*rules), std::move(*directory), options.data_dir, options.static_dir);
  if (!site.ok()) {
    std::cerr << "rechtop: " << site.error().message() << "\n";
    return nullptr;
  }
  std::string public_url = options.public_url;
  while (public_url.ends_with('/')) public_url.pop_back();
  (*site)->public_url = std::move(public_url);
  (*site)->search_log = search_log;
  exit_code = 0;
  return std::shared_ptr<const web::Site>(std::move(*site));
}

int RunServe(const ServeOptions& options) {
  // One search log for the process, opened with the first site; the sites of later reloads share it.
  std::shared_ptr<store::SearchLog> search_log;
  int exit_code = 0;
  std::shared_ptr<const web::Site> site = LoadSite(options, search_log, exit_code);
  if (!site) return exit_code;
  web::SiteLoader reload = [&options, search_log]() mutable -> base::Result<std::shared_ptr<const web::Site>> {
    int code = 0;
    std::shared_ptr<const web::Site> fresh = LoadSite(options, search_log, code);
    if (!fresh) return base::Error::InvalidInput("the new rules or directory have errors (see above)");
    return fresh;
  };
  web::ServerConfig server = options.server;
  server.header_timeout = std::chrono::seconds(options.header_timeout_seconds);
  server.body_timeout = std::chrono::seconds(options.body_timeout_seconds);
  server.write_timeout = std::chrono::seconds(options.write_timeout_seconds);
  server.drain_timeout = std::chrono::seconds(options.drain_timeout_seconds);
  server.max_pending_response_bytes = size_t{options.max_pending_answers_mb} << 20;
  std::cerr << "rechtop: serving on http://" << options.server.address << ":" << options.server.port << "\n";
  auto status = web::Serve(std::move(site), server, reload);
  if (!status.ok()) {
    std::cerr << "rechtop: " << status.error().message() << "\n";
    return kExitBadInput;
  }
  return 0;
}

int RunImport(const std::string& file, const std::string& db, size_t max_input) {
  if (!OutputsAreSafe({{"--db", db}}, {{"the HSDS file", file}})) return kExitBadInput;
  std::string text;
  if (!ReadInput(file, max_input, text)) return kExitBadInput;
  auto directory = catalog::FromHsds(text, file);
  if (!directory.ok()) {
    std::cerr << directory.error().message() << "\n";
    return kExitBadInput;
  }
  if (auto valid = catalog::Validate(*directory); !valid.ok()) {
    std::cerr << file << ": " << valid.error().message() << "\n";
    return kExitBadInput;
  }
  auto store = store::Open(db);
  if (!store.ok()) {
    std::cerr << "rechtop: " << store.error().message() << "\n";
    return kExitBadInput;
  }
  if (auto status = (*store)->ReplaceDirectory(*directory); !status.ok()) {
    std::cerr << "rechtop: " << status.error().message() << "\n";
    return kExitBadInput;
  }
  std::cout << directory->services.size() << " services, " << directory->locations.size() << " locations imported into "
            << db::Redacted(db) << "\n";
  return 0;
}

int RunExport(const std::string& db, const std::string& out_path) {
  if (!OutputsAreSafe({{"--out", out_path}}, {{"the service directory database", db}})) return kExitBadInput;
  auto output = Output::Open(out_path);
  if (!output) return kExitBadInput;
  auto store = store::Open(db);
  if (!store.ok()) {
    std::cerr << "rechtop: " << store.error().message() << "\n";
    return kExitBadInput;
  }
  auto directory = (*store)->LoadDirectory();
  if (!directory.ok()) {
    std::cerr << "rechtop: " << directory.error().message() << "\n";
    return kExitBadInput;
  }
  output->stream() << catalog::ToHsds(*directory) << "\n";
  return output->Commit() ? 0 : kExitBadInput;
}

// One CSV cell: quoted when it holds a comma, quote or line break; a cell
// that a spreadsheet would take for a formula (=, +, -, @) gets a leading '.
std::string CsvCell(std::string_view text) {
  std::string cell(text);
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@')) cell.insert(0, "'");
  if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

// `rechtop search-log`: the searches that found nothing, per municipality,
// as a table on stdout or as CSV (--csv FILE, replaced whole on success).
int RunSearchLog(const std::string& db, const std::string& municipality, const std::string& csv_path) {
  if (!OutputsAreSafe({{"--csv", csv_path}}, {{"the database", db}})) return kExitBadInput;
  if (!municipality.empty() && !catalog::IsSlug(municipality)) {
    std::cerr << "rechtop: --gemeente '" << municipality
              << "' is not a municipality id (lower-case letters, digits and '-', e.g. leuven)\n";
    return kExitBadInput;
  }
  // Reading a log must not create an empty database where a path was mistyped.
  std::error_code ec;
  if (!db::IsPostgresTarget(db) && !fs::exists(db, ec)) {
    std::cerr << "rechtop: --db " << db << ": no such database file\n";
    return kExitBadInput;
  }
  auto log = store::OpenSearchLog(db);
  if (!log.ok()) {
    std::cerr << "rechtop: " << log.error().message() << "\n";
    return kExitBadInput;
  }
  auto misses = (*log)->ListMisses(municipality.empty() ? std::nullopt : std::optional<std::string>(municipality));
  if (!misses.ok()) {
    std::cerr << "rechtop: " << misses.error().message() << "\n";
    return kExitBadInput;
  }
  if (!csv_path.empty()) {
    auto output = Output::Open(csv_path);
    if (!output) return kExitBadInput;
    output->stream() << "municipality,query,count,first_seen,last_seen\n";
    for (const store::SearchMiss& miss : *misses) {
      output->stream() << CsvCell(miss.municipality) << ',' << CsvCell(miss.query) << ',' << miss.count << ','
                       << miss.first_seen.ToString() << ',' << miss.last_seen.ToString() << '\n';
    }
    if (!output->Commit()) return kExitBadInput;
    std::cerr << "rechtop: " << misses->size() << " searches that found nothing written to " << csv_path << "\n";
    return 0;
  }
  if (misses->empty()) {
    std::cout << "Geen zoekopdrachten zonder resultaat" << (municipality.empty() ? "" : " in " + municipality) << ".\n";
    return 0;
  }
  std::cout << std::left << std::setw(20) << "gemeente" << std::right << std::setw(8) << "aantal"
            << "  " << std::setw(10) << "eerst"
            << "  " << std::setw(10) << "laatst"
            << "  zoekvraag\n";
  for (const store::SearchMiss& miss : *misses) {
    std::cout << std::left << std::setw(20) << (miss.municipality.empty() ? "(geen)" : miss.municipality) << std::right
              << std::setw(8) << miss.count << "  " << miss.first_seen.ToString() << "  " << miss.last_seen.ToString()
              << "  " << miss.query << "\n";
  }
  return std::cout ? 0 : kExitBadInput;
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
  options.scan.reference_date = Today();
  if (!options.date.empty() && !ParseDateOption("--date", options.date, options.scan.reference_date)) {
    return kExitBadInput;
  }
  base::Diagnostics diagnostics;
  auto sources = rules::ReadSources(DefaultRights(options.rights_dirs), diagnostics);
  std::cerr << diagnostics.Format();
  if (!sources) return kExitRuleErrors;
  std::vector<InputFile> inputs = RuleInputs(*sources);
  inputs.push_back({"the population", options.population});
  const std::string worklist_path = options.scan.write_worklist ? options.out : "";
  if (!OutputsAreSafe({{"--out", worklist_path}, {"--counts", options.counts}}, inputs)) return kExitBadInput;
  std::ifstream population(options.population, std::ios::binary);
  if (!population) {
    std::cerr << "rechtop: " << options.population << ": cannot read file\n";
    return kExitBadInput;
  }
  // Both files appear only when the whole scan succeeded.
  std::optional<base::AtomicFile> worklist, counts;
  for (auto [path, file] : {std::pair<const std::string*, std::optional<base::AtomicFile>*>{&worklist_path, &worklist},
                            {&options.counts, &counts}}) {
    if (path->empty()) continue;
    auto created = base::AtomicFile::Create(*path);
    if (!created.ok()) {
      std::cerr << "rechtop: " << created.error().message() << "\n";
      return kExitBadInput;
    }
    file->emplace(std::move(created).value());
  }
  std::ostringstream no_worklist;  // --counts-only: scan::Run writes nothing to it
  auto summary = scan::Run(*sources, population, options.population, options.scan,
                           worklist ? worklist->stream() : no_worklist, counts ? &counts->stream() : nullptr);
  if (!summary.ok()) {
    std::cerr << summary.error().message() << (summary.error().message().ends_with("\n") ? "" : "\n");
    return kExitBadInput;
  }
  for (auto* file : {&worklist, &counts}) {
    if (!*file) continue;
    if (auto status = (*file)->Commit(); !status.ok()) {
      std::cerr << "rechtop: " << status.error().message() << "\n";
      return kExitBadInput;
    }
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
  std::string out;  // the printed SQL; empty: stdout
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
  if (!options.date.empty() && !ParseDateOption("--date", options.date, date)) return kExitBadInput;
  auto rules = LoadOrReport(DefaultRights(options.rights_dirs));
  if (!rules) return kExitRuleErrors;
  std::vector<InputFile> inputs = RuleInputs(*rules);
  inputs.push_back({"the population", options.population});
  if (!OutputsAreSafe({{"--out", options.out}, {"--sqlite-db", options.sqlite_db}}, inputs)) return kExitBadInput;
  auto compiled = rules::sql::ViewsSql(rules->program, dialect);
  if (!compiled.ok()) {
    std::cerr << compiled.error().message() << "\n";
    return kExitRuleErrors;
  }
  const std::string& views = *compiled;
  if (!to_database) {
    auto output = Output::Open(options.out);
    if (!output) return kExitBadInput;
    output->stream() << rules::sql::TablesSql() << views;
    return output->Commit() ? 0 : kExitBadInput;
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
  // A new SQLite file is built under a temporary name and appears only once
  // the load succeeded; an existing one is loaded in place (docs/sql.md).
  std::optional<base::AtomicFile> new_sqlite;
  std::error_code ec;
  if (!options.sqlite_db.empty() && options.sqlite_db != ":memory:" && !fs::exists(options.sqlite_db, ec)) {
    auto created = base::AtomicFile::Create(options.sqlite_db);
    if (!created.ok()) {
      std::cerr << "rechtop: " << created.error().message() << "\n";
      return kExitBadInput;
    }
    new_sqlite.emplace(std::move(created).value());
  }
  auto db = options.postgres.empty() ? sqldb::OpenSqlite(new_sqlite ? new_sqlite->path().string() : options.sqlite_db)
                                     : sqldb::OpenPostgres(options.postgres);
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
  auto stopped = [&] {
    return "rechtop: " + target + ": stopped; " +
           (new_sqlite ? std::string("the file was not created")
                       : std::to_string(households) + " households were loaded") +
           "\n";
  };
  while (true) {
    auto more = reader->Next(chunk, options.chunk_persons);
    if (!more.ok()) {
      std::cerr << more.error().message() << "\n" << stopped();
      return kExitBadInput;
    }
    if (!*more) break;
    if (auto loaded = (*db)->Load(chunk); !loaded.ok()) {
      std::cerr << "rechtop: " << target << ": " << loaded.error().message() << "\n" << stopped();
      return kExitBadInput;
    }
    households += chunk.size();
  }
  if (new_sqlite) {
    db->reset();  // closed before it is renamed into place
    if (auto committed = new_sqlite->Commit(); !committed.ok()) {
      std::cerr << "rechtop: " << committed.error().message() << "\n";
      return kExitBadInput;
    }
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

  // --max-input: the commands that read a whole input file into memory.
  size_t max_input = kDefaultMaxInput;
  auto add_max_input = [&](CLI::App* command) {
    cli::NumberOption(command, "--max-input", max_input,
                      "Largest input file read, in bytes (default: " + std::to_string(kDefaultMaxInput) + ")", 1,
                      kLargestMaxInput);
  };

  std::string input, date, format = "json";
  bool tree = false;
  std::vector<std::string> rights_dirs;
  auto* check = app.add_subcommand("check", "Check which rights a household is entitled to");
  check->add_option("household", input, "Household JSON file (docs/household.md), or - for stdin")->required();
  check->add_option("--date", date, "Reference date YYYY-MM-DD (default: the file's reference_date, else today)");
  check->add_option("--format", format, "Output format")->check(CLI::IsMember({"json", "text"}));
  check->add_flag("--tree", tree, "With --format text: print each derivation tree");
  bool lenient = false;
  check->add_flag("--lenient", lenient,
                  "Skip unknown fields and values outside an enum instead of refusing the file; list them in "
                  "ignored_fields (docs/household.md)");
  bool all_municipalities = false;
  check->add_flag("--all-municipalities", all_municipalities,
                  "Also list the municipal rights of other municipalities (default: only the household's own)");
  check->add_option("--rights", rights_dirs, "Rule files or directories (default: rights/)");
  add_max_input(check);

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
  add_max_input(dump);

  auto* schema = app.add_subcommand("schema", "Print the JSON Schema of the household input");

  size_t synth_persons = 1000;
  uint64_t synth_seed = 42;
  std::string synth_date = "2025-03-01";
  std::string synth_out;
  auto* synth = app.add_subcommand("synth", "Write a synthetic population CSV (docs/population.md)");
  cli::NumberOption(synth, "--persons", synth_persons, "Number of persons", 1, 100'000'000)->required();
  cli::NumberOption(synth, "--seed", synth_seed, "Random seed (same seed, same file)", 0, UINT64_MAX);
  synth->add_option("--date", synth_date, "Reference date the ages are drawn for");
  synth->add_option("--out", synth_out, "CSV file to write, replaced only when complete (default: stdout)");

  ScanOptions scan_options;
  auto* scan_cmd = app.add_subcommand("scan", "List who is probably entitled to a right but does not receive it");
  scan_cmd->add_option("population", scan_options.population, "Population CSV (docs/population.md)")->required();
  scan_cmd->add_option("--date", scan_options.date, "Reference date YYYY-MM-DD (default: today)");
  scan_cmd->add_option("--out", scan_options.out, "Worklist CSV to write (replaced only when the scan succeeds)");
  auto* counts_option =
      scan_cmd->add_option("--counts", scan_options.counts, "Also write counts per neighbourhood and right to this CSV");
  scan_cmd
      ->add_flag("!--counts-only", scan_options.scan.write_worklist,
                 "Only the counts: no worklist, no reasons (much faster on large populations)")
      ->needs(counts_option);
  scan_cmd->add_option("--cohort", scan_options.scan.cohort,
                       "Only households meeting this condition, e.g. 'applicant.age >= 70 and count(m in members) == 1'");
  scan_cmd->add_option("--right", scan_options.scan.rights, "Only these rights (repeatable)");
  cli::NumberOption(scan_cmd, "--threads", scan_options.scan.threads, "Worker threads", 1, 64);
  cli::NumberOption(scan_cmd, "--chunk", scan_options.scan.chunk_persons, "Persons per chunk", 1, 10'000'000);
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
  cli::NumberOption(sql_cmd, "--chunk", sql_options.chunk_persons, "Persons per load transaction", 1, 10'000'000);
  sql_cmd
      ->add_option("--out", sql_options.out, "File for the printed SQL, replaced only when complete (default: stdout)")
      ->excludes(sqlite_db)
      ->excludes("--postgres");

  ServeOptions serve_options;
  auto* serve = app.add_subcommand("serve", "Run the web app (rights explorer, rights check, referral cards, API)");
  serve->add_option("--address", serve_options.server.address, "Address to listen on");
  cli::NumberOption(serve, "--port", serve_options.server.port, "Port to listen on", 1, 65535);
  cli::NumberOption(serve, "--threads", serve_options.server.threads, "Worker threads", 1, 64);
  cli::NumberOption(serve, "--max-connections", serve_options.server.max_connections,
                    "Most open connections; beyond them a new one gets 503 and is closed (default 1024)", 1, 1000000);
  cli::NumberOption(serve, "--max-connections-per-address", serve_options.server.max_connections_per_address,
                    "Most open connections per client address; beyond them 429 (default 64)", 1, 1000000);
  serve->add_option("--trusted-proxy", serve_options.server.trusted_proxy,
                    "Address of the reverse proxy whose X-Forwarded-For names the client (default: none trusted)");
  cli::NumberOption(serve, "--max-pending-answers-mb", serve_options.max_pending_answers_mb,
                    "MiB of large answers that may wait for slow readers; beyond it such answers get 503 (default 128)",
                    1, 65536);
  cli::NumberOption(serve, "--header-timeout", serve_options.header_timeout_seconds,
                    "Seconds to receive a request's line and headers (default 10)", 1, 3600);
  cli::NumberOption(serve, "--body-timeout", serve_options.body_timeout_seconds,
                    "Seconds to receive a request's body (default 10)", 1, 3600);
  cli::NumberOption(serve, "--write-timeout", serve_options.write_timeout_seconds,
                    "Seconds a client may take nothing of an answer before it is dropped (default 10)", 1, 3600);
  cli::NumberOption(serve, "--drain-timeout", serve_options.drain_timeout_seconds,
                    "On SIGTERM, seconds to finish the requests in progress (default 10)", 1, 3600);
  serve->add_option("--rights", serve_options.rights, "Rule files or directories (default: rights/)");
  serve->add_option("--data", serve_options.data_dir, "Demo data directory (logos, demo directory)");
  serve->add_option("--static", serve_options.static_dir, "Static files (style.css, openapi.yaml)");
  serve->add_option("--db", serve_options.db, kDbHelp);
  serve
      ->add_option("--public-url", serve_options.public_url,
                   "The site's address as residents reach it, for QR codes on cards (default: none, no QR code)")
      ->check(CLI::Validator(
          [](std::string& url) {
            std::optional<std::string> error = web::PublicUrlError(url);
            return error ? "--public-url " + *error : std::string();
          },
          "URL"));

  std::string import_file, db = "rechtop.db";
  auto* import = app.add_subcommand(
      "import-hsds",
      "Import an HSDS 3.0 JSON file as the service directory (records matched by id; those left out become inactive)");
  import->add_option("file", import_file, "HSDS JSON file")->required();
  import->add_option("--db", db, kDbHelp);
  add_max_input(import);
  std::string export_out;
  auto* export_cmd = app.add_subcommand("export-hsds", "Print the service directory as HSDS 3.0 JSON");
  export_cmd->add_option("--db", db, kDbHelp);
  export_cmd->add_option("--out", export_out, "JSON file to write, replaced only when complete (default: stdout)");

  std::string log_db, log_municipality, log_csv;
  auto* search_log = app.add_subcommand(
      "search-log", "List the searches that found nothing, per municipality (no personal data is kept)");
  search_log->add_option("--db", log_db, kDbHelp)->required();
  search_log->add_option("--gemeente", log_municipality, "Only this municipality (its id, e.g. leuven)");
  search_log->add_option("--csv", log_csv, "Write CSV to this file, replaced only when complete (default: a table)");

  CLI11_PARSE(app, argc, argv);
  try {
    if (*check) return RunCheck(input, date, format, tree, lenient, all_municipalities, rights_dirs, max_input);
    if (*test) return RunTest(test_dirs, strict);
    if (*lint) return RunLint(lint_dirs);
    if (*dump) return RunDump(stage, dump_files, max_input);
    if (*serve) return RunServe(serve_options);
    if (*scan_cmd) return RunScan(scan_options);
    if (*sql_cmd) return RunSql(sql_options);
    if (*synth) {
      base::Date date;
      if (!ParseDateOption("--date", synth_date, date)) return kExitBadInput;
      auto output = Output::Open(synth_out);
      if (!output) return kExitBadInput;
      population::Synthesize(synth_persons, synth_seed, output->stream(), date);
      return output->Commit() ? 0 : kExitBadInput;
    }
    if (*import) return RunImport(import_file, db, max_input);
    if (*export_cmd) return RunExport(db, export_out);
    if (*search_log) return RunSearchLog(log_db, log_municipality, log_csv);
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
