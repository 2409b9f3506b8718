// main.cc: kosmo-login.fcgi, step 1 (login) and the main menu
#include "login.h"
#include "server.h"

int main(int argc, char** argv) {
    const std::vector<kosmo::Route> routes = {
        {"GET", "/login", kosmo::login_form},
        {"POST", "/login", kosmo::login_submit},
        {"GET", "/menu", kosmo::menu_page},
        {"POST", "/logout", kosmo::logout_submit},
    };
    return kosmo::run_fcgi_main(argc, argv, "kosmo-login.fcgi",
                                "step 1: login with the temporary or permanent ID; main menu",
                                routes);
}
