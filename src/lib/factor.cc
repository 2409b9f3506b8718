// factor.cc: TOTP through liboath, the app's key as Base32 and otpauth URI,
// the QR code as SVG (libqrencode), mail and recovery codes and their hashes
#include "factor.h"

#include <liboath/oath.h>
#include <qrencode.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <set>

#include "error.h"
#include "password.h"
#include "random.h"
#include "request.h"
#include "text.h"
#include "validate.h"

namespace kosmo {

FactorNeed factor_needed(MfaPolicy policy, bool has_app, bool mail_codes_on) {
    if (has_app)
        return FactorNeed::App;
    switch (policy) {
    case MfaPolicy::Required:
        return FactorNeed::Mail;
    case MfaPolicy::Optional:
        return mail_codes_on ? FactorNeed::Mail : FactorNeed::None;
    case MfaPolicy::Off:
        break;
    }
    return FactorNeed::None;
}

namespace {

// liboath asks for oath_init before any other call and oath_done after the
// last; a function-local static makes the first caller, on any thread, run
// it once (C++11 guarantees one initialisation), and exit run oath_done.
class OathLibrary {
public:
    OathLibrary() {
        const int rc = oath_init();
        if (rc != OATH_OK)
            throw CryptoError(std::string("oath_init failed: ") + oath_strerror(rc));
    }
    ~OathLibrary() { oath_done(); }
    OathLibrary(const OathLibrary&) = delete;
    OathLibrary& operator=(const OathLibrary&) = delete;
};

void need_oath() {
    static const OathLibrary library;
}

struct MallocFree {
    void operator()(char* p) const { std::free(p); }
};
using MallocPtr = std::unique_ptr<char, MallocFree>;

struct QrFree {
    void operator()(QRcode* p) const { QRcode_free(p); }
};
using QrPtr = std::unique_ptr<QRcode, QrFree>;

// Crockford's Base32: no I, L, O (read as 1, 1, 0) and no U.
constexpr std::string_view kRecoveryAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kRecoveryGroup = 5;
constexpr int kQuietZone = 4;  // modules of white around the code (ISO/IEC 18004)
constexpr int kModulePixels = 4;

// TYPED made ASCII (normalize_input) without the spaces and hyphens members
// put between groups.
std::string without_separators(std::string_view typed) {
    std::string out;
    for (char c : normalize_input(typed))
        if (c != ' ' && c != '-')
            out += c;
    return out;
}

// The path data of the dark modules of CODE: a rectangle per run of dark
// modules in a row, offset by the quiet zone.
std::string dark_modules_path(const QRcode& code) {
    std::string d;
    const int w = code.width;
    for (int y = 0; y < w; ++y) {
        for (int x = 0; x < w;) {
            if (!(code.data[y * w + x] & 1)) {
                ++x;
                continue;
            }
            int run = 1;
            while (x + run < w && (code.data[y * w + x + run] & 1))
                ++run;
            d += "M" + std::to_string(x + kQuietZone) + " " + std::to_string(y + kQuietZone) + "h" +
                 std::to_string(run) + "v1h-" + std::to_string(run) + "z";
            x += run;
        }
    }
    return d;
}

}  // namespace

std::string new_totp_secret() {
    return random_bytes(kTotpSecretBytes);
}

std::int64_t totp_step(std::time_t now) {
    return now <= 0 ? 0 : std::int64_t(now) / kTotpStepSeconds;
}

std::string totp_code(std::string_view secret, std::int64_t step) {
    if (secret.empty() || step < 0)
        throw CryptoError("totp: empty key or negative step");
    need_oath();
    char out[kTotpDigits + 1] = {};
    const int rc =
        oath_totp_generate(secret.data(), secret.size(), std::time_t(step * kTotpStepSeconds),
                           kTotpStepSeconds, OATH_TOTP_DEFAULT_START_TIME, kTotpDigits, out);
    if (rc != OATH_OK)
        throw CryptoError(std::string("oath_totp_generate failed: ") + oath_strerror(rc));
    return std::string(out, kTotpDigits);
}

TotpResult check_totp(std::string_view secret, std::string_view code, std::time_t now,
                      std::int64_t last_step) {
    TotpResult result{TotpCheck::Wrong, 0};
    const std::int64_t current = totp_step(now);
    // Earliest first, and no early exit: the time taken does not say which
    // step matched, or whether one did.
    for (std::int64_t step = current - kTotpDriftSteps; step <= current + kTotpDriftSteps; ++step) {
        if (step < 0 || !constant_time_equal(totp_code(secret, step), code))
            continue;
        if (step > last_step && result.check != TotpCheck::Accepted)
            result = {TotpCheck::Accepted, step};
        else if (result.check == TotpCheck::Wrong)
            result = {TotpCheck::Replayed, step};
    }
    return result;
}

std::string base32(std::string_view bytes) {
    need_oath();
    char* raw = nullptr;
    std::size_t len = 0;
    const int rc = oath_base32_encode(bytes.data(), bytes.size(), &raw, &len);
    MallocPtr out(raw);
    if (rc != OATH_OK)
        throw CryptoError(std::string("oath_base32_encode failed: ") + oath_strerror(rc));
    std::string text(out ? out.get() : "", out ? len : 0);
    // liboath pads to a multiple of 8; the key URI format and the apps take
    // the key without it.
    text.erase(text.find_last_not_of('=') + 1);
    return text;
}

std::optional<std::string> base32_decode(std::string_view text) {
    need_oath();
    char* raw = nullptr;
    std::size_t len = 0;
    const int rc = oath_base32_decode(text.data(), text.size(), &raw, &len);
    MallocPtr out(raw);
    if (rc != OATH_OK)
        return std::nullopt;
    return std::string(out ? out.get() : "", out ? len : 0);
}

std::string in_groups(std::string_view text, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += n) {
        if (i > 0)
            out += ' ';
        out.append(text.substr(i, n));
    }
    return out;
}

