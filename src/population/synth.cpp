// population/synth.cpp — the synthetic Flemish population (see synth.h).
//
// Each household is drawn in one pass: a statistical sector, a composition,
// ages, an income band for the household and an activity per adult, then the
// statuses (with non-take-up), housing and the facts the rights need; the
// inputs of the rights added later come last, from a stream of their own
// (DrawLater), so that the columns before them do not change. The
// distributions are written here with integer arithmetic only, so the bytes
// do not depend on the standard library or on floating-point contraction.
// Shares are plausible for Flanders (Statbel, Vlaamse Statistiek), not exact.
#include "population/synth.h"

#include <array>
#include <bit>
#include <climits>
#include <cstring>
#include <random>
#include <string_view>
#include <vector>

namespace population {
namespace {

__extension__ using Uint128 = unsigned __int128;

// xoshiro256** (D. Blackman, S. Vigna), seeded by SplitMix64: written out
// here, so its output is fixed too, and a few times cheaper than mt19937_64.
class Xoshiro256 {
 public:
  explicit Xoshiro256(uint64_t seed) {
    for (uint64_t& word : state_) {
      seed += 0x9e3779b97f4a7c15ULL;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      word = z ^ (z >> 31);
    }
  }
  uint64_t operator()() {
    const uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<uint64_t, 4> state_{};
};

// Integer-only draws over an engine whose output is fixed: std::mt19937_64
// (the standard fixes it) or Xoshiro256 above. Every draw is its own
// statement: argument evaluation order is unspecified.
template <typename Engine>
class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}

