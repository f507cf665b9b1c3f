// household/municipality.h
//
// One municipality id: a household's municipality.nis, .postcode and .name
// resolve to one municipality of the table in geo/ (Flanders and Brussels),
// and the readers (JSON, population CSV) fill in municipality.nis from it, so
// that the rules read only the NIS code.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "household/model.h"

namespace household {

// How the reader names a place in an error: `prefix` opens the message
// ("hh.json: " or "pop.csv:4: "), `field` names a member of municipality
// ("$.municipality.postcode", "column 'municipality.postcode'").
struct MunicipalityPlaces {
  std::string prefix;
  std::function<std::string(std::string_view member)> field;
};

// Resolves the household facts `facts` (indexed by household FieldId):
// - municipality.nis, if given, must be 5 digits; a code of a Flemish or
//   Brussels arrondissement must be in the table (46003, Beveren before the
//   2025 mergers, is refused);
// - municipality.postcode, if given, must be 4 digits; a Flemish or Brussels
//   postcode (1000-1299, 1500-3999, 8000-9999) must be in the table;
// - municipality.name, if given and the name of a municipality in the table,
//   must be that municipality; another name (a part of a municipality, a
//   Walloon town) is kept as it is, unless it alone is given for a household
//   in region flanders or brussels;
// - municipality.region, if given, must be the municipality's region.
// When they agree, municipality.nis is set (and municipality.name when it was
// absent). A Walloon postcode or code, or region wallonia, resolves to no
// municipality of the table: the NIS code stays as given. Errors name the
// fields that disagree. Never throws.
[[nodiscard]] base::Status ResolveMunicipality(std::vector<Fact>& facts, const MunicipalityPlaces& places);

}  // namespace household
