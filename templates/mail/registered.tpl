{{! mail/registered.tpl: the completion mail. Plain text, not HTML, so no AUTOESCAPE pragma (ctemplate has no plain-text context); values reaching it are checked by the caller. Line 1 is the subject, then a blank line, then the body. PASSWORD_EXPIRES: how long the password lasts (PASSWORD_DAYS; not shown when passwords never expire). }}
【{{SITE_NAME}}】手続き完了のお知らせ

{{NAME}} 様

{{SITE_NAME}} の本登録が完了しました。
webサービスが利用可能になりました。

  ユーザID: {{USER_ID}}

ユーザIDは変更できません。{{#PASSWORD_EXPIRES}}パスワードは登録から{{PASSWORD_DAYS}}日間有効です。{{/PASSWORD_EXPIRES}}
パスワードはこのメールには記載していません。

医療費情報や資格情報が更新された場合、このメールアドレスに通知メールが届きます。
メインメニュー画面から、照会したいメニューを選択してご利用ください。

このメールに心当たりがない場合は、{{INSURER_NAME}}までお問い合わせください。
このメールは送信専用です。返信いただいてもお答えできません。

{{INSURER_NAME}}
