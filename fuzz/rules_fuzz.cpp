// fuzz/rules_fuzz.cpp — libFuzzer target for the rule language front end:
// any bytes must parse and check without crashing, hanging or leaking.
#include <cstddef>
#include <cstdint>
#include <string>

#include "rules/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;  // rule files are small; keep iterations fast
  std::string text(reinterpret_cast<const char*>(data), size);
  base::Diagnostics diagnostics;
  auto rules = rules::Compile({{"fuzz.rop", text}}, diagnostics);
  if (rules) (void)rules::ir::Print(rules->program);
  return 0;
}
