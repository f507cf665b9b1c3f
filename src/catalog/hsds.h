// catalog/hsds.h
//
// Open Referral HSDS 3.0 JSON ⇄ Directory. One document holds top-level
// arrays `organizations`, `services` and `locations` (HSDS 3.0 objects with
// their nested addresses, phones, schedules, service_at_locations,
// required_documents and attributes) plus our extensions `x-rechtop` (per
// service) and `x-rechtop-municipalities`. The exact mapping: docs/hsds.md.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "catalog/catalog.h"

namespace catalog {

// Parses one HSDS document and validates the result (catalog::Validate; the
// document must be self-contained). On error returns Error::InvalidInput
// whose message starts with `source_name` and names the JSON path:
//   "<source_name>: $.locations[0].schedules[1].opens_at: '9u' is not HH:MM"
//   "<source_name>:3:17: malformed JSON: ..."
//   "<source_name>: service 'x': unknown location 'y'"   (from Validate)
// HSDS fields this model does not hold are ignored; unknown members of the
// x-rechtop extensions are errors. Weekly slots come out sorted by weekday
// and time, exceptions by date. Never throws.
[[nodiscard]] base::Result<Directory> FromHsds(std::string_view json, std::string_view source_name);

// The HSDS 3.0 document for `directory` (2-space indented, stable order).
// FromHsds(ToHsds(d)) == d for every valid d whose slots and exceptions are
// sorted as FromHsds sorts them. Never throws.
std::string ToHsds(const Directory& directory);

// Deepest nesting of arrays and objects FromHsds accepts.
inline constexpr int kMaxHsdsDepth = 32;

}  // namespace catalog
