// rules/compiled/abi.h
//
// The interface between the host and a compiled rule library: the inputs of
// one chunk of households as flat arrays, and the outputs per right. The
// generated source starts with this same text (kAbiSource), so the host and
// the library cannot disagree on the layout; both are built by the system's
// C++ compiler, so std::string and std::string_view match too.
//
// Every array is indexed by the chunk's person (0 .. persons), household
// (0 .. households) or real-estate entry, never by the population row.
// Statuses: person p's entries are status_first[p] .. status_first[p + 1],
// only those a rule asks about (status_query: the query's index in Plan);
// status_mask[p] has bit q set when one of them answers query q < 64.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// Defines the structs and keeps their text for the generated source.
#define RECHTOP_ABI_WITH_SOURCE(...) \
  __VA_ARGS__                        \
  inline constexpr const char kRechtopAbiSource[] = #__VA_ARGS__;

RECHTOP_ABI_WITH_SOURCE(
struct RechtopChunk {
  uint32_t households;
  uint32_t persons;
  const uint32_t* first_person;
  int64_t reference_days;
  const int64_t* applicant;
  const int64_t* const* person_number;
  const uint8_t* const* person_present;
  const std::string* const* person_text;
  const int64_t* const* household_number;
  const uint8_t* const* household_present;
  const std::string* const* household_text;
  const int64_t* age;
  const uint8_t* age_known;
  const uint8_t* statuses_known;
  const uint64_t* status_mask;
  const uint32_t* status_first;
  const uint32_t* status_query;
  const int64_t* status_months;
  const uint8_t* status_months_known;
  const int64_t* status_full_months;  // status_full_months (base::FullMonthsBefore)
  const std::string_view* status_category;
  const uint8_t* incomes_known;
  const int64_t* const* income;
  const uint8_t* estates_known;
  const uint32_t* estate_first;
  const std::string_view* estate_type;
  const int64_t* estate_ki;
  const int64_t* parameter_value;
  const uint8_t* parameter_known;
  int64_t (*age_on)(int64_t birth_days, int64_t on_days);
  int64_t (*builtin)(int builtin, int64_t a, int64_t b, int64_t c);
  int64_t (*times_rate)(int64_t cents, int64_t rate_ppm);
  int64_t (*div_round)(int64_t numerator, int64_t divisor);
};
struct RechtopRightOut {
  uint8_t* status;
  int64_t* amount;
  uint8_t* amount_known;
  std::string_view* category;
  uint8_t* category_known;
  uint64_t* assumptions;
  int8_t* route;
};
)

// The symbol every compiled rule library exports.
inline constexpr const char kRechtopEvaluateSymbol[] = "rechtop_evaluate";
using RechtopEvaluateFn = void (*)(const RechtopChunk* chunk, const RechtopRightOut* rights);
