// rules/batch/batch.cpp — column-wise evaluation of the IR (see batch.h).
//
// Each node is evaluated once per chunk into a column over the rows of a
// frame: the root frame has one row per household; an aggregate evaluates its
// filter and value over a child frame with one row per (enclosing row,
// element of the collection), so a nested aggregate sees the binders of every
// enclosing one. Household columns are spread to the rows of deeper frames.
// The semantics copy eval.cpp case by case; the differential tests hold the
// two together.
#include "rules/batch/batch.h"

#include <algorithm>
#include <cassert>
#include <deque>
#include <map>
#include <tuple>
#include <unordered_map>

#include "household/columns.h"
#include "household/schema.h"

namespace rules::batch {
namespace {

using household::Entity;
using ir::Node;
using ir::Op;
using ir::Type;

struct Col {
  std::vector<int64_t> v;
  std::vector<uint8_t> k;  // 1 = known
  std::vector<std::string_view> s;  // text values (text-typed nodes only)
  size_t size() const { return k.size(); }
  void Resize(size_t n, bool text) {
    v.assign(n, 0);
    k.assign(n, 0);
    if (text) s.assign(n, {});
    else s.clear();
  }
};

// Raw pointers into a column being filled. Hot loops write through these
// local copies rather than through the Col's vectors: a store to a uint8_t
// may alias anything, so the compiler would otherwise reload every vector's
// data pointer after each `k[i] = ...`.
struct OutRow {
  int64_t* v;
  uint8_t* k;
  std::string_view* s;  // null unless the column is text
  explicit OutRow(Col& c) : v(c.v.data()), k(c.k.data()), s(c.s.empty() ? nullptr : c.s.data()) {}
};

// The rows a node is evaluated over. Rows that one enclosing row expands to
// are contiguous, so an aggregate reduces a range per enclosing row.
struct Frame {
  bool root = false;                          // one row per household, no binders
  std::vector<uint32_t> household;            // per row; empty at the root
  std::vector<std::vector<int64_t>> binding;  // by slot: person or estate index per row, empty when unbound
  size_t root_rows = 0;
  // The slot bound to row i's element i (every person or every estate of the
  // chunk, in order), or -1: its reads are whole-column copies.
  int identity_slot = -1;
  size_t rows() const { return root ? root_rows : household.size(); }
  uint32_t Household(size_t row) const { return root ? static_cast<uint32_t>(row) : household[row]; }
};

// A household-level value (a define, a let, an aggregate that reads no
// enclosing binder), computed once per chunk for every household: rights
// share defines, and a per-person define or a nested aggregate reads the
// same aggregate for every member.
struct HouseholdMemo {
  uint64_t chunk = 0;  // the chunk `col` belongs to (Evaluator::Impl::chunk_)
  Col col;             // one row per household of the chunk
};

constexpr uint64_t SlotBit(uint16_t slot) { return uint64_t{1} << std::min<uint16_t>(slot, 63); }

// The binder slots `n` reads that it does not bind itself (slots from 63 on
// share one bit, which can only make an aggregate look nested when it is not).
// Records, for every aggregate, whether it reads an enclosing binder.
uint64_t FreeSlots(const Node& n, std::unordered_map<const Node*, bool>& reads_outer) {
  uint64_t mask = n.op == Op::kVar ? SlotBit(n.slot) : 0;
  for (const auto& a : n.args) {
    if (a) mask |= FreeSlots(*a, reads_outer);
  }
  if (n.op == Op::kAggregate) {
    if (n.slot < 63) mask &= ~SlotBit(n.slot);
    reads_outer[&n] = mask != 0;
  }
  return mask;
}

// The status bit of a known status name (household::StatusBit), 0 for
// another: a mask only ever holds known names.
uint64_t KnownStatusBit(std::string_view name) { return household::StatusBit(name) & ~household::kOtherStatusBit; }

}  // namespace

class Evaluator::Impl {
 public:
  explicit Impl(const ir::Program& program) : p_(program) {
    for (uint32_t r = 0; r < p_.rights.size(); ++r) may_assume_.push_back(ir::HasAssumptions(p_, r));
    ir::ForEachExpression(p_, [&](const Node& n) {
      FreeSlots(n, reads_outer_);
      FindStatusSets(n);
    });
    for (const auto& [node, reads_outer] : reads_outer_) {
      if (!reads_outer) aggregate_memo_index_.emplace(node, aggregate_memo_index_.size());
    }
    aggregate_memo_.resize(aggregate_memo_index_.size());
    define_h_.resize(p_.defines.size());
    let_memo_.resize(p_.rights.size());
    for (size_t r = 0; r < p_.rights.size(); ++r) let_memo_[r].resize(p_.rights[r].lets.size());
    root_.root = true;
    root_.binding.resize(p_.slot_count);
  }

  std::vector<RightColumns> EvaluateAll(const household::Columns& columns, size_t begin, size_t end, base::Date date) {
    Prepare(columns, begin, end, date);
    for (uint32_t r = 0; r < p_.rights.size(); ++r) RightMemo(r);
    // Every right is computed (rights read each other), so the memos can go.
    std::vector<RightColumns> out;
    out.reserve(p_.rights.size());
    for (auto& memo : right_memo_) out.push_back(std::move(*memo));
    return out;
  }

 private:
  void Prepare(const household::Columns& columns, size_t begin, size_t end, base::Date date) {
    in_ = &columns;
    const size_t n = end - begin;
    household_base_ = begin;
    person_base_ = columns.first_person[begin];
    person_count_ = columns.first_person[end] - person_base_;
    estate_base_ = columns.real_estate.first[begin];
    ref_ = date;
    households_ = n;
    root_.root_rows = n;
    person_household_.resize(person_count_);
    first_.resize(n + 1);
    estate_first_.resize(n + 1);
    estates_known_.resize(n);
    estate_household_.clear();
    for (size_t h = 0; h < n; ++h) {
      first_[h] = columns.first_person[begin + h] - static_cast<uint32_t>(person_base_);
      const uint32_t next = columns.first_person[begin + h + 1] - static_cast<uint32_t>(person_base_);
      std::fill(person_household_.begin() + first_[h], person_household_.begin() + next, static_cast<uint32_t>(h));
      estate_first_[h] = columns.real_estate.first[begin + h] - static_cast<uint32_t>(estate_base_);
      estates_known_[h] = columns.real_estate.known[begin + h];
      const uint32_t estates_next = columns.real_estate.first[begin + h + 1] - static_cast<uint32_t>(estate_base_);
      estate_household_.insert(estate_household_.end(), estates_next - estate_first_[h], static_cast<uint32_t>(h));
    }
    first_[n] = static_cast<uint32_t>(person_count_);
    estate_first_[n] = static_cast<uint32_t>(estate_household_.size());
    status_masks_loaded_ = false;
    applicant_.clear();
    element_frames_.clear();
    for (auto& c : person_fields_) c.reset();
    household_fields_.clear();
    age_.reset();
    incomes_.clear();
    ++chunk_;  // invalidates every HouseholdMemo
    define_p_.assign(p_.defines.size(), std::nullopt);
    right_memo_.assign(p_.rights.size(), std::nullopt);
    current_right_ = -1;
  }