  // Uniform in [0, n). REQUIRES: n > 0.
  uint64_t Below(uint64_t n) { return static_cast<uint64_t>((static_cast<Uint128>(engine_()) * n) >> 64); }
  // Uniform in [lo, hi]. REQUIRES: lo <= hi.
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo + 1)));
  }
  // The mean of two uniform draws: a triangle on [lo, hi] peaking in the middle.
  int64_t Triangle(int64_t lo, int64_t hi) {
    int64_t a = Between(lo, hi);
    int64_t b = Between(lo, hi);
    return (a + b) / 2;
  }
  // True with probability `per_10000` / 10 000.
  bool Chance(int per_10000) { return Below(10'000) < static_cast<uint64_t>(per_10000); }
  // An index drawn with the given (non-negative, not all zero) weights.
  template <size_t N>
  size_t Pick(const std::array<int, N>& weights) {
    int total = 0;
    for (int w : weights) total += w;
    int64_t draw = static_cast<int64_t>(Below(static_cast<uint64_t>(total)));
    for (size_t i = 0; i < N; ++i) {
      draw -= weights[i];
      if (draw < 0) return i;
    }
    return N - 1;
  }

 private:
  Engine engine_;
};

// ---------------------------------------------------------------------------
// Tables.

struct Municipality {
  std::string_view name;
  std::string_view nis;
};

constexpr std::array<Municipality, 10> kMunicipalities = {{
    {"Dendermonde", "42006"},
    {"Aalst", "41002"},
    {"Leuven", "24062"},
    {"Mechelen", "12025"},
    {"Oostende", "35013"},
    {"Herent", "24038"},
    {"Balen", "13003"},
    {"Eeklo", "43005"},
    {"Pelt", "72043"},  // since the 2019 merger (72042 is Oudsbergen)
    {"Heusden-Zolder", "71070"},
}};

struct Sector {
  std::string_view name;
  int municipality;  // index into kMunicipalities
  std::string_view postcode;
  int weight;       // relative number of households
  int deprivation;  // 0 (well-off) .. 3 (deprived)
};

constexpr std::array<Sector, 40> kSectors = {{
    {"Dendermonde-Centrum", 0, "9200", 40, 2},
    {"Sint-Gillis", 0, "9200", 35, 1},
    {"Oudegem", 0, "9200", 18, 0},
    {"Grembergen", 0, "9200", 20, 1},
    {"Appels", 0, "9200", 10, 0},
    {"Baasrode", 0, "9200", 18, 1},
    {"Schoonaarde", 0, "9200", 12, 0},
    {"Mespelare", 0, "9200", 4, 0},
    {"Aalst-Centrum", 1, "9300", 55, 3},
    {"Aalst-Schaarbeek", 1, "9300", 35, 2},
    {"Erembodegem", 1, "9320", 30, 1},
    {"Hofstade", 1, "9308", 18, 0},
    {"Moorsel", 1, "9310", 15, 0},
    {"Herdersem", 1, "9310", 10, 0},
    {"Leuven-Centrum", 2, "3000", 60, 2},
    {"Leuven-Vaartkom", 2, "3000", 20, 2},
    {"Kessel-Lo", 2, "3010", 55, 1},
    {"Heverlee", 2, "3001", 50, 0},
    {"Wilsele", 2, "3012", 20, 1},
    {"Wijgmaal", 2, "3018", 10, 1},
    {"Mechelen-Centrum", 3, "2800", 55, 2},
    {"Mechelen-Nekkerspoel", 3, "2800", 30, 3},
    {"Mechelen-Battel", 3, "2800", 12, 1},
    {"Walem", 3, "2800", 8, 0},
    {"Heffen", 3, "2801", 8, 0},
    {"Oostende-Centrum", 4, "8400", 45, 3},
    {"Oostende-Opex", 4, "8400", 25, 3},
    {"Mariakerke", 4, "8400", 25, 1},
    {"Stene", 4, "8400", 18, 2},
    {"Zandvoorde", 4, "8400", 10, 1},
    {"Herent-Centrum", 5, "3020", 20, 0},
    {"Veltem-Beisem", 5, "3020", 10, 0},
    {"Balen-Centrum", 6, "2490", 18, 1},
    {"Olmen", 6, "2491", 8, 0},
    {"Eeklo-Centrum", 7, "9900", 20, 2},
    {"Eeklo-Balgerhoeke", 7, "9900", 6, 1},
    {"Neerpelt", 8, "3910", 18, 1},
    {"Overpelt", 8, "3900", 16, 1},
    {"Heusden", 9, "3550", 20, 2},
    {"Zolder", 9, "3550", 16, 1},
}};

consteval std::array<int, kSectors.size()> SectorWeights() {
  std::array<int, kSectors.size()> w{};
  for (size_t i = 0; i < kSectors.size(); ++i) w[i] = kSectors[i].weight;
  return w;
}
constexpr std::array<int, kSectors.size()> kSectorWeights = SectorWeights();

enum class Composition {
  kSingle,        // 18–69, alone
  kSingleSenior,  // 65+, alone (about a third of the 70+)
  kCouple,        // two adults, 21–69
  kCoupleSenior,  // two adults, 65+
  kCoupleWithChildren,
  kSingleParent,
  kFlatmates,       // 2–3 unrelated adults
  kWithAdultChild,  // an older parent and an adult child
  kCareHome,        // a resident of a woonzorgcentrum
};
// Households per composition, in the order above (per 1 000).
constexpr std::array<int, 9> kCompositionWeights = {175, 135, 165, 125, 230, 90, 30, 20, 15};

// Income band of a household: 0 ≈ leefloon level, 1 ≈ IGO and minimum
// benefits, 2 modest, 3 middle, 4 high; deprived sectors draw lower bands.
constexpr std::array<std::array<int, 5>, 4> kBandWeights = {{
    {30, 100, 240, 380, 250},
    {50, 130, 260, 360, 200},
    {80, 170, 280, 320, 150},
    {120, 220, 280, 280, 100},
}};

enum class Activity { kChild, kStudent, kEmployed, kUnemployed, kSick, kLeefloon, kHome, kPension };

// Working-age adults: employed, unemployed, sick or invalid, leefloon, no income; per band.
constexpr std::array<std::array<int, 5>, 5> kActivityWeights = {{
    {10, 20, 10, 50, 10},
    {35, 20, 20, 18, 7},
    {82, 8, 5, 0, 5},
    {94, 2, 2, 0, 2},
    {98, 0, 1, 0, 1},
}};

// Net monthly income ranges in euro, per band.
struct Range {
  int lo;
  int hi;
};
constexpr std::array<Range, 5> kEmployedNet = {{{600, 1100}, {900, 1500}, {1600, 2200}, {2100, 3200}, {3000, 6000}}};
constexpr std::array<Range, 5> kUnemployedNet = {{{700, 1100}, {1000, 1450}, {1300, 1800}, {1300, 1800}, {1300, 1800}}};
constexpr std::array<Range, 5> kSickNet = {{{800, 1200}, {1100, 1500}, {1400, 1900}, {1400, 1900}, {1400, 1900}}};
constexpr std::array<Range, 5> kPensionNet = {{{700, 1250}, {1150, 1550}, {1450, 1950}, {1850, 2700}, {2600, 4500}}};

// Leefloon per month from 2025-02-01 (rights/federal/parameters_leefloon.rop), in cents.
constexpr int64_t kLeefloonCohabiting = 87613;
constexpr int64_t kLeefloonSingle = 131420;
constexpr int64_t kLeefloonFamily = 177607;

// housing.tenure: owner, tenant, social_tenant, homeless, other; per band.
constexpr std::array<std::array<int, 5>, 5> kTenureWeights = {{
    {150, 480, 320, 20, 30},
    {420, 320, 220, 5, 35},
    {680, 230, 70, 0, 20},
    {810, 170, 10, 0, 10},
    {890, 105, 0, 0, 5},
}};
constexpr std::array<std::string_view, 5> kTenures = {"owner", "tenant", "social_tenant", "homeless", "other"};

// housing.landlord of a private tenant: private, svk, ocmw, relative_same_address, other.
constexpr std::array<int, 5> kLandlordWeights = {860, 90, 20, 20, 10};
constexpr std::array<std::string_view, 5> kLandlords = {"private", "svk", "ocmw", "relative_same_address", "other"};

constexpr std::array<int, 10> kFuelWeights = {600, 240, 5, 10, 5, 60, 5, 40, 25, 10};
constexpr std::array<std::string_view, 10> kFuels = {
    "natural_gas", "heating_oil_bulk", "heating_oil_pump", "bulk_propane", "heating_paraffin_c",
    "electricity", "bottled_gas",      "heat_pump",        "wood",         "other"};

constexpr std::array<int, 10> kNationalityWeights = {8800, 200, 200, 120, 100, 100, 90, 80, 60, 250};
constexpr std::array<std::string_view, 10> kNationalities = {"BE", "NL", "MA", "TR", "PL",
                                                             "RO", "SY", "IT", "AF", "FR"};

// Statuses, in the order they are written (at most 63: the reader's status mask, household/columns.h).
enum StatusBit : uint64_t {
  kVt = uint64_t{1} << 0,
  kLeefloon = uint64_t{1} << 1,
  kIgo = uint64_t{1} << 2,
  kIvt = uint64_t{1} << 3,
  kIt = uint64_t{1} << 4,
  kZzb = uint64_t{1} << 5,
  kZorgtoeslagSob = uint64_t{1} << 6,
  kSchuldenregeling = uint64_t{1} << 7,
  kUnemployed = uint64_t{1} << 8,
  kInvalid = uint64_t{1} << 9,
  kRetirementPension = uint64_t{1} << 10,
  kGroeipakketSocialeToeslag = uint64_t{1} << 11,
  kSocialHousingCandidate = uint64_t{1} << 12,
  kBob = uint64_t{1} << 13,
  kSociaalTelefoontarief = uint64_t{1} << 14,
  kSchuldbemiddeling = uint64_t{1} << 15,
  kBudgetbeheer = uint64_t{1} << 16,
  kBudgetbegeleiding = uint64_t{1} << 17,
  kStudietoelage = uint64_t{1} << 18,
  kHuursubsidie = uint64_t{1} << 19,
  kWzcResidentFlanders = uint64_t{1} << 20,
  kVsbPremiumPaid = uint64_t{1} << 21,
  // Drawn by DrawGaps.
  kEquivalentLeefloon = uint64_t{1} << 22,
  kOcmwAdvance = uint64_t{1} << 23,
  kOcmwClient = uint64_t{1} << 24,
  kGib = uint64_t{1} << 25,
  kZoz = uint64_t{1} << 26,
  kThab = uint64_t{1} << 27,
  kHulpVanDerden = uint64_t{1} << 28,
  kHandicapAllowance65 = uint64_t{1} << 29,
  kChildSupplement66 = uint64_t{1} << 30,
  kNbmv = uint64_t{1} << 31,
  kFullOrphan = uint64_t{1} << 32,
  kSurvivorPension = uint64_t{1} << 33,
  kSelfEmployedBridging = uint64_t{1} << 34,
  kSpecialYouthCare = uint64_t{1} << 35,
  kAsylumReception = uint64_t{1} << 36,
  kSociaalInternetaanbod = uint64_t{1} << 37,
  kEmployedMaatwerkbedrijf = uint64_t{1} << 38,
  kRecognisedRefugee = uint64_t{1} << 39,
  kStateless = uint64_t{1} << 40,
  kOcmwRefundedSocialAid = uint64_t{1} << 41,
  kGroeipakketStartbedrag = uint64_t{1} << 42,
  kSchooltoeslag = uint64_t{1} << 43,
  kUrgentMedicalAid = uint64_t{1} << 44,
  kFamilyGuidance = uint64_t{1} << 45,
  kPvf = uint64_t{1} << 46,
};
constexpr std::array<std::string_view, 47> kStatusNames = {"vt",
                                                           "leefloon",
                                                           "igo",
                                                           "ivt",
                                                           "it",
                                                           "zzb",
                                                           "zorgtoeslag_sob",
                                                           "collectieve_schuldenregeling",
                                                           "unemployed",
                                                           "invalid",
                                                           "retirement_pension",
                                                           "groeipakket_sociale_toeslag",
                                                           "social_housing_candidate",
                                                           "bob",
                                                           "sociaal_telefoontarief",
                                                           "schuldbemiddeling",
                                                           "budgetbeheer",
                                                           "budgetbegeleiding",
                                                           "studietoelage",
                                                           "huursubsidie",
                                                           "wzc_resident_flanders",
                                                           "vsb_premium_paid",
                                                           "equivalent_leefloon",
                                                           "ocmw_advance",
                                                           "ocmw_client",
                                                           "gib",
                                                           "zoz",
                                                           "thab",
                                                           "hulp_van_derden",
                                                           "handicap_allowance_65pct",
                                                           "child_supplement_66pct",
                                                           "nbmv",
                                                           "full_orphan",
                                                           "survivor_pension",
                                                           "self_employed_bridging_right",
                                                           "special_youth_care",
                                                           "asylum_reception",
                                                           "sociaal_internetaanbod",
                                                           "employed_maatwerkbedrijf",
                                                           "recognised_refugee",
                                                           "stateless",
                                                           "ocmw_refunded_social_aid",
                                                           "groeipakket_startbedrag",
                                                           "schooltoeslag",
                                                           "urgent_medical_aid",
                                                           "family_guidance",
                                                           "pvf"};
static_assert(kStatusNames.size() <= 63);

constexpr std::string_view kHeader =
    "person_id,household_id,neighbourhood,municipality.name,municipality.postcode,municipality.nis,"
    "municipality.region,household.living_situation,housing.tenure,housing.landlord,housing.rent_monthly,"
    "housing.heating_fuel,housing.collective_gas_heating,housing.main_residence,housing.contract_in_own_name,"
    "housing.shm_waiting_list_since,connection.domiciled_at_connection,"
    "income_history.household_gross_taxable_income_annual.year,"
    "income_history.household_gross_taxable_income_annual.amount,birth_date,relationship_to_applicant,"
    "marital_status,nationality,pregnant,dependent,child_benefit,domiciled_here,resident_in_belgium,"
    "population_register,willing_to_work,other_rights_exhausted,state_of_need,recognised_handicap,"
    "disability.self_reliance_points,disability.invalidity_pct,disability.pillar1,"
    "disability.medical_social_scale_total,disability.bel_profile_score,residence_history.years_resident,"
    "residence_history.consecutive_years,care.days_per_week,care.gp_attest,statuses,income_net_month,"
    "income_gross_taxable_year,"
    // The inputs of the rights added since (drawn from a second stream, see Generator).
    "domiciled_on_jan1,moves_in,residence_permit,ocmw_decision.aanvullende_steun,ocmw_decision.energiefonds,"
    "disability.established_at_age,disability.earning_capacity_third,disability.zorgtoeslag_sob,"
    "disability.hearing_loss_db,disability.laryngectomy,disability.military_war_blind,structural_over_indebtedness,"
    "merchant_status,merchant_ceased_on,merchant_bankruptcy,merchant_bankruptcy_closed_on,school_level,"
    "school_sufficient_attendance,childcare_not_income_related,study_grant_nationality_met,"
    "study_grant_pedagogical_met,residence_history.years_insured_eu_eea,expected_birth_date,expected_children,"
    "income_history.household_gross_taxable_income_prev_month,income_history.indexed_income_last_assessment,"
    "income_history.household_income_groeipakket_last_assessment,"
    "income_history.household_gross_taxable_income_all_adults_annual,housing.meets_housing_standards,"
    "housing.refused_social_dwelling,housing.moved_from,housing.huursubsidie_rent_within_limit,"
    "income_history.huursubsidie_income_within_limit,income_history.schooltoeslag_income_within_limit,"
    "income_history.study_grant_income_within_max,connection.second_residence,connection.common_parts,"
    "heating_delivery.date,heating_delivery.litres,heating_delivery.cannot_pay_bill,housing.owns_dwelling,"
    "heating_delivery.requested_on,housing.huurpremie_rent_within_limit,"
    // The inputs of docs/spec-coverage.md's gaps (drawn from a third stream, see DrawGaps).
    "gpmi_signed,igo_nationality_met,residence_history.days_abroad_year,disability.arose_after_child_benefit,"
    "pension_or_igo_applied,civic_integration_met,disability.belrai_screener_score,disability.adl_iadl_points,"
    "supported_independent_living,emancipated,regular_stay_arrangement,"
    "needs_care,income_history.household_income_huurpremie_last_assessment,income_history.indexed_income_current,"
    "income_history.household_income_groeipakket_current,income_history.household_income_groeipakket_current_months\n";

constexpr int kMaxAge = 105;
// The third stream's seed is the seed with these bits flipped (DrawGaps).
constexpr uint64_t kGapsSeed = 0x6a09e667f3bcc909ULL;
constexpr int32_t kNoDate = INT32_MIN;
constexpr size_t kMaxMembers = 8;

// ---------------------------------------------------------------------------
// The household being drawn.

struct Member {
  int age = 0;
  std::string_view relationship;
  std::string_view marital;
  Activity activity = Activity::kHome;
  int64_t net_cents = 0;
  int64_t gross_cents = 0;
  uint64_t statuses = 0;
  bool disabled = false;
  int self_reliance = -1;  // -1: not written
  int invalidity_pct = -1;
  int pillar1 = -1;
  int scale_total = -1;
  int bel_score = -1;
  int care_days = -1;
  int gp_attest = -1;
  int pregnant = -1;
  int years_resident = 0;
  int consecutive_years = 0;
  bool resident = true;
  bool willing = true;
  bool exhausted = true;
  int need = -1;
  bool child_benefit = false;
  bool dependent = false;
  int32_t birth_days = 0;
  // The later inputs; -1 (or kNoDate, or an empty text): not written.
  int domiciled_jan1 = -1;
  int moves_in = -1;
  int residence_permit = -1;
  int ocmw_aanvullende = -1;
  int ocmw_energiefonds = -1;
  int established_at_age = -1;
  int earning_third = -1;
  int zorgtoeslag_sob = -1;
  int hearing_db = -1;
  int laryngectomy = -1;
  int war_blind = -1;
  int over_indebted = -1;
  std::string_view merchant;
  int32_t merchant_ceased = kNoDate;
  std::string_view bankruptcy;
  int32_t bankruptcy_closed = kNoDate;
  std::string_view school;
  int attendance = -1;
  int childcare = -1;
  int grant_nationality = -1;
  int grant_pedagogical = -1;
  int years_insured = -1;
  int32_t expected_birth = kNoDate;
  int expected_children = -1;
  // The inputs of the spec-coverage gaps (DrawGaps); -1 or kNoDate: not written.
  int gpmi = -1;
  int igo_nationality = -1;
  int days_abroad = -1;
  int arose_after_child_benefit = -1;
  int pension_applied = -1;
  int civic_integration = -1;
  int belrai_score = -1;
  int adl_iadl = -1;
  int supported_living = -1;
  int emancipated = -1;
  int regular_stay = -1;
  int needs_care = -1;
};

// The household inputs of the rights added later; -1 (or kNoDate, or an empty text): not written.
struct HouseholdLater {
  int64_t prev_month_cents = -1;
  int64_t indexed_cents = -1;
  int64_t groeipakket_cents = -1;
  int64_t all_adults_cents = -1;
  int meets_standards = -1;
  int refused_social = -1;
  std::string_view moved_from;
  int rent_within = -1;
  int huursubsidie_income_within = -1;
  int schooltoeslag_income_within = -1;
  int study_grant_income_within = -1;
  int second_residence = -1;
  int common_parts = -1;
  int32_t delivery_date = kNoDate;
  int delivery_litres = -1;
  int cannot_pay_bill = -1;
  int owns_dwelling = -1;
  int32_t requested_on = kNoDate;
  int huurpremie_rent_within = -1;
  int64_t huurpremie_income_cents = -1;  // DrawGaps
  int64_t current_income_cents = -1;
  int64_t groeipakket_current_cents = -1;
  int groeipakket_current_months = -1;
};

struct Draft {
  const Sector* sector = nullptr;
  Composition composition = Composition::kSingle;
  std::string_view living_situation;
  int band = 0;
  std::array<Member, kMaxMembers> members;
  size_t size = 0;
  std::string_view nationality;
  std::string_view tenure;
  std::string_view landlord;
  int64_t rent_cents = -1;
  std::string_view fuel;
  int collective_gas = 0;
  int32_t waiting_since = -1;  // days; -1: not written
  int64_t gross_total = 0;
  HouseholdLater later;
};

// ---------------------------------------------------------------------------
// Output.

// Civil date of a day count since 1970-01-01 (H. Hinnant's algorithm).
void CivilFromDays(int64_t z, int& year, unsigned& month, unsigned& day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<int>(static_cast<int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0));
}

