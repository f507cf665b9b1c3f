// base/utf8.h
//
// Strict UTF-8 validation, for inputs whose bytes end up in output that must
// be valid text (JSON, CSV worklists): rule files, population files. Fast on
// ASCII, which is almost all of those inputs: eight bytes are checked at a
// time, and only runs of non-ASCII bytes are decoded.
#pragma once

#include <cstddef>
#include <string_view>

namespace base {

// The offset of the first byte of `text` that does not begin a well-formed
// UTF-8 sequence (Unicode 15, table 3-7: no overlong forms, no surrogates,
// nothing above U+10FFFF, no sequence cut short by the end), or
// std::string_view::npos when all of `text` is well-formed. NUL is valid.
size_t FirstInvalidUtf8(std::string_view text);

// The length of the UTF-8 sequence `text` starts with when it is a complete
// well-formed one (1 to 4), else 0. REQUIRES: !text.empty().
size_t Utf8SequenceLength(std::string_view text);

}  // namespace base
