// test_csv.cc: the import CSV parser and row checks at their edges
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "csv.h"

using namespace kosmo;

namespace {

const int kToday = 20261124;
const std::string kHeader = "insurer_number,symbol,number,name,birth_date,category\n";

std::vector<std::string> fields(std::initializer_list<const char*> list) {
    return std::vector<std::string>(list.begin(), list.end());
}

// The site's societies (01234566 and 06279996); ONLY the one of --society
// ("" none).
ImportSocieties societies(std::string only = {}) {
    return {{"01234566", "06279996"}, std::move(only)};
}

// The errors of a file made of the header and ROWS.
std::vector<std::string> errors_of(const std::string& rows, std::string only = {}) {
    return check_import_csv(kHeader + rows, kToday, societies(std::move(only))).errors;
}

std::string only_error(const std::string& rows, std::string only = {}) {
    auto errors = errors_of(rows, std::move(only));
    BOOST_REQUIRE_EQUAL(errors.size(), 1u);
    return errors.front();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(csv)

BOOST_AUTO_TEST_CASE(parse_plain_records_with_line_numbers) {
    auto p = parse_csv("a,b,c\nd,e,f\n");
    BOOST_TEST(p.error.empty());
    BOOST_REQUIRE_EQUAL(p.records.size(), 2u);
    BOOST_TEST(p.records[0].fields == fields({"a", "b", "c"}));
    BOOST_TEST(p.records[0].line == 1u);
    BOOST_TEST(p.records[1].fields == fields({"d", "e", "f"}));
    BOOST_TEST(p.records[1].line == 2u);
}

BOOST_AUTO_TEST_CASE(parse_quotes_commas_and_doubled_quotes) {
    auto p = parse_csv("\"a,b\",\"say \"\"hi\"\"\",\"\"\n");
    BOOST_TEST(p.error.empty());
    BOOST_REQUIRE_EQUAL(p.records.size(), 1u);
    BOOST_TEST(p.records[0].fields == fields({"a,b", "say \"hi\"", ""}));
}

BOOST_AUTO_TEST_CASE(parse_line_break_inside_quotes_counts_lines) {
    auto p = parse_csv("x,\"two\r\nlines\"\ny,z\n");
    BOOST_TEST(p.error.empty());
    BOOST_REQUIRE_EQUAL(p.records.size(), 2u);
    BOOST_TEST(p.records[0].fields == fields({"x", "two\r\nlines"}));
    BOOST_TEST(p.records[1].line == 3u);
}

BOOST_AUTO_TEST_CASE(parse_crlf_cr_and_missing_final_newline) {
    auto p = parse_csv("a,b\r\nc,d\re,f");
    BOOST_TEST(p.error.empty());
    BOOST_REQUIRE_EQUAL(p.records.size(), 3u);
    BOOST_TEST(p.records[0].fields == fields({"a", "b"}));
    BOOST_TEST(p.records[1].fields == fields({"c", "d"}));
    BOOST_TEST(p.records[2].fields == fields({"e", "f"}));
    BOOST_TEST(p.records[2].line == 3u);
}

BOOST_AUTO_TEST_CASE(parse_skips_bom_and_empty_lines_keeps_empty_fields) {
    auto p = parse_csv(
        "\xEF\xBB\xBF"
        "a,\n\n\r\n,\n");
    BOOST_TEST(p.error.empty());
    BOOST_REQUIRE_EQUAL(p.records.size(), 2u);
    BOOST_TEST(p.records[0].fields == fields({"a", ""}));
    BOOST_TEST(p.records[1].fields == fields({"", ""}));
    BOOST_TEST(p.records[1].line == 4u);
}

BOOST_AUTO_TEST_CASE(parse_bom_only_at_start) {
    auto p = parse_csv(
        "a\n\xEF\xBB\xBF"
        "b\n");
    BOOST_REQUIRE_EQUAL(p.records.size(), 2u);
    BOOST_TEST(p.records[1].fields[0] ==
               "\xEF\xBB\xBF"
               "b");
}

BOOST_AUTO_TEST_CASE(parse_errors_name_their_line) {
    auto p = parse_csv("a,b\nc,\"open\nstill open\n");
    BOOST_TEST(p.error == "line 2: quoted field is not closed");
    BOOST_TEST(p.records.size() == 1u);

    p = parse_csv("a\n\"x\"y,z\n");
    BOOST_TEST(p.error == "line 2: text after the closing quote of a field");

    p = parse_csv("a\nb\nx\"y\n");
    BOOST_TEST(p.error.rfind("line 3: quote inside an unquoted field", 0) == 0);
    BOOST_TEST(p.records.size() == 2u);
}

BOOST_AUTO_TEST_CASE(check_accepts_good_rows_and_normalizes) {
    auto c = check_import_csv(
        "\xEF\xBB\xBF" + kHeader +
            "06279996,12,345,山田 太郎,19800102,employee\r\n"
            "０６２７９９９６, ７ ,\"8,9\",\"  鈴木　花子　\",１９９０１２３１, Voluntary \r\n",
        kToday, societies("06279996"));
    BOOST_TEST(c.errors.empty());
    BOOST_REQUIRE_EQUAL(c.members.size(), 2u);
    const auto& a = c.members[0];
    BOOST_TEST(a.line == 2u);
    BOOST_TEST(a.insurer_number == "06279996");
    BOOST_TEST(a.symbol == "12");
    BOOST_TEST(a.number == "345");
    BOOST_TEST(a.name == "山田 太郎");
    BOOST_TEST(a.birth_date == "19800102");
    BOOST_TEST(category_name(a.category) == std::string("employee"));
    const auto& b = c.members[1];
    BOOST_TEST(b.line == 3u);
    BOOST_TEST(b.insurer_number == "06279996");
    BOOST_TEST(b.symbol == "7");
    BOOST_TEST(b.number == "8,9");
    BOOST_TEST(b.name == "鈴木　花子");
    BOOST_TEST(b.birth_date == "19901231");
    BOOST_TEST(category_name(b.category) == std::string("voluntary"));
}

BOOST_AUTO_TEST_CASE(check_header_must_be_exact) {
    auto c =
        check_import_csv("insurer_number,symbol,number,name,birth_date\n06279996,1,2,x,19800101\n",
                         kToday, societies());
    BOOST_REQUIRE_EQUAL(c.errors.size(), 1u);
    BOOST_TEST(c.errors[0].rfind("line 1: the header must be 'insurer_number,symbol,number,name,"
                                 "birth_date,category', found 'insurer_number,",
                                 0) == 0);
    BOOST_TEST(c.members.empty());

    c = check_import_csv("Insurer_number,symbol,number,name,birth_date,category\n", kToday,
                         societies());
    BOOST_TEST(c.errors.size() == 1u);
    c = check_import_csv("\"insurer_number\",symbol,number,name,birth_date,category\n", kToday,
                         societies());
    BOOST_TEST(c.errors.empty());
}

BOOST_AUTO_TEST_CASE(check_empty_file) {
    auto c = check_import_csv("", kToday, societies());
    BOOST_REQUIRE_EQUAL(c.errors.size(), 1u);
    BOOST_TEST(c.errors[0].rfind("line 1: the file is empty", 0) == 0);
    c = check_import_csv(kHeader, kToday, societies());
    BOOST_TEST(c.errors.empty());
    BOOST_TEST(c.members.empty());
}

BOOST_AUTO_TEST_CASE(check_field_count) {
    BOOST_TEST(
        only_error("06279996,1,2,x,19800101\n") ==
        "line 2: expected 6 fields (insurer_number,symbol,number,name,birth_date,category), found 5");
    BOOST_TEST(only_error("06279996,1,2,x,19800101,employee,\n").find("found 7") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(check_insurer_number) {
    BOOST_TEST(only_error("06279997,1,2,x,19800101,employee\n") ==
               "line 2: insurer_number '06279997' has a wrong check digit");
    BOOST_TEST(only_error("0627999,1,2,x,19800101,employee\n") ==
               "line 2: insurer_number '0627999' is not 8 digits");
    BOOST_TEST(only_error(",1,2,x,19800101,employee\n") == "line 2: insurer_number is empty");
    // 01234566 is a society, but not the one of --society.
    BOOST_TEST(only_error("01234566,1,2,x,19800101,employee\n", "06279996") ==
               "line 2: insurer_number '01234566' is not the society of --society (06279996)");
    BOOST_TEST(errors_of("01234566,1,2,x,19800101,employee\n").empty());
    // 12345674 has a valid check digit but is no society of the site.
    BOOST_TEST(only_error("12345674,1,2,x,19800101,employee\n") ==
               "line 2: insurer_number '12345674' is not a society (add it with 'kosmoctl "
               "society add')");
}

BOOST_AUTO_TEST_CASE(check_symbol_number_name_lengths) {
    std::string s32(32, '1'), s33(33, '1');
    BOOST_TEST(errors_of("06279996," + s32 + "," + s32 + ",x,19800101,employee\n").empty());
    BOOST_TEST(only_error("06279996," + s33 + ",2,x,19800101,employee\n") ==
               "line 2: symbol '" + std::string(33, '1').substr(0, 40) +
                   "' is longer than 32 characters");
    BOOST_TEST(only_error("06279996,1," + s33 + ",x,19800101,employee\n").find("number '") !=
               std::string::npos);
    BOOST_TEST(only_error("06279996,,2,x,19800101,employee\n") == "line 2: symbol is empty");
    BOOST_TEST(only_error("06279996,1, ,x,19800101,employee\n") == "line 2: number is empty");

    std::string name100, name101;
    for (int i = 0; i < 100; ++i)
        name100 += "山";
    name101 = name100 + "田";
    BOOST_TEST(errors_of("06279996,1,2," + name100 + ",19800101,employee\n").empty());
    BOOST_TEST(only_error("06279996,1,2," + name101 + ",19800101,employee\n").find("name '") !=
               std::string::npos);
    BOOST_TEST(only_error("06279996,1,2,　,19800101,employee\n") == "line 2: name is empty");
}

BOOST_AUTO_TEST_CASE(check_control_characters_and_bad_utf8) {
    BOOST_TEST(only_error("06279996,1,2,\"a\nb\",19800101,employee\n") ==
               "line 2: name contains control characters or invalid UTF-8");
    BOOST_TEST(only_error("06279996,1,2,a\x01"
                          "b,19800101,employee\n") ==
               "line 2: name contains control characters or invalid UTF-8");
    BOOST_TEST(only_error("06279996,1\x7f,2,ab,19800101,employee\n") ==
               "line 2: symbol contains control characters or invalid UTF-8");
    BOOST_TEST(only_error("06279996,1,2,\xe5\xb1,19800101,employee\n") ==
               "line 2: name contains control characters or invalid UTF-8");
    BOOST_TEST(only_error("06279996,1,2,\xc0\xaf,19800101,employee\n") ==
               "line 2: name contains control characters or invalid UTF-8");
}

BOOST_AUTO_TEST_CASE(check_birth_date) {
    BOOST_TEST(only_error("06279996,1,2,x,19801332,employee\n") ==
               "line 2: birth_date '19801332' is not a calendar date");
    BOOST_TEST(only_error("06279996,1,2,x,19810229,employee\n") ==
               "line 2: birth_date '19810229' is not a calendar date");
    BOOST_TEST(errors_of("06279996,1,2,x,19800229,employee\n").empty());
    BOOST_TEST(only_error("06279996,1,2,x,1980-01-02,employee\n") ==
               "line 2: birth_date '1980-01-02' is not 8 digits (YYYYMMDD)");
    BOOST_TEST(only_error("06279996,1,2,x,20261125,employee\n") ==
               "line 2: birth_date '20261125' is in the future");
    BOOST_TEST(errors_of("06279996,1,2,x,20261124,employee\n").empty());
    BOOST_TEST(only_error("06279996,1,2,x,,employee\n") == "line 2: birth_date is empty");
}

BOOST_AUTO_TEST_CASE(check_category) {
    for (const char* ok : {"employee", "overseas", "seconded", "leave", "voluntary", "LEAVE"})
        BOOST_TEST(errors_of(std::string("06279996,1,2,x,19800101,") + ok + "\n").empty());
    BOOST_TEST(
        only_error("06279996,1,2,x,19800101,retired\n") ==
        "line 2: category 'retired' is not one of employee, overseas, seconded, leave, voluntary");
    BOOST_TEST(only_error("06279996,1,2,x,19800101,\n") == "line 2: category is empty");
}

BOOST_AUTO_TEST_CASE(check_duplicate_member) {
    BOOST_TEST(only_error("06279996,1,2,x,19800101,employee\n"
                          "06279996,1,3,y,19800101,employee\n"
                          "06279996,１,2,z,19800101,employee\n") ==
               "line 4: member 06279996,1,2 appears already on line 2");
}

BOOST_AUTO_TEST_CASE(check_reports_every_bad_row_and_keeps_good_ones) {
    auto c = check_import_csv(kHeader +
                                  "06279996,1,2,x,19800101,employee\n"
                                  "06279996,1,3,y,19801332,nobody\n"
                                  "\n"
                                  "06279996,1,4,z,19800101\n"
                                  "06279996,1,5,w,19800101,leave\n",
                              kToday, societies());
    BOOST_REQUIRE_EQUAL(c.errors.size(), 3u);
    BOOST_TEST(c.errors[0].rfind("line 3: birth_date", 0) == 0);
    BOOST_TEST(c.errors[1].rfind("line 3: category", 0) == 0);
    BOOST_TEST(c.errors[2].rfind("line 5: expected 6 fields", 0) == 0);
    BOOST_REQUIRE_EQUAL(c.members.size(), 2u);
    BOOST_TEST(c.members[1].line == 6u);
}

BOOST_AUTO_TEST_CASE(check_syntax_error_comes_after_earlier_rows) {
    auto c = check_import_csv(kHeader +
                                  "06279996,1,2,x,19800101,bad\n"
                                  "06279996,1,3,\"y,19800101,employee\n",
                              kToday, societies());
    BOOST_REQUIRE_EQUAL(c.errors.size(), 2u);
    BOOST_TEST(c.errors[0].rfind("line 2: category", 0) == 0);
    BOOST_TEST(c.errors[1] == "line 3: quoted field is not closed");
}

BOOST_AUTO_TEST_CASE(field_output_quotes_only_when_needed) {
    BOOST_TEST(csv_field("plain") == "plain");
    BOOST_TEST(csv_field("") == "");
    BOOST_TEST(csv_field("山田 太郎") == "山田 太郎");
    BOOST_TEST(csv_field("a,b") == "\"a,b\"");
    BOOST_TEST(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    BOOST_TEST(csv_field("two\nlines") == "\"two\nlines\"");
    BOOST_TEST(csv_field(" padded") == "\" padded\"");
    BOOST_TEST(csv_line({"a", "b,c", ""}) == "a,\"b,c\",\n");
}

BOOST_AUTO_TEST_CASE(formulas_are_written_as_text) {
    BOOST_TEST(csv_field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
    BOOST_TEST(csv_field("+1+2") == "'+1+2");
    BOOST_TEST(csv_field("-2+3+cmd|' /C calc'!A0") == "'-2+3+cmd|' /C calc'!A0");
    BOOST_TEST(csv_field("@SUM(A1)") == "'@SUM(A1)");
    BOOST_TEST(csv_field("\t=1") == "'\t=1");
    BOOST_TEST(csv_field("\r=1") == "\"'\r=1\"");
    // Numbers stay numbers, and a sign inside text is no formula.
    BOOST_TEST(csv_field("-1500") == "-1500");
    BOOST_TEST(csv_field("-0.5") == "-0.5");
    BOOST_TEST(csv_field("-") == "'-");
    BOOST_TEST(csv_field("-1.") == "'-1.");
    BOOST_TEST(csv_field("山田=太郎") == "山田=太郎");
    BOOST_TEST(csv_field("ABCD-2345") == "ABCD-2345");
    BOOST_TEST(csv_formula("=1"));
    BOOST_TEST(!csv_formula("-1"));
    BOOST_TEST(!csv_formula(""));
}

BOOST_AUTO_TEST_CASE(output_parses_back) {
    std::vector<std::string_view> in = {"x\"y", "1,2", " s ", "改\n行", ""};
    auto p = parse_csv(csv_line(in));
    BOOST_TEST(p.error.empty());
    BOOST_REQUIRE_EQUAL(p.records.size(), 1u);
    BOOST_REQUIRE_EQUAL(p.records[0].fields.size(), in.size());
    for (std::size_t i = 0; i < in.size(); ++i)
        BOOST_TEST(p.records[0].fields[i] == in[i]);
}

BOOST_AUTO_TEST_SUITE_END()