// A buffered CSV writer that formats numbers by hand.
class Out {
 public:
  explicit Out(std::ostream& out) : out_(out), buffer_(size_t{1} << 18) {}
  ~Out() { Flush(); }

  void Text(std::string_view text) {
    if (text.empty()) return;
    std::memcpy(buffer_.data() + used_, text.data(), text.size());
    used_ += text.size();
  }
  void Char(char c) { buffer_[used_++] = c; }
  void Comma() { Char(','); }
  void Uint(uint64_t value) {
    char digits[24];
    size_t n = 0;
    do {
      digits[n++] = static_cast<char>('0' + value % 10);
      value /= 10;
    } while (value != 0);
    while (n > 0) Char(digits[--n]);
  }
  // Zero-padded to at least `width` digits.
  void Padded(uint64_t value, size_t width) {
    char digits[24];
    size_t n = 0;
    do {
      digits[n++] = static_cast<char>('0' + value % 10);
      value /= 10;
    } while (value != 0);
    for (; n < width; --width) Char('0');
    while (n > 0) Char(digits[--n]);
  }
  void Money(int64_t cents) {
    Uint(static_cast<uint64_t>(cents / 100));
    Char('.');
    Padded(static_cast<uint64_t>(cents % 100), 2);
  }
  void Date(int32_t days) {
    int y = 0;
    unsigned m = 0, d = 0;
    CivilFromDays(days, y, m, d);
    Padded(static_cast<uint64_t>(y), 4);
    Char('-');
    Padded(m, 2);
    Char('-');
    Padded(d, 2);
  }
  void Bool(bool value) { Char(value ? '1' : '0'); }
  // Ends a row; flushes when the buffer is nearly full (a row is < 1 KiB).
  void EndRow() {
    Char('\n');
    if (used_ > buffer_.size() - 4096) Flush();
  }
  void Flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(used_));
    used_ = 0;
  }

 private:
  std::ostream& out_;
  std::vector<char> buffer_;
  size_t used_ = 0;
};

// ---------------------------------------------------------------------------

class Generator {
 public:
  Generator(uint64_t seed, base::Date reference_date)
      : random_(seed), later_(seed), gaps_(seed ^ kGapsSeed), reference_(reference_date) {
    new_year_ = base::Date::FromYmd(reference_.year(), 1, 1).days();
    groeipakket_start_ = base::Date::FromYmd(2019, 1, 1).days();
    two_and_a_half_ = reference_.PlusMonths(-30).days();
    school_year_ = reference_.month() >= 9 ? reference_.year() : reference_.year() - 1;
    for (int age = 0; age <= kMaxAge + 1; ++age) {
      // Born in (reference − (age+1) years, reference − age years]: PlusMonths clamps 29 February.
      birth_first_[age] = reference_.PlusMonths(-12 * (age + 1)).days() + 1;
      birth_last_[age] = reference_.PlusMonths(-12 * age).days();
    }
  }

  void Run(size_t persons, std::ostream& stream) {
    Out out(stream);
    out.Text(kHeader);
    size_t left = persons;
    while (left > 0) {
      DrawHousehold(left);
      left -= draft_.size;
      Write(out);
    }
  }

 private:
  // -------------------------------------------------------------------------
  // Drawing.

  Member& Add(int age, std::string_view relationship, std::string_view marital) {
    Member& m = draft_.members[draft_.size++];
    m = Member{};
    m.age = age < 0 ? 0 : (age > kMaxAge ? kMaxAge : age);
    m.relationship = relationship;
    m.marital = marital;
    return m;
  }

  std::string_view SingleMarital(int age) {
    if (age >= 65) {
      constexpr std::array<int, 3> w = {55, 20, 25};
      constexpr std::array<std::string_view, 3> v = {"widowed", "divorced", "single"};
      return v[random_.Pick(w)];
    }
    constexpr std::array<int, 3> w = {72, 22, 6};
    constexpr std::array<std::string_view, 3> v = {"single", "divorced", "separated"};
    return v[random_.Pick(w)];
  }

  std::string_view CoupleMarital() {
    constexpr std::array<int, 3> w = {62, 20, 18};
    constexpr std::array<std::string_view, 3> v = {"married", "legally_cohabiting", "single"};
    return v[random_.Pick(w)];
  }

  int PartnerAge(int age) {
    int partner = age + static_cast<int>(random_.Between(-5, 5));
    return partner < 18 ? 18 : partner;
  }

  void AddChildren(int parent_age, int count) {
    int oldest = parent_age - 22;
    if (oldest > 24) oldest = 24;
    if (oldest < 0) oldest = 0;
    for (int i = 0; i < count; ++i) {
      int youngest = parent_age - 45 > 0 ? parent_age - 45 : 0;
      int age = static_cast<int>(random_.Between(youngest < oldest ? youngest : oldest, oldest));
      Add(age, "child", "single");
    }
  }

  // Composition and ages. Returns false when it does not fit in `left` persons.
  bool DrawMembers(Composition c, size_t left) {
    draft_.size = 0;
    switch (c) {
      case Composition::kSingle: {
        int age = random_.Chance(5500) ? static_cast<int>(random_.Between(18, 44))
                                       : static_cast<int>(random_.Between(45, 69));
        Add(age, "self", SingleMarital(age));
        draft_.living_situation = "alone";
        break;
      }
      case Composition::kSingleSenior: {
        constexpr std::array<int, 3> w = {15, 60, 25};
        constexpr std::array<Range, 3> ages = {{{65, 69}, {70, 84}, {85, 100}}};
        Range r = ages[random_.Pick(w)];
        int age = static_cast<int>(random_.Between(r.lo, r.hi));
        Add(age, "self", SingleMarital(age));
        draft_.living_situation = "alone";
        break;
      }
      case Composition::kCouple: {
        int age = random_.Chance(3500) ? static_cast<int>(random_.Between(21, 40))
                                       : static_cast<int>(random_.Between(45, 69));
        std::string_view marital = CoupleMarital();
        Add(age, "self", marital);
        Add(PartnerAge(age), "partner", marital);
        draft_.living_situation = "couple";
        break;
      }
      case Composition::kCoupleSenior: {
        int age = static_cast<int>(random_.Between(66, 86));
        std::string_view marital = random_.Chance(8500) ? std::string_view("married") : CoupleMarital();
        Add(age, "self", marital);
        Add(PartnerAge(age), "partner", marital);
        draft_.living_situation = "couple";
        break;
      }
      case Composition::kCoupleWithChildren: {
        int age = static_cast<int>(random_.Triangle(26, 60));
        constexpr std::array<int, 4> w = {40, 40, 15, 5};
        int children = static_cast<int>(random_.Pick(w)) + 1;
        if (static_cast<size_t>(2 + children) > left) return false;
        std::string_view marital = CoupleMarital();
        Add(age, "self", marital);
        Add(PartnerAge(age), "partner", marital);
        AddChildren(age, children);
        draft_.living_situation = "couple_with_children";
        break;
      }
      case Composition::kSingleParent: {
        int age = static_cast<int>(random_.Triangle(22, 56));
        constexpr std::array<int, 3> w = {50, 35, 15};
        int children = static_cast<int>(random_.Pick(w)) + 1;
        if (static_cast<size_t>(1 + children) > left) return false;
        constexpr std::array<int, 4> mw = {35, 45, 15, 5};
        constexpr std::array<std::string_view, 4> mv = {"single", "divorced", "separated", "widowed"};
        Add(age, "self", mv[random_.Pick(mw)]);
        AddChildren(age, children);
        draft_.living_situation = "single_parent";
        break;
      }
      case Composition::kFlatmates: {
        int count = random_.Chance(7000) ? 2 : 3;
        if (static_cast<size_t>(count) > left) return false;
        for (int i = 0; i < count; ++i) {
          int age = static_cast<int>(random_.Triangle(19, 40));
          std::string_view relationship = i == 0 ? "self" : (random_.Chance(6000) ? "flatmate" : "friend");
          Add(age, relationship, "single");
        }
        draft_.living_situation = random_.Chance(3000) ? "cohabiting_shared_household_costs" : "cohabiting_non_family";
        break;
      }
      case Composition::kWithAdultChild: {
        if (left < 2) return false;
        int age = static_cast<int>(random_.Triangle(75, 98));
        Add(age, "self", random_.Chance(7000) ? "widowed" : "divorced");
        int child = age - static_cast<int>(random_.Between(24, 38));
        Add(child, "child", SingleMarital(child));
        draft_.living_situation = "with_adult_child";
        break;
      }
      case Composition::kCareHome: {
        int age = static_cast<int>(random_.Triangle(78, 104));
        Add(age, "self", SingleMarital(age));
        draft_.living_situation = "care_home";
        break;
      }
    }
    return draft_.size <= left;
  }

  int64_t Cents(Range r) { return random_.Between(int64_t{r.lo} * 100, int64_t{r.hi} * 100); }

