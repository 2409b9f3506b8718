// fuzz_cookies.cc: libFuzzer target for the Cookie header parser
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz.h"
#include "request.h"

namespace {

bool edge_space(std::string_view s) {
    return !s.empty() &&
           (s.front() == ' ' || s.front() == '\t' || s.back() == ' ' || s.back() == '\t');
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view header(reinterpret_cast<const char*>(data), size);
    const auto cookies = kosmo::parse_cookies(header);
    std::size_t total = 0;
    for (const auto& [name, value] : cookies) {
        // Pairs are split at ';' and '=' and trimmed: no name is empty or
        // holds a separator, no value holds a ';', neither keeps the spaces
        // around it.
        FUZZ_REQUIRE(!name.empty() && name.find_first_of(";=") == std::string::npos &&
                     value.find(';') == std::string::npos && !edge_space(name));
        total += name.size() + value.size();
    }
    FUZZ_REQUIRE(total <= header.size());
    // Every cookie the parser reports is found by name.
    kosmo::Request req;
    req.cookies = cookies;
    for (const auto& [name, value] : cookies)
        FUZZ_REQUIRE(req.cookie(name) == value);
    return 0;
}
