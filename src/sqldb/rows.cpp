// sqldb/rows.cpp — a chunk as rows of the population tables (see rows.h).
// The columns are rules::sql::TableColumns: for households and persons the
// fixed columns first, then one column per schema field, in schema order.
#include "sqldb/rows.h"

#include "household/schema.h"

namespace sqldb::detail {
namespace {

std::string Quote(std::string_view name) { return "\"" + std::string(name) + "\""; }

void SetNull(Cell& cell) { cell.kind = Cell::Kind::kNull; }
void SetInt(Cell& cell, int64_t n) {
  cell.kind = Cell::Kind::kInt;
  cell.number = n;
}
void SetText(Cell& cell, std::string_view text) {
  cell.kind = Cell::Kind::kText;
  cell.text.assign(text);
}
void SetDate(Cell& cell, base::Date date) {
  cell.kind = Cell::Kind::kText;
  cell.text = date.ToString();
}

// Fills row[first...] with one cell per field of `entity`: the facts of row
// `index` of `facts` (person or household columns). A column the vector does
// not reach or that is not given is unknown, like an absent fact.
void SetFacts(household::Entity entity, const std::vector<household::FactColumn>& facts, size_t index,
              std::vector<Cell>& row, size_t first) {
  const auto& fields = household::Fields(entity);
  for (size_t f = 0; f < fields.size(); ++f) {
    Cell& cell = row[first + f];
    if (f >= facts.size() || !facts[f].given() || !facts[f].present[index]) {
      SetNull(cell);
      continue;
    }
    const int64_t number = facts[f].number[index];
    switch (fields[f].type) {
      case household::FieldType::kBool:
        SetInt(cell, number != 0 ? 1 : 0);
        break;
      case household::FieldType::kInt:
      case household::FieldType::kMoney:
        SetInt(cell, number);
        break;
      case household::FieldType::kDate:
        SetDate(cell, base::Date::FromDays(static_cast<int32_t>(number)));
        break;
      case household::FieldType::kText:
      case household::FieldType::kEnum:
        SetText(cell, facts[f].TextAt(fields[f], index));
        break;
    }
  }
}

}  // namespace

const std::vector<std::string>& QuotedColumns(Table table) {
  static const auto quoted = [] {
    std::vector<std::vector<std::string>> all;
    for (Table t : kTables) {
      auto& names = all.emplace_back();
      for (const auto& column : rules::sql::TableColumns(t)) names.push_back(Quote(column.name));
    }
    return all;
  }();
  return quoted[static_cast<size_t>(table)];
}

// Where the schema fields start in a row of the households or persons table.
size_t FirstFieldColumn(Table table) {
  const household::Entity entity =
      table == Table::kHouseholds ? household::Entity::kHousehold : household::Entity::kPerson;
  return rules::sql::TableColumns(table).size() - household::Fields(entity).size();
}

base::Status ForEachRow(const population::Chunk& chunk, Table table, const EmitRow& emit) {
  if (chunk.household_ids.size() != chunk.size()) {
    return base::Error::InvalidInput("chunk has " + std::to_string(chunk.size()) + " households but " +
                                     std::to_string(chunk.household_ids.size()) + " household ids");
  }
  const household::Columns& columns = chunk.columns;
  std::vector<Cell> row(QuotedColumns(table).size());
  for (size_t h = 0; h < chunk.size(); ++h) {
    const uint32_t first_person = columns.first_person[h];
    const uint32_t end_person = columns.first_person[h + 1];
    SetText(row[0], chunk.household_ids[h]);
    switch (table) {
      case Table::kHouseholds: {
        std::string_view neighbourhood =
            h < chunk.neighbourhoods.size() ? std::string_view(chunk.neighbourhoods[h]) : std::string_view();
        if (neighbourhood.empty()) {
          SetNull(row[1]);
        } else {
          SetText(row[1], neighbourhood);
        }
        SetInt(row[2], columns.real_estate.known[h]);
        SetFacts(household::Entity::kHousehold, columns.household_facts, h, row, FirstFieldColumn(table));
        if (auto status = emit(row, h); !status.ok()) return status;
        break;
      }
      case Table::kPersons:
        for (uint32_t p = first_person; p < end_person; ++p) {
          SetInt(row[1], p - first_person);
          SetInt(row[2], columns.statuses.known[p]);
          SetInt(row[3], columns.incomes.known[p]);
          SetFacts(household::Entity::kPerson, columns.person_facts, p, row, FirstFieldColumn(table));
          if (auto status = emit(row, h); !status.ok()) return status;
        }
        break;
      case Table::kPersonStatuses:
        for (uint32_t p = first_person; p < end_person; ++p) {
          if (!columns.statuses.known[p]) continue;
          SetInt(row[1], p - first_person);
          for (const household::Status& s : columns.statuses.Of(p)) {
            SetText(row[2], s.status);
            if (s.since) {
              SetDate(row[3], *s.since);
            } else {
              SetNull(row[3]);
            }
            SetText(row[4], s.category);
            SetText(row[5], s.route);
            if (s.uninterrupted) {
              SetInt(row[6], *s.uninterrupted ? 1 : 0);
            } else {
              SetNull(row[6]);
            }
            if (s.until) {
              SetDate(row[7], *s.until);
            } else {
              SetNull(row[7]);
            }
            if (auto status = emit(row, h); !status.ok()) return status;
          }
        }
        break;
      case Table::kPersonIncomes:
        for (uint32_t p = first_person; p < end_person; ++p) {
          if (!columns.incomes.known[p]) continue;
          SetInt(row[1], p - first_person);
          for (const household::Income& income : columns.incomes.Of(p)) {
            SetText(row[2], income.kind);
            SetInt(row[3], income.amount.cents());
            SetText(row[4], income.period == household::IncomePeriod::kMonth ? "month" : "year");
            SetText(row[5], income.basis == household::IncomeBasis::kNet ? "net" : "gross_taxable");
            if (auto status = emit(row, h); !status.ok()) return status;
          }
        }
        break;
      case Table::kHouseholdRealEstate: {
        if (!columns.real_estate.known[h]) break;
        const auto estates = columns.real_estate.Of(h);
        for (size_t i = 0; i < estates.size(); ++i) {
          SetInt(row[1], static_cast<int64_t>(i));
          SetText(row[2], estates[i].type);
          SetInt(row[3], estates[i].ki_non_indexed.cents());
          if (auto status = emit(row, h); !status.ok()) return status;
        }
        break;
      }
    }
  }
  return base::Ok{};
}

}  // namespace sqldb::detail
