// rules/check/lower.h — the checker's rewrites of the three constructs that
// decide with stated grounds (existing grants, presumptions, bounds from
// indexed parameters) into plain IR, so that every engine evaluates them with
// the ops it already has plus kIsKnown. Internal to rules/check.
#pragma once

#include <string>

#include "base/diagnostics.h"
#include "rules/ir/ir.h"

namespace rules::check {

// IR builders (the node carries `span` for explanations and diagnostics).
ir::NodePtr MakeNode(ir::Op op, ir::Type type, const base::SourceSpan& span);
ir::NodePtr Clone(const ir::Node& node);
ir::NodePtr LetRef(const ir::Right& right, uint32_t let);
ir::NodePtr Logic(ir::Op op, ir::NodePtr a, ir::NodePtr b);  // kAnd / kOr
ir::NodePtr Not(ir::NodePtr a);
ir::NodePtr IsKnown(ir::NodePtr a);
// Appends a hidden let holding `value` and returns its index.
uint32_t AddHiddenLet(ir::Right& right, std::string name, ir::NodePtr value);

// Makes condition `c` of right `r` presumed: its test becomes
// `t or not known(t)` over a hidden let t, and a Program assumption records
// `not known(t)` as the bit that says it was used.
void Presume(ir::Program& program, uint32_t r, uint32_t c, std::string sentence, std::string source);

// A granted right: `held` (bool, may be unknown) is whether the status is held
// on the reference date. Every condition becomes `granted or c`, where
// `granted` is true only when `held` is known true, and the presumptions
// already made on the right are used only when it is not granted.
void Grant(ir::Program& program, uint32_t r, std::string status, bool any_member, ir::NodePtr held,
           ir::NodePtr status_category);

// Under a grant, let `let` of right `r` is taken as `value` when unknown, an
// assumption with `sentence`.
void AssumeWhenGranted(ir::Program& program, uint32_t r, uint32_t let, ir::NodePtr value, std::string sentence);

// For every indexed parameter with an `until`, adds its hidden FloorOf and
// BoundedOf parameters; then rewrites each comparison with a value that rises
// with such parameters so that the last value decides it where that is sound,
// and each amount that rises with them into its lower bound after `until`.
// Warns where a bound cannot be used.
void LowerBounds(ir::Program& program, base::Diagnostics& diagnostics);

}  // namespace rules::check
