// household/schema.cpp — the input vocabulary table (see schema.h).
#include "household/schema.h"

namespace household {
namespace {

using E = Entity;
using T = FieldType;

const std::vector<FieldSpec>& PersonFields() {
  static const std::vector<FieldSpec> fields = {
      {"id", E::kPerson, T::kText, {}, "de naam of code van de persoon", "Hoe noemen we deze persoon?"},
      {"age", E::kPerson, T::kInt, {}, "de leeftijd", "Hoe oud is deze persoon?"},
      {"birth_date", E::kPerson, T::kDate, {}, "de geboortedatum", "Wat is de geboortedatum van deze persoon?"},
      {"relationship_to_applicant", E::kPerson, T::kEnum,
       {"self", "partner", "child", "parent", "grandchild", "grandparent", "sibling", "other_family",
        "flatmate", "friend", "care_receiver", "carer_*"},
       "de band met de aanvrager", "Wat is de band van deze persoon met de aanvrager?"},
      {"marital_status", E::kPerson, T::kEnum,
       {"single", "married", "legally_cohabiting", "divorced", "separated", "widowed"},
       "de burgerlijke staat", "Wat is de burgerlijke staat van deze persoon?"},
      {"nationality", E::kPerson, T::kText, {}, "de nationaliteit (landcode, bv. BE)",
       "Wat is de nationaliteit van deze persoon?"},
      {"pregnant", E::kPerson, T::kBool, {}, "of de persoon zwanger is", "Is deze persoon zwanger?"},
      {"dependent", E::kPerson, T::kBool, {}, "of de persoon financieel ten laste is",
       "Is deze persoon financieel ten laste van het gezin?"},
      {"child_benefit", E::kPerson, T::kBool, {}, "of er kinderbijslag (Groeipakket) voor de persoon is",
       "Is er kinderbijslag (Groeipakket) voor deze persoon?"},
      {"domiciled_here", E::kPerson, T::kBool, {}, "of de persoon hier gedomicilieerd is",
       "Is deze persoon op dit adres gedomicilieerd?"},
      {"domiciled_on_jan1", E::kPerson, T::kBool, {}, "of de persoon hier op 1 januari gedomicilieerd was",
       "Was deze persoon op 1 januari op dit adres gedomicilieerd?"},
      {"moves_in", E::kPerson, T::kBool, {}, "of de persoon mee in de woning komt wonen",
       "Komt deze persoon mee in de (sociale) woning wonen?"},
      {"recognised_handicap", E::kPerson, T::kBool, {}, "of de persoon een erkende handicap heeft",
       "Heeft deze persoon een erkende handicap?"},
      {"resident_in_belgium", E::kPerson, T::kBool, {}, "of de persoon werkelijk in België verblijft",
       "Verblijft deze persoon werkelijk in België?"},
      {"population_register", E::kPerson, T::kBool, {},
       "of de persoon ingeschreven is in het bevolkings- of vreemdelingenregister",
       "Is deze persoon ingeschreven in het bevolkings- of vreemdelingenregister?"},
      {"residence_permit", E::kPerson, T::kBool, {}, "of de persoon een verblijfsvergunning heeft",
       "Heeft deze persoon een geldige verblijfsvergunning?"},
      {"willing_to_work", E::kPerson, T::kBool, {},
       "of de persoon bereid is te werken (of dat om gezondheid of billijkheid niet kan)",
       "Is deze persoon bereid om te werken, of kan dat niet om redenen van gezondheid of billijkheid?"},
      {"other_rights_exhausted", E::kPerson, T::kBool, {},
       "of de persoon eerst andere rechten heeft aangesproken (werkloosheid, ziekte, pensioen, onderhoud)",
       "Heeft deze persoon eerst andere uitkeringen en onderhoudsgeld aangevraagd?"},
      {"state_of_need", E::kPerson, T::kBool, {}, "of de persoon in staat van behoefte verkeert",
       "Kan deze persoon wonen, eten, kleding, hygiëne of zorg niet betalen?"},
      {"ocmw_decision.aanvullende_steun", E::kPerson, T::kBool, {},
       "de beslissing van het OCMW over aanvullende steun voor de persoon (na sociaal onderzoek)",
       "Heeft het OCMW na een sociaal onderzoek aanvullende financiële steun toegekend?"},
      {"ocmw_decision.energiefonds", E::kPerson, T::kBool, {},
       "de beslissing van het OCMW over steun uit het energiefonds voor de persoon (na sociaal onderzoek)",
       "Heeft het OCMW na een sociaal onderzoek steun uit het energiefonds (Fonds Gas en Elektriciteit) toegekend?"},
      {"disability.self_reliance_points", E::kPerson, T::kInt, {}, "de punten verminderde zelfredzaamheid",
       "Hoeveel punten verminderde zelfredzaamheid zijn erkend?"},
      {"disability.medical_social_scale_total", E::kPerson, T::kInt, {},
       "het totaal op de medisch-sociale schaal", "Hoeveel punten in totaal op de medisch-sociale schaal?"},
      {"disability.pillar1", E::kPerson, T::kInt, {}, "de punten op pijler 1 van de medisch-sociale schaal",
       "Hoeveel punten op pijler 1 van de medisch-sociale schaal?"},
      {"disability.invalidity_pct", E::kPerson, T::kInt, {}, "het erkende percentage arbeidsongeschiktheid of invaliditeit",
       "Welk percentage arbeidsongeschiktheid of invaliditeit is erkend?"},
      {"disability.established_at_age", E::kPerson, T::kInt, {}, "de leeftijd waarop de handicap is vastgesteld",
       "Op welke leeftijd werd de handicap vastgesteld?"},
      {"disability.earning_capacity_third", E::kPerson, T::kBool, {},
       "of het verdienvermogen tot een derde of minder is verminderd",
       "Is het verdienvermogen erkend als verminderd tot een derde of minder?"},
      {"disability.zorgtoeslag_sob", E::kPerson, T::kBool, {},
       "of er een zorgtoeslag voor een specifieke ondersteuningsbehoefte is",
       "Krijgt dit kind een zorgtoeslag voor een specifieke ondersteuningsbehoefte?"},
      {"disability.bel_profile_score", E::kPerson, T::kInt, {}, "de score op de BEL-profielschaal",
       "Wat is de score op de BEL-profielschaal?"},
      {"residence_history.years_resident", E::kPerson, T::kInt, {},
       "het aantal kalenderjaren verblijf in Vlaanderen of Brussel",
       "Hoeveel kalenderjaren woonde deze persoon in Vlaanderen of Brussel?"},
      {"residence_history.consecutive_years", E::kPerson, T::kInt, {},
       "het langste aantal opeenvolgende jaren verblijf in Vlaanderen of Brussel of verzekering in de EU, de EER of "
       "Zwitserland",
       "Hoeveel van die jaren waren opeenvolgend (langste reeks)?"},
      {"care.days_per_week", E::kPerson, T::kInt, {}, "het aantal dagen mantelzorg per week",
       "Hoeveel dagen per week geeft deze persoon mantelzorg?"},
      {"care.gp_attest", E::kPerson, T::kBool, {}, "of er een attest van de huisarts is",
       "Is er een attest van de huisarts over de zorgnood?"},
      {"disability.hearing_loss_db", E::kPerson, T::kInt, {}, "het vastgestelde gehoorverlies in decibel",
       "Hoeveel decibel gehoorverlies is bij deze persoon vastgesteld?"},
      {"disability.laryngectomy", E::kPerson, T::kBool, {}, "of bij de persoon een laryngectomie is uitgevoerd",
       "Is bij deze persoon een laryngectomie (verwijdering van het strottenhoofd) uitgevoerd?"},
      {"disability.military_war_blind", E::kPerson, T::kBool, {}, "of de persoon een militaire oorlogsblinde is",
       "Is deze persoon erkend als militaire oorlogsblinde?"},
      {"structural_over_indebtedness", E::kPerson, T::kBool, {},
       "of de persoon structureel (niet tijdelijk) te veel schulden heeft",
       "Kan deze persoon zijn schulden blijvend niet meer betalen (structureel, niet tijdelijk)?"},
      {"merchant_status", E::kPerson, T::kEnum, {"never", "active", "ceased"},
       "of de persoon koopman (handelaar) is of was",
       "Is of was deze persoon koopman (handelaar)? Een vrij beroep of zaakvoerder van een vennootschap is geen "
       "koopman."},
      {"merchant_ceased_on", E::kPerson, T::kDate, {}, "de datum waarop de persoon stopte met de handelsactiviteit",
       "Op welke datum stopte deze persoon met de handelsactiviteit?"},
      {"merchant_bankruptcy", E::kPerson, T::kEnum, {"none", "open", "closed"},
       "het faillissement van de persoon als koopman",
       "Werd deze persoon als koopman failliet verklaard, en is het faillissement al afgesloten?"},
      {"merchant_bankruptcy_closed_on", E::kPerson, T::kDate, {},
       "de datum waarop het faillissement van de persoon werd afgesloten",
       "Op welke datum werd het faillissement afgesloten?"},
      {"school_level", E::kPerson, T::kEnum, {"none", "preschool", "primary", "secondary", "higher"},
       "het onderwijs waarin de persoon ingeschreven is",
       "In welk onderwijs is deze persoon ingeschreven: kleuter, lager, secundair, hoger onderwijs, of geen?"},
      {"school_sufficient_attendance", E::kPerson, T::kBool, {}, "of de persoon voldoende aanwezig is op school",
       "Is dit kind voldoende aanwezig op school?"},
      {"childcare_not_income_related", E::kPerson, T::kBool, {},
       "of de persoon naar een kinderopvang gaat zonder inkomensgerelateerd tarief",
       "Gaat dit kind naar een kinderopvang waar de ouders geen inkomensgerelateerd tarief betalen?"},
      {"study_grant_nationality_met", E::kPerson, T::kBool, {},
       "of de persoon als student voldoet aan de nationaliteitsvoorwaarde van de studietoelage",
       "Voldoet deze student aan de nationaliteitsvoorwaarde voor een studietoelage (zie studietoelagen.be)?"},
      {"study_grant_pedagogical_met", E::kPerson, T::kBool, {},
       "of de persoon als student voldoet aan de pedagogische voorwaarden van de studietoelage",
       "Voldoet deze student aan de pedagogische voorwaarden voor een studietoelage (zie studietoelagen.be)?"},
      // Years that count for the zorgbudgetten besides those in Flanders or
      // Brussels (spec, zorgbudget voor zwaar zorgbehoevenden: residence).
      {"residence_history.years_insured_eu_eea", E::kPerson, T::kInt, {},
       "het aantal andere kalenderjaren waarin de persoon op 1 januari sociaal verzekerd was in een ander land van de "
       "EU, de EER of Zwitserland",
       "In hoeveel andere kalenderjaren was deze persoon op 1 januari sociaal verzekerd in een ander land van de EU, "
       "de EER of Zwitserland?"},
      {"expected_birth_date", E::kPerson, T::kDate, {}, "de verwachte geboortedatum van het kind van de persoon",
       "Wanneer wordt het kind verwacht?"},
      {"expected_children", E::kPerson, T::kInt, {}, "het aantal kinderen dat de persoon verwacht",
       "Hoeveel kinderen worden verwacht (1, of 2 bij een tweeling)?"},
      // The remaining facts of docs/spec-coverage.md's gaps, by spec section.
      {"gpmi_signed", E::kPerson, T::kBool, {},
       "of de persoon een geïndividualiseerd project voor maatschappelijke integratie (GPMI) ondertekende",
       "Heeft deze persoon een GPMI (geïndividualiseerd project voor maatschappelijke integratie) ondertekend?"},
      {"igo_nationality_met", E::kPerson, T::kBool, {},
       "of de persoon voldoet aan de nationaliteitsvoorwaarde van de inkomensgarantie voor ouderen",
       "Is deze persoon Belg, burger van de EER, erkend vluchteling of staatloos, of heeft ze een Belgisch "
       "rustpensioen?"},
      {"residence_history.days_abroad_year", E::kPerson, T::kInt, {},
       "het aantal dagen dat de persoon dit kalenderjaar in het buitenland verbleef",
       "Hoeveel dagen verbleef deze persoon dit kalenderjaar in het buitenland?"},
      {"disability.arose_after_child_benefit", E::kPerson, T::kBool, {},
       "of de handicap van de persoon ontstond nadat de kinderbijslag stopte",
       "Ontstond de handicap nadat de kinderbijslag (het Groeipakket) voor deze persoon stopte?"},
      {"pension_or_igo_applied", E::kPerson, T::kBool, {},
       "of de persoon een rust- of overlevingspensioen of de IGO heeft aangevraagd",
       "Heeft deze persoon al een rust- of overlevingspensioen of de inkomensgarantie voor ouderen aangevraagd?"},
      {"civic_integration_met", E::kPerson, T::kBool, {},
       "of de persoon voldoet aan de inburgeringsplicht (of die niet voor haar geldt)",
       "Voldoet deze persoon aan de inburgeringsplicht, of geldt die niet voor haar?"},
      {"disability.belrai_screener_score", E::kPerson, T::kInt, {}, "de score op de BelRAI Screener",
       "Wat is de score op de BelRAI Screener (gezinszorg)?"},
      {"disability.adl_iadl_points", E::kPerson, T::kInt, {}, "het aantal punten ADL en IADL op de BelRAI Screener",
       "Hoeveel punten ADL en IADL samen staan op de BelRAI Screener?"},
      {"supported_independent_living", E::kPerson, T::kBool, {},
       "of de minderjarige persoon begeleid zelfstandig woont", "Woont deze minderjarige begeleid zelfstandig?"},
      {"emancipated", E::kPerson, T::kBool, {}, "of de minderjarige persoon ontvoogd is",
       "Is deze minderjarige ontvoogd?"},
      {"regular_stay_arrangement", E::kPerson, T::kBool, {},
       "of het kind volgens een schriftelijke regeling geregeld bij het gezin verblijft",
       "Verblijft dit kind volgens een schriftelijke regeling (bv. co-ouderschap) geregeld bij u?"},
      {"needs_care", E::kPerson, T::kBool, {}, "of de persoon zorgbehoevend is", "Is deze persoon zorgbehoevend?"},
  };
  return fields;
}

const std::vector<FieldSpec>& HouseholdFields() {
  static const std::vector<FieldSpec> fields = {
      {"municipality.name", E::kHousehold, T::kText, {}, "de gemeente", "In welke gemeente woont het gezin?"},
      {"municipality.postcode", E::kHousehold, T::kText, {}, "de postcode", "Wat is de postcode?"},
      {"municipality.nis", E::kHousehold, T::kText, {}, "de NIS-code van de gemeente", "Wat is de NIS-code?"},
      {"municipality.region", E::kHousehold, T::kEnum, {"flanders", "brussels", "wallonia"}, "het gewest",
       "In welk gewest woont het gezin?"},
      {"household.living_situation", E::kHousehold, T::kEnum,
       {"alone", "couple", "couple_with_children", "single_parent", "cohabiting_shared_household_costs",
        "cohabiting_non_family", "with_adult_child", "care_home"},
       "de woonsituatie", "Hoe woont de aanvrager: alleen, met partner, met kinderen, samen met anderen?"},
      {"income_history.household_gross_taxable_income_annual.year", E::kHousehold, T::kInt, {},
       "het inkomensjaar van het bruto belastbaar gezinsinkomen", "Over welk jaar gaat dat inkomen?"},
      {"income_history.household_gross_taxable_income_annual.amount", E::kHousehold, T::kMoney, {},
       "het bruto belastbaar gezinsinkomen van het vorige kalenderjaar",
       "Wat was het bruto belastbaar inkomen van het gezin vorig kalenderjaar?"},
      {"income_history.household_gross_taxable_income_prev_month", E::kHousehold, T::kMoney, {},
       "het bruto belastbaar gezinsinkomen van de vorige maand",
       "Wat was het bruto belastbaar inkomen van het gezin vorige maand?"},
      {"income_history.indexed_income_last_assessment", E::kHousehold, T::kMoney, {},
       "het geïndexeerd inkomen van het laatste aanslagbiljet",
       "Wat is het geïndexeerd inkomen volgens het laatste aanslagbiljet?"},
      {"income_history.household_income_groeipakket_last_assessment", E::kHousehold, T::kMoney, {},
       "het gezinsinkomen volgens het laatste aanslagbiljet (Groeipakket)",
       "Wat is het gezinsinkomen volgens het laatste aanslagbiljet?"},
      {"income_history.household_gross_taxable_income_all_adults_annual", E::kHousehold, T::kMoney, {},
       "het bruto belastbaar inkomen van alle volwassenen op het adres",
       "Wat is het bruto belastbaar jaarinkomen van alle volwassenen op het adres samen?"},
      {"housing.tenure", E::kHousehold, T::kEnum, {"owner", "tenant", "social_tenant", "homeless", "care_home", "other"},
       "de woonvorm (eigenaar, huurder, ...)", "Bent u eigenaar of huurder van uw woning?"},
      {"housing.landlord", E::kHousehold, T::kEnum, {"private", "shm", "svk", "ocmw", "relative_same_address", "other"},
       "de verhuurder", "Wie is de verhuurder?"},
      {"housing.rent_monthly", E::kHousehold, T::kMoney, {}, "de huurprijs per maand zonder kosten",
       "Hoeveel huur betaalt u per maand, zonder kosten?"},
      {"housing.heating_fuel", E::kHousehold, T::kEnum,
       {"heating_oil_bulk", "heating_oil_pump", "heating_paraffin_c", "bulk_propane", "natural_gas", "electricity",
        "bottled_gas", "heat_pump", "wood", "other"},
       "de brandstof voor de verwarming", "Waarmee verwarmt u uw woning?"},
      {"housing.collective_gas_heating", E::kHousehold, T::kBool, {}, "of het gebouw collectief met aardgas verwarmd wordt",
       "Wordt het gebouw collectief met aardgas verwarmd?"},
      {"housing.main_residence", E::kHousehold, T::kBool, {}, "of de woning de hoofdverblijfplaats is",
       "Is deze woning uw hoofdverblijfplaats?"},
      {"housing.contract_in_own_name", E::kHousehold, T::kBool, {}, "of het huurcontract op eigen naam staat",
       "Staat het huurcontract op uw naam?"},
      {"housing.meets_housing_standards", E::kHousehold, T::kBool, {}, "of de woning aan de woningnormen voldoet",
       "Voldoet de woning aan de woningkwaliteitsnormen?"},
      {"housing.shm_waiting_list_since", E::kHousehold, T::kDate, {},
       "de datum van inschrijving bij een woonmaatschappij", "Sinds wanneer staat u ingeschreven bij een woonmaatschappij?"},
      {"housing.refused_social_dwelling", E::kHousehold, T::kBool, {}, "of een sociale woning werd geweigerd",
       "Hebt u ooit een aangeboden sociale woning geweigerd?"},
      {"connection.domiciled_at_connection", E::kHousehold, T::kBool, {},
       "of iemand van het gezin gedomicilieerd is op het adres van de energieaansluiting",
       "Is iemand van het gezin gedomicilieerd op het adres van de gas- of elektriciteitsaansluiting?"},
      {"connection.second_residence", E::kHousehold, T::kBool, {}, "of de aansluiting een tweede verblijf is",
       "Gaat het om een tweede verblijf?"},
      {"connection.common_parts", E::kHousehold, T::kBool, {}, "of de aansluiting gemeenschappelijke delen betreft",
       "Gaat het om de gemeenschappelijke delen van een gebouw?"},
      {"heating_delivery.date", E::kHousehold, T::kDate, {}, "de leverdatum van de brandstof",
       "Wanneer werd de brandstof geleverd?"},
      {"heating_delivery.litres", E::kHousehold, T::kInt, {}, "het aantal geleverde liter", "Hoeveel liter werd geleverd?"},
      {"heating_delivery.cannot_pay_bill", E::kHousehold, T::kBool, {}, "of de verwarmingsfactuur niet betaald kan worden",
       "Kunt u de factuur voor de verwarming niet betalen?"},
      {"tax_year", E::kHousehold, T::kInt, {}, "het aanslagjaar", "Over welk aanslagjaar gaat het?"},
      {"housing.moved_from", E::kHousehold, T::kEnum,
       {"inadequate_dwelling", "unfit_dwelling", "too_small_dwelling", "dwelling_not_adapted", "homeless", "other"},
       "waar het gezin woonde voor het naar deze huurwoning verhuisde",
       "Waar woonde u voor u naar deze huurwoning verhuisde: een onaangepaste, ongeschikte of te kleine woning, "
       "een woning niet aangepast aan uw leeftijd of handicap, dakloos, of elders?"},
      {"housing.huursubsidie_rent_within_limit", E::kHousehold, T::kBool, {},
       "of de huurprijs niet hoger is dan de maximale huurprijs voor de huursubsidie",
       "Is de huurprijs niet hoger dan de maximale huurprijs voor de Vlaamse huursubsidie (zie Wonen in Vlaanderen)?"},
      {"income_history.huursubsidie_income_within_limit", E::kHousehold, T::kBool, {},
       "of het gezinsinkomen niet hoger is dan de inkomensgrens voor de huursubsidie",
       "Is het inkomen van het gezin niet hoger dan de inkomensgrens voor de Vlaamse huursubsidie (zie Wonen in "
       "Vlaanderen)?"},
      {"income_history.schooltoeslag_income_within_limit", E::kHousehold, T::kBool, {},
       "of het gezinsinkomen niet hoger is dan de inkomensgrens voor de schooltoeslag",
       "Is het inkomen van het gezin niet hoger dan de inkomensgrens voor de schooltoeslag (zie uw uitbetaler van "
       "het Groeipakket)?"},
      {"income_history.study_grant_income_within_max", E::kHousehold, T::kBool, {},
       "of het inkomen van de leefeenheid niet hoger is dan de maximumgrens voor de studietoelage",
       "Is het inkomen van de leefeenheid van de student niet hoger dan de maximumgrens voor haar punten (zie "
       "studietoelagen.be)?"},
      // A plain yes/no besides housing.owned_real_estate; the reader derives
      // it from that list when the list is given (docs/household.md).
      {"housing.owns_dwelling", E::kHousehold, T::kBool, {}, "of iemand van het gezin een woning bezit",
       "Bezit u of iemand van uw gezin een woning (hier of elders, ook uw eigen woning)?"},
      // The maximum rent of the huurpremie (spec 23: € 590 + € 73,75 per PTL, or
      // € 649) is undated, so the check stands in for it, as for the huursubsidie.
      {"housing.huurpremie_rent_within_limit", E::kHousehold, T::kBool, {},
       "of de huurprijs niet hoger is dan de maximale huurprijs voor de huurpremie",
       "Is uw huurprijs zonder kosten niet hoger dan de maximale huurprijs voor de Vlaamse huurpremie (zie "
       "vlaanderen.be)?"},
      {"income_history.household_income_huurpremie_last_assessment", E::kHousehold, T::kMoney, {},
       "het inkomen van de huurder en de inwonende gezinsleden volgens het laatste aanslagbiljet",
       "Wat is het inkomen van u en de inwonende gezinsleden volgens het laatste aanslagbiljet?"},
      {"income_history.indexed_income_current", E::kHousehold, T::kMoney, {},
       "het huidige geïndexeerde inkomen van het gezin",
       "Wat is het huidige inkomen van uw gezin, omgerekend naar een jaar?"},
      {"income_history.household_income_groeipakket_current", E::kHousehold, T::kMoney, {},
       "het huidige gezinsinkomen voor het Groeipakket, omgerekend naar een jaar",
       "Wat is het huidige inkomen van uw gezin, omgerekend naar een jaar?"},
      {"income_history.household_income_groeipakket_current_months", E::kHousehold, T::kInt, {},
       "het aantal opeenvolgende maanden dat het gezinsinkomen op dit niveau ligt",
       "Hoeveel maanden na elkaar ligt uw gezinsinkomen al op dit niveau (0 als het pas veranderde)?"},
      {"heating_delivery.requested_on", E::kHousehold, T::kDate, {},
       "de datum waarop de verwarmingstoelage werd aangevraagd",
       "Op welke datum hebt u de verwarmingstoelage aangevraagd (leeg als dat nog moet gebeuren)?"},
  };
  return fields;
}

}  // namespace

const std::vector<Prerequisite>& Prerequisites() {
  // The scales and percentages below are only set by a recognition of a
  // handicap (FOD Sociale Zekerheid, DG Personen met een handicap; for a
  // child the Groeipakket's zorgtoeslag): without one there are no points.
  static const std::vector<Prerequisite> table = {
      {E::kPerson, "disability.self_reliance_points", "recognised_handicap", {"true"}, "0"},
      {E::kPerson, "disability.medical_social_scale_total", "recognised_handicap", {"true"}, "0"},
      {E::kPerson, "disability.pillar1", "recognised_handicap", {"true"}, "0"},
      {E::kPerson, "disability.invalidity_pct", "recognised_handicap", {"true"}, "0"},
      {E::kPerson, "disability.bel_profile_score", "recognised_handicap", {"true"}, "0"},
      {E::kPerson, "disability.belrai_screener_score", "recognised_handicap", {"true"}, "0"},
      {E::kPerson, "disability.adl_iadl_points", "recognised_handicap", {"true"}, "0"},
      {E::kPerson, "disability.hearing_loss_db", "recognised_handicap", {"true"}, "0"},
      {E::kPerson, "disability.earning_capacity_third", "recognised_handicap", {"true"}, "false"},
      {E::kPerson, "disability.zorgtoeslag_sob", "recognised_handicap", {"true"}, "false"},
      {E::kPerson, "disability.laryngectomy", "recognised_handicap", {"true"}, "false"},
      {E::kPerson, "disability.military_war_blind", "recognised_handicap", {"true"}, "false"},
      {E::kPerson, "disability.established_at_age", "recognised_handicap", {"true"}, ""},
      {E::kPerson, "disability.arose_after_child_benefit", "recognised_handicap", {"true"}, ""},
      // The ages at which the rights check puts a question at all (a choice
      // of the check, not a legal limit): nobody asks a widow of 72 about a
      // pregnancy or her school.
      {E::kPerson, "pregnant", "age", {}, "false", 12, 55},
      {E::kPerson, "school_level", "age", {}, "\"none\"", 2, 30},
      {E::kPerson, "expected_birth_date", "pregnant", {"true"}, ""},
      {E::kPerson, "expected_children", "pregnant", {"true"}, ""},
      {E::kPerson, "merchant_ceased_on", "merchant_status", {"\"ceased\""}, ""},
      {E::kPerson, "merchant_bankruptcy", "merchant_status", {"\"active\"", "\"ceased\""}, "\"none\""},
      {E::kPerson, "merchant_bankruptcy_closed_on", "merchant_bankruptcy", {"\"closed\""}, ""},
      {E::kPerson, "study_grant_nationality_met", "school_level", {"\"secondary\"", "\"higher\""}, ""},
      {E::kPerson, "study_grant_pedagogical_met", "school_level", {"\"secondary\"", "\"higher\""}, ""},
      {E::kPerson, "school_sufficient_attendance", "school_level",
       {"\"preschool\"", "\"primary\"", "\"secondary\""}, ""},
      // Renting: only a tenant has a landlord, a rent and a lease.
      {E::kHousehold, "housing.landlord", "housing.tenure", {"\"tenant\"", "\"social_tenant\""}, ""},
      {E::kHousehold, "housing.rent_monthly", "housing.tenure", {"\"tenant\"", "\"social_tenant\""}, ""},
      {E::kHousehold, "housing.contract_in_own_name", "housing.tenure", {"\"tenant\"", "\"social_tenant\""}, ""},
      {E::kHousehold, "housing.huurpremie_rent_within_limit", "housing.tenure", {"\"tenant\""}, ""},
      {E::kHousehold, "housing.huursubsidie_rent_within_limit", "housing.tenure", {"\"tenant\""}, ""},
      {E::kHousehold, "housing.collective_gas_heating", "housing.landlord", {"\"shm\""}, ""},
      // A delivery of heating fuel: only for the fuels the heating allowance covers.
      {E::kHousehold, "heating_delivery.date", "housing.heating_fuel",
       {"\"heating_oil_bulk\"", "\"heating_oil_pump\"", "\"heating_paraffin_c\"", "\"bulk_propane\""}, ""},
      {E::kHousehold, "heating_delivery.litres", "housing.heating_fuel",
       {"\"heating_oil_bulk\"", "\"heating_oil_pump\"", "\"heating_paraffin_c\"", "\"bulk_propane\""}, ""},
      {E::kHousehold, "heating_delivery.requested_on", "housing.heating_fuel",
       {"\"heating_oil_bulk\"", "\"heating_oil_pump\"", "\"heating_paraffin_c\"", "\"bulk_propane\""}, ""},
  };
  return table;
}

const Prerequisite* FindPrerequisite(Entity entity, std::string_view field) {
  for (const Prerequisite& p : Prerequisites()) {
    if (p.entity == entity && p.field == field) return &p;
  }
  return nullptr;
}

bool DecidedByTheService(std::string_view field) {
  return field == "ocmw_decision.aanvullende_steun" || field == "ocmw_decision.energiefonds";
}

const std::vector<FieldSpec>& Fields(Entity entity) {
  return entity == Entity::kPerson ? PersonFields() : HouseholdFields();
}

std::optional<FieldId> FindField(Entity entity, std::string_view name) {
  const auto& fields = Fields(entity);
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return static_cast<FieldId>(i);
  }
  return std::nullopt;
}