  // One row per person (or per real-estate entry) of the chunk, bound to
  // `slot`: the frame of a per-person define and of an aggregate at the root.
  const Frame& ElementFrame(bool estates, uint16_t slot) {
    auto [it, inserted] = element_frames_.try_emplace({estates, slot});
    Frame& f = it->second;
    if (!inserted) return f;
    const size_t count = estates ? estate_household_.size() : person_count_;
    f.household = estates ? estate_household_ : person_household_;
    f.binding.resize(p_.slot_count);
    f.binding[slot].resize(count);
    for (size_t i = 0; i < count; ++i) f.binding[slot][i] = static_cast<int64_t>(i);
    f.identity_slot = slot;
    return f;
  }

  // A household column read at the rows of `f`.
  Col Spread(const Col& h, const Frame& f, bool text) const {
    if (f.root) return h;
    return Gather(h, f, text);
  }
  Col Spread(Col&& h, const Frame& f, bool text) const {
    if (f.root) return std::move(h);
    return Gather(h, f, text);
  }
  Col Gather(const Col& h, const Frame& f, bool text) const {
    Col out;
    out.Resize(f.rows(), text);
    OutRow row(out);
    const uint32_t* households = f.household.data();
    const int64_t* values = h.v.data();
    const uint8_t* known = h.k.data();
    const std::string_view* texts = text ? h.s.data() : nullptr;
    for (size_t i = 0, rows = f.rows(); i < rows; ++i) {
      const uint32_t hh = households[i];
      row.v[i] = values[hh];
      row.k[i] = known[hh];
      if (texts) row.s[i] = texts[hh];
    }
    return out;
  }

  Col Constant(const Frame& f, int64_t value, std::string_view text, bool is_text, bool known = true) const {
    Col c;
    c.Resize(f.rows(), is_text);
    std::fill(c.v.begin(), c.v.end(), value);
    std::fill(c.k.begin(), c.k.end(), known ? 1 : 0);
    if (is_text) std::fill(c.s.begin(), c.s.end(), text);
    return c;
  }

  // The person input `field` of the chunk's persons, or null when no person has it.
  const household::FactColumn* PersonInput(size_t field) const { return Given(in_->person_facts, field); }
  static const household::FactColumn* Given(const std::vector<household::FactColumn>& inputs, size_t field) {
    return field < inputs.size() && inputs[field].given() ? &inputs[field] : nullptr;
  }

  // `all` (one row per person of the chunk) read at the persons args[0] of
  // `n` names on the rows of `frame`.
  Col ReadPersons(const Node& n, const Frame& frame, const Col& all, bool text) {
    if (n.args[0]->op == Op::kVar && n.args[0]->slot == frame.identity_slot && frame.rows() == all.size()) {
      Col out;
      out.v = all.v;
      out.k = all.k;
      if (text) out.s = all.s;
      return out;
    }
    const int64_t* values = all.v.data();
    const uint8_t* known = all.k.data();
    const std::string_view* texts = text ? all.s.data() : nullptr;
    return PerElement(n, frame, [=](size_t i, int64_t person, OutRow out) {
      out.k[i] = known[person];
      out.v[i] = values[person];
      if (texts) out.s[i] = texts[person];
    });
  }

  // Applies `f(i, element, out)` to each row, with the person (or estate)
  // indices of args[0] of `n` (of `element` for PerElementOf).
  template <typename F>
  Col PerElement(const Node& n, const Frame& frame, F f) {
    return PerElementOf(*n.args[0], n.type == Type::kText, frame, f);
  }
  template <typename F>
  Col PerElementOf(const Node& element, bool text, const Frame& frame, F f) {
    // A binder (the usual `m.field`) is read in place rather than copied into a column.
    Col evaluated;
    const std::vector<int64_t>* who = nullptr;
    if (element.op == Op::kVar) {
      who = &frame.binding[element.slot];
    } else {
      evaluated = Eval(element, frame);
      who = &evaluated.v;
    }
    assert(who->size() == frame.rows());
    Col out;
    out.Resize(who->size(), text);
    const int64_t* elements = who->data();
    const size_t count = who->size();
    OutRow row(out);
    for (size_t i = 0; i < count; ++i) f(i, elements[i], row);
    return out;
  }

  // Whether `person` has one of the statuses in `mask`, per row of `f`.
  Col StatusTest(const Node& person, uint64_t mask, const Frame& f) {
    LoadStatusMasks();
    const uint8_t* listed = status_listed_.data();
    const uint64_t* masks = status_mask_.data();
    return PerElementOf(person, false, f, [=](size_t i, int64_t p, OutRow out) {
      out.k[i] = listed[p];
      out.v[i] = listed[p] & ((masks[p] & mask) != 0);
    });
  }

  // A value that is the same on every row: a constant, a parameter or the
  // reference date, read without building a column.
  struct Scalar {
    int64_t v = 0;
    bool known = false;
    std::string_view s;
  };
  std::optional<Scalar> ScalarOf(const Node& n) const {
    switch (n.op) {
      case Op::kConst: return Scalar{n.imm, true, n.text};
      case Op::kParam: {
        const ir::ParameterValue* v = p_.parameters[n.index].ValueOn(ref_);
        return Scalar{v ? v->value : 0, v != nullptr, {}};
      }
      case Op::kReferenceDate: return Scalar{ref_.days(), true, {}};
      default: return std::nullopt;
    }
  }

