// fuzz_validators.cc: libFuzzer target calling every validator of validate.h, each with its
// promises checked
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz.h"
#include "request.h"
#include "text.h"
#include "validate.h"

namespace {

using kosmo::Reason;

bool digits(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool has_control(const std::string& s) {
    return std::any_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    const std::string a = in.ConsumeRandomLengthString(300);
    const std::string b = in.ConsumeRandomLengthString(300);
    const int today = in.ConsumeIntegralInRange<int>(19000101, 29991231);
    const auto category = static_cast<kosmo::Category>(in.ConsumeIntegralInRange<int>(0, 4));
    std::vector<std::string> domains;
    while (in.remaining_bytes() > 0 && domains.size() < 3)
        domains.push_back(in.ConsumeRandomLengthString(40));

    // normalize_input: trimmed, never longer, and a second pass changes nothing.
    const std::string norm = kosmo::normalize_input(a);
    FUZZ_REQUIRE(norm.size() <= a.size());
    FUZZ_REQUIRE(kosmo::normalize_input(norm) == norm);
    if (kosmo::is_valid_utf8(a))
        FUZZ_REQUIRE(kosmo::is_valid_utf8(norm));

    const std::string prefix = a.substr(0, 7);
    const int check = kosmo::insurer_check_digit(prefix);
    FUZZ_REQUIRE(prefix.size() == 7 && digits(prefix) ? check >= 0 && check <= 9 : check == -1);

    if (kosmo::validate_insurer_number(norm) == Reason::Ok)
        FUZZ_REQUIRE(norm.size() == 8 && digits(norm) &&
                     kosmo::insurer_check_digit(norm.substr(0, 7)) == norm[7] - '0');

    const Reason birth = kosmo::validate_birth_date(norm, today);
    if (birth == Reason::Ok)
        FUZZ_REQUIRE(norm.size() == 8 && digits(norm) && std::stoi(norm) <= today &&
                     std::stoi(norm) >= 19000101);

    if (kosmo::validate_user_id(norm) == Reason::Ok)
        FUZZ_REQUIRE(norm.size() >= 8 && norm.size() <= 13 &&
                     std::all_of(norm.begin(), norm.end(), alnum));

    // The password is taken as typed (no normalization).
    if (kosmo::validate_password(a, b) == Reason::Ok) {
        FUZZ_REQUIRE(a.size() >= 8 && a.size() <= 128 && kosmo::is_valid_utf8(a) &&
                     !has_control(a));
        FUZZ_REQUIRE(!kosmo::is_common_password(a));
    }
    FUZZ_REQUIRE((kosmo::validate_password_confirm(a, b) == Reason::Ok) == (a == b));

    // An accepted address can stand in a mail header as it is.
    if (kosmo::validate_email(norm, category, domains) == Reason::Ok) {
        FUZZ_REQUIRE(!norm.empty() && norm.size() <= 254 && !has_control(norm));
        FUZZ_REQUIRE(std::count(norm.begin(), norm.end(), '@') == 1);
        FUZZ_REQUIRE(std::all_of(norm.begin(), norm.end(), [](char c) {
            return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f &&
                   c != '"' && c != '<' && c != '>' && c != ',' && c != ';';
        }));
    }

    const auto parsed = kosmo::parse_category(a);
    if (parsed)
        FUZZ_REQUIRE(a == kosmo::category_name(*parsed));
    FUZZ_REQUIRE(kosmo::parse_category(kosmo::category_name(category)) == category);
    return 0;
}
