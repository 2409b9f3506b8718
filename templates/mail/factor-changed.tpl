{{! mail/factor-changed.tpl: the 二段階認証の設定変更のお知らせ on every set-up and removal of the app (the member's, or kosmoctl mfa-reset). Plain text, no AUTOESCAPE pragma (see registered.tpl). Line 1 is the subject. Names no key and no code. }}
【{{SITE_NAME}}】二段階認証の設定変更のお知らせ

{{NAME}} 様

ユーザID {{USER_ID}} の二段階認証の設定が変更されました。

{{#APP_SET}}  認証アプリが設定されました。次回からのログインでは、認証アプリに
  表示される確認コードを入力してください。
{{/APP_SET}}{{#APP_REMOVED}}  認証アプリの設定が解除されました。
{{/APP_REMOVED}}{{#APP_RESET}}  お申し出により、組合で認証アプリの設定を解除しました。
{{/APP_RESET}}
この変更に心当たりがない場合は、すぐにログイン画面の
「パスワードを忘れた方」からパスワードを再設定し、
{{INSURER_NAME}}までお問い合わせください。

  {{PUBLIC_URL}}login

このメールは送信専用です。返信いただいてもお答えできません。

{{INSURER_NAME}}
