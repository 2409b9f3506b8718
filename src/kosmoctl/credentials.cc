// credentials.cc: drawing temporary credentials (import-members, reissue)
#include "credentials.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "password.h"

namespace kosmo::ctl {

namespace {

constexpr std::string_view kIdAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
constexpr std::string_view kPasswordAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";
constexpr std::size_t kPasswordLength = 12;

bool has(const std::string& s, int (*kind)(int)) {
    return std::any_of(s.begin(), s.end(), [kind](unsigned char c) { return kind(c) != 0; });
}

}  // namespace

std::string draw_temp_user_id() {
    return random_string(4, kIdAlphabet) + "-" + random_string(4, kIdAlphabet);
}

std::string draw_temp_password() {
    // Redrawing the rare all-letter or all-digit string costs a few bits of
    // the ~60 and keeps the draw uniform over what is left.
    for (;;) {
        std::string pw = random_string(kPasswordLength, kPasswordAlphabet);
        if (has(pw, isalpha) && has(pw, isdigit))
            return pw;
    }
}

}  // namespace kosmo::ctl
