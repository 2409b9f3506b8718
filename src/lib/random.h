// random.h: kernel CSPRNG bytes, and hex to write them (and read hex back)
#ifndef KOSMO_RANDOM_H
#define KOSMO_RANDOM_H

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kosmo {

// N bytes from the kernel's CSPRNG (getrandom). Throws CryptoError.
std::string random_bytes(std::size_t n);

// BYTES as lowercase hex digits.
std::string hex(std::string_view bytes);

// The bytes of TEXT (hex digits of either case, an even number of them);
// nullopt for anything else.
std::optional<std::string> unhex(std::string_view text);

}  // namespace kosmo

#endif