  void DrawIncome(Member& m, bool has_children, bool lives_alone) {
    const int band = draft_.band;
    if (m.age < 18) {
      m.activity = Activity::kChild;
    } else if (m.relationship == "child" && m.age <= 24 && draft_.composition != Composition::kWithAdultChild) {
      m.activity = Activity::kStudent;
    } else if (m.age >= 65) {
      m.activity = Activity::kPension;
    } else {
      constexpr std::array<Activity, 5> kinds = {Activity::kEmployed, Activity::kUnemployed, Activity::kSick,
                                                 Activity::kLeefloon, Activity::kHome};
      m.activity = kinds[random_.Pick(kActivityWeights[static_cast<size_t>(band)])];
      // One leefloon per household, paid to the applicant at the household's category.
      if (m.activity == Activity::kLeefloon && m.relationship != "self") m.activity = Activity::kHome;
    }
    switch (m.activity) {
      case Activity::kChild:
        break;
      case Activity::kStudent:
        if (random_.Chance(3000)) {
          m.net_cents = random_.Between(20000, 70000);
          m.gross_cents = m.net_cents * 12;
        }
        break;
      case Activity::kEmployed:
        m.net_cents = Cents(kEmployedNet[static_cast<size_t>(band)]);
        m.gross_cents = m.net_cents * 12 * 150 / 100;
        break;
      case Activity::kUnemployed:
        m.net_cents = Cents(kUnemployedNet[static_cast<size_t>(band)]);
        m.gross_cents = m.net_cents * 12 * 110 / 100;
        m.statuses |= kUnemployed;
        break;
      case Activity::kSick:
        m.net_cents = Cents(kSickNet[static_cast<size_t>(band)]);
        m.gross_cents = m.net_cents * 12 * 115 / 100;
        m.statuses |= kInvalid;
        break;
      case Activity::kLeefloon:
        m.net_cents = has_children ? kLeefloonFamily : (lives_alone ? kLeefloonSingle : kLeefloonCohabiting);
        m.statuses |= kLeefloon;
        break;
      case Activity::kHome:
        break;
      case Activity::kPension:
        m.net_cents = Cents(kPensionNet[static_cast<size_t>(band)]);
        m.gross_cents = m.net_cents * 12 * 115 / 100;
        m.statuses |= kRetirementPension;
        // IGO tops up low pensions; about 70 % of those entitled take it up.
        if (band == 0 && random_.Chance(7000)) m.statuses |= kIgo;
        break;
    }
  }

  void DrawDisability(Member& m) {
    int chance = m.age < 18 ? 150 : (m.age < 65 ? 500 : 1200);
    if (draft_.band <= 1 && m.age >= 18 && m.age < 65) chance *= 2;
    if (draft_.composition == Composition::kCareHome) chance = 6000;
    if (!random_.Chance(chance)) return;
    m.disabled = true;
    if (m.age < 18) {
      m.pillar1 = static_cast<int>(random_.Between(0, 6));
      m.scale_total = static_cast<int>(random_.Between(0, 36));
      if (m.scale_total >= 6 && random_.Chance(8000)) m.statuses |= kZorgtoeslagSob;
      return;
    }
    m.self_reliance = static_cast<int>(random_.Between(0, 18));
    if (m.age < 65) {
      m.invalidity_pct = static_cast<int>(random_.Between(33, 100));
      if (draft_.band <= 2 && random_.Chance(6000)) m.statuses |= kIvt;
      if (m.self_reliance >= 7 && random_.Chance(8000)) m.statuses |= kIt;
      if (m.activity == Activity::kEmployed && m.invalidity_pct >= 66) m.activity = Activity::kSick;
    } else {
      m.bel_score = static_cast<int>(random_.Between(5, 60));
      if (m.bel_score >= 35 && random_.Chance(7000)) m.statuses |= kZzb;
    }
  }

  void DrawHousing() {
    const int band = draft_.band;
    draft_.landlord = {};
    draft_.rent_cents = -1;
    draft_.waiting_since = -1;
    draft_.collective_gas = 0;
    if (draft_.composition == Composition::kCareHome) {
      draft_.tenure = "care_home";
      draft_.fuel = "natural_gas";
      return;
    }
    std::array<int, 5> weights = kTenureWeights[static_cast<size_t>(band)];
    // Deprived sectors have more (social) renting.
    weights[1] += draft_.sector->deprivation * 40;
    weights[2] += draft_.sector->deprivation * 25;
    draft_.tenure = kTenures[random_.Pick(weights)];
    draft_.fuel = kFuels[random_.Pick(kFuelWeights)];
    if (draft_.tenure == "tenant") {
      draft_.landlord = kLandlords[random_.Pick(kLandlordWeights)];
      int64_t extra = static_cast<int64_t>(draft_.size > 2 ? draft_.size - 2 : 0) * 6000;
      if (draft_.landlord == "private") {
        draft_.rent_cents = random_.Between(55000, 115000) + extra;
      } else if (draft_.landlord == "svk") {
        draft_.rent_cents = random_.Between(45000, 75000) + extra;
      } else {
        draft_.rent_cents = random_.Between(25000, 55000);
      }
      if (band <= 1 && random_.Chance(3500)) {
        draft_.members[0].statuses |= kSocialHousingCandidate;
        draft_.waiting_since = reference_.days() - static_cast<int32_t>(random_.Between(30, 3000));
      }
    } else if (draft_.tenure == "social_tenant") {
      draft_.landlord = "shm";
      draft_.rent_cents = random_.Between(20000, 60000);
      if (draft_.fuel == "natural_gas" && random_.Chance(3500)) draft_.collective_gas = 1;
    }
  }

  void DrawStatuses() {
    uint32_t household = 0;
    for (size_t i = 0; i < draft_.size; ++i) household |= draft_.members[i].statuses;
    const int band = draft_.band;
    // Verhoogde tegemoetkoming: automatic with leefloon, IGO or IVT; otherwise
    // after an income inquiry, which many entitled households never ask for.
    int vt = 0;
    if ((household & (kLeefloon | kIgo | kIvt)) != 0) {
      vt = 9500;
    } else if (band == 0) {
      vt = 6500;
    } else if (band == 1) {
      vt = 5500;
    } else if (band == 2 &&
               (draft_.composition == Composition::kSingleParent || draft_.composition == Composition::kSingleSenior)) {
      vt = 1500;
    }
    const bool has_vt = vt > 0 && random_.Chance(vt);
    constexpr std::array<int, 5> kDebt = {550, 300, 110, 40, 15};
    for (size_t i = 0; i < draft_.size; ++i) {
      Member& m = draft_.members[i];
      if (has_vt) m.statuses |= kVt;
      if (m.age >= 18 && random_.Chance(kDebt[static_cast<size_t>(band)])) m.statuses |= kSchuldenregeling;
      if (m.age < 18 && band <= 1 && random_.Chance(8500)) m.statuses |= kGroeipakketSocialeToeslag;
    }
  }

  void DrawFacts(bool has_children) {
    draft_.nationality = kNationalities[random_.Pick(kNationalityWeights)];
    const bool native = draft_.nationality == "BE";
    for (size_t i = 0; i < draft_.size; ++i) {
      Member& m = draft_.members[i];
      m.resident = random_.Chance(9950);
      if (m.age >= 18) {
        m.willing = random_.Chance(m.activity == Activity::kLeefloon || m.activity == Activity::kHome ? 8000 : 9500);
        m.exhausted = random_.Chance(draft_.band <= 1 ? 7500 : 9500);
        if (draft_.band == 0) {
          m.need = random_.Chance(8000) ? 1 : 0;
        } else if (draft_.band == 1) {
          m.need = random_.Chance(3000) ? 1 : 0;
        } else {
          m.need = 0;
        }
        if (m.age <= 45 && m.relationship != "child") m.pregnant = random_.Chance(has_children ? 300 : 150) ? 1 : 0;
      }
      m.dependent = m.activity == Activity::kChild || m.activity == Activity::kStudent;
      m.child_benefit = m.activity == Activity::kChild ? random_.Chance(9800)
                                                       : (m.activity == Activity::kStudent && random_.Chance(7500));
      if (native) {
        m.years_resident = m.age;
        m.consecutive_years = m.age;
      } else {
        m.years_resident = m.age == 0 ? 0 : static_cast<int>(random_.Between(1, m.age));
        m.consecutive_years = m.years_resident == 0 ? 0 : static_cast<int>(random_.Between(1, m.years_resident));
      }
    }
    // A partner or adult child caring for a disabled older person.
    if (draft_.size >= 2 &&
        (draft_.composition == Composition::kCoupleSenior || draft_.composition == Composition::kWithAdultChild)) {
      for (size_t i = 0; i < 2; ++i) {
        if (!draft_.members[i].disabled || draft_.members[i].self_reliance < 7) continue;
        Member& carer = draft_.members[1 - i];
        carer.care_days = random_.Chance(6000) ? 7 : static_cast<int>(random_.Between(2, 6));
        carer.gp_attest = random_.Chance(6500) ? 1 : 0;
      }
    }
  }

  void DrawHousehold(size_t left) {
    draft_.sector = &kSectors[random_.Pick(kSectorWeights)];
    draft_.composition = static_cast<Composition>(random_.Pick(kCompositionWeights));
    if (!DrawMembers(draft_.composition, left)) {
      draft_.composition = Composition::kSingle;
      DrawMembers(draft_.composition, left);
    }
    draft_.band = static_cast<int>(random_.Pick(kBandWeights[static_cast<size_t>(draft_.sector->deprivation)]));
    bool has_children = false;
    for (size_t i = 0; i < draft_.size; ++i) has_children |= draft_.members[i].age < 18;
    const bool alone = draft_.size == 1;
    draft_.gross_total = 0;
    for (size_t i = 0; i < draft_.size; ++i) {
      Member& m = draft_.members[i];
      DrawIncome(m, has_children, alone);
      DrawDisability(m);
      draft_.gross_total += m.gross_cents;
    }
    DrawHousing();
    DrawStatuses();
    DrawFacts(has_children);
    // Birth dates last, in the order the rows were once written with them.
    for (size_t i = 0; i < draft_.size; ++i) {
      Member& m = draft_.members[i];
      m.birth_days = static_cast<int32_t>(random_.Between(birth_first_[m.age], birth_last_[m.age]));
    }
    DrawLater();
    DrawGaps();
  }

