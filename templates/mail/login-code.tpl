{{! mail/login-code.tpl: the 確認コードのお知らせ at login. Plain text, no AUTOESCAPE pragma (see registered.tpl). Line 1 is the subject. Carries the code and nothing else of the account: no name, no user ID. }}
【{{SITE_NAME}}】確認コードのお知らせ

ログインのための確認コードをお知らせします。

  確認コード: {{CODE}}

ログイン画面の「確認コード」にこの6桁の数字を入力してください。
確認コードの有効期限は10分間で、1回だけ使用できます。
新しい確認コードを受け取ると、以前の確認コードは使用できなくなります。

ログインしようとした覚えがない場合は、パスワードが他人に知られている
おそれがあります。ログイン画面の「パスワードを忘れた方」から
パスワードを再設定し、{{INSURER_NAME}}までお問い合わせください。
このコードを他人に教えないでください。組合の職員が確認コードを
お尋ねすることはありません。

このメールは送信専用です。返信いただいてもお答えできません。

{{INSURER_NAME}}
