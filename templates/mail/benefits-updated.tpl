{{! mail/benefits-updated.tpl: the update notice of an import of 給付金 decisions. Plain text. It says only that a decision was added or changed: no amount, kind of benefit, name or date travels by mail (health data stays in the portal). Line 1 is the subject. }}
【{{SITE_NAME}}】給付金支給決定のお知らせ

{{SITE_NAME}} をご利用いただきありがとうございます。

給付金の支給決定のお知らせが届いています。
内容は、ログインのうえメインメニューの「給付金のお知らせ」でご確認ください。

  {{PUBLIC_URL}}login

このお知らせが不要な場合は、「登録情報の変更」で
「更新のお知らせメールを受け取る」のチェックを外してください。

このメールは送信専用です。返信いただいてもお答えできません。

{{INSURER_NAME}}
