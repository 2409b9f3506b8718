#!/usr/bin/env python3
# totp.py: the tests' own authenticator app, written from RFC 6238 (TOTP:
# HMAC-SHA-1 over the 30-second time step, dynamic truncation, 6 digits),
# apart from the server's liboath, so that a test checks the server against
# an independent implementation, as a member's phone would.
#
#   totp.py BASE32KEY [UNIX_TIME]   the code at UNIX_TIME (default now)
#   totp.py --uri-key OTPAUTH_URI   the Base32 key of an otpauth:// URI
import base64
import hashlib
import hmac
import struct
import sys
import time
import urllib.parse

STEP_SECONDS = 30
DIGITS = 6


def key_bytes(text):
    """The key typed as an app takes it: spaces dropped, any case, no padding."""
    text = "".join(text.split()).upper()
    return base64.b32decode(text + "=" * (-len(text) % 8))


def code(key, unix_time):
    counter = int(unix_time) // STEP_SECONDS
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10 ** DIGITS).zfill(DIGITS)


def uri_key(uri):
    parsed = urllib.parse.urlparse(uri)
    if parsed.scheme != "otpauth" or parsed.netloc != "totp":
        raise SystemExit("totp.py: not an otpauth://totp/ URI: " + uri)
    query = urllib.parse.parse_qs(parsed.query)
    return query["secret"][0]


def main(argv):
    if len(argv) == 3 and argv[1] == "--uri-key":
        print(uri_key(argv[2]))
        return 0
    if len(argv) not in (2, 3):
        print("usage: totp.py BASE32KEY [UNIX_TIME] | totp.py --uri-key OTPAUTH_URI",
              file=sys.stderr)
        return 2
    at = int(argv[2]) if len(argv) == 3 else time.time()
    print(code(key_bytes(argv[1]), at))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
