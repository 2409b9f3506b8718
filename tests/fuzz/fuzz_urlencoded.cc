// fuzz_urlencoded.cc: libFuzzer target for the urlencoded form parser and the UTF-8 check
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "fuzz.h"
#include "request.h"
#include "text.h"

namespace {

// A second, independent reading of "well-formed UTF-8" (decode the code
// point, then reject overlongs, surrogates and values above U+10FFFF), so
// that the two must agree on every input.
bool reference_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        std::size_t len;
        long cp;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (s.size() - i < len)
            return false;
        for (std::size_t k = 1; k < len; ++k) {
            const unsigned char d = static_cast<unsigned char>(s[i + k]);
            if ((d & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (d & 0x3F);
        }
        static const long min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    FUZZ_REQUIRE(kosmo::is_valid_utf8(body) == reference_utf8(body));

    std::map<std::string, std::string> form;
    const bool ok = kosmo::parse_urlencoded(body, form);
    for (const auto& [name, value] : form) {
        // A decoded pair is never longer than its encoding, and a nameless
        // value is dropped.
        FUZZ_REQUIRE(!name.empty() && name.size() + value.size() <= body.size());
        FUZZ_REQUIRE(kosmo::is_valid_utf8(name) == reference_utf8(name) &&
                     kosmo::is_valid_utf8(value) == reference_utf8(value));
    }
    if (!ok)
        return 0;

    // What url_encode writes, parse_urlencoded reads back unchanged.
    std::string again;
    for (const auto& [name, value] : form) {
        if (!again.empty())
            again += '&';
        again += kosmo::url_encode(name) + '=' + kosmo::url_encode(value);
    }
    std::map<std::string, std::string> round;
    FUZZ_REQUIRE(kosmo::parse_urlencoded(again, round) && round == form);
    return 0;
}
