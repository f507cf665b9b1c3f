// population/population_test.cpp — the population CSV reader: values, chunks, quoting, every error.
#include "population/population.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "household/json_reader.h"
#include "household/schema.h"
#include "population/synth.h"

namespace population {
namespace {

using household::Entity;
using household::Fact;

// Everything one file holds, or the first error.
struct Read {
  std::vector<Chunk> chunks;
  std::string error;

  size_t households() const {
    size_t n = 0;
    for (const Chunk& c : chunks) n += c.size();
    return n;
  }
};

// The person ids of household i of `chunk`, in order.
std::vector<std::string> PersonIds(const Chunk& chunk, size_t i) {
  std::vector<std::string> ids;
  const size_t persons = chunk.columns.first_person[i + 1] - chunk.columns.first_person[i];
  for (size_t k = 0; k < persons; ++k) ids.emplace_back(chunk.person_id(i, k));
  return ids;
}

Read ReadAll(const std::string& text, size_t max_persons = 1000) {
  Read out;
  std::istringstream in(text);
  auto reader = Reader::Open(in, "pop.csv");
  if (!reader) {
    out.error = reader.error().message();
    return out;
  }
  for (;;) {
    Chunk chunk;
    auto more = reader->Next(chunk, max_persons);
    if (!more) {
      out.error = more.error().message();
      return out;
    }
    if (!*more) return out;
    out.chunks.push_back(std::move(chunk));
  }
}

// The same file read the parallel way (Reader::NextPiece, a PieceParser,
// Reader::Admit), on one thread, in pieces of about `target_bytes`. After an
// error, `chunks` holds the households of the pieces before the failing one.
Read ReadAllInPieces(const std::string& text, size_t target_bytes, size_t max_persons = 1000,
                     size_t* persons_read = nullptr) {
  Read out;
  std::istringstream in(text);
  auto reader = Reader::Open(in, "pop.csv");
  if (!reader) {
    out.error = reader.error().message();
    return out;
  }
  PieceParser parser = reader->Parser();
  Piece piece;
  PieceHouseholds households;
  for (;;) {
    auto more = reader->NextPiece(piece, target_bytes);
    if (!more) {
      out.error = more.error().message();
      return out;
    }
    if (!*more) break;
    parser.Start(piece);
    std::vector<Chunk> chunks;
    std::string parse_error;
    for (;;) {
      Chunk chunk;
      auto next = parser.Next(chunk, max_persons);
      if (!next) {
        parse_error = next.error().message();
        break;
      }
      if (!*next) break;
      chunks.push_back(std::move(chunk));
    }
    parser.Finish(piece, households);
    if (auto admitted = reader->Admit(households); !admitted) {
      out.error = admitted.error().message();
      return out;
    }
    if (!parse_error.empty()) {
      out.error = parse_error;
      return out;
    }
    for (Chunk& chunk : chunks) out.chunks.push_back(std::move(chunk));
  }
  EXPECT_EQ(reader->households_read(), out.households());
  if (persons_read) *persons_read = reader->persons_read();
  return out;
}

std::vector<std::string> HouseholdsAsJson(const std::vector<Chunk>& chunks);

// The error of reading `text`, or "" when it reads; the parallel path, in
// pieces of every size from one byte on, must give the same error.
std::string ErrorOf(const std::string& text) {
  const std::string error = ReadAll(text).error;
  for (size_t target : {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 4096}) {
    EXPECT_EQ(ReadAllInPieces(text, target).error, error) << "in pieces of " << target << " bytes";
  }
  return error;
}

const Fact& PersonFact(const household::Person& p, std::string_view name) {
  return p.facts[*household::FindField(Entity::kPerson, name)];
}
const Fact& HouseholdFact(const household::Household& h, std::string_view name) {
  return h.facts[*household::FindField(Entity::kHousehold, name)];
}

TEST(PopulationReader, ReadsTypedPersonAndHouseholdFields) {
  Read r = ReadAll(
      "household_id,person_id,neighbourhood,birth_date,relationship_to_applicant,pregnant,age,"
      "housing.rent_monthly,housing.tenure,municipality.name,statuses,income_net_month,income_gross_taxable_year\n"
      "h1,a,Sint-Gillis,1958-06-15,self,0,66,650.5,tenant,Dendermonde,vt;igo,1314.20,\n"
      "h1,b,,1960-01-01,partner,TRUE,,,,,,,12000\n"
      "h2,a,Oudegem,,self,,,,,,,,\n");
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.chunks.size(), 1u);
  const Chunk& c = r.chunks[0];
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c.household_ids, (std::vector<std::string>{"h1", "h2"}));
  EXPECT_EQ(c.neighbourhoods, (std::vector<std::string>{"Sint-Gillis", "Oudegem"}));
  EXPECT_EQ(PersonIds(c, 0), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(c.persons(), 3u);

  const household::Household h1 = c.Household(0);
  EXPECT_EQ(HouseholdFact(h1, "housing.rent_monthly").number, 65050);
  EXPECT_EQ(HouseholdFact(h1, "housing.tenure").number, 1);
  EXPECT_EQ(HouseholdFact(h1, "housing.tenure").text, "tenant");
  EXPECT_EQ(HouseholdFact(h1, "municipality.name").text, "Dendermonde");
  EXPECT_FALSE(HouseholdFact(h1, "housing.landlord").present);
  EXPECT_FALSE(h1.reference_date.has_value());

  const household::Person& a = h1.persons[0];
  EXPECT_EQ(PersonFact(a, "id").text, "a");
  EXPECT_EQ(PersonFact(a, "birth_date").number, base::Date::FromYmd(1958, 6, 15).days());
  EXPECT_EQ(PersonFact(a, "relationship_to_applicant").text, "self");
  EXPECT_TRUE(PersonFact(a, "pregnant").present);
  EXPECT_EQ(PersonFact(a, "pregnant").number, 0);
  EXPECT_EQ(PersonFact(a, "age").number, 66);
  ASSERT_TRUE(a.statuses.has_value());
  ASSERT_EQ(a.statuses->size(), 2u);
  EXPECT_EQ((*a.statuses)[0].status, "vt");
  EXPECT_EQ((*a.statuses)[1].status, "igo");
  ASSERT_TRUE(a.incomes.has_value());
  ASSERT_EQ(a.incomes->size(), 1u);
  EXPECT_EQ((*a.incomes)[0].kind, "other");
  EXPECT_EQ((*a.incomes)[0].amount.cents(), 131420);
  EXPECT_EQ((*a.incomes)[0].period, household::IncomePeriod::kMonth);
  EXPECT_EQ((*a.incomes)[0].basis, household::IncomeBasis::kNet);

  const household::Person& b = h1.persons[1];
  EXPECT_EQ(PersonFact(b, "pregnant").number, 1);
  EXPECT_FALSE(PersonFact(b, "age").present);
  ASSERT_TRUE(b.statuses.has_value());
  EXPECT_TRUE(b.statuses->empty());  // empty cell: known to have none
  ASSERT_TRUE(b.incomes.has_value());
  EXPECT_EQ((*b.incomes)[0].amount.cents(), 1200000);
  EXPECT_EQ((*b.incomes)[0].period, household::IncomePeriod::kYear);
  EXPECT_EQ((*b.incomes)[0].basis, household::IncomeBasis::kGrossTaxable);

  const household::Household h2 = c.Household(1);
  const household::Person& h2a = h2.persons[0];
  EXPECT_FALSE(PersonFact(h2a, "birth_date").present);
  EXPECT_FALSE(h2a.incomes.has_value());  // both income cells empty: unknown
  EXPECT_FALSE(HouseholdFact(h2, "housing.tenure").present);
}

TEST(PopulationReader, ReusedChunkKeepsNoFactOfTheHouseholdsBefore) {
  std::istringstream in(
      "person_id,household_id,birth_date,housing.tenure,statuses,income_net_month\n"
      "a,h1,1958-06-15,tenant,vt,1314.20\n"
      "b,h2,1960-02-01,owner,igo,900\n"
      "c,h3,,,,\n");
  auto reader = Reader::Open(in, "pop.csv");
  ASSERT_TRUE(reader);
  Chunk chunk;
  ASSERT_TRUE(*reader->Next(chunk, 1));
  EXPECT_TRUE(PersonFact(chunk.Household(0).persons[0], "birth_date").present);
  ASSERT_TRUE(*reader->Next(chunk, 1));
  // h3 is written into the storage that held h1 and h2 (the reader reads one row ahead).
  ASSERT_TRUE(*reader->Next(chunk, 1));
  const household::Household h3 = chunk.Household(0);
  const household::Person& b = h3.persons[0];
  EXPECT_EQ(PersonFact(b, "id").text, "c");
  EXPECT_FALSE(PersonFact(b, "birth_date").present);
  EXPECT_EQ(PersonFact(b, "birth_date").number, 0);
  EXPECT_FALSE(HouseholdFact(h3, "housing.tenure").present);
  EXPECT_EQ(HouseholdFact(h3, "housing.tenure").text, "");
  ASSERT_TRUE(b.statuses.has_value());
  EXPECT_TRUE(b.statuses->empty());
  EXPECT_FALSE(b.incomes.has_value());
  EXPECT_FALSE(*reader->Next(chunk, 1));
}

TEST(PopulationReader, AbsentStatusesColumnMeansUnknown) {
  Read r = ReadAll("person_id,household_id\np,h\n");
  ASSERT_EQ(r.error, "");
  const household::Household h = r.chunks[0].Household(0);
  const household::Person& p = h.persons[0];
  EXPECT_FALSE(p.statuses.has_value());
  EXPECT_FALSE(p.incomes.has_value());
  EXPECT_EQ(r.chunks[0].neighbourhoods[0], "");
  EXPECT_EQ(p.facts.size(), household::Fields(Entity::kPerson).size());
}

TEST(PopulationReader, HouseholdValuesMayRepeatOrStayEmptyOnLaterRows) {
  Read r = ReadAll(
      "person_id,household_id,housing.rent_monthly,neighbourhood\n"
      "a,h,,\n"
      "b,h,650,Appels\n"
      "c,h,650.00,Appels\n"
      "d,h,,\n");
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(HouseholdFact(r.chunks[0].Household(0), "housing.rent_monthly").number, 65000);
  EXPECT_EQ(r.chunks[0].neighbourhoods[0], "Appels");
}

TEST(PopulationReader, ChunksKeepHouseholdsWhole) {
  // Households of 3, 1, 2, 6, 2, 1, 3 persons.
  const std::vector<int> sizes = {3, 1, 2, 6, 2, 1, 3};
  std::string text = "person_id,household_id\n";
  for (size_t h = 0; h < sizes.size(); ++h) {
    for (int p = 0; p < sizes[h]; ++p) text += "p" + std::to_string(p) + ",h" + std::to_string(h) + "\n";
  }
  Read r = ReadAll(text, 4);
  ASSERT_EQ(r.error, "");
  std::vector<std::vector<size_t>> got;
  size_t next = 0;
  for (const Chunk& c : r.chunks) {
    std::vector<size_t> chunk_sizes;
    for (size_t i = 0; i < c.size(); ++i) {
      EXPECT_EQ(c.household_ids[i], "h" + std::to_string(next++));
      chunk_sizes.push_back(c.Household(i).persons.size());
    }
    got.push_back(chunk_sizes);
  }
  EXPECT_EQ(got, (std::vector<std::vector<size_t>>{{3, 1}, {2}, {6}, {2, 1}, {3}}));
}

TEST(PopulationReader, ReturnsFalseAtTheEndAndStaysThere) {
  std::istringstream in("person_id,household_id\na,h\n");
  auto reader = Reader::Open(in, "pop.csv");
  ASSERT_TRUE(reader.ok());
  Chunk chunk;
  ASSERT_TRUE(*reader->Next(chunk, 10));
  EXPECT_EQ(reader->persons_read(), 1u);
  EXPECT_EQ(reader->households_read(), 1u);
  EXPECT_FALSE(*reader->Next(chunk, 10));
  EXPECT_EQ(chunk.size(), 0u);
  EXPECT_FALSE(*reader->Next(chunk, 10));
  EXPECT_EQ(reader->columns(), (std::vector<std::string>{"person_id", "household_id"}));
}

TEST(PopulationReader, ReadsRfc4180Quoting) {
  Read r = ReadAll(
      "\xEF\xBB\xBF\"person_id\",household_id,municipality.name,nationality\r\n"
      "\"a,1\",h,\"Sint-\"\"Gillis\"\"\",\"\"\r\n"
      "\"b\nc\",h,,BE\r\n"
      "\n"
      "d,h,,\"x\"");
  ASSERT_EQ(r.error, "");
  const Chunk& c = r.chunks[0];
  EXPECT_EQ(PersonIds(c, 0), (std::vector<std::string>{"a,1", "b\nc", "d"}));
  const household::Household h = c.Household(0);
  EXPECT_EQ(HouseholdFact(h, "municipality.name").text, "Sint-\"Gillis\"");
  EXPECT_FALSE(PersonFact(h.persons[0], "nationality").present);  // "" is empty
  EXPECT_EQ(PersonFact(h.persons[2], "nationality").text, "x");
}

TEST(PopulationReader, CountsLinesInsideQuotedCellsForMessages) {
  EXPECT_EQ(ErrorOf("person_id,household_id,age\n\"a\nb\",h,1\nc,h,x\n"),
            "pop.csv:4: column 'age': 'x' is not a whole number");
}

// ---------------------------------------------------------------------------
// The column form of a chunk.

household::Household FromJson(const std::string& json) {
  auto household = household::ReadHousehold(json, "expected.json");
  EXPECT_TRUE(household.ok()) << household.error().message();
  return household.ok() ? std::move(*household) : household::Household{};
}

// Every household of `chunks` in the document form, as canonical JSON.
std::vector<std::string> HouseholdsAsJson(const std::vector<Chunk>& chunks) {
  std::vector<std::string> out;
  for (const Chunk& c : chunks) {
    for (size_t h = 0; h < c.size(); ++h) out.push_back(household::HouseholdToJson(c.Household(h)));
  }
  return out;
}

TEST(PopulationReader, ChunkHoldsTheHouseholdsOfTheDocumentFormForEveryKindOfColumn) {
  // Person fields of every type (bool, int, date, enum with a carer_* value,
  // text), household fields of every type (text, enum, money, bool, int,
  // date) written on some rows only, statuses with a receives_ flag, both
  // incomes and the neighbourhood.
  Read r = ReadAll(
      "person_id,household_id,neighbourhood,municipality.name,housing.tenure,housing.rent_monthly,"
      "housing.collective_gas_heating,tax_year,housing.shm_waiting_list_since,birth_date,age,pregnant,"
      "relationship_to_applicant,nationality,statuses,receives_vt,income_net_month,income_gross_taxable_year\n"
      "p1,h1,Sint-Gillis,Dendermonde,tenant,650.5,0,2025,2023-09-01,1958-06-15,66,0,self,BE,igo,1,1314.20,\n"
      "p2,h1,,,tenant,650.50,,,,1960-02-01,,TRUE,partner,,,0,0,12000\n"
      "p3,h1,Sint-Gillis,,,,,,,2015-07-20,,,carer_neighbour,\"Sint-\"\"X\"\"\",leefloon,,,\n"
      "q1,h2,,,,,1,,,,,,self,,,0,,\n");
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.chunks.size(), 1u);
  EXPECT_EQ(r.chunks[0].neighbourhoods, (std::vector<std::string>{"Sint-Gillis", ""}));
  const household::Household h1 = FromJson(R"({
    "municipality": {"name": "Dendermonde"},
    "household": {"persons": [
      {"id": "p1", "birth_date": "1958-06-15", "age": 66, "pregnant": false, "relationship_to_applicant": "self",
       "nationality": "BE", "statuses": [{"status": "igo"}, {"status": "vt"}],
       "incomes": [{"kind": "other", "amount": 1314.20, "period": "month", "basis": "net"}]},
      {"id": "p2", "birth_date": "1960-02-01", "pregnant": true, "relationship_to_applicant": "partner",
       "statuses": [],
       "incomes": [{"kind": "other", "amount": 0, "period": "month", "basis": "net"},
                   {"kind": "other", "amount": 12000, "period": "year", "basis": "gross_taxable"}]},
      {"id": "p3", "birth_date": "2015-07-20", "relationship_to_applicant": "carer_neighbour",
       "nationality": "Sint-\"X\""}
    ]},
    "housing": {"tenure": "tenant", "rent_monthly": 650.50, "collective_gas_heating": false,
                "shm_waiting_list_since": "2023-09-01"},
    "tax_year": 2025
  })");
  const household::Household h2 = FromJson(R"({
    "household": {"persons": [{"id": "q1", "relationship_to_applicant": "self", "statuses": []}]},
    "housing": {"collective_gas_heating": true}
  })");
  EXPECT_EQ(HouseholdsAsJson(r.chunks),
            (std::vector<std::string>{household::HouseholdToJson(h1), household::HouseholdToJson(h2)}));
  // What the JSON comparison cannot show: enum facts keep their number too.
  const Chunk& c = r.chunks[0];
  const auto relationship = *household::FindField(Entity::kPerson, "relationship_to_applicant");
  const household::FieldSpec& spec = household::Fields(Entity::kPerson)[relationship];
  EXPECT_EQ(c.columns.person_facts[relationship].number[2], household::EnumIndex(spec, "carer_neighbour"));
  EXPECT_EQ(c.Household(0).persons[2].facts[relationship].number, household::EnumIndex(spec, "carer_neighbour"));
}

