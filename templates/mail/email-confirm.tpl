{{! mail/email-confirm.tpl: the link that confirms a new mail address (登録情報の変更), to that new address. Plain text. Line 1 is the subject. }}
【{{SITE_NAME}}】メールアドレス確認のお願い

{{SITE_NAME}} で、このメールアドレスへの変更が申し込まれました。
次のリンクを開き、「確定」を押すと変更が完了します({{HOURS}}時間以内)。

  {{LINK}}

リンクを開いただけでは変更されません。
お心当たりがない場合は、このメールを破棄してください。メールアドレスは変わりません。

このメールは送信専用です。返信いただいてもお答えできません。

{{INSURER_NAME}}
