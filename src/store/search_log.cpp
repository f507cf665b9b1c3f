// store/search_log.cpp — what every search log checks before it writes.
#include "store/search_log.h"

#include <algorithm>

namespace store {

base::Status CheckSearchMiss(std::string_view municipality, std::string_view query) {
  if (query.empty()) return base::Error::InvalidInput("search log: an empty query is not logged");
  if (query.size() > kMaxSearchMissQueryBytes) {
    return base::Error::InvalidInput("search log: a query of " + std::to_string(query.size()) +
                                     " bytes is longer than " + std::to_string(kMaxSearchMissQueryBytes));
  }
  if (municipality.size() > kMaxSearchMissMunicipalityBytes) {
    return base::Error::InvalidInput("search log: a municipality id of " + std::to_string(municipality.size()) +
                                     " bytes is longer than " + std::to_string(kMaxSearchMissMunicipalityBytes));
  }
  return base::Ok{};
}

std::ostream& operator<<(std::ostream& out, const SearchMiss& miss) {
  return out << miss.municipality << ", " << miss.query << ", " << miss.count << ", " << miss.first_seen.ToString()
             << ".." << miss.last_seen.ToString();
}

void SortSearchMisses(std::vector<SearchMiss>& misses) {
  std::sort(misses.begin(), misses.end(), [](const SearchMiss& a, const SearchMiss& b) {
    if (a.municipality != b.municipality) return a.municipality < b.municipality;
    if (a.count != b.count) return a.count > b.count;
    if (a.last_seen != b.last_seen) return b.last_seen < a.last_seen;
    return a.query < b.query;
  });
}

}  // namespace store
