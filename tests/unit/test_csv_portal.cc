// test_csv_portal.cc: csv.cc's part for the portal: the streaming reader
// and every field rule of the expenses, eligibility and benefits files at
// its edges
#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "csv.h"

using namespace kosmo;

namespace {

const int kThisMonth = 202611;
const int kToday = 20261124;
// The site's societies: 06279996 and 06130017; the files are 06279996's
// (--society).
const ImportSocieties kInsurer{{"06279996", "06130017"}, "06279996"};

CsvRecord record(const std::string& line, std::size_t at = 2) {
    auto parsed = parse_csv(line);
    BOOST_REQUIRE(parsed.error.empty());
    BOOST_REQUIRE_EQUAL(parsed.records.size(), 1u);
    CsvRecord rec = parsed.records.front();
    rec.line = at;
    return rec;
}

// The fields of a valid expense row with field I replaced by VALUE.
std::string expense(std::size_t i = 99, const std::string& value = "") {
    std::vector<std::string> f = {"06279996",   "1001",       "101", "R-0001", "山田太郎", "202604",
                                  "さくら病院", "outpatient", "2",   "12340",  "3702"};
    if (i < f.size())
        f[i] = value;
    std::string line;
    for (std::size_t k = 0; k < f.size(); ++k)
        line += (k ? "," : "") + f[k];
    return line;
}

std::string expense_error(std::size_t i, const std::string& value) {
    q::ExpenseRow row;
    return check_expense_row(record(expense(i, value)), kInsurer, kThisMonth, row);
}

std::string eligibility(std::size_t i = 99, const std::string& value = "") {
    std::vector<std::string> f = {"06279996", "1001",     "101",      "01", "山田花子",
                                  "spouse",   "19820505", "20100401", ""};
    if (i < f.size())
        f[i] = value;
    std::string line;
    for (std::size_t k = 0; k < f.size(); ++k)
        line += (k ? "," : "") + f[k];
    return line;
}

std::string eligibility_error(std::size_t i, const std::string& value) {
    q::EligibilityRow row;
    return check_eligibility_row(record(eligibility(i, value)), kInsurer, kToday, row);
}

bool has(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(csv_portal)

BOOST_AUTO_TEST_CASE(reader_streams_records_with_their_first_line) {
    std::istringstream in(
        "\xEF\xBB\xBF"
        "a,b\r\n\r\n\"x\ny\",z\nlast,row");
    CsvReader r(in);
    CsvRecord rec;
    BOOST_REQUIRE(r.next(rec));
    BOOST_TEST(rec.line == 1u);
    BOOST_TEST((rec.fields == std::vector<std::string>{"a", "b"}));
    BOOST_REQUIRE(r.next(rec));  // the empty line 2 is skipped
    BOOST_TEST(rec.line == 3u);
    BOOST_TEST((rec.fields == std::vector<std::string>{"x\ny", "z"}));
    BOOST_REQUIRE(r.next(rec));
    BOOST_TEST(rec.line == 5u);
    BOOST_TEST((rec.fields == std::vector<std::string>{"last", "row"}));
    BOOST_TEST(!r.next(rec));
    BOOST_TEST(r.error().empty());
}

BOOST_AUTO_TEST_CASE(reader_reports_an_unclosed_quote_with_its_line) {
    std::istringstream in("h\nok\n\"open,\nstill open\n");
    CsvReader r(in);
    CsvRecord rec;
    BOOST_REQUIRE(r.next(rec));
    BOOST_REQUIRE(r.next(rec));
    BOOST_TEST(!r.next(rec));
    BOOST_TEST(r.error() == "line 3: quoted field is not closed");
}

BOOST_AUTO_TEST_CASE(reader_reports_text_after_a_closing_quote) {
    std::istringstream in("\"a\"b,c\n");
    CsvReader r(in);
    CsvRecord rec;
    BOOST_TEST(!r.next(rec));
    BOOST_TEST(has(r.error(), "line 1: "), r.error());
}

BOOST_AUTO_TEST_CASE(header_must_match_exactly) {
    BOOST_TEST(check_header(record(kExpensesHeader, 1), kExpensesHeader).empty());
    BOOST_TEST(has(check_header(record("insurer_number,symbol", 1), kExpensesHeader),
                   "line 1: the header must be"));
    BOOST_TEST(!check_header(record(kEligibilityHeader, 1), kExpensesHeader).empty());
}

BOOST_AUTO_TEST_CASE(expense_valid_row_is_normalized) {
    q::ExpenseRow row;
    auto rec =
        record("０６２７９９９６, 1001 ,101,R-0001, 山田太郎 ,202604,さくら病院,OutPatient,0,0,0");
    BOOST_TEST(check_expense_row(rec, kInsurer, kThisMonth, row).empty());
    BOOST_TEST(row.insurer_number == "06279996");
    BOOST_TEST(row.symbol == "1001");
    BOOST_TEST(row.patient_name == "山田太郎");
    BOOST_TEST(row.kind == "outpatient");
    BOOST_TEST(row.service_month == 202604);
    BOOST_TEST(row.days == 0);
}

BOOST_AUTO_TEST_CASE(expense_field_count) {
    q::ExpenseRow row;
    BOOST_TEST(has(check_expense_row(record("a,b,c"), kInsurer, kThisMonth, row),
                   "line 2: expected 11 fields"));
    BOOST_TEST(has(check_expense_row(record(expense() + ",extra"), kInsurer, kThisMonth, row),
                   "found 12"));
}

BOOST_AUTO_TEST_CASE(expense_insurer_number) {
    BOOST_TEST(has(expense_error(0, ""), "insurer_number is empty"));
    BOOST_TEST(has(expense_error(0, "0627999"), "is not 8 digits"));
    BOOST_TEST(has(expense_error(0, "06279997"), "wrong check digit"));
    BOOST_TEST(has(expense_error(0, "06130017"), "is not the society of --society (06279996)"));
}

BOOST_AUTO_TEST_CASE(expense_symbol_and_number) {
    BOOST_TEST(has(expense_error(1, ""), "symbol is empty"));
    BOOST_TEST(expense_error(1, std::string(32, '9')).empty());
    BOOST_TEST(has(expense_error(1, std::string(33, '9')), "longer than 32"));
    BOOST_TEST(has(expense_error(2, ""), "number is empty"));
    BOOST_TEST(has(expense_error(2, std::string(33, '9')), "longer than 32"));
    BOOST_TEST(has(expense_error(2, "1\x01"), "control characters"));
}

BOOST_AUTO_TEST_CASE(expense_claim_id) {
    BOOST_TEST(expense_error(3, "A").empty());
    BOOST_TEST(expense_error(3, std::string(32, 'z')).empty());
    BOOST_TEST(expense_error(3, "a-B-9").empty());
    BOOST_TEST(has(expense_error(3, ""), "claim_id is empty"));
    BOOST_TEST(has(expense_error(3, std::string(33, 'z')), "longer than 32"));
    BOOST_TEST(has(expense_error(3, "R_1"), "only ASCII letters, digits and '-'"));
    BOOST_TEST(has(expense_error(3, "R.1"), "only ASCII letters"));
    BOOST_TEST(has(expense_error(3, "請求1"), "only ASCII letters"));
}

BOOST_AUTO_TEST_CASE(expense_patient_name_and_provider) {
    BOOST_TEST(has(expense_error(4, ""), "patient_name is empty"));
    BOOST_TEST(expense_error(4, std::string(100 * 3, 'a').substr(0, 100)).empty());
    BOOST_TEST(has(expense_error(4, std::string(101, 'a')), "longer than 100"));
    BOOST_TEST(has(expense_error(6, ""), "provider is empty"));
    BOOST_TEST(expense_error(6, std::string(200, 'p')).empty());
    BOOST_TEST(has(expense_error(6, std::string(201, 'p')), "longer than 200"));
    BOOST_TEST(has(expense_error(6, "\xff"), "invalid UTF-8"));
}

BOOST_AUTO_TEST_CASE(expense_service_month) {
    BOOST_TEST(expense_error(5, "190001").empty());
    BOOST_TEST(expense_error(5, "202611").empty());  // this month
    BOOST_TEST(has(expense_error(5, "202612"), "is in the future"));
    BOOST_TEST(has(expense_error(5, "189912"), "is not a month YYYYMM"));
    BOOST_TEST(has(expense_error(5, "202600"), "is not a month"));
    BOOST_TEST(has(expense_error(5, "202613"), "is not a month"));
    BOOST_TEST(has(expense_error(5, "20264"), "is not a month"));
    BOOST_TEST(has(expense_error(5, "2026-04"), "is not a month"));
    BOOST_TEST(has(expense_error(5, ""), "is not a month"));
}

BOOST_AUTO_TEST_CASE(expense_kind) {
    for (const char* k : {"inpatient", "outpatient", "dental", "pharmacy", "DENTAL"})
        BOOST_TEST(expense_error(7, k).empty(), k);
    BOOST_TEST(has(expense_error(7, "surgery"), "is not one of inpatient"));
    BOOST_TEST(has(expense_error(7, ""), "is not one of"));
    BOOST_TEST(has(expense_error(7, "外来"), "is not one of"));
}

BOOST_AUTO_TEST_CASE(expense_days) {
    BOOST_TEST(expense_error(8, "0").empty());
    BOOST_TEST(expense_error(8, "31").empty());
    BOOST_TEST(expense_error(8, "０５").empty());  // full-width digits
    BOOST_TEST(has(expense_error(8, "32"), "from 0 to 31"));
    BOOST_TEST(has(expense_error(8, "-1"), "from 0 to 31"));
    BOOST_TEST(has(expense_error(8, ""), "from 0 to 31"));
    BOOST_TEST(has(expense_error(8, "1.5"), "from 0 to 31"));
    BOOST_TEST(has(expense_error(8, "100"), "from 0 to 31"));
}

BOOST_AUTO_TEST_CASE(expense_amounts) {
    q::ExpenseRow row;
    BOOST_TEST(expense_error(9, "999999999999").empty());
    BOOST_TEST(
        has(expense_error(9, "1000000000000"), "total_cost '1000000000000' is not a whole number"));
    BOOST_TEST(has(expense_error(9, "-1"), "total_cost '-1' is not a whole number"));
    BOOST_TEST(has(expense_error(9, ""), "total_cost '' is not a whole number"));
    BOOST_TEST(has(expense_error(9, "\"12,340\""), "total_cost '12,340' is not a whole number"));
    BOOST_TEST(has(expense_error(10, "x"), "self_pay 'x' is not a whole number"));
    BOOST_TEST(expense_error(10, "12340").empty());  // self_pay = total_cost
    BOOST_TEST(has(expense_error(10, "12341"), "self_pay 12341 is more than total_cost 12340"));
    BOOST_TEST(expense_error(10, "0").empty());
}

BOOST_AUTO_TEST_CASE(eligibility_valid_rows) {
    q::EligibilityRow row;
    BOOST_TEST(check_eligibility_row(record(eligibility()), kInsurer, kToday, row).empty());
    BOOST_TEST(row.branch == "01");
    BOOST_TEST(row.lost_on.empty());
    auto self = record("06279996,1001,101,00,山田太郎,SELF,19800401,20020401,20261231");
    BOOST_TEST(check_eligibility_row(self, kInsurer, kToday, row).empty());
    BOOST_TEST(row.relationship == "self");
    BOOST_TEST(row.lost_on == "20261231");  // a loss may be announced ahead
}

BOOST_AUTO_TEST_CASE(eligibility_field_count_and_keys) {
    q::EligibilityRow row;
    BOOST_TEST(
        has(check_eligibility_row(record("a,b"), kInsurer, kToday, row), "expected 9 fields"));
    BOOST_TEST(has(eligibility_error(0, "06279997"), "wrong check digit"));
    BOOST_TEST(has(eligibility_error(1, ""), "symbol is empty"));
    BOOST_TEST(has(eligibility_error(2, std::string(33, '1')), "longer than 32"));
}

BOOST_AUTO_TEST_CASE(eligibility_branch) {
    BOOST_TEST(eligibility_error(3, "99").empty());
    BOOST_TEST(eligibility_error(3, "０１").empty());
    BOOST_TEST(has(eligibility_error(3, "1"), "branch '1' is not two digits"));
    BOOST_TEST(has(eligibility_error(3, "100"), "is not two digits"));
    BOOST_TEST(has(eligibility_error(3, "0a"), "is not two digits"));
    BOOST_TEST(has(eligibility_error(3, ""), "is not two digits"));
}

BOOST_AUTO_TEST_CASE(eligibility_name_and_relationship) {
    BOOST_TEST(has(eligibility_error(4, ""), "name is empty"));
    BOOST_TEST(has(eligibility_error(4, std::string(101, 'n')), "longer than 100"));
    for (const char* r : {"spouse", "child", "parent", "other"})
        BOOST_TEST(eligibility_error(5, r).empty(), r);
    BOOST_TEST(has(eligibility_error(5, "friend"), "is not one of self, spouse"));
    BOOST_TEST(has(eligibility_error(5, "self"), "does not fit branch '01'"));
    q::EligibilityRow row;
    BOOST_TEST(
        has(check_eligibility_row(record("06279996,1001,101,00,山田太郎,child,19800401,20020401,"),
                                  kInsurer, kToday, row),
            "does not fit branch '00'"));
}

BOOST_AUTO_TEST_CASE(eligibility_dates) {
    // Born today: the birth date passes (acquired_on before it is the only complaint).
    BOOST_TEST(
        has(eligibility_error(6, "20261124"), "acquired_on '20100401' is before birth_date"));
    BOOST_TEST(has(eligibility_error(6, "20261125"), "birth_date '20261125' is in the future"));
    BOOST_TEST(
        has(eligibility_error(6, "19820230"), "birth_date '19820230' is not a calendar date"));
    BOOST_TEST(has(eligibility_error(6, "1982055"), "is not 8 digits"));
    BOOST_TEST(has(eligibility_error(6, ""), "birth_date is empty"));
    BOOST_TEST(eligibility_error(7, "20240229").empty());  // a leap day
    BOOST_TEST(
        has(eligibility_error(7, "20230229"), "acquired_on '20230229' is not a calendar date"));
    BOOST_TEST(
        has(eligibility_error(7, "19800101"), "acquired_on '19800101' is before birth_date"));
    BOOST_TEST(eligibility_error(8, "20100401").empty());  // lost on the day it was acquired
    BOOST_TEST(has(eligibility_error(8, "20100331"), "lost_on '20100331' is before acquired_on"));
    BOOST_TEST(has(eligibility_error(8, "2010041"), "lost_on '2010041' is not 8 digits"));
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

// The fields of a valid benefit row with field I replaced by VALUE.
std::string benefit(std::size_t i = 99, const std::string& value = "") {
    std::vector<std::string> f = {"06279996",  "1001",   "101",      "B-0001",   "山田太郎",
                                  "high_cost", "202609", "20261110", "20261124", "84430"};
    if (i < f.size())
        f[i] = value;
    std::string line;
    for (std::size_t k = 0; k < f.size(); ++k)
        line += (k ? "," : "") + f[k];
    return line;
}

std::string benefit_error(std::size_t i, const std::string& value) {
    q::BenefitRow row;
    return check_benefit_row(record(benefit(i, value)), kInsurer, kToday, row);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(csv_benefits)

BOOST_AUTO_TEST_CASE(benefit_header) {
    BOOST_TEST(std::string(kBenefitsHeader) ==
               "insurer_number,symbol,number,decision_id,patient_name,kind,service_month,"
               "decided_on,paid_on,amount");
    BOOST_TEST(check_header(record(kBenefitsHeader, 1), kBenefitsHeader).empty());
    BOOST_TEST(!check_header(record(kExpensesHeader, 1), kBenefitsHeader).empty());
}

BOOST_AUTO_TEST_CASE(benefit_valid_row_is_normalized) {
    q::BenefitRow row;
    auto rec = record(
        "０６２７９９９６, 1001 ,101,B-0001, 山田太郎 ,High_Cost,２０２６０９,"
        "20261110,20261124,８４４３０");
    BOOST_TEST(check_benefit_row(rec, kInsurer, kToday, row).empty());
    BOOST_TEST(row.insurer_number == "06279996");
    BOOST_TEST(row.symbol == "1001");
    BOOST_TEST(row.decision_id == "B-0001");
    BOOST_TEST(row.patient_name == "山田太郎");
    BOOST_TEST(row.kind == "high_cost");
    BOOST_TEST(row.service_month == 202609);
    BOOST_TEST(row.decided_on == "20261110");
    BOOST_TEST(row.paid_on == "20261124");
    BOOST_TEST(row.amount == 84430);
}

BOOST_AUTO_TEST_CASE(benefit_field_count_and_household) {
    q::BenefitRow row;
    BOOST_TEST(has(check_benefit_row(record("a,b,c"), kInsurer, kToday, row),
                   "line 2: expected 10 fields"));
    BOOST_TEST(has(check_benefit_row(record(benefit() + ",x"), kInsurer, kToday, row), "found 11"));
    BOOST_TEST(has(benefit_error(0, "06279997"), "wrong check digit"));
    BOOST_TEST(has(benefit_error(0, "06130017"), "is not the society of --society (06279996)"));
    BOOST_TEST(has(benefit_error(1, ""), "symbol is empty"));
    BOOST_TEST(has(benefit_error(2, std::string(33, '9')), "number '"));
}

BOOST_AUTO_TEST_CASE(benefit_decision_id) {
    BOOST_TEST(benefit_error(3, "a").empty());
    BOOST_TEST(benefit_error(3, std::string(32, 'Z')).empty());
    BOOST_TEST(benefit_error(3, "0-9-az-AZ").empty());
    BOOST_TEST(has(benefit_error(3, ""), "line 2: decision_id is empty"));
    BOOST_TEST(has(benefit_error(3, std::string(33, 'Z')), "is longer than 32 characters"));
    for (const char* id : {"B 1", "B_1", "B.1", "B/1", "給付1", "B+1"})
        BOOST_TEST(has(benefit_error(3, id), "may hold only ASCII letters, digits and '-'"), id);
}

BOOST_AUTO_TEST_CASE(benefit_patient_name) {
    std::string hundred;
    for (int i = 0; i < 100; ++i)
        hundred += "山";
    BOOST_TEST(benefit_error(4, hundred).empty());
    BOOST_TEST(has(benefit_error(4, hundred + "山"), "patient_name '"));
    BOOST_TEST(has(benefit_error(4, hundred + "山"), "is longer than 100 characters"));
    BOOST_TEST(has(benefit_error(4, ""), "patient_name is empty"));
    BOOST_TEST(has(benefit_error(4, "山田\x01太郎"), "patient_name contains control characters"));
}

BOOST_AUTO_TEST_CASE(benefit_kinds_are_those_with_a_label) {
    for (const char* k : {"high_cost", "additional", "sickness", "maternity", "childbirth",
                          "medical_cost", "funeral", "other"})
        BOOST_TEST(benefit_error(5, k).empty(), k);
    for (const char* k : {"", "bonus", "high-cost", "高額療養費", "inpatient"})
        BOOST_TEST(has(benefit_error(5, k), "is not one of high_cost, additional, sickness"), k);
}

BOOST_AUTO_TEST_CASE(benefit_service_month) {
    q::BenefitRow row;
    BOOST_TEST(check_benefit_row(record(benefit(6, "")), kInsurer, kToday, row).empty());
    BOOST_TEST(row.service_month == 0);              // not tied to a month
    BOOST_TEST(benefit_error(6, "202611").empty());  // this month
    BOOST_TEST(benefit_error(6, "190001").empty());
    BOOST_TEST(has(benefit_error(6, "202612"), "service_month '202612' is in the future"));
    BOOST_TEST(has(benefit_error(6, "202613"), "is not a month YYYYMM"));
    BOOST_TEST(has(benefit_error(6, "202600"), "is not a month YYYYMM"));
    BOOST_TEST(has(benefit_error(6, "189912"), "is not a month YYYYMM"));
    BOOST_TEST(has(benefit_error(6, "20261"), "is not a month YYYYMM"));
    BOOST_TEST(has(benefit_error(6, "2026-11"), "is not a month YYYYMM"));
}

BOOST_AUTO_TEST_CASE(benefit_decided_on) {
    BOOST_TEST(benefit_error(7, "20261124").empty());  // today (paid the same day)
    BOOST_TEST(benefit_error(8, "").empty());
    BOOST_TEST(has(benefit_error(7, "20261125"), "decided_on '20261125' is in the future"));
    BOOST_TEST(has(benefit_error(7, "20250229"), "decided_on '20250229' is not a calendar date"));
    BOOST_TEST(has(benefit_error(7, "2026111"), "decided_on '2026111' is not 8 digits"));
    BOOST_TEST(has(benefit_error(7, ""), "decided_on is empty"));
}

BOOST_AUTO_TEST_CASE(benefit_paid_on) {
    q::BenefitRow row;
    BOOST_TEST(check_benefit_row(record(benefit(8, "")), kInsurer, kToday, row).empty());
    BOOST_TEST(row.paid_on.empty());                   // 支払予定
    BOOST_TEST(benefit_error(8, "20261110").empty());  // paid the day of the decision
    BOOST_TEST(benefit_error(8, "20991231").empty());  // a payment still to come
    BOOST_TEST(has(benefit_error(8, "20261109"), "paid_on '20261109' is before decided_on"));
    BOOST_TEST(has(benefit_error(8, "20261131"), "paid_on '20261131' is not a calendar date"));
    BOOST_TEST(has(benefit_error(8, "2026113"), "paid_on '2026113' is not 8 digits"));
}

BOOST_AUTO_TEST_CASE(benefit_amount) {
    q::BenefitRow row;
    BOOST_TEST(check_benefit_row(record(benefit(9, "99999999")), kInsurer, kToday, row).empty());
    BOOST_TEST(row.amount == 99999999);
    BOOST_TEST(benefit_error(9, "0").empty());
    for (const char* a : {"100000000", "-1", "1.5", "1e3", "", "1000円", "+1"})
        BOOST_TEST(has(benefit_error(9, a), "is not a whole number of yen from 0 to 99999999"), a);
    BOOST_TEST(has(benefit_error(9, "\"1,000\""), "amount '1,000'"));
}

BOOST_AUTO_TEST_SUITE_END()
