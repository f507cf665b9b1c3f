// catalog/demo.cpp — reads and merges the per-municipality HSDS files of data/demo/.
#include "catalog/demo.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include "catalog/hsds.h"

namespace catalog {

base::Result<Directory> LoadDemoDirectory(const std::filesystem::path& data_dir) {
  namespace fs = std::filesystem;
  std::error_code error;
  std::vector<fs::path> files;
  fs::directory_iterator it(data_dir, error);
  if (error) return base::Error::Io(data_dir.string() + ": cannot list directory: " + error.message());
  for (; it != fs::directory_iterator(); it.increment(error)) {
    if (error) return base::Error::Io(data_dir.string() + ": cannot list directory: " + error.message());
    fs::path candidate = it->path() / kDirectoryFileName;
    if (it->is_directory(error) && fs::is_regular_file(candidate, error)) files.push_back(candidate);
  }
  if (files.empty()) {
    return base::Error::NotFound(data_dir.string() + ": no */" + kDirectoryFileName + " files");
  }
  std::sort(files.begin(), files.end());

  Directory merged;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in.is_open()) return base::Error::Io(file.string() + ": cannot open");
    std::stringstream text;
    text << in.rdbuf();
    if (!in.good() && !in.eof()) return base::Error::Io(file.string() + ": cannot read");
    base::Result<Directory> part = FromHsds(text.str(), file.string());
    if (!part.ok()) return part.error();
    base::Status added = MergeInto(merged, *part);
    if (!added.ok()) return base::Error::InvalidInput(file.string() + ": " + added.error().message());
  }
  base::Status valid = Validate(merged);
  if (!valid.ok()) return base::Error::InvalidInput(data_dir.string() + ": " + valid.error().message());
  return merged;
}

}  // namespace catalog
