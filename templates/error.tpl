{{%AUTOESCAPE context="HTML"}}
{{! error.tpl: the page of an HTTP error (400 403 404 405 413 415 500 503); its title and MESSAGE come from messages.cc. It needs no database. The web server's own pages (build/static/NNN.html) are made from it too, by tools/error-pages.cc. }}
<p class="lead" data-status="{{STATUS}}">{{MESSAGE}}</p>
{{#RETRY_LATER}}<p>ご不便をおかけして申し訳ありません。{{#INSURER}}何度お試しいただいても解決しない場合は、{{INSURER_NAME}}にお問い合わせください。{{/INSURER}}</p>{{/RETRY_LATER}}
<p class="actions"><a class="button primary" href="/login">ログイン画面へ</a></p>
