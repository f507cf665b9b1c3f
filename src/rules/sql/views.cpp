// rules/sql/views.cpp — the IR compiled to SQL views (see sql.h).
//
// The generated query is a chain of materialised common table expressions at
// two grains, built up level by level:
//   params       one row: the reference date and every parameter's value on it
//   s0, s1, ...  one row per household: the households table, the applicant's
//                columns the rules read, then each household-level item
//                (define, let, right status, amount, category) and aggregate
//   q0, q1, ...  one row per person: the persons table with a column per
//                status and income total the rules read, then each per-person
//                define (and each aggregate nested in one)
// An item sits one level above everything it reads. Aggregates become GROUP BY
// over the member (or real-estate) rows joined to their household, and nested
// aggregates over pairs of members, so every engine does set work with hash
// joins instead of a lookup per household. Each value is computed once.
//
// Dates are computed as integers yyyymmdd (ages, months between and
// add_months are then plain integer arithmetic, the same in both dialects);
// money is integer cents; NULL is unknown. Each case mirrors the same case of
// eval.cpp, whose semantics the differential tests hold it to.
#include <algorithm>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "household/schema.h"
#include "rules/sql/sql.h"

namespace rules::sql {
namespace {

using household::Entity;
using household::FieldType;
using ir::Node;
using ir::Op;
using ir::Type;

// Where an expression is compiled: a household row `h`; a person row `m`
// (with its household `h`); or inside an aggregate, a member or real-estate
// row `x` (with its household `h` and, in a nested aggregate, the outer
// person `o`).
enum class Context { kHousehold, kPerson, kMember };

// What a binder slot stands for.
struct Binding {
  enum class Kind { kNone, kPerson, kApplicant, kEstate } kind = Kind::kNone;
  std::string alias;  // row alias: "m", "x" or "o"
};

struct Scope {
  Context context = Context::kHousehold;
  std::vector<Binding> slots;
  int right = -1;  // the right whose lets are visible
};

// A construct the compiler cannot write as SQL yet, at `where` in the rules.
struct Unsupported {
  base::SourceSpan where;
  std::string what;
};

enum class ItemKind { kHousehold, kPerson, kHouseholdAggregate, kPersonAggregate };

// A value computed once in a stage: a column of the household or person rows.
struct Item {
  ItemKind kind = ItemKind::kHousehold;
  std::string column;  // quoted name
  std::string sql;     // the expression (aggregates: over the group's rows)
  int level = 0;
  int last_use = 0;      // the highest stage that reads it (a stage k reads stage k - 1)
  bool estates = false;  // aggregates over household_real_estate
  std::string empty;     // aggregates: the value over no rows
};

std::string Quote(std::string_view name) { return "\"" + std::string(name) + "\""; }

std::string TextLiteral(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

int64_t DateNumber(int64_t days) {
  base::Date d = base::Date::FromDays(static_cast<int32_t>(days));
  return int64_t{d.year()} * 10000 + int64_t{d.month()} * 100 + int64_t{d.day()};
}

std::string ParamColumn(uint32_t index) { return Quote("p" + std::to_string(index)); }

class Compiler {
 public:
  Compiler(const ir::Program& program, Dialect dialect) : p_(program), dialect_(dialect) {
    define_item_.assign(p_.defines.size(), -1);
    for (const auto& right : p_.rights) let_item_.emplace_back(right.lets.size(), -1);
    status_item_.assign(p_.rights.size(), -1);
    amount_item_.assign(p_.rights.size(), -1);
    category_item_.assign(p_.rights.size(), -1);
    route_item_.assign(p_.rights.size(), -1);
    assumptions_item_.assign(p_.rights.size(), -1);
    auto collect = [this](const Node& n, auto&& self) -> void {
      if (n.op == Op::kHasStatus && std::find(statuses_.begin(), statuses_.end(), n.text) == statuses_.end()) {
        statuses_.push_back(n.text);
      }
      if (n.op == Op::kIncome && std::find(incomes_.begin(), incomes_.end(), IncomeKey(n)) == incomes_.end()) {
        incomes_.push_back(IncomeKey(n));
      }
      for (const auto& a : n.args) {
        if (a) self(*a, self);
      }
    };
    for (const auto& define : p_.defines) collect(*define.value, collect);
    for (const auto& right : p_.rights) {
      for (const auto& let : right.lets) collect(*let.value, collect);
      for (const auto& condition : right.conditions) collect(*condition.test, collect);
      if (right.category) collect(*right.category, collect);
      if (right.amount) collect(*right.amount->value, collect);
      if (right.route) collect(*right.route, collect);
      for (uint32_t a : right.assumptions) collect(*p_.assumptions[a].used, collect);
    }
  }

  std::string Views() {
    for (uint32_t r = 0; r < p_.rights.size(); ++r) RightItems(r);
    for (uint32_t r = 0; r < p_.rights.size(); ++r) {
      for (int item : {status_item_[r], amount_item_[r], category_item_[r], route_item_[r], assumptions_item_[r]}) {
        if (item >= 0) items_[item].last_use = std::numeric_limits<int>::max();
      }
    }
    const std::string chain = Chain();
    std::string wide = "SELECT h.household_id, h.neighbourhood";
    for (uint32_t r = 0; r < p_.rights.size(); ++r) {
      const std::string& id = p_.rights[r].id;
      wide += ",\n  " + StatusText(r) + " AS " + Quote(id + ".status");
      wide += ",\n  " + AmountOut(r) + " AS " + Quote(id + ".amount_cents");
      wide += ",\n  " + CategoryOut(r) + " AS " + Quote(id + ".category");
      wide += ",\n  " + AssumptionsOut(r) + " AS " + Quote(id + ".assumptions");
      wide += ",\n  " + RouteOut(r) + " AS " + Quote(id + ".route");
    }
    wide += "\nFROM " + last_stage_ + " h";

    std::string out = "-- Rights as SQL views, compiled by `rechtop sql` from the rule base (docs/sql.md).\n";
    out += "-- household_results: one row per household, five columns per right.\n";
    out += "CREATE VIEW household_results AS\n" + chain + "\n" + wide + ";\n\n";
    out += "-- right_results: one row per household and right.\n";
    out += "CREATE VIEW right_results AS\nWITH rights(k, right_id) AS (VALUES ";
    std::string status = "CASE r.k", amount = "CASE r.k", category = "CASE r.k", assumptions = "CASE r.k",
                route = "CASE r.k";
    for (uint32_t r = 0; r < p_.rights.size(); ++r) {
      const std::string& id = p_.rights[r].id;
      const std::string k = std::to_string(r);
      out += (r > 0 ? ", (" : "(") + k + ", " + TextLiteral(id) + ")";
      status += " WHEN " + k + " THEN w." + Quote(id + ".status");
      amount += " WHEN " + k + " THEN w." + Quote(id + ".amount_cents");
      category += " WHEN " + k + " THEN w." + Quote(id + ".category");
      assumptions += " WHEN " + k + " THEN w." + Quote(id + ".assumptions");
      route += " WHEN " + k + " THEN w." + Quote(id + ".route");
    }
    out += ")\nSELECT w.household_id, r.right_id,\n  " + status + " END AS status,\n  " + amount +
           " END AS amount_cents,\n  " + category + " END AS category,\n  " + assumptions + " END AS assumptions,\n  " +
           route + " END AS route\nFROM household_results w CROSS JOIN rights r";
    out += ";\n";
    return out;
  }

 private:
  // Whether the person_statuses row (columns prefixed by `row`) holds on the
  // yyyymmdd day `ref`: household::Status::HeldOn.
  std::string StatusHeld(const std::string& row, const std::string& ref) const {
    return "(" + row + "since IS NULL OR " + DateInt(row + "since") + " <= " + ref + ") AND (" + row +
           "until IS NULL OR " + DateInt(row + "until") + " >= " + ref + ")";
  }

  // ------------------------------------------------------------ stages --

  std::string Chain() {
    // The reference date and every parameter's value on it: one row, read
    // through scalar subqueries (computed once per query), so the stages do
    // not carry them.
    std::string out = "WITH params AS MATERIALIZED (\n  SELECT b.ref";
    for (uint32_t i = 0; i < p_.parameters.size(); ++i) out += ",\n    " + ParamValue(i) + " AS " + ParamColumn(i);
    out += "\n  FROM (SELECT " + DateInt("reference_date") + " AS ref FROM scan_date) b\n),\n";
    out += "b AS (\n  SELECT h.*, (SELECT ref FROM params) AS ref FROM households h\n),\n";
    // q0: each person with one column per status and per income total the
    // rules read, from one GROUP BY over each list table rather than a
    // lookup per use.
    // Only the status entries that hold on the reference date count.
    out += "st AS (\n  SELECT household_id, person_index";
    for (const auto& status : statuses_) {
      out += ",\n    MAX(CASE WHEN status = " + TextLiteral(status) + " THEN 1 ELSE 0 END) AS " + Quote("st." + status);
    }
    out += "\n  FROM person_statuses WHERE " + StatusHeld("", "(SELECT ref FROM params)") +
           " GROUP BY household_id, person_index\n),\n";
    out += "inc AS (\n  SELECT household_id, person_index";
    for (const auto& income : incomes_) {
      for (const char* period : {"month", "year"}) {
        out += ",\n    CAST(SUM(CASE WHEN basis = " + TextLiteral(income.substr(0, income.find(':'))) +
               (income.back() == ':' ? "" : " AND kind = " + TextLiteral(income.substr(income.find(':') + 1))) +
               " AND period = '" + period + "' THEN amount ELSE 0 END) AS BIGINT) AS " +
               Quote("inc." + income + "." + period);
      }
    }
    out += "\n  FROM person_incomes GROUP BY household_id, person_index\n),\n";
    out += "q0 AS MATERIALIZED (\n  SELECT p.*";
    for (const auto& status : statuses_) {
      out += ",\n    CASE WHEN p.statuses_known THEN COALESCE(st." + Quote("st." + status) + ", 0) = 1 END AS " +
             Quote("st." + status);
    }
    for (const auto& income : incomes_) {
      for (const char* period : {"month", "year"}) {
        const std::string column = Quote("inc." + income + "." + period);
        out += ",\n    CASE WHEN p.incomes_known THEN COALESCE(inc." + column + ", " + Int(0) + ") END AS " + column;
      }
    }
    out += "\n  FROM persons p\n  LEFT JOIN st ON st.household_id = p.household_id AND st.person_index = p.person_index"
           "\n  LEFT JOIN inc ON inc.household_id = p.household_id AND inc.person_index = p.person_index\n),\n";
    out += "s0 AS MATERIALIZED (\n  SELECT b.*";
    // Only the applicant's columns the rules read: every stage carries them.
    applicant_columns_.insert("person_index");
    for (const auto& column : applicant_columns_) out += ",\n    a." + Quote(column) + " AS " + Quote("a." + column);
    // The applicant is the first person related as `self`, else the first (as in eval).
    out += "\n  FROM b LEFT JOIN q0 a ON a.household_id = b.household_id AND a.person_index = "
           "COALESCE((SELECT MIN(p.person_index) FROM persons p WHERE p.household_id = b.household_id AND "
           "p.relationship_to_applicant = 'self'), 0)\n)";
    int levels = 0;
    for (const Item& item : items_) levels = std::max(levels, item.level);
    // A stage carries the input columns, and the items of earlier stages that
    // a later stage still reads: each copy of a row costs per column.
    std::vector<std::string> household_base = {"ref"};
    for (const auto& column : TableColumns(Table::kHouseholds)) household_base.push_back(column.name);
    for (const auto& column : applicant_columns_) household_base.push_back("a." + column);
    std::vector<std::string> person_base;
    for (const auto& column : TableColumns(Table::kPersons)) person_base.push_back(column.name);
    for (const auto& status : statuses_) person_base.push_back("st." + status);
    for (const auto& income : incomes_) {
      person_base.push_back("inc." + income + ".month");
      person_base.push_back("inc." + income + ".year");
    }
    std::string households = "s0", persons = "q0";
    for (int level = 1; level <= levels; ++level) {
      const std::string n = std::to_string(level);
      // Aggregates of this level read the stages of the level below.
      std::string household_joins, person_joins;
      for (const bool estates : {false, true}) {
        const std::string suffix = estates ? "e" : "m";
        std::string columns = Columns(level, ItemKind::kHouseholdAggregate, estates);
        if (!columns.empty()) {
          const std::string g = "g" + n + suffix;
          out += ",\n" + g + " AS MATERIALIZED (\n  SELECT h.household_id" + columns + "\n  FROM " +
                 (estates ? "household_real_estate" : persons) + " x JOIN " + households +
                 " h ON h.household_id = x.household_id\n  GROUP BY h.household_id\n)";
          household_joins += " LEFT JOIN " + g + " ON " + g + ".household_id = h.household_id";
        }
        columns = Columns(level, ItemKind::kPersonAggregate, estates);
        if (!columns.empty()) {
          const std::string g = "gp" + n + suffix;
          out += ",\n" + g + " AS MATERIALIZED (\n  SELECT o.household_id, o.person_index" + columns + "\n  FROM " +
                 persons + " o JOIN " + (estates ? "household_real_estate" : persons) +
                 " x ON x.household_id = o.household_id JOIN " + households +
                 " h ON h.household_id = o.household_id\n  GROUP BY o.household_id, o.person_index\n)";
          person_joins += " LEFT JOIN " + g + " ON " + g + ".household_id = m.household_id AND " + g +
                          ".person_index = m.person_index";
        }
      }
      const std::string household_columns = StageColumns(level, ItemKind::kHousehold, "g" + n);
      const std::string person_columns = StageColumns(level, ItemKind::kPerson, "gp" + n);
      std::string next_households = households, next_persons = persons;
      if (!household_columns.empty()) {
        next_households = "s" + n;
        out += ",\n" + next_households + " AS MATERIALIZED (\n  SELECT " + Carried("h", household_base, level, false) +
               household_columns + "\n  FROM " +
               households + " h" + household_joins + "\n)";
      }
      if (!person_columns.empty()) {
        next_persons = "q" + n;
        out += ",\n" + next_persons + " AS MATERIALIZED (\n  SELECT " + Carried("m", person_base, level, true) +
               person_columns + "\n  FROM " + persons +
               " m JOIN " + households + " h ON h.household_id = m.household_id" + person_joins + "\n)";
      }
      households = next_households;
      persons = next_persons;
    }
    last_stage_ = households;
    return out;
  }

  // The columns stage `level` copies from the stage below (row `alias`).
  std::string Carried(const std::string& alias, const std::vector<std::string>& base, int level, bool persons) const {
    std::string out;
    for (const auto& column : base) out += (out.empty() ? "" : ", ") + alias + "." + Quote(column);
    for (const Item& item : items_) {
      const bool person_item = item.kind == ItemKind::kPerson || item.kind == ItemKind::kPersonAggregate;
      if (person_item == persons && item.level < level && item.last_use > level) {
        out += ",\n    " + alias + "." + item.column;
      }
    }
    return out;
  }

  // The aggregate expressions of one group CTE.
  std::string Columns(int level, ItemKind kind, bool estates) const {
    std::string out;
    for (const Item& item : items_) {
      if (item.level == level && item.kind == kind && item.estates == estates) {
        out += ",\n    " + item.sql + " AS " + item.column;
      }
    }
    return out;
  }

  // The new columns of a stage: its items, and the aggregates of its groups
  // (a row with no group row aggregated nothing; unknown real estate makes
  // every real-estate aggregate unknown).
  std::string StageColumns(int level, ItemKind kind, const std::string& group) const {
    const ItemKind aggregate = kind == ItemKind::kHousehold ? ItemKind::kHouseholdAggregate : ItemKind::kPersonAggregate;
    std::string out;
    for (const Item& item : items_) {
      if (item.level != level) continue;
      if (item.kind == kind) {
        out += ",\n    " + item.sql + " AS " + item.column;
      } else if (item.kind == aggregate) {
        const std::string g = group + (item.estates ? "e" : "m");
        std::string value = "CASE WHEN " + g + ".household_id IS NULL THEN " + item.empty + " ELSE " + g + "." +
                            item.column + " END";
        if (item.estates) value = "CASE WHEN h.real_estate_known THEN " + value + " END";
        out += ",\n    " + value + " AS " + item.column;
      }
    }
    return out;
  }

  // Starts collecting the items the next AddItem's expression reads.
  void BeginItem() { reading_.emplace_back(); }

  int AddItem(ItemKind kind, std::string column, std::string sql, int dependency_level) {
    const std::vector<int> reads = std::move(reading_.back());
    reading_.pop_back();
    for (int read : reads) items_[read].last_use = std::max(items_[read].last_use, dependency_level + 1);
    Item item;
    item.kind = kind;
    item.column = std::move(column);
    item.sql = std::move(sql);
    item.level = dependency_level + 1;
    items_.push_back(std::move(item));
    return static_cast<int>(items_.size()) - 1;
  }

  // A reference to an item from a row `alias`, raising `level` to the item's.
  std::string Use(int item, const std::string& alias, int& level) {
    level = std::max(level, items_[item].level);
    if (!reading_.empty()) reading_.back().push_back(item);
    return alias + "." + items_[item].column;
  }

  Scope NewScope(Context context, int right = -1) const {
    Scope scope;
    scope.context = context;
    scope.slots.resize(p_.slot_count + 1u);
    scope.right = right;
    return scope;
  }

  int DefineItem(uint32_t index) {
    if (define_item_[index] < 0) {
      Scope scope = NewScope(Context::kHousehold);
      int level = 0;
      BeginItem();
      std::string sql = Expr(*p_.defines[index].value, scope, level);
      define_item_[index] = AddItem(ItemKind::kHousehold, Quote("d" + std::to_string(index)), std::move(sql), level);
    }
    return define_item_[index];
  }

  int PersonDefineItem(uint32_t index) {
    if (define_item_[index] < 0) {
      const ir::Define& define = p_.defines[index];
      Scope scope = NewScope(Context::kPerson);
      scope.slots[define.this_slot] = Binding{Binding::Kind::kPerson, "m"};
      int level = 0;
      BeginItem();
      std::string sql = Expr(*define.value, scope, level);
      define_item_[index] = AddItem(ItemKind::kPerson, Quote("pd" + std::to_string(index)), std::move(sql), level);
    }
    return define_item_[index];
  }

  int LetItem(uint32_t right, uint32_t index) {
    int& item = let_item_[right][index];
    if (item < 0) {
      Scope scope = NewScope(Context::kHousehold, static_cast<int>(right));
      int level = 0;
      BeginItem();
      std::string sql = Expr(*p_.rights[right].lets[index].value, scope, level);
      item = AddItem(ItemKind::kHousehold, Quote("r" + std::to_string(right) + "l" + std::to_string(index)),
                     std::move(sql), level);
    }
    return item;
  }

  void RightItems(uint32_t r) {
    if (status_item_[r] >= 0) return;
    const ir::Right& right = p_.rights[r];
    const std::string prefix = "r" + std::to_string(r);
    // Eligible when no condition is false and none unknown: Kleene `and`.
    Scope scope = NewScope(Context::kHousehold, static_cast<int>(r));
    int level = 0;
    std::string status;
    BeginItem();
    for (const auto& condition : right.conditions) {
      if (!status.empty()) status += " AND ";
      status += Expr(*condition.test, scope, level);
    }
    if (status.empty()) status = "TRUE";
    status_item_[r] = AddItem(ItemKind::kHousehold, Quote(prefix + "st"), "(" + status + ")", level);
    if (right.amount) {
      level = 0;
      BeginItem();
      std::string amount = Expr(*right.amount->value, scope, level);
      amount_item_[r] = AddItem(ItemKind::kHousehold, Quote(prefix + "amt"), std::move(amount), level);
    }
    if (right.category) {
      level = 0;
      BeginItem();
      std::string category = Expr(*right.category, scope, level);
      category_item_[r] = AddItem(ItemKind::kHousehold, Quote(prefix + "cat"), std::move(category), level);
    }
    if (!ir::HasRouteOrAssumptions(p_, r)) return;
    // Where the right is not ruled out (as its category).
    const auto possible = [&] {
      const std::string st = Use(status_item_[r], "h", level);
      return "(" + st + " IS NULL OR " + st + ")";
    };
    if (right.route) {
      level = 0;
      BeginItem();
      std::string route = Expr(*right.route, scope, level);
      route = "CASE WHEN " + possible() + " THEN " + route + " END";
      route_item_[r] = AddItem(ItemKind::kHousehold, Quote(prefix + "rt"), std::move(route), level);
    }
    // ir::AssumptionMask: the bits of the own assumptions made and the
    // dependencies' masks, zero when not eligible.
    level = 0;
    BeginItem();
    std::string bits = "CAST(0 AS BIGINT)";
    for (uint32_t a : right.assumptions) {
      bits += " | (CASE WHEN " + Expr(*p_.assumptions[a].used, scope, level) + " THEN CAST(1 AS BIGINT) << " +
              std::to_string(a) + " ELSE 0 END)";
    }
    for (uint32_t d : right.depends_on) {
      RightItems(d);
      if (assumptions_item_[d] >= 0) bits += " | " + Use(assumptions_item_[d], "h", level);
    }
    bits = "CASE WHEN " + possible() + " THEN (" + bits + ") ELSE 0 END";
    assumptions_item_[r] = AddItem(ItemKind::kHousehold, Quote(prefix + "as"), std::move(bits), level);
  }

  std::string AssumptionsOut(uint32_t r) const {
    if (assumptions_item_[r] < 0) return "CAST(0 AS BIGINT)";
    return "h." + items_[assumptions_item_[r]].column;
  }
  std::string RouteOut(uint32_t r) const {
    if (route_item_[r] < 0) return "CAST(NULL AS INTEGER)";
    return "h." + items_[route_item_[r]].column;
  }

  std::string StatusText(uint32_t r) const {
    const std::string st = "h." + items_[status_item_[r]].column;
    return "CASE WHEN " + st + " THEN 'eligible' WHEN NOT " + st + " THEN 'not_eligible' ELSE 'undetermined' END";
  }
  std::string AmountOut(uint32_t r) const {
    if (amount_item_[r] < 0) return "CAST(NULL AS BIGINT)";
    return "CASE WHEN h." + items_[status_item_[r]].column + " THEN h." + items_[amount_item_[r]].column + " END";
  }
  std::string CategoryOut(uint32_t r) const {
    if (category_item_[r] < 0) return "CAST(NULL AS TEXT)";
    const std::string st = "h." + items_[status_item_[r]].column;
    return "CASE WHEN " + st + " IS NULL OR " + st + " THEN h." + items_[category_item_[r]].column + " END";
  }

  // -------------------------------------------------------- primitives --

  std::string Int(int64_t n) const {
    // PostgreSQL types small literals as int4, and int4 arithmetic overflows
    // on cents times ppm; make every literal int8 there.
    return dialect_ == Dialect::kPostgres ? std::to_string(n) + "::int8" : std::to_string(n);
  }

  std::string DateInt(const std::string& column) const {
    if (dialect_ == Dialect::kPostgres) return "CAST(to_char(" + column + ", 'YYYYMMDD') AS BIGINT)";
    return "CAST(replace(" + column + ", '-', '') AS INTEGER)";
  }

  // eval's base::DivRound for a positive divisor: halves away from zero.
  std::string DivRound(const std::string& x, const std::string& d) const {
    return "(CASE WHEN " + x + " >= 0 THEN (" + x + " + " + d + " / 2) / " + d + " ELSE -((-(" + x + ") + " + d +
           " / 2) / " + d + ") END)";
  }

  std::string ParamValue(uint32_t index) const {
    const ir::Parameter& param = p_.parameters[index];
    std::string out = "CASE";
    if (param.until) out += " WHEN b.ref > " + std::to_string(DateNumber(param.until->days())) + " THEN NULL";
    for (auto it = param.values.rbegin(); it != param.values.rend(); ++it) {
      out += " WHEN b.ref >= " + std::to_string(DateNumber(it->from.days())) + " THEN " + Constant(param.type, it->value);
    }
    return out + " END";
  }

  std::string Constant(Type type, int64_t value) const {
    switch (type) {
      case Type::kBool: return value ? "TRUE" : "FALSE";
      case Type::kDate: return Int(DateNumber(value));
      default: return Int(value);
    }
  }

  static std::string AgeOn(const std::string& birth, const std::string& on) {
    return "(" + on + " / 10000 - " + birth + " / 10000 - CASE WHEN " + on + " % 10000 < " + birth +
           " % 10000 THEN 1 ELSE 0 END)";
  }

  // base::MonthsBetween(from, to) for from <= to.
  static std::string MonthsForward(const std::string& from, const std::string& to) {
    return "((" + to + " / 10000 - " + from + " / 10000) * 12 + " + to + " / 100 % 100 - " + from +
           " / 100 % 100 - CASE WHEN " + to + " % 100 < " + from + " % 100 THEN 1 ELSE 0 END)";
  }
  static std::string MonthsBetween(const std::string& from, const std::string& to) {
    return "(CASE WHEN " + to + " < " + from + " THEN -" + MonthsForward(to, from) + " ELSE " +
           MonthsForward(from, to) + " END)";
  }

  // base::FullMonthsBefore(since, to), before its max(0, ·) (taken by the caller).
  static std::string FullMonthsBefore(const std::string& since, const std::string& to) {
    return "((" + to + " / 10000 - " + since + " / 10000) * 12 + " + to + " / 100 % 100 - " + since +
           " / 100 % 100 - CASE WHEN " + since + " % 100 > 1 THEN 1 ELSE 0 END)";
  }

  static std::string DaysInMonth(const std::string& year, const std::string& month) {
    return "(CASE " + month + " WHEN 2 THEN CASE WHEN (" + year + " % 4 = 0 AND " + year + " % 100 <> 0) OR " +
           year + " % 400 = 0 THEN 29 ELSE 28 END WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 WHEN 11 THEN 30 "
           "ELSE 31 END)";
  }

  // The day number of a yyyymmdd date (H. Hinnant's days_from_civil; the
  // supported years 1800..2200 keep every division on non-negative numbers,
  // where both dialects truncate alike).
  static std::string DayNumber(const std::string& date) {
    const std::string month = "(" + date + " / 100 % 100)";
    const std::string year = "(" + date + " / 10000 - CASE WHEN " + month + " <= 2 THEN 1 ELSE 0 END)";
    const std::string era = "(" + year + " / 400)";
    const std::string year_of_era = "(" + year + " - " + era + " * 400)";
    const std::string shifted_month = "(CASE WHEN " + month + " > 2 THEN " + month + " - 3 ELSE " + month + " + 9 END)";
    const std::string day_of_year = "((153 * " + shifted_month + " + 2) / 5 + " + date + " % 100 - 1)";
    const std::string day_of_era =
        "(" + year_of_era + " * 365 + " + year_of_era + " / 4 - " + year_of_era + " / 100 + " + day_of_year + ")";
    return "(" + era + " * 146097 + " + day_of_era + ")";
  }

  // base::Date::PlusMonths: the day is clamped to the end of the new month.
  static std::string AddMonths(const std::string& date, const std::string& months) {
    const std::string total = "(" + date + " / 10000 * 12 + " + date + " / 100 % 100 - 1 + " + months + ")";
    const std::string year = "(" + total + " / 12)";
    const std::string month = "(" + total + " % 12 + 1)";
    const std::string last = DaysInMonth(year, month);
    return "(" + year + " * 10000 + " + month + " * 100 + CASE WHEN " + date + " % 100 > " + last + " THEN " + last +
           " ELSE " + date + " % 100 END)";
  }

  // A person's column: its row (`m`, `x` or `o`), or the applicant's copy on
  // the household row.
  std::string PersonColumn(const Binding& person, std::string_view column) {
    if (person.kind == Binding::Kind::kApplicant) {
      applicant_columns_.emplace(column);
      return "h." + Quote("a." + std::string(column));
    }
    return person.alias + "." + Quote(column);
  }

  std::string PersonFieldValue(const Binding& person, uint32_t field) {
    const auto& spec = household::Fields(Entity::kPerson)[field];
    std::string column = PersonColumn(person, spec.name);
    return spec.type == FieldType::kDate ? DateInt(column) : column;
  }

  // Rows of a list table (statuses, incomes) that belong to a person.
  std::string PersonRows(const Binding& person, const std::string& table, const std::string& alias) {
    return " FROM " + table + " " + alias + " WHERE " + alias + ".household_id = h.household_id AND " + alias +
           ".person_index = " + PersonColumn(person, "person_index");
  }

  // "net:" (every kind) or "net:pension": the incomes an income node sums.
  static std::string IncomeKey(const Node& n) {
    return std::string(n.imm / 2 ? "gross_taxable" : "net") + ":" + n.text;
  }

  std::string NextAlias(char kind) { return std::string(1, kind) + std::to_string(alias_count_++); }

  // -------------------------------------------------------- expressions --

  std::string Expr(const Node& n, Scope& scope, int& level) {
    auto arg = [&](size_t i) { return Expr(*n.args[i], scope, level); };
    switch (n.op) {
      case Op::kConst:
        if (n.type == Type::kText) return TextLiteral(n.text);
        return Constant(n.type, n.imm);
      case Op::kReferenceDate: return "h.ref";
      case Op::kApplicant: return "h.\"a.person_index\"";
      case Op::kMembers:
      case Op::kEstates: throw Unsupported{n.span, "a collection outside an aggregate"};
      case Op::kVar: {
        const Binding& b = Bound(scope, n);
        if (b.kind == Binding::Kind::kEstate) return b.alias + ".position";
        return PersonColumn(b, "person_index");
      }
      case Op::kHouseholdField: {
        const auto& spec = household::Fields(Entity::kHousehold)[n.index];
        std::string column = "h." + Quote(spec.name);
        return spec.type == FieldType::kDate ? DateInt(column) : column;
      }
      case Op::kPersonField: return PersonFieldValue(Person(*n.args[0], scope), n.index);
      case Op::kPersonAge:
      case Op::kPersonAgeOn: {
        const Binding person = Person(*n.args[0], scope);
        static const auto birth_field = *household::FindField(Entity::kPerson, "birth_date");
        static const auto age_field = *household::FindField(Entity::kPerson, "age");
        const std::string birth = PersonFieldValue(person, birth_field);
        if (n.op == Op::kPersonAgeOn) return AgeOn(birth, arg(1));
        return "(CASE WHEN " + birth + " IS NOT NULL THEN " + AgeOn(birth, "h.ref") + " ELSE " +
               PersonFieldValue(person, age_field) + " END)";
      }
      case Op::kHasStatus:
      case Op::kStatusMonths:
      case Op::kStatusCategory: {
        const Binding person = Person(*n.args[0], scope);
        const std::string s = NextAlias('s');
        const std::string rows = PersonRows(person, "person_statuses", s) + " AND " + s +
                                 ".status = " + TextLiteral(n.text) + " AND " + StatusHeld(s + ".", "h.ref");
        const std::string known = PersonColumn(person, "statuses_known");
        if (n.op == Op::kHasStatus) return PersonColumn(person, "st." + n.text);
        if (n.op == Op::kStatusCategory) {
          return "(CASE WHEN " + known + " THEN COALESCE((SELECT " + s + ".category" + rows + " LIMIT 1), '') END)";
        }
        // No such status: 0 months; the status without `since`, or with a
        // break since it (uninterrupted false): unknown.
        const std::string since = "(CASE WHEN " + s + ".uninterrupted IS NULL OR " + s + ".uninterrupted THEN " +
                                  DateInt(s + ".since") + " END)";
        const std::string months = n.imm ? FullMonthsBefore(since, "h.ref") : MonthsBetween(since, "h.ref");
        return "(CASE WHEN " + known + " THEN CASE WHEN EXISTS (SELECT 1" + rows + ") THEN (SELECT CASE WHEN " +
               months + " < 0 THEN 0 ELSE " + months + " END" + rows + " LIMIT 1) ELSE 0 END END)";
      }
      case Op::kIncome: {
        const Binding person = Person(*n.args[0], scope);
        const std::string income = IncomeKey(n);
        const std::string monthly = PersonColumn(person, "inc." + income + ".month");
        const std::string yearly = PersonColumn(person, "inc." + income + ".year");
        // Converted once on the totals, as eval does, so rounding happens once.
        if (n.imm % 2) return "(" + yearly + " + " + monthly + " * 12)";
        return "(" + monthly + " + " + DivRound(yearly, Int(12)) + ")";
      }
      case Op::kEstateField: {
        const Binding& estate = Bound(scope, *n.args[0]);
        return estate.alias + (n.imm == 0 ? ".type" : ".ki_non_indexed");
      }
      case Op::kParam: return "(SELECT " + ParamColumn(n.index) + " FROM params)";
      case Op::kDefine: return Use(DefineItem(n.index), "h", level);
      case Op::kPersonDefine: {
        const Binding person = Person(*n.args[0], scope);
        if (person.kind == Binding::Kind::kApplicant) {
          // Inlined: the applicant's values are on the household row.
          const ir::Define& define = p_.defines[n.index];
          // The body sees only its own binders, and the row being aggregated
          // (an aggregate in the body is hoisted onto that row).
          Scope inner = NewScope(scope.context);
          for (size_t s = 0; s < scope.slots.size() && s < inner.slots.size(); ++s) {
            if (scope.slots[s].alias == "x") inner.slots[s] = scope.slots[s];
          }
          inner.slots[define.this_slot] = person;
          return "(" + Expr(*define.value, inner, level) + ")";
        }
        return Use(PersonDefineItem(n.index), person.alias, level);
      }
      case Op::kLet: return Use(LetItem(static_cast<uint32_t>(scope.right), n.index), "h", level);
      case Op::kRightEligible:
        RightItems(n.index);
        return Use(status_item_[n.index], "h", level);
      case Op::kRightAmount: {
        RightItems(n.index);
        const std::string st = Use(status_item_[n.index], "h", level);
        const std::string amount = amount_item_[n.index] >= 0 ? Use(amount_item_[n.index], "h", level) : Int(0);
        return "(CASE WHEN " + st + " THEN " + amount + " WHEN NOT " + st + " THEN " + Int(0) + " END)";
      }
      case Op::kNot: return "(NOT " + arg(0) + ")";
      case Op::kIsKnown:
        return "(" + arg(0) + " IS NOT NULL)";
      case Op::kAnd:
      case Op::kOr: {
        // Kleene and/or are SQL's; a chain is written flat to keep parsers' stacks shallow.
        std::vector<const Node*> operands;
        Flatten(n, n.op, operands);
        std::string out = "(";
        for (size_t i = 0; i < operands.size(); ++i) {
          if (i > 0) out += n.op == Op::kAnd ? " AND " : " OR ";
          out += Expr(*operands[i], scope, level);
        }
        return out + ")";
      }
      case Op::kIf: {
        // Unknown test: known only when both branches agree.
        const std::string test = arg(0), then = arg(1), otherwise = arg(2);
        return "(CASE WHEN " + test + " THEN " + then + " WHEN NOT " + test + " THEN " + otherwise + " WHEN " + then +
               " = " + otherwise + " THEN " + then + " END)";
      }
      case Op::kCase: {
        // An unknown `when` makes the whole case unknown (SQL would skip it).
        std::string out = "(CASE";
        for (size_t i = 0; i + 1 < n.args.size(); i += 2) {
          const std::string when = arg(i);
          out += " WHEN " + when + " IS NULL THEN NULL WHEN " + when + " THEN " + arg(i + 1);
        }
        return out + " ELSE " + arg(n.args.size() - 1) + " END)";
      }
      case Op::kCompare: {
        // The checker orders numbers and dates only; text is compared for
        // equality, which is bytewise in every dialect as in eval.
        static const char* const kOps[] = {"=", "<>", "<", "<=", ">", ">="};
        return "(" + arg(0) + " " + kOps[n.imm] + " " + arg(1) + ")";
      }
      case Op::kArith: {
        const std::string a = arg(0), b = arg(1);
        switch (static_cast<ir::ArithOp>(n.imm)) {
          case ir::ArithOp::kAdd: return "(" + a + " + " + b + ")";
          case ir::ArithOp::kSub: return "(" + a + " - " + b + ")";
          case ir::ArithOp::kMul:
            if (n.type == Type::kMoney && n.args[1]->type == Type::kRate) return DivRound(a + " * " + b, Int(1000000));
            return "(" + a + " * " + b + ")";
          case ir::ArithOp::kDiv: return DivRound(a, b);  // the checker keeps divisors positive
        }
        throw Unsupported{n.span, "an unknown arithmetic operator"};
      }
      case Op::kNeg: return "(- " + arg(0) + ")";  // "--" would open a comment
      case Op::kIn: {
        std::string out = "(" + arg(0) + " IN (";
        for (size_t i = 1; i < n.args.size(); ++i) {
          if (i > 1) out += ", ";
          out += arg(i);
        }
        return out + "))";
      }
      case Op::kAggregate: return Aggregate(n, scope, level);
      case Op::kBuiltin: return Builtin(n, scope, level);
    }
    throw Unsupported{n.span, "an unknown operation"};
  }

  static void Flatten(const Node& n, Op op, std::vector<const Node*>& out) {
    for (const auto& a : n.args) {
      if (a->op == op) Flatten(*a, op, out);
      else out.push_back(a.get());
    }
  }

  // The binding of a variable. A nested aggregate is compiled as a column of
  // the one enclosing row it is grouped by; a second enclosing binder is out
  // of its reach.
  static const Binding& Bound(const Scope& scope, const Node& var) {
    if (var.slot >= scope.slots.size() || scope.slots[var.slot].kind == Binding::Kind::kNone) {
      throw Unsupported{var.span,
                        "this binder is read by an aggregate nested two levels inside it; SQL compiles a nested "
                        "aggregate that reads only the binder right around it"};
    }
    return scope.slots[var.slot];
  }

  static Binding Person(const Node& n, const Scope& scope) {
    if (n.op == Op::kApplicant) return Binding{Binding::Kind::kApplicant, ""};
    if (n.op == Op::kVar) return Bound(scope, n);
    throw Unsupported{n.span, "a person that is neither the applicant nor a binder"};
  }

  std::string Aggregate(const Node& n, Scope& scope, int& level) {
    const bool estates = n.args[0]->op == Op::kEstates;
    if (scope.context == Context::kMember) return Hoist(n, scope, level);
    // The body is compiled for the group's rows: the aggregated row `x`, and
    // in a person's context, that person as `o`.
    Scope inner = NewScope(Context::kMember, scope.right);
    for (size_t s = 0; s < scope.slots.size() && s < inner.slots.size(); ++s) {
      inner.slots[s] = scope.slots[s];
      if (inner.slots[s].kind == Binding::Kind::kPerson) inner.slots[s].alias = "o";
    }
    inner.slots[n.slot] = Binding{estates ? Binding::Kind::kEstate : Binding::Kind::kPerson, "x"};
    int inner_level = 0;
    BeginItem();
    const std::string filter = n.args[1] ? Expr(*n.args[1], inner, inner_level) : "";
    const std::string value = n.args[2] ? Expr(*n.args[2], inner, inner_level) : "TRUE";

    // A row makes the result unknown when its filter is unknown, or its
    // filter holds and its value is unknown.
    std::string unknown;
    if (filter.empty()) {
      unknown = "CASE WHEN " + value + " IS NULL THEN 1 ELSE 0 END";
    } else {
      unknown = "CASE WHEN " + filter + " IS NULL THEN 1 WHEN " + filter + " THEN CASE WHEN " + value +
                " IS NULL THEN 1 ELSE 0 END ELSE 0 END";
    }
    const std::string any_unknown = "MAX(" + unknown + ") = 1";
    const std::string certain = filter.empty() ? "" : filter + " AND ";
    std::string sql, empty;
    switch (static_cast<ir::AggregateKind>(n.imm)) {
      case ir::AggregateKind::kCount:
        sql = "CASE WHEN " + any_unknown + " THEN NULL ELSE CAST(SUM(CASE WHEN " + certain + value +
              " THEN 1 ELSE 0 END) AS BIGINT) END";
        empty = Int(0);
        break;
      case ir::AggregateKind::kAny:
        sql = "CASE WHEN MAX(CASE WHEN " + certain + value + " THEN 1 ELSE 0 END) = 1 THEN TRUE WHEN " + any_unknown +
              " THEN NULL ELSE FALSE END";
        empty = "FALSE";
        break;
      case ir::AggregateKind::kAll:
        sql = "CASE WHEN MAX(CASE WHEN " + certain + "NOT " + value + " THEN 1 ELSE 0 END) = 1 THEN FALSE WHEN " +
              any_unknown + " THEN NULL ELSE TRUE END";
        empty = "TRUE";
        break;
      case ir::AggregateKind::kSum:
      case ir::AggregateKind::kMax:
      case ir::AggregateKind::kMin: {
        const auto kind = static_cast<ir::AggregateKind>(n.imm);
        const char* fn = kind == ir::AggregateKind::kSum ? "SUM" : kind == ir::AggregateKind::kMax ? "MAX" : "MIN";
        const std::string picked = filter.empty() ? value : "CASE WHEN " + filter + " THEN " + value + " END";
        // Max and min of nothing are 0, as in eval.
        sql = "CASE WHEN " + any_unknown + " THEN NULL ELSE COALESCE(CAST(" + fn + "(" + picked + ") AS BIGINT), " +
              Int(0) + ") END";
        empty = Int(0);
        break;
      }
    }
    const bool per_person = scope.context == Context::kPerson;
    const int item = AddItem(per_person ? ItemKind::kPersonAggregate : ItemKind::kHouseholdAggregate,
                             Quote("a" + std::to_string(items_.size())), std::move(sql), inner_level);
    items_[item].estates = estates;
    items_[item].empty = std::move(empty);
    return Use(item, per_person ? "m" : "h", level);
  }

  // An aggregate inside an aggregate: computed beforehand as a column of the
  // rows being aggregated — of each member (a per-person item), or of the
  // household when the outer rows are real estate.
  std::string Hoist(const Node& n, Scope& scope, int& level) {
    std::string row;
    for (const auto& b : scope.slots) {
      if (b.alias == "x" && b.kind == Binding::Kind::kPerson) row = "x";
    }
    Scope outer = NewScope(row.empty() ? Context::kHousehold : Context::kPerson, scope.right);
    for (size_t s = 0; s < scope.slots.size() && s < outer.slots.size(); ++s) {
      const Binding& b = scope.slots[s];
      if (b.kind == Binding::Kind::kApplicant) outer.slots[s] = b;
      else if (b.kind == Binding::Kind::kPerson && b.alias == "x") outer.slots[s] = Binding{Binding::Kind::kPerson, "m"};
    }
    int inner_level = 0;
    const std::string column = Aggregate(n, outer, inner_level);
    const std::string name = column.substr(column.find('.') + 1);
    level = std::max(level, inner_level);
    return (row.empty() ? "h." : "x.") + name;
  }

  std::string Builtin(const Node& n, Scope& scope, int& level) {
    std::vector<std::string> a;
    for (const auto& arg : n.args) a.push_back(Expr(*arg, scope, level));
    switch (static_cast<ir::Builtin>(n.imm)) {
      case ir::Builtin::kYear: return "(" + a[0] + " / 10000)";
      case ir::Builtin::kMonth: return "(" + a[0] + " / 100 % 100)";
      case ir::Builtin::kDate: {
        const std::string month = "(CASE WHEN " + a[1] + " < 1 THEN 1 WHEN " + a[1] + " > 12 THEN 12 ELSE " + a[1] +
                                  " END)";
        const std::string last = DaysInMonth(a[0], month);
        const std::string day = "(CASE WHEN " + a[2] + " < 1 THEN 1 WHEN " + a[2] + " > " + last + " THEN " + last +
                                " ELSE " + a[2] + " END)";
        return "(" + a[0] + " * 10000 + " + month + " * 100 + " + day + ")";
      }
      case ir::Builtin::kAddMonths: return AddMonths(a[0], a[1]);
      case ir::Builtin::kMonthsBetween: return MonthsBetween(a[0], a[1]);
      case ir::Builtin::kStartOfMonth: return "(" + a[0] + " / 100 * 100 + 1)";
      case ir::Builtin::kDaysBetween:
        return "(" + DayNumber(a[1]) + " - " + DayNumber(a[0]) + ")";
      case ir::Builtin::kMonthly: return DivRound(a[0], Int(12));
      case ir::Builtin::kYearly: return "(" + a[0] + " * 12)";
      case ir::Builtin::kMin:
      case ir::Builtin::kMax: {
        const char* op = static_cast<ir::Builtin>(n.imm) == ir::Builtin::kMin ? " <= " : " >= ";
        return "(CASE WHEN " + a[0] + " IS NULL OR " + a[1] + " IS NULL THEN NULL WHEN " + a[0] + op + a[1] +
               " THEN " + a[0] + " ELSE " + a[1] + " END)";
      }
    }
    throw Unsupported{n.span, "an unknown function"};
  }

  const ir::Program& p_;
  Dialect dialect_;
  std::vector<Item> items_;
  std::vector<int> define_item_;
  std::vector<std::vector<int>> let_item_;
  std::vector<int> status_item_, amount_item_, category_item_, route_item_, assumptions_item_;
  int alias_count_ = 0;
  std::string last_stage_;
  std::set<std::string> applicant_columns_;  // the applicant's columns the rules read
  std::vector<std::vector<int>> reading_;  // per item being compiled: the items it reads
  std::vector<std::string> statuses_;  // every status has-status reads
  std::vector<std::string> incomes_;   // every IncomeKey the rules read
};

}  // namespace

base::Result<std::string> ViewsSql(const ir::Program& program, Dialect dialect) {
  try {
    return Compiler(program, dialect).Views();
  } catch (const Unsupported& e) {
    return base::Error::InvalidInput(e.where.ToString() + ": cannot compile to SQL: " + e.what);
  }
}

}  // namespace rules::sql
