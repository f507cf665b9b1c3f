// rules/syntax/parser.h
//
// Parses .rop source text into a Module (ast.h) with PEGTL. The parser
// recovers at every top-level declaration (a line starting with `right`,
// `parameter` or `define`), so one file reports all of its syntax errors.
#pragma once

#include <string_view>

#include "base/diagnostics.h"
#include "rules/syntax/ast.h"

namespace rules::syntax {

// Parses `source`, naming positions after `file`. Appends every syntax error
// to `diagnostics`; the returned module holds the declarations that parsed.
// A source that is not valid UTF-8 is not parsed: the first invalid byte of
// each line is reported ("invalid UTF-8 (byte 0xff): ...") and the module is
// empty. Never throws.
Module Parse(std::string_view source, std::string_view file, base::Diagnostics& diagnostics);

}  // namespace rules::syntax
