// random.cc: kernel CSPRNG bytes and hex; the lowest layer, so request IDs
// need nothing of the hashing code
#include "random.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "error.h"
#include "text.h"

namespace kosmo {

// From the kernel's CSPRNG (getrandom(2)) rather than OpenSSL's DRBG: the
// same quality, and a tenth of the cost on every fresh visitor's token
// (OpenSSL re-keys its AES-CTR generator and checks its pid per call).
std::string random_bytes(std::size_t n) {
    std::string out(n, '\0');
    std::size_t got = 0;
    while (got < n) {
        const ssize_t r = ::getrandom(&out[got], n - got, 0);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            throw CryptoError(std::string("getrandom failed: ") + std::strerror(errno));
        }
        got += static_cast<std::size_t>(r);
    }
    return out;
}

std::string hex(std::string_view bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char c : bytes) {
        out += digits[std::uint8_t(c) >> 4];
        out += digits[std::uint8_t(c) & 15];
    }
    return out;
}

std::optional<std::string> unhex(std::string_view text) {
    if (text.size() % 2 != 0)
        return std::nullopt;
    std::string out;
    out.reserve(text.size() / 2);
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int hi = hex_digit_value(text[i]), lo = hex_digit_value(text[i + 1]);
        if (hi < 0 || lo < 0)
            return std::nullopt;
        out += char(hi << 4 | lo);
    }
    return out;
}

}  // namespace kosmo
