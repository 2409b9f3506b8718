{{%AUTOESCAPE context="HTML"}}
<p class="lead">入力した内容を確認してください。内容が正しければ「実行」ボタンを、誤りがあれば「戻る」ボタンを押してください。</p>
<dl class="review">
  <dt>ユーザID</dt><dd>{{USER_ID}}</dd>
  <dt>パスワード</dt><dd>{{PASSWORD_MASK}}(安全のため表示していません)</dd>
  <dt>メールアドレス</dt><dd>{{EMAIL}}</dd>
</dl>
<section class="notice" aria-labelledby="mail-title">
  <h2 id="mail-title">「実行」ボタンを押す前にご確認ください</h2>
  <p>登録が完了するとすぐに「{{MAIL_FROM}}」から手続き完了メールが届きます。受信メールのドメイン指定などをされている場合は、このメールを受け取れるよう、先に受信設定を変更してください。</p>
</section>
<div class="actions two">
  <form method="post" action="/register/execute">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <button type="submit" class="primary">実行</button>
  </form>
  <form method="post" action="/register/back">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <button type="submit" class="secondary">戻る</button>
  </form>
</div>
