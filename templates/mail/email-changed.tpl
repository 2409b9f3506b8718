{{! mail/email-changed.tpl: to the old address once a mail address change is confirmed. Plain text. Line 1 is the subject. }}
【{{SITE_NAME}}】メールアドレス変更のお知らせ

{{SITE_NAME}} のユーザID {{USER_ID}} のメールアドレスが変更されました。
今後のお知らせは新しいメールアドレスにお送りします。

お心当たりがない場合は、すぐに{{INSURER_NAME}}までお問い合わせください。

  {{PUBLIC_URL}}login

このメールは送信専用です。返信いただいてもお答えできません。

{{INSURER_NAME}}
