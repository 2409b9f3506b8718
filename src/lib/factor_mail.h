// factor_mail.h: the second factor's two mails, queued in the caller's
// transaction: 確認コードのお知らせ (a login's code) and
// 二段階認証の設定変更のお知らせ (an app set up, removed or reset)
#ifndef KOSMO_FACTOR_MAIL_H
#define KOSMO_FACTOR_MAIL_H

#include <cstdint>
#include <optional>
#include <string_view>

#include "config.h"
#include "db.h"
#include "q/factors.h"
#include "render.h"

namespace kosmo {

// Queues CODE to ACCOUNT's registered address: the code and nothing else of
// the account. The outbox row's id (hand it to sendmail after the commit:
// Context::send_after_response).
std::uint64_t queue_login_code(Db& db, const Renderer& renderer, const Config& config,
                               const q::AccountFactors& account, std::string_view code);

enum class FactorChange { AppSet, AppRemoved, AppReset };

// Queues the notice of CHANGE to ACCOUNT's registered address, named by
// MEMBER_NAME. The outbox row's id.
std::uint64_t queue_factor_changed(Db& db, const Renderer& renderer, const Config& config,
                                   const q::AccountFactors& account, std::string_view member_name,
                                   FactorChange change);

}  // namespace kosmo

#endif