  // A column of the chunk's rows of `input` (persons from person_base_ or
  // households from household_base_); all unknown when no row has it.
  Col InputColumn(const household::FactColumn* input, const household::FieldSpec& spec, size_t base, size_t rows,
                  bool text) const {
    Col c;
    if (!input) {
      c.Resize(rows, text);
      return c;
    }
    c.v.assign(input->number.begin() + base, input->number.begin() + base + rows);
    c.k.assign(input->present.begin() + base, input->present.begin() + base + rows);
    if (text) {
      c.s.resize(rows);
      if (!input->text.empty()) {
        for (size_t i = 0; i < rows; ++i) c.s[i] = input->TextAt(spec, base + i);
      }
    }
    return c;
  }

  // A person input for every person of the chunk, read once per chunk.
  const Col& PersonFieldColumn(uint32_t field, bool text) {
    if (field >= person_fields_.size()) person_fields_.resize(field + 1);
    std::optional<Col>& c = person_fields_[field];
    if (c && (!text || c->s.size() == person_count_)) return *c;
    c = InputColumn(PersonInput(field), household::Fields(household::Entity::kPerson)[field], person_base_,
                    person_count_, text);
    return *c;
  }

  // A household input for every household of the chunk, read once per chunk.
  const Col& HouseholdFieldColumn(uint32_t field, bool text) {
    if (field >= household_fields_.size()) household_fields_.resize(field + 1);
    std::optional<Col>& c = household_fields_[field];
    if (c && (!text || c->s.size() == households_)) return *c;
    c = InputColumn(Given(in_->household_facts, field), household::Fields(household::Entity::kHousehold)[field],
                    household_base_, households_, text);
    return *c;
  }

  // Per household, its applicant: the person whose relationship is "self",
  // else the first. Computed on first use.
  const std::vector<int64_t>& Applicants() {
    if (!applicant_.empty() || households_ == 0) return applicant_;
    applicant_.resize(households_);
    for (size_t h = 0; h < households_; ++h) {
      applicant_[h] = first_[h] + static_cast<int64_t>(eval::ApplicantOf(*in_, household_base_ + h));
    }
    return applicant_;
  }

  // The statuses of the chunk's person `person`, or null when unknown.
  std::optional<std::span<const household::Status>> StatusesOf(int64_t person) const {
    const size_t p = person_base_ + static_cast<size_t>(person);
    if (!in_->statuses.known[p]) return std::nullopt;
    return in_->statuses.Of(p);
  }

  // Per person, the statuses as a bit mask (status_mask_, status_listed_):
  // the statuses that hold on the reference date, without kOtherStatusBit;
  // on first use.
  void LoadStatusMasks() {
    if (status_masks_loaded_) return;
    status_masks_loaded_ = true;
    status_mask_.assign(person_count_, 0);
    status_listed_.assign(person_count_, 0);
    for (size_t p = 0; p < person_count_; ++p) {
      const size_t row = person_base_ + p;
      status_listed_[p] = in_->statuses.known[row];
      const uint64_t bits = in_->status_bits[row];  // 0 where unknown
      status_mask_[p] =
          (bits & household::kDatedStatusBit ? household::StatusBitsOn(in_->statuses.Of(row), ref_) : bits) &
          ~(household::kOtherStatusBit | household::kDatedStatusBit);
    }
  }

  // One income measure (kind, basis, period of `n`) for every person of the
  // chunk, computed once per chunk.
  const Col& IncomeColumn(const Node& n) {
    for (auto& [imm, kind, col] : incomes_) {
      if (imm == n.imm && kind == n.text) return col;
    }
    Col& c = std::get<2>(incomes_.emplace_back(n.imm, n.text, Col{}));
    c.Resize(person_count_, false);
    for (size_t p = 0; p < person_count_; ++p) {
      if (!in_->incomes.known[person_base_ + p]) continue;
      c.k[p] = 1;
      c.v[p] = eval::IncomeTotal(in_->incomes.Of(person_base_ + p), n.text, n.imm);
    }
    return c;
  }

  // Every person's age on the reference date: from the birth date, else the
  // `age` input. Rules ask for it in many places.
  const Col& AgeColumn() {
    if (age_) return *age_;
    age_.emplace();
    age_->Resize(person_count_, false);
    if (!ages_on_ || ages_on_date_ != ref_) {
      ages_on_.emplace(ref_);
      ages_on_date_ = ref_;
    }
    eval::PersonAges(*in_, person_base_, person_count_, *ages_on_, age_->v.data(), age_->k.data());
    return *age_;
  }

  // `memo`'s column over every household of the chunk, computed by
  // `compute(root_)` on first use in the chunk.
  template <typename Compute>
  const Col& OncePerChunk(HouseholdMemo& memo, Compute compute) {
    if (memo.chunk != chunk_) {
      memo.chunk = chunk_;
      memo.col = compute(root_);
    }
    return memo.col;
  }

  // A frame of one row per household in `households`.
  Frame HouseholdRows(std::vector<uint32_t> households) const {
    Frame f;
    f.household = std::move(households);
    f.binding.resize(p_.slot_count);
    return f;
  }

  const Col& DefineHousehold(uint32_t index) {
    const Node& body = *p_.defines[index].value;
    return OncePerChunk(define_h_[index], [&](const Frame& root) { return Eval(body, root); });
  }

  const Col& DefinePerson(uint32_t index) {
    if (!define_p_[index]) {
      const ir::Define& d = p_.defines[index];
      int saved_right = current_right_;
      current_right_ = -1;
      define_p_[index] = Eval(*d.value, ElementFrame(false, d.this_slot));
      current_right_ = saved_right;
    }
    return *define_p_[index];
  }

  Col Eval(const Node& n, const Frame& f);

