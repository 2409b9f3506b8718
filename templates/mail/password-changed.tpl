{{! mail/password-changed.tpl: the パスワード変更のお知らせ. Plain text, no AUTOESCAPE pragma (see registered.tpl). Line 1 is the subject. Never names the password. PASSWORD_EXPIRES: how long the password lasts ([security] password_max_days, PASSWORD_DAYS; not shown at 0). }}
【{{SITE_NAME}}】パスワード変更のお知らせ

{{NAME}} 様

ユーザID {{USER_ID}} のパスワードが変更されました。
{{#PASSWORD_EXPIRES}}新しいパスワードは、変更した日から{{PASSWORD_DAYS}}日間有効です。
{{/PASSWORD_EXPIRES}}安全のため、ログイン中の画面はすべてログアウトしました。

パスワードの変更に心当たりがない場合は、すぐに
ログイン画面の「パスワードを忘れた方」からパスワードを再設定し、
{{INSURER_NAME}}までお問い合わせください。

  {{PUBLIC_URL}}login

このメールは送信専用です。返信いただいてもお答えできません。

{{INSURER_NAME}}
