{{%AUTOESCAPE context="HTML"}}
<p class="notice" role="status">認証アプリを設定しました。これからは、ログインのときに認証アプリの確認コードを入力してください。「二段階認証の設定変更のお知らせ」を登録メールアドレスにお送りしました。</p>
<p class="lead">スマートフォンをなくしたときなど、認証アプリを使えないときは、確認コードの代わりに次のリカバリーコードでログインできます。コードは{{COUNT}}個あり、それぞれ1回だけ使えます。</p>
<p class="warning"><strong>リカバリーコードが表示されるのは今回だけです。</strong>紙に書き写すか印刷して、ほかの人に見られない場所に保管してください。</p>
<ol class="recovery-codes" translate="no">
  {{#CODE}}<li><code>{{VALUE}}</code></li>{{/CODE}}
</ol>
<p class="actions"><a class="button primary" href="/settings">書き写しました(登録情報の変更へ)</a></p>
<p class="actions"><a href="/menu">メインメニュー</a></p>