  // -------------------------------------------------------------------------
  // The inputs of the rights added after the first catalogue (telephone
  // tariff, debts, school and childcare, study grant, huursubsidie, ...). They
  // come from a stream of their own, drawn after everything above, so that
  // the columns before them are byte for byte what they were: a population of
  // the same seed has the same households, incomes and statuses as before,
  // plus these facts and statuses. Each fact is sometimes left empty, so that
  // every right meets its undetermined outcome too.

  // -1 (unknown) with `empty` / 10 000, else 1 with `yes` / 10 000, else 0.
  int Fact(int yes, int empty) {
    if (later_.Chance(empty)) return -1;
    return later_.Chance(yes) ? 1 : 0;
  }

  // A day in [reference − `most` days, reference − `least` days].
  int32_t DaysAgo(int64_t least, int64_t most) {
    return reference_.days() - static_cast<int32_t>(later_.Between(least, most));
  }

  // The school level by the school year the birth year puts a child in: the
  // kleuterschool from 2.5 years, primary school from the September of the
  // year the child turns 6, secondary school six years later, and then higher
  // education for some of the young adults.
  void DrawSchool(Member& m) {
    if (later_.Chance(150)) return;
    if (m.age > 30) {
      m.school = "none";
      return;
    }
    int birth_year = 0;
    unsigned month = 0, day = 0;
    CivilFromDays(m.birth_days, birth_year, month, day);
    int grade = school_year_ - birth_year - 6;                     // 0: the first year of primary school
    if (m.age >= 8 && m.age <= 19 && later_.Chance(900)) --grade;  // a repeated year
    if (grade < 0) {
      const bool old_enough = m.birth_days <= two_and_a_half_;
      m.school = old_enough && later_.Chance(m.age >= 3 ? 9700 : 7500) ? "preschool" : "none";
    } else if (grade < 6) {
      m.school = "primary";
    } else if (grade < 12) {
      m.school = m.age < 18 || later_.Chance(8500) ? "secondary" : "none";
    } else {
      int higher = 50;
      if (m.activity == Activity::kStudent) {
        higher = 7000;
      } else if (m.age <= 25) {
        higher = 3000;
      } else {
        higher = 400;
      }
      m.school = later_.Chance(higher) ? "higher" : "none";
    }
    if (m.school == "preschool" || m.school == "primary" || m.school == "secondary") {
      m.attendance = Fact(9400, 300);
    }
  }

