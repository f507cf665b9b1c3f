// rules/compiled/codegen.h
//
// Turns a checked program into C++ source: one function, rechtop_evaluate
// (abi.h), that evaluates every right for every household of a chunk. Each
// household define, per-person define, let and right becomes a memoised
// member function of a per-household struct, and each IR node an expression
// with the interpreter's semantics (eval.cpp, case by case, without the
// missing-input lists). The system compiler then fuses what the column-wise
// engine evaluates one node at a time.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "rules/ir/ir.h"

namespace rules::compiled {

// The per-person inputs the host computes for the generated code, beyond the
// raw fields: found once in the program, numbered in order of first use.
struct Plan {
  std::vector<std::string> statuses;                   // has_status / status_months / status_category
  std::vector<std::pair<std::string, int64_t>> incomes;  // (kind or "", Node::imm) of income()
  bool uses_age = false;                                // age on the reference date
  bool uses_applicant = false;
  bool uses_status_details = false;                     // status_months or status_category
};

Plan PlanOf(const ir::Program& program);

// The whole source, abi.h's structs included; deterministic for a program.
std::string GenerateSource(const ir::Program& program);

}  // namespace rules::compiled
