{{%AUTOESCAPE context="HTML"}}
<p class="lead" role="status">{{MESSAGE}}</p>
<p class="actions"><a class="button primary" href="{{LINK}}">{{LINK_TEXT}}</a></p>
