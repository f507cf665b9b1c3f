// rules/rules.cpp — loading, result rendering (JSON and Dutch text).
#include "rules/rules.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "base/read_file.h"
#include "household/schema.h"
#include "rules/check/check.h"
#include "rules/syntax/parser.h"

namespace rules {
namespace fs = std::filesystem;

std::optional<RuleBase> Compile(const std::vector<SourceFile>& sources, base::Diagnostics& diagnostics) {
  std::vector<syntax::Module> modules;
  modules.reserve(sources.size());
  RuleBase base;
  for (const auto& source : sources) {
    modules.push_back(syntax::Parse(source.text, source.name, diagnostics));
    base.files.push_back(source.name);
  }
  auto program = check::Check(modules, diagnostics);
  if (!program || diagnostics.HasErrors()) return std::nullopt;
  base.program = std::move(*program);
  return base;
}

namespace {

std::vector<fs::path> FindFiles(const std::vector<fs::path>& roots, std::string_view suffix,
                                base::Diagnostics& diagnostics) {
  std::vector<fs::path> files;
  auto matches = [&](const fs::path& p) {
    std::string name = p.filename().string();
    return name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  for (const auto& root : roots) {
    std::error_code ec;
    if (fs::is_regular_file(root, ec)) {
      files.push_back(root);
      continue;
    }
    if (!fs::is_directory(root, ec)) {
      diagnostics.Error({root.string(), 0, 0}, "no such file or directory");
      continue;
    }
    for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (it->is_regular_file() && matches(it->path())) files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

std::optional<std::vector<SourceFile>> ReadSources(const std::vector<fs::path>& roots,
                                                   base::Diagnostics& diagnostics) {
  std::vector<SourceFile> sources;
  for (const auto& path : FindFiles(roots, ".rop", diagnostics)) {
    std::string text;
    switch (base::ReadFileAtMost(path, kMaxRuleFileBytes, text)) {
      case base::ReadStatus::kOk:
        sources.push_back({path.string(), std::move(text)});
        break;
      case base::ReadStatus::kTooLarge:
        diagnostics.Error({path.string(), 0, 0}, "the file is larger than " + std::to_string(kMaxRuleFileBytes) +
                                                     " bytes, the limit for a rule file");
        break;
      case base::ReadStatus::kCannotRead:
        diagnostics.Error({path.string(), 0, 0}, "cannot read file");
        break;
    }
  }
  if (diagnostics.HasErrors()) return std::nullopt;
  return sources;
}

std::optional<RuleBase> Load(const std::vector<fs::path>& roots, base::Diagnostics& diagnostics) {
  auto sources = ReadSources(roots, diagnostics);
  if (!sources) return std::nullopt;
  return Compile(*sources, diagnostics);
}

base::Date ReferenceDate(const household::Household& hh, std::optional<base::Date> override_date, base::Date today) {
  if (override_date) return *override_date;
  if (hh.reference_date) return *hh.reference_date;
  return today;
}

nlohmann::json OutcomeToJson(const RuleBase& rules, const household::Household& hh,
                             const eval::RightOutcome& outcome) {
  const ir::Right& r = rules.program.rights[outcome.right];
  nlohmann::json j;
  j["id"] = r.id;
  j["name"] = r.name;
  j["level"] = ir::LevelName(r.level);
  j["spec_id"] = r.spec_id;
  j["municipality"] = r.municipality_name.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.municipality_name);
  j["municipality_nis"] = r.municipality_nis.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.municipality_nis);
  j["status"] = eval::StatusName(outcome.status);
  if (outcome.status == eval::Status::kUndetermined) j["eligible"] = "unknown";
  else j["eligible"] = outcome.status == eval::Status::kEligible;
  // The amount is exact cents; a JSON number is only its encoding (the
  // shortest round-trip form of a two-decimal value keeps its digits).
  nlohmann::json amount = nullptr, lower_bound = nullptr;
  if (outcome.amount) {
    nlohmann::json value = static_cast<double>(outcome.amount->cents()) / 100.0;
    (outcome.amount_lower_bound ? lower_bound : amount) = value;
  }
  j["amount"] = amount;
  j["amount_lower_bound"] = lower_bound;
  j["period"] = r.amount ? nlohmann::json(ir::AmountPeriodName(r.amount->period)) : nlohmann::json(nullptr);
  j["category"] = outcome.category ? nlohmann::json(*outcome.category) : nlohmann::json(nullptr);
  // The grant mode that applies to this household: a route whose condition
  // holds, else the right's `apply`.
  const bool routed = outcome.route && *outcome.route > 0;
  j["grant_mode"] = ir::ApplyModeName(routed ? r.routes[*outcome.route - 1].mode : r.apply_mode);
  j["route"] = outcome.route ? nlohmann::json{{"mode", j["grant_mode"]},
                                              {"text", routed ? r.routes[*outcome.route - 1].text : r.apply_text}}
                             : nlohmann::json(nullptr);
  j["already_receives"] = outcome.granted;
  j["granted_since"] =
      outcome.granted_since ? nlohmann::json(outcome.granted_since->ToString()) : nlohmann::json(nullptr);
  nlohmann::json assumptions = nlohmann::json::array();
  for (const auto& a : outcome.assumptions) {
    const ir::Assumption& assumption = rules.program.assumptions[a.assumption];
    nlohmann::json paths = nlohmann::json::array();
    for (const auto& m : a.missing) paths.push_back(eval::MissingPath(m, rules.program));
    assumptions.push_back({{"id", assumption.id},
                           {"sentence", assumption.sentence},
                           {"source", assumption.source},
                           {"paths", std::move(paths)}});
  }
  j["assumptions"] = std::move(assumptions);
  nlohmann::json missing = nlohmann::json::array();
  nlohmann::json questions = nlohmann::json::array();
  for (const auto& m : outcome.missing) {
    missing.push_back(eval::MissingPath(m, rules.program));
    questions.push_back({{"path", eval::MissingPath(m, rules.program)},
                         {"label", eval::MissingLabel(m, rules.program, hh)},
                         {"question", eval::MissingQuestion(m, hh)}});
  }
  j["missing_inputs"] = missing;
  j["questions"] = questions;
  nlohmann::json sources = nlohmann::json::array();
  for (const auto& s : r.sources) sources.push_back({{"citation", s.citation}, {"url", s.url}});
  j["sources"] = sources;
  if (!outcome.sentence.empty()) j["explanation"] = outcome.sentence;
  if (outcome.derivation) {
    std::function<nlohmann::json(const eval::Derivation&)> tree = [&](const eval::Derivation& d) {
      nlohmann::json node = {{"label", d.label}, {"value", d.value}};
      if (!d.note.empty()) node["note"] = d.note;
      if (!d.children.empty()) {
        node["children"] = nlohmann::json::array();
        for (const auto& c : d.children) node["children"].push_back(tree(c));
      }
      return node;
    };
    j["derivation"] = tree(*outcome.derivation);
  }
  return j;
}

const std::string* HouseholdNis(const household::Household& hh) {
  static const std::optional<household::FieldId> nis =
      household::FindField(household::Entity::kHousehold, "municipality.nis");
  if (!nis || *nis >= hh.facts.size() || !hh.facts[*nis].present) return nullptr;
  return &hh.facts[*nis].text;
}

bool ListedFor(const ir::Right& right, const household::Household& hh) {
  if (right.municipality_nis.empty()) return true;
  const std::string* nis = HouseholdNis(hh);
  return nis != nullptr && *nis == right.municipality_nis;
}

std::vector<eval::RightOutcome> ListedOutcomes(const RuleBase& rules, const household::Household& hh,
                                               std::vector<eval::RightOutcome> outcomes, bool all_municipalities) {
  if (all_municipalities) return outcomes;
  std::erase_if(outcomes, [&](const eval::RightOutcome& o) { return !ListedFor(rules.program.rights[o.right], hh); });
  return outcomes;
}

nlohmann::json CheckToJson(const RuleBase& rules, const household::Household& hh, base::Date reference_date,
                           const std::vector<eval::RightOutcome>& outcomes, const household::ReadReport* read) {
  nlohmann::json results = nlohmann::json::array();
  for (const auto& o : outcomes) results.push_back(OutcomeToJson(rules, hh, o));
  const std::string* nis = HouseholdNis(hh);
  nlohmann::json out = {{"reference_date", reference_date.ToString()},
                        {"municipality_nis", nis != nullptr ? nlohmann::json(*nis) : nlohmann::json(nullptr)},
                        {"results", results}};
  if (read == nullptr || !read->lenient) return out;
  nlohmann::json ignored = nlohmann::json::array();
  for (const household::IgnoredField& f : read->ignored) {
    nlohmann::json entry = {{"path", f.path}, {"problem", f.problem}};
    if (!f.did_you_mean.empty()) entry["did_you_mean"] = f.did_you_mean;
    if (!f.allowed.empty()) entry["allowed"] = f.allowed;
    if (!f.unknown_list.empty()) entry["unknown_list"] = f.unknown_list;
    ignored.push_back(std::move(entry));
  }
  out["ignored_fields"] = std::move(ignored);
  return out;
}

std::string CheckToText(const RuleBase& rules, const household::Household& hh, base::Date reference_date,
                        const std::vector<eval::RightOutcome>& outcomes, bool tree) {
  std::string out = "Peildatum: " + reference_date.ToDutch() + "\n";
  const char* headings[] = {"Recht", "Geen recht", "Misschien (nog te bepalen)"};
  for (eval::Status status : {eval::Status::kEligible, eval::Status::kUndetermined, eval::Status::kNotEligible}) {
    bool first = true;
    for (const auto& o : outcomes) {
      if (o.status != status) continue;
      if (first) out += "\n== " + std::string(headings[static_cast<int>(status)]) + " ==\n";
      first = false;
      const ir::Right& r = rules.program.rights[o.right];
      out += "\n* " + r.name + " [" + r.id + ", " + ir::LevelName(r.level) + "]\n  " + o.sentence + "\n";
      if (!o.missing.empty()) {
        out += "  Nog nodig:";
        for (const auto& m : o.missing) out += " " + eval::MissingPath(m, rules.program);
        out += "\n";
      }
      if (status != eval::Status::kNotEligible && !r.apply_text.empty()) out += "  Aanvragen: " + r.apply_text + "\n";
      if (tree && o.derivation) {
        std::string rendered = eval::RenderTree(*o.derivation);
        std::istringstream lines(rendered);
        for (std::string line; std::getline(lines, line);) out += "    " + line + "\n";
      }
    }
  }
  (void)hh;
  return out;
}

namespace {

std::string ParameterValueText(const ir::Parameter& p, base::Date date) {
  const ir::ParameterValue* v = p.ValueOn(date);
  if (!v) return "";
  switch (p.type) {
    case ir::Type::kMoney: return base::Money::FromCents(v->value).ToDutch();
    case ir::Type::kRate: return base::RateToDutch(v->value);
    case ir::Type::kBool: return v->value ? "ja" : "nee";
    default: return std::to_string(v->value);
  }
}

std::string GeneralText(const RuleBase& rules, const ir::Right& right, const ir::Node& n, base::Date date) {
  switch (n.op) {
    case ir::Op::kParam: {
      std::string value = ParameterValueText(rules.program.parameters[n.index], date);
      return value.empty() ? "(bedrag niet gekend)" : value;
    }
    case ir::Op::kLet: {
      const auto& let = right.lets[n.index];
      return let.label.empty() ? let.name : let.label;
    }
    case ir::Op::kDefine: {
      const auto& def = rules.program.defines[n.index];
      return def.label.empty() ? def.name : def.label;
    }
    case ir::Op::kHouseholdField:
      return std::string(household::Fields(household::Entity::kHousehold)[n.index].label);
    default: return n.source_text;
  }
}

// Parameters read by `n`, also through the lets and defines it uses.
void CollectParameters(const ir::Program& program, const ir::Right& right, const ir::Node& n,
                       std::vector<uint32_t>& out, std::set<const ir::Node*>& visited) {
  if (!visited.insert(&n).second) return;
  if (n.op == ir::Op::kParam && std::find(out.begin(), out.end(), n.index) == out.end()) out.push_back(n.index);
  if (n.op == ir::Op::kDefine || n.op == ir::Op::kPersonDefine) {
    if (const auto& body = program.defines[n.index].value) CollectParameters(program, right, *body, out, visited);
  }
  if (n.op == ir::Op::kLet) {
    if (const auto& body = right.lets[n.index].value) CollectParameters(program, right, *body, out, visited);
  }
  for (const auto& a : n.args) {
    if (a) CollectParameters(program, right, *a, out, visited);
  }
}

}  // namespace

std::vector<std::string> ConditionTexts(const RuleBase& rules, uint32_t right_index, base::Date date) {
  const ir::Right& right = rules.program.rights[right_index];
  std::vector<std::string> out;
  for (const auto& c : right.conditions) {
    // "uw inkomen ({inkomen}) is niet hoger dan {grens}" reads, without a
    // household, "uw inkomen is niet hoger dan € 1.314,20": a bracketed
    // reference to a household value says nothing yet and is left out.
    std::string text;
    for (size_t i = 0; i < c.text_true.size(); ++i) {
      const auto& part = c.text_true[i];
      if (!part.value) {
        text += part.literal;
        continue;
      }
      bool bracketed = text.size() >= 2 && text.ends_with(" (") && i + 1 < c.text_true.size() &&
                       !c.text_true[i + 1].value && c.text_true[i + 1].literal.starts_with(")");
      if (bracketed && part.value->op != ir::Op::kParam) {
        text.resize(text.size() - 2);
        text += c.text_true[++i].literal.substr(1);
        continue;
      }
      text += GeneralText(rules, right, *part.value, date);
    }
    out.push_back(std::move(text));
  }
  return out;
}

std::vector<AmountParameter> AmountParameters(const RuleBase& rules, uint32_t right_index, base::Date date) {
  const ir::Right& right = rules.program.rights[right_index];
  std::vector<AmountParameter> out;
  if (!right.amount) return out;
  std::vector<uint32_t> indices;
  std::set<const ir::Node*> visited;
  CollectParameters(rules.program, right, *right.amount->value, indices, visited);
  for (uint32_t i : indices) {
    const ir::Parameter& p = rules.program.parameters[i];
    if (p.type != ir::Type::kMoney) continue;
    AmountParameter a;
    a.label = p.label.empty() ? p.name : p.label;
    a.value = ParameterValueText(p, date);
    if (const ir::ParameterValue* v = p.ValueOn(date)) {
      a.valid_from = v->from.ToDutch();
      a.source = v->source;
    }
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace rules
