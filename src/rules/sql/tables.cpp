// rules/sql/tables.cpp — the population tables the views read (see sql.h).
//
// One column per field of the vocabulary table (household/schema.h), named
// exactly like the field ("housing.rent_monthly", quoted), so a field needs
// no mapping. Money is BIGINT cents, dates are DATE (ISO text in SQLite),
// booleans are BOOLEAN (0/1 in SQLite); NULL is unknown.
#include "rules/sql/sql.h"

#include "household/schema.h"

namespace rules::sql {
namespace {

const char* ColumnType(household::FieldType type) {
  switch (type) {
    case household::FieldType::kBool: return "BOOLEAN";
    case household::FieldType::kInt: return "BIGINT";
    case household::FieldType::kMoney: return "BIGINT";
    case household::FieldType::kDate: return "DATE";
    case household::FieldType::kText: return "TEXT";
    case household::FieldType::kEnum: return "TEXT";
  }
  return "TEXT";
}

std::vector<Column> EntityColumns(std::vector<Column> fixed, household::Entity entity) {
  for (const auto& field : household::Fields(entity)) {
    fixed.push_back({std::string(field.name), ColumnType(field.type)});
  }
  return fixed;
}

}  // namespace

const char* DialectName(Dialect dialect) { return dialect == Dialect::kSqlite ? "sqlite" : "postgres"; }

const char* TableName(Table table) {
  switch (table) {
    case Table::kHouseholds: return "households";
    case Table::kPersons: return "persons";
    case Table::kPersonStatuses: return "person_statuses";
    case Table::kPersonIncomes: return "person_incomes";
    case Table::kHouseholdRealEstate: return "household_real_estate";
  }
  return "";
}

const std::vector<Column>& TableColumns(Table table) {
  using household::Entity;
  static const std::vector<Column> households = EntityColumns(
      {{"household_id", "TEXT PRIMARY KEY"}, {"neighbourhood", "TEXT"}, {"real_estate_known", "BOOLEAN NOT NULL"}},
      Entity::kHousehold);
  static const std::vector<Column> persons = EntityColumns({{"household_id", "TEXT NOT NULL"},
                                                            {"person_index", "INTEGER NOT NULL"},
                                                            {"statuses_known", "BOOLEAN NOT NULL"},
                                                            {"incomes_known", "BOOLEAN NOT NULL"}},
                                                           Entity::kPerson);
  static const std::vector<Column> statuses = {{"household_id", "TEXT NOT NULL"},
                                               {"person_index", "INTEGER NOT NULL"},
                                               {"status", "TEXT NOT NULL"},
                                               {"since", "DATE"},
                                               {"category", "TEXT NOT NULL DEFAULT ''"},
                                               {"route", "TEXT NOT NULL DEFAULT ''"},
                                               {"uninterrupted", "BOOLEAN"},
                                               {"until", "DATE"}};
  static const std::vector<Column> incomes = {{"household_id", "TEXT NOT NULL"},
                                              {"person_index", "INTEGER NOT NULL"},
                                              {"kind", "TEXT NOT NULL"},
                                              {"amount", "BIGINT NOT NULL"},
                                              {"period", "TEXT NOT NULL CHECK (period IN ('month', 'year'))"},
                                              {"basis", "TEXT NOT NULL CHECK (basis IN ('net', 'gross_taxable'))"}};
  static const std::vector<Column> real_estate = {{"household_id", "TEXT NOT NULL"},
                                                  {"position", "INTEGER NOT NULL"},
                                                  {"type", "TEXT NOT NULL"},
                                                  {"ki_non_indexed", "BIGINT NOT NULL"}};
  switch (table) {
    case Table::kHouseholds: return households;
    case Table::kPersons: return persons;
    case Table::kPersonStatuses: return statuses;
    case Table::kPersonIncomes: return incomes;
    case Table::kHouseholdRealEstate: return real_estate;
  }
  return households;
}

std::string TablesSql() {
  // Table-level constraints and indexes, after the columns.
  auto extra = [](Table table) -> std::string {
    switch (table) {
      case Table::kPersons: return ",\n  PRIMARY KEY (household_id, person_index)";
      case Table::kHouseholdRealEstate: return ",\n  PRIMARY KEY (household_id, position)";
      default: return "";
    }
  };
  std::string out = "-- Population tables (docs/sql.md). NULL is an unknown input; money is in cents.\n";
  for (Table table : kTables) {
    out += std::string("CREATE TABLE ") + TableName(table) + " (";
    const auto& columns = TableColumns(table);
    for (size_t i = 0; i < columns.size(); ++i) {
      out += (i > 0 ? ",\n  \"" : "\n  \"") + columns[i].name + "\" " + columns[i].declaration;
    }
    out += extra(table) + "\n);\n";
    if (table == Table::kPersonStatuses) {
      out += "CREATE INDEX person_statuses_person ON person_statuses (household_id, person_index, status);\n";
    }
    if (table == Table::kPersonIncomes) {
      out += "CREATE INDEX person_incomes_person ON person_incomes (household_id, person_index);\n";
    }
  }
  out += "CREATE TABLE scan_date (\n  reference_date DATE NOT NULL\n);\n";
  return out;
}

}  // namespace rules::sql
