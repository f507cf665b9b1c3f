// rules/check/check.h
//
// Name resolution and type checking: turns parsed modules into the typed IR.
// Collects every error; checking continues after the first one.
#pragma once

#include <optional>
#include <vector>

#include "base/diagnostics.h"
#include "rules/ir/ir.h"
#include "rules/syntax/ast.h"

namespace rules::check {

// Returns the typed IR of all `modules` (one rule base), or nullopt when
// `diagnostics` received an error. Warnings may be added either way.
// Never throws.
std::optional<ir::Program> Check(const std::vector<syntax::Module>& modules, base::Diagnostics& diagnostics);

}  // namespace rules::check