  void DrawLaterPerson(Member& m, size_t index, bool first_year_birth) {
    const int band = draft_.band;
    const bool adult = m.age >= 18;
    m.domiciled_jan1 = first_year_birth ? 0 : Fact(9950, 100);
    // Pregnancy was drawn for adults up to 45 who are not a child of the
    // applicant; everyone else from 12 is known not to be pregnant (the
    // startbedrag counts an expected child from 12). A due date within about
    // 9 months, sometimes twins.
    if (m.pregnant < 0 && m.age >= 12) m.pregnant = 0;
    if (m.pregnant == 1) {
      if (!later_.Chance(400)) m.expected_birth = reference_.days() + static_cast<int32_t>(later_.Between(1, 280));
      if (!later_.Chance(300)) m.expected_children = later_.Chance(300) ? 2 : 1;
    }
    if (m.relationship == "partner") m.moves_in = Fact(9800, 200);
    const bool eu = other_eu_;
    if (belgian_) {
      if (adult) m.residence_permit = 0;
    } else {
      m.residence_permit = Fact(eu ? 9800 : 9000, 400);
    }
    // Years socially insured elsewhere in the EU, the EEA or Switzerland (zorgbudgetten), for adults.
    if (adult && !later_.Chance(belgian_ ? 800 : 1500)) {
      const int abroad = m.age - 18 - m.years_resident;
      if (belgian_ || abroad <= 0) {
        m.years_insured = 0;
      } else if (eu) {
        m.years_insured = static_cast<int>(later_.Between(0, abroad));
      } else {
        m.years_insured = later_.Chance(1500) ? static_cast<int>(later_.Between(1, abroad < 5 ? abroad : 5)) : 0;
      }
    }
    if (index == 0) {
      // A decision of the OCMW after a social inquiry, for the few who asked.
      constexpr std::array<int, 5> kAsked = {1800, 800, 200, 0, 0};
      constexpr std::array<int, 5> kGranted = {6500, 5000, 2500, 0, 0};
      constexpr std::array<int, 5> kAskedEnergy = {1200, 600, 150, 0, 0};
      constexpr std::array<int, 5> kGrantedEnergy = {7000, 5500, 3000, 0, 0};
      if (later_.Chance(kAsked[static_cast<size_t>(band)])) {
        m.ocmw_aanvullende = later_.Chance(kGranted[static_cast<size_t>(band)]) ? 1 : 0;
      }
      if (later_.Chance(kAskedEnergy[static_cast<size_t>(band)])) {
        m.ocmw_energiefonds = later_.Chance(kGrantedEnergy[static_cast<size_t>(band)]) ? 1 : 0;
      }
    }

    // Disability: when it was established, and the reduced earning capacity of the IVT.
    if (m.disabled && !later_.Chance(500)) {
      m.established_at_age = m.age < 65 || later_.Chance(4000)
                                 ? static_cast<int>(later_.Between(0, m.age < 65 ? m.age : 64))
                                 : static_cast<int>(later_.Between(65, m.age));
    }
    if (adult && m.age < 65) {
      if ((m.statuses & kIvt) != 0) {
        m.earning_third = 1;
      } else if (m.invalidity_pct >= 66) {
        m.earning_third = Fact(9200, 300);
      } else if (m.disabled) {
        m.earning_third = Fact(2000, 300);
      } else {
        m.earning_third = Fact(0, 300);
      }
    }
    if (m.age < 18) m.zorgtoeslag_sob = later_.Chance(200) ? -1 : ((m.statuses & kZorgtoeslagSob) != 0 ? 1 : 0);

    // The telephone tariff's categories: hearing loss, laryngectomy, military war-blind.
    if (adult) {
      if (!later_.Chance(200)) {
        const int some = m.age >= 65 ? 3000 : 400;
        const int severe = m.age >= 65 ? 400 : 70;
        const uint64_t draw = later_.Below(10'000);
        if (draw < static_cast<uint64_t>(severe)) {
          m.hearing_db = static_cast<int>(later_.Between(70, 110));
        } else if (draw < static_cast<uint64_t>(severe + some)) {
          m.hearing_db = static_cast<int>(later_.Between(20, 69));
        } else {
          m.hearing_db = 0;
        }
      }
      m.laryngectomy = Fact(m.age >= 55 ? 40 : 2, 200);
      m.war_blind = Fact(m.age >= 85 ? 50 : (m.age >= 75 ? 10 : 0), 200);
    }

    // Debts and a past as a merchant (collectieve schuldenregeling).
    if (adult) {
      constexpr std::array<int, 5> kStructural = {1100, 600, 200, 60, 20};
      if ((m.statuses & kSchuldenregeling) != 0) {
        m.over_indebted = 1;
      } else {
        m.over_indebted = Fact(kStructural[static_cast<size_t>(band)], 400);
      }
      DrawMerchant(m);
      // Debt mediation and the OCMW's budget guidance and management.
      const bool indebted = m.over_indebted == 1;
      constexpr std::array<int, 5> kMediation = {250, 150, 50, 15, 5};
      constexpr std::array<int, 5> kManagement = {200, 100, 25, 5, 0};
      if (later_.Chance(indebted ? 2500 : kMediation[static_cast<size_t>(band)])) m.statuses |= kSchuldbemiddeling;
      if (later_.Chance(indebted ? 2000 : kManagement[static_cast<size_t>(band)])) m.statuses |= kBudgetbeheer;
      if (later_.Chance(indebted ? 1000 : kManagement[static_cast<size_t>(band)])) m.statuses |= kBudgetbegeleiding;
    }

    DrawSchool(m);
    if (m.relationship == "child") {
      // Childcare without an income-related tariff, for the youngest who are not in the kleuterschool.
      m.childcare = m.age < 3 && m.school != "preschool" ? Fact(2700, 700) : 0;
    }
    if (m.school == "higher") {
      const bool eea = belgian_ || other_eu_;
      m.grant_nationality = Fact(eea ? 10'000 : 7500, eea ? 300 : 500);
      m.grant_pedagogical = Fact(8500, 500);
    }

    // Basisondersteuningsbudget: granted automatically to a fixed group of persons with a handicap.
    if (m.disabled && later_.Chance(m.age < 18 ? 500 : 1000)) m.statuses |= kBob;
    if (draft_.composition == Composition::kCareHome && later_.Chance(9700)) m.statuses |= kWzcResidentFlanders;
    // The zorgpremie of the Vlaamse sociale bescherming, from 26; a few are in arrears.
    if (m.age >= 26 && later_.Chance(9600)) m.statuses |= kVsbPremiumPaid;
  }

  // merchant_status and, for a (former) merchant, when trading ceased and any
  // bankruptcy; a fair share within the last 6 months, where the waiting time
  // of the collectieve schuldenregeling decides.
  void DrawMerchant(Member& m) {
    if (later_.Chance(200)) return;
    if (m.age < 21) {
      m.merchant = "never";
      m.bankruptcy = "none";
      return;
    }
    constexpr std::array<int, 3> kStatus = {8800, 700, 500};
    constexpr std::array<std::string_view, 3> kMerchant = {"never", "active", "ceased"};
    m.merchant = kMerchant[later_.Pick(kStatus)];
    if (m.merchant == "never") {
      m.bankruptcy = "none";
    } else if (m.merchant == "active") {
      m.bankruptcy = later_.Chance(300) ? "open" : "none";
    } else {
      const int32_t ceased = later_.Chance(2500) ? DaysAgo(1, 183) : DaysAgo(184, 5500);
      if (!later_.Chance(500)) m.merchant_ceased = ceased;
      constexpr std::array<int, 3> kBankruptcy = {7000, 1000, 2000};
      constexpr std::array<std::string_view, 3> kBankruptcies = {"none", "open", "closed"};
      if (later_.Chance(300)) return;
      m.bankruptcy = kBankruptcies[later_.Pick(kBankruptcy)];
      if (m.bankruptcy == "closed") {
        // Closed one to four years after the trade ceased, or still open.
        const int32_t closed = ceased + static_cast<int32_t>(later_.Between(90, 1500));
        if (closed >= reference_.days()) {
          m.bankruptcy = "open";
        } else if (!later_.Chance(500)) {
          m.bankruptcy_closed = closed;
        }
      }
    }
  }

  void DrawLaterHousehold() {
    HouseholdLater& h = draft_.later;
    h = HouseholdLater{};
    const int band = draft_.band;
    const int64_t gross = draft_.gross_total;
    size_t dependents = 0, children = 0, school_children = 0, students = 0, unemployed_or_sick = 0;
    for (size_t i = 0; i < draft_.size; ++i) {
      const Member& m = draft_.members[i];
      dependents += m.dependent;
      children += m.relationship == "child" && m.age < 25;
      school_children += m.age >= 3 && (m.school == "preschool" || m.school == "primary" || m.school == "secondary");
      students += m.school == "higher";
      unemployed_or_sick += m.activity == Activity::kUnemployed || m.activity == Activity::kSick;
    }
    const int64_t capped = static_cast<int64_t>(dependents < 4 ? dependents : 4);

    // Other measures of the household's income, near the gross taxable income of the previous year.
    if (!later_.Chance(2500)) {
      int64_t month = gross / 12 * later_.Between(90, 110) / 100;
      if (unemployed_or_sick > 0 && band <= 1 && later_.Chance(1500)) month = month * 60 / 100;  // a recent drop
      h.prev_month_cents = month;
    }
    if (!later_.Chance(800)) h.indexed_cents = gross * later_.Between(97, 112) / 100;
    if (children > 0 && !later_.Chance(800)) h.groeipakket_cents = gross * later_.Between(90, 110) / 100;
    if (!later_.Chance(500)) h.all_adults_cents = gross;
    // Income limits the rules take as facts (the spec's figures are undated): about right for 2024.
    if (school_children > 0 && !later_.Chance(1000)) {
      h.schooltoeslag_income_within = gross <= 4'000'000 + 250'000 * static_cast<int64_t>(school_children - 1);
    }
    if (students > 0 && !later_.Chance(1000)) {
      h.study_grant_income_within = gross <= 2'600'000 + 600'000 * static_cast<int64_t>(draft_.size - 1);
    }
    h.second_residence = Fact(50, 50);
    h.common_parts = Fact(20, 30);

    // The dwelling, and whether anyone in the household owns one (here or elsewhere).
    const std::string_view tenure = draft_.tenure;
    const int deprivation = draft_.sector->deprivation;
    if (tenure == "owner") {
      h.owns_dwelling = Fact(9900, 300);
    } else if (tenure == "tenant" || tenure == "social_tenant") {
      h.owns_dwelling = Fact(tenure == "tenant" ? 300 : 50, 400);
    } else if (tenure == "care_home") {
      h.owns_dwelling = Fact(3500, 1000);
    } else {
      h.owns_dwelling = Fact(tenure == "homeless" ? 0 : 2000, 1000);
    }
    if (tenure == "tenant" || tenure == "social_tenant") {
      h.meets_standards = Fact(tenure == "social_tenant" ? 9500 : 9000 - 400 * deprivation - 300 * (band <= 1), 500);
      if (draft_.waiting_since >= 0) {
        h.refused_social = Fact(700, 500);
      } else {
        h.refused_social = Fact(200, 200);
      }
      if (!later_.Chance(1000)) {
        std::array<int, 6> w = {500, 300, 700, 250, 150, 8100};  // moved from: ..., other
        if (band <= 1) {
          w[0] += 400;
          w[1] += 300;
          w[2] += 400;
          w[4] += 250;
        }
        constexpr std::array<std::string_view, 6> kMovedFrom = {
            "inadequate_dwelling", "unfit_dwelling", "too_small_dwelling", "dwelling_not_adapted", "homeless", "other"};
        h.moved_from = kMovedFrom[later_.Pick(w)];
      }
    } else if (tenure == "owner") {
      h.meets_standards = Fact(9600, 500);
    }
    if (tenure == "tenant") {
      if (!later_.Chance(800)) h.rent_within = draft_.rent_cents <= 60'000 + 7'500 * capped;
      if (!later_.Chance(800)) h.huurpremie_rent_within = draft_.rent_cents <= 59'000 + 7'375 * capped;
      if (!later_.Chance(800)) h.huursubsidie_income_within = gross <= 2'700'000 + 250'000 * capped;
      const bool moved = draft_.landlord == "svk" || (!h.moved_from.empty() && h.moved_from != "other");
      if (moved && draft_.waiting_since >= 0 && h.rent_within == 1 && h.huursubsidie_income_within == 1 &&
          h.owns_dwelling == 0 && later_.Chance(4000)) {
        draft_.members[0].statuses |= kHuursubsidie;
      }
    }

    // A delivery of heating oil, paraffin or propane, and whether the bill can be paid.
    const std::string_view fuel = draft_.fuel;
    if (fuel == "heating_oil_bulk" || fuel == "heating_oil_pump" || fuel == "heating_paraffin_c" ||
        fuel == "bulk_propane") {
      if (!later_.Chance(2000)) {
        h.delivery_date = DaysAgo(0, 330);
        // The request to the OCMW: most within the 60 days, some later, a third not (yet) made.
        if (!later_.Chance(3500)) {
          int64_t gap = later_.Chance(8500) ? later_.Between(0, 60) : later_.Between(61, 200);
          const int64_t since = reference_.days() - h.delivery_date;
          if (gap > since) gap = since;
          h.requested_on = h.delivery_date + static_cast<int32_t>(gap);
        }
        if (!later_.Chance(500)) {
          if (fuel == "heating_oil_bulk") {
            h.delivery_litres = static_cast<int>(later_.Between(5, 25)) * 100;
          } else if (fuel == "bulk_propane") {
            h.delivery_litres = static_cast<int>(later_.Between(4, 20)) * 100;
          } else {
            h.delivery_litres = static_cast<int>(later_.Between(20, 200));
          }
        }
      }
      constexpr std::array<int, 5> kCannotPay = {4500, 3000, 1000, 300, 100};
      h.cannot_pay_bill = Fact(kCannotPay[static_cast<size_t>(band)], 1000);
    }
  }

  // The statuses that depend on the facts above: the study grant and the old
  // telephone tariff, kept only by those who had it before 1 March 2024.
  void DrawLaterStatuses() {
    const HouseholdLater& h = draft_.later;
    for (size_t i = 0; i < draft_.size; ++i) {
      Member& m = draft_.members[i];
      if (m.school == "higher") {
        const bool meets = m.grant_nationality == 1 && m.grant_pedagogical == 1 && h.study_grant_income_within == 1;
        if (later_.Chance(meets ? 6500 : 100)) m.statuses |= kStudietoelage;
      }
    }
    Member& applicant = draft_.members[0];
    bool others_over_60 = true;
    for (size_t i = 1; i < draft_.size; ++i) others_over_60 &= draft_.members[i].age >= 60;
    const bool category = (applicant.statuses & kLeefloon) != 0 ||
                          (applicant.age >= 65 && others_over_60 && draft_.band <= 1) ||
                          ((applicant.invalidity_pct >= 66 || applicant.self_reliance >= 9) && draft_.band <= 1) ||
                          applicant.hearing_db >= 70 || applicant.laryngectomy == 1 || applicant.war_blind == 1;
    // Those who left a category (their income rose) keep the status for a while.
    if (later_.Chance(category ? 3000 : (applicant.age >= 65 ? 80 : 5))) applicant.statuses |= kSociaalTelefoontarief;
  }

  void DrawLater() {
    const std::string_view n = draft_.nationality;
    belgian_ = n == "BE";
    other_eu_ = n == "NL" || n == "PL" || n == "RO" || n == "IT" || n == "FR";
    for (size_t i = 0; i < draft_.size; ++i) {
      Member& m = draft_.members[i];
      DrawLaterPerson(m, i, m.birth_days > new_year_);
    }
    DrawLaterHousehold();
    DrawLaterStatuses();
  }

  // -------------------------------------------------------------------------
  // The inputs of the gaps docs/spec-coverage.md lists (the GPMI, the IGO's
  // nationality and days abroad, the BelRAI screener, a stillbirth, minors'
  // independence, ...), and the statuses rules read that were never drawn.
  // From a third stream, drawn after DrawLater, so that every column before
  // them, and every status drawn before, stays what it was for a seed.

  // As Fact, on the third stream.
  int GapFact(int yes, int empty) {
    if (gaps_.Chance(empty)) return -1;
    return gaps_.Chance(yes) ? 1 : 0;
  }

  int Clamp(int value, int lo, int hi) { return value < lo ? lo : (value > hi ? hi : value); }

  // The statuses of one person that the rules read (VT, the social energy
  // tariff and internet offer, the UiTPAS tariffs, ...) and synth did not draw.
  void DrawGapStatuses(Member& m, size_t index, bool non_eu) {
    const int band = draft_.band;
    const bool low = band <= 1;
    const bool adult = m.age >= 18;
    if (adult && m.age >= 45 && m.marital == "widowed" && gaps_.Chance(m.age >= 65 ? 5000 : 7000)) {
      m.statuses |= kSurvivorPension;
    }
    // The old guaranteed income for the elderly, kept by those who had it before the IGO (2001).
    if (m.age >= 89 && low && (m.statuses & kIgo) == 0 && gaps_.Chance(2000)) m.statuses |= kGib;
    if (m.disabled) {
      if (m.age >= 65) {
        // The zorgbudget voor ouderen met een zorgnood, and the federal THAB it replaced in 2021 (for
        // those who came from Brussels or Wallonia).
        if ((m.self_reliance >= 7 || m.bel_score >= 35) && band <= 2 && gaps_.Chance(5000)) {
          m.statuses |= kZoz;
        } else if (gaps_.Chance(200)) {
          m.statuses |= kThab;
        }
      }
      if (adult && m.invalidity_pct >= 65 && m.age >= 55 && gaps_.Chance(1500)) m.statuses |= kHandicapAllowance65;
      if (m.relationship == "child" && m.age < 21 && (m.pillar1 >= 4 || m.invalidity_pct >= 66) && gaps_.Chance(4000)) {
        m.statuses |= kChildSupplement66;
      }
      // Persoonsvolgende financiering of the VAPH, for adults.
      if (adult && m.age < 65 && gaps_.Chance(m.self_reliance >= 9 ? 2500 : 600)) m.statuses |= kPvf;
    }
    // The sickness insurance's allowance for help of third parties, for invalids who need it.
    if ((m.statuses & kInvalid) != 0 && gaps_.Chance(m.disabled && m.self_reliance >= 9 ? 3000 : 100)) {
      m.statuses |= kHulpVanDerden;
    }
    if (m.activity == Activity::kEmployed && gaps_.Chance(m.disabled ? 1500 : (low ? 100 : 10))) {
      m.statuses |= kEmployedMaatwerkbedrijf;
    }
    // Young adults who came as unaccompanied minors, now alone or sharing a dwelling.
    if ((draft_.composition == Composition::kFlatmates || draft_.composition == Composition::kSingle) && non_eu &&
        m.age <= 20 && gaps_.Chance(4000)) {
      m.statuses |= kNbmv;
    }
    if (index == 0 && m.age <= 24 && draft_.composition != Composition::kCoupleWithChildren &&
        draft_.composition != Composition::kSingleParent && gaps_.Chance(150)) {
      m.statuses |= kFullOrphan;
    }
    // The overbruggingsrecht after a recent cessation or during a bankruptcy.
    if (m.merchant == "ceased" && m.merchant_ceased != kNoDate && reference_.days() - m.merchant_ceased <= 365 &&
        gaps_.Chance(2500)) {
      m.statuses |= kSelfEmployedBridging;
    } else if (m.bankruptcy == "open" && gaps_.Chance(1000)) {
      m.statuses |= kSelfEmployedBridging;
    }
    if (!adult && m.age >= 12 && gaps_.Chance(low ? 250 : 50)) m.statuses |= kSpecialYouthCare;
    // Dringende medische hulp, for adults staying without a permit.
    if (adult && non_eu && m.residence_permit == 0 && gaps_.Chance(4000)) m.statuses |= kUrgentMedicalAid;
    // The startbedrag was paid for nearly every child born since the Groeipakket (2019); for the
    // youngest it may still be pending.
    if (m.relationship == "child" && m.birth_days >= groeipakket_start_ && gaps_.Chance(m.age == 0 ? 8000 : 9500)) {
      m.statuses |= kGroeipakketStartbedrag;
    }
    // The schooltoeslag, automatic for children at school in a family under its limit.
    const bool at_school = m.age >= 3 && (m.school == "preschool" || m.school == "primary" || m.school == "secondary");
    if (at_school && m.age < 25) {
      const int within = draft_.later.schooltoeslag_income_within;
      if (gaps_.Chance(within == 1 ? 8500 : (within == 0 ? 50 : (low ? 4000 : 500)))) m.statuses |= kSchooltoeslag;
    }
  }

  void DrawGapPerson(Member& m, size_t index, uint64_t protection, bool reception) {
    const bool adult = m.age >= 18;
    const bool non_eu = !belgian_ && !other_eu_;
    const bool care_home = draft_.composition == Composition::kCareHome;
    m.statuses |= protection;
    if (reception) m.statuses |= kAsylumReception;
    DrawGapStatuses(m, index, non_eu);

    // Days abroad this calendar year, up to the reference date: most none or a holiday, some longer.
    if (!gaps_.Chance(200)) {
      const std::array<int, 3> kinds = {non_eu ? 4000 : 5500, non_eu ? 4500 : 3900, non_eu ? 1500 : 600};
      const size_t kind = gaps_.Pick(kinds);
      int64_t days = kind == 0 ? 0 : (kind == 1 ? gaps_.Between(1, 29) : gaps_.Between(30, 200));
      const int64_t elapsed = reference_.days() - new_year_ + 1;
      if (days > elapsed) days = elapsed;
      m.days_abroad = static_cast<int>(days);
    }
    // Civic integration: Belgians, EU citizens and minors are exempt; most others have met it.
    if (belgian_ || other_eu_ || !adult) {
      m.civic_integration = GapFact(10'000, 100);
    } else {
      m.civic_integration = GapFact(m.consecutive_years <= 2 ? 3500 : 8500, 600);
    }
    if (adult) {
      // The GPMI: signed by most leefloon recipients (required under 25), by a few others the OCMW helps.
      if ((m.statuses & kLeefloon) != 0) {
        m.gpmi = GapFact(m.age < 25 ? 9800 : 7000, 300);
      } else {
        m.gpmi = draft_.band <= 1 ? GapFact(300, 1500) : GapFact(20, 2500);
      }
      // The IGO's nationality condition: Belgian or EEA, a refugee or stateless, or a Belgian pension.
      if (belgian_ || other_eu_ || protection != 0) {
        m.igo_nationality = GapFact(10'000, 200);
      } else {
        m.igo_nationality = GapFact((m.statuses & kRetirementPension) != 0 ? 8000 : 3000, 500);
      }
      if (m.age >= 60) {
        const bool pension = (m.statuses & (kRetirementPension | kIgo | kSurvivorPension | kGib)) != 0;
        m.pension_applied = pension ? GapFact(10'000, 200) : GapFact(m.age >= 65 ? 6000 : 1500, 800);
      }
    }
    // Whether a handicap of an adult under 65 arose after the child benefit stopped (at 18 to 25).
    if (m.disabled && adult && m.age < 65 && !gaps_.Chance(500)) {
      const int at = m.established_at_age;
      if (at < 0) {
        m.arose_after_child_benefit = gaps_.Chance(4000) ? 1 : 0;
      } else {
        m.arose_after_child_benefit = at >= 25 ? 1 : (at < 18 ? 0 : (gaps_.Chance(5000) ? 1 : 0));
      }
    }
    // The BelRAI screener (family care), for some older persons and persons with a disability;
    // ADL and IADL points go with the score, so either limit (13, 6) may be met alone.
    if (m.age >= 65 || m.disabled) {
      const int assessed = care_home ? 9000 : (m.disabled ? 6000 : (m.age >= 80 ? 3500 : 1500));
      if (gaps_.Chance(assessed)) {
        int score = 0;
        if (m.bel_score >= 0) {
          score = m.bel_score * 2 / 3 + static_cast<int>(gaps_.Between(-3, 3));
        } else if (m.self_reliance >= 0) {
          score = m.self_reliance + static_cast<int>(gaps_.Between(0, 8));
        } else if (m.disabled) {
          score = static_cast<int>(gaps_.Between(4, 25));
        } else {
          score = static_cast<int>(gaps_.Triangle(0, m.age >= 85 ? 24 : 16));
        }
        if (care_home) score += 8;
        score = Clamp(score, 0, 40);
        const int points = Clamp(score * 6 / 13 + static_cast<int>(gaps_.Between(-2, 2)), 0, 24);
        if (!gaps_.Chance(400)) m.belrai_score = score;
        if (!gaps_.Chance(600)) m.adl_iadl = points;
      }
    }
    // Minors living on their own under guidance, or emancipated: rare, from 16.
    if (!adult) {
      const bool old = m.age >= 16;
      m.supported_living = gaps_.Chance(200) ? -1 : (old && gaps_.Chance(draft_.band <= 1 ? 300 : 100) ? 1 : 0);
      m.emancipated = gaps_.Chance(200) ? -1 : (old && gaps_.Chance(100) ? 1 : 0);
    }
    // A child who stays regularly under a written arrangement (co-parenting), mostly of single parents.
    if (m.relationship == "child" && m.age < 25) {
      const Composition c = draft_.composition;
      m.regular_stay =
          GapFact(c == Composition::kSingleParent ? 2500 : (c == Composition::kCoupleWithChildren ? 300 : 100), 300);
    }
    if (adult) {
      int yes = 50;
      if (care_home) {
        yes = 9500;
      } else if (m.belrai_score >= 13 || m.adl_iadl >= 6 || m.self_reliance >= 9 || m.bel_score >= 35) {
        yes = 8000;
      } else if (m.disabled) {
        yes = 3000;
      } else if (m.age >= 80) {
        yes = 1500;
      } else if (m.age >= 65) {
        yes = 400;
      }
      m.needs_care = GapFact(yes, 300);
    }
  }

  // The applicant's OCMW statuses: equivalent aid for those without a right to the leefloon
  // (foreigners outside the population register), advances on a benefit, clients, and the aid the
  // federal state refunds.
  void DrawGapApplicant(Member& m, bool non_eu, bool reception, bool has_minor) {
    const int band = draft_.band;
    if (m.age >= 18 && band <= 1 && non_eu && !reception && (m.statuses & kLeefloon) == 0 &&
        gaps_.Chance(m.activity == Activity::kHome ? 5000 : (band == 0 ? 500 : 50))) {
      m.statuses |= kEquivalentLeefloon;
    }
    if (band <= 1 && (m.statuses & (kUnemployed | kInvalid)) != 0 && gaps_.Chance(300)) m.statuses |= kOcmwAdvance;
    const bool aid = (m.statuses & (kLeefloon | kEquivalentLeefloon)) != 0;
    constexpr std::array<int, 5> kClient = {2000, 600, 100, 10, 0};
    if (gaps_.Chance(aid ? 9000 : kClient[static_cast<size_t>(band)])) m.statuses |= kOcmwClient;
    int refunded = 0;
    if ((m.statuses & kEquivalentLeefloon) != 0) {
      refunded = 7000;
    } else if ((m.statuses & kLeefloon) != 0 && non_eu) {
      refunded = 3000;
    } else if ((m.statuses & kOcmwClient) != 0) {
      refunded = 300;
    }
    if (gaps_.Chance(refunded)) m.statuses |= kOcmwRefundedSocialAid;
    // The social internet offer (from 2025), for some of its categories.
    if (band <= 1 && (m.statuses & (kLeefloon | kEquivalentLeefloon | kIgo | kIvt | kVt)) != 0 &&
        (m.statuses & kSociaalTelefoontarief) == 0 && gaps_.Chance(800)) {
      m.statuses |= kSociaalInternetaanbod;
    }
    constexpr std::array<int, 5> kGuidance = {500, 200, 30, 30, 30};
    if (has_minor && gaps_.Chance(kGuidance[static_cast<size_t>(band)])) m.statuses |= kFamilyGuidance;
  }

  void DrawGapHousehold() {
    HouseholdLater& h = draft_.later;
    // The current income as a yearly amount: the previous month's when known (it shows a recent
    // drop), else near last year's.
    if (!gaps_.Chance(1000)) {
      h.current_income_cents =
          h.prev_month_cents >= 0 ? h.prev_month_cents * 12 : draft_.gross_total * gaps_.Between(95, 110) / 100;
    }
    // The huurpremie's income of the tenant and the co-resident members on the last assessment,
    // for those who rent or look for a dwelling: near the indexed income of that assessment.
    const std::string_view tenure = draft_.tenure;
    if (tenure != "owner" && tenure != "care_home" && !gaps_.Chance(800)) {
      const int64_t base = h.indexed_cents >= 0 ? h.indexed_cents : draft_.gross_total;
      h.huurpremie_income_cents = base * gaps_.Between(97, 103) / 100;
    }
    // The Groeipakket's current income and how many months it has been at that level, with
    // children: after a recent drop (the previous month's income), mostly fewer than 6 months.
    bool children = false;
    for (size_t i = 0; i < draft_.size; ++i) children |= draft_.members[i].relationship == "child";
    if (children) {
      const int64_t gross = draft_.gross_total;
      const bool dropped = h.prev_month_cents >= 0 && h.prev_month_cents * 12 < gross * 85 / 100;
      if (!gaps_.Chance(1000)) {
        const int64_t base = h.groeipakket_cents >= 0 ? h.groeipakket_cents : gross;
        h.groeipakket_current_cents = dropped ? h.prev_month_cents * 12 : base * gaps_.Between(95, 110) / 100;
      }
      if (!gaps_.Chance(1000)) {
        h.groeipakket_current_months =
            static_cast<int>(dropped && gaps_.Chance(7000) ? gaps_.Between(0, 5) : gaps_.Between(0, 24));
      }
    }
  }

  void DrawGaps() {
    const bool non_eu = !belgian_ && !other_eu_;
    const std::string_view n = draft_.nationality;
    const bool refugee_country = n == "SY" || n == "AF";
    // Recognised refugees and stateless persons, mostly from the countries refugees come from; the
    // newly arrived with little income in a local reception initiative.
    uint64_t protection = 0;
    if (non_eu) {
      if (gaps_.Chance(refugee_country ? 4000 : 150)) {
        protection = kRecognisedRefugee;
      } else if (gaps_.Chance(refugee_country ? 300 : 30)) {
        protection = kStateless;
      }
    }
    Member& applicant = draft_.members[0];
    const bool reception =
        non_eu && protection == 0 && applicant.consecutive_years <= 2 && draft_.band <= 1 && gaps_.Chance(3000);
    bool has_minor = false;
    for (size_t i = 0; i < draft_.size; ++i) has_minor |= draft_.members[i].age < 18;
    for (size_t i = 0; i < draft_.size; ++i) DrawGapPerson(draft_.members[i], i, protection, reception);
    DrawGapApplicant(applicant, non_eu, reception, has_minor);
    DrawGapHousehold();
  }

  // -------------------------------------------------------------------------
  // Writing.

  void OptionalInt(Out& out, int value) {
    out.Comma();
    if (value >= 0) out.Uint(static_cast<uint64_t>(value));
  }
  void OptionalMoney(Out& out, int64_t cents) {
    out.Comma();
    if (cents >= 0) out.Money(cents);
  }
  void OptionalDate(Out& out, int32_t days) {
    out.Comma();
    if (days != kNoDate) out.Date(days);
  }

  void Write(Out& out) {
    const Sector& sector = *draft_.sector;
    const Municipality& municipality = kMunicipalities[static_cast<size_t>(sector.municipality)];
    const uint64_t household_number = ++households_;
    for (size_t i = 0; i < draft_.size; ++i) {
      const Member& m = draft_.members[i];
      out.Char('p');
      out.Padded(++persons_, 9);
      out.Text(",h");
      out.Padded(household_number, 8);
      if (i == 0) {
        // Household-level cells on the first row of the household only.
        out.Comma();
        out.Text(sector.name);
        out.Comma();
        out.Text(municipality.name);
        out.Comma();
        out.Text(sector.postcode);
        out.Comma();
        out.Text(municipality.nis);
        out.Text(",flanders,");
        out.Text(draft_.living_situation);
        out.Comma();
        out.Text(draft_.tenure);
        out.Comma();
        out.Text(draft_.landlord);
        out.Comma();
        if (draft_.rent_cents >= 0) out.Money(draft_.rent_cents);
        out.Comma();
        out.Text(draft_.fuel);
        out.Comma();
        out.Bool(draft_.collective_gas != 0);
        out.Text(",1,");
        if (!draft_.landlord.empty()) out.Bool(true);
        out.Comma();
        if (draft_.waiting_since >= 0) out.Date(draft_.waiting_since);
        out.Text(",1,");
        out.Uint(static_cast<uint64_t>(reference_.year() - 1));
        out.Comma();
        out.Money(draft_.gross_total);
      } else {
        out.Text(",,,,,,,,,,,,,,,,,");
      }
      out.Comma();
      out.Date(m.birth_days);
      out.Comma();
      out.Text(m.relationship);
      out.Comma();
      out.Text(m.marital);
      out.Comma();
      out.Text(draft_.nationality);
      OptionalInt(out, m.pregnant);
      out.Comma();
      out.Bool(m.dependent);
      out.Comma();
      out.Bool(m.child_benefit);
      out.Text(",1,");
      out.Bool(m.resident);
      out.Text(",1,");
      if (m.age >= 18) out.Bool(m.willing);
      out.Comma();
      if (m.age >= 18) out.Bool(m.exhausted);
      OptionalInt(out, m.need);
      out.Comma();
      out.Bool(m.disabled);
      OptionalInt(out, m.self_reliance);
      OptionalInt(out, m.invalidity_pct);
      OptionalInt(out, m.pillar1);
      OptionalInt(out, m.scale_total);
      OptionalInt(out, m.bel_score);
      OptionalInt(out, m.years_resident);
      OptionalInt(out, m.consecutive_years);
      OptionalInt(out, m.care_days);
      OptionalInt(out, m.gp_attest);
      out.Comma();
      bool first_status = true;
      // In bit order: the lowest set bit first.
      for (uint64_t bits = m.statuses; bits != 0; bits &= bits - 1) {
        if (!first_status) out.Char(';');
        out.Text(kStatusNames[static_cast<size_t>(std::countr_zero(bits))]);
        first_status = false;
      }
      out.Comma();
      out.Money(m.net_cents);
      out.Comma();
      out.Money(m.gross_cents);
      OptionalInt(out, m.domiciled_jan1);
      OptionalInt(out, m.moves_in);
      OptionalInt(out, m.residence_permit);
      OptionalInt(out, m.ocmw_aanvullende);
      OptionalInt(out, m.ocmw_energiefonds);
      OptionalInt(out, m.established_at_age);
      OptionalInt(out, m.earning_third);
      OptionalInt(out, m.zorgtoeslag_sob);
      OptionalInt(out, m.hearing_db);
      OptionalInt(out, m.laryngectomy);
      OptionalInt(out, m.war_blind);
      OptionalInt(out, m.over_indebted);
      out.Comma();
      out.Text(m.merchant);
      OptionalDate(out, m.merchant_ceased);
      out.Comma();
      out.Text(m.bankruptcy);
      OptionalDate(out, m.bankruptcy_closed);
      out.Comma();
      out.Text(m.school);
      OptionalInt(out, m.attendance);
      OptionalInt(out, m.childcare);
      OptionalInt(out, m.grant_nationality);
      OptionalInt(out, m.grant_pedagogical);
      OptionalInt(out, m.years_insured);
      OptionalDate(out, m.expected_birth);
      OptionalInt(out, m.expected_children);
      if (i == 0) {
        const HouseholdLater& h = draft_.later;
        OptionalMoney(out, h.prev_month_cents);
        OptionalMoney(out, h.indexed_cents);
        OptionalMoney(out, h.groeipakket_cents);
        OptionalMoney(out, h.all_adults_cents);
        OptionalInt(out, h.meets_standards);
        OptionalInt(out, h.refused_social);
        out.Comma();
        out.Text(h.moved_from);
        OptionalInt(out, h.rent_within);
        OptionalInt(out, h.huursubsidie_income_within);
        OptionalInt(out, h.schooltoeslag_income_within);
        OptionalInt(out, h.study_grant_income_within);
        OptionalInt(out, h.second_residence);
        OptionalInt(out, h.common_parts);
        OptionalDate(out, h.delivery_date);
        OptionalInt(out, h.delivery_litres);
        OptionalInt(out, h.cannot_pay_bill);
        OptionalInt(out, h.owns_dwelling);
        OptionalDate(out, h.requested_on);
        OptionalInt(out, h.huurpremie_rent_within);
      } else {
        out.Text(",,,,,,,,,,,,,,,,,,,");
      }
      OptionalInt(out, m.gpmi);
      OptionalInt(out, m.igo_nationality);
      OptionalInt(out, m.days_abroad);
      OptionalInt(out, m.arose_after_child_benefit);
      OptionalInt(out, m.pension_applied);
      OptionalInt(out, m.civic_integration);
      OptionalInt(out, m.belrai_score);
      OptionalInt(out, m.adl_iadl);
      OptionalInt(out, m.supported_living);
      OptionalInt(out, m.emancipated);
      OptionalInt(out, m.regular_stay);
      OptionalInt(out, m.needs_care);
      if (i == 0) {
        OptionalMoney(out, draft_.later.huurpremie_income_cents);
        OptionalMoney(out, draft_.later.current_income_cents);
        OptionalMoney(out, draft_.later.groeipakket_current_cents);
        OptionalInt(out, draft_.later.groeipakket_current_months);
      } else {
        out.Text(",,,,");
      }
      out.EndRow();
    }
  }

  Random<std::mt19937_64> random_;
  Random<Xoshiro256> later_;  // the inputs added later (DrawLater)
  Random<Xoshiro256> gaps_;   // the inputs of the spec-coverage gaps (DrawGaps)
  base::Date reference_;
  int32_t two_and_a_half_ = 0;     // the last birth day of a child of 2.5 years on the reference date
  int school_year_ = 0;            // the year the current school year began (1 September)
  int32_t new_year_ = 0;           // 1 January of the reference date's year
  int32_t groeipakket_start_ = 0;  // 2019-01-01, the first births of the Groeipakket
  bool belgian_ = false;           // the household's nationality (DrawLater)
  bool other_eu_ = false;
  std::array<int64_t, kMaxAge + 2> birth_first_{};
  std::array<int64_t, kMaxAge + 2> birth_last_{};
  Draft draft_;
  uint64_t persons_ = 0;
  uint64_t households_ = 0;
};

}  // namespace

void Synthesize(size_t persons, uint64_t seed, std::ostream& out, base::Date reference_date) {
  Generator generator(seed, reference_date);
  generator.Run(persons, out);
}

}  // namespace population
