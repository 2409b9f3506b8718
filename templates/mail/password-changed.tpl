{{! mail/password-changed.tpl: the パスワード変更のお知らせ. Plain text, no AUTOESCAPE pragma (see registered.tpl). Line 1 is the subject. Never names the password. VALID_DAYS: passwords expire ([security] password_max_days, DAYS; not shown at 0). }}
【{{SITE_NAME}}】パスワード変更のお知らせ

{{NAME}} 様

ユーザID {{USER_ID}} のパスワードが変更されました。
{{#VALID_DAYS}}新しいパスワードは、変更した日から{{DAYS}}日間有効です。
{{/VALID_DAYS}}安全のため、ログイン中の画面はすべてログアウトしました。

パスワードの変更に心当たりがない場合は、すぐに
ログイン画面の「パスワードを忘れた方」からパスワードを再設定し、
{{INSURER_NAME}}までお問い合わせください。

  {{PUBLIC_URL}}login

このメールは送信専用です。返信いただいてもお答えできません。

{{INSURER_NAME}}