TEST(PopulationReader, OnlyTheInputsWithAColumnAreGiven) {
  Read r = ReadAll(
      "person_id,household_id,birth_date,nationality,housing.tenure\n"
      "a,h1,1958-06-15,,tenant\n"
      "b,h1,,,\n"
      "c,h2,1990-01-01,,\n");
  ASSERT_EQ(r.error, "");
  const household::Columns& columns = r.chunks[0].columns;
  ASSERT_EQ(columns.person_facts.size(), household::Fields(Entity::kPerson).size());
  ASSERT_EQ(columns.household_facts.size(), household::Fields(Entity::kHousehold).size());
  const std::vector<std::string> person_columns = {"id", "birth_date", "nationality"};
  for (size_t f = 0; f < columns.person_facts.size(); ++f) {
    const std::string name(household::Fields(Entity::kPerson)[f].name);
    const bool has_column = std::find(person_columns.begin(), person_columns.end(), name) != person_columns.end();
    EXPECT_EQ(columns.person_facts[f].given(), has_column) << name;
  }
  for (size_t f = 0; f < columns.household_facts.size(); ++f) {
    const std::string name(household::Fields(Entity::kHousehold)[f].name);
    EXPECT_EQ(columns.household_facts[f].given(), name == "housing.tenure") << name;
  }
  EXPECT_EQ(columns.first_person, (std::vector<uint32_t>{0, 2, 3}));
  const household::FactColumn& ids = columns.person_facts[*household::FindField(Entity::kPerson, "id")];
  EXPECT_EQ(ids.text, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(ids.present, (std::vector<uint8_t>{1, 1, 1}));
  const household::FactColumn& births = columns.person_facts[*household::FindField(Entity::kPerson, "birth_date")];
  EXPECT_EQ(births.present, (std::vector<uint8_t>{1, 0, 1}));
  EXPECT_EQ(births.number[1], 0);
  EXPECT_TRUE(births.text.empty());  // a date has no text
  // A column whose cells are all empty is given, every row absent.
  const household::FactColumn& nationality =
      columns.person_facts[*household::FindField(Entity::kPerson, "nationality")];
  EXPECT_EQ(nationality.present, (std::vector<uint8_t>{0, 0, 0}));
  EXPECT_EQ(nationality.text, (std::vector<std::string>{"", "", ""}));
  const household::FactColumn& tenure =
      columns.household_facts[*household::FindField(Entity::kHousehold, "housing.tenure")];
  EXPECT_EQ(tenure.present, (std::vector<uint8_t>{1, 0}));
  const household::FieldSpec& tenure_spec =
      household::Fields(Entity::kHousehold)[*household::FindField(Entity::kHousehold, "housing.tenure")];
  EXPECT_EQ(tenure.text.size(), 2u);  // sized, though a plain enum value keeps no text of its own
  EXPECT_EQ(tenure.TextAt(tenure_spec, 0), "tenant");
  EXPECT_EQ(tenure.TextAt(tenure_spec, 1), "");
  // Without income or status columns every list is unknown; real estate always is.
  EXPECT_EQ(columns.incomes.known, (std::vector<uint8_t>{0, 0, 0}));
  EXPECT_EQ(columns.incomes.first, (std::vector<uint32_t>{0, 0, 0, 0}));
  EXPECT_EQ(columns.statuses.known, (std::vector<uint8_t>{0, 0, 0}));
  EXPECT_EQ(columns.statuses.first, (std::vector<uint32_t>{0, 0, 0, 0}));
  EXPECT_EQ(columns.real_estate.known, (std::vector<uint8_t>{0, 0}));
  EXPECT_EQ(columns.real_estate.first, (std::vector<uint32_t>{0, 0, 0}));
}

// Compares two chunks' columns array by array.
void ExpectSameColumns(const household::Columns& a, const household::Columns& b) {
  EXPECT_EQ(a.first_person, b.first_person);
  ASSERT_EQ(a.person_facts.size(), b.person_facts.size());
  ASSERT_EQ(a.household_facts.size(), b.household_facts.size());
  for (auto [x, y] : {std::pair{&a.person_facts, &b.person_facts}, std::pair{&a.household_facts, &b.household_facts}}) {
    for (size_t f = 0; f < x->size(); ++f) {
      EXPECT_EQ((*x)[f].number, (*y)[f].number) << "field " << f;
      EXPECT_EQ((*x)[f].present, (*y)[f].present) << "field " << f;
      EXPECT_EQ((*x)[f].text, (*y)[f].text) << "field " << f;
    }
  }
  auto expect_same_lists = [](const auto& x, const auto& y, auto same_entry) {
    EXPECT_EQ(x.known, y.known);
    EXPECT_EQ(x.first, y.first);
    ASSERT_EQ(x.entries.size(), y.entries.size());
    for (size_t i = 0; i < x.entries.size(); ++i) EXPECT_TRUE(same_entry(x.entries[i], y.entries[i])) << i;
  };
  expect_same_lists(a.incomes, b.incomes, [](const household::Income& x, const household::Income& y) {
    return x.kind == y.kind && x.amount == y.amount && x.period == y.period && x.basis == y.basis;
  });
  expect_same_lists(a.statuses, b.statuses, [](const household::Status& x, const household::Status& y) {
    return x.status == y.status && x.since == y.since && x.category == y.category && x.route == y.route;
  });
  EXPECT_EQ(a.status_bits, b.status_bits);
  EXPECT_EQ(a.real_estate.known, b.real_estate.known);
  EXPECT_EQ(a.real_estate.first, b.real_estate.first);
  EXPECT_EQ(a.real_estate.entries.size(), b.real_estate.entries.size());
}

// The status bits of every person are those of its status entries, and the
// lists hold no entry past their last owner's.
void ExpectStatusBitsOfTheEntries(const household::Columns& columns) {
  ASSERT_EQ(columns.status_bits.size(), columns.persons());
  for (size_t p = 0; p < columns.persons(); ++p) {
    const uint64_t expected = columns.statuses.known[p] ? household::StatusBits(columns.statuses.Of(p)) : 0;
    EXPECT_EQ(columns.status_bits[p], expected) << "person " << p;
  }
  EXPECT_EQ(columns.statuses.entries.size(), columns.statuses.first.back());
  EXPECT_EQ(columns.incomes.entries.size(), columns.incomes.first.back());
}

TEST(PopulationReader, AReusedChunkEqualsAFreshOne) {
  std::ostringstream written;
  Synthesize(3000, 11, written, base::Date::FromYmd(2025, 3, 1));
  // The reused chunk first holds a file with other columns, which must leave nothing behind.
  Chunk reused;
  {
    std::istringstream other("person_id,household_id,pregnant,statuses,housing.rent_monthly\na,h,1,vt,650\n");
    auto reader = Reader::Open(other, "other.csv");
    ASSERT_TRUE(reader.ok());
    ASSERT_TRUE(*reader->Next(reused, 100));
  }
  for (size_t max_persons : {1, 7, 250}) {
    std::istringstream first_pass(written.str());
    std::istringstream second_pass(written.str());
    auto with_reuse = Reader::Open(first_pass, "pop.csv");
    auto with_fresh = Reader::Open(second_pass, "pop.csv");
    ASSERT_TRUE(with_reuse.ok() && with_fresh.ok());
    for (size_t chunks = 0;; ++chunks) {
      Chunk fresh;
      auto more = with_reuse->Next(reused, max_persons);
      ASSERT_TRUE(more.ok()) << more.error().message();
      ASSERT_EQ(*more, *with_fresh->Next(fresh, max_persons));
      if (!*more) {
        EXPECT_EQ(reused.size(), 0u);
        break;
      }
      ExpectSameColumns(reused.columns, fresh.columns);
      ExpectStatusBitsOfTheEntries(reused.columns);
      EXPECT_EQ(reused.household_ids, fresh.household_ids);
      EXPECT_EQ(reused.neighbourhoods, fresh.neighbourhoods);
      if (HasFailure()) FAIL() << "chunk " << chunks << " of " << max_persons << " persons";
    }
  }
}

TEST(PopulationReader, ChunksHoldTheSameHouseholdsWhateverTheirSize) {
  std::ostringstream written;
  Synthesize(2000, 13, written, base::Date::FromYmd(2025, 3, 1));
  const std::vector<std::string> whole = HouseholdsAsJson(ReadAll(written.str(), 1'000'000).chunks);
  ASSERT_GT(whole.size(), 500u);
  for (size_t max_persons : {1, 2, 64}) {
    Read r = ReadAll(written.str(), max_persons);
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(HouseholdsAsJson(r.chunks), whole) << max_persons << " persons per chunk";
  }
}

TEST(PopulationReader, AfterAnErrorTheChunkHoldsTheWholeHouseholdsReadBeforeIt) {
  std::istringstream in(
      "person_id,household_id,age,statuses,income_net_month,housing.tenure\n"
      "a,h1,30,vt,100,tenant\n"
      "b,h1,31,,200,\n"
      "c,h2,40,igo,300,owner\n"
      "d,h2,x,,,\n");
  auto reader = Reader::Open(in, "pop.csv");
  ASSERT_TRUE(reader.ok());
  Chunk chunk;
  auto more = reader->Next(chunk, 100);
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.error().message(), "pop.csv:5: column 'age': 'x' is not a whole number");
  ASSERT_EQ(chunk.size(), 1u);
  EXPECT_EQ(chunk.household_ids, (std::vector<std::string>{"h1"}));
  EXPECT_EQ(chunk.persons(), 2u);
  for (const household::FactColumn& column : chunk.columns.person_facts) {
    if (column.given()) {
      EXPECT_EQ(column.present.size(), 2u);
    }
  }
  EXPECT_EQ(chunk.columns.statuses.first, (std::vector<uint32_t>{0, 1, 1}));
  EXPECT_EQ(chunk.columns.statuses.entries.size(), 1u);
  EXPECT_EQ(chunk.columns.incomes.first, (std::vector<uint32_t>{0, 1, 2}));
  EXPECT_EQ(chunk.columns.incomes.entries.size(), 2u);
  EXPECT_EQ(PersonFact(chunk.Household(0).persons[1], "age").number, 31);
}

