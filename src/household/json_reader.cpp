// household/json_reader.cpp — strict household JSON reading and canonical writing.
//
// Reading is two passes: nlohmann's SAX parser builds a small lossless tree
// (numbers keep their source text, duplicate keys and deep nesting are caught
// while parsing), then a validator walks that tree against the layout derived
// from the schema table and fills the Household.
#include "household/json_reader.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <exception>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "base/date.h"
#include "base/diagnostics.h"
#include "base/money.h"
#include "household/municipality.h"

namespace household {
namespace detail {
namespace {

// Dutch labels of the nested objects, by dotted path inside their entity.
std::string_view ObjectLabel(Entity entity, std::string_view path) {
  static const std::vector<std::pair<std::string_view, std::string_view>> household_labels = {
      {"municipality", "de gemeente waar het gezin woont"},
      {"household", "het gezin"},
      {"income_history", "de inkomens van het gezin"},
      {"income_history.household_gross_taxable_income_annual",
       "het bruto belastbaar gezinsinkomen van het vorige kalenderjaar"},
      {"housing", "de woning"},
      {"connection", "de aansluiting op gas en elektriciteit"},
      {"heating_delivery", "de levering van brandstof voor de verwarming"},
  };
  static const std::vector<std::pair<std::string_view, std::string_view>> person_labels = {
      {"ocmw_decision", "de beslissingen van het OCMW over de persoon (na sociaal onderzoek)"},
      {"disability", "de handicap"},
      {"residence_history", "de verblijfsgeschiedenis in Vlaanderen of Brussel"},
      {"care", "de mantelzorg die de persoon geeft"},
  };
  for (const auto& [name, label] : entity == Entity::kPerson ? person_labels : household_labels) {
    if (name == path) return label;
  }
  return {};
}

// Returns the object member `name` of `parent`, creating it.
ObjectLayout& ChildObject(ObjectLayout& parent, std::string_view name, std::string_view path) {
  for (Member& m : parent.members) {
    if (m.name == name) {
      assert(m.kind == MemberKind::kObject && "a schema name is both a field and an object");
      return *m.object;
    }
  }
  Member m;
  m.name = std::string(name);
  m.kind = MemberKind::kObject;
  m.object = std::make_unique<ObjectLayout>();
  m.object->entity = parent.entity;
  m.object->path = std::string(path);
  m.label = ObjectLabel(parent.entity, path);
  parent.members.push_back(std::move(m));
  return *parent.members.back().object;
}

// Adds the member at dotted `name`, creating the objects on the way.
Member& AddMember(ObjectLayout& root, std::string_view name, MemberKind kind) {
  ObjectLayout* object = &root;
  size_t start = 0;
  for (size_t dot = name.find('.'); dot != std::string_view::npos; dot = name.find('.', start)) {
    object = &ChildObject(*object, name.substr(start, dot - start), name.substr(0, dot));
    start = dot + 1;
  }
  Member m;
  m.name = std::string(name.substr(start));
  m.kind = kind;
  assert(object->Find(m.name) == nullptr && "duplicate schema name");
  object->members.push_back(std::move(m));
  return object->members.back();
}

std::unique_ptr<ObjectLayout> BuildLayout(Entity entity) {
  auto root = std::make_unique<ObjectLayout>();
  root->entity = entity;
  if (entity == Entity::kHousehold) {
    AddMember(*root, "reference_date", MemberKind::kReferenceDate).label =
        "de peildatum: de datum waarop de rechten bekeken worden";
  }
  const auto& fields = Fields(entity);
  for (size_t i = 0; i < fields.size(); ++i) {
    AddMember(*root, fields[i].name, MemberKind::kField).field = static_cast<FieldId>(i);
  }
  if (entity == Entity::kHousehold) {
    AddMember(*root, "household.persons", MemberKind::kPersons).label = "de personen van het gezin";
    AddMember(*root, kOwnedRealEstate, MemberKind::kOwnedRealEstate).label = "het onroerend goed van het gezin";
    AddMember(*root, "lenient", MemberKind::kOption).label =
        "soepel lezen: onbekende velden en waarden overslaan en melden in plaats van te weigeren";
    AddMember(*root, "all_municipalities", MemberKind::kOption).label =
        "ook de rechten van andere gemeenten tonen, niet alleen die van de eigen gemeente";
  } else {
    AddMember(*root, kIncomes, MemberKind::kIncomes).label = "de inkomens van de persoon";
    AddMember(*root, kStatuses, MemberKind::kStatuses).label = "de uitkeringen en statuten die de persoon al heeft";
  }
  return root;
}

}  // namespace

const Member* ObjectLayout::Find(std::string_view name) const {
  for (const Member& m : members) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

const ObjectLayout& DocumentLayout() {
  static const std::unique_ptr<ObjectLayout> layout = BuildLayout(Entity::kHousehold);
  return *layout;
}

const ObjectLayout& PersonLayout() {
  static const std::unique_ptr<ObjectLayout> layout = BuildLayout(Entity::kPerson);
  return *layout;
}

const std::vector<std::string_view>& IncomePeriods() {
  static const std::vector<std::string_view> periods = {"month", "year"};
  return periods;
}

const std::vector<std::string_view>& IncomeBases() {
  static const std::vector<std::string_view> bases = {"net", "gross_taxable"};
  return bases;
}

const std::vector<ItemMember>& ItemMembers(MemberKind list) {
  using T = FieldType;
  constexpr Entity kP = Entity::kPerson;
  static const std::vector<ItemMember> incomes = {
      {{"kind", kP, T::kEnum, IncomeKinds(), "de soort inkomen", {}}, true, false},
      {{"amount", kP, T::kMoney, {}, "het bedrag in euro", {}}, true, false},
      {{"period", kP, T::kEnum, IncomePeriods(), "de periode van het bedrag (per maand of per jaar)", {}}, true, false},
      {{"basis", kP, T::kEnum, IncomeBases(), "netto of bruto belastbaar", {}}, true, false},
  };
  static const std::vector<ItemMember> statuses = {
      {{"status", kP, T::kText, {}, "de uitkering of het statuut", {}}, true, true},
      {{"since", kP, T::kDate, {}, "de datum vanaf wanneer", {}}, false, false},
      {{"category", kP, T::kText, {}, "de categorie", {}}, false, false, true},
      {{"route", kP, T::kText, {}, "de weg waarlangs het werd toegekend", {}}, false, false},
      {{"uninterrupted", kP, T::kBool, {}, "of het zonder onderbreking liep sinds die datum", {}}, false, false},
      {{"until", kP, T::kDate, {}, "de laatste dag waarop het liep (leeg: het loopt nog)", {}}, false, false},
  };
  static const std::vector<ItemMember> estates = {
      {{"type", Entity::kHousehold, T::kEnum, RealEstateTypes(), "de soort onroerend goed", {}}, true, false},
      {{"ki_non_indexed", Entity::kHousehold, T::kMoney, {}, "het niet-geïndexeerd kadastraal inkomen", {}},
       true,
       false},
  };
  static const std::vector<ItemMember> none;
  switch (list) {
    case MemberKind::kIncomes:
      return incomes;
    case MemberKind::kStatuses:
      return statuses;
    case MemberKind::kOwnedRealEstate:
      return estates;
    case MemberKind::kField:
    case MemberKind::kObject:
    case MemberKind::kReferenceDate:
    case MemberKind::kPersons:
    case MemberKind::kOption:
      return none;
  }
  return none;
}

std::string_view ListEntryPath(MemberKind list) {
  switch (list) {
    case MemberKind::kIncomes:
      return "incomes[]";
    case MemberKind::kStatuses:
      return "statuses[]";
    case MemberKind::kOwnedRealEstate:
      return "housing.owned_real_estate[]";
    case MemberKind::kField:
    case MemberKind::kObject:
    case MemberKind::kReferenceDate:
    case MemberKind::kPersons:
    case MemberKind::kOption:
      return "";
  }
  return "";
}

bool IsAmountEntry(const ObjectLayout& layout, const Member& member) {
  if (layout.path != kIncomeHistory) return false;
  if (member.kind == MemberKind::kField) return Fields(layout.entity)[member.field].type == FieldType::kMoney;
  if (member.kind != MemberKind::kObject) return false;
  const Member* amount = member.object->Find("amount");
  return amount != nullptr && amount->kind == MemberKind::kField &&
         Fields(layout.entity)[amount->field].type == FieldType::kMoney;
}

}  // namespace detail

namespace {

using detail::ItemMember;
using detail::Member;
using detail::MemberKind;
using detail::ObjectLayout;

// ---------------------------------------------------------------------------
// Text helpers for messages.

// Length of the well-formed UTF-8 sequence at the start of `text` (Unicode
// Table 3-7), or 0 when it is not one.
size_t Utf8Length(std::string_view text) {
  auto byte = [&](size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u; };
  unsigned b0 = byte(0);
  auto in = [](unsigned b, unsigned lo, unsigned hi) { return b >= lo && b <= hi; };
  if (b0 < 0x80) return 1;
  if (in(b0, 0xC2, 0xDF)) return in(byte(1), 0x80, 0xBF) ? 2 : 0;
  if (in(b0, 0xE0, 0xEF)) {
    unsigned lo = b0 == 0xE0 ? 0xA0 : 0x80, hi = b0 == 0xED ? 0x9F : 0xBF;
    return in(byte(1), lo, hi) && in(byte(2), 0x80, 0xBF) ? 3 : 0;
  }
  if (in(b0, 0xF0, 0xF4)) {
    unsigned lo = b0 == 0xF0 ? 0x90 : 0x80, hi = b0 == 0xF4 ? 0x8F : 0xBF;
    return in(byte(1), lo, hi) && in(byte(2), 0x80, 0xBF) && in(byte(3), 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

// `text` cut after about `max` bytes (marked "..."), with control characters
// and bytes that are not UTF-8 escaped as \xNN (and ' and \ escaped when
// `quotes`), so a message is always one line of valid UTF-8.
std::string Escape(std::string_view text, size_t max, bool quotes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  size_t i = 0;
  while (i < text.size() && i < max) {
    auto u = static_cast<unsigned char>(text[i]);
    size_t length = Utf8Length(text.substr(i));
    if (quotes && (u == '\'' || u == '\\')) {
      out += '\\';
      out += text[i];
    } else if (length == 0 || u < 0x20 || u == 0x7F) {
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
      length = 1;
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  if (i < text.size()) out += "...";
  return out;
}

// `text` in single quotes, escaped and cut after about 60 bytes.
std::string Quote(std::string_view text) { return "'" + Escape(text, 60, true) + "'"; }

std::string QuotedList(const std::vector<std::string_view>& values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ", ";
    out += values[i];
  }
  return out;
}

// The candidates close to `word`, closest first. Candidates that start with
// `word` (at least 3 characters) count as close too: "rent" finds "rent_monthly".
std::vector<std::string> Close(std::string_view word, const std::vector<std::string>& candidates) {
  constexpr size_t kLimit = 3;
  std::vector<std::string> close = base::ClosestMatches(word.substr(0, 100), candidates, kLimit);
  for (const std::string& c : candidates) {
    if (close.size() >= kLimit || word.size() < 3) break;
    if (c.starts_with(word) && std::find(close.begin(), close.end(), c) == close.end()) close.push_back(c);
  }
  return close;
}

std::string Suggest(std::string_view word, const std::vector<std::string>& candidates) {
  return base::DidYouMean(Close(word, candidates));
}

// The values usable as suggestions: prefix patterns ("carer_*") are left out.
std::vector<std::string> Strings(const std::vector<std::string_view>& values) {
  std::vector<std::string> out;
  for (std::string_view v : values) {
    if (!v.ends_with('*')) out.emplace_back(v);
  }
  return out;
}

// The path step to member `key`: ".key" for plain names, else ["key"].
std::string KeyStep(std::string_view key) {
  bool plain = !key.empty() && key.size() <= 60;
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) plain = false;
  }
  if (plain) return "." + std::string(key);
  return "[" + Quote(key) + "]";
}

std::string IndexStep(size_t index) { return "[" + std::to_string(index) + "]"; }

// ---------------------------------------------------------------------------
// Pass 1: a lossless JSON tree from SAX events.

struct Node {
  enum class Kind { kNull, kBool, kNumber, kString, kObject, kArray };
  Kind kind = Kind::kNull;
  bool boolean = false;
  bool integral = false;          // kNumber: written without fraction or exponent
  std::string text;               // kString: the value; kNumber: the number as written
  std::vector<std::string> keys;  // kObject: keys[i] names children[i]
  std::vector<Node> children;     // kObject, kArray
};

std::string KindName(const Node& node) {
  switch (node.kind) {
    case Node::Kind::kNull:
      return "null";
    case Node::Kind::kBool:
      return node.boolean ? "true" : "false";
    case Node::Kind::kNumber:
      return "the number " + node.text.substr(0, 40);
    case Node::Kind::kString:
      return "the string " + Quote(node.text);
    case Node::Kind::kObject:
      return "an object";
    case Node::Kind::kArray:
      return "an array";
  }
  return "a value";
}

// "L:C" of the byte before `position` (nlohmann counts the offending byte as read).
std::string LineColumn(std::string_view text, size_t position) {
  size_t at = position > 0 ? position - 1 : 0;
  if (at > text.size()) at = text.size();
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return std::to_string(line) + ":" + std::to_string(at - line_start + 1);
}

// nlohmann's message without its "[json.exception...] parse error at line x, column y: " prefix.
std::string CleanParseMessage(std::string message) {
  if (!message.empty() && message[0] == '[') {
    size_t close = message.find("] ");
    if (close != std::string::npos) message.erase(0, close + 2);
  }
  if (message.rfind("parse error", 0) == 0) {
    size_t colon = message.find(": ");
    if (colon != std::string::npos) message.erase(0, colon + 2);
  }
  // The "last read" token is raw input: it may be long or not UTF-8.
  constexpr std::string_view kLastRead = "; last read: '";
  size_t from = message.find(kLastRead);
  if (from == std::string::npos) return Escape(message, 200, false);
  size_t token = from + kLastRead.size();
  size_t to = message.rfind("'; expected ");
  if (to == std::string::npos || to < token) to = message.size() - 1;
  if (to < token) return message.substr(0, from);
  return Escape(
      message.substr(0, from) + "; last read: " + Quote(message.substr(token, to - token)) + message.substr(to + 1),
      400, false);
}

class TreeBuilder {
 public:
  using json = nlohmann::json;
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  TreeBuilder(std::string_view text, std::string_view source) : text_(text), source_(source) {}

  bool null() { return Add(Node{}) != nullptr; }
  bool boolean(bool value) {
    Node n;
    n.kind = Node::Kind::kBool;
    n.boolean = value;
    return Add(std::move(n)) != nullptr;
  }
  bool number_integer(number_integer_t value) { return Number(std::to_string(value), true); }
  bool number_unsigned(number_unsigned_t value) { return Number(std::to_string(value), true); }
  bool number_float(number_float_t /*value*/, const string_t& raw) { return Number(raw, false); }
  bool string(string_t& value) {
    Node n;
    n.kind = Node::Kind::kString;
    n.text = std::move(value);
    return Add(std::move(n)) != nullptr;
  }
  bool binary(binary_t& /*value*/) { return Fail(Path(), "binary values are not JSON"); }
  bool start_object(std::size_t /*elements*/) { return Open(Node::Kind::kObject); }
  bool key(string_t& key) {
    Frame& frame = stack_.back();
    if (!frame.keys.insert(key).second) return Fail(Path() + KeyStep(key), "duplicate key " + Quote(key));
    pending_key_ = std::move(key);
    return true;
  }
  bool end_object() {
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t /*elements*/) { return Open(Node::Kind::kArray); }
  bool end_array() {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t position, const std::string& /*last_token*/, const nlohmann::detail::exception& ex) {
    if (!error_) {
      error_ = std::string(source_) + ":" + LineColumn(text_, position) +
               ": malformed JSON: " + CleanParseMessage(ex.what());
    }
    return false;
  }

  Node& root() { return root_; }
  const std::optional<std::string>& error() const { return error_; }

 private:
  struct Frame {
    Node* node;
    std::unordered_set<std::string> keys;  // objects only
  };

  bool Number(std::string text, bool integral) {
    Node n;
    n.kind = Node::Kind::kNumber;
    n.integral = integral;
    n.text = std::move(text);
    return Add(std::move(n)) != nullptr;
  }

  bool Open(Node::Kind kind) {
    if (stack_.size() >= kMaxJsonDepth) {
      return Fail(Path(), "nested more than " + std::to_string(kMaxJsonDepth) + " levels deep");
    }
    Node n;
    n.kind = kind;
    Node* added = Add(std::move(n));
    if (added == nullptr) return false;
    stack_.push_back({added, {}});
    return true;
  }

  // Appends `node` to the innermost open container (or makes it the root).
  // Only the innermost container's children grow, so the Node pointers held
  // by the open frames stay valid.
  Node* Add(Node node) {
    if (stack_.empty()) {
      root_ = std::move(node);
      return &root_;
    }
    Node* parent = stack_.back().node;
    if (parent->kind == Node::Kind::kObject) parent->keys.push_back(std::move(pending_key_));
    parent->children.push_back(std::move(node));
    return &parent->children.back();
  }

  // The JSON path of the innermost open container.
  std::string Path() const {
    std::string path = "$";
    for (size_t i = 0; i + 1 < stack_.size(); ++i) {
      const Node* node = stack_[i].node;
      path += node->kind == Node::Kind::kObject ? KeyStep(node->keys.back()) : IndexStep(node->children.size() - 1);
    }
    return path;
  }

  bool Fail(const std::string& path, const std::string& message) {
    if (!error_) error_ = std::string(source_) + ": " + path + ": " + message;
    return false;
  }

  std::string_view text_;
  std::string_view source_;
  Node root_;
  std::vector<Frame> stack_;
  std::string pending_key_;
  std::optional<std::string> error_;
};

// ---------------------------------------------------------------------------
// Pass 2: validate the tree against the layout and fill the household.

class Validator {
 public:
  Validator(std::string_view source, const ReadOptions& options) : source_(source), options_(options) {}

  bool ReadDocument(const Node& root, Household& household) {
    household.facts.assign(Fields(Entity::kHousehold).size(), Fact{});
    if (root.kind != Node::Kind::kObject) return Fail("$", "expected an object, got " + KindName(root));
    lenient_ = options_.leniency == Leniency::kLenient;
    if (options_.leniency == Leniency::kAsDocument) {
      const Node* lenient = NonNullMember(root, "lenient");
      lenient_ = lenient != nullptr && lenient->kind == Node::Kind::kBool && lenient->boolean;
    }
    const Node* all = NonNullMember(root, "all_municipalities");
    all_municipalities_ = all != nullptr && all->kind == Node::Kind::kBool && all->boolean;
    if (!ReadObject(root, detail::DocumentLayout(), "$", household.facts, &household, nullptr)) return false;
    const Node* hh = NonNullMember(root, "household");
    if (hh == nullptr) return Fail("$", "missing required field 'household'");
    if (NonNullMember(*hh, "persons") == nullptr) return Fail("$.household", "missing required field 'persons'");
    return true;
  }

  std::string TakeError() { return std::move(error_); }
  bool lenient() const { return lenient_; }
  bool all_municipalities() const { return all_municipalities_; }
  std::vector<IgnoredField> TakeIgnored() { return std::move(ignored_); }

 private:
  // The non-null member `key` of object `node`, if any.
  static const Node* NonNullMember(const Node& node, std::string_view key) {
    for (size_t i = 0; i < node.keys.size(); ++i) {
      if (node.keys[i] == key) return node.children[i].kind == Node::Kind::kNull ? nullptr : &node.children[i];
    }
    return nullptr;
  }

  bool Fail(const std::string& path, const std::string& message) {
    if (error_.empty()) error_ = std::string(source_) + ": " + path + ": " + message;
    return false;
  }

  // An unknown member `key` at `path`: an error, or, when lenient, a note.
  // Returns false on error.
  bool UnknownField(const std::string& path, std::string_view key, const std::vector<std::string>& names) {
    if (!RoomToIgnore(path)) return false;
    std::vector<std::string> close = Close(key, names);
    std::string problem = "unknown field " + Quote(key);
    if (!lenient_) return Fail(path, problem + base::DidYouMean(close));
    ignored_.push_back({path, std::move(problem), std::move(close), {}, {}});
    return true;
  }

  // Whether lenient reading may leave out one more thing; false (an error at
  // `path`) beyond kMaxIgnoredFields, which bounds the work on a document that
  // is mostly not a household. Strict reading always has room: it fails anyway.
  bool RoomToIgnore(const std::string& path) {
    if (!lenient_ || ignored_.size() < kMaxIgnoredFields) return true;
    return Fail(path, "more than " + std::to_string(kMaxIgnoredFields) +
                          " unknown fields and values were left out; is this a household document?");
  }

  // The error for `key` naming a member already given under another spelling.
  bool SameField(const std::string& path, std::string_view key, std::string_view earlier) {
    return Fail(path, Quote(key) + " and " + Quote(earlier) + " name the same field; give it once");
  }

  // REQUIRES: node is an object. Exactly one of `household` / `person` is set.
  bool ReadObject(const Node& node, const ObjectLayout& layout, const std::string& path, std::vector<Fact>& facts,
                  Household* household, Person* person) {
    std::vector<std::pair<const Member*, std::string_view>> seen;  // member, the key that named it
    for (size_t i = 0; i < node.keys.size(); ++i) {
      const std::string& key = node.keys[i];
      const Node& child = node.children[i];
      std::string child_path = path + KeyStep(key);
      const Member* member = layout.Find(key);
      if (member == nullptr) {
        if (auto name = SynonymName(layout.entity, layout.path, key)) member = layout.Find(*name);
      }
      if (member == nullptr) {
        std::vector<std::string> names;
        for (const auto& m : layout.members) names.push_back(m.name);
        if (!UnknownField(child_path, key, names)) return false;
        continue;
      }
      for (const auto& [earlier, earlier_key] : seen) {
        if (earlier == member) return SameField(child_path, key, earlier_key);
      }
      seen.emplace_back(member, key);
      if (child.kind == Node::Kind::kNull) continue;
      bool ok = true;
      switch (member->kind) {
        case MemberKind::kField: {
          const FieldSpec& spec = Fields(layout.entity)[member->field];
          if (child.kind == Node::Kind::kObject && detail::IsAmountEntry(layout, *member)) {
            ok = ReadAmountEntry(child, spec, child_path, facts[member->field]);
          } else {
            ok = ReadScalar(child, spec, spec.name, child_path, facts[member->field]);
          }
          break;
        }
        case MemberKind::kObject:
          if (child.kind == Node::Kind::kNumber && detail::IsAmountEntry(layout, *member)) {
            // {year, amount} written as the amount alone: the year stays unknown.
            const Member* amount = member->object->Find("amount");
            const FieldSpec& spec = Fields(layout.entity)[amount->field];
            ok = ReadScalar(child, spec, spec.name, child_path, facts[amount->field]);
            break;
          }
          if (child.kind != Node::Kind::kObject) return Fail(child_path, "expected an object, got " + KindName(child));
          ok = ReadObject(child, *member->object, child_path, facts, household, person);
          break;
        case MemberKind::kReferenceDate: {
          Fact fact;
          ok = ReadScalar(child, FieldSpec{"reference_date", Entity::kHousehold, FieldType::kDate, {}, {}, {}}, "",
                          child_path, fact);
          if (ok) household->reference_date = base::Date::FromDays(static_cast<int32_t>(fact.number));
          break;
        }
        case MemberKind::kOption: {
          // A request option ("lenient", "all_municipalities"): read by
          // ReadDocument before the rest; here only its type is checked.
          Fact fact;
          ok = ReadScalar(child, FieldSpec{member->name, Entity::kHousehold, FieldType::kBool, {}, {}, {}}, "",
                          child_path, fact);
          break;
        }
        case MemberKind::kPersons:
          ok = ReadPersons(child, child_path, *household);
          break;
        case MemberKind::kIncomes: {
          person->incomes.emplace();
          bool unknown = false;
          ok = ReadList(child, child_path, MemberKind::kIncomes, unknown, [&](const std::vector<Fact>& f) {
            Income income;
            income.kind = f[0].text;
            income.amount = base::Money::FromCents(f[1].number);
            income.period = f[2].number == 0 ? IncomePeriod::kMonth : IncomePeriod::kYear;
            income.basis = f[3].number == 0 ? IncomeBasis::kNet : IncomeBasis::kGrossTaxable;
            person->incomes->push_back(std::move(income));
          });
          if (unknown) person->incomes.reset();
          break;
        }
        case MemberKind::kStatuses: {
          person->statuses.emplace();
          bool unknown = false;
          ok = ReadList(child, child_path, MemberKind::kStatuses, unknown, [&](const std::vector<Fact>& f) {
            Status status;
            status.status = f[0].text;
            if (f[1].present) status.since = base::Date::FromDays(static_cast<int32_t>(f[1].number));
            status.category = f[2].text;
            status.route = f[3].text;
            if (f[4].present) status.uninterrupted = f[4].number != 0;
            if (f[5].present) status.until = base::Date::FromDays(static_cast<int32_t>(f[5].number));
            person->statuses->push_back(std::move(status));
          });
          if (unknown) person->statuses.reset();
          break;
        }
        case MemberKind::kOwnedRealEstate: {
          household->owned_real_estate.emplace();
          bool unknown = false;
          ok = ReadList(child, child_path, MemberKind::kOwnedRealEstate, unknown, [&](const std::vector<Fact>& f) {
            RealEstate estate;
            estate.type = f[0].text;
            estate.ki_non_indexed = base::Money::FromCents(f[1].number);
            household->owned_real_estate->push_back(std::move(estate));
          });
          if (unknown) household->owned_real_estate.reset();
          break;
        }
      }
      if (!ok) return false;
    }
    return true;
  }

  // An income_history entry written {amount, year | month}: `fact` gets the
  // amount; the year or month is checked (the rule reading the entry says
  // which period it means) but not kept.
  bool ReadAmountEntry(const Node& node, const FieldSpec& spec, const std::string& path, Fact& fact) {
    static const std::vector<std::string> kNames = {"amount", "year", "month"};
    bool year = false, month = false;
    for (size_t i = 0; i < node.keys.size(); ++i) {
      const std::string& key = node.keys[i];
      const Node& child = node.children[i];
      std::string child_path = path + KeyStep(key);
      if (std::find(kNames.begin(), kNames.end(), key) == kNames.end()) {
        if (!UnknownField(child_path, key, kNames)) return false;
        continue;
      }
      if (child.kind == Node::Kind::kNull) continue;
      if (key == "amount") {
        if (!ReadScalar(child, spec, spec.name, child_path, fact)) return false;
      } else if (key == "year") {
        Fact value;
        if (!ReadScalar(child, FieldSpec{"year", Entity::kHousehold, FieldType::kInt, {}, {}, {}}, "", child_path,
                        value)) {
          return false;
        }
        if (value.number > 9999 || !base::IsSupportedYear(static_cast<int>(value.number))) {
          return Fail(child_path,
                      "year " + child.text + " is outside the supported dates " + std::string(base::kSupportedDates));
        }
        year = true;
      } else {
        if (!ReadMonth(child, child_path)) return false;
        month = true;
      }
    }
    if (year && month) return Fail(path, "give either 'year' or 'month', not both");
    if (!fact.present) return Fail(path, "missing required field 'amount'");
    return true;
  }

  // A month: "YYYY-MM" within the supported dates, or a whole number 1..12.
  bool ReadMonth(const Node& node, const std::string& path) {
    if (node.kind == Node::Kind::kString) {
      std::optional<base::Date> first = base::Date::Parse(node.text + "-01");
      if (node.text.size() != 7 || !first) {
        return Fail(path, Quote(node.text) + " is not a valid month (expected YYYY-MM)");
      }
      if (!base::IsSupportedYear(first->year())) {
        return Fail(path, node.text + " is outside the supported dates " + std::string(base::kSupportedDates));
      }
      return true;
    }
    bool whole = node.kind == Node::Kind::kNumber && node.integral;
    if (whole && node.text.size() <= 2 && node.text[0] != '-' && std::stoi(node.text) >= 1 &&
        std::stoi(node.text) <= 12) {
      return true;
    }
    if (whole) return Fail(path, "month " + node.text + " is not a number from 1 to 12");
    return Fail(path, "expected a month \"YYYY-MM\" or a number from 1 to 12, got " + KindName(node));
  }

  bool ReadPersons(const Node& node, const std::string& path, Household& household) {
    if (node.kind != Node::Kind::kArray) return Fail(path, "expected an array, got " + KindName(node));
    if (node.children.empty()) return Fail(path, "at least one person is required");
    static const FieldId id_field = *FindField(Entity::kPerson, "id");
    std::unordered_map<std::string, size_t> ids;  // person id -> index
    for (size_t i = 0; i < node.children.size(); ++i) {
      const Node& entry = node.children[i];
      std::string entry_path = path + IndexStep(i);
      if (entry.kind != Node::Kind::kObject) return Fail(entry_path, "expected an object, got " + KindName(entry));
      Person person;
      person.facts.assign(Fields(Entity::kPerson).size(), Fact{});
      if (!ReadObject(entry, detail::PersonLayout(), entry_path, person.facts, nullptr, &person)) return false;
      const Fact& id = person.facts[id_field];
      if (!id.present) return Fail(entry_path, "missing required field 'id'");
      if (id.text.empty()) return Fail(entry_path + ".id", "the person id may not be empty");
      auto [previous, added] = ids.emplace(id.text, i);
      if (!added) {
        return Fail(entry_path + ".id", "duplicate person id " + Quote(id.text) + " (already used by persons[" +
                                            std::to_string(previous->second) + "])");
      }
      household.persons.push_back(std::move(person));
    }
    return true;
  }

  // A statuses[].category written as a number (or as digits), resolved once
  // the entry's status is known.
  struct NumberedCategory {
    size_t member;
    std::string path;
    std::string digits;
    bool was_number;
  };

  // Reads an array of list entries; `add` receives one Fact per ItemMember.
  // Sets `unknown` when lenient reading dropped a required member of an
  // entry: the list is then unknown, not shorter.
  template <typename Add>
  bool ReadList(const Node& node, const std::string& path, MemberKind list, bool& unknown, Add add) {
    if (node.kind != Node::Kind::kArray) return Fail(path, "expected an array, got " + KindName(node));
    const std::vector<ItemMember>& members = detail::ItemMembers(list);
    const std::string entry_object(detail::ListEntryPath(list));
    for (size_t i = 0; i < node.children.size(); ++i) {
      const Node& entry = node.children[i];
      std::string entry_path = path + IndexStep(i);
      if (entry.kind != Node::Kind::kObject) return Fail(entry_path, "expected an object, got " + KindName(entry));
      std::vector<Fact> facts(members.size());
      std::vector<std::string> written_as(members.size());  // the key that named each member
      std::vector<bool> ignored(members.size(), false);
      std::optional<NumberedCategory> category;
      for (size_t k = 0; k < entry.keys.size(); ++k) {
        const std::string& key = entry.keys[k];
        const Node& child = entry.children[k];
        std::string member_path = entry_path + KeyStep(key);
        size_t m = FindItem(members, key);
        if (m == members.size()) {
          if (auto name = SynonymName(members[0].spec.entity, entry_object, key)) m = FindItem(members, *name);
        }
        if (m == members.size()) {
          std::vector<std::string> names;
          for (const auto& member : members) names.emplace_back(member.spec.name);
          if (!UnknownField(member_path, key, names)) return false;
          continue;
        }
        if (!written_as[m].empty()) return SameField(member_path, key, written_as[m]);
        written_as[m] = key;
        if (child.kind == Node::Kind::kNull) continue;
        const ItemMember& member = members[m];
        if (member.numbered_category && IsCategoryNumber(child)) {
          category = NumberedCategory{m, member_path, child.text, child.kind == Node::Kind::kNumber};
          continue;
        }
        if (member.numbered_category && child.kind == Node::Kind::kNumber) {
          return Fail(member_path, "expected a string or a whole number, got " + KindName(child));
        }
        std::string synonym_field = entry_object + "." + std::string(member.spec.name);
        if (!ReadScalar(child, member.spec, synonym_field, member_path, facts[m])) return false;
        if (!facts[m].present) {
          // Lenient reading left the value out.
          ignored[m] = true;
          if (member.required) ignored_.back().unknown_list = path;
          continue;
        }
        if (member.status_name && !IsStatusName(facts[m].text)) {
          return Fail(member_path, Quote(facts[m].text) +
                                       " is not a status name (lowercase letters, digits and '_', starting with a "
                                       "letter)" +
                                       Suggest(facts[m].text, Strings(StatusValues())));
        }
      }
      bool complete = true;
      for (size_t m = 0; m < members.size(); ++m) {
        if (!members[m].required || facts[m].present) continue;
        if (ignored[m]) {
          complete = false;
          continue;
        }
        return Fail(entry_path, "missing required field '" + std::string(members[m].spec.name) + "'");
      }
      if (!complete) {
        unknown = true;
        continue;
      }
      if (category && !ResolveCategory(*category, facts[category->member], facts[0].text)) return false;
      add(facts);
    }
    return true;
  }

  static size_t FindItem(const std::vector<ItemMember>& members, std::string_view name) {
    size_t m = 0;
    while (m < members.size() && members[m].spec.name != name) ++m;
    return m;
  }

  // A whole number, or a string of 1 to 9 digits.
  static bool IsCategoryNumber(const Node& node) {
    if (node.kind == Node::Kind::kNumber) return node.integral && node.text[0] != '-';
    if (node.kind != Node::Kind::kString || node.text.empty() || node.text.size() > 9) return false;
    return std::all_of(node.text.begin(), node.text.end(), [](char c) { return c >= '0' && c <= '9'; });
  }

  // `fact` becomes the code of numbered category `category` of `status`
  // (CategoryNumbers()). Digits for a status without numbered categories stay
  // text; a number there, or a number the status does not have, is an error
  // (or, when lenient, left out).
  bool ResolveCategory(const NumberedCategory& category, Fact& fact, const std::string& status) {
    std::vector<CategoryNumber> rows = CategoryNumbersOf(status);
    if (rows.empty() && !category.was_number) {
      fact = Fact::Text(category.digits);
      return true;
    }
    int64_t number = -1;
    std::from_chars(category.digits.data(), category.digits.data() + category.digits.size(), number);
    for (const CategoryNumber& row : rows) {
      if (row.number == number) {
        fact = Fact::Text(std::string(row.code));
        return true;
      }
    }
    std::string problem, hint;
    std::vector<std::string> allowed;
    if (rows.empty()) {
      problem = "the categories of " + Quote(status) + " are not numbered";
      hint = "; write the category as text";
    } else {
      problem = Quote(status) + " has no category " + category.digits.substr(0, 12);
      for (const CategoryNumber& row : rows) {
        allowed.push_back(std::to_string(row.number) + " = " + std::string(row.code));
        hint += (hint.empty() ? "; numbered: " : ", ") + allowed.back();
      }
    }
    if (!lenient_) return Fail(category.path, problem + hint);
    if (!RoomToIgnore(category.path)) return false;
    ignored_.push_back({category.path, std::move(problem), {}, std::move(allowed), {}});
    return true;
  }

  // Reads one scalar of type `spec.type` into `fact`; `synonym_field` names
  // the field for ValueSynonyms(). When lenient, a value outside an enum
  // leaves `fact` absent and returns true. REQUIRES: node is not null.
  bool ReadScalar(const Node& node, const FieldSpec& spec, std::string_view synonym_field, const std::string& path,
                  Fact& fact) {
    switch (spec.type) {
      case FieldType::kBool:
        if (node.kind != Node::Kind::kBool) return Fail(path, "expected true or false, got " + KindName(node));
        fact = Fact::Number(node.boolean ? 1 : 0);
        return true;
      case FieldType::kInt: {
        if (node.kind != Node::Kind::kNumber || !node.integral) {
          return Fail(path, "expected a whole number, got " + KindName(node));
        }
        if (node.text[0] == '-') return Fail(path, "negative number " + node.text + " is not allowed");
        int64_t value = 0;
        auto [end, ec] = std::from_chars(node.text.data(), node.text.data() + node.text.size(), value);
        if (ec != std::errc() || end != node.text.data() + node.text.size()) {
          return Fail(path, "number " + node.text + " is too large");
        }
        fact = Fact::Number(value);
        return true;
      }
      case FieldType::kMoney: {
        if (node.kind != Node::Kind::kNumber) return Fail(path, "expected an amount in euro, got " + KindName(node));
        const std::string& raw = node.text;
        std::optional<base::Money> money = base::Money::Parse(raw);
        if (!money) {
          if (raw.find_first_of("eE") != std::string::npos) {
            return Fail(path, "amount " + raw + " must be written without an exponent");
          }
          size_t dot = raw.find('.');
          if (dot != std::string::npos && raw.size() - dot - 1 > 2) {
            return Fail(path, "amount " + raw + " has more than 2 decimals");
          }
          return Fail(path, "amount " + raw.substr(0, 40) + " is too large");
        }
        if (money->cents() < 0) return Fail(path, "negative amount " + raw + " is not allowed");
        fact = Fact::Number(money->cents());
        return true;
      }
      case FieldType::kDate: {
        if (node.kind != Node::Kind::kString) {
          return Fail(path, "expected a date \"YYYY-MM-DD\", got " + KindName(node));
        }
        std::optional<base::Date> date = base::Date::Parse(node.text);
        if (!date) return Fail(path, Quote(node.text) + " is not a valid date (expected YYYY-MM-DD)");
        if (!base::IsSupportedYear(date->year())) {
          return Fail(path, node.text + " is outside the supported dates " + std::string(base::kSupportedDates));
        }
        fact = Fact::Number(date->days());
        return true;
      }
      case FieldType::kText:
        if (node.kind != Node::Kind::kString) return Fail(path, "expected a string, got " + KindName(node));
        fact = Fact::Text(node.text);
        return true;
      case FieldType::kEnum:
        return ReadEnum(node, spec, synonym_field, path, fact);
    }
    return Fail(path, "unsupported field type");
  }

  // An enum value: one of ours, or a synonym stored as ours.
  bool ReadEnum(const Node& node, const FieldSpec& spec, std::string_view synonym_field, const std::string& path,
                Fact& fact) {
    bool number = node.kind == Node::Kind::kNumber && node.integral;
    if (node.kind != Node::Kind::kString && !number) {
      return Fail(path, "expected one of " + QuotedList(spec.values) + ", got " + KindName(node));
    }
    std::optional<int64_t> index;
    std::string text = node.text;
    if (!number) index = EnumIndex(spec, text);
    if (!index) {
      if (auto code = SynonymCode(spec.entity, synonym_field, node.text, number)) {
        text = std::string(*code);
        index = EnumIndex(spec, text);
      }
    }
    if (!index && number) return Fail(path, "expected one of " + QuotedList(spec.values) + ", got " + KindName(node));
    if (!index) {
      if (!RoomToIgnore(path)) return false;
      std::vector<std::string> candidates = Strings(spec.values);
      for (const ValueSynonym& s : ValueSynonyms()) {
        if (s.entity == spec.entity && s.field == synonym_field) candidates.emplace_back(s.spelling);
      }
      std::vector<std::string> close = Close(node.text, candidates);
      std::string problem = Quote(node.text) + " is not an allowed value";
      if (!lenient_) return Fail(path, problem + base::DidYouMean(close) + "; allowed: " + QuotedList(spec.values));
      ignored_.push_back({path, std::move(problem), std::move(close), {spec.values.begin(), spec.values.end()}, {}});
      fact = Fact{};
      return true;
    }
    fact = Fact::Number(*index);
    fact.text = std::move(text);
    return true;
  }

  std::string_view source_;
  ReadOptions options_;
  bool lenient_ = false;
  bool all_municipalities_ = false;
  std::vector<IgnoredField> ignored_;
  std::string error_;
};

// ---------------------------------------------------------------------------
// Writing.

std::string JsonString(std::string_view text) {
  return nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A JSON object or array from already formatted members, indented at `indent`.
std::string Block(const std::vector<std::pair<std::string, std::string>>& members, size_t indent, bool array) {
  if (members.empty()) return array ? "[]" : "{}";
  std::string pad(indent + 2, ' ');
  std::string out = array ? "[\n" : "{\n";
  for (size_t i = 0; i < members.size(); ++i) {
    out += pad;
    if (!array) out += JsonString(members[i].first) + ": ";
    out += members[i].second;
    out += i + 1 < members.size() ? ",\n" : "\n";
  }
  return out + std::string(indent, ' ') + (array ? "]" : "}");
}

// The JSON text of a present fact, or nullopt when it cannot be written.
std::optional<std::string> ScalarJson(const FieldSpec& spec, const Fact& fact) {
  switch (spec.type) {
    case FieldType::kBool:
    case FieldType::kInt:
    case FieldType::kMoney:
      return FactText(spec, fact);
    case FieldType::kDate:
    case FieldType::kText:
      return JsonString(FactText(spec, fact));
    case FieldType::kEnum:
      if (!fact.text.empty()) return JsonString(fact.text);
      if (fact.number >= 0 && static_cast<size_t>(fact.number) < spec.values.size() &&
          !spec.values[fact.number].ends_with('*')) {
        return JsonString(spec.values[fact.number]);
      }
      return std::nullopt;
  }
  return std::nullopt;
}

std::string ItemJson(MemberKind list, const std::vector<Fact>& facts, size_t indent) {
  const std::vector<ItemMember>& members = detail::ItemMembers(list);
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t m = 0; m < members.size(); ++m) {
    if (!facts[m].present) continue;
    if (auto text = ScalarJson(members[m].spec, facts[m])) out.emplace_back(members[m].spec.name, *text);
  }
  return Block(out, indent, false);
}

Fact TextFact(const std::string& text) { return text.empty() ? Fact{} : Fact::Text(text); }

Fact EnumFact(int64_t index, const std::string& text) {
  Fact fact = Fact::Number(index);
  fact.text = text;
  return fact;
}

class Writer {
 public:
  explicit Writer(const Household& household) : household_(household) {}

  std::string Document() {
    return Object(detail::DocumentLayout(), household_.facts, nullptr, 0).value_or("{}") + "\n";
  }

 private:
  // The object's JSON, or nullopt when it would be empty (and may be left out).
  std::optional<std::string> Object(const ObjectLayout& layout, const std::vector<Fact>& facts, const Person* person,
                                    size_t indent) {
    std::vector<std::pair<std::string, std::string>> out;
    const auto& fields = Fields(layout.entity);
    for (const detail::Member& m : layout.members) {
      std::optional<std::string> value;
      switch (m.kind) {
        case MemberKind::kField:
          if (m.field < facts.size() && facts[m.field].present) value = ScalarJson(fields[m.field], facts[m.field]);
          break;
        case MemberKind::kObject:
          value = Object(*m.object, facts, person, indent + 2);
          break;
        case MemberKind::kReferenceDate:
          if (household_.reference_date) value = JsonString(household_.reference_date->ToString());
          break;
        case MemberKind::kPersons: {
          std::vector<std::pair<std::string, std::string>> persons;
          for (const Person& p : household_.persons) {
            persons.emplace_back("", Object(detail::PersonLayout(), p.facts, &p, indent + 4).value_or("{}"));
          }
          value = Block(persons, indent + 2, true);
          break;
        }
        case MemberKind::kIncomes:
          if (person != nullptr && person->incomes) {
            std::vector<std::pair<std::string, std::string>> items;
            for (const Income& income : *person->incomes) {
              int64_t period = income.period == IncomePeriod::kMonth ? 0 : 1;
              int64_t basis = income.basis == IncomeBasis::kNet ? 0 : 1;
              std::vector<Fact> f = {TextFact(income.kind), Fact::Number(income.amount.cents()),
                                     EnumFact(period, std::string(detail::IncomePeriods()[period])),
                                     EnumFact(basis, std::string(detail::IncomeBases()[basis]))};
              items.emplace_back("", ItemJson(m.kind, f, indent + 4));
            }
            value = Block(items, indent + 2, true);
          }
          break;
        case MemberKind::kStatuses:
          if (person != nullptr && person->statuses) {
            std::vector<std::pair<std::string, std::string>> items;
            for (const Status& status : *person->statuses) {
              std::vector<Fact> f = {TextFact(status.status),
                                     status.since ? Fact::Number(status.since->days()) : Fact{},
                                     TextFact(status.category),
                                     TextFact(status.route),
                                     status.uninterrupted ? Fact::Number(*status.uninterrupted ? 1 : 0) : Fact{},
                                     status.until ? Fact::Number(status.until->days()) : Fact{}};
              items.emplace_back("", ItemJson(m.kind, f, indent + 4));
            }
            value = Block(items, indent + 2, true);
          }
          break;
        case MemberKind::kOption:
          break;
        case MemberKind::kOwnedRealEstate:
          if (household_.owned_real_estate) {
            std::vector<std::pair<std::string, std::string>> items;
            for (const RealEstate& estate : *household_.owned_real_estate) {
              std::vector<Fact> f = {TextFact(estate.type), Fact::Number(estate.ki_non_indexed.cents())};
              items.emplace_back("", ItemJson(m.kind, f, indent + 4));
            }
            value = Block(items, indent + 2, true);
          }
          break;
      }
      if (value) out.emplace_back(m.name, std::move(*value));
    }
    if (out.empty()) return std::nullopt;
    return Block(out, indent, false);
  }

  const Household& household_;
};

}  // namespace

namespace {

// housing.owns_dwelling is a plain yes/no besides housing.owned_real_estate.
// When the list is given it decides, so that the rules read one fact: the
// yes/no is derived from it, and a document where the two disagree is refused.
base::Status ReconcileOwnsDwelling(Household& household, std::string_view source_name) {
  if (!household.owned_real_estate) return base::Ok{};
  static const FieldId owns = *FindField(Entity::kHousehold, "housing.owns_dwelling");
  std::optional<size_t> dwelling;
  for (size_t i = 0; i < household.owned_real_estate->size() && !dwelling; ++i) {
    const std::string& type = (*household.owned_real_estate)[i].type;
    if (type == "own_home" || type == "other_dwelling") dwelling = i;
  }
  Fact& fact = household.facts[owns];
  if (fact.present && (fact.number != 0) != dwelling.has_value()) {
    return base::Error::InvalidInput(
        std::string(source_name) + ": $.housing.owns_dwelling: " + (fact.number != 0 ? "true" : "false") + ", but " +
        (dwelling ? "$.housing.owned_real_estate" + IndexStep(*dwelling) + " is a dwelling"
                  : std::string("$.housing.owned_real_estate lists no dwelling (own_home, other_dwelling)")));
  }
  fact = Fact::Number(dwelling ? 1 : 0);
  return base::Ok{};
}

// A status cannot end before it started.
base::Status CheckStatusPeriods(const Household& household, std::string_view source_name) {
  for (size_t p = 0; p < household.persons.size(); ++p) {
    const auto& statuses = household.persons[p].statuses;
    if (!statuses) continue;
    for (size_t i = 0; i < statuses->size(); ++i) {
      const Status& s = (*statuses)[i];
      if (s.since && s.until && *s.until < *s.since) {
        return base::Error::InvalidInput(std::string(source_name) + ": $.household.persons" + IndexStep(p) +
                                         ".statuses" + IndexStep(i) + ".until: " + s.until->ToString() +
                                         " is before its since " + s.since->ToString());
      }
    }
  }
  return base::Ok{};
}

}  // namespace

base::Result<Household> ReadHousehold(std::string_view json_text, std::string_view source_name) {
  return ReadHousehold(json_text, source_name, ReadOptions{}, nullptr);
}

base::Result<Household> ReadHousehold(std::string_view json_text, std::string_view source_name,
                                      const ReadOptions& options, ReadReport* report) {
  try {
    TreeBuilder builder(json_text, source_name);
    bool parsed = nlohmann::json::sax_parse(json_text.begin(), json_text.end(), &builder,
                                            nlohmann::json::input_format_t::json, /*strict=*/true);
    if (!parsed || builder.error()) {
      return base::Error::InvalidInput(builder.error().value_or(std::string(source_name) + ": malformed JSON"));
    }
    Household household;
    Validator validator(source_name, options);
    if (!validator.ReadDocument(builder.root(), household)) return base::Error::InvalidInput(validator.TakeError());
    if (auto status = ReconcileOwnsDwelling(household, source_name); !status.ok()) return status.error();
    MunicipalityPlaces places{std::string(source_name) + ": ",
                              [](std::string_view member) { return "$.municipality." + std::string(member); }};
    if (auto status = ResolveMunicipality(household.facts, places); !status.ok()) return status.error();
    if (auto status = CheckStatusPeriods(household, source_name); !status.ok()) return status.error();
    if (report != nullptr) {
      report->lenient = validator.lenient();
      report->all_municipalities = validator.all_municipalities();
      report->ignored = validator.TakeIgnored();
    }
    return household;
  } catch (const std::exception& e) {
    return base::Error::InvalidInput(std::string(source_name) + ": cannot read household: " + e.what());
  }
}

base::Status CheckDatesAgainst(const Household& household, base::Date reference_date, std::string_view source_name) {
  if (!base::IsSupportedYear(reference_date.year())) {
    return base::Error::InvalidInput(std::string(source_name) + ": the reference date " + reference_date.ToString() +
                                     " is outside the supported dates " + std::string(base::kSupportedDates));
  }
  static const FieldId birth_date = *FindField(Entity::kPerson, "birth_date");
  for (size_t i = 0; i < household.persons.size(); ++i) {
    const std::vector<Fact>& facts = household.persons[i].facts;
    if (birth_date >= facts.size()) continue;
    const Fact& birth = facts[birth_date];
    if (!birth.present || birth.number <= reference_date.days()) continue;
    return base::Error::InvalidInput(
        std::string(source_name) + ": $.household.persons" + IndexStep(i) +
        ".birth_date: " + base::Date::FromDays(static_cast<int32_t>(birth.number)).ToString() +
        " is after the reference date " + reference_date.ToString());
  }
  return base::Ok{};
}

std::string HouseholdToJson(const Household& household) {
  try {
    return Writer(household).Document();
  } catch (const std::exception&) {
    return "{}\n";
  }
}

}  // namespace household
