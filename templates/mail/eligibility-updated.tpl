{{! mail/eligibility-updated.tpl: the update notice of an import of 資格 (eligibility) records. Plain text. It says only that something was updated: no amount, provider, name or date travels by mail (health data stays in the portal). Line 1 is the subject. }}
【{{SITE_NAME}}】資格情報更新のお知らせ

{{SITE_NAME}} をご利用いただきありがとうございます。

資格情報が更新されました。
内容は、ログインのうえメインメニューの「資格情報」でご確認ください。

  {{PUBLIC_URL}}login

このお知らせが不要な場合は、「登録情報の変更」で
「更新のお知らせメールを受け取る」のチェックを外してください。

このメールは送信専用です。返信いただいてもお答えできません。

{{INSURER_NAME}}