// ---------------------------------------------------------------------------
// Pieces: the parallel path reads the same households as Next.

// Reads `text` both ways, with every piece size up to the whole file, and
// expects the same households, persons and error.
void ExpectPiecesReadAsNext(const std::string& text, size_t step = 1) {
  const Read whole = ReadAll(text);
  const std::vector<std::string> expected = HouseholdsAsJson(whole.chunks);
  size_t persons = 0;
  for (const Chunk& c : whole.chunks) persons += c.persons();
  for (size_t target = 1; target <= text.size() + 1; target += step) {
    for (size_t max_persons : {1, 1000}) {
      size_t persons_read = 0;
      const Read pieces = ReadAllInPieces(text, target, max_persons, &persons_read);
      ASSERT_EQ(pieces.error, whole.error) << "in pieces of " << target << " bytes";
      if (!whole.error.empty()) continue;
      ASSERT_EQ(HouseholdsAsJson(pieces.chunks), expected) << "in pieces of " << target << " bytes";
      ASSERT_EQ(persons_read, persons);
    }
  }
}

TEST(PopulationPieces, CutOnlyBetweenHouseholds) {
  ExpectPiecesReadAsNext(
      "person_id,household_id,age\n"
      "a,h1,1\nb,h1,2\nc,h1,3\n"
      "d,h2,4\n"
      "e,h3,5\nf,h3,6\n"
      "g,h10,7\n");
}

