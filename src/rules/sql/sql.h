// rules/sql/sql.h
//
// Compiles the IR to SQL views, for SQLite and PostgreSQL: the third engine
// beside the interpreter (eval/) and the column-wise engine (batch/), so a
// municipality can run the rules inside its own database. The views read the
// population tables (TablesSql(), docs/sql.md): SQL NULL is an unknown input,
// and the SQL follows eval.cpp's three-valued semantics case by case (Kleene
// and/or, aggregates that are unknown when a member is, `if` that is known
// when both branches agree). The differential tests hold the engines together.
#pragma once

#include <string>
#include <vector>
#include <string_view>

#include "base/result.h"
#include "rules/ir/ir.h"

namespace rules::sql {

enum class Dialect { kSqlite, kPostgres };
const char* DialectName(Dialect dialect);

// The population tables the views read (scan_date aside).
enum class Table { kHouseholds, kPersons, kPersonStatuses, kPersonIncomes, kHouseholdRealEstate };
inline constexpr Table kTables[] = {Table::kHouseholds, Table::kPersons, Table::kPersonStatuses, Table::kPersonIncomes,
                                    Table::kHouseholdRealEstate};
const char* TableName(Table table);

struct Column {
  std::string name;         // unquoted: "housing.rent_monthly"
  std::string declaration;  // type and constraints: "BIGINT", "TEXT NOT NULL"
};
// The columns of `table` in order. households and persons start with their
// fixed columns (ids, the *_known flags), then one column per field of the
// schema (household/schema.h), named like the field. The one declaration the
// DDL, the loaders (sqldb/) and the views are all built from.
const std::vector<Column>& TableColumns(Table table);

// CREATE TABLE statements of the population tables and scan_date, and their
// indexes. The same text serves both dialects.
std::string TablesSql();

// CREATE VIEW statements: `household_results` (one row per household, three
// columns per right) and `right_results` (household_id, right_id, status,
// amount_cents, category). They read the reference date from the one-row
// table `scan_date`, so they do not depend on the date they were compiled on.
// Error::InvalidInput, naming the place in the rules, for an aggregate that
// reads two enclosing binders (e.g. three levels of nesting), which the
// interpreter and the batch engine evaluate but the SQL does not yet.
base::Result<std::string> ViewsSql(const ir::Program& program, Dialect dialect);

}  // namespace rules::sql