  // `a.has_status("x") or a.has_status("y") or ...` on one person `a` (a
  // binder or the applicant): rules list the statuses that count this way,
  // dozens per rule base. Such an `or` is one mask test per row; the Kleene
  // result is the same, as every operand is unknown exactly when `a`'s
  // statuses are.
  struct StatusSet {
    const Node* person;
    uint64_t mask;
  };
  // The status set `n` tests, if it is one (recorded for every `or` node).
  std::optional<StatusSet> StatusSetOf(const Node& n) {
    if (n.op == Op::kHasStatus) {
      const Node& person = *n.args[0];
      if (person.op != Op::kVar && person.op != Op::kApplicant) return std::nullopt;
      return StatusSet{&person, KnownStatusBit(n.text)};
    }
    if (n.op != Op::kOr) return std::nullopt;
    auto a = StatusSetOf(*n.args[0]);
    auto b = a ? StatusSetOf(*n.args[1]) : std::nullopt;
    if (!a || !b || a->person->op != b->person->op ||
        (a->person->op == Op::kVar && a->person->slot != b->person->slot)) {
      return std::nullopt;
    }
    return StatusSet{a->person, a->mask | b->mask};
  }
  void FindStatusSets(const Node& n) {
    if (n.op == Op::kOr) {
      if (auto set = StatusSetOf(n)) status_sets_.emplace(&n, *set);
    }
    for (const auto& a : n.args) {
      if (a) FindStatusSets(*a);
    }
  }
  Col Aggregate(const Node& n, const Frame& f);
  Col AggregateRows(const Node& n, const Frame& f);
  void ReduceKnown(ir::AggregateKind kind, bool estates, const Frame& f, const std::vector<uint32_t>& range,
                   const std::vector<int64_t>* filter, const std::vector<int64_t>* value, Col& out);
  std::vector<int64_t> running_;  // scratch of ReduceKnown
  const RightColumns& RightMemo(uint32_t r);

  const ir::Program& p_;
  std::unordered_map<const Node*, bool> reads_outer_;  // per aggregate: reads an enclosing binder
  Frame root_;

