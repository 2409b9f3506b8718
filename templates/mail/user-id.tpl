{{! mail/user-id.tpl: the ユーザIDのお知らせ. Plain text, no AUTOESCAPE pragma (see registered.tpl). Line 1 is the subject. Names the user ID, never the password or the birth date. }}
【{{SITE_NAME}}】ユーザIDのお知らせ

{{NAME}} 様

ユーザIDのお問い合わせを受け付けました。
ご登録のユーザIDは次のとおりです。

  ユーザID: {{USER_ID}}

次のページからログインしてください。

  {{PUBLIC_URL}}login

お問い合わせに心当たりがない場合は、このメールを破棄してください。
このメールは送信専用です。返信いただいてもお答えできません。

{{INSURER_NAME}}
