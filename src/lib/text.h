// text.h: UTF-8 decoding and checks, trimming, ASCII case, the society's
// calendar: the one copy
#ifndef KOSMO_TEXT_H
#define KOSMO_TEXT_H

#include <cstddef>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace kosmo {

// Decodes the UTF-8 sequence at S[I]: returns its code point and advances I
// past it, or returns -1 and advances I by one byte when the sequence is
// invalid (a stray continuation byte, an overlong form, a UTF-16 surrogate,
// beyond U+10FFFF, or cut off by the end of S). I must be < S.size().
long next_code_point(std::string_view s, std::size_t& i);

// The length a UTF-8 sequence starting with LEAD claims (1..4), 1 for a
// byte that cannot start one, so that even invalid text can be split.
std::size_t utf8_sequence_length(unsigned char lead);

// True when S is valid UTF-8 (NUL and control characters are valid here).
bool is_valid_utf8(std::string_view s);

// C0 controls (NUL included), DEL and C1 controls.
bool is_control(long cp);

// The number of code points of S, or -1 when S holds invalid UTF-8 or a
// control character (NUL included).
long clean_length(std::string_view s);

// S made fit for a utf8mb4 column of MAX_CHARS characters: each invalid
// byte and each NUL becomes '?', and it ends after MAX_CHARS characters.
std::string fit_utf8(std::string_view s, std::size_t max_chars);

// What trim takes away at both ends.
enum class Spaces {
    Blank,  // ' ' and '\t' (HTTP's optional white space)
    Ascii,  // ' ', '\t', '\r', '\n', '\v', '\f'
    Wide,   // ' ', '\t' and the ideographic space U+3000 (text typed in Japan)
};

// S without WHICH spaces at both ends (a view into S).
std::string_view trim(std::string_view s, Spaces which = Spaces::Blank);

// The pieces of TEXT between SEPARATORs (each without it; the piece after
// the last one counts, empty or not, so "" is one empty piece).
std::vector<std::string_view> pieces_of(std::string_view text, char separator);

// The lines of TEXT, split at '\n' (each without it; a final line without
// one counts, and so does the empty one after a final '\n').
std::vector<std::string_view> lines_of(std::string_view text);

// C with A-Z mapped to a-z; every other byte unchanged (no locale).
char ascii_lower(char c);
std::string ascii_lower(std::string_view s);

// A and B equal when A-Z and a-z are taken as the same (no locale).
bool iequals(std::string_view a, std::string_view b);

// The value of hex digit C (either case), -1 when C is not one.
int hex_digit_value(char c);

// True when every byte of S is an ASCII digit 0-9 (so also when S is
// empty: callers check the length they need).
bool all_digits(std::string_view s);

// ADDRESS as a page may show it to whoever holds the session before the
// second factor: the local part's first character, "***", and the domain
// ("t***@example.co.jp"); "***" for anything without an '@'.
std::string masked_address(std::string_view address);

// True when YEAR-MONTH-DAY is a day of the Gregorian calendar (leap years
// counted); YEAR must be >= 1.
bool is_calendar_date(int year, int month, int day);

// The date in Japan (JST, UTC+9, no daylight saving) at NOW, as YYYYMMDD
// (e.g. 20261124). The members and the society live on Japan's calendar: a
// birth date "not in the future" and the date of an import are judged on it,
// whatever the time zone of the server that runs the check.
int japan_date(std::time_t now);

// japan_date of the current time.
int today_in_japan();

}  // namespace kosmo

#endif