std::optional<int64_t> EnumIndex(const FieldSpec& field, std::string_view value) {
  for (size_t i = 0; i < field.values.size(); ++i) {
    std::string_view allowed = field.values[i];
    if (!allowed.empty() && allowed.back() == '*') {
      std::string_view prefix = allowed.substr(0, allowed.size() - 1);
      if (value.size() > prefix.size() && value.substr(0, prefix.size()) == prefix) return static_cast<int64_t>(i);
    } else if (allowed == value) {
      return static_cast<int64_t>(i);
    }
  }
  return std::nullopt;
}

const std::vector<std::string_view>& IncomeKinds() {
  static const std::vector<std::string_view> kinds = {
      "employment", "self_employment", "pension",   "unemployment", "sickness",  "disability_allowance",
      "leefloon",   "equivalent_leefloon", "igo",   "ivt",          "it",        "maintenance",
      "maintenance_for_children", "child_benefit", "study_grant", "real_estate", "movable_capital", "other",
      "foster_care_allowance"};
  return kinds;
}

const std::vector<std::string_view>& StatusValues() {
  static const std::vector<std::string_view> statuses = {
      "leefloon", "equivalent_leefloon", "vt", "igo", "gib", "ivt", "it", "zoz", "thab", "zzb", "bob",
      "hulp_van_derden", "handicap_allowance_65pct", "child_supplement_66pct", "zorgtoeslag_sob",
      "ocmw_advance", "ocmw_client", "collectieve_schuldenregeling", "schuldbemiddeling", "budgetbeheer",
      "budgetbegeleiding", "wzc_resident_flanders", "vsb_premium_paid", "employed_maatwerkbedrijf",
      "unemployed", "incapacitated", "invalid", "retirement_pension", "survivor_pension", "nbmv",
      "full_orphan", "self_employed_bridging_right", "groeipakket_sociale_toeslag", "sociaal_telefoontarief",
      "sociaal_internetaanbod", "special_youth_care", "asylum_reception", "social_housing_candidate",
      "studietoelage", "huursubsidie", "allowance", "ocmw_refunded_social_aid", "recognised_refugee", "stateless",
      "groeipakket_startbedrag", "schooltoeslag", "urgent_medical_aid", "family_guidance", "pvf"};
  return statuses;
}