  const household::Columns* in_ = nullptr;  // the chunk is households [household_base_, +households_) of *in_
  size_t household_base_ = 0;
  size_t households_ = 0;
  size_t person_base_ = 0;   // the chunk's first person in *in_
  size_t person_count_ = 0;
  size_t estate_base_ = 0;   // the chunk's first real-estate entry in *in_
  base::Date ref_;
  std::vector<uint32_t> person_household_;
  std::unordered_map<const Node*, StatusSet> status_sets_;        // `or` nodes that test a status set
  std::vector<uint64_t> status_mask_;   // bit i: the person has StatusValues()[i]
  std::vector<uint8_t> status_listed_;  // the person's statuses are known
  bool status_masks_loaded_ = false;
  std::vector<uint8_t> may_assume_;     // per right: ir::HasAssumptions
  std::vector<uint32_t> first_;         // per household: its first person; one past the end last
  std::vector<int64_t> applicant_;
  std::vector<uint32_t> estate_household_;
  std::vector<uint32_t> estate_first_;  // like first_, for real-estate entries
  std::vector<uint8_t> estates_known_;  // the household's real estate is given
  std::map<std::pair<bool, uint16_t>, Frame> element_frames_;
  std::vector<std::optional<Col>> person_fields_;  // by field, filled on first use
  std::vector<std::optional<Col>> household_fields_;  // likewise
  std::optional<Col> age_;                            // per person, on the reference date
  std::optional<base::AgesOn> ages_on_;               // kept across chunks of one reference date
  base::Date ages_on_date_;
  std::deque<std::tuple<int64_t, std::string_view, Col>> incomes_;  // per (imm, kind) of a kIncome node
  uint64_t chunk_ = 0;  // counts Prepare calls; a HouseholdMemo of another chunk is stale
  std::unordered_map<const Node*, size_t> aggregate_memo_index_;  // aggregates that read no enclosing binder
  std::vector<HouseholdMemo> aggregate_memo_;
  std::vector<HouseholdMemo> define_h_;
  std::vector<std::optional<Col>> define_p_;
  std::vector<std::vector<HouseholdMemo>> let_memo_;  // by right, by let
  std::vector<std::optional<RightColumns>> right_memo_;
  int current_right_ = -1;
};

Col Evaluator::Impl::Eval(const Node& n, const Frame& f) {
  const bool text = n.type == Type::kText;
  switch (n.op) {
    case Op::kConst: return Constant(f, n.imm, n.text, text);
    case Op::kReferenceDate: return Constant(f, ref_.days(), {}, false);
    case Op::kApplicant: {
      const std::vector<int64_t>& applicants = Applicants();
      Col c;
      c.Resize(households_, false);
      for (size_t h = 0; h < households_; ++h) {
        c.v[h] = applicants[h];
        c.k[h] = 1;
      }
      return Spread(std::move(c), f, false);
    }
    case Op::kMembers:
    case Op::kEstates: {
      // The size of the collection; aggregates read the elements directly.
      const bool estates = n.op == Op::kEstates;
      const std::vector<uint32_t>& first = estates ? estate_first_ : first_;
      Col c;
      c.Resize(households_, false);
      for (size_t h = 0; h < households_; ++h) {
        c.k[h] = !estates || estates_known_[h];
        c.v[h] = first[h + 1] - first[h];
      }
      return Spread(std::move(c), f, false);
    }
    case Op::kVar: {
      Col c;
      c.Resize(f.rows(), false);
      const std::vector<int64_t>& bound = f.binding[n.slot];
      assert(bound.size() == f.rows());  // the checker binds every variable it resolves
      c.v = bound;
      std::fill(c.k.begin(), c.k.end(), 1);
      return c;
    }
    case Op::kEstateField: {
      Col entries = Eval(*n.args[0], f);
      Col out;
      out.Resize(entries.size(), text);
      for (size_t i = 0; i < entries.size(); ++i) {
        const household::RealEstate& entry = in_->real_estate.entries[estate_base_ + static_cast<size_t>(entries.v[i])];
        out.k[i] = 1;
        if (n.imm == 0) out.s[i] = entry.type;
        else out.v[i] = entry.ki_non_indexed.cents();
      }
      return out;
    }
    case Op::kHouseholdField: return Spread(HouseholdFieldColumn(n.index, text), f, text);
    case Op::kPersonField: return ReadPersons(n, f, PersonFieldColumn(n.index, text), text);
    case Op::kPersonAge: return ReadPersons(n, f, AgeColumn(), false);
    case Op::kPersonAgeOn: {
      // Only the birth date answers for another day than the reference date.
      static const auto birth_field = household::FindField(Entity::kPerson, "birth_date");
      const household::FactColumn* birth = PersonInput(*birth_field);
      Col on = Eval(*n.args[1], f);
      return PerElement(n, f, [&](size_t i, int64_t person, OutRow out) {
        const size_t row = person_base_ + static_cast<size_t>(person);
        if (!on.k[i] || !birth || !birth->present[row]) return;
        out.k[i] = 1;
        out.v[i] = base::AgeOn(base::Date::FromDays(static_cast<int32_t>(birth->number[row])),
                               base::Date::FromDays(static_cast<int32_t>(on.v[i])));
      });
    }
    case Op::kHasStatus: {
      // A bit test per person: status names were turned into a mask once per chunk.
      return StatusTest(*n.args[0], KnownStatusBit(n.text), f);
    }
    case Op::kStatusMonths:
    case Op::kStatusCategory:
      return PerElement(n, f, [&](size_t i, int64_t person, OutRow out) {
        const auto statuses = StatusesOf(person);
        if (!statuses) return;
        const household::Status* found = household::HeldStatus(*statuses, n.text, ref_);
        if (n.op == Op::kStatusCategory) {
          out.k[i] = 1;
          out.s[i] = found ? std::string_view(found->category) : std::string_view();
        } else if (!found) {
          out.k[i] = 1;
        } else if (found->LengthKnown()) {
          out.k[i] = 1;
          out.v[i] = n.imm ? base::FullMonthsBefore(*found->since, ref_)
                           : std::max(0, base::MonthsBetween(*found->since, ref_));
        }
      });
    case Op::kIncome: return ReadPersons(n, f, IncomeColumn(n), false);
    case Op::kParam: {
      const ir::ParameterValue* v = p_.parameters[n.index].ValueOn(ref_);
      return Constant(f, v ? v->value : 0, {}, false, v != nullptr);
    }
    case Op::kDefine: return Spread(DefineHousehold(n.index), f, text);
    case Op::kPersonDefine: return ReadPersons(n, f, DefinePerson(n.index), text);
    case Op::kLet: {
      const Node& body = *p_.rights[current_right_].lets[n.index].value;
      const Col& all = OncePerChunk(let_memo_[current_right_][n.index],
                            [&](const Frame& root) { return Eval(body, root); });
      return Spread(all, f, text);
    }
    case Op::kRightEligible:
    case Op::kRightAmount: {
      const RightColumns& r = RightMemo(n.index);
      Col c;
      c.Resize(households_, false);
      for (size_t h = 0; h < households_; ++h) {
        switch (r.status[h]) {
          case eval::Status::kEligible:
            c.k[h] = n.op == Op::kRightEligible || r.amount_known[h] || !p_.rights[n.index].amount;
            c.v[h] = n.op == Op::kRightEligible ? 1 : (p_.rights[n.index].amount ? r.amount_cents[h] : 0);
            break;
          case eval::Status::kNotEligible:
            c.k[h] = 1;
            c.v[h] = 0;
            break;
          case eval::Status::kUndetermined: break;
        }
      }
      return Spread(std::move(c), f, false);
    }
    case Op::kNot: {
      Col c = Eval(*n.args[0], f);
      for (size_t i = 0; i < c.size(); ++i) c.v[i] = !c.v[i];
      return c;
    }
    case Op::kIsKnown: {
      Col c = Eval(*n.args[0], f);
      for (size_t i = 0; i < c.size(); ++i) {
        c.v[i] = c.k[i];
        c.k[i] = 1;
      }
      c.s.clear();
      return c;
    }
    case Op::kAnd:
    case Op::kOr: {
      if (n.op == Op::kOr) {
        auto set = status_sets_.find(&n);
        if (set != status_sets_.end()) return StatusTest(*set->second.person, set->second.mask, f);
      }
      const int64_t decisive = n.op == Op::kOr;
      Col a = Eval(*n.args[0], f);
      // When the left side decides every row, the right side is not needed
      // (evaluation has no effects besides memos).
      bool all_decided = true;
      for (size_t i = 0; i < a.size() && all_decided; ++i) {
        all_decided = a.k[i] && (a.v[i] != 0) == (decisive != 0);
      }
      if (all_decided) {
        std::fill(a.v.begin(), a.v.end(), decisive);
        return a;
      }
      Col b = Eval(*n.args[1], f);
      // Kleene logic without branches: a side decides when it is known and
      // equal to `decisive`; otherwise the result is known when both are.
      OutRow out(a);
      const int64_t* bv = b.v.data();
      const uint8_t* bk = b.k.data();
      for (size_t i = 0, rows = a.size(); i < rows; ++i) {
        const uint8_t ak = out.k[i];
        const bool a_decides = ak & ((out.v[i] != 0) == (decisive != 0));
        const bool b_decides = bk[i] & ((bv[i] != 0) == (decisive != 0));
        const bool decided = a_decides | b_decides;
        out.k[i] = decided | (ak & bk[i]);
        out.v[i] = decided ? decisive : !decisive;
      }
      return a;
    }
    case Op::kIf: {
      Col t = Eval(*n.args[0], f);
      Col a = Eval(*n.args[1], f);
      Col b = Eval(*n.args[2], f);
      for (size_t i = 0; i < t.size(); ++i) {
        if (t.k[i]) {
          if (!t.v[i]) {
            a.k[i] = b.k[i];
            a.v[i] = b.v[i];
            if (text) a.s[i] = b.s[i];
          }
        } else if (!(a.k[i] && b.k[i] && a.v[i] == b.v[i] && (!text || a.s[i] == b.s[i]))) {
          a.k[i] = 0;
        }
      }
      return a;
    }
    case Op::kCase: {
      std::vector<Col> parts;
      for (const auto& arg : n.args) parts.push_back(Eval(*arg, f));
      Col out;
      out.Resize(parts.back().size(), text);
      for (size_t i = 0; i < out.size(); ++i) {
        const Col* chosen = &parts.back();
        bool unknown = false;
        for (size_t w = 0; w + 1 < parts.size(); w += 2) {
          if (!parts[w].k[i]) {
            unknown = true;
            break;
          }
          if (parts[w].v[i]) {
            chosen = &parts[w + 1];
            break;
          }
        }
        if (unknown) continue;
        out.k[i] = chosen->k[i];
        out.v[i] = chosen->v[i];
        if (text) out.s[i] = chosen->s[i];
      }
      return out;
    }
    case Op::kCompare: {
      Col a = Eval(*n.args[0], f);
      std::optional<Scalar> scalar = ScalarOf(*n.args[1]);
      Col b;
      if (!scalar) b = Eval(*n.args[1], f);
      const auto op = static_cast<ir::CompareOp>(n.imm);
      const bool equality = op == ir::CompareOp::kEq || op == ir::CompareOp::kNe;
      bool texts = n.args[0]->type == Type::kText;
      if (scalar && texts && equality) {
        if (auto index = ir::EnumNumber(*n.args[0], scalar->s)) {
          scalar->v = *index;
          texts = false;
        }
      }
      // Bit 0, 1, 2: the result when a < b, a == b, a > b.
      unsigned truth = 0;
      switch (op) {
        case ir::CompareOp::kEq: truth = 0b010; break;
        case ir::CompareOp::kNe: truth = 0b101; break;
        case ir::CompareOp::kLt: truth = 0b001; break;
        case ir::CompareOp::kLe: truth = 0b011; break;
        case ir::CompareOp::kGt: truth = 0b100; break;
        case ir::CompareOp::kGe: truth = 0b110; break;
      }
      Col out;
      out.Resize(a.size(), false);
      OutRow row(out);
      const int64_t* av = a.v.data();
      const uint8_t* ak = a.k.data();
      const std::string_view* as = texts ? a.s.data() : nullptr;
      auto compare = [&](auto b_known, auto b_value, auto b_text) {
        for (size_t i = 0, rows = a.size(); i < rows; ++i) {
          if (!ak[i] || !b_known(i)) continue;
          int cmp = 0;
          if (!texts) {
            cmp = (av[i] > b_value(i)) - (av[i] < b_value(i));
          } else if (equality) {
            cmp = as[i] == b_text(i) ? 0 : 1;  // compares lengths first, unlike the three-way compare
          } else {
            const int c = as[i].compare(b_text(i));
            cmp = (c > 0) - (c < 0);
          }
          row.k[i] = 1;
          row.v[i] = (truth >> (cmp + 1)) & 1;
        }
      };
      if (scalar && !texts) {
        // The common `x >= parameter`: one branch-free pass.
        if (!scalar->known) return out;
        const int64_t b_value = scalar->v;
        for (size_t i = 0, rows = a.size(); i < rows; ++i) {
          const int cmp = (av[i] > b_value) - (av[i] < b_value);
          row.k[i] = ak[i];
          row.v[i] = ak[i] & (truth >> (cmp + 1));
        }
      } else if (scalar) {
        if (!scalar->known) return out;
        compare([](size_t) { return true; }, [&](size_t) { return scalar->v; }, [&](size_t) { return scalar->s; });
      } else {
        const int64_t* bv = b.v.data();
        const uint8_t* bk = b.k.data();
        const std::string_view* bs = texts ? b.s.data() : nullptr;
        compare([=](size_t i) { return bk[i] != 0; }, [=](size_t i) { return bv[i]; }, [=](size_t i) { return bs[i]; });
      }
      return out;
    }
    case Op::kArith: {
      Col a = Eval(*n.args[0], f);
      const std::optional<Scalar> scalar = ScalarOf(*n.args[1]);
      Col b;
      if (!scalar) b = Eval(*n.args[1], f);
      const auto op = static_cast<ir::ArithOp>(n.imm);
      const bool rate = n.type == Type::kMoney && n.args[1]->type == Type::kRate;
      OutRow row(a);
      auto apply = [&](auto b_known, auto b_value) {
        for (size_t i = 0, rows = a.size(); i < rows; ++i) {
          row.k[i] = row.k[i] && b_known(i);
          if (!row.k[i]) continue;
          const int64_t bv = b_value(i);
          switch (op) {
            case ir::ArithOp::kAdd: row.v[i] += bv; break;
            case ir::ArithOp::kSub: row.v[i] -= bv; break;
            case ir::ArithOp::kMul:
              row.v[i] = rate ? base::Money::FromCents(row.v[i]).TimesRate(bv).cents() : row.v[i] * bv;
              break;
            case ir::ArithOp::kDiv: row.v[i] = base::DivRound(row.v[i], bv); break;
          }
        }
      };
      if (scalar) {
        const bool known = scalar->known;
        const int64_t value = scalar->v;
        apply([=](size_t) { return known; }, [=](size_t) { return value; });
      } else {
        const int64_t* bv = b.v.data();
        const uint8_t* bk = b.k.data();
        apply([=](size_t i) { return bk[i] != 0; }, [=](size_t i) { return bv[i]; });
      }
      return a;
    }
    case Op::kNeg: {
      Col c = Eval(*n.args[0], f);
      for (size_t i = 0; i < c.size(); ++i) c.v[i] = -c.v[i];
      return c;
    }
    case Op::kIn: {
      Col c = Eval(*n.args[0], f);
      // The items as integers: numbers, or enum texts as their enum numbers.
      std::vector<int64_t> numbers;
      bool texts = n.args[0]->type == Type::kText;
      for (size_t j = 1; j < n.args.size() && texts; ++j) {
        auto index = ir::EnumNumber(*n.args[0], n.args[j]->text);
        if (!index) break;
        numbers.push_back(*index);
      }
      if (texts && numbers.size() == n.args.size() - 1) texts = false;
      else if (!texts) {
        for (size_t j = 1; j < n.args.size(); ++j) numbers.push_back(n.args[j]->imm);
      }
      Col out;
      out.Resize(c.size(), false);
      OutRow row(out);
      for (size_t i = 0; i < c.size(); ++i) {
        if (!c.k[i]) continue;
        row.k[i] = 1;
        if (texts) {
          for (size_t j = 1; j < n.args.size() && !row.v[i]; ++j) row.v[i] = c.s[i] == n.args[j]->text;
        } else {
          for (int64_t item : numbers) row.v[i] |= c.v[i] == item;
        }
      }
      return out;
    }
    case Op::kAggregate: return Aggregate(n, f);
    case Op::kBuiltin: {
      std::vector<Col> args;
      for (const auto& a : n.args) args.push_back(Eval(*a, f));
      Col out;
      out.Resize(f.rows(), false);
      const auto builtin = static_cast<ir::Builtin>(n.imm);
      auto arg = [&](size_t a, size_t i) { return a < args.size() ? args[a].v[i] : 0; };
      for (size_t i = 0; i < out.size(); ++i) {
        bool known = true;
        for (const auto& a : args) known = known && a.k[i];
        if (!known) continue;
        out.k[i] = 1;
        out.v[i] = eval::ApplyBuiltin(builtin, arg(0, i), arg(1, i), arg(2, i));
      }
      return out;
    }
  }
  return Constant(f, 0, {}, text, false);
}

Col Evaluator::Impl::Aggregate(const Node& n, const Frame& f) {
  // An aggregate that reads no enclosing binder has one value per household.
  auto it = aggregate_memo_index_.find(&n);
  if (it != aggregate_memo_index_.end()) {
    const Col& all = OncePerChunk(aggregate_memo_[it->second],
                          [&](const Frame& root) { return AggregateRows(n, root); });
    return Spread(all, f, false);
  }
  return AggregateRows(n, f);
}

// An aggregate whose filter and value are known for every element: no
// unknowns to track. Count, any, all and sum are differences of one running
// sum over the elements, with no branch per element or per household (the
// loop per household of a few members mispredicted its exit half the time);
// min and max loop per household. Matches the general loop of AggregateRows
// on such input.
void Evaluator::Impl::ReduceKnown(ir::AggregateKind kind, bool estates, const Frame& f,
                                  const std::vector<uint32_t>& range, const std::vector<int64_t>* filter,
                                  const std::vector<int64_t>* value, Col& out) {
  const size_t rows = f.rows();
  const uint32_t* bounds = range.data();
  const int64_t* fv = filter ? filter->data() : nullptr;
  const int64_t* vv = value ? value->data() : nullptr;
  OutRow row(out);
  if (kind == ir::AggregateKind::kMax || kind == ir::AggregateKind::kMin) {
    for (size_t r = 0; r < rows; ++r) {
      int64_t result = 0;
      bool have = false;
      for (uint32_t e = bounds[r]; e < bounds[r + 1]; ++e) {
        if (fv && !fv[e]) continue;
        const int64_t v = vv ? vv[e] : 1;
        if (!have || (kind == ir::AggregateKind::kMax ? v > result : v < result)) result = v;
        have = true;
      }
      row.k[r] = 1;
      row.v[r] = result;
    }
  } else {
    // running_[e] = the sum of the terms of the elements before e.
    const size_t elements = rows == 0 ? 0 : bounds[rows];
    running_.resize(elements + 1);
    int64_t* running = running_.data();
    running[0] = 0;
    int64_t acc = 0;
    for (size_t e = 0; e < elements; ++e) {
      const int64_t passes = fv ? fv[e] != 0 : 1;
      int64_t term = 0;
      switch (kind) {
        case ir::AggregateKind::kSum: term = passes * (vv ? vv[e] : 1); break;
        case ir::AggregateKind::kAll: term = passes & (vv ? vv[e] == 0 : 0); break;  // the elements that fail
        default: term = passes & (vv ? vv[e] != 0 : 1); break;                        // count, any
      }
      acc += term;
      running[e + 1] = acc;
    }
    for (size_t r = 0; r < rows; ++r) {
      const int64_t total = running[bounds[r + 1]] - running[bounds[r]];
      row.k[r] = 1;
      row.v[r] = kind == ir::AggregateKind::kAny ? total != 0 : kind == ir::AggregateKind::kAll ? total == 0 : total;
    }
  }
  if (estates) {
    for (size_t r = 0; r < rows; ++r) {
      if (!estates_known_[f.Household(r)]) row.k[r] = row.v[r] = 0;  // unknown real estate: unknown aggregate
    }
  }
}

Col Evaluator::Impl::AggregateRows(const Node& n, const Frame& f) {
  const bool estates = n.args[0]->op == Op::kEstates;
  const std::vector<uint32_t>& first = estates ? estate_first_ : first_;
  // The rows of the elements, and per row of `f` the range of its elements.
  const Frame* elements = nullptr;
  const std::vector<uint32_t>* range = nullptr;
  Frame nested;
  std::vector<uint32_t> offsets;
  if (f.root) {
    elements = &ElementFrame(estates, n.slot);
    range = &first;
  } else {
    offsets.resize(f.rows() + 1);
    std::vector<uint32_t> parent;
    std::vector<int64_t> element;
    for (size_t r = 0; r < f.rows(); ++r) {
      offsets[r] = static_cast<uint32_t>(element.size());
      const uint32_t h = f.household[r];
      for (uint32_t e = first[h]; e < first[h + 1]; ++e) {
        nested.household.push_back(h);
        parent.push_back(static_cast<uint32_t>(r));
        element.push_back(e);
      }
    }
    offsets[f.rows()] = static_cast<uint32_t>(element.size());
    nested.binding.resize(p_.slot_count);
    for (size_t slot = 0; slot < f.binding.size(); ++slot) {
      if (f.binding[slot].empty() || slot == n.slot) continue;
      nested.binding[slot].resize(element.size());
      for (size_t i = 0; i < element.size(); ++i) nested.binding[slot][i] = f.binding[slot][parent[i]];
    }
    nested.binding[n.slot] = std::move(element);
    elements = &nested;
    range = &offsets;
  }

  const auto kind = static_cast<ir::AggregateKind>(n.imm);
  const Node* filter = n.args[1].get();
  const Node* value = n.args[2].get();
  Col fc = filter ? Eval(*filter, *elements) : Col{};
  Col vc = value ? Eval(*value, *elements) : Col{};
  Col out;
  out.Resize(f.rows(), false);
  auto all_known = [](const Col& c) { return std::find(c.k.begin(), c.k.end(), 0) == c.k.end(); };
  if ((!filter || all_known(fc)) && (!value || all_known(vc))) {
    ReduceKnown(kind, estates, f, *range, filter ? &fc.v : nullptr, value ? &vc.v : nullptr, out);
    return out;
  }
  for (size_t r = 0; r < f.rows(); ++r) {
    if (estates && !estates_known_[f.Household(r)]) continue;  // unknown real estate: unknown aggregate
    bool any_unknown = false, found = false, have_extreme = false;
    int64_t count = 0, total = 0, extreme = 0;
    for (uint32_t e = (*range)[r]; e < (*range)[r + 1] && !found; ++e) {
      bool certain = true;
      if (filter) {
        if (fc.k[e] && !fc.v[e]) continue;
        if (!fc.k[e]) {
          certain = false;
          any_unknown = true;
        }
      }
      const bool v_known = value ? vc.k[e] != 0 : true;
      const int64_t v_value = value ? vc.v[e] : 1;
      if (!v_known) {
        any_unknown = true;
        continue;
      }
      switch (kind) {
        case ir::AggregateKind::kCount:
          if (v_value && certain) ++count;
          break;
        case ir::AggregateKind::kAny:
          if (v_value && certain) found = true;
          break;
        case ir::AggregateKind::kAll:
          if (!v_value && certain) found = true;
          break;
        case ir::AggregateKind::kSum:
        case ir::AggregateKind::kMax:
        case ir::AggregateKind::kMin:
          if (!certain) break;
          total += v_value;
          if (!have_extreme || (kind == ir::AggregateKind::kMax ? v_value > extreme : v_value < extreme)) {
            extreme = v_value;
          }
          have_extreme = true;
          break;
      }
    }
    switch (kind) {
      case ir::AggregateKind::kAny:
        out.k[r] = found || !any_unknown;
        out.v[r] = found;
        break;
      case ir::AggregateKind::kAll:
        out.k[r] = found || !any_unknown;
        out.v[r] = !found;
        break;
      case ir::AggregateKind::kCount:
        out.k[r] = !any_unknown;
        out.v[r] = count;
        break;
      case ir::AggregateKind::kSum:
        out.k[r] = !any_unknown;
        out.v[r] = total;
        break;
      case ir::AggregateKind::kMax:
      case ir::AggregateKind::kMin:
        out.k[r] = !any_unknown;
        out.v[r] = have_extreme ? extreme : 0;
        break;
    }
  }
  return out;
}

const RightColumns& Evaluator::Impl::RightMemo(uint32_t r) {
  if (right_memo_[r]) return *right_memo_[r];
  const int saved = current_right_;
  current_right_ = static_cast<int>(r);
  const ir::Right& right = p_.rights[r];
  const size_t n = households_;
  // Conditions one after the other, each over the households no earlier
  // condition has ruled out: one false condition decides the status.
  std::vector<uint8_t> any_false(n, 0), any_unknown(n, 0);
  std::vector<uint32_t> live;
  bool all_live = true;
  for (const auto& c : right.conditions) {
    Frame rows = all_live ? Frame{} : HouseholdRows(live);
    const Frame& frame = all_live ? root_ : rows;
    if (frame.rows() == 0) break;
    Col t = Eval(*c.test, frame);
    std::vector<uint32_t> still;
    still.reserve(frame.rows());
    for (size_t i = 0; i < frame.rows(); ++i) {
      const uint32_t h = frame.Household(i);
      if (t.k[i] && !t.v[i]) {
        any_false[h] = 1;
        continue;
      }
      if (!t.k[i]) any_unknown[h] = 1;
      still.push_back(h);
    }
    all_live = still.size() == n;
    live = std::move(still);
  }
  RightColumns out;
  out.status.resize(n);
  std::vector<uint32_t> eligible, possible;  // possible: not ruled out
  for (uint32_t h = 0; h < n; ++h) {
    out.status[h] = any_false[h]     ? eval::Status::kNotEligible
                    : any_unknown[h] ? eval::Status::kUndetermined
                                     : eval::Status::kEligible;
    if (out.status[h] == eval::Status::kEligible) eligible.push_back(h);
    if (out.status[h] != eval::Status::kNotEligible) possible.push_back(h);
  }
  out.amount_cents.assign(n, 0);
  out.amount_known.assign(n, 0);
  if (right.amount && !eligible.empty()) {
    const Frame rows = HouseholdRows(eligible);
    Col a = Eval(*right.amount->value, rows);
    for (size_t i = 0; i < eligible.size(); ++i) {
      if (!a.k[i]) continue;
      out.amount_known[eligible[i]] = 1;
      out.amount_cents[eligible[i]] = a.v[i];
    }
  }
  out.category.assign(n, {});
  out.category_known.assign(n, 0);
  if (right.category && !possible.empty()) {
    const Frame rows = HouseholdRows(possible);
    Col c = Eval(*right.category, rows);
    for (size_t i = 0; i < possible.size(); ++i) {
      if (!c.k[i]) continue;
      out.category_known[possible[i]] = 1;
      out.category[possible[i]] = c.s[i];
    }
  }
  out.route.assign(n, -1);
  out.assumptions.assign(n, 0);
  if (!possible.empty() && (right.route || may_assume_[r])) {
    const Frame rows = HouseholdRows(possible);
    if (right.route) {
      Col c = Eval(*right.route, rows);
      for (size_t i = 0; i < possible.size(); ++i) {
        if (c.k[i]) out.route[possible[i]] = static_cast<int8_t>(c.v[i]);
      }
    }
    for (uint32_t a : right.assumptions) {
      Col used = Eval(*p_.assumptions[a].used, rows);  // never unknown
      for (size_t i = 0; i < possible.size(); ++i) {
        if (used.v[i]) out.assumptions[possible[i]] |= uint64_t{1} << a;
      }
    }
    for (uint32_t d : right.depends_on) {
      if (!may_assume_[d]) continue;
      const std::vector<uint64_t>& of = RightMemo(d).assumptions;
      for (uint32_t h : possible) out.assumptions[h] |= of[h];
    }
  }
  current_right_ = saved;
  right_memo_[r] = std::move(out);
  return *right_memo_[r];
}

Evaluator::Evaluator(const ir::Program& program) : impl_(new Impl(program)) {}
Evaluator::~Evaluator() { delete impl_; }

std::vector<RightColumns> Evaluator::EvaluateAll(const household::Columns& columns, size_t begin, size_t end,
                                                 base::Date reference_date) {
  assert(begin <= end && end <= columns.households());
  return impl_->EvaluateAll(columns, begin, end, reference_date);
}

std::vector<RightColumns> Evaluator::EvaluateAll(const household::Columns& columns, base::Date reference_date) {
  return impl_->EvaluateAll(columns, 0, columns.households(), reference_date);
}

std::vector<RightColumns> Evaluator::EvaluateAll(std::span<const household::Household> households,
                                                 base::Date reference_date) {
  converted_ = household::ToColumns(households);
  return impl_->EvaluateAll(converted_, 0, converted_.households(), reference_date);
}

}  // namespace rules::batch
