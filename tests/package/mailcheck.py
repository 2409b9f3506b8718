#!/usr/bin/env python3
"""mailcheck.py: the local mailbox Exim delivered into, as the package test reads it.

  mailcheck.py split MBOX DIR        each message of the mbox MBOX as DIR/NNNN.eml
                                     (the files lib.sh's mail helpers read), oldest first
  mailcheck.py check FILE SUBJECT    the headers pass Python's email parser in its strict
                                     policy and the subject decodes to SUBJECT exactly;
                                     prints each problem, exits 1 when there is one
  mailcheck.py links FILE            the http(s) links of the decoded body, one a line
"""

import email
import email.policy
import mailbox
import os
import re
import sys

# Headers every mail kosmo hands to the MTA carries, beside the subject.
REQUIRED = ("From", "To", "Date", "Message-ID", "MIME-Version", "Content-Type")


def split(mbox, out):
    os.makedirs(out, exist_ok=True)
    if not os.path.exists(mbox):
        return
    for n, msg in enumerate(mailbox.mbox(mbox, create=False)):
        path = os.path.join(out, "%04d.eml" % n)
        if not os.path.exists(path):
            with open(path, "wb") as f:
                f.write(msg.as_bytes())


def parse(path):
    with open(path, "rb") as f:
        return email.message_from_binary_file(f, policy=email.policy.strict)


def problems(path, subject):
    # policy.strict raises on a defect the parser finds in the message's
    # structure; a header's own defects are kept on the header, so each is
    # read and its defects counted as well.
    try:
        msg = parse(path)
    except Exception as e:
        return ["the strict parser refuses the mail: %r" % e]
    found = []
    for name in REQUIRED + ("Subject",):
        try:
            value = msg[name]
        except Exception as e:
            found.append("%s: %r" % (name, e))
            continue
        if value is None:
            found.append("no %s header" % name)
        elif value.defects:
            found.append("%s has defects: %s" % (name, value.defects))
    if found:
        return found
    if msg["MIME-Version"] != "1.0":
        found.append("MIME-Version is %r" % str(msg["MIME-Version"]))
    if msg["Date"].datetime is None:
        found.append("Date %r is not a date" % str(msg["Date"]))
    if not re.fullmatch(r"<[^<>@\s]+@[^<>@\s]+>", str(msg["Message-ID"]).strip()):
        found.append("Message-ID %r is not <left@right>" % str(msg["Message-ID"]))
    if len(msg["From"].addresses) != 1 or len(msg["To"].addresses) != 1:
        found.append("From and To are not one address each")
    decoded = msg["Subject"]
    raw_subject = dict(msg.raw_items()).get("Subject", "")
    if not re.search(r"=\?utf-8\?[bq]\?", raw_subject, re.I):
        found.append("the subject is not RFC 2047 encoded: %r" % raw_subject)
    if str(decoded) != subject:
        found.append("the subject decodes to %r, not %r" % (str(decoded), subject))
    if msg.get_content_type() != "text/plain" or msg.get_content_charset() != "utf-8":
        found.append("the body is %s; charset=%s" % (msg.get_content_type(), msg.get_content_charset()))
    return found


def links(path):
    body = parse(path).get_content()
    return re.findall(r"https?://[^\s<>\"]+", body)


def main(argv):
    if len(argv) == 4 and argv[1] == "split":
        split(argv[2], argv[3])
        return 0
    if len(argv) == 4 and argv[1] == "check":
        found = problems(argv[2], argv[3])
        for line in found:
            print(line)
        return 1 if found else 0
    if len(argv) == 3 and argv[1] == "links":
        print("\n".join(links(argv[2])))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