const std::vector<std::string_view>& RealEstateTypes() {
  static const std::vector<std::string_view> types = {"own_home", "other_dwelling", "land", "other"};
  return types;
}

// Other spellings of our values (docs/household.md, "Other spellings"). A
// spelling names one code only; where a word could mean two of our codes
// ("heating_oil": bulk or pump?) it is left out rather than guessed.
const std::vector<ValueSynonym>& ValueSynonyms() {
  constexpr Entity kH = Entity::kHousehold;
  constexpr Entity kP = Entity::kPerson;
  static const std::vector<ValueSynonym> synonyms = {
      // Official Dutch, French and English names and the NIS codes of the regions.
      {kH, "municipality.region", "Vlaams Gewest", "flanders"},
      {kH, "municipality.region", "Vlaanderen", "flanders"},
      {kH, "municipality.region", "Région flamande", "flanders"},
      {kH, "municipality.region", "Flemish Region", "flanders"},
      {kH, "municipality.region", "Flanders", "flanders"},
      {kH, "municipality.region", "02000", "flanders"},
      {kH, "municipality.region", "2000", "flanders", true},
      {kH, "municipality.region", "Brussels Hoofdstedelijk Gewest", "brussels"},
      {kH, "municipality.region", "Brussels-Hoofdstedelijk Gewest", "brussels"},
      {kH, "municipality.region", "Région de Bruxelles-Capitale", "brussels"},
      {kH, "municipality.region", "Brussels-Capital Region", "brussels"},
      {kH, "municipality.region", "Brussels", "brussels"},
      {kH, "municipality.region", "Brussel", "brussels"},
      {kH, "municipality.region", "Bruxelles", "brussels"},
      {kH, "municipality.region", "04000", "brussels"},
      {kH, "municipality.region", "4000", "brussels", true},
      {kH, "municipality.region", "Waals Gewest", "wallonia"},
      {kH, "municipality.region", "Région wallonne", "wallonia"},
      {kH, "municipality.region", "Walloon Region", "wallonia"},
      {kH, "municipality.region", "Wallonia", "wallonia"},
      {kH, "municipality.region", "Wallonië", "wallonia"},
      {kH, "municipality.region", "Wallonie", "wallonia"},
      {kH, "municipality.region", "03000", "wallonia"},
      {kH, "municipality.region", "3000", "wallonia", true},
      // Tenure and landlord.
      {kH, "housing.tenure", "private_rent", "tenant"},
      {kH, "housing.tenure", "private_tenant", "tenant"},
      {kH, "housing.tenure", "renter", "tenant"},
      {kH, "housing.tenure", "social_rent", "social_tenant"},
      {kH, "housing.tenure", "social_housing", "social_tenant"},
      {kH, "housing.tenure", "owner_occupier", "owner"},
      {kH, "housing.landlord", "private_landlord", "private"},
      {kH, "housing.landlord", "social_housing_company", "shm"},
      {kH, "housing.landlord", "woonmaatschappij", "shm"},
      {kH, "housing.landlord", "social_rental_agency", "svk"},
      {kH, "housing.landlord", "sociaal_verhuurkantoor", "svk"},
      // Heating fuel: natural gas from the mains, propane in bulk, ...
      {kH, "housing.heating_fuel", "mains_gas", "natural_gas"},
      {kH, "housing.heating_fuel", "gas", "natural_gas"},
      {kH, "housing.heating_fuel", "aardgas", "natural_gas"},
      {kH, "housing.heating_fuel", "propane_bulk", "bulk_propane"},
      {kH, "housing.heating_fuel", "propane_tank", "bulk_propane"},
      {kH, "housing.heating_fuel", "heating_paraffin", "heating_paraffin_c"},
      {kH, "housing.heating_fuel", "propane_bottles", "bottled_gas"},
      {kH, "housing.heating_fuel", "butane", "bottled_gas"},
      {kH, "housing.heating_fuel", "electric", "electricity"},
      {kH, "housing.heating_fuel", "wood_pellets", "wood"},
      {kH, "housing.heating_fuel", "pellets", "wood"},
      // Relationship to the applicant.
      {kP, "relationship_to_applicant", "applicant", "self"},
      {kP, "relationship_to_applicant", "spouse", "partner"},
      // Income kinds and periods. A total net income is one income of kind
      // "other", as the population format stores it (docs/population.md).
      {kP, "incomes[].kind", "wage", "employment"},
      {kP, "incomes[].kind", "wages", "employment"},
      {kP, "incomes[].kind", "salary", "employment"},
      {kP, "incomes[].kind", "self_employed", "self_employment"},
      {kP, "incomes[].kind", "retirement_pension", "pension"},
      {kP, "incomes[].kind", "unemployment_benefit", "unemployment"},
      {kP, "incomes[].kind", "sickness_benefit", "sickness"},
      {kP, "incomes[].kind", "alimony", "maintenance"},
      {kP, "incomes[].kind", "family_allowance", "child_benefit"},
      {kP, "incomes[].kind", "groeipakket", "child_benefit"},
      {kP, "incomes[].kind", "total", "other"},
      {kP, "incomes[].kind", "total_income", "other"},
      {kP, "incomes[].kind", "total_net_income", "other"},
      {kP, "incomes[].period", "monthly", "month"},
      {kP, "incomes[].period", "per_month", "month"},
      {kP, "incomes[].period", "yearly", "year"},
      {kP, "incomes[].period", "annual", "year"},
      {kP, "incomes[].period", "per_year", "year"},
      // Real estate: a house or flat not said to be the own home is another dwelling.
      {kH, "housing.owned_real_estate[].type", "family_home", "own_home"},
      {kH, "housing.owned_real_estate[].type", "own_dwelling", "own_home"},
      {kH, "housing.owned_real_estate[].type", "main_residence", "own_home"},
      {kH, "housing.owned_real_estate[].type", "house", "other_dwelling"},
      {kH, "housing.owned_real_estate[].type", "flat", "other_dwelling"},
      {kH, "housing.owned_real_estate[].type", "apartment", "other_dwelling"},
      {kH, "housing.owned_real_estate[].type", "second_home", "other_dwelling"},
      {kH, "housing.owned_real_estate[].type", "building_land", "land"},
      {kH, "housing.owned_real_estate[].type", "building_plot", "land"},
      {kH, "housing.owned_real_estate[].type", "plot", "land"},
  };
  return synonyms;
}

