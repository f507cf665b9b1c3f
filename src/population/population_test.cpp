// population/population_test.cpp — the population CSV reader: values, chunks, quoting, every error.
#include "population/population.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "base/date.h"
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
    for (const Chunk& c : chunks) n += c.households.size();
    return n;
  }
};

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

// The error of reading `text`, or "" when it reads.
std::string ErrorOf(const std::string& text) { return ReadAll(text).error; }

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
  ASSERT_EQ(c.households.size(), 2u);
  EXPECT_EQ(c.household_ids, (std::vector<std::string>{"h1", "h2"}));
  EXPECT_EQ(c.neighbourhoods, (std::vector<std::string>{"Sint-Gillis", "Oudegem"}));
  EXPECT_EQ(c.person_ids[0], (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(c.persons(), 3u);

  const household::Household& h1 = c.households[0];
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

  const household::Person& h2a = c.households[1].persons[0];
  EXPECT_FALSE(PersonFact(h2a, "birth_date").present);
  EXPECT_FALSE(h2a.incomes.has_value());  // both income cells empty: unknown
  EXPECT_FALSE(HouseholdFact(c.households[1], "housing.tenure").present);
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
  EXPECT_TRUE(PersonFact(chunk.households[0].persons[0], "birth_date").present);
  ASSERT_TRUE(*reader->Next(chunk, 1));
  // h3 is built from the recycled objects of h1 (the reader reads one row ahead).
  ASSERT_TRUE(*reader->Next(chunk, 1));
  const household::Person& b = chunk.households[0].persons[0];
  EXPECT_EQ(PersonFact(b, "id").text, "c");
  EXPECT_FALSE(PersonFact(b, "birth_date").present);
  EXPECT_EQ(PersonFact(b, "birth_date").number, 0);
  EXPECT_FALSE(HouseholdFact(chunk.households[0], "housing.tenure").present);
  EXPECT_EQ(HouseholdFact(chunk.households[0], "housing.tenure").text, "");
  ASSERT_TRUE(b.statuses.has_value());
  EXPECT_TRUE(b.statuses->empty());
  EXPECT_FALSE(b.incomes.has_value());
  EXPECT_FALSE(*reader->Next(chunk, 1));
}

TEST(PopulationReader, AbsentStatusesColumnMeansUnknown) {
  Read r = ReadAll("person_id,household_id\np,h\n");
  ASSERT_EQ(r.error, "");
  const household::Person& p = r.chunks[0].households[0].persons[0];
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
  EXPECT_EQ(HouseholdFact(r.chunks[0].households[0], "housing.rent_monthly").number, 65000);
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
    for (size_t i = 0; i < c.households.size(); ++i) {
      EXPECT_EQ(c.household_ids[i], "h" + std::to_string(next++));
      EXPECT_EQ(c.person_ids[i].size(), c.households[i].persons.size());
      chunk_sizes.push_back(c.households[i].persons.size());
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
  EXPECT_TRUE(chunk.households.empty());
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
  EXPECT_EQ(c.person_ids[0], (std::vector<std::string>{"a,1", "b\nc", "d"}));
  EXPECT_EQ(HouseholdFact(c.households[0], "municipality.name").text, "Sint-\"Gillis\"");
  EXPECT_FALSE(PersonFact(c.households[0].persons[0], "nationality").present);  // "" is empty
  EXPECT_EQ(PersonFact(c.households[0].persons[2], "nationality").text, "x");
}

TEST(PopulationReader, CountsLinesInsideQuotedCellsForMessages) {
  EXPECT_EQ(ErrorOf("person_id,household_id,age\n\"a\nb\",h,1\nc,h,x\n"),
            "pop.csv:4: column 'age': 'x' is not a whole number");
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
    for (size_t h = 0; h < c.households.size(); ++h, ++households) {
      const household::Household& hh = c.households[h];
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
        EXPECT_EQ(c.person_ids[h][p], cells[0]);
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
    Read r = ReadAll(mutated, 1 + next() % 50);
    if (!r.error.empty()) {
      EXPECT_EQ(r.error.rfind("pop.csv:", 0), 0u) << r.error;
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
  const household::Household& couple = read.chunks[0].households[0];
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
  const household::Household& single = read.chunks[0].households[1];
  ASSERT_TRUE(single.persons[0].statuses.has_value());
  ASSERT_EQ(single.persons[0].statuses->size(), 1u);
  EXPECT_EQ(single.persons[0].statuses->front().status, "allowance");
  EXPECT_EQ(single.persons[0].incomes->front().amount.cents(), 120050);
}

TEST(PopulationReader, AnEmptyStatusFlagLeavesTheStatusesUnknown) {
  Read read = ReadAll("person_id,household_id,statuses,receives_vt\na,h,igo,\nb,h,igo,1\nc,h,,0\n");
  ASSERT_EQ(read.error, "");
  const auto& persons = read.chunks[0].households[0].persons;
  EXPECT_FALSE(persons[0].statuses.has_value());
  ASSERT_TRUE(persons[1].statuses.has_value());
  ASSERT_EQ(persons[1].statuses->size(), 2u);
  EXPECT_EQ((*persons[1].statuses)[0].status, "igo");
  EXPECT_EQ((*persons[1].statuses)[1].status, "vt");
  ASSERT_TRUE(persons[2].statuses.has_value());
  EXPECT_TRUE(persons[2].statuses->empty());
}

TEST(PopulationReader, NamesABadStatusFlagAndTwoNetIncomeColumns) {
  EXPECT_EQ(ErrorOf("person_id,household_id,receives_allowance\na,h,ja\n"),
            "pop.csv:2: column 'receives_allowance': 'ja' is not a boolean (1, 0, true or false)");
  EXPECT_EQ(ErrorOf("person_id,household_id,income_net_month,monthly_income\na,h,1,1\n"),
            "pop.csv:1: columns 'income_net_month' and 'monthly_income' both give the net monthly income (columns 3 "
            "and 4)");
}

}  // namespace
}  // namespace population
