// screener/screener.h
//
// The "what am I entitled to?" dialogue, as domain logic without HTTP.
// Answers are path/value pairs (JSON paths of docs/household.md, plus a few
// composition answers such as the number of children); from them the
// screener builds a household, evaluates every right, and picks the next
// question among the inputs still missing — the one that decides the most
// undetermined rights. Stateless: the answers are the whole state, so the web
// layer can carry them in a form and any server can continue the dialogue.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rules/rules.h"

namespace screener {

// Composition answers that shape the household before any input is asked.
inline constexpr std::string_view kMunicipality = "gemeente";       // municipality name
inline constexpr std::string_view kPartner = "partner";             // "ja" / "nee"
inline constexpr std::string_view kChildren = "kinderen";           // number of children living here
inline constexpr std::string_view kOtherAdults = "andere_volwassenen";  // number of other adults
// The screen that asks the three above at once ("Wie woont er bij u?"): its
// answer values are "partner=ja", "kinderen=2", "andere_volwassenen=0".
inline constexpr std::string_view kComposition = "samenstelling";
// A yes/no fact asked of several members on one screen: "wie:<field>:<i>,<j>,…"
// (the field of docs/household.md relative to a person; the members' indices).
inline constexpr std::string_view kMembersPrefix = "wie:";

struct Answers {
  std::vector<std::pair<std::string, std::string>> values;  // in the order given; later values win
  std::vector<std::string> skipped;                         // paths answered "weet ik niet"

  std::optional<std::string> Get(std::string_view path) const;
  void Set(std::string path, std::string value);
  bool IsSkipped(std::string_view path) const;
};

// kMembers: a yes/no fact for several members at once; the options are the
// members, and the ticked ones answer "ja", the others "nee".
// kComposition: the household's composition on one screen (kComposition).
enum class InputKind { kBool, kInt, kMoney, kDate, kText, kChoice, kStatuses, kIncome, kMembers, kComposition };

struct Option {
  std::string value;
  std::string label;  // Dutch
};

struct Question {
  std::string path;
  InputKind kind = InputKind::kText;
  std::string text;   // Dutch question
  std::string label;  // Dutch noun phrase, for the answers overview
  std::vector<Option> options;
  int decides = 0;    // number of undetermined rights this input can decide
  int remaining = 0;  // about how many questions are still worth asking after this one
};

// One answer that could not be used, with the reason in Dutch.
struct AnswerError {
  std::string path;
  std::string message;
};

struct Evaluation {
  household::Household household;
  base::Date reference_date;
  std::vector<rules::eval::RightOutcome> outcomes;
  std::vector<AnswerError> errors;
};

// Builds the household from `answers` (invalid answers are reported and left
// out) and evaluates every right on `date`. `with_tree` adds derivations. The
// sentences leave out the assumptions (Assumptions lists them) unless
// `sentences_list_assumptions`.
Evaluation Evaluate(const rules::RuleBase& rules, const Answers& answers, base::Date date, bool with_tree,
                    bool sentences_list_assumptions = false);

// What the results rest on without having asked it: one entry per assumption
// sentence that some right that is not ruled out uses, in rule-base order.
struct Assumed {
  std::string sentence;
  std::vector<uint32_t> rights;     // the rights that rest on it
  std::optional<std::string> path;  // the input that, answered, replaces it (askable by QuestionFor)
};
std::vector<Assumed> Assumptions(const rules::RuleBase& rules, const Evaluation& evaluation);

// The composition questions that are still unanswered: the municipality, then
// who lives in the household (one screen, kComposition).
std::optional<Question> NextCompositionQuestion(const Answers& answers, const std::vector<std::string>& municipalities);

// The next input question, or nullopt when no missing input remains that is
// worth asking and that the person has not skipped. Worth asking: the input
// is missing for an undetermined right, and its prerequisite (household::
// Prerequisites) does not rule it out; an unanswered prerequisite is asked
// first. Each right shares one point among the inputs it still misses, so an
// input that settles a right on its own scores 1; the input with the most
// points comes next, and the same person's questions stay together. Inputs
// below kMinWorth are left to the results ("nog te bekijken"). A yes/no fact
// that several members miss is asked once for all of them (kMembers).
inline constexpr double kMinWorth = 0.6;
std::optional<Question> NextQuestion(const rules::RuleBase& rules, const Evaluation& evaluation,
                                     const Answers& answers, std::string_view last = "");

// The question for one path (for editing an answer), if it is askable.
std::optional<Question> QuestionFor(const Evaluation& evaluation, const std::string& path);

// One step of the dialogue: what the person pressed on the last screen.
struct Input {
  std::string action;               // "answer", "skip", "overview", "results", or "" (start, or "Wijzig")
  std::string asked;                // the path of the question answered or skipped
  std::vector<std::string> values;  // the answer (several for a multiple choice)
  std::string edit;                 // the path of an answer to change ("Wijzig", "Klopt niet: pas aan")
};

enum class ScreenKind { kQuestion, kOverview, kResults };

// The screen to show after a step, with the answers it carries on.
struct Screen {
  ScreenKind kind = ScreenKind::kQuestion;
  Answers answers;
  std::optional<Question> question;      // kQuestion
  bool composition = false;              // a composition question: no "Weet ik niet"
  std::string error;                     // Dutch, for the question shown again
  std::optional<Evaluation> evaluation;  // kOverview, kResults (with derivations)
};

// The dialogue's state machine: applies `input` to `answers` and decides the
// next screen. `municipalities` are the names the first question offers.
Screen Step(const rules::RuleBase& rules, Answers answers, const Input& input,
            const std::vector<std::string>& municipalities, base::Date date);

// "ja", "€ 1.250,00", "12 april 1991", ... for the answers overview.
std::string DisplayAnswer(const Question& question, const std::string& value);

// Dutch label of an enum value of an input ("alone" -> "alleen").
std::string ValueLabel(std::string_view field, std::string_view value);

}  // namespace screener
