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

struct Answers {
  std::vector<std::pair<std::string, std::string>> values;  // in the order given; later values win
  std::vector<std::string> skipped;                         // paths answered "weet ik niet"

  std::optional<std::string> Get(std::string_view path) const;
  void Set(std::string path, std::string value);
  bool IsSkipped(std::string_view path) const;
};

enum class InputKind { kBool, kInt, kMoney, kDate, kText, kChoice, kStatuses, kIncome };

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

// The composition questions, in order, that are still unanswered.
std::optional<Question> NextCompositionQuestion(const Answers& answers, const std::vector<std::string>& municipalities);

// The next input question, or nullopt when no missing input remains that the
// person has not skipped.
std::optional<Question> NextQuestion(const rules::RuleBase& rules, const Evaluation& evaluation,
                                     const Answers& answers);

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
