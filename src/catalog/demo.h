// catalog/demo.h
//
// Loads the demo service directory shipped in data/demo/: one HSDS file per
// municipality (data/demo/<id>/directory.hsds.json) plus regional services
// (data/demo/regional/directory.hsds.json), merged into one Directory.
#pragma once

#include <filesystem>

#include "base/result.h"
#include "catalog/catalog.h"

namespace catalog {

// Reads every `<data_dir>/*/directory.hsds.json` (folders in name order),
// parses each with FromHsds, merges them (MergeInto) and validates the
// whole. `data_dir` is the demo folder itself (the repository's data/demo);
// Municipality::logo_path values are relative to it ("aalst/logo.png").
// Errors: Error::Io when data_dir or a file cannot be read, Error::NotFound
// when no directory file exists, Error::InvalidInput naming the file (and
// JSON path) otherwise. Never throws.
[[nodiscard]] base::Result<Directory> LoadDemoDirectory(const std::filesystem::path& data_dir);

// The file name each folder of the demo directory holds.
inline constexpr const char* kDirectoryFileName = "directory.hsds.json";

}  // namespace catalog