TEST(PopulationPieces, QuotedIdsBlankLinesAndLineEndsInsideCells) {
  // Ids that need quoting (a comma, a doubled quote, a line end), the same
  // id quoted and unquoted, blank lines inside and between households, CRLF
  // line ends and a last row without one.
  ExpectPiecesReadAsNext(
      "\xEF\xBB\xBFperson_id,nationality,household_id\r\n"
      "a,BE,\"h,1\"\r\n"
      "\"b\nc\",,\"h,1\"\r\n"
      "\r\n"
      "d,,\"h\"\"2\"\r\n"
      "\n"
      "e,\"N\nL\",\"h\"\"2\"\r\n"
      "f,,\"h\n3\"\r\n"
      "g,,h4\r\n"
      "h,,\"h4\"\r\n"
      "\"i\",,h5");
}

TEST(PopulationPieces, ReportTheFirstErrorInFileOrder) {
  // A reappearing household whose own rows are also bad: Next names the
  // reappearance, which it sees first; so must the pieces.
  ExpectPiecesReadAsNext("person_id,household_id,age\na,h1,1\nb,h2,2\nc,h1,x\n");
  ExpectPiecesReadAsNext("person_id,household_id,age\na,h1,1\nb,h2,2\nc,h2,3\nd,h1,4\ne,h3,x\n");
  // A bad row that starts a household after a reappearing one.
  ExpectPiecesReadAsNext("person_id,household_id,age\na,h1,1\nb,h2,2\nc,h1,3\nd,h4\n");
  // Malformed records where the cut is sought.
  ExpectPiecesReadAsNext("person_id,household_id,age\na,h1,1\nb,h1,2\nc\nd,h2,3\n");
  ExpectPiecesReadAsNext("person_id,household_id,age\na,h1,1\nb,\"h1\"x,2\nd,h2,3\n");
  ExpectPiecesReadAsNext("person_id,household_id,age\na,h1,1\nb,h\"1,2\nd,h2,3\n");
  ExpectPiecesReadAsNext("person_id,household_id,age\na,h1,1\nb,,2\nd,h2,3\n");
  ExpectPiecesReadAsNext("person_id,household_id,age\na,h1,1\nb,h1,\"2\nd,h2,3\n");
}

