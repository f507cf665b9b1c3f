// geo/embedded.h
//
// Internal: data/municipalities.txt compiled in by src/CMakeLists.txt.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

namespace geo::detail {

// (file name, text) of the embedded table: one entry, municipalities.txt.
const std::vector<std::pair<std::string_view, std::string_view>>& EmbeddedTableFiles();

}  // namespace geo::detail
