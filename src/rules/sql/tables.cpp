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

void FieldColumns(household::Entity entity, std::string& out) {
  for (const auto& field : household::Fields(entity)) {
    out += ",\n  \"";
    out += field.name;
    out += "\" ";
    out += ColumnType(field.type);
  }
}

}  // namespace

const char* DialectName(Dialect dialect) { return dialect == Dialect::kSqlite ? "sqlite" : "postgres"; }

std::string TablesSql() {
  std::string out;
  out += "-- Population tables (docs/sql.md). NULL is an unknown input; money is in cents.\n";
  out += "CREATE TABLE households (\n  household_id TEXT PRIMARY KEY,\n  neighbourhood TEXT,\n";
  out += "  real_estate_known BOOLEAN NOT NULL";
  FieldColumns(household::Entity::kHousehold, out);
  out += "\n);\n";
  out += "CREATE TABLE persons (\n  household_id TEXT NOT NULL,\n";
  out += "  person_index INTEGER NOT NULL,\n  statuses_known BOOLEAN NOT NULL,\n  incomes_known BOOLEAN NOT NULL";
  FieldColumns(household::Entity::kPerson, out);
  out += ",\n  PRIMARY KEY (household_id, person_index)\n);\n";
  out += "CREATE TABLE person_statuses (\n  household_id TEXT NOT NULL,\n  person_index INTEGER NOT NULL,\n"
         "  status TEXT NOT NULL,\n  since DATE,\n  category TEXT NOT NULL DEFAULT '',\n"
         "  route TEXT NOT NULL DEFAULT ''\n);\n";
  out += "CREATE INDEX person_statuses_person ON person_statuses (household_id, person_index, status);\n";
  out += "CREATE TABLE person_incomes (\n  household_id TEXT NOT NULL,\n  person_index INTEGER NOT NULL,\n"
         "  kind TEXT NOT NULL,\n  amount BIGINT NOT NULL,\n"
         "  period TEXT NOT NULL CHECK (period IN ('month', 'year')),\n"
         "  basis TEXT NOT NULL CHECK (basis IN ('net', 'gross_taxable'))\n);\n";
  out += "CREATE INDEX person_incomes_person ON person_incomes (household_id, person_index);\n";
  out += "CREATE TABLE household_real_estate (\n  household_id TEXT NOT NULL,\n  position INTEGER NOT NULL,\n"
         "  type TEXT NOT NULL,\n  ki_non_indexed BIGINT NOT NULL,\n  PRIMARY KEY (household_id, position)\n);\n";
  out += "CREATE TABLE scan_date (\n  reference_date DATE NOT NULL\n);\n";
  return out;
}

}  // namespace rules::sql
