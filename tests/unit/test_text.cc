// test_text.cc: text.*: UTF-8 decoding at its edges, trimming, ASCII case,
// the calendar and Japan's date
#include <boost/test/unit_test.hpp>

#include <string>

#include "text.h"

using namespace kosmo;

namespace {

// The code point of the whole of S, or -1; also checks that one call ends
// where it should (S.size() for a valid sequence, 1 for an invalid one).
long decode_one(std::string_view s) {
    std::size_t i = 0;
    const long cp = next_code_point(s, i);
    BOOST_TEST(i == (cp < 0 ? 1u : s.size()));
    return cp;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(next_code_point_decodes_each_length_at_its_edges) {
    BOOST_TEST(decode_one(std::string(1, '\0')) == 0);
    BOOST_TEST(decode_one("\x7F") == 0x7F);
    BOOST_TEST(decode_one("\xC2\x80") == 0x80);
    BOOST_TEST(decode_one("\xDF\xBF") == 0x7FF);
    BOOST_TEST(decode_one("\xE0\xA0\x80") == 0x800);
    BOOST_TEST(decode_one("\xE3\x80\x80") == 0x3000);
    BOOST_TEST(decode_one("\xEF\xBF\xBF") == 0xFFFF);
    BOOST_TEST(decode_one("\xF0\x90\x80\x80") == 0x10000);
    BOOST_TEST(decode_one("\xF4\x8F\xBF\xBF") == 0x10FFFF);
}

BOOST_AUTO_TEST_CASE(next_code_point_refuses_overlong_surrogate_too_big_truncated) {
    BOOST_TEST(decode_one("\xC0\x80") == -1);          // overlong NUL
    BOOST_TEST(decode_one("\xC1\xBF") == -1);          // overlong U+007F
    BOOST_TEST(decode_one("\xE0\x9F\xBF") == -1);      // overlong U+07FF
    BOOST_TEST(decode_one("\xF0\x8F\xBF\xBF") == -1);  // overlong U+FFFF
    BOOST_TEST(decode_one("\xED\xA0\x80") == -1);      // U+D800
    BOOST_TEST(decode_one("\xED\xBF\xBF") == -1);      // U+DFFF
    BOOST_TEST(decode_one("\xF4\x90\x80\x80") == -1);  // U+110000
    BOOST_TEST(decode_one("\xF5\x80\x80\x80") == -1);
    BOOST_TEST(decode_one("\xF8\x88\x80\x80\x80") == -1);
    BOOST_TEST(decode_one("\x80") == -1);      // stray continuation
    BOOST_TEST(decode_one("\xE3\x80") == -1);  // cut off
    BOOST_TEST(decode_one("\xF0\x90\x80") == -1);
    BOOST_TEST(decode_one("\xE3\x41\x80") == -1);  // not a continuation
}

BOOST_AUTO_TEST_CASE(next_code_point_walks_a_string) {
    const std::string s =
        "a\xE3\x81\x82\xFF"
        "b";
    std::size_t i = 0;
    BOOST_TEST(next_code_point(s, i) == 'a');
    BOOST_TEST(next_code_point(s, i) == 0x3042);
    BOOST_TEST(next_code_point(s, i) == -1);
    BOOST_TEST(next_code_point(s, i) == 'b');
    BOOST_TEST(i == s.size());
}

BOOST_AUTO_TEST_CASE(utf8_sequence_length_by_lead_byte) {
    BOOST_TEST(utf8_sequence_length(0x41) == 1u);
    BOOST_TEST(utf8_sequence_length(0x80) == 1u);
    BOOST_TEST(utf8_sequence_length(0xC2) == 2u);
    BOOST_TEST(utf8_sequence_length(0xDF) == 2u);
    BOOST_TEST(utf8_sequence_length(0xE3) == 3u);
    BOOST_TEST(utf8_sequence_length(0xF0) == 4u);
    BOOST_TEST(utf8_sequence_length(0xF7) == 4u);
    BOOST_TEST(utf8_sequence_length(0xF8) == 1u);
    BOOST_TEST(utf8_sequence_length(0xFF) == 1u);
}

BOOST_AUTO_TEST_CASE(is_valid_utf8_takes_nul_and_refuses_broken_text) {
    BOOST_TEST(is_valid_utf8(""));
    BOOST_TEST(is_valid_utf8(std::string("a\0b", 3)));
    BOOST_TEST(is_valid_utf8("\xE3\x81\x82\xF4\x8F\xBF\xBF"));
    BOOST_TEST(!is_valid_utf8("abc\xE3\x81"));
    BOOST_TEST(!is_valid_utf8("\xED\xA0\x80"));
    BOOST_TEST(!is_valid_utf8("\xC0\xAF"));
}

BOOST_AUTO_TEST_CASE(is_valid_utf8_takes_each_length_at_its_edges) {
    BOOST_TEST(is_valid_utf8("ascii only"));
    BOOST_TEST(is_valid_utf8("\xE3\x81\x82\xE3\x81\x84"));  // あい
    BOOST_TEST(is_valid_utf8("\xC2\x80"));                  // U+0080
    BOOST_TEST(is_valid_utf8("\xDF\xBF"));                  // U+07FF
    BOOST_TEST(is_valid_utf8("\xE0\xA0\x80"));              // U+0800
    BOOST_TEST(is_valid_utf8("\xED\x9F\xBF"));              // U+D7FF
    BOOST_TEST(is_valid_utf8("\xEE\x80\x80"));              // U+E000
    BOOST_TEST(is_valid_utf8("\xEF\xBC\x90"));              // ０ full-width zero
    BOOST_TEST(is_valid_utf8("\xF0\x90\x80\x80"));          // U+10000
    BOOST_TEST(is_valid_utf8("\xF0\x9F\x98\x80"));          // an emoji
    BOOST_TEST(is_valid_utf8("\xF4\x8F\xBF\xBF"));          // U+10FFFF
}

BOOST_AUTO_TEST_CASE(is_valid_utf8_refuses_overlong_surrogate_too_big_cut) {
    BOOST_TEST(!is_valid_utf8("\xC0\x80"));          // overlong NUL
    BOOST_TEST(!is_valid_utf8("\xC1\xBF"));          // overlong
    BOOST_TEST(!is_valid_utf8("\xE0\x80\x80"));      // overlong 3-byte
    BOOST_TEST(!is_valid_utf8("\xE0\x9F\xBF"));      // overlong 3-byte
    BOOST_TEST(!is_valid_utf8("\xF0\x8F\xBF\xBF"));  // overlong 4-byte
    BOOST_TEST(!is_valid_utf8("\xED\xBF\xBF"));      // surrogate U+DFFF
    BOOST_TEST(!is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000
    BOOST_TEST(!is_valid_utf8("\xF5\x80\x80\x80"));
    BOOST_TEST(!is_valid_utf8("\xFF"));
    BOOST_TEST(!is_valid_utf8("\x80"));       // lone continuation
    BOOST_TEST(!is_valid_utf8("a\xE3\x81"));  // truncated at the end
    BOOST_TEST(
        !is_valid_utf8("\xE3\x81"
                       "a"));                    // truncated before ASCII
    BOOST_TEST(!is_valid_utf8("\xF0\x9F\x98"));  // truncated 4-byte
    BOOST_TEST(!is_valid_utf8("\xC3"));
}

BOOST_AUTO_TEST_CASE(is_control_covers_c0_del_c1) {
    BOOST_TEST(is_control(0));
    BOOST_TEST(is_control(0x1F));
    BOOST_TEST(!is_control(0x20));
    BOOST_TEST(!is_control(0x7E));
    BOOST_TEST(is_control(0x7F));
    BOOST_TEST(is_control(0x9F));
    BOOST_TEST(!is_control(0xA0));
    BOOST_TEST(!is_control(0x3000));
}

BOOST_AUTO_TEST_CASE(clean_length_counts_code_points_or_refuses) {
    BOOST_TEST(clean_length("") == 0);
    BOOST_TEST(clean_length("abc") == 3);
    BOOST_TEST(clean_length("\xE5\xB1\xB1\xE7\x94\xB0") == 2);  // 山田
    BOOST_TEST(clean_length(std::string("a\0b", 3)) == -1);
    BOOST_TEST(clean_length("a\tb") == -1);
    BOOST_TEST(clean_length("a\xC2\x85") == -1);  // NEL, a C1 control
    BOOST_TEST(clean_length("a\xFF") == -1);
}

BOOST_AUTO_TEST_CASE(fit_utf8_replaces_bad_bytes_and_nul_and_cuts) {
    BOOST_TEST(fit_utf8("abc", 10) == "abc");
    BOOST_TEST(fit_utf8("abc", 2) == "ab");
    BOOST_TEST(fit_utf8("\xE3\x81\x82\xE3\x81\x84", 1) == "\xE3\x81\x82");
    BOOST_TEST(fit_utf8(std::string("a\0b", 3), 10) == "a?b");
    BOOST_TEST(fit_utf8("a\xE3\x81"
                        "b",
                        10) == "a??b");
    BOOST_TEST(fit_utf8("\xED\xA0\x80", 10) == "???");
    BOOST_TEST(fit_utf8("\xFF\xFF\xFF", 2) == "??");
    BOOST_TEST(fit_utf8("", 5) == "");
}

BOOST_AUTO_TEST_CASE(trim_blank_takes_only_space_and_tab) {
    BOOST_TEST(trim(" \t a b \t ") == "a b");
    BOOST_TEST(trim("\r\na\r\n") == "\r\na\r\n");
    BOOST_TEST(trim("   ") == "");
    BOOST_TEST(trim("") == "");
    BOOST_TEST(trim("\xE3\x80\x80"
                    "a") ==
               "\xE3\x80\x80"
               "a");
}

BOOST_AUTO_TEST_CASE(trim_ascii_takes_every_ascii_space) {
    BOOST_TEST(trim(" \t\r\n\v\fkey = v\f\v\n\r\t ", Spaces::Ascii) == "key = v");
    BOOST_TEST(trim("\n\n", Spaces::Ascii) == "");
    BOOST_TEST(trim("\xE3\x80\x80"
                    "a",
                    Spaces::Ascii) ==
               "\xE3\x80\x80"
               "a");
}

BOOST_AUTO_TEST_CASE(trim_wide_takes_full_width_spaces_too) {
    const std::string wide = "\xE3\x80\x80";
    BOOST_TEST(trim(wide + " \t" + wide + "山田" + wide + " 太郎" + wide + "\t", Spaces::Wide) ==
               "山田" + wide + " 太郎");
    BOOST_TEST(trim(wide + wide, Spaces::Wide) == "");
    BOOST_TEST(trim("\xE3\x80", Spaces::Wide) == "\xE3\x80");  // half a space is kept
    BOOST_TEST(trim("\na\n", Spaces::Wide) == "\na\n");
}

BOOST_AUTO_TEST_CASE(all_digits_takes_ascii_digits_only) {
    BOOST_TEST(all_digits("0123456789"));
    BOOST_TEST(all_digits(""));  // the length is the caller's check
    BOOST_TEST(!all_digits("12a"));
    BOOST_TEST(!all_digits("-1"));
    BOOST_TEST(!all_digits(" 1"));
    BOOST_TEST(!all_digits("1/"));  // the bytes beside '0' and '9'
    BOOST_TEST(!all_digits("1:"));
    BOOST_TEST(!all_digits("\xEF\xBC\x91"));  // full-width １
    BOOST_TEST(
        !all_digits(std::string("1\0"
                                "2",
                                3)));
}

BOOST_AUTO_TEST_CASE(hex_digit_value_takes_both_cases_and_nothing_else) {
    BOOST_TEST(hex_digit_value('0') == 0);
    BOOST_TEST(hex_digit_value('9') == 9);
    BOOST_TEST(hex_digit_value('a') == 10);
    BOOST_TEST(hex_digit_value('F') == 15);
    BOOST_TEST(hex_digit_value('g') == -1);
    BOOST_TEST(hex_digit_value('G') == -1);
    BOOST_TEST(hex_digit_value('/') == -1);
    BOOST_TEST(hex_digit_value(':') == -1);
    BOOST_TEST(hex_digit_value('\0') == -1);
}

BOOST_AUTO_TEST_CASE(ascii_lower_and_iequals_leave_other_bytes_alone) {
    BOOST_TEST(ascii_lower('A') == 'a');
    BOOST_TEST(ascii_lower('Z') == 'z');
    BOOST_TEST(ascii_lower('@') == '@');
    BOOST_TEST(ascii_lower('[') == '[');
    BOOST_TEST(ascii_lower("Content-Type: ＡＢＣ") == "content-type: ＡＢＣ");
    BOOST_TEST(iequals("Strict-Transport-Security", "strict-transport-SECURITY"));
    BOOST_TEST(iequals("", ""));
    BOOST_TEST(!iequals("abc", "abcd"));
    BOOST_TEST(!iequals("@", "`"));  // 0x40 and 0x60 differ by the case bit only
    BOOST_TEST(!iequals("ＡＢＣ", "ａｂｃ"));
}

BOOST_AUTO_TEST_CASE(is_calendar_date_knows_leap_years) {
    BOOST_TEST(is_calendar_date(2024, 2, 29));
    BOOST_TEST(!is_calendar_date(2023, 2, 29));
    BOOST_TEST(is_calendar_date(2000, 2, 29));
    BOOST_TEST(!is_calendar_date(1900, 2, 29));
    BOOST_TEST(is_calendar_date(2026, 12, 31));
    BOOST_TEST(!is_calendar_date(2026, 4, 31));
    BOOST_TEST(!is_calendar_date(2026, 13, 1));
    BOOST_TEST(!is_calendar_date(2026, 0, 1));
    BOOST_TEST(!is_calendar_date(2026, 1, 0));
    BOOST_TEST(!is_calendar_date(0, 1, 1));
}

BOOST_AUTO_TEST_CASE(japan_date_turns_at_15_utc) {
    // 2026-11-24 14:59:59 UTC is 23:59:59 in Japan; a second later it is the 25th.
    const std::time_t before = 1795532399;
    BOOST_TEST(japan_date(before) == 20261124);
    BOOST_TEST(japan_date(before + 1) == 20261125);
    // Across the UTC midnight the date in Japan does not change.
    BOOST_TEST(japan_date(before + 9 * 3600) == 20261125);
    BOOST_TEST(japan_date(before + 9 * 3600 + 1) == 20261125);
    // New Year in Japan while it is still the old year in UTC.
    BOOST_TEST(japan_date(1798729200) == 20270101);  // 2026-12-31 15:00 UTC
    BOOST_TEST(japan_date(1798729199) == 20261231);
    BOOST_TEST(japan_date(0) == 19700101);
}

BOOST_AUTO_TEST_CASE(today_in_japan_is_japan_date_of_now) {
    const std::time_t now = std::time(nullptr);
    const int today = today_in_japan();
    // The clock may pass 15:00 UTC between the two calls.
    BOOST_TEST((today == japan_date(now) || today == japan_date(now + 60)));
}

BOOST_AUTO_TEST_CASE(lines_of_splits_at_newlines) {
    using V = std::vector<std::string_view>;
    BOOST_TEST((lines_of("") == V{""}));
    BOOST_TEST((lines_of("a") == V{"a"}));
    BOOST_TEST((lines_of("a\nb") == V{"a", "b"}));
    BOOST_TEST((lines_of("a\n") == V{"a", ""}));
    BOOST_TEST((lines_of("\n\nc\r\n") == V{"", "", "c\r", ""}));
}

BOOST_AUTO_TEST_CASE(pieces_of_splits_at_the_separator) {
    using V = std::vector<std::string_view>;
    BOOST_TEST((pieces_of("", ',') == V{""}));
    BOOST_TEST((pieces_of("a,b", ',') == V{"a", "b"}));
    BOOST_TEST((pieces_of(",a,,", ',') == V{"", "a", "", ""}));
    BOOST_TEST((pieces_of("a\nb", ',') == V{"a\nb"}));
}

BOOST_AUTO_TEST_CASE(masked_address_keeps_first_character_and_domain) {
    BOOST_TEST(masked_address("taro@example.co.jp") == "t***@example.co.jp");
    BOOST_TEST(masked_address("t@example.jp") == "t***@example.jp");
    BOOST_TEST(masked_address("太郎@example.jp") == "太***@example.jp");
    BOOST_TEST(masked_address("a@b@example.jp") == "a***@example.jp");
    BOOST_TEST(masked_address("no-at-sign") == "***");
    BOOST_TEST(masked_address("@example.jp") == "***");
    BOOST_TEST(masked_address("") == "***");
}

BOOST_AUTO_TEST_SUITE_END()
