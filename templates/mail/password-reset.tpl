{{! mail/password-reset.tpl: the パスワード再設定のご案内. Plain text, no AUTOESCAPE pragma (see registered.tpl); RESET_URL carries the one-time token and nothing else secret. Line 1 is the subject. }}
【{{SITE_NAME}}】パスワード再設定のご案内

{{NAME}} 様

パスワードの再設定のお申し込みを受け付けました。
次のリンクを開き、新しいパスワードを登録してください。

  {{RESET_URL}}

このリンクは30分間、1回だけ有効です。有効期限が切れた場合は、
ログイン画面の「パスワードを忘れた方」からもう一度お申し込みください。

お申し込みに心当たりがない場合は、このメールを破棄してください。
パスワードは変更されません。

このメールは送信専用です。返信いただいてもお答えできません。

{{INSURER_NAME}}