TEST(PopulationPieces, ReportARowLongerThanTheLimitWherever) {
  const std::string row = "a,h,\"" + std::string(kMaxRowBytes + 10, 'x') + "\"\n";
  const std::string text = "person_id,household_id,nationality\nz,g,BE\n" + row + "b,i,BE\n";
  ExpectPiecesReadAsNext(text, 97'001);
  // An unterminated quote early in a long file.
  std::string unterminated = "person_id,household_id,nationality\na,h,\"BE\n";
  for (int i = 0; i < 100'000; ++i) unterminated += "p" + std::to_string(i) + ",h" + std::to_string(i) + ",BE\n";
  EXPECT_EQ(ErrorOf(unterminated), "pop.csv:2: the row is longer than 1048576 bytes (an unterminated quote?)");
}

TEST(PopulationPieces, ReportAHouseholdAboveTheLimitWherever) {
  std::string text = "person_id,household_id\nx,g\n";
  for (size_t i = 0; i <= kMaxHouseholdPersons + 5; ++i) text += std::to_string(i) + ",h\n";
  text += "y,i\n";
  ExpectPiecesReadAsNext(text, 4'999);
}

TEST(PopulationPieces, ReadTheSynthesizedPopulationAsNext) {
  std::ostringstream written;
  Synthesize(500, 17, written, base::Date::FromYmd(2025, 3, 1));
  ExpectPiecesReadAsNext(written.str(), 1'999);
}

TEST(PopulationPieces, AParserIsReusedAcrossPiecesAfterAnError) {
  // A worker's parser meets a bad piece, then the next one: the error must not stick.
  std::istringstream in("person_id,household_id,age\na,h1,x\nb,h2,2\nc,h3,3\n");
  auto reader = Reader::Open(in, "pop.csv");
  ASSERT_TRUE(reader.ok());
  PieceParser parser = reader->Parser();
  Piece first, second;
  PieceHouseholds households;
  ASSERT_TRUE(*reader->NextPiece(first, 1));
  ASSERT_TRUE(*reader->NextPiece(second, 1));
  Chunk chunk;
  parser.Start(first);
  auto bad = parser.Next(chunk, 10);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message(), "pop.csv:2: column 'age': 'x' is not a whole number");
  parser.Finish(first, households);
  EXPECT_TRUE(households.ends_open);
  ASSERT_EQ(households.size(), 1u);
  EXPECT_EQ(households.id(0), "h1");
  parser.Start(second);
  ASSERT_TRUE(*parser.Next(chunk, 10));
  EXPECT_EQ(chunk.household_ids, (std::vector<std::string>{"h3"}));
  EXPECT_FALSE(*parser.Next(chunk, 10));
  parser.Finish(second, households);
  EXPECT_FALSE(households.ends_open);
  EXPECT_EQ(households.lines, (std::vector<int64_t>{4}));
  EXPECT_EQ(households.persons, 1u);
  EXPECT_FALSE(*reader->NextPiece(first, 1));
}

// ---------------------------------------------------------------------------
// Errors: one per class, with the exact message.

TEST(PopulationReader, RejectsAnEmptyFile) {
  EXPECT_EQ(ErrorOf(""), "pop.csv:1: empty file (expected a header row naming the columns)");
}

TEST(PopulationReader, RejectsHeaderProblems) {
  EXPECT_EQ(ErrorOf("person_id\n"), "pop.csv:1: missing required column 'household_id'");
  EXPECT_EQ(ErrorOf("household_id\n"), "pop.csv:1: missing required column 'person_id'");
  EXPECT_EQ(ErrorOf("person_id,household_id,birth_dat\n"),
            "pop.csv:1: unknown column 'birth_dat' (column 3) (did you mean 'birth_date'?)");
  EXPECT_EQ(ErrorOf("person_id,household_id,housing.rent\n"),
            "pop.csv:1: unknown column 'housing.rent' (column 3) (did you mean 'housing.tenure'?)");
  EXPECT_EQ(ErrorOf("person_id,household_id,age,age\n"), "pop.csv:1: duplicate column 'age' (columns 3 and 4)");
  EXPECT_EQ(ErrorOf("person_id,household_id,id\n"),
            "pop.csv:1: column 'id': the person id column is called 'person_id'");
}

TEST(PopulationReader, RejectsTruncatedAndOverlongRows) {
  EXPECT_EQ(ErrorOf("person_id,household_id,age\na,h,1\nb,h\n"),
            "pop.csv:3: the row has 2 cells but the header has 3 columns");
  EXPECT_EQ(ErrorOf("person_id,household_id,age\na\n"), "pop.csv:2: the row has 1 cell but the header has 3 columns");
  EXPECT_EQ(ErrorOf("person_id,household_id\na,h,\n"), "pop.csv:2: the row has 3 cells but the header has 2 columns");
}

TEST(PopulationReader, RejectsBrokenQuoting) {
  EXPECT_EQ(ErrorOf("person_id,household_id\na,\"h\n"), "pop.csv:2: column 'household_id': unterminated quoted cell");
  EXPECT_EQ(ErrorOf("person_id,household_id\n\"a\"x,h\n"),
            "pop.csv:2: column 'person_id': unexpected 'x' after the closing quote (a quote inside a quoted cell "
            "is written \"\")");
  EXPECT_EQ(ErrorOf("person_id,household_id\na\"b,h\n"),
            "pop.csv:2: column 'person_id': a quote inside an unquoted cell (quote the whole cell and write \"\")");
  EXPECT_EQ(ErrorOf("person_id,household_id\na,h,\"x\n"), "pop.csv:2: cell 3: unterminated quoted cell");
}

TEST(PopulationReader, RejectsARowLongerThanTheLimit) {
  std::string text = "person_id,household_id,nationality\na,h,\"" + std::string(kMaxRowBytes + 10, 'x') + "\"\n";
  EXPECT_EQ(ErrorOf(text), "pop.csv:2: the row is longer than 1048576 bytes (an unterminated quote?)");
}

TEST(PopulationReader, RejectsHouseholdStructureProblems) {
  EXPECT_EQ(ErrorOf("person_id,household_id\na,h1\nb,h2\nc,h1\n"),
            "pop.csv:4: household 'h1' reappears after other households (the rows of a household must be "
            "contiguous)");
  EXPECT_EQ(ErrorOf("person_id,household_id\na,2\nb,10\nc,9\nd,2\n"),
            "pop.csv:5: household '2' reappears after other households (the rows of a household must be "
            "contiguous)");
  EXPECT_EQ(ErrorOf("person_id,household_id\na,h\nb,h\na,h\n"),
            "pop.csv:4: column 'person_id': duplicate person id 'a' in household 'h' (already on line 2)");
  EXPECT_EQ(ErrorOf("person_id,household_id\na,\n"), "pop.csv:2: column 'household_id': empty household id");
  EXPECT_EQ(ErrorOf("person_id,household_id\n,h\n"), "pop.csv:2: column 'person_id': empty person id");
  EXPECT_EQ(ErrorOf("person_id,household_id,housing.rent_monthly\na,h,650\nb,h,700.00\n"),
            "pop.csv:3: column 'housing.rent_monthly': '700.00' differs from '650.00' earlier in household 'h' (a "
            "household-level column has one value per household)");
  EXPECT_EQ(ErrorOf("person_id,household_id,neighbourhood\na,h,Appels\nb,h,Oudegem\n"),
            "pop.csv:3: column 'neighbourhood': 'Oudegem' differs from 'Appels' earlier in household 'h' (a "
            "household-level column has one value per household)");
}

// One municipality id: each household's municipality.nis is resolved from
// its postcode or name (household/municipality.h), as a column of its own
// when the file has none, whatever the chunk size; a postcode that matches
// no municipality, or a code and a postcode that disagree, name the row.
TEST(PopulationReader, FillsInEachHouseholdsNisCode) {
  const std::string text =
      "person_id,household_id,municipality.postcode,municipality.name\n"
      "a,h1,2490,\n"
      "b,h1,,\n"
      "c,h2,,heusden zolder\n"
      "d,h3,,\n"
      "e,h4,2490,\n";
  for (size_t max_persons : {1, 2, 1000}) {
    Read r = ReadAll(text, max_persons);
    ASSERT_EQ(r.error, "") << max_persons;
    std::vector<household::Household> households;
    for (const Chunk& chunk : r.chunks) {
      for (size_t i = 0; i < chunk.size(); ++i) households.push_back(chunk.Household(i));
    }
    ASSERT_EQ(households.size(), 4u);
    EXPECT_EQ(HouseholdFact(households[0], "municipality.nis").text, "13003") << max_persons;
    EXPECT_EQ(HouseholdFact(households[0], "municipality.name").text, "Balen") << max_persons;
    EXPECT_EQ(HouseholdFact(households[1], "municipality.nis").text, "71070") << max_persons;
    EXPECT_FALSE(HouseholdFact(households[2], "municipality.nis").present) << max_persons;
    EXPECT_EQ(HouseholdFact(households[3], "municipality.nis").text, "13003") << max_persons;
  }
  EXPECT_EQ(ErrorOf("person_id,household_id,municipality.postcode\na,h1,2490\nb,h2,9998\n"),
            "pop.csv:3: household 'h2': column 'municipality.postcode': postcode 9998 matches no municipality in "
            "Flanders or Brussels");
  EXPECT_EQ(ErrorOf("person_id,household_id,municipality.nis,municipality.postcode\na,h1,24038,2490\n"),
            "pop.csv:2: household 'h1': column 'municipality.postcode': postcode 2490 is in Balen (13003), but "
            "column 'municipality.nis' 24038 is Herent");
}

// A household's values are written into its row of the chunk as they are
// read; a household whose rows run past the end of a chunk takes them to
// the next. Whatever the chunk size, a value given on a later row, or a
// later row that disagrees, is seen.
TEST(PopulationReader, HouseholdValuesFollowAHouseholdAcrossChunks) {
  const std::string agree =
      "person_id,household_id,housing.tenure,municipality.name,housing.rent_monthly\n"
      "a,h1,tenant,,\n"
      "b,h1,,Gent,\n"
      "c,h1,tenant,Gent,650.00\n"
      "d,h2,owner,Aalst,\n";
  for (size_t max_persons : {1, 2, 3, 1000}) {
    Read r = ReadAll(agree, max_persons);
    ASSERT_EQ(r.error, "") << max_persons;
    std::vector<household::Household> households;
    for (const Chunk& chunk : r.chunks) {
      for (size_t i = 0; i < chunk.size(); ++i) households.push_back(chunk.Household(i));
    }
    ASSERT_EQ(households.size(), 2u) << max_persons;
    EXPECT_EQ(HouseholdFact(households[0], "housing.tenure").text, "tenant") << max_persons;
    EXPECT_EQ(HouseholdFact(households[0], "municipality.name").text, "Gent") << max_persons;
    EXPECT_EQ(HouseholdFact(households[0], "housing.rent_monthly").number, 65000) << max_persons;
    EXPECT_EQ(HouseholdFact(households[1], "housing.tenure").text, "owner") << max_persons;
    EXPECT_EQ(HouseholdFact(households[1], "municipality.name").text, "Aalst") << max_persons;
    EXPECT_FALSE(HouseholdFact(households[1], "housing.rent_monthly").present) << max_persons;
  }
  const std::string disagree =
      "person_id,household_id,housing.tenure,municipality.name\n"
      "a,h1,tenant,\n"
      "b,h1,,Gent\n"
      "c,h1,,Brugge\n";
  for (size_t max_persons : {1, 2, 1000}) {
    EXPECT_EQ(ReadAll(disagree, max_persons).error,
              "pop.csv:4: column 'municipality.name': 'Brugge' differs from 'Gent' earlier in household 'h1' (a "
              "household-level column has one value per household)")
        << max_persons;
  }
}

// A plain enum value keeps no text (the schema spells it) and a value a
// pattern admits ("carer_*") keeps the cell; a row reused by the next chunk
// must not show the text of the value it held before.
TEST(PopulationReader, EnumTextsSurviveRowsReusedAcrossChunks) {
  const std::string text =
      "person_id,household_id,relationship_to_applicant,housing.tenure\n"
      "a,h1,self,tenant\n"
      "b,h2,carer_mother,owner\n"
      "c,h3,carer_son,tenant\n"
      "d,h4,partner,\n"
      "e,h5,,owner\n"
      "f,h6,self,tenant\n";
  for (size_t max_persons : {1, 2, 1000}) {
    std::istringstream in(text);
    auto reader = Reader::Open(in, "pop.csv");
    ASSERT_TRUE(reader.ok());
    std::vector<std::string> relationships, tenures;
    Chunk chunk;  // one chunk for the whole file, as a scan reads
    for (;;) {
      auto more = reader->Next(chunk, max_persons);
      ASSERT_TRUE(more.ok()) << more.error().message();
      if (!*more) break;
      for (size_t i = 0; i < chunk.size(); ++i) {
        const household::Household household = chunk.Household(i);
        relationships.push_back(PersonFact(household.persons[0], "relationship_to_applicant").text);
        tenures.push_back(HouseholdFact(household, "housing.tenure").text);
      }
    }
    // With 2 persons a chunk, d fills the row b (a pattern value) filled in the chunk before.
    EXPECT_EQ(relationships, (std::vector<std::string>{"self", "carer_mother", "carer_son", "partner", "", "self"}))
        << max_persons;
    EXPECT_EQ(tenures, (std::vector<std::string>{"tenant", "owner", "tenant", "", "owner", "tenant"})) << max_persons;
  }
  EXPECT_EQ(ErrorOf("person_id,household_id,housing.tenure\na,h1,tenant\nb,h1,owner\n"),
            "pop.csv:3: column 'housing.tenure': 'owner' differs from 'tenant' earlier in household 'h1' (a "
            "household-level column has one value per household)");
}

TEST(PopulationReader, NamesTheFirstBadCellInFileOrder) {
  // The cells are parsed one type at a time (amounts before enums, among
  // them), yet the error names the first bad cell as a reader sees the row:
  // person cells, then household cells, each in file order.
  EXPECT_EQ(ErrorOf("person_id,household_id,housing.tenure,housing.rent_monthly\na,h,tennant,x\n"),
            "pop.csv:2: column 'housing.tenure': 'tennant' is not an allowed value (did you mean 'tenant'?); "
            "allowed: owner, tenant, social_tenant, homeless, care_home, other");
  EXPECT_EQ(ErrorOf("person_id,household_id,housing.rent_monthly,marital_status,age\na,h,x,single,y\n"),
            "pop.csv:2: column 'age': 'y' is not a whole number");
  // A later row of the household is checked against the first.
  EXPECT_EQ(ErrorOf("person_id,household_id,neighbourhood,housing.rent_monthly\na,h,Noord,650\nb,h,,x\n"),
            "pop.csv:3: column 'housing.rent_monthly': 'x' is not an amount in euro (digits, '.' and at most 2 "
            "decimals)");
  EXPECT_EQ(ErrorOf("person_id,household_id,neighbourhood,housing.rent_monthly\na,h,Noord,650\nb,h,Zuid,650\n"),
            "pop.csv:3: column 'neighbourhood': 'Zuid' differs from 'Noord' earlier in household 'h' (a "
            "household-level column has one value per household)");
}

TEST(PopulationReader, FindsADuplicatePersonIdInALargeHousehold) {
  std::string text = "person_id,household_id\n";
  for (int i = 0; i < 100; ++i) text += "p" + std::to_string(i) + ",h\n";
  text += "p7,h\n";
  EXPECT_EQ(ErrorOf(text),
            "pop.csv:102: column 'person_id': duplicate person id 'p7' in household 'h' (already on line 9)");
}

TEST(PopulationReader, RejectsAHouseholdAboveTheLimit) {
  std::string text = "person_id,household_id\n";
  for (size_t i = 0; i <= kMaxHouseholdPersons; ++i) text += std::to_string(i) + ",h\n";
  EXPECT_EQ(ErrorOf(text), "pop.csv:10002: household 'h' has more than 10000 persons");
}

TEST(PopulationReader, RejectsBadValues) {
  auto one = [](std::string column, std::string value) {
    return ErrorOf("person_id,household_id," + column + "\na,h," + value + "\n");
  };
  EXPECT_EQ(one("birth_date", "2025-02-30"), "pop.csv:2: column 'birth_date': '2025-02-30' is not a date (YYYY-MM-DD)");
  EXPECT_EQ(one("birth_date", "15/06/1958"), "pop.csv:2: column 'birth_date': '15/06/1958' is not a date (YYYY-MM-DD)");
  EXPECT_EQ(one("pregnant", "yes"), "pop.csv:2: column 'pregnant': 'yes' is not a boolean (1, 0, true or false)");
  EXPECT_EQ(one("age", "7.5"), "pop.csv:2: column 'age': '7.5' is not a whole number");
  EXPECT_EQ(one("age", "-3"), "pop.csv:2: column 'age': negative number '-3' is not allowed");
  EXPECT_EQ(one("age", "99999999999999999999"), "pop.csv:2: column 'age': number '99999999999999999999' is too large");
  EXPECT_EQ(one("housing.rent_monthly", "\"650,00\""),
            "pop.csv:2: column 'housing.rent_monthly': '650,00' is not an amount in euro (digits, '.' and at most 2 "
            "decimals)");
  EXPECT_EQ(one("housing.rent_monthly", "6.5e2"),
            "pop.csv:2: column 'housing.rent_monthly': '6.5e2' is not an amount in euro (digits, '.' and at most 2 "
            "decimals)");
  EXPECT_EQ(one("housing.rent_monthly", "650.005"),
            "pop.csv:2: column 'housing.rent_monthly': amount '650.005' has more than 2 decimals");
  EXPECT_EQ(one("income_net_month", "-5.00"),
            "pop.csv:2: column 'income_net_month': negative amount '-5.00' is not allowed");
  EXPECT_EQ(one("income_gross_taxable_year", "100000000000000"),
            "pop.csv:2: column 'income_gross_taxable_year': amount '100000000000000' is too large");
  EXPECT_EQ(one("housing.tenure", "tennant"),
            "pop.csv:2: column 'housing.tenure': 'tennant' is not an allowed value (did you mean 'tenant'?); "
            "allowed: owner, tenant, social_tenant, homeless, care_home, other");
  EXPECT_EQ(one("statuses", "vt;Leefloon"),
            "pop.csv:2: column 'statuses': 'Leefloon' is not a status name (lowercase letters, digits and '_', "
            "starting with a letter) (did you mean 'leefloon'?)");
  EXPECT_EQ(one("statuses", "vt;;igo"),
            "pop.csv:2: column 'statuses': empty status name in 'vt;;igo' (statuses are separated by ';')");
}

TEST(PopulationReader, QuotesLongAndControlCharactersInMessages) {
  EXPECT_EQ(ErrorOf("person_id,household_id,age\na,h,\"1\t" + std::string(70, '2') + "\"\n"),
            "pop.csv:2: column 'age': '1\\x09" + std::string(58, '2') + "...' is not a whole number");
}

// NUL bytes and invalid UTF-8 would be copied into the worklist and the SQL
// tables: refused wherever they are, short rows (the general path) and long
// ones (the one-pass splitter), quoted or not, naming line, column and byte.
TEST(PopulationReader, RejectsANulByteNamingLineColumnAndByte) {
  const std::string header = "person_id,household_id,neighbourhood\n";
  EXPECT_EQ(ErrorOf(header + "a,h1,Noord\n" + std::string("b,h2,No\0rd\n", 11) + "c,h3,Zuid\n"),
            "pop.csv:3: column 'neighbourhood': a NUL byte at byte 8 of the line (a population file is text)");
  const std::string long_cell(100, 'x');
  EXPECT_EQ(ErrorOf(header + "a,h1," + long_cell + "\n" + "b,h2," + long_cell + std::string("\0", 1) + "\n"),
            "pop.csv:3: column 'neighbourhood': a NUL byte at byte 106 of the line (a population file is text)");
  EXPECT_EQ(ErrorOf(header + std::string("a,h\0", 4) + "1," + long_cell + "\n"),
            "pop.csv:2: column 'household_id': a NUL byte at byte 4 of the line (a population file is text)");
  // In a quoted cell over two lines: the line of the byte itself.
  EXPECT_EQ(ErrorOf(header + "a,h1,\"Noord\n" + std::string("\0\"\n", 3)),
            "pop.csv:3: column 'neighbourhood': a NUL byte at byte 1 of the line (a population file is text)");
  EXPECT_EQ(ErrorOf(std::string("person_id,household_id\0\n", 24)),
            "pop.csv:1: cell 2: a NUL byte at byte 23 of the line (a population file is text)");
}

TEST(PopulationReader, RejectsInvalidUtf8NamingLineColumnAndByte) {
  const std::string header = "person_id,household_id,neighbourhood\n";
  const std::string long_cell(100, 'x');
  EXPECT_EQ(ErrorOf(header + "a,h1,Noord\nb,h2,Zu\xFFid\n"),
            "pop.csv:3: column 'neighbourhood': invalid UTF-8 at byte 8 of the line (0xff; a population file is UTF-8 "
            "text)");
  EXPECT_EQ(ErrorOf(header + "a,h1," + long_cell + "\xC0\xAF\n"),  // an overlong '/'
            "pop.csv:2: column 'neighbourhood': invalid UTF-8 at byte 106 of the line (0xc0; a population file is "
            "UTF-8 text)");
  EXPECT_EQ(ErrorOf(header + "a,h1,\"" + long_cell + "\xE2\x82\"\n"),  // a sequence cut short by the quote
            "pop.csv:2: column 'neighbourhood': invalid UTF-8 at byte 107 of the line (0xe2; a population file is "
            "UTF-8 text)");
  EXPECT_EQ(ErrorOf("person_id,household_id,\xE9tat\n"),  // Latin-1, not UTF-8
            "pop.csv:1: cell 3: invalid UTF-8 at byte 24 of the line (0xe9; a population file is UTF-8 text)");
  // The first bad byte in file order, whichever kind.
  EXPECT_EQ(ErrorOf(header + "a,h1,\xFF" + std::string("\0", 1) + "\n"),
            "pop.csv:2: column 'neighbourhood': invalid UTF-8 at byte 6 of the line (0xff; a population file is UTF-8 "
            "text)");
}

TEST(PopulationReader, ReadsWellFormedUtf8OnBothPaths) {
  const std::string header = "person_id,household_id,neighbourhood\n";
  const std::string quoted = std::string("\"Z\xC3\xBC") + "d,\n" + std::string(70, 'y') + "\xF0\x9F\x8F\xA0\"";
  for (const std::string& name :
       {std::string("Sint-Jozef-Ka\xC3\xAF"), "Caf\xC3\xA9 " + std::string(100, 'x') + " \xE2\x82\xAC", quoted}) {
    const Read r = ReadAll(header + "a,h1," + name + "\nb,h2,Noord\n");
    ASSERT_EQ(r.error, "") << name;
    ASSERT_EQ(r.chunks.size(), 1u);
    const std::string expected = name.front() == '"' ? name.substr(1, name.size() - 2) : name;
    EXPECT_EQ(r.chunks[0].neighbourhoods[0], expected);
    ExpectPiecesReadAsNext(header + "a,h1," + name + "\nb,h2,Noord\n");
  }
}

TEST(PopulationReader, FindsABadByteWhereverTheReadBufferAndThePiecesEnd) {
  // A two-byte sequence and a bad byte at every offset around the end of the
  // first read (256 KiB), in households cut into pieces of every size.
  std::string rows = "person_id,household_id,neighbourhood\n";
  int64_t line = 1;
  for (; rows.size() < (size_t{256} << 10) - 100; ++line) {
    rows += "p" + std::to_string(line) + ",h" + std::to_string(line) + ",Noord\n";
  }
  for (size_t pad = 0; pad < 200; pad += 5) {
    const std::string prefix = rows + "a,g1," + std::string(pad, 'x');
    EXPECT_EQ(ReadAll(prefix + "\xC3\xA9" + std::string(100, 'y') + "\nb,g2,Zuid\n").error, "") << pad;
    const std::string bad = prefix + "\xC3" + std::string(100, 'y') + "\nb,g2,Zuid\n";
    const std::string expected = "pop.csv:" + std::to_string(line + 1) +
                                 ": column 'neighbourhood': invalid UTF-8 at byte " + std::to_string(pad + 6) +
                                 " of the line (0xc3; a population file is UTF-8 text)";
    EXPECT_EQ(ReadAll(bad).error, expected) << pad;
    for (size_t target : {1000, 4096, 65536, 262100, 262200}) {
      EXPECT_EQ(ReadAllInPieces(bad, target).error, expected) << pad << " in pieces of " << target;
    }
    const std::string nul = prefix + std::string("\0", 1) + "\nb,g2,Zuid\n";
    EXPECT_EQ(ReadAll(nul).error, "pop.csv:" + std::to_string(line + 1) +
                                      ": column 'neighbourhood': a NUL byte at byte " + std::to_string(pad + 6) +
                                      " of the line (a population file is text)")
        << pad;
  }
}

TEST(PopulationReader, KeepsReturningTheSameErrorAfterAFailure) {
  std::istringstream in("person_id,household_id,age\na,h,x\nb,h2,1\n");
  auto reader = Reader::Open(in, "pop.csv");
  ASSERT_TRUE(reader.ok());
  Chunk chunk;
  auto first = reader->Next(chunk, 10);
  ASSERT_FALSE(first.ok());
  auto second = reader->Next(chunk, 10);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().message(), first.error().message());
}

// ---------------------------------------------------------------------------
// Round trip with the synthetic population.

std::vector<std::string> SplitPlain(const std::string& line) {
  std::vector<std::string> cells;
  size_t start = 0;
  for (;;) {
    size_t comma = line.find(',', start);
    cells.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) return cells;
    start = comma + 1;
  }
}

TEST(PopulationReader, ReadsBackEverySynthesizedPerson) {
  const base::Date date = base::Date::FromYmd(2025, 3, 1);
  std::ostringstream written;
  Synthesize(10'000, 7, written, date);
  const std::string text = written.str();

  // The expected values, by a naive split (synthetic cells are never quoted).
  std::istringstream lines(text);
  std::string line;
  std::getline(lines, line);
  const std::vector<std::string> header = SplitPlain(line);
  std::vector<std::vector<std::string>> rows;
  while (std::getline(lines, line)) rows.push_back(SplitPlain(line));
  ASSERT_EQ(rows.size(), 10'000u);
  auto column = [&](std::string_view name) {
    return static_cast<size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };

  Read r = ReadAll(text, 1024);
  ASSERT_EQ(r.error, "");
  size_t row = 0;
  size_t households = 0;
  for (const Chunk& c : r.chunks) {
    EXPECT_LE(c.persons(), 1024u);
    for (size_t h = 0; h < c.size(); ++h, ++households) {
      const household::Household hh = c.Household(h);
      const std::vector<std::string>& first = rows[row];
      EXPECT_EQ(c.household_ids[h], first[1]);
      EXPECT_EQ(c.neighbourhoods[h], first[2]);
      for (size_t col = 3; col < header.size(); ++col) {
        auto field = household::FindField(Entity::kHousehold, header[col]);
        if (!field) continue;
        const Fact& fact = hh.facts[*field];
        ASSERT_EQ(fact.present, !first[col].empty()) << header[col] << " on row " << row;
      }
      EXPECT_EQ(HouseholdFact(hh, "household.living_situation").text, first[column("household.living_situation")]);
      for (size_t p = 0; p < hh.persons.size(); ++p, ++row) {
        const std::vector<std::string>& cells = rows[row];
        const household::Person& person = hh.persons[p];
        EXPECT_EQ(c.person_id(h, p), cells[0]);
        EXPECT_EQ(cells[1], c.household_ids[h]);
        for (size_t col = 0; col < header.size(); ++col) {
          auto field = household::FindField(Entity::kPerson, header[col]);
          if (!field) continue;
          ASSERT_EQ(person.facts[*field].present, !cells[col].empty()) << header[col] << " on row " << row;
        }
        const Fact& birth = PersonFact(person, "birth_date");
        EXPECT_EQ(birth.number, base::Date::Parse(cells[column("birth_date")])->days());
        EXPECT_EQ(PersonFact(person, "relationship_to_applicant").text, cells[column("relationship_to_applicant")]);
        ASSERT_TRUE(person.statuses.has_value());
        ASSERT_TRUE(person.incomes.has_value());
        ASSERT_EQ(person.incomes->size(), 2u);
        EXPECT_EQ((*person.incomes)[0].amount.ToString(), cells[column("income_net_month")]);
        EXPECT_EQ((*person.incomes)[1].amount.ToString(), cells[column("income_gross_taxable_year")]);
      }
      EXPECT_EQ(PersonFact(hh.persons[0], "relationship_to_applicant").text, "self");
    }
  }
  EXPECT_EQ(row, rows.size());
  EXPECT_EQ(households, r.households());
}

// Long rows go through the one-pass record splitter; CRLF line ends and
// blank lines must read as they do on the general path.
TEST(PopulationReader, CrlfLineEndsAndBlankLinesReadAsPlainLines) {
  std::ostringstream written;
  Synthesize(400, 5, written, base::Date::FromYmd(2025, 3, 1));
  const std::string text = written.str();
  std::string crlf;
  size_t line = 1;
  for (char c : text) {
    if (c != '\n') {
      crlf += c;
      continue;
    }
    crlf += "\r\n";
    if (++line % 7 == 0) crlf += (line % 2 == 0) ? "\r\n" : "\n";  // a blank line
  }
  const Read plain = ReadAll(text);
  const Read windows = ReadAll(crlf);
  ASSERT_EQ(plain.error, "");
  ASSERT_EQ(windows.error, "");
  EXPECT_EQ(HouseholdsAsJson(windows.chunks), HouseholdsAsJson(plain.chunks));

  // A bad date on the line after 200 line ends is reported on line 201.
  size_t at = 0;
  for (int n = 0; n < 200; ++n) at = crlf.find('\n', at) + 1;
  const size_t date = crlf.find(",19", at) + 1;  // a birth date of the 1900s
  ASSERT_LT(date, crlf.find('\n', at));
  std::string bad = crlf;
  bad.replace(date, 10, "1990-02-30");
  EXPECT_EQ(ErrorOf(bad), "pop.csv:201: column 'birth_date': '1990-02-30' is not a date (YYYY-MM-DD)");
}

// A small deterministic fuzz: truncations and byte mutations of a valid file
// either read or fail with a message naming pop.csv, and never crash.
TEST(PopulationReader, SurvivesTruncatedAndMutatedInput) {
  std::ostringstream written;
  Synthesize(200, 3, written, base::Date::FromYmd(2025, 1, 1));
  const std::string text = written.str();
  const std::string alphabet = ",\"\n\r;.-0a\x01\xff";
  uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  for (int round = 0; round < 300; ++round) {
    std::string mutated = text.substr(0, next() % (text.size() + 1));
    for (int k = 0; k < 3 && !mutated.empty(); ++k)
      mutated[next() % mutated.size()] = alphabet[next() % alphabet.size()];
    const size_t max_persons = 1 + next() % 50;
    Read r = ReadAll(mutated, max_persons);
    if (!r.error.empty()) {
      EXPECT_EQ(r.error.rfind("pop.csv:", 0), 0u) << r.error;
    }
    const size_t target = 1 + next() % 2000;
    Read pieces = ReadAllInPieces(mutated, target, max_persons);
    EXPECT_EQ(pieces.error, r.error) << "round " << round << ", pieces of " << target << " bytes";
    if (r.error.empty()) {
      EXPECT_EQ(HouseholdsAsJson(pieces.chunks), HouseholdsAsJson(r.chunks)) << "round " << round;
    }
  }
}

}  // namespace
}  // namespace population

namespace population {
namespace {

// The benchmark population's own columns (shared/spec/bench-rule.md), with its
// worked example: a couple (900 and 700 a month) and a child, and a single
// person who already receives the allowance.
constexpr const char* kBenchPopulation =
    "person_id,household_id,birth_date,monthly_income,receives_allowance\n"
    "0,0,1980-05-01,900.0,False\n"
    "1,0,1982-03-15,700.0,False\n"
    "2,0,2015-07-20,0.0,False\n"
    "3,1,1950-01-01,1200.5,True\n";

TEST(PopulationReader, ReadsTheBenchmarkPopulationColumns) {
  Read read = ReadAll(kBenchPopulation);
  ASSERT_EQ(read.error, "");
  ASSERT_EQ(read.households(), 2u);
  const household::Household couple = read.chunks[0].Household(0);
  ASSERT_EQ(couple.persons.size(), 3u);
  ASSERT_TRUE(couple.persons[0].incomes.has_value());
  ASSERT_EQ(couple.persons[0].incomes->size(), 1u);
  const household::Income& income = couple.persons[0].incomes->front();
  EXPECT_EQ(income.amount.cents(), 90000);
  EXPECT_EQ(income.kind, "other");
  EXPECT_EQ(income.period, household::IncomePeriod::kMonth);
  EXPECT_EQ(income.basis, household::IncomeBasis::kNet);
  ASSERT_TRUE(couple.persons[0].statuses.has_value());
  EXPECT_TRUE(couple.persons[0].statuses->empty());
  const household::Household single = read.chunks[0].Household(1);
  ASSERT_TRUE(single.persons[0].statuses.has_value());
  ASSERT_EQ(single.persons[0].statuses->size(), 1u);
  EXPECT_EQ(single.persons[0].statuses->front().status, "allowance");
  EXPECT_EQ(single.persons[0].incomes->front().amount.cents(), 120050);
}

TEST(PopulationReader, AnEmptyStatusFlagLeavesTheStatusesUnknown) {
  Read read = ReadAll("person_id,household_id,statuses,receives_vt\na,h,igo,\nb,h,igo,1\nc,h,,0\n");
  ASSERT_EQ(read.error, "");
  const household::Household household = read.chunks[0].Household(0);
  const auto& persons = household.persons;
  EXPECT_FALSE(persons[0].statuses.has_value());
  ASSERT_TRUE(persons[1].statuses.has_value());
  ASSERT_EQ(persons[1].statuses->size(), 2u);
  EXPECT_EQ((*persons[1].statuses)[0].status, "igo");
  EXPECT_EQ((*persons[1].statuses)[1].status, "vt");
  ASSERT_TRUE(persons[2].statuses.has_value());
  EXPECT_TRUE(persons[2].statuses->empty());
}

TEST(PopulationReader, StatusBitsFollowTheStatusesAndTheFlags) {
  Read read = ReadAll(
      "person_id,household_id,statuses,receives_vt\na,h,igo;my_status,\nb,h,igo,1\nc,h,,0\nd,h,my_status;zzb,0\n");
  ASSERT_EQ(read.error, "");
  const household::Columns& columns = read.chunks[0].columns;
  ExpectStatusBitsOfTheEntries(columns);
  using household::StatusBit;
  EXPECT_EQ(columns.status_bits, (std::vector<uint64_t>{0, StatusBit("igo") | StatusBit("vt"), 0,
                                                        household::kOtherStatusBit | StatusBit("zzb")}));
}

// The reader writes list entries over those of the chunk passed in: what it
// does not set (a status's date, category and route) must not survive.
TEST(PopulationReader, AReusedChunkKeepsNoStatusDetailOfItsHouseholds) {
  household::Household old;
  old.persons.resize(2);
  old.persons[0].statuses =
      std::vector<household::Status>{{"leefloon", base::Date::FromYmd(2024, 3, 1), "category", "route"}};
  old.persons[1].incomes =
      std::vector<household::Income>{{"pension", base::Money::FromCents(150000), household::IncomePeriod::kYear,
                                      household::IncomeBasis::kGrossTaxable}};
  Chunk chunk;
  household::AppendHousehold(old, chunk.columns);
  std::istringstream in("person_id,household_id,statuses,income_net_month\na,h,vt,12.50\nb,h,igo,\n");
  auto reader = Reader::Open(in, "pop.csv");
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE(*reader->Next(chunk, 100));
  const household::Household household = chunk.Household(0);
  ASSERT_EQ(household.persons.size(), 2u);
  ASSERT_EQ(household.persons[0].statuses->size(), 1u);
  const household::Status& status = household.persons[0].statuses->at(0);
  EXPECT_EQ(status.status, "vt");
  EXPECT_FALSE(status.since.has_value());
  EXPECT_EQ(status.category, "");
  EXPECT_EQ(status.route, "");
  const household::Income& income = household.persons[0].incomes->at(0);
  EXPECT_EQ(income.kind, "other");
  EXPECT_EQ(income.amount.cents(), 1250);
  EXPECT_EQ(income.period, household::IncomePeriod::kMonth);
  EXPECT_EQ(income.basis, household::IncomeBasis::kNet);
  EXPECT_FALSE(household.persons[1].incomes.has_value());
  ExpectStatusBitsOfTheEntries(chunk.columns);
}

TEST(PopulationReader, NamesABadStatusFlagAndTwoNetIncomeColumns) {
  EXPECT_EQ(ErrorOf("person_id,household_id,receives_allowance\na,h,ja\n"),
            "pop.csv:2: column 'receives_allowance': 'ja' is not a boolean (1, 0, true or false)");
  EXPECT_EQ(ErrorOf("person_id,household_id,income_net_month,monthly_income\na,h,1,1\n"),
            "pop.csv:1: columns 'income_net_month' and 'monthly_income' both give the net monthly income (columns 3 "
            "and 4)");
}


// The reader parses well-formed dates on a fast path of its own and leaves
// everything else to base::Date::Parse: the two must agree on every day
// number and on what is rejected, leap days and impossible days included.
TEST(PopulationReader, ParsesDatesExactlyAsDateParse) {
  for (int year :
       {0, 1, 4, 100, 400, 1582, 1799, 1800, 1900, 1970, 1999, 2000, 2024, 2025, 2100, 2200, 2201, 2400, 9999}) {
    for (int month = 0; month <= 13; ++month) {
      for (int day = 0; day <= 32; ++day) {
        char date[16];
        std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, month, day);
        std::istringstream in(std::string("person_id,household_id,birth_date\np1,h1,") + date + "\n");
        auto reader = population::Reader::Open(in, "pop.csv");
        ASSERT_TRUE(reader.ok());
        population::Chunk chunk;
        auto more = reader->Next(chunk, 1024);
        std::optional<base::Date> expected = base::Date::Parse(date);
        if (expected && base::IsSupportedYear(year)) {
          ASSERT_TRUE(more.ok()) << date << ": " << more.error().message();
          const auto field = *household::FindField(household::Entity::kPerson, "birth_date");
          EXPECT_EQ(chunk.columns.person_facts[field].number.at(0), expected->days()) << date;
        } else if (expected) {
          ASSERT_FALSE(more.ok()) << date;
          EXPECT_EQ(more.error().message(), std::string("pop.csv:2: column 'birth_date': '") + date +
                                                "' is outside the supported dates 1800-01-01..2200-12-31");
        } else {
          ASSERT_FALSE(more.ok()) << date;
          EXPECT_EQ(more.error().message(),
                    std::string("pop.csv:2: column 'birth_date': '") + date + "' is not a date (YYYY-MM-DD)");
        }
      }
    }
  }
  // Not the fixed format at all: still rejected with the same message.
  for (std::string_view bad : {"2025-2-3", "2025/02/03", "20250203", "2025-02-3x", "+025-02-03", "2025-02-030"}) {
    std::istringstream in("person_id,household_id,birth_date\np1,h1," + std::string(bad) + "\n");
    auto reader = population::Reader::Open(in, "pop.csv");
    ASSERT_TRUE(reader.ok());
    population::Chunk chunk;
    auto more = reader->Next(chunk, 1024);
    ASSERT_FALSE(more.ok()) << bad;
    EXPECT_EQ(more.error().message(),
              "pop.csv:2: column 'birth_date': '" + std::string(bad) + "' is not a date (YYYY-MM-DD)");
  }
}

// Reads a one-person file whose column `column` holds `cell`, into `chunk`.
base::Status ReadOneCell(std::string_view column, std::string_view cell, population::Chunk& chunk) {
  std::istringstream in("person_id,household_id," + std::string(column) + "\np1,h1," + std::string(cell) + "\n");
  auto reader = population::Reader::Open(in, "pop.csv");
  if (!reader.ok()) return reader.error();
  auto more = reader->Next(chunk, 1024);
  if (!more.ok()) return more.error();
  return base::Ok{};
}

// Amounts take a fast path for the common short forms; the general checks
// decide the rest. Both sides of its bounds (13 characters, one or two
// decimals) give the same cents, and malformed amounts the same errors.
TEST(PopulationReader, ParsesAmountsOnBothSidesOfTheFastPath) {
  auto read = [](std::string_view cell) -> base::Result<int64_t> {
    population::Chunk chunk;
    if (auto read = ReadOneCell("income_net_month", cell, chunk); !read.ok()) return read.error();
    return chunk.columns.incomes.entries.at(0).amount.cents();
  };
  const std::pair<std::string_view, int64_t> amounts[] = {
      {"0", 0},
      {"7", 700},
      {"12.5", 1250},
      {"12.05", 1205},
      {"0012.30", 1230},
      {"1776.07", 177607},
      {"9999999999.99", 999999999999},           // 13 characters: the fast path's longest
      {"9999999999999", 999999999999900},        // 13 digits
      {"99999999999.99", 9999999999999},         // 14 characters: the general path
      {"10000000000000", 1000000000000000},      // the largest whole amount allowed
      {"10000000000000.50", 1000000000000050},
  };
  for (const auto& [cell, cents] : amounts) {
    auto parsed = read(cell);
    ASSERT_TRUE(parsed.ok()) << cell << ": " << parsed.error().message();
    EXPECT_EQ(*parsed, cents) << cell;
  }
  auto error = [&](std::string_view cell) {
    auto parsed = read(cell);
    return parsed.ok() ? std::string("no error") : parsed.error().message();
  };
  for (std::string_view bad : {".5", "5.", "1..2", "1.2.3", "12a", "1 2", "+12", "1e3"}) {
    EXPECT_EQ(error(bad), "pop.csv:2: column 'income_net_month': '" + std::string(bad) +
                              "' is not an amount in euro (digits, '.' and at most 2 decimals)");
  }
  EXPECT_EQ(error("1.234"), "pop.csv:2: column 'income_net_month': amount '1.234' has more than 2 decimals");
  EXPECT_EQ(error("10000000000001"), "pop.csv:2: column 'income_net_month': amount '10000000000001' is too large");
  EXPECT_EQ(error("-0.01"), "pop.csv:2: column 'income_net_month': negative amount '-0.01' is not allowed");
}

TEST(PopulationReader, ParsesWholeNumbersOnBothSidesOfTheFastPath) {
  auto read = [](std::string_view cell) -> base::Result<int64_t> {
    population::Chunk chunk;
    if (auto read = ReadOneCell("age", cell, chunk); !read.ok()) return read.error();
    return PersonFact(chunk.Household(0).persons[0], "age").number;
  };
  const std::pair<std::string_view, int64_t> numbers[] = {
      {"0", 0},
      {"7", 7},
      {"0042", 42},
      {"999999999999999999", 999999999999999999},    // 18 digits: the fast path's longest
      {"1000000000000000000", 1000000000000000000},  // 19 digits: the general path
  };
  for (const auto& [cell, number] : numbers) {
    auto parsed = read(cell);
    ASSERT_TRUE(parsed.ok()) << cell << ": " << parsed.error().message();
    EXPECT_EQ(*parsed, number) << cell;
  }
  for (std::string_view bad : {"4 2", "+1", "1e3", "12a", "0x10"}) {
    auto parsed = read(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().message(), "pop.csv:2: column 'age': '" + std::string(bad) + "' is not a whole number");
  }
}

}  // namespace
}  // namespace population
