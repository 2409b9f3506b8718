// credentials.h: drawing temporary credentials (import-members, reissue)
#ifndef KOSMO_CREDENTIALS_H
#define KOSMO_CREDENTIALS_H

#include <string>

namespace kosmo::ctl {

// A temporary user ID "XXXX-XXXX" from letters and digits that cannot be
// mistaken for each other on paper. The hyphen keeps it from ever being a
// permanent ID (8-13 letters and digits).
std::string draw_temp_user_id();

// A temporary password: 12 characters from lower-case letters and digits
// without look-alikes (about 60 bits), always with at least one letter and
// one digit, so that it has the shape of a valid permanent password and the
// rule "not the temporary password" can really apply.
std::string draw_temp_password();

}  // namespace kosmo::ctl

#endif
