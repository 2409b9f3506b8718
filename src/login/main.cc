// main.cc: kosmo-login.fcgi, step 1 (login) and logout (the main menu is
// kosmo-portal.fcgi's)
#include "login.h"
#include "server.h"

int main(int argc, char** argv) {
    const std::vector<kosmo::Route> routes = {
        {"GET", "/login", kosmo::login_form},
        {"POST", "/login", kosmo::login_submit},
        {"POST", "/logout", kosmo::logout_submit},
    };
    return kosmo::run_fcgi_main(argc, argv, "kosmo-login.fcgi",
                                "step 1: login with the temporary or permanent ID; logout",
                                routes);
}
