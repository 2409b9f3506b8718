{{! mail/password-expiring.tpl: the パスワード有効期限のお知らせ, 14 days before expiry. Plain text, no AUTOESCAPE pragma (see registered.tpl). Line 1 is the subject. }}
【{{SITE_NAME}}】パスワード有効期限のお知らせ

{{NAME}} 様

ユーザID {{USER_ID}} のパスワードは {{EXPIRES_ON}} に有効期限が切れます。
期限が切れた後にログインすると、新しいパスワードの登録をお願いする画面が
表示されます。

  {{PUBLIC_URL}}login

このメールは送信専用です。返信いただいてもお答えできません。

{{INSURER_NAME}}
