// household/json_schema.h
//
// The JSON Schema (draft 2020-12) of the household document, generated from
// the schema table so it cannot drift from the reader. Checked in as
// docs/household.schema.json; a unit test fails when that file is stale.
#pragma once

#include <string>

namespace household {

// The schema as pretty-printed JSON text ending in a newline; deterministic.
// It mirrors ReadHousehold's layout (additionalProperties false everywhere,
// null allowed for optional members) but cannot express every check: unique
// person ids and exact-cent money are enforced by the reader only.
std::string HouseholdJsonSchema();

}  // namespace household