std::optional<std::string_view> SynonymCode(Entity entity, std::string_view field, std::string_view text,
                                            bool is_number) {
  for (const ValueSynonym& s : ValueSynonyms()) {
    if (s.entity == entity && s.field == field && s.spelling == text && (!is_number || s.also_number)) return s.code;
  }
  return std::nullopt;
}

// Other spellings of our member names: the spec's appendix
// (../shared/spec/rights-v1.md) where it differs from docs/household.md.
const std::vector<NameSynonym>& NameSynonyms() {
  static const std::vector<NameSynonym> synonyms = {
      {Entity::kHousehold, "housing.owned_real_estate[]", "KI_non_indexed", "ki_non_indexed"},
  };
  return synonyms;
}

std::optional<std::string_view> SynonymName(Entity entity, std::string_view object, std::string_view spelling) {
  for (const NameSynonym& s : NameSynonyms()) {
    if (s.entity == entity && s.object == object && s.spelling == spelling) return s.name;
  }
  return std::nullopt;
}

// The numbered categories of the statuses whose right numbers them, in the
// right's own codes (rights/federal/*.rop). The internet offer's 2 is left
// out: it is cat2a, cat2b or cat2c.
const std::vector<CategoryNumber>& CategoryNumbers() {
  static const std::vector<CategoryNumber> numbers = {
      {"leefloon", 1, "cat1"},
      {"leefloon", 2, "cat2"},
      {"leefloon", 3, "cat3"},
      {"equivalent_leefloon", 1, "cat1"},
      {"equivalent_leefloon", 2, "cat2"},
      {"equivalent_leefloon", 3, "cat3"},
      {"it", 1, "cat1"},
      {"it", 2, "cat2"},
      {"it", 3, "cat3"},
      {"it", 4, "cat4"},
      {"it", 5, "cat5"},
      {"sociaal_internetaanbod", 1, "cat1"},
      {"sociaal_internetaanbod", 3, "cat3"},
  };
  return numbers;
}

std::vector<CategoryNumber> CategoryNumbersOf(std::string_view status) {
  std::vector<CategoryNumber> out;
  for (const CategoryNumber& c : CategoryNumbers()) {
    if (c.status == status) out.push_back(c);
  }
  return out;
}

bool IsStatusName(std::string_view text) {
  if (text.empty() || text[0] < 'a' || text[0] > 'z') return false;
  for (char c : text) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

std::string FactText(const FieldSpec& spec, const Fact& fact) {
  switch (spec.type) {
    case FieldType::kBool: return fact.number != 0 ? "true" : "false";
    case FieldType::kInt: return std::to_string(fact.number);
    case FieldType::kMoney: return base::Money::FromCents(fact.number).ToString();
    case FieldType::kDate: return base::Date::FromDays(static_cast<int32_t>(fact.number)).ToString();
    case FieldType::kText:
    case FieldType::kEnum: return fact.text;
  }
  return fact.text;
}

std::string PersonPath(size_t index, std::string_view field) {
  return "household.persons[" + std::to_string(index) + "]." + std::string(field);
}

}  // namespace household