std::string otpauth_uri(std::string_view issuer, std::string_view account,
                        std::string_view secret) {
    const std::string who = url_encode(issuer);
    return "otpauth://totp/" + who + ":" + url_encode(account) + "?secret=" + base32(secret) +
           "&issuer=" + who + "&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) +
           "&period=" + std::to_string(kTotpStepSeconds);
}

std::string qr_svg(std::string_view text) {
    if (text.find('\0') != std::string_view::npos)
        throw Error("qr code: text holds a NUL");
    const std::string input(text);
    // Version 0: the smallest that holds TEXT. Case-sensitive, so the
    // Base32 key and the URI stay exactly as they are.
    QrPtr code(QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
    if (!code)
        throw Error(std::string("qr code of ") + std::to_string(text.size()) +
                    " bytes: " + std::strerror(errno));
    const std::string size = std::to_string(code->width + 2 * kQuietZone);
    const std::string pixels = std::to_string((code->width + 2 * kQuietZone) * kModulePixels);
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size +
           "\" width=\"" + pixels + "\" height=\"" + pixels +
           "\" shape-rendering=\"crispEdges\"><rect width=\"" + size + "\" height=\"" + size +
           "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + dark_modules_path(*code) + "\"/></svg>\n";
}

std::optional<std::string> typed_code(std::string_view typed) {
    std::string code = without_separators(typed);
    if (code.size() != kTotpDigits || !all_digits(code))
        return std::nullopt;
    return code;
}

std::string new_mail_code() {
    return random_string(kTotpDigits, "0123456789");
}

std::vector<std::string> new_recovery_codes() {
    // Ten distinct codes: equal ones would be one code counted twice.
    std::set<std::string> seen;
    std::vector<std::string> codes;
    while (codes.size() < kRecoveryCodes) {
        std::string code = random_string(kRecoveryCodeChars, kRecoveryAlphabet);
        if (seen.insert(code).second)
            codes.push_back(std::move(code));
    }
    return codes;
}

std::string recovery_code_display(std::string_view code) {
    if (code.size() != kRecoveryCodeChars)
        return std::string(code);
    return std::string(code.substr(0, kRecoveryGroup)) + "-" +
           std::string(code.substr(kRecoveryGroup));
}

std::optional<std::string> typed_recovery_code(std::string_view typed) {
    std::string code = without_separators(typed);
    for (char& c : code) {
        if (c >= 'a' && c <= 'z')
            c = char(c - 'a' + 'A');
        if (c == 'O')
            c = '0';
        else if (c == 'I' || c == 'L')
            c = '1';
        if (kRecoveryAlphabet.find(c) == std::string_view::npos)
            return std::nullopt;
    }
    if (code.size() != kRecoveryCodeChars)
        return std::nullopt;
    return code;
}

std::string code_hash(std::string_view server_secret, CodeKind kind, std::uint64_t account_id,
                      std::string_view code) {
    // An empty key would make the hash a plain one: never silently.
    if (server_secret.empty())
        throw CryptoError("code hash: empty server secret");
    std::string data = kind == CodeKind::Mail ? "kosmo mail code v1" : "kosmo recovery code v1";
    data += '\0';
    data += std::to_string(account_id);
    data += '\0';
    data.append(code);
    return hmac_sha256(server_secret, data);
}

bool code_matches(std::string_view server_secret, CodeKind kind, std::uint64_t account_id,
                  std::string_view code, std::string_view stored) {
    return constant_time_equal(code_hash(server_secret, kind, account_id, code), stored);
}

}  // namespace kosmo
